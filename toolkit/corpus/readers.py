"""Read a corpus from a file, a folder or an archive: :func:`read_corpus`.

One entry point for every layout. ``read_corpus(path)`` walks ``path`` (a file, a folder read
recursively, or a ``.zip`` / ``.tar.gz`` read in place), picks a parser for each file from its
name and first bytes, and builds a :class:`~toolkit.corpus.corpus.Corpus`:

============================  =========  ============================================
file                          format     one document per
============================  =========  ============================================
``.txt .text`` (no tag)       text       file
``.txt .xml .sgml`` (<DOC>)   sgml       ``<DOC>`` element (TREC style, lenient)
``.csv .tsv``                 csv        row
``.json``                     json       object (an array of objects, or one object)
``.jsonl .ndjson``            jsonl      line
``.parquet``                  parquet    row
``.xlsx .xls``                excel      row
``.html .htm``                html       page (main text, title, date from meta tags)
``.pdf``                      pdf        file (text layer)
``.zip .tar.gz .tgz`` inside  archive    its members, read in place
============================  =========  ============================================

Junk (macOS ``._*`` files, hidden files, ``.DS_Store``, ``__MACOSX``, ...) is skipped, and so
are files that document the corpus (``README*``, ``LICENSE*``, ``PROVENANCE*``, ``CITATION*``
...), files of unknown type (``.md`` included), empty files and files that cannot be read
(``strict=False``);
``Corpus.skipped`` lists every one with its reason. Problems inside a readable file (a bad CSV
row, an unparseable date) are reported in ``Corpus.issues`` with file and line or row.
Input files are opened read-only and never modified.

Named layouts for known public corpora live in :mod:`toolkit.corpus.layouts`
(``read_corpus(path, layout="ungdc")``).

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "MAR_72_2017.txt").write_text("نحن ندين الإرهاب بجميع أشكاله.", encoding="utf-8")
>>> _ = (folder / "FRA_72_2017.txt").write_text("Nous condamnons le terrorisme.", encoding="utf-8")
>>> _ = (folder / ".DS_Store").write_bytes(b"\\x00\\x00\\x00\\x01Bud1")
>>> corpus = read_corpus(folder, filename_pattern="{country}_{session}_{year}.txt")
>>> corpus.docvars[["country", "year", "lang", "date_precision"]]
            country  year lang date_precision
doc_id
FRA_72_2017     FRA  2017   fr           year
MAR_72_2017     MAR  2017   ar           year
>>> corpus.skipped["reason"].tolist()
['hidden file']
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import pandas as pd

from toolkit.corpus.build import build_corpus, issue_row
from toolkit.corpus.corpus import Corpus
from toolkit.corpus.encoding import decode_bytes, normalize_newlines
from toolkit.corpus.sources import SourceFile, SourceSet
from toolkit.errors import CorpusFormatError, invalid_value_message

__all__ = ["read_corpus", "read_records", "FORMATS", "format_for", "compile_filename_pattern"]

logger = logging.getLogger(__name__)

Format = Literal["text", "sgml", "csv", "json", "jsonl", "parquet", "excel", "html", "pdf"]
FORMATS: tuple[str, ...] = ("text", "sgml", "csv", "json", "jsonl", "parquet", "excel", "html", "pdf")

_SUFFIX_FORMAT = {
    ".txt": "text", ".text": "text",
    ".xml": "sgml", ".sgml": "sgml", ".sgm": "sgml", ".trec": "sgml",
    ".csv": "csv", ".tsv": "csv", ".tab": "csv",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
    ".xlsx": "excel", ".xlsm": "excel", ".xls": "excel",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
}
_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_SGML_START = re.compile(rb"^\s*<(?:DOC|doc)[\s>]")
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_OWN_FILES = frozenset({"FETCHED.json"})  # written by toolkit corpus fetch beside a download
#: Files that document a corpus rather than belong to it (skipped unless ``format=`` is forced).
_DOC_FILE = re.compile(r"(?i)^(?:upstream_)?(?:readme|licen[cs]e|copying|provenance|changelog|citation|notice)"
                       r"(?:[._-].*)?$")
_FIELD = re.compile(r"\{(\w+)(?::(.+))?\}", re.DOTALL)


def format_for(relpath: str, head: bytes) -> str | None:
    """The format of a file from its name and first bytes, ``"archive"``, or None (unsupported).

    >>> format_for("JA-politic-1.txt", b"<DOC>\\n<DOCNO>")
    'sgml'
    >>> format_for("speech", b"President: George Washington")
    'text'
    >>> format_for("scan.png", b"\\x89PNG") is None
    True
    """
    name = PurePosixPath(relpath).name.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if name.endswith(_ARCHIVE_SUFFIXES):
        return "archive"
    suffix = PurePosixPath(name).suffix
    fmt = _SUFFIX_FORMAT.get(suffix)
    if fmt in ("text", "sgml", "html") or (fmt is None and suffix == ""):
        if _SGML_START.match(head.lstrip(b"\xef\xbb\xbf")):
            return "sgml"
        if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
            return "html"
        return fmt or "text"
    return fmt


def compile_filename_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a file-name pattern such as ``"{country}_{session}_{year}.txt"`` to a regex.

    ``{name}`` matches one or more characters other than ``/`` (as few as possible);
    ``{name:REGEX}`` uses your regex. ``*`` matches anything within a path component. The
    pattern is matched against the file name, or against the end of the relative path when it
    contains ``/``.

    >>> m = compile_filename_pattern("{country}_{session:\\\\d+}_{year}.txt").fullmatch("EU_66_2011.txt")
    >>> m.groupdict()
    {'country': 'EU', 'session': '66', 'year': '2011'}
    """
    out: list[str] = []
    literal = ""
    i = 0
    while i < len(pattern):
        if pattern[i] != "{":
            literal += pattern[i]
            i += 1
            continue
        depth, j = 0, i
        while j < len(pattern):  # find the matching brace; regexes may hold {m,n}
            depth += {"{": 1, "}": -1}.get(pattern[j], 0)
            if depth == 0:
                break
            j += 1
        field = _FIELD.fullmatch(pattern[i:j + 1])
        if field is None:
            raise ValueError(f"invalid filename_pattern {pattern!r}: cannot read the field starting at "
                             f"character {i}. Fields are written {{name}} or {{name:regex}}")
        out.append(re.escape(literal).replace(r"\*", "[^/]*"))
        literal = ""
        out.append(f"(?P<{field.group(1)}>{field.group(2) or '[^/]+?'})")
        i = j + 1
    out.append(re.escape(literal).replace(r"\*", "[^/]*"))
    try:
        return re.compile("".join(out))
    except re.error as err:
        raise ValueError(f"invalid filename_pattern {pattern!r}: {err}. Fields are written "
                         "{name} or {name:regex}, each name once") from err


