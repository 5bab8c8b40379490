"""analyse_topics and TopicAnalysis: the tables, representative documents and paragraphs, prevalence
over time, determinism, saving, and clear errors, on a small corpus with three planted topics.

The corpus: 72 documents from 2001 to 2006, each with two paragraphs on its main topic and one
on another, plus stop words. The main topic is "military" with a probability rising from 0.1
(2001) to 0.85 (2006); "money" and "sport" share the rest.
"""

from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd
import pytest

from toolkit.corpus import Corpus
from toolkit.dtm import dtm
from toolkit.text import Preprocessor
from toolkit.topics import TopicModel, estimate_effect, representative_documents
from toolkit.topics.analysis import (
    TopicAnalysis,
    _spline_df,
    analyse_topics,
    coherence_texts,
    representative_texts,
    topic_dtm,
)

WORDS = {"military": ["army", "troops", "soldiers", "weapons", "attack", "forces"],
         "money": ["bank", "money", "funds", "finance", "budget", "loans"],
         "sport": ["football", "match", "team", "goal", "league", "players"]}
NAMES = list(WORDS)
FAST = {"max_iter": 60, "n_draws": 20, "min_df": 1, "max_df": 1.0}


def paragraph(rng: np.random.Generator, topic: str, n: int) -> str:
    words = rng.choice(WORDS[topic], n).tolist()
    for at in sorted(rng.choice(n, 3, replace=False), reverse=True):
        words.insert(int(at), str(rng.choice(["the", "and", "of", "with"])))
    return " ".join(words).capitalize() + "."


def make_corpus(n: int = 72, seed: int = 0) -> tuple[Corpus, list[str]]:
    rng = np.random.default_rng(seed)
    records, mains = [], []
    for i in range(n):
        year = 2001 + i % 6
        p_military = 0.1 + 0.15 * (year - 2001)
        main = str(rng.choice(NAMES, p=[p_military, (1 - p_military) / 2, (1 - p_military) / 2]))
        other = str(rng.choice([t for t in NAMES if t != main]))
        text = "\n\n".join([paragraph(rng, main, 16), paragraph(rng, other, 12), paragraph(rng, main, 14)])
        records.append({"doc_id": f"d{i:02d}", "text": text, "lang": "en", "date": f"{year}-03-15",
                        "source": "wire"})
        mains.append(main)
    return Corpus.from_records(records), mains


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_corpus()[0]


@pytest.fixture(scope="module")
def result(corpus) -> TopicAnalysis:
    return analyse_topics(corpus, n_components=3, random_state=0, **FAST)


def planted(terms: str) -> set[str]:
    """The planted topics whose words the space-separated terms are."""
    return {name for name, words in WORDS.items() if set(terms.split()) <= set(words)}


def test_analysis_recovers_the_planted_topics(result):
    top = [" ".join(t.split()[:5]) for t in result.topics["prob_terms"]]
    assert sorted(name for terms in top for name in planted(terms)) == sorted(NAMES), top


def test_analysis_topic_table(result):
    topics = result.topics
    assert list(topics.columns) == ["topic", "label", "seed_words", "proportion", "exclusivity",
                                    "semantic_coherence", "prob_terms", "frex_terms"]
    assert topics["topic"].tolist() == [0, 1, 2] and topics["label"].tolist() == ["topic_0", "topic_1", "topic_2"]
    assert topics["proportion"].sum() == pytest.approx(1.0)
    assert topics["seed_words"].isna().all()
    assert np.allclose(topics["proportion"], result.model.doc_topic_.mean(axis=0))


