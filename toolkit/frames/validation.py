"""Validate a frame dictionary against hand-labelled gold units, with a supervised baseline.

:func:`validate` matches the dictionary in every gold unit (:class:`~toolkit.frames.matcher.Matcher`),
decides which frames each unit carries with the same rule as frame counting
(:func:`toolkit.frames.counting.assign`), and compares the result with the gold labels, per
language and pooled: precision, recall, F1, Cohen's kappa and the confusion counts of every frame,
macro and micro averages, and percentile-bootstrap confidence intervals
(:mod:`toolkit.frames.metrics`). It lists the dictionary entries behind each false positive with
their keyword-in-context lines, and the units each frame missed. As a yardstick it also
cross-validates a supervised classifier on the same gold units (TF-IDF and logistic regression,
per language), so one can see whether the dictionary is competitive.

Gold files are JSON Lines, one unit a line, with at least ``unit_id``, ``lang``, ``text`` and
``frames`` (a list of frame names, possibly empty); other keys are kept (:func:`read_gold`).

Examples
--------
>>> import pandas as pd
>>> from toolkit.frames.dictionary import Dictionary
>>> d = Dictionary.from_dict({"military": ["troops", "army"], "financial": ["financing", "funds"]})
>>> gold = pd.DataFrame({
...     "unit_id": ["u1", "u2", "u3", "u4"], "lang": "en",
...     "text": ["The army and troops.", "Financing of terrorism.", "Army funds.", "A meeting."],
...     "frames": [["military"], ["financial"], ["financial"], []]})
>>> report = validate(d, gold, n_boot=50, baseline=False)
>>> report.scores[["lang", "frame", "precision", "recall", "f1", "fp"]]
  lang      frame  precision  recall  f1  fp
0   en   military        0.5     1.0  0.666667   1
1   en  financial        1.0     1.0  1.000000   0
2  all   military        0.5     1.0  0.666667   1
3  all  financial        1.0     1.0  1.000000   0
>>> report.false_positive_entries[["frame", "entry", "n_units"]].to_dict("records")
[{'frame': 'military', 'entry': 'army', 'n_units': 1}]
>>> round(report.to_dict()["languages"]["en"]["macro_f1"], 3)
0.833
"""

from __future__ import annotations

import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.atomic import write_text
from toolkit.errors import CorpusFormatError, invalid_value_message
from toolkit.frames import metrics
from toolkit.frames.baseline import BASELINE_METHOD, cross_validated_baseline
from toolkit.frames.concordance import char_context
from toolkit.frames.counting import assign
from toolkit.frames.dictionary import Dictionary, load_dictionary
from toolkit.frames.matcher import Hit, Matcher
from toolkit.text.preprocess import Preprocessor

__all__ = ["ValidationReport", "read_gold", "validate"]

logger = logging.getLogger(__name__)

ALL = "all"  #: ``lang`` value of the rows pooling every language
GOLD_KEYS = ("unit_id", "lang", "text", "frames")
_RULES = ("threshold", "dominant")
_SCORES = ("score", "count")
_WS = re.compile(r"\s+")


