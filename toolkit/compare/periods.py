"""Assign dated units to periods: calendar bins, custom break dates, rolling windows.

Three ways to cut time, each returning labels that keep their order and their bounds:

* calendar bins, ``freq="year" | "quarter" | "month"``: labels ``"2001"``, ``"2001Q3"``,
  ``"2001-09"``; every bin between the first and the last date is a category, empty or not, so
  that gaps show as gaps;
* break dates, ``breaks=["2001-09-11", "2015-12-15"]``: ``len(breaks) + 1`` intervals, each break
  starting a new one; labels ``"before 2001-09-11"``, ``"2001-09-11 to 2015-12-14"``,
  ``"from 2015-12-15"`` (or your own ``labels``);
* rolling windows (:func:`rolling_periods`): a unit belongs to every window that covers it.

Bounds are calendar days: ``start`` is the first day of a period and ``end`` its last day
(inclusive), both as midnight :class:`pandas.Timestamp`; ``midpoint = start + (end - start) / 2``,
rounded down to the day.
The open ends of the first and last break intervals are the first and last observed dates.

Dates are datetimes or ISO 8601 strings (``"2001"``, ``"2001-09"``, ``"2001-09-11"``). A date
that is missing (NaT, None) gets no period (NaN): it is counted and logged, never dropped without
a trace. A string that is not a date raises :class:`ValueError` naming the column.

Examples
--------
>>> import pandas as pd
>>> dates = pd.Series(pd.to_datetime(["2000-05-01", "2001-09-11", "2003-01-01", None]), name="date")
>>> assign_periods(dates, freq="year").tolist()
['2000', '2001', '2003', nan]
>>> assign_periods(dates, breaks=["2001-09-11"]).tolist()
['before 2001-09-11', 'from 2001-09-11', 'from 2001-09-11', nan]
>>> period_table(assign_periods(dates, freq="year"))
  period      start        end   midpoint
0   2000 2000-01-01 2000-12-31 2000-07-01
1   2001 2001-01-01 2001-12-31 2001-07-02
2   2002 2002-01-01 2002-12-31 2002-07-02
3   2003 2003-01-01 2003-12-31 2003-07-02
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.errors import invalid_value_message

__all__ = ["assign_periods", "period_table", "rolling_periods"]

logger = logging.getLogger(__name__)

Freq = Literal["year", "quarter", "month"]
FREQS: tuple[str, ...] = ("year", "quarter", "month")
#: key under which period labels carry their bounds in ``Series.attrs`` / ``DataFrame.attrs``
BOUNDS_ATTR = "period_bounds"
_DAY = pd.Timedelta(days=1)
_OFFSET_RE = re.compile(r"^\s*(\d+)\s*([DWMQY])\s*$", re.IGNORECASE)
_LABEL_RES = (  # how to read the bounds back from a label made here, when attrs were lost
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
)
_RANGE_RE = re.compile(r"^(?:(before|from) (\d{4}-\d{2}-\d{2})|(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}))$")


# ---------------------------------------------------------------------------- dates
def as_dates(dates: Any, name: str | None = None) -> pd.Series:
    """``dates`` as a Series of naive ``datetime64[ns]`` (NaT where missing); ValueError if unparsable.

    Keeps the index of a Series (a RangeIndex otherwise). Time-zone-aware values keep their local
    wall-clock time. Strings must be ISO 8601; numbers are refused (is 2001 a year or nanoseconds?).

    >>> as_dates(["2001", "2001-09-11", None]).tolist()
    [Timestamp('2001-01-01 00:00:00'), Timestamp('2001-09-11 00:00:00'), NaT]
    >>> as_dates(pd.Series(["2001-09-11", "11 Sept"], name="date"))
    Traceback (most recent call last):
    ...
    ValueError: column 'date': 1 value(s) are not dates, such as '11 Sept'; use ISO 8601 ...
    """
    if isinstance(dates, pd.Series):
        s = dates
    elif isinstance(dates, pd.Index):
        s = pd.Series(dates.to_numpy(), name=name if name is not None else dates.name)
    else:
        s = pd.Series(dates, name=name)
    label = name or (s.name if s.name is not None else "dates")
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_localize(None)
    if pd.api.types.is_datetime64_dtype(s.dtype):
        return s.astype("datetime64[ns]")
    if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
        raise ValueError(f"column {label!r} holds numbers ({s.dtype}), not dates; pass datetimes or ISO strings "
                         "such as '2001-09-11' (for years: pd.to_datetime(years.astype(str), format='%Y'))")
    present = s.notna()
    parsed = pd.to_datetime(s, errors="coerce", format="ISO8601")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    bad = present & parsed.isna()
    if bad.any():
        raise ValueError(f"column {label!r}: {int(bad.sum())} value(s) are not dates, such as "
                         f"{s[bad].iloc[0]!r}; use ISO 8601 ('2001-09-11', '2001-09', '2001') or parse them "
                         "first with toolkit.corpus.dates.parse_dates")
    return parsed.astype("datetime64[ns]")


def _log_missing(n_missing: int, n: int, label: str) -> None:
    if n_missing:
        logger.info("%d of %d %s are missing; their period is NaN", n_missing, n, label)


def _timestamp(value: Any, what: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{what}={value!r} is not a date; use ISO 8601 such as '2001-09-11'") from err
    if ts is pd.NaT:
        raise ValueError(f"{what} is missing (NaT); give a date such as '2001-09-11'")
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


def _day(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


# ---------------------------------------------------------------------------- calendar bins
def _calendar_codes(d: pd.Series, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """(integer bin of each date, valid mask): years, year*4+quarter or year*12+month since year 0."""
    valid = d.notna().to_numpy()
    year = d.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
    month = d.dt.month.to_numpy(dtype=np.float64, na_value=np.nan)
    if freq == "year":
        code = year
    elif freq == "quarter":
        code = year * 4 + (month - 1) // 3
    else:
        code = year * 12 + month - 1
    return np.where(valid, code, 0).astype(np.int64), valid


def _calendar_bin(code: int, freq: str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Label, first day and last day of calendar bin ``code`` (see :func:`_calendar_codes`)."""
    if freq == "year":
        return f"{code:04d}", pd.Timestamp(code, 1, 1), pd.Timestamp(code, 12, 31)
    months = 3 if freq == "quarter" else 1
    first = code * months if freq == "quarter" else code  # months since year 0
    year, m = divmod(first, 12)
    nxt_year, nxt_m = divmod(first + months, 12)
    label = f"{year:04d}Q{m // 3 + 1}" if freq == "quarter" else f"{year:04d}-{m + 1:02d}"
    return label, pd.Timestamp(year, m + 1, 1), pd.Timestamp(nxt_year, nxt_m + 1, 1) - _DAY


