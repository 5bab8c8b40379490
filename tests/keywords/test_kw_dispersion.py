"""Dispersion: Juilland's D, Gries' DP and DPnorm pinned to published examples; positions for x-ray plots."""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import Corpus
from toolkit.dtm import dtm
from toolkit.keywords.dispersion import dispersion, dispersion_positions
from toolkit.text import Preprocessor

# Gries (2008: 406) / Gries (2020, "Analyzing dispersion", p. 3): five parts of 9, 10, 10, 10, 11 letters
GRIES = [p.split() for p in ["b a m n i b e u p", "b a s a t b e w q n", "b c a g a b e s t a",
                             "b a g h a b e a a t", "b a h a a b e a x a t"]]


def _get(table: pd.DataFrame, feature: str) -> pd.Series:
    return table.set_index("feature").loc[feature]


def test_dispersion_gries_2008_example_dp():
    a = _get(dispersion(GRIES), "a")
    assert (a.freq, a.range, a.n_parts) == (15, 5, 5)
    # v = (1, 2, 3, 4, 5) / 15, s = (9, 10, 10, 10, 11) / 50
    v, s = np.array([1, 2, 3, 4, 5]) / 15, np.array([9, 10, 10, 10, 11]) / 50
    dp = 0.5 * np.abs(v - s).sum()
    assert dp == pytest.approx(0.18)  # the value Gries reports
    assert a.dp == pytest.approx(dp)
    assert a.dp_norm == pytest.approx(0.18 / (1 - 0.18))  # Lijffijt & Gries (2012): DP / (1 - min s)


def test_dispersion_gries_example_juilland_d_by_hand():
    # relative frequencies r = (1/9, 2/10, 3/10, 4/10, 5/11); D = 1 - (sd / mean) / sqrt(n - 1)
    r = np.array([1 / 9, 2 / 10, 3 / 10, 4 / 10, 5 / 11])
    mean = r.sum() / 5                                       # 0.293131
    sd = math.sqrt(((r - mean) ** 2).sum() / 5)              # population sd, 0.125957
    d = 1 - (sd / mean) / math.sqrt(4)
    assert d == pytest.approx(0.78516, abs=1e-5)
    assert _get(dispersion(GRIES), "a").juilland_d == pytest.approx(d)
    # b: 2 in every part -> r = (2/9, .2, .2, .2, 2/11); i: one part only -> D = 0
    assert _get(dispersion(GRIES), "b").juilland_d == pytest.approx(0.968, abs=5e-4)
    assert _get(dispersion(GRIES), "i").juilland_d == 0.0


def test_dispersion_juilland_d_carroll_1970_example():
    # Carroll (1970: 14): frequencies 0, 4, 3, 2, 1 in five equal parts -> D = 1 - (sqrt(2)/2)/2 = 0.6464
    docs = [["y"] * 4, ["x"] * 4, ["x"] * 3 + ["y"], ["x"] * 2 + ["y"] * 2, ["x"] + ["y"] * 3]
    assert _get(dispersion(docs), "x").juilland_d == pytest.approx(1 - (math.sqrt(2) / 2) / 2)
    assert _get(dispersion(docs), "x").juilland_d == pytest.approx(0.6464, abs=1e-4)


def test_dispersion_lijffijt_gries_2012_table_1():
    # three equal parts, 2/3 of the occurrences in one, 1/3 in another: DP = 1/3, DPnorm = 1/2
    docs = [["a", "a", "z"], ["a", "z", "z"], ["z", "z", "z"]]
    a = _get(dispersion(docs), "a")
    assert a.dp == pytest.approx(1 / 3) and a.dp_norm == pytest.approx(0.5)


def test_dispersion_even_and_concentrated_extremes():
    docs = [["w", "x"], ["w", "y"], ["w", "z"]]
    table = dispersion(docs)
    w, x = _get(table, "w"), _get(table, "x")
    assert (w.juilland_d, w.dp, w.dp_norm) == (pytest.approx(1.0), pytest.approx(0.0), pytest.approx(0.0))
    assert (x.juilland_d, x.dp_norm) == (0.0, pytest.approx(1.0))
    assert x.dp == pytest.approx(1 - 1 / 3)


def test_dispersion_equal_parts_of_the_running_text():
    # 10 tokens in 5 parts of 2: a a | b b | a b | c c | c a  -> a in parts 0, 2, 4
    tokens = [["a", "a", "b", "b", "a"], ["b", "c", "c", "c", "a"]]
    table = dispersion(tokens, "a", parts=5)
    a = _get(table, "a")
    assert (a.freq, a.range, a.n_parts, a.doc_freq) == (4, 3, 5, 2)
    v, s = np.array([2, 0, 1, 0, 1]) / 4, np.full(5, 0.2)
    assert a.dp == pytest.approx(0.5 * np.abs(v - s).sum())
    assert table.attrs["parts"] == 5 and table.attrs["n_parts"] == 5


def test_dispersion_from_dtm_equals_from_texts():
    texts = ["Terror and war.", "War, war and peace.", "Peace."]
    pre = Preprocessor(lang="en")
    from_texts = dispersion(texts, preprocessor=pre).set_index("feature").sort_index()
    from_dtm = dispersion(dtm(texts, preprocessor=pre)).set_index("feature").sort_index()
    pd.testing.assert_frame_equal(from_texts, from_dtm)
    with pytest.raises(ValueError, match="order of the tokens"):
        dispersion(dtm(texts, preprocessor=pre), parts=2)


