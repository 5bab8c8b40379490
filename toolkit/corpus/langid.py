"""Guess the language of a text offline: by script, then by function words for Latin script.

The toolkit needs a ``lang`` docvar for communiqués in Arabic, French and English (and the other
UN languages). This module does it without models, downloads or dependencies, with a rule that
can be read in full:

1. Take the first :data:`MAX_CHARS` characters (when the first 400 characters hold at least
   150 letters, nine in ten of one script, only those are counted: the answer is the same and
   comes faster). Count the letters (``str.isalpha``) of each
   script: Arabic (U+0600–U+06FF, U+0750–U+077F, U+08A0–U+08FF and the presentation forms
   U+FB50–U+FDFF, U+FE70–U+FEFF; harakat, digits and tatweel are not letters), Latin, Cyrillic,
   Han (with Japanese kana beside it) and any other script. Fewer than :data:`MIN_LETTERS`
   letters give ``default``.
2. The script with the most letters wins; a mixed document goes by its majority script, so an
   Arabic communiqué quoting an English name is ``"ar"``. Cyrillic -> ``"ru"``; Han -> ``"zh"``
   (``"ja"`` when kana make up at least 10 % of the Han and kana letters); another script ->
   ``default``.
3. Arabic script -> ``"ar"``, or ``"fa"`` only when the Persian letters clearly dominate: at
   least two of پ چ ژ گ, and the Persian letters (پ چ ژ گ ک ی) outnumber the letters Persian
   spelling does not use (ة ي ك ى) more than twice over.
4. Latin script -> ``"fr"``, ``"en"`` or ``"es"``, whichever scores highest. Each word (split at
   anything that is not a letter, so ``l'ONU`` gives ``l`` and ``ONU``; then lower-cased; words
   of two or more capitals are skipped as acronyms unless most words are capitalised, as in an
   all-caps title, so the "UN" of "UN chief" is not the French article ``un``) found in a
   language's list of very frequent function words (:data:`FUNCTION_WORDS`, about fifty per
   language, written for this module from general knowledge of the three languages, not copied
   from any list) adds 1 to that language; any other word with a French accent (è ê à ç ù û ô
   î ï ë â œ) adds 1 to French, with a Spanish one (ñ á í ó ú) adds 1 to Spanish, with only é adds
   1 to French and 0.5 to Spanish; a word with an ending typical of one language
   (:data:`SUFFIXES`, e.g. English ``-ing``/``-ity``, French ``-eux``/``-ique``, Spanish
   ``-dad``/``-ado``; also written for this module) or, for English, containing ``th`` or
   starting with ``wh``, adds 0.5; ``¿``/``¡`` add 1 to Spanish each. Only the first
   :data:`MAX_LATIN_WORDS` words are scored, and scoring stops early (checked every 50 words)
   once one language leads by 20 points and at least three to one. A top score of zero, or a
   tie at the top, gives ``default``.

Limits: other Latin-script languages get the nearest of fr/en/es; other Arabic-script languages
(Urdu, Pashto, Kurdish) come out as ``"fa"`` or ``"ar"``; every Cyrillic text is ``"ru"``; a
short headline without any function word or accent gives ``default``.

Examples
--------
>>> detect_language("أدان مجلس الأمن بشدة الهجوم الإرهابي")
'ar'
>>> detect_language("Le Conseil de sécurité condamne l'attentat")
'fr'
>>> detect_languages(["The Council condemns the attack", "2024", ""])
['en', 'und', 'und']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

__all__ = ["FUNCTION_WORDS", "MAX_CHARS", "MAX_LATIN_WORDS", "MIN_LETTERS", "SUFFIXES", "detect_language",
           "detect_languages"]

#: Only the first ``MAX_CHARS`` characters of a text are read.
MAX_CHARS = 2000
#: Texts with fewer letters than this get the default.
MIN_LETTERS = 3

#: Very frequent function words per language (written for this module).
FUNCTION_WORDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "fr": frozenset(
        "le la les l un une des du de d et est sont au aux en dans par pour sur avec sans sous "
        "entre ce cette ces cet qui que qu dont où ne pas plus il elle ils elles nous vous leur "
        "leurs son sa ses notre nos se été être ont mais ou donc aussi tout tous toute toutes "
        "même selon lors après contre depuis vers chez".split()),
    "en": frozenset(
        "the of and to in is that for it with as was on be by this are have from at or an which "
        "not but were has had its their they he she we his her been will would can also there "
        "than who more all about other into these those such any our may shall should no".split()),
    "es": frozenset(
        "el la los las lo de del al y o en que por para con sin sobre entre un una unos unas es "
        "son se su sus no más como pero este esta estos estas ese esa ha han fue ser está hay "
        "muy ya cuando donde todo todos también nos sí haya sea sean otro otra otros cual".split()),
})

#: Word endings typical of one language, weaker evidence than function words (written for this
#: module). English also counts words containing "th" or starting with "wh".
SUFFIXES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "fr": ("eux", "aux", "eau", "eaux", "oir", "oirs", "ique", "iques", "aient", "ait", "ois",
           "oise", "elle", "elles", "itre", "itres", "ale"),
    "en": ("ing", "ings", "ship", "ships", "ness", "ity", "ies", "ould", "ght", "ghts"),
    "es": ("ciones", "dad", "dades", "ado", "ados", "ada", "adas", "ido", "idos", "ida", "idas",
           "mente", "ario", "arios", "aria", "arias", "ismo"),
})

_ACCENTS = {"fr": frozenset("èêàçùûôîïëâœ"), "es": frozenset("ñáíóú")}
#: Latin-script texts are scored on their first ``MAX_LATIN_WORDS`` words (ample for three
#: languages whose function words make up about half of running text; keeps detection fast).
MAX_LATIN_WORDS = 400

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
                  (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_LATIN_RANGES = ((0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x024F), (0x1E00, 0x1EFF))
_CYRILLIC_RANGES = ((0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F))
# Han ideographs are all letters: these ranges are used as they are (checking each code point
# would make the import slow).
_HAN_CLASS = ("[\u3005\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
              "\U00020000-\U0003134f]")
_KANA_RANGES = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9D))


def _letter_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regex character class of the letters (``isalpha``, not tatweel) in ``ranges``."""
    parts = []
    for low, high in ranges:
        start = None
        for cp in range(low, high + 2):
            is_letter = cp <= high and chr(cp).isalpha() and cp != 0x0640
            if is_letter and start is None:
                start = cp
            elif not is_letter and start is not None:
                parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(cp - 1))
                                                      if cp - 1 > start else ""))
                start = None
    return "[" + "".join(parts) + "]"


