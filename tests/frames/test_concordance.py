"""Tests for toolkit.frames.concordance: contexts copied from the original text, windows, direction, HTML export."""

from __future__ import annotations

import os
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import require_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus.corpus import Corpus
from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import Dictionary, builtin_dictionaries
from toolkit.frames.concordance import PATTERN_CATEGORY, kwic, kwic_to_html, text_direction
from toolkit.frames.matcher import Matcher
from toolkit.text.preprocess import Preprocessor

AR_TEXT = ("أدان المجلس والإرهاب بجميع أشكاله، وطالب بالتصدي\nبالإرهاب و تمويله.\n\n"
           "وقال إن للإرهاب أسبابا في 2015، ولم يرهب الشعب. الإرهابيون خطر.")
FR_TEXT = ("Le Conseil condamne l'extrémisme violent et le terrorisme.\n\n"
           "La lutte contre le\tterrorisme  exige la coopération (art. 3 & 4).")
EN_TEXT = ("The Council condemns terrorism in all its forms.\n\n"
           "Terrorist acts <such as> the attacks of 11 September & others are crimes.")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.from_records([
        {"doc_id": "ar1", "text": AR_TEXT, "lang": "ar", "date": "2015-12-15", "source": "MAP"},
        {"doc_id": "fr1", "text": FR_TEXT, "lang": "fr", "date": "2016-01-02", "source": "MAEDI"},
        {"doc_id": "en1", "text": EN_TEXT, "lang": "en", "date": "2017-03-04", "source": "UN"},
    ])


def assert_contexts_are_original(table: pd.DataFrame, texts: dict) -> None:
    for row in table.itertuples(index=False):
        text = texts[row.doc_id]
        assert text[row.char_start:row.char_end] == row.match
        assert collapse(text[:row.char_start]).endswith(row.left)
        assert collapse(text[row.char_end:]).startswith(row.right)
        assert "\n" not in row.left + row.right and "\t" not in row.left + row.right


# ---------------------------------------------------------------------- matching
def test_kwic_arabic_clitic_forms_found(corpus):
    table = kwic(corpus, "إرهاب", window=2)
    assert table["match"].tolist() == ["والإرهاب", "بالإرهاب", "للإرهاب"]
    assert set(table["doc_id"]) == {"ar1"}
    assert "يرهب" not in table["match"].tolist()
    assert (table["direction"] == "rtl").all() and (table["lang"] == "ar").all()


def test_kwic_arabic_contexts_in_reading_order(corpus):
    table = kwic(corpus, "إرهاب", window=2)
    first = table.iloc[0]
    # what precedes the match in the text, never reversed
    assert first["left"] == "أدان المجلس "
    assert first["right"] == " بجميع أشكاله"
    second = table.iloc[1]
    assert second["left"] == "وطالب بالتصدي "  # the newline before the match is collapsed to a space
    assert second["right"] == " و تمويله"


def test_kwic_glob_finds_derived_forms(corpus):
    matches = kwic(corpus, "إرهاب*", lang="ar")["match"].tolist()
    assert matches == ["والإرهاب", "بالإرهاب", "للإرهاب", "الإرهابيون"]


def test_kwic_french_elision_and_accents(corpus):
    table = kwic(corpus, ["extremisme", "terrorisme"], window=1)
    assert table["match"].tolist() == ["extrémisme", "terrorisme", "terrorisme"]
    assert table.loc[0, "left"] == "l'"
    assert table.loc[2, "left"] == "le "  # the tab is collapsed
    assert table.loc[2, "right"] == " exige"
    assert (table["direction"] == "ltr").all()


@pytest.mark.parametrize("window_unit", ["tokens", "chars"])
@pytest.mark.parametrize("window", [0, 1, 3, 8, 40])
@pytest.mark.parametrize("pattern", ["إرهاب*", "terror*", ["le terrorisme", "coopération"], "*ism"])
def test_kwic_contexts_are_exact_original_substrings(corpus, pattern, window, window_unit):
    table = kwic(corpus, pattern, window=window, window_unit=window_unit)
    assert len(table) > 0
    assert_contexts_are_original(table, dict(corpus.items()))
    if window == 0:
        assert (table["left"] == "").all() and (table["right"] == "").all()


def test_kwic_phrase_match_keeps_original_whitespace():
    text = "the financing\n  of terrorism is a crime"
    table = kwic([text], "financing of terror*", window=1)
    assert table.loc[0, "match"] == "financing\n  of terrorism"
    assert text[table.loc[0, "char_start"]:table.loc[0, "char_end"]] == table.loc[0, "match"]
    assert (table.loc[0, "left"], table.loc[0, "right"]) == ("the ", " is")