# ---------------------------------------------------------------------------- public API
def assign_periods(dates: Any, *, freq: Freq | None = None, breaks: Sequence[Any] | None = None,
                   labels: Sequence[str] | None = None) -> pd.Series:
    """Label each date with its period: a calendar bin (``freq``) or an interval between ``breaks``.

    Parameters
    ----------
    dates : Series, Index or array-like of datetimes or ISO 8601 strings
        One date per unit. Missing dates get no period.
    freq : {"year", "quarter", "month"}, optional
        Calendar bins labelled ``"2001"``, ``"2001Q3"``, ``"2001-09"``. The categories run from
        the bin of the first date to the bin of the last one, including empty bins.
    breaks : sequence of dates, optional
        Strictly increasing dates at midnight; ``len(breaks) + 1`` intervals, each break starting
        a new one (a unit dated on a break belongs to the period that the break starts).
        Give exactly one of ``freq`` and ``breaks``.
    labels : sequence of str, optional
        With ``breaks`` only: ``len(breaks) + 1`` distinct labels replacing ``"before X"``,
        ``"X to Y"``, ``"from Y"``.

    Returns
    -------
    pandas.Series
        Ordered categorical named ``"period"``, index of ``dates`` (a RangeIndex for non-Series
        input), NaN where the date is missing. ``attrs["period_bounds"]`` holds each category's
        ``start`` and ``end`` (read by :func:`period_table`).

    Raises
    ------
    TypeError
        If ``breaks`` is not a list of dates.
    ValueError
        For a bad ``freq``, both or neither of ``freq`` and ``breaks``, unordered or non-midnight
        breaks, wrong ``labels``, or dates that cannot be parsed (the message names the column).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.Series(["2001-02-03", "2001-09-30", "2002-01-01"], name="date")
    >>> assign_periods(d, freq="quarter").tolist()
    ['2001Q1', '2001Q3', '2002Q1']
    >>> list(assign_periods(d, freq="quarter").cat.categories)
    ['2001Q1', '2001Q2', '2001Q3', '2001Q4', '2002Q1']
    >>> assign_periods(d, breaks=["2001-09-11", "2001-12-01"]).tolist()
    ['before 2001-09-11', '2001-09-11 to 2001-11-30', 'from 2001-12-01']
    >>> assign_periods(d, breaks=["2001-09-11"], labels=["pre", "post"]).tolist()
    ['pre', 'post', 'post']
    """
    if (freq is None) == (breaks is None):
        raise ValueError("give exactly one of freq= ('year', 'quarter' or 'month') and breaks= (a list of dates); "
                         f"got freq={freq!r} and breaks={breaks!r}")
    d = as_dates(dates)
    n_missing = int(d.isna().sum())
    _log_missing(n_missing, len(d), f"dates in {d.name!r}" if d.name is not None else "dates")
    if freq is not None:
        if freq not in FREQS:
            raise ValueError(invalid_value_message("freq", freq, FREQS))
        if labels is not None:
            raise ValueError("labels= applies to breaks= only; calendar bins are labelled '2001', '2001Q3', '2001-09'")
        code, valid = _calendar_codes(d, freq)
        if valid.any():
            lo, hi = int(code[valid].min()), int(code[valid].max())
            bins = [_calendar_bin(c, freq) for c in range(lo, hi + 1)]
        else:
            lo, bins = 0, []
        codes = np.where(valid, code - lo, -1)
        names = [b[0] for b in bins]
        starts = [b[1] for b in bins]
        ends = [b[2] for b in bins]
    else:
        names, starts, ends = _break_intervals(breaks, labels, d)
        values = d.to_numpy(dtype="datetime64[ns]")
        edges = np.asarray([np.datetime64(b.to_datetime64(), "ns") for b in starts[1:]], dtype="datetime64[ns]")
        codes = np.searchsorted(edges, values, side="right")
        codes = np.where(d.notna().to_numpy(), codes, -1)
    cat = pd.Categorical.from_codes(codes.astype(np.int64), categories=pd.Index(names, dtype=object), ordered=True)
    out = pd.Series(cat, index=d.index, name="period")
    out.attrs[BOUNDS_ATTR] = {"period": list(names), "start": list(starts), "end": list(ends)}
    return out


