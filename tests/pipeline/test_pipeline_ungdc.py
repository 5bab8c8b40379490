"""analyses/ungdc.yml on a year-filtered subset of the UN General Debates (../shared/corpora/ungdc).

The whole corpus takes minutes (most of it counting 338,000 paragraphs); five sessions read with
``include`` and filtered with the analysis file's ``query`` keep the test short while asking the
issue's question: does the share of paragraphs with a military frame, and the rate of terrorism
words, differ between 1990-2000 and 2002-2010 (here 1999-2000 against 2002-2003), with an interval?
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import ROOT, require_shared

from toolkit.pipeline import load_analysis, run_analysis

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    require_shared("ungdc", "UNGDC_1946-2023_shared-subset.tgz")
    analysis = load_analysis(ROOT / "analyses" / "ungdc.yml")
    corpus = dataclasses.replace(analysis.corpus, query="year != 2001",
                                 options={"include": ["TXT/Session 5[4-8] - */*"]})
    figures = dataclasses.replace(analysis.figures, formats=("png",))
    out = tmp_path_factory.mktemp("ungdc") / "out"
    subset = dataclasses.replace(analysis, corpus=corpus, figures=figures, output=out)
    return run_analysis(subset, progress=False)


def test_ungdc_subset_reads_the_years_asked_for(result):
    corpus = result.manifest["corpus"]
    assert corpus["layout"] == "ungdc" and corpus["query"] == "year != 2001"
    assert corpus["dates"] == ["1999-01-01", "2003-01-01"] and 600 < corpus["n_documents"] < 700
    years = pd.to_datetime(result.units()["date"]).dt.year
    assert sorted(years.unique()) == [1999, 2000, 2002, 2003]


def test_ungdc_military_share_and_terrorism_rate_rise_after_2001_with_intervals(result):
    table = pd.read_csv(result.output / "tables" / "comparisons.csv").set_index("comparison")
    military = table.loc["military_share_after_2001"]
    terrorism = table.loc["terrorism_rate_after_2001"]
    assert (military["frame"], military["measure"], terrorism["frame"], terrorism["measure"]) == (
        "military", "share", "scope/terrorism", "rate")
    for row in (military, terrorism):
        assert row["before"] == "1990-01-01 to 2000-12-31" and row["after"] == "2002-01-01 to 2010-12-31"
        assert row["estimate_b"] > row["estimate_a"] and 0 < row["ci_low"] < row["difference"] < row["ci_high"]
        assert row["p_value"] < 0.01 and row["n_clusters_a"] > 300 and row["n_clusters_b"] > 300
    assert terrorism["estimate_b"] > 2 * terrorism["estimate_a"]  # terrorism words per 1,000 tokens
    page = result.report.read_text(encoding="utf-8")
    assert "military_share_after_2001: military (share)" in page and "95% CI" in page
