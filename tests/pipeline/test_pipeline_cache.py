"""Content hashes and the stage cache (toolkit.pipeline.cache)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.corpus import Corpus
from toolkit.pipeline.cache import (
    StageCache,
    code_fingerprint,
    corpus_hash,
    source_hash,
    stage_key,
)

RECORDS = [{"doc_id": "a", "text": "أدان المجلس الإرهاب.\n\nنص ثان.", "date": "2015-12-15", "lang": "ar",
            "source": "MAP"},
           {"doc_id": "b", "text": "The Council condemns terrorism.", "date": "2001", "lang": "en", "source": "UN"}]


def corpus(records=RECORDS, **extra) -> Corpus:
    return Corpus.from_records([{**r, **extra} for r in records])


def test_cache_corpus_hash_is_stable_and_ignores_location_and_column_order():
    a = corpus()
    assert corpus_hash(a) == corpus_hash(corpus()) == corpus_hash(a.subset())
    assert len(corpus_hash(a)) == 64
    assert corpus_hash(corpus(path="/here")) == corpus_hash(corpus(path="/elsewhere"))  # where, not what
    swapped = Corpus(a.to_frame()[["text", "source", "lang", "date", "date_precision", "title"]])
    assert corpus_hash(swapped) == corpus_hash(a)


@pytest.mark.parametrize("change", [
    lambda r: r[0].update(text=r[0]["text"] + " "),
    lambda r: r[1].update(date="2002"),
    lambda r: r[1].update(lang="fr"),
    lambda r: r[0].update(doc_id="z"),
    lambda r: r.reverse(),
    lambda r: r.pop(),
    lambda r: r[0].update(country="MAR"),
])
def test_cache_corpus_hash_changes_with_any_text_docvar_or_order(change):
    records = [dict(r) for r in RECORDS]
    change(records)
    assert corpus_hash(Corpus.from_records(records)) != corpus_hash(corpus())


@given(st.text(max_size=30), st.text(max_size=30))
def test_cache_corpus_hash_tells_texts_apart(one, two):
    a = Corpus.from_records([{"doc_id": "x", "text": one}, {"doc_id": "y", "text": two}])
    b = Corpus.from_records([{"doc_id": "x", "text": one + two}, {"doc_id": "y", "text": ""}])
    assert (corpus_hash(a) == corpus_hash(b)) == (two == "")


def test_cache_source_hash_follows_bytes_and_sidecar_files(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("one", encoding="utf-8")
    before = source_hash(folder)
    (folder / "a.txt").write_text("two", encoding="utf-8")
    assert source_hash(folder) != before
    archive = tmp_path / "c.csv"
    archive.write_text("id,text\n1,x\n", encoding="utf-8")
    first = source_hash(archive)
    assert source_hash(archive) == first
    (tmp_path / "speakers.xlsx").write_bytes(b"sidecar")  # a file beside it (readers join such tables)
    assert source_hash(archive) != first


def test_cache_stage_key_depends_on_every_part():
    base = stage_key("trends", {"units": "k1"}, {"n_boot": 1000}, code="c", version="1")
    assert base == stage_key("trends", {"units": "k1"}, {"n_boot": 1000}, code="c", version="1")
    assert len({base, stage_key("trend", {"units": "k1"}, {"n_boot": 1000}, code="c", version="1"),
                stage_key("trends", {"units": "k2"}, {"n_boot": 1000}, code="c", version="1"),
                stage_key("trends", {"units": "k1"}, {"n_boot": 999}, code="c", version="1"),
                stage_key("trends", {"units": "k1"}, {"n_boot": 1000}, code="d", version="1"),
                stage_key("trends", {"units": "k1"}, {"n_boot": 1000}, code="c", version="2")}) == 6
    assert stage_key("s", {}, {"a": 1, "b": 2}, code="c") == stage_key("s", {}, {"b": 2, "a": 1}, code="c")


def test_cache_code_fingerprint_is_short_and_stable():
    assert code_fingerprint() == code_fingerprint() and len(code_fingerprint()) == 16


def test_cache_put_get_round_trip_keeps_tables_attrs_files_and_meta(tmp_path):
    cache = StageCache(tmp_path / ".cache")
    table = pd.DataFrame({"period": pd.Categorical(["2001", "2002"], ordered=True), "x": [0.5, 1.5],
                          "when": pd.to_datetime(["2001-01-01", "2002-01-01"])})
    table.attrs = {"dictionary": "terrorism_frames", "n": 2}
    extra = tmp_path / "fig.png"
    extra.write_bytes(b"\x89PNG")
    cache.put("trends", "k" * 64, tables={"trends": table}, files={"fig.png": extra}, meta={"note": "عربي"})
    entry = cache.get("trends", "k" * 64)
    assert entry is not None and entry.meta["note"] == "عربي" and entry.files == ["fig.png"]
    back = entry.table("trends")
    pd.testing.assert_frame_equal(back, table, check_categorical=False)
    assert back.attrs == {"dictionary": "terrorism_frames", "n": 2}
    assert entry.file("fig.png").read_bytes() == b"\x89PNG"
    assert cache.get("trends", "j" * 64) is None
    assert [p.name for p in cache.entries()] == ["k" * 32]


def test_cache_damaged_entry_is_ignored(tmp_path):
    cache = StageCache(tmp_path)
    cache.put("units", "a" * 64, tables={"units": pd.DataFrame({"x": [1]})})
    (cache.folder("units", "a" * 64) / "units.parquet").write_bytes(b"garbage")
    assert cache.get("units", "a" * 64) is None
    meta = cache.folder("units", "a" * 64) / "entry.json"
    meta.write_text("{not json", encoding="utf-8")
    assert cache.get("units", "a" * 64) is None


def test_cache_failed_put_leaves_no_entry_and_no_temporary_folder(tmp_path):
    cache = StageCache(tmp_path)

    class Boom(pd.DataFrame):
        def to_parquet(self, *args, **kwargs):
            raise RuntimeError("disk full")

        def copy(self, deep=True):
            return self

    with pytest.raises(RuntimeError, match="disk full"):
        cache.put("frames", "b" * 64, tables={"ok": pd.DataFrame({"x": [1]}), "bad": Boom({"x": [1]})})
    assert cache.get("frames", "b" * 64) is None
    assert list((tmp_path / "frames").iterdir()) == []


def test_cache_put_replaces_an_existing_entry(tmp_path):
    cache = StageCache(tmp_path)
    cache.put("s", "c" * 64, meta={"v": 1})
    cache.put("s", "c" * 64, meta={"v": 2})
    assert cache.get("s", "c" * 64).meta["v"] == 2
    assert json.loads((cache.folder("s", "c" * 64) / "entry.json").read_text(encoding="utf-8"))["v"] == 2


def test_code_fingerprint_leaves_out_what_the_stages_do_not_run():
    from toolkit.pipeline.cache import NOT_IN_PIPELINE, code_fingerprint

    whole = code_fingerprint()
    assert code_fingerprint(NOT_IN_PIPELINE) != whole  # keywords/, cli.py ... are in the whole one
    assert code_fingerprint((*NOT_IN_PIPELINE, "plot")) != code_fingerprint(NOT_IN_PIPELINE)
    assert code_fingerprint(("no_such_module",)) == whole
