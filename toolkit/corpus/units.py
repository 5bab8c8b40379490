"""Split a document into paragraphs and sentences, as character spans into the original text.

Corpus texts never change, so every function here returns ``Span = (start, end)`` pairs: the unit
is ``text[start:end]``. Spans are sorted, never overlap, never start or end on whitespace and are
never empty; every non-whitespace character of the text lies in exactly one span, so joining the
units loses nothing but whitespace. ``split_paragraphs`` and ``split_sentences`` return the strings.

Lines
    A line ends at any break ``str.splitlines`` knows (``\\n``, ``\\r\\n``, ``\\r``, form feed,
    U+2028, ...). A *blank* line holds only whitespace. A line's length is counted on the line
    without its leading and trailing whitespace.

Paragraph methods (``paragraph_spans(text, method=...)``)
    ``"line"``
        every non-blank line is a paragraph (the seed file, ANT articles, pre-1990 UNGDC speeches).
    ``"blank_line"``
        paragraphs are separated by one or more blank lines; single line breaks stay inside.
    ``"rewrap"``
        rebuilds the paragraphs of hard-wrapped text (print-column lines, as in the UN General
        Debate files of the 1990s-2000s), with ``W`` the wrap width (given, or estimated by
        :func:`detect_hard_wrap`). Lines that hold only a page number (at most 20 characters,
        digits with ``-``, ``/`` or spaces, e.g. ``33`` or ``08-53129 30``) are *page lines*: they
        stay in the paragraph before them and are skipped when the rule looks at "the line
        before". Between line *a* and the next line *b*, with ``x = len(a) + 1 + len(first word
        of b)`` (``x <= W`` means *b*'s first word would have fitted on *a*):

        * no blank line between them: break when *a* ends with sentence-final punctuation
          (``. ! ? : ; …`` or Arabic ``؟ ۔``, possibly followed by closing quotes or brackets) and
          ``x <= W`` or ``len(a) <= W / 2``; or when *b* is indented (more leading whitespace
          than most lines) and *a* does not end in a letter, digit or hyphen; or when *b* starts
          with a list marker (``1.``, ``2)``, ``(a)``, ``iv.``, ``-``, ``•``, ``*``) and *a* ends
          with punctuation (``. ! ? : ; , …`` ``؟ ، ؛ ۔``);
        * one or more blank lines between them: break, unless the blank lines are a page break
          inside a sentence: *a* ends in a letter, digit or hyphen, ``x > W`` (*a* was full) and
          *b* is neither indented nor starts with a list marker.

        Why a "fits" test rather than "``len(a)`` below a fraction of ``W``": on 1,053 UNGDC
        speeches (nearly all 2006-2011) whose paragraph starts are marked by an indent (hidden
        for the test), "``len(a) < 0.75 W``" finds 78 % of the paragraph breaks with 96 %
        precision, while these rules with the estimated ``W`` find 85 % with 97.5 % precision;
        on ``textwrap`` output with the true width they never split a paragraph. The breaks
        they miss are paragraphs whose last line is full and ends a sentence: no line length
        can tell those from a sentence that happens to end at the margin.
    ``"auto"`` (default)
        ``"rewrap"`` when :func:`detect_hard_wrap` finds a width; otherwise ``"blank_line"`` when
        the text has blank lines and fewer than half of its single line breaks follow
        sentence-final punctuation (so single breaks are wraps, as in UN Security Council
        resolutions); otherwise ``"line"`` (old UNGDC speeches put one paragraph per line and
        leave a blank line at page breaks, so blank lines alone do not mean ``"blank_line"``).

Hard-wrap detection (``detect_hard_wrap``)
    Take the non-blank lines that are not page lines (at least 8 are needed) and the *continued*
    lines among them (not the last line, not ending with sentence-final punctuation). The text
    is hard-wrapped when (1) at least half of the lines are continued, (2) the median length
    ``M`` of continued lines is between 15 and 200 characters, and (3) at least 80 % of
    continued lines have a length in ``[0.75 M, 1.25 M]`` (they cluster just below a maximum).
    The width returned is the *effective* wrap width: the 10th percentile of ``x`` over pairs
    of a continued line and the line after it (no blank line between), minus one. For
    ``textwrap.fill(width=80)`` this is about 80; for proportional-font PDF text, where the
    longest lines run past it, it is the length at which the next word usually no longer fits.

Sentences (``sentence_spans``)
    Paragraphs come first (method ``"auto"``): a sentence never crosses a paragraph boundary.
    Inside a paragraph, a sentence ends after a run of ``. ! ? …`` (also ``؟ ۔ ‼ ⁇ ⁈ ⁉``) plus
    any closing quotes and brackets (``" ' ” ’ “ » « ) ] }``, and a French ``»`` after a space)
    that is followed by whitespace; in Arabic also after ``.``, ``!`` or ``؟`` that sits between
    two Arabic letters with no space (``الإرهاب.وأضاف``). Not sentence ends:

    * a terminator whose next word (after spaces, quotes or brackets) starts with a lowercase
      letter (mid-sentence ellipses, ``"why?" he asked``);
    * a full stop after an abbreviation: titles and short forms that are not sentence-final
      words (English ``Mr. Mrs. Dr. St. vs. etc. Jan.``...; French ``M. Mme. MM. Mlle. cf.``...),
      forms that take a number (``No. 5``, ``Art. 2``, ``art. 3``, ``p. 12``: only before a digit),
      dotted forms (``U.S.``, ``U.N.``, ``e.g.``, ``i.e.``, ``J.-C.``) and single letters
      (initials ``J. F. Kennedy``, French ``M. Dupont``, Arabic ``د.``);
    * a full stop that ends a list marker at the start of a sentence or a line (``1. ``, ``b. ``);
    * a stretch with no letter yet (``1.``, ``...``); a letterless rest at the end of a
      paragraph (a page number) joins the sentence before it.

    Full stops with no whitespace after them are never ends outside the Arabic rule, so decimals
    (``3.5``), URLs, e-mail addresses and ``a.b`` typos do not split; the ``،`` comma and ``؛``
    semicolon do not end Arabic sentences (Arabic prose chains clauses with them). ``lang``
    (``"ar"``, ``"en"``, ``"fr"``, a regional code such as ``"fr-CA"`` or ``None``) picks the
    abbreviation list; ``None`` or another language uses all lists.

Examples
--------
>>> text = "First line of a paragraph\\nstill the same.\\n\\nSecond paragraph."
>>> split_paragraphs(text, method="blank_line")
['First line of a paragraph\\nstill the same.', 'Second paragraph.']
>>> split_paragraphs(text, method="line")
['First line of a paragraph', 'still the same.', 'Second paragraph.']
>>> split_sentences("Mr. Smith paid 3.5 per cent to the U.S. Treasury. He left! Did he?")
['Mr. Smith paid 3.5 per cent to the U.S. Treasury.', 'He left!', 'Did he?']
>>> split_sentences("M. Dupont a dit : « C'est fini. » Puis il est parti.", lang="fr")
["M. Dupont a dit : « C'est fini. »", 'Puis il est parti.']
>>> split_sentences("هل انتهى الاجتماع؟ نعم! وأدان الإرهاب.وأضاف أن الحل سياسي.")
['هل انتهى الاجتماع؟', 'نعم!', 'وأدان الإرهاب.', 'وأضاف أن الحل سياسي.']
>>> import textwrap
>>> paras = ["The Assembly met today in New York to discuss the situation in the region "
...          "and heard statements from forty delegations, most of which called for an "
...          "immediate ceasefire and for the protection of civilians.",
...          "Several speakers stressed that the crisis could only be solved by political "
...          "means and asked the Council to act without further delay."] * 2
>>> wrapped = "\\n".join(textwrap.fill(p, width=40) for p in paras)
>>> print(wrapped[:118])
The Assembly met today in New York to
discuss the situation in the region and
heard statements from forty delegations,
>>> detect_hard_wrap(wrapped)
40
>>> [p[:30] for p in split_paragraphs(wrapped)]
['The Assembly met today in New ', 'Several speakers stressed that', \
'The Assembly met today in New ', 'Several speakers stressed that']
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import accumulate, compress, product, repeat
from numbers import Integral
from operator import add, and_, itemgetter, not_, or_, sub
from typing import Literal

from toolkit.errors import invalid_value_message

__all__ = [
    "Span",
    "paragraph_spans",
    "sentence_spans",
    "split_paragraphs",
    "split_sentences",
    "detect_hard_wrap",
    "unit_spans",
]

logger = logging.getLogger(__name__)

Span = tuple[int, int]
ParagraphMethod = Literal["auto", "blank_line", "line", "rewrap"]
_METHODS = ("auto", "blank_line", "line", "rewrap")

# ---------------------------------------------------------------------------------------------
# Character classes and compiled patterns (built once at import; nothing else happens then).
# ---------------------------------------------------------------------------------------------
_CLOSERS = "\"'”’“‘»«›‹)]}"
_CLOSER_SET = frozenset(_CLOSERS)
_FINAL = frozenset(".!?:;…؟۔")  # sentence-final for the paragraph rules
_PUNCT = _FINAL | frozenset(",،؛")
_OPEN_END = frozenset("-\u00ad‐")  # a line ending in one of these (or a letter/digit) runs on
_PAGE_START = frozenset("0123456789-–—")
_PAGE_RE = re.compile(r"(?:[-–—]\s*)?\d[\d\s/-]*?(?:\s*[-–—])?")
_LIST_RE = re.compile(
    r"(?:\(?(?:\d{1,3}|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}|[^\W\d_])[.)]|[-•*▪◦●‣–—])\s"
)
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # those of str.splitlines()

_AR = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
_TERM = ".!?…؟۔‼⁇⁈⁉"
_TERM_SET = frozenset(_TERM)
_CLOSE_CLASS = re.escape(_CLOSERS)
# Anchored at a terminator found by str.find: the run, its closers, then whitespace or the end
# (or, in Arabic, the run squeezed between two Arabic letters).
_SENT_END_RE = re.compile(
    rf"[{_TERM}]+(?:[{_CLOSE_CLASS}]|[ \u00a0\u202f]+(?=[»›]))*(?=\s|\Z)"
    rf"|(?<=[{_AR}\u064b-\u065f])[.!؟]+[{_CLOSE_CLASS}]*(?=[{_AR}])"
)
_NEXT_WORD_RE = re.compile(r"\W{0,8}?(\w)")
_LETTER_RE = re.compile(r"[^\W\d_]")
_NONSPACE_RE = re.compile(r"\S")
_MARKER_RE = re.compile(r"[(\[]?(?:\d{1,3}|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}|[^\W\d_])")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,2}\.-?)+[^\W\d_]{1,2}")
_OPENERS = "([{\"'“‘«¿¡"
_ELISION_RE = re.compile(r"^(?:[cdjlmnst]|qu)['’]", re.IGNORECASE)

# Abbreviations (case-sensitive, without the final dot): never a sentence end.
_ABBREV = {
    "en": frozenset(
        "Mr Mrs Ms Messrs Mmes Dr Drs Prof St Sr Jr Gen Lt Col Maj Capt Cmdr Sgt Adm Gov Sen Rep "
        "Hon Rev Pres Amb Mt Ft Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec vs etc al "
        "approx Inc Ltd Corp Bros viz ca cf".split()
    ),
    "fr": frozenset("M MM Mme Mmes Mlle Mlles Dr Pr Mgr Me St Ste etc cf env av apr al".split()),
    "ar": frozenset(),
}
_ALL_ABBREV = frozenset().union(*_ABBREV.values())
# Not a sentence end when a digit follows ("No. 5", "art. 3", "p. 12"):
_NUMBER_ABBREV = frozenset(
    "No Nos no nos Art Arts art arts p pp para paras Para Vol vol Ch ch chap Sect sect sec "
    "Fig fig n°".split()
)

# Last four letters of the lowercase abbreviations and roman numerals: a token ending in four
# lowercase letters not among these cannot be an abbreviation (a fast path for "word.").
_ABBREV_TAILS = frozenset(
    a[-4:] for a in _ALL_ABBREV | _NUMBER_ABBREV if len(a) >= 4 and a[-4:].islower()
) | frozenset(map("".join, product("ivxlcdm", repeat=4)))

_MIN_LINES = 8


# ---------------------------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------------------------
class _Lines:
    """The non-blank lines of a text: content, span, indent, and a blank line before them.

    Built with ``map``/``compress`` over ``str.splitlines`` so the per-line work runs in C.
    """

    __slots__ = ("content", "lengths", "starts", "ends", "indents", "blank")

    def __init__(self, text: str):
        if "\r" in text:  # "\r\n" is one two-character break: keep the breaks to count them
            raw = text.splitlines(True)
            widths = map(len, raw)
        else:  # every break is one character
            raw = text.splitlines()
            widths = map((1).__add__, map(len, raw))
        offsets = accumulate(widths, initial=0)
        lstripped = list(map(str.lstrip, raw))
        stripped = list(map(str.rstrip, lstripped))
        keep = list(compress(range(len(raw)), stripped))  # indices of non-blank lines
        self.content = list(filter(None, stripped))
        self.lengths = list(map(len, self.content))
        self.indents = list(
            map(sub, map(len, compress(raw, stripped)), map(len, compress(lstripped, stripped)))
        )
        self.starts = list(map(add, compress(offsets, stripped), self.indents))
        self.ends = list(map(add, self.starts, self.lengths))
        self.blank = [False, *map((1).__lt__, map(sub, keep[1:], keep[:-1]))][: len(keep)]

    def spans(self) -> list[Span]:
        return list(zip(self.starts, self.ends))


def _last_chars(content: list[str]) -> list[str]:
    """Last character of each line once closing quotes and brackets are removed."""
    last = list(map(itemgetter(-1), content))
    for k in compress(range(len(last)), map(_CLOSER_SET.__contains__, last)):
        last[k] = content[k].rstrip(_CLOSERS)[-1:]
    return last


def _is_open(ch: str) -> bool:
    return ch.isalnum() or ch in _OPEN_END


class _Wrapped:
    """The lines as the rewrap rule sees them: page-number lines folded into their neighbours.

    ``ends`` extends over folded page lines (it is where a paragraph would end); ``lengths`` is
    the line's own length; ``blank`` is true when a blank line sits anywhere between a line and
    the one before it, ``after_page`` when a page line does; ``fit[k]`` is
    ``len(line k) + 1 + len(first word of line k + 1)`` (the word runs up to the first space).
    """

    __slots__ = ("content", "starts", "ends", "lengths", "indents", "blank", "after_page",
                 "last", "fit")

    def __init__(self, lines: _Lines):
        content, lengths = lines.content, lines.lengths
        n = len(content)
        page = [
            k
            for k in compress(range(n), map((20).__ge__, lengths))
            if content[k][0] in _PAGE_START and _PAGE_RE.fullmatch(content[k])
        ]
        if page and len(page) < n:
            mask = [True] * n
            for k in page:
                mask[k] = False
            keep = list(compress(range(n), mask))
            self.content = content = list(compress(content, mask))
            self.lengths = lengths = list(compress(lengths, mask))
            self.indents = list(compress(lines.indents, mask))
            self.starts = list(compress(lines.starts, mask))
            self.starts[0] = lines.starts[0]  # leading page lines open the first paragraph
            # a paragraph ending on line keep[j] runs on over the page lines that follow it
            self.ends = list(map(lines.ends.__getitem__, map((-1).__add__, keep[1:] + [n])))
            self.after_page = [False, *map((1).__lt__, map(sub, keep[1:], keep[:-1]))]
            self.blank = blank = list(compress(lines.blank, mask))
            for j in compress(range(len(keep)), self.after_page):
                blank[j] = any(lines.blank[keep[j - 1] + 1 : keep[j] + 1])
        else:
            self.content, self.lengths, self.indents = content, lengths, lines.indents
            self.starts, self.ends, self.blank = lines.starts, lines.ends, lines.blank
            self.after_page = [False] * n
        self.last = _last_chars(content)
        first = list(map(str.find, content, repeat(" ")))
        for k in compress(range(len(first)), map((-1).__eq__, first)):
            first[k] = lengths[k]
        self.fit = list(map(add, lengths[:-1], map((1).__add__, first[1:])))


def _wrap_width(w: _Wrapped, *, require_wrapped: bool) -> int | None:
    """The rule of :func:`detect_hard_wrap`; without ``require_wrapped`` only the estimate."""
    n = len(w.content)
    # continued[k]: line k is not the last line and does not end a sentence
    continued = list(map(not_, map(_FINAL.__contains__, w.last[:-1])))
    if require_wrapped:
        if n < _MIN_LINES or sum(continued) < 0.5 * (n - 1):
            return None
        sizes = sorted(compress(w.lengths, continued))
        median = sizes[len(sizes) // 2]
        if not 15 <= median <= 200:
            return None
        tight = bisect_right(sizes, 1.25 * median) - bisect_left(sizes, 0.75 * median)
        if tight < 0.8 * len(sizes):
            return None
    # pairs of a continued line and the next one, with no blank or page line between them
    adjacent = map(not_, map(or_, w.blank[1:], w.after_page[1:]))
    fits = sorted(compress(w.fit, map(and_, continued, adjacent)))
    if not fits:
        return None
    return fits[len(fits) // 10] - 1


def detect_hard_wrap(text: str) -> int | None:
    """Return the wrap width if ``text`` is hard-wrapped at a fixed column, else ``None``.

    The rule (module docstring, "Hard-wrap detection"): at least 8 non-blank lines that are not
    page numbers; at least half of them *continued* (not ending with sentence-final
    punctuation); continued lines of median length ``M`` between 15 and 200 characters, 80 % of
    them within ``[0.75 M, 1.25 M]``. The width is the 10th percentile, minus one, of
    ``len(line) + 1 + len(first word of the next line)`` over continued lines: the effective
    width at which the wrapper moved the next word down.

    Parameters
    ----------
    text : str
        A document.

    Returns
    -------
    int or None
        The effective wrap width in characters, or ``None`` when the lines are not wrapped at a
        fixed width (one paragraph per line, lists, short texts).

    Examples
    --------
    >>> import textwrap
    >>> text = textwrap.fill("The General Assembly met in New York. " * 20, width=60)
    >>> detect_hard_wrap(text)
    60
    >>> detect_hard_wrap("One paragraph per line.\\nAnother one, longer than the first.") is None
    True
    """
    _check_text(text)
    return _wrap_width(_Wrapped(_Lines(text)), require_wrapped=True)


# ---------------------------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------------------------
def _blank_line_paragraphs(lines: _Lines) -> list[Span]:
    starts, ends, blank = lines.starts, lines.ends, lines.blank
    firsts = [k for k in range(len(starts)) if k == 0 or blank[k]]
    return [(starts[f], ends[nxt - 1]) for f, nxt in zip(firsts, firsts[1:] + [len(starts)])]


def _rewrap_paragraphs(w: _Wrapped, width: int) -> list[Span]:
    n = len(w.content)
    if n == 0:
        return []
    content, lengths, indents = w.content, w.lengths, w.indents
    blank, last, fit = w.blank, w.last, w.fit
    base_indent = Counter(indents).most_common(1)[0][0]
    half = width / 2
    # Only a line after punctuation, after a blank line, or indented can open a paragraph.
    indented = list(map(base_indent.__lt__, indents))
    maybe = map(or_, map(or_, blank[1:], indented[1:]), map(_PUNCT.__contains__, last[:-1]))
    firsts = [0]
    for b in compress(range(1, n), maybe):
        end = last[b - 1]
        opened = _is_open(end)
        if blank[b]:  # a break, unless a page break cut a sentence after a full line
            brk = (
                not opened
                or indented[b]
                or fit[b - 1] <= width
                or _LIST_RE.match(content[b]) is not None
            )
        elif indented[b] and not opened:
            brk = True
        elif end in _FINAL and (lengths[b - 1] <= half or fit[b - 1] <= width):
            brk = True
        else:
            brk = end in _PUNCT and _LIST_RE.match(content[b]) is not None
        if brk:
            firsts.append(b)
    starts, ends = w.starts, w.ends
    return [(starts[f], ends[nxt - 1]) for f, nxt in zip(firsts, firsts[1:] + [n])]


def _auto_paragraphs(text: str) -> list[Span]:
    lines = _Lines(text)
    wrapped = _Wrapped(lines)
    width = _wrap_width(wrapped, require_wrapped=True)
    if width is not None:
        logger.debug("auto paragraphs: hard-wrapped at width %d, method 'rewrap'", width)
        return _rewrap_paragraphs(wrapped, width)
    blank = lines.blank
    if any(blank):
        single = [k for k in range(1, len(blank)) if not blank[k]]
        last = _last_chars(lines.content)
        after_final = sum(last[k - 1] in _FINAL for k in single)
        if after_final < 0.5 * len(single) or not single:
            logger.debug("auto paragraphs: method 'blank_line'")
            return _blank_line_paragraphs(lines)
    logger.debug("auto paragraphs: method 'line'")
    return lines.spans()


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")


def paragraph_spans(
    text: str,
    *,
    method: ParagraphMethod = "auto",
    wrap_width: int | None = None,
) -> list[Span]:
    """Return the ``(start, end)`` character spans of the paragraphs of ``text``.

    Parameters
    ----------
    text : str
        A document; it is not modified.
    method : {"auto", "blank_line", "line", "rewrap"}, default "auto"
        How paragraphs are marked (see the module docstring for the exact rules): one per
        non-blank line, separated by blank lines, or hard-wrapped lines to be rejoined.
        ``"auto"`` chooses among the three from the text.
    wrap_width : int, optional
        Only for ``"rewrap"``: the effective wrap width; estimated when omitted.

    Returns
    -------
    list of (int, int)
        Sorted, non-overlapping spans; ``text[start:end]`` has no outer whitespace.

    Raises
    ------
    ValueError
        If ``method`` is unknown, or ``wrap_width`` is given with another method or is not a
        positive integer.

    Examples
    --------
    >>> paragraph_spans("  One.\\n\\n\\nTwo\\nlines.\\n")
    [(2, 6), (9, 19)]
    >>> paragraph_spans("One.\\nTwo.", method="line")
    [(0, 4), (5, 9)]
    """
    _check_text(text)
    if method not in _METHODS:
        raise ValueError(invalid_value_message("method", method, _METHODS))
    if wrap_width is not None:
        if method != "rewrap":
            raise ValueError(
                f"wrap_width={wrap_width!r} only applies to method='rewrap', got "
                f"method={method!r}; drop wrap_width or pass method='rewrap'"
            )
        if isinstance(wrap_width, bool) or not isinstance(wrap_width, Integral) or wrap_width < 1:
            raise ValueError(
                f"wrap_width={wrap_width!r} is invalid; must be a positive int (the column at "
                "which lines were wrapped) or None to estimate it"
            )
        wrap_width = int(wrap_width)
    if method == "auto":
        return _auto_paragraphs(text)
    lines = _Lines(text)
    if method == "line":
        return lines.spans()
    if method == "blank_line":
        return _blank_line_paragraphs(lines)
    wrapped = _Wrapped(lines)
    width = wrap_width if wrap_width is not None else _wrap_width(wrapped, require_wrapped=False)
    if width is None:  # no line runs on into the next: every line is already a paragraph end
        width = max(wrapped.lengths, default=0)
    return _rewrap_paragraphs(wrapped, width)


def split_paragraphs(
    text: str,
    *,
    method: ParagraphMethod = "auto",
    wrap_width: int | None = None,
) -> list[str]:
    """Return the paragraphs of ``text`` as strings (see :func:`paragraph_spans`).

    Examples
    --------
    >>> split_paragraphs("سطر أول.\\nسطر ثان.")
    ['سطر أول.', 'سطر ثان.']
    """
    return [text[s:e] for s, e in paragraph_spans(text, method=method, wrap_width=wrap_width)]


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------
def _abbreviations(lang: str | None) -> frozenset[str]:
    if lang is None:
        return _ALL_ABBREV
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str or None, got {type(lang).__name__}")
    code = lang.replace("_", "-").split("-", 1)[0].lower()
    return _ABBREV.get(code, _ALL_ABBREV)


def _is_abbreviation(text: str, lo: int, dot: int, nxt: str, abbrev: frozenset[str]) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or a line-initial list marker."""
    k = max(lo, text.rfind(" ", lo, dot) + 1, text.rfind("\n", lo, dot) + 1)
    if dot - k > 24:
        return False
    raw = text[k:dot]
    if not raw.isprintable():  # a tab, no-break space or rarer break: cut at the last one
        raw = "" if raw[-1].isspace() else raw.rsplit(None, 1)[-1]
        k = dot - len(raw)
    token = _ELISION_RE.sub("", raw.lstrip(_OPENERS), count=1)  # French "l'art." -> "art"
    if token in abbrev or (token in _NUMBER_ABBREV and nxt.isdigit()):
        return True
    size = len(token)
    if size <= 1:
        return token.isalpha()  # initials, French "M.", Arabic "د."
    if "." in token:
        return _DOTTED_RE.fullmatch(token) is not None  # U.S. e.g. i.e. J.-C.
    if size <= 5 and _MARKER_RE.fullmatch(token):  # "12." or "iv." opening a line
        return k <= lo or text[k - 1] in _LINE_BREAKS
    return False


