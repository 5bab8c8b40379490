"""Duplicates on SaudiNewsNet: toolkit's find_duplicates vs datasketch MinHash + MinHashLSH.

Run from the project root (the corpus is read in place from ../shared/corpora/saudinewsnet):

    .venv/bin/python benchmarks/bench_dedup.py [--repeat 1] [--json results.json]
        [--examples 3] [--disagreements 3] [--exact]

The pipelines run side by side in this one process, ``--repeat`` times in alternating order
(wall-clock medians are reported; one run of everything takes about a minute on 2 cores):

(a) :func:`toolkit.corpus.dedup.find_duplicates` with ``threshold=0.8, shingle_size=5,
    num_perm=128`` (NumPy MinHash, 21 bands of 6 rows, exact Jaccard verification);
(b) what a researcher would otherwise write with datasketch (MIT; a benchmark-only dependency:
    ``pip install "khitab[bench]"``; skipped with a message when absent): MinHash signatures
    through the bulk API ``MinHash.bulk`` (one ``update_batch`` per document, default
    ``affine32`` scheme), ``MinHashLSH(threshold=0.8, num_perm=128)`` filled with ``insert`` and
    queried with every document, candidates verified with exact Jaccard >= 0.8 on the shingle
    sets as toolkit does, groups by union-find (representative: the earliest document). Twice:
    with datasketch's default shingle hash (SHA-1 through hashlib, one Python call per shingle)
    and with ``hashfunc=zlib.crc32`` (a C 32-bit hash from the standard library; datasketch's
    documentation suggests swapping in a faster hash), the strongest variant;
(c) the LSH of the fastest datasketch variant again, on the same MinHashes, with toolkit's
    banding (``params=(21, 6)``): separates what the banding finds from what the code costs.

To compare speed and the LSH and nothing else, all see the same input: every text goes through
toolkit's own (private) normaliser ``toolkit.corpus.dedup._normalize_for_dedup`` (NFKC, case
folding, Arabic diacritics and tatweel removed, alef/ya/ta marbuta folded, punctuation ->
space), exact copies are the texts whose normalised forms are equal (empty ones never count),
MinHash runs only on the first occurrence of each distinct text, and the shingles are the same
word 5-shingles (a text of fewer than 5 words is one shingle). The datasketch times include
that normalisation, one Python call per text, as toolkit's include its batched one; they are
also shown without it (``--exact`` times toolkit's normalise + hash step alone, for scale).

Agreement with toolkit: the Jaccard similarity of the two sets of documents to drop (every group
member but the first), and of the two sets of near-duplicate pairs -- pairs of distinct
normalised texts in one group whose exact shingle Jaccard is >= the threshold. Disagreeing pairs
are shown with their exact similarity, datasketch's MinHash estimate and how many LSH bands
they share under each banding.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.dedup import _normalize_for_dedup, _UnionFind, find_duplicates

try:  # benchmark-only dependency
    from datasketch import MinHash, MinHashLSH
except ImportError:
    MinHash = MinHashLSH = None

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DATASET = SHARED / "saudinewsnet" / "dataset"
NUM_PERM = 128
SHINGLE_SIZE = 5


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


# --- shared pieces -------------------------------------------------------------------------------


def shingles(normalised: str, k: int = SHINGLE_SIZE) -> list[bytes]:
    """Word ``k``-shingles (UTF-8) of a normalised text (words separated by one space), formed as
    toolkit forms them: a text of fewer than ``k`` words is one shingle; an empty one has none."""
    if not normalised:
        return []
    words = normalised.encode("utf-8").split(b" ")
    if len(words) <= k:
        return [b" ".join(words)]
    return list(map(b" ".join, zip(*(words[i:] for i in range(k)))))


class ShingleSets:
    """Exact shingle sets of normalised texts, built on demand and cached."""

    def __init__(self, normalised: list[str]):
        self.normalised = normalised
        self.cache: dict[int, frozenset[bytes]] = {}

    def get(self, doc: int) -> frozenset[bytes]:
        if doc not in self.cache:
            self.cache[doc] = frozenset(shingles(self.normalised[doc]))
        return self.cache[doc]

    def jaccard(self, i: int, j: int) -> float:
        a, b = self.get(i), self.get(j)
        common = len(a & b)
        return common / (len(a) + len(b) - common)


@dataclass
class Result:
    """One pipeline's outcome: the group representative of every document and its counters."""

    label: str
    root: np.ndarray
    seconds: list[float] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def dropped(self) -> set[int]:
        return set(np.flatnonzero(self.root != np.arange(self.root.size)).tolist())


