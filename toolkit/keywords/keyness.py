"""Keyness: which words a target corpus uses more (or less) than a reference corpus.

For every feature of a :class:`toolkit.dtm.DTM` the keyness table of Rayson & Garside (2000) is
formed (``a``, ``b``: frequencies in the target and the reference; ``c``, ``d``: their sizes in
tokens) and scored with one test statistic and one effect size from
:mod:`toolkit.keywords.measures`, all features at once (NumPy, no loop over features).

=============  =====================================================================  ===========
``measure``    statistic (signed: + where the target over-uses the word)               p-value
=============  =====================================================================  ===========
``g2``         log-likelihood, 2-term form (Rayson & Garside 2000; UCREL calculator)   chi2, 1 df
``g2_4term``   log-likelihood over the 4 cells (Dunning 1993; AntConc 4's default);   chi2, 1 df
               ``correction="williams"`` divides it by Williams' (1976) ``q``
``chi2``       Pearson chi-square; ``correction="yates"``: Yates' continuity correction chi2, 1 df
``fisher``     ``-log10 p`` of Fisher's exact test (``alternative=`` two-sided,         exact
               greater, less)
``pmi``        pointwise mutual information of word and target (bits)                 none
=============  =====================================================================  ===========

============================  ==================================================================  ====
``effect``                    effect size                                                          null
============================  ==================================================================  ====
``log_ratio``                 Hardie's (2014) Log Ratio, ``log2`` of the ratio of rates, 0 -> 0.5    0
``pct_diff``                  %DIFF (Gabrielatos & Marchi 2012), zero reference -> 1e-18             0
``odds_ratio``                odds ratio, Haldane-Anscombe +0.5 when a cell is 0                     1
``log_odds_ratio``            natural log of ``odds_ratio``                                          0
``simple_maths``              Kilgarriff (2009): ``(fpm_t + n) / (fpm_r + n)``, ``n=simple_maths_n``  1
``log_odds_dirichlet``        z-score of the log-odds ratio with informative Dirichlet prior        0
                              (Monroe, Colaresi & Quinn 2008), ``alpha0=prior_scale``
``log_odds_dirichlet_delta``  the log-odds ratio (delta) itself                                      0
============================  ==================================================================  ====

The "null" value is the effect for equal rates; it is in ``attrs["effect_null"]``. Ratios
(``odds_ratio``, ``simple_maths``) become their reciprocals when the corpora are swapped; every
other statistic and effect changes sign.

Filters, applied before testing (so p-values are adjusted over the features tested):
``min_freq`` (frequency in target + reference), ``min_docs`` (documents of target + reference
containing the feature) and ``min_dispersion``: Juilland's D (Juilland & Chang-Rodriguez 1964;
Gries 2008) of the feature's relative frequencies (count / document length) over the documents
of the side that over-uses it, ``D = 1 - (sigma / mu) / sqrt(n - 1)`` with the population
standard deviation and ``n`` documents with at least one token: 1 for a word spread evenly, 0
for a word from one document. It is reported as ``dispersion``. P-values are adjusted with
``adjust`` (:func:`toolkit.keywords.adjust.adjust_p_values`) and ``significant`` is
``p_adjusted <= alpha``.

A :class:`toolkit.corpus.Corpus` is first turned into a DTM with ``preprocessor`` (default
``Preprocessor()``: normalised, clitic-aware Arabic tokens, so والإرهاب, بالإرهاب and الإرهاب
are one feature; no stop-word list; see :mod:`toolkit.keywords.frequency`).

References
----------
Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. *International Journal
of Corpus Linguistics*, 13(4), 403-437.
Juilland, A., & Chang-Rodriguez, E. (1964). *Frequency Dictionary of Spanish Words*. Mouton.
(and the references of :mod:`toolkit.keywords.measures`)

Examples
--------
>>> from toolkit.corpus import Corpus
>>> corpus = Corpus.from_records([
...     {"doc_id": "a", "text": "terrorism terrorism security peace", "lang": "en", "period": "after"},
...     {"doc_id": "b", "text": "terrorism security council", "lang": "en", "period": "after"},
...     {"doc_id": "c", "text": "peace peace council development", "lang": "en", "period": "before"},
...     {"doc_id": "d", "text": "development peace council", "lang": "en", "period": "before"},
... ])
>>> table = keyness(corpus, "period == 'after'")
>>> table[["feature", "target_freq", "reference_freq", "statistic", "effect", "direction"]].round(3)
       feature  target_freq  reference_freq  statistic  effect  direction
0    terrorism            3               0      4.159   2.585     target
1     security            2               0      2.773   2.000     target
2      council            1               2     -0.340  -1.000  reference
3        peace            1               3     -1.046  -1.585  reference
4  development            0               2     -2.773  -2.000  reference
>>> # terrorism: a = 3, b = 0, c = d = 7; E1 = 1.5: G2 = 2 * 3 ln 2; Log Ratio log2((3/7) / (0.5/7))
>>> table.attrs["measure"], table.attrs["effect"], table.attrs["reference"]
('g2', 'log_ratio', None)
"""

