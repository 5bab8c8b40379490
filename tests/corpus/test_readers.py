"""read_corpus on every generic layout, and every kind of bad input the issue lists."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from toolkit.corpus import read_corpus
from toolkit.corpus.readers import compile_filename_pattern, format_for
from toolkit.errors import CorpusFormatError, DuplicateIdError, UnsafeArchiveError

APPLEDOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 300
AR = "أكدت الدول الأعضاء عزمها على تنسيق الجهود لدرء مخاطر الإرهاب."
FR = "Le Gouvernement condamne avec fermeté les attentats terroristes."
EN = "The Council condemns in the strongest terms the terrorist attacks."


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def speeches(tmp_path: Path) -> Path:
    root = tmp_path / "TXT"
    (root / "Session 72 - 2017").mkdir(parents=True)
    (root / "Session 72 - 2017" / "MAR_72_2017.txt").write_text(AR, encoding="utf-8")
    (root / "Session 72 - 2017" / "FRA_72_2017.txt").write_bytes("\ufeff".encode() + FR.encode("utf-8"))
    (root / "Session 72 - 2017" / "EU_72_2017.txt").write_bytes(EN.replace(" ", "\r\n", 2).encode("utf-16"))
    (root / "Session 72 - 2017" / "LBY_72_2017.txt").write_bytes(AR.encode("cp1256"))
    (root / "Session 72 - 2017" / "._MAR_72_2017.txt").write_bytes(APPLEDOUBLE)
    (root / "Session 72 - 2017" / ".DS_Store-to-UTF-8.txt").write_text("junk", encoding="utf-8")
    (root / "Session 72 - 2017" / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    return root


def test_read_folder_with_filename_pattern(speeches):
    before = _snapshot(speeches)
    c = read_corpus(speeches, filename_pattern="{country}_{session}_{year}.txt")
    assert sorted(c.doc_ids) == [f"Session 72 - 2017/{k}_72_2017" for k in ("EU", "FRA", "LBY", "MAR")]
    dv = c.docvars.set_index("country")
    assert dv.loc["MAR", "lang"] == "ar" and dv.loc["FRA", "lang"] == "fr" and dv.loc["EU", "lang"] == "en"
    assert dv.loc["LBY", "encoding"] == "cp1256" and dv.loc["FRA", "encoding"] == "utf-8-sig"
    assert dv.loc["EU", "encoding"].startswith("utf-16")
    assert (dv["date"] == pd.Timestamp("2017-01-01")).all() and (dv["date_precision"] == "year").all()
    texts = c.to_frame().set_index("country")["text"]
    assert texts["LBY"] == AR and texts["FRA"] == FR and "\r" not in texts["EU"]
    reasons = dict(zip(c.skipped["path"].map(lambda p: Path(p).name), c.skipped["reason"]))
    assert set(reasons) == {"._MAR_72_2017.txt", ".DS_Store-to-UTF-8.txt", "notes.docx"}
    assert "does not match pattern" in reasons["notes.docx"]
    assert "unsupported file type .docx" in read_corpus(speeches).skipped["reason"].tolist()
    assert _snapshot(speeches) == before


def test_read_pattern_mismatch_is_skipped_with_reason(tmp_path):
    (tmp_path / "MAR_72_2017.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "readme.txt").write_text("about", encoding="utf-8")
    c = read_corpus(tmp_path, filename_pattern="{country}_{session}_{year}.txt")
    assert c.doc_ids == ["MAR_72_2017"]
    assert "does not match pattern" in c.skipped["reason"].iloc[0]


def test_read_sidecar_metadata(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(EN, encoding="utf-8")
    (docs / "b.txt").write_text(FR, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,date,source\na.txt,2001-09-20,White House\nb.txt,16/11/2015,Élysée\nz.txt,2020,X\n",
                    encoding="utf-8")
    c = read_corpus(docs, metadata=meta)
    dv = c.docvars
    assert dv.loc["b", "source"] == "Élysée" and dv.loc["b", "date"] == pd.Timestamp("2015-11-16")
    assert "'z.txt' matches no document" in c.issues["message"].iloc[0]
    xlsx = tmp_path / "meta.xlsx"
    pd.DataFrame({"doc_id": ["a", "b"], "speaker": ["Bush", "Hollande"]}).to_excel(xlsx, index=False)
    assert read_corpus(docs, metadata=xlsx).docvars["speaker"].tolist() == ["Bush", "Hollande"]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,date\na.txt,2001\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="bad.csv: the metadata table needs a key column"):
        read_corpus(docs, metadata=bad)


def test_read_zip_of_json_and_tar_in_place(tmp_path):
    articles = [{"source": "okaz", "url": "u1", "date_extracted": "2015-08-02 10:00:00", "title": "t",
                 "author": "", "content": AR}, {"source": "sabq", "url": "u2",
                 "date_extracted": "2015-08-02 11:00:00", "title": "t2", "author": "", "content": AR + " ثم"}]
    archive = tmp_path / "2015-08-02.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2015-08-02.json", json.dumps(articles, ensure_ascii=False))
        zf.writestr("__MACOSX/._2015-08-02.json", APPLEDOUBLE)
    c = read_corpus(archive, columns={"content": "text", "date_extracted": "date"})
    assert len(c) == 2 and (c.docvars["lang"] == "ar").all()
    assert c.docvars["date"].tolist() == [pd.Timestamp("2015-08-02")] * 2
    tgz = tmp_path / "speeches.tgz"
    with tarfile.open(tgz, "w:gz") as tf:
        for name, text in (("TXT/a.txt", EN), ("TXT/._a.txt", None), ("TXT/b.txt", FR)):
            data = APPLEDOUBLE if text is None else text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    c = read_corpus(tgz)
    assert sorted(c.doc_ids) == ["TXT/a", "TXT/b"] and len(c.skipped) == 1


def _tgz_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_bad_input_empty_and_binary_files_skipped_with_reason(tmp_path):
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    c = read_corpus(tmp_path)
    assert c.doc_ids == ["good"]
    reasons = {Path(p).name: r for p, r in zip(c.skipped["path"], c.skipped["reason"])}
    assert reasons["empty.txt"] == "empty file" and "binary" in reasons["binary.txt"]
    with pytest.raises(CorpusFormatError, match="binary.txt"):
        read_corpus(tmp_path, strict=True, exclude="empty.txt")


def test_bad_input_undecodable_bytes_with_forced_encoding(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Sécurité".encode("latin-1"))
    with pytest.raises(CorpusFormatError, match="latin.txt"):
        read_corpus(tmp_path, encoding="utf-8", strict=True)
    c = read_corpus(tmp_path, encoding="utf-8")
    assert len(c) == 0 and "latin.txt" in c.skipped["path"].iloc[0]
    assert read_corpus(tmp_path).texts.tolist() == ["Sécurité"]


def test_bad_input_truncated_archive(tmp_path):
    data = _tgz_bytes({f"d/{i}.txt": (EN + str(i)).encode() * 200 for i in range(20)})
    cut = tmp_path / "cut.tgz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorpusFormatError, match="cut.tgz"):
        read_corpus(cut, strict=True)
    c = read_corpus(cut)
    assert 0 < len(c) < 20 and c.issues["path"].str.contains("cut.tgz").any()


def test_bad_input_archive_entry_escaping_its_folder(tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("ok.txt", EN)
        zf.writestr("../../etc/evil.txt", FR)
    c = read_corpus(evil)
    assert c.doc_ids == ["ok"] and "escapes" in c.skipped["reason"].iloc[0]
    with pytest.raises(UnsafeArchiveError, match="evil.zip"):
        read_corpus(evil, strict=True)
    assert not (tmp_path.parent.parent / "etc" / "evil.txt").exists()


def test_bad_input_malformed_csv_row(tmp_path):
    path = tmp_path / "wires.csv"
    path.write_text(f"id,date,text\n1,2015-01-01,{EN}\n2,2015-01-02,a,b,c\n3,2015-01-03,{FR}\n", encoding="utf-8")
    c = read_corpus(path, columns={"id": "doc_id"})
    assert c.doc_ids == ["1", "3"]
    assert c.issues["path"].str.endswith("wires.csv").all() and c.issues["line"].iloc[0] == 3
    with pytest.raises(CorpusFormatError, match="wires.csv.*line 3"):
        read_corpus(path, strict=True)


def test_bad_input_invalid_json_and_missing_text_column(tmp_path):
    (tmp_path / "bad.json").write_text('[{"text": "a"},\n {"text": "b",,}]', encoding="utf-8")
    (tmp_path / "notext.csv").write_text("id,body\n1,hello\n", encoding="utf-8")
    (tmp_path / "ok.jsonl").write_text(json.dumps({"text": EN}) + "\n{oops\n", encoding="utf-8")
    c = read_corpus(tmp_path)
    reasons = {Path(p).name: r for p, r in zip(c.skipped["path"], c.skipped["reason"])}
    assert "line 2" in reasons["bad.json"] or "line 2" in str(c.skipped.to_dict())
    assert "body" in reasons["notext.csv"]  # lists the columns it found
    assert len(c) == 1 and c.issues["line"].tolist() == [2]
    with pytest.raises(CorpusFormatError, match="bad.json"):
        read_corpus(tmp_path / "bad.json", strict=True)


def test_bad_input_unbalanced_pseudo_xml(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(f"<DOC>\n<DOCNO>A-1</DOCNO>\n<TIME>16/02/2015</TIME>\n<TEXT>\n{AR} & co\n</TEXT>\n</DOC>\n"
                    f"<DOC>\n<DOCNO>A-2</DOCNO>\n<TEXT>\n{AR}\n", encoding="utf-8")
    c = read_corpus(path)
    assert "A-1" in c.doc_ids and c.docvars.loc["A-1", "date"] == pd.Timestamp("2015-02-16")
    assert "& co" in c["A-1"]
    assert c.issues["path"].str.endswith("doc.txt").any()
    with pytest.raises(CorpusFormatError, match="doc.txt"):
        read_corpus(path, strict=True)


def test_bad_input_unparseable_date_and_duplicate_ids(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(f"doc_id,date,text\nx,2015-01-01,{EN}\nx,someday,{FR}\n", encoding="utf-8")
    c = read_corpus(path)
    assert c.doc_ids == ["x", "x~2"] and pd.isna(c.docvars.loc["x~2", "date"])
    assert any("someday" in m for m in c.issues["message"]) and any("duplicate" in m for m in c.issues["message"])
    with pytest.raises(DuplicateIdError, match="x"):
        read_corpus(path, strict=True)


def test_read_corpus_missing_path_and_bad_options(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        read_corpus(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="format='docx' is invalid"):
        read_corpus(tmp_path, format="docx")
    with pytest.raises(ValueError, match="layout='ungd' is invalid"):
        read_corpus(tmp_path, layout="ungd")
    with pytest.raises(ValueError, match="invalid filename_pattern"):
        compile_filename_pattern("{a}_{a}.txt")


@pytest.mark.parametrize("name, head, expected", [
    ("a.txt", b"plain", "text"), ("a.TXT", b"<DOC>\n", "sgml"), ("a.xml", b"<DOC id=1>", "sgml"),
    ("a.htm", b"<!DOCTYPE html>", "html"), ("a.txt", b"<html><body>", "html"), ("a", b"%PDF-1.7", "pdf"),
    ("a.csv", b"x", "csv"), ("a.tsv", b"x", "csv"), ("a.jsonl", b"{}", "jsonl"), ("a.json", b"[]", "json"),
    ("a.parquet", b"PAR1", "parquet"), ("a.xlsx", b"PK", "excel"), ("a.tar.gz", b"\x1f\x8b", "archive"),
    ("a.zip", b"PK", "archive"), ("a.png", b"\x89PNG", None), ("a.docx", b"PK", None),
])
def test_format_for(name, head, expected):
    assert format_for(name, head) == expected


def test_read_corpus_layout_rejects_options_it_sets(tmp_path):
    with pytest.raises(ValueError, match=r"layout='ungdc' sets \['lang'\] itself"):
        read_corpus(tmp_path, layout="ungdc", lang="ar")


def test_read_folder_skips_documentation_files(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    for name in ("README.md", "PROVENANCE.md", "upstream_LICENSE", "LICENSE.txt", "CITATION.cff"):
        (tmp_path / name).write_text("about the corpus", encoding="utf-8")
    c = read_corpus(tmp_path)
    assert c.doc_ids == ["a"] and len(c.skipped) == 5
    assert c.skipped["reason"].str.startswith(("documentation file", "unsupported file type")).all()
