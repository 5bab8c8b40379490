"""Reading an analysis file: YAML with the line of every key, and checked values that say where they are.

The YAML machinery is the one of the dictionary files (:mod:`toolkit.frames.formats`): libyaml's
safe loader, every mapping remembering its line, keys kept as written, duplicate keys refused.
Here list items may be numbers and dates as well as text (``breaks: [2001-09-11, 2015]``).

Every problem is an :class:`AnalysisError` naming the file and line, what is wrong and how to
fix it. :class:`Fields` reads one mapping of the file: it refuses keys it does not know (with a
suggestion for a typo) and checks each value's type.

Examples
--------
>>> data = load_yaml("seed: 1\\nunits: paragraph\\nperiods:\\n  freq: year\\n", "a.yml")
>>> fields = Fields(data, "the top level", "a.yml", allowed=("seed", "units", "periods"))
>>> fields.integer("seed"), fields.line("periods")
(1, 3)
>>> try:
...     Fields(data, "the top level", "a.yml", allowed=("seed", "units", "period"))
... except AnalysisError as err:
...     print(err.path, err.line, err.reason)
a.yml 3 unknown key 'periods' in the top level; did you mean 'period'? Known keys: period, seed, units
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml

from toolkit.errors import AnalysisError
from toolkit.yamlio import HINTS, LINE_KEY, LineLoader, LocatedStr, load_located

__all__ = ["Fields", "load_yaml"]


class _List(list):  # type: ignore[type-arg]
    """A YAML list remembering the line of each item."""

    lines: list[int]


class _Loader(LineLoader):
    """The dictionary loader, with list items of any scalar type (each list keeps its items' lines)."""

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
        items = yaml.SafeLoader.construct_sequence(self, node, deep=deep)
        out = _List(items)
        out.lines = [child.start_mark.line + 1 for child in node.value]
        return out


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> _List:
    return loader.construct_sequence(node, deep=True)


_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)  # on the subclass only


def load_yaml(text: str, path: str | None) -> Any:
    """Parse ``text``; mappings carry ``__line__`` and their keys a ``.line``, lists ``.lines``.

    Raises
    ------
    AnalysisError
        For invalid YAML, a duplicate key, a non-text key or an empty file, with the line.
    """
    data, _ = load_located(text, path, loader=_Loader, error=AnalysisError, hints=_HINTS,
                           empty="the file is empty: start from analyses/demo.yml or see analyses/README.md")
    return data


_HINTS = tuple((words, hint.replace("a pattern", "a value").replace("'*deceit*'", "'*glob*'"))
               for words, hint in HINTS)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"the date {value.isoformat()}"
    return repr(str(value))


