"""Collocations: counts and measures pinned by hand, against NLTK, invariants, Arabic, real corpora."""

from __future__ import annotations

import logging
import math
import time
from decimal import Decimal, localcontext

import numpy as np
import pandas as pd
import pytest
from conftest import require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from toolkit.corpus import Corpus, read_corpus
from toolkit.dtm import dtm
from toolkit.keywords.collocations import (
    COLLOCATION_MEASURES,
    association,
    collocations,
)
from toolkit.text import Preprocessor

ALL = list(COLLOCATION_MEASURES)


def _row(table: pd.DataFrame, collocate: str) -> pd.Series:
    hits = table[table["collocate"] == collocate]
    assert len(hits) == 1, f"{collocate!r} not in {table['collocate'].tolist()}"
    return hits.iloc[0]


# ---------------------------------------------------------------------- by hand
def test_collocations_window_counts_and_measures_by_hand():
    # a b c a b d a, node "a", window 1. Node tokens at 0, 3, 6: position 0 has no left
    # neighbour and 6 no right one, so R1 = 1 + 2 + 1 = 4 window positions. Pairs: b twice
    # (right of 0 and 3), c once (left of 3), d once (left of 6). N = 7, f(a) = 3, f(b) = 2.
    table = collocations([["a", "b", "c", "a", "b", "d", "a"]], "a", window=1, min_count=1)
    b = _row(table, "b")
    assert (b.observed, b.left, b.right, b.node_freq, b.collocate_freq, b.n) == (2, 0, 2, 3, 2, 7)
    assert table.attrs["window_positions"] == 4
    e = 4 * 2 / 7                                   # E = R1 C1 / N = 8/7
    assert b.expected == pytest.approx(e)
    assert b.pmi == pytest.approx(math.log2(2 / e))                    # log2(1.75) = 0.807355
    assert b.pmi == pytest.approx(0.807355, abs=1e-6)
    assert b.t == pytest.approx((2 - e) / math.sqrt(2))                # 0.606092
    assert b.t == pytest.approx(0.606092, abs=1e-6)
    assert b.dice == pytest.approx(2 * 2 / (3 + 2))                    # 0.8
    assert b.logdice == pytest.approx(14 + math.log2(0.8))             # 13.678072
    assert b.mi3 == pytest.approx(math.log2(2 ** 3 / e))               # log2(7) = 2.807355
    # table O11=2, O12=R1-O=2, O21=C1-O=0, O22=N-R1-C1+O=3; E = 8/7, 20/7, 6/7, 15/7
    g2 = 2 * (2 * math.log(2 / (8 / 7)) + 2 * math.log(2 / (20 / 7)) + 3 * math.log(3 / (15 / 7)))
    assert g2 == pytest.approx(2.8305968, abs=1e-6)
    assert b.g2 == pytest.approx(g2)
    # chi2 = N (O11 O22 - O12 O21)^2 / (R1 R2 C1 C2) = 7 * 36 / (4 * 3 * 2 * 5) = 2.1
    assert b.chi2 == pytest.approx(2.1)
    c = _row(table, "c")
    assert (c.observed, c.left, c.right) == (1, 1, 0)


def test_collocations_nominal_span_size_is_evert_k_f1():
    # Evert's E = k f1 f2 / N: k = 2, f(a) = 3, f(b) = 2, N = 7 -> 12/7 (cut-off positions count)
    table = collocations([["a", "b", "c", "a", "b", "d", "a"]], "a", window=1, min_count=1, span_size="nominal")
    assert _row(table, "b").expected == pytest.approx(2 * 3 * 2 / 7)
    assert table.attrs["window_positions"] == 6


def test_collocations_sentence_units_by_hand():
    # sentences [terror spreads] [terror kills terror] [peace spreads] [nothing]: the node is in
    # 2 of 4 units; "spreads" in 2 units, 1 of them with the node: E = R1 C1 / N = 2 * 2 / 4
    texts = ["Terror spreads. Terror kills terror.", "Peace spreads. Nothing."]
    table = collocations(texts, "terror", unit="sentence", min_count=1, lang="en")
    b = _row(table, "spreads")
    assert (b.observed, b.node_freq, b.collocate_freq, b.n) == (1, 2, 2, 4)
    assert b.expected == pytest.approx(2 * 2 / 4)
    assert b.pmi == pytest.approx(0.0)
    assert "terror" not in table["collocate"].tolist()  # the node's own forms are not collocates of units
    assert "left" not in table.columns and table.attrs["n_units"] == 4


