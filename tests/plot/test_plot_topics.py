"""plot_top_terms, plot_topic_prevalence and plot_k_selection: content of the figures (bars and
their order, panels, lines, ribbons, labels), Arabic terms shaped and right-aligned, input checks,
and global rcParams left untouched."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure
from test_plot_arabic import PRESENTATION_FORMS, TERRORISM, rtl_shaped

from toolkit.plot import (
    FRAME_COLORS,
    plot_k_selection,
    plot_top_terms,
    plot_topic_prevalence,
)

matplotlib.use("Agg")

FINANCING = "تمويل"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------------- fixtures (tables built here)
def terms_table(n_topics=3, n=5, *, arabic=False) -> pd.DataFrame:
    """Shaped like toolkit.topics.top_terms(): topic, rank, term, score, prob (rows in rank order)."""
    rows = []
    for k in range(n_topics):
        for r in range(1, n + 1):
            term = f"w{k}_{r}"
            if arabic and k == 0:
                term = [TERRORISM, FINANCING, "السلام", "الأمن", "المجلس"][r - 1]
            rows.append({"topic": k, "rank": r, "term": term, "score": 1.0 / r, "prob": 0.5 / r + 0.01 * k})
    return pd.DataFrame(rows)


def effects_table(n_topics=3, times=range(2001, 2007), groups=None) -> pd.DataFrame:
    """Shaped like toolkit.topics.estimate_effect(): topic, time, (group), estimate, ci_low, ci_high, n_draws."""
    rows = []
    for k in range(n_topics):
        for g in groups or [None]:
            for i, t in enumerate(times):
                est = 0.1 + 0.1 * k + 0.01 * i + (0.05 if g == "b" else 0.0)
                rows.append({"topic": k, "time": t, **({} if g is None else {"group": g}), "estimate": est,
                             "ci_low": est - 0.03, "ci_high": est + 0.03, "n_draws": 100})
    return pd.DataFrame(rows)


def select_table(ks=(5, 10, 15), seeds=(0, 1, 2)) -> pd.DataFrame:
    """Shaped like toolkit.topics.select_k(): one row per k x seed, one column per measure."""
    rows = [{"k": k, "seed": s, "perplexity": 1000.0 - 10 * k + s, "c_npmi": 0.01 * k + 0.001 * s,
             "exclusivity": 9.0 + 0.01 * k, "semantic_coherence": -80.0 - k - s, "n_iter": 50}
            for k in ks for s in seeds]
    return pd.DataFrame(rows)


def bars(ax):
    return list(ax.containers[0])


def ribbons(ax):
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


# ---------------------------------------------------------------------- plot_top_terms
def test_plot_top_terms_one_panel_per_topic_with_n_bars_best_at_the_top():
    fig = plot_top_terms(terms_table(n_topics=3, n=5), n=4, title="Top terms")
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["Topic 0", "Topic 1", "Topic 2"]
    for k, ax in enumerate(fig.axes):
        patches = bars(ax)
        assert len(patches) == 4
        assert [t.get_text() for t in ax.get_yticklabels()] == [f"w{k}_{r}" for r in range(1, 5)]
        widths = [p.get_width() for p in patches]
        assert widths == sorted(widths, reverse=True)
        np.testing.assert_allclose(widths, [0.5 / r + 0.01 * k for r in range(1, 5)])
        ys = [p.get_y() + p.get_height() / 2 for p in patches]
        lo, hi = ax.get_ylim()
        assert lo > hi  # inverted axis: rank 1 (y = 0) is drawn at the top
        assert ys == sorted(ys)
    assert fig.get_suptitle() == "Top terms"
    assert fig.get_supxlabel() == "Probability"


def test_plot_top_terms_follows_rank_not_row_order_and_selects_topics():
    t = terms_table().sample(frac=1.0, random_state=0)
    fig = plot_top_terms(t, topics=[2, 0], n=2, value="score")
    assert [ax.get_title() for ax in fig.axes] == ["Topic 2", "Topic 0"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["w2_1", "w2_2"]
    assert [p.get_width() for p in bars(fig.axes[0])] == [1.0, 0.5]
    assert fig.get_supxlabel() == "Score"


def test_plot_top_terms_grid_removes_unused_cells():
    fig = plot_top_terms(terms_table(n_topics=5), ncols=2)
    assert len(fig.axes) == 5
    assert fig.axes[0].get_subplotspec().get_gridspec().get_geometry() == (3, 2)


def test_plot_top_terms_labels_and_frame_colours():
    t = terms_table(n_topics=2).assign(label=lambda d: np.where(d["topic"] == 0, "military", "economy"))
    fig = plot_top_terms(t, lang="ar")
    assert [ax.get_title() for ax in fig.axes] == ["عسكري", "economy"]
    assert matplotlib.colors.to_hex(bars(fig.axes[0])[0].get_facecolor()) == FRAME_COLORS["military"].lower()


def test_plot_top_terms_negative_values_are_drawn_as_points():
    t = terms_table(n_topics=1).assign(relevance=lambda d: -d["rank"].astype(float))
    ax = plot_top_terms(t, value="relevance").axes[0]
    assert not ax.containers
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [-1.0, -2.0, -3.0, -4.0, -5.0]
    assert line.get_linestyle() == "None"


def test_plot_top_terms_arabic_terms_are_raw_shaped_and_right_aligned():
    fig = plot_top_terms(terms_table(arabic=True), lang="ar")
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels][:2] == [TERRORISM, FINANCING]
    assert fig.axes[0].get_title() == "الموضوع \u20660\u2069"  # the topic number kept left to right
    axis_left = ax.get_window_extent().x0
    for text in labels:
        assert not PRESENTATION_FORMS.search(text.get_text())
        assert text.get_horizontalalignment() == "right"
        assert text.get_window_extent().x1 <= axis_left + 1  # the word ends at the axis, not beyond it
    contextual, rtl = rtl_shaped(TERRORISM, labels[0].get_fontproperties())
    assert contextual and rtl


def test_plot_top_terms_missing_column_names_it_and_the_producer():
    with pytest.raises(ValueError, match=r"no column\(s\) \['frex'\].*toolkit\.topics\.top_terms\(\)"):
        plot_top_terms(terms_table(), value="frex")
    with pytest.raises(ValueError, match=r"\['rank'\]"):
        plot_top_terms(terms_table().drop(columns="rank"))


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"terms": [1]}, TypeError, "DataFrame"), ({"topics": [7]}, ValueError, r"topics \[7\]"),
    ({"n": 0}, ValueError, "n must"), ({"ncols": 0}, ValueError, "ncols"), ({"lang": "de"}, ValueError, "lang"),
    ({"value": "term"}, ValueError, "numeric")])
def test_plot_top_terms_rejects_bad_input(kwargs, error, match):
    args = {"terms": terms_table(), **kwargs}
    with pytest.raises(error, match=match):
        plot_top_terms(args.pop("terms"), **args)


# ---------------------------------------------------------------------- plot_topic_prevalence
def test_plot_topic_prevalence_one_line_and_ribbon_per_topic():
    fx = effects_table()
    ax = plot_topic_prevalence(fx, title="Prevalence")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["Topic 0", "Topic 1", "Topic 2"]
    assert len(ribbons(ax)) == 3
    np.testing.assert_allclose(lines[1].get_ydata(), fx.loc[fx["topic"] == 1, "estimate"])
    ys = np.concatenate([p.vertices[:, 1] for p in ribbons(ax)[1].get_paths()])
    sub = fx[fx["topic"] == 1]
    assert ys.min() == pytest.approx(sub["ci_low"].min()) and ys.max() == pytest.approx(sub["ci_high"].max())
    assert ax.get_xlabel() == "Time" and ax.get_ylabel() == "Expected topic proportion"
    assert ax.get_title() == "Prevalence"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Topic 0", "Topic 1", "Topic 2"]


def test_plot_topic_prevalence_labels_topics_selection_and_dates():
    fx = effects_table(times=pd.date_range("2001-01-01", periods=5, freq="YS"))
    fx["label"] = fx["topic"].map({0: "media", 1: "تمويل الإرهاب", 2: "other"})
    ax = plot_topic_prevalence(fx, topics=[1, 0], lang="fr", lower=None, upper=None)
    assert [line.get_label() for line in ax.get_lines()] == ["تمويل الإرهاب", "médiatique"]
    assert not ribbons(ax)
    assert ax.get_lines()[1].get_color() == FRAME_COLORS["media"]
    assert ax.get_xlabel() == "Temps"


def test_plot_topic_prevalence_one_line_per_group_of_one_topic():
    fx = effects_table(groups=["a", "b"])
    ax = plot_topic_prevalence(fx, topics=[1], group="group")
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    assert len(ribbons(ax)) == 2
    assert ax.get_legend().get_title().get_text() == "Topic 1"
    np.testing.assert_allclose(np.asarray(ax.get_lines()[1].get_ydata()) - ax.get_lines()[0].get_ydata(), 0.05)


def test_plot_topic_prevalence_refuses_groups_without_group_and_several_topics_with_it():
    fx = effects_table(groups=["a", "b"])
    with pytest.raises(ValueError, match=r"repeat a \(topic, time\) point.*group='group'"):
        plot_topic_prevalence(fx)
    with pytest.raises(ValueError, match=r"one topic at a time.*topics=\[0\]"):
        plot_topic_prevalence(fx, group="group")


def test_plot_topic_prevalence_string_times_and_given_axes():
    fx = effects_table(n_topics=1, times=["2001", "2002", "2003"])
    _, ax = plt.subplots()
    assert plot_topic_prevalence(fx, ax=ax) is ax
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2001", "2002", "2003"]


def test_plot_topic_prevalence_missing_column_names_it_and_the_producer():
    with pytest.raises(ValueError, match=r"no column\(s\) \['ci_high'\].*toolkit\.topics\.estimate_effect\(\)"):
        plot_topic_prevalence(effects_table().drop(columns="ci_high"))


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"effects": effects_table().iloc[:0]}, ValueError), ({"lang": "de"}, ValueError),
    ({"lower": None}, ValueError), ({"ax": "not an axes"}, TypeError), ({"topics": [9]}, ValueError)])
def test_plot_topic_prevalence_rejects_bad_input(kwargs, error):
    args = {"effects": effects_table(), **kwargs}
    with pytest.raises(error):
        plot_topic_prevalence(args.pop("effects"), **args)


# ---------------------------------------------------------------------- plot_k_selection
def test_plot_k_selection_one_panel_per_measure_mean_line_and_seed_points():
    t = select_table()
    fig = plot_k_selection(t, title="Choice of K")
    assert [ax.get_title() for ax in fig.axes] == ["Held-out perplexity ↓", "NPMI coherence ↑",
                                                   "Semantic coherence ↑", "Exclusivity ↑"]
    for ax, measure in zip(fig.axes, ["perplexity", "c_npmi", "semantic_coherence", "exclusivity"], strict=True):
        (line,) = ax.get_lines()
        np.testing.assert_allclose(line.get_xdata(), [5, 10, 15])
        np.testing.assert_allclose(line.get_ydata(), t.groupby("k")[measure].mean())
        (points,) = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert len(points.get_offsets()) == len(t)
        assert list(ax.get_xticks()) == [5, 10, 15]
    # the panels share x: tick labels on the bottom row only
    assert [tick.get_text() for tick in fig.axes[-1].get_xticklabels()] == ["5", "10", "15"]
    assert fig.get_suptitle() == "Choice of K"
    assert fig.get_supxlabel() == "Number of topics (K)"


def test_plot_k_selection_chosen_measures_missing_values_and_language():
    t = select_table()
    t.loc[0, "c_npmi"] = np.nan
    fig = plot_k_selection(t, measures="c_npmi", lang="ar")
    (ax,) = fig.axes
    (points,) = ax.collections
    assert len(points.get_offsets()) == len(t) - 1
    assert ax.get_title() == "ترابط NPMI ↑"
    assert fig.get_supxlabel() == "عدد المواضيع (K)"


def test_plot_k_selection_unknown_measure_columns_by_default_and_given_axes():
    t = pd.DataFrame({"k": [2, 2, 4, 4], "seed": [0, 1, 0, 1], "my_score": [1.0, 2.0, 3.0, 5.0]})
    fig, axes = plt.subplots(1, 2)
    assert plot_k_selection(t, ax=axes[0]) is fig
    assert axes[0].get_title() == "my_score" and not axes[1].lines
    np.testing.assert_allclose(axes[0].get_lines()[0].get_ydata(), [1.5, 4.0])


def test_plot_k_selection_missing_column_names_it_and_the_producer():
    with pytest.raises(ValueError, match=r"no column\(s\) \['c_v'\].*toolkit\.topics\.select_k\(\)"):
        plot_k_selection(select_table(), measures=["c_v"])
    with pytest.raises(ValueError, match=r"\['k'\]"):
        plot_k_selection(select_table().rename(columns={"k": "K"}))


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"table": pd.DataFrame({"k": [1, 2], "seed": [0, 0]})}, ValueError),  # no measure
    ({"ax": plt.figure().add_subplot()}, ValueError),  # one Axes for four measures
    ({"lang": "de"}, ValueError), ({"table": "k"}, TypeError)])
def test_plot_k_selection_rejects_bad_input(kwargs, error):
    args = {"table": select_table(), **kwargs}
    with pytest.raises(error):
        plot_k_selection(args.pop("table"), **args)


# ---------------------------------------------------------------------- style
@pytest.mark.parametrize("call", [
    lambda: plot_top_terms(terms_table(arabic=True), lang="ar", title="مواضيع (2015–2024)"),
    lambda: plot_topic_prevalence(effects_table(), rc={"font.size": 12}),
    lambda: plot_k_selection(select_table(), lang="fr"),
])
def test_topic_plots_never_change_global_rcparams(call):
    before = dict(matplotlib.rcParams)
    out = call()
    (out if isinstance(out, Figure) else out.figure).canvas.draw()
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("call", [
    lambda: plot_top_terms(terms_table()).axes[0],
    lambda: plot_topic_prevalence(effects_table()),
    lambda: plot_k_selection(select_table()).axes[0],
])
def test_topic_plots_style_survives_drawing_outside_the_context(call):
    ax: Axes = call()
    ax.figure.canvas.draw()
    assert {t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels()} == {7.0}
