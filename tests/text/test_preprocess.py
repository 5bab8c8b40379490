"""Tests for toolkit.text.preprocess: the frozen Preprocessor configuration and its pipeline."""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.text.normalization import NORMALIZE_DEFAULTS, normalize
from toolkit.text.preprocess import NormalizeOptions, Preprocessor
from toolkit.text.stopwords import stop_words

ROOT = Path(__file__).resolve().parents[2]

CONFIGS = [
    Preprocessor(),
    Preprocessor(lang="ar"),
    Preprocessor(lang="fr", stop_words=True),
    Preprocessor(lang="en", stop_words=["the", "of"], stemmer="snowball", min_length=2),
    Preprocessor(lang="ar", normalize=NormalizeOptions(taa_marbuta=True), clitics="none", keep_numbers=True),
]

# one changed setting each: every one must change the fingerprint
VARIANTS = {
    "lang": {"lang": "ar"},
    "normalize": {"normalize": NormalizeOptions(alef=False)},
    "normalize_form": {"normalize": NormalizeOptions(form="NFC")},
    "clitics": {"clitics": "none"},
    "article": {"article": "strip"},
    "elision": {"elision": False},
    "contractions": {"contractions": "keep"},
    "hyphens": {"hyphens": "split"},
    "keep_numbers": {"keep_numbers": True},
    "keep_punct": {"keep_punct": True},
    "stop_words_true": {"stop_words": True},
    "stop_words_set": {"stop_words": frozenset({"le"})},
    "stemmer": {"stemmer": "snowball"},
    "lowercase": {"lowercase": False},
    "min_length": {"min_length": 2},
    "lexicon": {"clitics": "aggressive", "lexicon": frozenset({"ارهاب"})},
}


# ---------------------------------------------------------------------- NormalizeOptions
def test_normalize_options_defaults_equal_normalize_defaults():
    """NormalizeOptions (plus Preprocessor.lowercase) must not drift from normalize()'s defaults."""
    ours = {**NormalizeOptions().to_dict(), "lowercase": Preprocessor().lowercase}
    assert ours == dict(NORMALIZE_DEFAULTS)


def test_normalize_options_mirror_normalize_signature():
    params = inspect.signature(normalize).parameters
    keyword_only = {n: p.default for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert {**NormalizeOptions().to_dict(), "lowercase": True}.keys() == keyword_only.keys()
    assert keyword_only == dict(NORMALIZE_DEFAULTS)


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"form": "NFD"}, ValueError),
    ({"alef": "yes"}, TypeError),
])
def test_normalize_options_reject_bad_values(kwargs, error):
    with pytest.raises(error):
        NormalizeOptions(**kwargs)


def test_preprocessor_accepts_normalize_dict():
    assert Preprocessor(normalize={"alef": False}).normalize == NormalizeOptions(alef=False)


# ---------------------------------------------------------------------- frozen, hashable
@pytest.mark.parametrize("pre", CONFIGS, ids=repr)
def test_preprocessor_equal_configs_are_equal_and_hash_alike(pre):
    twin = Preprocessor.from_dict(pre.to_dict())
    assert twin == pre and hash(twin) == hash(pre)
    assert {pre: 1}[twin] == 1


def test_preprocessor_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Preprocessor().lang = "ar"


def test_preprocessor_cache_does_not_affect_equality():
    used = Preprocessor(lang="fr", stop_words=True)
    used("le conseil")
    assert used == Preprocessor(lang="fr", stop_words=True)
    assert hash(used) == hash(Preprocessor(lang="fr", stop_words=True))


def test_preprocessor_stop_words_collections_become_frozensets():
    pre = Preprocessor(stop_words=["le", "la", "le"])
    assert pre.stop_words == frozenset({"le", "la"})
    assert pre == Preprocessor(stop_words={"la", "le"})


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"clitics": "greedy"}, ValueError, "clitics='greedy' is invalid"),
    ({"article": "drop"}, ValueError, "article"),
    ({"contractions": "expand"}, ValueError, "contractions"),
    ({"hyphens": "join"}, ValueError, "hyphens"),
    ({"stemmer": "porter"}, ValueError, "stemmer='porter' is invalid"),
    ({"min_length": 0}, ValueError, "min_length"),
    ({"min_length": 1.5}, ValueError, "min_length"),
    ({"lang": ""}, ValueError, "lang"),
    ({"stop_words": "le"}, TypeError, r"stop_words=\['le'\]"),
    ({"stop_words": [1, 2]}, TypeError, "strings"),
    ({"keep_numbers": "no"}, TypeError, "keep_numbers"),
    ({"normalize": 3}, TypeError, "normalize"),
    ({"clitics": "aggressive"}, ValueError, "lexicon"),
    ({"lang": "fr", "stemmer": "isri"}, ValueError, "does not know lang='fr'"),
])
def test_preprocessor_rejects_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        Preprocessor(**kwargs)


