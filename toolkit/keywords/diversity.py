"""Lexical diversity of each document: TTR, MATTR, Yule's K, Maas' a², MTLD.

For a document of ``N`` tokens (the preprocessor's tokens) and ``V`` types, with ``V_i`` the
number of types that occur exactly ``i`` times:

* ``ttr``: ``V / N`` (type-token ratio), in (0, 1].
* ``mattr``: moving-average TTR (Covington & McFall 2010): the mean TTR of the ``N - W + 1``
  windows of ``W`` consecutive tokens (``window``, default 50). NaN when ``N < W`` (the
  measure is undefined; quanteda instead shrinks the window to ``N``).
* ``yule_k``: Yule's characteristic K (Yule 1944), in the form
  ``K = 10^4 * (sum_i i^2 V_i - N) / N^2`` (Tweedie & Baayen 1998, eq. 13; quanteda's "K"):
  0 when every token is a different type; higher is *less* diverse.
* ``maas``: Maas' ``a^2 = (ln N - ln V) / (ln N)^2`` (Maas 1972), natural logarithms. The value
  depends on the base: with base-``b`` logarithms it is ``a^2 * ln b``; quanteda's ``"Maas"``
  is ``a = sqrt(a^2 * ln 10)`` (``log.base = 10``). Lower is more diverse; NaN for ``N = 1``.
* ``mtld``: measure of textual lexical diversity (McCarthy & Jarvis 2010), bidirectional. Going
  through the tokens, the TTR of the current stretch is updated after each token; when it
  falls to ``threshold`` (0.72) or below, one *factor* is counted and a new stretch starts.
  The stretch left at the end adds a partial factor ``(1 - TTR) / (1 - threshold)``. MTLD of
  one direction is ``N / factors``; the result is the mean of the forward and the backward
  (reversed tokens) values. NaN when no factor (not even a partial one) is counted, i.e. no
  type repeats.

Documents without tokens get NaN (and ``n_tokens`` 0).

References
----------
Covington, M. A., & McFall, J. D. (2010). Cutting the Gordian knot: The moving-average
type-token ratio (MATTR). *Journal of Quantitative Linguistics*, 17(2), 94-100.
Maas, H.-D. (1972). Über den Zusammenhang zwischen Wortschatzumfang und Länge eines Textes.
*Zeitschrift für Literaturwissenschaft und Linguistik*, 2(8), 73-96.
McCarthy, P. M., & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
sophisticated approaches to lexical diversity assessment. *Behavior Research Methods*, 42(2),
381-392.
Tweedie, F. J., & Baayen, R. H. (1998). How variable may a constant be? Measures of lexical
richness in perspective. *Computers and the Humanities*, 32(5), 323-352.
Yule, G. U. (1944). *The Statistical Study of Literary Vocabulary*. Cambridge University Press.

Examples
--------
"one one two one one two one": ``N = 7``, ``V = 2``; "one" occurs 5 times and "two" twice, so
``K = 10^4 * (25 + 4 - 7) / 49`` and ``a^2 = (ln 7 - ln 2) / (ln 7)^2``; with ``window=2`` the
six windows have TTR 1/2, 1, 1, 1/2, 1, 1 (quanteda's test). MTLD: forward, TTR falls to 1/2
at token 2 and to 2/3 at token 5 (two factors), the last two tokens have TTR 1 (no partial
factor): 7 / 2; backward likewise.

>>> lexical_diversity([["one", "one", "two", "one", "one", "two", "one"]], window=2).round(4)
  doc_id  n_tokens  n_types     ttr   mattr     yule_k    maas  mtld
0      0         7        2  0.2857  0.8333  4489.7959  0.3308   3.5
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.errors import invalid_value_message
from toolkit.keywords._tokens import check_preprocessor, tokenize
from toolkit.text.preprocess import Preprocessor

__all__ = ["DIVERSITY_MEASURES", "lexical_diversity", "mtld"]

logger = logging.getLogger(__name__)

Measure = Literal["ttr", "mattr", "yule_k", "maas", "mtld"]
#: The measures :func:`lexical_diversity` computes.
DIVERSITY_MEASURES: tuple[str, ...] = ("ttr", "mattr", "yule_k", "maas", "mtld")


def _mtld_one_way(ids: Sequence[int], threshold: float) -> float:
    factors = 0.0
    stamp: dict[int, int] = {}
    stretch, types, count = 1, 0, 0
    for t in ids:
        count += 1
        if stamp.get(t) != stretch:
            stamp[t] = stretch
            types += 1
        if types / count <= threshold:
            factors += 1.0
            stretch += 1
            types = count = 0
    if count:
        factors += (1.0 - types / count) / (1.0 - threshold)
    return len(ids) / factors if factors > 0 else math.nan


def mtld(tokens: Sequence[Any], *, threshold: float = 0.72) -> float:
    """MTLD of one token sequence (McCarthy & Jarvis 2010), mean of the forward and backward passes.

    Parameters
    ----------
    tokens : sequence
        The tokens (any hashable values).
    threshold : float, default 0.72
        TTR at which a factor is complete, in (0, 1).

    Returns
    -------
    float
        NaN for an empty sequence or one in which no type repeats.

    Examples
    --------
    Forward, "a b a b" reaches TTR 2/4 = 0.5 <= 0.72 at the 4th token (one factor); "c" is left,
    TTR 1, a partial factor of 0. Backward the same. MTLD = 5 / 1:

    >>> mtld(["a", "b", "a", "b", "c"])
    5.0
    """
    _check_threshold(threshold)
    codes: dict[Any, int] = {}
    ids = [codes.setdefault(t, len(codes)) for t in tokens]
    if not ids:
        return math.nan
    return (_mtld_one_way(ids, threshold) + _mtld_one_way(ids[::-1], threshold)) / 2.0


def _check_threshold(threshold: Any) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise ValueError(f"threshold must be a number between 0 and 1 (exclusive), got {threshold!r}")


def _mattr(ids: np.ndarray, bounds: np.ndarray, window: int) -> np.ndarray:
    """MATTR of every document, vectorised: each token counts in the windows where it is its type's first."""
    n_docs = bounds.size - 1
    lengths = np.diff(bounds)
    out = np.full(n_docs, np.nan)
    if not ids.size:
        return out
    start = np.repeat(bounds[:-1], lengths)
    end = np.repeat(bounds[1:], lengths)
    order = np.argsort(ids, kind="stable")
    prev = np.full(ids.size, -1, dtype=np.int64)
    same = ids[order[1:]] == ids[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    prev = np.maximum(prev, start - 1)
    pos = np.arange(ids.size)
    lo = np.maximum(prev + 1, pos - window + 1)
    hi = np.minimum(pos, end - window)
    firsts = np.maximum(hi - lo + 1, 0)
    doc = np.repeat(np.arange(n_docs), lengths)
    totals = np.bincount(doc, weights=firsts, minlength=n_docs)
    ok = lengths >= window
    out[ok] = totals[ok] / (window * (lengths[ok] - window + 1))
    return out


def lexical_diversity(corpus_or_tokens: Any, *, measures: Sequence[Measure] = DIVERSITY_MEASURES,
                      window: int = 50, threshold: float = 0.72, preprocessor: Preprocessor | None = None,
                      lang: str | None = None) -> pd.DataFrame:
    """TTR, MATTR, Yule's K, Maas' a² and MTLD of every document.

    The definitions (and which variant of each) are in the module docstring
    (:mod:`toolkit.keywords.diversity`).

    Parameters
    ----------
    corpus_or_tokens : Corpus, list, dict or pandas.Series
        Texts or token lists, as :func:`toolkit.keywords.collocations.collocations` accepts.
    measures : sequence of str
        From "ttr", "mattr", "yule_k", "maas", "mtld".
    window : int, default 50
        MATTR window, in tokens.
    threshold : float, default 0.72
        MTLD factor threshold.
    preprocessor : Preprocessor, optional
        How texts become tokens (default ``Preprocessor()``: lower-cased words, Arabic clitic
        chains split; numbers and punctuation are not tokens).
    lang : str, optional
        Language of documents without a ``lang`` docvar.

    Returns
    -------
    pandas.DataFrame
        One row per document, in corpus order: ``doc_id``, ``n_tokens``, ``n_types`` and one
        column per measure. ``attrs`` records the parameters and the preprocessor's fingerprint.

    Raises
    ------
    ValueError
        For an unknown measure, ``window < 1`` or a threshold outside (0, 1).

    Examples
    --------
    >>> lexical_diversity(["Le terrorisme menace la paix; la paix recule."], measures=("ttr", "yule_k"),
    ...                   lang="fr").round(3)
      doc_id  n_tokens  n_types   ttr  yule_k
    0      0         8        6  0.75   625.0
    """
    if isinstance(measures, str):
        measures = (measures,)
    measures = tuple(measures)
    for m in measures:
        if m not in DIVERSITY_MEASURES:
            raise ValueError(invalid_value_message("measures", m, DIVERSITY_MEASURES))
    if not measures:
        raise ValueError(f"measures is empty; choose from {list(DIVERSITY_MEASURES)}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be an integer >= 1, got {window!r}")
    _check_threshold(threshold)
    pre = check_preprocessor(preprocessor)
    tokens = tokenize(corpus_or_tokens, preprocessor=pre, lang=lang)
    n_docs = len(tokens.doc_ids)
    m = sparse.csr_matrix((np.ones(tokens.ids.size, dtype=np.int64), tokens.ids, tokens.doc_bounds),
                          shape=(n_docs, tokens.vocab.size), copy=True)
    m.sum_duplicates()
    n = np.diff(tokens.doc_bounds).astype(float)
    v = np.diff(m.indptr).astype(float)
    squares = np.asarray(m.multiply(m).sum(axis=1)).ravel().astype(float)
    data: dict[str, Any] = {"doc_id": pd.Series(tokens.doc_ids, dtype="str"),
                            "n_tokens": n.astype(np.int64), "n_types": v.astype(np.int64)}
    with np.errstate(divide="ignore", invalid="ignore"):
        for name in measures:
            if name == "ttr":
                data[name] = np.where(n > 0, v / n, np.nan)
            elif name == "yule_k":
                data[name] = np.where(n > 0, 1e4 * (squares - n) / n ** 2, np.nan)
            elif name == "maas":
                data[name] = np.where(n > 1, (np.log(n) - np.log(v)) / np.log(n) ** 2, np.nan)
            elif name == "mattr":
                data[name] = _mattr(tokens.ids, tokens.doc_bounds, window)
            elif name == "mtld":
                data[name] = np.array([mtld(tokens.doc_tokens(d).tolist(), threshold=threshold)
                                       for d in range(n_docs)], dtype=float)
    table = pd.DataFrame(data)
    table.attrs.update({"measures": list(measures), "window": window, "threshold": threshold,
                        "preprocessor": None if tokens.pretokenized else pre.fingerprint})
    return table
