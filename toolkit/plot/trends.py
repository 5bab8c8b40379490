"""Frame prevalence over time: one line per frame with its confidence ribbon, or small multiples.

Both functions take the tidy table of :func:`toolkit.compare.frame_trends` (one row per frame and
period: ``frame``, ``period``, ``start``, ``end``, ``estimate``, ``ci_low``, ``ci_high``,
``n_units``, ``n_clusters``, ``flag``, ``stat``). Periods flagged "too_few" (or "empty") carry
no interval and are not drawn as part of a line: by default a note in the corner says how many
periods were left out (under the x-axis label); with ``show_flagged=True`` their estimates appear as hollow markers, off
the line, with a legend entry.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> trends = pd.DataFrame({
...     "frame": ["military"] * 3 + ["media"] * 3,
...     "period": ["2001", "2002", "2003"] * 2,
...     "start": pd.to_datetime(["2001-01-01", "2002-01-01", "2003-01-01"] * 2),
...     "estimate": [0.5, 0.4, 0.2, 0.1, 0.2, 0.3], "ci_low": [0.4, 0.3, None, 0.05, 0.1, 0.2],
...     "ci_high": [0.6, 0.5, None, 0.15, 0.3, 0.4], "flag": ["ok", "ok", "too_few", "ok", "ok", "ok"],
...     "stat": "share"})
>>> ax = plot_trends(trends, title="Frames")
>>> [t.get_text() for t in ax.get_legend().get_texts()], len(ax.get_lines())
(['military', 'media'], 2)
>>> ax.texts[0].get_text()
'1 period(s) with too few units not shown'
>>> plt.close("all")
"""

from __future__ import annotations

import logging
import math
import textwrap
from collections.abc import Hashable, Mapping
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
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
    word,
)
from toolkit.plot.style import PALETTE, isolate, publication_style

__all__ = ["plot_trend_facets", "plot_trends"]

logger = logging.getLogger(__name__)

_RIBBON_ALPHA = 0.2
_MANY_POINTS = 24   # more points than this per line: smaller markers, on about _MARKERS_PER_LINE points
_SMALL_MARKER = 3.5
_MARKERS_PER_LINE = 12