from __future__ import annotations

import logging
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from toolkit.dtm import DTM
from toolkit.errors import invalid_value_message
from toolkit.keywords import measures as M
from toolkit.keywords.adjust import ADJUSTMENTS, adjust_p_values
from toolkit.keywords.frequency import as_dtm, name_ranks
from toolkit.selection import docvars_mask
from toolkit.text.preprocess import Preprocessor

__all__ = ["CORRECTIONS", "EFFECTS", "EFFECT_NULL", "KEYNESS_COLUMNS", "MEASURES", "keyness", "keyness_by_period"]

logger = logging.getLogger(__name__)

Measure = Literal["g2", "g2_4term", "chi2", "fisher", "pmi"]
Correction = Literal["none", "yates", "williams"]
Effect = Literal["log_ratio", "pct_diff", "odds_ratio", "log_odds_ratio", "simple_maths", "log_odds_dirichlet",
                 "log_odds_dirichlet_delta"]

#: measure -> what it is
MEASURES: Mapping[str, str] = {
    "g2": "log-likelihood G2, 2-term form (Rayson & Garside 2000)",
    "g2_4term": "log-likelihood G2 over the 4 cells (Dunning 1993)",
    "chi2": "Pearson chi-square of the 2x2 table",
    "fisher": "-log10 p of Fisher's exact test",
    "pmi": "pointwise mutual information of word and target (bits)",
}
#: measure -> the corrections it accepts
CORRECTIONS: Mapping[str, tuple[str, ...]] = {
    "g2": ("none",), "g2_4term": ("none", "williams"), "chi2": ("none", "yates"), "fisher": ("none",),
    "pmi": ("none",),
}
#: effect -> what it is
EFFECTS: Mapping[str, str] = {
    "log_ratio": "Log Ratio, log2 of the ratio of relative frequencies (Hardie 2014)",
    "pct_diff": "%DIFF (Gabrielatos & Marchi 2012)",
    "odds_ratio": "odds ratio (Haldane-Anscombe correction for zero cells)",
    "log_odds_ratio": "natural log of the odds ratio",
    "simple_maths": "simple maths score (Kilgarriff 2009)",
    "log_odds_dirichlet": "z-score of the log-odds ratio with informative Dirichlet prior (Monroe et al. 2008)",
    "log_odds_dirichlet_delta": "log-odds ratio with informative Dirichlet prior (Monroe et al. 2008)",
}
#: effect -> its value for equal rates
EFFECT_NULL: Mapping[str, float] = {
    "log_ratio": 0.0, "pct_diff": 0.0, "odds_ratio": 1.0, "log_odds_ratio": 0.0, "simple_maths": 1.0,
    "log_odds_dirichlet": 0.0, "log_odds_dirichlet_delta": 0.0,
}
#: columns of the keyness table, in order (keyness_by_period adds "period" first)
KEYNESS_COLUMNS: tuple[str, ...] = (
    "feature", "target_freq", "reference_freq", "target_total", "reference_total", "target_per_million",
    "reference_per_million", "target_docs", "reference_docs", "dispersion", "statistic", "p_value",
    "p_adjusted", "significant", "effect", "effect_measure", "direction", "measure", "correction",
)
_P_VALUE = {"g2": "chi2_1df", "g2_4term": "chi2_1df", "chi2": "chi2_1df", "fisher": "exact", "pmi": None}


