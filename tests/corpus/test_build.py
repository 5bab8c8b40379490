"""Records -> Corpus: ids, dates, languages, issues and strict mode."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.corpus.build import build_corpus
from toolkit.errors import CorpusFormatError, DuplicateIdError


def test_build_duplicate_ids_renamed_and_reported():
    c = build_corpus([{"doc_id": "x", "text": "a", "_path": "a.csv"}, {"doc_id": "x", "text": "b", "_path": "b.csv"}],
                     lang="en")
    assert c.doc_ids == ["x", "x~2"]
    assert "duplicate doc_id 'x'" in c.issues["message"].iloc[0] and c.issues["path"].iloc[0] == "b.csv"


def test_build_duplicate_ids_strict_names_both_files():
    with pytest.raises(DuplicateIdError, match="a.csv.*b.csv"):
        build_corpus([{"doc_id": "x", "text": "a", "_path": "a.csv"}, {"doc_id": "x", "text": "b", "_path": "b.csv"}],
                     strict=True)


def test_build_unparseable_date_reported_with_row():
    c = build_corpus([{"text": "t", "date": "the day after", "_path": "f.csv", "_row": 4}], lang="en")
    assert pd.isna(c.docvars["date"].iloc[0])
    issue = c.issues.iloc[0]
    assert (issue["path"], issue["row"]) == ("f.csv", 4) and "the day after" in issue["message"]
    with pytest.raises(CorpusFormatError, match="f.csv, row 4: unparseable date"):
        build_corpus([{"text": "t", "date": "the day after", "_path": "f.csv", "_row": 4}], strict=True)


def test_build_precision_given_by_record_wins():
    c = build_corpus([{"text": "t", "date": 1992, "date_precision": "year", "lang": "en"}])
    assert c.docvars["date_precision"].iloc[0] == "year"
    assert c.docvars["date"].iloc[0] == pd.Timestamp("1992-01-01")


def test_build_language_detected_only_when_missing():
    c = build_corpus([{"text": "الإرهاب"}, {"text": "the terrorism threat is real", "lang": "xx"}])
    assert c.docvars["lang"].tolist() == ["ar", "xx"]
    assert build_corpus([{"text": "x"}], lang="fr", detect_lang=True).docvars["lang"].tolist() == ["fr"]


def test_build_empty_text_kept_and_reported():
    c = build_corpus([{"text": None, "_path": "e.xml"}], lang="ar")
    assert c.texts.tolist() == [""] and c.issues["message"].tolist() == ["empty text"]
    with pytest.raises(CorpusFormatError, match="e.xml: empty text"):
        build_corpus([{"text": "  ", "_path": "e.xml"}], strict=True)


def test_build_empty_input_gives_empty_corpus():
    c = build_corpus([])
    assert len(c) == 0 and list(c.docvars.columns)[:2] == ["date", "date_precision"]
