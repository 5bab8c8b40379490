"""plot_validation: bars and interval whiskers per frame and metric, from a real ValidationReport."""

from __future__ import annotations

import dataclasses

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer

from toolkit.frames.dictionary import Dictionary
from toolkit.frames.validation import validate
from toolkit.plot import plot_validation
from toolkit.plot.validation import wilson_interval

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def report():
    d = Dictionary.from_dict({"military": ["troops", "army"], "financial": ["financing", "funds"],
                              "media": ["propaganda"]})
    texts = ["The army and troops.", "Financing of terrorism.", "Army funds.", "A meeting.", "Online propaganda.",
             "The army funds it."]
    frames = [["military"], ["financial"], ["financial"], [], ["media"], ["military", "financial"]]
    gold = pd.DataFrame({"unit_id": [f"u{i}" for i in range(12)], "lang": ["en"] * 6 + ["fr"] * 6,
                         "text": texts * 2, "frames": frames * 2})
    real = validate(d, gold, n_boot=100, baseline=False, random_state=0)
    # the supervised baseline is slow to cross-validate; a stand-in table of the same layout will do
    baseline = real.scores[["lang", "frame", "precision", "recall", "f1", "support"]].assign(f1=lambda t: t.f1 / 2)
    return dataclasses.replace(real, baseline=baseline)


def bars(ax):
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def whiskers(ax):
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


def test_plot_validation_bars_match_the_report(report):
    ax = plot_validation(report, title="Validation")
    rows = report.scores[report.scores["lang"] == "all"].set_index("frame")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["military", "media", "financial"]
    containers = bars(ax)
    assert len(containers) == 3 and all(len(c) == 3 for c in containers)
    for metric, container in zip(["precision", "recall", "f1"], containers, strict=True):
        np.testing.assert_allclose([p.get_height() for p in container],
                                   rows.loc[["military", "media", "financial"], metric])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Precision", "Recall", "F1", "baseline F1"]
    assert ax.get_title() == "Validation" and ax.get_ylabel() == "Score"


def test_plot_validation_whiskers_are_the_report_f1_interval_and_wilson_for_p_and_r(report):
    ax = plot_validation(report)
    rows = report.scores[report.scores["lang"] == "all"].set_index("frame").loc[["military", "media", "financial"]]
    containers = whiskers(ax)
    assert len(containers) == 3
    spans = []
    for container in containers:
        (segments,) = container.lines[2]
        spans.append([(seg[0][1], seg[1][1]) for seg in segments.get_segments()])
    assert all(len(s) == 3 for s in spans)  # one whisker per frame and metric
    np.testing.assert_allclose([s[0] for s in spans[2]], rows["f1_low"])
    np.testing.assert_allclose([s[1] for s in spans[2]], rows["f1_high"])
    low, high = wilson_interval(rows["tp"], rows["tp"] + rows["fp"], ci=report.settings["ci"])
    np.testing.assert_allclose([s[0] for s in spans[0]], low)
    np.testing.assert_allclose([s[1] for s in spans[0]], high)


def test_plot_validation_one_language_and_baseline_markers(report):
    ax = plot_validation(report, language="fr", metrics=["f1"], lang="ar")
    assert len(bars(ax)) == 1
    (marker,) = [line for line in ax.get_lines() if line.get_label() == "F1 للنموذج المرجعي"]  # Arabic "baseline F1"
    base = report.baseline[report.baseline["lang"] == "fr"].set_index("frame").loc[["military", "media", "financial"]]
    np.testing.assert_allclose(marker.get_ydata(), base["f1"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["عسكري", "إعلامي", "مالي"]


def test_plot_validation_takes_the_scores_table_and_skips_whiskers_without_interval():
    scores = pd.DataFrame({"lang": "all", "frame": ["media"], "precision": [0.0], "recall": [0.0], "f1": [0.0],
                           "f1_low": [np.nan], "f1_high": [np.nan], "tp": [0], "fp": [0], "fn": [3]})
    ax = plot_validation(scores, baseline=False)
    drawn = []
    for container in whiskers(ax):
        (segments,) = container.lines[2]
        drawn += [seg for seg in segments.get_segments() if len(seg) and np.isfinite(seg).all()]
    assert len(drawn) == 1  # recall 0/3 has a Wilson interval; precision 0/0 and F1 (NaN) have none


def test_wilson_interval_known_values():
    low, high = wilson_interval([8, 0, 5], [10, 5, 5], ci=0.95)
    np.testing.assert_allclose(low, [0.49016, 0.0, 0.56552], atol=1e-5)
    np.testing.assert_allclose(high, [0.94332, 0.43448, 1.0], atol=1e-5)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"language": "de"}, ValueError, "language='de' is invalid"),
    ({"metrics": ["accuracy"]}, ValueError, "metrics='accuracy' is invalid"),
    ({"metrics": []}, ValueError, "metrics is empty"),
])
def test_plot_validation_rejects_bad_options(report, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_validation(report, **kwargs)


def test_plot_validation_rejects_other_objects():
    with pytest.raises(TypeError, match="ValidationReport"):
        plot_validation({"scores": 1})


def test_plot_validation_never_changes_global_rcparams(report):
    before = dict(matplotlib.rcParams)
    plot_validation(report, lang="fr").figure.canvas.draw()
    assert dict(matplotlib.rcParams) == before
