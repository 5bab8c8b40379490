"""Topics against frames over time: a topic's expected proportion beside its frame's share.

:func:`plot_topic_frames` takes the table of :func:`toolkit.topics.alignment.topic_frame_pairs`
(one row per topic, frame and period, both estimates with their intervals) and draws one panel
per (topic, frame) pair: the topic's prevalence as a dark line with a grey ribbon, the frame's
share as a line in the frame's colour with its ribbon. The two measure different things (an
expected proportion of words, a share of paragraphs or documents carrying a frame), so by default
each has its own y-axis (``scale="twin"``: topic on the left, frame on the right, each label in
its line's colour); ``scale="z"`` standardises both series (mean 0, standard deviation 1 over
their periods; ribbons transformed alike) onto one axis. Given the table of
:func:`toolkit.topics.alignment.topic_frame_alignment`, each panel title ends with the
correlation ``r`` of the pair.

Like all :mod:`toolkit.plot` functions it draws inside
:func:`~toolkit.plot.style.publication_style` (global rcParams untouched) and passes Arabic labels
as raw strings, which matplotlib >= 3.11 shapes and lays out right to left.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> paired = pd.DataFrame({"topic": 0, "topic_name": "military", "frame": "military",
...                        "period": ["2001", "2002", "2003"],
...                        "start": pd.to_datetime(["2001-01-01", "2002-01-01", "2003-01-01"]),
...                        "topic_estimate": [0.10, 0.20, 0.25], "topic_ci_low": [0.05, 0.15, 0.2],
...                        "topic_ci_high": [0.15, 0.25, 0.3], "frame_estimate": [0.02, 0.06, 0.05],
...                        "frame_ci_low": [0.01, 0.05, 0.04], "frame_ci_high": [0.03, 0.07, 0.06],
...                        "frame_flag": "ok"})
>>> fig = plot_topic_frames(paired)
>>> panel, twin = fig.axes
>>> panel.get_title(), panel.get_ylabel(), twin.get_ylabel()
("military frame · topic 'military'", 'Expected topic proportion', 'Share of units with the frame')
>>> [float(v) for v in twin.get_lines()[0].get_ydata()]
[0.02, 0.06, 0.05]
>>> plt.close("all")
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from toolkit.errors import invalid_value_message
from toolkit.plot._common import (
    UNITS,
    Lang,
    check_lang,
    check_table,
    frame_styles,
    freeze_ticks,
    panel_axes,
)
from toolkit.plot.style import FRAME_LABELS, isolate, publication_style

__all__ = ["plot_topic_frames"]

Scale = Literal["twin", "z"]
_SCALES = ("twin", "z")
_PAIRS_PRODUCER = "toolkit.topics.alignment.topic_frame_pairs()"
_COLUMNS = ("topic", "topic_name", "frame", "start", "topic_estimate", "topic_ci_low", "topic_ci_high",
            "frame_estimate", "frame_ci_low", "frame_ci_high")
_TOPIC_COLOR = "#333333"
_TOPIC_RIBBON = "#999999"
_RIBBON_ALPHA = 0.25
_MANY_POINTS = 24  # more points than this per line: markers on about _MARKERS_PER_LINE of them
_MARKERS_PER_LINE = 12

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {"title": "{frame} · {topic}", "frame": "{label} frame", "other_frame": "frame '{label}'", "topic": "topic '{name}'", "numbered": "topic {k}",
           "proportion": "Expected topic proportion", "share": "Share of {units} with the frame",
           "z": "Standardised (z)", "topic_line": "Topic (expected proportion)",
           "frame_line": "Frame (share of {units})", "time": "Period"},
    "fr": {"title": "{frame} · {topic}", "frame": "cadre {label}", "other_frame": "cadre « {label} »", "topic": "thème « {name} »", "numbered": "thème {k}",
           "proportion": "Proportion attendue du thème", "share": "Part des {units} avec le cadre",
           "z": "Centré réduit (z)", "topic_line": "Thème (proportion attendue)",
           "frame_line": "Cadre (part des {units})", "time": "Période"},
    "ar": {"title": "{frame} · {topic}", "frame": "الإطار ال{label}", "other_frame": "الإطار «{label}»", "topic": "الموضوع «{name}»", "numbered": "الموضوع {k}",
           "proportion": "النسبة المتوقعة للموضوع", "share": "نسبة {units} التي تحمل الإطار",
           "z": "القيم المعيارية (z)", "topic_line": "الموضوع (النسبة المتوقعة)",
           "frame_line": "الإطار (نسبة {units})", "time": "الفترة"},
}


def _pair_keys(data: pd.DataFrame) -> list[tuple[Any, str]]:
    return list(dict.fromkeys(zip(data["topic"].tolist(), data["frame"].astype(str).tolist(), strict=True)))


def _topic_text(name: Any, topic: Any, lang: str) -> str:
    words = _WORDS[lang]
    text = str(name) if name is not None and not pd.isna(name) else ""
    if not text or text == f"topic_{topic}":
        return words["numbered"].format(k=topic)
    if lang == "ar":
        text = FRAME_LABELS[lang].get(text, text)  # a seeded topic named after a frame: the frame's Arabic name
    return words["topic"].format(name=text)


def _frame_text(frame: str, lang: str) -> str:
    """"military frame", "cadre militaire", "الإطار العسكري"; a frame without a translation is quoted."""
    words = _WORDS[lang]
    if frame in FRAME_LABELS[lang]:
        return words["frame"].format(label=FRAME_LABELS[lang][frame])
    return words["other_frame"].format(label=frame)


def _correlations(alignment: pd.DataFrame | None) -> dict[tuple[Any, str], float]:
    if alignment is None:
        return {}
    table = check_table(alignment, ["topic", "frame", "r"], function="plot_topic_frames",
                        producer="toolkit.topics.alignment.topic_frame_alignment()")
    return {(t, str(f)): float(r) for t, f, r in zip(table["topic"], table["frame"], table["r"], strict=True)}


def _standardise(values: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    """``values`` and ``others`` mapped by the same ``(v - mean) / sd`` of ``values`` (NaN ignored)."""
    finite = values[np.isfinite(values)]
    mean = finite.mean() if finite.size else 0.0
    sd = finite.std() if finite.size > 1 else 0.0
    sd = sd if sd > 0 else 1.0
    return [(v - mean) / sd for v in (values, *others)]


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def plot_topic_frames(paired: pd.DataFrame, *, alignment: pd.DataFrame | None = None, scale: Scale = "twin",
                      ncols: int | None = None, ax: Axes | Sequence[Axes] | None = None, title: str | None = None,
                      lang: Lang = "en", legend: bool = True, rc: Mapping[str, Any] | None = None) -> Figure:
    """One panel per (topic, frame) pair: the topic's prevalence and the frame's share over time.

    Parameters
    ----------
    paired : pandas.DataFrame
        The table of :func:`toolkit.topics.alignment.topic_frame_pairs`: ``topic``,
        ``topic_name``, ``frame``, ``start`` (the period's first day), ``topic_estimate``,
        ``topic_ci_low``, ``topic_ci_high``, ``frame_estimate``, ``frame_ci_low``,
        ``frame_ci_high`` (optional ``frame_flag``: periods other than "ok" are not drawn for
        the frame). Panels come in the table's order of pairs.
    alignment : pandas.DataFrame, optional
        The table of :func:`toolkit.topics.alignment.topic_frame_alignment`; each panel title
        then ends with ``r = ...`` for its pair.
    scale : {"twin", "z"}, default "twin"
        ``"twin"``: the topic on the left y-axis, the frame on a right y-axis (its own scale);
        ``"z"``: both standardised onto one axis.
    ncols : int, optional
        Panels per row (default 2, or 1 for a single pair).
    ax : Axes or sequence of Axes, optional
        Where to draw, one Axes per pair; default a new figure.
    title : str, optional
        Figure title.
    lang : {"en", "fr", "ar"}
        Language of the labels; frame names translated as in the other figures.
    legend : bool, default True
        A legend for the two lines under the panels (a figure legend).
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes`` holds the panels first, in pair order, each with the topic's Line2D (and
        its ribbon, a PolyCollection) -- with ``scale="z"`` also the frame's line and ribbon --
        then, with ``scale="twin"``, one right-hand Axes per panel holding the frame's line and
        ribbon. The lines have one point per period (NaN where a series is missing).

    Raises
    ------
    TypeError
        When ``paired`` is not a DataFrame or ``ax`` not Axes.
    ValueError
        For a missing column, an empty table, an unknown ``scale`` or ``lang``, a bad ``ncols``,
        or fewer Axes than pairs.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> rows = [{"topic": k, "topic_name": name, "frame": frame, "start": pd.Timestamp(f"{y}-01-01"),
    ...          "topic_estimate": 0.1 + 0.01 * (y - 2000), "topic_ci_low": 0.05, "topic_ci_high": 0.3,
    ...          "frame_estimate": 0.02 * (y - 2000), "frame_ci_low": 0.0, "frame_ci_high": 0.2}
    ...         for k, (name, frame) in enumerate([("military", "military"), ("media", "media")])
    ...         for y in range(2001, 2006)]
    >>> alignment = pd.DataFrame({"topic": [0, 1], "frame": ["military", "media"], "r": [0.91, -0.2]})
    >>> fig = plot_topic_frames(pd.DataFrame(rows), alignment=alignment, scale="z", lang="fr")
    >>> [a.get_title() for a in fig.axes]
    ['cadre militaire · thème « military » (r = 0.91)', 'cadre médiatique · thème « media » (r = −0.20)']
    >>> len(fig.axes[0].get_lines()), fig.axes[0].get_ylabel()
    (2, 'Centré réduit (z)')
    >>> plt.close("all")
    """
    check_lang(lang)
    if scale not in _SCALES:
        raise ValueError(invalid_value_message("scale", scale, _SCALES))
    data = check_table(paired, _COLUMNS, function="plot_topic_frames", producer=_PAIRS_PRODUCER)
    keys = _pair_keys(data)
    r_of = _correlations(alignment)
    if ncols is not None and (isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1):
        raise ValueError(f"plot_topic_frames(): ncols must be a positive integer, got {ncols!r}")
    words = _WORDS[lang]
    unit = data.attrs.get("unit")
    units = UNITS[lang].get(unit, UNITS[lang][None]) if isinstance(unit, str) else UNITS[lang][None]
    styles = frame_styles([frame for _, frame in keys])
    with publication_style(**dict(rc or {})):
        fig, panels = panel_axes(len(keys), ax, ncols=ncols or (1 if len(keys) == 1 else 2), panel_size=(3.4, 2.1),
                                 pad_height=0.8, function="plot_topic_frames", what="pair")
        twins: list[Axes] = []
        for panel, key in zip(panels, keys, strict=True):
            twins.append(_draw_pair(panel, data, key, styles[key[1]], scale, words, units, lang, r_of.get(key)))
        for twin in twins:  # the twin axes share x: they come after the panels in fig.axes
            if twin is not None:
                freeze_ticks(twin)
        if legend:
            handles = [Line2D([], [], color=_TOPIC_COLOR, label=isolate(words["topic_line"])),
                       Line2D([], [], color="#777777", linestyle="--", marker="o",
                              label=isolate(words["frame_line"].format(units=units)))]
            fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
                       markerfirst=lang != "ar")
        if title is not None:
            fig.suptitle(isolate(title))
    return fig


def _draw_pair(panel: Axes, data: pd.DataFrame, key: tuple[Any, str], style: Mapping[str, str], scale: str,
               words: Mapping[str, str], units: str, lang: str, r: float | None) -> Axes | None:
    """Draw one pair on ``panel``; returns its twin Axes (``scale="twin"``) or None."""
    topic, frame = key
    sub = data[(data["topic"] == topic) & (data["frame"].astype(str) == frame)].sort_values("start", kind="stable")
    xs = pd.DatetimeIndex(sub["start"]).to_pydatetime()
    topic_est, topic_lo, topic_hi = (sub[c].to_numpy(dtype=float) for c in ("topic_estimate", "topic_ci_low",
                                                                             "topic_ci_high"))
    frame_est, frame_lo, frame_hi = (sub[c].to_numpy(dtype=float) for c in ("frame_estimate", "frame_ci_low",
                                                                             "frame_ci_high"))
    if "frame_flag" in sub.columns:
        off = (sub["frame_flag"].astype(str) != "ok").to_numpy()
        frame_est, frame_lo, frame_hi = (np.where(off, np.nan, v) for v in (frame_est, frame_lo, frame_hi))
    if scale == "z":
        topic_est, topic_lo, topic_hi = _standardise(topic_est, topic_lo, topic_hi)
        frame_est, frame_lo, frame_hi = _standardise(frame_est, frame_lo, frame_hi)
    many = len(sub) > _MANY_POINTS
    panel.plot(xs, topic_est, color=_TOPIC_COLOR, marker=None if many else ".", zorder=3)
    panel.fill_between(xs, topic_lo, topic_hi, color=_TOPIC_RIBBON, alpha=_RIBBON_ALPHA, linewidth=0)
    target = panel if scale == "z" else panel.twinx()
    target.plot(xs, frame_est, color=style["color"], linestyle="--", marker=style["marker"],
                markevery=(0, -(-len(sub) // _MARKERS_PER_LINE)) if many else None, zorder=3)
    target.fill_between(xs, frame_lo, frame_hi, color=style["color"], alpha=_RIBBON_ALPHA, linewidth=0)
    name = sub["topic_name"].iloc[0]
    text = words["title"].format(frame=_frame_text(frame, lang), topic=_topic_text(name, topic, lang))
    if r is not None and not math.isnan(r):
        value = f"r = {r:.2f}".replace("-", "−")
        text += f" (\u2066{value}\u2069)" if lang == "ar" else f" ({value})"  # left to right inside Arabic
    panel.set_title(isolate(text), fontsize="medium")
    if scale == "z":
        panel.set_ylabel(isolate(words["z"]))
    else:
        panel.set_ylabel(isolate(words["proportion"]), color=_TOPIC_COLOR)
        target.set_ylabel(isolate(words["share"].format(units=units)), color=style["color"])
        target.tick_params(axis="y", colors=style["color"])
        target.spines["right"].set_visible(True)
        panel.set_ylim(bottom=min(0.0, np.nanmin(topic_lo)) if np.isfinite(topic_lo).any() else None)
        if np.isfinite(frame_lo).any():
            target.set_ylim(bottom=min(0.0, np.nanmin(frame_lo)))
    _date_axis(panel)
    freeze_ticks(panel)
    return None if scale == "z" else target
