"""Tests for toolkit.dtm: the Vectorizer (scikit-learn contract), the DTM and dtm()."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.pipeline import make_pipeline

from conftest import require_shared
from toolkit.corpus import Corpus, read_records
from toolkit.dtm import DTM, Vectorizer, dtm
from toolkit.errors import DuplicateIdError
from toolkit.text.preprocess import Preprocessor

EN = Preprocessor(lang="en")

# three documents whose tokens are their whitespace-separated words
THREE = ["the cat sat", "the cat ate the fish", "a fish sat"]
# hand-counted unigrams and bigrams, features in sorted order
THREE_FEATURES = ["a", "a fish", "ate", "ate the", "cat", "cat ate", "cat sat", "fish", "fish sat", "sat",
                  "the", "the cat", "the fish"]
THREE_COUNTS = {
    0: {"the": 1, "cat": 1, "sat": 1, "the cat": 1, "cat sat": 1},
    1: {"the": 2, "cat": 1, "ate": 1, "fish": 1, "the cat": 1, "cat ate": 1, "ate the": 1, "the fish": 1},
    2: {"a": 1, "fish": 1, "sat": 1, "a fish": 1, "fish sat": 1},
}

LATIN = ["the council condemns the attack", "the attack on the embassy", "council members condemn terrorism",
         "terrorism and the financing of terrorism", "the embassy", "members of the council meet"]

MIXED_RECORDS = [
    {"doc_id": "ar1", "text": "أدان المجلس الإرهاب والإرهاب", "lang": "ar", "source": "MAP", "year": 2015},
    {"doc_id": "fr1", "text": "Le Conseil condamne le terrorisme à Paris", "lang": "fr", "source": "AFP",
     "year": 2016},
    {"doc_id": "en1", "text": "The Council condemns terrorism in Paris", "lang": "en", "source": "UN", "year": 2016},
]


def assert_docvars_aligned(m: DTM) -> None:
    """quanteda's invariant: exactly one docvars row per document, in row order, unique doc_id."""
    assert isinstance(m.counts, sparse.csr_matrix) and m.counts.dtype == np.int64
    assert len(m.docvars) == m.counts.shape[0] == m.n_docs
    assert m.docvars.index.name == "doc_id" and m.docvars.index.is_unique
    assert len(m.feature_names) == m.counts.shape[1] == m.n_features
    assert len(set(m.feature_names.tolist())) == m.n_features


def as_dict(matrix, names) -> list[dict[str, int]]:
    dense = matrix.toarray()
    return [{names[j]: int(v) for j, v in enumerate(row) if v} for row in dense]


def one_shot(items):
    """An iterator that fails if anyone tries to read it twice."""
    state = {"used": False}

    def gen():
        assert not state["used"], "the documents were read twice"
        state["used"] = True
        yield from items

    return gen()


# ---------------------------------------------------------------------- counting
def test_vectorizer_counts_hand_computed_ngrams():
    vec = Vectorizer(preprocessor=EN, ngram_range=(1, 2))
    X = vec.fit_transform(THREE)
    names = vec.get_feature_names_out().tolist()
    assert names == THREE_FEATURES
    assert as_dict(X, names) == [THREE_COUNTS[i] for i in range(3)]
    assert vec.vocabulary_ == {f: j for j, f in enumerate(THREE_FEATURES)}


@pytest.mark.parametrize(("params", "expected"), [
    ({"min_df": 2}, ["cat", "fish", "sat", "the", "the cat"]),
    ({"min_df": 0.9}, None),  # nothing occurs in all three documents
    ({"max_df": 0.5}, ["a", "a fish", "ate", "ate the", "cat ate", "cat sat", "fish sat", "the fish"]),
    ({"max_df": 1}, ["a", "a fish", "ate", "ate the", "cat ate", "cat sat", "fish sat", "the fish"]),
    ({"max_features": 1}, ["the"]),
    ({"ngram_range": (2, 2), "min_df": 2}, ["the cat"]),
])
def test_vectorizer_pruning_hand_computed(params, expected):
    vec = Vectorizer(preprocessor=EN, **{"ngram_range": (1, 2), **params})
    if expected is None:
        with pytest.raises(ValueError, match="After pruning, no terms remain. Try a lower min_df or a higher max_df"):
            vec.fit(THREE)
    else:
        vec.fit(THREE)
        assert vec.get_feature_names_out().tolist() == expected


