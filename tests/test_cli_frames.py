"""The ``toolkit frames`` and ``toolkit kwic`` commands, run in-process on tiny inline corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import require_gold

from toolkit.cli import main
from toolkit.frames.dictionary import load_dictionary


TEXTS = {
    "USA_2001-09-20_address": ("Terrorists are funded by criminal networks.\n\n"
                               "Troops carried out a military operation against the terrorists.\n\n"
                               "The weather was fine and funding for schools rose."),
    "MAR_2017-11-26_imctc": ("أكد الوزراء ضرورة تجفيف منابع تمويل الإرهاب.\n\n"
                             "ودعوا إلى مواجهة الفكر المتطرف للجماعات الإرهابية."),
    "FRA_2015-11-16_declaration": "La lutte contre le financement du terrorisme sera renforcée.",
}

CSV_TEXT = '''doc_id,date,lang,text
d1,2015-03-01,en,"Terrorists are funded by criminals.

Troops carried out a military operation against terrorists."
d2,2016-05-02,ar,"يجب تجفيف منابع تمويل الإرهاب."
d3,2016-07-09,en,The weather was fine.
'''

TINY = """toolkit_dictionary: 1
name: tiny
version: "0.1"
frames: [money, force]
categories:
  scope:
    entries:
      - en: ["terror*"]
        ar: ["إرهاب*"]
        fr: ["terror*"]
  money:
    requires: [scope]
    entries:
      - en: ["fund*", "financ*"]
        ar: ["تمويل*"]
        fr: ["financ*"]
  force:
    requires: [scope]
    entries: ["troops", "military operation*"]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "statements"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    return corpus


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "wires.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yml"
    path.write_text(TINY, encoding="utf-8")
    return path


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1, err
    return err


# ---------------------------------------------------------------------- frames count
def test_cli_frames_count_prints_a_summary_with_the_builtin_dictionary(folder, capsys):
    assert main(["frames", "count", str(folder), "--unit", "paragraph", "--no-progress"]) == 0
    out = capsys.readouterr().out
    dictionary = load_dictionary("terrorism_frames")
    assert out.startswith("6 paragraph units, ")
    assert f"dictionary terrorism_frames ({dictionary.fingerprint})" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert list(rows) == list(dictionary.frames)
    assert int(rows["financial"][1]) >= 3  # funded, تمويل, financement (funding for schools has no scope)


def test_cli_frames_count_paragraph_counts_with_a_dictionary_file(folder, tiny, tmp_path, capsys):
    out = tmp_path / "results" / "counts.csv"
    assert main(["frames", "count", str(folder), "--dictionary", str(tiny), "--unit", "paragraph",
                 "-o", str(out), "--no-progress"]) == 0
    assert "wrote 6 paragraph rows to" in capsys.readouterr().err
    counts = pd.read_csv(out).set_index(["doc_id", "unit_index"])
    for column in ("n_tokens", "scope", "money", "money_score", "money_rate", "force", "force_score", "force_rate"):
        assert column in counts.columns
    assert counts["money"].to_dict() == {("USA_2001-09-20_address", 0): 1, ("USA_2001-09-20_address", 1): 0,
                                         ("USA_2001-09-20_address", 2): 0, ("MAR_2017-11-26_imctc", 0): 1,
                                         ("MAR_2017-11-26_imctc", 1): 0, ("FRA_2015-11-16_declaration", 0): 1}
    assert counts.loc[("USA_2001-09-20_address", 1), "force"] == 2  # troops, military operation
    assert counts.loc[("USA_2001-09-20_address", 1), "force_rate"] == pytest.approx(1000 * 2 / 9)
    assert sorted(p.name for p in out.parent.iterdir()) == ["counts.csv"]  # no temporary file left


