"""Benchmark duplicate detection on SaudiNewsNet (../shared/corpora/saudinewsnet), read in place.

Run from the project root:  .venv/bin/python benchmarks/bench_dedup.py [--examples 3] [--exact]

Reports the wall time of :func:`toolkit.corpus.dedup.find_duplicates`, the number of exact and
near groups, and prints a few near groups (source, url, first and last words) to check by eye
that they are wire copies.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

from toolkit.corpus.dedup import find_duplicates

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATASET = SHARED / "saudinewsnet" / "dataset"


def load_articles(folder: Path) -> pd.DataFrame:
    """All articles of every daily zip, in file order (one JSON array per zip)."""
    records = []
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                records.extend(json.loads(archive.read(name)))
    frame = pd.DataFrame.from_records(records)
    frame["content"] = frame["content"].fillna("")
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3, help="near groups to print")
    parser.add_argument("--threshold", type=float, default=0.8)
    args = parser.parse_args(argv)
    if not DATASET.is_dir():
        print(f"SaudiNewsNet not found at {DATASET}; nothing to benchmark", file=sys.stderr)
        return 1
    started = time.perf_counter()
    articles = load_articles(DATASET)
    loaded = time.perf_counter()
    texts = articles["content"].tolist()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"loaded {len(texts):,} articles ({megabytes:.1f} MB of UTF-8 text) "
          f"in {loaded - started:.1f} s")

    for method in ("exact", "minhash"):
        t0 = time.perf_counter()
        groups = find_duplicates(texts, method=method, threshold=args.threshold,
                                 show_progress=False)
        elapsed = time.perf_counter() - t0
        first = groups[groups["is_first"]]
        n_near = int((first["kind"] == "near").sum())
        print(f"method={method:8s} {elapsed:6.1f} s  groups: {len(first):,} "
              f"({len(first) - n_near:,} exact-only, {n_near:,} with near copies); "
              f"documents to drop: {int((~groups['is_first']).sum()):,}; "
              f"info: {groups.attrs['duplicates']}")

    source = articles["source"].to_numpy()
    rep = groups["group"].map(groups.loc[groups["is_first"]].set_index("group")["doc_id"])
    dropped = ~groups["is_first"]
    for kind in ("exact", "near"):
        rows = dropped & (groups["kind"] == kind)
        same = source[groups.loc[rows, "doc_id"].astype(int)] == source[rep[rows].astype(int)]
        print(f"  dropped {kind:5s} copies: {int(rows.sum()):,}, "
              f"{same.mean():.0%} from the same newspaper as their representative")

    near = groups[groups["kind"] == "near"]
    shown = 0
    for _, members in near.groupby("group", sort=True):
        if shown >= args.examples:
            break
        if members["similarity"].min() > 0.97:
            continue  # show the interesting ones: copies that were edited
        shown += 1
        print("\n=== group", int(members["group"].iloc[0]), "===")
        for row in members.itertuples():
            article = articles.iloc[int(row.doc_id)]
            words = article["content"].split()
            print(f"- {article['source']:12s} sim={row.similarity:.3f} {article['url']}")
            print("  start:", " ".join(words[:14]))
            print("  end:  ", " ".join(words[-10:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
