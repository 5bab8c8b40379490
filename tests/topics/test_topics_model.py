"""TopicModel: the scikit-learn contract, determinism, planted topics recovered, the VB engine, bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse
from scipy.special import logsumexp
from sklearn.base import clone
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.exceptions import NotFittedError
from threadpoolctl import threadpool_info

from toolkit.dtm import dtm
from toolkit.topics import TopicModel, _vb
from toolkit.topics.model import _threads
from toolkit.topics.selection import match_topics
from toolkit.topics.synthetic import make_topic_corpus

SOLVERS = [("lda", "vb"), ("lda", "sklearn"), ("nmf", "auto")]


@pytest.fixture(scope="module")
def planted():
    """300 documents drawn from LDA with 4 planted topics over 200 words."""
    return make_topic_corpus(300, n_topics=4, vocabulary=200, doc_length=80, trend=0.0, random_state=3)


@pytest.fixture(scope="module")
def small():
    rng = np.random.default_rng(0)
    words = [["army", "troops", "attack", "soldiers", "raid"], ["bank", "money", "funds", "finance", "assets"]]
    docs = [{"doc_id": f"d{i:02d}", "text": " ".join(rng.choice(words[i % 2], size=15)), "lang": "en",
             "year": 2000 + i % 5} for i in range(30)]
    return dtm(docs)


# ---------------------------------------------------------------------- estimator contract
def test_model_get_params_lists_every_init_parameter_and_clone_copies_them():
    model = TopicModel(7, method="lda", seeds={"a": ["x"]}, seed_weight=0.5, n_residual=6, max_iter=3,
                       random_state=4, n_jobs=None)
    params = model.get_params()
    assert set(params) == {"n_components", "method", "solver", "seeds", "seed_weight", "n_residual", "init",
                           "doc_topic_prior", "topic_word_prior", "max_iter", "tol", "random_state", "n_jobs"}
    twin = clone(model)
    assert twin is not model and twin.get_params() == params


def test_model_set_params_changes_the_fit(small):
    model = TopicModel(2, random_state=0, max_iter=5)
    assert model.set_params(n_components=3) is model
    assert model.fit(small).components_.shape == (3, small.n_features)


def test_model_init_stores_without_validating():
    # scikit-learn's rule: __init__ only stores; validation happens in fit
    model = TopicModel(-1, method="nope")
    assert model.n_components == -1 and model.method == "nope"


@pytest.mark.parametrize("call", ["transform", "score", "perplexity", "get_feature_names_out"])
def test_model_not_fitted_raises(small, call):
    model = TopicModel(2)
    args = () if call == "get_feature_names_out" else (small,)
    with pytest.raises(NotFittedError):
        getattr(model, call)(*args)


@pytest.mark.parametrize(("method", "solver"), SOLVERS)
def test_model_fitted_attributes_keep_docvars_and_features_aligned(small, method, solver):
    model = TopicModel(2, method=method, solver=solver, random_state=0, max_iter=20).fit(small)
    n_docs, n_features = small.shape
    assert model.components_.shape == model.topic_word_.shape == (2, n_features)
    np.testing.assert_allclose(model.topic_word_.sum(axis=1), 1.0)
    assert model.doc_topic_.shape == (n_docs, 2)
    np.testing.assert_allclose(model.doc_topic_.sum(axis=1), 1.0)
    assert model.feature_names_in_.tolist() == small.feature_names.tolist()
    assert model.n_features_in_ == n_features
    pd.testing.assert_frame_equal(model.docvars_, small.docvars)
    assert model.docvars_ is not small.docvars
    assert model.n_iter_ >= 1
    assert model.get_feature_names_out().tolist() == ["topic_0", "topic_1"]
    if method == "lda":
        gamma = model.doc_topic_posterior_
        assert gamma.shape == (n_docs, 2) and np.all(gamma > 0)
        np.testing.assert_allclose(gamma / gamma.sum(axis=1, keepdims=True), model.doc_topic_)
        assert model.bound_ < 0 and model.perplexity_ == pytest.approx(np.exp(-model.bound_ / small.counts.sum()))
    else:
        assert model.doc_topic_posterior_ is None and model.bound_ is None
        assert model.reconstruction_err_ >= 0


@pytest.mark.parametrize(("method", "solver"), SOLVERS)
def test_model_separates_two_obvious_topics(small, method, solver):
    model = TopicModel(2, method=method, solver=solver, random_state=0, max_iter=30).fit(small)
    tops = {frozenset(small.feature_names[np.argsort(model.topic_word_[k])[-5:]]) for k in range(2)}
    assert tops == {frozenset({"army", "troops", "attack", "soldiers", "raid"}),
                    frozenset({"bank", "money", "funds", "finance", "assets"})}
    # documents alternate between the two themes
    side = model.doc_topic_.argmax(axis=1)
    assert (side[::2] == side[0]).all() and (side[1::2] == 1 - side[0]).all()


def test_model_fit_transform_returns_the_training_proportions(small):
    model = TopicModel(2, random_state=0, max_iter=5)
    theta = model.fit_transform(small)
    np.testing.assert_array_equal(theta, model.doc_topic_)
    theta[0, 0] = -1  # a copy
    assert model.doc_topic_[0, 0] >= 0


@pytest.mark.parametrize(("method", "solver"), SOLVERS)
def test_model_transform_of_training_documents_is_close_to_doc_topic(small, method, solver):
    model = TopicModel(2, method=method, solver=solver, random_state=0, max_iter=30).fit(small)
    np.testing.assert_allclose(model.transform(small), model.doc_topic_, atol=0.02)


def test_model_transform_aligns_a_dtm_by_feature_name(small):
    model = TopicModel(2, random_state=0, max_iter=10).fit(small)
    new = dtm([{"text": "raid zebra troops troops", "lang": "en"}, {"text": "funds bank zebra", "lang": "en"}])
    assert new.feature_names.tolist() != model.feature_names_in_.tolist()
    aligned = np.zeros((2, small.n_features))
    for name, j in zip(["raid", "troops", "troops"], [0, 0, 0]):
        aligned[j, small.feature_index(name)] += 1
    for name in ["funds", "bank"]:
        aligned[1, small.feature_index(name)] += 1
    np.testing.assert_allclose(model.transform(new), model.transform(sparse.csr_matrix(aligned)))


def test_model_matrix_input_with_names_and_docvars():
    X = sparse.csr_matrix(np.array([[3, 0, 1], [0, 2, 2], [1, 1, 0]]))
    docvars = pd.DataFrame({"year": [1, 2, 3]}, index=pd.Index(["a", "b", "c"], name="doc_id"))
    model = TopicModel(2, random_state=0, max_iter=5).fit(X, feature_names=["x", "y", "z"], docvars=docvars)
    assert model.feature_names_in_.tolist() == ["x", "y", "z"]
    assert model.docvars_.index.tolist() == ["a", "b", "c"]
    bare = TopicModel(2, random_state=0, max_iter=5).fit(X.toarray())
    assert bare.feature_names_in_.tolist() == ["x0", "x1", "x2"] and bare.docvars_ is None


def test_model_empty_document_gets_its_prior_as_posterior():
    X = sparse.csr_matrix(np.array([[3, 0, 1], [0, 0, 0], [1, 4, 0]]))
    model = TopicModel(2, random_state=0, max_iter=5, doc_topic_prior=0.3).fit(X)
    np.testing.assert_allclose(model.doc_topic_posterior_[1], [0.3, 0.3])
    np.testing.assert_allclose(model.doc_topic_[1], [0.5, 0.5])


def test_model_nmf_zero_document_gets_uniform_proportions():
    X = sparse.csr_matrix(np.array([[3, 0, 1, 0], [0, 0, 0, 0], [0, 4, 0, 2]]))
    model = TopicModel(2, method="nmf", random_state=0).fit(X)
    np.testing.assert_allclose(model.doc_topic_[1], [0.5, 0.5])


# ---------------------------------------------------------------------- determinism
@pytest.mark.parametrize(("method", "solver"), SOLVERS)
def test_model_same_seed_gives_identical_arrays(small, method, solver):
    fits = [TopicModel(3, method=method, solver=solver, random_state=11, max_iter=15 if method == "lda" else 500)
            .fit(small) for _ in range(2)]
    np.testing.assert_array_equal(fits[0].components_, fits[1].components_)
    np.testing.assert_array_equal(fits[0].doc_topic_, fits[1].doc_topic_)
    if method == "lda":
        np.testing.assert_array_equal(fits[0].doc_topic_posterior_, fits[1].doc_topic_posterior_)
        assert fits[0].bound_ == fits[1].bound_


def test_model_another_seed_gives_other_arrays(small):
    a = TopicModel(3, random_state=1, max_iter=5).fit(small)
    b = TopicModel(3, random_state=2, max_iter=5).fit(small)
    assert not np.array_equal(a.components_, b.components_)


def test_model_n_jobs_1_limits_blas_to_one_thread():
    with _threads(1):
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())


# ---------------------------------------------------------------------- planted topics
def test_model_recovers_planted_topics(planted):
    m, truth = planted
    model = TopicModel(4, random_state=0, max_iter=50).fit(m)
    order, similarity = match_topics(truth.beta, model)
    assert sorted(order.tolist()) == [0, 1, 2, 3]
    assert similarity.min() > 0.9, similarity
    # the documents' proportions too
    theta = model.doc_topic_[:, order]
    assert np.corrcoef(theta.ravel(), truth.theta.ravel())[0, 1] > 0.9


@pytest.fixture(scope="module")
def eight_topics():
    """600 documents, 8 planted topics: random_state 1 and 4 send a random start into a worse optimum."""
    return make_topic_corpus(600, n_topics=8, vocabulary=400, doc_length=60, trend=0.0, random_state=11)


@pytest.mark.slow
def test_model_svd_start_recovers_every_planted_topic_where_random_starts_miss_one(eight_topics):
    m, truth = eight_topics
    for seed in (1, 4):
        svd = TopicModel(8, random_state=seed, max_iter=100).fit(m)
        rand = TopicModel(8, init="random", random_state=seed, max_iter=100).fit(m)
        assert match_topics(truth.beta, svd)[1].min() > 0.95
        assert match_topics(truth.beta, rand)[1].min() < 0.5  # a planted topic missed
        assert svd.bound_ > rand.bound_  # and the bound says which optimum is better


def test_model_fit_leaves_the_dtm_untouched():
    """scipy sorts a CSR matrix's indices in place; fit must work on its own copy."""
    counts = sparse.csr_matrix((np.array([3.0, 1.0, 2.0, 4.0]), np.array([2, 0, 1, 0]), np.array([0, 2, 4])),
                               shape=(2, 3))
    assert not counts.has_sorted_indices
    before = (counts.indices.copy(), counts.data.copy())
    model = TopicModel(2, random_state=0, max_iter=5).fit(counts)
    np.testing.assert_array_equal(counts.indices, before[0])
    np.testing.assert_array_equal(counts.data, before[1])
    np.testing.assert_allclose(model.transform(counts), model.doc_topic_, atol=0.05)