def test_analysis_top_terms_by_probability_and_frex(result):
    terms = result.top_terms
    assert list(terms.columns) == ["topic", "label", "by", "rank", "term", "prob", "frex", "lift"]
    n_top = min(10, result.dtm.n_features)
    assert terms.groupby(["by", "topic"]).size().eq(n_top).all()
    prob = terms[terms["by"] == "prob"]
    assert (prob.groupby("topic")["prob"].diff().dropna() <= 0).all()  # ranked by probability
    frex = terms[terms["by"] == "frex"]
    assert (frex.groupby("topic")["frex"].diff().dropna() <= 1e-12).all()
    beta = result.model.topic_word_
    j = [result.dtm.feature_index(t) for t in prob["term"]]
    assert np.allclose(prob["prob"], beta[prob["topic"], j])
    assert ((terms["frex"] > 0) & (terms["frex"] <= 1)).all() and (terms["lift"] > 0).all()


def test_analysis_document_topics_keep_one_row_per_document(result, corpus):
    table = result.document_topics
    assert table["doc_id"].tolist() == result.dtm.doc_ids == corpus.doc_ids
    assert list(table.columns[-3:]) == ["topic_0", "topic_1", "topic_2"]
    assert np.allclose(table[["topic_0", "topic_1", "topic_2"]].sum(axis=1), 1.0)
    assert (table["source"] == "wire").all() and table["date"].dt.year.between(2001, 2006).all()


def test_analysis_representative_documents_are_stm_findthoughts(result, corpus):
    rep = result.representative
    docs = rep[rep["unit"] == "document"]
    expected = representative_documents(result.model, n=5)
    assert docs["doc_id"].tolist() == expected["doc_id"].tolist()
    assert np.allclose(docs["proportion"], expected["proportion"])
    assert (docs["unit_id"] == docs["doc_id"]).all()
    first = docs.iloc[0]
    assert first["text"] == " ".join(corpus[first["doc_id"]].split())  # short texts are not cut


def test_analysis_representative_paragraphs_belong_to_their_topic(result, corpus):
    rep = result.representative
    paras = rep[rep["unit"] == "paragraph"]
    assert paras.groupby("topic").size().eq(5).all()
    assert paras.groupby("topic")["doc_id"].apply(lambda s: s.is_unique).all()  # from different documents
    assert paras.groupby("topic")["proportion"].apply(lambda s: s.is_monotonic_decreasing).all()
    assert (paras["n_tokens"] >= 10).all()
    units = corpus.paragraphs()
    for row in paras.itertuples():
        assert row.unit_id.startswith(f"{row.doc_id}#") and row.text == units[row.unit_id]
    for topic, sub in paras.groupby("topic"):  # the best paragraphs use only their topic's words
        terms = " ".join(result.topics.loc[topic, "prob_terms"].split()[:5])
        (name,) = planted(terms)
        for text in sub["text"]:
            words = {w.strip(".").lower() for w in text.split()} - {"the", "and", "of", "with"}
            assert words <= set(WORDS[name]), (name, text)


def test_analysis_representative_documents_only(corpus):
    res = analyse_topics(corpus, n_components=3, representative="document", n_representative=2, by=None, **FAST)
    assert res.representative["unit"].unique().tolist() == ["document"]
    assert res.representative.groupby("topic").size().eq(2).all()
    assert res.prevalence is None and res.params["analysis"]["prevalence"] == {"by": None}


def test_analysis_paragraphs_shorter_than_min_tokens_are_not_ranked(corpus):
    res = analyse_topics(corpus, n_components=3, representative=["paragraph"], min_tokens=14, by=None, **FAST)
    assert (res.representative["n_tokens"] >= 14).all() and len(res.representative)
    info = res.params["analysis"]["representative"]
    assert info["n_paragraphs"] == 3 * len(corpus) and info["n_paragraphs_scored"] < info["n_paragraphs"]


def test_analysis_snippets_are_cut_at_a_word(corpus):
    res = analyse_topics(corpus, n_components=3, snippet_chars=40, by=None, **FAST)
    texts = res.representative["text"]
    assert texts.str.len().max() <= 41 and texts.str.endswith("…").all()


