"""coherence(): gensim's CoherenceModel reproduced to 1e-6 (pinned values, live gensim, random
corpora), the exact-window variant against brute force, vocabulary handling, errors, real data."""

from __future__ import annotations

import logging
import math
import warnings

import numpy as np
import pytest
from conftest import require_shared
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.topics.coherence import WINDOW_SIZES, CoherenceResult, coherence

nan = math.nan

# gensim's classic toy corpus, plus an empty text and a long text repeating words within windows
TEXTS = [
    ["human", "interface", "computer"],
    ["survey", "user", "computer", "system", "response", "time"],
    ["eps", "user", "interface", "system"],
    ["system", "human", "system", "eps"],
    ["user", "response", "time"],
    ["trees"],
    ["graph", "trees"],
    ["graph", "minors", "trees"],
    ["graph", "minors", "survey"],
    [],
    ["system", "user", "system", "graph", "user", "system", "trees", "eps", "user", "human", "system",
     "interface", "computer", "user"],
]
TOPICS = {
    "plain": [["human", "computer", "system", "interface"], ["graph", "trees", "minors", "survey"]],
    "unseen": [["system", "user", "ghost", "eps"], ["trees", "graph", "unicorn"]],  # gensim drops unknown words
    "repeats": [["system", "user", "system", "eps"], ["minors"]],  # a repeated word; a one-word topic
}

# CoherenceModel(topics=..., texts=TEXTS, dictionary=Dictionary(TEXTS), coherence=measure,
# window_size=window, topn=top_n or 100, processes=1).get_coherence_per_topic(), gensim 4.4.0
PINNED = [
    ("u_mass", "plain", None, None, [-0.4534121202, -5.1776642267]),
    ("u_mass", "plain", None, 3, [-0.4054651081, -0.7890412047]),
    ("c_uci", "plain", None, None, [0.2851760019, -3.7374502023]),
    ("c_uci", "plain", None, 3, [0.1203764314, 0.3906865035]),
    ("c_uci", "plain", 2, None, [-3.8309053317, -7.0035104432]),
    ("c_uci", "plain", 2, 3, [-7.9595556486, 0.7162836644]),
    ("c_uci", "plain", 4, None, [0.5521345529, -3.2875243521]),
    ("c_uci", "plain", 4, 3, [0.3775112265, 0.6761023866]),
    ("c_npmi", "plain", None, None, [0.2171227062, 0.0802425074]),
    ("c_npmi", "plain", None, 3, [0.1303629048, 0.2907407539]),
    ("c_npmi", "plain", 2, None, [-0.0894130102, -0.0911871217]),
    ("c_npmi", "plain", 2, 3, [-0.2793526111, 0.2299105514]),
    ("c_npmi", "plain", 4, None, [0.2943403212, 0.1101801484]),
    ("c_npmi", "plain", 4, 3, [0.2180351165, 0.2711460885]),
    ("c_v", "plain", None, None, [0.9173660034, 0.6280856958]),
    ("c_v", "plain", None, 3, [0.9058955076, 0.8919757618]),
    ("c_v", "plain", 2, None, [0.389829648, 0.4374660485]),
    ("c_v", "plain", 2, 3, [0.3422513645, 0.7866246609]),
    ("c_v", "plain", 4, None, [0.8270474951, 0.6027129114]),
    ("c_v", "plain", 4, 3, [0.7844391065, 0.8155762709]),
    ("u_mass", "unseen", None, None, [-0.4228371085, -0.2876820724]),
    ("c_uci", "unseen", None, None, [0.4824396877, 0.4744579796]),
    ("c_uci", "unseen", 2, None, [-0.1381656943, 0.3364722367]),
    ("c_uci", "unseen", 4, None, [0.220733139, 0.3422862065]),
    ("c_npmi", "unseen", None, None, [0.3946993026, 0.5178028797]),
    ("c_npmi", "unseen", 2, None, [-0.0468931852, 0.0946383394]),
    ("c_npmi", "unseen", 4, None, [0.1505988493, 0.1680442062]),
    ("c_v", "unseen", None, None, [0.9458824495, 0.9618614748]),
    ("c_v", "unseen", 2, None, [0.5189717017, 0.7705830542]),
    ("c_v", "unseen", 4, None, [0.7298274508, 0.8145116045]),
    ("u_mass", "repeats", None, None, [-0.3073125784, nan]),
    ("u_mass", "repeats", None, 3, [-0.1917880483, nan]),
    ("c_uci", "repeats", None, None, [0.5757089856, nan]),
    ("c_uci", "repeats", 2, 3, [0.0662024633, nan]),
    ("c_uci", "repeats", 4, None, [0.288310657, nan]),
    ("c_npmi", "repeats", None, None, [0.5163910789, nan]),
    ("c_npmi", "repeats", 2, 3, [0.2259019844, nan]),
    ("c_npmi", "repeats", 4, None, [0.2856192527, nan]),
    ("c_v", "repeats", None, None, [0.974191113, 1.0]),
    ("c_v", "repeats", 2, 3, [0.6007435352, 1.0]),
    ("c_v", "repeats", 4, None, [0.7406022276, 1.0]),
    ("c_v", "repeats", 4, 3, [0.8846991519, 1.0]),
]


