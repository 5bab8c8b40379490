"""topic_frame_pairs and topic_frame_alignment: placing topic prevalence in frame periods, choosing
pairs, the correlations and their interval for autocorrelated series (checked against scipy and
hand computation), and clear errors."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from toolkit.compare import frame_trends
from toolkit.topics import estimate_effect
from toolkit.topics.alignment import (
    ALIGNMENT_COLUMNS,
    PAIR_COLUMNS,
    topic_frame_alignment,
    topic_frame_pairs,
)

FRAMES = ["military", "ideological", "media", "financial"]


# ---------------------------------------------------------------------- fixtures (tables built here)
def trends_table(shares: dict[str, list[float]], *, first_year: int = 2001, flags: dict | None = None,
                 freq: str = "year") -> pd.DataFrame:
    """Shaped like toolkit.compare.frame_trends(): frame, period, start, end, estimate, ci_low, ci_high, flag."""
    rows = []
    for frame, values in shares.items():
        for i, value in enumerate(values):
            if freq == "year":
                period, start = str(first_year + i), pd.Timestamp(f"{first_year + i}-01-01")
                end = pd.Timestamp(f"{first_year + i}-12-31")
            else:
                p = pd.Period(f"{first_year}Q1", "Q") + i
                period, start, end = str(p), p.start_time, p.end_time.normalize()
            flag = (flags or {}).get((frame, period), "ok")
            est = value if flag == "ok" else np.nan
            rows.append({"frame": frame, "period": period, "start": start, "end": end, "estimate": est,
                         "ci_low": est - 0.01, "ci_high": est + 0.01, "flag": flag, "stat": "share"})
    out = pd.DataFrame(rows)
    out["period"] = out["period"].astype("category")
    out.attrs = {"measure": "share", "stat": "share", "unit": "paragraph", "freq": freq}
    return out


def prevalence_table(series: dict[int, list[float]], *, times=None, labels=None) -> pd.DataFrame:
    """Shaped like toolkit.topics.estimate_effect() (plus analyse_topics' label when given)."""
    rows = []
    for topic, values in series.items():
        for i, value in enumerate(values):
            row = {"topic": topic, "time": 2001 + i if times is None else times[i], "estimate": value,
                   "ci_low": value - 0.02, "ci_high": value + 0.02, "n_draws": 100}
            if labels is not None:
                row["label"] = labels[topic]
            rows.append(row)
    return pd.DataFrame(rows)


SHARE = [0.02, 0.05, 0.04, 0.07, 0.08, 0.07, 0.10, 0.12, 0.11, 0.15]
UP = [0.1 + 2 * s for s in SHARE]          # follows SHARE exactly (r = 1)
DOWN = [0.6 - s for s in SHARE]            # mirrors it (r = -1)
NOISE = [0.3, 0.1, 0.35, 0.12, 0.28, 0.15, 0.33, 0.1, 0.3, 0.2]


# ---------------------------------------------------------------------- pairs
def test_topic_frame_pairs_places_years_in_periods_side_by_side():
    prevalence = prevalence_table({0: UP, 1: DOWN})
    trends = trends_table({"military": SHARE, "media": SHARE})
    paired = topic_frame_pairs(prevalence, trends, topic_names=["media", "military"])
    assert list(paired.columns) == list(PAIR_COLUMNS)
    # matched pairs come in the frame table's order: military (topic 1), then media (topic 0)
    assert paired.attrs["pairs"] == [(1, "military"), (0, "media")]
    assert paired["frame"].drop_duplicates().tolist() == ["military", "media"]
    military = paired[paired["frame"] == "military"]
    assert military["period"].tolist() == [str(y) for y in range(2001, 2011)]
    np.testing.assert_allclose(military["topic_estimate"], DOWN)
    np.testing.assert_allclose(military["topic_ci_low"], np.array(DOWN) - 0.02)
    np.testing.assert_allclose(military["frame_estimate"], SHARE)
    assert (military["n_points"] == 1).all() and (military["frame_flag"] == "ok").all()
    assert paired.attrs["unit"] == "paragraph" and paired.attrs["stat"] == "share"


def test_topic_frame_pairs_averages_several_dates_in_a_period():
    times = pd.to_datetime(["2001-02-01", "2001-11-30", "2002-12-31", "2003-06-01"])
    prevalence = prevalence_table({0: [0.1, 0.3, 0.5, 0.7]}, times=times)
    trends = trends_table({"media": [0.01, 0.02, 0.03]})
    paired = topic_frame_pairs(prevalence, trends, topic_names=["media"])
    assert paired["n_points"].tolist() == [2, 1, 1]
    np.testing.assert_allclose(paired["topic_estimate"], [0.2, 0.5, 0.7])
    np.testing.assert_allclose(paired["topic_ci_high"], [0.22, 0.52, 0.72])


def test_topic_frame_pairs_reads_decimal_years_and_quarters():
    # 2001.3 is in April 2001: the second quarter
    prevalence = prevalence_table({0: [0.1, 0.2, 0.3]}, times=[2001.0, 2001.3, 2001.99])
    trends = trends_table({"media": [0.1, 0.2, 0.3, 0.4]}, freq="quarter")
    paired = topic_frame_pairs(prevalence, trends, topic_names=["media"])
    assert paired["period"].tolist() == ["2001Q1", "2001Q2", "2001Q3", "2001Q4"]
    np.testing.assert_allclose(paired["topic_estimate"], [0.1, 0.2, np.nan, 0.3])
    assert paired["n_points"].tolist() == [1, 1, 0, 1]


def test_topic_frame_pairs_keeps_flagged_periods_without_estimates():
    trends = trends_table({"media": SHARE[:4]}, flags={("media", "2002"): "too_few"})
    paired = topic_frame_pairs(prevalence_table({0: UP[:4]}), trends, topic_names=["media"])
    assert paired["frame_flag"].tolist() == ["ok", "too_few", "ok", "ok"]
    assert math.isnan(paired.loc[1, "frame_estimate"]) and not math.isnan(paired.loc[1, "topic_estimate"])


@pytest.mark.parametrize("how", ["model", "sequence", "mapping", "label column"])
def test_topic_frame_pairs_topic_names_from_model_sequence_mapping_or_label(how):
    names = ["military", "other_1"]
    prevalence = prevalence_table({0: UP, 1: DOWN}, labels=names if how == "label column" else None)
    given_names = {"model": SimpleNamespace(topic_names_=names), "sequence": names,
                   "mapping": dict(enumerate(names)), "label column": None}[how]
    paired = topic_frame_pairs(prevalence, trends_table({"military": SHARE}), topic_names=given_names)
    assert paired.attrs["pairs"] == [(0, "military")]
    assert set(paired["topic_name"]) == {"military"}


def test_topic_frame_pairs_all_and_chosen_pairs():
    prevalence = prevalence_table({0: UP, 1: DOWN, 2: NOISE})
    trends = trends_table({"military": SHARE, "media": NOISE})
    every = topic_frame_pairs(prevalence, trends, pairs="all")
    assert every.attrs["pairs"] == [(k, f) for k in range(3) for f in ("military", "media")]
    assert len(every) == 3 * 2 * len(SHARE)
    assert set(every["topic_name"]) == {"topic_0", "topic_1", "topic_2"}
    chosen = topic_frame_pairs(prevalence, trends, pairs=[(2, "military"), ("topic_2", "media")])
    assert chosen.attrs["pairs"] == [(2, "military"), (2, "media")]  # one topic with two frames
    assert topic_frame_pairs(prevalence, trends, pairs={1: "media"}).attrs["pairs"] == [(1, "media")]


def test_topic_frame_pairs_best_picks_the_most_correlated_topic_per_frame():
    prevalence = prevalence_table({0: NOISE, 1: DOWN, 2: UP})
    trends = trends_table({"military": SHARE, "media": NOISE, "financial": DOWN})
    paired = topic_frame_pairs(prevalence, trends, pairs="best")
    assert paired.attrs["pairs"] == [(2, "military"), (0, "media"), (1, "financial")]
    assert paired.attrs["selection"] == "best"
    assert paired["frame"].drop_duplicates().tolist() == ["military", "media", "financial"]


# ---------------------------------------------------------------------- statistics
def test_topic_frame_alignment_perfect_followers_and_mirrors():
    table = topic_frame_alignment(prevalence_table({0: UP, 1: DOWN}), trends_table({"military": SHARE}),
                                  pairs="all")
    assert list(table.columns) == list(ALIGNMENT_COLUMNS)
    assert table["r"].round(12).tolist() == [1.0, -1.0]
    assert table["r_diff"].round(12).tolist() == [1.0, -1.0]
    assert table["spearman"].round(12).tolist() == [1.0, -1.0]
    assert table["n_periods"].tolist() == [10, 10]
    assert table[["first", "last"]].iloc[0].tolist() == ["2001", "2010"]


def test_topic_frame_alignment_matches_scipy_and_hand_computation():
    x = np.array(NOISE)
    y = np.array(SHARE)
    table = topic_frame_alignment(prevalence_table({0: NOISE}), trends_table({"media": SHARE}),
                                  topic_names=["media"])
    row = table.iloc[0]
    assert row["r"] == pytest.approx(stats.pearsonr(x, y).statistic, abs=1e-12)
    assert row["spearman"] == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)
    assert row["r_diff"] == pytest.approx(stats.pearsonr(np.diff(x), np.diff(y)).statistic, abs=1e-12)

    def lag1(v):
        d = v - v.mean()
        return (d[:-1] @ d[1:]) / (d @ d)

    a = lag1(x) * lag1(y)  # NOISE alternates, SHARE trends: a < 0, so n_eff = n (clipped)
    assert a < 0
    n_eff = min(len(x), len(x) * (1 - a) / (1 + a))
    assert row["n_eff"] == pytest.approx(n_eff)
    reference = stats.pearsonr(x, y)
    interval = reference.confidence_interval(0.95)  # Fisher z on n - 3: the same when n_eff = n
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((interval.low, interval.high), abs=1e-9)
    assert row["p_value"] == pytest.approx(reference.pvalue, rel=1e-9)


