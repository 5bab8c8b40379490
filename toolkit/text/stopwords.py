"""Stop-word lists for Arabic, French and English, shipped with the package and reviewed for
political discourse analysis.

The lists come from Stopwords ISO (MIT licence, via the PyPI package ``stopwordsiso`` 0.7.1, which
is *not* a dependency: the reviewed lists are files in ``toolkit/data/stopwords/``). The review
removed words that frame analysis needs to see: stance and opposition (ضد, *contre*, *against*),
negation (لا, لم, لن, ليس, غير, عدم; *ne*, *pas*, *non*, *aucun*; *not*, *no*, *never* and the
negated auxiliaries), evaluation and intensity (*strongly*, *welcome*, *vive*, *plein*) and
content words of political text (*état*, *force*, *state*, *members*, قوة, وقف). Every removal
and its reason is listed in ``toolkit/data/stopwords/SOURCES.md``.

Negation is kept out of the lists on purpose: "no military solution", « ne reconnaît pas »,
لا تفاوض مع الإرهاب are the statements a frame analysis codes. To drop negation too, add it back:
``stop_words("en") | {"not", "no", "never"}``.

Arabic entries are normalised exactly like the text (by default
:func:`toolkit.text.normalization.normalize` with its default options) and expanded with proclitic
forms, so that ``وفي``, ``ولكن``, ``فإن``, ``بهذا``, ``والذي`` and ``للذي`` are stop words as well:

* every word of two letters or more gets the prefixes و ف ب ك ل and the chains وب ول وك فب فل فك
  (``لذلك``, ``ولذلك``, ``وبهذا``);
* for words starting with the article ال, a prefix ending in ل merges with it: ``ل`` + ``الذي`` ->
  ``للذي``, ``ول`` + ``الذي`` -> ``وللذي``; the others simply attach: ``والذي``, ``بالذي``;
* generated forms that are frequent content words in Arabic news are not added (``ولي`` as in
  ولي العهد "crown prince", ``فهم`` "understanding", ``فعل`` "act", ``لله`` "to God", ``باذن``
  as in بإذن الله ...; the full list with glosses is in SOURCES.md).

French lists include the elided forms that :func:`toolkit.text.tokenize` emits (``l'``, ``d'``,
``qu'``, ``jusqu'`` ...) except the negative ``n'``; English lists include the clitics of split
contractions (``'s``, ``'re``, ``'ll``, ``'ve``, ``'d``, ``'m``) but not ``n't``.

Examples
--------
>>> from toolkit.text.normalization import normalize
>>> ar = stop_words("ar")
>>> all(normalize(w, "ar") in ar for w in ["في", "وفي", "ولكن", "فإن", "بهذا", "والذي"])
True
>>> "ضد" in ar, "لا" in ar
(False, False)
>>> sorted(w for w in stop_words("fr") if w.endswith("'"))[:4]
["c'", "d'", "j'", "jusqu'"]
>>> "against" in stop_words("en"), "the" in stop_words("en")
(False, True)
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Literal

from toolkit.errors import invalid_value_message
from toolkit.text.normalization import normalize as _normalize

__all__ = ["LANGUAGES", "stop_words"]

logger = logging.getLogger(__name__)

Language = Literal["ar", "fr", "en"]

#: Languages with a shipped stop-word list.
LANGUAGES: tuple[str, ...] = ("ar", "en", "fr")

_DATA_DIR = ("data", "stopwords")

# Proclitic prefixes and the chains of two that occur before function words.
_PREFIXES = ("و", "ف", "ب", "ك", "ل", "وب", "ول", "وك", "فب", "فل", "فك")
_ARTICLE = "ال"

# Generated clitic forms that are (mostly) other words: never added. Normalised before use.
_CLITIC_EXCLUSIONS: Mapping[str, str] = MappingProxyType({
    "ولي": "guardian, crown prince (ولي العهد)",
    "كلي": "total, kidney", "وكلي": "and total",
    "بلي": "worn out", "للي": "colloquial relative",
    "فهم": "understanding",
    "فعل": "act, verb, did",
    "لله": "to God (الحمد لله)", "ولله": "and to God", "فلله": "so to God",
    "كاف": "sufficient",
    "لام": "blamed; the letter lam",
    "وام": "WAM, the Emirates news agency",
    "لبن": "milk",
    "لبيد": "Labid (a name)",
    "كهل": "middle-aged man", "كهلا": "middle-aged man (acc.)",
    "كفى": "enough!", "وكفى": "and enough",
    "باذن": "by the permission of (بإذن الله)", "وباذن": "and by the permission of",
    "فباذن": "so by the permission of",
    "لعن": "cursed",
    "لهب": "flame", "وهب": "gave; Wahb (a name)",
    "وهج": "glare",
    "كسوف": "eclipse",
    "كوفي": "Kufic",
    "بكيت": "I cried",
    "لمع": "shone",
    "لوي": "twisted",
    "بليت": "was afflicted",
    "بعدا": "dimension (acc.)", "وبعدا": "and a dimension",
    "لهو": "amusement",
    "فاض": "overflowed",
    "لاذ": "took refuge", "ولاذ": "and took refuge",
    "فمه": "his mouth",
    "ولاه": "appointed him; his loyalty",
    "بلدي": "my country; municipal", "بلديه": "his country; municipality",
    "بلديها": "her country", "بلديهم": "their country", "بلديهما": "their two countries",
    "بلديهن": "their country", "بلدينا": "our (two) countries", "بلديكم": "your country",
    "لعنه": "cursed him", "ولعنه": "and cursed him", "فلعنه": "so cursed him",
    "لعنها": "cursed her", "لعنهم": "cursed them",
    "كاليه": "Calais",
})


@functools.lru_cache(maxsize=len(LANGUAGES))
def _read_list(lang: str) -> tuple[str, ...]:
    """The words of ``toolkit/data/stopwords/<lang>.txt`` as spelled there (comments skipped)."""
    path = resources.files("toolkit").joinpath(*_DATA_DIR, f"{lang}.txt")
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.append(word)
    logger.debug("read %d stop words for %s from %s", len(words), lang, path)
    return tuple(words)


def _clitic_forms(words: Iterable[str]) -> set[str]:
    """Proclitic forms of normalised Arabic words (see the module documentation)."""
    forms = set()
    for word in words:
        if len(word) < 2:
            continue
        merge = word[1:] if word.startswith(_ARTICLE) else None
        for prefix in _PREFIXES:
            if merge is not None and prefix.endswith("ل"):
                forms.add(prefix + merge)          # ل + الذي -> للذي
            else:
                forms.add(prefix + word)
    return forms


def _build(lang: str, normalize: Callable[[str], str], clitic_forms: bool) -> frozenset[str]:
    words = {normalize(word) for word in _read_list(lang)}
    if lang == "ar" and clitic_forms:
        excluded = {normalize(word) for word in _CLITIC_EXCLUSIONS}
        generated = {normalize(form) for form in _clitic_forms(words)}
        words |= generated - excluded
    words.discard("")
    return frozenset(words)


@functools.lru_cache(maxsize=2 * len(LANGUAGES))
def _default_stop_words(lang: str, clitic_forms: bool) -> frozenset[str]:
    def normalize(word: str) -> str:
        return _normalize(word, lang)

    return _build(lang, normalize, clitic_forms)


def stop_words(lang: Language, *, normalize: Callable[[str], str] | None = None,
               clitic_forms: bool = True) -> frozenset[str]:
    """The shipped stop-word list of a language, normalised like the text it will filter.

    Parameters
    ----------
    lang : {"ar", "fr", "en"}
        Language of the list.
    normalize : callable or None, default None
        Applied to every entry (and, for Arabic, to every clitic form) so that the list matches
        tokens normalised the same way; empty results are dropped. ``None`` means
        ``toolkit.text.normalization.normalize(word, lang)`` with its default options (for
        French and English: lower case and ’ -> '; English also loses accents). Pass the
        normaliser of your pipeline when it uses other options, or ``str`` to get the entries
        as spelled in the file.
    clitic_forms : bool, default True
        Arabic only: add the proclitic forms of every entry (و ف ب ك ل and their chains, وال,
        بال, لل ...), as described in the module documentation. Ignored for French and English,
        whose elided and contracted forms are entries of the list.

    Returns
    -------
    frozenset of str
        With the default normaliser the result is computed once per ``(lang, clitic_forms)`` and
        cached; with a custom ``normalize`` it is computed on every call (about 5,000 calls of
        ``normalize`` for Arabic), so keep the result rather than calling again per document.

    Raises
    ------
    ValueError
        If there is no list for ``lang``.
    TypeError
        If ``normalize`` is neither None nor callable.

    Examples
    --------
    >>> len(stop_words("ar")) > len(stop_words("ar", clitic_forms=False))
    True
    >>> "للذي" in stop_words("ar"), "للذي" in stop_words("ar", clitic_forms=False)
    (True, False)
    >>> "aujourd'hui" in stop_words("fr")
    True
    >>> "Le" in stop_words("fr", normalize=str), "le" in stop_words("fr", normalize=str)
    (False, True)
    >>> stop_words("de")
    Traceback (most recent call last):
    ...
    ValueError: lang='de' is invalid; must be one of ['ar', 'en', 'fr']. ...
    """
    if lang not in LANGUAGES:
        raise ValueError(f"{invalid_value_message('lang', lang, LANGUAGES)}. Stop-word lists are "
                         "shipped for these languages only; for another language pass your own "
                         "list (e.g. Preprocessor(stop_words=[...])).")
    if normalize is None:
        return _default_stop_words(lang, bool(clitic_forms))
    if not callable(normalize):
        raise TypeError(f"normalize must be a callable str -> str or None, got "
                        f"{type(normalize).__name__}")
    return _build(lang, normalize, bool(clitic_forms))