def plot_trends(trends: pd.DataFrame, *, x: str = "start", y: str = "estimate", lower: str | None = "ci_low",
                upper: str | None = "ci_high", hue: str | None = "frame", ax: Axes | None = None,
                title: str | None = None, xlabel: str | None = None, ylabel: str | None = None,
                lang: Lang = "en", show_flagged: bool = False, legend: bool = True,
                rc: Mapping[str, Any] | None = None) -> Axes:
    """Frame prevalence over time: one line per frame, with its confidence interval as a ribbon.

    Parameters
    ----------
    trends : pandas.DataFrame
        The table of :func:`toolkit.compare.frame_trends` (any tidy table with the named columns).
    x : str
        Column of the horizontal position: "start" (default), "end", "period" (labels placed in
        their categorical order, else in order of appearance), or "midpoint" (computed from
        ``start`` and ``end`` when the table has no such column). Dates give a date axis.
    y, lower, upper : str
        Columns of the estimate and of the interval bounds; ``lower=None`` and ``upper=None`` draw
        no ribbon.
    hue : str or None
        Column naming the line of each row (default "frame"); None draws a single line.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    title, xlabel, ylabel : str, optional
        Labels; by default the x label is "Period" and the y label follows the ``stat`` column
        ("share", "rate", "mean") and ``trends.attrs["unit"]``, in ``lang``. Numbers inside
        right-to-left labels are isolated (:func:`~toolkit.plot.style.isolate`).
    lang : {"en", "fr", "ar"}
        Language of frame names (:data:`~toolkit.plot.style.FRAME_LABELS`) and of the figure's
        own words; with "ar" legend markers follow the text (right-to-left order).
    show_flagged : bool
        Periods whose ``flag`` is not "ok" (too few units or clusters; no interval) are never
        part of a line or ribbon. False (default): a note under the x-axis label says how many
        periods were left out. True: their estimates are drawn as hollow markers, with a legend
        entry "too few units".
    legend : bool
        Draw the legend (outside the axes, on the right, so it never hides a line).
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`, for this figure.

    Returns
    -------
    matplotlib.axes.Axes
        One :class:`~matplotlib.lines.Line2D` and one ribbon (a PolyCollection from
        ``fill_between``) per line, in :data:`~toolkit.plot.style.FRAMES` order.

    Raises
    ------
    TypeError
        When ``trends`` is not a DataFrame or ``ax`` not an Axes.
    ValueError
        For a missing column (named, with the function that makes the expected table), an empty
        table or an unknown ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"frame": "financial", "period": ["2015", "2016"], "estimate": [0.2, 0.3],
    ...                   "ci_low": [0.1, 0.2], "ci_high": [0.3, 0.4], "flag": "ok", "stat": "share"})
    >>> ax = plot_trends(t, x="period", lang="ar", title="الإطار المالي (2015–2016)")
    >>> ax.get_legend().get_texts()[0].get_text(), ax.get_ylabel()
    ('مالي', 'نسبة الوحدات')
    >>> plt.close("all")
    """
    check_lang(lang)
    data = _check_trends(trends, x=x, y=y, lower=lower, upper=upper, hue=hue, function="plot_trends")
    with publication_style(**dict(rc or {})):
        ax = new_axes(ax)
        xmap = _positions(data, x)
        handles, labels, hidden = _draw(ax, data, x=x, y=y, lower=lower, upper=upper, hue=hue, lang=lang,
                                        show_flagged=show_flagged, xmap=xmap)
        _note(ax, hidden, lang)
        xlabel, ylabel = _labels(data, y, lang, xlabel, ylabel)
        _decorate(ax, data, x=x, xmap=xmap, xlabel=xlabel, ylabel=ylabel)
        if title is not None:
            ax.set_title(isolate(title))
        if legend and labels:  # outside the axes, on the right: it never hides a line
            ax.legend(handles, labels, title=word(lang, "frame") if hue == "frame" else hue, loc="upper left",
                      bbox_to_anchor=(1.0, 1.0), markerfirst=lang != "ar")
        freeze_ticks(ax)
    return ax


def plot_trend_facets(trends: pd.DataFrame, *, by: str = "lang", x: str = "start", y: str = "estimate",
                      lower: str | None = "ci_low", upper: str | None = "ci_high", hue: str | None = "frame",
                      ncols: int | None = None, sharey: bool = True, title: str | None = None,
                      xlabel: str | None = None, ylabel: str | None = None, lang: Lang = "en",
                      show_flagged: bool = False, figsize: tuple[float, float] | None = None,
                      rc: Mapping[str, Any] | None = None) -> Figure:
    """Small multiples of :func:`plot_trends`: one panel per value of ``by`` (language, source ...).

    Parameters
    ----------
    trends : pandas.DataFrame
        The table of :func:`toolkit.compare.frame_trends` called with ``group=by``.
    by : str
        Column whose values get one panel each, in categorical order or order of appearance.
    ncols : int, optional
        Panels per row (default up to 3).
    sharey : bool
        One y scale for all panels (default), so panels compare directly.
    figsize : (float, float), optional
        Default 7 in wide (a two-column page) and 1.9 in per row of panels.
    x, y, lower, upper, hue, title, xlabel, ylabel, lang, show_flagged, rc
        As in :func:`plot_trends`; ``title`` becomes the figure title (``fig.get_suptitle()``),
        the axis labels are the figure's (``fig.supxlabel``, ``fig.supylabel``), and one legend
        for all panels sits on the right.

    Returns
    -------
    matplotlib.figure.Figure
        Its first ``n`` Axes are the panels, titled with the group values.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"lang": ["ar", "ar", "fr", "fr"], "frame": "media",
    ...                   "period": ["2015", "2016"] * 2, "estimate": [0.2, 0.3, 0.1, 0.1],
    ...                   "ci_low": [0.1, 0.2, 0.0, 0.0], "ci_high": [0.3, 0.4, 0.2, 0.2]})
    >>> fig = plot_trend_facets(t, by="lang", x="period")
    >>> [ax.get_title() for ax in fig.axes]
    ['ar', 'fr']
    >>> plt.close("all")
    """
    check_lang(lang)
    data = _check_trends(trends, x=x, y=y, lower=lower, upper=upper, hue=hue, by=by,
                         function="plot_trend_facets")
    groups = category_order(data[by])
    if ncols is None:
        ncols = min(3, len(groups))
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    nrows = math.ceil(len(groups) / ncols)
    with publication_style(**dict(rc or {})):
        fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=sharey, squeeze=False,
                                 figsize=figsize or (7.0, 1.9 * nrows + 0.5))
        xmap = _positions(data, x)
        handles: dict[str, Any] = {}
        for group, ax in zip(groups, axes.flat, strict=False):
            sub = data[data[by] == group]
            hs, ls, hidden = _draw(ax, sub, x=x, y=y, lower=lower, upper=upper, hue=hue, lang=lang,
                                   show_flagged=show_flagged, xmap=xmap)
            handles.update(zip(ls, hs, strict=True))
            _note(ax, hidden, lang, wrap=32)  # a panel is narrow
            _decorate(ax, data, x=x, xmap=xmap, xlabel="", ylabel="", maxticks=4 if ncols > 2 else 6)
            ax.set_title(label(group))
            freeze_ticks(ax)
        for ax in axes.flat[len(groups):]:
            ax.remove()
        xlabel, ylabel = _labels(data, y, lang, xlabel, ylabel)
        fig.supxlabel(xlabel, fontsize="medium")
        fig.supylabel(ylabel, fontsize="medium")
        if handles:
            fig.legend(list(handles.values()), list(handles), loc="outside right upper",
                       title=word(lang, "frame") if hue == "frame" else hue, markerfirst=lang != "ar")
        if title is not None:
            fig.suptitle(isolate(title))
    return fig


