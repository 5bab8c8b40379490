"""Frame dictionaries, matching, counting, keyword in context and validation.

Submodules load on first use::

    toolkit.frames.Dictionary, Entry, Category, load_dictionary   (dictionary.py)
    toolkit.frames.read_dictionary, write_dictionary               (formats.py)
    toolkit.frames.Matcher                                         (matcher.py)
    toolkit.frames.count_frames, frame_hits, assign                (counting.py)
    toolkit.frames.kwic, kwic_to_html                              (concordance.py)
    toolkit.frames.read_gold, validate                             (validation.py)

>>> import toolkit.frames as frames
>>> frames.Matcher.__name__
'Matcher'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "Dictionary": "dictionary", "Entry": "dictionary", "Category": "dictionary", "load_dictionary": "dictionary",
    "builtin_dictionaries": "dictionary",
    "read_dictionary": "formats", "write_dictionary": "formats",
    "Matcher": "matcher", "Hit": "matcher", "UnitMatch": "matcher",
    "count_frames": "counting", "frame_hits": "counting", "assign": "counting",
    "kwic": "concordance", "kwic_to_html": "concordance",
    "read_gold": "validation", "validate": "validation", "ValidationReport": "validation",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"toolkit.frames.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'toolkit.frames' has no attribute {name!r}")
