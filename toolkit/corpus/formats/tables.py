"""Tabular files -> records: CSV/TSV, JSON, JSON Lines, Parquet and Excel.

One row (or JSON object) is one document. ``text_col`` names the column holding the text and
``columns`` renames others to the standard keys (``{"content": "text", "date_extracted":
"date"}``); :func:`map_columns` applies the renaming and is shared by every parser.

Missing values, the same rule in every table format:

* every record of a CSV, Parquet or Excel file has one key per column; a missing cell (empty
  CSV cell, NaN, None, NaT, ``pd.NA``) becomes ``None``, except ``text`` which becomes ``""``
  (the record is kept; the corpus builder reports empty texts);
* a JSON object keeps exactly its own keys; ``null`` becomes ``None`` (``""`` for text), and
  an object without a text key is skipped and reported;
* CSV values are strings (no type guessing; dates are parsed later). Dates that Parquet or
  Excel already store as dates stay datetime objects (``pandas.Timestamp``), numbers stay numbers.

Examples
--------
>>> records, issues = parse_csv(b"content;date\\nfirst;2015-01-02\\nsecond;\\n", name="a.csv",
...                             columns={"content": "text"})
>>> [(r["text"], r["date"]) for r in records]
[('first', '2015-01-02'), ('second', None)]
>>> records, issues = parse_json('{"data": {"items": [{"text": "a"}, 3]}}', name="b.json",
...                              records_path="data.items")
>>> [r["text"] for r in records], [str(i) for i in issues]
(['a'], ['b.json, row 1: element 1 is an int, not an object; skipped'])
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import zipfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pandas as pd
from python_calamine import CalamineError

from toolkit.corpus.encoding import normalize_newlines
from toolkit.corpus.formats import ParseIssue, _decode, _IssueLog, _require_bytes
from toolkit.errors import CorpusFormatError

__all__ = ["map_columns", "parse_csv", "parse_excel", "parse_json", "parse_jsonl", "parse_parquet"]

logger = logging.getLogger(__name__)

_SNIFF_CHARS = 8 * 1024  # csv.Sniffer takes quadratic time: 0.7 s on 64 KiB of quoted text
_DELIMITERS = ",;\t|"
# Column names that usually hold the text; used only to word the "no text column" hint.
_TEXT_NAMES = ("content", "body", "article", "full_text", "fulltext", "texte", "contenu", "corps",
               "transcript", "speech", "message", "النص", "نص", "المحتوى", "محتوى", "text")


# --------------------------------------------------------------------------- column mapping
def _present(value: Any) -> bool:
    """False for None, NaN, NaT, pd.NA and ""."""
    if value is None or value is pd.NA or value is pd.NaT:
        return False
    if isinstance(value, float):
        return not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True


def _plan(keys: Iterable[Hashable], columns: Mapping[str, str]) -> list[tuple[str, list[Any]]]:
    """For each output key, the source keys feeding it, in priority order."""
    groups: dict[str, list[Any]] = {}
    for key in keys:
        groups.setdefault(columns.get(key, key), []).append(key)  # type: ignore[arg-type]
    for sources in groups.values():
        if len(sources) > 1:
            sources.sort(key=lambda k: k not in columns)  # renamed sources first, order kept
    return list(groups.items())


def _apply(plan: list[tuple[str, list[Any]]], get: Callable[[Any], Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for target, sources in plan:
        if len(sources) == 1:
            out[target] = get(sources[0])
        else:
            values = [get(s) for s in sources]
            out[target] = next((v for v in values if _present(v)), values[0])
    return out


def _index_plan(names: list[str], columns: Mapping[str, str]) -> list[tuple[str, list[int]]]:
    """:func:`_plan` for rows given as sequences: sources are positions in ``names`` (unique)."""
    position = {n: i for i, n in enumerate(names)}
    return [(target, [position[s] for s in sources]) for target, sources in _plan(names, columns)]


def map_columns(record: Mapping[str, Any], columns: Mapping[str, str] | None) -> dict[str, Any]:
    """Return a copy of ``record`` with keys renamed by ``columns`` (source key -> new key).

    Keys not in ``columns`` are kept as they are. When several keys land on the same new key,
    the first non-missing value wins, renamed keys before a key that already had that name.

    Parameters
    ----------
    record : mapping
        One record.
    columns : mapping or None
        Renaming, e.g. ``{"content": "text", "date_extracted": "date"}``; None keeps the keys.

    Returns
    -------
    dict
        A new dict; ``record`` is not modified.

    Examples
    --------
    >>> map_columns({"content": "abc", "date_extracted": "2015-07-22"},
    ...             {"content": "text", "date_extracted": "date"})
    {'text': 'abc', 'date': '2015-07-22'}
    >>> map_columns({"TIME": "", "DATE": "2016-01-02"}, {"TIME": "date", "DATE": "date"})
    {'date': '2016-01-02'}
    """
    if not columns:
        return dict(record)
    return _apply(_plan(record.keys(), columns), record.__getitem__)


def _mapping(text_col: str, columns: Mapping[str, str] | None) -> dict[str, str]:
    mapping = dict(columns or {})
    if text_col != "text":
        mapping.setdefault(text_col, "text")
    return mapping


def _has_text(names: Iterable[Any], mapping: Mapping[str, str]) -> bool:
    """Whether ``names`` hold the text: a source mapped to ``text`` if any is named, else ``text``."""
    wanted = [k for k, v in mapping.items() if v == "text"]
    names = set(names)
    return any(w in names for w in wanted) if wanted else "text" in names


def _missing_text(available: Iterable[Any], mapping: Mapping[str, str], name: str, *,
                  kind: str = "column", hint: str = "") -> CorpusFormatError:
    available = [str(c) for c in available]
    wanted = [k for k, v in mapping.items() if v == "text"] or ["text"]
    guess = next((c for name_ in _TEXT_NAMES for c in available if c.strip().lower() == name_
                  and c not in wanted), None)
    fix = (f"columns={{{guess!r}: 'text'}}" if guess is not None
           else "columns={'<your text column>': 'text'} (or text_col='<your text column>')")
    expected = " or ".join(repr(w) for w in wanted)
    return CorpusFormatError(f"no text {kind}: expected {expected}; available {kind}s: {available}; "
                             f"pass {fix}{hint}", path=name)


def _as_text(value: Any) -> str | None:
    """The text of a record as str, ``""`` when missing, None when it is not text at all."""
    if isinstance(value, str):
        return value
    if not _present(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _finish(record: dict[str, Any], log: _IssueLog, *, line: int | None, row: int | None,
            label: str | None) -> dict[str, Any] | None:
    """Check the text, add encoding and location keys; None (and an issue) when unusable."""
    text = _as_text(record["text"])
    if text is None:
        log.add(f"text is a {type(record['text']).__name__}, not a string; record skipped",
                line=line, row=row)
        return None
    record["text"] = normalize_newlines(text)
    if label is not None:
        record["encoding"] = label
    record["_path"] = log.name
    if line is not None:
        record["_line"] = line
    if row is not None:
        record["_row"] = row
    return record


def _unique_names(header: list[str]) -> list[str]:
    """Strip names, name empty ones ``Unnamed: i`` and number repeats ``a``, ``a.1`` (as pandas)."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        base = raw.strip() or f"Unnamed: {i}"
        new = base
        while new in seen:
            seen[base] += 1
            new = f"{base}.{seen[base]}"
        seen.setdefault(base, 0)
        seen[new] = 0
        out.append(new)
    return out