# ---------------------------------------------------------------------- gold
def read_gold(source: str | os.PathLike[str] | pd.DataFrame) -> pd.DataFrame:
    """Read gold frame labels: a JSON Lines file (or a DataFrame already loaded), one unit a row.

    Parameters
    ----------
    source : path or pandas.DataFrame
        A file with one JSON object a line (blank lines are skipped), in the layout of
        ``../shared/gold/frames-dev.jsonl``: ``unit_id`` (unique), ``lang``, ``text`` and
        ``frames`` (list of frame names, possibly empty), plus any other keys. A DataFrame needs
        the same columns; ``frames`` may hold lists, tuples or arrays.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_id``, ``lang``, ``text``, ``frames`` (tuples of str, duplicates dropped),
        then the other keys in order of first appearance. ``attrs["path"]`` is the file read.

    Raises
    ------
    toolkit.errors.CorpusFormatError
        Naming the file and line (or DataFrame row): invalid JSON, a line that is not an object,
        a missing key, an empty ``unit_id``/``lang``, ``text`` not a string, ``frames`` not a list
        of strings, a duplicate ``unit_id``, or no units at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = path.write_text('{"unit_id": "a", "lang": "en", "text": "Troops.", "frames": ["military"], '
    ...                     '"note": "x"}\\n', encoding="utf-8")
    >>> read_gold(path).to_dict("records")
    [{'unit_id': 'a', 'lang': 'en', 'text': 'Troops.', 'frames': ('military',), 'note': 'x'}]
    >>> _ = path.write_text('{"unit_id": "a", "lang": "en", "text": "", "frames": "military"}\\n')
    >>> read_gold(path)
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusFormatError: ...gold.jsonl, line 1: 'frames' must be a list of frame names ...
    """
    if isinstance(source, pd.DataFrame):
        missing = [k for k in GOLD_KEYS if k not in source.columns]
        if missing:
            raise CorpusFormatError(f"gold DataFrame lacks column(s) {missing}; gold units need columns "
                                    f"{list(GOLD_KEYS)}")
        records = [(None, i + 1, rec) for i, rec in enumerate(source.to_dict("records"))]
        path = source.attrs.get("path")
    elif isinstance(source, (str, os.PathLike)):
        path = str(source)
        records = list(_jsonl_records(Path(source)))
    else:
        raise TypeError(f"gold must be a path or a pandas DataFrame, got {type(source).__name__}")
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for line, row, rec in records:
        where = {"path": path, "line": line, "row": None if line else row}
        unit = _check_unit(rec, where)
        place = f"line {line}" if line else f"row {row}"
        if unit["unit_id"] in seen:
            raise CorpusFormatError(f"duplicate unit_id {unit['unit_id']!r} (first at {seen[unit['unit_id']]}); "
                                    "every gold unit needs its own id", **where)
        seen[unit["unit_id"]] = place
        rows.append(unit)
    if not rows:
        raise CorpusFormatError("no gold units found; expected one JSON object a line with keys "
                                f"{list(GOLD_KEYS)}", path=path)
    columns = list(GOLD_KEYS) + [k for k in dict.fromkeys(k for r in rows for k in r) if k not in GOLD_KEYS]
    out = pd.DataFrame(rows, columns=columns)
    out["frames"] = pd.Series([r["frames"] for r in rows], index=out.index, dtype=object)
    out.attrs["path"] = path
    return out


def _jsonl_records(path: Path) -> Iterable[tuple[int, None, Any]]:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (gold units); give a JSON Lines file with one unit a line "
                                f"(keys {', '.join(GOLD_KEYS)}), e.g. ../shared/gold/frames-dev.jsonl")
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield lineno, None, json.loads(raw)
            except json.JSONDecodeError as err:
                raise CorpusFormatError(f"invalid JSON ({err.msg} at column {err.colno}); each line must be one "
                                        "JSON object such as {\"unit_id\": ..., \"lang\": ..., \"text\": ..., "
                                        "\"frames\": [...]}", path=str(path), line=lineno) from err


