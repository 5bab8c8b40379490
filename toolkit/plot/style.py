"""Publication style for the toolkit's figures: fonts that cover Arabic, a colour-blind-safe palette,
frame colours and labels in three languages, and Unicode isolates for numbers inside Arabic labels.

Every plotting function of :mod:`toolkit.plot` draws inside :func:`publication_style`, a
:func:`matplotlib.rc_context`: global ``rcParams`` are the same after the call as before.

Arabic text
-----------
matplotlib >= 3.11 shapes Arabic (joined, contextual letter forms) and lays it out right to left
by itself: pass raw strings. The old ``arabic_reshaper`` + ``python-bidi`` workaround, needed up
to 3.10, renders every word *reversed* on 3.11 and must not be applied. Number ranges are the
one thing bidi does not keep: "(2015–2024)" inside Arabic text displays as "(2024–2015)", so
:func:`isolate` wraps numbers in left-to-right isolates (U+2066 ... U+2069).

Examples
--------
>>> import matplotlib
>>> before = dict(matplotlib.rcParams)
>>> with publication_style():
...     matplotlib.rcParams["pdf.fonttype"], matplotlib.rcParams["font.family"][-1]
(42, 'DejaVu Sans')
>>> dict(matplotlib.rcParams) == before
True
>>> FRAME_LABELS["ar"]["military"], FRAME_LABELS["fr"]["media"]
('عسكري', 'médiatique')
>>> isolate("الفترة (2015–2024)")
'الفترة (\\u20662015–2024\\u2069)'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import matplotlib
from cycler import cycler
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

__all__ = [
    "ARABIC_FONTS",
    "FALLBACK_FONT",
    "FRAMES",
    "FRAME_COLORS",
    "FRAME_LABELS",
    "FRAME_MARKERS",
    "PALETTE",
    "SVG_HASHSALT",
    "font_family",
    "is_rtl",
    "isolate",
    "publication_style",
]

logger = logging.getLogger(__name__)

#: The four frames of the built-in ``terrorism_frames`` dictionary, in the order used everywhere.
FRAMES: tuple[str, ...] = ("military", "ideological", "media", "financial")

#: Okabe & Ito (2008) colour-blind-safe palette: orange, sky blue, bluish green, yellow, blue,
#: vermillion, reddish purple, black.
PALETTE: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
                            "#000000")

#: One Okabe-Ito colour per frame (read-only).
FRAME_COLORS = MappingProxyType({"military": "#D55E00", "ideological": "#0072B2", "media": "#009E73",
                                 "financial": "#E69F00"})

#: One marker per frame, so lines stay distinct in greyscale print (read-only).
FRAME_MARKERS = MappingProxyType({"military": "o", "ideological": "s", "media": "^", "financial": "D"})

#: Frame names for figure labels, per language (read-only). The Arabic names follow the codebook.
FRAME_LABELS = MappingProxyType({
    "en": MappingProxyType({"military": "military", "ideological": "ideological", "media": "media",
                            "financial": "financial"}),
    "fr": MappingProxyType({"military": "militaire", "ideological": "idéologique", "media": "médiatique",
                            "financial": "financier"}),
    "ar": MappingProxyType({"military": "عسكري", "ideological": "فكري", "media": "إعلامي",
                            "financial": "مالي"}),
})

#: Families with Arabic glyphs, in order of preference, used when installed (Debian packages
#: fonts-noto-core, fonts-hosny-amiri, fonts-sil-scheherazade, fonts-kacst).
ARABIC_FONTS: tuple[str, ...] = ("Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New",
                                 "KacstOne")

#: Last family of every font list: shipped inside matplotlib, covers Latin and Arabic.
FALLBACK_FONT = "DejaVu Sans"

#: Fixed salt for the ids matplotlib writes into SVG files (``svg.hashsalt``): same figure, same bytes.
SVG_HASHSALT = "khitab"

_LRI, _PDI = "\u2066", "\u2069"
# a number (Unicode digits, so Arabic-Indic too) with decimal/thousands separators and a percent
# sign, and ranges or dates of such numbers joined by - – — ‒ / : (spaces allowed around them);
# digits glued to a Latin letter ("F1", "2001Q3") stay with it: that run is left to right already
_NUMBER = r"\d+(?:[.,\u066B\u066C]\d+)*[%\u066A]?"
_NUMBERS = re.compile(rf"(?<![A-Za-z\d]){_NUMBER}(?:\s*[-\u2010-\u2015/:]\s*{_NUMBER})*(?![A-Za-z\d])")
_ISOLATED = re.compile("([\u2066\u2067\u2068][^\u2066-\u2069]*\u2069)")


def font_family(*, candidates: Sequence[str] = ARABIC_FONTS) -> list[str]:
    """The font list for figures: installed families with Arabic glyphs first, then DejaVu Sans.

    matplotlib falls back glyph by glyph along the list, so a label mixing Arabic and Latin takes
    each character from the first family that has it. Families that are not installed (or lack
    Arabic letters) are left out, so matplotlib never warns about a missing font.

    Parameters
    ----------
    candidates : sequence of str
        Families to look for, in order of preference (default :data:`ARABIC_FONTS`).

    Returns
    -------
    list of str
        The installed candidates that have Arabic letters, in the given order, then
        ``"DejaVu Sans"`` (shipped with matplotlib; it covers Arabic too).

    Examples
    --------
    >>> font_family()[-1]
    'DejaVu Sans'
    >>> font_family(candidates=["No Such Font"])
    ['DejaVu Sans']
    """
    if isinstance(candidates, str):
        candidates = [candidates]
    files: dict[str, list[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        files.setdefault(entry.name, []).append(entry.fname)
    chosen = []
    for name in dict.fromkeys(candidates):
        if name == FALLBACK_FONT or name not in files:
            continue
        if any(_has_arabic(path) for path in files[name]):
            chosen.append(name)
        else:
            logger.info("font family %r is installed but has no Arabic letters; not used", name)
    return [*chosen, FALLBACK_FONT]


def _has_arabic(path: str) -> bool:
    """Whether the font file maps ALEF (U+0627) and LAM (U+0644) to glyphs."""
    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError) as err:  # an unreadable font file is skipped, with a trace
        logger.info("cannot read font file %s (%s); skipped", path, err)
        return False
    return 0x0627 in charmap and 0x0644 in charmap


def is_rtl(text: str) -> bool:
    """Whether ``text`` contains a right-to-left letter (Arabic, Hebrew, Syriac, Thaana ...).

    >>> is_rtl("Frames 2015"), is_rtl("الإطار 2015")
    (False, True)
    """
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def isolate(text: str, *, force: bool = False) -> str:
    """Wrap the numbers and number ranges of a right-to-left label in Unicode isolates.

    Inside Arabic text the bidi algorithm reverses a range: "(2015–2024)" displays as
    "(2024–2015)". Each number, or run of numbers joined by ``- – — / :`` (a range, a date), is
    wrapped in LEFT-TO-RIGHT ISOLATE (U+2066) ... POP DIRECTIONAL ISOLATE (U+2069), so it keeps
    its order; the brackets around it stay outside and are mirrored as they should be. Digits
    glued to a Latin letter ("F1", "2001Q3") are left alone: bidi already keeps that run left to
    right. Spans already isolated are left alone, so the function is idempotent. Left-to-right text is
    returned unchanged unless ``force`` is true (for a piece that will be inserted into Arabic).

    Parameters
    ----------
    text : str
        The label.
    force : bool
        Isolate numbers even when ``text`` has no right-to-left letter.

    Returns
    -------
    str

    Examples
    --------
    >>> isolate("الإطار العسكري (2015–2024)") == "الإطار العسكري (\\u20662015–2024\\u2069)"
    True
    >>> isolate("Frames (2015–2024)")
    'Frames (2015–2024)'
    >>> isolate("2001-09-11", force=True) == "\\u20662001-09-11\\u2069"
    True
    >>> isolate(isolate("نسبة 12.5% سنة 2015")) == isolate("نسبة 12.5% سنة 2015")
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"isolate() takes a str label, got {type(text).__name__}")
    if not (force or is_rtl(text)):
        return text
    parts = _ISOLATED.split(text)
    # odd items are spans already isolated: keep them as they are
    return "".join(part if i % 2 else _NUMBERS.sub(lambda m: f"{_LRI}{m.group(0)}{_PDI}", part)
                   for i, part in enumerate(parts))


