"""The :class:`Preprocessor`: one frozen, hashable configuration from raw text to tokens.

A preprocessor chains the steps of :mod:`toolkit.text` in a fixed order::

    normalise  ->  tokenise  ->  drop stop words  ->  stem  ->  drop tokens shorter than min_length

and is recorded in every result computed from its tokens (a :class:`toolkit.dtm.DTM`, frame
counts, keyness tables ...), together with its :attr:`~Preprocessor.fingerprint`, so that a
figure can always say how its words were counted. Change a setting with
:func:`dataclasses.replace`; the object itself never changes.

Each document is processed with its own language: ``preprocessor(text, lang)``. The
preprocessor's ``lang`` is only the default for texts that come without one.

Examples
--------
>>> pre = Preprocessor(lang="fr")
>>> pre("L’État condamne le terrorisme, en 2015.")
["l'", 'état', 'condamne', 'le', 'terrorisme', 'en']
>>> Preprocessor(lang="ar")("والإرهاب بالإرهاب للإرهاب")
['الارهاب', 'الارهاب', 'الارهاب']
>>> Preprocessor(lang="ar") == Preprocessor(lang="ar")
True
>>> len(Preprocessor().fingerprint)
16
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from toolkit.errors import invalid_value_message
from toolkit.text.normalization import NORMALIZE_DEFAULTS
from toolkit.text.normalization import Normalizer, base_language
from toolkit.text.normalization import normalize as _normalize
from toolkit.text.stem import STEMMERS
from toolkit.text.stem import stemmer as _stemmer
from toolkit.text.stopwords import stop_words as _stop_words
from toolkit.text.tokenization import tokenize as _tokenize

__all__ = ["NormalizeOptions", "Preprocessor"]

logger = logging.getLogger(__name__)

Clitics = Literal["none", "conservative", "aggressive"]
StemmerName = Literal["snowball", "isri", "arlstem", "arlstem2"]

_FORMS = ("NFC", "NFKC")
_CLITICS = ("none", "conservative", "aggressive")
_ARTICLE = ("keep", "strip")
_CONTRACTIONS = ("split", "keep")
_HYPHENS = ("keep", "split")
_STEMMERS = tuple(STEMMERS)


@dataclass(frozen=True)
class NormalizeOptions:
    """The options of :func:`toolkit.text.normalize`, frozen so a preprocessor can record them.

    Every field is the keyword option of the same name (see :func:`toolkit.text.normalize` for
    what each one does, with examples); the defaults are the function's defaults. Case folding
    is not here: it is :attr:`Preprocessor.lowercase`, one setting in one place.

    Parameters
    ----------
    form : {"NFKC", "NFC"}
        Unicode normal form. NFKC also maps Arabic presentation forms (U+FB50-U+FEFF, common in
        text extracted from PDF files) to plain letters.
    diacritics, tatweel, alef, digits, quotes : bool
        Remove harakat, remove tatweel, unify alef variants (أ إ آ ٱ -> ا), map Arabic-Indic
        digits to 0-9, unify curly quotes and apostrophes.
    alef_maqsura, taa_marbuta : bool
        Fold ى -> ي and ة -> ه. Off by default: they merge distinct words, and Snowball's Arabic
        stemmer expects ة.
    accents : bool or None
        Strip Latin accents (é -> e): True strips, False keeps, None (default) uses the language's
        default: kept for French, where accents distinguish words, stripped otherwise.

    Examples
    --------
    >>> NormalizeOptions().alef
    True
    >>> NormalizeOptions(taa_marbuta=True) == NormalizeOptions()
    False
    """

    form: Literal["NFC", "NFKC"] = "NFKC"
    diacritics: bool = True
    tatweel: bool = True
    alef: bool = True
    alef_maqsura: bool = False
    taa_marbuta: bool = False
    digits: bool = True
    quotes: bool = True
    accents: bool | None = None

    def __post_init__(self) -> None:
        if self.form not in _FORMS:
            raise ValueError(invalid_value_message("form", self.form, _FORMS))
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "form" or (f.name == "accents" and value is None):
                continue
            if not isinstance(value, bool):
                raise TypeError(f"NormalizeOptions.{f.name} must be True or False, got {value!r}")

    def to_dict(self) -> dict[str, Any]:
        """The options as a plain dict (the keyword arguments of ``normalize``, less ``lowercase``)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Preprocessor:
    """How texts become tokens: normalisation, tokenisation, stop words, stemming.

    Frozen and hashable: two preprocessors with the same settings are equal, have the same hash
    and the same :attr:`fingerprint`. Call it on a text to get its tokens.

    The defaults are chosen for counting frames in official communiqués (dictionary lookup of
    explicit word forms), where losing a word is worse than keeping a few extra ones:

    * ``clitics="conservative"``: والإرهاب, بالإرهاب and للإرهاب all count as الإرهاب, because
      only proclitic chains that end in the definite article are split (with a list of real
      words that merely start with those letters), so no word is damaged. Single-letter
      proclitics before other words (وقال) stay attached; ``"aggressive"`` splits them but needs
      a ``lexicon`` of attested stems. French and English texts are not affected.
    * ``keep_numbers=False``: years and figures are not frame vocabulary, and dates live in the
      docvars.
    * ``stop_words=False``: nothing is thrown away by default; frame dictionaries name their
      words, and bigrams are not bridged over removed words. Topic models and keyness usually
      want ``stop_words=True``.
    * ``stemmer=None``: stemmers conflate words a dictionary may keep apart (ISRI reduces words
      to roots); use ``"snowball"`` for topic models.
    * ``lowercase=True`` and ``min_length=1``: "Terrorism" and "terrorism" are one word, and
      short Arabic words (عن, ضد) are kept.

    Parameters
    ----------
    lang : str, optional
        Language for texts given without one ("ar", "fr", "en"; other codes are processed like
        English; None means undetermined: generic Unicode rules only). A document's own language,
        passed to :meth:`__call__`, takes precedence.
    normalize : NormalizeOptions or mapping, default NormalizeOptions()
        Normalisation options (a dict of them is converted).
    clitics : {"conservative", "none", "aggressive"}
        Arabic clitic handling, see :func:`toolkit.text.tokenize`.
    article : {"keep", "strip"}
        Keep the definite article on an Arabic stem whose proclitics were split (الإرهاب), or
        strip it (إرهاب).
    elision : bool
        Split French elided articles and pronouns (l'État -> l', état).
    contractions : {"split", "keep"}
        English contractions: "don't" -> do, n't ("split") or one token ("keep").
    hyphens : {"keep", "split"}
        Hyphenated words as one token or split at the hyphens.
    keep_numbers, keep_punct : bool
        Keep number tokens, punctuation tokens.
    stop_words : bool or iterable of str
        True: the shipped list of each document's language (:func:`toolkit.text.stop_words`),
        with Arabic clitic forms, normalised like the texts. An iterable of words: your own list,
        also normalised like the texts (stored as a frozenset). False: keep every token.
    stemmer : {None, "snowball", "isri", "arlstem", "arlstem2"}
        Stemmer applied after stop-word removal (:func:`toolkit.text.stemmer`). Snowball knows
        ar, fr and en; the others Arabic only. Documents in a language the stemmer does not know
        (and documents without a language) are left unstemmed; a region code ("fr-CA") uses its
        language's stemmer and stop words.
    lowercase : bool
        Lower-case Latin text (``str.lower``). Stop words are matched after it, so with
        ``lowercase=False`` a capitalised "Le" is not removed.
    min_length : int
        Drop tokens shorter than this many characters, after stemming.
    lexicon : iterable of str, optional
        Attested Arabic stems, required by ``clitics="aggressive"`` (stored as a frozenset).

    Raises
    ------
    ValueError
        For an option outside its allowed values, ``min_length < 1``, or ``clitics="aggressive"``
        without a lexicon.
    TypeError
        If ``stop_words`` is a single string or ``normalize`` is neither options nor a mapping.

    Examples
    --------
    >>> pre = Preprocessor(lang="en", stop_words=True, stemmer="snowball")
    >>> pre
    Preprocessor(lang='en', stop_words=True, stemmer='snowball')
    >>> pre("The Council condemned the attacks.")
    ['council', 'condemn', 'attack']
    >>> pre("Le Conseil a condamné les attentats.", "fr")
    ['conseil', 'condamn', 'attentat']
    >>> import dataclasses
    >>> dataclasses.replace(pre, stemmer=None)("The Council condemned the attacks.")
    ['council', 'condemned', 'attacks']
    """

    lang: str | None = None
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)
    clitics: Clitics = "conservative"
    article: Literal["keep", "strip"] = "keep"
    elision: bool = True
    contractions: Literal["split", "keep"] = "split"
    hyphens: Literal["keep", "split"] = "keep"
    keep_numbers: bool = False
    keep_punct: bool = False
    stop_words: bool | frozenset[str] = False
    stemmer: StemmerName | None = None
    lowercase: bool = True
    min_length: int = 1
    lexicon: frozenset[str] | None = None
    # per-instance cache of stop-word sets and stemmers by language; not part of the configuration
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = functools.partial(object.__setattr__, self)
        if isinstance(self.normalize, Mapping):
            set_("normalize", NormalizeOptions(**self.normalize))
        elif not isinstance(self.normalize, NormalizeOptions):
            raise TypeError("normalize must be NormalizeOptions or a dict of its options, got "
                            f"{type(self.normalize).__name__}")
        if self.lang is not None and not (isinstance(self.lang, str) and self.lang):
            raise ValueError(f"lang must be a language code such as 'ar' or None, got {self.lang!r}")
        for name, allowed in (("clitics", _CLITICS), ("article", _ARTICLE),
                              ("contractions", _CONTRACTIONS), ("hyphens", _HYPHENS)):
            if getattr(self, name) not in allowed:
                raise ValueError(invalid_value_message(name, getattr(self, name), allowed))
        if self.stemmer is not None and self.stemmer not in _STEMMERS:
            raise ValueError(invalid_value_message("stemmer", self.stemmer, _STEMMERS))
        for name in ("elision", "keep_numbers", "keep_punct", "lowercase"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if isinstance(self.min_length, bool) or not isinstance(self.min_length, int) or self.min_length < 1:
            raise ValueError(f"min_length must be an integer >= 1, got {self.min_length!r}")
        if not isinstance(self.stop_words, bool):
            set_("stop_words", _word_set(self.stop_words, "stop_words"))
        if self.lexicon is not None:
            set_("lexicon", _word_set(self.lexicon, "lexicon"))
        if self.clitics == "aggressive" and not self.lexicon:
            raise ValueError("clitics='aggressive' splits a clitic only when the stem left is a known word, "
                             "so it needs lexicon=<set of attested words> (see "
                             "toolkit.text.clitics.build_lexicon); or use clitics='conservative'")
        if self.stemmer is not None and self.lang is not None \
                and base_language(self.lang) not in STEMMERS[self.stemmer]:
            raise ValueError(f"stemmer={self.stemmer!r} does not know lang={self.lang!r} (it knows "
                             f"{sorted(STEMMERS[self.stemmer])}); use stemmer='snowball' or None")

    # ------------------------------------------------------------------ processing
    def __call__(self, text: str, lang: str | None = None) -> list[str]:
        """The tokens of ``text``, processed as language ``lang`` (default: :attr:`lang`).

        Parameters
        ----------
        text : str
            A raw text (normalisation is part of the processing).
        lang : str, optional
            The document's language; when None the preprocessor's own ``lang`` is used.

        Returns
        -------
        list of str

        Examples
        --------
        >>> Preprocessor(lang="ar", stop_words=True)("وفي الإِرْهَابِ ضد")
        ['الارهاب', 'ضد']
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        lang = self.lang if lang is None else lang
        tokens = _tokenize(self.normalize_text(text, lang), lang, **self._tokenize_options())
        if self.stop_words is not False:
            stops = self.stop_words_for(lang)
            tokens = [t for t in tokens if t not in stops]
        if self.stemmer is not None:
            stem = self._stemmer_for(lang)
            if stem is not None:
                tokens = [stem(t) for t in tokens]
        if self.min_length > 1:
            tokens = [t for t in tokens if len(t) >= self.min_length]
        return tokens

    def normalize_text(self, text: str, lang: str | None = None) -> str:
        """``text`` normalised with this preprocessor's options (the first step of :meth:`__call__`).

        >>> Preprocessor().normalize_text("الإِرْهَاب ٢٠١٥")
        'الارهاب 2015'
        """
        return _normalize(text, self.lang if lang is None else lang, **self._normalize_options())

    def normalizer(self, lang: str | None = None) -> Callable[[str], str]:
        """A picklable ``str -> str`` function normalising like this preprocessor, for ``lang``.

        Use it to bring dictionary entries and stop words into the same form as the tokens.

        >>> Preprocessor().normalizer("ar")("إلى")
        'الى'
        """
        return Normalizer(self.lang if lang is None else lang, **self._normalize_options())

    def stop_words_for(self, lang: str | None = None) -> frozenset[str]:
        """The stop words removed from documents in ``lang``, normalised like the tokens.

        Empty when ``stop_words=False``. Computed once per language and cached on the instance.

        Raises
        ------
        ValueError
            If ``stop_words=True`` and there is no shipped list for the language (or it is None).

        >>> "الى" in Preprocessor(stop_words=True).stop_words_for("ar")
        True
        """
        lang = self.lang if lang is None else lang
        if self.stop_words is False:
            return frozenset()
        key = ("stop_words", lang)
        if key not in self._cache:
            norm = self.normalizer(lang)
            if self.stop_words is True:
                if lang is None:
                    raise ValueError("stop_words=True needs the language of each document; give "
                                     "Preprocessor(lang=...) or documents with a lang, or pass your "
                                     "own stop_words=[...]")
                base = base_language(lang)
                # the default normaliser's list is built once per process by stop_words itself
                default = base == lang and self._normalize_options() == dict(NORMALIZE_DEFAULTS)
                words = _stop_words(base, normalize=None if default else norm)
            else:
                words = frozenset(w for w in map(norm, self.stop_words) if w)
            self._cache[key] = frozenset(words)
        return self._cache[key]

    def _stemmer_for(self, lang: str | None) -> Callable[[str], str] | None:
        assert self.stemmer is not None
        base = base_language(lang)
        if base not in STEMMERS[self.stemmer]:
            return None
        key = ("stemmer", base)
        if key not in self._cache:
            self._cache[key] = _stemmer(self.stemmer, base)  # NLTK is imported here, on first use
        return self._cache[key]

    def _normalize_options(self) -> dict[str, Any]:
        return {**self.normalize.to_dict(), "lowercase": self.lowercase}

    def _tokenize_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "clitics": self.clitics, "article": self.article, "keep_punct": self.keep_punct,
            "keep_numbers": self.keep_numbers, "elision": self.elision,
            "contractions": self.contractions, "hyphens": self.hyphens,
        }
        if self.clitics == "aggressive":
            options["lexicon"] = self.lexicon
        return options

    # ------------------------------------------------------------------ record
    def to_dict(self) -> dict[str, Any]:
        """The configuration as JSON-ready data (word sets as sorted lists).

        >>> Preprocessor(lang="fr", stop_words=["le", "la"]).to_dict()["stop_words"]
        ['la', 'le']
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if not f.init:
                continue
            value = getattr(self, f.name)
            if isinstance(value, NormalizeOptions):
                value = value.to_dict()
            elif isinstance(value, frozenset):
                value = sorted(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Preprocessor:
        """Rebuild a preprocessor from :meth:`to_dict` output (also after a JSON round trip).

        >>> pre = Preprocessor(lang="ar", stop_words=True)
        >>> Preprocessor.from_dict(pre.to_dict()) == pre
        True
        """
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown Preprocessor settings {sorted(unknown)}; known settings are "
                             f"{sorted(names)}")
        return cls(**dict(data))

    @property
    def fingerprint(self) -> str:
        """First 16 hex digits of the SHA-256 of the canonical JSON of :meth:`to_dict`.

        Equal configurations give equal fingerprints, in any process.

        >>> Preprocessor(lang="ar").fingerprint == Preprocessor(lang="ar").fingerprint
        True
        >>> Preprocessor(lang="ar").fingerprint == Preprocessor(lang="fr").fingerprint
        False
        """
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            if not f.repr:
                continue
            value = getattr(self, f.name)
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            if value == default:
                continue
            if isinstance(value, NormalizeOptions):
                shown = ", ".join(f"{k}={v!r}" for k, v in value.to_dict().items()
                                  if v != getattr(default, k))
                parts.append(f"normalize=NormalizeOptions({shown})")
            elif isinstance(value, frozenset):
                parts.append(f"{f.name}=frozenset(<{len(value)} words>)")
            else:
                parts.append(f"{f.name}={value!r}")
        return f"Preprocessor({', '.join(parts)})"

    # ------------------------------------------------------------------ pickling
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}  # stemmers and word sets are rebuilt on demand
        return state

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)


def _word_set(words: Iterable[str], name: str) -> frozenset[str]:
    if isinstance(words, (str, bytes)):
        raise TypeError(f"{name} must be a collection of words, not a single string {words!r}; "
                        f"write {name}=[{words!r}]")
    try:
        out = frozenset(words)
    except TypeError as err:
        raise TypeError(f"{name} must be True, False or an iterable of words, got "
                        f"{type(words).__name__}") from err
    bad = [w for w in out if not isinstance(w, str)]
    if bad:
        raise TypeError(f"{name} must contain strings only; got {bad[:3]!r}")
    return out
