"""TREC-style pseudo-XML (SGML) files -> records, read leniently with regular expressions.

Files such as the ANT corpus hold one or more ``<DOC>`` elements, each with a ``<TEXT>`` and
simple fields (``<DOCNO>``, ``<TITLE>``, ``<TIME>`` ...). They are not XML: raw ``&`` occurs,
tags may carry attributes or odd case, spaces trail closing tags. The parser accepts all that.

Rules:

* Tag names are case-insensitive. Attributes on tags are ignored.
* Each ``text_tags`` element gives the text, kept exactly except for surrounding whitespace;
  several are joined with a blank line. An empty ``<TEXT></TEXT>`` gives ``""`` (kept).
* Every other ``<TAG>value</TAG>`` inside the document becomes a field named by
  ``field_tags`` (default :data:`DEFAULT_FIELD_TAGS`), else by the lower-cased tag name. An
  element that contains other elements (``<HEADER><DATE>..</DATE></HEADER>``) is looked into.
  Empty fields are None; when two tags give the same key, the first non-empty value wins.
* Entities that end in ``;`` (``&amp;`` ``&quot;`` ``&#39;`` ``&eacute;``) are unescaped in
  text and fields; a raw ``&`` or ``&utm_source=`` is left alone.
* Recovery, each reported as a :class:`~toolkit.corpus.formats.ParseIssue` naming the line
  where the element opened: a ``<DOC>`` never closed runs to the next ``<DOC>`` (or the end of
  the file); a ``<TEXT>`` never closed runs to the next element (or the end of the document);
  another field never closed is dropped; a document without ``<TEXT>`` is kept with ``""``.
  A file with no ``<DOC>`` at all raises :class:`~toolkit.errors.CorpusFormatError`.

Examples
--------
>>> sgml = '''<DOC>
... <DOCNO>a-1</DOCNO>
... <TITLE>Tom &amp; Jerry</TITLE>
... <TEXT>
... Q&A: first line
... second line
... </TEXT>
... </DOC>'''
>>> records, issues = parse_sgml(sgml, name="a.txt")
>>> records[0]["doc_id"], records[0]["title"], records[0]["text"]
('a-1', 'Tom & Jerry', 'Q&A: first line\\nsecond line')
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from toolkit.corpus.formats import ParseIssue, _decode, _IssueLog
from toolkit.errors import CorpusFormatError

__all__ = ["DEFAULT_FIELD_TAGS", "parse_sgml"]

#: Tag -> record key used when ``field_tags`` is None; other tags become lower-cased keys.
DEFAULT_FIELD_TAGS: Mapping[str, str] = MappingProxyType({
    "DOCNO": "doc_id", "TITLE": "title", "TIME": "date", "DATE": "date", "SRC": "source",
    "SOURCE": "source", "URL": "url", "AUTHOR": "author", "CAT": "category", "ABSTRACT": "abstract",
})

_TAG = re.compile(r"<(/?)([A-Za-z][\w.:-]*)(?:\s[^<>]*)?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# A tag in the file: (start, end, is_closing, NAME in upper case).
_Token = tuple[int, int, bool, str]


def _unescape(value: str) -> str:
    """Unescape entities closed by ``;``; html.unescape alone would also eat ``&para=`` in URLs."""
    if "&" not in value:
        return value
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), value)


def _tag_sets(text_tags: tuple[str, ...],
              field_tags: Mapping[str, str]) -> tuple[Mapping[str, str], frozenset[str]]:
    """Upper-cased field mapping, and text tags (plus any tag mapped to ``"text"``)."""
    field_map = {k.upper(): v for k, v in field_tags.items() if v != "text"}
    text_set = frozenset(t.upper() for t in text_tags) | {k.upper() for k, v in field_tags.items() if v == "text"}
    return field_map, text_set


_DEFAULT_FIELD_MAP, _DEFAULT_TEXT_SET = _tag_sets(("TEXT",), DEFAULT_FIELD_TAGS)
_DEFAULT_FIELD_MAP = MappingProxyType(_DEFAULT_FIELD_MAP)


class _DocReader:
    """Pairs the tags of one document and collects its fields and text pieces."""

    def __init__(self, source: str, tokens: list[_Token], *, log: _IssueLog,
                 text_tags: frozenset[str], field_tags: Mapping[str, str]):
        self.source = source
        self.tokens = tokens
        self.log = log
        self.text_tags = text_tags
        self.field_tags = field_tags
        self.known = text_tags | frozenset(field_tags)
        self._pos = 0
        self._line = 1

    def line(self, pos: int) -> int:
        """1-based line of ``pos``, counted from the previous answer (calls mostly advance)."""
        if pos >= self._pos:
            self._line += self.source.count("\n", self._pos, pos)
        else:
            self._line -= self.source.count("\n", pos, self._pos)
        self._pos = pos
        return self._line

    def read(self, lo: int, hi: int, end: int, row: int) -> tuple[dict[str, Any], list[str]]:
        """Fields and texts of the document whose tags are ``tokens[lo:hi]``, ending at ``end``."""
        fields: dict[str, Any] = {}
        texts: list[str] = []
        self._walk(lo, hi, end, row, fields, texts)
        return fields, texts

    def _walk(self, lo: int, hi: int, end: int, row: int, fields: dict[str, Any],
              texts: list[str]) -> None:
        toks = self.tokens
        closes: dict[str, list[int]] | None = None  # built when a tag is not closed at once
        k = lo
        while k < hi:
            _, open_end, is_close, name = toks[k]
            if is_close:
                k += 1
                continue
            if k + 1 < hi and toks[k + 1][2] and toks[k + 1][3] == name:
                j = k + 1  # the usual <TAG>value</TAG>
            else:
                if closes is None:
                    closes = {}
                    for x in range(lo, hi):
                        if toks[x][2]:
                            closes.setdefault(toks[x][3], []).append(x)
                later = closes.get(name, [])
                p = bisect_right(later, k)
                if p == len(later):
                    k = self._unclosed(k, hi, end, row, texts)
                    continue
                j = later[p]
            if name in self.text_tags:
                texts.append(self.source[open_end:toks[j][0]])
            elif j > k + 1 and any(not toks[x][2] for x in range(k + 1, j)):
                self._walk(k + 1, j, toks[j][0], row, fields, texts)  # a container: look inside
            else:
                key = self.field_tags.get(name, name.lower())
                if fields.get(key) is None:
                    fields[key] = _unescape(self.source[open_end:toks[j][0]].strip()) or None
            k = j + 1

    def _unclosed(self, k: int, hi: int, end: int, row: int, texts: list[str]) -> int:
        """Handle the never-closed tag ``tokens[k]``; return the index to continue from."""
        start, open_end, _, name = self.tokens[k]
        if name not in self.known:
            return k + 1  # <BR>, <P> without </P> ...: not ours to judge
        line = self.line(start)
        if name not in self.text_tags:
            self.log.add(f"<{name}> opened on line {line} is never closed; field ignored",
                         line=line, row=row)
            return k + 1
        nxt = next((x for x in range(k + 1, hi) if not self.tokens[x][2]
                    and self.tokens[x][3] in self.known), hi)
        stop = self.tokens[nxt][0] if nxt < hi else end
        texts.append(self.source[open_end:stop])
        upto = "the next element" if nxt < hi else "the end of the document"
        self.log.add(f"<{name}> opened on line {line} is never closed; text read up to {upto}",
                     line=line, row=row)
        return nxt


def parse_sgml(data: bytes | str, *, name: str, strict: bool = False, doc_tag: str = "DOC",
               text_tags: tuple[str, ...] = ("TEXT",), field_tags: Mapping[str, str] | None = None,
               encoding: str | None = None) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse a TREC-style pseudo-XML file into one record per ``<DOC>``.

    Parameters
    ----------
    data : bytes or str
        File content; bytes are decoded with :func:`toolkit.corpus.encoding.decode_bytes`.
    name : str
        How to call the file in messages.
    strict : bool
        Raise :class:`~toolkit.errors.CorpusFormatError` on the first problem instead of
        recovering and reporting it.
    doc_tag : str
        The element holding one document.
    text_tags : tuple of str
        Elements holding the text.
    field_tags : mapping, optional
        Tag -> record key; None uses :data:`DEFAULT_FIELD_TAGS` (``DOCNO`` -> ``doc_id``,
        ``TIME`` -> ``date`` ...). To add names, pass ``{**DEFAULT_FIELD_TAGS, "HL": "title"}``.
        Tags not in the mapping become lower-cased keys.
    encoding : str, optional
        Force an encoding instead of detecting it.

    Returns
    -------
    records : list of dict
        One per document: ``text``, the fields, ``encoding`` (for bytes input) and
        ``_path``/``_line``/``_row`` (line of the ``<DOC>``, position in the file).
    issues : list of ParseIssue
        Unbalanced elements and documents without text (see the module docstring).

    Raises
    ------
    CorpusFormatError
        No ``<DOC>`` in the file, or ``strict=True`` and any problem.

    Examples
    --------
    >>> sgml = "<doc id=1><DocNo>x</DocNo><TIME>16/02/2015</TIME><TEXT></TEXT></doc>\\n<DOC><TEXT>b"
    >>> records, issues = parse_sgml(sgml, name="f.txt")
    >>> [(r.get("doc_id"), r["text"], r.get("date")) for r in records]
    [('x', '', '16/02/2015'), (None, 'b', None)]
    >>> [str(i) for i in issues]  # doctest: +NORMALIZE_WHITESPACE
    ['f.txt, line 2, row 1: <DOC> opened on line 2 is never closed; read up to the end of the file',
     'f.txt, line 2, row 1: <TEXT> opened on line 2 is never closed; text read up to the end of the document']
    """
    text, label = _decode(data, name=name, encoding=encoding)
    log = _IssueLog(name, strict)
    tags = DEFAULT_FIELD_TAGS if field_tags is None else field_tags
    if field_tags is None and text_tags == ("TEXT",):
        field_map, text_set = _DEFAULT_FIELD_MAP, _DEFAULT_TEXT_SET
    else:
        field_map, text_set = _tag_sets(text_tags, tags)
    tokens = [(*m.span(), m[1] == "/", m[2].upper()) for m in _TAG.finditer(text)]
    reader = _DocReader(text, tokens, log=log, text_tags=text_set, field_tags=field_map)
    tag = doc_tag.upper()
    if not any(t[3] == tag and not t[2] for t in tokens):
        raise CorpusFormatError(f"no <{tag}> element: expected documents as <{tag}>...</{tag}> "
                                "(TREC-style pseudo-XML); pass doc_tag= if the file uses another "
                                "tag, or read it as plain text", path=name)
    records: list[dict[str, Any]] = []
    opened: int | None = None  # index of the open <DOC> token

    def add(k: int, hi: int, end: int) -> None:
        row = len(records)
        line = reader.line(tokens[k][0])
        fields, texts = reader.read(k + 1, hi, end, row)
        if not texts:
            log.add(f"no <{'> or <'.join(sorted(reader.text_tags))}> element in this <{tag}>; "
                    "kept with empty text", line=line, row=row)
        record: dict[str, Any] = {"text": _unescape("\n\n".join(t.strip() for t in texts).strip())}
        record.update(fields)
        if label is not None:
            record["encoding"] = label
        record.update(_path=name, _line=line, _row=row)
        records.append(record)

    for k, (start, _, is_close, tag_name) in enumerate(tokens):
        if tag_name != tag:
            continue
        if not is_close:
            if opened is not None:
                line = reader.line(tokens[opened][0])
                log.add(f"<{tag}> opened on line {line} is never closed; read up to the next "
                        f"<{tag}> on line {reader.line(start)}", line=line, row=len(records))
                add(opened, k, start)
            opened = k
        elif opened is None:
            log.add(f"</{tag}> without a matching <{tag}>; ignored", line=reader.line(start))
        else:
            add(opened, k, start)
            opened = None
    if opened is not None:
        line = reader.line(tokens[opened][0])
        log.add(f"<{tag}> opened on line {line} is never closed; read up to the end of the file",
                line=line, row=len(records))
        add(opened, len(tokens), len(text))
    return records, log.issues
