"""YAML that remembers lines: the reader behind dictionary files and analysis files.

Researchers write these files by hand, so every problem must name the line. :func:`load_located`
parses with libyaml's safe loader (PyYAML's pure-Python one when libyaml is missing) and keeps
where things are: every mapping gets a :data:`LINE_KEY` entry holding its own line, every key and
text list item is a :class:`LocatedStr` with a ``.line``. Keys are kept as written (``2015:``
and ``yes:`` are the text "2015" and "yes", not a number and a boolean); duplicate keys, which
plain YAML silently collapses to the last one, are refused, as are non-text keys and (with the
default loader) list items that YAML reads as something other than text. Errors are raised as
the caller's error class (``error(message, path=..., line=...)``), with a hint for the usual
mistakes (an unquoted ``*glob``, tabs, ``key: value: more``).

Examples
--------
>>> data, start = load_located("frames:\\n  - military\\n  - media\\n", "f.yml")
>>> data["frames"], [item.line for item in data["frames"]], data[LINE_KEY], start
(['military', 'media'], [2, 3], 1, 1)
>>> load_located("a: 1\\na: 2\\n", "f.yml")
Traceback (most recent call last):
...
toolkit.errors.LocatedError: f.yml, line 2: duplicate key 'a' (first at line 1): YAML would keep only the last one; merge the two or rename one
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import yaml

from toolkit.errors import LocatedError

__all__ = ["HINTS", "LINE_KEY", "LineLoader", "LocatedStr", "load_located", "located", "not_text"]

#: key added to every mapping, holding the line the mapping starts on
LINE_KEY = "__line__"

#: (words in PyYAML's problem, hint appended to the message)
HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("alias", "anchor"), "; a pattern starting with * must be quoted, e.g. '*deceit*'"),
    (("flow",), "; a pattern starting with [ or { must be quoted, e.g. '[!c]ounter*'"),
    (("mapping values",), "; quote values that contain ': '"),
    (("block",), "; check the indentation (spaces, not tabs) and that every '- ' item lines up"))

ErrorClass = Callable[..., Exception]


class LocatedStr(str):
    """A string that remembers its line (keys and list items of a YAML file)."""

    line: int


def located(value: str, line: int) -> LocatedStr:
    """``value`` as a :class:`LocatedStr` on ``line``."""
    out = LocatedStr(value)
    out.line = line
    return out


def not_text(source: str, value: object) -> str:
    """The message for a list item YAML read as ``value`` (a number, a boolean, nothing) instead of text."""
    if value is None:
        return "empty list item: write a pattern after '-' or remove the line"
    kind = {bool: "a yes/no value", int: "a number", float: "a number"}.get(type(value), type(value).__name__)
    return (f"list item {source} is read by YAML as {kind}, not text; write it in quotes ('{source}') "
            "to use it as a pattern")


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader adding :data:`LINE_KEY` to every mapping, refusing duplicate and non-text keys and
    non-text list items; problems are raised as ``error`` with the file and line."""

    def __init__(self, stream: str, path: str | None, error: ErrorClass = LocatedError) -> None:
        super().__init__(stream)
        self.path = path
        self.error = error

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Keys are kept as written (``2015:`` and ``yes:`` name categories '2015' and 'yes')."""
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # raises the usual error
        own = {id(key) for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge"}
        self.flatten_mapping(node)  # merged (<<) pairs first, then the mapping's own, which override them
        out: dict[Any, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error("a mapping key must be text, not a list or mapping", path=self.path, line=line)
            if id(key_node) in own:
                if key_node.value in seen:
                    raise self.error(f"duplicate key {key_node.value!r} (first at line {seen[key_node.value]}): "
                                     "YAML would keep only the last one; merge the two or rename one",
                                     path=self.path, line=line)
                seen[key_node.value] = line
            out[located(key_node.value, line)] = self.construct_object(value_node, deep=deep)
        out[LINE_KEY] = node.start_mark.line + 1
        return out

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
        items = super().construct_sequence(node, deep=deep)
        out = []
        for child, item in zip(node.value, items):
            if isinstance(child, yaml.ScalarNode):
                line = child.start_mark.line + 1
                if not isinstance(item, str):
                    raise self.error(not_text(child.value, item), path=self.path, line=line)
                item = located(item, line)
            out.append(item)
        return out


def load_located(text: str, path: str | None, *, loader: type[LineLoader] = LineLoader,
                 error: ErrorClass = LocatedError, empty: str = "the file is empty",
                 hints: Sequence[tuple[tuple[str, ...], str]] = HINTS) -> tuple[Any, int]:
    """Parse one YAML document with its lines; returns it and the line it starts on.

    Parameters
    ----------
    text : str
        The file's text.
    path : str, optional
        The file's name, for the messages.
    loader : LineLoader subclass
        The loader (a subclass may accept other list items, for instance).
    error : exception class
        Raised as ``error(message, path=path, line=line)`` for every problem.
    empty : str
        The message for a file without a document (say what to write).
    hints : sequence of (words, hint)
        Hints appended to PyYAML's message when it contains one of the words.
    """
    instance = None
    try:
        instance = loader(text, path, error)  # checks the characters already
        node = instance.get_single_node()
        if node is None:
            raise error(empty, path=path)
        return instance.construct_document(node), node.start_mark.line + 1
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = "; ".join(p for p in (err.context, err.problem) if p)
        hint = next((h for words, h in hints if any(w in problem for w in words)), "")
        raise error(f"invalid YAML: {problem}{hint}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (found first where it fails)
        char = chr(err.character) if isinstance(err.character, int) else str(err.character)
        at = text.find(char)
        raise error(f"invalid YAML: character {char!r} (U+{ord(char[:1] or ' '):04X}) is not allowed in a YAML "
                    f"file ({err.reason}); remove it", path=path,
                    line=text[:at].count("\n") + 1 if at >= 0 else None) from None
    finally:
        if instance is not None:
            instance.dispose()
