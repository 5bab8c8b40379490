"""Seeded topics: seed words from the frame dictionary, the prior they make, and seeds pulling topics to frames."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from toolkit.dtm import dtm
from toolkit.errors import DictionaryError
from toolkit.frames import Dictionary
from toolkit.text import Preprocessor
from toolkit.topics import (
    DEFAULT_SEEDS,
    TopicModel,
    seed_prior,
    seed_topics,
    seed_words,
)
from toolkit.topics.selection import match_topics

# words of each frame of terrorism_frames (English), and words of no frame
FRAME_WORDS = {
    "military": ["army", "arrested", "military", "raid", "soldiers", "troops", "weapons"],
    "ideological": ["extremism", "extremist", "ideological", "ideology", "narrative", "radicalization"],
    "media": ["broadcast", "internet", "media", "online", "propaganda", "websites"],
    "financial": ["banks", "donations", "financing", "funding", "funds", "laundering", "money"],
}
OTHER = ["weather", "rain", "sun", "cloud", "wind", "harvest"]
FILLER = ["council", "nations", "world", "people", "development", "peace"]


def _frame_corpus(n_docs: int = 200, length: int = 40, seed: int = 0):
    """Documents drawn from LDA with five planted topics: the four frames' words and a weather topic.

    Each planted topic puts 80% of its mass on its own words and 20% on words shared by all.
    Returns the DTM and the planted beta over its features.
    """
    rng = np.random.default_rng(seed)
    groups = [*FRAME_WORDS.values(), OTHER]
    vocab = sorted({w for g in groups for w in g} | set(FILLER))
    col = {w: j for j, w in enumerate(vocab)}
    beta = np.zeros((len(groups), len(vocab)))
    for k, words in enumerate(groups):
        beta[k, [col[w] for w in words]] = 0.8 / len(words)
        beta[k, [col[w] for w in FILLER]] += 0.2 / len(FILLER)
    theta = rng.dirichlet(np.full(len(groups), 0.3), size=n_docs)
    docs = []
    for d in range(n_docs):
        z = rng.choice(len(groups), size=length, p=theta[d])
        tokens = [vocab[rng.choice(len(vocab), p=beta[k])] for k in z]
        docs.append({"doc_id": f"d{d:03d}", "text": " ".join(tokens), "lang": "en"})
    m = dtm(docs)
    order = [col[w] for w in m.feature_names.tolist()]
    return m, beta[:, order]


@pytest.fixture(scope="module")
def frames_corpus():
    return _frame_corpus()


# ---------------------------------------------------------------------- seed topics
def test_seeded_default_seeds_are_the_four_frames():
    assert DEFAULT_SEEDS == "terrorism_frames"
    topics = seed_topics(DEFAULT_SEEDS)
    assert list(topics) == ["military", "ideological", "media", "financial"]
    assert {lang for entries in topics.values() for lang, _ in entries} == {"ar", "en", "fr"}


def test_seeded_topics_from_a_mapping_and_a_dictionary():
    assert seed_topics({"money": ["fund*"], "war": ["troops"]}) == {"money": [(None, "fund*")], "war": [(None, "troops")]}
    d = Dictionary.from_dict({"a": {"x": ["w1"], "y": [{"en": ["w2*"]}]}, "b": ["w3"]})
    assert seed_topics(d) == {"a": [(None, "w1"), ("en", "w2*")], "b": [(None, "w3")]}


@pytest.mark.parametrize(("seeds", "error", "message"), [
    ({}, ValueError, "seeds is an empty mapping"),
    ({"a": "troops"}, TypeError, r"must be a list of words or globs, got the str 'troops'; write \['troops'\]"),
    ({"a": ["terror[ism"]}, DictionaryError, "unbalanced"),
    (42, TypeError, "seeds must be a Dictionary"),
    ("no_such_dictionary", DictionaryError, "no built-in dictionary named 'no_such_dictionary'"),
])
def test_seeded_bad_seeds_raise(seeds, error, message):
    with pytest.raises(error, match=message):
        seed_topics(seeds)


# ---------------------------------------------------------------------- seed words
def test_seeded_words_expand_globs_against_the_vocabulary_in_order():
    names = ["attack", "attacks", "counterattack", "fund", "funding", "military", "refund"]
    assert seed_words(names, {"war": ["attack*", "*military"], "money": ["fund*"]}) == \
        {"war": ("attack", "attacks", "military"), "money": ("fund", "funding")}


def test_seeded_words_fold_case_accents_and_arabic_letters():
    assert seed_words(["sécurité", "Terror", "الجماعة"], {"a": ["securite", "terror", "الجماعه"]}) == \
        {"a": ("sécurité", "Terror", "الجماعة")}


def test_seeded_words_arabic_proclitics_and_exact_forms():
    names = ["الامن", "امن", "بالامن", "وامن", "امنية"]
    words = seed_words(names, {"any": ["أمن"], "exact": ["=امن"], "glob": ["أمن*"]})
    assert words == {"any": ("الامن", "امن", "بالامن", "وامن"), "exact": ("امن",),
                     "glob": ("الامن", "امن", "بالامن", "وامن", "امنية")}


def test_seeded_words_from_an_arabic_dtm_use_the_frames():
    m = dtm([{"text": "تمويل الإرهاب والدعاية الإعلامية عبر الإنترنت", "lang": "ar"},
             {"text": "الفكر المتطرف والقوات العسكرية", "lang": "ar"}])
    words = seed_words(m)
    assert "تمويل" in words["financial"] and "الدعاية" in words["media"]
    assert "المتطرف" in words["ideological"] and "العسكرية" in words["military"]


def test_seeded_words_use_each_tagged_features_language():
    m = dtm([{"text": "تمويل الإرهاب والدعاية", "lang": "ar"}, {"text": "financing of terrorism and propaganda", "lang": "en"},
             {"text": "le financement du terrorisme", "lang": "fr"}])
    assert m.params["tagged"]
    words = seed_words(m)
    assert words["financial"] == ("ar:تمويل", "en:financing", "fr:financement")
    assert words["media"] == ("ar:الدعاية", "en:propaganda")


def test_seeded_words_match_phrases_on_ngram_features_only():
    text = "money laundering and financing of terrorism"
    unigrams = seed_words(dtm([{"text": text, "lang": "en"}]), {"f": ["money laundering", "financing"]})
    bigrams = seed_words(dtm([{"text": text, "lang": "en"}], ngram_range=(1, 2)), {"f": ["money laundering", "financing"]})
    assert unigrams == {"f": ("financing",)}
    assert bigrams == {"f": ("financing", "money laundering")}


def test_seeded_words_match_stems_when_the_dtm_is_stemmed():
    m = dtm([{"text": "the troops raided the banks of money launderers", "lang": "en"}],
            preprocessor=Preprocessor(lang="en", stemmer="snowball"))
    assert "troop" in m.feature_names.tolist()
    words = seed_words(m)
    assert words["military"] == ("raid", "troop") and words["financial"] == ("bank", "launder", "money")


def test_seeded_words_warn_about_empty_topics(caplog):
    with caplog.at_level("WARNING"):
        assert seed_words(["peace"], {"a": ["peace"], "b": ["war"]}) == {"a": ("peace",), "b": ()}
    assert "no seed word in the vocabulary: b" in caplog.text


def test_seeded_words_reject_a_string_vocabulary():
    with pytest.raises(TypeError, match="not one str"):
        seed_words("peace", {"a": ["peace"]})


# ---------------------------------------------------------------------- prior
def test_seeded_prior_adds_weighted_frequencies_to_seed_cells():
    eta = seed_prior({"a": ["x", "z"], "b": ["z"]}, ["x", "y", "z"], [10, 5, 2], seed_weight=0.5,
                     topic_word_prior=0.1, n_residual=2)
    expected = np.full((4, 3), 0.1)
    expected[0, 0] += 5.0
    expected[0, 2] += 1.0
    expected[1, 2] += 1.0
    np.testing.assert_allclose(eta, expected)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"seed_words": {"a": ["q"]}}, r"seed words of topic 'a' not in the vocabulary: \['q'\]"),
    ({"term_counts": [1, 2]}, "term_counts has 2 values for 3 features"),
    ({"seed_weight": -1.0}, "seed_weight must be a finite number >= 0"),
    ({"topic_word_prior": 0.0}, "topic_word_prior must be a finite number > 0"),
])
def test_seeded_prior_bad_inputs(kwargs, message):
    args = {"seed_words": {"a": ["x"]}, "feature_names": ["x", "y", "z"], "term_counts": [1, 2, 3],
            "seed_weight": 1.0, "topic_word_prior": 0.1, **kwargs}
    with pytest.raises(ValueError, match=message):
        seed_prior(**args)


# ---------------------------------------------------------------------- seeded models
def test_seeded_model_puts_the_frames_first_and_residual_topics_after(frames_corpus):
    m, _ = frames_corpus
    model = TopicModel(6, seeds=DEFAULT_SEEDS, random_state=0, max_iter=30).fit(m)
    assert model.topic_names_ == ["military", "ideological", "media", "financial", "other_1", "other_2"]
    assert model.get_feature_names_out().tolist() == model.topic_names_
    assert set(model.seed_words_["military"]) == set(FRAME_WORDS["military"])
    assert model.topic_word_prior_.shape == (6, m.n_features)


@pytest.mark.parametrize("random_state", [0, 1, 2])
def test_seeded_topics_land_on_their_frames(frames_corpus, random_state):
    """Known structure: five planted topics, four of them a frame's words. With the frames as seeds
    (and one residual topic) each seeded topic is its frame's planted topic, whatever the random start."""
    m, beta = frames_corpus
    model = TopicModel(5, seeds=DEFAULT_SEEDS, random_state=random_state, max_iter=50).fit(m)
    order, similarity = match_topics(beta, model)
    assert order.tolist() == [0, 1, 2, 3, 4]
    assert similarity.min() > 0.9


