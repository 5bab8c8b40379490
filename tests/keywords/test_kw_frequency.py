"""frequencies(): raw, per-million and document frequencies, overall and by docvar groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from toolkit.corpus import Corpus
from toolkit.dtm import DTM, dtm
from toolkit.keywords import frequencies
from toolkit.keywords.frequency import FREQUENCY_COLUMNS, as_dtm
from toolkit.text import Preprocessor

RECORDS = [
    {"doc_id": "u1", "text": "Terrorism and terrorism.", "lang": "en", "year": 2001, "source": "UN"},
    {"doc_id": "u2", "text": "Peace and development.", "lang": "en", "year": 2002, "source": "UN"},
    {"doc_id": "u3", "text": "Terrorism, peace.", "lang": "en", "year": 2002, "source": "AU"},
    {"doc_id": "u4", "text": "Peace.", "lang": "en", "year": None, "source": "AU"},
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.from_records(RECORDS)


def test_frequency_overall_by_hand(corpus):
    table = frequencies(corpus)
    assert tuple(table.columns) == FREQUENCY_COLUMNS
    # tokens: terrorism and terrorism | peace and development | terrorism peace | peace -> 9
    assert table["feature"].tolist() == ["peace", "terrorism", "and", "development"]
    assert table["freq"].tolist() == [3, 3, 2, 1]
    assert table["doc_freq"].tolist() == [3, 2, 2, 1]
    assert set(table["n_docs"]) == {4} and set(table["total_tokens"]) == {9}
    np.testing.assert_allclose(table["per_million"], np.array([3, 3, 2, 1]) / 9 * 1e6)
    assert table["freq"].sum() == table["total_tokens"].iloc[0]


def test_frequency_by_one_docvar_leaves_out_missing_groups(corpus):
    table = frequencies(corpus, by="year")
    assert list(table.columns) == ["year", *FREQUENCY_COLUMNS]
    assert table["year"].unique().tolist() == [2001, 2002]           # u4 has no year
    y2002 = table[table["year"] == 2002].set_index("feature")
    # 2002: "peace and development" + "terrorism peace" -> 5 tokens, 2 documents
    assert y2002.loc["peace", ["freq", "doc_freq", "n_docs", "total_tokens"]].tolist() == [2, 2, 2, 5]
    assert y2002.loc["terrorism", "per_million"] == pytest.approx(1 / 5 * 1e6)
    assert table.attrs["by"] == ["year"]


def test_frequency_by_two_docvars(corpus):
    table = frequencies(corpus, by=["source", "year"])
    groups = table[["source", "year"]].drop_duplicates().values.tolist()
    assert groups == [["AU", 2002], ["UN", 2001], ["UN", 2002]]
    au = table[(table["source"] == "AU")]
    assert au[["feature", "freq"]].values.tolist() == [["peace", 1], ["terrorism", 1]]


def test_frequency_sums_match_the_dtm(corpus):
    m = dtm(corpus)
    table = frequencies(m)
    expected = m.term_frequencies()
    assert dict(zip(table["feature"], table["freq"])) == expected.to_dict()
    by_source = frequencies(m, by="source")
    assert by_source.groupby("feature")["freq"].sum().to_dict() == expected.to_dict()


def test_frequency_arabic_clitic_forms_are_one_feature():
    corpus = Corpus.from_records([
        {"doc_id": "m1", "text": "مكافحة الإرهاب والإرهاب", "lang": "ar"},
        {"doc_id": "m2", "text": "تمويل بالإرهاب للإرهاب", "lang": "ar"},
    ])
    table = frequencies(corpus).set_index("feature")
    assert table.loc["الارهاب", ["freq", "doc_freq"]].tolist() == [4, 2]
    assert not {"والارهاب", "بالارهاب", "للارهاب"} & set(table.index)


def test_frequency_uses_the_preprocessor_given(corpus):
    table = frequencies(corpus, preprocessor=Preprocessor(stop_words=True))
    assert "and" not in set(table["feature"])
    assert table.attrs["preprocessor"]["stop_words"] is True


@settings(max_examples=25)
@given(st.lists(st.lists(st.integers(0, 4), min_size=3, max_size=3), min_size=1, max_size=8),
       st.lists(st.sampled_from(["x", "y", "z"]), min_size=8, max_size=8))
def test_frequency_groups_add_up(rows, labels):
    counts = np.asarray(rows)
    docvars = pd.DataFrame({"g": labels[:len(rows)], "lang": "en"},
                           index=pd.Index([f"d{i}" for i in range(len(rows))], name="doc_id"))
    m = DTM(sparse.csr_matrix(counts), ["a", "b", "c"], docvars, Preprocessor())
    table = frequencies(m, by="g")
    assert (table["freq"] > 0).all()
    assert table.groupby("feature")["freq"].sum().to_dict() == {f: int(n) for f, n in zip("abc", counts.sum(0)) if n}
    for _, group in table.groupby("g"):
        assert group["freq"].sum() == group["total_tokens"].iloc[0]
        assert (group["doc_freq"] <= group["n_docs"]).all()
        assert group["freq"].is_monotonic_decreasing


def test_frequency_errors(corpus):
    m = dtm(corpus)
    with pytest.raises(ValueError, match="no docvar 'decade'"):
        frequencies(m, by="decade")
    with pytest.raises(ValueError, match="preprocessor= applies to a Corpus only"):
        frequencies(m, preprocessor=Preprocessor(stop_words=True))
    with pytest.raises(TypeError, match="needs a toolkit.dtm.DTM or a toolkit.corpus.Corpus"):
        frequencies(["terrorism"])
    with pytest.raises(TypeError, match="docvar name"):
        frequencies(m, by=3)
    assert as_dtm(m, m.preprocessor) is m      # the DTM's own preprocessor is not an error