def test_analysis_prevalence_is_estimate_effect_by_year(result):
    prev = result.prevalence
    assert list(prev.columns) == ["topic", "label", "time", "estimate", "ci_low", "ci_high", "n_draws"]
    assert sorted(prev["time"].unique().tolist()) == list(range(2001, 2007))
    frame = pd.DataFrame({"time": result.dtm.docvars["date"].dt.year.to_numpy()}, index=result.dtm.docvars.index)
    info = result.params["analysis"]["prevalence"]
    direct = estimate_effect(result.model, frame, time="time", spline_df=info["spline_df"],
                             spline_degree=info["spline_degree"], n_draws=20, random_state=0)
    assert np.allclose(prev["estimate"], direct["estimate"]) and np.allclose(prev["ci_low"], direct["ci_low"])
    assert info["uncertainty"] == "posterior" and info["n_without_time"] == 0


def test_analysis_prevalence_follows_the_planted_trend(result):
    military = next(k for k, t in enumerate(result.topics["prob_terms"]) if planted(" ".join(t.split()[:5])) ==
                    {"military"})
    curve = result.prevalence[result.prevalence["topic"] == military].set_index("time")["estimate"]
    assert curve[2006] - curve[2001] > 0.3, curve


def test_analysis_is_deterministic(corpus, result):
    again = analyse_topics(corpus, n_components=3, random_state=0, **FAST)
    for name in ("topics", "top_terms", "document_topics", "prevalence", "representative"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(result, name))
    assert again.params["model"] == result.params["model"]


def test_analysis_seeded_topics_are_named_and_seeded(corpus):
    seeds = {"military": ["army", "troop*"], "finance": ["bank", "fund*"]}
    res = analyse_topics(corpus, n_components=3, seeds=seeds, by=None, **FAST)
    assert res.topics["label"].tolist() == ["military", "finance", "other_1"]
    assert res.topics["seed_words"].tolist()[:2] == ["army troops", "bank funds"]
    assert set(res.topics.loc[0, "prob_terms"].split()[:6]) == set(WORDS["military"])
    assert set(res.topics.loc[1, "prob_terms"].split()[:6]) == set(WORDS["money"])
    assert list(res.document_topics.columns[-3:]) == ["military", "finance", "other_1"]
    assert res.params["model"]["seed_words"] == {"military": ["army", "troops"], "finance": ["bank", "funds"]}
    assert set(res.representative["label"]) == {"military", "finance", "other_1"}


@pytest.mark.parametrize(("by", "times"), [
    ("year", list(range(2001, 2007))),
    ("month", list(pd.to_datetime([f"{y}-03-01" for y in range(2001, 2007)]))),
    ("period", ["early", "late"]),
])
def test_analysis_prevalence_by(corpus, by, times):
    data = corpus.to_frame()
    data["period"] = np.where(data["date"].dt.year <= 2003, "early", "late")
    if by == "period":  # a categorical docvar is no time
        with pytest.raises(ValueError, match="period"):
            analyse_topics(Corpus(data), n_components=3, by=by, **FAST)
        return
    res = analyse_topics(Corpus(data), n_components=3, by=by, representative="document", **FAST)
    assert sorted(res.prevalence["time"].unique().tolist()) == times


def test_analysis_documents_without_time_are_left_out_of_prevalence(corpus, caplog):
    data = corpus.to_frame()
    data.loc[data.index[:5], "date"] = pd.NaT
    with caplog.at_level(logging.WARNING, logger="toolkit.topics.analysis"):
        res = analyse_topics(Corpus(data), n_components=3, representative="document", **FAST)
    assert res.params["analysis"]["prevalence"]["n_without_time"] == 5
    assert len(res.document_topics) == len(corpus)
    assert "5 of 72 documents have no year" in caplog.text


def test_analysis_one_time_gives_no_prevalence(corpus, caplog, tmp_path):
    data = corpus.to_frame()
    data["date"] = pd.Timestamp("2005-01-01")
    with caplog.at_level(logging.WARNING, logger="toolkit.topics.analysis"):
        res = analyse_topics(Corpus(data), n_components=3, representative="document", **FAST)
    assert res.prevalence is None and "no trend can be estimated" in caplog.text
    assert "prevalence" not in res.save(tmp_path)
    assert not (tmp_path / "prevalence.csv").exists()


