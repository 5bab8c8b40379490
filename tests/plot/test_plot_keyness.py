"""plot_keyness: two-sided bars (target right, reference left), feature and group labels, the
measure in the x label, pale bars for non-significant features, Arabic shaped, rcParams untouched."""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from test_plot_arabic import PRESENTATION_FORMS, TERRORISM, rtl_shaped

from toolkit.plot import plot_keyness
from toolkit.plot.keyness import KEYNESS_COLORS

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def keyness_table(features=None, statistics=None, *, measure="g2", correction=None, p_adjusted=None,
                  **attrs) -> pd.DataFrame:
    """A table shaped like toolkit.keywords.keyness(): sorted by signed statistic, descending."""
    features = features or ["terrorism", "terrorist", "september", "afghanistan", "the",
                            "cold", "namibia", "soviet", "apartheid"]
    statistics = statistics or [820.5, 400.2, 250.0, 100.0, 0.0, -15.0, -150.0, -200.0, -360.3]
    n = len(features)
    table = pd.DataFrame({
        "feature": features, "target_freq": np.arange(n) + 10, "reference_freq": np.arange(n) + 5,
        "target_total": 10_000, "reference_total": 20_000, "statistic": statistics,
        "p_value": p_adjusted or [0.0] * n, "p_adjusted": p_adjusted or [0.0] * n,
        "effect": np.sign(statistics) * 1.5, "effect_measure": "log_ratio",
        "direction": np.where(np.asarray(statistics) >= 0, "target", "reference"),
        "measure": measure, "correction": correction})
    table.attrs.update({"measure": measure, "correction": correction, **attrs})
    return table


def widths(container) -> list[float]:
    return [round(float(p.get_width()), 3) for p in container]


def names(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "feature"]


def groups(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "group"]


# ---------------------------------------------------------------------- content
def test_plot_keyness_draws_target_right_and_reference_left_strongest_outermost():
    ax = plot_keyness(keyness_table(), n=3)
    target, reference = ax.containers
    assert widths(target) == [820.5, 400.2, 250.0]  # largest at the top
    assert widths(reference) == [-150.0, -200.0, -360.3]  # most negative at the bottom
    ys = [p.get_y() + p.get_height() / 2 for c in ax.containers for p in c]
    assert ys == sorted(ys) and ax.yaxis_inverted()  # rows run top to bottom in bar order
    assert {p.get_facecolor() for p in target} == {matplotlib.colors.to_rgba(KEYNESS_COLORS["target"])}
    assert {p.get_facecolor() for p in reference} == {matplotlib.colors.to_rgba(KEYNESS_COLORS["reference"])}
    assert names(ax) == ["terrorism", "terrorist", "september", "namibia", "soviet", "apartheid"]


def test_plot_keyness_leaves_out_zero_statistics_and_draws_fewer_bars_when_short():
    ax = plot_keyness(keyness_table(), n=10)
    assert [len(c) for c in ax.containers] == [4, 4]
    assert "the" not in names(ax)


def test_plot_keyness_n_reference_zero_draws_one_side():
    ax = plot_keyness(keyness_table(), n=2, n_reference=0)
    assert [len(c) for c in ax.containers] == [2, 0]
    assert names(ax) == ["terrorism", "terrorist"]


def test_plot_keyness_feature_names_sit_by_zero_on_the_empty_side():
    ax = plot_keyness(keyness_table(), n=2)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    zero = ax.transData.transform((0, 0))[0]
    texts = [t for t in ax.texts if t.get_gid() == "feature"]
    for text, value in zip(texts, [820.5, 400.2, -200.0, -360.3], strict=True):
        box = text.get_window_extent(renderer)
        if value > 0:
            assert box.x1 <= zero and zero - box.x1 < 6  # left of the zero line, next to it
        else:
            assert box.x0 >= zero and box.x0 - zero < 6


def test_plot_keyness_x_axis_is_symmetric_so_both_sides_compare():
    ax = plot_keyness(keyness_table(), n=3)
    low, high = ax.get_xlim()
    assert low == pytest.approx(-high) and high >= 820.5


