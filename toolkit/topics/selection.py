"""Choosing the number of topics: held-out perplexity, coherence, exclusivity, stability across seeds.

:func:`select_k` fits a :class:`~toolkit.topics.TopicModel` for every K of a grid and every
random seed and returns one tidy row per (K, seed) with the measures the literature uses to
compare them (as stm's ``searchK`` / ``selectModel`` do):

* ``perplexity``: held-out perplexity by **document completion** (Wallach et al. 2009; stm's
  ``make.heldout``/``eval.heldout``): a share ``held_out`` of the documents is left out of the
  fit; each left-out document's tokens are split at random in two halves, its topic proportions
  are estimated from the first half with the topics fixed, and the second half is scored::

      perplexity = exp( - sum_d sum_v n''_dv log(sum_k theta_dk beta_kv) / sum_dv n''_dv )

  (theta from the first half, beta the fitted topic-word distributions); lower is better. LDA only.
* ``c_npmi``, ``c_v``, ``c_uci``, ``u_mass``: gensim's coherence of each topic's ``top_n`` words
  (:func:`toolkit.topics.coherence`), on the training documents' ``texts`` (token lists); without
  texts, on the training documents of the DTM as bags of words, each document one window (so
  ``c_npmi`` is then NPMI over document co-occurrence, not over windows of 10 tokens; the
  table's ``attrs["coherence_reference"]`` says which). Mean over topics; higher is better.
* ``exclusivity`` and ``semantic_coherence``: stm's (:func:`toolkit.topics.describe.exclusivity`,
  :func:`~toolkit.topics.describe.semantic_coherence`, M = ``top_n``), on the training documents;
  mean over topics.
* ``stability``: mean cosine similarity of the topics of this seed's model to their Hungarian
  match in each other seed's model at the same K (:func:`stability`); 1 means every run found
  the same topics.

:func:`stability` matches topics between runs with the Hungarian algorithm
(``scipy.optimize.linear_sum_assignment``) on the cosine similarity of their topic-word
distributions (Kuhn 1955; as in Roberts, Stewart & Tingley 2016 for stm's multiple starts).

References
----------
Wallach, H. M., Murray, I., Salakhutdinov, R., & Mimno, D. (2009). Evaluation methods for topic
models. *ICML*, 1105-1112.
Kuhn, H. W. (1955). The Hungarian method for the assignment problem. *Naval Research Logistics
Quarterly*, 2, 83-97.
Roberts, M. E., Stewart, B. M., & Tingley, D. (2016). Navigating the local modes of big data:
the case of topic models. In *Computational Social Science*, Cambridge University Press.
Roberts, M. E., Stewart, B. M., Tingley, D., et al. (2014). Structural topic models for
open-ended survey responses. *AJPS*, 58(4), 1064-1082.

Examples
--------
>>> import numpy as np
>>> a = np.array([[0.7, 0.2, 0.1, 0.0], [0.0, 0.1, 0.2, 0.7]])
>>> order, sim = match_topics(a, a[::-1])
>>> order.tolist(), sim.round(3).tolist()
([1, 0], [1.0, 1.0])
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from toolkit.errors import invalid_value_message
from toolkit.topics.model import TopicModel, _as_counts

__all__ = ["MEASURES", "held_out_perplexity", "match_topics", "select_k", "split_held_out", "stability"]

logger = logging.getLogger(__name__)

#: the measures :func:`select_k` knows
MEASURES = ("perplexity", "c_npmi", "c_v", "c_uci", "u_mass", "exclusivity", "semantic_coherence", "stability")
_COHERENCE = ("c_npmi", "c_v", "c_uci", "u_mass")


# ---------------------------------------------------------------------- matching topics
def _beta(model_or_beta: Any) -> np.ndarray:
    beta = getattr(model_or_beta, "topic_word_", model_or_beta)
    beta = np.asarray(beta, dtype=np.float64)
    if beta.ndim != 2:
        raise ValueError(f"expected a fitted topic model or a (topics x words) array, got shape {beta.shape}")
    return beta


def match_topics(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """Pair the topics of ``a`` with those of ``b`` one to one, maximising total cosine similarity.

    Parameters
    ----------
    a, b : fitted topic models or arrays (topics x words) over the same vocabulary
        ``b`` may have more topics than ``a``.

    Returns
    -------
    order : ndarray of int (n_topics of a,)
        ``b``'s topic matched to each topic of ``a``.
    similarity : ndarray (n_topics of a,)
        Cosine similarity of each matched pair.

    Examples
    --------
    >>> b = np.array([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]])
    >>> match_topics(np.array([[1.0, 0.0], [0.0, 1.0]]), b)[0].tolist()
    [1, 0]
    """
    A, B = _beta(a), _beta(b)
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"the topics have {A.shape[1]} and {B.shape[1]} words; match models fitted on the "
                         "same vocabulary")
    if A.shape[0] > B.shape[0]:
        raise ValueError(f"a has {A.shape[0]} topics but b only {B.shape[0]}; put the smaller model first")
    na = np.linalg.norm(A, axis=1, keepdims=True)
    nb = np.linalg.norm(B, axis=1, keepdims=True)
    cos = (A / np.where(na > 0, na, 1.0)) @ (B / np.where(nb > 0, nb, 1.0)).T
    rows, cols = linear_sum_assignment(cos, maximize=True)
    order = np.empty(A.shape[0], dtype=np.intp)
    order[rows] = cols
    return order, cos[np.arange(A.shape[0]), order]


def stability(models: Sequence[Any], *, labels: Sequence[Any] | None = None) -> pd.DataFrame:
    """Topic-by-topic agreement between runs: every pair of models, topics matched by the Hungarian algorithm.

    Parameters
    ----------
    models : sequence of fitted topic models or (topics x words) arrays, at least two
        Same vocabulary and number of topics (different random seeds, typically).
    labels : sequence, optional
        A name per model (default 0, 1, ...).

    Returns
    -------
    pandas.DataFrame
        One row per pair of runs and topic of the first: ``run_a``, ``run_b``, ``topic_a``,
        ``topic_b`` (its match), ``similarity`` (cosine of the topic-word distributions).
        ``attrs["mean_similarity"]`` is the mean over all rows.

    Examples
    --------
    >>> a = np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]])
    >>> table = stability([a, a[::-1], a])
    >>> table[["run_a", "run_b", "topic_a", "topic_b"]].values.tolist()[:2]
    [[0, 1, 0, 1], [0, 1, 1, 0]]
    >>> table.attrs["mean_similarity"]
    1.0
    """
    models = list(models)
    if len(models) < 2:
        raise ValueError(f"stability needs at least two models, got {len(models)}")
    labels = list(range(len(models))) if labels is None else list(labels)
    if len(labels) != len(models):
        raise ValueError(f"{len(labels)} labels for {len(models)} models")
    betas = [_beta(m) for m in models]
    shapes = {b.shape for b in betas}
    if len(shapes) != 1:
        raise ValueError(f"the models have different shapes {sorted(shapes)}; compare runs with the same K and "
                         "vocabulary")
    rows = []
    for i in range(len(betas)):
        for j in range(i + 1, len(betas)):
            order, sim = match_topics(betas[i], betas[j])
            rows.extend({"run_a": labels[i], "run_b": labels[j], "topic_a": k, "topic_b": int(order[k]),
                         "similarity": float(sim[k])} for k in range(len(order)))
    table = pd.DataFrame(rows, columns=["run_a", "run_b", "topic_a", "topic_b", "similarity"])
    table.attrs["mean_similarity"] = float(round(table["similarity"].mean(), 12))
    return table


# ---------------------------------------------------------------------- held-out perplexity
def split_held_out(counts: Any, *, held_out: float = 0.2, random_state: Any = 0
                   ) -> tuple[np.ndarray, sparse.csr_matrix, sparse.csr_matrix]:
    """Choose held-out documents and split each one's tokens in two halves (document completion).

    Parameters
    ----------
    counts : sparse matrix or DTM (documents x features)
    held_out : float in (0, 1)
        Share of documents held out (at least one, and at least one left for training).
    random_state : int or Generator
        Seed of the choice of documents and of the split of their tokens.

    Returns
    -------
    test : ndarray of int
        Row numbers of the held-out documents, sorted.
    observed, scored : csr_matrix (len(test) x features)
        Their token counts split binomially with probability 1/2 (``observed + scored`` is their
        counts): topic proportions are estimated from ``observed``, ``scored`` is scored.

    Examples
    --------
    >>> X = sparse.csr_matrix(np.full((10, 3), 4))
    >>> test, observed, scored = split_held_out(X, held_out=0.2, random_state=0)
    >>> len(test), (observed + scored).toarray().tolist() == [[4, 4, 4]] * 2
    (2, True)
    """
    counts = _as_counts(counts, where="split_held_out")[0]
    if not (isinstance(held_out, float) and 0.0 < held_out < 1.0):
        raise ValueError(f"held_out must be a float strictly between 0 and 1 (a share of documents), got {held_out!r}")
    n_docs = counts.shape[0]
    n_test = round(held_out * n_docs)
    if n_test < 1 or n_test >= n_docs:
        raise ValueError(f"held_out={held_out} of {n_docs} documents leaves {n_test} to test and {n_docs - n_test} "
                         "to train; both need at least one document")
    rng = np.random.default_rng(random_state)
    test = np.sort(rng.choice(n_docs, size=n_test, replace=False))
    part = counts[test].astype(np.int64)
    half = rng.binomial(part.data, 0.5)
    observed = sparse.csr_matrix((half.astype(np.float64), part.indices.copy(), part.indptr.copy()), shape=part.shape)
    scored = sparse.csr_matrix(((part.data - half).astype(np.float64), part.indices.copy(), part.indptr.copy()),
                               shape=part.shape)
    observed.eliminate_zeros()
    scored.eliminate_zeros()
    return test, observed, scored


def held_out_perplexity(model: TopicModel, observed: Any, scored: Any) -> float:
    """Document-completion perplexity: theta from ``observed`` tokens, log-likelihood of ``scored`` ones.

    ``exp(-sum n''_dv log(sum_k theta_dk beta_kv) / sum n''_dv)`` with theta =
    ``model.transform(observed)`` and beta = ``model.topic_word_`` (Wallach et al. 2009).

    Parameters
    ----------
    model : fitted TopicModel (LDA)
    observed, scored : sparse matrices (documents x features) over the model's vocabulary

    Examples
    --------
    Half the documents use words 0-2, half words 3-5, each word about as often: a model that
    finds the two topics scores close to 3 (three equiprobable words per document), a model
    that knows nothing 6.

    >>> rng = np.random.default_rng(0)
    >>> X = sparse.csr_matrix(rng.poisson(4.0, size=(40, 6)) * np.repeat([[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]], 20, axis=0))
    >>> test, observed, scored = split_held_out(X, held_out=0.2, random_state=0)
    >>> train = np.setdiff1d(np.arange(40), test)
    >>> model = TopicModel(2, random_state=0, max_iter=20).fit(X[train])
    >>> round(held_out_perplexity(model, observed, scored), 1)
    3.3
    """
    if getattr(model, "solver_", None) == "nmf":
        raise ValueError("held-out perplexity is defined for method='lda' only")
    scored = _as_counts(scored, where="held_out_perplexity")[0]
    n_tokens = scored.sum()
    if n_tokens == 0:
        raise ValueError("held_out_perplexity: the scored half holds no tokens")
    theta = model.transform(observed)
    beta = model.topic_word_
    rows = np.repeat(np.arange(scored.shape[0]), np.diff(scored.indptr))
    prob = np.einsum("ij,ij->i", theta[rows], beta[:, scored.indices].T)
    return float(np.exp(-(scored.data @ np.log(prob)) / n_tokens))


# ---------------------------------------------------------------------- select_k
def _bag_texts(counts: sparse.csr_matrix, names: np.ndarray) -> list[list[str]]:
    return [names[counts.indices[counts.indptr[i]:counts.indptr[i + 1]]].tolist() for i in range(counts.shape[0])]


def select_k(dtm: Any, ks: Iterable[int], *, seeds: Sequence[int] = (0, 1, 2), method: str = "lda",
             held_out: float = 0.2,
             measures: Sequence[str] = ("perplexity", "c_npmi", "exclusivity", "semantic_coherence"),
             texts: Sequence[Sequence[str]] | None = None, top_n: int = 10, random_state: int = 0,
             params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Fit a topic model for every K and random seed; one tidy row of diagnostics per (K, seed).

    Parameters
    ----------
    dtm : DTM
        The documents (a :class:`toolkit.dtm.DTM`: its feature names name the topics' words).
    ks : iterable of int
        Numbers of topics to try.
    seeds : sequence of int, default (0, 1, 2)
        Random seeds: each K is fitted once per seed (``random_state`` of the model). Seed
        *words* for seeded topics go in ``params={"seeds": "terrorism_frames"}``.
    method : {"lda", "nmf"}
    held_out : float in [0, 1), default 0.2
        Share of documents left out of every fit for ``perplexity`` (the same documents for all
        fits); 0 fits on all documents (then ``perplexity`` cannot be asked for).
    measures : sequence of str
        Among :data:`MEASURES` (see the module docstring).
    texts : sequence of token lists, optional
        One per document of ``dtm``, tokenised like its features, for the coherence measures.
    top_n : int, default 10
        Top words per topic for coherence, exclusivity and semantic coherence.
    random_state : int, default 0
        Seed of the held-out split.
    params : mapping, optional
        Further :class:`TopicModel` parameters (``max_iter``, ``seeds``, ``solver`` ...).

    Returns
    -------
    pandas.DataFrame
        Columns ``k``, ``seed``, the measures, ``n_iter`` and ``seconds`` (fit time);
        ``attrs`` records the method, split and how coherence was computed.

    Examples
    --------
    >>> from toolkit.dtm import dtm
    >>> rng = np.random.default_rng(0)
    >>> words = [["army", "troops", "attack", "soldiers"], ["bank", "money", "funds", "finance"]]
    >>> docs = [" ".join(rng.choice(words[i % 2], size=12)) for i in range(40)]
    >>> table = select_k(dtm(docs), [2, 3], seeds=(0, 1), params={"max_iter": 20},
    ...                  measures=("perplexity", "exclusivity", "stability"))
    >>> table[["k", "seed"]].values.tolist()
    [[2, 0], [2, 1], [3, 0], [3, 1]]
    >>> bool(table.loc[table.k == 2, "stability"].min() > 0.99)
    True
    """
    from toolkit.dtm import DTM

    if not isinstance(dtm, DTM):
        raise TypeError(f"select_k needs a toolkit DTM (feature names for coherence, docvars); got {type(dtm).__name__}")
    ks = [int(k) for k in ks]
    if not ks or any(k < 1 for k in ks):
        raise ValueError(f"ks must be a non-empty list of numbers of topics >= 1, got {ks}")
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must list at least one random seed")
    measures = list(measures)
    for name in measures:
        if name not in MEASURES:
            raise ValueError(invalid_value_message("measures", name, MEASURES))
    params = dict(params or {})
    for reserved in ("n_components", "random_state", "method"):
        if reserved in params:
            raise ValueError(f"params must not set {reserved!r}: select_k sets it")
    if texts is not None and len(texts) != dtm.n_docs:
        raise ValueError(f"texts has {len(texts)} documents for {dtm.n_docs} in the DTM; give one token list per document")
    if "perplexity" in measures and method != "lda":
        raise ValueError("perplexity is defined for method='lda' only; drop it from measures")
    if "stability" in measures and len(seeds) < 2:
        raise ValueError("stability compares runs with different seeds: give at least two seeds")

    counts = dtm.counts
    if held_out:
        test, observed, scored = split_held_out(counts, held_out=held_out, random_state=random_state)
    elif "perplexity" in measures:
        raise ValueError("perplexity is held-out perplexity: give held_out > 0")
    else:
        test, observed, scored = np.zeros(0, dtype=np.intp), None, None
    train = np.setdiff1d(np.arange(dtm.n_docs), test)
    train_dtm = dtm.subset(mask=np.isin(np.arange(dtm.n_docs), train))
    coherence_measures = [m for m in measures if m in _COHERENCE]
    reference = None
    if coherence_measures:
        from toolkit.topics.coherence import coherence

        if texts is not None:
            ref_texts = [list(texts[i]) for i in train]
            reference = "texts (training documents)"
        else:
            ref_texts = _bag_texts(train_dtm.counts, dtm.feature_names)
            reference = "training documents of the DTM as bags of words, whole documents as windows"
            logger.warning("select_k: no texts given; coherence is computed over whole documents, not sliding windows")
        longest = max((len(t) for t in ref_texts), default=1)
    rows = []
    for k in ks:
        fitted = []
        for seed in seeds:
            model = TopicModel(k, method=method, random_state=seed, **params)
            start = time.perf_counter()
            model.fit(train_dtm)
            seconds = time.perf_counter() - start
            fitted.append(model)
            row: dict[str, Any] = {"k": k, "seed": seed}
            if "perplexity" in measures:
                row["perplexity"] = held_out_perplexity(model, observed, scored)
            beta = model.topic_word_
            top = np.argsort(-beta, axis=1, kind="stable")[:, :top_n]
            top_words = [dtm.feature_names[t].tolist() for t in top]
            for name in coherence_measures:
                window = None if name == "u_mass" or texts is not None else max(longest, 1)
                row[name] = float(coherence(top_words, ref_texts, measure=name, window_size=window).mean)
            if "exclusivity" in measures:
                from toolkit.topics.describe import exclusivity

                row["exclusivity"] = float(np.mean(exclusivity(beta, M=min(top_n, beta.shape[1]))))
            if "semantic_coherence" in measures:
                from toolkit.topics.describe import semantic_coherence

                row["semantic_coherence"] = float(np.mean(
                    semantic_coherence(beta, train_dtm.counts, M=min(top_n, beta.shape[1]))))
            row["n_iter"] = model.n_iter_
            row["seconds"] = seconds
            rows.append(row)
            logger.info("select_k: K=%d seed=%s done in %.1f s", k, seed, seconds)
        if "stability" in measures:
            for i, model in enumerate(fitted):
                others = [match_topics(model, other)[1].mean() for j, other in enumerate(fitted) if j != i]
                rows[len(rows) - len(fitted) + i]["stability"] = float(np.mean(others))
    columns = ["k", "seed", *measures, "n_iter", "seconds"]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs.update({"method": method, "held_out": held_out, "n_held_out": len(test),
                        "split_random_state": random_state, "top_n": top_n, "coherence_reference": reference,
                        "perplexity": "document completion on held-out documents (Wallach et al. 2009)"
                        if "perplexity" in measures else None})
    return table
