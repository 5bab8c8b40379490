"""Golden tests of the 2x2 keyness formulas (toolkit.keywords.measures) and p-value adjustment.

Every measure is pinned to values computed by hand (the arithmetic is written next to each
value), to NLTK's association measures where NLTK computes the same quantity, and to scipy.

The keyness table: a, b = the word's frequencies in target and reference; c, d = corpus sizes.
As a 2x2 contingency table: [[a, b], [c - a, d - b]], N = c + d.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nltk.metrics.association import BigramAssocMeasures, ContingencyMeasures
from scipy import stats

from toolkit.keywords import measures as M
from toolkit.keywords.adjust import adjust_p_values

LN2 = math.log(2)


# ---------------------------------------------------------------------- hand-computed tables
# Table T1: a = 10, b = 5, c = 100, d = 200 -> cells [[10, 5], [90, 195]], N = 300,
# rows R1 = 15, R2 = 285; expected E = [[5, 10], [95, 190]]; rates 0.1 and 0.025 (4 times).
T1 = (10, 5, 100, 200)
# Table T0 (equal rates): a = 2, b = 4, c = 100, d = 200 -> rates 0.02 and 0.02; E1 = 2, E2 = 4.
T0 = (2, 4, 100, 200)
# Table TZ (zero in the target): a = 0, b = 5, c = 100, d = 200 -> E1 = 5/3, E2 = 10/3.
TZ = (0, 5, 100, 200)
# Table TR (zero in the reference): a = 5, b = 0, c = 100, d = 200 -> E1 = 5/3, E2 = 10/3.
TR = (5, 0, 100, 200)


@pytest.mark.parametrize(("table", "expected"), [
    (T1, 2 * (10 * math.log(10 / 5) + 5 * math.log(5 / 10))),    # = 10 ln 2 = 6.9315
    (T0, 0.0),                                                     # 2 ln(2/2) + 4 ln(4/4)
    (TZ, 2 * (0 + 5 * math.log(5 / (10 / 3)))),                    # 0 ln 0 = 0; = 10 ln 1.5 = 4.0547
    (TR, 2 * (5 * math.log(5 / (5 / 3)) + 0)),                     # = 10 ln 3 = 10.9861
])
def test_measures_log_likelihood_2term_by_hand(table, expected):
    assert M.log_likelihood_2term(*table) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_measures_log_likelihood_2term_t1_is_ten_ln2():
    assert M.log_likelihood_2term(*T1) == pytest.approx(10 * LN2, rel=1e-14)


@pytest.mark.parametrize(("table", "expected"), [
    # 2 [10 ln(10/5) + 5 ln(5/10) + 90 ln(90/95) + 195 ln(195/190)] = 7.329812
    (T1, 2 * (10 * math.log(2) + 5 * math.log(0.5) + 90 * math.log(90 / 95) + 195 * math.log(195 / 190))),
    (T0, 0.0),
    # cells [[0, 5], [100, 195]]; E = [[5/3, 10/3], [295/3, 590/3]]
    (TZ, 2 * (0 + 5 * math.log(5 / (10 / 3)) + 100 * math.log(100 / (295 / 3)) + 195 * math.log(195 / (590 / 3)))),
])
def test_measures_log_likelihood_4term_by_hand(table, expected):
    assert M.log_likelihood_4term(*table) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_measures_log_likelihood_values_pinned():
    assert M.log_likelihood_4term(*T1) == pytest.approx(7.329811674221491, rel=1e-12)
    assert M.log_likelihood_2term(*TZ) == pytest.approx(4.054651081081644, rel=1e-12)


def test_measures_williams_q_by_hand():
    # q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / (6 N)
    #   = 1 + (300/15 + 300/285 - 1)(300/100 + 300/200 - 1) / 1800 = 1 + (19 + 20/19) * 3.5 / 1800
    expected = 1 + (19 + 20 / 19) * 3.5 / 1800
    assert M.williams_q(*T1) == pytest.approx(expected, rel=1e-14)
    assert expected == pytest.approx(1.0389912280701754)
    assert M.williams_q(0, 0, 100, 200) == 1.0          # empty row: no correction


def _g_statistic_sokal_rohlf(x: np.ndarray) -> float:
    """The G-test with Williams' correction as in Sokal & Rohlf's worked recipe (pp. 737-738):
    G = 2 [sum f ln f - sum R ln R - sum C ln C + N ln N], q = 1 + ((N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1)) / 6N."""
    def xlnx(v):
        return sum(0.0 if u == 0 else u * math.log(u) for u in np.ravel(v))
    rows, cols, n = x.sum(axis=1), x.sum(axis=0), x.sum()
    g = 2 * (xlnx(x) - xlnx(rows) - xlnx(cols) + xlnx([n]))
    q = 1 + ((n / rows[0] + n / rows[1] - 1) * (n / cols[0] + n / cols[1] - 1)) / (6 * n)
    return g / q


@pytest.mark.parametrize("table", [T1, TZ, TR, (3, 1, 7, 9), (40, 2, 1000, 50)])
def test_measures_williams_corrected_g2_matches_sokal_rohlf(table):
    a, b, c, d = table
    expected = _g_statistic_sokal_rohlf(np.array([[a, b], [c - a, d - b]], dtype=float))
    # (40, 2, 1000, 50) has equal rates (0.04): G2 = 0, where the textbook sum leaves rounding residue
    assert M.log_likelihood_4term(*table) / M.williams_q(*table) == pytest.approx(expected, rel=1e-10, abs=1e-9)


@pytest.mark.parametrize(("table", "yates", "expected"), [
    # N (ad - bc)^2 / (R1 R2 C1 C2): ad - bc = 10*195 - 5*90 = 1500 -> 300 * 1500^2 / (15*285*100*200)
    (T1, False, 300 * 1500 ** 2 / (15 * 285 * 100 * 200)),                 # = 150/19 = 7.8947
    # Yates: N (|ad - bc| - N/2)^2 / (...) = 300 * (1500 - 150)^2 / 85 500 000 = 243/38 = 6.3947
    (T1, True, 300 * 1350 ** 2 / (15 * 285 * 100 * 200)),
    (T0, False, 0.0),
    (T0, True, 0.0),
    # a = 0: ad - bc = 0*195 - 5*100 = -500; R1 = 5, R2 = 295
    (TZ, False, 300 * 500 ** 2 / (5 * 295 * 100 * 200)),                  # = 2.5424
    (TZ, True, 300 * 350 ** 2 / (5 * 295 * 100 * 200)),                   # (500 - 150)^2
    # |ad - bc| < N/2 (here 20*10 - 10*19 = 10 < 15.5): Yates never overshoots, it gives 0
    (( 20, 10, 21, 10), True, 0.0),
])
def test_measures_chi_square_by_hand(table, yates, expected):
    assert M.chi_square(*table, yates=yates) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_measures_chi_square_exact_fractions():
    assert M.chi_square(*T1) == pytest.approx(150 / 19, rel=1e-14)
    assert M.chi_square(*T1, yates=True) == pytest.approx(243 / 38, rel=1e-14)


@pytest.mark.parametrize(("table", "expected"), [
    (T1, 1.0),                                   # log2(a N / ((a+b) c)) = log2(10*300 / (15*100)) = log2 2
    (T0, 0.0),                                   # log2(2*300 / (6*100)) = log2 1
    (TR, math.log2(5 * 300 / (5 * 100))),        # = log2 3
])
def test_measures_pmi_by_hand(table, expected):
    assert M.pmi(*table) == pytest.approx(expected, rel=1e-14, abs=1e-14)


def test_measures_pmi_of_absent_word_in_target_is_minus_infinity():
    assert M.pmi(*TZ) == -np.inf


@pytest.mark.parametrize(("table", "expected"), [
    (T1, 2.0),                                   # log2((10/100) / (5/200)) = log2 4
    (T0, 0.0),                                   # log2((2/100) / (4/200)) = log2 1
    (TZ, math.log2((0.5 / 100) / (5 / 200))),    # Hardie: 0 -> 0.5; log2(0.2) = -2.3219
    (TR, math.log2((5 / 100) / (0.5 / 200))),    # log2(20) = 4.3219
])
def test_measures_log_ratio_by_hand(table, expected):
    assert M.log_ratio(*table) == pytest.approx(expected, rel=1e-14, abs=1e-14)


@pytest.mark.parametrize(("table", "expected"), [
    (T1, 100 * (100_000 - 25_000) / 25_000),     # per million: 10/100 -> 100 000, 5/200 -> 25 000; = 300
    (T0, 0.0),
    (TZ, -100.0),                                # (0 - 25 000) * 100 / 25 000
    (TR, 100 * (50_000 - 0) / 1e-18),            # Gabrielatos & Marchi: reference 0 -> 1e-18; = 5e24
])
def test_measures_pct_diff_by_hand(table, expected):
    assert M.pct_diff(*table) == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("table", "expected"), [
    (T1, (10 / 90) / (5 / 195)),                 # = 1950 / 450 = 4.3333
    (T0, 1.0),                                   # (2/98) / (4/196) = 1
    (TZ, (0.5 / 100.5) / (5.5 / 195.5)),         # Haldane-Anscombe: +0.5 in every cell
    (TR, (5.5 / 95.5) / (0.5 / 200.5)),
])
def test_measures_odds_ratio_by_hand(table, expected):
    assert M.odds_ratio(*table) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize(("table", "n", "expected"), [
    (T1, 1, (100_000 + 1) / (25_000 + 1)),       # (fpm_t + n) / (fpm_r + n)
    (T1, 100, (100_000 + 100) / (25_000 + 100)),
    (T0, 1, 1.0),                                # 20 000 / 20 000
    (TZ, 1, (0 + 1) / (25_000 + 1)),
    (TR, 10, (50_000 + 10) / (0 + 10)),
])
def test_measures_simple_maths_by_hand(table, n, expected):
    assert M.simple_maths(*table, n=n) == pytest.approx(expected, rel=1e-14)


def test_measures_log_odds_dirichlet_by_hand():
    # alpha0 = 300, pooled rate 15/300 -> alpha_w = 15
    # delta = ln((10 + 15) / (100 + 300 - 10 - 15)) - ln((5 + 15) / (200 + 300 - 5 - 15))
    #       = ln(25/375) - ln(20/480) = ln(1.6); var = 1/25 + 1/20 = 0.09; z = ln(1.6) / 0.3
    delta, z = M.log_odds_dirichlet(*T1, prior_scale=300)
    assert delta == pytest.approx(math.log(1.6), rel=1e-14)
    assert z == pytest.approx(math.log(1.6) / 0.3, rel=1e-14)


def test_measures_log_odds_dirichlet_default_prior_is_pooled_counts():
    # prior_scale None -> alpha0 = c + d = 300, the same as above
    assert M.log_odds_dirichlet(*T1)[1] == pytest.approx(M.log_odds_dirichlet(*T1, prior_scale=300)[1])
    # alpha0 = 30 -> alpha_w = 1.5: delta = ln(11.5 / 118.5) - ln(6.5 / 223.5)
    delta, z = M.log_odds_dirichlet(*T1, prior_scale=30)
    assert delta == pytest.approx(math.log(11.5 / 118.5) - math.log(6.5 / 223.5), rel=1e-13)
    assert z == pytest.approx(delta / math.sqrt(1 / 11.5 + 1 / 6.5), rel=1e-13)


def test_measures_equal_rates_give_the_null_value_everywhere():
    assert M.log_likelihood_2term(*T0) == 0 and M.log_likelihood_4term(*T0) == 0
    assert M.chi_square(*T0) == 0 and M.chi_square(*T0, yates=True) == 0
    assert M.pmi(*T0) == 0 and M.log_ratio(*T0) == 0 and M.pct_diff(*T0) == 0
    assert M.odds_ratio(*T0) == 1 and M.simple_maths(*T0) == 1
    assert M.log_odds_dirichlet(*T0) == (0, 0)
    assert M.fisher_exact_p(*T0) == 1.0                  # the observed table is the mode
    assert M.difference_sign(*T0) == 0


def test_measures_absent_word_gets_null_values():
    table = (0, 0, 100, 200)
    assert M.log_likelihood_2term(*table) == 0 and M.log_likelihood_4term(*table) == 0
    assert M.chi_square(*table) == 0 and M.log_ratio(*table) == 0 and M.pct_diff(*table) == 0
    assert M.odds_ratio(*table) == 1 and M.fisher_exact_p(*table) == 1


def test_measures_vectorised_over_a_vocabulary():
    a, b = np.array([10, 2, 0, 5]), np.array([5, 4, 5, 0])
    g2 = M.log_likelihood_2term(a, b, 100, 200)
    assert g2.shape == (4,)
    assert g2.tolist() == pytest.approx([float(M.log_likelihood_2term(*t)) for t in (T1, T0, TZ, TR)])


# ---------------------------------------------------------------------- NLTK
def _nltk_marginals(a, b, c, d):
    """The keyness table as NLTK's bigram marginals: n_ii = a, (n_ix, n_xi) = (a + b, c), n_xx = N."""
    return a, (a + b, c), c + d


