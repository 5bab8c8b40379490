"""PDF text layer -> records (toolkit.corpus.formats.pdf).

Fixtures are drawn with matplotlib (``Figure``, no pyplot state), which embeds real text.
"""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from toolkit.corpus.formats import parse_pdf
from toolkit.corpus.formats.pdf import _pdf_date
from toolkit.errors import CorpusFormatError

PAGE_1 = ["Final communique of the summit", "The Council condemns terrorism."]
PAGE_2 = ["Communiqué final du sommet", "Le Conseil de sécurité condamne l'attentat."]
METADATA = {"Title": "Sommet arabe", "Author": "Secrétariat", "CreationDate": dt.datetime(2017, 11, 26, 10, 30)}


def make_pdf(pages: list[list[str]], metadata: dict | None = None) -> bytes:
    buf = io.BytesIO()
    with PdfPages(buf, metadata=metadata) as pdf:
        for lines in pages:
            fig = Figure(figsize=(5, 2))
            for i, line in enumerate(lines):
                fig.text(0.05, 0.8 - 0.25 * i, line)
            pdf.savefig(fig)
    return buf.getvalue()


@pytest.fixture(scope="module")
def three_pages() -> bytes:
    return make_pdf([PAGE_1, PAGE_2, []], METADATA)


@pytest.fixture(scope="module")
def scanned() -> bytes:
    fig = Figure(figsize=(2, 2))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.imshow([[0, 1], [1, 0]])
    ax.axis("off")
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"Title": "Scan"})
    return buf.getvalue()


def test_join_gives_one_record_with_pages_separated_by_blank_line(three_pages):
    records, issues = parse_pdf(three_pages, name="summit.pdf")
    assert issues == [] and len(records) == 1
    r = records[0]
    assert r["text"] == "\n".join(PAGE_1) + "\n\n" + "\n".join(PAGE_2)  # the empty page adds nothing
    assert r["n_pages"] == 3
    assert (r["title"], r["author"], r["date"]) == ("Sommet arabe", "Secrétariat", "2017-11-26")
    assert r["_path"] == "summit.pdf" and "encoding" not in r


def test_separate_gives_one_record_per_page(three_pages):
    records, issues = parse_pdf(three_pages, name="summit.pdf", pages="separate")
    assert issues == []
    assert [(r["page"], r["_row"], r["n_pages"]) for r in records] == [(1, 0, 3), (2, 1, 3), (3, 2, 3)]
    assert [r["text"] for r in records] == ["\n".join(PAGE_1), "\n".join(PAGE_2), ""]
    assert all(r["title"] == "Sommet arabe" and r["date"] == "2017-11-26" for r in records)


def test_pages_option_is_validated(three_pages):
    with pytest.raises(ValueError, match="pages='both' is invalid"):
        parse_pdf(three_pages, name="a.pdf", pages="both")  # type: ignore[arg-type]


def test_missing_metadata_gives_none():
    data = make_pdf([["x"]], {"Title": None, "Author": None, "CreationDate": None})
    r = parse_pdf(data, name="a.pdf")[0][0]
    assert (r["title"], r["author"], r["date"]) == (None, None, None)


def test_arabic_words_survive_but_their_order_does_not():
    # matplotlib writes Arabic letters in logical order, left to right and unshaped; pypdf returns
    # every word intact but the words of the line reversed (documented in the module docstring).
    line = "بيان صحفي حول الإرهاب"
    text = parse_pdf(make_pdf([[line]]), name="ar.pdf")[0][0]["text"]
    assert sorted(text.split()) == sorted(line.split())


def test_scanned_pdf_needs_ocr(scanned):
    records, issues = parse_pdf(scanned, name="scan.pdf")
    assert records[0]["text"] == "" and records[0]["title"] == "Scan" and records[0]["n_pages"] == 1
    assert len(issues) == 1 and "OCR" in issues[0].message and issues[0].path == "scan.pdf"
    with pytest.raises(CorpusFormatError, match="OCR"):
        parse_pdf(scanned, name="scan.pdf", strict=True)


@pytest.mark.parametrize("data, match", [
    (b"<html><body>404 Not Found</body></html>", "not a PDF.*HTML page"),
    (b"PK\x03\x04 a zip file", "not a PDF.*really a PDF"),
    (b"", "not a PDF"),
])
def test_not_a_pdf(data, match):
    with pytest.raises(CorpusFormatError, match=match) as info:
        parse_pdf(data, name="x.pdf")
    assert info.value.path == "x.pdf"


@pytest.mark.parametrize("cut", [20, 400, 0.5])
def test_truncated_pdf_raises(three_pages, cut):
    size = int(len(three_pages) * cut) if isinstance(cut, float) else cut
    with pytest.raises(CorpusFormatError, match="damaged or truncated") as info:
        parse_pdf(three_pages[:size], name="cut.pdf")
    assert info.value.path == "cut.pdf"


def test_password_protected_pdf_raises(three_pages):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(three_pages))
    writer.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(CorpusFormatError, match="password"):
        parse_pdf(buf.getvalue(), name="locked.pdf")


def test_pdf_encrypted_with_empty_user_password_is_read(three_pages):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(three_pages))
    writer.encrypt("", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    records, issues = parse_pdf(buf.getvalue(), name="restricted.pdf")
    assert issues == [] and records[0]["text"].startswith(PAGE_1[0])


def test_str_data_is_rejected():
    with pytest.raises(TypeError, match="bytes"):
        parse_pdf("%PDF-1.4", name="a.pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("raw, expected", [
    ("D:20171126103000+01'00'", "2017-11-26"),
    ("D:20171126", "2017-11-26"),
    ("D:201711", "2017-11"),
    ("D:2017", "2017"),
    ("20171126103000Z", "2017-11-26"),
    ("D:20171399", "2017"),     # month 13: only the year is trusted
    ("D:20171135", "2017-11"),  # day 35
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_pdf_date(raw, expected):
    assert _pdf_date(raw) == expected
