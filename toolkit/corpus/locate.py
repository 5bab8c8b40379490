"""Find a registered corpus on disk by name, with an explicit synthetic fallback.

Notebooks and scripts say *which* corpus they want (``open_corpus("ungdc")``) and *where*
corpora live (:func:`corpora_dir`); this module turns that into the right
:func:`~toolkit.read_corpus` call with the corpus's layout. When the corpus is not there, it
either raises an error that says how to fetch it, or, only when asked
(``fallback="synthetic"``), returns the synthetic communiqués of
:func:`toolkit.datasets.make_communiques` with a :class:`SyntheticFallbackWarning` and a
``fallback`` record in the corpus meta, so a stand-in can never pass for real data.

Where corpora live, first match wins:

1. the ``path`` argument of :func:`corpora_dir` (``corpora_dir=`` of :func:`open_corpus`);
2. the environment variable ``TOOLKIT_CORPORA``;
3. ``<project root>/corpora`` when the toolkit runs from a source checkout;
4. ``./corpora`` (relative to the working directory).

Inside that folder a corpus sits in ``<name>/`` (where ``toolkit corpus fetch NAME`` puts it)
or under one of its :data:`FOLDER_ALIASES` (the names of the research copies in
``../shared/corpora``). :func:`list_corpora` says which are present; :func:`open_gold` does for
hand-coded gold units what :func:`open_corpus` does for corpora; :func:`corpus_note` prints one
line saying whether data are real or synthetic.

Examples
--------
>>> folder = "/nowhere/corpora"
>>> find_corpus("ungdc", corpora_dir=folder) is None
True
>>> open_corpus("ungdc", corpora_dir=folder)          # doctest: +ELLIPSIS
Traceback (most recent call last):
...
FileNotFoundError: corpus 'ungdc' not found in /nowhere/corpora/ungdc. Fetch it with `toolkit corpus fetch ungdc ...
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from toolkit.corpus.corpus import Corpus
from toolkit.corpus.registry import KNOWN_LAYOUTS, load_registry
from toolkit.errors import invalid_value_message

__all__ = [
    "ENV_VAR",
    "FOLDER_ALIASES",
    "SyntheticFallbackWarning",
    "corpora_dir",
    "corpus_note",
    "find_corpus",
    "list_corpora",
    "open_corpus",
    "open_gold",
]

logger = logging.getLogger(__name__)

ENV_VAR = "TOOLKIT_CORPORA"
"""Environment variable naming the folder that holds the corpora."""

FOLDER_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "ant": ("ant_corpus_ar",),
    "un_charter": ("un_charter_parallel",),
    "unsc_resolutions": ("unsc_resolutions_en_gold",),
})
"""Other folder names a corpus is found under, tried after ``<name>/`` (the shared copies)."""

_SYNTHETIC_LANGUAGES = ("ar", "fr", "en")
_LAYOUT_LANGUAGES = MappingProxyType({"seed": ("ar",)})  # layouts outside the registry: the languages they read


class SyntheticFallbackWarning(UserWarning):
    """A real corpus was absent and synthetic communiqués were returned in its place."""


def _checkout_root() -> Path | None:
    """The project root when the toolkit is imported from a source checkout, else None."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "corpora" / "registry.json").is_file():
        return root
    return None


