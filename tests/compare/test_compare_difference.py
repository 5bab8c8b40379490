"""compare_groups() and compare_periods(): estimates, intervals, permutation and bootstrap p-values."""

from __future__ import annotations

import itertools
import logging

import numpy as np
import pandas as pd
import pytest

from toolkit.compare import compare_groups, compare_periods
from toolkit.compare.difference import FIELDS


def _clustered(rng: np.random.Generator, share_a: float, share_b: float, docs: int = 60, paragraphs: int = 4,
               icc: float = 0.3) -> pd.DataFrame:
    """Paragraphs of ``docs`` documents per group with document-level probabilities around the share."""
    rows = []
    for group, share in (("a", share_a), ("b", share_b)):
        q = rng.beta(share * (1 - icc) / icc, (1 - share) * (1 - icc) / icc, docs)
        present = rng.random((docs, paragraphs)) < q[:, None]
        for d in range(docs):
            for p in range(paragraphs):
                rows.append((group, f"{group}{d}", bool(present[d, p])))
    return pd.DataFrame(rows, columns=["group", "doc", "present"])


def test_compare_difference_hand_computed_and_fields():
    out = compare_groups([0, 0, 1, 1, 1, 1, 1, 0], list("aaaabbbb"), a="a", b="b", n_resamples=200, random_state=0)
    assert list(out.index) == list(FIELDS)
    assert (out["estimate_a"], out["estimate_b"], out["difference"]) == (0.5, 0.75, 0.25)
    assert (out["n_a"], out["n_b"], out["test"], out["stat"]) == (4, 4, "permutation", "share")
    assert out.name == "b - a"
    rate = compare_groups([1, 1, 3, 0], ["x", "x", "y", "y"], a="x", b="y", stat="rate", exposure=[100, 100, 100, 200],
                          n_resamples=100, random_state=0)
    assert rate["estimate_a"] == pytest.approx(10.0) and rate["estimate_b"] == pytest.approx(10.0)
    assert rate["difference"] == pytest.approx(0.0) and rate["p_value"] == 1.0


def test_compare_difference_exact_permutation_p_value():
    # 3 + 3 documents: the Monte Carlo p-value must approach the exact one over all 20 splits
    doc_values = {"a0": [0, 0], "a1": [0, 1], "a2": [1, 0, 0], "b0": [1, 1], "b1": [1, 1, 0], "b2": [0, 1]}
    values, groups, docs = [], [], []
    for d, vs in doc_values.items():
        values += vs
        groups += [d[0]] * len(vs)
        docs += [d] * len(vs)
    out = compare_groups(values, groups, a="a", b="b", cluster=docs, n_resamples=20000, random_state=0)
    sums = {d: (sum(v), len(v)) for d, v in doc_values.items()}
    names = list(sums)

    def diff(b_docs):
        yb, nb = sum(sums[d][0] for d in b_docs), sum(sums[d][1] for d in b_docs)
        ya, na = sum(sums[d][0] for d in names if d not in b_docs), sum(sums[d][1] for d in names if d not in b_docs)
        return yb / nb - ya / na

    observed = diff(["b0", "b1", "b2"])
    splits = [diff(c) for c in itertools.combinations(names, 3)]
    exact = np.mean([abs(s) >= abs(observed) - 1e-12 for s in splits])
    assert out["difference"] == pytest.approx(observed)
    assert out["p_value"] == pytest.approx(exact, abs=0.015)


def test_compare_difference_unit_permutation_matches_exact_hypergeometric():
    # units as their own clusters with 0/1 values: the relabelling count of 1s in b is hypergeometric
    from scipy.stats import hypergeom

    rng = np.random.default_rng(3)
    n_a, n_b = 120, 80
    values = np.r_[rng.random(n_a) < 0.30, rng.random(n_b) < 0.45].astype(int)
    groups = ["a"] * n_a + ["b"] * n_b
    out = compare_groups(values, groups, a="a", b="b", n_resamples=10000, random_state=0)
    ones = values.sum()
    x = np.arange(max(0, ones - n_a), min(ones, n_b) + 1)  # possible numbers of 1s in b
    d = x / n_b - (ones - x) / n_a
    observed = values[n_a:].mean() - values[:n_a].mean()
    exact = hypergeom(n_a + n_b, ones, n_b).pmf(x)[np.abs(d) >= abs(observed) - 1e-12].sum()
    assert out["difference"] == pytest.approx(observed)
    assert out["p_value"] == pytest.approx(exact, abs=0.01)


