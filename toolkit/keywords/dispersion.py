"""How evenly words are spread over a corpus: range, Juilland's D, Gries' DP and DPnorm; token positions.

A corpus is cut into ``n`` parts: its documents (``parts="documents"``, the default; parts then
differ in size), or ``k`` consecutive stretches of equal size (``parts=k``: the documents are
put end to end in corpus order and cut at token ``floor(i * N / k)``, so the sizes differ by at
most one token and a part may span documents). Empty parts (documents without tokens) are left
out. For a word with frequency ``f_i`` in part ``i`` (``f = sum f_i``) and parts of sizes
``l_i`` tokens (``L = sum l_i``):

* ``range``: the number of parts in which the word occurs; ``doc_freq``: the number of
  documents (the same when the parts are the documents).
* **Juilland's D** (Juilland & Chang-Rodríguez 1964): ``D = 1 - V / sqrt(n - 1)``, where
  ``V = sd / mean`` is the coefficient of variation of the word's relative frequencies in the
  parts, ``r_i = f_i / l_i``, with the population standard deviation
  ``sd = sqrt(sum (r_i - mean)^2 / n)``. For parts of equal size this is Juilland's original
  formula on the frequencies ``f_i``; relative frequencies are Gries' (2008: 410) adaptation to
  parts of different sizes. ``D`` is 1 for perfectly even use and 0 when the word occurs in one
  part only; NaN with a single part or a zero frequency.
* **DP**, deviation of proportions (Gries 2008: 415): ``DP = 0.5 * sum_i |v_i - s_i|``, with
  ``v_i = f_i / f`` (the share of the word's occurrences in part ``i``) and ``s_i = l_i / L``
  (the part's share of the corpus). 0 for a word spread exactly like the corpus, up to
  ``1 - min(s_i)``.
* **DPnorm** (Lijffijt & Gries 2012, the correction of Gries 2008: 419):
  ``DPnorm = DP / (1 - min_i s_i)``, which reaches 1 when the word occurs only in the smallest
  part. NaN with a single part.

Unlike Juilland's D, high DP means *uneven* (Gries' scaling). Values are clipped to their range
([0, 1]) to absorb floating-point rounding.

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal
of Corpus Linguistics*, 13(4), 403-437.
Juilland, A., & Chang-Rodríguez, E. (1964). *Frequency Dictionary of Spanish Words*. Mouton.
Lijffijt, J., & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and adjusted
frequencies in corpora". *International Journal of Corpus Linguistics*, 17(1), 147-149.

Examples
--------
Gries' (2008) example corpus: five parts of 9, 10, 10, 10 and 11 letters; "a" occurs
1, 2, 3, 4 and 5 times (``f = 15``), so ``v = (1, 2, 3, 4, 5) / 15``, ``s = (.18, .2, .2, .2,
.22)`` and ``DP = 0.5 * (.1133 + .0667 + 0 + .0667 + .1133) = 0.18``;
``DPnorm = 0.18 / (1 - 0.18)``:

>>> parts = ["b a m n i b e u p", "b a s a t b e w q n", "b c a g a b e s t a",
...          "b a g h a b e a a t", "b a h a a b e a x a t"]
>>> table = dispersion([p.split() for p in parts], ["a", "b", "i"])
>>> table[["feature", "freq", "range", "juilland_d", "dp", "dp_norm"]].round(4)
  feature  freq  range  juilland_d    dp  dp_norm
0       a    15      5      0.7852  0.18   0.2195
1       b    10      5      0.9681  0.02   0.0244
2       i     1      1      0.0000  0.82   1.0000
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.keywords._tokens import check_preprocessor, pattern_mask, tokenize
from toolkit.text.preprocess import Preprocessor

__all__ = ["dispersion", "dispersion_positions"]

logger = logging.getLogger(__name__)

_COLUMNS = ("feature", "freq", "range", "n_parts", "doc_freq", "juilland_d", "dp", "dp_norm")


def _counts_from_dtm(dtm: Any, parts: Any) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    if parts != "documents":
        raise ValueError("a DTM has lost the order of the tokens, so its documents are the only possible parts; "
                         "pass the Corpus (or token lists) to cut it into equal parts")
    params = dtm.params
    if params.get("min_df", 1) != 1 or params.get("max_df", 1.0) != 1.0 or params.get("max_features") is not None \
            or tuple(params.get("ngram_range", (1, 1))) != (1, 1):
        logger.warning("this DTM was pruned or counts n-grams (%s): its row sums, used as the part sizes, are not "
                       "the documents' token counts; build it with dtm(corpus) defaults or pass the corpus",
                       {k: params.get(k) for k in ("min_df", "max_df", "max_features", "ngram_range")})
    return dtm.counts, dtm.counts, np.asarray(dtm.feature_names, dtype=object)


def _counts_from_tokens(tokens: Any, parts: Any) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    ones = np.ones(tokens.ids.size, dtype=np.int64)
    shape_v = tokens.vocab.size
    docs = sparse.csr_matrix((ones, tokens.ids, tokens.doc_bounds), shape=(len(tokens.doc_ids), shape_v), copy=True)
    docs.sum_duplicates()
    if parts == "documents":
        return docs, docs
    bounds = (np.arange(parts + 1, dtype=np.int64) * tokens.n_tokens) // parts
    cut = sparse.csr_matrix((ones, tokens.ids, bounds), shape=(parts, shape_v), copy=True)
    cut.sum_duplicates()
    return cut, docs


def _measures(counts: sparse.csr_matrix, sizes: np.ndarray) -> dict[str, np.ndarray]:
    """Juilland's D, DP and DPnorm of every column of ``counts`` (parts x features), vectorised."""
    keep = sizes > 0
    counts = sparse.csc_matrix(counts[np.flatnonzero(keep)])
    sizes = sizes[keep].astype(float)
    n = sizes.size
    freq = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    nnz = np.diff(counts.indptr)
    col = np.repeat(np.arange(counts.shape[1]), nnz)
    rows = counts.indices
    share = sizes / sizes.sum() if n else sizes
    with np.errstate(divide="ignore", invalid="ignore"):
        v = counts.data / freq[col]
        dev = np.bincount(col, weights=np.abs(v - share[rows]) - share[rows], minlength=counts.shape[1]).astype(float)
        dp = np.where(freq > 0, 0.5 * (1.0 + dev), np.nan)
        dp_norm = dp / (1.0 - share.min()) if n > 1 else np.full(dp.shape, np.nan)
        rate = counts.data / sizes[rows]
        mean = np.bincount(col, weights=rate, minlength=counts.shape[1]).astype(float) / max(n, 1)
        squares = np.bincount(col, weights=(rate - mean[col]) ** 2, minlength=counts.shape[1]).astype(float)
        squares += (n - nnz) * mean ** 2
        cv = np.sqrt(squares / n) / mean
        d = 1.0 - cv / np.sqrt(n - 1) if n > 1 else np.full(cv.shape, np.nan)
    d = np.where(freq > 0, d, np.nan)
    return {"juilland_d": np.clip(d, 0.0, 1.0), "dp": np.clip(dp, 0.0, 1.0), "dp_norm": np.clip(dp_norm, 0.0, 1.0),
            "n_parts": n}


