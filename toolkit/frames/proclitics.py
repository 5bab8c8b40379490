"""Arabic proclitic chains: the stems a token may match through, and the written forms of a word.

Rule 2 of :mod:`toolkit.frames.matcher`: an Arabic token also matches through the stem left after
a proclitic chain (conjunction و/ف, preposition ب/ك/ل, article ال, in that order), when at least
two letters remain. :func:`proclitic_stems` strips chains from a token; :func:`_clitic_forms`
is its inverse, used to compile a dictionary word into every form it may be written in.
"""

from __future__ import annotations

import re
from itertools import product

__all__ = ["proclitic_stems"]

_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")


def _chains() -> dict[str, bool]:
    """Proclitic chains (normalised, alef-unified spelling) and whether each ends in the article."""
    out: dict[str, bool] = {}
    for conj, prep, art in product(("", "و", "ف"), ("", "ب", "ك", "ل"), ("", "ال")):
        chain = conj + prep + art
        if not chain:
            continue
        if prep == "ل" and art:
            chain = conj + "لل"  # ل + ال is written لل
        out[chain] = bool(art)
    return out


_CHAINS: dict[str, bool] = _chains()
_MAX_CHAIN = max(map(len, _CHAINS))


def proclitic_stems(form: str, *, include_self: bool = False) -> list[str]:
    """The forms an Arabic token may match through, besides itself (rule 2 of :mod:`toolkit.frames.matcher`).

    >>> proclitic_stems("بالارهاب")
    ['الارهاب', 'ارهاب']
    >>> proclitic_stems("للارهاب")
    ['لارهاب', 'ارهاب', 'الارهاب']
    """
    out = [form] if include_self else []
    for k in range(1, min(_MAX_CHAIN, len(form) - 2) + 1):
        article = _CHAINS.get(form[:k])
        if article is None:
            continue
        stem = form[k:]
        for candidate in ((stem, "ال" + stem) if article else (stem,)):
            if candidate != form and candidate not in out:
                out.append(candidate)
    return out


def _clitic_forms(word: str) -> list[tuple[str, int, bool]]:
    """The written forms of an Arabic word (or glob prefix) behind each proclitic chain.

    Returns ``(form, letters to strip, add the article back)``: the inverse of
    :func:`proclitic_stems`, so that ``word`` is found in a token through one lookup.

    >>> [f for f, _, _ in _clitic_forms("الارهاب") if f.startswith("ل")]
    ['لالارهاب', 'للالارهاب', 'للارهاب']
    """
    if len(word) < 2 or not _ARABIC_LETTER.match(word):
        return []
    out = []
    for chain, article in _CHAINS.items():
        out.append((chain + word, len(chain), False))
        if article and word.startswith("ال") and len(word) >= 4:
            out.append((chain + word[2:], len(chain), True))
    return out