def _break_intervals(breaks: Sequence[Any], labels: Sequence[str] | None, d: pd.Series
                     ) -> tuple[list[str], list[pd.Timestamp], list[pd.Timestamp]]:
    if isinstance(breaks, (str, bytes)) or not isinstance(breaks, Sequence | np.ndarray | pd.Index | pd.Series):
        raise TypeError(f"breaks must be a list of dates such as ['2001-09-11', '2015-12-15'], got {breaks!r}")
    if len(breaks) == 0:
        raise ValueError("breaks is empty; give at least one date such as ['2001-09-11']")
    bs = [_timestamp(b, f"breaks[{i}]") for i, b in enumerate(breaks)]
    for i, b in enumerate(bs):
        if b != b.normalize():
            raise ValueError(f"breaks[{i}]={breaks[i]!r} has a time of day; breaks are calendar days such as "
                             f"{_day(b)!r}")
        if i and b <= bs[i - 1]:
            raise ValueError(f"breaks must be strictly increasing; breaks[{i}]={breaks[i]!r} does not come after "
                             f"breaks[{i - 1}]={breaks[i - 1]!r}")
    if labels is None:
        names = [f"before {_day(bs[0])}"]
        names += [f"{_day(a)} to {_day(b - _DAY)}" for a, b in itertools.pairwise(bs)]
        names.append(f"from {_day(bs[-1])}")
    else:
        names = [str(x) for x in labels]
        if len(names) != len(bs) + 1 or len(set(names)) != len(names):
            raise ValueError(f"labels must be {len(bs) + 1} distinct names (one more than breaks), "
                             f"got {list(labels)!r}")
    valid = d.dropna()
    first = valid.min().normalize() if len(valid) else pd.NaT
    last = valid.max().normalize() if len(valid) else pd.NaT
    starts = [first if first is not pd.NaT and first < bs[0] else pd.NaT, *bs]
    ends = [b - _DAY for b in bs] + [last if last is not pd.NaT and last >= bs[-1] else pd.NaT]
    return names, starts, ends


