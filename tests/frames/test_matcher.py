"""The frame matcher: globs, phrases, Arabic proclitics, overlaps, exclusions and requirements."""

from __future__ import annotations

import fnmatch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import Category, Dictionary, Entry
from toolkit.frames.matcher import Matcher, proclitic_stems
from toolkit.frames.patterns import fold
from toolkit.text import Preprocessor
from toolkit.text.tokenization import iter_token_spans


def _found(dictionary, text, lang, counted_only=True):
    match = Matcher(dictionary).find(text, lang)
    return [(h.category, h.surface) for h in match.hits if h.counted or not counted_only]


# ---------------------------------------------------------------- Arabic clitics and spelling
@pytest.mark.parametrize("text", ["والإرهاب", "بالإرهاب", "للإرهاب", "الإرهاب", "إرهاب", "فبالإرهاب", "وللإرهاب",
                                  "الارهاب", "الإِرْهَاب", "الإرهـــاب"])
def test_arabic_word_found_behind_proclitics_and_spelling_variants(text):
    d = Dictionary.from_dict({"t": ["إرهاب"]})
    assert _found(d, text, "ar") == [("t", text)]


@pytest.mark.parametrize("text", ["أرهب", "الإرهابية", "إرهابي", "ارهابهم"])
def test_arabic_plain_word_does_not_find_other_words(text):
    assert _found(Dictionary.from_dict({"t": ["إرهاب"]}), text, "ar") == []


@pytest.mark.parametrize("text", ["الإرهابية", "والإرهابيين", "للإرهابيين", "إرهابي"])
def test_arabic_glob_finds_suffixed_forms(text):
    assert _found(Dictionary.from_dict({"t": ["إرهاب*"]}), text, "ar") == [("t", text)]


def test_entry_with_article_needs_the_article():
    d = Dictionary.from_dict({"t": ["الإرهاب"]})
    assert _found(d, "للإرهاب وبالإرهاب", "ar") == [("t", "للإرهاب"), ("t", "وبالإرهاب")]
    assert _found(d, "إرهاب", "ar") == []


def test_taa_marbuta_and_alef_maqsura_fold():
    d = Dictionary.from_dict({"t": ["الجماعة الإرهابية", "مستوى"]})
    assert _found(d, "الجماعه الارهابيه ومستوي", "ar") == [("t", "الجماعه الارهابيه"), ("t", "ومستوي")]


def test_exact_marker_disables_clitic_stripping():
    d = Dictionary.from_dict({"t": ["=مال"], "u": ["مال"]})
    assert _found(d, "كمال مال", "ar") == [("u", "كمال"), ("t", "مال"), ("u", "مال")]


def test_proclitic_stems_keep_two_letters():
    assert proclitic_stems("وقد") == ["قد"]
    assert proclitic_stems("ول") == []
    assert "ارهاب" in proclitic_stems("وبالارهاب")


# ---------------------------------------------------------------- Latin scripts
def test_case_and_accents_fold_and_french_elision():
    d = Dictionary.from_dict({"i": [{"fr": ["extrémisme", "l'idéologie"]}]})
    assert _found(d, "L'EXTREMISME et l’idéologie", "fr") == [("i", "EXTREMISME"), ("i", "l’idéologie")]


def test_glob_question_mark_and_class():
    d = Dictionary.from_dict({"t": ["terroris[mt]*", "?error"]})
    assert _found(d, "terrorism terrorists terrorize error", "en") == [
        ("t", "terrorism"), ("t", "terrorists")]


def test_phrase_with_any_token_wildcard():
    d = Dictionary.from_dict({"f": ["تجفيف منابع * الإرهاب"]})
    assert _found(d, "تجفيف منابع تمويل الإرهاب", "ar") == [("f", "تجفيف منابع تمويل الإرهاب")]
    assert _found(d, "تجفيف منابع الإرهاب", "ar") == []


def test_phrase_may_not_start_or_end_with_lone_star():
    with pytest.raises(DictionaryError, match="lone"):
        Dictionary.from_dict({"f": ["* terrorism"]})


