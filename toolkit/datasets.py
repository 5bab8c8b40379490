"""Synthetic communiqués with a known, time-varying frame mixture.

:func:`make_communiques` writes a corpus of **synthetic** official communiqués (Arabic, French,
English) whose paragraphs carry frames planted at random with a known probability that changes
over time. Because the truth is known, the corpus tests a whole analysis: frames found per
paragraph (:func:`planted_frames` gives the truth per paragraph) and trends recovered over time
(:func:`planted_shares` gives the generating probability per period).

How a corpus is made
    * Dates are drawn uniformly between ``start`` and ``end`` (documents are numbered in date
      order); languages are balanced (each appears ``n_documents / len(languages)`` times,
      give or take one); each document gets a source drawn from ``sources`` and a number of
      paragraphs drawn uniformly from ``paragraphs`` (inclusive).
    * Each paragraph carries each frame ``f`` independently with probability ``p_f(t)``, where
      ``t`` is the document's date as a year fraction (2015.5 is early July 2015) and ``p``
      comes from ``shares`` (default :func:`default_shares`).
    * A paragraph with frames holds one sentence per frame (drawn from that frame's sentences)
      plus zero to two *filler* sentences: context sentences (about terrorism, no frame by the
      codebook), shuffled in among the frame sentences, or procedural ones, which open the
      paragraph. A paragraph without frames is one or two context sentences (sometimes after a
      procedural one), one or two procedural sentences, or one or two *off-topic* sentences
      (frame words about something else, with no terrorism word). Within a document no
      sentence is used twice until its kind runs out.
    * Paragraphs are separated by a blank line and sentences by a space, so
      :meth:`toolkit.Corpus.paragraphs` and ``count_frames(unit="paragraph")`` see exactly the
      planted paragraphs.

The sentences
    ``toolkit/data/synthetic/communiques.yml`` (see :func:`sentence_bank`) holds sentences
    written for the toolkit in the register of ministerial statements, coalition declarations,
    UN-style texts and press-agency copy; they describe no real event and quote nobody. Ten per
    frame and language; context sentences are the decoys of the gold codebook
    (``../shared/gold/CODEBOOK.md``): general resolve (rule 3), condemnation formulas (D11), attack reports (D4),
    judicial steps (D3), root causes (D12), research budgets (D18), "drying up the sources of
    terrorism" (D20), sponsoring without money (D21), the media as a news source or a title
    (D14), names of bodies and instruments (rule 1, D23), extremism as a label (D10). Every
    sentence is checked against the built-in ``terrorism_frames`` dictionary: a frame sentence
    names terrorism, reaches its frame's threshold and scores nothing on the other frames;
    fillers score under half a threshold on every frame. On ``make_communiques(600)`` (3,017
    paragraphs) the dictionary finds the planted frames with precision and recall 1.00 for
    every frame and language (``tests/test_datasets.py``).

What is synthetic, and how it is labelled
    Every document has the docvar ``synthetic=True``, a source whose name starts with
    "Synthetic" (by default), a title saying "synthetic"; the corpus ``meta`` has
    ``{"synthetic": True, "generator": "toolkit.datasets.make_communiques", "params": {...}}``.
    The docvar ``planted`` holds the planted frames of each paragraph (a JSON list of lists)
    and ``p_<frame>`` the generating probability at the document's date.

Examples
--------
>>> corpus = make_communiques(12, random_state=1)
>>> corpus
<Corpus: 12 documents, ... langs ar, en, fr, ... sources>
>>> corpus.meta["synthetic"], corpus.meta["generator"]
(True, 'toolkit.datasets.make_communiques')
>>> truth = planted_frames(corpus)
>>> len(truth) == len(corpus.paragraphs())
True
>>> list(truth.columns)
['doc_id', 'unit_index', 'date', 'lang', 'source', 'military', 'ideological', 'media', 'financial']
>>> planted_shares({"start": "2014-01-01", "end": "2015-12-31"}).round({"share": 2}).head(4)
  period      start        end        frame  share
0   2014 2014-01-01 2014-12-31     military   0.35
1   2014 2014-01-01 2014-12-31  ideological   0.24
2   2014 2014-01-01 2014-12-31        media   0.28
3   2014 2014-01-01 2014-12-31    financial   0.23
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd

from toolkit.corpus.corpus import Corpus
from toolkit.errors import invalid_value_message

__all__ = ["DEFAULT_SOURCES", "FRAMES", "default_shares", "make_communiques", "planted_frames", "planted_shares",
           "sentence_bank"]

logger = logging.getLogger(__name__)

#: The frames of the built-in ``terrorism_frames`` dictionary, in the toolkit's order.
FRAMES: tuple[str, ...] = ("military", "ideological", "media", "financial")
#: Source names used when ``sources`` is not given (all plainly synthetic).
DEFAULT_SOURCES: tuple[str, ...] = ("Synthetic Ministry A", "Synthetic Ministry B", "Synthetic Coalition Secretariat",
                                    "Synthetic UN Committee", "Synthetic Press Agency")
_LANGUAGES = ("ar", "fr", "en")
_FILLERS = ("context", "procedure")
_KINDS = (*FRAMES, "context", "procedure", "offtopic")
_TITLES = {"ar": "بيان اصطناعي رقم {n}", "fr": "Communiqué synthétique n° {n}", "en": "Synthetic communiqué no. {n}"}
_FREQS = {"year": "Y", "quarter": "Q", "month": "M"}
_NINE_ELEVEN = 2001 + 253 / 365  # 2001-09-11 as a year fraction
_GENERATOR = "toolkit.datasets.make_communiques"

SharesLike = Callable[[float], Mapping[str, float]] | Mapping[str, float] | pd.DataFrame | None


# ---------------------------------------------------------------------- sentence bank
@lru_cache(maxsize=1)
def _bank() -> tuple[str, tuple[tuple[str, str, str, str], ...]]:
    """The bank file's version and ``(lang, kind, rule, text)`` for every sentence (read once)."""
    import yaml

    ref = resources.files("toolkit.data") / "synthetic" / "communiques.yml"
    data = yaml.load(ref.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    rows = []
    for lang in _LANGUAGES:
        for kind in _KINDS:
            for item in data[lang][kind]:
                rule, text = (str(item["rule"]), item["text"]) if isinstance(item, dict) else ("", item)
                rows.append((lang, kind, rule, text.strip()))
    return str(data["version"]), tuple(rows)


def sentence_bank(lang: str | None = None) -> pd.DataFrame:
    """The sentences :func:`make_communiques` draws from.

    Parameters
    ----------
    lang : {"ar", "fr", "en"}, optional
        Only this language (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns ``lang``, ``kind`` (a frame, ``"context"``, ``"procedure"`` or
        ``"offtopic"``), ``rule`` (the codebook rule a context or off-topic sentence
        illustrates, else empty) and ``text``.

    Examples
    --------
    >>> bank = sentence_bank("en")
    >>> bank.groupby("kind").size()[["military", "context", "offtopic"]].tolist()
    [10, 13, 8]
    >>> bank.query("rule == 'D11'")["text"].iloc[0]
    'Terrorism has no religion and no nationality.'
    """
    if lang is not None and lang not in _LANGUAGES:
        raise ValueError(invalid_value_message("lang", lang, _LANGUAGES))
    table = pd.DataFrame(list(_bank()[1]), columns=["lang", "kind", "rule", "text"]).astype(object)
    return table if lang is None else table[table["lang"] == lang].reset_index(drop=True)


# ---------------------------------------------------------------------- shares
def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _bump(t: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-0.5 * ((t - centre) / width) ** 2)


def default_shares(year: float | np.ndarray) -> dict[str, Any]:
    """The default frame mixture: probability that a paragraph carries each frame at ``year``.

    ``year`` is a year fraction (2001.69 is 11 September 2001). With ``a = 1`` from
    2001-09-11 on (else 0), ``s(x) = 1 / (1 + exp(-x))`` and
    ``b(c, w) = exp(-((t - c) / w)**2 / 2)``:

    * military    ``0.15 + 0.40 a exp(-(t - 2001.69) / 8) + 0.15 b(2015.5, 1.5)``: jumps after
      2001 and falls slowly, with a second rise during the campaign against ISIS;
    * ideological ``0.08 + 0.32 s((t - 2014.5) / 0.8)``: rises after 2014;
    * media       ``0.05 + 0.30 b(2015.5, 1.2) + 0.12 s(t - 2016)``: rises with 2014-2016;
    * financial   ``0.06 + 0.30 a exp(-(t - 2001.69) / 2.5) + 0.20 b(2015, 1)``: peaks after 2001
      and again around 2015.

    Parameters
    ----------
    year : float or array of float

    Returns
    -------
    dict
        Frame -> probability (a float, or an array shaped like ``year``).

    Examples
    --------
    >>> {f: round(p, 2) for f, p in default_shares(2002.0).items()}
    {'military': 0.53, 'ideological': 0.08, 'media': 0.05, 'financial': 0.33}
    >>> {f: round(p, 2) for f, p in default_shares(2016.0).items()}
    {'military': 0.36, 'ideological': 0.36, 'media': 0.39, 'financial': 0.18}
    """
    t = np.asarray(year, dtype=np.float64)
    after = (t >= _NINE_ELEVEN).astype(np.float64)
    since = np.maximum(t - _NINE_ELEVEN, 0.0)
    out = {
        "military": 0.15 + 0.40 * after * np.exp(-since / 8.0) + 0.15 * _bump(t, 2015.5, 1.5),
        "ideological": 0.08 + 0.32 * _logistic((t - 2014.5) / 0.8),
        "media": 0.05 + 0.30 * _bump(t, 2015.5, 1.2) + 0.12 * _logistic(t - 2016.0),
        "financial": 0.06 + 0.30 * after * np.exp(-since / 2.5) + 0.20 * _bump(t, 2015.0, 1.0),
    }
    return {f: float(v) if v.ndim == 0 else v for f, v in out.items()}


def _check_frames(keys: Sequence[Any], what: str) -> None:
    unknown = [k for k in keys if k not in FRAMES]
    if unknown:
        raise ValueError(f"{what} names unknown frames {unknown}; the frames are {list(FRAMES)}")


def _share_function(shares: SharesLike) -> Callable[[np.ndarray], np.ndarray]:
    """A function from year fractions (n,) to probabilities (n, 4), checked to lie in [0, 1]."""
    if shares is None:
        def raw(t: np.ndarray) -> np.ndarray:
            d = default_shares(t)
            return np.column_stack([d[f] for f in FRAMES])
    elif isinstance(shares, pd.DataFrame):
        if "year" not in shares.columns:
            raise ValueError("a shares DataFrame needs a 'year' column (year fractions such as 2015.5) and one "
                             f"column per frame; got columns {list(map(str, shares.columns))}")
        _check_frames([c for c in shares.columns if c != "year"], "the shares DataFrame")
        table = shares.sort_values("year")
        x = table["year"].to_numpy(dtype=np.float64)
        if len(x) == 0 or np.isnan(x).any():
            raise ValueError("the shares DataFrame needs at least one row and no missing 'year'")
        ys = [table[f].to_numpy(dtype=np.float64) if f in table.columns else np.zeros(len(x)) for f in FRAMES]

        def raw(t: np.ndarray) -> np.ndarray:
            return np.column_stack([np.interp(t, x, y) for y in ys])
    elif isinstance(shares, Mapping):
        _check_frames(list(shares), "shares")
        const = np.array([float(shares.get(f, 0.0)) for f in FRAMES])

        def raw(t: np.ndarray) -> np.ndarray:
            return np.tile(const, (len(t), 1))
    elif callable(shares):
        def raw(t: np.ndarray) -> np.ndarray:
            rows = []
            for year in t:
                got = shares(float(year))
                if not isinstance(got, Mapping):
                    raise TypeError(f"shares({year:.3f}) returned {type(got).__name__}; it must return a "
                                    "mapping frame -> probability")
                _check_frames(list(got), f"shares({year:.3f})")
                rows.append([float(got.get(f, 0.0)) for f in FRAMES])
            return np.array(rows, dtype=np.float64).reshape(len(t), len(FRAMES))
    else:
        raise TypeError("shares must be None, a callable year -> {frame: probability}, a mapping "
                        f"{{frame: probability}} or a DataFrame with a 'year' column; got {type(shares).__name__}")

    def checked(t: np.ndarray) -> np.ndarray:
        p = raw(np.asarray(t, dtype=np.float64))
        bad = ~((p >= 0.0) & (p <= 1.0))
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise ValueError(f"shares give probability {p[i, j]!r} for {FRAMES[j]} at year {t[i]:.3f}; "
                             "every probability must lie between 0 and 1")
        return p

    return checked


def _shares_param(shares: SharesLike) -> Any:
    """A JSON-friendly record of ``shares`` for the corpus meta."""
    if shares is None:
        return "default"
    if isinstance(shares, pd.DataFrame):
        return shares.astype(object).to_dict("records")
    if isinstance(shares, Mapping):
        return {str(k): float(v) for k, v in shares.items()}
    return f"callable {getattr(shares, '__module__', '?')}.{getattr(shares, '__qualname__', repr(shares))}"


def _shares_from_param(value: Any) -> SharesLike:
    """Undo :func:`_shares_param`; a callable, recorded by name only, cannot be rebuilt."""
    if value is None or (isinstance(value, str) and value == "default"):
        return None
    if isinstance(value, list):
        return pd.DataFrame(value)
    if isinstance(value, Mapping) or callable(value) or isinstance(value, pd.DataFrame):
        return value
    raise ValueError(f"the corpus was generated with shares={value!r}; a function cannot be rebuilt from "
                     "the corpus meta: pass the parameters with the function itself, "
                     "planted_shares({'shares': my_function, 'start': ..., 'end': ...})")


def _year_fraction(dates: pd.DatetimeIndex) -> np.ndarray:
    days = np.where(dates.is_leap_year, 366.0, 365.0)
    return dates.year.to_numpy(dtype=np.float64) + (dates.day_of_year.to_numpy(dtype=np.float64) - 1.0) / days


# ---------------------------------------------------------------------- generator
def _check_params(n_documents: int, start: str, end: str, languages: Sequence[str],
                  paragraphs: tuple[int, int], sources: Sequence[str] | None) -> tuple[pd.Timestamp, pd.Timestamp,
                                                                                        tuple[str, ...]]:
    if isinstance(n_documents, bool) or not isinstance(n_documents, (int, np.integer)) or n_documents < 1:
        raise ValueError(f"n_documents must be a positive integer, got {n_documents!r}")
    try:
        t0, t1 = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    except (TypeError, ValueError) as err:
        raise ValueError(f"start and end must be dates such as '2001-01-01'; got {start!r}, {end!r} ({err})") from err
    if t1 < t0:
        raise ValueError(f"end ({t1:%Y-%m-%d}) is before start ({t0:%Y-%m-%d}); swap them")
    if isinstance(languages, str) or not languages:
        raise ValueError(f"languages must be a non-empty sequence such as ('ar', 'fr', 'en'), got {languages!r}")
    for lang in languages:
        if lang not in _LANGUAGES:
            raise ValueError(invalid_value_message("languages", lang, _LANGUAGES))
    lo_hi = tuple(paragraphs) if isinstance(paragraphs, Sequence) else ()
    if (len(lo_hi) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in lo_hi)
            or not 1 <= lo_hi[0] <= lo_hi[1]):
        raise ValueError(f"paragraphs must be (min, max) with 1 <= min <= max, got {paragraphs!r}")
    names = DEFAULT_SOURCES if sources is None else tuple(sources)
    if isinstance(sources, str) or not names or not all(isinstance(s, str) and s for s in names):
        raise ValueError(f"sources must be a non-empty sequence of names, got {sources!r}")
    return t0, t1, names


