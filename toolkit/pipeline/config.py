"""The analysis file: one YAML file naming the corpus, units, dictionary, periods, statistics, figures and seed.

:func:`load_analysis` reads and checks it and returns an :class:`Analysis`; every mistake is an
:class:`~toolkit.errors.AnalysisError` naming the file and line and saying how to fix
it (an unknown key, with the closest known one; a wrong type; a value out of range; a corpus
path that does not exist; a frame the dictionary does not have). The schema is documented,
section by section, in ``analyses/README.md``; a minimal file::

    corpus:
      path: ../corpora/my_communiques     # relative to this file
    seed: 20240101

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yml").write_text("synthetic: {n_documents: 40}\\nseed: 7\\nperiods: {freq: yaer}\\n")
>>> load_analysis(folder / "a.yml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
toolkit.errors.AnalysisError: .../a.yml, line 3: periods.freq: 'yaer' is not allowed; ...'year'?)
>>> _ = (folder / "a.yml").write_text("synthetic: {n_documents: 40}\\nseed: 7\\ncomparisons:\\n"
...     "  - {name: after, frames: military, before: [2001, 2005], after: [2006, 2010]}\\n")
>>> analysis = load_analysis(folder / "a.yml")
>>> analysis.units, analysis.periods.freq, analysis.comparisons[0].before
('paragraph', 'year', ('2001-01-01', '2005-12-31'))
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import AnalysisError
from toolkit.pipeline.yamlfile import Fields, as_date, load_yaml, plain

__all__ = ["Analysis", "ChangePointsConfig", "Comparison", "CorpusConfig", "FiguresConfig", "FramesConfig",
           "PeriodsConfig", "TrendsConfig", "load_analysis"]

UNITS = ("paragraph", "sentence", "document")
MEASURES = ("share", "rate", "score")
FREQS = ("year", "quarter", "month")
TESTS = ("permutation", "bootstrap")
CP_METHODS = ("pelt", "binseg")
CP_PENALTIES = ("bic", "aic")
FIGURE_KINDS = ("trends", "trend_facets", "shares", "heatmap")
FIGURE_FORMATS = ("png", "svg", "pdf")
LABEL_LANGS = ("en", "fr", "ar")
_TOP = ("toolkit_analysis", "name", "description", "corpus", "synthetic", "units", "preprocess", "dictionary",
        "frames", "periods", "trends", "comparisons", "change_points", "figures", "seed", "output")
_CORPUS = ("path", "layout", "query", "include", "exclude", "format", "filename_pattern", "lang", "source",
           "drop_duplicates")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class CorpusConfig:
    """Where the documents come from: a file or folder read by :func:`toolkit.read_corpus`, or synthetic.

    ``path`` is absolute (resolved against the analysis file's folder); ``options`` are further
    :func:`toolkit.read_corpus` options (``include``, ``exclude``, ``format``,
    ``filename_pattern``, ``lang``, ``source``); ``query`` keeps the documents whose docvars
    satisfy it (:meth:`toolkit.Corpus.subset`); ``drop_duplicates`` is the similarity threshold
    above which later copies are dropped (None keeps them). ``synthetic`` holds the options of
    :func:`toolkit.datasets.make_communiques` instead of a path.
    """

    path: Path | None = None
    layout: str | None = None
    query: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    drop_duplicates: float | None = None
    synthetic: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class FramesConfig:
    """Which frames, how a unit's frame is measured, and when a frame counts as present."""

    select: tuple[str, ...] | None = None
    measure: str = "share"
    thresholds: float | Mapping[str, float] | None = None


@dataclass(frozen=True)
class PeriodsConfig:
    """Calendar periods (``freq``) or periods between break dates (``breaks``, optional ``labels``)."""

    freq: str | None = "year"
    breaks: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TrendsConfig:
    """Options of :func:`toolkit.compare.frame_trends` (cluster bootstrap per period)."""

    ci: float = 0.95
    n_boot: int = 1000
    cluster: str | None = "doc_id"
    min_units: int = 20
    min_clusters: int = 5
    by: str | None = None


@dataclass(frozen=True)
class Comparison:
    """One comparison of two date ranges (inclusive ISO dates), for one or more frames or categories."""

    name: str
    frames: tuple[str, ...]
    before: tuple[str, str]
    after: tuple[str, str]
    measure: str = "share"
    test: str = "permutation"
    n_resamples: int = 2000
    ci: float = 0.95


@dataclass(frozen=True)
class ChangePointsConfig:
    """Options of :func:`toolkit.compare.change_points`, run on each frame's trend."""

    enabled: bool = True
    method: str = "pelt"
    penalty: str | float = "bic"
    min_size: int = 2
    n_boot: int = 500


@dataclass(frozen=True)
class FiguresConfig:
    """Which figures, in which formats, with labels in which language."""

    kinds: tuple[str, ...] = ("trends", "shares", "heatmap")
    formats: tuple[str, ...] = FIGURE_FORMATS
    lang: str = "en"
    dpi: int = 300
    heatmap_row: str = "period"


@dataclass(frozen=True)
class Analysis:
    """A checked analysis file. Build it with :func:`load_analysis`.

    ``source`` is the analysis file (None for a mapping given in code), ``base`` the folder
    relative paths were resolved against, ``lines`` the line of each setting (dotted names such
    as ``"corpus.path"``, ``"comparisons.0"``) for errors found while running.
    """

    name: str
    corpus: CorpusConfig
    seed: int
    output: Path
    description: str | None = None
    units: str = "paragraph"
    preprocess: Mapping[str, Any] = field(default_factory=dict)
    dictionary: str = "terrorism_frames"
    frames: FramesConfig = field(default_factory=FramesConfig)
    periods: PeriodsConfig = field(default_factory=PeriodsConfig)
    trends: TrendsConfig = field(default_factory=TrendsConfig)
    comparisons: tuple[Comparison, ...] = ()
    change_points: ChangePointsConfig = field(default_factory=ChangePointsConfig)
    figures: FiguresConfig = field(default_factory=FiguresConfig)
    source: Path | None = field(default=None, compare=False)
    base: Path = field(default_factory=Path.cwd, compare=False)
    lines: Mapping[str, int | None] = field(default_factory=dict, compare=False, repr=False)

    def error(self, key: str, message: str) -> AnalysisError:
        """An :class:`AnalysisError` at the line of setting ``key`` (e.g. ``"corpus.query"``)."""
        line = self.lines.get(key)
        while line is None and "." in key:
            key = key.rsplit(".", 1)[0]
            line = self.lines.get(key)
        return AnalysisError(message, path=str(self.source) if self.source else None, line=line)

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready data (paths as strings; ``source``, ``base``, ``lines`` left out).

        >>> a = load_analysis({"synthetic": {"n_documents": 10}, "seed": 1, "output": "out"})
        >>> a.to_dict()["trends"]["n_boot"], a.to_dict()["corpus"]["synthetic"]
        (1000, {'n_documents': 10})
        """
        out = asdict(self)
        for key in ("source", "base", "lines"):
            out.pop(key)
        return _jsonable(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _iso_dates(value: Any) -> Any:
    """YAML dates (``start: 2001-01-01`` unquoted) as ISO strings, in lists and mappings too."""
    import datetime as _dt

    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _iso_dates(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------- loading
def load_analysis(source: str | os.PathLike[str] | Mapping[str, Any], *, base: str | os.PathLike[str] | None = None,
                  check_paths: bool = True) -> Analysis:
    """Read and check an analysis file (or a mapping with the same keys).

    Parameters
    ----------
    source : path or mapping
        A YAML file (UTF-8), or the same settings as a mapping.
    base : path, optional
        The folder relative paths are resolved against: by default the analysis file's folder,
        or the current folder for a mapping.
    check_paths : bool
        Check that the corpus path and a dictionary file exist.

    Returns
    -------
    Analysis

    Raises
    ------
    AnalysisError
        With the file and line of the offending setting: invalid YAML, an unknown key, a value of
        the wrong type or out of range, both or neither of ``corpus`` and ``synthetic``, a missing
        ``seed``, a corpus path that does not exist, frames the dictionary does not define.
    FileNotFoundError
        If the analysis file itself does not exist.
    """
    path: str | None = None
    if isinstance(source, Mapping):
        data: Any = source
        root = Path(base) if base is not None else Path.cwd()
    else:
        file = Path(source)
        if not file.is_file():
            raise FileNotFoundError(f"{file}: no such analysis file; see analyses/README.md for the format")
        path = str(file)
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise AnalysisError(f"the file is not UTF-8 (byte at offset {err.start}); save it as UTF-8",
                                path=path) from None
        data = load_yaml(text, path)
        root = Path(base) if base is not None else file.resolve().parent
    return _Builder(path, root.resolve(), check_paths).build(data)


class _Builder:
    def __init__(self, path: str | None, base: Path, check_paths: bool) -> None:
        self.path, self.base, self.check_paths = path, base, check_paths
        self.lines: dict[str, int | None] = {}

    def fields(self, data: Any, where: str, allowed: tuple[str, ...], prefix: str, line: int | None = None) -> Fields:
        f = Fields(data, where, self.path, allowed=allowed, line=line)
        self.lines[prefix] = f.line()
        for key, key_line in f.lines.items():
            self.lines[f"{prefix}.{key}" if prefix else key] = key_line
        return f

    def build(self, data: Any) -> Analysis:
        top = self.fields(data, "the top level", _TOP, "", line=1 if self.path else None)
        version = top.integer("toolkit_analysis", 1)
        if version != 1:
            raise top.error("toolkit_analysis", f"toolkit_analysis: {version} is not a version this toolkit reads "
                                                "(it reads 1)")
        if "seed" not in top:
            raise top.error(None, "no 'seed': add a line such as 'seed: 20240101'; every random step (bootstrap, "
                                  "permutations, synthetic data) draws from it, so a run can be repeated exactly")
        seed = top.integer("seed", minimum=0)
        name = top.text("name") or (Path(self.path).stem if self.path else "analysis")
        if not _NAME.match(name):
            raise top.error("name", f"name {name!r} must be letters, digits, '_', '-' or '.' (it names folders)")
        corpus = self.corpus(top)
        units = top.text("units", "paragraph", allowed=UNITS)
        preprocess = self.preprocess(top)
        dictionary, frames_known, categories = self.dictionary(top)
        frames = self.frames(top, frames_known)
        periods = self.periods(top)
        trends = self.trends(top)
        comparisons = self.comparisons(top, frames_known, categories, frames.measure, trends.ci)
        change_points = self.change_points(top)
        figures = self.figures(top, trends)
        output = top.text("output")
        out_path = (self.base / output) if output else self.base / "results" / name
        return Analysis(name=name, description=top.text("description"), corpus=corpus, seed=int(seed),
                        output=Path(os.path.normpath(out_path)), units=str(units), preprocess=preprocess,
                        dictionary=dictionary, frames=frames, periods=periods, trends=trends,
                        comparisons=comparisons, change_points=change_points, figures=figures,
                        source=Path(self.path).resolve() if self.path else None, base=self.base, lines=self.lines)

    # ------------------------------------------------------------------ sections
    def corpus(self, top: Fields) -> CorpusConfig:
        if ("corpus" in top) == ("synthetic" in top):
            raise top.error("corpus" if "corpus" in top else None,
                            "give either 'corpus:' (a path to your documents) or 'synthetic:' (generated "
                            "communiqués), " + ("not both" if "corpus" in top else "one of them"))
        if "synthetic" in top:
            return CorpusConfig(synthetic=self.synthetic(top))
        f = self.fields(top.raw("corpus"), "'corpus'", _CORPUS, "corpus", top.line("corpus"))
        if "path" not in f:
            raise f.error(None, "corpus needs 'path:', the file, folder or archive to read (relative to the "
                                "analysis file)")
        corpus_path = Path(os.path.normpath(self.base / str(f.text("path"))))
        if self.check_paths and not corpus_path.exists():
            raise f.error("path", f"corpus path {corpus_path} does not exist; write it relative to the folder of "
                                  "the analysis file")
        from toolkit.corpus.layouts import LAYOUTS

        layout = f.text("layout", allowed=sorted(LAYOUTS))
        if layout is not None:
            clash = [k for k in ("filename_pattern", "lang", "source") if k in f]
            if clash:
                raise f.error(clash[0], f"layout {layout!r} sets {clash[0]} itself; drop it, or drop the layout")
        options: dict[str, Any] = {}
        for key in ("include", "exclude"):
            if key in f:
                options[key] = list(f.text_list(key) or ())
        for key in ("format", "filename_pattern", "lang", "source"):
            if key in f:
                options[key] = f.text(key)
        dedup = f.raw("drop_duplicates")
        threshold = None
        if dedup is True:
            threshold = 0.8
        elif dedup not in (None, False):
            threshold = f.number("drop_duplicates", low=0.0, high=1.0, open_interval=True)
        query = f.text("query")
        return CorpusConfig(path=corpus_path, layout=layout, query=query, options=options, drop_duplicates=threshold)

    def synthetic(self, top: Fields) -> dict[str, Any]:
        data = top.raw("synthetic")
        try:
            from toolkit.datasets import make_communiques
        except ImportError:  # the generator is not installed in this tree: checked when the corpus is made
            make_communiques = None
        allowed = tuple(p for p in inspect.signature(make_communiques).parameters) if make_communiques \
            else tuple(k for k in (data or {}) if isinstance(k, str) and k != "__line__")
        f = self.fields(data, "'synthetic'", allowed, "synthetic", top.line("synthetic"))
        if "random_state" in f:
            raise f.error("random_state", "synthetic.random_state: the synthetic corpus draws from the analysis "
                                          "'seed'; remove this key")
        return {k: _iso_dates(plain(v)) for k, v in f.values.items()}

    def preprocess(self, top: Fields) -> dict[str, Any]:
        from dataclasses import fields as dc_fields

        from toolkit.text.preprocess import Preprocessor

        names = tuple(x.name for x in dc_fields(Preprocessor) if x.init)
        f = self.fields(top.raw("preprocess"), "'preprocess'", names, "preprocess", top.line("preprocess"))
        options = {k: plain(v) for k, v in f.values.items()}
        try:
            Preprocessor(**options)
        except (TypeError, ValueError) as err:
            key = next((k for k in options if k in str(err)), None)
            raise f.error(key, f"preprocess: {err}") from None
        return options

    def dictionary(self, top: Fields) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        from toolkit.errors import DictionaryError
        from toolkit.frames.dictionary import builtin_dictionaries, load_dictionary

        value = top.text("dictionary", "terrorism_frames")
        assert value is not None
        if value not in builtin_dictionaries():
            file = Path(os.path.normpath(self.base / value))
            if not file.exists():
                if not self.check_paths:
                    return str(file), (), ()
                raise top.error("dictionary", f"dictionary {value!r} is neither a built-in dictionary "
                                              f"({', '.join(builtin_dictionaries())}) nor a file ({file} does not "
                                              "exist)")
            value = str(file)
        try:
            d = load_dictionary(value)
        except DictionaryError as err:
            raise top.error("dictionary", f"the dictionary cannot be read: {err}") from None
        return value, tuple(d.frames), tuple(d.categories)

    def frames(self, top: Fields, known: tuple[str, ...]) -> FramesConfig:
        f = self.fields(top.raw("frames"), "'frames'", ("select", "measure", "thresholds"), "frames",
                        top.line("frames"))
        select = f.text_list("select", allowed=known or None)
        measure = f.text("measure", "share", allowed=MEASURES)
        raw = f.raw("thresholds")
        thresholds: Any = None
        if isinstance(raw, Mapping):
            t = self.fields(raw, "'frames.thresholds'", known or tuple(k for k in raw if k != "__line__"),
                            "frames.thresholds", f.line("thresholds"))
            thresholds = {k: t.number(k, low=0.0, open_interval=True) for k in t.values}
        elif raw is not None:
            thresholds = f.number("thresholds", low=0.0, open_interval=True)
        return FramesConfig(select=select, measure=str(measure), thresholds=thresholds)

    def periods(self, top: Fields) -> PeriodsConfig:
        f = self.fields(top.raw("periods"), "'periods'", ("freq", "breaks", "labels"), "periods", top.line("periods"))
        if "freq" in f and "breaks" in f:
            raise f.error("breaks", "periods: give either 'freq' (calendar periods) or 'breaks' (dates starting "
                                    "new periods), not both")
        if "breaks" not in f:
            if "labels" in f:
                raise f.error("labels", "periods.labels name the periods between 'breaks'; add breaks or drop labels")
            return PeriodsConfig(freq=f.text("freq", "year", allowed=FREQS))
        raw = f.raw("breaks")
        items = raw if isinstance(raw, list) else [raw]
        breaks = []
        for item, line in zip(items, f.item_lines("breaks")):
            date = as_date(item)
            if date is None:
                raise AnalysisError(f"periods.breaks: {item!r} is not a date; write e.g. 2001-09-11 or 2015",
                                    path=self.path, line=line)
            breaks.append(date)
        if breaks != sorted(set(breaks)):
            raise f.error("breaks", "periods.breaks must be distinct dates in increasing order")
        labels = f.text_list("labels")
        if labels is not None and len(labels) != len(breaks) + 1:
            raise f.error("labels", f"periods.labels: {len(breaks)} breaks make {len(breaks) + 1} periods, but "
                                    f"{len(labels)} labels are given")
        return PeriodsConfig(freq=None, breaks=tuple(breaks), labels=labels)

    def trends(self, top: Fields) -> TrendsConfig:
        f = self.fields(top.raw("trends"), "'trends'", ("ci", "n_boot", "cluster", "min_units", "min_clusters", "by"),
                        "trends", top.line("trends"))
        cluster = f.raw("cluster", "doc_id")
        if cluster not in (None, False):
            cluster = f.text("cluster", "doc_id")
        return TrendsConfig(ci=float(f.number("ci", 0.95, low=0.0, high=1.0, open_interval=True) or 0.95),
                            n_boot=int(f.integer("n_boot", 1000, minimum=50) or 1000), cluster=cluster or None,
                            min_units=int(f.integer("min_units", 20, minimum=1) or 1),
                            min_clusters=int(f.integer("min_clusters", 5, minimum=1) or 1), by=f.text("by"))

    def comparisons(self, top: Fields, known: tuple[str, ...], categories: tuple[str, ...], measure: str,
                    ci: float) -> tuple[Comparison, ...]:
        raw = top.raw("comparisons")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise top.error("comparisons", "comparisons must be a list, each item starting with '- name: ...'")
        out: list[Comparison] = []
        for i, (item, line) in enumerate(zip(raw, top.item_lines("comparisons"))):
            prefix = f"comparisons.{i}"
            f = self.fields(item, f"comparison {i + 1}", ("name", "frames", "before", "after", "measure", "test",
                                                          "n_resamples", "ci"), prefix, line)
            missing = [k for k in ("name", "frames", "before", "after") if k not in f]
            if missing:
                raise f.error(None, f"comparison {i + 1} lacks {', '.join(missing)}; e.g. '- {{name: after_2001, "
                                    "frames: military, before: [1990, 2000], after: [2002, 2010]}'")
            name = str(f.text("name"))
            if not _NAME.match(name) or name in {c.name for c in out}:
                raise f.error("name", f"comparison name {name!r} must be unique and made of letters, digits, "
                                      "'_', '-' or '.'")
            kind = str(f.text("measure", measure, allowed=MEASURES))
            allowed = (categories if kind == "rate" else known) or None
            frames = f.text_list("frames", allowed=allowed) or ()
            before, after = self.date_range(f, "before"), self.date_range(f, "after")
            out.append(Comparison(name=name, frames=frames, before=before, after=after, measure=kind,
                                  test=str(f.text("test", "permutation", allowed=TESTS)),
                                  n_resamples=int(f.integer("n_resamples", 2000, minimum=99) or 2000),
                                  ci=float(f.number("ci", ci, low=0.0, high=1.0, open_interval=True) or ci)))
        return tuple(out)

    def date_range(self, f: Fields, key: str) -> tuple[str, str]:
        raw = f.raw(key)
        if not isinstance(raw, list) or len(raw) != 2:
            raise f.error(key, f"{key} must be [start, end] (inclusive), e.g. [1990, 2000] or "
                               "[1990-01-01, 2000-12-31]")
        start, end = as_date(raw[0]), as_date(raw[1], end=True)
        if start is None or end is None:
            bad = raw[0] if start is None else raw[1]
            raise f.error(key, f"{key}: {bad!r} is not a date; write e.g. 1990, 1990-06 or 1990-06-30")
        if end < start:
            raise f.error(key, f"{key}: the end {end} comes before the start {start}")
        return start, end

    def change_points(self, top: Fields) -> ChangePointsConfig:
        raw = top.raw("change_points")
        if isinstance(raw, bool):
            return ChangePointsConfig(enabled=raw)
        f = self.fields(raw, "'change_points'", ("enabled", "method", "penalty", "min_size", "n_boot"),
                        "change_points", top.line("change_points"))
        penalty: Any = f.raw("penalty", "bic")
        penalty = f.number("penalty", low=0.0) if isinstance(penalty, (int, float)) and not isinstance(penalty, bool) \
            else f.text("penalty", "bic", allowed=CP_PENALTIES)
        return ChangePointsConfig(enabled=f.boolean("enabled", True),
                                  method=str(f.text("method", "pelt", allowed=CP_METHODS)), penalty=penalty,
                                  min_size=int(f.integer("min_size", 2, minimum=1) or 2),
                                  n_boot=int(f.integer("n_boot", 500, minimum=1) or 500))

    def figures(self, top: Fields, trends: TrendsConfig) -> FiguresConfig:
        raw = top.raw("figures")
        if isinstance(raw, list) or isinstance(raw, str):
            raw = {"kinds": raw, "__line__": top.line("figures")}
        f = self.fields(raw, "'figures'", ("kinds", "formats", "lang", "dpi", "heatmap_row"), "figures",
                        top.line("figures"))
        kinds = f.text_list("kinds", FiguresConfig.kinds, allowed=FIGURE_KINDS) or ()
        if "trend_facets" in kinds and trends.by is None:
            raise f.error("kinds", "figure 'trend_facets' draws one panel per group: set trends.by (e.g. lang or "
                                   "source), or drop trend_facets")
        formats = f.text_list("formats", FIGURE_FORMATS, allowed=FIGURE_FORMATS) or ()
        if kinds and not formats:
            raise f.error("formats", "figures.formats is empty; list at least one of png, svg, pdf")
        return FiguresConfig(kinds=kinds, formats=formats, lang=str(f.text("lang", "en", allowed=LABEL_LANGS)),
                             dpi=int(f.integer("dpi", 300, minimum=50) or 300),
                             heatmap_row=str(f.text("heatmap_row", "period")))