def _doc_id_for(relpath: str) -> str:
    path = PurePosixPath(relpath)
    name = path.name
    for suffix in (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf", ".xml", ".sgml", ".sgm", ".trec"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return str(path.with_name(name)) if name else relpath


def _parse_file(fmt: str, data: bytes, src: SourceFile, options: Mapping[str, Any]) -> tuple[list[dict], list]:
    """Parse one file's bytes; returns records and per-record issues."""
    name = src.display
    encoding = options.get("encoding")
    if fmt == "text":
        text, label = decode_bytes(data, name=name, encoding=encoding)
        return [{"text": normalize_newlines(text), "encoding": label}], []
    from toolkit.corpus import formats

    table_opts = {k: options[k] for k in ("text_col", "columns") if options.get(k) is not None}
    if fmt == "sgml":
        return formats.parse_sgml(data, name=name, strict=options["strict"], encoding=encoding)
    if fmt == "csv":
        return formats.parse_csv(data, name=name, strict=options["strict"], encoding=encoding,
                                 sep=options.get("sep"), **table_opts)
    if fmt == "json":
        return formats.parse_json(data, name=name, strict=options["strict"], encoding=encoding,
                                  records_path=options.get("records_path"), **table_opts)
    if fmt == "jsonl":
        return formats.parse_jsonl(data, name=name, strict=options["strict"], encoding=encoding, **table_opts)
    if fmt == "parquet":
        return formats.parse_parquet(data, name=name, strict=options["strict"], **table_opts)
    if fmt == "excel":
        return formats.parse_excel(data, name=name, strict=options["strict"],
                                   sheet_name=options.get("sheet_name", 0), **table_opts)
    if fmt == "html":
        return formats.parse_html(data, name=name, strict=options["strict"], encoding=encoding)
    if fmt == "pdf":
        return formats.parse_pdf(data, name=name, strict=options["strict"])
    raise ValueError(invalid_value_message("format", fmt, FORMATS))


def _progress(iterable: Any, *, show: bool | None, desc: str) -> Any:
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, unit=" files")