# ---------------------------------------------------------------------- internals
def _check_trends(trends: Any, *, x: str, y: str, lower: str | None, upper: str | None, hue: str | None,
                  function: str, by: str | None = None) -> pd.DataFrame:
    if (lower is None) != (upper is None):
        raise ValueError(f"{function}(): give both lower and upper (the interval columns) or neither; "
                         f"got lower={lower!r}, upper={upper!r}")
    xcols = ["start", "end"] if (x == "midpoint" and isinstance(trends, pd.DataFrame)
                                 and "midpoint" not in trends.columns) else [x]
    data = check_table(trends, [*xcols, y, lower, upper, hue, by], function=function, producer=TRENDS_PRODUCER)
    if xcols != [x]:
        data = data.assign(midpoint=data["start"] + (data["end"] - data["start"]) / 2)
    keys = [c for c in (by, hue, x) if c is not None]
    dup = data.duplicated(keys)
    if dup.any():
        first = dict(zip(keys, data.loc[dup, keys].iloc[0].tolist(), strict=True))
        groups = [c for c in ("lang", "source", "group") if c in data.columns and c not in keys]
        hint = (f"; the table varies by {groups}: filter one group or call "
                f"plot_trend_facets(trends, by={groups[0]!r})") if groups else "; filter or aggregate first"
        raise ValueError(f"{function}(): {int(dup.sum())} row(s) repeat a ({', '.join(keys)}) point, e.g. {first}, "
                         f"so a line would zigzag between them{hint}")
    return data


def _positions(data: pd.DataFrame, x: str) -> dict[Hashable, int] | None:
    """Positions of categorical x values (None when x holds dates or numbers)."""
    col = data[x]
    if pd.api.types.is_datetime64_any_dtype(col) or pd.api.types.is_numeric_dtype(col):
        return None
    if not isinstance(col.dtype, pd.CategoricalDtype) and "start" in data.columns and x != "start":
        order = list(dict.fromkeys(data.sort_values("start", kind="stable")[x].dropna()))
    else:
        order = category_order(col)
    return {value: i for i, value in enumerate(order)}


def _xvalues(sub: pd.DataFrame, x: str, xmap: dict[Hashable, int] | None) -> np.ndarray:
    if xmap is None:
        return sub[x].to_numpy()
    return sub[x].map(xmap).to_numpy(dtype=float)


