"""Vectorised cluster-bootstrap machinery shared by :mod:`~toolkit.compare.trend` and
:mod:`~toolkit.compare.difference` (private: the public functions document the statistics).

Every estimator here is a *ratio of totals*, ``theta = sum(y) / sum(x)``: a mean or a share
(``x = 1`` per unit) or a rate (``x`` = exposure). With clusters ``g = 1..G`` and cluster totals
``Y_g = sum of y in g``, ``X_g = sum of x in g``, a cluster-bootstrap replicate draws ``G``
clusters with replacement; if cluster ``g`` is drawn ``W_g`` times (``W ~ Multinomial(G, 1/G)``)
the replicate is ``theta* = sum_g W_g Y_g / sum_g W_g X_g``. All replicates of one stratum are
drawn at once as a (replicates x clusters) count matrix, built with ``np.bincount`` from uniform
draws, and multiplied by the cluster totals.

>>> import numpy as np
>>> S, E = np.array([[0.0], [4.0]]), np.array([4.0, 4.0])
>>> boot = resample_ratio(S, E, 2000, np.random.default_rng(0))
>>> boot.shape, float(boot.min()), float(boot.max())
((2000, 1), 0.0, 1.0)
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from toolkit.errors import invalid_value_message

#: bootstrap count matrices are built in blocks of about this many (replicate x cluster) cells
BLOCK_CELLS = 2_000_000
INTERVAL_METHODS: tuple[str, ...] = ("percentile", "basic", "normal")


def single_threaded_blas() -> threadpool_limits:
    """Context limiting BLAS to one thread: the (replicates x clusters) @ (clusters x few) products
    are too thin to gain from threads, and on a busy machine threaded BLAS makes them ~40x slower.
    threadpoolctl (a scikit-learn dependency) restores the previous limits on exit."""
    return threadpool_limits(limits=1, user_api="blas")


def make_rng(random_state: Any) -> np.random.Generator:
    """A numpy Generator from ``None``, an int seed, a SeedSequence or a Generator (used as is)."""
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or isinstance(random_state, np.random.SeedSequence) or (
            isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool)):
        return np.random.default_rng(random_state)
    raise TypeError(f"random_state must be None, an int seed or a numpy Generator, got {type(random_state).__name__}")


def seed_of(random_state: Any) -> int | None:
    """The seed to record in provenance (``None`` when not an int)."""
    return int(random_state) if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool) \
        else None


def check_ci(ci: Any) -> float:
    if isinstance(ci, bool) or not isinstance(ci, (int, float, np.floating)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1 (such as 0.95), got {ci!r}")
    return float(ci)


def check_count(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_method(method: Any) -> str:
    if method not in INTERVAL_METHODS:
        raise ValueError(invalid_value_message("method", method, INTERVAL_METHODS))
    return str(method)


def cluster_totals(num: np.ndarray, den: np.ndarray, stratum: np.ndarray, cluster: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Totals per (stratum, cluster) cell, sorted by stratum then cluster.

    Parameters: ``num`` (n, k), ``den`` (n,), integer ``stratum`` and ``cluster`` codes (n,), all
    valid (>= 0). Returns ``(stratum_of_cell, cluster_of_cell, Y (cells, k), X (cells,),
    units (cells,))``.
    """
    n_cl = int(cluster.max()) + 1 if len(cluster) else 1
    key = stratum.astype(np.int64) * n_cl + cluster.astype(np.int64)
    cells, inv = np.unique(key, return_inverse=True)
    m = len(cells)
    Y = np.empty((m, num.shape[1]), dtype=np.float64)
    for j in range(num.shape[1]):
        Y[:, j] = np.bincount(inv, weights=num[:, j], minlength=m)
    X = np.bincount(inv, weights=den, minlength=m)
    units = np.bincount(inv, minlength=m)
    return cells // n_cl, cells % n_cl, Y, X, units


