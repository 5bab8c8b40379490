"""Agreement statistics for multilabel frame assignments: precision, recall, F1, Cohen's kappa,
confusion counts and percentile-bootstrap confidence intervals.

Every function takes two boolean *indicator matrices* of the same shape, ``y_true`` (the gold
labels) and ``y_pred`` (the predictions): one row per text unit, one column per label (frame).
A 1-D array is one label. Pure NumPy, no scikit-learn: the results are pinned in the tests
against :mod:`sklearn.metrics` on random data.

Definitions (per label; TP, FP, FN, TN are the cells of the 2x2 confusion table)::

    precision = TP / (TP + FP)         recall = TP / (TP + FN)
    F1        = 2 P R / (P + R) = 2 TP / (2 TP + FP + FN)

A ratio whose denominator is 0 is replaced by ``zero_division`` (0.0 by default), as in
scikit-learn's ``zero_division=0``: precision when nothing was predicted, recall when there is
nothing to find, F1 when both (the 2 TP + FP + FN form is used, so F1 is 0, not undefined, when
P = R = 0). *Macro* F1 is the unweighted mean of the per-label F1 values; *micro* scores pool
TP, FP and FN over the labels first (scikit-learn's ``average="macro"`` / ``"micro"``).

Examples
--------
>>> import numpy as np
>>> gold = np.array([[1, 0], [1, 1], [0, 0], [0, 1]], dtype=bool)
>>> pred = np.array([[1, 0], [0, 1], [1, 0], [0, 1]], dtype=bool)
>>> scores(gold, pred, labels=["military", "media"])[["precision", "recall", "f1", "kappa"]]
          precision  recall   f1  kappa
label
military        0.5     0.5  0.5    0.0
media           1.0     1.0  1.0    1.0
>>> averages(gold, pred)
{'macro_precision': 0.75, 'macro_recall': 0.75, 'macro_f1': 0.75, 'micro_precision': 0.75, 'micro_recall': 0.75, 'micro_f1': 0.75}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "BootstrapCI",
    "averages",
    "bootstrap_f1",
    "check_bootstrap_options",
    "cohen_kappa",
    "confusion_counts",
    "f1_from_counts",
    "precision_recall_f1",
    "scores",
    "scores_with_intervals",
]

_ZERO_DIVISION = (0.0, 1.0)
# bootstrap replicates are processed in blocks of about this many (replicate x unit) cells
_BLOCK_CELLS = 4_000_000


def _indicator(y: Any, name: str) -> np.ndarray:
    """``y`` as a 2-D boolean array; 1-D input is one column."""
    arr = np.asarray(y.to_numpy() if isinstance(y, (pd.DataFrame, pd.Series)) else y)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 1-D or 2-D indicator array (units x labels), got {arr.ndim} dimensions")
    if arr.dtype != bool:
        if arr.size and not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must hold only 0/1 or True/False (one column per label); "
                             f"found other values such as {arr[~np.isin(arr, (0, 1))].flat[0]!r}")
        arr = arr.astype(bool)
    return arr


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    t, p = _indicator(y_true, "y_true"), _indicator(y_pred, "y_pred")
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred must have the same shape (units x labels); got {t.shape} and {p.shape}")
    return t, p


def _check_zero_division(zero_division: float) -> float:
    if zero_division not in _ZERO_DIVISION:
        raise ValueError(f"zero_division={zero_division!r} is invalid; must be 0.0 or 1.0 (the value a "
                         "ratio with a zero denominator takes, as in scikit-learn)")
    return float(zero_division)


def _ratio(num: np.ndarray, den: np.ndarray, zero_division: float) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.full(np.broadcast(num, den).shape, zero_division, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return out


def confusion_counts(y_true: Any, y_pred: Any) -> np.ndarray:
    """The 2x2 confusion table of each label, as an array of shape (n_labels, 4): TP, FP, FN, TN.

    Parameters
    ----------
    y_true, y_pred : array-like of bool or 0/1, shape (n_units, n_labels) or (n_units,)
        Gold and predicted indicator matrices.

    Returns
    -------
    numpy.ndarray of int64, shape (n_labels, 4)
        Columns TP (gold and predicted), FP (predicted only), FN (gold only), TN (neither).

    Examples
    --------
    >>> confusion_counts([1, 1, 0, 0, 0], [1, 0, 1, 0, 0])
    array([[1, 1, 1, 2]])
    """
    t, p = _pair(y_true, y_pred)
    tp = (t & p).sum(axis=0)
    fp = (~t & p).sum(axis=0)
    fn = (t & ~p).sum(axis=0)
    tn = (~t & ~p).sum(axis=0)
    return np.stack([tp, fp, fn, tn], axis=1).astype(np.int64)


def f1_from_counts(tp: Any, fp: Any, fn: Any, *, zero_division: float = 0.0) -> np.ndarray:
    """F1 = 2 TP / (2 TP + FP + FN) from counts (any broadcastable shapes), ``zero_division`` when 0/0.

    This equals 2PR / (P + R) whenever that is defined, and is 0 when P = R = 0 with TP = 0.

    >>> f1_from_counts([2, 0, 0], [1, 3, 0], [1, 2, 0])
    array([0.66666667, 0.        , 0.        ])
    """
    zero_division = _check_zero_division(zero_division)
    tp = np.asarray(tp, dtype=float)
    return _ratio(2 * tp, 2 * tp + np.asarray(fp) + np.asarray(fn), zero_division)


def precision_recall_f1(y_true: Any, y_pred: Any, *, zero_division: float = 0.0
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-label precision, recall, F1 and support (number of gold positives).

    The same numbers as ``sklearn.metrics.precision_recall_fscore_support(y_true, y_pred,
    average=None, zero_division=zero_division)`` on an indicator matrix.

    Parameters
    ----------
    y_true, y_pred : array-like of bool or 0/1, shape (n_units, n_labels) or (n_units,)
    zero_division : {0.0, 1.0}
        Value of a ratio whose denominator is 0 (see the module docstring).

    Returns
    -------
    precision, recall, f1 : numpy.ndarray of float, shape (n_labels,)
    support : numpy.ndarray of int64, shape (n_labels,)

    Examples
    --------
    >>> p, r, f, s = precision_recall_f1([[1, 0], [1, 0], [0, 0]], [[1, 1], [0, 0], [0, 0]])
    >>> p.tolist(), r.tolist(), f.round(3).tolist(), s.tolist()
    ([1.0, 0.0], [0.5, 0.0], [0.667, 0.0], [2, 0])
    """
    zero_division = _check_zero_division(zero_division)
    tp, fp, fn, _ = confusion_counts(y_true, y_pred).T
    precision = _ratio(tp, tp + fp, zero_division)
    recall = _ratio(tp, tp + fn, zero_division)
    return precision, recall, f1_from_counts(tp, fp, fn, zero_division=zero_division), tp + fn


