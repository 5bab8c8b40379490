"""Registry of public corpora the toolkit knows how to fetch and read.

The registry is a JSON file shipped inside the package (``toolkit/data/corpora_registry.json``;
``corpora/registry.json`` in the source tree is a byte-identical copy for people browsing the
repository). Each entry records where a corpus comes from (publisher, licence, citation, URL,
DOI), how to check the download (``sha256``, ``size_bytes``, ``archive_format``) and which
reader understands it (``layout``). The file is validated when it is loaded, and every error
names the file and the entry at fault.

Examples
--------
>>> registry = load_registry()
>>> "ungdc" in registry
True
>>> entry = get_entry("ungdc")
>>> entry.licence, entry.doi, entry.layout
('CC0-1.0', '10.7910/DVN/0TJX8Y', 'ungdc')
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.errors import CorpusFormatError, invalid_value_message

__all__ = [
    "ARCHIVE_FORMATS",
    "KNOWN_LAYOUTS",
    "SCHEMA_VERSION",
    "CorpusEntry",
    "get_entry",
    "load_registry",
    "parse_registry",
]

SCHEMA_VERSION = 1
"""Version of the registry file format this module reads."""

KNOWN_LAYOUTS = frozenset({
    "ungdc", "saudinewsnet", "ant", "us_presidential_speeches", "unsc_resolutions",
    "un_charter", "seed",
})
"""Layouts a corpus reader exists (or is planned) for; ``layout`` must be one of them."""

ARCHIVE_FORMATS = frozenset({"tgz", "tar.gz", "tar", "zip"})
"""Archive formats an entry may declare; the fetched file is saved as ``<name>.<format>``."""

_PACKAGED = ("data", "corpora_registry.json")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_SPDX_ID = r"[A-Za-z0-9][A-Za-z0-9.+-]*"
_SPDX_RE = re.compile(rf"^{_SPDX_ID}( (AND|OR|WITH) {_SPDX_ID})*$")


@dataclass(frozen=True)
class CorpusEntry:
    """One public corpus: provenance, download and layout.

    Attributes
    ----------
    name : str
        Identifier used on the command line and as the folder name under ``corpora/``
        (lower case letters, digits, underscores).
    title, publisher : str
        Human-readable title and who publishes the texts / the collection.
    licence : str
        SPDX licence expression; ``LicenseRef-...`` where no SPDX identifier exists.
    citation : str
        What to cite when using the corpus.
    url : str
        The exact file ``toolkit corpus fetch`` downloads (https).
    doi : str or None
        DOI without the ``doi:`` prefix, if the corpus has one.
    sha256 : str or None
        Expected SHA-256 (64 lower-case hex digits) of the downloaded file; ``None`` when it
        has not been verified, in which case fetching refuses unless explicitly allowed.
    size_bytes : int or None
        Expected size of the downloaded file, when known (informational).
    archive_format : str
        One of :data:`ARCHIVE_FORMATS`.
    layout : str
        One of :data:`KNOWN_LAYOUTS`: which reader understands the archive.
    languages : tuple of str
        ISO 639 codes of the texts.
    description, notes : str
        What is inside the archive; caveats (stability of the URL, licence details).

    Examples
    --------
    >>> entry = get_entry("ant")
    >>> entry.languages
    ('ar',)
    >>> entry.to_dict()["languages"]
    ['ar']
    """

    name: str
    title: str
    publisher: str
    licence: str
    citation: str
    url: str
    doi: str | None
    sha256: str | None
    size_bytes: int | None
    archive_format: str
    layout: str
    languages: tuple[str, ...]
    description: str
    notes: str

    @property
    def filename(self) -> str:
        """Name the fetched archive is saved under inside ``corpora/<name>/``.

        >>> get_entry("ungdc").filename
        'ungdc.tgz'
        """
        return f"{self.name}.{self.archive_format}"

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a JSON-ready dict, in registry field order."""
        data = asdict(self)
        data["languages"] = list(self.languages)
        return data


