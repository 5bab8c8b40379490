"""Phrase tries and token spans: following a dictionary's phrases through a unit's tokens.

:class:`_Node` and :func:`_insert` build the tries of a compiled dictionary's phrases (keyed by
token-pattern ids), :func:`_phrases` follows them from a token and :func:`_follow` gives the
patterns that continue them. :class:`_Spans` locates a unit's tokens in its text on demand, and
tells whether clause punctuation separates them (rule 5 of :mod:`toolkit.frames.matcher`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

# clause punctuation a phrase does not match across (quotes, hyphens, numbers and line breaks do not stop it)
_BARRIER = re.compile(r"[.,;:!?\u060c\u061b\u061f\u06d4()\[\]{}\u2026\u3002\uff0c\uff1b\uff1a]")


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