def test_model_vb_matches_sklearn_on_planted_data(planted):
    m, truth = planted
    ours = TopicModel(4, solver="vb", init="random", random_state=0, max_iter=10, tol=0.0).fit(m)
    theirs = TopicModel(4, solver="sklearn", random_state=0, max_iter=10).fit(m)
    assert ours.n_iter_ == theirs.n_iter_ == 10
    assert ours.perplexity_ == pytest.approx(theirs.perplexity_, rel=0.01)
    assert match_topics(ours, theirs)[1].min() > 0.95
    assert match_topics(truth.beta, theirs)[1].min() > 0.9


def test_model_vb_bound_rises_and_stops_at_tol(planted):
    m, _ = planted
    model = TopicModel(4, random_state=0, max_iter=200, tol=1e-4).fit(m)
    trace = model.bound_trace_
    assert model.converged_ and model.n_iter_ == len(trace) < 200
    assert abs(trace[-1] - trace[-2]) <= 1e-4 * abs(trace[-2])
    # batch VB raises the bound at every iteration (up to the E-step's tolerance)
    assert np.all(np.diff(trace) > -1e-5 * np.abs(trace[1:]))
    assert trace[-1] > trace[0]


# ---------------------------------------------------------------------- the bound, score and perplexity
def test_vb_elbo_equals_sklearn_score():
    """Our bound formula, at sklearn's fitted lambda and gamma, is sklearn's public score."""
    rng = np.random.default_rng(0)
    X = sparse.csr_matrix(rng.poisson(0.6, size=(40, 30)).astype(float))
    lda = LatentDirichletAllocation(3, learning_method="batch", max_iter=5, random_state=0).fit(X)
    gamma = lda.transform(X, normalize=False)
    elog_theta = _vb.dirichlet_expectation(gamma)
    elog_beta = _vb.dirichlet_expectation(lda.components_)
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    word_bound = float(X.data @ logsumexp(elog_theta[rows] + elog_beta[:, X.indices].T, axis=1))
    ours = _vb.elbo(word_bound, gamma, np.full(3, 1 / 3), lda.components_, 1 / 3)
    assert ours == pytest.approx(lda.score(X), rel=1e-10)


