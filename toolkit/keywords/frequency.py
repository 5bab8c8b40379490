"""Frequency tables: raw counts, counts per million and document frequencies, by docvar groups.

Counts come from a :class:`toolkit.dtm.DTM`; give a :class:`toolkit.corpus.Corpus` and the DTM
is built first with :func:`toolkit.dtm.dtm` and ``preprocessor`` (default
``Preprocessor()``: each document in its own language, normalised (Arabic alef forms,
diacritics, tatweel), lower-cased, Arabic proclitics before the article split so that والإرهاب,
بالإرهاب and الإرهاب are one feature, numbers and punctuation dropped, no stop-word list and no
stemming). Every token counts towards the totals, so per-million figures are per million running
words as the preprocessor counts them.

Examples
--------
>>> from toolkit.corpus import Corpus
>>> corpus = Corpus.from_records([
...     {"doc_id": "a", "text": "Terrorism and terrorism.", "lang": "en", "year": 2001},
...     {"doc_id": "b", "text": "Peace.", "lang": "en", "year": 2002},
...     {"doc_id": "c", "text": "Terrorism, peace.", "lang": "en", "year": 2002},
... ])
>>> frequencies(corpus).round(1)
     feature  freq  per_million  doc_freq  n_docs  total_tokens
0  terrorism     3     500000.0         2       3             6
1      peace     2     333333.3         2       3             6
2        and     1     166666.7         1       3             6
>>> frequencies(corpus, by="year")[["year", "feature", "freq", "doc_freq", "total_tokens"]]
   year    feature  freq  doc_freq  total_tokens
0  2001  terrorism     2         1             3
1  2001        and     1         1             3
2  2002      peace     2         2             3
3  2002  terrorism     1         1             3
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.dtm import DTM, dtm
from toolkit.text.preprocess import Preprocessor

__all__ = ["frequencies"]

logger = logging.getLogger(__name__)

FREQUENCY_COLUMNS: tuple[str, ...] = ("feature", "freq", "per_million", "doc_freq", "n_docs", "total_tokens")


def as_dtm(dtm_or_corpus: Any, preprocessor: Preprocessor | None = None, *, caller: str = "keywords") -> DTM:
    """The DTM to count from: ``dtm_or_corpus`` itself, or the DTM of a corpus.

    A corpus is vectorised with ``preprocessor`` (default ``Preprocessor()``, see the module
    notes). A ``preprocessor`` given with a DTM is an error: the DTM's tokens are already made.

    >>> from toolkit.corpus import Corpus
    >>> as_dtm(Corpus.from_records([{"text": "والإرهاب الإرهاب", "lang": "ar"}])).feature_names.tolist()
    ['الارهاب']
    """
    from toolkit.corpus.corpus import Corpus

    if isinstance(dtm_or_corpus, DTM):
        if preprocessor is not None and preprocessor != dtm_or_corpus.preprocessor:
            raise ValueError(f"{caller}: preprocessor= applies to a Corpus only; this DTM was built with "
                             f"{dtm_or_corpus.preprocessor!r}. Build a new DTM with toolkit.dtm.dtm(corpus, "
                             "preprocessor=...) or leave preprocessor out")
        return dtm_or_corpus
    if isinstance(dtm_or_corpus, Corpus):
        if preprocessor is not None and not isinstance(preprocessor, Preprocessor):
            raise TypeError(f"{caller}: preprocessor must be a toolkit.text.Preprocessor or None, "
                            f"got {type(preprocessor).__name__}")
        return dtm(dtm_or_corpus, preprocessor=Preprocessor() if preprocessor is None else preprocessor)
    raise TypeError(f"{caller} needs a toolkit.dtm.DTM or a toolkit.corpus.Corpus, got "
                    f"{type(dtm_or_corpus).__name__}; read a corpus with toolkit.read_corpus(path)")


def _group_by(docvars: pd.DataFrame, by: str | Sequence[str] | None) -> tuple[list[str], np.ndarray, pd.DataFrame]:
    """Docvar names, a group code per document (-1: missing value, not counted) and the group keys."""
    if by is None:
        return [], np.zeros(len(docvars), dtype=np.int64), pd.DataFrame(index=range(1))
    names = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else []
    if not names or not all(isinstance(n, str) for n in names):
        raise TypeError(f"by must be a docvar name or a list of docvar names, got {by!r}")
    missing = [n for n in names if n not in docvars.columns]
    if missing:
        raise ValueError(f"by={by!r}: no docvar {missing[0]!r}; the docvars are {list(docvars.columns)}")
    grouped = docvars[names].reset_index(drop=True).groupby(names, sort=True, dropna=True, observed=True)
    group_number = grouped.ngroup().to_numpy(dtype=np.float64, na_value=np.nan)   # NaN: a missing value
    codes = np.where(np.isnan(group_number), -1, group_number).astype(np.int64)
    keys = grouped.size().index.to_frame(index=False)
    dropped = int((codes < 0).sum())
    if dropped:
        logger.info("frequencies: %d documents with a missing %s are not counted", dropped, names)
    return names, codes, keys


def group_sums(counts: sparse.csr_matrix, codes: np.ndarray, n_groups: int) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Per-group feature counts and document frequencies (groups x features); code -1 is skipped."""
    rows = np.flatnonzero(codes >= 0)
    indicator = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (codes[rows], rows)),
                                  shape=(n_groups, counts.shape[0]))
    present = counts.copy()
    present.eliminate_zeros()
    present.data = np.ones_like(present.data)
    return sparse.csr_matrix(indicator @ counts), sparse.csr_matrix(indicator @ present)


