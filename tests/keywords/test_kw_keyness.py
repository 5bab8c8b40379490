"""keyness() and keyness_by_period(): the table, its options, its errors, Arabic, and invariants."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import require_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse, stats

from toolkit.corpus import Corpus
from toolkit.dtm import DTM, dtm
from toolkit.keywords import EFFECT_NULL, EFFECTS, keyness, keyness_by_period
from toolkit.keywords import measures as M
from toolkit.keywords.keyness import KEYNESS_COLUMNS
from toolkit.text import Preprocessor

# target "after" (a, b): terrorism 3 + security 2 + peace 1 + council 1 = 7 tokens
# reference "before" (c, d): peace 3 + council 2 + development 2 = 7 tokens
RECORDS = [
    {"doc_id": "a", "text": "terrorism terrorism security peace", "lang": "en", "period": "after", "year": 2002},
    {"doc_id": "b", "text": "terrorism security council", "lang": "en", "period": "after", "year": 2003},
    {"doc_id": "c", "text": "peace peace council development", "lang": "en", "period": "before", "year": 1995},
    {"doc_id": "d", "text": "development peace council", "lang": "en", "period": "before", "year": 1996},
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.from_records(RECORDS)


@pytest.fixture(scope="module")
def small(corpus) -> DTM:
    return dtm(corpus)


def _row(table: pd.DataFrame, feature: str) -> pd.Series:
    rows = table[table["feature"] == feature]
    assert len(rows) == 1, f"{feature!r} not in the table once"
    return rows.iloc[0]


def _make_dtm(counts: np.ndarray, groups: list[str], names: list[str] | None = None) -> DTM:
    counts = np.asarray(counts)
    names = names or [f"w{j:03d}" for j in range(counts.shape[1])]
    docvars = pd.DataFrame({"group": groups, "lang": "en"},
                           index=pd.Index([f"d{i}" for i in range(len(groups))], name="doc_id"))
    return DTM(sparse.csr_matrix(counts), names, docvars, Preprocessor())


# ---------------------------------------------------------------------- the table
def test_keyness_table_columns_sorting_and_hand_values(small):
    table = keyness(small, "period == 'after'")
    assert tuple(table.columns) == KEYNESS_COLUMNS
    assert table["feature"].tolist() == ["terrorism", "security", "council", "peace", "development"]
    assert table["statistic"].is_monotonic_decreasing
    t = _row(table, "terrorism")
    # a = 3, b = 0, c = d = 7: E1 = 7 * 3 / 14 = 1.5 -> G2 = 2 * 3 ln(3 / 1.5) = 6 ln 2
    assert t.statistic == pytest.approx(6 * math.log(2), rel=1e-12)
    assert t.p_value == pytest.approx(stats.chi2.sf(6 * math.log(2), 1), rel=1e-10)
    # Log Ratio with Hardie's 0.5 for the zero: log2((3/7) / (0.5/7)) = log2 6
    assert t.effect == pytest.approx(math.log2(6))
    assert (t.target_freq, t.reference_freq, t.target_total, t.reference_total) == (3, 0, 7, 7)
    assert (t.target_docs, t.reference_docs, t.direction) == (2, 0, "target")
    assert t.target_per_million == pytest.approx(3 / 7 * 1e6)
    # Juilland's D over the target's documents: relative frequencies 2/4 and 1/3, mean 5/12,
    # population sd 1/12, V = 0.2, D = 1 - 0.2 / sqrt(1) = 0.8
    assert t.dispersion == pytest.approx(0.8)
    d = _row(table, "development")
    # a = 0, b = 2: G2 = 2 * 2 ln(2 / 1) = 4 ln 2, negative: the reference over-uses it
    assert d.statistic == pytest.approx(-4 * math.log(2)) and d.direction == "reference"
    assert d.effect == pytest.approx(math.log2((0.5 / 7) / (2 / 7)))


def test_keyness_attrs_name_measure_correction_and_sides(small):
    table = keyness(small, "period == 'after'", "period == 'before'", measure="chi2", correction="yates",
                    effect="pct_diff", adjust="bh", alpha=0.1)
    attrs = table.attrs
    assert (attrs["measure"], attrs["correction"], attrs["effect"], attrs["adjust"], attrs["alpha"]) == \
        ("chi2", "yates", "pct_diff", "bh", 0.1)
    assert (attrs["target"], attrs["reference"], attrs["target_kind"], attrs["reference_kind"]) == \
        ("period == 'after'", "period == 'before'", "query", "query")
    assert (attrs["n_target_docs"], attrs["n_reference_docs"], attrs["target_total"]) == (2, 2, 7)
    assert attrs["preprocessor_fingerprint"] == small.preprocessor.fingerprint
    assert set(table["measure"]) == {"chi2"} and set(table["correction"]) == {"yates"}
    assert set(table["effect_measure"]) == {"pct_diff"}


def test_keyness_equal_rates_give_zero_statistic_and_null_effect():
    # feature "same": 2 of 10 tokens in both sides; "big"/"small" differ
    m = _make_dtm([[2, 8, 0], [2, 0, 8]], ["t", "r"], ["same", "big", "small"])
    for effect in EFFECTS:
        table = keyness(m, "group == 't'", effect=effect)
        row = _row(table, "same")
        assert row.statistic == 0 and row.direction == "none"
        assert row.effect == pytest.approx(EFFECT_NULL[effect])
        assert table.attrs["effect_null"] == EFFECT_NULL[effect]


MEASURE_CASES = [
    ("g2", "none", lambda a, b, c, d: M.log_likelihood_2term(a, b, c, d)),
    ("g2_4term", "none", lambda a, b, c, d: M.log_likelihood_4term(a, b, c, d)),
    ("g2_4term", "williams", lambda a, b, c, d: M.log_likelihood_4term(a, b, c, d) / M.williams_q(a, b, c, d)),
    ("chi2", "none", lambda a, b, c, d: M.chi_square(a, b, c, d)),
    ("chi2", "yates", lambda a, b, c, d: M.chi_square(a, b, c, d, yates=True)),
]


@pytest.fixture(scope="module")
def mid() -> DTM:
    rng = np.random.default_rng(7)
    counts = rng.poisson(rng.gamma(0.6, 3.0, size=60), size=(12, 60))
    counts[:6, :5] += 9       # five words the target over-uses
    return _make_dtm(counts, ["t"] * 6 + ["r"] * 6)


@pytest.mark.parametrize(("measure", "correction", "formula"), MEASURE_CASES)
def test_keyness_statistics_are_the_signed_measures(mid, measure, correction, formula):
    table = keyness(mid, "group == 't'", measure=measure, correction=correction)
    a, b = table["target_freq"].to_numpy(), table["reference_freq"].to_numpy()
    c, d = table.attrs["target_total"], table.attrs["reference_total"]
    sign = np.sign(a * d - b * c)
    np.testing.assert_allclose(table["statistic"], sign * formula(a, b, c, d), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(table["p_value"], stats.chi2.sf(formula(a, b, c, d), 1), rtol=1e-9, atol=1e-300)
    assert set(table["correction"]) == {correction}


def test_keyness_fisher_p_values_are_scipys(mid):
    for alternative in ("two-sided", "greater", "less"):
        table = keyness(mid, "group == 't'", measure="fisher", alternative=alternative)
        c, d = table.attrs["target_total"], table.attrs["reference_total"]
        expected = [stats.fisher_exact([[a, b], [c - a, d - b]], alternative=alternative).pvalue
                    for a, b in zip(table["target_freq"], table["reference_freq"])]
        np.testing.assert_allclose(table["p_value"], expected, rtol=1e-9)
        sign = np.sign(table["target_freq"] * d - table["reference_freq"] * c)
        np.testing.assert_allclose(table["statistic"], sign * -np.log10(expected), rtol=1e-9, atol=1e-12)


def test_keyness_pmi_has_no_p_value(mid):
    table = keyness(mid, "group == 't'", measure="pmi")
    assert table["p_value"].isna().all() and table["significant"].isna().all()
    a, b = table["target_freq"].to_numpy(), table["reference_freq"].to_numpy()
    c, d = table.attrs["target_total"], table.attrs["reference_total"]
    np.testing.assert_allclose(table["statistic"], M.pmi(a, b, c, d))


@pytest.mark.parametrize("effect", list(EFFECTS))
def test_keyness_effects_are_the_published_measures(mid, effect):
    table = keyness(mid, "group == 't'", effect=effect, simple_maths_n=10, prior_scale=500)
    a, b = table["target_freq"].to_numpy(), table["reference_freq"].to_numpy()
    c, d = table.attrs["target_total"], table.attrs["reference_total"]
    expected = {
        "log_ratio": M.log_ratio(a, b, c, d), "pct_diff": M.pct_diff(a, b, c, d),
        "odds_ratio": M.odds_ratio(a, b, c, d), "log_odds_ratio": np.log(M.odds_ratio(a, b, c, d)),
        "simple_maths": M.simple_maths(a, b, c, d, n=10),
        "log_odds_dirichlet": M.log_odds_dirichlet(a, b, c, d, prior_scale=500)[1],
        "log_odds_dirichlet_delta": M.log_odds_dirichlet(a, b, c, d, prior_scale=500)[0],
    }[effect]
    np.testing.assert_allclose(table["effect"], expected, rtol=1e-12)
    assert set(table["effect_measure"]) == {effect} and table.attrs["effect"] == effect


def test_keyness_target_over_use_is_found(mid):
    table = keyness(mid, "group == 't'")
    assert set(table["feature"].head(5)) == {"w000", "w001", "w002", "w003", "w004"}
    assert (table.head(5)["direction"] == "target").all()


# ---------------------------------------------------------------------- sides in every form
def test_keyness_queries_masks_and_dtms_agree(small):
    by_query = keyness(small, "period == 'after'", "period == 'before'")
    mask = (small.docvars["period"] == "after").to_numpy()
    by_mask = keyness(small, mask, ~mask)
    by_dtm = keyness(None, small.subset(mask=mask), small.subset(mask=~mask))
    rest_of_dtm = keyness(small, small.subset(mask=mask))
    columns = ["feature", "target_freq", "reference_freq", "statistic", "effect", "dispersion"]
    for other in (by_mask, by_dtm, rest_of_dtm):
        pd.testing.assert_frame_equal(by_query[columns], other[columns])
    assert by_mask.attrs["target"] is None and by_mask.attrs["target_kind"] == "mask"
    assert by_dtm.attrs["reference_kind"] == "dtm"


def test_keyness_reference_defaults_to_the_rest(corpus):
    table = keyness(corpus, "year >= 2003")
    assert table.attrs["n_target_docs"] == 1 and table.attrs["n_reference_docs"] == 3
    assert table.attrs["reference"] is None and table.attrs["reference_kind"] == "rest"


def test_keyness_documents_in_neither_side_are_ignored(small):
    table = keyness(small, "doc_id == 'a'", "doc_id == 'c'")
    assert table.attrs["target_total"] == 4 and table.attrs["reference_total"] == 4
    assert "development" in set(table["feature"]) and _row(table, "development").reference_freq == 1


def test_keyness_dtm_sides_are_aligned_by_feature_name():
    pre = Preprocessor()
    target = dtm([{"doc_id": "t1", "text": "terrorism attack terrorism", "lang": "en"}], preprocessor=pre)
    reference = dtm([{"doc_id": "r1", "text": "peace attack", "lang": "en"}], preprocessor=pre)
    table = keyness(None, target, reference)
    assert _row(table, "terrorism")[["target_freq", "reference_freq"]].tolist() == [2, 0]
    assert _row(table, "peace")[["target_freq", "reference_freq"]].tolist() == [0, 1]
    assert _row(table, "attack")[["target_freq", "reference_freq"]].tolist() == [1, 1]


# ---------------------------------------------------------------------- filters and adjustment
def test_keyness_min_freq_and_min_docs(small):
    assert set(keyness(small, "period == 'after'", min_freq=3)["feature"]) == {"terrorism", "council", "peace"}
    # documents of target + reference containing the word: peace 3, council 3, terrorism 2, ...
    assert set(keyness(small, "period == 'after'", min_docs=3)["feature"]) == {"council", "peace"}


def test_keyness_min_dispersion_drops_words_from_one_document():
    # "spike" is 6 times in one target document; "even" twice in each of three (all 13 tokens long)
    counts = [[6, 2, 5], [0, 2, 11], [0, 2, 11], [0, 0, 9], [0, 0, 9]]
    m = _make_dtm(counts, ["t", "t", "t", "r", "r"], ["spike", "even", "filler"])
    full = keyness(m, "group == 't'")
    assert _row(full, "spike").dispersion == pytest.approx(0.0)
    assert _row(full, "even").dispersion == pytest.approx(1.0)
    kept = keyness(m, "group == 't'", min_dispersion=0.5)
    assert "spike" not in set(kept["feature"]) and "even" in set(kept["feature"])
    assert kept.attrs["min_dispersion"] == 0.5 and kept.attrs["dispersion_measure"] == "juilland_d"


def test_keyness_dispersion_is_juilland_d_of_toolkit_dispersion(mid):
    from toolkit.keywords import dispersion

    table = keyness(mid, "group == 't'")
    for side, query in (("target", "group == 't'"), ("reference", "group == 'r'")):
        rows = table[table["direction"] == side]
        expected = dispersion(mid.subset(query), rows["feature"].tolist()).set_index("feature")["juilland_d"]
        np.testing.assert_allclose(rows["dispersion"], expected.loc[rows["feature"]].to_numpy(), rtol=1e-9,
                                   atol=1e-12)


def test_keyness_adjusted_p_values(mid):
    bh = keyness(mid, "group == 't'", adjust="bh")
    np.testing.assert_allclose(bh["p_adjusted"], stats.false_discovery_control(bh["p_value"], method="bh"))
    assert (bh["significant"] == (bh["p_adjusted"] <= 0.05)).all()
    bonferroni = keyness(mid, "group == 't'", adjust="bonferroni")
    np.testing.assert_allclose(bonferroni["p_adjusted"], np.minimum(1, bonferroni["p_value"] * len(bonferroni)))
    none = keyness(mid, "group == 't'")
    np.testing.assert_array_equal(none["p_adjusted"], none["p_value"])


# ---------------------------------------------------------------------- invariants
counts_strategy = st.integers(2, 12).flatmap(lambda f: st.lists(
    st.lists(st.integers(0, 6), min_size=f, max_size=f), min_size=4, max_size=8))


def _nonempty_sides(counts: list[list[int]]) -> bool:
    x = np.asarray(counts)
    half = len(x) // 2
    return x[:half].sum() > 0 and x[half:].sum() > 0


@settings(max_examples=25)
@given(counts_strategy.filter(_nonempty_sides),
       st.sampled_from([("g2", "none"), ("g2_4term", "williams"), ("chi2", "yates"), ("fisher", "none"),
                        ("pmi", "none")]),
       st.sampled_from(["log_ratio", "pct_diff", "log_odds_ratio", "log_odds_dirichlet"]))
def test_keyness_swapping_target_and_reference_flips_signs(counts, measure_correction, effect):
    half = len(counts) // 2
    m = _make_dtm(counts, ["t"] * half + ["r"] * (len(counts) - half))
    measure, correction = measure_correction
    options = {"measure": measure, "correction": correction, "effect": effect}
    forward = keyness(m, "group == 't'", "group == 'r'", **options).set_index("feature").sort_index()
    backward = keyness(m, "group == 'r'", "group == 't'", **options).set_index("feature").sort_index()
    assert forward.index.equals(backward.index)
    flip = {"target": "reference", "reference": "target", "none": "none"}
    assert forward["direction"].map(flip).tolist() == backward["direction"].tolist()
    if measure == "pmi":   # PMI keeps its sign pattern but not its size
        assert (np.sign(forward["statistic"]) == -np.sign(backward["statistic"])).all()
    else:
        np.testing.assert_allclose(forward["statistic"], -backward["statistic"], rtol=1e-9, atol=1e-9)
    if effect == "pct_diff":
        assert (np.sign(forward["effect"]) == -np.sign(backward["effect"])).all()
    else:
        np.testing.assert_allclose(forward["effect"], -backward["effect"], rtol=1e-9, atol=1e-12)


@settings(max_examples=20)
@given(counts_strategy.filter(_nonempty_sides), st.randoms())
def test_keyness_does_not_depend_on_feature_order(counts, rnd):
    half = len(counts) // 2
    groups = ["t"] * half + ["r"] * (len(counts) - half)
    x = np.asarray(counts)
    order = list(range(x.shape[1]))
    rnd.shuffle(order)
    names = [f"w{j:03d}" for j in range(x.shape[1])]
    original = keyness(_make_dtm(x, groups, names), "group == 't'", adjust="bh")
    shuffled = keyness(_make_dtm(x[:, order], groups, [names[j] for j in order]), "group == 't'", adjust="bh")
    pd.testing.assert_frame_equal(original, shuffled)


# ---------------------------------------------------------------------- by period
def test_keyness_by_period_is_each_period_against_the_rest(small):
    table = keyness_by_period(small, "period", effect="log_odds_dirichlet")
    assert table.columns[0] == "period" and list(table.columns[1:]) == list(KEYNESS_COLUMNS)
    assert table["period"].unique().tolist() == ["after", "before"]
    assert table.attrs["periods"] == ["after", "before"] and table.attrs["by"] == "period"
    for period in ("after", "before"):
        alone = keyness(small, f"period == '{period}'", effect="log_odds_dirichlet")
        part = table[table["period"] == period].drop(columns="period").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, alone, check_like=False)


def test_keyness_by_period_with_labels_and_missing_periods(small):
    labels = ["x", "y", None, "y"]           # document c is in no period: neither target nor reference
    table = keyness_by_period(small, labels)
    assert table.attrs["by"] is None and table.attrs["periods"] == ["x", "y"]
    x = table[table["period"] == "x"]
    assert x["target_total"].iloc[0] == 4 and x["reference_total"].iloc[0] == 6


def test_keyness_by_period_errors(small):
    with pytest.raises(ValueError, match="no such docvar"):
        keyness_by_period(small, "decade")
    with pytest.raises(ValueError, match="at least 2 periods"):
        keyness_by_period(small, "lang")
    with pytest.raises(ValueError, match="3 labels for 4 documents"):
        keyness_by_period(small, ["a", "b", "c"])


# ---------------------------------------------------------------------- errors
def test_keyness_empty_target_names_the_query_and_the_count(small):
    with pytest.raises(ValueError, match=r"target query \"period == 'later'\" matched 0 of the 4 documents"):
        keyness(small, "period == 'later'")
    with pytest.raises(ValueError, match="reference query 'year > 2050' matched 0 of the 4 documents"):
        keyness(small, "period == 'after'", "year > 2050")
    with pytest.raises(ValueError, match="target mask selects 0 of the 4"):
        keyness(small, np.zeros(4, dtype=bool))


def test_keyness_target_of_everything_leaves_no_rest(small):
    with pytest.raises(ValueError, match="rest of the corpus .* is empty"):
        keyness(small, "year > 0")


def test_keyness_overlapping_sides_are_refused(small):
    with pytest.raises(ValueError, match=r"overlap: 1 documents match both \(e.g. \['b'\]\)"):
        keyness(small, "period == 'after'", "year >= 2003")
    with pytest.raises(ValueError, match="overlap"):
        keyness(None, small.subset("year >= 2002"), small.subset("year >= 2003"))


@pytest.mark.parametrize(("options", "message"), [
    ({"measure": "loglik"}, "measure='loglik' is invalid; must be one of"),
    ({"correction": "bonferroni"}, "correction='bonferroni' is invalid"),
    ({"correction": "williams"}, "use measure='g2_4term'"),
    ({"measure": "g2_4term", "correction": "yates"}, "use measure='chi2'"),
    ({"effect": "lr"}, "effect='lr' is invalid"),
    ({"adjust": "holm"}, "adjust='holm' is invalid"),
    ({"measure": "pmi", "adjust": "bh"}, "no p-value to adjust"),
    ({"alternative": "greater"}, "applies to measure='fisher' only"),
    ({"min_freq": -1}, "min_freq must be an integer"),
    ({"min_dispersion": 2}, r"\[0, 1\]"),
    ({"alpha": 1.5}, "alpha"),
    ({"simple_maths_n": 0}, "n > 0"),
    ({"prior_scale": 0}, "prior_scale"),
])
def test_keyness_rejects_unknown_or_inapplicable_options(small, options, message):
    with pytest.raises(ValueError, match=message):
        keyness(small, "period == 'after'", **options)


def test_keyness_input_errors(small, corpus):
    with pytest.raises(TypeError, match="needs a toolkit.dtm.DTM or a toolkit.corpus.Corpus"):
        keyness(["terrorism"], "x == 1")
    with pytest.raises(ValueError, match="preprocessor= applies to a Corpus only"):
        keyness(small, "period == 'after'", preprocessor=Preprocessor(stop_words=True, lang="en"))
    with pytest.raises(ValueError, match="cannot evaluate subset query"):
        keyness(small, "period === 'after'")
    with pytest.raises(ValueError, match="one value per document"):
        keyness(small, [True, False])
    with pytest.raises(ValueError, match="min_dispersion needs at least 2 documents"):
        keyness(corpus, "year == 2003", min_dispersion=0.1)


def test_keyness_side_without_tokens_is_refused():
    m = _make_dtm([[0, 0], [1, 2]], ["t", "r"])
    with pytest.raises(ValueError, match="target documents contain no tokens"):
        keyness(m, "group == 't'")


def test_keyness_different_preprocessors_are_refused():
    t = dtm([{"doc_id": "t", "text": "the attack", "lang": "en"}], preprocessor=Preprocessor())
    r = dtm([{"doc_id": "r", "text": "the peace", "lang": "en"}], preprocessor=Preprocessor(stop_words=True))
    with pytest.raises(ValueError, match="different preprocessors"):
        keyness(None, t, r)


# ---------------------------------------------------------------------- Arabic
AR_RECORDS = [
    {"doc_id": "b1", "text": "أدان المجلس الإرهاب والإرهاب بكل أشكاله", "lang": "ar", "period": "after"},
    {"doc_id": "b2", "text": "مكافحة الإرهاب وتجفيف منابع تمويل الإرهاب", "lang": "ar", "period": "after"},
    {"doc_id": "b3", "text": "التصدي بالإرهاب وللإرهاب والتنمية", "lang": "ar", "period": "after"},
    {"doc_id": "a1", "text": "التنمية المستدامة والتعاون الاقتصادي", "lang": "ar", "period": "before"},
    {"doc_id": "a2", "text": "التعاون من أجل التنمية والسلام", "lang": "ar", "period": "before"},
]


def test_keyness_arabic_clitic_forms_are_one_feature():
    table = keyness(Corpus.from_records(AR_RECORDS), "period == 'after'")
    features = set(table["feature"])
    # والإرهاب, بالإرهاب, وللإرهاب and الإرهاب all count as الارهاب (normalised alef): 2 + 2 + 2
    assert not {"والارهاب", "بالارهاب", "وللارهاب", "الإرهاب"} & features
    top = table.iloc[0]
    assert (top.feature, top.target_freq, top.reference_freq, top.direction) == ("الارهاب", 6, 0, "target")
    assert top.target_docs == 3 and top.dispersion > 0.8
    development = _row(table, "التنمية")      # والتنمية counts as التنمية too: 1 + 2
    assert (development.target_freq, development.reference_freq) == (1, 2)
    assert table.attrs["preprocessor"]["clitics"] == "conservative"


@pytest.mark.integration
def test_keyness_on_ant_politics_against_sport():
    from toolkit import read_corpus

    root = require_shared("ant_corpus_ar")
    ant = read_corpus(root, layout="ant", include=["politic/JA-politic-1*", "sport/JA-sport-1*"])
    table = keyness(ant, "category == 'politic'", "category == 'sport'", min_freq=5, adjust="bh")
    features = table["feature"].tolist()
    assert not any(f.startswith(("والارهاب", "بالارهاب", "للارهاب")) for f in features)
    assert all("إ" not in f and "أ" not in f for f in features)      # alef normalised throughout
    politics = table[table["direction"] == "target"].head(40)["feature"].tolist()
    sport = table[table["direction"] == "reference"].tail(40)["feature"].tolist()
    assert {"الحكومة", "حزب"} & set(politics), politics
    assert {"المنتخب", "مباراة", "الفريق", "البطولة"} & set(sport), sport
    assert table["significant"].any()
