"""``make demo`` (toolkit.demo.run_demo): the pipeline on synthetic communiqués recovers the planted frames and
trends; the loading demo's outputs say the right things."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from toolkit.cli import main
from toolkit.corpus import Corpus
from toolkit.datasets import planted_shares
from toolkit.demo import DEMO_ANALYSIS, demo_analysis, run_demo, run_loading_demo
from toolkit.frames.dictionary import load_dictionary
from toolkit.pipeline import load_analysis

FRAMES = ["military", "ideological", "media", "financial"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole demo, once (about 15-30 s on 2 cores, most of it drawing 4 figures in 3 formats)."""
    return run_demo(tmp_path_factory.mktemp("demo") / "out", verbose=False, loading=False)


# ---------------------------------------------------------------------- the analysis demo
def test_demo_settings_are_those_of_analyses_demo_yml():
    shipped = load_analysis(ROOT / "analyses" / "demo.yml").to_dict()
    built_in = demo_analysis(ROOT / "figures" / "demo").to_dict()
    assert shipped == built_in
    assert DEMO_ANALYSIS["synthetic"]["n_documents"] == 480


def test_demo_writes_the_pipeline_outputs(demo):
    names = {p.relative_to(demo).as_posix() for p in demo.rglob("*") if p.is_file() and ".cache" not in p.parts}
    expected = {"report.html", "manifest.json", "recovery.csv", "tables/units.parquet", "tables/trends.csv",
                "tables/trends_by.csv", "tables/comparisons.csv", "tables/change_points.csv"}
    expected |= {f"figures/{kind}.{ext}" for kind in ("trends", "trend_facets", "shares", "heatmap")
                 for ext in ("png", "svg", "pdf", "json")}
    assert expected <= names
    assert not [n for n in names if n.endswith(".tmp") or "/." in n or n.startswith(".")]
    assert not (demo / "loading").exists()  # loading=False
    manifest = json.loads((demo / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"]["synthetic"] is True and manifest["corpus"]["n_documents"] == 480
    assert sorted(o["path"] for o in manifest["outputs"]) == sorted(expected - {"manifest.json", "recovery.csv"})
    page = (demo / "report.html").read_text(encoding="utf-8")
    assert page.count("<img src=\"figures/") == 4 and "SYNTHETIC" in page


def test_demo_recovers_the_planted_frames_and_trends(demo):
    recovery = pd.read_csv(demo / "recovery.csv")
    assert recovery["frame"].tolist() == FRAMES
    assert (recovery["agreement"] >= 0.95).all(), recovery
    assert ((recovery["planted"] - recovery["recovered"]).abs() <= 0.02).all(), recovery
    assert (recovery["trend_r"] >= 0.8).all(), recovery
    assert (recovery["in_ci"] >= 0.75 * recovery["periods"]).all(), recovery  # 95% intervals, ~95% expected
    assert (recovery["periods"] >= 20).all()


def test_demo_comparisons_find_the_planted_shifts(demo):
    comparisons = pd.read_csv(demo / "tables" / "comparisons.csv").set_index(["comparison", "frame"])
    params = DEMO_ANALYSIS["synthetic"]
    truth = planted_shares(params, freq="year").assign(year=lambda t: t["period"].astype(int))
    for (name, frame), row in comparisons.iterrows():
        spec = next(c for c in DEMO_ANALYSIS["comparisons"] if c["name"] == name)
        share = truth[truth["frame"] == frame].set_index("year")["share"]
        years = {k: [int(str(y)[:4]) for y in spec[k]] for k in ("before", "after")}
        expected = share.loc[slice(*years["after"])].mean() - share.loc[slice(*years["before"])].mean()
        assert abs(expected) > 0.05 and row["difference"] * expected > 0, (name, frame)
        assert row["ci_low"] > 0 if expected > 0 else row["ci_high"] < 0
        assert row["ci_low"] - 0.05 <= expected <= row["ci_high"] + 0.05 and row["p_value"] < 0.05


def test_demo_cli_second_run_is_cached_prints_recovery_and_keeps_other_files(demo, capsys):
    (demo / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["demo", "--out", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "all 7 stages reused from the cache" in out
    assert "recovered vs planted frames" in out and all(f in out for f in FRAMES)
    assert f"open {demo.resolve() / 'report.html'}" in out and f"{demo.resolve() / 'loading'}/" in out
    assert (demo / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (demo / "loading" / "summary.json").is_file()


# ---------------------------------------------------------------------- the loading demo (readers)
@pytest.fixture(scope="module")
def loading(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_loading_demo(tmp_path_factory.mktemp("loading") / "out", verbose=False)


@pytest.fixture(scope="module")
def texts(loading: Path) -> dict[str, str]:
    corpus = Corpus.read_parquet(loading / "corpus.parquet")
    return dict(zip(corpus.to_frame().index, corpus.to_frame()["text"]))


@pytest.fixture(scope="module")
def paragraphs(loading: Path) -> pd.DataFrame:
    return pd.read_csv(loading / "frames_paragraphs.csv", dtype={"lang": str, "date": str})


def test_loading_demo_writes_every_output_and_no_temporary_file(loading):
    assert sorted(p.name for p in loading.iterdir()) == [
        "corpus.parquet", "duplicates.csv", "frame_hits.csv", "frame_hits_kwic.html", "frames_by_year.csv",
        "frames_paragraphs.csv", "inputs", "paragraphs.csv", "summary.json", "top_terms.csv"]
    assert not [p for p in loading.rglob("*") if p.name.endswith(".tmp")]


def test_loading_demo_summary_records_corpus_and_dictionary(loading, paragraphs):
    summary = json.loads((loading / "summary.json").read_text(encoding="utf-8"))
    assert summary["n_docs"] == 8 and summary["langs"] == {"ar": 4, "fr": 2, "en": 2}
    dictionary = load_dictionary("terrorism_frames")
    frames = summary["frames"]
    assert (frames["name"], frames["version"], frames["fingerprint"]) == (
        "terrorism_frames", dictionary.version, dictionary.fingerprint)
    assert frames["unit"] == "paragraph" and frames["n_units"] == len(paragraphs)
    assert frames["units_with_frame"] == {f: int(paragraphs[f"{f}_present"].sum()) for f in FRAMES}


def test_loading_demo_frames_paragraphs_columns_and_duplicates_left_out(loading, paragraphs):
    expected = ["doc_id", "unit_index", "date", "lang", "n_tokens"]
    expected += [f"{f}{suffix}" for f in FRAMES for suffix in ("", "_score", "_present")]
    assert paragraphs.columns.tolist() == expected
    all_paragraphs = pd.read_csv(loading / "paragraphs.csv")
    duplicates = pd.read_csv(loading / "duplicates.csv")
    assert len(paragraphs) == len(all_paragraphs) - (~duplicates["is_first"]).sum() > 0
    assert not paragraphs.duplicated(["doc_id", "unit_index"]).any()
    assert (paragraphs["n_tokens"] > 0).all()


def test_loading_demo_seed_paragraph_on_military_capabilities_gets_military(paragraphs, texts):
    seed = paragraphs[paragraphs["doc_id"] == "MAR_2017-11-26_imctc"].set_index("unit_index")
    assert seed["date"].unique().tolist() == ["2017-11-26"] and seed["lang"].unique().tolist() == ["ar"]
    assert "قدرات عسكرية" in texts["MAR_2017-11-26_imctc"].split("\n")[1]
    assert bool(seed.loc[1, "military_present"]) and seed.loc[1, "military"] >= 1
    # the coalition's name (التحالف الإسلامي العسكري لمحاربة الإرهاب) is not a military cue
    assert not seed.loc[0, ["military_present", "ideological_present", "media_present",
                            "financial_present"]].any()
    assert seed.loc[2, ["ideological_present", "media_present", "financial_present"]].all()


def test_loading_demo_frame_hits_surfaces_come_from_the_texts(loading, texts, paragraphs):
    hits = pd.read_csv(loading / "frame_hits.csv", keep_default_na=False)
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


def test_loading_demo_frames_by_year_pools_the_paragraphs(loading, paragraphs):
    pooled = pd.read_csv(loading / "frames_by_year.csv", dtype={"lang": str})
    assert len(pooled) > 0 and pooled.columns[:4].tolist() == ["year", "lang", "n_units", "n_tokens"]
    assert pooled["n_units"].sum() == len(paragraphs) and pooled["n_tokens"].sum() == paragraphs["n_tokens"].sum()
    years = pd.to_datetime(paragraphs["date"]).dt.year
    assert sorted(set(zip(pooled["year"], pooled["lang"]))) == sorted(set(zip(years, paragraphs["lang"])))
    for frame in FRAMES:
        assert pooled[frame].sum() == paragraphs[frame].sum()
        assert pooled[f"{frame}_share"].between(0, 1).all()
    row = pooled[(pooled["year"] == 2017) & (pooled["lang"] == "ar")].iloc[0]
    assert row["military_share"] == pytest.approx(1 / 3, abs=1e-4)


def test_loading_demo_kwic_page_shows_counted_frame_hits_right_to_left(loading):
    page = (loading / "frame_hits_kwic.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert 'dir="rtl"' in page and "<bdi>عسكرية</bdi>" in page and "<bdi>financement</bdi>" in page
    assert "<bdi>العسكري</bdi>" not in page  # excluded hit: not counted, not shown