WORDS = st.sampled_from(["terror", "terrorism", "الإرهاب", "والإرهاب", "مال", "the", "de", "l'État", "2015",
                         "11", ",", ".", "«", "»", "&", "<b>"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", ""])


@settings(max_examples=60)
@given(st.lists(st.tuples(WORDS, SEPARATORS), max_size=30), st.integers(0, 6),
       st.sampled_from(["tokens", "chars"]))
def test_kwic_contexts_property(pieces, window, window_unit):
    text = "".join(w + s for w, s in pieces)
    table = kwic([text], ["terror*", "إرهاب"], window=window, window_unit=window_unit)
    assert_contexts_are_original(table, {0: text})
    assert table["char_start"].is_monotonic_increasing


# ---------------------------------------------------------------------- windows
TOKENS_TEXT = "one two, three 2015 four TARGET five (six) 7 seven eight"


@pytest.mark.parametrize(("window", "left", "right"), [
    (0, "", ""),
    (1, "four ", " five"),
    (2, "three 2015 four ", " five (six"),          # numbers and punctuation are not tokens
    (3, "two, three 2015 four ", " five (six) 7 seven"),
    (5, "one two, three 2015 four ", " five (six) 7 seven eight"),
    (9, "one two, three 2015 four ", " five (six) 7 seven eight"),  # fewer tokens: to the edge
])
def test_kwic_window_counts_tokens(window, left, right):
    table = kwic([TOKENS_TEXT], "target", window=window)
    assert (table.loc[0, "left"], table.loc[0, "right"]) == (left, right)
    words = Matcher(Dictionary.from_dict({"x": ["y"]})).tokens
    assert len(words(table.loc[0, "left"])) == min(window, 4)
    assert len(words(table.loc[0, "right"])) == min(window, 4)


def test_kwic_window_counts_numbers_when_the_preprocessor_keeps_them():
    table = kwic([TOKENS_TEXT], "target", window=2, preprocessor=Preprocessor(keep_numbers=True))
    assert (table.loc[0, "left"], table.loc[0, "right"]) == ("2015 four ", " five (six")


def test_kwic_window_in_characters():
    table = kwic([TOKENS_TEXT], "target", window=6, window_unit="chars")
    assert (table.loc[0, "left"], table.loc[0, "right"]) == ("four ", " five")  # outer spaces left out
    wide = kwic([TOKENS_TEXT], "target", window=100, window_unit="chars")
    assert (wide.loc[0, "left"], wide.loc[0, "right"]) == (TOKENS_TEXT[:25], TOKENS_TEXT[31:])


def test_kwic_char_window_does_not_split_harakat():
    text = "قَالَ الإرهابُ"
    table = kwic([text], "إرهاب", window=3, window_unit="chars")
    left = table.loc[0, "left"]
    assert left and not unicodedata.combining(left[0])
    assert text[:table.loc[0, "char_start"]].endswith(left)


# ---------------------------------------------------------------------- units and columns
def test_kwic_units_index_and_document_offsets(corpus):
    table = kwic(corpus, "terror*", unit="paragraph", window=10)
    assert list(table.columns[:4]) == ["doc_id", "unit_index", "char_start", "char_end"]
    en = table[table["doc_id"] == "en1"]
    assert en["unit_index"].tolist() == [0, 1]
    assert_contexts_are_original(table, dict(corpus.items()))
    # contexts stop at the paragraph: the first paragraph's match does not see the second one
    assert en.iloc[0]["right"] == " in all its forms."
    assert en.iloc[1]["left"] == ""


def test_kwic_sentence_unit(corpus):
    table = kwic(corpus, "إرهاب*", unit="sentence", window=20)
    last = table.iloc[-1]
    assert last["match"] == "الإرهابيون" and last["left"] == "" and last["right"] == " خطر."


def test_kwic_columns_docvars_and_dtypes(corpus):
    table = kwic(corpus, "terror*")
    assert list(table.columns) == ["doc_id", "char_start", "char_end", "left", "match", "right", "pattern",
                                   "category", "counted", "reason", "lang", "direction", "date", "source"]
    assert table["char_start"].dtype == "int64" and table["counted"].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(table["date"])
    assert table["source"].tolist() == ["MAEDI", "MAEDI", "UN", "UN"]
    assert (table["pattern"] == "terror*").all() and (table["category"] == PATTERN_CATEGORY).all()
    assert table["counted"].all() and (table["reason"] == "").all()


def test_kwic_empty_result_has_the_same_columns(corpus):
    full = kwic(corpus, "terror*")
    empty = kwic(corpus, "nothingmatches")
    assert len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.drop(["doc_id"]).astype(str).tolist() == full.dtypes.drop(["doc_id"]).astype(str).tolist()


@pytest.mark.parametrize("texts", [
    pd.Series(["x", "the terrorists"], index=["a", "b"]),
    ["x", "the terrorists"],
    ("x", "the terrorists"),
])
def test_kwic_accepts_texts_like_inputs(texts):
    table = kwic(texts, "terror*")
    expected = "b" if isinstance(texts, pd.Series) else 1
    assert table["doc_id"].tolist() == [expected]
    assert "date" not in table.columns and table["lang"].isna().all()


def test_kwic_direction_from_lang_docvar_then_script():
    corpus = Corpus.from_records([
        {"doc_id": "a", "text": "قال إن الإرهاب خطر", "lang": "ar"},
        {"doc_id": "b", "text": "The word الإرهاب means terrorism", "lang": "en"},
    ])
    table = kwic(corpus, "إرهاب")
    assert table.set_index("doc_id")["direction"].to_dict() == {"a": "rtl", "b": "ltr"}
    # without a language: the script of the match decides
    plain = kwic(["قال إن الإرهاب خطر", "terrorism كلمة"], ["إرهاب", "terrorism"])
    assert plain["direction"].tolist() == ["rtl", "ltr"]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("الإرهاب", None, "rtl"), ("terror", None, "ltr"), ("2015 الإرهاب", None, "rtl"), ("2015", None, "ltr"),
    ("terror", "ar", "rtl"), ("الإرهاب", "fr", "ltr"), ("x", "fa-IR", "rtl"), ("x", "he", "rtl"), ("الإرهاب", "und", "rtl"),
])
def test_text_direction(text, lang, expected):
    assert text_direction(text, lang) == expected


