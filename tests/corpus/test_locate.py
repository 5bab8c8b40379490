"""Tests for toolkit.corpus.locate: where corpora live, reading them by name, the fallback."""

from __future__ import annotations

import sys
import types
import warnings
import zipfile
from pathlib import Path

import pytest

from toolkit.corpus.corpus import Corpus
from toolkit.corpus.fetch import fetch_corpus
from toolkit.corpus.locate import (
    ENV_VAR,
    SyntheticFallbackWarning,
    corpora_dir,
    corpus_note,
    find_corpus,
    list_corpora,
    open_corpus,
    open_gold,
)
from toolkit.corpus.registry import KNOWN_LAYOUTS

SEED_TEXT = "عنوان لا علاقة له\nأكد الوزراء عزمهم على محاربة الإرهاب.\nوشددوا على تجفيف منابع تمويله.\n"
ANT_DOC = """<DOC>
<DOCNO>JA-politic-1-20150101</DOCNO>
<SRC>Jawhara FM</SRC>
<CAT>politic</CAT>
<TITLE>عنوان</TITLE>
<TIME>{time}</TIME>
<TEXT>
أكدت الحكومة عزمها على مكافحة الإرهاب.
</TEXT>
</DOC>
"""


def _seed_folder(parent: Path, name: str = "seed") -> Path:
    folder = parent / name
    folder.mkdir(parents=True)
    (folder / "000_5cc0637b81762ade.txt").write_text(SEED_TEXT, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- corpora_dir
def test_locate_dir_argument_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    assert corpora_dir(tmp_path / "given") == tmp_path / "given"


def test_locate_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    assert corpora_dir() == tmp_path / "from-env"


def test_locate_dir_defaults_to_checkout_corpora(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    root = Path(__file__).resolve().parents[2]
    assert corpora_dir() == root / "corpora"


def test_locate_dir_blank_environment_is_ignored(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "  ")
    assert corpora_dir() == Path(__file__).resolve().parents[2] / "corpora"


def test_locate_dir_outside_checkout_is_cwd_corpora(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr("toolkit.corpus.locate._checkout_root", lambda: None)
    monkeypatch.chdir(tmp_path)
    assert corpora_dir() == tmp_path / "corpora"


def test_locate_relative_dir_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert corpora_dir("some/where") == tmp_path / "some" / "where"


# ---------------------------------------------------------------- find_corpus
@pytest.mark.parametrize("folder_name", ["ant", "ant_corpus_ar"])
def test_locate_find_by_name_or_alias(tmp_path, folder_name):
    (tmp_path / folder_name / "data").mkdir(parents=True)
    assert find_corpus("ant", corpora_dir=tmp_path) == tmp_path / folder_name


def test_locate_find_prefers_registry_name_over_alias(tmp_path):
    for name in ("ant", "ant_corpus_ar"):
        (tmp_path / name / "data").mkdir(parents=True)
    assert find_corpus("ant", corpora_dir=tmp_path) == tmp_path / "ant"


def test_locate_find_ignores_empty_and_hidden_only_folders(tmp_path):
    (tmp_path / "ungdc").mkdir()
    (tmp_path / "ungdc" / ".ungdc.partial-1234").mkdir()
    assert find_corpus("ungdc", corpora_dir=tmp_path) is None


def test_locate_unknown_name_lists_known_ones(tmp_path):
    with pytest.raises(ValueError, match=r"corpus='ungd' is invalid.*'ungdc'"):
        find_corpus("ungd", corpora_dir=tmp_path)


# ---------------------------------------------------------------- open_corpus: real corpus
def test_locate_open_reads_with_layout(tmp_path):
    _seed_folder(tmp_path)
    corpus = open_corpus("seed", corpora_dir=tmp_path)
    assert corpus.meta["layout"] == "seed"
    assert corpus.docvars["date"].dt.strftime("%Y-%m-%d").tolist() == ["2017-11-26"]
    assert "synthetic" not in corpus.meta
    assert corpus_note(corpus).startswith("real corpus from ")


def test_locate_open_uses_environment(tmp_path, monkeypatch):
    _seed_folder(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert len(open_corpus("seed")) == 1


def test_locate_open_passes_read_kwargs(tmp_path):
    _seed_folder(tmp_path)
    (tmp_path / "seed" / "other.txt").write_text("نص آخر\n", encoding="utf-8")
    assert len(open_corpus("seed", corpora_dir=tmp_path)) == 2
    assert len(open_corpus("seed", corpora_dir=tmp_path, include="000_*.txt")) == 1


def test_locate_open_reads_a_fetched_archive(tmp_path):
    """`toolkit corpus fetch` output (corpora/ant/ant.zip + FETCHED.json) opens by name."""
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("antcorpus.data-06f6a10/politic/JA-politic-1-20150101.txt",
                    ANT_DOC.format(time="2015-01-01T10:00:00+01:00"))
        zf.writestr("antcorpus.data-06f6a10/politic/JA-politic-2-20150102.txt",
                    ANT_DOC.format(time="02/01/2015").replace("-1-", "-2-"))
    corpora = tmp_path / "corpora"
    fetch_corpus("ant", dest=corpora, from_file=archive, allow_unverified=True,
                 show_progress=False)
    corpus = open_corpus("ant", corpora_dir=corpora)
    assert sorted(corpus.docvars["date"].dt.strftime("%Y-%m-%d")) == ["2015-01-01", "2015-01-02"]
    assert set(corpus.docvars["category"]) == {"politic"}


# ---------------------------------------------------------------- open_corpus: absent corpus
def test_locate_absent_corpus_error_says_how_to_fetch(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        open_corpus("ungdc", corpora_dir=tmp_path)
    message = str(info.value)
    assert f"toolkit corpus fetch ungdc --dest {tmp_path}" in message
    assert str(tmp_path / "ungdc") in message
    assert ENV_VAR in message and "fallback='synthetic'" in message


def test_locate_absent_unregistered_layout_says_where_to_copy(tmp_path):
    with pytest.raises(FileNotFoundError, match="not in the download registry") as info:
        open_corpus("seed", corpora_dir=tmp_path)
    assert "toolkit corpus fetch" not in str(info.value)


def test_locate_bad_fallback_value(tmp_path):
    with pytest.raises(ValueError, match="fallback='synth' is invalid"):
        open_corpus("ungdc", corpora_dir=tmp_path, fallback="synth")


@pytest.fixture
def fake_generator(monkeypatch):
    """A stand-in for toolkit.datasets that records the parameters it received."""
    calls: list[dict] = []

    def make_communiques(n_documents=240, **params):
        calls.append({"n_documents": n_documents, **params})
        langs = params.get("languages", ("ar", "fr", "en"))
        return Corpus.from_records(
            [{"doc_id": f"s{i}", "text": "نص", "lang": langs[i % len(langs)], "date": "2005",
              "source": "Synthetic Ministry A", "synthetic": True} for i in range(n_documents)],
            meta={"synthetic": True, "generator": "toolkit.datasets.make_communiques"})

    module = types.ModuleType("toolkit.datasets")
    module.make_communiques = make_communiques
    monkeypatch.setitem(sys.modules, "toolkit.datasets", module)
    return calls


@pytest.mark.parametrize(("name", "languages"), [("ungdc", ("en",)), ("ant", ("ar",)), ("seed", ("ar",)),
                                                 ("un_charter", ("ar", "en", "fr"))])
def test_locate_fallback_uses_the_corpus_languages(tmp_path, fake_generator, name, languages):
    with pytest.warns(SyntheticFallbackWarning, match=rf"corpus '{name}' not found.*SYNTHETIC"):
        corpus = open_corpus(name, corpora_dir=tmp_path, fallback="synthetic")
    assert fake_generator == [{"n_documents": 240, "languages": languages}]
    assert corpus.meta["synthetic"] is True
    record = corpus.meta["fallback"]
    assert record["corpus"] == name and str(tmp_path) in record["reason"]
    assert record["params"] == {"languages": languages}


def test_locate_fallback_parameters_override_defaults(tmp_path, fake_generator):
    with pytest.warns(SyntheticFallbackWarning, match=r"n_documents=5"):
        corpus = open_corpus("ungdc", corpora_dir=tmp_path, fallback="synthetic",
                             synthetic={"n_documents": 5, "languages": ("fr",)},
                             show_progress=False)
    assert fake_generator == [{"n_documents": 5, "languages": ("fr",)}]
    assert len(corpus) == 5
    assert corpus_note(corpus).startswith("SYNTHETIC stand-in for 'ungdc'")


def test_locate_no_fallback_when_present(tmp_path, fake_generator):
    _seed_folder(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        open_corpus("seed", corpora_dir=tmp_path, fallback="synthetic")
    assert fake_generator == []


def test_locate_fallback_with_the_real_generator(tmp_path):
    with pytest.warns(SyntheticFallbackWarning):
        corpus = open_corpus("ungdc", corpora_dir=tmp_path, fallback="synthetic",
                             synthetic={"n_documents": 20, "random_state": 3})
    assert len(corpus) == 20
    assert set(corpus.docvars["lang"]) == {"en"}
    assert corpus.docvars["synthetic"].all()
    assert corpus.meta["generator"] == "toolkit.datasets.make_communiques"
    assert corpus.meta["fallback"]["corpus"] == "ungdc"


# ---------------------------------------------------------------- list_corpora
def test_locate_list_marks_present_corpora(tmp_path):
    _seed_folder(tmp_path)
    (tmp_path / "ant_corpus_ar" / "data").mkdir(parents=True)
    table = list_corpora(corpora_dir=tmp_path).set_index("name")
    assert table.loc[["seed", "ant"], "present"].all()
    assert not table.drop(index=["seed", "ant"])["present"].any()
    assert table.loc["ant", "path"] == str(tmp_path / "ant_corpus_ar")
    assert table.loc["ungdc", "licence"] == "CC0-1.0"
    assert set(table["layout"]) == set(KNOWN_LAYOUTS)


# ---------------------------------------------------------------- open_gold
GOLD_LINE = '{{"unit_id": "{id}", "lang": "en", "text": "Troops and weapons.", "frames": ["military"]}}\n'


def test_locate_gold_pools_files(tmp_path):
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path, unit in zip(paths, ("u1", "u2"), strict=True):
        path.write_text(GOLD_LINE.format(id=unit), encoding="utf-8")
    gold = open_gold(paths)
    assert gold["unit_id"].tolist() == ["u1", "u2"]
    assert gold.attrs["path"] == f"{paths[0]}, {paths[1]}"
    assert corpus_note(gold) == f"real gold units from {paths[0]}, {paths[1]}: 2 units"


def test_locate_gold_duplicate_ids_across_files(tmp_path):
    paths = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for path in paths:
        path.write_text(GOLD_LINE.format(id="u1"), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate unit_id 'u1'"):
        open_gold(paths)


def test_locate_gold_absent_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"gold file\(s\) not found: .*missing.jsonl"):
        open_gold(tmp_path / "missing.jsonl")


def test_locate_gold_synthetic_fallback_is_the_planted_truth(tmp_path):
    with pytest.warns(SyntheticFallbackWarning, match="planted frames"):
        gold = open_gold([tmp_path / "missing.jsonl"], fallback="synthetic",
                         synthetic={"n_documents": 6, "random_state": 1})
    from toolkit.datasets import make_communiques, planted_frames

    truth = planted_frames(make_communiques(6, random_state=1))
    assert len(gold) == len(truth)
    assert gold["unit_id"].tolist() == [f"{d}#{i}" for d, i in zip(truth["doc_id"], truth["unit_index"], strict=True)]
    assert [set(f) for f in gold["frames"]] == [
        {f for f in ("military", "ideological", "media", "financial") if row[f]}
        for row in truth.to_dict("records")]
    assert gold.attrs["synthetic"] is True
    assert corpus_note(gold).startswith("SYNTHETIC stand-in for the gold units")


def test_locate_note_rejects_other_objects():
    with pytest.raises(TypeError, match="Corpus or a gold DataFrame"):
        corpus_note(["not", "a", "corpus"])