def test_analysis_on_a_dtm_has_no_paragraphs_or_texts(corpus):
    m = topic_dtm(corpus, min_df=1, max_df=1.0)
    res = analyse_topics(m, n_components=3, max_iter=60, n_draws=20)
    assert res.dtm is m
    assert res.representative["unit"].unique().tolist() == ["document"] and res.representative["text"].isna().all()
    assert "DTM" in res.params["analysis"]["representative"]["paragraphs_skipped"]
    assert res.params["corpus"]["input"] == "DTM"


def test_analysis_drops_documents_without_tokens(corpus):
    data = corpus.to_frame()
    data.loc["d00", "text"] = "The and of."
    res = analyse_topics(Corpus(data), n_components=3, by=None, representative="document", **FAST)
    assert "d00" not in res.document_topics["doc_id"].tolist() and len(res.document_topics) == len(corpus) - 1
    assert res.params["corpus"]["n_empty_dropped"] == 1


def test_analysis_language_keeps_one_language(corpus):
    data = corpus.to_frame()
    data.loc[data.index[:6], "lang"] = "fr"
    res = analyse_topics(Corpus(data), n_components=3, language="en", by=None, representative="document", **FAST)
    assert len(res.document_topics) == len(corpus) - 6 and res.params["corpus"]["language"] == "en"
    with pytest.raises(ValueError, match=r"language='ar'.*\['en', 'fr'\]"):
        analyse_topics(Corpus(data), n_components=3, language="ar", **FAST)


def test_analysis_from_records_and_nmf(corpus):
    records = [{"doc_id": d, "text": corpus[d], "year": 2000 + i % 3} for i, d in enumerate(corpus.doc_ids)]
    with pytest.warns(UserWarning, match="bootstrap"):
        res = analyse_topics(records, n_components=3, method="nmf", language="en", **FAST)
    assert res.params["fit"]["solver"] == "nmf" and res.params["analysis"]["prevalence"]["uncertainty"] == "bootstrap"
    assert sorted(res.prevalence["time"].unique().tolist()) == [2000, 2001, 2002]
    assert set(res.representative["unit"]) == {"document", "paragraph"}


def test_analysis_save_writes_tables_and_model_json(result, tmp_path):
    written = result.save(tmp_path / "out")
    assert sorted(p.name for p in written.values()) == ["document_topics.csv", "model.json", "prevalence.csv",
                                                        "representative.csv", "top_terms.csv", "topics.csv"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written.values())
    terms = pd.read_csv(written["top_terms"])
    assert terms["term"].tolist() == result.top_terms["term"].tolist()
    assert np.allclose(terms["prob"], result.top_terms["prob"])
    docs = pd.read_csv(written["document_topics"])
    assert docs["doc_id"].tolist() == result.dtm.doc_ids and np.allclose(docs["topic_1"],
                                                                          result.document_topics["topic_1"])
    params = json.loads(written["model"].read_text(encoding="utf-8"))
    assert params["model"]["n_components"] == 3 and params["model"]["random_state"] == 0
    assert params["fit"]["n_documents"] == 72 and params["fit"]["converged"] in (True, False)
    assert params["preprocessing"]["fingerprint"] == result.dtm.preprocessor.fingerprint
    assert "numpy" in params["environment"]["dependencies"]
    assert params["files"][-1] == "model.json"


def test_analysis_repr(result):
    assert repr(result) == ("<TopicAnalysis: 3 topics (lda), 72 documents x 18 features, prevalence by year "
                            "(6 times), 30 representative rows>")


def test_topic_dtm_removes_stop_words(corpus):
    m = topic_dtm(corpus, min_df=1, max_df=1.0)
    assert sorted(m.feature_names.tolist()) == sorted(w for words in WORDS.values() for w in words)
    assert m.preprocessor == Preprocessor(stop_words=True)


