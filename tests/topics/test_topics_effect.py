"""estimate_effect(): B-spline basis, OLS, coverage of a planted trend, determinism, fallbacks, errors."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.interpolate import BSpline
from scipy.optimize import linear_sum_assignment
from sklearn.exceptions import NotFittedError

from toolkit.errors import DateParseError
from toolkit.topics.effect import bs_knots, bspline_basis, estimate_effect, ols
from toolkit.topics.model import TopicModel
from toolkit.topics.synthetic import make_topic_corpus

FAST = {"n_draws": 30, "n_coef_draws": 30}


# ---------------------------------------------------------------------- fakes
def fake_lda(m, truth, prior=0.1):
    """An LDA-like fit: the posterior of theta given the planted topic counts, under a symmetric prior
    (what a variational LDA that found the topics would report as gamma)."""
    gamma = prior + truth.doc_topic_counts
    return SimpleNamespace(doc_topic_=gamma / gamma.sum(axis=1, keepdims=True), doc_topic_posterior_=gamma,
                           docvars_=m.docvars)


def fake_nmf(m, truth):
    theta = (0.1 + truth.doc_topic_counts) / (0.1 * truth.doc_topic_counts.shape[1]
                                              + truth.doc_topic_counts.sum(axis=1, keepdims=True))
    return SimpleNamespace(doc_topic_=theta, docvars_=m.docvars)


def toy(n_per_year=10, years=range(2001, 2011), shares=None, **docvars):
    years = np.repeat(np.asarray(list(years)), n_per_year)
    # by default topic 0's share rises linearly with the year, the same for every document of a year
    share = 0.2 + 0.6 * (years - years.min()) / np.ptp(years) if shares is None else np.asarray(shares, dtype=float)
    theta = np.column_stack([share, 1 - share])
    frame = pd.DataFrame({"year": years, **docvars})
    return SimpleNamespace(doc_topic_=theta, doc_topic_posterior_=20 * theta, docvars_=frame)


def coverage(fx, truth, keys=("topic", "time")):
    merged = fx.merge(truth.prevalence, on=list(keys), validate="one_to_one")
    assert len(merged) == len(fx) == len(truth.prevalence)
    covered = (merged["ci_low"] <= merged["prevalence"]) & (merged["prevalence"] <= merged["ci_high"])
    return float(covered.mean()), merged


# ---------------------------------------------------------------------- B-splines
def cox_de_boor(x, t, k, i):
    """Basis function i of degree k on knots t at x (the textbook recursion, right-continuous,
    with the last interval closed)."""
    if k == 0:
        last = t[i + 1] == t[-1] and t[i] < t[i + 1]
        return 1.0 if (t[i] <= x < t[i + 1]) or (last and x == t[-1]) else 0.0
    left = 0.0 if t[i + k] == t[i] else (x - t[i]) / (t[i + k] - t[i]) * cox_de_boor(x, t, k - 1, i)
    right = 0.0 if t[i + k + 1] == t[i + 1] else \
        (t[i + k + 1] - x) / (t[i + k + 1] - t[i + 1]) * cox_de_boor(x, t, k - 1, i + 1)
    return left + right


def test_topics_effect_bernstein_hand_values():
    # no interior knots: the cubic B-splines are the Bernstein polynomials; R's bs() drops the first
    x = np.array([0.0, 0.25, 0.5, 1.0])
    got = bspline_basis(x, knots=[], boundary_knots=(0.0, 1.0), intercept=True)
    want = np.column_stack([(1 - x) ** 3, 3 * x * (1 - x) ** 2, 3 * x ** 2 * (1 - x), x ** 3])
    np.testing.assert_allclose(got, want, atol=1e-15)
    np.testing.assert_allclose(bspline_basis(x, knots=[], boundary_knots=(0.0, 1.0)), want[:, 1:], atol=1e-15)


def test_topics_effect_linear_splines_are_hat_functions():
    got = bspline_basis([0.0, 0.25, 0.5, 0.75, 1.0], knots=[0.5], boundary_knots=(0.0, 1.0), degree=1,
                        intercept=True)
    want = [[1, 0, 0], [0.5, 0.5, 0], [0, 1, 0], [0, 0.5, 0.5], [0, 0, 1]]
    np.testing.assert_allclose(got, want, atol=1e-15)


def test_topics_effect_basis_matches_recursion_and_scipy_design_matrix():
    knots, boundary = [2003.0, 2006.5], (2000.0, 2010.0)
    x = np.linspace(2000, 2010, 41)
    got = bspline_basis(x, knots=knots, boundary_knots=boundary, intercept=True)
    t = np.r_[[2000.0] * 4, knots, [2010.0] * 4]
    recursion = np.array([[cox_de_boor(v, t, 3, i) for i in range(len(t) - 4)] for v in x])
    np.testing.assert_allclose(got, recursion, atol=1e-12)
    np.testing.assert_allclose(got, BSpline.design_matrix(x, t, 3).toarray(), atol=1e-12)


@settings(max_examples=60)
@given(knots=st.lists(st.floats(0.01, 0.99), max_size=6), degree=st.integers(0, 4),
       x=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30))
def test_topics_effect_basis_is_a_partition_of_unity(knots, degree, x):
    basis = bspline_basis(x, knots=sorted(knots), boundary_knots=(0.0, 1.0), degree=degree, intercept=True)
    assert basis.shape == (len(x), len(knots) + degree + 1)
    assert basis.min() >= 0
    np.testing.assert_allclose(basis.sum(axis=1), 1.0, atol=1e-12)


def test_topics_effect_knots_like_r_bs():
    # R: attr(bs(0:10, df = 5), "knots") == quantile(0:10, c(1/3, 2/3)) == 3.333333 6.666667
    interior, boundary = bs_knots(np.arange(11), df=5)
    np.testing.assert_allclose(interior, [10 / 3, 20 / 3])
    assert boundary == (0.0, 10.0)
    # quantiles of all values, ties included (documents, not distinct dates)
    interior, _ = bs_knots([1, 1, 1, 1, 1, 1, 2, 3], df=4)
    assert interior.tolist() == [1.0]
    assert bs_knots([1, 2, 3], df=3)[0].size == 0
    assert bspline_basis([1.0, 2.0], knots=[], boundary_knots=(1.0, 2.0)).shape == (2, 3)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: bspline_basis([1.5], knots=[], boundary_knots=(0.0, 1.0)), "within the boundary knots"),
    (lambda: bspline_basis([0.5], knots=[2.0], boundary_knots=(0.0, 1.0)), "interior knots"),
    (lambda: bspline_basis([0.5], knots=[], boundary_knots=(1.0, 0.0)), "increasing"),
    (lambda: bs_knots([1, 2, 3], df=2), "too small for a spline of degree 3"),
    (lambda: bs_knots([], df=3), "non-empty"),
])
def test_topics_effect_spline_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------------- OLS
def test_topics_effect_ols_matches_lstsq():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(50), rng.normal(size=(50, 3))])
    Y = rng.normal(size=(50, 4))
    fit = ols(X, Y)
    coef, rss, rank, _ = np.linalg.lstsq(X, Y, rcond=None)
    assert rank == 4 and fit.df_resid == 46
    np.testing.assert_allclose(fit.coef, coef, atol=1e-12)
    np.testing.assert_allclose(fit.sigma2, rss / 46, rtol=1e-10)
    np.testing.assert_allclose(fit.vcov[2], rss[2] / 46 * np.linalg.inv(X.T @ X), rtol=1e-9)


def test_topics_effect_ols_ridge_is_stm_pseudo_observations():
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(20), rng.normal(size=20), np.zeros(20)])  # singular: a dead column
    y = rng.normal(size=20)
    fit = ols(X, y, ridge=1e-5)
    want = np.linalg.solve(X.T @ X + 1e-5 * np.eye(3), X.T @ y)
    np.testing.assert_allclose(fit.coef.ravel(), want, rtol=1e-8)
    assert fit.df_resid == 20 and fit.coef[2, 0] == pytest.approx(0.0)


# ---------------------------------------------------------------------- coverage of the planted trend
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_topics_effect_intervals_cover_the_planted_trend(seed):
    m, truth = make_topic_corpus(800, n_topics=4, vocabulary=100, random_state=seed)
    fx = estimate_effect(fake_lda(m, truth), at=truth.times, random_state=seed, **FAST)
    share, merged = coverage(fx, truth)
    # nominal 95 %: allow for 40 correlated intervals and the spline's small bias
    assert share >= 0.85
    error = (merged["estimate"] - merged["prevalence"]).abs()
    assert error.mean() < 0.03 and error.max() < 0.1
    assert (merged["ci_high"] - merged["ci_low"]).mean() < 0.12               # not covering by being huge
    # the test can fail: the same intervals do not cover each topic's trend run backwards in time
    backwards = truth.prevalence.groupby("topic")["prevalence"].transform(lambda s: s.to_numpy()[::-1])
    wrong = fx.merge(truth.prevalence.assign(prevalence=backwards), on=["topic", "time"])
    assert ((wrong["ci_low"] <= wrong["prevalence"]) & (wrong["prevalence"] <= wrong["ci_high"])).mean() < 0.5


def test_topics_effect_intervals_cover_planted_trends_per_group():
    m, truth = make_topic_corpus(1200, n_topics=3, vocabulary=60, groups=["MAP", "SPA"], random_state=4)
    fx = estimate_effect(fake_lda(m, truth), groups="group", at=truth.times, random_state=0, **FAST)
    assert list(fx.columns) == ["topic", "time", "group", "estimate", "ci_low", "ci_high", "n_draws"]
    share, _ = coverage(fx, truth, keys=("topic", "time", "group"))
    assert share >= 0.85
    # the groups really differ (rolled slopes): one curve for both would miss
    pooled = estimate_effect(fake_lda(m, truth), at=truth.times, random_state=0, **FAST)
    both = truth.prevalence.merge(pooled, on=["topic", "time"])
    covered = (both["ci_low"] <= both["prevalence"]) & (both["prevalence"] <= both["ci_high"])
    assert covered.mean() < 0.6


def test_topics_effect_bootstrap_fallback_for_models_without_posterior():
    m, truth = make_topic_corpus(800, n_topics=4, vocabulary=100, random_state=5)
    with pytest.warns(UserWarning, match="document bootstrap"):
        fx = estimate_effect(fake_nmf(m, truth), at=truth.times, n_draws=200, random_state=0)
    assert fx.attrs["uncertainty"] == "bootstrap" and fx["n_draws"].eq(200).all()
    assert "sampling variability only" in fx.attrs["assumptions"][1]
    share, _ = coverage(fx, truth)
    assert share >= 0.8
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # an explicit choice does not warn
        estimate_effect(fake_nmf(m, truth), uncertainty="bootstrap", n_draws=5, random_state=0)


def test_topics_effect_posterior_draws_widen_the_intervals():
    m, truth = make_topic_corpus(600, n_topics=3, vocabulary=60, doc_length=20, random_state=6)
    model = fake_lda(m, truth, prior=1.0)
    post = estimate_effect(model, random_state=0, **FAST)
    point = estimate_effect(model, uncertainty="none", random_state=0, **FAST)
    assert point.attrs["n_theta_draws"] == 1 and point["n_draws"].eq(900).all()
    def width(fx):
        return float((fx["ci_high"] - fx["ci_low"]).mean())

    assert width(post) > 1.05 * width(point)


# ---------------------------------------------------------------------- with the toolkit's TopicModel
def matched(truth, model):
    """Hungarian matching of fitted to planted topics on the cosine of beta rows: (fitted -> planted, cosines)."""
    a = truth.beta / np.linalg.norm(truth.beta, axis=1, keepdims=True)
    b = model.topic_word_ / np.linalg.norm(model.topic_word_, axis=1, keepdims=True)
    cos = a @ b.T
    planted, fitted = linear_sum_assignment(-cos)
    return dict(zip(fitted.tolist(), planted.tolist())), cos[planted, fitted]


def test_topics_effect_fitted_lda_intervals_cover_the_planted_trend():
    m, truth = make_topic_corpus(800, n_topics=4, vocabulary=100, random_state=0)
    # best of three restarts by the evidence lower bound (a single VB fit can stop in a poor optimum)
    model = max((TopicModel(4, random_state=seed).fit(m) for seed in range(3)), key=lambda fit: fit.bound_)
    to_planted, cosines = matched(truth, model)
    assert cosines.min() > 0.9
    fx = estimate_effect(model, at=truth.times, random_state=0, n_draws=50, n_coef_draws=50)
    assert fx.attrs["uncertainty"] == "posterior"
    share, merged = coverage(fx.assign(topic=fx["topic"].map(to_planted)), truth)
    # LDA's symmetric prior shrinks every document toward the same mean (stm's caveat), so coverage
    # sits a little under the nominal 95 %
    assert share >= 0.75
    assert (merged["estimate"] - merged["prevalence"]).abs().mean() < 0.04


def test_topics_effect_fitted_nmf_falls_back_to_the_bootstrap():
    m, truth = make_topic_corpus(800, n_topics=4, vocabulary=100, random_state=1)
    nmf = TopicModel(4, method="nmf", random_state=0).fit(m)
    with pytest.warns(UserWarning, match="no doc_topic_posterior_.*document bootstrap"):
        fx = estimate_effect(nmf, at=truth.times, random_state=0, n_draws=100)
    assert fx.attrs["uncertainty"] == "bootstrap" and fx.attrs["n_coef_draws"] == 0
    to_planted, cosines = matched(truth, nmf)
    assert cosines.min() > 0.9
    merged = fx.assign(topic=fx["topic"].map(to_planted)).merge(truth.prevalence, on=["topic", "time"])
    # NMF's normalised weights follow the planted trend (no coverage is claimed: no posterior)
    assert np.corrcoef(merged["estimate"], merged["prevalence"])[0, 1] > 0.9


# ---------------------------------------------------------------------- exact cases and output
def test_topics_effect_straight_line_is_recovered_exactly():
    model = toy(n_per_year=3)
    fx = estimate_effect(model, time="year", spline_df=1, spline_degree=1, uncertainty="none", n_draws=5,
                         n_coef_draws=5, random_state=0)
    means = model.docvars_.assign(share=model.doc_topic_[:, 0]).groupby("year")["share"].mean()
    topic0 = fx[fx["topic"] == 0]
    np.testing.assert_allclose(topic0["estimate"], means.to_numpy(), atol=1e-10)
    np.testing.assert_allclose(topic0["ci_high"] - topic0["ci_low"], 0.0, atol=1e-6)   # perfect fit
    np.testing.assert_allclose(fx.groupby("time")["estimate"].sum(), 1.0)              # shares add up


def test_topics_effect_coefficient_draws_match_the_normal_interval():
    # uncertainty="none": c'b ~ N(c'b_hat, s2 c'(X'X)^-1 c), so the pooled percentile interval must be
    # c'b_hat -/+ 1.96 sd (up to Monte Carlo error); X rebuilt here from the basis and lstsq
    rng = np.random.default_rng(3)
    shares = np.clip(0.3 + 0.02 * np.repeat(np.arange(10), 20) + rng.normal(0, 0.1, 200), 0, 1)
    model = toy(n_per_year=20, shares=shares)
    fx = estimate_effect(model, time="year", spline_df=4, topics=[0], uncertainty="none", n_draws=200,
                         n_coef_draws=100, random_state=0)
    x = model.docvars_["year"].to_numpy(dtype=float)
    interior, boundary = bs_knots(x, df=4)
    X = np.column_stack([np.ones(200), bspline_basis(x, knots=interior, boundary_knots=boundary)])
    b, rss, *_ = np.linalg.lstsq(X, shares, rcond=None)
    grid = np.arange(2001, 2011, dtype=float)
    C = np.column_stack([np.ones(10), bspline_basis(grid, knots=interior, boundary_knots=boundary)])
    sd = np.sqrt(rss[0] / (200 - 5) * np.einsum("ij,jk,ik->i", C, np.linalg.inv(X.T @ X), C))
    np.testing.assert_allclose(fx["estimate"], C @ b, atol=0.1 * sd.max())
    np.testing.assert_allclose(fx["ci_low"], C @ b - 1.959964 * sd, atol=0.1 * sd.max())
    np.testing.assert_allclose(fx["ci_high"], C @ b + 1.959964 * sd, atol=0.1 * sd.max())


def test_topics_effect_output_columns_dtypes_and_attrs():
    fx = estimate_effect(toy(), time="year", spline_df=4, topics=[1], **FAST, random_state=0)
    assert list(fx.columns) == ["topic", "time", "estimate", "ci_low", "ci_high", "n_draws"]
    assert fx["topic"].tolist() == [1] * 10 and fx["time"].tolist() == list(range(2001, 2011))
    assert fx["time"].dtype == np.int64 and fx["n_draws"].eq(900).all()
    assert (fx["ci_low"] <= fx["estimate"]).all() and (fx["estimate"] <= fx["ci_high"]).all()
    attrs = fx.attrs
    assert attrs["uncertainty"] == "posterior" and attrs["ci"] == 0.95
    assert attrs["n_theta_draws"] == 30 and attrs["n_coef_draws"] == 30 and attrs["ridge"] == 0.0
    assert attrs["spline"]["df"] == 4 and len(attrs["spline"]["interior_knots"]) == 1
    assert attrs["formula"] == "theta[, k] ~ 1 + bs(year, df=4, degree=3)"
    assert attrs["design_columns"][:2] == ["(intercept)", "bs(year)[1]"]
    assert "method of composition" in attrs["method"]


def test_topics_effect_dates_as_strings_and_grid():
    dates = np.repeat([f"{y}-07-02" for y in range(2001, 2011)], 10)
    model = toy(date=dates)
    fx = estimate_effect(model, **FAST, random_state=0)
    assert fx["time"].dtype == "datetime64[ns]"
    assert fx["time"].iloc[0] == pd.Timestamp("2001-07-02")
    assert fx.attrs["spline"]["time_scale"] == "decimal years"
    assert fx.attrs["spline"]["boundary_knots"][1] == pytest.approx(2010 + 182 / 365)
    grid = estimate_effect(model, at=7, topics=[0], **FAST, random_state=0)
    assert len(grid) == 7 and grid["time"].iloc[-1] == pd.Timestamp("2010-07-02")
    chosen = estimate_effect(model, at=["2005-01-01", "2006-07-02"], topics=[0], **FAST, random_state=0)
    assert chosen["time"].tolist() == [pd.Timestamp("2005-01-01"), pd.Timestamp("2006-07-02")]


def test_topics_effect_covariates_held_at_their_mode():
    source = np.where(np.arange(100) % 4 == 0, "SPA", "MAP")
    model = toy(source=source)
    fx = estimate_effect(model, time="year", spline_df=3, covariates="source", **FAST, random_state=0)
    assert fx.attrs["held_at"] == {"source": "MAP"}
    assert fx.attrs["design_columns"][-1] == "source[SPA]"
    assert fx.attrs["formula"].endswith("+ source")


def test_topics_effect_is_deterministic():
    m, truth = make_topic_corpus(300, n_topics=3, vocabulary=40, random_state=0)
    model = fake_lda(m, truth)
    a = estimate_effect(model, random_state=11, **FAST)
    b = estimate_effect(model, random_state=np.random.default_rng(11), **FAST)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    c = estimate_effect(model, random_state=12, **FAST)
    assert not np.array_equal(a["ci_low"].to_numpy(), c["ci_low"].to_numpy())


def test_topics_effect_tiny_dirichlet_parameters_give_finite_draws():
    model = toy()
    model.doc_topic_posterior_ = np.full_like(model.doc_topic_, 1e-4)   # every Gamma draw underflows
    fx = estimate_effect(model, time="year", spline_df=3, **FAST, random_state=0)
    assert np.isfinite(fx[["estimate", "ci_low", "ci_high"]].to_numpy()).all()
    np.testing.assert_allclose(fx.groupby("time")["estimate"].sum(), 1.0, atol=0.05)


def test_topics_effect_singular_design_warns_and_uses_stm_ridge():
    twin = np.where(np.arange(100) % 2 == 0, "a", "b")
    model = toy(src=twin, copy=twin)                        # two identical covariates: collinear
    with pytest.warns(UserWarning, match="singular"):
        fx = estimate_effect(model, time="year", spline_df=3, covariates=["src", "copy"], **FAST, random_state=0)
    assert fx.attrs["ridge"] == 1e-5


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"time": "date"}, ValueError, "no time column 'date'.*time='<column>'"),
    ({"time": "year", "spline_df": 10}, ValueError, "10 distinct time value.*lower spline_df"),
    ({"time": "year", "groups": "src", "spline_df": 4}, ValueError, "group 'b'.*distinct"),
    ({"time": "year", "covariates": ["nope"]}, ValueError, "no covariate column 'nope'"),
    ({"time": "year", "uncertainty": "global"}, ValueError, "uncertainty='global' is invalid"),
    ({"time": "year", "at": [1990]}, ValueError, "within the observed time range"),
    ({"time": "year", "spline_df": 2}, ValueError, "below spline_degree"),
    ({"time": "year", "ci": 95}, ValueError, "ci must be"),
    ({"time": "year", "topics": [2]}, ValueError, "topics must be integers in \\[0, 1\\]"),
    ({"time": "year", "covariates": ["year"]}, ValueError, "different columns"),
    ({"time": "year", "n_coef_draws": 0}, ValueError, "n_coef_draws must be an int >= 1"),
])
def test_topics_effect_errors(kwargs, error, match):
    src = np.where(np.arange(100) < 95, "a", "b")           # group b: only the last year
    with pytest.raises(error, match=match):
        estimate_effect(toy(src=src), **{**FAST, **kwargs})


def test_topics_effect_unparsable_dates():
    model = toy(date=["2001-05-01"] * 99 + ["yesterday"])
    with pytest.raises(DateParseError, match="time column 'date'.*yesterday"):
        estimate_effect(model, **FAST)


def test_topics_effect_missing_times():
    model = toy(when=[2001.0] * 50 + [np.nan] + [2005.0] * 49)
    with pytest.raises(ValueError, match="missing for 1 document"):
        estimate_effect(model, time="when", **FAST)


def test_topics_effect_too_few_documents_for_the_design():
    # 8 documents, 8 distinct years: spline_df=5 is allowed by the times, but 1 + 5 + 3 covariate
    # columns leave no residual degrees of freedom
    model = toy(n_per_year=1, years=range(2001, 2009), shares=np.linspace(0.2, 0.8, 8),
                src=list("abcdabcd"))
    with pytest.raises(ValueError, match="8 documents are too few for a design with 9 columns"):
        estimate_effect(model, time="year", covariates="src", **FAST)


def test_topics_effect_model_checks():
    with pytest.raises(NotFittedError, match="fit the topic model first"):
        estimate_effect(SimpleNamespace(docvars_=pd.DataFrame({"year": [1]})))
    nmf = toy()
    del nmf.doc_topic_posterior_
    with pytest.raises(ValueError, match="no doc_topic_posterior_.*uncertainty='bootstrap'"):
        estimate_effect(nmf, time="year", uncertainty="posterior")
    raw = toy()
    raw.doc_topic_ = raw.doc_topic_ * 3
    with pytest.raises(ValueError, match="summing to 1"):
        estimate_effect(raw, time="year")
    with pytest.raises(ValueError, match="docvars has 5 rows for the model's 100 documents"):
        estimate_effect(toy(), pd.DataFrame({"year": range(5)}), time="year")
    with pytest.raises(TypeError, match="docvars must be a pandas DataFrame"):
        estimate_effect(toy(), {"year": list(range(100))}, time="year")
