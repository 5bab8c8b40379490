"""Find a dictionary's entries in a text: globs, phrases, Arabic proclitics, exclusions, scope.

A :class:`Matcher` is compiled once for a :class:`~toolkit.frames.dictionary.Dictionary` and a
:class:`~toolkit.text.Preprocessor`, then applied to one text unit at a time
(:meth:`Matcher.find`). The text is tokenised with the preprocessor's options (words only, unless
it keeps numbers or punctuation; stop words are never removed for matching) and every distinct
token is analysed once, so the cost per token is one dictionary lookup.

The per-language compiled dictionary lives in :mod:`toolkit.frames.compiled`, the phrase tries
and token spans in :mod:`toolkit.frames.phrases`, the Arabic proclitic chains (and
:func:`proclitic_stems`, re-exported here) in :mod:`toolkit.frames.proclitics`.

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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from toolkit.frames.compiled import _base, _Compiled
from toolkit.frames.dictionary import Dictionary, Entry, load_dictionary
from toolkit.frames.phrases import _phrases, _Spans
from toolkit.frames.proclitics import proclitic_stems
from toolkit.text.preprocess import Preprocessor

__all__ = ["Hit", "Matcher", "UnitMatch", "proclitic_stems"]


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
