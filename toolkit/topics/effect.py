"""Topic prevalence over time, with uncertainty: stm's ``estimateEffect`` for any topic model.

:func:`estimate_effect` answers "how does the share of a topic change over time (and between
groups)?" the way R's stm does (``estimateEffect`` followed by ``plot.estimateEffect(method=
"continuous")``; Roberts, Stewart & Tingley 2019), for a model that exposes document-topic
proportions ``doc_topic_`` and, ideally, their approximate posterior ``doc_topic_posterior_``.

What it computes (the method of composition; Tanner 1996, Treier & Jackman 2008), for each
topic ``k``:

1. For ``i = 1..n_draws``: draw the topic proportions of every document from the model's
   approximate posterior. For LDA fitted by variational Bayes the posterior of ``theta_d`` is
   ``Dirichlet(gamma_d)`` (Blei, Ng & Jordan 2003), so ``theta_d^(i) ~ Dirichlet(gamma_d)``.
2. Regress ``theta_.k^(i)`` on the design matrix ``X`` by ordinary least squares::

       X = [1, B_1(t) .. B_df(t), covariate dummies, group dummies, group dummies x B(t)]
       b^(i) = (X'X)^-1 X' theta_.k^(i)      V^(i) = s2^(i) (X'X)^-1,
       s2^(i) = ||theta_.k^(i) - X b^(i)||^2 / (n - p)

   where ``B_j`` is the cubic B-spline basis of time with ``df`` columns (R's
   ``splines::bs(t, df)``, which stm's ``s()`` calls; see :func:`bs_knots`), categorical
   covariates are treatment-coded (reference: the first level in sorted order) and ``groups``
   interacts with the spline (R's ``group * s(time)``), so each group has its own curve.
3. Draw ``n_coef_draws`` coefficient vectors ``b ~ N(b^(i), V^(i))`` and predict at each time
   point ``t`` of ``at`` (and each group), other covariates held at their most frequent level
   (stm holds them at their median or mode): ``yhat = c(t)' b``.
4. Pool all ``n_draws x n_coef_draws`` predictions: ``estimate`` is their mean and
   ``[ci_low, ci_high]`` their ``(1 - ci)/2`` and ``(1 + ci)/2`` quantiles.

This is stm's procedure step for step (``estimateEffect`` stores ``b^(i)`` and ``V^(i)`` per
draw, ``simBetas`` draws 100 coefficient vectors from each, ``plotContinuous`` takes the row
means and quantiles), with stm's defaults changed only where said: 100 posterior draws (stm: 25)
and ``spline_df=5`` (stm's ``s()``: ``min(10, n_distinct - 1)``; communiqué corpora often have
10-30 distinct years, and 5 degrees of freedom follow a trend without chasing yearly noise).
When ``X`` is rank-deficient, a ridge of ``1e-5`` is added and a warning raised, as in stm.

Assumptions -- read before interpreting the intervals:

* **A linear model on proportions**, as stm: normal homoskedastic errors for the coefficient
  draws, and nothing keeps estimates inside [0, 1]; an estimate outside it signals a spline too
  stiff or too flexible for the data.
* **Uncertainty about theta comes from the variational posterior only**: topics (``beta``), the
  number of topics and the priors are held fixed, and mean-field posteriors are known to be too
  narrow. LDA has no prevalence covariates, so its posterior shrinks documents toward the same
  prior whatever their date, which tends to attenuate differences over time (stm recommends fitting
  the topic model with the covariates of the regression).
* Documents are independent given the covariates; the curve is smooth (a B-spline with ``df``
  degrees of freedom, knots at quantiles of the dates); predictions are not extrapolated beyond
  the observed time range.
* **Models without a posterior** (NMF): there is nothing to draw theta from, so
  ``uncertainty="auto"`` warns and falls back to a **document bootstrap** (resample documents
  with replacement, refit the OLS, predict; pooled over ``n_draws`` replicates). Those intervals
  reflect sampling variability only (not measurement uncertainty in theta) and are therefore
  narrower than stm's would be. ``uncertainty="none"`` uses the point estimates ``doc_topic_``
  with coefficient draws only (stm's ``uncertainty="None"``).

Time: a datetime column (or strings parsed by :func:`toolkit.corpus.dates.parse_dates`) is
converted to decimal years (``2016-07-02`` is 2016.5: the year plus the elapsed fraction of it); a numeric column (e.g. ``year``) is used
as given.

References
----------
Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet allocation. *Journal of Machine
Learning Research*, 3, 993-1022.
de Boor, C. (1978). *A Practical Guide to Splines*. Springer.
Marsaglia, G., & Tsang, W. W. (2000). A simple method for generating gamma variables. *ACM
Transactions on Mathematical Software*, 26(3), 363-372.
Roberts, M. E., Stewart, B. M., Tingley, D., et al. (2014). Structural topic models for open-ended
survey responses. *American Journal of Political Science*, 58(4), 1064-1082.
Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package for structural topic
models. *Journal of Statistical Software*, 91(2), 1-40.
Tanner, M. A. (1996). *Tools for Statistical Inference* (3rd ed.). Springer.
Treier, S., & Jackman, S. (2008). Democracy as a latent variable. *American Journal of Political
Science*, 52(1), 201-217.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from types import SimpleNamespace
>>> years = np.repeat(np.arange(2000, 2010), 30)
>>> share = 0.2 + 0.6 * (years - 2000) / 9                # topic 0 rises from 0.2 to 0.8
>>> gamma = 20 * np.column_stack([share, 1 - share])       # Dirichlet posteriors
>>> model = SimpleNamespace(doc_topic_=gamma / 20, doc_topic_posterior_=gamma,
...                         docvars_=pd.DataFrame({"year": years}))
>>> fx = estimate_effect(model, time="year", spline_df=3, n_draws=20, n_coef_draws=20, random_state=0)
>>> fx.query("topic == 0 and time in (2000, 2009)").round(2)
   topic  time  estimate  ci_low  ci_high  n_draws
0      0  2000       0.2    0.16     0.26      400
9      0  2009       0.8    0.76     0.84      400
>>> fx.attrs["uncertainty"]
'posterior'
"""

