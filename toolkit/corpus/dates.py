"""Parse the dates of communiqués: ISO, numeric, and Arabic, French or English month names.

Communiqués and news reports date themselves in many ways: ISO time stamps from a CMS,
``DD/MM/YYYY`` from a web page, or words in one of several Arabic month-name series. This
module turns any of them into a :class:`ParsedDate` (a naive ``pd.Timestamp`` and its
precision), one value at a time (:func:`parse_date`) or for a whole column with a per-call
cache (:func:`parse_dates`).

Supported forms
---------------
=====================================  ==============================================  =========
form                                   example                                         precision
=====================================  ==============================================  =========
ISO date                               ``2017-01-25``                                  day
ISO date-time, any offset              ``2017-01-25T14:36:00+01:00``, ``...Z``         day
ISO date-time without colons           ``2017-01-25T143600``                           day
date and time with a space             ``2015-07-21 10:22:33``                         day
compact                                ``20170121`` (always ``YYYYMMDD``)              day
year first, ``/`` or ``.``             ``2015/02/16``, ``2015.02.16``                  day
day first, ``/`` ``-`` or ``.``        ``16/02/2015``, ``16-02-2015``, ``16.02.2015``  day
year-month                             ``2017-01``, ``01/2017``                        month
year                                   ``2017``, ``سنة 2017``, ``عام 2016م``           year
day month year (words)                 ``26 دجنبر 2017``, ``12 novembre 2015``         day
... with a weekday, ordinal, "of"      ``الأحد 26 نونبر 2017``, ``of 30 January 1946``  day
month day, year (English)              ``November 26, 2017``, ``Sept 11th 2001``       day
combined Arabic series                 ``15 تموز/يوليو 2017``, ``15 يوليو (تموز) 2017``  day
Hijri next to Gregorian ("الموافق")    ``8 ربيع الأول 1439هـ الموافق 26 نوفمبر 2017م``  day
month year                             ``novembre 2015``, ``كانون الثاني 2016``        month
=====================================  ==============================================  =========

Month names come from every series in use: Maghreb (يناير ... غشت شتنبر ... دجنبر),
Tunisia/Algeria (جانفي فيفري ... جوان جويلية أوت), Levant/Iraq (كانون الثاني شباط ... تشرين
الأول تشرين الثاني كانون الأول, two-word names matched first), Egypt/Gulf (يناير ... يونيو/يونيه
يوليو/يوليه أغسطس), Libya 1986-2011 (أي النار النوار ... الفاتح ... الكانون), French (full names
with or without accents, ``janv. févr. fév. avr. juil. sept. oct. nov. déc.``, ``1er``) and
English (full names, three-letter abbreviations and ``Sept``, ordinals ``1st 2nd 3rd 26th``).

Rules
-----
- Text is normalised before anything else, and the month table is built with the same
  normaliser: Arabic-Indic and Persian digits become ASCII; harakat (U+064B-U+065F), dagger alef
  (U+0670), tatweel, Latin accents and invisible direction marks are removed; أ إ آ ٱ become ا,
  ى becomes ي, ة becomes ه; case is folded.
- **Time zones**: the *local* calendar date is kept and the offset dropped, never converted to
  UTC: a communiqué stamped ``2017-01-26T00:30:00+01:00`` was issued on the 26th where it was
  written, although it is still the 25th in UTC.
- **Times are dropped** (but must be valid): the result is a calendar date with day precision.
- **Day or month first**: ``a/b/YYYY`` is read as day/month (``dayfirst=True``, the usage of
  Arabic and French sources) or month/day (``dayfirst=False``); when one number is above 12 the
  reading that makes a valid date is used whatever ``dayfirst`` says.
- **Two-digit years are rejected** (``16/02/15``): 15 could be 1915 or 2015 and a wrong century
  silently corrupts a time series.
- **Years must lie in** :data:`MIN_YEAR`..:data:`MAX_YEAR` (1700-2100): this rejects Hijri years
  (1445) and typos, and keeps pandas' nanosecond range.
- **Hijri dates are not supported** (``1445 هـ``, ``ربيع الأول``): convert them to Gregorian first.
  When a Hijri date is followed (or preceded) by its Gregorian equivalent after "الموافق", the
  Gregorian part is used.
- Weekday names are accepted and ignored (not checked against the date), as are the words
  of, the, on, le, du, en, يوم, في, بتاريخ, سنة, عام and the year suffix م.
- ``YYYYMMDD`` is never read as ``DDMMYYYY`` (``17122015`` is an error).

Examples
--------
>>> parse_date("الأحد 26 نونبر 2017")
ParsedDate(timestamp=Timestamp('2017-11-26 00:00:00'), precision='day')
>>> parse_date("2017-01-25T00:30:00+03:00").timestamp
Timestamp('2017-01-25 00:00:00')
>>> parse_date("كانون الثاني 2016").precision
'month'
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from toolkit.errors import DateParseError, invalid_value_message

__all__ = ["MAX_YEAR", "MIN_YEAR", "ParsedDate", "Precision", "parse_date", "parse_dates"]

logger = logging.getLogger(__name__)

Precision = Literal["day", "month", "year"]
Errors = Literal["raise", "coerce"]

#: Earliest accepted year (the U.S. presidential speeches corpus starts in 1789).
MIN_YEAR = 1700
#: Latest accepted year.
MAX_YEAR = 2100

_SUPPORTED_FORMS = (
    "ISO 8601 ('2017-01-25', '2017-01-25T14:36:00+01:00', '2017-01-25T143600'), '20170125', "
    "'16/02/2015' (also '-' or '.', day first unless dayfirst=False), '2015/02/16', "
    "'2017-01', '2017', day month year in Arabic, French or English words "
    "('26 نونبر 2017', '12 novembre 2015', 'November 26, 2017'), month year ('novembre 2015')"
)


@dataclass(frozen=True)
class ParsedDate:
    """A calendar date and how precisely the source gave it.

    Attributes
    ----------
    timestamp : pd.Timestamp
        Naive, at midnight; the first day of the month (or year) for coarser precision.
    precision : {"day", "month", "year"}
        What the source actually said.

    Examples
    --------
    >>> ParsedDate(pd.Timestamp("2015-11-01"), "month").precision
    'month'
    """

    timestamp: pd.Timestamp
    precision: Precision

    def __post_init__(self) -> None:
        allowed = get_args(Precision)
        if self.precision not in allowed:
            raise ValueError(invalid_value_message("precision", self.precision, allowed))


# --------------------------------------------------------------------------- normalisation
_DELETED = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, shadda, sukun, hamza/madda marks
    + [chr(c) for c in range(0x0300, 0x0370)]  # Latin combining accents (after NFKD)
    + ["\u0670", "\u0640", "\u00ad", "\u061c", "\ufeff"]  # dagger alef, tatweel, soft hyphen
    + [chr(c) for c in range(0x200B, 0x2010)]  # zero-width and direction marks
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_REPLACED = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
    "ی": "ي", "ک": "ك", "ھ": "ه", "ڤ": "ف", "ڨ": "ق", "،": ",", "؛": ";",
}
_TRANSLATION = str.maketrans(
    {**{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
     **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
     **_REPLACED, **dict.fromkeys(_DELETED)}
)
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    """NFKD, case-fold, unify Arabic letters and digits, drop marks; see the module rules."""
    text = unicodedata.normalize("NFKD", text).casefold().translate(_TRANSLATION)
    return _SPACES.sub(" ", text).strip()


# --------------------------------------------------------------------------- month names
# One entry per month; a tuple lists spelling variants. Spelled as printed (hamza, ة, ى):
# the table is normalised with the same function as the input.
_SERIES: Mapping[str, tuple[str | tuple[str, ...], ...]] = {
    "maghreb": ("يناير", "فبراير", "مارس", ("أبريل", "إبريل"), "ماي", "يونيو",
                ("يوليوز", "يوليو"), "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"),
    "tunisia_algeria": ("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت",
                        "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    "levant_iraq": (("كانون الثاني", "كانون ثاني", "كانون الآخر"), "شباط", "آذار", "نيسان",
                    "أيار", "حزيران", "تموز", "آب", "أيلول", ("تشرين الأول", "تشرين أول"),
                    ("تشرين الثاني", "تشرين ثاني", "تشرين الآخر"), ("كانون الأول", "كانون أول")),
    "egypt_gulf": ("يناير", "فبراير", "مارس", "أبريل", "مايو", ("يونيو", "يونيه"),
                   ("يوليو", "يوليه"), "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    "libya": ("أي النار", "النوار", "الربيع", "الطير", "الماء", "الصيف", "ناصر", "هانيبال",
              "الفاتح", "التمور", "الحرث", "الكانون"),
    "french": (("janvier", "janv"), ("février", "févr", "fév"), "mars", ("avril", "avr"), "mai",
               "juin", ("juillet", "juil"), "août", ("septembre", "sept"), ("octobre", "oct"),
               ("novembre", "nov"), ("décembre", "déc")),
    "english": (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
                "may", ("june", "jun"), ("july", "jul"), ("august", "aug"),
                ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
                ("december", "dec")),
}


def _build_month_table() -> Mapping[str, int]:
    table: dict[str, int] = {}
    for series, months in _SERIES.items():
        if len(months) != 12:
            raise RuntimeError(f"month series {series!r} has {len(months)} months, not 12")
        for number, spellings in enumerate(months, start=1):
            for spelling in (spellings,) if isinstance(spellings, str) else spellings:
                key = _normalise(spelling)
                if table.setdefault(key, number) != number:
                    raise RuntimeError(f"month name {spelling!r} ({series}) maps to two months")
    return MappingProxyType(table)


_MONTHS = _build_month_table()
_MAX_MONTH_WORDS = max(key.count(" ") + 1 for key in _MONTHS)


def _normalised_set(*words: str) -> frozenset[str]:
    return frozenset(_normalise(word) for word in words)


_IGNORED = _normalised_set(
    "الأحد", "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
    "أحد", "إثنين", "اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "يوم", "ليوم", "في", "بتاريخ", "تاريخ", "سنة", "عام", "لسنة", "لعام", "م", "على", "الساعة",
    "of", "the", "on", "at", "le", "du", "en", "à",
)
_HIJRI_WORDS = _normalised_set(
    "هـ", "ه", "هجري", "هجرية", "الهجري", "الهجرية", "للهجرة", "هجريا",
    "محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "القعدة", "الحجة",
)

_BARE_LEVANT = MappingProxyType({
    "تشرين": "تشرين الأول (October) or تشرين الثاني (November)",
    "كانون": "كانون الثاني (January) or كانون الأول (December)",
})

# --------------------------------------------------------------------------- regexes
_TIME = r"([0-9]{1,2}):?([0-9]{2})(?::?([0-9]{2})(?:[.,][0-9]+)?)?"
_OFFSET = r"\s*(z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
_YMD_RE = re.compile(
    rf"([0-9]{{4}})([-/.])([0-9]{{1,2}})\2([0-9]{{1,2}})(?:(?:t|\s+){_TIME}{_OFFSET})?")
_COMPACT_RE = re.compile(rf"([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})(?:t{_TIME}{_OFFSET})?")
_DMY_RE = re.compile(
    r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]+)(?:\s+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?")
_YM_RE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})")
_MY_RE = re.compile(r"([0-9]{1,2})[-/.]([0-9]{4})")
_YEAR_RE = re.compile(r"[0-9]{4}")
_YEAR_SUFFIX_RE = re.compile(r"(?<=[0-9])\s*م$")  # "26/11/2017م"
# Times inside a date in words: "26 November 2017, 14:30", "Tue, 11 Sep 2001 08:46:00 -0400".
_WORD_TIME_RE = re.compile(
    r"(?<![0-9])[0-9]{1,2}[:h][0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?![0-9])"
    r"(?:\s*[ap]\.?m\b\.?)?(?:\s*(?:z|utc|gmt)\b)?(?:\s*[+-][0-9]{2}:?[0-9]{2}\b)?"
)
_TOKEN_SPLIT_RE = re.compile(r"[\W_]+")
_NUMBER_TOKEN_RE = re.compile(r"([0-9]+)(st|nd|rd|th|er|re|e|eme|ieme|م|ه)?")
_AGREEING_RE = re.compile(r"\bالموافق\b(?:\s*ل(?![\u0621-\u064a]))?")


# --------------------------------------------------------------------------- helpers
def _error(value: Any, reason: str) -> DateParseError:
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return DateParseError(
        f"cannot parse {shown} as a date: {reason}. Supported forms: {_SUPPORTED_FORMS}")


def _hijri_error(value: Any) -> DateParseError:
    return _error(value, "Hijri (Islamic calendar) dates are not supported; convert the date to "
                         "Gregorian first (e.g. with the hijridate package, Umm al-Qura calendar), "
                         "or keep the Gregorian date printed after 'الموافق'")


def _make(value: Any, year: int, month: int = 1, day: int = 1,
          precision: Precision = "day") -> ParsedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        hint = ""
        if 1300 <= year < 1600:
            hint = " (it looks like a Hijri year; Hijri dates are not supported)"
        raise _error(value, f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}{hint}")
    if not 1 <= month <= 12:
        raise _error(value, f"month {month} does not exist (expected 1-12)")
    try:
        _dt.date(year, month, day)
    except ValueError:
        raise _error(value, f"day {day} does not exist in {year}-{month:02d}") from None
    return ParsedDate(pd.Timestamp(year, month, day), precision)


def _check_time(value: Any, hour: str | None, minute: str | None, second: str | None,
                offset: str | None = None) -> None:
    if hour is None:
        return
    if int(hour) > 23 or int(minute or 0) > 59 or int(second or 0) > 60:
        raise _error(value, f"the time {hour}:{minute}:{second or '00'} is invalid")
    if offset and offset != "z":
        digits = offset[1:].replace(":", "")
        if int(digits[:2]) > 23 or int(digits[2:] or 0) > 59:
            raise _error(value, f"the UTC offset {offset.upper()} is invalid")


def _day_month(value: Any, first: int, second: int, dayfirst: bool) -> tuple[int, int]:
    """Return (day, month) from ``first/second`` (see the module rules)."""
    if first > 12 and second > 12:
        raise _error(value, f"neither {first} nor {second} can be a month")
    if first > 12:
        return first, second
    if second > 12:
        return second, first
    return (first, second) if dayfirst else (second, first)


def _is_hijri(tokens: Iterable[str]) -> bool:
    return any(t in _HIJRI_WORDS or (t.endswith("ه") and t[:-1].isdigit()) for t in tokens)


# --------------------------------------------------------------------------- parsers
def _parse_numeric(norm: str, value: Any, dayfirst: bool) -> ParsedDate | None:
    """Parse the all-digit forms; None when ``norm`` has none of their shapes."""
    if m := _YMD_RE.fullmatch(norm):
        year, _, month, day, *time = m.groups()
        _check_time(value, *time)
        return _make(value, int(year), int(month), int(day))
    if m := _COMPACT_RE.fullmatch(norm):
        year, month, day, *time = m.groups()
        _check_time(value, *time)
        if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            raise _error(value, f"eight digits are read as YYYYMMDD and {year}-{month}-{day} "
                                "is not a date (DDMMYYYY is not supported: reorder the digits)")
        return _make(value, int(year), int(month), int(day))
    if m := _DMY_RE.fullmatch(norm):
        first, _, second, year, *time = m.groups()
        if len(year) != 4:
            raise _error(value, f"the year {year!r} does not have four digits (two-digit years are "
                                "ambiguous: write the full year)")
        _check_time(value, *time)
        day, month = _day_month(value, int(first), int(second), dayfirst)
        return _make(value, int(year), month, day)
    if m := _YM_RE.fullmatch(norm):
        return _make(value, int(m[1]), int(m[2]), precision="month")
    if m := _MY_RE.fullmatch(norm):
        return _make(value, int(m[2]), int(m[1]), precision="month")
    if _YEAR_RE.fullmatch(norm):
        return _make(value, int(norm), precision="year")
    return None


def _parse_words(norm: str, value: Any) -> ParsedDate:
    """Parse day/month/year written with a month name."""
    tokens = [t for t in _TOKEN_SPLIT_RE.split(_WORD_TIME_RE.sub(" ", norm)) if t]
    if _is_hijri(tokens):
        raise _hijri_error(value)
    items: list[tuple[str, int]] = []  # ("D" | "M" | "Y", number)
    unknown: list[str] = []
    previous_was_month = False
    i = 0
    while i < len(tokens):
        for width in range(min(_MAX_MONTH_WORDS, len(tokens) - i), 0, -1):  # longest name first
            month = _MONTHS.get(" ".join(tokens[i:i + width]))
            if month is not None:
                break
        if month is not None:
            if previous_was_month:  # combined form: "تموز/يوليو", "يوليو (تموز)"
                if items[-1][1] != month:
                    raise _error(value, f"the month names disagree ({items[-1][1]} and {month})")
            else:
                items.append(("M", month))
            previous_was_month = True
            i += width
            continue
        previous_was_month = False
        token = tokens[i]
        i += 1
        if token in _IGNORED:
            continue
        m = _NUMBER_TOKEN_RE.fullmatch(token)
        if m is not None and len(m[1]) == 4 and m[2] in (None, "م"):
            items.append(("Y", int(m[1])))
        elif m is not None and len(m[1]) <= 2 and m[2] != "م":
            items.append(("D", int(m[1])))
        else:
            unknown.append(token)
    if bare := [t for t in unknown if t in _BARE_LEVANT]:
        raise _error(value, f"'{bare[0]}' alone is ambiguous: write {_BARE_LEVANT[bare[0]]}")
    if unknown:
        raise _error(value, f"unrecognised word(s) {unknown[:3]}")
    kinds = "".join(kind for kind, _ in items)
    numbers = [number for _, number in items]
    if kinds == "DMY":
        return _make(value, numbers[2], numbers[1], numbers[0])
    if kinds == "MDY":
        return _make(value, numbers[2], numbers[0], numbers[1])
    if kinds == "YMD":
        return _make(value, numbers[0], numbers[1], numbers[2])
    if kinds == "MY":
        return _make(value, numbers[1], numbers[0], precision="month")
    if kinds == "Y":
        return _make(value, numbers[0], precision="year")
    if not kinds:
        raise _error(value, "nothing in it looks like a date")
    if "Y" not in kinds:
        raise _error(value, "no four-digit year found")
    if "M" not in kinds:
        raise _error(value, "no month name found (numbers alone must be separated by / - or .)")
    raise _error(value, "expected day month year, month day year or month year")


def _parse_normalised(norm: str, value: Any, dayfirst: bool) -> ParsedDate:
    if not norm:
        raise _error(value, "the string is empty")
    parsed = _parse_numeric(_YEAR_SUFFIX_RE.sub("", norm), value, dayfirst)
    if parsed is not None:
        return parsed
    if "الموافق" in norm:  # "8 ربيع الأول 1439هـ الموافق 26 نوفمبر 2017م": keep the Gregorian part
        parts = [p.strip() for p in _AGREEING_RE.split(norm) if p.strip()]
        gregorian = [p for p in parts if not _is_hijri(_TOKEN_SPLIT_RE.split(p))]
        if len(parts) > 1 and len(gregorian) == 1:
            return _parse_normalised(gregorian[0], value, dayfirst)
    return _parse_words(norm, value)


def _parse_text(text: str, dayfirst: bool, shown: Any = None) -> ParsedDate:
    return _parse_normalised(_normalise(text), text if shown is None else shown, dayfirst)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def _parse_object(value: Any, dayfirst: bool) -> ParsedDate:
    """Parse anything but a ``str`` (missing values raise)."""
    if _is_missing(value):
        raise _error(value, "the value is missing (None, NaN or NaT)")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"cannot parse a boolean ({value!r}) as a date; expected a str, a date, "
                        "a datetime, a pd.Timestamp or an int year")
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        raise _error(value, "a number must be a whole year such as 2017")
    if isinstance(value, (int, np.integer, float, np.floating)):  # a year, or YYYYMMDD
        digits = str(int(value))
        if len(digits) not in (4, 8):
            raise _error(value, "a number must be a four-digit year (1946) or YYYYMMDD (20170121)")
        return _parse_text(digits, dayfirst, shown=value)
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, _dt.date):  # also datetime and pd.Timestamp: the local calendar date
        return _make(value, value.year, value.month, value.day)
    raise TypeError(f"cannot parse a {type(value).__name__} ({value!r:.60}) as a date; expected "
                    "a str, a datetime.date, a datetime.datetime, a pd.Timestamp or an int year")


# --------------------------------------------------------------------------- public API
def parse_date(value: str | _dt.date | _dt.datetime | pd.Timestamp | int, *,
               dayfirst: bool = True) -> ParsedDate:
    """Parse one date written in any supported form (see the module docstring).

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, pd.Timestamp or int
        The date. An ``int`` is a year (``1946``) or ``YYYYMMDD``; a whole float is a year.
        Time-zone-aware datetimes keep their local calendar date.
    dayfirst : bool, default True
        Read ``a/b/YYYY`` as day/month; ``False`` reads month/day. Ignored when only one
        reading is a valid date, and for every other form.

    Returns
    -------
    ParsedDate
        A naive midnight timestamp and its precision (``"day"``, ``"month"`` or ``"year"``).

    Raises
    ------
    DateParseError
        If the value is missing, matches no supported form, is not a real date (31/02/2015),
        has a two-digit year, a year outside ``MIN_YEAR``-``MAX_YEAR``, or is a Hijri date.
        The message quotes the value and lists the supported forms.
    TypeError
        If ``value`` is not a string, date, number or timestamp.

    Examples
    --------
    >>> parse_date("26 دجنبر 2017")
    ParsedDate(timestamp=Timestamp('2017-12-26 00:00:00'), precision='day')
    >>> parse_date("١٦/٠٢/٢٠١٥").timestamp
    Timestamp('2015-02-16 00:00:00')
    >>> parse_date("14 تشرين الأول 2015").timestamp.month
    10
    >>> parse_date("of 30 January 1946").timestamp
    Timestamp('1946-01-30 00:00:00')
    >>> parse_date("05/03/2015", dayfirst=False).timestamp
    Timestamp('2015-05-03 00:00:00')
    >>> parse_date("novembre 2015")
    ParsedDate(timestamp=Timestamp('2015-11-01 00:00:00'), precision='month')
    >>> parse_date(1946).precision
    'year'
    >>> parse_date("1445 هـ")
    Traceback (most recent call last):
    ...
    toolkit.errors.DateParseError: cannot parse '1445 هـ' as a date: Hijri ... not supported; ...
    """
    if not isinstance(dayfirst, (bool, np.bool_)):
        raise TypeError(f"dayfirst must be True or False, not {dayfirst!r}")
    if isinstance(value, str):
        return _parse_text(value, bool(dayfirst))
    return _parse_object(value, bool(dayfirst))


def parse_dates(values: Iterable[Any], *, dayfirst: bool = True,
                errors: Errors = "coerce") -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates; repeated strings are parsed once.

    Parameters
    ----------
    values : iterable
        Strings, dates, timestamps, year numbers or missing values (None, NaN, NaT, pd.NA).
        A pandas Series keeps its index (and name) in the results.
    dayfirst : bool, default True
        As in :func:`parse_date`.
    errors : {"coerce", "raise"}, default "coerce"
        ``"coerce"`` turns an unparseable value into NaT (and logs a warning with the count and
        a few examples); ``"raise"`` raises at the first one, naming its position.
        Missing values always give NaT; an empty string is unparseable, not missing.

    Returns
    -------
    dates : pd.Series
        ``datetime64[ns]``, NaT where the value is missing or unparseable.
    precision : pd.Series
        ``object`` dtype: ``"day"``, ``"month"``, ``"year"``, or None where ``dates`` is NaT.

    Raises
    ------
    DateParseError
        With ``errors="raise"``, for the first unparseable value ("value at position 3 ...").
    TypeError
        If ``values`` is a single string, or holds an object that is not a date of any kind.
    ValueError
        If ``errors`` is not one of the allowed values.

    Examples
    --------
    >>> dates, precision = parse_dates(["16/02/2015", "novembre 2015", None, "16/02/2015"])
    >>> dates
    0   2015-02-16
    1   2015-11-01
    2          NaT
    3   2015-02-16
    dtype: datetime64[ns]
    >>> precision.tolist()
    ['day', 'month', None, 'day']
    >>> parse_dates(["2017", "yesterday"], errors="raise")
    Traceback (most recent call last):
    ...
    toolkit.errors.DateParseError: value at position 1: cannot parse 'yesterday' as a date: ...
    """
    if errors not in get_args(Errors):
        raise ValueError(invalid_value_message("errors", errors, get_args(Errors)))
    if isinstance(dayfirst, (bool, np.bool_)):
        dayfirst = bool(dayfirst)
    else:
        raise TypeError(f"dayfirst must be True or False, not {dayfirst!r}")
    if isinstance(values, (str, bytes)):
        raise TypeError("values must be an iterable of dates, not a single string; "
                        "use parse_date() for one value")
    index, name = None, None
    if isinstance(values, pd.Series):
        index, name = values.index, values.name
    array_like = isinstance(values, (pd.Series, pd.Index, np.ndarray))
    items = values.tolist() if array_like else list(values)
    labelled = index is not None and not isinstance(index, pd.RangeIndex)

    cache: dict[str, ParsedDate | DateParseError] = {}
    stamps: list[pd.Timestamp] = []
    precisions: list[str | None] = []
    failures: dict[str, None] = {}  # distinct values, in order
    for position, value in enumerate(items):
        result: ParsedDate | DateParseError | None
        if _is_missing(value):
            result = None
        elif isinstance(value, str):
            result = cache.get(value)
            if result is None:
                try:
                    result = _parse_text(value, dayfirst)
                except DateParseError as err:
                    result = err
                cache[value] = result
        else:
            try:
                result = _parse_object(value, dayfirst)
            except DateParseError as err:
                result = err
        if isinstance(result, DateParseError):
            if errors == "raise":
                where = f"position {position}"
                if labelled:
                    where += f" (index {index[position]!r})"
                raise DateParseError(f"value at {where}: {result}") from result
            failures[repr(value)] = None
            result = None
        stamps.append(pd.NaT if result is None else result.timestamp)
        precisions.append(None if result is None else result.precision)

    if failures:
        logger.warning("parse_dates: %d distinct values could not be parsed and became NaT "
                       "(e.g. %s)", len(failures), ", ".join(list(failures)[:3]))
    logger.debug("parse_dates: %d values, %d distinct strings parsed", len(items), len(cache))
    dates = pd.Series(stamps, index=index, name=name, dtype="datetime64[ns]")
    precision = pd.Series(precisions, index=index, name="precision", dtype=object)
    return dates, precision
