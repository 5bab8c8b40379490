"""run_analysis end to end on a small synthetic corpus: outputs, manifest, cache hits and misses, atomicity."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.frames.dictionary import load_dictionary
from toolkit.pipeline import run_analysis
from toolkit.pipeline.cache import corpus_hash
from toolkit.pipeline.stages import load_corpus

STAGES = ["corpus", "frames", "units", "trends", "comparisons", "change_points", "figures"]
FAST = {
    "name": "small",
    "synthetic": {"n_documents": 60, "languages": ["ar", "en"]},
    "seed": 5,
    "trends": {"n_boot": 100, "min_units": 5, "min_clusters": 3},
    "comparisons": [{"name": "late", "frames": ["ideological", "media"], "before": [2001, 2012],
                     "after": [2013, 2024]}],
    "change_points": {"n_boot": 50},
    "figures": {"kinds": ["trends"], "formats": ["png"], "dpi": 60},
}


def config(out: Path, **changes) -> dict:
    return {**FAST, "output": str(out), **changes}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(out: Path) -> dict[str, str]:
    """sha256 of every file under ``out`` except the cache."""
    return {p.relative_to(out).as_posix(): sha(p) for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(out).parts}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    return run_analysis(config(out), progress=False)


def test_run_writes_every_output_atomically_named(first):
    names = sorted(p.relative_to(first.output).as_posix() for p in first.outputs)
    assert names == ["figures/trends.json", "figures/trends.png", "manifest.json", "report.html",
                     "tables/change_points.csv", "tables/comparisons.csv", "tables/trends.csv", "tables/units.parquet"]
    assert sorted(snapshot(first.output)) == names  # nothing else: no temporary or staging file
    assert not [p for p in first.output.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".staging")]
    assert [s.name for s in first.stages] == STAGES and not first.cache_hits and not first.fully_cached


def test_run_manifest_records_versions_hashes_parameters_and_outputs(first):
    m = json.loads(first.manifest_path.read_text(encoding="utf-8"))
    assert m["toolkit_manifest"] == 1 and m["seed"] == 5 and m["toolkit"]["version"] == toolkit.__version__
    assert len(m["toolkit"]["code_fingerprint"]) == 16 and m["python"]["version"].count(".") == 2
    assert m["dependencies"]["pandas"] == pd.__version__ and "matplotlib" in m["dependencies"]
    assert m["platform"]["system"] and m["created"].endswith("+00:00")
    analysis = first.analysis
    assert m["analysis"]["parameters"] == json.loads(json.dumps(analysis.to_dict()))
    assert m["corpus"]["content_sha256"] == corpus_hash(load_corpus(analysis))
    assert m["corpus"]["synthetic"] is True and m["corpus"]["n_documents"] == 60
    assert m["corpus"]["n_units"] == len(first.units()) and m["corpus"]["units"] == "paragraph"
    d = load_dictionary("terrorism_frames")
    assert {k: m["dictionary"][k] for k in ("name", "version", "fingerprint")} == {
        "name": d.name, "version": d.version, "fingerprint": d.fingerprint}
    assert m["preprocessor"]["fingerprint"] and m["preprocessor"]["settings"]["clitics"] == "conservative"
    assert [s["name"] for s in m["stages"]] == STAGES
    assert all(len(s["key"]) == 64 and s["cached"] is False and s["seconds"] >= 0 for s in m["stages"])
    assert m["cache_hits"] == [] and m["seconds"] > 0
    listed = {o["path"]: o for o in m["outputs"]}
    assert sorted(listed) == sorted(p.relative_to(first.output).as_posix() for p in first.outputs
                                    if p.name != "manifest.json")
    for name, entry in listed.items():
        path = first.output / name
        assert entry["sha256"] == sha(path) and entry["bytes"] == path.stat().st_size
    assert any("late: ideological (share)" in line for line in m["findings"])


def test_run_tables_and_units_are_consistent(first):
    units = first.units()
    frames = ["military", "ideological", "media", "financial"]
    assert {"doc_id", "unit_index", "date", "n_tokens", *frames, *(f"{f}_present" for f in frames)} <= set(units)
    trends = pd.read_csv(first.output / "tables" / "trends.csv")
    assert trends["frame"].unique().tolist() == frames and set(trends["flag"]) <= {"ok", "too_few", "empty"}
    ok = trends[trends["flag"] == "ok"]
    assert ((ok["ci_low"] <= ok["estimate"]) & (ok["estimate"] <= ok["ci_high"])).all()
    year = pd.to_datetime(units["date"]).dt.year.astype(str)
    share = units.groupby(year)["media_present"].mean()
    media = trends[trends["frame"] == "media"]
    media = media.set_index(media["period"].astype(str))["estimate"]
    pd.testing.assert_series_equal(media.loc[share.index], share, check_names=False)
    comparisons = pd.read_csv(first.output / "tables" / "comparisons.csv")
    assert comparisons[["comparison", "frame"]].values.tolist() == [["late", "ideological"], ["late", "media"]]
    assert (comparisons["ci_low"] <= comparisons["difference"]).all()
    assert comparisons["p_value"].between(0, 1).all()


def test_run_report_shows_figures_tables_and_provenance(first):
    page = first.report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<img src="figures/trends.png"' in page and (first.output / "figures" / "trends.png").is_file()
    for heading in ("Findings", "Figures", "Comparisons", "Trends", "Change points", "Provenance"):
        assert f">{heading}</h2>" in page
    m = first.manifest
    assert m["corpus"]["content_sha256"] in page and m["dictionary"]["fingerprint"] in page
    assert "SYNTHETIC" in page and "late: ideological" in page


def test_run_again_reuses_every_stage_and_says_so(first, caplog):
    before = snapshot(first.output)
    with caplog.at_level(logging.INFO, logger="toolkit.pipeline.run"):
        again = run_analysis(config(first.output), progress=False)
    assert again.fully_cached and again.cache_hits == tuple(STAGES)
    assert again.manifest["cache_hits"] == STAGES and all(s["cached"] for s in again.manifest["stages"])
    assert "all 7 stages reused from the cache" in again.summary()
    assert sum("reused from the cache" in r.getMessage() for r in caplog.records) == 7
    after = snapshot(first.output)
    changed = {k for k in before if before[k] != after[k]}
    assert changed <= {"manifest.json", "report.html"}  # the same tables and figures, byte for byte


@pytest.mark.parametrize(("changes", "recomputed"), [
    ({"trends": {"n_boot": 120, "min_units": 5, "min_clusters": 3}}, ["trends", "change_points", "figures"]),
    ({"frames": {"thresholds": 2}}, ["units", "trends", "comparisons", "change_points", "figures"]),
    ({"seed": 6}, ["corpus", "frames", "units", "trends", "comparisons", "change_points", "figures"]),
    ({"figures": {"kinds": ["trends"], "formats": ["png"], "dpi": 61}}, ["figures"]),
    ({"comparisons": [{"name": "late", "frames": ["media"], "before": [2001, 2012], "after": [2013, 2024]}]},
     ["comparisons"]),
])
def test_run_changed_parameter_recomputes_only_what_depends_on_it(first, tmp_path, changes, recomputed):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(first.output, out)  # start from the first run's cache
    result = run_analysis(config(out, **changes), progress=False)
    assert [s.name for s in result.stages if not s.cached] == recomputed


def test_run_force_recomputes_and_same_seed_gives_same_bytes(first, tmp_path):
    forced = run_analysis(config(tmp_path / "a"), force=True, progress=False)
    assert not forced.cache_hits
    a, b = snapshot(forced.output), snapshot(first.output)
    assert {k: v for k, v in a.items() if k not in ("manifest.json", "report.html")} == \
        {k: v for k, v in b.items() if k not in ("manifest.json", "report.html")}


@pytest.mark.parametrize(("where", "exception"), [("toolkit.pipeline.stages.compute_trends", KeyboardInterrupt),
                                                  ("toolkit.pipeline.report.render_report", RuntimeError)])
def test_run_interrupted_leaves_previous_outputs_and_no_partial_file(first, tmp_path, monkeypatch, where, exception):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(first.output, out)
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    before = snapshot(out)

    def fail(*args, **kwargs):
        raise exception("interrupted")

    monkeypatch.setattr(where, fail)
    with pytest.raises(exception, match="interrupted"):
        run_analysis(config(out, seed=9), progress=False)  # a new seed: every stage must be recomputed
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith((".staging", ".figures"))]


def test_run_failure_in_a_fresh_folder_leaves_only_complete_cache_entries(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("toolkit.pipeline.stages.compute_comparisons", fail)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="boom"):
        run_analysis(config(out), progress=False)
    assert snapshot(out) == {}
    assert sorted(p.name for p in (out / ".cache").iterdir()) == ["corpus", "frames", "trends", "units"]
    assert all((entry / "entry.json").is_file() for stage in (out / ".cache").iterdir() for entry in stage.iterdir())


def test_run_removes_outputs_of_the_previous_run_it_no_longer_makes(first, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(first.output, out)
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    run_analysis(config(out, figures=[], comparisons=[]), progress=False)
    left = sorted(snapshot(out))
    assert left == ["manifest.json", "mine.txt", "report.html", "tables/change_points.csv", "tables/trends.csv",
                    "tables/units.parquet"]