# --- (a) toolkit ---------------------------------------------------------------------------------


def run_toolkit(texts: list[str], threshold: float) -> tuple[Result, pd.DataFrame]:
    groups = find_duplicates(texts, threshold=threshold, shingle_size=SHINGLE_SIZE,
                             num_perm=NUM_PERM, show_progress=False)
    root = np.arange(len(texts))
    doc = groups["doc_id"].astype(int).to_numpy()
    first = groups.loc[groups["is_first"]].set_index("group")["doc_id"].astype(int)
    root[doc] = groups["group"].map(first).to_numpy(dtype=np.int64)
    info = groups.attrs["duplicates"]
    return Result("toolkit find_duplicates", root, info={
        "candidate_pairs": info["n_candidate_pairs"], "verified_pairs": info["n_verified_pairs"],
        "bands": f"{info['bands']}x{info['rows']}"}), groups


# --- (b) datasketch ------------------------------------------------------------------------------


@dataclass
class Prepared:
    """Normalised texts, exact classes and the datasketch MinHash of every distinct text."""

    normalised: list[str]
    exact_class: np.ndarray          # earliest document with the same normalised text; -1: empty
    distinct: list[int]              # first occurrence of each distinct normalised text
    minhashes: list[Any]             # aligned with ``distinct``
    seconds_normalise: float
    seconds_minhash: float


def datasketch_prepare(texts: list[str], hashfunc: Callable[[bytes], int] | None) -> Prepared:
    """Normalise, find exact copies, MinHash every distinct text (``hashfunc=None``: SHA-1)."""
    t0 = time.perf_counter()
    normalised = [_normalize_for_dedup(text) for text in texts]
    first_of: dict[str, int] = {}
    exact_class = np.full(len(texts), -1, dtype=np.int64)
    for i, text in enumerate(normalised):
        if text:
            exact_class[i] = first_of.setdefault(text, i)
    distinct = np.flatnonzero(exact_class == np.arange(len(texts))).tolist()
    t1 = time.perf_counter()

    options = {} if hashfunc is None else {"hashfunc": hashfunc}
    minhashes = MinHash.bulk((shingles(normalised[d]) for d in distinct),
                              num_perm=NUM_PERM, **options)
    return Prepared(normalised, exact_class, distinct, minhashes, t1 - t0,
                    time.perf_counter() - t1)


def datasketch_lsh(prepared: Prepared, threshold: float, params: tuple[int, int] | None,
                   sets: ShingleSets) -> tuple[np.ndarray, dict[str, Any], float]:
    """Index, query, verify and group; returns ``(root, info, seconds)``."""
    t0 = time.perf_counter()
    if params is None:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    else:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=params)
    for key, minhash in enumerate(prepared.minhashes):
        lsh.insert(key, minhash)
    candidates = []
    for key, minhash in enumerate(prepared.minhashes):
        candidates.extend((key, other) for other in lsh.query(minhash) if other > key)
    candidates.sort()
    n = prepared.exact_class.size
    uf = _UnionFind(n)
    for i in np.flatnonzero(prepared.exact_class >= 0).tolist():
        uf.union(int(prepared.exact_class[i]), i)
    verified = 0
    for i, j in candidates:
        di, dj = prepared.distinct[i], prepared.distinct[j]
        if uf.find(di) != uf.find(dj) and sets.jaccard(di, dj) >= threshold:
            uf.union(di, dj)  # as toolkit: pairs already connected cannot change a group
            verified += 1
    root = np.array([uf.find(i) for i in range(n)], dtype=np.int64)
    info = {"candidate_pairs": len(candidates), "verified_pairs": verified,
            "bands": f"{lsh.b}x{lsh.r}"}
    return root, info, time.perf_counter() - t0


# --- agreement -----------------------------------------------------------------------------------