def test_dispersion_warns_about_a_pruned_dtm(caplog):
    with caplog.at_level(logging.WARNING, logger="toolkit.keywords.dispersion"):
        dispersion(dtm(["a b", "a c", "b"], preprocessor=Preprocessor(lang="en"), min_df=2))
    assert "pruned" in caplog.text


def test_dispersion_features_are_preprocessed_and_missing_ones_reported():
    corpus = Corpus.from_records([{"doc_id": "x", "text": "The Council condemns terrorism.", "lang": "en"},
                                  {"doc_id": "y", "text": "ندين الإرهاب والإرهاب", "lang": "ar"}])
    table = dispersion(corpus, ["Terrorism", "والإرهاب", "peace"])
    assert table["feature"].tolist() == ["terrorism", "الارهاب", "peace"]
    assert table["freq"].tolist() == [1, 2, 0]
    assert np.isnan(table.loc[2, "juilland_d"]) and np.isnan(table.loc[2, "dp"])
    everything = dispersion(corpus)
    assert everything["freq"].is_monotonic_decreasing and everything.loc[0, "feature"] == "الارهاب"


def test_dispersion_leaves_empty_documents_out():
    table = dispersion([["a", "b"], [], ["a", "c"]])
    assert _get(table, "a").n_parts == 2 and _get(table, "a").dp == pytest.approx(0.0)


@pytest.mark.parametrize("parts", [0, -1, "sentences", True])
def test_dispersion_rejects_bad_parts(parts):
    with pytest.raises(ValueError, match="parts"):
        dispersion([["a"]], parts=parts)


_docs = st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=20), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(docs=_docs, parts=st.one_of(st.just("documents"), st.integers(1, 7)))
def test_dispersion_measures_stay_in_the_unit_interval(docs, parts):
    table = dispersion(docs, parts=parts)
    for column in ("juilland_d", "dp", "dp_norm"):
        values = table[column].dropna()
        assert ((values >= 0) & (values <= 1)).all(), column
    assert (table["range"] <= table["n_parts"]).all()
    assert table["freq"].sum() == sum(map(len, docs))


@settings(max_examples=40, deadline=None)
@given(docs=_docs)
def test_dispersion_dp_matches_its_definition(docs):
    table = dispersion(docs)
    sizes = np.array([len(d) for d in docs if d], dtype=float)
    for row in table.itertuples():
        f = np.array([d.count(row.feature) for d in docs if d], dtype=float)
        dp = 0.5 * np.abs(f / f.sum() - sizes / sizes.sum()).sum()
        assert row.dp == pytest.approx(dp, abs=1e-12)
        if sizes.size > 1:
            r = f / sizes
            d = 1 - (r.std() / r.mean()) / math.sqrt(sizes.size - 1)
            assert row.juilland_d == pytest.approx(min(max(d, 0.0), 1.0), abs=1e-9)


# ---------------------------------------------------------------------- positions
def test_dispersion_positions_for_an_xray_plot():
    corpus = Corpus.from_records([
        {"doc_id": "d1", "text": "Terrorism is a threat; the fight against terrorism goes on.", "lang": "en"},
        {"doc_id": "d2", "text": "Nothing here.", "lang": "en"},
        {"doc_id": "d3", "text": "Terrorists and terror.", "lang": "en"},
    ])
    pos = dispersion_positions(corpus, "terror*")
    assert list(pos.columns) == ["doc_id", "token_index", "n_tokens", "relative_position", "match", "pattern"]
    assert pos["doc_id"].tolist() == ["d1", "d1", "d3", "d3"]
    # d1: terrorism is a threat the fight against terrorism goes on (10 tokens)
    assert pos["token_index"].tolist() == [0, 7, 0, 2]
    assert pos["n_tokens"].tolist() == [10, 10, 3, 3]
    assert pos["relative_position"].tolist() == pytest.approx([0, 0.7, 0, 2 / 3])
    assert pos["match"].tolist() == ["terrorism", "terrorism", "terrorists", "terror"]
    assert pos.attrs["doc_ids"] == ["d1", "d2", "d3"] and pos.attrs["doc_lengths"] == [10, 2, 3]


def test_dispersion_positions_several_patterns_and_arabic():
    texts = ["مكافحة الإرهاب وتمويل بالإرهاب", "الإرهابية"]
    pos = dispersion_positions(texts, ["إرهاب", "تمويل*", "إرهاب*"])
    assert pos[pos["pattern"] == "إرهاب"]["token_index"].tolist() == [1, 3]
    assert pos[pos["pattern"] == "إرهاب*"]["match"].tolist() == ["الارهاب", "الارهاب", "الارهابية"]
    # the tokeniser keeps و on وتمويل, but matching looks through proclitics (as kwic does)
    assert pos[pos["pattern"] == "تمويل*"]["match"].tolist() == ["وتمويل"]
    assert pos["doc_id"].is_monotonic_increasing
    with pytest.raises(ValueError, match="pattern"):
        dispersion_positions(texts, [])
