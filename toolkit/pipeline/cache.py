"""Content hashes and the stage cache of :func:`toolkit.pipeline.run_analysis`.

Hashes
------
* :func:`corpus_hash`: SHA-256 of a corpus's content, document by document in corpus order:
  the ``doc_id``, the text and every docvar except ``path`` (where a file lies is not what it
  says), each value in a canonical text form. Two corpora with the same documents and docvars
  have the same hash wherever and whenever they were read; changing one character of one text,
  one date or one docvar changes it.
* :func:`source_hash`: SHA-256 of the bytes of a corpus file (or of every file under a corpus
  folder, with their relative paths), plus the name, size and modification time of the files
  beside a corpus file (readers join sidecar tables from there, e.g. the UN General Debates'
  ``Speakers_by_session.xlsx``). It decides whether a corpus must be read again.
* :func:`code_fingerprint`: SHA-256 of the toolkit's own source and data files, so that a cached
  result is never reused by a different version of the code, even one with the same version
  number (a git checkout between two runs).
* :func:`stage_key`: SHA-256 of the canonical JSON of a stage's name, inputs (hashes of what it
  reads), parameters, toolkit version and code fingerprint.

Cache
-----
:class:`StageCache` keeps one folder per stage result, ``<root>/<stage>/<key>/``, holding the
stage's tables as Parquet, any files it made, and ``entry.json`` (metadata and the SHA-256 of
every file). An entry is built in a temporary folder and renamed into place when complete, so it
exists whole or not at all; an entry whose files do not match their recorded hashes is ignored
(and rebuilt).

Examples
--------
>>> import pandas as pd, tempfile
>>> from toolkit.corpus import Corpus
>>> a = Corpus.from_records([{"doc_id": "x", "text": "نص", "date": "2016", "lang": "ar"}])
>>> b = Corpus.from_records([{"doc_id": "x", "text": "نص.", "date": "2016", "lang": "ar"}])
>>> corpus_hash(a) == corpus_hash(a.subset()), corpus_hash(a) == corpus_hash(b)
(True, False)
>>> key = stage_key("trends", {"counts": "abc"}, {"n_boot": 1000}, code="c0de")
>>> key == stage_key("trends", {"counts": "abc"}, {"n_boot": 999}, code="c0de")
False
>>> cache = StageCache(tempfile.mkdtemp())
>>> cache.get("trends", key) is None
True
>>> _ = cache.put("trends", key, tables={"trends": pd.DataFrame({"x": [1, 2]})}, meta={"rows": 2})
>>> entry = cache.get("trends", key)
>>> entry.meta["rows"], entry.table("trends")["x"].tolist()
(2, [1, 2])
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.atomic import write_text

__all__ = ["NOT_IN_PIPELINE", "CacheEntry", "StageCache", "code_fingerprint", "corpus_hash", "file_sha256", "source_hash",
           "stage_key"]

logger = logging.getLogger(__name__)

#: docvars left out of the corpus hash: where a file lies is not its content
UNHASHED_DOCVARS = ("path",)
_CHUNK = 1 << 20


# ---------------------------------------------------------------------- hashes
def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _canonical(value: Any) -> str:
    """One text form per value, the same for the same value whatever its dtype or missing marker."""
    if value is None or value is pd.NaT or value is pd.NA:
        return "\x00"
    if isinstance(value, float) and math.isnan(value):
        return "\x00"
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def _update(digest: Any, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    digest.update(len(data).to_bytes(8, "little"))
    digest.update(data)


def corpus_hash(corpus: Any) -> str:
    """SHA-256 (hex) of a corpus's doc_ids, texts and docvars (except ``path``), in corpus order.

    Column order does not matter (docvars are hashed by sorted name); document order does.
    """
    frame = corpus.to_frame()
    digest = hashlib.sha256()
    columns = sorted(str(c) for c in frame.columns if c not in UNHASHED_DOCVARS and c != "text")
    _update(digest, json.dumps(["doc_id", "text", *columns]))
    _update(digest, str(len(frame)))
    for doc_id in frame.index:
        _update(digest, str(doc_id))
    for text in frame["text"]:
        _update(digest, text)
    for column in columns:
        _update(digest, column)
        for value in frame[column].tolist():
            _update(digest, _canonical(value))
    return digest.hexdigest()


def source_hash(path: str | os.PathLike[str]) -> str:
    """SHA-256 (hex) of a corpus file's or folder's bytes, and of the files beside a corpus file (by size/time).

    Hidden files and folders (names starting with ``.``) under a folder are included: readers
    skip them, but a changed one is cheap to re-read.
    """
    root = Path(path)
    digest = hashlib.sha256()
    if root.is_dir():
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            _update(digest, file.relative_to(root).as_posix())
            _update(digest, file_sha256(file))
    else:
        _update(digest, root.name)
        _update(digest, file_sha256(root))
        for sibling in sorted(p for p in root.parent.iterdir() if p.is_file() and p != root):
            stat = sibling.stat()
            _update(digest, f"{sibling.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest.hexdigest()


#: parts of the package no pipeline stage runs: editing them keeps the cache valid
NOT_IN_PIPELINE = ("keywords", "topics", "scale", "cli.py", "cli_frames.py", "cli_keywords.py", "cli_topics.py", "demo.py")


def code_fingerprint(exclude: tuple[str, ...] = ()) -> str:
    """SHA-256 (hex, first 16 digits) of the toolkit's ``.py`` and data files (paths and bytes).

    ``exclude``: top-level names under ``toolkit/`` (sub-packages, modules) left out, e.g.
    :data:`NOT_IN_PIPELINE` for a stage key, and ``"plot"`` for the stages before the figures,
    so that editing a figure function does not make a run count its frames again.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    files = [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and (p.suffix == ".py" or "data" in p.relative_to(root).parts[:1])
             and p.relative_to(root).parts[0] not in exclude]
    for file in sorted(files):
        _update(digest, file.relative_to(root).as_posix())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _default(value: Any) -> Any:
    """JSON form of what :mod:`json` does not know: NumPy scalars, paths, dates, sets."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)


def stage_key(stage: str, inputs: Mapping[str, Any], params: Mapping[str, Any], *, code: str,
              version: str | None = None) -> str:
    """The cache key of a stage: SHA-256 of its name, inputs, parameters, toolkit version and code."""
    if version is None:
        from toolkit import __version__ as version
    payload = {"stage": stage, "inputs": dict(inputs), "params": dict(params), "toolkit": version, "code": code}
    return hashlib.sha256(_json(payload).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------- cache
@dataclass(frozen=True)
class CacheEntry:
    """A complete cache entry: its folder and the metadata stored with it."""

    folder: Path
    meta: Mapping[str, Any]

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name``, with the ``attrs`` it had when stored."""
        table = pd.read_parquet(self.folder / f"{name}.parquet")
        table.attrs = dict(self.meta.get("attrs", {}).get(name, {}))
        return table

    def file(self, name: str) -> Path:
        return self.folder / "files" / name

    @property
    def files(self) -> list[str]:
        return sorted(self.meta.get("files", {}))


