"""Figures for frames over time, shares, heatmaps, validation, KWIC, keyness, dispersion,
collocations, topic models and topics against frames, in a publication style.

Every ``plot_*`` function takes a tidy table, keyword-only options and ``ax=None``, returns the
Axes (:func:`plot_trend_facets` the Figure), draws inside :func:`publication_style` and so never
changes global rcParams. :func:`save_figure` writes byte-reproducible PDF/PNG/SVG files with a
JSON sidecar of provenance. Arabic labels are passed as raw strings: matplotlib >= 3.11 shapes
them and lays them out right to left.

>>> from toolkit import plot
>>> callable(plot.plot_trends), plot.FRAME_COLORS["military"]
(True, '#D55E00')
"""

from toolkit.plot.collocations import plot_collocations
from toolkit.plot.dispersion import plot_dispersion
from toolkit.plot.heatmap import plot_heatmap
from toolkit.plot.keyness import plot_keyness
from toolkit.plot.kwic import plot_kwic
from toolkit.plot.save import save_figure
from toolkit.plot.shares import plot_shares
from toolkit.plot.style import (
                                FRAME_COLORS,
                                FRAME_LABELS,
                                FRAME_MARKERS,
                                FRAMES,
                                PALETTE,
                                font_family,
                                isolate,
                                publication_style,
)
from toolkit.plot.topic_frames import plot_topic_frames
from toolkit.plot.topics import plot_k_selection, plot_top_terms, plot_topic_prevalence
from toolkit.plot.trends import plot_trend_facets, plot_trends
from toolkit.plot.validation import plot_validation

__all__ = [
    "FRAMES",
    "FRAME_COLORS",
    "FRAME_LABELS",
    "FRAME_MARKERS",
    "PALETTE",
    "font_family",
    "isolate",
    "plot_collocations",
    "plot_dispersion",
    "plot_heatmap",
    "plot_k_selection",
    "plot_keyness",
    "plot_kwic",
    "plot_shares",
    "plot_top_terms",
    "plot_topic_frames",
    "plot_topic_prevalence",
    "plot_trend_facets",
    "plot_trends",
    "plot_validation",
    "publication_style",
    "save_figure",
]
