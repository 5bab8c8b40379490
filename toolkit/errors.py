"""Exceptions raised by the toolkit, and one helper that words "invalid value" errors.

Every exception subclasses a builtin as well as :class:`ToolkitError`, so callers can catch
what they already know (``ValueError``, ``OSError``) or everything from the toolkit at once.

Examples
--------
>>> try:
...     raise CorpusFormatError("no <TEXT> element", path="a.txt", line=3)
... except ValueError as err:
...     print(err)
a.txt, line 3: no <TEXT> element
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "ToolkitError",
    "CorpusFormatError",
    "DateParseError",
    "DuplicateIdError",
    "UnsafeArchiveError",
    "FetchError",
    "ChecksumError",
    "LocatedError",
    "DictionaryError",
    "AnalysisError",
    "invalid_value_message",
]


class ToolkitError(Exception):
    """Base class of every error raised on purpose by the toolkit."""


def _locate(path: str | None, line: int | None, row: int | None) -> str:
    parts = []
    if path:
        parts.append(str(path))
    if line is not None:
        parts.append(f"line {line}")
    if row is not None:
        parts.append(f"row {row}")
    return ", ".join(parts)


class CorpusFormatError(ToolkitError, ValueError):
    """A file (or one record in it) cannot be read as the layout expects.

    ``path``, ``line`` and ``row`` say where; the message says what is wrong and how to fix it.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 row: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.row = row
        self.reason = message
        where = _locate(self.path, line, row)
        super().__init__(f"{where}: {message}" if where else message)


class LocatedError(ToolkitError, ValueError):
    """A hand-written file (or one value in it) is invalid; ``path`` and ``line`` say where.

    ``reason`` is the message without the location.

    >>> print(LocatedError("duplicate key 'a'", path="f.yml", line=2))
    f.yml, line 2: duplicate key 'a'
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        where = _locate(self.path, line, None)
        super().__init__(f"{where}: {message}" if where else message)


class DictionaryError(LocatedError):
    """A frame dictionary (or one entry in its file) is invalid.

    ``path`` and ``line`` say where, when the dictionary came from a file.

    >>> print(DictionaryError("unbalanced '[' in pattern 'terror[ism'", path="frames.yml", line=12))
    frames.yml, line 12: unbalanced '[' in pattern 'terror[ism'
    """


class AnalysisError(LocatedError):
    """An analysis file (or one value in it) is invalid; ``path`` and ``line`` say where.

    >>> print(AnalysisError("seed must be an integer, got 'x'", path="a.yml", line=4))
    a.yml, line 4: seed must be an integer, got 'x'
    """


class DateParseError(ToolkitError, ValueError):
    """A date string matches none of the supported forms."""


class DuplicateIdError(ToolkitError, ValueError):
    """Two documents received the same ``doc_id``."""


class UnsafeArchiveError(CorpusFormatError):
    """An archive entry would escape its folder, or the archive looks like a decompression bomb."""


class FetchError(ToolkitError, OSError):
    """A corpus download failed (offline, HTTP error, interrupted transfer)."""


class ChecksumError(FetchError):
    """A downloaded file does not have the checksum the registry promises."""


def invalid_value_message(name: str, value: Any, allowed: Iterable[Any]) -> str:
    """Word the error for a parameter that received a value outside its allowed set.

    >>> invalid_value_message("layout", "ungd", ["ungdc", "ant"])
    "layout='ungd' is invalid; must be one of ['ant', 'ungdc']"
    """
    allowed = sorted(map(str, allowed))
    return f"{name}={value!r} is invalid; must be one of {allowed}"