def test_plot_keyness_labels_the_measure_correction_and_both_groups():
    table = keyness_table(correction="williams", target="year >= 2001", reference="year <= 2000")
    ax = plot_keyness(table)
    assert ax.get_xlabel() == "log-likelihood G² (2-term), Williams correction"
    assert groups(ax) == ["year >= 2001", "year <= 2000"]
    ax = plot_keyness(table, target_label="2001–2005", reference_label="1990–2000", title="UNGDC")
    assert groups(ax) == ["2001–2005", "1990–2000"] and ax.get_title() == "UNGDC"


@pytest.mark.parametrize(("attrs", "expected"), [
    ({"reference": None, "reference_kind": "rest"}, ["target", "rest of the corpus"]),
    ({"reference": None, "reference_kind": "mask"}, ["target", "reference"]),
    ({}, ["target", "reference"]),
])
def test_plot_keyness_default_group_names(attrs, expected):
    assert groups(plot_keyness(keyness_table(**attrs))) == expected


def test_plot_keyness_group_names_are_coloured_like_their_bars_and_placed_on_their_side():
    ax = plot_keyness(keyness_table(target="after", reference="before"))
    target, reference = (t for t in ax.texts if t.get_gid() == "group")
    assert target.get_color() == KEYNESS_COLORS["target"] and target.get_ha() == "right"
    assert reference.get_color() == KEYNESS_COLORS["reference"] and reference.get_ha() == "left"


@pytest.mark.parametrize(("measure", "correction", "value", "expected"), [
    ("g2_4term", None, "statistic", "log-likelihood G² (4-term)"),
    ("chi2", "yates", "statistic", "chi-square, Yates correction"),
    ("g2", "none", "statistic", "log-likelihood G² (2-term)"),
    ("new_measure", None, "statistic", "new_measure"),
    ("g2", None, "effect", "Log Ratio"),
])
def test_plot_keyness_xlabel_follows_measure_and_value(measure, correction, value, expected):
    ax = plot_keyness(keyness_table(measure=measure, correction=correction), value=value)
    assert ax.get_xlabel() == expected


def test_plot_keyness_effect_bars_use_the_effect_column():
    ax = plot_keyness(keyness_table(), value="effect", n=2)
    assert widths(ax.containers[0]) == [1.5, 1.5] and widths(ax.containers[1]) == [-1.5, -1.5]


def test_plot_keyness_pales_bars_that_are_not_significant_and_says_so():
    p = [0.0, 0.2, 0.0, 0.0, 1.0, 0.5, 0.0, 0.0, 0.0]
    ax = plot_keyness(keyness_table(p_adjusted=p), n=4)
    alphas = [p.get_alpha() for c in ax.containers for p in c]
    # bars: terrorism, terrorist (0.2), september, afghanistan | cold (0.5), namibia, soviet, apartheid
    assert [a is not None and a < 1 for a in alphas] == [False, True, False, False, True, False, False, False]
    assert any("p_adjusted ≥ 0.05" in t.get_text() for t in ax.texts)
    ax = plot_keyness(keyness_table(p_adjusted=p), n=4, alpha=None)
    assert all(p.get_alpha() is None for c in ax.containers for p in c)
    assert not any("≥" in t.get_text() for t in ax.texts)


def test_plot_keyness_draws_into_a_given_axes():
    _, (left, right) = plt.subplots(1, 2)
    assert plot_keyness(keyness_table(), ax=right) is right
    assert not left.containers and len(right.containers) == 2


# ---------------------------------------------------------------------- Arabic
#: words whose first letter does not join to the left, so that rtl_shaped() can find it (isolated) on the right
ARABIC = [TERRORISM, "الإرهابية", "داعش", "الجيش", "الانتخابات", "الحكومة"]


def arabic_axes():
    table = keyness_table(ARABIC, [300.0, 120.0, 80.0, -40.0, -90.0, -200.0], target="2016–2017",
                          reference="2013–2015")
    return plot_keyness(table, lang="ar", title="الكلمات المفتاحية (2016–2017)")


def test_plot_keyness_arabic_features_are_raw_shaped_and_right_to_left():
    ax = arabic_axes()
    texts = [t for t in ax.texts if t.get_gid() == "feature"]
    assert [t.get_text() for t in texts] == ARABIC
    assert not any(PRESENTATION_FORMS.search(t.get_text()) for t in ax.texts)
    for text in texts:
        word = text.get_text()
        contextual, rtl = rtl_shaped(word, text.get_fontproperties())
        assert contextual and rtl, f"{word!r} is not shaped right to left"


