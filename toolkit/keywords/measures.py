"""Keyness statistics and effect sizes of one word in two corpora: pure, vectorised 2x2 formulas.

Every function takes the four numbers of the keyness table of Rayson & Garside (2000), as the
UCREL log-likelihood calculator names them, and broadcasts over NumPy arrays (one value per
word), so a whole vocabulary is scored at once::

                          target     reference   total
    frequency of word       a            b        a + b
    other words           c - a        d - b      N - a - b
    total                   c            d        N = c + d

``a``, ``b`` are the word's frequencies in the target and the reference corpus, ``c``, ``d``
the corpus sizes in tokens. Expected frequencies under "same rate in both corpora" are
``E_ij = row_i * column_j / N``, so ``E1 = c (a + b) / N`` and ``E2 = d (a + b) / N`` for the
word's two cells. Every statistic here is unsigned as published; :func:`difference_sign` gives
the direction (+1 where the target's rate ``a / c`` is higher), used by
:func:`toolkit.keywords.keyness` to sign them.

==========================  ===========================================================  ======
function                    formula                                                      null
==========================  ===========================================================  ======
:func:`log_likelihood_2term`  ``2 [a ln(a/E1) + b ln(b/E2)]`` (Rayson & Garside 2000)      0
:func:`log_likelihood_4term`  ``2 sum_ij O_ij ln(O_ij/E_ij)`` over 4 cells (Dunning 1993)  0
:func:`williams_q`          divisor of the 4-term G2 (Williams 1976)                       1
:func:`chi_square`          ``N (ad' - bc')^2 / (R1 R2 C1 C2)``, optionally Yates          0
:func:`fisher_exact_p`      hypergeometric p-value (Fisher 1935), as scipy                 1
:func:`pmi`                 ``log2(a N / ((a + b) c))`` (Church & Hanks 1990)              0
:func:`log_ratio`           ``log2((a/c) / (b/d))``, 0 -> 0.5 (Hardie 2014)                0
:func:`pct_diff`            ``100 (f_a - f_b) / f_b`` per million, 0 -> 1e-18 (G&M 2012)   0
:func:`odds_ratio`          ``a (d - b) / (b (c - a))``, +0.5 if a cell is 0               1
:func:`simple_maths`        ``(f_a + n) / (f_b + n)`` per million (Kilgarriff 2009)        1
:func:`log_odds_dirichlet`  delta and z (Monroe, Colaresi & Quinn 2008)                    0
==========================  ===========================================================  ======

(``d' = d - b``, ``c' = c - a``: the table's other cells; "null" is the value for equal rates.)
Zero cells follow ``0 ln 0 = 0``. A word that occurs in neither corpus (``a + b = 0``) gets
the null value everywhere.

References
----------
Church, K. W., & Hanks, P. (1990). Word association norms, mutual information, and
lexicography. *Computational Linguistics*, 16(1), 22-29.
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
*Computational Linguistics*, 19(1), 61-74.
Fisher, R. A. (1935). *The Design of Experiments*. Oliver & Boyd.
Gabrielatos, C., & Marchi, A. (2012). Keyness: appropriate metrics and practical issues.
CADS International Conference, University of Bologna, 13-14 September 2012.
Haldane, J. B. S. (1956). The estimation and significance of the logarithm of a ratio of
frequencies. *Annals of Human Genetics*, 20(4), 309-311.
Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches to
Social Science (CASS), 28 April 2014. http://cass.lancs.ac.uk/log-ratio-an-informal-introduction/
Kilgarriff, A. (2009). Simple maths for keywords. In M. Mahlberg, V. Gonzalez-Diaz & C. Smith
(Eds.), *Proceedings of the Corpus Linguistics Conference CL2009*. University of Liverpool.
Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical feature selection
and evaluation for identifying the content of political conflict. *Political Analysis*, 16(4),
372-403.
Rayson, P., & Garside, R. (2000). Comparing corpora using frequency profiling. In *Proceedings
of the Workshop on Comparing Corpora (ACL 2000)*, 1-6. The formulas are those of the UCREL
log-likelihood and effect size calculator, https://ucrel.lancs.ac.uk/llwizard.html.
Sokal, R. R., & Rohlf, F. J. (1995). *Biometry* (3rd ed.). W. H. Freeman. (G-test of
independence with Williams' correction, section 17.6.)
Williams, D. A. (1976). Improved likelihood ratio tests for complete contingency tables.
*Biometrika*, 63(1), 33-37.
Yates, F. (1934). Contingency tables involving small numbers and the chi-squared test.
*Supplement to the Journal of the Royal Statistical Society*, 1(2), 217-235.

Examples
--------
>>> import numpy as np
>>> a, b, c, d = np.array([10, 2]), np.array([5, 4]), 100, 200
>>> log_likelihood_2term(a, b, c, d).round(4)          # 10 ln 2; equal rates -> 0
array([6.9315, 0.    ])
>>> log_ratio(a, b, c, d)                              # 4 times the rate; equal rates
array([2., 0.])
>>> difference_sign(a, b, c, d)
array([1., 0.])
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from scipy import special

from toolkit.errors import invalid_value_message

__all__ = [
    "ALTERNATIVES",
    "chi2_p_value",
    "chi_square",
    "difference_sign",
    "fisher_exact_log10p",
    "fisher_exact_p",
    "log_likelihood_2term",
    "log_likelihood_4term",
    "log_odds_dirichlet",
    "log_ratio",
    "odds_ratio",
    "pct_diff",
    "per_million",
    "pmi",
    "simple_maths",
    "williams_q",
]

Alternative = Literal["two-sided", "greater", "less"]
ALTERNATIVES: tuple[str, ...] = ("two-sided", "greater", "less")

#: Hardie's (2014) stand-in for a zero frequency in Log Ratio.
LOG_RATIO_ZERO = 0.5
#: Gabrielatos & Marchi's (2012) stand-in for a zero normalised reference frequency in %DIFF.
PCT_DIFF_ZERO = 1e-18
#: Haldane-Anscombe correction added to every cell of a table with a zero cell (odds ratio).
HALDANE = 0.5
#: Fisher's test: log-probabilities closer than this count as equal (ties of the two-sided test)
_FISHER_TIE = 1e-7
#: a hypergeometric tail stops when its next term is below this fraction of the sum so far
_RUN_TOLERANCE = 1e-17


# ---------------------------------------------------------------------- inputs
def _table(a: Any, b: Any, c: Any, d: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Broadcast the four numbers to float arrays and check that they form a keyness table."""
    a, b, c, d = np.broadcast_arrays(*(np.asarray(x, dtype=np.float64) for x in (a, b, c, d)))
    if not all(np.isfinite(x).all() for x in (a, b, c, d)):
        raise ValueError("frequencies a, b and corpus sizes c, d must be finite numbers")
    if (a < 0).any() or (b < 0).any():
        raise ValueError("word frequencies a and b must be >= 0")
    if (c <= 0).any() or (d <= 0).any():
        raise ValueError("corpus sizes c and d must be > 0 (an empty corpus has no rates to compare)")
    if (a > c).any() or (b > d).any():
        raise ValueError("a word cannot be more frequent than its corpus is long: need a <= c and b <= d")
    return a, b, c, d