def test_language_specific_entries_apply_to_their_language_only():
    d = Dictionary.from_dict({"m": [{"en": ["media"], "fr": ["médias"]}]})
    assert _found(d, "media médias", "en") == [("m", "media")]
    assert _found(d, "media médias", "fr") == [("m", "médias")]
    assert _found(d, "media médias", None) == [("m", "media"), ("m", "médias")]


# ---------------------------------------------------------------- overlaps
def test_longest_match_wins_within_a_category():
    d = Dictionary.from_dict({"financial": ["financing", "financing of terrorism", "terrorism"]})
    assert _found(d, "the financing of terrorism", "en") == [("financial", "financing of terrorism")]


def test_longest_match_wins_across_subcategories_of_one_frame():
    d = Dictionary.from_dict({"mil": {"a": ["armed forces"], "b": ["forces"]}})
    assert _found(d, "armed forces", "en") == [("mil/a", "armed forces")]


def test_a_token_can_count_for_several_frames():
    d = Dictionary.from_dict({"media": ["propaganda"], "ideological": ["propaganda"]})
    assert _found(d, "propaganda", "en") == [("media", "propaganda"), ("ideological", "propaganda")]


# ---------------------------------------------------------------- exclusions and requirements
def test_category_exclusion_on_proper_name():
    d = Dictionary.from_dict({"military": {
        "exclude": [{"ar": ["التحالف الإسلامي العسكري لمحاربة الإرهاب"], "en": ["islamic military coalition"]}],
        "entries": [{"ar": ["عسكري*"], "en": ["military"]}]}})
    match = Matcher(d).find("أعضاء التحالف الإسلامي العسكري لمحاربة الإرهاب والجهود العسكرية", "ar")
    assert [(h.surface, h.counted) for h in match.hits] == [("العسكري", False), ("العسكرية", True)]
    assert match.hits[0].reason.startswith("excluded by")
    assert match.counts() == {"military": 1}
    assert _found(d, "The Islamic Military Coalition met. Military operations began.", "en") == [
        ("military", "Military")]


def test_entry_exclusion_only_for_that_entry():
    d = Dictionary.from_dict({"media": [{"en": ["media"], "exclude": ["media reported"]}, "propaganda"]})
    assert _found(d, "local media reported propaganda", "en") == [("media", "propaganda")]


def test_requirement_anywhere_and_within_window():
    d = Dictionary.from_dict({"scope": ["terror*"],
                              "financial": {"requires": ["scope"], "entries": ["financing"]},
                              "media": {"requires": ["scope"], "window": 2, "entries": ["propaganda"]}})
    assert _found(d, "financing of schools", "en") == []
    assert _found(d, "financing of schools and terrorism", "en") == [("financial", "financing"),
                                                                      ("scope", "terrorism")]
    assert _found(d, "terrorist propaganda", "en") == [("scope", "terrorist"), ("media", "propaganda")]
    assert _found(d, "terrorism is bad and so is propaganda", "en") == [("scope", "terrorism")]


def test_excluded_scope_does_not_satisfy_requirement():
    d = Dictionary.from_dict({"scope": {"exclude": ["balance of terror"], "entries": ["terror*"]},
                              "military": {"requires": ["scope"], "entries": ["troops"]}})
    match = Matcher(d).find("troops kept the balance of terror", "en")
    assert [(h.category, h.counted) for h in match.hits] == [("military", False), ("scope", False)]
    assert match.hits[0].reason == "requires scope"


def test_requirement_satisfied_by_subcategory_and_inherited():
    d = Dictionary.from_dict({"scope": {"groups": ["isis"], "words": ["terror*"]},
                              "military": {"requires": ["scope"], "ops": ["troops"]}})
    assert _found(d, "troops against isis", "en") == [("military/ops", "troops"), ("scope/groups", "isis")]


# ---------------------------------------------------------------- counting and tokens
def test_counts_scores_and_token_total():
    d = Dictionary([Category("military/ops", (Entry("troops", weight=0.5), Entry("raid*"))),
                    Category("media", (Entry("propaganda"),))])
    match = Matcher(d).find("Troops raided, 12 troops; propaganda!", "en")
    assert match.n_tokens == 4
    assert match.counts() == {"military": 3, "military/ops": 3, "media": 1}
    assert match.scores() == {"military": 2.0, "military/ops": 2.0, "media": 1.0}


