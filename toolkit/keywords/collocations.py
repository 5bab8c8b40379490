"""Collocates of a node word: what is counted, and seven association measures on it.

A collocation analysis counts how often each word (the *collocate*) occurs near a *node* and
compares that count ``O`` with the count ``E`` expected if the words were unrelated. This module
counts in one of two ways, following Evert's (2008) distinction, and says exactly what goes in
the 2x2 contingency table of every collocate.

Tokens
------
Texts become tokens through a :class:`toolkit.text.Preprocessor` (default ``Preprocessor()``:
normalised, lower-cased, Arabic proclitic chains that end in the article split, so والإرهاب,
بالإرهاب and الإرهاب are all ``الارهاب``; numbers and punctuation are not tokens). Windows and
``N`` count these tokens only: a window bridges a dropped number, or a stop word when the
preprocessor removes stop words. Nothing else is filtered: there is no hidden stop-word list;
``stop_words=`` removes collocates from the *result* (they still occupy window positions). Lists
of tokens can be passed instead of texts; they are used as they are.

The node is a word, or a glob (``terror*``, ``إرهاب*``), matched as :func:`toolkit.kwic` matches
(:mod:`toolkit.frames.matcher`, rule 2): a word is processed by the preprocessor, then compared
with every token form folded (case, ة/ه, ى/ي, Latin accents) and, for Arabic tokens, with the
stems left after a proclitic chain, so ``إرهاب`` finds الارهاب (from والإرهاب, بالإرهاب ...);
``=word`` compares the whole token only. All matching forms are pooled into one node
(``attrs["node_forms"]`` lists them).

``unit="window"``: surface co-occurrence (Evert 2008, sect. 3.1)
    The window of a node token at position ``i`` is positions ``i-L .. i-1`` and ``i+1 .. i+R``
    (``span=(L, R)``; ``window=k`` means ``(k, k)``), cut at the document edges, or at sentence
    or paragraph edges with ``boundary="sentence"``/``"paragraph"`` (windows never cross
    documents; by default they do cross sentences).

    * ``observed`` ``O``: the number of (node token, collocate token) pairs with the collocate in
      the node's window. Every pair counts, so a collocate token near two node tokens counts
      twice, and counts are symmetric: ``O(a -> b)`` with span ``(L, R)`` equals ``O(b -> a)``
      with span ``(R, L)``. ``left`` and ``right`` split ``O`` by side.
    * ``R1`` (``attrs["window_positions"]``): the number of window positions, i.e. the sum over
      node tokens of the window positions that exist; with ``span_size="nominal"``,
      ``(L + R) * node_freq``.
    * ``collocate_freq`` ``C1``: the collocate's frequency in the corpus; ``node_freq``: the
      node's; ``n`` ``N``: the number of tokens in the corpus.
    * ``expected`` ``E = R1 * C1 / N``: the number of collocate tokens expected in the ``R1``
      window positions if the ``C1`` tokens were scattered at random over the ``N`` positions.
      With ``span_size="nominal"`` this is Evert's ``E = k f1 f2 / N`` (``k = L + R``), as used by
      NLTK's ``BigramCollocationFinder`` and R's ``corpora::am.score(span.size = k)``; the
      default ``"actual"`` does not count positions cut off by a boundary.
    * The table: ``O11 = O``, ``O12 = R1 - O``, ``O21 = C1 - O``, ``O22 = N - R1 - C1 + O``.
      When a collocate's tokens fall in the windows of several node tokens, ``O`` may exceed
      ``C1`` and ``O21`` is negative: there is then no valid table, and G2 and chi2 are NaN.
      The node's own forms are collocates too (another node token in the window).

``unit="sentence"``, ``"paragraph"`` or ``"document"``: textual co-occurrence (Evert 2008, 3.2)
    Units (cut as :meth:`toolkit.corpus.Corpus.to_units` cuts them; units without tokens are
    ignored) are the sample: ``O`` = units holding the node and the collocate, ``node_freq`` =
    ``R1`` = units holding the node, ``collocate_freq`` = ``C1`` = units holding the collocate,
    ``n`` = ``N`` = units; ``E = R1 C1 / N``. The node's own forms are not collocates.

Measures
--------
With ``f_x`` = ``node_freq`` and ``f_y`` = ``collocate_freq`` (tokens for windows, units
otherwise); logarithms base 2 except in G2 (natural):

=========  =====================================================  ==============================
pmi        ``log2(O / E)``                                        Church & Hanks (1990)
g2         ``2 * sum_ij O_ij ln(O_ij / E_ij)``, ``0 ln 0 = 0``    Dunning (1993)
t          ``(O - E) / sqrt(O)``                                  Church et al. (1991)
chi2       ``N (O11 O22 - O12 O21)^2 / (R1 R2 C1 C2)`` (Pearson,  Evert (2008); no correction
           no continuity correction)
dice       ``2 O / (f_x + f_y)``                                  Dice (1945); Smadja et al. (1996)
logdice    ``14 + log2(2 O / (f_x + f_y))``                       Rychlý (2008)
mi3        ``log2(O^3 / E)``                                      Oakes (1998), after Daille (1994)
=========  =====================================================  ==============================

``E_ij = R_i C_j / N``. G2 is evaluated as ``2 * sum_ij E_ij phi((O_ij - E_ij) / E_ij)`` with
``phi(u) = (1 + u) ln(1 + u) - u``, the same number (the four ``O_ij - E_ij`` sum to 0) without
the cancellation that ruins the textbook sum when ``O`` is close to ``E`` in a large corpus;
chi2 uses ``O11 O22 - O12 O21 = N O11 - R1 C1``. G2 and chi2 are two-sided (high for repulsion, ``O < E``, as well):
compare ``observed`` with ``expected`` for the direction. logDice's maximum 14 holds when
``O <= min(f_x, f_y)``; a window of several positions can exceed it.

How this relates to NLTK's ``BigramAssocMeasures`` (``score_fn(n_ii, (n_ix, n_xi), n_xx)``):
given ``n_ii = O``, ``n_ix = R1``, ``n_xi = C1``, ``n_xx = N``, NLTK's ``pmi``,
``likelihood_ratio``, ``chi_sq`` and ``student_t`` are the formulas above (NLTK adds 1e-20
inside logarithms and square roots, and its G2 loses its digits when ``O`` is close to ``E`` in
a large table: ours stays exact there), and its ``dice`` (``2 n_ii / (n_ix + n_xi)``) is ours when
``R1 = f_x``. With ``span=(0, 1)`` (``BigramCollocationFinder``, ``window_size=2``) and
``span_size="nominal"``, ``R1 = f_x`` and every score is NLTK's. For ``window_size = w > 2`` NLTK
divides the pair count by ``w - 1`` and keeps ``n_ix = f_x``: its PMI equals ours with
``span=(0, w - 1)``, its t-score is ours divided by ``sqrt(w - 1)``, and its G2, chi2 and Dice
are computed on another table.

References
----------
Church, K. W., & Hanks, P. (1990). Word association norms, mutual information, and lexicography.
*Computational Linguistics*, 16(1), 22-29.
Church, K., Gale, W., Hanks, P., & Hindle, D. (1991). Using statistics in lexical analysis. In
U. Zernik (Ed.), *Lexical Acquisition* (pp. 115-164). Erlbaum.
Daille, B. (1994). *Approche mixte pour l'extraction automatique de terminologie*. PhD thesis,
Université Paris 7.
Dice, L. R. (1945). Measures of the amount of ecologic association between species. *Ecology*,
26(3), 297-302.
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics*, 19(1), 61-74.
Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (Eds.), *Corpus
Linguistics. An International Handbook* (article 58). Mouton de Gruyter.
Oakes, M. P. (1998). *Statistics for Corpus Linguistics*. Edinburgh University Press.
Rychlý, P. (2008). A lexicographer-friendly association score. *Proceedings of RASLAN 2008*,
6-9.
Smadja, F., McKeown, K. R., & Hatzivassiloglou, V. (1996). Translating collocations for
bilingual lexicons. *Computational Linguistics*, 22(1), 1-38.

Examples
--------
>>> tokens = [["the", "war", "on", "terror", "and", "the", "war", "on", "drugs"]]
>>> table = collocations(tokens, "war", window=1, min_count=1)
>>> table[["collocate", "observed", "expected", "left", "right"]]
  collocate  observed  expected  left  right
0        on         2  0.888889     0      2
1       the         2  0.888889     2      0
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.errors import invalid_value_message
from toolkit.keywords._tokens import (
    Boundary,
    Tokens,
    check_preprocessor,
    pattern_mask,
    stop_set,
    tokenize,
)
from toolkit.text.preprocess import Preprocessor

__all__ = ["COLLOCATION_MEASURES", "association", "collocations"]

logger = logging.getLogger(__name__)

Unit = Literal["window", "sentence", "paragraph", "document"]
Measure = Literal["pmi", "g2", "t", "chi2", "dice", "logdice", "mi3"]

#: The association measures :func:`collocations` computes, in its default order.
COLLOCATION_MEASURES: tuple[str, ...] = ("pmi", "g2", "t", "chi2", "dice", "logdice", "mi3")
_UNITS = ("window", "sentence", "paragraph", "document")
_BOUNDARIES = ("document", "sentence", "paragraph")
_SPAN_SIZES = ("actual", "nominal")
_COUNT_COLUMNS = ("observed", "expected", "node_freq", "collocate_freq", "n")


# ---------------------------------------------------------------------- measures
def association(observed: Any, r1: Any, c1: Any, n: Any, *, fx: Any = None, fy: Any = None,
                measures: Sequence[str] = COLLOCATION_MEASURES) -> dict[str, np.ndarray]:
    """The association measures of 2x2 tables given by ``O11``, the marginals ``R1``, ``C1`` and ``N``.

    Vectorised over arrays of tables; see the module docstring for the formulas. ``fx`` and
    ``fy`` (default ``r1`` and ``c1``) are the word frequencies used by ``dice`` and
    ``logdice``. Tables with a negative cell get NaN for ``g2`` and ``chi2``.

    Parameters
    ----------
    observed, r1, c1, n : array-like
        ``O11``, row total ``R1 = O11 + O12``, column total ``C1 = O11 + O21``, table total ``N``.
    fx, fy : array-like, optional
        Frequencies of the two words for Dice and logDice.
    measures : sequence of str
        Names from :data:`COLLOCATION_MEASURES`.

    Returns
    -------
    dict of str to numpy.ndarray
        ``"expected"`` and one array per measure.

    Examples
    --------
    Two adjacent words seen together 2 times, 4 and 3 times in all, in 20 tokens:
    ``E = 4 * 3 / 20 = 0.6``, ``PMI = log2(2 / 0.6) = 1.737``, ``t = (2 - 0.6) / sqrt(2) = 0.990``,
    ``Dice = 4 / 7``:

    >>> out = association(2, 4, 3, 20, measures=("pmi", "t", "dice", "logdice", "mi3"))
    >>> {k: round(float(v), 4) for k, v in out.items()}
    {'expected': 0.6, 'pmi': 1.737, 't': 0.9899, 'dice': 0.5714, 'logdice': 13.1926, 'mi3': 3.737}
    """
    o11 = np.asarray(observed, dtype=float)
    r1 = np.asarray(r1, dtype=float)
    c1 = np.asarray(c1, dtype=float)
    n = np.asarray(n, dtype=float)
    fx = r1 if fx is None else np.asarray(fx, dtype=float)
    fy = c1 if fy is None else np.asarray(fy, dtype=float)
    _check_measures(measures)
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        e11 = r1 * c1 / n
        out["expected"] = e11
        o12, o21 = r1 - o11, c1 - o11
        o22 = n - r1 - c1 + o11
        valid = (o11 >= 0) & (o12 >= 0) & (o21 >= 0) & (o22 >= 0)
        for m in measures:
            if m == "pmi":
                out[m] = np.log2(o11 / e11)
            elif m == "t":
                out[m] = (o11 - e11) / np.sqrt(o11)
            elif m == "mi3":
                out[m] = np.log2(o11 ** 3 / e11)
            elif m in ("dice", "logdice"):
                dice = 2 * o11 / (fx + fy)
                out[m] = dice if m == "dice" else 14 + np.log2(dice)
            elif m == "chi2":
                # O11 O22 - O12 O21 = N O11 - R1 C1, exact in floating point for integer counts
                r2, c2 = n - r1, n - c1
                out[m] = np.where(valid, n * (n * o11 - r1 * c1) ** 2 / (r1 * r2 * c1 * c2), np.nan)
            elif m == "g2":
                out[m] = np.where(valid, _g2(o11, r1, c1, n), np.nan)
    return out


def _g2(o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``2 sum O ln(O/E)`` as ``2 sum E phi(d/E)``, ``phi(u) = (1+u) ln(1+u) - u >= 0``, without cancellation.

    The two forms are equal because the four ``d = O - E`` sum to 0 (``d11 = d22 = -d12 = -d21``).
    Every term is non-negative and ``phi`` is evaluated by its series near 0, so G2 keeps its
    relative precision when ``O`` is close to ``E`` in a large corpus, where the textbook sum loses
    all of its digits (NLTK's ``likelihood_ratio`` there is off by more than 100%).
    """
    d11 = (n * o11 - r1 * c1) / n
    total = np.zeros(np.broadcast(o11, r1, c1, n).shape)
    for e, d in ((r1 * c1 / n, d11), (r1 * (n - c1) / n, -d11), ((n - r1) * c1 / n, -d11),
                 ((n - r1) * (n - c1) / n, d11)):
        with np.errstate(divide="ignore", invalid="ignore"):
            total = total + np.where(e > 0, e * _phi(d / e), 0.0)
    return 2 * total