def test_seeds_pull_mass_onto_seed_words_as_the_weight_grows(frames_corpus):
    m, _ = frames_corpus
    seeds = {"military": ["army", "troops"], "money": ["money"]}  # a few of the planted topics' words
    cols = {t: [m.feature_index(w) for w in ws] for t, ws in seeds.items()}
    mass = []
    for weight in (0.0, 0.2, 1.0, 5.0):
        model = TopicModel(5, seeds=seeds, seed_weight=weight, random_state=0, max_iter=30).fit(m)
        mass.append([model.topic_word_[k, cols[t]].sum() for k, t in enumerate(seeds)])
    mass = np.array(mass)
    assert np.all(np.diff(mass, axis=0) > 0), mass


def test_seed_weight_zero_is_the_unseeded_model(frames_corpus):
    m, _ = frames_corpus
    # from the same random start (the SVD start of residual topics depends on their number)
    seeded = TopicModel(5, seeds={"a": ["army"]}, seed_weight=0.0, init="random", random_state=3,
                        max_iter=10).fit(m)
    plain = TopicModel(5, init="random", random_state=3, max_iter=10).fit(m)
    np.testing.assert_array_equal(seeded.components_, plain.components_)
    np.testing.assert_array_equal(seeded.doc_topic_posterior_, plain.doc_topic_posterior_)


