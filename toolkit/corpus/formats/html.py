"""HTML pages -> one record: the main text, title, date, language and URL.

Only the standard library's :class:`html.parser.HTMLParser` is used; it never fails on broken
HTML (unclosed or misnested tags), and the rules below cope with what it reports.

* **Text.** Dropped: ``script style noscript nav header footer aside form svg template`` and
  the ``<head>``. Taken from the largest ``<article>`` when there is one, else the largest
  ``<main>``, else the whole body; a container holding less than a fifth of the body's text
  is passed over for the body (a teaser card is not the page). Paragraphs, headings, list
  items, table rows and other blocks become paragraphs separated by a blank line; ``<br>``
  starts a new line within a paragraph; whitespace is collapsed within a line; entities are
  unescaped.
* **Title.** ``og:title``, else ``<title>``, else the first ``<h1>``.
* **Date** (kept raw, parsed later). The first found of: ``article:published_time``,
  ``og:published_time``, ``datePublished`` in a JSON-LD script, ``<meta name=...>`` with
  ``date``, ``dc.date``, ``dc.date.issued``, ``dcterms.date``, ``pubdate``, ``publishdate``,
  ``citation_publication_date`` (or ``itemprop="datePublished"``), then the first
  ``<time datetime=...>``.
* **Language.** The first two letters of ``<html lang>``, lower-cased.
* **URL.** ``<link rel="canonical">``, else ``og:url``.
* **Charset.** For bytes without a byte-order mark, a ``<meta charset>`` or ``http-equiv``
  declaration in the first 4 KiB is honoured (``iso-8859-1`` read as ``cp1252``, as browsers
  do), unless the bytes are valid UTF-8 with non-ASCII characters (a page saved as UTF-8 but
  still declaring ``windows-1256``) or do not decode with it; otherwise
  :func:`toolkit.corpus.encoding.decode_bytes` detects the encoding. ``encoding=`` overrides all.

Examples
--------
>>> page = '''<html lang="fr-FR"><head><title>Site | Communiqué</title>
... <meta property="article:published_time" content="2015-11-14T09:00:00+01:00"></head>
... <body><nav>Accueil</nav><article><h1>Communiqué</h1><p>Le   Conseil
... condamne.</p><p>Ligne 1<br>Ligne 2 &amp; fin</p></article><footer>©</footer></body></html>'''
>>> records, issues = parse_html(page, name="p.html")
>>> print(records[0]["text"])
Communiqué
<BLANKLINE>
Le Conseil condamne.
<BLANKLINE>
Ligne 1
Ligne 2 & fin
>>> records[0]["title"], records[0]["date"], records[0]["lang"]
('Site | Communiqué', '2015-11-14T09:00:00+01:00', 'fr')
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from html.parser import HTMLParser
from typing import Any

from toolkit.corpus.formats import ParseIssue, _decode, _IssueLog
from toolkit.errors import CorpusFormatError

__all__ = ["parse_html"]

logger = logging.getLogger(__name__)

_SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                   "svg", "template", "head", "title"})
_BLOCK = frozenset({"address", "article", "blockquote", "body", "caption", "dd", "details", "dialog",
                    "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4",
                    "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table",
                    "tbody", "tfoot", "thead", "tr", "ul", "html"})
_CELL = frozenset({"td", "th"})
_CONTAINERS = ("article", "main")
_MIN_CONTAINER_SHARE = 0.2
_WHITESPACE = re.compile(r"\s+")
# Date meta tags, best first; the JSON-LD datePublished slots in after rank 1.
_DATE_META = {"article:published_time": 0, "og:published_time": 1, "og:article:published_time": 1,
              "date": 3, "dc.date": 3, "dc.date.issued": 3, "dcterms.date": 3, "dcterms.issued": 3,
              "pubdate": 3, "publishdate": 3, "publish-date": 3, "citation_publication_date": 3,
              "datepublished": 3}
_JSONLD_RANK, _TIME_RANK = 2, 4
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_AS_CP1252 = frozenset({"latin_1", "iso8859-1", "ascii", "iso8859_1"})
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class _TextBuffer:
    """Text of one region, split into paragraphs and lines."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.chunks: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        self.chunks.append(text)

    def line_break(self) -> None:
        if self.chunks:
            self.lines.append(_WHITESPACE.sub(" ", "".join(self.chunks)).strip())
            self.chunks = []

    def paragraph_break(self) -> None:
        self.line_break()
        paragraph = "\n".join(line for line in self.lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)
            self.size += len(paragraph)
        self.lines = []

    def text(self) -> str:
        self.paragraph_break()
        return "\n\n".join(self.paragraphs)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body = _TextBuffer()
        self.open_containers: list[tuple[str, _TextBuffer]] = []
        self.closed_containers: dict[str, list[_TextBuffer]] = {t: [] for t in _CONTAINERS}
        self.skipping: list[str] = []
        self.meta: dict[str, str] = {}
        self.dates: list[tuple[int, str]] = []
        self.lang: str | None = None
        self.canonical: str | None = None
        self.title_parts: list[str] | None = None  # collecting while not None
        self.title: str | None = None
        self.h1_parts: list[str] | None = None
        self.h1: str | None = None
        self.jsonld_parts: list[str] | None = None

    # ---- regions
    def _buffers(self) -> list[_TextBuffer]:
        return [self.body, *(buf for _, buf in self.open_containers)]

    def _break(self, paragraph: bool) -> None:
        if self.skipping:
            return
        for buf in self._buffers():
            buf.paragraph_break() if paragraph else buf.line_break()

    # ---- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.canonical = self.canonical or a["href"].strip()
        elif tag == "html" and self.lang is None and (a.get("lang") or a.get("xml:lang")):
            self.lang = (a.get("lang") or a.get("xml:lang") or "").strip()[:2].lower() or None
        elif tag == "time" and a.get("datetime"):
            self.dates.append((_TIME_RANK, a["datetime"].strip()))
        elif tag == "body" and "head" in self.skipping:
            self.skipping = [t for t in self.skipping if t not in ("head", "title")]
        if tag == "title" and self.title is None and self.title_parts is None and not (
                set(self.skipping) - {"head"}):
            self.title_parts = []
        if tag == "h1" and self.h1 is None:
            self.h1_parts = []
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self.jsonld_parts = []
        if tag in _SKIP:
            self.skipping.append(tag)
            return
        if tag == "br":
            self._break(paragraph=False)
        elif tag in _BLOCK:
            self._break(paragraph=True)
        elif tag in _CELL and not self.skipping:
            for buf in self._buffers():
                buf.add(" ")
        if tag in _CONTAINERS and not self.skipping:
            self.open_containers.append((tag, _TextBuffer()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self.title = _clean(self.title_parts)
            self.title_parts = None
        elif tag == "h1" and self.h1_parts is not None:
            self.h1 = _clean(self.h1_parts)
            self.h1_parts = None
        elif tag == "script" and self.jsonld_parts is not None:
            self._jsonld("".join(self.jsonld_parts))
            self.jsonld_parts = None
        if tag in _SKIP:
            if tag in self.skipping:
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag):]
            return
        if tag in _BLOCK:
            self._break(paragraph=True)
        if tag in _CONTAINERS and not self.skipping:
            for i in range(len(self.open_containers) - 1, -1, -1):
                if self.open_containers[i][0] == tag:
                    name, buf = self.open_containers.pop(i)
                    buf.paragraph_break()
                    self.closed_containers[name].append(buf)
                    break

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        if self.jsonld_parts is not None:
            self.jsonld_parts.append(data)
        if self.skipping:
            return
        for buf in self._buffers():
            buf.add(data)

    # ---- metadata
    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        content = a.get("content", "").strip()
        if not key or not content:
            return
        self.meta.setdefault(key, content)
        if key in _DATE_META:
            self.dates.append((_DATE_META[key], content))

    def _jsonld(self, raw: str) -> None:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            logger.debug("ignoring an invalid JSON-LD script (%s)", err)
            return
        found = _find_key(data, "datePublished")
        if isinstance(found, str) and found.strip():
            self.dates.append((_JSONLD_RANK, found.strip()))

    def main_text(self) -> str:
        for buf in self._buffers():
            buf.paragraph_break()
        body = self.body.text()
        for tag in _CONTAINERS:
            if self.closed_containers[tag] or any(t == tag for t, _ in self.open_containers):
                candidates = self.closed_containers[tag] + [b for t, b in self.open_containers if t == tag]
                best = max(candidates, key=lambda b: b.size)
                if best.size and best.size >= _MIN_CONTAINER_SHARE * self.body.size:
                    return best.text()
        return body