def test_collocations_window_boundary_sentence_cuts_windows():
    texts = ["War terror. Peace here."]
    across = collocations(texts, "terror", window=1, min_count=1, lang="en")
    within = collocations(texts, "terror", window=1, min_count=1, boundary="sentence", lang="en")
    assert sorted(across["collocate"]) == ["peace", "war"]
    assert within["collocate"].tolist() == ["war"]
    assert (across.attrs["window_positions"], within.attrs["window_positions"]) == (2, 1)
    assert across.attrs["n_tokens"] == within.attrs["n_tokens"] == 4


def test_collocations_windows_do_not_cross_documents():
    table = collocations([["x", "a"], ["b", "y"]], "a", window=2, min_count=1)
    assert table["collocate"].tolist() == ["x"]


def test_collocations_negative_cell_gives_nan_g2_and_chi2():
    # "a b a", window 1: b sits in both node windows, 2 pairs for a collocate seen once (O21 = -1)
    table = collocations([["a", "b", "a"]], "a", window=1, min_count=1)
    b = _row(table, "b")
    assert b.observed == 2 and b.collocate_freq == 1
    assert np.isnan(b.g2) and np.isnan(b.chi2)
    assert np.isfinite(b.pmi)


# ---------------------------------------------------------------------- NLTK
_TABLES = [(2, 4, 3, 20), (1, 1, 1, 1000), (5, 10, 7, 31), (30, 120, 45, 10_000), (3, 3, 9, 12), (0, 4, 5, 50)]


@pytest.mark.parametrize(("o11", "r1", "c1", "n"), _TABLES)
@pytest.mark.parametrize(("ours", "theirs"), [("pmi", "pmi"), ("g2", "likelihood_ratio"), ("chi2", "chi_sq"),
                                              ("t", "student_t"), ("dice", "dice")])
def test_association_matches_nltk_on_the_same_contingency_counts(o11, r1, c1, n, ours, theirs):
    if o11 == 0 and ours == "pmi":
        pytest.skip("NLTK's pmi is log2(0) there (a math domain error)")
    expected = getattr(BigramAssocMeasures, theirs)(o11, (r1, c1), n)
    got = float(association(o11, r1, c1, n, measures=(ours,))[ours])
    if o11 == 0 and ours == "t":
        # (0 - E) / sqrt(0): NLTK divides by sqrt(0 + 1e-20) instead and gets -E * 1e10
        assert got == -math.inf and expected == pytest.approx(-(r1 * c1 / n) * 1e10)
        return
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


_SPEECH = ("the fight against terrorism requires the cooperation of all states and the fight against "
           "poverty requires resources terrorism and extremism threaten peace the council condemns "
           "terrorism in all its forms international terrorism threatens international peace and "
           "security we must fight terrorism together and combat terrorism and its financing")


def _exact_g2(o11: int, r1: int, c1: int, n: int) -> float:
    cells = [(o11, r1 * c1), (r1 - o11, r1 * (n - c1)), (c1 - o11, (n - r1) * c1), (n - r1 - c1 + o11,
                                                                                      (n - r1) * (n - c1))]
    with localcontext() as ctx:
        ctx.prec = 50
        return float(2 * sum(Decimal(o) * (Decimal(o) * Decimal(n) / Decimal(rc)).ln() for o, rc in cells if o > 0))


@pytest.mark.parametrize(("o11", "r1", "c1", "n"), [
    (1000, 12_259, 2_296_000, 28_142_889),   # O = 1000.1 expected: G2 ~ 1e-5
    (43, 12_259, 98_765, 28_142_889), (5, 10, 7, 31), (0, 4, 5, 50), (2, 4, 3, 20), (10, 10, 10, 10_000_000),
])
def test_association_g2_keeps_its_precision_near_independence(o11, r1, c1, n):
    # 50-digit decimal arithmetic as the reference; NLTK's float sum is off by up to 100% on the first
    exact = _exact_g2(o11, r1, c1, n)
    assert float(association(o11, r1, c1, n, measures=("g2",))["g2"]) == pytest.approx(exact, rel=1e-12)


def _ungdc_like_tokens() -> list[str]:
    text = _SPEECH.split()
    return text * 3 + ["end"]


@pytest.mark.parametrize(("ours", "theirs"), [("pmi", "pmi"), ("g2", "likelihood_ratio"), ("chi2", "chi_sq"),
                                              ("t", "student_t"), ("dice", "dice")])
def test_collocations_equal_nltk_bigram_finder_scores(ours, theirs):
    # BigramCollocationFinder (window_size=2) = span (0, 1) with Evert's nominal k f1 positions
    words = _ungdc_like_tokens()
    finder = BigramCollocationFinder.from_words(words)
    table = collocations([words], "terrorism", span=(0, 1), min_count=1, span_size="nominal")
    assert len(table) >= 4
    for row in table.itertuples():
        expected = finder.score_ngram(getattr(BigramAssocMeasures, theirs), "terrorism", row.collocate)
        assert getattr(row, ours) == pytest.approx(expected, rel=1e-9), row.collocate


