"""Frame dictionaries: categories (nested by ``/``) of weighted word, glob and phrase entries.

A :class:`Dictionary` maps category paths (``military``, ``military/operations``) to
:class:`Category` objects holding :class:`Entry` objects. It is immutable and validated when it
is built: every problem is reported as a :class:`toolkit.errors.DictionaryError` naming the file
and line when the dictionary came from one.

Beyond the word lists of quanteda or LIWC, a category may say

* ``requires``: its hits count only in a text unit that also has a counted hit of another
  category (for example ``scope/terrorism``: a military word counts only where terrorism is in
  question), optionally within ``window`` tokens;
* ``exclude``: phrases inside which its entries' matches do not count (proper names such as
  "the Islamic Military Coalition to Counter Terrorism");
* ``threshold``: the weighted score from which :func:`toolkit.frames.assign` calls the frame
  present.

Entries carry a ``weight`` (default 1), an optional language, exclusions of their own, a
``concept`` id linking translations of one idea across languages, and a ``rationale``.

Examples
--------
>>> d = Dictionary.from_dict({
...     "financial": {"entries": [{"en": ["financing of terror*", "money launder*"], "concept": "fin"}]},
...     "media": ["propaganda", "social media"],
... })
>>> d.frames
('financial', 'media')
>>> [(c, e.pattern, e.lang) for c, e in d.entries()]
[('financial', 'financing of terror*', 'en'), ('financial', 'money launder*', 'en'), ('media', 'propaganda', None), ('media', 'social media', None)]
>>> Dictionary.from_dict({"military": {"requires": ["scope"], "entries": ["troops"]}})
Traceback (most recent call last):
...
toolkit.errors.DictionaryError: category 'military' requires unknown category 'scope'; known categories: military
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from toolkit.errors import DictionaryError
from toolkit.frames.patterns import check_pattern
from toolkit.yamlio import LINE_KEY

__all__ = ["Category", "Dictionary", "Entry", "builtin_dictionaries", "load_dictionary"]

#: keys of a category mapping in the toolkit YAML format that are not sub-categories
RESERVED = frozenset({"description", "entries", "requires", "window", "exclude", "threshold"})
#: the entry keys of the toolkit YAML format
ENTRY_KEYS = frozenset({"pattern", "lang", "weight", "exclude", "concept", "rationale"})
_LANG_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Entry:
    """One dictionary entry: a word, glob or phrase (see :mod:`toolkit.frames.patterns`).

    Parameters
    ----------
    pattern : str
        As written, e.g. ``"terror*"``, ``"financing of terrorism"``, ``"تجفيف منابع"``.
    lang : str, optional
        Language the entry applies to ("ar", "fr", "en"); None applies it to every language.
    weight : float
        Contribution of one hit to the category's weighted score.
    exclude : tuple of str
        Phrases (pattern syntax, same language) inside which a hit of this entry does not count.
    concept : str, optional
        Cross-language concept id: the Arabic, French and English entries of one idea share it.
    rationale : str, optional
        Why the entry belongs to the category.
    line : int, optional
        Line of the entry in its source file (for error messages; not part of equality).

    >>> Entry("terror*", lang="en").weight
    1.0
    """

    pattern: str
    lang: str | None = None
    weight: float = 1.0
    exclude: tuple[str, ...] = ()
    concept: str | None = None
    rationale: str | None = None
    line: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.exclude, str):
            object.__setattr__(self, "exclude", (self.exclude,))
        else:
            object.__setattr__(self, "exclude", tuple(self.exclude))
        if isinstance(self.weight, int) and not isinstance(self.weight, bool):
            object.__setattr__(self, "weight", float(self.weight))

    def problem(self) -> str | None:
        """What is wrong with this entry, or None."""
        problem = check_pattern(self.pattern)
        if problem:
            return problem
        if self.lang is not None and not (isinstance(self.lang, str) and self.lang.strip()):
            return f"entry {self.pattern!r}: lang must be a language code such as 'ar' or empty, got {self.lang!r}"
        if isinstance(self.weight, bool) or not isinstance(self.weight, float) or not math.isfinite(self.weight):
            return f"entry {self.pattern!r}: weight must be a finite number, got {self.weight!r}"
        for phrase in self.exclude:
            problem = check_pattern(phrase)
            if problem:
                return f"exclusion of entry {self.pattern!r}: {problem}"
        return None

    def to_dict(self) -> dict[str, Any]:
        """The entry as a mapping (defaults left out)."""
        return _without_defaults({"pattern": self.pattern, "lang": self.lang,
                                  "weight": None if self.weight == 1.0 else self.weight,
                                  "exclude": list(self.exclude), "concept": self.concept,
                                  "rationale": self.rationale})


@dataclass(frozen=True)
class Category:
    """A category of a :class:`Dictionary`; its ``name`` is the full path (``military/operations``).

    ``requires``, ``window`` and ``exclude`` also apply to the sub-categories (see
    :meth:`Dictionary.effective_requires`). ``threshold`` matters for top-level frames.
    """

    name: str
    entries: tuple[Entry, ...] = ()
    description: str | None = None
    requires: tuple[str, ...] = ()
    window: int | None = None
    exclude: tuple[Entry, ...] = ()
    threshold: float | None = None
    line: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))
        object.__setattr__(self, "requires", (self.requires,) if isinstance(self.requires, str)
                           else tuple(self.requires))
        object.__setattr__(self, "exclude", tuple(e if isinstance(e, Entry) else Entry(e) for e in self.exclude))

    @property
    def parent(self) -> str | None:
        """The parent path, or None for a top-level category."""
        return self.name.rpartition("/")[0] or None

    @property
    def top(self) -> str:
        """The top-level category this one belongs to."""
        return self.name.split("/", 1)[0]


def _without_defaults(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` without the settings left at their default (None or empty)."""
    return {k: v for k, v in values.items() if v is not None and v != []}


