"""toolkit.datasets: the synthetic communiqués, their sentence bank, and the recovery of planted frames.

Measured with the built-in ``terrorism_frames`` dictionary on ``make_communiques(600, random_state=0)``
(3,017 paragraphs): precision and recall 1.000 for every frame in every language (ar, fr, en; 92 to
313 planted paragraphs per frame and language); the same on seeds 1-3. Yearly recovered shares
against ``planted_shares``: mean absolute error 0.020-0.031 and correlation 0.90-0.98 per frame
(the differences are the binomial noise of ~125 paragraphs a year).
"""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit.frames
from toolkit.corpus import Corpus
from toolkit.datasets import (
    DEFAULT_SOURCES,
    FRAMES,
    default_shares,
    make_communiques,
    planted_frames,
    planted_shares,
    sentence_bank,
)
from toolkit.frames.matcher import Matcher

LANGS = ("ar", "fr", "en")
SCOPE = {"ar": "الإرهاب.", "fr": "Le terrorisme.", "en": "Terrorism."}  # scope, and no frame cue


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher("terrorism_frames")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_communiques(600, random_state=0)


@pytest.fixture(scope="module")
def recovered(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    counts = toolkit.frames.count_frames(corpus, unit="paragraph", categories="frames", progress=False)
    return counts, toolkit.frames.assign(counts), planted_frames(corpus)


def _scores(matcher: Matcher, text: str, lang: str) -> dict[str, float]:
    scores = matcher.find(text, lang).scores()
    return {name: scores[name] for name in (*FRAMES, "scope")}


# --------------------------------------------------------------------------- the sentence bank
@pytest.mark.parametrize("lang", LANGS)
def test_bank_has_varied_sentences_for_every_frame_and_language(lang: str) -> None:
    bank = sentence_bank(lang)
    sizes = bank.groupby("kind").size()
    assert all(sizes[f] >= 8 for f in FRAMES)
    assert sizes["context"] >= 8 and sizes["procedure"] >= 6 and sizes["offtopic"] >= 6
    assert bank["text"].is_unique
    assert (bank.loc[bank["kind"].isin(["context", "offtopic"]), "rule"] != "").all()
    assert bank["text"].str.endswith(".").all()  # paragraphs end a sentence: never read as hard-wrapped


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("frame", FRAMES)
def test_bank_frame_sentences_reach_their_frame_and_no_other(matcher: Matcher, lang: str, frame: str) -> None:
    for text in sentence_bank(lang).query("kind == @frame")["text"]:
        scores = _scores(matcher, text, lang)
        assert scores["scope"] > 0, f"no terrorism word (D1): {text}"
        assert scores[frame] >= 1.0, f"{frame} below threshold: {text}"
        assert all(scores[f] == 0 for f in FRAMES if f != frame), f"cue of another frame {scores}: {text}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["context", "procedure"])
def test_bank_fillers_score_under_half_a_threshold_even_about_terrorism(matcher: Matcher, lang: str,
                                                                          kind: str) -> None:
    for text in sentence_bank(lang).query("kind == @kind")["text"]:
        scores = _scores(matcher, f"{SCOPE[lang]} {text}", lang)
        assert all(scores[f] < 0.5 for f in FRAMES), f"{scores}: {text}"
        if kind == "procedure":
            assert _scores(matcher, text, lang) == dict.fromkeys((*FRAMES, "scope"), 0.0), text


@pytest.mark.parametrize("lang", LANGS)
def test_bank_offtopic_sentences_have_frame_words_but_no_terrorism(matcher: Matcher, lang: str) -> None:
    with_cues = 0
    for text in sentence_bank(lang).query("kind == 'offtopic'")["text"]:
        match = matcher.find(text, lang)
        assert match.scores()["scope"] == 0, text
        with_cues += any(h.frame in FRAMES for h in match.hits)
    assert with_cues >= 6  # decoys: the dictionary finds frame words and must drop them (D1)


def test_sentence_bank_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang"):
        sentence_bank("de")


# --------------------------------------------------------------------------- the corpus
def test_make_communiques_is_labelled_synthetic(corpus: Corpus) -> None:
    docvars = corpus.docvars
    assert len(corpus) == 600 and corpus.doc_ids[0] == "syn-0001" and corpus.doc_ids[-1] == "syn-0600"
    assert docvars["synthetic"].all()
    assert docvars["source"].isin(DEFAULT_SOURCES).all() and docvars["source"].str.startswith("Synthetic").all()
    titles = docvars.groupby("lang")["title"].first()
    assert "synthétique" in titles["fr"] and "Synthetic" in titles["en"] and "اصطناعي" in titles["ar"]
    assert docvars["date_precision"].eq("day").all() and docvars["date"].is_monotonic_increasing
    assert corpus.meta["synthetic"] is True and corpus.meta["generator"] == "toolkit.datasets.make_communiques"
    params = corpus.meta["params"]
    assert params["n_documents"] == 600 and params["random_state"] == 0 and params["shares"] == "default"
    json.dumps(dict(corpus.meta))  # provenance can be written to a manifest


def test_make_communiques_draws_within_its_parameters() -> None:
    c = make_communiques(31, start="2010-03-01", end="2011-02-28", languages=("ar", "en"), paragraphs=(2, 4),
                         sources=["Synthetic Agency X"], random_state=5)
    docvars = c.docvars
    assert docvars["date"].between("2010-03-01", "2011-02-28").all()
    assert sorted(docvars["lang"].value_counts().tolist()) == [15, 16]
    assert set(docvars["source"]) == {"Synthetic Agency X"}
    n_paragraphs = c.paragraphs().docvars.groupby("parent_id").size()
    assert n_paragraphs.between(2, 4).all() and set(n_paragraphs) == {2, 3, 4}


def test_make_communiques_is_deterministic_for_a_seed() -> None:
    a, b = make_communiques(40, random_state=11), make_communiques(40, random_state=11)
    assert a.to_frame().equals(b.to_frame()) and dict(a.meta) == dict(b.meta)
    assert not a.to_frame().equals(make_communiques(40, random_state=12).to_frame())


def test_make_communiques_records_a_drawn_seed() -> None:
    c = make_communiques(5, random_state=None)
    seed = c.meta["params"]["random_state"]
    assert isinstance(seed, int)
    assert make_communiques(5, random_state=seed).to_frame().equals(c.to_frame())


def test_make_communiques_is_fast() -> None:
    make_communiques(10)  # the sentence bank is read once
    t0 = time.perf_counter()
    make_communiques(240)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_documents": 0}, "n_documents"),
    ({"n_documents": 2.5}, "n_documents"),
    ({"start": "2020-01-01", "end": "2019-01-01"}, "before start"),
    ({"start": "not a date"}, "start and end"),
    ({"languages": ("ar", "de")}, "languages"),
    ({"languages": "ar"}, "languages"),
    ({"paragraphs": (0, 3)}, "paragraphs"),
    ({"paragraphs": (4, 3)}, "paragraphs"),
    ({"sources": []}, "sources"),
    ({"shares": {"militray": 0.5}}, "unknown frames"),
    ({"shares": {"military": 1.5}}, "between 0 and 1"),
    ({"shares": lambda year: {"media": -0.1}}, "between 0 and 1"),
    ({"shares": pd.DataFrame({"date": [2001], "media": [0.2]})}, "'year' column"),
])
def test_make_communiques_rejects_bad_parameters(kwargs: dict, message: str) -> None:
    args = {"n_documents": 3, **kwargs}
    with pytest.raises(ValueError, match=message):
        make_communiques(**args)


