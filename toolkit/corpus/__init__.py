"""Corpora: the :class:`Corpus` object, readers for files, folders, archives and known layouts.

Names are imported on first use.

>>> from toolkit.corpus import Corpus, read_corpus
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "Corpus": "toolkit.corpus.corpus",
    "STANDARD_DOCVARS": "toolkit.corpus.corpus",
    "CorpusSummary": "toolkit.corpus.summary",
    "read_corpus": "toolkit.corpus.readers",
    "read_records": "toolkit.corpus.readers",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'toolkit.corpus' has no attribute {name!r}")
