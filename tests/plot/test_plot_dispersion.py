"""plot_dispersion: one row per document or term, one tick per match at its position, counts,
colours per term, right-to-left axes for Arabic, Arabic labels shaped, rcParams untouched."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import EventCollection
from test_plot_arabic import PRESENTATION_FORMS, TERRORISM, rtl_shaped

from toolkit.plot import plot_dispersion

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def positions_table(rows=None) -> pd.DataFrame:
    """A table shaped like toolkit.keywords.dispersion_positions(): one row per match."""
    rows = rows or [("USA_56_2001", 10, 100, "terrorism"), ("USA_56_2001", 50, 100, "terrorist"),
                    ("USA_56_2001", 90, 100, "terrorism"), ("FRA_56_2001", 0, 40, "terrorism"),
                    ("GBR_56_2001", 30, 60, "terrorism"), ("GBR_56_2001", 45, 60, "terrorism")]
    table = pd.DataFrame(rows, columns=["doc_id", "token_index", "n_tokens", "match"])
    table["relative_position"] = table["token_index"] / table["n_tokens"]
    return table[["doc_id", "token_index", "n_tokens", "relative_position", "match"]]


def events(ax) -> list[EventCollection]:
    return [c for c in ax.collections if isinstance(c, EventCollection)]


def positions_by_row(ax) -> dict[float, list[float]]:
    """Tick positions per row (the y offset of each EventCollection), rounded."""
    out: dict[float, list[float]] = {}
    for c in events(ax):
        out.setdefault(round(float(c.get_lineoffset()), 3), []).extend(round(float(p), 3) for p in c.get_positions())
    return {k: sorted(v) for k, v in out.items()}


def row_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def counts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "count"]


# ---------------------------------------------------------------------- content
def test_plot_dispersion_one_row_per_document_ticks_at_relative_positions():
    ax = plot_dispersion(positions_table(), hue=None)
    assert row_labels(ax) == ["USA_56_2001", "FRA_56_2001", "GBR_56_2001"]
    assert positions_by_row(ax) == {0.0: [0.1, 0.5, 0.9], 1.0: [0.0], 2.0: [0.5, 0.75]}
    assert ax.get_xlim() == (0.0, 1.0) and ax.yaxis_inverted()  # first document on top
    assert counts(ax) == ["3", "1", "2"]
    assert ax.get_xlabel() == "Position in the document (0 = start, 1 = end)"


def test_plot_dispersion_baselines_span_each_row():
    ax = plot_dispersion(positions_table())
    baseline = ax.collections[0]
    assert baseline.get_gid() == "baseline"
    segments = baseline.get_segments()
    assert [(s[0][0], s[1][0]) for s in segments] == [(0.0, 1.0)] * 3


def test_plot_dispersion_colours_terms_with_a_legend_when_rows_are_documents():
    ax = plot_dispersion(positions_table())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["terrorism", "terrorist"]
    colours = {}
    for c in events(ax):
        if len(c.get_positions()):
            colours.setdefault(tuple(np.atleast_2d(c.get_color())[0]), []).extend(c.get_positions())
    assert len(colours) == 2
    assert sorted(len(v) for v in colours.values()) == [1, 5]  # one "terrorist", five "terrorism"


def test_plot_dispersion_one_row_per_term():
    ax = plot_dispersion(positions_table(), row="match")
    assert row_labels(ax) == ["terrorism", "terrorist"]
    assert positions_by_row(ax) == {0.0: [0.0, 0.1, 0.5, 0.75, 0.9], 1.0: [0.5]}
    assert ax.get_legend() is None and counts(ax) == ["5", "1"]


def test_plot_dispersion_token_positions_and_document_lengths():
    ax = plot_dispersion(positions_table(), x="token_index", hue=None)
    assert positions_by_row(ax)[0.0] == [10, 50, 90]
    assert [s[1][0] for s in ax.collections[0].get_segments()] == [100, 40, 60]
    assert ax.get_xlim() == (0.0, 100.0) and ax.get_xlabel() == "Position (tokens)"


def test_plot_dispersion_orders_rows_by_count_and_caps_their_number_with_a_note():
    ax = plot_dispersion(positions_table(), order="count", n_rows=2)
    assert row_labels(ax) == ["USA_56_2001", "GBR_56_2001"]
    assert any(t.get_text() == "1 more row(s) not shown" for t in ax.texts)


def test_plot_dispersion_rows_without_a_position_stay_empty():
    table = pd.concat([positions_table(), pd.DataFrame({"doc_id": ["CUB_56_2001"], "token_index": [np.nan],
                                                        "n_tokens": [80], "relative_position": [np.nan],
                                                        "match": [None]})], ignore_index=True)
    ax = plot_dispersion(table, hue=None)
    assert row_labels(ax)[-1] == "CUB_56_2001"
    assert positions_by_row(ax)[3.0] == [] and counts(ax)[-1] == "0"


def test_plot_dispersion_categorical_rows_keep_their_order():
    table = positions_table()
    table["doc_id"] = pd.Categorical(table["doc_id"], categories=["GBR_56_2001", "FRA_56_2001", "USA_56_2001"])
    assert row_labels(plot_dispersion(table)) == ["GBR_56_2001", "FRA_56_2001", "USA_56_2001"]


# ---------------------------------------------------------------------- Arabic
def arabic_table() -> pd.DataFrame:
    return positions_table([("جوهرة_1", 5, 50, TERRORISM), ("جوهرة_1", 40, 50, "التمويل"),
                            ("دعوة_2", 10, 20, TERRORISM)])


def test_plot_dispersion_arabic_runs_right_to_left_with_labels_on_the_right():
    ax = plot_dispersion(arabic_table(), lang="ar", title="الإرهاب في الأخبار")
    assert ax.xaxis_inverted() and ax.get_xlim() == (1.0, 0.0)  # start of a document on the right
    assert ax.yaxis.get_ticks_position() == "right"
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    for text in ax.get_yticklabels():
        assert text.get_window_extent(renderer).x0 >= axes_box.x1 - 1
    for text in (t for t in ax.texts if t.get_gid() == "count"):
        assert text.get_window_extent(renderer).x1 <= axes_box.x0 + 1
    assert plot_dispersion(arabic_table(), lang="ar", direction="ltr").get_xlim() == (0.0, 1.0)
    assert plot_dispersion(positions_table(), direction="rtl").xaxis_inverted()


def test_plot_dispersion_arabic_labels_are_raw_and_shaped():
    ax = plot_dispersion(arabic_table(), lang="ar")
    labels = [*ax.get_yticklabels(), *ax.get_legend().get_texts()]
    # numbers inside Arabic labels are isolated (house convention: toolkit.plot.isolate)
    assert [t.get_text() for t in labels] == ["جوهرة_\u20661\u2069", "دعوة_\u20662\u2069", TERRORISM, "التمويل"]
    assert not any(PRESENTATION_FORMS.search(t.get_text()) for t in labels)
    for text in labels:
        contextual, _ = rtl_shaped(text.get_text().split("_")[0], text.get_fontproperties())
        assert contextual, f"{text.get_text()!r} drawn with isolated letter forms"
    legend_term = ax.get_legend().get_texts()[0]
    contextual, rtl = rtl_shaped(TERRORISM, legend_term.get_fontproperties())
    assert contextual and rtl
    assert ax.get_xlabel() == "الموضع في الوثيقة (\u20660\u2069 = البداية، \u20661\u2069 = النهاية)"


def test_plot_dispersion_arabic_renders_without_missing_glyphs():
    ax = plot_dispersion(arabic_table(), lang="ar")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


# ---------------------------------------------------------------------- style and errors
def test_plot_dispersion_never_changes_global_rcparams():
    before = dict(matplotlib.rcParams)
    plot_dispersion(arabic_table(), lang="ar").figure.canvas.draw()
    plot_dispersion(positions_table(), rc={"font.size": 11}).figure.canvas.draw()
    assert dict(matplotlib.rcParams) == before


def test_plot_dispersion_missing_column_names_it_and_the_producer():
    with pytest.raises(ValueError, match=r"no column\(s\) \['relative_position'\].*dispersion_positions\(\)"):
        plot_dispersion(positions_table().drop(columns="relative_position"))


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"positions": "a table"}, TypeError, "DataFrame"),
    ({"positions": positions_table().iloc[:0]}, ValueError, "empty"),
    ({"n_rows": 0}, ValueError, "n_rows must be"),
    ({"order": "alphabetical"}, ValueError, "order"),
    ({"direction": "up"}, ValueError, "direction"),
    ({"lang": "es"}, ValueError, "lang"),
])
def test_plot_dispersion_rejects_bad_arguments(kwargs, error, match):
    args = {"positions": positions_table(), **kwargs}
    with pytest.raises(error, match=match):
        plot_dispersion(args.pop("positions"), **args)


# ---------------------------------------------------------------------- with the library's table
def test_plot_dispersion_on_dispersion_positions_shows_documents_without_matches():
    from toolkit.keywords.dispersion import dispersion_positions

    texts = {"d1": "terrorism threatens peace and terrorists hide", "d2": "development and peace",
             "d3": "الإرهاب ظاهرة و مكافحة الإرهاب"}
    table = dispersion_positions(texts, ["terror*", "إرهاب"])
    ax = plot_dispersion(table)
    assert row_labels(ax) == ["d1", "d2", "d3"]  # d2 has no match: an empty row
    assert positions_by_row(ax) == {0.0: [0.0, 0.667], 1.0: [], 2.0: [0.0, 0.8]}
    assert counts(ax) == ["2", "0", "2"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["terror*", "إرهاب"]  # one colour per pattern
    ax = plot_dispersion(table, x="token_index", empty_rows=False)
    assert row_labels(ax) == ["d1", "d3"]
    ax = plot_dispersion(table, x="token_index")
    assert [s[1][0] for s in ax.collections[0].get_segments()] == [6, 3, 5]  # document lengths in tokens
