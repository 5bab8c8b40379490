"""Tests for toolkit.text.stopwords and the shipped lists in toolkit/data/stopwords/."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from toolkit.text.normalization import normalize
from toolkit.text.stopwords import LANGUAGES, stop_words

DATA = resources.files("toolkit") / "data" / "stopwords"
SOURCES = (DATA / "SOURCES.md").read_text(encoding="utf-8")
NAMES = {"ar": "Arabic", "fr": "French", "en": "English"}


def entries(lang: str) -> list[str]:
    lines = (resources.files("toolkit") / f"data/stopwords/{lang}.txt").read_text(
        encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


def table(heading: str) -> list[list[str]]:
    """Rows (cells) of the Markdown table that follows ``## <heading>`` in SOURCES.md."""
    section = SOURCES.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]   # no header
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def ar(word: str) -> str:
    return normalize(word, "ar")


# ----------------------------------------------------------------------------- the files

@pytest.mark.parametrize("lang", LANGUAGES)
def test_stopwords_file_is_readable_as_package_data(lang):
    text = (resources.files("toolkit") / f"data/stopwords/{lang}.txt").read_bytes().decode("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("# ")
    assert any("stopwordsiso 0.7.1" in line for line in header)
    assert any("MIT" in line for line in header)
    assert text.endswith("\n") and "\r" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stopwords_file_has_no_empty_duplicate_or_padded_lines(lang):
    lines = (DATA / f"{lang}.txt").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""                       # only the final newline
    body = lines[:-1]
    assert all(line == line.strip() and line for line in body)
    words = entries(lang)
    assert len(words) == len(set(words))
    assert all(" " not in w for w in words)


@pytest.mark.parametrize(("lang", "n_source", "n_removed", "n_added", "n_file"), [
    ("ar", 480, 62, 65, 483),
    ("fr", 691, 47, 12, 656),
    ("en", 1298, 165, 4, 1137),
])
def test_stopwords_sizes_match_sources_md(lang, n_source, n_removed, n_added, n_file):
    assert len(entries(lang)) == n_file == n_source - n_removed + n_added
    row = f"| {NAMES[lang]} (`{lang}.txt`) | {n_source} | {n_removed} | {n_added} | {n_file} |"
    assert row in SOURCES
    assert len(table(f"{NAMES[lang]}: {n_removed} removed")) == n_removed
    assert len(table(f"{NAMES[lang]}: {n_added} added")) == n_added or n_added == 0


def test_stopwords_sources_md_credits_the_source_and_licence():
    assert "stopwordsiso 0.7.1" in SOURCES
    assert "https://github.com/stopwords-iso/stopwords-iso" in SOURCES
    assert "The MIT License (MIT)" in SOURCES
    assert "Copyright (c) 2016 Gene Diaz" in SOURCES
    assert "THE SOFTWARE IS PROVIDED \"AS IS\"" in SOURCES


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_stopwords_latin_files_are_already_normalised(lang):
    words = entries(lang)
    assert [normalize(w, lang) for w in words] == words
    assert all("’" not in w for w in words)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_stopwords_added_words_are_in_the_files(lang):
    n_added = {"fr": 12, "en": 4}[lang]
    added = [row[0] for row in table(f"{NAMES[lang]}: {n_added} added")]
    assert set(added) <= set(entries(lang))


# ----------------------------------------------------------------------------- review

@pytest.mark.parametrize("lang", LANGUAGES)
def test_stopwords_every_removed_word_is_absent(lang):
    n_removed = {"ar": 62, "fr": 47, "en": 165}[lang]
    removed = [row[0].replace("\\|", "|") for row in table(f"{NAMES[lang]}: {n_removed} removed")]
    assert len(removed) == n_removed
    words = stop_words(lang)
    present = [w for w in removed if normalize(w, lang) and normalize(w, lang) in words]
    assert present == []
    raw = set(entries(lang))
    assert [w for w in removed if w in raw] == []


@pytest.mark.parametrize(("lang", "word"), [
    ("ar", "ضد"), ("ar", "وضد"), ("fr", "contre"), ("en", "against"),
    # negation is kept in the text (see SOURCES.md)
    ("ar", "لا"), ("ar", "ولا"), ("ar", "فلا"), ("ar", "بلا"), ("ar", "لم"), ("ar", "ولم"),
    ("ar", "لن"), ("ar", "ليس"), ("ar", "ليست"), ("ar", "غير"), ("ar", "بغير"), ("ar", "عدم"),
    ("fr", "ne"), ("fr", "n'"), ("fr", "pas"), ("fr", "non"), ("fr", "aucun"), ("fr", "rien"),
    ("en", "not"), ("en", "no"), ("en", "never"), ("en", "n't"), ("en", "don't"), ("en", "cannot"),
    # stance-bearing and content words of political text
    ("ar", "قوة"), ("ar", "وقف"), ("ar", "اعادة"), ("ar", "للامم"),
    ("fr", "état"), ("fr", "force"), ("fr", "juste"), ("fr", "vive"),
    ("en", "state"), ("en", "states"), ("en", "members"), ("en", "strongly"), ("en", "welcome"),
    ("en", "un"), ("en", "uk"),
])
def test_stopwords_keep_framing_words_out(lang, word):
    assert normalize(word, lang) not in stop_words(lang)


@pytest.mark.parametrize(("lang", "word"), [
    ("ar", "في"), ("ar", "إلى"), ("ar", "الذي"), ("ar", "هذا"), ("ar", "عبر"), ("ar", "عليهم"),
    ("fr", "le"), ("fr", "de"), ("fr", "et"), ("fr", "qui"), ("fr", "aujourd'hui"),
    ("en", "the"), ("en", "of"), ("en", "and"), ("en", "we"), ("en", "'s"), ("en", "'ll"),
])
def test_stopwords_keep_function_words_in(lang, word):
    assert normalize(word, lang) in stop_words(lang)


# ----------------------------------------------------------------------------- Arabic

@pytest.mark.parametrize("word", ["وفي", "ولكن", "فإن", "بهذا", "والذي", "بالذي", "فالذي", "كالذي",
                                  "للذي", "وللذي", "ولذلك", "لقد", "فقد", "وكذلك", "وبين", "ومنهم"])
def test_stopwords_arabic_clitic_forms_present(word):
    assert ar(word) in stop_words("ar")


@pytest.mark.parametrize("word", ["للذي", "وللذي", "بهذا", "ولذلك", "فالذي"])
def test_stopwords_arabic_clitic_forms_are_optional(word):
    assert ar(word) not in stop_words("ar", clitic_forms=False)


def test_stopwords_arabic_article_merges_with_lam():
    words = stop_words("ar")
    assert "للذي" in words and "لالذي" not in words
    assert "وللتي" in words and "ولالتي" not in words


@pytest.mark.parametrize("word", ["ولي", "لله", "فهم", "فعل", "باب", "بلدي", "بلدينا", "باذن",
                                  "كاف", "وام", "لحم", "بحار", "امين", "حي", "رب", "سنة"])
def test_stopwords_arabic_clitic_collisions_are_not_added(word):
    # content words that the proclitic expansion (or normalisation) would otherwise produce
    assert word not in stop_words("ar")


@pytest.mark.parametrize("options", [
    {},
    {"alef": False},
    {"alef_maqsura": True},
    {"taa_marbuta": True},
    {"diacritics": False, "alef": False},
])
def test_stopwords_arabic_list_is_a_fixed_point_of_its_normaliser(options):
    def norm(word):
        return normalize(word, "ar", **options)

    words = stop_words("ar", normalize=norm)
    assert "" not in words
    assert all(norm(w) == w for w in words)
    assert norm("وفي") in words and norm("الذي") in words and norm("ضد") not in words


def test_stopwords_arabic_default_normaliser_unifies_alef():
    words = stop_words("ar")
    assert "الى" in words and "إلى" not in words and "ان" in words and "أن" not in words
    assert all(normalize(w, "ar") == w for w in words)


def test_stopwords_arabic_hamza_kept_when_the_normaliser_keeps_it():
    words = stop_words("ar", normalize=lambda w: normalize(w, "ar", alef=False))
    assert {"إلى", "أن", "فإن", "والذي", "الى"} <= words


def test_stopwords_raw_entries_with_str():
    words = stop_words("ar", normalize=str, clitic_forms=False)
    assert words == frozenset(entries("ar"))


def test_stopwords_arabic_size():
    base, full = stop_words("ar", clitic_forms=False), stop_words("ar")
    assert len(base) == 444                      # distinct entries after normalisation
    assert 4_000 < len(full) < 6_000 and base < full


# ----------------------------------------------------------------------------- French, English

@pytest.mark.parametrize("word", ["l'", "d'", "qu'", "c'", "j'", "m'", "s'", "t'", "jusqu'",
                                  "lorsqu'", "puisqu'", "quoiqu'"])
def test_stopwords_french_elided_forms(word):
    assert word in stop_words("fr")


def test_stopwords_latin_curly_apostrophe_matches_after_normalize():
    assert normalize("L’", "fr") in stop_words("fr")
    assert normalize("It’s", "en") in stop_words("en")         # contractions="keep" tokens
    assert normalize("’s", "en") in stop_words("en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_stopwords_clitic_forms_ignored_for_latin(lang):
    assert stop_words(lang, clitic_forms=False) == stop_words(lang)


def test_stopwords_filter_tokenized_french():
    tokenization = pytest.importorskip("toolkit.text.tokenization")
    text = normalize("L’État ne négocie pas avec les terroristes, contre l'avis de l'ONU.", "fr")
    words = stop_words("fr")
    kept = [t for t in tokenization.tokenize(text, "fr") if t not in words]
    assert kept[:3] == ["état", "ne", "négocie"]
    assert "pas" in kept and "contre" in kept and "l'" not in kept and "les" not in kept


# ----------------------------------------------------------------------------- API

def test_stopwords_default_is_cached():
    assert stop_words("ar") is stop_words("ar")
    assert stop_words("ar", clitic_forms=False) is not stop_words("ar")
    assert isinstance(stop_words("en"), frozenset)


def test_stopwords_custom_normaliser_computed_on_every_call():
    calls = []

    def norm(word):
        calls.append(word)
        return word.lower()

    first = stop_words("en", normalize=norm)
    n = len(calls)
    assert n == len(entries("en"))
    second = stop_words("en", normalize=norm)
    assert len(calls) == 2 * n and first == second


def test_stopwords_empty_normalised_entries_dropped():
    assert stop_words("fr", normalize=lambda w: "") == frozenset()


@pytest.mark.parametrize("lang", ["de", "AR", "", None, "english"])
def test_stopwords_unknown_language(lang):
    with pytest.raises(ValueError, match=r"must be one of \['ar', 'en', 'fr'\]"):
        stop_words(lang)


def test_stopwords_normalize_must_be_callable():
    with pytest.raises(TypeError, match="normalize must be a callable"):
        stop_words("en", normalize="lower")