def read_records(path: str | os.PathLike[str], *, format: Format | None = None,
                 include: str | Sequence[str] | None = None, exclude: str | Sequence[str] | None = None,
                 recursive: bool = True, filename_pattern: str | None = None, strict: bool = False,
                 encoding: str | None = None, text_col: str | None = None,
                 columns: Mapping[str, str] | None = None, sep: str | None = None,
                 records_path: str | None = None, sheet_name: str | int = 0,
                 record_hook: Callable[[dict[str, Any], SourceFile], dict[str, Any] | None] | None = None,
                 show_progress: bool | None = None, skipped: list[dict] | None = None,
                 issues: list[dict] | None = None, _sources: SourceSet | None = None) -> Iterator[dict[str, Any]]:
    """Yield one record (a dict) per document found under ``path``, before building the corpus.

    Same options as :func:`read_corpus`; files passed over are appended to ``skipped`` and
    per-record problems to ``issues`` (lists of dicts) when given. ``record_hook(record, source)``
    may edit a record or return None to drop it (named layouts use it).
    """
    if format is not None and format not in FORMATS:
        raise ValueError(invalid_value_message("format", format, FORMATS))
    skipped = skipped if skipped is not None else []
    issues = issues if issues is not None else []
    options = {"strict": strict, "encoding": encoding, "text_col": text_col, "columns": columns,
               "sep": sep, "records_path": records_path, "sheet_name": sheet_name}
    regex = compile_filename_pattern(filename_pattern) if filename_pattern else None
    sources = _sources if _sources is not None else SourceSet(path, include=include, exclude=exclude,
                                                              recursive=recursive, strict=strict)
    yield from _records_from(sources, format=format, regex=regex, pattern=filename_pattern, options=options,
                             record_hook=record_hook, skipped=skipped, issues=issues,
                             show_progress=show_progress, nested=False)
    skipped.extend({"path": s.path, "reason": s.reason} for s in sources.skipped)
    for err in getattr(sources, "errors", []):
        issues.append(issue_row(getattr(err, "path", None), str(getattr(err, "reason", err))))


def _records_from(sources: SourceSet, *, format: str | None, regex: re.Pattern[str] | None,
                  pattern: str | None, options: Mapping[str, Any], record_hook: Any, skipped: list[dict],
                  issues: list[dict], show_progress: bool | None, nested: bool) -> Iterator[dict[str, Any]]:
    strict = options["strict"]
    desc = f"reading {Path(str(sources.path)).name}" if not nested else "reading archive"
    for src in _progress(sources, show=show_progress if not nested else False, desc=desc):
        fields: dict[str, str] = {}
        basename = PurePosixPath(src.relpath).name
        if basename in _OWN_FILES:
            skipped.append({"path": src.display, "reason": "toolkit's own record of a download"})
            continue
        if format is None and regex is None and _DOC_FILE.match(basename):
            skipped.append({"path": src.display, "reason": "documentation file (README, LICENSE, "
                            "PROVENANCE ...); pass format= to read it as a document"})
            continue
        if regex is not None:
            target = src.relpath if "/" in (pattern or "") else PurePosixPath(src.relpath).name
            match = regex.search(target) if "/" in (pattern or "") else regex.fullmatch(target)
            if match is None or ("/" in (pattern or "") and match.end() != len(target)):
                skipped.append({"path": src.display, "reason": f"file name does not match pattern {pattern!r}"})
                continue
            fields = match.groupdict()
        try:
            data = src.read_bytes()
            if not data.strip():
                raise CorpusFormatError("empty file", path=src.display)
            detected = format_for(src.relpath, data[:512])
            fmt = "archive" if detected == "archive" else (format or detected)
            if fmt is None:
                suffix = PurePosixPath(src.relpath).suffix or "(no extension)"
                skipped.append({"path": src.display, "reason": f"unsupported file type {suffix}"})
                continue
            if fmt == "archive":
                inner = SourceSet.from_bytes(data, name=src.display, strict=strict)
                yield from _records_from(inner, format=format, regex=None, pattern=None, options=options,
                                         record_hook=record_hook, skipped=skipped, issues=issues,
                                         show_progress=False, nested=True)
                skipped.extend({"path": s.path, "reason": s.reason} for s in inner.skipped)
                continue
            records, file_issues = _parse_file(fmt, data, src, options)
        except CorpusFormatError as err:
            if strict:
                raise
            logger.warning("skipping %s", err)
            skipped.append({"path": src.display, "reason": err.reason})
            continue
        for item in file_issues:
            issues.append(issue_row(item.path, item.message, line=item.line, row=item.row))
        multi = len(records) > 1
        for k, record in enumerate(records):
            rec = {**fields, **record}
            rec.setdefault("_path", src.display)
            if "doc_id" not in rec or rec["doc_id"] in (None, ""):
                base = fields.get("doc_id") or _doc_id_for(src.relpath)
                rec["doc_id"] = f"{base}#{k}" if multi else base
            if "date" not in rec and "year" in fields:
                rec["date"] = fields["year"]
            rec.setdefault("path", src.display)
            if record_hook is not None:
                rec = record_hook(rec, src)
                if rec is None:
                    continue
            yield rec


