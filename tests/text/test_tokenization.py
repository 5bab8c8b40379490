"""Tests for toolkit.text.tokenization: words, numbers and punctuation per language, clitics,
offsets, and properties (no invented characters, nothing lost, same tokens as the spans).

Expected tokens are written out by hand; the integration test reads the ANT corpus in place.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared as _shared
from toolkit.text.clitics import build_lexicon
from toolkit.text.tokenization import ELISION_EXCEPTIONS, iter_token_spans, tokenize

# --------------------------------------------------------------------------- Arabic

ARABIC = [
    ("الإِرْهَابُ", {}, ["الإِرْهَابُ"]),  # diacritics are word-internal
    ("الإرهـــاب", {}, ["الإرهـــاب"]),  # tatweel too
    ("مي\u200cخواهم", {}, ["مي\u200cخواهم"]),  # ZWNJ too
    ("والإرهاب بالإرهاب للإرهاب الإرهابية", {}, ["والإرهاب", "بالإرهاب", "للإرهاب", "الإرهابية"]),
    ("أدان المجلس، بشدة؛ الهجوم؟ «الإرهابي»", {}, ["أدان", "المجلس", "بشدة", "الهجوم", "الإرهابي"]),
    ("أدان المجلس، بشدة؛ الهجوم؟ «الإرهابي»", {"keep_punct": True},
     ["أدان", "المجلس", "،", "بشدة", "؛", "الهجوم", "؟", "«", "الإرهابي", "»"]),
    ("سنة 2015 و٢٠١٥ و3.5 بالمائة", {}, ["سنة", "2015", "و", "٢٠١٥", "و", "3.5", "بالمائة"]),
    ("سنة 2015 و٢٠١٥", {"keep_numbers": False}, ["سنة", "و"]),
    ("2015م", {}, ["2015", "م"]),  # digits and Arabic letters are separate runs
    ("بـ3 ملايين", {}, ["بـ", "3", "ملايين"]),
    ("ارتفع بنسبة 15% أو ١٥٪", {"keep_punct": True}, ["ارتفع", "بنسبة", "15", "%", "أو", "١٥", "٪"]),
    ("٣٫٥ مليون", {}, ["٣٫٥", "مليون"]),
    ("في بلد", {"min_length": 3}, ["بلد"]),
    # conservative clitics: proclitic + article chains merge with the article form
    ("والإرهاب بالإرهاب للإرهاب الإرهابية الإرهاب", {"clitics": "conservative"},
     ["الإرهاب", "الإرهاب", "الإرهاب", "الإرهابية", "الإرهاب"]),
    ("والإرهاب للإرهاب الإرهاب", {"clitics": "conservative", "article": "strip"}, ["إرهاب", "إرهاب", "إرهاب"]),
    ("وللإرهاب وبالإرهاب", {"clitics": "conservative"}, ["الإرهاب", "الإرهاب"]),
    ("وَالْإِرْهَابُ لِلْإِرْهَابِ", {"clitics": "conservative"}, ["الْإِرْهَابُ", "الإِرْهَابِ"]),
    # untouched in conservative mode: single-letter proclitics, exceptions, short stems
    ("وزير وزارة بلد بلاد كتاب لبنان فرنسا سوريا والي وقال فإن بعد", {"clitics": "conservative"},
     ["وزير", "وزارة", "بلد", "بلاد", "كتاب", "لبنان", "فرنسا", "سوريا", "والي", "وقال", "فإن", "بعد"]),
    ("والدة بالغة كاليفورنيا للجنة لله الله والذي", {"clitics": "conservative"},
     ["والدة", "بالغة", "كاليفورنيا", "للجنة", "لله", "الله", "والذي"]),
    # aggressive clitics with a lexicon
    ("وقال بلد حكومته", {"clitics": "aggressive", "lexicon": {"قال", "لد", "حكومة"}}, ["قال", "بلد", "حكومة"]),
    ("والإرهاب وحكومته", {"clitics": "aggressive", "lexicon": {"حكومة"}, "article": "strip"}, ["إرهاب", "حكومة"]),
]


@pytest.mark.parametrize(("text", "options", "expected"), ARABIC)
def test_tokenization_arabic(text, options, expected):
    assert tokenize(text, "ar", **options) == expected
    assert [t for t, _, _ in iter_token_spans(text, "ar", **options)] == expected


# --------------------------------------------------------------------------- French

FRENCH = [
    ("l'État", {}, ["l'", "État"]),
    ("L’État", {}, ["L’", "État"]),  # curly apostrophe
    ("d’extrémisme", {}, ["d’", "extrémisme"]),
    ("dʼextrémisme", {}, ["dʼ", "extrémisme"]),  # modifier letter apostrophe
    ("qu'il jusqu'à lorsqu'elle puisqu'on quoiqu'il", {},
     ["qu'", "il", "jusqu'", "à", "lorsqu'", "elle", "puisqu'", "on", "quoiqu'", "il"]),
    ("j'ai m'a n'y s'habiller t'en c'est", {},
     ["j'", "ai", "m'", "a", "n'", "y", "s'", "habiller", "t'", "en", "c'", "est"]),
    ("aujourd'hui d'aujourd'hui", {}, ["aujourd'hui", "d'", "aujourd'hui"]),
    ("prud'hommes presqu'île quelqu'un", {}, ["prud'hommes", "presqu'île", "quelqu'un"]),
    ("N'Djamena M'Hamed", {}, ["N'Djamena", "M'Hamed"]),  # consonant / listed name
    ("l'État", {"elision": False}, ["l'État"]),
    ("c'est-à-dire", {}, ["c'", "est-à-dire"]),
    ("c'est-à-dire", {"hyphens": "split"}, ["c'", "est", "à", "dire"]),
    ("l'ONU, le 3,5 %", {"keep_punct": True}, ["l'", "ONU", ",", "le", "3,5", "%"]),
    ("États-Unis", {}, ["États-Unis"]),
]


@pytest.mark.parametrize(("text", "options", "expected"), FRENCH)
def test_tokenization_french(text, options, expected):
    assert tokenize(text, "fr", **options) == expected
    assert [t for t, _, _ in iter_token_spans(text, "fr", **options)] == expected


def test_tokenization_elision_is_french_only():
    assert tokenize("l'État", "en") == ["l'État"]
    assert tokenize("l'État", None) == ["l'État"]
    assert tokenize("l'État", "fr-FR") == ["l'", "État"]
    assert "aujourd'hui" in ELISION_EXCEPTIONS


# --------------------------------------------------------------------------- English

ENGLISH = [
    ("don't", {}, ["do", "n't"]),
    ("don’t", {}, ["do", "n’t"]),
    ("don't", {"contractions": "keep"}, ["don't"]),
    ("it's", {}, ["it", "'s"]),
    ("can't won't", {}, ["ca", "n't", "wo", "n't"]),  # Penn Treebank
    ("I'm they're we've you'll he'd", {}, ["I", "'m", "they", "'re", "we", "'ve", "you", "'ll", "he", "'d"]),
    ("the UN's plan", {}, ["the", "UN", "'s", "plan"]),
    ("O'Neill rock'n'roll", {}, ["O'Neill", "rock'n'roll"]),
    ("the States' rights", {"keep_punct": True}, ["the", "States", "'", "rights"]),
    ("U.S. U.N. e.g. U.S.A.", {}, ["U.S.", "U.N.", "e.g.", "U.S.A."]),
    ("the U.S.-led coalition", {"keep_punct": True}, ["the", "U.S.", "-", "led", "coalition"]),
    ("counter-terrorism", {}, ["counter-terrorism"]),
    ("counter-terrorism", {"hyphens": "split"}, ["counter", "terrorism"]),
    ("counter-terrorism", {"hyphens": "split", "keep_punct": True}, ["counter", "-", "terrorism"]),
    ("counter‐terrorism", {"hyphens": "split"}, ["counter", "terrorism"]),  # U+2010
    ("COVID-19 G20 1st 5G", {}, ["COVID-19", "G20", "1st", "5G"]),
    ("2015 3.5 1,000 $2.5bn 2014-2015", {"keep_punct": True},
     ["2015", "3.5", "1,000", "$", "2.5", "bn", "2014", "-", "2015"]),
    ("in 2015, 1,000 troops", {"keep_numbers": False}, ["in", "troops"]),
    ("Mr. Smith said: \"No!\"", {"keep_punct": True}, ["Mr", ".", "Smith", "said", ":", '"', "No", "!", '"']),
    ("foo_bar", {"keep_punct": True}, ["foo", "_", "bar"]),
    ("naïve café", {}, ["naïve", "café"]),
    ("nai\u0308ve cafe\u0301", {}, ["nai\u0308ve", "cafe\u0301"]),  # NFD accents stay in the word
]


@pytest.mark.parametrize(("text", "options", "expected"), ENGLISH)
def test_tokenization_english(text, options, expected):
    assert tokenize(text, "en", **options) == expected
    assert [t for t, _, _ in iter_token_spans(text, "en", **options)] == expected


def test_tokenization_other_languages_follow_english_rules():
    assert tokenize("don't", "es") == ["do", "n't"]
    assert tokenize("don't", None) == ["don't"]
    assert tokenize("don't", "ar") == ["don't"]


def test_tokenization_mixed_script_text():
    text = "أكد رئيس الحكومة (Prime Minister) أن l'État..."
    assert tokenize(text, "ar") == ["أكد", "رئيس", "الحكومة", "Prime", "Minister", "أن", "l'État"]
    assert tokenize("Facebookفيسبوك", "ar") == ["Facebook", "فيسبوك"]


# --------------------------------------------------------------------------- offsets


@pytest.mark.parametrize(("text", "lang", "options"), [
    ("أدان المجلس، بشدة «الهجوم» سنة 2015.", "ar", {"keep_punct": True}),
    ("L’État condamne l'extrémisme aujourd'hui, c'est-à-dire...", "fr", {"keep_punct": True, "hyphens": "split"}),
    ("The U.S. don't support counter-terrorism cuts of 1,000.", "en", {"keep_punct": True, "hyphens": "split"}),
])
def test_tokenization_spans_point_at_the_tokens(text, lang, options):
    spans = list(iter_token_spans(text, lang, **options))
    assert spans and all(text[s:e] == token for token, s, e in spans)
    assert [t for t, _, _ in spans] == tokenize(text, lang, **options)


def test_tokenization_spans_with_clitics_cover_the_word():
    text = "أدان وللإرهاب، والي"
    spans = list(iter_token_spans(text, "ar", clitics="conservative"))
    assert spans == [("أدان", 0, 4), ("الإرهاب", 5, 13), ("والي", 15, 19)]
    assert text[5:13] == "وللإرهاب"


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"clitics": "greedy"}, ValueError, "clitics='greedy' is invalid"),
    ({"article": "drop"}, ValueError, "article='drop' is invalid"),
    ({"contractions": "expand"}, ValueError, "contractions='expand' is invalid"),
    ({"hyphens": "join"}, ValueError, "hyphens='join' is invalid"),
    ({"min_length": 0}, ValueError, "min_length=0 is invalid"),
    ({"min_length": 1.5}, ValueError, "min_length"),
    ({"clitics": "aggressive"}, ValueError, "lexicon"),
    ({"keep_punct": "yes"}, TypeError, "keep_punct"),
])
def test_tokenization_rejects_bad_options(options, error, message):
    with pytest.raises(error, match=re.escape(message)):
        tokenize("نص", "ar", **options)
    with pytest.raises(error, match=re.escape(message)):
        list(iter_token_spans("نص", "ar", **options))


def test_tokenization_rejects_non_strings():
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize(b"text", "en")
    with pytest.raises(TypeError, match="lang"):
        tokenize("text", 3)
    assert tokenize("", "ar") == [] and tokenize("  \n ", "fr") == []


# --------------------------------------------------------------------------- properties

ALPHABET = ("وفبكلالإأةتهيمنرزدح" "ًٌٍَُِّْٰـ\u200c" "abcdeéhilnorstyAEHLTU" "\u0301" "0123456789٠١٢٥"
            "'’-‐.,،؛؟«»%!()_ \n\t")
texts = st.text(alphabet=ALPHABET, max_size=60)
langs = st.sampled_from(["ar", "fr", "en", None])
option_sets = st.fixed_dictionaries({
    "keep_punct": st.booleans(), "keep_numbers": st.booleans(), "elision": st.booleans(),
    "contractions": st.sampled_from(["split", "keep"]), "hyphens": st.sampled_from(["keep", "split"]),
    "min_length": st.integers(1, 3),
})


@settings(max_examples=300, deadline=None)
@given(text=texts, lang=langs, options=option_sets)
def test_tokenization_tokens_are_substrings_at_their_spans(text, lang, options):
    spans = list(iter_token_spans(text, lang, **options))
    assert all(text[s:e] == token and token for token, s, e in spans)
    assert all(a[2] <= b[1] for a, b in zip(spans, spans[1:], strict=False))  # in order, no overlap


@settings(max_examples=300, deadline=None)
@given(text=texts, lang=langs, options=option_sets, clitics=st.sampled_from(["none", "conservative"]),
       article=st.sampled_from(["keep", "strip"]))
def test_tokenization_tokenize_equals_the_spans(text, lang, options, clitics, article):
    expected = [t for t, _, _ in iter_token_spans(text, lang, clitics=clitics, article=article, **options)]
    assert tokenize(text, lang, clitics=clitics, article=article, **options) == expected


# Arabic text with digits, marks, joiners and a few characters that must leave the fast path
# (Latin and other-script letters, "²", "_", tatweel, ZWNJ, presentation forms) but no Latin
# word in most examples, so that tokenize's Arabic fast path is taken and checked.
ARABIC_ALPHABET = ("وفبكلالإأةتهيمنرزدح" "ًٌٍَُِّْٰـ\u200c\u00ad" "0123456789٠١٢٥۴" "\ufefb\u0660\u06f0"
                   "'’-‐.,،؛؟«»%!()_ \n\t" "²a\u0301\u05d0")


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ARABIC_ALPHABET, max_size=40), lang=langs,
       clitics=st.sampled_from(["none", "conservative"]), min_length=st.integers(1, 3))
def test_tokenization_arabic_fast_path_equals_the_spans(text, lang, clitics, min_length):
    expected = [t for t, _, _ in iter_token_spans(text, lang, clitics=clitics, keep_numbers=False,
                                                   min_length=min_length)]
    assert tokenize(text, lang, clitics=clitics, keep_numbers=False, min_length=min_length) == expected


@settings(max_examples=300, deadline=None)
@given(text=texts, lang=langs, contractions=st.sampled_from(["split", "keep"]),
       hyphens=st.sampled_from(["keep", "split"]), elision=st.booleans())
def test_tokenization_keeps_every_character_with_keep_punct(text, lang, contractions, hyphens, elision):
    tokens = tokenize(text, lang, keep_punct=True, contractions=contractions, hyphens=hyphens, elision=elision)
    assert "".join(tokens) == "".join(text.split())


def _explained(token: str, word: str) -> bool:
    """The documented ways a clitic token relates to its written word (see the module docstring)."""
    if token in word:
        return True  # the word, or its stem (with the article when it is written ال)
    if token.startswith("ال") and len(token) > 2 and word.endswith(token[2:]):
        return True  # ل + ل + stem: the article's elided alef written back
    core = token.rstrip("ًٌٍَُِّْٰـ")
    # aggressive: the stem's last ت (before an enclitic) written back as ة or ه
    return core[-1:] in ("ة", "ه") and (core[:-1] + "ت" + token[len(core):]) in word


@settings(max_examples=300, deadline=None)
@given(text=texts, clitics=st.sampled_from(["conservative", "aggressive"]), article=st.sampled_from(["keep", "strip"]),
       lexicon=st.frozensets(st.text(alphabet="وفبكلالإأةتهيمنرزدح", min_size=3, max_size=6), max_size=20))
def test_tokenization_clitic_tokens_come_from_the_word(text, clitics, article, lexicon):
    for token, s, e in iter_token_spans(text, "ar", clitics=clitics, article=article, lexicon=lexicon):
        assert _explained(token, text[s:e]), (token, text[s:e])


# --------------------------------------------------------------------------- real corpus (ANT)


@pytest.mark.integration
def test_tokenization_integration_ant_articles():
    root = _shared("ant_corpus_ar") / "data" / "politic"
    texts = [m.group(1) for path in sorted(root.glob("*.txt"))[:150]
             if (m := re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8"), re.S))]
    assert len(texts) > 100
    for text in texts:
        spans = list(iter_token_spans(text, "ar", keep_punct=True))
        assert all(text[s:e] == t for t, s, e in spans)
        assert "".join(t for t, _, _ in spans) == "".join(text.split())
        assert tokenize(text, "ar", clitics="conservative") == [
            t for t, _, _ in iter_token_spans(text, "ar", clitics="conservative")]
    tokens = [t for text in texts for t in tokenize(text, "ar")]
    merged = [t for text in texts for t in tokenize(text, "ar", clitics="conservative")]
    assert len(tokens) == len(merged)
    # conservative clitics merge forms: fewer distinct words, more of the article forms
    assert len(set(merged)) < len(set(tokens))
    assert merged.count("الحكومة") > tokens.count("الحكومة")
    lexicon = build_lexicon(tokens)
    assert tokenize("وقال رئيس حكومته", "ar", clitics="aggressive", lexicon=lexicon | {"حكومة"}) == [
        "قال", "رئيس", "حكومة"]


# Latin fast paths (fast letter-run alternative, chunk-wise Latin rewrite): same tokens as the
# reference path (TOKEN_PATTERN, one token at a time) on the edges of the fast letter class,
# other apostrophes and hyphens, marks, digits, dots and Unicode whitespace.
LATIN_ALPHABET = ("aZzAÀÖØöøÿſœ×÷ƀßéÉ" "\u0301\u200c\u00ad" "09" "'’ʼ‘-‐‑" "._,!%" "و" " \n\u00a0\u2003\u3000")


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=LATIN_ALPHABET, max_size=40), lang=st.sampled_from(["fr", "en", None]),
       options=option_sets)
def test_tokenization_latin_fast_paths_equal_the_spans(text, lang, options):
    expected = [t for t, _, _ in iter_token_spans(text, lang, **options)]
    assert tokenize(text, lang, **options) == expected


def test_tokenization_fast_letters_are_non_arabic_letters():
    from toolkit.text import tokenization as module

    letters = re.findall(rf"[{module._FAST_LETTER}]", "".join(map(chr, range(0x250))))
    assert len(letters) == 52 + 23 + 31 + 136
    assert all(ch.isalpha() and re.fullmatch(rf"[^\W\d_{module._ARABIC_SCRIPT}]", ch) for ch in letters)


@pytest.mark.parametrize(("text", "expected"), [
    ("it's the UN's, don't", ["it", "'s", "the", "UN", "'s", "do", "n't"]),
    ("a.b. ab. a. I'm", ["a.b.", "ab", "a", "I", "'m"]),
    ("Ça-va l'État\u00a0qu’il", ["Ça-va", "l'État", "qu’il"]),
])
def test_tokenization_latin_chunks_in_context(text, expected):
    assert tokenize(text, "en") == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab'’-. \nçé2lÉ") + ["don't", "l'État", "counter-terror"]), max_size=30).map("".join),
       st.sampled_from(["en", "fr", "de"]), st.sampled_from(["conservative", "none"]))
def test_tokenization_clitics_do_not_change_text_without_arabic(text, lang, clitics):
    assert tokenize(text, lang, clitics=clitics) == tokenize(text, lang)
    assert tokenize(text, lang, clitics=clitics) == [t for t, _, _ in iter_token_spans(text, lang, clitics=clitics)]
