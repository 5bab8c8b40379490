"""Dictionary files: the toolkit YAML layout, quanteda YAML, LIWC ``.dic`` and CSV/TSV.

:func:`read_dictionary` picks the format from the extension (``.yml``/``.yaml``, ``.dic``,
``.csv``, ``.tsv``) and :func:`write_dictionary` writes atomically (:mod:`toolkit.atomic`: the
file is complete or untouched). Every problem is a :class:`toolkit.errors.DictionaryError`
naming the file and line.

Formats
-------
toolkit YAML
    A mapping with ``toolkit_dictionary: 1`` (see :mod:`toolkit.frames.dictionary`). Holds
    everything: weights, languages, exclusions, ``requires``, thresholds, metadata. Lines are
    tracked: a category's line is the line of its name, an entry's the line of its list item.
quanteda YAML (any YAML mapping without ``toolkit_dictionary``)
    Keys are categories; a value is a pattern, a list of patterns, or a mapping of
    sub-categories (``a: {b: [...]}`` gives category ``a/b``). Inside such a mapping the key
    ``''`` (as quanteda reads it) or ``__`` (as quanteda's ``as.yaml()`` writes it) holds the
    parent's own patterns. Keys that are settings of the toolkit layout (``entries``,
    ``requires``, ...) are refused: add ``toolkit_dictionary: 1`` instead.
LIWC ``.dic``
    A header between two ``%`` lines maps numbers to names (``1<TAB>funct``), then one word per
    line followed by its category numbers. Read leniently: tabs or spaces, CRLF, a BOM, blank
    lines, zero-padded or non-contiguous numbers, category *names* instead of numbers, phrases
    with spaces (LIWC2015), an optional description after the name (``1 funct (Function
    words)``). Categories stay flat, named as in the header (LIWC lists a word under every
    category it counts for, so nesting ``negemo`` under ``affect`` would count it twice);
    leading tabs in the header are ignored and a ``/`` in a name makes a sub-category. LIWC2007
    context codes (``like<TAB>(02 134)125/464``, ``kind<TAB><of>131/125``) depend on the
    neighbouring word, which an entry cannot express: they are dropped with a warning and the
    word keeps its plain numbers. A word written with a parenthesised word (``kind (of)``) is
    read as the phrase ``kind of``, with a warning. A word listed twice is kept once.
CSV / TSV
    One row per entry with a header row: ``category, entry`` (required), ``lang, weight,
    concept, rationale, exclude`` (optional; ``exclude`` phrases are separated by ``|``).
    Cells are stripped; a ``.csv`` file may use ``,``, ``;`` or tabs.

In YAML, keys are names as written (``2015:`` and ``no:`` name categories or languages "2015"
and "no"), duplicate keys are errors, and list items must be text: quote patterns that YAML
would read otherwise, ``'*deceit*'`` (``*`` starts an alias), ``'[!c]ounter*'``, ``'2015'``,
``'no'`` (a number or a yes/no value is refused with its line rather than turned into text).

Writing quanteda YAML, LIWC or CSV drops what the format cannot hold (weights, languages,
exclusions, ``requires``...) with a :class:`UserWarning` naming it, or raises with ``strict=True``.

Examples
--------
>>> import tempfile, pathlib
>>> from toolkit.frames.dictionary import Dictionary
>>> d = Dictionary.from_dict({"media": ["propaganda", "social media"], "financial": {"funding": ["financ*"]}})
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = write_dictionary(d, pathlib.Path(tmp) / "frames.dic")
...     print(pathlib.Path(tmp, "frames.dic").read_text())
...     read_dictionary(pathlib.Path(tmp) / "frames.dic") == d
%
1	media
2	financial/funding
%
propaganda	1
social media	1
financ*	2
<BLANKLINE>
True
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import yaml

from toolkit.atomic import write_text
from toolkit.errors import DictionaryError, invalid_value_message
from toolkit.frames.dictionary import RESERVED, Category, Dictionary, Entry
from toolkit.yamlio import LINE_KEY, LocatedStr, load_located, not_text

__all__ = ["CSV_COLUMNS", "read_dictionary", "write_dictionary"]

logger = logging.getLogger(__name__)

Format = Literal["yaml", "toolkit", "quanteda", "liwc", "csv", "tsv"]
_FORMATS = ("yaml", "toolkit", "quanteda", "liwc", "csv", "tsv")
_EXTENSIONS = {".yml": "yaml", ".yaml": "yaml", ".dic": "liwc", ".csv": "csv", ".tsv": "tsv"}
#: columns of the CSV/TSV format, in the order they are written
CSV_COLUMNS = ("category", "entry", "lang", "weight", "concept", "rationale", "exclude")
_OWN = ("", "__")  # quanteda keys holding a parent category's own patterns


# ---------------------------------------------------------------------- public API
def read_dictionary(path: str | os.PathLike[str], *, format: Format | None = None,
                    encoding: str = "utf-8") -> Dictionary:
    """Read a dictionary file: toolkit or quanteda YAML, LIWC ``.dic``, CSV or TSV.

    Parameters
    ----------
    path : str or path-like
    format : {"yaml", "toolkit", "quanteda", "liwc", "csv", "tsv"}, optional
        Default: from the extension. ``"yaml"`` reads the toolkit layout when the file has
        ``toolkit_dictionary``, else quanteda's; ``"toolkit"``/``"quanteda"`` insist on one.
    encoding : str
        Text encoding (a UTF-8 byte order mark is skipped). Old LIWC files may need ``"cp1252"``.

    Raises
    ------
    DictionaryError
        With the file and line: invalid YAML, duplicate key, unreadable LIWC header, undefined
        category number, bad CSV header or weight, and every error of :class:`Dictionary`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "d.yml"
    ...     _ = path.write_text("military:\\n  requires: [nope]\\n", encoding="utf-8")
    ...     read_dictionary(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    toolkit.errors.DictionaryError: .../d.yml, line 2: key 'requires' is a setting of the toolkit layout...
    """
    path = Path(path)
    fmt = _format_for(path, format)
    text = _read_text(path, encoding)
    where = str(path)
    if fmt in ("yaml", "toolkit", "quanteda"):
        return _read_yaml(text, where, fmt)
    if fmt == "liwc":
        from toolkit.frames.liwc import read_liwc

        return read_liwc(text, where)
    return _read_csv(text, where, "\t" if fmt == "tsv" else None)


def write_dictionary(dictionary: Dictionary, path: str | os.PathLike[str], *, format: Format | None = None,
                     strict: bool = False) -> Path:
    """Write ``dictionary`` to ``path`` atomically; return the path.

    Parameters
    ----------
    dictionary : Dictionary
    path : str or path-like
        Missing folders are created; an existing file is replaced only once the new one is complete.
    format : {"yaml", "toolkit", "quanteda", "liwc", "csv", "tsv"}, optional
        Default: from the extension; ``.yml`` writes the toolkit layout (``"yaml"`` = ``"toolkit"``).
    strict : bool
        Raise instead of warning when the format cannot hold part of the dictionary.

    Examples
    --------
    >>> import tempfile, pathlib, warnings
    >>> from toolkit.frames.dictionary import Dictionary
    >>> d = Dictionary.from_dict({"media": [{"en": ["propaganda"], "weight": 2}]})
    >>> with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = write_dictionary(d, pathlib.Path(tmp) / "d.yml", format="quanteda")
    ...     print(pathlib.Path(tmp, "d.yml").read_text())
    media:
    - propaganda
    <BLANKLINE>
    >>> print(str(caught[0].message).split(": ", 1)[1])  # doctest: +ELLIPSIS
    quanteda YAML cannot hold languages of 1 entry; weights of 1 entry. Write the toolkit YAML layout...
    """
    if not isinstance(dictionary, Dictionary):
        raise TypeError(f"dictionary must be a Dictionary, got {type(dictionary).__name__}")
    path = Path(path)
    fmt = _format_for(path, format)
    from toolkit.frames.liwc import write_liwc

    writer = {"yaml": _write_toolkit, "toolkit": _write_toolkit, "quanteda": _write_quanteda,
              "liwc": write_liwc, "csv": _write_csv, "tsv": _write_csv}[fmt]
    text = writer(dictionary, str(path), strict, fmt)
    return write_text(path, text)


# ---------------------------------------------------------------------- helpers
def _format_for(path: Path, format: str | None) -> str:
    if format is not None:
        if format not in _FORMATS:
            raise ValueError(invalid_value_message("format", format, _FORMATS))
        return format
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise DictionaryError(f"cannot tell the dictionary format from the extension {path.suffix!r}; use "
                              f".yml, .dic, .csv or .tsv, or pass format= one of {list(_FORMATS)}", path=str(path))
    return fmt


def _read_text(path: Path, encoding: str) -> str:
    data = path.read_bytes()
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec).lstrip("\ufeff")
    except UnicodeDecodeError as err:
        raise DictionaryError(f"byte 0x{data[err.start]:02x} is not valid {encoding}; save the file as UTF-8 "
                              "or pass encoding= (older LIWC files are often 'cp1252')", path=str(path),
                              line=data[:err.start].count(b"\n") + 1) from None


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _parents_first(cats: Iterable[Category]) -> list[Category]:
    """Categories reordered so that a parent given explicitly comes before its children."""
    cats = list(cats)
    by_name = {c.name: c for c in cats}
    out: list[Category] = []
    done: set[str] = set()

    def emit(cat: Category) -> None:
        if cat.name in done:
            return
        parts = cat.name.split("/")
        for i in range(1, len(parts)):
            parent = by_name.get("/".join(parts[:i]))
            if parent is not None:
                emit(parent)
        done.add(cat.name)
        out.append(cat)

    for cat in cats:
        emit(cat)
    return out


def _lost(d: Dictionary, keep: frozenset[str], *, empty_leaves: bool = False) -> list[str]:
    """What a format keeping only the entry fields ``keep`` cannot hold, worded for a warning."""
    lost: list[str] = []
    entries = [e for _, e in d.entries()]
    for field, default, label in (("lang", None, "languages"), ("weight", 1.0, "weights"),
                                  ("exclude", (), "exclusions"), ("concept", None, "concepts"),
                                  ("rationale", None, "rationales")):
        n = sum(getattr(e, field) != default for e in entries) if field not in keep else 0
        if n:
            lost.append(f"{label} of {n} entr{'y' if n == 1 else 'ies'}")
    for field, label in (("description", "description"), ("requires", "requires"), ("window", "window"),
                         ("exclude", "exclude"), ("threshold", "threshold")):
        names = [c.name for c in d.categories.values() if getattr(c, field) not in (None, ())]
        if names:
            lost.append(f"the {label} of categories {_few(names)}")
    if empty_leaves:
        names = [n for n, c in d.categories.items() if not c.entries and not d.children(n)]
        if names:
            lost.append(f"empty categories {_few(names)}")
    meta = [k for k in ("name", "version", "description") if getattr(d, k) is not None]
    if meta:
        lost.append(f"the dictionary's {', '.join(meta)}")
    if d.frames != d.top_level:
        lost.append(f"the frames list {list(d.frames)}")
    return lost


def _report_lost(lost: list[str], label: str, path: str, strict: bool) -> None:
    if not lost:
        return
    message = (f"{label} cannot hold {'; '.join(lost)}. Write the toolkit YAML layout (.yml) to keep "
               "them" + ("" if strict else "; they were left out"))
    if strict:
        raise DictionaryError(message, path=path)
    warnings.warn(f"{path}: {message}", UserWarning, stacklevel=4)


# ---------------------------------------------------------------------- YAML
def _load_yaml(text: str, path: str) -> tuple[Any, int]:
    """The document, with lines (:mod:`toolkit.yamlio`), and the line it starts on."""
    return load_located(text, path, error=DictionaryError,
                        empty="the file is empty: write categories as 'name: [pattern, ...]' or use the toolkit "
                              "layout (toolkit_dictionary: 1)")


def _read_yaml(text: str, path: str, fmt: str) -> Dictionary:
    data, start = _load_yaml(text, path)
    if not isinstance(data, Mapping):
        raise DictionaryError(f"expected a mapping of categories (name: [patterns]) at the top level, got a "
                              f"{type(data).__name__}", path=path, line=start)
    toolkit = "toolkit_dictionary" in data
    if fmt == "toolkit" and not toolkit:
        raise DictionaryError("no 'toolkit_dictionary: 1' line: this is not the toolkit layout (read it with "
                              "format='quanteda' or add the line)", path=path, line=start)
    if fmt == "quanteda" and toolkit:
        raise DictionaryError("this file is in the toolkit layout (it has 'toolkit_dictionary'); read it with "
                              "format='yaml'", path=path, line=_key_line(data, "toolkit_dictionary", start))
    if toolkit:
        return Dictionary.from_dict(_toolkit_data(data, path), path=path)
    if fmt == "yaml" and isinstance(data.get("categories"), Mapping):
        raise DictionaryError("'categories' holds a mapping as in the toolkit layout, but the file has no "
                              "'toolkit_dictionary: 1' line; add it (or pass format='quanteda' to read "
                              "'categories' as a category)", path=path, line=_key_line(data, "categories", start))
    cats: list[Category] = []
    _quanteda_categories(data, "", path, cats)
    return Dictionary(cats, path=path)


def _key_line(mapping: Mapping[Any, Any], key: str, default: int | None) -> int | None:
    for k in mapping:
        if k == key:
            return getattr(k, "line", default)
    return default


def _plain(obj: Any) -> Any:
    """``obj`` with the line-carrying strings turned back into plain ones (``__line__`` kept)."""
    if isinstance(obj, Mapping):
        return {(str(k) if isinstance(k, str) else k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    return str(obj) if isinstance(obj, str) else obj


def _toolkit_data(data: Mapping[Any, Any], path: str) -> dict[Any, Any]:
    """The toolkit layout made ready for :meth:`Dictionary.from_dict`, with the best line for everything.

    Category mappings get the line of their name; pattern strings of ``entries``/``exclude``
    lists become ``{"pattern": ..., "__line__": ...}`` (the same entry, with its own line).
    """
    out = _plain({k: v for k, v in data.items() if k != "categories"})
    tree = data.get("categories")
    out["categories"] = _toolkit_category(tree, tree.get(LINE_KEY), path, top=True) if isinstance(tree, Mapping) \
        else _plain(tree)
    return out


def _toolkit_category(value: Any, line: int | None, path: str, top: bool = False) -> Any:
    if not isinstance(value, Mapping):
        return {"entries": [] if value is None else _toolkit_entries(value), LINE_KEY: line}
    out: dict[Any, Any] = {LINE_KEY: line}
    for key, sub in value.items():
        key_line = getattr(key, "line", value.get(LINE_KEY))
        if key == LINE_KEY:
            continue
        if top or key not in RESERVED:
            out[str(key)] = _toolkit_category(sub, key_line, path)
        else:
            out[str(key)] = _toolkit_entries(sub) if key in ("entries", "exclude") else _plain(sub)
    return out


def _toolkit_entries(items: Any) -> Any:
    if isinstance(items, list):
        return [{"pattern": str(x), LINE_KEY: x.line} if isinstance(x, LocatedStr) else _plain(x) for x in items]
    return _plain(items)


def _quanteda_categories(tree: Mapping[Any, Any], prefix: str, path: str, out: list[Category]) -> None:
    for key, value in tree.items():
        if key == LINE_KEY or (prefix and key in _OWN):
            continue
        line = getattr(key, "line", tree.get(LINE_KEY))
        if not key.strip() and not prefix:
            raise DictionaryError("an empty key at the top level: patterns under '' belong inside a category "
                                  "(a: {'': [...], b: [...]})", path=path, line=line)
        if key in RESERVED:
            raise DictionaryError(f"key {key!r} is a setting of the toolkit layout, but the file has no "
                                  "'toolkit_dictionary: 1' line and is read as a quanteda dictionary; add the line "
                                  "and put the categories under 'categories:', or rename the category", path=path,
                                  line=line)
        name = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, Mapping):
            own = [e for k, v in value.items() if k in _OWN
                   for e in _quanteda_entries(v, name, path, getattr(k, "line", line))]
            out.append(Category(name, tuple(own), line=line))
            _quanteda_categories(value, name, path, out)
        else:
            out.append(Category(name, tuple(_quanteda_entries(value, name, path, line)), line=line))


def _quanteda_entries(value: Any, name: str, path: str, line: int | None) -> list[Entry]:
    if value is None:
        return []
    if isinstance(value, str):
        return [Entry(str(value), line=line)]
    if not isinstance(value, list):
        raise DictionaryError(not_text(str(value), value).replace("list item", f"the value of {name!r}:"),
                              path=path, line=line)
    out = []
    for item in value:
        if isinstance(item, LocatedStr):
            out.append(Entry(str(item), line=item.line))
        elif isinstance(item, Mapping):
            raise DictionaryError(f"category {name!r}: entries of a quanteda dictionary are patterns; weights, "
                                  "languages and exclusions need the toolkit layout (add 'toolkit_dictionary: 1' "
                                  "and put the categories under 'categories:')", path=path, line=item.get(LINE_KEY))
        else:
            raise DictionaryError(f"category {name!r}: a list inside a list; write the patterns as one list, or "
                                  "a mapping for sub-categories", path=path, line=line)
    return out


def _write_toolkit(d: Dictionary, path: str, strict: bool, fmt: str) -> str:
    return yaml.safe_dump(d.to_dict(), allow_unicode=True, sort_keys=False, default_flow_style=False)


def _write_quanteda(d: Dictionary, path: str, strict: bool, fmt: str) -> str:
    _report_lost(_lost(d, frozenset()), "quanteda YAML", path, strict)

    def node(name: str) -> Any:
        patterns = list(dict.fromkeys(e.pattern for e in d.categories[name].entries))
        kids = d.children(name)
        if not kids:
            return patterns
        out: dict[str, Any] = {"": patterns} if patterns else {}
        out.update((kid.rsplit("/", 1)[1], node(kid)) for kid in kids)
        return out

    def scalar(text: str) -> str:  # quoted when YAML needs it (the flow form quotes at least as often)
        out = yaml.safe_dump([text], allow_unicode=True, default_flow_style=True, width=1 << 30)[1:-2]
        return json.dumps(text, ensure_ascii=False) if "\n" in out else out  # JSON strings are YAML too

    def emit(tree: Mapping[str, Any], pad: str) -> Iterable[str]:
        for key, value in tree.items():
            if isinstance(value, list):
                yield f"{pad}{scalar(key)}:" + ("" if value else " []")
                yield from (f"{pad}  - {scalar(p)}" for p in value)
            else:
                yield f"{pad}{scalar(key)}:"
                yield from emit(value, pad + "  ")

    return "".join(line + "\n" for line in emit({top: node(top) for top in d.top_level}, ""))


def _few(items: list[Any], limit: int = 8) -> str:
    shown = ", ".join(map(str, items[:limit]))
    return shown + (f" ... ({len(items)} in all)" if len(items) > limit else "")


# ---------------------------------------------------------------------- CSV / TSV
def _read_csv(text: str, path: str, delimiter: str | None) -> Dictionary:
    if delimiter is None:
        head = next((line for line in _lines(text) if line.strip()), "")
        delimiter = max((",", ";", "\t"), key=head.count) if head else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    grouped: dict[str, tuple[int, list[Entry]]] = {}
    previous = 0
    try:
        for record in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = _csv_header(record, path, line)
                continue
            cells = [cell.strip() for cell in record]
            if len(cells) > len(header) and any(cells[len(header):]):
                raise DictionaryError(f"the row has {len(cells)} cells but the header names {len(header)} columns "
                                      f"({', '.join(header)}); quote cells that contain {delimiter!r}",
                                      path=path, line=line)
            row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
            if not row["category"]:
                raise DictionaryError(f"entry {row['entry']!r} has no category", path=path, line=line)
            entry = Entry(row["entry"], lang=row.get("lang") or None, weight=_csv_weight(row.get("weight", ""),
                                                                                           path, line),
                          exclude=tuple(p.strip() for p in row.get("exclude", "").split("|") if p.strip()),
                          concept=row.get("concept") or None, rationale=row.get("rationale") or None, line=line)
            grouped.setdefault(row["category"], (line, []))[1].append(entry)
    except csv.Error as err:
        raise DictionaryError(f"unreadable CSV: {err}", path=path, line=reader.line_num) from None
    if header is None:
        raise DictionaryError(f"the file is empty: write a header row ({','.join(CSV_COLUMNS)}) and one row per "
                              "entry", path=path)
    cats = [Category(name, tuple(entries), line=line) for name, (line, entries) in grouped.items()]
    if not cats:
        raise DictionaryError("the file has a header but no entries", path=path, line=2)
    return Dictionary(_parents_first(cats), path=path)


def _csv_header(record: list[str], path: str, line: int) -> list[str]:
    header = [cell.strip().lower() for cell in record]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    missing = [c for c in ("category", "entry") if c not in header]
    if missing or unknown:
        problem = (f"missing column(s) {', '.join(missing)}" if missing else "") + \
                  ("; " if missing and unknown else "") + (f"unknown column(s) {', '.join(unknown)}" if unknown else "")
        raise DictionaryError(f"the first row must name the columns: {problem}; expected category, entry and "
                              f"optionally {', '.join(CSV_COLUMNS[2:])}", path=path, line=line)
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise DictionaryError(f"column(s) {', '.join(duplicated)} appear twice in the header", path=path, line=line)
    return header


def _csv_weight(cell: str, path: str, line: int) -> float:
    if not cell:
        return 1.0
    try:
        return float(cell)
    except ValueError:
        raise DictionaryError(f"weight {cell!r} is not a number (write e.g. 0.5, with a dot)", path=path,
                              line=line) from None


def _write_csv(d: Dictionary, path: str, strict: bool, fmt: str) -> str:
    _report_lost(_lost(d, frozenset({"lang", "weight", "exclude", "concept", "rationale"}), empty_leaves=True),
                 fmt.upper(), path, strict)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for name, e in d.entries():
        bad = [p for p in e.exclude if "|" in p]
        if bad:
            raise DictionaryError(f"cannot write exclusion {bad[0]!r} of entry {e.pattern!r} (category {name!r}) "
                                  f"to {fmt.upper()}: '|' separates the phrases of the exclude column", path=path)
        weight = str(int(e.weight)) if e.weight.is_integer() and abs(e.weight) < 1e15 else repr(e.weight)
        writer.writerow([name, e.pattern, e.lang or "", weight, e.concept or "", e.rationale or "",
                         " | ".join(e.exclude)])
    return buffer.getvalue()