@pytest.mark.parametrize("params", [
    {}, {"ngram_range": (1, 2)}, {"ngram_range": (2, 3)}, {"min_df": 2}, {"min_df": 0.3}, {"max_df": 0.5},
    {"max_df": 3}, {"max_features": 4}, {"ngram_range": (1, 3), "min_df": 2, "max_df": 0.8, "max_features": 5},
])
def test_vectorizer_matches_sklearn_on_whitespace_tokens(params):
    ours = Vectorizer(preprocessor=EN, **params)
    ref = CountVectorizer(token_pattern=r"\S+", lowercase=False, **params)
    X, R = ours.fit_transform(LATIN), ref.fit_transform(LATIN)
    assert ours.get_feature_names_out().tolist() == ref.get_feature_names_out().tolist()
    assert (X != R).nnz == 0
    new = ["the council and the embassy", "nothing known here"]
    assert (ours.transform(new) != ref.transform(new)).nnz == 0


def test_vectorizer_transform_ignores_unknown_features():
    vec = Vectorizer(preprocessor=EN).fit(THREE)
    X = vec.transform(["the dog sat", "unknown words"])
    assert as_dict(X, vec.get_feature_names_out()) == [{"the": 1, "sat": 1}, {}]


def test_vectorizer_fit_then_transform_equals_fit_transform():
    a = Vectorizer(preprocessor=EN, ngram_range=(1, 2))
    b = clone(a)
    assert (a.fit_transform(LATIN) != b.fit(LATIN).transform(LATIN)).nnz == 0


@pytest.mark.parametrize("make", [
    lambda: Corpus.from_records([{"doc_id": str(i), "text": t, "lang": "en"} for i, t in enumerate(THREE)]),
    lambda: list(THREE),
    lambda: pd.Series(THREE),
    lambda: [(t, "en") for t in THREE],
    lambda: ((t, "en") for t in THREE),
    lambda: one_shot([{"text": t, "lang": "en"} for t in THREE]),
    lambda: pd.DataFrame({"text": THREE, "lang": "en"}),
], ids=["corpus", "list", "series", "pairs", "generator", "records", "frame"])
def test_vectorizer_accepts_every_input_form(make):
    vec = Vectorizer(preprocessor=EN, ngram_range=(1, 2))
    X = vec.fit_transform(make())
    assert vec.get_feature_names_out().tolist() == THREE_FEATURES
    assert as_dict(X, THREE_FEATURES) == [THREE_COUNTS[i] for i in range(3)]


@pytest.mark.parametrize(("X", "error", "match"), [
    ("one string", ValueError, "string object received"),
    ([None, "x"], TypeError, "document 0"),
    ([("x", "en"), (None, "en")], TypeError, "document 1: the text must be a str"),
    ([{"body": "x"}], ValueError, "needs a 'text' key"),
    ([("x", 3)], TypeError, "lang must be a str"),
    (42, TypeError, "got int"),
])
def test_vectorizer_rejects_bad_documents(X, error, match):
    with pytest.raises(error, match=match):
        Vectorizer(preprocessor=EN).fit(X)


def test_vectorizer_empty_vocabulary_error_is_sklearns():
    with pytest.raises(ValueError, match="empty vocabulary"):
        Vectorizer(preprocessor=EN).fit(["2015 ,", ""])


# ---------------------------------------------------------------------- scikit-learn contract
@pytest.mark.parametrize(("params", "error", "match"), [
    ({"ngram_range": (2, 1)}, ValueError, "ngram_range"),
    ({"ngram_range": (0, 1)}, ValueError, "ngram_range"),
    ({"ngram_range": "1,2"}, ValueError, "ngram_range"),
    ({"min_df": -1}, ValueError, "'min_df' parameter of Vectorizer"),
    ({"min_df": 1.5}, ValueError, "'min_df'"),
    ({"max_df": 2.0}, ValueError, "'max_df'"),
    ({"max_features": 0}, ValueError, "'max_features'"),
    ({"tag_language": "yes"}, ValueError, "tag_language='yes' is invalid"),
    ({"preprocessor": "en"}, TypeError, "Preprocessor"),
])
def test_vectorizer_validates_in_fit_not_init(params, error, match):
    vec = Vectorizer(**params)  # storing parameters never fails
    assert vec.get_params()[next(iter(params))] == next(iter(params.values()))
    with pytest.raises(error, match=match):
        vec.fit(THREE)


def test_vectorizer_get_set_params_and_clone():
    vec = Vectorizer(preprocessor=EN, ngram_range=(1, 2), min_df=2, max_features=10, tag_language=True)
    params = vec.get_params()
    assert set(params) == {"preprocessor", "ngram_range", "min_df", "max_df", "max_features", "tag_language", "dtype"}
    twin = clone(vec)
    assert twin is not vec and twin.get_params() == params
    assert not hasattr(twin, "vocabulary_")
    assert vec.set_params(min_df=1) is vec and vec.min_df == 1
    assert Vectorizer(**params).get_params() == params


