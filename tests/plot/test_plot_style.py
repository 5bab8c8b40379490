"""The publication style: rcParams restored, fonts chosen without warnings, palette, frame labels,
and Unicode isolates for numbers inside Arabic labels."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib import font_manager

from toolkit.plot import FRAME_COLORS, FRAME_LABELS, FRAMES, PALETTE, font_family, isolate, publication_style

matplotlib.use("Agg")

MPL_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
LRI, PDI = "\u2066", "\u2069"


def test_publication_style_sets_vector_friendly_output_and_restores_rcparams():
    before = dict(matplotlib.rcParams)
    with publication_style() as rc:
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert matplotlib.rcParams["svg.fonttype"] == "path"
        assert matplotlib.rcParams["svg.hashsalt"] == rc["svg.hashsalt"] is not None
        assert matplotlib.rcParams["font.family"][-1] == "DejaVu Sans"
        assert tuple(matplotlib.rcParams["figure.figsize"]) == (3.5, 2.4)
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == list(PALETTE)
    assert dict(matplotlib.rcParams) == before


def test_publication_style_restores_rcparams_after_an_error():
    before = dict(matplotlib.rcParams)
    with pytest.raises(RuntimeError), publication_style(**{"font.size": 20}):
        assert matplotlib.rcParams["font.size"] == 20
        raise RuntimeError("boom")
    assert dict(matplotlib.rcParams) == before


def test_publication_style_rejects_unknown_rcparams():
    with pytest.raises(KeyError, match=r"not\.a\.param"), publication_style(**{"not.a.param": 1}):
        pass


def test_palette_is_okabe_ito_and_frames_have_distinct_palette_colours():
    assert {c.upper() for c in PALETTE} == {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                                             "#CC79A7", "#000000"}
    assert list(FRAME_COLORS) == list(FRAMES)
    assert len(set(FRAME_COLORS.values())) == 4 and set(FRAME_COLORS.values()) <= set(PALETTE)


def test_frame_labels_cover_every_frame_in_three_languages():
    assert set(FRAME_LABELS) == {"ar", "fr", "en"}
    for labels in FRAME_LABELS.values():
        assert list(labels) == list(FRAMES) and all(labels.values())
    assert FRAME_LABELS["ar"]["financial"] == "مالي"
    with pytest.raises(TypeError):
        FRAME_LABELS["en"]["media"] = "x"  # read-only: no global mutable state


def _entry(name: str, path: Path) -> font_manager.FontEntry:
    return font_manager.FontEntry(fname=str(path), name=name)


def test_font_family_keeps_installed_arabic_fonts_in_order_and_ends_with_dejavu(monkeypatch):
    fake = [_entry("Amiri", MPL_FONTS / "DejaVuSans.ttf"),               # has Arabic letters
            _entry("Noto Naskh Arabic", MPL_FONTS / "DejaVuSans-Bold.ttf"),
            _entry("KacstOne", MPL_FONTS / "cmr10.ttf")]                  # installed, but no Arabic
    monkeypatch.setattr(font_manager.fontManager, "ttflist", font_manager.fontManager.ttflist + fake)
    assert font_family() == ["Noto Naskh Arabic", "Amiri", "DejaVu Sans"]
    assert font_family(candidates=["Amiri", "Missing Font"]) == ["Amiri", "DejaVu Sans"]


def test_font_family_without_arabic_fonts_is_dejavu_only(monkeypatch):
    kept = [e for e in font_manager.fontManager.ttflist if "Arab" not in e.name and e.name not in
            ("Amiri", "Scheherazade New", "KacstOne")]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", kept)
    assert font_family() == ["DejaVu Sans"]


def test_style_fonts_log_no_missing_font_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"), publication_style():
        fig, ax = plt.subplots()
        ax.set_title("الإرهاب terrorism 2015")
        fig.canvas.draw()
        plt.close(fig)
    assert not [r for r in caplog.records if r.name.startswith("matplotlib")]


@pytest.mark.parametrize(("text", "expected"), [
    ("الأطر (2015–2024)", f"الأطر ({LRI}2015–2024{PDI})"),
    ("الفترة 2001-09-11 إلى 2015", f"الفترة {LRI}2001-09-11{PDI} إلى {LRI}2015{PDI}"),
    ("نسبة 12.5% و1,000 كلمة", f"نسبة {LRI}12.5%{PDI} و{LRI}1,000{PDI} كلمة"),
    ("بين ٢٠١٥ – ٢٠٢٤", f"بين {LRI}٢٠١٥ – ٢٠٢٤{PDI}"),
    ("Frames (2015–2024)", "Frames (2015–2024)"),
    ("F1 للنموذج 2", f"F1 للنموذج {LRI}2{PDI}"),
    ("الفترة 2001Q3 وab12", "الفترة 2001Q3 وab12"),  # glued to Latin: already one LTR run
    ("الإرهاب", "الإرهاب"),
])
def test_isolate_wraps_numbers_and_ranges_in_rtl_labels(text, expected):
    assert isolate(text) == expected


def test_isolate_force_wraps_ltr_text():
    assert isolate("2015–2024", force=True) == f"{LRI}2015–2024{PDI}"


def test_isolate_rejects_non_strings():
    with pytest.raises(TypeError):
        isolate(2015)


label_text = st.text(alphabet=st.sampled_from(list("الإرهاب ab0123456789–-.,%()٠١٢")), max_size=30)


@given(label_text)
def test_isolate_is_idempotent_and_only_adds_isolates(text):
    once = isolate(text)
    assert isolate(once) == once
    assert once.replace(LRI, "").replace(PDI, "") == text
    # every digit ends up inside an isolate when the label is right to left
    if re.search("[\u0621-\u064a]", text):  # an Arabic letter (Arabic-Indic digits are not RTL letters)
        outside = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", once)
        assert not re.search(r"(?<![a-z\d])\d+(?![a-z\d])", outside)
