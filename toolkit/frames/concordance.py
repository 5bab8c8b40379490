"""Keyword in context: every match of a pattern or dictionary with the words around it.

:func:`kwic` lists the matches of a pattern (``terror*``, a phrase, ``=exact``), a list of
patterns, or a frame dictionary in a corpus, one row per match, with the text before it
(``left``), the match and the text after it (``right``) copied from the original document;
:func:`kwic_to_html` writes the table as a standalone HTML page in which Arabic lines read right
to left.

Reading order
-------------
``left`` is what *precedes* the match in the text and ``right`` what follows it, whatever the
script: strings are never reversed. An Arabic line is displayed with its ``left`` context to the
*right* of the match; the ``direction`` column ("rtl" or "ltr") says how each line is laid out,
and :func:`kwic_to_html` does it.

Examples
--------
>>> from toolkit.corpus.corpus import Corpus
>>> corpus = Corpus.from_records([
...     {"doc_id": "un", "lang": "en", "text": "The Council condemns terrorism in all its forms."},
...     {"doc_id": "map", "lang": "ar", "text": "أدان المجلس الإرهاب بجميع أشكاله، ودعا إلى مكافحة الإرهاب."},
... ])
>>> table = kwic(corpus, ["terror*", "إرهاب"], window=2)
>>> table[["doc_id", "match", "direction"]]
  doc_id    match direction
0     un  terrorism       ltr
1    map  الإرهاب       rtl
2    map  الإرهاب       rtl
>>> table.loc[0, "left"], table.loc[0, "right"]
('Council condemns ', ' in all')
>>> table.loc[2, "left"], table.loc[2, "right"]
('إلى مكافحة ', '.')
>>> "<bdi>الإرهاب</bdi>" in table.pipe(kwic_to_html)
True
"""

from __future__ import annotations

import html
import logging
import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from toolkit.atomic import write_text
from toolkit.corpus.corpus import Corpus
from toolkit.corpus.units import unit_spans
from toolkit.errors import DictionaryError, invalid_value_message
from toolkit.frames.dictionary import Category, Dictionary, Entry, builtin_dictionaries, load_dictionary
from toolkit.frames.matcher import Hit, Matcher
from toolkit.text.normalization import UNDETERMINED_LANGUAGES, base_language
from toolkit.text.preprocess import Preprocessor

__all__ = ["PATTERN_CATEGORY", "RTL_LANGUAGES", "kwic", "kwic_to_html", "text_direction"]

logger = logging.getLogger(__name__)

Unit = Literal["document", "paragraph", "sentence"]
WindowUnit = Literal["tokens", "chars"]
TextsLike = Corpus | pd.Series | Sequence[str]
PatternLike = str | Sequence[str] | Dictionary | Path

#: The category a bare pattern (or list of patterns) is wrapped in.
PATTERN_CATEGORY = "pattern"
#: Language codes written right to left (Arabic script, Hebrew script, Thaana, Syriac).
RTL_LANGUAGES = frozenset({"ar", "arc", "arz", "ary", "azb", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd",
                           "syr", "ug", "ur", "yi"})

_UNITS = ("document", "paragraph", "sentence")
_WINDOW_UNITS = ("tokens", "chars")
_SPACE = re.compile(r"\s+")
_COLUMNS = ("doc_id", "unit_index", "char_start", "char_end", "left", "match", "right", "pattern", "category",
            "counted", "reason", "lang", "direction")
_STR_COLUMNS = ("left", "match", "right", "pattern", "category", "reason", "lang", "direction")
_DOCVARS = ("date", "source")


