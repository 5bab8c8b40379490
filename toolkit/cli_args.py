"""Argument types and help texts shared by the ``toolkit`` sub-commands.

>>> count_arg("3")
3
>>> count_arg("-1")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: expected a whole number >= 0, got '-1'
"""

from __future__ import annotations

import argparse

__all__ = ["LAYOUT_HELP", "PATTERN_HELP", "count_arg"]

LAYOUT_HELP = ("named layout: ungdc, saudinewsnet, ant, us_presidential_speeches, unsc_resolutions, un_charter, "
               "seed (default: detect formats file by file)")
PATTERN_HELP = "metadata (e.g. the date) from file names, e.g. '{country}_{date}_{slug}.txt'"


def count_arg(value: str) -> int:
    """An argparse type: a whole number >= 0."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value!r}")
    return number