def test_offsets_are_optional():
    d = Dictionary.from_dict({"f": ["financing of terror*"]})
    with_offsets = Matcher(d).find("On the financing of terrorism.", "en").hits[0]
    without = Matcher(d).find("On the financing of terrorism.", "en", offsets=False).hits[0]
    assert (with_offsets.char_start, with_offsets.char_end) == (7, 29)
    assert without.surface == "financing of terrorism" and without.char_start == -1
    assert with_offsets._replace(char_start=-1, char_end=-1) == without


def test_preprocessor_options_change_tokens():
    d = Dictionary.from_dict({"n": ["2015"]})
    assert _found(d, "in 2015", "en") == []
    match = Matcher(d, Preprocessor(keep_numbers=True)).find("in 2015", "en")
    assert [h.surface for h in match.hits] == ["2015"]


def test_text_must_be_a_string():
    with pytest.raises(TypeError, match="str"):
        Matcher(Dictionary.from_dict({"x": ["y"]})).find(None, "en")


_WORDS = ["الإرهاب", "والإرهاب", "تمويل", "بتمويل", "للتمويل", "الأموال", "غسل", "منابع", "تجفيف", "قوات",
          "terrorism", "Financing", "of", "money", "laundering", "media", "l'État", "extrémisme", "2015", "،", "."]


@settings(max_examples=150)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from(["ar", "en", "fr"]))
def test_token_offsets_agree_with_the_tokenizer(words, lang):
    text = " ".join(words)
    matcher = Matcher(Dictionary.from_dict({"x": ["y"]}))
    expected = list(iter_token_spans(text, lang, keep_numbers=False))
    assert matcher.tokens(text, lang) == expected


def _reference(entries: list[str], tokens: list[str]) -> list[tuple[int, int, int]]:
    """Brute force: every (entry, start, end) whose token patterns match, via fnmatch and proclitic stems."""
    norm = Preprocessor().normalizer("ar")
    forms = [fold(norm(t)) for t in tokens]
    out = []
    for e, pattern in enumerate(entries):
        parts = [fold(norm(p)) for p in pattern.split()]
        for start in range(len(forms) - len(parts) + 1):
            ok = all(any(fnmatch.fnmatchcase(c, part) for c in [forms[start + k], *proclitic_stems(forms[start + k])])
                     for k, part in enumerate(parts))
            if ok:
                out.append((e, start, start + len(parts)))
    return out


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_WORDS[:10]), max_size=20))
def test_matches_equal_brute_force_reference(words):
    entries = ["إرهاب", "تمويل*", "غسل الأموال", "تجفيف منابع", "الأموال"]
    # one category per entry: no overlap resolution between them, so every match must be reported
    d = Dictionary([Category(f"c{i}", (Entry(p),)) for i, p in enumerate(entries)])
    text = " ".join(words)
    hits = Matcher(d).find(text, "ar").hits
    got = sorted((int(h.category[1:]), h.start, h.end) for h in hits)
    assert got == sorted(_reference(entries, text.split()))


def test_phrases_do_not_cross_clause_punctuation():
    d = Dictionary.from_dict({"f": ["financ* terror*", "تمويل الإرهاب"]})
    assert _found(d, "economics and finance, terrorism and security", "en") == []
    assert _found(d, "finance (terrorism)", "en") == []
    assert _found(d, "تمويل، الإرهاب", "ar") == []
    # quotes, line breaks and dropped numbers are not barriers
    assert _found(d, 'finance "terrorism"', "en") == [("f", 'finance "terrorism')]
    assert _found(d, "financing\nterrorism", "en") == [("f", "financing\nterrorism")]
    assert _found(d, "تمويل «الإرهاب»", "ar") == [("f", "تمويل «الإرهاب")]


@pytest.mark.parametrize("lang", [None, "und", "mul", "ar-EG"])
def test_undetermined_or_regional_language_uses_the_right_entries(lang):
    d = Dictionary.from_dict({"m": [{"ar": ["قوات"], "en": ["troops"]}]})
    found = _found(d, "قوات troops", lang)
    assert ("m", "قوات") in found
    assert (("m", "troops") in found) == (lang != "ar-EG")
