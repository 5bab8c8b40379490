"""Tables -> records: CSV/TSV, JSON, JSON Lines, Parquet, Excel (toolkit.corpus.formats.tables)."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared
from toolkit.corpus.formats import (
    ParseIssue,
    map_columns,
    parse_csv,
    parse_excel,
    parse_json,
    parse_jsonl,
    parse_parquet,
)
from toolkit.errors import CorpusFormatError

AR = "أكد البيان الختامي، الصادر عن القمة، ضرورة تجفيف منابع تمويل الإرهاب."
FR = "Le Conseil de sécurité condamne l'attentat « terroriste »."


def texts(records):
    return [r["text"] for r in records]


# --------------------------------------------------------------------------- map_columns
def test_map_columns_renames_and_keeps_others():
    record = {"content": "abc", "date_extracted": "2015-07-22", "source": "spa"}
    out = map_columns(record, {"content": "text", "date_extracted": "date"})
    assert out == {"text": "abc", "date": "2015-07-22", "source": "spa"}
    assert record == {"content": "abc", "date_extracted": "2015-07-22", "source": "spa"}  # not modified


@pytest.mark.parametrize("columns", [None, {}])
def test_map_columns_without_mapping_copies(columns):
    record = {"text": "a"}
    out = map_columns(record, columns)
    assert out == record and out is not record


@pytest.mark.parametrize("record, expected", [
    ({"text": "old", "content": "new"}, "new"),        # a renamed key beats the key already so named
    ({"content": "new", "text": "old"}, "new"),
    ({"content": "", "text": "old"}, "old"),           # ... unless it is empty
    ({"content": None, "body": "b"}, "b"),             # first non-missing of several renamed keys
    ({"content": "c", "body": "b"}, "c"),
    ({"content": float("nan"), "body": None}, None),   # all missing: the first renamed one's value
])
def test_map_columns_collisions(record, expected):
    out = map_columns(record, {"content": "text", "body": "text"})
    value = out["text"]
    if expected is None:
        assert value != value  # NaN: the first renamed key's value is kept
    else:
        assert value == expected
    assert list(out) == ["text"]


# --------------------------------------------------------------------------- CSV
def test_csv_multiline_quoted_field_and_line_numbers():
    data = 'doc_id,text,date\n1,"first line\nsecond line",2015-01-02\n2,plain,\n'
    records, issues = parse_csv(data, name="a.csv")
    assert issues == []
    assert texts(records) == ["first line\nsecond line", "plain"]
    assert [(r["_line"], r["_row"]) for r in records] == [(2, 0), (4, 1)]
    assert records[1]["date"] is None and records[0]["doc_id"] == "1"
    assert all(r["_path"] == "a.csv" for r in records)
    assert "encoding" not in records[0]  # str input: nothing was decoded


def test_csv_malformed_row_is_reported_with_line_and_row_and_skipped():
    data = 'id,text\n1,"multi\nline"\n2,a,b\n3,ok\n'
    records, issues = parse_csv(data, name="x.zip!t.csv")
    assert texts(records) == ["multi\nline", "ok"]
    assert [r["_row"] for r in records] == [0, 2]
    assert len(issues) == 1
    issue = issues[0]
    assert isinstance(issue, ParseIssue)
    assert (issue.path, issue.line, issue.row) == ("x.zip!t.csv", 4, 1)
    assert "expected 2 fields, got 3" in issue.message and "quoted" in issue.message
    assert str(issue).startswith("x.zip!t.csv, line 4, row 1: ")


def test_csv_too_few_fields_and_broken_quote():
    data = 'id,text,date\n1,a\n2,"x"y,2015\n3,c,2016\n'
    records, issues = parse_csv(data, name="t.csv")
    assert texts(records) == ["c"]
    assert [(i.line, i.row) for i in issues] == [(2, 0), (3, 1)]
    assert "got 2" in issues[0].message and "quot" in issues[1].message


def test_csv_unterminated_quote_is_reported():
    data = 'id,text\n1,ok\n2,"never closed\n3,lost\n'
    records, issues = parse_csv(data, name="t.csv")
    assert texts(records) == ["ok"]
    assert issues[0].line == 3 and "never closed" in issues[0].message


def test_csv_strict_raises_on_first_bad_row():
    data = 'id,text\n1,ok\n2,a,b\n3,c,d\n'
    with pytest.raises(CorpusFormatError, match="expected 2 fields") as info:
        parse_csv(data, name="t.csv", strict=True)
    assert (info.value.path, info.value.line, info.value.row) == ("t.csv", 3, 1)


def test_csv_missing_text_column_lists_columns_and_suggests_mapping():
    with pytest.raises(CorpusFormatError) as info:
        parse_csv("id,content,date\n1,abc,2015\n", name="t.csv")
    message = str(info.value)
    assert "t.csv" in message and "['id', 'content', 'date']" in message
    assert "columns={'content': 'text'}" in message


def test_csv_missing_text_column_without_obvious_candidate():
    with pytest.raises(CorpusFormatError, match=r"columns=\{'<your text column>': 'text'\}"):
        parse_csv("id,foo\n1,abc\n", name="t.csv")


def test_csv_text_col_that_does_not_exist_is_named():
    with pytest.raises(CorpusFormatError, match="expected 'body'"):
        parse_csv("id,text\n1,a\n", name="t.csv", text_col="body")


@pytest.mark.parametrize("data", ["", "\n\n"])
def test_csv_empty_file_raises(data):
    with pytest.raises(CorpusFormatError, match="empty"):
        parse_csv(data, name="e.csv")


def test_csv_header_only_gives_no_records():
    assert parse_csv("id,text\n", name="h.csv") == ([], [])


def test_csv_text_col_and_columns_mapping():
    data = "content;date_extracted;source\nنص;2015-07-22 00:05:53;spa\n"
    records, _ = parse_csv(data, name="t.csv", text_col="content", columns={"date_extracted": "date"})
    assert records[0]["text"] == "نص" and records[0]["date"] == "2015-07-22 00:05:53"
    assert records[0]["source"] == "spa" and "content" not in records[0]


def test_csv_empty_cells_text_kept_metadata_none():
    records, issues = parse_csv("text,author\n,\nabc,x\n", name="t.csv")
    assert issues == []
    assert records[0]["text"] == "" and records[0]["author"] is None
    assert records[1]["author"] == "x"


@pytest.mark.parametrize("name, data, sep", [
    ("a.csv", "id;text\n1;Bonjour, le monde\n2;x\n", ";"),
    ("a.csv", "id|text\n1|a, b; c\n2|x\n", "|"),
    ("a.csv", "id\ttext\n1\ta, b\n2\tx\n", "\t"),
    ("a.tsv", "id\ttext\n1\ta;b\n", "\t"),
    ("a.csv", 'id,text\n1,"a; b; c; d"\n2,"x;y"\n', ","),
    ("a.csv", f'id,text\n1,"{AR}"\n', ","),
])
def test_csv_separator_is_sniffed(name, data, sep):
    records, issues = parse_csv(data, name=name)
    assert issues == []
    expected = list(csv.reader(io.StringIO(data), delimiter=sep))[1:]
    assert texts(records) == [row[1] for row in expected]


def test_csv_single_column_with_unquoted_commas():
    records, issues = parse_csv("text\nBonjour, le monde; salut\nنص، آخر, هنا\n", name="one.csv")
    assert issues == [] and texts(records) == ["Bonjour, le monde; salut", "نص، آخر, هنا"]


def test_csv_ambiguous_header_is_sniffed():
    data = 'date;time,text\n"2015-01-01;10:00","a, b"\n"2015-01-02;11:00",c\n'
    records, issues = parse_csv(data, name="amb.csv")
    assert issues == [] and texts(records) == ["a, b", "c"]
    assert records[0]["date;time"] == "2015-01-01;10:00"


def test_csv_explicit_sep_wins_and_is_validated():
    records, _ = parse_csv("id;text\n1;a,b\n", name="t.csv", sep=";")
    assert texts(records) == ["a,b"]
    with pytest.raises(ValueError, match="one character"):
        parse_csv("id;text\n", name="t.csv", sep=";;")


def test_csv_arabic_utf8_bytes():
    data = f'id,text\n1,"{AR}"\n'.encode("utf-8")
    records, _ = parse_csv(data, name="ar.csv")
    assert records[0]["text"] == AR and records[0]["encoding"] == "utf-8"


def test_csv_arabic_cp1256_bytes():
    data = f"id;النص;التاريخ\n1;{AR};2016/03/07\n".encode("cp1256")
    records, _ = parse_csv(data, name="ar.csv", columns={"النص": "text", "التاريخ": "date"})
    assert records[0]["text"] == AR and records[0]["date"] == "2016/03/07"
    assert records[0]["encoding"] == "cp1256"


def test_csv_forced_encoding():
    records, _ = parse_csv(f"text\n{FR}\n".encode("latin-1"), name="fr.csv", encoding="latin-1")
    assert records[0]["text"] == FR and records[0]["encoding"] == "latin-1"


def test_csv_bom_and_crlf():
    data = "\ufeffid,text\r\n1,\"a\r\nb\"\r\n2,c\r\n".encode("utf-8")
    records, issues = parse_csv(data, name="w.csv")
    assert issues == [] and list(records[0])[:2] == ["id", "text"]
    assert texts(records) == ["a\nb", "c"] and records[1]["_line"] == 4


def test_csv_repeated_and_blank_header_names():
    records, _ = parse_csv(" text ,date,date,\nA,1,2,3\n", name="t.csv")
    assert {k: v for k, v in records[0].items() if not k.startswith("_")} == {
        "text": "A", "date": "1", "date.1": "2", "Unnamed: 3": "3"}


def test_csv_field_longer_than_csv_default_limit():
    long_text = "كلمة " * 60_000  # 300,000 characters, more than csv's 131,072 default
    before = csv.field_size_limit()
    records, issues = parse_csv(f'id,text\n1,"{long_text}"\n', name="long.csv")
    assert issues == [] and records[0]["text"] == long_text
    assert csv.field_size_limit() == before  # the process-wide limit is restored


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
                        max_size=40), max_size=8))
def test_csv_roundtrip_of_any_text(values):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "text"])
    writer.writerows([i, v] for i, v in enumerate(values))
    records, issues = parse_csv(buf.getvalue(), name="h.csv")
    assert issues == []
    assert texts(records) == values


# --------------------------------------------------------------------------- JSON
def test_json_array_of_objects_with_mapping():
    data = json.dumps([{"content": AR, "date_extracted": "2015-07-22 00:05:53", "author": ""},
                       {"content": FR, "date_extracted": "2015-07-23 10:00:00", "author": "AFP"}],
                      ensure_ascii=False).encode("utf-8")
    records, issues = parse_json(data, name="d.json", columns={"content": "text", "date_extracted": "date"})
    assert issues == [] and texts(records) == [AR, FR]
    assert records[0]["date"] == "2015-07-22 00:05:53" and records[0]["author"] == ""
    assert [r["_row"] for r in records] == [0, 1] and records[0]["encoding"] == "utf-8"


def test_json_single_object_is_one_document():
    records, _ = parse_json('{"text": "seul", "title": "t", "tags": ["a", "b"]}', name="one.json")
    assert len(records) == 1 and records[0]["tags"] == ["a", "b"]


def test_json_records_path():
    data = {"meta": {"n": 2}, "data": {"articles": [{"body": "a"}, {"body": "b"}]}}
    records, _ = parse_json(json.dumps(data), name="n.json", records_path="data.articles", text_col="body")
    assert texts(records) == ["a", "b"]
    records, _ = parse_json(json.dumps({"results": [{"items": [{"text": "x"}]}]}), name="n.json",
                            records_path="results.0.items")
    assert texts(records) == ["x"]


def test_json_records_path_not_found_lists_keys():
    with pytest.raises(CorpusFormatError, match=r"'articles' not found at data.*\['items', 'n'\]"):
        parse_json('{"data": {"items": [], "n": 1}}', name="n.json", records_path="data.articles")


def test_json_object_with_an_array_suggests_records_path():
    with pytest.raises(CorpusFormatError, match="records_path='articles'"):
        parse_json('{"articles": [{"text": "a"}]}', name="n.json")


def test_json_invalid_names_line_and_column():
    data = '[\n  {"text": "a"},\n  {"text": "b",,}\n]'
    with pytest.raises(CorpusFormatError) as info:
        parse_json(data, name="bad.json")
    assert info.value.line == 3 and info.value.path == "bad.json"
    assert "bad.json, line 3" in str(info.value)
    assert "line 3, column 16" in info.value.reason  # also in the bare reason, which readers keep


def test_json_lines_file_read_as_json_gets_a_hint():
    with pytest.raises(CorpusFormatError, match="parse_jsonl"):
        parse_json('{"text": "a"}\n{"text": "b"}\n', name="x.json")


def test_json_non_object_element_is_reported_with_its_index():
    records, issues = parse_json('[{"text": "a"}, "oops", [1], {"text": "b"}]', name="d.json")
    assert texts(records) == ["a", "b"] and [r["_row"] for r in records] == [0, 3]
    assert [(i.row, i.line) for i in issues] == [(1, None), (2, None)]
    assert "element 1 is a string" in issues[0].message and "element 2 is an array" in issues[1].message


def test_json_strict_raises_on_first_non_object():
    with pytest.raises(CorpusFormatError, match="element 1") as info:
        parse_json('[{"text": "a"}, 2, 3]', name="d.json", strict=True)
    assert info.value.row == 1


def test_json_missing_text_key_everywhere_lists_keys():
    with pytest.raises(CorpusFormatError, match=r"available keys: \['url', 'content'\].*columns=\{'content'"):
        parse_json('[{"url": "u", "content": "c"}]', name="d.json")


def test_json_missing_text_in_some_objects_and_null_text():
    records, issues = parse_json('[{"text": "a"}, {"title": "no text"}, {"text": null}, {"text": 5}]',
                                 name="d.json")
    assert texts(records) == ["a", "", "5"]
    assert len(issues) == 1 and issues[0].row == 1 and "no 'text' key" in issues[0].message


def test_json_text_that_is_not_text_is_reported():
    records, issues = parse_json('[{"text": {"ar": "x"}}, {"text": "b"}]', name="d.json")
    assert texts(records) == ["b"] and "dict, not a string" in issues[0].message


@pytest.mark.parametrize("data", ['"just a string"', "42", "null"])
def test_json_top_level_scalar_raises(data):
    with pytest.raises(CorpusFormatError, match="expected an array of objects or one object"):
        parse_json(data, name="s.json")


def test_json_empty_array():
    assert parse_json("[]", name="e.json") == ([], [])


def test_json_escaped_crlf_in_text_is_normalised():
    records, _ = parse_json('[{"text": "a\\r\\nb"}]', name="d.json")
    assert records[0]["text"] == "a\nb"


def test_json_10_mb_is_dominated_by_json_loads():
    doc = {"source": "spa", "url": "http://example.org/a", "date_extracted": "2015-07-22 00:05:53",
           "title": "عنوان", "author": "", "content": AR * 20}
    data = json.dumps([doc] * 4500, ensure_ascii=False).encode("utf-8")
    assert len(data) > 10_000_000
    columns = {"content": "text", "date_extracted": "date"}
    loads, parse = [], []
    for _ in range(2):
        t0 = time.process_time()
        json.loads(data.decode("utf-8"))
        t1 = time.process_time()
        records, _ = parse_json(data, name="big.json", columns=columns)
        t2 = time.process_time()
        loads.append(t1 - t0)
        parse.append(t2 - t1)
    assert len(records) == 4500
    assert min(parse) < 3 * min(loads) + 0.2


# --------------------------------------------------------------------------- JSON Lines
def test_jsonl_blank_lines_ignored_and_bad_lines_named():
    data = ('{"text": "a"}\n\n{"text": "b", \n  \n[1, 2]\n{"title": "t"}\n'
            f'{json.dumps({"text": AR}, ensure_ascii=False)}\n')
    records, issues = parse_jsonl(data.encode("utf-8"), name="x.jsonl")
    assert texts(records) == ["a", AR]
    assert [(r["_line"], r["_row"]) for r in records] == [(1, 0), (7, 4)]
    assert [(i.line, i.row) for i in issues] == [(3, 1), (5, 2), (6, 3)]
    assert "invalid JSON" in issues[0].message and "line 5 is an array" in issues[1].message
    assert "no 'text' key" in issues[2].message


def test_jsonl_strict_raises_on_first_bad_line_in_file_order():
    data = '{"text": "a"}\n[1]\n{bad\n'
    with pytest.raises(CorpusFormatError, match="line 2 is an array") as info:
        parse_jsonl(data, name="x.jsonl", strict=True)
    assert info.value.line == 2


def test_jsonl_that_is_really_a_json_document_raises():
    with pytest.raises(CorpusFormatError, match="parse_json"):
        parse_jsonl('{\n  "text": "a"\n}\n', name="x.jsonl")


def test_jsonl_missing_text_key_raises_with_keys():
    with pytest.raises(CorpusFormatError, match=r"\['body'\]"):
        parse_jsonl('{"body": "a"}\n{"body": "b"}\n', name="x.jsonl")


def test_jsonl_line_separator_inside_a_string_does_not_split():
    records, issues = parse_jsonl('{"text": "a\u2028b"}\r\n{"text": "c"}\r\n', name="x.jsonl")
    assert issues == [] and texts(records) == ["a\u2028b", "c"]


# --------------------------------------------------------------------------- Parquet and Excel
@pytest.fixture
def frame():
    return pd.DataFrame({
        "content": [AR, None, FR],
        "date": pd.to_datetime(["2015-11-14", None, "2016-03-07"]),
        "score": [1.5, float("nan"), 3.0],
        "source": pd.array(["spa", None, "afp"], dtype="string"),
        "year": [2015, 2016, 2017],
    })


def test_parquet_round_trip(frame):
    buf = io.BytesIO()
    frame.to_parquet(buf)
    records, issues = parse_parquet(buf.getvalue(), name="t.parquet", columns={"content": "text"})
    assert issues == [] and texts(records) == [AR, "", FR]
    first, missing = records[0], records[1]
    assert first["date"] == pd.Timestamp("2015-11-14") and first["year"] == 2015 and first["score"] == 1.5
    assert missing["date"] is None and missing["score"] is None and missing["source"] is None
    assert {k for k in first if not k.startswith("_")} == {"text", "date", "score", "source", "year"}
    assert "encoding" not in first and [r["_row"] for r in records] == [0, 1, 2]


def test_parquet_missing_text_column(frame):
    buf = io.BytesIO()
    frame.to_parquet(buf)
    with pytest.raises(CorpusFormatError, match="columns={'content': 'text'}"):
        parse_parquet(buf.getvalue(), name="t.parquet")


def test_parquet_nested_text_is_reported():
    buf = io.BytesIO()
    pd.DataFrame({"text": [["a", "b"], ["c"]]}).to_parquet(buf)
    records, issues = parse_parquet(buf.getvalue(), name="t.parquet")
    assert records == [] and len(issues) == 2 and "not a string" in issues[0].message


@pytest.mark.parametrize("parse, kind", [(parse_parquet, "Parquet"), (parse_excel, "Excel")])
def test_binary_tables_reject_garbage_and_str(parse, kind):
    with pytest.raises(CorpusFormatError, match=f"not a readable {kind}") as info:
        parse(b"this is not a table at all", name="junk.bin")
    assert info.value.path == "junk.bin"
    with pytest.raises(TypeError, match="bytes"):
        parse("text", name="junk.bin")


def test_excel_round_trip(frame):
    buf = io.BytesIO()
    with pd.ExcelWriter(buf) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="notes", index=False)
        frame.to_excel(writer, sheet_name="بيانات", index=False)
    data = buf.getvalue()
    for sheet in ("بيانات", 1, -1):
        records, issues = parse_excel(data, name="t.xlsx", sheet_name=sheet, text_col="content")
        assert issues == [] and texts(records) == [AR, "", FR]
    assert records[0]["date"] == pd.Timestamp("2015-11-14") and records[1]["date"] is None
    assert records[0]["year"] == 2015 and records[1]["source"] is None
    assert [r["_line"] for r in records] == [2, 3, 4]  # spreadsheet rows, header on row 1


@pytest.mark.parametrize("sheet", ["missing", 5])
def test_excel_unknown_sheet_lists_sheets(sheet):
    buf = io.BytesIO()
    pd.DataFrame({"text": ["a"]}).to_excel(buf, sheet_name="data", index=False)
    with pytest.raises(CorpusFormatError, match=r"the workbook has \['data'\]"):
        parse_excel(buf.getvalue(), name="t.xlsx", sheet_name=sheet)


def test_excel_numeric_text_cell_becomes_string():
    buf = io.BytesIO()
    pd.DataFrame({"text": ["a", 12]}).to_excel(buf, index=False)
    records, _ = parse_excel(buf.getvalue(), name="t.xlsx")
    assert texts(records) == ["a", "12"]


# --------------------------------------------------------------------------- real data
@pytest.mark.integration
def test_saudinewsnet_day_read_in_place():
    path = require_shared("saudinewsnet", "dataset", "2015-07-22.zip")
    with zipfile.ZipFile(path) as archive:
        data = archive.read("2015-07-22.json")
    raw = json.loads(data)
    records, issues = parse_json(data, name=f"{path.name}!2015-07-22.json",
                                 columns={"content": "text", "date_extracted": "date"})
    assert issues == [] and len(records) == len(raw) == 2050
    assert set(raw[0]) == {"source", "url", "date_extracted", "title", "author", "content"}
    assert texts(records) == [d["content"] for d in raw]
    assert {"source", "url", "date", "title", "author", "text"} <= set(records[0])
    assert "content" not in records[0] and "date_extracted" not in records[0]
    assert all(len(r["date"]) == 19 and r["date"].startswith("2015-07-") for r in records)
    assert records[0]["encoding"] == "utf-8" and records[0]["_path"].endswith("!2015-07-22.json")
