"""The :class:`Corpus`: documents, their texts and their document variables (docvars).

A corpus wraps a pandas DataFrame by composition. Its index is ``doc_id`` (unique strings),
column ``text`` holds the texts, and the standard docvars are ``date`` (``datetime64[ns]``, NaT
allowed), ``date_precision`` (``"day"``, ``"month"``, ``"year"`` or missing), ``lang``,
``source`` and ``title``; readers add others (``path``, ``encoding``, ``country`` ...).

Texts never change once loaded: every method returns a new corpus, accessors return copies, and
units (paragraphs, sentences) are character spans into the parent text, so summing counts over
the units of a document gives the document's counts.

Examples
--------
>>> import pandas as pd
>>> corpus = Corpus.from_records([
...     {"doc_id": "a", "text": "First paragraph.\\n\\nSecond one. Two sentences.",
...      "date": "2015-12-15", "lang": "en", "source": "UN"},
...     {"doc_id": "b", "text": "أكد الاجتماع ضرورة تجفيف منابع تمويل الإرهاب. وأوصى بزيادة التنسيق.",
...      "date": "26 دجنبر 2017", "lang": "ar", "source": "MAP"},
... ])
>>> corpus
<Corpus: 2 documents, 2015-12-15 to 2017-12-26, langs ar, en, 2 sources>
>>> corpus.subset("lang == 'ar'").doc_ids
['b']
>>> corpus.paragraphs().docvars[["parent_id", "unit_index"]]
       parent_id  unit_index
doc_id
a#0            a           0
a#1            a           1
b#0            b           0
>>> len(corpus.sentences())
5
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from toolkit.corpus import units as _units
from toolkit.atomic import atomic_path
from toolkit.errors import DuplicateIdError, invalid_value_message

if TYPE_CHECKING:
    from toolkit.corpus.summary import CorpusSummary

__all__ = ["Corpus", "STANDARD_DOCVARS"]

logger = logging.getLogger(__name__)

#: Docvars every corpus has (missing values allowed), in this order after ``text``.
STANDARD_DOCVARS: tuple[str, ...] = ("date", "date_precision", "lang", "source", "title")
_UNIT_COLUMNS = ("parent_id", "unit_index", "unit", "char_start", "char_end")
_PARQUET_META_KEY = b"toolkit.corpus"


def _as_frame(table: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    if table is None or len(table) == 0:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    return table.reset_index(drop=True)


class Corpus:
    """Documents with texts and document variables.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per document: a ``text`` column, and either a unique index or a ``doc_id``
        column. Missing standard docvars are added as missing values; ``date`` is converted to
        ``datetime64[ns]``.
    skipped : pandas.DataFrame, optional
        Files passed over while loading, with columns ``path`` and ``reason``.
    issues : pandas.DataFrame, optional
        Problems met while loading that did not stop it (columns ``path``, ``line``, ``row``,
        ``message``): unparseable dates, malformed rows, empty texts, renamed duplicate ids.
    meta : mapping, optional
        Provenance: where the corpus came from, the reader and its options, versions.

    Raises
    ------
    TypeError
        If ``data`` is not a DataFrame.
    ValueError
        If there is no ``text`` column, a text is not a string, or ``doc_id`` is not unique.
    """

    def __init__(self, data: pd.DataFrame, *, skipped: pd.DataFrame | None = None,
                 issues: pd.DataFrame | None = None, meta: Mapping[str, Any] | None = None):
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"Corpus expects a pandas DataFrame, got {type(data).__name__}; "
                            "use Corpus.from_records() for a list of dicts")
        self._data = self._validate(data)
        self._skipped = _as_frame(skipped, ["path", "reason"])
        self._issues = _as_frame(issues, ["path", "line", "row", "message"])
        self._meta = MappingProxyType(dict(meta or {}))

    # ------------------------------------------------------------------ construction
    @staticmethod
    def _validate(data: pd.DataFrame) -> pd.DataFrame:
        df = data.copy()
        if "doc_id" in df.columns:
            df = df.set_index("doc_id")
        if "text" not in df.columns:
            raise ValueError("a corpus needs a 'text' column; got columns "
                             f"{list(map(str, df.columns))}. Rename the text column to 'text'")
        df.index = pd.Index(df.index.map(str), name="doc_id")
        if not df.index.is_unique:
            dups = df.index[df.index.duplicated()].unique()[:5].tolist()
            raise DuplicateIdError(f"doc_id must be unique; repeated: {dups}. "
                                   "Give each document its own id or let the reader number them")
        text = df["text"]
        bad = ~text.map(lambda t: isinstance(t, str)).astype(bool)
        if bad.any():
            first = df.index[bad.to_numpy()][0]
            raise ValueError(f"every text must be a string; doc_id {first!r} has "
                             f"{type(text[first]).__name__}. Replace missing texts with ''")
        df["text"] = text.astype(object)
        for col in df.columns:  # one representation for strings, whatever pandas version or source
            if isinstance(df[col].dtype, pd.StringDtype):
                df[col] = df[col].astype(object).where(df[col].notna(), None)
        for col in STANDARD_DOCVARS:
            if col not in df.columns:
                df[col] = pd.NaT if col == "date" else None
        if not pd.api.types.is_datetime64_dtype(df["date"]):
            df["date"] = pd.to_datetime(df["date"], errors="raise")
        df["date"] = df["date"].astype("datetime64[ns]")
        others = [c for c in df.columns if c not in ("text", *STANDARD_DOCVARS)]
        return df[["text", *STANDARD_DOCVARS, *others]]

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], **kwargs: Any) -> Corpus:
        """Build a corpus from dicts with at least ``text``; dates in any supported form.

        Keyword arguments go to :func:`toolkit.corpus.build.build_corpus` (``strict``,
        ``detect_lang``, ``dayfirst``, ``meta`` ...).

        >>> Corpus.from_records([{"text": "Le Conseil condamne le terrorisme."}]).docvars["lang"].tolist()
        ['fr']
        """
        from toolkit.corpus.build import build_corpus

        return build_corpus(records, **kwargs)

    @classmethod
    def concat(cls, corpora: Sequence[Corpus], *, meta: Mapping[str, Any] | None = None) -> Corpus:
        """Join corpora with distinct doc_ids into one (docvars are unioned).

        >>> a = Corpus.from_records([{"doc_id": "a", "text": "x", "lang": "en"}])
        >>> b = Corpus.from_records([{"doc_id": "b", "text": "y", "lang": "en"}])
        >>> Corpus.concat([a, b]).doc_ids
        ['a', 'b']
        """
        if not corpora:
            raise ValueError("concat needs at least one corpus")
        data = pd.concat([c._data for c in corpora])
        skipped = pd.concat([c._skipped for c in corpora], ignore_index=True)
        issues = pd.concat([c._issues for c in corpora], ignore_index=True)
        return cls(data, skipped=skipped, issues=issues, meta=meta or dict(corpora[0].meta))

    def _derive(self, data: pd.DataFrame, **meta_updates: Any) -> Corpus:
        new = object.__new__(Corpus)
        new._data = data
        new._skipped = self._skipped
        new._issues = self._issues
        new._meta = MappingProxyType({**self._meta, **meta_updates})
        return new

    # ------------------------------------------------------------------ access
    def __len__(self) -> int:
        return len(self._data)

    def __getitem__(self, doc_id: str) -> str:
        """The text of one document."""
        try:
            return self._data.at[doc_id, "text"]
        except KeyError:
            raise KeyError(f"no document with doc_id {doc_id!r}") from None

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._data.index

    def items(self) -> Iterator[tuple[str, str]]:
        """Yield ``(doc_id, text)`` pairs in corpus order."""
        yield from zip(self._data.index, self._data["text"])

    @property
    def doc_ids(self) -> list[str]:
        """The document ids, in order."""
        return self._data.index.tolist()

    @property
    def texts(self) -> pd.Series:
        """A copy of the texts, indexed by ``doc_id``."""
        return self._data["text"].copy()

    @property
    def docvars(self) -> pd.DataFrame:
        """A copy of the document variables (every column but ``text``)."""
        return self._data.drop(columns="text")

    def to_frame(self) -> pd.DataFrame:
        """A copy of the whole table (texts and docvars), index ``doc_id``."""
        return self._data.copy()

    @property
    def skipped(self) -> pd.DataFrame:
        """Files passed over while loading, with the reason (columns ``path``, ``reason``)."""
        return self._skipped.copy()

    @property
    def issues(self) -> pd.DataFrame:
        """Problems that did not stop the load (``path``, ``line``, ``row``, ``message``)."""
        return self._issues.copy()

    @property
    def meta(self) -> Mapping[str, Any]:
        """Read-only provenance: source path, reader, options, versions."""
        return self._meta

    def __repr__(self) -> str:
        n = len(self)
        parts = [f"{n} document{'s' if n != 1 else ''}"]
        dates = self._data["date"].dropna()
        if len(dates):
            parts.append(f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}")
        langs = sorted(self._data["lang"].dropna().unique().tolist())
        if langs:
            parts.append("langs " + ", ".join(map(str, langs[:6])) + (" ..." if len(langs) > 6 else ""))
        n_sources = self._data["source"].nunique()
        if n_sources:
            parts.append(f"{n_sources} source{'s' if n_sources != 1 else ''}")
        return f"<Corpus: {', '.join(parts)}>"

    # ------------------------------------------------------------------ selection
    def subset(self, query: str | None = None, *, mask: Any = None, doc_ids: Iterable[str] | None = None,
               **equals: Any) -> Corpus:
        """Keep the documents that satisfy every condition given.

        Parameters
        ----------
        query : str, optional
            A :meth:`pandas.DataFrame.query` expression over docvars, e.g.
            ``"date >= '2015-12-15' and lang == 'ar'"``.
        mask : array of bool, optional
            One boolean per document.
        doc_ids : iterable of str, optional
            Keep these documents, in corpus order.
        **equals
            ``docvar=value`` (or ``docvar=[values]``) equality filters.

        >>> c = Corpus.from_records([{"doc_id": str(i), "text": "t", "source": s, "lang": "en"}
        ...                          for i, s in enumerate("ABA")])
        >>> c.subset(source="A").doc_ids
        ['0', '2']
        """
        from toolkit.selection import docvars_mask

        keep = docvars_mask(self._data.drop(columns="text"), query, mask=mask, doc_ids=doc_ids, equals=equals)
        return self._derive(self._data[keep])

    def sample(self, n: int | None = None, *, frac: float | None = None, replace: bool = False,
               random_state: int | np.random.Generator | None = None) -> Corpus:
        """A random sample of documents, reproducible from ``random_state``.

        When ``random_state`` is None a seed is drawn and recorded in the result's
        ``meta["sample_seed"]``, so the sample can be drawn again.

        >>> c = Corpus.from_records([{"doc_id": str(i), "text": "t", "lang": "en"} for i in range(10)])
        >>> c.sample(3, random_state=1).doc_ids == c.sample(3, random_state=1).doc_ids
        True
        """
        if (n is None) == (frac is None):
            raise ValueError("give exactly one of n= or frac=")
        seed: Any = random_state
        if random_state is None:
            seed = int(np.random.SeedSequence().entropy % (2**32))
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        size = n if n is not None else int(round(frac * len(self)))
        if not replace and size > len(self):
            raise ValueError(f"cannot sample {size} documents without replacement from {len(self)}; "
                             "lower n or pass replace=True")
        idx = np.sort(rng.choice(len(self), size=size, replace=replace))
        data = self._data.iloc[idx]
        if replace:
            counts: dict[str, int] = {}
            new_ids = []
            for doc_id in data.index:
                counts[doc_id] = counts.get(doc_id, 0) + 1
                new_ids.append(doc_id if counts[doc_id] == 1 else f"{doc_id}~{counts[doc_id]}")
            data = data.set_axis(pd.Index(new_ids, name="doc_id"))
        extra = {} if isinstance(seed, np.random.Generator) else {"sample_seed": seed}
        return self._derive(data, **extra)

    # ------------------------------------------------------------------ units
    def to_units(self, unit: Literal["paragraphs", "sentences"] = "paragraphs", *,
                 method: Literal["auto", "blank_line", "line", "rewrap"] = "auto") -> Corpus:
        """Split every document into paragraphs or sentences.

        Each unit becomes a document with id ``"{parent_id}#{unit_index}"``, the parent's
        docvars, and ``parent_id``, ``unit_index`` (from 0), ``unit``, ``char_start`` and
        ``char_end`` (the unit is ``parent_text[char_start:char_end]``). Paragraph rules
        (including how hard-wrapped text such as the UN General Debates is rebuilt) are in
        :mod:`toolkit.corpus.units`. Sentences never cross a paragraph boundary.
        """
        if unit not in ("paragraphs", "sentences"):
            raise ValueError(invalid_value_message("unit", unit, ["paragraphs", "sentences"]))
        if "parent_id" in self._data.columns:
            raise ValueError("this corpus is already made of units; split the parent corpus instead")
        rows: list[tuple[int, int, int, int]] = []  # (doc position, unit index, start, end)
        langs = self._data["lang"].tolist()
        for pos, text in enumerate(self._data["text"]):
            if unit == "paragraphs":
                spans = _units.paragraph_spans(text, method=method)
            else:
                lang = langs[pos] if isinstance(langs[pos], str) else None
                spans = _units.sentence_spans(text, lang=lang)
            rows.extend((pos, k, s, e) for k, (s, e) in enumerate(spans))
        arr = np.array(rows, dtype=np.int64).reshape(-1, 4)
        parents = self._data.iloc[arr[:, 0]]
        texts = parents["text"].to_numpy()
        unit_text = [t[s:e] for t, s, e in zip(texts, arr[:, 2], arr[:, 3])]
        parent_ids = parents.index.to_numpy()
        ids = [f"{p}#{k}" for p, k in zip(parent_ids, arr[:, 1])]
        data = parents.reset_index(drop=True)
        data["text"] = pd.Series(unit_text, dtype=object)
        data["parent_id"] = parent_ids
        data["unit_index"] = arr[:, 1]
        data["unit"] = unit[:-1]
        data["char_start"] = arr[:, 2]
        data["char_end"] = arr[:, 3]
        data.index = pd.Index(ids, name="doc_id", dtype=object)
        front = ["text", *STANDARD_DOCVARS, *_UNIT_COLUMNS]
        data = data[front + [c for c in data.columns if c not in front]]
        return self._derive(data, units=unit)

    def paragraphs(self, *, method: Literal["auto", "blank_line", "line", "rewrap"] = "auto") -> Corpus:
        """Shorthand for ``to_units("paragraphs", method=method)``."""
        return self.to_units("paragraphs", method=method)

    def sentences(self) -> Corpus:
        """Shorthand for ``to_units("sentences")``."""
        return self.to_units("sentences")

    # ------------------------------------------------------------------ duplicates
    def find_duplicates(self, *, threshold: float = 0.8, method: Literal["minhash", "exact"] = "minhash",
                        random_state: int = 0, show_progress: bool | None = None) -> pd.DataFrame:
        """Exact and near-duplicate groups (see :func:`toolkit.corpus.dedup.find_duplicates`)."""
        from toolkit.corpus.dedup import find_duplicates

        return find_duplicates(self._data["text"].tolist(), ids=self.doc_ids, threshold=threshold,
                               method=method, random_state=random_state, show_progress=show_progress)

    def drop_duplicates(self, *, threshold: float = 0.8, method: Literal["minhash", "exact"] = "minhash",
                        random_state: int = 0, show_progress: bool | None = None) -> Corpus:
        """A corpus without the later copies of duplicated documents (the first is kept).

        The ids removed are listed in the result's ``meta["dropped_duplicates"]``.
        """
        report = self.find_duplicates(threshold=threshold, method=method, random_state=random_state,
                                      show_progress=show_progress)
        dropped = report.loc[~report["is_first"], "doc_id"].tolist() if len(report) else []
        keep = ~self._data.index.isin(dropped)
        logger.info("dropping %d duplicate documents of %d", len(dropped), len(self))
        return self._derive(self._data[keep], dropped_duplicates=dropped)

    # ------------------------------------------------------------------ summary
    def describe(self) -> CorpusSummary:
        """Documents, tokens, date range, languages and sources, and skipped files.

        Tokens are counted as whitespace-separated strings (a fast estimate; the text module
        gives exact counts for a chosen tokenizer).

        >>> Corpus.from_records([{"text": "a b c", "lang": "en", "source": "X"}]).describe().n_tokens
        3
        """
        from toolkit.corpus.summary import CorpusSummary

        return CorpusSummary.from_corpus(self)

    # ------------------------------------------------------------------ storage
    def to_parquet(self, path: str | os.PathLike[str]) -> Path:
        """Write the corpus (texts, docvars, skipped files, issues, meta) to one Parquet file.

        The file is written to a temporary name in the same folder and moved into place, so a
        failure never leaves a half-written file.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = Path(path)
        table = pa.Table.from_pandas(self._data, preserve_index=True)
        extra = {"skipped": self._skipped.to_dict("records"), "issues": self._issues.to_dict("records"),
                 "meta": dict(self._meta)}
        schema_meta = dict(table.schema.metadata or {})
        schema_meta[_PARQUET_META_KEY] = json.dumps(extra, default=str, ensure_ascii=False).encode()
        table = table.replace_schema_metadata(schema_meta)
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp)
        return path

    @classmethod
    def read_parquet(cls, path: str | os.PathLike[str]) -> Corpus:
        """Read a corpus written by :meth:`to_parquet`.

        >>> import tempfile, pathlib
        >>> c = Corpus.from_records([{"doc_id": "x", "text": "نص", "date": "2016", "lang": "ar"}])
        >>> with tempfile.TemporaryDirectory() as d:
        ...     back = Corpus.read_parquet(c.to_parquet(pathlib.Path(d) / "c.parquet"))
        >>> back.to_frame().equals(c.to_frame())
        True
        """
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no such file; write one with Corpus.to_parquet or "
                                    "`toolkit corpus convert`") from None
        except (OSError, ValueError) as err:
            raise ValueError(f"{path}: not a readable Parquet file ({err})") from err
        extra = json.loads((table.schema.metadata or {}).get(_PARQUET_META_KEY, b"{}"))
        data = table.to_pandas()
        return cls(data, skipped=pd.DataFrame(extra.get("skipped", [])) if extra.get("skipped") else None,
                   issues=pd.DataFrame(extra.get("issues", [])) if extra.get("issues") else None,
                   meta=extra.get("meta", {}))