def test_compare_difference_p_value_never_zero():
    values = [0] * 50 + [1] * 50
    out = compare_groups(values, ["a"] * 50 + ["b"] * 50, a="a", b="b", n_resamples=999, random_state=0)
    assert out["p_value"] == pytest.approx(1 / 1000)
    boot = compare_groups(values, ["a"] * 50 + ["b"] * 50, a="a", b="b", test="bootstrap", n_resamples=999,
                          random_state=0)
    assert boot["p_value"] == pytest.approx(1 / 1000)


@pytest.mark.parametrize("test", ["permutation", "bootstrap"])
def test_compare_difference_detects_planted_difference(test):
    data = _clustered(np.random.default_rng(11), 0.2, 0.5)
    out = compare_groups(data["present"], data["group"], a="a", b="b", cluster=data["doc"], test=test,
                         n_resamples=2000, random_state=0)
    assert out["p_value"] < 0.01
    assert 0 < out["ci_low"] < 0.3 < out["ci_high"]
    assert out["n_clusters_a"] == 60 and out["n_a"] == 240


def test_compare_difference_calibrated_under_the_null():
    # 150 data sets with equal shares: the cluster permutation p-value is about uniform
    rng = np.random.default_rng(5)
    p_values, covered = [], []
    for _ in range(150):
        data = _clustered(rng, 0.3, 0.3, docs=25, paragraphs=4)
        out = compare_groups(data["present"], data["group"], a="a", b="b", cluster=data["doc"], n_resamples=199,
                             random_state=rng)
        p_values.append(out["p_value"])
        covered.append(out["ci_low"] <= 0 <= out["ci_high"])
    p_values = np.asarray(p_values)
    assert 0.01 <= (p_values <= 0.05).mean() <= 0.11
    assert 0.3 <= (p_values <= 0.5).mean() <= 0.65  # ties between discrete shares make p conservative
    assert np.mean(covered) >= 0.88


def test_compare_difference_unit_level_test_is_anticonservative_on_clustered_null():
    # the same null data analysed as if paragraphs were independent rejects far too often
    rng = np.random.default_rng(6)
    rejections = []
    for _ in range(40):
        data = _clustered(rng, 0.3, 0.3, docs=25, paragraphs=8, icc=0.5)
        out = compare_groups(data["present"], data["group"], a="a", b="b", n_resamples=199, random_state=rng)
        rejections.append(out["p_value"] <= 0.05)
    assert np.mean(rejections) > 0.15


def test_compare_difference_crossing_clusters():
    values, groups, cluster = [0, 1, 1, 1], ["a", "b", "a", "b"], ["s", "s", "t", "t"]
    with pytest.raises(ValueError, match="2 cluster\\(s\\) have units in both groups"):
        compare_groups(values, groups, a="a", b="b", cluster=cluster)
    out = compare_groups(values, groups, a="a", b="b", cluster=cluster, test="bootstrap", n_resamples=50,
                         random_state=0)
    assert out["difference"] == 0.5 and out["test"] == "bootstrap"


def test_compare_difference_deterministic():
    data = _clustered(np.random.default_rng(1), 0.3, 0.4, docs=20)
    args = (data["present"], data["group"])
    first = compare_groups(*args, a="a", b="b", cluster=data["doc"], n_resamples=300, random_state=9)
    again = compare_groups(*args, a="a", b="b", cluster=data["doc"], n_resamples=300, random_state=9)
    pd.testing.assert_series_equal(first, again)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"a": "a", "b": "c"}, r"b='c' matches no unit; the groups are \['a', 'b'\]"),
    ({"a": "a", "b": "a"}, "a and b are the same group"),
    ({"a": "a", "b": "b", "test": "t"}, "test='t' is invalid"),
    ({"a": "a", "b": "b", "stat": "median"}, "stat='median' is invalid"),
    ({"a": "a", "b": "b", "n_resamples": 0}, "n_resamples must be an integer >= 1"),
    ({"a": "a", "b": "b", "stat": "rate"}, "stat='rate' needs exposure"),
])
def test_compare_difference_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        compare_groups([0, 1, 1, 0], ["a", "a", "b", "b"], **kwargs)
    with pytest.raises(ValueError, match="needs 0/1"):
        compare_groups([0, 2, 1, 0], ["a", "a", "b", "b"], a="a", b="b")
    with pytest.raises(ValueError, match="b='b' has no unit with a value"):
        compare_groups([0, 1, np.nan, np.nan], ["a", "a", "b", "b"], a="a", b="b")
    with pytest.raises(ValueError, match="per must be a positive number"):
        compare_groups([0, 1, 1, 0], ["a", "a", "b", "b"], a="a", b="b", stat="rate", exposure=[1, 1, 1, 1], per=-5)