from __future__ import annotations

import logging
import numbers
import warnings
from collections.abc import Sequence
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from sklearn.exceptions import NotFittedError
from threadpoolctl import threadpool_limits

from toolkit.corpus.dates import parse_dates
from toolkit.errors import DateParseError, invalid_value_message
from toolkit.topics.splines import QR, OLSFit, bs_knots, bspline_basis, check_int, ols

__all__ = ["OLSFit", "bs_knots", "bspline_basis", "estimate_effect", "ols"]

logger = logging.getLogger(__name__)

Uncertainty = Literal["auto", "posterior", "bootstrap", "none"]
RIDGE = 1e-5  #: stm's penalty for a singular design
_DEFAULT_POINTS = 100  #: stm's npoints for a continuous covariate
_BLOCK_CELLS = 4_000_000  #: predictions are pooled in blocks of about this many (draw x row) cells


# ---------------------------------------------------------------------- inputs
def _rng(random_state: Any) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or (isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool)):
        return np.random.default_rng(random_state)
    raise TypeError(f"random_state must be None, an int seed or a numpy Generator, got {type(random_state).__name__}")


def _decimal_years(stamps: pd.DatetimeIndex) -> np.ndarray:
    """``2016-07-02`` -> 2016.5: the year plus the elapsed fraction of it."""
    start = stamps.to_period("Y").start_time
    end = (stamps.to_period("Y") + 1).start_time
    return np.asarray(stamps.year + (stamps - start) / (end - start), dtype=float)


def _as_stamps(values: Any, where: str) -> pd.DatetimeIndex:
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = pd.DatetimeIndex(series)
        return stamps.tz_localize(None) if stamps.tz is not None else stamps
    try:
        dates, _ = parse_dates(series, errors="raise")
    except DateParseError as err:
        raise DateParseError(f"{where}: {err}. Give dates such as '2015-07-02' or numbers such as "
                             "years, or convert the column first") from err
    return pd.DatetimeIndex(dates)