def _phi(u: np.ndarray) -> np.ndarray:
    """``(1 + u) ln(1 + u) - u`` for ``u >= -1``: the series ``sum_k>=2 (-u)^k / (k (k - 1))`` near 0."""
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < 0.1
    series = np.zeros_like(u)
    power = u * u
    for k in range(2, 18):
        series += (1 if k % 2 == 0 else -1) * power / (k * (k - 1))
        power = power * u
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = np.where(u > -1, (1 + u) * np.log1p(np.maximum(u, -1 + 1e-300)) - u, 1.0)
    return np.where(small, series, direct)


def _check_measures(measures: Sequence[str]) -> tuple[str, ...]:
    if isinstance(measures, str):
        measures = (measures,)
    measures = tuple(measures)
    if not measures:
        raise ValueError(f"measures is empty; choose from {list(COLLOCATION_MEASURES)}")
    for m in measures:
        if m not in COLLOCATION_MEASURES:
            raise ValueError(invalid_value_message("measures", m, COLLOCATION_MEASURES))
    if len(set(measures)) != len(measures):
        raise ValueError(f"measures lists a measure twice: {list(measures)}")
    return measures


# ---------------------------------------------------------------------- counting
def _window_counts(tokens: Tokens, bounds: np.ndarray, node_mask: np.ndarray, left: int,
                   right: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Left and right pair counts per vocabulary id, and the number of window positions."""
    size = tokens.vocab.size
    ids = tokens.ids
    pos = np.flatnonzero(node_mask[ids]) if ids.size else np.zeros(0, dtype=np.int64)
    seg = np.searchsorted(bounds, pos, side="right") - 1
    lo, hi = bounds[seg], bounds[seg + 1]
    counts = {"left": np.zeros(size, dtype=np.int64), "right": np.zeros(size, dtype=np.int64)}
    positions = 0
    for side, offsets in (("left", range(-left, 0)), ("right", range(1, right + 1))):
        for d in offsets:
            q = pos + d
            ok = (q >= lo) & (q < hi)
            counts[side] += np.bincount(ids[q[ok]], minlength=size)
            positions += int(ok.sum())
    return counts["left"], counts["right"], positions


def _unit_counts(tokens: Tokens, node_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Units holding each form together with the node, units holding each form, node units, units."""
    bounds = tokens.seg_bounds
    lengths = np.diff(bounds)
    m = sparse.csr_matrix((np.ones(tokens.ids.size, dtype=np.int64), tokens.ids, bounds),
                          shape=(lengths.size, tokens.vocab.size), copy=True)
    m.sum_duplicates()
    m.data[:] = 1
    has_node = np.asarray(m[:, np.flatnonzero(node_mask)].sum(axis=1)).ravel() > 0
    together = np.asarray(m[np.flatnonzero(has_node)].sum(axis=0)).ravel().astype(np.int64)
    units = np.asarray(m.sum(axis=0)).ravel().astype(np.int64)
    return together, units, int(has_node.sum()), int((lengths > 0).sum())


# ---------------------------------------------------------------------- public
def collocations(corpus_or_tokens: Any, node: str, *, window: int | None = None,
                 span: tuple[int, int] | None = None, unit: Unit = "window", boundary: Boundary = "document",
                 measures: Sequence[Measure] = COLLOCATION_MEASURES, min_count: int = 2, min_freq: int = 1,
                 min_node: int = 1, stop_words: bool | Iterable[str] | None = None,
                 span_size: Literal["actual", "nominal"] = "actual", sort_by: str | None = None,
                 preprocessor: Preprocessor | None = None, lang: str | None = None) -> pd.DataFrame:
    """Collocates of ``node``, with their counts, expected counts and association measures.

    What is counted (window positions, units, ``N``) and every formula are in the module
    docstring (:mod:`toolkit.keywords.collocations`).

    Parameters
    ----------
    corpus_or_tokens : Corpus, list, dict or pandas.Series
        A :class:`~toolkit.corpus.Corpus` (each document in its ``lang``), texts (a list, a
        Series indexed by doc id, a dict doc id -> text), or already tokenised documents (lists
        of str, in the same containers), used as they are.
    node : str
        A word, a glob (``terror*``) or an exact form (``=word``); Arabic proclitics are handled
        as in :func:`toolkit.kwic`.
    window : int, optional
        Tokens each side of the node (default 5). Give ``window`` or ``span``, not both.
    span : tuple (left, right), optional
        Tokens to the left and to the right, e.g. ``(0, 1)`` for the next word only.
    unit : {"window", "sentence", "paragraph", "document"}
        Count pairs in windows (surface co-occurrence), or units holding both words.
    boundary : {"document", "sentence", "paragraph"}
        Where windows are cut (``unit="window"`` only). Windows never cross documents.
    measures : sequence of str
        From :data:`COLLOCATION_MEASURES`: "pmi", "g2", "t", "chi2", "dice", "logdice", "mi3".
    min_count : int, default 2
        Keep collocates with ``observed >= min_count``.
    min_freq : int, default 1
        Keep collocates with ``collocate_freq >= min_freq``.
    min_node : int, default 1
        When the node occurs fewer times (tokens, or units), return an empty table.
    stop_words : bool or collection of str, optional
        Leave these collocates out of the table (True: the shipped list of each document's
        language, :func:`toolkit.text.stop_words`). They still count in windows and in ``N``.
    span_size : {"actual", "nominal"}
        ``R1`` as the window positions that exist, or ``(left + right) * node_freq`` (Evert's
        ``k f1``, NLTK's convention).
    sort_by : str, optional
        Column to sort by, descending (ties by collocate); default "g2" if computed, else the
        first measure.
    preprocessor : Preprocessor, optional
        How texts become tokens (default ``Preprocessor()``); ignored for token lists.
    lang : str, optional
        Language of documents without a ``lang`` docvar (all of them for texts in a list).

    Returns
    -------
    pandas.DataFrame
        One row per collocate: ``node`` (as given), ``collocate``, ``observed``, ``expected``,
        ``node_freq``, ``collocate_freq``, ``n``, ``left`` and ``right`` (windows only), then one
        column per measure. ``attrs`` records the parameters, ``node_forms`` (the matched forms
        and their frequencies), ``window_positions`` (``R1``), ``n_tokens``, ``n_units`` and the
        preprocessor's fingerprint.

    Raises
    ------
    ValueError
        For a bad option, a node that is a phrase or gives no token, or sentences asked of
        token lists.
    TypeError
        For an input of the wrong kind.

    Examples
    --------
    Arabic: the node finds the article and proclitic forms, which the preprocessor merges.

    >>> texts = ["ندين الإرهاب بشدة", "مكافحة والإرهاب بشدة", "مكافحة بالإرهاب واجبة"]
    >>> t = collocations(texts, "إرهاب", window=1, min_count=1, measures=("pmi", "logdice"))
    >>> t[["node", "collocate", "observed", "node_freq", "collocate_freq", "n"]]
        node collocate  observed  node_freq  collocate_freq  n
    0  إرهاب      بشدة         2          3               2  9
    1  إرهاب    مكافحة         2          3               2  9
    2  إرهاب      ندين         1          3               1  9
    3  إرهاب     واجبة         1          3               1  9
    >>> t.attrs["node_forms"]
    {'الارهاب': 3}

    Window of one word to the right. The last "a" has no right neighbour, so the node's 3
    tokens give ``R1 = 2`` window positions and ``E = R1 * C1 / N = 2 * 3 / 7``; with
    ``span_size="nominal"``, ``R1 = 1 * 3`` and ``E = 3 * 3 / 7``:

    >>> toks = [["a", "b", "a", "b", "c"], ["b", "a"]]
    >>> t = collocations(toks, "a", span=(0, 1), min_count=1, measures=("pmi",))
    >>> t[["collocate", "observed", "expected", "right"]].round(3)
      collocate  observed  expected  right
    0         b         2     0.857      2
    >>> t.attrs["window_positions"], t.attrs["n_tokens"]
    (2, 7)
    >>> collocations(toks, "a", span=(0, 1), min_count=1, span_size="nominal")["expected"].round(3).tolist()
    [1.286]
    """
    left, right = _check_span(window, span)
    if unit not in _UNITS:
        raise ValueError(invalid_value_message("unit", unit, _UNITS))
    if boundary not in _BOUNDARIES:
        raise ValueError(invalid_value_message("boundary", boundary, _BOUNDARIES))
    if unit != "window" and boundary != "document":
        raise ValueError("boundary cuts windows; with unit='sentence'/'paragraph'/'document' leave it 'document'")
    if span_size not in _SPAN_SIZES:
        raise ValueError(invalid_value_message("span_size", span_size, _SPAN_SIZES))
    measures = _check_measures(measures)
    for name, value in (("min_count", min_count), ("min_freq", min_freq), ("min_node", min_node)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    sort_by = ("g2" if "g2" in measures else measures[0]) if sort_by is None else sort_by
    allowed_sort = (*_COUNT_COLUMNS, *measures) + (("left", "right") if unit == "window" else ())
    if sort_by not in allowed_sort:
        raise ValueError(invalid_value_message("sort_by", sort_by, allowed_sort))
    pre = check_preprocessor(preprocessor)

    segment = boundary if unit == "window" else unit
    tokens = tokenize(corpus_or_tokens, preprocessor=pre, lang=lang, segment=segment)
    node_mask = pattern_mask(tokens, node, pre)
    freq = np.bincount(tokens.ids, minlength=tokens.vocab.size)
    node_forms = {str(tokens.vocab[j]): int(freq[j]) for j in np.flatnonzero(node_mask)}
    stops = stop_set(stop_words, tokens, pre)

    if unit == "window":
        left_counts, right_counts, positions = _window_counts(tokens, tokens.seg_bounds, node_mask, left, right)
        observed = left_counts + right_counts
        node_freq = int(freq[node_mask].sum())
        r1 = positions if span_size == "actual" else (left + right) * node_freq
        collocate_freq, n = freq, tokens.n_tokens
        keep = np.ones(tokens.vocab.size, dtype=bool)
    else:
        observed, collocate_freq, node_freq, n = _unit_counts(tokens, node_mask)
        r1 = node_freq
        keep = ~node_mask
    keep &= (observed >= min_count) & (collocate_freq >= min_freq)
    if stops:
        keep &= ~np.isin(tokens.vocab, list(stops))
    if not node_mask.any():
        logger.warning("node %r not found among %d token forms; check its spelling and the preprocessor",
                       node, tokens.vocab.size)
    elif node_freq < min_node:
        logger.warning("node %r occurs %d time(s) (< min_node=%d): no collocates", node, node_freq, min_node)
        keep[:] = False
    rows = np.flatnonzero(keep)
    scores = association(observed[rows], np.full(rows.size, r1), collocate_freq[rows], np.full(rows.size, n),
                         fx=np.full(rows.size, node_freq), fy=collocate_freq[rows], measures=measures)
    data: dict[str, Any] = {
        "node": pd.Series([node] * rows.size, dtype="str"),
        "collocate": pd.Series(tokens.vocab[rows].tolist(), dtype="str"),
        "observed": observed[rows].astype(np.int64),
        "expected": scores.pop("expected"),
        "node_freq": np.full(rows.size, node_freq, dtype=np.int64),
        "collocate_freq": collocate_freq[rows].astype(np.int64),
        "n": np.full(rows.size, n, dtype=np.int64),
    }
    if unit == "window":
        data["left"], data["right"] = left_counts[rows], right_counts[rows]
    data.update(scores)
    table = pd.DataFrame(data)
    invalid = int(np.isnan(table["g2"]).sum()) if "g2" in table else 0
    if invalid:
        logger.info("%d collocate(s) have more pairs than tokens (a negative cell): g2/chi2 are NaN", invalid)
    order = np.lexsort((table["collocate"].astype(str).to_numpy(), -np.nan_to_num(table[sort_by].to_numpy(float),
                                                                                   nan=-np.inf)))
    table = table.iloc[order].reset_index(drop=True)
    table.attrs.update({
        "node": node, "node_forms": node_forms, "unit": unit, "boundary": boundary if unit == "window" else None,
        "span": (left, right) if unit == "window" else None, "span_size": span_size if unit == "window" else None,
        "window_positions": int(r1) if unit == "window" else None, "measures": list(measures),
        "min_count": min_count, "min_freq": min_freq, "min_node": min_node,
        "stop_words": sorted(stops) if stops else None, "sort_by": sort_by,
        "n_tokens": tokens.n_tokens, "n_units": int(n) if unit != "window" else None,
        "preprocessor": None if tokens.pretokenized else pre.fingerprint,
    })
    return table


def _check_span(window: Any, span: Any) -> tuple[int, int]:
    if window is not None and span is not None:
        raise ValueError("give window=k (k tokens each side) or span=(left, right), not both")
    if span is None:
        k = 5 if window is None else window
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"window must be an integer >= 1, got {k!r}")
        return k, k
    ok = isinstance(span, (tuple, list)) and len(span) == 2 and all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in span)
    if not ok or sum(span) < 1:
        raise ValueError(f"span must be (left, right), two integers >= 0 with left + right >= 1; got {span!r}")
    return int(span[0]), int(span[1])
