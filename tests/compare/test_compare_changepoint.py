"""change_points(): planted breaks found with intervals covering them, PELT exact, binseg, edge cases."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.compare import change_points, frame_change_points
from toolkit.compare.changepoint import (
    COLUMNS,
    _Cost,
    _optimal_partitioning,
    _pelt,
    noise_scale,
    penalised_cost,
)


def _step(n_before: int, n_after: int, jump: float, sd: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.r_[np.zeros(n_before), np.full(n_after, jump)] + rng.normal(0, sd, n_before + n_after)


@pytest.mark.parametrize("method", ["pelt", "binseg"])
def test_compare_changepoint_planted_break_found_with_interval(method):
    y = pd.Series(0.2 + _step(25, 25, 0.3, 0.05, 1), index=pd.Index([str(y) for y in range(1974, 2024)]))
    out = change_points(y, method=method, random_state=0)
    assert list(out.columns) == list(COLUMNS)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["location"] == "1999" and row["position"] == 25
    assert row["ci_low_position"] <= 25 <= row["ci_high_position"]
    assert row["ci_low"] <= "1999" <= row["ci_high"]
    assert row["mean_before"] == pytest.approx(0.2, abs=0.03) and row["mean_after"] == pytest.approx(0.5, abs=0.03)
    assert (row["method"], row["penalty"], row["penalty_value"]) == (method, "bic", pytest.approx(2 * math.log(50)))


def test_compare_changepoint_interval_covers_planted_break_in_most_series():
    # a moderate jump (2 noise sd): the location is uncertain, and the interval should say so
    hits, widths = [], []
    for seed in range(60):
        y = _step(20, 20, 2.0, 1.0, seed)
        out = change_points(y, n_boot=300, random_state=seed, scale=1.0)
        near = out[(out["position"] - 20).abs() <= 5]
        if len(near):
            row = near.iloc[0]
            hits.append(row["ci_low_position"] <= 20 <= row["ci_high_position"])
            widths.append(row["ci_high_position"] - row["ci_low_position"])
    assert len(hits) >= 50  # found nearly always
    assert np.mean(hits) >= 0.85
    assert np.median(widths) >= 1  # not a degenerate point interval


def test_compare_changepoint_two_breaks():
    y = np.r_[np.zeros(15), np.full(15, 1.0), np.full(15, 0.3)] + np.random.default_rng(3).normal(0, 0.1, 45)
    for method in ("pelt", "binseg"):
        out = change_points(y, method=method, random_state=0)
        assert out["position"].tolist() == [15, 30]
        assert out["mean_after"].round(1).tolist() == [1.0, 0.3]
        assert out["mean_before"].round(1).tolist() == [0.0, 1.0]


def test_compare_changepoint_nothing_to_find():
    assert change_points(np.full(20, 0.4)).empty
    assert change_points([1.0, 2.0, 3.0], min_size=2).empty  # too short for two segments
    out = change_points(np.random.default_rng(0).normal(0, 1, 40), penalty=100.0, random_state=0)
    assert out.empty and list(out.columns) == list(COLUMNS)


def test_compare_changepoint_missing_values_dropped_labels_kept():
    y = pd.Series(np.r_[np.zeros(8), np.ones(8)] + np.random.default_rng(2).normal(0, 0.05, 16),
                  index=range(2000, 2016))
    y.iloc[3] = np.nan
    out = change_points(y, random_state=0)
    assert out["location"].tolist() == [2008] and out["position"].tolist() == [7]
    assert out.attrs["n"] == 15


def test_compare_changepoint_deterministic_and_scale():
    y = _step(15, 15, 1.0, 0.5, 4)
    a = change_points(y, random_state=5)
    b = change_points(y, random_state=5)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["scale"] == pytest.approx(noise_scale(y))
    assert change_points(y, scale=0.5, random_state=5).attrs["scale"] == 0.5


@settings(max_examples=60)
@given(st.lists(st.floats(-5, 5), min_size=2, max_size=40), st.integers(1, 3), st.floats(0.5, 20))
def test_compare_changepoint_pelt_matches_optimal_partitioning(values, min_size, beta):
    y = np.asarray(values)
    sigma = float(np.std(y)) or 1.0
    cost = _Cost(y, sigma)
    pelt = _pelt(cost, len(y), beta, min_size)
    exact = _optimal_partitioning(cost, len(y), beta, min_size)
    assert penalised_cost(y, pelt, sigma, beta) == pytest.approx(penalised_cost(y, exact, sigma, beta), abs=1e-7)
    bounds = [0, *pelt, len(y)]
    assert all(b - a >= min_size for a, b in itertools.pairwise(bounds)) or len(y) < min_size


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "wbs"}, "method='wbs' is invalid"),
    ({"penalty": "hq"}, "penalty='hq' is invalid"),
    ({"penalty": -1.0}, "penalty must be 'bic', 'aic' or a non-negative number"),
    ({"min_size": 0}, "min_size must be an integer >= 1"),
    ({"n_boot": 0}, "n_boot must be an integer >= 1"),
    ({"ci": 1.5}, "strictly between 0 and 1"),
    ({"scale": 0}, "scale must be a positive number"),
])
def test_compare_changepoint_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        change_points([1.0, 2.0, 3.0, 4.0], **kwargs)


def test_compare_changepoint_on_frame_trends_output():
    periods = [str(y) for y in range(2001, 2021)]
    rng = np.random.default_rng(8)
    rows = []
    for lang in ("ar", "en"):
        for frame, jump_at in (("military", 10), ("media", None)):
            level = np.where(np.arange(20) >= (jump_at or 99), 0.6, 0.2) + rng.normal(0, 0.02, 20)
            for p, v in zip(periods, level, strict=True):
                rows.append({"lang": lang, "frame": frame, "period": p, "estimate": v, "flag": "ok"})
    trends = pd.DataFrame(rows)
    trends.loc[(trends["lang"] == "en") & (trends["period"] == "2003"), "flag"] = "too_few"
    out = frame_change_points(trends, random_state=0, penalty=3 * math.log(20))
    assert out[["lang", "frame", "location"]].values.tolist() == [["ar", "military", "2011"],
                                                                   ["en", "military", "2011"]]
    assert out.loc[1, "position"] == 9  # 2003 left out, so 2011 is the 10th value
    with pytest.raises(ValueError, match="trends has no column 'flag'"):
        frame_change_points(trends.drop(columns="flag"))


def test_compare_changepoint_pelt_keeps_candidates_until_min_size_allows_pruning():
    # pruning a candidate at once (instead of min_size steps later) loses the optimum here
    y = np.array([-0.9, -0.1, 1.1, 2.1, -1.1])
    cost = _Cost(y, 1.0)
    exact = _optimal_partitioning(cost, 5, 1.8, 2)
    assert penalised_cost(y, _pelt(cost, 5, 1.8, 2), 1.0, 1.8) == pytest.approx(penalised_cost(y, exact, 1.0, 1.8))


def test_weighted_cost_with_equal_scales_is_the_unweighted_cost():
    rng = np.random.default_rng(3)
    y = np.r_[rng.normal(0, 1, 15), rng.normal(2, 1, 15)]
    plain = change_points(y, scale=0.8, random_state=0)
    weighted = change_points(y, scale=np.full(30, 0.8), random_state=0)
    assert plain["position"].tolist() == weighted["position"].tolist()
    assert np.allclose(plain["mean_after"], weighted["mean_after"])


def test_weighted_cost_matches_hand_computation():
    from toolkit.compare.changepoint import penalised_cost
    y, sigma = np.array([1.0, 2.0, 4.0]), np.array([1.0, 2.0, 0.5])
    w = 1 / sigma**2
    mean = (w * y).sum() / w.sum()
    assert penalised_cost(y, [], sigma, 0.0) == pytest.approx((w * (y - mean) ** 2).sum())
    # one change before the last value: the first segment's weighted cost, the second costs 0
    m1 = (w[:2] * y[:2]).sum() / w[:2].sum()
    assert penalised_cost(y, [2], sigma, 1.5) == pytest.approx((w[:2] * (y[:2] - m1) ** 2).sum() + 1.5)


def test_a_noisy_period_does_not_open_a_change_when_its_standard_error_is_known():
    y = np.full(20, 0.10)
    y[10] = 0.30                                   # one period far off, but measured on few documents
    y += np.tile([0.004, -0.004], 10)
    se = np.full(20, 0.005)
    se[10] = 0.15
    assert len(change_points(y, random_state=0)) >= 1                 # one sigma for all: a change
    assert change_points(y, scale=se, random_state=0).empty            # its own se: no change


def test_frame_change_points_reads_standard_errors_from_the_intervals():
    periods = [str(y) for y in range(2001, 2013)]
    est = np.array([0.1] * 6 + [0.3] * 6)
    est[2] = 0.25                                   # a noisy year inside the first regime
    half = np.full(12, 0.01)
    half[2] = 0.3
    trends = pd.DataFrame({"frame": "military", "period": periods, "estimate": est,
                           "ci_low": est - half, "ci_high": est + half, "flag": "ok"})
    found = frame_change_points(trends, random_state=0)
    assert found["location"].tolist() == ["2007"]
    assert found.attrs["scale"] == "ci"
    robust = frame_change_points(trends, scale="robust", random_state=0)
    assert len(robust) >= 1


def test_scale_array_is_validated():
    with pytest.raises(ValueError, match="one per value"):
        change_points([1.0, 2.0, 3.0, 4.0], scale=[1.0, 1.0])
    with pytest.raises(ValueError, match="positive, finite"):
        change_points([1.0, 2.0, 3.0, 4.0], scale=[1.0, 0.0, 1.0, 1.0])