def _complete_column(docvars: pd.DataFrame, name: str, role: str, *, absent_hint: str, missing_hint: str
                     ) -> pd.Series:
    """Column ``name`` of docvars; ValueError when it is absent or has a missing value (naming documents)."""
    if name not in docvars.columns:
        raise ValueError(f"docvars has no {role} column {name!r}; columns are {list(map(str, docvars.columns))}"
                         + absent_hint)
    col = docvars[name]
    missing = col.isna().to_numpy()
    if missing.any():
        ids = docvars.index[missing][:5].tolist()
        raise ValueError(f"{role} column {name!r} is missing for {int(missing.sum())} document(s), e.g. {ids}; "
                         + missing_hint)
    return col


def _time_values(docvars: pd.DataFrame, time: str) -> tuple[np.ndarray, pd.Index, str]:
    """(numeric x, original values, kind) for the time column; kind is "datetime" or "numeric"."""
    col = _complete_column(docvars, time, "time", absent_hint=". Pass time='<column>' (e.g. time='year')",
                           missing_hint="drop those documents before fitting the model, or fill their dates")
    if pd.api.types.is_bool_dtype(col.dtype):
        raise TypeError(f"time column {time!r} is boolean; expected dates or numbers")
    if pd.api.types.is_numeric_dtype(col.dtype):
        values = col.to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"time column {time!r} has infinite values")
        return values, pd.Index(col.to_numpy()), "numeric"
    stamps = _as_stamps(col, f"time column {time!r} of docvars")
    return _decimal_years(stamps), stamps, "datetime"


def _grid(at: Any, x: np.ndarray, original: pd.Index, kind: str) -> tuple[np.ndarray, pd.Index]:
    """Time points to predict at: (numeric, labels)."""
    if at is None or (isinstance(at, numbers.Integral) and not isinstance(at, bool)):
        distinct = np.unique(x)
        if at is None and len(distinct) <= _DEFAULT_POINTS:
            labels = pd.Index(original).unique().sort_values()
            return (_decimal_years(pd.DatetimeIndex(labels)) if kind == "datetime"
                    else labels.to_numpy(dtype=float)), labels
        n_points = _DEFAULT_POINTS if at is None else check_int("at", at, 2)
        if kind == "datetime":
            stamps = pd.DatetimeIndex(original)
            grid = pd.date_range(stamps.min(), stamps.max(), periods=n_points).round("D")
            grid = grid.where(grid >= stamps.min(), stamps.min()).where(grid <= stamps.max(), stamps.max())
            labels = pd.DatetimeIndex(grid.unique())
            return _decimal_years(labels), labels
        grid = np.linspace(x.min(), x.max(), n_points)
        return grid, pd.Index(grid)
    if isinstance(at, (str, bytes)):
        at = [at]
    if kind == "datetime":
        labels = _as_stamps(pd.Series(list(at)), "at")
        return _decimal_years(labels), labels
    try:
        grid = np.asarray(list(at), dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"at must hold numbers when the time column is numeric; got {list(at)[:3]!r}") from None
    return grid, pd.Index(list(at))


def _categorical(docvars: pd.DataFrame, name: str, role: str) -> tuple[np.ndarray, list[str]]:
    """Codes (0 = reference, the first level in sorted order) and level names of a categorical column."""
    col = _complete_column(docvars, name, role, absent_hint="",
                           missing_hint="fill it (e.g. 'unknown') or drop those documents before fitting the model")
    labels = col.astype(str).to_numpy(dtype=object)
    levels = sorted(set(labels.tolist()))
    codes = np.searchsorted(np.array(levels, dtype=object), labels)
    return codes.astype(np.int64), levels


def _dummies(codes: np.ndarray, n_levels: int) -> np.ndarray:
    return (codes[:, None] == np.arange(1, n_levels)[None, :]).astype(float)


def _design(spline: np.ndarray, covs: list[tuple[np.ndarray, int]], group: tuple[np.ndarray, int] | None) -> np.ndarray:
    parts = [np.ones((spline.shape[0], 1)), spline]
    parts += [_dummies(codes, n) for codes, n in covs]
    if group is not None:
        g = _dummies(*group)
        parts.append(g)
        parts += [g[:, [j]] * spline for j in range(g.shape[1])]
    return np.hstack(parts)


