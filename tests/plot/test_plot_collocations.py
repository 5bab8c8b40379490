"""plot_collocations: node in the centre, the n strongest collocates around it, closer and wider
edges for stronger ones, no overlapping words, Arabic shaped, rcParams untouched."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from test_plot_arabic import PRESENTATION_FORMS, TERRORISM, rtl_shaped

from toolkit.plot import plot_collocations
from toolkit.plot.collocations import _ASPECT, _RADIUS

matplotlib.use("Agg")

WORDS = ["combat", "international", "acts", "fight", "against", "war", "financing", "global", "threat",
         "measures", "forms", "convention", "cooperation", "scourge", "organized", "crime", "condemn"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def collocations_table(words=WORDS, *, node="terrorism") -> pd.DataFrame:
    """A table shaped like toolkit.keywords.collocations(), rows NOT sorted by strength."""
    n = len(words)
    logdice = np.linspace(12.0, 6.0, n)
    order = np.r_[np.arange(1, n, 2), np.arange(0, n, 2)]  # shuffled rows
    table = pd.DataFrame({"node": node, "collocate": words, "observed": np.arange(n, 0, -1) * 10,
                          "expected": 1.5, "node_freq": 500, "collocate_freq": 100, "n": 100_000,
                          "logdice": logdice, "pmi": logdice / 2, "t": logdice - 3}).iloc[order]
    return table.reset_index(drop=True)


def node_text(ax):
    return next(t for t in ax.texts if t.get_gid() == "node")


def collocate_texts(ax):
    return [t for t in ax.texts if t.get_gid() == "collocate"]


def ellipse_radius(text) -> float:
    x, y = text.get_position()
    return float(np.hypot(x / _ASPECT, y))


# ---------------------------------------------------------------------- content
def test_plot_collocations_node_in_the_centre_and_the_n_strongest_around_it():
    ax = plot_collocations(collocations_table(), n=12)
    assert node_text(ax).get_text() == "terrorism" and node_text(ax).get_position() == (0, 0)
    assert [t.get_text() for t in collocate_texts(ax)] == WORDS[:12]  # strongest first
    edges = ax.collections[0].get_segments()
    assert len(edges) == 12
    for edge, text in zip(edges, collocate_texts(ax), strict=True):
        assert tuple(edge[0]) == (0.0, 0.0) and tuple(edge[1]) == pytest.approx(text.get_position())
    assert not ax.axison and ax.get_aspect() == 1.0


def test_plot_collocations_edge_width_grows_with_the_measure():
    ax = plot_collocations(collocations_table(), n=10)
    widths = [float(w) for w in ax.collections[0].get_linewidths()]
    assert widths == sorted(widths, reverse=True) and widths[0] > 3 * widths[-1]


def test_plot_collocations_stronger_collocates_sit_closer_when_there_is_room():
    ax = plot_collocations(collocations_table(WORDS[:5]), n=5)
    radii = [ellipse_radius(t) for t in collocate_texts(ax)]
    assert radii == sorted(radii) and radii[0] == pytest.approx(_RADIUS[0]) and radii[-1] == pytest.approx(_RADIUS[1])


def test_plot_collocations_never_places_a_word_nearer_than_its_strength_says():
    ax = plot_collocations(collocations_table(), n=15)
    radii = np.array([ellipse_radius(t) for t in collocate_texts(ax)])
    scaled = np.linspace(1, 0, 15)  # logdice is linear in rank: min-max scaled, 1 for the strongest
    floor = _RADIUS[1] - (_RADIUS[1] - _RADIUS[0]) * scaled
    assert (radii >= floor - 1e-9).all()
    strongest_half, weakest_half = radii[:7].mean(), radii[8:].mean()
    assert strongest_half < weakest_half


def test_plot_collocations_words_do_not_overlap():
    ax = plot_collocations(collocations_table(), n=15, title="Collocates of terrorism")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in [node_text(ax), *collocate_texts(ax)]]
    clashes = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert not clashes


@pytest.mark.parametrize("measure", ["pmi", "t", "observed"])
def test_plot_collocations_ranks_by_the_chosen_measure(measure):
    table = collocations_table()
    table[measure] = table[measure].to_numpy()[::-1]  # reverse the ranking for this measure only
    ax = plot_collocations(table, measure=measure, n=3, note=False)
    expected = table.sort_values(measure, ascending=False)["collocate"].head(3).tolist()
    assert [t.get_text() for t in collocate_texts(ax)] == expected


def test_plot_collocations_note_names_the_measure_and_its_range():
    ax = plot_collocations(collocations_table(), n=5)
    note = next(t for t in ax.texts if t.get_gid() == "note")
    assert note.get_text() == "closer and wider: stronger logDice (10.5–12)"
    assert not any(t.get_gid() == "note" for t in plot_collocations(collocations_table(), note=False).texts)


def test_plot_collocations_drops_missing_values_and_handles_equal_strengths():
    table = collocations_table(WORDS[:4])
    table.loc[0, "logdice"] = np.nan
    table["pmi"] = 2.0
    ax = plot_collocations(table, measure="pmi", note=False)
    assert len(collocate_texts(ax)) == 4
    assert len(set(np.round(ax.collections[0].get_linewidths(), 6))) == 1
    ax = plot_collocations(table, note=False)
    assert len(collocate_texts(ax)) == 3


def test_plot_collocations_selects_a_node_of_a_table_with_several():
    table = pd.concat([collocations_table(WORDS[:4]), collocations_table(WORDS[4:8], node="terror*")])
    with pytest.raises(ValueError, match=r"2 nodes \['terrorism', 'terror\*'\]; pass node="):
        plot_collocations(table)
    ax = plot_collocations(table, node="terror*")
    assert node_text(ax).get_text() == "terror*"
    assert sorted(t.get_text() for t in collocate_texts(ax)) == sorted(WORDS[4:8])
    with pytest.raises(ValueError, match="node 'terrorist' is not in the table"):
        plot_collocations(table, node="terrorist")


def test_plot_collocations_node_label_for_a_table_without_node_column():
    table = collocations_table(WORDS[:3]).drop(columns="node")
    assert node_text(plot_collocations(table, node="terrorism")).get_text() == "terrorism"
    with pytest.raises(ValueError, match=r"no column\(s\) \['node'\].*collocations\(\)"):
        plot_collocations(table)


# ---------------------------------------------------------------------- Arabic
ARABIC = ["الجماعات", "الحرب", "الإرهابية", "داعش", "العمليات", "الأمن"]  # first letters do not join left


def test_plot_collocations_arabic_words_are_raw_shaped_and_right_to_left():
    ax = plot_collocations(collocations_table(ARABIC, node=TERRORISM), lang="ar", title="متلازمات الإرهاب (2016–2017)")
    texts = [node_text(ax), *collocate_texts(ax)]
    assert [t.get_text() for t in texts] == [TERRORISM, *ARABIC]
    assert not any(PRESENTATION_FORMS.search(t.get_text()) for t in ax.texts)
    for text in texts:
        contextual, rtl = rtl_shaped(text.get_text(), text.get_fontproperties())
        assert contextual and rtl, f"{text.get_text()!r} is not shaped right to left"
    assert ax.get_title() == "متلازمات الإرهاب (\u20662016–2017\u2069)"
    note = next(t for t in ax.texts if t.get_gid() == "note").get_text()
    assert note.startswith("الأقرب والأعرض") and "\u20666–12\u2069" in note
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


# ---------------------------------------------------------------------- style and errors
def test_plot_collocations_never_changes_global_rcparams():
    before = dict(matplotlib.rcParams)
    plot_collocations(collocations_table(ARABIC, node=TERRORISM), lang="ar").figure.canvas.draw()
    plot_collocations(collocations_table(), rc={"font.size": 10}).figure.canvas.draw()
    assert dict(matplotlib.rcParams) == before


def test_plot_collocations_draws_into_a_given_axes():
    _, (left, right) = plt.subplots(1, 2, figsize=(7, 3))
    assert plot_collocations(collocations_table(), ax=left) is left
    assert plot_collocations(collocations_table(ARABIC, node=TERRORISM), ax=right, lang="ar") is right
    assert len(left.collections) == len(right.collections) == 1


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"collocations_table": {"collocate": ["a"]}}, TypeError, "DataFrame"),
    ({"measure": "lambda"}, ValueError, r"no column\(s\) \['lambda'\]"),
    ({"n": 0}, ValueError, "n must be"),
    ({"lang": "de"}, ValueError, "lang"),
    ({"collocations_table": collocations_table().assign(logdice=np.nan)}, ValueError, "no finite value"),
])
def test_plot_collocations_rejects_bad_arguments(kwargs, error, match):
    args = {"collocations_table": collocations_table(), **kwargs}
    with pytest.raises(error, match=match):
        plot_collocations(args.pop("collocations_table"), **args)


# ---------------------------------------------------------------------- with the library's table
def test_plot_collocations_on_the_table_of_collocations():
    from toolkit.keywords.collocations import collocations

    texts = ["ندين الإرهاب بشدة", "مكافحة والإرهاب بشدة", "مكافحة بالإرهاب واجبة"]
    table = collocations(texts, "إرهاب", window=1, min_count=1)
    ax = plot_collocations(table, measure="logdice", lang="ar")
    assert node_text(ax).get_text() == "إرهاب"
    expected = table.sort_values("logdice", ascending=False, kind="stable")["collocate"].tolist()
    assert [t.get_text() for t in collocate_texts(ax)] == expected