def test_seeded_model_is_deterministic(frames_corpus):
    m, _ = frames_corpus
    a, b = (TopicModel(5, seeds=DEFAULT_SEEDS, random_state=7, max_iter=10).fit(m) for _ in range(2))
    np.testing.assert_array_equal(a.components_, b.components_)
    np.testing.assert_array_equal(a.doc_topic_, b.doc_topic_)


def test_seeded_model_on_arabic_text():
    rng = np.random.default_rng(0)
    groups = [["القوات", "العسكرية", "الجيش", "الجنود"], ["تمويل", "الأموال", "البنوك", "التبرعات"]]
    docs = [{"text": " ".join(rng.choice(groups[i % 2], size=20)), "lang": "ar"} for i in range(40)]
    m = dtm(docs)
    model = TopicModel(5, seeds=DEFAULT_SEEDS, random_state=0, max_iter=20).fit(m)
    assert model.seed_words_["military"] and model.seed_words_["financial"]
    military, financial = model.topic_names_.index("military"), model.topic_names_.index("financial")
    top = {k: set(m.feature_names[np.argsort(model.topic_word_[k])[-4:]]) for k in (military, financial)}
    assert top[military] == {"القوات", "العسكرية", "الجيش", "الجنود"}
    assert top[financial] == {"تمويل", "الاموال", "البنوك", "التبرعات"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_components": 3}, r"n_components=3 but there are 4 seed topics .* set n_components=4"),
    ({"n_components": 6, "n_residual": 1}, r"n_components=6 but there are 4 seed topics .*n_residual=1: set n_components=5"),
])
def test_seeded_model_topic_counts_must_agree(frames_corpus, kwargs, message):
    m, _ = frames_corpus
    with pytest.raises(ValueError, match=message):
        TopicModel(seeds=DEFAULT_SEEDS, **kwargs).fit(m)


def test_seeded_model_needs_matching_seed_words_and_feature_names(frames_corpus):
    m, _ = frames_corpus
    with pytest.raises(ValueError, match="no seed word of .* occurs in the vocabulary"):
        TopicModel(4, seeds={"a": ["zebra"], "b": ["giraffe"]}).fit(m)
    with pytest.raises(ValueError, match="fit on a DTM or pass feature_names="):
        TopicModel(4, seeds=DEFAULT_SEEDS).fit(sparse.csr_matrix(np.ones((3, 4))))
    model = TopicModel(2, seeds={"a": ["x"]}, random_state=0, max_iter=5)
    model.fit(sparse.csr_matrix(np.ones((3, 2))), feature_names=["x", "y"])
    assert model.seed_words_ == {"a": ("x",)} and model.topic_names_ == ["a", "other_1"]
