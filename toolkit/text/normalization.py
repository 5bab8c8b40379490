"""Normalise Arabic, French and English text before counting words: pure ``str -> str`` functions.

The same word reaches a corpus in many spellings: with or without vowel marks (الإِرْهَاب),
stretched by tatweel (الإرهـــاب), with or without hamza on the alef (الإرهاب / الارهاب), with
Arabic-Indic digits (٢٠١٥), curly apostrophes (l’État) or presentation forms copied out of a PDF
(ﻹرهاب). :func:`normalize` maps them onto one form, and each step is also available on its own
(:func:`remove_diacritics`, :func:`remove_tatweel`, :func:`unify_alef`, ...).

Arabic steps use explicit code-point tables, never "decompose and drop the combining marks":
that shortcut (NFD + drop category ``Mn``) also turns ؤ into و, ئ into ي and إ into ا, because
Unicode stores those letters as a base letter plus a combining hamza. Here ؤ and ئ are never
touched, and hamza on alef is removed only by the ``alef`` option.

Defaults are chosen for counting frames and keywords (see :func:`normalize` for each option and
the evidence behind it); :data:`NORMALIZE_DEFAULTS` lists them so that other code (the
``NormalizeOptions`` of :mod:`toolkit.text.preprocess`) can mirror them.

Examples
--------
>>> normalize("أعلنت وزارةُ الداخلية الحربَ على الإرهـــاب عام ٢٠١٥", "ar")
'اعلنت وزارة الداخلية الحرب على الارهاب عام 2015'
>>> normalize("L’État condamne l’attentat", "fr")
"l'état condamne l'attentat"
>>> remove_diacritics("مَسْؤُولٌ رَئِيسٌ")   # ؤ and ئ survive
'مسؤول رئيس'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from toolkit.errors import invalid_value_message

__all__ = [
    "ARABIC_DIACRITICS",
    "TATWEEL",
    "ALEF_VARIANTS",
    "NORMALIZE_DEFAULTS",
    "NormalizationForm",
    "Normalizer",
    "UNDETERMINED_LANGUAGES",
    "base_language",
    "normalize",
    "remove_diacritics",
    "remove_tatweel",
    "unify_alef",
    "unify_alef_maqsura",
    "unify_taa_marbuta",
    "normalize_digits",
    "unify_quotes",
    "strip_accents",
]

NormalizationForm = Literal["NFC", "NFKC"]
_FORMS = ("NFC", "NFKC")


def _chars(*ranges: tuple[int, int]) -> str:
    return "".join(chr(cp) for first, last in ranges for cp in range(first, last + 1))


#: Arabic marks removed by ``diacritics``: harakat, tanwin, shadda, sukun and the other marks
#: of U+064B-U+065F (including the combining hamza U+0654/U+0655 left over once ؤ ئ أ إ are
#: composed), superscript (dagger) alef U+0670, and the Quranic annotation signs U+06D6-U+06ED.
ARABIC_DIACRITICS: frozenset[str] = frozenset(_chars((0x064B, 0x065F), (0x0670, 0x0670),
                                                     (0x06D6, 0x06ED)))
#: Arabic tatweel (kashida), U+0640: a typographic stretch, not a letter.
TATWEEL = "\u0640"
#: Alef with hamza above/below, alef with madda and alef wasla, all unified to bare alef ا.
ALEF_VARIANTS: frozenset[str] = frozenset("\u0623\u0625\u0622\u0671")  # أ إ آ ٱ

_ALEF = "\u0627"
_ALEF_MAQSURA, _YEH = "\u0649", "\u064A"
_TAA_MARBUTA, _HEH = "\u0629", "\u0647"
# Arabic-Indic ٠-٩ and Extended Arabic-Indic (Persian, Urdu) ۰-۹, plus the Arabic decimal and
# thousands separators ٫ ٬ so that "٣٫٥" and "١٬٠٠٠" stay one number.
_DIGIT_MAP = {**{chr(0x0660 + i): str(i) for i in range(10)},
              **{chr(0x06F0 + i): str(i) for i in range(10)},
              "\u066B": ".", "\u066C": ","}
# Apostrophes and single quotes -> '. U+2019 and U+02BC are what French elision (l’État)
# usually carries. The transliteration letters ʻ ʾ ʿ (U+02BB, U+02BE, U+02BF) are left alone.
_APOSTROPHES = "\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u0060\u00B4\uFF07"
# Double quotes and guillemets (Arabic and French quotation marks) -> ".
_DOUBLE_QUOTES = "\u201C\u201D\u201E\u201F\u2033\u2036\u00AB\u00BB\u2039\u203A\uFF02"
_QUOTE_MAP = {**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"')}

# Combining marks of the generic (Latin, Greek, Cyrillic) blocks; Arabic marks are elsewhere.
_GENERIC_MARK_BLOCKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                        (0xFE20, 0xFE2F))
_LATIN_BLOCKS = ((0x00C0, 0x024F), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF))


def _latin_accent_map() -> dict[str, str]:
    """é -> e for every precomposed Latin letter; generic combining marks -> deleted."""
    table: dict[str, str] = {}
    for first, last in _GENERIC_MARK_BLOCKS:
        for cp in range(first, last + 1):
            if unicodedata.category(chr(cp)) in ("Mn", "Me"):
                table[chr(cp)] = ""
    for first, last in _LATIN_BLOCKS:
        for cp in range(first, last + 1):
            char = chr(cp)
            if not unicodedata.name(char, "").startswith("LATIN"):
                continue
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            if base != char:
                table[char] = base
    return table


def _frozen(mapping: Mapping[str, str]) -> Mapping[int, str | None]:
    return MappingProxyType({ord(k): (v if v else None) for k, v in mapping.items()})


# One read-only str.translate table per step (module constants, built once at import).
_DIACRITICS_TABLE = _frozen(dict.fromkeys(ARABIC_DIACRITICS, ""))
_TATWEEL_TABLE = _frozen({TATWEEL: ""})
_ALEF_TABLE = _frozen(dict.fromkeys(ALEF_VARIANTS, _ALEF))
_ALEF_MAQSURA_TABLE = _frozen({_ALEF_MAQSURA: _YEH})
_TAA_MARBUTA_TABLE = _frozen({_TAA_MARBUTA: _HEH})
_DIGITS_TABLE = _frozen(_DIGIT_MAP)
_QUOTES_TABLE = _frozen(_QUOTE_MAP)
_ACCENTS_MAP: Mapping[str, str] = MappingProxyType(_latin_accent_map())
_ACCENTS_TABLE = _frozen(_ACCENTS_MAP)

#: Default of every :func:`normalize` option (read-only). ``accents=None`` means "the
#: language's default": kept for French, stripped otherwise.
NORMALIZE_DEFAULTS: Mapping[str, object] = MappingProxyType({
    "form": "NFKC",
    "diacritics": True,
    "tatweel": True,
    "alef": True,
    "alef_maqsura": False,
    "taa_marbuta": False,
    "digits": True,
    "quotes": True,
    "lowercase": True,
    "accents": None,
})

_LANGS_KEEPING_ACCENTS = frozenset({"fr"})
_MAX_PASSES = 8
_CHUNK_SIZE = 1 << 16


def _require_str(text: object, func: str) -> str:
    if not isinstance(text, str):
        hint = (" Missing texts in a DataFrame are NaN/NA: fill them first (series.fillna(''))."
                if text is None or isinstance(text, float) else "")
        raise TypeError(f"{func}() expects text as str, got {type(text).__name__}.{hint}")
    return text


def remove_diacritics(text: str) -> str:
    """Remove Arabic vowel marks and Quranic signs, keeping every letter (ؤ ئ أ إ included).

    Deletes U+064B-U+065F (fathatan ... sukun, maddah, combining hamza, ...), U+0670 (dagger
    alef) and U+06D6-U+06ED (Quranic annotation signs). The text is first composed (NFC), so a
    hamza typed as a combining mark after و, ي or ا becomes the letter ؤ, ئ or أ and stays.
    Latin accents are untouched (see :func:`strip_accents`).

    Examples
    --------
    >>> remove_diacritics("الإِرْهَابُ")
    'الإرهاب'
    >>> remove_diacritics("مَسْؤُولٌ عَنْ رِئَاسَةِ")
    'مسؤول عن رئاسة'
    >>> remove_diacritics("\u0645\u0633\u0648\u0654\u0648\u0644")  # hamza as a combining mark
    'مسؤول'
    """
    return unicodedata.normalize("NFC", _require_str(text, "remove_diacritics")).translate(
        _DIACRITICS_TABLE)


def remove_tatweel(text: str) -> str:
    """Remove the tatweel (kashida, U+0640) used to stretch words.

    Examples
    --------
    >>> remove_tatweel("الإرهـــاب")
    'الإرهاب'
    """
    return _require_str(text, "remove_tatweel").translate(_TATWEEL_TABLE)


def unify_alef(text: str) -> str:
    """Write أ إ آ ٱ as bare alef ا; ؤ and ئ (hamza on waw and yeh) are left alone.

    The text is first composed (NFC), so ا followed by a combining hamza is unified too.

    Examples
    --------
    >>> unify_alef("أعلن إرهاب آخر ٱلله")
    'اعلن ارهاب اخر الله'
    >>> unify_alef("مسؤول رئيس")
    'مسؤول رئيس'
    """
    return unicodedata.normalize("NFC", _require_str(text, "unify_alef")).translate(_ALEF_TABLE)


def unify_alef_maqsura(text: str) -> str:
    """Write alef maqsura ى as yeh ي (merges على "on" with علي "Ali": see :func:`normalize`).

    Examples
    --------
    >>> unify_alef_maqsura("مستشفى على")
    'مستشفي علي'
    """
    return _require_str(text, "unify_alef_maqsura").translate(_ALEF_MAQSURA_TABLE)


def unify_taa_marbuta(text: str) -> str:
    """Write taa marbuta ة as heh ه.

    Examples
    --------
    >>> unify_taa_marbuta("وزارة الداخلية")
    'وزاره الداخليه'
    """
    return _require_str(text, "unify_taa_marbuta").translate(_TAA_MARBUTA_TABLE)


def normalize_digits(text: str) -> str:
    """Write Arabic-Indic (٠-٩) and Persian/Urdu (۰-۹) digits as ASCII 0-9.

    The Arabic decimal separator ٫ becomes ``.`` and the thousands separator ٬ becomes ``,``.

    Examples
    --------
    >>> normalize_digits("عام ٢٠١٥ و۲۰۱۶، نسبة ٣٫٥")
    'عام 2015 و2016، نسبة 3.5'
    """
    return _require_str(text, "normalize_digits").translate(_DIGITS_TABLE)


def unify_quotes(text: str) -> str:
    """Write curly quotes, primes and guillemets as ASCII ``'`` and ``"``.

    Apostrophes and single quotes (’ ‘ ‚ ‛ ʼ ′ ‵ ´ ` ＇) become ``'``, so French elision is
    found whatever the keyboard (l’État, lʼÉtat -> l'État); double quotes and guillemets
    (“ ” „ ‟ ″ ‶ « » ‹ › ＂) become ``"``. Arabic punctuation (، ؛ ؟) is left as it is.

    Examples
    --------
    >>> unify_quotes("l’État « lutte » contre le “terrorisme”")
    'l\\'État " lutte " contre le "terrorisme"'
    >>> unify_quotes("قال: «الإرهاب» لا دين له، أليس كذلك؟")
    'قال: "الإرهاب" لا دين له، أليس كذلك؟'
    """
    return _require_str(text, "unify_quotes").translate(_QUOTES_TABLE)


def strip_accents(text: str) -> str:
    """Remove accents from Latin letters (é -> e, Ç -> C); Arabic marks are left alone.

    Precomposed Latin letters lose their marks, and combining marks of the generic blocks
    (U+0300-U+036F, U+1AB0-U+1AFF, U+1DC0-U+1DFF, U+20D0-U+20FF, U+FE20-U+FE2F) are deleted.
    Letters without a canonical decomposition (œ æ ø ł ß) are kept.

    Examples
    --------
    >>> strip_accents("Côte d'Ivoire, État, Bogotá, cœur")
    "Cote d'Ivoire, Etat, Bogota, cœur"
    >>> strip_accents("الإِرْهَاب")
    'الإِرْهَاب'
    """
    return _require_str(text, "strip_accents").translate(_ACCENTS_TABLE)


@functools.lru_cache(maxsize=2)
def _form_fold(form: str) -> Mapping[str, str]:
    """Per-character ``form`` normalisation of every BMP character that it changes (pure)."""
    fold = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        mapped = unicodedata.normalize(form, char)
        if mapped != char:
            fold[char] = mapped
    return MappingProxyType(fold)


@functools.lru_cache(maxsize=4)
def _folded(form: str, lowercase: bool) -> Mapping[str, str]:
    """:func:`_form_fold`, then lowercasing, iterated to a fixed point (pure, cached)."""
    fold = _form_fold(form)
    out = {}
    for char, mapped in fold.items():
        for _ in range(_MAX_PASSES):
            again = "".join(fold.get(c, c) for c in (mapped.lower() if lowercase else mapped))
            if again == mapped:
                break
            mapped = again
        out[char] = mapped
    return MappingProxyType(out)


# Every character that some option may change.
_STEP_KEYS = frozenset(ARABIC_DIACRITICS | {TATWEEL} | ALEF_VARIANTS | {_ALEF_MAQSURA, _TAA_MARBUTA}
                       | _DIGIT_MAP.keys() | _QUOTE_MAP.keys() | _ACCENTS_MAP.keys())


@functools.lru_cache(maxsize=4)
def _base_table(form: str, lowercase: bool) -> tuple[Mapping[int, str | int], frozenset[str]]:
    """The option-independent part of every table for ``form`` (pure, cached).

    Returns the translate entries that no option can alter (identity for the Arabic block,
    and the folds whose result contains no character an option changes), and the folded
    characters left to work out per option set.
    """
    table: dict[int, str | int] = {cp: cp for cp in range(0x0600, 0x0700)}
    pending = set()
    for char, mapped in _folded(form, lowercase).items():
        if char in _STEP_KEYS or not _STEP_KEYS.isdisjoint(mapped):
            pending.add(char)
        else:
            table[ord(char)] = mapped
    return MappingProxyType(table), frozenset(pending)


def _char_class(chars: Iterable[str]) -> str:
    """A compact regex character class (ranges of consecutive code points)."""
    cps = sorted(map(ord, chars))
    parts, i = [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        first, last = cps[i], cps[j]
        parts.append(f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}")
        i = j + 1
    return "[" + "".join(parts) + "]"


# Letters frequent enough in Arabic text that one str.replace each beats a regex callback.
_FREQUENT_LETTERS = (*sorted(ALEF_VARIANTS), _ALEF_MAQSURA, _TAA_MARBUTA)


@functools.lru_cache(maxsize=4)
def _pattern(form: str, accents: bool) -> re.Pattern[str]:
    """Characters that some option set may change (one compiled regex per form, pure, cached).

    A match runs on over the Arabic letters that follow, so that a fully vowelled word costs
    one callback, not one per mark. Accented Latin letters are included only when accents are
    stripped, so French text with its accents kept is not slowed down.
    """
    keys = (_folded(form, False).keys() | ARABIC_DIACRITICS | {TATWEEL} | _DIGIT_MAP.keys()
            | _QUOTE_MAP.keys() | (_ACCENTS_MAP.keys() if accents else set()))
    keys -= set(_FREQUENT_LETTERS)
    cls = _char_class(keys)
    return re.compile(cls + "[" + cls[1:-1] + "\\u0600-\\u06ff]*")


class _Plan(NamedTuple):
    """How to apply one option set: frequent 1:1 letter maps, then a regex over the rest."""

    letters: tuple[tuple[str, str], ...]  # e.g. ("أ", "ا"): applied with str.replace
    pattern: re.Pattern[str]              # characters to change, and the Arabic word after them
    table: Mapping[int, str | int | None]  # str.translate table for what `pattern` matches


@functools.lru_cache(maxsize=64)
def _plan(form: str, lowercase: bool, diacritics: bool, tatweel: bool, alef: bool,
          alef_maqsura: bool, taa_marbuta: bool, digits: bool, quotes: bool,
          accents: bool) -> _Plan:
    """The character map of one option set (pure, cached).

    For each character: the quote map if it applies (before compatibility mapping, so ″
    becomes ``"`` and not two primes), else its per-character ``form`` normalisation and
    lowercasing; then the Arabic/digit/accent maps on each resulting character. Their outputs
    (ASCII, ا ي ه, unaccented letters) are left alone by every step, so one pass is enough.
    """
    step: dict[str, str] = {}
    for enabled, mapping in ((diacritics, dict.fromkeys(ARABIC_DIACRITICS, "")),
                             (tatweel, {TATWEEL: ""}), (alef, dict.fromkeys(ALEF_VARIANTS, _ALEF)),
                             (alef_maqsura, {_ALEF_MAQSURA: _YEH}),
                             (taa_marbuta, {_TAA_MARBUTA: _HEH}), (digits, _DIGIT_MAP),
                             (quotes, _QUOTE_MAP), (accents, _ACCENTS_MAP)):
        if enabled:
            step.update(mapping)
    folded = _folded(form, lowercase)
    base, pending = _base_table(form, lowercase)
    changes: dict[str, str] = {}
    for char in step.keys() | pending:
        if quotes and char in _QUOTE_MAP:
            value = _QUOTE_MAP[char]
        else:
            value = folded.get(char, char.lower() if lowercase else char)
            if not step.keys().isdisjoint(value):
                value = "".join(step.get(c, c) for c in value)
        changes[char] = value
    letters = tuple((c, changes.pop(c)) for c in _FREQUENT_LETTERS
                    if len(changes.get(c, "")) == 1 and changes[c] != c)
    table = dict(base)
    table.update((ord(c), v or None) for c, v in changes.items())
    return _Plan(letters, _pattern(form, accents), MappingProxyType(table))


def _resolve_flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__}).")


#: ISO 639 codes that name no single known language (undetermined, multiple, none, missing)
UNDETERMINED_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})


def base_language(lang: str | None) -> str | None:
    """The language part of a code, lower case; None for no code.

    >>> base_language("fr-CA"), base_language("FR_fr"), base_language(" ar "), base_language(None)
    ('fr', 'fr', 'ar', None)
    """
    if lang is None:
        return None
    return lang.strip().lower().replace("_", "-").split("-")[0] or None


def _keeps_accents(lang: str | None) -> bool:
    return base_language(lang) in _LANGS_KEEPING_ACCENTS


def normalize(text: str, lang: str | None, *, form: NormalizationForm = "NFKC",
              diacritics: bool = True, tatweel: bool = True, alef: bool = True,
              alef_maqsura: bool = False, taa_marbuta: bool = False, digits: bool = True,
              quotes: bool = True, lowercase: bool = True, accents: bool | None = None) -> str:
    """Normalise one text for counting words and frames (Arabic, French, English, mixed).

    Arabic steps act on Arabic characters whatever ``lang`` says: an English or French text
    quoting «الإرهاب» gets the quotation normalised too. ``lang`` only sets the default of
    ``accents``: accents are kept for French (``"fr"``, ``"fr-CA"``, ``"fr_FR"``) and stripped
    for every other code and for ``None`` (unknown language), which are handled like English.

    Parameters
    ----------
    text : str
        The text.
    lang : str or None
        Language code of the text (``"ar"``, ``"fr"``, ``"en"``; others and ``None`` are
        treated like ``"en"``).
    form : {"NFKC", "NFC"}, default "NFKC"
        Unicode normalisation. NFKC also maps compatibility characters: the Arabic presentation
        forms that text copied out of PDFs carries (ﻹرهاب -> لارهاب; the ANT news corpus
        has ﻹ), no-break spaces (in 3,830 of its 8,418 articles), ligatures (ﬁ -> fi),
        full-width and superscript digits. It expands a few characters (ﷺ -> صلى الله عليه
        وسلم, ½ -> 1⁄2, ™ -> TM).
        ``"NFC"`` only composes (ا + U+0654 -> أ). Composition always happens first, so ؤ ئ
        typed as letter + combining hamza are kept by both forms.
    diacritics : bool, default True
        Remove Arabic vowel marks and Quranic signs (:data:`ARABIC_DIACRITICS`, by explicit
        code points): "الإِرْهَابُ" -> "الارهاب". News text vowels a word only now and then
        (mostly shadda), so the same word appears with and without marks: of the 5,037 word
        forms with marks in ANT, 4,190 fall on a form the corpus also writes without them.
    tatweel : bool, default True
        Remove tatweel: "الإرهـــاب" -> "الارهاب" (1,820 tatweels in ANT).
    alef : bool, default True
        Unify أ إ آ ٱ to ا: "الإرهاب" -> "الارهاب". ON because hamza spelling varies by outlet
        and writer: ANT has الإرهاب 481 times and الارهاب 150 times, SaudiNewsNet 2,028 and
        189 times (plus الاٍرهاب, tanwin kasr standing in for hamza). ؤ and ئ are never
        changed (pyarabic's ``normalize_hamza`` writes ءرهاب for إرهاب instead).
    alef_maqsura : bool, default False
        Write ى as ي: "مستشفى" -> "مستشفي". OFF because it merges distinct words: على "on"
        and علي "Ali", إلى "to" and إلي "to me" (the Snowball Arabic stemmer keeps them
        apart too: على -> على, علي -> عل). Turn it on for writing that uses ى for final ي.
    taa_marbuta : bool, default False
        Write ة as ه: "الإرهابية" -> "الارهابيه". OFF because NLTK's Snowball Arabic stemmer
        expects ة: it stems الإرهابية to ارهاب but leaves الإرهابيه as ارهابيه (measured,
        ``ECOSYSTEM.md``); ة/ه also separate words (مدرسة "school", مدرسه "his teacher").
    digits : bool, default True
        Write ٠-٩ and ۰-۹ as 0-9 (and ٫ ٬ as ``.`` ``,``): "٢٠١٥" -> "2015", so years and
        numbers match across outlets.
    quotes : bool, default True
        Unify apostrophes and quotes (:func:`unify_quotes`): "l’État" -> "l'état", «...» and
        “...” -> "...". French elision splitting looks for ``'``.
    lowercase : bool, default True
        ``str.lower()``: "L'État" -> "l'état". (Not ``casefold``, which would also turn ß into
        ss.) Arabic has no case.
    accents : bool or None, default None
        Strip Latin accents (:func:`strip_accents`): True strips ("État" -> "etat"), False
        keeps, None uses the language default: kept for French, where they separate words
        (sûr/sur, où/ou, côte/cote) and the Snowball French stemmer expects them (sécurité ->
        sécur, but securite -> securit); stripped
        otherwise, since in English they mostly mark foreign names spelled both ways
        ("Côte d'Ivoire" / "Cote d'Ivoire"). Arabic marks are never touched by this option.

    Returns
    -------
    str
        The normalised text, in Unicode normal form ``form``. It is never longer than the
        input unless a character expands under ``form`` (see above) or under lowercasing
        (İ -> i̇). ``normalize`` is idempotent: applying it twice with the same options gives
        the same result as applying it once.

    Raises
    ------
    TypeError
        If ``text`` is not a str, ``lang`` is neither a str nor None, or an option is not a bool.
    ValueError
        If ``form`` is not "NFC" or "NFKC".

    Notes
    -----
    Order: compose (NFC); lowercase; one pass over the characters to change, which applies the
    per-character ``form`` mapping and the enabled options; then ``form`` normalisation, which
    recomposes what deletions brought together. The last three steps repeat until nothing
    changes (at most once more in practice), which makes the function idempotent. Arabic
    punctuation (، ؛ ؟ ٪) is kept as punctuation. Texts over 64 K characters are processed in
    blocks of whole lines (nothing combines across a line break).

    Speed: about 70 MB/s on the ANT Arabic news articles (one core, default options); fully
    vowelled text is slower (about 14 MB/s).

    Examples
    --------
    Defaults, on Arabic (diacritics, tatweel, alef, digits) and on mixed text:

    >>> normalize("الإِرْهَابُ والإرهـــاب عام ٢٠١٥", "ar")
    'الارهاب والارهاب عام 2015'
    >>> normalize("The word «الإِرْهَاب» means “terror”", "en")
    'the word "الارهاب" means "terror"'

    Each option, off and on:

    >>> normalize("ﻹرهاب", "ar", form="NFC"), normalize("ﻹرهاب", "ar", form="NFKC")
    ('ﻹرهاب', 'لارهاب')
    >>> normalize("الإِرْهَابُ", "ar", diacritics=False, alef=False), normalize("الإِرْهَابُ", "ar", alef=False)
    ('الإِرْهَابُ', 'الإرهاب')
    >>> normalize("الإرهـــاب", "ar", tatweel=False, alef=False), normalize("الإرهـــاب", "ar", alef=False)
    ('الإرهـــاب', 'الإرهاب')
    >>> normalize("أعلن إرهاب آخر", "ar", alef=False), normalize("أعلن إرهاب آخر", "ar")
    ('أعلن إرهاب آخر', 'اعلن ارهاب اخر')
    >>> normalize("على مستشفى", "ar"), normalize("على مستشفى", "ar", alef_maqsura=True)
    ('على مستشفى', 'علي مستشفي')
    >>> normalize("الإرهابية", "ar"), normalize("الإرهابية", "ar", taa_marbuta=True)
    ('الارهابية', 'الارهابيه')
    >>> normalize("٢٠١٥", "ar", digits=False), normalize("٢٠١٥", "ar")
    ('٢٠١٥', '2015')
    >>> normalize("l’État", "fr", quotes=False), normalize("l’État", "fr")
    ('l’état', "l'état")
    >>> normalize("L'État", "fr", lowercase=False), normalize("L'État", "fr")
    ("L'État", "l'état")
    >>> normalize("Côte d'Ivoire", "fr"), normalize("Côte d'Ivoire", "fr", accents=True)
    ("côte d'ivoire", "cote d'ivoire")
    >>> normalize("Côte d'Ivoire", "en"), normalize("Côte d'Ivoire", None, accents=False)
    ("cote d'ivoire", "côte d'ivoire")

    ؤ and ئ are never touched:

    >>> normalize("مسؤول رئيس", "ar")
    'مسؤول رئيس'
    """
    _require_str(text, "normalize")
    return Normalizer(lang, form=form, diacritics=diacritics, tatweel=tatweel, alef=alef,
                      alef_maqsura=alef_maqsura, taa_marbuta=taa_marbuta, digits=digits, quotes=quotes,
                      lowercase=lowercase, accents=accents)(text)


class Normalizer:
    """:func:`normalize` with its options checked once: a picklable ``text -> text`` function.

    Takes the arguments of :func:`normalize` after ``text``. Use it to normalise many short
    strings (token types, dictionary entries), where checking the options each time would cost
    more than the work.

    >>> norm = Normalizer("ar")
    >>> norm("الإِرْهَابُ"), norm("٢٠١٥")
    ('الارهاب', '2015')
    >>> import pickle
    >>> pickle.loads(pickle.dumps(norm))("أمن")
    'امن'
    """

    __slots__ = ("_form", "_lowercase", "_plan", "lang", "options")

    def __init__(self, lang: str | None, **options: Any) -> None:
        if lang is not None and not isinstance(lang, str):
            raise TypeError(f"lang must be a language code (str) or None, got {type(lang).__name__}.")
        unknown = set(options) - set(NORMALIZE_DEFAULTS)
        if unknown:
            raise TypeError(f"unknown normalisation options {sorted(unknown)}; known: {sorted(NORMALIZE_DEFAULTS)}")
        values = {**NORMALIZE_DEFAULTS, **options}
        form = values["form"]
        if form not in _FORMS:
            raise ValueError(invalid_value_message("form", form, _FORMS)
                             + " (NFC composes; NFKC also maps presentation forms and ligatures)")
        flags = {name: _resolve_flag(name, values[name]) for name in (
            "lowercase", "diacritics", "tatweel", "alef", "alef_maqsura", "taa_marbuta", "digits", "quotes")}
        accents = values["accents"]
        strip = not _keeps_accents(lang) if accents is None else _resolve_flag("accents", accents)
        self.lang, self.options = lang, options
        self._form, self._lowercase = form, flags["lowercase"]
        self._plan = _plan(form, accents=strip, **flags)

    def __call__(self, text: str) -> str:
        _require_str(text, "normalize")
        if not text:
            return text
        if len(text) <= _CHUNK_SIZE:
            return _apply(text, self._form, self._lowercase, self._plan)
        # Long texts go line block by line block: Unicode normalisation of a whole string falls
        # to a slow path as soon as one character needs it, and nothing combines across "\n".
        return "".join(_apply(chunk, self._form, self._lowercase, self._plan) for chunk in _chunks(text))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_normalizer_from, (self.lang, self.options))

    def __repr__(self) -> str:
        settings = "".join(f", {k}={v!r}" for k, v in self.options.items())
        return f"Normalizer({self.lang!r}{settings})"


def _normalizer_from(lang: str | None, options: dict[str, Any]) -> Normalizer:
    return Normalizer(lang, **options)




def _chunks(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        cut = text.find("\n", start + _CHUNK_SIZE)
        end = len(text) if cut < 0 else cut + 1
        yield text[start:end]
        start = end


def _apply(text: str, form: str, lowercase: bool, plan: _Plan) -> str:
    table = plan.table

    def replace(match: re.Match[str]) -> str:
        return match.group().translate(table)

    text = unicodedata.normalize("NFC", text)  # compose first: ؤ ئ أ إ as single letters
    for _ in range(_MAX_PASSES):
        if lowercase:
            text = text.lower()
        for old, new in plan.letters:
            text = text.replace(old, new)
        changed = plan.pattern.sub(replace, text)
        composed = unicodedata.normalize(form, changed)
        if composed is changed or composed == changed:
            return composed
        text = composed
    raise RuntimeError(  # pragma: no cover - an invariant, checked by the property tests
        f"normalize() did not reach a fixed point after {_MAX_PASSES} passes on "
        f"{text[:80]!r}; please report this input.")

