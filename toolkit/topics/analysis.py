"""One call from a corpus to a described topic model: :func:`analyse_topics` and its :class:`TopicAnalysis`.

:func:`analyse_topics` chains the steps of :mod:`toolkit.topics` the way a study of topics over
time uses them, with the toolkit's defaults for topic models:

1. **Document-term matrix** (:func:`topic_dtm`): stop words removed
   (``Preprocessor(stop_words=True)``, in each document's language; no stemming, so that top
   terms stay readable words), features kept when they occur in at least ``min_df`` = 5
   documents and at most ``max_df`` = 90% of them (the near-ubiquitous words of a genre, such
   as "united" and "nations" in the UN General Debates, say nothing about topics). Documents
   left without a token are dropped (as stm's ``prepDocuments`` does) and counted in
   ``params``.
2. **Model**: :class:`~toolkit.topics.TopicModel` (LDA by the toolkit's variational Bayes,
   seeded with frame words when ``seeds`` is given).
3. **Description**: per topic, its expected proportion, stm's exclusivity and semantic
   coherence (``topics``); its top terms by probability and by FREX with their probability,
   FREX and lift (``top_terms``); the tidy document-topic table with docvars
   (``document_topics``).
4. **Representative texts** (``representative``): the ``n_representative`` documents with the
   highest proportion of each topic (stm's ``findThoughts``) and, from a corpus, the most
   typical *paragraphs*: the paragraphs of the ``paragraph_pool`` documents with the highest
   proportion of the topic are given topic proportions by the fitted model
   (:meth:`TopicModel.transform`, topics held fixed), paragraphs with fewer than
   ``min_tokens`` tokens of the vocabulary are set aside (the proportions of a few words are
   mostly prior), and the best paragraph of each document competes, so that the paragraphs
   shown come from different documents.
5. **Prevalence over time** (``prevalence``): :func:`~toolkit.topics.estimate_effect` on a
   B-spline of ``by`` (year by default), with intervals from the model's approximate posterior
   (method of composition). Documents without a time are left out of this step only; with few
   distinct times the spline's degrees of freedom are lowered to fit (``params``).

Everything is deterministic for a ``random_state`` with ``n_jobs=1``; ``params`` records what
is needed to run the analysis again (settings, seed words, preprocessing, fit diagnostics,
versions) and :meth:`TopicAnalysis.save` writes the tables and ``model.json``.

Examples
--------
>>> from toolkit.corpus import Corpus
>>> rng = np.random.default_rng(0)
>>> words = [["army", "troops", "soldiers", "weapons"], ["bank", "money", "funds", "finance"]]
>>> corpus = Corpus.from_records(
...     {"doc_id": f"d{i}", "lang": "en", "date": f"{2000 + i % 5}-06-01",
...      "text": " ".join(rng.choice(words[i % 2], 12)) + "\\n\\n" + " ".join(rng.choice(words[1 - i % 2], 3))}
...     for i in range(30))
>>> result = analyse_topics(corpus, n_components=2, min_df=1, max_df=1.0, max_iter=50, n_draws=20)
>>> result
<TopicAnalysis: 2 topics (lda), 30 documents x 8 features, prevalence by year (5 times), 20 representative rows>
>>> sorted(sorted(terms.split()[:4]) for terms in result.topics["prob_terms"])
[['army', 'soldiers', 'troops', 'weapons'], ['bank', 'finance', 'funds', 'money']]
>>> result.representative.groupby("unit").size().to_dict()
{'document': 10, 'paragraph': 10}
>>> list(result.document_topics.columns[-2:])
['topic_0', 'topic_1']
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import invalid_value_message
from toolkit.topics.model import TopicModel
from toolkit.topics.representative import _check_positive, check_corpus_covers, representative_texts

__all__ = ["TopicAnalysis", "analyse_topics", "coherence_texts", "representative_texts", "topic_dtm"]

logger = logging.getLogger(__name__)

Unit = Literal["document", "paragraph"]
_UNITS = ("document", "paragraph")
_DERIVED_TIMES = ("year", "quarter", "month", "date")
MIN_DF = 5
MAX_DF = 0.9


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, repr=False)
class TopicAnalysis:
    """A fitted topic model with its description, as tidy tables (made by :func:`analyse_topics`).

    Topics are numbered from 0 in the model's order; ``label`` is the model's topic name (the
    seed category, e.g. "military", for a seeded topic, "other_1" ... for its residual topics,
    "topic_0" ... when unseeded), the column :mod:`toolkit.plot.topics` names topics by (frame
    labels are translated and coloured as in the frame figures).

    Attributes
    ----------
    model : TopicModel
        The fitted model (``doc_topic_`` rows follow ``dtm``'s documents).
    dtm : DTM
        The document-term matrix it was fitted on.
    topics : pandas.DataFrame
        One row per topic: ``topic``, ``label``, ``seed_words`` (space-separated, seeded topics),
        ``proportion`` (mean topic proportion over documents), ``exclusivity`` and
        ``semantic_coherence`` (stm's, over the top ``n_top`` words), ``prob_terms`` and
        ``frex_terms`` (the top terms, space-separated).
    top_terms : pandas.DataFrame
        ``topic``, ``label``, ``by`` ("prob" or "frex": the ranking), ``rank`` (1 = best),
        ``term``, ``prob`` (beta), ``frex`` (stm's FREX with James-Stein shrinkage, weight 0.5)
        and ``lift``; ``n_top`` rows per topic and ranking.
    document_topics : pandas.DataFrame
        One row per document: ``doc_id``, the docvars, then one column per topic (named by
        ``label``) holding its proportion.
    prevalence : pandas.DataFrame or None
        :func:`~toolkit.topics.estimate_effect`'s table with ``label`` added: ``topic``,
        ``label``, ``time``, ``estimate``, ``ci_low``, ``ci_high``, ``n_draws``; None when
        ``by=None`` or the documents have fewer than two distinct times.
    representative : pandas.DataFrame
        ``topic``, ``label``, ``unit`` ("document" or "paragraph"), ``rank``, ``doc_id``,
        ``unit_id`` (the paragraph's id ``"{doc_id}#{index}"``, or the doc_id), ``proportion``
        (of the topic in the unit), ``n_tokens`` (tokens of the vocabulary in the unit),
        ``text`` (the paragraph, or the start of the document, whitespace collapsed and cut at
        ``snippet_chars``; missing when fitted on a DTM), then the document's docvars.
    params : mapping
        What is needed to reproduce the analysis (JSON-serialisable): the settings, the model's
        parameters and seed words, the preprocessing, the corpus, fit diagnostics and versions.
    """

    model: TopicModel
    dtm: Any
    topics: pd.DataFrame
    top_terms: pd.DataFrame
    document_topics: pd.DataFrame
    prevalence: pd.DataFrame | None
    representative: pd.DataFrame
    params: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        p = self.params
        time = (f"prevalence by {p['analysis']['by']} ({self.prevalence['time'].nunique()} times)"
                if self.prevalence is not None else "no prevalence")
        return (f"<TopicAnalysis: {self.model.n_components_} topics ({p['model']['method']}), "
                f"{self.dtm.n_docs} documents x {self.dtm.n_features} features, {time}, "
                f"{len(self.representative)} representative rows>")

    def save(self, outdir: str | os.PathLike[str]) -> dict[str, Path]:
        """Write the tables as CSV (UTF-8) and ``params`` as ``model.json`` into ``outdir``.

        Files: ``topics.csv``, ``top_terms.csv``, ``document_topics.csv``, ``prevalence.csv``
        (when there is a prevalence table), ``representative.csv`` and ``model.json``. Each is
        written atomically (:mod:`toolkit.atomic`): complete or absent. The folder is created.

        Returns
        -------
        dict of str to pathlib.Path
            Name (e.g. ``"top_terms"``) -> path written.

        Examples
        --------
        >>> import tempfile
        >>> rng = np.random.default_rng(0)
        >>> docs = [" ".join(rng.choice(["war", "army", "bank", "money"], 10)) for _ in range(12)]
        >>> result = analyse_topics(docs, n_components=2, language="en", min_df=1, max_df=1.0, max_iter=5, by=None)
        >>> sorted(result.save(tempfile.mkdtemp()))
        ['document_topics', 'model', 'representative', 'top_terms', 'topics']
        """
        from toolkit.atomic import atomic_path, write_text

        folder = Path(outdir)
        tables = {"topics": self.topics, "top_terms": self.top_terms, "document_topics": self.document_topics,
                  "prevalence": self.prevalence, "representative": self.representative}
        written: dict[str, Path] = {}
        for name, table in tables.items():
            if table is None:
                continue
            path = folder / f"{name}.csv"
            with atomic_path(path) as tmp:
                table.to_csv(tmp, index=False, encoding="utf-8")
            written[name] = path
        payload = {**_plain(self.params), "files": sorted(p.name for p in written.values()) + ["model.json"]}
        written["model"] = write_text(folder / "model.json",
                                      json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
        logger.info("wrote %d files to %s", len(written), folder)
        return written


# ---------------------------------------------------------------------- inputs
def _default_preprocessor(language: str | None) -> Any:
    from toolkit.text import Preprocessor

    return Preprocessor(lang=language, stop_words=True)


def _select_language(corpus: Any, language: str | None) -> Any:
    if language is None:
        return corpus
    langs = corpus.docvars["lang"]
    keep = (langs == language).fillna(False).to_numpy(dtype=bool)
    if not keep.any():
        present = sorted({str(v) for v in langs.dropna().unique()})
        raise ValueError(f"language={language!r}: no document is in this language; the corpus has "
                         f"{present or 'no language tags'}. Pass one of them or language=None")
    return corpus.subset(mask=keep)


def topic_dtm(corpus: Any, *, language: str | None = None, preprocessor: Any = None, min_df: float = MIN_DF,
              max_df: float = MAX_DF, max_features: int | None = None, ngram_range: tuple[int, int] = (1, 1)) -> Any:
    """The document-term matrix :func:`analyse_topics` fits on: stop words out, rare and ubiquitous words pruned.

    Parameters
    ----------
    corpus : Corpus or iterable of documents
        What :func:`toolkit.dtm.dtm` takes.
    language : str, optional
        Keep only the documents in this language (the ``lang`` docvar; a Corpus only) and
        process untagged texts as this language.
    preprocessor : Preprocessor, optional
        Default ``Preprocessor(lang=language, stop_words=True)``: stop words of each
        document's language removed, Arabic clitics split conservatively, no stemming.
    min_df, max_df, max_features, ngram_range
        As in :class:`toolkit.dtm.Vectorizer` (scikit-learn's meaning); defaults 5 documents
        and 90% of the documents.

    Returns
    -------
    DTM

    Examples
    --------
    >>> m = topic_dtm(["the army and the troops", "the bank and the money"], language="en", min_df=1, max_df=1.0)
    >>> m.feature_names.tolist()
    ['army', 'bank', 'money', 'troops']
    """
    from toolkit.corpus import Corpus
    from toolkit.dtm import dtm

    if isinstance(corpus, Corpus):
        corpus = _select_language(corpus, language)
    elif language is not None and preprocessor is None:
        logger.info("language=%r sets the preprocessor's language; documents are not filtered (not a Corpus)",
                    language)
    pre = _default_preprocessor(language) if preprocessor is None else preprocessor
    return dtm(corpus, preprocessor=pre, min_df=min_df, max_df=max_df, max_features=max_features,
               ngram_range=ngram_range)


def coherence_texts(corpus: Any, dtm: Any) -> list[list[str]]:
    """Each document's tokens as ``dtm``'s features are written, for sliding-window coherence.

    The documents of ``dtm`` (by ``doc_id``) are tokenised again with its preprocessor, in
    their language, and language-tagged like its features when it is tagged ("ar:..."); tokens
    outside the vocabulary stay (they are positions in the windows). Needs a unigram DTM.

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> corpus = Corpus.from_records([{"doc_id": "a", "text": "The army, the troops.", "lang": "en"}])
    >>> coherence_texts(corpus, topic_dtm(corpus, min_df=1, max_df=1.0))
    [['army', 'troops']]
    """
    if tuple(dtm.params.get("ngram_range", (1, 1))) != (1, 1):
        raise ValueError("coherence_texts needs a unigram DTM (ngram_range=(1, 1)); n-gram features are not "
                         "tokens of the texts")
    check_corpus_covers(corpus, dtm)
    pre, tagged = dtm.preprocessor, bool(dtm.params.get("tagged"))
    langs = corpus.docvars["lang"]
    texts = []
    for doc_id in dtm.doc_ids:
        lang = langs[doc_id] if isinstance(langs[doc_id], str) else None
        tokens = pre(corpus[doc_id], lang)
        if tagged:
            prefix = f"{lang or pre.lang or 'und'}:"
            tokens = [prefix + t for t in tokens]
        texts.append(tokens)
    return texts


# ---------------------------------------------------------------------- helpers
def _plain(value: Any) -> Any:
    """JSON-friendly copy: mappings to dicts, tuples and arrays to lists, numpy scalars to Python."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_plain(v) for v in items]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _time_column(docvars: pd.DataFrame, by: str) -> tuple[pd.Series, str]:
    """The time of each document for ``by`` and how it was obtained."""
    if by in docvars.columns:
        return docvars[by], f"docvar {by!r}"
    if by in _DERIVED_TIMES and "date" in docvars.columns:
        dates = pd.to_datetime(docvars["date"], errors="coerce")
        if by == "year":
            return dates.dt.year.astype("Float64"), "year of the docvar 'date'"
        freq = {"quarter": "Q", "month": "M", "date": None}[by]
        if freq is None:
            return dates, "docvar 'date'"
        return dates.dt.to_period(freq).dt.to_timestamp(), f"{by} of the docvar 'date' (first day)"
    raise ValueError(f"by={by!r} is neither a docvar ({sorted(map(str, docvars.columns))}) nor one of "
                     f"{list(_DERIVED_TIMES)} derived from a 'date' docvar; pass by=None (--by none) to skip prevalence")


def _spline_df(times: pd.Series, wanted: int) -> tuple[int, int]:
    """The largest spline df <= ``wanted`` (and its degree, at most 3) whose design has full rank.

    With few distinct times, or most documents at one time, quantile knots can coincide with
    each other or with a boundary (e.g. ANT, where most articles are from 2017), which makes
    the design singular; lowering df removes interior knots until it is not.
    """
    from toolkit.topics.effect import _decimal_years
    from toolkit.topics.splines import bs_knots, bspline_basis

    if pd.api.types.is_datetime64_any_dtype(times):
        x = _decimal_years(pd.DatetimeIndex(times))  # as estimate_effect places the times
    else:
        x = pd.to_numeric(times, errors="coerce").to_numpy(dtype=float)
    distinct = np.unique(x[np.isfinite(x)])
    if len(distinct) != times.nunique():  # e.g. date strings: estimate_effect parses them
        df = max(1, min(wanted, times.nunique() - 1))
        return df, min(3, df)
    for df in range(min(wanted, len(distinct) - 1), 0, -1):
        degree = min(3, df)
        interior, boundary = bs_knots(x, df=df, degree=degree)
        if len(interior) and (np.any(np.diff(interior) <= 0) or interior[0] <= boundary[0]
                              or interior[-1] >= boundary[1]):
            continue
        basis = bspline_basis(distinct, knots=interior, boundary_knots=boundary, degree=degree)
        design = np.column_stack([np.ones(len(distinct)), basis])
        if np.linalg.matrix_rank(design) == design.shape[1]:
            return df, degree
    return 1, 1


def _prevalence(model: TopicModel, docvars: pd.DataFrame, by: str, *, spline_df: int, n_draws: int,
                random_state: int) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    from toolkit.topics.effect import estimate_effect

    times, source = _time_column(docvars, by)
    keep = times.notna().to_numpy(dtype=bool)
    info: dict[str, Any] = {"by": by, "time_from": source, "n_documents": int(keep.sum()),
                            "n_without_time": int((~keep).sum())}
    if not keep.all():
        logger.warning("prevalence: %d of %d documents have no %s and are left out of it", (~keep).sum(), len(keep), by)
    distinct = int(times[keep].nunique())
    info["n_times"] = distinct
    if distinct < 2:
        logger.warning("prevalence: the documents have %d distinct value(s) of %s; no trend can be estimated",
                       distinct, by)
        info["skipped"] = f"{distinct} distinct time(s)"
        return None, info
    values = times[keep]
    if pd.api.types.is_float_dtype(values) and (values == values.round()).all():
        values = values.astype("int64")  # years derived from dates
    df, degree = _spline_df(values, spline_df)
    if df < spline_df:
        logger.info("prevalence: %d distinct times; spline_df lowered from %d to %d (degree %d) for a design of "
                    "full rank", distinct, spline_df, df, degree)
    frame = pd.DataFrame({by: values.to_numpy()}, index=docvars.index[keep])
    posterior = model.doc_topic_posterior_
    view = SimpleNamespace(doc_topic_=model.doc_topic_[keep], docvars_=frame,
                           doc_topic_posterior_=None if posterior is None else posterior[keep])
    table = estimate_effect(view, time=by, spline_df=df, spline_degree=degree, n_draws=n_draws,
                            random_state=random_state)
    info.update(spline_df=df, spline_degree=degree,
                **{k: table.attrs[k] for k in ("method", "uncertainty", "formula", "ci", "n_theta_draws",
                                               "n_coef_draws", "assumptions")})
    labels = np.asarray(model.topic_names_, dtype=object)
    table.insert(1, "label", labels[table["topic"].to_numpy()])
    table.attrs = {}
    return table, info


def _top_terms(model: TopicModel, m: Any, n_top: int) -> pd.DataFrame:
    from toolkit.topics.describe import frex, lift, top_terms

    frex_all = frex(model, word_counts=m)
    with np.errstate(divide="ignore", invalid="ignore"):
        lift_all = lift(model, m)
    index = {name: j for j, name in enumerate(model.feature_names_in_.tolist())}
    parts = []
    for by in ("prob", "frex"):
        table = top_terms(model, n=n_top, by=by, word_counts=m)
        cols = np.fromiter((index[t] for t in table["term"]), dtype=np.intp, count=len(table))
        rows = table["topic"].to_numpy()
        parts.append(pd.DataFrame({"topic": rows, "label": np.asarray(model.topic_names_, dtype=object)[rows],
                                   "by": by, "rank": table["rank"].to_numpy(), "term": table["term"].to_numpy(),
                                   "prob": model.topic_word_[rows, cols], "frex": frex_all[rows, cols],
                                   "lift": lift_all[rows, cols]}))
    return pd.concat(parts, ignore_index=True)


def _topic_table(model: TopicModel, m: Any, terms: pd.DataFrame, n_top: int) -> pd.DataFrame:
    from toolkit.topics.describe import exclusivity, semantic_coherence

    top = min(n_top, m.n_features)
    seeds = model.seed_words_ or {}
    joined = terms.groupby(["by", "topic"], sort=True)["term"].agg(" ".join)
    k = np.arange(model.n_components_)
    return pd.DataFrame({
        "topic": k, "label": model.topic_names_,
        "seed_words": [" ".join(seeds[n]) if n in seeds else None for n in model.topic_names_],
        "proportion": model.doc_topic_.mean(axis=0),
        "exclusivity": exclusivity(model, M=top), "semantic_coherence": semantic_coherence(model, m, M=top),
        "prob_terms": joined["prob"].reindex(k).to_numpy(), "frex_terms": joined["frex"].reindex(k).to_numpy()})


def _document_topics(model: TopicModel, docvars: pd.DataFrame) -> pd.DataFrame:
    labels = list(model.topic_names_)
    frame = docvars.copy()
    clash = [c for c in frame.columns if str(c) in labels or c == "doc_id"]
    if clash:
        logger.warning("document_topics: docvars %s share a name with a topic or doc_id; renamed docvar_...", clash)
        frame = frame.rename(columns={c: f"docvar_{c}" for c in clash})
    frame = frame.reset_index(names="doc_id")
    return pd.concat([frame, pd.DataFrame(model.doc_topic_, columns=labels)], axis=1)


def _prepare(data: Any, *, language: str | None, preprocessor: Any, min_df: float | None, max_df: float | None,
             max_features: int | None) -> tuple[Any, Any, dict[str, Any]]:
    """``(DTM, corpus or None, what the corpus was)`` from the input of :func:`analyse_topics`."""
    from toolkit.corpus import Corpus
    from toolkit.dtm import DTM, _records
    from toolkit.pipeline.cache import corpus_hash

    corpus = None
    if isinstance(data, DTM):
        given = sorted(k for k, v in {"preprocessor": preprocessor, "min_df": min_df, "max_df": max_df,
                                      "max_features": max_features}.items() if v is not None)
        if given:
            raise TypeError(f"{given} apply when building the DTM from a corpus; this DTM is already built: pass "
                            "the corpus instead, or leave them unset")
        m = data
        if language is not None:
            if "lang" not in m.docvars.columns:
                raise ValueError(f"language={language!r} selects documents by their 'lang' docvar, which this DTM "
                                 "does not have")
            m = m.subset(mask=(m.docvars["lang"] == language).fillna(False).to_numpy(dtype=bool))
        info: dict[str, Any] = {"input": "DTM", "n_documents": m.n_docs}
    else:
        if isinstance(data, Corpus):
            corpus = _select_language(data, language)
        else:  # documents as dtm() takes them; their language is not guessed
            corpus = Corpus.from_records(({**(d or {}), "lang": lang, "text": text} for text, lang, d in _records(data)),
                                         detect_lang=False, lang=language)
        if not len(corpus):
            skipped = corpus.skipped
            hint = (f"; {len(skipped)} files were skipped, e.g. {skipped['path'].iloc[0]}: {skipped['reason'].iloc[0]}"
                    if len(skipped) else "")
            raise ValueError(f"the corpus has no documents to model{hint}")
        m = topic_dtm(corpus, language=language, preprocessor=preprocessor,
                      min_df=MIN_DF if min_df is None else min_df, max_df=MAX_DF if max_df is None else max_df,
                      max_features=max_features)
        info = {"input": "corpus", "n_documents": len(corpus), "content_sha256": corpus_hash(corpus),
                **{k: corpus.meta[k] for k in ("path", "layout", "name", "synthetic", "fallback") if k in corpus.meta}}
    if language is not None:
        info["language"] = language
    empty = np.asarray(m.counts.sum(axis=1)).ravel() == 0
    if empty.all():
        raise ValueError(f"no document has a token left after preprocessing ({m.n_features} features); "
                         "try a lower min_df or a higher max_df")
    if empty.any():
        logger.info("%d of %d documents have no token of the vocabulary and are dropped", empty.sum(), m.n_docs)
        m = m.subset(mask=~empty)
    info["n_empty_dropped"] = int(empty.sum())
    return m, corpus, info


# ---------------------------------------------------------------------- public
def analyse_topics(corpus_or_dtm: Any, *, n_components: int = 10, seeds: Any = None, seed_weight: float = 0.1,
                   method: Literal["lda", "nmf"] = "lda", by: str | None = "year", language: str | None = None,
                   preprocessor: Any = None, min_df: float | None = None, max_df: float | None = None,
                   max_features: int | None = None, max_iter: int = 100, tol: float = 1e-4, n_top: int = 10,
                   n_representative: int = 5, representative: Sequence[Unit] = ("document", "paragraph"),
                   paragraph_pool: int = 50, min_tokens: int = 10, snippet_chars: int | None = 500,
                   spline_df: int = 5, n_draws: int = 100, random_state: int = 0, n_jobs: int | None = 1,
                   model_params: Mapping[str, Any] | None = None, corpus: Any = None,
                   progress: bool = False) -> TopicAnalysis:
    """Fit a topic model to a corpus and describe it: topics, top terms, documents, paragraphs, prevalence over time.

    The steps and their defaults are described in :mod:`toolkit.topics.analysis`.

    Parameters
    ----------
    corpus_or_dtm : Corpus, iterable of documents, or DTM
        A :class:`~toolkit.corpus.Corpus` (or what :func:`toolkit.dtm.dtm` takes) is turned into
        a DTM by :func:`topic_dtm`; a :class:`~toolkit.dtm.DTM` is used as it is (the
        preprocessing options must then be left unset, and the texts of the representative
        table come from ``corpus=``, without which there are no paragraphs or texts).
    n_components : int, default 10
        Number of topics K, seeded and residual together.
    seeds : dictionary, its name or path, or mapping topic -> seed words, optional
        Seed topics, e.g. ``"terrorism_frames"`` (one topic per frame; see
        :mod:`toolkit.topics.seeded`); None: unseeded.
    seed_weight : float, default 0.1
        :class:`TopicModel`'s ``seed_weight``.
    method : {"lda", "nmf"}, default "lda"
        NMF has no posterior: prevalence intervals then come from a document bootstrap.
    by : str or None, default "year"
        Time for prevalence: a docvar (numbers, dates or date strings), or "year", "quarter",
        "month" or "date" derived from the ``date`` docvar. None: no prevalence table.
    language : str, optional
        Keep only the documents in this language (``lang`` docvar) and process them as it.
    preprocessor : Preprocessor, optional
        How texts become tokens; default ``Preprocessor(lang=language, stop_words=True)``.
    min_df, max_df, max_features : optional
        Vocabulary pruning (:class:`toolkit.dtm.Vectorizer`); defaults 5 and 0.9.
    max_iter, tol : int, float
        EM iterations and stopping tolerance of the model.
    n_top : int, default 10
        Top terms per topic and ranking (also used for exclusivity and semantic coherence).
    n_representative : int, default 5
        Documents, and paragraphs, shown per topic.
    representative : sequence of {"document", "paragraph"}
        Units of the representative table.
    paragraph_pool : int, default 50
        Paragraphs are looked for in the ``paragraph_pool`` documents with the highest
        proportion of each topic (all documents when that is more than there are).
    min_tokens : int, default 10
        Paragraphs with fewer tokens of the vocabulary are not ranked.
    snippet_chars : int or None, default 500
        Length at which texts are cut in the representative table (None: whole texts).
    spline_df : int, default 5
        Degrees of freedom of the time spline (lowered to the number of distinct times - 1).
    n_draws : int, default 100
        Draws of the topic proportions for the prevalence intervals.
    random_state : int, default 0
        Seed of the model and of the prevalence draws.
    n_jobs : int or None, default 1
        Threads (1: single-threaded and reproducible bit for bit).
    model_params : mapping, optional
        Further :class:`TopicModel` parameters (e.g. ``doc_topic_prior``, ``solver``).
    corpus : Corpus, optional
        With a DTM: the corpus it was built from, for the representative paragraphs and texts.
    progress : bool, default False
        Show a progress bar of the steps on stderr.

    Returns
    -------
    TopicAnalysis

    Raises
    ------
    TypeError
        For preprocessing options given with a DTM, or an input that is not documents.
    ValueError
        For a bad parameter, a language absent from the corpus, an unknown ``by``, or a
        vocabulary left empty by the pruning (try a lower ``min_df`` or a higher ``max_df``).

    Examples
    --------
    See the module's example; with a DTM there are no paragraphs:

    >>> from toolkit.dtm import dtm
    >>> m = dtm([{"text": t, "lang": "en", "year": 2000 + i % 3} for i, t in
    ...          enumerate(["army troops war"] * 6 + ["bank money funds"] * 6)])
    >>> res = analyse_topics(m, n_components=2, max_iter=20, n_representative=2, n_draws=10)
    >>> res.representative["unit"].unique().tolist(), res.prevalence["time"].unique().tolist()
    (['document'], [2000, 2001, 2002])
    """
    from tqdm.auto import tqdm

    _check_positive("n_top", n_top)
    _check_positive("n_representative", n_representative)
    _check_positive("n_draws", n_draws)
    _check_positive("spline_df", spline_df)
    units = [representative] if isinstance(representative, str) else list(representative)
    for unit in units:
        if unit not in _UNITS:
            raise ValueError(invalid_value_message("representative", unit, _UNITS))
    extra = dict(model_params or {})
    reserved = {"n_components", "seeds", "seed_weight", "method", "max_iter", "tol", "random_state", "n_jobs"}
    if reserved & set(extra):
        raise ValueError(f"model_params must not set {sorted(reserved & set(extra))}: they are arguments of "
                         "analyse_topics")
    model = TopicModel(n_components, method=method, seeds=seeds, seed_weight=seed_weight, max_iter=max_iter,
                       tol=tol, random_state=random_state, n_jobs=n_jobs, **extra)
    model._check_params()  # fail before the (long) DTM when a parameter is wrong

    steps = iter([f"fitting {n_components} topics", "describing topics", "representative texts",
                  "prevalence over time"])
    with tqdm(total=5, desc="document-term matrix", unit="step", disable=not progress, leave=False) as bar:

        def step() -> None:
            bar.update()
            bar.set_description(next(steps, "done"))

        m, texts, corpus_info = _prepare(corpus_or_dtm, language=language, preprocessor=preprocessor,
                                         min_df=min_df, max_df=max_df, max_features=max_features)
        if corpus is not None:
            if texts is not None:
                raise TypeError("corpus= gives the texts of a DTM; the corpus given first already has them")
            texts = corpus
        if by is not None:
            _time_column(m.docvars, by)  # an unknown ``by`` fails before the fit
        step()
        model.fit(m)
        step()
        terms = _top_terms(model, m, n_top)
        topics = _topic_table(model, m, terms, n_top)
        doc_topics = _document_topics(model, m.docvars)
        step()
        rep = representative_texts(model, m, texts, n=n_representative, units=units, paragraph_pool=paragraph_pool,
                                   min_tokens=min_tokens, snippet_chars=snippet_chars)
        rep_info, rep.attrs = dict(rep.attrs), {}
        step()
        prevalence, prev_info = (None, {"by": None}) if by is None else _prevalence(
            model, m.docvars, by, spline_df=spline_df, n_draws=n_draws, random_state=random_state)
        step()

    from toolkit.pipeline.manifest import environment

    params = {
        "analysis": {"by": by, "n_top": n_top, "spline_df": spline_df, "n_draws": n_draws,
                     "random_state": random_state, "representative": rep_info, "prevalence": prev_info},
        "model": {**model.get_params(), "topic_names": list(model.topic_names_), "seed_words": model.seed_words_},
        "fit": {"n_documents": m.n_docs, "n_features": m.n_features, "n_tokens": int(m.counts.sum()),
                "n_iter": model.n_iter_, "converged": model.converged_, "solver": model.solver_,
                "perplexity": model.perplexity_, "bound": model.bound_,
                "reconstruction_err": model.reconstruction_err_},
        "corpus": corpus_info,
        "preprocessing": {"preprocessor": repr(m.preprocessor), "fingerprint": m.preprocessor.fingerprint,
                          "settings": m.preprocessor.to_dict(), "vectorizer": dict(m.params)},
        "environment": environment(),
    }
    result = TopicAnalysis(model=model, dtm=m, topics=topics, top_terms=terms, document_topics=doc_topics,
                           prevalence=prevalence, representative=rep, params=MappingProxyType(_plain(params)))
    logger.info("analyse_topics: %r", result)
    return result