def plain(value: Any) -> Any:
    """``value`` with the YAML bookkeeping removed (``__line__`` keys, line-carrying strings)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if k != LINE_KEY}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, LocatedStr):
        return str(value)
    return value


class Fields:
    """The keys of one mapping of the analysis file, checked against the keys allowed there.

    Parameters
    ----------
    data : mapping or None
        The mapping as :func:`load_yaml` returns it (None: an empty section).
    where : str
        How the error messages name the mapping ("the top level", "'trends'").
    path : str or None
        The file, for error messages.
    allowed : iterable of str
        The keys allowed; any other is an error suggesting the closest allowed key.
    line : int, optional
        The line of the mapping itself (default: its ``__line__``).
    """

    def __init__(self, data: Any, where: str, path: str | None, *, allowed: Iterable[str],
                 line: int | None = None) -> None:
        self.where, self.path = where, path
        self.allowed = tuple(allowed)
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise AnalysisError(f"{where} must be a mapping of 'key: value' lines, got {_kind(data)}",
                                path=path, line=line)
        self.start = line if line is not None else data.get(LINE_KEY)
        self.values: dict[str, Any] = {}
        self.lines: dict[str, int | None] = {}
        for key, value in data.items():
            if key == LINE_KEY:
                continue
            key_line = getattr(key, "line", self.start)
            if key not in self.allowed:
                close = difflib.get_close_matches(str(key), self.allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ";"
                raise AnalysisError(f"unknown key {str(key)!r} in {where}{hint} Known keys: "
                                    f"{', '.join(sorted(self.allowed))}", path=path, line=key_line)
            self.values[str(key)] = value
            self.lines[str(key)] = key_line

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def line(self, key: str | None = None) -> int | None:
        """The line of ``key`` (of the mapping when absent or None)."""
        return self.lines.get(key, self.start) if key is not None else self.start

    def error(self, key: str | None, message: str) -> AnalysisError:
        """An :class:`AnalysisError` at the line of ``key``."""
        return AnalysisError(message, path=self.path, line=self.line(key))

    def raw(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def _name(self, key: str) -> str:
        return key if self.where == "the top level" else f"{self.where.strip(chr(39))}.{key}"

    def text(self, key: str, default: str | None = None, *, allowed: Sequence[str] | None = None) -> str | None:
        """A text value (numbers are refused: quote them), optionally one of ``allowed``."""
        value = self.values.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(key, f"{self._name(key)} must be text, got {_kind(value)}"
                             + (f"; one of {', '.join(allowed)}" if allowed else "; write it in quotes"))
        value = str(value)
        if allowed is not None and value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            raise self.error(key, f"{self._name(key)}: {value!r} is not allowed; use one of "
                                  f"{', '.join(allowed)}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return value

    def integer(self, key: str, default: int | None = None, *, minimum: int | None = None) -> int | None:
        """An integer (yes/no values are refused), at least ``minimum``."""
        value = self.values.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"{self._name(key)} must be a whole number, got {_kind(value)}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"{self._name(key)} must be at least {minimum}, got {value}")
        return int(value)

    def number(self, key: str, default: float | None = None, *, low: float | None = None,
               high: float | None = None, open_interval: bool = False) -> float | None:
        """A number within ``[low, high]`` (or ``(low, high)`` with ``open_interval``)."""
        value = self.values.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"{self._name(key)} must be a number, got {_kind(value)}")
        value = float(value)
        too_low = low is not None and (value <= low if open_interval else value < low)
        too_high = high is not None and (value >= high if open_interval else value > high)
        if too_low or too_high:
            bounds = f"{'(' if open_interval else '['}{low}, {high}{')' if open_interval else ']'}"
            raise self.error(key, f"{self._name(key)} must lie in {bounds}, got {value:g}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"{self._name(key)} must be true or false, got {_kind(value)}")
        return value

    def text_list(self, key: str, default: Sequence[str] | None = None, *,
                  allowed: Sequence[str] | None = None) -> tuple[str, ...] | None:
        """A list of text items (a single text is a list of one), each optionally one of ``allowed``."""
        value = self.values.get(key)
        if value is None:
            return tuple(default) if default is not None else None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise self.error(key, f"{self._name(key)} must be a list such as [a, b], got {_kind(value)}")
        lines = getattr(items, "lines", [self.line(key)] * len(items))
        out = []
        for item, line in zip(items, lines):
            if not isinstance(item, str):
                raise AnalysisError(f"{self._name(key)}: item {_kind(item)} must be text", path=self.path, line=line)
            if allowed is not None and item not in allowed:
                raise AnalysisError(f"{self._name(key)}: {str(item)!r} is not allowed; use any of "
                                    f"{', '.join(allowed)}", path=self.path, line=line)
            out.append(str(item))
        if len(set(out)) < len(out):
            raise self.error(key, f"{self._name(key)} lists {sorted({x for x in out if out.count(x) > 1})} twice")
        return tuple(out)

    def item_lines(self, key: str) -> list[int | None]:
        value = self.values.get(key)
        return list(getattr(value, "lines", [])) or [self.line(key)] * (len(value) if isinstance(value, list) else 1)


def as_date(value: Any, *, end: bool = False) -> str | None:
    """An ISO date from a YAML date, a date string or a year (``end``: the last day of that year).

    >>> as_date(2001), as_date(2000, end=True), as_date(_dt.date(2001, 9, 11)), as_date("2015-12")
    ('2001-01-01', '2000-12-31', '2001-09-11', '2015-12-01')
    >>> as_date("2015-12", end=True)
    '2015-12-31'
    """
    import pandas as pd

    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"{value:04d}-12-31" if end else f"{value:04d}-01-01"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, TypeError):
            return None
        if end and len(text) == 4:
            stamp = stamp + pd.offsets.YearEnd(0)
        elif end and len(text) == 7:
            stamp = stamp + pd.offsets.MonthEnd(0)
        return stamp.date().isoformat()
    return None
