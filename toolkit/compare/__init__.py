"""Compare frames over time and between groups: periods, trends with bootstrap intervals, tests, change points.

=====================================  ===========================================================
:func:`assign_periods`                 dates -> ordered period labels (year, quarter, month, breaks)
:func:`period_table`                   period labels -> start, end, midpoint per period
:func:`rolling_periods`                dates -> (unit, window) table of overlapping windows
:func:`trend`                          per-unit measure -> estimate and cluster-bootstrap CI per period
:func:`frame_trends`                   ``count_frames`` output -> tidy trends per frame (and group)
:func:`compare_groups`                 difference between two groups, bootstrap CI, permutation p
:func:`compare_periods`                the same for one frame between two date ranges
:func:`change_points`                  mean shifts in a series (PELT / binary segmentation) with CIs
:func:`frame_change_points`            the same for every series of ``frame_trends`` output
=====================================  ===========================================================

>>> import toolkit.compare as compare
>>> sorted(compare.__all__)[:3]
['assign_periods', 'change_points', 'compare_groups']
"""

from __future__ import annotations

from toolkit.compare.changepoint import change_points, frame_change_points
from toolkit.compare.difference import compare_groups, compare_periods
from toolkit.compare.periods import assign_periods, period_table, rolling_periods
from toolkit.compare.trend import frame_trends, trend

__all__ = ["assign_periods", "change_points", "compare_groups", "compare_periods", "frame_change_points",
           "frame_trends", "period_table", "rolling_periods", "trend"]
