"""Topic-model figures: top terms per topic, topic prevalence over time, and the choice of K.

Each function takes the tidy table of one function of :mod:`toolkit.topics`:

* :func:`plot_top_terms` -- :func:`toolkit.topics.top_terms` (``topic``, ``rank``, ``term`` and a
  value column such as ``prob`` or ``score``): horizontal bars, one panel per topic, the best
  term at the top.
* :func:`plot_topic_prevalence` -- :func:`toolkit.topics.estimate_effect` (``topic``, ``time``,
  ``estimate``, ``ci_low``, ``ci_high``, optional ``group``): one line per topic (or per group of
  one topic) with its interval as a ribbon.
* :func:`plot_k_selection` -- :func:`toolkit.topics.select_k` (one row per K and seed, one column
  per measure): one panel per measure, the mean over seeds as a line, every seed as a point.

Topics are named by a ``label`` column when the table has one (frame names are translated, as
in :func:`~toolkit.plot.plot_trends`), else "Topic 3" in the figure's language, with the topic
number as it is in the table (0-based for :mod:`toolkit.topics`). A topic keeps the same colour
in every figure drawn for the same set of topics. Like all :mod:`toolkit.plot` functions, they
draw inside :func:`~toolkit.plot.style.publication_style` (global rcParams untouched) and pass
Arabic labels as raw strings, which matplotlib >= 3.11 shapes and lays out right to left.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> terms = pd.DataFrame({"topic": [0, 0, 1, 1], "rank": [1, 2, 1, 2],
...                       "term": ["peace", "security", "الإرهاب", "تمويل"], "prob": [0.3, 0.2, 0.25, 0.1]})
>>> fig = plot_top_terms(terms)
>>> [ax.get_title() for ax in fig.axes], [t.get_text() for t in fig.axes[1].get_yticklabels()]
(['Topic 0', 'Topic 1'], ['الإرهاب', 'تمويل'])
>>> plt.close("all")
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from toolkit.plot._common import (
    Lang,
    category_order,
    check_lang,
    check_table,
    frame_label,
    freeze_ticks,
    label,
    new_axes,
    panel_axes,
)
from toolkit.plot.style import (
    FRAME_COLORS,
    FRAME_MARKERS,
    PALETTE,
    isolate,
    publication_style,
)

__all__ = ["plot_k_selection", "plot_top_terms", "plot_topic_prevalence"]

_TERMS_PRODUCER = "toolkit.topics.top_terms()"
_EFFECT_PRODUCER = "toolkit.topics.estimate_effect()"
_SELECT_PRODUCER = "toolkit.topics.select_k()"

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {"topic": "Topic {k}", "prob": "Probability", "frex": "FREX", "lift": "Lift",
           "relevance": "Relevance", "score": "Score", "proportion": "Expected topic proportion",
           "time": "Time", "k": "Number of topics (K)", "better": "↑ higher is better, ↓ lower is better"},
    "fr": {"topic": "Thème {k}", "prob": "Probabilité", "frex": "FREX", "lift": "Lift",
           "relevance": "Pertinence", "score": "Score", "proportion": "Proportion attendue du thème",
           "time": "Temps", "k": "Nombre de thèmes (K)",
           "better": "↑ plus haut est meilleur, ↓ plus bas est meilleur"},
    "ar": {"topic": "الموضوع {k}", "prob": "الاحتمال", "frex": "FREX", "lift": "الرفع",
           "relevance": "الصلة", "score": "الدرجة", "proportion": "النسبة المتوقعة للموضوع",
           "time": "الزمن", "k": "عدد المواضيع (K)", "better": "↑ الأعلى أفضل، ↓ الأدنى أفضل"},
}

#: Measures of :func:`toolkit.topics.select_k` drawn by default (in this order, when present):
#: their names per language, and whether higher values are better.
K_MEASURES: Mapping[str, tuple[Mapping[str, str], bool]] = {
    "perplexity": ({"en": "Held-out perplexity", "fr": "Perplexité (test)", "ar": "الحيرة على بيانات الاختبار"},
                   False),
    "c_npmi": ({"en": "NPMI coherence", "fr": "Cohérence NPMI", "ar": "ترابط NPMI"}, True),
    "c_v": ({"en": "C_V coherence", "fr": "Cohérence C_V", "ar": "ترابط C_V"}, True),
    "c_uci": ({"en": "UCI coherence", "fr": "Cohérence UCI", "ar": "ترابط UCI"}, True),
    "u_mass": ({"en": "UMass coherence", "fr": "Cohérence UMass", "ar": "ترابط UMass"}, True),
    "semantic_coherence": ({"en": "Semantic coherence", "fr": "Cohérence sémantique",
                            "ar": "الترابط الدلالي"}, True),
    "exclusivity": ({"en": "Exclusivity", "fr": "Exclusivité", "ar": "التفرّد"}, True),
    "stability": ({"en": "Stability across seeds", "fr": "Stabilité entre graines",
                   "ar": "الثبات بين البذور"}, True),
}
_NOT_MEASURES = ("seed", "random_state", "run", "n_iter", "seconds", "time", "fit_time")

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h")
_YELLOW = "#F0E442"  # hard to see as a line on white: used last
_RIBBON_ALPHA = 0.2
_MANY_POINTS = 24
_MARKERS_PER_LINE = 12
_LINE_COLOR = PALETTE[4]
_POINT_COLOR = "#777777"


# ---------------------------------------------------------------------- top terms
def plot_top_terms(terms: pd.DataFrame, *, topics: Sequence[Hashable] | None = None, n: int = 10,
                   value: str = "prob", ncols: int | None = None, title: str | None = None,
                   lang: Lang = "en", rc: Mapping[str, Any] | None = None) -> Figure:
    """Horizontal bars of each topic's top terms, one panel per topic, the best term at the top.

    Parameters
    ----------
    terms : pandas.DataFrame
        The table of :func:`toolkit.topics.top_terms`: ``topic``, ``rank`` (1 = best), ``term``
        and the ``value`` column; an optional ``label`` column names the topics.
    topics : sequence, optional
        Topics to draw, in this order; default all, in increasing order.
    n : int
        Terms per topic: the ``n`` best ranks.
    value : str
        Column of the bar lengths: "prob" (beta, default), "score" (the criterion
        :func:`~toolkit.topics.top_terms` ranked by), or a "frex", "lift" or "relevance" column.
        The bars follow ``rank``, so with a ranking other than the value they need not shrink
        steadily. When some values are negative (relevance is a log), points replace the bars,
        since a bar's length from zero would mean nothing.
    ncols : int, optional
        Panels per row (default up to 4).
    title : str, optional
        Figure title (numbers inside right-to-left titles are isolated).
    lang : {"en", "fr", "ar"}
        Language of the figure's words ("Topic 3", the value's name) and of frame labels.
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per topic, titled with the topic's name; its y tick labels are the terms, best
        first (top), right-aligned against the axis (so Arabic terms end at the bars), and its
        first container holds the bars.

    Raises
    ------
    TypeError
        When ``terms`` is not a DataFrame.
    ValueError
        For a missing column (named, with the function that makes the table), an empty table,
        an unknown topic, a non-numeric value column, a bad ``n`` or ``ncols``, an unknown ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"topic": 0, "rank": [2, 1, 3], "term": ["b", "a", "c"], "prob": [0.2, 0.5, 0.1],
    ...                   "label": "military"})
    >>> fig = plot_top_terms(t, n=2, lang="fr")
    >>> ax = fig.axes[0]
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()], fig.get_supxlabel()
    ('militaire', ['a', 'b'], 'Probabilité')
    >>> plt.close("all")
    """
    check_lang(lang)
    _check_count("plot_top_terms", "n", n)
    data = check_table(terms, ["topic", "rank", "term", value], function="plot_top_terms",
                       producer=_TERMS_PRODUCER)
    _check_numeric(data, [value, "rank"], "plot_top_terms")
    chosen = _topics(data, topics, "plot_top_terms")
    ncols = _ncols(ncols, len(chosen), default=4)
    names = _topic_names(data, chosen, lang)
    styles = _styles(chosen, data)
    words = _WORDS[lang]
    nrows = math.ceil(len(chosen) / ncols)
    values = data[value].astype(float)
    negative = bool((values < 0).any())
    rows = min(n, int(data[data["topic"].isin(chosen)].groupby("topic").size().max()))
    with publication_style(**dict(rc or {})):
        fig, axes = plt.subplots(nrows, ncols, squeeze=False, sharex=not negative,
                                 figsize=(7.0, nrows * (0.55 + 0.16 * rows) + 0.35))
        for topic, ax in zip(chosen, axes.flat, strict=False):
            sub = data[data["topic"] == topic].sort_values("rank", kind="stable").head(n)
            ys = np.arange(len(sub), dtype=float)
            xs = sub[value].to_numpy(dtype=float)
            color = styles[topic]["color"]
            if negative:
                ax.plot(xs, ys, linestyle="none", marker="o", color=color)
            else:
                ax.barh(ys, xs, height=0.75, color=color, linewidth=0)
            ax.set_yticks(ys, [label(t) for t in sub["term"].tolist()])
            ax.set_ylim(rows - 0.5, -0.5)  # best at the top; every panel has the same bar height
            ax.grid(axis="y", visible=False)
            ax.tick_params(axis="y", length=0)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
            ax.set_title(names[topic])
            freeze_ticks(ax)
        for ax in axes.flat[len(chosen):]:
            ax.remove()
        fig.supxlabel(isolate(words.get(value, value)), fontsize="medium")
        if title is not None:
            fig.suptitle(isolate(title))
    return fig


# ---------------------------------------------------------------------- prevalence
def plot_topic_prevalence(effects: pd.DataFrame, *, topics: Sequence[Hashable] | None = None, x: str = "time",
                          y: str = "estimate", lower: str | None = "ci_low", upper: str | None = "ci_high",
                          group: str | None = None, ax: Axes | None = None, title: str | None = None,
                          xlabel: str | None = None, ylabel: str | None = None, lang: Lang = "en",
                          rc: Mapping[str, Any] | None = None) -> Axes:
    """Topic prevalence over time: one line per topic, or per group of one topic, with intervals.

    Parameters
    ----------
    effects : pandas.DataFrame
        The table of :func:`toolkit.topics.estimate_effect`: ``topic``, ``time``, ``estimate``,
        ``ci_low``, ``ci_high`` (and ``group`` when it was called with ``groups=``); an optional
        ``label`` column names the topics.
    topics : sequence, optional
        Topics to draw, in this order; default all, in increasing order.
    x, y, lower, upper : str
        Columns of the time, the estimate and the interval bounds; ``lower=None`` and
        ``upper=None`` draw no ribbon. Dates give a date axis, numbers a numeric one, other
        values are placed in their categorical order (else order of appearance).
    group : str, optional
        Column whose values get one line each; then the table (after ``topics``) must hold one
        topic, named in the legend title.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    title, xlabel, ylabel : str, optional
        Labels; by default "Time" (the ``x`` column's name when it is not "time") and
        "Expected topic proportion", in ``lang``. Numbers inside right-to-left labels are isolated.
    lang : {"en", "fr", "ar"}
        Language of the figure's words and of frame labels; with "ar" legend markers follow the
        text (right-to-left order).
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        One Line2D and one ribbon (a PolyCollection from ``fill_between``) per line, in the
        order of the topics (or groups), and a legend outside the axes, on the right.

    Raises
    ------
    TypeError
        When ``effects`` is not a DataFrame or ``ax`` not an Axes.
    ValueError
        For a missing column (named, with the function that makes the table), an empty table,
        an unknown topic, several topics with ``group``, rows that repeat a point (a table with
        groups drawn without ``group``), only one of ``lower``/``upper``, an unknown ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> fx = pd.DataFrame({"topic": [0, 0, 1, 1], "time": [2001, 2002] * 2, "estimate": [0.2, 0.3, 0.5, 0.4],
    ...                    "ci_low": [0.1, 0.2, 0.4, 0.3], "ci_high": [0.3, 0.4, 0.6, 0.5]})
    >>> ax = plot_topic_prevalence(fx, lang="ar")
    >>> [t.get_text() for t in ax.get_legend().get_texts()], ax.get_ylabel()
    (['الموضوع \\u20660\\u2069', 'الموضوع \\u20661\\u2069'], 'النسبة المتوقعة للموضوع')
    >>> plt.close("all")
    """
    check_lang(lang)
    if (lower is None) != (upper is None):
        raise ValueError("plot_topic_prevalence(): give both lower and upper (the interval columns) or neither; "
                         f"got lower={lower!r}, upper={upper!r}")
    data = check_table(effects, ["topic", x, y, lower, upper, group], function="plot_topic_prevalence",
                       producer=_EFFECT_PRODUCER)
    _check_numeric(data, [c for c in (y, lower, upper) if c is not None], "plot_topic_prevalence")
    chosen = _topics(data, topics, "plot_topic_prevalence")
    data = data[data["topic"].isin(chosen)]
    names = _topic_names(data, chosen, lang)
    if group is not None and len(chosen) > 1:
        raise ValueError(f"plot_topic_prevalence(): with group={group!r} draw one topic at a time (one line per "
                         f"group); the table holds topics {chosen}: pass topics=[{chosen[0]!r}]")
    keys = ["topic", *([group] if group is not None else []), x]
    dup = data.duplicated(keys)
    if dup.any():
        first = dict(zip(keys, data.loc[dup, keys].iloc[0].tolist(), strict=True))
        extra = [c for c in ("group", "lang", "source") if c in data.columns and c not in keys]
        hint = (f"; the table varies by {extra[0]!r}: pass group={extra[0]!r} and one topic"
                if extra else "; filter or aggregate first")
        raise ValueError(f"plot_topic_prevalence(): {int(dup.sum())} row(s) repeat a ({', '.join(keys)}) point, "
                         f"e.g. {first}, so a line would zigzag between them{hint}")
    if group is None:
        lines = [(names[t], data[data["topic"] == t]) for t in chosen]
        styles = _styles(chosen, data)
        line_styles = [styles[t] for t in chosen]
        legend_title = None
    else:
        values = category_order(data[group])
        lines = [(label(v), data[data[group] == v]) for v in values]
        line_styles = list(_styles(values, None).values())
        legend_title = names[chosen[0]]
    xmap = _positions(data[x])
    words = _WORDS[lang]
    with publication_style(**dict(rc or {})):
        ax = new_axes(ax)
        for (text, sub), style in zip(lines, line_styles, strict=True):
            order = sub[x].map(xmap) if xmap is not None else sub[x]
            sub = sub.assign(_order=order.to_numpy()).sort_values("_order", kind="stable")
            xs = sub["_order"].to_numpy(dtype=float) if xmap is not None else sub[x].to_numpy()
            many = len(sub) > _MANY_POINTS
            ax.plot(xs, sub[y].to_numpy(dtype=float), color=style["color"], marker=style["marker"],
                    markevery=(0, -(-len(sub) // _MARKERS_PER_LINE)) if many else None, label=text)
            if lower is not None and upper is not None:
                ax.fill_between(xs, sub[lower].to_numpy(dtype=float), sub[upper].to_numpy(dtype=float),
                                color=style["color"], alpha=_RIBBON_ALPHA, linewidth=0)
        _x_axis(ax, data[x], xmap)
        ax.set_xlabel(isolate(xlabel) if xlabel is not None
                      else (words["time"] if x == "time" else isolate(str(x))))
        ax.set_ylabel(isolate(ylabel) if ylabel is not None else words["proportion"])
        ax.legend(title=legend_title, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerfirst=lang != "ar")
        if title is not None:
            ax.set_title(isolate(title))
        freeze_ticks(ax)
    return ax


# ---------------------------------------------------------------------- choice of K
def plot_k_selection(table: pd.DataFrame, *, measures: Sequence[str] | None = None, x: str = "k",
                     ax: Axes | Sequence[Axes] | None = None, title: str | None = None, lang: Lang = "en",
                     rc: Mapping[str, Any] | None = None) -> Figure:
    """Diagnostics for the number of topics: one panel per measure, mean over seeds and each seed.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`toolkit.topics.select_k`: one row per K and seed, a column ``x``
        (default "k") and one column per measure.
    measures : sequence of str, optional
        Columns to draw, one panel each, in this order. Default: the measures of
        :data:`K_MEASURES` present in the table (perplexity, coherences, semantic coherence,
        exclusivity, stability), else every numeric column but ``x`` and bookkeeping columns
        (seed, n_iter, timings).
    x : str
        Column of the number of topics.
    ax : Axes or sequence of Axes, optional
        Where to draw: one Axes per measure (a single Axes for a single measure); default a new
        figure with up to 3 panels per row (2 x 2 for four measures).
    title : str, optional
        Figure title.
    lang : {"en", "fr", "ar"}
        Language of the panel titles and axis label. Each title ends with ↑ (higher is better)
        or ↓ (lower is better) for the known measures, explained in a note under the figure.
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.figure.Figure
        Its panels, in ``measures`` order, each hold one Line2D (the mean over seeds at each K,
        NaN ignored) and one PathCollection (every non-missing row as a grey point).

    Raises
    ------
    TypeError
        When ``table`` is not a DataFrame or ``ax`` not Axes.
    ValueError
        For a missing column (named, with the function that makes the table), an empty table,
        no measure to draw, a non-numeric measure, too few Axes, or an unknown ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"k": [5, 5, 10, 10], "seed": [0, 1, 0, 1], "perplexity": [900, 910, 850, 870],
    ...                   "c_npmi": [0.05, 0.07, 0.10, 0.08]})
    >>> fig = plot_k_selection(t)
    >>> [ax.get_title() for ax in fig.axes]
    ['Held-out perplexity ↓', 'NPMI coherence ↑']
    >>> [float(v) for v in fig.axes[0].get_lines()[0].get_ydata()]
    [905.0, 860.0]
    >>> plt.close("all")
    """
    check_lang(lang)
    if isinstance(measures, str):
        measures = [measures]
    data = check_table(table, [x, *(measures or [])], function="plot_k_selection", producer=_SELECT_PRODUCER)
    _check_numeric(data, [x], "plot_k_selection")
    if measures is None:
        measures = [m for m in K_MEASURES if m in data.columns] or [
            c for c in data.columns if c != x and c not in _NOT_MEASURES and pd.api.types.is_numeric_dtype(data[c])
            and not pd.api.types.is_bool_dtype(data[c])]
        if not measures:
            raise ValueError(f"plot_k_selection(): the table has no measure column (known: {list(K_MEASURES)}); "
                             f"columns are {list(map(str, data.columns))}: pass measures=[...]")
    measures = list(dict.fromkeys(measures))
    _check_numeric(data, measures, "plot_k_selection")
    words = _WORDS[lang]
    ks = np.sort(data[x].dropna().unique())
    with publication_style(**dict(rc or {})):
        ncols = len(measures) if len(measures) <= 3 else (2 if len(measures) == 4 else 3)
        fig, panels = panel_axes(len(measures), ax, ncols=ncols, panel_size=(2.4, 1.8), pad_height=0.6,
                                 function="plot_k_selection", what="measure")
        if ax is None:
            fig.supxlabel(words["k"], fontsize="medium")
        else:
            for panel in panels:
                panel.set_xlabel(words["k"])
        known = False
        for measure, panel in zip(measures, panels, strict=False):
            rows = data[[x, measure]].dropna()
            means = rows.groupby(x, sort=True)[measure].mean()
            panel.scatter(rows[x].to_numpy(dtype=float), rows[measure].to_numpy(dtype=float), s=8,
                          color=_POINT_COLOR, alpha=0.6, linewidths=0, zorder=2)
            panel.plot(means.index.to_numpy(dtype=float), means.to_numpy(dtype=float), color=_LINE_COLOR,
                       marker="o", zorder=3)
            names, higher = K_MEASURES.get(measure, (None, None))
            text = names[lang] if names else str(measure)
            if higher is not None:
                known = True
                text += " ↑" if higher else " ↓"
            panel.set_title(isolate(text))
            if len(ks) <= 12:
                panel.set_xticks(ks.astype(float), [label(int(k) if float(k).is_integer() else k) for k in ks])
            freeze_ticks(panel)
        if known:
            fig.text(0.99, 0.0, words["better"], ha="right", va="bottom", fontsize="x-small", color="#555555")
        if title is not None:
            fig.suptitle(isolate(title))
    return fig


# ---------------------------------------------------------------------- internals
def _check_count(function: str, name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{function}(): {name} must be a positive integer, got {value!r}")


def _check_numeric(data: pd.DataFrame, columns: Sequence[str], function: str) -> None:
    for column in columns:
        if not pd.api.types.is_numeric_dtype(data[column]) or pd.api.types.is_bool_dtype(data[column]):
            raise ValueError(f"{function}(): column {column!r} must be numeric, got dtype {data[column].dtype}")


def _ncols(ncols: int | None, n_panels: int, *, default: int) -> int:
    if ncols is None:
        return min(default, n_panels)
    _check_count("plot_top_terms", "ncols", ncols)
    return ncols


def _topics(data: pd.DataFrame, topics: Sequence[Hashable] | None, function: str) -> list[Hashable]:
    """The topics to draw: the given ones (checked), else all in increasing order."""
    present = list(dict.fromkeys(data["topic"].dropna().tolist()))
    if topics is None:
        try:
            return sorted(present)
        except TypeError:  # mixed kinds of topic ids cannot be sorted: keep the table's order
            return present
    if isinstance(topics, (str, int)):
        topics = [topics]
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in present]
    if unknown or not chosen:
        raise ValueError(f"{function}(): topics {unknown or chosen} are not in the table; it has topics {present}")
    return chosen


def _topic_names(data: pd.DataFrame, topics: Sequence[Hashable], lang: str) -> dict[Hashable, str]:
    """Each topic's name: its ``label`` (frames translated), else "Topic k" in ``lang``."""
    labels: dict[Hashable, Any] = {}
    if "label" in data.columns:
        known = data.dropna(subset=["label"]).drop_duplicates("topic")
        labels = dict(zip(known["topic"].tolist(), known["label"].tolist(), strict=True))
    return {t: frame_label(labels[t], lang) if t in labels and str(labels[t]).strip()
            else isolate(_WORDS[lang]["topic"].format(k=t)) for t in topics}


