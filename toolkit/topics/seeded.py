"""Seeded topics: seed words from a frame dictionary, and the topic-word prior they give.

A seeded topic model (seededlda: Lu et al. 2011, Watanabe & Zhou 2020; keyATM: Eshima, Imai &
Sasaki 2024) guides some topics with seed words and leaves ``n_residual`` topics free. The
toolkit's method, used by :class:`toolkit.topics.TopicModel` when ``seeds`` is given:

1. **Seed words.** :func:`seed_words` expands each seed category's patterns (by default the four
   frames of the built-in ``terrorism_frames`` dictionary, :data:`DEFAULT_SEEDS`) against the
   DTM's vocabulary, in each feature's language.
2. **Prior.** :func:`seed_prior` builds an asymmetric topic-word Dirichlet prior: for a seed word
   ``v`` of seeded topic ``k``::

       eta[k, v] = topic_word_prior + seed_weight * n_v

   where ``n_v`` is the word's total count in the training DTM; every other cell is
   ``topic_word_prior``. These are seededlda's pseudo-counts (``tfm()`` with ``uniform=FALSE``)
   read as a prior: seededlda adds them to the Gibbs sampler's topic-word counts, which is
   exactly a Dirichlet prior ``eta`` on ``beta_k``. seededlda's default ``weight = 0.01``, which
   it multiplies by 100, is ``seed_weight = 1`` here; the toolkit's default is 0.1. On a corpus
   drawn from five planted topics (four made of a frame's words, one of other words; the test
   suite's), every ``seed_weight`` from 0.01 to 1 put each seeded topic on its frame's planted
   topic, but at 1 (and 0.3) the seed words' doubled counts pushed the words all topics share
   into the residual topic (cosine with its planted topic 0.68, against 0.97 at 0.1 and 0.01,
   and 0.82-0.97 unseeded).
3. **Fit.** Batch variational Bayes for LDA (Blei, Ng & Jordan 2003; the updates of Hoffman,
   Blei & Bach 2010) with that prior, so ``lambda[k, v] = eta[k, v] + E[n_kv]`` in every M-step,
   and the initial ``lambda`` is the usual random draw plus the pseudo-counts, so seeds act from
   the first E-step. scikit-learn's ``LatentDirichletAllocation`` cannot do this (its prior is
   one number), hence the toolkit's own solver (``solver="vb"``).

Unlike keyATM, seed words are not given their own keyword distribution; like seededlda, a seed
word can still appear in other topics, and the data can outweigh a seed (the lower
``seed_weight``, the more easily).

**Matching.** Patterns follow :mod:`toolkit.frames.patterns`: they are normalised with the DTM's
preprocessor and folded (case, ة/ه, ى/ي, Latin accents); ``*``, ``?`` and ``[...]`` are globs;
an Arabic feature also matches through the stem left after a proclitic chain (``وال``, ``بال``,
``لل`` ...), so ``إرهاب*`` finds ``الارهاب`` and ``الارهابيه``; ``=word`` matches the whole form
only. When the DTM's preprocessor stems, a plain word is also matched through its stem (the
preprocessor applied to it: ``troops`` -> ``troop``), and so is the literal prefix of a glob
``prefix*`` of four or more characters. A phrase entry (several tokens) matches an n-gram
feature with as many tokens, token by token; on a unigram DTM phrases match nothing. Exclusion
phrases, ``requires`` and weights of the dictionary are about counting in context and are not
used. Language-tagged features (``ar:...``) are matched with the entries of their language;
untagged features with those of the DTM's language (all entries when it is unknown).

References
----------
Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet allocation. *JMLR*, 3, 993-1022.
Hoffman, M., Blei, D. M., & Bach, F. (2010). Online learning for latent Dirichlet allocation.
*NIPS 23*, 856-864.
Lu, B., Ott, M., Cardie, C., & Tsou, B. K. (2011). Multi-aspect sentiment analysis with topic
models. *ICDM Workshops*, 81-88.
Watanabe, K., & Zhou, Y. (2020). Theory-driven analysis of large corpora: semisupervised topic
classification of the UN speeches. *Social Science Computer Review*, 40(2), 346-366.
Eshima, S., Imai, K., & Sasaki, T. (2024). Keyword-assisted topic models. *American Journal of
Political Science*, 68(2), 730-750.

Examples
--------
>>> words = seed_words(["attack", "funding", "military", "terrorism", "weather"],
...                    {"violence": ["attack*", "militar*"], "money": ["fund*"]})
>>> words
{'violence': ('attack', 'military'), 'money': ('funding',)}
>>> seed_prior(words, ["attack", "funding", "military", "terrorism", "weather"], [4, 2, 1, 9, 3],
...            seed_weight=1.0, topic_word_prior=0.1, n_residual=1)
array([[4.1, 0.1, 1.1, 0.1, 0.1],
       [0.1, 2.1, 0.1, 0.1, 0.1],
       [0.1, 0.1, 0.1, 0.1, 0.1]])
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.frames.dictionary import Dictionary, load_dictionary
from toolkit.frames.matcher import proclitic_stems
from toolkit.frames.patterns import TokenPattern, fold, split_pattern
from toolkit.text.normalization import base_language
from toolkit.text.preprocess import Preprocessor

__all__ = ["DEFAULT_SEEDS", "SeedsLike", "seed_prior", "seed_topics", "seed_words"]

logger = logging.getLogger(__name__)

#: the dictionary whose frames seed topics by default
DEFAULT_SEEDS = "terrorism_frames"

SeedsLike = str | Path | Dictionary | Mapping[str, Iterable[str]]

_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")
_TAG = re.compile(r"^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*|und):(.+)$")


# ---------------------------------------------------------------------- seeds as (topic, lang, pattern)
def seed_topics(seeds: SeedsLike) -> dict[str, list[tuple[str | None, str]]]:
    """The seed topics and their ``(language, pattern)`` entries.

    ``seeds`` is a dictionary (a :class:`~toolkit.frames.Dictionary`, the name of a built-in one
    such as ``"terrorism_frames"``, or a file path), whose frames become topics (each with the
    entries of all its sub-categories), or a mapping ``topic -> patterns`` (patterns apply to
    every language).

    >>> topics = seed_topics("terrorism_frames")
    >>> list(topics)
    ['military', 'ideological', 'media', 'financial']
    >>> sorted({lang for lang, _ in topics["media"]})
    ['ar', 'en', 'fr']
    >>> seed_topics({"money": ["fund*", "financ*"]})
    {'money': [(None, 'fund*'), (None, 'financ*')]}
    """
    if isinstance(seeds, Mapping):
        out: dict[str, list[tuple[str | None, str]]] = {}
        if not seeds:
            raise ValueError("seeds is an empty mapping; give topic -> list of seed words, e.g. "
                             "{'financial': ['financ*', 'fund*']}")
        for topic, patterns in seeds.items():
            if not isinstance(topic, str) or not topic:
                raise TypeError(f"seed topic names must be non-empty str, got {topic!r}")
            if isinstance(patterns, str):
                raise TypeError(f"seeds[{topic!r}] must be a list of words or globs, got the str {patterns!r}; "
                                f"write [{patterns!r}]")
            patterns = list(patterns)
            # validate the patterns with the dictionary's own rules (unbalanced globs ...)
            Dictionary.from_dict({topic: patterns})
            out[topic] = [(None, p) for p in patterns]
        return out
    if not isinstance(seeds, (str, Path, Dictionary)):
        raise TypeError("seeds must be a Dictionary, the name or path of a dictionary, or a mapping "
                        f"topic -> list of seed words; got {type(seeds).__name__}")
    dictionary = load_dictionary(seeds)
    return {frame: [(entry.lang, entry.pattern) for _, entry in dictionary.entries(frame)]
            for frame in dictionary.frames}


# ---------------------------------------------------------------------- vocabulary index
class _Vocabulary:
    """Folded forms of the features of one language, sorted for prefix search."""

    def __init__(self, forms: list[tuple[str, int]]) -> None:
        expanded: list[tuple[str, int, bool]] = []  # (candidate form, feature, is the whole form)
        for form, j in forms:
            folded = fold(form)
            expanded.append((folded, j, True))
            if _ARABIC_LETTER.match(folded):
                expanded.extend((stem, j, False) for stem in proclitic_stems(folded))
        expanded.sort()
        self.keys = [k for k, _, _ in expanded]
        self.items = expanded
        self.exact = {fold(form): j for form, j in forms}

    def lookup(self, pattern: TokenPattern) -> set[int]:
        """Features whose folded form (or a proclitic stem of it) matches ``pattern``."""
        found: set[int] = set()
        if pattern.glob and not pattern.literal_prefix:
            found.update(j for key, j, whole in self.items
                         if (whole or not pattern.exact) and pattern.matches(key))
            return found
        prefix = pattern.literal_prefix
        lo = bisect.bisect_left(self.keys, prefix)
        hi = bisect.bisect_left(self.keys, prefix + "\U0010ffff") if pattern.glob else \
            bisect.bisect_right(self.keys, prefix)
        for key, j, whole in self.items[lo:hi]:
            if (whole or not pattern.exact) and pattern.matches(key):
                found.add(j)
        return found


def _split_feature(name: str, tagged: bool, default_lang: str | None) -> tuple[str | None, str]:
    if tagged:
        match = _TAG.match(name)
        if match:
            lang = match.group(1)
            return (None if lang == "und" else lang), match.group(2)
    return default_lang, name


def seed_words(feature_names: Sequence[str] | Any, seeds: SeedsLike = DEFAULT_SEEDS, *,
               preprocessor: Preprocessor | None = None, lang: str | None = None,
               tagged: bool | None = None) -> dict[str, tuple[str, ...]]:
    """The features of a vocabulary that each seed topic's patterns match (module docstring).

    Parameters
    ----------
    feature_names : sequence of str, or a DTM
        The vocabulary. A :class:`toolkit.dtm.DTM` also gives the preprocessor, the language and
        whether features are language-tagged.
    seeds : dictionary, its name or path, or mapping topic -> patterns, default "terrorism_frames"
        See :func:`seed_topics`.
    preprocessor : Preprocessor, optional
        How the features were made (normalisation of patterns; stems). Default: the DTM's, else
        ``Preprocessor()``.
    lang : str, optional
        Language of untagged features. Default: the DTM's language when it has one.
    tagged : bool, optional
        Whether features carry a language prefix (``"ar:..."``). Default: the DTM's setting, else
        guessed from the names.

    Returns
    -------
    dict
        Topic -> matched features, in vocabulary order (topics in seed order; a topic may be empty).

    Examples
    --------
    >>> from toolkit.dtm import dtm
    >>> m = dtm([{"text": "تمويل الإرهاب والدعاية الإعلامية", "lang": "ar"},
    ...          {"text": "الفكر المتطرف والعمليات العسكرية ضد الإرهابيين", "lang": "ar"}])
    >>> words = seed_words(m)
    >>> words["financial"], words["media"], words["ideological"]
    (('تمويل',), ('الاعلامية', 'الدعاية'), ('الفكر', 'المتطرف'))
    >>> words["military"]
    ('العسكرية',)
    """
    from toolkit.dtm import DTM

    if isinstance(feature_names, DTM):
        m = feature_names
        names = [str(f) for f in m.feature_names.tolist()]
        preprocessor = m.preprocessor if preprocessor is None else preprocessor
        langs = list(m.params.get("languages") or [])
        if lang is None and len(langs) == 1 and langs[0] != "und":
            lang = langs[0]
        tagged = bool(m.params.get("tagged")) if tagged is None else tagged
    else:
        if isinstance(feature_names, str):
            raise TypeError("feature_names must be a sequence of str, not one str")
        names = [str(f) for f in feature_names]
        if tagged is None:
            tagged = bool(names) and all(_TAG.match(n) for n in names)
    pre = Preprocessor() if preprocessor is None else preprocessor
    if lang is None:
        lang = pre.lang
    topics = seed_topics(seeds)

    # features by language, split into unigrams and n-grams
    by_lang: dict[str | None, dict[int, list[tuple[str, int]]]] = {}
    for j, name in enumerate(names):
        flang, form = _split_feature(name, tagged, lang)
        by_lang.setdefault(flang, {}).setdefault(len(form.split(" ")), []).append((form, j))
    stemmer_pre = dataclasses.replace(pre, stop_words=False, min_length=1) if pre.stemmer else None

    out: dict[str, set[int]] = {topic: set() for topic in topics}
    for flang, groups in by_lang.items():
        base = base_language(flang)
        normalize = pre.normalizer(flang)
        indexes = {n: [_Vocabulary([(form.split(" ")[i], j) for form, j in forms]) for i in range(n)]
                   for n, forms in groups.items()}
        stems = {form: j for form, j in groups.get(1, [])} if stemmer_pre else {}
        for topic, entries in topics.items():
            for elang, pattern in entries:
                if elang is not None and base is not None and base_language(elang) != base:
                    continue
                tokens = split_pattern(pattern, elang or flang)
                if len(tokens) not in indexes:
                    continue
                parsed = [TokenPattern.parse(("=" if t.startswith("=") else "") + normalize(t.lstrip("=")))
                          for t in tokens]
                hits: set[int] | None = None
                for index, token in zip(indexes[len(tokens)], parsed):
                    found = {j for _, j, _ in index.items} if token.any_token else index.lookup(token)
                    hits = found if hits is None else hits & found
                    if not hits:
                        break
                out[topic] |= hits or set()
                if stems and len(tokens) == 1:
                    out[topic] |= _stem_hits(tokens[0].lstrip("="), parsed[0], stemmer_pre, flang, stems)
    result = {topic: tuple(names[j] for j in sorted(found)) for topic, found in out.items()}
    empty = [t for t, words in result.items() if not words]
    if empty:
        logger.warning("seed topics with no seed word in the vocabulary: %s", ", ".join(empty))
    return result


def _stem_hits(token: str, parsed: TokenPattern, pre: Preprocessor, lang: str | None,
               stems: Mapping[str, int]) -> set[int]:
    """Features equal to the stem of a plain word, or of the literal prefix of ``prefix*``."""
    if parsed.glob:
        prefix = parsed.literal_prefix
        if parsed.text != prefix + "*" or len(prefix) < 4:
            return set()
        word = token[:len(token) - 1]
    else:
        word = token
    processed = pre(word, lang)
    if len(processed) == 1 and processed[0] in stems:
        return {stems[processed[0]]}
    return set()


# ---------------------------------------------------------------------- prior
def seed_prior(seed_words: Mapping[str, Sequence[str]], feature_names: Sequence[str] | Any,
               term_counts: Sequence[float] | Any, *, seed_weight: float, topic_word_prior: float,
               n_residual: int = 0) -> np.ndarray:
    """The topic-word prior ``eta`` (K x V) of a seeded model: seeded topics first, then residual ones.

    ``eta[k, v] = topic_word_prior + seed_weight * term_counts[v]`` for the seed words ``v`` of
    seeded topic ``k``, ``topic_word_prior`` elsewhere (module docstring).

    Parameters
    ----------
    seed_words : mapping topic -> features
        As returned by :func:`seed_words`.
    feature_names : sequence of str
    term_counts : sequence of numbers
        Total count of every feature in the training documents.
    seed_weight : float >= 0
    topic_word_prior : float > 0
    n_residual : int >= 0
        Unseeded topics appended after the seeded ones.

    Returns
    -------
    ndarray of shape (len(seed_words) + n_residual, n_features)

    Examples
    --------
    >>> seed_prior({"a": ["x"]}, ["x", "y"], [10, 5], seed_weight=0.5, topic_word_prior=0.1, n_residual=1)
    array([[5.1, 0.1],
           [0.1, 0.1]])
    """
    names = [str(f) for f in feature_names]
    counts = np.asarray(term_counts, dtype=np.float64).ravel()
    if counts.shape != (len(names),):
        raise ValueError(f"term_counts has {counts.size} values for {len(names)} features")
    if not (np.isfinite(seed_weight) and seed_weight >= 0):
        raise ValueError(f"seed_weight must be a finite number >= 0, got {seed_weight!r}")
    if not (np.isfinite(topic_word_prior) and topic_word_prior > 0):
        raise ValueError(f"topic_word_prior must be a finite number > 0, got {topic_word_prior!r}")
    index = {name: j for j, name in enumerate(names)}
    eta = np.full((len(seed_words) + n_residual, len(names)), float(topic_word_prior))
    for k, (topic, words) in enumerate(seed_words.items()):
        unknown = [w for w in words if w not in index]
        if unknown:
            raise ValueError(f"seed words of topic {topic!r} not in the vocabulary: {unknown[:5]}")
        cols = np.fromiter((index[w] for w in words), dtype=np.intp, count=len(words))
        eta[k, cols] += seed_weight * counts[cols]
    return eta
