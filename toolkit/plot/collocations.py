"""Collocation network: the node word in the centre, its strongest collocates around it.

Takes the table of :func:`toolkit.keywords.collocations` (one row per collocate: ``node``,
``collocate``, ``observed``, ``expected`` ... and one column per association measure). The
``n`` collocates with the highest value of ``measure`` are placed around the node, the
strongest at the top; the stronger the association, the closer the collocate and the wider its
edge (both scaled linearly between the weakest and the strongest collocate shown). Successive
ranks are spread around the node (golden-ratio steps), so strong collocates, which sit close to
it, are never side by side; a word that would still overlap a stronger one, or the node, or an
edge, is moved further out along its ray (or turned by a few degrees): its distance is then a
little larger, never smaller, than its strength gives. Drawn with matplotlib alone (no graph library):
edges are one :class:`~matplotlib.collections.LineCollection`, words are boxed texts. Arabic
words are raw strings; matplotlib >= 3.11 shapes them and lays them out right to left.

Examples
--------
>>> import pandas as pd, matplotlib.pyplot as plt
>>> table = pd.DataFrame({"node": "terrorism", "collocate": ["combat", "international", "acts"],
...                       "logdice": [11.2, 9.5, 10.1]})
>>> ax = plot_collocations(table, measure="logdice")
>>> [t.get_text() for t in ax.texts if t.get_gid() in ("node", "collocate")]
['terrorism', 'combat', 'acts', 'international']
>>> [round(float(w), 2) for w in ax.collections[0].get_linewidths()]
[3.5, 1.56, 0.5]
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.text import Text

from toolkit.plot._common import NOTE_COLOR, Lang, check_lang, check_table, label, new_axes
from toolkit.plot.style import isolate, publication_style

__all__ = ["COLLOCATION_MEASURE_NAMES", "plot_collocations"]

_PRODUCER = "toolkit.keywords.collocations()"

#: How the figure names each association measure of :func:`toolkit.keywords.collocations`.
COLLOCATION_MEASURE_NAMES: Mapping[str, str] = {
    "pmi": "PMI", "g2": "log-likelihood G²", "t": "t-score", "chi2": "chi-square", "dice": "Dice",
    "logdice": "logDice", "mi3": "MI3", "observed": "co-occurrences",
}
_WORDS = {
    "en": "closer and wider: stronger {measure} ({low}–{high})",
    "fr": "plus proche et plus épais : {measure} plus fort ({low}–{high})",
    "ar": "الأقرب والأعرض: {measure} أقوى ({low}–{high})",
}
_NODE_COLOR = "#D55E00"
_EDGE_COLOR = "#0072B2"
_RADIUS = (0.5, 1.0)  # distance of the strongest and of the weakest collocate
_GAP = 0.015  # data units kept free around each box
_ALONG = np.linspace(0.0, 1.0, 41)  # where an edge is sampled, as a fraction of its length
_TURNS = np.deg2rad([0, 4, -4, 8, -8, 12, -12])  # angular nudges tried at each radius
_REACH = 0.3  # how far beyond the weakest collocate's distance a box may be moved out
_ASPECT = 1.3  # collocates lie on ellipses, wider than high: words are wider than high
_WIDTH = (0.5, 3.5)  # edge width (points) of the weakest and of the strongest collocate


def plot_collocations(collocations_table: pd.DataFrame, *, measure: str = "logdice", n: int = 15,
                      node: str | None = None, collocate: str = "collocate", ax: Axes | None = None,
                      title: str | None = None, lang: Lang = "en", note: bool = True,
                      rc: Mapping[str, Any] | None = None) -> Axes:
    """A star network of one node word and its ``n`` strongest collocates.

    Parameters
    ----------
    collocations_table : pandas.DataFrame
        The table of :func:`toolkit.keywords.collocations` (any table with the ``collocate`` and
        ``measure`` columns, and a ``node`` column unless ``node`` is given).
    measure : str
        Column of the association strength (higher is stronger): "logdice" (default), "pmi",
        "g2", "t", "chi2", "dice", "mi3", "observed" ...
    n : int
        How many collocates to draw (the highest values of ``measure``; missing values dropped).
    node : str, optional
        The node word: selects its rows when the table has several nodes; required as the
        centre's label when the table has no ``node`` column. Default: the table's one node.
    collocate : str
        Column of the collocates.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure 3.5 x 3.2 in.
    title : str, optional
        Axes title (numbers inside right-to-left titles are isolated).
    lang : {"en", "fr", "ar"}
        Language of the note.
    note : bool
        Write under the network what closeness and edge width show, with the range of the
        measure (gid "note").
    rc : mapping, optional
        rcParams overrides on top of :func:`~toolkit.plot.style.publication_style`.

    Returns
    -------
    matplotlib.axes.Axes
        Axis hidden, equal aspect, node at (0, 0). ``ax.collections[0]`` is the LineCollection
        of edges (one per collocate, strongest first); ``ax.texts`` holds the node (gid "node")
        and the collocates (gid "collocate", strongest first, each at the end of its edge).

    Raises
    ------
    TypeError
        When ``collocations_table`` is not a DataFrame or ``ax`` not an Axes.
    ValueError
        For a missing column, an empty table, a table with several nodes and no ``node``, a
        ``node`` not in the table, no finite value of ``measure``, a bad ``n`` or ``lang``.

    Examples
    --------
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> t = pd.DataFrame({"collocate": ["مكافحة", "تمويل"], "pmi": [5.0, 3.0]})
    >>> ax = plot_collocations(t, measure="pmi", node="الإرهاب", lang="ar", note=False)
    >>> [t.get_text() for t in ax.texts]
    ['الإرهاب', 'مكافحة', 'تمويل']
    >>> plt.close("all")
    """
    check_lang(lang)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"plot_collocations(): n must be an integer >= 1, got {n!r}")
    has_node = isinstance(collocations_table, pd.DataFrame) and "node" in collocations_table.columns
    data = check_table(collocations_table, [collocate, measure, "node" if node is None else None],
                       function="plot_collocations", producer=_PRODUCER)
    nodes = list(dict.fromkeys(data["node"].dropna().astype(str))) if has_node else []
    if node is None:
        if len(nodes) != 1:
            raise ValueError(f"plot_collocations(): the table has {len(nodes)} nodes {nodes[:5]}; pass node=... "
                             "to draw one of them")
        node = nodes[0]
    elif has_node:
        if node not in nodes:
            raise ValueError(f"plot_collocations(): node {node!r} is not in the table; its nodes are {nodes[:10]}")
        data = data[data["node"].astype(str).eq(node)]
    values = pd.to_numeric(data[measure], errors="coerce").astype(float)
    finite = values[np.isfinite(values)]
    if finite.empty:
        raise ValueError(f"plot_collocations(): no finite value of {measure!r} for node {node!r}; nothing to plot")
    top = finite.sort_values(ascending=False, kind="stable").index[:n]
    strength = finite.loc[top].to_numpy()
    words = [label(w) for w in data.loc[top, collocate].tolist()]
    low, high = float(strength.min()), float(strength.max())
    scaled = (strength - low) / (high - low) if high > low else np.ones(len(strength))
    radius = _RADIUS[1] - (_RADIUS[1] - _RADIUS[0]) * scaled
    widths = _WIDTH[0] + (_WIDTH[1] - _WIDTH[0]) * scaled
    angles = np.pi / 2 - 2 * np.pi * _slots(len(top)) / len(top)  # slot 0 at the top, then clockwise

    with publication_style(**dict(rc or {})):
        ax = new_axes(ax, figsize=(3.5, 3.2))
        centre = ax.text(0, 0, label(node), ha="center", va="center", fontweight="bold", color="white", zorder=3,
                         fontsize="medium", gid="node", in_layout=False,
                         bbox={"boxstyle": "round,pad=0.35", "facecolor": _NODE_COLOR, "edgecolor": "none"})
        texts = [ax.text(0, 0, word, ha="center", va="center", zorder=2, gid="collocate", in_layout=False,
                         bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": _EDGE_COLOR,
                               "linewidth": 0.5}) for word in words]
        ax.set_xlim(-_ASPECT - 0.45, _ASPECT + 0.45)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
        ax.set_axis_off()
        if title is not None:
            ax.set_title(isolate(title))
        if note:
            name = COLLOCATION_MEASURE_NAMES.get(measure, measure)
            ax.text(1.0, 0.0, isolate(_WORDS[lang].format(measure=name, low=f"{low:.3g}", high=f"{high:.3g}")),
                    transform=ax.transAxes, ha="right", va="top", fontsize="x-small", color=NOTE_COLOR, gid="note")
        xy = _place(ax, centre, texts, angles, radius)
        for text, point in zip(texts, xy, strict=True):
            text.set_position(point)
        edges = LineCollection([[(0.0, 0.0), tuple(point)] for point in xy], linewidths=widths,
                               colors=_EDGE_COLOR, alpha=0.55, capstyle="round", zorder=1)
        ax.add_collection(edges)
    return ax


def _slots(n: int) -> np.ndarray:
    """Slot (0 at the top, then clockwise) of each collocate, strongest first.

    Rank ``k`` goes to the slot of ``frac(k / phi^2)`` (phi the golden ratio) among the ``n``:
    successive ranks fall far apart, and the two neighbours of a slot hold ranks at least a few
    places away, so strong collocates, which sit close to the node where room is short, are never
    side by side.

    >>> _slots(8).tolist()
    [0, 3, 6, 1, 4, 7, 2, 5]
    """
    turns = (np.arange(n) * 0.3819660112501051) % 1.0
    slots = np.empty(n, dtype=int)
    slots[np.argsort(turns, kind="stable")] = np.arange(n)
    return slots


def _place(ax: Axes, node: Text, texts: list[Text], angles: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Final (x, y) of each collocate's box: at its radius when free, else moved out along its ray
    (and turned by a few degrees) until it clears the node, the stronger collocates and their edges.

    Boxes are measured once the figure is laid out (texts are kept out of the layout, so moving
    them changes nothing else); the strongest collocates are placed first and never move for a
    weaker one. When no place within reach is clear, the one with the fewest clashes is used.
    """
    ax.figure.draw_without_rendering()
    to_data = ax.transData.inverted()

    def size(text: Text) -> np.ndarray:
        patch = text.get_bbox_patch()
        box = (patch if patch is not None else text).get_window_extent().transformed(to_data)
        return np.array([box.width, box.height]) / 2 + _GAP

    def clashes(centre: np.ndarray, half: np.ndarray) -> int:
        """Placed boxes it overlaps, placed boxes its edge crosses, placed edges that cross it."""
        edge = _ALONG[:, None] * centre  # points along its edge, from the node out
        count = sum(bool((np.abs(centre - c) < h + half).all()) for c, h in placed)
        return count + sum(_inside(edge, c, h) + _inside(_ALONG[:, None] * c, centre, half) for c, h in placed[1:])

    placed = [(np.zeros(2), size(node))]
    out = np.empty((len(texts), 2))
    for k, (text, angle, r0) in enumerate(zip(texts, angles, radius, strict=True)):
        half = size(text)
        best, fewest = None, None
        for r in np.arange(r0, _RADIUS[1] + _REACH, 0.03):
            for turn in _TURNS:
                centre = np.array([_ASPECT * r * np.cos(angle + turn), r * np.sin(angle + turn)])
                count = clashes(centre, half)
                if fewest is None or count < fewest:
                    best, fewest = centre, count
                if not count:
                    break
            if not fewest:
                break
        out[k] = best
        placed.append((best, half))
    return out


def _inside(points: np.ndarray, centre: np.ndarray, half: np.ndarray) -> int:
    """1 when any of ``points`` lies inside the box of ``centre`` and half-size ``half``, else 0."""
    return int((np.abs(points - centre) < half).all(axis=1).any())
