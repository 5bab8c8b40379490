"""The ``toolkit keyness`` and ``toolkit collocations`` commands (registered by :mod:`toolkit.cli`).

::

    toolkit keyness PATH --target QUERY [--reference QUERY] [--measure g2|g2_4term|chi2|fisher|pmi]
                         [--correction none|yates|williams] [--effect log_ratio|...] [--adjust none|bonferroni|bh|by]
                         [--min-freq N] [--min-docs N] [-n N] [--json] [-o OUT.csv]
                         [--layout NAME] [--filename-pattern P] [--include GLOB] [--strict]
    toolkit collocations PATH WORD [--window N | --span LEFT RIGHT] [--unit window|sentence|paragraph|document]
                         [--measures pmi,g2,...] [--sort-by MEASURE] [--min-count N] [--stop-words]
                         [--subset QUERY] [-n N] [--json] [-o OUT.csv]
                         [--layout NAME] [--filename-pattern P] [--include GLOB] [--strict]

``QUERY`` selects documents by their docvars (:func:`toolkit.selection.docvars_mask`), e.g.
``"year >= 2001"``, ``"date >= '2015-12-15'"`` or ``"period == 'after'"``; without
``--reference`` the reference is the rest of the corpus. ``keyness`` prints the ``-n`` features
the target over-uses most and the ``-n`` the reference over-uses most, with their frequencies,
signed statistic, p-value and effect size; ``--json`` prints one JSON object: ``parameters``
(what was compared and how: the table's attrs) and ``rows`` (the same rows, every column, each
with its statistic value). ``-o`` writes the whole table as CSV. ``collocations`` does the same
for the collocates of ``WORD`` (a word or a glob such as ``terror*``; Arabic proclitics are
handled, so ``إرهاب`` finds والإرهاب).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.cli_args import LAYOUT_HELP, PATTERN_HELP, count_arg

__all__ = ["add_commands", "run"]

_MEASURES = ("g2", "g2_4term", "chi2", "fisher", "pmi")
_CORRECTIONS = ("none", "yates", "williams")
_EFFECTS = ("log_ratio", "pct_diff", "odds_ratio", "log_odds_ratio", "simple_maths", "log_odds_dirichlet",
            "log_odds_dirichlet_delta")
_ADJUST = ("none", "bonferroni", "bh", "by")
_COLLOCATION_MEASURES = ("pmi", "g2", "t", "chi2", "dice", "logdice", "mi3")
_KEYNESS_SHOWN = ("feature", "target_freq", "reference_freq", "statistic", "p_adjusted", "effect")


def _positive_arg(value: str) -> int:
    """An argparse type: a whole number >= 1."""
    number = count_arg(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return number


def _measures_arg(value: str) -> tuple[str, ...]:
    """An argparse type: comma-separated collocation measures."""
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in names if v not in _COLLOCATION_MEASURES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(f"expected measures among {', '.join(_COLLOCATION_MEASURES)} separated by "
                                         f"commas, got {value!r}")
    return names


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="corpus: a file, folder, archive or .parquet")
    parser.add_argument("--layout", help=LAYOUT_HELP)
    parser.add_argument("--filename-pattern", help=PATTERN_HELP)
    parser.add_argument("--include", action="append", metavar="GLOB",
                        help="read only files matching this glob (repeatable), e.g. '*_200[1-5].txt'")
    parser.add_argument("--strict", action="store_true", help="stop at the first bad file or record")


def _add_output(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-n", type=count_arg, default=20, metavar="N",
                        help=f"{what} to print (default 20; 0: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object: parameters and rows")
    parser.add_argument("-o", "--out", type=Path, help="write the whole table to this CSV file")


def add_commands(commands: Any) -> None:
    """Add ``keyness`` and ``collocations`` to the ``toolkit`` sub-command parser."""
    keyness = commands.add_parser("keyness", help="words a target set of documents over- or under-uses",
                                  description="Keyness of every word of the target documents against the "
                                  "reference documents (default: the rest of the corpus).")
    _add_input(keyness)
    keyness.add_argument("--target", required=True, metavar="QUERY",
                         help="docvars query selecting the target, e.g. \"year >= 2001\"")
    keyness.add_argument("--reference", metavar="QUERY", help="docvars query selecting the reference "
                         "(default: every document not in the target)")
    keyness.add_argument("--measure", default="g2", choices=_MEASURES,
                         help="test statistic: 2-term log-likelihood (default), 4-term, chi-square, Fisher, PMI")
    keyness.add_argument("--correction", default="none", choices=_CORRECTIONS,
                         help="williams (with g2_4term) or yates (with chi2)")
    keyness.add_argument("--effect", default="log_ratio", choices=_EFFECTS, help="effect size (default Log Ratio)")
    keyness.add_argument("--adjust", default="none", choices=_ADJUST, help="multiple-testing adjustment of p-values")
    keyness.add_argument("--min-freq", type=count_arg, default=1, help="minimum frequency in target + reference")
    keyness.add_argument("--min-docs", type=count_arg, default=1, help="minimum documents (target + reference)")
    _add_output(keyness, "words per side")

    colloc = commands.add_parser("collocations", help="words that occur near a word, with association measures",
                                 description="Collocates of WORD with PMI, log-likelihood, t-score, chi-square, "
                                 "Dice, logDice and MI3.")
    _add_input(colloc)
    colloc.add_argument("word", help="the node: a word or glob (terror*, إرهاب, '=exact')")
    span = colloc.add_mutually_exclusive_group()
    span.add_argument("--window", type=_positive_arg, help="tokens each side of the node (default 5)")
    span.add_argument("--span", type=count_arg, nargs=2, metavar=("LEFT", "RIGHT"),
                      help="tokens to the left and to the right, e.g. --span 0 1")
    colloc.add_argument("--unit", default="window", choices=["window", "sentence", "paragraph", "document"],
                        help="count in windows (default) or in units holding both words")
    colloc.add_argument("--measures", type=_measures_arg, default=_COLLOCATION_MEASURES,
                        help="comma-separated measures (default all)")
    colloc.add_argument("--sort-by", help="column to sort by, descending (default g2)")
    colloc.add_argument("--min-count", type=_positive_arg, default=2, help="minimum co-occurrences (default 2)")
    colloc.add_argument("--stop-words", action="store_true",
                        help="leave out the stop words of each document's language (they still count in windows)")
    colloc.add_argument("--subset", metavar="QUERY", help="only documents matching this docvars query")
    _add_output(colloc, "collocates")


def _corpus(args: argparse.Namespace) -> Any:
    from toolkit.corpus import Corpus, read_corpus

    if args.path.suffix == ".parquet" and args.layout is None and args.path.is_file():
        corpus = Corpus.read_parquet(args.path)
        if args.include:
            raise ValueError("--include selects files to read; a .parquet corpus is one file: select documents "
                             "with a query instead")
        return corpus
    options: dict[str, Any] = {"include": args.include} if args.include else {}
    if args.filename_pattern:
        options["filename_pattern"] = args.filename_pattern
    return read_corpus(args.path, layout=args.layout, strict=args.strict, **options)


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    from toolkit.atomic import atomic_path

    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8")
    print(f"wrote {len(table):,} rows to {path}", file=sys.stderr)


def _print_json(parameters: dict[str, Any], rows: pd.DataFrame) -> None:
    records = json.loads(rows.to_json(orient="records", force_ascii=False))  # NaN -> null
    print(json.dumps({"parameters": parameters, "rows": records}, ensure_ascii=False, indent=2, default=str))


def _keyness(args: argparse.Namespace) -> int:
    from toolkit.keywords.keyness import keyness

    table = keyness(_corpus(args), args.target, args.reference, measure=args.measure,
                    correction=args.correction, effect=args.effect, adjust=args.adjust, min_freq=args.min_freq,
                    min_docs=args.min_docs)
    if args.out:
        _write_csv(table, args.out)
    if args.n:
        over, under = table[table["statistic"] > 0], table[table["statistic"] < 0]
        rows = pd.concat([over.head(args.n), under.tail(args.n).iloc[::-1]])
    else:
        rows = table
    attrs = table.attrs
    if args.json:
        _print_json(dict(attrs), rows)
        return 0
    reference = repr(attrs["reference"]) if attrs.get("reference") else "the rest of the corpus"
    print(f"keyness of {attrs['target']!r} ({attrs['n_target_docs']:,} documents, {attrs['target_total']:,} "
          f"tokens) against {reference} ({attrs['n_reference_docs']:,} documents, {attrs['reference_total']:,} "
          f"tokens)")
    print(f"measure {attrs['measure']}, correction {attrs['correction']}, effect {attrs['effect']}, p-values "
          f"adjusted: {attrs['adjust']}; {attrs['n_features_tested']:,} words tested; statistic > 0: "
          "over-used in the target")
    shown = rows[list(_KEYNESS_SHOWN)]
    print(shown.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    return 0


def _collocations(args: argparse.Namespace) -> int:
    from toolkit.keywords.collocations import collocations

    corpus = _corpus(args)
    if args.subset:
        corpus = corpus.subset(args.subset)
    options: dict[str, Any] = {"span": tuple(args.span)} if args.span else {"window": args.window or 5}
    table = collocations(corpus, args.word, unit=args.unit, measures=args.measures, sort_by=args.sort_by,
                         min_count=args.min_count, stop_words=True if args.stop_words else None, **options)
    if args.out:
        _write_csv(table, args.out)
    rows = table.head(args.n) if args.n else table
    attrs = table.attrs
    if args.json:
        _print_json(dict(attrs), rows)
        return 0
    forms = ", ".join(f"{form} ({count:,})" for form, count in list(attrs["node_forms"].items())[:8]) or "none"
    where = (f"window {attrs['span'][0]} left, {attrs['span'][1]} right" if attrs["unit"] == "window"
             else f"{attrs['unit']}s holding both words")
    print(f"collocates of {args.word!r} ({where}; {attrs['n_tokens']:,} tokens); node forms: {forms}")
    print(f"{len(table):,} collocates with at least {attrs['min_count']} co-occurrences, sorted by {attrs['sort_by']}")
    if len(rows):
        shown = ["collocate", "observed", "expected", *attrs["measures"]]
        print(rows[shown].to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    return 0


def run(args: argparse.Namespace) -> int:
    """Dispatch a parsed ``keyness`` or ``collocations`` command."""
    return {"keyness": _keyness, "collocations": _collocations}[args.command](args)
