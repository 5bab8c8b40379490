"""Periods: calendar bins, break dates, rolling windows, bounds, and clear errors."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.compare import assign_periods, period_table, rolling_periods
from toolkit.compare.periods import as_dates

DATES = pd.Series(pd.to_datetime(["2001-02-03", "2001-09-30", "2002-01-01", "2001-12-31"]), name="date")


@pytest.mark.parametrize(("freq", "expected", "categories"), [
    ("year", ["2001", "2001", "2002", "2001"], ["2001", "2002"]),
    ("quarter", ["2001Q1", "2001Q3", "2002Q1", "2001Q4"], ["2001Q1", "2001Q2", "2001Q3", "2001Q4", "2002Q1"]),
    ("month", ["2001-02", "2001-09", "2002-01", "2001-12"],
     [f"2001-{m:02d}" for m in range(2, 13)] + ["2002-01"]),
])
def test_compare_periods_calendar_labels_and_empty_bins(freq, expected, categories):
    labels = assign_periods(DATES, freq=freq)
    assert labels.tolist() == expected
    assert list(labels.cat.categories) == categories
    assert labels.cat.ordered
    assert labels.index.equals(DATES.index)
    assert labels.name == "period"


@pytest.mark.parametrize(("freq", "label", "start", "end"), [
    ("year", "2001", "2001-01-01", "2001-12-31"),
    ("quarter", "2001Q3", "2001-07-01", "2001-09-30"),
    ("month", "2001-02", "2001-02-01", "2001-02-28"),
    ("month", "2001-12", "2001-12-01", "2001-12-31"),
])
def test_compare_periods_calendar_bounds(freq, label, start, end):
    table = period_table(assign_periods(DATES, freq=freq)).set_index("period")
    assert table.loc[label, "start"] == pd.Timestamp(start)
    assert table.loc[label, "end"] == pd.Timestamp(end)
    assert table.loc[label, "start"] <= table.loc[label, "midpoint"] <= table.loc[label, "end"]


def test_compare_periods_break_labels_and_break_day_starts_new_period():
    dates = pd.Series(["2001-09-10", "2001-09-11", "2015-12-14", "2015-12-15", "2020-01-01"])
    labels = assign_periods(dates, breaks=["2001-09-11", "2015-12-15"])
    assert labels.tolist() == ["before 2001-09-11", "2001-09-11 to 2015-12-14", "2001-09-11 to 2015-12-14",
                               "from 2015-12-15", "from 2015-12-15"]
    table = period_table(labels)
    assert table["start"].tolist() == [pd.Timestamp("2001-09-10"), pd.Timestamp("2001-09-11"),
                                       pd.Timestamp("2015-12-15")]
    assert table["end"].tolist() == [pd.Timestamp("2001-09-10"), pd.Timestamp("2015-12-14"),
                                     pd.Timestamp("2020-01-01")]


def test_compare_periods_custom_labels_keep_order():
    labels = assign_periods(["2010", "1990", "2003"], breaks=["2001-09-11"], labels=["pre-9/11", "post-9/11"])
    assert labels.tolist() == ["post-9/11", "pre-9/11", "post-9/11"]
    assert list(labels.cat.categories) == ["pre-9/11", "post-9/11"]
    assert labels.min() == "pre-9/11"


def test_compare_periods_missing_dates_are_nan_and_logged(caplog):
    dates = pd.Series([pd.Timestamp("2001-01-01"), pd.NaT, None], dtype="datetime64[ns]", name="date")
    with caplog.at_level(logging.INFO, logger="toolkit.compare.periods"):
        labels = assign_periods(dates, freq="year")
    assert labels.isna().tolist() == [False, True, True]
    assert "2 of 3 dates in 'date' are missing" in caplog.text


def test_compare_periods_all_missing_gives_no_category():
    labels = assign_periods(pd.Series([pd.NaT, pd.NaT]), freq="year")
    assert labels.isna().all() and len(labels.cat.categories) == 0
    assert period_table(labels).empty


def test_compare_periods_accepts_strings_index_and_timezones():
    assert assign_periods(["2001", "2001-09", "2001-09-11"], freq="month").tolist() == ["2001-01", "2001-09", "2001-09"]
    idx = pd.DatetimeIndex(["2001-03-01", "2002-03-01"])
    assert assign_periods(idx, freq="year").tolist() == ["2001", "2002"]
    aware = pd.Series(pd.to_datetime(["2001-12-31T23:30:00+01:00"]))
    assert assign_periods(aware, freq="year").tolist() == ["2001"]  # local calendar date kept


def test_compare_periods_table_without_attrs_reads_labels():
    labels = pd.Series(pd.Categorical(["2001Q3", "2001Q4"], ordered=True))
    table = period_table(labels)
    assert table["start"].tolist() == [pd.Timestamp("2001-07-01"), pd.Timestamp("2001-10-01")]
    other = period_table(pd.Series(["b", "a"]))
    assert other["period"].tolist() == ["a", "b"] and other["start"].isna().all()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "give exactly one of freq"),
    ({"freq": "year", "breaks": ["2001-01-01"]}, "give exactly one of freq"),
    ({"freq": "week"}, "freq='week' is invalid; must be one of"),
    ({"freq": "year", "labels": ["a"]}, "labels= applies to breaks= only"),
    ({"breaks": ["2015-01-01", "2001-01-01"]}, "strictly increasing"),
    ({"breaks": ["2001-09-11T10:00"]}, "has a time of day"),
    ({"breaks": []}, "breaks is empty"),
    ({"breaks": ["2001-09-11"], "labels": ["only one"]}, "labels must be 2 distinct names"),
    ({"breaks": ["not a date"]}, "is not a date"),
])
def test_compare_periods_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        assign_periods(DATES, **kwargs)


def test_compare_periods_breaks_must_be_a_list():
    with pytest.raises(TypeError, match="breaks must be a list of dates"):
        assign_periods(DATES, breaks="2001-09-11")


def test_compare_periods_unparsable_dates_name_the_column():
    with pytest.raises(ValueError, match=r"column 'when': 2 value\(s\) are not dates, such as '11 Sept'"):
        assign_periods(pd.Series(["2001-09-11", "11 Sept", "soon"], name="when"), freq="year")
    with pytest.raises(ValueError, match="holds numbers"):
        as_dates(pd.Series([2001, 2002], name="year"))


def test_compare_periods_rolling_windows_cover_units():
    dates = pd.Series(pd.to_datetime(["2000-06-01", "2001-06-01", "2002-06-01", None]), index=list("abcd"))
    table = rolling_periods(dates, width="2Y", step="1Y", start="2000-01-01")
    assert table.index.tolist() == ["a", "b", "b", "c"]
    assert table["period"].tolist() == ["2000-01-01 to 2001-12-31"] * 2 + ["2001-01-01 to 2002-12-31"] * 2
    assert list(table["period"].cat.categories) == ["2000-01-01 to 2001-12-31", "2001-01-01 to 2002-12-31"]
    assert (table["end"] == table["start"] + pd.DateOffset(years=2) - pd.Timedelta(days=1)).all()


def test_compare_periods_rolling_windows_run_until_end_and_may_be_empty():
    dates = pd.Series(pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-20"]))
    table = rolling_periods(dates, width=pd.Timedelta(days=7), step="7D")
    windows = table.attrs["period_bounds"]["period"]
    assert windows == ["2000-01-01 to 2000-01-07", "2000-01-08 to 2000-01-14", "2000-01-15 to 2000-01-21"]
    assert table["period"].value_counts().sort_index().tolist() == [2, 0, 1]
    assert period_table(table["period"].pipe(lambda s: s.set_axis(range(len(s))))).shape[0] == 3


@settings(max_examples=40)
@given(st.lists(st.dates(min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2004-12-31").date()),
                min_size=1, max_size=30),
       st.sampled_from(["1Y", "6M", "90D"]), st.sampled_from(["1Y", "3M", "30D"]))
def test_compare_periods_rolling_membership_matches_definition(days, width, step):
    dates = pd.Series(pd.to_datetime(days))
    table = rolling_periods(dates, width=width, step=step)
    bounds = table.attrs["period_bounds"]
    values = dates.to_numpy()
    codes = table["period"].cat.codes.to_numpy()
    rows = table.index.to_numpy()
    for k, (start, end) in enumerate(zip(bounds["start"], bounds["end"], strict=True)):
        inside = np.flatnonzero((values >= start.to_datetime64()) & (values <= end.to_datetime64()))
        assert sorted(rows[codes == k]) == inside.tolist()
    assert bounds["end"][-1] >= dates.max()  # windows reach the last date
    width_min, step_max = {"1Y": 365, "6M": 181, "90D": 90}[width], {"1Y": 366, "3M": 92, "30D": 30}[step]
    if width == step or width_min > step_max:  # windows touch or overlap: every unit is in one
        assert set(rows) == set(range(len(dates)))


@settings(max_examples=30)
@given(st.lists(st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2010-12-31").date()),
                min_size=1, max_size=40), st.sampled_from(["year", "quarter", "month"]))
def test_compare_periods_every_date_inside_its_bounds(days, freq):
    dates = pd.Series(pd.to_datetime(days))
    labels = assign_periods(dates, freq=freq)
    table = period_table(labels).set_index("period")
    start = table.loc[labels.astype(str), "start"].to_numpy()
    end = table.loc[labels.astype(str), "end"].to_numpy()
    assert ((dates.to_numpy() >= start) & (dates.to_numpy() <= end)).all()
    assert (table["start"].iloc[1:].to_numpy() == (table["end"].iloc[:-1] + pd.Timedelta(days=1)).to_numpy()).all()


@pytest.mark.parametrize(("width", "step", "message"), [
    ("5 years", "1Y", "width='5 years' is not a time span"),
    ("0Y", "1Y", "width='0Y' is not a time span"),
    ("1Y", pd.Timedelta(0), "does not move the window forward"),
])
def test_compare_periods_rolling_bad_spans(width, step, message):
    with pytest.raises(ValueError, match=message):
        rolling_periods(DATES, width=width, step=step)


def test_compare_periods_rolling_end_before_start():
    with pytest.raises(ValueError, match="comes before start"):
        rolling_periods(DATES, width="1Y", step="1Y", start="2005-01-01", end="2001-01-01")