def dispersion(dtm_or_corpus: Any, features: str | Sequence[str] | None = None, *,
               parts: Literal["documents"] | int = "documents", preprocessor: Preprocessor | None = None,
               lang: str | None = None) -> pd.DataFrame:
    """Range, document frequency, Juilland's D, Gries' DP and DPnorm of every feature (or of ``features``).

    Formulas and the definition of the parts are in the module docstring
    (:mod:`toolkit.keywords.dispersion`).

    Parameters
    ----------
    dtm_or_corpus : DTM, Corpus, list, dict or pandas.Series
        A :class:`toolkit.dtm.DTM` (its documents are the parts and its row sums their sizes:
        build it without pruning), or texts or token lists as
        :func:`toolkit.keywords.collocations.collocations` accepts.
    features : str or sequence of str, optional
        Features to report, in this order (default: all, most frequent first). With texts,
        each is processed by the preprocessor (``"Terrorism"`` -> ``"terrorism"``, ``"والإرهاب"``
        -> ``"الارهاب"``); a feature never seen gets a row with ``freq`` 0 and NaN measures.
    parts : "documents" or int
        The documents, or this many equal stretches of the running text.
    preprocessor : Preprocessor, optional
        How texts become tokens (default ``Preprocessor()``).
    lang : str, optional
        Language of documents without a ``lang`` docvar.

    Returns
    -------
    pandas.DataFrame
        Columns ``feature``, ``freq``, ``range``, ``n_parts``, ``doc_freq``, ``juilland_d``,
        ``dp``, ``dp_norm``; ``attrs`` records ``parts``, ``n_parts``, ``n_tokens`` and the
        preprocessor's fingerprint.

    Raises
    ------
    ValueError
        For ``parts`` other than "documents" or an integer >= 1 (only "documents" for a DTM).

    Examples
    --------
    Juilland's D on equal parts (Carroll 1970: 14): frequencies 0, 4, 3, 2, 1 have mean 2 and
    ``sd = sqrt((4 + 4 + 1 + 0 + 1) / 5)``, so ``D = 1 - (sqrt(2) / 2) / sqrt(4) = 0.6464``:

    >>> docs = ["y y y y", "x x x x", "x x x y", "x x y y", "x y y y"]
    >>> dispersion([d.split() for d in docs], "x")[["feature", "freq", "range", "juilland_d"]].round(4)
      feature  freq  range  juilland_d
    0       x    10      4      0.6464
    """
    from toolkit.dtm import DTM

    if not (parts == "documents" or (isinstance(parts, int) and not isinstance(parts, bool) and parts >= 1)):
        raise ValueError(f"parts must be 'documents' or an integer >= 1, got {parts!r}")
    pre = check_preprocessor(preprocessor)
    if isinstance(dtm_or_corpus, DTM):
        counts, docs, names = _counts_from_dtm(dtm_or_corpus, parts)
        fingerprint, n_tokens, pretokenized = dtm_or_corpus.preprocessor.fingerprint, int(counts.sum()), True
    else:
        tokens = tokenize(dtm_or_corpus, preprocessor=pre, lang=lang)
        counts, docs = _counts_from_tokens(tokens, parts)
        names, n_tokens, pretokenized = tokens.vocab, tokens.n_tokens, tokens.pretokenized
        fingerprint = None if tokens.pretokenized else pre.fingerprint
        if isinstance(parts, int) and parts > n_tokens:
            logger.warning("parts=%d but the corpus has %d tokens: some parts are empty and left out", parts, n_tokens)
    sizes = np.asarray(counts.sum(axis=1)).ravel()
    scores = _measures(counts, sizes)
    freq = np.asarray(counts.sum(axis=0)).ravel().astype(np.int64)
    ranges = sparse.csc_matrix(counts).getnnz(axis=0)
    doc_freq = sparse.csc_matrix(docs).getnnz(axis=0)
    if features is None:
        cols = np.lexsort((names.astype(str), -freq))
        shown = names[cols]
    else:
        wanted = [features] if isinstance(features, str) else list(features)
        lookup = {str(f): j for j, f in enumerate(names.tolist())}
        shown_list, col_list = [], []
        for feature in wanted:
            if not isinstance(feature, str):
                raise TypeError(f"features must be str, got {type(feature).__name__} {feature!r}")
            form = feature
            if not pretokenized and feature not in lookup:
                processed = pre(feature, pre.lang)
                form = processed[0] if len(processed) == 1 else feature
            shown_list.append(form)
            col_list.append(lookup.get(form, -1))
        shown, cols = np.array(shown_list, dtype=object), np.array(col_list, dtype=np.int64)
    def pick(values: np.ndarray, missing: Any) -> np.ndarray:
        """``values[cols]``, with ``missing`` for the features not found (col -1)."""
        return np.append(np.asarray(values, dtype=float), missing)[cols]

    table = pd.DataFrame({
        "feature": pd.Series(shown.tolist(), dtype="str"),
        "freq": pick(freq, 0).astype(np.int64), "range": pick(ranges, 0).astype(np.int64),
        "n_parts": np.full(cols.size, scores["n_parts"], dtype=np.int64),
        "doc_freq": pick(doc_freq, 0).astype(np.int64),
        "juilland_d": pick(scores["juilland_d"], np.nan).astype(float),
        "dp": pick(scores["dp"], np.nan).astype(float), "dp_norm": pick(scores["dp_norm"], np.nan).astype(float),
    })
    table.attrs.update({"parts": parts, "n_parts": int(scores["n_parts"]), "n_tokens": n_tokens,
                        "preprocessor": fingerprint})
    return table