TABLES = [T1, TZ, TR, (3, 1, 7, 9), (40, 2, 1000, 50), (1, 120, 5000, 80_000), (700, 300, 9000, 4000)]


@pytest.mark.parametrize("table", TABLES)
def test_measures_g2_4term_is_nltk_likelihood_ratio(table):
    # NLTK adds 1e-20 inside the log, hence the tolerance
    expected = BigramAssocMeasures.likelihood_ratio(*_nltk_marginals(*table))
    assert M.log_likelihood_4term(*table) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("table", [t for t in TABLES if t[0] > 0])
def test_measures_g2_2term_differs_from_nltk_4term(table):
    # the 2-term form drops the "other words" row, so it is smaller (Gibbs' inequality)
    assert M.log_likelihood_2term(*table) < BigramAssocMeasures.likelihood_ratio(*_nltk_marginals(*table)) + 1e-9


@pytest.mark.parametrize("table", TABLES)
def test_measures_chi_square_is_nltk_chi_sq(table):
    expected = BigramAssocMeasures.chi_sq(*_nltk_marginals(*table))
    assert M.chi_square(*table) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("table", [t for t in TABLES if t[0] > 0])
def test_measures_pmi_is_nltk_pmi(table):
    assert M.pmi(*table) == pytest.approx(BigramAssocMeasures.pmi(*_nltk_marginals(*table)), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("table", TABLES)
def test_measures_fisher_less_is_nltk_fisher(table):
    # NLTK's fisher is the lower-tail p-value P(X <= a) of [[n_ii, n_io], [n_oi, n_oo]]
    expected = BigramAssocMeasures.fisher(*_nltk_marginals(*table))
    assert M.fisher_exact_p(*table, alternative="less") == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("table", TABLES)
def test_measures_match_nltk_contingency_measures(table):
    a, b, c, d = table
    cm = ContingencyMeasures(BigramAssocMeasures)
    cells = (a, b, c - a, d - b)         # NLTK's contingency order n_ii, n_oi, n_io, n_oo
    assert M.log_likelihood_4term(*table) == pytest.approx(cm.likelihood_ratio(*cells), rel=1e-9, abs=1e-9)
    assert M.chi_square(*table) == pytest.approx(cm.chi_sq(*cells), rel=1e-9)


# ---------------------------------------------------------------------- scipy
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("yates", [False, True])
def test_measures_chi_square_is_scipy_chi2_contingency(table, yates):
    a, b, c, d = table
    result = stats.chi2_contingency([[a, b], [c - a, d - b]], correction=yates)
    assert M.chi_square(*table, yates=yates) == pytest.approx(result.statistic, rel=1e-10, abs=1e-12)
    assert M.chi2_p_value(M.chi_square(*table, yates=yates)) == pytest.approx(result.pvalue, rel=1e-10)


@pytest.mark.parametrize("table", TABLES)
def test_measures_g2_4term_is_scipy_g_test(table):
    a, b, c, d = table
    result = stats.chi2_contingency([[a, b], [c - a, d - b]], correction=False, lambda_="log-likelihood")
    assert M.log_likelihood_4term(*table) == pytest.approx(result.statistic, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_measures_fisher_matches_scipy_on_every_small_table(alternative):
    tables = [(a, b, c, d) for c in range(1, 9) for d in range(1, 9) for a in range(c + 1) for b in range(d + 1)]
    a, b, c, d = (np.array(x) for x in zip(*tables))
    p = M.fisher_exact_p(a, b, c, d, alternative=alternative)
    expected = [stats.fisher_exact([[t[0], t[1]], [t[2] - t[0], t[3] - t[1]]], alternative=alternative).pvalue
                for t in tables]
    np.testing.assert_allclose(p, expected, rtol=1e-10, atol=1e-15)


@given(st.integers(1, 3000), st.integers(1, 3000), st.data())
def test_measures_fisher_matches_scipy_on_random_tables(c, d, data):
    a = data.draw(st.integers(0, c))
    b = data.draw(st.integers(0, d))
    for alternative in ("two-sided", "greater", "less"):
        expected = stats.fisher_exact([[a, b], [c - a, d - b]], alternative=alternative).pvalue
        assert M.fisher_exact_p(a, b, c, d, alternative=alternative) == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("table", [
    (3932, 1411, 1_591_299, 4_802_989),        # "terrorism" in UNGDC 2001-2005 against 1990-2000
    (0, 7, 1_591_299, 4_802_989), (2, 3, 1_591_299, 4_802_989), (250, 8, 1_591_299, 4_802_989),
    (12_000, 36_500, 1_591_299, 4_802_989), (40, 120, 700_000, 2_100_000),
])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_measures_fisher_matches_scipy_on_corpus_sized_tables(table, alternative):
    a, b, c, d = table
    expected = stats.fisher_exact([[a, b], [c - a, d - b]], alternative=alternative).pvalue
    assert M.fisher_exact_p(*table, alternative=alternative) == pytest.approx(expected, rel=1e-7, abs=1e-300)


def test_measures_fisher_log10p_survives_underflow():
    # two-sided p of [[600, 0], [0, 600]] is 2 / C(1200, 600), about 1e-359: below the smallest double
    assert M.fisher_exact_p(600, 0, 600, 600) == 0.0
    expected = math.log10(2) - math.log10(math.comb(1200, 600))
    assert M.fisher_exact_log10p(600, 0, 600, 600) == pytest.approx(expected, rel=1e-9)
    assert M.fisher_exact_log10p(600, 0, 600, 600, alternative="greater") == \
        pytest.approx(-math.log10(math.comb(1200, 600)), rel=1e-9)
    assert M.fisher_exact_log10p(*T1) == pytest.approx(math.log10(M.fisher_exact_p(*T1)), rel=1e-12)


# ---------------------------------------------------------------------- properties
tables = st.integers(1, 10 ** 6).flatmap(
    lambda c: st.integers(1, 10 ** 6).flatmap(
        lambda d: st.tuples(st.integers(0, min(c, 5000)), st.integers(0, min(d, 5000)), st.just(c), st.just(d))))


@given(tables)
def test_measures_swapping_corpora_flips_signs_and_inverts_ratios(table):
    a, b, c, d = table
    swapped = (b, a, d, c)
    assert M.difference_sign(*swapped) == -M.difference_sign(*table)
    for f in (M.log_likelihood_2term, M.log_likelihood_4term, M.chi_square, M.williams_q):
        assert f(*swapped) == pytest.approx(f(*table), rel=1e-9, abs=1e-9)
    assert M.chi_square(*swapped, yates=True) == pytest.approx(M.chi_square(*table, yates=True), rel=1e-9, abs=1e-9)
    assert M.log_ratio(*swapped) == pytest.approx(-M.log_ratio(*table), rel=1e-9, abs=1e-12)
    assert np.sign(M.pct_diff(*swapped)) == -np.sign(M.pct_diff(*table))
    assert M.odds_ratio(*swapped) == pytest.approx(1 / M.odds_ratio(*table), rel=1e-9)
    assert M.simple_maths(*swapped) == pytest.approx(1 / M.simple_maths(*table), rel=1e-9)
    for x, y in zip(M.log_odds_dirichlet(*swapped), M.log_odds_dirichlet(*table)):
        assert x == pytest.approx(-y, rel=1e-9, abs=1e-9)
    if a and b:
        assert np.sign(M.pmi(*swapped)) == -np.sign(M.pmi(*table))


@given(tables)
def test_measures_statistics_are_ordered_and_bounded(table):
    g2_2, g2_4 = M.log_likelihood_2term(*table), M.log_likelihood_4term(*table)
    assert 0 <= g2_2 <= g2_4 + 1e-9 * max(1.0, g2_4)   # the 4-term form adds the "other words" row
    assert 0 <= M.chi_square(*table, yates=True) <= M.chi_square(*table) + 1e-9
    assert M.williams_q(*table) >= 1
    sign = M.difference_sign(*table)
    for value in (M.pct_diff(*table), M.log_odds_dirichlet(*table)[0]):
        assert np.sign(value) == sign or value == 0
    a, b, _, _ = table
    if a and b:   # with a zero cell, Hardie's 0.5 stand-in can outweigh a tiny rate (see the next test)
        assert np.sign(M.log_ratio(*table)) == sign


def test_measures_log_ratio_zero_adjustment_can_reverse_the_sign():
    # As published: a = 0 in a target of 1000 tokens counts as 0.5 / 1000 = 5e-4, more than the
    # reference's 1 / 10^6, so Log Ratio is positive (log2 500) although the target under-uses
    # the word; keyness() takes the direction from the unadjusted rates.
    assert M.log_ratio(0, 1, 1000, 10 ** 6) == pytest.approx(math.log2(500))
    assert M.difference_sign(0, 1, 1000, 10 ** 6) == -1


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=2, max_size=30), st.randoms())
def test_measures_do_not_depend_on_the_order_of_features(pairs, rnd):
    a, b = (np.array(x) for x in zip(*pairs))
    c, d = int(a.sum()) + 1, int(b.sum()) + 1
    order = list(range(len(pairs)))
    rnd.shuffle(order)
    for f in (M.log_likelihood_2term, M.chi_square, M.log_ratio, M.fisher_exact_p):
        np.testing.assert_array_equal(f(a, b, c, d)[order], f(a[order], b[order], c, d))


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(("table", "message"), [
    ((11, 5, 10, 200), "a <= c"),
    ((-1, 5, 10, 200), ">= 0"),
    ((1, 5, 0, 200), "> 0"),
    ((1, float("nan"), 10, 200), "finite"),
])
def test_measures_reject_impossible_tables(table, message):
    with pytest.raises(ValueError, match=message):
        M.log_likelihood_2term(*table)


