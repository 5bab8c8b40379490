"""Sequences: quanteda's textstat_collocations lambda and z, pinned by hand, by quanteda's tests and by a
direct port of its C++ loop."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus import Corpus
from toolkit.keywords.sequences import sequences
from toolkit.text import Preprocessor

EN = Preprocessor(lang="en")
PAD = ""


# ---------------------------------------------------------------------- reference: quanteda's algorithm
def _quanteda(docs: list[list[str]], sizes: list[int], min_count: int, smoothing: float) -> dict[str, tuple]:
    """Line-by-line port of quanteda.textstats src/collocations.cpp (counts2, estimates_lambda2, lambda_all2)."""
    counts: Counter = Counter()
    nested_counts: Counter = Counter()
    for doc in docs:
        flags_nested = [False] * len(doc)
        flags_temp = [False] * len(doc)
        for size in sorted(sizes, reverse=True):
            if len(doc) < size:
                continue
            i = 0
            while i < len(doc) - size + 1:
                marked = nested = padded = False
                for j in range(i, i + size):
                    if doc[j] == PAD:
                        padded = True
                    elif all(unicodedata.category(c).startswith("P") for c in doc[j]):
                        marked = True
                        i = j
                        break
                    if flags_nested[j]:
                        nested = True
                if not marked:
                    gram = tuple(doc[i:i + size])
                    counts[gram] += 1
                    if not padded:
                        if nested:
                            nested_counts[gram] += 1
                        for j in range(i, i + size):
                            flags_temp[j] = True
                i += 1
            flags_nested = list(flags_temp)
    out = {}
    for gram, count in counts.items():
        if count < min_count or PAD in gram:
            continue
        n = len(gram)
        cells = [smoothing] * (2 ** n)
        for other, c in counts.items():
            if len(other) != n:
                continue
            bit = sum(2 ** i for i in range(n) if gram[i] == other[i])
            cells[bit] += c
        lam = sum((-1) ** (n - b.bit_count()) * math.log(cells[b]) for b in range(2 ** n))
        sigma = math.sqrt(sum(1 / c for c in cells))
        out[" ".join(gram)] = (count, nested_counts[gram], lam, lam / sigma)
    return out


_word = st.sampled_from(["a", "b", "c", "d", PAD, "."])


@settings(max_examples=80, deadline=None)
@given(docs=st.lists(st.lists(_word, max_size=30), min_size=1, max_size=3),
       sizes=st.sets(st.integers(2, 4), min_size=1, max_size=3), min_count=st.integers(1, 3),
       smoothing=st.sampled_from([0.5, 1.0]))
def test_sequences_equal_a_direct_port_of_quanteda(docs, sizes, min_count, smoothing):
    expected = _quanteda(docs, sorted(sizes), min_count, smoothing)
    table = sequences(docs, size=sorted(sizes), min_count=min_count, smoothing=smoothing)
    got = {r.collocation: (r.count, r.count_nested, r._5, r.z) for r in table.itertuples()}
    assert set(got) == set(expected)
    for key, (count, nested, lam, z) in expected.items():
        assert got[key][:2] == (count, nested), key
        assert got[key][2] == pytest.approx(lam, rel=1e-9, abs=1e-12), key
        assert got[key][3] == pytest.approx(z, rel=1e-9, abs=1e-12), key
    z = table["z"].to_numpy()
    assert (np.diff(z) <= 1e-12).all()


# ---------------------------------------------------------------------- by hand and quanteda's tests
def test_sequences_bigram_lambda_by_hand():
    # "good ice" among 9 bigrams (quanteda test #940): n11 = 2.5, n10 = n01 = 0.5, n00 = 7.5
    texts = ["I like good ice cream.", "Me too!  I like good ice cream.", ""]
    table = sequences(texts, size=2, min_count=2, preprocessor=EN)
    row = table[table["collocation"] == "good ice"].iloc[0]
    lam = math.log(2.5) - 2 * math.log(0.5) + math.log(7.5)  # = ln 75
    assert row["lambda"] == pytest.approx(lam) and row["lambda"] == pytest.approx(4.317488, abs=1e-6)
    assert row["z"] == pytest.approx(lam / math.sqrt(1 / 2.5 + 2 / 0.5 + 1 / 7.5))
    assert row["z"] == pytest.approx(2.027787, abs=1e-6)  # quanteda's printed value
    assert table["collocation"].tolist() == ["good ice", "i like", "ice cream", "like good"]  # "too !" breaks


def test_sequences_trigram_lambda_by_hand():
    # "x y z" twice and "x y w" once: for "x y z" (bits: x=1, y=2, z=4) n111 = 2, n011 = 1, the other
    # six cells 0; smoothing 0.5. lambda = sum (-1)^(3 - bits) ln n
    table = sequences([["x", "y", "z"], ["x", "y", "z"], ["x", "y", "w"]], size=3, min_count=1)
    row = table[table["collocation"] == "x y z"].iloc[0]
    cells = {b: 0.5 for b in range(8)}
    cells[7] += 2
    cells[3] += 1
    lam = sum((-1) ** (3 - b.bit_count()) * math.log(c) for b, c in cells.items())
    assert lam == pytest.approx(math.log(2.5) - math.log(1.5))
    assert row["lambda"] == pytest.approx(lam)
    assert row["z"] == pytest.approx(lam / math.sqrt(sum(1 / c for c in cells.values())))


@pytest.mark.parametrize(("docs", "sizes", "min_count", "collocations", "counts", "nested"), [
    ([["a", "b", "c", PAD, PAD, "a", "b", "c", PAD, PAD, "a", "b", "c", PAD, PAD, PAD, "a", "b", "c"],
      ["a", "b", PAD, PAD, "a", "b", PAD, PAD, "a", "b", PAD, PAD, "a", "b", PAD, "a", "b"]],
     [2, 3], 2, ["a b", "b c", "a b c"], [9, 4, 4], [4, 4, 0]),
    ([[PAD] * 4 + ["a", "b", "c", PAD, PAD, "a", "b", "c"] + [PAD] * 3,
      ["a", "b", PAD, PAD, "a", "b", PAD, PAD, "a", "b", PAD, PAD, "a", "b", PAD, "a", "b"],
      ["b", "c", PAD, PAD, "b", "c", PAD, "b", "c", PAD, PAD, PAD, "b", "c"]],
     [2, 3], 1, ["a b", "b c", "a b c"], [7, 6, 2], [2, 2, 0]),
    ([[PAD] * 4 + ["a", "b", "c", "d", PAD, PAD, "a", "b", "c", "d"] + [PAD] * 3,
      ["a", "b", PAD, PAD, "a", "b", PAD, PAD, "a", "b", PAD, PAD, "a", "b", PAD, "a", "b"],
      ["b", "c", PAD, PAD, "b", "c", PAD, "b", "c", PAD, PAD, PAD, "b", "c"]],
     [2, 4], 1, ["a b", "b c", "c d", "a b c d"], [7, 6, 2, 2], [2, 2, 2, 0]),
    ([[PAD] * 4 + ["a", "b", "c", "d", PAD, PAD, "a", "b", "c"] + [PAD] * 3],
     [2, 3, 4], 1, ["a b", "b c", "c d", "a b c d", "a b c", "b c d"], [2, 2, 1, 1, 2, 1], [2, 2, 1, 0, 1, 1]),
])
def test_sequences_reproduce_quantedas_nested_count_tests(docs, sizes, min_count, collocations, counts, nested):
    # quanteda.textstats tests/testthat/test-textstat_collocations.R, "recursive = FALSE"
    table = sequences(docs, size=sizes, min_count=min_count)
    assert table["collocation"].tolist() == collocations
    assert table["count"].tolist() == counts
    assert table["count_nested"].tolist() == nested


# ---------------------------------------------------------------------- counting rules
def test_sequences_break_at_punctuation_and_documents():
    table = sequences(["war on terror, terror on war", "war on"], size=2, min_count=1, preprocessor=EN)
    assert "terror terror" not in set(table["collocation"])  # the comma breaks
    assert table.set_index("collocation").loc["war on", "count"] == 2
    assert "war war" not in set(table["collocation"])  # no sequence across documents


def test_sequences_removed_words_are_pads_not_bridges():
    pre = Preprocessor(lang="en", stop_words=["of"])
    table = sequences(["financing of terrorism", "financing of terrorism"], size=2, min_count=1, preprocessor=pre)
    assert "financing terrorism" not in set(table["collocation"])
    assert table.empty
    numbers = sequences(["resolution 1373 adopted", "resolution 1373 adopted"], size=2, min_count=1,
                        preprocessor=EN)
    assert "resolution adopted" not in set(numbers["collocation"])


def test_sequences_use_the_preprocessor_stemmer_and_arabic_clitics():
    pre = Preprocessor(lang="en", stemmer="snowball")
    table = sequences(["terrorist attacks", "terrorist attack"], size=2, min_count=2, preprocessor=pre)
    assert table["collocation"].tolist() == ["terrorist attack"]
    ar = Corpus.from_records([{"text": "مكافحة الإرهاب واجبة", "lang": "ar"},
                              {"text": "مكافحة والإرهاب ضرورية", "lang": "ar"}])
    assert "مكافحة الارهاب" in set(sequences(ar, min_count=2)["collocation"])


@pytest.mark.parametrize(("kwargs", "message"), [({"size": 1}, "size"), ({"size": 6}, "size"),
                                                 ({"size": [2, 7]}, "size"), ({"min_count": 0}, "min_count"),
                                                 ({"smoothing": -1}, "smoothing")])
def test_sequences_reject_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sequences([["a", "b"]], **kwargs)


def test_sequences_of_short_or_empty_documents_give_an_empty_table():
    table = sequences([["a"], ["bb"], []], size=[2, 3], min_count=1)
    assert table.empty and list(table.columns) == ["collocation", "count", "count_nested", "length", "lambda", "z"]
