"""plot_trends and plot_trend_facets: content of the figures (lines, ribbons, legend, labels, flagged
periods), input checks, and global rcParams left untouched."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure

from toolkit.plot import FRAME_COLORS, FRAME_LABELS, FRAMES, isolate, plot_trend_facets, plot_trends

matplotlib.use("Agg")


def make_trends(frames=FRAMES, years=range(2015, 2021), flagged=(("media", 2017),), stat="share", group=None):
    """A table shaped like toolkit.compare.frame_trends() output (built here, not imported)."""
    rows = []
    for g in group or [None]:
        for k, frame in enumerate(frames):
            for year in years:
                flag = "too_few" if (frame, year) in flagged else "ok"
                est = 0.1 + 0.1 * k + 0.01 * (year - years[0])
                rows.append({
                    **({} if g is None else {"lang": g}),
                    "frame": frame, "period": str(year), "start": pd.Timestamp(f"{year}-01-01"),
                    "end": pd.Timestamp(f"{year}-12-31"), "estimate": est,
                    "ci_low": np.nan if flag != "ok" else est - 0.05, "ci_high": np.nan if flag != "ok" else est + 0.05,
                    "n_units": 3 if flag != "ok" else 120, "n_clusters": 2 if flag != "ok" else 40, "flag": flag,
                    "stat": stat})
    table = pd.DataFrame(rows)
    table.attrs["unit"] = "paragraph"
    return table


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def frame_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def test_plot_trends_one_line_and_ribbon_per_frame_in_frame_order():
    ax = plot_trends(make_trends(), title="Frames over time")
    lines = frame_lines(ax)
    assert [line.get_label() for line in lines] == list(FRAMES)
    assert [line.get_color() for line in lines] == [FRAME_COLORS[f] for f in FRAMES]
    ribbons = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(ribbons) == len(FRAMES)
    assert ax.get_title() == "Frames over time"
    assert ax.get_xlabel() == "Period"
    assert ax.get_ylabel() == "Share of paragraphs"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(FRAMES)
    assert ax.get_legend().get_title().get_text() == "Frame"


def test_plot_trends_line_follows_estimates_and_ribbon_covers_interval():
    t = make_trends(frames=("military",), flagged=())
    ax = plot_trends(t)
    (line,) = frame_lines(ax)
    np.testing.assert_allclose(line.get_ydata(), t["estimate"])
    (ribbon,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    ys = np.concatenate([p.vertices[:, 1] for p in ribbon.get_paths()])
    assert ys.min() == pytest.approx(t["ci_low"].min())
    assert ys.max() == pytest.approx(t["ci_high"].max())


def test_plot_trends_flagged_periods_are_left_out_of_the_line_with_a_note():
    t = make_trends()
    ax = plot_trends(t)
    media = next(line for line in frame_lines(ax) if line.get_label() == "media")
    ydata = np.asarray(media.get_ydata(), dtype=float)
    assert np.isnan(ydata[2]) and np.isfinite(np.delete(ydata, 2)).all()  # 2017 is the gap
    notes = [text.get_text() for text in ax.texts]
    assert notes == ["1 period(s) with too few units not shown"]
    assert not [c for c in ax.collections if isinstance(c, PathCollection)]


def test_plot_trends_show_flagged_draws_hollow_markers_with_a_legend_entry():
    t = make_trends(flagged=(("media", 2017), ("financial", 2017), ("financial", 2018)))
    ax = plot_trends(t, show_flagged=True)
    hollow = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in hollow) == 3
    for c in hollow:
        assert c.get_facecolors().size == 0 or (c.get_facecolors()[:, 3] == 0).all()
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "too few units"
    assert not ax.texts  # no note: the flagged periods are shown


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_plot_trends_frame_labels_in_the_figure_language(lang):
    ax = plot_trends(make_trends(), lang=lang)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [FRAME_LABELS[lang][f] for f in FRAMES]


@pytest.mark.parametrize(("stat", "ylabel"), [("share", "Share of paragraphs"),
                                              ("rate", "Frame terms per 1,000 tokens"),
                                              ("mean", "Mean frame score")])
def test_plot_trends_default_ylabel_follows_the_statistic(stat, ylabel):
    assert plot_trends(make_trends(stat=stat)).get_ylabel() == ylabel


def test_plot_trends_arabic_title_keeps_the_year_range_in_order():
    ax = plot_trends(make_trends(), lang="ar", title="الأطر (2015–2020)")
    assert ax.get_title() == "الأطر (\u20662015–2020\u2069)" == isolate("الأطر (2015–2020)")
    assert ax.get_ylabel() == "نسبة الفقرات"


@pytest.mark.parametrize("x", ["period", "midpoint", "end"])
def test_plot_trends_other_x_columns(x):
    ax = plot_trends(make_trends(flagged=()), x=x)
    assert len(frame_lines(ax)) == 4
    if x == "period":
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2015, 2021)]


def test_plot_trends_without_hue_or_interval():
    t = make_trends(frames=("military",), flagged=())
    ax = plot_trends(t, hue=None, lower=None, upper=None)
    assert len(ax.get_lines()) == 1 and not ax.collections and ax.get_legend() is None


def test_plot_trends_draws_on_the_given_axes():
    fig, ax = plt.subplots()
    assert plot_trends(make_trends(), ax=ax) is ax
    assert len(fig.axes) == 1


def test_plot_trends_missing_column_names_it_and_the_producer():
    with pytest.raises(ValueError, match=r"no column\(s\) \['ci_low'\].*toolkit\.compare\.frame_trends\(\)"):
        plot_trends(make_trends().drop(columns="ci_low"))


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"trends": [1, 2]}, TypeError), ({"trends": make_trends().iloc[:0]}, ValueError),
    ({"lang": "de"}, ValueError), ({"lower": None}, ValueError), ({"ax": "not an axes"}, TypeError)])
def test_plot_trends_rejects_bad_input(kwargs, error):
    args = {"trends": make_trends(), **kwargs}
    with pytest.raises(error):
        plot_trends(args.pop("trends"), **args)


def test_plot_trend_facets_one_panel_per_group_with_one_legend():
    t = make_trends(group=["ar", "fr", "en", "es"])
    fig = plot_trend_facets(t, by="lang", title="By language")
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["ar", "fr", "en", "es"]
    assert len(fig.axes) == 4  # the two unused cells of the 2 x 3 grid are removed
    for ax in panels:
        assert len(frame_lines(ax)) == 4
        assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 4
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(FRAMES)
    assert fig.get_suptitle() == "By language"
    assert fig.get_supylabel() == "Share of paragraphs"


def test_plot_trends_refuses_several_groups_on_one_line():
    with pytest.raises(ValueError, match=r"repeat a \(frame, start\) point.*plot_trend_facets\(trends, by='lang'\)"):
        plot_trends(make_trends(group=["ar", "fr"]))


def test_plot_trend_facets_needs_the_group_column():
    with pytest.raises(ValueError, match=r"plot_trend_facets\(\).*\['source'\]"):
        plot_trend_facets(make_trends(), by="source")


@pytest.mark.parametrize("call", [
    lambda: plot_trends(make_trends(), lang="ar", title="عنوان"),
    lambda: plot_trends(make_trends(), show_flagged=True, rc={"font.size": 12}),
    lambda: plot_trend_facets(make_trends(group=["a", "b"]), by="lang"),
])
def test_plot_trends_never_changes_global_rcparams(call):
    before = dict(matplotlib.rcParams)
    fig = call()
    (fig if isinstance(fig, Figure) else fig.figure).canvas.draw()
    assert dict(matplotlib.rcParams) == before


def test_plot_trends_style_survives_drawing_outside_the_context():
    """Tick labels made when the figure is drawn, after the call, still have the style's size."""
    ax = plot_trends(make_trends())
    ax.figure.canvas.draw()
    sizes = {t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels()}
    assert sizes == {7.0}
