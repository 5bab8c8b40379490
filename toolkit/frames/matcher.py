"""Find a dictionary's entries in a text: globs, phrases, Arabic proclitics, exclusions, scope.

A :class:`Matcher` is compiled once for a :class:`~toolkit.frames.dictionary.Dictionary` and a
:class:`~toolkit.text.Preprocessor`, then applied to one text unit at a time
(:meth:`Matcher.find`). The text is tokenised with the preprocessor's options (words only, unless
it keeps numbers or punctuation; stop words are never removed for matching) and every distinct
token is analysed once, so the cost per token is one dictionary lookup.

Matching rules
--------------
1. **Forms.** Tokens and patterns are compared after the preprocessor's normalisation and
   :func:`~toolkit.frames.patterns.fold` (case, ة/ه, ى/ي, Latin accents).
2. **Arabic proclitics.** An Arabic token also matches through the stem left after a proclitic
   chain (conjunction و/ف, preposition ب/ك/ل, article ال, in that order, e.g. وال، بال، فبال، لل،
   ول), when at least two letters remain; a chain ending in the article yields the stem with and
   without it. So ``إرهاب`` finds والإرهاب, بالإرهاب, للإرهاب and إرهاب; ``إرهاب*`` also finds
   الإرهابية; neither finds أرهب. Enclitic pronouns are not stripped (write ``تمويل*``). A
   pattern token written ``=word`` is compared with the whole token only.
3. **Overlaps.** Within one top-level category the longest match wins (then the earlier start,
   then dictionary order); the tokens of a match are not matched again by that category. A token
   may count for several top-level categories when entries of each match it.
4. **Exclusions.** A match lying inside a match of one of its exclusion phrases (the entry's
   own, its category's or an ancestor's) is reported with ``counted=False``.
5. **Punctuation.** A phrase does not match across clause punctuation (. , ; : ! ? ، ؛ ؟ … and
   brackets): "finance, terrorism" is not "finance terrorism". Spaces, line breaks, quotes and
   numbers between its words do not stop it.
6. **Requirements.** A match in a category that ``requires`` others counts only when the unit
   holds a counted match of one of them (or of their sub-categories), within ``window`` tokens
   when a window is set (the number of tokens between the two matches).

Examples
--------
>>> from toolkit.frames.dictionary import Dictionary
>>> d = Dictionary.from_dict({"scope": ["إرهاب*", "terror*"],
...                           "financial": {"requires": ["scope"], "entries": ["تمويل*", "financing"]}})
>>> m = Matcher(d)
>>> [(h.category, h.surface, h.counted) for h in m.find("ندين تمويل الإرهاب والإرهابيين", "ar").hits]
[('financial', 'تمويل', True), ('scope', 'الإرهاب', True), ('scope', 'والإرهابيين', True)]
>>> [(h.surface, h.counted, h.reason) for h in m.find("Financing of schools.", "en").hits]
[('Financing', False, 'requires scope')]
"""

from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, product
from pathlib import Path
from typing import Any, NamedTuple

from toolkit.errors import DictionaryError
from toolkit.frames.dictionary import Dictionary, Entry, load_dictionary
from toolkit.frames.patterns import _FOLD_AR, TokenPattern, fold, split_pattern
from toolkit.text.normalization import UNDETERMINED_LANGUAGES, base_language
from toolkit.text.preprocess import Preprocessor
from toolkit.text.tokenization import iter_token_spans
from toolkit.text.tokenization import tokenizer

__all__ = ["Hit", "Matcher", "UnitMatch"]

_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")
# clause punctuation a phrase does not match across (quotes, hyphens, numbers and line breaks do not stop it)
_BARRIER = re.compile(r"[.,;:!?\u060c\u061b\u061f\u06d4()\[\]{}\u2026\u3002\uff0c\uff1b\uff1a]")
_LATIN_ACCENTED = re.compile(r"[\u00c0-\u024f\u0300-\u036f]")