def period_table(labels: pd.Series | pd.Categorical) -> pd.DataFrame:
    """One row per period (in order): its label, first day, last day and midpoint.

    Parameters
    ----------
    labels : Series or Categorical
        Period labels such as :func:`assign_periods` returns. Bounds come from
        ``labels.attrs["period_bounds"]``; without them (attrs lost along the way) they are read
        back from labels of the forms made here (``"2001"``, ``"2001Q3"``, ``"2001-09"``,
        ``"before X"``, ``"X to Y"``, ``"from Y"``) and are NaT for other labels.

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (ordered categorical), ``start``, ``end`` (last day, inclusive) and
        ``midpoint`` (``start + (end - start) / 2`` rounded down to the day; NaT when a bound is
        unknown). The periods are the categories of an (ordered) categorical, else the sorted distinct labels.

    Examples
    --------
    >>> labels = assign_periods(["2001-09-11", "2016-03-01"], breaks=["2001-09-11", "2015-12-15"])
    >>> period_table(labels)
                         period      start        end   midpoint
    0         before 2001-09-11        NaT 2001-09-10        NaT
    1  2001-09-11 to 2015-12-14 2001-09-11 2015-12-14 2008-10-27
    2           from 2015-12-15 2015-12-15 2016-03-01 2016-01-22
    """
    attrs = getattr(labels, "attrs", {}) or {}
    if isinstance(labels, pd.Series) and isinstance(labels.dtype, pd.CategoricalDtype):
        names = [str(c) for c in labels.cat.categories]
    elif isinstance(labels, pd.Categorical):
        names = [str(c) for c in labels.categories]
    else:
        names = sorted({str(v) for v in pd.Series(labels).dropna()})
    bounds = attrs.get(BOUNDS_ATTR)
    if bounds and list(bounds["period"]) == names:
        starts, ends = list(bounds["start"]), list(bounds["end"])
    else:
        pairs = [_bounds_from_label(n) for n in names]
        starts, ends = [p[0] for p in pairs], [p[1] for p in pairs]
    start = pd.Series(pd.DatetimeIndex(starts, dtype="datetime64[ns]"))
    end = pd.Series(pd.DatetimeIndex(ends, dtype="datetime64[ns]"))
    period = pd.Categorical.from_codes(np.arange(len(names)), categories=pd.Index(names, dtype=object), ordered=True)
    return pd.DataFrame({"period": period, "start": start, "end": end,
                         "midpoint": (start + (end - start) / 2).dt.floor("D")})


