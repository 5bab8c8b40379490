"""PDF files -> records, from the text layer of each page (read with pypdf).

A PDF keeps text as positioned glyphs; pypdf rebuilds lines from them. This works for PDFs
made by word processors and plotting libraries. Known limits:

* A scanned PDF has no text layer: the record is kept with ``""`` and a
  :class:`~toolkit.corpus.formats.ParseIssue` says that OCR is needed (e.g. ``ocrmypdf``).
* Arabic: when the PDF stores Arabic letters in logical order but left to right, as matplotlib
  does, pypdf returns each word intact but the words of a line in **reverse order**. The words
  (and so word counts) are right; their order is not. PDFs from word processors usually
  store presentation forms, which ``toolkit.text`` normalisation folds back into letters.
* Title, author and creation date come from the document information (``/Title``,
  ``/Author``, ``/CreationDate`` ``"D:20171126..."`` -> ``"2017-11-26"``); many PDFs leave
  them empty or fill them with the name of the authoring tool.

Examples
--------
>>> parse_pdf(b"<html>404 Not Found</html>", name="report.pdf")
Traceback (most recent call last):
...
toolkit.errors.CorpusFormatError: report.pdf: not a PDF: it does not start with '%PDF-' but with b'<html>404 Not Fo'; it looks like an HTML page (a failed download?)
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, Literal

from toolkit.corpus.encoding import normalize_newlines
from toolkit.corpus.formats import ParseIssue, _IssueLog, _require_bytes
from toolkit.errors import CorpusFormatError, invalid_value_message

__all__ = ["parse_pdf"]

logger = logging.getLogger(__name__)

_PDF_DATE = re.compile(r"\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _pdf_errors() -> tuple[type[BaseException], ...]:
    """What pypdf may raise on a damaged file: its own errors and plain Python ones."""
    from pypdf.errors import PyPdfError

    return (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, OSError,
            AssertionError, RecursionError, ZeroDivisionError)


def _pdf_date(raw: str | None) -> str | None:
    """``"D:20171126103000+01'00'"`` -> ``"2017-11-26"`` (``"2017-11"``, ``"2017"`` if shorter)."""
    if not raw:
        return None
    match = _PDF_DATE.match(raw)
    if match is None:
        logger.debug("unreadable PDF date %r", raw)
        return None
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None or not 1 <= int(day) <= 31:
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _info(info: Any, key: str) -> str | None:
    value = info.get(key) if info is not None else None
    if hasattr(value, "get_object"):
        value = value.get_object()
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _open(data: bytes, name: str) -> Any:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        hint = ("; it looks like an HTML page (a failed download?)" if b"<html" in data[:1024].lower()
                else "; check that the file is really a PDF")
        raise CorpusFormatError(f"not a PDF: it does not start with '%PDF-' but with {data[:16]!r}{hint}",
                                path=name)
    damaged = ("the file may be damaged or truncated: download it again, or repair it "
               "(e.g. qpdf in.pdf out.pdf)")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except _pdf_errors() as err:
        raise CorpusFormatError(f"cannot read the PDF ({type(err).__name__}: {err}); {damaged}",
                                path=name) from err
    if encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs only restrict editing, with an empty password
        except DependencyError as err:
            raise CorpusFormatError(f"the PDF is encrypted and cannot be opened here ({err}); "
                                    "install the 'cryptography' package or decrypt it first "
                                    "(e.g. qpdf --decrypt in.pdf out.pdf)", path=name) from err
        if opened == PasswordType.NOT_DECRYPTED:
            raise CorpusFormatError("the PDF is protected by a password; decrypt it first "
                                    "(e.g. qpdf --password=... --decrypt in.pdf out.pdf)", path=name)
    try:
        n_pages = len(reader.pages)
    except _pdf_errors() as err:
        raise CorpusFormatError(f"cannot read the pages of the PDF ({type(err).__name__}: {err}); "
                                f"{damaged}", path=name) from err
    if n_pages == 0:
        raise CorpusFormatError("the PDF has no pages (damaged or truncated?)", path=name)
    return reader


def parse_pdf(data: bytes, *, name: str, strict: bool = False,
              pages: Literal["join", "separate"] = "join") -> tuple[list[dict[str, Any]], list[ParseIssue]]:
    """Parse a PDF's text layer into one record, or one record per page.

    Parameters
    ----------
    data : bytes
        The PDF file.
    name : str
        How to call the file in messages.
    strict : bool
        Raise :class:`~toolkit.errors.CorpusFormatError` instead of reporting a page whose text
        cannot be extracted or a PDF without a text layer.
    pages : {"join", "separate"}
        ``"join"``: one record, the non-empty pages separated by a blank line, with
        ``n_pages``. ``"separate"``: one record per page with ``page`` (1-based) and ``n_pages``.

    Returns
    -------
    records : list of dict
        With ``text``, ``title``, ``date`` (``"YYYY-MM-DD"`` from ``/CreationDate``),
        ``author`` (None when absent) and ``_path`` (plus ``_row``, the page index, for
        ``"separate"``).
    issues : list of ParseIssue
        Pages whose text could not be extracted (left empty), and a PDF with no text at all
        (a scan: OCR needed).

    Raises
    ------
    CorpusFormatError
        Not a PDF, damaged, encrypted with a password, or without pages.

    Examples
    --------
    >>> import io, matplotlib
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(3, 1))
    >>> _ = fig.text(0.1, 0.5, "Communiqué final")
    >>> buf = io.BytesIO()
    >>> fig.savefig(buf, format="pdf", metadata={"Title": "Sommet"})
    >>> records, issues = parse_pdf(buf.getvalue(), name="f.pdf")
    >>> records[0]["text"], records[0]["title"], records[0]["n_pages"]
    ('Communiqué final', 'Sommet', 1)
    """
    if pages not in ("join", "separate"):
        raise ValueError(invalid_value_message("pages", pages, ["join", "separate"]))
    data = _require_bytes(data, name=name, what="PDF")
    reader = _open(data, name)
    log = _IssueLog(name, strict)
    errors = _pdf_errors()
    try:
        info = reader.metadata
    except errors as err:
        logger.debug("%s: unreadable document information (%s)", name, err)
        info = None
    meta = {"title": _info(info, "/Title"), "date": _pdf_date(_info(info, "/CreationDate")),
            "author": _info(info, "/Author")}
    texts: list[str] = []
    n_pages = len(reader.pages)
    for i in range(n_pages):
        try:
            text = reader.pages[i].extract_text() or ""
        except errors as err:
            log.add(f"page {i + 1}: the text cannot be extracted ({type(err).__name__}: {err}); "
                    "page left empty", row=i if pages == "separate" else None)
            text = ""
        texts.append(normalize_newlines(text).strip())
    if not any(texts):
        log.add("no text layer (the pages are images, e.g. a scan): OCR is needed, e.g. "
                "`ocrmypdf in.pdf out.pdf`; kept with empty text")
    if pages == "join":
        return [{"text": "\n\n".join(t for t in texts if t), "n_pages": n_pages, **meta,
                 "_path": name}], log.issues
    return [{"text": text, "page": i + 1, "n_pages": n_pages, **meta, "_path": name, "_row": i}
            for i, text in enumerate(texts)], log.issues
