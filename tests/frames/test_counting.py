"""count_frames, frame_hits and assign: units, contexts, sums across units, provenance, assignment rules."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.corpus import Corpus
from toolkit.errors import DictionaryError, invalid_value_message
from toolkit.frames.counting import assign, count_frames, frame_hits
from toolkit.frames.dictionary import Dictionary, builtin_dictionaries, load_dictionary
from toolkit.frames.matcher import Matcher
from toolkit.text.preprocess import Preprocessor

LEVELS = ("document", "paragraph", "sentence")

# A tiny dictionary using every feature that depends on the context unit: phrases, globs,
# weights, a category exclusion, an entry exclusion, and a scope requirement.
TINY = Dictionary.from_dict({
    "toolkit_dictionary": 1, "name": "tiny", "version": "0.1",
    "frames": ["military", "financial", "media"],
    "categories": {
        "scope": {"entries": ["terror*", {"ar": ["إرهاب*"]}]},
        "military": {
            "requires": ["scope"], "threshold": 2,
            "exclude": [{"en": ["coalition troops"]}],
            "entries": ["army"],
            "ops": {"entries": [{"pattern": "military operation*", "weight": 2}, "troops",
                                {"ar": ["عملية عسكرية", "الجيش"]}]},
            "intel": ["intelligence"],
        },
        "financial": {"entries": [{"pattern": "money launder*", "weight": 1.5}, "financing",
                                  {"ar": ["تمويل*"]}]},
        "media": {"entries": [{"pattern": "media", "exclude": ["media center"]}, {"pattern": "propaganda",
                                                                                   "weight": 0.5},
                              {"ar": ["إعلام*"]}]},
    },
})

EN_DOC = ("Terrorism is a threat. The army and troops led a military operation.\n\n"
          "Troops met the coalition troops. Financing and money laundering.\n\n"
          "The media center and the media spread propaganda.")
FR_DOC = "Le terrorisme menace. L'army, troops.\n\nFinancing et propaganda sans portée."
AR_DOC = "ندين تمويل الإرهاب. نفذ الجيش عملية عسكرية.\n\nدور الإعلام."


@pytest.fixture
def corpus() -> Corpus:
    return Corpus.from_records([
        {"doc_id": "en1", "text": EN_DOC, "date": "2015-12-15", "lang": "en", "source": "UN", "title": "T1",
         "country": "USA"},
        {"doc_id": "fr1", "text": FR_DOC, "date": "2016-01-02", "lang": "fr", "source": "AFP", "title": "T2",
         "country": "FRA"},
        {"doc_id": "ar1", "text": AR_DOC, "date": "2017-12-26", "lang": "ar", "source": "MAP", "title": None,
         "country": "MAR"},
        {"doc_id": "empty", "text": "", "date": "2017", "lang": "en", "source": "UN", "title": None,
         "country": None},
    ])


def keys(unit: str) -> list[str]:
    return ["doc_id"] if unit == "document" else ["doc_id", "unit_index"]


def count_columns(d: Dictionary) -> list[str]:
    return ["n_tokens", *d.categories, *(f"{f}_score" for f in d.frames)]


# ---------------------------------------------------------------------- count_frames: shape and values
def test_count_frames_columns_docvars_and_dtypes(corpus):
    counts = count_frames(corpus, TINY, unit="paragraph", progress=False)
    frames_cols = [c for f in TINY.frames for c in (f"{f}_score", f"{f}_rate")]
    assert list(counts.columns) == ["doc_id", "unit_index", "char_start", "char_end", "date", "date_precision",
                                    "lang", "source", "title", "country", "n_tokens", *TINY.categories,
                                    *frames_cols]
    assert counts.index.equals(pd.RangeIndex(len(counts)))
    # one row per paragraph, docvars joined from the parent document
    paragraphs = corpus.paragraphs().docvars
    assert len(counts) == len(paragraphs) == 3 + 2 + 2
    assert counts["doc_id"].tolist() == paragraphs["parent_id"].tolist()
    for col in ("date", "lang", "source", "title", "country"):
        pd.testing.assert_series_equal(counts[col], paragraphs[col].reset_index(drop=True), check_names=False)
    assert str(counts["date"].dtype) == "datetime64[ns]"
    for col in ("unit_index", "char_start", "char_end", "n_tokens", *TINY.categories):
        assert counts[col].dtype == np.int64, col
    assert all(counts[c].dtype == np.float64 for c in frames_cols)


def test_count_frames_documents_have_no_unit_columns_and_keep_empty_documents(corpus):
    counts = count_frames(corpus, TINY, progress=False)
    assert counts["doc_id"].tolist() == corpus.doc_ids
    assert not {"unit_index", "char_start", "char_end"} & set(counts.columns)
    empty = counts.set_index("doc_id").loc["empty"]
    assert empty["n_tokens"] == 0 and empty["military"] == 0
    assert np.isnan(empty["military_rate"])


def test_count_frames_values_on_the_english_document(corpus):
    counts = count_frames(corpus, TINY, unit="paragraph", progress=False).set_index(["doc_id", "unit_index"])
    first, second, third = (counts.loc[("en1", k)] for k in range(3))
    # paragraph 0: scope 1; army (military itself), troops + military operation (ops, weight 2)
    assert (first["scope"], first["military"], first["military/ops"], first["military/intel"]) == (1, 3, 2, 0)
    assert first["military_score"] == 1 + 1 + 2
    assert first["n_tokens"] == 12 and first["military_rate"] == 1000 * 3 / 12
    # paragraph 1: no scope, so troops do not count; "coalition troops" is excluded anyway
    assert (second["scope"], second["military"], second["financial"]) == (0, 0, 2)
    assert second["financial_score"] == 2.5
    # paragraph 2: "media center" excludes the first "media"; propaganda weighs 0.5
    assert (third["media"], third["media_score"]) == (2, 1.5)


def test_count_frames_parent_counts_own_entries_plus_subcategories(corpus):
    counts = count_frames(corpus, TINY, unit="sentence", progress=False)
    own = frame_hits(corpus, TINY, unit="sentence", counted_only=True)
    own_military = own[own["category"] == "military"].groupby(["doc_id", "unit_index"]).size()
    merged = counts.set_index(["doc_id", "unit_index"])
    expected = merged["military/ops"] + merged["military/intel"] + own_military.reindex(merged.index,
                                                                                        fill_value=0)
    assert (merged["military"] == expected).all() and merged["military"].sum() > merged["military/ops"].sum()


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_count_frames_equals_unitmatch_counts_when_unit_is_the_context(corpus, level):
    counts = count_frames(corpus, TINY, unit=level, context=level, progress=False)
    units = corpus.to_units(level + "s")
    matcher = Matcher(TINY)
    expected = []
    for text, lang in zip(units.texts, units.docvars["lang"]):
        match = matcher.find(text, lang)
        scores = match.scores()
        expected.append({"n_tokens": match.n_tokens, **match.counts(),
                         **{f"{f}_score": scores[f] for f in TINY.frames}})
    expected = pd.DataFrame(expected)
    pd.testing.assert_frame_equal(counts[expected.columns], expected, check_dtype=False)


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_count_frames_units_are_those_of_corpus_to_units(corpus, level):
    counts = count_frames(corpus, TINY, unit=level, progress=False)
    units = corpus.to_units(level + "s").docvars
    assert counts["unit_index"].tolist() == units["unit_index"].tolist()
    assert counts["char_start"].tolist() == units["char_start"].tolist()
    assert counts["char_end"].tolist() == units["char_end"].tolist()


def test_count_frames_hits_depend_on_the_context_not_on_the_unit():
    c = Corpus.from_records([{"doc_id": "a", "lang": "en", "text": "Terrorism grows. Troops were sent."}])
    by_paragraph = count_frames(c, TINY, unit="sentence", progress=False)
    assert by_paragraph["military"].tolist() == [0, 1]  # scope found in the other sentence of the paragraph
    by_sentence = count_frames(c, TINY, unit="sentence", context="sentence", progress=False)
    assert by_sentence["military"].tolist() == [0, 0]
    assert by_sentence.attrs["context"] == "sentence" and by_paragraph.attrs["context"] == "paragraph"


def test_count_frames_uses_each_documents_language():
    d = Dictionary.from_dict({"attack": [{"en": ["attack"]}, {"fr": ["attaque"]}, "bomb"]})
    c = Corpus.from_records([{"doc_id": "en", "lang": "en", "text": "attack attaque bomb"},
                             {"doc_id": "fr", "lang": "fr", "text": "attack attaque bomb"}])
    counts = count_frames(c, d, progress=False).set_index("doc_id")
    assert counts["attack"].to_dict() == {"en": 2, "fr": 2}
    hits = frame_hits(c, d)
    assert hits.groupby("doc_id")["surface"].agg(list).to_dict() == {"en": ["attack", "bomb"],
                                                                     "fr": ["attaque", "bomb"]}


@pytest.mark.parametrize(("categories", "shown"), [
    ("all", list(TINY.categories)),
    ("leaves", list(TINY.leaves)),
    ("frames", ["military", "financial", "media"]),
])
def test_count_frames_categories_option(corpus, categories, shown):
    counts = count_frames(corpus, TINY, categories=categories, progress=False)
    n = counts.columns.get_loc("n_tokens")
    assert list(counts.columns[n + 1:n + 1 + len(shown)]) == shown
    assert "military_rate" in counts.columns and "military_score" in counts.columns
    assert counts.attrs["categories"] == categories


def test_count_frames_attrs_record_provenance(corpus):
    pre = Preprocessor(keep_numbers=True)
    counts = count_frames(corpus, TINY, unit="sentence", context="document", preprocessor=pre, progress=False)
    assert counts.attrs == {
        "dictionary": "tiny", "dictionary_version": "0.1", "dictionary_fingerprint": TINY.fingerprint,
        "dictionary_path": None, "preprocessor": pre.fingerprint, "unit": "sentence", "context": "document",
        "frames": ["military", "financial", "media"],
        "thresholds": {"military": 2.0, "financial": 1.0, "media": 1.0}, "categories": "all"}
    assert count_frames(corpus, TINY, progress=False).attrs["preprocessor"] == Preprocessor().fingerprint


def test_count_frames_rate_formula_and_preprocessor_tokens():
    c = Corpus.from_records([{"doc_id": "a", "lang": "en", "text": "terrorism 2015 terrorism 11 12 13 and more"}])
    d = Dictionary.from_dict({"scope": ["terror*"]})
    plain = count_frames(c, d, progress=False)
    numbers = count_frames(c, d, preprocessor=Preprocessor(keep_numbers=True), progress=False)
    assert plain["n_tokens"].item() == 4 and numbers["n_tokens"].item() == 8
    assert plain["scope_rate"].item() == 1000 * 2 / 4 and numbers["scope_rate"].item() == 1000 * 2 / 8


def test_count_frames_reuses_a_matcher(corpus):
    matcher = Matcher(TINY)
    a = count_frames(corpus, matcher=matcher, unit="paragraph", progress=False)
    b = count_frames(corpus, TINY, unit="paragraph", progress=False)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(count_frames(corpus, TINY, matcher=matcher, progress=False),
                                  count_frames(corpus, TINY, progress=False))


def test_count_frames_progress_bar(corpus, capsys):
    count_frames(corpus, TINY, progress=True)
    assert "7/7" in capsys.readouterr().err  # 7 paragraphs (the empty document has none)
    count_frames(corpus, TINY, progress=False)
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(("option", "value", "allowed"), [
    ("unit", "paragraphs", LEVELS), ("unit", "doc", LEVELS), ("context", "line", LEVELS),
    ("categories", "top", ("all", "leaves", "frames")),
])
def test_count_frames_rejects_bad_options(corpus, option, value, allowed):
    with pytest.raises(ValueError) as err:
        count_frames(corpus, TINY, progress=False, **{option: value})
    assert str(err.value) == invalid_value_message(option, value, allowed)


@pytest.mark.parametrize(("option", "value"), [("unit", "word"), ("context", "page")])
def test_frame_hits_rejects_bad_options(corpus, option, value):
    with pytest.raises(ValueError, match=re.escape(invalid_value_message(option, value, LEVELS))):
        frame_hits(corpus, TINY, **{option: value})


def test_count_frames_rejects_units_of_a_unit_corpus_but_counts_it_as_documents(corpus):
    paragraphs = corpus.paragraphs()
    with pytest.raises(ValueError, match="already made of units"):
        count_frames(paragraphs, TINY, unit="sentence", progress=False)
    as_documents = count_frames(paragraphs, TINY, progress=False)
    by_paragraph = count_frames(corpus, TINY, unit="paragraph", progress=False)
    assert as_documents["military"].tolist() == by_paragraph["military"].tolist()
    assert as_documents["parent_id"].tolist() == by_paragraph["doc_id"].tolist()


def test_count_frames_rejects_docvars_named_like_count_columns():
    c = Corpus.from_records([{"doc_id": "a", "lang": "en", "text": "troops", "media": "TV"}])
    with pytest.raises(ValueError, match=r"docvars \['media'\] have the names of count columns"):
        count_frames(c, TINY, progress=False)


def test_count_frames_rejects_wrong_objects(corpus):
    with pytest.raises(TypeError, match="corpus must be a toolkit.corpus.Corpus"):
        count_frames(["a text"], TINY, progress=False)
    with pytest.raises(TypeError, match="matcher must be"):
        count_frames(corpus, TINY, matcher="tiny", progress=False)
    other = Dictionary.from_dict({"media": ["tv"]})
    with pytest.raises(ValueError, match="differs from the matcher's"):
        count_frames(corpus, other, matcher=Matcher(TINY), progress=False)
    with pytest.raises(ValueError, match="differs from the matcher's"):
        frame_hits(corpus, matcher=Matcher(TINY), preprocessor=Preprocessor(keep_numbers=True))


def test_count_frames_unknown_dictionary_name(corpus):
    with pytest.raises(DictionaryError, match="no built-in dictionary named 'nope'"):
        count_frames(corpus, "nope", progress=False)


# ---------------------------------------------------------------------- frame_hits
def test_frame_hits_columns_locations_and_reasons(corpus):
    hits = frame_hits(corpus, TINY, unit="paragraph")
    assert list(hits.columns) == ["doc_id", "unit_index", "category", "frame", "entry", "concept", "lang",
                                  "weight", "surface", "token_start", "token_end", "char_start", "char_end",
                                  "counted", "reason"]
    texts = corpus.texts
    for row in hits.itertuples():
        assert texts[row.doc_id][row.char_start:row.char_end] == row.surface
    reasons = dict(zip(hits["surface"], hits["reason"]))
    assert reasons["money laundering"] == ""
    assert set(hits.loc[~hits["counted"], "reason"]) == {"requires scope", "excluded by 'media center'",
                                                         "excluded by 'coalition troops'"}
    op = hits[hits["surface"] == "military operation"].iloc[0]
    assert (op["category"], op["frame"], op["entry"], op["weight"], op["token_end"] - op["token_start"]) == (
        "military/ops", "military", "military operation*", 2.0, 2)
    assert hits.loc[hits["surface"] == "عملية عسكرية", "lang"].item() == "ar"
    counted = frame_hits(corpus, TINY, unit="paragraph", counted_only=True)
    assert counted["counted"].all() and len(counted) == hits["counted"].sum()
    assert counted.attrs["counted_only"] is True and counted.attrs["unit"] == "paragraph"


def test_frame_hits_token_positions_are_document_wide(corpus):
    hits = frame_hits(corpus, TINY, unit="sentence", context="sentence")
    for _, group in hits.groupby("doc_id"):
        starts = group["token_start"].tolist()
        assert starts == sorted(starts)
    # "Troops" of the second paragraph: 12 tokens in the first paragraph, then "Troops" is token 0
    second = hits[(hits["doc_id"] == "en1") & (hits["surface"] == "Troops")]
    assert second["token_start"].tolist() == [12]
    doc_tokens = Matcher(TINY).tokens(EN_DOC, "en")
    for row in hits[hits["doc_id"] == "en1"].itertuples():
        assert doc_tokens[row.token_start][1] == row.char_start
        assert doc_tokens[row.token_end - 1][2] == row.char_end


def test_frame_hits_document_unit_and_empty_result():
    c = Corpus.from_records([{"doc_id": "a", "lang": "en", "text": "Nothing here."}])
    hits = frame_hits(c, TINY)
    assert hits.empty and "unit_index" not in hits.columns
    assert hits["token_start"].dtype == np.int64 and hits["counted"].dtype == bool


@pytest.mark.parametrize("unit", LEVELS)
@pytest.mark.parametrize("context", LEVELS)
def test_counted_hits_reproduce_the_counts(corpus, unit, context):
    counts = count_frames(corpus, TINY, unit=unit, context=context, progress=False)
    hits = frame_hits(corpus, TINY, unit=unit, context=context, counted_only=True)
    _assert_traceable(counts, hits, TINY, unit)


def _assert_traceable(counts: pd.DataFrame, hits: pd.DataFrame, d: Dictionary, unit: str) -> None:
    """Counting the hits by unit (parents including sub-categories) gives the count columns."""
    cats, frames = list(d.categories), list(d.frames)
    row_of = {key: i for i, key in enumerate(zip(*(counts[c].tolist() for c in keys(unit))))}
    n = np.zeros((len(counts), len(cats)), dtype=np.int64)
    w = np.zeros((len(counts), len(frames)))
    for key, category, frame, weight in zip(zip(*(hits[c].tolist() for c in keys(unit))), hits["category"],
                                            hits["frame"], hits["weight"]):
        row = row_of[key]
        for j, name in enumerate(cats):
            n[row, j] += category == name or category.startswith(name + "/")
        if frame in frames:
            w[row, frames.index(frame)] += weight
    np.testing.assert_array_equal(counts[cats].to_numpy(), n)
    np.testing.assert_allclose(counts[[f"{f}_score" for f in frames]].to_numpy(), w)


# ---------------------------------------------------------------------- sums and chunks
def _sum_rows(values: np.ndarray, groups: list[int], n_groups: int) -> np.ndarray:
    out = np.zeros((n_groups, values.shape[1]))
    np.add.at(out, np.asarray(groups, dtype=np.int64), values)
    return out


def _assert_sums(corpus: Corpus, d: Dictionary, context: str, matcher: Matcher | None = None) -> None:
    """Sentences sum to their paragraph, and paragraphs and sentences to their document."""
    columns = count_columns(d)
    results = {unit: count_frames(corpus, d, unit=unit, context=context, progress=False, matcher=matcher)
               for unit in LEVELS}
    position = {doc: i for i, doc in enumerate(corpus.doc_ids)}
    document = results["document"][columns].to_numpy(dtype=np.float64)
    for unit in ("paragraph", "sentence"):
        rows = results[unit]
        summed = _sum_rows(rows[columns].to_numpy(dtype=np.float64), [position[x] for x in rows["doc_id"]],
                           len(document))
        np.testing.assert_allclose(summed, document, atol=1e-9, err_msg=f"{unit} sums")
    sentences, paragraphs = results["sentence"], results["paragraph"]
    first = {}
    starts: dict[str, list[int]] = {}
    for i, (doc, start) in enumerate(zip(paragraphs["doc_id"], paragraphs["char_start"])):
        first.setdefault(doc, i)
        starts.setdefault(doc, []).append(start)
    para_of = [first[doc] + int(np.searchsorted(starts[doc], start, side="right")) - 1
               for doc, start in zip(sentences["doc_id"], sentences["char_start"])]
    summed = _sum_rows(sentences[columns].to_numpy(dtype=np.float64), para_of, len(paragraphs))
    np.testing.assert_allclose(summed, paragraphs[columns].to_numpy(dtype=np.float64), atol=1e-9,
                               err_msg="sentences within paragraphs")


WORDS = ["terrorism", "army", "troops", "military", "operation", "operations", "coalition", "media",
         "center", "propaganda", "money", "laundering", "financing", "intelligence", "the", "and", "of",
         "Dr.", "2015"]
sentence_st = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(
    lambda ws: " ".join(ws).capitalize() + ".")
paragraph_st = st.lists(sentence_st, min_size=1, max_size=4).map(" ".join)
text_st = st.lists(paragraph_st, min_size=0, max_size=4).map("\n\n".join)


TINY_MATCHER = Matcher(TINY)


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(text_st, min_size=1, max_size=3), context=st.sampled_from(LEVELS))
def test_counts_sum_across_units_property(texts, context):
    c = Corpus.from_records([{"doc_id": f"d{i}", "lang": "en", "text": t} for i, t in enumerate(texts)])
    _assert_sums(c, TINY, context, TINY_MATCHER)
    for unit in LEVELS:
        counts = count_frames(c, TINY, unit=unit, context=context, progress=False, matcher=TINY_MATCHER)
        hits = frame_hits(c, TINY, unit=unit, context=context, counted_only=True, matcher=TINY_MATCHER)
        _assert_traceable(counts, hits, TINY, unit)


@pytest.mark.parametrize("context", LEVELS)
def test_counts_sum_across_units_on_the_fixture(corpus, context):
    _assert_sums(corpus, TINY, context)


@pytest.mark.parametrize("unit", LEVELS)
def test_counting_in_chunks_equals_counting_whole(corpus, unit):
    whole = count_frames(corpus, TINY, unit=unit, progress=False)
    ids = corpus.doc_ids
    parts = [count_frames(corpus.subset(doc_ids=chunk), TINY, unit=unit, progress=False)
             for chunk in (ids[:1], ids[1:3], ids[3:])]
    joined = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole)
    assert all(p.attrs == whole.attrs for p in parts)
    hits_whole = frame_hits(corpus, TINY, unit=unit)
    hits_parts = pd.concat([frame_hits(corpus.subset(doc_ids=chunk), TINY, unit=unit)
                            for chunk in (ids[:2], ids[2:])], ignore_index=True)
    pd.testing.assert_frame_equal(hits_parts, hits_whole)


# ---------------------------------------------------------------------- assign
@pytest.fixture
def scores() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "military": [3, 1, 0, 2], "media": [1, 2, 0, 2],
        "military_score": [3.0, 1.5, 0.0, 2.0], "media_score": [1.0, 1.5, 0.0, 2.0],
    }, index=pd.Index(["u1", "u2", "u3", "u4"], name="unit"))


def test_assign_threshold_defaults_to_one_and_keeps_the_index(scores):
    out = assign(scores)
    assert list(out.columns) == ["military", "media"] and out.index.equals(scores.index)
    assert out.dtypes.eq(bool).all()
    assert out.to_dict("list") == {"military": [True, True, False, True], "media": [True, True, False, True]}


@pytest.mark.parametrize(("thresholds", "military", "media"), [
    (2, [True, False, False, True], [False, False, False, True]),
    (1.5, [True, True, False, True], [False, True, False, True]),
    ({"military": 2.5}, [True, False, False, False], [True, True, False, True]),
    ({"media": 2}, [True, True, False, True], [False, False, False, True]),
])
def test_assign_threshold_number_or_dict(scores, thresholds, military, media):
    out = assign(scores, thresholds=thresholds)
    assert out["military"].tolist() == military and out["media"].tolist() == media


def test_assign_threshold_on_counts(scores):
    out = assign(scores, score="count", thresholds=2)
    assert out.to_dict("list") == {"military": [True, False, False, True], "media": [False, True, False, True]}


def test_assign_dominant_with_ties_and_zeros(scores):
    out = assign(scores, rule="dominant")
    assert out.to_dict("list") == {"military": [True, True, False, True], "media": [False, True, False, True]}
    out = assign(scores, rule="dominant", score="count")
    assert out.to_dict("list") == {"military": [True, False, False, True], "media": [False, True, False, True]}
    # sums of floats that differ in the last bit still tie
    near = pd.DataFrame({"a_score": [0.1 + 0.2], "b_score": [0.3]})
    assert assign(near, rule="dominant").iloc[0].tolist() == [True, True]


def test_assign_thresholds_from_dictionary_and_attrs(corpus):
    counts = count_frames(corpus, TINY, unit="paragraph", progress=False)
    expected = pd.DataFrame({"military": counts["military_score"] >= 2,
                             "financial": counts["financial_score"] >= 1,
                             "media": counts["media_score"] >= 1})
    pd.testing.assert_frame_equal(assign(counts), expected)  # attrs["thresholds"]: military 2
    bare = counts.copy()
    bare.attrs = {}
    # without attrs: frames from the *_score columns (scope is not a frame), thresholds 1.0
    assert list(assign(bare).columns) == ["military", "financial", "media"]
    assert assign(bare)["military"].sum() >= expected["military"].sum()
    pd.testing.assert_frame_equal(assign(bare, dictionary=TINY), expected)
    assert (count_frames(corpus, TINY, progress=False)["military_score"] >= 2).any()


def test_assign_thresholds_from_a_builtin_name(monkeypatch):
    """A table that only names a built-in dictionary takes its thresholds."""
    from toolkit.frames import counting

    monkeypatch.setattr(counting, "builtin_dictionaries", lambda: ("tiny",))
    monkeypatch.setattr(counting, "load_dictionary", lambda name: TINY if name == "tiny" else load_dictionary(name))
    table = pd.DataFrame({"military_score": [1.0, 2.0], "media_score": [1.0, 0.0]})
    table.attrs = {"dictionary": "tiny", "frames": ["military", "media"]}
    assert assign(table).to_dict("list") == {"military": [False, True], "media": [True, False]}


def test_assign_on_a_validation_style_table():
    """The validation helper passes '<frame>' and '<frame>_score' columns built from Matcher.find."""
    matcher = Matcher(TINY)
    gold = ["Terrorism: troops and a military operation.", "Money laundering.", "Nothing."]
    rows = []
    for text in gold:
        match = matcher.find(text, "en")
        counts, weights = match.counts(), match.scores()
        rows.append({**{f: counts[f] for f in TINY.frames}, **{f"{f}_score": weights[f] for f in TINY.frames}})
    table = pd.DataFrame(rows)
    out = assign(table, dictionary=TINY)
    assert out.to_dict("list") == {"military": [True, False, False], "financial": [False, True, False],
                                   "media": [False, False, False]}
    assert assign(table, rule="dominant", score="count").iloc[0].tolist() == [True, False, False]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"rule": "majority"}, invalid_value_message("rule", "majority", ["threshold", "dominant"])),
    ({"score": "weight"}, invalid_value_message("score", "weight", ["score", "count"])),
    ({"thresholds": {"militry": 1}}, "unknown frames ['militry']"),
    ({"thresholds": 0}, "must be a positive number"),
    ({"thresholds": {"media": float("nan")}}, "must be a positive number"),
    ({"thresholds": {"media": "2"}}, "must be a positive number"),
    ({"rule": "dominant", "thresholds": 2}, "thresholds apply to rule='threshold' only"),
])
def test_assign_rejects_bad_arguments(scores, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        assign(scores, **kwargs)


def test_assign_needs_the_frame_columns(corpus):
    leaves = count_frames(corpus, TINY, categories="leaves", progress=False)
    with pytest.raises(ValueError, match=r"needs the columns \['military'"):
        assign(leaves, score="count")
    assert list(assign(leaves).columns) == ["military", "financial", "media"]
    with pytest.raises(ValueError, match="cannot tell the frames"):
        assign(pd.DataFrame({"x": [1]}))
    with pytest.raises(TypeError, match="counts must be a pandas DataFrame"):
        assign({"military_score": [1]})


# ---------------------------------------------------------------------- real corpus
AR_TINY = Dictionary.from_dict({
    "scope": [{"ar": ["إرهاب*", "ارهاب*"]}],
    "military": {"requires": ["scope"], "entries": [{"ar": ["الجيش", "عسكري*", "أمني*", "عملية عسكرية"]}]},
    "political": [{"ar": ["حكوم*", "رئيس", "وزير*"]}],
})


@pytest.fixture(scope="module")
def ant_sample() -> Corpus:
    from toolkit import read_corpus

    politic = read_corpus(require_shared("ant_corpus_ar"), layout="ant", include="politic/*")
    texts = politic.texts
    about = texts[texts.str.contains("[إا]رهاب", regex=True)].index.tolist()[:15]
    others = [i for i in politic.doc_ids if i not in about][:5]
    return politic.subset(doc_ids=about + others)


def _dictionaries_for_real_data() -> list[Dictionary | str]:
    out: list[Dictionary | str] = [AR_TINY]
    if "terrorism_frames" in builtin_dictionaries():
        try:
            load_dictionary("terrorism_frames")
        except DictionaryError:  # still being written: the tiny dictionary covers the checks
            return out
        out.append("terrorism_frames")
    return out


@pytest.mark.integration
@pytest.mark.parametrize("dictionary", _dictionaries_for_real_data(), ids=lambda d: getattr(d, "name", d) or "ar")
def test_counting_a_sample_of_ant(ant_sample, dictionary):
    d = load_dictionary(dictionary)
    assert len(ant_sample) == 20
    matcher = Matcher(d)
    _assert_sums(ant_sample, d, "paragraph", matcher)
    counts = count_frames(ant_sample, matcher=matcher, unit="sentence", progress=False)
    hits = frame_hits(ant_sample, matcher=matcher, unit="sentence")
    _assert_traceable(counts, hits[hits["counted"]], d, "sentence")
    assert counts["scope"].sum() > 0 and (counts["category"] == "politic").all()
    texts = ant_sample.texts
    assert all(texts[r.doc_id][r.char_start:r.char_end] == r.surface for r in hits.itertuples())
    ids = ant_sample.doc_ids
    chunks = pd.concat([count_frames(ant_sample.subset(doc_ids=ids[:7]), matcher=matcher, progress=False),
                        count_frames(ant_sample.subset(doc_ids=ids[7:]), matcher=matcher, progress=False)],
                       ignore_index=True)
    pd.testing.assert_frame_equal(chunks, count_frames(ant_sample, matcher=matcher, progress=False))
    assert assign(counts).shape == (len(counts), len(d.frames))
