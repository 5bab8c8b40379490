"""Topics against frames: does a topic's prevalence over time follow its frame's share?

Two tidy tables put the output of :func:`toolkit.topics.estimate_effect` (a topic's expected
proportion at each time point, with an interval) beside the output of
:func:`toolkit.compare.frame_trends` (the share of units carrying a frame in each period, with a
bootstrap interval):

* :func:`topic_frame_pairs` -- one row per (topic, frame, period): both estimates and intervals
  side by side. A topic's time points are placed in the frame table's periods (``start <= t <
  end + 1 day``); when several fall in one period (e.g. 100 dates over a few years), their
  estimates and interval bounds are averaged (the averaged bounds are then an approximation of
  the period's interval) and ``n_points`` says how many. Predict at one point per period
  (``estimate_effect(..., at=years)``) to avoid that.
* :func:`topic_frame_alignment` -- one row per (topic, frame): how closely the two series move
  together across the periods where both are estimated (frame periods flagged "too_few" are left
  out).

Which topic goes with which frame (``pairs``): ``"matched"`` pairs each topic with the frame of
the same name -- the seeded topics of a model seeded with the ``terrorism_frames`` dictionary are
named after its frames (:attr:`toolkit.topics.TopicModel.topic_names_`); ``"all"`` pairs every
topic with every frame; ``"best"`` keeps, for each frame, the topic whose prevalence has the
highest Pearson correlation with it (for an unseeded model: which topic tracks the frame?); a
mapping ``{topic: frame}`` or a sequence of ``(topic, frame)`` pairs chooses (topics by number or
name). The best of K topics is a selection: its correlation is biased upwards and its interval
and p-value do not account for the choice.

Statistics of :func:`topic_frame_alignment`, over the ``n`` periods of a pair, with ``x`` the
topic's estimates and ``y`` the frame's:

* ``r``: Pearson's correlation of ``x`` and ``y``; ``spearman``: of their ranks.
* ``r_diff``: Pearson's correlation of the first differences ``x[t] - x[t-1]`` and ``y[t] -
  y[t-1]`` (consecutive periods of the pair). Two series that both rise over the years correlate
  whatever their link; ``r_diff`` asks whether they also move together from one period to the
  next.
* ``n_eff``, ``ci_low``, ``ci_high``, ``p_value``: a Fisher-z interval and a t-test for ``r``
  with the effective number of periods of two autocorrelated series (Bretherton et al. 1999,
  eq. 31)::

      n_eff = n (1 - a_x a_y) / (1 + a_x a_y),  clipped to [2, n]
      z = atanh(r),  interval = tanh(z -+ q / sqrt(n_eff - 3))   ([-1, 1] when n_eff <= 3)
      t = r sqrt((n_eff - 2) / (1 - r^2)) on n_eff - 2 degrees of freedom (two-sided)

  where ``a_x``, ``a_y`` are the lag-1 autocorrelations of the two series and ``q`` the normal
  quantile of ``ci``. Yearly shares are strongly autocorrelated, so ``n_eff`` is often far below
  ``n``: ignoring it would give intervals much too narrow.

Assumptions: the interval and p-value treat the estimates as data (the uncertainty of each
estimate, its ribbon, is not propagated), assume a linear relation and roughly normal series,
and are computed one pair at a time (no adjustment when many pairs are tested, e.g. with
``pairs="all"``). A topic's prevalence (an expected proportion of words) and a frame's share (of
paragraphs or documents with at least one frame word) are on different scales: compare their
movements, not their levels.

References
----------
Bretherton, C. S., Widmann, M., Dymnikov, V. P., Wallace, J. M., & Bladé, I. (1999). The effective
number of spatial degrees of freedom of a time-varying field. *Journal of Climate*, 12(7),
1990-2009.
Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package for structural topic
models. *Journal of Statistical Software*, 91(2), 1-40.

Examples
--------
>>> import pandas as pd
>>> prevalence = pd.DataFrame({"topic": [0] * 4 + [1] * 4, "time": [2001, 2002, 2003, 2004] * 2,
...                            "estimate": [0.10, 0.20, 0.15, 0.30, 0.5, 0.4, 0.45, 0.3]})
>>> prevalence["ci_low"], prevalence["ci_high"] = prevalence["estimate"] - 0.05, prevalence["estimate"] + 0.05
>>> years = [str(y) for y in range(2001, 2005)]
>>> trends = pd.DataFrame({"frame": "military", "period": years,
...                        "start": pd.to_datetime([f"{y}-01-01" for y in years]),
...                        "end": pd.to_datetime([f"{y}-12-31" for y in years]),
...                        "estimate": [0.02, 0.05, 0.04, 0.07], "ci_low": 0.0, "ci_high": 0.1,
...                        "flag": "ok", "stat": "share"})
>>> table = topic_frame_alignment(prevalence, trends, topic_names=["military", "other_1"])
>>> table[["topic", "topic_name", "frame", "n_periods", "r", "r_diff"]].round(3)
   topic topic_name     frame  n_periods      r  r_diff
0      0   military  military          4  0.984   0.971
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from toolkit.errors import invalid_value_message

__all__ = ["ALIGNMENT_COLUMNS", "PAIR_COLUMNS", "topic_frame_alignment", "topic_frame_pairs"]

logger = logging.getLogger(__name__)

Pairs = Literal["matched", "best", "all"]
_PAIR_OPTIONS = ("matched", "best", "all", "a mapping {topic: frame}", "a sequence of (topic, frame) pairs")
PAIR_COLUMNS: tuple[str, ...] = (
    "topic", "topic_name", "frame", "period", "start", "end", "topic_estimate", "topic_ci_low",
    "topic_ci_high", "n_points", "frame_estimate", "frame_ci_low", "frame_ci_high", "frame_flag")
ALIGNMENT_COLUMNS: tuple[str, ...] = (
    "topic", "topic_name", "frame", "n_periods", "r", "ci_low", "ci_high", "p_value", "n_eff", "r_diff",
    "spearman", "first", "last")
_PREVALENCE = ("topic", "time", "estimate", "ci_low", "ci_high")
_TRENDS = ("frame", "period", "start", "end", "estimate", "ci_low", "ci_high")
_EFFECT_PRODUCER = "toolkit.topics.estimate_effect()"
_TRENDS_PRODUCER = "toolkit.compare.frame_trends()"
_MIN_PERIODS = 3
_SELECTION_NOTE = ("each topic chosen as the best-correlated of all topics for its frame: r is biased upwards, "
                   "interval and p-value do not account for the choice")


# ---------------------------------------------------------------------- inputs
def _table(data: Any, columns: Sequence[str], name: str, producer: str) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (the table of {producer}), got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(f"{name} has no column(s) {missing}; expected the table of {producer} with columns "
                         f"{list(columns)}, it has {list(map(str, data.columns))}")
    if data.empty:
        raise ValueError(f"{name} is empty: nothing to align")
    return data


def _one_series(data: pd.DataFrame, keys: Sequence[str], name: str, hint: str) -> None:
    """Refuse a table with several rows per key (e.g. several groups): one series per topic or frame."""
    dup = data.duplicated(list(keys))
    if dup.any():
        first = dict(zip(keys, data.loc[dup, list(keys)].iloc[0].tolist(), strict=True))
        raise ValueError(f"{name} has {int(dup.sum())} row(s) repeating a ({', '.join(keys)}) point, e.g. {first}: "
                         f"{hint}")


def _timestamps(values: pd.Series) -> pd.Series:
    """Time points as timestamps: dates as they are, numbers as (decimal) years (2016.5 -> 2016-07-02)."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = pd.Series(pd.DatetimeIndex(values).tz_localize(None) if getattr(values.dt, "tz", None) is not None
                        else values.to_numpy(), index=values.index)
        return out.astype("datetime64[ns]")
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        x = values.to_numpy(dtype=float)
        if not np.all(np.isfinite(x)):
            raise ValueError("prevalence: the time column has missing or infinite values")
        years = np.floor(x).astype(np.int64)
        if years.min() < 1 or years.max() > 9999:
            raise ValueError(f"prevalence: numeric times must be years (1-9999), got {x.min()} to {x.max()}")
        start = pd.to_datetime([f"{y:04d}-01-01" for y in years])
        end = pd.to_datetime([f"{y + 1:04d}-01-01" for y in years])
        return pd.Series(start + (end - start) * (x - years), index=values.index).astype("datetime64[ns]")
    raise TypeError(f"prevalence: the time column must hold dates or numbers (years), got dtype {values.dtype}")