def test_vb_e_step_word_bound_is_the_log_sum_exp_at_its_gamma():
    rng = np.random.default_rng(1)
    X = sparse.csr_matrix(rng.poisson(0.8, size=(25, 12)).astype(float))
    lam = rng.gamma(2.0, 1.0, size=(3, 12))
    step = _vb.e_step(_vb.Layout(X, dtype=np.float64), np.exp(_vb.dirichlet_expectation(lam)), np.full(3, 0.2),
                      np.ones((25, 3)), cal_sstats=True)
    elog_theta = _vb.dirichlet_expectation(step.gamma)
    rows = np.repeat(np.arange(25), np.diff(X.indptr))
    terms = logsumexp(elog_theta[rows] + _vb.dirichlet_expectation(lam)[:, X.indices].T, axis=1)
    assert step.word_bound == pytest.approx(float(X.data @ terms), rel=1e-10)
    # sufficient statistics: each token's responsibilities sum to one, so sstats sum to the tokens
    assert step.sstats.sum() == pytest.approx(X.sum(), rel=1e-8)
    np.testing.assert_allclose(step.sstats.sum(axis=0), np.asarray(X.sum(axis=0)).ravel(), rtol=1e-8)


def test_model_score_and_perplexity(small):
    model = TopicModel(2, random_state=0, max_iter=20).fit(small)
    n_tokens = small.counts.sum()
    assert model.perplexity(small) == pytest.approx(np.exp(-model.score(small) / n_tokens))
    assert model.perplexity() == model.perplexity_
    # two clean themes of five words each: 5 equiprobable words, plus the bound's KL terms; 10 is no model
    assert 4.5 < model.perplexity(small) < 7.0