def corpora_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds the corpora (absolute; it need not exist).

    Parameters
    ----------
    path : path-like, optional
        Use this folder. Default: ``$TOOLKIT_CORPORA`` when set and not empty, else
        ``<project root>/corpora`` in a source checkout, else ``./corpora``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> corpora_dir("/data/corpora").as_posix()
    '/data/corpora'
    >>> corpora_dir("~/corpora") == Path.home() / "corpora"
    True
    """
    if path is None:
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            path = env
        else:
            root = _checkout_root()
            path = root / "corpora" if root is not None else Path("corpora")
    return Path(os.path.abspath(Path(path).expanduser()))


_resolve_dir = corpora_dir  # the keyword ``corpora_dir=`` below shadows the function


def _layout_of(name: str) -> tuple[str, tuple[str, ...], bool]:
    """(layout, languages, registered) for a registry name or a bare layout such as "seed"."""
    registry = load_registry()
    if name in registry:
        entry = registry[name]
        return entry.layout, entry.languages, True
    if name in KNOWN_LAYOUTS:
        return name, _LAYOUT_LANGUAGES.get(name, ()), False
    raise ValueError(invalid_value_message("corpus", name, set(registry) | KNOWN_LAYOUTS)
                     + " (the registry names of `toolkit corpus list`, or a layout name)")


def _candidates(name: str, folder: Path) -> list[Path]:
    return [folder / name, *(folder / alias for alias in FOLDER_ALIASES.get(name, ()))]


def find_corpus(name: str, *, corpora_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the folder holding corpus ``name``, or None when it is absent.

    Parameters
    ----------
    name : str
        A registry name (``"ungdc"``, ``"ant"`` ...) or a layout name (``"seed"``).
    corpora_dir : path-like, optional
        Where to look; see :func:`corpora_dir` for the default.

    Raises
    ------
    ValueError
        ``name`` is neither a registered corpus nor a layout.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "ant_corpus_ar" / "data").mkdir(parents=True)
    ...     find_corpus("ant", corpora_dir=tmp).name
    'ant_corpus_ar'
    """
    _layout_of(name)
    folder = _resolve_dir(corpora_dir)
    for candidate in _candidates(name, folder):
        if candidate.is_dir() and any(p for p in candidate.iterdir() if not p.name.startswith(".")):
            return candidate
    return None


