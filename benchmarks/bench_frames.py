"""Frame matching throughput (normalise + tokenise + match) on Arabic (ANT) and English (UNGDC).

Alternatives run in the same process on the same texts, one core, best of ``--repeat`` runs:

* toolkit: ``Matcher(dictionary)`` built inside the timed region (compiling included), then
  ``find(text, lang, offsets=False)`` on every document, hits counted per frame;
* (a1) the naive regular expression: the text normalised with toolkit's normaliser and folded,
  then one ``re`` alternation of all of a frame's patterns per frame (``finditer``). One
  alternation across frames would let a word count for one frame only, so there is one per frame;
* (a2) the same patterns, one ``re.findall`` per pattern (a loop);
* (b) scikit-learn: ``CountVectorizer(vocabulary=V, ngram_range=(1, 4))`` on toolkit's tokens
  (normalised and folded: a researcher who uses toolkit as the tokenizer; numbers dropped, clause
  punctuation kept so that n-grams do not cross it, as toolkit's phrases), then ``X @ T`` with
  ``T`` the term-to-frame 0/1 matrix. ``V`` is the dictionary's patterns with every glob expanded
  against the corpus vocabulary, as a researcher would do; that expansion is done once, outside
  the timed region (its time is printed separately).

The three must count the same things, so they run on a *comparable* view of the dictionary: the
entries of at most 4 tokens without a lone ``*`` (what ``ngram_range=(1, 4)`` can express), with
no exclusions or requirements (raw matching: every hit), and without entries that can overlap
another entry of the same frame in this corpus (toolkit keeps the longest match; a regex
alternation the leftmost, ``findall`` per pattern and ``X @ T`` every one). Counts are compared
per frame and per document. Arabic patterns get toolkit's proclitic chains as an optional group
(``(?:[وف]?(?:[بك]?(?:ال)?|لل?))``, so والإرهاب, بالإرهاب and للإرهاب are found).

A last row runs toolkit on the whole dictionary with its full rule (requirements, exclusions,
longest match): the figure a user gets from ``count_frames``.

Run from the project root:  ``.venv/bin/python benchmarks/bench_frames.py [--repeat 3] [--json out.json]``
(``--json -`` prints the JSON; ``--clock cpu`` times CPU time instead of wall time, for a machine
shared with other work). ``--profile`` adds a cProfile of toolkit's matching on Arabic.
The regex rows take about 3 minutes each, so a whole run takes 15-20 minutes. When the
dictionary does not load, a stand-in (``STAND_IN``, 120 entries per language) is used.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: set before numpy/scipy load a BLAS

import argparse
import cProfile
import io
import itertools
import json
import logging
import math
import pstats
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_text import load_texts

logger = logging.getLogger("bench_frames")

MAX_TOKENS = 4            # ngram_range=(1, 4)
MAX_EXPANSION = 200_000   # n-grams one phrase may expand to in V before it is left out
MATCHER_FILES = ("matcher.py", "compiled.py", "phrases.py", "proclitics.py")  # hashed into the report
SLOW_RUN = 60.0           # seconds: a pipeline slower than this runs once, not best of N

# ---------------------------------------------------------------------------------------------
# Stand-in dictionary, used only when the built-in one does not load (words, globs, phrases).
STAND_IN = {
    "scope": {"entries": [
        {"ar": ["إرهاب*", "داعش*", "تنظيم القاعدة", "جبهة النصرة", "بوكو حرام", "طالبان", "متطرف*",
                "تكفير*", "انتحاري*", "خلايا نائمة", "مقاتلين أجانب", "بن لادن", "جماع* مسلح*",
                "تنظيم الدولة", "ميليشي*", "حوثي*", "عنف*", "تفجير*", "اغتيال*", "خطف*"],
         "en": ["terror*", "isis", "isil", "taliban", "boko haram", "*qa[ie]da", "extremis*",
                "jihadist*", "suicide bomb*", "foreign fighter*", "sleeper cell*", "bin laden",
                "armed group*", "militia*", "insurgen*", "violence", "bombing*", "assassinat*",
                "hostage*", "kidnap*"]}]},
    "military": {"entries": [
        {"ar": ["عسكري*", "جيش*", "جيوش", "قوات مسلحة", "قوات خاصة", "قوات أمن*", "رجال أمن*",
                "شرطة", "جنود", "ضباط", "اعتقال*", "توقيف*", "مداهم*", "غارة", "غارات", "قصف*",
                "عملي* أمني*", "إحباط*", "تفكيك*", "استخبار*", "مخابرات*", "تعاون* أمني*",
                "أمن الحدود", "حملة أمنية", "ضربات جوية"],
         "en": ["militar*", "army", "armies", "troops", "armed forces", "special forces", "security forces",
                "police*", "soldier*", "officers", "arrest*", "detain*", "raid*", "air strike*", "airstrike*",
                "bombard*", "security operation*", "foil*", "thwart*", "dismantl*", "intelligence*",
                "surveillance", "border security", "crackdown*", "counterinsurgency"]}]},
    "ideological": {"entries": [
        {"ar": ["فكر* متطرف*", "فكر* ضال*", "أيديولوجي*", "تطرف فكري", "خطاب* ديني*", "وسطي*", "اعتدال*",
                "تسامح*", "تعايش*", "غلو", "تشدد*", "فتاوى", "فتوى", "تجنيد*", "استقطاب*", "مناهج",
                "توعي*", "مناصح*", "حوار* أديان", "قيم* إسلامي*", "إسلام*", "دين*", "علماء", "شباب*",
                "تحصين*"],
         "en": ["ideolog*", "radical*", "extremist ideolog*", "hate speech", "moderat*", "toleran*",
                "coexistence", "dialogue among civilizations", "religio*", "islam*", "indoctrinat*",
                "recruit*", "education", "youth", "counter-narrative*", "narrative*", "values",
                "fatwa*", "preach*", "interfaith", "deradicali[sz]ation", "brainwash*", "incitement",
                "intoleran*", "xenophobi*"]}]},
    "media": {"entries": [
        {"ar": ["إعلام*", "وسائل إعلام", "مواقع تواصل", "تواصل اجتماعي", "إنترنت", "الإنترنت",
                "شبكات التواصل", "دعاي*", "تحريض*", "صحف*", "صحفي*", "قنوات", "قناة", "فضائي*",
                "تويتر", "فيسبوك", "يوتيوب", "بيان*", "مواقع إلكترونية", "شائعات", "بث*", "منابر",
                "رسائل*", "تضليل*", "خطاب* كراهية"],
         "en": ["media", "social media", "internet", "online", "propaganda", "press", "journalist*",
                "newspaper*", "television", "broadcast*", "twitter", "facebook", "youtube", "website*",
                "cyber*", "disinformation", "misinformation", "rumou?r*", "information technolog*",
                "communication*", "messag*", "video*", "publicity", "outlets", "free expression"]}]},
    "financial": {"entries": [
        {"ar": ["تمويل*", "مموّل*", "أموال", "غسل* أموال", "غسيل أموال", "تبرعات", "جمعيات خيرية",
                "حوالات", "تحويلات مالية", "مصارف", "بنوك", "بنك*", "مالي*", "تجفيف منابع", "تهريب*",
                "فدية", "عقوبات", "تجميد*", "أصول", "اقتصاد*", "ميزاني*", "دعم مالي", "مصادر تمويل",
                "فساد", "اتجار*"],
         "en": ["financ*", "fund*", "money launder*", "laundering", "donations", "charities", "charity",
                "remittance*", "bank*", "sanction*", "freez*", "assets", "ransom*", "smuggl*", "traffick*",
                "illicit", "terrorist financing", "financial action task force", "economic*", "budget*",
                "corruption", "cash", "hawala", "money", "funds"]}]},
}


# ---------------------------------------------------------------------------------------------
# Dictionary

def load_dictionary_or_stand_in(name: str) -> tuple[object, str]:
    """The dictionary to benchmark and where it came from (the stand-in when it does not load)."""
    from toolkit.frames import Dictionary, load_dictionary

    try:
        dictionary = load_dictionary(name)
    except (OSError, ValueError, KeyError, LookupError) as exc:
        logger.warning("dictionary %r does not load (%s); using the stand-in", name, exc)
        return Dictionary.from_dict(STAND_IN), "stand-in (bench_frames.STAND_IN)"
    return dictionary, f"{dictionary.name or name} {dictionary.version or ''}".strip()


def _base(lang: str | None) -> str | None:
    return lang.lower().replace("_", "-").split("-")[0] if lang else None


# ---------------------------------------------------------------------------------------------
# The researcher's regular expressions: one per token pattern (text and vocabulary variants)

FOLD_AR = str.maketrans({"ة": "ه", "ى": "ي"})
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")
PROCLITICS = "(?:[وف]?(?:[بك]?(?:ال)?|لل?))"       # و/ف + ب/ك/ل + ال (ل + ال = لل)
ARTICLE_CHAINS = "(?:[وف]?(?:[بك]?ال|لل))"          # the chains that end in the article
# Token boundaries: no letter (nor letter + hyphen/apostrophe) before or after. Arabic words end
# at a digit ("2015الوحدات" is a number and a word for toolkit); Latin ones do not.
LEFT = {"ar": r"(?<![^\W\d_])(?<![^\W\d_]['\-])", "en": r"(?<!\w)(?<!\w['\-])"}
RIGHT = {"ar": r"(?![^\W\d_])(?!['\-][^\W\d_])",
         # English: "Taliban's" is Taliban + 's for toolkit's tokenizer
         "en": r"(?!\w)(?!-\w)(?!'(?!(?:s|m|d|re|ve|ll)(?!\w))\w)"}
# Clause punctuation a phrase does not cross (toolkit's matching rule 5); spaces, line breaks,
# quotes, dashes and numbers between the words of a phrase do not stop it.
CLAUSE_PUNCTUATION = ".,;:!?\u060c\u061b\u061f\u06d4()[]{}\u2026\u3002\uff0c\uff1b\uff1a"
SEPARATOR = "(?:[^\\w" + "".join(map(re.escape, CLAUSE_PUNCTUATION)) + "]|[\\d_])+"


def glob_regex(glob: str, *, star: str, one: str) -> str:
    """A folded glob as a regex body (``*`` -> ``star``, ``?`` -> ``one``, classes kept)."""
    out, i = [], 0
    while i < len(glob):
        char = glob[i]
        if char == "*":
            out.append(star)
        elif char == "?":
            out.append(one)
        elif char == "[":
            close = glob.find("]", i + 2 if glob[i + 1:i + 2] == "!" else i + 1)
            inner = glob[i + 1:close]
            negate = inner.startswith("!")
            inner = inner[1:] if negate else inner
            out.append("[" + ("^" if negate else "") + inner.replace("\\", "\\\\").replace("^", "\\^") + "]")
            i = close
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def token_regex(token: str, *, star: str, one: str) -> str:
    """One folded token pattern (``=`` marks exact) as a regex, with Arabic proclitics optional."""
    exact = token.startswith("=")
    body = token[1:] if exact else token
    regex = glob_regex(body, star=star, one=one)
    if exact or not _ARABIC_LETTER.match(body):
        return regex
    prefix = re.split(r"[*?\[]", body, maxsplit=1)[0]
    if body.startswith("ال") and len(prefix) >= 4:  # الأمن is also found in للأمن, والأمن
        return f"(?:{PROCLITICS}{regex}|{ARTICLE_CHAINS}{glob_regex(body[2:], star=star, one=one)})"
    return PROCLITICS + regex


class PatternSet:
    """A dictionary's entries for one language, as a researcher translates them.

    ``entries``: ``(frame, pattern, [folded token patterns])``; each token pattern also gets its
    forms in the corpus vocabulary (``expansions``), computed once with a vocabulary regex.
    """

    def __init__(self, dictionary: object, lang: str, normalize: Callable[[str], str]) -> None:
        from toolkit.frames.patterns import split_pattern
        from toolkit.text import tokenize

        self.lang = lang
        self.entries: list[tuple[str, str, list[str]]] = []
        self.unusable: Counter[str] = Counter()
        for category, entry in dictionary.entries():
            if entry.lang is not None and _base(entry.lang) != lang:
                continue
            tokens: list[str] = []
            for token in split_pattern(entry.pattern, lang):
                exact = token.startswith("=")
                body = normalize(token[1:] if exact else token).translate(FOLD_AR)
                if "*" in body or "?" in body or "[" in body:
                    pieces = [body]
                else:
                    pieces = tokenize(body, lang, keep_numbers=True)
                tokens.extend(("=" if exact and i == 0 else "") + p for i, p in enumerate(pieces))
            frame = category.split("/", 1)[0]
            if len(tokens) > MAX_TOKENS:
                self.unusable["more than 4 tokens"] += 1
            elif "*" in tokens:
                self.unusable["lone '*' (any token)"] += 1
            elif any(t.lstrip("=").isdigit() for t in tokens):
                self.unusable["number token (toolkit drops numbers)"] += 1
            else:
                self.entries.append((frame, entry.pattern, tokens))
        self.expansions: dict[str, frozenset[str]] = {}

    def expand(self, vocabulary: list[str]) -> float:
        """Forms of every token pattern in ``vocabulary`` (one regex scan each); returns seconds."""
        start = time.perf_counter()
        joined = "\n".join(vocabulary)
        for _, _, tokens in self.entries:
            for token in tokens:
                if token not in self.expansions:
                    rx = re.compile("^" + token_regex(token, star="[^\n]*", one="[^\n]") + "$", re.MULTILINE)
                    self.expansions[token] = frozenset(rx.findall(joined))
        return time.perf_counter() - start

    def comparable(self) -> tuple[list[tuple[str, str, list[str]]], Counter[str]]:
        """Entries kept for the comparison, and why the others were left out.

        An entry is left out when, in this corpus, it can overlap an entry kept before it in the
        same frame (a shared token form at some alignment), or itself at another offset, or when
        its glob phrase expands to more than ``MAX_EXPANSION`` n-grams.
        """
        dropped = Counter(self.unusable)
        kept: dict[str, list[list[frozenset[str]]]] = {}
        out = []
        for frame, pattern, tokens in self.entries:
            sets = [self.expansions[t] for t in tokens]
            if math.prod(len(s) for s in sets) > MAX_EXPANSION:
                dropped["glob phrase expands to > 200k n-grams"] += 1
                continue
            others = kept.setdefault(frame, [])
            if _overlaps(sets, sets, same=True) or any(_overlaps(sets, o, same=False) for o in others):
                dropped["can overlap another entry of its frame"] += 1
                continue
            others.append(sets)
            out.append((frame, pattern, tokens))
        return out, dropped


def _overlaps(p: list[frozenset[str]], q: list[frozenset[str]], *, same: bool) -> bool:
    """Whether phrases p and q (token form sets) can match overlapping token spans."""
    for shift in range(-(len(q) - 1), len(p)):
        if same and shift == 0:
            continue
        positions = range(max(0, shift), min(len(p), len(q) + shift))
        if all(not p[i].isdisjoint(q[i - shift]) for i in positions):
            return True
    return False


def entry_regex(tokens: list[str], lang: str) -> str:
    left, right = LEFT.get(lang, LEFT["en"]), RIGHT.get(lang, RIGHT["en"])
    parts = [left + token_regex(t, star=r"[\w'\-]*", one=r"[\w'\-]") + right for t in tokens]
    return SEPARATOR.join(parts)


def researcher_tokenizer(lang: str, normalize: Callable[[str], str]) -> Callable[[str], list[str]]:
    """toolkit's tokens of the normalised, folded text, clause punctuation kept as a phrase barrier.

    Numbers are dropped (toolkit's default); punctuation tokens other than clause punctuation
    (quotes, dashes, slashes) are dropped too, so n-grams run over them as toolkit's phrases do.
    """
    from toolkit.text import tokenize

    barrier = frozenset(CLAUSE_PUNCTUATION)

    def tokens(text: str) -> list[str]:
        found = tokenize(normalize(text).translate(FOLD_AR), lang, keep_punct=True, keep_numbers=False)
        return [t for t in found if len(t) > 1 or t.isalnum() or t in barrier]

    return tokens


# ---------------------------------------------------------------------------------------------
# Pipelines: each returns a (documents x frames) int matrix

def toolkit_counts(dictionary: object, texts: list[str], lang: str, frames: list[str], *,
                   counted_only: bool) -> np.ndarray:
    from toolkit.frames import Matcher

    matcher = Matcher(dictionary)
    out = np.zeros((len(texts), len(frames)), dtype=np.int64)
    for row, text in zip(out, texts):
        counts = matcher.find(text, lang, offsets=False).counts(counted_only=counted_only)
        row[:] = [counts[f] for f in frames]
    return out


def regex_alternation_counts(entries: list[tuple[str, str, list[str]]], texts: list[str], lang: str,
                             frames: list[str], normalize: Callable[[str], str]) -> np.ndarray:
    re.purge()  # compiling is part of the run, as for toolkit
    by_frame: dict[str, list[str]] = {f: [] for f in frames}
    for frame, _, tokens in entries:
        by_frame[frame].append(entry_regex(tokens, lang))
    compiled = [(frames.index(f), re.compile("|".join(sorted(rxs, key=len, reverse=True))))
                for f, rxs in by_frame.items() if rxs]
    out = np.zeros((len(texts), len(frames)), dtype=np.int64)
    for row, text in zip(out, texts):
        folded = normalize(text).translate(FOLD_AR)
        for col, rx in compiled:
            row[col] = sum(1 for _ in rx.finditer(folded))
    return out


def regex_loop_counts(entries: list[tuple[str, str, list[str]]], texts: list[str], lang: str,
                      frames: list[str], normalize: Callable[[str], str]) -> np.ndarray:
    re.purge()
    compiled = [(frames.index(frame), re.compile(entry_regex(tokens, lang))) for frame, _, tokens in entries]
    out = np.zeros((len(texts), len(frames)), dtype=np.int64)
    for row, text in zip(out, texts):
        folded = normalize(text).translate(FOLD_AR)
        for col, rx in compiled:
            row[col] += len(rx.findall(folded))
    return out


def vectorizer_terms(patterns: PatternSet, entries: list[tuple[str, str, list[str]]],
                     frames: list[str]) -> dict[str, set[int]]:
    """V with the frames of each term: every glob expanded against the corpus vocabulary."""
    terms: dict[str, set[int]] = {}
    for frame, _, tokens in entries:
        col = frames.index(frame)
        for combo in itertools.product(*(sorted(patterns.expansions[t]) for t in tokens)):
            terms.setdefault(" ".join(combo), set()).add(col)
    return terms


def sklearn_counts(terms: dict[str, set[int]], texts: list[str], lang: str, frames: list[str],
                   normalize: Callable[[str], str]) -> np.ndarray:
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    vocabulary = {term: i for i, term in enumerate(terms)}
    rows = [i for i, cols in enumerate(terms.values()) for _ in cols]
    cols = [c for cs in terms.values() for c in cs]
    term_frame = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                                   shape=(len(vocabulary), len(frames)))
    vectorizer = CountVectorizer(vocabulary=vocabulary, ngram_range=(1, MAX_TOKENS), lowercase=False,
                                 token_pattern=None, dtype=np.int64, tokenizer=researcher_tokenizer(lang, normalize))
    x = vectorizer.fit_transform(texts)
    return np.asarray((x @ term_frame).todense())


# ---------------------------------------------------------------------------------------------
# Timing, comparison, report

CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


def timed(fn: Callable[[], np.ndarray], repeat: int, clock: str = "wall") -> tuple[float, int, np.ndarray]:
    """Best time of ``repeat`` runs (one run when it takes longer than SLOW_RUN), runs, result.

    ``clock="cpu"`` counts this process's CPU time instead of wall time: on a machine shared
    with other work, a closer measure of throughput per core (the process is single-threaded).
    """
    now = CLOCKS[clock]
    best, runs, result = float("inf"), 0, None
    for _ in range(repeat):
        start = now()
        result = fn()
        elapsed = now() - start
        best, runs = min(best, elapsed), runs + 1
        if elapsed > SLOW_RUN:
            break
    return best, runs, result


def compare(result: np.ndarray, reference: np.ndarray, frames: list[str]) -> dict[str, object]:
    diff = result != reference
    return {"identical": bool(not diff.any()),
            "frames_equal": [f for j, f in enumerate(frames) if not diff[:, j].any()],
            "cells_differing": int(diff.sum()), "documents_differing": int(diff.any(axis=1).sum()),
            "abs_difference": int(np.abs(result - reference).sum()),
            "totals": dict(zip(frames, map(int, result.sum(axis=0))))}


def mismatch_examples(key: str, entries: list[tuple[str, str, list[str]]], terms: dict[str, set[int]],
                      texts: list[str], lang: str, frames: list[str], comparable_dictionary: object,
                      normalize: Callable[[str], str], cells: np.ndarray, limit: int = 8) -> list[dict[str, object]]:
    """For a few differing (document, frame) cells: what toolkit found that the alternative did not, and back.

    toolkit's side lists its hits' surfaces (normalised, folded); the regex side its matches;
    scikit-learn's side the n-grams of V it counted.
    """
    from toolkit.frames import Matcher

    matcher = Matcher(comparable_dictionary)
    compiled = {f: [re.compile(entry_regex(t, lang)) for fr, _, t in entries if fr == f] for f in frames}
    tokenizer = researcher_tokenizer(lang, normalize)
    out = []
    for doc, col in list(zip(*np.nonzero(cells)))[:limit]:
        frame, text = frames[col], texts[doc]
        mine = Counter(normalize(h.surface).translate(FOLD_AR)
                       for h in matcher.find(text, lang).hits if h.frame == frame)
        if key == "b":
            tokens = tokenizer(text)
            theirs = Counter(g for n in range(1, MAX_TOKENS + 1) for i in range(len(tokens) - n + 1)
                             if col in terms.get(g := " ".join(tokens[i:i + n]), ()))
        else:
            folded = normalize(text).translate(FOLD_AR)
            theirs = Counter(m.group() for rx in compiled[frame] for m in rx.finditer(folded))
        out.append({"pipeline": key, "doc": int(doc), "frame": frame, "toolkit_only": dict(mine - theirs),
                    "alternative_only": dict(theirs - mine)})
    return out


def profile_toolkit(dictionary: object, texts: list[str], lang: str, top: int = 18) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    toolkit_counts(dictionary, texts, lang, list(dictionary.frames), counted_only=True)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(top)
    return stream.getvalue()


def bench_language(lang: str, texts: list[str], dictionary: object, args: argparse.Namespace) -> dict[str, object]:
    from toolkit.frames import Category, Dictionary, Entry
    from toolkit.text import Preprocessor

    normalize = Preprocessor().normalizer(lang)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    frames = list(dictionary.top_level)
    patterns = PatternSet(dictionary, lang, normalize)
    start = time.perf_counter()
    tokenizer = researcher_tokenizer(lang, normalize)
    vocabulary = sorted({tok for t in texts for tok in tokenizer(t)})
    vocab_seconds = time.perf_counter() - start
    expand_seconds = patterns.expand(vocabulary)
    entries, dropped = patterns.comparable()
    comparable = Dictionary([Category(f, entries=tuple(Entry(p, lang=lang) for fr, p, _ in entries if fr == f))
                             for f in frames], name="comparable view")
    terms = vectorizer_terms(patterns, entries, frames)
    info = {"lang": lang, "documents": len(texts), "mb": round(mb, 2), "frames": frames,
            "entries_for_lang": len(patterns.entries) + sum(patterns.unusable.values()),
            "entries_comparable": len(entries), "entries_left_out": dict(dropped),
            "vocabulary": len(vocabulary), "sklearn_terms": len(terms),
            "setup_seconds_not_timed": {"vocabulary": round(vocab_seconds, 2),
                                        "glob_expansion": round(expand_seconds, 2)},
            "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    print(f"\n{lang}: {len(texts):,} documents, {mb:.1f} MB; {info['entries_for_lang']} entries for {lang}, "
          f"{len(entries)} comparable (left out: {dict(dropped)}); vocabulary {len(vocabulary):,} forms, "
          f"V = {len(terms):,} terms (vocabulary {vocab_seconds:.1f} s + glob expansion {expand_seconds:.1f} s, "
          f"not timed); load average {info['loadavg_before']}")
    pipelines: list[tuple[str, str, Callable[[], np.ndarray]]] = [
        ("toolkit", "toolkit Matcher + find, comparable entries (all hits)",
         lambda: toolkit_counts(comparable, texts, lang, frames, counted_only=False)),
        ("a1", "(a1) re alternation per frame, finditer",
         lambda: regex_alternation_counts(entries, texts, lang, frames, normalize)),
        ("a2", "(a2) re.findall per pattern (loop)",
         lambda: regex_loop_counts(entries, texts, lang, frames, normalize)),
        ("b", "(b) sklearn CountVectorizer(1-4 grams) @ T",
         lambda: sklearn_counts(terms, texts, lang, frames, normalize)),
        ("full", "toolkit, whole dictionary, full rule (counted hits)",
         lambda: toolkit_counts(dictionary, texts, lang, frames, counted_only=True)),
    ]
    rows, results = [], {}
    print(f"{'pipeline':56} {'seconds':>8} {'runs':>4} {'MB/s':>7} {'x toolkit':>9}  counts vs toolkit")
    for key, name, fn in pipelines:
        if key in args.skip:
            continue
        seconds, runs, result = timed(fn, args.repeat, args.clock)
        results[key] = result
        row = {"key": key, "pipeline": name, "seconds": round(seconds, 3), "runs": runs,
               "mb_per_s": round(mb / seconds, 2), "loadavg": [round(x, 2) for x in os.getloadavg()]}
        if key == "toolkit":
            base = seconds
            row["totals"] = dict(zip(frames, map(int, result.sum(axis=0))))
            check = "reference: " + ", ".join(f"{f} {n:,}" for f, n in row["totals"].items())
        elif key == "full":
            row["x_toolkit"] = round(seconds / base, 2) if "toolkit" in results else None
            row["totals"] = dict(zip(frames, map(int, result.sum(axis=0))))
            check = "not comparable (other entries, rule): " + ", ".join(f"{f} {n:,}" for f, n in row["totals"].items())
        else:
            row["x_toolkit"] = round(seconds / base, 2) if "toolkit" in results else None
            row["equality"] = compare(result, results["toolkit"], frames) if "toolkit" in results else None
            eq = row["equality"]
            check = ("identical per document and frame" if eq and eq["identical"] else
                     f"{eq['cells_differing']} doc x frame cells differ ({eq['documents_differing']} docs, "
                     f"|diff| {eq['abs_difference']}); frames equal: {eq['frames_equal']}" if eq else "")
        rows.append(row)
        ratio = f"{row['x_toolkit']:.2f}" if row.get("x_toolkit") else "1.00" if key == "toolkit" else ""
        print(f"{name:56} {seconds:8.2f} {runs:4d} {row['mb_per_s']:7.2f} {ratio:>9}  {check}", flush=True)
    info["rows"] = rows
    if "toolkit" in results:
        for key in ("a2", "b"):
            if key in results and (results[key] != results["toolkit"]).any():
                info[f"mismatch_examples_{key}"] = mismatch_examples(
                    key, entries, terms, texts, lang, frames, comparable, normalize, results[key] != results["toolkit"])
        if "a2" in results and "b" in results:
            info["a2_vs_b"] = compare(results["b"], results["a2"], frames)
    for key in ("a2", "b"):
        for example in info.get(f"mismatch_examples_{key}", []):
            print(f"  {key} differs: {json.dumps(example, ensure_ascii=False)}")
    if "a2_vs_b" in info:
        print(f"  (b) vs (a2): {info['a2_vs_b']['cells_differing']} cells differ")
    if args.profile and lang == "ar":
        info["profile"] = profile_toolkit(dictionary, texts, lang)
        print(info["profile"])
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--max-mb", type=float, default=15.0, help="MB of text per language (ANT has ~10)")
    parser.add_argument("--dictionary", default="terrorism_frames", help="built-in name or file")
    parser.add_argument("--langs", nargs="+", default=["ar", "en"], choices=["ar", "en"])
    parser.add_argument("--skip", nargs="*", default=[], choices=["a1", "a2", "b", "full"],
                        help="pipelines to leave out")
    parser.add_argument("--profile", action="store_true", help="cProfile toolkit's matching on Arabic")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="time with the wall clock (default) or this process's CPU time (shared machines)")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file ('-': print them)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    dictionary, source = load_dictionary_or_stand_in(args.dictionary)
    start = time.perf_counter()
    corpora = load_texts(args.max_mb)
    import hashlib

    import toolkit.frames.matcher as matcher_module

    matcher_dir = Path(matcher_module.__file__).parent  # the matching code: matcher and the modules it uses
    matcher_sha = hashlib.sha1(b"".join((matcher_dir / name).read_bytes() for name in MATCHER_FILES)).hexdigest()[:10]
    print(f"dictionary: {source} ({sum(1 for _ in dictionary.entries())} entries, fingerprint "
          f"{dictionary.fingerprint}); matcher code sha1 {matcher_sha}; texts loaded in {time.perf_counter() - start:.1f} s; "
          f"best of {args.repeat} (one run when slower than {SLOW_RUN:.0f} s), {args.clock} clock; 1 process, "
          "BLAS threads 1; "
          f"{os.cpu_count()} cores; load average {[round(x, 2) for x in os.getloadavg()]}")
    report = {"date": time.strftime("%Y-%m-%d"), "dictionary": source, "fingerprint": dictionary.fingerprint,
              "matcher_sha1": matcher_sha, "clock": args.clock,
              "repeat": args.repeat,
              "languages": [bench_language(lang, corpora[lang], dictionary, args) for lang in args.langs]}
    if args.json is not None:
        text = json.dumps(report, indent=2, ensure_ascii=False)
        if str(args.json) == "-":
            print(text)
        else:
            args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