def test_model_perplexity_is_lda_only(small):
    model = TopicModel(2, method="nmf", random_state=0).fit(small)
    with pytest.raises(ValueError, match="method='lda' only"):
        model.perplexity(small)
    with pytest.raises(ValueError, match="method='lda' only"):
        model.score(small)


@settings(max_examples=25)
@given(arrays(np.int64, st.tuples(st.integers(1, 8), st.integers(2, 8)), elements=st.integers(0, 5)),
       st.integers(1, 4))
def test_model_proportions_are_distributions_for_any_counts(counts, k):
    if counts.sum() == 0:
        counts[0, 0] = 1
    model = TopicModel(k, random_state=0, max_iter=3).fit(sparse.csr_matrix(counts))
    for theta in (model.doc_topic_, model.transform(sparse.csr_matrix(counts))):
        assert np.all(np.isfinite(theta)) and np.all(theta >= 0)
        np.testing.assert_allclose(theta.sum(axis=1), 1.0)
    assert np.all(model.components_ > 0)


# ---------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(("params", "message"), [
    ({"n_components": 0}, "'n_components' parameter of TopicModel must be an int in the range"),
    ({"n_components": 2.5}, "'n_components'"),
    ({"method": "plsa"}, r"method='plsa' is invalid; must be one of \['lda', 'nmf'\]"),
    ({"solver": "gibbs"}, "solver='gibbs' is invalid"),
    ({"max_iter": 0}, "'max_iter'"),
    ({"tol": -1.0}, "'tol' parameter of TopicModel must be a finite number >= 0"),
    ({"topic_word_prior": 0.0}, "'topic_word_prior'"),
    ({"doc_topic_prior": -0.1}, "'doc_topic_prior'"),
    ({"doc_topic_prior": [0.1, 0.2, 0.3]}, "doc_topic_prior must hold 2 finite numbers"),
    ({"doc_topic_prior": [0.1, 0.2], "solver": "sklearn"}, "asymmetric doc_topic_prior"),
    ({"n_jobs": 0}, "'n_jobs'"),
    ({"seed_weight": -1.0}, "'seed_weight'"),
    ({"method": "nmf", "solver": "vb"}, "solver='vb' is a solver for method='lda'"),
    ({"method": "nmf", "seeds": {"a": ["army"]}}, "seeds apply to method='lda' only"),
    ({"method": "nmf", "topic_word_prior": 0.1}, "topic_word_prior apply to method='lda' only"),
    ({"solver": "sklearn", "seeds": {"a": ["army"]}}, "seeded topics need the toolkit's solver"),
    ({"n_residual": 2}, "n_residual is the number of unseeded topics of a seeded model"),
    ({"init": "kmeans"}, "init='kmeans' is invalid"),
    ({"init": "nndsvd", "solver": "sklearn"}, "init='nndsvd' needs solver='vb'"),
    ({"init": "nndsvd", "seeds": {"a": ["army"]}}, "a seeded model starts from its seeds"),
])
def test_model_bad_parameters_raise_clear_errors(small, params, message):
    model = TopicModel(**{"n_components": 2, **params})
    with pytest.raises(ValueError, match=message):
        model.fit(small)


