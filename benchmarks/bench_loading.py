"""Loading benchmark: the UN General Debate archive, read_corpus vs a plain tarfile + decode loop.

The plain loop (stream the .tgz, skip ``._*`` files, decode UTF-8) is the floor any reader of
this archive can approach; ``read_corpus(..., layout="ungdc")`` also detects encodings, strips
BOMs and CRLF, checks names against the session folders, parses dates, joins the speakers
table and builds the Corpus. Both run in this one process, alternating, ``--repeat`` times;
medians are reported.

    python benchmarks/bench_loading.py [--repeat 3] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNGDC = ROOT.parent / "shared" / "corpora" / "ungdc"
ARCHIVE = UNGDC / "UNGDC_1946-2023_shared-subset.tgz"


def plain_tarfile_loop(path: Path) -> tuple[int, int]:
    """Stream the archive and decode every speech: (documents, bytes of text)."""
    n_docs = n_bytes = 0
    with tarfile.open(path, mode="r|gz") as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if not member.isfile() or name.startswith(".") or not name.endswith(".txt"):
                continue
            data = tar.extractfile(member).read()
            data.decode("utf-8-sig")
            n_docs += 1
            n_bytes += len(data)
    return n_docs, n_bytes


def toolkit_reader(path: Path, layout: str | None, lang: str | None = None) -> tuple[int, int]:
    from toolkit.corpus import read_corpus

    corpus = read_corpus(path, layout=layout, show_progress=False) if layout else read_corpus(
        path, show_progress=False, lang=lang)
    return len(corpus), int(corpus.texts.str.len().sum())


def _time(fn, *args) -> tuple[float, tuple[int, int]]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not ARCHIVE.exists():
        raise SystemExit(f"benchmark needs {ARCHIVE} (../shared/corpora beside the project)")
    labels = ("tarfile + decode (floor)", "read_corpus(layout='ungdc')", "read_corpus(archive, lang='en')",
              "read_corpus(archive), lang detected")
    runs: dict[str, list[float]] = {label: [] for label in labels}
    sizes: dict[str, tuple[int, int]] = {}
    for _ in range(args.repeat):
        for label, fn, fn_args in zip(labels, (plain_tarfile_loop, toolkit_reader, toolkit_reader, toolkit_reader),
                                      ((ARCHIVE,), (UNGDC, "ungdc"), (ARCHIVE, None, "en"), (ARCHIVE, None))):
            seconds, sizes[label] = _time(fn, *fn_args)
            runs[label].append(seconds)
    floor = statistics.median(runs["tarfile + decode (floor)"])
    mb = sizes["tarfile + decode (floor)"][1] / 1e6
    results = []
    print(f"UNGDC archive {ARCHIVE.stat().st_size / 1e6:.1f} MB compressed, {mb:.1f} MB of text; "
          f"median of {args.repeat} runs, one process")
    print(f"{'reader':38} {'docs':>6} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'x floor':>8}")
    for label, times in runs.items():
        median = statistics.median(times)
        docs = sizes[label][0]
        row = {"reader": label, "docs": docs, "seconds": round(median, 2), "docs_per_s": round(docs / median),
               "mb_per_s": round(mb / median, 1), "ratio_to_floor": round(median / floor, 2)}
        results.append(row)
        print(f"{label:38} {docs:6d} {median:8.2f} {row['docs_per_s']:8d} {row['mb_per_s']:6.1f} "
              f"{row['ratio_to_floor']:8.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