def test_topic_frame_alignment_fewer_effective_periods_for_trending_series():
    trend = np.linspace(0.1, 0.5, 20) + 0.01 * np.sin(np.arange(20))
    share = np.linspace(0.01, 0.1, 20) + 0.002 * np.cos(np.arange(20) * 1.7)
    table = topic_frame_alignment(prevalence_table({0: trend.tolist()}),
                                  trends_table({"media": share.tolist()}), topic_names=["media"])
    row = table.iloc[0]
    d1, d2 = trend - trend.mean(), share - share.mean()
    a = ((d1[:-1] @ d1[1:]) / (d1 @ d1)) * ((d2[:-1] @ d2[1:]) / (d2 @ d2))
    assert row["n_eff"] == pytest.approx(max(2.0, 20 * (1 - a) / (1 + a)))
    assert row["n_eff"] < 5  # strongly autocorrelated: few effective years
    z, half = math.atanh(row["r"]), 1.959963984540054 / math.sqrt(row["n_eff"] - 3) if row["n_eff"] > 3 else None
    if half is None:
        assert (row["ci_low"], row["ci_high"]) == (-1.0, 1.0)
    else:
        assert row["ci_low"] == pytest.approx(math.tanh(z - half))
    # the naive interval (n = 20) would be much narrower
    naive = stats.pearsonr(trend, share).confidence_interval(0.95)
    assert row["ci_high"] - row["ci_low"] > naive.high - naive.low


