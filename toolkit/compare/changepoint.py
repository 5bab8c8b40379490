"""Change points in the mean of an ordered series (e.g. a frame's estimate per period), with bootstrap intervals.

Model and cost
--------------
The series ``y_1..y_n`` is piecewise constant in mean plus independent noise of constant
standard deviation ``sigma``: ``y_i = mu_j + e_i`` for ``i`` in segment ``j``. A segmentation
with change points ``0 = tau_0 < tau_1 < ... < tau_m < tau_{m+1} = n`` (``tau_j`` = first
position of the new segment) minimises the penalised Gaussian cost::

    sum_{j=0..m} C(y[tau_j : tau_{j+1}]) + beta * m,    C(y[s:t]) = sum_{i=s}^{t-1} (y_i - mean(y[s:t]))^2 / sigma^2

(twice the negative Gaussian log-likelihood of a mean shift with known variance, up to a
constant), with every segment at least ``min_size`` long.

When each value has its own known standard error ``sigma_i`` (``scale`` given as an array, e.g.
the bootstrap standard errors of a trend: :func:`frame_change_points` does this by default), the
noise is heteroscedastic and the cost is the weighted one, ``w_i = 1 / sigma_i^2``::

    C(y[s:t]) = sum_{i=s}^{t-1} w_i (y_i - ybar_w)^2,    ybar_w = sum w_i y_i / sum w_i

(the Gaussian likelihood with known, unequal variances), so that a noisy period (few documents)
cannot open a change on its own and a precise one is not drowned by the noise of others. Segment
means are then the weighted means. ``sigma`` is estimated robustly from
first differences, which a few mean shifts barely disturb:
``sigma = 1.4826 * MAD(y_{i+1} - y_i) / sqrt(2)`` (as in Fryzlewicz 2014), unless ``scale`` is
given; if that is 0, the standard deviation of the differences over ``sqrt(2)`` is used.

Penalty
-------
``"bic"`` (default): ``beta = 2 log n``, Schwarz's criterion counting two parameters per change
(its location and the new mean), the ``"BIC"``/``"SIC"`` penalty of the R package changepoint for
a change in mean (Killick & Eckley 2014). ``"aic"``: ``beta = 4``. A number sets ``beta``.

BIC is a liberal penalty for short series scanned at every position: in simulations of pure
Gaussian noise (no change) with ``sigma`` estimated as above, it reports a spurious change in
about 25% of series of 10-20 values, 15-20% of 30-50 values and 10% of 100 values (about half
that when ``sigma`` is known). Read a single detected change on a short series together with its
interval and the two segment means, or raise the penalty (e.g. ``penalty=3 * math.log(n)``).

Search
------
``"pelt"``: the exact minimiser by optimal partitioning with PELT pruning (Killick, Fearnhead &
Eckley 2012). ``"binseg"``: binary segmentation (Scott & Knott 1974), which splits a segment at
the point of largest cost reduction while the reduction exceeds ``beta``; fast, approximate.

Uncertainty of a location
-------------------------
A percentile interval from a **residual bootstrap**, *conditional on the number of changes and on
the neighbouring change points* (Hušková & Kirch 2008, who bootstrap the argmax estimator of
one change): residuals ``r_i = y_i - mu_hat(i)`` from the fitted segment means are resampled with
replacement, ``y* = mu_hat + r*``, and the change is re-estimated as the single least-squares
split of ``y*`` between its two neighbouring change points (the split maximising
``k (L - k) / L * (mean_left - mean_right)^2``, segments ``>= min_size``). ``ci_low``/``ci_high``
are the ``a/2`` and ``1 - a/2`` quantiles of the ``n_boot`` re-estimated positions (the first
position whose bootstrap CDF reaches the level). It does **not** include the uncertainty in the
*number* of changes, and it assumes independent, equal-variance noise: with autocorrelated
series it is too narrow.

References
----------
Killick, R., Fearnhead, P., & Eckley, I. A. (2012). Optimal detection of changepoints with a linear
computational cost. *Journal of the American Statistical Association*, 107(500), 1590-1598.
Killick, R., & Eckley, I. A. (2014). changepoint: An R package for changepoint analysis. *Journal
of Statistical Software*, 58(3), 1-19.
Scott, A. J., & Knott, M. (1974). A cluster analysis method for grouping means in the analysis of
variance. *Biometrics*, 30(3), 507-512.
Fryzlewicz, P. (2014). Wild binary segmentation for multiple change-point detection. *The Annals
of Statistics*, 42(6), 2243-2281.
Hušková, M., & Kirch, C. (2008). Bootstrapping confidence intervals for the change-point of time
series. *Journal of Time Series Analysis*, 29(6), 947-972.
Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 9 (residual
resampling). Chapman & Hall.

Examples
--------
>>> import numpy as np, pandas as pd
>>> y = np.r_[np.full(10, 0.2), np.full(10, 0.6)] + np.random.default_rng(1).normal(0, 0.05, 20)
>>> cp = change_points(pd.Series(y, index=range(2001, 2021)), random_state=0)
>>> cp[["location", "ci_low", "ci_high", "method", "penalty"]]
   location  ci_low  ci_high method penalty
0      2011    2011     2011   pelt     bic
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.compare._bootstrap import check_ci, check_count, make_rng, seed_of
from toolkit.errors import invalid_value_message

__all__ = ["change_points", "frame_change_points"]

logger = logging.getLogger(__name__)

METHODS: tuple[str, ...] = ("pelt", "binseg")
PENALTIES: tuple[str, ...] = ("bic", "aic")
COLUMNS: tuple[str, ...] = ("location", "ci_low", "ci_high", "position", "ci_low_position", "ci_high_position",
                            "mean_before", "mean_after", "method", "penalty", "penalty_value")
_MAD_TO_SD = 1.4826


# ------------------------------------------------------------------------------ cost
class _Cost:
    """Gaussian mean-shift segment cost from cumulative sums: ``C(s, t)`` for ``y[s:t]``.

    ``sigma`` is one standard deviation or one per value; with weights ``w = 1 / sigma^2``,
    ``C(s, t) = S2 - S1^2 / S0`` with ``S0 = sum w``, ``S1 = sum w z``, ``S2 = sum w z^2`` over
    ``[s, t)`` and ``z`` the centred values.
    """

    def __init__(self, y: np.ndarray, sigma: float | np.ndarray):
        w = np.broadcast_to(1.0 / np.square(np.asarray(sigma, dtype=np.float64)), y.shape)
        z = y - np.average(y, weights=w)  # centring keeps the cumulative sums small (less cancellation)
        self.s0 = np.concatenate([[0.0], np.cumsum(w)])
        self.s1 = np.concatenate([[0.0], np.cumsum(w * z)])
        self.s2 = np.concatenate([[0.0], np.cumsum(w * z * z)])

    def __call__(self, s: np.ndarray | int, t: np.ndarray | int) -> np.ndarray:
        s, t = np.asarray(s), np.asarray(t)
        d1 = self.s1[t] - self.s1[s]
        return np.maximum(self.s2[t] - self.s2[s] - d1 * d1 / (self.s0[t] - self.s0[s]), 0.0)


def _pelt(cost: _Cost, n: int, beta: float, m: int) -> list[int]:
    """Exact penalised segmentation (optimal partitioning with PELT pruning, Killick et al. 2012, alg. 2).

    With a minimum segment length ``m``, a candidate found dominated at time ``t``
    (``F(tau) + C(tau, t) > F(t)``) is dropped only from time ``t + m`` on, when ``t`` itself has
    become an admissible last change; before that it may still be needed.
    """
    F = np.full(n + 1, np.inf)
    F[0] = -beta
    last = np.zeros(n + 1, dtype=np.int64)
    candidates: list[int] = [0]
    pending: dict[int, set[int]] = {}
    for t in range(m, n + 1):
        new = t - m
        if new >= m and np.isfinite(F[new]):
            candidates.append(new)
        drop = pending.pop(t, None)
        if drop:
            candidates = [c for c in candidates if c not in drop]
        cand = np.asarray(candidates, dtype=np.int64)
        total = F[cand] + cost(cand, t)
        j = int(np.argmin(total))
        F[t] = total[j] + beta
        last[t] = cand[j]
        dominated = cand[total > F[t]]
        if len(dominated):
            pending.setdefault(t + m, set()).update(dominated.tolist())
    return _backtrack(last, n)


def _backtrack(last: np.ndarray, n: int) -> list[int]:
    """The change points of the optimal segmentation of ``y[:n]``, from each end's best last change."""
    cps, t = [], n
    while t > 0:
        t = int(last[t])
        if t > 0:
            cps.append(t)
    return sorted(cps)


