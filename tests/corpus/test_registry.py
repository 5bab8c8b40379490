"""Tests for toolkit.corpus.registry and the registry files it reads."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path

import pytest

from toolkit.corpus.registry import (
    KNOWN_LAYOUTS,
    CorpusEntry,
    get_entry,
    load_registry,
    parse_registry,
)
from toolkit.errors import CorpusFormatError

ROOT = Path(__file__).resolve().parents[2]
PACKAGED = resources.files("toolkit").joinpath("data", "corpora_registry.json")
EXPECTED_NAMES = {"ungdc", "saudinewsnet", "ant", "us_presidential_speeches",
                  "unsc_resolutions", "un_charter"}

GOOD_ENTRY = {
    "name": "tiny", "title": "Tiny", "publisher": "tests", "licence": "CC0-1.0",
    "citation": "none", "url": "https://example.invalid/tiny.zip", "doi": "10.1234/abc",
    "sha256": "ab" * 32, "size_bytes": 10, "archive_format": "zip", "layout": "seed",
    "languages": ["ar"], "description": "d", "notes": "",
}


def _write(tmp_path: Path, entries: list) -> Path:
    path = tmp_path / "registry.json"
    path.write_text(json.dumps({"schema_version": 1, "corpora": entries}), encoding="utf-8")
    return path


def test_registry_packaged_loads_expected_corpora():
    registry = load_registry()
    assert set(registry) == EXPECTED_NAMES
    assert all(isinstance(entry, CorpusEntry) for entry in registry.values())


def test_registry_copies_are_byte_identical():
    assert (ROOT / "corpora" / "registry.json").read_bytes() == PACKAGED.read_bytes(), (
        "corpora/registry.json and toolkit/data/corpora_registry.json differ; edit the "
        "packaged copy and copy it over the other")


def test_registry_project_copy_loads():
    assert set(load_registry(ROOT / "corpora" / "registry.json")) == EXPECTED_NAMES


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_registry_entry_is_complete(name):
    entry = get_entry(name)
    assert entry.name == name and entry.layout == name
    assert entry.layout in KNOWN_LAYOUTS
    assert entry.url.startswith("https://")
    assert entry.citation and entry.publisher and entry.description and entry.notes
    # No checksum could be verified offline: every entry must say so honestly (null).
    assert entry.sha256 is None
    if "github.com" in entry.url:
        commit = entry.url.rsplit("/", 1)[-1].removesuffix(".zip")
        assert len(commit) == 40 and commit in entry.citation  # pinned to a commit


@pytest.mark.parametrize("name, licence, doi", [
    ("ungdc", "CC0-1.0", "10.7910/DVN/0TJX8Y"),
    ("saudinewsnet", "CC-BY-NC-SA-4.0", None),
    ("ant", "Apache-2.0", None),
    ("unsc_resolutions", "CC0-1.0", "10.5281/zenodo.7319781"),
])
def test_registry_licences_and_dois(name, licence, doi):
    entry = get_entry(name)
    assert (entry.licence, entry.doi) == (licence, doi)


def test_registry_md_lists_every_corpus():
    table = (ROOT / "corpora" / "REGISTRY.md").read_text(encoding="utf-8")
    for name in EXPECTED_NAMES:
        assert f"`{name}`" in table


def test_registry_entry_roundtrips_to_dict():
    entry = parse_registry({"schema_version": 1, "corpora": [GOOD_ENTRY]})["tiny"]
    assert entry.to_dict() == GOOD_ENTRY
    assert entry.filename == "tiny.zip"


@pytest.mark.parametrize("change, match", [
    ({"sha256": None, "_drop": "sha256"}, r"missing field\(s\) \['sha256'\]"),
    ({"sha256": "XYZ"}, "64 lower-case hexadecimal"),
    ({"sha256": "AB" * 32}, "64 lower-case hexadecimal"),
    ({"layout": "ungd"}, r"layout='ungd' is invalid"),
    ({"archive_format": "rar"}, "archive_format='rar' is invalid"),
    ({"doi": "doi:10.1234/x"}, "no 'doi:'"),
    ({"url": "http://example.invalid/x.zip"}, "https://"),
    ({"name": "../evil"}, "folder name"),
    ({"languages": []}, "ISO 639"),
    ({"size_bytes": True}, "positive integer"),
    ({"licence": "CC0 1.0 please"}, "SPDX"),
    ({"title": ""}, "'title' must be a non-empty string"),
    ({"shasum": "x"}, r"unknown field\(s\) \['shasum'\]"),
])
def test_registry_broken_entry_names_file_and_entry(tmp_path, change, match):
    entry = copy.deepcopy(GOOD_ENTRY)
    drop = change.pop("_drop", None)
    entry.update(change)
    if drop:
        del entry[drop]
    path = _write(tmp_path, [GOOD_ENTRY | {"name": "first"}, entry])
    with pytest.raises(CorpusFormatError, match=match) as info:
        load_registry(path)
    message = str(info.value)
    assert str(path) in message and "entry 1" in message


def test_registry_duplicate_names(tmp_path):
    path = _write(tmp_path, [GOOD_ENTRY, GOOD_ENTRY])
    with pytest.raises(CorpusFormatError, match="entry 1 .*duplicate name 'tiny'"):
        load_registry(path)


def test_registry_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "registry.json"
    path.write_text('{\n  "schema_version": 1,\n  "corpora": [,]\n}\n', encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"registry\.json, line 3: not valid JSON"):
        load_registry(path)


@pytest.mark.parametrize("document, match", [
    ([], "JSON object"),
    ({"schema_version": 2, "corpora": []}, "schema_version=2"),
    ({"schema_version": True, "corpora": []}, "schema_version=True"),
    ({"schema_version": 1}, "'corpora' must be a list"),
    ({"schema_version": 1, "corpora": [], "extra": 1}, "unknown top-level"),
])
def test_registry_bad_document(document, match):
    with pytest.raises(CorpusFormatError, match=match):
        parse_registry(document, path="r.json")


def test_registry_unknown_name_lists_names():
    with pytest.raises(ValueError) as info:
        get_entry("ungd")
    for name in EXPECTED_NAMES:
        assert repr(name) in str(info.value)


def test_registry_get_entry_accepts_a_path(tmp_path):
    path = _write(tmp_path, [GOOD_ENTRY])
    assert get_entry("tiny", registry=path).sha256 == "ab" * 32