def test_topic_frame_alignment_leaves_out_flagged_periods_and_differences_across_gaps():
    flags = {("media", "2004"): "too_few"}
    table = topic_frame_alignment(prevalence_table({0: NOISE}), trends_table({"media": SHARE}, flags=flags),
                                  topic_names=["media"])
    keep = [i for i in range(10) if i != 3]
    x, y = np.array(NOISE)[keep], np.array(SHARE)[keep]
    assert table.loc[0, "n_periods"] == 9
    assert table.loc[0, "r"] == pytest.approx(stats.pearsonr(x, y).statistic)
    # differences only between consecutive years: 2003->2005 is not a one-year change
    dx = [NOISE[i + 1] - NOISE[i] for i in range(9) if 3 not in (i, i + 1)]
    dy = [SHARE[i + 1] - SHARE[i] for i in range(9) if 3 not in (i, i + 1)]
    assert table.loc[0, "r_diff"] == pytest.approx(stats.pearsonr(dx, dy).statistic)


@pytest.mark.parametrize("n", [1, 2])
def test_topic_frame_alignment_too_few_periods_gives_nan(n):
    table = topic_frame_alignment(prevalence_table({0: UP[:n]}), trends_table({"media": SHARE[:n]}),
                                  topic_names=["media"])
    assert table.loc[0, "n_periods"] == n
    assert table[["r", "ci_low", "ci_high", "p_value", "r_diff", "spearman"]].isna().all(axis=None)


