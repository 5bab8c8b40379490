"""Multi-word sequences scored as quanteda's ``textstat_collocations`` scores them: lambda and z.

For a candidate sequence ``x`` of ``K`` words (2 to 5) and every ``K``-word sequence ``s`` in the
corpus, let ``c(x, s)`` be the vector of ``K`` bits whose ``k``-th bit is 1 when the ``k``-th
words of ``x`` and ``s`` are equal. For each of the ``M = 2^K`` bit patterns ``c_i``, ``n_i`` is
the number of sequences ``s`` with ``c(x, s) = c_i``, plus ``smoothing`` (default 0.5). Then
(Blaheta & Johnson 2001, in the form quanteda implements, all sub-tuples):

* ``lambda = sum_i (-1)^(K - b_i) * ln(n_i)``, with ``b_i`` the number of 1 bits of ``c_i``:
  the ``K``-way interaction parameter of the saturated log-linear model of the ``2^K`` table;
* ``sigma = sqrt(sum_i 1 / n_i)``, its asymptotic standard error;
* ``z = lambda / sigma``, the Wald statistic.

This is quanteda.textstats' ``method = "lambda"`` (C++ ``lambda_all2`` and ``sigma_all2`` in
``src/collocations.cpp``; ``z`` is computed in ``R/textstat_collocations.R``), not the older
``"lambda1"`` variant that uses only the unigram sub-tuples. The counting rules are quanteda's:

* sequences never cross documents;
* a punctuation token (every character in a Unicode ``P*`` category, quanteda's
  ``^\\p{P}+$``) breaks sequences: a sequence that contains one is not counted at all, so
  sequences do not run over commas or full stops (``. , ، ؛ ؟`` ...);
* a *pad* (a removed token) stays in its place: sequences containing it are counted in the
  ``2^K`` tables of the other candidates (they do not match there) but are never scored.
  From texts, the tokens the preprocessor would drop (numbers unless ``keep_numbers``, stop
  words when ``stop_words`` is set, symbols unless ``keep_punct``, tokens shorter than
  ``min_length``) are pads; in token lists, the empty string ``""`` is a pad (as quanteda's
  ``tokens_remove(..., padding = TRUE)``);
* only sequences seen ``min_count`` times or more are scored, but all are counted;
* ``count_nested`` (when several sizes are asked): how many occurrences of the sequence
  overlap an occurrence of a longer one of the sizes asked (quanteda's ``flags_nested``); it
  does not change the statistics.

Results are sorted by ``z`` (descending, NaN last), then by ``collocation``. With
``smoothing=0`` a zero cell gives infinite or NaN values, as in quanteda.

The computation is vectorised: the ``2^K`` counts of every candidate come from the counts of
the sequences grouped by each subset of positions, combined by inclusion-exclusion, instead of
quanteda's comparison of every candidate with every sequence.

References
----------
Blaheta, D., & Johnson, M. (2001). Unsupervised learning of multi-word verbs. *Proceedings of the
ACL/EACL 2001 Workshop on the Computational Extraction, Analysis and Exploitation of
Collocations*, 54-60.
Benoit, K., Watanabe, K., Wang, H., Nulty, P., Obeng, A., Müller, S., & Matsuo, A. (2018).
quanteda: An R package for the quantitative analysis of textual data. *Journal of Open Source
Software*, 3(30), 774. (``textstat_collocations`` is in quanteda.textstats.)

Examples
--------
quanteda's own test (``test-textstat_collocations.R``, "zero-length documents"): each bigram
below occurs twice among 9 counted bigrams, so for "good ice" the table is ``n_11 = 2 + 0.5``,
``n_10 = n_01 = 0 + 0.5``, ``n_00 = 7 + 0.5``, ``lambda = ln(2.5 * 7.5 / 0.5^2) = ln 75`` and
``z = lambda / sqrt(1/2.5 + 2/0.5 + 1/7.5)``:

>>> texts = ["I like good ice cream.", "Me too!  I like good ice cream.", ""]
>>> sequences(texts, size=2, min_count=2, preprocessor=Preprocessor(lang="en")).round(6)
  collocation  count  count_nested  length    lambda         z
0    good ice      2             0       2  4.317488  2.027787
1      i like      2             0       2  4.317488  2.027787
2   ice cream      2             0       2  4.317488  2.027787
3   like good      2             0       2  4.317488  2.027787
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.keywords._tokens import check_preprocessor, tokenize
from toolkit.text.normalization import base_language
from toolkit.text.preprocess import Preprocessor
from toolkit.text.stem import STEMMERS, stemmer

__all__ = ["sequences"]

logger = logging.getLogger(__name__)

PAD, BREAK = 0, -1
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*")


def _is_punct(token: str) -> bool:
    return bool(token) and all(unicodedata.category(ch).startswith("P") for ch in token)


class _TypeMapper:
    """What a token of the full tokenisation becomes under the user's preprocessor: a form, PAD or BREAK."""

    def __init__(self, pre: Preprocessor) -> None:
        self.pre = pre
        self._stems: dict[str | None, Any] = {}

    def _stemmer(self, lang: str | None) -> Any:
        if self.pre.stemmer is None:
            return None
        base = base_language(lang)
        if base not in self._stems:
            self._stems[base] = stemmer(self.pre.stemmer, base) if base in STEMMERS[self.pre.stemmer] else None
        return self._stems[base]

    def __call__(self, token: str, lang: str | None) -> str | int:
        pre = self.pre
        if _is_punct(token):
            return BREAK
        if not pre.keep_punct and len(token) == 1 and not token.isalnum():
            return PAD
        if not pre.keep_numbers and _NUMBER.fullmatch(token):
            return PAD
        if pre.stop_words is not False and token in pre.stop_words_for(lang):
            return PAD
        stem = self._stemmer(lang)
        form = stem(token) if stem is not None else token
        return PAD if len(form) < pre.min_length else form