def _check_unit(rec: Any, where: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(rec, Mapping):
        raise CorpusFormatError(f"a gold unit must be a JSON object, got {type(rec).__name__}", **where)
    missing = [k for k in GOLD_KEYS if k not in rec]
    if missing:
        raise CorpusFormatError(f"missing key(s) {missing}; every gold unit needs {list(GOLD_KEYS)}", **where)
    unit = dict(rec)
    uid = unit["unit_id"]
    if isinstance(uid, (int, np.integer)) and not isinstance(uid, bool):
        uid = str(uid)
    if not isinstance(uid, str) or not uid:
        raise CorpusFormatError(f"'unit_id' must be a non-empty string, got {uid!r}", **where)
    if not isinstance(unit["lang"], str) or not unit["lang"]:
        raise CorpusFormatError(f"'lang' must be a language code such as 'ar', got {unit['lang']!r}", **where)
    if not isinstance(unit["text"], str):
        raise CorpusFormatError(f"'text' must be a string, got {type(unit['text']).__name__}", **where)
    frames = unit["frames"]
    if isinstance(frames, np.ndarray):
        frames = frames.tolist()
    if not isinstance(frames, (list, tuple)) or not all(isinstance(f, str) and f for f in frames):
        raise CorpusFormatError(f"'frames' must be a list of frame names (possibly empty), got {frames!r}; "
                                'write e.g. "frames": ["military"] or "frames": []', **where)
    unit.update(unit_id=uid, frames=tuple(dict.fromkeys(frames)))
    return unit


# ---------------------------------------------------------------------- report
def _nan_to_none(value: Any) -> Any:
    if value is pd.NA:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


@dataclass(eq=False, repr=False)
class ValidationReport:
    """What :func:`validate` found: scores, intervals, errors to inspect, and the baseline.

    Rows with ``lang == "all"`` (:data:`ALL`) pool the units of every language.

    Attributes
    ----------
    dictionary, dictionary_fingerprint, preprocessor : str or None
        Name and fingerprint of the dictionary, fingerprint of the preprocessor.
    gold : str or None
        The gold file, when read from one.
    settings : dict
        ``rule``, ``score``, ``thresholds``, ``n_boot``, ``ci``, ``random_state``.
    frames, languages : tuple of str
    scores : pandas.DataFrame
        One row per language and frame: lang, frame, precision, recall, f1, f1_low, f1_high,
        kappa, support, tp, fp, fn, tn.
    summary : pandas.DataFrame
        One row per language: n_units, macro_precision, macro_recall, macro_f1, macro_f1_low,
        macro_f1_high, micro_precision, micro_recall, micro_f1, micro_f1_low, micro_f1_high,
        baseline_macro_f1.
    predictions : pandas.DataFrame
        One row per unit: unit_id, lang, gold and predicted frames (tuples), exact_match,
        n_tokens, and per frame the counted hits ``<frame>`` and weighted score ``<frame>_score``.
    false_positives : pandas.DataFrame
        One row per counted hit in a unit given a frame the gold lacks: lang, frame, unit_id,
        category, entry, concept, weight, left, match, right, char_start, char_end.
    false_positive_entries : pandas.DataFrame
        The same hits by entry: lang, frame, entry, concept, category, n_units, n_hits.
    false_negatives : pandas.DataFrame
        One row per gold frame not predicted: lang, frame, unit_id, n_hits, score,
        uncounted (hits that did not count, and why), excerpt.
    baseline, baseline_summary : pandas.DataFrame or None
        The supervised baseline's per-frame scores and per-language averages (None when
        ``baseline=False``).
    """

    dictionary: str | None
    dictionary_fingerprint: str
    preprocessor: str
    gold: str | None
    settings: dict[str, Any]
    frames: tuple[str, ...]
    languages: tuple[str, ...]
    scores: pd.DataFrame
    summary: pd.DataFrame
    predictions: pd.DataFrame
    false_positives: pd.DataFrame
    false_positive_entries: pd.DataFrame
    false_negatives: pd.DataFrame
    baseline: pd.DataFrame | None = None
    baseline_summary: pd.DataFrame | None = None

    def _block(self, lang: str) -> dict[str, Any]:
        rows = self.scores[self.scores["lang"] == lang].set_index("frame")
        summ = self.summary.set_index("lang").loc[lang]
        level = self.settings["ci"]
        fpe = self.false_positive_entries
        if lang == ALL:  # pooled: the same entry's units and hits summed over the languages
            keys = ["frame", "entry", "category"]
            fpe = (fpe.assign(concept=fpe["concept"].astype(object)).groupby(keys, sort=False, dropna=False)
                   .agg(concept=("concept", "first"), n_units=("n_units", "sum"), n_hits=("n_hits", "sum"))
                   .reset_index().sort_values(["n_units", "n_hits"], ascending=False, kind="stable"))
        else:
            fpe = fpe[fpe["lang"] == lang]
        frames = {}
        for frame, r in rows.iterrows():
            entries = fpe[fpe["frame"] == frame][["entry", "concept", "category", "n_units", "n_hits"]]
            frames[frame] = {
                **{k: _nan_to_none(r[k]) for k in ("precision", "recall", "f1", "support", "kappa",
                                                   "tp", "fp", "fn", "tn")},
                "ci": {"level": level, "f1": [_nan_to_none(r["f1_low"]), _nan_to_none(r["f1_high"])]},
                "false_positive_entries": [{k: _nan_to_none(v) for k, v in e.items()}
                                           for e in entries.to_dict("records")],
            }
        return {
            "frames": frames,
            **{k: _nan_to_none(summ[k]) for k in ("macro_f1", "micro_f1", "macro_precision", "macro_recall",
                                                  "n_units")},
            "ci": {"level": level, "macro_f1": [_nan_to_none(summ["macro_f1_low"]), _nan_to_none(summ["macro_f1_high"])],
                   "micro_f1": [_nan_to_none(summ["micro_f1_low"]), _nan_to_none(summ["micro_f1_high"])]},
        }

    def _baseline_dict(self) -> dict[str, Any] | None:
        if self.baseline is None or self.baseline_summary is None:
            return None
        out: dict[str, Any] = {"method": BASELINE_METHOD, "languages": {}, "overall": None}
        for row in self.baseline_summary.to_dict("records"):
            rows = self.baseline[self.baseline["lang"] == row["lang"]]
            block = {k: _nan_to_none(row[k]) for k in ("macro_f1", "micro_f1", "n_units", "n_splits")}
            block["frames"] = {r["frame"]: {k: _nan_to_none(r[k]) for k in ("precision", "recall", "f1", "support")}
                               for r in rows.to_dict("records")}
            if row["lang"] == ALL:
                out["overall"] = block
            else:
                out["languages"][row["lang"]] = block
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready results: per language and frame P/R/F1 (with CI), macro/micro F1, pooled, baseline.

        Layout: ``{"dictionary", "dictionary_fingerprint", "preprocessor", "gold", "settings",
        "frames", "languages": {lang: {"frames": {frame: {"precision", "recall", "f1", "support",
        "kappa", "tp", "fp", "fn", "tn", "ci": {"level", "f1": [low, high]},
        "false_positive_entries": [...]}}, "macro_f1", "micro_f1", "macro_precision",
        "macro_recall", "n_units", "ci": {"level", "macro_f1": [...], "micro_f1": [...]}}},
        "overall": {same as a language}, "baseline": {"method", "languages": {lang: {"macro_f1",
        "micro_f1", "n_units", "n_splits", "frames": {frame: {"precision", "recall", "f1",
        "support"}}}}, "overall": {...}} or None}``. Undefined values (NaN) are None.
        """
        return {
            "dictionary": self.dictionary,
            "dictionary_fingerprint": self.dictionary_fingerprint,
            "preprocessor": self.preprocessor,
            "gold": self.gold,
            "settings": {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in self.settings.items()},
            "frames": list(self.frames),
            "languages": {lang: self._block(lang) for lang in self.languages},
            "overall": self._block(ALL),
            "baseline": self._baseline_dict(),
        }

    def to_json(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_dict` as UTF-8 JSON, atomically (a temporary file renamed into place)."""
        return write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n")

    def summary_text(self) -> str:
        """A plain-text table: per language and frame P, R, F1 [CI], kappa, n, and the baseline's F1."""
        s = self.settings
        n_all = int(self.summary.loc[self.summary["lang"] == ALL, "n_units"].iloc[0])
        base = None if self.baseline is None else self.baseline.set_index(["lang", "frame"])["f1"]

        def num(x: Any, width: int = 5) -> str:
            return f"{x:>{width}.2f}" if pd.notna(x) else f"{'-':>{width}}"

        def line(lang: str, name: str, p: Any, r: Any, f: Any, low: Any, high: Any, kappa: Any = np.nan,
                 n: Any = "", b: Any = np.nan) -> str:
            text = (f"{lang:<5} {name:<14} {num(p)} {num(r)} {num(f)}   [{num(low, 4)},{num(high, 4)}] "
                    f"{num(kappa, 6)} {n:>4}")
            return text + (f" {num(b, 7)}" if base is not None else "")

        head = f"{'lang':<5} {'frame':<14} {'P':>5} {'R':>5} {'F1':>5} {'F1 CI':>13} {'kappa':>6} {'n':>4}"
        head += f" {'base F1':>7}" if base is not None else ""
        title = (f"Dictionary {self.dictionary or '(unnamed)'} [{self.dictionary_fingerprint}] on {n_all} gold "
                 f"units (rule={s['rule']}, score={s['score']}; {s['ci']:.0%} percentile bootstrap CI, "
                 f"n_boot={s['n_boot']})")
        lines = [title, "", head, "-" * len(head)]
        summary = self.summary.set_index("lang")
        for lang in (*self.languages, ALL):
            for r in self.scores[self.scores["lang"] == lang].to_dict("records"):
                b = np.nan if base is None else base.get((lang, r["frame"]), np.nan)
                lines.append(line(lang, r["frame"], r["precision"], r["recall"], r["f1"], r["f1_low"],
                                  r["f1_high"], r["kappa"], r["support"], b))
            m = summary.loc[lang]
            lines.append(line(lang, "macro", m["macro_precision"], m["macro_recall"], m["macro_f1"],
                              m["macro_f1_low"], m["macro_f1_high"], n=int(m["n_units"]), b=m["baseline_macro_f1"]))
            lines.append(line(lang, "micro", m["micro_precision"], m["micro_recall"], m["micro_f1"],
                              m["micro_f1_low"], m["micro_f1_high"]))
            lines.append("")
        lines.append("n: gold positives (frame rows) or units (macro rows)."
                     + (" base F1: the cross-validated supervised baseline." if base is not None else ""))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary_text()

    def __repr__(self) -> str:
        macro = ", ".join(f"{r['lang']} {r['macro_f1']:.2f}" for r in self.summary.to_dict("records"))
        return f"<ValidationReport: dictionary {self.dictionary!r}, macro-F1 {macro}>"


# ---------------------------------------------------------------------- validate
def validate(dictionary: str | os.PathLike[str] | Dictionary,
             gold: str | os.PathLike[str] | pd.DataFrame, *,
             preprocessor: Preprocessor | None = None,
             rule: Literal["threshold", "dominant"] = "threshold",
             thresholds: Mapping[str, float] | float | None = None,
             score: Literal["score", "count"] = "score",
             languages: Sequence[str] | None = None,
             n_boot: int = 1000, ci: float = 0.95, random_state: int | None = 0,
             baseline: bool = True, context: int = 60) -> ValidationReport:
    """Compare a frame dictionary's assignments with gold labels, per language and frame.

    Each gold unit is matched with :class:`~toolkit.frames.matcher.Matcher`; the counted hits of
    each frame give its count and weighted score, and :func:`toolkit.frames.counting.assign`
    decides presence, exactly as frame counting does. Scores are computed on the frames of the
    dictionary (plus any gold label it lacks, which it can then never find; a warning is logged).

    Parameters
    ----------
    dictionary : str, path or Dictionary
        A built-in name (``"terrorism_frames"``), a dictionary file, or a Dictionary.
    gold : path or pandas.DataFrame
        Gold units (see :func:`read_gold`).
    preprocessor : Preprocessor, optional
        Tokenisation for matching and for the baseline (default ``Preprocessor()``).
    rule : {"threshold", "dominant"}
        Assignment rule of :func:`~toolkit.frames.counting.assign`: a frame is present when its
        score reaches its threshold, or when it has the highest (positive) score.
    thresholds : dict or float, optional
        Per-frame thresholds (default: the dictionary's, 1.0 unless it sets one).
    score : {"score", "count"}
        Compare thresholds with weighted scores or with hit counts.
    languages : sequence of str, optional
        Only these languages of the gold file (default: all).
    n_boot : int
        Bootstrap replicates for the confidence intervals (:func:`toolkit.frames.metrics.bootstrap_f1`).
    ci : float
        Confidence level.
    random_state : int or None
        Seed for the bootstrap and the baseline's folds and solver; the same seed gives the same
        report. Each language's intervals use a generator seeded by ``(random_state, language)``.
    baseline : bool
        Also cross-validate the supervised baseline (see Notes).
    context : int
        Characters of context each side of a false-positive hit.

    Returns
    -------
    ValidationReport

    Raises
    ------
    ValueError
        For an unknown ``rule`` or ``score``, thresholds :func:`~toolkit.frames.counting.assign`
        rejects, a language not in the gold file, or a bad ``n_boot``, ``ci`` or ``context``.
    toolkit.errors.CorpusFormatError
        For an invalid gold file (see :func:`read_gold`).

    Notes
    -----
    Precision, recall and F1 use scikit-learn's conventions (a 0/0 ratio is 0; macro F1 is the
    mean of per-frame F1); kappa is Cohen's (1960), NaN when undefined. Intervals are percentile
    bootstrap intervals over units (Efron & Tibshirani 1993); see :mod:`toolkit.frames.metrics`.

    The baseline, per language: TF-IDF (sublinear tf, ``min_df=2``) of the preprocessor's word
    unigrams and bigrams and of character 2-4-grams inside tokens (so Arabic clitics and
    inflections share features), and one logistic regression per frame
    (``class_weight="balanced"``, liblinear). Its predictions are out-of-fold predictions of
    ``KFold(n_splits=min(5, n_units), shuffle=True)``, as ``cross_val_predict`` gives; the
    vectorisers are fitted inside each fold, and the regularisation ``C`` (0.01, 0.1 or 1) is
    chosen inside each training fold by stratified 3-fold CV on F1 (nested cross-validation: with
    a few dozen units and thousands of features, a fixed ``C`` memorises the training units and
    predicts almost no positives). A frame with fewer than 2 positives (or negatives) in a
    training fold uses ``C=1``; one with a single class there is predicted as that class. Its
    scores come from the same metric functions as the dictionary's.

    Examples
    --------
    >>> import pandas as pd
    >>> from toolkit.frames.dictionary import Dictionary
    >>> d = Dictionary.from_dict({"media": ["propaganda", "internet"]})
    >>> gold = pd.DataFrame({"unit_id": ["a", "b"], "lang": "en", "frames": [["media"], []],
    ...                      "text": ["Online propaganda.", "The internet of things."]})
    >>> r = validate(d, gold, n_boot=20, baseline=False)
    >>> r.false_positives[["unit_id", "left", "match", "right"]].to_dict("records")
    [{'unit_id': 'b', 'left': 'The ', 'match': 'internet', 'right': ' of things.'}]
    """
    if rule not in _RULES:
        raise ValueError(invalid_value_message("rule", rule, _RULES))
    if score not in _SCORES:
        raise ValueError(invalid_value_message("score", score, _SCORES))
    if random_state is not None and (isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer))):
        raise TypeError(f"random_state must be an integer seed or None, got {random_state!r}")
    metrics.check_bootstrap_options(n_boot, ci)
    if isinstance(context, bool) or not isinstance(context, int) or context < 0:
        raise ValueError(f"context must be a number of characters >= 0, got {context!r}")
    dic = load_dictionary(dictionary)
    pre = Preprocessor() if preprocessor is None else preprocessor
    # the assignment options are checked by assign() itself, on an empty table, before any matching
    _assign(_frame_counts([], dic), dic, rule=rule, thresholds=thresholds, score=score)
    units = read_gold(gold)
    gold_path = units.attrs.get("path")
    if languages is not None:
        if isinstance(languages, str):
            languages = [languages]
        unknown = sorted(set(languages) - set(units["lang"]))
        if unknown:
            raise ValueError(f"languages {unknown} are not in the gold units; they have {sorted(set(units['lang']))}")
        units = units[units["lang"].isin(list(languages))].reset_index(drop=True)
    langs = tuple(sorted(set(units["lang"])))
    extra = sorted({f for fs in units["frames"] for f in fs} - set(dic.frames))
    if extra:
        logger.warning("gold labels %s are not frames of dictionary %r (frames: %s); they are scored but "
                       "can never be predicted", extra, dic.name, list(dic.frames))
    for lang in langs:
        if dic.languages and lang not in dic.languages:
            logger.warning("dictionary %r has no entries written for lang=%r; only its entries without a "
                           "language apply to those units", dic.name, lang)
    frames = (*dic.frames, *extra)

    matcher = Matcher(dic, pre)
    matches = [matcher.find(text, lang) for text, lang in zip(units["text"], units["lang"], strict=True)]
    counts = _frame_counts(matches, dic)
    predicted = _assign(counts, dic, rule=rule, thresholds=thresholds, score=score)
    y_pred = np.column_stack([predicted[f].to_numpy(bool) if f in predicted.columns
                              else np.zeros(len(units), bool) for f in frames])
    y_true = np.array([[f in fs for f in frames] for fs in units["frames"]], dtype=bool).reshape(len(units), len(frames))

    lang_arr = units["lang"].to_numpy(object)
    groups = [(lang, lang_arr == lang) for lang in langs] + [(ALL, np.ones(len(units), bool))]
    score_rows, summary_rows = [], []
    for lang, mask in groups:
        # each language's own generator, so its intervals do not depend on the other languages
        seed = None if random_state is None else [int(random_state), zlib.crc32(lang.encode())]
        table, summ = metrics.scores_with_intervals(y_true[mask], y_pred[mask], labels=list(frames), n_boot=n_boot,
                                                    ci=ci, random_state=np.random.default_rng(seed))
        score_rows.append(table.reset_index(names="frame").assign(lang=lang))
        summary_rows.append({"lang": lang, **summ})
    scores = pd.concat(score_rows, ignore_index=True)
    scores = scores[["lang", *scores.columns[:-1]]]
    summary = pd.DataFrame(summary_rows)

    base_scores = base_summary = None
    if baseline:
        base_scores, base_summary = cross_validated_baseline(units, y_true, frames, pre, langs, random_state)
        summary["baseline_macro_f1"] = summary["lang"].map(base_summary.set_index("lang")["macro_f1"])
    else:
        summary["baseline_macro_f1"] = np.nan

    pred_frames = [tuple(f for f, on in zip(frames, row, strict=True) if on) for row in y_pred]
    preds = pd.DataFrame({"unit_id": units["unit_id"], "lang": units["lang"],
                          "gold": pd.Series(list(units["frames"]), dtype=object),
                          "predicted": pd.Series(pred_frames, dtype=object)})
    preds["exact_match"] = (y_true == y_pred).all(axis=1)
    preds = pd.concat([preds, counts.reset_index(drop=True)], axis=1)
    fps, fp_entries, fns = _errors(units, matches, y_true, y_pred, frames, counts, context=context)
    settings = {"rule": rule, "score": score, "thresholds": _thresholds_used(dic, rule, thresholds),
                "n_boot": int(n_boot), "ci": float(ci), "random_state": random_state}
    return ValidationReport(
        dictionary=dic.name, dictionary_fingerprint=dic.fingerprint, preprocessor=pre.fingerprint,
        gold=gold_path, settings=settings, frames=tuple(frames), languages=langs, scores=scores,
        summary=summary, predictions=preds, false_positives=fps, false_positive_entries=fp_entries,
        false_negatives=fns, baseline=base_scores, baseline_summary=base_summary)


