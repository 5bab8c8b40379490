"""The Corpus object: invariants (unique ids, texts unchanged, one docvars row per document)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import STANDARD_DOCVARS, Corpus
from toolkit.errors import DuplicateIdError

AR = "أكد البيان ضرورة تجفيف منابع تمويل الإرهاب،وشدد على دور الإعلام. هل ينجح التحالف؟ نعم!"
FR = "Le Conseil condamne l'attentat. M. Dupont a parlé à 15 h.\n\nLa France frappera Daech."
EN = "The Council met on 3.5 occasions. Mr. Smith spoke.\n\nThe U.S. delegation agreed."


@pytest.fixture
def corpus() -> Corpus:
    return Corpus.from_records([
        {"doc_id": "ar1", "text": AR, "date": "26 دجنبر 2017", "lang": "ar", "source": "MAP"},
        {"doc_id": "fr1", "text": FR, "date": "16/11/2015", "lang": "fr", "source": "AFP"},
        {"doc_id": "en1", "text": EN, "date": "2001", "lang": "en", "source": "UN", "extra": 7},
    ])


def assert_docvars_invariant(c: Corpus) -> None:
    """quanteda's invariant: one docvars row per document, ids unique and aligned."""
    frame = c.to_frame()
    assert len(c.docvars) == len(c) == len(c.texts) == len(frame)
    assert c.docvars.index.equals(c.texts.index)
    assert frame.index.is_unique
    assert list(frame.columns[:1 + len(STANDARD_DOCVARS)]) == ["text", *STANDARD_DOCVARS]


def test_corpus_standard_docvars_and_types(corpus):
    assert_docvars_invariant(corpus)
    dv = corpus.docvars
    assert str(dv["date"].dtype) == "datetime64[ns]"
    assert dv.loc["ar1", "date"] == pd.Timestamp("2017-12-26")
    assert dv.loc["en1", "date_precision"] == "year"
    assert pd.isna(dv.loc["ar1", "extra"]) and dv.loc["en1", "extra"] == 7


def test_corpus_repr_is_short(corpus):
    assert repr(corpus) == "<Corpus: 3 documents, 2001-01-01 to 2017-12-26, langs ar, en, fr, 3 sources>"


def test_corpus_texts_never_change(corpus):
    texts = corpus.texts
    texts.iloc[0] = "changed"
    frame = corpus.to_frame()
    frame.loc["ar1", "text"] = "changed"
    dv = corpus.docvars
    dv.loc["ar1", "lang"] = "xx"
    assert corpus["ar1"] == AR and corpus.docvars.loc["ar1", "lang"] == "ar"
    for derived in (corpus.subset(lang="ar"), corpus.sample(2, random_state=0), corpus.paragraphs()):
        assert_docvars_invariant(derived)
    assert corpus["ar1"] == AR


def test_corpus_rejects_duplicate_ids_and_missing_text():
    with pytest.raises(DuplicateIdError, match="repeated"):
        Corpus(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(ValueError, match="'text' column"):
        Corpus(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))
    with pytest.raises(ValueError, match="must be a string"):
        Corpus(pd.DataFrame({"doc_id": ["a"], "text": [None]}))
    with pytest.raises(TypeError, match="from_records"):
        Corpus([{"text": "x"}])


@pytest.mark.parametrize("kwargs, expected", [
    ({"query": "lang == 'ar'"}, ["ar1"]),
    ({"query": "date >= '2015-12-15'"}, ["ar1"]),
    ({"source": ["AFP", "UN"]}, ["fr1", "en1"]),
    ({"mask": [True, False, True]}, ["ar1", "en1"]),
    ({"doc_ids": ["en1", "fr1"]}, ["fr1", "en1"]),
    ({"query": "lang != 'ar'", "source": "UN"}, ["en1"]),
])
def test_corpus_subset(corpus, kwargs, expected):
    if "query" in kwargs:
        sub = corpus.subset(kwargs.pop("query"), **kwargs)
    else:
        sub = corpus.subset(**kwargs)
    assert sub.doc_ids == expected


@pytest.mark.parametrize("kwargs, error", [
    ({"query": "nonexistent > 3"}, "cannot evaluate"),
    ({"mask": [True]}, "one value per document"),
    ({"colour": "red"}, "docvar='colour' is invalid"),
])
def test_corpus_subset_errors(corpus, kwargs, error):
    query = kwargs.pop("query", None)
    with pytest.raises(ValueError, match=error):
        corpus.subset(query, **kwargs)