# --------------------------------------------------------------------------- CSV
def _sniff_delimiter(text: str, name: str) -> str:
    """Tab for .tsv/.tab; else the one candidate in the header line; else ask csv.Sniffer.

    A header without any candidate means one column: a separator absent from the sample is
    returned, so that unquoted commas in the texts do not split them.
    """
    if name.lower().endswith((".tsv", ".tab")):
        return "\t"
    header = next((line for line in text[:_SNIFF_CHARS].split("\n") if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS if d in header}
    if len(counts) == 1:
        return next(iter(counts))
    if not counts:  # a single column: split on nothing that occurs in the sample
        return next((d for d in "\t|;" if d not in text[:_SNIFF_CHARS]), ",")
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]  # whole lines only
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in counts:
        return sniffed
    best = max(counts, key=counts.__getitem__)
    logger.debug("%s: csv.Sniffer gave %r; separator %r taken from the header line", name, sniffed, best)
    return best


@contextmanager
def _csv_field_limit(size: int) -> Iterator[None]:
    """Let csv read fields up to ``size`` characters (its default limit is 128 KiB).

    ``csv.field_size_limit`` is process-wide: it is raised only when needed and restored after.
    """
    old = csv.field_size_limit()
    if size <= old:
        yield
        return
    csv.field_size_limit(size)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def parse_csv(data: bytes | str, *, name: str, strict: bool = False, sep: str | None = None,
              text_col: str = "text", columns: Mapping[str, str] | None = None,
              encoding: str | None = None) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse a CSV/TSV file with a header row; one row is one document.

    Quoted fields may span several lines. A row with the wrong number of fields (or a broken
    quote) is skipped and reported with its first physical line and its row number.

    Parameters
    ----------
    data : bytes or str
        File content; bytes are decoded with :func:`toolkit.corpus.encoding.decode_bytes`.
    name : str
        How to call the file in messages.
    strict : bool
        Raise :class:`~toolkit.errors.CorpusFormatError` on the first bad row.
    sep : str, optional
        Field separator. Default: tab for ``.tsv``/``.tab`` names, else the one of ``,`` ``;``
        tab ``|`` found in the header line; if several are, ``csv.Sniffer`` decides on the first
        8 KiB; if none is, the file has one column.
    text_col : str
        Column holding the text (renamed ``text``).
    columns : mapping, optional
        Renaming of other columns to standard keys, see :func:`map_columns`.
    encoding : str, optional
        Force an encoding instead of detecting it.

    Returns
    -------
    records : list of dict
        One per good row; column names are stripped of surrounding spaces, values are strings,
        empty cells are None (``""`` for the text).
    issues : list of ParseIssue

    Raises
    ------
    CorpusFormatError
        Empty file, no text column (the message lists the columns), or ``strict=True`` and a
        bad row.

    Examples
    --------
    >>> csv_text = 'text,date\\n"Line one\\nline two",2015\\nbad,row,extra\\n'
    >>> records, issues = parse_csv(csv_text, name="x.csv")
    >>> records[0]["text"]
    'Line one\\nline two'
    >>> print(issues[0])
    x.csv, line 4, row 1: expected 2 fields, got 3; row skipped (a value containing ',' must be quoted)
    """
    text, label = _decode(data, name=name, encoding=encoding)
    if sep is None:
        sep = _sniff_delimiter(text, name)
    elif len(sep) != 1:
        raise ValueError(f"sep={sep!r} is invalid; must be one character such as ',' ';' '\\t' '|'")
    log = _IssueLog(name, strict)
    mapping = _mapping(text_col, columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    records: list[dict[str, Any]] = []
    header: list[str] | None = None
    plan: list[tuple[str, list[Any]]] = []
    row = -1
    last_line = 0
    with _csv_field_limit(len(text) + 1):
        while True:
            try:
                fields = next(reader)
                error = None
            except StopIteration:
                break
            except csv.Error as err:
                fields, error = [], err
            start, last_line = last_line + 1, reader.line_num
            if error is not None:
                if header is None:
                    raise CorpusFormatError(f"cannot read the header row: {error}", path=name,
                                            line=start) from error
                row += 1
                log.add(_csv_error_message(error, start, last_line), line=start, row=row)
                continue
            if not fields:
                continue  # blank line
            if header is None:
                header = _unique_names(fields)
                plan = _index_plan(header, mapping)
                if not _has_text(header, mapping):
                    raise _missing_text(header, mapping, name,
                                        hint="" if len(header) > 1 else
                                        f"; only one column was found with separator {sep!r}: "
                                        "pass sep=';' (or '\\t', '|') if that is wrong")
                continue
            row += 1
            if len(fields) != len(header):
                hint = (f" (a value containing {sep!r} must be quoted)" if len(fields) > len(header)
                        else "")
                log.add(f"expected {len(header)} field{'s' * (len(header) != 1)}, got {len(fields)}; "
                        f"row skipped{hint}",
                        line=start, row=row)
                continue
            record = _apply(plan, fields.__getitem__)
            for key, value in record.items():
                if value == "" and key != "text":
                    record[key] = None
            done = _finish(record, log, line=start, row=row, label=label)
            if done is not None:
                records.append(done)
    if header is None:
        raise CorpusFormatError("the file is empty; expected a header row naming the columns "
                                f"(one of them {text_col!r})", path=name)
    return records, log.issues


def _csv_error_message(error: csv.Error, start: int, end: int) -> str:
    if "unexpected end of data" in str(error):
        return (f"a quoted field opened on line {start} is never closed (the rest of the file, "
                f"to line {end}, was read into it); row skipped; close the quote or escape it as \"\"")
    return f"broken quoting ({error}); row skipped; quote the whole field and double inner quotes"


# --------------------------------------------------------------------------- JSON
def _follow(obj: Any, records_path: str, name: str) -> Any:
    here: list[str] = []
    for step in records_path.split("."):
        if isinstance(obj, dict) and step in obj:
            obj = obj[step]
        elif isinstance(obj, list) and step.isdigit() and int(step) < len(obj):
            obj = obj[int(step)]
        else:
            at = ".".join(here) or "the top level"
            keys = f"; keys there: {sorted(map(str, obj))}" if isinstance(obj, dict) else ""
            raise CorpusFormatError(f"records_path={records_path!r}: {step!r} not found at {at} "
                                    f"(a {_kind(obj)}){keys}", path=name)
        here.append(step)
    return obj


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", type(None): "null"}.get(type(value), type(value).__name__)


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


class _ObjectReader:
    """Turn JSON values into records: rename keys, report non-objects and text-less objects."""

    def __init__(self, *, log: _IssueLog, mapping: Mapping[str, str], label: str | None):
        self.log, self.mapping, self.label = log, mapping, label
        self.wanted = " or ".join(repr(k) for k, v in mapping.items() if v == "text") or "'text'"
        self.plans: dict[tuple[str, ...], list[tuple[str, list[Any]]]] = {}

    def record(self, obj: Any, *, what: str, line: int | None, row: int) -> dict[str, Any] | None:
        """``what`` names the value in messages, e.g. ``"element 3"`` or ``"line 7"``."""
        if not isinstance(obj, dict):
            self.log.add(f"{what} is {_article(_kind(obj))}, not an object; skipped", line=line, row=row)
            return None
        if self.mapping:
            keys = tuple(obj)
            plan = self.plans.get(keys)
            if plan is None:
                plan = self.plans[keys] = _plan(keys, self.mapping)
            record = _apply(plan, obj.__getitem__)
        else:
            record = dict(obj)
        if "text" not in record:
            self.log.add(f"{what} has no {self.wanted} key; skipped", line=line, row=row)
            return None
        return _finish(record, self.log, line=line, row=row, label=self.label)


def _check_text_key(objects: Iterable[Any], mapping: Mapping[str, str], name: str,
                    hint: str = "") -> None:
    """Raise when no object at all has a key that becomes ``text``."""
    seen: dict[str, None] = {}
    n_objects = 0
    for obj in objects:
        if isinstance(obj, dict):
            n_objects += 1
            if _has_text(obj, mapping):
                return
            if len(seen) < 50:
                seen.update(dict.fromkeys(map(str, obj)))
    if n_objects:
        raise _missing_text(seen, mapping, name, kind="key", hint=hint)


def parse_json(data: bytes | str, *, name: str, strict: bool = False, text_col: str = "text",
               columns: Mapping[str, str] | None = None, records_path: str | None = None,
               encoding: str | None = None) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse a JSON file: an array of objects, one object, or an object holding such an array.

    Parameters
    ----------
    data : bytes or str
        File content.
    name : str
        How to call the file in messages.
    strict : bool
        Raise on the first element that is not a usable object.
    text_col, columns, encoding
        As in :func:`parse_csv`.
    records_path : str, optional
        Dotted path to the array inside the top-level object, e.g. ``"data.articles"``
        (digits index arrays: ``"results.0.items"``).

    Returns
    -------
    records : list of dict
        One per object; each keeps its own keys (no line numbers: ``_row`` is the array index).
    issues : list of ParseIssue
        Elements that are not objects, or have no text key (``row`` = index in the array).

    Raises
    ------
    CorpusFormatError
        Invalid JSON (with line and column), a top level that is neither an array nor an
        object, a ``records_path`` that does not exist, or no object with a text key.

    Examples
    --------
    >>> records, _ = parse_json('[{"content": "نص", "source": "spa"}]', name="d.json",
    ...                         columns={"content": "text"})
    >>> records[0]["text"], records[0]["source"]
    ('نص', 'spa')
    >>> parse_json('[{"text": "a"},\\n {"text": }]', name="d.json")
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusFormatError: d.json, line 2: invalid JSON at line 2, column 11: Expecting value
    """
    text, label = _decode(data, name=name, encoding=encoding)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        hint = ("; the file holds several JSON values: if it has one object per line, read it "
                "as JSON Lines (parse_jsonl)") if err.msg == "Extra data" else ""
        raise CorpusFormatError(f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}{hint}",
                                path=name, line=err.lineno) from err
    if records_path:
        obj = _follow(obj, records_path, name)
    if isinstance(obj, dict):
        items = [obj]
    elif isinstance(obj, list):
        items = obj
    else:
        raise CorpusFormatError(f"expected an array of objects or one object, got {_article(_kind(obj))}",
                                path=name)
    mapping = _mapping(text_col, columns)
    hint = ""
    if isinstance(obj, dict):
        lists = [k for k, v in obj.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if lists:
            hint = f"; or, if the documents are in the array {lists[0]!r}, pass records_path={lists[0]!r}"
    _check_text_key(items, mapping, name, hint)
    log = _IssueLog(name, strict)
    reader = _ObjectReader(log=log, mapping=mapping, label=label)
    records = []
    for i, item in enumerate(items):
        record = reader.record(item, what=f"element {i}", line=None, row=i)
        if record is not None:
            records.append(record)
    return records, log.issues


def parse_jsonl(data: bytes | str, *, name: str, strict: bool = False, text_col: str = "text",
                columns: Mapping[str, str] | None = None,
                encoding: str | None = None) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse a JSON Lines file: one JSON object per line; blank lines are ignored.

    Parameters
    ----------
    data, name, strict, text_col, columns, encoding
        As in :func:`parse_csv`.

    Returns
    -------
    records : list of dict
        One per good line (``_line`` = line number, ``_row`` = position among non-blank lines).
    issues : list of ParseIssue
        Lines that are not valid JSON, not an object, or have no text key; they are skipped.

    Raises
    ------
    CorpusFormatError
        No line is a JSON object (e.g. a pretty-printed JSON array: use :func:`parse_json`),
        no object has a text key, or ``strict=True`` and a bad line.

    Examples
    --------
    >>> records, issues = parse_jsonl('{"text": "a"}\\n\\n[1]\\n', name="x.jsonl")
    >>> len(records), str(issues[0])
    (1, 'x.jsonl, line 3, row 1: line 3 is an array, not an object; skipped')
    """
    text, label = _decode(data, name=name, encoding=encoding)
    parsed: list[tuple[int, int, Any, json.JSONDecodeError | None]] = []
    row = -1
    # split on "\n" only: str.splitlines() would also split on U+2028 inside JSON strings
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        row += 1
        try:
            parsed.append((lineno, row, json.loads(line), None))
        except json.JSONDecodeError as err:
            parsed.append((lineno, row, None, err))
    objects = [obj for _, _, obj, err in parsed if err is None and isinstance(obj, dict)]
    if parsed and not objects:
        raise CorpusFormatError("no line is a JSON object; JSON Lines needs one object per line "
                                "(if the file is one JSON array or object, read it with parse_json)",
                                path=name, line=parsed[0][0])
    mapping = _mapping(text_col, columns)
    _check_text_key(objects, mapping, name)
    log = _IssueLog(name, strict)
    reader = _ObjectReader(log=log, mapping=mapping, label=label)
    records = []
    for lineno, row, obj, err in parsed:
        if err is not None:
            log.add(f"invalid JSON ({err.msg} at column {err.colno}); line skipped", line=lineno, row=row)
            continue
        record = reader.record(obj, what=f"line {lineno}", line=lineno, row=row)
        if record is not None:
            records.append(record)
    return records, log.issues


# --------------------------------------------------------------------------- Parquet and Excel
def _frame_to_records(frame: pd.DataFrame, *, log: _IssueLog, mapping: Mapping[str, str],
                      first_line: int | None) -> list[dict[str, Any]]:
    names = _unique_names([str(c) for c in frame.columns])
    frame = frame.set_axis(names, axis=1)
    plan_idx = _index_plan(names, mapping)
    if not _has_text(names, mapping):
        raise _missing_text(names, mapping, log.name)
    records: list[dict[str, Any]] = []
    for row, values in enumerate(frame.itertuples(index=False, name=None)):
        record = _apply(plan_idx, values.__getitem__)
        for key, value in record.items():
            if key != "text" and not _present(value) and not isinstance(value, str):
                record[key] = None
        line = None if first_line is None else first_line + row
        done = _finish(record, log, line=line, row=row, label=None)
        if done is not None:
            records.append(done)
    return records


def parse_parquet(data: bytes, *, name: str, strict: bool = False, text_col: str = "text",
                  columns: Mapping[str, str] | None = None
                  ) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse a Parquet file (read with pyarrow from memory); one row is one document.

    Parameters
    ----------
    data : bytes
        File content.
    name, strict, text_col, columns
        As in :func:`parse_csv`.

    Returns
    -------
    records : list of dict
        One per row, one key per column; missing values are None (``""`` for the text); dates
        stay ``pandas.Timestamp``.
    issues : list of ParseIssue
        Rows whose text is not a string or number (e.g. a nested list).

    Raises
    ------
    CorpusFormatError
        Not a readable Parquet file, or no text column.

    Examples
    --------
    >>> import io, pandas as pd
    >>> buf = io.BytesIO()
    >>> pd.DataFrame({"text": ["a", None], "year": [2015, 2016]}).to_parquet(buf)
    >>> [(r["text"], r["year"]) for r in parse_parquet(buf.getvalue(), name="t.parquet")[0]]
    [('a', 2015), ('', 2016)]
    """
    data = _require_bytes(data, name=name, what="Parquet")
    import pyarrow

    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except (pyarrow.ArrowException, ValueError, OSError) as err:
        raise CorpusFormatError(f"not a readable Parquet file ({err}); check that the file is "
                                "complete and really Parquet", path=name) from err
    log = _IssueLog(name, strict)
    return _frame_to_records(frame, log=log, mapping=_mapping(text_col, columns), first_line=None), log.issues


def parse_excel(data: bytes, *, name: str, strict: bool = False, sheet_name: str | int = 0,
                text_col: str = "text", columns: Mapping[str, str] | None = None
                ) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse one sheet of an Excel workbook (``.xlsx``, ``.xls``, ``.ods`` via calamine); one row is one document.

    Parameters
    ----------
    data : bytes
        File content.
    name, strict, text_col, columns
        As in :func:`parse_csv`.
    sheet_name : str or int
        Sheet name, or 0-based position.

    Returns
    -------
    records : list of dict
        As :func:`parse_parquet`; ``_line`` is the spreadsheet row number (header on row 1).
    issues : list of ParseIssue

    Raises
    ------
    CorpusFormatError
        Not a readable workbook, no such sheet (the message lists the sheets), or no text column.

    Examples
    --------
    >>> import io, pandas as pd
    >>> buf = io.BytesIO()
    >>> pd.DataFrame({"texte": ["Bonjour"]}).to_excel(buf, index=False, sheet_name="fr")
    >>> parse_excel(buf.getvalue(), name="t.xlsx", sheet_name="fr", text_col="texte")[0][0]["text"]
    'Bonjour'
    """
    data = _require_bytes(data, name=name, what="Excel")
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="calamine")
    except (ValueError, OSError, KeyError, zipfile.BadZipFile, CalamineError) as err:
        raise CorpusFormatError(f"not a readable Excel workbook ({err}); save it as .xlsx and "
                                "check that the file is complete", path=name) from err
    with book:
        sheets = list(book.sheet_names)
        if (isinstance(sheet_name, str) and sheet_name not in sheets) or (
                isinstance(sheet_name, int) and not -len(sheets) <= sheet_name < len(sheets)):
            raise CorpusFormatError(f"no sheet {sheet_name!r}; the workbook has {sheets}; pass "
                                    "sheet_name= one of them (or its 0-based position)", path=name)
        if isinstance(sheet_name, int):
            sheet_name = sheets[sheet_name]  # calamine takes names or positions >= 0
        frame = pd.read_excel(book, sheet_name=sheet_name)
    log = _IssueLog(name, strict)
    return _frame_to_records(frame, log=log, mapping=_mapping(text_col, columns), first_line=2), log.issues