def _optimal_partitioning(cost: _Cost, n: int, beta: float, m: int) -> list[int]:
    """Exact penalised segmentation without pruning (O(n^2)); the reference that PELT must match."""
    F = np.full(n + 1, np.inf)
    F[0] = -beta
    last = np.zeros(n + 1, dtype=np.int64)
    for t in range(m, n + 1):
        cand = np.asarray([0] + list(range(m, t - m + 1)), dtype=np.int64)
        total = F[cand] + cost(cand, t)
        j = int(np.argmin(total))
        F[t], last[t] = total[j] + beta, cand[j]
    return _backtrack(last, n)


def _best_split(cost: _Cost, s: int, e: int, m: int) -> tuple[int, float]:
    """Split of ``y[s:e]`` with the largest cost reduction (both sides ``>= m``)."""
    taus = np.arange(s + m, e - m + 1)
    if not len(taus):
        return -1, -np.inf
    gain = cost(s, e) - _cost_to(cost, s, taus) - cost(taus, e)
    j = int(np.argmax(gain))
    return int(taus[j]), float(gain[j])


def _cost_to(cost: _Cost, s: int, ends: np.ndarray) -> np.ndarray:
    """``C(s, t)`` for every ``t`` in ``ends``."""
    return cost(s, ends)


def _binseg(cost: _Cost, n: int, beta: float, m: int) -> list[int]:
    """Binary segmentation: split while the best split of some segment reduces the cost by more than beta."""
    cps: list[int] = []
    stack = [(0, n)]
    while stack:
        s, e = stack.pop()
        tau, gain = _best_split(cost, s, e, m)
        if tau > 0 and gain > beta:
            cps.append(tau)
            stack.extend([(s, tau), (tau, e)])
    return sorted(cps)


