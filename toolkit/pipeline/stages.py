"""The computations of an analysis run, one function per stage, each a pure function of its inputs.

:mod:`toolkit.pipeline.run` decides which of them to call (the others come from the cache) and
where their results go. Every random step draws from a seed derived from the analysis seed and
the step's name (:func:`derived_seed`), so adding a comparison does not change the intervals of
the others.

Examples
--------
>>> derived_seed(20240101, "trends") == derived_seed(20240101, "trends")
True
>>> derived_seed(20240101, "trends") == derived_seed(20240101, "comparison:after_2001:military")
False
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.corpus import Corpus
from toolkit.pipeline.config import Analysis

__all__ = ["PRESENT_SUFFIX", "compute_change_points", "compute_comparisons", "compute_trends", "compute_units",
           "count_units", "derived_seed", "heatmap_table", "load_corpus", "summarize_corpus"]

logger = logging.getLogger(__name__)

#: suffix of the boolean "frame present" columns of the units table
PRESENT_SUFFIX = "_present"


def derived_seed(seed: int, name: str) -> int:
    """A seed for one random step: the analysis seed mixed with the step's name (a 32-bit integer)."""
    return int(np.random.SeedSequence([int(seed), zlib.crc32(name.encode("utf-8"))]).generate_state(1)[0])


# ---------------------------------------------------------------------- corpus
def load_corpus(analysis: Analysis, *, progress: bool = False) -> Corpus:
    """Read (or generate) the corpus of ``analysis``, keep the documents its query selects, drop duplicates."""
    spec = analysis.corpus
    if spec.synthetic is not None:
        from toolkit.datasets import make_communiques

        try:
            corpus = make_communiques(**dict(spec.synthetic), random_state=derived_seed(analysis.seed, "synthetic"))
        except (TypeError, ValueError) as err:
            raise analysis.error("synthetic", f"synthetic: {err}") from None
    else:
        from toolkit.corpus.readers import read_corpus

        corpus = read_corpus(spec.path, layout=spec.layout, show_progress=progress, **dict(spec.options))
        logger.info("read %d documents from %s (%d files skipped)", len(corpus), spec.path, len(corpus.skipped))
    if spec.query:
        try:
            corpus = corpus.subset(spec.query)
        except ValueError as err:
            raise analysis.error("corpus.query", str(err)) from None
        if len(corpus) == 0:
            raise analysis.error("corpus.query", f"the query {spec.query!r} keeps no document; loosen it")
    if spec.drop_duplicates is not None:
        corpus = corpus.drop_duplicates(threshold=spec.drop_duplicates, show_progress=progress)
    if len(corpus) == 0:
        raise analysis.error("corpus", "the corpus has no document")
    return corpus


def summarize_corpus(corpus: Corpus) -> dict[str, Any]:
    """Documents, date range, languages, sources, skipped files and the reader's metadata (JSON-ready)."""
    docvars = corpus.docvars
    dates = docvars["date"].dropna()
    meta = {k: v for k, v in corpus.meta.items() if k != "loaded_at"}
    sources = docvars["source"].value_counts()
    return {"n_documents": len(corpus),
            "dates": [dates.min().date().isoformat(), dates.max().date().isoformat()] if len(dates) else None,
            "n_undated": int(docvars["date"].isna().sum()),
            "langs": {str(k): int(v) for k, v in docvars["lang"].value_counts(dropna=False).items()},
            "n_sources": int(len(sources)),
            "sources": {str(k): int(v) for k, v in sources.head(20).items()},
            "skipped": len(corpus.skipped), "issues": len(corpus.issues),
            "dropped_duplicates": len(meta.get("dropped_duplicates", []) or []),
            "synthetic": bool(meta.get("synthetic", False)),
            "meta": json.loads(json.dumps(meta, default=str, ensure_ascii=False))}


