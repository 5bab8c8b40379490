"""Language-aware text processing: normalisation, tokenisation (Arabic clitics, French elision),
stemming, stop words, and the frozen :class:`Preprocessor` every downstream result records.

Names are imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "normalize": "toolkit.text.normalization",
    "tokenize": "toolkit.text.tokenization",
    "iter_token_spans": "toolkit.text.tokenization",
    "segment": "toolkit.text.clitics",
    "strip_clitics": "toolkit.text.clitics",
    "stop_words": "toolkit.text.stopwords",
    "stemmer": "toolkit.text.stem",
    "Preprocessor": "toolkit.text.preprocess",
    "NormalizeOptions": "toolkit.text.preprocess",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'toolkit.text' has no attribute {name!r}")