def test_cli_frames_count_reads_a_parquet_corpus(folder, tiny, tmp_path, capsys):
    parquet = tmp_path / "corpus.parquet"
    assert main(["corpus", "convert", str(folder), str(parquet)]) == 0
    capsys.readouterr()
    assert main(["frames", "count", str(parquet), "--dictionary", str(tiny), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 document units, ") and "dictionary tiny (" in out


def test_cli_frames_count_output_is_atomic(folder, tiny, tmp_path, capsys, monkeypatch):
    out = tmp_path / "counts.csv"
    out.write_text("previous results\n", encoding="utf-8")

    def half_written(self, path, *args, **kwargs):
        Path(path).write_text("doc_id,unit_", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_written)
    assert main(["frames", "count", str(folder), "--dictionary", str(tiny), "-o", str(out), "--no-progress"]) == 1
    assert "disk full" in one_line_error(capsys)
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counts.csv", "statements", "tiny.yml"]


def test_cli_frames_count_by_year_prints_pooled_table(table, tiny, capsys):
    assert main(["frames", "count", str(table), "--dictionary", str(tiny), "--unit", "paragraph",
                 "--by", "year", "--no-progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["n_units", "n_tokens", "money_rate", "force_rate", "money_share", "force_share"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert list(rows) == ["2015", "2016"]
    assert rows["2015"][0] == "2" and rows["2016"][0] == "2"  # d1 has two paragraphs; d2 and d3 one each
    assert [float(v) for v in rows["2015"][4:]] == [0.5, 0.5]  # shares of paragraphs with the frame


def test_cli_frames_count_by_year_and_lang_to_csv(table, tiny, tmp_path, capsys):
    out = tmp_path / "by.csv"
    assert main(["frames", "count", str(table), "--dictionary", str(tiny), "--by", "year", "--by", "lang",
                 "-o", str(out), "--no-progress"]) == 0
    assert "wrote 3 groups" in capsys.readouterr().err
    pooled = pd.read_csv(out, dtype={"lang": str})
    assert list(pooled.columns[:4]) == ["year", "lang", "n_units", "n_tokens"]
    assert list(zip(pooled["year"], pooled["lang"])) == [(2015, "en"), (2016, "ar"), (2016, "en")]
    assert pooled["money"].tolist() == [1, 1, 0] and pooled["money_share"].tolist() == [1.0, 1.0, 0.0]


def test_cli_frames_count_by_year_with_dates_from_file_names(folder, tiny, capsys):
    assert main(["frames", "count", str(folder), "--dictionary", str(tiny), "--filename-pattern",
                 "{country}_{date}_{slug}.txt", "--by", "year", "--no-progress"]) == 0
    rows = [line.split()[:2] for line in capsys.readouterr().out.splitlines()[2:]]
    assert rows == [["2001", "1"], ["2015", "1"], ["2017", "1"]]


def test_cli_frames_count_hits_locate_their_surface(folder, tmp_path, capsys):
    hits_path = tmp_path / "hits.csv"
    assert main(["frames", "count", str(folder), "--unit", "paragraph", "--hits", str(hits_path),
                 "--no-progress"]) == 0
    hits = pd.read_csv(hits_path, keep_default_na=False)
    assert f"wrote {len(hits)} hits to" in capsys.readouterr().err
    assert {"doc_id", "unit_index", "category", "frame", "entry", "surface", "char_start", "char_end",
            "counted", "reason"} <= set(hits.columns)
    for row in hits.itertuples():
        assert TEXTS[row.doc_id][row.char_start:row.char_end] == row.surface
    uncounted = hits[hits["counted"].astype(str) == "False"]
    assert "funding" in uncounted["surface"].tolist()  # schools paragraph: no terrorism, so not counted
    assert set(uncounted["reason"]) == {"requires scope/terrorism"}


@pytest.mark.parametrize("option", ["--unit", "--context", "--by"])
def test_cli_frames_count_bad_option_values(folder, capsys, option):
    if option == "--by":
        assert main(["frames", "count", str(folder), "--by", "century", "--no-progress"]) == 1
        assert "century" in one_line_error(capsys)
    else:
        with pytest.raises(SystemExit) as exc:
            main(["frames", "count", str(folder), option, "chapter"])
        assert exc.value.code == 2


# ---------------------------------------------------------------------- frames validate
GOLD_UNITS = [
    {"unit_id": "e1", "lang": "en", "text": "Terrorists use social media to spread propaganda.", "frames": ["media"]},
    {"unit_id": "e2", "lang": "en", "text": "We must cut off the financing of terrorism.", "frames": ["financial"]},
    {"unit_id": "e3", "lang": "en", "text": "Troops carried out a military operation against terrorists.",
     "frames": ["military"]},
    {"unit_id": "e4", "lang": "en", "text": "The weather was fine.", "frames": []},
    {"unit_id": "a1", "lang": "ar", "text": "يجب تجفيف منابع تمويل الإرهاب.", "frames": ["financial"]},
    {"unit_id": "a2", "lang": "ar", "text": "يستخدم الإرهابيون وسائل التواصل الاجتماعي للدعاية.", "frames": ["media"]},
]


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in GOLD_UNITS), encoding="utf-8")
    return path


def test_cli_frames_validate_json_shape(gold, tmp_path, capsys):
    report_path = tmp_path / "report.json"
    assert main(["frames", "validate", "--gold", str(gold), "--json", "--no-baseline", "--n-boot", "20",
                 "-o", str(report_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    frames = list(load_dictionary("terrorism_frames").frames)
    assert report["frames"] == frames and report["baseline"] is None
    assert set(report["languages"]) == {"ar", "en"}
    for block in report["languages"].values():
        assert list(block["frames"]) == frames
        assert 0.0 <= block["macro_f1"] <= 1.0
        for scores in block["frames"].values():
            assert {"precision", "recall", "f1"} <= set(scores)
    en = report["languages"]["en"]["frames"]
    assert [en[f]["recall"] for f in ("military", "media", "financial")] == [1.0, 1.0, 1.0]
    assert json.loads(report_path.read_text(encoding="utf-8"))["gold"] == report["gold"]


def test_cli_frames_validate_text_with_baseline(gold, capsys):
    assert main(["frames", "validate", "--gold", str(gold), "--n-boot", "20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dictionary terrorism_frames") and "on 6 gold units" in out
    assert "base F1" in out and "en    macro" in out and "ar    macro" in out


def test_cli_frames_validate_bad_gold_line(tmp_path, capsys):
    gold = tmp_path / "broken.jsonl"
    gold.write_text(json.dumps(GOLD_UNITS[0]) + "\n{not json\n", encoding="utf-8")
    assert main(["frames", "validate", "--gold", str(gold), "--no-baseline"]) == 1
    err = one_line_error(capsys)
    assert "broken.jsonl" in err and "line 2" in err


def test_cli_frames_validate_dev_gold_through_the_cli(capsys):
    path = require_gold("frames-dev.jsonl")
    assert main(["frames", "validate", "--gold", str(path), "--json", "--no-baseline", "--n-boot", "100"]) == 0
    report = json.loads(capsys.readouterr().out)
    for lang in ("ar", "en"):
        assert report["languages"][lang]["macro_f1"] >= 0.85, (lang, report["languages"][lang]["macro_f1"])


# ---------------------------------------------------------------------- frames list
def test_cli_frames_list(capsys):
    assert main(["frames", "list"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("terrorism_frames"))
    dictionary = load_dictionary("terrorism_frames")
    assert f"v{dictionary.version}" in line and f"{len(dictionary)} entries" in line
    assert "frames: military, ideological, media, financial" in line and "languages: ar, en, fr" in line


# ---------------------------------------------------------------------- kwic
def test_cli_kwic_prints_lines_in_text_order(folder, capsys):
    assert main(["kwic", str(folder), "terror*", "--window", "2", "--unit", "paragraph"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["FRA_2015-11-16_declaration\tfinancement du [terrorisme] sera renforcée",
                     "USA_2001-09-20_address\t[Terrorists] are funded",
                     "USA_2001-09-20_address\tagainst the [terrorists]."]


def test_cli_kwic_limit_and_outputs(folder, tmp_path, capsys):
    csv_path, html_path = tmp_path / "k.csv", tmp_path / "k.html"
    assert main(["kwic", str(folder), "إرهاب*", "--limit", "1", "-o", str(csv_path), "--html", str(html_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and "wrote 2 lines" in captured.err and "1 more lines" in captured.err
    lines = pd.read_csv(csv_path)
    assert lines["match"].tolist() == ["الإرهاب", "الإرهابية"] and set(lines["direction"]) == {"rtl"}
    page = html_path.read_text(encoding="utf-8")
    assert 'dir="rtl"' in page and "<bdi>الإرهابية</bdi>" in page and 'charset="utf-8"' in page.lower()


def test_cli_kwic_with_a_dictionary_and_category(folder, tiny, capsys):
    assert main(["kwic", str(folder), "--dictionary", str(tiny), "--category", "force", "--unit", "paragraph"]) == 0
    out = capsys.readouterr().out
    assert "[Troops]" in out and "[military operation]" in out and "[funded]" not in out


def test_cli_kwic_with_a_dictionary_file_matches_its_entries(folder, tiny, capsys):
    assert main(["kwic", str(folder), "--dictionary", str(tiny), "--unit", "paragraph"]) == 0
    out = capsys.readouterr().out
    for match in ("[Terrorists]", "[funded]", "[Troops]", "[تمويل]", "[الإرهاب]", "[financement]"):
        assert match in out


def test_cli_kwic_with_the_builtin_dictionary(folder, capsys):
    assert main(["kwic", str(folder), "--dictionary", "terrorism_frames", "--category", "financial"]) == 0
    out = capsys.readouterr().out
    assert "[funded]" in out and "[تمويل]" in out and "[financement]" in out and "[Terrorists]" not in out


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize("argv", [
    ["frames", "count", "{missing}"],
    ["kwic", "{missing}", "terror*"],
    ["frames", "validate", "--gold", "{missing}"],
    ["frames", "count", "{folder}", "--dictionary", "{missing}"],
    ["frames", "count", "{missing_parquet}"],
])
def test_cli_frames_missing_file_is_one_line_naming_it(argv, folder, tmp_path, capsys):
    missing = tmp_path / "nowhere.yml"
    argv = [a.format(missing=missing, folder=folder, missing_parquet=missing.with_suffix(".parquet")) for a in argv]
    assert main(argv) == 1
    err = one_line_error(capsys)
    assert "nowhere." in err and ("no such file" in err.lower() or "not found" in err.lower()), err


@pytest.mark.parametrize(("old", "new", "line"), [
    ('"troops"', '"tro[ops"', 19),                                     # unbalanced character class
    # unknown category in requires: the error points at the category's line
    ("requires: [scope]\n    entries: [\"troops\"", "requires: [nowhere]\n    entries: [\"troops\"", 17),
    ('"military operation*"]', '"military operation*"', None),         # invalid YAML
])
def test_cli_frames_bad_dictionary_names_file_and_line(old, new, line, folder, tmp_path, capsys):
    assert old in TINY
    path = tmp_path / "bad.yml"
    path.write_text(TINY.replace(old, new), encoding="utf-8")
    assert main(["frames", "count", str(folder), "--dictionary", str(path), "--no-progress"]) == 1
    err = one_line_error(capsys)
    assert f"{path}, line " in err
    if line is not None:
        assert f"line {line}:" in err


def test_cli_kwic_without_pattern_or_dictionary(folder, capsys):
    assert main(["kwic", str(folder)]) == 1
    err = one_line_error(capsys)
    assert "PATTERN" in err and "--dictionary" in err


@pytest.mark.parametrize("argv", [["frames"], ["frames", "validate"], ["frames", "count"], ["kwic"],
                                  ["kwic", ".", "terror*", "--limit", "-1"]])
def test_cli_frames_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage: toolkit" in capsys.readouterr().err