_WORD_LANGS = {word: tuple(lang for lang, words in FUNCTION_WORDS.items() if word in words)
               for word in frozenset().union(*FUNCTION_WORDS.values())}
_LATIN_CLASS = _letter_class(_LATIN_RANGES)
_SCRIPT_RES = {
    "arabic": re.compile(_letter_class(_ARABIC_RANGES)),
    "latin": re.compile(_LATIN_CLASS),
    "cyrillic": re.compile(_letter_class(_CYRILLIC_RANGES)),
    "han": re.compile(_HAN_CLASS),
    "kana": re.compile(_letter_class(_KANA_RANGES)),
}
_LETTER_RE = re.compile(r"[^\W\d_]")
_LATIN_WORD_RE = re.compile(_LATIN_CLASS + "+")
_PRESENTATION_FORM_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_PCHZG = frozenset("\u067e\u0686\u0698\u06af")  # پ چ ژ گ
_PERSIAN_ONLY = _PCHZG | frozenset("\u06a9\u06cc")  # + ک ی
_ARABIC_ONLY = frozenset("\u0629\u064a\u0643\u0649")  # ة ي ك ى
_SCRIPT_LANGUAGE = {"cyrillic": "ru"}


def detect_language(text: str, *, default: str = "und") -> str:
    """Guess the language of one text, offline and by a documented rule.

    Parameters
    ----------
    text : str
        The text; only its first :data:`MAX_CHARS` characters are read.
    default : str, default "und"
        Returned when the text has fewer than :data:`MIN_LETTERS` letters, is in a script the
        rule does not cover, or is Latin script without evidence for French, English or Spanish.
        ``"und"`` is the ISO 639-2 code for "undetermined".

    Returns
    -------
    str
        An ISO 639-1 code: ``"ar"``, ``"fa"``, ``"fr"``, ``"en"``, ``"es"``, ``"ru"``, ``"zh"``,
        ``"ja"``, or ``default``. See the module docstring for the rule and its limits.

    Raises
    ------
    TypeError
        ``text`` is not a string.

    Examples
    --------
    >>> detect_language("NOUS, PEUPLES DES NATIONS UNIES")
    'fr'
    >>> detect_language("WE THE PEOPLES OF THE UNITED NATIONS")
    'en'
    >>> detect_language("Устав Организации Объединенных Наций")
    'ru'
    >>> detect_language("联合国宪章")
    'zh'
    >>> detect_language("1945", default="xx")
    'xx'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}; fill missing texts "
                        "first, e.g. series.fillna('')")
    sample = text[:MAX_CHARS]
    if _PRESENTATION_FORM_RE.search(sample):  # Arabic from PDFs: map forms to plain letters
        sample = unicodedata.normalize("NFKC", sample)
    counts, n_letters = _script_counts(sample[:_QUICK_CHARS])
    if n_letters < _QUICK_LETTERS or max(counts.values()) < 0.9 * n_letters:
        counts, n_letters = _script_counts(sample)  # mixed or short start: read the whole sample
    if n_letters < MIN_LETTERS:
        return default
    counts["han"] += counts.pop("kana")
    counts["other"] = n_letters - sum(counts.values())
    script = max(counts, key=counts.__getitem__)
    if script == "arabic":
        return _arabic_or_persian(sample)
    if script == "latin":
        return _latin_language(sample, default=default)
    if script == "han":
        n_kana = len(_SCRIPT_RES["kana"].findall(sample))
        return "ja" if n_kana >= 0.1 * counts["han"] else "zh"
    return _SCRIPT_LANGUAGE.get(script, default)


def detect_languages(texts: Iterable[str], *, default: str = "und") -> list[str]:
    """Apply :func:`detect_language` to each text.

    Parameters
    ----------
    texts : iterable of str
        E.g. a list, or the ``text`` column of a corpus.
    default : str, default "und"
        See :func:`detect_language`.

    Returns
    -------
    list of str
        One code per text, in order.

    Raises
    ------
    TypeError
        An element is not a string (the message gives its position).

    Examples
    --------
    >>> detect_languages(["بيان صادر عن وزارة الخارجية", "Communiqué de presse du ministère"])
    ['ar', 'fr']
    """
    if isinstance(texts, str):
        raise TypeError("texts must be an iterable of strings, not one string; use "
                        "detect_language() for a single text")
    out = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is {type(text).__name__}, expected str; fill missing "
                            "texts first, e.g. series.fillna('')")
        out.append(detect_language(text, default=default))
    return out


def _arabic_or_persian(sample: str) -> str:
    n_pchzg = sum(sample.count(c) for c in _PCHZG)
    if n_pchzg < 2:
        return "ar"
    n_persian = sum(sample.count(c) for c in _PERSIAN_ONLY)
    n_arabic = sum(sample.count(c) for c in _ARABIC_ONLY)
    return "fa" if n_persian > 2 * n_arabic else "ar"


_CHECK_EVERY = 50
_QUICK_CHARS = 400
_QUICK_LETTERS = 150


def _script_counts(sample: str) -> tuple[dict[str, int], int]:
    counts = {script: len(regex.findall(sample)) for script, regex in _SCRIPT_RES.items()}
    return counts, len(_LETTER_RE.findall(sample))


def _decided(scores: dict[str, float]) -> bool:
    """Stop early once one language leads by 20 points and at least three to one."""
    top, second = sorted(scores.values(), reverse=True)[:2]
    return top - second >= 20 and top >= 3 * second


def _latin_language(sample: str, *, default: str) -> str:
    scores = {"fr": 0.0, "en": 0.0, "es": 0.0}
    words = _LATIN_WORD_RE.findall(sample)
    n_upper = sum(1 for word in words if word.isupper())
    if n_upper <= len(words) / 2:  # not an all-caps title: "UN", "ONU", "EU" are acronyms
        words = [word for word in words if len(word) == 1 or not word.isupper()]
    for n_seen, word in enumerate(map(str.lower, words[:MAX_LATIN_WORDS]), start=1):
        if n_seen % _CHECK_EVERY == 0 and _decided(scores):
            break
        hits = _WORD_LANGS.get(word)
        if hits:
            for lang in hits:
                scores[lang] += 1
            continue
        letters = set(word)
        if letters & _ACCENTS["fr"]:
            scores["fr"] += 1
        elif letters & _ACCENTS["es"]:
            scores["es"] += 1
        elif "é" in letters:
            scores["fr"] += 1
            scores["es"] += 0.5
        for lang, endings in SUFFIXES.items():
            if word.endswith(endings):
                scores[lang] += 0.5
        if "th" in word or word.startswith("wh"):
            scores["en"] += 0.5
    scores["es"] += sample.count("¿") + sample.count("¡")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top == 0 or top == second:
        return default
    return best