def _thresholds_used(dic: Dictionary, rule: str, thresholds: Mapping[str, float] | float | None) -> Any:
    """The thresholds :func:`~toolkit.frames.counting.assign` applies (for the record)."""
    if rule != "threshold":
        return None
    if isinstance(thresholds, Mapping):
        return {**dic.thresholds, **{k: float(v) for k, v in thresholds.items()}}
    if thresholds is not None:
        return dict.fromkeys(dic.frames, float(thresholds))
    return dict(dic.thresholds)


def _frame_counts(matches: Sequence[Any], dic: Dictionary) -> pd.DataFrame:
    """The counts table :func:`~toolkit.frames.counting.assign` expects: ``<frame>``, ``<frame>_score``."""
    data: dict[str, Any] = {"n_tokens": [m.n_tokens for m in matches]}
    for frame in dic.frames:
        n = np.zeros(len(matches), dtype=np.int64)
        s = np.zeros(len(matches), dtype=float)
        for i, m in enumerate(matches):
            for hit in m.hits:
                if hit.counted and hit.frame == frame:
                    n[i] += 1
                    s[i] += hit.weight
        data[frame] = n
        data[f"{frame}_score"] = s
    counts = pd.DataFrame(data)
    counts.attrs.update(dictionary=dic.name, dictionary_fingerprint=dic.fingerprint)
    return counts