def _chains() -> dict[str, bool]:
    """Proclitic chains (normalised, alef-unified spelling) and whether each ends in the article."""
    out: dict[str, bool] = {}
    for conj, prep, art in product(("", "و", "ف"), ("", "ب", "ك", "ل"), ("", "ال")):
        chain = conj + prep + art
        if not chain:
            continue
        if prep == "ل" and art:
            chain = conj + "لل"  # ل + ال is written لل
        out[chain] = bool(art)
    return out


# letters of a token form compared with the dictionary's word and prefix beginnings before analysis
_HEAD = 4
_CHAINS: dict[str, bool] = _chains()
_MAX_CHAIN = max(map(len, _CHAINS))


def proclitic_stems(form: str, *, include_self: bool = False) -> list[str]:
    """The forms an Arabic token may match through, besides itself (rule 2 above).

    >>> proclitic_stems("بالارهاب")
    ['الارهاب', 'ارهاب']
    >>> proclitic_stems("للارهاب")
    ['لارهاب', 'ارهاب', 'الارهاب']
    """
    out = [form] if include_self else []
    for k in range(1, min(_MAX_CHAIN, len(form) - 2) + 1):
        article = _CHAINS.get(form[:k])
        if article is None:
            continue
        stem = form[k:]
        for candidate in ((stem, "ال" + stem) if article else (stem,)):
            if candidate != form and candidate not in out:
                out.append(candidate)
    return out


def _clitic_forms(word: str) -> list[tuple[str, int, bool]]:
    """The written forms of an Arabic word (or glob prefix) behind each proclitic chain.

    Returns ``(form, letters to strip, add the article back)``: the inverse of
    :func:`proclitic_stems`, so that ``word`` is found in a token through one lookup.

    >>> [f for f, _, _ in _clitic_forms("الارهاب") if f.startswith("ل")]
    ['لالارهاب', 'للالارهاب', 'للارهاب']
    """
    if len(word) < 2 or not _ARABIC_LETTER.match(word):
        return []
    out = []
    for chain, article in _CHAINS.items():
        out.append((chain + word, len(chain), False))
        if article and word.startswith("ال") and len(word) >= 4:
            out.append((chain + word[2:], len(chain), True))
    return out


class Hit(NamedTuple):
    """One match of a dictionary entry in a text unit.

    ``start``/``end`` are token positions (end exclusive) among the unit's tokens;
    ``char_start``/``char_end`` locate ``surface`` in the unit's text. ``counted`` is False for a
    match inside an exclusion phrase or failing its category's requirement; ``reason`` says which.
    """

    category: str
    frame: str
    entry: str
    concept: str | None
    lang: str | None
    weight: float
    start: int
    end: int
    char_start: int
    char_end: int
    surface: str
    counted: bool
    reason: str


@dataclass
class UnitMatch:
    """The matches of a dictionary in one text unit (:meth:`Matcher.find`)."""

    text: str
    lang: str | None
    n_tokens: int
    hits: list[Hit]
    _matcher: Matcher = field(repr=False, compare=False)

    @property
    def tokens(self) -> list[tuple[str, int, int]]:
        """``(token, char_start, char_end)`` of every token the matcher counted, in order."""
        return self._matcher.tokens(self.text, self.lang)

    def counts(self, *, counted_only: bool = True) -> dict[str, int]:
        """Number of (counted) hits per category, parents including their sub-categories.

        >>> from toolkit.frames.dictionary import Dictionary
        >>> m = Matcher(Dictionary.from_dict({"military": {"ops": ["troops"], "intel": ["intelligence"]}}))
        >>> m.find("troops and intelligence and troops", "en").counts()
        {'military': 3, 'military/ops': 2, 'military/intel': 1}
        """
        out = dict.fromkeys(self._matcher.dictionary.categories, 0)
        for hit in self.hits:
            if hit.counted or not counted_only:
                for name in self._matcher._ancestry[hit.category]:
                    out[name] += 1
        return out

    def scores(self) -> dict[str, float]:
        """Sum of the weights of counted hits per category, parents including their sub-categories."""
        out = dict.fromkeys(self._matcher.dictionary.categories, 0.0)
        for hit in self.hits:
            if hit.counted:
                for name in self._matcher._ancestry[hit.category]:
                    out[name] += hit.weight
        return out


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