def _names(topic_names: Any, prevalence: pd.DataFrame, topics: list[int]) -> dict[int, str]:
    """Each topic's name: ``topic_names`` (a model, sequence or mapping), a ``topic_name`` column, or "topic_k"."""
    names: dict[Any, Any]
    if topic_names is None:
        column = next((c for c in ("topic_name", "label") if c in prevalence.columns), None)
        if column is None:
            return {k: f"topic_{k}" for k in topics}
        known = prevalence.dropna(subset=[column]).drop_duplicates("topic")
        names = dict(zip(known["topic"].tolist(), known[column].astype(str).tolist(), strict=True))
    else:
        fitted = getattr(topic_names, "topic_names_", None)
        if fitted is not None:
            topic_names = fitted
        if isinstance(topic_names, Mapping):
            names = dict(topic_names)
        elif isinstance(topic_names, Sequence) and not isinstance(topic_names, (str, bytes)):
            names = dict(enumerate(topic_names))
        else:
            raise TypeError("topic_names must be a fitted TopicModel (its topic_names_), a sequence of names (one per "
                            f"topic, in topic order) or a mapping topic -> name; got {type(topic_names).__name__}")
    missing = [k for k in topics if k not in names]
    if missing:
        raise ValueError(f"topic_names has no name for topic(s) {missing}; it names topics {list(names)}")
    return {k: str(names[k]) for k in topics}