# ---------------------------------------------------------------------- direction
def text_direction(text: str, lang: str | None = None) -> Literal["rtl", "ltr"]:
    """"rtl" or "ltr": from the language code when given, else from the first strong character.

    A language of :data:`RTL_LANGUAGES` (region codes such as ``ar-MA`` included) is "rtl",
    any other language "ltr". Without a language (or with ``und``, "undetermined", as
    :func:`toolkit.corpus.langid.detect_language` gives), the first character with a strong bidi class
    decides (Arabic and Hebrew letters: "rtl"; Latin and other letters: "ltr"); text without
    one (digits, punctuation) is "ltr".

    >>> text_direction("11 سبتمبر"), text_direction("11 septembre"), text_direction("x", "ar-MA")
    ('rtl', 'ltr', 'rtl')
    >>> text_direction("الإرهاب", "und")
    'rtl'
    """
    base = base_language(lang) if isinstance(lang, str) else None
    if base and base not in UNDETERMINED_LANGUAGES:
        return "rtl" if base in RTL_LANGUAGES else "ltr"
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


# ---------------------------------------------------------------------- inputs
def _pattern_dictionary(patterns: Sequence[object]) -> Dictionary:
    """A one-category dictionary holding the given patterns (duplicates dropped, order kept)."""
    unique: list[str] = []
    for item in patterns:
        if not isinstance(item, str):
            raise TypeError(f"patterns must be strings, got {type(item).__name__} {item!r}")
        if item not in unique:
            unique.append(item)
    if not unique:
        raise DictionaryError("no pattern given: pass a word, a glob such as terror*, a phrase, a list of them, "
                              "or a dictionary")
    return Dictionary([Category(PATTERN_CATEGORY, tuple(Entry(p) for p in unique))], name=None)


def _resolve_pattern(pattern: object) -> tuple[Dictionary, str | list[str] | None]:
    """The dictionary to match, and what to record as ``attrs["pattern"]``."""
    if isinstance(pattern, Dictionary):
        return pattern, None
    if isinstance(pattern, Path):
        return load_dictionary(pattern), None
    if isinstance(pattern, str):
        if pattern in builtin_dictionaries():
            return load_dictionary(pattern), None
        return _pattern_dictionary([pattern]), pattern
    if isinstance(pattern, (list, tuple, pd.Series, pd.Index)):
        values = list(pattern)
        return _pattern_dictionary(values), [str(v) for v in values]
    raise TypeError(f"pattern must be a pattern string, a list of patterns, a Dictionary, a built-in dictionary "
                    f"name or a pathlib.Path to a dictionary file; got {type(pattern).__name__}")


def _documents(corpus: object, lang: str | None) -> tuple[list[Any], list[str], list[str | None],
                                                          pd.DataFrame | None]:
    """doc ids, texts, languages (docvar, else ``lang``) and the date/source docvars of a texts-like input."""
    if isinstance(corpus, Corpus):
        docvars = corpus.docvars
        langs = [v if isinstance(v, str) and v.strip() else lang for v in docvars["lang"].tolist()]
        extra = docvars[[c for c in _DOCVARS if c in docvars.columns]].reset_index(drop=True)
        return corpus.doc_ids, corpus.texts.tolist(), langs, extra
    if isinstance(corpus, str):
        raise TypeError("corpus must be a Corpus, a pandas Series of texts or a list of texts, got a single str; "
                        "wrap it in a list: kwic([text], pattern)")
    if isinstance(corpus, pd.Series):
        ids, texts = corpus.index.tolist(), corpus.tolist()
    elif isinstance(corpus, (list, tuple)):
        ids, texts = list(range(len(corpus))), list(corpus)
    else:
        hint = " (build a Corpus from it: Corpus(frame))" if isinstance(corpus, pd.DataFrame) else ""
        raise TypeError(f"corpus must be a Corpus, a pandas Series of texts or a list of texts, got "
                        f"{type(corpus).__name__}{hint}")
    for doc_id, text in zip(ids, texts):
        if not isinstance(text, str):
            raise TypeError(f"every text must be a str; document {doc_id!r} is {type(text).__name__} {text!r}. "
                            "Replace missing texts with ''")
    return ids, texts, [lang] * len(texts), None


def _check_options(window: object, unit: object, window_unit: object) -> None:
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"window must be a whole number >= 0 (of tokens or characters), got {window!r}")
    if unit not in _UNITS:
        raise ValueError(invalid_value_message("unit", unit, _UNITS))
    if window_unit not in _WINDOW_UNITS:
        raise ValueError(invalid_value_message("window_unit", window_unit, _WINDOW_UNITS))


