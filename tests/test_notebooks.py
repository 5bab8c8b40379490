"""The notebooks are thin, paired with their jupytext text files, run headless, and show what they say.

Kernel: the notebooks' metadata name the kernel ``khitab``, which ``make lab`` registers inside
``.venv`` for the venv's interpreter. A fresh clone where only ``make test`` ran has no such
kernel, so the ``khitab_kernel`` fixture registers the same name for the running interpreter in a
throw-away folder put first on ``JUPYTER_PATH`` (nothing is written to ``.venv`` or ``~``), and
nbclient executes each notebook with the kernel its metadata name.

Corpora: each notebook runs twice, on ``../shared/corpora`` (``TOOLKIT_CORPORA``; skipped when
absent, a failure under ``CI=true``) and on an empty folder, where every corpus falls back to the
synthetic communiqués with a visible warning. Parameters are injected papermill-style: a cell
tagged ``injected-parameters`` after the cell tagged ``parameters`` (figures go to tmp_path).
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import ipykernel.kernelspec
import jupytext
import nbformat
import pytest
from conftest import ROOT, SHARED_CORPORA, require_gold, require_shared
from jupytext.compare import compare_notebooks
from nbclient import NotebookClient

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
KERNEL = "khitab"
FORMATS = "ipynb,py:percent"


def _notebook(name: str) -> Path:
    matches = [p for p in NOTEBOOKS if p.name.startswith(name)]
    assert len(matches) == 1, f"expected one notebook {name}*.ipynb, found {matches}"
    return matches[0]


@pytest.fixture(scope="session")
def khitab_kernel(tmp_path_factory) -> str:
    """Register kernel ``khitab`` (this interpreter) in a temporary JUPYTER_PATH folder."""
    prefix = tmp_path_factory.mktemp("jupyter-kernels")
    ipykernel.kernelspec.install(kernel_name=KERNEL, display_name="Python 3 (khitab, tests)",
                                 prefix=str(prefix))
    patch = pytest.MonkeyPatch()
    paths = [str(prefix / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
    patch.setenv("JUPYTER_PATH", os.pathsep.join(p for p in paths if p))
    yield KERNEL
    patch.undo()


PROBE = "__probe__ "


def _run(path: Path, *, corpora: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         probe: str | None = None, **parameters) -> nbformat.NotebookNode:
    """Execute ``path`` with TOOLKIT_CORPORA=corpora and the given parameters injected.

    ``probe``, an expression over the notebook's variables, is evaluated in a cell appended at
    the end; its value (JSON) is stored in ``notebook.metadata["probe"]``.
    """
    notebook = nbformat.read(path, as_version=4)
    index = next(i for i, cell in enumerate(notebook.cells)
                 if "parameters" in cell.metadata.get("tags", []))
    names = set(re.findall(r"^([A-Z_][A-Z0-9_]*)\s*=", notebook.cells[index].source, re.M))
    assert set(parameters) <= names, f"{path.name} has no parameter(s) {set(parameters) - names}"
    parameters = {"FIGURES_DIR": str(tmp_path / "figures"), **parameters}
    source = "\n".join(f"{key} = {value!r}" for key, value in parameters.items() if key in names)
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    notebook.cells.insert(index + 1, cell)
    if probe is not None:
        notebook.cells.append(nbformat.v4.new_code_cell(
            f"import json as _json\nprint({PROBE!r} + _json.dumps({probe}, default=str))"))
    monkeypatch.setenv("TOOLKIT_CORPORA", str(corpora))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend shows figures
    started = time.perf_counter()
    NotebookClient(notebook, timeout=900, resources={"metadata": {"path": str(path.parent)}}
                   ).execute()
    notebook.metadata["elapsed_seconds"] = time.perf_counter() - started
    nbformat.write(notebook, tmp_path / path.name)  # executed copy, to inspect after a failure
    if probe is not None:
        line = next(line for line in _text(notebook).splitlines() if line.startswith(PROBE))
        notebook.metadata["probe"] = json.loads(line[len(PROBE):])
    return notebook


def _text(notebook: nbformat.NotebookNode, *, stream: str | None = None) -> str:
    """All text outputs (``stream="stderr"``: only what was written to standard error)."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                if stream is None or output.get("name") == stream:
                    parts.append(output.get("text", ""))
            elif stream is None:
                data = output.get("data", {})
                parts.append(data.get("text/plain", ""))
    return "\n".join(parts)


