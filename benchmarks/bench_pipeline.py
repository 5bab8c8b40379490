"""``toolkit run`` end to end on the UN General Debates, time per stage, and the trend bootstrap against pandas.

1. ``run_analysis("analyses/ungdc.yml", force=True)`` into a temporary folder: load -> paragraphs
   -> frames -> trends -> comparisons -> change points -> figures; the time of every stage as the
   run's manifest records it, then the same run again with unchanged inputs (every stage from
   the cache).
2. The trends stage against what a researcher writes with pandas: per year, the speeches'
   paragraph counts and frame counts, resampled ``n_boot`` times with
   ``DataFrame.sample(frac=1, replace=True)`` (documents as clusters, like toolkit), the share
   of paragraphs with each frame per resample, percentile interval. Same table in, same
   resampling scheme, same number of resamples; the intervals must agree within Monte Carlo
   error (reported: the largest difference of a bound, in percentage points).

Run from the project root:  ``.venv/bin/python benchmarks/bench_pipeline.py [--n-boot 1000] [--json out.json]``
(needs ``../shared/corpora/ungdc``; about 3 minutes on 2 cores).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core for the numeric libraries, as the pipeline runs

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ANALYSIS = ROOT / "analyses" / "ungdc.yml"
FRAMES = ("military", "ideological", "media", "financial")


def run_pipeline(output: Path) -> tuple[dict[str, float], float, dict[str, float], float, object]:
    from toolkit.pipeline import run_analysis

    start = time.perf_counter()
    cold = run_analysis(ANALYSIS, output=output, force=True, progress=False)
    cold_total = time.perf_counter() - start
    start = time.perf_counter()
    warm = run_analysis(ANALYSIS, output=output, progress=False)
    warm_total = time.perf_counter() - start
    if not warm.fully_cached:  # the toolkit's code changed between the two runs (someone is editing it)
        print("note: the re-run recomputed " + ", ".join(s.name for s in warm.stages if not s.cached), file=sys.stderr)
    return ({s.name: s.seconds for s in cold.stages}, cold_total, {s.name: s.seconds for s in warm.stages},
            warm_total, cold)


def toolkit_trends(units: pd.DataFrame, n_boot: int, seed: int) -> tuple[pd.DataFrame, float]:
    from toolkit.compare import frame_trends

    start = time.perf_counter()
    table = frame_trends(units, frames=list(FRAMES), assigned=units[[f"{f}_present" for f in FRAMES]]
                         .set_axis(list(FRAMES), axis=1), freq="year", cluster="doc_id", n_boot=n_boot,
                         min_units=20, min_clusters=5, random_state=seed)
    return table, time.perf_counter() - start


def pandas_trends(units: pd.DataFrame, n_boot: int, seed: int) -> tuple[pd.DataFrame, float]:
    """The loop a researcher writes: per year, resample the speeches with DataFrame.sample."""
    start = time.perf_counter()
    present = units[[f"{f}_present" for f in FRAMES]].astype(int).set_axis(list(FRAMES), axis=1)
    per_doc = (present.assign(doc_id=units["doc_id"].to_numpy(), year=units["date"].dt.year.to_numpy(), n=1)
               .groupby(["year", "doc_id"], sort=True).sum())
    rows = []
    rng = np.random.default_rng(seed)
    for year, docs in per_doc.groupby(level="year"):
        shares = []
        for _ in range(n_boot):
            sample = docs.sample(frac=1.0, replace=True, random_state=rng)
            total = sample.sum()
            shares.append((total[list(FRAMES)] / total["n"]).to_numpy())
        shares = np.asarray(shares)
        total = docs.sum()
        for j, frame in enumerate(FRAMES):
            rows.append({"frame": frame, "period": str(year), "estimate": total[frame] / total["n"],
                         "ci_low": np.quantile(shares[:, j], 0.025), "ci_high": np.quantile(shares[:, j], 0.975)})
    return pd.DataFrame(rows), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file ('-': print them)")
    args = parser.parse_args()
    if not (ROOT.parent / "shared" / "corpora" / "ungdc").is_dir():
        sys.exit("needs ../shared/corpora/ungdc beside the project")

    with tempfile.TemporaryDirectory() as tmp:
        cold, cold_total, warm, warm_total, result = run_pipeline(Path(tmp) / "ungdc")
        units = result.units()
    n_docs, n_units = units["doc_id"].nunique(), len(units)
    print(f"toolkit run analyses/ungdc.yml: {n_docs:,} speeches, {n_units:,} paragraphs")
    print("| stage | cold (s) | re-run, cached (s) |\n|---|---|---|")
    for name, seconds in cold.items():
        print(f"| {name} | {seconds:.2f} | {warm.get(name, float('nan')):.3f} |")
    print(f"| **total (wall clock, incl. writing outputs)** | **{cold_total:.1f}** | **{warm_total:.2f}** |")

    ours, t_ours = toolkit_trends(units, args.n_boot, 1)
    theirs, t_theirs = pandas_trends(units, args.n_boot, 2)
    merged = ours.merge(theirs, on=["frame", "period"], suffixes=("", "_pd"))
    merged = merged[merged["flag"] == "ok"]
    assert np.allclose(merged["estimate"], merged["estimate_pd"]), "the point estimates differ"
    gap = float(np.nanmax(np.abs(np.r_[merged["ci_low"] - merged["ci_low_pd"],
                                       merged["ci_high"] - merged["ci_high_pd"]])))
    print(f"\ntrends, {args.n_boot} resamples of speeches within each of {merged['period'].nunique()} years, "
          f"4 frames:")
    print("| implementation | seconds | x toolkit |\n|---|---|---|")
    print(f"| toolkit `frame_trends` | {t_ours:.2f} | 1.0 |")
    print(f"| pandas `DataFrame.sample` loop | {t_theirs:.1f} | {t_theirs / t_ours:.0f} |")
    print(f"same estimates; interval bounds differ by at most {100 * gap:.3f} percentage points "
          "(Monte Carlo error: different random draws)")
    results = {"n_documents": int(n_docs), "n_units": int(n_units), "stages_cold": cold, "stages_cached": warm,
               "total_cold": cold_total, "total_cached": warm_total, "n_boot": args.n_boot,
               "trends_toolkit_s": t_ours, "trends_pandas_s": t_theirs, "max_bound_gap": gap}
    if args.json:
        text = json.dumps(results, indent=2)
        print(text) if str(args.json) == "-" else args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
