"""The figures of an analysis run, drawn with :mod:`toolkit.plot` and saved with :func:`toolkit.plot.save_figure`.

Kinds (``figures.kinds`` in the analysis file):

``trends``
    :func:`~toolkit.plot.plot_trends`: one line per frame with its confidence ribbon; periods
    with too few units are left out (a note says how many); detected change points are small
    triangles on the top edge, in the frame's colour.
``trend_facets``
    :func:`~toolkit.plot.plot_trend_facets`: the same, one panel per value of ``trends.by``.
``shares``
    :func:`~toolkit.plot.plot_shares`: stacked frame shares per period.
``heatmap``
    :func:`~toolkit.plot.plot_heatmap`: frames by period (default) or by a docvar
    (``figures.heatmap_row``, e.g. ``source``).

Each figure is written in every format of ``figures.formats`` with a JSON sidecar holding its
provenance (analysis, corpus hash, dictionary, seed, stage key).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.pipeline.config import Analysis

__all__ = ["TITLES", "render_figures"]

logger = logging.getLogger(__name__)

#: figure titles per label language; {by} / {row} / {unit} are filled in
TITLES: Mapping[str, Mapping[str, str]] = {
    "en": {"trends": "Frames over time ({unit}s)", "trend_facets": "Frames over time, by {by}",
           "shares": "Frame shares per period", "heatmap": "Frames by {row}"},
    "fr": {"trends": "Cadres au fil du temps ({unit}s)", "trend_facets": "Cadres au fil du temps, par {by}",
           "shares": "Parts des cadres par période", "heatmap": "Cadres par {row}"},
    "ar": {"trends": "الأطر عبر الزمن", "trend_facets": "الأطر عبر الزمن حسب {by}",
           "shares": "حصص الأطر حسب الفترة", "heatmap": "الأطر حسب {row}"},
}
_UNITS = {"en": {"paragraph": "paragraph", "sentence": "sentence", "document": "document"},
          "fr": {"paragraph": "paragraphe", "sentence": "phrase", "document": "document"},
          "ar": {"paragraph": "فقرة", "sentence": "جملة", "document": "وثيقة"}}


def _mark_change_points(ax: Any, trends: pd.DataFrame, change_points: pd.DataFrame | None) -> int:
    """A small triangle on the top edge at the start of each period where a frame's trend changes; returns how many.

    Triangles rather than vertical lines: a long series can have many changes, and lines across
    the plot would hide the ribbons.
    """
    if change_points is None or not len(change_points) or "frame" not in change_points:
        return 0
    from toolkit.plot.style import FRAME_COLORS, PALETTE

    starts = dict(zip(trends["period"].astype(str), trends["start"]))
    n = 0
    for row in change_points.itertuples(index=False):
        start = starts.get(str(row.location))
        if start is None or pd.isna(start):
            continue
        color = FRAME_COLORS.get(row.frame, PALETTE[0])
        ax.plot([start], [1.0], transform=ax.get_xaxis_transform(), marker="v", markersize=5, color=color,
                clip_on=False, linestyle="none", zorder=5)
        n += 1
    return n


def render_figures(folder: Path, analysis: Analysis, *, trends: pd.DataFrame, trends_by: pd.DataFrame | None = None,
                   change_points: pd.DataFrame | None = None, heatmap: tuple[pd.DataFrame, str] | None = None,
                   provenance: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Draw and save the figures of ``analysis.figures.kinds`` into ``folder``.

    Returns
    -------
    list of dict
        Per figure: ``kind``, ``title``, ``caption``, ``files`` (paths of the written files,
        formats first, then the JSON sidecar).
    """
    import matplotlib.pyplot as plt

    from toolkit.plot import (
        plot_heatmap,
        plot_shares,
        plot_trend_facets,
        plot_trends,
        publication_style,
        save_figure,
    )

    spec = analysis.figures
    lang = spec.lang
    unit = _UNITS[lang][analysis.units]
    overall = trends[[c for c in trends.columns if c != "group"]]
    made: list[dict[str, Any]] = []
    for kind in spec.kinds:
        caption = ""
        row = heatmap[1] if heatmap else "period"
        title = TITLES[lang][kind].format(unit=unit, by=analysis.trends.by, row=row)
        if kind == "trends":
            ax = plot_trends(overall, title=title, lang=lang)
            n = _mark_change_points(ax, overall, change_points)
            fig = ax.figure
            caption = (f"{analysis.trends.ci:.0%} cluster-bootstrap intervals ({analysis.trends.n_boot} resamples"
                       + (f", clusters: {analysis.trends.cluster}" if analysis.trends.cluster else "") + ")"
                       + (f"; triangles on the top edge: {n} change point{'s' if n != 1 else ''} (table "
                          "change_points)" if n else ""))
        elif kind == "trend_facets":
            if trends_by is None:
                raise analysis.error("figures.kinds", "trend_facets needs trends.by")
            fig = plot_trend_facets(trends_by, by=str(analysis.trends.by), title=title, lang=lang)
        elif kind == "shares":
            fig = plot_shares(overall, title=title, lang=lang).figure
        elif kind == "heatmap":
            table, row = heatmap if heatmap is not None else (overall, "period")
            n_rows = table[row].nunique()
            with publication_style():
                fig, ax = plt.subplots(figsize=(4.8, min(max(2.0, 0.22 * n_rows + 1.2), 14.0)))
            plot_heatmap(table, row=row, col="frame", value="estimate", ax=ax, title=title, lang=lang,
                         annotate=n_rows <= 30)
        else:  # the loader only lets known kinds through
            raise ValueError(f"unknown figure kind {kind!r}")
        try:
            files = save_figure(fig, folder / kind, formats=spec.formats, dpi=spec.dpi,
                                provenance={**dict(provenance or {}), "figure": kind})
        finally:
            plt.close(fig)
        logger.info("figure %s: %s", kind, ", ".join(p.name for p in files))
        made.append({"kind": kind, "title": title, "caption": caption, "files": files})
    return made
