"""Dispersion ("x-ray") plot: where in each document, or for each term, the matches occur.

Takes the table of :func:`toolkit.keywords.dispersion_positions` (one row per match: ``doc_id``,
``token_index``, ``n_tokens``, ``relative_position``, ``match``, ``pattern``; ``attrs["doc_ids"]``
lists every document, with or without a match). Each row of the figure is a
document (``row="doc_id"``) or a term (``row="match"``); every match is a short vertical tick at
its position, relative (0 = start of the document, 1 = end; the default) or in tokens
(``x="token_index"``). A thin grey line shows the extent of each row, the number of matches is
written at its end, and with several patterns (or matched forms) the ticks take one colour each.
Documents without a match (in ``attrs["doc_ids"]``, or rows with a missing position) stay empty.

Arabic documents read from the right: with ``lang="ar"`` (or ``direction="rtl"``) the x axis
runs right to left, so the start of a document is on the right, and the row labels sit on the
right. Labels are raw strings; matplotlib >= 3.11 shapes them.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> hits = pd.DataFrame({"doc_id": ["a", "a", "b"], "token_index": [0, 9, 5], "n_tokens": [10, 10, 20],
...                      "relative_position": [0.0, 0.9, 0.25], "match": "terrorism"})
>>> ax = plot_dispersion(hits)
>>> [t.get_text() for t in ax.get_yticklabels()], [[float(p) for p in c.get_positions()] for c in ax.collections[1:]]
(['a', 'b'], [[0.0, 0.9], [0.25]])
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from toolkit.errors import invalid_value_message
from toolkit.plot._common import (
    NOTE_COLOR,
    Lang,
    add_note,
    category_order,
    check_lang,
    check_table,
    freeze_ticks,
    label,
    new_axes,
)
from toolkit.plot.style import PALETTE, isolate, publication_style

__all__ = ["plot_dispersion"]

_PRODUCER = "toolkit.keywords.dispersion_positions()"
_WORDS = {
    "en": {"relative": "Position in the document (0 = start, 1 = end)", "tokens": "Position (tokens)",
           "more": "{n} more row(s) not shown", "term": "Term"},
    "fr": {"relative": "Position dans le document (0 = début, 1 = fin)", "tokens": "Position (mots)",
           "more": "{n} ligne(s) de plus non montrée(s)", "term": "Terme"},
    "ar": {"relative": "الموضع في الوثيقة (0 = البداية، 1 = النهاية)", "tokens": "الموضع (بالكلمات)",
           "more": "لم يُعرض {n} صفًا إضافيًا", "term": "المصطلح"},
}
_TICK_COLOR = PALETTE[4]
_BASELINE_COLOR = "#BBBBBB"


def plot_dispersion(positions: pd.DataFrame, *, row: str = "doc_id", x: str = "relative_position",
                    hue: str | None = None, n_rows: int = 30, order: Literal["appearance", "count"] = "appearance",
                    direction: Literal["ltr", "rtl"] | None = None, ax: Axes | None = None,
                    title: str | None = None, xlabel: str | None = None, lang: Lang = "en",
                    counts: bool = True, legend: bool = True, empty_rows: bool = True,
                    rc: Mapping[str, Any] | None = None) -> Axes:
    """An x-ray of matches: one row per document (or per term), one tick per match at its position.

    Parameters
    ----------
    positions : pandas.DataFrame
        The table of :func:`toolkit.keywords.dispersion_positions`, or any table with the
        ``row`` and ``x`` columns (one row per match).
    row : str
        Column whose values get one row each: "doc_id" (default) or "match" (one row per term).
    x : str
        Column of the positions: "relative_position" (default; axis 0-1) or "token_index" (axis
        in tokens; each row's extent is its ``n_tokens`` when the table has it).
    hue : str, optional
        Column colouring the ticks (one Okabe-Ito colour per value, with a legend); default
        "pattern" when rows are documents and the table holds several patterns, else "match"
        when it holds several matched forms, else none.
    n_rows : int
        Draw at most this many rows; a note says how many were left out.
    order : {"appearance", "count"}
        Rows in categorical order / order of appearance, or by number of matches (most first).
    direction : {"ltr", "rtl"}, optional
        Which way the x axis runs; default "rtl" (start on the right, labels on the right) when
        ``lang="ar"``, else "ltr".
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure 3.5 in wide and about 0.18 in per row.
    title, xlabel : str, optional
        Labels; the default x label says what the positions are, in ``lang``.
    lang : {"en", "fr", "ar"}
        Language of the figure's own words.
    counts : bool
        Write the number of matches at the end of each row (gid "count").
    legend : bool
        Draw the legend of the ``hue`` colours.
    empty_rows : bool
        With ``row="doc_id"``, also draw the documents without a match that
        ``positions.attrs["doc_ids"]`` lists (as :func:`toolkit.keywords.dispersion_positions`
        records them), in that order; their length comes from ``attrs["doc_lengths"]``.
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds the row baselines; then one
        :class:`~matplotlib.collections.EventCollection` per row (per row and ``hue`` value),
        top row first, whose ``get_positions()`` are the match positions. Row labels are the
        y tick labels.

    Raises
    ------
    TypeError
        When ``positions`` is not a DataFrame or ``ax`` not an Axes.
    ValueError
        For a missing column, an empty table, a bad ``n_rows``, ``order``, ``direction`` or ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> hits = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "relative_position": [0.1, 0.5, 0.7],
    ...                      "match": ["إرهاب", "تمويل", "إرهاب"]})
    >>> ax = plot_dispersion(hits, row="match", lang="ar")
    >>> [t.get_text() for t in ax.get_yticklabels()], bool(ax.xaxis_inverted())
    (['إرهاب', 'تمويل'], True)
    >>> plt.close("all")
    """
    check_lang(lang)
    if isinstance(n_rows, bool) or not isinstance(n_rows, int) or n_rows < 1:
        raise ValueError(f"plot_dispersion(): n_rows must be an integer >= 1, got {n_rows!r}")
    if order not in ("appearance", "count"):
        raise ValueError(invalid_value_message("order", order, ["appearance", "count"]))
    if direction not in (None, "ltr", "rtl"):
        raise ValueError(invalid_value_message("direction", direction, ["ltr", "rtl", None]))
    rtl = (direction or ("rtl" if lang == "ar" else "ltr")) == "rtl"
    data = check_table(positions, [row, x, hue], function="plot_dispersion", producer=_PRODUCER)
    if hue is None and row not in ("match", "pattern"):
        hue = next((c for c in ("pattern", "match") if c in data.columns and data[c].dropna().nunique() > 1), None)
    xs = pd.to_numeric(data[x], errors="coerce").astype(float)
    hit = xs.notna()
    rows = category_order(data[row])
    every = data.attrs.get("doc_ids")
    if empty_rows and row == "doc_id" and isinstance(every, list):  # documents without a match too
        rows = list(dict.fromkeys([*every, *rows]))
    n_hits = hit.groupby(data[row], sort=False).sum()
    if order == "count":
        rows = sorted(rows, key=lambda r: -int(n_hits.get(r, 0)))  # stable: ties keep their order
    hidden = max(0, len(rows) - n_rows)
    rows = rows[:n_rows]
    hues: list[Hashable] = category_order(data.loc[hit, hue]) if hue is not None else [None]
    colors = {h: PALETTE[[4, 5, 2, 0, 6, 1, 3, 7][k % 8]] for k, h in enumerate(hues)} if hue is not None \
        else {None: _TICK_COLOR}
    ends = _extents(data, rows, row=row, x=x, xs=xs)
    if x == "token_index" and row == "doc_id" and isinstance(every, list) and len(every) == len(
            data.attrs.get("doc_lengths") or []):
        lengths = dict(zip(every, data.attrs["doc_lengths"], strict=True))
        ends = np.array([float(lengths.get(r, e)) for r, e in zip(rows, ends, strict=True)])
    words = _WORDS[lang]

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax, figsize=(3.5, max(1.2, 0.45 + 0.18 * len(rows))))
        ys = np.arange(len(rows), dtype=float)
        ax.hlines(ys, 0, ends, color=_BASELINE_COLOR, linewidth=0.5, zorder=1, gid="baseline")
        for y, value in zip(ys, rows, strict=True):
            in_row = data[row].eq(value).to_numpy() & hit.to_numpy()
            for h in hues:
                mask = in_row if h is None else in_row & data[hue].eq(h).fillna(False).to_numpy(dtype=bool)
                ax.eventplot(xs.to_numpy()[mask], lineoffsets=y, linelengths=0.7, linewidths=0.8,
                             colors=colors[h], zorder=2)
        ax.set_yticks(ys, [label(v) for v in rows])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        right = 1.0 if x == "relative_position" else float(np.nanmax(ends)) if len(ends) else 1.0
        ax.set_xlim((right, 0) if rtl else (0, right))
        if rtl:
            ax.yaxis.tick_right()
            ax.spines["right"].set_visible(True)
            ax.spines["left"].set_visible(False)
        if counts:
            for y, value in zip(ys, rows, strict=True):
                ax.annotate(isolate(f"{int(n_hits.get(value, 0)):,}", force=rtl), xy=(0.0 if rtl else 1.0, y),
                            xycoords=("axes fraction", "data"), xytext=(-3 if rtl else 3, 0),
                            textcoords="offset points", ha="right" if rtl else "left", va="center",
                            fontsize="x-small", color=NOTE_COLOR, gid="count")
        ax.set_xlabel(isolate(xlabel) if xlabel is not None else
                      isolate(words["relative"] if x == "relative_position" else words["tokens"]))
        if hue is not None and legend:
            handles = [Line2D([], [], color=colors[h], linestyle="none", marker="|", markersize=7) for h in hues]
            ax.legend(handles, [label(h) for h in hues], title=words["term"] if hue == "match" else hue,
                      loc="upper left" if not rtl else "upper right",
                      bbox_to_anchor=(1.02, 1.0) if not rtl else (-0.02, 1.0), markerfirst=not rtl)
        if hidden:
            add_note(ax, words["more"].format(n=isolate(str(hidden), force=lang == "ar")))
        if title is not None:
            ax.set_title(isolate(title))
        freeze_ticks(ax)
    return ax


def _extents(data: pd.DataFrame, rows: list[Hashable], *, row: str, x: str, xs: pd.Series) -> np.ndarray:
    """Where each row's baseline ends: 1 for relative positions, else the document length in tokens."""
    if x == "relative_position":
        return np.ones(len(rows))
    if "n_tokens" in data.columns:
        # per document its length; per term the longest document it occurs in
        per_row = pd.to_numeric(data["n_tokens"], errors="coerce").groupby(data[row], sort=False).max()
        return np.array([float(per_row.get(r, np.nan)) for r in rows])
    per_row = xs.groupby(data[row], sort=False).max()
    return np.array([float(per_row.get(r, np.nan)) + 1 for r in rows])
