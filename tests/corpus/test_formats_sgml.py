"""TREC-style pseudo-XML -> records (toolkit.corpus.formats.sgml)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared
from toolkit.corpus.formats import ParseIssue, parse_sgml
from toolkit.corpus.formats.sgml import DEFAULT_FIELD_TAGS
from toolkit.errors import CorpusFormatError

AR_TEXT = "قال المدير التنفيذي لحزب نداء تونس إن النداء سيفوز.\nوأضاف أن الانتخابات البلدية المقبلة حاسمة."

ANT_LIKE = f"""<DOC>
<DOCNO>JA-politic-1-20170121</DOCNO>
<URL>http://www.jawharafm.net/ar/article/حافظ-قائد-السبسي/92/76367</URL> 
<SRC>Jawhara FM</SRC>
<CAT>politic</CAT>
<TITLE>حافظ قائد السبسي : نداء تونس سيفوز</TITLE>
<TIME>2017-01-21T16:19:00+01:00</TIME>
<ABSTRACT>
قال المدير التنفيذي.
</ABSTRACT>
<TEXT>
{AR_TEXT}
</TEXT>
</DOC>"""


def test_ant_like_document_fields_and_text():
    records, issues = parse_sgml(ANT_LIKE.encode("utf-8"), name="JA-politic-1.txt")
    assert issues == [] and len(records) == 1
    r = records[0]
    assert r["text"] == AR_TEXT  # kept exactly, only the surrounding newlines stripped
    assert r["doc_id"] == "JA-politic-1-20170121"
    assert r["url"] == "http://www.jawharafm.net/ar/article/حافظ-قائد-السبسي/92/76367"
    assert (r["source"], r["category"], r["date"]) == ("Jawhara FM", "politic", "2017-01-21T16:19:00+01:00")
    assert r["title"] == "حافظ قائد السبسي : نداء تونس سيفوز" and r["abstract"] == "قال المدير التنفيذي."
    assert "author" not in r  # missing field: no key
    assert (r["encoding"], r["_path"], r["_line"], r["_row"]) == ("utf-8", "JA-politic-1.txt", 1, 0)


def test_text_inner_whitespace_is_kept():
    text = "  indented line\n\n\tsecond paragraph  with  spaces"
    records, _ = parse_sgml(f"<DOC><TEXT>\n\n{text}\n \n</TEXT></DOC>", name="t")
    assert records[0]["text"] == text.strip()


@pytest.mark.parametrize("raw, expected", [
    ("Q&A session", "Q&A session"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("?a=1&utm_source=x&para=2&not=3", "?a=1&utm_source=x&para=2&not=3"),  # no ';': left alone
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("&quot;quoted&quot; &#39;single&#39; &#x27;hex&#x27;", "\"quoted\" 'single' 'hex'"),
    ("caf&eacute; &lt;b&gt;", "café <b>"),
    ("&unknownentity; stays", "&unknownentity; stays"),
])
def test_entities_and_raw_ampersands(raw, expected):
    records, issues = parse_sgml(f"<DOC><TITLE>{raw}</TITLE><TEXT>{raw}</TEXT></DOC>", name="t")
    assert issues == []
    assert records[0]["text"] == expected and records[0]["title"] == expected


def test_empty_text_is_kept_without_an_issue():
    records, issues = parse_sgml("<DOC>\n<DOCNO>e</DOCNO>\n<AUTHOR></AUTHOR>\n<TEXT>\n\n</TEXT>\n</DOC>", name="t")
    assert issues == []
    assert records[0]["text"] == "" and records[0]["author"] is None


def test_several_documents_per_file():
    docs = "\n".join(f"<DOC>\n<DOCNO>d{i}</DOCNO>\n<TEXT>text {i}</TEXT>\n</DOC>" for i in range(3))
    records, issues = parse_sgml(docs, name="multi.txt")
    assert issues == []
    assert [(r["doc_id"], r["text"], r["_line"], r["_row"]) for r in records] == [
        ("d0", "text 0", 1, 0), ("d1", "text 1", 5, 1), ("d2", "text 2", 9, 2)]


def test_tags_case_insensitive_with_attributes_and_trailing_spaces():
    data = '<doc id="7">\n<DocNo>x</docno >  \n<Title lang="ar">عنوان</TITLE>\t\n<text type="body">نص</Text>\n</Doc>'
    records, issues = parse_sgml(data, name="t")
    assert issues == []
    assert (records[0]["doc_id"], records[0]["title"], records[0]["text"]) == ("x", "عنوان", "نص")


@pytest.mark.parametrize("time_value", ["16/02/2015", "2017-01-25T14:36:00+01:00", "2017-01-25T143600"])
def test_date_formats_are_kept_raw(time_value):
    records, _ = parse_sgml(f"<DOC><TIME>{time_value}</TIME><TEXT>x</TEXT></DOC>", name="t")
    assert records[0]["date"] == time_value


def test_first_non_empty_tag_wins_for_one_key():
    data = "<DOC><TIME></TIME><DATE>2016-01-02</DATE><TIME>2017-01-01</TIME><TEXT>x</TEXT></DOC>"
    assert parse_sgml(data, name="t")[0][0]["date"] == "2016-01-02"


def test_unknown_tags_become_lower_cased_keys_and_containers_are_looked_into():
    data = ("<DOC><HEADER><DATELINE>Tunis</DATELINE><HL>Titre</HL></HEADER><BR><BR/>"
            "<TEXT>\n<P>one</P>\n<P>two</P>\n</TEXT></DOC>")
    records, issues = parse_sgml(data, name="t")
    assert issues == []
    r = records[0]
    assert (r["dateline"], r["hl"]) == ("Tunis", "Titre")
    assert r["text"] == "<P>one</P>\n<P>two</P>"  # inner markup of TEXT is kept as is


def test_custom_tags_and_several_text_elements():
    data = "<ARTICLE><ID>1</ID><HL>h</HL><BODY>part one</BODY><BODY>part two</BODY></ARTICLE>"
    records, issues = parse_sgml(data, name="t", doc_tag="article", text_tags=("BODY",),
                                 field_tags={**DEFAULT_FIELD_TAGS, "ID": "doc_id", "HL": "title"})
    assert issues == []
    assert {k: v for k, v in records[0].items() if not k.startswith("_")} == {
        "text": "part one\n\npart two", "doc_id": "1", "title": "h"}


def test_field_mapped_to_text_counts_as_text():
    records, issues = parse_sgml("<DOC><CONTENT>abc</CONTENT></DOC>", name="t",
                                 field_tags={"CONTENT": "text"})
    assert issues == [] and records[0]["text"] == "abc"


def test_default_field_tags_are_read_only():
    with pytest.raises(TypeError):
        DEFAULT_FIELD_TAGS["HL"] = "title"  # type: ignore[index]


# --------------------------------------------------------------------------- unbalanced input
def test_doc_never_closed_runs_to_next_doc_and_to_end_of_file():
    data = ("<DOC>\n<DOCNO>a</DOCNO>\n<TEXT>first</TEXT>\n"
            "<DOC>\n<DOCNO>b</DOCNO>\n<TEXT>second</TEXT>\n</DOC>\n"
            "<DOC>\n<DOCNO>c</DOCNO>\n<TEXT>third</TEXT>\n")
    records, issues = parse_sgml(data, name="u.txt")
    assert [(r["doc_id"], r["text"]) for r in records] == [("a", "first"), ("b", "second"), ("c", "third")]
    assert [r["_line"] for r in records] == [1, 4, 8]
    assert [(i.line, i.row) for i in issues] == [(1, 0), (8, 2)]
    assert "<DOC> opened on line 1 is never closed; read up to the next <DOC> on line 4" in issues[0].message
    assert "end of the file" in issues[1].message
    assert all(isinstance(i, ParseIssue) and i.path == "u.txt" for i in issues)


def test_text_never_closed_is_recovered_up_to_next_element():
    data = "<DOC>\n<DOCNO>a</DOCNO>\n<TEXT>\nline one\nline two\n<TITLE>t</TITLE>\n</DOC>"
    records, issues = parse_sgml(data, name="t")
    assert records[0]["text"] == "line one\nline two" and records[0]["title"] == "t"
    assert len(issues) == 1 and issues[0].line == 3 and "<TEXT> opened on line 3" in issues[0].message
    assert "next element" in issues[0].message


def test_text_never_closed_is_recovered_up_to_end_of_document():
    records, issues = parse_sgml("<DOC><TEXT>abc\n</DOC>\n<DOC><TEXT>ok</TEXT></DOC>", name="t")
    assert [r["text"] for r in records] == ["abc", "ok"]
    assert len(issues) == 1 and "end of the document" in issues[0].message


def test_field_never_closed_is_dropped():
    records, issues = parse_sgml("<DOC>\n<TITLE>no end\n<TEXT>x</TEXT></DOC>", name="t")
    assert records[0]["text"] == "x" and "title" not in records[0]
    assert issues[0].line == 2 and "field ignored" in issues[0].message


def test_doc_without_text_is_kept_and_reported():
    records, issues = parse_sgml("<DOC><DOCNO>n</DOCNO></DOC>", name="t")
    assert records[0]["text"] == "" and records[0]["doc_id"] == "n"
    assert "no <TEXT> element" in issues[0].message and issues[0].row == 0


def test_stray_closing_doc_is_reported():
    records, issues = parse_sgml("<DOC><TEXT>a</TEXT></DOC>\n</DOC>", name="t")
    assert len(records) == 1 and issues[0].line == 2 and "without a matching" in issues[0].message


@pytest.mark.parametrize("data", ["just text & more", "<TEXT>x</TEXT>", "</DOC>", "<DOCNO>1</DOCNO>", ""])
@pytest.mark.parametrize("strict", [False, True])
def test_no_doc_at_all_raises(data, strict):
    with pytest.raises(CorpusFormatError, match="no <DOC> element") as info:
        parse_sgml(data, name="plain.txt", strict=strict)
    assert info.value.path == "plain.txt"


@pytest.mark.parametrize("data, line", [
    ("<DOC>\n<TEXT>a</TEXT>\n", 1),                       # DOC never closed
    ("<DOC>\n\n<TEXT>a\n</DOC>", 3),                       # TEXT never closed
    ("<DOC><TEXT>a</TEXT></DOC>\n<DOC>\n</DOC>", 2),       # no TEXT
])
def test_strict_raises_on_first_problem(data, line):
    with pytest.raises(CorpusFormatError) as info:
        parse_sgml(data, name="s.txt", strict=True)
    assert (info.value.path, info.value.line) == ("s.txt", line)


# --------------------------------------------------------------------------- encodings
def test_cp1256_bytes_and_crlf():
    data = ANT_LIKE.replace("\n", "\r\n").encode("cp1256")
    records, issues = parse_sgml(data, name="w.txt")
    assert issues == [] and records[0]["encoding"] == "cp1256"
    assert records[0]["text"] == AR_TEXT and "\r" not in records[0]["text"]


def test_forced_encoding_is_used():
    data = "<DOC><TEXT>Déclaration</TEXT></DOC>".encode("latin-1")
    records, _ = parse_sgml(data, name="t", encoding="latin-1")
    assert records[0]["text"] == "Déclaration" and records[0]["encoding"] == "latin-1"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<&\r"), max_size=60))
def test_any_text_without_markup_survives(text):
    records, issues = parse_sgml(f"<DOC><TEXT>{text}</TEXT></DOC>", name="h")
    assert issues == [] and records[0]["text"] == text.strip()


# --------------------------------------------------------------------------- real data
@pytest.mark.integration
def test_ant_politic_folder_read_in_place():
    folder = require_shared("ant_corpus_ar", "data", "politic")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 426
    records, issues = [], []
    for path in files:
        recs, iss = parse_sgml(path.read_bytes(), name=str(path))
        assert len(recs) == 1
        records += recs
        issues += iss
    assert issues == []
    assert all(r["text"] and r["title"] and r["url"].startswith("http") for r in records)
    # one upstream file (JA-politic-92-20170201) has DOCNO "92" and no <SRC>/<CAT>
    odd = [r for r in records if r["doc_id"] != Path(r["_path"]).stem]
    assert [(Path(r["_path"]).stem, r["doc_id"], r.get("category")) for r in odd] == [
        ("JA-politic-92-20170201", "92", None)]
    assert {r.get("category") for r in records} == {"politic", None}
    assert {r.get("source") for r in records} == {"Jawhara FM", None}
    iso = sum(bool(re.match(r"\d{4}-\d\d-\d\dT", r["date"])) for r in records)
    dmy = sum(bool(re.fullmatch(r"\d\d/\d\d/\d{4}", r["date"])) for r in records)
    assert (iso, dmy) == (153, 273)
    raw_amp = [r for r in records if "&" in r["url"]]
    assert [Path(r["_path"]).name for r in raw_amp] == ["JA-politic-360-20170202.txt"]
    assert "&utm_medium=referral&utm_source=nabdapp.com" in raw_amp[0]["url"]
    assert all(r["encoding"] == "utf-8" for r in records)


@pytest.mark.integration
@pytest.mark.slow
def test_ant_whole_corpus_parses_fast():
    root = require_shared("ant_corpus_ar", "data")
    blobs = [(str(p), p.read_bytes()) for p in sorted(root.glob("*/*.txt"))]
    start = time.process_time()
    results = [parse_sgml(data, name=name) for name, data in blobs]
    elapsed = time.process_time() - start
    records = [r for recs, _ in results for r in recs]
    assert len(records) == len(blobs) == 8418
    assert sum(len(iss) for _, iss in results) == 0
    assert sum(r["text"] == "" for r in records) == 23  # upstream empty <TEXT>, kept
    assert elapsed < 2.0  # about 0.3 s on an idle machine; generous for loaded CI runners
