"""Split a text into word, number and punctuation tokens, with per-language rules.

One compiled regular expression (:data:`TOKEN_PATTERN`) finds every token in a single pass; at
each position it tries a word written in Arabic letters first (nothing else can start with an
Arabic letter), then:

1. **number**: digits (ASCII, Arabic-Indic ٠-٩, Persian ۰-۹), with ``.`` ``,`` ``٫`` ``٬``
   between digit groups: "2015", "3.5", "1,000", "٢٠١٥", "٣٫٥". Digits directly followed by a
   Latin letter are part of a word ("1er", "5G", "G20"), unless they hold a separator ("2.5bn"
   -> "2.5", "bn"); before an Arabic letter they are cut off ("2015م" -> "2015", "م"), as after
   one ("و3" -> "و", "3"). "15%" gives "15" and the punctuation "%". Ranges and dates split at
   their signs ("2014-2015" -> "2014", "-", "2015").
2. **abbreviation**: two or more single (non-Arabic) letters each followed by a dot: "U.S.",
   "U.N.", "e.g." are one token.
3. **word**: a run of letters and marks, with ``'`` ``’`` ``ʼ`` ``‘`` or a hyphen (``-``
   U+2010 U+2011) joining two runs: "counter-terrorism", "aujourd'hui", "don't", "l'État" are
   found as one word, then split by the options below. Arabic letters form their own runs:
   harakat (U+064B–U+065F), superscript alef (U+0670), Quranic marks (U+06D6–U+06ED), tatweel
   (U+0640), ZWNJ/ZWJ and the soft hyphen are inside a word, so "الإِرْهَابُ" is one token.
   Latin runs hold letters, ASCII digits and combining accents (U+0300–U+036F). The underscore
   is punctuation.
4. **punctuation**: any other single non-space character (، ؛ ؟ « » . , " ( ) % ...), including
   a mark or tatweel with no letter before it. Dropped unless ``keep_punct=True``.

With ``keep_punct=True`` and ``clitics="none"``, and no option that drops tokens, the tokens
put end to end are exactly the text without its whitespace.

Per-language rules
------------------
* ``lang="fr"``, ``elision=True``: an elided article, pronoun or conjunction is split off with
  its apostrophe (straight or curly): l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu'
  quoiqu', only before a vowel or h ("l'État" -> "l'", "État"; "d’extrémisme" -> "d’",
  "extrémisme"; "qu'il" -> "qu'", "il"), and not in :data:`ELISION_EXCEPTIONS`.
  "aujourd'hui", "prud'hommes", "presqu'île", "quelqu'un" stay whole (their first part is not
  an elision), as do names such as "N'Djamena" (consonant) and "M'Hamed" (listed).
* ``lang="en"`` (and any other code except "ar" and "fr"), ``contractions="split"``: Penn
  Treebank style, "don't" -> "do", "n't"; "can't" -> "ca", "n't"; "it's" -> "it", "'s"; also
  'm 're 've 'll 'd and the possessive 's ("UN's" -> "UN", "'s"). ``"keep"`` keeps "don't".
* ``lang="ar"``: no apostrophe rule. ``lang=None`` ("und"): generic rules only (no elision, no
  contractions).
* ``hyphens="split"`` (any language): "counter-terrorism" -> "counter", "terrorism" (the
  hyphen is punctuation); ``"keep"`` keeps the compound.
* ``clitics`` (any language; applies to words written in Arabic letters only, see
  :mod:`toolkit.text.clitics`): ``"conservative"`` splits proclitic chains that end in the
  article (والإرهاب, بالإرهاب, للإرهاب) and emits the stem with the article put back
  (``article="keep"``: "الإرهاب") or without it (``article="strip"``: "إرهاب");
  ``"aggressive"`` also splits single proclitics and enclitics whose stem is in ``lexicon``
  ("وقال" -> "قال", "حكومته" -> "حكومة").

Tokens and offsets
------------------
:func:`iter_token_spans` yields ``(token, start, end)``. With ``clitics="none"``,
``text[start:end] == token`` for every token. With clitics, the span of an Arabic word covers
the whole written word (والإرهاب) while the token is its stem; the token is then a substring
of the word, except that after the preposition ل the article is written back as "ال" (للإرهاب
-> "الإرهاب") and, in aggressive mode, a ت before an enclitic is written back as ة (or ه).

:func:`tokenize` does not normalise: call :func:`toolkit.text.normalize` first when variants
(أ/ا, diacritics, case) should count as one word. It finds the tokens with ``re.findall`` (the
same alternatives as :data:`TOKEN_PATTERN`, whitespace consumed inside the match, with a fast
first alternative for a plain run of Latin letters that yields the same tokens), then rewrites
each *distinct* token once per call (a dictionary local to the call, no global cache); with
``clitics="conservative"`` only the distinct words that begin with a chain are looked at, found
by a second regular expression; with the Latin rules (elision, contractions, split hyphens) only
the whitespace-delimited chunks that hold an apostrophe or hyphen are looked at, found with
``str.find``. Without numbers and punctuation (``keep_numbers=False``, ``keep_punct=False``), a
text whose only word characters are Arabic letters, Arabic marks and digits, with no apostrophe
or hyphen before a letter or digit (two checks in C), holds only Arabic letter runs as tokens,
and a plain run pattern finds them about twice as fast (7,826 of the 8,418 ANT articles).
On the ANT Arabic news corpus (10.8 MB, one call per article, one core of the development
machine, before that fast path) it runs at 25-35 MB/s with ``clitics="none"`` and
11-18 MB/s with ``clitics="conservative"`` (the lower figures when every token list is kept in
memory); 30 and 17-19 MB/s in one call over the whole corpus. On English UN General Debate
speeches (2015 on, normalised, 20 MB, one call per speech, same machine, noisy timings) it runs at
11-13 MB/s with ``lang="en"`` (was 4-5 MB/s before the Latin fast paths), 14-19 MB/s with
``contractions="keep"`` or ``lang=None`` and 12-17 MB/s with ``lang="fr"``.

Examples
--------
>>> tokenize("أدان المجلس «الهجوم الإرهابي»، وأكد دعمه.", "ar")
['أدان', 'المجلس', 'الهجوم', 'الإرهابي', 'وأكد', 'دعمه']
>>> tokenize("والإرهاب بالإرهاب للإرهاب", "ar", clitics="conservative")
['الإرهاب', 'الإرهاب', 'الإرهاب']
>>> tokenize("L’État condamne l'extrémisme aujourd'hui.", "fr")
['L’', 'État', 'condamne', "l'", 'extrémisme', "aujourd'hui"]
>>> tokenize("The U.S. don't support counter-terrorism cuts of 1,000 troops.", "en")
['The', 'U.S.', 'do', "n't", 'support', 'counter-terrorism', 'cuts', 'of', '1,000', 'troops']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from typing import Literal

from toolkit.errors import invalid_value_message
from toolkit.text.normalization import base_language
from toolkit.text.clitics import _CHAINS as _CLITIC_CHAINS
from toolkit.text.clitics import ARABIC_LETTERS, _analyse, _check_mode, _conservative_form, _token_form

__all__ = ["ARABIC_LETTERS", "ELIDED_PREFIXES", "ELISION_EXCEPTIONS", "TOKEN_PATTERN", "iter_token_spans",
           "tokenize", "tokenizer"]

Clitics = Literal["none", "conservative", "aggressive"]
_CLITICS = ("none", "conservative", "aggressive")
_CONTRACTIONS = ("split", "keep")
_HYPHENS = ("keep", "split")
_ARTICLE = ("keep", "strip")

# Word-internal marks of Arabic words: harakat, superscript alef, Quranic marks, other Arabic
# combining marks, tatweel, ZWNJ/ZWJ, soft hyphen.
_AR_MARKS = "\u064b-\u065f\u0670\u06d6-\u06ed\u0610-\u061a\u08d3-\u08e1\u08e3-\u08ff\u0640\u200c\u200d\u00ad"
# Word-internal marks of other words: combining accents (NFD text), ZWNJ/ZWJ, soft hyphen.
_LATIN_MARKS = "\u0300-\u036f\u200c\u200d\u00ad"
# Everything Arabic-script (letters, digits, signs): excluded from non-Arabic word runs.
_ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe"
_OTHER_CHAR = rf"[^\W_{_ARABIC_SCRIPT}]"  # a letter or digit of another script
_AR_RUN = rf"[{ARABIC_LETTERS}][{ARABIC_LETTERS}{_AR_MARKS}]*"
_OTHER_RUN = rf"{_OTHER_CHAR}+(?:[{_LATIN_MARKS}]+{_OTHER_CHAR}*)*"
_APOSTROPHES = "'\u2019\u02bc\u2018"
_HYPHEN_CHARS = "-\u2010\u2011"
_HYPHEN_CLASS = r"\-\u2010\u2011"
_TAIL = rf"(?:[{_APOSTROPHES}{_HYPHEN_CLASS}](?:{_AR_RUN}|{_OTHER_RUN}))*"
_AR_WORD = _AR_RUN + _TAIL
_OTHER_WORD = _OTHER_RUN + _TAIL
_NUMBER = rf"(?>\d+(?:[.,\u066b\u066c]\d+)+)|(?>\d+)(?!{_OTHER_CHAR})"
_ABBREVIATION = rf"(?>(?:[^\W\d_{_ARABIC_SCRIPT}]\.){{2,}})(?![^\W_])"
# Latin letters (ASCII, Latin-1, Latin Extended-A; all letters, none Arabic) for a fast first
# alternative in _FINDALL: a run of them that neither starts an abbreviation (a lone letter
# before a dot) nor goes on as a word (the next character is no word character, mark,
# apostrophe or hyphen) is exactly the word the full alternatives would find; else the
# possessive run fails at once and the full alternatives are tried.
_FAST_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
_FAST_WORD = (rf"[{_FAST_LETTER}](?!\.)[{_FAST_LETTER}]*+"
              rf"(?![\w{_LATIN_MARKS}{_APOSTROPHES}{_HYPHEN_CLASS}])")

#: The token pattern, alternatives in order: an Arabic word, a number, an abbreviation, another
#: word, one punctuation character (named groups ``ar``, ``num``, ``abbr``, ``word``, ``punct``).
#: An Arabic word cannot start like the next three, so trying it first changes no token.
TOKEN_PATTERN = re.compile(rf"(?P<ar>{_AR_WORD})|(?P<num>{_NUMBER})|(?P<abbr>{_ABBREVIATION})"
                           rf"|(?P<word>{_OTHER_WORD})|(?P<punct>\S)")
# The same tokens for findall (tokenize), faster: leading whitespace is consumed inside the
# match; numbers are dropped through an empty group; punctuation is skipped by leaving its
# alternative out (it is always one character, so no other token changes).
_FINDALL = {
    (True, False): re.compile(rf"\s*+({_FAST_WORD}|{_AR_WORD}|{_NUMBER}|{_ABBREVIATION}|{_OTHER_WORD})"),
    (True, True): re.compile(rf"\s*+({_FAST_WORD}|{_AR_WORD}|{_NUMBER}|{_ABBREVIATION}|{_OTHER_WORD}|\S)"),
    (False, False): re.compile(rf"\s*+(?:{_NUMBER}|({_FAST_WORD}|{_AR_WORD}|{_ABBREVIATION}|{_OTHER_WORD}))"),
    (False, True): re.compile(rf"\s*+(?:{_NUMBER}|({_FAST_WORD}|{_AR_WORD}|{_ABBREVIATION}|{_OTHER_WORD}|\S))"),
}
_AR_WORD_ONLY = re.compile(_AR_RUN)
_HYPHEN_SPLIT = re.compile(f"([{_HYPHEN_CLASS}])")
_APOSTROPHE_SET = frozenset(_APOSTROPHES)
_HYPHEN_SET = frozenset(_HYPHEN_CHARS)
# The characters that let a Latin rewrite change a token, keyed by (hyphens split, apostrophe
# rule on); a run of non-space characters.
_MARK_CHARS = {(True, True): _HYPHEN_CHARS + _APOSTROPHES, (True, False): _HYPHEN_CHARS,
               (False, True): _APOSTROPHES, (False, False): ""}
_NON_SPACE = re.compile(r"\S*+")
# Fast path of tokenize without numbers and punctuation: in a text whose only word characters
# (``\w``) are Arabic letters, Arabic marks and decimal digits, and where no apostrophe or hyphen
# stands before a letter or digit (no tail can join two runs), every token is an Arabic letter run
# (numbers are dropped, nothing else can start a token), so a plain run pattern finds the same
# tokens about twice as fast. Both checks start with a character class: the regex engine scans
# for them in C without trying the pattern at every position.
_OTHER_WORD_CHAR = re.compile(rf"[^\W\d{ARABIC_LETTERS}{_AR_MARKS}]")
_JOINING = re.compile(rf"[{_APOSTROPHES}{_HYPHEN_CLASS}](?=[{ARABIC_LETTERS}]|{_OTHER_CHAR})")


def _candidate_pattern(chains: list[str]) -> re.Pattern[str]:
    """Arabic letter runs that begin with an article chain, marks allowed between its letters.

    Every token the conservative rule can change is such a run, so :func:`tokenize` rewrites only
    the distinct runs this pattern finds (a scan in C) instead of looking at every token. Each
    alternative starts with a literal letter, which lets the regex engine skip other text fast.
    """
    marks = f"[{_AR_MARKS}]*"
    by_first: dict[str, list[str]] = {}
    for chain in sorted(chains, key=len, reverse=True):
        by_first.setdefault(chain[0], []).append(marks.join(chain[1:]))
    alternatives = "|".join(f"{first}{marks}(?:{'|'.join(rests)})" for first, rests in sorted(by_first.items()))
    return re.compile(f"(?:{alternatives})[{ARABIC_LETTERS}{_AR_MARKS}]*")


# Runs that may change under the conservative rule, article kept (every chain but the bare
# article, which is kept anyway) or stripped (every chain).
_CANDIDATES = {False: _candidate_pattern([c for c in _CLITIC_CHAINS if c[0] not in "اٱ"]),
               True: _candidate_pattern(list(_CLITIC_CHAINS))}

#: French elided words split off before a vowel or h (lower case, without the apostrophe).
ELIDED_PREFIXES = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
                             "quoiqu"})
#: French words with an apostrophe that are never split (lower case, straight apostrophe).
#: The first ones are safe anyway (their first part is not an elided word) and are listed for
#: reference; the names would otherwise lose their first letter.
ELISION_EXCEPTIONS = frozenset({
    "aujourd'hui", "prud'homme", "prud'hommes", "prud'homal", "prud'homale", "presqu'île", "presqu'îles",
    "quelqu'un", "quelqu'une", "entr'acte", "entr'actes",
    "m'hamed", "m'hammed", "m'hamdia", "m'hamid",
})
_ELISION_NEXT = frozenset("aeiouyhàâäéèêëîïôöùûüÿœæ")
_APOSTROPHE_FOLD = str.maketrans({c: "'" for c in _APOSTROPHES})
_CONTRACTION_SUFFIXES = frozenset({"'s", "'m", "'d", "'re", "'ve", "'ll"})


def tokenize(text: str, lang: str | None, *, clitics: Clitics = "none", article: Literal["keep", "strip"] = "keep",
             lexicon: Container[str] | None = None, keep_punct: bool = False, keep_numbers: bool = True,
             elision: bool = True, contractions: Literal["split", "keep"] = "split",
             hyphens: Literal["keep", "split"] = "keep", min_length: int = 1) -> list[str]:
    """Split ``text`` into tokens (words, numbers, punctuation), see the module docstring.

    Parameters
    ----------
    text : str
        The text, raw or normalised (nothing is normalised here).
    lang : str or None
        "ar", "fr", "en"; another code follows the English rules; None applies no
        language-specific rule.
    clitics : {"none", "conservative", "aggressive"}, default "none"
        Arabic clitic handling (:mod:`toolkit.text.clitics`); the emitted token is the stem.
    article : {"keep", "strip"}, default "keep"
        With clitics: put the article back on a stem that had one (بالإرهاب -> الإرهاب), or not
        (-> إرهاب; this also strips it from الإرهاب).
    lexicon : container of str, optional
        Known words, required by ``clitics="aggressive"`` (see
        :func:`toolkit.text.clitics.build_lexicon`).
    keep_punct : bool, default False
        Keep punctuation tokens (one character each).
    keep_numbers : bool, default True
        Keep number tokens.
    elision : bool, default True
        French (``lang="fr"``): split elided words (l'État -> l', État).
    contractions : {"split", "keep"}, default "split"
        English and other languages: Penn Treebank split (don't -> do, n't) or keep.
    hyphens : {"keep", "split"}, default "keep"
        Keep hyphenated compounds whole, or split them (the hyphen becomes punctuation).
    min_length : int, default 1
        Drop tokens with fewer characters (``len``) than this, punctuation and numbers
        included.

    Returns
    -------
    list of str

    Raises
    ------
    TypeError
        If ``text`` is not a string or ``lang`` not a string or None.
    ValueError
        For an option outside its allowed values, ``min_length < 1``, or
        ``clitics="aggressive"`` without a lexicon.

    Examples
    --------
    >>> tokenize("الإِرْهَابُ، ٢٠١٥", "ar")
    ['الإِرْهَابُ', '٢٠١٥']
    >>> tokenize("وقال إن 15% من الأموال", "ar", keep_punct=True)
    ['وقال', 'إن', '15', '%', 'من', 'الأموال']
    >>> tokenize("للإرهاب والي", "ar", clitics="conservative", article="strip")
    ['إرهاب', 'والي']
    >>> tokenize("وقال حكومته", "ar", clitics="aggressive", lexicon={"قال", "حكومة"})
    ['قال', 'حكومة']
    >>> tokenize("counter-terrorism it's", "en", hyphens="split", contractions="keep")
    ['counter', 'terrorism', "it's"]
    """
    return tokenizer(lang, clitics=clitics, article=article, lexicon=lexicon, keep_punct=keep_punct,
                     keep_numbers=keep_numbers, elision=elision, contractions=contractions, hyphens=hyphens,
                     min_length=min_length)(text)


def tokenizer(lang: str | None, *, clitics: Clitics = "none", article: Literal["keep", "strip"] = "keep",
              lexicon: Container[str] | None = None, keep_punct: bool = False, keep_numbers: bool = True,
              elision: bool = True, contractions: Literal["split", "keep"] = "split",
              hyphens: Literal["keep", "split"] = "keep", min_length: int = 1) -> Callable[[str], list[str]]:
    """:func:`tokenize` with its options checked once: a ``text -> tokens`` function for many texts.

    >>> split = tokenizer("fr")
    >>> split("L'État, 2015."), split("d'abord")
    (["L'", 'État', '2015'], ["d'", 'abord'])
    """
    options = _Options(lang, clitics, article, lexicon, keep_punct, keep_numbers, elision, contractions,
                       hyphens, min_length)
    pattern = _FINDALL[keep_numbers, keep_punct]
    latin, rewrites = options.latin, options.rewrites
    words_only = not keep_numbers and not keep_punct

    def split(text: str) -> list[str]:
        _check_text(text)
        if words_only and _OTHER_WORD_CHAR.search(text) is None and _JOINING.search(text) is None:
            # Arabic letter runs only (see _OTHER_WORD_CHAR): no Latin rule can change a token
            tokens = _AR_WORD_ONLY.findall(text)
            if clitics != "none":
                tokens = options.rewrite(tokens, text)
            return [t for t in tokens if len(t) >= min_length] if min_length > 1 else tokens
        # Clitic rules only change Arabic words: a text without Arabic letters takes the Latin path.
        latin_only = latin and (clitics == "none" or _AR_WORD_ONLY.search(text) is None)
        if latin_only:
            tokens = options.tokenize_latin(text, pattern)
        else:
            tokens = pattern.findall(text)
        if not keep_numbers:
            tokens = [t for t in tokens if t]
        if rewrites and not latin_only:
            tokens = options.rewrite(tokens, text)
        if min_length > 1:
            tokens = [t for t in tokens if len(t) >= min_length]
        return tokens

    return split


def iter_token_spans(text: str, lang: str | None, *, clitics: Clitics = "none",
                     article: Literal["keep", "strip"] = "keep", lexicon: Container[str] | None = None,
                     keep_punct: bool = False, keep_numbers: bool = True, elision: bool = True,
                     contractions: Literal["split", "keep"] = "split", hyphens: Literal["keep", "split"] = "keep",
                     min_length: int = 1) -> Iterator[tuple[str, int, int]]:
    """Yield ``(token, start, end)`` for the tokens :func:`tokenize` returns, in order.

    ``text[start:end] == token`` whenever no clitic is rewritten; with ``clitics`` the span of
    an Arabic token covers the whole written word. Options as in :func:`tokenize` (checked when
    iteration starts).

    Examples
    --------
    >>> list(iter_token_spans("l'État, 2015", "fr"))
    [("l'", 0, 2), ('État', 2, 6), ('2015', 8, 12)]
    >>> list(iter_token_spans("وللإرهاب", "ar", clitics="conservative"))
    [('الإرهاب', 0, 8)]
    """
    options = _Options(lang, clitics, article, lexicon, keep_punct, keep_numbers, elision, contractions,
                       hyphens, min_length)
    _check_text(text)
    for match in TOKEN_PATTERN.finditer(text):
        kind = match.lastgroup
        if (kind == "punct" and not keep_punct) or (kind == "num" and not keep_numbers):
            continue
        start, token = match.start(), match.group()
        if options.rewrites and kind in ("ar", "word", "abbr"):
            pieces = options.expand(token)
        else:
            pieces = ((token, 0, len(token)),)
        for piece, a, b in pieces:
            if len(piece) >= min_length:
                yield piece, start + a, start + b


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")


class _Options:
    """Checked options of one call, and the rewriting of word tokens into pieces."""

    __slots__ = ("clitics", "contractions", "elision", "hyphens", "keep_punct", "latin", "lexicon", "rewrites",
                 "strip_article")

    def __init__(self, lang: str | None, clitics: str, article: str, lexicon: Container[str] | None,
                 keep_punct: bool, keep_numbers: bool, elision: bool, contractions: str, hyphens: str,
                 min_length: int) -> None:
        if lang is not None and not isinstance(lang, str):
            raise TypeError(f"lang must be a language code (str) or None, got {type(lang).__name__}")
        for name, value, allowed in (("clitics", clitics, _CLITICS), ("article", article, _ARTICLE),
                                     ("contractions", contractions, _CONTRACTIONS),
                                     ("hyphens", hyphens, _HYPHENS)):
            if value not in allowed:
                raise ValueError(invalid_value_message(name, value, allowed))
        if isinstance(min_length, bool) or not isinstance(min_length, int) or min_length < 1:
            raise ValueError(f"min_length={min_length!r} is invalid; must be an integer >= 1")
        for name, value in (("keep_punct", keep_punct), ("keep_numbers", keep_numbers), ("elision", elision)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be True or False, got {value!r}")
        if clitics != "none":
            _check_mode(clitics, lexicon)
        base = base_language(lang)
        self.clitics = clitics
        self.strip_article = article == "strip"
        self.lexicon = lexicon
        self.keep_punct = keep_punct
        self.elision = elision and base == "fr"
        self.contractions = contractions == "split" and base not in (None, "ar", "fr")
        self.hyphens = hyphens == "split"
        self.latin = self.elision or self.contractions or self.hyphens
        self.rewrites = self.latin or clitics != "none"

    def rewrite(self, tokens: list[str], text: str) -> list[str]:
        """Apply :meth:`expand` to the tokens of ``text``, once per distinct token (a per-call cache)."""
        if not self.latin and self.clitics == "conservative":
            # The common Arabic case: only words that begin like a chain can change; find them in
            # the text (in C), rewrite each distinct one, then map the token list.
            strip = self.strip_article
            changed = {word: new for word in set(_CANDIDATES[strip].findall(text))
                       if (new := _conservative_form(word, strip)) != word}
            return list(map(changed.get, tokens, tokens)) if changed else tokens
        out: list[str] = []
        cache: dict[str, str | tuple[str, ...]] = {}
        append, extend, get = out.append, out.extend, cache.get
        for token in tokens:
            result = get(token)
            if result is None:
                pieces = tuple(piece for piece, _, _ in self.expand(token))
                result = cache[token] = pieces[0] if len(pieces) == 1 else pieces
            if result.__class__ is str:
                append(result)
            else:
                extend(result)
        return out

    def tokenize_latin(self, text: str, pattern: re.Pattern[str]) -> list[str]:
        """``pattern.findall(text)`` rewritten as by :meth:`rewrite` (Latin rules, no clitics).

        Only a token holding an apostrophe or hyphen can change. No token spans whitespace and the token alternatives look no further than the next
        character, so a whitespace-delimited chunk gives, on its own, the same tokens as in
        ``text``. The chunks around each such character are found with ``str.find``; the text
        between them keeps its tokens (found again, in C) and the chunks' tokens are expanded.
        """
        key = (self.hyphens, self.elision or self.contractions)
        spans = []
        reverse = None
        size = len(text)
        for char in _MARK_CHARS[key]:
            index = text.find(char)
            while index >= 0:
                if reverse is None:
                    reverse = text[::-1]
                start = index - (_NON_SPACE.match(reverse, size - index).end() - (size - index))
                end = _NON_SPACE.match(text, index).end()
                spans.append((start, end))
                index = text.find(char, end)
        if not spans:
            return pattern.findall(text)
        spans.sort()
        out: list[str] = []
        cache: dict[str, tuple[str, ...]] = {}
        done = 0
        for start, end in spans:
            if start < done:  # the same chunk, found from another character
                continue
            out += pattern.findall(text, done, start)
            for token in pattern.findall(text, start, end):
                pieces = cache.get(token)
                if pieces is None:
                    pieces = cache[token] = tuple(piece for piece, _, _ in self.expand(token)) if token else ("",)
                out += pieces
            done = end
        out += pattern.findall(text, done)
        return out

    def expand(self, token: str) -> tuple[tuple[str, int, int], ...]:
        """Pieces of one token as ``(piece, start, end)``, offsets relative to the token.

        Numbers and punctuation come back unchanged (they hold no apostrophe, hyphen or Arabic
        letter), so :func:`tokenize` can pass every token through here.
        """
        if self.hyphens and not _HYPHEN_SET.isdisjoint(token) and len(token) > 1:
            pieces: list[tuple[str, int, int]] = []
            offset = 0
            for part in _HYPHEN_SPLIT.split(token):
                if part in _HYPHEN_SET:
                    if self.keep_punct:
                        pieces.append((part, offset, offset + 1))
                elif part:
                    pieces.extend((p, offset + a, offset + b) for p, a, b in self._expand_part(part))
                offset += len(part)
            return tuple(pieces)
        return self._expand_part(token)

    def _expand_part(self, token: str) -> tuple[tuple[str, int, int], ...]:
        if (self.elision or self.contractions) and len(token) > 1 and not _APOSTROPHE_SET.isdisjoint(token):
            return _split_elision(token) if self.elision else _split_contraction(token)
        if self.clitics != "none" and _AR_WORD_ONLY.fullmatch(token):
            if self.clitics == "conservative":
                form = _conservative_form(token, self.strip_article)
            else:
                form = _token_form(_analyse(token, self.clitics, self.lexicon), self.strip_article)
            return ((form, 0, len(token)),)
        return ((token, 0, len(token)),)


def _split_elision(token: str) -> tuple[tuple[str, int, int], ...]:
    pieces = []
    offset = 0
    rest = token
    while True:
        cut = next((i for i, ch in enumerate(rest) if ch in _APOSTROPHE_SET), -1)
        if (cut <= 0 or cut + 1 >= len(rest) or rest[:cut].lower() not in ELIDED_PREFIXES
                or rest[cut + 1].lower() not in _ELISION_NEXT
                or rest.lower().translate(_APOSTROPHE_FOLD) in ELISION_EXCEPTIONS):
            pieces.append((rest, offset, offset + len(rest)))
            return tuple(pieces)
        pieces.append((rest[:cut + 1], offset, offset + cut + 1))
        offset += cut + 1
        rest = rest[cut + 1:]


def _split_contraction(token: str) -> tuple[tuple[str, int, int], ...]:
    folded = token.lower().translate(_APOSTROPHE_FOLD)
    cut = -1
    if folded.endswith("n't") and len(folded) > 3:
        cut = len(token) - 3
    else:
        last = folded.rfind("'")
        if last > 0 and folded[last:] in _CONTRACTION_SUFFIXES:
            cut = last
    if cut <= 0:
        return ((token, 0, len(token)),)
    return ((token[:cut], 0, cut), (token[cut:], cut, len(token)))