def _terminators(text: str) -> list[int]:
    """Sorted offsets of every sentence-terminator character (``str.find`` is fastest)."""
    found: list[int] = []
    for ch in _TERM:
        i = text.find(ch)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
    found.sort()
    return found


def _sentences(text: str, paragraphs: list[Span], abbrev: frozenset[str]) -> list[Span]:
    """Split each paragraph at the sentence ends that survive the exceptions (module docstring).

    One loop over the terminator offsets of the whole text (found with ``str.find``); each is
    checked with the anchored pattern and a few string tests, so the cost is per terminator,
    not per character.
    """
    marks = _terminators(text)
    match, next_word, letter = _SENT_END_RE.match, _NEXT_WORD_RE.match, _LETTER_RE.search
    out: list[Span] = []
    i = 0
    for lo, hi in paragraphs:
        j = bisect_left(marks, hi, i)
        first = len(out)
        start = done = lo
        for p in marks[i:j]:
            if p < done:
                continue  # inside the run matched just before
            m = match(text, p, hi)
            if m is None:
                continue
            t1 = done = m.end()
            nxt = text[t1 + 1 : t1 + 2]
            common = text[t1 : t1 + 1] == " " and nxt.isalnum()  # one space, then a word
            if not common:
                nm = next_word(text, t1, hi)
                nxt = nm.group(1) if nm else ""
            if nxt.islower():
                continue
            if text[p] == "." and text[p + 1 : p + 2] not in _TERM_SET:
                tail = text[p - 4 : p] if p >= 4 else ""  # "word." is no abbreviation
                if not (tail.isalpha() and tail.islower() and tail not in _ABBREV_TAILS) and (
                    _is_abbreviation(text, start, p, nxt, abbrev)
                ):
                    continue
            if not text[start].isalpha() and letter(text, start, p) is None:
                continue
            out.append((start, t1))
            if t1 >= hi:
                break
            start = t1 + 1 if common else _NONSPACE_RE.search(text, t1, hi).start()
        else:
            if len(out) > first and letter(text, start, hi) is None:
                out[-1] = (out[-1][0], hi)  # a trailing page number or "..." joins the last one
            else:
                out.append((start, hi))
        i = j
    return out


