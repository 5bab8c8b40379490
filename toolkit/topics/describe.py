"""Describing topics: top terms by probability, FREX, lift and relevance; exclusivity and semantic
coherence as R's stm computes them; representative documents; a tidy document-topic table.

``beta`` is the topic-word matrix (topics x words, rows summing to 1) and ``theta`` the
document-topic matrix (documents x topics). Every function also takes a fitted topic model: its
``topic_word_`` (or row-normalised ``components_``), ``feature_names_in_``/``feature_names_``,
``doc_topic_`` and ``docvars_`` are used. Topics are numbered from 0, in the model's order.

The stm functions are ported from stm's R sources (``calcfrex``, ``js.estimate``, ``calclift``
in ``R/STMfunctions.R``; ``exclusivity`` in ``R/exclusivity.R``; ``semCoh1beta`` in
``R/semanticCoherence.R``), including their details: ranks with average ties divided by the
vocabulary size (the empirical CDF), ties in orderings broken by vocabulary order, the weight of
``calcfrex`` on *frequency* but that of ``exclusivity`` on *exclusivity*, and the 0.01 that
``semanticCoherence`` adds where Mimno et al. (2011) add 1.

References
----------
Roberts, M. E., Stewart, B. M., Tingley, D., et al. (2014). Structural topic models for
open-ended survey responses. American Journal of Political Science, 58(4), 1064-1082.
Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package for structural topic
models. Journal of Statistical Software, 91(2), 1-40.
Bischof, J., & Airoldi, E. (2012). Summarizing topical content with word frequency and
exclusivity. ICML 2012.
Taddy, M. (2012). On estimation and selection for topic models. AISTATS 2012.
Sievert, C., & Shirley, K. (2014). LDAvis: A method for visualizing and interpreting topics.
Workshop on Interactive Language Learning, Visualization, and Interfaces, 63-70.
Mimno, D., Wallach, H., Talley, E., Leenders, M., & McCallum, A. (2011). Optimizing semantic
coherence in topic models. EMNLP 2011, 262-272.

Examples
--------
>>> import numpy as np
>>> beta = np.array([[0.5, 0.3, 0.1, 0.1],
...                  [0.1, 0.1, 0.4, 0.4]])
>>> top_terms(beta, ["terror", "attack", "peace", "treaty"], n=2)
   topic  rank    term  score  prob
0      0     1  terror    0.5   0.5
1      0     2  attack    0.3   0.3
2      1     1   peace    0.4   0.4
3      1     2  treaty    0.4   0.4
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import logsumexp
from scipy.stats import rankdata

from toolkit.errors import invalid_value_message

__all__ = ["document_topics", "exclusivity", "frex", "lift", "relevance", "representative_documents",
           "semantic_coherence", "top_terms"]

By = Literal["prob", "frex", "lift", "relevance"]


# ---------------------------------------------------------------------- inputs
def _beta(model_or_beta: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """The topic-word matrix (rows summing to 1) and, when known, the feature names."""
    names = None
    if isinstance(model_or_beta, pd.DataFrame):
        names = np.asarray(model_or_beta.columns, dtype=object)
        beta = model_or_beta.to_numpy(dtype=float)
    elif hasattr(model_or_beta, "topic_word_") or hasattr(model_or_beta, "components_"):
        for attr in ("feature_names_in_", "feature_names_"):
            if getattr(model_or_beta, attr, None) is not None:
                names = np.asarray(getattr(model_or_beta, attr), dtype=object)
                break
        beta = getattr(model_or_beta, "topic_word_", None)
        if beta is None:
            components = np.asarray(model_or_beta.components_, dtype=float)
            beta = components / components.sum(axis=1, keepdims=True)
        beta = np.asarray(beta, dtype=float)
    else:
        beta = np.asarray(model_or_beta, dtype=float)
    if beta.ndim != 2 or 0 in beta.shape:
        raise ValueError(f"beta must be a non-empty (n_topics, n_words) matrix, got shape {beta.shape}")
    if not np.isfinite(beta).all() or (beta < 0).any():
        raise ValueError("beta must hold finite non-negative topic-word probabilities")
    sums = beta.sum(axis=1)
    if not np.allclose(sums, 1.0, rtol=0, atol=1e-6):
        raise ValueError(f"each row of beta must sum to 1 (topic-word probabilities); row sums range "
                         f"{sums.min():.4g}..{sums.max():.4g}: normalise with beta / beta.sum(axis=1, keepdims=True)")
    return beta, names


def _names(names: Any, fallback: np.ndarray | None, n_words: int) -> np.ndarray:
    if names is None:
        names = fallback
    if names is None:
        raise ValueError("feature_names are needed to name the words: pass the DTM's feature_names "
                         "(or a fitted model that stores them)")
    names = np.asarray(names, dtype=object)
    if names.ndim != 1 or len(names) != n_words:
        raise ValueError(f"feature_names has {names.size} names for {n_words} words (columns of beta)")
    return names


def _word_counts(word_counts: Any, n_words: int) -> np.ndarray:
    """Corpus frequency of each word, from counts, a documents x words matrix, or a DTM."""
    if hasattr(word_counts, "counts") and sparse.issparse(word_counts.counts):
        word_counts = word_counts.counts
    if sparse.issparse(word_counts) or (isinstance(word_counts, np.ndarray) and word_counts.ndim == 2):
        word_counts = np.asarray(word_counts.sum(axis=0)).ravel()
    counts = np.asarray(word_counts, dtype=float)
    if counts.ndim != 1 or len(counts) != n_words:
        raise ValueError(f"word_counts must give one count per word ({n_words}), got shape {counts.shape}; "
                         "pass the DTM the model was fitted on, or dtm.counts.sum(axis=0)")
    if not np.isfinite(counts).all() or (counts < 0).any():
        raise ValueError("word_counts must be finite and non-negative")
    return counts


def _theta(theta: Any, docvars: Any) -> tuple[np.ndarray, pd.DataFrame]:
    """The document-topic matrix and docvars indexed by doc_id (0..n-1 when none are given)."""
    if hasattr(theta, "doc_topic_"):
        if docvars is None:
            docvars = getattr(theta, "docvars_", None)
        theta = theta.doc_topic_
    theta = np.asarray(theta, dtype=float)
    if theta.ndim != 2 or 0 in theta.shape:
        raise ValueError(f"theta must be a non-empty (n_documents, n_topics) matrix, got shape {theta.shape}")
    if not np.isfinite(theta).all() or (theta < 0).any():
        raise ValueError("theta must hold finite non-negative topic proportions")
    if docvars is None:
        docvars = pd.DataFrame(index=pd.RangeIndex(len(theta), name="doc_id"))
    elif not isinstance(docvars, pd.DataFrame):
        raise TypeError(f"docvars must be a DataFrame (one row per document), got {type(docvars).__name__}")
    if len(docvars) != len(theta):
        raise ValueError(f"docvars has {len(docvars)} rows for {len(theta)} documents (rows of theta); "
                         "pass the docvars of the DTM the model was fitted on")
    docvars = docvars.rename_axis("doc_id")
    return theta, docvars


def _check_clash(docvars: pd.DataFrame, names: Sequence[str]) -> None:
    clash = set(names) & set(map(str, docvars.columns))
    if clash:
        raise ValueError(f"docvars has column(s) {sorted(clash)} that the table uses; rename them first")


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks within each row, ties averaged (R's ``rank`` and data.table's ``frank``)."""
    return rankdata(x, method="average", axis=1)


