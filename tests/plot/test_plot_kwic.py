"""plot_kwic: matches centred, contexts in reading order; Arabic rows read right to left."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import toolkit
from toolkit.corpus.corpus import Corpus
from toolkit.plot import plot_kwic

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def table():
    corpus = Corpus.from_records([
        {"doc_id": "un", "lang": "en", "text": "The Council condemns terrorism in all its forms."},
        {"doc_id": "map", "lang": "ar", "text": "أدان المجلس الإرهاب بجميع أشكاله، ودعا إلى مكافحة الإرهاب."},
    ])
    return toolkit.kwic(corpus, ["terror*", "إرهاب"], window=3)


def by_gid(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


def plain(text):
    return text.get_text().strip("\u200e\u200f")


def test_plot_kwic_shows_every_match_and_context(table):
    ax = plot_kwic(table, title="KWIC")
    assert [plain(t) for t in by_gid(ax, "match")] == ["terrorism", "الإرهاب", "الإرهاب"]
    assert [plain(t) for t in by_gid(ax, "preceding")] == ["The Council condemns", "أدان المجلس",
                                                           "ودعا إلى مكافحة"]
    assert [plain(t) for t in by_gid(ax, "label")] == ["un", "map", "map"]
    assert ax.get_title() == "KWIC" and not ax.axison


def test_plot_kwic_arabic_rows_put_preceding_text_right_of_the_match(table):
    ax = plot_kwic(table)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    rows = zip(by_gid(ax, "match"), by_gid(ax, "preceding"), by_gid(ax, "following"), by_gid(ax, "label"),
               table["direction"], strict=True)
    for match, before, after, label, direction in rows:
        m, b, a, lab = (t.get_window_extent(renderer) for t in (match, before, after, label))
        if direction == "rtl":
            assert b.x0 >= m.x1 and a.x1 <= m.x0  # reading right to left
            assert lab.x1 > m.x1 and lab.x0 > ax.get_window_extent(renderer).x0 + ax.bbox.width / 2
            assert before.get_text().startswith("\u200f")  # the piece keeps its RTL direction
        else:
            assert b.x1 <= m.x0 and a.x0 >= m.x1
            assert lab.x0 < m.x0


def test_plot_kwic_cuts_long_contexts_at_words_with_ellipsis_at_the_far_end():
    t = pd.DataFrame({"left": ["one two three four five six "], "match": ["terror"],
                      "right": [" seven eight nine ten eleven"], "direction": ["ltr"]})
    ax = plot_kwic(t, width=12)
    assert plain(by_gid(ax, "preceding")[0]) == "… five six"
    assert plain(by_gid(ax, "following")[0]) == "seven eight …"


def test_plot_kwic_first_n_rows_and_direction_from_script():
    t = pd.DataFrame({"left": ["a ", "قال "], "match": ["x", "الإرهاب"], "right": [" b", " هنا"]})
    ax = plot_kwic(t, n=1, label=None)
    assert len(by_gid(ax, "match")) == 1
    ax = plot_kwic(t, label=None)
    assert by_gid(ax, "match")[1].get_text().startswith("\u200f")


@pytest.mark.parametrize(("kwargs", "match"), [({"n": 0}, "n must be"), ({"width": "x"}, "width must be"),
                                               ({"label": "page"}, r"\[.page.\]")])
def test_plot_kwic_rejects_bad_options(table, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_kwic(table, **kwargs)


def test_plot_kwic_rejects_bad_direction(table):
    with pytest.raises(ValueError, match="direction must be 'rtl' or 'ltr'"):
        plot_kwic(table.assign(direction="up"))


def test_plot_kwic_never_changes_global_rcparams(table):
    before = dict(matplotlib.rcParams)
    plot_kwic(table).figure.canvas.draw()
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize(("lang", "note"), [("en", "No lines to show"), ("ar", "لا توجد أسطر للعرض")])
def test_empty_table_draws_a_note_instead_of_failing(lang, note):
    empty = pd.DataFrame({"left": [], "match": [], "right": [], "direction": []})
    ax = plot_kwic(empty, lang=lang)
    texts = [t.get_text() for t in ax.texts]
    assert texts == [note]
    assert not [t for t in ax.texts if t.get_gid() == "match"]
    plt.close("all")