def penalised_cost(y: np.ndarray, cps: Sequence[int], sigma: float | np.ndarray, beta: float) -> float:
    """Total penalised cost of a segmentation (for tests and diagnostics)."""
    cost = _Cost(np.asarray(y, dtype=np.float64), sigma)
    bounds = [0, *cps, len(y)]
    return float(sum(cost(a, b) for a, b in itertools.pairwise(bounds)) + beta * len(cps))


# ------------------------------------------------------------------------------ helpers
def noise_scale(y: np.ndarray) -> float:
    """Robust noise standard deviation: ``1.4826 * MAD(diff(y)) / sqrt(2)`` (fallback: ``sd(diff(y)) / sqrt(2)``).

    >>> noise_scale(np.array([0.0, 1.0, 0.0, 1.0, 0.0]))
    1.0483...
    """
    d = np.diff(np.asarray(y, dtype=np.float64))
    if len(d) == 0:
        return 0.0
    sigma = _MAD_TO_SD * float(np.median(np.abs(d - np.median(d)))) / math.sqrt(2)
    if sigma == 0 and len(d) > 1:
        sigma = float(np.std(d, ddof=1)) / math.sqrt(2)
    return sigma


def _penalty(penalty: Any, n: int) -> tuple[str, float]:
    if isinstance(penalty, str):
        if penalty not in PENALTIES:
            raise ValueError(invalid_value_message("penalty", penalty, PENALTIES) + " or a non-negative number")
        return penalty, (2.0 * math.log(n) if penalty == "bic" else 4.0)
    if isinstance(penalty, bool) or not isinstance(penalty, (int, float, np.number)) or not math.isfinite(penalty) \
            or penalty < 0:
        raise ValueError(f"penalty must be 'bic', 'aic' or a non-negative number, got {penalty!r}")
    return "manual", float(penalty)


