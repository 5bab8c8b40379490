"""Tests for toolkit.corpus.dates: a table of real-looking dates, errors, parse_dates, properties.

The month-name tables below are written out independently of the module (as the sources print
them, with hamza, ة and ى), so a wrong or missing entry in the module makes a test fail.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared as _shared
from toolkit.corpus import dates as dates_module
from toolkit.corpus.dates import MAX_YEAR, MIN_YEAR, ParsedDate, parse_date, parse_dates
from toolkit.errors import DateParseError


# --------------------------------------------------------------------------- table of forms
D, M, Y = "day", "month", "year"
CASES = [
    # ISO and numeric
    ("2017-01-25T14:36:00+01:00", "2017-01-25", D),
    ("2017-01-25T00:30:00+03:00", "2017-01-25", D),  # UTC would give the 24th
    ("2017-01-25T23:30:00-05:00", "2017-01-25", D),  # UTC would give the 26th
    ("2017-01-25T14:36:00Z", "2017-01-25", D),
    ("2017-01-25T14:36:00.123+0100", "2017-01-25", D),
    ("2017-01-25T143600", "2017-01-25", D),
    ("2017-01-22T171800", "2017-01-22", D),
    ("2015-07-21 10:22:33", "2015-07-21", D),
    ("2015-07-21", "2015-07-21", D),
    ("2015-7-1", "2015-07-01", D),
    ("20170121", "2017-01-21", D),
    ("2017-01", "2017-01-01", M),
    ("02/2015", "2015-02-01", M),
    ("2017", "2017-01-01", Y),
    ("1946", "1946-01-01", Y),
    ("16/02/2015", "2015-02-16", D),
    ("16-02-2015", "2015-02-16", D),
    ("16.02.2015", "2015-02-16", D),
    ("05/03/2015", "2015-03-05", D),  # dayfirst by default
    ("02/16/2015", "2015-02-16", D),  # 16 cannot be a month
    ("2/3/2016", "2016-03-02", D),
    ("16/02/2015 14:30", "2015-02-16", D),
    ("2015/02/16", "2015-02-16", D),
    ("2015.02.16", "2015-02-16", D),
    ("  16/02/2015\n", "2015-02-16", D),
    ("١٦/٠٢/٢٠١٥", "2015-02-16", D),
    ("۱۶/۰۲/۲۰۱۵", "2015-02-16", D),
    ("٢٠١٧-٠١-٢٥", "2017-01-25", D),
    ("\u200f16/02/2015\u200e", "2015-02-16", D),  # direction marks from web pages
    # Maghreb
    ("26 دجنبر 2017", "2017-12-26", D),
    ("الأحد 26 نونبر 2017", "2017-11-26", D),
    ("٢٦ نونبر ٢٠١٧", "2017-11-26", D),
    ("3 يوليوز 2016", "2016-07-03", D),
    ("3 يوليو 2016", "2016-07-03", D),
    ("15 غشت 2015", "2015-08-15", D),
    ("8 شتنبر 2016", "2016-09-08", D),
    ("1 ماي 2017", "2017-05-01", D),
    ("12 إبريل 2016", "2016-04-12", D),
    ("12 أبريل 2016", "2016-04-12", D),
    ("12 ابريل 2016", "2016-04-12", D),
    ("الجمعة 6 يناير 2017", "2017-01-06", D),
    # Tunisia / Algeria
    ("3 جانفي 2016", "2016-01-03", D),
    ("14 فيفري 2016", "2016-02-14", D),
    ("18 مارس 2015", "2015-03-18", D),
    ("9 أفريل 2015", "2015-04-09", D),
    ("5 جوان 2016", "2016-06-05", D),
    ("25 جويلية 2015", "2015-07-25", D),
    ("13 أوت 2015", "2015-08-13", D),
    ("جانفى 2016", "2016-01-01", M),  # final ى
    # Levant / Iraq
    ("كانون الثاني 2016", "2016-01-01", M),
    ("14 تشرين الأول 2015", "2015-10-14", D),
    ("14 تشرين الثاني 2015", "2015-11-14", D),
    ("31 كانون الأول 2016", "2016-12-31", D),
    ("5 كانون ثاني 2016", "2016-01-05", D),
    ("10 شباط 2016", "2016-02-10", D),
    ("21 آذار 2016", "2016-03-21", D),
    ("7 حزيران 2014", "2014-06-07", D),
    ("6 آب 2015", "2015-08-06", D),
    ("أيلول 2015", "2015-09-01", M),
    # Egypt / Gulf
    ("26 نوفمبر 2017", "2017-11-26", D),
    ("الخميس 3 أغسطس 2017", "2017-08-03", D),
    ("3 اغسطس 2017", "2017-08-03", D),
    ("30 يونيه 2013", "2013-06-30", D),
    ("الأحد، 26 نوفمبر 2017م", "2017-11-26", D),
    ("26 نُوفَمْبَر 2017", "2017-11-26", D),
    ("26 نوفمـــبر 2017", "2017-11-26", D),
    ("سنة 2017", "2017-01-01", Y),
    ("26/11/2017م", "2017-11-26", D),
    ("1439/3/8هـ الموافق 26/11/2017م", "2017-11-26", D),
    ("عام 2016م", "2016-01-01", Y),
    # combined series
    ("15 تموز/يوليو 2017", "2017-07-15", D),
    ("15 يوليو (تموز) 2017", "2017-07-15", D),
    ("تشرين الثاني/نوفمبر 2017", "2017-11-01", M),
    ("الأحد 8 ربيع الأول 1439هـ الموافق 26 نوفمبر 2017م", "2017-11-26", D),
    ("26 نوفمبر 2017م الموافق لـ 8 ربيع الأول 1439هـ", "2017-11-26", D),
    # Libya 1986-2011
    ("1 الفاتح 2009", "2009-09-01", D),
    # French
    ("12 novembre 2015", "2015-11-12", D),
    ("dimanche 12 novembre 2015", "2015-11-12", D),
    ("le 13 novembre 2015", "2015-11-13", D),
    ("1er janvier 2016", "2016-01-01", D),
    ("14 février 2016", "2016-02-14", D),
    ("14 fevrier 2016", "2016-02-14", D),
    ("14 FÉVRIER 2016", "2016-02-14", D),
    ("15 août 2015", "2015-08-15", D),
    ("15 aout 2015", "2015-08-15", D),
    ("3 déc. 2015", "2015-12-03", D),
    ("5 févr. 2016", "2016-02-05", D),
    ("1 juil. 2016", "2016-07-01", D),
    ("novembre 2015", "2015-11-01", M),
    ("le dimanche 15 novembre 2015 à 14h30", "2015-11-15", D),
    # English
    ("Sunday, 26 November 2017", "2017-11-26", D),
    ("November 26, 2017", "2017-11-26", D),
    ("26th November 2017", "2017-11-26", D),
    ("of 30 January 1946", "1946-01-30", D),
    ("Sept 11, 2001", "2001-09-11", D),
    ("11 Sep 2001", "2001-09-11", D),
    ("1st May 2017", "2017-05-01", D),
    ("2nd June 2017", "2017-06-02", D),
    ("3rd July 2017", "2017-07-03", D),
    ("January 1946", "1946-01-01", M),
    ("Tue, 11 Sep 2001 08:46:00 -0400", "2001-09-11", D),
    ("26 November 2017, 2:30 pm", "2017-11-26", D),
    ("1789-10-03", "1789-10-03", D),  # first U.S. presidential speech in the shared corpus
]


@pytest.mark.parametrize(("text", "expected", "precision"), CASES, ids=[c[0] for c in CASES])
def test_dates_parse_date_table(text, expected, precision):
    assert parse_date(text) == ParsedDate(pd.Timestamp(expected), precision)


def test_dates_table_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize(("text", "dayfirst", "expected"), [
    ("05/03/2015", True, "2015-03-05"),
    ("05/03/2015", False, "2015-05-03"),
    ("02/16/2015", False, "2015-02-16"),
    ("16/02/2015", False, "2015-02-16"),  # 16 cannot be a month whatever dayfirst says
    ("2015-03-05", False, "2015-03-05"),  # ISO is never swapped
])
def test_dates_dayfirst(text, dayfirst, expected):
    assert parse_date(text, dayfirst=dayfirst).timestamp == pd.Timestamp(expected)


# --------------------------------------------------------------------------- non-string input
@pytest.mark.parametrize(("value", "expected", "precision"), [
    (dt.date(2017, 11, 26), "2017-11-26", D),
    (dt.datetime(2017, 11, 26, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=3))), "2017-11-26", D),
    (pd.Timestamp("2017-11-26 00:30", tz="Africa/Tunis"), "2017-11-26", D),
    (pd.Timestamp("2017-11-26 18:00"), "2017-11-26", D),
    (np.datetime64("2017-11-26T10:00"), "2017-11-26", D),
    (2017, "2017-01-01", Y),
    (np.int64(1946), "1946-01-01", Y),
    (2017.0, "2017-01-01", Y),
    (20170121, "2017-01-21", D),
])
def test_dates_parse_date_objects(value, expected, precision):
    assert parse_date(value) == ParsedDate(pd.Timestamp(expected), precision)


def test_dates_timestamp_is_naive_midnight():
    stamp = parse_date("2017-01-25T14:36:00+01:00").timestamp
    assert stamp.tz is None and stamp == stamp.normalize()


@pytest.mark.parametrize("value", [[2017], b"2017", True, dt.time(12, 0), object()])
def test_dates_wrong_type_raises_type_error(value):
    with pytest.raises(TypeError):
        parse_date(value)


def test_dates_parsed_date_checks_precision():
    with pytest.raises(ValueError, match="precision"):
        ParsedDate(pd.Timestamp("2017-01-01"), "week")


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(("value", "reason"), [
    ("", "empty"),
    ("   ", "empty"),
    ("yesterday", "unrecognised"),
    ("31/02/2015", "day 31 does not exist"),
    ("29 février 2015", "day 29 does not exist"),
    ("2015-13-01", "month 13"),
    ("16/13/2015", "neither 16 nor 13"),
    ("16/02/15", "two-digit years"),
    ("16/02/215", "four digits"),
    ("1445 هـ", "Hijri"),
    ("12 ربيع الأول 1445 هـ", "Hijri"),
    ("1445هـ", "Hijri"),
    ("1445", "Hijri"),  # out of range, with a hint
    ("1650", f"outside {MIN_YEAR}-{MAX_YEAR}"),
    ("12 mai 2150", f"outside {MIN_YEAR}-{MAX_YEAR}"),
    ("26 نونبر", "no four-digit year"),
    ("16 02 2015", "no month name"),
    ("26 تشرين 2017", "ambiguous"),
    ("26 كانون 2017", "ambiguous"),
    ("17122015", "YYYYMMDD"),
    ("2017-01-25T25:00:00", "time"),
    ("2017-01-25T14:36:00+25:00", "offset"),
    ("15 juillet/août 2015", "disagree"),
    ("Riyadh, 26 November 2017", "unrecognised"),
    (None, "missing"),
    (float("nan"), "missing"),
    (pd.NaT, "missing"),
    (2017.5, "whole year"),
    (17, "four-digit year (1946)"),
    (-2017, "four-digit year (1946)"),
])
def test_dates_parse_date_errors(value, reason):
    with pytest.raises(DateParseError, match=re.escape(reason)) as info:
        parse_date(value)
    message = str(info.value)
    assert repr(value)[:40] in message
    assert "Supported forms" in message and "16/02/2015" in message


def test_dates_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_date("yesterday")


# --------------------------------------------------------------------------- parse_dates
def test_dates_parse_dates_repeats_and_missing():
    values = ["16/02/2015", None, "novembre 2015", "16/02/2015", float("nan"), "yesterday",
              pd.NA, "2017", dt.date(2017, 11, 26), "16/02/2015"]
    dates, precision = parse_dates(values)
    assert dates.dtype == "datetime64[ns]"
    assert precision.dtype == object
    expected = ["2015-02-16", None, "2015-11-01", "2015-02-16", None, None, None, "2017-01-01",
                "2017-11-26", "2015-02-16"]
    assert dates.tolist() == [pd.Timestamp(e) if e else pd.NaT for e in expected]
    assert precision.tolist() == ["day", None, "month", "day", None, None, None, "year", "day",
                                  "day"]
    assert isinstance(dates.index, pd.RangeIndex)


def test_dates_parse_dates_keeps_series_index_and_name():
    values = pd.Series(["16/02/2015", None, "2017-01"], index=["a", "b", "c"], name="date")
    dates, precision = parse_dates(values)
    assert dates.index.tolist() == ["a", "b", "c"] == precision.index.tolist()
    assert dates.name == "date"
    assert dates["c"] == pd.Timestamp("2017-01-01") and precision["c"] == "month"


def test_dates_parse_dates_accepts_generators_and_empty():
    dates, precision = parse_dates(s for s in ["2017"])
    assert dates.tolist() == [pd.Timestamp("2017-01-01")]
    dates, precision = parse_dates([])
    assert len(dates) == 0 and dates.dtype == "datetime64[ns]" and len(precision) == 0


def test_dates_parse_dates_raise_names_position():
    with pytest.raises(DateParseError, match=r"position 2\b.*'31/02/2015'"):
        parse_dates(["16/02/2015", None, "31/02/2015", "yesterday"], errors="raise")


def test_dates_parse_dates_raise_names_index_label():
    values = pd.Series(["2017", "hier"], index=["doc1", "doc2"])
    with pytest.raises(DateParseError, match=r"position 1 \(index 'doc2'\)"):
        parse_dates(values, errors="raise")


def test_dates_parse_dates_missing_is_not_an_error_in_raise_mode():
    dates, _ = parse_dates([None, "2017"], errors="raise")
    assert dates.isna().tolist() == [True, False]


def test_dates_parse_dates_coerce_logs_a_warning(caplog):
    with caplog.at_level("WARNING", logger="toolkit.corpus.dates"):
        parse_dates(["hier", "hier", "2017"])
    assert "1 distinct values could not be parsed" in caplog.text and "'hier'" in caplog.text


def test_dates_parse_dates_parses_each_distinct_string_once(monkeypatch):
    calls = []
    original = dates_module._parse_text

    def counting(text, *args, **kwargs):
        calls.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(dates_module, "_parse_text", counting)
    values = ["16/02/2015", "26 دجنبر 2017", "hier"] * 50
    dates, _ = parse_dates(values)
    assert sorted(calls) == sorted(set(values))
    assert dates.notna().sum() == 100


def test_dates_parse_dates_cache_is_per_call(monkeypatch):
    calls = []
    original = dates_module._parse_text
    monkeypatch.setattr(dates_module, "_parse_text",
                        lambda text, *a, **k: calls.append(text) or original(text, *a, **k))
    parse_dates(["2017"])
    parse_dates(["2017"])
    assert calls == ["2017", "2017"]


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"errors": "ignore"}, ValueError),
    ({"dayfirst": "yes"}, TypeError),
])
def test_dates_parse_dates_bad_options(kwargs, error):
    with pytest.raises(error):
        parse_dates(["2017"], **kwargs)


def test_dates_parse_dates_rejects_single_string():
    with pytest.raises(TypeError, match="single string"):
        parse_dates("16/02/2015")


# --------------------------------------------------------------------------- properties
WEEKDAYS = {  # Monday first, as datetime.date.weekday()
    "ar": ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
SERIES = {  # series -> (language, 12 lists of spellings)
    "maghreb": ("ar", [["يناير"], ["فبراير"], ["مارس"], ["أبريل", "إبريل"], ["ماي"], ["يونيو"],
                       ["يوليوز", "يوليو"], ["غشت"], ["شتنبر"], ["أكتوبر"], ["نونبر"], ["دجنبر"]]),
    "tunisia_algeria": ("ar", [["جانفي"], ["فيفري"], ["مارس"], ["أفريل"], ["ماي"], ["جوان"],
                               ["جويلية"], ["أوت"], ["سبتمبر"], ["أكتوبر"], ["نوفمبر"],
                               ["ديسمبر"]]),
    "levant_iraq": ("ar", [["كانون الثاني", "كانون ثاني"], ["شباط"], ["آذار"], ["نيسان"], ["أيار"],
                           ["حزيران"], ["تموز"], ["آب"], ["أيلول"], ["تشرين الأول", "تشرين أول"],
                           ["تشرين الثاني", "تشرين ثاني"], ["كانون الأول", "كانون أول"]]),
    "egypt_gulf": ("ar", [["يناير"], ["فبراير"], ["مارس"], ["أبريل"], ["مايو"], ["يونيو", "يونيه"],
                          ["يوليو", "يوليه"], ["أغسطس", "اغسطس"], ["سبتمبر"], ["أكتوبر"],
                          ["نوفمبر"], ["ديسمبر"]]),
    "libya": ("ar", [["أي النار"], ["النوار"], ["الربيع"], ["الطير"], ["الماء"], ["الصيف"],
                     ["ناصر"], ["هانيبال"], ["الفاتح"], ["التمور"], ["الحرث"], ["الكانون"]]),
    "french": ("fr", [["janvier", "janv."], ["février", "fevrier", "févr.", "fév."], ["mars"],
                      ["avril", "avr."], ["mai"], ["juin"], ["juillet", "juil."], ["août", "aout"],
                      ["septembre", "sept."], ["octobre", "oct."], ["novembre", "nov."],
                      ["décembre", "decembre", "déc."]]),
    "english": ("en", [["January", "Jan"], ["February", "Feb"], ["March", "Mar"], ["April", "Apr"],
                       ["May"], ["June", "Jun"], ["July", "Jul"], ["August", "Aug"],
                       ["September", "Sep", "Sept", "Sept."], ["October", "Oct"],
                       ["November", "Nov"], ["December", "Dec"]]),
}
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MARKS = ["", "", "", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0670", "\u0640"]
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


ALL_SPELLINGS = [(series, number, spelling) for series, (_, months) in SERIES.items()
                 for number, spellings in enumerate(months, start=1) for spelling in spellings]


@pytest.mark.parametrize(("series", "number", "spelling"), ALL_SPELLINGS,
                         ids=[f"{s}-{n}-{name}" for s, n, name in ALL_SPELLINGS])
def test_dates_every_month_name(series, number, spelling):
    assert parse_date(f"15 {spelling} 2016").timestamp == pd.Timestamp(2016, number, 15)


@st.composite
def arabic_spelling(draw, name):
    """The month name as some outlet might print it: hamza dropped, ى, ه, diacritics, tatweel."""
    if draw(st.booleans()):
        name = name.translate(str.maketrans("أإآ", "ااا"))
    if draw(st.booleans()):
        name = re.sub(r"ي\b", "ى", name)
    if draw(st.booleans()):
        name = name.replace("ة", "ه")
    marks = draw(st.lists(st.sampled_from(MARKS), min_size=len(name), max_size=len(name)))
    return "".join(c + mark if c != " " else c for c, mark in zip(name, marks))


@st.composite
def formatted_date(draw, series, date):
    lang, months = SERIES[series]
    name = draw(st.sampled_from(months[date.month - 1]))
    day, year = str(date.day), str(date.year)
    weekday = WEEKDAYS[lang][date.weekday()] if draw(st.booleans()) else ""
    if lang == "ar":
        name = draw(arabic_spelling(name))
        year += draw(st.sampled_from(["", "م", " م"]))
        text = f"{weekday}{draw(st.sampled_from([' ', '، ']))}{day} {name} {year}"
        digits = draw(st.sampled_from([None, ARABIC_INDIC, PERSIAN]))
        text = text.translate(digits) if digits else text
    elif lang == "fr":
        name = draw(st.sampled_from([name, name.upper(), name.capitalize()]))
        day = "1er" if date.day == 1 and draw(st.booleans()) else day
        text = f"{draw(st.sampled_from(['', 'le ']))}{weekday} {day} {name} {year}"
    else:
        last = 0 if date.day in (11, 12, 13) else date.day % 10
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(last, "th")
        day = day + suffix if draw(st.booleans()) else day
        text = draw(st.sampled_from([
            f"{weekday}, {day} {name} {year}", f"{weekday} {name} {day}, {year}",
            f"of {day} {name} {year}", f"{day} {name.upper()} {year}",
        ]))
    return text


@settings(max_examples=150, deadline=None)
@given(date=DATES, series=st.sampled_from(sorted(SERIES)), data=st.data())
def test_dates_property_words_round_trip(date, series, data):
    text = data.draw(formatted_date(series, date), label="text")
    assert parse_date(text) == ParsedDate(pd.Timestamp(date), "day")


@settings(max_examples=100, deadline=None)
@given(date=DATES, series=st.sampled_from(sorted(SERIES)), data=st.data())
def test_dates_property_month_year(date, series, data):
    lang, months = SERIES[series]
    name = data.draw(st.sampled_from(months[date.month - 1]))
    if lang == "ar":
        name = data.draw(arabic_spelling(name))
    parsed = parse_date(f"{name} {date.year}")
    assert parsed == ParsedDate(pd.Timestamp(date.year, date.month, 1), "month")


@settings(max_examples=200, deadline=None)
@given(date=DATES, data=st.data())
def test_dates_property_numeric_round_trip(date, data):
    hour, minute, second = data.draw(st.tuples(st.integers(0, 23), st.integers(0, 59),
                                               st.integers(0, 59)))
    sep = data.draw(st.sampled_from("/-."))
    offset = data.draw(st.sampled_from(["Z", "+01:00", "-05:00", "+0330", ""]))
    text, dayfirst = data.draw(st.sampled_from([
        (date.isoformat(), True),
        (f"{date.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{offset}", True),
        (f"{date.isoformat()}T{hour:02d}{minute:02d}{second:02d}", True),
        (f"{date.isoformat()} {hour:02d}:{minute:02d}:{second:02d}", True),
        (date.strftime("%Y%m%d"), True),
        (f"{date.day:02d}{sep}{date.month:02d}{sep}{date.year}", True),
        (f"{date.day}{sep}{date.month}{sep}{date.year}", True),
        (f"{date.month:02d}{sep}{date.day:02d}{sep}{date.year}", False),
        (f"{date.year}{sep}{date.month:02d}{sep}{date.day:02d}", True),
    ]))
    digits = data.draw(st.sampled_from([None, ARABIC_INDIC, PERSIAN]))
    text = text.translate(digits) if digits else text
    assert parse_date(text, dayfirst=dayfirst) == ParsedDate(pd.Timestamp(date), "day")


DATEISH = ["16", "02", "2015", "/", "-", ".", ":", "T", "+01:00", "هـ", "م", "1445", "الموافق",
           "كانون", "الثاني", "تشرين", "نونبر", "janv.", "1er", "of", "Sept", "31", "13", "٢٠١٧",
           "0", "00000000", "ربيع", "الأول", "2017م", " ", ",", "(", ")", "ـ", "\u0651", "99999"]


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(), st.lists(st.sampled_from(DATEISH), max_size=8).map("".join),
                      st.lists(st.sampled_from(DATEISH), max_size=8).map(" ".join)),
       dayfirst=st.booleans())
def test_dates_property_only_date_parse_errors(text, dayfirst):
    try:
        parsed = parse_date(text, dayfirst=dayfirst)
    except DateParseError:
        return
    assert parsed.precision in {"day", "month", "year"}
    assert MIN_YEAR <= parsed.timestamp.year <= MAX_YEAR
    assert parsed.timestamp == parsed.timestamp.normalize()


@settings(max_examples=50, deadline=None)
@given(texts=st.lists(st.sampled_from([c[0] for c in CASES] + ["hier", "", "31/02/2015"]),
                      max_size=20))
def test_dates_property_parse_dates_matches_parse_date(texts):
    dates, precision = parse_dates(texts)
    for text, stamp, prec in zip(texts, dates, precision):
        try:
            expected = parse_date(text)
        except DateParseError:
            assert pd.isna(stamp) and prec is None
        else:
            assert (stamp, prec) == (expected.timestamp, expected.precision)


# --------------------------------------------------------------------------- real corpora


@pytest.mark.integration
def test_dates_integration_ant_corpus_time_fields():
    root = _shared("ant_corpus_ar") / "data"
    times = [m[1] for f in root.rglob("*.txt")
             if (m := re.search(r"<TIME>([^<]*)</TIME>", f.read_text(encoding="utf-8")))]
    assert len(times) > 1000
    dates, precision = parse_dates(times, errors="raise")
    assert set(precision) == {"day"}
    assert dates.min() >= pd.Timestamp("2013-10-01") and dates.max() <= pd.Timestamp("2017-04-30")


@pytest.mark.integration
def test_dates_integration_unsc_adoption_dates_match_file_year():
    root = _shared("unsc_resolutions_en_gold") / "data" / "res_en_gold"
    found = []
    for path in sorted(root.glob("S_RES_*_EN_GOLD.txt")):
        head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:3])
        if m := re.search(r"\b(of [0-9]{1,2} [A-Z][a-z]+ [0-9]{4})", head):
            found.append((m[1], int(path.name.split("_")[3])))
    assert len(found) > 500
    dates, _ = parse_dates([text for text, _ in found], errors="raise")
    assert dates.dt.year.tolist() == [year for _, year in found]


@pytest.mark.integration
def test_dates_integration_presidential_speech_file_names():
    root = _shared("us_presidential_speeches") / "data"
    stems = [p.name[:10] for p in root.iterdir()
             if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-", p.name)]
    dates, _ = parse_dates(stems, errors="raise")
    assert dates.min().year == 1789
