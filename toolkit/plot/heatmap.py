"""Heatmap of one value per row x column pair, e.g. frame share by source: colour plus the number.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> table = pd.DataFrame({"source": ["MAP", "MAP", "SPA", "SPA"], "frame": ["media", "military"] * 2,
...                       "estimate": [0.12, 0.4, 0.3, 0.05]})
>>> ax = plot_heatmap(table)
>>> [t.get_text() for t in ax.texts]
['40%', '12%', '5%', '30%']
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from toolkit.plot._common import (
    Lang,
    add_note,
    category_order,
    check_lang,
    check_table,
    default_ylabel,
    frame_label,
    freeze_ticks,
    label,
    new_axes,
    ordered,
    stat_of,
    word,
)
from toolkit.plot.style import isolate, publication_style

__all__ = ["plot_heatmap"]

_MISSING = "–"
_BAD_COLOR = "#EEEEEE"


def plot_heatmap(table: pd.DataFrame, *, row: str = "source", col: str = "frame", value: str = "estimate",
                 ax: Axes | None = None, fmt: str | Callable[[float], str] | None = None, cmap: str = "viridis",
                 vmin: float | None = None, vmax: float | None = None, title: str | None = None,
                 lang: Lang = "en", annotate: bool = True, colorbar: bool = True,
                 rc: Mapping[str, Any] | None = None) -> Axes:
    """A row x column heatmap (default source x frame), each cell coloured and labelled with its value.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy, one row per (row, col) pair: e.g. one period of :func:`toolkit.compare.frame_trends`
        called with ``group="source"``, or any aggregate.
    row, col, value : str
        Columns of the heatmap rows, columns and values. Rows keep their categorical order (else
        order of appearance); frames come in :data:`~toolkit.plot.style.FRAMES` order.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    fmt : str or callable, optional
        Cell text: a format string such as ``"{:.2f}"`` or a function of the value. Default:
        percent (``"{:.0%}"``) when the ``stat`` is "share" or every value lies in [0, 1], else
        ``"{:.3g}"``. Missing cells are grey and show "–".
    cmap : str
        A matplotlib colormap; the default viridis is perceptually uniform and colour-blind safe.
    vmin, vmax : float, optional
        Colour scale limits (default the data range; for shares and proportions 0 to the largest value).
    title : str, optional
        Axes title; numbers inside right-to-left titles are isolated.
    lang : {"en", "fr", "ar"}
        Language of frame names and of the colour bar's label.
    annotate : bool
        Write the value in every cell (black or white, whichever reads better on the cell colour).
    colorbar : bool
        Draw a colour bar.
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        The heatmap is ``ax.images[0]``; cell texts are ``ax.texts`` row by row.
        Cells whose ``flag`` is not "ok" show their value in brackets, "(12%)", explained by a
        note under the axes.

    Raises
    ------
    ValueError
        For a missing column, an empty table, or several rows for one cell (filter one period,
        or aggregate, first).

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"lang": ["ar", "fr"], "frame": "financial", "estimate": [2.5, 1.25]})
    >>> ax = plot_heatmap(t, row="lang", lang="ar", fmt="{:.1f}")
    >>> [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.texts]
    (['مالي'], ['2.5', '1.2'])
    >>> plt.close("all")
    """
    check_lang(lang)
    data = check_table(table, [row, col, value], function="plot_heatmap",
                       producer="toolkit.compare.frame_trends(..., group=...) for one period")
    dup = data.duplicated([row, col])
    if dup.any():
        first = data.loc[dup, [row, col]].iloc[0].tolist()
        extra = [c for c in ("period", "lang", "source") if c in data.columns and c not in (row, col)]
        raise ValueError(f"plot_heatmap(): {int(dup.sum())} row(s) repeat a ({row}, {col}) cell, e.g. {first}; "
                         "each cell needs exactly one value. Filter one period or group first"
                         + (f" (the table also varies by {extra})" if extra else "")
                         + ", or aggregate, e.g. table.groupby([row, col])[value].mean().reset_index().")
    rows = category_order(data[row])
    cols = ordered(data[col]) if col == "frame" else category_order(data[col])
    grid = data.pivot(index=row, columns=col, values=value).reindex(index=rows, columns=cols).astype(float)
    flags = None
    if "flag" in data.columns:
        flags = (data.assign(_bad=data["flag"].astype(str).ne("ok"))
                 .pivot(index=row, columns=col, values="_bad").reindex(index=rows, columns=cols)
                 .fillna(False).astype(bool).to_numpy())
    matrix = grid.to_numpy()
    finite = matrix[np.isfinite(matrix)]
    stat = stat_of(data)
    unit_interval = stat == "share" or (finite.size > 0 and finite.min() >= 0 and finite.max() <= 1)
    formatter = _formatter(fmt, percent=unit_interval)
    if unit_interval and vmin is None and vmax is None and finite.size and finite.max() > 0:
        # shares start at 0; the top is the largest cell, so that small shares (1-3% of
        # paragraphs) still differ in colour rather than all reading as "none"
        vmin, vmax = 0.0, float(finite.max())

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax)
        colors = matplotlib.colormaps[cmap].with_extremes(bad=_BAD_COLOR)
        image = ax.imshow(np.ma.masked_invalid(matrix), cmap=colors, vmin=vmin, vmax=vmax, aspect="auto",
                          interpolation="nearest")
        ax.set_xticks(np.arange(len(cols)), [frame_label(c, lang) if col == "frame" else label(c) for c in cols])
        ax.set_yticks(np.arange(len(rows)), [label(r) for r in rows])
        ax.tick_params(length=0)
        if len(cols) > 4:
            ax.tick_params(axis="x", labelrotation=45)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if annotate:
            for i in range(len(rows)):
                for j in range(len(cols)):
                    v = matrix[i, j]
                    text = _MISSING if not np.isfinite(v) else formatter(v)
                    if flags is not None and flags[i, j] and np.isfinite(v):
                        text = f"({text})"
                    color = "black" if not np.isfinite(v) else _text_color(image.to_rgba(v))
                    ax.text(j, i, text, ha="center", va="center", color=color, fontsize="small")
        if flags is not None and (flags & np.isfinite(matrix)).any():
            add_note(ax, word(lang, "flagged_cell"))
        if colorbar:
            bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
            bar.outline.set_visible(False)
            bar.set_label(default_ylabel(data, stat, value, lang))
            if unit_interval and fmt is None:
                bar.formatter = PercentFormatter(xmax=1.0)
        if title is not None:
            ax.set_title(isolate(title))
        freeze_ticks(ax)
    return ax


def _formatter(fmt: str | Callable[[float], str] | None, *, percent: bool) -> Callable[[float], str]:
    if fmt is None:
        fmt = "{:.0%}" if percent else "{:.3g}"
    if callable(fmt):
        return lambda v: str(fmt(v))
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string such as '{{:.2f}}' or a function, got {type(fmt).__name__}")
    try:
        fmt.format(0.5)
    except (IndexError, KeyError, ValueError) as err:
        raise ValueError(f"fmt={fmt!r} cannot format a number ({err}); use a format string such as "
                         "'{:.2f}' or '{:.0%}'") from err
    return fmt.format


def _text_color(rgba: Any) -> str:
    """Black on light cells, white on dark ones (relative luminance, ITU-R BT.709)."""
    r, g, b = (float(c) for c in np.asarray(rgba)[:3])
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"