def _pairs(pairs: Any, names: dict[int, str], frames: list[str]) -> list[tuple[int, str]]:
    """(topic, frame) pairs: in frame order for "matched", topic then frame order for "all" (and "best",
    narrowed later), as given for a mapping or a sequence of pairs."""
    if isinstance(pairs, str):
        if pairs in ("all", "best"):
            return [(k, f) for k in names for f in frames]
        if pairs == "matched":
            out = [(k, f) for f in frames for k, name in names.items() if name == f]
            if not out:
                raise ValueError(f"pairs='matched': no topic is named after a frame (topics {list(names.values())}, "
                                 f"frames {frames}); fit a model seeded with the frames (TopicModel(seeds="
                                 "'terrorism_frames')), or pass pairs='best', 'all' or {topic: frame}")
            return out
        raise ValueError(invalid_value_message("pairs", pairs, _PAIR_OPTIONS))
    if isinstance(pairs, Mapping):
        given = list(pairs.items())
    elif isinstance(pairs, Sequence) and all(isinstance(p, Sequence) and not isinstance(p, str) and len(p) == 2
                                             for p in pairs):
        given = [tuple(p) for p in pairs]
    else:
        raise TypeError(f"pairs must be one of {_PAIR_OPTIONS[:3]}, a mapping {{topic: frame}} or a sequence of "
                        f"(topic, frame) pairs; got {pairs!r}")
    by_name = {name: k for k, name in names.items()}
    out = []
    for topic, frame in given:
        k = None if isinstance(topic, bool) else (topic if topic in names else by_name.get(topic))
        if k is None:
            raise ValueError(f"pairs: unknown topic {topic!r}; topics are {list(names)} named {list(names.values())}")
        if frame not in frames:
            raise ValueError(f"pairs: unknown frame {frame!r}; the frame table has {frames}")
        out.append((k, str(frame)))
    if not out:
        raise ValueError("pairs is empty; give {topic: frame, ...}, [(topic, frame), ...], 'matched', 'best' or 'all'")
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------- pairs
def topic_frame_pairs(prevalence: pd.DataFrame, trends: pd.DataFrame, *, topic_names: Any = None,
                      pairs: Pairs | Mapping[Any, str] | Sequence[tuple[Any, str]] = "matched") -> pd.DataFrame:
    """Topic prevalence and frame share side by side, one row per (topic, frame, period).

    Parameters
    ----------
    prevalence : pandas.DataFrame
        The table of :func:`toolkit.topics.estimate_effect`: ``topic``, ``time`` (dates, or
        numbers read as decimal years: 2001 is 2001-01-01), ``estimate``, ``ci_low``,
        ``ci_high``; one row per topic and time (no ``group``: filter one group first).
    trends : pandas.DataFrame
        The table of :func:`toolkit.compare.frame_trends`: ``frame``, ``period``, ``start``,
        ``end``, ``estimate``, ``ci_low``, ``ci_high`` (and ``flag``); one row per frame and
        period (filter one group first when it was computed per group).
    topic_names : fitted TopicModel, sequence or mapping, optional
        Names of the topics: a model's ``topic_names_``, one name per topic in topic order, or
        ``{topic: name}``. Default: a ``topic_name`` (or ``label``) column of ``prevalence``,
        else ``"topic_<k>"``.
    pairs : {"matched", "best", "all"}, mapping or sequence of pairs, default "matched"
        Which topic goes with which frame: the frame of the topic's name (seeded topics); per
        frame the topic with the highest correlation; every combination; ``{topic: frame}``
        or ``[(topic, frame), ...]`` (topics by number or name).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIR_COLUMNS`: ``topic``, ``topic_name``, ``frame``, ``period``,
        ``start``, ``end``, the topic's ``topic_estimate``, ``topic_ci_low``,
        ``topic_ci_high`` (means over its ``n_points`` time points in the period; NaN when it has
        none), and the frame's ``frame_estimate``, ``frame_ci_low``, ``frame_ci_high``,
        ``frame_flag``. Sorted by pair (in ``pairs`` order; "best": in frame order), then
        period. ``attrs``: ``pairs`` (list of (topic, frame)), ``selection`` ("best" or None),
        ``stat``, ``measure``, ``unit`` and ``freq`` of the frame table.

    Raises
    ------
    TypeError
        For a table that is not a DataFrame, a time column that is neither dates nor numbers, or
        ``topic_names`` or ``pairs`` of the wrong kind.
    ValueError
        For a missing column, an empty table, several rows per (topic, time) or (frame,
        period), no topic named after a frame with ``pairs="matched"``, an unknown topic or
        frame in ``pairs``, no time point of the topics inside the frame periods, or (for
        "best") no pair with 3 periods.

    Examples
    --------
    Dates of a yearly grid land in their year; the share of 2003 is missing (flag "too_few"):

    >>> import pandas as pd
    >>> prevalence = pd.DataFrame({"topic": 0, "time": pd.to_datetime(["2001-03-01", "2001-09-01", "2002-06-01"]),
    ...                            "estimate": [0.1, 0.3, 0.4], "ci_low": [0.0, 0.2, 0.3], "ci_high": [0.2, 0.4, 0.5]})
    >>> trends = pd.DataFrame({"frame": "media", "period": ["2001", "2002", "2003"],
    ...                        "start": pd.to_datetime(["2001-01-01", "2002-01-01", "2003-01-01"]),
    ...                        "end": pd.to_datetime(["2001-12-31", "2002-12-31", "2003-12-31"]),
    ...                        "estimate": [0.05, 0.06, None], "ci_low": [0.04, 0.05, None],
    ...                        "ci_high": [0.06, 0.07, None], "flag": ["ok", "ok", "too_few"]})
    >>> topic_frame_pairs(prevalence, trends, topic_names=["media"])[
    ...     ["frame", "period", "topic_estimate", "n_points", "frame_estimate", "frame_flag"]]
       frame period  topic_estimate  n_points  frame_estimate frame_flag
    0  media   2001             0.2         2            0.05         ok
    1  media   2002             0.4         1            0.06         ok
    2  media   2003             NaN         0             NaN    too_few
    """
    prevalence = _table(prevalence, _PREVALENCE, "prevalence", _EFFECT_PRODUCER)
    trends = _table(trends, _TRENDS, "trends", _TRENDS_PRODUCER)
    _one_series(prevalence, ("topic", "time"), "prevalence",
                "one row per topic and time is needed; filter one group first (prevalence.query(\"group == ...\"))")
    _one_series(trends, ("frame", "period"), "trends",
                "one row per frame and period is needed; filter one group first (e.g. trends.query(\"lang == 'ar'\"))")
    topics = list(dict.fromkeys(prevalence["topic"].tolist()))
    names = _names(topic_names, prevalence, topics)
    frames = [str(f) for f in dict.fromkeys(trends["frame"].tolist())]
    chosen = _pairs(pairs, names, frames)

    periods = trends.drop_duplicates("period")[["period", "start", "end"]].sort_values("start", kind="stable")
    starts = pd.DatetimeIndex(periods["start"]).as_unit("ns")
    stops = (pd.DatetimeIndex(periods["end"]) + pd.Timedelta(days=1)).as_unit("ns")
    stamps = pd.DatetimeIndex(_timestamps(prevalence["time"])).as_unit("ns")
    position = starts.searchsorted(stamps, side="right") - 1
    inside = (position >= 0) & (stamps < stops[np.clip(position, 0, None)])
    if not inside.any():
        raise ValueError(f"no time point of prevalence ({stamps.min().date()} to {stamps.max().date()}) falls in a "
                         f"period of trends ({starts.min().date()} to {stops.max().date()}); were they computed on "
                         "the same documents?")
    if not inside.all():
        logger.info("topic_frame_pairs: %d of %d time points outside the frame periods are ignored",
                    int((~inside).sum()), len(inside))
    located = prevalence.loc[inside, ["topic", "estimate", "ci_low", "ci_high"]].assign(
        period=periods["period"].to_numpy()[position[inside]])
    located["period"] = located["period"].astype(str)
    means = located.groupby(["topic", "period"], sort=False).agg(
        topic_estimate=("estimate", "mean"), topic_ci_low=("ci_low", "mean"), topic_ci_high=("ci_high", "mean"),
        n_points=("estimate", "size"))

    frame_rows = trends.assign(period=trends["period"].astype(str), frame=trends["frame"].astype(str)).set_index(
        ["frame", "period"])
    flags = frame_rows["flag"] if "flag" in frame_rows.columns else pd.Series("ok", index=frame_rows.index)
    period_labels = periods["period"].astype(str).tolist()
    parts = []
    for topic, frame in chosen:
        index = pd.MultiIndex.from_product([[topic], period_labels])
        topic_part = means.reindex(index)
        frame_index = pd.MultiIndex.from_product([[frame], period_labels])
        frame_part = frame_rows.reindex(frame_index)
        parts.append(pd.DataFrame({
            "topic": topic, "topic_name": names[topic], "frame": frame, "period": period_labels,
            "start": periods["start"].to_numpy(), "end": periods["end"].to_numpy(),
            "topic_estimate": topic_part["topic_estimate"].to_numpy(dtype=float),
            "topic_ci_low": topic_part["topic_ci_low"].to_numpy(dtype=float),
            "topic_ci_high": topic_part["topic_ci_high"].to_numpy(dtype=float),
            "n_points": topic_part["n_points"].fillna(0).to_numpy(dtype=np.int64),
            "frame_estimate": frame_part["estimate"].to_numpy(dtype=float),
            "frame_ci_low": frame_part["ci_low"].to_numpy(dtype=float),
            "frame_ci_high": frame_part["ci_high"].to_numpy(dtype=float),
            "frame_flag": flags.reindex(frame_index).fillna("missing").astype(str).to_numpy(),
        }))
    out = pd.concat(parts, ignore_index=True)
    out["topic_name"] = out["topic_name"].astype("str")
    out["frame"] = out["frame"].astype("str")
    out["period"] = out["period"].astype("str")
    if isinstance(pairs, str) and pairs == "best":
        chosen = _best(out, frames)
        keep = pd.Series(list(zip(out["topic"], out["frame"], strict=True))).isin(chosen).to_numpy()
        rank = {pair: i for i, pair in enumerate(chosen)}
        out = out[keep].assign(_rank=[rank[p] for p in zip(out["topic"][keep], out["frame"][keep], strict=True)])
        out = out.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)
    out.attrs = {"pairs": [(int(k) if isinstance(k, numbers.Integral) else k, f) for k, f in chosen],
                 "selection": "best" if isinstance(pairs, str) and pairs == "best" else None,
                 "stat": trends.attrs.get("stat", _one_value(trends, "stat")),
                 "measure": trends.attrs.get("measure"), "unit": trends.attrs.get("unit"),
                 "freq": trends.attrs.get("freq")}
    return out