def list_corpora(*, corpora_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The registered corpora (and the seed communiqué) and whether each is present on disk.

    Parameters
    ----------
    corpora_dir : path-like, optional
        Where to look; see :func:`corpora_dir` for the default.

    Returns
    -------
    pandas.DataFrame
        One row per corpus, in registry order then ``seed``: name, title, layout, languages
        (comma-separated), licence, present (bool), path (the folder found, or None).

    Examples
    --------
    >>> table = list_corpora(corpora_dir="/nowhere")
    >>> table[["name", "layout", "present"]].head(2)
               name       layout  present
    0         ungdc        ungdc    False
    1  saudinewsnet  saudinewsnet    False
    >>> table["name"].iloc[-1]
    'seed'
    """
    folder = _resolve_dir(corpora_dir)
    rows = [{"name": e.name, "title": e.title, "layout": e.layout, "languages": ", ".join(e.languages),
             "licence": e.licence} for e in load_registry().values()]
    rows += [{"name": layout, "title": f"({layout} layout, not in the download registry)",
              "layout": layout, "languages": ", ".join(_LAYOUT_LANGUAGES.get(layout, ())) or None,
              "licence": None}
             for layout in sorted(KNOWN_LAYOUTS - {row["layout"] for row in rows})]
    for row in rows:
        path = find_corpus(row["name"], corpora_dir=folder)
        row["present"] = path is not None
        row["path"] = None if path is None else str(path)
    return pd.DataFrame(rows)


def _how_to_get(name: str, folder: Path, registered: bool) -> str:
    if registered:
        how = (f"Fetch it with `toolkit corpus fetch {name} --dest {folder}` "
               f"(Python: toolkit.corpus.fetch.fetch_corpus({name!r}, dest=...)), ")
    else:
        how = f"{name!r} is not in the download registry: copy its folder to {folder / name}, "
    return (f"{how}or point the toolkit at the folder that holds your corpora with "
            f"corpora_dir=... or the {ENV_VAR} environment variable")


def open_corpus(name: str, *, corpora_dir: str | os.PathLike[str] | None = None,
                fallback: Literal["error", "synthetic"] = "error",
                synthetic: Mapping[str, Any] | None = None, **read_kwargs: Any) -> Corpus:
    """Read a registered corpus with its layout, or stand in synthetic communiqués for it.

    Parameters
    ----------
    name : str
        A registry name (``"ungdc"``, ``"ant"``, ``"saudinewsnet"`` ...; see
        ``toolkit corpus list``) or a layout name (``"seed"``).
    corpora_dir : path-like, optional
        Folder holding the corpora; see :func:`corpora_dir` for the default.
    fallback : {"error", "synthetic"}
        What to do when the corpus is absent: raise :class:`FileNotFoundError` with how to
        fetch it (the default: real analyses never get synthetic data unless they ask), or
        return :func:`toolkit.datasets.make_communiques` with a
        :class:`SyntheticFallbackWarning` and ``meta["fallback"]`` recording what was missing.
    synthetic : mapping, optional
        Keyword arguments for ``make_communiques`` in the fallback. By default the synthetic
        corpus uses the registered languages of ``name`` that the generator writes (ar, fr, en).
    **read_kwargs
        Passed to :func:`toolkit.read_corpus` (e.g. ``show_progress=False``); ignored by the
        fallback.

    Returns
    -------
    Corpus
        The real corpus (``meta["layout"]``, ``meta["path"]`` say where it came from) or the
        synthetic one (``meta["synthetic"]`` is True, ``meta["fallback"]`` names the corpus it
        stands in for and why).

    Raises
    ------
    FileNotFoundError
        The corpus is absent and ``fallback="error"``.
    ValueError
        Unknown ``name`` or ``fallback``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     stand_in = open_corpus("ant", corpora_dir="/nowhere", fallback="synthetic",
    ...                            synthetic={"n_documents": 12})
    >>> stand_in.meta["synthetic"], stand_in.meta["fallback"]["corpus"]
    (True, 'ant')
    >>> sorted(set(stand_in.docvars["lang"]))
    ['ar']
    >>> any(w.category is SyntheticFallbackWarning for w in caught)
    True
    """
    if fallback not in ("error", "synthetic"):
        raise ValueError(invalid_value_message("fallback", fallback, ["error", "synthetic"]))
    layout, languages, registered = _layout_of(name)
    folder = _resolve_dir(corpora_dir)
    path = find_corpus(name, corpora_dir=folder)
    if path is not None:
        logger.info("reading corpus %r from %s (layout %r)", name, path, layout)
        from toolkit.corpus.readers import read_corpus

        return read_corpus(path, layout=layout, **read_kwargs)
    looked = ", ".join(str(p) for p in _candidates(name, folder))
    how = _how_to_get(name, folder, registered)
    if fallback == "error":
        raise FileNotFoundError(f"corpus {name!r} not found in {looked}. {how}; pass "
                                "fallback='synthetic' to work on synthetic communiqués instead.")
    from toolkit.datasets import make_communiques

    params = dict(synthetic or {})
    usable = tuple(lang for lang in languages if lang in _SYNTHETIC_LANGUAGES)
    if "languages" not in params and usable:
        params["languages"] = usable
    corpus = make_communiques(**params)
    reason = f"corpus {name!r} not found in {folder}"
    warnings.warn(f"{reason}: using SYNTHETIC communiqués (toolkit.datasets.make_communiques"
                  f"({', '.join(f'{k}={v!r}' for k, v in params.items())})) in its place. "
                  f"Results describe the generator, not real texts. {how}.",
                  SyntheticFallbackWarning, stacklevel=2)
    record = {"corpus": name, "layout": layout, "reason": reason,
              "looked_in": [str(p) for p in _candidates(name, folder)], "params": params}
    return Corpus(corpus.to_frame(), skipped=corpus.skipped, issues=corpus.issues,
                  meta={**corpus.meta, "synthetic": True, "fallback": record})


def open_gold(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
              fallback: Literal["error", "synthetic"] = "error",
              synthetic: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Read hand-coded gold units, or stand in the planted frames of synthetic communiqués.

    Parameters
    ----------
    paths : path or sequence of paths
        Gold JSON Lines files (:func:`toolkit.frames.validation.read_gold`), e.g.
        ``../shared/gold/frames-dev.jsonl`` and ``frames-dev-fr.jsonl``; their units are pooled
        (unit ids must stay unique).
    fallback : {"error", "synthetic"}
        When a file is absent: raise :class:`FileNotFoundError` (default), or return one gold
        unit per paragraph of :func:`toolkit.datasets.make_communiques` labelled with its planted
        frames (:func:`toolkit.datasets.planted_frames`), with a
        :class:`SyntheticFallbackWarning`.
    synthetic : mapping, optional
        Keyword arguments for ``make_communiques`` in the fallback (default 60 documents in
        Arabic, French and English, seed 0).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_id``, ``lang``, ``text``, ``frames`` (tuples) and the files' other keys
        (``source``, ``note`` ...). ``attrs["path"]`` names the files read (comma-separated); the
        synthetic stand-in has ``attrs["synthetic"] = True`` and ``attrs["fallback"]``.

    Raises
    ------
    FileNotFoundError
        A file is absent and ``fallback="error"``.
    toolkit.errors.CorpusFormatError
        A file is not valid gold, or two files share a unit id.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     gold = open_gold("/nowhere/gold.jsonl", fallback="synthetic",
    ...                      synthetic={"n_documents": 3, "languages": ("ar",)})
    >>> gold.attrs["synthetic"], list(gold.columns[:4])
    (True, ['unit_id', 'lang', 'text', 'frames'])
    >>> gold["unit_id"].iloc[0]
    'syn-0001#0'
    """
    from toolkit.frames.validation import read_gold

    if fallback not in ("error", "synthetic"):
        raise ValueError(invalid_value_message("fallback", fallback, ["error", "synthetic"]))
    files = [Path(paths)] if isinstance(paths, (str, os.PathLike)) else [Path(p) for p in paths]
    if not files:
        raise ValueError("paths is empty; give at least one gold file")
    missing = [p for p in files if not p.is_file()]
    if not missing:
        parts = [read_gold(p) for p in files]
        gold = read_gold(pd.concat(parts, ignore_index=True)) if len(parts) > 1 else parts[0]
        gold.attrs["path"] = ", ".join(str(p) for p in files)
        return gold
    reason = f"gold file(s) not found: {', '.join(str(p) for p in missing)}"
    if fallback == "error":
        raise FileNotFoundError(f"{reason}. Pass the JSON Lines files of hand-coded units (unit_id, "
                                "lang, text, frames; see toolkit.frames.validation.read_gold), or "
                                "fallback='synthetic' to validate on synthetic communiqués instead.")
    from toolkit.datasets import make_communiques, planted_frames

    params = {"n_documents": 60, "random_state": 0, **dict(synthetic or {})}
    corpus = make_communiques(**params)
    truth = planted_frames(corpus)
    frames = [f for f in truth.columns if truth[f].dtype == bool]
    units = (corpus.paragraphs().to_frame().reset_index()[["doc_id", "parent_id", "unit_index", "text"]]
             .rename(columns={"doc_id": "unit_id", "parent_id": "doc_id"}))
    merged = truth.merge(units, on=["doc_id", "unit_index"], how="left", validate="one_to_one")
    gold = pd.DataFrame({
        "unit_id": merged["unit_id"], "lang": merged["lang"], "text": merged["text"],
        "frames": [tuple(f for f in frames if row[f]) for row in merged[frames].to_dict("records")],
        "source": merged["source"]})
    call = ", ".join(f"{k}={v!r}" for k, v in params.items())
    warnings.warn(f"{reason}: using the planted frames of {len(gold):,} paragraphs of SYNTHETIC "
                  f"communiqués (toolkit.datasets.make_communiques({call})) as gold. Scores describe "
                  "the generator, not the dictionary on real texts.",
                  SyntheticFallbackWarning, stacklevel=2)
    gold = read_gold(gold)
    gold.attrs.update({"path": None, "synthetic": True,
                       "fallback": {"gold": [str(p) for p in files], "reason": reason, "params": params}})
    return gold


def corpus_note(corpus: Corpus | pd.DataFrame) -> str:
    """One line saying whether a corpus (or gold table) is real, and from where, or synthetic.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        A corpus (from :func:`open_corpus` or any reader), or gold units from :func:`open_gold`.

    Examples
    --------
    >>> corpus_note(Corpus.from_records([{"text": "x", "lang": "en"}], meta={"path": "/c/x"}))
    'real corpus from /c/x: 1 document'
    >>> gold = pd.DataFrame({"unit_id": ["a", "b"]})
    >>> gold.attrs["path"] = "gold.jsonl"
    >>> corpus_note(gold)
    'real gold units from gold.jsonl: 2 units'
    """
    if isinstance(corpus, pd.DataFrame):
        meta, what, unit = corpus.attrs, "gold units", "unit"
    elif isinstance(corpus, Corpus):
        meta, what, unit = corpus.meta, "corpus", "document"
    else:
        raise TypeError(f"corpus_note() takes a Corpus or a gold DataFrame, got {type(corpus).__name__}")
    n = f"{len(corpus):,} {unit}{'s' if len(corpus) != 1 else ''}"
    if meta.get("fallback"):
        record = meta["fallback"]
        stands_for = repr(record["corpus"]) if "corpus" in record else "the gold units"
        return (f"SYNTHETIC stand-in for {stands_for} ({record['reason']}): {n} from "
                "toolkit.datasets.make_communiques; figures and numbers describe the generator")
    if meta.get("synthetic"):
        return f"SYNTHETIC {what} from {meta.get('generator', 'a generator')}: {n}"
    where = meta.get("path") or "memory"
    layout = f" (layout {meta['layout']!r})" if meta.get("layout") else ""
    return f"real {what} from {where}{layout}: {n}"
