"""The ``toolkit topics`` command (fit, the default, and select-k), run in-process on a small corpus with
three planted topics; what it writes is checked against analyse_topics and select_k called directly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit.cli import main
from toolkit.corpus import Corpus, read_corpus
from toolkit.topics import analyse_topics, coherence_texts, select_k, topic_dtm

WORDS = {"military": ["army", "troops", "soldiers", "weapons", "attack", "forces"],
         "money": ["bank", "money", "funds", "finance", "budget", "loans"],
         "sport": ["football", "match", "team", "goal", "league", "players"]}


def make_corpus(n: int) -> Corpus:
    """``n`` documents from 2001 to 2006, each two paragraphs on one planted topic and one on another."""
    rng = np.random.default_rng(0)
    names = list(WORDS)
    records = []
    for i in range(n):
        main_topic, other = rng.choice(names, 2, replace=False)
        paragraphs = [" ".join(["The", *rng.choice(WORDS[t], size), "and", "of"]) + "."
                      for t, size in ((main_topic, 14), (other, 12), (main_topic, 14))]
        records.append({"doc_id": f"d{i:02d}", "text": "\n\n".join(paragraphs), "lang": "en",
                        "date": f"{2001 + i % 6}-05-01"})
    return Corpus.from_records(records)


VOCAB = ["--min-df", "1", "--max-df", "1.0"]


@pytest.fixture(scope="module")
def corpus_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = make_corpus(48)
    path = tmp_path_factory.mktemp("corpus") / "wires.csv"
    corpus.to_frame().reset_index()[["doc_id", "date", "lang", "text"]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def corpus(corpus_csv) -> Corpus:
    return read_corpus(corpus_csv, show_progress=False)


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1, err
    return err


def test_cli_topics_fit_writes_the_tables_of_analyse_topics(corpus_csv, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["topics", str(corpus_csv), "--k", "3", *VOCAB, "--n-draws", "20", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["document_topics.csv", "model.json", "prevalence.csv",
                                                     "representative.csv", "top_terms.csv", "topics.csv"]
    direct = analyse_topics(corpus, n_components=3, min_df=1, max_df=1.0, n_draws=20)
    terms = pd.read_csv(out / "top_terms.csv")
    assert terms["term"].tolist() == direct.top_terms["term"].tolist()
    assert np.allclose(terms["frex"], direct.top_terms["frex"])
    prevalence = pd.read_csv(out / "prevalence.csv")
    assert prevalence["time"].tolist() == direct.prevalence["time"].tolist()
    assert np.allclose(prevalence["ci_high"], direct.prevalence["ci_high"])
    rep = pd.read_csv(out / "representative.csv")
    assert rep["unit_id"].tolist() == direct.representative["unit_id"].tolist()
    assert set(rep["unit"]) == {"document", "paragraph"}
    params = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert params["model"]["n_components"] == 3 and params["corpus"]["path"] == str(corpus_csv)
    # stdout: two lines per topic, its top terms by probability then by FREX
    lines = captured.out.splitlines()
    assert len(lines) == 6
    for k, row in direct.topics.iterrows():
        assert lines[2 * k].split() == [str(k), row["label"], f"{row['proportion']:.1%}", *row["prob_terms"].split()]
        assert lines[2 * k + 1].split() == ["FREX:", *row["frex_terms"].split()]
    assert f"read 48 documents from {corpus_csv}" in captured.err and "wrote topics.csv" in captured.err


def test_cli_topics_path_alone_means_fit(corpus_csv, capsys):
    args = [str(corpus_csv), "--k", "2", *VOCAB, "--by", "none", "--no-paragraphs", "-q"]
    assert main(["topics", *args]) == 0
    short = capsys.readouterr()
    assert main(["topics", "fit", *args]) == 0
    assert capsys.readouterr() == short
    assert short.err == ""  # --quiet


def test_cli_topics_seeded_with_a_dictionary_file(corpus_csv, tmp_path, capsys):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text("category,entry\narmed,army\narmed,troop*\nmoney,bank\n", encoding="utf-8")
    assert main(["topics", str(corpus_csv), "--k", "3", "--seeded", "--dictionary", str(seeds), *VOCAB,
                 "--by", "none", "-o", str(tmp_path / "out"), "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines[::2]] == ["armed", "money", "other_1"]
    assert set(lines[0].split()[3:9]) == set(WORDS["military"])
    topics = pd.read_csv(tmp_path / "out" / "topics.csv")
    assert topics["seed_words"].tolist()[:2] == ["army troops", "bank"]
    assert not (tmp_path / "out" / "prevalence.csv").exists()


def test_cli_topics_select_k_is_select_k(corpus_csv, corpus, tmp_path, capsys):
    out = tmp_path / "k.csv"
    assert main(["topics", "select-k", str(corpus_csv), "--k", "2", "3", "--seeds", "0", "1", *VOCAB,
                 "--max-iter", "20", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    m = topic_dtm(corpus, min_df=1, max_df=1.0)
    direct = select_k(m, [2, 3], seeds=[0, 1], texts=coherence_texts(corpus, m), params={"max_iter": 20})
    assert table[["k", "seed"]].values.tolist() == [[2, 0], [2, 1], [3, 0], [3, 1]]
    for column in ("perplexity", "c_npmi", "exclusivity", "semantic_coherence"):
        assert np.allclose(table[column], direct[column]), column
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split() == ["k", "seed", "perplexity", "c_npmi", "exclusivity", "semantic_coherence",
                                  "n_iter", "seconds"] and len(printed) == 5


def test_cli_topics_select_k_measures(corpus_csv, capsys):
    assert main(["topics", "select-k", str(corpus_csv), "--k", "2", "--seeds", "0", "1", *VOCAB, "--max-iter",
                 "10", "--measures", "exclusivity,stability", "--held-out", "0", "-q"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert header == ["k", "seed", "exclusivity", "stability", "n_iter", "seconds"]


def test_cli_topics_reads_a_registered_corpus_from_corpora_dir(tmp_path, capsys):
    corpus = make_corpus(12)
    for i, doc_id in enumerate(corpus.doc_ids):
        session, year = (69, 2014) if i % 2 else (70, 2015)
        folder = tmp_path / "corpora" / "ungdc" / "TXT" / f"Session {session} - {year}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"X{chr(65 + i)}{chr(65 + i)}_{session}_{year}.txt").write_text(corpus[doc_id], encoding="utf-8")
    assert main(["topics", "ungdc", "--corpora-dir", str(tmp_path / "corpora"), "--k", "2", *VOCAB,
                 "--no-paragraphs", "-q", "-o", str(tmp_path / "out")]) == 0
    docs = pd.read_csv(tmp_path / "out" / "document_topics.csv")
    assert len(docs) == 12 and set(docs["country"]) == {f"X{chr(65 + i)}{chr(65 + i)}" for i in range(12)}
    assert sorted(pd.read_csv(tmp_path / "out" / "prevalence.csv")["time"].unique()) == [2014, 2015]
    params = json.loads((tmp_path / "out" / "model.json").read_text(encoding="utf-8"))
    assert params["corpus"]["layout"] == "ungdc"


@pytest.mark.parametrize(("argv", "message"), [
    (["topics", "nowhere.csv"], "nowhere.csv: no such file or folder, and not a registered corpus name"),
    (["topics", "ungdc", "--corpora-dir", "/nowhere"], "corpus 'ungdc' not found in /nowhere/ungdc"),
    (["topics", "{csv}", "--by", "decade", *VOCAB], "by='decade' is neither a docvar"),
    (["topics", "{csv}", "--dictionary", "frames.yml", *VOCAB], "add --seeded or drop --dictionary"),
    (["topics", "{csv}", "--language", "ar", *VOCAB], "language='ar': no document is in this language"),
    (["topics", "{csv}", "--min-df", "1000"], "min_df"),
])
def test_cli_topics_errors_are_one_line(corpus_csv, capsys, argv, message):
    argv = [a.replace("{csv}", str(corpus_csv)) for a in argv]
    assert main([*argv, "-q"]) == 1
    assert message in one_line_error(capsys)


@pytest.mark.parametrize("argv", [
    ["topics"], ["topics", "select-k", "x.csv"], ["topics", "x.csv", "--k", "0"], ["topics", "x.csv", "--max-df", "2.5"],
    ["topics", "select-k", "x.csv", "--k", "2", "--measures", "nope"], ["topics", "x.csv", "--method", "pca"],
])
def test_cli_topics_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and "usage: toolkit topics" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "expected"), [
    (["topics", "-h"], ["toolkit topics [fit] PATH", "toolkit topics select-k PATH", "examples:", "fit", "select-k"]),
    (["topics", "fit", "-h"], ["usage: toolkit topics fit", "--seeded", "--by BY", "examples:"]),
    (["topics", "select-k", "-h"], ["usage: toolkit topics select-k", "--seeds N [N ...]", "examples (select-k):"]),
])
def test_cli_topics_help_has_examples(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out = capsys.readouterr().out
    assert exit_info.value.code == 0 and all(text in out for text in expected), out


def test_cli_help_lists_topics(capsys):
    with pytest.raises(SystemExit):
        main(["-h"])
    assert "topics" in capsys.readouterr().out
