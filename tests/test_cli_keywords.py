"""The ``toolkit keyness`` and ``toolkit collocations`` commands, run in-process on tiny inline corpora.

Every number the commands print is checked against the library functions called directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from toolkit.cli import main
from toolkit.corpus import Corpus, read_corpus
from toolkit.keywords.collocations import collocations
from toolkit.keywords.keyness import keyness

CSV_TEXT = '''doc_id,date,lang,period,text
d1,2013-03-01,en,before,"Peace and development. Peace talks continued in the region."
d2,2014-05-02,en,before,"The cold war ended; development and peace."
d3,2016-05-02,en,after,"The fight against terrorism. Terrorism must be defeated and the financing of terrorism stopped."
d4,2017-07-09,en,after,"Terrorists attacked. The fight against terrorism goes on."
'''

ARABIC_CSV = '''doc_id,date,lang,text
a1,2013-11-02,ar,"التنمية والسلام في تونس. السلام أولا."
a2,2014-06-01,ar,"الانتخابات والتنمية في تونس."
a3,2016-03-07,ar,"ندين الإرهاب بشدة. مكافحة الإرهاب واجبة."
a4,2017-01-20,ar,"تواصل مكافحة والإرهاب وتمويل بالإرهاب."
'''

SPEECHES = {
    "USA_56_2001": "We will fight terrorism. Terrorism threatens every nation.",
    "FRA_56_2001": "Terrorism must be fought by all nations together.",
    "USA_50_1995": "Peace keeping and development remain our priorities.",
    "FRA_50_1995": "Development and peace keeping in Africa.",
}


@pytest.fixture
def wires(tmp_path: Path) -> Path:
    path = tmp_path / "wires.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def arabic(tmp_path: Path) -> Path:
    path = tmp_path / "ant.csv"
    path.write_text(ARABIC_CSV, encoding="utf-8")
    return path


@pytest.fixture
def speeches(tmp_path: Path) -> Path:
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name, text in SPEECHES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1, err
    return err


# ---------------------------------------------------------------------- keyness
def test_cli_keyness_prints_both_sides_with_statistic_values(wires, capsys):
    assert main(["keyness", str(wires), "--target", "period == 'after'", "-n", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("keyness of \"period == 'after'\" (2 documents, 22 tokens) against the rest of the corpus "
                        "(2 documents, 16 tokens)")
    assert lines[1].startswith("measure g2, correction none, effect log_ratio, p-values adjusted: none; ")
    assert lines[2].split() == ["feature", "target_freq", "reference_freq", "statistic", "p_adjusted", "effect"]
    rows = [line.split() for line in lines[3:]]
    expected = keyness(read_corpus(wires), "period == 'after'")
    top, bottom = expected.iloc[:2], expected.iloc[::-1].iloc[:2]
    assert [r[0] for r in rows] == [*top["feature"], *bottom["feature"]]
    assert rows[0][0] == "terrorism" and float(rows[0][3]) == pytest.approx(expected.loc[0, "statistic"], rel=1e-3)
    assert all(float(r[3]) > 0 for r in rows[:2]) and all(float(r[3]) < 0 for r in rows[2:])


def test_cli_keyness_json_rows_carry_the_statistic_values_of_the_library(wires, capsys):
    out = run_json(capsys, "keyness", str(wires), "--target", "date >= '2015-01-01'",
                   "--reference", "date < '2015-01-01'", "--measure", "chi2", "--correction", "yates",
                   "--effect", "odds_ratio", "-n", "3", "--json")
    expected = keyness(read_corpus(wires), "date >= '2015-01-01'", "date < '2015-01-01'", measure="chi2",
                       correction="yates", effect="odds_ratio")
    params = out["parameters"]
    assert (params["target"], params["reference"], params["measure"], params["correction"], params["effect"]) == \
        ("date >= '2015-01-01'", "date < '2015-01-01'", "chi2", "yates", "odds_ratio")
    assert params["n_target_docs"] == 2 and params["n_features_tested"] == len(expected)
    rows = pd.DataFrame(out["rows"])
    assert len(rows) == 6 and list(rows.columns) == list(expected.columns)
    merged = rows.merge(expected, on="feature", suffixes=("", "_lib"))
    assert len(merged) == 6
    for column in ("statistic", "p_value", "effect", "target_freq", "reference_freq"):
        assert merged[column].to_numpy() == pytest.approx(merged[f"{column}_lib"].to_numpy())
    assert (rows["statistic"].iloc[:3] > 0).all() and (rows["statistic"].iloc[3:] < 0).all()
    assert rows.loc[0, "feature"] == "terrorism" and rows.loc[0, "direction"] == "target"


def test_cli_keyness_n_zero_prints_every_row_and_out_writes_the_whole_table(wires, tmp_path, capsys):
    out_csv = tmp_path / "out" / "keyness.csv"
    out = run_json(capsys, "keyness", str(wires), "--target", "period == 'after'", "-n", "0", "--json",
                   "-o", str(out_csv))
    table = pd.read_csv(out_csv)
    assert len(out["rows"]) == len(table) == out["parameters"]["n_features_tested"]
    assert table["feature"].tolist() == [r["feature"] for r in out["rows"]]


def test_cli_keyness_arabic_counts_clitic_forms_as_one_word(arabic, capsys):
    out = run_json(capsys, "keyness", str(arabic), "--target", "date >= '2016-01-01'", "--json", "-n", "3")
    top = out["rows"][0]
    assert top["feature"] == "الارهاب" and top["target_freq"] == 4  # الإرهاب x2, والإرهاب, بالإرهاب
    assert top["statistic"] > 0 and top["reference_freq"] == 0


def test_cli_keyness_reads_only_included_files(speeches, capsys):
    argv = ["keyness", str(speeches), "--filename-pattern", "{country}_{session}_{year}.txt",
            "--target", "date >= '2001-01-01'", "--json"]
    assert run_json(capsys, *argv)["parameters"]["n_reference_docs"] == 2
    out = run_json(capsys, *argv, "--include", "*_2001.txt", "--include", "USA_*")
    assert (out["parameters"]["n_target_docs"], out["parameters"]["n_reference_docs"]) == (2, 1)
    assert out["rows"][0]["feature"] == "terrorism"


def test_cli_keyness_reads_a_parquet_corpus(wires, tmp_path, capsys):
    parquet = tmp_path / "wires.parquet"
    read_corpus(wires).to_parquet(parquet)
    out = run_json(capsys, "keyness", str(parquet), "--target", "period == 'after'", "--json", "-n", "1")
    assert out["rows"][0]["feature"] == "terrorism" and Corpus.read_parquet(parquet) is not None


def test_cli_keyness_query_matching_nothing_is_a_one_line_error(wires, capsys):
    assert main(["keyness", str(wires), "--target", "year > 2020"]) == 1
    err = one_line_error(capsys)
    assert "year > 2020" in err


def test_cli_keyness_correction_that_does_not_apply_is_a_one_line_error(wires, capsys):
    assert main(["keyness", str(wires), "--target", "period == 'after'", "--correction", "williams"]) == 1
    assert "g2_4term" in one_line_error(capsys)


@pytest.mark.parametrize("argv", [
    ["--measure", "tfidf"],
    ["--correction", "bonferroni"],
    ["-n", "-3"],
    [],  # no --target
])
def test_cli_keyness_usage_errors_exit_2(wires, argv, capsys):
    target = [] if not argv else ["--target", "period == 'after'"]
    with pytest.raises(SystemExit) as exit_info:
        main(["keyness", str(wires), *target, *argv])
    assert exit_info.value.code == 2
    assert "usage: toolkit keyness" in capsys.readouterr().err


# ---------------------------------------------------------------------- collocations
def test_cli_collocations_prints_collocates_with_measures(wires, capsys):
    assert main(["collocations", str(wires), "terrorism", "--window", "2", "--min-count", "1", "-n", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = collocations(read_corpus(wires), "terrorism", window=2, min_count=1)
    assert expected.attrs["n_tokens"] == 38
    assert lines[0] == "collocates of 'terrorism' (window 2 left, 2 right; 38 tokens); node forms: terrorism (4)"
    assert lines[1] == f"{len(expected)} collocates with at least 1 co-occurrences, sorted by g2"
    assert lines[2].split() == ["collocate", "observed", "expected", "pmi", "g2", "t", "chi2", "dice", "logdice",
                                "mi3"]
    assert [line.split()[0] for line in lines[3:]] == expected["collocate"].head(3).tolist()


def test_cli_collocations_json_matches_the_library(wires, capsys):
    out = run_json(capsys, "collocations", str(wires), "terror*", "--span", "0", "1", "--min-count", "1",
                   "--measures", "pmi,logdice", "--sort-by", "logdice", "--json", "-n", "0")
    expected = collocations(read_corpus(wires), "terror*", span=(0, 1), min_count=1, measures=("pmi", "logdice"),
                            sort_by="logdice")
    assert out["parameters"]["span"] == [0, 1] and out["parameters"]["node_forms"] == expected.attrs["node_forms"]
    rows = pd.DataFrame(out["rows"])
    assert list(rows.columns) == list(expected.columns) and "g2" not in rows.columns
    assert rows["collocate"].tolist() == expected["collocate"].tolist()
    assert rows["logdice"].to_numpy() == pytest.approx(expected["logdice"].to_numpy())


def test_cli_collocations_arabic_node_finds_clitic_forms(arabic, capsys):
    out = run_json(capsys, "collocations", str(arabic), "إرهاب", "--window", "1", "--min-count", "1", "--json")
    assert out["parameters"]["node_forms"] == {"الارهاب": 4}
    collocates = {r["collocate"] for r in out["rows"]}
    assert {"مكافحة", "بشدة", "ندين"} <= collocates


def test_cli_collocations_subset_and_stop_words(wires, capsys):
    base = ["collocations", str(wires), "terrorism", "--min-count", "1", "--json", "-n", "0"]
    everything = run_json(capsys, *base)
    assert "the" in {r["collocate"] for r in everything["rows"]}
    no_stops = run_json(capsys, *base, "--stop-words")
    assert "the" not in {r["collocate"] for r in no_stops["rows"]}
    only_2017 = run_json(capsys, *base, "--subset", "date >= '2017-01-01'")
    assert only_2017["parameters"]["node_forms"] == {"terrorism": 1}  # d4 only (d3 has three)


@pytest.mark.parametrize("argv", [
    ["--measures", "pmi,lambda"],
    ["--window", "0"],
    ["--window", "2", "--span", "0", "1"],
    ["--unit", "clause"],
])
def test_cli_collocations_usage_errors_exit_2(wires, argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["collocations", str(wires), "terrorism", *argv])
    assert exit_info.value.code == 2
    assert "usage: toolkit collocations" in capsys.readouterr().err


def test_cli_collocations_missing_corpus_is_a_one_line_error(tmp_path, capsys):
    assert main(["collocations", str(tmp_path / "nowhere.csv"), "terrorism"]) == 1
    assert "nowhere.csv" in one_line_error(capsys)


def test_cli_help_lists_the_keyword_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "keyness" in out and "collocations" in out
