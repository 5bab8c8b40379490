"""Arabic in figures is present, SHAPED and laid out right to left (matplotlib >= 3.11 does both).

How the checks work
-------------------
* Engine: an Arabic word rendered from its raw letters must give exactly the pixels of a
  known-good rendering typeset by hand: its contextual presentation forms (U+FE70-U+FEFF, what a
  correct shaper picks) in visual order, forced left to right (LRO ... PDF) so no bidi is
  applied. The same word with its letters separated, and the old arabic_reshaper + python-bidi
  output (visual-order forms without LRO, which 3.11 reverses again), must differ from it.
* Figures: for each Arabic label the toolkit draws, the glyphs matplotlib lays out with the
  label's own font are compared with the glyphs of each letter drawn alone (isolated forms):
  shaped text uses contextual glyphs that no isolated letter has; and the first letter of the
  word is the rightmost glyph (right to left). Numbers in isolates keep their order: in
  "(2015–2024)" the glyph "1" (of 2015) lies left of the glyph "4" (of 2024).
"""

from __future__ import annotations

import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from toolkit.plot import FRAME_LABELS, FRAMES, isolate, plot_heatmap, plot_kwic, plot_trends, save_figure

matplotlib.use("Agg")

TERRORISM = "الإرهاب"
#: الإرهاب as a correct shaper writes it: alef, lam-alef-hamza ligature, reh, initial heh, final alef, beh
TERRORISM_FORMS = "\ufe8d\ufef9\ufead\ufeeb\ufe8e\ufe8f"
FINANCING = "تمويل"
LRO, PDF = "\u202d", "\u202c"
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
DEJAVU = FontProperties(family=["DejaVu Sans"], size=14)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------------- helpers
def glyph_run(text: str, prop: FontProperties) -> list[tuple[str, float]]:
    """(glyph id, x position) of each glyph matplotlib lays out for ``text``, in visual order.

    Uses the font list of ``prop`` with its per-glyph fallback, as the renderers do."""
    font = text_to_path._get_font(prop)
    glyphs, _, _ = text_to_path.get_glyphs_with_font(font, text)
    return [(gid, float(x)) for gid, x, _, _ in glyphs]


def isolated_glyphs(word: str, prop: FontProperties) -> set[str]:
    return {glyph_run(letter, prop)[0][0] for letter in word}


def rtl_shaped(word: str, prop: FontProperties) -> tuple[list[str], bool]:
    """(glyphs of ``word`` that no isolated letter has, whether its first letter is the rightmost glyph)."""
    run = glyph_run(word, prop)
    isolated = isolated_glyphs(word, prop)
    contextual = [gid for gid, _ in run if gid not in isolated]
    first = glyph_run(word[0], prop)[0][0]
    xs = [x for gid, x in run if gid == first]
    return contextual, bool(xs) and max(xs) == max(x for _, x in run)


def raster(text: str) -> np.ndarray:
    fig = Figure(figsize=(2.5, 0.6), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, text, ha="center", va="center", fontproperties=DEJAVU)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def differing_pixels(a: np.ndarray, b: np.ndarray) -> int:
    return int((a != b).any(axis=2).sum())


# ---------------------------------------------------------------------- engine
def test_matplotlib_renders_raw_arabic_exactly_like_hand_typeset_contextual_forms():
    known_good = LRO + TERRORISM_FORMS[::-1] + PDF  # visual order, no bidi
    assert differing_pixels(raster(TERRORISM), raster(known_good)) == 0


def test_separated_letters_and_the_old_reshaper_workaround_do_not_match():
    """The pixel check can fail: isolated letters, and pre-reshaped text (reversed on 3.11), differ."""
    good = raster(TERRORISM)
    assert differing_pixels(good, raster(" ".join(TERRORISM))) > 100
    reshaper_output = TERRORISM_FORMS[::-1]  # what arabic_reshaper + python-bidi would pass in
    assert differing_pixels(good, raster(reshaper_output)) > 100


