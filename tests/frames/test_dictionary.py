"""The dictionary model and the pattern syntax."""

from __future__ import annotations

import pytest

from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import Category, Dictionary, Entry
from toolkit.frames.patterns import TokenPattern, check_pattern, fold, split_pattern


# ---------------------------------------------------------------- patterns
@pytest.mark.parametrize(("glob", "word", "expected"), [
    ("terror*", "terror", True), ("terror*", "terrorism", True), ("terror*", "counterterror", False),
    ("*terror*", "counterterrorism", True), ("?error", "terror", True), ("?error", "error", False),
    ("[ft]inance", "finance", True), ("[!ft]inance", "finance", False), ("a.b", "axb", False),
])
def test_glob_matching(glob, word, expected):
    assert TokenPattern.parse(glob).matches(word) is expected


@pytest.mark.parametrize("pattern", ["terror[ism", "terror]", "[]", "  ", "", "=", "* *"])
def test_bad_patterns_are_reported(pattern):
    assert check_pattern(pattern) is not None


def test_fold_and_split():
    assert fold("Élimination") == "elimination"
    assert fold("الإرهابية") == "الإرهابيه"
    assert split_pattern("d'extrém* violent", "fr") == ["d'", "extrém*", "violent"]
    assert split_pattern("d'extrém*", "en") == ["d'extrém*"]


# ---------------------------------------------------------------- model
def test_parents_created_and_order_kept():
    d = Dictionary([Category("b/x", (Entry("x"),)), Category("a", (Entry("a"),)), Category("b/y", (Entry("y"),))])
    assert list(d.categories) == ["b", "b/x", "a", "b/y"]
    assert d.frames == ("b", "a")
    assert d.descendants("b") == ("b/x", "b/y")
    assert len(d) == 3


def test_frames_must_be_top_level():
    with pytest.raises(DictionaryError, match="not a top-level"):
        Dictionary([Category("a/b", (Entry("x"),))], frames=["a/b"])


@pytest.mark.parametrize(("data", "message"), [
    ({"a": [""]}, "empty pattern"),
    ({"a": ["terror[ism"]}, "unbalanced"),
    ({"a": {"requires": ["nope"], "entries": ["x"]}}, "unknown category 'nope'"),
    ({"a": {"requires": ["a"], "entries": ["x"]}}, "cannot require itself"),
    ({"a": {"requires": ["b"], "entries": ["x"]}, "b": {"requires": ["a"], "entries": ["y"]}}, "circular"),
    ({"a": ["x", "x"]}, "duplicate entry"),
    ({"a": [{"pattern": "x", "weight": "heavy"}]}, "weight must be a number"),
    ({"a": [{"pattern": "x", "weight": float("nan")}]}, "finite"),
    ({"a": {"window": -1, "requires": ["b"], "entries": ["x"]}, "b": ["y"]}, "window"),
    ({"a": {"threshold": 0, "entries": ["x"]}}, "threshold"),
    ({"a": [{"colour": "x"}]}, "unknown entry keys"),
    ({"a": 5}, "expected a list"),
    ({}, "no categories"),
])
def test_invalid_dictionaries(data, message):
    with pytest.raises(DictionaryError, match=message):
        Dictionary.from_dict(data)


def test_error_names_file_and_line():
    with pytest.raises(DictionaryError) as info:
        Dictionary.from_dict({"a": {"__line__": 7, "entries": ["terror["]}}, path="frames.yml")
    assert str(info.value).startswith("frames.yml, line 7: ")
    assert info.value.path == "frames.yml" and info.value.line == 7


def test_toolkit_layout_lang_keys_weights_exclusions():
    d = Dictionary.from_dict({"toolkit_dictionary": 1, "name": "t", "version": 2, "frames": ["m"], "categories": {
        "scope": ["terror*"],
        "m": {"requires": ["scope"], "threshold": 1.5,
              "exclude": [{"en": ["military coalition"]}],
              "ops": {"entries": [{"concept": "m.troops", "weight": 0.5, "rationale": "armed force",
                                   "en": ["troops", "soldiers"], "fr": ["troupes"],
                                   "exclude": {"en": ["troops of thought"], "fr": ["troupes de théâtre"]}}]}}}})
    assert d.name == "t" and d.version == "2" and d.frames == ("m",)
    assert d.thresholds == {"m": 1.5}
    entries = [e for _, e in d.entries("m")]
    assert [(e.pattern, e.lang, e.weight, e.exclude) for e in entries] == [
        ("troops", "en", 0.5, ("troops of thought",)), ("soldiers", "en", 0.5, ("troops of thought",)),
        ("troupes", "fr", 0.5, ("troupes de théâtre",))]
    assert d.effective_requires("m/ops") == (("scope",), None)
    assert [e.pattern for e in d.effective_exclude("m/ops")] == ["military coalition"]
    assert d.languages == ("en", "fr")


def test_round_trip_through_to_dict_and_fingerprint():
    d = Dictionary.from_dict({"scope": ["terror*"], "m": {"requires": ["scope"], "window": 5, "threshold": 2,
                                                         "exclude": ["x y"], "a": [{"pattern": "z", "weight": 2}]}},
                             path="somewhere.yml")
    again = Dictionary.from_dict(d.to_dict())
    assert again == d and hash(again) == hash(d) and again.fingerprint == d.fingerprint
    other = Dictionary.from_dict({"scope": ["terror*"]})
    assert other != d and other.fingerprint != d.fingerprint


def test_entry_is_immutable_and_line_not_compared():
    e = Entry("x", line=3)
    assert e == Entry("x", line=9)
    with pytest.raises(AttributeError):
        e.pattern = "y"  # type: ignore[misc]


def test_unknown_category_lookup():
    d = Dictionary.from_dict({"a": ["x"]})
    with pytest.raises(KeyError, match="unknown category 'b'"):
        d.children("b")