class _Deck:
    """Sentences of one language drawn without repeats inside a document (reshuffled when used up)."""

    def __init__(self, rng: np.random.Generator, pool: Mapping[str, Sequence[str]]) -> None:
        self.rng = rng
        self.pool = pool
        self.left: dict[str, list[int]] = {}

    def draw(self, kind: str) -> str:
        left = self.left.get(kind)
        if not left:
            left = self.left[kind] = self.rng.permutation(len(self.pool[kind])).tolist()
        return self.pool[kind][left.pop()]


def _paragraph(rng: np.random.Generator, deck: _Deck, frames: list[str]) -> str:
    """One paragraph carrying exactly ``frames`` (see the module docstring for the recipe)."""
    if frames:
        n_fill = int(rng.choice(3, p=[0.3, 0.5, 0.2]))
        kinds = [str(k) for k in rng.choice(_FILLERS, size=n_fill)]
        body = [deck.draw(f) for f in frames] + [deck.draw(k) for k in kinds if k == "context"]
        lead = [deck.draw(k) for k in kinds if k == "procedure"]
        return " ".join(lead + [body[i] for i in rng.permutation(len(body))])
    kind = str(rng.choice(["context", "procedure", "offtopic"], p=[0.5, 0.25, 0.25]))
    sentences = [deck.draw(kind) for _ in range(int(rng.integers(1, 3)))]
    if kind == "context" and rng.random() < 0.3:
        sentences.insert(0, deck.draw("procedure"))
    return " ".join(sentences)