def _usable(part: pd.DataFrame) -> pd.DataFrame:
    """The periods of one pair where both series are estimated (frame flag "ok")."""
    return part[part["topic_estimate"].notna() & part["frame_estimate"].notna() & (part["frame_flag"] == "ok")]


def _best(paired: pd.DataFrame, frames: list[str]) -> list[tuple[Any, str]]:
    """Per frame (in ``frames`` order), the topic with the highest Pearson r (ties: the lower topic)."""
    best: list[tuple[Any, str]] = []
    for frame in frames:
        scores = []
        for topic, part in paired[paired["frame"] == frame].groupby("topic", sort=True):
            usable = _usable(part)
            r = (_pearson(usable["topic_estimate"].to_numpy(dtype=float), usable["frame_estimate"].to_numpy(dtype=float))
                 if len(usable) >= _MIN_PERIODS else math.nan)
            scores.append((-np.inf if math.isnan(r) else r, topic))
        top = max((score for score, _ in scores), default=-np.inf)
        if np.isfinite(top):
            best.append((next(topic for score, topic in scores if score == top), frame))
        else:
            logger.info("topic_frame_pairs(pairs='best'): no topic has a correlation with frame %r", frame)
    if not best:
        raise ValueError("pairs='best': no topic and frame share 3 periods with estimates; nothing to choose from")
    return best