def sentence_spans(text: str, *, lang: str | None = None) -> list[Span]:
    """Return the ``(start, end)`` character spans of the sentences of ``text``.

    Paragraphs are found first with ``paragraph_spans(text, method="auto")``; sentences never
    cross them. The boundary rules (and what is not a boundary) are in the module docstring.

    Parameters
    ----------
    text : str
        A document; it is not modified.
    lang : str, optional
        ``"ar"``, ``"en"`` or ``"fr"`` (regional codes such as ``"fr-CA"`` work) to use that
        language's abbreviation list; ``None`` (default) or any other code uses all lists.

    Returns
    -------
    list of (int, int)
        Sorted, non-overlapping spans, each inside one paragraph span.

    Examples
    --------
    >>> text = "Dr. J. F. Smith spoke. See www.un.org/en. Then (etc.) he left…\\nNew line"
    >>> [text[s:e] for s, e in sentence_spans(text, lang="en")]
    ['Dr. J. F. Smith spoke.', 'See www.un.org/en.', 'Then (etc.) he left…', 'New line']
    """
    _check_text(text)
    return _sentences(text, _auto_paragraphs(text), _abbreviations(lang))


def unit_spans(text: str, unit: Literal["document", "paragraph", "sentence"], *,
               lang: str | None = None) -> list[Span]:
    """Character spans of the document, paragraphs or sentences of ``text``.

    The units are cut as :meth:`toolkit.corpus.Corpus.to_units` cuts them.

    >>> unit_spans("One. Two.\\n\\nThree.", "paragraph"), unit_spans("One. Two.", "sentence", lang="en")
    ([(0, 9), (11, 17)], [(0, 4), (5, 9)])
    >>> unit_spans("abc", "document")
    [(0, 3)]
    """
    if unit == "document":
        return [(0, len(text))]
    if unit == "paragraph":
        return list(paragraph_spans(text))
    if unit == "sentence":
        return list(sentence_spans(text, lang=lang))
    raise ValueError(f"unit={unit!r} is invalid; must be one of ['document', 'paragraph', 'sentence']")


def split_sentences(text: str, *, lang: str | None = None) -> list[str]:
    """Return the sentences of ``text`` as strings (see :func:`sentence_spans`).

    Examples
    --------
    >>> split_sentences("Il est midi. M. Martin arrive... puis repart. Fin ?", lang="fr")
    ['Il est midi.', 'M. Martin arrive... puis repart.', 'Fin ?']
    """
    return [text[s:e] for s, e in sentence_spans(text, lang=lang)]