def _segment_means(y: np.ndarray, w: np.ndarray, cps: Sequence[int]) -> np.ndarray:
    """The fitted value of every position: the (weighted) mean of its segment."""
    fitted = np.empty(len(y))
    for a, b in itertools.pairwise([0, *cps, len(y)]):
        fitted[a:b] = np.average(y[a:b], weights=w[a:b])
    return fitted


def _bootstrap_locations(y: np.ndarray, sigma: np.ndarray, cps: list[int], m: int, n_boot: int,
                         rng: np.random.Generator) -> np.ndarray:
    """(n_boot, len(cps)) re-estimated positions, each between its neighbouring change points.

    Residuals are standardised by ``sigma`` (one per value) before resampling and rescaled after,
    so that heteroscedastic series keep each value's noise level.
    """
    n = len(y)
    bounds = [0, *cps, n]
    w = 1.0 / np.square(sigma)
    fitted = _segment_means(y, w, cps)
    resid = (y - fitted) / sigma
    star = fitted[None, :] + sigma[None, :] * resid[rng.integers(0, n, size=(n_boot, n))]
    out = np.empty((n_boot, len(cps)), dtype=np.int64)
    for k in range(len(cps)):
        lo, hi = bounds[k], bounds[k + 2]
        ww = w[lo:hi]
        L = hi - lo
        split = np.arange(m, L - m + 1)
        cw = np.cumsum(ww)
        cs = np.cumsum(star[:, lo:hi] * ww, axis=1)
        w_left, w_right = cw[split - 1], cw[-1] - cw[split - 1]
        left = cs[:, split - 1] / w_left
        right = (cs[:, -1:] - cs[:, split - 1]) / w_right
        # the weighted least-squares reduction of a split: W_L W_R / W (mean_L - mean_R)^2
        gain = w_left * w_right / cw[-1] * (left - right) ** 2
        out[:, k] = lo + split[np.argmax(gain, axis=1)]
    return out


def _check_scale(scale: Any, y: np.ndarray, values: np.ndarray, missing: np.ndarray) -> float | np.ndarray:
    """``sigma``: the robust estimate, the number given, or the per-value array (NaN values dropped)."""
    if scale is None:
        return noise_scale(y)
    if np.ndim(scale) == 0:
        if isinstance(scale, bool) or not isinstance(scale, (int, float, np.number)) or not scale > 0:
            raise ValueError(f"scale must be a positive number (the noise standard deviation), got {scale!r}")
        return float(scale)
    sigma = np.asarray(scale, dtype=np.float64)
    if sigma.shape != values.shape:
        raise ValueError(f"scale holds {sigma.size} standard deviations for a series of {values.size} values; "
                         "give one number or one per value")
    sigma = sigma[~missing]
    if not np.all(np.isfinite(sigma) & (sigma > 0)):
        raise ValueError("scale must hold positive, finite standard deviations (one per value); floor zero "
                         "standard errors, e.g. at the smallest positive one")
    return sigma


