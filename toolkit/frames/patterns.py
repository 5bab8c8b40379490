"""Dictionary patterns: words, globs and phrases, and the folded form they are matched on.

A dictionary entry's *pattern* is one or more whitespace-separated *token patterns* (a phrase).
A token pattern is a plain word or a glob:

* ``*`` matches any run of characters (also none), ``?`` exactly one character;
* ``[abc]`` one of the characters, ``[!abc]`` any other character; an unbalanced ``[`` or ``]``
  is an error;
* a lone ``*`` in a phrase matches any one token (``تجفيف منابع * الإرهاب``);
* a leading ``=`` asks for the exact form only: no Arabic proclitic is stripped before comparing
  (``=مال`` does not match كمال).

Patterns and text tokens are compared in a *folded* form: normalised like the text (the
preprocessor's options), then lower-cased, Arabic ة -> ه and ى -> ي, and Latin accents removed,
so a dictionary does not have to list spelling variants (``إرهاب`` = ``ارهاب``, ``sécurité`` =
``securite``).

Examples
--------
>>> fold("Sécurité")
'securite'
>>> fold("الجماعة الإرهابية", "ar")
'الجماعه الإرهابيه'
>>> TokenPattern.parse("terror*").matches("terrorists")
True
>>> TokenPattern.parse("terror*").literal_prefix
'terror'
>>> check_pattern("terror[ism")
"unbalanced '[' in pattern 'terror[ism': close the character class with ']' or remove it"
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["TokenPattern", "check_pattern", "fold", "is_glob", "split_pattern"]

_GLOB_CHARS = frozenset("*?[]")
_FOLD_AR = str.maketrans({"ة": "ه", "ى": "ي"})
_LATIN_MARK = re.compile(r"[\u0300-\u036f]")
# French elided words at the start of a glob token: l'extrém*, d'*, qu'*
_ELISION = re.compile(r"^((?:[a-z]|qu|jusqu|lorsqu|puisqu)['’])(.+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def fold(text: str, lang: str | None = None) -> str:
    """The form patterns and tokens are compared in: lower case, ة -> ه, ى -> ي, no Latin accents.

    ``lang`` is accepted for symmetry with the normalisers; folding is the same for every
    language (Arabic letters are untouched by the Latin steps and vice versa).

    >>> fold("Extrémisme"), fold("تمويل الجماعة")
    ('extremisme', 'تمويل الجماعه')
    """
    text = text.lower().translate(_FOLD_AR)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed == text:
        return text
    # strip combining marks from Latin letters only (Arabic has no NFD decomposition to undo here)
    return unicodedata.normalize("NFC", _LATIN_MARK.sub("", decomposed))


def is_glob(token: str) -> bool:
    """True when a token pattern holds a glob character (``* ? [ ]``).

    >>> is_glob("terror*"), is_glob("terrorism")
    (True, False)
    """
    return not _GLOB_CHARS.isdisjoint(token)


def check_pattern(pattern: object) -> str | None:
    """Why ``pattern`` is not a valid entry pattern, or None when it is.

    >>> check_pattern("financing of terror*") is None
    True
    >>> check_pattern("  ")
    'empty pattern: write a word, a glob such as terror* or a phrase'
    >>> check_pattern("terror]")
    "unbalanced ']' in pattern 'terror]': a character class is written [abc]"
    """
    if not isinstance(pattern, str):
        return f"a pattern must be a string, got {type(pattern).__name__} {pattern!r}"
    if not pattern.strip():
        return "empty pattern: write a word, a glob such as terror* or a phrase"
    for token in pattern.split():
        body = token[1:] if token.startswith("=") else token
        if not body:
            return f"empty token after '=' in pattern {pattern!r}"
        i = 0
        while i < len(body):
            char = body[i]
            if char == "[":
                close = body.find("]", i + 2 if body[i + 1:i + 2] == "!" else i + 1)
                if close < 0 or close == i + 1:
                    return (f"unbalanced '[' in pattern {pattern!r}: close the character class with ']' "
                            "or remove it")
                i = close + 1
                continue
            if char == "]":
                return f"unbalanced ']' in pattern {pattern!r}: a character class is written [abc]"
            i += 1
    tokens = pattern.split()
    if all(tok == "*" for tok in tokens):
        return f"pattern {pattern!r} is only wildcards; it would match every token"
    if "*" in (tokens[0], tokens[-1]):
        return (f"pattern {pattern!r} starts or ends with a lone '*'; a lone '*' stands for one token "
                "between two words ('drying up * sources')")
    return None


def split_pattern(pattern: str, lang: str | None = None) -> list[str]:
    """The token patterns of a phrase, as written (whitespace split, French elision split off globs).

    Plain words are tokenised later with the text tokenizer (see :class:`toolkit.frames.matcher.Matcher`);
    a glob token cannot be, so an elided French article in front of it is split here.

    >>> split_pattern("l'extrém* violent", "fr")
    ["l'", 'extrém*', 'violent']
    """
    out: list[str] = []
    for token in pattern.split():
        match = _ELISION.match(token) if lang and lang.startswith("fr") and is_glob(token) else None
        if match:
            out.extend(match.groups())
        else:
            out.append(token)
    return out


def _translate(glob: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(glob):
        char = glob[i]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            close = glob.find("]", i + 2 if glob[i + 1:i + 2] == "!" else i + 1)
            inner = glob[i + 1:close]
            negate = inner.startswith("!")
            if negate:
                inner = inner[1:]
            inner = inner.replace("\\", "\\\\").replace("^", "\\^")
            out.append(f"[{'^' if negate else ''}{inner}]")
            i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class TokenPattern:
    """One token of a pattern, already normalised and folded.

    Attributes
    ----------
    text : str
        The folded pattern (without the ``=`` marker).
    exact : bool
        True when written with a leading ``=``: compared with the token as written, without
        stripping Arabic proclitics.
    glob : bool
        True for a glob; False for a plain word (compared by equality).
    """

    text: str
    exact: bool = False
    glob: bool = False

    @classmethod
    def parse(cls, token: str) -> TokenPattern:
        """A token pattern from its written (already normalised) form; folds it.

        >>> TokenPattern.parse("=مال")
        TokenPattern(text='مال', exact=True, glob=False)
        >>> TokenPattern.parse("Terror*")
        TokenPattern(text='terror*', exact=False, glob=True)
        """
        exact = token.startswith("=")
        body = fold(token[1:] if exact else token)
        return cls(body, exact, is_glob(body))

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled glob (full match); for a plain word, the escaped word."""
        return re.compile(_translate(self.text) if self.glob else re.escape(self.text), re.DOTALL)

    @property
    def literal_prefix(self) -> str:
        """The characters before the first glob character (all of a plain word)."""
        match = re.search(r"[*?\[]", self.text)
        return self.text[:match.start()] if match else self.text

    @property
    def any_token(self) -> bool:
        """True for a lone ``*``: any one token."""
        return self.text == "*"

    def matches(self, form: str) -> bool:
        """Whether a folded token form matches this pattern.

        >>> TokenPattern.parse("[!c]ounter*").matches("encounter")
        False
        >>> TokenPattern.parse("?error").matches("terror")
        True
        """
        if not self.glob:
            return form == self.text
        return self.regex.fullmatch(form) is not None