# ----------------------------------------------------------------------------- compare_periods
@pytest.fixture
def counts() -> pd.DataFrame:
    dates = ["1990-01-01", "1995-06-30", "2000-12-31", "2001-01-01", "2005-01-01", "2023-12-31", "2024-01-01", None]
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(8)],
        "date": pd.to_datetime(pd.Series(dates)),
        "n_tokens": [100] * 8,
        "military": [0, 1, 0, 2, 1, 1, 5, 5],
        "military_score": [0.0, 1.0, 0.0, 2.0, 1.0, 1.0, 5.0, 5.0],
    }).assign(media=0, media_score=0.0)


def test_compare_periods_inclusive_ranges_and_labels(counts, caplog):
    with caplog.at_level(logging.WARNING, logger="toolkit.compare.difference"):
        out = compare_periods(counts, frame="military", before=("1990", "2000"), after=("2001-01-01", "2023"),
                              measure="rate", n_resamples=100, random_state=0)
    assert (out["a"], out["b"]) == ("1990-01-01 to 2000-12-31", "2001-01-01 to 2023-12-31")
    assert (out["n_a"], out["n_b"]) == (3, 3)  # 2024 and the undated unit are outside both
    assert out["estimate_a"] == pytest.approx(1000 / 300) and out["estimate_b"] == pytest.approx(4000 / 300)
    assert (out["frame"], out["measure"], out["stat"]) == ("military", "rate", "rate")
    assert "1 of 8 units have no date" in caplog.text


def test_compare_periods_share_uses_assign_thresholds(counts):
    share = compare_periods(counts, frame="military", before=("1990", "2000"), after=("2001", "2023"),
                            n_resamples=100, random_state=0)
    assert share["estimate_a"] == pytest.approx(1 / 3) and share["estimate_b"] == 1.0
    assigned = pd.DataFrame({"military": [False] * 8}, index=counts.index)
    none = compare_periods(counts, frame="military", before=("1990", "2000"), after=("2001", "2023"),
                           assigned=assigned, n_resamples=100, random_state=0)
    assert none["difference"] == 0.0
    score = compare_periods(counts, frame="military", before=("1990", "2000"), after=("2001", "2023"),
                            measure="score", n_resamples=100, random_state=0)
    assert score["estimate_b"] == pytest.approx(4 / 3) and score["stat"] == "mean"


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"before": ("1990", "2001-06-01"), "after": ("2001", "2023")}, ValueError, "overlap"),
    ({"before": ("2000", "1990"), "after": ("2001", "2023")}, ValueError, "ends before it starts"),
    ({"before": "1990", "after": ("2001", "2023")}, ValueError, "must be a \\(start, end\\) pair"),
    ({"before": ("1990", "soon"), "after": ("2001", "2023")}, ValueError, "not dates, such as 'soon'"),
    ({"date": "when"}, ValueError, "counts has no column 'when'"),
    ({"before": ("1970", "1980")}, ValueError,
     (r"before=\('1970', '1980'\) \(1970-01-01 to 1980-12-31\) holds no unit; "
      r"the dates run from 1990-01-01 to 2024-01-01")),
    ({"measure": "hits"}, ValueError, "measure='hits' is invalid"),
    ({"frame": "naval", "measure": "rate"}, ValueError, r"needs the columns \['naval'\]"),
    ({"n_boot": 10}, TypeError, r"unexpected keyword arguments \['n_boot'\]"),
])
def test_compare_periods_errors(counts, kwargs, error, message):
    args = {"frame": "military", "before": ("1990", "2000"), "after": ("2001", "2023"), **kwargs}
    with pytest.raises(error, match=message):
        compare_periods(counts, **args)