def _attach_metadata(records: list[dict], metadata: str | os.PathLike[str] | pd.DataFrame,
                     key: str | None, issues: list[dict]) -> None:
    if isinstance(metadata, pd.DataFrame):
        table, name = metadata, "metadata"
    else:
        name = str(metadata)
        try:
            if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
                table = pd.read_excel(metadata, dtype=str, engine="calamine").fillna("")
            else:
                table = pd.read_csv(metadata, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                    sep=None, engine="python")
        except (OSError, ValueError, pd.errors.ParserError) as err:
            raise CorpusFormatError(f"cannot read the metadata table: {err}", path=name) from err
    candidates = [key] if key else ["file", "filename", "path", "doc_id"]
    key = next((c for c in candidates if c in table.columns), None)
    if key is None:
        raise CorpusFormatError(f"the metadata table needs a key column named one of {candidates}; "
                                f"it has {list(table.columns)}. Pass metadata_key=", path=name)
    if table[key].duplicated().any():
        dup = table.loc[table[key].duplicated(), key].iloc[0]
        raise CorpusFormatError(f"key {dup!r} appears twice in column {key!r}", path=name)
    lookup = {str(k): row for k, row in zip(table[key], table.drop(columns=key).to_dict("records"))}
    used: set[str] = set()
    for rec in records:
        path = str(rec.get("path", ""))
        relname = path.split("!")[-1]
        stem = PurePosixPath(relname).stem
        for candidate in (str(rec.get("doc_id")), relname, PurePosixPath(relname).name, stem):
            if candidate in lookup:
                used.add(candidate)
                for col, value in lookup[candidate].items():
                    rec[col] = None if value == "" else value
                break
    for unused in sorted(set(lookup) - used):
        issues.append(issue_row(name, f"metadata row {unused!r} matches no document"))


