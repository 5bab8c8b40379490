"""save_figure: byte-identical PDF/PNG/SVG across saves and across processes, no timestamps,
atomic writes, and the JSON sidecar of provenance."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.plot import plot_heatmap, save_figure

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[2]
FAST = 72  # dpi for tests where the resolution does not matter (rendering 300 dpi is slower)

FIGURE_SCRIPT = textwrap.dedent("""
    import matplotlib
    matplotlib.use("Agg")
    import pandas as pd
    from toolkit.plot import plot_trends

    def figure():
        years = [2015, 2016, 2017]
        t = pd.DataFrame({"frame": ["military"] * 3 + ["media"] * 3, "period": [str(y) for y in years] * 2,
                          "start": pd.to_datetime([f"{y}-01-01" for y in years] * 2),
                          "estimate": [0.5, 0.4, 0.2, 0.1, 0.2, 0.3], "ci_low": [0.4, 0.3, None, 0.05, 0.1, 0.2],
                          "ci_high": [0.6, 0.5, None, 0.15, 0.3, 0.4],
                          "flag": ["ok", "ok", "too_few", "ok", "ok", "ok"], "stat": "share"})
        return plot_trends(t, lang="ar", title="الأطر (2015–2017)")
""")
namespace: dict = {}
exec(FIGURE_SCRIPT, namespace)  # the same figure code in this process and in a fresh one
make_figure = namespace["figure"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_figure_writes_each_format_and_a_sidecar(tmp_path):
    paths = save_figure(make_figure(), tmp_path / "out" / "trends.png", provenance={"seed": 7}, dpi=300)
    assert [p.name for p in paths] == ["trends.pdf", "trends.png", "trends.svg", "trends.json"]
    assert paths[0].read_bytes().startswith(b"%PDF")
    assert paths[1].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in paths[2].read_bytes()[:1000]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)  # no temp files


def test_save_figure_twice_gives_identical_bytes(tmp_path):
    first = save_figure(make_figure(), tmp_path / "a" / "fig", dpi=FAST)
    again = save_figure(make_figure(), tmp_path / "b" / "fig", dpi=FAST)  # the figure built again, same data
    for a, b in zip(first, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_save_figure_bytes_are_identical_in_a_fresh_process(tmp_path):
    here = save_figure(make_figure(), tmp_path / "here" / "fig", dpi=FAST)
    script = FIGURE_SCRIPT + textwrap.dedent(f"""
        from toolkit.plot import save_figure
        save_figure(figure(), {str(tmp_path / "there" / "fig")!r}, dpi={FAST})
    """)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, env=env, timeout=120)
    for path in here:
        assert (tmp_path / "there" / path.name).read_bytes() == path.read_bytes(), path.name


def test_saved_files_carry_no_timestamps_or_software_chunk(tmp_path):
    pdf, png, svg, _ = save_figure(make_figure(), tmp_path / "fig", dpi=FAST)
    assert b"/CreationDate" not in pdf.read_bytes() and b"/ModDate" not in pdf.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes()
    assert b"Software" not in png.read_bytes() and b"tIME" not in png.read_bytes()


def test_sidecar_records_provenance_versions_and_hashes_without_time(tmp_path):
    provenance = {"corpus_hash": "abc", "seed": np.int64(3), "share": np.float64(0.5), "missing": np.nan,
                  "path": Path("corpora/ungdc"), "date": pd.Timestamp("2001-09-11"), "frames": ("military",),
                  "note": "الإرهاب"}
    paths = save_figure(make_figure(), tmp_path / "fig.svg", formats=["png", "svg"], provenance=provenance, dpi=150)
    meta = json.loads(paths[-1].read_text(encoding="utf-8"))
    assert meta["files"] == {p.name: sha(p) for p in paths[:-1]}
    assert meta["formats"] == ["png", "svg"] and meta["dpi"] == 150
    assert meta["provenance"] == {"corpus_hash": "abc", "seed": 3, "share": 0.5, "missing": None,
                                  "path": "corpora/ungdc", "date": "2001-09-11T00:00:00", "frames": ["military"],
                                  "note": "الإرهاب"}
    assert meta["versions"]["matplotlib"] == matplotlib.__version__
    assert meta["versions"]["toolkit"] == toolkit.__version__
    assert set(meta) == {"files", "formats", "dpi", "size_inches", "provenance", "versions"}
    again = save_figure(make_figure(), tmp_path / "fig.svg", formats=["png", "svg"], provenance=provenance, dpi=150)
    assert again[-1].read_bytes() == paths[-1].read_bytes()


def test_save_figure_takes_a_figure_and_keeps_unknown_suffixes(tmp_path):
    fig = make_figure().figure
    paths = save_figure(fig, tmp_path / "trends.v2", formats="png", dpi=FAST)
    assert [p.name for p in paths] == ["trends.v2.png", "trends.v2.json"]


def test_save_figure_leaves_no_file_when_rendering_fails(tmp_path, monkeypatch):
    ax = make_figure()
    original = ax.figure.savefig

    def failing(buffer, *, format, **kwargs):  # matplotlib's keyword
        if format == "svg":
            raise RuntimeError("disk full")
        return original(buffer, format=format, **kwargs)

    monkeypatch.setattr(ax.figure, "savefig", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        save_figure(ax, tmp_path / "fig", dpi=FAST)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"formats": ["jpg"]}, ValueError, "formats='jpg' is invalid"),
    ({"formats": []}, ValueError, "formats is empty"),
    ({"dpi": 0}, ValueError, "dpi must be"),
    ({"provenance": {"model": object()}}, TypeError, r"provenance\['model'\] is a object"),
])
def test_save_figure_rejects_bad_options(tmp_path, kwargs, error, match):
    with pytest.raises(error, match=match):
        save_figure(make_figure(), tmp_path / "fig", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_save_figure_rejects_other_objects(tmp_path):
    with pytest.raises(TypeError, match="Figure or Axes"):
        save_figure("figure", tmp_path / "fig")


def test_save_figure_leaves_rcparams_alone(tmp_path):
    ax = plot_heatmap(pd.DataFrame({"source": ["a"], "frame": ["media"], "estimate": [0.3]}))
    before = dict(matplotlib.rcParams)
    save_figure(ax, tmp_path / "heat", dpi=FAST)
    assert dict(matplotlib.rcParams) == before
