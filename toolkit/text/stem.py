"""Stemmers from NLTK that work offline, wrapped as picklable, cached callables.

:func:`stemmer` returns a :class:`Stemmer`: a ``str -> str`` callable that remembers its results,
compares equal by ``(name, lang)`` and pickles to its name and language (so it can be sent to
worker processes). Stemming is an option of the preprocessing, never a default: a stemmer
conflates words that a frame dictionary may want to keep apart.

========== ============ ===========================================================================
name       languages    what it does (NLTK class)
========== ============ ===========================================================================
snowball   ar, fr, en   light suffix/prefix stripping (``SnowballStemmer``); lower-cases its input
isri       ar           root extraction (``ISRIStemmer``, Taghva et al. 2005): aggressive
arlstem    ar           light stemmer (``ARLSTem``, Abainia et al. 2017)
arlstem2   ar           ARLSTem with more suffix rules (``ARLSTem2``, Abainia & Rebbani 2021)
========== ============ ===========================================================================

None of these needs an NLTK data download (checked with the network disabled).

Caveats, measured with NLTK 3.10 on communiqué vocabulary:

* Normalise Arabic first (:func:`toolkit.text.normalize`): the stemmers leave alef wasla (ٱ)
  and, except Snowball, tatweel in place (ISRI turns ``الإرهـاب`` into ``رهـاب``).
* Do **not** fold ta marbuta (ة -> ه) before Snowball: it strips ``ية`` but not ``يه``, so
  ``الإرهابية`` -> ``ارهاب`` while ``الإرهابيه`` -> ``ارهابيه``. The default normaliser keeps ة.
* Snowball Arabic merges the clitic and article forms ``والإرهاب``, ``بالإرهاب``, ``للإرهاب``,
  ``الإرهابية`` into ``ارهاب`` and ``تمويله`` into ``تمويل``, which is usually wanted, but also
  ``وزارة`` ("ministry") into ``زار`` ("visited"), ``بيان`` ("statement") into ``بيا`` and
  ``الولايات`` ("the states") into ``ولا``.
* ISRI returns roots: ``الإرهاب`` -> ``رهب`` (the root of "monk" and "fear" as well),
  ``وزارة`` -> ``وزر`` ("burden, sin"), ``بيان`` -> ``بين`` ("between"). Use it for exploration,
  not for counting a dictionary of terms.
* ARLSTem and ARLSTem2 keep the nisba suffix apart (``الإرهابية`` -> ``ارهابي`` / ``ارهب``,
  ``الإرهاب`` -> ``رهب``) and also turn ``وزارة`` into ``زار``.
* Snowball French and English lower-case their input (``"État"`` -> ``"état"``,
  ``"United"`` -> ``"unit"``); French elided articles must be split off first
  (``"l'état"`` is returned unchanged), which :func:`toolkit.text.tokenize` does.

Lemmatisation
-------------
No lemmatiser is offered. NLTK's only lemmatiser, ``WordNetLemmatizer``, is English only and needs
the ``wordnet`` data download, which fails offline; NLTK has nothing for Arabic or French. The
Arabic lemmatisers available as Python packages are GPL (qalsadi, also wrong on ``أرهاب`` ->
``راهب`` "monk") or need a model download (camel-tools). A stemmer is not a lemmatiser, so none
is presented as one.

References
----------
Taghva, K., Elkhoury, R., Coombs, J. (2005). Arabic stemming without a root dictionary. ITCC 2005.
Abainia, K., Ouamour, S., Sayoud, H. (2017). A novel robust Arabic light stemmer. Journal of
Experimental & Theoretical Artificial Intelligence 29(3).
Abainia, K., Rebbani, H. (2021). Comparing the effectiveness of the improved ARLSTem algorithm
with existing Arabic light stemmers. ICTAACS 2021.
Porter, M. F. (2001). Snowball: a language for stemming algorithms. https://snowballstem.org

Examples
--------
>>> stem = stemmer("snowball", "ar")
>>> [stem(w) for w in ["والإرهاب", "بالإرهاب", "للإرهاب", "الإرهابية"]]
['ارهاب', 'ارهاب', 'ارهاب', 'ارهاب']
>>> stemmer("snowball", "fr")("terroristes")
'terror'
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, Protocol

from toolkit.errors import invalid_value_message

__all__ = ["STEMMERS", "Stemmer", "stemmer"]

logger = logging.getLogger(__name__)

StemmerName = Literal["snowball", "isri", "arlstem", "arlstem2"]

#: The languages each stemmer knows.
STEMMERS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "snowball": ("ar", "en", "fr"),
    "isri": ("ar",),
    "arlstem": ("ar",),
    "arlstem2": ("ar",),
})

_SNOWBALL_LANGUAGE = {"ar": "arabic", "fr": "french", "en": "english"}
_DEFAULT_MAX_CACHE = 500_000


class _NLTKStemmer(Protocol):
    def stem(self, word: str) -> str: ...


def _available() -> str:
    """'ar: arlstem, arlstem2, isri, snowball; en: snowball; fr: snowball' (for error messages)."""
    langs = sorted({lang for known in STEMMERS.values() for lang in known})
    per_lang = [f"{lang}: {', '.join(sorted(n for n, k in STEMMERS.items() if lang in k))}"
                for lang in langs]
    return "; ".join(per_lang)


def _check(name: str, lang: str) -> None:
    if name not in STEMMERS:
        raise ValueError(f"{invalid_value_message('name', name, STEMMERS)}. "
                         f"Stemmers available per language: {_available()}.")
    known = {lang for langs in STEMMERS.values() for lang in langs}
    if lang not in known:
        raise ValueError(f"{invalid_value_message('lang', lang, known)}. "
                         f"Stemmers available per language: {_available()}.")
    if lang not in STEMMERS[name]:
        here = sorted(n for n, langs in STEMMERS.items() if lang in langs)
        raise ValueError(f"stemmer {name!r} does not know lang={lang!r}: it knows "
                         f"{list(STEMMERS[name])}. For lang={lang!r} use one of {here}.")


def _build(name: str, lang: str) -> _NLTKStemmer:
    """The NLTK stemmer object; NLTK is imported here, never when this module is imported."""
    if name == "snowball":
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer(_SNOWBALL_LANGUAGE[lang])
    if name == "isri":
        from nltk.stem.isri import ISRIStemmer

        return ISRIStemmer()
    if name == "arlstem":
        from nltk.stem.arlstem import ARLSTem

        return ARLSTem()
    from nltk.stem.arlstem2 import ARLSTem2

    return ARLSTem2()


class Stemmer:
    """A ``str -> str`` stemmer with a per-instance cache of its results.

    Build it with :func:`stemmer`. Two stemmers are equal (and hash alike) when their ``name`` and
    ``lang`` are; the cache is not part of the identity. Pickling keeps ``name``, ``lang`` and
    ``max_cache`` only: the unpickled copy rebuilds the NLTK object and starts with an empty cache.

    Parameters
    ----------
    name : {"snowball", "isri", "arlstem", "arlstem2"}
        The NLTK stemmer (see the module documentation for what each does).
    lang : {"ar", "fr", "en"}
        Language of the words. ``isri``, ``arlstem`` and ``arlstem2`` are Arabic only.
    max_cache : int, default 500_000
        The cache is emptied when it reaches this many words (bounded memory: about 100 MB
        at worst). ``0`` turns caching off.

    Raises
    ------
    ValueError
        If the name or language is unknown, or the stemmer does not know the language.

    Examples
    --------
    >>> stem = Stemmer("isri", "ar")
    >>> stem("الإرهاب"), stem.cache_size
    ('رهب', 1)
    >>> stem == Stemmer("isri", "ar"), stem == Stemmer("snowball", "ar")
    (True, False)
    >>> import pickle
    >>> pickle.loads(pickle.dumps(stem))
    Stemmer(name='isri', lang='ar')
    """

    __slots__ = ("_cache", "_lang", "_max_cache", "_name", "_stem")

    def __init__(self, name: StemmerName, lang: str, *, max_cache: int = _DEFAULT_MAX_CACHE):
        _check(name, lang)
        if isinstance(max_cache, bool) or not isinstance(max_cache, int) or max_cache < 0:
            raise ValueError(f"max_cache must be an integer >= 0, got {max_cache!r}")
        self._name = name
        self._lang = lang
        self._max_cache = max_cache
        self._stem = _build(name, lang).stem
        self._cache: dict[str, str] = {}

    @property
    def name(self) -> str:
        """The stemmer's name: ``"snowball"``, ``"isri"``, ``"arlstem"`` or ``"arlstem2"``."""
        return self._name

    @property
    def lang(self) -> str:
        """The language code the stemmer was built for."""
        return self._lang

    @property
    def max_cache(self) -> int:
        """The number of cached words at which the cache is emptied."""
        return self._max_cache

    @property
    def cache_size(self) -> int:
        """How many words the cache holds now."""
        return len(self._cache)

    def clear_cache(self) -> None:
        """Forget every cached result."""
        self._cache.clear()

    def __call__(self, word: str) -> str:
        """Stem one word (a token, not a text)."""
        cache = self._cache
        try:
            return cache[word]
        except KeyError:
            pass
        result = self._stem(word)
        if self._max_cache:
            if len(cache) >= self._max_cache:
                logger.debug("stemmer cache of %s/%s full (%d words): emptied",
                             self._name, self._lang, len(cache))
                cache.clear()
            cache[word] = result
        return result

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Stemmer):
            return NotImplemented
        return (self._name, self._lang) == (other._name, other._lang)

    def __hash__(self) -> int:
        return hash((Stemmer, self._name, self._lang))

    def __repr__(self) -> str:
        return f"Stemmer(name={self._name!r}, lang={self._lang!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"name": self._name, "lang": self._lang, "max_cache": self._max_cache}

    def __setstate__(self, state: dict[str, Any]) -> None:
        Stemmer.__init__(self, state["name"], state["lang"], max_cache=state["max_cache"])