def _stream(data: Any, pre: Preprocessor | None, lang: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of all documents end to end, ``BREAK`` between documents; and the vocabulary (id 0 = pad)."""
    user = check_preprocessor(pre)
    full = dataclasses.replace(user, keep_punct=True, keep_numbers=True, stop_words=False, stemmer=None,
                               min_length=1)
    tokens = tokenize(data, preprocessor=full, lang=lang)
    vocab: dict[str, int] = {"": PAD}
    if tokens.pretokenized:
        table = np.array([BREAK if _is_punct(t) else vocab.setdefault(t, len(vocab)) for t in tokens.vocab],
                         dtype=np.int64)
        mapped = table[tokens.ids] if tokens.ids.size else tokens.ids
    else:
        mapper = _TypeMapper(user)
        codes = {lg: k for k, lg in enumerate(dict.fromkeys(tokens.langs))}
        langs = list(codes)
        doc_code = np.array([codes[lg] for lg in tokens.langs], dtype=np.int64)
        per_token = np.repeat(doc_code, np.diff(tokens.doc_bounds))
        keys, inverse = np.unique(per_token * max(tokens.vocab.size, 1) + tokens.ids, return_inverse=True)
        table = np.empty(keys.size, dtype=np.int64)
        for k, key in enumerate(keys.tolist()):
            code, base = divmod(key, max(tokens.vocab.size, 1))
            out = mapper(str(tokens.vocab[base]), langs[code])
            table[k] = out if isinstance(out, int) else vocab.setdefault(out, len(vocab))
        mapped = table[inverse.ravel()] if keys.size else tokens.ids
    stream = np.insert(mapped, tokens.doc_bounds[1:-1], BREAK)
    forms = np.empty(len(vocab), dtype=object)
    forms[:] = list(vocab)
    return stream, forms


def _encode(columns: np.ndarray, base: int) -> np.ndarray | None:
    """One int64 key per row of non-negative ids, or None when it would overflow."""
    if columns.shape[1] * np.log2(max(base, 2)) >= 62:
        return None
    key = np.zeros(columns.shape[0], dtype=np.int64)
    for j in range(columns.shape[1]):
        key = key * base + columns[:, j]
    return key


def _group(columns: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """``(unique rows, inverse)`` of an integer matrix."""
    key = _encode(columns, base)
    if key is None:
        uniq, inverse = np.unique(columns, axis=0, return_inverse=True)
        return uniq, inverse.ravel()
    ukeys, inverse = np.unique(key, return_inverse=True)
    uniq = np.empty((ukeys.size, columns.shape[1]), dtype=np.int64)
    rest = ukeys.copy()
    for j in range(columns.shape[1] - 1, -1, -1):
        rest, uniq[:, j] = np.divmod(rest, base)
    return uniq, inverse.ravel()


def _window_any(flags: np.ndarray, size: int) -> np.ndarray:
    """For every start ``i``, whether ``flags[i:i + size]`` holds a True."""
    csum = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
    return (csum[size:] - csum[:-size]) > 0


def _score_size(stream: np.ndarray, size: int, base: int, covered: np.ndarray, min_count: int,
                smoothing: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Counts and lambda/z of the sequences of one length; and the positions they cover."""
    empty = {"types": np.zeros((0, size), dtype=np.int64), "count": np.zeros(0, dtype=np.int64),
             "nested": np.zeros(0, dtype=np.int64), "lambda": np.zeros(0), "z": np.zeros(0)}
    if stream.size < size:
        return empty, np.zeros(stream.size, dtype=bool)
    valid = ~_window_any(stream == BREAK, size)
    starts = np.flatnonzero(valid)
    if not starts.size:
        return empty, np.zeros(stream.size, dtype=bool)
    grams = np.stack([stream[starts + j] for j in range(size)], axis=1)
    padded = _window_any(stream == PAD, size)[starts]
    nested = _window_any(covered, size)[starts] & ~padded
    types, inverse = _group(grams, base)
    counts = np.bincount(inverse, minlength=types.shape[0]).astype(np.int64)
    nested_counts = np.bincount(inverse, weights=nested, minlength=types.shape[0]).astype(np.int64)
    clean = starts[~padded]
    marks = np.bincount(clean, minlength=stream.size + 1) - np.bincount(clean + size, minlength=stream.size + 1)
    this_cover = np.cumsum(marks)[:stream.size] > 0
    cand = np.flatnonzero((counts >= min_count) & (types > PAD).all(axis=1))
    n_bits = 1 << size
    margins = np.empty((n_bits, cand.size))  # margins[S]: sequences agreeing with the candidate on positions S
    for subset in range(n_bits):
        cols = [j for j in range(size) if subset >> j & 1]
        if not cols:
            margins[subset] = counts.sum()
            continue
        _, groups = _group(types[:, cols], base)
        sums = np.bincount(groups, weights=counts)
        margins[subset] = sums[groups[cand]]
    popcount = np.array([b.bit_count() for b in range(n_bits)])
    exact = np.zeros((n_bits, cand.size))  # exact[b]: sequences agreeing exactly on the positions in b
    for b in range(n_bits):
        for subset in range(n_bits):
            if subset & b == b:
                exact[b] += (-1) ** (popcount[subset] - popcount[b]) * margins[subset]
    cells = exact + smoothing
    sign = (-1.0) ** (size - popcount)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = (sign[:, None] * np.log(cells)).sum(axis=0)
        sigma = np.sqrt((1.0 / cells).sum(axis=0))
        z = lam / sigma
    return ({"types": types[cand], "count": counts[cand], "nested": nested_counts[cand], "lambda": lam, "z": z},
            this_cover)


def sequences(corpus_or_tokens: Any, *, size: int | Sequence[int] = 2, min_count: int = 2,
              smoothing: float = 0.5, preprocessor: Preprocessor | None = None,
              lang: str | None = None) -> pd.DataFrame:
    """Sequences of 2 to 5 adjacent words scored by lambda and z (quanteda's ``textstat_collocations``).

    The definitions and the counting rules are in the module docstring
    (:mod:`toolkit.keywords.sequences`).

    Parameters
    ----------
    corpus_or_tokens : Corpus, list, dict or pandas.Series
        Texts (a Corpus, a list, a Series or a dict of them) or token lists, as
        :func:`toolkit.keywords.collocations.collocations` accepts. Token lists are used as
        they are (``""`` is a pad, punctuation breaks sequences).
    size : int or sequence of int, default 2
        Sequence lengths, each from 2 to 5.
    min_count : int, default 2
        Score sequences seen at least this many times.
    smoothing : float, default 0.5
        Added to each of the ``2^K`` counts.
    preprocessor : Preprocessor, optional
        How texts become tokens (default ``Preprocessor()``); the tokens it would drop are pads.
    lang : str, optional
        Language of documents without a ``lang`` docvar.

    Returns
    -------
    pandas.DataFrame
        Columns ``collocation`` (words joined by a space), ``count``, ``count_nested``,
        ``length``, ``lambda``, ``z``; ``attrs`` records the parameters and the preprocessor's
        fingerprint.

    Raises
    ------
    ValueError
        For a size outside 2-5, ``min_count < 1`` or a negative ``smoothing``.

    Examples
    --------
    quanteda's test of nested counts (pads from ``tokens_keep(..., padding = TRUE)``): "a b"
    occurs 9 times, 4 of them inside "a b c".

    >>> pad = ""
    >>> docs = [["a", "b", "c", pad, pad, "a", "b", "c", pad, pad, "a", "b", "c", pad, pad, pad, "a", "b", "c"],
    ...         ["a", "b", pad, pad, "a", "b", pad, pad, "a", "b", pad, pad, "a", "b", pad, "a", "b"]]
    >>> sequences(docs, size=[2, 3])[["collocation", "count", "count_nested", "length"]]
      collocation  count  count_nested  length
    0         a b      9             4       2
    1         b c      4             4       2
    2       a b c      4             0       3
    """
    sizes = sorted({size} if isinstance(size, int) else set(size), reverse=True)
    if not sizes or any(isinstance(s, bool) or not isinstance(s, int) or not 2 <= s <= 5 for s in sizes):
        raise ValueError(f"size must be an integer from 2 to 5, or a list of them; got {size!r}")
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be an integer >= 1, got {min_count!r}")
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float)) or smoothing < 0:
        raise ValueError(f"smoothing must be a number >= 0, got {smoothing!r}")
    stream, forms = _stream(corpus_or_tokens, preprocessor, lang)
    base = max(forms.size, 2)
    covered = np.zeros(stream.size, dtype=bool)
    parts = []
    for n in sizes:  # longest first, as quanteda, for count_nested
        result, cover = _score_size(stream, n, base, covered, min_count, float(smoothing))
        covered |= cover
        words = forms[result["types"]] if result["types"].size else np.zeros((0, n), dtype=object)
        parts.append(pd.DataFrame({
            "collocation": pd.Series([" ".join(w) for w in words.tolist()], dtype="str"),
            "count": result["count"], "count_nested": result["nested"],
            "length": np.full(result["count"].size, n, dtype=np.int64),
            "lambda": result["lambda"], "z": result["z"],
        }))
    table = pd.concat(parts, ignore_index=True)
    z = table["z"].to_numpy(dtype=float)
    order = np.lexsort((table["collocation"].astype(str).to_numpy(), -np.nan_to_num(z, nan=0.0), np.isnan(z)))
    table = table.iloc[order].reset_index(drop=True)
    pre = check_preprocessor(preprocessor)
    table.attrs.update({"method": "lambda", "size": sorted(sizes), "min_count": min_count,
                        "smoothing": float(smoothing), "preprocessor": pre.fingerprint})
    return table
