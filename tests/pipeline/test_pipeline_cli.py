"""``toolkit run`` end to end on a small folder of communiqués written inline; corpus changes; errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.pipeline import AnalysisError, load_analysis, run_analysis

TEXTS = {
    "MAR_2015-03-01_a.txt": "وأكد الوزراء ضرورة تعزيز القدرات العسكرية لمواجهة الإرهاب.\n\nوشدد البيان على التعاون.",
    "FRA_2016-05-02_b.txt": "Les forces armées frapperont les terroristes.\n\nLa lutte contre le financement du "
                            "terrorisme sera renforcée.",
    "USA_2017-09-20_c.txt": "We will starve terrorists of funding.\n\nTerrorist propaganda on social media.",
}

ANALYSIS = """\
name: inline
corpus:
  path: texts
  filename_pattern: "{country}_{date}_{slug}.txt"
  query: "{query}"
seed: 1
trends: {n_boot: 50, min_units: 1, min_clusters: 1}
comparisons:
  - name: later
    frames: [military]
    measure: rate
    before: [2015, 2015]
    after: [2016, 2017]
    test: bootstrap
change_points: false
figures: []
output: out
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    for name, text in TEXTS.items():
        (tmp_path / "texts" / name).write_text(text, encoding="utf-8")
    (tmp_path / "a.yml").write_text(ANALYSIS.replace("{query}", "date >= '2000-01-01'"), encoding="utf-8")
    return tmp_path


def test_cli_run_end_to_end_then_from_the_cache(project, capsys):
    assert main(["run", str(project / "a.yml")]) == 0
    out = capsys.readouterr().out
    assert "inline: 3 documents, 6 paragraphs" in out and "computed: corpus, frames" in out
    assert "later: military (per 1,000 tokens)" in out and f"outputs in {project / 'out'}/" in out
    assert (project / "out" / "report.html").is_file() and (project / "out" / "tables" / "comparisons.csv").is_file()
    assert main(["run", str(project / "a.yml")]) == 0
    assert "all 5 stages reused from the cache (inputs unchanged)" in capsys.readouterr().out
    assert main(["run", str(project / "a.yml"), "--force", "--quiet", "-o", str(project / "elsewhere")]) == 0
    assert capsys.readouterr().out == f"outputs in {project / 'elsewhere'}\n"
    assert (project / "elsewhere" / "manifest.json").is_file()


def test_cli_run_reports_a_bad_file_with_its_line(project, capsys):
    (project / "bad.yml").write_text("seed: 1\ncorpus:\n  path: texts\n  layuot: ungdc\n", encoding="utf-8")
    assert main(["run", str(project / "bad.yml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and "bad.yml, line 4: unknown key 'layuot'" in err
    assert "did you mean 'layout'" in err and not (project / "out").exists()


def test_cli_run_missing_file(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.yml")]) == 1
    assert "no such analysis file" in capsys.readouterr().err


def test_run_corpus_change_invalidates_the_corpus_and_what_follows(project):
    first = run_analysis(project / "a.yml", progress=False)
    assert first.manifest["corpus"]["n_documents"] == 3 and first.manifest["corpus"]["n_units"] == 6
    text = project / "texts" / "USA_2017-09-20_c.txt"
    text.write_text(TEXTS["USA_2017-09-20_c.txt"], encoding="utf-8")  # rewritten with the same bytes
    assert run_analysis(project / "a.yml", progress=False).fully_cached
    text.write_text(TEXTS["USA_2017-09-20_c.txt"] + "\n\nThe weather.", encoding="utf-8")
    changed = run_analysis(project / "a.yml", progress=False)
    assert [s.name for s in changed.stages if not s.cached] == ["corpus", "frames", "units", "trends", "comparisons"]
    assert changed.manifest["corpus"]["content_sha256"] != first.manifest["corpus"]["content_sha256"]
    assert changed.manifest["corpus"]["n_units"] == 7


def test_run_query_selects_documents(project):
    path = project / "a.yml"
    path.write_text(ANALYSIS.replace("{query}", "country != 'FRA'").replace("before: [2015, 2015]",
                                                                             "before: [2014, 2015]"), encoding="utf-8")
    result = run_analysis(path, progress=False)
    assert result.manifest["corpus"]["n_documents"] == 2 and result.manifest["corpus"]["query"] == "country != 'FRA'"
    assert set(result.units()["doc_id"]) == {"MAR_2015-03-01_a", "USA_2017-09-20_c"}


@pytest.mark.parametrize(("edit", "key", "words"), [
    (("trends: {", "trends: {by: country_name, "), "trends.by", ["'country_name' is not a docvar", "country"]),
    (("date >= '2000-01-01'", "country == 'XXX'"), "corpus.query", ["keeps no document"]),
    (("before: [2015, 2015]", "before: [1990, 1991]"), "comparisons.0", ["comparison 'later', military",
                                                                          "no unit"]),
])
def test_run_setting_that_does_not_fit_the_data_names_its_line(project, edit, key, words):
    path = project / "a.yml"
    path.write_text(ANALYSIS.replace("{query}", "date >= '2000-01-01'").replace(*edit), encoding="utf-8")
    with pytest.raises(AnalysisError) as info:
        run_analysis(path, progress=False)
    assert info.value.path == str(path.resolve()) and info.value.line == load_analysis(path).lines[key]
    for word in words:
        assert word in str(info.value), str(info.value)


def test_run_report_escapes_and_sets_arabic_right_to_left(project):
    path = project / "a.yml"
    path.write_text(ANALYSIS.replace("{query}", "date >= '2000-01-01'").replace(
        "figures: []", "figures: {kinds: [trends], formats: [svg], lang: ar}\n"
                       "description: أطر الإرهاب <script>alert(1)</script>"), encoding="utf-8")
    page = run_analysis(path, progress=False).report.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<p dir="rtl" lang="ar">أطر الإرهاب &lt;script&gt;' in page
    assert '<img src="figures/trends.svg" alt="الأطر عبر الزمن">' in page
    assert '<figcaption dir="rtl" lang="ar">الأطر عبر الزمن' in page


def test_run_drops_republished_copies_when_asked(project):
    copy = TEXTS["MAR_2015-03-01_a.txt"]
    (project / "texts" / "MAR_2015-03-02_copy.txt").write_text(copy, encoding="utf-8")
    path = project / "a.yml"
    text = ANALYSIS.replace("{query}", "date >= '2000-01-01'")
    path.write_text(text, encoding="utf-8")
    assert run_analysis(path, progress=False).manifest["corpus"]["n_documents"] == 4
    path.write_text(text.replace("  query:", "  drop_duplicates: true\n  query:"), encoding="utf-8")
    result = run_analysis(path, progress=False)
    assert result.manifest["corpus"]["n_documents"] == 3 and result.manifest["corpus"]["dropped_duplicates"] == 1
    assert result.stages[0].name == "corpus" and not result.stages[0].cached