def _category_filter(dictionary: Dictionary, category: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if category is None:
        return None
    names = (category,) if isinstance(category, str) else tuple(category)
    for name in names:
        if name not in dictionary.categories:
            raise ValueError(invalid_value_message("category", name, dictionary.categories))
    return names


# ---------------------------------------------------------------------- contexts
def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text)


def _token_bounds(starts: list[int], ends: list[int], start: int, end: int, window: int,
                  size: int) -> tuple[int, int]:
    """Where the ``window`` tokens before ``start`` begin and the ``window`` tokens after ``end`` end.

    With fewer than ``window`` tokens on a side, that side runs to the edge of the unit (of
    length ``size``), so the numbers and punctuation there are shown too.
    """
    if window == 0:
        return start, end
    before = bisect_right(ends, start)      # tokens ending at or before the match start
    after = bisect_left(starts, end)        # first token starting at or after the match end
    left = starts[before - window] if before >= window else 0
    right = ends[after + window - 1] if after + window <= len(ends) else size
    return min(left, start), max(right, end)


def _char_bounds(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    """``window`` characters each side, not starting or ending between a letter and its marks."""
    left = max(0, start - window)
    while left < start and unicodedata.combining(text[left]):
        left += 1
    right = min(len(text), end + window)
    while end < right < len(text) and unicodedata.combining(text[right]):
        right -= 1
    return left, right


def _trim(text: str, left: int, start: int, end: int, right: int) -> tuple[int, int]:
    """Move the outer bounds of the contexts inwards past whitespace (never past the match)."""
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def char_context(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    """Left context, match and right context of ``text[start:end]``, ``window`` characters each side.

    As :func:`kwic` with ``window_unit="chars"``: a context never starts or ends between a letter
    and its combining marks, whitespace at its outer edges is dropped, and runs of whitespace
    become one space.

    Examples
    --------
    >>> char_context("The army band played.", 4, 8, 6)
    ('The ', 'army', ' band')
    """
    left, right = _char_bounds(text, start, end, window)
    left, right = _trim(text, left, start, end, right)
    return _collapse(text[left:start]), _collapse(text[start:end]), _collapse(text[end:right])


# ---------------------------------------------------------------------- kwic
def kwic(corpus: TextsLike, pattern: PatternLike | None, *, window: int = 5, unit: Unit = "document",
         window_unit: WindowUnit = "tokens", preprocessor: Preprocessor | None = None,
         category: str | Sequence[str] | None = None, counted_only: bool = False, lang: str | None = None,
         matcher: Matcher | None = None) -> pd.DataFrame:
    """Keyword in context: every match of a pattern or dictionary, with the text around it.

    Parameters
    ----------
    corpus : Corpus, pandas.Series of str or list of str
        The documents. A Series' index gives the doc ids; a list is numbered 0, 1, ...
    pattern : str, list of str, Dictionary, built-in dictionary name or pathlib.Path
        A string is one pattern in the dictionary syntax (:mod:`toolkit.frames.patterns`): a word,
        a glob (``terror*``), a phrase (``financing of terror*``) or an exact form (``=مال``).
        Arabic proclitics are handled as in :class:`~toolkit.frames.matcher.Matcher`, so
        ``إرهاب`` finds والإرهاب and بالإرهاب. A list holds several patterns (wrapped, like a single
        one, in one category named ``"pattern"``: where two of them overlap the longest match is
        reported once). A string naming a built-in dictionary (``"terrorism_frames"``), a
        :class:`~toolkit.frames.dictionary.Dictionary` or a ``Path`` to a dictionary file matches
        every entry of the dictionary. May be None when ``matcher`` is given.
    window : int, default 5
        Size of each context: tokens (as the matcher counts them: by default words, not numbers
        or punctuation) or characters, see ``window_unit``. The left context runs from the first
        of the ``window`` tokens before the match to the match, so the punctuation and numbers
        between them are kept; the right context likewise. Contexts stop at the unit's edges;
        a side with fewer than ``window`` tokens runs to the edge (so a final "." or a trailing
        date is shown). Whitespace at the outer ends of the contexts is left out.
    unit : {"document", "paragraph", "sentence"}
        The text unit matched at once. Contexts do not cross it, and the dictionary's
        ``requires`` and exclusions are evaluated inside it (``counted``, ``reason``); use
        ``"paragraph"`` to see the hits :func:`toolkit.frames.count_frames` counts by default.
    window_unit : {"tokens", "chars"}
        What ``window`` counts. A character window never starts or ends between a letter and its
        combining marks (Arabic harakat).
    preprocessor : Preprocessor, optional
        Normalisation and tokenisation for matching (default ``Preprocessor()``). Contexts are
        always copied from the original text.
    category : str or list of str, optional
        Keep matches of these categories (and their sub-categories) only. Requirements and
        exclusions are still evaluated with the whole dictionary.
    counted_only : bool
        Drop the matches that do not count (inside an exclusion phrase, or failing a
        ``requires``).
    lang : str, optional
        Language of the documents without a ``lang`` docvar (all of them for a Series or list).
        Without one the preprocessor's language is used and every entry applies.
    matcher : Matcher, optional
        A compiled matcher to reuse (its caches are kept between calls). Its dictionary must be
        the one ``pattern`` names, and its preprocessor ``preprocessor`` when both are given.

    Returns
    -------
    pandas.DataFrame
        One row per match, in corpus order then text order, with columns ``doc_id``,
        ``unit_index`` (only when ``unit`` is not "document"), ``char_start``, ``char_end``
        (``text[char_start:char_end] == match`` in the *document* text), ``left``, ``match``,
        ``right`` (original text; whitespace runs in ``left`` and ``right`` collapsed to one
        space), ``pattern`` (the entry), ``category``, ``counted``, ``reason``, ``lang``,
        ``direction`` ("rtl" or "ltr", from the language, else from the script of the match, see
        :func:`text_direction`), and the ``date`` and ``source`` docvars of a Corpus.
        ``attrs`` records ``pattern``, ``dictionary``, ``dictionary_fingerprint``,
        ``categories``, ``window``, ``window_unit``, ``unit``, ``counted_only`` and
        ``preprocessor`` (the preprocessor's fingerprint).

    Raises
    ------
    DictionaryError
        For an invalid pattern (an unbalanced ``[``, an empty pattern).
    TypeError
        For a corpus or pattern of the wrong kind, or a text that is not a string.
    ValueError
        For a bad ``window``, ``unit``, ``window_unit`` or ``category``, or a ``matcher`` built
        for another dictionary or preprocessor.

    Examples
    --------
    >>> texts = ["The Council condemns the financing of terrorism and terrorist acts, 2015."]
    >>> kwic(texts, "terror*", window=2)[["left", "match", "right"]]
                 left      match           right
    0   financing of   terrorism   and terrorist
    1  terrorism and   terrorist     acts, 2015.
    >>> kwic(texts, "financing of terror*", window=1, window_unit="tokens").loc[0, ["left", "right"]].tolist()
    ['the ', ' and']

    Arabic: proclitic forms are found, contexts stay in reading order, lines are "rtl".

    >>> ar = kwic(["ندين الإرهاب، والإرهاب\\nبالإرهاب يرتبط"], "إرهاب", window=1)
    >>> ar["match"].tolist()
    ['الإرهاب', 'والإرهاب', 'بالإرهاب']
    >>> ar.loc[2, "left"], ar.loc[2, "right"], ar.loc[2, "direction"]
    ('والإرهاب ', ' يرتبط', 'rtl')

    A dictionary reports each match's category and whether it counts:

    >>> d = Dictionary.from_dict({"scope": ["terror*"], "financial": {"requires": ["scope"], "entries": ["financing"]}})
    >>> table = kwic(["Financing of schools.", "Financing of terrorism."], d, window=1)
    >>> table[["doc_id", "match", "category", "counted", "reason"]]
       doc_id      match   category  counted          reason
    0       0  Financing  financial    False  requires scope
    1       1  Financing  financial     True
    2       1  terrorism      scope     True
    """
    _check_options(window, unit, window_unit)
    if matcher is not None and not isinstance(matcher, Matcher):
        raise TypeError(f"matcher must be a toolkit.frames.Matcher, got {type(matcher).__name__}")
    if matcher is None and pattern is None:
        raise ValueError("give a pattern (or a dictionary), or a compiled matcher=")
    if pattern is not None:
        dictionary, shown = _resolve_pattern(pattern)
    else:
        dictionary, shown = matcher.dictionary, None  # type: ignore[union-attr]
    if matcher is None:
        matcher = Matcher(dictionary, preprocessor)
    else:
        if dictionary != matcher.dictionary:
            raise ValueError("matcher= was compiled for another dictionary than pattern; pass pattern=None to use "
                             "the matcher's dictionary, or drop matcher=")
        if preprocessor is not None and preprocessor != matcher.preprocessor:
            raise ValueError("matcher= uses another preprocessor than preprocessor=; drop one of them")
    categories = _category_filter(dictionary, category)
    ids, texts, langs, extra = _documents(corpus, lang)
    default_lang = matcher.preprocessor.lang

    rows: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    positions: list[int] = []
    for pos, (doc_id, text, doc_lang) in enumerate(zip(ids, texts, langs)):
        doc_lang = doc_lang if doc_lang is not None else default_lang
        for index, (u_start, u_end) in enumerate(unit_spans(text, unit, lang=doc_lang)):
            piece = text[u_start:u_end]
            found = matcher.find(piece, doc_lang)
            hits = [h for h in found.hits if _keep(h, categories, counted_only)]
            if not hits:
                continue
            tokens = found.tokens if window_unit == "tokens" else []
            starts, ends = [t[1] for t in tokens], [t[2] for t in tokens]
            for hit in hits:
                if window_unit == "tokens":
                    left, right = _token_bounds(starts, ends, hit.char_start, hit.char_end, window, len(piece))
                else:
                    left, right = _char_bounds(piece, hit.char_start, hit.char_end, window)
                left, right = _trim(piece, left, hit.char_start, hit.char_end, right)
                rows["doc_id"].append(doc_id)
                rows["unit_index"].append(index)
                rows["char_start"].append(u_start + hit.char_start)
                rows["char_end"].append(u_start + hit.char_end)
                rows["left"].append(_collapse(piece[left:hit.char_start]))
                rows["match"].append(hit.surface)
                rows["right"].append(_collapse(piece[hit.char_end:right]))
                rows["pattern"].append(hit.entry)
                rows["category"].append(hit.category)
                rows["counted"].append(hit.counted)
                rows["reason"].append(hit.reason)
                rows["lang"].append(doc_lang)
                rows["direction"].append(text_direction(
                    hit.surface + piece[left:hit.char_start] + piece[hit.char_end:right], doc_lang))
                positions.append(pos)
    table = _frame(rows, positions, extra, unit)
    table.attrs.update({
        "pattern": shown, "dictionary": dictionary.name, "dictionary_fingerprint": dictionary.fingerprint,
        "categories": list(categories) if categories is not None else None, "window": window,
        "window_unit": window_unit, "unit": unit, "counted_only": counted_only,
        "preprocessor": matcher.preprocessor.fingerprint,
    })
    logger.debug("kwic: %d matches in %d documents", len(table), len(ids))
    return table


def _keep(hit: Hit, categories: tuple[str, ...] | None, counted_only: bool) -> bool:
    if counted_only and not hit.counted:
        return False
    if categories is None:
        return True
    return any(hit.category == c or hit.category.startswith(c + "/") for c in categories)


def _frame(rows: dict[str, list[Any]], positions: list[int], extra: pd.DataFrame | None, unit: str) -> pd.DataFrame:
    columns: dict[str, Any] = {}
    for name in _COLUMNS:
        if name == "unit_index" and unit == "document":
            continue
        values = rows[name]
        if name in ("unit_index", "char_start", "char_end"):
            columns[name] = pd.Series(values, dtype="int64")
        elif name == "counted":
            columns[name] = pd.Series(values, dtype="bool")
        elif name in _STR_COLUMNS:
            columns[name] = pd.Series(values, dtype="str")
        else:
            columns[name] = pd.Series(values, dtype=None if values else "str")
    table = pd.DataFrame(columns)
    if extra is not None:
        for name in extra.columns:
            table[name] = extra[name].iloc[positions].reset_index(drop=True)
    return table


# ---------------------------------------------------------------------- HTML
_CSS = """
body { font-family: system-ui, "Noto Sans", "Noto Naskh Arabic", sans-serif; margin: 1.5em; }
table.kwic { border-collapse: collapse; width: 100%; }
table.kwic th, table.kwic td { padding: 0.2em 0.5em; border-bottom: 1px solid #ddd; vertical-align: top; }
table.kwic th { background: #f4f4f4; }
td.c-left { text-align: right; }
td.c-right { text-align: left; }
td.match { text-align: center; font-weight: bold; white-space: nowrap; unicode-bidi: isolate; }
td.meta { color: #555; font-size: 0.9em; white-space: nowrap; }
tr[dir="rtl"] td.before, tr[dir="rtl"] td.after, tr[dir="rtl"] td.match { font-size: 1.1em; }
"""
_META_BEFORE = ("doc_id", "unit_index", "date")
_META_AFTER = ("pattern", "category", "counted")


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, (str, bool)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return _collapse(str(value))


def _informative(table: pd.DataFrame, column: str) -> bool:
    """Whether a metadata column is worth showing: present, not all missing, not a constant default."""
    if column not in table.columns or (len(table) and table[column].isna().all()):
        return False
    values = table[column]
    if column == "category":
        return bool((values != PATTERN_CATEGORY).any())
    if column == "counted":
        return not bool(values.astype(bool).all())
    if column == "pattern":
        return values.nunique() > 1 or _informative(table, "category")
    return True


def kwic_to_html(table: pd.DataFrame, path: str | os.PathLike[str] | None = None, *,
                 title: str | None = None) -> str:
    """A standalone HTML page of a :func:`kwic` table, Arabic lines laid out right to left.

    Each line is a table row carrying ``dir`` (and ``lang`` when known); every context and match
    cell carries the row's ``dir``, metadata cells ``dir="auto"``. The match is wrapped in
    ``<bdi>`` (and its cell has ``unicode-bidi: isolate``), so numbers and Latin words inside
    Arabic, or Arabic inside English, keep their order. All text is HTML-escaped and the page
    declares UTF-8.

    Layout: a table's columns run in the direction of the *table*, not of the row (CSS 2.1
    section 17.5: a row's ``direction`` only orders the text inside its cells), so ``dir`` on
    a row cannot move its cells. The page therefore does it explicitly. When every line is
    "rtl", the table itself has ``dir="rtl"`` and its columns (before, match, after, in source
    order) run right to left, so the preceding context is on the right of the match. In a table
    with both directions (``dir="ltr"``), the context cells of an "rtl" row are written after,
    match, before: the preceding context again sits on the right of the match, and the following
    context on its left. The context on the left of the match is right-aligned and the one on its
    right left-aligned, so matches line up in the middle column.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`kwic` (at least ``left``, ``match`` and ``right``; without
        ``direction`` each line's direction is taken from its script). ``doc_id``,
        ``unit_index``, ``date``, ``pattern``, ``category`` and ``counted``/``reason`` are shown
        when they say something: not all missing, ``category`` not only the ``"pattern"``
        placeholder, ``counted`` not all true, ``pattern`` not one pattern given alone.
    path : path-like, optional
        Also write the page there (UTF-8), atomically: to a temporary file in the same folder,
        then moved into place, so a failure never leaves a half-written page.
    title : str, optional
        Page title (default: "Keyword in context" and the pattern from ``table.attrs``).

    Returns
    -------
    str
        The HTML page.

    Examples
    --------
    >>> page = kwic(["أدان المجلس الإرهاب بجميع أشكاله."], "إرهاب", window=2).pipe(kwic_to_html)
    >>> '<tr dir="rtl" lang="ar">' in page or '<tr dir="rtl">' in page, "<bdi>الإرهاب</bdi>" in page
    (True, True)
    >>> page = kwic(["Terror & fear <in> 2015"], "terror", window=3).pipe(kwic_to_html, title="A & B")
    >>> "<title>A &amp; B</title>" in page, "&amp; fear &lt;in&gt;" in page
    (True, True)
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame from kwic(), got {type(table).__name__}")
    missing = [c for c in ("left", "match", "right") if c not in table.columns]
    if missing:
        raise ValueError(f"table has no column(s) {missing}; pass the DataFrame returned by kwic()")
    if "direction" in table.columns:
        directions = [str(d) for d in table["direction"].tolist()]
        bad = sorted({d for d in directions if d not in ("rtl", "ltr")})
        if bad:
            raise ValueError(f"direction must be 'rtl' or 'ltr', found {bad}")
    else:
        directions = [text_direction(str(m) + str(a) + str(b))
                      for m, a, b in zip(table["match"], table["left"], table["right"])]
    table_dir = "rtl" if directions and all(d == "rtl" for d in directions) else "ltr"
    mixed = len(set(directions)) > 1
    before_meta = [c for c in _META_BEFORE if _informative(table, c)]
    after_meta = [c for c in _META_AFTER if _informative(table, c)]
    if title is None:
        shown = table.attrs.get("pattern") or table.attrs.get("dictionary")
        if isinstance(shown, list):
            shown = ", ".join(map(str, shown))
        title = f"Keyword in context: {shown}" if shown else "Keyword in context"
    esc = html.escape

    heads = ["context", "match", "context"] if mixed else ["before", "match", "after"]
    header = "".join(f"<th>{esc(h)}</th>" for h in (*before_meta, *heads, *after_meta))
    lines: list[str] = []
    records = table.to_dict("records")
    for record, direction in zip(records, directions):
        lang = record.get("lang")
        lang_attr = f' lang="{esc(str(lang))}"' if isinstance(lang, str) and lang else ""
        before = (f'<td class="before" dir="{direction}">{esc(_cell(record["left"]))}</td>')
        match = (f'<td class="match" dir="{direction}"><bdi>{esc(_cell(record["match"]))}</bdi></td>')
        after = (f'<td class="after" dir="{direction}">{esc(_cell(record["right"]))}</td>')
        cells = [before, match, after] if direction == table_dir else [after, match, before]
        # which context cell is on the left of the match on screen
        first, last = ("c-right", "c-left") if table_dir == "rtl" else ("c-left", "c-right")
        cells[0] = cells[0].replace('<td class="', f'<td class="{first} ', 1)
        cells[2] = cells[2].replace('<td class="', f'<td class="{last} ', 1)
        meta = [f'<td class="meta" dir="auto">{esc(_cell(record[c]))}</td>' for c in before_meta]
        tail = []
        for column in after_meta:
            value = record[column]
            if column == "counted":
                value = "yes" if value else (record.get("reason") or "no")
            tail.append(f'<td class="meta" dir="auto">{esc(_cell(value))}</td>')
        lines.append(f'<tr dir="{direction}"{lang_attr}>{"".join(meta + cells + tail)}</tr>')
    n = len(lines)
    summary = f"{n} line{'s' if n != 1 else ''}"
    if "window" in table.attrs:
        summary += f"; window {table.attrs['window']} {table.attrs.get('window_unit', 'tokens')}"
    if table.attrs.get("dictionary_fingerprint"):
        summary += f"; dictionary {table.attrs['dictionary_fingerprint']}"
    if table.attrs.get("preprocessor"):
        summary += f"; preprocessor {table.attrs['preprocessor']}"
    body = "\n".join(lines)
    page = (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1 dir=\"auto\">{esc(title)}</h1>\n<p>{esc(summary)}</p>\n"
        f"<table class=\"kwic\" dir=\"{table_dir}\">\n<thead><tr>{header}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table>\n</body>\n</html>\n"
    )
    if path is not None:
        write_text(path, page)
        logger.info("wrote %s", path)
    return page