def _one_value(data: pd.DataFrame, column: str) -> Any:
    if column not in data.columns:
        return None
    values = data[column].dropna().unique()
    return values[0] if len(values) == 1 else None


# ---------------------------------------------------------------------- statistics
def _lag1(x: np.ndarray) -> float:
    """Lag-1 autocorrelation ``sum((x_t - m)(x_t+1 - m)) / sum((x_t - m)^2)`` (0 for a constant series)."""
    d = x - x.mean()
    denom = float(d @ d)
    return float(d[:-1] @ d[1:]) / denom if denom > 0 else 0.0


def _flat(x: np.ndarray) -> bool:
    """A series whose spread is below float resolution (1e-12 of its scale, at least 1): no correlation."""
    return bool(np.ptp(x) <= 1e-12 * max(1.0, float(np.max(np.abs(x)))))


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or _flat(x) or _flat(y):
        return math.nan
    return float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))


def _statistics(x: np.ndarray, y: np.ndarray, consecutive: np.ndarray, ci: float) -> dict[str, float]:
    n = len(x)
    out = dict.fromkeys(("r", "ci_low", "ci_high", "p_value", "n_eff", "r_diff", "spearman"), math.nan)
    if n < _MIN_PERIODS:
        return out
    r = _pearson(x, y)
    out["r"] = r
    out["spearman"] = _pearson(stats.rankdata(x), stats.rankdata(y))
    dx, dy = np.diff(x)[consecutive], np.diff(y)[consecutive]
    out["r_diff"] = _pearson(dx, dy) if len(dx) >= _MIN_PERIODS - 1 else math.nan
    ax_, ay_ = _lag1(x), _lag1(y)
    n_eff = float(np.clip(n * (1 - ax_ * ay_) / (1 + ax_ * ay_), 2.0, n))
    out["n_eff"] = n_eff
    if math.isnan(r):
        return out
    if n_eff > 3:
        z = math.atanh(min(abs(r), 1 - 1e-15)) * np.sign(r)
        half = stats.norm.ppf(0.5 + ci / 2) / math.sqrt(n_eff - 3)
        # at |r| = 1 the clipped z rounds back inside r: the interval still holds r
        out["ci_low"], out["ci_high"] = min(math.tanh(z - half), r), max(math.tanh(z + half), r)
    else:
        out["ci_low"], out["ci_high"] = -1.0, 1.0
    if n_eff > 2:
        t = r * math.sqrt((n_eff - 2) / max(1 - r * r, 1e-300))
        out["p_value"] = float(2 * stats.t.sf(abs(t), n_eff - 2))
    return out