def _style(font: list[str]) -> dict[str, Any]:
    """The rcParams of :func:`publication_style` (a new dict each time)."""
    return {
        "font.family": font,
        "mathtext.fontset": "dejavusans",
        # readable at a column width of ~3.5 in
        "font.size": 8.0,
        "axes.titlesize": 9.0,
        "axes.labelsize": 8.0,
        "xtick.labelsize": 7.0,
        "ytick.labelsize": 7.0,
        "legend.fontsize": 7.0,
        "legend.title_fontsize": 7.0,
        "figure.titlesize": 9.0,
        "figure.figsize": (3.5, 2.4),
        "figure.dpi": 100.0,
        "figure.constrained_layout.use": True,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.5,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "lines.linewidth": 1.2,
        "lines.markersize": 3.0,
        "patch.linewidth": 0.5,
        "legend.frameon": False,
        "image.cmap": "viridis",
        # vector-friendly, reproducible output
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": SVG_HASHSALT,
        "savefig.dpi": 300.0,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.02,
    }


@contextmanager
def publication_style(**overrides: Any) -> Iterator[dict[str, Any]]:
    """A :func:`matplotlib.rc_context` with the toolkit's publication style; restores rcParams after.

    The style: fonts from :func:`font_family` (Arabic-capable families first, DejaVu Sans last,
    per-glyph fallback), sizes readable at a column width of about 3.5 in (8 pt text, 7 pt ticks
    and legend, 3.5 x 2.4 in figures), the Okabe-Ito :data:`PALETTE` as colour cycle, light grid,
    no top/right spines, constrained layout; for output, TrueType fonts embedded in PDF
    (``pdf.fonttype`` 42), text as paths in SVG, a fixed ``svg.hashsalt`` and 300 dpi raster.

    Parameters
    ----------
    **overrides
        rcParams set on top of the style, by their matplotlib names, e.g.
        ``publication_style(**{"font.size": 10, "figure.figsize": (7, 3)})``.

    Yields
    ------
    dict
        The rcParams applied by the style (overrides included).

    Raises
    ------
    KeyError
        For a name that is not a matplotlib rcParam (from matplotlib, which lists the valid ones).

    Examples
    --------
    >>> import matplotlib
    >>> with publication_style(**{"font.size": 10}) as rc:
    ...     matplotlib.rcParams["font.size"], rc["svg.fonttype"]
    (10.0, 'path')
    """
    rc = {**_style(font_family()), **overrides}
    with matplotlib.rc_context(rc):
        yield rc