def gensim_scores(topics, texts, measure, window_size=None, top_n=None, dictionary=None):
    """Per-topic scores from gensim itself (single process, as coherence() reproduces)."""
    pytest.importorskip("gensim")
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # gensim's own divide-by-zero warnings
        model = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary or Dictionary(texts),
                               coherence=measure, window_size=window_size, topn=top_n or 10_000, processes=1)
        return np.array(model.get_coherence_per_topic(), dtype=float)


@pytest.fixture(autouse=True)
def _quiet(caplog):
    caplog.set_level(logging.ERROR, logger="toolkit.topics.coherence")


# ---------------------------------------------------------------------- gensim equality
@pytest.mark.parametrize(("measure", "key", "window", "top_n", "expected"), PINNED)
def test_coherence_matches_pinned_gensim_values(measure, key, window, top_n, expected):
    result = coherence(TOPICS[key], TEXTS, measure=measure, window_size=window, top_n=top_n)
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=1e-6, equal_nan=True)
    assert result.mean == pytest.approx(np.mean(expected), abs=1e-6, nan_ok=True)


@pytest.mark.parametrize("measure", sorted(WINDOW_SIZES))
@pytest.mark.parametrize("key", sorted(TOPICS))
@pytest.mark.parametrize(("window", "top_n"), [(None, None), (1, None), (3, 2), (5, 3), (20, None)])
def test_coherence_matches_live_gensim(measure, key, window, top_n):
    window = None if measure == "u_mass" else window
    expected = gensim_scores(TOPICS[key], TEXTS, measure, window, top_n)
    result = coherence(TOPICS[key], TEXTS, measure=measure, window_size=window, top_n=top_n)
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=1e-6, equal_nan=True)


def test_coherence_gensim_window_quirk_differs_from_exact_windows():
    # "a b a c" with windows of 3: gensim clears "a" when the first "a" leaves the window, though
    # the window "b a c" still holds one, so it counts "a" in 1 of 2 windows, not 2.
    texts = [["a", "b", "a", "c"]]
    gensim = coherence([["a", "c"]], texts, measure="c_uci", window_size=3)
    exact = coherence([["a", "c"]], texts, measure="c_uci", window_size=3, windows="exact")
    # gensim: P(a) = 1/2, P(c) = 1/2, P(a, c) = 0 -> log(1e-12 / 0.25); exact: P(a) = 1, P(c) = 1/2,
    # P(a, c) = 1/2 -> log(0.5 / 0.5) = 0
    assert gensim.scores[0] == pytest.approx(math.log(1e-12 / 0.25))
    assert exact.scores[0] == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(gensim.scores, gensim_scores([["a", "c"]], texts, "c_uci", 3), atol=1e-6)


def _dictionary_with_ghost():
    pytest.importorskip("gensim")
    from gensim.corpora import Dictionary

    return Dictionary([*TEXTS, ["ghost"]])


@pytest.mark.parametrize("measure", sorted(WINDOW_SIZES))
def test_coherence_explicit_dictionary_word_absent_from_texts_follows_gensim(measure):
    # "ghost" is in the dictionary but never in the texts: gensim's arithmetic gives 0 or log(e / P)
    # for u_mass, inf for c_uci/c_npmi and NaN for c_v; coherence() gives the same.
    dictionary = _dictionary_with_ghost()
    topics = [["system", "ghost", "user"], ["graph", "trees"]]
    expected = gensim_scores(topics, TEXTS, measure, dictionary=dictionary)
    with np.errstate(all="ignore"):
        result = coherence(topics, TEXTS, measure=measure, dictionary=dictionary)
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=1e-6, equal_nan=True)
    assert result.missing == ((), ())
    vocabulary = {w for t in TEXTS for w in t} | {"ghost"}
    again = coherence(topics, TEXTS, measure=measure, dictionary=vocabulary)  # a plain set of words
    np.testing.assert_array_equal(again.scores, result.scores)


def test_coherence_u_mass_pair_conditioned_on_absent_word_scores_zero():
    # u_mass pairs: (ghost | system) -> log((0 + e) / P(system)); (user | ghost) -> 0 (gensim's
    # ZeroDivisionError); (user | system) -> log((P(user, system) + e) / P(system))
    texts = [["system", "user"], ["system"], ["user"]]
    result = coherence([["system", "ghost", "user"]], texts, dictionary={"system", "user", "ghost"})
    pairs = [math.log(1e-12 / (2 / 3)), math.log((1 / 3 + 1e-12) / (2 / 3)), 0.0]
    assert result.scores[0] == pytest.approx(np.mean(pairs))