def test_topic_frame_alignment_constant_series_gives_nan_r():
    table = topic_frame_alignment(prevalence_table({0: [0.2] * 10}), trends_table({"media": SHARE}),
                                  topic_names=["media"])
    assert math.isnan(table.loc[0, "r"]) and table.loc[0, "n_periods"] == 10


def test_topic_frame_alignment_best_says_it_is_a_selection():
    table = topic_frame_alignment(prevalence_table({0: NOISE, 1: UP}), trends_table({"military": SHARE}),
                                  pairs="best")
    assert table["topic"].tolist() == [1]
    assert any("biased upwards" in text for text in table.attrs["assumptions"])
    plain = topic_frame_alignment(prevalence_table({0: NOISE, 1: UP}), trends_table({"military": SHARE}),
                                  pairs="all")
    assert not any("biased upwards" in text for text in plain.attrs["assumptions"])


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.floats(0.0, 1.0), min_size=5, max_size=12), scale=st.floats(0.1, 10.0),
       shift=st.floats(-1.0, 1.0))
def test_topic_frame_alignment_is_invariant_to_rescaling_the_topic(values, scale, shift):
    share = SHARE[:len(values)] + [0.2] * max(0, len(values) - len(SHARE))
    trends = trends_table({"media": share})
    base = topic_frame_alignment(prevalence_table({0: values}), trends, topic_names=["media"])
    moved = topic_frame_alignment(prevalence_table({0: [v * scale + shift for v in values]}), trends,
                                  topic_names=["media"])
    flipped = topic_frame_alignment(prevalence_table({0: [shift - v * scale for v in values]}), trends,
                                    topic_names=["media"])
    r = base.loc[0, "r"]
    if math.isnan(r):
        return
    assert moved.loc[0, "r"] == pytest.approx(r, abs=1e-6)
    assert flipped.loc[0, "r"] == pytest.approx(-r, abs=1e-6)
    assert -1 <= base.loc[0, "ci_low"] <= r <= base.loc[0, "ci_high"] <= 1