def _clean(parts: list[str]) -> str | None:
    return _WHITESPACE.sub(" ", "".join(parts)).strip() or None


def _find_key(data: Any, key: str) -> Any:
    """The first value of ``key`` in nested JSON (objects, arrays, ``@graph``), depth first."""
    if isinstance(data, dict):
        if key in data:
            return data[key]
        values = data.values()
    elif isinstance(data, list):
        values = data
    else:
        return None
    for value in values:
        found = _find_key(value, key)
        if found is not None:
            return found
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    declared = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        logger.debug("ignoring unknown charset %r", declared)
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None  # the declaration was readable as ASCII, so the page is not UTF-16/32
    return "cp1252" if codec in _AS_CP1252 else codec


def _decode_page(data: bytes | str, *, name: str, encoding: str | None) -> tuple[str, str | None]:
    if isinstance(data, str) or encoding is not None or bytes(data[:4]).startswith(_BOMS):
        return _decode(data, name=name, encoding=encoding)
    data = bytes(data)
    declared = _declared_charset(data)
    if declared is None or declared == "utf-8":
        return _decode(data, name=name, encoding=None)
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # not UTF-8: the declaration is plausible
        else:
            logger.info("%s: declares charset %s but is valid UTF-8; read as UTF-8", name, declared)
            return _decode(data, name=name, encoding="utf-8")
    try:
        return _decode(data, name=name, encoding=declared)
    except CorpusFormatError as err:
        logger.info("%s: does not decode as its declared charset %s (%s); detecting", name,
                    declared, err.reason)
        return _decode(data, name=name, encoding=None)