words = st.sampled_from("abcdef")
corpora = st.lists(st.lists(words, max_size=15), min_size=1, max_size=6)
topic_sets = st.lists(st.lists(st.sampled_from("abcdefz"), min_size=1, max_size=5), min_size=1, max_size=3)


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(texts=corpora, topics=topic_sets, measure=st.sampled_from(sorted(WINDOW_SIZES)),
       window=st.integers(1, 8), top_n=st.none() | st.integers(1, 4))
def test_coherence_random_corpora_match_gensim(texts, topics, measure, window, top_n):
    window = None if measure == "u_mass" else window
    vocabulary = {w for t in texts for w in t}
    kept = [[w for w in t if w in vocabulary] for t in topics]
    if not all(kept):  # gensim and coherence() both refuse a topic with no known word
        with pytest.raises(ValueError, match="none of its words"):
            coherence(topics, texts, measure=measure, window_size=window, top_n=top_n)
        return
    if top_n is not None:  # gensim truncates only when the first topic is longer than topn
        topics = [t[:top_n] for t in kept]
    expected = gensim_scores(topics, texts, measure, window, top_n)
    result = coherence(topics, texts, measure=measure, window_size=window, top_n=top_n)
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=1e-6, equal_nan=True)


# ---------------------------------------------------------------------- exact windows
def brute_force_counts(texts, words, window):
    """Windows, and windows holding each word and each pair, counting every window holding a word."""
    n = 0
    single = dict.fromkeys(words, 0)
    pair = {}
    for text in texts:
        for start in range(max(1, len(text) - window + 1)):
            n += 1
            present = set(text[start:start + window]) & set(words)
            for w in present:
                single[w] += 1
            for u in present:
                for v in present:
                    pair[u, v] = pair.get((u, v), 0) + 1
    return n, single, pair


@settings(max_examples=80)
@given(texts=corpora, window=st.integers(1, 7))
def test_coherence_exact_windows_match_brute_force(texts, window):
    words = sorted({w for t in texts for w in t})
    if len(words) < 2:
        return
    n, single, pair = brute_force_counts(texts, words, window)
    npmi = []
    for u in words:
        for v in words:
            if u != v:
                co = pair.get((u, v), 0) / n + 1e-12
                npmi.append(math.log(co / (single[u] / n * single[v] / n)) / -math.log(co))
    result = coherence([words], texts, measure="c_npmi", window_size=window, windows="exact")
    assert result.n_documents == n
    assert result.scores[0] == pytest.approx(np.mean(npmi), abs=1e-9)


def test_coherence_windows_agree_without_repeats():
    texts = [["a", "b", "c", "d", "e"], ["c", "a"], []]
    for measure in ("c_uci", "c_npmi", "c_v"):
        gensim = coherence([["a", "c", "e"]], texts, measure=measure, window_size=3)
        exact = coherence([["a", "c", "e"]], texts, measure=measure, window_size=3, windows="exact")
        np.testing.assert_allclose(gensim.scores, exact.scores)


# ---------------------------------------------------------------------- hand-computed
def test_coherence_u_mass_hand_computed():
    texts = [["war", "terror"], ["war"], ["terror", "peace"], ["war", "terror", "peace"]]
    # D(war) = 3, D(terror) = 3, D(peace) = 2, D(war, terror) = 2, D(peace, war) = 1, D(peace, terror) = 2
    # pairs (terror | war), (peace | war), (peace | terror): log((2/4 + e) / (3/4)), log((1/4 + e) / (3/4)),
    # log((2/4 + e) / (3/4))
    expected = np.mean([math.log(2 / 3), math.log(1 / 3), math.log(2 / 3)])
    result = coherence([["war", "terror", "peace"]], texts, measure="u_mass")
    assert result.scores[0] == pytest.approx(expected)
    assert result.n_documents == 4 and result.window_size is None


def test_coherence_c_v_hand_computed():
    # one text "a b", windows of 2: one window holding both. NPMI(a, b) = NPMI(a, a) = NPMI(b, b)
    # = log((1 + e) / 1) / -log(1 + e) = -1, so every context vector is (-1, -1) and the topic's is
    # (-2, -2): cosines 1
    result = coherence([["a", "b"]], [["a", "b"]], measure="c_v", window_size=2)
    assert result.scores[0] == pytest.approx(1.0)


def test_coherence_short_and_empty_texts_are_one_window_each():
    texts = [["a"], [], ["a", "b", "c"]]
    result = coherence([["a", "b"]], texts, measure="c_npmi", window_size=10)
    assert result.n_documents == 3
    # P(a) = 2/3, P(b) = 1/3, P(a, b) = 1/3: NPMI = log((1/3) / (2/9)) / -log(1/3)
    assert result.scores[0] == pytest.approx(math.log(1.5) / math.log(3))