def make_communiques(n_documents: int = 240, *, start: str = "2001-01-01", end: str = "2024-12-31",
                     languages: Sequence[str] = ("ar", "fr", "en"), shares: SharesLike = None,
                     paragraphs: tuple[int, int] = (3, 7), sources: Sequence[str] | None = None,
                     random_state: int | None = 0) -> Corpus:
    """A corpus of SYNTHETIC communiqués with a known, time-varying frame mixture.

    Parameters
    ----------
    n_documents : int, default 240
        Number of documents.
    start, end : str, default "2001-01-01", "2024-12-31"
        Dates are drawn uniformly between them (inclusive, day precision).
    languages : sequence of {"ar", "fr", "en"}
        Languages of the documents, in equal numbers.
    shares : callable, mapping, DataFrame or None
        The probability that a paragraph carries each frame, as a function of the date as a year
        fraction: a callable ``year -> {frame: probability}``; a mapping of constant
        probabilities; or a table with a ``year`` column (year fractions) and one column per
        frame, linearly interpolated (constant beyond its first and last rows), given as a
        DataFrame or as a mapping of lists (``{"year": [2001, 2015], "media": [0.1, 0.4]}``, as
        written in YAML). Frames left out have probability 0. Default: :func:`default_shares`.
    paragraphs : (int, int), default (3, 7)
        Smallest and largest number of paragraphs of a document (inclusive).
    sources : sequence of str, optional
        Source names drawn for the documents (default :data:`DEFAULT_SOURCES`).
    random_state : int or None, default 0
        Seed of the :func:`numpy.random.default_rng` generator: the same seed gives the same
        corpus. None draws a seed and records it in ``meta["params"]["random_state"]``.

    Returns
    -------
    Corpus
        Doc ids ``syn-0001``...; docvars ``date``, ``date_precision`` ("day"), ``lang``,
        ``source``, ``title``, ``synthetic`` (True), ``planted`` (JSON: the frames of each
        paragraph) and ``p_<frame>`` (the generating probability at the date). ``meta`` holds
        ``synthetic``, ``generator``, ``params`` (every argument, JSON-friendly),
        ``sentence_bank`` and ``note``.

    Raises
    ------
    ValueError
        For a bad ``n_documents``, dates, language, ``paragraphs`` or ``sources``, a
        probability outside [0, 1], or an unknown frame in ``shares``.
    TypeError
        If ``shares`` is of an unsupported kind (or a callable returns no mapping), or
        ``random_state`` is not an int or None.

    See Also
    --------
    planted_frames : the truth per paragraph.
    planted_shares : the generating probability per period.

    Examples
    --------
    >>> corpus = make_communiques(3, start="2015-01-01", end="2015-12-31", languages=("en",),
    ...                           shares={"media": 1.0}, paragraphs=(1, 1), random_state=7)
    >>> corpus.docvars[["lang", "source", "synthetic", "planted"]]
             lang                  source  synthetic      planted
    doc_id
    syn-0001   en  Synthetic UN Committee       True  [["media"]]
    syn-0002   en  Synthetic Press Agency       True  [["media"]]
    syn-0003   en    Synthetic Ministry B       True  [["media"]]
    >>> print(corpus["syn-0001"])
    After the attack, thousands of citizens used hashtags on Twitter to reject terrorism. Terrorism has no religion and no nationality.
    >>> import toolkit.frames
    >>> counts = toolkit.frames.count_frames(corpus, unit="paragraph", categories="frames", progress=False)
    >>> toolkit.frames.assign(counts)
       military  ideological  media  financial
    0     False        False   True      False
    1     False        False   True      False
    2     False        False   True      False
    """
    t0, t1, names = _check_params(n_documents, start, end, languages, paragraphs, sources)
    if isinstance(shares, Mapping) and "year" in shares:  # a table written as a mapping (YAML)
        shares = pd.DataFrame(dict(shares))
    share_of = _share_function(shares)
    if random_state is not None and (isinstance(random_state, bool)
                                     or not isinstance(random_state, (int, np.integer))):
        raise TypeError(f"random_state must be an int or None, got {type(random_state).__name__}")
    if random_state is None:
        random_state = int(np.random.SeedSequence().entropy % (2**32))
    rng = np.random.default_rng(random_state)
    n = int(n_documents)

    days = np.sort(rng.integers(0, (t1 - t0).days + 1, size=n))
    dates = pd.DatetimeIndex(t0 + pd.to_timedelta(days, unit="D"))
    langs = rng.permutation(np.resize(np.asarray(languages, dtype=object), n))
    doc_sources = rng.choice(len(names), size=n)
    n_paras = rng.integers(paragraphs[0], paragraphs[1] + 1, size=n)
    probs = share_of(_year_fraction(dates))

    version, bank = _bank()
    pools = {lang: {kind: [text for la, k, _, text in bank if la == lang and k == kind] for kind in _KINDS}
             for lang in set(langs)}
    texts, planted = [], []
    for i in range(n):
        deck = _Deck(rng, pools[langs[i]])
        labels = []
        paras = []
        for _ in range(n_paras[i]):
            frames = [f for f, hit in zip(FRAMES, rng.random(len(FRAMES)) < probs[i]) if hit]
            labels.append(frames)
            paras.append(_paragraph(rng, deck, frames))
        texts.append("\n\n".join(paras))
        planted.append(json.dumps(labels))

    width = max(4, len(str(n)))
    ids = [f"syn-{k:0{width}d}" for k in range(1, n + 1)]
    data = pd.DataFrame({
        "doc_id": ids, "text": texts, "date": dates.astype("datetime64[ns]"), "date_precision": "day",
        "lang": langs.tolist(), "source": [names[k] for k in doc_sources],
        "title": [_TITLES[la].format(n=k) for la, k in zip(langs, range(1, n + 1))],
        "synthetic": True, "planted": planted,
        **{f"p_{f}": probs[:, j] for j, f in enumerate(FRAMES)},
    })
    params = {"n_documents": n, "start": f"{t0:%Y-%m-%d}", "end": f"{t1:%Y-%m-%d}", "languages": list(languages),
              "shares": _shares_param(shares), "paragraphs": [int(v) for v in paragraphs], "sources": list(names),
              "random_state": int(random_state)}
    meta = {"synthetic": True, "generator": _GENERATOR, "params": params, "sentence_bank": f"communiques {version}",
            "note": "Synthetic texts written by toolkit.datasets.make_communiques; they describe no real event."}
    logger.debug("generated %d synthetic communiques (%d paragraphs)", n, int(n_paras.sum()))
    return Corpus(data, meta=meta)