def test_measures_reject_bad_options():
    with pytest.raises(ValueError, match="alternative='bigger' is invalid"):
        M.fisher_exact_p(*T1, alternative="bigger")
    with pytest.raises(ValueError, match="integer counts"):
        M.fisher_exact_p(1.5, 2, 10, 10)
    with pytest.raises(ValueError, match="n > 0"):
        M.simple_maths(*T1, n=0)
    with pytest.raises(ValueError, match="prior_scale"):
        M.log_odds_dirichlet(*T1, prior_scale=-1)


# ---------------------------------------------------------------------- p-value adjustment
@given(st.lists(st.floats(0, 1), min_size=1, max_size=200))
@pytest.mark.parametrize("method", ["bh", "by"])
def test_adjust_matches_scipy_false_discovery_control(method, p):
    np.testing.assert_allclose(adjust_p_values(p, method=method),
                               stats.false_discovery_control(p, method=method), rtol=1e-12, atol=1e-15)


def test_adjust_by_hand():
    p = [0.01, 0.04, 0.03, 0.20]
    # BH: sorted 0.01, 0.03, 0.04, 0.20 -> m p / rank = 0.04, 0.06, 0.0533, 0.20 -> step-up minimum
    assert adjust_p_values(p, method="bh").tolist() == pytest.approx([0.04, 4 * 0.04 / 3, 4 * 0.04 / 3, 0.20])
    assert adjust_p_values(p, method="bonferroni").tolist() == pytest.approx([0.04, 0.16, 0.12, 0.8])
    assert adjust_p_values(p, method="none").tolist() == p


def test_adjust_keeps_missing_values_out_of_m():
    out = adjust_p_values([0.01, np.nan, 0.02], method="bonferroni")
    assert out[0] == pytest.approx(0.02) and np.isnan(out[1]) and out[2] == pytest.approx(0.04)
    assert np.isnan(adjust_p_values([np.nan], method="bh")).all()


def test_adjust_rejects_bad_input():
    with pytest.raises(ValueError, match="adjust='holm' is invalid"):
        adjust_p_values([0.1], method="holm")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        adjust_p_values([1.5], method="bh")