def per_million(freq: Any, total: Any) -> np.ndarray:
    """Frequency per million tokens: ``10^6 freq / total``.

    >>> float(per_million(5, 200))
    25000.0
    """
    return np.asarray(freq, dtype=np.float64) * 1e6 / np.asarray(total, dtype=np.float64)


def difference_sign(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """+1 where the target's rate ``a / c`` exceeds the reference's ``b / d``, -1 where lower, 0 if equal.

    Computed as ``sign(a d - b c)``, exact for counts below 2^26 each.

    >>> difference_sign([3, 1, 2], [1, 3, 4], 100, 200)
    array([ 1., -1.,  0.])
    """
    a, b, c, d = _table(a, b, c, d)
    return np.sign(a * d - b * c)


# ---------------------------------------------------------------------- log-likelihood
def log_likelihood_2term(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Log-likelihood G2 in the 2-term form of Rayson & Garside (2000), as the UCREL calculator.

    ``G2 = 2 [a ln(a / E1) + b ln(b / E2)]`` with ``E1 = c (a + b) / (c + d)`` and
    ``E2 = d (a + b) / (c + d)``: the sum runs over the word's two cells only (Read & Cressie's
    form cited by Rayson & Garside), with ``0 ln 0 = 0``. Compare with the critical values of
    chi-square with 1 degree of freedom (3.84 for p < 0.05, 6.63 for p < 0.01).

    Parameters
    ----------
    a, b : array-like
        Frequencies of the word in the target and the reference corpus.
    c, d : array-like
        Sizes of the target and the reference corpus (tokens).

    Returns
    -------
    numpy.ndarray
        G2 >= 0 (unsigned).

    Examples
    --------
    >>> float(log_likelihood_2term(10, 5, 100, 200))     # E1 = 5, E2 = 10: 2 (10 ln 2 + 5 ln 0.5)
    6.931471805599453
    >>> float(log_likelihood_2term(0, 5, 100, 200))      # E2 = 10/3: 2 (0 + 5 ln 1.5)
    4.054651081081644
    """
    a, b, c, d = _table(a, b, c, d)
    n = c + d
    k = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        e1, e2 = c * k / n, d * k / n
        g2 = 2.0 * (special.xlogy(a, a / e1) + special.xlogy(b, b / e2))
    return np.where(k > 0, np.maximum(g2, 0.0), 0.0)


def _four_cells(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Observed and expected frequencies of the 4 cells of the keyness table."""
    n = c + d
    k = a + b
    observed = [a, b, c - a, d - b]
    expected = [c * k / n, d * k / n, c * (n - k) / n, d * (n - k) / n]
    return observed, expected


def log_likelihood_4term(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Log-likelihood G2 over all four cells of the 2x2 table (Dunning 1993; AntConc's default).

    ``G2 = 2 sum_ij O_ij ln(O_ij / E_ij)`` over the cells ``a, b, c - a, d - b`` with
    ``E_ij = R_i C_j / N``: the likelihood-ratio test of independence of the 2x2 table, as in
    NLTK's ``BigramAssocMeasures.likelihood_ratio``. It is at least the 2-term value, and close
    to it when the word is rare in both corpora.

    Examples
    --------
    >>> import math
    >>> g2 = float(log_likelihood_4term(10, 5, 100, 200))
    >>> # cells 10, 5, 90, 195; expected 5, 10, 95, 190
    >>> math.isclose(g2, 2 * (10 * math.log(2) + 5 * math.log(.5) + 90 * math.log(90 / 95)
    ...                       + 195 * math.log(195 / 190)))
    True
    >>> round(g2, 6)
    7.329812
    """
    a, b, c, d = _table(a, b, c, d)
    observed, expected = _four_cells(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * sum(special.xlogy(o, o / e) for o, e in zip(observed, expected))
    k = a + b
    return np.where((k > 0) & (k < c + d), np.maximum(g2, 0.0), 0.0)


def williams_q(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Williams' (1976) correction divisor ``q`` for the G2 of a 2x2 table: ``G2_adj = G2 / q``.

    For an ``r x k`` test of independence (Williams 1976; Sokal & Rohlf 1995, section 17.6)::

        q = 1 + (N sum_i 1/R_i - 1) (N sum_j 1/C_j - 1) / (6 N (r - 1)(k - 1))

    which for the keyness table (rows ``a + b`` and ``N - a - b``, columns ``c`` and ``d``) is
    ``q = 1 + (N/R1 + N/R2 - 1)(N/c + N/d - 1) / (6 N)``. ``q > 1``, so the corrected statistic
    is smaller; the correction matters for small tables only. Williams derived it for the 4-term
    (independence) G2, so :func:`toolkit.keywords.keyness` applies it to ``measure="g2_4term"``.
    A word that is all of the corpus (``R2 = 0``) or absent (``R1 = 0``) gets ``q = 1``.

    Examples
    --------
    >>> # N = 300, R1 = 15, R2 = 285: 1 + (20 + 300/285 - 1)(3 + 1.5 - 1) / 1800
    >>> round(float(williams_q(10, 5, 100, 200)), 8)
    1.03899123
    """
    a, b, c, d = _table(a, b, c, d)
    n = c + d
    r1 = a + b
    r2 = n - r1
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / r1 + n / r2 - 1.0) * (n / c + n / d - 1.0) / (6.0 * n)
    return np.where((r1 > 0) & (r2 > 0), q, 1.0)


# ---------------------------------------------------------------------- chi-square, Fisher
def chi_square(a: Any, b: Any, c: Any, d: Any, *, yates: bool = False) -> np.ndarray:
    """Pearson's chi-square of the 2x2 table, with or without Yates' (1934) continuity correction.

    ``chi2 = sum_ij (O_ij - E_ij)^2 / E_ij = N (a (d - b) - b (c - a))^2 / (R1 R2 c d)``, with
    rows ``R1 = a + b``, ``R2 = N - R1``. In a 2x2 table ``|O - E|`` is the same in every cell,
    ``|a d - b c| / N``; Yates replaces it by ``|O - E| - 1/2``, here ``max(0, |O - E| - 1/2)``
    as scipy.stats.chi2_contingency(correction=True) does, so the correction never overshoots::

        chi2_Yates = N max(0, |a d - b c| - N / 2)^2 / (R1 R2 c d)

    A word absent from both corpora, or making up all of both, gets 0.

    Examples
    --------
    >>> # a d - b c = 10 * 195 - 5 * 90 = 1500; N = 300; R1 R2 c d = 15 * 285 * 100 * 200
    >>> float(chi_square(10, 5, 100, 200))               # 300 * 1500^2 / 85 500 000 = 150/19
    7.894736842105263
    >>> float(chi_square(10, 5, 100, 200, yates=True))   # 300 * 1350^2 / 85 500 000 = 243/38
    6.394736842105263
    """
    a, b, c, d = _table(a, b, c, d)
    n = c + d
    r1 = a + b
    r2 = n - r1
    diff = np.abs(a * d - b * c)
    if yates:
        diff = np.maximum(diff - n / 2.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = n * diff ** 2 / (r1 * r2 * c * d)
    return np.where((r1 > 0) & (r2 > 0), chi2, 0.0)


def chi2_p_value(statistic: Any) -> np.ndarray:
    """Upper-tail p-value of chi-square with 1 degree of freedom (for G2 and chi-square).

    >>> round(float(chi2_p_value(3.841458820694124)), 6)
    0.05
    """
    # chi-square with 1 df is the square of a standard normal: P(X > x) = erfc(sqrt(x / 2)), which is
    # scipy.stats.chi2.sf(x, 1) (to 1e-12, relative) ten times faster
    return special.erfc(np.sqrt(np.abs(np.asarray(statistic, dtype=np.float64)) / 2.0))


def _log_hypergeom_pmf(x: np.ndarray, big_m: np.ndarray, k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``ln P(X = x)``, X ~ Hypergeom(M, K, n), via log-beta functions (as scipy's ``hypergeom.logpmf``)."""
    bad = big_m - k
    with np.errstate(invalid="ignore"):
        value = (special.betaln(k + 1, 1) + special.betaln(bad + 1, 1) + special.betaln(big_m - n + 1, n + 1)
                 - special.betaln(x + 1, k - x + 1) - special.betaln(n - x + 1, bad - n + x + 1)
                 - special.betaln(big_m + 1, 1))
    inside = (x >= np.maximum(0, n - bad)) & (x <= np.minimum(k, n))
    return np.where(inside, value, -np.inf)


def _log_run(start: np.ndarray, step: int, big_m: np.ndarray, k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``ln sum_{j >= 0} P(X = start + j step)`` for runs that lead away from the mode.

    The terms then only decrease: each is the previous one times the ratio of consecutive
    hypergeometric probabilities, and the sum stops at the end of the support or when a term
    falls below 1e-17 of the sum. Vectorised over the features; ``-inf`` for an empty run.
    """
    log_first = _log_hypergeom_pmf(start, big_m, k, n)
    total = np.ones(start.shape)
    term = np.ones(start.shape)
    v = start.astype(np.float64)
    kf, nf, rest = k.astype(np.float64), n.astype(np.float64), (big_m - k - n).astype(np.float64)
    active = np.flatnonzero(np.isfinite(log_first))
    while len(active):
        x = v[active]
        if step > 0:     # P(x + 1) / P(x)
            ratio = (kf[active] - x) * (nf[active] - x) / ((x + 1.0) * (rest[active] + x + 1.0))
        else:            # P(x - 1) / P(x)
            ratio = x * (rest[active] + x) / ((kf[active] - x + 1.0) * (nf[active] - x + 1.0))
        term[active] *= ratio
        total[active] += term[active]
        v[active] += step
        active = active[term[active] > _RUN_TOLERANCE * total[active]]
    return log_first + np.log(total)


def _log_tail(x: np.ndarray, lower: bool, mode: np.ndarray, big_m: np.ndarray, k: np.ndarray,
              n: np.ndarray) -> np.ndarray:
    """``ln P(X <= x)`` (``lower``) or ``ln P(X >= x)``: the run away from the mode, or 1 minus the other one."""
    away = x < mode if lower else x > mode
    out = np.empty(x.shape)
    step = -1 if lower else 1
    idx = np.flatnonzero(away)
    out[idx] = _log_run(x[idx], step, big_m[idx], k[idx], n[idx])
    idx = np.flatnonzero(~away)      # the tail holds the mode: 1 - P(the other side)
    other = _log_run(x[idx] - step, -step, big_m[idx], k[idx], n[idx])
    out[idx] = np.log1p(-np.minimum(np.exp(other), 1.0))
    return out


def _bisect_last(fn: Any, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per element, the largest integer ``v`` in ``[lo, hi]`` with ``fn(v, idx)`` true (``lo - 1`` if none);
    ``fn`` must be true then false along the range (vectorised binary search)."""
    lo, hi = lo.copy(), hi.copy()
    active = np.flatnonzero(lo <= hi)
    while len(active):
        mid = (lo[active] + hi[active]) // 2
        ok = fn(mid, active)
        lo[active[ok]] = mid[ok] + 1
        hi[active[~ok]] = mid[~ok] - 1
        active = active[lo[active] <= hi[active]]
    return hi


def _two_sided_log_p(x: np.ndarray, big_m: np.ndarray, k: np.ndarray, n: np.ndarray, mode: np.ndarray,
                     limit: np.ndarray, lower: bool) -> np.ndarray:
    """Two-sided Fisher log p for counts on one side of the mode (``lower``: below it)."""
    def more_probable(v: np.ndarray, j: np.ndarray) -> np.ndarray:
        return _log_hypergeom_pmf(v, big_m[j], k[j], n[j]) > limit[j]

    same_side = _log_tail(x, lower, mode, big_m, k, n)
    if lower:   # the other side: P(X >= v) from the first v above the mode no more probable than x
        last = _bisect_last(more_probable, mode, np.minimum(k, n))
        other = _log_tail(last + 1, False, mode, big_m, k, n)
    else:       # the other side: P(X <= v) up to the last v below the mode no more probable than x
        last = _bisect_last(lambda v, j: ~more_probable(v, j), np.maximum(0, n - (big_m - k)), mode)
        other = _log_tail(last, True, mode, big_m, k, n)
    return np.logaddexp(same_side, other)


def _fisher_log_p(a: Any, b: Any, c: Any, d: Any, alternative: str) -> np.ndarray:
    """Natural log of Fisher's exact p-value for every table (see :func:`fisher_exact_p`)."""
    if alternative not in ALTERNATIVES:
        raise ValueError(invalid_value_message("alternative", alternative, ALTERNATIVES))
    fa, fb, fc, fd = _table(a, b, c, d)
    if any((v != np.round(v)).any() for v in (fa, fb, fc, fd)):
        raise ValueError("Fisher's exact test needs integer counts a, b, c, d")
    shape = fa.shape
    x, big_m, k, n = (v.astype(np.int64).ravel() for v in (fa, fc + fd, fa + fb, fc))
    mode = ((n + 1) * (k + 1)) // (big_m + 2)
    if alternative == "less":
        out = _log_tail(x, True, mode, big_m, k, n)
    elif alternative == "greater":
        out = _log_tail(x, False, mode, big_m, k, n)
    else:
        # two-sided: the tables no more probable than the observed one, on both sides of the mode
        log_exact = _log_hypergeom_pmf(x, big_m, k, n)
        limit = log_exact + _FISHER_TIE
        out = np.zeros(x.shape)                  # the observed table at the mode: p = 1
        below = np.flatnonzero(x < mode)
        above = np.flatnonzero(x > mode)
        for idx, lower in ((below, True), (above, False)):
            if len(idx):
                out[idx] = _two_sided_log_p(x[idx], big_m[idx], k[idx], n[idx], mode[idx], limit[idx], lower)
        at_mode = np.abs(log_exact - _log_hypergeom_pmf(mode, big_m, k, n)) <= _FISHER_TIE
        out[at_mode] = 0.0
    out[(k == 0) | (k == big_m)] = 0.0          # an empty row: p = 1, as scipy
    return np.minimum(out, 0.0).reshape(shape)


def fisher_exact_p(a: Any, b: Any, c: Any, d: Any, *, alternative: Alternative = "two-sided") -> np.ndarray:
    """Fisher's exact test of the 2x2 table ``[[a, b], [c - a, d - b]]``, vectorised.

    Given the margins, the target's count of the word is hypergeometric,
    ``X ~ Hypergeom(N = c + d, K = a + b, n = c)``. The p-value is

    * ``"greater"``: ``P(X >= a)``, the target over-uses the word (odds ratio > 1);
    * ``"less"``: ``P(X <= a)``, the target under-uses it (this is what NLTK's
      ``BigramAssocMeasures.fisher`` returns);
    * ``"two-sided"``: the sum of ``P(X = x)`` over every ``x`` with ``P(X = x) <= P(X = a)``,
      as :func:`scipy.stats.fisher_exact` defines it (R's ``fisher.test`` too).

    For a whole vocabulary at once, and for corpus-sized tables (scipy's exact hypergeometric
    functions take time in proportion to ``N``): probabilities come from log-beta functions, as
    in :meth:`scipy.stats.hypergeom.logpmf`, and tails are summed from the observed count away
    from the mode (or as 1 minus the other side when they contain the mode) until the terms are
    below 1e-17 of the sum. Two probabilities within a relative 1e-7 of each other count as
    equal (the log-beta values of million-token tables are accurate to about 1e-8). A table
    with an empty row (``a + b = 0`` or ``c + d - a - b = 0``) has p = 1. The tests pin the
    results to scipy: to 1e-10 (relative) on small tables, 1e-7 on tables of millions of tokens.

    Examples
    --------
    >>> from scipy.stats import fisher_exact
    >>> p = fisher_exact_p([10, 8], [5, 2], 100, [200, 7])
    >>> bool(abs(p[0] - fisher_exact([[10, 5], [90, 195]]).pvalue) < 1e-12)
    True
    >>> round(float(fisher_exact_p(8, 2, 9, 7, alternative="greater")), 6)   # P(X >= 8), X ~ H(16, 10, 9)
    0.024476
    """
    return np.exp(_fisher_log_p(a, b, c, d, alternative))


def fisher_exact_log10p(a: Any, b: Any, c: Any, d: Any, *, alternative: Alternative = "two-sided") -> np.ndarray:
    """``log10`` of :func:`fisher_exact_p`, finite where the p-value itself underflows to 0.

    Examples
    --------
    >>> float(fisher_exact_p(600, 0, 600, 600))                    # 2 / C(1200, 600) underflows
    0.0
    >>> round(float(fisher_exact_log10p(600, 0, 600, 600)), 4)     # log10 2 - log10 C(1200, 600)
    -359.2972
    """
    return _fisher_log_p(a, b, c, d, alternative) / np.log(10.0)


# ---------------------------------------------------------------------- association, effect sizes
def pmi(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Pointwise mutual information of the word and the target corpus (Church & Hanks 1990).

    ``PMI = log2(P(word, target) / (P(word) P(target))) = log2(a N / ((a + b) c))``: how many
    times (in bits) more often the word falls in the target than its share of the tokens
    predicts; 0 for equal rates, ``-inf`` when ``a = 0``. NLTK's ``BigramAssocMeasures.pmi``
    with ``n_ii = a``, ``n_ix = a + b``, ``n_xi = c``, ``n_xx = N``.

    Examples
    --------
    >>> float(pmi(10, 5, 100, 200))                      # log2(10 * 300 / (15 * 100)) = log2 2
    1.0
    """
    a, b, c, d = _table(a, b, c, d)
    k = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log2(a * (c + d) / (k * c))
    return np.where(k > 0, value, 0.0)


def log_ratio(a: Any, b: Any, c: Any, d: Any, *, zero: float = LOG_RATIO_ZERO) -> np.ndarray:
    """Hardie's (2014) Log Ratio: the binary log of the ratio of relative frequencies.

    ``LR = log2((a / c) / (b / d))``: 0 for equal rates, +1 for twice the rate in the target,
    -1 for half. A zero frequency would make it infinite, so, as Hardie's note describes (and
    CQPweb does), a frequency of 0 is replaced by ``zero = 0.5`` before dividing by the corpus
    size; the other frequency is left as it is. A word absent from both corpora gets 0. With a
    zero cell the stand-in can outweigh a small rate on the other side (``a = 0`` of 1,000
    tokens counts as 5e-4, more than 1 in 10^6), so the sign can disagree with the rates;
    :func:`difference_sign` (and the ``direction`` of a keyness table) uses the real rates.

    Examples
    --------
    >>> float(log_ratio(10, 5, 100, 200))                # (10/100) / (5/200) = 4
    2.0
    >>> round(float(log_ratio(0, 5, 100, 200)), 6)       # (0.5/100) / (5/200) = 0.2
    -2.321928
    """
    a, b, c, d = _table(a, b, c, d)
    aa = np.where(a == 0, zero, a)
    bb = np.where(b == 0, zero, b)
    return np.where(a + b > 0, np.log2((aa / c) / (bb / d)), 0.0)


def pct_diff(a: Any, b: Any, c: Any, d: Any, *, zero: float = PCT_DIFF_ZERO) -> np.ndarray:
    """%DIFF of Gabrielatos & Marchi (2012): the percentage difference of normalised frequencies.

    ``%DIFF = 100 (NF_target - NF_reference) / NF_reference`` with ``NF`` the frequency per
    million tokens; 0 for equal rates, -100 for a word absent from the target, and, for a word
    absent from the reference, Gabrielatos & Marchi's stand-in ``NF_reference = 1e-18`` (so the
    value is huge but finite and ranks by the target frequency). Not antisymmetric: swapping the
    corpora flips its sign but not its size (+300 becomes -75).

    Examples
    --------
    >>> float(pct_diff(10, 5, 100, 200))                 # 100 (100 000 - 25 000) / 25 000
    300.0
    >>> f"{float(pct_diff(5, 0, 100, 200)):.6g}"         # 100 (50 000 - 0) / 1e-18
    '5e+24'
    """
    a, b, c, d = _table(a, b, c, d)
    nf_a, nf_b = per_million(a, c), per_million(b, d)
    return np.where(a + b > 0, 100.0 * (nf_a - nf_b) / np.where(nf_b == 0, zero, nf_b), 0.0)


def odds_ratio(a: Any, b: Any, c: Any, d: Any) -> np.ndarray:
    """Odds ratio of the word in the target against the reference: ``(a / (c - a)) / (b / (d - b))``.

    1 for equal rates, > 1 where the target over-uses the word; swapping the corpora gives the
    reciprocal. When any of the four cells is 0, 0.5 is added to all four (the Haldane-Anscombe
    correction: Haldane 1956), so the ratio stays finite. A word absent from both corpora gets 1.

    Examples
    --------
    >>> round(float(odds_ratio(10, 5, 100, 200)), 6)     # (10/90) / (5/195) = 1950 / 450
    4.333333
    >>> round(float(odds_ratio(0, 5, 100, 200)), 6)      # (0.5/100.5) / (5.5/195.5)
    0.176843
    """
    a, b, c, d = _table(a, b, c, d)
    cells = [a, b, c - a, d - b]
    fix = np.where(np.any([x == 0 for x in cells], axis=0), HALDANE, 0.0)
    a1, b1, a0, b0 = (x + fix for x in cells)
    return np.where(a + b > 0, (a1 * b0) / (b1 * a0), 1.0)


def simple_maths(a: Any, b: Any, c: Any, d: Any, *, n: float = 1.0) -> np.ndarray:
    """Kilgarriff's (2009) "simple maths" keyness score: ``(fpm_target + n) / (fpm_reference + n)``.

    ``fpm`` is the frequency per million tokens and ``n`` the add-n smoothing constant
    (Kilgarriff's default 1; larger ``n`` favours commoner words, smaller ``n`` rarer ones).
    1 for equal rates, > 1 where the target over-uses the word; swapping the corpora gives the
    reciprocal.

    Examples
    --------
    >>> round(float(simple_maths(10, 5, 100, 200)), 6)   # (100 000 + 1) / (25 000 + 1)
    3.99988
    >>> round(float(simple_maths(10, 5, 100, 200, n=100)), 6)
    3.988048
    """
    if not (isinstance(n, (int, float)) and not isinstance(n, bool) and n > 0 and np.isfinite(n)):
        raise ValueError(f"simple maths needs a smoothing constant n > 0 (Kilgarriff's default is 1), got {n!r}")
    a, b, c, d = _table(a, b, c, d)
    return (per_million(a, c) + n) / (per_million(b, d) + n)


def log_odds_dirichlet(a: Any, b: Any, c: Any, d: Any, *,
                       prior_scale: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, 3.5.1).

    With the prior ``alpha_w = alpha0 (a + b) / (c + d)`` (the word's pooled rate scaled by
    ``alpha0 = prior_scale``; ``sum_w alpha_w = alpha0``), the estimated log-odds ratio and its
    approximate variance (their equations 16 and 18-20) are::

        delta = ln((a + alpha_w) / (c + alpha0 - a - alpha_w)) - ln((b + alpha_w) / (d + alpha0 - b - alpha_w))
        var   = 1 / (a + alpha_w) + 1 / (b + alpha_w)
        z     = delta / sqrt(var)

    ``z`` is what Monroe et al. rank words by. The paper leaves ``alpha0`` to the analyst: the
    larger it is, the more rare words are shrunk towards "no difference". The default here,
    ``prior_scale=None``, is ``alpha0 = c + d``, so that ``alpha_w = a + b`` (the prior adds the
    word's pooled count once): a choice of this toolkit, recorded in the results.

    Returns
    -------
    (delta, z) : tuple of numpy.ndarray
        Both 0 for equal rates, positive where the target over-uses the word, antisymmetric
        when the corpora are swapped (0 for a word absent from both corpora or making up all
        of both).

    Examples
    --------
    >>> delta, z = log_odds_dirichlet(10, 5, 100, 200, prior_scale=300)   # alpha_w = 15
    >>> # delta = ln(25 / 375) - ln(20 / 480) = ln 1.6; var = 1/25 + 1/20 = 0.09
    >>> round(float(delta), 6), round(float(z), 6)
    (0.470004, 1.566679)
    """
    a, b, c, d = _table(a, b, c, d)
    n = c + d
    if prior_scale is None:
        alpha0 = n
    else:
        if isinstance(prior_scale, bool) or not isinstance(prior_scale, (int, float)) \
                or not np.isfinite(prior_scale) or prior_scale <= 0:
            raise ValueError(f"prior_scale (alpha0 of the Dirichlet prior) must be a number > 0 or None, "
                             f"got {prior_scale!r}")
        alpha0 = np.float64(prior_scale)
    alpha = alpha0 * (a + b) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((a + alpha) / (c + alpha0 - a - alpha)) - np.log((b + alpha) / (d + alpha0 - b - alpha))
        z = delta / np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))
    defined = (a + b > 0) & (a + b < n)   # a word absent, or the only word of both corpora: no contrast
    return np.where(defined, delta, 0.0), np.where(defined, z, 0.0)