def test_glyph_check_distinguishes_shaped_from_isolated_letters():
    contextual, rtl = rtl_shaped(TERRORISM, DEJAVU)
    assert len(contextual) >= 3 and rtl  # lam-alef ligature, initial heh, final alef
    contextual, _ = rtl_shaped(FINANCING, DEJAVU)
    assert len(contextual) >= 3
    # a word already turned into presentation forms has nothing left to shape
    run = [gid for gid, _ in glyph_run(" ".join(TERRORISM), DEJAVU)]
    assert set(run) - {glyph_run(" ", DEJAVU)[0][0]} <= isolated_glyphs(TERRORISM, DEJAVU)


# ---------------------------------------------------------------------- figures
def trends_table() -> pd.DataFrame:
    rows = [{"frame": f, "period": str(y), "start": pd.Timestamp(f"{y}-01-01"), "end": pd.Timestamp(f"{y}-12-31"),
             "estimate": 0.2 + 0.05 * k, "ci_low": 0.15 + 0.05 * k, "ci_high": 0.25 + 0.05 * k, "n_units": 50,
             "n_clusters": 20, "flag": "ok", "stat": "share"} for k, f in enumerate(FRAMES) for y in range(2015, 2025)]
    return pd.DataFrame(rows)


def arabic_trends_axes():
    return plot_trends(trends_table(), lang="ar", title=f"{TERRORISM} في البلاغات (2015–2024)")


def test_arabic_figure_labels_are_raw_strings_not_pre_reshaped():
    ax = arabic_trends_axes()
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.get_legend().get_texts())]
    assert all(not PRESENTATION_FORMS.search(t) for t in texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [FRAME_LABELS["ar"][f] for f in FRAMES]


def test_arabic_legend_labels_and_title_are_shaped_right_to_left_in_their_own_font():
    ax = arabic_trends_axes()
    for text in [*ax.get_legend().get_texts(), ax.xaxis.label]:
        label = text.get_text()
        contextual, _ = rtl_shaped(label, text.get_fontproperties())  # RTL order: checked on the title
        assert contextual, f"{label!r} is drawn with isolated letter forms only"
    title_prop = ax.title.get_fontproperties()
    contextual, rtl = rtl_shaped(TERRORISM, title_prop)
    assert contextual and rtl
    title_run = [gid for gid, _ in glyph_run(ax.get_title(), title_prop)]
    assert set(contextual) <= set(title_run)


def test_isolated_year_range_keeps_its_order_inside_arabic():
    prop = arabic_trends_axes().title.get_fontproperties()
    one, four = (glyph_run(d, prop)[0][0] for d in "14")

    def x_of(run, gid):
        return [x for g, x in run if g == gid]

    label = f"{TERRORISM} (2015–2024)"
    run = glyph_run(isolate(label), prop)
    assert max(x_of(run, one)) < min(x_of(run, four))  # 2015 left of 2024, as written
    raw = glyph_run(label, prop)
    assert max(x_of(raw, four)) < min(x_of(raw, one))  # without isolates bidi swaps them


def test_rendering_arabic_emits_no_missing_glyph_warning():
    ax = arabic_trends_axes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()


def test_svg_output_uses_the_contextual_glyphs(tmp_path):
    ax = arabic_trends_axes()
    svg = save_figure(ax, tmp_path / "ar", formats=("svg",))[0].read_text(encoding="utf-8")
    contextual, _ = rtl_shaped(TERRORISM, ax.title.get_fontproperties())
    for gid in contextual:  # svg.fonttype "path": every glyph drawn is defined by its id
        assert f'id="{gid}"' in svg


def test_arabic_heatmap_and_kwic_labels_are_shaped():
    table = pd.DataFrame({"source": ["وكالة المغرب العربي للأنباء"], "frame": ["media"], "estimate": [0.3]})
    ax = plot_heatmap(table, lang="ar")
    for text in [*ax.get_yticklabels(), *ax.get_xticklabels()]:
        contextual, _ = rtl_shaped(text.get_text(), text.get_fontproperties())
        assert contextual
    kwic = pd.DataFrame({"left": ["أدان المجلس "], "match": [TERRORISM], "right": [" بجميع أشكاله."],
                         "direction": ["rtl"]})
    ax = plot_kwic(kwic, label=None)
    match = next(t for t in ax.texts if t.get_gid() == "match")
    contextual, rtl = rtl_shaped(TERRORISM, match.get_fontproperties())
    assert contextual and rtl
    run = [gid for gid, _ in glyph_run(match.get_text(), match.get_fontproperties())]
    assert set(contextual) <= set(run)