def read_corpus(path: str | os.PathLike[str], *, layout: str | None = None, format: Format | None = None,
                include: str | Sequence[str] | None = None, exclude: str | Sequence[str] | None = None,
                recursive: bool = True, filename_pattern: str | None = None,
                metadata: str | os.PathLike[str] | pd.DataFrame | None = None, metadata_key: str | None = None,
                text_col: str | None = None, columns: Mapping[str, str] | None = None, sep: str | None = None,
                records_path: str | None = None, sheet_name: str | int = 0, encoding: str | None = None,
                lang: str | None = None, source: str | None = None, detect_lang: bool = True,
                dayfirst: bool = True, strict: bool = False, show_progress: bool | None = None) -> Corpus:
    """Read a corpus from a file, folder or archive.

    Parameters
    ----------
    path : path-like
        A file, a folder (read recursively) or an archive (``.zip``, ``.tar.gz``, ``.tgz`` ...),
        read in place without unpacking.
    layout : str, optional
        A named layout for a known public corpus (``"ungdc"``, ``"saudinewsnet"``, ``"ant"``,
        ``"us_presidential_speeches"``, ``"unsc_resolutions"``, ``"un_charter"``, ``"seed"``);
        see :mod:`toolkit.corpus.layouts`. Other options are passed on to it.
    format : str, optional
        Force one parser for every file instead of choosing by extension and content.
    include, exclude : glob or list of globs, optional
        Keep only / drop files whose relative path or name matches.
    recursive : bool
        Descend into sub-folders.
    filename_pattern : str, optional
        Metadata from file names, e.g. ``"{country}_{session}_{year}.txt"`` (see
        :func:`compile_filename_pattern`). Files that do not match are skipped with a reason.
        A ``{year}`` or ``{date}`` field dates the document when the file gives no date.
    metadata : path or DataFrame, optional
        A sidecar table (CSV/TSV, separator sniffed, or Excel) with one row per document, joined on ``metadata_key`` (default:
        the first of ``file``, ``filename``, ``path``, ``doc_id``), matched against the doc_id,
        the relative path, the file name, or the file name without extension.
    text_col, columns, sep, records_path, sheet_name
        Options for tables: the text column, a ``{source column: docvar}`` mapping (e.g.
        ``{"content": "text", "date_extracted": "date"}``), the CSV separator (sniffed when
        None), the dotted path to the record list in a JSON object, the Excel sheet.
    encoding : str, optional
        Force an encoding; by default it is detected per file and recorded in ``encoding``.
    lang, source : str, optional
        Values for documents that carry none (``lang`` otherwise detected offline).
    detect_lang : bool
        Detect languages of documents without ``lang``.
    dayfirst : bool
        Read ``01/02/2015`` as 1 February.
    strict : bool
        Raise on the first problem (bad file, bad row, bad date, duplicate id) instead of
        skipping or reporting it.
    show_progress : bool, optional
        A progress bar over files; by default only when stderr is a terminal.

    Returns
    -------
    Corpus
        With ``Corpus.skipped`` (files passed over, with reasons) and ``Corpus.issues``.
    """
    if layout is not None:
        from toolkit.corpus.layouts import read_layout

        unused = {name: value for name, value, default in (
            ("recursive", recursive, True), ("filename_pattern", filename_pattern, None),
            ("metadata", metadata, None), ("metadata_key", metadata_key, None), ("text_col", text_col, None),
            ("columns", columns, None), ("sep", sep, None), ("records_path", records_path, None),
            ("sheet_name", sheet_name, 0), ("encoding", encoding, None), ("lang", lang, None),
            ("source", source, None), ("detect_lang", detect_lang, True)) if value is not default}
        if unused:
            raise ValueError(f"layout={layout!r} sets {sorted(unused)} itself; drop these options, or read "
                             "the files without a layout to control them")
        return read_layout(path, layout, format=format, include=include, exclude=exclude,
                           strict=strict, show_progress=show_progress, dayfirst=dayfirst)
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    skipped: list[dict] = []
    issues: list[dict] = []
    records = list(read_records(path, format=format, include=include, exclude=exclude, recursive=recursive,
                                filename_pattern=filename_pattern, strict=strict, encoding=encoding,
                                text_col=text_col, columns=columns, sep=sep, records_path=records_path,
                                sheet_name=sheet_name, show_progress=show_progress, skipped=skipped,
                                issues=issues))
    if metadata is not None:
        _attach_metadata(records, metadata, metadata_key, issues)
    if not records and not skipped and not issues:
        raise CorpusFormatError("no documents found", path=str(path))
    meta = {"path": str(path.resolve()), "reader": "read_corpus", "format": format,
            "filename_pattern": filename_pattern, "include": include, "exclude": exclude}
    return build_corpus(records, strict=strict, detect_lang=detect_lang, lang=lang, source=source,
                        dayfirst=dayfirst, skipped=skipped, issues=issues, meta=_with_versions(meta))


def _with_versions(meta: dict[str, Any]) -> dict[str, Any]:
    import datetime as _dt

    from toolkit import __version__

    return {**meta, "toolkit_version": __version__, "pandas_version": pd.__version__,
            "loaded_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
