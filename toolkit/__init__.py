"""toolkit: Arabic-first discourse analysis of official communiqués.

Submodules are imported on first use, so ``import toolkit`` stays cheap.

>>> import toolkit
>>> callable(toolkit.read_corpus), callable(toolkit.count_frames), callable(toolkit.kwic)
(True, True, True)
>>> callable(toolkit.frame_trends), callable(toolkit.make_communiques), callable(toolkit.save_figure)
(True, True, True)
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("khitab")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

_LAZY = {"Corpus": "toolkit.corpus.corpus", "read_corpus": "toolkit.corpus.readers",
         "count_frames": "toolkit.frames.counting", "kwic": "toolkit.frames.concordance",
         "load_dictionary": "toolkit.frames.dictionary", "trend": "toolkit.compare.trend",
         "frame_trends": "toolkit.compare.trend", "compare_periods": "toolkit.compare.difference",
         "make_communiques": "toolkit.datasets", "save_figure": "toolkit.plot.save",
         "run_analysis": "toolkit.pipeline.run"}

__all__ = ["Corpus", "compare_periods", "count_frames", "frame_trends", "kwic", "load_dictionary",
           "make_communiques", "read_corpus", "run_analysis", "save_figure", "trend", "__version__"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