def _bounds_from_label(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    for pattern, freq in _LABEL_RES:
        m = pattern.match(label)
        if m:
            year = int(m.group(1))
            code = year if freq == "year" else year * 4 + int(m.group(2)) - 1 if freq == "quarter" \
                else year * 12 + int(m.group(2)) - 1
            if freq == "month" and not 1 <= int(m.group(2)) <= 12:
                break
            _, start, end = _calendar_bin(code, freq)
            return start, end
    m = _RANGE_RE.match(label)
    if m:
        if m.group(1) == "before":
            return pd.NaT, pd.Timestamp(m.group(2)) - _DAY
        if m.group(1) == "from":
            return pd.Timestamp(m.group(2)), pd.NaT
        return pd.Timestamp(m.group(3)), pd.Timestamp(m.group(4))
    return pd.NaT, pd.NaT


def _offset(value: Any, name: str) -> pd.DateOffset | pd.Timedelta:
    if isinstance(value, (pd.DateOffset, pd.Timedelta)):
        return value
    if isinstance(value, str):
        m = _OFFSET_RE.match(value)
        if m:
            n, unit = int(m.group(1)), m.group(2).upper()
            if n > 0:
                return {"D": pd.DateOffset(days=n), "W": pd.DateOffset(weeks=n), "M": pd.DateOffset(months=n),
                        "Q": pd.DateOffset(months=3 * n), "Y": pd.DateOffset(years=n)}[unit]
    raise ValueError(f"{name}={value!r} is not a time span; use a positive count and a unit D, W, M, Q or Y "
                     "(such as '5Y', '6M', '90D'), or a pandas DateOffset / Timedelta")


def rolling_periods(dates: Any, *, width: str | pd.DateOffset | pd.Timedelta, step: str | pd.DateOffset | pd.Timedelta,
                    start: Any = None, end: Any = None) -> pd.DataFrame:
    """Overlapping windows ``[start + k * step, start + k * step + width)``; a unit is in every window covering it.

    Parameters
    ----------
    dates : Series, Index or array-like of datetimes or ISO 8601 strings
        One date per unit; missing dates belong to no window (counted and logged).
    width, step : str, DateOffset or Timedelta
        Window length and the shift between successive windows, as ``"<n><unit>"`` with unit
        D (days), W (weeks), M (months), Q (quarters) or Y (years): ``width="5Y", step="1Y"``.
    start, end : date, optional
        The first window starts at ``start`` (default: the first date, at midnight). Windows are
        added until one reaches ``end`` (default: the last date), so every date in
        ``[start, end]`` is covered when ``step <= width``; only the last window may run past
        ``end``.

    Returns
    -------
    pandas.DataFrame
        Long table, one row per (unit, window): the unit's original index label as index;
        columns ``period`` (ordered categorical, labels ``"2001-01-01 to 2005-12-31"``),
        ``start`` and ``end`` (first and last day of the window). Rows are ordered by window,
        then by the unit's position. ``attrs["period_bounds"]`` lists every window, empty or not.
        Pass it as ``trend(values, periods=table)``.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2000-06-01", "2001-06-01", "2002-06-01"]), index=["a", "b", "c"])
    >>> rolling_periods(dates, width="2Y", step="1Y", start="2000-01-01")
                         period      start        end
    a  2000-01-01 to 2001-12-31 2000-01-01 2001-12-31
    b  2000-01-01 to 2001-12-31 2000-01-01 2001-12-31
    b  2001-01-01 to 2002-12-31 2001-01-01 2002-12-31
    c  2001-01-01 to 2002-12-31 2001-01-01 2002-12-31
    """
    w, s = _offset(width, "width"), _offset(step, "step")
    anchor = pd.Timestamp("2000-01-01")
    if anchor + w <= anchor:
        raise ValueError(f"width={width!r} gives empty windows; use a positive span")
    if anchor + s <= anchor:
        raise ValueError(f"step={step!r} does not move the window forward; use a positive span")
    d = as_dates(dates)
    valid = d.notna().to_numpy()
    _log_missing(int((~valid).sum()), len(d), "dates")
    first = _timestamp(start, "start") if start is not None else (d[valid].min().normalize() if valid.any() else None)
    last = _timestamp(end, "end") if end is not None else (d[valid].max() if valid.any() else None)
    names: list[str] = []
    starts: list[pd.Timestamp] = []
    ends: list[pd.Timestamp] = []
    if first is not None and last is not None:
        if last < first:
            raise ValueError(f"end ({last}) comes before start ({first}); give end >= start")
        k = 0
        while True:
            lo = first + s * k
            hi = lo + w
            if hi <= lo:
                raise ValueError(f"width={width!r} gives empty windows; use a positive span")
            names.append(f"{_day(lo)} to {_day(hi - _DAY)}")
            starts.append(lo)
            ends.append(hi - _DAY)
            if hi > last:
                break
            k += 1
            if first + s * k <= lo:
                raise ValueError(f"step={step!r} does not move the window forward; use a positive span")
    values = d.to_numpy(dtype="datetime64[ns]")
    order = np.flatnonzero(valid)
    order = order[np.argsort(values[order], kind="stable")]
    sorted_values = values[order]
    pieces, codes = [], []
    for i, (lo, hi) in enumerate(zip(starts, ends, strict=True)):
        a = np.searchsorted(sorted_values, np.datetime64(lo.to_datetime64(), "ns"), side="left")
        b = np.searchsorted(sorted_values, np.datetime64((hi + _DAY).to_datetime64(), "ns"), side="left")
        rows = np.sort(order[a:b])
        pieces.append(rows)
        codes.append(np.full(len(rows), i, dtype=np.int64))
    rows = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
    code = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    period = pd.Categorical.from_codes(code, categories=pd.Index(names, dtype=object), ordered=True)
    table = pd.DataFrame({"period": period,
                          "start": np.asarray(starts, dtype="datetime64[ns]")[code] if len(code) else
                          np.empty(0, dtype="datetime64[ns]"),
                          "end": np.asarray(ends, dtype="datetime64[ns]")[code] if len(code) else
                          np.empty(0, dtype="datetime64[ns]")},
                         index=d.index[rows])
    table.attrs[BOUNDS_ATTR] = {"period": names, "start": starts, "end": ends}
    return table