def test_plot_keyness_arabic_group_names_and_words():
    ax = arabic_axes()
    assert groups(ax) == ["2016–2017", "2013–2015"]  # left-to-right labels are left alone
    assert ax.get_title() == "الكلمات المفتاحية (\u20662016–2017\u2069)"
    ax = plot_keyness(keyness_table(ARABIC, [3.0, 2.0, 1.0, -1.0, -2.0, -3.0], reference=None,
                                     reference_kind="rest"), lang="ar")
    assert groups(ax) == ["المدونة المستهدفة", "بقية المدونة"]
    for text in (t for t in ax.texts if t.get_gid() == "group"):
        contextual, _ = rtl_shaped(text.get_text().split()[0], text.get_fontproperties())
        assert contextual


def test_plot_keyness_arabic_note_keeps_the_test_left_to_right():
    table = keyness_table(ARABIC, [3.0, 2.0, 1.0, -1.0, -2.0, -3.0], p_adjusted=[0.5] * 6)
    ax = plot_keyness(table, lang="ar")
    note = next(t.get_text() for t in ax.texts if "p_adjusted" in t.get_text())
    assert "\u2066p_adjusted ≥ 0.05\u2069" in note


def test_plot_keyness_arabic_renders_without_missing_glyphs():
    ax = arabic_axes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


# ---------------------------------------------------------------------- style and errors
def test_plot_keyness_never_changes_global_rcparams():
    before = dict(matplotlib.rcParams)
    arabic_axes().figure.canvas.draw()
    plot_keyness(keyness_table(), rc={"font.size": 12}).figure.canvas.draw()
    assert dict(matplotlib.rcParams) == before


def test_plot_keyness_style_survives_drawing_outside_the_context():
    ax = plot_keyness(keyness_table())
    ax.figure.canvas.draw()
    assert {t.get_fontsize() for t in ax.get_xticklabels()} == {7.0}


def test_plot_keyness_missing_column_names_it_and_the_producer():
    with pytest.raises(ValueError, match=r"plot_keyness\(\).*no column\(s\) \['statistic'\].*toolkit\.keywords\.keyness\(\)"):
        plot_keyness(keyness_table().drop(columns="statistic"))


def test_plot_keyness_table_with_several_comparisons_is_refused():
    table = pd.concat([keyness_table().assign(period="a"), keyness_table().assign(period="b")])
    with pytest.raises(ValueError, match=r"several rows.*table\[table\['period'\] == \.\.\.\]"):
        plot_keyness(table)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"keyness_table": [1, 2]}, TypeError, "DataFrame"),
    ({"n": -1}, ValueError, "n must be"),
    ({"n": True}, ValueError, "n must be"),
    ({"n_reference": 1.5}, ValueError, "n_reference must be"),
    ({"lang": "de"}, ValueError, "lang"),
    ({"ax": "axes"}, TypeError, "ax must be"),
])
def test_plot_keyness_rejects_bad_arguments(kwargs, error, match):
    args = {"keyness_table": keyness_table(), **kwargs}
    with pytest.raises(error, match=match):
        plot_keyness(args.pop("keyness_table"), **args)


def test_plot_keyness_all_zero_is_an_error():
    with pytest.raises(ValueError, match="no feature has a non-zero 'statistic'"):
        plot_keyness(keyness_table(["a", "b"], [0.0, 0.0]))


# ---------------------------------------------------------------------- with the library's table
def test_plot_keyness_on_the_table_of_keyness():
    from toolkit.corpus import Corpus
    from toolkit.keywords.keyness import keyness

    corpus = Corpus.from_records([
        {"doc_id": "a", "text": "terrorism terrorism security peace", "lang": "en", "period": "after"},
        {"doc_id": "b", "text": "terrorism security council", "lang": "en", "period": "after"},
        {"doc_id": "c", "text": "peace peace council development", "lang": "en", "period": "before"},
        {"doc_id": "d", "text": "development peace council", "lang": "en", "period": "before"},
    ])
    table = keyness(corpus, "period == 'after'", measure="g2_4term", correction="williams")
    ax = plot_keyness(table, n=2)
    assert names(ax) == ["terrorism", "security", "peace", "development"]
    assert widths(ax.containers[0]) == [round(v, 3) for v in table["statistic"].head(2)]
    assert ax.get_xlabel() == "log-likelihood G² (4-term), Williams correction"
    assert groups(ax) == ["period == 'after'", "rest of the corpus"]
