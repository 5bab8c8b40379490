"""Synthetic corpora with planted topics and a planted time trend in topic prevalence.

:func:`make_topic_corpus` draws documents from the generative process of latent Dirichlet
allocation (Blei, Ng & Jordan 2003), with one change: the Dirichlet prior of a document's topic
proportions has a mean that moves with the document's date (and group), so the mean prevalence
of every topic over time is known exactly. It is the test bed for topic recovery
(:class:`toolkit.topics.model.TopicModel`) and for :func:`toolkit.topics.effect.estimate_effect`.

The process, for topics ``k = 1..K``, words ``v = 1..V``, documents ``d = 1..D`` dated ``t_d``::

    beta_k            ~ Dirichlet(eta, ..., eta)                       topic-word distributions
    p(t)              = softmax(slope * (s(t) - 1/2))                  planted mean prevalence
    theta_d           ~ Dirichlet(concentration * p(t_d))              document-topic proportions
    N_d               = 1 + Poisson(doc_length - 1)                    document length
    n_d. = (n_d1..n_dK) ~ Multinomial(N_d, theta_d)                    tokens per topic (the z's)
    w_d               = sum_k Multinomial(n_dk, beta_k)                word counts

where ``s(t)`` in [0, 1] is the time elapsed since the first time point as a fraction of the whole
span. Because ``E[Dirichlet(a p)] = p``, the planted mean prevalence ``E[theta_dk | t] = p_k(t)``
holds exactly (a logistic-normal prior would only give it up to a Monte Carlo integral). Drawing
each word's topic ``z`` and then the word is the same as drawing the topic counts ``n_d.`` and
then the words of each topic, which is what is done (vectorised over all tokens of a topic by
inverting the cumulative distribution of ``beta_k``; 20,000 documents of 80 tokens, 20 topics and
5,000 words take about a second).

References
----------
Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet allocation. *Journal of Machine
Learning Research*, 3, 993-1022.

Examples
--------
>>> m, truth = make_topic_corpus(60, n_topics=3, vocabulary=30, end="2003-01-01", random_state=0)
>>> m
<DTM: 60 documents x 30 features, 1 language (und), preprocessor ...>
>>> truth.beta.shape, truth.theta.shape
((3, 30), (60, 3))
>>> truth.prevalence.head(3)
        time  topic  prevalence
0 2001-01-01      0    0.785597
1 2002-01-01      0    0.333333
2 2003-01-01      0    0.039113
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.dtm import DTM
from toolkit.text.preprocess import Preprocessor

__all__ = ["TopicCorpusTruth", "make_topic_corpus"]

logger = logging.getLogger(__name__)

@dataclass(frozen=True, eq=False)
class TopicCorpusTruth:
    """What :func:`make_topic_corpus` planted.

    Attributes
    ----------
    beta : ndarray, shape (n_topics, n_features)
        Topic-word distributions (rows sum to 1), columns in the DTM's feature order.
    theta : ndarray, shape (n_documents, n_topics)
        Document-topic proportions drawn for each document (rows sum to 1).
    doc_topic_counts : ndarray of int, shape (n_documents, n_topics)
        Tokens of each document drawn from each topic (``n_dk``; rows sum to the document length).
    doc_topic_prior : ndarray, shape (n_documents, n_topics)
        The Dirichlet parameters each ``theta_d`` was drawn from (``concentration * p(t_d)``).
        ``doc_topic_prior + doc_topic_counts`` are the exact posterior parameters of ``theta_d``
        given the topic assignments.
    prevalence : pandas.DataFrame
        The planted mean prevalence ``E[theta_k | time (, group)]``: columns ``time``
        (Timestamp), ``group`` (when groups were asked for), ``topic`` (int) and ``prevalence``,
        one row per time point (x group) x topic.
    times : pandas.DatetimeIndex
        The time points; every document is dated at one of them.
    """

    beta: np.ndarray
    theta: np.ndarray
    doc_topic_counts: np.ndarray
    doc_topic_prior: np.ndarray
    prevalence: pd.DataFrame
    times: pd.DatetimeIndex


def _rng(random_state: Any) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool)):
        return np.random.default_rng(random_state)
    raise TypeError("random_state must be None, an int seed or a numpy Generator, "
                    f"got {type(random_state).__name__}")


def _positive_int(name: str, value: Any, minimum: int) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def _positive_float(name: str, value: Any) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _vocabulary(vocabulary: int | Sequence[str]) -> np.ndarray:
    if isinstance(vocabulary, numbers.Integral) and not isinstance(vocabulary, bool):
        size = _positive_int("vocabulary", vocabulary, 2)
        width = len(str(size - 1))
        return np.array([f"w{j:0{width}d}" for j in range(size)], dtype=object)
    if isinstance(vocabulary, str) or not isinstance(vocabulary, Sequence):
        raise TypeError("vocabulary must be an int (number of words) or a sequence of str, "
                        f"got {type(vocabulary).__name__}")
    words = list(vocabulary)
    if len(words) < 2 or not all(isinstance(w, str) and w for w in words):
        raise ValueError("vocabulary must hold at least 2 non-empty strings")
    if len(set(words)) != len(words):
        raise ValueError("vocabulary must not repeat a word")
    return np.array(words, dtype=object)


def _softmax(eta: np.ndarray) -> np.ndarray:
    e = np.exp(eta - eta.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _planted_prevalence(trend: Any, n_topics: int, n_periods: int, n_groups: int,
                        elapsed: np.ndarray) -> np.ndarray:
    """Mean prevalence, shape (n_periods, n_groups, n_topics)."""
    values = np.asarray(trend, dtype=float)
    if values.ndim == 0:
        slopes = np.linspace(-values, values, n_topics)
    elif values.shape == (n_topics,):
        slopes = values
    elif values.shape == (n_periods, n_topics):
        if not np.all(np.isfinite(values)) or np.any(values <= 0) or \
                not np.allclose(values.sum(axis=1), 1.0, atol=1e-9):
            raise ValueError("a (n_periods, n_topics) trend gives the mean prevalence per time point: "
                             "values must be positive and each row must sum to 1")
        return np.repeat(values[:, None, :], n_groups, axis=1)
    else:
        raise ValueError(f"trend must be a number, an array of {n_topics} slopes (one per topic) or a "
                         f"({n_periods}, {n_topics}) array of mean prevalences; got shape {values.shape}")
    if not np.all(np.isfinite(slopes)):
        raise ValueError("trend must be finite")
    # group g uses the slopes rolled by g topics: a different trend per group
    group_slopes = np.stack([np.roll(slopes, g) for g in range(n_groups)])            # (G, K)
    eta = (elapsed - 0.5)[:, None, None] * group_slopes[None, :, :]                   # (P, G, K)
    return _softmax(eta)


def make_topic_corpus(n_documents: int = 600, *, n_topics: int = 4, vocabulary: int | Sequence[str] = 200,
                      doc_length: float = 80, trend: float | Sequence[float] | np.ndarray = 3.0,
                      start: str | pd.Timestamp = "2001-01-01", end: str | pd.Timestamp = "2010-01-01",
                      freq: str = "YS", groups: Sequence[str] | None = None, concentration: float = 2.0,
                      topic_word_prior: float = 0.05,
                      random_state: int | np.random.Generator | None = None) -> tuple[DTM, TopicCorpusTruth]:
    """Draw an LDA corpus whose topic prevalence follows a planted trend over time.

    See the module docstring for the generative process. Documents are spread evenly over the
    time points ``pandas.date_range(start, end, freq=freq)`` (and groups), in date order, and
    each is dated at its time point.

    Parameters
    ----------
    n_documents : int, default 600
        Number of documents (at least one per time point and group).
    n_topics : int, default 4
        Number of planted topics ``K`` (at least 2).
    vocabulary : int or sequence of str, default 200
        Number of words (named ``w000``, ``w001``, ...) or the words themselves.
    doc_length : float, default 80
        Mean document length; lengths are ``1 + Poisson(doc_length - 1)``.
    trend : float, array of shape (n_topics,) or (n_periods, n_topics), default 3.0
        The planted trend. A number ``c``: slopes spaced evenly from ``-c`` (topic 0 falls) to
        ``+c`` (the last topic rises). An array of ``K`` slopes: ``p(t) = softmax(slope * (s(t) -
        1/2))`` on the log-odds scale over the whole span. An array of shape
        ``(n_periods, K)``: the mean prevalence at each time point itself (rows sum to 1).
        ``0`` plants no trend (every topic ``1/K`` throughout).
    start, end : str or Timestamp
        First and last possible time point.
    freq : str, default "YS"
        pandas frequency of the time points ("YS" yearly, "QS" quarterly, "MS" monthly).
    groups : sequence of str, optional
        Group names (a ``group`` docvar, e.g. sources). Group ``g`` uses the slopes rolled by
        ``g`` topics, so each group has its own trend (a 2-D ``trend`` applies to every group).
    concentration : float, default 2.0
        Sum of the Dirichlet parameters of ``theta_d``: small values give documents about few
        topics (and noisier prevalence), large values documents close to ``p(t)``.
    topic_word_prior : float, default 0.05
        Symmetric Dirichlet parameter ``eta`` of the topics (small: topics with distinct words).
    random_state : int, numpy Generator or None
        Seed; the same seed gives the identical corpus and truth.

    Returns
    -------
    dtm : DTM
        Counts (documents x words), docvars indexed by ``doc_id`` (``doc0000``...) with columns
        ``date`` (datetime64), ``year``, ``period`` (index of the time point), ``group`` (when
        groups were given) and ``lang`` (None).
    truth : TopicCorpusTruth
        ``beta``, ``theta``, the topic counts, the document priors and the planted
        ``prevalence`` table.

    Raises
    ------
    ValueError
        For a parameter out of range, a trend of the wrong shape, or fewer documents than time
        points x groups.

    Examples
    --------
    >>> m, truth = make_topic_corpus(40, n_topics=2, vocabulary=["peace", "war", "terror", "aid"],
    ...                              start="2001", end="2004", random_state=1)
    >>> m.docvars["year"].unique().tolist()
    [2001, 2002, 2003, 2004]
    >>> truth.prevalence.pivot(index="time", columns="topic", values="prevalence").round(3)
    topic           0      1
    time
    2001-01-01  0.953  0.047
    2002-01-01  0.731  0.269
    2003-01-01  0.269  0.731
    2004-01-01  0.047  0.953
    >>> bool((m.counts.sum(axis=1).A1 == truth.doc_topic_counts.sum(axis=1)).all())
    True
    """
    n_documents = _positive_int("n_documents", n_documents, 1)
    n_topics = _positive_int("n_topics", n_topics, 2)
    words = _vocabulary(vocabulary)
    doc_length = float(doc_length) if isinstance(doc_length, numbers.Real) else doc_length
    if not isinstance(doc_length, float) or not np.isfinite(doc_length) or doc_length < 1:
        raise ValueError(f"doc_length must be a number >= 1, got {doc_length!r}")
    concentration = _positive_float("concentration", concentration)
    topic_word_prior = _positive_float("topic_word_prior", topic_word_prior)
    times = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq=freq)
    if len(times) < 2:
        raise ValueError(f"date_range({start!r}, {end!r}, freq={freq!r}) gives {len(times)} time point(s); "
                         "a trend needs at least 2: widen start-end or use a shorter freq")
    group_names = [None] if groups is None else list(groups)
    if groups is not None and (not group_names or len(set(group_names)) != len(group_names)
                               or not all(isinstance(g, str) and g for g in group_names)):
        raise ValueError("groups must be a non-empty sequence of distinct non-empty strings")
    n_periods, n_groups = len(times), len(group_names)
    if n_documents < n_periods * n_groups:
        raise ValueError(f"n_documents={n_documents} is fewer than the {n_periods} time points x {n_groups} "
                         "group(s); give more documents or fewer time points")
    rng = _rng(random_state)

    elapsed = np.asarray((times - times[0]) / (times[-1] - times[0]), dtype=float)
    prevalence = _planted_prevalence(trend, n_topics, n_periods, n_groups, elapsed)   # (P, G, K)

    cells = np.sort(np.arange(n_documents) % (n_periods * n_groups))
    period, group = cells // n_groups, cells % n_groups
    alpha = concentration * prevalence[period, group]                                  # (D, K)
    beta = rng.dirichlet(np.full(len(words), topic_word_prior), size=n_topics)
    gam = rng.standard_gamma(alpha)
    theta = gam / gam.sum(axis=1, keepdims=True)
    lengths = 1 + rng.poisson(doc_length - 1, size=n_documents)
    n_dk = rng.multinomial(lengths, theta)                                              # (D, K)

    # words: for each topic, all its tokens at once by inverting the cumulative distribution
    doc_ids, word_ids = [], []
    for k in range(n_topics):
        cum = np.cumsum(beta[k])
        cum /= cum[-1]
        n_tokens = int(n_dk[:, k].sum())
        doc_ids.append(np.repeat(np.arange(n_documents), n_dk[:, k]))
        word_ids.append(np.minimum(np.searchsorted(cum, rng.random(n_tokens), side="right"), len(words) - 1))
    rows_, cols_ = np.concatenate(doc_ids), np.concatenate(word_ids)
    counts = sparse.csr_matrix((np.ones(len(rows_), dtype=np.int64), (rows_, cols_)),
                               shape=(n_documents, len(words)))
    counts.sum_duplicates()

    width = len(str(n_documents - 1))
    docvars = pd.DataFrame({"date": times[period].astype("datetime64[ns]"),
                            "year": times[period].year.astype(np.int64),
                            "period": period.astype(np.int64)},
                           index=pd.Index([f"doc{i:0{width}d}" for i in range(n_documents)], name="doc_id"))
    if groups is not None:
        docvars["group"] = pd.array([group_names[g] for g in group], dtype="str")
    docvars["lang"] = None
    params = {"generator": "toolkit.topics.synthetic.make_topic_corpus", "tagged": False, "languages": ["und"],
              "n_topics": n_topics, "concentration": concentration, "topic_word_prior": topic_word_prior}
    dtm = DTM(counts, words, docvars, Preprocessor(), params)

    rows = {"time": np.repeat(times.astype("datetime64[ns]"), n_groups * n_topics)}
    if groups is not None:
        rows["group"] = np.tile(np.repeat(np.array(group_names, dtype=object), n_topics), n_periods)
    rows["topic"] = np.tile(np.arange(n_topics, dtype=np.int64), n_periods * n_groups)
    rows["prevalence"] = prevalence.reshape(-1)
    table = pd.DataFrame(rows)
    table = table.sort_values([c for c in ("topic", "group", "time") if c in table], kind="stable",
                              ignore_index=True)
    truth = TopicCorpusTruth(beta=beta, theta=theta, doc_topic_counts=n_dk, doc_topic_prior=alpha,
                             prevalence=table, times=pd.DatetimeIndex(times.astype("datetime64[ns]")))
    logger.info("make_topic_corpus: %d documents, %d topics, %d words, %d time points, %d group(s)",
                n_documents, n_topics, len(words), n_periods, n_groups)
    return dtm, truth
