"""A dictionary compiled for the texts of one language: token-pattern indexes and token analysis.

:class:`_Compiled` holds what a :class:`~toolkit.frames.matcher.Matcher` needs per language: the
token patterns of the entries and exclusions, indexed by word and by literal prefix (Arabic
proclitic forms included), the phrase tries, and the caches of analysed token types
(:meth:`_Compiled.learn`). :func:`_base` reduces a language code to the key of that cache.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable
from itertools import compress
from typing import TYPE_CHECKING, Any

from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import Dictionary, Entry
from toolkit.frames.patterns import _FOLD_AR, TokenPattern, fold, split_pattern
from toolkit.frames.phrases import _follow, _insert, _Node
from toolkit.frames.proclitics import _ARABIC_LETTER, _clitic_forms, proclitic_stems
from toolkit.text.normalization import UNDETERMINED_LANGUAGES, base_language
from toolkit.text.tokenization import iter_token_spans, tokenizer

if TYPE_CHECKING:
    from toolkit.frames.matcher import Matcher

_LATIN_ACCENTED = re.compile(r"[\u00c0-\u024f\u0300-\u036f]")

# letters of a token form compared with the dictionary's word and prefix beginnings before analysis
_HEAD = 4


class _Compiled:
    """Everything a matcher needs for texts of one language."""

    def __init__(self, matcher: Matcher, lang: str | None) -> None:
        pre = self._pre = matcher.preprocessor
        self._normalizers: dict[str | None, Any] = {}  # entries written in another language than the texts
        self.lang = lang
        self.normalize = pre.normalizer(lang)
        self.token_options = dict(clitics="none", keep_numbers=pre.keep_numbers, keep_punct=pre.keep_punct,
                                  elision=pre.elision, contractions=pre.contractions, hyphens=pre.hyphens,
                                  min_length=pre.min_length)
        self.patterns: list[TokenPattern] = []
        self._pattern_ids: dict[TokenPattern, int] = {}
        # Arabic proclitics are compiled into the indexes: every word is also stored behind every
        # proclitic chain, every glob's literal prefix too (with how many letters to strip before
        # matching the glob), so a token type costs one lookup plus one per prefix length.
        self.words: dict[str, list[int]] = {}   # folded form (clitic forms included) -> pattern ids
        # prefix -> (glob id, letters to strip, add the article back, glob is just prefix + "*")
        self.prefixes: dict[str, list[tuple[int, int, bool, bool]]] = {}
        self.free_globs: list[tuple[int, str]] = []  # globs starting with a wildcard, longest literal run
        self.any_token: int | None = None
        # phrases: (kind, index, pattern ids); kind 0 = entry, 1 = exclusion
        self.entries: list[tuple[str, str, Entry, tuple[int, ...]]] = []
        self.exclusions: list[tuple[str, tuple[int, ...]]] = []
        self.entry_exclusions: list[frozenset[int]] = []
        self.single: dict[int, list[int]] = {}           # pattern id -> one-token entries
        self.phrase_trie: dict[int, _Node] = {}          # first pattern id -> trie of longer entries
        self.exclusion_trie: dict[int, _Node] = {}       # first pattern id -> trie of exclusion phrases
        self.seen: set[str] = set()                  # raw tokens analysed so far
        self.cache: dict[str, Any] = {}              # raw token -> entries it starts (only such tokens)
        self.pids: dict[str, frozenset[int]] = {}    # raw token -> token patterns it matches
        self.exclusion_starts: dict[str, tuple[Any, ...]] = {}  # raw token -> exclusion phrases it starts
        self._compile(matcher.dictionary, lang)

    # ---------------------------------------------------------------- compiling
    def _phrase(self, pattern: str, lang: str | None, where: str) -> tuple[int, ...]:
        pre_lang = lang if lang is not None else self.lang
        normalize = self.normalize if lang == self.lang else self._normalizer(pre_lang)
        ids: list[int] = []
        for token in split_pattern(pattern, pre_lang):
            exact = token.startswith("=")
            body = token[1:] if exact else token
            text = normalize(body)
            if TokenPattern.parse(text).glob or text == "*":
                pieces = [text]
            else:
                pieces = [p for p, _, _ in iter_token_spans(text, pre_lang, **{**self.token_options,
                                                                                "keep_numbers": True,
                                                                                "min_length": 1})]
                if not pieces:
                    raise DictionaryError(f"{where}: pattern {pattern!r} has no word in {token!r} once tokenised")
            for i, piece in enumerate(pieces):
                ids.append(self._pattern_id(TokenPattern.parse(("=" if exact and i == 0 else "") + piece)))
        return tuple(ids)  # a lone * never starts or ends a phrase: Dictionary rejects such patterns

    def _normalizer(self, lang: str | None) -> Any:
        if lang not in self._normalizers:
            self._normalizers[lang] = self._pre.normalizer(lang)
        return self._normalizers[lang]

    def _pattern_id(self, pattern: TokenPattern) -> int:
        pid = self._pattern_ids.get(pattern)
        if pid is None:
            pid = self._pattern_ids[pattern] = len(self.patterns)
            self.patterns.append(pattern)
            if pattern.any_token:
                self.any_token = pid
            elif pattern.glob:
                prefix = pattern.literal_prefix
                if not prefix:
                    runs = re.split(r"\[[^\]]*\]|[*?]", pattern.text)
                    self.free_globs.append((pid, max(runs, key=len)))
                else:
                    simple = pattern.text == prefix + "*"
                    self.prefixes.setdefault(prefix, []).append((pid, 0, False, simple))
                    if not pattern.exact:
                        for form, strip, article in _clitic_forms(prefix):
                            self.prefixes.setdefault(form, []).append((pid, strip, article, simple))
            else:
                self.words.setdefault(pattern.text, []).append(pid)
                if not pattern.exact:
                    for form, _, _ in _clitic_forms(pattern.text):
                        self.words.setdefault(form, []).append(pid)
        return pid

    def _compile(self, dictionary: Dictionary, lang: str | None) -> None:
        base = _base(lang)
        excl_ids: dict[tuple[str, str | None], int] = {}

        def exclusion(phrase: str, elang: str | None, where: str) -> int:
            key = (phrase, elang)
            if key not in excl_ids:
                excl_ids[key] = len(self.exclusions)
                self.exclusions.append((phrase, self._phrase(phrase, elang, where)))
            return excl_ids[key]

        def applies(entry_lang: str | None) -> bool:
            return entry_lang is None or base is None or _base(entry_lang) == base

        inherited: dict[tuple[str, str | None], frozenset[int]] = {}

        def category_exclusions(category: str, entry_lang: str | None) -> frozenset[int]:
            """Ids of the exclusions of ``category`` (and ancestors) that apply to an entry in ``entry_lang``."""
            key = (category, _base(entry_lang))
            if key not in inherited:
                inherited[key] = frozenset(
                    exclusion(e.pattern, e.lang, f"exclusions of {category!r}")
                    for e in dictionary.effective_exclude(category)
                    if applies(e.lang) and (e.lang is None or key[1] is None or _base(e.lang) == key[1]))
            return inherited[key]

        for category, entry in dictionary.entries():
            if not applies(entry.lang):
                continue
            where = f"category {category!r}, entry {entry.pattern!r}"
            ids = self._phrase(entry.pattern, entry.lang, where)
            index = len(self.entries)
            self.entries.append((category, category.split("/", 1)[0], entry, ids))
            own = frozenset(exclusion(p, entry.lang, where) for p in entry.exclude)
            self.entry_exclusions.append(own | category_exclusions(category, entry.lang))
            if len(ids) == 1:
                self.single.setdefault(ids[0], []).append(index)
            else:
                _insert(self.phrase_trie, ids, index)
        for index, (_, ids) in enumerate(self.exclusions):
            _insert(self.exclusion_trie, ids, index)
        for root in (*self.phrase_trie.values(), *self.exclusion_trie.values()):
            root.follow = frozenset(root.children)
        # the first fields of a Hit for each entry
        self.hit_heads = [(category, frame, entry.pattern, entry.concept, entry.lang, entry.weight)
                          for category, frame, entry, _ in self.entries]
        self.max_exclusion = max((len(ids) for _, ids in self.exclusions), default=0)
        self.prefix_lengths = tuple(sorted({len(prefix) for prefix in self.prefixes}))
        # every proper beginning of a prefix key: walking a token's beginnings stops at the first
        # one that no key goes on from (3-4 lookups on average instead of one per key length)
        self.prefix_stems = frozenset(prefix[:k] for prefix in self.prefixes for k in range(1, len(prefix)))
        self.min_prefix = self.prefix_lengths[0] if self.prefix_lengths else 1
        # A form can match only if it is a word or begins with a prefix key, so its first
        # _HEAD letters are among those of the words and longer keys, or a shorter key begins it.
        # learn() checks that with set lookups run in C before analysing anything in Python.
        heads = {w[:_HEAD] for w in self.words}
        heads.update(prefix[:_HEAD] for prefix in self.prefixes if len(prefix) >= _HEAD)
        short: dict[int, set[str]] = {}
        for prefix in self.prefixes:
            if len(prefix) < _HEAD:
                short.setdefault(len(prefix), set()).add(prefix)
        self.head_filters = [(operator.itemgetter(slice(None, _HEAD)), frozenset(heads))]
        self.head_filters += [(operator.itemgetter(slice(None, k)), frozenset(keys)) for k, keys in short.items()]

    # ---------------------------------------------------------------- token analysis
    def analyse(self, form: str) -> set[int]:
        """The ids of the token patterns a folded token form matches (rule 1 and 2)."""
        found = self.words.get(form)
        pids: set[int] = set(found) if found else set()
        prefixes, patterns, stems, size = self.prefixes, self.patterns, self.prefix_stems, len(form)
        k = self.min_prefix
        while k <= size:
            head = form[:k]
            group = prefixes.get(head)
            if group:
                for pid, strip, article, simple in group:
                    if strip and size - strip < 2:
                        continue
                    # a glob that is its literal prefix + "*" matches whatever starts with the prefix
                    if simple or patterns[pid].matches(("ال" + form[strip:]) if article else form[strip:]):
                        pids.add(pid)
            if head not in stems:  # no longer key begins like this
                break
            k += 1
        if self.free_globs:
            candidates = proclitic_stems(form, include_self=True) if _ARABIC_LETTER.match(form) else (form,)
            # a glob starting with a wildcard is tried only on forms holding its longest literal run
            pids.update(pid for pid, run in self.free_globs for cand in candidates
                        if run in cand and patterns[pid].matches(cand))
        return pids

    def learn(self, raw_tokens: Iterable[str]) -> None:
        """Analyse raw tokens not seen before (normalised together in one call) into the caches.

        ``seen``: every token analysed; ``cache[token]``: the entries the token can start, as
        ``(one-token entries, phrase-trie nodes, a phrase goes on with a lone *, the token
        patterns a phrase goes on with)``, for such tokens only; ``pids[token]``: the token
        patterns it matches, for phrase continuation; ``exclusion_starts[token]``: the exclusion
        phrases it can start, as ``(trie nodes, one of them is a whole phrase, the token patterns
        they go on with)``.
        """
        new = list(raw_tokens)
        if not new:
            return
        normalised = self.normalize("\n".join(new)).lower().translate(_FOLD_AR)
        if _LATIN_ACCENTED.search(normalised):
            normalised = fold(normalised)
        forms = normalised.split("\n")
        if len(forms) != len(new):  # a token normalised into a line break: fold them one by one
            forms = [fold(self.normalize(t)) for t in new]
        self.seen.update(new)
        cache, pid_cache, excl_cache, analyse = self.cache, self.pids, self.exclusion_starts, self.analyse
        single_of, trie, excl_trie, any_token = self.single, self.phrase_trie, self.exclusion_trie, self.any_token
        pairs: Iterable[tuple[str, str]] = zip(new, forms)
        if not self.free_globs:  # (a glob starting with a wildcard may match any form)
            possible: set[str] = set()
            for head, keys in self.head_filters:
                possible.update(compress(forms, map(keys.__contains__, map(head, forms))))
            pairs = compress(pairs, map(possible.__contains__, forms))
        for raw, form in pairs:
            pids = analyse(form)
            if not pids:
                continue
            pid_cache[raw] = frozenset(pids)
            single = tuple(e for p in pids for e in single_of.get(p, ()))
            nodes = tuple(trie[p] for p in pids if p in trie)
            if single or nodes:
                # wild: a phrase continues with a lone *, so the next token need not match anything
                wild = any_token is not None and any(any_token in n.children for n in nodes)
                cache[raw] = (single, nodes, wild, _follow(nodes))
            excl = tuple(excl_trie[p] for p in pids if p in excl_trie)
            if excl:
                excl_cache[raw] = (excl, any(n.ends for n in excl) or (any_token is not None and any(
                    any_token in n.children for n in excl)), _follow(excl))

    @functools.cached_property
    def tokenize(self) -> Callable[[str], list[str]]:
        """The raw tokens of a text (the preprocessor's options, no clitic splitting)."""
        return tokenizer(self.lang, **self.token_options)


def _base(lang: str | None) -> str | None:
    """The language part of a code ("fr-CA" -> "fr"); None for no code or an undetermined one ("und")."""
    base = base_language(lang)
    return None if base in UNDETERMINED_LANGUAGES else base