def _styles(keys: Sequence[Hashable], data: pd.DataFrame | None) -> dict[Hashable, dict[str, str]]:
    """Colour and marker per key: frame colours for topics labelled with a frame, the palette else."""
    labels: dict[Hashable, str] = {}
    if data is not None and "label" in data.columns:
        known = data.dropna(subset=["label"]).drop_duplicates("topic")
        labels = {t: str(v) for t, v in zip(known["topic"].tolist(), known["label"].tolist(), strict=True)}
    used = {FRAME_COLORS[labels[k]] for k in keys if labels.get(k) in FRAME_COLORS}
    pool = [c for c in PALETTE if c not in used and c != _YELLOW] + [_YELLOW]
    out, i = {}, 0
    for key in keys:
        frame = labels.get(key)
        if frame in FRAME_COLORS:
            out[key] = {"color": FRAME_COLORS[frame], "marker": FRAME_MARKERS[frame]}
        else:
            out[key] = {"color": pool[i % len(pool)], "marker": _MARKERS[i % len(_MARKERS)]}
            i += 1
    return out


def _positions(col: pd.Series) -> dict[Hashable, int] | None:
    """Positions of categorical x values (None when x holds dates or numbers)."""
    if pd.api.types.is_datetime64_any_dtype(col) or pd.api.types.is_numeric_dtype(col):
        return None
    return {value: i for i, value in enumerate(category_order(col))}


def _x_axis(ax: Axes, col: pd.Series, xmap: dict[Hashable, int] | None) -> None:
    if xmap is not None:
        ax.set_xticks(list(xmap.values()), [label(v) for v in xmap])
        if len(xmap) > 8:
            ax.tick_params(axis="x", labelrotation=90)
    elif pd.api.types.is_datetime64_any_dtype(col):
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        values = col.dropna().to_numpy(dtype=float)
        if np.all(np.mod(values, 1) == 0):  # years or counts: no 2001.5 ticks
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