def name_ranks(names: np.ndarray) -> np.ndarray:
    """Rank of every feature name in sorted order (to break ties by name with integer sorts)."""
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[np.argsort(names, kind="stable")] = np.arange(len(names))
    return ranks


def frequencies(dtm_or_corpus: DTM | Any, *, by: str | Sequence[str] | None = None,
                preprocessor: Preprocessor | None = None) -> pd.DataFrame:
    """Frequency of every feature, overall or per group of documents: raw, per million, documents.

    Parameters
    ----------
    dtm_or_corpus : DTM or Corpus
        The counts, or a corpus to count (see the module notes for the default preprocessing).
    by : str or list of str, optional
        Docvars whose combinations define the groups (e.g. ``"year"``, ``["source", "lang"]``).
        Documents with a missing value in one of them are left out (and logged).
    preprocessor : Preprocessor, optional
        Tokenisation of a corpus (not allowed with a DTM).

    Returns
    -------
    pandas.DataFrame
        One row per (group, feature) with a non-zero count: the ``by`` columns, ``feature``,
        ``freq`` (occurrences), ``per_million`` (``10^6 freq / total_tokens``), ``doc_freq``
        (documents of the group containing it), ``n_docs`` (documents in the group) and
        ``total_tokens`` (tokens in the group). Sorted by group, then most frequent first (ties
        by feature). ``attrs`` holds ``by`` and the preprocessor (``preprocessor``, its
        settings; ``preprocessor_fingerprint``).

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> corpus = Corpus.from_records([
    ...     {"doc_id": "m1", "text": "تجفيف منابع تمويل الإرهاب", "lang": "ar", "source": "MAP"},
    ...     {"doc_id": "m2", "text": "مكافحة الإرهاب والإرهاب", "lang": "ar", "source": "MAP"},
    ... ])
    >>> frequencies(corpus, by="source")[["source", "feature", "freq", "doc_freq"]].head(2)
      source  feature  freq  doc_freq
    0    MAP  الارهاب     3         2
    1    MAP     تجفيف     1         1
    """
    m = as_dtm(dtm_or_corpus, preprocessor, caller="frequencies")
    names, codes, keys = _group_by(m.docvars, by)
    n_groups = len(keys)
    freq, docs = group_sums(m.counts, codes, n_groups)
    n_docs = np.bincount(codes[codes >= 0], minlength=n_groups)
    totals = np.asarray(freq.sum(axis=1)).ravel()
    coo, present = freq.tocoo(), docs.tocoo()
    group, col, value = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(np.int64)
    keep = value > 0
    group, col, value = group[keep], col[keep], value[keep]
    feature_names = m.feature_names.astype(str)
    order = np.lexsort((name_ranks(feature_names)[col], -value, group))
    group, col, value = group[order], col[order], value[order]
    # document frequencies of the same (group, feature) cells: look their keys up
    n_features = m.n_features
    doc_keys = present.row.astype(np.int64) * n_features + present.col
    by_key = np.argsort(doc_keys, kind="stable")
    found = by_key[np.searchsorted(doc_keys, group * n_features + col, sorter=by_key)] if len(group) else by_key[:0]
    doc_freq = present.data[found].astype(np.int64)
    table = keys.iloc[group].reset_index(drop=True) if names else pd.DataFrame(index=range(len(group)))
    table["feature"] = pd.array(feature_names[col], dtype="str")
    table["freq"] = value
    table["per_million"] = value * 1e6 / totals[group] if len(group) else np.zeros(0)
    table["doc_freq"] = doc_freq
    table["n_docs"] = n_docs[group].astype(np.int64)
    table["total_tokens"] = totals[group].astype(np.int64)
    table.attrs.update(by=names or None, preprocessor=m.preprocessor.to_dict(),
                       preprocessor_fingerprint=m.preprocessor.fingerprint)
    return table