def _draw(ax: Axes, data: pd.DataFrame, *, x: str, y: str, lower: str | None, upper: str | None,
          hue: str | None, lang: str, show_flagged: bool, xmap: dict[Hashable, int] | None
          ) -> tuple[list[Any], list[str], int]:
    """Lines, ribbons and flagged markers; returns legend handles, labels and the hidden-period count."""
    ok_all = data["flag"].astype(str).eq("ok") if "flag" in data.columns else pd.Series(True, index=data.index)
    keys = ordered(data[hue]) if hue is not None else [None]
    styles = frame_styles(keys) if hue is not None else {None: {"color": PALETTE[4], "marker": "o"}}
    handles, labels = [], []
    hidden: set[Hashable] = set()
    any_flagged = False
    for key in keys:
        sub = data if key is None else data[data[hue] == key]
        sort_key = sub[x].map(xmap) if xmap is not None else sub[x]
        sub = sub.assign(_order=sort_key.to_numpy()).sort_values("_order", kind="stable")
        ok = ok_all.loc[sub.index].to_numpy()
        xs = _xvalues(sub, x, xmap)
        est = sub[y].to_numpy(dtype=float)
        style = styles[key]
        text = frame_label(key, lang) if hue == "frame" else (label(key) if key is not None else None)
        # long series (e.g. 78 yearly periods): smaller markers on every k-th point only, so that
        # they still tell the frames apart without hiding the lines
        many = len(xs) > _MANY_POINTS
        (line,) = ax.plot(xs, np.where(ok, est, np.nan), color=style["color"], marker=style["marker"],
                          markersize=_SMALL_MARKER if many else None,
                          markevery=(0, -(-len(xs) // _MARKERS_PER_LINE)) if many else None, label=text)
        if lower is not None and upper is not None:
            lo = np.where(ok, sub[lower].to_numpy(dtype=float), np.nan)
            hi = np.where(ok, sub[upper].to_numpy(dtype=float), np.nan)
            ax.fill_between(xs, lo, hi, color=style["color"], alpha=_RIBBON_ALPHA, linewidth=0)
        flagged = ~ok & ~np.isnan(est)
        if flagged.any():
            any_flagged = True
            if show_flagged:
                ax.scatter(xs[flagged], est[flagged], marker=style["marker"], facecolors="none",
                           edgecolors=style["color"], linewidths=0.8, zorder=3)
            else:
                hidden.update(sub.loc[flagged, x].tolist())
        if text is not None:
            handles.append(line)
            labels.append(text)
    if show_flagged and any_flagged:
        handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="none",
                              markeredgecolor=NOTE_COLOR))
        labels.append(word(lang, "flagged"))
    return handles, labels, len(hidden)


def _note(ax: Axes, hidden: int, lang: str, *, wrap: int | None = None) -> None:
    if hidden:
        text = word(lang, "not_shown", n=hidden)
        add_note(ax, textwrap.fill(text, wrap) if wrap else text)


def _labels(data: pd.DataFrame, y: str, lang: str, xlabel: str | None, ylabel: str | None) -> tuple[str, str]:
    """The axis labels: given ones (numbers isolated in right-to-left text) or the defaults in ``lang``."""
    return (word(lang, "period") if xlabel is None else isolate(xlabel),
            default_ylabel(data, stat_of(data), y, lang) if ylabel is None else isolate(ylabel))


def _decorate(ax: Axes, data: pd.DataFrame, *, x: str, xmap: dict[Hashable, int] | None, xlabel: str,
              ylabel: str, maxticks: int = 7) -> None:
    """Axis labels, period ticks, percent axis for shares."""
    stat = stat_of(data)
    if xmap is not None:
        ax.set_xticks(list(xmap.values()), [label(v) for v in xmap])
        if len(xmap) > 8:
            ax.tick_params(axis="x", labelrotation=90)
    elif pd.api.types.is_datetime64_any_dtype(data[x]):
        locator = mdates.AutoDateLocator(minticks=3, maxticks=maxticks)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if stat == "share":
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    if stat in ("share", "rate"):
        ax.set_ylim(bottom=0)
