"""The ``toolkit frames`` and ``toolkit kwic`` commands (registered by :mod:`toolkit.cli`).

::

    toolkit frames count PATH [--layout NAME] [--filename-pattern P] [--dictionary NAME|FILE]
                              [--unit paragraph] [--context paragraph] [--by year] [-o OUT.csv] [--hits HITS.csv]
    toolkit frames validate --gold FILE [--dictionary NAME|FILE] [--json] [--no-baseline] [--n-boot N]
    toolkit frames list
    toolkit kwic PATH PATTERN [--window N] [--layout NAME] [--filename-pattern P] [--unit paragraph]
                              [-o OUT.csv] [--html OUT.html]

``PATTERN`` is one dictionary pattern (``terror*``, ``"financing of terror*"``, ``إرهاب``) or, with
``--dictionary``, ignored in favour of the dictionary's entries (``--category`` picks some).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from toolkit.cli_args import LAYOUT_HELP, PATTERN_HELP, count_arg

__all__ = ["add_commands", "run"]

_DICT_HELP = "built-in dictionary name or a dictionary file (.yml, .dic, .csv); default terrorism_frames"



def add_commands(commands: Any) -> None:
    """Add ``frames`` and ``kwic`` to the ``toolkit`` sub-command parser."""
    frames = commands.add_parser("frames", help="count frames with a dictionary, validate a dictionary")
    sub = frames.add_subparsers(dest="frames_command", required=True)

    count = sub.add_parser("count", help="frame counts per document, paragraph or sentence")
    count.add_argument("path", type=Path, help="corpus: a file, folder, archive or .parquet")
    count.add_argument("--layout", help=LAYOUT_HELP)
    count.add_argument("--filename-pattern", help=PATTERN_HELP)
    count.add_argument("--dictionary", default="terrorism_frames", help=_DICT_HELP)
    count.add_argument("--unit", default="document", choices=["document", "paragraph", "sentence"])
    count.add_argument("--context", choices=["document", "paragraph", "sentence"],
                       help="span within which phrases, exclusions and scope rules apply (default paragraph)")
    count.add_argument("--by", action="append", help="pool counts by a docvar or year/quarter/month/decade "
                       "(repeatable)")
    count.add_argument("-o", "--out", type=Path, help="write the table to this CSV file (else print a summary)")
    count.add_argument("--hits", type=Path, help="also write every hit (doc, unit, entry, surface) to this CSV")
    count.add_argument("--strict", action="store_true", help="stop at the first bad file or record")
    count.add_argument("--no-progress", action="store_true")

    validate = sub.add_parser("validate", help="precision, recall, F1 of a dictionary on hand-coded units")
    validate.add_argument("--gold", type=Path, required=True, help="JSONL gold file (unit_id, lang, text, frames)")
    validate.add_argument("--dictionary", default="terrorism_frames", help=_DICT_HELP)
    validate.add_argument("--json", action="store_true", help="print one JSON object")
    validate.add_argument("--no-baseline", action="store_true", help="skip the supervised baseline")
    validate.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for intervals")
    validate.add_argument("--seed", type=int, default=0)
    validate.add_argument("-o", "--out", type=Path, help="also write the full report as JSON here")

    listing = sub.add_parser("list", help="the built-in dictionaries")
    listing.set_defaults(frames_command="list")

    kwic = commands.add_parser("kwic", help="keyword in context for a pattern or a dictionary")
    kwic.add_argument("path", type=Path)
    kwic.add_argument("pattern", nargs="?", help="a word, glob or phrase (omit with --dictionary)")
    kwic.add_argument("--dictionary", help=_DICT_HELP)
    kwic.add_argument("--category", action="append", help="with --dictionary: only these categories")
    kwic.add_argument("--window", type=int, default=5, help="tokens of context on each side")
    kwic.add_argument("--layout", help=LAYOUT_HELP)
    kwic.add_argument("--filename-pattern", help=PATTERN_HELP)
    kwic.add_argument("--unit", default="document", choices=["document", "paragraph", "sentence"])
    kwic.add_argument("--limit", type=count_arg, default=50, help="lines to print (all are written with -o/--html)")
    kwic.add_argument("-o", "--out", type=Path, help="write all lines to this CSV file")
    kwic.add_argument("--html", type=Path, help="write all lines to an HTML page (Arabic right to left)")
    kwic.add_argument("--strict", action="store_true")


def _corpus(args: argparse.Namespace) -> Any:
    from toolkit.corpus import Corpus, read_corpus

    if args.path.suffix == ".parquet" and args.layout is None and args.path.is_file():
        return Corpus.read_parquet(args.path)
    return read_corpus(args.path, layout=args.layout, strict=args.strict,
                       **({"filename_pattern": args.filename_pattern} if args.filename_pattern else {}))


def _write_csv(table: Any, path: Path, *, index: bool = False) -> None:
    from toolkit.atomic import atomic_path

    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=index, encoding="utf-8")


def _count(args: argparse.Namespace) -> int:
    from toolkit.frames.counting import assign, count_frames, frame_hits
    from toolkit.frames.dictionary import load_dictionary
    from toolkit.frames.grouping import aggregate_counts
    from toolkit.frames.matcher import Matcher

    corpus = _corpus(args)
    dictionary = load_dictionary(args.dictionary)
    matcher = Matcher(dictionary)
    options = {"unit": args.unit, "matcher": matcher, **({"context": args.context} if args.context else {})}
    counts = count_frames(corpus, dictionary, progress=not args.no_progress, **options)
    frames = list(dictionary.frames)
    if args.hits:
        hits = frame_hits(corpus, dictionary, **options)
        _write_csv(hits, args.hits)
        print(f"wrote {len(hits):,} hits to {args.hits}", file=sys.stderr)
    if args.by:
        table = aggregate_counts(counts, args.by, frames=frames, assigned=assign(counts, dictionary=dictionary))
        if args.out:
            _write_csv(table, args.out, index=True)
            print(f"wrote {len(table):,} groups to {args.out}", file=sys.stderr)
        else:
            shown = ["n_units", "n_tokens", *[f"{f}_rate" for f in frames], *[f"{f}_share" for f in frames]]
            print(table[shown].round(3).to_string())
        return 0
    if args.out:
        _write_csv(counts, args.out)
        print(f"wrote {len(counts):,} {args.unit} rows to {args.out}", file=sys.stderr)
        return 0
    assigned = assign(counts, dictionary=dictionary)
    print(f"{len(counts):,} {args.unit} units, {int(counts['n_tokens'].sum()):,} tokens, dictionary "
          f"{dictionary.name or args.dictionary} ({dictionary.fingerprint})")
    print(f"{'frame':14} {'hits':>8} {'per 1,000 tokens':>17} {'units with frame':>17}")
    total = counts["n_tokens"].sum()
    for frame in frames:
        hits = int(counts[frame].sum())
        rate = 1000 * hits / total if total else float("nan")
        print(f"{frame:14} {hits:>8,} {rate:>17.3f} {assigned[frame].mean():>16.1%}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from toolkit.frames.validation import validate

    report = validate(args.dictionary, args.gold, n_boot=args.n_boot, random_state=args.seed,
                      baseline=not args.no_baseline)
    if args.out:
        report.to_json(args.out)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(report.summary_text())
    return 0


def _list(args: argparse.Namespace) -> int:
    from toolkit.frames.dictionary import builtin_dictionaries, load_dictionary

    for name in builtin_dictionaries():
        d = load_dictionary(name)
        print(f"{name:22} v{d.version or '?':6} {len(d):5} entries  frames: {', '.join(d.frames)}  "
              f"languages: {', '.join(d.languages)}")
    return 0


def _kwic(args: argparse.Namespace) -> int:
    from toolkit.frames.concordance import kwic, kwic_to_html
    from toolkit.frames.dictionary import load_dictionary

    if args.pattern is None and args.dictionary is None:
        raise ValueError("give a PATTERN (e.g. 'terror*') or --dictionary NAME")
    # kwic() reads a plain string as a pattern, so a dictionary file must be loaded first
    target = load_dictionary(args.dictionary) if args.dictionary else args.pattern
    label = (target.name or args.dictionary) if args.dictionary else args.pattern
    table = kwic(_corpus(args), target, window=args.window, unit=args.unit, category=args.category)
    if args.out:
        _write_csv(table, args.out)
    if args.html:
        kwic_to_html(table, args.html, title=f"KWIC: {label}")
    if args.out or args.html:
        print(f"wrote {len(table):,} lines", file=sys.stderr)
    for row in table.head(args.limit).itertuples():
        # left and right keep the space next to the match; Arabic lines read right to left
        print(f"{row.doc_id}\t{row.left}[{row.match}]{row.right}")
    if len(table) > args.limit:
        print(f"... {len(table) - args.limit:,} more lines (use -o or --html to keep all)", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Dispatch a parsed ``frames`` or ``kwic`` command."""
    if args.command == "kwic":
        return _kwic(args)
    return {"count": _count, "validate": _validate, "list": _list}[args.frames_command](args)