def cohen_kappa(y_true: Any, y_pred: Any) -> np.ndarray:
    """Cohen's kappa of each label, treating gold and prediction as two raters of a yes/no code.

    kappa = (p_o - p_e) / (1 - p_e), with p_o the observed agreement (TP + TN) / n and p_e the
    agreement expected by chance from the two raters' marginal rates,
    p_e = [(TP + FP)(TP + FN) + (FN + TN)(FP + TN)] / n^2 (Cohen 1960). Computed exactly from
    integer counts. Kappa is undefined (NaN) when p_e = 1, i.e. when both raters gave every unit
    the same single code, and when there are no units; scikit-learn's ``cohen_kappa_score``
    returns NaN there as well.

    Parameters
    ----------
    y_true, y_pred : array-like of bool or 0/1, shape (n_units, n_labels) or (n_units,)

    Returns
    -------
    numpy.ndarray of float, shape (n_labels,)

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement*, 20(1), 37-46.

    Examples
    --------
    >>> cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]).tolist()
    [0.5]
    >>> cohen_kappa([0, 0, 0], [0, 0, 0]).tolist()
    [nan]
    """
    tp, fp, fn, tn = confusion_counts(y_true, y_pred).T.astype(object)  # exact integers
    n = tp + fp + fn + tn
    chance = (tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)  # = p_e * n^2
    num = n * (tp + tn) - chance
    den = n * n - chance
    return np.array([float(a) / float(b) if b else np.nan for a, b in zip(num, den, strict=True)], dtype=float)