def parse_html(data: bytes | str, *, name: str, strict: bool = False,
               encoding: str | None = None) -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse one HTML page into one record (main text and metadata; rules in the module docstring).

    Parameters
    ----------
    data : bytes or str
        The page.
    name : str
        How to call the file in messages.
    strict : bool
        Raise :class:`~toolkit.errors.CorpusFormatError` instead of reporting a page without text.
    encoding : str, optional
        Force an encoding (overrides any ``<meta charset>``).

    Returns
    -------
    records : list of dict
        One record with ``text``, ``title``, ``date``, ``lang``, ``url`` (None when absent),
        ``encoding`` (for bytes input) and ``_path``.
    issues : list of ParseIssue
        A page with no visible text (e.g. rendered by JavaScript) is reported; its record is
        kept with ``""``.

    Examples
    --------
    >>> page = "<meta charset='windows-1256'><title>بيان</title><p>نص البيان</p>".encode("cp1256")
    >>> record = parse_html(page, name="ar.html")[0][0]
    >>> record["title"], record["text"], record["encoding"]
    ('بيان', 'نص البيان', 'cp1256')
    """
    text, label = _decode_page(data, name=name, encoding=encoding)
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    log = _IssueLog(name, strict)
    main = parser.main_text()
    if not main:
        log.add("no visible text in the page (it may be filled in by JavaScript, or hold only "
                "navigation); kept with empty text")
    meta = parser.meta
    dates = sorted(parser.dates, key=lambda d: d[0])  # stable: document order within a rank
    record: dict[str, Any] = {
        "text": main,
        "title": _clean([meta["og:title"]]) if meta.get("og:title") else parser.title or parser.h1,
        "date": dates[0][1] if dates else None,
        "lang": parser.lang,
        "url": parser.canonical or meta.get("og:url") or None,
    }
    if label is not None:
        record["encoding"] = label
    record["_path"] = name
    return [record], log.issues
