"""Frame counts pooled by group: by year, source, language or any docvar.

:func:`aggregate_counts` turns the unit table of :func:`toolkit.frames.count_frames` into one
row per group with the pooled rates (hits per 1,000 tokens over the group's tokens, not the
mean of unit rates) and, when assigned frames are given, the share of units carrying each frame.
Trends with confidence intervals are the job of ``toolkit.compare``; this is the plain table
behind ``toolkit frames count --by year``.

Examples
--------
>>> import pandas as pd
>>> counts = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2001-05-01", "2001-09-30", "2002-01-01"]),
...                        "n_tokens": [100, 300, 200], "military": [1, 3, 0], "military_score": [1.0, 2.5, 0.0]})
>>> aggregate_counts(counts, "year", frames=["military"])
      n_units  n_tokens  military  military_score  military_rate
year                                                            
2001        2       400         4             3.5           10.0
2002        1       200         0             0.0            0.0
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit.errors import invalid_value_message

__all__ = ["aggregate_counts"]

_DATE_PARTS = {"year": "Y", "quarter": "Q", "month": "M", "decade": None}


def _group_key(counts: pd.DataFrame, by: str) -> pd.Series:
    if by in counts.columns:
        return counts[by]
    if by in _DATE_PARTS:
        if "date" not in counts.columns:
            raise ValueError(f"cannot group by {by!r}: the table has no 'date' column")
        dates = pd.to_datetime(counts["date"])
        if by == "year":
            key = dates.dt.year
        elif by == "decade":
            key = dates.dt.year // 10 * 10
        else:
            key = dates.dt.to_period(_DATE_PARTS[by]).astype("string")
        return key.rename(by)
    raise ValueError(invalid_value_message("by", by, [*_DATE_PARTS, *[c for c in counts.columns if c != "text"]]))


def aggregate_counts(counts: pd.DataFrame, by: str | Sequence[str], *, frames: Sequence[str] | None = None,
                     assigned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pool a unit-level frame-count table by groups.

    Parameters
    ----------
    counts : DataFrame
        From :func:`toolkit.frames.count_frames`: ``n_tokens``, one column per category and
        ``<frame>_score`` columns.
    by : str or list of str
        Docvar columns, or ``"year"``, ``"quarter"``, ``"month"``, ``"decade"`` (from ``date``).
    frames : list of str, optional
        Frames to report rates (and shares) for. Default: ``counts.attrs["frames"]``, else every
        column that has a ``<name>_score`` partner.
    assigned : DataFrame, optional
        Boolean frame presence per unit (:func:`toolkit.frames.assign`, same index as
        ``counts``); adds ``<frame>_share``, the proportion of the group's units with the frame.

    Returns
    -------
    DataFrame
        Indexed by the group(s): ``n_units``, ``n_tokens``, summed category counts and scores,
        ``<frame>_rate`` = 1000 x (sum of hits) / (sum of tokens) (NaN for a group without
        tokens), and ``<frame>_share`` when ``assigned`` is given.
    """
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts must be a DataFrame from count_frames, got {type(counts).__name__}")
    if "n_tokens" not in counts.columns:
        raise ValueError("counts has no 'n_tokens' column: pass the table returned by toolkit.frames.count_frames")
    keys = [by] if isinstance(by, str) else list(by)
    if frames is None:
        frames = counts.attrs.get("frames") or [c[:-6] for c in counts.columns
                                                if c.endswith("_score") and c[:-6] in counts.columns]
    frames = list(frames)
    missing = [f for f in frames if f not in counts.columns]
    if missing:
        raise ValueError(f"frames {missing} are not columns of counts")
    group_keys = [_group_key(counts, k) for k in keys]
    summed_cols = ["n_tokens"] + [c for c in counts.columns
                                  if c in frames or any(c.startswith(f + "/") for f in frames)
                                  or (c.endswith("_score") and c[:-6] in frames)]
    grouped = counts[summed_cols].groupby(group_keys, sort=True, dropna=False)
    out = grouped.sum(numeric_only=True)
    out.insert(0, "n_units", grouped.size())
    tokens = out["n_tokens"].where(out["n_tokens"] > 0)
    for frame in frames:
        out[f"{frame}_rate"] = 1000.0 * out[frame] / tokens
    if assigned is not None:
        if not assigned.index.equals(counts.index):
            raise ValueError("assigned must have the same index as counts (use toolkit.frames.assign(counts))")
        shares = assigned[frames].astype(float).groupby(group_keys, sort=True, dropna=False).mean()
        for frame in frames:
            out[f"{frame}_share"] = shares[frame]
    out.index.names = keys
    return out
