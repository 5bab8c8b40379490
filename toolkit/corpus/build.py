"""Turn parsed records (plain dicts) into a :class:`~toolkit.corpus.corpus.Corpus`.

Every reader ends here, so the rules are the same whatever the format:

* ``text`` must be a string; ``None`` becomes ``""`` and an empty text is kept but reported
  in ``Corpus.issues`` (the document exists; its text is missing at the source).
* ``doc_id`` comes from the record, else the reader's default (file path or row number).
  A repeated id raises :class:`~toolkit.errors.DuplicateIdError` with ``strict=True``;
  otherwise the later copy is renamed ``"<id>~2"`` and the rename is reported.
* ``date`` may be any form :func:`toolkit.corpus.dates.parse_date` reads; a record may carry a
  ``date_precision`` that overrides the parsed one. An unparseable date becomes NaT and is
  reported (``strict=True``: raised), naming the file and row.
* ``lang`` comes from the record, else ``lang=``, else is detected from the text
  (:func:`toolkit.corpus.langid.detect_language`) when ``detect_lang=True``.
* Keys starting with ``_`` (``_path``, ``_line``, ``_row``) locate the record in messages and
  are not kept as docvars.

Examples
--------
>>> c = build_corpus([{"text": "Le terrorisme.", "date": "12 novembre 2015"},
...                   {"text": "", "date": "demain", "_path": "b.csv", "_row": 2}])
>>> c.docvars[["date", "date_precision", "lang"]]
             date date_precision lang
doc_id
0      2015-11-12            day   fr
1             NaT           None  und
>>> c.issues["message"].tolist()  # doctest: +NORMALIZE_WHITESPACE
['empty text', "unparseable date 'demain'; the document is kept without a date"]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from toolkit.corpus.corpus import STANDARD_DOCVARS, Corpus
from toolkit.corpus.dates import parse_dates
from toolkit.corpus.langid import detect_language
from toolkit.errors import CorpusFormatError, DuplicateIdError

__all__ = ["build_corpus", "issue_row"]

logger = logging.getLogger(__name__)


def issue_row(path: Any, message: str, *, line: int | None = None, row: int | None = None) -> dict[str, Any]:
    """One row of ``Corpus.issues``."""
    return {"path": None if path is None else str(path), "line": line, "row": row, "message": message}


def build_corpus(records: Iterable[Mapping[str, Any]], *, strict: bool = False, detect_lang: bool = True,
                 lang: str | None = None, source: str | None = None, dayfirst: bool = True,
                 skipped: Iterable[Mapping[str, Any]] | None = None,
                 issues: Iterable[Mapping[str, Any]] | None = None,
                 meta: Mapping[str, Any] | None = None) -> Corpus:
    """Build a corpus from records, applying the rules in the module docstring.

    Parameters
    ----------
    records : iterable of dict
        One dict per document with at least ``text``.
    strict : bool
        Raise on the first problem instead of reporting it in ``Corpus.issues``.
    detect_lang : bool
        Detect the language of records that carry none (and when ``lang`` is None).
    lang, source : str, optional
        Values for records that carry none.
    dayfirst : bool
        Read ``01/02/2015`` as 1 February (the default, as in Arab and French usage).
    skipped, issues : iterable of dict, optional
        Skipped files (``path``, ``reason``) and earlier issues to carry into the corpus.
    meta : mapping, optional
        Provenance stored in ``Corpus.meta``.
    """
    issue_rows = [dict(i) for i in issues or ()]
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    where_of: dict[str, str | None] = {}
    for n, record in enumerate(records):
        rec = dict(record)
        path = rec.pop("_path", None)
        line = rec.pop("_line", None)
        row = rec.pop("_row", None)
        text = rec.get("text")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise CorpusFormatError(f"text must be a string, got {type(text).__name__}", path=path, row=row)
        rec["text"] = text
        doc_id = rec.get("doc_id")
        doc_id = str(n) if doc_id is None or (isinstance(doc_id, float) and pd.isna(doc_id)) else str(doc_id)
        if doc_id in seen:
            if strict:
                raise DuplicateIdError(f"doc_id {doc_id!r} appears twice: in {where_of[doc_id]} and in "
                                       f"{path or f'record {n}'}; give each document its own id")
            seen[doc_id] += 1
            new_id = f"{doc_id}~{seen[doc_id]}"
            while new_id in seen:
                seen[doc_id] += 1
                new_id = f"{doc_id}~{seen[doc_id]}"
            issue_rows.append(issue_row(path, f"duplicate doc_id {doc_id!r} (first in {where_of[doc_id]}); "
                                              f"renamed {new_id!r}", line=line, row=row))
            doc_id = new_id
        seen.setdefault(doc_id, 1)
        where_of[doc_id] = path
        rec["doc_id"] = doc_id
        if not text.strip():
            if strict:
                raise CorpusFormatError("empty text", path=path, line=line, row=row)
            issue_rows.append(issue_row(path, "empty text", line=line, row=row))
        rec["_where"] = (path, line, row)
        rows.append(rec)

    frame = _frame_from_rows(rows)
    where = frame.pop("_where") if "_where" in frame.columns else pd.Series([], dtype=object)

    raw_dates = frame["date"] if "date" in frame.columns else pd.Series([None] * len(frame), dtype=object)
    dates, precision = parse_dates(raw_dates.tolist(), dayfirst=dayfirst, errors="coerce")
    failed = dates.isna().to_numpy() & raw_dates.map(_present).to_numpy(dtype=bool)
    for pos in failed.nonzero()[0]:
        path, line, row = where.iloc[pos]
        message = f"unparseable date {raw_dates.iloc[pos]!r}; the document is kept without a date"
        if strict:
            raise CorpusFormatError(message.split(";")[0] + "; pass a date in a supported form "
                                    "(see toolkit.corpus.dates)", path=path, line=line, row=row)
        issue_rows.append(issue_row(path, message, line=line, row=row))
    frame["date"] = dates.to_numpy()
    if "date_precision" in frame.columns:
        given = frame["date_precision"]
        precision = given.where(given.notna() & frame["date"].notna(), precision.to_numpy())
    frame["date_precision"] = pd.Series(precision.to_numpy(), index=frame.index, dtype=object)
    frame["date_precision"] = frame["date_precision"].where(frame["date"].notna(), None)

    if "lang" not in frame.columns:
        frame["lang"] = None
    missing_lang = frame["lang"].isna()
    if lang is not None:
        frame.loc[missing_lang, "lang"] = lang
    elif detect_lang and missing_lang.any():
        frame.loc[missing_lang, "lang"] = [detect_language(t) for t in frame.loc[missing_lang, "text"]]
    if source is not None:
        if "source" not in frame.columns:
            frame["source"] = None
        frame["source"] = frame["source"].where(frame["source"].notna(), source)
    for col in STANDARD_DOCVARS:
        if col not in frame.columns:
            frame[col] = None
    if issue_rows:
        logger.info("%d issues while building the corpus (see Corpus.issues)", len(issue_rows))
    return Corpus(frame, skipped=pd.DataFrame(list(skipped or [])) if skipped else None,
                  issues=pd.DataFrame(issue_rows) if issue_rows else None, meta=meta)


def _frame_from_rows(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Columns in first-seen order; texts kept as Python strings (no round trip through Arrow)."""
    if not rows:
        return pd.DataFrame({"doc_id": [], "text": []})
    keys = list(dict.fromkeys(key for row in rows for key in row))
    columns = {key: [row.get(key) for row in rows] for key in keys}
    columns["text"] = pd.Series(columns["text"], dtype=object)
    return pd.DataFrame(columns)


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True