class _Node:
    """A node of a phrase trie: the phrases ending here, and the next token patterns."""

    __slots__ = ("children", "ends", "follow")

    def __init__(self) -> None:
        self.children: dict[int, _Node] = {}
        self.ends: list[int] = []
        self.follow: frozenset[int] = frozenset()  # the children's pattern ids, set on trie roots


def _phrases(nodes: Sequence[_Node], pos: int, tokens: Sequence[str], pids_of: Callable[..., Any],
             any_token: int | None, spans: _Spans) -> list[tuple[int, int]]:
    """``(id, end)`` of the phrases in the tries ``nodes`` that continue at ``pos + 1``.

    ``pids_of(token)`` gives the token patterns a token matches (None for none). A phrase
    crossing clause punctuation (rule 5) is left out.
    """
    n_tokens = len(tokens)
    found: list[tuple[int, int]] = []
    stack = [(node, pos + 1) for node in nodes]
    while stack:
        node, k = stack.pop()
        for ident in node.ends:
            found.append((ident, k))
        if k >= n_tokens or not node.children:
            continue
        children = node.children
        matched = pids_of(tokens[k])
        if matched is not None:
            if len(matched) < len(children):
                stack.extend((children[p], k + 1) for p in matched if p in children)
            else:
                stack.extend((child, k + 1) for p, child in children.items() if p in matched)
        if any_token is not None and any_token in children and (matched is None or any_token not in matched):
            stack.append((children[any_token], k + 1))
    return [(ident, end) for ident, end in found if end == pos + 1 or not spans.broken(pos, end)]


def _follow(nodes: Sequence[_Node]) -> frozenset[int]:
    """The token patterns that continue a phrase from any of ``nodes`` (trie roots)."""
    if len(nodes) == 1:
        return nodes[0].follow
    return frozenset().union(*(node.follow for node in nodes))


def _insert(trie: dict[int, _Node], ids: Sequence[int], ident: int) -> None:
    """Add phrase ``ident`` (pattern ids ``ids``, two or more) under its first pattern id."""
    node = trie.setdefault(ids[0], _Node())
    for pid in ids[1:]:
        node = node.children.setdefault(pid, _Node())
    node.ends.append(ident)


class _Spans:
    """Character spans of a unit's tokens, found left to right on demand.

    Tokens are substrings of the raw text in order (the matcher rewrites no clitic), so each is
    the next occurrence after the previous token. Only the tokens up to the last one asked for
    are located, so units without phrase matches or offsets cost nothing here.
    """

    __slots__ = ("ends", "starts", "text", "tokens")

    def __init__(self, text: str, tokens: Sequence[str]) -> None:
        self.text, self.tokens = text, tokens
        self.starts: list[int] = []
        self.ends: list[int] = []

    def __call__(self, index: int) -> tuple[int, int]:
        starts = self.starts
        done = len(starts)
        if done <= index:
            ends, tokens, find = self.ends, self.tokens, self.text.find
            add_start, add_end = starts.append, ends.append
            pos = ends[-1] if done else 0
            for token in tokens[done:index + 1]:
                start = find(token, pos)
                if start < 0:
                    raise RuntimeError(f"token {token!r} not found after offset {pos}: the tokens do not come "
                                       "from this text (please report this as a bug)")
                pos = start + len(token)
                add_start(start)
                add_end(pos)
        return starts[index], self.ends[index]

    def broken(self, start: int, end: int) -> bool:
        """True when clause punctuation separates two consecutive tokens of ``start..end-1``."""
        self(end - 1)
        search = _BARRIER.search
        return any(search(self.text, self.ends[k], self.starts[k + 1]) for k in range(start, end - 1))


