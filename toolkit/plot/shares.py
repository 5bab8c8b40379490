"""Stacked frame shares per period: which frames a period's communiqués use, side by side.

A unit (paragraph) can carry several frames, so the shares of :func:`toolkit.compare.frame_trends`
do not add up to one. By default (``normalize=True``) each bar is the period's *frame mix*: every
frame's estimate divided by the sum over frames, so the bar reaches 100%. With
``normalize=False`` the raw estimates are stacked (meaningful for rates, which add up; for
shares the top of the bar is a sum of overlapping shares, and the y label says so).

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> shares = pd.DataFrame({"period": ["2001", "2001", "2002", "2002"],
...                        "frame": ["military", "financial"] * 2, "share": [0.6, 0.2, 0.3, 0.3]})
>>> ax = plot_shares(shares)
>>> [round(float(p.get_height()), 2) for p in ax.containers[0]]
[0.75, 0.5]
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from toolkit.plot._common import (
    NOTE_COLOR,
    TRENDS_PRODUCER,
    Lang,
    add_note,
    category_order,
    check_lang,
    check_table,
    default_ylabel,
    frame_label,
    frame_styles,
    freeze_ticks,
    label,
    new_axes,
    ordered,
    stat_of,
    units_word,
    word,
)
from toolkit.plot.style import isolate, publication_style

__all__ = ["plot_shares"]

_MAX_LABELS = 20  # at most this many period labels on the x axis
_HATCH = "////"


def plot_shares(trends_or_shares: pd.DataFrame, *, x: str = "period", y: str | None = None, hue: str = "frame",
                normalize: bool = True, ax: Axes | None = None, title: str | None = None,
                xlabel: str | None = None, ylabel: str | None = None, lang: Lang = "en",
                show_flagged: bool = False, legend: bool = True, rc: Mapping[str, Any] | None = None) -> Axes:
    """Stacked bars of frame shares (or rates), one bar per period, one segment per frame.

    Parameters
    ----------
    trends_or_shares : pandas.DataFrame
        The table of :func:`toolkit.compare.frame_trends` (``period``, ``frame``, ``estimate``,
        ``flag`` ...) or any table with one row per period and frame, such as
        :func:`toolkit.datasets.planted_shares` (``period``, ``frame``, ``share``).
    x : str
        Column of the periods (bars in categorical order, else by ``start`` when present, else in
        order of appearance).
    y : str, optional
        Column of the values: default "estimate", else "share".
    hue : str
        Column of the stacked segments (default "frame", in :data:`~toolkit.plot.style.FRAMES` order).
    normalize : bool
        Divide each period's values by their sum, so each bar shows the frame mix (default).
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    title, xlabel, ylabel : str, optional
        Labels (defaults in ``lang``); numbers inside right-to-left labels are isolated.
    lang : {"en", "fr", "ar"}
        Language of frame names and default labels.
    show_flagged : bool
        Periods with a row whose ``flag`` is not "ok" are left out (an empty slot and a note), or,
        with True, drawn hatched and pale with a legend entry "too few units".
    legend : bool
        Draw the legend.
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.containers`` holds one BarContainer per frame (one bar per period).

    Raises
    ------
    ValueError
        For a missing column, an empty table, or two rows for the same period and frame (filter
        or aggregate groups first, e.g. one language).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"period": ["2014", "2015"] * 2, "frame": ["media"] * 2 + ["ideological"] * 2,
    ...                   "estimate": [0.1, 0.3, 0.2, 0.2], "flag": "ok", "stat": "share"})
    >>> ax = plot_shares(t, normalize=False, lang="fr")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['idéologique', 'médiatique']
    >>> plt.close("all")
    """
    check_lang(lang)
    if y is None:
        y = "share" if isinstance(trends_or_shares, pd.DataFrame) and "estimate" not in trends_or_shares.columns \
            and "share" in trends_or_shares.columns else "estimate"
    data = check_table(trends_or_shares, [x, y, hue], function="plot_shares",
                       producer=f"{TRENDS_PRODUCER} or toolkit.datasets.planted_shares()")
    dup = data.duplicated([x, hue])
    if dup.any():
        first = data.loc[dup, [x, hue]].iloc[0].tolist()
        raise ValueError(f"plot_shares(): {int(dup.sum())} row(s) repeat a ({x}, {hue}) pair, e.g. {first}; "
                         "the table must have one row per period and frame. Filter one group (a language, a "
                         "source) or plot groups separately.")
    periods = _period_order(data, x)
    frames = ordered(data[hue])
    table = data.pivot(index=x, columns=hue, values=y).reindex(index=periods, columns=frames).astype(float)
    flagged = pd.Series(False, index=periods)
    if "flag" in data.columns:
        bad = data.loc[data["flag"].astype(str).ne("ok"), x]
        flagged = flagged.index.isin(list(bad))
        flagged = pd.Series(flagged, index=periods)
    if normalize:
        totals = table.sum(axis=1, min_count=1)
        table = table.div(totals.where(totals > 0), axis=0)
    values = np.array(table.fillna(0.0).to_numpy(), dtype=float)  # a writable copy
    hide = flagged.to_numpy() & (not show_flagged)
    values[hide] = 0.0
    pos = np.arange(len(periods), dtype=float)
    styles = frame_styles(frames)

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax)
        bottom = np.zeros(len(periods))
        for j, frame in enumerate(frames):
            bars = ax.bar(pos, values[:, j], bottom=bottom, width=0.8, color=styles[frame]["color"],
                          edgecolor="white", linewidth=0.3,
                          label=frame_label(frame, lang) if hue == "frame" else label(frame))
            for patch, is_flagged in zip(bars, flagged.to_numpy(), strict=True):
                if is_flagged and show_flagged:
                    patch.set_hatch(_HATCH)
                    patch.set_alpha(0.5)
            bottom = bottom + values[:, j]
        # many periods (78 years): label every k-th bar only, so that labels do not overlap
        step = -(-len(periods) // _MAX_LABELS)
        ax.set_xticks(pos[::step], [label(p) for p in periods][::step])
        if len(periods) > 8:
            ax.tick_params(axis="x", labelrotation=90)
        ax.grid(False, axis="x")
        stat = stat_of(data)
        ax.set_xlabel(word(lang, "period") if xlabel is None else isolate(xlabel))
        if ylabel is None:
            if normalize:
                ylabel = word(lang, "composition")
            elif stat == "share" or y == "share":
                ylabel = word(lang, "stacked", units=units_word(data, lang))
            else:
                ylabel = default_ylabel(data, stat, y, lang)
        ax.set_ylabel(isolate(ylabel))
        if normalize or stat == "share" or y == "share":
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        if title is not None:
            ax.set_title(isolate(title))
        if legend:
            handles, labels = ax.get_legend_handles_labels()
            if show_flagged and flagged.any():
                handles.append(Patch(facecolor="white", edgecolor=NOTE_COLOR, hatch=_HATCH))
                labels.append(word(lang, "flagged"))
            ax.legend(handles, labels, title=word(lang, "frame") if hue == "frame" else hue,
                      loc="upper left", bbox_to_anchor=(1.0, 1.0), markerfirst=lang != "ar")
        if hide.any():
            add_note(ax, word(lang, "not_shown", n=int(hide.sum())))
        freeze_ticks(ax)
    return ax


def _period_order(data: pd.DataFrame, x: str) -> list[Hashable]:
    col = data[x]
    if not isinstance(col.dtype, pd.CategoricalDtype) and "start" in data.columns and x != "start":
        return list(dict.fromkeys(data.sort_values("start", kind="stable")[x].dropna()))
    return category_order(col)
