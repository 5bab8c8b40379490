"""Topic analyses of the real corpora in ../shared/corpora: Arabic news (ANT, through the ``toolkit topics``
command and the registered name) and the UN General Debates (English, through analyse_topics).

Kept to about a minute: ANT is modelled whole (8,418 articles) with 6 topics (the four frames
seeded, two residual) and 15 iterations at most; the UN General Debates are read for three years
(1985, 2000, 2015: 457 speeches; most of the time goes into scanning the archive). The tables
are printed (``pytest -s``) and repeated in the assertion messages.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED_CORPORA, require_shared

from toolkit.cli import main
from toolkit.corpus import read_corpus
from toolkit.text import Preprocessor
from toolkit.topics import analyse_topics

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FRAMES = ["military", "ideological", "media", "financial"]
ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")  # Arabic letters only: no diacritics, tatweel or Latin
UN_YEARS = (1985, 2000, 2015)
MILITARY_EN = {"military", "weapons", "nuclear", "arms", "forces", "troops", "disarmament", "army", "war",
               "armed", "missiles", "force"}


def summary(topics: pd.DataFrame) -> str:
    return "\n" + topics[["label", "proportion", "prob_terms"]].to_string()


# ---------------------------------------------------------------------- ANT (Arabic)
@pytest.fixture(scope="module")
def ant(tmp_path_factory) -> dict[str, pd.DataFrame]:
    require_shared("ant_corpus_ar")
    out = tmp_path_factory.mktemp("ant")
    assert main(["topics", "ant", "--corpora-dir", str(SHARED_CORPORA), "--k", "6", "--seeded", "--max-iter", "15",
                 "--n-draws", "30", "-n", "3", "-q", "-o", str(out)]) == 0
    tables = {name: pd.read_csv(out / f"{name}.csv") for name in
              ("topics", "top_terms", "document_topics", "prevalence", "representative")}
    print(summary(tables["topics"]))
    return tables


def test_ant_topics_are_the_seeded_frames_and_residuals(ant):
    assert ant["topics"]["label"].tolist() == [*FRAMES, "other_1", "other_2"], summary(ant["topics"])
    assert ant["topics"]["seed_words"].iloc[:4].notna().all()


def test_ant_top_terms_are_normalised_arabic_words(ant):
    terms = ant["top_terms"]["term"]
    pre = Preprocessor(lang="ar")
    bad = [t for t in terms if not ARABIC_WORD.match(t) or pre.normalize_text(t, "ar") != t]
    assert not bad, (bad, summary(ant["topics"]))
    assert not terms.str.contains("[أإآ]").any()  # alef forms folded


def test_ant_military_topic_has_military_words(ant):
    topics = ant["topics"].set_index("label")
    seeds = set(topics.loc["military", "seed_words"].split())
    top = set(ant["top_terms"].query("label == 'military'")["term"])  # 10 by probability, 10 by FREX
    assert len(top & (seeds | {"الامنية", "الامن", "الحرس", "الوحدات", "الشرطة", "الجيش"})) >= 2, summary(ant["topics"])


def test_ant_prevalence_covers_the_years(ant):
    prevalence = ant["prevalence"]
    assert sorted(prevalence["time"].unique()) == [2013, 2014, 2015, 2016, 2017]
    assert prevalence.groupby("label").size().eq(5).all() and len(prevalence) == 30
    assert (prevalence["ci_low"] <= prevalence["estimate"]).all()
    assert (prevalence["estimate"] <= prevalence["ci_high"]).all()


def test_ant_document_topics_one_row_per_article(ant):
    docs = ant["document_topics"]
    assert 8_300 < len(docs) <= 8_418 and docs["doc_id"].is_unique
    assert np.allclose(docs[[*FRAMES, "other_1", "other_2"]].sum(axis=1), 1.0)


def test_ant_representative_paragraphs_are_arabic_text(ant):
    rep = ant["representative"]
    paragraphs = rep[rep["unit"] == "paragraph"]
    assert paragraphs.groupby("label").size().eq(3).all(), rep
    assert all(u.startswith(f"{d}#") for u, d in zip(paragraphs["unit_id"], paragraphs["doc_id"]))
    assert paragraphs["text"].str.count("[\u0621-\u064A]").gt(20).all()
    assert (paragraphs["n_tokens"] >= 10).all()


# ---------------------------------------------------------------------- UN General Debates (English)
@pytest.fixture(scope="module")
def ungdc():
    corpus = read_corpus(require_shared("ungdc"), layout="ungdc", include=[f"*_{y}.txt" for y in UN_YEARS],
                         show_progress=False)
    result = analyse_topics(corpus, n_components=8, seeds="terrorism_frames", max_iter=20, n_draws=30,
                            n_representative=3, paragraph_pool=20)
    print(summary(result.topics))
    return corpus, result


def test_ungdc_seeded_military_topic_has_military_words(ungdc):
    _, result = ungdc
    topics = result.topics.set_index("label")
    top = set(topics.loc["military", "prob_terms"].split()) | set(topics.loc["military", "frex_terms"].split())
    assert len(top & MILITARY_EN) >= 3, summary(result.topics)
    assert set(topics.loc["military", "seed_words"].split()) & {"military", "troops", "weapons"}


def test_ungdc_top_terms_are_lowercase_words_without_stop_words(ungdc):
    _, result = ungdc
    terms = result.top_terms["term"]
    words = terms.str.fullmatch(r"[a-z][a-z0-9'-]*")  # lower case; hyphenated forms such as post-2015 kept
    assert words.all(), terms[~words]
    assert not set(terms) & {"the", "and", "of", "to", "in"}


def test_ungdc_prevalence_covers_the_years(ungdc):
    corpus, result = ungdc
    assert sorted(corpus.docvars["year"].unique()) == list(UN_YEARS)
    prevalence = result.prevalence
    assert sorted(prevalence["time"].unique()) == list(UN_YEARS)
    assert prevalence.groupby("label").size().eq(len(UN_YEARS)).all()
    assert result.params["analysis"]["prevalence"]["n_without_time"] == 0


def test_ungdc_representative_military_paragraphs_talk_about_arms(ungdc):
    corpus, result = ungdc
    rep = result.representative.query("label == 'military' and unit == 'paragraph'")
    assert len(rep) == 3
    for row in rep.itertuples():
        words = set(re.findall(r"[a-z]+", row.text.lower()))
        assert words & MILITARY_EN, row.text
        assert row.doc_id in corpus
