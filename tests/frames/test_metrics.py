"""Tests for toolkit.frames.metrics: hand-computed cases, and agreement with sklearn.metrics."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from toolkit.frames.metrics import (
    averages,
    bootstrap_f1,
    cohen_kappa,
    confusion_counts,
    f1_from_counts,
    precision_recall_f1,
    scores,
    scores_with_intervals,
)


@st.composite
def label_pairs(draw, min_labels: int = 1):
    """Random gold and predicted indicator matrices of one shape.

    scikit-learn reads a one-column matrix as binary (not multilabel) data, so the comparisons
    with it use ``min_labels=2``.
    """
    n = draw(st.integers(1, 25))
    k = draw(st.integers(min_labels, 5))
    gold = draw(arrays(bool, (n, k)))
    pred = draw(arrays(bool, (n, k)))
    return gold, pred


# ---------------------------------------------------------------------- hand-computed
# gold/pred for one label; expected (tp, fp, fn, tn, precision, recall, f1, kappa)
HAND = {
    # p_o = 3/5, p_e = (2*2 + 3*3)/25 = 13/25 -> kappa = (15 - 13) / (25 - 13) = 1/6
    "mixed": ([1, 1, 0, 0, 0], [1, 0, 1, 0, 0], (1, 1, 1, 2, 0.5, 0.5, 0.5, 1 / 6)),
    "perfect": ([1, 0, 1, 0], [1, 0, 1, 0], (2, 0, 0, 2, 1.0, 1.0, 1.0, 1.0)),
    # everything predicted: P = 2/4, R = 1, F1 = 2/3; p_e = p_o -> kappa 0
    "all_predicted": ([1, 1, 0, 0], [1, 1, 1, 1], (2, 2, 0, 0, 0.5, 1.0, 2 / 3, 0.0)),
    # nothing predicted: P is 0/0 -> 0, F1 = 0
    "none_predicted": ([1, 0, 0], [0, 0, 0], (0, 0, 1, 2, 0.0, 0.0, 0.0, 0.0)),
    # nothing to find and nothing found: every ratio 0/0 -> 0; kappa undefined (p_e = 1)
    "empty": ([0, 0, 0], [0, 0, 0], (0, 0, 0, 3, 0.0, 0.0, 0.0, np.nan)),
    # P = R = 0 with TP = 0: F1 = 0, not undefined; kappa = (0 - 2) / (4 - 2) = -1
    "opposite": ([1, 0], [0, 1], (0, 1, 1, 0, 0.0, 0.0, 0.0, -1.0)),
}


@pytest.mark.parametrize("case", HAND.values(), ids=HAND.keys())
def test_metrics_hand_computed(case):
    gold, pred, (tp, fp, fn, tn, precision, recall, f1, kappa) = case
    assert confusion_counts(gold, pred).tolist() == [[tp, fp, fn, tn]]
    p, r, f, support = precision_recall_f1(gold, pred)
    assert (p[0], r[0], f[0], support[0]) == pytest.approx((precision, recall, f1, tp + fn))
    np.testing.assert_allclose(cohen_kappa(gold, pred), [kappa])


def test_metrics_macro_is_mean_of_f1_not_f1_of_means():
    # label 0: P = 1, R = 1/3 -> F1 = 0.5 ; label 1: P = 1/3, R = 1 -> F1 = 0.5
    gold = np.array([[1, 0], [1, 0], [1, 1], [0, 0], [0, 0]], dtype=bool)
    pred = np.array([[1, 1], [0, 1], [0, 1], [0, 0], [0, 0]], dtype=bool)
    res = averages(gold, pred)
    assert res["macro_f1"] == pytest.approx(0.5)
    assert res["macro_precision"] == pytest.approx(2 / 3)
    # micro: TP 2, FP 2, FN 2 -> 0.5
    assert res["micro_f1"] == pytest.approx(0.5)


def test_metrics_zero_division_one():
    p, r, f, _ = precision_recall_f1([0, 0], [0, 0], zero_division=1.0)
    assert (p[0], r[0], f[0]) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("bad", [0.5, np.nan, "warn"])
def test_metrics_zero_division_invalid(bad):
    with pytest.raises(ValueError, match="zero_division"):
        precision_recall_f1([1], [1], zero_division=bad)


@pytest.mark.parametrize(("gold", "pred", "match"), [
    ([1, 0], [1, 0, 1], "same shape"),
    ([1, 2], [1, 0], "0/1"),
    (np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), "2-D"),
])
def test_metrics_bad_input(gold, pred, match):
    with pytest.raises(ValueError, match=match):
        confusion_counts(gold, pred)


def test_metrics_scores_table_uses_dataframe_columns():
    gold = pd.DataFrame({"military": [True, False], "media": [False, False]})
    pred = pd.DataFrame({"military": [True, True], "media": [False, True]})
    table = scores(gold, pred)
    assert table.index.tolist() == ["military", "media"]
    assert table.loc["military", ["tp", "fp", "fn", "tn"]].tolist() == [1, 1, 0, 0]
    assert table.loc["media", "f1"] == 0.0


def test_metrics_no_labels():
    assert np.isnan(averages(np.zeros((3, 0), bool), np.zeros((3, 0), bool))["macro_f1"])


# ---------------------------------------------------------------------- sklearn agreement
@settings(max_examples=60)
@given(label_pairs(min_labels=2), st.sampled_from([0.0, 1.0]))
def test_metrics_match_sklearn_prfs(pair, zero_division):
    gold, pred = pair
    p, r, f, s = precision_recall_f1(gold, pred, zero_division=zero_division)
    sp, sr, sf, ss = precision_recall_fscore_support(gold, pred, average=None, zero_division=zero_division)
    np.testing.assert_allclose(p, sp)
    np.testing.assert_allclose(r, sr)
    np.testing.assert_allclose(f, sf)
    np.testing.assert_array_equal(s, ss)


@settings(max_examples=60)
@given(label_pairs(min_labels=2), st.sampled_from([0.0, 1.0]))
def test_metrics_match_sklearn_averages(pair, zero_division):
    gold, pred = pair
    res = averages(gold, pred, zero_division=zero_division)
    for average in ("macro", "micro"):
        expected = f1_score(gold, pred, average=average, zero_division=zero_division)
        assert res[f"{average}_f1"] == pytest.approx(expected)
        sp, sr, _, _ = precision_recall_fscore_support(gold, pred, average=average, zero_division=zero_division)
        assert (res[f"{average}_precision"], res[f"{average}_recall"]) == pytest.approx((sp, sr))


@settings(max_examples=60)
@given(label_pairs())
def test_metrics_match_sklearn_kappa(pair):
    gold, pred = pair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns where kappa is undefined
        expected = [cohen_kappa_score(gold[:, j], pred[:, j], labels=[False, True]) for j in range(gold.shape[1])]
    np.testing.assert_allclose(cohen_kappa(gold, pred), expected, atol=1e-12)


@settings(max_examples=40)
@given(label_pairs())
def test_metrics_f1_from_counts_equals_harmonic_mean(pair):
    gold, pred = pair
    p, r, f, _ = precision_recall_f1(gold, pred)
    harmonic = np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)
    np.testing.assert_allclose(f, harmonic)


# ---------------------------------------------------------------------- bootstrap
def _noisy(seed: int, n: int = 150, k: int = 3):
    rng = np.random.default_rng(seed)
    gold = rng.random((n, k)) < 0.3
    return gold, gold ^ (rng.random((n, k)) < 0.15)


def test_bootstrap_deterministic_with_seed():
    gold, pred = _noisy(0)
    a = bootstrap_f1(gold, pred, n_boot=200, random_state=7)
    b = bootstrap_f1(gold, pred, n_boot=200, random_state=7)
    c = bootstrap_f1(gold, pred, n_boot=200, random_state=8)
    np.testing.assert_array_equal(a.f1_low, b.f1_low)
    assert (a.macro_f1_low, a.macro_f1_high) == (b.macro_f1_low, b.macro_f1_high)
    assert not np.array_equal(a.f1_low, c.f1_low) or a.macro_f1_high != c.macro_f1_high


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bootstrap_interval_contains_point_estimate(seed):
    gold, pred = _noisy(seed)
    res = bootstrap_f1(gold, pred, n_boot=200, random_state=seed)
    _, _, f1, _ = precision_recall_f1(gold, pred)
    avg = averages(gold, pred)
    assert np.all(res.f1_low <= f1) and np.all(f1 <= res.f1_high)
    assert res.macro_f1_low <= avg["macro_f1"] <= res.macro_f1_high
    assert res.micro_f1_low <= avg["micro_f1"] <= res.micro_f1_high
    assert np.all(res.f1_high - res.f1_low > 0)


def test_bootstrap_matches_naive_index_resampling():
    """The vectorised replicate counts equal recomputing F1 on gold[idx], pred[idx]."""
    gold, pred = _noisy(3, n=40)
    n_boot = 50
    res = bootstrap_f1(gold, pred, n_boot=n_boot, ci=0.9, random_state=11)
    rng = np.random.default_rng(11)
    reps = []
    for _ in range(n_boot):
        idx = rng.integers(0, len(gold), size=len(gold))
        reps.append(precision_recall_f1(gold[idx], pred[idx])[2])
    reps = np.array(reps)
    np.testing.assert_allclose(res.f1_low, np.quantile(reps, 0.05, axis=0))
    np.testing.assert_allclose(res.f1_high, np.quantile(reps, 0.95, axis=0))
    assert res.macro_f1_high == pytest.approx(np.quantile(reps.mean(axis=1), 0.95))


def test_bootstrap_perfect_agreement_is_degenerate():
    gold = np.array([[1], [0], [1], [0]], dtype=bool)
    res = bootstrap_f1(gold, gold, n_boot=100)
    # every replicate with a positive has F1 = 1; one with none has F1 = 0 (zero_division)
    assert res.f1_high[0] == 1.0


def test_bootstrap_no_units_gives_nan():
    res = bootstrap_f1(np.zeros((0, 2), bool), np.zeros((0, 2), bool), n_boot=10)
    assert np.isnan(res.f1_low).all() and np.isnan(res.macro_f1_high)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n_boot": 0}, "n_boot"), ({"n_boot": 2.5}, "n_boot"), ({"ci": 1.0}, "ci"), ({"ci": 95}, "ci"),
])
def test_bootstrap_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        bootstrap_f1([1, 0], [1, 0], **kwargs)


def test_f1_from_counts_broadcasts():
    assert f1_from_counts(np.array([[1, 0]]), np.array([[0, 0]]), np.array([[1, 0]])).shape == (1, 2)


def test_scores_with_intervals_combines_scores_and_bootstrap():
    gold, pred = _noisy(4, n=60)
    table, summary = scores_with_intervals(gold, pred, labels=["a", "b", "c"], n_boot=100, random_state=5)
    boot = bootstrap_f1(gold, pred, n_boot=100, random_state=5)
    pd.testing.assert_frame_equal(table.drop(columns=["f1_low", "f1_high"]), scores(gold, pred, labels=["a", "b", "c"]))
    np.testing.assert_array_equal(table["f1_low"], boot.f1_low)
    assert list(table.columns[:5]) == ["precision", "recall", "f1", "f1_low", "f1_high"]
    assert summary["n_units"] == 60
    assert summary["macro_f1"] == averages(gold, pred)["macro_f1"]
    assert (summary["micro_f1_low"], summary["micro_f1_high"]) == (boot.micro_f1_low, boot.micro_f1_high)
