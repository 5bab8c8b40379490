"""Compare two groups of units (two periods, two sources, two languages): difference with an interval and a test.

For groups ``A`` and ``B`` the estimates are ratios of totals, as in :func:`toolkit.compare.trend`
(share or mean: ``sum(y) / n``; rate: ``per * sum(y) / sum(exposure)``), and the difference is
``D = theta_B - theta_A``.

* **Interval**: always a stratified cluster bootstrap (Davison & Hinkley 1997, 3.8): the clusters
  of ``A`` and of ``B`` are resampled with replacement, separately, ``n_resamples`` times;
  ``[q(a/2), q(1 - a/2)]`` of the replicates ``D*`` (percentile interval, Efron & Tibshirani
  1993, ch. 13).
* **p-value**, two-sided, for ``H0: theta_A = theta_B``:

  - ``test="permutation"``: the group labels are shuffled among the *clusters* (so clusters must
    lie wholly in one group), keeping the number of clusters of each group; with ``k`` the number
    of ``n`` random permutations whose ``|D*| >= |D|``, ``p = (k + 1) / (n + 1)``, which never
    under-states the exact permutation p-value (Phipson & Smyth 2010). Under H0 the clusters are
    exchangeable between groups; the test is exact for that hypothesis.
  - ``test="bootstrap"``: from the bootstrap replicates centred on the estimate,
    ``p = (1 + #{|D* - D| >= |D|}) / (n + 1)`` (Hall & Wilson 1991; Davison & Hinkley 1997, 4.4).

References
----------
Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*. Cambridge
University Press.
Hall, P., & Wilson, S. R. (1991). Two guidelines for bootstrap hypothesis testing. *Biometrics*,
47(2), 757-762.
Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero: calculating exact
p-values when permutations are randomly drawn. *Statistical Applications in Genetics and
Molecular Biology*, 9(1), Article 39.

Examples
--------
>>> r = compare_groups([0, 0, 1, 0, 1, 1, 1, 1], ["x"] * 4 + ["y"] * 4, a="x", b="y", n_resamples=999,
...                    random_state=0)
>>> r[["estimate_a", "estimate_b", "difference", "n_a", "n_b"]].tolist()
[0.25, 1.0, 0.75, 4, 4]
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.compare._bootstrap import (
    BLOCK_CELLS,
    check_ci,
    check_count,
    cluster_totals,
    interval,
    make_rng,
    patterns_of,
    ratio,
    resample_ratio,
    seed_of,
    single_threaded_blas,
)
from toolkit.compare.periods import as_dates
from toolkit.compare.trend import _exposure, _labels, _measure_columns, _vector
from toolkit.errors import invalid_value_message

__all__ = ["compare_groups", "compare_periods"]

logger = logging.getLogger(__name__)

Test = Literal["permutation", "bootstrap"]
TESTS: tuple[str, ...] = ("permutation", "bootstrap")
STATS: tuple[str, ...] = ("share", "mean", "rate")
MEASURES: tuple[str, ...] = ("share", "rate", "score")
FIELDS: tuple[str, ...] = ("estimate_a", "estimate_b", "difference", "ci_low", "ci_high", "p_value", "n_a", "n_b",
                           "test", "stat", "a", "b", "n_clusters_a", "n_clusters_b", "ci", "n_resamples")
_COMPARE_OPTIONS = ("test", "n_resamples", "ci", "random_state", "per")
_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
# relative tolerance under which a resampled |D*| counts as equal to the observed |D|
_TIE = 1e-12


def _permutation_p(Y: np.ndarray, X: np.ndarray, in_b: np.ndarray, observed: float, n: int,
                   rng: np.random.Generator) -> float:
    """Two-sided permutation p-value: shuffle group labels among the clusters (rows of Y, X).

    A random relabelling puts a uniformly random subset of ``G_b`` clusters in group b. When many
    clusters have identical totals (e.g. 0/1 values of single units), the numbers of each distinct
    total drawn into b are multivariate hypergeometric, which is drawn directly (same distribution,
    far fewer random numbers).
    """
    G, n_b = len(X), int(in_b.sum())
    total_y, total_x = float(Y.sum()), float(X.sum())
    threshold = abs(observed) - _TIE * max(1.0, abs(observed))
    grouped = patterns_of(np.column_stack([Y, X]))
    labels = in_b.astype(np.float64)
    extreme = 0
    block = max(1, BLOCK_CELLS // max(G if grouped is None else len(grouped[1]), 1))
    for lo in range(0, n, block):
        b = min(block, n - lo)
        if grouped is None:
            Z = rng.permuted(np.broadcast_to(labels, (b, G)), axis=1)
            yb, xb = Z @ Y, Z @ X
        else:
            patterns, counts = grouped
            Z = rng.multivariate_hypergeometric(counts, n_b, size=b).astype(np.float64)
            yb, xb = Z @ patterns[:, 0], Z @ patterns[:, 1]
        d = ratio(yb, xb) - ratio(total_y - yb, total_x - xb)
        extreme += int(np.count_nonzero(~(np.abs(d) < threshold)))  # NaN (undefined) counts as extreme
    return (extreme + 1) / (n + 1)


def compare_groups(values: Any, groups: Any, *, a: Any, b: Any, stat: Literal["share", "mean", "rate"] = "share",
                   exposure: Any = None, cluster: Any = None, test: Test = "permutation", n_resamples: int = 2000,
                   ci: float = 0.95, random_state: Any = None, per: float = 1000) -> pd.Series:
    """Difference ``theta_b - theta_a`` between two groups of units, with a cluster-bootstrap interval and a p-value.

    Parameters
    ----------
    values : Series or array-like of numbers (or bools)
        One value per unit (NaN values are dropped and logged).
    groups : Series or array-like
        Group label of each unit; units in neither ``a`` nor ``b`` are ignored.
    a, b : label
        The two groups; the difference is ``b - a`` (``a`` is the reference, e.g. "before").
    stat : {"share", "mean", "rate"}
        As in :func:`toolkit.compare.trend`: share (0/1 values), mean, or
        ``per * sum(values) / sum(exposure)``.
    exposure : Series or array-like, optional
        Denominator per unit for ``stat="rate"``.
    cluster : Series or array-like of labels, optional
        Units resampled (and permuted) together, e.g. ``doc_id`` for paragraphs. Default: every
        unit alone. The permutation test needs every cluster inside one group.
    test : {"permutation", "bootstrap"}
        Where the p-value comes from (see the module notes); the interval is always bootstrap.
    n_resamples : int
        Bootstrap replicates for the interval, and permutations for the permutation test.
    ci : float
        Confidence level of the interval.
    random_state : int, numpy Generator or None
        Seed; deterministic for an int.
    per : float
        Rate multiplier (``stat="rate"``).

    Returns
    -------
    pandas.Series
        ``estimate_a``, ``estimate_b``, ``difference`` (b - a), ``ci_low``, ``ci_high``,
        ``p_value``, ``n_a``, ``n_b`` (units), ``test``, ``stat``, then ``a``, ``b``,
        ``n_clusters_a``, ``n_clusters_b``, ``ci``, ``n_resamples``. Named ``"<b> - <a>"``.

    Raises
    ------
    ValueError
        For bad options, a group without units, non-0/1 values for a share, or (permutation
        test) a cluster with units in both groups.

    References
    ----------
    Davison & Hinkley (1997), sections 3.8 and 4.4; Efron & Tibshirani (1993), ch. 13 and 15;
    Phipson & Smyth (2010); Hall & Wilson (1991). Full entries in the module notes.

    Examples
    --------
    Paragraphs (values) of six documents; documents, not paragraphs, are resampled and permuted:

    >>> import pandas as pd
    >>> df = pd.DataFrame({"doc": list("aabbccddeeff"), "period": ["before"] * 6 + ["after"] * 6,
    ...                    "military": [0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1]})
    >>> r = compare_groups(df["military"], df["period"], a="before", b="after", cluster=df["doc"],
    ...                    n_resamples=1000, random_state=1)
    >>> round(r["estimate_a"], 3), round(r["difference"], 3), r["n_clusters_a"], r["test"]
    (0.167, 0.667, 3, 'permutation')
    >>> float(r["p_value"]) > 0.05   # three documents a side cannot show much
    True
    """
    if stat not in STATS:
        raise ValueError(invalid_value_message("stat", stat, STATS))
    if test not in TESTS:
        raise ValueError(invalid_value_message("test", test, TESTS))
    check_count("n_resamples", n_resamples, 1)
    check_ci(ci)
    index = values.index if isinstance(values, pd.Series) else None
    y = _vector(values, "values")
    n = len(y)
    g = groups if isinstance(groups, pd.Series) else pd.Series(np.asarray(groups, dtype=object))
    if len(g) != n:
        raise ValueError(f"groups has {len(g)} labels but values has {n}; give one per unit")
    if isinstance(groups, pd.Series) and index is not None and not groups.index.equals(index):
        raise ValueError("groups has a different index from values; pass Series sharing one index")
    if a == b:
        raise ValueError(f"a and b are the same group ({a!r}); name two different groups")
    in_a, in_b = (g == a).to_numpy(dtype=bool, na_value=False), (g == b).to_numpy(dtype=bool, na_value=False)
    for name, label, mask in (("a", a, in_a), ("b", b, in_b)):
        if not mask.any():
            seen = sorted(map(str, pd.unique(g.dropna())))[:10]
            raise ValueError(f"{name}={label!r} matches no unit; the groups are {seen}")
    x = _exposure(y, exposure, stat, per, index)
    ccode = np.arange(n, dtype=np.int64) if cluster is None else _labels(cluster, "cluster", n, index)
    missing = np.isnan(y) | np.isnan(x)
    if (missing & (in_a | in_b)).any():
        logger.warning("dropped %d units with a missing value or exposure", int((missing & (in_a | in_b)).sum()))
    keep = (in_a | in_b) & ~missing
    group_code = np.where(in_b, 1, 0)[keep]
    scale = float(per) if stat == "rate" else 1.0
    cell_group, cell_cluster, Y, X, U = cluster_totals(y[keep][:, None], x[keep], group_code, ccode[keep])
    ga, gb = cell_group == 0, cell_group == 1
    for name, label, mask in (("a", a, ga), ("b", b, gb)):
        if not mask.any():
            raise ValueError(f"{name}={label!r} has no unit with a value (all are missing); nothing to compare")
    crossing = np.intersect1d(cell_cluster[ga], cell_cluster[gb]).size
    est_a = float(ratio(Y[ga].sum(), X[ga].sum())) * scale
    est_b = float(ratio(Y[gb].sum(), X[gb].sum())) * scale
    diff = est_b - est_a
    rng = make_rng(random_state)
    for name, mask in (("a", ga), ("b", gb)):
        if mask.sum() < 2:
            logger.warning("group %s has %d cluster(s); its bootstrap has no variability", name, int(mask.sum()))
    if crossing and test == "permutation":
        raise ValueError(f"{crossing} cluster(s) have units in both groups; the permutation test moves whole "
                         "clusters between groups, so each must lie in one group. Use test='bootstrap' or a "
                         "finer cluster (e.g. doc_id rather than source)")
    if crossing:
        logger.warning("%d cluster(s) have units in both groups; the bootstrap resamples each group's part "
                       "separately and ignores that dependence", crossing)
    heavy = max(int(ga.sum()), int(gb.sum())) * n_resamples > 20_000
    with single_threaded_blas() if heavy else contextlib.nullcontext():
        boot = (resample_ratio(Y[gb], X[gb], n_resamples, rng) - resample_ratio(Y[ga], X[ga], n_resamples, rng)) * scale
        low, high = interval(boot, np.array([diff]), ci, "percentile")
        if test == "permutation":
            p = _permutation_p(Y[:, 0], X, gb, diff / scale, n_resamples, rng)
        else:
            centred = boot[:, 0][~np.isnan(boot[:, 0])] - diff
            p = (1 + int(np.count_nonzero(np.abs(centred) >= abs(diff) - _TIE * max(1.0, abs(diff))))) \
                / (len(centred) + 1)
    out = pd.Series([est_a, est_b, diff, float(low[0]), float(high[0]), float(p), int(U[ga].sum()), int(U[gb].sum()),
                     test, stat, a, b, int(ga.sum()), int(gb.sum()), float(ci), int(n_resamples)],
                    index=list(FIELDS), dtype=object, name=f"{b} - {a}")
    out.attrs = {"random_state": seed_of(random_state)}
    return out


def _date_range(value: Any, name: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise ValueError(f"{name} must be a (start, end) pair of dates such as ('1990-01-01', '2000-12-31'), "
                         f"got {value!r}")
    start, end = as_dates(list(value), name).tolist()
    if start is pd.NaT or end is pd.NaT:
        raise ValueError(f"{name}={value!r} has a missing date; give both start and end")
    if isinstance(value[1], str) and _YEAR_RE.match(value[1].strip()):
        end = end + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    elif isinstance(value[1], str) and _MONTH_RE.match(value[1].strip()):
        end = end + pd.DateOffset(months=1) - pd.Timedelta(days=1)
    if end < start:
        raise ValueError(f"{name}={value!r} ends before it starts")
    return start, end


def compare_periods(counts: pd.DataFrame, *, frame: str, before: Sequence[Any], after: Sequence[Any],
                    measure: Literal["share", "rate", "score"] = "share", date: str = "date",
                    cluster: str | None = "doc_id", assigned: pd.DataFrame | None = None, **kw: Any) -> pd.Series:
    """:func:`compare_groups` of one frame between two date ranges of :func:`toolkit.count_frames` output.

    Parameters
    ----------
    counts : pandas.DataFrame
        One row per unit with ``date``, ``cluster`` and the frame's columns.
    frame : str
        The frame to compare.
    before, after : (start, end)
        Inclusive date ranges (ISO strings ok): a date-only ``end`` includes that whole day, an
        ``end`` written as a year (``"2000"``) or a month (``"2000-06"``) the whole year or month.
        They must not overlap; units outside both are ignored. ``before`` is group ``a``.
    measure : {"share", "rate", "score"}
        As in :func:`toolkit.compare.frame_trends`: presence share, hits per 1,000 tokens, or mean
        weighted score.
    date, cluster : str
        Columns of dates and of resampling clusters (default ``doc_id``; None for none).
    assigned : pandas.DataFrame, optional
        Frame presence for ``measure="share"``; default ``toolkit.frames.assign(counts)``.
    **kw
        ``test``, ``n_resamples``, ``ci``, ``random_state``, ``per`` of :func:`compare_groups`.

    Returns
    -------
    pandas.Series
        As :func:`compare_groups`, with ``a`` and ``b`` the ranges as ``"start to end"``, plus
        ``frame`` and ``measure``.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"doc_id": list("abcdef"), "n_tokens": [10] * 6,
    ...     "date": pd.to_datetime(["1995-01-01", "1996-01-01", "1999-06-01",
    ...                             "2002-01-01", "2005-01-01", "2010-01-01"]),
    ...     "military": [0, 1, 0, 2, 1, 1], "military_score": [0.0, 1.0, 0.0, 2.0, 1.0, 1.0]})
    >>> r = compare_periods(counts, frame="military", before=("1990", "2000-12-31"), after=("2001", "2023"),
    ...                     measure="rate", n_resamples=200, random_state=0)
    >>> r["a"], r["b"]
    ('1990-01-01 to 2000-12-31', '2001-01-01 to 2023-12-31')
    >>> [round(r[k], 2) for k in ("estimate_a", "estimate_b", "difference")]   # hits per 1,000 tokens
    [33.33, 133.33, 100.0]
    """
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts must be a pandas DataFrame (from toolkit.count_frames), got {type(counts).__name__}")
    unknown = sorted(set(kw) - set(_COMPARE_OPTIONS))
    if unknown:
        raise TypeError(f"compare_periods() got unexpected keyword arguments {unknown}; it passes on "
                        f"{sorted(_COMPARE_OPTIONS)}")
    if measure not in MEASURES:
        raise ValueError(invalid_value_message("measure", measure, MEASURES))
    for col in [date] + ([cluster] if cluster is not None else []):
        if col not in counts.columns:
            raise ValueError(f"counts has no column {col!r}; its columns are {list(counts.columns)}")
    b0, b1 = _date_range(before, "before")
    a0, a1 = _date_range(after, "after")
    if not (b1 < a0 or a1 < b0):
        raise ValueError(f"before={before!r} and after={after!r} overlap; give disjoint ranges")
    num, den, stat = _measure_columns(counts, [frame], measure, assigned)
    d = as_dates(counts[date], date)
    n_missing = int(d.isna().sum())
    if n_missing:
        logger.warning("%d of %d units have no date and are left out", n_missing, len(d))

    def inside(lo: pd.Timestamp, hi: pd.Timestamp) -> np.ndarray:
        end = hi + pd.Timedelta(days=1) if hi == hi.normalize() else hi + pd.Timedelta(1, "ns")
        return ((d >= lo) & (d < end)).to_numpy(dtype=bool, na_value=False)

    label_a, label_b = f"{b0:%Y-%m-%d} to {b1:%Y-%m-%d}", f"{a0:%Y-%m-%d} to {a1:%Y-%m-%d}"
    groups = np.full(len(counts), None, dtype=object)
    for name, value, lo, hi, label in (("before", before, b0, b1, label_a), ("after", after, a0, a1, label_b)):
        mask = inside(lo, hi)
        if not mask.any():
            span = (f"the dates run from {d.min():%Y-%m-%d} to {d.max():%Y-%m-%d}" if d.notna().any()
                    else "no unit has a date")
            raise ValueError(f"{name}={tuple(value)!r} ({label}) holds no unit; {span}")
        groups[mask] = label
    out = compare_groups(num[:, 0], groups, a=label_a, b=label_b, stat=stat,
                         exposure=den if stat == "rate" else None,
                         cluster=counts[cluster].to_numpy() if cluster is not None else None, **kw)
    attrs = out.attrs
    out = pd.concat([out, pd.Series([frame, measure], index=["frame", "measure"], dtype=object)])
    out.name, out.attrs = f"{label_b} - {label_a}", {**counts.attrs, **attrs}
    return out
