"""Done-when test of the keywords issue on the UN General Debates: "terrorism" and related terms are
among the top keywords of 2001-2005 against 1990-2000, with the statistic values reported.

Only the speeches of 1990-2005 are read (``include=`` globs on the file names): most of the ~20 s
goes into scanning the archive (~9 s whatever is read) and tokenising the 6.4 million tokens of
those 2,564 speeches (~15 s). The top of the table, with its statistics, is printed (``pytest -s``
or ``-rP`` shows it) and repeated in every assertion message.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import require_shared

from toolkit.corpus import read_corpus
from toolkit.keywords.keyness import keyness

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TARGET = "year >= 2001 and year <= 2005"
REFERENCE = "year >= 1990 and year <= 2000"
#: the terms of the attacks of 11 September 2001 and of the "war on terror" that follows them
RELATED = ("terrorist", "terrorists", "terror", "attacks", "september")
TOP = 30


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    path = require_shared("ungdc")
    corpus = read_corpus(path, layout="ungdc", include=[f"*_{year}.txt" for year in range(1990, 2006)],
                         show_progress=False)
    return keyness(corpus, TARGET, REFERENCE, measure="g2", effect="log_ratio", adjust="bonferroni")


@pytest.fixture(scope="module")
def report(table) -> str:
    shown = table.head(TOP)[["feature", "target_freq", "reference_freq", "target_per_million",
                             "reference_per_million", "statistic", "p_adjusted", "effect"]]
    text = (f"top {TOP} keywords of UNGDC {TARGET!r} against {REFERENCE!r} "
            f"({table.attrs['measure']}, effect {table.attrs['effect']}, {table.attrs['adjust']} adjustment; "
            f"{table.attrs['n_target_docs']} vs {table.attrs['n_reference_docs']} speeches, "
            f"{table.attrs['target_total']:,} vs {table.attrs['reference_total']:,} tokens):\n"
            + shown.to_string(float_format=lambda v: f"{v:.4g}"))
    print(text)
    return text


def rank(table: pd.DataFrame, feature: str) -> int:
    hits = table.index[table["feature"] == feature]
    return int(hits[0]) + 1 if len(hits) else -1


def test_ungdc_reads_the_two_periods(table, report):
    attrs = table.attrs
    assert (attrs["n_target_docs"], attrs["n_reference_docs"]) == (849, 1715), report
    assert attrs["target_total"] > 1_000_000 and attrs["reference_total"] > 4_000_000, report


def test_ungdc_terrorism_is_the_top_keyword_after_2001(table, report):
    top = table.iloc[0]
    assert top["feature"] == "terrorism", report
    assert top["statistic"] > 1000 and top["p_adjusted"] < 1e-100, report
    assert top["effect"] > 2, report  # Log Ratio: the rate per million is more than 4 times higher
    assert top["target_per_million"] > 4 * top["reference_per_million"], report


@pytest.mark.parametrize("feature", RELATED)
def test_ungdc_related_terms_are_among_the_top_keywords(table, report, feature):
    position = rank(table, feature)
    row = table.iloc[position - 1] if position > 0 else None
    assert 0 < position <= TOP, f"{feature!r} is ranked {position}\n{report}"
    assert row["direction"] == "target" and row["significant"], report
    print(f"{feature}: rank {position}, G2 = {row['statistic']:.1f}, Log Ratio = {row['effect']:.2f}, "
          f"{row['target_freq']} vs {row['reference_freq']} occurrences")


def test_ungdc_statistic_is_the_published_two_term_log_likelihood(table, report):
    """Rayson & Garside (2000): G2 = 2 (a ln(a / E1) + b ln(b / E2)), E1 = c (a + b) / (c + d)."""
    row = table.iloc[0]
    a, b = float(row["target_freq"]), float(row["reference_freq"])
    c, d = float(row["target_total"]), float(row["reference_total"])
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    g2 = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert row["statistic"] == pytest.approx(g2, rel=1e-9), report
    log_ratio = math.log2((a / c) / (b / d))
    assert row["effect"] == pytest.approx(log_ratio, rel=1e-9), report


def test_ungdc_cold_war_vocabulary_is_key_in_the_reference(table, report):
    bottom = table.iloc[::-1].head(TOP)
    assert {"apartheid", "cold", "yugoslavia"} <= set(bottom["feature"]), \
        f"reference keywords: {bottom['feature'].tolist()}\n{report}"
    assert (bottom["statistic"] < 0).all() and (bottom["direction"] == "reference").all(), report