# ---------------------------------------------------------------------- truth
def _labels(corpus: Corpus) -> pd.DataFrame:
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a toolkit.Corpus, got {type(corpus).__name__}")
    docvars = corpus.docvars
    missing = [c for c in ("planted", *(f"p_{f}" for f in FRAMES)) if c not in docvars.columns]
    if missing:
        raise ValueError(f"the corpus has no docvar {missing}: it was not made by make_communiques "
                         "(or it was split into units; pass the corpus of whole documents)")
    return docvars


def planted_frames(corpus: Corpus) -> pd.DataFrame:
    """The frames planted in each paragraph of a :func:`make_communiques` corpus (the truth).

    Parameters
    ----------
    corpus : Corpus
        A corpus from :func:`make_communiques` (or a subset of one).

    Returns
    -------
    pandas.DataFrame
        One row per paragraph, in the order of ``count_frames(corpus, unit="paragraph")``:
        ``doc_id``, ``unit_index``, ``date``, ``lang``, ``source`` and one boolean column per
        frame.

    Raises
    ------
    ValueError
        If the corpus was not made by :func:`make_communiques`, or a text no longer has as many
        paragraphs as were planted.

    Examples
    --------
    >>> corpus = make_communiques(2, shares={"financial": 1.0}, paragraphs=(2, 2), languages=("ar",))
    >>> planted_frames(corpus)[["doc_id", "unit_index", "military", "financial"]]
         doc_id  unit_index  military  financial
    0  syn-0001           0     False       True
    1  syn-0001           1     False       True
    2  syn-0002           0     False       True
    3  syn-0002           1     False       True
    """
    from toolkit.corpus.units import paragraph_spans

    docvars = _labels(corpus)
    rows = []
    for (doc_id, row), text in zip(docvars.iterrows(), corpus.texts):
        labels = json.loads(row["planted"])
        n_found = len(paragraph_spans(text))
        if n_found != len(labels):
            raise ValueError(f"document {doc_id!r} has {n_found} paragraphs but {len(labels)} were planted; "
                             "its text was changed after make_communiques wrote it")
        for k, frames in enumerate(labels):
            rows.append((doc_id, k, row["date"], row["lang"], row["source"], *(f in frames for f in FRAMES)))
    table = pd.DataFrame(rows, columns=["doc_id", "unit_index", "date", "lang", "source", *FRAMES])
    table["unit_index"] = table["unit_index"].astype(np.int64)
    table["date"] = table["date"].astype("datetime64[ns]")
    return table.astype({f: bool for f in FRAMES})