# ---------------------------------------------------------------------- frames
def count_units(corpus: Corpus, analysis: Analysis, *, progress: bool = False) -> pd.DataFrame:
    """:func:`toolkit.count_frames` of every unit, every category (``scope`` included)."""
    from toolkit.frames.counting import count_frames
    from toolkit.text.preprocess import Preprocessor

    return count_frames(corpus, analysis.dictionary, unit=analysis.units,
                        preprocessor=Preprocessor(**dict(analysis.preprocess)), categories="all", progress=progress)


def compute_units(counts: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """``counts`` plus ``<frame>_present`` (bool, :func:`toolkit.frames.assign` with the analysis thresholds)."""
    from toolkit.frames.counting import assign

    try:
        present = assign(counts, thresholds=analysis.frames.thresholds)
    except ValueError as err:
        raise analysis.error("frames.thresholds", str(err)) from None
    units = counts.copy()
    for frame in present.columns:
        units[f"{frame}{PRESENT_SUFFIX}"] = present[frame].to_numpy()
    units.attrs = {**counts.attrs, "thresholds": {**dict(counts.attrs.get("thresholds", {})),
                                                  **_threshold_map(analysis, list(present.columns))}}
    return units


def _threshold_map(analysis: Analysis, frames: list[str]) -> dict[str, float]:
    t = analysis.frames.thresholds
    if t is None:
        return {}
    return dict(t) if isinstance(t, Mapping) else dict.fromkeys(frames, float(t))


def _assigned(units: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    return pd.DataFrame({f: units[f"{f}{PRESENT_SUFFIX}"].to_numpy() for f in frames}, index=units.index)


def selected_frames(units: pd.DataFrame, analysis: Analysis) -> list[str]:
    """The frames the analysis follows (``frames.select``, else every frame of the dictionary)."""
    return list(analysis.frames.select or units.attrs.get("frames") or
                [c[:-len(PRESENT_SUFFIX)] for c in units.columns if str(c).endswith(PRESENT_SUFFIX)])


def _check_column(units: pd.DataFrame, analysis: Analysis, key: str, column: str | None) -> None:
    if column is not None and column not in units.columns:
        docvars = [c for c in units.columns if c not in ("n_tokens",) and "/" not in c and not c.endswith(
            ("_score", "_rate", PRESENT_SUFFIX))]
        raise analysis.error(key, f"{key}: {column!r} is not a docvar of this corpus; use one of {docvars}")


# ---------------------------------------------------------------------- trends
def _periods(units: pd.DataFrame, analysis: Analysis) -> dict[str, Any]:
    p = analysis.periods
    if p.breaks is not None and p.labels is not None:
        from toolkit.compare.periods import assign_periods

        return {"periods": assign_periods(units["date"], breaks=list(p.breaks), labels=list(p.labels))}
    if p.breaks is not None:
        return {"breaks": list(p.breaks)}
    return {"freq": p.freq}


def compute_trends(units: pd.DataFrame, analysis: Analysis) -> dict[str, pd.DataFrame]:
    """Frame trends with cluster-bootstrap intervals: ``trends`` (all units) and, with ``trends.by``, ``trends_by``."""
    from toolkit.compare.trend import frame_trends

    t = analysis.trends
    _check_column(units, analysis, "trends.cluster", t.cluster)
    _check_column(units, analysis, "trends.by", t.by)
    frames = selected_frames(units, analysis)
    common = dict(frames=frames, measure=analysis.frames.measure, cluster=t.cluster,
                  assigned=_assigned(units, frames) if analysis.frames.measure == "share" else None,
                  ci=t.ci, n_boot=t.n_boot, min_units=t.min_units, min_clusters=t.min_clusters,
                  **_periods(units, analysis))
    out = {"trends": frame_trends(units, random_state=derived_seed(analysis.seed, "trends"), **common)}
    if t.by is not None:
        out["trends_by"] = frame_trends(units, group=t.by, random_state=derived_seed(analysis.seed, "trends_by"),
                                        **common)
    return out


# ---------------------------------------------------------------------- comparisons
def compute_comparisons(units: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """One row per (comparison, frame): estimates before and after, difference, interval, p-value."""
    from toolkit.compare.difference import compare_periods

    rows = []
    cluster = analysis.trends.cluster
    _check_column(units, analysis, "trends.cluster", cluster)
    for i, comp in enumerate(analysis.comparisons):
        for frame in comp.frames:
            if frame not in units.columns:
                raise analysis.error(f"comparisons.{i}.frames", f"comparison {comp.name!r}: no column {frame!r} in "
                                                                 "the counts (is it a category of the dictionary?)")
            assigned = _assigned(units, [frame]) if comp.measure == "share" else None
            try:
                result = compare_periods(units, frame=frame, before=comp.before, after=comp.after, measure=comp.measure,
                                         cluster=cluster, assigned=assigned, test=comp.test,
                                         n_resamples=comp.n_resamples, ci=comp.ci,
                                         random_state=derived_seed(analysis.seed, f"comparison:{comp.name}:{frame}"))
            except ValueError as err:
                raise analysis.error(f"comparisons.{i}", f"comparison {comp.name!r}, {frame}: {err}") from None
            row = {"comparison": comp.name, "frame": frame, "measure": comp.measure,
                   "before": result["a"], "after": result["b"]}
            row.update({k: result[k] for k in ("estimate_a", "estimate_b", "difference", "ci_low", "ci_high",
                                               "p_value", "n_a", "n_b", "n_clusters_a", "n_clusters_b", "test",
                                               "stat", "ci", "n_resamples")})
            rows.append(row)
    table = pd.DataFrame(rows)
    for col in ("estimate_a", "estimate_b", "difference", "ci_low", "ci_high", "p_value", "ci"):
        if col in table:
            table[col] = table[col].astype(np.float64)
    for col in ("n_a", "n_b", "n_clusters_a", "n_clusters_b", "n_resamples"):
        if col in table:
            table[col] = table[col].astype(np.int64)
    return table


# ---------------------------------------------------------------------- change points
def compute_change_points(trends: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """Change points of each frame's trend (periods flagged "ok" only), with location intervals."""
    from toolkit.compare.changepoint import frame_change_points

    cp = analysis.change_points
    table = frame_change_points(trends, method=cp.method, penalty=cp.penalty, min_size=cp.min_size,
                                n_boot=max(cp.n_boot, 1), ci=analysis.trends.ci,
                                random_state=derived_seed(analysis.seed, "change_points"))
    table = table.copy()
    for col in ("location", "ci_low", "ci_high", "method", "penalty"):
        if col in table:
            table[col] = table[col].astype(str)
    table.attrs = {}
    return table


# ---------------------------------------------------------------------- figures' tables
def heatmap_table(units: pd.DataFrame, trends: pd.DataFrame, analysis: Analysis) -> tuple[pd.DataFrame, str]:
    """The table of the heatmap figure and its row column: the trends per period, or the measure per docvar."""
    row = analysis.figures.heatmap_row
    if row == "period":
        return trends, "period"
    _check_column(units, analysis, "figures.heatmap_row", row)
    frames = selected_frames(units, analysis)
    measure = analysis.frames.measure
    grouped = units.groupby(row, sort=True, observed=True, dropna=True)
    records = []
    for key, part in grouped:
        for frame in frames:
            if measure == "share":
                value = float(part[f"{frame}{PRESENT_SUFFIX}"].mean())
            elif measure == "rate":
                tokens = float(part["n_tokens"].sum())
                value = 1000.0 * float(part[frame].sum()) / tokens if tokens else float("nan")
            else:
                value = float(part[f"{frame}_score"].mean())
            records.append({row: key, "frame": frame, "estimate": value, "n_units": len(part),
                            "stat": {"share": "share", "rate": "rate", "score": "mean"}[measure]})
    return pd.DataFrame(records), row