def _order(score: np.ndarray, n: int) -> np.ndarray:
    """Column indices of the ``n`` highest scores of each row; ties keep vocabulary order (R's order)."""
    return np.argsort(-score, axis=1, kind="stable")[:, :n]


def _check_weight(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    return float(value)


def _check_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


# ---------------------------------------------------------------------- word scores
def _js_estimate(prob: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """stm's ``js.estimate`` applied to every column: shrink p(topic | word) towards uniform.

    lambda = sum_k p_k (1 - p_k) / (n - 1) / sum_k (p_k - 1/K)^2, truncated to [0, 1]; the
    estimate is lambda / K + (1 - lambda) p. A word seen at most once gets the uniform
    distribution; one already uniform keeps p (Hausser & Strimmer 2009).
    """
    n_topics = prob.shape[0]
    unif = 1.0 / n_topics
    with np.errstate(divide="ignore", invalid="ignore"):
        mlvar = prob * (1 - prob) / (counts - 1)
        deviation = ((prob - unif) ** 2).sum(axis=0)
        lam = mlvar.sum(axis=0) / deviation
    uniform = (counts <= 1) | (np.isnan(lam) & (deviation != 0))
    lam = np.clip(np.nan_to_num(lam, nan=0.0), 0.0, 1.0)
    out = lam * unif + (1 - lam) * prob
    out[:, deviation == 0] = prob[:, deviation == 0]
    out[:, uniform] = unif
    return out


def frex(beta: Any, *, weight: float = 0.5, word_counts: Any = None) -> np.ndarray:
    """FREX score of every word in every topic, as stm's ``calcfrex`` (used by ``labelTopics``).

    FREX_kv = 1 / (w / F_kv + (1 - w) / E_kv), the weighted harmonic mean of the word's
    frequency score F (the empirical CDF of log beta_kv among topic k's words: rank / V) and
    exclusivity score E (the empirical CDF, within topic k, of log beta_kv - log sum_j beta_jv,
    i.e. of p(topic k | word v) under equal topic sizes). ``weight`` w is the weight on
    frequency. With ``word_counts`` the exclusivity of each word is first shrunk towards the
    uniform distribution by stm's James-Stein estimator (as ``labelTopics`` does), so that rare
    words are not all perfectly exclusive; logs are floored at -1000 (stm's ``safelog``).

    Parameters
    ----------
    beta : array-like (n_topics, n_words) or fitted topic model
        Topic-word probabilities, rows summing to 1.
    weight : float
        Weight on frequency, between 0 and 1 (stm's ``frexweight``, default 0.5).
    word_counts : array-like, sparse matrix or DTM, optional
        Corpus count of each word; enables the James-Stein shrinkage.

    Returns
    -------
    numpy.ndarray (n_topics, n_words)
        Higher is more frequent and exclusive; values lie in (0, 1].

    References
    ----------
    Bischof & Airoldi (2012), ICML; Roberts, Stewart & Tingley (2019), J. Stat. Softw. 91(2).

    Examples
    --------
    Word 0 has ranks 3 and 2 by probability in topics 0 and 1 (of V = 3 words) and ranks 3 and 1
    by exclusivity, so FREX = 1 / (0.5 / (3/3) + 0.5 / (3/3)) = 1 in topic 0 and
    1 / (0.5 / (2/3) + 0.5 / (1/3)) = 4/9 in topic 1:

    >>> beta = np.array([[0.6, 0.3, 0.1], [0.3, 0.2, 0.5]])
    >>> frex(beta).round(4)
    array([[1.    , 0.6667, 0.3333],
           [0.4444, 0.4444, 1.    ]])
    """
    beta, _ = _beta(beta)
    w = _check_weight("weight", weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        logbeta = np.log(beta)
        excl = logbeta - logsumexp(logbeta, axis=0, keepdims=True)
    excl[np.isnan(excl)] = -np.inf  # a word no topic uses is exclusive to none
    if word_counts is not None:
        shrunk = _js_estimate(np.exp(excl), _word_counts(word_counts, beta.shape[1]))
        with np.errstate(divide="ignore"):
            excl = np.maximum(np.log(shrunk), -1000.0)
    n_words = beta.shape[1]
    freq_score = _ranks(logbeta) / n_words
    excl_score = _ranks(excl) / n_words
    return 1.0 / (w / freq_score + (1 - w) / excl_score)


def lift(beta: Any, word_counts: Any) -> np.ndarray:
    """Lift of every word in every topic: beta_kv / (n_v / sum_u n_u), as stm's ``calclift``.

    The topic's probability of the word divided by the word's share of the corpus (Taddy
    2012): above 1 where the topic uses the word more than the corpus does. A word with count 0
    has infinite lift.

    Parameters
    ----------
    beta : array-like (n_topics, n_words) or fitted topic model
    word_counts : array-like, sparse matrix or DTM
        Corpus count of each word (a DTM or its count matrix is summed over documents).

    Returns
    -------
    numpy.ndarray (n_topics, n_words)

    References
    ----------
    Taddy, M. (2012). On estimation and selection for topic models. AISTATS.

    Examples
    --------
    >>> lift(np.array([[0.5, 0.5], [0.9, 0.1]]), [75, 25])  # shares 0.75, 0.25
    array([[0.66666667, 2.        ],
           [1.2       , 0.4       ]])
    """
    beta, _ = _beta(beta)
    counts = _word_counts(word_counts, beta.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        return beta / (counts / counts.sum())


def relevance(beta: Any, word_counts: Any, *, lambda_: float = 0.6) -> np.ndarray:
    """LDAvis relevance: lambda log beta_kv + (1 - lambda) log(beta_kv / p_v) (Sievert & Shirley 2014).

    p_v is the word's share of the corpus, so the second term is the log lift. lambda = 1 ranks
    by probability, lambda = 0 by lift; Sievert and Shirley's user study found lambda around 0.6
    best for interpreting topics.

    Parameters
    ----------
    beta : array-like (n_topics, n_words) or fitted topic model
    word_counts : array-like, sparse matrix or DTM
        Corpus count of each word.
    lambda_ : float
        Between 0 and 1.

    Returns
    -------
    numpy.ndarray (n_topics, n_words)

    References
    ----------
    Sievert, C., & Shirley, K. (2014). LDAvis: A method for visualizing and interpreting topics.

    Examples
    --------
    0.5 log 0.9 + 0.5 log(0.9 / 0.75) = 0.0385 and 0.5 log 0.1 + 0.5 log(0.1 / 0.25) = -1.6094:

    >>> relevance(np.array([[0.9, 0.1]]), [75, 25], lambda_=0.5).round(4)
    array([[ 0.0385, -1.6094]])
    """
    beta, _ = _beta(beta)
    lam = _check_weight("lambda_", lambda_)
    with np.errstate(divide="ignore", invalid="ignore"):
        return lam * np.log(beta) + (1 - lam) * np.log(lift(beta, word_counts))


def top_terms(model_or_beta: Any, feature_names: Sequence[str] | None = None, *, n: int = 10,
              by: By = "prob", lambda_: float = 0.6, frex_weight: float = 0.5,
              word_counts: Any = None) -> pd.DataFrame:
    """The ``n`` best words of each topic by probability, FREX, lift or relevance, as a tidy table.

    Parameters
    ----------
    model_or_beta : fitted topic model, DataFrame or array-like (n_topics, n_words)
        Topic-word probabilities (a DataFrame's columns name the words).
    feature_names : sequence of str, optional
        Word of each column; default the model's (or DataFrame's) names.
    n : int
        Words per topic.
    by : {"prob", "frex", "lift", "relevance"}
        Ranking: beta; :func:`frex` with ``frex_weight`` (and James-Stein shrinkage when
        ``word_counts`` is given, as stm's ``labelTopics``); :func:`lift`; :func:`relevance`
        with ``lambda_``. Lift and relevance need ``word_counts``.
    lambda_, frex_weight : float
        Parameters of relevance and FREX.
    word_counts : array-like, sparse matrix or DTM, optional
        Corpus count of each word (e.g. the DTM the model was fitted on).

    Returns
    -------
    pandas.DataFrame
        One row per topic and rank: ``topic``, ``rank`` (1 = best), ``term``, ``score`` (the
        ranking criterion) and ``prob`` (beta). Ties keep vocabulary order.

    Examples
    --------
    >>> beta = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6]])
    >>> counts = [100, 20, 80]  # corpus shares 0.5, 0.1, 0.4
    >>> top_terms(beta, ["un", "terror", "peace"], n=1, by="lift", word_counts=counts)
       topic  rank    term  score  prob
    0      0     1  terror    3.0   0.3
    1      1     1  terror    2.0   0.2
    """
    beta, names = _beta(model_or_beta)
    names = _names(feature_names, names, beta.shape[1])
    n = min(_check_count("n", n), beta.shape[1])
    if by not in get_args(By):
        raise ValueError(invalid_value_message("by", by, get_args(By)))
    if by in ("lift", "relevance") and word_counts is None:
        raise ValueError(f"by={by!r} needs word_counts (the corpus count of each word): pass the DTM "
                         "the model was fitted on, e.g. word_counts=dtm")
    if by == "prob":
        score = beta
    elif by == "frex":
        score = frex(beta, weight=frex_weight, word_counts=word_counts)
    elif by == "lift":
        score = lift(beta, word_counts)
    else:
        score = relevance(beta, word_counts, lambda_=lambda_)
    order = _order(score, n)
    topics = np.repeat(np.arange(beta.shape[0]), n)
    flat = order.ravel()
    return pd.DataFrame({"topic": topics, "rank": np.tile(np.arange(1, n + 1), beta.shape[0]),
                         "term": names[flat], "score": score[topics, flat], "prob": beta[topics, flat]})


# ---------------------------------------------------------------------- topic quality
def exclusivity(beta: Any, *, M: int = 10, frexw: float = 0.7) -> np.ndarray:
    """Exclusivity of each topic, as stm's ``exclusivity()``: summed FREX of its top ``M`` words.

    FREX_kv = 1 / (w / E_kv + (1 - w) / F_kv) with E the empirical CDF (rank / V, ties
    averaged) of beta_kv / sum_j beta_jv and F that of beta_kv, within topic k; here the weight
    w = ``frexw`` is on *exclusivity* (0.7 by default, as in stm). The topic's exclusivity is the
    sum (not the mean) of FREX over its ``M`` most probable words; no shrinkage is applied.

    Parameters
    ----------
    beta : array-like (n_topics, n_words) or fitted topic model
    M : int
        Top words per topic (stm's default 10).
    frexw : float
        Weight on exclusivity.

    Returns
    -------
    numpy.ndarray (n_topics,)
        Between 0 and M; higher is more exclusive.

    References
    ----------
    Roberts et al. (2014), AJPS 58(4); Bischof & Airoldi (2012), ICML.

    Examples
    --------
    Topic 0's top 2 words are 0 (E = F = 3/3, FREX 1) and 1 (E = 2/3: p(topic 0 | word 1) =
    0.6 is the middle of 0.667, 0.6, 0.167; F = 2/3; FREX 2/3), so exclusivity 1.6667. Topic
    1's are 2 (FREX 1) and 0 (E = 1/3, F = 2/3: 1 / (0.7 / (1/3) + 0.3 / (2/3)) = 0.3922):

    >>> beta = np.array([[0.6, 0.3, 0.1], [0.3, 0.2, 0.5]])
    >>> exclusivity(beta, M=2).round(4)
    array([1.6667, 1.3922])
    """
    beta, _ = _beta(beta)
    m = _check_count("M", M)
    w = _check_weight("frexw", frexw)
    if m > beta.shape[1]:
        raise ValueError(f"M={m} is larger than the vocabulary ({beta.shape[1]} words)")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = beta / beta.sum(axis=0, keepdims=True)
    share[np.isnan(share)] = 0.0  # a word no topic uses is exclusive to none
    n_words = beta.shape[1]
    ex = _ranks(share) / n_words
    fr = _ranks(beta) / n_words
    score = 1.0 / (w / ex + (1 - w) / fr)
    top = _order(beta, m)
    return np.take_along_axis(score, top, axis=1).sum(axis=1)


def semantic_coherence(beta_or_top_words: Any, dtm: Any, *, M: int = 10,
                       feature_names: Sequence[str] | None = None) -> np.ndarray:
    """Semantic coherence of each topic, as stm's ``semanticCoherence`` (Mimno et al. 2011).

    C_k = sum over pairs of top words (v_m, v_l) of log((D(v_m, v_l) + 0.01) / (D(v_l) + 0.01)),
    where D counts the documents containing the word(s). Mimno et al. add 1 in the numerator
    only; stm adds 0.01 to both, reproduced here. As in stm, the pairs are those with m > l in
    the order in which the words first appear among all topics' top words (topic 0's words in
    rank order, then topic 1's new words, ...), so for topic 0 the conditioning word v_l is the
    higher-ranked one. Values are <= about 0; closer to 0 is more coherent.

    Parameters
    ----------
    beta_or_top_words : array-like (n_topics, n_words), fitted topic model, or list of lists of str
        Topic-word probabilities (the top ``M`` words are taken, ties in vocabulary order), or
        each topic's top words (the first ``M`` are used).
    dtm : DTM, sparse or dense matrix (n_documents, n_words)
        Counts whose columns match beta's (or ``feature_names``); only presence matters.
    M : int
        Top words per topic.
    feature_names : sequence of str, optional
        Column names of ``dtm`` when it is a bare matrix and topics are given as words.

    Returns
    -------
    numpy.ndarray (n_topics,)

    References
    ----------
    Mimno, D., Wallach, H., Talley, E., Leenders, M., & McCallum, A. (2011). Optimizing
    semantic coherence in topic models. EMNLP. Roberts et al. (2014), AJPS.

    Examples
    --------
    Three documents; "terror" is in two, "attack" in one, with "terror":
    log((1 + 0.01) / (2 + 0.01)) = -0.6882.

    >>> from scipy import sparse
    >>> counts = sparse.csr_matrix([[2, 1, 0], [1, 0, 0], [0, 0, 3]])
    >>> semantic_coherence([["terror", "attack"]], counts, M=2,
    ...                    feature_names=["terror", "attack", "peace"]).round(4)
    array([-0.6882])
    """
    m = _check_count("M", M)
    if hasattr(dtm, "counts") and sparse.issparse(dtm.counts):
        if feature_names is None:
            feature_names = dtm.feature_names
        counts = dtm.counts
    else:
        counts = dtm
    counts = sparse.csc_matrix(counts)
    n_words = counts.shape[1]
    if _is_word_lists(beta_or_top_words):
        names = _names(feature_names, None, n_words)
        column = {w: i for i, w in enumerate(names.tolist())}
        top = []
        for k, words in enumerate(beta_or_top_words):
            words = list(words)[:m]
            unknown = [w for w in words if w not in column]
            if unknown:
                raise ValueError(f"topic {k}: words {unknown[:5]} are not columns of the DTM")
            top.append([column[w] for w in words])
    else:
        beta, _ = _beta(beta_or_top_words)
        if beta.shape[1] != n_words:
            raise ValueError(f"beta has {beta.shape[1]} words but the DTM {n_words} columns; "
                             "use the DTM the model was fitted on")
        if m > n_words:
            raise ValueError(f"M={m} is larger than the vocabulary ({n_words} words)")
        top = _order(beta, m).tolist()
    flat = [v for words in top for v in words]
    wordlist = list(dict.fromkeys(flat))  # first appearance, topic by topic
    label = {v: i for i, v in enumerate(wordlist)}
    present = counts[:, wordlist]
    present.data = (present.data > 0).astype(float)
    present.eliminate_zeros()
    cross = (present.T @ present).toarray()
    result = np.empty(len(top))
    for k, words in enumerate(top):
        lab = np.array([label[v] for v in words])
        mm, ll = np.meshgrid(lab, lab, indexing="ij")
        pairs = mm > ll
        result[k] = (np.log(0.01 + cross[mm[pairs], ll[pairs]]) - np.log(cross[ll[pairs], ll[pairs]] + 0.01)).sum()
    return result


def _is_word_lists(obj: Any) -> bool:
    if isinstance(obj, (np.ndarray, pd.DataFrame)) or hasattr(obj, "topic_word_") or hasattr(obj, "components_"):
        return isinstance(obj, np.ndarray) and obj.dtype.kind in "OUS"
    return isinstance(obj, Sequence) and len(obj) > 0 and not isinstance(obj[0], (str, bytes)) \
        and all(isinstance(w, str) for topic in obj for w in topic)


# ---------------------------------------------------------------------- documents
def representative_documents(theta: Any, docvars: pd.DataFrame | None = None, *,
                             topic: int | Sequence[int] | None = None, n: int = 3,
                             texts: Sequence[str] | None = None, threshold: float = 0.0) -> pd.DataFrame:
    """The documents with the highest proportion of each topic, as stm's ``findThoughts``.

    Parameters
    ----------
    theta : array-like (n_documents, n_topics) or fitted topic model
        Document-topic proportions (a model gives ``doc_topic_`` and ``docvars_``).
    docvars : DataFrame, optional
        One row per document (index ``doc_id``), e.g. ``dtm.docvars``.
    topic : int or list of int, optional
        Topic(s), numbered from 0; default all.
    n : int
        Documents per topic (at most the number of documents).
    texts : sequence of str, optional
        The documents' texts, aligned with the rows of theta, added as a ``text`` column.
    threshold : float
        Drop documents whose proportion is below it (stm's ``thresh``).

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``rank`` (1 = most representative), ``doc_id``, ``proportion``, [``text``],
        then the docvars. Ties keep document order.

    Examples
    --------
    >>> theta = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    >>> docvars = pd.DataFrame({"year": [2001, 2002, 2003]}, index=pd.Index(["a", "b", "c"], name="doc_id"))
    >>> representative_documents(theta, docvars, topic=0, n=2)
       topic  rank doc_id  proportion  year
    0      0     1      a         0.9  2001
    1      0     2      c         0.6  2003
    """
    theta, docvars = _theta(theta, docvars)
    n_docs, n_topics = theta.shape
    topics = range(n_topics) if topic is None else [topic] if isinstance(topic, (int, np.integer)) else topic
    topics = [int(k) for k in topics]
    bad = [k for k in topics if not 0 <= k < n_topics]
    if bad:
        raise ValueError(f"topic {bad} out of range: topics are numbered 0..{n_topics - 1}")
    n = min(_check_count("n", n), n_docs)
    if texts is not None:
        texts = list(texts)
        if len(texts) != n_docs:
            raise ValueError(f"texts has {len(texts)} items for {n_docs} documents (rows of theta)")
    _check_clash(docvars, ("topic", "rank", "doc_id", "proportion", "text"))
    frames = []
    for k in topics:
        rows = _order(theta[:, [k]].T, n)[0]
        rows = rows[theta[rows, k] >= threshold]
        frame = pd.DataFrame({"topic": k, "rank": np.arange(1, len(rows) + 1),
                              "doc_id": docvars.index[rows], "proportion": theta[rows, k]})
        if texts is not None:
            frame["text"] = [texts[i] for i in rows]
        frames.append(pd.concat([frame, docvars.iloc[rows].reset_index(drop=True)], axis=1))
    return pd.concat(frames, ignore_index=True)


def document_topics(theta: Any, docvars: pd.DataFrame | None = None) -> pd.DataFrame:
    """A tidy document-topic table: one row per document and topic, with the document's docvars.

    Parameters
    ----------
    theta : array-like (n_documents, n_topics) or fitted topic model
        Document-topic proportions (a model gives ``doc_topic_`` and ``docvars_``).
    docvars : DataFrame, optional
        One row per document (index ``doc_id``); its columns are repeated on each topic's row.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``topic`` (from 0), ``proportion``, then the docvars columns; documents in
        their order, topics within each document.

    Examples
    --------
    >>> theta = np.array([[0.7, 0.3], [0.1, 0.9]])
    >>> docvars = pd.DataFrame({"year": [2001, 2002]}, index=pd.Index(["a", "b"], name="doc_id"))
    >>> document_topics(theta, docvars)
      doc_id  topic  proportion  year
    0      a      0         0.7  2001
    1      a      1         0.3  2001
    2      b      0         0.1  2002
    3      b      1         0.9  2002
    """
    theta, docvars = _theta(theta, docvars)
    n_docs, n_topics = theta.shape
    _check_clash(docvars, ("doc_id", "topic", "proportion"))
    rows = np.repeat(np.arange(n_docs), n_topics)
    table = pd.DataFrame({"doc_id": docvars.index[rows], "topic": np.tile(np.arange(n_topics), n_docs),
                          "proportion": theta.ravel()})
    return pd.concat([table, docvars.iloc[rows].reset_index(drop=True)], axis=1)
