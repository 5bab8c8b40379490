"""make_topic_corpus(): the LDA generative process with a planted trend, exact truth, determinism, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.dtm import DTM
from toolkit.topics.synthetic import TopicCorpusTruth, make_topic_corpus


def test_topics_synthetic_returns_aligned_dtm_and_truth():
    m, truth = make_topic_corpus(120, n_topics=3, vocabulary=50, start="2001-01-01", end="2006-01-01",
                                 random_state=0)
    assert isinstance(m, DTM) and isinstance(truth, TopicCorpusTruth)
    assert m.shape == (120, 50)
    # quanteda's invariant: one docvars row per document, unique doc_id
    assert len(m.docvars) == m.n_docs and m.docvars.index.is_unique and m.docvars.index.name == "doc_id"
    assert m.docvars["date"].dtype == "datetime64[ns]"
    assert m.docvars["year"].tolist() == sorted(m.docvars["year"].tolist())       # in date order
    assert m.docvars["year"].value_counts().tolist() == [20] * 6                    # spread evenly
    assert list(truth.times) == list(pd.date_range("2001-01-01", "2006-01-01", freq="YS"))
    assert truth.beta.shape == (3, 50) and truth.theta.shape == (120, 3)
    np.testing.assert_allclose(truth.beta.sum(axis=1), 1.0)
    np.testing.assert_allclose(truth.theta.sum(axis=1), 1.0)
    # every token is accounted for: document lengths = tokens per topic summed
    np.testing.assert_array_equal(m.counts.sum(axis=1).A1, truth.doc_topic_counts.sum(axis=1))
    assert m.counts.sum(axis=1).min() >= 1
    assert list(m.feature_names[:2]) == ["w00", "w01"]


def test_topics_synthetic_planted_prevalence_is_softmax_of_slopes():
    _, truth = make_topic_corpus(30, n_topics=3, vocabulary=10, trend=[2.0, 0.0, -2.0], start="2001",
                                 end="2003", random_state=0)
    table = truth.prevalence.pivot(index="time", columns="topic", values="prevalence").to_numpy()
    # s = 0, 1/2, 1 -> log-odds slope * (s - 1/2): (-1, 0, 1), (0, 0, 0), (1, 0, -1)
    e = np.exp([-1.0, 0.0, 1.0])
    np.testing.assert_allclose(table[0], e / e.sum())
    np.testing.assert_allclose(table[1], [1 / 3] * 3)
    np.testing.assert_allclose(table[2], e[::-1] / e.sum())
    # the documents' Dirichlet parameters are concentration x prevalence of their time point
    np.testing.assert_allclose(truth.doc_topic_prior[0], 2.0 * e / e.sum())


def test_topics_synthetic_scalar_trend_first_topic_falls_last_rises():
    _, truth = make_topic_corpus(50, n_topics=4, vocabulary=10, random_state=0)
    p = truth.prevalence.pivot(index="time", columns="topic", values="prevalence")
    assert p[0].is_monotonic_decreasing and p[3].is_monotonic_increasing
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    _, flat = make_topic_corpus(50, n_topics=4, vocabulary=10, trend=0, random_state=0)
    np.testing.assert_allclose(flat.prevalence["prevalence"], 0.25)


def test_topics_synthetic_two_dimensional_trend_is_planted_exactly():
    planted = np.array([[0.7, 0.3], [0.5, 0.5], [0.1, 0.9]])
    _, truth = make_topic_corpus(30, n_topics=2, vocabulary=10, trend=planted, start="2001", end="2003",
                                 random_state=0)
    got = truth.prevalence.pivot(index="time", columns="topic", values="prevalence").to_numpy()
    np.testing.assert_allclose(got, planted)


def test_topics_synthetic_empirical_means_match_the_planted_prevalence():
    m, truth = make_topic_corpus(4000, n_topics=3, vocabulary=30, start="2001", end="2004", random_state=3)
    period = m.docvars["period"].to_numpy()
    for p_idx, t in enumerate(truth.times):
        rows = truth.theta[period == p_idx]
        planted = truth.prevalence.query("time == @t").sort_values("topic")["prevalence"].to_numpy()
        se = rows.std(axis=0, ddof=1) / np.sqrt(len(rows))
        assert np.all(np.abs(rows.mean(axis=0) - planted) < 5 * se)


def test_topics_synthetic_word_counts_follow_the_topics():
    m, truth = make_topic_corpus(3000, n_topics=3, vocabulary=40, random_state=1)
    expected = truth.doc_topic_counts.sum(axis=0) @ truth.beta          # E[total count of each word]
    observed = m.counts.sum(axis=0).A1
    big = expected > 200
    assert big.sum() >= 10
    # Poisson-like deviations: within 5 standard deviations
    assert np.all(np.abs(observed[big] - expected[big]) < 5 * np.sqrt(expected[big]))


def test_topics_synthetic_groups_have_rolled_trends():
    m, truth = make_topic_corpus(80, n_topics=3, vocabulary=10, groups=["MAP", "SPA"], start="2001",
                                 end="2004", random_state=0)
    assert m.docvars["group"].value_counts().to_dict() == {"MAP": 40, "SPA": 40}
    assert list(truth.prevalence.columns) == ["time", "group", "topic", "prevalence"]
    wide = truth.prevalence.pivot(index=["group", "time"], columns="topic", values="prevalence")
    np.testing.assert_allclose(np.roll(wide.loc["MAP"].to_numpy(), 1, axis=1), wide.loc["SPA"].to_numpy())


def test_topics_synthetic_vocabulary_words_are_the_features():
    words = ["سلام", "ارهاب", "تنمية", "امن"]
    m, truth = make_topic_corpus(20, n_topics=2, vocabulary=words, random_state=0)
    assert m.feature_names.tolist() == words and truth.beta.shape == (2, 4)


def test_topics_synthetic_is_deterministic():
    a, ta = make_topic_corpus(200, random_state=7)
    b, tb = make_topic_corpus(200, random_state=np.random.default_rng(7))
    assert (a.counts != b.counts).nnz == 0
    np.testing.assert_array_equal(ta.theta, tb.theta)
    np.testing.assert_array_equal(ta.beta, tb.beta)
    pd.testing.assert_frame_equal(a.docvars, b.docvars)
    pd.testing.assert_frame_equal(ta.prevalence, tb.prevalence)
    c, _ = make_topic_corpus(200, random_state=8)
    assert (a.counts != c.counts).nnz > 0


@settings(max_examples=25)
@given(n_docs=st.integers(10, 60), n_topics=st.integers(2, 5), n_words=st.integers(2, 30),
       doc_length=st.floats(1, 30), seed=st.integers(0, 2**16))
def test_topics_synthetic_invariants(n_docs, n_topics, n_words, doc_length, seed):
    m, truth = make_topic_corpus(n_docs, n_topics=n_topics, vocabulary=n_words, doc_length=doc_length,
                                 start="2001", end="2005", random_state=seed)
    assert m.shape == (n_docs, n_words)
    lengths = m.counts.sum(axis=1).A1
    assert lengths.min() >= 1
    np.testing.assert_array_equal(lengths, truth.doc_topic_counts.sum(axis=1))
    np.testing.assert_allclose(truth.theta.sum(axis=1), 1.0)
    sums = truth.prevalence.groupby("time")["prevalence"].sum()
    np.testing.assert_allclose(sums, 1.0)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n_documents": 5}, "fewer than the 10 time points"),
    ({"n_topics": 1}, "n_topics must be an int >= 2"),
    ({"vocabulary": ["a", "a"]}, "must not repeat"),
    ({"vocabulary": 1}, "vocabulary must be an int >= 2"),
    ({"trend": [1.0, 2.0]}, "trend must be a number"),
    ({"trend": np.full((10, 4), 0.3)}, "each row must sum to 1"),
    ({"start": "2001", "end": "2001"}, "at least 2"),
    ({"concentration": 0}, "concentration must be a positive number"),
    ({"doc_length": 0.5}, "doc_length must be a number >= 1"),
    ({"groups": ["a", "a"]}, "distinct"),
])
def test_topics_synthetic_errors(kwargs, match):
    params = {"n_documents": 40, **kwargs}
    with pytest.raises(ValueError, match=match):
        make_topic_corpus(params.pop("n_documents"), **params, random_state=0)


def test_topics_synthetic_random_state_type_error():
    with pytest.raises(TypeError, match="random_state"):
        make_topic_corpus(20, random_state="seed")
