"""Keyword-in-context excerpts as a figure: matches centred and highlighted, contexts on each side.

Each row of :func:`toolkit.kwic`'s table is one line. The match sits in the middle column (bold,
vermillion); the text around it is laid out in reading order: in a left-to-right row the
preceding text (``left``) is on the left and the following text (``right``) on the right; in a
right-to-left (Arabic) row the preceding text is on the *right* of the match and the following
text on its left, each piece shaped and read right to left, and the document label sits at the
right margin. Strings are never reversed: matplotlib >= 3.11 lays Arabic out by itself; a
RIGHT-TO-LEFT MARK (or LEFT-TO-RIGHT MARK) starts each piece so that a context that happens to
begin with a digit or a Latin word keeps its row's direction.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> table = pd.DataFrame({"doc_id": ["un", "map"], "left": ["The Council condemns ", "أدان المجلس "],
...                       "match": ["terrorism", "الإرهاب"], "right": [" in all its forms.", " بجميع أشكاله."],
...                       "direction": ["ltr", "rtl"]})
>>> ax = plot_kwic(table)
>>> [t.get_text().strip("\\u200e\\u200f") for t in ax.texts if t.get_gid() == "match"]
['terrorism', 'الإرهاب']
>>> plt.close("all")
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from toolkit.plot._common import Lang, check_lang, check_table, new_axes, word
from toolkit.plot.style import isolate, publication_style

__all__ = ["plot_kwic"]

_RLM, _LRM = "\u200f", "\u200e"
_ELLIPSIS = "…"
_MATCH_COLOR = "#D55E00"
_LABEL_COLOR = "#666666"
_BAND_COLOR = "#F3F3F3"
_WS = re.compile(r"\s+")
_PRODUCER = "toolkit.kwic()"


def plot_kwic(kwic_table: pd.DataFrame, *, n: int = 10, width: int = 40, label: str | None = "doc_id",
              ax: Axes | None = None, title: str | None = None, lang: Lang = "en",
              rc: Mapping[str, Any] | None = None) -> Axes:
    """A keyword-in-context table as a figure; Arabic rows read right to left.

    Parameters
    ----------
    kwic_table : pandas.DataFrame
        The table of :func:`toolkit.kwic` (columns ``left``, ``match``, ``right``, and
        ``direction`` "rtl"/"ltr"; without ``direction`` it is found from ``lang`` or the script,
        as :func:`toolkit.frames.concordance.text_direction` does).
    n : int
        How many rows (the first ``n``).
    width : int
        Characters of context kept on each side of the match; longer contexts are cut at a word
        boundary and marked with "…" at their far end.
    label : str or None
        Column shown at the start of each row (left margin for left-to-right rows, right margin for
        right-to-left rows), small and grey; default "doc_id" when the table has it; None for none.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure 7 in wide (a two-column page), 0.2 in per row.
    title : str, optional
        Axes title.
    lang : {"en", "fr", "ar"}
        Language of the figure (accepted for symmetry with the other functions; the rows' own
        direction decides their layout).
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        Axis hidden; ``ax.texts`` holds, per row, the match (gid "match"), its contexts (gid
        "preceding", "following") and the label (gid "label").

    Raises
    ------
    ValueError
        For a missing column, a bad ``n`` or ``width``, or a ``direction`` other
        than "rtl"/"ltr".

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"left": ["x " * 50], "match": ["terror"], "right": [" y"]})
    >>> ax = plot_kwic(t, width=10, label=None)
    >>> [t.get_text().lstrip("\\u200e") for t in ax.texts if t.get_gid() == "preceding"]
    ['… x x x x x']
    >>> plt.close("all")
    """
    check_lang(lang)
    for name, value, least in (("n", n, 1), ("width", width, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be an integer >= {least}, got {value!r}")
    explicit_label = label is not None and label != "doc_id"
    columns = ["left", "match", "right"] + ([label] if explicit_label else [])
    table = check_table(kwic_table, columns, function="plot_kwic", producer=_PRODUCER, allow_empty=True).head(n)
    if label is not None and label not in table.columns:
        label = None
    directions = _directions(table)
    rows = len(table)

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax, figsize=(7.0, 0.35 + 0.2 * max(rows, 1)))
        ax.set_xlim(0, 1)
        ax.set_ylim(max(rows, 1) - 0.5, -0.5)
        ax.set_axis_off()
        if not rows:  # e.g. no false positives to audit: say so rather than fail
            ax.text(0.5, 0, word(lang, "no_lines"), ha="center", va="center", color=_LABEL_COLOR, gid="empty")
        for i, (record, direction) in enumerate(zip(table.to_dict("records"), directions, strict=True)):
            if i % 2:
                ax.axhspan(i - 0.5, i + 0.5, color=_BAND_COLOR, linewidth=0, zorder=0)
            rtl = direction == "rtl"
            mark = _RLM if rtl else _LRM
            match = ax.text(0.5, i, mark + _clean(record["match"]), ha="center", va="center", fontweight="bold",
                            color=_MATCH_COLOR, gid="match")
            before = _cut(_clean(record["left"]), width, keep="end")
            after = _cut(_clean(record["right"]), width, keep="start")
            # reading order: preceding text on the left of an ltr match, on the right of an rtl one
            for text, gid, side in ((before, "preceding", "right" if rtl else "left"),
                                    (after, "following", "left" if rtl else "right")):
                ax.annotate(mark + text, xy=(1.0 if side == "right" else 0.0, 0.5), xycoords=match,
                            xytext=(3 if side == "right" else -3, 0), textcoords="offset points",
                            ha="left" if side == "right" else "right", va="center", gid=gid)
            if label is not None:
                ax.text(1.0 if rtl else 0.0, i, mark + isolate(str(record[label])), ha="right" if rtl else "left",
                        va="center", fontsize="x-small", color=_LABEL_COLOR, gid="label")
        if title is not None:
            ax.set_title(isolate(title))
    return ax


def _directions(table: pd.DataFrame) -> list[str]:
    if "direction" in table.columns:
        directions = [str(d) for d in table["direction"].tolist()]
        bad = sorted(set(directions) - {"rtl", "ltr"})
        if bad:
            raise ValueError(f"plot_kwic(): direction must be 'rtl' or 'ltr', found {bad}; pass the table of "
                             f"{_PRODUCER} or drop the column to detect it from the text")
        return directions
    from toolkit.frames.concordance import (
        text_direction,  # imported here: it loads the corpus readers
    )

    langs = table["lang"].tolist() if "lang" in table.columns else [None] * len(table)
    return [text_direction(f"{m}{a}{b}", lang if isinstance(lang, str) else None)
            for m, a, b, lang in zip(table["match"], table["left"], table["right"], langs, strict=True)]


def _clean(value: Any) -> str:
    """One line of text: whitespace runs collapsed, ends stripped; missing values empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _WS.sub(" ", str(value)).strip()


def _cut(text: str, width: int, *, keep: str) -> str:
    """At most ``width`` characters next to the match, cut at a word boundary, "…" at the far end."""
    if len(text) <= width:
        return text
    if keep == "end":
        start = len(text) - width
        piece = text[start:]
        if text[start - 1] != " ":  # cut inside a word: drop its tail
            cut = piece.find(" ")
            piece = piece[cut + 1:] if 0 <= cut < len(piece) - 1 else piece
        return f"{_ELLIPSIS} {piece.lstrip()}"
    piece = text[:width]
    if text[width] != " ":
        cut = piece.rfind(" ")
        piece = piece[:cut] if cut > 0 else piece
    return f"{piece.rstrip()} {_ELLIPSIS}"
