"""Analysis files (toolkit.pipeline.config / yamlfile): defaults, paths, and errors naming the file and line."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from toolkit.pipeline import AnalysisError, load_analysis
from toolkit.pipeline.config import _TOP

MINIMAL = "synthetic:\n  n_documents: 20\nseed: 1\n"


def write(tmp_path: Path, text: str, name: str = "a.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> AnalysisError:
    path = write(tmp_path, text)
    with pytest.raises(AnalysisError) as info:
        load_analysis(path)
    assert info.value.path == str(path)
    return info.value


def test_config_minimal_file_gets_documented_defaults(tmp_path):
    a = load_analysis(write(tmp_path, MINIMAL))
    assert (a.name, a.units, a.dictionary, a.seed) == ("a", "paragraph", "terrorism_frames", 1)
    assert (a.frames.measure, a.periods.freq, a.periods.breaks) == ("share", "year", None)
    assert (a.trends.ci, a.trends.n_boot, a.trends.cluster, a.trends.min_units, a.trends.min_clusters) == (
        0.95, 1000, "doc_id", 20, 5)
    assert a.comparisons == () and a.change_points.enabled and a.change_points.method == "pelt"
    assert a.figures.kinds == ("trends", "shares", "heatmap") and a.figures.formats == ("png", "svg", "pdf")
    assert a.output == tmp_path.resolve() / "results" / "a"
    assert a.corpus.synthetic == {"n_documents": 20} and a.corpus.path is None
    assert a.source == (tmp_path / "a.yml").resolve()


def test_config_paths_are_relative_to_the_analysis_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.txt").write_text("t", encoding="utf-8")
    sub = tmp_path / "analyses"
    sub.mkdir()
    a = load_analysis(write(sub, "corpus:\n  path: ../data\n  query: \"lang == 'ar'\"\nseed: 3\noutput: ../out\n"))
    assert a.corpus.path == (tmp_path / "data").resolve() and a.corpus.query == "lang == 'ar'"
    assert a.output == (tmp_path / "out").resolve()


def test_config_dates_years_and_breaks(tmp_path):
    a = load_analysis(write(tmp_path, MINIMAL + "periods:\n  breaks: [2001-09-11, 2015]\n  labels: [a, b, c]\n"
                                      "comparisons:\n  - name: c1\n    frames: [military, media]\n"
                                      "    before: [1990, 2000-06]\n    after: [2001-09-11, '2010-12-31']\n"))
    assert a.periods.breaks == ("2001-09-11", "2015-01-01") and a.periods.labels == ("a", "b", "c")
    c = a.comparisons[0]
    assert (c.before, c.after, c.frames) == (("1990-01-01", "2000-06-30"), ("2001-09-11", "2010-12-31"),
                                             ("military", "media"))
    assert (c.measure, c.test, c.n_resamples, c.ci) == ("share", "permutation", 2000, 0.95)


def test_config_rate_comparison_accepts_any_dictionary_category(tmp_path):
    a = load_analysis(write(tmp_path, MINIMAL + "comparisons:\n  - {name: t, frames: scope/terrorism, measure: rate,"
                                                " before: [1990, 2000], after: [2002, 2010]}\n"))
    assert a.comparisons[0].frames == ("scope/terrorism",)


@pytest.mark.parametrize(("text", "line", "words"), [
    (MINIMAL + "period:\n  freq: year\n", 4, ["unknown key 'period'", "did you mean 'periods'"]),
    (MINIMAL + "trends:\n  n_boot: 100\n  clusters: doc_id\n", 6, ["unknown key 'clusters' in 'trends'",
                                                                    "did you mean 'cluster'"]),
    (MINIMAL + "trends:\n  n_boot: many\n", 5, ["trends.n_boot must be a whole number", "'many'"]),
    (MINIMAL + "trends:\n  ci: 95\n", 5, ["trends.ci must lie in (0.0, 1.0)", "95"]),
    (MINIMAL + "units: paragraphs\n", 4, ["units: 'paragraphs' is not allowed", "did you mean 'paragraph'"]),
    (MINIMAL + "frames:\n  select: [military, militray]\n", 5, ["'militray' is not allowed", "military"]),
    (MINIMAL + "frames:\n  measure: share\n  thresholds: {media: -1}\n", 6, ["frames.thresholds.media"]),
    ("synthetic: {n_documents: 5}\n", 1, ["no 'seed'", "seed: 20240101"]),
    ("seed: 1\n", 1, ["give either 'corpus:'", "'synthetic:'"]),
    (MINIMAL + "corpus:\n  path: nowhere\n", 4, ["give either", "not both"]),
    ("seed: 1\ncorpus:\n  path: nowhere\n", 3, ["does not exist", "relative to the folder"]),
    ("seed: 1\ncorpus:\n  layout: ungdc\n", 2, ["corpus needs 'path:'"]),
    (MINIMAL + "comparisons:\n  - name: x\n    frames: military\n    before: [2000, 1990]\n    after: [2001, 2002]\n",
     7, ["before: the end 1990-12-31 comes before the start 2000-01-01"]),
    (MINIMAL + "comparisons:\n  - name: x\n    frames: military\n    before: [soon, 1990]\n    after: [2001, 2002]\n",
     7, ["'soon' is not a date"]),
    (MINIMAL + "comparisons:\n  - name: x\n    before: [1990, 2000]\n", 5, ["comparison 1 lacks frames, after"]),
    (MINIMAL + "comparisons:\n  - {name: x, frames: military, before: [1, 2], after: [3, 4], test: t-test}\n", 5,
     ["comparison 1.test: 't-test' is not allowed", "permutation"]),
    (MINIMAL + "periods:\n  freq: year\n  breaks: [2001]\n", 6, ["either 'freq'", "not both"]),
    (MINIMAL + "periods:\n  breaks: [2015, 2001]\n", 5, ["increasing order"]),
    (MINIMAL + "periods:\n  breaks: [2001, junk]\n", 5, ["'junk' is not a date"]),
    (MINIMAL + "figures: [trends, trend_facets]\n", 4, ["trend_facets", "trends.by"]),
    (MINIMAL + "figures:\n  kinds: [trend, shares]\n", 5, ["'trend' is not allowed"]),
    (MINIMAL + "seed: 2\n", 4, ["duplicate key 'seed'", "first at line 3"]),
    (MINIMAL + "trends:\n  n_boot: [1, 2\n", 6, ["invalid YAML"]),
    (MINIMAL + "preprocess:\n  stemmer: porter\n", 5, ["preprocess:", "stemmer"]),
    (MINIMAL + "preprocess:\n  lowercse: true\n", 5, ["unknown key 'lowercse'", "did you mean 'lowercase'"]),
    (MINIMAL + "dictionary: my_frames.yml\n", 4, ["neither a built-in dictionary", "does not exist"]),
    (MINIMAL + "toolkit_analysis: 2\n", 4, ["toolkit_analysis: 2 is not a version"]),
    (MINIMAL.replace("n_documents: 20", "n_documents: 20\n  random_state: 4"), 3, ["draws from the analysis 'seed'"]),
    (MINIMAL.replace("n_documents", "n_docs"), 2, ["unknown key 'n_docs' in 'synthetic'", "n_documents"]),
    ("- a\n- b\n", 1, ["the top level must be a mapping"]),
])
def test_config_errors_name_file_line_and_fix(tmp_path, text, line, words):
    err = error_of(tmp_path, text)
    assert err.line == line, str(err)
    assert str(err).startswith(f"{tmp_path / 'a.yml'}, line {line}: ")
    for word in words:
        assert word in str(err), str(err)


def test_config_empty_file_is_an_error(tmp_path):
    err = error_of(tmp_path, "# nothing\n")
    assert "empty" in str(err) and "analyses/README.md" in str(err)


def test_config_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such analysis file"):
        load_analysis(tmp_path / "nope.yml")


def test_config_mapping_input_has_no_lines_but_same_checks():
    with pytest.raises(AnalysisError, match="unknown key 'sed'") as info:
        load_analysis({"synthetic": {"n_documents": 5}, "sed": 1})
    assert info.value.path is None and info.value.line is None
    a = load_analysis({"synthetic": {"n_documents": 5}, "seed": 1, "output": "x"})
    assert a.output == (Path.cwd() / "x").resolve()


def test_config_to_dict_is_json_ready_and_equal_for_equal_files(tmp_path):
    import json

    a = load_analysis(write(tmp_path, MINIMAL, "one.yml"))
    b = load_analysis(write(tmp_path, MINIMAL + "units: paragraph\n", "two.yml"))
    assert json.loads(json.dumps(a.to_dict())) == a.to_dict()
    assert {k: v for k, v in a.to_dict().items() if k not in ("name", "output")} == \
        {k: v for k, v in b.to_dict().items() if k not in ("name", "output")}


def test_config_error_at_a_setting_line_for_run_time_problems(tmp_path):
    a = load_analysis(write(tmp_path, MINIMAL + "trends:\n  by: country\n"))
    err = a.error("trends.by", "'country' is not a docvar")
    assert (err.path, err.line) == (str(tmp_path / "a.yml"), 5)
    assert a.error("trends.nothing.deeper", "x").line == 4  # falls back to the enclosing section


@given(st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12).filter(lambda k: k not in _TOP),
       st.integers(min_value=0, max_value=5))
def test_config_any_unknown_top_level_key_is_refused_at_its_line(tmp_path_factory, key, blank_lines):
    folder = tmp_path_factory.mktemp("h")
    text = MINIMAL + "\n" * blank_lines + f"{key}: 1\n"
    path = write(folder, text)
    with pytest.raises(AnalysisError) as info:
        load_analysis(path)
    assert info.value.line == 4 + blank_lines and f"unknown key {key!r}" in str(info.value)


@pytest.mark.parametrize("name", ["demo.yml", "ungdc.yml"])
def test_config_shipped_analysis_files_load(name):
    a = load_analysis(ROOT / "analyses" / name, check_paths=False)
    assert a.name == name[:-4] and a.seed > 0
    if name == "ungdc.yml":
        assert a.corpus.layout == "ungdc" and a.units == "paragraph" and a.periods.freq == "year"
        assert [(c.frames, c.measure, c.before, c.after) for c in a.comparisons] == [
            (("military",), "share", ("1990-01-01", "2000-12-31"), ("2002-01-01", "2010-12-31")),
            (("scope/terrorism",), "rate", ("1990-01-01", "2000-12-31"), ("2002-01-01", "2010-12-31"))]
        # ../shared may be a symbolic link (as in a CI checkout): compare where both point
        assert a.corpus.path.resolve() == (ROOT.parent / "shared" / "corpora" / "ungdc" /
                                           "UNGDC_1946-2023_shared-subset.tgz").resolve()