def test_coherence_texts_follow_the_features():
    corpus = Corpus.from_records([{"doc_id": "a", "text": "The army of troops.", "lang": "en"},
                                 {"doc_id": "b", "text": "L'armée et les troupes.", "lang": "fr"}])
    m = topic_dtm(corpus, min_df=1, max_df=1.0)
    assert m.params["tagged"]
    assert coherence_texts(corpus, m) == [["en:army", "en:troops"], ["fr:armée", "fr:troupes"]]
    with pytest.raises(ValueError, match="not in the corpus"):
        coherence_texts(corpus.subset(doc_ids=["a"]), m)


@pytest.mark.parametrize(("times", "expected"), [
    (list(range(2001, 2011)), (5, 3)),
    ([2013] * 40 + [2014] * 290 + [2015] * 730 + [2016] * 2600 + [2017] * 4700, (3, 3)),  # ANT's years
    ([2001, 2002, 2003], (2, 2)),
    ([2001, 2002], (1, 1)),
])
def test_spline_df_keeps_the_design_of_full_rank(times, expected):
    assert _spline_df(pd.Series(times), 5) == expected


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"n_top": 0}, ValueError, "n_top must be an int >= 1"),
    ({"representative": ["sentence"]}, ValueError, "representative"),
    ({"model_params": {"max_iter": 3}}, ValueError, "model_params must not set"),
    ({"method": "pca"}, ValueError, "method"),
    ({"by": "decade"}, ValueError, "by='decade' is neither a docvar"),
    ({"min_df": 1000}, ValueError, "min_df"),
])
def test_analysis_errors(corpus, kwargs, error, message):
    options = {**FAST, **kwargs}
    with pytest.raises(error, match=message):
        analyse_topics(corpus, n_components=3, **options)


def test_analysis_of_an_empty_corpus_is_an_error(corpus):
    with pytest.raises(ValueError, match="the corpus has no documents to model"):
        analyse_topics(corpus.subset(mask=np.zeros(len(corpus), dtype=bool)), n_components=3)


def test_analysis_preprocessing_options_with_a_dtm_are_an_error(corpus):
    m = dtm(corpus, preprocessor=Preprocessor(stop_words=True))
    with pytest.raises(TypeError, match=r"\['min_df'\] apply when building the DTM"):
        analyse_topics(m, n_components=3, min_df=2)


def test_analysis_leaves_the_counts_intact(corpus, result):
    # TopicModel.fit once scrambled a DTM whose rows had unsorted column indices (a float copy shared
    # the index array, and scipy sorted it in place)
    fresh = topic_dtm(corpus, min_df=1, max_df=1.0)
    assert (result.dtm.counts != fresh.counts).nnz == 0
    assert np.allclose(result.model.transform(result.dtm), result.model.doc_topic_, atol=1e-3)
    given = topic_dtm(corpus, min_df=1, max_df=1.0)
    analyse_topics(given, n_components=3, max_iter=5, by=None)
    assert (given.counts != fresh.counts).nnz == 0


def test_representative_texts_needs_the_corpus_of_the_dtm(result, corpus):
    with pytest.raises(ValueError, match="68 documents of the DTM are not in the corpus"):
        representative_texts(result.model, result.dtm, make_corpus(4, seed=1)[0])
    with pytest.raises(ValueError, match="units"):
        representative_texts(result.model, result.dtm, corpus, units=["sentence"])


def test_analysis_of_a_dtm_with_its_corpus_has_paragraphs(corpus, result):
    res = analyse_topics(topic_dtm(corpus, min_df=1, max_df=1.0), corpus=corpus, n_components=3, max_iter=60,
                         n_draws=20)
    pd.testing.assert_frame_equal(res.representative, result.representative)
    with pytest.raises(TypeError, match="corpus= gives the texts of a DTM"):
        analyse_topics(corpus, corpus=corpus, n_components=3, **FAST)


def test_analysis_fitted_model_is_a_topic_model(result):
    assert isinstance(result.model, TopicModel) and result.model.docvars_.index.equals(result.dtm.docvars.index)