# ---------------------------------------------------------------------- options
def _check_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def _options(measure: Any, correction: Any, effect: Any, alternative: Any, min_freq: Any, min_docs: Any,
             min_dispersion: Any, adjust: Any, alpha: Any, simple_maths_n: Any, prior_scale: Any) -> dict[str, Any]:
    """Validate the keyness options; return them as a plain dict (recorded in ``attrs``)."""
    if measure not in MEASURES:
        raise ValueError(invalid_value_message("measure", measure, MEASURES))
    correction = "none" if correction is None else correction
    if correction not in CORRECTIONS[measure]:
        hint = {"williams": "Williams' correction is defined for the 4-term G2: use measure='g2_4term'",
                "yates": "Yates' correction is for Pearson's chi-square: use measure='chi2'"}.get(correction, "")
        raise ValueError(invalid_value_message("correction", correction, CORRECTIONS[measure])
                         + f" for measure={measure!r}" + (f"; {hint}" if hint else ""))
    if effect not in EFFECTS:
        raise ValueError(invalid_value_message("effect", effect, EFFECTS))
    if alternative not in M.ALTERNATIVES:
        raise ValueError(invalid_value_message("alternative", alternative, M.ALTERNATIVES))
    if alternative != "two-sided" and measure != "fisher":
        raise ValueError(f"alternative={alternative!r} applies to measure='fisher' only; the p-values of "
                         f"{measure!r} are two-sided (use the statistic's sign for the direction)")
    if adjust not in ADJUSTMENTS:
        raise ValueError(invalid_value_message("adjust", adjust, ADJUSTMENTS))
    if adjust != "none" and _P_VALUE[measure] is None:
        raise ValueError(f"measure={measure!r} has no p-value to adjust; use adjust='none' or a test "
                         "('g2', 'g2_4term', 'chi2', 'fisher')")
    if min_dispersion is not None and (isinstance(min_dispersion, bool) or not isinstance(min_dispersion, numbers.Real)
                                       or not 0 <= min_dispersion <= 1):
        raise ValueError(f"min_dispersion (Juilland's D) must be a number in [0, 1] or None, got {min_dispersion!r}")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number in (0, 1), got {alpha!r}")
    M.simple_maths(1, 1, 2, 2, n=simple_maths_n)          # validates n
    M.log_odds_dirichlet(1, 1, 2, 2, prior_scale=prior_scale)   # validates alpha0
    return {"measure": measure, "correction": correction, "effect": effect, "alternative": alternative,
            "min_freq": _check_count("min_freq", min_freq), "min_docs": _check_count("min_docs", min_docs),
            "min_dispersion": None if min_dispersion is None else float(min_dispersion),
            "adjust": adjust, "alpha": float(alpha), "simple_maths_n": float(simple_maths_n),
            "prior_scale": None if prior_scale is None else float(prior_scale)}


# ---------------------------------------------------------------------- sides
def _describe(value: Any) -> tuple[str | None, str]:
    """(query or None, kind) of a target/reference argument."""
    if value is None:
        return None, "rest"
    if isinstance(value, str):
        return value, "query"
    if isinstance(value, DTM):
        return None, "dtm"
    return None, "mask"


def _side_mask(m: DTM, value: Any, role: str) -> np.ndarray:
    if isinstance(value, str):
        return docvars_mask(m.docvars, value)
    try:
        return docvars_mask(m.docvars, mask=value)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{role} must be a docvars query (str), a boolean mask with one value per document "
                         f"({m.n_docs}) or a DTM; got {type(value).__name__}: {err}") from err


def _check_side(n_selected: int, value: Any, role: str, n_docs: int, columns: list[str]) -> None:
    if n_selected:
        return
    if isinstance(value, str):  # an empty selection is a bad value, not a bad type
        raise ValueError(f"{role} query {value!r} matched 0 of the {n_docs} documents; check it against the "  # noqa: TRY004
                         f"docvars {columns} (strings need quotes, e.g. \"period == 'after'\")")
    raise ValueError(f"the {role} mask selects 0 of the {n_docs} documents")


def _align(parts: list[DTM]) -> tuple[list[sparse.csr_matrix], np.ndarray]:
    """Counts of several DTMs over the union of their features (sorted)."""
    names = np.unique(np.concatenate([p.feature_names.astype(str) for p in parts]))
    out = []
    for p in parts:
        cols = np.searchsorted(names, p.feature_names.astype(str))
        x = p.counts.tocoo()
        out.append(sparse.csr_matrix((x.data, (x.row, cols[x.col])), shape=(p.n_docs, len(names))))
    return out, names.astype(object)


