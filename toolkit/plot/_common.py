"""Helpers shared by the plotting functions: input checks, axes creation, frame order, colours
and the few words a figure writes by itself (axis labels, notes) in English, French and Arabic."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from toolkit.errors import invalid_value_message
from toolkit.plot.style import (
    FRAME_COLORS,
    FRAME_LABELS,
    FRAME_MARKERS,
    FRAMES,
    PALETTE,
    isolate,
)

Lang = Literal["en", "fr", "ar"]
LANGS = ("en", "fr", "ar")

#: Words the figures write by themselves; ``{units}`` is filled with :data:`UNITS`.
WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {"frame": "Frame", "period": "Period", "share": "Share of {units}",
           "rate": "Frame terms per {per} tokens", "mean": "Mean frame score", "value": "Estimate",
           "composition": "Share of frame assignments",
           "stacked": "Stacked shares of {units} (frames overlap)",
           "not_shown": "{n} period(s) with too few units not shown",
           "flagged": "too few units", "flagged_cell": "(…): too few units",
           "precision": "Precision", "recall": "Recall", "f1": "F1", "baseline": "baseline F1",
           "score": "Score", "no_lines": "No lines to show"},
    "fr": {"frame": "Cadre", "period": "Période", "share": "Part des {units}",
           "rate": "Termes du cadre pour {per} mots", "mean": "Score moyen du cadre", "value": "Estimation",
           "composition": "Part des attributions de cadres",
           "stacked": "Parts empilées des {units} (cadres non exclusifs)",
           "not_shown": "{n} période(s) avec trop peu d’unités non montrée(s)",
           "flagged": "trop peu d’unités", "flagged_cell": "(…) : trop peu d’unités",
           "precision": "Précision", "recall": "Rappel", "f1": "F1", "baseline": "F1 de référence",
           "score": "Score", "no_lines": "Aucune ligne à afficher"},
    "ar": {"frame": "الإطار", "period": "الفترة", "share": "نسبة {units}",
           "rate": "مصطلحات الإطار لكل {per} كلمة", "mean": "متوسط درجة الإطار", "value": "التقدير",
           "composition": "نسبة الأطر المرصودة",
           "stacked": "نسب {units} مكدسة (قد تتداخل الأطر)",
           "not_shown": "لم تُعرض {n} فترة لقلة الوحدات",
           "flagged": "وحدات قليلة", "flagged_cell": "(…): وحدات قليلة",
           "precision": "الدقة", "recall": "الاستدعاء", "f1": "F1", "baseline": "F1 للنموذج المرجعي",
           "score": "الدرجة", "no_lines": "لا توجد أسطر للعرض"},
}
UNITS: Mapping[str, Mapping[str, str]] = {
    "en": {"paragraph": "paragraphs", "sentence": "sentences", "document": "documents", None: "units"},
    "fr": {"paragraph": "paragraphes", "sentence": "phrases", "document": "documents", None: "unités"},
    "ar": {"paragraph": "الفقرات", "sentence": "الجمل", "document": "الوثائق", None: "الوحدات"},
}

TRENDS_PRODUCER = "toolkit.compare.frame_trends()"
NOTE_COLOR = "#555555"


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(invalid_value_message("lang", lang, LANGS))
    return lang


def word(lang: str, key: str, **fill: Any) -> str:
    """A figure word in ``lang``, filled and with its numbers isolated when it is Arabic."""
    return isolate(WORDS[lang][key].format(**fill))


def check_table(data: Any, columns: Iterable[str | None], *, function: str, producer: str,
                allow_empty: bool = False) -> pd.DataFrame:
    """``data`` as a DataFrame that has ``columns`` (None entries are skipped), or a clear error.

    An empty table is an error unless ``allow_empty``.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{function}() takes a pandas DataFrame (the table of {producer}), "
                        f"got {type(data).__name__}")
    needed = [c for c in dict.fromkeys(columns) if c is not None]
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise ValueError(f"{function}(): the table has no column(s) {missing}; expected the table of "
                         f"{producer} (columns {needed}), it has {list(map(str, data.columns))}. "
                         "Pass the names of your columns with the matching keyword options.")
    if data.empty and not allow_empty:
        raise ValueError(f"{function}(): the table is empty; nothing to plot")
    return data