def ratio(num: np.ndarray, den: np.ndarray | float) -> np.ndarray:
    """``num / den`` with NaN where ``den == 0`` (no warning)."""
    num = np.asarray(num, dtype=np.float64)
    den = np.broadcast_to(np.asarray(den, dtype=np.float64), num.shape if num.ndim else ())
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def patterns_of(T: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Distinct rows of ``T`` and their counts, when there are at most 1/8 as many as rows; else None."""
    G = len(T)
    if G < 16 or any(len(np.unique(T[:, j])) * 8 > G for j in range(T.shape[1])):  # cheap pre-check
        return None
    patterns, counts = np.unique(T, axis=0, return_counts=True)
    return (patterns, counts) if len(patterns) * 8 <= G else None


def resample_ratio(Y: np.ndarray, X: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` cluster-bootstrap replicates of ``sum(Y) / sum(X)``, shape (n_boot, k).

    ``Y`` (G, k) and ``X`` (G,) are cluster totals; each replicate draws G clusters uniformly
    with replacement. NaN where a replicate's denominator is 0.
    """
    G, k = Y.shape
    T = np.column_stack([Y, X])
    # Clusters with identical totals are interchangeable: drawing G of them uniformly is drawing
    # Multinomial(G, c_u / G) counts over the U distinct total patterns (exact, and far cheaper
    # when U << G, e.g. 0/1 values of single units: at most 2^k patterns).
    grouped = patterns_of(T)
    compress = grouped is not None
    if grouped is not None:
        patterns, counts = grouped
    totals = np.empty((n_boot, k + 1), dtype=np.float64)
    block = max(1, BLOCK_CELLS // max(G, 1))
    for lo in range(0, n_boot, block):
        b = min(block, n_boot - lo)
        if compress:
            W = rng.multinomial(G, counts / G, size=b).astype(np.float64)
            totals[lo:lo + b] = W @ patterns
            continue
        draws = rng.integers(0, G, size=(b, G))
        if G < 256:
            draws += (np.arange(b, dtype=np.int64) * G)[:, None]
            W = np.bincount(draws.ravel(), minlength=b * G).reshape(b, G).astype(np.float64)
        else:  # one bincount per replicate avoids a (b x G) offset array: faster for many clusters
            W = np.empty((b, G), dtype=np.float64)
            for i in range(b):
                W[i] = np.bincount(draws[i], minlength=G)
        totals[lo:lo + b] = W @ T
    return ratio(totals[:, :k], totals[:, k:])


def interval(boot: np.ndarray, estimate: np.ndarray, ci: float, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap interval of each column of ``boot`` (replicates x k); NaN replicates are ignored.

    * ``percentile``: ``[q(a/2), q(1 - a/2)]`` of the replicates (Efron & Tibshirani 1993, ch. 13);
    * ``basic``: ``[2 theta - q(1 - a/2), 2 theta - q(a/2)]`` (Davison & Hinkley 1997, eq. 5.6);
    * ``normal``: ``theta -/+ z(1 - a/2) * sd*`` with ``sd*`` the replicates' standard deviation.

    Quantiles are numpy's default (linear interpolation, Hyndman & Fan type 7).
    """
    alpha = 1.0 - ci
    k = boot.shape[1]
    if method == "percentile" and len(boot) and not np.isnan(boot).any() and np.isfinite(estimate).all():
        low, high = np.quantile(boot, [alpha / 2, 1 - alpha / 2], axis=0)  # common case, all columns at once
        return low, high
    low, high = np.full(k, np.nan), np.full(k, np.nan)
    for j in range(k):
        col = boot[:, j]
        col = col[~np.isnan(col)]
        if not len(col) or not math.isfinite(estimate[j]):
            continue
        if method == "normal":
            half = NormalDist().inv_cdf(1 - alpha / 2) * (float(np.std(col, ddof=1)) if len(col) > 1 else 0.0)
            low[j], high[j] = estimate[j] - half, estimate[j] + half
            continue
        q_lo, q_hi = np.quantile(col, [alpha / 2, 1 - alpha / 2])
        if method == "percentile":
            low[j], high[j] = q_lo, q_hi
        else:
            low[j], high[j] = 2 * estimate[j] - q_hi, 2 * estimate[j] - q_lo
    return low, high