# ---------------------------------------------------------------------- dictionaries
@pytest.fixture(scope="module")
def frames() -> Dictionary:
    return Dictionary.from_dict({
        "scope": ["إرهاب*", "terror*"],
        "financial": {"requires": ["scope"], "window": 3, "entries": ["تمويل*", "financing"]},
        "military": {"operations": ["عملية عسكرية", "military operation*"], "exclude": ["joint military operation"]},
    })


def test_kwic_dictionary_rows_carry_category_and_counted(frames):
    texts = ["Financing of schools is not a crime, terrorism is.",
             "A joint military operation and a military operation. Financing terror."]
    table = kwic(texts, frames, window=2)
    got = list(zip(table["doc_id"], table["match"], table["category"], table["counted"], table["reason"]))
    assert got == [
        (0, "Financing", "financial", False, "requires scope"),
        (0, "terrorism", "scope", True, ""),
        (1, "military operation", "military/operations", False, "excluded by 'joint military operation'"),
        (1, "military operation", "military/operations", True, ""),
        (1, "Financing", "financial", True, ""),
        (1, "terror", "scope", True, ""),
    ]
    assert table.loc[4, "pattern"] == "financing"


def test_kwic_category_filter_and_counted_only(frames):
    texts = ["A joint military operation and a military operation. Financing terror.", "تمويل الإرهاب"]
    military = kwic(texts, frames, category="military")
    assert set(military["category"]) == {"military/operations"} and len(military) == 2
    counted = kwic(texts, frames, category=["military", "financial"], counted_only=True)
    assert counted["match"].tolist() == ["military operation", "Financing", "تمويل"]
    assert counted.attrs["categories"] == ["military", "financial"]


def test_kwic_builtin_dictionary_by_name():
    if "terrorism_frames" not in builtin_dictionaries():
        pytest.skip("the built-in terrorism_frames dictionary is not installed yet")
    table = kwic(["ندين تمويل الإرهاب والجماعات الإرهابية"], "terrorism_frames", lang="ar")
    assert len(table) > 0 and table.attrs["dictionary"] == "terrorism_frames"
    assert table.attrs["pattern"] is None