def averages(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> dict[str, float]:
    """Macro and micro averages of precision, recall and F1 over the labels.

    Macro: the unweighted mean of the per-label values (``average="macro"`` in scikit-learn:
    macro F1 is the mean of the per-label F1, not the F1 of the mean P and R). Micro: P, R and F1
    of TP, FP and FN summed over labels. With no labels every value is NaN.

    Returns
    -------
    dict
        ``macro_precision``, ``macro_recall``, ``macro_f1``, ``micro_precision``,
        ``micro_recall``, ``micro_f1`` (floats).

    Examples
    --------
    >>> averages([[1, 0], [0, 1]], [[1, 1], [0, 1]])["micro_precision"]
    0.6666666666666666
    """
    precision, recall, f1, _ = precision_recall_f1(y_true, y_pred, zero_division=zero_division)
    out = {"macro_precision": np.nan, "macro_recall": np.nan, "macro_f1": np.nan,
           "micro_precision": np.nan, "micro_recall": np.nan, "micro_f1": np.nan}
    if f1.size == 0:
        return out
    tp, fp, fn, _ = confusion_counts(y_true, y_pred).sum(axis=0)
    out.update(
        macro_precision=float(precision.mean()), macro_recall=float(recall.mean()), macro_f1=float(f1.mean()),
        micro_precision=float(_ratio(tp, tp + fp, zero_division)),
        micro_recall=float(_ratio(tp, tp + fn, zero_division)),
        micro_f1=float(f1_from_counts(tp, fp, fn, zero_division=zero_division)),
    )
    return out


def scores(y_true: Any, y_pred: Any, *, labels: Sequence[str] | None = None,
           zero_division: float = 0.0) -> pd.DataFrame:
    """One row per label: precision, recall, f1, kappa, support, tp, fp, fn, tn.

    Parameters
    ----------
    y_true, y_pred : array-like of bool or 0/1, shape (n_units, n_labels) or (n_units,)
        DataFrames give their column names as labels.
    labels : sequence of str, optional
        Names of the columns (default: the DataFrame columns, else 0, 1, ...).
    zero_division : {0.0, 1.0}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``label``.

    Examples
    --------
    >>> scores([1, 0, 1], [1, 1, 1], labels=["financial"])[["tp", "fp", "fn", "tn", "support"]]
               tp  fp  fn  tn  support
    label
    financial   2   1   0   0        2
    """
    t, p = _pair(y_true, y_pred)
    if labels is None:
        labels = list(y_true.columns) if isinstance(y_true, pd.DataFrame) else list(range(t.shape[1]))
    if len(labels) != t.shape[1]:
        raise ValueError(f"{len(labels)} labels given for {t.shape[1]} columns")
    precision, recall, f1, support = precision_recall_f1(t, p, zero_division=zero_division)
    counts = confusion_counts(t, p)
    return pd.DataFrame(
        {"precision": precision, "recall": recall, "f1": f1, "kappa": cohen_kappa(t, p), "support": support,
         "tp": counts[:, 0], "fp": counts[:, 1], "fn": counts[:, 2], "tn": counts[:, 3]},
        index=pd.Index(labels, name="label"),
    )


def check_bootstrap_options(n_boot: Any, ci: Any) -> None:
    """Raise ValueError unless ``n_boot`` is an integer >= 1 and ``0 < ci < 1``.

    >>> check_bootstrap_options(1000, 0.95)
    >>> check_bootstrap_options(1000, 95)
    Traceback (most recent call last):
    ...
    ValueError: ci must be a confidence level strictly between 0 and 1 (such as 0.95), got 95
    """
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be an integer >= 1 (bootstrap replicates), got {n_boot!r}")
    if isinstance(ci, bool) or not (isinstance(ci, (int, float)) and 0 < ci < 1):
        raise ValueError(f"ci must be a confidence level strictly between 0 and 1 (such as 0.95), got {ci!r}")


@dataclass(frozen=True)
class BootstrapCI:
    """Percentile-bootstrap intervals for per-label F1, macro F1 and micro F1 (see :func:`bootstrap_f1`).

    Attributes
    ----------
    level : float
        Confidence level, e.g. 0.95.
    n_boot : int
        Number of bootstrap replicates.
    f1_low, f1_high : numpy.ndarray, shape (n_labels,)
        Interval of each label's F1.
    macro_f1_low, macro_f1_high, micro_f1_low, micro_f1_high : float
        Intervals of the averages.
    """

    level: float
    n_boot: int
    f1_low: np.ndarray
    f1_high: np.ndarray
    macro_f1_low: float
    macro_f1_high: float
    micro_f1_low: float
    micro_f1_high: float


def bootstrap_f1(y_true: Any, y_pred: Any, *, n_boot: int = 1000, ci: float = 0.95,
                 random_state: int | np.random.Generator | None = 0,
                 zero_division: float = 0.0) -> BootstrapCI:
    """Percentile-bootstrap confidence intervals for per-label F1, macro F1 and micro F1.

    Units (rows) are resampled with replacement ``n_boot`` times, keeping each unit's gold and
    predicted labels together; the statistic is recomputed on each replicate, and the interval
    is the ``(1 - ci) / 2`` and ``(1 + ci) / 2`` quantiles of the replicates (the percentile
    method, Efron & Tibshirani 1993, ch. 13). A replicate in which a label has no gold and no
    predicted positives gets F1 = ``zero_division`` for it. The intervals describe sampling
    variation of the units only (the gold labels are taken as fixed); with few positives they
    are wide, and the percentile interval need not be centred on the point estimate.

    Parameters
    ----------
    y_true, y_pred : array-like of bool or 0/1, shape (n_units, n_labels) or (n_units,)
    n_boot : int
        Number of replicates (>= 1; 1000 or more for reporting).
    ci : float
        Confidence level, strictly between 0 and 1.
    random_state : int, numpy.random.Generator or None
        Seed of the :func:`numpy.random.default_rng` generator (the same seed gives the same
        intervals); None draws fresh entropy.
    zero_division : {0.0, 1.0}

    Returns
    -------
    BootstrapCI
        All bounds are NaN when there are no units.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> gold = rng.random((200, 2)) < 0.3
    >>> pred = gold ^ (rng.random((200, 2)) < 0.1)
    >>> res = bootstrap_f1(gold, pred, n_boot=200, random_state=0)
    >>> bool(res.macro_f1_low < averages(gold, pred)["macro_f1"] < res.macro_f1_high)
    True
    >>> res.f1_low.round(2).tolist() == bootstrap_f1(gold, pred, n_boot=200).f1_low.round(2).tolist()
    True
    """
    zero_division = _check_zero_division(zero_division)
    check_bootstrap_options(n_boot, ci)
    t, p = _pair(y_true, y_pred)
    n, k = t.shape
    if n == 0 or k == 0:
        nan_k = np.full(k, np.nan)
        return BootstrapCI(float(ci), int(n_boot), nan_k, nan_k.copy(), np.nan, np.nan, np.nan, np.nan)
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    cells = np.stack([t & p, ~t & p, t & ~p], axis=0).astype(np.float64)  # TP, FP, FN indicators
    f1 = np.empty((n_boot, k))
    micro = np.empty(n_boot)
    block = max(1, _BLOCK_CELLS // n)
    for start in range(0, n_boot, block):
        size = min(block, n_boot - start)
        idx = rng.integers(0, n, size=(size, n))
        # multiplicity of each unit in each replicate, then the replicate's counts by matrix product
        weights = np.bincount((idx + n * np.arange(size)[:, None]).ravel(), minlength=size * n).reshape(size, n)
        tp, fp, fn = (weights @ c for c in cells)  # each (size, k)
        f1[start:start + size] = f1_from_counts(tp, fp, fn, zero_division=zero_division)
        micro[start:start + size] = f1_from_counts(tp.sum(1), fp.sum(1), fn.sum(1), zero_division=zero_division)
    q = [(1 - ci) / 2, (1 + ci) / 2]
    f1_q = np.quantile(f1, q, axis=0)
    macro_q = np.quantile(f1.mean(axis=1), q)
    micro_q = np.quantile(micro, q)
    return BootstrapCI(float(ci), int(n_boot), f1_q[0], f1_q[1], float(macro_q[0]), float(macro_q[1]),
                       float(micro_q[0]), float(micro_q[1]))


def scores_with_intervals(y_true: Any, y_pred: Any, *, labels: Sequence[str] | None = None, n_boot: int = 1000,
                          ci: float = 0.95, random_state: int | np.random.Generator | None = 0,
                          zero_division: float = 0.0) -> tuple[pd.DataFrame, dict[str, float]]:
    """:func:`scores` with bootstrap F1 intervals, and :func:`averages` with theirs.

    Returns
    -------
    table : pandas.DataFrame
        :func:`scores` plus ``f1_low`` and ``f1_high`` after ``f1``, indexed by ``label``.
    summary : dict
        ``n_units``, the six :func:`averages`, and ``macro_f1_low``, ``macro_f1_high``,
        ``micro_f1_low``, ``micro_f1_high`` (:func:`bootstrap_f1`).

    Examples
    --------
    >>> table, summary = scores_with_intervals([[1, 0], [0, 1], [1, 1]], [[1, 0], [0, 0], [1, 1]],
    ...                                        labels=["a", "b"], n_boot=50)
    >>> table.columns[:5].tolist(), summary["n_units"], summary["macro_f1"]
    (['precision', 'recall', 'f1', 'f1_low', 'f1_high'], 3, 0.8333333333333333)
    """
    t, p = _pair(y_true, y_pred)
    table = scores(t, p, labels=labels if labels is not None else
                   (list(y_true.columns) if isinstance(y_true, pd.DataFrame) else None), zero_division=zero_division)
    boot = bootstrap_f1(t, p, n_boot=n_boot, ci=ci, random_state=random_state, zero_division=zero_division)
    table.insert(table.columns.get_loc("f1") + 1, "f1_low", boot.f1_low)
    table.insert(table.columns.get_loc("f1") + 2, "f1_high", boot.f1_high)
    avg = averages(t, p, zero_division=zero_division)
    summary: dict[str, float] = {
        "n_units": len(t), "macro_precision": avg["macro_precision"], "macro_recall": avg["macro_recall"],
        "macro_f1": avg["macro_f1"], "macro_f1_low": boot.macro_f1_low, "macro_f1_high": boot.macro_f1_high,
        "micro_precision": avg["micro_precision"], "micro_recall": avg["micro_recall"],
        "micro_f1": avg["micro_f1"], "micro_f1_low": boot.micro_f1_low, "micro_f1_high": boot.micro_f1_high}
    return table, summary
