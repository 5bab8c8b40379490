"""Keyness as two-sided bars: the target's key words to the right, the reference's to the left.

Takes the table of :func:`toolkit.keywords.keyness` (one row per feature: ``feature``, a signed
``statistic`` that is positive when the target over-uses the feature, ``effect``, ``p_adjusted``,
``measure``, ``correction`` ...). The ``n`` features with the largest positive values are drawn
as bars to the right of zero, the target's colour, largest at the top; the ``n`` with the most
negative values as bars to the left, the reference's colour, most negative at the bottom. Each
feature's name sits next to the zero line on the empty side of its bar, so names line up; the
names of the two groups head the two halves of the axes, and the x label names the statistic
(with its correction). Arabic features are passed to matplotlib as raw strings: matplotlib >=
3.11 shapes them and lays them out right to left.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> table = pd.DataFrame({"feature": ["terrorism", "الإرهاب", "cold", "apartheid"],
...                       "statistic": [120.5, 40.2, -15.0, -60.3], "measure": "g2"})
>>> ax = plot_keyness(table, target_label="2001-2005", reference_label="1990-2000")
>>> [round(float(p.get_width()), 1) for c in ax.containers for p in c]
[120.5, 40.2, -15.0, -60.3]
>>> [t.get_text() for t in ax.texts if t.get_gid() == "group"], ax.get_xlabel()
(['2001-2005', '1990-2000'], 'log-likelihood G² (2-term)')
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from toolkit.plot._common import Lang, add_note, check_lang, check_table, freeze_ticks, label, new_axes
from toolkit.plot.style import isolate, publication_style

__all__ = ["KEYNESS_COLORS", "MEASURE_NAMES", "plot_keyness"]

_PRODUCER = "toolkit.keywords.keyness()"

#: Okabe-Ito colours of the two sides: blue for the target, orange for the reference.
KEYNESS_COLORS = {"target": "#0072B2", "reference": "#E69F00"}

#: How the x label names each statistic or effect size of :func:`toolkit.keywords.keyness`.
MEASURE_NAMES: Mapping[str, str] = {
    "g2": "log-likelihood G² (2-term)",
    "g2_4term": "log-likelihood G² (4-term)",
    "chi2": "chi-square",
    "fisher": "Fisher's exact test, −log₁₀ p",
    "pmi": "PMI (bits)",
    "log_ratio": "Log Ratio",
    "pct_diff": "%DIFF",
    "odds_ratio": "odds ratio",
    "log_odds_ratio": "log odds ratio",
    "simple_maths": "simple maths",
    "log_odds_dirichlet": "log-odds ratio, informative Dirichlet prior (z)",
    "log_odds_dirichlet_delta": "log-odds ratio, informative Dirichlet prior",
}

_WORDS = {
    "en": {"target": "target", "reference": "reference", "rest": "rest of the corpus",
           "correction": "{correction} correction", "faded": "pale bars: {expr}"},
    "fr": {"target": "cible", "reference": "référence", "rest": "reste du corpus",
           "correction": "correction de {correction}", "faded": "barres pâles : {expr}"},
    "ar": {"target": "المدونة المستهدفة", "reference": "المدونة المرجعية", "rest": "بقية المدونة",
           "correction": "تصحيح {correction}", "faded": "الأعمدة الباهتة: {expr}"},
}
_FADED_ALPHA = 0.35
_LRI, _PDI = "\u2066", "\u2069"
_NAME_PAD = 3  # points between the zero line and a feature name


def plot_keyness(keyness_table: pd.DataFrame, *, n: int = 10, n_reference: int | None = None,
                 value: str = "statistic", feature: str = "feature", target_label: str | None = None,
                 reference_label: str | None = None, alpha: float | None = 0.05, ax: Axes | None = None,
                 title: str | None = None, xlabel: str | None = None, lang: Lang = "en",
                 rc: Mapping[str, Any] | None = None) -> Axes:
    """Two-sided horizontal bars of the key features of a target and of its reference.

    Parameters
    ----------
    keyness_table : pandas.DataFrame
        The table of :func:`toolkit.keywords.keyness` for one comparison (for a table with one
        comparison per period, filter one period first).
    n : int
        How many target features (largest positive ``value``) to draw, to the right of zero.
    n_reference : int, optional
        How many reference features (most negative ``value``) to draw, to the left; default ``n``.
        0 draws one side only.
    value : str
        Column of the bar lengths: "statistic" (the signed test statistic, default) or "effect"
        (the signed effect size), or any signed column; positive means over-used in the target.
    feature : str
        Column of the feature names.
    target_label, reference_label : str, optional
        Names of the two groups, written above each half of the axes. Default: the table's
        ``attrs["target"]`` / ``attrs["reference"]`` when they are strings (the queries that
        selected them), else "target" and "rest of the corpus" (``attrs["reference_kind"]`` is
        "rest": no reference was given) or "reference", in ``lang``.
    alpha : float or None
        With a ``p_adjusted`` (else ``p_value``) column, bars whose p-value is ``>= alpha`` are
        drawn pale, with a note saying so; None draws every bar the same.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure 3.5 in wide and about 0.15 in per bar.
    title : str, optional
        Axes title (numbers inside right-to-left titles are isolated).
    xlabel : str, optional
        Default: the name of the measure (``measure`` column, or ``effect_measure`` / ``effect``
        attrs for ``value="effect"``; see :data:`MEASURE_NAMES`) and its ``correction``.
    lang : {"en", "fr", "ar"}
        Language of the figure's own words (group defaults, correction, note).
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.containers``: the target's BarContainer (top to bottom), then the reference's (top
        to bottom); ``ax.texts``: the feature names (gid "feature", in bar order) and the two
        group names (gid "group": target, then reference).

    Raises
    ------
    TypeError
        When ``keyness_table`` is not a DataFrame or ``ax`` not an Axes.
    ValueError
        For a missing column, an empty table, a feature that appears on several rows (a table
        with several comparisons), no non-zero value, a bad ``n`` or an unknown ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"feature": ["a", "b", "c"], "effect": [2.0, 1.0, -3.0],
    ...                   "p_adjusted": [0.001, 0.2, 0.01]})
    >>> ax = plot_keyness(t, value="effect", n=1, alpha=0.05)
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "feature"]
    ['a', 'c']
    >>> plt.close("all")
    """
    check_lang(lang)
    for name, count in (("n", n), ("n_reference", n if n_reference is None else n_reference)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"plot_keyness(): {name} must be an integer >= 0, got {count!r}")
    n_reference = n if n_reference is None else n_reference
    data = check_table(keyness_table, [feature, value], function="plot_keyness", producer=_PRODUCER)
    dup = data[feature].duplicated()
    if dup.any():
        extra = [c for c in ("period", "group", "lang", "target") if c in data.columns]
        raise ValueError(f"plot_keyness(): feature {data.loc[dup, feature].iloc[0]!r} is on several rows, so the "
                         "table holds several comparisons; plot one at a time"
                         + (f", e.g. table[table[{extra[0]!r}] == ...]" if extra else ""))
    values = pd.to_numeric(data[value], errors="coerce").astype(float)
    pcol = next((c for c in ("p_adjusted", "p_value") if c in data.columns), None)
    target_rows = values[values > 0].sort_values(ascending=False, kind="stable").index[:n]
    reference_rows = values[values < 0].sort_values(ascending=False, kind="stable").index
    reference_rows = reference_rows[len(reference_rows) - n_reference:] if n_reference else reference_rows[:0]
    if not len(target_rows) and not len(reference_rows):
        raise ValueError(f"plot_keyness(): no feature has a non-zero {value!r}; nothing to plot")

    words = _WORDS[lang]
    target_name, reference_name = _group_names(data, target_label, reference_label, words)
    xlabel = _xlabel(data, value, words) if xlabel is None else xlabel
    rows = len(target_rows) + len(reference_rows)
    extent = float(np.abs(values.loc[target_rows.append(reference_rows)]).max())

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax, figsize=(3.5, max(1.6, 0.55 + 0.15 * rows)))
        faded_any = False
        for rows_of, side, y0, sign in ((target_rows, "target", 0, 1), (reference_rows, "reference",
                                                                         len(target_rows), -1)):
            ys = np.arange(y0, y0 + len(rows_of), dtype=float)
            widths = values.loc[rows_of].to_numpy(dtype=float)
            faded = (np.zeros(len(rows_of), dtype=bool) if alpha is None or pcol is None
                     else ~(pd.to_numeric(data.loc[rows_of, pcol], errors="coerce").to_numpy(dtype=float) < alpha))
            faded_any |= bool(faded.any())
            bars = ax.barh(ys, widths, height=0.75, color=KEYNESS_COLORS[side], linewidth=0,
                           label=target_name if side == "target" else reference_name)
            for patch, pale in zip(bars, faded, strict=True):
                if pale:
                    patch.set_alpha(_FADED_ALPHA)
            for y, name in zip(ys, data.loc[rows_of, feature].tolist(), strict=True):
                # the name sits by the zero line, on the empty side of its bar
                ax.annotate(label(name), xy=(0, y), xytext=(-_NAME_PAD * sign, 0), textcoords="offset points",
                            ha="right" if sign > 0 else "left", va="center", fontsize="small", gid="feature")
        ax.axvline(0, color="black", linewidth=0.6)
        ax.set_xlim(-1.05 * extent, 1.05 * extent)
        ax.set_ylim(rows - 0.5, -0.5)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(isolate(xlabel))
        for name, side, x, ha in ((target_name, "target", 1.0, "right"), (reference_name, "reference", 0.0, "left")):
            ax.annotate(name, xy=(x, 1.0), xycoords="axes fraction", xytext=(0, 3), textcoords="offset points",
                        ha=ha, va="bottom", color=KEYNESS_COLORS[side], fontweight="bold", gid="group")
        if faded_any:
            expr = f"{pcol} ≥ {alpha:g}"  # kept left to right (and ≥ unmirrored) inside Arabic
            add_note(ax, words["faded"].format(expr=f"{_LRI}{expr}{_PDI}" if lang == "ar" else expr))
        if title is not None:
            ax.set_title(isolate(title), pad=14)
        freeze_ticks(ax)
    return ax


def _group_names(data: pd.DataFrame, target: str | None, reference: str | None,
                 words: Mapping[str, str]) -> tuple[str, str]:
    attrs = data.attrs
    if target is None:
        target = attrs["target"] if isinstance(attrs.get("target"), str) else words["target"]
    if reference is None:
        if isinstance(attrs.get("reference"), str):
            reference = attrs["reference"]
        else:  # keyness() records reference_kind "rest" when the reference is the rest of the corpus
            reference = words["rest"] if attrs.get("reference_kind") == "rest" else words["reference"]
    return isolate(str(target)), isolate(str(reference))


def _one(data: pd.DataFrame, column: str) -> str | None:
    """The single non-missing value of ``column`` as text, or None."""
    if column not in data.columns:
        return None
    values = {str(v) for v in data[column].dropna()}
    return values.pop() if len(values) == 1 else None


def _xlabel(data: pd.DataFrame, value: str, words: Mapping[str, str]) -> str:
    if value == "effect":
        measure = (_one(data, "effect_measure") or data.attrs.get("effect_measure") or data.attrs.get("effect"))
        return MEASURE_NAMES.get(str(measure), str(measure)) if measure else value
    if value != "statistic":
        return value
    measure = _one(data, "measure") or data.attrs.get("measure")
    if not measure:
        return value
    text = MEASURE_NAMES.get(str(measure), str(measure))
    correction = _one(data, "correction") or data.attrs.get("correction")
    if correction and str(correction).lower() not in ("none", "nan"):
        text += f", {words['correction'].format(correction=str(correction).capitalize())}"
    return text
