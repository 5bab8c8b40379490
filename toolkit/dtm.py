"""Document-term matrices: the :class:`Vectorizer` (a scikit-learn transformer) and the :class:`DTM`.

:class:`Vectorizer` turns documents into a sparse matrix of counts, the way scikit-learn's
``CountVectorizer`` does (same ``min_df``, ``max_df`` and ``max_features``; it does the
counting), but tokens come from a :class:`toolkit.text.Preprocessor` and every document is
processed in its own language. :func:`dtm` wraps it and returns a :class:`DTM`: the counts,
the feature names, one docvars row per document, and the preprocessor that made the tokens.

Documents may come as a :class:`toolkit.corpus.Corpus`, a list of strings, ``(text, lang)``
pairs, or record dicts; any iterable (a generator reading files from disk, for instance) is
consumed once, so corpora larger than memory can be counted.

Mixed-language corpora give one vocabulary. With ``tag_language="auto"`` (the default) a
feature is prefixed with its document's language ("ar:الارهاب", "fr:terrorisme") when the
documents counted in ``fit`` are in more than one language, so the same string in two
languages gives two features; a one-language corpus keeps plain features. The decision is
taken at the end of the single pass over the documents (features are tagged while counting and
the prefix is removed if one language was met), so it also holds for streams.

Examples
--------
>>> from toolkit.corpus import Corpus
>>> corpus = Corpus.from_records([
...     {"doc_id": "un1", "text": "The Council condemns terrorism.", "lang": "en", "year": 2015},
...     {"doc_id": "un2", "text": "Terrorism and the financing of terrorism.", "lang": "en", "year": 2016},
... ])
>>> m = dtm(corpus)
>>> m
<DTM: 2 documents x 7 features, 1 language (en), preprocessor ...>
>>> m.to_frame().loc["un2", "terrorism"]
np.int64(2)
>>> m.subset("year == 2016").docvars.index.tolist()
['un2']
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.utils.validation import check_is_fitted

from toolkit.errors import DuplicateIdError, invalid_value_message
from toolkit.selection import docvars_mask
from toolkit.text.preprocess import Preprocessor

__all__ = ["DTM", "Vectorizer", "dtm"]

logger = logging.getLogger(__name__)

UNDETERMINED = "und"  #: tag for documents without a language
_TAG_OPTIONS = ("auto", True, False)


# ---------------------------------------------------------------------- inputs
def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and value == "")


def _clean_lang(value: Any, where: str) -> str | None:
    if _missing(value):
        return None
    if not isinstance(value, str):
        raise TypeError(f"{where}: lang must be a str such as 'ar' or None, got {value!r}")
    return value


def _check_text(text: Any, where: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{where}: the text must be a str, got {type(text).__name__}; "
                         "replace missing texts with ''")
    return text


def _records(X: Any) -> Iterator[tuple[str, str | None, dict[str, Any] | None]]:
    """Yield ``(text, lang, docvars)`` for every document of ``X``; docvars None when X has none."""
    from toolkit.corpus.corpus import Corpus

    if isinstance(X, (str, bytes)):  # ValueError, as scikit-learn's CountVectorizer raises
        raise ValueError("Iterable over raw text documents expected, string object received; "  # noqa: TRY004
                         "wrap a single text in a list")
    if isinstance(X, Corpus):
        langs = X.docvars["lang"].tolist()
        for (doc_id, text), lang in zip(X.items(), langs):
            yield text, _clean_lang(lang, f"document {doc_id!r}"), None
        return
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError(f"a DataFrame of documents needs a 'text' column; got {list(X.columns)}")
        X = X.reset_index().to_dict("records") if "doc_id" in (X.index.name, *X.columns) \
            else X.to_dict("records")
    try:
        items = iter(X)
    except TypeError:
        raise TypeError("documents must be a Corpus, a list of str, (text, lang) pairs or record "
                        f"dicts; got {type(X).__name__}") from None
    for i, item in enumerate(items):
        where = f"document {i}"
        if isinstance(item, str):
            yield item, None, None
        elif isinstance(item, Mapping):
            if "text" not in item:
                raise ValueError(f"{where}: a record needs a 'text' key; got keys {sorted(map(str, item))}")
            yield (_check_text(item["text"], where), _clean_lang(item.get("lang"), where),
                   {k: v for k, v in item.items() if k != "text" and not str(k).startswith("_")})
        elif isinstance(item, tuple) and len(item) == 2:
            yield _check_text(item[0], where), _clean_lang(item[1], where), None
        else:
            raise TypeError(f"{where}: expected a str, a (text, lang) pair or a record dict with 'text'; "
                            f"got {type(item).__name__}")


# ---------------------------------------------------------------------- analyzer
class _Analyzer:
    """Picklable analyzer for CountVectorizer: ``(text, lang)`` -> n-gram features."""

    def __init__(self, preprocessor: Preprocessor, ngram_range: tuple[int, int], tag: bool):
        self.preprocessor = preprocessor
        self.ngram_range = ngram_range
        self.tag = tag

    def __call__(self, doc: tuple[str, str | None]) -> list[str]:
        text, lang = doc
        lang = self.preprocessor.lang if lang is None else lang
        tokens = self.preprocessor(text, lang)
        min_n, max_n = self.ngram_range
        grams = tokens if min_n == 1 else []
        if max_n > 1:
            grams = list(grams)
            for n in range(max(min_n, 2), max_n + 1):
                grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        if self.tag:
            prefix = f"{lang or UNDETERMINED}:"
            grams = [prefix + g for g in grams]
        return grams


# ---------------------------------------------------------------------- estimator
class Vectorizer(TransformerMixin, BaseEstimator):
    """Count n-grams of preprocessed tokens per document (a scikit-learn transformer).

    Tokens come from ``preprocessor``, each document in its own language; n-grams are joined
    with a single space. Counting and pruning are scikit-learn's ``CountVectorizer``'s, so
    ``min_df``, ``max_df`` and ``max_features`` mean exactly what they mean there, and features
    are sorted.

    Parameters
    ----------
    preprocessor : Preprocessor, optional
        How texts become tokens; default ``Preprocessor()``.
    ngram_range : tuple (min_n, max_n), default (1, 1)
        Lengths of the n-grams counted (n-grams never cross documents).
    min_df : float in [0, 1] or int >= 1, default 1
        Ignore features in fewer documents than this (a proportion when float).
    max_df : float in [0, 1] or int >= 1, default 1.0
        Ignore features in more documents than this (a proportion when float).
    max_features : int, optional
        Keep only the most frequent features over the corpus.
    tag_language : {"auto", True, False}, default "auto"
        Prefix features with their document's language ("ar:الارهاب"; "und" when unknown):
        always, never, or when the documents seen by ``fit`` are in more than one language.
    dtype : numpy dtype, default numpy.int64
        Type of the counts.

    Attributes
    ----------
    vocabulary_ : dict
        Feature -> column index.
    preprocessor_ : Preprocessor
        The preprocessor used (``Preprocessor()`` when none was given).
    preprocessor_fingerprint_ : str
        Its fingerprint.
    languages_ : list of str
        Languages of the documents seen by ``fit`` ("und" for none), sorted.
    tagged_ : bool
        Whether features carry a language prefix.

    Examples
    --------
    >>> vec = Vectorizer(ngram_range=(1, 2))
    >>> X = vec.fit_transform([("Le terrorisme tue.", "fr"), ("Terrorism kills.", "en")])
    >>> vec.get_feature_names_out().tolist()
    ['en:kills', 'en:terrorism', 'en:terrorism kills', 'fr:le', 'fr:le terrorisme', 'fr:terrorisme', 'fr:terrorisme tue', 'fr:tue']
    >>> X.toarray()
    array([[0, 0, 0, 1, 1, 1, 1, 1],
           [1, 1, 1, 0, 0, 0, 0, 0]])
    """

    def __init__(self, *, preprocessor: Preprocessor | None = None, ngram_range: tuple[int, int] = (1, 1),
                 min_df: float = 1, max_df: float = 1.0, max_features: int | None = None,
                 tag_language: Literal["auto"] | bool = "auto", dtype: Any = np.int64):
        self.preprocessor = preprocessor
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.tag_language = tag_language
        self.dtype = dtype

    # ------------------------------------------------------------------ validation
    def _validate(self) -> Preprocessor:
        pre = Preprocessor() if self.preprocessor is None else self.preprocessor
        if not isinstance(pre, Preprocessor):
            raise TypeError("The 'preprocessor' parameter of Vectorizer must be a toolkit.text.Preprocessor "
                            f"or None. Got {type(pre).__name__} instead.")
        ngr = self.ngram_range
        if not (isinstance(ngr, (tuple, list)) and len(ngr) == 2
                and all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in ngr)):
            raise ValueError("The 'ngram_range' parameter of Vectorizer must be a tuple (min_n, max_n) of "
                             f"integers. Got {ngr!r} instead.")
        if not 1 <= ngr[0] <= ngr[1]:
            raise ValueError(f"Invalid value for ngram_range={tuple(ngr)}: need 1 <= min_n <= max_n.")
        for name in ("min_df", "max_df"):
            value = getattr(self, name)
            ok = (isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 1) or \
                 (isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral)
                  and 0.0 <= value <= 1.0)
            if not ok:
                raise ValueError(f"The '{name}' parameter of Vectorizer must be a float in the range "
                                 f"[0.0, 1.0] or an int in the range [1, inf). Got {value!r} instead.")
        mf = self.max_features
        if mf is not None and not (isinstance(mf, numbers.Integral) and not isinstance(mf, bool) and mf >= 1):
            raise ValueError("The 'max_features' parameter of Vectorizer must be an int in the range "
                             f"[1, inf) or None. Got {mf!r} instead.")
        tag = self.tag_language
        if not (isinstance(tag, bool) or (isinstance(tag, str) and tag == "auto")):
            raise ValueError(invalid_value_message("tag_language", self.tag_language, _TAG_OPTIONS))
        return pre

    # ------------------------------------------------------------------ fitting
    def fit(self, X: Any, y: Any = None) -> Vectorizer:
        """Learn the vocabulary of ``X`` (see :meth:`fit_transform`)."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> sparse.csr_matrix:
        """Learn the vocabulary of ``X`` and return its document-term matrix.

        Parameters
        ----------
        X : Corpus, iterable of str, of (text, lang) pairs or of record dicts
            The documents; an iterator is consumed once.
        y : None
            Ignored.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_documents, n_features)
        """
        pre = self._validate()
        return self._fit_pairs(pre, ((t, l) for t, l, _ in _records(X)))

    def _fit_pairs(self, pre: Preprocessor, pairs: Iterable[tuple[str, str | None]]) -> sparse.csr_matrix:
        seen: set[str] = set()

        def tap() -> Iterator[tuple[str, str | None]]:
            for text, lang in pairs:
                seen.add((pre.lang if lang is None else lang) or UNDETERMINED)
                yield text, lang

        tag_while_counting = self.tag_language is not False
        counter = self._count_vectorizer(pre, tag_while_counting)
        counts = counter.fit_transform(tap())
        tagged = self.tag_language is True or (self.tag_language == "auto" and len(seen) > 1)
        if tag_while_counting and not tagged:
            # one language: drop the common prefix. All features share it, so their sorted order and
            # hence the columns are unchanged.
            cut = len(next(iter(seen))) + 1 if seen else 0
            counter.vocabulary_ = {term[cut:]: j for term, j in counter.vocabulary_.items()}
            counter.analyzer = _Analyzer(pre, tuple(self.ngram_range), False)
        self.count_vectorizer_ = counter
        self.vocabulary_ = counter.vocabulary_
        self.preprocessor_ = pre
        self.preprocessor_fingerprint_ = pre.fingerprint
        self.languages_ = sorted(seen)
        self.tagged_ = tagged
        logger.info("counted %d documents in %s: %d features", counts.shape[0], self.languages_, counts.shape[1])
        return sparse.csr_matrix(counts)

    def _count_vectorizer(self, pre: Preprocessor, tag: bool) -> CountVectorizer:
        return CountVectorizer(analyzer=_Analyzer(pre, tuple(self.ngram_range), tag), lowercase=False,
                               token_pattern=None, min_df=self.min_df, max_df=self.max_df,
                               max_features=self.max_features, dtype=self.dtype)

    def transform(self, X: Any) -> sparse.csr_matrix:
        """Count the fitted vocabulary in ``X`` (features not in it are ignored).

        With language tags, documents in a language not seen by ``fit`` get empty rows.
        """
        check_is_fitted(self, "vocabulary_")
        return sparse.csr_matrix(self.count_vectorizer_.transform((t, l) for t, l, _ in _records(X)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The feature names, one per column (an object array of str)."""
        check_is_fitted(self, "vocabulary_")
        return self.count_vectorizer_.get_feature_names_out()

    def __sklearn_tags__(self) -> Any:  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class DTM:
    """A document-term matrix: counts, feature names, docvars and the preprocessor used.

    Rows are documents, always: ``docvars`` has exactly one row per row of ``counts``, in the
    same order, indexed by unique ``doc_id``, and every operation keeps it so.

    Parameters
    ----------
    counts : scipy.sparse matrix, shape (n_docs, n_features)
        Counts (stored as CSR, int64).
    feature_names : array-like of str, length n_features
        Unique feature names, one per column.
    docvars : pandas.DataFrame
        One row per document, index ``doc_id``.
    preprocessor : Preprocessor
        How the texts became tokens.
    params : mapping
        The vectoriser settings and what fit decided (``tagged``, ``languages``).

    Examples
    --------
    >>> m = dtm([{"doc_id": "a", "text": "war on terror", "lang": "en"},
    ...          {"doc_id": "b", "text": "terror", "lang": "en"}])
    >>> m.n_docs, m.n_features
    (2, 3)
    >>> m.term_frequencies()
    terror    2
    on        1
    war       1
    Name: frequency, dtype: int64
    """

    counts: sparse.csr_matrix
    feature_names: np.ndarray
    docvars: pd.DataFrame
    preprocessor: Preprocessor
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not sparse.issparse(self.counts):
            raise TypeError(f"counts must be a scipy sparse matrix, got {type(self.counts).__name__}")
        counts = sparse.csr_matrix(self.counts, dtype=np.int64)
        if not counts.has_canonical_format:
            # sorted column indices, no duplicates, on a copy: scipy canonicalises a matrix in place
            # when some operations need it, which would reorder arrays the caller may share
            counts = counts.copy()
            counts.sum_duplicates()
        names = np.asarray(self.feature_names, dtype=object)
        if names.ndim != 1 or len(names) != counts.shape[1]:
            raise ValueError(f"feature_names has {names.size} names for {counts.shape[1]} columns of counts")
        if len(set(names.tolist())) != len(names):
            raise ValueError("feature_names must be unique")
        if not isinstance(self.docvars, pd.DataFrame):
            raise TypeError(f"docvars must be a DataFrame, got {type(self.docvars).__name__}")
        if len(self.docvars) != counts.shape[0]:
            raise ValueError(f"docvars has {len(self.docvars)} rows for {counts.shape[0]} documents; "
                             "a DTM needs exactly one docvars row per document")
        if self.docvars.index.name != "doc_id" or not self.docvars.index.is_unique:
            raise ValueError("docvars must be indexed by unique 'doc_id'")
        if not isinstance(self.preprocessor, Preprocessor):
            raise TypeError(f"preprocessor must be a Preprocessor, got {type(self.preprocessor).__name__}")
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "feature_names", names)
        object.__setattr__(self, "params", dict(self.params))

    # ------------------------------------------------------------------ access
    @property
    def n_docs(self) -> int:
        """Number of documents (rows)."""
        return self.counts.shape[0]

    @property
    def n_features(self) -> int:
        """Number of features (columns)."""
        return self.counts.shape[1]

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_docs, n_features)``."""
        return self.counts.shape

    @property
    def doc_ids(self) -> list[str]:
        """The document ids, in row order."""
        return self.docvars.index.tolist()

    def feature_index(self, feature: str) -> int:
        """Column of ``feature``.

        >>> dtm(["a b"], preprocessor=Preprocessor(lang="en")).feature_index("b")
        1
        """
        hits = np.flatnonzero(self.feature_names == feature)
        if not len(hits):
            hint = " (features are language-tagged, e.g. 'ar:...')" if self.params.get("tagged") else ""
            raise KeyError(f"no feature {feature!r} in this DTM{hint}")
        return int(hits[0])

    def subset(self, query: str | None = None, *, mask: Any = None,
               doc_ids: Iterable[str] | None = None) -> DTM:
        """Keep the documents that satisfy every condition given (features are all kept).

        Parameters
        ----------
        query : str, optional
            A :meth:`pandas.DataFrame.query` expression over docvars, e.g. ``"lang == 'ar'"``.
        mask : array of bool, optional
            One boolean per document.
        doc_ids : iterable of str, optional
            Keep these documents, in row order.

        >>> m = dtm([{"text": "a", "lang": "en", "year": 1}, {"text": "b", "lang": "en", "year": 2}])
        >>> m.subset("year > 1").doc_ids
        ['1']
        """
        keep = docvars_mask(self.docvars, query, mask=mask, doc_ids=doc_ids)
        rows = np.flatnonzero(keep)
        return DTM(self.counts[rows], self.feature_names, self.docvars.iloc[rows].copy(), self.preprocessor,
                   self.params)

    def to_frame(self) -> pd.DataFrame:
        """The counts as a pandas DataFrame with sparse columns (index ``doc_id``, one column per feature)."""
        return pd.DataFrame.sparse.from_spmatrix(self.counts, index=self.docvars.index.copy(),
                                                 columns=pd.Index(self.feature_names.tolist()))

    def term_frequencies(self) -> pd.Series:
        """Total count of every feature over all documents, most frequent first (ties by name)."""
        totals = np.asarray(self.counts.sum(axis=0)).ravel().astype(np.int64)
        freq = pd.Series(totals, index=pd.Index(self.feature_names.tolist()), name="frequency")
        order = np.lexsort((self.feature_names.astype(str), -totals))
        return freq.iloc[order]

    def __repr__(self) -> str:
        langs = self.params.get("languages") or []
        lang_part = (f"{len(langs)} language{'s' if len(langs) != 1 else ''} ({', '.join(langs)}), "
                     if langs else "")
        return (f"<DTM: {self.n_docs} document{'s' if self.n_docs != 1 else ''} x {self.n_features} "
                f"feature{'s' if self.n_features != 1 else ''}, {lang_part}"
                f"preprocessor {self.preprocessor.fingerprint}>")


# ---------------------------------------------------------------------- builder
def dtm(data: Any, *, preprocessor: Preprocessor | None = None, **vectorizer_params: Any) -> DTM:
    """Build a :class:`DTM` from a corpus or a stream of records, keeping docvars aligned.

    Parameters
    ----------
    data : Corpus or iterable
        A :class:`~toolkit.corpus.Corpus` (its ``lang`` docvar gives each document's language),
        or an iterable of record dicts with ``text`` and optionally ``doc_id``, ``lang`` and other
        docvars (as yielded by :func:`toolkit.corpus.read_records`; keys starting with "_" are
        reader bookkeeping and are dropped), of ``(text, lang)`` pairs, or of str. An iterator is
        consumed once; docvars are collected as documents pass. Documents without ``doc_id`` are
        numbered by position ("0", "1", ...).
    preprocessor : Preprocessor, optional
        How texts become tokens (default ``Preprocessor()``).
    **vectorizer_params
        ``ngram_range``, ``min_df``, ``max_df``, ``max_features``, ``tag_language``
        (see :class:`Vectorizer`).

    Returns
    -------
    DTM

    Raises
    ------
    DuplicateIdError
        If two records have the same ``doc_id``.
    TypeError
        For an unknown vectoriser parameter.

    Examples
    --------
    >>> m = dtm([{"doc_id": "x", "text": "مكافحة الإرهاب", "lang": "ar", "source": "MAP"},
    ...          {"doc_id": "y", "text": "la lutte contre le terrorisme", "lang": "fr", "source": "MAP"}])
    >>> m.feature_names.tolist()
    ['ar:الارهاب', 'ar:مكافحة', 'fr:contre', 'fr:la', 'fr:le', 'fr:lutte', 'fr:terrorisme']
    >>> m.docvars
           lang source
    doc_id
    x        ar    MAP
    y        fr    MAP
    """
    from toolkit.corpus.corpus import Corpus

    if "dtype" in vectorizer_params:
        raise TypeError("dtm() stores counts as int64; dtype cannot be changed (use Vectorizer for that)")
    vec = Vectorizer(preprocessor=preprocessor, **vectorizer_params)
    pre = vec._validate()
    rows: list[dict[str, Any]] = []
    if isinstance(data, Corpus):
        docvars = data.docvars
        counts = vec._fit_pairs(pre, ((t, l) for t, l, _ in _records(data)))
    else:
        def collect() -> Iterator[tuple[str, str | None]]:
            for i, (text, lang, extra) in enumerate(_records(data)):
                row = dict(extra or {})
                doc_id = row.pop("doc_id", None)
                row["lang"] = lang
                rows.append({"doc_id": str(i) if _missing(doc_id) else str(doc_id), **row})
                yield text, lang

        counts = vec._fit_pairs(pre, collect())
        docvars = pd.DataFrame(rows, columns=None if rows else ["doc_id", "lang"]).set_index("doc_id")
        if not docvars.index.is_unique:
            dups = docvars.index[docvars.index.duplicated()].unique()[:5].tolist()
            raise DuplicateIdError(f"doc_id must be unique; repeated: {dups}. Give each record its own "
                                   "doc_id, or leave it out to number documents by position")
    params = {k: v for k, v in vec.get_params().items() if k not in ("preprocessor", "dtype")}
    params["ngram_range"] = tuple(params["ngram_range"])
    params.update(tagged=vec.tagged_, languages=vec.languages_)
    return DTM(counts, vec.get_feature_names_out(), docvars, vec.preprocessor_, params)