def _base(lang: str | None) -> str | None:
    """The language part of a code ("fr-CA" -> "fr"); None for no code or an undetermined one ("und")."""
    base = base_language(lang)
    return None if base in UNDETERMINED_LANGUAGES else base


class Matcher:
    """A dictionary compiled for matching, with a per-language cache of analysed token types.

    Parameters
    ----------
    dictionary : Dictionary, str or path
        A :class:`~toolkit.frames.dictionary.Dictionary`, a built-in name or a dictionary file.
    preprocessor : Preprocessor, optional
        Normalisation and tokenisation options (default ``Preprocessor()``). Its stop-word and
        stemming settings are ignored: entries are written as words, and phrases need every word.

    Notes
    -----
    Texts in a language are matched against the entries without a language and those of that
    language; a text without a language (None, or an undetermined code such as "und" or "mul")
    against every entry. The caches grow with the number of
    distinct tokens seen; :meth:`clear_cache` empties them.

    Speed comes from doing per token only what runs in C: tokenising, one set difference for
    the token types not analysed yet, one dictionary membership test per token for the entry
    starts. A new token type is normalised with the others of its text in one call, and
    analysed in Python only when its first letters are those of a word or a proclitic/glob
    prefix of the dictionary (a set lookup, in C); the letters of a type are then walked only as
    long as some prefix goes on like them. A phrase is followed from its first word only when
    the next token matches a pattern that continues it; exclusion phrases are looked for only
    in the few tokens before a candidate they could cover.

    Examples
    --------
    >>> m = Matcher(Dictionary.from_dict({"financial": ["financing of terror*", "money launder*"]}))
    >>> hit = m.find("On the financing of terrorism and money-laundering.", "en").hits[0]
    >>> hit.entry, hit.surface, (hit.start, hit.end)
    ('financing of terror*', 'financing of terrorism', (2, 5))
    """

    def __init__(self, dictionary: Dictionary | str | Path, preprocessor: Preprocessor | None = None) -> None:
        self.dictionary = load_dictionary(dictionary)
        self.preprocessor = Preprocessor() if preprocessor is None else preprocessor
        if not isinstance(self.preprocessor, Preprocessor):
            raise TypeError(f"preprocessor must be a toolkit.text.Preprocessor, got {type(self.preprocessor).__name__}")
        self._compiled: dict[str | None, _Compiled] = {}
        self._by_code: dict[str | None, _Compiled] = {}
        names = list(self.dictionary.categories)
        self._ancestry = {n: tuple("/".join(n.split("/")[:i]) for i in range(1, n.count("/") + 2)) for n in names}
        self._requires: dict[str, tuple[frozenset[str], int | None]] = {}
        self._reasons: dict[str, str] = {}
        for name in names:
            reqs, window = self.dictionary.effective_requires(name)
            targets = frozenset(t for r in reqs for t in (r, *self.dictionary.descendants(r)))
            self._requires[name] = (targets, window)
            self._reasons[name] = "requires " + ", ".join(reqs) if reqs else ""
        # each language is compiled on first use (the dictionary itself was validated when built)

    def _compile(self, lang: str | None) -> _Compiled:
        compiled = self._by_code.get(lang)  # the codes as given ("ar", "ar-EG", None), each looked up once
        if compiled is None:
            key = _base(lang)
            compiled = self._compiled.get(key)
            if compiled is None:
                compiled = self._compiled[key] = _Compiled(self, key)
            self._by_code[lang] = compiled
        return compiled

    def clear_cache(self) -> None:
        """Forget the analysed token types (the compiled patterns are kept)."""
        for compiled in self._compiled.values():
            compiled.cache.clear()
            compiled.seen.clear()
            compiled.pids.clear()
            compiled.exclusion_starts.clear()

    def __repr__(self) -> str:
        return f"Matcher({self.dictionary!r}, {self.preprocessor!r})"

    # ---------------------------------------------------------------- tokens
    def tokens(self, text: str, lang: str | None = None) -> list[tuple[str, int, int]]:
        """``(token, char_start, char_end)`` of the tokens the matcher counts in ``text``.

        >>> Matcher(Dictionary.from_dict({"x": ["y"]})).tokens("Le 11 septembre, l'État.", "fr")
        [('Le', 0, 2), ('septembre', 6, 15), ("l'", 17, 19), ('État', 19, 23)]
        """
        compiled = self._compile(self.preprocessor.lang if lang is None else lang)
        tokens = compiled.tokenize(text)
        spans = _Spans(text, tokens)
        return [(token, *spans(i)) for i, token in enumerate(tokens)]

    # ---------------------------------------------------------------- matching
    def find(self, text: str, lang: str | None = None, *, offsets: bool = True) -> UnitMatch:
        """Every match of the dictionary in one text unit.

        Parameters
        ----------
        text : str
            The unit's raw text (it is normalised and tokenised here).
        lang : str, optional
            The unit's language (default: the preprocessor's).
        offsets : bool, default True
            Locate each hit in ``text`` (``char_start``, ``char_end``, ``surface``). Counting
            does not need it; without it those are -1, -1 and the hit's tokens joined by spaces,
            and long units are matched faster.

        Returns
        -------
        UnitMatch
            ``n_tokens`` and the :class:`Hit` list, ordered by position then dictionary order.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        lang = self.preprocessor.lang if lang is None else lang
        compiled = self._compile(lang)
        tokens = compiled.tokenize(text)
        new = set(tokens).difference(compiled.seen)  # in C; one lookup per distinct token
        if new:
            compiled.learn(new)
        # the positions of tokens that start an entry (a small dict: the lookups stay in cache)
        positions = list(compress(range(len(tokens)), map(compiled.cache.__contains__, tokens)))
        hits = self._resolve(compiled, text, tokens, positions, offsets) if positions else []
        return UnitMatch(text, lang, len(tokens), hits, self)

    def _resolve(self, compiled: _Compiled, text: str, tokens: Sequence[str], positions: Sequence[int],
                 offsets: bool) -> list[Hit]:
        cache, pids_of = compiled.cache, compiled.pids.get
        any_token = compiled.any_token
        n_tokens = len(tokens)
        last = n_tokens - 1
        spans = _Spans(text, tokens)  # located lazily: costs nothing unless a phrase or an offset asks
        candidates: list[tuple[int, int, int]] = []  # (entry index, start, end)
        add = candidates.append
        for pos in positions:
            single, nodes, wild, follow = cache[tokens[pos]]
            for e in single:
                add((e, pos, pos + 1))
            # most phrase starts ("in", "بعد") are followed by a token that continues none of their phrases
            if nodes and pos < last and (wild or not follow.isdisjoint(pids_of(tokens[pos + 1], ()))):
                for e, end in _phrases(nodes, pos, tokens, pids_of, any_token, spans):
                    add((e, pos, end))
        if not candidates:
            return []
        entries = compiled.entries
        # exclusions first: a candidate inside one of its exclusion phrases does not count; an
        # exclusion covering [start, end) starts at most max_exclusion - 1 tokens before it
        excluded: dict[tuple[int, int, int], str] = {}
        entry_exclusions = compiled.entry_exclusions
        checked = [c for c in candidates if entry_exclusions[c[0]]] if compiled.max_exclusion else ()
        if checked:
            starts_of = compiled.exclusion_starts
            exclusions, reach = compiled.exclusions, compiled.max_exclusion
            # the positions where an exclusion phrase may start, looked up (in C) only in the
            # windows where one could cover a candidate: [end - reach, start], merged
            windows = sorted((max(0, end - reach), start + 1) for _, start, end in checked)
            excl_pos: list[int] = []
            lo, hi = windows[0]
            for w_lo, w_hi in windows[1:]:
                if w_lo > hi:
                    excl_pos += compress(range(lo, hi), map(starts_of.__contains__, tokens[lo:hi]))
                    lo = w_lo
                hi = max(hi, w_hi)
            excl_pos += compress(range(lo, hi), map(starts_of.__contains__, tokens[lo:hi]))
            found_at: dict[int, list[tuple[int, int]]] = {}
            for cand in checked if excl_pos else ():
                e, start, end = cand
                allowed = entry_exclusions[e]
                for p in excl_pos[bisect_left(excl_pos, end - reach):bisect_right(excl_pos, start)]:
                    found = found_at.get(p)
                    if found is None:
                        nodes, now, follow = starts_of[tokens[p]]
                        found = found_at[p] = _phrases(nodes, p, tokens, pids_of, any_token, spans) if now or (
                            p < last and not follow.isdisjoint(pids_of(tokens[p + 1], ()))) else []
                    for x, x_end in found:
                        if x_end >= end and x in allowed:
                            excluded[cand] = f"excluded by {exclusions[x][0]!r}"
                            break
                    if cand in excluded:
                        break
        if len(candidates) == 1:
            kept = candidates
        else:
            # longest match wins within a top-level category
            order = sorted(candidates, key=lambda c: (c in excluded, c[1] - c[2], c[1], c[0]))
            taken: dict[str, set[int]] = {}
            kept = []
            for cand in order:
                e, start, end = cand
                frame = entries[e][1]
                used = taken.get(frame)
                if used is None:
                    used = taken[frame] = set()
                elif start in used or (end - start > 1 and not used.isdisjoint(range(start + 1, end))):
                    continue
                if cand not in excluded:
                    used.update(range(start, end))
                kept.append(cand)
            kept.sort(key=lambda c: (c[1], c[0]))
        status = self._requirements(entries, kept, excluded)
        heads = compiled.hit_heads
        new_hit = tuple.__new__
        hits = []
        for cand in kept:
            e, start, end = cand
            if offsets:
                cs, ce = spans(start)[0], spans(end - 1)[1]
                surface = text[cs:ce]
            else:
                cs = ce = -1
                surface = tokens[start] if end - start == 1 else " ".join(tokens[start:end])
            reason = status[cand]
            hits.append(new_hit(Hit, (*heads[e], start, end, cs, ce, surface, not reason, reason)))
        return hits

    def _requirements(self, entries: Sequence[tuple[str, str, Entry, tuple[int, ...]]],
                      kept: Sequence[tuple[int, int, int]],
                      excluded: dict[tuple[int, int, int], str]) -> dict[tuple[int, int, int], str]:
        """Reason each kept candidate does not count ("" when it does): rules 4 and 6."""
        requires, reasons = self._requires, self._reasons
        status: dict[tuple[int, int, int], str] = {}
        counted: dict[str, list[tuple[int, int, int]]] = {}  # category -> its counted candidates
        pending = []
        for cand in kept:
            if cand in excluded:
                status[cand] = excluded[cand]
                continue
            category = entries[cand[0]][0]
            targets, window = requires[category]
            if targets:
                pending.append((cand, category, targets, window))
                status[cand] = reasons[category]
            else:
                status[cand] = ""
                counted.setdefault(category, []).append(cand)
        while pending:  # requirement chains resolve in at most len(categories) rounds
            waiting = []
            for item in pending:
                cand, category, targets, window = item
                met = False
                for target in targets.intersection(counted):
                    met = window is None or any(max(o[1] - cand[2], cand[1] - o[2], 0) <= window
                                                for o in counted[target])
                    if met:
                        break
                if met:
                    status[cand] = ""
                    counted.setdefault(category, []).append(cand)
                else:
                    waiting.append(item)
            if len(waiting) == len(pending):
                break
            pending = waiting
        return status

    def find_all(self, texts: Iterable[str], langs: Iterable[str | None] | None = None) -> list[UnitMatch]:
        """:meth:`find` over several units (``langs`` aligned with ``texts``)."""
        texts = list(texts)
        langs = [None] * len(texts) if langs is None else list(langs)
        if len(langs) != len(texts):
            raise ValueError(f"texts and langs differ in length ({len(texts)} and {len(langs)})")
        return [self.find(t, lang) for t, lang in zip(texts, langs)]
