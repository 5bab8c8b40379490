"""Keywords: frequencies, keyness, and the 2x2 statistics behind them.

=====================================  ===========================================================
:func:`frequencies`                    raw, per-million and document frequencies, by docvar groups
:func:`keyness`                        target against reference: signed statistic, p, effect size
:func:`keyness_by_period`              each period against the rest, one tidy table
:func:`adjust_p_values`                Bonferroni, Benjamini-Hochberg, Benjamini-Yekutieli
:func:`collocations`                   words around a node word, window or sentence, with PMI, G2 ...
:func:`sequences`                      multi-word sequences scored with quanteda's lambda and z
:func:`dispersion`                     range, Juilland's D, Gries' DP and DPnorm of features
:func:`dispersion_positions`           token positions of a pattern, for a dispersion plot
:func:`lexical_diversity`              TTR, MATTR, Yule's K, Maas, MTLD per document
:mod:`~toolkit.keywords.measures`      the published 2x2 formulas (G2, chi-square, Fisher, PMI,
                                       Log Ratio, %DIFF, odds ratio, simple maths, log-odds)
=====================================  ===========================================================

>>> import toolkit.keywords as kw
>>> callable(kw.keyness), callable(kw.frequencies), "g2_4term" in kw.MEASURES
(True, True, True)
"""

from __future__ import annotations

from toolkit.keywords import measures
from toolkit.keywords.adjust import ADJUSTMENTS, adjust_p_values
from toolkit.keywords.collocations import collocations
from toolkit.keywords.dispersion import dispersion, dispersion_positions
from toolkit.keywords.diversity import lexical_diversity
from toolkit.keywords.frequency import frequencies
from toolkit.keywords.keyness import (
    CORRECTIONS,
    EFFECT_NULL,
    EFFECTS,
    MEASURES,
    keyness,
    keyness_by_period,
)
from toolkit.keywords.sequences import sequences

__all__ = ["ADJUSTMENTS", "CORRECTIONS", "EFFECTS", "EFFECT_NULL", "MEASURES", "adjust_p_values", "collocations",
           "dispersion", "dispersion_positions", "frequencies", "keyness", "keyness_by_period", "lexical_diversity",
           "measures", "sequences"]