# ------------------------------------------------------------------------------ public API
def change_points(series: pd.Series | Sequence[float], *, method: Literal["pelt", "binseg"] = "pelt",
                  penalty: Literal["bic", "aic"] | float = "bic", min_size: int = 2, n_boot: int = 500,
                  ci: float = 0.95, scale: float | Sequence[float] | np.ndarray | None = None,
                  random_state: Any = None) -> pd.DataFrame:
    """Detect shifts in the mean of an ordered series and give each a bootstrap interval for its location.

    See the module notes for the cost, the penalty, the search and exactly what the interval is.

    Parameters
    ----------
    series : Series or sequence of numbers
        Ordered values, e.g. ``estimate`` per period with the period as index. NaN values are
        dropped (and logged); locations keep their index labels.
    method : {"pelt", "binseg"}
        Exact PELT (Killick, Fearnhead & Eckley 2012) or binary segmentation.
    penalty : {"bic", "aic"} or float
        ``beta`` per change: ``2 log n`` (bic), ``4`` (aic), or the number given, in units of the
        cost (squared standardised residuals).
    min_size : int
        Minimum segment length (>= 1).
    n_boot : int
        Residual-bootstrap replicates for the location intervals (>= 1).
    ci : float
        Level of the location intervals.
    scale : float or array of floats, optional
        Noise standard deviation ``sigma``, one for the series or one per value (known standard
        errors, e.g. of a trend's estimates: the weighted cost of the module notes); default:
        the robust estimate from first differences.
    random_state : int, numpy Generator or None
        Seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        One row per change, in order: ``location`` (index label of the first value of the new
        segment), ``ci_low``, ``ci_high`` (index labels), their integer ``position``,
        ``ci_low_position``, ``ci_high_position`` in the (NaN-free) series, ``mean_before``,
        ``mean_after`` (means of the adjacent segments), ``method``, ``penalty`` (name or
        ``"manual"``) and ``penalty_value`` (``beta``). ``attrs`` hold ``scale``, ``n``, ``ci``,
        ``n_boot``, ``min_size``, ``random_state``. No row when nothing changes.

    References
    ----------
    Killick, Fearnhead & Eckley (2012); Killick & Eckley (2014); Hušková & Kirch (2008): full
    entries in the module notes.

    Examples
    --------
    >>> change_points([1.0, 1.2, 0.9, 1.1, 1.0, 3.0, 3.1, 2.8, 3.0, 3.2], random_state=0)[
    ...     ["location", "ci_low", "ci_high", "mean_before", "mean_after", "penalty_value"]].round(2)
       location  ci_low  ci_high  mean_before  mean_after  penalty_value
    0         5       5        5         1.04        3.02           4.61
    """
    if method not in METHODS:
        raise ValueError(invalid_value_message("method", method, METHODS))
    m = check_count("min_size", min_size, 1)
    check_count("n_boot", n_boot, 1)
    check_ci(ci)
    s = series if isinstance(series, pd.Series) else pd.Series(np.asarray(series, dtype=np.float64))
    if s.index.nlevels > 1:
        raise ValueError("series must have a flat index (one label per period)")
    values = s.to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isinf(values).any():
        raise ValueError("series holds infinite values; remove or replace them")
    missing = np.isnan(values)
    if missing.any():
        logger.warning("dropped %d of %d missing values from the series before detecting change points",
                       int(missing.sum()), len(values))
    y, labels = values[~missing], s.index[~missing]
    n = len(y)
    name, beta = _penalty(penalty, max(n, 2))
    sigma = _check_scale(scale, y, values, missing)
    attrs = {"scale": sigma if np.ndim(sigma) == 0 else "per value", "n": n, "ci": float(ci),
             "n_boot": int(n_boot), "min_size": m, "random_state": seed_of(random_state)}
    if n < 2 * m or np.all(sigma == 0):
        logger.info("no change point possible: %s", f"{n} values < 2 * min_size" if n < 2 * m else "constant series")
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
        out.attrs = attrs
        return out
    cost = _Cost(y, sigma)
    cps = _pelt(cost, n, beta, m) if method == "pelt" else _binseg(cost, n, beta, m)
    rng = make_rng(random_state)
    sigmas = np.broadcast_to(np.asarray(sigma, dtype=np.float64), y.shape)
    boot = (_bootstrap_locations(y, sigmas, cps, m, n_boot, rng) if cps
            else np.empty((n_boot, 0), dtype=np.int64))
    fitted = _segment_means(y, 1.0 / np.square(sigmas), cps)
    alpha = 1 - ci
    bounds = [0, *cps, n]
    rows = []
    for k, tau in enumerate(cps):
        lo = int(np.quantile(boot[:, k], alpha / 2, method="inverted_cdf"))
        hi = int(np.quantile(boot[:, k], 1 - alpha / 2, method="inverted_cdf"))
        rows.append({"location": labels[tau], "ci_low": labels[lo], "ci_high": labels[hi], "position": tau,
                     "ci_low_position": lo, "ci_high_position": hi,
                     "mean_before": float(fitted[tau - 1]), "mean_after": float(fitted[tau]),
                     "method": method, "penalty": name, "penalty_value": beta})
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    out.attrs = attrs
    return out