def topic_frame_alignment(prevalence: pd.DataFrame, trends: pd.DataFrame, *, topic_names: Any = None,
                          pairs: Pairs | Mapping[Any, str] | Sequence[tuple[Any, str]] = "matched", ci: float = 0.95) -> pd.DataFrame:
    """How closely each topic's prevalence follows a frame's share over the periods: correlations.

    The two series of a pair are those of :func:`topic_frame_pairs`, over the periods where both
    are estimated (frame periods flagged other than "ok" are left out). See the module docstring
    for the formulas (Pearson's r with an interval and p-value for autocorrelated series,
    Spearman's rho, the correlation of first differences) and their assumptions.

    Parameters
    ----------
    prevalence, trends, topic_names, pairs :
        As in :func:`topic_frame_pairs`.
    ci : float, default 0.95
        Coverage of the interval of ``r``.

    Returns
    -------
    pandas.DataFrame
        One row per pair, in ``pairs`` order, columns :data:`ALIGNMENT_COLUMNS`: ``topic``,
        ``topic_name``, ``frame``, ``n_periods`` (periods with both estimates), ``r``,
        ``ci_low``, ``ci_high``, ``p_value``, ``n_eff`` (effective number of periods),
        ``r_diff``, ``spearman``, and the ``first`` and ``last`` of those periods. Statistics are
        NaN with fewer than 3 periods (``r_diff``: fewer than 2 consecutive differences) or for
        a constant series (spread below 1e-12 of its scale). ``attrs``: ``ci``, ``method`` and
        ``assumptions``, with those of :func:`topic_frame_pairs`.

    Raises
    ------
    TypeError, ValueError
        As :func:`topic_frame_pairs`; ``ValueError`` also for ``ci`` outside (0, 1).

    Examples
    --------
    An unseeded model: which topic follows the military frame? A topic that rises with it and
    one that falls as it rises:

    >>> import pandas as pd
    >>> years = list(range(2001, 2009))
    >>> share = [0.02, 0.05, 0.04, 0.07, 0.08, 0.07, 0.10, 0.12]
    >>> prevalence = pd.concat([
    ...     pd.DataFrame({"topic": 0, "time": years, "estimate": [s * 2 + 0.1 for s in share]}),
    ...     pd.DataFrame({"topic": 1, "time": years, "estimate": [0.5 - s for s in share]})]).assign(
    ...     ci_low=0.0, ci_high=1.0)
    >>> trends = pd.DataFrame({"frame": "military", "period": [str(y) for y in years],
    ...                        "start": pd.to_datetime([f"{y}-01-01" for y in years]),
    ...                        "end": pd.to_datetime([f"{y}-12-31" for y in years]),
    ...                        "estimate": share, "ci_low": 0.0, "ci_high": 0.2, "flag": "ok"})
    >>> table = topic_frame_alignment(prevalence, trends, pairs="all")
    >>> table[["topic_name", "frame", "r", "r_diff", "spearman"]].round(2)
      topic_name     frame    r  r_diff  spearman
    0    topic_0  military  1.0     1.0       1.0
    1    topic_1  military -1.0    -1.0      -1.0
    >>> bool(table.loc[0, "n_eff"] < table.loc[0, "n_periods"])  # trending series: fewer effective periods
    True
    >>> topic_frame_alignment(prevalence, trends, pairs="best")[["topic", "frame"]]
       topic     frame
    0      0  military
    """
    if not (isinstance(ci, numbers.Real) and not isinstance(ci, bool) and 0 < ci < 1):
        raise ValueError(f"ci must be a number between 0 and 1 (e.g. 0.95), got {ci!r}")
    paired = topic_frame_pairs(prevalence, trends, topic_names=topic_names, pairs=pairs)
    order = {p: i for i, p in enumerate(paired["period"].drop_duplicates())}
    rows = []
    for (topic, frame), part in paired.groupby(["topic", "frame"], sort=False):
        usable = _usable(part)
        x = usable["topic_estimate"].to_numpy(dtype=float)
        y = usable["frame_estimate"].to_numpy(dtype=float)
        positions = usable["period"].map(order).to_numpy()
        consecutive = np.diff(positions) == 1
        rows.append({"topic": topic, "topic_name": part["topic_name"].iloc[0], "frame": frame,
                     "n_periods": len(usable), **_statistics(x, y, consecutive, float(ci)),
                     "first": usable["period"].iloc[0] if len(usable) else None,
                     "last": usable["period"].iloc[-1] if len(usable) else None})
    out = pd.DataFrame(rows, columns=list(ALIGNMENT_COLUMNS))
    for column in ("topic_name", "frame", "first", "last"):
        out[column] = out[column].astype("str")
    out.attrs = {**paired.attrs, "ci": float(ci),
                 "method": "Pearson's r of the topic's prevalence and the frame's share over the periods, Fisher-z "
                           "interval and t-test with the effective number of periods n (1 - a_x a_y) / (1 + a_x a_y) "
                           "(Bretherton et al. 1999); Spearman's rho; r of first differences",
                 "assumptions": ("estimates treated as data: their intervals are not propagated",
                                 "linear relation, roughly normal series; lag-1 autocorrelation only",
                                 "one pair at a time: no adjustment for testing many pairs",
                                 *([_SELECTION_NOTE] if paired.attrs.get("selection") == "best" else []))}
    return out

