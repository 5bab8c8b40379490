"""Lexical diversity: TTR, MATTR, Yule's K, Maas, MTLD by hand, against quanteda's tests, and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import Corpus
from toolkit.keywords.diversity import lexical_diversity, mtld

ONE_TWO = ["one", "one", "two", "one", "one", "two", "one"]


def _one(tokens, **kwargs):
    return lexical_diversity([tokens], **kwargs).iloc[0]


# ---------------------------------------------------------------------- quanteda's tests
@pytest.mark.parametrize(("window", "expected"), [
    (2, (1 / 2 + 1 + 1 + 1 / 2 + 1 + 1) / 6),
    (3, (2 / 3 + 2 / 3 + 2 / 3 + 2 / 3 + 2 / 3) / 5),
    (4, (2 / 4 + 2 / 4 + 2 / 4 + 2 / 4) / 4),
    (7, 2 / 7),
])
def test_mattr_quanteda_examples(window, expected):
    # quanteda.textstats test-textstat_lexdiv.R, "MATTR works correctly on its own"
    assert _one(ONE_TWO, window=window)["mattr"] == pytest.approx(expected)


def test_ttr_and_static_measures_by_hand():
    row = _one(ONE_TWO)
    assert (row.n_tokens, row.n_types) == (7, 2)
    assert row.ttr == pytest.approx(2 / 7)
    # Yule: V_5 = 1 ("one"), V_2 = 1 ("two"): K = 1e4 (5^2 + 2^2 - 7) / 7^2
    assert row.yule_k == pytest.approx(1e4 * (25 + 4 - 7) / 49)
    assert row.maas == pytest.approx((math.log(7) - math.log(2)) / math.log(7) ** 2)
    # quanteda's "Maas" test (a, base 10) from our a^2 (base e): a_10 = sqrt(a^2_e * ln 10) = 0.859
    d1 = _one(list("babababa"))
    assert math.sqrt(d1.maas * math.log(10)) == pytest.approx(math.sqrt((math.log10(8) - math.log10(2))
                                                                        / math.log10(8) ** 2))
    assert _one(["a", "b", "c"]).yule_k == 0.0


def test_yule_k_miranda_garcia_style_spectrum():
    # 3 types once, 2 types twice, 1 type 4 times: N = 11, sum i^2 V_i = 3 + 8 + 16 = 27
    tokens = ["a", "b", "c", "d", "d", "e", "e", "f", "f", "f", "f"]
    assert _one(tokens).yule_k == pytest.approx(1e4 * (27 - 11) / 121)


# ---------------------------------------------------------------------- MTLD by hand
@pytest.mark.parametrize(("tokens", "expected"), [
    # forward: TTR 1/2 at the 2nd token (factor), "x y z x" left with TTR 3/4: partial
    # (1 - .75) / .28; 6 / (1 + .25/.28) = 3.169811. Backward "x z y x a a": TTR 4/6 at the
    # last token (factor), nothing left: 6 / 1. MTLD = mean.
    (["a", "a", "x", "y", "z", "x"], (6 / (1 + 0.25 / 0.28) + 6 / 1) / 2),
    # both ways: 2 factors (TTR 1/2, then 2/3), remainder TTR 1 -> 7 / 2
    (ONE_TWO, 3.5),
    # no type repeats: no factor at all -> undefined
    (["a", "b", "c"], math.nan),
])
def test_mtld_by_hand(tokens, expected):
    got = mtld(tokens)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
    row = _one(tokens, window=2)
    assert (math.isnan(row.mtld) and math.isnan(expected)) or row.mtld == pytest.approx(expected)


def test_mtld_threshold_is_inclusive_and_configurable():
    # "a a b", threshold 0.5: forward, TTR = 1/2 at the 2nd token completes a factor ("reaches"
    # the threshold), "b" is left with TTR 1: 3 / 1. Backward "b a a": TTR 2/3 at the end, a
    # partial factor (1 - 2/3) / (1 - 0.5): 3 / (2/3) = 4.5. A strict "<" would give 4.5 both ways.
    assert mtld(["a", "a", "b"], threshold=0.5) == pytest.approx((3 + 4.5) / 2)
    assert mtld(["a", "b", "c", "a"], threshold=0.72) == pytest.approx(4 / (0.25 / 0.28))
    with pytest.raises(ValueError, match="threshold"):
        mtld(["a"], threshold=1.0)


# ---------------------------------------------------------------------- inputs, edges
def test_lexical_diversity_of_a_corpus_per_document():
    corpus = Corpus.from_records([
        {"doc_id": "ar", "text": "ندين الإرهاب والإرهاب بالإرهاب", "lang": "ar"},
        {"doc_id": "fr", "text": "Le terrorisme menace la paix.", "lang": "fr"},
        {"doc_id": "empty", "text": "", "lang": "en"},
    ])
    table = lexical_diversity(corpus, window=3)
    assert table["doc_id"].tolist() == ["ar", "fr", "empty"]
    ar = table.iloc[0]
    assert (ar.n_tokens, ar.n_types) == (4, 2)  # الارهاب three times: clitic forms are one type
    assert ar.ttr == pytest.approx(0.5)
    assert table.iloc[2].n_tokens == 0 and table.iloc[2][["ttr", "mattr", "yule_k", "maas", "mtld"]].isna().all()
    assert table.attrs["window"] == 3 and table.attrs["threshold"] == 0.72


def test_mattr_is_nan_below_the_window():
    table = lexical_diversity([["a"] * 10, ["a"] * 60])
    assert np.isnan(table.loc[0, "mattr"]) and table.loc[1, "mattr"] == pytest.approx(1 / 50)


@pytest.mark.parametrize(("kwargs", "message"), [({"measures": ("ttr", "hdd")}, "hdd"), ({"window": 0}, "window"),
                                                 ({"threshold": 0}, "threshold"), ({"measures": ()}, "empty")])
def test_lexical_diversity_rejects_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lexical_diversity([["a"]], **kwargs)


# ---------------------------------------------------------------------- invariants
_docs = st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=40), min_size=1, max_size=4)


def _brute_mattr(tokens, window):
    if len(tokens) < window:
        return math.nan
    ttrs = [len(set(tokens[i:i + window])) / window for i in range(len(tokens) - window + 1)]
    return sum(ttrs) / len(ttrs)


@settings(max_examples=100, deadline=None)
@given(docs=_docs, window=st.integers(1, 8))
def test_diversity_invariants_and_mattr_equals_its_definition(docs, window):
    table = lexical_diversity(docs, window=window)
    for doc, row in zip(docs, table.itertuples()):
        if not doc:
            assert np.isnan(row.ttr)
            continue
        assert 0 < row.ttr <= 1
        assert row.yule_k >= 0
        expected = _brute_mattr(doc, window)
        assert (np.isnan(row.mattr) and np.isnan(expected)) or row.mattr == pytest.approx(expected)
        if not np.isnan(row.mattr):
            assert 0 < row.mattr <= 1
        assert np.isnan(row.mtld) or row.mtld > 0
        assert row.mtld == pytest.approx(mtld(doc), nan_ok=True)