def _model_arrays(model: Any) -> tuple[np.ndarray, np.ndarray | None]:
    theta = getattr(model, "doc_topic_", None)
    if theta is None:
        raise NotFittedError(f"{type(model).__name__} has no doc_topic_: fit the topic model first (estimate_effect "
                             "needs doc_topic_, and doc_topic_posterior_ for LDA posterior draws)")
    theta = np.asarray(theta, dtype=float)
    if theta.ndim != 2 or theta.shape[1] < 1 or not np.all(np.isfinite(theta)) or np.any(theta < 0):
        raise ValueError(f"doc_topic_ must be a finite non-negative (n_documents, n_topics) array; got shape {theta.shape}")
    sums = theta.sum(axis=1)
    if not np.allclose(sums, 1.0, atol=1e-6):
        bad = int(np.sum(~np.isclose(sums, 1.0, atol=1e-6)))
        raise ValueError(f"doc_topic_ rows must be topic proportions summing to 1; {bad} row(s) do not "
                         "(normalise them: theta / theta.sum(axis=1, keepdims=True); drop empty documents)")
    posterior = getattr(model, "doc_topic_posterior_", None)
    if posterior is not None:
        posterior = np.asarray(posterior, dtype=float)
        if posterior.shape != theta.shape or not np.all(np.isfinite(posterior)) or np.any(posterior <= 0):
            raise ValueError("doc_topic_posterior_ must hold positive Dirichlet parameters with the shape of "
                             f"doc_topic_ {theta.shape}; got shape {posterior.shape}")
    return theta, posterior


def _resolve_docvars(model: Any, docvars: pd.DataFrame | None, n_docs: int) -> pd.DataFrame:
    own = getattr(model, "docvars_", None)
    if docvars is None:
        if own is None:
            raise ValueError("the model has no docvars_; pass docvars= (one row per document, in the model's order)")
        docvars = own
    if not isinstance(docvars, pd.DataFrame):
        raise TypeError(f"docvars must be a pandas DataFrame, got {type(docvars).__name__}")
    if len(docvars) != n_docs:
        raise ValueError(f"docvars has {len(docvars)} rows for the model's {n_docs} documents; "
                         "estimate_effect needs one row per document, in the model's order")
    if (own is not None and docvars is not own and isinstance(own, pd.DataFrame)
            and own.index.name == "doc_id" and docvars.index.name == "doc_id" and not own.index.equals(docvars.index)):
        raise ValueError("docvars' doc_id index differs from the model's docvars_ (other documents or another "
                         "order); reindex it: docvars.loc[model.docvars_.index]")
    return docvars


def _topics(topics: Sequence[int] | None, n_topics: int) -> list[int]:
    if topics is None:
        return list(range(n_topics))
    chosen = [topics] if isinstance(topics, numbers.Integral) else list(topics)
    if not chosen or not all(isinstance(k, numbers.Integral) and not isinstance(k, bool) and 0 <= k < n_topics
                             for k in chosen):
        raise ValueError(f"topics must be integers in [0, {n_topics - 1}]; got {topics!r}")
    return [int(k) for k in chosen]


def _check_support(x: np.ndarray, df: int, what: str) -> None:
    n_distinct = len(np.unique(x))
    if n_distinct - 1 < df:
        raise ValueError(f"{what} has {n_distinct} distinct time value(s), too few for a spline with spline_df={df} "
                         f"(needs at least {df + 1}, as stm's s() uses df <= n_distinct - 1); lower spline_df "
                         f"(and spline_degree) to at most {max(n_distinct - 1, 0)}, or use a finer time column")