def test_corpus_sample_is_seeded(corpus):
    a, b = corpus.sample(2, random_state=42), corpus.sample(2, random_state=42)
    assert a.doc_ids == b.doc_ids and a.meta["sample_seed"] == 42
    c = corpus.sample(2)
    assert corpus.sample(2, random_state=c.meta["sample_seed"]).doc_ids == c.doc_ids
    boot = corpus.sample(6, replace=True, random_state=1)
    assert len(boot) == 6 and boot.to_frame().index.is_unique
    with pytest.raises(ValueError, match="replace=True"):
        corpus.sample(4, random_state=0)
    with pytest.raises(ValueError, match="exactly one"):
        corpus.sample(random_state=0)


def test_corpus_describe(corpus):
    s = corpus.describe()
    assert (s.n_docs, s.date_min, s.date_max, s.n_skipped) == (3, "2001-01-01", "2017-12-26", 0)
    assert s.langs == {"ar": 1, "en": 1, "fr": 1}
    assert s.n_tokens == sum(len(t.split()) for t in (AR, FR, EN))
    assert '"n_docs": 3' in s.to_json() and "documents   3" in str(s)


def test_corpus_units_keep_parent_and_spans(corpus):
    for units in (corpus.paragraphs(), corpus.sentences()):
        frame = units.to_frame()
        assert_docvars_invariant(units)
        for doc_id, group in frame.groupby("parent_id", sort=False):
            parent = corpus[doc_id]
            assert group["unit_index"].tolist() == list(range(len(group)))
            for row in group.itertuples():
                assert parent[row.char_start:row.char_end] == row.text
            assert (group["lang"] == corpus.docvars.loc[doc_id, "lang"]).all()
    paragraphs = corpus.paragraphs()
    assert paragraphs.to_frame().groupby("parent_id").size().to_dict() == {"ar1": 1, "en1": 2, "fr1": 2}
    sentences = corpus.sentences().to_frame()
    assert sentences.loc[sentences.parent_id == "ar1", "text"].tolist() == [
        "أكد البيان ضرورة تجفيف منابع تمويل الإرهاب،وشدد على دور الإعلام.", "هل ينجح التحالف؟", "نعم!"]
    assert "Mr. Smith spoke." in sentences.loc[sentences.parent_id == "en1", "text"].tolist()
    with pytest.raises(ValueError, match="already made of units"):
        paragraphs.paragraphs()


def test_corpus_parquet_round_trip(corpus, tmp_path):
    path = corpus.to_parquet(tmp_path / "sub" / "c.parquet")
    back = Corpus.read_parquet(path)
    pd.testing.assert_frame_equal(back.to_frame(), corpus.to_frame(), check_dtype=False)
    assert back.to_frame()["date"].dtype == corpus.to_frame()["date"].dtype
    assert list(tmp_path.joinpath("sub").iterdir()) == [path]  # no temporary file left behind


def test_corpus_read_parquet_error_names_file(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    with pytest.raises(ValueError, match="bad.parquet"):
        Corpus.read_parquet(bad)


def test_corpus_concat_and_duplicates(corpus):
    wire = "وكالة الأنباء: " + AR + " (واس)"
    both = Corpus.concat([corpus, Corpus.from_records([{"doc_id": "copy", "text": wire, "lang": "ar"}])])
    assert len(both) == 4
    report = both.find_duplicates(threshold=0.5)
    assert set(report["doc_id"]) == {"ar1", "copy"}
    assert both.drop_duplicates(threshold=0.5).doc_ids == ["ar1", "fr1", "en1"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab الإرهاب.؟!\n،")), max_size=80), min_size=1, max_size=5))
def test_corpus_units_rejoin_to_document(texts):
    c = Corpus.from_records([{"text": t, "lang": "ar"} for t in texts])
    for units in (c.paragraphs(), c.sentences()):
        frame = units.to_frame()
        for doc_id, text in c.items():
            joined = "".join(frame.loc[frame["parent_id"] == doc_id, "text"])
            assert re.sub(r"\s+", "", joined) == re.sub(r"\s+", "", text)