def test_vectorizer_not_fitted():
    with pytest.raises(NotFittedError):
        Vectorizer().transform(THREE)
    with pytest.raises(NotFittedError):
        Vectorizer().get_feature_names_out()


def test_vectorizer_fitted_attributes():
    vec = Vectorizer(preprocessor=EN).fit(THREE)
    assert vec.preprocessor_ is EN
    assert vec.preprocessor_fingerprint_ == EN.fingerprint
    assert vec.languages_ == ["en"] and vec.tagged_ is False
    assert Vectorizer().fit(THREE).preprocessor_ == Preprocessor()


def test_vectorizer_pickles_when_fitted():
    vec = Vectorizer(preprocessor=Preprocessor(stop_words=True, stemmer="snowball"), ngram_range=(1, 2))
    X = vec.fit_transform(MIXED_RECORDS)
    back = pickle.loads(pickle.dumps(vec))
    assert back.get_feature_names_out().tolist() == vec.get_feature_names_out().tolist()
    assert (back.transform(MIXED_RECORDS) != X).nnz == 0


def test_vectorizer_in_a_pipeline():
    pipe = make_pipeline(Vectorizer(preprocessor=EN), TfidfTransformer())
    X = pipe.fit_transform(LATIN)
    assert X.shape == (len(LATIN), len(pipe[0].get_feature_names_out()))


# ---------------------------------------------------------------------- languages
def test_vectorizer_mixed_languages_tag_features():
    vec = Vectorizer().fit(MIXED_RECORDS)
    names = vec.get_feature_names_out().tolist()
    assert vec.tagged_ and vec.languages_ == ["ar", "en", "fr"]
    assert {n.split(":", 1)[0] for n in names} == {"ar", "en", "fr"}
    assert {"ar:الارهاب", "fr:terrorisme", "en:terrorism", "fr:paris", "en:paris"} <= set(names)
    X = vec.transform(MIXED_RECORDS)
    assert X[0, vec.vocabulary_["ar:الارهاب"]] == 2  # الإرهاب والإرهاب: conservative clitics merge them


def test_vectorizer_tag_language_false_merges_languages():
    vec = Vectorizer(tag_language=False)
    X = vec.fit_transform(MIXED_RECORDS)
    assert not vec.tagged_
    assert X[:, vec.vocabulary_["paris"]].sum() == 2


@pytest.mark.parametrize(("tag_language", "expected"), [
    ("auto", ["cat", "sat"]), (True, ["en:cat", "en:sat"]), (False, ["cat", "sat"]),
])
def test_vectorizer_tag_language_single_language(tag_language, expected):
    vec = Vectorizer(tag_language=tag_language).fit([("cat sat", "en")])
    assert vec.get_feature_names_out().tolist() == expected
    assert as_dict(vec.transform([("sat sat", "en")]), expected) == [{expected[1]: 2}]


def test_vectorizer_undetermined_language_tag():
    vec = Vectorizer().fit([("terror", None), ("terreur", "fr")])
    assert vec.get_feature_names_out().tolist() == ["fr:terreur", "und:terror"]


def test_vectorizer_preprocessor_lang_is_the_default_language():
    vec = Vectorizer(preprocessor=Preprocessor(lang="fr")).fit([("terreur", None), ("terreur", "fr")])
    assert vec.languages_ == ["fr"] and vec.get_feature_names_out().tolist() == ["terreur"]


def test_vectorizer_unseen_language_gives_empty_row_when_tagged():
    vec = Vectorizer().fit([("terror", "en"), ("terreur", "fr")])
    assert vec.transform([("terror", "de")]).nnz == 0


@pytest.mark.parametrize("records", [MIXED_RECORDS, MIXED_RECORDS[1:2]], ids=["mixed", "single"])
def test_vectorizer_stream_decides_tags_like_a_list(records):
    listed = Vectorizer(ngram_range=(1, 2))
    X = listed.fit_transform(list(records))
    streamed = Vectorizer(ngram_range=(1, 2))
    Y = streamed.fit_transform(one_shot(records))
    assert streamed.get_feature_names_out().tolist() == listed.get_feature_names_out().tolist()
    assert (X != Y).nnz == 0


# ---------------------------------------------------------------------- DTM and dtm()
@pytest.fixture
def mixed_corpus() -> Corpus:
    return Corpus.from_records(MIXED_RECORDS)