def test_collocations_wider_windows_relate_to_nltk_as_documented():
    # NLTK window_size=w divides pair counts by w - 1: same PMI, t-score smaller by sqrt(w - 1)
    words, w = _ungdc_like_tokens(), 4
    finder = BigramCollocationFinder.from_words(words, window_size=w)
    table = collocations([words], "terrorism", span=(0, w - 1), min_count=1, span_size="nominal")
    for row in table.itertuples():
        pmi = finder.score_ngram(BigramAssocMeasures.pmi, "terrorism", row.collocate)
        t = finder.score_ngram(BigramAssocMeasures.student_t, "terrorism", row.collocate)
        assert row.pmi == pytest.approx(pmi, rel=1e-9)
        assert row.t / math.sqrt(w - 1) == pytest.approx(t, rel=1e-9)


# ---------------------------------------------------------------------- invariants
_tokens = st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=25), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(docs=_tokens, left=st.integers(0, 3), right=st.integers(0, 3))
def test_collocation_counts_are_symmetric(docs, left, right):
    if left + right == 0:
        right = 1
    ab = collocations(docs, "a", span=(left, right), min_count=1, measures=("pmi",))
    ba = collocations(docs, "b", span=(right, left), min_count=1, measures=("pmi",))
    o_ab = ab.loc[ab["collocate"] == "b", "observed"].sum()
    o_ba = ba.loc[ba["collocate"] == "a", "observed"].sum()
    assert o_ab == o_ba
    # every window position holds exactly one collocate token
    assert ab["observed"].sum() == ab.attrs["window_positions"] or ab.empty


@settings(max_examples=40, deadline=None)
@given(docs=_tokens)
def test_collocation_unit_counts_are_symmetric_and_tables_valid(docs):
    words = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta", "e": "Omega"}
    texts = [". ".join(" ".join(words[t] for t in d[i:i + 3]) for i in range(0, len(d), 3)) for d in docs]
    ab = collocations(texts, "alpha", unit="sentence", min_count=1, lang="en")
    ba = collocations(texts, "beta", unit="sentence", min_count=1, lang="en")
    assert ab.loc[ab["collocate"] == "beta", "observed"].sum() == ba.loc[ba["collocate"] == "alpha", "observed"].sum()
    assert not ab["g2"].isna().any() and (ab["g2"] >= -1e-9).all()
    degenerate = (ab["n"] == ab["node_freq"]) | (ab["n"] == ab["collocate_freq"])  # a zero margin
    assert ((ab["chi2"] >= -1e-9) | (ab["chi2"].isna() & degenerate)).all()


# ---------------------------------------------------------------------- options
def test_collocations_have_no_hidden_stop_word_filter():
    texts = ["the war on terror and the war on the drugs"]
    plain = collocations(texts, "war", window=2, min_count=1, lang="en")
    assert {"the", "on"} <= set(plain["collocate"])
    listed = collocations(texts, "war", window=2, min_count=1, lang="en", stop_words=["THE"])
    assert "the" not in set(listed["collocate"]) and "on" in set(listed["collocate"])
    shipped = collocations(texts, "war", window=2, min_count=1, lang="en", stop_words=True)
    assert not {"the", "on"} & set(shipped["collocate"])
    # removed from the result only: windows, expected counts and N are unchanged
    assert listed.attrs["window_positions"] == plain.attrs["window_positions"]
    assert _row(listed, "on").expected == _row(plain, "on").expected


def test_collocations_min_counts_and_sorting():
    words = _ungdc_like_tokens()
    table = collocations([words], "terrorism", window=3, min_count=3, min_freq=4, sort_by="pmi")
    assert (table["observed"] >= 3).all() and (table["collocate_freq"] >= 4).all()
    assert table["pmi"].is_monotonic_decreasing
    default = collocations([words], "terrorism", window=3)
    g2 = default["g2"]
    assert default.attrs["sort_by"] == "g2" and g2.dropna().is_monotonic_decreasing
    assert g2.isna().sum() > 0 and g2.isna().to_numpy()[-g2.isna().sum():].all()  # NaN (no valid table) last


def test_collocations_glob_node_pools_its_forms():
    texts = ["terrorism and terrorists fight terror", "the terrorist attack"]
    table = collocations(texts, "terror*", window=1, min_count=1, lang="en")
    assert table.attrs["node_forms"] == {"terrorism": 1, "terrorists": 1, "terror": 1, "terrorist": 1}
    assert table["node_freq"].iloc[0] == 4
    assert _row(table, "and").observed == 2  # right of terrorism, left of terrorists