@pytest.mark.parametrize(("X", "error", "message"), [
    ("some text", TypeError, "X must be a toolkit DTM"),
    ([[1, 2], [3, 4]], TypeError, "X must be a toolkit DTM"),
    (np.array([1, 2, 3]), ValueError, "X must be 2-D"),
    (np.array([[1, -2], [3, 4]]), ValueError, "non-negative finite counts"),
    (np.array([[1, np.nan], [3, 4]]), ValueError, "non-negative finite counts"),
    (np.zeros((0, 3)), ValueError, "needs documents and features"),
    (np.zeros((3, 2)), ValueError, "holds no tokens"),
])
def test_model_bad_inputs_raise_clear_errors(X, error, message):
    with pytest.raises(error, match=message):
        TopicModel(2).fit(X)


def test_model_bad_side_inputs_raise(small):
    X = sparse.csr_matrix(np.ones((3, 2)))
    with pytest.raises(ValueError, match="feature_names has 3 names for 2 columns"):
        TopicModel(2).fit(X, feature_names=["a", "b", "c"])
    with pytest.raises(ValueError, match="docvars has 2 rows for 3 documents"):
        TopicModel(2).fit(X, docvars=pd.DataFrame({"a": [1, 2]}))
    with pytest.raises(TypeError, match="a DTM carries its own feature names"):
        TopicModel(2).fit(small, feature_names=small.feature_names)
    model = TopicModel(2, random_state=0, max_iter=3).fit(small)
    with pytest.raises(ValueError, match=f"X has 3 features, but the model was fitted with {small.n_features}"):
        model.transform(np.ones((2, 3)))


def test_model_doc_topic_prior_of_the_wrong_kind():
    with pytest.raises(ValueError, match="'doc_topic_prior' parameter of TopicModel must be a number > 0, an array"):
        TopicModel(2, doc_topic_prior="big").fit(np.ones((2, 2)))


def test_model_asymmetric_doc_topic_prior_is_used(small):
    model = TopicModel(2, doc_topic_prior=[0.5, 0.1], random_state=0, max_iter=5).fit(small)
    np.testing.assert_array_equal(model.doc_topic_prior_, [0.5, 0.1])
