"""Tests for toolkit.text.clitics: conservative and aggressive segmentation, exceptions, lexicon.

Expected pieces are written out by hand from Arabic morphology (not computed with the module).
The integration tests read the ANT corpus (Tunisian news) in place and check the exception
list and the aggressive rule on real words.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared as _shared
from toolkit.text import clitics as clitics_module
from toolkit.text.clitics import (
    ENCLITICS,
    EXCEPTIONS,
    PROCLITICS,
    analyse,
    build_lexicon,
    segment,
    strip_clitics,
)


# --------------------------------------------------------------------------- constants


def test_clitics_constants_match_contract():
    assert PROCLITICS == ("و", "ف", "ب", "ك", "ل", "ال", "لل", "س")
    assert ENCLITICS == ("ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ني", "ي")
    assert len(EXCEPTIONS) >= 30


# --------------------------------------------------------------------------- conservative rule

SPLIT = [
    ("والإرهاب", ["و", "ال", "إرهاب"]),
    ("بالإرهاب", ["ب", "ال", "إرهاب"]),
    ("للإرهاب", ["ل", "ل", "إرهاب"]),  # ل + article whose alef is elided
    ("وللإرهاب", ["و", "ل", "ل", "إرهاب"]),
    ("فللإرهاب", ["ف", "ل", "ل", "إرهاب"]),
    ("وبالإرهاب", ["و", "ب", "ال", "إرهاب"]),
    ("فبالإرهاب", ["ف", "ب", "ال", "إرهاب"]),
    ("كالإرهاب", ["ك", "ال", "إرهاب"]),
    ("وكالإرهاب", ["و", "ك", "ال", "إرهاب"]),
    ("فالإرهاب", ["ف", "ال", "إرهاب"]),
    ("الإرهاب", ["ال", "إرهاب"]),
    ("الإرهابية", ["ال", "إرهابية"]),
    ("والإرهابية", ["و", "ال", "إرهابية"]),
    ("والارهاب", ["و", "ال", "ارهاب"]),  # normalised spelling
    ("اللجنة", ["ال", "لجنة"]),  # the article before a noun starting with ل
    ("والدولة", ["و", "ال", "دولة"]),
    ("بالمائة", ["ب", "ال", "مائة"]),  # the most frequent chain word in ANT
    ("وَالْإِرْهَابُ", ["وَ", "الْ", "إِرْهَابُ"]),  # marks stay on their letter
    ("لِلْإِرْهَابِ", ["لِ", "لْ", "إِرْهَابِ"]),
    ("الإِرْهَابُ", ["ال", "إِرْهَابُ"]),
    ("والـإرهاب", ["و", "الـ", "إرهاب"]),  # tatweel stays with the letter before
    ("وٱلإرهاب", ["و", "ٱل", "إرهاب"]),  # alef wasla
]


@pytest.mark.parametrize(("word", "pieces"), SPLIT)
def test_clitics_segment_conservative_splits_article_chains(word, pieces):
    assert segment(word) == pieces
    assert "".join(pieces) == word


@pytest.mark.parametrize(("word", "stem"), [
    ("والإرهاب", "إرهاب"), ("للإرهاب", "إرهاب"), ("الإرهابية", "إرهابية"), ("وَالْإِرْهَابُ", "إِرْهَابُ"),
    ("والي", "والي"), ("وقال", "وقال"),
])
def test_clitics_strip_clitics_conservative(word, stem):
    assert strip_clitics(word) == stem


UNTOUCHED = [
    # single-letter proclitic (or a root letter) before a word without the article
    "وزير", "وزارة", "بلد", "بلاد", "كتاب", "لبنان", "فرنسا", "سوريا", "وقال", "فإن", "بعد", "سيتم", "ولاية",
    # one letter left after the chain
    "والي", "والد", "بالغ", "فالح", "وال", "بال", "الى", "لله",
    # exceptions: words starting with the letters of a chain without the article
    "والدة", "والدي", "والدين", "واليا", "بالغة", "بالغين", "باليستية", "بالوعة", "فالنسيا", "فالس",
    "كاليفورنيا", "كالسيوم", "بالحاج", "بالطيب", "للجنة", "للاجئين", "للاعبين", "لليبيا", "للقاء",
    # exceptions with an enclitic (ة written ت before it)
    "والده", "والدها", "والدتها", "والدته", "والديه", "بالهم",
    # exceptions behind a conjunction
    "وبالغة", "وللجنة", "وكاليفورنيا",
    # ال that is not the article (fused, or a hamza-initial word once alef forms are unified)
    "الله", "والله", "الذي", "والذي", "التي", "الآن", "الان", "المانيا", "والمانيا", "بالمانيا", "الغاء",
    "بالغاء", "اليه", "واليه", "اليها", "الية", "اليات", "الكترونية", "الوانها",
    # variants folded for the look-up: أ/ا, ة/ه, ى/ي, diacritics
    "والده", "والدَة", "بالغه", "وألمانيا",
    # not Arabic, or too short
    "", "و", "ال", "state", "l'État", "2015",
]


@pytest.mark.parametrize("word", UNTOUCHED)
def test_clitics_segment_conservative_leaves_words_whole(word):
    assert segment(word) == [word]
    assert strip_clitics(word) == word


@pytest.mark.parametrize("word", sorted(EXCEPTIONS))
def test_clitics_every_exception_stays_whole(word):
    assert segment(word) == [word]
    assert segment("و" + word) == ["و" + word]


def test_clitics_analyse_reports_pieces_and_article():
    a = analyse("وللإرهاب")
    assert (a.proclitics, a.article, a.stem, a.enclitic, a.lemma, a.elided) == (("و", "ل"), "ل", "إرهاب", "",
                                                                                 "إرهاب", True)
    b = analyse("الإرهاب")
    assert (b.proclitics, b.article, b.stem, b.elided) == ((), "ال", "إرهاب", False)
    c = analyse("وزير")
    assert c.pieces == ["وزير"] and c.article == "" and c.lemma == "وزير"


# --------------------------------------------------------------------------- aggressive rule

LEXICON = frozenset({"قال", "حكومة", "كتاب", "تونس", "تونسي", "عيد", "يتم", "لد", "سبب", "وزير", "أكد", "مشاركة",
                     "بيت", "حالة", "حالت", "والد"})


@pytest.mark.parametrize(("word", "pieces", "stem"), [
    ("وقال", ["و", "قال"], "قال"),
    ("فقال", ["ف", "قال"], "قال"),
    ("بسبب", ["ب", "سبب"], "سبب"),
    ("ووزير", ["و", "وزير"], "وزير"),
    ("وأكد", ["و", "أكد"], "أكد"),
    ("سيتم", ["س", "يتم"], "يتم"),  # future س before an imperfect prefix
    ("وسيتم", ["و", "س", "يتم"], "يتم"),
    ("حكومته", ["حكومت", "ه"], "حكومة"),  # ة is written ت before an enclitic
    ("وحكومتها", ["و", "حكومت", "ها"], "حكومة"),
    ("بمشاركته", ["ب", "مشاركت", "ه"], "مشاركة"),
    ("كتابهم", ["كتاب", "هم"], "كتاب"),
    ("كتابي", ["كتاب", "ي"], "كتاب"),  # كتابي is not in the lexicon: possessive ي
    ("بيته", ["بيت", "ه"], "بيت"),  # a stem really ending in ت
    ("حالته", ["حالت", "ه"], "حالة"),  # ة tried first: the noun, not the verb حالت
    ("والدها", ["والد", "ها"], "والد"),  # an exception may lose its enclitic only
    ("والإرهاب", ["و", "ال", "إرهاب"], "إرهاب"),  # the conservative rule still applies first
])
def test_clitics_aggressive_splits_attested_stems(word, pieces, stem):
    assert segment(word, mode="aggressive", lexicon=LEXICON) == pieces
    assert strip_clitics(word, mode="aggressive", lexicon=LEXICON) == stem


@pytest.mark.parametrize(("word", "also_known"), [
    ("بلد", {"لد"}),  # لد is attested but has two letters
    ("تونسي", set()),  # ي is the nisba suffix: the whole word is in the lexicon
    ("سعيد", set()),  # عيد is attested, but س splits only before ي ت ن أ
    ("كتاب", set()),  # تاب is not attested
    ("والي", {"الي"}), ("كانت", {"انت"}), ("لبنان", {"بنان"}), ("وحدة", {"حدة"}),  # exceptions
])
def test_clitics_aggressive_leaves_unattested_or_protected_words(word, also_known):
    assert segment(word, mode="aggressive", lexicon=LEXICON | also_known) == [word]


def test_clitics_aggressive_keeps_the_article_analysis():
    assert segment("الكتاب", mode="aggressive", lexicon=LEXICON) == ["ال", "كتاب"]
    assert segment("الكتابه", mode="aggressive", lexicon=LEXICON) == ["ال", "كتابه"]  # no enclitic after ال


def test_clitics_aggressive_with_counts_prefers_frequent_stems():
    # the whole word competes: a rare stem does not take a frequent word apart
    counts = Counter({"وحيد": 100, "حيد": 2})
    assert segment("وحيد", mode="aggressive", lexicon=counts) == ["وحيد"]
    assert segment("وحيد", mode="aggressive", lexicon=Counter({"وحيد": 100, "حيد": 50})) == ["و", "حيد"]
    # the same word with a plain set: attested is enough
    assert segment("وحيد", mode="aggressive", lexicon={"حيد"}) == ["و", "حيد"]
    # among several analyses the most frequent stem wins; with a set, the longest
    word = "وكتابه"
    assert segment(word, mode="aggressive", lexicon=Counter({"كتاب": 50, "كتابه": 5})) == ["و", "كتاب", "ه"]
    assert segment(word, mode="aggressive", lexicon={"كتاب", "كتابه"}) == ["و", "كتابه"]
    # ت -> ة / ه restoration picks the more frequent form
    assert strip_clitics("حكومته", mode="aggressive", lexicon=Counter({"حكومه": 9, "حكومة": 3})) == "حكومه"


def test_clitics_aggressive_needs_a_lexicon():
    with pytest.raises(ValueError, match="lexicon"):
        segment("وقال", mode="aggressive")
    with pytest.raises(ValueError, match="mode='greedy' is invalid"):
        segment("وقال", mode="greedy")
    with pytest.raises(TypeError, match="str"):
        segment(["وقال"])
    assert segment("وقال", mode="none") == ["وقال"]


# --------------------------------------------------------------------------- build_lexicon


def test_clitics_build_lexicon_keeps_frequent_words():
    tokens = ["قال", "وقال", "قال", "بلد", "بلد", "بلد", "x"]
    assert build_lexicon(tokens) == frozenset({"قال", "بلد"})
    assert build_lexicon(iter(tokens), min_count=3) == frozenset({"بلد"})
    assert build_lexicon(tokens, min_count=1) == frozenset(tokens)


@pytest.mark.parametrize(("tokens", "min_count", "error"), [
    (["a"], 0, ValueError), (["a"], 2.5, ValueError), (["a"], True, ValueError), ("قال قال", 1, TypeError),
])
def test_clitics_build_lexicon_rejects_bad_input(tokens, min_count, error):
    with pytest.raises(error):
        build_lexicon(tokens, min_count=min_count)


# --------------------------------------------------------------------------- properties

ARABIC_ALPHABET = "وفبكلسالإأآٱىةتهيمنرزدحقعكنـًٌٍَُِّْٰ"
arabic_words = st.text(alphabet=ARABIC_ALPHABET, min_size=0, max_size=12)
lexicons = st.frozensets(st.text(alphabet="وفبكلسالإأةتهيمنرزدحقع", min_size=2, max_size=6), max_size=30)


@settings(max_examples=300, deadline=None)
@given(word=st.one_of(st.text(max_size=15), arabic_words), lexicon=lexicons,
       mode=st.sampled_from(["none", "conservative", "aggressive"]))
def test_clitics_segment_rejoins_to_the_word(word, lexicon, mode):
    assert "".join(segment(word, mode=mode, lexicon=lexicon)) == word


@settings(max_examples=300, deadline=None)
@given(word=st.builds(lambda prefix, rest: prefix + rest,
                      st.sampled_from(["", "و", "ف", "ب", "ال", "وال", "بال", "لل", "ولل", "وبال", "كال", "ٱل"]),
                      arabic_words),
       strip=st.booleans())
def test_clitics_fast_conservative_form_matches_the_analysis(word, strip):
    # the tokenizer's shortcut must give what the documented analysis gives
    slow = clitics_module._token_form(analyse(word), strip)
    if not word or not re.fullmatch(f"[{clitics_module.ARABIC_LETTERS}{clitics_module._MARK_CHARS}]+", word):
        return
    assert clitics_module._conservative_form(word, strip) == slow


@settings(max_examples=200, deadline=None)
@given(word=arabic_words, lexicon=lexicons)
def test_clitics_lemma_comes_from_the_word(word, lexicon):
    a = analyse(word, mode="aggressive", lexicon=lexicon)
    assert "".join(a.pieces) == word
    assert a.lemma == a.stem or (a.enclitic and _restored(a.stem, a.lemma))


def _restored(stem: str, lemma: str) -> bool:
    """The lemma is the stem with its last ت (before trailing marks) written ة or ه."""
    core = stem.rstrip("ًٌٍَُِّْٰـ")
    return core.endswith("ت") and lemma in (core[:-1] + "ة" + stem[len(core):], core[:-1] + "ه" + stem[len(core):])


# --------------------------------------------------------------------------- real corpus (ANT)


@pytest.fixture(scope="module")
def ant_counts() -> Counter:
    root = _shared("ant_corpus_ar") / "data"
    counts: Counter = Counter()
    for path in root.rglob("*.txt"):
        match = re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8"), re.S)
        if match:
            counts.update(re.findall(r"[\u0621-\u064a]+", match.group(1)))
    return counts


@pytest.mark.integration
def test_clitics_integration_ant_exceptions_are_real_words(ant_counts):
    # the exception list is built from ANT: these words occur there, and the split would be wrong
    for word in ["والي", "والد", "والده", "والدة", "كاليفورنيا", "فالنسيا", "فالس", "بالحاج", "للجنة", "للاجئين",
                 "بالغة", "باليستي", "وكالات"]:
        assert ant_counts[word] >= 4, word
        assert segment(word) == [word]
    # ... and so does the article form of the stems the split would leave (or not at all)
    assert ant_counts["اللجنة"] > 100 and ant_counts["الجنة"] == 0


@pytest.mark.integration
def test_clitics_integration_ant_frequent_chain_words_split(ant_counts):
    # among the 250 most frequent ANT words with a chain and >= 2 letters left, only six are
    # not conjunction/preposition + article; they are protected, and so (by choice) are the
    # relative pronouns; all the others split
    chain = re.compile("^(?:[وف]?[بك]?ال|[وف]?لل)")
    words = [w for w, _ in ant_counts.most_common() if chain.match(w) and not w.startswith("ال")
             and len(w) - chain.match(w).end() >= 2][:250]
    whole = {w for w in words if segment(w) == [w]}
    assert whole == {"للجنة", "بالحاج", "والده", "كاليفورنيا", "والدة", "وكالات", "والتي", "والذي", "والذين"}


@pytest.mark.integration
def test_clitics_integration_ant_aggressive_with_corpus_lexicon(ant_counts):
    lexicon = build_lexicon(ant_counts.elements())
    assert segment("وقال", mode="aggressive", lexicon=lexicon) == ["و", "قال"]
    assert segment("بلد", mode="aggressive", lexicon=lexicon) == ["بلد"]
    assert segment("حكومته", mode="aggressive", lexicon=lexicon) == ["حكومت", "ه"]
    assert strip_clitics("حكومته", mode="aggressive", lexicon=lexicon) == "حكومة"
    for word in ["وزير", "وزارة", "بلاد", "كتاب", "لبنان", "فرنسا", "سوريا", "والي", "كانت"]:
        assert segment(word, mode="aggressive", lexicon=lexicon) == [word], word
    counts = Counter({w: n for w, n in ant_counts.items() if n >= 2})
    assert segment("وأضاف", mode="aggressive", lexicon=counts) == ["و", "أضاف"]
    assert segment("تونسي", mode="aggressive", lexicon=counts) == ["تونسي"]