def _figures(folder: Path, stem: str) -> dict[str, Path]:
    """The files saved for figure ``stem``, checked non-empty and with their provenance."""
    files = {p.suffix: p for p in folder.glob(f"{stem}.*")}
    assert {".pdf", ".png", ".svg", ".json"} <= set(files), f"{stem}: {sorted(files)} in {folder}"
    assert files[".png"].read_bytes().startswith(b"\x89PNG")
    assert files[".pdf"].read_bytes().startswith(b"%PDF")
    assert all(p.stat().st_size > 1000 for p in files.values() if p.suffix != ".json")
    sidecar = json.loads(files[".json"].read_text(encoding="utf-8"))
    assert sidecar, f"{stem}.json: empty provenance"
    return files


def _check_figures_from(folder: Path, stems, corpus_prefix: str) -> list[dict]:
    """Every figure of ``stems`` saved, its sidecar naming a corpus that starts with ``corpus_prefix``."""
    sidecars = []
    for stem in stems:
        sidecar = json.loads(_figures(folder, stem)[".json"].read_text(encoding="utf-8"))
        assert sidecar["provenance"]["corpus"].startswith(corpus_prefix), (stem, sidecar["provenance"]["corpus"])
        sidecars.append(sidecar)
    return sidecars


def _check_fallback_to_synthetic(notebook: nbformat.NotebookNode, names) -> None:
    """Each corpus of ``names`` stood in for by synthetic communiqués, said under the cell and warned."""
    out, err = _text(notebook), _text(notebook, stream="stderr")
    for name in names:
        assert f"SYNTHETIC stand-in for {name!r}" in out
    assert err.count("SyntheticFallbackWarning") == len(names)


@pytest.fixture
def empty_corpora(tmp_path) -> Path:
    folder = tmp_path / "no-corpora"
    folder.mkdir()
    return folder


