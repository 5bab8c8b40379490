"""The ``toolkit topics`` command (registered by :mod:`toolkit.cli`).

::

    toolkit topics PATH [--k K] [--seeded [--dictionary NAME|FILE]] [--by year|none|DOCVAR] [-o OUTDIR]
                        [--language LANG] [--method lda|nmf] [--seed N] [--max-iter N] [--min-df N] [--max-df X]
                        [--max-features N] [--n-top N] [-n N] [--no-paragraphs] [--n-draws N] [--quiet]
                        [--layout NAME] [--filename-pattern P] [--include GLOB] [--strict] [--corpora-dir DIR]
    toolkit topics select-k PATH --k K [K ...] [--seeds N [N ...]] [--measures perplexity,c_npmi,...]
                        [--held-out X] [--seeded] [-o OUT.csv] (and the same input and vocabulary options)

``PATH`` is a corpus file, folder, archive or ``.parquet``, or the name of a registered corpus
(``ungdc``, ``ant`` ...: ``toolkit corpus list``) found in ``--corpora-dir`` (default: the
``TOOLKIT_CORPORA`` environment variable, else ``corpora/``). ``toolkit topics PATH ...`` is
short for ``toolkit topics fit PATH ...``: it fits a topic model (:func:`toolkit.topics.analyse_topics`)
and prints each topic's label, share and top terms; ``-o OUTDIR`` writes ``topics.csv``,
``top_terms.csv``, ``document_topics.csv``, ``prevalence.csv``, ``representative.csv`` and
``model.json``. ``select-k`` fits every K with every random seed (:func:`toolkit.topics.select_k`)
and prints one row of diagnostics per fit. Progress goes to stderr (bars when it is a terminal).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from toolkit.cli_args import LAYOUT_HELP, PATTERN_HELP, count_arg

__all__ = ["add_commands", "run"]

_FIT_EXAMPLES = """examples:
  toolkit topics ungdc --corpora-dir ../shared/corpora --k 12 --seeded --by year -o out/ungdc-topics
  toolkit topics corpus.parquet --k 8 --language ar --max-iter 50
  toolkit topics speeches/ --filename-pattern '{country}_{session}_{year}.txt' --by year --k 10 -o out
"""
_SELECT_EXAMPLES = """examples (select-k):
  toolkit topics select-k ungdc --corpora-dir ../shared/corpora --k 5 10 15 20 --seeds 0 1 2 -o k.csv
  toolkit topics select-k corpus.parquet --k 4 8 --measures perplexity,exclusivity --max-iter 30
"""
_MEASURES = ("perplexity", "c_npmi", "c_v", "c_uci", "u_mass", "exclusivity", "semantic_coherence", "stability")
_DEFAULT_MEASURES = ("perplexity", "c_npmi", "exclusivity", "semantic_coherence")


class _AnyCommand(dict):
    """``choices`` of the ``topics`` sub-commands that contain every word, so that argparse passes PATH on to
    :class:`_FitByDefault` instead of rejecting it (the parsers themselves stay in ``_name_parser_map``)."""

    def __contains__(self, key: object) -> bool:
        return True


class _FitByDefault(argparse._SubParsersAction):
    """Sub-commands of ``topics``, where a first word that names none of them (PATH) means ``fit``."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if values and values[0] not in self._name_parser_map:
            values = ["fit", *values]
        super().__call__(parser, namespace, values, option_string)


