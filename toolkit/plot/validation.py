"""Dictionary validation at a glance: per-frame precision, recall and F1 with interval whiskers.

Takes the :class:`~toolkit.frames.validation.ValidationReport` of :func:`toolkit.frames.validate`
(or its ``scores`` table). The F1 whiskers are the report's percentile-bootstrap interval
(``f1_low``, ``f1_high``). The report gives no interval for precision and recall, so their
whiskers are Wilson score intervals (Wilson 1927) at the report's confidence level, computed
from the confusion counts: precision = TP / (TP + FP) over the predicted positives, recall =
TP / (TP + FN) over the gold positives; a metric whose denominator is 0 gets no whisker. When
the table does carry ``precision_low``/``precision_high`` (or ``recall_...``) columns, those
are used instead.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
Journal of the American Statistical Association, 22(158), 209-212.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> scores = pd.DataFrame({"lang": "all", "frame": ["military", "media"], "precision": [0.8, 0.5],
...                        "recall": [0.5, 1.0], "f1": [0.615, 0.667], "f1_low": [0.4, 0.3],
...                        "f1_high": [0.8, 0.9], "tp": [4, 2], "fp": [1, 2], "fn": [4, 0]})
>>> ax = plot_validation(scores)
>>> len(ax.patches), len(ax.containers)
(6, 6)
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from toolkit.errors import invalid_value_message
from toolkit.plot._common import (
    Lang,
    check_lang,
    check_table,
    frame_label,
    freeze_ticks,
    new_axes,
    ordered,
    word,
)
from toolkit.plot.style import isolate, publication_style

__all__ = ["METRIC_COLORS", "plot_validation", "wilson_interval"]

Metric = Literal["precision", "recall", "f1"]
_METRICS = ("precision", "recall", "f1")
#: Okabe-Ito colours of the three metrics.
METRIC_COLORS = {"precision": "#56B4E9", "recall": "#E69F00", "f1": "#0072B2"}
_COUNTS = {"precision": ("tp", "fp"), "recall": ("tp", "fn")}
_PRODUCER = "toolkit.frames.validate() (its ValidationReport, or report.scores)"


def wilson_interval(successes: Any, trials: Any, *, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (NaN where ``trials`` is 0).

    With ``p = k / n`` and ``z`` the standard normal quantile of ``(1 + ci) / 2``::

        centre = (p + z^2 / 2n) / (1 + z^2 / n)
        half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

    Examples
    --------
    >>> low, high = wilson_interval([8, 0], [10, 0])
    >>> [round(float(low[0]), 4), round(float(high[0]), 4)], bool(np.isnan(low[1]))
    ([0.4902, 0.9433], True)
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci must be a confidence level between 0 and 1, got {ci!r}")
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = NormalDist().inv_cdf((1 + ci) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def plot_validation(report: Any, *, language: str = "all", metrics: Sequence[Metric] = _METRICS,
                    baseline: bool = True, ci: float | None = None, ax: Axes | None = None,
                    title: str | None = None, lang: Lang = "en", legend: bool = True,
                    rc: Mapping[str, Any] | None = None) -> Axes:
    """Grouped bars of precision, recall and F1 per frame, each with an interval whisker.

    Parameters
    ----------
    report : ValidationReport or pandas.DataFrame
        The result of :func:`toolkit.frames.validate`, or its ``scores`` table (columns
        ``lang``, ``frame``, the metrics, ``f1_low``, ``f1_high``, ``tp``, ``fp``, ``fn``).
    language : str
        Which rows of the report: a language code of the gold units, or "all" (pooled, default).
    metrics : sequence of {"precision", "recall", "f1"}
        The bars of each frame, in this order.
    baseline : bool
        Mark the supervised baseline's F1 of each frame (a black diamond) when the report has one.
    ci : float, optional
        Level of the Wilson intervals of precision and recall (default the report's ``ci``
        setting, else 0.95). See the module docstring for how each whisker is computed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    title : str, optional
        Axes title.
    lang : {"en", "fr", "ar"}
        Language of frame and metric names.
    legend : bool
        Draw the legend.
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        One BarContainer per metric (one bar per frame) and one ErrorbarContainer per metric in
        ``ax.containers``; frames on the x axis in :data:`~toolkit.plot.style.FRAMES` order.

    Raises
    ------
    TypeError
        For a report that is neither a ValidationReport nor a DataFrame.
    ValueError
        For a language not in the report, an unknown metric or a missing column.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> from toolkit.frames.dictionary import Dictionary
    >>> from toolkit.frames.validation import validate
    >>> d = Dictionary.from_dict({"military": ["troops", "army"], "financial": ["financing", "funds"]})
    >>> gold = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "lang": "en",
    ...     "text": ["The army and troops.", "Financing of terrorism.", "Army funds.", "A meeting."],
    ...     "frames": [["military"], ["financial"], ["financial"], []]})
    >>> ax = plot_validation(validate(d, gold, n_boot=50, baseline=False), lang="fr")
    >>> [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.get_legend().get_texts()]
    (['militaire', 'financier'], ['Précision', 'Rappel', 'F1'])
    >>> plt.close("all")
    """
    check_lang(lang)
    scores, base, level = _tables(report)
    metrics = list(metrics)
    for m in metrics:
        if m not in _METRICS:
            raise ValueError(invalid_value_message("metrics", m, _METRICS))
    if not metrics:
        raise ValueError("metrics is empty; give at least one of ['precision', 'recall', 'f1']")
    level = ci if ci is not None else level
    needed = ["lang", "frame", *metrics, *(["f1_low", "f1_high"] if "f1" in metrics else []),
              *{c for m in metrics if m in _COUNTS and f"{m}_low" not in scores.columns for c in _COUNTS[m]}]
    scores = check_table(scores, sorted(set(needed), key=needed.index), function="plot_validation",
                         producer=_PRODUCER)
    available = list(dict.fromkeys(scores["lang"].astype(str)))
    if language not in available:
        raise ValueError(invalid_value_message("language", language, available))
    rows = scores[scores["lang"].astype(str) == language]
    frames = ordered(rows["frame"])
    rows = rows.set_index("frame").loc[frames]
    pos = np.arange(len(frames), dtype=float)
    width = 0.8 / len(metrics)

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax)
        offsets = {}
        for k, metric in enumerate(metrics):
            off = (k - (len(metrics) - 1) / 2) * width
            offsets[metric] = off
            values = rows[metric].to_numpy(dtype=float)
            low, high = _interval(rows, metric, level)
            ax.bar(pos + off, values, width=width * 0.92, color=METRIC_COLORS[metric], label=word(lang, metric))
            yerr = np.vstack([np.clip(values - low, 0, None), np.clip(high - values, 0, None)])
            known = np.isfinite(yerr).all(axis=0)  # no interval: no whisker (NaN segments are not drawn)
            ax.errorbar(pos + off, np.where(known, values, np.nan), yerr=np.where(np.isfinite(yerr), yerr, 0.0),
                        fmt="none", ecolor="#333333", elinewidth=0.7, capsize=1.5, capthick=0.7)
        if baseline and base is not None and "f1" in offsets:
            brows = base[base["lang"].astype(str) == language].set_index("frame")
            bvals = np.array([brows["f1"].get(f, np.nan) for f in frames], dtype=float)
            if np.isfinite(bvals).any():
                ax.plot(pos + offsets["f1"], bvals, linestyle="none", marker="D", markersize=3.5,
                        color="black", label=word(lang, "baseline"))
        ax.set_xticks(pos, [frame_label(f, lang) for f in frames])
        ax.set_ylim(0, 1.25)
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.set_ylabel(word(lang, "score"))
        ax.grid(False, axis="x")
        if legend:
            handles, labels = ax.get_legend_handles_labels()
            order = sorted(range(len(labels)), key=lambda i: labels[i] == word(lang, "baseline"))  # bars first
            ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper center",
                      ncols=len(metrics) + 1, markerfirst=lang != "ar", handlelength=1.0, columnspacing=1.0)
        if title is not None:
            ax.set_title(isolate(title))
        freeze_ticks(ax)
    return ax


def _tables(report: Any) -> tuple[pd.DataFrame, pd.DataFrame | None, float]:
    """(scores, baseline scores or None, confidence level) from a report or a scores table."""
    if isinstance(report, pd.DataFrame):
        return report, None, 0.95
    scores = getattr(report, "scores", None)
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"plot_validation() takes the ValidationReport of {_PRODUCER.split(' (')[0]} or its "
                        f"scores DataFrame, got {type(report).__name__}")
    settings = getattr(report, "settings", {}) or {}
    level = float(settings.get("ci", 0.95))
    base = getattr(report, "baseline", None)
    return scores, base if isinstance(base, pd.DataFrame) else None, level


def _interval(rows: pd.DataFrame, metric: str, level: float) -> tuple[np.ndarray, np.ndarray]:
    if f"{metric}_low" in rows.columns and f"{metric}_high" in rows.columns:
        return rows[f"{metric}_low"].to_numpy(dtype=float), rows[f"{metric}_high"].to_numpy(dtype=float)
    if metric == "f1":  # checked present by plot_validation
        return rows["f1_low"].to_numpy(dtype=float), rows["f1_high"].to_numpy(dtype=float)
    tp, other = _COUNTS[metric]
    k = rows[tp].to_numpy(dtype=float)
    return wilson_interval(k, k + rows[other].to_numpy(dtype=float), ci=level)