def test_collocations_node_not_found_or_rare_gives_an_empty_table(caplog):
    with caplog.at_level(logging.WARNING, logger="toolkit.keywords.collocations"):
        missing = collocations(["a b c"], "zzz", lang="en")
        rare = collocations(["a b c a"], "a", min_node=3, min_count=1, lang="en")
    assert missing.empty and rare.empty
    assert {"collocate", "observed", "expected", "pmi", "g2"} <= set(missing.columns)
    assert "not found" in caplog.text and "min_node" in caplog.text


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"window": 2, "span": (1, 1)}, ValueError, "not both"),
    ({"window": 0}, ValueError, "window"),
    ({"span": (0, 0)}, ValueError, "span"),
    ({"measures": ("pmi", "lr")}, ValueError, "measures='lr'"),
    ({"unit": "clause"}, ValueError, "unit='clause'"),
    ({"unit": "sentence", "boundary": "sentence"}, ValueError, "boundary"),
    ({"min_count": 0}, ValueError, "min_count"),
    ({"sort_by": "lambda"}, ValueError, "sort_by"),
    ({"span_size": "clipped"}, ValueError, "span_size"),
])
def test_collocations_reject_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        collocations(["a b c"], "a", **kwargs)


def test_collocations_reject_bad_inputs():
    m = dtm(["a b c"], preprocessor=Preprocessor(lang="en"))
    with pytest.raises(TypeError, match="order of the tokens"):
        collocations(m, "a")
    with pytest.raises(TypeError, match="single str"):
        collocations("a b c", "a")
    with pytest.raises(ValueError, match="phrase"):
        collocations(["a b c"], "a b")
    with pytest.raises(ValueError, match="sentence"):
        collocations([["a", "b"]], "a", unit="sentence")
    with pytest.raises(ValueError, match="no token"):
        collocations(["a b c"], "2015")


# ---------------------------------------------------------------------- Arabic
_AR = Corpus.from_records([
    {"doc_id": "c1", "text": "أكد الاجتماع ضرورة مكافحة الإرهاب وتجفيف منابع تمويل الإرهاب.", "lang": "ar"},
    {"doc_id": "c2", "text": "ندين بشدة الأعمال الإرهابية ونؤكد أن مكافحة والإرهاب مسؤولية جماعية.", "lang": "ar"},
    {"doc_id": "c3", "text": "التزام الدولة بمكافحة التطرف وتمويل بالإرهاب والتعاون ضد للإرهاب.", "lang": "ar"},
])


def test_collocations_arabic_node_finds_clitic_forms():
    table = collocations(_AR, "إرهاب", window=2, min_count=1)
    # والإرهاب, بالإرهاب, للإرهاب and الإرهاب are one normalised form, pooled as the node
    assert table.attrs["node_forms"] == {"الارهاب": 5}
    assert {"مكافحة", "تمويل"} <= set(table["collocate"])
    assert _row(table, "مكافحة").observed == 2
    # single-letter proclitics before other words stay attached (conservative clitics): تمويل and
    # وتمويل are two forms
    assert _row(table, "تمويل").observed == 1 and _row(table, "وتمويل").observed == 1
    same = collocations(_AR, "الإرهاب", window=2, min_count=1)
    pd.testing.assert_frame_equal(table.drop(columns="node"), same.drop(columns="node"))


def test_collocations_arabic_glob_and_exact_forms():
    glob = collocations(_AR, "إرهاب*", window=2, min_count=1)
    assert set(glob.attrs["node_forms"]) == {"الارهاب", "الارهابية"}
    exact = collocations(_AR, "=إرهاب", window=2, min_count=1)
    assert exact.empty and exact.attrs["node_forms"] == {}


# ---------------------------------------------------------------------- real corpora
@pytest.mark.integration
def test_collocations_on_ant_politic_arabic():
    corpus = read_corpus(require_shared("ant_corpus_ar"), layout="ant", include="politic/*")
    table = collocations(corpus, "إرهاب", window=5, min_count=3)
    assert table.attrs["node_forms"].get("الارهاب", 0) > 20
    assert not any(form.startswith(("وال", "بال", "لل")) for form in table.attrs["node_forms"])
    top = set(table["collocate"].head(40))
    assert {"مكافحة"} <= top, sorted(top)


@pytest.mark.integration
@pytest.mark.slow
def test_collocations_on_the_un_general_debates_run_in_reasonable_time():
    corpus = read_corpus(require_shared("ungdc"), layout="ungdc")
    start = time.perf_counter()
    table = collocations(corpus, "terrorism", window=5, min_count=5)
    elapsed = time.perf_counter() - start
    print(f"collocations(UNGDC, 'terrorism', window=5): {elapsed:.1f} s, N = {table.attrs['n_tokens']:,}")
    assert table.attrs["n_tokens"] > 20_000_000
    assert {"against", "fight", "combat", "international"} <= set(table["collocate"].head(15))
    assert elapsed < 600