def _sides(dtm_or_corpus: Any, target: Any, reference: Any,
           preprocessor: Preprocessor | None) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray, Preprocessor]:
    """Counts (documents x features), a side code per row (0 target, 1 reference, -1 neither), names."""
    if isinstance(target, DTM) or isinstance(reference, DTM):
        if not isinstance(target, DTM):
            raise TypeError("with a DTM as reference, the target must be a DTM too")
        if preprocessor is not None:
            raise ValueError("preprocessor= applies to a Corpus only; target and reference are DTMs")
        if reference is None:
            if not isinstance(dtm_or_corpus, DTM):
                raise ValueError("reference=None means the rest of dtm_or_corpus, which must then be a DTM; "
                                 "or pass reference=<DTM>")
            rest = ~np.isin(np.asarray(dtm_or_corpus.doc_ids, dtype=object), np.asarray(target.doc_ids, dtype=object))
            reference = dtm_or_corpus.subset(mask=rest)
        elif not isinstance(reference, DTM):
            raise TypeError("with a DTM as target, the reference must be a DTM too, or None (the rest of "
                            "dtm_or_corpus)")
        if target.preprocessor.fingerprint != reference.preprocessor.fingerprint:
            raise ValueError("target and reference DTMs were built with different preprocessors "
                             f"({target.preprocessor!r} and {reference.preprocessor!r}); their counts are not "
                             "comparable: build both with the same Preprocessor")
        both = sorted(set(target.doc_ids) & set(reference.doc_ids))
        if both:
            raise ValueError(f"target and reference overlap: {len(both)} documents are in both (e.g. {both[:3]}); "
                             "a document can be on one side only")
        for part, role in ((target, "target"), (reference, "reference")):
            if part.n_docs == 0:
                raise ValueError(f"the {role} DTM has no documents")
        (xt, xr), names = _align([target, reference])
        codes = np.r_[np.zeros(target.n_docs, np.int64), np.ones(reference.n_docs, np.int64)]
        return sparse.vstack([xt, xr], format="csr"), codes, names, target.preprocessor
    m = as_dtm(dtm_or_corpus, preprocessor, caller="keyness")
    columns = list(m.docvars.columns)
    in_target = _side_mask(m, target, "target")
    _check_side(int(in_target.sum()), target, "target", m.n_docs, columns)
    if reference is None:
        in_reference = ~in_target
        if not in_reference.any():
            raise ValueError(f"the target selects all {m.n_docs} documents, so the rest of the corpus (the "
                             "default reference) is empty; give reference= explicitly")
    else:
        in_reference = _side_mask(m, reference, "reference")
        _check_side(int(in_reference.sum()), reference, "reference", m.n_docs, columns)
        overlap = in_target & in_reference
        if overlap.any():
            ids = m.docvars.index[overlap].tolist()
            raise ValueError(f"target and reference overlap: {len(ids)} documents match both (e.g. {ids[:3]}); "
                             "a document can be on one side only, so make the two selections exclusive")
    codes = np.where(in_target, 0, np.where(in_reference, 1, -1)).astype(np.int64)
    return m.counts, codes, m.feature_names, m.preprocessor


# ---------------------------------------------------------------------- aggregation
@dataclass(frozen=True)
class _Side:
    """Totals of one side (a set of documents) per feature: what the keyness table needs."""

    freq: np.ndarray        # occurrences (int64)
    docs: np.ndarray        # documents containing the feature (int64)
    rel_sum: np.ndarray     # sum over documents of count / document length
    rel_sq_sum: np.ndarray  # sum over documents of (count / document length)^2
    n_parts: int            # documents with at least one token

    @classmethod
    def of(cls, counts: sparse.csr_matrix, rows: np.ndarray) -> _Side:
        """Totals over the documents ``rows`` of ``counts``, one pass over their non-zero cells."""
        x = counts if len(rows) == counts.shape[0] else counts[rows]
        if (x.data == 0).any():          # explicit zeros would count as documents containing a feature
            x = x.copy()
            x.eliminate_zeros()
        n_features = x.shape[1]
        cols = x.indices.astype(np.intp)
        sizes = np.asarray(x.sum(axis=1)).ravel().astype(np.float64)
        rel = x.data / np.repeat(sizes, np.diff(x.indptr))
        return cls(freq=np.asarray(x.sum(axis=0)).ravel().astype(np.int64),
                   docs=np.bincount(cols, minlength=n_features).astype(np.int64),
                   rel_sum=np.bincount(cols, weights=rel, minlength=n_features),
                   rel_sq_sum=np.bincount(cols, weights=rel * rel, minlength=n_features),
                   n_parts=int((sizes > 0).sum()))

    def __sub__(self, other: _Side) -> _Side:
        """The documents of ``self`` that are not in ``other`` (a subset of them)."""
        freq = self.freq - other.freq
        present = freq > 0   # no rounding residue where the feature is gone
        return _Side(freq, self.docs - other.docs, np.where(present, self.rel_sum - other.rel_sum, 0.0),
                     np.where(present, self.rel_sq_sum - other.rel_sq_sum, 0.0), self.n_parts - other.n_parts)