class StageCache:
    """Stage results under ``root``, one folder per (stage, key). See the module docstring.

    Parameters
    ----------
    root : path
        The cache folder (created when first written).
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def folder(self, stage: str, key: str) -> Path:
        return self.root / stage / key[:32]

    def get(self, stage: str, key: str) -> CacheEntry | None:
        """The complete, intact entry for ``key``, or None."""
        folder = self.folder(stage, key)
        try:
            meta = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            logger.warning("ignoring unreadable cache entry %s: %s", folder, err)
            return None
        if meta.get("key") != key:
            return None
        for name, digest in meta.get("checksums", {}).items():
            file = folder / name
            if not file.is_file() or file_sha256(file) != digest:
                logger.warning("ignoring damaged cache entry %s (%s changed)", folder, name)
                return None
        return CacheEntry(folder, meta)

    def put(self, stage: str, key: str, *, tables: Mapping[str, pd.DataFrame] | None = None,
            files: Mapping[str, str | os.PathLike[str]] | None = None,
            meta: Mapping[str, Any] | None = None) -> CacheEntry:
        """Store tables (as Parquet, with their ``attrs``), files (copied) and metadata; return the entry."""
        target = self.folder(stage, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            attrs: dict[str, Any] = {}
            for name, table in (tables or {}).items():
                attrs[name] = _plain_attrs(table.attrs)
                frame = table.copy()
                frame.attrs = {}
                frame.to_parquet(tmp / f"{name}.parquet", index=False)
            for name, source in (files or {}).items():
                (tmp / "files" / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, tmp / "files" / name)
            checksums = {p.relative_to(tmp).as_posix(): file_sha256(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
            entry = {"key": key, "stage": stage, **dict(meta or {}), "attrs": attrs,
                     "files": sorted(files or {}), "checksums": checksums}
            write_text(tmp / "entry.json", json.dumps(entry, ensure_ascii=False, indent=1, default=_default))
            if target.exists():
                shutil.rmtree(target)
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return CacheEntry(target, json.loads((target / "entry.json").read_text(encoding="utf-8")))

    def entries(self, stage: str | None = None) -> Iterable[Path]:
        """The folders of complete entries (of one stage, or all)."""
        stages = [self.root / stage] if stage else [p for p in sorted(self.root.glob("*")) if p.is_dir()]
        for folder in stages:
            yield from sorted(p.parent for p in folder.glob("*/entry.json"))


def _plain_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """``attrs`` made JSON-ready (NumPy scalars, Paths and dates as plain values)."""
    return json.loads(_json(dict(attrs)))