# ------------------------------------------------------------------------- static checks
def test_notebooks_exist_numbered():
    assert NOTEBOOKS, "no notebooks found"
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", p.name) for p in NOTEBOOKS), NOTEBOOKS
    # unique numbers in order; a gap is allowed
    assert len(set(numbers)) == len(numbers) and numbers[0] == "01", numbers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_with_parameters(path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code:
        assert not re.search(r"^\s*(async\s+)?(def|class)\s|\blambda\b", cell.source, re.M), \
            f"logic in {path.name}: move it to toolkit/ with a test\n{cell.source}"
        assert not cell.get("outputs") and cell.get("execution_count") is None, \
            f"{path.name} is stored with outputs; clear them (the tests execute it)"
    tagged = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: one code cell tagged 'parameters'"
    assert code.index(tagged[0]) == 0, f"{path.name}: the parameters cell comes first"
    source = "\n".join(cell.source for cell in code)
    assert re.search(r"^FALLBACK = \"synthetic\"", tagged[0].source, re.M)
    assert "fallback=FALLBACK" in source, "data are read with the notebook's fallback setting"
    if "open_corpus(" in source:
        assert re.search(r"^CORPORA_DIR = None\b", tagged[0].source, re.M)
        assert "corpora_dir=CORPORA_DIR" in source
    if "save_figure(" in source:
        assert re.search(r"^FIGURES_DIR = \"../figures\"", tagged[0].source, re.M)
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith(
        f"# {path.name[:2]} ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_kernel_is_the_project_kernel(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == KERNEL
    assert notebook.metadata["kernelspec"]["language"] == "python"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^KERNEL\s*:=\s*{KERNEL}\s*$", makefile, re.M)
    assert "ipykernel install --prefix $(VENV) --name $(KERNEL)" in makefile


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_pair_in_sync(path):
    """The .ipynb and its jupytext percent script hold the same cells (after `jupytext --sync`)."""
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata.get("jupytext", {}).get("formats") == FORMATS
    script = path.with_suffix(".py")
    assert script.exists(), f"{script.name} missing: run `jupytext --sync {path.name}`"
    text = jupytext.read(script, fmt="py:percent")
    compare_notebooks(text, jupytext.read(path), fmt="py:percent")


def test_notebook_readme_lists_every_notebook():
    readme = (NOTEBOOK_DIR / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert path.name in readme and path.with_suffix(".py").name in readme, path.name


# ------------------------------------------------------------------------- 01 corpus overview
@pytest.mark.integration
def test_notebook_01_real_corpora(khitab_kernel, tmp_path, monkeypatch):
    require_shared()
    notebook = _run(_notebook("01"), corpora=SHARED_CORPORA, tmp_path=tmp_path,
                    monkeypatch=monkeypatch)
    out = _text(notebook)
    assert "SYNTHETIC" not in out
    assert out.count("real corpus from ") >= 7
    assert "documents   8,418" in out  # ANT, as its PROVENANCE states
    assert "2013-10-17 to 2017-04-30" in out
    assert "documents   9,686" in out  # UNGDC
    assert "documents   26,368" in out  # SaudiNewsNet
    assert "Resolution" in out
    for lang in ("ar", "en", "fr", "es", "ru", "zh"):
        assert re.search(rf"\b{lang}\b", out), lang


def test_notebook_01_synthetic_fallback(khitab_kernel, tmp_path, monkeypatch, empty_corpora):
    notebook = _run(_notebook("01"), corpora=empty_corpora, tmp_path=tmp_path,
                    monkeypatch=monkeypatch)
    out, err = _text(notebook), _text(notebook, stream="stderr")
    assert "real corpus" not in out
    assert out.count("SYNTHETIC stand-in for ") == 7
    assert "SyntheticFallbackWarning" in err and "toolkit corpus fetch ungdc" in err


# ------------------------------------------------------------------------- 02 UN General Debates
PROBE_02 = """{
    "synthetic": bool(ungdc.meta.get("synthetic", False)),
    "n_speeches": int(counts["doc_id"].nunique()), "n_paragraphs": len(counts),
    "periods": trends["period"].astype(str).unique().tolist(),
    "frames": trends["frame"].unique().tolist(),
    "flags": trends["flag"].value_counts().to_dict(),
    "ci_ok": bool((trends.query("flag == 'ok'").eval("ci_low <= estimate <= ci_high")).all()),
    "comparison": comparison[["estimate_a", "estimate_b", "difference", "ci_low", "ci_high",
                              "p_value"]].to_dict("index"),
    "rate": rate_comparison[["difference", "ci_low", "ci_high"]].astype(float).to_dict(),
}"""
FIGURES_02 = ("02-ungdc-frame-shares", "02-ungdc-frame-rates", "02-ungdc-frame-mix")


@pytest.mark.integration
@pytest.mark.slow
def test_notebook_02_ungdc(khitab_kernel, tmp_path, monkeypatch):
    require_shared("ungdc")
    notebook = _run(_notebook("02"), corpora=SHARED_CORPORA, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_02)
    out, probe = _text(notebook), notebook.metadata["probe"]
    assert "SYNTHETIC" not in out and "real corpus from " in out
    assert probe["synthetic"] is False
    assert probe["n_speeches"] == 9_686 and probe["n_paragraphs"] > 300_000
    assert probe["periods"] == [str(year) for year in range(1946, 2024)]
    assert probe["frames"] == ["military", "ideological", "media", "financial"]
    assert probe["flags"] == {"ok": 4 * 78} and probe["ci_ok"]
    military = probe["comparison"]["military"]
    assert military["estimate_b"] > military["estimate_a"]
    assert 0 < military["ci_low"] <= military["difference"] <= military["ci_high"]
    assert military["p_value"] < 0.01
    assert 0 < probe["rate"]["ci_low"] < probe["rate"]["ci_high"]
    sidecars = _check_figures_from(tmp_path / "figures", FIGURES_02, "real corpus from ")
    assert all(sidecar["provenance"]["dictionary"] == "terrorism_frames" for sidecar in sidecars)
    print(f"02 on the real corpus: {notebook.metadata['elapsed_seconds']:.0f} s")


def test_notebook_02_synthetic_fallback(khitab_kernel, tmp_path, monkeypatch, empty_corpora):
    notebook = _run(_notebook("02"), corpora=empty_corpora, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_02)
    out, err, probe = _text(notebook), _text(notebook, stream="stderr"), notebook.metadata["probe"]
    assert "SYNTHETIC stand-in for 'ungdc'" in out and "SyntheticFallbackWarning" in err
    assert probe["synthetic"] is True and probe["ci_ok"]
    assert probe["periods"][0] == "1990" and probe["periods"][-1] == "2023"
    # the generator plants more military framing after 2001 (toolkit.datasets.default_shares)
    assert probe["comparison"]["military"]["ci_low"] > 0
    _check_figures_from(tmp_path / "figures", FIGURES_02, "SYNTHETIC stand-in for 'ungdc'")


# ------------------------------------------------------------------------- 03 Arabic news
PROBE_03 = """{
    "synthetic": [bool(ant.meta.get("synthetic", False)), bool(seed.meta.get("synthetic", False))],
    "langs": sorted(set(counts["lang"])), "n_articles": int(counts["doc_id"].nunique()),
    "periods": trends["period"].astype(str).unique().tolist(),
    "comparison": comparison[["difference", "ci_low", "ci_high", "n_a", "n_b"]].to_dict("index"),
    "seed_frames": sorted(set(lines["category"].str.split("/").str[0])),
    "seed_hits": len(lines), "seed_rtl": bool((lines["direction"] == "rtl").all()),
}"""
FIGURES_03 = ("03-ant-frame-shares", "03-ant-frames-by-year", "03-seed-kwic")


@pytest.mark.integration
def test_notebook_03_arabic_news(khitab_kernel, tmp_path, monkeypatch):
    require_shared("ant_corpus_ar")
    require_shared("seed")
    notebook = _run(_notebook("03"), corpora=SHARED_CORPORA, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_03)
    out, probe = _text(notebook), notebook.metadata["probe"]
    assert "SYNTHETIC" not in out
    assert "8,418 documents" in out and "real corpus from " in out
    assert probe["synthetic"] == [False, False] and probe["langs"] == ["ar"]
    assert probe["periods"][0] == "2013Q4" and probe["periods"][-1] == "2017Q2"
    assert probe["n_articles"] > 8_000
    military = probe["comparison"]["military"]
    assert military["ci_low"] <= military["difference"] <= military["ci_high"]
    assert military["n_a"] + military["n_b"] > 17_000
    assert probe["seed_frames"] == ["financial", "ideological", "media", "military"]
    assert probe["seed_hits"] >= 30 and probe["seed_rtl"]
    for stem in FIGURES_03:
        _figures(tmp_path / "figures", stem)


def test_notebook_03_synthetic_fallback(khitab_kernel, tmp_path, monkeypatch, empty_corpora):
    notebook = _run(_notebook("03"), corpora=empty_corpora, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_03)
    out, err, probe = _text(notebook), _text(notebook, stream="stderr"), notebook.metadata["probe"]
    assert "SYNTHETIC stand-in for 'ant'" in out and "SYNTHETIC stand-in for 'seed'" in out
    assert err.count("SyntheticFallbackWarning") == 2
    assert probe["synthetic"] == [True, True] and probe["langs"] == ["ar"]
    assert probe["periods"][0] == "2013Q4" and probe["seed_hits"] > 0 and probe["seed_rtl"]
    for stem in FIGURES_03:
        _figures(tmp_path / "figures", stem)


# ------------------------------------------------------------------------- 04 validation
PROBE_04 = """{
    "synthetic": bool(gold.attrs.get("synthetic", False)), "n_units": len(gold),
    "langs": list(report.languages),
    "macro_f1": report.summary.set_index("lang")["macro_f1"].to_dict(),
    "baseline_macro_f1": report.summary.set_index("lang")["baseline_macro_f1"].to_dict(),
    "n_false_positives": len(errors), "n_false_negatives": len(report.false_negatives),
}"""
FIGURES_04 = ("04-validation", "04-validation-ar", "04-false-positives-kwic")


@pytest.mark.integration
def test_notebook_04_validation(khitab_kernel, tmp_path, monkeypatch):
    require_gold("frames-dev.jsonl")
    require_gold("frames-dev-fr.jsonl")
    notebook = _run(_notebook("04"), corpora=SHARED_CORPORA, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_04)
    out, probe = _text(notebook), notebook.metadata["probe"]
    assert "SYNTHETIC" not in out and "real gold units from " in out
    assert probe["synthetic"] is False and probe["n_units"] == 254
    assert probe["langs"] == ["ar", "en", "fr"]
    assert 0.8 < probe["macro_f1"]["all"] <= 1.0
    assert probe["macro_f1"]["all"] > probe["baseline_macro_f1"]["all"]
    assert probe["n_false_positives"] > 0 and probe["n_false_negatives"] > 0
    assert f"{probe['n_false_positives']} false-positive hits" in out
    for stem in FIGURES_04:
        _figures(tmp_path / "figures", stem)


def test_notebook_04_synthetic_fallback(khitab_kernel, tmp_path, monkeypatch, empty_corpora):
    notebook = _run(_notebook("04"), corpora=empty_corpora, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_04,
                    GOLD=[str(tmp_path / "no-gold" / "frames-dev.jsonl")])
    out, err, probe = _text(notebook), _text(notebook, stream="stderr"), notebook.metadata["probe"]
    assert "SYNTHETIC stand-in for the gold units" in out and "SyntheticFallbackWarning" in err
    assert probe["synthetic"] is True and probe["n_units"] > 100
    assert probe["langs"] == ["ar", "en", "fr"]
    for stem in FIGURES_04:
        _figures(tmp_path / "figures", stem)


# ------------------------------------------------------------------------- 05 topics over time
PROBE_05 = """{
    "synthetic": [bool(ungdc.meta.get("synthetic", False)), bool(ant.meta.get("synthetic", False))],
    "docs": [ungdc_dtm.n_docs, ant_dtm.n_docs],
    "labels": [seeded.topics["label"].tolist(), ant_seeded.topics["label"].tolist()],
    "unseeded_labels": unseeded.topics["label"].tolist(),
    "years": sorted(int(t) for t in seeded.prevalence["time"].unique()),
    "quarters": sorted(str(t)[:10] for t in ant_seeded.prevalence["time"].unique()),
    "prevalence_ci_ok": bool(all((p["ci_low"] <= p["estimate"]).all() and (p["estimate"] <= p["ci_high"]).all()
                                 for p in (seeded.prevalence, ant_seeded.prevalence))),
    "alignment": alignment.set_index("frame")[["topic_name", "n_periods", "r", "ci_low", "ci_high", "n_eff",
                                               "r_diff"]].to_dict("index"),
    "ant_alignment": ant_alignment.set_index("frame")[["topic_name", "n_periods", "r", "ci_low", "ci_high",
                                                       "n_eff"]].to_dict("index"),
    "best": [best["frame"].tolist(), ant_best["frame"].tolist()],
    "best_topics": best["topic_name"].tolist(),
    "terms": seeded.topics.set_index("label")["prob_terms"].to_dict(),
    "ant_terms": ant_seeded.topics.set_index("label")["prob_terms"].to_dict(),
    "n_paragraphs": [len(counts), len(ant_counts)],
}"""
FIGURES_05 = ("05-ungdc-top-terms", "05-ungdc-topics-frames", "05-ant-top-terms", "05-ant-topics-frames")
FRAME_TOPICS = ["military", "ideological", "media", "financial"]


def _check_05(probe: dict, n_free: int = 6) -> None:
    """What holds on the real corpora and on the synthetic stand-ins alike."""
    residual = [f"other_{i}" for i in range(1, n_free + 1)]
    assert probe["labels"] == [FRAME_TOPICS + residual] * 2
    assert probe["unseeded_labels"] == [f"topic_{k}" for k in range(4 + n_free)]
    assert probe["prevalence_ci_ok"]
    for table in (probe["alignment"], probe["ant_alignment"]):
        assert list(table) == FRAME_TOPICS
        for frame, row in table.items():
            assert row["topic_name"] == frame  # each seeded topic with its own frame
            assert row["n_periods"] >= 3 and 2 <= row["n_eff"] <= row["n_periods"]
            assert -1 <= row["ci_low"] <= row["r"] <= row["ci_high"] <= 1
    assert probe["best"] == [FRAME_TOPICS, FRAME_TOPICS]
    assert all(name.startswith("topic_") for name in probe["best_topics"])


@pytest.mark.integration
@pytest.mark.slow
def test_notebook_05_topics_over_time(khitab_kernel, tmp_path, monkeypatch):
    require_shared("ungdc")
    require_shared("ant_corpus_ar")
    notebook = _run(_notebook("05"), corpora=SHARED_CORPORA, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_05)
    out, probe = _text(notebook), notebook.metadata["probe"]
    assert "SYNTHETIC" not in out and out.count("real corpus from ") == 2
    assert probe["synthetic"] == [False, False]
    assert probe["docs"][0] == 1200 and probe["docs"][1] > 2900  # the samples (a few empty articles dropped)
    _check_05(probe)
    assert probe["years"] == list(range(1946, 2024))
    assert probe["quarters"][0] == "2013-10-01" and probe["quarters"][-1] == "2017-04-01"
    assert len(probe["quarters"]) == 15
    assert all(row["n_periods"] >= 60 for row in probe["alignment"].values())  # years with enough paragraphs
    # the seeded frame topics gather words of their frame: English for the UNGDC, normalised Arabic for ANT
    assert {"military", "weapons", "arms", "war", "nuclear", "troops", "army"} & set(probe["terms"]["military"].split())
    arabic = re.compile(r"^[\u0621-\u064A]+$")
    for terms in probe["ant_terms"].values():
        assert all(arabic.match(term) and not set("أإآ") & set(term) for term in terms.split()), terms  # normalised
    assert {"الشرطة", "الحرس", "الامنية", "الامن", "الجيش", "العسكرية", "الارهاب", "الارهابية"} & set(
        probe["ant_terms"]["military"].split())
    _check_figures_from(tmp_path / "figures", FIGURES_05, "real corpus from ")
    print(f"05 on the real corpora: {notebook.metadata['elapsed_seconds']:.0f} s")


def test_notebook_05_synthetic_fallback(khitab_kernel, tmp_path, monkeypatch, empty_corpora):
    notebook = _run(_notebook("05"), corpora=empty_corpora, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_05)
    probe = notebook.metadata["probe"]
    _check_fallback_to_synthetic(notebook, ("ungdc", "ant"))
    assert probe["synthetic"] == [True, True] and min(probe["docs"]) > 300
    _check_05(probe)
    assert probe["years"][0] == 1990 and probe["years"][-1] == 2023
    _check_figures_from(tmp_path / "figures", FIGURES_05, "SYNTHETIC stand-in for ")


# ------------------------------------------------------------------------- 06 keywords between periods
PROBE_06 = """{
    "synthetic": [bool(ungdc.meta.get("synthetic", False)), bool(ant.meta.get("synthetic", False))],
    "ungdc_docs": [ungdc_keys.attrs["n_target_docs"], ungdc_keys.attrs["n_reference_docs"]],
    "ungdc_top": ungdc_keys["feature"].head(30).tolist(),
    "ungdc_terrorism": ungdc_keys.iloc[0][["statistic", "p_adjusted", "effect"]].astype(float).to_dict(),
    "ungdc_collocates": {name: t["collocate"].head(15).tolist() for name, t in ungdc_colloc.items()},
    "xray_docs": int(xray["doc_id"].nunique()), "xray_forms": sorted(set(xray["match"])),
    "ant_docs": [ant_keys.attrs["n_target_docs"], ant_keys.attrs["n_reference_docs"]],
    "ant_measure": [ant_keys.attrs["measure"], ant_keys.attrs["effect"], ant_keys.attrs["adjust"]],
    "ant_node_forms": {name: t.attrs["node_forms"] for name, t in ant_colloc.items()},
    "ant_collocates": {name: t["collocate"].head(15).tolist() for name, t in ant_colloc.items()},
}"""
FIGURES_06 = ("06-ungdc-keyness", "06-ungdc-collocates", "06-ungdc-xray", "06-ant-keyness", "06-ant-collocates")


@pytest.mark.integration
@pytest.mark.slow
def test_notebook_06_keywords_between_periods(khitab_kernel, tmp_path, monkeypatch):
    require_shared("ungdc")
    require_shared("ant_corpus_ar")
    notebook = _run(_notebook("06"), corpora=SHARED_CORPORA, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_06)
    out, probe = _text(notebook), notebook.metadata["probe"]
    assert "SYNTHETIC" not in out and out.count("real corpus from ") == 2
    assert probe["synthetic"] == [False, False]
    assert probe["ungdc_docs"] == [849, 1715]  # speeches of 2001-2005 and of 1990-2000
    assert probe["ungdc_top"][0] == "terrorism"
    assert {"terrorist", "terrorists", "attacks"} <= set(probe["ungdc_top"])
    assert probe["ungdc_terrorism"]["statistic"] > 1000 and probe["ungdc_terrorism"]["effect"] > 2
    for collocates in probe["ungdc_collocates"].values():
        assert {"against", "fight"} & set(collocates), collocates
    assert probe["xray_docs"] > 100 and "terrorism" in probe["xray_forms"]
    assert probe["ant_docs"] == [7353, 1065] and probe["ant_measure"] == ["g2", "log_ratio", "bonferroni"]
    for forms in probe["ant_node_forms"].values():
        assert max(forms, key=forms.get) == "الارهاب"  # والإرهاب, بالإرهاب ... counted as one word
    assert all("مكافحة" in collocates for collocates in probe["ant_collocates"].values())
    _check_figures_from(tmp_path / "figures", FIGURES_06, "real corpus from ")
    print(f"06 on the real corpora: {notebook.metadata['elapsed_seconds']:.0f} s")


def test_notebook_06_synthetic_fallback(khitab_kernel, tmp_path, monkeypatch, empty_corpora):
    notebook = _run(_notebook("06"), corpora=empty_corpora, tmp_path=tmp_path,
                    monkeypatch=monkeypatch, probe=PROBE_06)
    probe = notebook.metadata["probe"]
    _check_fallback_to_synthetic(notebook, ("ungdc", "ant"))
    assert probe["synthetic"] == [True, True]
    assert min(probe["ungdc_docs"] + probe["ant_docs"]) > 0
    assert probe["xray_forms"] and all(form.startswith("terror") for form in probe["xray_forms"])
    assert all(forms for forms in probe["ant_node_forms"].values())
    _check_figures_from(tmp_path / "figures", FIGURES_06, "SYNTHETIC stand-in for ")