def _juilland_d(rel_sum: np.ndarray, rel_sq_sum: np.ndarray, n: int) -> np.ndarray:
    """Juilland's D from the sums of relative frequencies and of their squares over ``n`` parts."""
    if n < 2:
        return np.full(rel_sum.shape, np.nan)
    mean = rel_sum / n
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(np.maximum(rel_sq_sum / n - mean ** 2, 0.0))
        d = 1.0 - (sd / mean) / np.sqrt(n - 1.0)
    return np.where(mean > 0, np.clip(d, 0.0, 1.0), np.nan)


# ---------------------------------------------------------------------- scoring
def _statistic(opts: dict[str, Any], a: np.ndarray, b: np.ndarray, c: float, d: float,
               sign: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signed statistic and p-value of every feature."""
    measure = opts["measure"]
    if measure == "pmi":
        return M.pmi(a, b, c, d), np.full(a.shape, np.nan)
    if measure == "fisher":
        log10p = M.fisher_exact_log10p(a, b, c, d, alternative=opts["alternative"])
        return sign * -log10p + 0.0, 10.0 ** log10p
    if measure == "g2":
        stat = M.log_likelihood_2term(a, b, c, d)
    elif measure == "g2_4term":
        stat = M.log_likelihood_4term(a, b, c, d)
        if opts["correction"] == "williams":
            stat = stat / M.williams_q(a, b, c, d)
    else:
        stat = M.chi_square(a, b, c, d, yates=opts["correction"] == "yates")
    return sign * stat + 0.0, M.chi2_p_value(stat)


def _effect(opts: dict[str, Any], a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    effect = opts["effect"]
    if effect == "log_ratio":
        return M.log_ratio(a, b, c, d)
    if effect == "pct_diff":
        return M.pct_diff(a, b, c, d)
    if effect in ("odds_ratio", "log_odds_ratio"):
        ratio = M.odds_ratio(a, b, c, d)
        return ratio if effect == "odds_ratio" else np.log(ratio)
    if effect == "simple_maths":
        return M.simple_maths(a, b, c, d, n=opts["simple_maths_n"])
    delta, z = M.log_odds_dirichlet(a, b, c, d, prior_scale=opts["prior_scale"])
    return z if effect == "log_odds_dirichlet" else delta


def _score(target: _Side, reference: _Side, names: np.ndarray, ranks: np.ndarray,
           opts: dict[str, Any]) -> pd.DataFrame:
    """The keyness table of one target side against one reference side (``ranks``: of the names)."""
    a, b = target.freq, reference.freq
    docs_t, docs_r = target.docs, reference.docs
    n_t, n_r = target.n_parts, reference.n_parts
    c, d = int(a.sum()), int(b.sum())
    for total, role in ((c, "target"), (d, "reference")):
        if total == 0:
            raise ValueError(f"the {role} documents contain no tokens (after preprocessing), so there are no "
                             "rates to compare")
    keep = (a + b > 0) & (a + b >= opts["min_freq"]) & (docs_t + docs_r >= opts["min_docs"])
    a_f, b_f = a.astype(np.float64), b.astype(np.float64)
    sign = np.sign(a_f * d - b_f * c)
    if opts["min_dispersion"] is not None:
        for n, role in ((n_t, "target"), (n_r, "reference")):
            if n < 2:
                raise ValueError(f"min_dispersion needs at least 2 documents with tokens in the {role} "
                                 f"(it has {n}); Juilland's D is undefined for one document")
    idx = np.flatnonzero(keep)
    a_k, b_k, s_k = a_f[idx], b_f[idx], sign[idx]
    dispersion = np.where(s_k >= 0, _juilland_d(target.rel_sum[idx], target.rel_sq_sum[idx], n_t),
                          _juilland_d(reference.rel_sum[idx], reference.rel_sq_sum[idx], n_r))
    if opts["min_dispersion"] is not None:
        dispersed = dispersion >= opts["min_dispersion"]
        idx, a_k, b_k, s_k, dispersion = idx[dispersed], a_k[dispersed], b_k[dispersed], s_k[dispersed], \
            dispersion[dispersed]
    statistic, p_value = _statistic(opts, a_k, b_k, c, d, s_k)
    effect = _effect(opts, a_k, b_k, c, d)
    p_adjusted = adjust_p_values(p_value, method=opts["adjust"])
    significant = pd.array(np.where(np.isnan(p_adjusted), None, p_adjusted <= opts["alpha"]), dtype="boolean")
    features = names[idx]
    table = pd.DataFrame({
        "feature": pd.array(features, dtype="str"),
        "target_freq": a[idx], "reference_freq": b[idx],
        "target_total": np.full(len(idx), c, dtype=np.int64), "reference_total": np.full(len(idx), d, dtype=np.int64),
        "target_per_million": M.per_million(a_k, c) if len(idx) else np.zeros(0),
        "reference_per_million": M.per_million(b_k, d) if len(idx) else np.zeros(0),
        "target_docs": docs_t[idx], "reference_docs": docs_r[idx], "dispersion": dispersion,
        "statistic": statistic, "p_value": p_value, "p_adjusted": p_adjusted, "significant": significant,
        "effect": effect, "effect_measure": opts["effect"],
        "direction": np.where(s_k > 0, "target", np.where(s_k < 0, "reference", "none")),
        "measure": opts["measure"], "correction": opts["correction"],
    })
    for name in ("effect_measure", "direction", "measure", "correction"):
        table[name] = table[name].astype("str")
    order = np.lexsort((ranks[idx], -statistic))
    table = table.iloc[order].reset_index(drop=True)
    table.attrs.update(target_total=c, reference_total=d, n_target_parts=n_t, n_reference_parts=n_r,
                       n_features_tested=len(table))
    return table


def _attrs(opts: dict[str, Any], preprocessor: Preprocessor) -> dict[str, Any]:
    return {**opts, "p_value_method": _P_VALUE[opts["measure"]], "effect_null": EFFECT_NULL[opts["effect"]],
            "dispersion_measure": "juilland_d", "preprocessor": preprocessor.to_dict(),
            "preprocessor_fingerprint": preprocessor.fingerprint}


# ---------------------------------------------------------------------- public
def keyness(dtm_or_corpus: DTM | Any, target: str | Any, reference: str | Any | None = None, *,
            measure: Measure = "g2", correction: Correction | None = None, effect: Effect = "log_ratio",
            alternative: M.Alternative = "two-sided", min_freq: int = 1, min_docs: int = 1,
            min_dispersion: float | None = None, adjust: Literal["none", "bonferroni", "bh", "by"] = "none",
            alpha: float = 0.05, simple_maths_n: float = 1.0, prior_scale: float | None = None,
            preprocessor: Preprocessor | None = None) -> pd.DataFrame:
    """Keyness of every feature in a target against a reference: signed statistic, p-value, effect size.

    Parameters
    ----------
    dtm_or_corpus : DTM or Corpus
        The counts, or a corpus to count with ``preprocessor``. Not used when ``target`` and
        ``reference`` are both DTMs (pass None).
    target : str, array of bool or DTM
        The target documents: a docvars query (:func:`toolkit.selection.docvars_mask`, e.g.
        ``"date >= '2015-12-15'"``), a boolean mask (one value per document) or a DTM of its own.
    reference : str, array of bool, DTM or None
        The reference documents, in the same forms; None (default): every document not in the
        target (for a DTM target: the documents of ``dtm_or_corpus`` whose ``doc_id`` is not in it).
        Target and reference must not share a document.
    measure : {"g2", "g2_4term", "chi2", "fisher", "pmi"}
        The test statistic (see the module table). Default: 2-term log-likelihood, as the UCREL
        calculator and Rayson & Garside (2000).
    correction : {None, "none", "yates", "williams"}
        "williams" with ``g2_4term``, "yates" with ``chi2``; None or "none": uncorrected.
    effect : str
        The effect size (see the module table); default Log Ratio.
    alternative : {"two-sided", "greater", "less"}
        For ``measure="fisher"`` only: "greater" tests over-use in the target, "less" under-use.
    min_freq, min_docs : int
        Keep features with at least this frequency in target + reference, and found in at least
        this many documents of target + reference. Features absent from both are always left out.
    min_dispersion : float in [0, 1], optional
        Keep features whose Juilland's D over the documents of the side that over-uses them is at
        least this (needs two documents with tokens on each side).
    adjust : {"none", "bonferroni", "bh", "by"}
        Multiple-testing adjustment of the p-values of the features kept.
    alpha : float
        Level for the ``significant`` column (``p_adjusted <= alpha``).
    simple_maths_n : float
        Kilgarriff's smoothing constant for ``effect="simple_maths"`` (default 1).
    prior_scale : float, optional
        ``alpha0`` of the Dirichlet prior for ``effect="log_odds_dirichlet"``; None: ``c + d``.
    preprocessor : Preprocessor, optional
        Tokenisation of a corpus (default ``Preprocessor()``; not allowed with a DTM).

    Returns
    -------
    pandas.DataFrame
        One row per feature kept, sorted by ``statistic`` (descending; ties by feature):
        ``feature``, ``target_freq`` (a), ``reference_freq`` (b), ``target_total`` (c),
        ``reference_total`` (d), ``target_per_million``, ``reference_per_million``,
        ``target_docs``, ``reference_docs``, ``dispersion`` (Juilland's D on the over-using
        side; the target's for equal rates), ``statistic`` (signed), ``p_value``,
        ``p_adjusted``, ``significant`` (boolean, NA without a p-value), ``effect``,
        ``effect_measure``, ``direction`` ("target", "reference", or "none" for equal rates),
        ``measure``, ``correction``. ``attrs`` records every option, the
        target and reference (queries, else None; ``target_kind`` / ``reference_kind``: "query",
        "mask", "dtm" or "rest"), document counts, totals and the preprocessor.

    Raises
    ------
    ValueError
        For an unknown measure, correction, effect or adjustment (or one that does not apply to
        the measure), an empty target or reference (naming the query and how many documents it
        matched), overlapping target and reference, or sides without tokens.
    TypeError
        If ``dtm_or_corpus`` is neither a DTM nor a Corpus.

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> corpus = Corpus.from_records([
    ...     {"doc_id": "u1", "text": "مكافحة الإرهاب والإرهاب", "lang": "ar", "year": 2016},
    ...     {"doc_id": "u2", "text": "تمويل الإرهاب بالإرهاب", "lang": "ar", "year": 2017},
    ...     {"doc_id": "u3", "text": "التنمية والسلام", "lang": "ar", "year": 2014},
    ...     {"doc_id": "u4", "text": "التنمية المستدامة", "lang": "ar", "year": 2013},
    ... ])
    >>> t = keyness(corpus, "year >= 2016", "year <= 2015", measure="chi2", correction="yates",
    ...             effect="odds_ratio")
    >>> t[["feature", "target_freq", "reference_freq", "direction"]].head(1)
       feature  target_freq  reference_freq direction
    0  الارهاب            4               0    target
    >>> t.attrs["correction"], t.attrs["target"], t.attrs["reference_kind"]
    ('yates', 'year >= 2016', 'query')
    >>> keyness(corpus, "year > 2020")
    Traceback (most recent call last):
    ...
    ValueError: target query 'year > 2020' matched 0 of the 4 documents; ...
    """
    opts = _options(measure, correction, effect, alternative, min_freq, min_docs, min_dispersion, adjust, alpha,
                    simple_maths_n, prior_scale)
    counts, codes, names, pre = _sides(dtm_or_corpus, target, reference, preprocessor)
    names = np.asarray(names, dtype=object).astype(str)
    table = _score(_Side.of(counts, np.flatnonzero(codes == 0)), _Side.of(counts, np.flatnonzero(codes == 1)),
                   names, name_ranks(names), opts)
    (t_query, t_kind), (r_query, r_kind) = _describe(target), _describe(reference)
    table.attrs = {**_attrs(opts, pre), "target": t_query, "target_kind": t_kind, "reference": r_query,
                   "reference_kind": r_kind, "n_target_docs": int((codes == 0).sum()),
                   "n_reference_docs": int((codes == 1).sum()), **table.attrs}
    logger.info("keyness (%s): %d features, target %d tokens, reference %d tokens", measure, len(table),
                table.attrs["target_total"], table.attrs["reference_total"])
    return table


def keyness_by_period(dtm_or_corpus: DTM | Any, periods: str | Any, *, measure: Measure = "g2",
                      correction: Correction | None = None, effect: Effect = "log_ratio",
                      alternative: M.Alternative = "two-sided", min_freq: int = 1, min_docs: int = 1,
                      min_dispersion: float | None = None,
                      adjust: Literal["none", "bonferroni", "bh", "by"] = "none", alpha: float = 0.05,
                      simple_maths_n: float = 1.0, prior_scale: float | None = None,
                      preprocessor: Preprocessor | None = None) -> pd.DataFrame:
    """Keyness of each period against all the other periods, in one call and one tidy table.

    Parameters
    ----------
    dtm_or_corpus : DTM or Corpus
        The counts, or a corpus to count with ``preprocessor``.
    periods : str or array-like
        A docvar holding each document's period (e.g. ``"year"``, or labels from
        :func:`toolkit.compare.assign_periods` stored as a docvar), or one label per document.
        Documents with a missing label are in no period and in no reference. Periods are taken
        in sorted order (a categorical's own order).
    measure, correction, effect, alternative, min_freq, min_docs, min_dispersion, adjust, alpha, simple_maths_n, prior_scale, preprocessor
        As in :func:`keyness`; p-values are adjusted within each period's comparison.

    Returns
    -------
    pandas.DataFrame
        ``period`` and the columns of :func:`keyness`, period by period, each sorted by
        statistic. ``attrs`` holds the options, ``periods`` (the labels in order) and
        ``by`` (the docvar name, or None for labels given directly).

    Examples
    --------
    >>> from toolkit.corpus import Corpus
    >>> corpus = Corpus.from_records([
    ...     {"doc_id": "a", "text": "cold war blocs", "lang": "en", "era": "1980s"},
    ...     {"doc_id": "b", "text": "apartheid blocs", "lang": "en", "era": "1980s"},
    ...     {"doc_id": "c", "text": "terrorism terrorism war", "lang": "en", "era": "2000s"},
    ...     {"doc_id": "d", "text": "climate development", "lang": "en", "era": "2010s"},
    ... ])
    >>> t = keyness_by_period(corpus, "era")
    >>> t.groupby("period").head(1)[["period", "feature", "target_freq", "reference_freq"]]
       period    feature  target_freq  reference_freq
    0   1980s      blocs            2               0
    7   2000s  terrorism            2               0
    14  2010s    climate            1               0
    """
    opts = _options(measure, correction, effect, alternative, min_freq, min_docs, min_dispersion, adjust, alpha,
                    simple_maths_n, prior_scale)
    m = as_dtm(dtm_or_corpus, preprocessor, caller="keyness_by_period")
    if isinstance(periods, str):
        if periods not in m.docvars.columns:
            raise ValueError(f"periods={periods!r}: no such docvar; the docvars are {list(m.docvars.columns)}")
        labels, by = m.docvars[periods].reset_index(drop=True), periods
    else:
        labels, by = pd.Series(periods).reset_index(drop=True), None
        if len(labels) != m.n_docs:
            raise ValueError(f"periods has {len(labels)} labels for {m.n_docs} documents; give one per document "
                             "or the name of a docvar")
    codes, uniques = pd.factorize(labels, sort=True)
    if len(uniques) < 2:
        raise ValueError(f"keyness_by_period needs at least 2 periods to compare; found {list(uniques)}")
    every = _Side.of(m.counts, np.flatnonzero(codes >= 0))
    names = m.feature_names.astype(str)
    ranks = name_ranks(names)
    tables = []
    for g, label in enumerate(uniques):
        side = _Side.of(m.counts, np.flatnonzero(codes == g))
        table = _score(side, every - side, names, ranks, opts)
        table.insert(0, "period", label)
        tables.append(table)
    out = pd.concat(tables, ignore_index=True)
    out.attrs = {**_attrs(opts, m.preprocessor), "periods": [_plain(u) for u in uniques], "by": by}
    return out


def _plain(value: Any) -> Any:
    """A NumPy scalar as a Python value (for JSON-ready attrs)."""
    return value.item() if isinstance(value, np.generic) else value
