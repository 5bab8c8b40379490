"""Topic coherence computed exactly as gensim's ``CoherenceModel`` computes it, without gensim.

Four measures from the framework of Röder, Both & Hinneburg (2015), each a pipeline of
segmentation, probability estimation, confirmation and aggregation (the arithmetic mean of the
per-topic values gives the model's score):

========  ==============  =====================================  ==================================
measure   segmentation    probabilities from                     confirmation of a pair (W', W*)
========  ==============  =====================================  ==================================
u_mass    one-preceding   documents (boolean document)           log((P(W', W*) + e) / P(W*))
c_uci     one-one         sliding windows of 10 tokens           log((P(W', W*) + e) / (P(W') P(W*)))
c_npmi    one-one         sliding windows of 10 tokens           PMI / -log(P(W', W*) + e)
c_v       one-set         sliding windows of 110 tokens          cosine of NPMI context vectors
========  ==============  =====================================  ==================================

with e = 1e-12. One-preceding pairs each word with every word ranked above it (W' = w_i,
W* = w_j, j < i); one-one takes every ordered pair of different positions; one-set pairs each
word with the whole topic. For ``c_v`` every word w gets the context vector
``v(w)_j = NPMI(w, w_j)`` over the topic's words and the topic gets the sum of its words'
vectors; a word's score is the cosine between its vector and the topic's. A topic's coherence
is the mean over its pairs; a one-word topic has no one-preceding or one-one pair, hence NaN.

Probabilities are counts over "documents": the texts for ``u_mass``; for the sliding-window
measures the virtual documents made by sliding a window of ``window_size`` tokens one token at
a time over each text (a text shorter than the window, or empty, is one virtual document).
P(w) is the share of documents containing w, P(w, w') the share containing both.

Exactly as gensim 4.4 (``windows="gensim"``, the default), which departs from that definition
in one place: when the window slides, gensim marks the token that leaves the window as absent
even if the same word also occurs elsewhere in the window (``_slide_window`` in
``gensim.topic_coherence.text_analysis``), so a word repeated within ``window_size`` tokens is
counted in fewer windows than it occurs in. ``windows="exact"`` counts a word in every window
that contains it (the definition above); on long real texts the two differ a little.

Words are handled as gensim's ``CoherenceModel(topics=..., dictionary=...)`` handles them: a
topic word missing from the vocabulary is dropped from its topic before ``top_n`` truncation
(:attr:`CoherenceResult.missing` lists them); a topic left without words is an error. The
vocabulary is every token of the texts (as ``Dictionary(texts)``) unless ``dictionary`` is given.
With an explicit ``dictionary`` that contains words the texts never use, the arithmetic is
gensim's too: for ``u_mass`` a pair conditioned on such a word scores 0 and one whose other
word is such a word scores log(e / P(W*)); the sliding-window measures give inf (``c_uci``,
``c_npmi``) or NaN (``c_v``). Leave ``dictionary=None`` to avoid that.

Counting is vectorised: every occurrence of a topic word becomes the interval of windows that
hold it, and co-occurrence counts are overlaps of intervals, so the cost grows with the number
of occurrences of topic words, not with the number of windows times the window size.

References
----------
Röder, M., Both, A., & Hinneburg, A. (2015). Exploring the space of topic coherence measures.
WSDM '15, 399-408.
Mimno, D., Wallach, H., Talley, E., Leenders, M., & McCallum, A. (2011). Optimizing semantic
coherence in topic models. EMNLP 2011, 262-272 (u_mass).
Newman, D., Lau, J. H., Grieser, K., & Baldwin, T. (2010). Automatic evaluation of topic
coherence. NAACL HLT 2010, 100-108 (c_uci).
Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
GSCL 2009, 31-40; Aletras, N., & Stevenson, M. (2013). Evaluating topic coherence using
distributional semantics. IWCS 2013, 13-22 (c_npmi).

Examples
--------
>>> texts = [["war", "terror", "peace"], ["terror", "attack", "war"], ["peace", "treaty"]]
>>> result = coherence([["war", "terror"], ["peace", "treaty"]], texts, measure="u_mass")
>>> result.scores.round(4).tolist()
[0.0, -0.6931]
>>> round(result.mean, 4)
-0.3466
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.errors import invalid_value_message

__all__ = ["EPSILON", "WINDOW_SIZES", "CoherenceResult", "coherence"]

logger = logging.getLogger(__name__)

Measure = Literal["u_mass", "c_v", "c_uci", "c_npmi"]
Windows = Literal["gensim", "exact"]

EPSILON = 1e-12  #: added to joint probabilities before taking logs, as gensim does
#: gensim's default window sizes (u_mass counts whole documents)
WINDOW_SIZES: dict[str, int | None] = {"u_mass": None, "c_v": 110, "c_uci": 10, "c_npmi": 10}


@dataclass(frozen=True, eq=False)
class CoherenceResult:
    """Per-topic coherence scores and how they were computed.

    Attributes
    ----------
    measure : str
        "u_mass", "c_v", "c_uci" or "c_npmi".
    scores : numpy.ndarray
        One score per topic, in the order given.
    topics : tuple of tuple of str
        The words scored for each topic (after dropping missing words and truncating to ``top_n``).
    missing : tuple of tuple of str
        The words dropped from each topic because the vocabulary does not contain them.
    window_size : int or None
        The sliding window (None for u_mass).
    n_documents : int
        The number of documents the probabilities are shares of: texts for u_mass, virtual
        documents (windows) otherwise.

    Examples
    --------
    >>> r = coherence([["a", "b"]], [["a", "b"], ["a"]], measure="u_mass")
    >>> r.to_frame()
       topic     score  n_words words missing
    0      0 -0.693147        2   a b
    >>> float(r) == r.mean
    True
    """

    measure: str
    scores: np.ndarray
    topics: tuple[tuple[str, ...], ...]
    missing: tuple[tuple[str, ...], ...]
    window_size: int | None
    n_documents: int

    @property
    def mean(self) -> float:
        """The model's coherence: the arithmetic mean of the per-topic scores (gensim's aggregation).

        NaN when a topic's score is NaN (a one-word topic has no pairs); ``np.nanmean(scores)``
        skips those.
        """
        return float(np.mean(self.scores))

    def __float__(self) -> float:
        return self.mean

    def to_frame(self) -> pd.DataFrame:
        """One row per topic: ``topic``, ``score``, ``n_words``, ``words`` and ``missing`` (space-joined)."""
        return pd.DataFrame({
            "topic": np.arange(len(self.scores)),
            "score": self.scores,
            "n_words": [len(t) for t in self.topics],
            "words": [" ".join(t) for t in self.topics],
            "missing": [" ".join(t) for t in self.missing],
        })


# ---------------------------------------------------------------------- inputs
def _check_topics(topics: Any) -> list[list[str]]:
    if isinstance(topics, (str, bytes)) or not isinstance(topics, Iterable):
        raise TypeError("topics must be a list of topics, each a list of words, e.g. "
                        f"[['war', 'terror'], ['peace', 'treaty']]; got {type(topics).__name__}")
    out = []
    for k, topic in enumerate(topics):
        if isinstance(topic, (str, bytes)) or not isinstance(topic, Iterable):
            raise TypeError(f"topic {k} must be a list of words, got {type(topic).__name__} {topic!r}; "
                            "split a space-separated string first")
        words = list(topic)
        for word in words:
            if not isinstance(word, str):
                raise TypeError(f"topic {k}: words must be str, got {type(word).__name__} {word!r}")
        if not words:
            raise ValueError(f"topic {k} is empty; every topic needs at least one word")
        out.append(words)
    if not out:
        raise ValueError("topics is empty; give at least one topic")
    return out


def _check_texts(texts: Any) -> list[Sequence[str]]:
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise TypeError("texts must be a list of token lists (tokenise with toolkit.text.Preprocessor); "
                        f"got {type(texts).__name__}")
    out = []
    for i, text in enumerate(texts):
        if isinstance(text, (str, bytes)):
            raise TypeError(f"text {i} is a str; texts must be token lists, e.g. "
                            "[Preprocessor(lang='en')(t) for t in raw_texts]")
        if not isinstance(text, Iterable):
            raise TypeError(f"text {i} must be a list of tokens, got {type(text).__name__}")
        out.append(text if hasattr(text, "__len__") else list(text))
    if not out:
        raise ValueError("texts is empty; coherence needs reference texts to count words in")
    return out


def _check_options(measure: str, window_size: Any, top_n: Any, windows: str) -> int | None:
    if measure not in WINDOW_SIZES:
        raise ValueError(invalid_value_message("measure", measure, WINDOW_SIZES))
    if windows not in get_args(Windows):
        raise ValueError(invalid_value_message("windows", windows, get_args(Windows)))
    if top_n is not None and (isinstance(top_n, bool) or not isinstance(top_n, (int, np.integer)) or top_n < 1):
        raise ValueError(f"top_n must be a positive integer or None (all words), got {top_n!r}")
    if measure == "u_mass":
        if window_size is not None:
            raise ValueError("measure='u_mass' counts whole documents and takes no window_size; "
                             "leave window_size=None or choose c_v, c_uci or c_npmi")
        return None
    if window_size is None:
        return WINDOW_SIZES[measure]
    if isinstance(window_size, bool) or not isinstance(window_size, (int, np.integer)) or window_size < 1:
        raise ValueError(f"window_size must be a positive integer, got {window_size!r}")
    return int(window_size)


def _vocabulary(dictionary: Any) -> set[str]:
    """The words of a user-given vocabulary: an iterable of str, a DTM, or a gensim-like Dictionary."""
    if hasattr(dictionary, "token2id"):
        return set(dictionary.token2id)
    if hasattr(dictionary, "feature_names"):
        return set(dictionary.feature_names)
    if isinstance(dictionary, (str, bytes)) or not isinstance(dictionary, Iterable):
        raise TypeError("dictionary must be an iterable of words (or an object with token2id or "
                        f"feature_names), got {type(dictionary).__name__}")
    return set(dictionary)


# ---------------------------------------------------------------------- counting
@dataclass(frozen=True)
class _Occurrences:
    """Where the topic words occur: global token positions, word columns, text lengths."""

    position: np.ndarray  # global token index (texts concatenated), sorted by (column, position)
    column: np.ndarray  # word column of each occurrence
    lengths: np.ndarray  # tokens per text
    starts: np.ndarray  # global index of each text's first token


def _occurrences(texts: list[Sequence[str]], columns: dict[str, int]) -> _Occurrences:
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    total = int(lengths.sum())
    try:
        ids = np.fromiter(map(columns.get, chain.from_iterable(texts), repeat(-1)), dtype=np.int32, count=total)
    except TypeError as err:
        raise TypeError(f"texts must be sequences of str tokens ({err})") from err
    position = np.flatnonzero(ids >= 0)
    column = ids[position]
    order = np.argsort(column, kind="stable")
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return _Occurrences(position[order], column[order], lengths, starts)


def _document_counts(occ: _Occurrences, n_words: int) -> np.ndarray:
    """Documents containing each word (diagonal) and each pair of words."""
    doc = np.searchsorted(occ.starts, occ.position, side="right") - 1
    presence = sparse.csr_matrix((np.ones(len(doc), dtype=np.int64), (doc, occ.column)),
                                 shape=(len(occ.lengths), n_words))
    presence.data[:] = 1  # duplicates were summed: back to presence
    return (presence.T @ presence).toarray()


@dataclass(frozen=True)
class _Intervals:
    """For each word, the disjoint intervals [start, end) of windows (global numbering) that hold it."""

    start: np.ndarray
    end: np.ndarray
    column: np.ndarray  # sorted
    n_windows: int


def _window_intervals(occ: _Occurrences, window_size: int, windows: str) -> _Intervals:
    n_win = np.maximum(1, occ.lengths - window_size + 1)  # an empty or short text is one window
    first_window = np.concatenate(([0], np.cumsum(n_win)[:-1])).astype(np.int64)
    doc = np.searchsorted(occ.starts, occ.position, side="right") - 1
    pos = occ.position - occ.starts[doc]  # position within its text
    start = np.maximum(0, pos - window_size + 1)  # first window holding the token
    if windows == "exact":
        end = pos + 1
    else:
        # gensim clears a word when the token at the window's left edge leaves, so the windows a
        # token enters stay marked only until the first occurrence of the word at or after the
        # token's first window leaves the window.
        span = occ.position.max() + 1 if len(occ.position) else 1
        key = occ.column * span + occ.position
        first = np.searchsorted(key, occ.column * span + occ.starts[doc] + start, side="left")
        end = pos[first] + 1
    end = np.minimum(end, n_win[doc])
    start = start + first_window[doc]
    end = end + first_window[doc]
    # union of each word's intervals (they are sorted by start, and ends do not decrease)
    n = len(start)
    if n:
        new = np.ones(n, dtype=bool)
        new[1:] = (occ.column[1:] != occ.column[:-1]) | (start[1:] > end[:-1])
        heads = np.flatnonzero(new)
        tails = np.append(heads[1:] - 1, n - 1)
        start, end, column = start[heads], end[tails], occ.column[heads]
    else:
        column = occ.column
    return _Intervals(start, end, column, int(n_win.sum()))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _window_counts(iv: _Intervals, columns: np.ndarray) -> np.ndarray:
    """Windows holding each of ``columns`` (diagonal) and each pair, as a dense matrix.

    Every interval boundary toggles its word's bit; a cumulative XOR gives the set of words
    present after each boundary, constant until the next one, so summing the segment lengths of
    each distinct set gives all overlaps at once.
    """
    m = len(columns)
    lo = np.searchsorted(iv.column, columns, side="left")
    hi = np.searchsorted(iv.column, columns, side="right")
    take = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi, strict=True)])
    local = np.repeat(np.arange(m), hi - lo)
    point = np.concatenate([iv.start[take], iv.end[take]])
    word = np.concatenate([local, local])
    order = np.argsort(point, kind="stable")
    point, word = point[order], word[order]
    lanes = (m + 63) // 64
    toggle = np.zeros((len(point), lanes), dtype=np.uint64)
    toggle[np.arange(len(point)), word // 64] = np.left_shift(np.uint64(1), (word % 64).astype(np.uint64))
    state = np.bitwise_xor.accumulate(toggle, axis=0)[:-1]
    length = np.diff(point)
    state, length = state[length > 0], length[length > 0]
    if not len(length):
        return np.zeros((m, m), dtype=np.int64)
    order = np.lexsort(state.T[::-1])
    state, length = state[order], length[order]
    head = np.concatenate(([True], (state[1:] != state[:-1]).any(axis=1)))
    starts = np.flatnonzero(head)
    weight = np.add.reduceat(length, starts).astype(float)
    state = state[starts]
    lane = np.arange(m) // 64
    shift = (np.arange(m) % 64).astype(np.uint64)
    present = (np.right_shift(state[:, lane], shift) & np.uint64(1)).astype(float)
    return np.rint(present.T @ (present * weight[:, None])).astype(np.int64)


# ---------------------------------------------------------------------- measures
def _u_mass(counts: np.ndarray, idx: np.ndarray, n: float) -> float:
    i, j = np.tril_indices(len(idx), k=-1)  # one-preceding: W' = w_i, W* = w_j, j < i
    if not len(i):
        return float("nan")
    co = counts[idx[i], idx[j]]
    star = counts[idx[j], idx[j]]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log(((co / n) + EPSILON) / (star / n))
    value[star == 0] = 0.0  # gensim catches the ZeroDivisionError and scores the pair 0
    return float(np.mean(value))


def _pmi(counts: np.ndarray, idx: np.ndarray, n: float, *, normalize: bool) -> np.ndarray:
    """PMI (or NPMI) between the topic's words at every pair of positions, as gensim computes it."""
    co = counts[np.ix_(idx, idx)]
    single = counts[idx, idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log(((co / n) + EPSILON) / ((single[:, None] / n) * (single[None, :] / n)))
        if normalize:
            value = value / (-np.log((co / n) + EPSILON))
    return value


def _one_one(counts: np.ndarray, idx: np.ndarray, n: float, *, normalize: bool) -> float:
    m = len(idx)
    if m < 2:
        return float("nan")
    value = _pmi(counts, idx, n, normalize=normalize)
    return float(np.mean(value[~np.eye(m, dtype=bool)]))


def _c_v(counts: np.ndarray, idx: np.ndarray, n: float) -> float:
    npmi = _pmi(counts, idx, n, normalize=True)  # rows: W', columns: topic words w_j
    merge = np.zeros((len(idx), idx.max() + 1))
    merge[np.arange(len(idx)), idx] = 1.0  # a repeated word adds into one coordinate
    with np.errstate(divide="ignore", invalid="ignore"):  # inf NPMI (words absent from texts) -> NaN
        word_vectors = npmi @ merge
        topic_vector = npmi.sum(axis=0) @ merge
        cosine = (word_vectors @ topic_vector) / (
            np.sqrt((word_vectors ** 2).sum(axis=1)) * np.sqrt((topic_vector ** 2).sum()))
    return float(np.mean(cosine))


# ---------------------------------------------------------------------- public
def coherence(topics: Sequence[Sequence[str]], texts: Iterable[Sequence[str]], *,
              measure: Measure = "u_mass", window_size: int | None = None, top_n: int | None = None,
              dictionary: Iterable[str] | None = None, windows: Windows = "gensim") -> CoherenceResult:
    """Coherence of each topic against reference texts, as gensim's ``CoherenceModel`` computes it.

    For a topic with words w_1..w_N (ranked) and document probabilities P (see the module notes):

    * ``u_mass``: mean over j < i of log((P(w_i, w_j) + 1e-12) / P(w_j)), P over texts;
    * ``c_uci``: mean over i != j of PMI = log((P(w_i, w_j) + 1e-12) / (P(w_i) P(w_j)));
    * ``c_npmi``: mean over i != j of PMI / -log(P(w_i, w_j) + 1e-12);
    * ``c_v``: mean over i of cos(v(w_i), sum_k v(w_k)), with v(w)_j = NPMI(w, w_j);

    the last three with P over sliding windows of ``window_size`` tokens.

    Parameters
    ----------
    topics : list of list of str
        Each topic's words, best first (e.g. from :func:`toolkit.topics.describe.top_terms`).
    texts : iterable of list of str
        Reference texts as tokens, tokenised like the topic words (the training texts, or a
        held-out or external corpus). Read once.
    measure : {"u_mass", "c_v", "c_uci", "c_npmi"}
    window_size : int, optional
        Sliding-window length for c_v, c_uci and c_npmi; default gensim's (110, 10, 10). Must
        be None for u_mass.
    top_n : int, optional
        Score only the first ``top_n`` words of each topic (counted after missing words are
        dropped). None scores every word given. gensim's ``CoherenceModel`` defaults to
        ``topn=20`` and checks only the first topic's length before truncating; here every
        topic is truncated.
    dictionary : iterable of str, optional
        The vocabulary topic words must belong to (an iterable of words, a DTM's
        ``feature_names`` via the DTM, or any object with ``token2id``). Default: every token
        of ``texts``, as ``gensim.corpora.Dictionary(texts)``.
    windows : {"gensim", "exact"}
        How a word repeated inside a window is counted when the window slides: as gensim does
        (the default, see the module notes) or once in every window that contains it.

    Returns
    -------
    CoherenceResult
        ``scores`` per topic, ``mean``, the words used and dropped, window size and number of
        (virtual) documents.

    Raises
    ------
    ValueError
        For an unknown measure, a bad ``window_size``/``top_n``, an empty topic, or a topic
        none of whose words is in the vocabulary.
    TypeError
        If topics or texts are strings instead of lists of words.

    References
    ----------
    Röder, Both & Hinneburg (2015), WSDM; Mimno et al. (2011), EMNLP; Newman et al. (2010),
    NAACL; Aletras & Stevenson (2013), IWCS. See the module docstring.

    Examples
    --------
    >>> texts = [["war", "terror", "attack"], ["terror", "attack"], ["peace", "treaty", "war"],
    ...          ["peace", "treaty"]]
    >>> topics = [["terror", "attack"], ["peace", "treaty", "truce"]]
    >>> r = coherence(topics, texts, measure="c_npmi", window_size=2)
    >>> r.n_documents  # windows of 2 tokens: 2 + 1 + 2 + 1
    6

    "terror" is in 3 windows, "attack" in 2, both in 2: NPMI = log((2/6) / ((3/6)(2/6))) /
    -log(2/6) = log 2 / log 3 = 0.6309; the same counts hold for "peace" and "treaty", and the
    unseen "truce" is dropped:

    >>> r.scores.round(4).tolist(), r.missing
    ([0.6309, 0.6309], ((), ('truce',)))
    >>> round(coherence(topics, texts, measure="u_mass").mean, 4)
    0.0
    """
    window = _check_options(measure, window_size, top_n, windows)
    topic_lists = _check_topics(topics)
    texts = _check_texts(texts)

    columns: dict[str, int] = {}
    for words in topic_lists:
        for word in words:
            columns.setdefault(word, len(columns))
    occ = _occurrences(texts, columns)
    if dictionary is None:
        seen = np.zeros(len(columns), dtype=bool)
        seen[occ.column] = True
        known = {w for w, c in columns.items() if seen[c]}
    else:
        known = _vocabulary(dictionary)

    kept, missing = [], []
    for k, words in enumerate(topic_lists):
        keep = [w for w in words if w in known]
        if not keep:
            raise ValueError(f"topic {k} has none of its words {words[:5]} in the "
                             f"{'texts' if dictionary is None else 'dictionary'}; check that the texts "
                             "are tokenised like the topic words, or drop the topic")
        kept.append(keep[:top_n] if top_n is not None else keep)
        missing.append(tuple(w for w in words if w not in known))
    if any(missing):
        logger.warning("%d topic word(s) are not in the %s and were dropped (see .missing): %s",
                       sum(map(len, missing)), "texts" if dictionary is None else "dictionary",
                       sorted({w for m in missing for w in m})[:10])

    if measure == "u_mass":
        counts = _document_counts(occ, len(columns))
        n_docs = len(texts)
    else:
        intervals = _window_intervals(occ, window, windows)
        n_docs = intervals.n_windows
    n = float(n_docs)

    scores = []
    for words in kept:
        cols = np.array([columns[w] for w in words])
        if measure == "u_mass":
            scores.append(_u_mass(counts, cols, n))
            continue
        unique = _sorted_unique(cols)
        idx = np.searchsorted(unique, cols)
        local = _window_counts(intervals, unique)
        if measure == "c_v":
            scores.append(_c_v(local, idx, n))
        else:
            scores.append(_one_one(local, idx, n, normalize=measure == "c_npmi"))
    return CoherenceResult(measure=measure, scores=np.asarray(scores, dtype=float),
                           topics=tuple(tuple(t) for t in kept), missing=tuple(missing),
                           window_size=window, n_documents=n_docs)