def stemmer(name: StemmerName, lang: str, *, max_cache: int = _DEFAULT_MAX_CACHE) -> Stemmer:
    """A stemmer for one language, as a cached, picklable ``str -> str`` callable.

    Parameters
    ----------
    name : {"snowball", "isri", "arlstem", "arlstem2"}
        ``"snowball"`` knows ``"ar"``, ``"fr"`` and ``"en"``; ``"isri"``, ``"arlstem"`` and
        ``"arlstem2"`` are Arabic only. The module documentation lists what each does and its
        measured caveats.
    lang : {"ar", "fr", "en"}
        Language of the words to stem.
    max_cache : int, default 500_000
        Size at which the per-instance cache is emptied; ``0`` turns caching off.

    Returns
    -------
    Stemmer
        Call it on single tokens. Feed it normalised tokens (:func:`toolkit.text.normalize`);
        for Arabic, keep ة (the default) when using Snowball.

    Raises
    ------
    ValueError
        If ``name`` or ``lang`` is unknown, or ``name`` does not know ``lang``; the message lists
        the stemmers available for each language.

    Examples
    --------
    >>> stem = stemmer("snowball", "en")
    >>> [stem(w) for w in ["terrorism", "terrorists", "condemns"]]
    ['terror', 'terrorist', 'condemn']
    >>> stemmer("arlstem2", "ar")("والإرهاب")
    'رهب'
    >>> stemmer("isri", "fr")
    Traceback (most recent call last):
    ...
    ValueError: stemmer 'isri' does not know lang='fr': it knows ['ar']. For lang='fr' use one ...
    """
    return Stemmer(name, lang, max_cache=max_cache)