# ---------------------------------------------------------------------- draws
def _summarise(pred: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and percentile interval over axis 0 (R's quantile type 7 = numpy's "linear")."""
    a = (1.0 - ci) / 2.0
    low, high = np.quantile(pred, [a, 1.0 - a], axis=0)
    return pred.mean(axis=0), low, high


def _dirichlet(alpha: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One draw of ``Dirichlet(alpha_d)`` per row, via normalised ``Gamma(alpha_dk, 1)`` draws.

    For tiny parameters every Gamma draw of a row can underflow to 0; such rows are redrawn in
    log space (``G(a) = G(a + 1) U^(1/a)``, Marsaglia & Tsang 2000) and normalised there.
    """
    gam = rng.standard_gamma(alpha)
    sums = gam.sum(axis=1)
    bad = ~(sums > 0)
    if bad.any():
        a = alpha[bad]
        log_gam = np.log(rng.standard_gamma(a + 1.0)) + np.log(rng.random(a.shape)) / a
        gam[bad] = np.exp(log_gam - log_gam.max(axis=1, keepdims=True))
        sums[bad] = gam[bad].sum(axis=1)
    return gam / sums[:, None]


def _composition(theta: np.ndarray, posterior: np.ndarray | None, chosen: list[int], X: np.ndarray,
                 C: np.ndarray, ridge: float, n_theta: int, n_coef: int, ci: float,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """stm's estimateEffect + simBetas + plotContinuous; arrays of shape (rows of C, topics)."""
    qr = QR(X, ridge)
    m, n_sel = C.shape[0], len(chosen)
    fitted = np.empty((n_theta, m, n_sel))
    sigma2 = np.empty((n_theta, n_sel))
    for i in range(n_theta):
        if posterior is None:
            draw = theta
        else:
            draw = _dirichlet(posterior, rng)
        coef, sigma2[i] = qr.fit(draw[:, chosen])
        fitted[i] = C @ coef
    # b ~ N(b_i, s2_i (X'X)^-1) = b_i + sqrt(s2_i) R^-1 z, so c'b = c'b_i + sqrt(s2_i) (c'R^-1) z
    c_rinv = C @ qr.r_inv
    out = [np.empty((m, n_sel)) for _ in range(3)]
    block = max(1, _BLOCK_CELLS // (n_theta * n_coef))
    for j in range(n_sel):
        z = rng.standard_normal((n_theta, n_coef, X.shape[1]))
        scale = np.sqrt(sigma2[:, j])[:, None, None]
        for lo in range(0, m, block):
            rows = slice(lo, min(lo + block, m))
            pred = fitted[:, None, rows, j] + scale * (z @ c_rinv[rows].T)
            summary = _summarise(pred.reshape(n_theta * n_coef, -1), ci)
            for target, values in zip(out, summary):
                target[rows, j] = values
    return out[0], out[1], out[2]


def _bootstrap(theta: np.ndarray, chosen: list[int], X: np.ndarray, C: np.ndarray, n_boot: int, ci: float,
               rng: np.random.Generator) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], int]:
    """Document bootstrap of the OLS predictions; also returns how many replicates needed the ridge."""
    n, p = X.shape
    pred = np.empty((n_boot, C.shape[0], len(chosen)))
    n_ridge = 0
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        Xb = X[idx]
        singular = np.linalg.matrix_rank(Xb) < p
        n_ridge += int(singular)
        coef, _ = QR(Xb, RIDGE if singular else 0.0).fit(theta[idx][:, chosen])
        pred[b] = C @ coef
    return _summarise(pred, ci), n_ridge


# ---------------------------------------------------------------------- public
def estimate_effect(model: Any, docvars: pd.DataFrame | None = None, *, time: str = "date", spline_df: int = 5,
                    spline_degree: int = 3, covariates: str | Sequence[str] = (), groups: str | None = None,
                    topics: Sequence[int] | None = None, uncertainty: Uncertainty = "auto", n_draws: int = 100,
                    n_coef_draws: int = 100, at: Any = None, ci: float = 0.95,
                    random_state: int | np.random.Generator | None = None) -> pd.DataFrame:
    """Expected topic proportions over time (and per group), with intervals, as stm's estimateEffect.

    The model of each topic's proportion is ``theta_k ~ 1 + bs(time, df) [+ covariates]
    [+ group * bs(time, df)]``, fitted by OLS over draws of theta from the topic model's
    approximate posterior, with coefficients drawn from their sampling distribution and the
    predictions pooled (the method of composition): see the module docstring for the formulas,
    the defaults that differ from stm, and the **assumptions**.

    Parameters
    ----------
    model : fitted topic model
        Anything with ``doc_topic_`` (n_documents x n_topics, rows summing to 1), optionally
        ``doc_topic_posterior_`` (the Dirichlet parameters of each document's topic proportions,
        e.g. LDA's variational ``gamma``) and ``docvars_`` (a DataFrame, one row per document).
    docvars : DataFrame, optional
        One row per document, in the model's order; default ``model.docvars_``.
    time : str, default "date"
        Column with the time of each document: dates (datetime, or strings in any form that
        :func:`toolkit.corpus.dates.parse_dates` reads; used as decimal years) or numbers (years).
    spline_df : int, default 5
        Degrees of freedom of the B-spline of time (number of basis columns besides the
        intercept; ``df - degree`` interior knots at quantiles of the documents' times). Needs at
        least ``spline_df + 1`` distinct times (in every group). stm's ``s()`` default is
        ``min(10, n_distinct - 1)``.
    spline_degree : int, default 3
        Degree of the spline (3: cubic, as ``bs``); ``spline_df=1, spline_degree=1`` fits a
        straight line.
    covariates : str or sequence of str, default ()
        Categorical controls (treatment coding, reference = first level in sorted order); the
        predictions hold each at its most frequent level (``attrs["held_at"]``).
    groups : str, optional
        A categorical column whose levels each get their own curve (main effect and interaction
        with the spline); the output then has a ``group`` column.
    topics : sequence of int, optional
        Topics to estimate (0-based); default all.
    uncertainty : {"auto", "posterior", "bootstrap", "none"}, default "auto"
        ``"posterior"``: draw theta from ``Dirichlet(doc_topic_posterior_)`` (stm's "Global"
        in spirit). ``"bootstrap"``: resample documents, point estimates of theta, no coefficient
        draws. ``"none"``: point estimates of theta, coefficient draws only. ``"auto"``:
        posterior when the model has one, else bootstrap with a warning.
    n_draws : int, default 100
        Draws of theta (posterior), or bootstrap replicates. For ``"none"``, one fit is drawn
        ``n_draws x n_coef_draws`` times.
    n_coef_draws : int, default 100
        Coefficient vectors drawn per theta draw (stm's ``plot.estimateEffect`` ``nsims``).
    at : int, sequence or None
        Time points to predict at: default the distinct times of the documents when there are at
        most 100 of them, else 100 evenly spaced points (stm's ``npoints``); an int gives that
        many evenly spaced points (rounded to days for dates); or the values themselves
        (dates/strings for a date column, numbers for a numeric one), within the observed range.
    ci : float, default 0.95
        Coverage of the percentile intervals.
    random_state : int, numpy Generator or None
        Seed; the same seed gives identical results. BLAS runs single-threaded inside.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic``, ``time``, (``group``), ``estimate`` (mean of the pooled draws),
        ``ci_low``, ``ci_high`` and ``n_draws`` (number of pooled predictions), sorted by topic,
        group and time. ``attrs`` records ``method``, ``uncertainty``, ``formula``,
        ``design_columns``, ``spline`` (df, degree, knots, time scale), ``held_at``, ``ci``,
        ``n_theta_draws``, ``n_coef_draws``, ``ridge`` and ``assumptions``.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If the model has no ``doc_topic_``.
    ValueError
        For a missing time, covariate or group column, missing values in them, too few distinct
        times for ``spline_df`` (overall or in a group), too few documents for the design,
        ``at`` outside the observed time range, ``uncertainty="posterior"`` without a posterior,
        or a parameter out of range.
    toolkit.errors.DateParseError
        If the time column (or ``at``) holds strings that are not dates.

    Examples
    --------
    A model without a posterior (NMF, say) falls back to the document bootstrap, and says so:

    >>> import numpy as np, pandas as pd, warnings
    >>> from types import SimpleNamespace
    >>> years = np.repeat(np.arange(2001, 2007), 20)
    >>> theta = np.column_stack([np.linspace(0.1, 0.5, 120), np.linspace(0.9, 0.5, 120)])
    >>> nmf = SimpleNamespace(doc_topic_=theta, docvars_=pd.DataFrame({"year": years}))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     fx = estimate_effect(nmf, time="year", spline_df=3, n_draws=50, random_state=0)
    >>> print(caught[0].message)
    SimpleNamespace has no doc_topic_posterior_ ... document bootstrap ...
    >>> fx.attrs["uncertainty"], int(fx["n_draws"].iloc[0])
    ('bootstrap', 50)
    """
    theta, posterior = _model_arrays(model)
    n_docs, n_topics = theta.shape
    frame = _resolve_docvars(model, docvars, n_docs)
    chosen = _topics(topics, n_topics)
    if uncertainty not in get_args(Uncertainty):
        raise ValueError(invalid_value_message("uncertainty", uncertainty, get_args(Uncertainty)))
    spline_df = check_int("spline_df", spline_df, 1)
    spline_degree = check_int("spline_degree", spline_degree, 0)
    if spline_df < spline_degree:
        raise ValueError(f"spline_df={spline_df} is below spline_degree={spline_degree}; a B-spline of degree d "
                         "has at least d columns: raise spline_df or lower spline_degree")
    n_draws = check_int("n_draws", n_draws, 1)
    n_coef_draws = check_int("n_coef_draws", n_coef_draws, 1)
    if not (isinstance(ci, numbers.Real) and not isinstance(ci, bool) and 0 < ci < 1):
        raise ValueError(f"ci must be a number between 0 and 1 (e.g. 0.95), got {ci!r}")
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    used = [time, *covariates, *([] if groups is None else [groups])]
    if len(set(used)) != len(used):
        raise ValueError(f"time, covariates and groups must be different columns; got {used}")

    mode = uncertainty
    if mode == "posterior" and posterior is None:
        raise ValueError(f"{type(model).__name__} has no doc_topic_posterior_ (NMF has none): use "
                         "uncertainty='bootstrap' (document bootstrap) or 'none' (no uncertainty about theta)")
    if mode == "auto":
        mode = "posterior" if posterior is not None else "bootstrap"
        if mode == "bootstrap":
            message = (f"{type(model).__name__} has no doc_topic_posterior_ (e.g. NMF), so theta cannot be drawn "
                       "from a posterior: intervals come from a document bootstrap and reflect sampling "
                       "variability only, not uncertainty in the topic proportions. Pass "
                       "uncertainty='bootstrap' to choose this explicitly.")
            warnings.warn(message, UserWarning, stacklevel=2)

    x, original, kind = _time_values(frame, time)
    _check_support(x, spline_df, f"time column {time!r}")
    cov_data = [_categorical(frame, c, "covariate") for c in covariates]
    group_data = None if groups is None else _categorical(frame, groups, "group")
    if group_data is not None:
        for j, level in enumerate(group_data[1]):
            _check_support(x[group_data[0] == j], spline_df, f"group {level!r} of column {groups!r}")
    interior, boundary = bs_knots(x, df=spline_df, degree=spline_degree)
    spline = bspline_basis(x, knots=interior, boundary_knots=boundary, degree=spline_degree)
    covs = [(codes, len(levels)) for codes, levels in cov_data]
    n_groups = 1 if group_data is None else len(group_data[1])
    X = _design(spline, covs, None if group_data is None else (group_data[0], n_groups))
    if n_docs <= X.shape[1]:
        raise ValueError(f"{n_docs} documents are too few for a design with {X.shape[1]} columns (intercept, "
                         f"spline_df={spline_df} per group, covariate levels); OLS needs more documents than "
                         "columns: lower spline_df, or drop covariates or groups")

    at_x, at_labels = _grid(at, x, original, kind)
    tol = 1e-9 * max(1.0, abs(boundary[1]))
    if at_x.size == 0 or at_x.min() < boundary[0] - tol or at_x.max() > boundary[1] + tol:
        raise ValueError(f"at must lie within the observed time range [{original.min()}, {original.max()}]; "
                         "the spline is not extrapolated")
    at_spline = bspline_basis(np.clip(at_x, *boundary), knots=interior, boundary_knots=boundary,
                              degree=spline_degree)
    m = len(at_x)
    held = [int(np.bincount(codes).argmax()) for codes, _ in cov_data]  # mode; ties -> first sorted level
    held_covs = [(np.full(m, code), n) for code, (_, n) in zip(held, covs)]
    C = np.vstack([_design(at_spline, held_covs, None if group_data is None else (np.full(m, g), n_groups))
                   for g in range(n_groups)])

    ridge = 0.0
    if np.linalg.matrix_rank(X) < X.shape[1]:
        ridge = RIDGE
        warnings.warn("the design matrix is singular (a covariate level or group without documents at some "
                      "times, a spline_df too high for the distinct times, or gaps in time); adding stm's small "
                      f"ridge {RIDGE} for numerical stability: the affected estimates are identified only by it",
                      UserWarning, stacklevel=2)
    rng = _rng(random_state)
    n_theta = {"posterior": n_draws, "none": 1, "bootstrap": n_draws}[mode]
    n_coef = {"posterior": n_coef_draws, "none": n_draws * n_coef_draws, "bootstrap": 0}[mode]
    with threadpool_limits(limits=1, user_api="blas"):
        if mode == "bootstrap":
            (est, low, high), n_ridge = _bootstrap(theta, chosen, X, C, n_draws, ci, rng)
            if n_ridge:
                warnings.warn(f"{n_ridge} of {n_draws} bootstrap replicates had a singular design and were fitted "
                              f"with stm's ridge {RIDGE}", UserWarning, stacklevel=2)
            n_pooled = n_draws
        else:
            est, low, high = _composition(theta, posterior if mode == "posterior" else None, chosen, X, C, ridge,
                                          n_theta, n_coef, ci, rng)
            n_pooled = n_theta * n_coef

    n_sel = len(chosen)
    times = at_labels.to_numpy()
    columns: dict[str, Any] = {"topic": np.repeat(np.asarray(chosen, dtype=np.int64), n_groups * m),
                               "time": np.tile(times, n_groups * n_sel)}
    if group_data is not None:
        columns["group"] = pd.array(np.tile(np.repeat(np.array(group_data[1], dtype=object), m), n_sel),
                                    dtype="str")
    columns.update(estimate=est.T.reshape(-1), ci_low=low.T.reshape(-1), ci_high=high.T.reshape(-1),
                   n_draws=np.full(n_sel * n_groups * m, n_pooled, dtype=np.int64))
    out = pd.DataFrame(columns)
    if kind == "datetime":
        out["time"] = out["time"].astype("datetime64[ns]")

    names = ["(intercept)", *[f"bs({time})[{j + 1}]" for j in range(spline.shape[1])]]
    for c, (_, levels) in zip(covariates, cov_data):
        names += [f"{c}[{level}]" for level in levels[1:]]
    formula = f"theta[, k] ~ 1 + bs({time}, df={spline_df}, degree={spline_degree})"
    formula += "".join(f" + {c}" for c in covariates)
    if group_data is not None:
        names += [f"{groups}[{level}]" for level in group_data[1][1:]]
        names += [f"{groups}[{level}]:bs({time})[{j + 1}]" for level in group_data[1][1:]
                  for j in range(spline.shape[1])]
        formula += f" + {groups} * bs({time}, df={spline_df}, degree={spline_degree})"
    out.attrs.update({
        "method": "method of composition (Tanner 1996) as stm::estimateEffect + plot.estimateEffect "
                  "(continuous): OLS of each topic's proportion per draw of theta, coefficient draws "
                  "N(b, s2 (X'X)^-1), predictions pooled; estimate = mean, interval = percentiles",
        "uncertainty": mode,
        "formula": formula,
        "design_columns": names,
        "spline": {"df": spline_df, "degree": spline_degree, "interior_knots": interior.tolist(),
                   "boundary_knots": list(boundary),
                   "time_scale": "decimal years" if kind == "datetime" else "as given"},
        "held_at": {c: levels[code] for c, (_, levels), code in zip(covariates, cov_data, held)},
        "ci": float(ci),
        "n_theta_draws": n_theta,
        "n_coef_draws": n_coef,
        "ridge": ridge,
        "assumptions": (
            "linear model on topic proportions (OLS, homoskedastic normal errors); estimates are not bounded to [0, 1]",
            {"posterior": "uncertainty about theta from the model's approximate (variational) posterior only; "
                          "topics, K and priors held fixed",
             "none": "no uncertainty about theta: point estimates doc_topic_ treated as data",
             "bootstrap": "no posterior for theta: document bootstrap, reflecting sampling variability only, "
                          "not uncertainty in the topic proportions"}[mode],
            "documents independent given the covariates",
            (f"smooth time trend: B-spline of degree {spline_degree} with {spline_df} df, knots at quantiles "
             "of time; no extrapolation"),
        ),
    })
    logger.info("estimate_effect: %d topics x %d time points x %d group(s), %s, %d pooled draws",
                n_sel, m, n_groups, mode, n_pooled)
    return out