def test_kwic_reuses_a_matcher(frames):
    matcher = Matcher(frames)
    table = kwic(["terrorism"], None, matcher=matcher)
    assert table["match"].tolist() == ["terrorism"]
    assert kwic(["terrorism"], frames, matcher=matcher).equals(table)
    with pytest.raises(ValueError, match="another dictionary"):
        kwic(["terrorism"], "terror*", matcher=matcher)
    with pytest.raises(ValueError, match="another preprocessor"):
        kwic(["terrorism"], None, matcher=matcher, preprocessor=Preprocessor(lang="fr"))


def test_kwic_attrs_and_pipe(corpus):
    pre = Preprocessor(lang="en")
    table = kwic(corpus, ["terror*", "إرهاب"], window=3, preprocessor=pre)
    assert table.attrs["pattern"] == ["terror*", "إرهاب"]
    assert table.attrs["window"] == 3 and table.attrs["window_unit"] == "tokens"
    assert table.attrs["preprocessor"] == pre.fingerprint and len(table.attrs["dictionary_fingerprint"]) == 16
    page = table.pipe(kwic_to_html)
    assert "Keyword in context: terror*, إرهاب" in page


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize("pattern", ["terror[ism", "terror]", "  ", [], ["ok", "bad["], "*"])
def test_kwic_invalid_patterns_raise_dictionary_error(pattern):
    with pytest.raises(DictionaryError):
        kwic(["terrorism"], pattern)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"window": -1}, ValueError, "window"),
    ({"window": True}, ValueError, "window"),
    ({"window": 2.5}, ValueError, "window"),
    ({"unit": "paragraphs"}, ValueError, "unit='paragraphs' is invalid"),
    ({"window_unit": "words"}, ValueError, "window_unit"),
    ({"category": "nope"}, ValueError, "category='nope' is invalid"),
    ({"matcher": "m"}, TypeError, "matcher"),
])
def test_kwic_invalid_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        kwic(["terrorism"], "terror*", **kwargs)


@pytest.mark.parametrize(("texts", "pattern", "message"), [
    ("a single text", "terror*", "wrap it in a list"),
    (pd.DataFrame({"text": ["x"]}), "terror*", "Corpus"),
    (["ok", None], "terror*", "document 1"),
    (["ok"], ["terror*", 3], "patterns must be strings"),
    (["ok"], 42, "pattern must be"),
])
def test_kwic_wrong_kinds_raise_type_error(texts, pattern, message):
    with pytest.raises(TypeError, match=message):
        kwic(texts, pattern)


def test_kwic_needs_a_pattern_or_matcher():
    with pytest.raises(ValueError, match="give a pattern"):
        kwic(["x"], None)