def _error(message: str, path: str | None, line: int | None) -> DictionaryError:
    return DictionaryError(message, path=path, line=line)


class Dictionary:
    """An immutable, validated frame dictionary.

    Parameters
    ----------
    categories : iterable of Category
        In order; parent categories are created (empty) when only their children are given.
    name, version, description : str, optional
    frames : sequence of str, optional
        The top-level categories that are frames (what :func:`toolkit.frames.assign` decides).
        Default: every top-level category. Others (such as a ``scope`` category) are counted but
        not assigned.
    path : str, optional
        The file the dictionary came from (for error messages and provenance).

    Raises
    ------
    DictionaryError
        Empty or malformed pattern (unbalanced glob), bad weight or language, duplicate category
        or entry, unknown or circular ``requires``, bad ``window`` or ``threshold``, a frame that
        is not a top-level category.

    Examples
    --------
    >>> d = Dictionary([Category("military/operations", (Entry("troops"),)), Category("media", (Entry("propaganda"),))])
    >>> list(d.categories)
    ['military', 'military/operations', 'media']
    >>> d.children("military"), d.parent("military/operations"), d.leaves
    (('military/operations',), 'military', ('military/operations', 'media'))
    """

    def __init__(self, categories: Iterable[Category], *, name: str | None = None, version: str | None = None,
                 description: str | None = None, frames: Sequence[str] | None = None,
                 path: str | Path | None = None) -> None:
        self._path = str(path) if path is not None else None
        self.name = name
        self.version = None if version is None else str(version)
        self.description = description
        cats: dict[str, Category] = {}
        placeholders: set[str] = set()  # parents created for their children, not (yet) given
        for cat in categories:
            if not isinstance(cat, Category):
                raise TypeError(f"categories must be Category objects, got {type(cat).__name__}")
            self._check_name(cat)
            if cat.name in cats and cat.name not in placeholders:
                raise _error(f"duplicate category {cat.name!r}", self._path, cat.line)
            placeholders.discard(cat.name)
            parts = cat.name.split("/")
            for i in range(1, len(parts)):
                parent = "/".join(parts[:i])
                if parent not in cats:
                    cats[parent] = Category(parent)
                    placeholders.add(parent)
            cats[cat.name] = cat
        if not cats:
            raise _error("the dictionary has no categories", self._path, None)
        self._categories = cats
        self._view = MappingProxyType(cats)
        tops = tuple(n for n in cats if "/" not in n)
        if frames is None:
            self.frames = tops
        else:
            frames = (frames,) if isinstance(frames, str) else tuple(frames)
            for frame in frames:
                if frame not in tops:
                    raise _error(f"frame {frame!r} is not a top-level category; top-level categories: "
                                 f"{', '.join(tops)}", self._path, None)
            self.frames = frames
        self._validate()

    # ------------------------------------------------------------------ validation
    def _check_name(self, cat: Category) -> None:
        if not isinstance(cat.name, str) or not cat.name.strip() or any(
                not part.strip() or part != part.strip() for part in cat.name.split("/")):
            raise _error(f"invalid category name {cat.name!r}: use names such as 'military' or "
                         "'military/operations' (no empty parts, no surrounding spaces)", self._path, cat.line)
        reserved = [part for part in cat.name.split("/") if part in RESERVED or part == LINE_KEY]
        if reserved:
            raise _error(f"invalid category name {cat.name!r}: {reserved[0]!r} is a setting of the dictionary "
                         f"format ({', '.join(sorted(RESERVED))}); rename the category", self._path, cat.line)

    def _validate(self) -> None:
        for cat in self._categories.values():
            seen: set[tuple[str, str | None]] = set()
            for entry in cat.entries:
                problem = entry.problem()
                if problem:
                    raise _error(f"category {cat.name!r}: {problem}", self._path, entry.line or cat.line)
                key = (entry.pattern, entry.lang)
                if key in seen:
                    raise _error(f"category {cat.name!r}: duplicate entry {entry.pattern!r}"
                                 + (f" (lang {entry.lang})" if entry.lang else ""), self._path,
                                 entry.line or cat.line)
                seen.add(key)
            for entry in cat.exclude:
                problem = entry.problem()
                if problem:
                    raise _error(f"exclusion in category {cat.name!r}: {problem}", self._path, entry.line or cat.line)
            for req in cat.requires:
                if req not in self._categories:
                    raise _error(f"category {cat.name!r} requires unknown category {req!r}; known categories: "
                                 f"{', '.join(self._categories)}", self._path, cat.line)
                if req == cat.name or req.startswith(cat.name + "/") or cat.name.startswith(req + "/"):
                    raise _error(f"category {cat.name!r} cannot require itself, its parent or its "
                                 f"sub-category {req!r}", self._path, cat.line)
            if cat.window is not None and (isinstance(cat.window, bool) or not isinstance(cat.window, int)
                                           or cat.window < 0):
                raise _error(f"category {cat.name!r}: window must be a number of tokens >= 0 or empty, "
                             f"got {cat.window!r}", self._path, cat.line)
            if cat.threshold is not None and (isinstance(cat.threshold, bool)
                                              or not isinstance(cat.threshold, (int, float))
                                              or not math.isfinite(cat.threshold) or cat.threshold <= 0):
                raise _error(f"category {cat.name!r}: threshold must be a positive number, got {cat.threshold!r}",
                             self._path, cat.line)
        self._check_cycles()

    def _check_cycles(self) -> None:
        state: dict[str, int] = {}

        def visit(name: str, trail: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = " -> ".join(trail[trail.index(name):] + [name])
                raise _error(f"circular requires: {cycle}", self._path, self._categories[name].line)
            state[name] = 1
            for req in self.effective_requires(name)[0]:
                for target in (req, *self.descendants(req)):
                    visit(target, trail + [name])
            state[name] = 2

        for name in self._categories:
            visit(name, [])

    # ------------------------------------------------------------------ structure
    @property
    def path(self) -> str | None:
        """The file this dictionary was read from, if any."""
        return self._path

    @property
    def categories(self) -> Mapping[str, Category]:
        """Every category by path, parents before their children (a read-only view)."""
        return self._view

    @property
    def top_level(self) -> tuple[str, ...]:
        """The top-level categories, in order."""
        return tuple(n for n in self._categories if "/" not in n)

    @property
    def leaves(self) -> tuple[str, ...]:
        """Categories without sub-categories, in order."""
        return tuple(n for n in self._categories if not self.children(n))

    def children(self, name: str) -> tuple[str, ...]:
        """The direct sub-categories of ``name``."""
        self._known(name)
        prefix = name + "/"
        return tuple(n for n in self._categories if n.startswith(prefix) and "/" not in n[len(prefix):])

    def descendants(self, name: str) -> tuple[str, ...]:
        """Every sub-category of ``name``, at any depth."""
        self._known(name)
        prefix = name + "/"
        return tuple(n for n in self._categories if n.startswith(prefix))

    def parent(self, name: str) -> str | None:
        """The parent of ``name`` (None for a top-level category)."""
        return self._known(name).parent

    def _known(self, name: str) -> Category:
        try:
            return self._categories[name]
        except KeyError:
            raise KeyError(f"unknown category {name!r}; categories: {', '.join(self._categories)}") from None

    def _lineage(self, name: str) -> list[Category]:
        cat = self._known(name)
        chain = [cat]
        while chain[-1].parent is not None:
            chain.append(self._categories[chain[-1].parent])
        return chain

    def effective_requires(self, name: str) -> tuple[tuple[str, ...], int | None]:
        """The ``requires`` list and ``window`` in force for ``name``: its own, else its nearest ancestor's.

        >>> d = Dictionary.from_dict({"scope": ["terror*"], "military": {"requires": ["scope"], "ops": ["troops"]}})
        >>> d.effective_requires("military/ops")
        (('scope',), None)
        """
        for cat in self._lineage(name):
            if cat.requires:
                return cat.requires, cat.window
        return (), None

    def effective_exclude(self, name: str) -> tuple[Entry, ...]:
        """The exclusion phrases of ``name`` and of all its ancestors."""
        return tuple(e for cat in self._lineage(name) for e in cat.exclude)

    def entries(self, name: str | None = None) -> Iterator[tuple[str, Entry]]:
        """``(category path, entry)`` pairs, in dictionary order; only under ``name`` if given."""
        for cat_name, cat in self._categories.items():
            if name is None or cat_name == name or cat_name.startswith(name + "/"):
                for entry in cat.entries:
                    yield cat_name, entry

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages entries are written for (entries without one are not listed)."""
        return tuple(sorted({e.lang for _, e in self.entries() if e.lang}))

    @property
    def thresholds(self) -> dict[str, float]:
        """The assignment threshold of each frame (1.0 unless the dictionary sets one)."""
        return {f: float(self._categories[f].threshold or 1.0) for f in self.frames}

    def __len__(self) -> int:
        return sum(len(c.entries) for c in self._categories.values())

    # ------------------------------------------------------------------ identity
    def to_dict(self) -> dict[str, Any]:
        """The dictionary in the toolkit YAML layout (``toolkit_dictionary: 1``), as plain data."""
        tree: dict[str, Any] = {}
        for name, cat in self._categories.items():
            node = tree
            for part in name.split("/"):
                node = node.setdefault(part, {})
            node.update(_without_defaults({
                "description": cat.description, "requires": list(cat.requires), "window": cat.window,
                "threshold": cat.threshold, "exclude": [e.to_dict() for e in cat.exclude],
                "entries": [e.to_dict() for e in cat.entries]}))
        out: dict[str, Any] = {"toolkit_dictionary": 1}
        for key in ("name", "version", "description"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["frames"] = list(self.frames)
        out["categories"] = tree
        return out

    @property
    def fingerprint(self) -> str:
        """16 hex digits of SHA-256 over :meth:`to_dict` (content, not the file it came from)."""
        blob = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dictionary) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        return (f"Dictionary({label}{len(self._categories)} categories, {len(self)} entries, "
                f"frames={list(self.frames)})")

    # ------------------------------------------------------------------ building
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str | Path | None = None) -> Dictionary:
        """Build from the toolkit YAML layout, or from a plain quanteda-style nested mapping.

        The toolkit layout has ``toolkit_dictionary: 1`` and ``categories``; any other mapping is
        read as quanteda's: keys are categories, values are lists of patterns or nested mappings.
        Inside a category mapping, ``description``, ``entries``, ``requires``, ``window``,
        ``exclude`` and ``threshold`` are settings; other keys are sub-categories. An entry is a
        string, or a mapping with ``pattern`` (or language keys ``ar``/``en``/``fr``/... holding
        a list of patterns, one entry each) and optional ``lang``, ``weight``, ``exclude``,
        ``concept``, ``rationale``.

        >>> d = Dictionary.from_dict({"toolkit_dictionary": 1, "name": "t", "categories": {
        ...     "media": {"threshold": 2, "entries": [{"ar": ["إعلام*"], "en": ["media"], "weight": 0.5}]}}})
        >>> [(e.pattern, e.lang, e.weight) for _, e in d.entries()], d.thresholds
        ([('إعلام*', 'ar', 0.5), ('media', 'en', 0.5)], {'media': 2.0})
        """
        path = str(path) if path is not None else None
        if not isinstance(data, Mapping):
            raise _error(f"a dictionary must be a mapping of categories, got {type(data).__name__}", path, None)
        if "toolkit_dictionary" in data:
            if data["toolkit_dictionary"] != 1:
                raise _error(f"unsupported toolkit_dictionary version {data['toolkit_dictionary']!r} (this "
                             "toolkit reads version 1)", path, data.get(LINE_KEY))
            unknown = set(data) - {"toolkit_dictionary", "name", "version", "description", "frames",
                                   "categories", LINE_KEY}
            if unknown:
                raise _error(f"unknown top-level keys {sorted(unknown)}; expected toolkit_dictionary, name, "
                             "version, description, frames, categories", path, data.get(LINE_KEY))
            tree = data.get("categories")
            if not isinstance(tree, Mapping):
                raise _error("'categories' must be a mapping of category names", path, data.get(LINE_KEY))
            meta = {k: data.get(k) for k in ("name", "version", "description", "frames")}
        else:
            tree, meta = data, {}
        cats: list[Category] = []
        for key, value in tree.items():
            if key == LINE_KEY:
                continue
            _read_category(str(key), value, cats, path, tree.get(LINE_KEY))
        return cls(cats, path=path, **meta)

    @classmethod
    def load(cls, name_or_path: str | Path) -> Dictionary:
        """Shorthand for :func:`load_dictionary`."""
        return load_dictionary(name_or_path)


def _line(node: object, default: int | None) -> int | None:
    return node.get(LINE_KEY, default) if isinstance(node, Mapping) else default


def _read_entries(items: object, where: str, path: str | None, line: int | None) -> list[Entry]:
    if isinstance(items, (str, Mapping)):
        items = [items]
    if not isinstance(items, list):
        raise _error(f"{where}: entries must be a list of patterns or entry mappings, got "
                     f"{type(items).__name__}", path, line)
    out: list[Entry] = []
    for item in items:
        if isinstance(item, str):
            out.append(Entry(item, line=line))
            continue
        if not isinstance(item, Mapping):
            raise _error(f"{where}: an entry must be a string or a mapping, got {type(item).__name__} {item!r}",
                         path, line)
        item_line = _line(item, line)
        common = {k: v for k, v in item.items() if k in ENTRY_KEYS and k != "pattern"}
        langs = {k: v for k, v in item.items() if k not in ENTRY_KEYS and k != LINE_KEY}
        if "weight" in common and (isinstance(common["weight"], bool)
                                   or not isinstance(common["weight"], (int, float))):
            raise _error(f"{where}: weight must be a number, got {common['weight']!r}", path, item_line)
        bad = [k for k in langs if not (isinstance(k, str) and _LANG_CODE.fullmatch(k))]
        if bad:
            raise _error(f"{where}: unknown entry keys {bad}; an entry has pattern (or language keys such as "
                         f"ar/en/fr), lang, weight, exclude, concept, rationale", path, item_line)
        exclude = common.pop("exclude", ())
        patterns: list[tuple[str | None, object]] = []
        if "pattern" in item:
            patterns.append((common.pop("lang", None), item["pattern"]))
        for lang, values in langs.items():
            for value in (values if isinstance(values, list) else [values]):
                patterns.append((lang, value))
        if not patterns:
            raise _error(f"{where}: entry has no pattern (give 'pattern' or language keys such as ar/en/fr)",
                         path, item_line)
        common.pop("lang", None)
        for lang, pattern in patterns:
            out.append(Entry(pattern, lang=lang, exclude=_exclusions(exclude, lang, where, path, item_line),
                             line=item_line, **common))
    return out


def _exclusions(value: object, lang: str | None, where: str, path: str | None, line: int | None) -> tuple[str, ...]:
    """Per-entry exclusions: a list of phrases, or a mapping lang -> phrases (only ``lang``'s kept)."""
    if value is None or value == ():
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, Mapping):
        picked = value.get(lang, []) if lang else [p for k, v in value.items() if k != LINE_KEY
                                                    for p in (v if isinstance(v, list) else [v])]
        return tuple(picked if isinstance(picked, list) else [picked])
    raise _error(f"{where}: exclude must be a list of phrases or a mapping language -> phrases", path, line)


def _read_category(name: str, value: object, out: list[Category], path: str | None, line: int | None) -> None:
    line = _line(value, line)
    if isinstance(value, (list, str)) or value is None:
        out.append(Category(name, tuple(_read_entries(value or [], f"category {name!r}", path, line)), line=line))
        return
    if not isinstance(value, Mapping):
        raise _error(f"category {name!r}: expected a list of patterns or a mapping, got {type(value).__name__}",
                     path, line)
    settings = {k: value[k] for k in RESERVED if k in value}
    exclude = settings.pop("exclude", [])
    excl_entries = _read_entries(exclude, f"exclusions of category {name!r}", path, line) if exclude else []
    entries = _read_entries(settings.pop("entries", []), f"category {name!r}", path, line)
    requires = settings.pop("requires", ())
    if isinstance(requires, str):
        requires = (requires,)
    if not isinstance(requires, (list, tuple)):
        raise _error(f"category {name!r}: requires must be a list of category names", path, line)
    out.append(Category(name, tuple(entries), description=settings.get("description"), requires=tuple(requires),
                        window=settings.get("window"), exclude=tuple(excl_entries),
                        threshold=settings.get("threshold"), line=line))
    for key, sub in value.items():
        if key in RESERVED or key == LINE_KEY:
            continue
        _read_category(f"{name}/{key}", sub, out, path, line)


# ---------------------------------------------------------------------- built-in dictionaries
def builtin_dictionaries() -> tuple[str, ...]:
    """Names of the dictionaries shipped with the toolkit.

    >>> "terrorism_frames" in builtin_dictionaries()
    True
    """
    folder = resources.files("toolkit.data") / "dictionaries"
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".yml")))


def load_dictionary(name_or_path: str | Path | Dictionary) -> Dictionary:
    """A built-in dictionary by name, or a dictionary file (YAML, LIWC ``.dic``, CSV).

    >>> load_dictionary("terrorism_frames").frames
    ('military', 'ideological', 'media', 'financial')
    """
    if isinstance(name_or_path, Dictionary):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, str) and "/" not in text and "\\" not in text and "." not in text:
        if text not in builtin_dictionaries():
            raise DictionaryError(f"no built-in dictionary named {text!r}; built-in: "
                                  f"{', '.join(builtin_dictionaries())}; or give the path of a .yml, .dic or .csv file")
        ref = resources.files("toolkit.data") / "dictionaries" / f"{text}.yml"
        with resources.as_file(ref) as file:
            return _read_file(Path(file))
    return _read_file(Path(name_or_path))


def _read_file(path: Path) -> Dictionary:
    from toolkit.frames import formats  # file formats are a separate module

    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (dictionary); give a .yml, .dic or .csv file, or a built-in "
                                f"name ({', '.join(builtin_dictionaries())})")
    return formats.read_dictionary(path)