# ---------------------------------------------------------------------- options and result
def test_coherence_default_window_sizes_are_gensims():
    assert WINDOW_SIZES == {"u_mass": None, "c_v": 110, "c_uci": 10, "c_npmi": 10}
    assert coherence([["a", "b"]], [["a", "b"]], measure="c_v").window_size == 110


def test_coherence_missing_words_are_dropped_before_top_n(caplog):
    caplog.set_level(logging.WARNING, logger="toolkit.topics.coherence")
    texts = [["a", "b", "c"], ["b", "c"]]
    result = coherence([["x", "a", "y", "b", "c"]], texts, top_n=2)
    assert result.topics == (("a", "b"),)
    assert result.missing == (("x", "y"),)
    assert "dropped" in caplog.text


def test_coherence_result_frame_and_mean():
    result = coherence(TOPICS["plain"], TEXTS, measure="c_npmi")
    assert isinstance(result, CoherenceResult)
    frame = result.to_frame()
    assert list(frame.columns) == ["topic", "score", "n_words", "words", "missing"]
    assert frame["topic"].tolist() == [0, 1]
    assert frame["words"].iloc[0] == "human computer system interface"
    assert float(result) == pytest.approx(frame["score"].mean())


def test_coherence_accepts_generators_and_arrays():
    texts = (iter(t) for t in TEXTS)
    topics = [np.array(t) for t in TOPICS["plain"]]
    result = coherence(topics, texts, measure="c_v")
    np.testing.assert_allclose(result.scores, [0.9173660034, 0.6280856958], atol=1e-6)


def test_coherence_is_deterministic_and_leaves_inputs_alone():
    topics = [list(t) for t in TOPICS["repeats"]]
    texts = [list(t) for t in TEXTS]
    first = coherence(topics, texts, measure="c_v", window_size=3)
    second = coherence(topics, texts, measure="c_v", window_size=3)
    np.testing.assert_array_equal(first.scores, second.scores)
    assert topics == TOPICS["repeats"] and texts == TEXTS


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"measure": "c_w2v"}, ValueError, "measure='c_w2v' is invalid"),
    ({"measure": "u_mass", "window_size": 10}, ValueError, "takes no window_size"),
    ({"measure": "c_npmi", "window_size": 0}, ValueError, "window_size must be a positive integer"),
    ({"top_n": 0}, ValueError, "top_n must be a positive integer"),
    ({"windows": "sliding"}, ValueError, "windows='sliding' is invalid"),
    ({"topics": ["human computer"]}, TypeError, "split a space-separated string"),
    ({"topics": "human"}, TypeError, "topics must be a list of topics"),
    ({"topics": [["human"], []]}, ValueError, "topic 1 is empty"),
    ({"topics": []}, ValueError, "topics is empty"),
    ({"topics": [["human", 3]]}, TypeError, "words must be str"),
    ({"topics": [["human"], ["nowhere", "nothing"]]}, ValueError, "topic 1 has none of its words"),
    ({"texts": ["human interface computer"]}, TypeError, "texts must be token lists"),
    ({"texts": "human"}, TypeError, "texts must be a list of token lists"),
    ({"texts": []}, ValueError, "texts is empty"),
    ({"texts": [[["nested"]]]}, TypeError, "sequences of str tokens"),
    ({"dictionary": 5}, TypeError, "dictionary must be an iterable of words"),
])
def test_coherence_rejects_bad_input(kwargs, error, match):
    args = {"topics": TOPICS["plain"], "texts": TEXTS, **kwargs}
    with pytest.raises(error, match=match):
        coherence(args.pop("topics"), args.pop("texts"), **args)


# ---------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def ungdc_2015():
    """Sixty 2015 General Debate speeches, tokenised, and six topics of frequent words."""
    from collections import Counter

    import toolkit
    from toolkit.text import Preprocessor

    corpus = toolkit.read_corpus(require_shared("ungdc"), layout="ungdc", include="*Session 70 - 2015*")
    pre = Preprocessor(lang="en", stop_words=True)
    texts = [pre(text) for _, text in list(corpus.items())[:60]]
    frequent = [w for w, _ in Counter(w for t in texts for w in t).most_common(60)]
    return [frequent[i::6] for i in range(6)], texts


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize("measure", sorted(WINDOW_SIZES))
def test_coherence_matches_gensim_on_ungdc_speeches(ungdc_2015, measure):
    topics, texts = ungdc_2015
    expected = gensim_scores(topics, texts, measure)
    np.testing.assert_allclose(coherence(topics, texts, measure=measure).scores, expected, rtol=0, atol=1e-6)