def _assign(counts: pd.DataFrame, dic: Dictionary, *, rule: str, thresholds: Any, score: str) -> pd.DataFrame:
    """Presence of each frame by the one assignment rule, shared with frame counting."""
    return assign(counts, rule=rule, thresholds=thresholds, score=score, dictionary=dic)


# ---------------------------------------------------------------------- error analysis
def _excerpt(text: str, width: int = 200) -> str:
    flat = _WS.sub(" ", text).strip()
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"


def _errors(units: pd.DataFrame, matches: Sequence[Any], y_true: np.ndarray, y_pred: np.ndarray,
            frames: Sequence[str], counts: pd.DataFrame, *, context: int
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    fp_rows: list[dict[str, Any]] = []
    fn_rows: list[dict[str, Any]] = []
    for i, (uid, lang, text, m) in enumerate(zip(units["unit_id"], units["lang"], units["text"], matches, strict=True)):
        for j, frame in enumerate(frames):
            hits: list[Hit] = [h for h in m.hits if h.frame == frame]
            if y_pred[i, j] and not y_true[i, j]:
                for h in hits:
                    if h.counted:
                        left, match, right = char_context(text, h.char_start, h.char_end, context)
                        fp_rows.append({"lang": lang, "frame": frame, "unit_id": uid, "category": h.category,
                                        "entry": h.entry, "concept": h.concept, "weight": h.weight, "left": left,
                                        "match": match, "right": right, "char_start": h.char_start,
                                        "char_end": h.char_end})
            elif y_true[i, j] and not y_pred[i, j]:
                uncounted = "; ".join(f"{h.entry!r} at {h.surface!r} ({h.reason})" for h in hits if not h.counted)
                score = counts[f"{frame}_score"].iloc[i] if f"{frame}_score" in counts.columns else 0.0
                fn_rows.append({"lang": lang, "frame": frame, "unit_id": uid,
                                "n_hits": sum(h.counted for h in hits), "score": float(score),
                                "uncounted": uncounted, "excerpt": _excerpt(text)})
    fp_cols = ["lang", "frame", "unit_id", "category", "entry", "concept", "weight", "left", "match", "right",
               "char_start", "char_end"]
    fps = pd.DataFrame(fp_rows, columns=fp_cols)
    entry_cols = ["lang", "frame", "entry", "concept", "category"]
    if fps.empty:
        fp_entries = pd.DataFrame(columns=[*entry_cols, "n_units", "n_hits"])
    else:
        fp_entries = (fps.assign(concept=fps["concept"].astype(object).where(fps["concept"].notna(), ""))
                      .groupby(entry_cols, sort=False)
                      .agg(n_units=("unit_id", "nunique"), n_hits=("unit_id", "size")).reset_index())
        fp_entries["concept"] = fp_entries["concept"].replace("", None)
        fp_entries = fp_entries.sort_values(["lang", "frame", "n_units", "n_hits", "entry"],
                                            ascending=[True, True, False, False, True], kind="stable",
                                            key=lambda s: s.map(frames.index) if s.name == "frame" else s)
        fp_entries = fp_entries.reset_index(drop=True)
    fns = pd.DataFrame(fn_rows, columns=["lang", "frame", "unit_id", "n_hits", "score", "uncounted", "excerpt"])
    return fps, fp_entries, fns
