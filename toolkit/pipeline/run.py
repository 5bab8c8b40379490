"""Run an analysis file end to end: corpus -> units -> frames -> trends -> comparisons -> change points -> figures.

:func:`run_analysis` is what ``toolkit run ANALYSIS.yml`` calls. Stages, in order, each cached
under ``<output>/.cache/<stage>/`` by a key built from content hashes
(:mod:`toolkit.pipeline.cache`), so a re-run with unchanged inputs recomputes nothing:

========== ============================================= ==========================================
stage      computes                                      key (besides toolkit version and code)
========== ============================================= ==========================================
corpus     read + query + duplicates; content hash       bytes of the corpus files, reader options
frames     ``count_frames`` per unit, every category     corpus content hash, units, preprocessor,
                                                         dictionary fingerprint
units      frame presence (``assign``) per unit          frames key, thresholds
trends     ``frame_trends`` (cluster bootstrap)          units key, frames, measure, periods,
                                                         trend options, seed
comparisons ``compare_periods`` per comparison and frame units key, comparisons, cluster, seed
change_points ``frame_change_points``                    trends key, options, seed
figures    ``toolkit.plot`` figures + ``save_figure``    trends/change-point/units keys, options
========== ============================================= ==========================================

Outputs (``<output>/``): ``report.html``, ``manifest.json``, ``tables/units.parquet`` (one row
per unit: docvars, counts, scores, rates, ``<frame>_present``), ``tables/trends.csv``
(``tables/trends_by.csv`` with ``trends.by``), ``tables/comparisons.csv``,
``tables/change_points.csv``, ``figures/<kind>.{png,svg,pdf,json}``.

Atomicity: everything is first written into a hidden staging folder inside ``<output>``; only
when the whole run has succeeded are the files moved into place (the old ``manifest.json`` is
removed first and the new one written last, so a ``manifest.json`` always describes the files
beside it) and the outputs of the previous run that this run no longer makes are removed. An
interrupted or failed run leaves the previous outputs as they were and no partial file.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> config = {"synthetic": {"n_documents": 30, "languages": ["en"]}, "seed": 3, "output": str(out),
...           "trends": {"n_boot": 50, "min_units": 5}, "change_points": False, "figures": []}
>>> result = run_analysis(config, progress=False)
>>> sorted(p.relative_to(out).as_posix() for p in result.outputs)
['manifest.json', 'report.html', 'tables/trends.csv', 'tables/units.parquet']
>>> again = run_analysis(config, progress=False)
>>> again.cache_hits
('corpus', 'frames', 'units', 'trends')
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from toolkit.atomic import write_text
from toolkit.pipeline import stages
from toolkit.pipeline.cache import (
    NOT_IN_PIPELINE,
    CacheEntry,
    StageCache,
    code_fingerprint,
    corpus_hash,
    file_sha256,
    source_hash,
    stage_key,
)
from toolkit.pipeline.config import Analysis, load_analysis
from toolkit.pipeline.manifest import (
    MANIFEST_VERSION,
    environment,
    list_outputs,
    utc_now,
)

__all__ = ["RunResult", "StageRecord", "run_analysis"]

logger = logging.getLogger(__name__)

_SHOWN_CHANGES = 8  # change points listed by RunResult.summary() (all are in the table and the report)


@dataclass(frozen=True)
class StageRecord:
    """One stage of a run: its cache ``key``, whether it came from the cache, and how long it took."""

    name: str
    key: str
    cached: bool
    seconds: float


@dataclass(frozen=True)
class RunResult:
    """What :func:`run_analysis` made.

    Attributes
    ----------
    analysis : Analysis
    output : Path
        The output folder.
    outputs : tuple of Path
        Every file written (absolute paths), ``manifest.json`` last.
    tables : mapping of str to DataFrame
        ``trends`` (and ``trends_by``), ``comparisons``, ``change_points``, as written to ``tables/``.
    stages : tuple of StageRecord
    manifest : mapping
        The content of ``manifest.json``.
    """

    analysis: Analysis
    output: Path
    outputs: tuple[Path, ...]
    tables: Mapping[str, pd.DataFrame]
    stages: tuple[StageRecord, ...]
    manifest: Mapping[str, Any] = field(repr=False)

    @property
    def report(self) -> Path:
        return self.output / "report.html"

    @property
    def manifest_path(self) -> Path:
        return self.output / "manifest.json"

    @property
    def cache_hits(self) -> tuple[str, ...]:
        """Names of the stages reused from the cache."""
        return tuple(s.name for s in self.stages if s.cached)

    @property
    def fully_cached(self) -> bool:
        """Whether every stage came from the cache (nothing was recomputed)."""
        return all(s.cached for s in self.stages)

    @property
    def seconds(self) -> float:
        return float(self.manifest.get("seconds", 0.0))

    def units(self) -> pd.DataFrame:
        """The per-unit table (``tables/units.parquet``): docvars, counts, scores, rates, ``<frame>_present``."""
        return pd.read_parquet(self.output / "tables" / "units.parquet")

    def summary(self) -> str:
        """A few lines for a terminal: what was reused, the findings, where the outputs are."""
        m = self.manifest
        corpus = m.get("corpus", {})
        lines = [f"{self.analysis.name}: {corpus.get('n_documents', 0):,} documents, {corpus.get('n_units', 0):,} "
                 f"{self.analysis.units}s" + (" (SYNTHETIC corpus)" if corpus.get("synthetic") else "")
                 + f"; corpus sha256 {str(corpus.get('content_sha256', ''))[:12]}"]
        if self.fully_cached:
            lines.append(f"all {len(self.stages)} stages reused from the cache (inputs unchanged): "
                         + ", ".join(s.name for s in self.stages))
        elif self.cache_hits:
            lines.append("reused from the cache: " + ", ".join(self.cache_hits) + "; computed: "
                         + ", ".join(s.name for s in self.stages if not s.cached))
        else:
            lines.append("computed: " + ", ".join(s.name for s in self.stages))
        findings = list(m.get("findings", []))
        changes = [f for f in findings if f.startswith("change point")]
        lines.extend(f"  {line}" for line in findings if not line.startswith("change point"))
        lines.extend(f"  {line}" for line in changes[:_SHOWN_CHANGES])
        if len(changes) > _SHOWN_CHANGES:
            lines.append(f"  ... {len(changes) - _SHOWN_CHANGES} more change points in tables/change_points.csv")
        lines.append(f"outputs in {self.output}/: report.html, manifest.json, "
                     + ", ".join(sorted({p.relative_to(self.output).parts[0] + "/" for p in self.outputs
                                         if len(p.relative_to(self.output).parts) > 1})))
        lines.append(f"took {self.seconds:.1f} s")
        return "\n".join(lines)


def run_analysis(path_or_config: str | os.PathLike[str] | Mapping[str, Any] | Analysis, *,
                 output: str | os.PathLike[str] | None = None, force: bool = False,
                 progress: bool = True) -> RunResult:
    """Run an analysis file (see :mod:`toolkit.pipeline.config`) and write its outputs.

    Parameters
    ----------
    path_or_config : path, mapping or Analysis
        The analysis file, its settings as a mapping, or a loaded :class:`Analysis`.
    output : path, optional
        The output folder (default: the analysis file's ``output``).
    force : bool
        Recompute every stage, ignoring (and replacing) cached results.
    progress : bool
        Progress bars on stderr (stages, reading, counting).

    Returns
    -------
    RunResult

    Raises
    ------
    AnalysisError
        For a bad analysis file, or a setting that does not fit the data (unknown docvar, a query
        keeping nothing, a comparison range without units), with the file and line.
    """
    analysis = path_or_config if isinstance(path_or_config, Analysis) else load_analysis(path_or_config)
    out = Path(output) if output is not None else analysis.output
    return _Run(analysis, out.resolve(), force=force, progress=progress).execute()


class _Run:
    """The state of one run: the cache, the stage records and the results kept in memory."""

    def __init__(self, analysis: Analysis, out: Path, *, force: bool, progress: bool) -> None:
        self.analysis, self.out, self.force, self.progress = analysis, out, force, progress
        self.cache = StageCache(out / ".cache")
        self.code = code_fingerprint()
        # stage keys: the code the stages run (figure functions only for the figures)
        self.stage_code = {"figures": code_fingerprint(NOT_IN_PIPELINE),
                           None: code_fingerprint((*NOT_IN_PIPELINE, "plot"))}
        self.records: list[StageRecord] = []
        self.entries: dict[str, CacheEntry] = {}
        self.keys: dict[str, str] = {}
        self._corpus: Any = None
        self._tables: dict[str, pd.DataFrame] = {}
        self.findings: list[str] = []
        self.dictionary: dict[str, Any] = {}
        self.preprocessor: dict[str, Any] = {}
        self.n_units = 0

    # ------------------------------------------------------------------ cache plumbing
    def _stage(self, name: str, inputs: Mapping[str, Any], params: Mapping[str, Any], compute: Any, *,
               start: float | None = None) -> CacheEntry:
        """The entry of stage ``name``: from the cache, or computed (``compute() -> (tables, files, meta)``).

        ``start`` (a :func:`time.perf_counter` value) counts the work done to build ``inputs`` in the stage's time.
        """
        start = time.perf_counter() if start is None else start
        key = stage_key(name, inputs, params, code=self.stage_code.get(name, self.stage_code[None]))
        self.keys[name] = key
        entry = None if self.force else self.cache.get(name, key)
        cached = entry is not None
        if entry is None:
            tables, files, meta = compute()
            entry = self.cache.put(name, key, tables=tables, files=files, meta=meta)
            logger.info("stage %s: computed in %.1f s", name, time.perf_counter() - start)
        else:
            logger.info("stage %s: reused from the cache (inputs unchanged, key %s)", name, key[:12])
        self.entries[name] = entry
        self.records.append(StageRecord(name, key, cached, round(time.perf_counter() - start, 3)))
        return entry

    def table(self, stage: str, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = self.entries[stage].table(name)
        return self._tables[name]

    def corpus(self) -> Any:
        if self._corpus is None:
            self._corpus = stages.load_corpus(self.analysis, progress=self.progress)
            found = corpus_hash(self._corpus)
            expected = self.entries["corpus"].meta.get("content_sha256")
            if expected is not None and found != expected:
                logger.warning("the corpus read now (sha256 %s) differs from the cached one (%s); the reader is "
                               "not deterministic or its files changed during the run", found[:12], expected[:12])
        return self._corpus

    # ------------------------------------------------------------------ stages
    def stage_corpus(self) -> None:
        start = time.perf_counter()
        spec = self.analysis.corpus
        if spec.synthetic is not None:
            inputs: dict[str, Any] = {"synthetic": dict(spec.synthetic), "seed": self.analysis.seed}
        else:
            inputs = {"source": source_hash(spec.path)}
        params = {"layout": spec.layout, "options": dict(spec.options), "query": spec.query,
                  "drop_duplicates": spec.drop_duplicates}

        def compute() -> tuple[dict, dict, dict]:
            self._corpus = stages.load_corpus(self.analysis, progress=self.progress)
            return {}, {}, {"content_sha256": corpus_hash(self._corpus), **inputs,
                            "summary": stages.summarize_corpus(self._corpus)}

        self._stage("corpus", inputs, params, compute, start=start)

    def stage_frames(self) -> None:
        from toolkit.frames.dictionary import load_dictionary
        from toolkit.text.preprocess import Preprocessor

        d = load_dictionary(self.analysis.dictionary)
        pre = Preprocessor(**dict(self.analysis.preprocess))
        inputs = {"corpus": self.entries["corpus"].meta["content_sha256"]}
        params = {"units": self.analysis.units, "preprocessor": pre.to_dict(), "dictionary": d.fingerprint}

        def compute() -> tuple[dict, dict, dict]:
            counts = stages.count_units(self.corpus(), self.analysis, progress=self.progress)
            return {"counts": counts}, {}, {"n_units": len(counts)}

        entry = self._stage("frames", inputs, params, compute)
        self.dictionary = {"name": d.name, "version": d.version, "fingerprint": d.fingerprint, "path": d.path,
                           "frames": list(d.frames)}
        self.preprocessor = {"fingerprint": pre.fingerprint, "settings": pre.to_dict()}
        self.n_units = int(entry.meta["n_units"])

    def stage_units(self) -> None:
        params = {"thresholds": self.analysis.frames.thresholds}

        def compute() -> tuple[dict, dict, dict]:
            units = stages.compute_units(self.table("frames", "counts"), self.analysis)
            return {"units": units}, {}, {}

        self._stage("units", {"frames": self.keys["frames"]}, params, compute)

    def stage_trends(self) -> None:
        a = self.analysis
        params = {"frames": a.frames.select, "measure": a.frames.measure, "periods": a.to_dict()["periods"],
                  "trends": a.to_dict()["trends"], "seed": a.seed}

        def compute() -> tuple[dict, dict, dict]:
            return stages.compute_trends(self.table("units", "units"), a), {}, {}

        self._stage("trends", {"units": self.keys["units"]}, params, compute)

    def stage_comparisons(self) -> None:
        a = self.analysis
        params = {"comparisons": a.to_dict()["comparisons"], "cluster": a.trends.cluster, "seed": a.seed}

        def compute() -> tuple[dict, dict, dict]:
            return {"comparisons": stages.compute_comparisons(self.table("units", "units"), a)}, {}, {}

        self._stage("comparisons", {"units": self.keys["units"]}, params, compute)

    def stage_change_points(self) -> None:
        a = self.analysis
        params = {"change_points": a.to_dict()["change_points"], "ci": a.trends.ci, "seed": a.seed}

        def compute() -> tuple[dict, dict, dict]:
            return {"change_points": stages.compute_change_points(self.table("trends", "trends"), a)}, {}, {}

        self._stage("change_points", {"trends": self.keys["trends"]}, params, compute)

    def stage_figures(self) -> None:
        a = self.analysis
        inputs = {k: self.keys.get(k) for k in ("units", "trends", "change_points")}
        params = {"figures": a.to_dict()["figures"], "units": a.units, "trends_by": a.trends.by, "name": a.name,
                  "ci": a.trends.ci, "n_boot": a.trends.n_boot, "cluster": a.trends.cluster}

        def compute(tmp: Path) -> tuple[dict, dict, dict]:
            from toolkit.pipeline.figures import render_figures

            trends = self.table("trends", "trends")
            heatmap = None
            if "heatmap" in a.figures.kinds:
                heatmap = stages.heatmap_table(self.table("units", "units") if a.figures.heatmap_row != "period"
                                          else pd.DataFrame(), trends, a)
            made = render_figures(tmp, a, trends=trends,
                                  trends_by=self.table("trends", "trends_by") if a.trends.by else None,
                                  change_points=self.table("change_points", "change_points")
                                  if "change_points" in self.entries else None,
                                  heatmap=heatmap, provenance=self.provenance())
            files = {p.name: p for spec in made for p in spec["files"]}
            meta = {"figures": [{"kind": s["kind"], "title": s["title"], "caption": s["caption"],
                                 "files": [p.name for p in s["files"]]} for s in made]}
            return {}, files, meta

        with tempfile.TemporaryDirectory(prefix=".figures-", dir=self.out) as tmp:  # stored before it goes
            self._stage("figures", inputs, params, lambda: compute(Path(tmp)))

    def provenance(self) -> dict[str, Any]:
        return {"analysis": self.analysis.name, "corpus_sha256": self.entries["corpus"].meta["content_sha256"],
                "dictionary": self.dictionary, "preprocessor": self.preprocessor["fingerprint"],
                "seed": self.analysis.seed, "trends_key": self.keys.get("trends")}

    # ------------------------------------------------------------------ the run
    def execute(self) -> RunResult:
        start = time.perf_counter()
        a = self.analysis
        steps = ["corpus", "frames", "units", "trends"]
        if a.comparisons:
            steps.append("comparisons")
        if a.change_points.enabled:
            steps.append("change_points")
        if a.figures.kinds:
            steps.append("figures")
        self.out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out))
        try:
            with tqdm(total=len(steps) + 1, desc=a.name, unit="stage", disable=not self.progress, leave=False) as bar:
                for step in steps:
                    bar.set_postfix_str(step)
                    getattr(self, f"stage_{step}")()
                    bar.update()
                bar.set_postfix_str("report")
                names = self.write_outputs(staging)
                manifest = self.manifest(staging, names, time.perf_counter() - start)
                write_text(staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2,
                                                                 default=str) + "\n")
                bar.update()
            self.publish(staging, names)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        outputs = tuple(self.out / n for n in [*names, "manifest.json"])
        tables = {k: v for k, v in self._tables.items() if k not in ("counts", "units")}
        result = RunResult(a, self.out, outputs, tables, tuple(self.records), manifest)
        logger.info("%s: done in %.1f s; outputs in %s", a.name, result.seconds, self.out)
        return result

    def write_outputs(self, staging: Path) -> list[str]:
        """Tables, figures and the report into ``staging``; returns their relative paths."""
        from toolkit.pipeline.report import render_report

        names: list[str] = []

        def csv(name: str, table: pd.DataFrame) -> None:
            rel = f"tables/{name}.csv"
            (staging / "tables").mkdir(exist_ok=True)
            table.to_csv(staging / rel, index=False, encoding="utf-8", date_format="%Y-%m-%d")
            names.append(rel)

        (staging / "tables").mkdir()
        shutil.copyfile(self.entries["units"].folder / "units.parquet", staging / "tables" / "units.parquet")
        names.append("tables/units.parquet")
        shown: list[tuple[str, pd.DataFrame]] = []
        for stage, table in (("comparisons", "comparisons"), ("trends", "trends"), ("trends", "trends_by"),
                             ("change_points", "change_points")):
            entry = self.entries.get(stage)
            if entry is None or not (entry.folder / f"{table}.parquet").exists():
                continue
            data = self.table(stage, table)
            csv(table, data)
            shown.append((table, data))
        figures = []
        for spec in self.entries["figures"].meta["figures"] if "figures" in self.entries else []:
            (staging / "figures").mkdir(exist_ok=True)
            for file in spec["files"]:
                shutil.copyfile(self.entries["figures"].file(file), staging / "figures" / file)
                names.append(f"figures/{file}")
            image = next((f"figures/{f}" for ext in ("png", "svg") for f in spec["files"] if f.endswith(ext)), None)
            figures.append({"title": spec["title"], "caption": spec["caption"], "image": image,
                            "files": [f"figures/{f}" for f in spec["files"]]})
        self.findings = _findings(self._tables.get("comparisons"), self._tables.get("change_points"))
        notes = []
        summary = self.entries["corpus"].meta["summary"]
        if summary.get("synthetic"):
            notes.append("This corpus is SYNTHETIC: communiqués generated by toolkit.datasets.make_communiques with "
                         "a known frame mixture. The texts describe no real event.")
        trends = self._tables.get("trends")
        if trends is not None and (trends["flag"] != "ok").any():
            flagged = trends.drop_duplicates("period")["flag"].value_counts()
            notes.append(f"Periods without an interval: {int(flagged.get('too_few', 0))} with too few units "
                         f"(under {self.analysis.trends.min_units} units or {self.analysis.trends.min_clusters} "
                         f"clusters), {int(flagged.get('empty', 0))} empty; they are not plotted.")
        titles = {"comparisons": "Comparisons", "trends": "Trends", "trends_by": f"Trends by {self.analysis.trends.by}",
                  "change_points": "Change points"}
        page = render_report(self.manifest(staging, names, None),
                             tables=[(titles[n], t, n.startswith("trends")) for n, t in shown],
                             figures=figures, notes=notes, summary=self.findings)
        write_text(staging / "report.html", page)
        names.append("report.html")
        return names

    def manifest(self, staging: Path, names: list[str], seconds: float | None) -> dict[str, Any]:
        a = self.analysis
        summary = dict(self.entries["corpus"].meta["summary"])
        corpus = {"path": str(a.corpus.path) if a.corpus.path else None, "layout": a.corpus.layout,
                  "query": a.corpus.query, "synthetic": summary.pop("synthetic"),
                  "source_sha256": self.entries["corpus"].meta.get("source"),
                  "content_sha256": self.entries["corpus"].meta["content_sha256"], "units": a.units,
                  "n_units": self.n_units, **summary}
        out = {"toolkit_manifest": MANIFEST_VERSION, "created": utc_now(),
               "analysis": {"name": a.name, "description": a.description,
                            "file": str(a.source) if a.source else None,
                            "file_sha256": file_sha256(a.source) if a.source else None, "parameters": a.to_dict()},
               "seed": a.seed, **environment(self.code), "corpus": corpus, "dictionary": self.dictionary,
               "preprocessor": self.preprocessor,
               "stages": [{"name": r.name, "key": r.key, "cached": r.cached, "seconds": r.seconds}
                          for r in self.records],
               "cache_hits": [r.name for r in self.records if r.cached],
               "findings": self.findings}
        if seconds is not None:
            out["seconds"] = round(seconds, 3)
            out["outputs"] = list_outputs(staging, names)
        return out

    def publish(self, staging: Path, names: list[str]) -> None:
        """Move the staged files into place; the manifest last. Remove the previous run's leftovers."""
        old = self.out / "manifest.json"
        previous: set[str] = set()
        try:
            previous = {o["path"] for o in json.loads(old.read_text(encoding="utf-8")).get("outputs", [])}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, AttributeError, KeyError, TypeError) as err:
            logger.warning("cannot read the previous manifest %s (%s); its outputs are left in place", old, err)
        old.unlink(missing_ok=True)
        for name in names:
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
        for name in sorted(previous - set(names) - {"manifest.json"}):
            target = (self.out / name).resolve()
            if target.is_file() and self.out in target.parents and ".cache" not in target.relative_to(self.out).parts:
                target.unlink()
                logger.info("removed %s, made by the previous run and not by this one", target)
        os.replace(staging / "manifest.json", old)


def _findings(comparisons: pd.DataFrame | None, change_points: pd.DataFrame | None) -> list[str]:
    """Plain sentences for the comparisons and change points."""
    lines = []
    for row in (comparisons.itertuples(index=False) if comparisons is not None else ()):
        unit = {"share": "share", "rate": "per 1,000 tokens", "mean": "mean score"}.get(row.stat, row.stat)
        lines.append(f"{row.comparison}: {row.frame} ({unit}) {row.estimate_a:.4g} in {row.before} vs "
                     f"{row.estimate_b:.4g} in {row.after}; difference {row.difference:+.4g} "
                     f"({row.ci:.0%} CI {row.ci_low:.4g} to {row.ci_high:.4g}), {row.test} p = {row.p_value:.3g}")
    for row in (change_points.itertuples(index=False) if change_points is not None else ()):
        lines.append(f"change point: {row.frame} at {row.location} (interval {row.ci_low} to {row.ci_high}), "
                     f"mean {row.mean_before:.4g} -> {row.mean_after:.4g}")
    return lines