def near_pairs(root: np.ndarray, exact_class: np.ndarray, sets: ShingleSets, threshold: float
               ) -> set[tuple[int, int]]:
    """Pairs of distinct normalised texts (first occurrences) in one group with exact Jaccard
    >= ``threshold``."""
    size = np.bincount(root, minlength=root.size)
    members: dict[int, list[int]] = {}
    for d in np.flatnonzero((exact_class == np.arange(root.size)) & (size[root] > 1)).tolist():
        members.setdefault(int(root[d]), []).append(d)
    pairs = set()
    for group in members.values():
        for i, j in itertools.combinations(sorted(group), 2):
            if sets.jaccard(i, j) >= threshold:
                pairs.add((i, j))
    return pairs


def jaccard_of(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def shared_bands(x: np.ndarray, y: np.ndarray, bands: int, rows: int) -> int:
    return sum(bool(np.array_equal(x[k * rows:(k + 1) * rows], y[k * rows:(k + 1) * rows]))
               for k in range(bands))


def bands_of(result: Result) -> tuple[int, int]:
    bands, rows = result.info["bands"].split("x")
    return int(bands), int(rows)


def candidate_probability(s: float, bands: int, rows: int) -> float:
    return 1.0 - (1.0 - s**rows) ** bands


# --- report --------------------------------------------------------------------------------------


def show_examples(groups: pd.DataFrame, articles: pd.DataFrame, n: int) -> None:
    """Print ``n`` near groups with edited copies (source, url, first and last words)."""
    shown = 0
    for _, members in groups[groups["kind"] == "near"].groupby("group", sort=True):
        if shown >= n:
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


def show_disagreements(only: list[tuple[int, int]], who: str, prepared: Prepared,
                       sets: ShingleSets, articles: pd.DataFrame, roots: dict[str, np.ndarray],
                       ds_bands: tuple[int, int], tk_bands: tuple[int, int], n: int) -> None:
    local = {d: k for k, d in enumerate(prepared.distinct)}
    # the most telling first: highest exact similarity
    only = sorted(only, key=lambda p: -sets.jaccard(*p))
    picks = only[:max(0, n - 1)] + only[-1:] if len(only) > n else only[:n]
    for i, j in picks:
        s = sets.jaccard(i, j)
        mi, mj = prepared.minhashes[local[i]], prepared.minhashes[local[j]]
        hi, hj = mi.hashvalues, mj.hashvalues
        print(f"\n  pair ({i}, {j}) grouped only by {who}: exact Jaccard {s:.3f} "
              f"({len(sets.get(i))} and {len(sets.get(j))} shingles), datasketch MinHash "
              f"estimate {mi.jaccard(mj):.3f}; shared bands {shared_bands(hi, hj, *ds_bands)}"
              f"/{ds_bands[0]} at {ds_bands[0]}x{ds_bands[1]} "
              f"(P(candidate)={candidate_probability(s, *ds_bands):.2f}), "
              f"{shared_bands(hi, hj, *tk_bands)}/{tk_bands[0]} at {tk_bands[0]}x{tk_bands[1]} "
              f"(P={candidate_probability(s, *tk_bands):.2f})")
        for label, root in roots.items():
            print(f"    {label}: roots {int(root[i])}, {int(root[j])}")
        for d in (i, j):
            article = articles.iloc[d]
            words = article["content"].split()
            print(f"    - {d} {article['source']:12s} {article['url']}")
            print("      start:", " ".join(words[:12]))


#: datasketch variants timed: label -> MinHash ``hashfunc`` (None: its default, SHA-1 via hashlib)
DATASKETCH_HASHES: dict[str, Callable[[bytes], int] | None] = {
    "datasketch, default SHA-1": None,
    "datasketch, hashfunc=zlib.crc32": zlib.crc32,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each, alternating")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--examples", type=int, default=3,
                        help="toolkit near groups to print, to check by eye")
    parser.add_argument("--disagreements", type=int, default=3,
                        help="near pairs to print that only one pipeline groups (each way)")
    parser.add_argument("--exact", action="store_true",
                        help="also time toolkit's method='exact' (normalised-text hashing only)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if not DATASET.is_dir():
        print(f"SaudiNewsNet not found at {DATASET}; nothing to benchmark", file=sys.stderr)
        return 1
    started = time.perf_counter()
    articles = load_articles(DATASET)
    texts = articles["content"].tolist()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"loaded {len(texts):,} articles ({megabytes:.1f} MB of UTF-8 text) "
          f"in {time.perf_counter() - started:.1f} s")
    if args.exact:
        t0 = time.perf_counter()
        exact = find_duplicates(texts, method="exact", show_progress=False)
        exact_seconds = time.perf_counter() - t0
        print(f"toolkit method='exact' (normalise + hash only): {exact_seconds:.1f} s, "
              f"{int((~exact['is_first']).sum()):,} documents to drop")
    variants = dict(DATASKETCH_HASHES) if MinHash is not None else {}
    if not variants:
        print("datasketch is not installed (pip install 'khitab[bench]'); timing toolkit alone",
              file=sys.stderr)

    labels = ["toolkit", *variants]
    seconds: dict[str, list[float]] = {label: [] for label in labels}
    stages: dict[str, list[tuple[float, float, float]]] = {label: [] for label in variants}
    outcome: dict[str, tuple[np.ndarray, dict[str, Any]]] = {}
    prepared: dict[str, Prepared] = {}
    for run in range(args.repeat):
        for label in labels if run % 2 == 0 else labels[::-1]:
            t0 = time.perf_counter()
            if label == "toolkit":
                toolkit, groups = run_toolkit(texts, args.threshold)
            else:
                prepared[label] = datasketch_prepare(texts, variants[label])
                root, info, lsh_seconds = datasketch_lsh(
                    prepared[label], args.threshold, None, ShingleSets(prepared[label].normalised))
                outcome[label] = root, info
                stages[label].append((prepared[label].seconds_normalise,
                                      prepared[label].seconds_minhash, lsh_seconds))
            seconds[label].append(time.perf_counter() - t0)
    toolkit.seconds = seconds["toolkit"]
    results = [toolkit] + [Result(label, outcome[label][0], seconds[label], outcome[label][1])
                           for label in variants]
    report: dict[str, Any] = {"documents": len(texts), "megabytes": round(megabytes, 1),
                              "threshold": args.threshold, "shingle_size": SHINGLE_SIZE,
                              "num_perm": NUM_PERM, "repeat": args.repeat}
    if variants:
        # the fastest datasketch variant is the one compared in detail
        best = min(variants, key=lambda label: statistics.median(seconds[label]))
        ready = prepared[best]
        # same MinHashes, toolkit's banding: what the banding finds, apart from the implementation
        tk_bands = bands_of(toolkit)  # (21, 6) for threshold=0.8, num_perm=128
        root, info, lsh_seconds = datasketch_lsh(ready, args.threshold, tk_bands,
                                                 ShingleSets(ready.normalised))
        stage = [statistics.median(s[k] for s in stages[best]) for k in range(2)]
        results.append(Result(f"{best.split(', ')[1]}, params={tk_bands}", root,
                              [sum(stage) + lsh_seconds], info))
        # the exact classes must be toolkit's (same normaliser, same rule for empty texts): a
        # later member is "exact" in toolkit's table iff its normalised text is its first's
        doc = groups["doc_id"].astype(int).to_numpy()
        same_text = ready.exact_class[doc] == ready.exact_class[toolkit.root[doc]]
        later = ~groups["is_first"].to_numpy(dtype=bool)
        exact_agree = bool(np.array_equal(same_text[later],
                                          (groups["kind"] == "exact").to_numpy(dtype=bool)[later]))
        sets = ShingleSets(ready.normalised)
        pairs = {r.label: near_pairs(r.root, ready.exact_class, sets, args.threshold)
                 for r in results}

    base = statistics.median(toolkit.seconds)
    print(f"\nthreshold={args.threshold}, word {SHINGLE_SIZE}-shingles, num_perm={NUM_PERM}; "
          f"median of {args.repeat} run(s), alternating order, one process; last three columns: "
          "near pairs (distinct texts grouped together, exact Jaccard >= threshold) and Jaccard "
          "agreement with toolkit of the documents to drop and of the near pairs")
    header = (f"{'pipeline':38} {'bands':>5} {'seconds':>7} {'x toolkit':>9} {'candidates':>10} "
              f"{'verified':>8} {'to drop':>7} {'near pairs':>10} {'drop J':>6} {'pairs J':>7}")
    print(header)
    print("-" * len(header))
    rows = []
    for r in results:
        median = statistics.median(r.seconds)
        row = {"pipeline": r.label, "bands": r.info["bands"], "seconds": round(median, 2),
               "runs": [round(s, 2) for s in r.seconds],
               "ratio_to_toolkit": round(median / base, 2),
               "candidate_pairs": r.info["candidate_pairs"],
               "verified_pairs": r.info["verified_pairs"], "docs_to_drop": len(r.dropped)}
        if variants:
            row.update(near_pairs=len(pairs[r.label]),
                       drop_jaccard_vs_toolkit=round(jaccard_of(r.dropped, toolkit.dropped), 4),
                       pair_jaccard_vs_toolkit=round(
                           jaccard_of(pairs[r.label], pairs[toolkit.label]), 4))
        rows.append(row)
        print(f"{r.label:38} {row['bands']:>5} {median:7.1f} {row['ratio_to_toolkit']:9.2f} "
              f"{row['candidate_pairs']:>10,} {row['verified_pairs']:>8,} "
              f"{row['docs_to_drop']:>7,} " + (
                  f"{row['near_pairs']:>10,} {row['drop_jaccard_vs_toolkit']:6.4f} "
                  f"{row['pair_jaccard_vs_toolkit']:7.4f}" if variants else
                  f"{'-':>10} {'-':>6} {'-':>7}"))
    report["results"] = rows
    if args.exact:
        print(f"toolkit minhash without its normalise + exact-hash step (method='exact' time "
              f"subtracted): ~{base - exact_seconds:.1f} s")
        report["toolkit_exact_seconds"] = round(exact_seconds, 2)
    if variants:
        print(f"(the last row re-runs only the LSH, with toolkit's banding, on the MinHashes of "
              f"'{best}'; its seconds add that variant's normalise + MinHash medians)")
        report["datasketch_stages_seconds"] = {}
        for label in variants:
            normalise_s, minhash_s, lsh_s = (statistics.median(s[k] for s in stages[label])
                                             for k in range(3))
            total = statistics.median(seconds[label])
            print(f"{label}: normalise {normalise_s:.1f} s (one _normalize_for_dedup call per "
                  f"text), shingles + MinHash.bulk {minhash_s:.1f} s, MinHashLSH insert + "
                  f"query + verify + union-find {lsh_s:.1f} s; without the normalisation "
                  f"{total - normalise_s:.1f} s (x{(total - normalise_s) / base:.2f} toolkit)")
            report["datasketch_stages_seconds"][label] = {
                "normalise": round(normalise_s, 2), "shingles_minhash": round(minhash_s, 2),
                "lsh_verify_group": round(lsh_s, 2)}
        print(f"exact classes identical in both (same normaliser): {exact_agree}; "
              f"{len(ready.distinct):,} distinct non-empty texts")
        other = next(r for r in results if r.label == best)
        tk_pairs, ds_pairs = pairs[toolkit.label], pairs[best]
        only_tk, only_ds = sorted(tk_pairs - ds_pairs), sorted(ds_pairs - tk_pairs)
        only_drop_tk, only_drop_ds = (toolkit.dropped - other.dropped,
                                      other.dropped - toolkit.dropped)
        print(f"\ntoolkit vs '{best}': near pairs grouped only by toolkit {len(only_tk):,}, only "
              f"by datasketch {len(only_ds):,}; documents dropped only by toolkit "
              f"{len(only_drop_tk):,}, only by datasketch {len(only_drop_ds):,}")
        for only, who in ((only_tk, "toolkit"), (only_ds, "datasketch")):
            if only:
                sims = np.array([sets.jaccard(*p) for p in only])
                print(f"  exact Jaccard of the {who}-only pairs: min {sims.min():.3f}, median "
                      f"{np.median(sims):.3f}, max {sims.max():.3f}")
        report["disagreement"] = {"datasketch_variant": best,
                                  "pairs_only_toolkit": len(only_tk),
                                  "pairs_only_datasketch": len(only_ds),
                                  "docs_dropped_only_toolkit": len(only_drop_tk),
                                  "docs_dropped_only_datasketch": len(only_drop_ds)}
        ds_bands = bands_of(other)
        roots = {r.label: r.root for r in results}
        for only, who in ((only_tk, "toolkit"), (only_ds, "datasketch")):
            show_disagreements(only, who, ready, sets, articles, roots, ds_bands, tk_bands,
                               args.disagreements)
    show_examples(groups, articles, args.examples)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