def _positive(value: str) -> int:
    number = count_arg(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return number


def _share(value: str) -> float:
    """A document frequency: a proportion in (0, 1] or a whole number of documents."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number <= 0 or (number > 1 and not number.is_integer()):
        raise argparse.ArgumentTypeError(f"expected a proportion in (0, 1] or a whole number of documents, got {value!r}")
    return int(number) if number > 1 or value.strip().isdigit() else number


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {value!r}")
    return number


def _measures(value: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in names if v not in _MEASURES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(f"expected measures among {', '.join(_MEASURES)} separated by commas, "
                                         f"got {value!r}")
    return names


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="corpus: a file, folder, archive or .parquet, or a registered corpus name "
                        "(ungdc, ant, ...; see `toolkit corpus list`)")
    parser.add_argument("--layout", help=LAYOUT_HELP)
    parser.add_argument("--filename-pattern", help=PATTERN_HELP)
    parser.add_argument("--include", action="append", metavar="GLOB",
                        help="read only files matching this glob (repeatable), e.g. '*_20[01]?.txt'")
    parser.add_argument("--strict", action="store_true", help="stop at the first bad file or record")
    parser.add_argument("--corpora-dir", type=Path, metavar="DIR",
                        help="folder holding registered corpora (default: $TOOLKIT_CORPORA, else corpora/)")
    parser.add_argument("--language", metavar="LANG", help="keep only documents in this language (ar, fr, en)")
    parser.add_argument("--min-df", type=_share, default=5,
                        help="drop words in fewer documents than this (a count, or a proportion; default 5)")
    parser.add_argument("--max-df", type=_share, default=0.9,
                        help="drop words in more documents than this (a proportion, or a count; default 0.9)")
    parser.add_argument("--max-features", type=_positive, help="keep only the most frequent words")
    parser.add_argument("--max-iter", type=_positive, default=100, help="EM iterations at most (default 100)")
    parser.add_argument("--seeded", action="store_true",
                        help="seed one topic per category of --dictionary (the four frames by default)")
    parser.add_argument("--dictionary", default="terrorism_frames", metavar="NAME|FILE",
                        help="with --seeded: built-in dictionary or dictionary file (default terrorism_frames)")
    parser.add_argument("--method", default="lda", choices=["lda", "nmf"], help="topic model (default lda)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def add_commands(commands: Any) -> None:
    """Add ``topics`` (with ``fit``, the default, and ``select-k``) to the ``toolkit`` sub-command parser."""
    topics = commands.add_parser(
        "topics", help="topic models: topics, top terms, representative texts, prevalence over time; choice of K",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="%(prog)s [fit] PATH [--k K] [--seeded] [--by year] [-o OUTDIR] [options]\n"
              "       %(prog)s select-k PATH --k K [K ...] [--seeds N [N ...]] [-o OUT.csv] [options]",
        description="Fit a topic model (LDA, optionally seeded with frame words) and describe it, or compare "
        "numbers of topics. `toolkit topics PATH ...` is short for `toolkit topics fit PATH ...`.",
        epilog=_FIT_EXAMPLES + "\n" + _SELECT_EXAMPLES)
    sub = topics.add_subparsers(dest="topics_command", required=True, metavar="[fit|select-k] PATH",
                                action=_FitByDefault)

    fit = sub.add_parser("fit", prog=f"{topics.prog} fit", help="fit and describe a topic model (the default)",
                         formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_FIT_EXAMPLES,
                         description="Fit a topic model and print each topic's label, share and top terms; "
                         "-o writes topics, top terms, document-topic proportions, representative documents "
                         "and paragraphs, prevalence over time (with intervals) and model.json.")
    _add_input(fit)
    fit.add_argument("--k", type=_positive, default=10, help="number of topics, seeded ones included (default 10)")
    fit.add_argument("--by", default="year", help="time for prevalence: a docvar or year, quarter, month, date; "
                     "'none' to skip (default year)")
    fit.add_argument("--seed", type=count_arg, default=0, help="random seed (default 0)")
    fit.add_argument("--n-top", type=_positive, default=10, help="top terms per topic (default 10)")
    fit.add_argument("-n", "--n-representative", type=_positive, default=5,
                     help="representative documents and paragraphs per topic (default 5)")
    fit.add_argument("--no-paragraphs", action="store_true", help="representative documents only (faster)")
    fit.add_argument("--n-draws", type=_positive, default=100, help="posterior draws for prevalence intervals")
    fit.add_argument("-o", "--out", type=Path, metavar="OUTDIR", help="write the tables and model.json here")

    select = sub.add_parser("select-k", prog=f"{topics.prog} select-k", help="diagnostics for several numbers of topics and random seeds",
                            formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_SELECT_EXAMPLES,
                            description="Fit a model for every K and seed and print held-out perplexity, "
                            "coherence (NPMI over sliding windows of the texts), exclusivity and semantic "
                            "coherence, one row per fit.")
    _add_input(select)
    select.add_argument("--k", type=_positive, nargs="+", required=True, help="numbers of topics, e.g. 5 10 15 20")
    select.add_argument("--seeds", type=count_arg, nargs="+", default=[0, 1, 2], metavar="N",
                        help="random seeds, one fit each (default 0 1 2)")
    select.add_argument("--measures", type=_measures, default=_DEFAULT_MEASURES,
                        help=f"comma-separated, among {', '.join(_MEASURES)} (default {','.join(_DEFAULT_MEASURES)})")
    select.add_argument("--held-out", type=_fraction, default=0.2,
                        help="share of documents held out for perplexity (default 0.2)")
    select.add_argument("-o", "--out", type=Path, metavar="OUT.csv", help="write the table to this CSV file")
    sub.choices = _AnyCommand(sub.choices)


# ---------------------------------------------------------------------- running
def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr)


def _corpus(args: argparse.Namespace) -> Any:
    """The corpus named by PATH: a path that exists, else a registered corpus name."""
    from toolkit.corpus import Corpus, read_corpus
    from toolkit.corpus.locate import open_corpus
    from toolkit.corpus.registry import KNOWN_LAYOUTS, load_registry

    path = Path(args.path)
    options: dict[str, Any] = {"strict": args.strict, "show_progress": _progress(args)}
    if args.include:
        options["include"] = args.include
    if args.filename_pattern:
        options["filename_pattern"] = args.filename_pattern
    if path.exists():
        if path.suffix == ".parquet" and path.is_file() and args.layout is None:
            if args.include:
                raise ValueError(f"{path}: --include selects files to read; a .parquet corpus is one file")
            return Corpus.read_parquet(path)
        return read_corpus(path, layout=args.layout, **options)
    names = set(load_registry()) | set(KNOWN_LAYOUTS)
    if args.path in names:
        if args.layout is not None:
            raise ValueError(f"{args.path!r} is a registered corpus read with its own layout; drop --layout "
                             "or give the corpus's path")
        return open_corpus(args.path, corpora_dir=args.corpora_dir, **options)
    raise FileNotFoundError(f"{path}: no such file or folder, and not a registered corpus name "
                            f"({', '.join(sorted(names))}); give a corpus path or one of those names")


def _read(args: argparse.Namespace) -> Any:
    corpus = _corpus(args)
    _say(args, f"read {len(corpus):,} documents from {args.path}")
    if len(corpus.skipped):
        _say(args, f"({len(corpus.skipped):,} files skipped: `toolkit corpus info` lists them)")
    return corpus


def _seeds(args: argparse.Namespace) -> Any:
    if args.seeded:
        return args.dictionary  # a built-in name or a file: TopicModel loads it
    if args.dictionary != "terrorism_frames":
        raise ValueError("--dictionary names the seed words of --seeded; add --seeded or drop --dictionary")
    return None


def _fit(args: argparse.Namespace) -> int:
    from toolkit.topics.analysis import analyse_topics

    corpus = _read(args)
    by = None if args.by.lower() == "none" else args.by
    _say(args, f"fitting {args.k} topics ({args.method}{', seeded' if args.seeded else ''}, at most "
         f"{args.max_iter} iterations)")
    result = analyse_topics(corpus, n_components=args.k, seeds=_seeds(args), method=args.method, by=by,
                            language=args.language, min_df=args.min_df, max_df=args.max_df,
                            max_features=args.max_features, max_iter=args.max_iter, n_top=args.n_top,
                            n_representative=args.n_representative,
                            representative=("document",) if args.no_paragraphs else ("document", "paragraph"),
                            n_draws=args.n_draws, random_state=args.seed, progress=_progress(args))
    fit = result.params["fit"]
    converged = {True: "converged", False: "not converged: raise --max-iter", None: ""}[fit["converged"]]
    _say(args, f"{fit['n_documents']:,} documents x {fit['n_features']:,} words, {fit['n_iter']} iterations "
         f"{converged}".rstrip())
    if args.out:
        written = result.save(args.out)
        _say(args, f"wrote {', '.join(p.name for p in written.values())} to {args.out}")
    shown = result.topics[["topic", "label", "proportion", "prob_terms", "frex_terms"]].copy()
    shown["proportion"] = shown["proportion"].map(lambda v: f"{v:.1%}")
    for row in shown.itertuples(index=False):
        print(f"{row.topic:>2} {row.label:<14} {row.proportion:>6}  {row.prob_terms}")
        print(f"{'':>24}FREX: {row.frex_terms}")
    if result.prevalence is None:
        reason = result.params["analysis"]["prevalence"].get("skipped", "--by none")
        _say(args, f"no prevalence table ({reason})")
    return 0


def _select(args: argparse.Namespace) -> int:
    from toolkit.atomic import atomic_path
    from toolkit.topics.analysis import coherence_texts, topic_dtm
    from toolkit.topics.selection import select_k

    corpus = _read(args)
    m = topic_dtm(corpus, language=args.language, min_df=args.min_df, max_df=args.max_df,
                  max_features=args.max_features)
    _say(args, f"{m.n_docs:,} documents x {m.n_features:,} words; fitting K = {' '.join(map(str, args.k))} with "
         f"seeds {' '.join(map(str, args.seeds))}")
    texts = None
    if any(name in ("c_npmi", "c_v", "c_uci") for name in args.measures):
        texts = coherence_texts(corpus, m)
    params: dict[str, Any] = {"max_iter": args.max_iter}
    seeds = _seeds(args)
    if seeds is not None:
        params["seeds"] = seeds
    table = select_k(m, args.k, seeds=args.seeds, method=args.method, held_out=args.held_out,
                     measures=args.measures, texts=texts, params=params)
    if args.out:
        with atomic_path(args.out) as tmp:
            table.to_csv(tmp, index=False, encoding="utf-8")
        _say(args, f"wrote {len(table):,} rows to {args.out}")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    return 0


def run(args: argparse.Namespace) -> int:
    """Dispatch a parsed ``topics`` command."""
    return {"fit": _fit, "select-k": _select}[args.topics_command](args)
