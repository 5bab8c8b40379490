"""Describing topics: stm's FREX, exclusivity and semantic coherence on hand-computed cases, lift,
relevance, top terms, representative documents and the tidy document-topic table."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse

from toolkit.dtm import dtm
from toolkit.topics.describe import (
    _js_estimate,
    document_topics,
    exclusivity,
    frex,
    lift,
    relevance,
    representative_documents,
    semantic_coherence,
    top_terms,
)

# Two topics over four words; p(topic | word) = beta / column sum:
# word 0: (0.8, 0.2), word 1: (0.6, 0.4), word 2: (0.5, 0.5), word 3: (1/6, 5/6)
BETA = np.array([[0.4, 0.3, 0.2, 0.1],
                 [0.1, 0.2, 0.2, 0.5]])
WORDS = ["terror", "attack", "peace", "treaty"]


def betas(max_topics=4, max_words=8):
    """Random topic-word matrices with positive entries, rows summing to 1."""
    shape = st.tuples(st.integers(1, max_topics), st.integers(2, max_words))
    return shape.flatmap(lambda s: arrays(float, s, elements=st.floats(0.01, 1.0))).map(
        lambda a: a / a.sum(axis=1, keepdims=True))


# ---------------------------------------------------------------------- FREX (stm's calcfrex)
def test_frex_hand_computed_without_word_counts():
    # Frequency ECDF within each topic (rank / V): topic 0 beta 0.4 > 0.3 > 0.2 > 0.1 -> F = 1, .75, .5, .25;
    # topic 1 beta 0.1 < 0.2 = 0.2 < 0.5 -> ranks 1, 2.5, 2.5, 4 -> F = .25, .625, .625, 1.
    # Exclusivity ECDF of p(topic | word): topic 0 .8 > .6 > .5 > 1/6 -> E = 1, .75, .5, .25;
    # topic 1 .2 < .4 < .5 < 5/6 -> E = .25, .5, .75, 1.
    # FREX = 1 / (.5 / F + .5 / E): topic 1 word 1 = 1 / (.8 + 1) = .5556, word 2 = 1 / (.8 + .6667) = .6818
    expected = np.array([[1.0, 0.75, 0.5, 0.25],
                         [0.25, 1 / 1.8, 1 / (0.8 + 2 / 3), 1.0]])
    np.testing.assert_allclose(frex(BETA), expected)


def test_frex_weight_is_on_frequency():
    # w = 0.2 on frequency: topic 1 word 1 = 1 / (0.2 / 0.625 + 0.8 / 0.5) = 1 / (0.32 + 1.6) = 0.5208
    assert frex(BETA, weight=0.2)[1, 1] == pytest.approx(1 / (0.32 + 1.6))


def test_js_estimate_branches_hand_computed():
    prob = np.array([[0.8, 0.6, 0.5, 1 / 6, 0.5],
                     [0.2, 0.4, 0.5, 5 / 6, 0.5]])
    counts = np.array([5, 4, 1, 2, 3])
    out = _js_estimate(prob, counts)
    # word 0: lambda = sum p(1-p)/(n-1) / sum (p - 1/2)^2 = (2 * .16 / 4) / (2 * .09) = 4/9
    #         -> 4/9 * .5 + 5/9 * (.8, .2) = (2/3, 1/3)
    np.testing.assert_allclose(out[:, 0], [2 / 3, 1 / 3])
    # word 1: lambda = (2 * .24 / 3) / (2 * .01) = 8, truncated to 1 -> uniform
    np.testing.assert_array_equal(out[:, 1], [0.5, 0.5])
    # word 2: a count of 1 -> uniform; word 3: lambda = (2 * (5/36) / 1) / (2/9) = 1.25 -> uniform
    np.testing.assert_array_equal(out[:, 2], [0.5, 0.5])
    np.testing.assert_array_equal(out[:, 3], [0.5, 0.5])
    # word 4: already uniform (deviation 0) -> returned as is
    np.testing.assert_array_equal(out[:, 4], [0.5, 0.5])


def test_frex_with_word_counts_shrinks_exclusivity():
    # Shrunk p(topic | word) with counts (5, 4, 1, 2) (see test_js_estimate_branches_hand_computed):
    # word 0 (2/3, 1/3), words 1-3 (1/2, 1/2).
    # topic 0: ranks of (2/3, .5, .5, .5) are 4 and the tie's average (1+2+3)/3 = 2 -> E = 1, .5, .5, .5
    #   FREX = 1, 1 / (.5/.75 + .5/.5) = .6, 1 / (1 + 1) = .5, 1 / (2 + 1) = 1/3
    # topic 1: (1/3, .5, .5, .5) -> ranks 1, 3, 3, 3 -> E = .25, .75, .75, .75
    #   FREX = .25, 1 / (.8 + .6667) = .6818, .6818, 1 / (.5 + .6667) = .8571
    expected = np.array([[1.0, 0.6, 0.5, 1 / 3],
                         [0.25, 1 / (0.8 + 2 / 3), 1 / (0.8 + 2 / 3), 1 / (0.5 + 2 / 3)]])
    np.testing.assert_allclose(frex(BETA, word_counts=[5, 4, 1, 2]), expected)


def test_frex_ties_get_average_ranks():
    beta = np.array([[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]])
    # topic 0: F ranks (1.5, 1.5, 3) / 3; p(topic 0 | word) = 1/3, 1/2, 2/3 -> E = 1/3, 2/3, 1
    # FREX = 1 / (.5/.5 + .5/(1/3)) = .4, 1 / (1 + .75) = .5714, 1
    np.testing.assert_allclose(frex(beta)[0], [0.4, 1 / 1.75, 1.0])


@settings(max_examples=50)
@given(beta=betas())
def test_frex_extreme_weights_give_the_two_ecdfs(beta):
    n_words = beta.shape[1]
    ecdf = lambda x: np.array([[(row <= v).sum() for v in row] for row in x]) / n_words
    values = frex(beta)
    assert ((values > 0) & (values <= 1)).all()
    distinct = all(len(set(row)) == n_words for row in beta)
    if distinct:  # without ties the rank / V is the ECDF
        np.testing.assert_allclose(frex(beta, weight=1.0), ecdf(beta))


def test_frex_rejects_unnormalised_beta_and_bad_weight():
    with pytest.raises(ValueError, match="must sum to 1"):
        frex(BETA * 2)
    with pytest.raises(ValueError, match="weight must be a number between 0 and 1"):
        frex(BETA, weight=1.5)
    with pytest.raises(ValueError, match="non-negative"):
        frex(np.array([[1.5, -0.5]]))
    with pytest.raises(ValueError, match="one count per word"):
        frex(BETA, word_counts=[1, 2])


# ---------------------------------------------------------------------- lift and relevance
def test_lift_hand_computed():
    counts = [50, 20, 20, 10]  # corpus shares .5, .2, .2, .1
    expected = np.array([[0.8, 1.5, 1.0, 1.0], [0.2, 1.0, 1.0, 5.0]])
    np.testing.assert_allclose(lift(BETA, counts), expected)


def test_lift_accepts_dtm_and_count_matrix():
    m = dtm([{"doc_id": "a", "text": "terror attack terror", "lang": "en"},
             {"doc_id": "b", "text": "peace treaty terror", "lang": "en"}])
    beta = np.full((1, m.n_features), 1 / m.n_features)
    expected = beta / (np.asarray(m.counts.sum(axis=0)).ravel() / m.counts.sum())
    np.testing.assert_allclose(lift(beta, m), expected)
    np.testing.assert_allclose(lift(beta, m.counts), expected)


def test_relevance_hand_computed():
    counts = [50, 20, 20, 10]
    # lambda = .6: .6 log .4 + .4 log(.4 / .5) = -.5498 - .0893 = -.6390
    assert relevance(BETA, counts)[0, 0] == pytest.approx(0.6 * math.log(0.4) + 0.4 * math.log(0.8))


@settings(max_examples=30)
@given(beta=betas(), seed=st.integers(0, 1000))
def test_relevance_interpolates_log_prob_and_log_lift(beta, seed):
    counts = np.random.default_rng(seed).integers(1, 100, beta.shape[1])
    np.testing.assert_allclose(relevance(beta, counts, lambda_=1.0), np.log(beta))
    np.testing.assert_allclose(relevance(beta, counts, lambda_=0.0), np.log(lift(beta, counts)))


# ---------------------------------------------------------------------- top terms
def test_top_terms_by_probability_is_tidy():
    table = top_terms(BETA, WORDS, n=3)
    assert list(table.columns) == ["topic", "rank", "term", "score", "prob"]
    assert table[table.topic == 0].term.tolist() == ["terror", "attack", "peace"]
    # topic 1: 0.5 treaty, then the tie 0.2 attack / 0.2 peace in vocabulary order (R's order)
    assert table[table.topic == 1].term.tolist() == ["treaty", "attack", "peace"]
    assert table["rank"].tolist() == [1, 2, 3, 1, 2, 3]


@pytest.mark.parametrize(("by", "kwargs", "topic1"), [
    ("prob", {}, ["treaty", "attack"]),
    ("frex", {}, ["treaty", "peace"]),  # FREX (1, .25, .5556, .6818): peace beats attack
    ("lift", {"word_counts": [50, 20, 20, 10]}, ["treaty", "attack"]),  # lifts (.2, 1, 1, 5), tie in order
    ("relevance", {"word_counts": [50, 20, 40, 10], "lambda_": 0.0}, ["treaty", "attack"]),
])
def test_top_terms_by_each_criterion(by, kwargs, topic1):
    table = top_terms(BETA, WORDS, n=2, by=by, **kwargs)
    assert table[table.topic == 1].term.tolist() == topic1


def test_top_terms_from_a_fitted_model_and_a_dataframe():
    model = SimpleNamespace(components_=BETA * 40, feature_names_in_=np.array(WORDS, dtype=object))
    from_model = top_terms(model, n=2)
    assert from_model.term.tolist() == ["terror", "attack", "treaty", "attack"]
    np.testing.assert_allclose(from_model.prob, [0.4, 0.3, 0.5, 0.2])
    frame = pd.DataFrame(BETA, columns=WORDS)
    pd.testing.assert_frame_equal(top_terms(frame, n=2), from_model)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"by": "score"}, "by='score' is invalid"),
    ({"by": "lift"}, "needs word_counts"),
    ({"n": 0}, "n must be a positive integer"),
    ({"feature_names": ["a", "b"]}, "2 names for 4 words"),
    ({"feature_names": None}, "feature_names are needed"),
])
def test_top_terms_rejects_bad_input(kwargs, match):
    args = {"feature_names": WORDS, **kwargs}
    with pytest.raises(ValueError, match=match):
        top_terms(BETA, args.pop("feature_names"), **args)


def test_top_terms_caps_n_at_vocabulary():
    assert len(top_terms(BETA, WORDS, n=50)) == 8


# ---------------------------------------------------------------------- exclusivity (stm)
def test_exclusivity_hand_computed():
    # stm: FREX with w = .7 on exclusivity: 1 / (.7 / E + .3 / F); summed over the M = 2 most probable
    # words. Topic 0: terror (E = F = 1) -> 1; attack (E = .75, F = .75) -> .75; sum 1.75.
    # Topic 1: treaty (E = F = 1) -> 1; attack/peace tie at .2, attack first (vocabulary order):
    # E = .5, F = .625 -> 1 / (1.4 + .48) = .5319; sum 1.5319.
    np.testing.assert_allclose(exclusivity(BETA, M=2), [1.75, 1 + 1 / 1.88])


def test_exclusivity_weight_and_m():
    # frexw = 1: exclusivity ECDF only. Topic 0 top 3: E = 1, .75, .5 -> 2.25
    assert exclusivity(BETA, M=3, frexw=1.0)[0] == pytest.approx(2.25)
    with pytest.raises(ValueError, match="M=10 is larger than the vocabulary"):
        exclusivity(BETA)


@settings(max_examples=40)
@given(beta=betas(max_words=12), m=st.integers(1, 2))
def test_exclusivity_lies_between_zero_and_m(beta, m):
    values = exclusivity(beta, M=m)
    assert values.shape == (beta.shape[0],)
    assert ((values > 0) & (values <= m + 1e-12)).all()


# ---------------------------------------------------------------------- semantic coherence (stm)
# Documents (counts; only presence matters) over words a, b, c, d:
# D(a) = 3, D(b) = 3, D(c) = 4, D(a, b) = 2, D(a, c) = 2, D(b, c) = 1
COUNTS = sparse.csr_matrix(np.array([
    [3, 1, 2, 0],
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    [0, 0, 1, 0],
    [0, 2, 0, 0],
    [0, 0, 1, 0],
]))
ABCD = ["a", "b", "c", "d"]


def test_semantic_coherence_hand_computed_with_stm_pair_order():
    # wordlist (first appearance over topics): a, b, c. Topic 0 [a, b]: pair (b | a):
    # log(D(a, b) + .01) - log(D(a) + .01) = log(2.01 / 3.01).
    # Topic 1 [c, a]: c comes after a in the wordlist, so stm conditions on a, not on the higher-ranked
    # c: log(2.01 / 3.01) (Mimno's rank order would give log(2.01 / 4.01)).
    expected = [math.log(2.01 / 3.01), math.log(2.01 / 3.01)]
    result = semantic_coherence([["a", "b"], ["c", "a"]], COUNTS, M=2, feature_names=ABCD)
    np.testing.assert_allclose(result, expected)
    beta = np.array([[0.5, 0.3, 0.1, 0.1], [0.3, 0.05, 0.6, 0.05]])  # same top-2 words
    np.testing.assert_allclose(semantic_coherence(beta, COUNTS, M=2), expected)


def test_semantic_coherence_sums_over_pairs():
    # [a, b, c]: log(2.01/3.01) (b|a) + log(2.01/3.01) (c|a) + log(1.01/3.01) (c|b)
    expected = 2 * math.log(2.01 / 3.01) + math.log(1.01 / 3.01)
    assert semantic_coherence([["a", "b", "c", "d"]], COUNTS, M=3, feature_names=ABCD)[0] == pytest.approx(expected)


def test_semantic_coherence_with_a_dtm():
    m = dtm([{"doc_id": "1", "text": "terror attack", "lang": "en"},
             {"doc_id": "2", "text": "terror terror", "lang": "en"},
             {"doc_id": "3", "text": "peace", "lang": "en"}])
    # D(terror) = 2, D(attack, terror) = 1: log(1.01 / 2.01)
    assert semantic_coherence([["terror", "attack"]], m, M=2)[0] == pytest.approx(math.log(1.01 / 2.01))


@pytest.mark.parametrize(("topics", "kwargs", "match"), [
    ([["a", "zzz"]], {"feature_names": ABCD}, r"words \['zzz'\] are not columns"),
    ([["a", "b"]], {}, "feature_names are needed"),
    (np.full((2, 3), 1 / 3), {}, "3 words but the DTM 4 columns"),
])
def test_semantic_coherence_rejects_bad_input(topics, kwargs, match):
    with pytest.raises(ValueError, match=match):
        semantic_coherence(topics, COUNTS, M=2, **kwargs)


# ---------------------------------------------------------------------- documents
THETA = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.6, 0.4]])
DOCVARS = pd.DataFrame({"year": [2001, 2002, 2003, 2004]},
                       index=pd.Index(["a", "b", "c", "d"], name="doc_id"))


def test_representative_documents_orders_by_proportion_ties_in_document_order():
    table = representative_documents(THETA, DOCVARS, topic=0, n=3)
    assert table.doc_id.tolist() == ["a", "c", "d"]
    assert table.proportion.tolist() == [0.9, 0.6, 0.6]
    assert table.year.tolist() == [2001, 2003, 2004]
    assert table["rank"].tolist() == [1, 2, 3]


def test_representative_documents_all_topics_threshold_texts_and_model():
    model = SimpleNamespace(doc_topic_=THETA, docvars_=DOCVARS)
    table = representative_documents(model, n=10, threshold=0.5, texts=["t1", "t2", "t3", "t4"])
    assert table.topic.tolist() == [0, 0, 0, 1]
    assert table.doc_id.tolist() == ["a", "c", "d", "b"]
    assert table.text.tolist() == ["t1", "t3", "t4", "t2"]


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"topic": 2}, r"topic \[2\] out of range"),
    ({"texts": ["x"]}, "texts has 1 items for 4 documents"),
    ({"n": 0}, "n must be a positive integer"),
])
def test_representative_documents_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        representative_documents(THETA, DOCVARS, **kwargs)


def test_representative_documents_rejects_clashing_docvars_and_may_be_empty():
    with pytest.raises(ValueError, match=r"column\(s\) \['rank'\]"):
        representative_documents(THETA, DOCVARS.assign(rank=1))
    assert representative_documents(THETA, DOCVARS, topic=0, threshold=0.95).empty


def test_document_topics_is_tidy_with_docvars():
    table = document_topics(THETA, DOCVARS)
    assert list(table.columns) == ["doc_id", "topic", "proportion", "year"]
    assert len(table) == THETA.size
    # one row per document and topic, the document's docvars on each
    assert table.groupby("doc_id").size().tolist() == [2, 2, 2, 2]
    assert table.set_index(["doc_id", "topic"]).loc[("b", 1), "proportion"] == 0.8
    assert table[table.doc_id == "c"].year.unique().tolist() == [2003]


def test_document_topics_from_a_model_without_docvars():
    table = document_topics(SimpleNamespace(doc_topic_=THETA, docvars_=None))
    assert table.doc_id.tolist()[:4] == [0, 0, 1, 1]
    assert list(table.columns) == ["doc_id", "topic", "proportion"]


@settings(max_examples=30)
@given(theta=st.tuples(st.integers(1, 6), st.integers(1, 5)).flatmap(
    lambda s: arrays(float, s, elements=st.floats(0.01, 1.0))).map(lambda a: a / a.sum(axis=1, keepdims=True)))
def test_document_topics_round_trips_theta(theta):
    table = document_topics(theta)
    wide = table.pivot(index="doc_id", columns="topic", values="proportion").to_numpy()
    np.testing.assert_array_equal(wide, theta)


@pytest.mark.parametrize(("docvars", "error", "match"), [
    (DOCVARS.iloc[:2], ValueError, "docvars has 2 rows for 4 documents"),
    (DOCVARS.assign(topic=1), ValueError, r"column\(s\) \['topic'\]"),
    ([1, 2, 3, 4], TypeError, "docvars must be a DataFrame"),
])
def test_document_topics_rejects_bad_docvars(docvars, error, match):
    with pytest.raises(error, match=match):
        document_topics(THETA, docvars)