def test_make_communiques_rejects_shares_of_the_wrong_kind() -> None:
    with pytest.raises(TypeError, match="shares"):
        make_communiques(3, shares=0.5)
    with pytest.raises(TypeError, match="mapping"):
        make_communiques(3, shares=lambda year: 0.5)
    with pytest.raises(TypeError, match="random_state"):
        make_communiques(3, random_state=np.random.default_rng(0))


# --------------------------------------------------------------------------- shares
def test_constant_shares_plant_all_or_nothing() -> None:
    truth = planted_frames(make_communiques(20, shares={"military": 1.0, "media": 1.0}, random_state=2))
    assert truth["military"].all() and truth["media"].all()
    assert not truth["ideological"].any() and not truth["financial"].any()
    none = make_communiques(20, shares={}, random_state=2)
    assert not planted_frames(none)[list(FRAMES)].any().any()
    counts = toolkit.frames.count_frames(none, unit="paragraph", categories="frames", progress=False)
    assert not toolkit.frames.assign(counts).any().any()  # decoys and off-topic paragraphs only


def test_table_shares_are_interpolated_and_recorded() -> None:
    table = pd.DataFrame({"year": [2000.0, 2010.0], "financial": [0.0, 1.0]})
    c = make_communiques(30, start="2000-01-01", end="2009-12-31", shares=table, random_state=3)
    years = c.docvars["date"].dt.year + (c.docvars["date"].dt.day_of_year - 1) / 365.25
    assert np.allclose(c.docvars["p_financial"], (years - 2000) / 10, atol=0.001)
    assert (c.docvars["p_military"] == 0).all()
    back = planted_shares(c.meta["params"]).query("frame == 'financial'")["share"].to_numpy()
    assert np.allclose(back, np.arange(10) / 10 + 0.05, atol=0.005)
    as_yaml = make_communiques(30, start="2000-01-01", end="2009-12-31", random_state=3,
                               shares={"year": [2000.0, 2010.0], "financial": [0.0, 1.0]})
    assert as_yaml.to_frame().equals(c.to_frame())


