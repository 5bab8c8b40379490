"""LIWC ``.dic`` dictionaries: read (tolerant of the variants in circulation) and write.

Used by :func:`toolkit.frames.formats.read_dictionary` and ``write_dictionary`` for ``.dic``
files; the accepted variants are listed in :mod:`toolkit.frames.formats`.

Examples
--------
>>> text = "%\\n1\\tmilitary\\n2\\tmedia\\n%\\ntroop*\\t1\\npropaganda\\t2\\n"
>>> d = read_liwc(text, "d.dic")
>>> [(c, e.pattern) for c, e in d.entries()]
[('military', 'troop*'), ('media', 'propaganda')]
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Mapping

from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import Category, Dictionary, Entry
from toolkit.frames.formats import _few, _lines, _lost, _parents_first, _report_lost

__all__ = ["read_liwc", "write_liwc"]

logger = logging.getLogger(__name__)


_HEADER = re.compile(r"^(\d+)\s+(\S.*)$")
_DESCRIBED = re.compile(r"^(.*?\S)\s*\((.*)\)$")
# LIWC2007 context-dependent codes: "(02 134)125/464" (after words of categories 2 or 134: 125, else 464)
_CONTEXT_CODE = re.compile(r"[(<][^()<>]*[)>]\d+(?:/\d+)?")
_PAREN_WORD = re.compile(r"\((\w[^()]*)\)")


def read_liwc(text: str, path: str) -> Dictionary:
    rows = [(n, line.strip()) for n, line in enumerate(_lines(text), 1) if line.strip()]
    if not rows:
        raise DictionaryError("the file is empty: a LIWC dictionary starts with a '%' line, then "
                              "'<number><TAB><name>' lines, a '%' line, and '<word><TAB><numbers>' lines", path=path)
    start, first = rows[0]
    if first != "%":
        raise DictionaryError(f"a LIWC .dic file starts with a line holding only '%' (the category header), "
                              f"got {first[:60]!r}", path=path, line=start)
    by_id: dict[int, str] = {}
    by_name: dict[str, tuple[int, str | None]] = {}  # name -> header line, description
    i = 1
    while i < len(rows) and rows[i][1] != "%":
        n, line = rows[i]
        match = _HEADER.match(line)
        if not match:
            raise DictionaryError(f"unreadable category line {line[:60]!r}: expected a number and a name such "
                                  "as '1<TAB>funct'; if the word list starts here, add a line holding only '%' "
                                  "to close the header", path=path, line=n)
        number, rest = int(match.group(1)), match.group(2)
        fields = [f.strip() for f in rest.split("\t") if f.strip()]
        name, description = fields[0], " ".join(fields[1:]) or None
        described = _DESCRIBED.match(name) if description is None else None
        if described:
            name, description = described.group(1), described.group(2)
        if description and description.startswith("(") and description.endswith(")"):
            description = description[1:-1].strip()
        if number in by_id:
            raise DictionaryError(f"category number {number} is defined twice ({by_id[number]!r} and {name!r})",
                                  path=path, line=n)
        if name in by_name:
            raise DictionaryError(f"category {name!r} is defined twice (lines {by_name[name][0]} and {n})",
                                  path=path, line=n)
        by_id[number] = name
        by_name[name] = (n, description or None)
        i += 1
    if i == len(rows):
        raise DictionaryError("the category header opened by '%' is never closed: add a line holding only '%' "
                              "after the last category", path=path, line=start)
    entries: dict[str, list[Entry]] = {name: [] for name in by_name}
    seen: set[tuple[str, str]] = set()
    context_lines: list[int] = []
    skipped: list[str] = []
    phrased: list[str] = []
    for n, line in rows[i + 1:]:
        if line == "%":
            raise DictionaryError("a third '%' line: the header must be the only part between '%' lines",
                                  path=path, line=n)
        cleaned = _CONTEXT_CODE.sub(" ", line)
        if cleaned != line:
            context_lines.append(n)
        if "\t" in cleaned:
            word, _, refs = cleaned.partition("\t")
            word = word.strip()
        else:
            tokens = cleaned.split()
            k = len(tokens)
            while k > 1 and (tokens[k - 1].isdecimal() or tokens[k - 1] in by_name):
                k -= 1
            word, refs = " ".join(tokens[:k]), " ".join(tokens[k:])
        if _PAREN_WORD.search(word):
            new = " ".join(_PAREN_WORD.sub(r" \1 ", word).split())
            phrased.append(f"{word!r} -> {new!r} (line {n})")
            word = new
        names = [_liwc_ref(ref, word, by_id, by_name, path, n) for ref in refs.split()]
        if not names:
            if cleaned != line:
                skipped.append(f"{word!r} (line {n})")
                continue
            raise DictionaryError(f"word {word!r} has no category: write its category numbers after a tab",
                                  path=path, line=n)
        for name in names:
            if (word, name) in seen:
                logger.debug("%s, line %d: %r already listed in %r", path, n, word, name)
                continue
            seen.add((word, name))
            entries[name].append(Entry(word, line=n))
    if context_lines:
        warnings.warn(f"{path}: ignored LIWC2007 context-dependent category codes such as '(02 134)125/464' on "
                      f"lines {_few(context_lines)} (they depend on the neighbouring word, which an entry cannot "
                      "express); the words keep their other categories"
                      + (f"; skipped {', '.join(skipped)}, which had no other" if skipped else ""),
                      UserWarning, stacklevel=3)
    if phrased:
        warnings.warn(f"{path}: read words with a parenthesised word as phrases: {_few(phrased)}",
                      UserWarning, stacklevel=3)
    cats = [Category(name, tuple(entries[name]), description=desc, line=line)
            for name, (line, desc) in by_name.items()]
    return Dictionary(_parents_first(cats), path=path)


def _liwc_ref(ref: str, word: str, by_id: Mapping[int, str], by_name: Mapping[str, object], path: str,
              line: int) -> str:
    if ref.isdecimal():
        if int(ref) in by_id:
            return by_id[int(ref)]
        raise DictionaryError(f"word {word!r} refers to category {ref}, which the header does not define "
                              f"(defined: {_few(sorted(by_id))})", path=path, line=line)
    if ref in by_name:
        return ref
    raise DictionaryError(f"word {word!r}: {ref!r} is neither a category number nor a category name of the "
                          "header (if it belongs to the word, separate the word from its numbers with a tab)",
                          path=path, line=line)


def write_liwc(d: Dictionary, path: str, strict: bool, fmt: str = "liwc") -> str:
    _report_lost(_lost(d, frozenset()), "LIWC .dic", path, strict)
    names = [n for n, c in d.categories.items() if c.entries or not d.children(n)]
    ids = {name: i for i, name in enumerate(names, 1)}
    words: dict[str, list[int]] = {}
    for name, entry in d.entries():
        if any(c in entry.pattern for c in "\t\r\n") or entry.pattern.strip() == "%":
            raise DictionaryError(f"cannot write pattern {entry.pattern!r} (category {name!r}) to LIWC: it holds "
                                  "a tab or a line break, or is '%'", path=path)
        refs = words.setdefault(entry.pattern, [])
        if ids[name] not in refs:
            refs.append(ids[name])
    lines = ["%", *(f"{ids[n]}\t{n}" for n in names), "%"]
    lines += [word + "".join(f"\t{i}" for i in refs) for word, refs in words.items()]
    return "\n".join(lines) + "\n"