_FIELDS = tuple(f.name for f in fields(CorpusEntry))
_TEXT_FIELDS = ("name", "title", "publisher", "licence", "citation", "url", "archive_format",
                "layout", "description")


def _default_path() -> Any:
    return resources.files("toolkit").joinpath(*_PACKAGED)


def _entry_error(path: str, index: int, raw: Any, message: str) -> CorpusFormatError:
    name = raw.get("name") if isinstance(raw, dict) else None
    label = f"entry {index}" + (f" ({name!r})" if isinstance(name, str) else "")
    return CorpusFormatError(f"{label}: {message}; fix the registry file", path=path)


def _check_entry(raw: Any, *, path: str, index: int) -> CorpusEntry:
    def fail(message: str) -> CorpusFormatError:
        return _entry_error(path, index, raw, message)

    if not isinstance(raw, dict):
        raise fail(f"expected a JSON object, got {type(raw).__name__}")
    missing = [key for key in _FIELDS if key not in raw]
    if missing:
        raise fail(f"missing field(s) {missing}; every entry needs {list(_FIELDS)}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise fail(f"unknown field(s) {unknown} (a typo?); allowed fields are {list(_FIELDS)}")
    for key in _TEXT_FIELDS:
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise fail(f"field {key!r} must be a non-empty string, got {raw[key]!r}")
    if not isinstance(raw["notes"], str):
        raise fail(f"field 'notes' must be a string, got {raw['notes']!r}")
    if not _NAME_RE.match(raw["name"]):
        raise fail(f"name {raw['name']!r} must be lower-case letters, digits and underscores, "
                   "starting with a letter (it becomes a folder name)")
    if not raw["url"].startswith("https://"):
        raise fail(f"url {raw['url']!r} must start with 'https://'")
    if not _SPDX_RE.match(raw["licence"]):
        raise fail(f"licence {raw['licence']!r} is not an SPDX expression; use an SPDX id "
                   "such as 'CC0-1.0', or 'LicenseRef-<Something>' when none exists")
    doi = raw["doi"]
    if doi is not None and not (isinstance(doi, str) and _DOI_RE.match(doi)):
        raise fail(f"doi {doi!r} must be null or a DOI such as '10.7910/DVN/0TJX8Y' "
                   "(no 'doi:' or 'https://doi.org/' prefix)")
    sha = raw["sha256"]
    if sha is not None and not (isinstance(sha, str) and _SHA256_RE.match(sha)):
        raise fail(f"sha256 {sha!r} must be null or 64 lower-case hexadecimal digits")
    size = raw["size_bytes"]
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size <= 0):
        raise fail(f"size_bytes {size!r} must be null or a positive integer")
    if raw["archive_format"] not in ARCHIVE_FORMATS:
        raise fail(invalid_value_message("archive_format", raw["archive_format"],
                                         ARCHIVE_FORMATS))
    if raw["layout"] not in KNOWN_LAYOUTS:
        raise fail(invalid_value_message("layout", raw["layout"], KNOWN_LAYOUTS))
    langs = raw["languages"]
    if (not isinstance(langs, list) or not langs
            or not all(isinstance(lang, str) and _LANG_RE.match(lang) for lang in langs)):
        raise fail(f"languages {langs!r} must be a non-empty list of ISO 639 codes "
                   "such as ['ar', 'fr']")
    values = {key: raw[key] for key in _FIELDS}
    values["languages"] = tuple(langs)
    return CorpusEntry(**values)