def test_dtm_from_corpus_keeps_docvars_and_preprocessor(mixed_corpus):
    pre = Preprocessor(stop_words=True)
    m = dtm(mixed_corpus, preprocessor=pre, ngram_range=(1, 2))
    assert_docvars_aligned(m)
    assert m.doc_ids == ["ar1", "fr1", "en1"]
    pd.testing.assert_frame_equal(m.docvars, mixed_corpus.docvars)
    assert m.preprocessor is pre
    assert m.params == {"ngram_range": (1, 2), "min_df": 1, "max_df": 1.0, "max_features": None,
                        "tag_language": "auto", "tagged": True, "languages": ["ar", "en", "fr"]}
    assert pre.fingerprint in repr(m) and "3 documents" in repr(m)
    assert "fr:le" not in m.feature_names  # stop words removed per document language


@pytest.mark.parametrize("operation", [
    lambda m: m,
    lambda m: m.subset("year == 2016"),
    lambda m: m.subset(mask=[True, False, True]),
    lambda m: m.subset(doc_ids=["en1"]),
    lambda m: m.subset("year > 3000"),
    lambda m: m.subset("year == 2016").subset(mask=[False, True]),
    lambda m: pickle.loads(pickle.dumps(m)),
], ids=["identity", "query", "mask", "doc_ids", "empty", "chained", "pickled"])
def test_dtm_docvars_aligned_after_every_operation(mixed_corpus, operation):
    m = dtm(mixed_corpus)
    out = operation(m)
    assert_docvars_aligned(out)
    assert out.n_features == m.n_features
    full = m.to_frame()
    pd.testing.assert_frame_equal(out.to_frame(), full.loc[out.doc_ids])
    pd.testing.assert_frame_equal(out.docvars, m.docvars.loc[out.doc_ids])
    assert out.preprocessor == m.preprocessor


def test_dtm_subset_values(mixed_corpus):
    m = dtm(mixed_corpus)
    sub = m.subset("source == 'AFP' or source == 'UN'")
    assert sub.doc_ids == ["fr1", "en1"]
    assert sub.counts.sum() == m.counts[1:].sum()


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"query": "no_such_docvar == 1"}, ValueError),
    ({"mask": [True]}, ValueError),
    ({"doc_ids": ["zz"]}, KeyError),
])
def test_dtm_subset_errors(mixed_corpus, kwargs, error):
    with pytest.raises(error):
        dtm(mixed_corpus).subset(**kwargs)


def test_dtm_to_frame_and_term_frequencies():
    m = dtm([{"doc_id": "a", "text": "war on terror terror", "lang": "en"},
             {"doc_id": "b", "text": "terror war", "lang": "en"}], preprocessor=EN)
    frame = m.to_frame()
    assert all(isinstance(dt, pd.SparseDtype) for dt in frame.dtypes)
    assert frame.index.tolist() == ["a", "b"] and frame.columns.tolist() == ["on", "terror", "war"]
    np.testing.assert_array_equal(frame.sparse.to_dense().to_numpy(), [[1, 2, 1], [0, 1, 1]])
    tf = m.term_frequencies()
    assert tf.to_dict() == {"terror": 3, "war": 2, "on": 1} and tf.index.tolist() == ["terror", "war", "on"]
    assert m.feature_index("war") == 2
    with pytest.raises(KeyError, match="no feature"):
        m.feature_index("peace")


def test_dtm_records_without_ids_are_numbered_and_lang_recorded():
    m = dtm(["a b", "b c"], preprocessor=EN)
    assert m.doc_ids == ["0", "1"]
    assert m.docvars["lang"].isna().all()
    assert_docvars_aligned(m)


def test_dtm_duplicate_record_ids():
    with pytest.raises(DuplicateIdError, match="repeated"):
        dtm([{"doc_id": "x", "text": "a"}, {"doc_id": "x", "text": "b"}], preprocessor=EN)


def test_dtm_rejects_unknown_parameters():
    with pytest.raises(TypeError):
        dtm(THREE, min_dff=2)
    with pytest.raises(TypeError, match="int64"):
        dtm(THREE, dtype=np.float64)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"docvars": pd.DataFrame({"x": [1]}, index=pd.Index(["a"], name="doc_id"))}, "one docvars row per document"),
    ({"feature_names": np.array(["a", "a"])}, "unique"),
    ({"feature_names": np.array(["a"])}, "1 names for 2 columns"),
    ({"docvars": pd.DataFrame({"x": [1, 2]})}, "doc_id"),
])
def test_dtm_constructor_enforces_alignment(kwargs, match):
    good = {"counts": sparse.csr_matrix(np.ones((2, 2), dtype=np.int64)), "feature_names": np.array(["a", "b"]),
            "docvars": pd.DataFrame({"x": [1, 2]}, index=pd.Index(["d1", "d2"], name="doc_id")),
            "preprocessor": EN}
    with pytest.raises(ValueError, match=match):
        DTM(**{**good, **kwargs})


