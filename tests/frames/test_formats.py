"""Tests for toolkit.frames.formats: toolkit/quanteda YAML, LIWC .dic and CSV/TSV dictionary files."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import (
    RESERVED,
    Category,
    Dictionary,
    Entry,
    load_dictionary,
)
from toolkit.frames.formats import CSV_COLUMNS, read_dictionary, write_dictionary


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def assert_located(err: pytest.ExceptionInfo[DictionaryError], path: Path, line: int | None) -> None:
    assert err.value.path == str(path)
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}, line {line}: " if line is not None else f"{path}: ")


def rich_dictionary() -> Dictionary:
    return Dictionary.from_dict({
        "toolkit_dictionary": 1, "name": "t", "version": "1.0", "description": "test",
        "frames": ["military", "media"],
        "categories": {
            "scope": {"terrorism": {"description": "terror in question",
                                    "entries": [{"concept": "scope.t", "ar": ["إرهاب*"], "en": ["terror*"]}]}},
            "military": {
                "requires": ["scope/terrorism"], "window": 10, "threshold": 2,
                "exclude": [{"en": ["islamic military coalition"], "ar": ["التحالف الإسلامي"]}],
                "operations": {"entries": [
                    "troops",
                    {"concept": "m.op", "weight": 0.5, "rationale": "a: b # c", "en": ["military operation*"],
                     "fr": ["opération* militaire*"], "exclude": {"en": ["joint military operation*"]}},
                ]},
            },
            "media": ["propaganda", "social media", "2015", "no"],
        }})


# ---------------------------------------------------------------------- toolkit YAML
def test_formats_toolkit_yaml_round_trip(tmp_path):
    d = rich_dictionary()
    path = write_dictionary(d, tmp_path / "frames.yml")
    assert path == tmp_path / "frames.yml"
    back = read_dictionary(path)
    assert back == d
    assert back.fingerprint == d.fingerprint
    assert back.path == str(path)
    assert "إرهاب*" in path.read_text(encoding="utf-8")  # allow_unicode: no \u escapes
    assert load_dictionary(path) == d
    assert load_dictionary(str(path)) == d


def test_formats_toolkit_yaml_lines(tmp_path):
    path = write(tmp_path, "d.yaml", (
        "toolkit_dictionary: 1\n"       # 1
        "categories:\n"                 # 2
        "  media:\n"                    # 3
        "    entries:\n"                # 4
        "      - propaganda\n"          # 5
        "      - concept: m\n"          # 6
        "        en: [social media]\n"  # 7
        "  scope: [terror*]\n"))        # 8
    d = read_dictionary(path)
    assert [(e.pattern, e.line) for _, e in d.entries()] == [("propaganda", 5), ("social media", 6), ("terror*", 8)]
    assert d.categories["media"].line == 3
    assert d.categories["scope"].line == 8


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param("toolkit_dictionary: 1\ncategories:\n  scope: [a]\n  military:\n    requires: [nope]\n"
                 "    entries: [b]\n", 4, "requires unknown category 'nope'", id="unknown-requires"),
    pytest.param("toolkit_dictionary: 1\ncategories:\n  media:\n    entries:\n      - propaganda\n      - ''\n",
                 6, "empty pattern", id="empty-entry"),
    pytest.param("media:\n  - propaganda\n  -\n", 3, "empty list item", id="empty-item"),
    pytest.param("media:\n  - propaganda\n  - 'terror[ism'\n", 3, "unbalanced '['", id="unbalanced-glob"),
    pytest.param("toolkit_dictionary: 1\ncategories:\n  media:\n    entries:\n      - en: ['a', 'terror]']\n",
                 5, "unbalanced ']'", id="unbalanced-glob-lang-list"),
    pytest.param("media:\n  - a\n b: [\n", 3, "invalid YAML", id="invalid-yaml"),
    pytest.param("media:\n  - *deceit*\n", 2, "must be quoted", id="unquoted-star"),
    pytest.param("media:\n  - إرهاب\n  - a\x07b\n", 3, "character '\\x07' (U+0007) is not allowed",
                 id="control-character"),
    pytest.param("media: [a]\nscope: [b]\nmedia: [c]\n", 3, "duplicate key 'media' (first at line 1)",
                 id="duplicate-key"),
    pytest.param("toolkit_dictionary: 1\ncategories:\n  media:\n    entries:\n      - pattern: a\n"
                 "        weight: 1\n        weight: 2\n", 7, "duplicate key 'weight' (first at line 6)",
                 id="duplicate-nested-key"),
    pytest.param("media:\n  - a\n  - 2015\n", 3, "write it in quotes ('2015')", id="number"),
    pytest.param("media:\n  - no\n", 2, "yes/no value", id="yes-no"),
    pytest.param("media:\n  - a\n  - b\n  - a\n", 4, "duplicate entry 'a'", id="duplicate-entry"),
    pytest.param("- a\n- b\n", 1, "expected a mapping of categories", id="top-level-list"),
    pytest.param("media:\n  entries: [a]\n", 2, "setting of the toolkit layout", id="toolkit-key-in-quanteda"),
    pytest.param("name: x\ncategories:\n  a: [b]\n", 2, "no 'toolkit_dictionary: 1' line", id="missing-marker"),
    pytest.param("toolkit_dictionary: 2\ncategories: {a: [b]}\n", 1, "unsupported toolkit_dictionary version",
                 id="version"),
    pytest.param("media:\n  - [a, b]\n", 1, "a list inside a list", id="nested-list"),
    pytest.param("media:\n  - {en: [a]}\n", 2, "need the toolkit layout", id="mapping-entry-in-quanteda"),
    pytest.param("'': [a]\n", 1, "empty key at the top level", id="empty-top-key"),
    pytest.param("yes: [a]\n'yes': [b]\n", 2, "duplicate key 'yes' (first at line 1)", id="duplicate-key-as-written"),
    pytest.param("media: [a]\n? [x, y]\n: [b]\n", 2, "a mapping key must be text", id="list-key"),
])
def test_formats_yaml_errors_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.yml", text)
    with pytest.raises(DictionaryError) as err:
        read_dictionary(path)
    assert_located(err, path, line)
    assert message in str(err.value)


def test_formats_yaml_keys_are_names_as_written(tmp_path):
    path = write(tmp_path, "d.yml", "2015: [a]\nyes: [b]\ntrue: [c]\n1.0:\n  no: [d]\n")
    assert list(read_dictionary(path).categories) == ["2015", "yes", "true", "1.0", "1.0/no"]
    base = "toolkit_dictionary: 1\ncategories:\n  base: &b\n    entries: [x]\n"
    merged = write(tmp_path, "m.yml", base + "  other:\n    <<: *b\n    entries: [y]\n    description: d\n")
    d = read_dictionary(merged)
    assert [e.pattern for _, e in d.entries("other")] == ["y"]
    assert d.categories["other"].description == "d"


def test_formats_yaml_empty_file(tmp_path):
    path = write(tmp_path, "empty.yml", "# only a comment\n")
    with pytest.raises(DictionaryError, match="the file is empty") as err:
        read_dictionary(path)
    assert_located(err, path, None)


def test_formats_yaml_format_must_match_layout(tmp_path):
    quanteda = write(tmp_path, "q.yml", "media: [a]\n")
    toolkit = write(tmp_path, "t.yml", "toolkit_dictionary: 1\ncategories: {media: [a]}\n")
    with pytest.raises(DictionaryError, match="not the toolkit layout"):
        read_dictionary(quanteda, format="toolkit")
    with pytest.raises(DictionaryError, match="in the toolkit layout"):
        read_dictionary(toolkit, format="quanteda")
    assert read_dictionary(quanteda, format="quanteda") == read_dictionary(toolkit, format="toolkit")
    categories = write(tmp_path, "c.yml", "categories:\n  a: [b]\n")
    assert list(read_dictionary(categories, format="quanteda").categories) == ["categories", "categories/a"]


# ---------------------------------------------------------------------- quanteda YAML
def test_formats_quanteda_reads_nested_lists_scalars_and_own_keys(tmp_path):
    path = write(tmp_path, "newsmap.yml", (
        "US:\n"                      # 1
        "  MA: Boston\n"             # 2
        "  CA: [Sacramento, 'LA']\n"  # 3
        "  '': Washington DC\n"      # 4
        "JP:\n"                      # 5
        "  __:\n"                    # 6
        "    - Tokyo\n"              # 7
        "  Kansai:\n"                # 8
        "    Osaka: [Osaka*]\n"))     # 9
    d = read_dictionary(path)
    assert list(d.categories) == ["US", "US/MA", "US/CA", "JP", "JP/Kansai", "JP/Kansai/Osaka"]
    assert [(c, e.pattern, e.line) for c, e in d.entries()] == [
        ("US", "Washington DC", 4), ("US/MA", "Boston", 2), ("US/CA", "Sacramento", 3), ("US/CA", "LA", 3),
        ("JP", "Tokyo", 7), ("JP/Kansai/Osaka", "Osaka*", 9)]
    assert d.frames == ("US", "JP")


def test_formats_quanteda_round_trip(tmp_path):
    d = Dictionary([Category("military", (Entry("army"),)), Category("military/ops", (Entry("troops*"),)),
                    Category("military/empty"), Category("media", (Entry("*deceit*"), Entry("no"), Entry("a: b"),
                                                                    Entry("إعلام*")))])
    path = tmp_path / "q.yml"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_dictionary(d, path, format="quanteda")
    text = path.read_text(encoding="utf-8")
    assert "toolkit_dictionary" not in text
    assert "  '':\n    - army\n" in text
    assert "  empty: []\n" in text
    assert read_dictionary(path) == d


def test_formats_quanteda_write_warns_or_raises_on_what_it_drops(tmp_path):
    d = rich_dictionary()
    path = tmp_path / "q.yml"
    with pytest.warns(UserWarning, match="quanteda YAML cannot hold") as record:
        write_dictionary(d, path, format="quanteda")
    message = str(record[0].message)
    for dropped in ("languages of", "weights of 2 entries", "exclusions of 1 entry", "concepts of", "rationales of",
                    "the requires of categories military", "threshold", "window", "the description of categories",
                    "the dictionary's name, version, description", "the frames list"):
        assert dropped in message
    back = read_dictionary(path)
    assert [e.pattern for _, e in back.entries("military")] == ["troops", "military operation*",
                                                                "opération* militaire*"]
    previous = path.read_bytes()
    with pytest.raises(DictionaryError, match="quanteda YAML cannot hold"):
        write_dictionary(d, path, format="quanteda", strict=True)
    assert path.read_bytes() == previous  # nothing written when the writer refuses
    assert [p.name for p in tmp_path.iterdir()] == ["q.yml"]


# ---------------------------------------------------------------------- LIWC
LIWC_VARIANTS = {
    "tabs": ("%\n1\tfunct\n2\tpronoun\n%\na\t1\nhe\t1\t2\nabandon*\t2\n",
             {"funct": ["a", "he"], "pronoun": ["he", "abandon*"]}),
    "crlf-bom-zero-padding-blank-trailing": (
        "\ufeff%\r\n01\tA category\r\n02\tAnother category \r\n%\r\n\r\nmore\t01\r\nlamb\t1  \r\n\r\nhad\t\t02\r\n",
        {"A category": ["more", "lamb"], "Another category": ["had"]}),
    "spaces-not-tabs": ("%\n1 care.virtue\n5 fairness.virtue\n%\nsafe* 1\nfair 5 1\nworthless* \t1\n",
                        {"care.virtue": ["safe*", "fair", "worthless*"], "fairness.virtue": ["fair"]}),
    "non-contiguous-numbers": ("%\n1\tfunct\n20\tquant\n125\taffect\n%\nfew\t20\nlove\t125\n",
                               {"funct": [], "quant": ["few"], "affect": ["love"]}),
    "hierarchy-and-descriptions": (
        ("%\n1\tfunct\n\t2\tpronoun\n\t\t3\tppron\n30\taffect\t(Affective processes)\n31 posemo (Positive emotions)\n"
         "%\nhe\t1\t2\t3\nhappy\t30\t31\n"),
        {"funct": ["he"], "pronoun": ["he"], "ppron": ["he"], "affect": ["happy"], "posemo": ["happy"]}),
    "liwc2015-phrases": ("%\n1\tfiller\n2\tassent\n%\nkind of\t1\nyou know\t1\nok\t2\n",
                         {"filler": ["kind of", "you know"], "assent": ["ok"]}),
    "labels-instead-of-numbers": ("%\n1\tposemo\n2\tnegemo\n%\nhappy\tposemo\nsad\tnegemo\t2\ngrim negemo\n",
                                  {"posemo": ["happy"], "negemo": ["sad", "grim"]}),
    "duplicate-lines": ("%\n1\tfunct\n%\na\t1\na\t01\nb\t1\n", {"funct": ["a", "b"]}),
    "slash-makes-subcategory": ("%\n2\tmil/ops\n1\tmil\n%\nx\t1\ny\t2\n", {"mil": ["x"], "mil/ops": ["y"]}),
    "arabic": ("%\n1\tإرهاب\n%\nإرهاب*\t1\nتمويل الإرهاب\t1\n", {"إرهاب": ["إرهاب*", "تمويل الإرهاب"]}),
}


@pytest.mark.parametrize("name", list(LIWC_VARIANTS))
def test_formats_liwc_variants(tmp_path, name):
    text, expected = LIWC_VARIANTS[name]
    path = write(tmp_path, "d.dic", text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = read_dictionary(path)
    assert {n: [e.pattern for e in c.entries] for n, c in d.categories.items()} == expected
    assert list(d.categories) == list(expected)


def test_formats_liwc_lines_and_descriptions(tmp_path):
    path = write(tmp_path, "d.dic", LIWC_VARIANTS["hierarchy-and-descriptions"][0])
    d = read_dictionary(path)
    assert d.categories["affect"].description == "Affective processes"
    assert d.categories["posemo"].description == "Positive emotions"
    assert d.categories["pronoun"].line == 3
    assert [(c, e.line) for c, e in d.entries("posemo")] == [("posemo", 9)]


def test_formats_liwc2007_context_codes_are_dropped_with_a_warning(tmp_path):
    path = write(tmp_path, "liwc2007.dic", (
        "%\n2\tpronoun\n125\taffect\n126\tposemo\n131\tq\n134\tx\n253\tverb\n464\tfiller\n466\tinformal\n%\n"
        "like\t(02 134)125/464\t(02 134)126\t253\t466\n"   # 11
        "kind\t<of>131/125\n"                              # 12
        "kind (of)\t131\n"                                 # 13
        ":)\t126\n"))                                      # 14
    with pytest.warns(UserWarning) as record:
        d = read_dictionary(path)
    messages = " ".join(str(w.message) for w in record)
    assert "context-dependent category codes" in messages and "lines 11, 12" in messages
    assert "skipped 'kind' (line 12)" in messages
    assert "'kind (of)' -> 'kind of' (line 13)" in messages
    assert [(c, e.pattern) for c, e in d.entries()] == [("posemo", ":)"), ("q", "kind of"), ("verb", "like"),
                                                        ("informal", "like")]


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param("%\n1\tfunct\n%\na\t1\nb\t1\t7\n", 5, "refers to category 7, which the header does not define",
                 id="undefined-number"),
    pytest.param("%\n1\tfunct\n%\nb 1 7\n", 4, "refers to category 7", id="undefined-number-spaces"),
    pytest.param("%\n1\tfunct\n%\nb\t1\tnegemo\n", 4, "'negemo' is neither a category number nor a category name",
                 id="undefined-label"),
    pytest.param("%\n1\tfunct\n2\tpronoun\na\t1\n", 4, "unreadable category line", id="header-not-closed"),
    pytest.param("%\n1\tfunct\n2\tpronoun\n", 1, "never closed", id="header-never-closed"),
    pytest.param("%\n1\tfunct\npronoun\n%\n", 3, "unreadable category line 'pronoun'", id="header-bad-line"),
    pytest.param("\n1\tfunct\n%\n", 2, "starts with a line holding only '%'", id="no-opening-percent"),
    pytest.param("%\n1\tfunct\n1\tother\n%\n", 3, "category number 1 is defined twice", id="duplicate-number"),
    pytest.param("%\n1\tfunct\n2\tfunct\n%\n", 3, "category 'funct' is defined twice (lines 2 and 3)",
                 id="duplicate-name"),
    pytest.param("%\n1\tfunct\n%\na\n", 4, "word 'a' has no category", id="word-without-category"),
    pytest.param("%\n1\tfunct\n%\na\t1\n%\n", 5, "a third '%' line", id="third-percent"),
    pytest.param("%\n1\tfunct\n%\nok\t1\nterror[ism\t1\n", 5, "unbalanced '['", id="unbalanced-glob"),
])
def test_formats_liwc_errors_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.dic", text)
    with pytest.raises(DictionaryError) as err:
        read_dictionary(path)
    assert_located(err, path, line)
    assert message in str(err.value)


def test_formats_liwc_round_trip_and_encoding(tmp_path):
    d = Dictionary([Category("funct", (Entry("a"), Entry("he"))), Category("pronoun", (Entry("he"), Entry("it*"))),
                    Category("military/ops", (Entry("troops"), Entry("kind of"))), Category("empty")])
    path = write_dictionary(d, tmp_path / "d.dic")
    assert path.read_text(encoding="utf-8").startswith("%\n1\tfunct\n2\tpronoun\n3\tmilitary/ops\n4\tempty\n%\n")
    assert "he\t1\t2\n" in path.read_text(encoding="utf-8")
    assert read_dictionary(path) == d
    latin = tmp_path / "latin.dic"
    latin.write_bytes("%\n1\tfunct\n%\ncafé\t1\n".encode("cp1252"))
    with pytest.raises(DictionaryError, match="encoding=") as err:
        read_dictionary(latin)
    assert_located(err, latin, 4)
    assert [e.pattern for _, e in read_dictionary(latin, encoding="cp1252").entries()] == ["café"]


# ---------------------------------------------------------------------- CSV / TSV
def test_formats_csv_reads_bom_crlf_optional_columns(tmp_path):
    path = write(tmp_path, "d.csv", (
        "\ufeffCategory,entry,lang,weight\r\n"
        "military/ops,troops,en,2\r\n"
        "\r\n"
        "military,army,,\r\n"
        "media,\"social media, online\",en,0.5\r\n"))
    d = read_dictionary(path)
    assert list(d.categories) == ["military", "military/ops", "media"]
    assert [(c, e.pattern, e.lang, e.weight, e.line) for c, e in d.entries()] == [
        ("military", "army", None, 1.0, 4), ("military/ops", "troops", "en", 2.0, 2),
        ("media", "social media, online", "en", 0.5, 5)]


@pytest.mark.parametrize(("name", "text"), [
    ("d.csv", "category;entry;exclude\nmedia;propaganda;counter propaganda | anti propaganda\n"),
    ("d.tsv", "category\tentry\texclude\nmedia\tpropaganda\tcounter propaganda|anti propaganda\n"),
])
def test_formats_csv_delimiters_and_exclusions(tmp_path, name, text):
    d = read_dictionary(write(tmp_path, name, text))
    assert [e.exclude for _, e in d.entries()] == [("counter propaganda", "anti propaganda")]


def test_formats_csv_round_trip(tmp_path):
    d = Dictionary([Category("military", (Entry("army"),)),
                    Category("military/ops", (Entry("troops", lang="en", weight=2.5, exclude=("troops of x", "y z"),
                                                    concept="m.op", rationale='multi\nline, "quoted"'),)),
                    Category("media", (Entry("إعلام*", lang="ar", weight=-1e-05),))])
    for name in ("d.csv", "d.tsv"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            path = write_dictionary(d, tmp_path / name)
        assert path.read_text(encoding="utf-8").splitlines()[0] == ("," if name.endswith("csv") else "\t").join(
            CSV_COLUMNS)
        assert read_dictionary(path) == d


def test_formats_csv_write_warns_about_category_settings(tmp_path):
    with pytest.warns(UserWarning, match="CSV cannot hold .*requires of categories military.*empty categories"):
        write_dictionary(Dictionary.from_dict({"scope": ["a"], "military": {"requires": ["scope"], "x": []}}),
                         tmp_path / "d.csv")


def test_formats_csv_write_refuses_bar_in_exclusion(tmp_path):
    d = Dictionary([Category("media", (Entry("a", exclude=("x | y",)),))])
    with pytest.raises(DictionaryError, match="'[|]' separates"):
        write_dictionary(d, tmp_path / "d.csv")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param("media,propaganda\n", 1, "missing column(s) category, entry", id="no-header"),
    pytest.param("category,entry,wieght\nmedia,x,1\n", 1, "unknown column(s) wieght", id="unknown-column"),
    pytest.param("category,entry,entry\nmedia,x,y\n", 1, "appear twice", id="duplicate-column"),
    pytest.param("category,entry,weight\nmedia,x,1\nmedia,y,heavy\n", 3, "weight 'heavy' is not a number",
                 id="bad-weight"),
    pytest.param("category,entry,weight\nmedia,x,inf\n", 2, "weight must be a finite number", id="infinite-weight"),
    pytest.param("category,entry\nmedia,x\n\nmedia,\n", 4, "empty pattern", id="empty-entry"),
    pytest.param("category,entry\nmedia,\"a\nb\"\nmedia,terror[ism\n", 4, "unbalanced '['", id="unbalanced-glob"),
    pytest.param("category,entry\n,x\n", 2, "entry 'x' has no category", id="no-category"),
    pytest.param("category,entry\nmedia,x,y\n", 2, "the row has 3 cells", id="extra-cell"),
    pytest.param("category,entry\nmedia,x\nmedia,x\n", 3, "duplicate entry 'x'", id="duplicate-entry"),
])
def test_formats_csv_errors_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(DictionaryError) as err:
        read_dictionary(path)
    assert_located(err, path, line)
    assert message in str(err.value)


def test_formats_csv_empty_file(tmp_path):
    path = write(tmp_path, "empty.csv", "")
    with pytest.raises(DictionaryError, match="the file is empty"):
        read_dictionary(path)


# ---------------------------------------------------------------------- dispatch and writing
def test_formats_unknown_extension_and_format(tmp_path):
    path = write(tmp_path, "d.txt", "media: [a]\n")
    with pytest.raises(DictionaryError, match="extension '.txt'"):
        read_dictionary(path)
    assert list(read_dictionary(path, format="yaml").categories) == ["media"]
    with pytest.raises(ValueError, match="format='xml' is invalid"):
        read_dictionary(path, format="xml")
    with pytest.raises(TypeError, match="must be a Dictionary"):
        write_dictionary({"media": ["a"]}, tmp_path / "d.yml")


def test_formats_write_creates_folders_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "sub" / "d.yml"
    write_dictionary(rich_dictionary(), path)
    write_dictionary(Dictionary.from_dict({"media": ["a"]}), path)
    assert read_dictionary(path) == Dictionary.from_dict({"media": ["a"]})
    assert [p.name for p in path.parent.iterdir()] == ["d.yml"]


# ---------------------------------------------------------------------- properties
_PART = st.text(alphabet="abcxyz-.é إرهاب", min_size=1, max_size=6).filter(
    lambda s: s == s.strip() and s not in RESERVED)
_TOKEN = st.text(alphabet="abcdeéçإرهابتمويل", min_size=1, max_size=6).flatmap(
    lambda w: st.sampled_from([w, w + "*", "?" + w, "=" + w, w[0] + "[ab]" + w[1:]]))
_PATTERN = st.lists(_TOKEN, min_size=1, max_size=3).map(" ".join)
_TEXT = st.text(alphabet="abc xyz:#'\"-,\nإرهاب", min_size=1, max_size=12).filter(lambda s: s == s.strip())
_WEIGHT = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def _entry(draw: st.DrawFn) -> Entry:
    return Entry(draw(_PATTERN), lang=draw(st.sampled_from([None, "ar", "en", "fr"])),
                 weight=draw(st.one_of(st.just(1.0), _WEIGHT)), exclude=tuple(draw(st.lists(_PATTERN, max_size=2))),
                 concept=draw(st.none() | _TEXT), rationale=draw(st.none() | _TEXT))


_ENTRIES = st.lists(_entry(), max_size=3, unique_by=lambda e: (e.pattern, e.lang))


@st.composite
def _settings(draw: st.DrawFn, earlier: list[str]) -> dict[str, object]:
    """Category settings; ``requires`` names an earlier top-level category (no cycles)."""
    return {"description": draw(st.none() | _TEXT),
            "requires": tuple(draw(st.lists(st.sampled_from(earlier), max_size=1))) if earlier else (),
            "window": draw(st.none() | st.integers(0, 20)),
            "threshold": draw(st.none() | st.integers(1, 5) | st.floats(0.1, 10.0)),
            "exclude": tuple(draw(st.lists(_entry(), max_size=2)))}


@st.composite
def _dictionary(draw: st.DrawFn, *, rich: bool) -> Dictionary:
    tops = draw(st.lists(_PART, min_size=1, max_size=3, unique=True))
    leaf_entries = _ENTRIES if rich else _ENTRIES.filter(bool)  # CSV holds no empty category
    cats = []
    for i, top in enumerate(tops):
        subs = draw(st.lists(_PART, max_size=2, unique=True))
        settings_ = draw(_settings(tops[:i])) if rich else {}
        cats.append(Category(top, tuple(draw(_ENTRIES if subs else leaf_entries)), **settings_))
        cats += [Category(f"{top}/{sub}", tuple(draw(leaf_entries))) for sub in subs]
    if not rich:
        return Dictionary(cats)
    return Dictionary(cats, name=draw(st.none() | _TEXT), version=draw(st.none() | st.sampled_from(["1", "1.0", "2b"])),
                      description=draw(st.none() | _TEXT),
                      frames=draw(st.none() | st.lists(st.sampled_from(tops), unique=True)))


_PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(d=_dictionary(rich=True))
def test_formats_property_toolkit_yaml_round_trip(d):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_dictionary(d, Path(tmp) / "d.yml")
        assert read_dictionary(path) == d


@_PROPERTY
@given(d=_dictionary(rich=False), suffix=st.sampled_from([".csv", ".tsv"]))
def test_formats_property_csv_round_trip(d, suffix):
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("error")
        path = write_dictionary(d, Path(tmp) / f"d{suffix}")
        assert read_dictionary(path) == d
