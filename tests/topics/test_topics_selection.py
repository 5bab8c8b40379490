"""Choice of K: Hungarian matching, stability across seeds, held-out perplexity, select_k; real corpora."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from toolkit.dtm import dtm
from toolkit.text import Preprocessor
from toolkit.topics import (
    TopicModel,
    held_out_perplexity,
    match_topics,
    select_k,
    split_held_out,
    stability,
)
from toolkit.topics.selection import MEASURES
from toolkit.topics.synthetic import make_topic_corpus


@pytest.fixture(scope="module")
def planted():
    return make_topic_corpus(300, n_topics=3, vocabulary=90, doc_length=60, trend=0.0, random_state=5)


@pytest.fixture(scope="module")
def texts_dtm():
    rng = np.random.default_rng(0)
    words = [["army", "troops", "attack", "soldiers"], ["bank", "money", "funds", "finance"]]
    docs = [{"doc_id": f"d{i}", "text": " ".join(rng.choice(words[i % 2], size=12)), "lang": "en"} for i in range(40)]
    m = dtm(docs)
    texts = [doc["text"].split() for doc in docs]
    return m, texts


# ---------------------------------------------------------------------- matching
@settings(max_examples=40)
@given(st.integers(2, 6), st.integers(0, 2**32 - 1))
def test_selection_match_topics_undoes_any_permutation(k, seed):
    rng = np.random.default_rng(seed)
    beta = rng.dirichlet(np.full(12, 0.2), size=k)
    perm = rng.permutation(k)
    order, similarity = match_topics(beta, beta[perm])
    np.testing.assert_array_equal(perm[order], np.arange(k))
    np.testing.assert_allclose(similarity, 1.0)


def test_selection_match_topics_maximises_the_total_not_each_greedily():
    # greedy would give topic 0 its best match (column 0, 0.9) and leave topic 1 with 0.1;
    # the assignment gives 0 -> 1 (0.8) and 1 -> 0 (0.85)
    a = np.array([[1.0, 0.0], [0.6, 0.8]])
    b = np.array([[0.9, 0.43589], [0.8, 0.6]])
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    order, _ = match_topics(a, b)
    cos = a @ b.T / np.linalg.norm(a, axis=1)[:, None]
    assert cos[0, order[0]] + cos[1, order[1]] >= max(cos[0, 0] + cos[1, 1], cos[0, 1] + cos[1, 0]) - 1e-12


def test_selection_match_topics_accepts_models_and_rejects_mismatches(planted):
    m, truth = planted
    model = TopicModel(3, random_state=0, max_iter=30).fit(m)
    order, similarity = match_topics(truth.beta, model)
    assert sorted(order.tolist()) == [0, 1, 2] and similarity.min() > 0.9
    with pytest.raises(ValueError, match="same vocabulary"):
        match_topics(np.ones((2, 3)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="put the smaller model first"):
        match_topics(np.ones((3, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="topics x words"):
        match_topics(np.ones(3), np.ones((2, 3)))


def test_selection_stability_of_runs(planted):
    m, _ = planted
    models = [TopicModel(3, random_state=s, max_iter=30).fit(m) for s in (0, 1, 3)]
    table = stability(models, labels=["a", "b", "c"])
    assert table.columns.tolist() == ["run_a", "run_b", "topic_a", "topic_b", "similarity"]
    assert len(table) == 3 * 3  # three pairs x three topics
    assert table[["run_a", "run_b"]].drop_duplicates().values.tolist() == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert table.attrs["mean_similarity"] > 0.95  # clear planted topics: every run finds them
    for _, pair in table.groupby(["run_a", "run_b"]):
        assert sorted(pair["topic_b"]) == [0, 1, 2]


def test_selection_stability_exposes_a_run_stuck_in_a_local_optimum(planted):
    m, truth = planted
    # from random starts (the default SVD start finds the planted topics from every seed)
    good, stuck = (TopicModel(3, init="random", random_state=s, max_iter=30).fit(m) for s in (0, 2))
    assert stuck.perplexity_ > good.perplexity_ * 1.1  # random_state=2 ends in a worse optimum
    assert stability([good, stuck]).attrs["mean_similarity"] < 0.8
    assert stability([truth.beta, good.topic_word_]).attrs["mean_similarity"] > 0.99


def test_selection_stability_errors():
    with pytest.raises(ValueError, match="at least two models"):
        stability([np.ones((2, 3))])
    with pytest.raises(ValueError, match="different shapes"):
        stability([np.ones((2, 3)), np.ones((3, 3))])
    with pytest.raises(ValueError, match="2 labels for 3 models"):
        stability([np.ones((2, 3))] * 3, labels=["a", "b"])


# ---------------------------------------------------------------------- held-out perplexity
@settings(max_examples=30)
@given(st.integers(0, 2**32 - 1), st.floats(0.1, 0.9))
def test_selection_split_keeps_every_token_of_the_held_out_documents(seed, share):
    X = sparse.csr_matrix(np.random.default_rng(seed).poisson(2.0, size=(12, 5)))
    test, observed, scored = split_held_out(X, held_out=share, random_state=seed)
    assert len(test) == round(share * 12) and np.all(np.diff(test) > 0)
    np.testing.assert_array_equal((observed + scored).toarray(), X[test].toarray())
    assert observed.data.min(initial=1) > 0 and scored.data.min(initial=1) > 0


def test_selection_split_is_deterministic_and_validated():
    X = sparse.csr_matrix(np.full((10, 4), 3))
    a, b = split_held_out(X, random_state=1), split_held_out(X, random_state=1)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1].toarray(), b[1].toarray())
    for bad in (0.0, 1.0, 1, "0.2"):
        with pytest.raises(ValueError, match="held_out must be a float strictly between 0 and 1"):
            split_held_out(X, held_out=bad)
    with pytest.raises(ValueError, match="both need at least one document"):
        split_held_out(X, held_out=0.01)


def test_selection_held_out_perplexity_prefers_the_true_number_of_topics(planted):
    m, _ = planted
    test, observed, scored = split_held_out(m.counts, held_out=0.2, random_state=0)
    train = m.counts[np.setdiff1d(np.arange(m.n_docs), test)]
    perplexity = {k: held_out_perplexity(TopicModel(k, random_state=0, max_iter=50).fit(train), observed, scored)
                  for k in (1, 3)}
    assert perplexity[3] < perplexity[1] < m.n_features


def test_selection_held_out_perplexity_by_hand():
    # one topic, uniform over 4 words: every scored token has probability 1/4
    model = TopicModel(1, random_state=0, max_iter=5).fit(sparse.csr_matrix(np.full((3, 4), 5)))
    observed = sparse.csr_matrix(np.array([[1, 0, 0, 0]]))
    scored = sparse.csr_matrix(np.array([[0, 2, 1, 0]]))
    assert held_out_perplexity(model, observed, scored) == pytest.approx(4.0, rel=1e-6)
    with pytest.raises(ValueError, match="scored half holds no tokens"):
        held_out_perplexity(model, observed, sparse.csr_matrix((1, 4)))
    nmf = TopicModel(1, method="nmf", random_state=0).fit(sparse.csr_matrix(np.full((3, 4), 5)))
    with pytest.raises(ValueError, match="method='lda' only"):
        held_out_perplexity(nmf, observed, scored)


# ---------------------------------------------------------------------- select_k
def test_select_k_is_one_tidy_row_per_k_and_seed(texts_dtm):
    m, texts = texts_dtm
    table = select_k(m, [2, 3], seeds=(0, 1), texts=texts, params={"max_iter": 20}, top_n=4,
                     measures=("perplexity", "c_npmi", "u_mass", "exclusivity", "semantic_coherence", "stability"))
    assert table.columns.tolist() == ["k", "seed", "perplexity", "c_npmi", "u_mass", "exclusivity",
                                      "semantic_coherence", "stability", "n_iter", "seconds"]
    assert table[["k", "seed"]].values.tolist() == [[2, 0], [2, 1], [3, 0], [3, 1]]
    assert table.drop(columns="seconds").notna().all().all()
    assert table.attrs["coherence_reference"] == "texts (training documents)"
    assert table.attrs["n_held_out"] == 8
    two = table[table.k == 2]
    assert (two["stability"] > 0.99).all() and (two["c_npmi"] > 0.2).all()


def test_select_k_coherence_uses_the_toolkit_measure_on_training_texts(texts_dtm):
    from toolkit.topics.coherence import coherence

    m, texts = texts_dtm
    table = select_k(m, [2], seeds=(0,), texts=texts, held_out=0.2, params={"max_iter": 20},
                     measures=("c_npmi",), random_state=3)
    test, _, _ = split_held_out(m.counts, held_out=0.2, random_state=3)
    train = np.setdiff1d(np.arange(m.n_docs), test)
    model = TopicModel(2, random_state=0, max_iter=20).fit(m.subset(mask=np.isin(np.arange(m.n_docs), train)))
    top = [m.feature_names[np.argsort(-row, kind="stable")[:10]].tolist() for row in model.topic_word_]
    expected = coherence(top, [texts[i] for i in train], measure="c_npmi").mean
    assert table.loc[0, "c_npmi"] == pytest.approx(expected)


def test_select_k_without_texts_says_how_coherence_was_computed(texts_dtm, caplog):
    m, _ = texts_dtm
    with caplog.at_level("WARNING"):
        table = select_k(m, [2], seeds=(0,), params={"max_iter": 10}, measures=("c_npmi",), held_out=0.0)
    assert "whole documents" in table.attrs["coherence_reference"] and "not sliding windows" in caplog.text
    assert table.attrs["n_held_out"] == 0 and table.attrs["perplexity"] is None


def test_select_k_is_deterministic(texts_dtm):
    m, _ = texts_dtm
    a, b = (select_k(m, [2], seeds=(0, 1), params={"max_iter": 10}, measures=("perplexity", "exclusivity"))
            .drop(columns="seconds") for _ in range(2))
    pd.testing.assert_frame_equal(a, b)


def test_select_k_with_seed_words_and_nmf(texts_dtm):
    m, _ = texts_dtm
    seeded = select_k(m, [3], seeds=(0,), params={"seeds": {"war": ["army"], "money": ["bank"]}, "max_iter": 10},
                      measures=("perplexity",))
    assert len(seeded) == 1 and seeded.loc[0, "perplexity"] > 1
    nmf = select_k(m, [2], seeds=(0,), method="nmf", held_out=0.0, measures=("exclusivity",))
    assert nmf.columns.tolist() == ["k", "seed", "exclusivity", "n_iter", "seconds"]


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"dtm": np.ones((3, 3))}, TypeError, "select_k needs a toolkit DTM"),
    ({"ks": []}, ValueError, "ks must be a non-empty list"),
    ({"ks": [0, 2]}, ValueError, "ks must be a non-empty list"),
    ({"seeds": ()}, ValueError, "at least one random seed"),
    ({"measures": ("bleu",)}, ValueError, "measures='bleu' is invalid"),
    ({"params": {"n_components": 4}}, ValueError, "must not set 'n_components'"),
    ({"texts": [["a"]]}, ValueError, "texts has 1 documents for 40"),
    ({"method": "nmf"}, ValueError, "perplexity is defined for method='lda' only"),
    ({"held_out": 0.0}, ValueError, "give held_out > 0"),
    ({"measures": ("stability",), "seeds": (0,)}, ValueError, "at least two seeds"),
])
def test_select_k_bad_inputs(texts_dtm, kwargs, error, message):
    m, _ = texts_dtm
    args = {"dtm": m, "ks": [2], "measures": ("perplexity",), **kwargs}
    with pytest.raises(error, match=message):
        select_k(args.pop("dtm"), args.pop("ks"), **args)


def test_selection_measures_are_documented():
    assert set(MEASURES) == {"perplexity", "c_npmi", "c_v", "c_uci", "u_mass", "exclusivity", "semantic_coherence",
                             "stability"}


# ---------------------------------------------------------------------- real corpora
@pytest.mark.integration
@pytest.mark.slow
def test_topics_on_un_general_debates_english():
    from toolkit.corpus import read_corpus

    corpus = read_corpus(require_shared("ungdc"), layout="ungdc")
    years = corpus.docvars["date"].dt.year
    m = dtm(corpus.subset(mask=(years >= 2015).to_numpy()), preprocessor=Preprocessor(lang="en", stop_words=True), min_df=5)
    model = TopicModel(8, seeds="terrorism_frames", random_state=0, max_iter=20).fit(m)
    assert model.topic_names_[:4] == ["military", "ideological", "media", "financial"]
    assert all(model.seed_words_[f] for f in model.topic_names_[:4])
    assert model.doc_topic_.shape == (m.n_docs, 8) and model.docvars_.index.equals(m.docvars.index)
    top = {name: set(m.feature_names[np.argsort(model.topic_word_[k])[-30:]])
           for k, name in enumerate(model.topic_names_)}
    assert top["financial"] & {"financing", "money", "laundering", "funds", "assets", "financial"}
    assert top["military"] & {"military", "forces", "troops", "weapons", "arms", "army"}


@pytest.mark.integration
@pytest.mark.slow
def test_topics_on_ant_arabic():
    from toolkit.corpus import read_corpus

    corpus = read_corpus(require_shared("ant_corpus_ar"), layout="ant")
    m = dtm(corpus, preprocessor=Preprocessor(lang="ar", stop_words=True), min_df=5)
    model = TopicModel(10, seeds="terrorism_frames", random_state=0, max_iter=20).fit(m)
    assert model.topic_names_[:4] == ["military", "ideological", "media", "financial"]
    assert sum(bool(model.seed_words_[f]) for f in model.topic_names_[:4]) >= 3
    assert np.isfinite(model.perplexity_) and model.doc_topic_.shape == (m.n_docs, 10)
    unseeded = TopicModel(10, random_state=0, max_iter=20).fit(m)
    assert stability([model.topic_word_[4:], unseeded.topic_word_[:6]]).shape[0] == 6