def dispersion_positions(corpus: Any, pattern: str | Sequence[str], *, preprocessor: Preprocessor | None = None,
                         lang: str | None = None) -> pd.DataFrame:
    """Where a word (or glob) occurs in each document, as token positions for a dispersion ("x-ray") plot.

    Parameters
    ----------
    corpus : Corpus, list, dict or pandas.Series
        Texts or token lists, as :func:`toolkit.keywords.collocations.collocations` accepts.
    pattern : str or sequence of str
        Words or globs, matched like the node of ``collocations`` (clitic-aware in Arabic,
        ``=word`` for the exact form).
    preprocessor : Preprocessor, optional
        How texts become tokens (default ``Preprocessor()``); positions count its tokens.
    lang : str, optional
        Language of documents without a ``lang`` docvar.

    Returns
    -------
    pandas.DataFrame
        One row per match, in corpus then text order: ``doc_id``, ``token_index`` (0-based,
        among the document's tokens), ``n_tokens`` (the document's), ``relative_position``
        (``token_index / n_tokens``, in [0, 1)), ``match`` (the token form) and ``pattern``.
        ``attrs["doc_ids"]`` and ``attrs["doc_lengths"]`` list every document, with or without
        matches (so a plot can show empty rows), ``attrs["patterns"]`` the patterns.

    Examples
    --------
    >>> pos = dispersion_positions(["الإرهاب ظاهرة و مكافحة الإرهاب", "لا شيء"], "إرهاب")
    >>> pos
      doc_id  token_index  n_tokens  relative_position    match pattern
    0      0            0         5                0.0  الارهاب   إرهاب
    1      0            4         5                0.8  الارهاب   إرهاب
    >>> pos.attrs["doc_lengths"]
    [5, 2]
    """
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns:
        raise ValueError("pattern is empty: give a word, a glob such as terror*, or a list of them")
    pre = check_preprocessor(preprocessor)
    tokens = tokenize(corpus, preprocessor=pre, lang=lang)
    lengths = np.diff(tokens.doc_bounds)
    frames = []
    for pat in patterns:
        mask = pattern_mask(tokens, pat, pre, name="pattern")
        pos = np.flatnonzero(mask[tokens.ids]) if tokens.ids.size else np.zeros(0, dtype=np.int64)
        doc = np.searchsorted(tokens.doc_bounds, pos, side="right") - 1
        frames.append(pd.DataFrame({
            "doc": doc, "doc_id": pd.Series([tokens.doc_ids[d] for d in doc.tolist()], dtype="str"),
            "token_index": pos - tokens.doc_bounds[doc], "n_tokens": lengths[doc],
            "relative_position": (pos - tokens.doc_bounds[doc]) / np.maximum(lengths[doc], 1),
            "match": pd.Series(tokens.vocab[tokens.ids[pos]].tolist(), dtype="str"),
            "pattern": pd.Series([pat] * pos.size, dtype="str"),
        }))
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["doc", "token_index"], kind="stable").drop(columns="doc").reset_index(drop=True)
    table.attrs.update({"patterns": patterns, "doc_ids": list(tokens.doc_ids), "doc_lengths": lengths.tolist(),
                        "preprocessor": None if tokens.pretokenized else pre.fingerprint})
    return table