# ---------------------------------------------------------------------- record
@pytest.mark.parametrize("pre", CONFIGS, ids=repr)
def test_preprocessor_to_dict_round_trips_through_json(pre):
    data = json.loads(json.dumps(pre.to_dict()))
    back = Preprocessor.from_dict(data)
    assert back == pre
    assert back.fingerprint == pre.fingerprint


def test_preprocessor_from_dict_rejects_unknown_settings():
    with pytest.raises(ValueError, match="unknown Preprocessor settings"):
        Preprocessor.from_dict({"lang": "ar", "stemer": "isri"})


@pytest.mark.parametrize("change", VARIANTS.values(), ids=VARIANTS.keys())
def test_preprocessor_fingerprint_changes_with_each_setting(change):
    base = Preprocessor()
    assert dataclasses.replace(base, **change).fingerprint != base.fingerprint


def test_preprocessor_fingerprint_is_16_hex_and_order_free():
    a = Preprocessor(stop_words=["b", "a", "c"])
    b = Preprocessor(stop_words=("c", "b", "a"))
    assert a.fingerprint == b.fingerprint
    assert len(a.fingerprint) == 16 and int(a.fingerprint, 16) >= 0


def test_preprocessor_fingerprint_same_in_another_process():
    """String hashing is salted per process: the fingerprint must not depend on set order."""
    pre = Preprocessor(lang="ar", stop_words=["في", "من", "على", "إلى", "عن"], stemmer="snowball")
    code = ("from toolkit.text.preprocess import Preprocessor; "
            "print(Preprocessor(lang='ar', stop_words=['عن', 'إلى', 'على', 'من', 'في'], "
            "stemmer='snowball').fingerprint)")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         check=True)
    assert out.stdout.strip() == pre.fingerprint


@pytest.mark.parametrize(("pre", "expected"), [
    (Preprocessor(), "Preprocessor()"),
    (Preprocessor(lang="ar", stemmer="isri"), "Preprocessor(lang='ar', stemmer='isri')"),
    (Preprocessor(stop_words=[f"w{i}" for i in range(500)]), "Preprocessor(stop_words=frozenset(<500 words>))"),
    (Preprocessor(normalize=NormalizeOptions(taa_marbuta=True)),
     "Preprocessor(normalize=NormalizeOptions(taa_marbuta=True))"),
])
def test_preprocessor_repr_shows_only_changed_settings(pre, expected):
    assert repr(pre) == expected


# ---------------------------------------------------------------------- pickling
@pytest.mark.parametrize("pre", CONFIGS, ids=repr)
def test_preprocessor_pickles_after_use(pre):
    text = "Le Conseil condamne les attentats والإرهاب في 2015"
    before = pre(text, "fr")
    before_ar = pre(text, "ar")
    back = pickle.loads(pickle.dumps(pre))
    assert back == pre
    assert back(text, "fr") == before and back(text, "ar") == before_ar


# ---------------------------------------------------------------------- pipeline
@pytest.mark.parametrize(("pre", "text", "lang", "expected"), [
    # Arabic: conservative clitics merge conjunction/preposition + article forms; alef unified
    (Preprocessor(), "والإرهاب بالإرهاب للإرهاب الإرهاب", "ar", ["الارهاب"] * 4),
    (Preprocessor(clitics="none"), "والإرهاب", "ar", ["والارهاب"]),
    (Preprocessor(article="strip"), "والإرهاب", "ar", ["ارهاب"]),
    # diacritised Arabic stays one token and loses its marks
    (Preprocessor(), "الإِرْهَابُ", "ar", ["الارهاب"]),
    # single-letter proclitics before non-article words are not split by default
    (Preprocessor(), "وقال", "ar", ["وقال"]),
    # French elision with a curly apostrophe, lower-casing, numbers dropped
    (Preprocessor(), "L’État condamne, en 2015.", "fr", ["l'", "état", "condamne", "en"]),
    (Preprocessor(keep_numbers=True), "في ٢٠١٥", "ar", ["في", "2015"]),
    (Preprocessor(lowercase=False), "Le Conseil", "fr", ["Le", "Conseil"]),
    (Preprocessor(min_length=3), "a big war on terror", "en", ["big", "war", "terror"]),
])
def test_preprocessor_call(pre, text, lang, expected):
    assert pre(text, lang) == expected