def _period_rows(periods: pd.PeriodIndex, shares: np.ndarray) -> pd.DataFrame:
    """Long table: one row per (period, frame)."""
    n = len(periods)
    return pd.DataFrame({
        "period": np.repeat([str(p) for p in periods], len(FRAMES)).astype(object),
        "start": np.repeat(periods.start_time.normalize(), len(FRAMES)),
        "end": np.repeat(periods.end_time.normalize(), len(FRAMES)),
        "frame": np.tile(np.asarray(FRAMES, dtype=object), n),
        "share": shares.reshape(-1),
    })


def planted_shares(corpus_or_params: Corpus | Mapping[str, Any] | None = None, *,
                   freq: Literal["year", "quarter", "month"] = "year") -> pd.DataFrame:
    """The generating probability of each frame per period: what a trend should recover.

    Parameters
    ----------
    corpus_or_params : Corpus, mapping or None
        A corpus from :func:`make_communiques`: the share of a period is the mean generating
        probability over the corpus's paragraphs dated in it, i.e. the expected share of
        paragraphs with the frame given the dates drawn (periods without a paragraph are left
        out). A mapping of :func:`make_communiques` parameters (``start``, ``end``, ``shares``;
        others are ignored, missing ones take their defaults; ``corpus.meta["params"]`` will
        do) or None: the share of a period is the mean probability over its days between
        ``start`` and ``end``, the expected share when dates are uniform.
    freq : {"year", "quarter", "month"}
        Calendar periods, labelled "2001", "2001Q3", "2001-09".

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (label), ``start``, ``end`` (first and last day of the period),
        ``frame`` and ``share``; one row per period and frame, periods in order, frames in
        :data:`FRAMES` order.

    Examples
    --------
    >>> planted_shares({"start": "2015-01-01", "end": "2015-06-30", "shares": {"media": 0.3}},
    ...                freq="quarter").query("frame == 'media'")
      period      start        end  frame  share
    2 2015Q1 2015-01-01 2015-03-31  media    0.3
    6 2015Q2 2015-04-01 2015-06-30  media    0.3
    """
    if freq not in _FREQS:
        raise ValueError(invalid_value_message("freq", freq, tuple(_FREQS)))
    code = _FREQS[freq]
    if isinstance(corpus_or_params, Corpus):
        docvars = _labels(corpus_or_params)
        dates = pd.DatetimeIndex(docvars["date"])
        if dates.isna().any():
            raise ValueError("some documents have no date; planted shares need every document dated")
        weights = docvars["planted"].map(lambda s: len(json.loads(s))).to_numpy(dtype=np.float64)
        probs = docvars[[f"p_{f}" for f in FRAMES]].to_numpy(dtype=np.float64)
        labels = dates.to_period(code)
    else:
        params = dict(corpus_or_params or {})
        t0 = pd.Timestamp(params.get("start", "2001-01-01")).normalize()
        t1 = pd.Timestamp(params.get("end", "2024-12-31")).normalize()
        if t1 < t0:
            raise ValueError(f"end ({t1:%Y-%m-%d}) is before start ({t0:%Y-%m-%d}); swap them")
        days = pd.date_range(t0, t1, freq="D")
        probs = _share_function(_shares_from_param(params.get("shares")))(_year_fraction(days))
        weights = np.ones(len(days))
        labels = days.to_period(code)
    codes, periods = pd.factorize(labels, sort=True)
    total = np.bincount(codes, weights=weights, minlength=len(periods))
    sums = np.column_stack([np.bincount(codes, weights=weights * probs[:, j], minlength=len(periods))
                            for j in range(len(FRAMES))])
    keep = total > 0
    shares = sums[keep] / total[keep, None]
    return _period_rows(pd.PeriodIndex(periods[keep]), shares)