def test_callable_shares_and_their_planted_shares() -> None:
    def rising(year: float) -> dict[str, float]:
        return {"ideological": min(max((year - 2010) / 10, 0.0), 1.0)}

    c = make_communiques(30, start="2010-01-01", end="2019-12-31", shares=rising, random_state=4)
    assert c.meta["params"]["shares"].startswith("callable ")
    from_corpus = planted_shares(c).query("frame == 'ideological'")
    assert from_corpus["share"].is_monotonic_increasing
    given_fn = planted_shares({**c.meta["params"], "shares": rising}).query("frame == 'ideological'")
    assert np.allclose(given_fn["share"], np.arange(10) / 10 + 0.05, atol=0.005)
    with pytest.raises(ValueError, match="cannot be rebuilt"):
        planted_shares(c.meta["params"])


def test_default_shares_follow_the_documented_history() -> None:
    before, after, late = default_shares(2001.5), default_shares(2002.0), default_shares(2012.0)
    assert after["military"] > 2 * before["military"] and late["military"] < after["military"]
    assert after["financial"] > 3 * before["financial"]
    assert default_shares(2018.0)["ideological"] > 3 * default_shares(2010.0)["ideological"]
    assert default_shares(2015.5)["media"] > 4 * default_shares(2005.0)["media"]
    grid = default_shares(np.linspace(1990, 2030, 400))
    assert all(((v >= 0) & (v <= 1)).all() for v in grid.values())


def test_planted_shares_of_the_corpus_match_the_parameters(corpus: Corpus) -> None:
    from_corpus = planted_shares(corpus)
    from_params = planted_shares(corpus.meta["params"])
    assert list(from_corpus.columns) == ["period", "start", "end", "frame", "share"]
    merged = from_corpus.merge(from_params, on=["period", "frame"], suffixes=("_c", "_p"))
    assert len(merged) == len(from_corpus) == 24 * 4
    assert (merged["share_c"] - merged["share_p"]).abs().max() < 0.05


@pytest.mark.parametrize(("freq", "first", "n"), [("year", "2015", 2), ("quarter", "2015Q1", 8),
                                                   ("month", "2015-01", 24)])
def test_planted_shares_periods(freq: str, first: str, n: int) -> None:
    table = planted_shares({"start": "2015-01-01", "end": "2016-12-31"}, freq=freq)
    assert table["period"].iloc[0] == first and table["period"].nunique() == n
    assert table["frame"].tolist()[:4] == list(FRAMES)
    assert (table["start"] <= table["end"]).all() and table["share"].between(0, 1).all()
    with pytest.raises(ValueError, match="freq"):
        planted_shares(None, freq="week")


