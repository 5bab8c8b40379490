"""Parsers that turn the content of one file into records (plain dicts, one per document).

Every parser has the same shape::

    parse_xxx(data, *, name, strict=False, ...) -> (records, issues)

* ``data`` is the file content (``bytes``, or ``str`` for text formats). Parsers never open
  files; ``name`` is only used in messages (it may be ``"archive.zip!inner/file.json"``).
* ``records`` is a list of dicts with ``"text"`` (always a ``str``, possibly empty) and any of
  ``doc_id``, ``date`` (raw, parsed later by :mod:`toolkit.corpus.build`), ``title``, ``source``,
  ``lang``, ``url``, ``author``, ``encoding`` (the label of the decoding used, only when the
  content arrived as bytes) and other metadata (kept as docvars). Records also carry
  ``_path`` (= ``name``) and, when known, ``_line`` and ``_row``; the corpus builder uses these
  to locate later problems (e.g. an unparseable date) and does not keep them as docvars.
* Bytes are decoded with :func:`toolkit.corpus.encoding.decode_bytes` (``encoding=`` forces a
  codec) and line endings are normalised to ``\\n``, the one change made to corpus texts.
* ``issues`` lists :class:`ParseIssue` for problems with single records or lines; the record is
  skipped or recovered (each parser documents which). With ``strict=True`` the first such
  problem raises :class:`~toolkit.errors.CorpusFormatError` instead.
* Problems with the whole file (invalid JSON, no ``<DOC>``, no text column, not a PDF) always
  raise :class:`~toolkit.errors.CorpusFormatError` naming the file.

Numbering: ``line`` is the 1-based physical line in the file, as an editor shows it; ``row``
is the 0-based position of the record among the data rows or elements (header excluded), as
pandas or a JSON array index would show it.

Examples
--------
>>> records, issues = parse_jsonl('{"text": "a"}\\nnot json\\n', name="x.jsonl")
>>> [r["text"] for r in records]
['a']
>>> print(issues[0])
x.jsonl, line 2, row 1: invalid JSON (Expecting value at column 1); line skipped
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.corpus.encoding import decode_bytes, normalize_newlines
from toolkit.errors import CorpusFormatError

__all__ = [
    "ParseIssue",
    "map_columns",
    "parse_csv",
    "parse_excel",
    "parse_html",
    "parse_json",
    "parse_jsonl",
    "parse_parquet",
    "parse_pdf",
    "parse_sgml",
]


@dataclass(frozen=True)
class ParseIssue:
    """A problem with one record or line, kept for the load report.

    Attributes
    ----------
    path : str
        The file, as the caller named it.
    line : int or None
        1-based physical line, when known.
    row : int or None
        0-based position of the record among the file's records, when known.
    message : str
        What is wrong and what happened to the record.

    Examples
    --------
    >>> print(ParseIssue("a.csv", 4, 2, "expected 3 fields, got 2; row skipped"))
    a.csv, line 4, row 2: expected 3 fields, got 2; row skipped
    """

    path: str
    line: int | None
    row: int | None
    message: str

    def __str__(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        return f"{', '.join(where)}: {self.message}"


class _IssueLog:
    """Collect :class:`ParseIssue` for one file, or raise on the first one when strict."""

    def __init__(self, name: str, strict: bool):
        self.name = name
        self.strict = strict
        self.issues: list[ParseIssue] = []

    def add(self, message: str, *, line: int | None = None, row: int | None = None) -> None:
        if self.strict:
            raise CorpusFormatError(message, path=self.name, line=line, row=row)
        self.issues.append(ParseIssue(self.name, line, row, message))


def _decode(data: bytes | str, *, name: str, encoding: str | None) -> tuple[str, str | None]:
    """Return ``(text, label)`` with newlines normalised; ``label`` is None for ``str`` data."""
    if isinstance(data, str):
        return normalize_newlines(data.removeprefix("\ufeff")), None
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"{name}: data must be bytes or str, got {type(data).__name__}")
    text, label = decode_bytes(bytes(data), name=name, encoding=encoding)
    return normalize_newlines(text.removeprefix("\ufeff")), label


def _require_bytes(data: Any, *, name: str, what: str) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"{name}: a {what} file must be given as bytes, got {type(data).__name__}; "
                    "read it with open(path, 'rb')")


# The parsers import the helpers above, so they are imported last.
from toolkit.corpus.formats.html import parse_html  # noqa: E402
from toolkit.corpus.formats.pdf import parse_pdf  # noqa: E402
from toolkit.corpus.formats.sgml import parse_sgml  # noqa: E402
from toolkit.corpus.formats.tables import (  # noqa: E402
    map_columns,
    parse_csv,
    parse_excel,
    parse_json,
    parse_jsonl,
    parse_parquet,
)
