"""trend() and frame_trends(): hand-computed estimates, flags, clusters, determinism, invariants, errors."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.compare import frame_trends, rolling_periods, trend
from toolkit.compare.trend import COLUMNS

LOOSE = {"min_units": 1, "min_clusters": 1}


def _years(*years: int) -> pd.Series:
    return pd.Series(pd.to_datetime([f"{y}-06-01" for y in years]))


def test_compare_trend_hand_computed_share_mean_rate():
    dates = _years(2001, 2001, 2001, 2001, 2002, 2002)
    share = trend([1, 0, 1, 1, 0, 1], dates, stat="share", n_boot=50, random_state=0, **LOOSE)
    assert share["estimate"].tolist() == [0.75, 0.5]
    mean = trend([2.0, 4.0, 0.0, 6.0, 1.0, 2.0], dates, stat="mean", n_boot=50, random_state=0, **LOOSE)
    assert mean["estimate"].tolist() == [3.0, 1.5]
    rate = trend([2, 0, 1, 1, 3, 0], dates, stat="rate", exposure=[100, 100, 50, 250, 10, 20], per=1000,
                 n_boot=50, random_state=0, **LOOSE)
    assert rate["estimate"].tolist() == pytest.approx([4 / 500 * 1000, 3 / 30 * 1000])
    assert list(rate.columns) == list(COLUMNS)
    assert rate["stat"].tolist() == ["rate", "rate"] and rate["n_boot"].tolist() == [50, 50]
    assert rate["start"].tolist() == [pd.Timestamp("2001-01-01"), pd.Timestamp("2002-01-01")]
    assert rate["end"].tolist() == [pd.Timestamp("2001-12-31"), pd.Timestamp("2002-12-31")]


def test_compare_trend_two_clusters_interval_is_their_range():
    # two documents of equal size, all-0 and all-1: replicates are 0 (1/4), 0.5 (1/2), 1 (1/4)
    values = [0, 0, 0, 1, 1, 1]
    out = trend(values, _years(*[2001] * 6), stat="share", cluster=list("aaabbb"), n_boot=4000, random_state=3,
                **LOOSE)
    assert out.loc[0, ["estimate", "ci_low", "ci_high"]].tolist() == [0.5, 0.0, 1.0]
    assert out.loc[0, "n_clusters"] == 2 and out.loc[0, "n_units"] == 6


def test_compare_trend_cluster_interval_wider_than_unit_interval():
    # 30 documents x 6 paragraphs; paragraphs of a document share their value: the effective sample is
    # 30, not 180, so resampling documents must give a clearly wider interval than resampling paragraphs
    rng = np.random.default_rng(7)
    doc_value = rng.random(30) < 0.4
    values = np.repeat(doc_value, 6).astype(int)
    docs = np.repeat(np.arange(30), 6)
    dates = _years(*[2010] * 180)
    by_doc = trend(values, dates, stat="share", cluster=docs, n_boot=2000, random_state=0)
    by_unit = trend(values, dates, stat="share", n_boot=2000, random_state=0)
    assert by_doc.loc[0, "estimate"] == by_unit.loc[0, "estimate"]
    width_doc = by_doc.loc[0, "ci_high"] - by_doc.loc[0, "ci_low"]
    width_unit = by_unit.loc[0, "ci_high"] - by_unit.loc[0, "ci_low"]
    assert width_doc / width_unit == pytest.approx(np.sqrt(6), rel=0.2)


def test_compare_trend_flags_too_few_and_empty_periods():
    dates = _years(*([2001] * 25 + [2003] * 3))
    docs = [f"d{i}" for i in range(25)] + ["x", "x", "y"]
    out = trend(np.ones(28), dates, stat="mean", cluster=docs, n_boot=100, random_state=0)
    assert out["period"].tolist() == ["2001", "2002", "2003"]
    assert out["flag"].tolist() == ["ok", "empty", "too_few"]
    assert out["n_units"].tolist() == [25, 0, 3] and out["n_clusters"].tolist() == [25, 0, 2]
    assert np.isnan(out.loc[1, "estimate"]) and out.loc[2, "estimate"] == 1.0
    assert out.loc[[1, 2], ["ci_low", "ci_high"]].isna().all().all()
    assert out.loc[0, ["ci_low", "ci_high"]].notna().all()
    few_clusters = trend(np.ones(28), dates, stat="mean", cluster=docs, n_boot=10, min_units=1, min_clusters=3)
    assert few_clusters["flag"].tolist() == ["ok", "empty", "too_few"]


def test_compare_trend_rate_without_exposure_is_empty():
    out = trend([0, 0, 1], _years(2001, 2001, 2002), stat="rate", exposure=[0, 0, 10], n_boot=10, **LOOSE)
    assert out["flag"].tolist() == ["empty", "ok"] and np.isnan(out.loc[0, "estimate"])


def test_compare_trend_deterministic_for_a_seed():
    rng = np.random.default_rng(1)
    values, dates = rng.random(300), _years(*rng.integers(2000, 2005, 300))
    a = trend(values, dates, n_boot=300, random_state=42)
    b = trend(values, dates, n_boot=300, random_state=42)
    c = trend(values, dates, n_boot=300, random_state=43)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    assert a.attrs["random_state"] == 42 and a.attrs["method"] == "percentile"


@pytest.mark.parametrize("method", ["percentile", "basic", "normal"])
def test_compare_trend_interval_methods_agree_on_symmetric_data(method):
    rng = np.random.default_rng(5)
    out = trend(rng.normal(10, 2, 400), _years(*[2001] * 400), n_boot=2000, method=method, random_state=0)
    se = 2 / np.sqrt(400)
    assert out.loc[0, "ci_low"] == pytest.approx(out.loc[0, "estimate"] - 1.96 * se, abs=0.3 * se)
    assert out.loc[0, "ci_high"] == pytest.approx(out.loc[0, "estimate"] + 1.96 * se, abs=0.3 * se)


def test_compare_trend_missing_dates_and_values_dropped_and_logged(caplog):
    dates = pd.Series([pd.Timestamp("2001-01-01"), pd.NaT, pd.Timestamp("2001-02-01"), pd.Timestamp("2001-03-01")])
    with caplog.at_level(logging.WARNING, logger="toolkit.compare.trend"):
        out = trend([1.0, 5.0, np.nan, 3.0], dates, n_boot=10, **LOOSE)
    assert out["n_units"].tolist() == [2] and out["estimate"].tolist() == [2.0]
    assert "dropped 1 of 4 units without a period" in caplog.text
    assert "dropped 1 of 4 units with a missing value" in caplog.text


def test_compare_trend_breaks_and_given_periods():
    dates = pd.Series(["1995-01-01", "2001-09-10", "2001-09-11", "2010-01-01"])
    out = trend([0, 1, 1, 1], dates, breaks=["2001-09-11"], stat="share", n_boot=10, **LOOSE)
    assert out["period"].tolist() == ["before 2001-09-11", "from 2001-09-11"]
    assert out["estimate"].tolist() == [0.5, 1.0]
    given = trend([0, 1, 1, 1], periods=["b", "a", "a", "b"], n_boot=10, **LOOSE)
    assert given["period"].tolist() == ["a", "b"] and given["estimate"].tolist() == [1.0, 0.5]
    assert given["start"].isna().all()


def test_compare_trend_rolling_windows_count_a_unit_in_each_window():
    values = pd.Series([1.0, 2.0, 3.0], index=["x", "y", "z"])
    dates = pd.Series(pd.to_datetime(["2000-06-01", "2001-06-01", "2002-06-01"]), index=values.index)
    windows = rolling_periods(dates, width="2Y", step="1Y", start="2000-01-01")
    out = trend(values, periods=windows, n_boot=10, **LOOSE)
    assert out["estimate"].tolist() == [1.5, 2.5]
    assert out["n_units"].tolist() == [2, 2]
    assert out["start"].tolist() == [pd.Timestamp("2000-01-01"), pd.Timestamp("2001-01-01")]
    plain = trend([1.0, 2.0, 3.0], periods=rolling_periods(dates.reset_index(drop=True), width="2Y", step="1Y",
                                                           start="2000-01-01"), n_boot=10, **LOOSE)
    assert plain["estimate"].tolist() == [1.5, 2.5]


def test_compare_trend_n_boot_zero_gives_estimates_only():
    out = trend([1, 2, 3], _years(2001, 2001, 2001), n_boot=0, **LOOSE)
    assert out.loc[0, "estimate"] == 2.0 and out.loc[0, "flag"] == "ok" and np.isnan(out.loc[0, "ci_low"])


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"stat": "median"}, ValueError, "stat='median' is invalid; must be one of"),
    ({"method": "bca"}, ValueError, "method='bca' is invalid; must be one of"),
    ({"ci": 95}, ValueError, "strictly between 0 and 1"),
    ({"n_boot": -1}, ValueError, "n_boot must be an integer >= 0"),
    ({"min_units": 0}, ValueError, "min_units must be an integer >= 1"),
    ({"stat": "rate"}, ValueError, "stat='rate' needs exposure="),
    ({"stat": "rate", "exposure": [1, -1, 1]}, ValueError, "exposure must be non-negative"),
    ({"exposure": [1, 1, 1]}, ValueError, "exposure is used only with stat='rate'"),
    ({"stat": "share"}, ValueError, "stat='share' needs 0/1"),
    ({"cluster": ["a", None, "b"]}, ValueError, "cluster has 1 missing labels"),
    ({"cluster": ["a", "b"]}, ValueError, "cluster has 2 labels but values has 3"),
    ({"random_state": "seed"}, TypeError, "random_state must be None, an int seed"),
    ({"per": 0}, ValueError, "per must be a positive number"),
])
def test_compare_trend_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        trend([1.0, 2.0, 3.0], _years(2001, 2001, 2002), **kwargs)


def test_compare_trend_dates_or_periods_and_alignment():
    with pytest.raises(ValueError, match="give either dates"):
        trend([1.0], None)
    with pytest.raises(ValueError, match="give either dates"):
        trend([1.0], _years(2001), periods=["a"])
    with pytest.raises(ValueError, match="dates has 1 values but values has 2"):
        trend([1.0, 2.0], _years(2001))
    with pytest.raises(ValueError, match="dates has a different index"):
        trend(pd.Series([1.0, 2.0], index=[5, 6]), _years(2001, 2002))


# ----------------------------------------------------------------------------- hypothesis invariants
@settings(max_examples=40)
@given(st.lists(st.tuples(st.integers(2000, 2004), st.floats(-100, 100), st.integers(0, 6)), min_size=1, max_size=60),
       st.sampled_from(["percentile", "basic", "normal"]), st.booleans(), st.integers(0, 2**32 - 1))
def test_compare_trend_invariants_mean(rows, method, clustered, seed):
    years, values, docs = zip(*rows, strict=True)
    out = trend(list(values), _years(*years), cluster=list(docs) if clustered else None, n_boot=50, method=method,
                random_state=seed, min_units=2, min_clusters=2)
    frame = pd.DataFrame({"year": [str(y) for y in years], "value": values})
    assert out["n_units"].sum() == len(rows)
    for _, row in out.iterrows():
        inside = frame.loc[frame["year"] == row["period"], "value"]
        if row["flag"] == "empty":
            assert len(inside) == 0 and np.isnan(row["estimate"])
            continue
        lo, hi = inside.min(), inside.max()
        tol = 1e-9 * max(1.0, abs(lo), abs(hi))
        assert lo - tol <= row["estimate"] <= hi + tol
        if row["flag"] == "too_few":
            assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"])
            assert row["n_units"] < 2 or row["n_clusters"] < 2
        else:
            assert row["ci_low"] <= row["ci_high"] + tol
            if method == "percentile":  # percentile bounds are replicate means: inside the value range
                assert lo - tol <= row["ci_low"] and row["ci_high"] <= hi + tol


@settings(max_examples=30)
@given(st.lists(st.tuples(st.integers(2000, 2002), st.booleans(), st.integers(0, 4)), min_size=1, max_size=80),
       st.integers(0, 2**32 - 1))
def test_compare_trend_invariants_share(rows, seed):
    years, present, docs = zip(*rows, strict=True)
    out = trend(list(present), _years(*years), stat="share", cluster=list(docs), n_boot=50, random_state=seed,
                **LOOSE)
    ok = out[out["flag"] == "ok"]
    assert ((0 <= ok["ci_low"]) & (ok["ci_low"] <= ok["ci_high"]) & (ok["ci_high"] <= 1)).all()
    assert ((0 <= ok["estimate"]) & (ok["estimate"] <= 1)).all()


# ----------------------------------------------------------------------------- frame_trends
@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    corpus = toolkit.Corpus.from_records([
        {"doc_id": "a1", "lang": "en", "date": "2001-03-01", "source": "S",
         "text": "Military forces fight terrorism.\n\nTerrorist financing must stop.\n\nWe thank the chair."},
        {"doc_id": "a2", "lang": "en", "date": "2001-10-01", "source": "S",
         "text": "The army will defeat terrorism.\n\nNothing else."},
        {"doc_id": "b1", "lang": "ar", "date": "2002-05-01", "source": "T",
         "text": "القوات المسلحة تحارب الإرهاب.\n\nتمويل الإرهاب جريمة."},
        {"doc_id": "b2", "lang": "en", "date": "2002-07-01", "source": "T", "text": "Hello.\n\nThe weather is fine."},
    ])
    return toolkit.count_frames(corpus, "terrorism_frames", unit="paragraph", categories="frames", progress=False)


def test_compare_frame_trends_share_matches_assign(counts):
    out = frame_trends(counts, n_boot=100, random_state=0, **LOOSE)
    present = toolkit.frames.assign(counts)
    years = counts["date"].dt.year.astype(str)
    assert list(out.columns) == ["frame", *COLUMNS]
    assert out["frame"].unique().tolist() == ["military", "ideological", "media", "financial"]
    assert len(out) == 4 * 2
    for _, row in out.iterrows():
        expected = present.loc[years == row["period"], row["frame"]].mean()
        assert row["estimate"] == pytest.approx(expected)
    assert out["n_clusters"].tolist()[:2] == [2, 2]
    assert out.attrs["dictionary"] == "terrorism_frames" and out.attrs["measure"] == "share"
    assert out.attrs["frames"] == ["military", "ideological", "media", "financial"]
    assert out.attrs["random_state"] == 0 and out.attrs["freq"] == "year"


def test_compare_frame_trends_rate_and_score(counts):
    rate = frame_trends(counts, measure="rate", frames=["military"], n_boot=20, random_state=0, **LOOSE)
    first = counts[counts["date"].dt.year == 2001]
    assert rate.loc[0, "estimate"] == pytest.approx(1000 * first["military"].sum() / first["n_tokens"].sum())
    assert rate["stat"].unique().tolist() == ["rate"]
    score = frame_trends(counts, measure="score", frames="financial", n_boot=20, random_state=0, **LOOSE)
    assert score.loc[0, "estimate"] == pytest.approx(first["financial_score"].mean())
    assert score["stat"].unique().tolist() == ["mean"]


def test_compare_frame_trends_groups_share_periods(counts):
    out = frame_trends(counts, group="lang", frames=["military"], n_boot=20, random_state=0, **LOOSE)
    assert list(out.columns[:2]) == ["lang", "frame"]
    assert out[["lang", "period", "flag"]].values.tolist() == [["ar", "2001", "empty"], ["ar", "2002", "ok"],
                                                              ["en", "2001", "ok"], ["en", "2002", "ok"]]
    assert out.groupby("lang")["n_units"].sum().to_dict() == counts.groupby("lang").size().to_dict()


def test_compare_frame_trends_assigned_and_unit_clusters(counts):
    assigned = pd.DataFrame({"military": [True] * len(counts)}, index=counts.index)
    out = frame_trends(counts, frames=["military"], assigned=assigned, cluster=None, n_boot=10, **LOOSE)
    assert out["estimate"].tolist() == [1.0, 1.0]
    assert out["n_clusters"].tolist() == out["n_units"].tolist()


def test_compare_frame_trends_coarse_dates_warn(caplog):
    counts = pd.DataFrame({"doc_id": ["a", "b", "c"],
                           "date": pd.to_datetime(["2001-01-01", "2001-05-03", "2001-09-01"]),
                           "date_precision": ["year", "day", "month"], "n_tokens": [5, 5, 5], "military": [1, 0, 1],
                           "military_score": [1.0, 0.0, 1.0]})
    with caplog.at_level(logging.WARNING, logger="toolkit.compare.trend"):
        frame_trends(counts, measure="rate", freq="quarter", n_boot=5, **LOOSE)
    assert "1 units have dates known only to the year; with freq='quarter'" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="toolkit.compare.trend"):
        frame_trends(counts, measure="rate", breaks=["2001-09-11"], n_boot=5, **LOOSE)
    assert "1 units have year-precision dates in the same year as a break" in caplog.text
    assert "1 units have month-precision dates in the same month as a break" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="toolkit.compare.trend"):
        frame_trends(counts, measure="rate", breaks=["2001-01-01"], n_boot=5, **LOOSE)
        frame_trends(counts, measure="rate", freq="year", n_boot=5, **LOOSE)
    assert "precision" not in caplog.text and "known only" not in caplog.text


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"measure": "count"}, ValueError, "measure='count' is invalid"),
    ({"date": "when"}, ValueError, "counts has no column 'when'"),
    ({"cluster": "document"}, ValueError, "counts has no column 'document'"),
    ({"group": "country"}, ValueError, "counts has no column 'country'"),
    ({"stat": "mean"}, TypeError, r"unexpected keyword arguments \['stat'\]"),
    ({"n_boots": 10}, TypeError, r"unexpected keyword arguments \['n_boots'\]"),
    ({"frames": ["militray"], "measure": "rate"}, ValueError, r"needs the columns \['militray'\]"),
    ({"frames": ["militray"]}, ValueError, r"assigned has no column for frames \['militray'\]"),
])
def test_compare_frame_trends_errors(counts, kwargs, error, message):
    with pytest.raises(error, match=message):
        frame_trends(counts, **kwargs)
