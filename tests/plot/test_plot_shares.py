"""plot_shares (stacked frame shares per period) and plot_heatmap (row x column values)."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer

from toolkit.plot import FRAME_COLORS, FRAME_LABELS, FRAMES, plot_heatmap, plot_shares

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def trends(flagged=()):
    rows = [{"frame": f, "period": str(y), "start": pd.Timestamp(f"{y}-01-01"), "estimate": 0.1 * (k + 1),
             "ci_low": 0.0, "ci_high": 1.0, "flag": "too_few" if (f, y) in flagged else "ok", "stat": "share"}
            for y in (2001, 2002, 2003) for k, f in enumerate(FRAMES)]
    return pd.DataFrame(rows)


def bar_containers(ax):
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def test_plot_shares_stacks_one_segment_per_frame_and_normalises_each_bar():
    ax = plot_shares(trends(), title="Frame mix")
    bars = bar_containers(ax)
    assert len(bars) == 4 and all(len(b) == 3 for b in bars)
    heights = np.array([[p.get_height() for p in b] for b in bars])
    np.testing.assert_allclose(heights.sum(axis=0), 1.0)
    np.testing.assert_allclose(heights[:, 0], [0.1, 0.2, 0.3, 0.4])
    # stacked: each segment starts where the previous one ends
    bottoms = np.array([[p.get_y() for p in b] for b in bars])
    np.testing.assert_allclose(bottoms[1:], np.cumsum(heights, axis=0)[:-1])
    assert [b.patches[0].get_facecolor()[:3] for b in bars] == [matplotlib.colors.to_rgb(FRAME_COLORS[f])
                                                                for f in FRAMES]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2001", "2002", "2003"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(FRAMES)
    assert (ax.get_title(), ax.get_ylabel(), ax.get_xlabel()) == ("Frame mix", "Share of frame assignments", "Period")


def test_plot_shares_raw_stack_says_shares_overlap():
    ax = plot_shares(trends(), normalize=False, lang="fr")
    heights = np.array([[p.get_height() for p in b] for b in bar_containers(ax)])
    np.testing.assert_allclose(heights.sum(axis=0), 1.0)  # 0.1 + 0.2 + 0.3 + 0.4
    assert "non exclusifs" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [FRAME_LABELS["fr"][f] for f in FRAMES]


def test_plot_shares_reads_planted_shares_tables():
    table = pd.DataFrame({"period": ["2001", "2001"], "frame": ["financial", "military"], "share": [0.25, 0.75]})
    ax = plot_shares(table)
    assert [b.patches[0].get_height() for b in bar_containers(ax)] == [0.75, 0.25]  # frame order


def test_plot_shares_flagged_periods_hidden_with_note_or_hatched():
    t = trends(flagged={("media", 2002)})
    ax = plot_shares(t)
    assert all(b.patches[1].get_height() == 0 for b in bar_containers(ax))
    assert [x.get_text() for x in ax.texts] == ["1 period(s) with too few units not shown"]
    ax = plot_shares(t, show_flagged=True)
    assert all(b.patches[1].get_hatch() and b.patches[1].get_height() > 0 for b in bar_containers(ax))
    assert [x.get_text() for x in ax.get_legend().get_texts()][-1] == "too few units"


def test_plot_shares_rejects_repeated_period_frame_pairs():
    doubled = pd.concat([trends().assign(lang="ar"), trends().assign(lang="fr")])
    with pytest.raises(ValueError, match="one row per period and frame"):
        plot_shares(doubled)


def test_plot_heatmap_explicit_limits_win():
    assert plot_heatmap(heat(), vmin=0.0, vmax=1.0).images[0].get_clim() == (0.0, 1.0)


def test_plot_shares_missing_column():
    with pytest.raises(ValueError, match=r"plot_shares\(\): the table has no column\(s\) \['period'\]"):
        plot_shares(trends().drop(columns="period"))


def heat():
    return pd.DataFrame({"source": ["MAP", "MAP", "UN", "UN", "UN"],
                         "frame": ["media", "military", "military", "financial", "media"],
                         "estimate": [0.12, 0.4, 0.3, 0.05, np.nan], "flag": ["ok", "ok", "ok", "too_few", "ok"],
                         "stat": "share"})


def test_plot_heatmap_cells_labels_and_colours():
    ax = plot_heatmap(heat(), title="Sources x frames")
    image = ax.images[0]
    assert image.get_array().shape == (2, 3)  # MAP, UN x military, media, financial
    assert [t.get_text() for t in ax.get_xticklabels()] == ["military", "media", "financial"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["MAP", "UN"]
    cells = [t.get_text() for t in ax.texts if t.get_position()[1] in (0, 1)]
    assert cells == ["40%", "12%", "–", "30%", "–", "(5%)"]  # missing cells "–", flagged in brackets
    assert image.get_clim() == (0.0, 0.4)  # shares: 0 to the largest cell, so small shares differ in colour
    assert ax.get_title() == "Sources x frames"
    assert any("too few units" in t.get_text() for t in ax.texts)
    assert len(ax.figure.axes) == 2  # the colour bar


def test_plot_heatmap_text_colour_reads_on_the_cell():
    table = pd.DataFrame({"source": ["a", "b"], "frame": "media", "estimate": [0.0, 1.0]})
    ax = plot_heatmap(table, colorbar=False)
    assert [t.get_color() for t in ax.texts] == ["white", "black"]  # dark viridis low end, light high end


@pytest.mark.parametrize(("fmt", "expected"), [("{:.2f}", ["0.12", "3.50"]),
                                               (lambda v: f"<{v:g}>", ["<0.12>", "<3.5>"])])
def test_plot_heatmap_custom_format(fmt, expected):
    table = pd.DataFrame({"source": ["a", "b"], "frame": "media", "estimate": [0.12, 3.5]})
    assert [t.get_text() for t in plot_heatmap(table, fmt=fmt).texts] == expected


def test_plot_heatmap_rejects_repeated_cells_and_bad_formats():
    table = pd.DataFrame({"source": ["a", "a"], "frame": "media", "period": ["2001", "2002"], "estimate": [0.1, 0.2]})
    with pytest.raises(ValueError, match=r"repeat a \(source, frame\) cell.*varies by \['period'\]"):
        plot_heatmap(table)
    with pytest.raises(ValueError, match="cannot format a number"):
        plot_heatmap(table.iloc[:1], fmt="{:d}")


@pytest.mark.parametrize("call", [lambda: plot_shares(trends(), lang="ar"), lambda: plot_heatmap(heat(), lang="ar")])
def test_shares_and_heatmap_never_change_global_rcparams(call):
    before = dict(matplotlib.rcParams)
    call().figure.canvas.draw()
    assert dict(matplotlib.rcParams) == before


def test_plot_shares_labels_at_most_twenty_periods():
    years = [str(y) for y in range(1946, 2024)]
    table = pd.DataFrame({"frame": np.repeat(["military", "media"], len(years)), "period": years * 2,
                          "estimate": 0.01, "flag": "ok", "stat": "share"})
    ax = plot_shares(table)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert 10 <= len(labels) <= 20 and labels[0] == "1946"
    assert len(ax.patches) == 2 * len(years)  # every period still has its bars
