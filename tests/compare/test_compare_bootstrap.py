"""The shared cluster-bootstrap machinery: both resampling paths have the right distribution."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.compare._bootstrap import (
    cluster_totals,
    interval,
    patterns_of,
    resample_ratio,
)


@pytest.mark.parametrize("G", [40, 300, 3000])  # flat bincount, per-row bincount, and above a block's size
def test_compare_bootstrap_replicates_have_the_plug_in_variance(G):
    # distinct continuous totals: replicates of a mean have variance sum((y - mean)^2) / G^2
    rng = np.random.default_rng(G)
    y = rng.normal(5, 2, G)
    assert patterns_of(np.column_stack([y, np.ones(G)])) is None
    boot = resample_ratio(y[:, None], np.ones(G), 4000, np.random.default_rng(0))[:, 0]
    assert boot.mean() == pytest.approx(y.mean(), abs=4 * y.std() / np.sqrt(G * 4000))
    assert boot.var() == pytest.approx(y.var() / G, rel=0.1)


def test_compare_bootstrap_compressed_path_has_the_binomial_variance():
    # 0/1 values of 2,000 single units: two patterns, drawn as multinomial counts
    G, p = 2000, 0.3
    y = (np.arange(G) < p * G).astype(float)
    _, counts = patterns_of(np.column_stack([y, np.ones(G)]))
    assert counts.tolist() == [1400, 600]
    boot = resample_ratio(y[:, None], np.ones(G), 4000, np.random.default_rng(0))[:, 0]
    assert boot.mean() == pytest.approx(p, abs=0.001)
    assert boot.var() == pytest.approx(p * (1 - p) / G, rel=0.1)


def test_compare_bootstrap_ratio_of_cluster_totals():
    # clusters of unequal size: replicates are ratios of resampled totals, not means of cluster means
    Y, X = np.array([[1.0], [9.0]]), np.array([1.0, 9.0])
    boot = resample_ratio(Y * np.array([[0.0], [1.0]]), X, 2000, np.random.default_rng(1))[:, 0]
    # totals: (0, 1) and (9, 9): replicates 0 (both first), 0.9 (one each), 1 (both second)
    assert set(np.round(boot, 6)) == {0.0, 0.9, 1.0}


def test_compare_bootstrap_cluster_totals_sorted_by_stratum():
    num = np.array([[1.0], [2.0], [3.0], [4.0]])
    stratum, cluster = np.array([1, 0, 1, 0]), np.array([0, 0, 0, 1])
    cell_s, cell_c, Y, X, U = cluster_totals(num, np.ones(4), stratum, cluster)
    assert cell_s.tolist() == [0, 0, 1] and cell_c.tolist() == [0, 1, 0]
    assert Y[:, 0].tolist() == [2.0, 4.0, 4.0] and U.tolist() == [1, 1, 2] and X.tolist() == [1.0, 1.0, 2.0]


def test_compare_bootstrap_interval_ignores_undefined_replicates():
    boot = np.array([[np.nan], [1.0], [2.0], [3.0]])
    low, high = interval(boot, np.array([2.0]), 0.5, "percentile")
    assert (low[0], high[0]) == (1.5, 2.5)
    low, high = interval(boot, np.array([2.0]), 0.5, "basic")
    assert (low[0], high[0]) == (1.5, 2.5)
    low, high = interval(np.full((3, 1), np.nan), np.array([2.0]), 0.9, "percentile")
    assert np.isnan(low[0]) and np.isnan(high[0])
