"""The most typical documents and paragraphs of each topic: :func:`representative_texts`.

Documents are ranked by their proportion of the topic (stm's ``findThoughts``); paragraphs are
scored by the fitted model with its topics held fixed (:meth:`TopicModel.transform`). Used by
:func:`toolkit.topics.analyse_topics` for its ``representative`` table.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import invalid_value_message
from toolkit.topics.model import TopicModel

__all__ = ["check_corpus_covers", "representative_texts"]

logger = logging.getLogger(__name__)

Unit = Literal["document", "paragraph"]
_UNITS = ("document", "paragraph")


def _snippet(text: Any, limit: int | None) -> Any:
    if not isinstance(text, str):
        return None
    text = re.sub(r"\s+", " ", text).strip()
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut + "…"


def _check_positive(name: str, value: Any, *, minimum: int = 1, none_ok: bool = False) -> None:
    if value is None and none_ok:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}{' or None' if none_ok else ''}, got {value!r}")


def _units_table(rows: list[dict[str, Any]], docvars: pd.DataFrame) -> pd.DataFrame:
    columns = ["topic", "label", "unit", "rank", "doc_id", "unit_id", "proportion", "n_tokens", "text"]
    table = pd.DataFrame(rows, columns=columns)
    extra = docvars.drop(columns=[c for c in docvars.columns if c in columns], errors="ignore")
    joined = extra.reindex(table["doc_id"].to_numpy()).reset_index(drop=True)
    out = pd.concat([table, joined], axis=1)
    return out.sort_values(["topic", "unit", "rank"], kind="stable", ignore_index=True)


def check_corpus_covers(corpus: Any, dtm: Any) -> None:
    """Raise ValueError unless every document of ``dtm`` is in ``corpus`` (by doc_id).

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> from toolkit.topics.analysis import topic_dtm
    >>> corpus = Corpus.from_records([{"doc_id": "a", "text": "army troops", "lang": "en"}])
    >>> check_corpus_covers(corpus, topic_dtm(corpus, min_df=1, max_df=1.0)) is None
    True
    """
    missing = [d for d in dtm.doc_ids if d not in corpus]
    if missing:
        raise ValueError(f"{len(missing)} documents of the DTM are not in the corpus (e.g. {missing[:3]}); "
                         "pass the corpus the DTM was built from")


def representative_texts(model: TopicModel, dtm: Any, corpus: Any = None, *, n: int = 5,
                         units: Sequence[Unit] = ("document", "paragraph"), paragraph_pool: int = 50,
                         min_tokens: int = 10, snippet_chars: int | None = 500) -> pd.DataFrame:
    """The most typical documents and paragraphs of every topic of a fitted model.

    Documents: the ``n`` with the highest proportion of the topic (stm's ``findThoughts``).
    Paragraphs (``corpus`` needed): the paragraphs (:meth:`Corpus.paragraphs`) of the
    ``paragraph_pool`` documents with the highest proportion of each topic get topic proportions
    from ``model.transform`` (topics held fixed; counted with ``dtm``'s preprocessor and
    vocabulary); those with fewer than ``min_tokens`` tokens of the vocabulary are not ranked (a
    few words give proportions that are mostly prior), and only the best paragraph of each
    document competes, so that the ``n`` shown come from different documents.

    Parameters
    ----------
    model : TopicModel
        Fitted on ``dtm``.
    dtm : DTM
        The document-term matrix of the fit (its rows are the model's documents).
    corpus : Corpus, optional
        The corpus ``dtm`` was built from (every doc_id of ``dtm`` in it): the texts of the
        snippets and the paragraphs. Without it, documents only and no text.
    n : int, default 5
        Documents, and paragraphs, per topic.
    units : sequence of {"document", "paragraph"}
    paragraph_pool, min_tokens, snippet_chars : int
        See above; ``snippet_chars`` cuts texts at a word (None: whole texts).

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``unit``, ``rank``, ``doc_id``, ``unit_id``, ``proportion``,
        ``n_tokens``, ``text``, then the document's docvars (see :class:`TopicAnalysis`);
        ``attrs`` says how many paragraphs were looked at and scored.

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> from toolkit.topics.analysis import topic_dtm
    >>> rng = np.random.default_rng(0)
    >>> words = [["army", "troops", "war", "soldiers"], ["bank", "money", "funds", "loans"]]
    >>> corpus = Corpus.from_records(
    ...     {"doc_id": f"d{i}", "lang": "en",
    ...      "text": " ".join(rng.choice(words[i % 2], 8)) + "\\n\\n" + " ".join(rng.choice(words[1 - i % 2], 4))}
    ...     for i in range(20))
    >>> m = topic_dtm(corpus, min_df=1, max_df=1.0)
    >>> model = TopicModel(2, random_state=0).fit(m)
    >>> rep = representative_texts(model, m, corpus, n=2, min_tokens=5)
    >>> rep.groupby(["topic", "unit"]).size().tolist()
    [2, 2, 2, 2]
    >>> rep.query("unit == 'paragraph'")["unit_id"].str.endswith("#0").all()  # the 8-word paragraphs
    np.True_
    >>> rep.attrs["n_paragraphs"], rep.attrs["n_paragraphs_scored"]
    (40, 20)
    """
    units = [units] if isinstance(units, str) else list(units)
    for unit in units:
        if unit not in _UNITS:
            raise ValueError(invalid_value_message("units", unit, _UNITS))
    _check_positive("n", n)
    _check_positive("paragraph_pool", paragraph_pool)
    _check_positive("min_tokens", min_tokens, minimum=0)
    _check_positive("snippet_chars", snippet_chars, none_ok=True)
    if corpus is not None:
        check_corpus_covers(corpus, dtm)
    table, info = _representative(model, dtm, corpus, n=n, units=units, pool=paragraph_pool, min_tokens=min_tokens,
                                  snippet_chars=snippet_chars)
    table.attrs.update(info)
    return table


def _representative(model: TopicModel, m: Any, corpus: Any, *, n: int, units: Sequence[str], pool: int,
                    min_tokens: int, snippet_chars: int | None) -> tuple[pd.DataFrame, dict[str, Any]]:
    from toolkit.dtm import dtm as build_dtm

    theta, labels = model.doc_topic_, model.topic_names_
    n_docs, k = theta.shape
    doc_ids = np.asarray(m.doc_ids, dtype=object)
    doc_tokens = np.asarray(m.counts.sum(axis=1)).ravel()
    order = np.argsort(-theta, axis=0, kind="stable")  # documents by decreasing proportion, per topic
    rows: list[dict[str, Any]] = []
    info: dict[str, Any] = {"units": list(units), "n": n, "snippet_chars": snippet_chars}
    if "document" in units:
        for t in range(k):
            for rank, i in enumerate(order[:n, t], start=1):
                text = _snippet(corpus[doc_ids[i]], snippet_chars) if corpus is not None else None
                rows.append({"topic": t, "label": labels[t], "unit": "document", "rank": rank, "doc_id": doc_ids[i],
                             "unit_id": doc_ids[i], "proportion": float(theta[i, t]),
                             "n_tokens": int(doc_tokens[i]), "text": text})
    if "paragraph" in units:
        reason = None
        if corpus is None:
            reason = "no corpus (fitted on a DTM): no texts to split into paragraphs"
        elif "parent_id" in corpus.docvars.columns:
            reason = "the corpus is already made of units (paragraphs or sentences)"
        if reason:
            logger.info("representative paragraphs skipped: %s", reason)
            info["paragraphs_skipped"] = reason
        else:
            candidates = np.unique(order[:min(pool, n_docs)].ravel())
            paragraphs = corpus.subset(doc_ids=doc_ids[candidates].tolist()).paragraphs()
            pm = build_dtm(paragraphs, preprocessor=m.preprocessor, ngram_range=tuple(m.params["ngram_range"]),
                           tag_language=bool(m.params.get("tagged")))
            vocabulary = set(model.feature_names_in_.tolist())
            known = np.fromiter((f in vocabulary for f in pm.feature_names.tolist()), dtype=bool,
                                count=pm.n_features)
            n_tokens = np.asarray(pm.counts[:, known].sum(axis=1)).ravel()
            ok = n_tokens >= min_tokens
            info.update(pool=pool, min_tokens=min_tokens, n_candidate_documents=len(candidates),
                        n_paragraphs=int(pm.n_docs), n_paragraphs_scored=int(ok.sum()))
            if ok.any():
                theta_p = model.transform(pm.subset(mask=ok))
                parents = paragraphs.docvars["parent_id"].to_numpy()[ok]
                pids = np.asarray(pm.doc_ids, dtype=object)[ok]
                texts = paragraphs.texts.to_numpy()[ok]
                for t in range(k):
                    best = pd.DataFrame({"parent": parents, "p": theta_p[:, t], "i": np.arange(len(pids))})
                    best = best.sort_values("p", ascending=False, kind="stable").drop_duplicates("parent").head(n)
                    for rank, i in enumerate(best["i"].to_numpy(), start=1):
                        rows.append({"topic": t, "label": labels[t], "unit": "paragraph", "rank": rank,
                                     "doc_id": parents[i], "unit_id": pids[i], "proportion": float(theta_p[i, t]),
                                     "n_tokens": int(n_tokens[ok][i]), "text": _snippet(texts[i], snippet_chars)})
    return _units_table(rows, m.docvars), info