# ---------------------------------------------------------------------- streaming from disk
@pytest.fixture
def folder(tmp_path):
    for rec in MIXED_RECORDS:
        (tmp_path / f"{rec['doc_id']}_{rec['lang']}.txt").write_text(rec["text"], encoding="utf-8")
    with open(tmp_path / "more_en.jsonl", "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"doc_id": "en2", "text": "Terrorism in Paris", "lang": "en"}) + "\n")
    return tmp_path


def test_dtm_streams_records_from_disk(folder, mixed_corpus):
    records = read_records(folder, include="*.txt", filename_pattern="{doc_id}_{lang}.txt", show_progress=False)
    m = dtm(records)
    assert_docvars_aligned(m)
    assert sorted(m.doc_ids) == ["ar1", "en1", "fr1"]
    assert "path" in m.docvars.columns and "_path" not in m.docvars.columns
    ref = dtm(mixed_corpus).subset(doc_ids=m.doc_ids)
    order = [ref.doc_ids.index(d) for d in m.doc_ids]
    assert m.feature_names.tolist() == ref.feature_names.tolist()
    assert (m.counts != ref.counts[order]).nnz == 0


def test_vectorizer_streams_pairs_from_disk(folder):
    pairs = ((r["text"], r["lang"]) for r in read_records(folder, show_progress=False,
                                                          filename_pattern="{doc_id}_{lang}.*"))
    vec = Vectorizer(preprocessor=Preprocessor(stop_words=True))
    X = vec.fit_transform(pairs)
    assert X.shape[0] == 4 and vec.languages_ == ["ar", "en", "fr"]
    assert X[:, vec.vocabulary_["en:terrorism"]].sum() == 2


@pytest.mark.integration
def test_dtm_streams_real_arabic_folder():
    path = require_shared("ant_corpus_ar", "data", "politic")
    n_files = sum(1 for _ in read_records(path, show_progress=False))
    m = dtm(read_records(path, show_progress=False), preprocessor=Preprocessor(lang="ar"), min_df=2)
    assert_docvars_aligned(m)
    assert m.n_docs == n_files > 50
    assert m.params["languages"] == ["ar"] and not m.params["tagged"]
    features = set(m.feature_names.tolist())
    assert "الارهاب" in features
    assert not {"والارهاب", "بالارهاب", "للارهاب", "الإرهاب"} & features  # clitics split, alef unified
    assert not any("\u064b" <= c <= "\u065f" for f in features for c in f)  # no harakat left


# ---------------------------------------------------------------------- property
_words = st.sampled_from(["terror", "war", "والإرهاب", "الإرهاب", "في", "L'État", "don't", "2015", ",", "؟",
                          "counter-terrorism", "la", "Paris"])
_docs = st.lists(st.tuples(st.lists(_words, max_size=8).map(" ".join), st.sampled_from(["ar", "fr", "en", None])),
                 min_size=1, max_size=5)


@settings(max_examples=40, deadline=None)
@given(docs=_docs, tag=st.sampled_from(["auto", True, False]))
def test_dtm_total_counts_equal_total_tokens(docs, tag):
    pre = Preprocessor()
    n_tokens = [len(pre(text, lang)) for text, lang in docs]
    vec = Vectorizer(preprocessor=pre, tag_language=tag)
    if sum(n_tokens) == 0:
        with pytest.raises(ValueError, match="empty vocabulary"):
            vec.fit(docs)
        return
    X = vec.fit_transform(docs)
    assert X.sum() == sum(n_tokens)
    np.testing.assert_array_equal(np.asarray(X.sum(axis=1)).ravel(), n_tokens)


def test_dtm_counts_are_canonical_and_the_callers_matrix_is_left_alone():
    from toolkit.dtm import DTM
    from toolkit.text import Preprocessor

    raw = sparse.csr_matrix((np.array([3, 1, 2, 4]), np.array([2, 0, 1, 1]), np.array([0, 2, 4])), shape=(2, 3))
    before = raw.indices.copy(), raw.data.copy()
    m = DTM(raw, np.array(["a", "b", "c"]), pd.DataFrame(index=pd.Index(["d0", "d1"], name="doc_id")), Preprocessor())
    assert m.counts.has_canonical_format
    assert m.counts.toarray().tolist() == [[1, 0, 3], [0, 6, 0]]  # duplicates summed
    np.testing.assert_array_equal(raw.indices, before[0])
    np.testing.assert_array_equal(raw.data, before[1])