# ---------------------------------------------------------------------- with the real producers
def test_topic_frame_alignment_on_estimate_effect_and_frame_trends_output():
    years = np.repeat(np.arange(2001, 2011), 30)
    share = 0.2 + 0.5 * (years - 2001) / 9  # topic 0 rises
    gamma = 30 * np.column_stack([share, 1 - share])
    model = SimpleNamespace(doc_topic_=gamma / 30, doc_topic_posterior_=gamma, topic_names_=["military", "other_1"],
                            docvars_=pd.DataFrame({"year": years}))
    prevalence = estimate_effect(model, time="year", spline_df=3, n_draws=10, n_coef_draws=10, random_state=0)
    within = np.tile(np.arange(30), 10)  # position of a document in its year
    present = within < np.round(30 * share * 0.5)  # the military frame's share rises with the topic
    counts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(years))],
                           "date": pd.to_datetime([f"{y}-06-01" for y in years]), "n_tokens": 50,
                           "military": present.astype(int), "military_score": present.astype(float),
                           "media": 0, "media_score": 0.0})
    trends = frame_trends(counts, frames=["military", "media"], measure="share", n_boot=50, min_units=5,
                          min_clusters=5, random_state=0)
    table = topic_frame_alignment(prevalence, trends, topic_names=model)
    assert table[["topic", "frame", "n_periods"]].values.tolist() == [[0, "military", 10]]
    assert table.loc[0, "r"] > 0.8
    assert table.attrs["measure"] == "share" and table.attrs["pairs"] == [(0, "military")]


# ---------------------------------------------------------------------- errors
def test_errors_for_the_wrong_kind_of_table_or_column():
    trends = trends_table({"media": SHARE})
    with pytest.raises(TypeError, match="estimate_effect"):
        topic_frame_pairs([1, 2], trends)
    with pytest.raises(ValueError, match=r"no column\(s\) \['ci_high'\]"):
        topic_frame_pairs(prevalence_table({0: UP}).drop(columns="ci_high"), trends)
    with pytest.raises(ValueError, match="frame_trends"):
        topic_frame_pairs(prevalence_table({0: UP}), trends.drop(columns="end"))
    with pytest.raises(ValueError, match="empty"):
        topic_frame_pairs(prevalence_table({0: UP}).iloc[:0], trends)
    with pytest.raises(TypeError, match="dates or numbers"):
        topic_frame_pairs(prevalence_table({0: UP[:2]}, times=["a", "b"]), trends, topic_names=["media"])


def test_errors_for_several_groups_in_one_table():
    grouped = pd.concat([prevalence_table({0: UP}).assign(group="a"), prevalence_table({0: UP}).assign(group="b")])
    with pytest.raises(ValueError, match="filter one group first"):
        topic_frame_pairs(grouped, trends_table({"media": SHARE}), topic_names=["media"])
    trends = pd.concat([trends_table({"media": SHARE}).assign(lang="ar"),
                        trends_table({"media": SHARE}).assign(lang="fr")])
    with pytest.raises(ValueError, match=r"lang == 'ar'"):
        topic_frame_pairs(prevalence_table({0: UP}), trends, topic_names=["media"])


def test_errors_for_pairs_and_names():
    prevalence, trends = prevalence_table({0: UP, 1: DOWN}), trends_table({"media": SHARE})
    with pytest.raises(ValueError, match="no topic is named after a frame.*seeds='terrorism_frames'"):
        topic_frame_pairs(prevalence, trends)
    with pytest.raises(ValueError, match="pairs"):
        topic_frame_pairs(prevalence, trends, pairs="matching")
    with pytest.raises(ValueError, match="unknown topic 7"):
        topic_frame_pairs(prevalence, trends, pairs={7: "media"})
    with pytest.raises(ValueError, match="unknown frame 'war'"):
        topic_frame_pairs(prevalence, trends, pairs=[(0, "war")])
    with pytest.raises(TypeError, match="sequence of"):
        topic_frame_pairs(prevalence, trends, pairs=[0, 1])
    with pytest.raises(ValueError, match=r"no name for topic\(s\) \[1\]"):
        topic_frame_pairs(prevalence, trends, topic_names=["media"])
    with pytest.raises(TypeError, match="topic_names"):
        topic_frame_pairs(prevalence, trends, topic_names="media")
    with pytest.raises(ValueError, match="ci must be"):
        topic_frame_alignment(prevalence, trends, pairs="all", ci=95)


def test_error_when_no_time_falls_in_the_frame_periods():
    with pytest.raises(ValueError, match="same documents"):
        topic_frame_pairs(prevalence_table({0: UP}, times=list(range(1950, 1960))), trends_table({"media": SHARE}),
                          topic_names=["media"])
