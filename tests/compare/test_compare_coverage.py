"""Coverage simulation (issue 5, "Done when"): on data generated with a known share per period,
95% intervals cover the truth in about 95% of period-draws over repeated draws.

Data: 10 periods with true shares 0.10 ... 0.50; per period 40 documents of 5 paragraphs; each
document has its own probability q ~ Beta with mean equal to the period's share (intra-document
correlation 0.3), and each paragraph carries the frame with probability q. The expected paragraph
share of a period is exactly its true share. All 150 draws x 10 periods are estimated in one call
by giving every (draw, period) its own period label, so the simulation takes a few seconds.

Documents, not paragraphs, are the independent units: the document bootstrap must cover about 95%
of the time, while resampling paragraphs as if independent must cover clearly less (about 81% here:
the design effect 1 + (5 - 1) * 0.3 = 2.2 makes its intervals sqrt(2.2) = 1.5 times too narrow).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.compare import trend

DRAWS, PERIODS, DOCS, PARAGRAPHS, ICC = 150, 10, 40, 5, 0.3
TRUTH = np.linspace(0.10, 0.50, PERIODS)


def _simulate(seed: int) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = np.tile(np.repeat(TRUTH, DOCS), DRAWS)  # true share of each document's period
    q = rng.beta(p * (1 - ICC) / ICC, (1 - p) * (1 - ICC) / ICC)  # document-level probability
    present = (rng.random((len(q), PARAGRAPHS)) < q[:, None]).ravel()
    doc = np.repeat(np.arange(len(q)), PARAGRAPHS)
    stratum = np.repeat(np.arange(DRAWS * PERIODS), DOCS * PARAGRAPHS)
    labels = pd.Series(pd.Categorical.from_codes(stratum, categories=[f"draw{i // PERIODS:03d}-p{i % PERIODS}"
                                                                      for i in range(DRAWS * PERIODS)], ordered=True))
    return present, doc, labels, np.tile(TRUTH, DRAWS)


@pytest.fixture(scope="module")
def simulated():
    return _simulate(2024)


def test_compare_coverage_document_bootstrap_about_95_percent(simulated):
    present, doc, labels, truth = simulated
    out = trend(present, periods=labels, stat="share", cluster=doc, ci=0.95, n_boot=400, random_state=1)
    assert (out["flag"] == "ok").all() and (out["n_clusters"] == DOCS).all()
    covered = ((out["ci_low"] <= truth) & (truth <= out["ci_high"])).to_numpy()
    assert 0.91 <= covered.mean() <= 0.98, f"coverage {covered.mean():.3f} over {len(covered)} period-draws"
    # misses fall on both sides (no systematic bias)
    below, above = (out["ci_high"] < truth).sum(), (out["ci_low"] > truth).sum()
    assert min(below, above) >= 0.2 * (below + above)


def test_compare_coverage_paragraph_bootstrap_undercovers_clustered_data(simulated):
    present, _, labels, truth = simulated
    out = trend(present, periods=labels, stat="share", ci=0.95, n_boot=400, random_state=1)
    covered = ((out["ci_low"] <= truth) & (truth <= out["ci_high"])).mean()
    assert covered < 0.88, f"coverage {covered:.3f}: ignoring documents should give too-narrow intervals"