def test_preprocessor_document_lang_takes_precedence():
    pre = Preprocessor(lang="en")
    assert pre("l'état", "fr") == ["l'", "état"]
    assert pre("don't") == pre("don't", "en")


@pytest.mark.parametrize(("lang", "text", "dropped", "kept"), [
    ("fr", "Le Conseil condamne le terrorisme", {"le"}, {"conseil", "terrorisme"}),
    ("en", "The Council condemns the attacks", {"the"}, {"council", "attacks"}),
    # clitic forms and normalised forms are stop words too; ضد ("against") is kept on purpose
    ("ar", "وفي الإرهاب إلى ضد", {"وفي", "الى"}, {"الارهاب", "ضد"}),
])
def test_preprocessor_stop_words_true(lang, text, dropped, kept):
    tokens = Preprocessor(lang=lang, stop_words=True)(text)
    assert not dropped & set(tokens)
    assert kept <= set(tokens)


def test_preprocessor_own_stop_words_are_normalised_like_the_text():
    pre = Preprocessor(lang="ar", stop_words={"إلى"})
    assert pre("ذهب إلى الى") == ["ذهب"]
    assert pre.stop_words_for("ar") == frozenset({"الى"})


def test_preprocessor_stop_words_need_a_language():
    with pytest.raises(ValueError, match="needs the language"):
        Preprocessor(stop_words=True)("some text")


def test_preprocessor_removes_stop_words_before_stemming():
    pre = Preprocessor(lang="en", stop_words={"attacks"}, stemmer="snowball")
    assert pre("attacks attack") == ["attack"]


@pytest.mark.parametrize(("lang", "words"), [
    ("ar", "والإرهاب الإرهابية للإرهاب"),
    ("en", "attacks attack attacked"),
    ("fr", "attentats attentat"),
])
def test_preprocessor_snowball_conflates(lang, words):
    tokens = Preprocessor(stemmer="snowball")(words, lang)
    assert len(tokens) == len(words.split()) and len(set(tokens)) == 1


def test_preprocessor_arabic_only_stemmer_leaves_other_languages_alone():
    pre = Preprocessor(stemmer="isri")
    assert pre("attentats", "fr") == ["attentats"]
    assert pre("الإرهابيون", "ar") != ["الارهابيون"]


def test_preprocessor_rejects_non_str_text():
    with pytest.raises(TypeError, match="str"):
        Preprocessor()(None)


def test_preprocessor_normalizer_matches_normalize_text():
    pre = Preprocessor(normalize=NormalizeOptions(taa_marbuta=True), lowercase=False)
    text = "الإرهابيّة ٢٠١٥ Conseil"
    assert pre.normalizer("ar")(text) == pre.normalize_text(text, "ar")
    assert pickle.loads(pickle.dumps(pre.normalizer("ar")))(text) == pre.normalize_text(text, "ar")


# ---------------------------------------------------------------------- properties
_words = st.sampled_from(["والإرهاب", "الإِرْهَابُ", "في", "ضد", "L'État", "le", "The", "attacks",
                          "don't", "counter-terrorism", "٢٠١٥", "2015", ",", "«", "»", "؟", "a", "ab"])
_texts = st.lists(_words, max_size=12).map(" ".join)
_langs = st.sampled_from(["ar", "fr", "en", None])


@settings(max_examples=60, deadline=None)
@given(text=_texts, lang=_langs, k=st.integers(1, 4))
def test_preprocessor_min_length_only_filters(text, lang, k):
    base = Preprocessor(lang=lang)(text)
    assert Preprocessor(lang=lang, min_length=k)(text) == [t for t in base if len(t) >= k]
    assert all(t and not any(c.isspace() for c in t) for t in base)


_WITH_STOPS = Preprocessor(stop_words=True, normalize=NormalizeOptions(tatweel=False))  # custom normaliser


@settings(max_examples=60, deadline=None)
@given(text=_texts, lang=st.sampled_from(["ar", "fr", "en"]))
def test_preprocessor_stop_words_only_filter(text, lang):
    base = dataclasses.replace(_WITH_STOPS, stop_words=False)
    stops = _WITH_STOPS.stop_words_for(lang)
    assert _WITH_STOPS(text, lang) == [t for t in base(text, lang) if t not in stops]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_preprocessor_default_stop_words_equal_shipped_list(lang):
    """The shortcut to stop_words()'s own cache gives the list a custom normaliser would."""
    default = Preprocessor(stop_words=True).stop_words_for(lang)
    assert default == stop_words(lang, normalize=Preprocessor().normalizer(lang))
    assert "ضد" not in default