def frame_change_points(trends: pd.DataFrame, *, value: str = "estimate", only_ok: bool = True,
                        scale: Literal["ci", "robust"] | float = "ci", random_state: Any = None,
                        **kw: Any) -> pd.DataFrame:
    """:func:`change_points` of each frame (and group) series of :func:`toolkit.compare.frame_trends` output.

    Parameters
    ----------
    trends : pandas.DataFrame
        Output of :func:`~toolkit.compare.frame_trends` (columns ``frame``, ``period``, ``value``,
        ``flag``; any columns before ``frame`` are groups).
    value : str
        Column holding the series (default ``estimate``).
    only_ok : bool
        Use only periods flagged ``"ok"`` (default), leaving out ``"too_few"`` and ``"empty"`` ones.
    scale : {"ci", "robust"} or float
        The noise of each value. ``"ci"`` (default): each period's standard error read from its
        bootstrap interval, ``se = (ci_high - ci_low) / (2 z)`` with ``z`` the normal quantile
        of the interval's level (``attrs["ci"]``, else 0.95), floored at the series' smallest
        positive one (a period whose units all agree has a zero-width interval); the weighted
        cost of the module notes, so that noisy periods weigh less. Falls back to ``"robust"``
        when the table has no usable intervals. ``"robust"``: one ``sigma`` per series from
        first differences. A number: that ``sigma``.
    random_state : int, numpy Generator or None
        One Generator serves all series in turn.
    **kw
        ``method``, ``penalty``, ``min_size``, ``n_boot``, ``ci`` of :func:`change_points`.

    Returns
    -------
    pandas.DataFrame
        The group columns, ``frame``, then the columns of :func:`change_points` (one row per change).

    Examples
    --------
    >>> import pandas as pd
    >>> trends = pd.DataFrame({"frame": ["military"] * 8, "period": [str(y) for y in range(2001, 2009)],
    ...                        "estimate": [0.1, 0.12, 0.09, 0.11, 0.5, 0.52, 0.49, 0.5], "flag": "ok"})
    >>> frame_change_points(trends, random_state=0)[["frame", "location", "mean_after"]]
          frame location  mean_after
    0  military     2005      0.5025
    """
    for col in ("frame", "period", value) + (("flag",) if only_ok else ()):
        if col not in trends.columns:
            raise ValueError(f"trends has no column {col!r}; pass frame_trends() output")
    if isinstance(scale, str) and scale not in ("ci", "robust"):
        raise ValueError(invalid_value_message("scale", scale, ("ci", "robust")) + " or a positive number")
    level = float(trends.attrs.get("ci", 0.95) or 0.95)
    z = float(stats.norm.ppf(0.5 + level / 2))
    groups = list(trends.columns[:list(trends.columns).index("frame")])
    rng = make_rng(random_state)
    data = trends[trends["flag"] == "ok"] if only_ok else trends
    parts = []
    keys = groups + ["frame"]
    for key, part in data.groupby(keys, sort=False, observed=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        series = pd.Series(part[value].to_numpy(dtype=np.float64, na_value=np.nan),
                           index=pd.Index(part["period"].astype(str).to_numpy(), name="period"))
        found = change_points(series, scale=_series_scale(part, scale, z), random_state=rng, **kw)
        for col, val in reversed(list(zip(keys, key, strict=True))):
            found.insert(0, col, val)
        if len(found):
            parts.append(found)
    if not parts:
        return pd.DataFrame(columns=[*keys, *COLUMNS])
    out = pd.concat(parts, ignore_index=True)
    out.attrs = {"random_state": seed_of(random_state), "scale": scale, **{k: v for k, v in kw.items()}}
    return out


def _series_scale(part: pd.DataFrame, scale: Any, z: float) -> Any:
    """The ``scale`` argument of :func:`change_points` for one frame's series (see ``frame_change_points``)."""
    if scale == "robust":
        return None
    if scale != "ci":
        return scale
    if not {"ci_low", "ci_high"} <= set(part.columns):
        return None
    se = (part["ci_high"].to_numpy(dtype=np.float64, na_value=np.nan)
          - part["ci_low"].to_numpy(dtype=np.float64, na_value=np.nan)) / (2 * z)
    positive = se[np.isfinite(se) & (se > 0)]
    if not len(positive):
        return None
    return np.where(np.isfinite(se) & (se > 0), se, positive.min())
