"""Count a frame dictionary's hits per document, paragraph or sentence, and decide which frames are present.

Two levels of text are involved:

* the **context** unit (``"paragraph"`` by default) is what the :class:`~toolkit.frames.matcher.Matcher`
  sees: phrases, exclusion phrases and the ``requires`` scope of a category are all evaluated
  inside one context unit, so a hit never depends on the unit it is reported in;
* the **unit** (``"document"``, ``"paragraph"`` or ``"sentence"``) is what a row of the result
  stands for. A hit (and a token) belongs to the unit that contains its first character (the
  unit before it, should that character lie between units).

Hence, for one context, the counts of the sentences of a document sum exactly to the counts of
its paragraphs and to the document's own counts, and counting a corpus whole or in pieces gives
the same rows. Paragraphs and sentences are those of :meth:`toolkit.corpus.Corpus.paragraphs` and
:meth:`~toolkit.corpus.Corpus.sentences` (sentences never cross a paragraph).

Formulas, per unit and frame ``f``:

* ``<category>`` = number of counted hits of the category's own entries and of all its
  sub-categories (:meth:`toolkit.frames.matcher.UnitMatch.counts`);
* ``<f>_score`` = sum of the weights of those hits for the frame ``f``;
* ``<f>_rate`` = 1000 * ``<f>`` / ``n_tokens`` (hits per 1,000 tokens), NaN when the unit has no
  token (``n_tokens == 0``), where ``n_tokens`` is the number of tokens the matcher counts
  (words, plus numbers or punctuation if the preprocessor keeps them; stop words included).

Examples
--------
>>> from toolkit.corpus import Corpus
>>> from toolkit.frames.dictionary import Dictionary
>>> d = Dictionary.from_dict({"scope": ["terror*"],
...                           "financial": {"requires": ["scope"], "entries": ["financing", "money launder*"]}})
>>> corpus = Corpus.from_records([
...     {"doc_id": "a", "lang": "en", "date": "2015-12-15", "source": "UN",
...      "text": "Terrorism is financed. Financing and money laundering again.\\n\\nFinancing of schools."}])
>>> counts = count_frames(corpus, d, unit="paragraph", progress=False)
>>> print(counts[["doc_id", "unit_index", "n_tokens", "scope", "financial", "financial_score",
...               "financial_rate"]].to_string())
  doc_id  unit_index  n_tokens  scope  financial  financial_score  financial_rate
0      a           0         8      1          2              2.0           250.0
1      a           1         3      0          0              0.0             0.0
>>> assign(counts, dictionary=d)
   scope  financial
0   True       True
1  False      False
>>> hits = frame_hits(corpus, d, unit="paragraph")
>>> hits[["unit_index", "category", "surface", "counted", "reason"]]
   unit_index   category            surface  counted            reason
0           0      scope          Terrorism     True
1           0  financial          Financing     True
2           0  financial   money laundering     True
3           1  financial          Financing    False  requires scope
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from toolkit.corpus.corpus import Corpus
from toolkit.corpus.units import unit_spans
from toolkit.errors import invalid_value_message
from toolkit.frames.dictionary import Dictionary, builtin_dictionaries, load_dictionary
from toolkit.frames.matcher import Matcher, UnitMatch
from toolkit.text.preprocess import Preprocessor

__all__ = ["assign", "count_frames", "frame_hits"]

logger = logging.getLogger(__name__)

Unit = Literal["document", "paragraph", "sentence"]
_LEVELS: tuple[str, ...] = ("document", "paragraph", "sentence")
_CATEGORY_SETS: tuple[str, ...] = ("all", "leaves", "frames")
_RULES: tuple[str, ...] = ("threshold", "dominant")
_SCORES: tuple[str, ...] = ("score", "count")
#: the dictionary counted when none is given
DEFAULT_DICTIONARY = "terrorism_frames"
#: relative tolerance under which two scores tie for ``assign(rule="dominant")``
TIE_TOLERANCE = 1e-9
_HIT_COLUMNS = ("category", "frame", "entry", "concept", "lang", "weight", "surface", "token_start",
                "token_end", "char_start", "char_end", "counted", "reason")

DictionaryLike = Dictionary | str | Path


# ---------------------------------------------------------------------- shared machinery
def _check_level(name: str, value: object) -> str:
    if value not in _LEVELS:
        raise ValueError(invalid_value_message(name, value, _LEVELS))
    return str(value)


def _resolve_matcher(dictionary: DictionaryLike, preprocessor: Preprocessor | None,
                     matcher: Matcher | None) -> Matcher:
    """The matcher to use: ``matcher`` if given (checked against the other arguments), else a new one."""
    if matcher is None:
        return Matcher(dictionary, preprocessor)
    if not isinstance(matcher, Matcher):
        raise TypeError(f"matcher must be a toolkit.frames.Matcher, got {type(matcher).__name__}")
    if preprocessor is not None and preprocessor != matcher.preprocessor:
        raise ValueError(f"preprocessor={preprocessor!r} differs from the matcher's {matcher.preprocessor!r}; "
                         "pass only the matcher, or build it with this preprocessor")
    is_default = isinstance(dictionary, str) and dictionary == DEFAULT_DICTIONARY
    if not is_default and load_dictionary(dictionary) != matcher.dictionary:
        raise ValueError(f"dictionary {dictionary!r} differs from the matcher's {matcher.dictionary!r}; "
                         "pass only the matcher, or build it with this dictionary")
    return matcher


def _lang(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class _Scan:
    """The units of a corpus and the matches of its context units, document by document."""

    def __init__(self, corpus: Corpus, matcher: Matcher, unit: str, context: str) -> None:
        if not isinstance(corpus, Corpus):
            raise TypeError(f"corpus must be a toolkit.corpus.Corpus, got {type(corpus).__name__}; "
                            "build one with toolkit.read_corpus() or Corpus.from_records()")
        docvars = corpus.docvars
        if unit != "document" and "parent_id" in docvars.columns:
            raise ValueError(f"unit={unit!r}: this corpus is already made of units (it has a 'parent_id' "
                             "docvar); count its parent corpus, or use unit='document'")
        self.matcher = matcher
        self.unit = unit
        self.context = context
        self.texts: list[str] = corpus.texts.tolist()
        self.langs = [_lang(v) for v in docvars["lang"].tolist()]
        self.units = [unit_spans(t, unit, lang=lang) for t, lang in zip(self.texts, self.langs)]
        self.contexts = (self.units if context == unit else
                         [unit_spans(t, context, lang=lang) for t, lang in zip(self.texts, self.langs)])
        self.first_row = np.cumsum([0] + [len(u) for u in self.units]).tolist()
        self.unit_starts = [[s for s, _ in spans] for spans in self.units]

    @property
    def n_rows(self) -> int:
        return self.first_row[-1]

    def row(self, pos: int, char: int) -> int:
        """The row of the unit of document ``pos`` holding character ``char``."""
        starts = self.unit_starts[pos]
        if not starts:  # only a text without any non-space character has no unit, and it has no token
            raise RuntimeError(f"document {pos} has a token at {char} but no unit; please report this bug")
        return self.first_row[pos] + max(bisect_right(starts, char) - 1, 0)

    def within(self, pos: int, row: int, start: int, end: int) -> bool:
        """Whether the span ``[start, end)`` of document ``pos`` lies inside the unit of ``row``."""
        s, e = self.units[pos][row - self.first_row[pos]]
        return s <= start and end <= e

    def matches(self, progress: bool) -> Iterator[tuple[int, int, int, UnitMatch, int]]:
        """``(doc position, context start, context end, match, tokens before it in the document)``."""
        total = sum(len(c) for c in self.contexts)
        find = self.matcher.find
        with tqdm(total=total, desc="frames", unit=f" {self.context}s", disable=not progress) as bar:
            for pos, (text, lang, spans) in enumerate(zip(self.texts, self.langs, self.contexts)):
                offset = 0
                for cs, ce in spans:
                    match = find(text[cs:ce], lang)
                    yield pos, cs, ce, match, offset
                    offset += match.n_tokens
                    bar.update()


def _provenance(matcher: Matcher, unit: str, context: str, **extra: Any) -> dict[str, Any]:
    d = matcher.dictionary
    return {"dictionary": d.name, "dictionary_version": d.version, "dictionary_fingerprint": d.fingerprint,
            "dictionary_path": d.path, "preprocessor": matcher.preprocessor.fingerprint, "unit": unit,
            "context": context, "frames": list(d.frames), "thresholds": d.thresholds, **extra}


def _unit_frame(corpus: Corpus, scan: _Scan) -> pd.DataFrame:
    """``doc_id`` (and ``unit_index``, ``char_start``, ``char_end`` for units) plus the docvars, one row per unit."""
    doc_pos = np.repeat(np.arange(len(scan.units)), [len(u) for u in scan.units])
    base = corpus.docvars.iloc[doc_pos].reset_index()
    base.index = pd.RangeIndex(len(base))
    if scan.unit != "document":
        flat = [span for doc_units in scan.units for span in doc_units]
        index = [k for doc_units in scan.units for k in range(len(doc_units))]
        base.insert(1, "unit_index", np.asarray(index, dtype=np.int64))
        base.insert(2, "char_start", np.asarray([s for s, _ in flat], dtype=np.int64))
        base.insert(3, "char_end", np.asarray([e for _, e in flat], dtype=np.int64))
    return base


# ---------------------------------------------------------------------- count_frames
def count_frames(corpus: Corpus, dictionary: DictionaryLike = DEFAULT_DICTIONARY, *, unit: Unit = "document",
                 context: Unit | None = None, preprocessor: Preprocessor | None = None,
                 categories: Literal["all", "leaves", "frames"] = "all", progress: bool = True,
                 matcher: Matcher | None = None) -> pd.DataFrame:
    """Count the dictionary's hits in every document, paragraph or sentence of a corpus.

    Parameters
    ----------
    corpus : Corpus
        The documents; each one's ``lang`` docvar is passed to :meth:`Matcher.find`.
    dictionary : Dictionary, str or path
        A :class:`~toolkit.frames.dictionary.Dictionary`, a built-in name (default
        ``"terrorism_frames"``) or a dictionary file.
    unit : {"document", "paragraph", "sentence"}
        What one row stands for.
    context : {"document", "paragraph", "sentence"}, optional
        The unit matched at once: phrases, exclusions and ``requires`` are evaluated inside it
        (default ``"paragraph"``, whatever ``unit``). When it is coarser than ``unit``, each hit
        and token goes to the unit holding its first character.
    preprocessor : Preprocessor, optional
        Normalisation and tokenisation (default ``Preprocessor()``; its ``lang`` serves documents
        without one).
    categories : {"all", "leaves", "frames"}
        Which count columns to return: every category path, the leaf categories only, or only
        the dictionary's frames (top-level categories that are frames, e.g. not ``scope``).
    progress : bool
        Show a progress bar over the context units.
    matcher : Matcher, optional
        A compiled matcher to reuse (its dictionary and preprocessor are used; ``dictionary``,
        when not left at its default, and ``preprocessor`` must agree with it).

    Returns
    -------
    pandas.DataFrame
        One row per unit, in corpus order, with a fresh RangeIndex: ``doc_id``; for paragraphs
        and sentences ``unit_index``, ``char_start`` and ``char_end`` (the unit is
        ``text[char_start:char_end]``, as in :meth:`Corpus.to_units`); every docvar; ``n_tokens``;
        one integer column per category path (counted hits, a parent including its
        sub-categories); and for each frame ``<frame>_score`` (sum of weights) and
        ``<frame>_rate`` (``1000 * <frame> / n_tokens``, NaN when ``n_tokens == 0``).
        ``attrs`` records the dictionary (``dictionary``, ``dictionary_version``,
        ``dictionary_fingerprint``, ``dictionary_path``, ``frames``, ``thresholds``), the
        ``preprocessor`` fingerprint, ``unit``, ``context`` and ``categories``.

    Raises
    ------
    ValueError
        For a bad ``unit``, ``context`` or ``categories``; a paragraph or sentence count of a
        corpus already made of units; a docvar whose name is also a result column.
    TypeError
        If ``corpus`` is not a Corpus or ``matcher`` not a Matcher.

    See Also
    --------
    frame_hits : the hits behind every count.
    assign : frames present in each unit.

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> from toolkit.frames.dictionary import Dictionary
    >>> d = Dictionary.from_dict({"military": {"ops": ["troops"], "intel": ["intelligence"]},
    ...                           "media": {"entries": [{"pattern": "propaganda", "weight": 2}]}})
    >>> corpus = Corpus.from_records([
    ...     {"doc_id": "a", "lang": "en", "text": "Troops and intelligence.\\n\\nTroops against propaganda."},
    ...     {"doc_id": "b", "lang": "en", "text": ""}])
    >>> doc = count_frames(corpus, d, progress=False)
    >>> doc[["doc_id", "n_tokens", "military", "military/ops", "media", "media_score", "military_rate"]]
      doc_id  n_tokens  military  military/ops  media  media_score  military_rate
    0      a         6         3             2      1          2.0          500.0
    1      b         0         0             0      0          0.0            NaN
    >>> sent = count_frames(corpus, d, unit="sentence", categories="leaves", progress=False)
    >>> sent[["doc_id", "unit_index", "char_start", "char_end", "military/ops", "media"]]
      doc_id  unit_index  char_start  char_end  military/ops  media
    0      a           0           0        24             1      0
    1      a           1          26        52             1      1
    >>> doc.attrs["unit"], doc.attrs["context"], doc.attrs["thresholds"]
    ('document', 'paragraph', {'military': 1.0, 'media': 1.0})
    """
    unit = _check_level("unit", unit)
    context = _check_level("context", "paragraph" if context is None else context)
    if categories not in _CATEGORY_SETS:
        raise ValueError(invalid_value_message("categories", categories, _CATEGORY_SETS))
    matcher = _resolve_matcher(dictionary, preprocessor, matcher)
    d = matcher.dictionary
    names = list(d.categories)
    shown = names if categories == "all" else list(d.leaves) if categories == "leaves" else list(d.frames)
    frames = list(d.frames)
    extra = [c for f in frames for c in (f"{f}_score", f"{f}_rate")]
    scan = _Scan(corpus, matcher, unit, context)
    base = _unit_frame(corpus, scan)
    _check_columns(base.columns, ["n_tokens", *shown, *extra])

    index = {name: i for i, name in enumerate(names)}
    ancestry = {name: [index["/".join(name.split("/")[:k])] for k in range(1, name.count("/") + 2)]
                for name in names}
    frame_index = {f: i for i, f in enumerate(frames)}
    counts = np.zeros((scan.n_rows, len(names)), dtype=np.int64)
    scores = np.zeros((scan.n_rows, len(frames)), dtype=np.float64)
    n_tokens = np.zeros(scan.n_rows, dtype=np.int64)
    for pos, cs, ce, match, _ in scan.matches(progress):
        if match.n_tokens:
            row = scan.row(pos, cs)
            if scan.within(pos, row, cs, ce):
                n_tokens[row] += match.n_tokens
            else:  # the context spans several units: each token goes to its own
                for _, a, _ in match.tokens:
                    n_tokens[scan.row(pos, cs + a)] += 1
        for hit in match.hits:
            if not hit.counted:
                continue
            row = scan.row(pos, cs + hit.char_start)
            counts[row, ancestry[hit.category]] += 1
            fi = frame_index.get(hit.frame)
            if fi is not None:
                scores[row, fi] += hit.weight

    columns: dict[str, Any] = {"n_tokens": n_tokens}
    for name in shown:
        columns[name] = counts[:, index[name]]
    with np.errstate(divide="ignore", invalid="ignore"):
        for f in frames:
            hits = counts[:, index[f]].astype(np.float64)
            columns[f"{f}_score"] = scores[:, frame_index[f]]
            columns[f"{f}_rate"] = np.where(n_tokens > 0, 1000.0 * hits / np.maximum(n_tokens, 1), np.nan)
    result = pd.concat([base, pd.DataFrame(columns, index=base.index)], axis=1)
    result.attrs = _provenance(matcher, unit, context, categories=categories)
    return result


def _check_columns(present: pd.Index, added: list[str]) -> None:
    repeated = sorted(name for name, n in Counter(added).items() if n > 1)
    if repeated:
        raise ValueError(f"the dictionary yields the column names {repeated} twice (a category named like "
                         "'<frame>_score' or 'n_tokens'); rename those categories")
    clash = sorted(set(map(str, present)) & set(added))
    if clash:
        raise ValueError(f"docvars {clash} have the names of count columns; rename or drop these docvars "
                         "before counting (e.g. with corpus.to_frame().rename(columns=...))")


# ---------------------------------------------------------------------- frame_hits
def frame_hits(corpus: Corpus, dictionary: DictionaryLike = DEFAULT_DICTIONARY, *, unit: Unit = "document",
               context: Unit | None = None, preprocessor: Preprocessor | None = None,
               counted_only: bool = False, matcher: Matcher | None = None,
               progress: bool = False) -> pd.DataFrame:
    """Every match of the dictionary in a corpus, located in its document and unit.

    The hits are those :func:`count_frames` counts with the same arguments: grouping the
    counted ones by ``doc_id`` (and ``unit_index``) and category reproduces its counts.

    Parameters
    ----------
    corpus, dictionary, unit, context, preprocessor, matcher
        As for :func:`count_frames`.
    counted_only : bool
        Leave out the matches that do not count (inside an exclusion phrase, or failing a
        ``requires``).
    progress : bool
        Show a progress bar over the context units.

    Returns
    -------
    pandas.DataFrame
        One row per match, in document order then text order: ``doc_id``, ``unit_index``
        (paragraphs and sentences only, as in :func:`count_frames`), ``category`` (leaf path),
        ``frame`` (its top-level category), ``entry`` (the pattern as written), ``concept``,
        ``lang`` (the entry's language), ``weight``, ``surface``, ``token_start`` and
        ``token_end`` (token positions within the document, end exclusive; tokens are numbered
        through the context units, so the numbers depend on ``context``), ``char_start`` and
        ``char_end`` (in the document text: ``corpus[doc_id][char_start:char_end] == surface``),
        ``counted`` and ``reason`` (why a match does not count, else ``""``). ``attrs`` as for
        :func:`count_frames`.

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> from toolkit.frames.dictionary import Dictionary
    >>> d = Dictionary.from_dict({"media": {"exclude": ["media center"], "entries": ["media", "propaganda"]}})
    >>> corpus = Corpus.from_records([{"doc_id": "a", "lang": "en",
    ...     "text": "Propaganda online.\\n\\nThe media center and the media."}])
    >>> hits = frame_hits(corpus, d)
    >>> hits[["doc_id", "surface", "token_start", "char_start", "char_end", "counted"]]
      doc_id     surface  token_start  char_start  char_end  counted
    0      a  Propaganda            0           0        10     True
    1      a       media            3          24        29    False
    2      a       media            7          45        50     True
    >>> hits["reason"].iloc[1]
    "excluded by 'media center'"
    >>> corpus["a"][45:50]
    'media'
    """
    unit = _check_level("unit", unit)
    context = _check_level("context", "paragraph" if context is None else context)
    matcher = _resolve_matcher(dictionary, preprocessor, matcher)
    scan = _Scan(corpus, matcher, unit, context)
    doc_ids = corpus.doc_ids
    rows: list[tuple[Any, ...]] = []
    unit_index: list[int] = []
    for pos, cs, _ce, match, offset in scan.matches(progress):
        for hit in match.hits:
            if counted_only and not hit.counted:
                continue
            row = scan.row(pos, cs + hit.char_start)
            unit_index.append(row - scan.first_row[pos])
            rows.append((doc_ids[pos], hit.category, hit.frame, hit.entry, hit.concept, hit.lang, hit.weight,
                         hit.surface, offset + hit.start, offset + hit.end, cs + hit.char_start,
                         cs + hit.char_end, hit.counted, hit.reason))
    cols = list(zip(*rows)) if rows else [()] * (len(_HIT_COLUMNS) + 1)
    data: dict[str, Any] = {"doc_id": pd.Series(cols[0], dtype=object)}
    if unit != "document":
        data["unit_index"] = pd.Series(unit_index, dtype=np.int64)
    dtypes = {"weight": np.float64, "token_start": np.int64, "token_end": np.int64, "char_start": np.int64,
              "char_end": np.int64, "counted": bool}
    for name, values in zip(_HIT_COLUMNS, cols[1:]):
        data[name] = pd.Series(values, dtype=dtypes.get(name, object))
    result = pd.DataFrame(data)
    result.attrs = _provenance(matcher, unit, context, counted_only=counted_only)
    return result


# ---------------------------------------------------------------------- assign
def assign(counts: pd.DataFrame, *, rule: Literal["threshold", "dominant"] = "threshold",
           thresholds: float | Mapping[str, float] | None = None, score: Literal["score", "count"] = "score",
           dictionary: DictionaryLike | None = None) -> pd.DataFrame:
    """Decide which frames each unit carries, from :func:`count_frames` output.

    Parameters
    ----------
    counts : pandas.DataFrame
        Rows of units with, for each frame ``f``, a column ``f_score`` (``score="score"``) or
        ``f`` (``score="count"``), such as :func:`count_frames` returns (any table with those
        columns will do).
    rule : {"threshold", "dominant"}
        ``"threshold"``: a frame is present when its value is ``>=`` its threshold.
        ``"dominant"``: the frame with the highest value is present, provided that value is
        ``> 0``; frames tied for the highest (within a relative 1e-9) are all present, so a row
        may hold several frames, or none.
    thresholds : float or dict, optional
        Only with ``rule="threshold"``. A number applies to every frame; a dict maps frames to
        thresholds (frames left out keep their default). Defaults: the thresholds of
        ``dictionary`` if given, else ``counts.attrs["thresholds"]`` (set by
        :func:`count_frames`), else those of the built-in dictionary named in
        ``counts.attrs["dictionary"]``, else 1.0. Thresholds must be positive; with
        ``score="count"`` they apply to the number of hits.
    score : {"score", "count"}
        Compare weighted scores (``<frame>_score``) or counts of hits (``<frame>``).
    dictionary : Dictionary, str or path, optional
        Gives the frames and default thresholds. Without it, the frames are
        ``counts.attrs["frames"]``, else the names of the columns ending in ``_score``.

    Returns
    -------
    pandas.DataFrame
        Booleans, one column per frame, with the index of ``counts`` (and no other column: join
        it to ``counts`` to keep ``doc_id`` and ``unit_index``).

    Raises
    ------
    ValueError
        For a bad ``rule`` or ``score``, a threshold for an unknown frame or not positive,
        ``thresholds`` with ``rule="dominant"``, or a missing frame column.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"military_score": [3.0, 1.0, 0.0, 2.0], "media_score": [1.0, 1.0, 0.0, 2.0]})
    >>> assign(counts, thresholds={"military": 2})
       military  media
    0      True   True
    1     False   True
    2     False  False
    3      True   True
    >>> assign(counts, rule="dominant")
       military  media
    0      True  False
    1      True   True
    2     False  False
    3      True   True
    """
    if rule not in _RULES:
        raise ValueError(invalid_value_message("rule", rule, _RULES))
    if score not in _SCORES:
        raise ValueError(invalid_value_message("score", score, _SCORES))
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(f"counts must be a pandas DataFrame (from count_frames), got {type(counts).__name__}")
    d = load_dictionary(dictionary) if dictionary is not None else None
    frames = _frames_of(counts, d)
    suffix = "_score" if score == "score" else ""
    missing = [f + suffix for f in frames if f + suffix not in counts.columns]
    if missing:
        hint = ("count_frames(..., categories='all' or 'frames') keeps them" if score == "count"
                else "count_frames() adds them")
        raise ValueError(f"score={score!r} needs the columns {missing}, which counts lacks; {hint}")
    values = counts[[f + suffix for f in frames]].to_numpy(dtype=np.float64, na_value=np.nan)
    if rule == "dominant":
        if thresholds is not None:
            raise ValueError("thresholds apply to rule='threshold' only; drop them or use rule='threshold'")
        filled = np.nan_to_num(values, nan=0.0)
        best = filled.max(axis=1, initial=0.0)[:, None]
        present = (best > 0) & np.isclose(filled, best, rtol=TIE_TOLERANCE, atol=0.0)
    else:
        limits = _thresholds(frames, thresholds, d, counts.attrs)
        present = values >= np.asarray([limits[f] for f in frames], dtype=np.float64)
    return pd.DataFrame(present.astype(bool), index=counts.index, columns=frames)


def _frames_of(counts: pd.DataFrame, dictionary: Dictionary | None) -> list[str]:
    if dictionary is not None:
        return list(dictionary.frames)
    frames = counts.attrs.get("frames")
    if frames:
        return list(frames)
    frames = [str(c)[:-len("_score")] for c in counts.columns if str(c).endswith("_score") and len(str(c)) > 6]
    if not frames:
        raise ValueError("cannot tell the frames: counts has no '<frame>_score' column and no attrs['frames']; "
                         "pass dictionary= or use the output of count_frames()")
    return frames


def _thresholds(frames: list[str], thresholds: float | Mapping[str, float] | None, dictionary: Dictionary | None,
                attrs: Mapping[str, Any]) -> dict[str, float]:
    if dictionary is not None:
        default = dictionary.thresholds
    elif attrs.get("thresholds"):
        default = dict(attrs["thresholds"])
    elif isinstance(attrs.get("dictionary"), str) and attrs["dictionary"] in builtin_dictionaries():
        built_in = load_dictionary(attrs["dictionary"])
        if attrs.get("dictionary_fingerprint") not in (None, built_in.fingerprint):
            logger.warning("counts were made with another version of dictionary %r (fingerprint %s, now %s); "
                           "using the thresholds of the installed one", attrs["dictionary"],
                           attrs["dictionary_fingerprint"], built_in.fingerprint)
        default = built_in.thresholds
    else:
        default = {}
    limits = {f: float(default.get(f, 1.0)) for f in frames}
    if thresholds is None:
        return limits
    if isinstance(thresholds, Mapping):
        unknown = [f for f in thresholds if f not in limits]
        if unknown:
            raise ValueError(f"thresholds given for unknown frames {unknown}; the frames are {frames}")
        given = dict(thresholds)
    else:
        given = dict.fromkeys(frames, thresholds)
    for frame, value in given.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not math.isfinite(value) or value <= 0:
            raise ValueError(f"threshold for frame {frame!r} must be a positive number, got {value!r}")
        limits[frame] = float(value)
    return limits