def new_axes(ax: Axes | None, *, figsize: tuple[float, float] | None = None) -> Axes:
    """``ax``, or the Axes of a new pyplot figure (call inside the style context)."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def panel_axes(n: int, ax: Any = None, *, ncols: int, panel_size: tuple[float, float], pad_height: float,
               function: str, what: str) -> tuple[Any, list[Axes]]:
    """``(figure, n Axes)``: the caller's (``ax``: one Axes or an array of them) or a new grid.

    A new grid has ``ncols`` columns, shared x axes, figure size ``(min(7, width * ncols + 0.3),
    height * nrows + pad_height)`` for ``panel_size = (width, height)``, and its unused cells
    removed. Call inside the style context. ``function`` and ``what`` (one Axes per *what*) name
    the caller in errors.
    """
    if ax is None:
        nrows = math.ceil(n / ncols)
        width, height = panel_size
        fig, grid = plt.subplots(nrows, ncols, sharex=True, squeeze=False,
                                 figsize=(min(7.0, width * ncols + 0.3), height * nrows + pad_height))
        panels = list(grid.flat)
        for extra in panels[n:]:
            extra.remove()
        return fig, panels[:n]
    panels = [ax] if isinstance(ax, Axes) else list(np.ravel(np.asarray(ax, dtype=object)))
    if not all(isinstance(p, Axes) for p in panels):
        raise TypeError(f"{function}(): ax must be matplotlib Axes (one per {what}), got {ax!r}")
    if len(panels) < n:
        raise ValueError(f"{function}(): {n} {what}s need {n} Axes, got {len(panels)}")
    return panels[0].figure, panels[:n]


def freeze_ticks(ax: Axes) -> None:
    """Create the first tick of each axis now, inside the style context.

    matplotlib creates ticks lazily, at draw time, and copies later ticks from the first one; a
    tick first created when the figure is saved outside the style would take the global fonts.
    """
    for axis in (ax.xaxis, ax.yaxis):
        axis.get_major_ticks(1)
        axis.get_minor_ticks(1)


def ordered(values: Iterable[Hashable]) -> list[Hashable]:
    """Distinct values: the known frames in :data:`FRAMES` order, then the others as they come."""
    seen = list(dict.fromkeys(v for v in values if not _isna(v)))
    return [f for f in FRAMES if f in seen] + [v for v in seen if v not in FRAMES]


def category_order(series: pd.Series) -> list[Hashable]:
    """The order of a categorical's categories (only those present), else of first appearance."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna())
        return [c for c in series.cat.categories if c in present]
    return list(dict.fromkeys(v for v in series if not _isna(v)))


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not missing
        return False


def frame_styles(frames: Sequence[Hashable]) -> dict[Hashable, dict[str, str]]:
    """Colour and marker of each frame: :data:`FRAME_COLORS` for the four frames, the palette else."""
    others = [c for c in PALETTE if c not in FRAME_COLORS.values()]
    markers = ["v", "P", "X", "*", "h"]
    out, k = {}, 0
    for frame in frames:
        if frame in FRAME_COLORS:
            out[frame] = {"color": FRAME_COLORS[frame], "marker": FRAME_MARKERS[frame]}
        else:
            out[frame] = {"color": others[k % len(others)], "marker": markers[k % len(markers)]}
            k += 1
    return out


def frame_label(frame: Hashable, lang: str) -> str:
    """The label of a frame in ``lang`` (the name itself for frames without a translation)."""
    return isolate(FRAME_LABELS[lang].get(str(frame), str(frame)))


def label(value: Any) -> str:
    """A tick or legend label: the value as text (a date without its midnight time), numbers isolated
    inside right-to-left text."""
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        value = value.date().isoformat()
    return isolate(str(value))


def add_note(ax: Axes, text: str) -> None:
    """A small grey note under the x-axis label, right-aligned, where it cannot cover data."""
    ax.annotate(text, xy=(1.0, 0.0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -2),
                textcoords="offset points", ha="right", va="top", fontsize="x-small", color=NOTE_COLOR,
                annotation_clip=False)


def stat_of(data: pd.DataFrame) -> str | None:
    """The one value of the ``stat`` column ("share", "rate", "mean"), or None."""
    stats = set(data["stat"].dropna().astype(str)) if "stat" in data.columns else set()
    return stats.pop() if len(stats) == 1 else None


def default_ylabel(data: pd.DataFrame, stat: str | None, y: str, lang: str) -> str:
    """The y label of a trends table: what the estimate measures, in ``lang``."""
    if stat == "share":
        return word(lang, "share", units=units_word(data, lang))
    if stat == "rate":
        per = data.attrs.get("per", 1000)
        per_text = {"en": f"{per:,}", "fr": f"{per:,}".replace(",", "\u202f")}.get(lang, str(per))
        return word(lang, "rate", per=per_text)
    if stat == "mean":
        return word(lang, "mean")
    return word(lang, "value") if y == "estimate" else isolate(y)


def units_word(data: pd.DataFrame, lang: str) -> str:
    """The plural noun of the table's units (``attrs["unit"]``: paragraphs, sentences ...) in ``lang``."""
    unit = data.attrs.get("unit")
    units = UNITS[lang]
    return units.get(unit, units[None]) if isinstance(unit, str) else units[None]
