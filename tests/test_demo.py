"""``make demo`` (toolkit.demo.run_demo): the outputs exist and say the right things."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit.cli import main
from toolkit.corpus import Corpus
from toolkit.demo import run_demo
from toolkit.frames.dictionary import load_dictionary

FRAMES = ["military", "ideological", "media", "financial"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_demo(tmp_path_factory.mktemp("demo") / "out", verbose=False)


@pytest.fixture(scope="module")
def texts(out: Path) -> dict[str, str]:
    corpus = Corpus.read_parquet(out / "corpus.parquet")
    return dict(zip(corpus.to_frame().index, corpus.to_frame()["text"]))


@pytest.fixture(scope="module")
def paragraphs(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "frames_paragraphs.csv", dtype={"lang": str, "date": str})


def test_demo_writes_every_output_and_no_temporary_file(out):
    assert sorted(p.name for p in out.iterdir()) == [
        "corpus.parquet", "duplicates.csv", "frame_hits.csv", "frame_hits_kwic.html", "frames_by_year.csv",
        "frames_paragraphs.csv", "inputs", "paragraphs.csv", "summary.json", "top_terms.csv"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_demo_summary_records_corpus_and_dictionary(out, paragraphs):
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["n_docs"] == 8 and summary["langs"] == {"ar": 4, "fr": 2, "en": 2}
    dictionary = load_dictionary("terrorism_frames")
    frames = summary["frames"]
    assert (frames["name"], frames["version"], frames["fingerprint"]) == (
        "terrorism_frames", dictionary.version, dictionary.fingerprint)
    assert frames["unit"] == "paragraph" and frames["n_units"] == len(paragraphs)
    assert frames["units_with_frame"] == {f: int(paragraphs[f"{f}_present"].sum()) for f in FRAMES}


def test_demo_frames_paragraphs_columns_and_duplicates_left_out(out, paragraphs):
    expected = ["doc_id", "unit_index", "date", "lang", "n_tokens"]
    expected += [f"{f}{suffix}" for f in FRAMES for suffix in ("", "_score", "_present")]
    assert paragraphs.columns.tolist() == expected
    all_paragraphs = pd.read_csv(out / "paragraphs.csv")
    duplicates = pd.read_csv(out / "duplicates.csv")
    assert len(paragraphs) == len(all_paragraphs) - (~duplicates["is_first"]).sum() > 0
    assert not paragraphs.duplicated(["doc_id", "unit_index"]).any()
    assert (paragraphs["n_tokens"] > 0).all()


def test_demo_seed_paragraph_on_military_capabilities_gets_military(paragraphs, texts):
    seed = paragraphs[paragraphs["doc_id"] == "MAR_2017-11-26_imctc"].set_index("unit_index")
    assert seed["date"].unique().tolist() == ["2017-11-26"] and seed["lang"].unique().tolist() == ["ar"]
    assert "قدرات عسكرية" in texts["MAR_2017-11-26_imctc"].split("\n")[1]
    assert bool(seed.loc[1, "military_present"]) and seed.loc[1, "military"] >= 1
    # the coalition's name (التحالف الإسلامي العسكري لمحاربة الإرهاب) is not a military cue
    assert not seed.loc[0, ["military_present", "ideological_present", "media_present",
                            "financial_present"]].any()
    assert seed.loc[2, ["ideological_present", "media_present", "financial_present"]].all()


def test_demo_frame_hits_surfaces_come_from_the_texts(out, texts, paragraphs):
    hits = pd.read_csv(out / "frame_hits.csv", keep_default_na=False)
    assert len(hits) > 0
    for row in hits.itertuples():
        assert texts[row.doc_id][row.char_start:row.char_end] == row.surface
    counted = hits[hits["counted"].astype(str) == "True"]
    per_unit = counted[counted["frame"] != "scope"].groupby(["doc_id", "unit_index", "frame"]).size()
    for frame in FRAMES:
        from_table = paragraphs.set_index(["doc_id", "unit_index"])[frame]
        from_hits = per_unit.xs(frame, level="frame").reindex(from_table.index, fill_value=0)
        assert from_hits.tolist() == from_table.tolist(), frame
    excluded = hits[hits["reason"].str.startswith("excluded by")]
    assert "العسكري" in excluded["surface"].tolist()


def test_demo_frames_by_year_pools_the_paragraphs(out, paragraphs):
    pooled = pd.read_csv(out / "frames_by_year.csv", dtype={"lang": str})
    assert len(pooled) > 0 and pooled.columns[:4].tolist() == ["year", "lang", "n_units", "n_tokens"]
    assert pooled["n_units"].sum() == len(paragraphs) and pooled["n_tokens"].sum() == paragraphs["n_tokens"].sum()
    years = pd.to_datetime(paragraphs["date"]).dt.year
    assert sorted(set(zip(pooled["year"], pooled["lang"]))) == sorted(set(zip(years, paragraphs["lang"])))
    for frame in FRAMES:
        assert pooled[frame].sum() == paragraphs[frame].sum()
        assert pooled[f"{frame}_share"].between(0, 1).all()
    row = pooled[(pooled["year"] == 2017) & (pooled["lang"] == "ar")].iloc[0]
    assert row["military_share"] == pytest.approx(1 / 3, abs=1e-4)


def test_demo_kwic_page_shows_counted_frame_hits_right_to_left(out):
    page = (out / "frame_hits_kwic.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert 'dir="rtl"' in page and "<bdi>عسكرية</bdi>" in page and "<bdi>financement</bdi>" in page
    assert "<bdi>العسكري</bdi>" not in page  # excluded hit: not counted, not shown


def test_demo_cli_keeps_other_files_in_the_output_folder(tmp_path, capsys):
    target = tmp_path / "results"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "summary.json").write_text("stale", encoding="utf-8")
    assert main(["demo", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert "frames (terrorism_frames" in out and "military" in out
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert json.loads((target / "summary.json").read_text(encoding="utf-8"))["n_docs"] == 8
