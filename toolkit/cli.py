"""The ``toolkit`` command.

::

    toolkit corpus info PATH [--layout NAME] [--json]
    toolkit corpus convert PATH OUT.parquet [--layout NAME]
    toolkit corpus list [--json]
    toolkit corpus fetch NAME [--dest corpora] [--from-file FILE] [--sha256 HEX] [--allow-unverified] [--force]
    toolkit run ANALYSIS.yml [-o OUT] [--force] [--quiet]
    toolkit demo [--out DIR] [--quiet]
    toolkit frames count PATH [--layout NAME] [--dictionary NAME|FILE] [--unit paragraph] [--by year] [-o OUT.csv]
    toolkit frames validate --gold FILE [--dictionary NAME|FILE] [--json]
    toolkit frames list
    toolkit kwic PATH PATTERN [--window N] [--html OUT.html]
    toolkit keyness PATH --target QUERY [--reference QUERY] [--measure g2|chi2|...] [-n N] [--json]
    toolkit collocations PATH WORD [--window N] [-n N] [--json]
    toolkit topics PATH [--k 10] [--seeded] [--by year] [-o OUTDIR]
    toolkit topics select-k PATH --k 5 10 15 20 [--seeds 0 1 2] [-o OUT.csv]

Exit status: 0 on success, 1 when the input cannot be read or a download fails, 2 on a usage
error. Errors are printed as one line on stderr, naming the file and what to do.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from toolkit.errors import ToolkitError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``toolkit`` command."""
    from toolkit import __version__

    parser = argparse.ArgumentParser(prog="toolkit", description="Arabic-first discourse analysis of "
                                     "official communiqués.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    corpus = commands.add_parser("corpus", help="load, describe, convert and fetch corpora")
    sub = corpus.add_subparsers(dest="corpus_command", required=True)

    layout_help = ("named layout: ungdc, saudinewsnet, ant, us_presidential_speeches, unsc_resolutions, "
                   "un_charter, seed (default: detect formats file by file)")
    info = sub.add_parser("info", help="documents, tokens, dates, languages, sources and skipped files")
    info.add_argument("path", type=Path)
    info.add_argument("--layout", help=layout_help)
    info.add_argument("--filename-pattern", help="metadata from file names, e.g. '{country}_{session}_{year}.txt'")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    info.add_argument("--strict", action="store_true", help="stop at the first bad file or record")

    convert = sub.add_parser("convert", help="read a corpus and write it to one Parquet file")
    convert.add_argument("path", type=Path)
    convert.add_argument("out", type=Path)
    convert.add_argument("--layout", help=layout_help)
    convert.add_argument("--filename-pattern")
    convert.add_argument("--strict", action="store_true")

    listing = sub.add_parser("list", help="the corpora in the registry")
    listing.add_argument("--json", action="store_true")

    fetch = sub.add_parser("fetch", help="download a registered corpus into corpora/NAME/ (checksummed)")
    fetch.add_argument("name")
    fetch.add_argument("--dest", type=Path, default=Path("corpora"))
    fetch.add_argument("--from-file", type=Path, help="install a file you downloaded by hand")
    fetch.add_argument("--allow-unverified", action="store_true",
                       help="accept a file when the registry has no checksum for it")
    fetch.add_argument("--sha256", help="expected SHA-256 of the file (overrides the registry)")
    fetch.add_argument("--force", action="store_true", help="download again even if present")

    run = commands.add_parser("run", help="run an analysis file: frames over time, comparisons, figures, report",
                              description="Run an analysis file (YAML; see analyses/README.md) end to end. Stages "
                              "whose inputs did not change are reused from OUT/.cache.")
    run.add_argument("analysis", type=Path, help="the analysis file, e.g. analyses/ungdc.yml")
    run.add_argument("-o", "--output", type=Path, help="output folder (default: the file's 'output')")
    run.add_argument("--force", action="store_true", help="recompute every stage, ignoring the cache")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bars; print only where the outputs are")

    demo = commands.add_parser("demo", help="run the main job end to end on a synthetic corpus (offline)")
    demo.add_argument("--out", type=Path, default=Path("figures") / "demo")
    demo.add_argument("-q", "--quiet", action="store_true", help="no progress bars; print only where the outputs are")

    from toolkit.cli_frames import add_commands

    add_commands(commands)
    from toolkit.cli_keywords import add_commands as add_keyword_commands

    add_keyword_commands(commands)
    from toolkit.cli_topics import add_commands as add_topic_commands

    add_topic_commands(commands)
    return parser


def _read(args: argparse.Namespace):
    from toolkit.corpus import read_corpus

    return read_corpus(args.path, layout=args.layout, strict=args.strict,
                       **({"filename_pattern": args.filename_pattern} if args.filename_pattern else {}))


def _cmd_info(args: argparse.Namespace) -> int:
    corpus = _read(args)
    summary = corpus.describe()
    if args.json:
        payload = summary.to_dict()
        payload["skipped"] = corpus.skipped.to_dict("records")
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        print(summary)
        if len(corpus.skipped):
            print("\nskipped files:")
            for row in corpus.skipped.head(20).itertuples():
                print(f"  {row.path}: {row.reason}")
            if len(corpus.skipped) > 20:
                print(f"  ... {len(corpus.skipped) - 20} more (use --json for all)")
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    corpus = _read(args)
    out = corpus.to_parquet(args.out)
    print(f"wrote {len(corpus):,} documents to {out}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from toolkit.corpus.registry import load_registry

    registry = load_registry()
    if args.json:
        print(json.dumps({name: entry.to_dict() for name, entry in registry.items()},
                         ensure_ascii=False, indent=2, default=str))
    else:
        for name, entry in registry.items():
            print(f"{name:26} {entry.licence or '?':18} {entry.title}")
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from toolkit.corpus.fetch import fetch_corpus

    path = fetch_corpus(args.name, dest=args.dest, from_file=args.from_file,
                        allow_unverified=args.allow_unverified, force=args.force, sha256=args.sha256)
    print(f"{args.name} is in {path}")
    return 0


def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _cmd_run(args: argparse.Namespace) -> int:
    from toolkit.pipeline import run_analysis

    result = run_analysis(args.analysis, output=args.output, force=args.force, progress=_progress(args))
    print(f"outputs in {result.output}" if args.quiet else result.summary())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from toolkit.demo import run_demo

    out = run_demo(args.out, verbose=not args.quiet, progress=_progress(args))
    if args.quiet:
        print(f"outputs in {out.resolve()}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    handlers = {"info": _cmd_info, "convert": _cmd_convert, "list": _cmd_list, "fetch": _cmd_fetch}
    try:
        if args.command == "demo":
            return _cmd_demo(args)
        if args.command == "run":
            return _cmd_run(args)
        if args.command in ("frames", "kwic"):
            from toolkit.cli_frames import run

            return run(args)
        if args.command in ("keyness", "collocations"):
            from toolkit.cli_keywords import run as run_keywords

            return run_keywords(args)
        if args.command == "topics":
            from toolkit.cli_topics import run as run_topics

            return run_topics(args)
        return handlers[args.corpus_command](args)
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (keeps Python from failing at exit)
        return 0
    except (ToolkitError, FileNotFoundError, ValueError, OSError) as err:
        print(f"toolkit: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