# ---------------------------------------------------------------------- HTML
class _Rows(HTMLParser):
    """Collects every <tr> with its attributes and its cells (class, dir, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.rows: list[tuple[dict, list[tuple[str, str, str]]]] = []
        self._cell: list | None = None
        self.open_tags = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append(attrs)
        elif tag == "tr":
            self.rows.append((attrs, []))
        elif tag in ("td", "th"):
            self._cell = [attrs.get("class", ""), attrs.get("dir", ""), ""]
        if tag not in ("meta",):
            self.open_tags += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1][1].append(tuple(self._cell))
            self._cell = None
        self.open_tags -= 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def parse(page: str) -> _Rows:
    parser = _Rows()
    parser.feed(page)
    parser.close()
    assert parser.open_tags == 0  # every element opened was closed
    return parser


def test_kwic_to_html_mixed_directions(corpus):
    table = kwic(corpus, ["إرهاب", "terror*"], window=3)
    page = kwic_to_html(table)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert 'dir="rtl"' in page and 'dir="ltr"' in page
    parsed = parse(page)
    assert parsed.tables == [{"class": "kwic", "dir": "ltr"}]
    _header, *rows = parsed.rows
    assert len(rows) == len(table)
    for (attrs, cells), record in zip(rows, table.to_dict("records")):
        assert attrs["dir"] == record["direction"] and attrs["lang"] == record["lang"]
        kinds = [c[0].split()[-1] for c in cells if c[0] != "meta"]
        # in an ltr table the preceding context of an rtl line is written last: it shows on the right
        assert kinds == (["after", "match", "before"] if record["direction"] == "rtl" else ["before", "match", "after"])
        context = {c[0].split()[-1]: c for c in cells if c[0] != "meta"}
        assert context["before"][2] == record["left"] and context["after"][2] == record["right"]
        assert context["match"][2] == collapse(record["match"])
        assert {c[1] for c in cells if c[0] != "meta"} == {record["direction"]}
        # the context shown left of the match is right-aligned (so matches line up), and vice versa
        shown_right, shown_left = ("before", "after") if record["direction"] == "rtl" else ("after", "before")
        assert "c-right" in context[shown_right][0] and "c-left" in context[shown_left][0]


def test_kwic_to_html_all_rtl_uses_a_rtl_table():
    table = kwic(["قال: إن الإرهاب 2015 خطر"], "إرهاب", window=2)
    page = kwic_to_html(table)
    parsed = parse(page)
    assert parsed.tables[0]["dir"] == "rtl"
    cells = [c for c in parsed.rows[1][1] if c[0] != "meta"]
    assert [c[0].split()[-1] for c in cells] == ["before", "match", "after"]
    assert "<bdi>الإرهاب</bdi>" in page and "unicode-bidi: isolate" in page


def test_kwic_to_html_escapes_text_and_title():
    table = kwic(["<script>alert(1)</script> terror & <b>fear</b>"], "terror", window=10)
    page = kwic_to_html(table, title="Q&A <x>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&amp; &lt;b&gt;fear" in page and "<title>Q&amp;A &lt;x&gt;</title>" in page
    assert len(parse(page).rows) == 2


def test_kwic_to_html_empty_table_and_missing_direction():
    empty = kwic(["nothing"], "terror*")
    assert len(parse(kwic_to_html(empty)).rows) == 1
    bare = pd.DataFrame({"left": ["قال "], "match": ["الإرهاب"], "right": [" خطر"]})
    assert '<tr dir="rtl">' in kwic_to_html(bare)


def test_kwic_to_html_shows_only_informative_metadata(frames):
    single = parse(kwic_to_html(kwic(["terrorism"], "terror*"))).rows[0][1]
    assert [c[2] for c in single] == ["doc_id", "before", "match", "after"]
    table = kwic(["Financing of schools. Terrorism elsewhere."], frames, unit="sentence")
    header, *rows = parse(kwic_to_html(table)).rows
    assert [c[2] for c in header[1]] == ["doc_id", "unit_index", "before", "match", "after", "pattern", "category",
                                         "counted"]
    assert [c[2] for c in rows[0][1]][-3:] == ["financing", "financial", "requires scope"]
    assert [c[2] for c in rows[1][1]][-1] == "yes"


@pytest.mark.parametrize(("table", "error"), [
    ("not a table", TypeError),
    (pd.DataFrame({"match": ["x"]}), ValueError),
    (pd.DataFrame({"left": [""], "match": ["x"], "right": [""], "direction": ["up"]}), ValueError),
])
def test_kwic_to_html_rejects_bad_tables(table, error):
    with pytest.raises(error):
        kwic_to_html(table)


def test_kwic_to_html_writes_atomically(tmp_path, monkeypatch):
    table = kwic(["terrorism and الإرهاب"], ["terror*", "إرهاب"])
    target = tmp_path / "out" / "kwic.html"
    page = kwic_to_html(table, target)
    assert target.read_text(encoding="utf-8") == page
    assert sorted(p.name for p in target.parent.iterdir()) == ["kwic.html"]
    # a failure while moving into place leaves the previous file and no temporary file
    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        kwic_to_html(table.iloc[:1], target)
    assert target.read_text(encoding="utf-8") == page
    assert sorted(p.name for p in target.parent.iterdir()) == ["kwic.html"]


# ---------------------------------------------------------------------- real data
@pytest.mark.integration
def test_kwic_on_ant_documents(tmp_path):
    root = require_shared("ant_corpus_ar")
    ids = ["JA-politic-105-20170203", "JA-politic-123-20140528", "JA-politic-182-20140717"]
    corpus = read_ant_subset(root, ids)
    assert corpus.doc_ids == ids
    table = kwic(corpus, "إرهاب*", window=4, unit="paragraph")
    assert len(table) >= 5 and set(table["doc_id"]) == set(ids)
    assert (table["direction"] == "rtl").all() and (table["lang"] == "ar").all()
    assert table["match"].str.contains("رهاب").all()
    assert_contexts_are_original(table, dict(corpus.items()))
    page = kwic_to_html(table, tmp_path / "ant.html")
    assert len(parse(page).rows) == len(table) + 1 and parse(page).tables[0]["dir"] == "rtl"


def read_ant_subset(root: Path, ids: list[str]) -> Corpus:
    from toolkit import read_corpus

    return read_corpus(root, layout="ant", include=[f"{i}.txt" for i in ids])
