"""A corpus at a glance: what :meth:`Corpus.describe` and ``toolkit corpus info`` report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from toolkit.corpus.corpus import Corpus

__all__ = ["CorpusSummary"]


@dataclass(frozen=True)
class CorpusSummary:
    """Counts describing a corpus.

    Attributes
    ----------
    n_docs, n_tokens, n_chars : int
        Documents; whitespace-separated tokens (an estimate); characters.
    n_empty : int
        Documents whose text is empty or only whitespace.
    date_min, date_max : str or None
        ISO dates of the earliest and latest dated documents.
    n_undated : int
        Documents without a date.
    langs, sources : dict
        Documents per language and per source, most frequent first.
    n_skipped : int
        Files passed over while loading; ``skipped_reasons`` counts them by reason.
    n_issues : int
        Problems that did not stop the load (see ``Corpus.issues``).

    Examples
    --------
    >>> from toolkit.corpus.corpus import Corpus
    >>> s = Corpus.from_records([{"text": "one two", "date": "2015", "lang": "en", "source": "UN"}]).describe()
    >>> (s.n_docs, s.n_tokens, s.date_min, s.langs)
    (1, 2, '2015-01-01', {'en': 1})
    """

    n_docs: int
    n_tokens: int
    n_chars: int
    n_empty: int
    date_min: str | None
    date_max: str | None
    n_undated: int
    langs: dict[str, int]
    sources: dict[str, int]
    n_skipped: int
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    n_issues: int = 0

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> CorpusSummary:
        data = corpus.to_frame()
        texts = data["text"]
        dates = data["date"].dropna()
        skipped = corpus.skipped

        def counts(col: str) -> dict[str, int]:
            return {str(k): int(v) for k, v in data[col].dropna().value_counts().items()}

        return cls(
            n_docs=len(data),
            n_tokens=int(sum(len(t.split()) for t in texts)),
            n_chars=int(texts.str.len().sum()) if len(texts) else 0,
            n_empty=int((texts.str.strip() == "").sum()) if len(texts) else 0,
            date_min=None if dates.empty else f"{dates.min():%Y-%m-%d}",
            date_max=None if dates.empty else f"{dates.max():%Y-%m-%d}",
            n_undated=int(data["date"].isna().sum()),
            langs=counts("lang"),
            sources=counts("source"),
            n_skipped=len(skipped),
            skipped_reasons={str(k): int(v) for k, v in skipped["reason"].value_counts().items()}
            if len(skipped) else {},
            n_issues=len(corpus.issues),
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready values."""
        return asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        """The summary as a JSON object (Arabic kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def __str__(self) -> str:
        def top(d: dict[str, int], k: int = 8) -> str:
            items = [f"{name} ({n:,})" for name, n in list(d.items())[:k]]
            return ", ".join(items) + (f", ... {len(d) - k} more" if len(d) > k else "") or "-"

        lines = [
            f"documents   {self.n_docs:,}" + (f" ({self.n_empty:,} empty)" if self.n_empty else ""),
            f"tokens      {self.n_tokens:,} (whitespace estimate)",
            f"dates       {self.date_min or '-'} to {self.date_max or '-'}"
            + (f" ({self.n_undated:,} undated)" if self.n_undated else ""),
            f"languages   {top(self.langs)}",
            f"sources     {top(self.sources)}",
            f"skipped     {self.n_skipped:,} files" + (": " + top(self.skipped_reasons) if self.n_skipped else ""),
        ]
        if self.n_issues:
            lines.append(f"issues      {self.n_issues:,} (see Corpus.issues)")
        return "\n".join(lines)

