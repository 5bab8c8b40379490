"""Adjust p-values for testing many words at once: Bonferroni, Benjamini-Hochberg, Benjamini-Yekutieli.

A keyword list tests every word of a vocabulary, so thousands of p-values below 0.05 are
expected by chance alone. With ``m`` p-values (missing ones are not counted and stay missing):

* ``"bonferroni"``: ``p_adj = min(1, m p)``; controls the family-wise error rate (Dunn 1961).
* ``"bh"``: the step-up false discovery rate procedure of Benjamini & Hochberg (1995): with
  ``p_(1) <= ... <= p_(m)``, ``p_adj_(i) = min(1, min_{j >= i} m p_(j) / j)``; rejecting
  ``p_adj <= alpha`` controls the FDR at ``alpha`` for independent or positively dependent tests.
* ``"by"``: Benjamini & Yekutieli (2001), the same with ``m`` replaced by
  ``m sum_{k=1..m} 1/k``: controls the FDR under any dependence between the tests.
* ``"none"``: the p-values unchanged.

``"bh"`` and ``"by"`` are the adjusted p-values of :func:`scipy.stats.false_discovery_control`
(and of R's ``p.adjust``); the tests pin them to scipy.

References
----------
Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
powerful approach to multiple testing. *Journal of the Royal Statistical Society B*, 57(1),
289-300.
Benjamini, Y., & Yekutieli, D. (2001). The control of the false discovery rate in multiple
testing under dependency. *The Annals of Statistics*, 29(4), 1165-1188.
Dunn, O. J. (1961). Multiple comparisons among means. *Journal of the American Statistical
Association*, 56(293), 52-64.

Examples
--------
>>> adjust_p_values([0.01, 0.04, 0.03, 0.20], method="bh").round(4).tolist()
[0.04, 0.0533, 0.0533, 0.2]
>>> adjust_p_values([0.01, 0.04, float("nan")], method="bonferroni").tolist()
[0.02, 0.08, nan]
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from toolkit.errors import invalid_value_message

__all__ = ["ADJUSTMENTS", "adjust_p_values"]

Adjustment = Literal["none", "bonferroni", "bh", "by"]
ADJUSTMENTS: tuple[str, ...] = ("none", "bonferroni", "bh", "by")


def adjust_p_values(p_values: Any, *, method: Adjustment = "bh") -> np.ndarray:
    """Adjusted p-values for multiple testing (see the module notes for the formulas).

    Parameters
    ----------
    p_values : array-like of float
        P-values in [0, 1]; NaN marks a missing one (left NaN, not counted in ``m``).
    method : {"bh", "by", "bonferroni", "none"}
        Benjamini-Hochberg, Benjamini-Yekutieli, Bonferroni, or no adjustment.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, same shape and order as the input.

    Raises
    ------
    ValueError
        For an unknown method or a p-value outside [0, 1].

    Examples
    --------
    >>> adjust_p_values([0.001, 0.02, 0.5], method="bonferroni").tolist()
    [0.003, 0.06, 1.0]
    """
    if method not in ADJUSTMENTS:
        raise ValueError(invalid_value_message("adjust", method, ADJUSTMENTS))
    p = np.asarray(p_values, dtype=np.float64)
    present = ~np.isnan(p)
    if ((p[present] < 0) | (p[present] > 1)).any():
        raise ValueError("p-values must lie in [0, 1] (NaN for a missing one)")
    out = p.copy()
    if method == "none" or not present.any():
        return out
    values = p[present]
    m = values.size
    if method == "bonferroni":
        out[present] = np.minimum(values * m, 1.0)
        return out
    scale = m * (np.sum(1.0 / np.arange(1, m + 1)) if method == "by" else 1.0)
    order = np.argsort(values, kind="stable")
    ranked = values[order] * scale / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]   # step-up: min over j >= i
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(ranked, 1.0)
    out[present] = adjusted
    return out
