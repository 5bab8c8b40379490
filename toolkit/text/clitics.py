"""Arabic clitic segmentation: split proclitics (و ف ب ك ل ال لل س) and enclitics (ه ها هم ...).

An Arabic written word often carries a conjunction, a preposition and the definite article in
front of the noun (والإرهاب = و + ال + إرهاب, "and the terrorism") and a pronoun behind it
(حكومته = حكومة + ه, "his government"). Counting words without splitting them keeps
الإرهاب, والإرهاب, بالإرهاب and للإرهاب apart. This module splits them with two rules that can
be read in full.

Conservative rule (``mode="conservative"``, the default; needs no lexicon)
--------------------------------------------------------------------------
Only a proclitic chain that *ends in the definite article* is split:

    ال, وال, فال, بال, كال, وبال, فبال, وكال, فكال   (conjunction? + preposition ب/ك? + ال)
    لل, ولل, فلل                                   (preposition ل + article, alef elided)

and only when all of the following hold:

1. at least two letters are left for the stem (so والي "governor", والد "father", بالغ
   "adult" are never split: one letter would be left);
2. the stem is made of Arabic letters and marks only;
3. the word is not protected by :data:`EXCEPTIONS`. A word is protected when its *key*
   (diacritics, tatweel, ZWNJ/ZWJ removed; أ إ آ ٱ -> ا, ى -> ي, ة -> ه, Persian ی ک -> ي ك),
   or that key without its leading conjunction و/ف, or ``"ال" + stem`` (the article form the
   split would imply), is an exception, or an exception followed by one enclitic (with ة
   written ت before it: والدته = والدة + ه).

A single proclitic before a word without the article (وقال, فإن, بعد, وزير, بلد, كتاب, لبنان)
is never split: a letter like و or ب starts thousands of ordinary words, and telling the two
apart needs a lexicon. Enclitics are never split either.

:data:`EXCEPTIONS` lists 178 words (176 keys once folded), each checked against the ANT
corpus (8,418 Tunisian news articles, ``../shared/corpora/ant_corpus_ar``; counts in the source
comments; a few marked 0 come from general knowledge): words that start with the letters of a
chain without carrying the article (والي, والد, والدة, بالغة, باليستية, وكالات, كاليفورنيا,
فالنسيا, Tunisian surnames such as بالحاج), nouns beginning with ل after the preposition ل
(للجنة is ل + اللجنة "for the committee", not لل + جنة "paradise"), and words whose ال is not the
article once alef forms are unified by normalisation (المانيا from ألمانيا, الغاء from إلغاء,
اليه from إليه, الآن) or is fused (الله, and the relative pronouns الذي, التي, ...: kept whole
by choice, stripping their ال would leave تي, ذي). Among the 250 most frequent ANT words
matching a chain (and leaving at least two letters), the only ones that are not
conjunction/preposition + article are للجنة, بالحاج, والده, كاليفورنيا, والدة and وكالات.
A last group guards the aggressive rule (below): frequent words whose first letter belongs to
the root although proclitic + rest also reads as an attested word (وحدة, كانت, لبنان, first
names such as كريم, فيصل).

Aggressive rule (``mode="aggressive"``; needs a ``lexicon``)
-----------------------------------------------------------
First the conservative rule. When it does not split the word (no article chain, or a protected
word), the single proclitics و ف ب ك ل س (and the pairs و/ف + ب/ك/ل/س) and the enclitics of
:data:`ENCLITICS` (except كن, which in news only ever matched the ends of يتمكن, أماكن) are
also tried. A word whose key is an exception is never split; an exception followed by an
enclitic (والدها) may only lose the enclitic. An analysis is accepted only when

1. its stem has at least :data:`MIN_STEM_LETTERS` (3) letters and is attested in ``lexicon``
   (a set of known words, e.g. :func:`build_lexicon` of the corpus tokens, normalised like the
   words you segment). Before an enclitic, taa marbuta is written ت (حكومته = حكومة + ه), so a
   stem ending in ت is looked up with ة first (حالته -> حالة rather than the verb حالت), then
   as written (بيته -> بيت), then with ه (texts whose ة was folded to ه); with counts, the most
   frequent of the three;
2. ``س`` (future) is split only before an imperfect-verb prefix ي ت ن أ (سيتم, ستكون; not
   سعيد, سلام, ساهم);
3. the enclitic ``ي`` is split only when the whole word is *not* in the lexicon: ي is also the
   nisba suffix of adjectives (تونسي, إرهابي, وطني), which are frequent standalone words;
4. when ``lexicon`` is a mapping of counts (a :class:`collections.Counter`), the stem must also
   be at least :data:`MIN_STEM_RATIO` (5 %) as frequent as the whole word: in ANT, كانت (809)
   would not be split into ك + انت (4), nor وزير (1,212) into و + زير (2), while وقال
   (1,220) -> قال (841) and وأضاف (1,387) -> أضاف (112) are.

Among accepted analyses, the longest stem wins (the fewest letters removed), or with counts the
most frequent stem. The aggressive rule is a trade-off: on the 5,000 most frequent ANT words a
count lexicon (``min_count=2``) splits about 580, nearly all correctly once the exception list
is applied, but a word whose first letter belongs to the root can still lose it when the rest is
an attested word and is not listed (فيهم -> ف + يهم rather than في + هم). Check its output on
your corpus.

Pieces and stems
----------------
:func:`segment` returns *surface* pieces: ``"".join(segment(w)) == w`` for every string.
Diacritics stay on the letter they follow (وَالْإِرْهَابُ -> وَ + الْ + إِرْهَابُ); after
preposition ل the article is written ل (للإرهاب -> ل + ل + إرهاب). :func:`strip_clitics`
returns the *lexical* stem: the stem piece, with ت written back as ة when it was followed by an
enclitic in an aggressive analysis (حكومته -> حكومة). The tokenizer
(:func:`toolkit.text.tokenize` with ``clitics=...``) emits that stem with the article put back
when one was split (``article="keep"``: بالإرهاب -> الإرهاب), or without it (``"strip"``).

Examples
--------
>>> segment("والإرهاب")
['و', 'ال', 'إرهاب']
>>> segment("للإرهاب")
['ل', 'ل', 'إرهاب']
>>> segment("والي"), segment("وقال"), segment("بلد")
(['والي'], ['وقال'], ['بلد'])
>>> segment("وقال", mode="aggressive", lexicon={"قال"})
['و', 'قال']
>>> segment("حكومته", mode="aggressive", lexicon={"حكومة"})
['حكومت', 'ه']
>>> strip_clitics("حكومته", mode="aggressive", lexicon={"حكومة"})
'حكومة'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from toolkit.errors import invalid_value_message

__all__ = [
    "ARABIC_LETTERS",
    "ENCLITICS",
    "EXCEPTIONS",
    "MIN_STEM_LETTERS",
    "MIN_STEM_RATIO",
    "PROCLITICS",
    "Analysis",
    "analyse",
    "build_lexicon",
    "segment",
    "strip_clitics",
]

Mode = Literal["none", "conservative", "aggressive"]
_MODES = ("none", "conservative", "aggressive")

#: Proclitics: conjunctions و ف, prepositions ب ك ل, the article ال (لل after ل), future س.
PROCLITICS = ("و", "ف", "ب", "ك", "ل", "ال", "لل", "س")
#: Enclitic (object/possessive) pronouns tried by the aggressive rule, longest first there.
ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ني", "ي")
#: Aggressive rule: letters a stem must keep.
MIN_STEM_LETTERS = 3
#: Aggressive rule with a mapping of counts: a stem must be at least this share as frequent as
#: the whole word.
MIN_STEM_RATIO = 0.05

# Characters that belong to a word but are not letters: harakat and Quranic marks (explicit
# ranges, as in toolkit.text.normalization), superscript alef, tatweel, ZWNJ/ZWJ, soft hyphen,
# Latin combining marks.
_MARK_CHARS = ("\u064b-\u065f\u0670\u06d6-\u06ed\u0610-\u061a\u08d3-\u08e1\u08e3-\u08ff"
               "\u0640\u200c\u200d\u00ad\u0300-\u036f")
_HAS_MARK = re.compile(f"[{_MARK_CHARS}]")
#: Arabic letters (a regex class body): the Arabic blocks without digits, punctuation, marks
#: and tatweel, plus the presentation forms (which NFKC normalisation maps back to letters).
ARABIC_LETTERS = ("\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
                  "\u0750-\u077f\u0870-\u0887\u0889-\u088e\u08a0-\u08c9\ufb50-\ufd3d\ufd40-\ufdff"
                  "\ufe70-\ufefc")
_AR_WORD = re.compile(f"[{ARABIC_LETTERS}{_MARK_CHARS}]+")

# Proclitic chains ending in the article, matched on the mark-free base of the word.
_ARTICLE_CHAIN = re.compile("(?:(?P<c1>[وف])?(?P<p1>[بك])?(?P<a1>[اٱ]ل)|(?P<c2>[وف])?(?P<p2>ل)(?P<a2>ل))")
# Single proclitics for the aggressive rule: conjunction, then a preposition or future س.
_PROCLITIC_CHAIN = re.compile("(?P<c>[وف])?(?P<p>[بكل]|س(?=[يتنأ]))?")

_KEY_TABLE = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
    | {chr(c): None for c in (*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE),
                              *range(0x0610, 0x061B), *range(0x08D3, 0x08E2), *range(0x08E3, 0x0900),
                              0x0640, 0x200C, 0x200D, 0x00AD, *range(0x0300, 0x0370))}
)


def _key(text: str) -> str:
    """Fold ``text`` for exception look-ups (marks removed, alef/yaa/taa variants unified)."""
    return text.translate(_KEY_TABLE)


# Every entry was checked in ANT (counts there in parentheses, raw text; 0 = from general
# knowledge, kept because the split would be wrong wherever it occurs).
_EXCEPTION_WORDS = (
    # و + ال...: words starting with وال without the article
    "والي",  # governor (163); also واليا (15)
    "واليا",
    "والد", "والدة", "والدي", "والدين", "والدان", "والدا",  # father, mother, parents (والد 45,
    # والده 44, والدة 30, والدها 18, والدتها 17, والديه 16, والدته 14, والدهم 9, والديها 7)
    "والت", "والتر", "والاس",  # Walt, Walter, Wallace (names; والت 3)
    # ف + ال...: foreign names beginning with "Val/Fal"
    "فالس",  # Manuel Valls (21)
    "فالنسيا",  # Valencia (16)
    "فالو",  # Najat Vallaud-Belkacem (6)
    "فالكون",  # Falcon (3)
    "فالبوينا", "فاليتا", "فالكاو", "فالتر", "فاليكانو", "فالير", "فالديفيا",  # (3, 2, 2, 2, 1, 1, 1)
    "فالح",  # first name Falih (0)
    # ك + ال...: "Cal/Kal" names and loanwords
    "كاليفورنيا", "كالفورنيا",  # California (33, 1)
    "كالين", "كالديرون", "كالينينغراد", "كاليبر", "كالمان", "كالفين",  # (2, 2, 1, 1, 1, 1)
    "كالسيوم",  # calcium (0)
    "وكالات",  # agencies (25; و + ك + ال + ات would read آلات "machines")
    # ب + ال...
    "بال",  # mind (20; بالهم "their minds")
    "بالغ", "بالغة", "بالغا", "بالغين", "بالغون",  # adult, extreme (6, 8, 2, 1, 0)
    "باليستي", "باليستية", "باليستيا", "بالستي", "بالستية",  # ballistic (6, 4, 4, 1, 0)
    "بالوعة",  # drain (3)
    "باليرمو", "بالميراس",  # Palermo (4), Palmeiras (1)
    "بالحاج", "بالطيب", "بالناصر", "بالخيثر", "بالأخواص", "بالاكحل",  # Tunisian surnames
    # (55, 17, 10, 5, 5, 7; ambiguous بالعيد, بالنور, بالشيخ left out)
    # ل + (ال)ل...: the preposition before a noun beginning with ل (the article is fully elided)
    "للجنة", "للجان",  # committee (61, 3; اللجنة 270)
    "للاجئين",  # refugees (26)
    "للاعب", "للاعبين", "للاعبي",  # player(s) (14, 7, 7)
    "للعب", "للعبة",  # play, game (6, 4)
    "للحوم", "للحم",  # meat (7, 2)
    "للجوء",  # asylum (6)
    "للغة", "للحظة", "للباس", "للون", "لليلة", "للقاء",  # (3, 3, 4, 2, 2, 17)
    "للوبيات", "للافتات", "لليبيين", "لليغا",  # lobbies, banners, Libyans, La Liga (2, 2, 2, 3)
    "للتر",  # per litre (10)
    "لليبيا", "لليفربول", "للبنان", "للندن",  # ل + a name without article (4, 2, 1, 0)
    "لله",  # ل + الله (9)
    # ال that is not the article: fused forms and relative pronouns
    "الله", "اللهم", "الاه",
    "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي", "اللواتي", "اللائي",
    "الآن",  # now (202; الان 46)
    # ال from a hamza-initial word once alef forms are unified (ANT, raw + unified counts)
    "الي", "الى",  # إلي/إلى, hence اليه (157), اليها (118), اليهم (26), الينا (9), اليكم (6)
    "القاء", "القى", "القت", "القاها", "القي", "القاب",  # إلقاء (272), ألقى (20), ألقت (75), ألقاب
    "الاف", "الفا", "الفي", "الفين", "الفان",  # آلاف (251), ألفا (32), ألفي (21), ألفين (4)
    "المانيا", "المانية", "الماني", "المان",  # Germany/German (196, 27, 15, 4)
    "الغاء", "الغى", "الغت", "الغام",  # إلغاء (113), ألغى (4), ألغت (3), ألغام (4)
    "الفة",  # ألفة (92)
    "الية", "اليات", "اليا", "الات",  # آلية (45), آليات (40), آليا (9), آلات (16)
    "العاب",  # ألعاب (18)
    "الحاق", "الزام", "الزامي", "الزامية",  # إلحاق (18), إلزام (6), إلزامية (2)
    "اليم", "اليمة",  # أليم (12), أليمة (5)
    "الوان",  # ألوان (7)
    "الكسندر",  # Alexander (8)
    "الكتروني", "الكترونية", "الكترونيا", "الكترونيات",  # electronic (5, 28, 2, 0)
    "البانيا",  # Albania (0)
    # Words whose first letter belongs to the root although proclitic + word also reads as
    # words attested in ANT: what the aggressive rule got wrong among the 5,000 most frequent
    # ANT words (its guard for these words; the article rule never splits them anyway)
    "ولاية", "وزير", "وزارة", "وكالة", "وحدة", "واحد", "واحدة", "وقفة", "وطني", "وطنية",
    "كان", "كانت", "كامل", "كاملة", "كبير", "كبيرة", "كافة", "كمية",
    "بيان", "سيدي", "فساد", "توجه", "ورود", "بعيد", "بعيدة", "بعيدا", "بريد", "بحار", "كبار",
    "فنية", "فكرة", "لبنان", "كانا", "وسائل",
    "كريم", "كمال", "فريد", "فيصل", "لسعد",  # first names
    "بلعيد", "بلحاج", "بلقاسم", "بلحسن", "بوعلي",  # Tunisian surnames (98, 53, 39, ...)
)
#: Protected words (folded keys, see the module docstring): never split by a proclitic rule.
EXCEPTIONS: frozenset[str] = frozenset(map(_key, _EXCEPTION_WORDS))
# Exceptions with one enclitic attached (ة written ت before it), looked up in one step.
_PROTECTED: frozenset[str] = EXCEPTIONS | frozenset(
    form
    for word in EXCEPTIONS
    for enclitic in ENCLITICS
    for form in ((word + enclitic, word[:-1] + "ت" + enclitic) if word.endswith("ه") else (word + enclitic,))
)


@dataclass(frozen=True)
class Analysis:
    """One segmentation of a word into surface pieces.

    ``proclitics`` are the conjunction/preposition pieces, ``article`` the article piece ("" when
    there is none), ``stem`` and ``enclitic`` the surface pieces, so that
    ``"".join(proclitics) + article + stem + enclitic`` is the word. ``lemma`` is the stem as
    looked up (ت written back as ة before an enclitic); ``elided`` says that the article was
    written ل after the preposition ل (لل).
    """

    proclitics: tuple[str, ...]
    article: str
    stem: str
    enclitic: str
    lemma: str
    elided: bool = False

    @property
    def pieces(self) -> list[str]:
        """Surface pieces, empty ones left out (``[""]`` for the empty word)."""
        return [p for p in (*self.proclitics, self.article, self.stem, self.enclitic) if p] or [self.stem]


def _base(word: str) -> tuple[str, list[int] | None]:
    """The word without marks, and the surface index of each base character (None: identical)."""
    if not _HAS_MARK.search(word):
        return word, None
    positions = [i for i, ch in enumerate(word) if not _HAS_MARK.match(ch)]
    return "".join(word[i] for i in positions), positions


def _surface(word: str, positions: list[int] | None, cut: int) -> int:
    """Surface index where base index ``cut`` starts (marks stay with the letter before)."""
    if positions is None:
        return cut
    return positions[cut] if cut < len(positions) else len(word)


def _is_protected(key: str, conj: bool, stem_key: str) -> bool:
    return key in _PROTECTED or (conj and key[1:] in _PROTECTED) or ("ال" + stem_key) in _PROTECTED


def _article_analysis(word: str, base: str, positions: list[int] | None) -> Analysis | None:
    match = _ARTICLE_CHAIN.match(base)
    if match is None:
        return None
    end = match.end()
    stem_base = base[end:]
    if len(stem_base) < 2 or not _AR_WORD.fullmatch(stem_base):
        return None
    conj = match.group("c1") or match.group("c2")
    if _is_protected(_key(base), bool(conj), _key(stem_base)):
        return None
    group = "a1" if match.group("a1") else "a2"
    starts = [0] if conj else []
    prep = match.group("p1") or match.group("p2")
    if prep:
        starts.append(match.start("p1" if match.group("p1") else "p2"))
    starts += [match.start(group), end]
    pieces = _pieces(word, positions, starts)
    return Analysis(tuple(pieces[:-2]), pieces[-2], pieces[-1], "", pieces[-1], elided=group == "a2")


def _pieces(word: str, positions: list[int] | None, starts: list[int]) -> list[str]:
    """Surface pieces of ``word`` starting at base indices ``starts`` (the first one at 0)."""
    bounds = [0] + [_surface(word, positions, c) for c in starts[1:]] + [len(word)]
    return [word[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _count(lexicon: Container[str], word: str) -> int:
    if isinstance(lexicon, Mapping):
        value = lexicon.get(word, 0)
        return int(value) if value else 0
    return 1 if word in lexicon else 0


_STRIP_MARKS = "".join(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640))
# كن ("you", feminine plural) is not tried: in news it only ever matched the ends of
# يتمكن, أماكن, مساكن.
_ENCLITICS_TRIED = tuple(sorted((e for e in ENCLITICS if e != "كن"), key=len, reverse=True))


def _lemma_in(lexicon: Container[str], stem: str, before_enclitic: bool) -> str | None:
    """The form of ``stem`` found in the lexicon.

    Before an enclitic, a stem ending in ت is looked up with ة first (حالته -> حالة, not the
    verb حالت), then as written (بيته -> بيت), then with ه (texts whose ة was folded to ه);
    with counts, the most frequent of these forms wins.
    """
    forms = [stem]
    if before_enclitic:
        cut = len(stem.rstrip(_STRIP_MARKS))
        if cut and stem[cut - 1] == "ت":
            forms = [stem[:cut - 1] + "ة" + stem[cut:], stem, stem[:cut - 1] + "ه" + stem[cut:]]
    found = [form for form in forms if form in lexicon]
    if not found:
        return None
    if isinstance(lexicon, Mapping):
        return max(found, key=lambda form: _count(lexicon, form))
    return found[0]


def _aggressive_analysis(word: str, base: str, positions: list[int] | None,
                         lexicon: Container[str]) -> Analysis | None:
    key = _key(base)
    if key in EXCEPTIONS:
        return None
    match = _PROCLITIC_CHAIN.match(base)
    # Ways to cut proclitics off: base indices where pieces start, the stem's start last.
    prefixes = [[0]]
    if key not in _PROTECTED:  # an exception + enclitic (والدها) may only lose the enclitic
        if match.group("c"):
            prefixes.append([0, 1])
        if match.group("p"):
            prefixes.append([0, match.start("p"), match.end()] if match.group("c") else [0, match.end()])
    suffixes = [0] + [len(e) for e in _ENCLITICS_TRIED if base.endswith(e)]
    counts = isinstance(lexicon, Mapping)
    word_in = word in lexicon
    word_count = _count(lexicon, word) if counts else 0
    best: tuple[tuple[int, int], Analysis] | None = None
    for starts in prefixes:
        start = starts[-1]
        for size in suffixes:
            stop = len(base) - size
            if (start == 0 and size == 0) or stop - start < MIN_STEM_LETTERS:
                continue
            if size == 1 and base[-1] == "ي" and word_in:
                continue  # ي is also the nisba suffix of frequent adjectives (تونسي)
            if not _AR_WORD.fullmatch(base, start, stop):
                continue
            cuts = starts + [stop] if size else starts
            pieces = _pieces(word, positions, cuts)
            stem, enclitic = (pieces[-2], pieces[-1]) if size else (pieces[-1], "")
            proclitics = tuple(pieces[:-2] if size else pieces[:-1])
            lemma = _lemma_in(lexicon, stem, bool(size))
            if lemma is None:
                continue
            if counts:
                stem_count = _count(lexicon, lemma)
                if stem_count < MIN_STEM_RATIO * word_count:
                    continue
                score = (stem_count, stop - start)
            else:
                score = (stop - start, 0)
            if best is None or score > best[0]:
                best = (score, Analysis(proclitics, "", stem, enclitic, lemma))
    return None if best is None else best[1]


def analyse(word: str, *, mode: Mode = "conservative",
            lexicon: Container[str] | None = None) -> Analysis:
    """Segment ``word`` and say which piece is what (see the module docstring for the rules).

    Parameters
    ----------
    word : str
        One word (a token), raw or normalised.
    mode : {"conservative", "aggressive", "none"}
        ``"none"`` returns the word as its own stem.
    lexicon : container of str, optional
        Known words; required by ``mode="aggressive"``. A mapping of counts (``Counter``) also
        enables the frequency guard.

    Returns
    -------
    Analysis

    Raises
    ------
    TypeError
        If ``word`` is not a string.
    ValueError
        For an unknown ``mode``, or ``mode="aggressive"`` without a lexicon.

    Examples
    --------
    >>> a = analyse("وبالإرهاب")
    >>> a.proclitics, a.article, a.stem
    (('و', 'ب'), 'ال', 'إرهاب')
    """
    if not isinstance(word, str):
        raise TypeError(f"word must be a str, got {type(word).__name__}")
    _check_mode(mode, lexicon)
    return _analyse(word, mode, lexicon)


def _analyse(word: str, mode: str, lexicon: Container[str] | None) -> Analysis:
    """:func:`analyse` without argument checks (the tokenizer checks them once per call)."""
    found = None
    if mode != "none" and len(word) >= 4:  # a clitic + the shortest stem take 4 letters
        base, positions = _base(word)
        found = _article_analysis(word, base, positions)
        if found is None and mode == "aggressive":
            found = _aggressive_analysis(word, base, positions, lexicon)
    return found or Analysis((), "", word, "", word)


def _token_form(analysis: Analysis, strip_article: bool) -> str:
    """The token the tokenizer emits: the lemma, with the article put back unless stripped."""
    if analysis.article and not strip_article:
        return ("ال" if analysis.elided else analysis.article) + analysis.lemma
    return analysis.lemma


def _chain_table() -> tuple[str, ...]:
    """Every article chain, as written without marks (ال, وال, وبال, لل, ولل, ... and ٱل forms)."""
    chains = []
    for conj in ("", "و", "ف"):
        chains += [conj + prep + alef + "ل" for prep in ("", "ب", "ك") for alef in "اٱ"]
        chains.append(conj + "لل")
    return tuple(chains)


_CHAINS = _chain_table()
_CHAINS_4, _CHAINS_3, _CHAINS_2 = (tuple(k for k in _CHAINS if len(k) == n) for n in (4, 3, 2))
_FOLDED_CHAINS = frozenset(map(_key, _CHAINS))
_FOLD_ONE = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
# (length, first, last letter) of every stem a protected word leaves after a chain (folded):
# a stem without such a signature cannot belong to a protected word (cheaper than folding).
_STEM_SIGNATURES = frozenset(
    (len(stem), stem[0], stem[-1])
    for word in _PROTECTED for chain in _FOLDED_CHAINS if word.startswith(chain)
    for stem in (word[len(chain):],) if stem
)


def _conservative_form(word: str, strip_article: bool) -> str:
    """``_token_form(_analyse(word, "conservative", None), strip_article)``, faster.

    For the tokenizer, which calls it once per distinct Arabic word (``word`` holds Arabic
    letters and marks only): a word without marks or tatweel (nearly all) is matched against
    the chains with ``str.startswith`` and folded with ``str.replace`` instead of building an
    :class:`Analysis`.
    """
    if len(word) < 4:
        return word
    if not word.isalpha() or "\u0640" in word:  # marks or tatweel: the general analysis
        return _token_form(_analyse(word, "conservative", None), strip_article)
    if word.startswith(_CHAINS_4):  # و/ف + ب/ك + ال
        end, conj, article_start, elided = 4, True, 2, False
    elif word.startswith(_CHAINS_3):  # و/ف/ب/ك + ال, or و/ف + لل
        elided = word[1] == "ل"
        end, conj, article_start = 3, word[0] in "وف", 2 if elided else 1
    elif word.startswith(_CHAINS_2):  # ال, or لل
        elided = word[0] == "ل"
        end, conj, article_start = 2, False, 1 if elided else 0
    else:
        return word
    if len(word) - end < 2:
        return word
    first, last = word[end], word[-1]
    if (len(word) - end, _FOLD_ONE.get(first, first), _FOLD_ONE.get(last, last)) in _STEM_SIGNATURES:
        key = word
        for variant, letter in _FOLD_ONE.items():  # what _key does, without marks to delete
            key = key.replace(variant, letter)
        if key in _PROTECTED or (conj and key[1:] in _PROTECTED) or ("ال" + key[end:]) in _PROTECTED:
            return word
    if strip_article:
        return word[end:]
    return "ال" + word[end:] if elided else word[article_start:]


def _check_mode(mode: str, lexicon: Container[str] | None) -> None:
    if mode not in _MODES:
        raise ValueError(invalid_value_message("mode", mode, _MODES))
    if mode == "aggressive" and lexicon is None:
        raise ValueError("mode='aggressive' splits a clitic only when the stem left is a known word, "
                         "so it needs lexicon=<set of attested words>; build one from your corpus "
                         "tokens with build_lexicon(tokens), or use mode='conservative'")


def segment(word: str, *, mode: Mode = "conservative",
            lexicon: Container[str] | None = None) -> list[str]:
    """Split ``word`` into its surface pieces; ``"".join(segment(word)) == word`` always.

    Parameters
    ----------
    word : str
        One word (a token), raw or normalised; diacritics stay on their letter.
    mode : {"conservative", "aggressive", "none"}
        Conservative: only proclitic chains ending in the article, with an exception list.
        Aggressive: also single proclitics and enclitics whose stem is in ``lexicon``.
    lexicon : container of str, optional
        Known words (see :func:`build_lexicon`); required by ``mode="aggressive"``.

    Returns
    -------
    list of str
        The pieces, in order; ``[word]`` when nothing is split.

    Examples
    --------
    >>> segment("وبالإرهاب")
    ['و', 'ب', 'ال', 'إرهاب']
    >>> segment("وَالْإِرْهَابُ")
    ['وَ', 'الْ', 'إِرْهَابُ']
    >>> segment("كاليفورنيا"), segment("للجنة")
    (['كاليفورنيا'], ['للجنة'])
    >>> segment("وحكومته", mode="aggressive", lexicon={"حكومة", "قال"})
    ['و', 'حكومت', 'ه']
    """
    return analyse(word, mode=mode, lexicon=lexicon).pieces


def strip_clitics(word: str, *, mode: Mode = "conservative",
                  lexicon: Container[str] | None = None) -> str:
    """The lexical stem of ``word``: clitics and article removed, ة restored before an enclitic.

    Parameters
    ----------
    word : str
        One word (a token).
    mode : {"conservative", "aggressive", "none"}
        As in :func:`segment`.
    lexicon : container of str, optional
        Known words; required by ``mode="aggressive"``.

    Returns
    -------
    str
        The stem; the word itself when nothing is split.

    Examples
    --------
    >>> strip_clitics("بالإرهاب"), strip_clitics("الإرهاب"), strip_clitics("والي")
    ('إرهاب', 'إرهاب', 'والي')
    >>> strip_clitics("وحكومته", mode="aggressive", lexicon={"حكومة"})
    'حكومة'
    """
    return analyse(word, mode=mode, lexicon=lexicon).lemma


def build_lexicon(tokens: Iterable[str], *, min_count: int = 2) -> frozenset[str]:
    """The words seen at least ``min_count`` times as standalone tokens (for ``mode="aggressive"``).

    Build it from tokens produced the same way as the words you will segment (same
    normalisation, ``clitics="none"``). For the frequency guard of the aggressive rule, pass a
    :class:`collections.Counter` of the tokens instead.

    Parameters
    ----------
    tokens : iterable of str
        Corpus tokens (consumed once).
    min_count : int, default 2
        Minimum frequency; 1 keeps every word (typos included).

    Returns
    -------
    frozenset of str

    Raises
    ------
    ValueError
        If ``min_count`` is below 1.

    Examples
    --------
    >>> sorted(build_lexicon(["قال", "وقال", "قال", "بلد"]))
    ['قال']
    """
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count={min_count!r} is invalid; must be an integer >= 1")
    if isinstance(tokens, str):
        raise TypeError("tokens must be an iterable of words, not one str; split the text first "
                        "(toolkit.text.tokenize)")
    counts = Counter(tokens)
    return frozenset(word for word, n in counts.items() if n >= min_count)
