"""B-spline bases (as R's ``splines::bs``) and ordinary least squares, for :func:`~toolkit.topics.effect.estimate_effect`.

>>> import numpy as np
>>> knots, bounds = bs_knots(np.linspace(0, 1, 11), df=4)
>>> basis = bspline_basis(np.linspace(0, 1, 11), knots=knots, boundary_knots=bounds, intercept=True)
>>> np.allclose(basis.sum(axis=1), 1.0)   # with the intercept column, a partition of unity
True
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import linalg
from scipy.interpolate import BSpline

__all__ = ["QR", "OLSFit", "bs_knots", "bspline_basis", "check_int", "ols"]


def check_int(name: str, value: Any, minimum: int) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


# ---------------------------------------------------------------------- B-splines
def bs_knots(x: Any, *, df: int, degree: int = 3, intercept: bool = False) -> tuple[np.ndarray, tuple[float, float]]:
    """Knots of R's ``splines::bs(x, df, degree, intercept)``: interior knots at quantiles of ``x``.

    ``df - degree - intercept`` interior knots are placed at the quantiles ``j / (n_knots + 1)``,
    ``j = 1..n_knots``, of ``x`` (all values, not the distinct ones; R's default quantile
    definition, type 7, which is numpy's "linear"); the boundary knots are ``min(x)`` and
    ``max(x)``.

    Parameters
    ----------
    x : array-like of float
        The values (e.g. the dates of all documents, as decimal years).
    df : int
        Number of basis columns wanted (without the intercept column unless ``intercept``).
    degree : int, default 3
        Polynomial degree (3: cubic).
    intercept : bool, default False
        Whether the basis will keep its first column (R's ``intercept=TRUE``).

    Returns
    -------
    interior : ndarray
        Interior knots, sorted.
    boundary : tuple of float
        ``(min(x), max(x))``.

    Examples
    --------
    >>> bs_knots([2000, 2001, 2002, 2003, 2004, 2005, 2006], df=5)
    (array([2002., 2004.]), (2000.0, 2006.0))
    """
    values = np.asarray(x, dtype=float).ravel()
    if not values.size or not np.all(np.isfinite(values)):
        raise ValueError("x must be a non-empty array of finite numbers")
    degree = check_int("degree", degree, 0)
    df = check_int("df", df, 1)
    n_interior = df - degree - int(bool(intercept))
    if n_interior < 0:
        raise ValueError(f"df={df} is too small for a spline of degree {degree}; use df >= "
                         f"{degree + int(bool(intercept))} or a lower degree")
    probs = np.linspace(0.0, 1.0, n_interior + 2)[1:-1]
    interior = np.quantile(values, probs) if n_interior else np.empty(0)
    return interior, (float(values.min()), float(values.max()))


def bspline_basis(x: Any, *, knots: Any, boundary_knots: tuple[float, float], degree: int = 3,
                  intercept: bool = False) -> np.ndarray:
    """B-spline basis matrix, as R's ``splines::bs(x, knots=, Boundary.knots=, degree=)``.

    The knot vector is the boundary knots repeated ``degree + 1`` times around the interior
    knots; the ``len(knots) + degree + 1`` basis functions (de Boor 1978) are evaluated with
    :class:`scipy.interpolate.BSpline`. They are non-negative and sum to 1 at every ``x`` (a
    partition of unity), so the first column is dropped unless ``intercept`` (it is implied by
    the regression's own intercept), as R's ``bs`` does.

    Parameters
    ----------
    x : array-like of float
        Points, inside ``boundary_knots`` (no extrapolation).
    knots : array-like of float
        Interior knots (see :func:`bs_knots`).
    boundary_knots : (float, float)
        Lower and upper boundary.
    degree : int, default 3
    intercept : bool, default False

    Returns
    -------
    ndarray, shape (len(x), len(knots) + degree + intercept)

    Raises
    ------
    ValueError
        If a point lies outside the boundary knots, or the knots are not inside them.

    Examples
    --------
    Without interior knots a cubic basis is the Bernstein polynomials ``3t(1-t)^2, 3t^2(1-t), t^3``:

    >>> bspline_basis([0.0, 0.5, 1.0], knots=[], boundary_knots=(0.0, 1.0))
    array([[0.   , 0.   , 0.   ],
           [0.375, 0.375, 0.125],
           [0.   , 0.   , 1.   ]])
    """
    xs = np.asarray(x, dtype=float).ravel()
    inner = np.sort(np.asarray(knots, dtype=float).ravel())
    degree = check_int("degree", degree, 0)
    lo, hi = (float(b) for b in boundary_knots)
    if not lo < hi:
        raise ValueError(f"boundary_knots must be increasing, got {boundary_knots!r}")
    if inner.size and (inner[0] < lo or inner[-1] > hi):
        raise ValueError(f"interior knots {inner.tolist()} must lie within the boundary knots ({lo}, {hi})")
    if not np.all(np.isfinite(xs)) or (xs.size and (xs.min() < lo or xs.max() > hi)):
        raise ValueError(f"points must lie within the boundary knots [{lo}, {hi}]; got values from "
                         f"{np.nanmin(xs)} to {np.nanmax(xs)} (the spline is not extrapolated)")
    t = np.concatenate([np.full(degree + 1, lo), inner, np.full(degree + 1, hi)])
    n_basis = len(t) - degree - 1
    basis = BSpline(t, np.eye(n_basis), degree, extrapolate=True)(xs)
    basis = np.clip(basis, 0.0, None)  # round-off below zero near the knots
    return basis if intercept else basis[:, 1:]


# ---------------------------------------------------------------------- OLS
@dataclass(frozen=True)
class OLSFit:
    """An ordinary least squares fit of several outcomes on one design (stm's ``qr.lm``).

    Attributes
    ----------
    coef : ndarray, shape (p, n_outcomes)
        ``b = (X'X)^-1 X'y`` for each outcome column.
    sigma2 : ndarray, shape (n_outcomes,)
        Residual variance ``||y - Xb||^2 / df_resid``.
    xtx_inv : ndarray, shape (p, p)
        ``(X'X)^-1`` (``(X'X + ridge I)^-1`` with a ridge).
    df_resid : int
        ``n - p`` (with a ridge: ``n``, as stm, whose ridge adds ``p`` pseudo-observations).
    ridge : float
        The penalty added (0 for none).
    """

    coef: np.ndarray
    sigma2: np.ndarray
    xtx_inv: np.ndarray
    df_resid: int
    ridge: float

    @property
    def vcov(self) -> np.ndarray:
        """Covariance matrices of the coefficients, shape (n_outcomes, p, p): ``sigma2_k (X'X)^-1``."""
        return self.sigma2[:, None, None] * self.xtx_inv[None, :, :]


class QR:
    """A QR factorisation of the (possibly ridge-augmented) design, reused for many outcomes."""

    def __init__(self, X: np.ndarray, ridge: float):
        n, p = X.shape
        self.n, self.p, self.ridge = n, p, ridge
        Xa = np.vstack([X, np.sqrt(ridge) * np.eye(p)]) if ridge else X
        self.q, self.r = np.linalg.qr(Xa)
        self.r_inv = linalg.solve_triangular(self.r, np.eye(p))
        self.df_resid = Xa.shape[0] - p
        if self.df_resid <= 0:
            raise ValueError(f"{n} documents for {p} design columns: OLS needs more documents than columns")

    def fit(self, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        Ya = np.vstack([Y, np.zeros((self.p, Y.shape[1]))]) if self.ridge else Y
        qty = self.q.T @ Ya
        coef = self.r_inv @ qty
        # RSS = ||y||^2 - ||Q'y||^2 (Q has orthonormal columns): 10x faster than forming the n x k
        # residuals; precision is lost only for a near-perfect fit (R^2 -> 1), not met with proportions
        rss = np.maximum(np.einsum("ij,ij->j", Ya, Ya) - np.einsum("ij,ij->j", qty, qty), 0.0)
        return coef, rss / self.df_resid


def ols(X: Any, y: Any, *, ridge: float = 0.0) -> OLSFit:
    """Least squares of each column of ``y`` on ``X``, with the covariance stm's ``summary.qr.lm`` gives.

    ``b = (X'X)^-1 X'y`` by a QR decomposition of ``X``; ``sigma2 = RSS / (n - p)``;
    ``vcov = sigma2 (X'X)^-1``. With ``ridge > 0``, ``sqrt(ridge) I`` is appended to ``X`` and
    zeros to ``y`` (stm's prior pseudo-observations), which adds ``ridge`` to the diagonal of
    ``X'X``.

    Parameters
    ----------
    X : array-like, shape (n, p)
        Design matrix, including the intercept column.
    y : array-like, shape (n,) or (n, k)
        Outcome(s).
    ridge : float, default 0.0
        Ridge penalty.

    Returns
    -------
    OLSFit

    Examples
    --------
    >>> fit = ols([[1, 0], [1, 1], [1, 2]], [1.0, 2.0, 4.0])
    >>> fit.coef.ravel().round(3), fit.sigma2.round(3)
    (array([0.833, 1.5  ]), array([0.167]))
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(y, dtype=float)
    Y = Y[:, None] if Y.ndim == 1 else Y
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"X must be (n, p) and y (n,) or (n, k) with the same n; got {X.shape} and {Y.shape}")
    if not (isinstance(ridge, numbers.Real) and ridge >= 0):
        raise ValueError(f"ridge must be a number >= 0, got {ridge!r}")
    qr = QR(X, float(ridge))
    coef, sigma2 = qr.fit(Y)
    return OLSFit(coef=coef, sigma2=sigma2, xtx_inv=qr.r_inv @ qr.r_inv.T, df_resid=qr.df_resid,
                  ridge=float(ridge))