# --------------------------------------------------------------------------- truth and recovery
def test_planted_frames_align_with_count_frames_paragraphs(corpus: Corpus, recovered) -> None:
    counts, _, truth = recovered
    assert len(truth) == len(corpus.paragraphs()) == len(counts)
    assert truth["doc_id"].tolist() == counts["doc_id"].tolist()
    assert truth["unit_index"].tolist() == counts["unit_index"].tolist()
    assert truth["date"].equals(counts["date"]) and truth["lang"].tolist() == counts["lang"].tolist()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("frame", FRAMES)
def test_dictionary_recovers_planted_frames(recovered, lang: str, frame: str) -> None:
    _, assigned, truth = recovered
    rows = (truth["lang"] == lang).to_numpy()
    planted, found = truth.loc[rows, frame].to_numpy(), assigned.loc[rows, frame].to_numpy()
    assert planted.sum() >= 50  # enough paragraphs for the figures to mean something
    precision = (planted & found).sum() / found.sum()
    recall = (planted & found).sum() / planted.sum()
    assert precision >= 0.95 and recall >= 0.95, (lang, frame, precision, recall)


def test_recovered_yearly_shares_track_planted_shares(corpus: Corpus, recovered) -> None:
    _, assigned, truth = recovered
    year = truth["date"].dt.year.astype(str)
    found = assigned.groupby(year.to_numpy()).mean()
    n_units = year.value_counts()
    planted = planted_shares(corpus).pivot(index="period", columns="frame", values="share")
    for frame in FRAMES:
        p, est = planted[frame], found[frame].reindex(planted.index)
        assert np.corrcoef(p, est)[0, 1] > 0.85, frame
        assert (est - p).abs().mean() < 0.04, frame
        z = (est - p) / np.sqrt(p * (1 - p) / n_units.reindex(planted.index))
        assert z.abs().max() < 4, (frame, z.abs().max())


def test_planted_frames_survive_subset_and_parquet(corpus: Corpus, tmp_path) -> None:
    arabic = corpus.subset(lang="ar")
    back = Corpus.read_parquet(arabic.to_parquet(tmp_path / "synthetic.parquet"))
    truth = planted_frames(back)
    assert truth.equals(planted_frames(arabic)) and set(truth["lang"]) == {"ar"}
    assert planted_shares(back)["share"].between(0, 1).all()


def test_planted_frames_refuses_other_corpora(corpus: Corpus) -> None:
    plain = Corpus.from_records([{"doc_id": "a", "text": "Terrorism.", "lang": "en"}])
    with pytest.raises(ValueError, match="make_communiques"):
        planted_frames(plain)
    with pytest.raises(ValueError, match="make_communiques"):
        planted_shares(plain)
    with pytest.raises(TypeError, match="Corpus"):
        planted_frames(corpus.to_frame())
    changed = corpus.to_frame().head(2)
    changed["text"] = changed["text"].str.replace("\n\n", " ", regex=False)
    with pytest.raises(ValueError, match="changed"):
        planted_frames(Corpus(changed))


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), lo=st.integers(1, 4), extra=st.integers(0, 3),
       langs=st.sets(st.sampled_from(LANGS), min_size=1).map(sorted))
def test_make_communiques_invariants(seed: int, n: int, lo: int, extra: int, langs: list[str]) -> None:
    c = make_communiques(n, paragraphs=(lo, lo + extra), languages=langs, random_state=seed)
    docvars = c.docvars
    counts = docvars["lang"].value_counts()
    assert len(c) == n and set(counts.index) <= set(langs) and counts.max() - counts.min() <= 1
    paragraphs = c.paragraphs()
    sizes = paragraphs.docvars.groupby("parent_id").size().reindex(c.doc_ids)
    labels = docvars["planted"].map(json.loads)
    assert sizes.between(lo, lo + extra).all() and (sizes == labels.map(len)).all()
    assert all(frames == [f for f in FRAMES if f in frames] for doc in labels for frames in doc)
    assert paragraphs.texts.str.strip().ne("").all() and paragraphs.texts.str.endswith(".").all()