def parse_registry(data: Any, *, path: str = "<registry>") -> dict[str, CorpusEntry]:
    """Validate already-decoded registry JSON and return its entries by name.

    Parameters
    ----------
    data : object
        The decoded JSON document: ``{"schema_version": 1, "corpora": [...]}``.
    path : str
        Where the document came from, used in error messages.

    Returns
    -------
    dict of str to CorpusEntry
        Entries in file order.

    Raises
    ------
    CorpusFormatError
        The document or one entry is invalid; the message names ``path`` and the entry.

    Examples
    --------
    >>> parse_registry({"schema_version": 1, "corpora": []})
    {}
    >>> parse_registry({"schema_version": 2, "corpora": []}, path="r.json")
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusFormatError: r.json: schema_version=2 is invalid; must be one of ['1']
    """
    if not isinstance(data, dict):
        raise CorpusFormatError("the registry must be a JSON object with keys 'schema_version' "
                                "and 'corpora'", path=path)
    if data.get("schema_version") != SCHEMA_VERSION or isinstance(data.get("schema_version"),
                                                                   bool):
        raise CorpusFormatError(invalid_value_message(
            "schema_version", data.get("schema_version"), [SCHEMA_VERSION]), path=path)
    unknown = sorted(set(data) - {"schema_version", "corpora", "description"})
    if unknown:
        raise CorpusFormatError(f"unknown top-level key(s) {unknown}; allowed are "
                                "'schema_version', 'corpora', 'description'", path=path)
    corpora = data.get("corpora")
    if not isinstance(corpora, list):
        raise CorpusFormatError("'corpora' must be a list of entries", path=path)
    entries: dict[str, CorpusEntry] = {}
    for index, raw in enumerate(corpora):
        entry = _check_entry(raw, path=path, index=index)
        if entry.name in entries:
            raise _entry_error(path, index, raw, f"duplicate name {entry.name!r}; names must "
                               "be unique")
        entries[entry.name] = entry
    return entries


def load_registry(path: str | Path | None = None) -> dict[str, CorpusEntry]:
    """Read and validate a corpus registry file.

    Parameters
    ----------
    path : str or Path, optional
        A registry JSON file. Default: the copy packaged with the toolkit.

    Returns
    -------
    dict of str to CorpusEntry
        Entries by name, in file order.

    Raises
    ------
    CorpusFormatError
        The file is not valid JSON or an entry is invalid (missing or unknown field, bad
        ``sha256``, unknown ``layout``, duplicate name, ...); the message names the file and
        the entry.
    FileNotFoundError
        ``path`` does not exist.

    Examples
    --------
    >>> registry = load_registry()
    >>> sorted(registry)  # doctest: +NORMALIZE_WHITESPACE
    ['ant', 'saudinewsnet', 'un_charter', 'ungdc', 'unsc_resolutions',
     'us_presidential_speeches']
    >>> registry["saudinewsnet"].licence
    'CC-BY-NC-SA-4.0'
    """
    source = _default_path() if path is None else Path(path)
    label = str(source)
    text = source.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CorpusFormatError(f"not valid JSON: {err.msg} (column {err.colno})", path=label,
                                line=err.lineno) from err
    return parse_registry(data, path=label)


def get_entry(name: str, *,
              registry: Mapping[str, CorpusEntry] | str | Path | None = None) -> CorpusEntry:
    """Return the registry entry called ``name``.

    Parameters
    ----------
    name : str
        Corpus name, e.g. ``"ungdc"``.
    registry : mapping, str or Path, optional
        Entries as returned by :func:`load_registry`, or a registry file to load.
        Default: the packaged registry.

    Raises
    ------
    ValueError
        ``name`` is not in the registry; the message lists the known names.

    Examples
    --------
    >>> get_entry("un_charter").languages
    ('ar', 'en', 'fr', 'es', 'ru', 'zh')
    >>> get_entry("ungd")
    Traceback (most recent call last):
    ...
    ValueError: corpus='ungd' is invalid; must be one of ['ant', ..., 'us_presidential_speeches']
    """
    entries = registry if isinstance(registry, Mapping) else load_registry(registry)
    try:
        return entries[name]
    except KeyError:
        raise ValueError(invalid_value_message("corpus", name, entries)) from None
