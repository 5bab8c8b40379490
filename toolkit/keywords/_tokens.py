"""Tokens for the keyword statistics: every document's tokens as integer ids, with boundaries.

Shared by :mod:`~toolkit.keywords.collocations`, :mod:`~toolkit.keywords.sequences`,
:mod:`~toolkit.keywords.dispersion` and :mod:`~toolkit.keywords.diversity`: a corpus (or texts, or
token lists) is tokenised once by a :class:`~toolkit.text.Preprocessor` into :class:`Tokens`, and
patterns (words, globs, Arabic words with their proclitics) are matched against the vocabulary.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.frames.matcher import proclitic_stems
from toolkit.frames.patterns import TokenPattern, check_pattern, fold, is_glob
from toolkit.text.preprocess import Preprocessor

Boundary = Literal["document", "sentence", "paragraph"]

__all__ = ["Tokens", "check_preprocessor", "documents", "is_arabic", "pattern_mask", "stop_set",
           "tokenize", "unit_bounds", "word_list"]


@dataclass(frozen=True, eq=False)
class Tokens:
    """Every document's tokens as integer ids, end to end, with document and unit boundaries.

    ``ids[doc_bounds[d]:doc_bounds[d + 1]]`` are the tokens of document ``d``;
    ``seg_bounds`` cuts them further into units (sentences, paragraphs) or equals ``doc_bounds``.
    ``vocab[id]`` is the form of a token id.
    """

    doc_ids: list[str]
    langs: list[str | None]
    ids: np.ndarray
    vocab: np.ndarray
    doc_bounds: np.ndarray
    seg_bounds: np.ndarray
    pretokenized: bool

    @property
    def n_tokens(self) -> int:
        return int(self.ids.size)

    def doc_tokens(self, d: int) -> np.ndarray:
        return self.ids[self.doc_bounds[d]:self.doc_bounds[d + 1]]


def documents(data: Any, lang: str | None) -> tuple[list[str], list[Any], list[str | None], bool]:
    """``(doc_ids, texts or token lists, langs, pretokenized)`` of a corpus-like input."""
    from toolkit.corpus.corpus import Corpus
    from toolkit.dtm import DTM

    if isinstance(data, Corpus):
        langs = [v if isinstance(v, str) and v.strip() else lang for v in data.docvars["lang"].tolist()]
        return data.doc_ids, data.texts.tolist(), langs, False
    if isinstance(data, DTM):
        raise TypeError("a DTM has lost the order of the tokens; pass the Corpus (or lists of tokens) "
                        "the DTM was built from")
    if isinstance(data, (str, bytes)):
        raise TypeError("expected a Corpus, a list of texts or a list of token lists, got a single str; "
                        "wrap it in a list: [text]")
    if isinstance(data, pd.Series):
        ids, items = [str(i) for i in data.index], data.tolist()
    elif isinstance(data, Mapping):
        ids, items = [str(k) for k in data], list(data.values())
    elif isinstance(data, (list, tuple)):
        ids, items = [str(i) for i in range(len(data))], list(data)
    else:
        raise TypeError("expected a Corpus, a pandas Series, a dict or a list of texts or of token lists; got "
                        f"{type(data).__name__}")
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    is_text = [isinstance(x, str) for x in items]
    if all(is_text):
        return ids, items, [lang] * len(items), False
    for doc_id, item in zip(ids, items):
        if isinstance(item, str) or not isinstance(item, (list, tuple, np.ndarray)):
            raise TypeError(f"document {doc_id!r}: expected every document to be a text (str) or every document "
                            f"a list of tokens; got {type(item).__name__} among others")
        bad = [t for t in item if not isinstance(t, str)]
        if bad:
            raise TypeError(f"document {doc_id!r}: tokens must be str, got {bad[:3]!r}")
    return ids, [list(x) for x in items], [lang] * len(items), True


def tokenize(data: Any, *, preprocessor: Preprocessor | None = None, lang: str | None = None,
              segment: Boundary = "document") -> Tokens:
    """Tokenise a corpus-like input once (see :func:`collocations` for the accepted inputs).

    Texts are cut into ``segment`` units first (sentences, paragraphs; as ``Corpus.to_units``
    cuts them), each unit tokenised on its own. Token lists are used as they are and allow only
    ``segment="document"``.
    """
    pre = check_preprocessor(preprocessor)
    doc_ids, items, langs, pretokenized = documents(data, lang)
    if pretokenized and segment != "document":
        raise ValueError(f"lists of tokens have no {segment}s; pass the texts (or a Corpus) to count by {segment}, "
                         "or pass each sentence as its own token list")
    index: dict[str, int] = {}
    add = index.setdefault
    chunks: list[np.ndarray] = []
    doc_len: list[int] = []
    seg_len: list[int] = []
    if segment != "document":
        from toolkit.corpus.units import unit_spans
    for item, doc_lang in zip(items, langs):
        if pretokenized:
            parts = [item]
        else:
            doc_lang = pre.lang if doc_lang is None else doc_lang
            if segment == "document":
                parts = [pre(item, doc_lang)]
            else:
                parts = [pre(item[s:e], doc_lang) for s, e in unit_spans(item, segment, lang=doc_lang)]
        total = 0
        for toks in parts:
            chunks.append(np.fromiter((add(t, len(index)) for t in toks), dtype=np.int64, count=len(toks)))
            seg_len.append(len(toks))
            total += len(toks)
        doc_len.append(total)
    ids = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
    vocab = np.empty(len(index), dtype=object)
    vocab[:] = list(index)
    return Tokens(doc_ids=doc_ids, langs=[pre.lang if lg is None and not pretokenized else lg for lg in langs],
                   ids=ids, vocab=vocab, doc_bounds=unit_bounds(doc_len), seg_bounds=unit_bounds(seg_len),
                   pretokenized=pretokenized)


def unit_bounds(lengths: Sequence[int]) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=out[1:])
    return out


def check_preprocessor(preprocessor: Any) -> Preprocessor:
    if preprocessor is None:
        return Preprocessor()
    if not isinstance(preprocessor, Preprocessor):
        raise TypeError(f"preprocessor must be a toolkit.text.Preprocessor or None, got {type(preprocessor).__name__}")
    return preprocessor


def is_arabic(form: str) -> bool:
    return bool(form) and "\u0600" <= form[0] <= "\u06ff"


def pattern_mask(tokens: Tokens, pattern: str, preprocessor: Preprocessor | None, *,
                  name: str = "node") -> np.ndarray:
    """Boolean mask over ``tokens.vocab``: the forms a word or glob matches (clitic-aware, folded)."""
    if not isinstance(pattern, str):
        raise TypeError(f"{name} must be a word or a glob (str), got {type(pattern).__name__} {pattern!r}")
    problem = check_pattern(pattern)
    if problem is not None:
        raise ValueError(f"{name}: {problem}")
    if len(pattern.split()) != 1:
        raise ValueError(f"{name}={pattern!r} is a phrase; give one word or glob (use sequences() or kwic() "
                         "for phrases)")
    pattern = pattern.strip()
    exact = pattern.startswith("=")
    body = pattern[1:] if exact else pattern
    glob = is_glob(body)
    pre = dataclasses.replace(check_preprocessor(preprocessor), stop_words=False, min_length=1)
    targets: set[str] = set()
    for lang in set(tokens.langs) or {pre.lang}:
        if tokens.pretokenized:
            forms = [body]
        elif glob:
            forms = [pre.normalize_text(body, lang)]
        else:
            forms = pre(body, lang)
            if len(forms) != 1:
                what = "no token (a number or punctuation?)" if not forms else f"the tokens {forms}"
                raise ValueError(f"{name}={pattern!r} gives {what} after preprocessing; give one word")
        targets.update(fold(f) for f in forms)
    patterns = [TokenPattern(t, exact, glob) for t in sorted(targets)]
    mask = np.zeros(tokens.vocab.size, dtype=bool)
    for j, form in enumerate(tokens.vocab):
        folded = fold(form)
        candidates = [folded]
        if not exact and is_arabic(folded):
            candidates += proclitic_stems(folded)
        if glob:
            mask[j] = any(p.matches(c) for p in patterns for c in candidates)
        else:
            mask[j] = not targets.isdisjoint(candidates)
    return mask


def stop_set(stop_words: Any, tokens: Tokens, preprocessor: Preprocessor | None) -> frozenset[str]:
    """The collocate forms to leave out: ``None``/False none, True the shipped lists, or your words."""
    if stop_words is None or stop_words is False:
        return frozenset()
    pre = check_preprocessor(preprocessor)
    if tokens.pretokenized:
        if stop_words is True:
            raise ValueError("stop_words=True needs texts (the language's list is normalised like them); with "
                             "token lists pass your own stop_words=[...]")
        if isinstance(stop_words, str):
            raise TypeError(f"stop_words must be a collection of words, not the single string {stop_words!r}")
        return frozenset(stop_words)
    words = stop_words if stop_words is True else frozenset(word_list(stop_words))
    helper = dataclasses.replace(pre, stop_words=words)
    out: set[str] = set()
    for lang in set(tokens.langs):
        out |= helper.stop_words_for(lang)
    return frozenset(out)


def word_list(words: Any) -> Iterable[str]:
    if isinstance(words, str):
        raise TypeError(f"stop_words must be True, False, None or a collection of words, not the single string "
                        f"{words!r}; write stop_words=[{words!r}]")
    return words
