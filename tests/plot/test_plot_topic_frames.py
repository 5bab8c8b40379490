"""plot_topic_frames: one panel per (topic, frame) pair with both lines and ribbons, twin or
standardised axes, titles with r, labels in Arabic shaped, input checks, rcParams untouched."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from test_plot_arabic import rtl_shaped

from toolkit.plot import FRAME_COLORS, plot_topic_frames, save_figure
from toolkit.topics.alignment import topic_frame_alignment, topic_frame_pairs

matplotlib.use("Agg")

PAIRS = [("military", "military"), ("ideological", "ideological"), ("media", "media")]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------------- fixtures (tables built here)
def paired_table(pairs=PAIRS, years=range(2001, 2009), flagged=()) -> pd.DataFrame:
    """Shaped like toolkit.topics.alignment.topic_frame_pairs()."""
    rows = []
    for k, (name, frame) in enumerate(pairs):
        for i, year in enumerate(years):
            topic = 0.1 + 0.02 * i + 0.05 * k
            share = 0.01 + 0.01 * i * (k + 1)
            flag = "too_few" if (frame, year) in flagged else "ok"
            rows.append({"topic": k, "topic_name": name, "frame": frame, "period": str(year),
                         "start": pd.Timestamp(f"{year}-01-01"), "end": pd.Timestamp(f"{year}-12-31"),
                         "topic_estimate": topic, "topic_ci_low": topic - 0.02, "topic_ci_high": topic + 0.02,
                         "n_points": 1, "frame_estimate": share if flag == "ok" else np.nan,
                         "frame_ci_low": share - 0.005 if flag == "ok" else np.nan,
                         "frame_ci_high": share + 0.005 if flag == "ok" else np.nan, "frame_flag": flag})
    out = pd.DataFrame(rows)
    out.attrs = {"unit": "paragraph", "stat": "share"}
    return out


def alignment_table(rs=(0.91, 0.5, -0.25)) -> pd.DataFrame:
    return pd.DataFrame({"topic": range(len(rs)), "frame": [f for _, f in PAIRS[:len(rs)]], "r": list(rs)})


# ---------------------------------------------------------------------- content
def test_one_panel_per_pair_with_topic_and_frame_lines_and_ribbons():
    data = paired_table()
    fig = plot_topic_frames(data)
    assert isinstance(fig, Figure)
    panels, twins = fig.axes[:3], fig.axes[3:]
    assert len(fig.axes) == 6  # three panels, then their twin axes
    for k, (panel, twin) in enumerate(zip(panels, twins, strict=True)):
        sub = data[data["topic"] == k]
        (topic_line,) = panel.get_lines()
        (frame_line,) = twin.get_lines()
        np.testing.assert_allclose(topic_line.get_ydata(), sub["topic_estimate"])
        np.testing.assert_allclose(frame_line.get_ydata(), sub["frame_estimate"])
        assert len(topic_line.get_xdata()) == len(sub) == 8
        assert sum(isinstance(c, PolyCollection) for c in panel.collections) == 1
        assert sum(isinstance(c, PolyCollection) for c in twin.collections) == 1
        frame = PAIRS[k][1]
        assert to_hex(frame_line.get_color()) == FRAME_COLORS[frame].lower()
        assert frame_line.get_linestyle() == "--"
        assert panel.get_title() == f"{frame} frame · topic '{frame}'"
        assert panel.get_ylabel() == "Expected topic proportion"
        assert twin.get_ylabel() == "Share of paragraphs with the frame"
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["Topic (expected proportion)",
                                                          "Frame (share of paragraphs)"]


def test_titles_end_with_r_from_the_alignment_table():
    fig = plot_topic_frames(paired_table(), alignment=alignment_table(), title="Seeded topics")
    assert [ax.get_title() for ax in fig.axes[:3]] == [
        "military frame · topic 'military' (r = 0.91)", "ideological frame · topic 'ideological' (r = 0.50)",
        "media frame · topic 'media' (r = −0.25)"]
    assert fig.get_suptitle() == "Seeded topics"


def test_flagged_frame_periods_are_gaps_in_the_frame_line():
    fig = plot_topic_frames(paired_table(pairs=PAIRS[:1], flagged={("military", 2003)}))
    frame_y = fig.axes[1].get_lines()[0].get_ydata()
    assert np.isnan(frame_y[2]) and np.isfinite(np.delete(frame_y, 2)).all()
    assert np.isfinite(fig.axes[0].get_lines()[0].get_ydata()).all()


def test_standardised_scale_puts_both_series_on_one_axis():
    fig = plot_topic_frames(paired_table(pairs=PAIRS[:2]), scale="z")
    assert len(fig.axes) == 2  # no twin axes
    for panel in fig.axes:
        lines = panel.get_lines()
        assert len(lines) == 2
        for line in lines:
            y = np.asarray(line.get_ydata(), dtype=float)
            assert y.mean() == pytest.approx(0.0, abs=1e-12) and y.std() == pytest.approx(1.0)
        assert sum(isinstance(c, PolyCollection) for c in panel.collections) == 2
        assert panel.get_ylabel() == "Standardised (z)"


def test_unnamed_topics_are_numbered_and_unknown_frames_quoted():
    data = paired_table(pairs=[("topic_3", "military")]).assign(topic=3)
    data.loc[:, "frame"] = "terror"
    fig = plot_topic_frames(data, lang="fr")
    assert fig.axes[0].get_title() == "cadre « terror » · thème 3"


def test_arabic_labels_shaped_right_to_left():
    fig = plot_topic_frames(paired_table(pairs=PAIRS[:1]), alignment=alignment_table((0.5,)), lang="ar")
    title = fig.axes[0].title
    assert title.get_text().startswith("الإطار العسكري · الموضوع «عسكري»")
    assert "\u2066r = 0.50\u2069" in title.get_text()  # the number reads left to right
    contextual, rtl = rtl_shaped("العسكري", title.get_fontproperties())
    assert contextual and rtl
    assert fig.axes[1].get_ylabel() == "نسبة الفقرات التي تحمل الإطار"


def test_draws_on_given_axes_and_ncols():
    fig, axes = plt.subplots(1, 3)
    out = plot_topic_frames(paired_table(), ax=axes, legend=False)
    assert out is fig and not fig.legends
    assert all(ax.get_lines() for ax in axes)
    grid = plot_topic_frames(paired_table(), ncols=3)
    positions = {round(ax.get_position().y0, 3) for ax in grid.axes[:3]}
    assert len(positions) == 1  # one row


def test_on_topic_frame_pairs_output_and_saved(tmp_path):
    prevalence = pd.DataFrame({"topic": [0] * 6 + [1] * 6, "time": list(range(2001, 2007)) * 2,
                               "estimate": [0.1, 0.2, 0.2, 0.3, 0.35, 0.4, 0.5, 0.4, 0.4, 0.3, 0.3, 0.2]})
    prevalence = prevalence.assign(ci_low=prevalence["estimate"] - 0.05, ci_high=prevalence["estimate"] + 0.05)
    trends = paired_table(pairs=[("x", "military")], years=range(2001, 2007))[
        ["frame", "period", "start", "end", "frame_estimate", "frame_ci_low", "frame_ci_high", "frame_flag"]
    ].rename(columns=lambda c: c.replace("frame_", "") if c != "frame" else c)
    names = ["military", "other_1"]
    paired = topic_frame_pairs(prevalence, trends, topic_names=names)
    fig = plot_topic_frames(paired, alignment=topic_frame_alignment(prevalence, trends, topic_names=names))
    assert fig.axes[0].get_title().startswith("military frame · topic 'military' (r = ")
    files = save_figure(fig, tmp_path / "topic-frames")
    assert {f.suffix for f in files} == {".pdf", ".png", ".svg", ".json"}


def test_rcparams_untouched():
    before = dict(matplotlib.rcParams)
    plot_topic_frames(paired_table(), rc={"font.size": 13})
    plot_topic_frames(paired_table(), scale="z", lang="ar")
    assert dict(matplotlib.rcParams) == before


# ---------------------------------------------------------------------- errors
def test_input_errors():
    data = paired_table()
    with pytest.raises(TypeError, match="topic_frame_pairs"):
        plot_topic_frames(data.to_dict())
    with pytest.raises(ValueError, match=r"no column\(s\) \['frame_ci_high'\]"):
        plot_topic_frames(data.drop(columns="frame_ci_high"))
    with pytest.raises(ValueError, match="empty"):
        plot_topic_frames(data.iloc[:0])
    with pytest.raises(ValueError, match="scale"):
        plot_topic_frames(data, scale="log")
    with pytest.raises(ValueError, match="lang"):
        plot_topic_frames(data, lang="de")
    with pytest.raises(ValueError, match="ncols"):
        plot_topic_frames(data, ncols=0)
    with pytest.raises(ValueError, match="3 pairs need 3 Axes"):
        plot_topic_frames(data, ax=plt.subplots(1, 2)[1])
    with pytest.raises(TypeError, match="Axes"):
        plot_topic_frames(data, ax=["a", "b", "c"])
    with pytest.raises(ValueError, match="topic_frame_alignment"):
        plot_topic_frames(data, alignment=alignment_table().drop(columns="r"))
