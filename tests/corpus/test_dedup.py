"""Tests for toolkit.corpus.dedup: exact and near-duplicate detection (MinHash + LSH)."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared
from toolkit.corpus.dedup import COLUMNS, duplicate_mask, find_duplicates
from toolkit.corpus.dedup import (_MERSENNE_61, _choose_bands, _hash_parameters,
                                  _minhash_signatures, _normalize_for_dedup, _universal_hash)
from toolkit.errors import DuplicateIdError


# A wire story (our own text, in the style of an SPA dispatch), 162 words.
AR_STORY = (
    "الرياض - واس: عقد مجلس الوزراء جلسته الأسبوعية اليوم. "
    "أكد مجلس الوزراء خلال جلسته الأسبوعية التي عقدها اليوم برئاسة خادم الحرمين الشريفين أن "
    "المملكة ماضية في دعم جهود مكافحة الإرهاب وتجفيف منابع تمويله بالتعاون مع الدول الشقيقة "
    "والصديقة. وأوضح وزير الثقافة والإعلام في بيانه لوكالة الأنباء السعودية عقب الجلسة أن المجلس "
    "استعرض تطورات الأوضاع في المنطقة والجهود المبذولة لإعادة الأمن والاستقرار إلى اليمن الشقيق. "
    "وأشار إلى أن المجلس نوه بما حققته الأجهزة الأمنية من نجاحات في إحباط عدد من المخططات "
    "الإجرامية التي كانت تستهدف أمن الوطن ومقدراته، مثمنا يقظة رجال الأمن وتضحياتهم. كما رحب "
    "المجلس بنتائج الاجتماع الوزاري الخليجي الأخير، مؤكدا أهمية تعزيز العمل المشترك بين دول مجلس "
    "التعاون في المجالات السياسية والاقتصادية والأمنية. واطلع المجلس على عدد من الموضوعات المدرجة "
    "على جدول أعماله، من بينها موضوعات اشترك مجلس الشورى في دراستها، وقرر الموافقة على مذكرة "
    "تفاهم للتعاون في مجال الطاقة المتجددة مع إحدى الدول الصديقة، إضافة إلى تنظيم جديد للهيئة "
    "العامة للإحصاء يهدف إلى تطوير العمل الإحصائي ورفع جودة البيانات الوطنية."
)
# The same dispatch as another newspaper ran it: its own first sentence, a trailing credit.
AR_REPUBLISHED = (
    "جدة - اجتمع المجلس في قصر السلام برئاسة الملك. "
    + AR_STORY[AR_STORY.index(". ") + 2:] + "\n(المصدر: وكالة الأنباء السعودية)"
)
# Same topic, many shared words, different text.
AR_SAME_TOPIC = (
    "عقد مجلس الوزراء جلسته برئاسة خادم الحرمين الشريفين، واستعرض المجلس جهود المملكة في "
    "مكافحة الإرهاب وتجفيف منابع تمويله، ونوه بيقظة رجال الأمن. وأوضح وزير الثقافة والإعلام أن "
    "المجلس رحب بالاجتماع الوزاري الخليجي، وأكد على تعزيز العمل الخليجي المشترك في المجالات "
    "الأمنية والاقتصادية. وقرر المجلس الموافقة على تنظيم الهيئة العامة للإحصاء، وعلى مذكرة تفاهم "
    "في مجال الطاقة مع دولة صديقة، بعد أن اطلع على الموضوعات المدرجة على جدول أعماله ومنها "
    "موضوعات درسها مجلس الشورى. وأشار الوزير إلى أن الأجهزة الأمنية أحبطت مخططات تستهدف أمن "
    "الوطن، وأن الأوضاع في اليمن والمنطقة كانت محل متابعة المجلس وأن المملكة تدعم الأمن والاستقرار."
)

EN_STORY = (
    "Police detained eleven people on Tuesday, officials said. Security forces arrested eleven suspects in three provinces on Tuesday after a months-long "
    "investigation into a network that financed and recruited fighters abroad, the interior "
    "ministry said. A ministry spokesman told reporters that the suspects, who include two "
    "foreign nationals, would be referred to the specialised criminal court once the public "
    "prosecutor completes the charges. He said the network had used charities and small "
    "businesses to move money across borders and that investigators had seized documents, "
    "computers and cash during the raids. The spokesman thanked citizens who had reported "
    "suspicious activity and urged the public to keep cooperating with the authorities. The "
    "arrests follow a series of attacks claimed by militant groups in the region this year, "
    "which prompted the government to tighten laws on terrorism financing and on travel to "
    "conflict zones."
)
EN_REPUBLISHED = (
    "RIYADH (Reuters) - Eleven arrests were announced this week. "
    + EN_STORY[EN_STORY.index("Security forces"):]
    + "\n(Reporting by a staff correspondent; Editing by the desk)"
)
EN_SAME_TOPIC = (
    "The interior ministry said on Tuesday that security forces had arrested suspects in several "
    "provinces, the latest in a series of raids against networks accused of recruiting fighters "
    "and financing militant groups abroad. Investigators seized cash, computers and documents, a "
    "spokesman said, adding that the suspects would face the specialised criminal court. The "
    "government tightened terrorism financing laws this year after attacks in the region, and "
    "the spokesman urged citizens to keep reporting suspicious activity to the authorities, "
    "thanking those who had already cooperated with investigators in the three provinces."
)

# Arabic-like words for the generated corpora: no alef forms, no ة/ى, so normalisation keeps them.
_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
_MARKS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640"]
_SPACES = [" ", "  ", "\n", "\t", " \u00a0 "]


def _word(index: int) -> str:
    letters = []
    index += len(_LETTERS) ** 2  # at least three letters
    while index:
        index, digit = divmod(index, len(_LETTERS))
        letters.append(_LETTERS[digit])
    return "".join(letters)


def _random_text(rng: np.random.Generator, n_words: int, vocabulary: int = 20_000) -> str:
    return " ".join(_word(int(i)) for i in rng.integers(0, vocabulary, n_words))


def _perturb(text: str, rng: np.random.Generator) -> str:
    """Same text after normalisation: diacritics/tatweel inside words, other whitespace."""
    out = []
    for word in text.split():
        chars = list(word)
        if rng.random() < 0.5:
            chars.insert(int(rng.integers(1, len(chars) + 1)), _MARKS[int(rng.integers(len(_MARKS)))])
        out.append("".join(chars))
        out.append(_SPACES[int(rng.integers(len(_SPACES)))])
    return "".join(out)


def _reference_jaccard(a: str, b: str, k: int = 5) -> float:
    def shingles(text: str) -> set[tuple[str, ...]]:
        tokens = _normalize_for_dedup(text).split()
        if len(tokens) < k:
            return {tuple(tokens)}
        return {tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)}
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def _reference_signature(values: list[int], a: np.ndarray, b: np.ndarray) -> list[int]:
    """Slow pure-Python MinHash: Python integers never overflow."""
    if not values:
        return [_MERSENNE_61] * len(a)
    return [min((int(ai) * v + int(bi)) % _MERSENNE_61 for v in values) for ai, bi in zip(a, b)]


# --- normalisation ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("مُحَمَّدٌ", "محمد"),                                  # harakat, tanwin, shadda
    ("الـــرحمـن", "الرحمن"),                               # tatweel
    ("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله"),     # alef forms, taa marbuta
    ("مستشفى", "مستشفي"),                                   # alef maqsura
    ("عام ١٤٣٦ و۲۰۱۵", "عام 1436 و2015"),                    # Arabic-Indic digits
    ("ﻻ", "لا"),                                            # NFKC: presentation-form ligature
    ("Le  Communiqué,\n FINAL!!", "le communiqué final"),     # case, punctuation, whitespace
    ("a\u200fb c\u00a0d", "ab c d"),                          # RLM removed, NBSP is a space
    ("--  «بيان»  --", "بيان"),
    ("😀 text 𝐀𝐁", "text ab"),                               # astral: emoji, NFKC math letters
    ("", ""),
])
def test_dedup_normalize_for_dedup(raw, expected):
    assert _normalize_for_dedup(raw) == expected


def test_dedup_normalize_false_collapses_whitespace_only():
    assert _normalize_for_dedup(" A,  b\n\tC ", normalize=False) == "A, b C"


# --- exact duplicates ---------------------------------------------------------------------------

def test_dedup_exact_modulo_diacritics_alef_whitespace():
    texts = ["أعلنت الوزارة إطلاق المبادرة", "other text",
             "أَعْلَنَتِ   الوزارة\nاطلاق المبادرة.", "اعلنت الوزاره إطلاق المبادره"]
    groups = find_duplicates(texts)
    assert groups["doc_id"].tolist() == ["0", "2", "3"]
    assert groups["kind"].tolist() == ["exact"] * 3
    assert groups["similarity"].tolist() == [1.0, 1.0, 1.0]
    assert groups["n_in_group"].tolist() == [3, 3, 3]
    assert groups["is_first"].tolist() == [True, False, False]


def test_dedup_exact_method_agrees_on_exact_copies():
    texts = ["One two three.", "one, two THREE", "four"]
    assert find_duplicates(texts, method="exact").equals(find_duplicates(texts))


def test_dedup_empty_texts_never_duplicates():
    texts = ["", "", "   ", "!!", None, float("nan"), "text", "  "]
    groups = find_duplicates(texts)
    assert groups.empty
    assert list(groups.columns) == list(COLUMNS)
    assert not duplicate_mask(texts).any()


def test_dedup_accepts_pandas_input_with_missing_values():
    texts = pd.Series(["x y", pd.NA, "x  y", None])
    groups = find_duplicates(texts, ids=pd.Index(["p", "q", "r", "s"]))
    assert groups["doc_id"].tolist() == ["p", "r"]


def test_dedup_normalize_false_is_stricter():
    texts = ["Same text.", "same text", "Same   text."]
    assert find_duplicates(texts, normalize=False)["doc_id"].tolist() == ["0", "2"]
    assert find_duplicates(texts)["doc_id"].tolist() == ["0", "1", "2"]


# --- near duplicates ----------------------------------------------------------------------------

@pytest.mark.parametrize("story, republished", [(AR_STORY, AR_REPUBLISHED),
                                                (EN_STORY, EN_REPUBLISHED)], ids=["ar", "en"])
def test_dedup_republished_wire_story_is_near(story, republished):
    groups = find_duplicates([story, "unrelated short note", republished])
    assert groups["doc_id"].tolist() == ["0", "2"]
    assert groups["kind"].tolist() == ["near", "near"]
    copy = groups.iloc[1]
    assert 0.8 <= copy["similarity"] < 1.0
    assert copy["similarity"] == pytest.approx(_reference_jaccard(story, republished), abs=1e-12)
    assert find_duplicates([story, republished], method="exact").empty


@pytest.mark.parametrize("story, same_topic", [(AR_STORY, AR_SAME_TOPIC),
                                               (EN_STORY, EN_SAME_TOPIC)], ids=["ar", "en"])
def test_dedup_same_topic_articles_not_grouped(story, same_topic):
    story_words = set(_normalize_for_dedup(story).split())
    topic_words = set(_normalize_for_dedup(same_topic).split())
    assert len(story_words & topic_words) >= 20  # the fixture does share much vocabulary
    assert find_duplicates([story, same_topic], threshold=0.8).empty


def _chain() -> list[str]:
    words = [_word(i) for i in np.random.default_rng(7).integers(0, 20_000, 240)]
    return [" ".join(words[0:200]), " ".join(words[20:220]), " ".join(words[40:240])]


def test_dedup_groups_are_transitive():
    a, b, c = _chain()
    assert _reference_jaccard(a, b) >= 0.8 and _reference_jaccard(b, c) >= 0.8
    assert _reference_jaccard(a, c) < 0.8
    groups = find_duplicates([a, "noise text here", c, b])
    assert groups["doc_id"].tolist() == ["0", "2", "3"]
    assert set(groups["group"]) == {0}
    assert groups["n_in_group"].tolist() == [3, 3, 3]
    similarity = dict(zip(groups["doc_id"], groups["similarity"]))
    assert similarity["2"] == pytest.approx(_reference_jaccard(a, c))  # below threshold: chained


@pytest.mark.parametrize("threshold, grouped", [(0.8, False), (0.7, True)])
def test_dedup_candidates_verified_by_exact_jaccard(threshold, grouped):
    words = [_word(i) for i in np.random.default_rng(8).integers(0, 20_000, 230)]
    a, b = " ".join(words[0:200]), " ".join(words[30:230])
    assert _reference_jaccard(a, b) == pytest.approx(166 / 226)  # within the estimate's slack
    groups = find_duplicates([a, b], threshold=threshold)
    assert len(groups) == (2 if grouped else 0)


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_dedup_first_occurrence_is_kept(order):
    texts = [AR_STORY, AR_REPUBLISHED, _normalize_for_dedup(AR_STORY)]
    shuffled = [texts[i] for i in order]
    ids = [f"doc{i}" for i in order]
    groups = find_duplicates(shuffled, ids=ids)
    assert groups["doc_id"].tolist() == ids
    assert groups["is_first"].tolist() == [True, False, False]
    mask = duplicate_mask(shuffled, ids=ids)
    assert mask.tolist() == [False, True, True]


def test_dedup_kind_per_member_and_representative():
    texts = [AR_STORY, AR_REPUBLISHED, AR_STORY + " ", "x y z", "x, y, z"]
    groups = find_duplicates(texts)
    assert groups["kind"].tolist() == ["near", "near", "exact", "exact", "exact"]
    assert groups["group"].tolist() == [0, 0, 0, 1, 1]
    assert groups["n_in_group"].tolist() == [3, 3, 3, 2, 2]


def test_dedup_short_documents_use_whole_token_list():
    texts = ["three word text", "three word text!", "three word texts", "three word"]
    groups = find_duplicates(texts)
    assert groups["doc_id"].tolist() == ["0", "1"]
    assert groups["kind"].tolist() == ["exact", "exact"]


# --- table, ids, mask, options ------------------------------------------------------------------

def test_dedup_ids_default_to_positions():
    groups = find_duplicates(["a b", "c", "a b"])
    assert groups["doc_id"].tolist() == ["0", "2"]
    assert groups["doc_id"].map(type).eq(str).all()


def test_dedup_columns_and_dtypes():
    groups = find_duplicates(["a b", "c", "a b", "c", "d"], ids=["x", "y", "z", "w", "v"])
    assert list(groups.columns) == list(COLUMNS)
    assert groups["group"].dtype == np.int64
    assert groups["is_first"].dtype == bool
    assert groups["similarity"].dtype == np.float64
    assert groups["n_in_group"].dtype == np.int64
    assert groups["doc_id"].tolist() == ["x", "z", "y", "w"]
    assert groups["group"].tolist() == [0, 0, 1, 1]
    info = groups.attrs["duplicates"]
    assert info["method"] == "minhash" and (info["bands"], info["rows"]) == (21, 6)


def test_dedup_duplicate_ids_rejected():
    with pytest.raises(DuplicateIdError, match="'a' occurs more than once"):
        find_duplicates(["x", "y", "z"], ids=["a", "b", "a"])


def test_dedup_ids_length_mismatch():
    with pytest.raises(ValueError, match="ids has 2 entries but texts has 3"):
        find_duplicates(["x", "y", "z"], ids=["a", "b"])


@pytest.mark.parametrize("kwargs, error, message", [
    ({"method": "fuzzy"}, ValueError, r"method='fuzzy' is invalid; must be one of"),
    ({"threshold": 0.0}, ValueError, r"threshold=0.0 is invalid"),
    ({"threshold": 1.5}, ValueError, r"threshold=1.5 is invalid"),
    ({"shingle_size": 0}, ValueError, r"shingle_size=0 is invalid"),
    ({"num_perm": 1}, ValueError, r"num_perm=1 is invalid"),
    ({"random_state": None}, TypeError, r"random_state must be an int"),
])
def test_dedup_invalid_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        find_duplicates(["a"], **kwargs)


@pytest.mark.parametrize("texts, message", [("one text", "not a single string"),
                                            (["ok", 3], r"texts\[1\] is a int")])
def test_dedup_invalid_texts(texts, message):
    with pytest.raises(TypeError, match=message):
        find_duplicates(texts)


def test_dedup_mask_agrees_with_table():
    a, b, c = _chain()
    texts = [a, AR_STORY, b, "", AR_REPUBLISHED, EN_STORY, c, "", EN_REPUBLISHED, a]
    groups = find_duplicates(texts)
    mask = duplicate_mask(texts)
    dropped = groups.loc[~groups["is_first"], "doc_id"].astype(int).tolist()
    assert np.flatnonzero(mask).tolist() == sorted(dropped) == [2, 4, 6, 8, 9]
    assert mask.dtype == bool and mask.shape == (len(texts),)


def test_dedup_deterministic_for_random_state():
    texts = [*_chain(), AR_STORY, AR_REPUBLISHED, EN_STORY, EN_REPUBLISHED, AR_SAME_TOPIC]
    first = find_duplicates(texts, random_state=3)
    pd.testing.assert_frame_equal(first, find_duplicates(texts, random_state=3))
    assert first.attrs == find_duplicates(texts, random_state=3).attrs
    a3, _ = _hash_parameters(16, 3)
    a4, _ = _hash_parameters(16, 4)
    assert not np.array_equal(a3, a4)


def test_dedup_input_not_modified():
    texts = [AR_STORY, AR_REPUBLISHED]
    before = list(texts)
    find_duplicates(texts)
    assert texts == before


@pytest.mark.parametrize("show, expect_output", [(True, True), (False, False)])
def test_dedup_progress_bar(capsys, show, expect_output):
    find_duplicates([AR_STORY, AR_REPUBLISHED], show_progress=show)
    assert bool(capsys.readouterr().err) is expect_output


# --- MinHash internals --------------------------------------------------------------------------

def test_dedup_universal_hash_edge_values():
    # a=1, b=p-1, x=1 gives exactly p before the last reduction; the others stress the split
    a = np.array([1, 1, 2, _MERSENNE_61 - 1, (1 << 60) + 12345], dtype=np.uint64)
    b = np.array([0, _MERSENNE_61 - 1, _MERSENNE_61 - 1, _MERSENNE_61 - 1, 7], dtype=np.uint64)
    x = np.array([0, 1, 2**31, 2**32 - 1, 123456789], dtype=np.uint64)
    buffer = np.empty((3, x.size, a.size), dtype=np.uint64)
    got = _universal_hash(x[:, None], (a >> np.uint64(32))[None, :],
                          (a & np.uint64(0xFFFFFFFF))[None, :], b[None, :], buffer)
    expected = [[(int(ai) * int(xi) + int(bi)) % _MERSENNE_61 for ai, bi in zip(a, b)] for xi in x]
    assert got.tolist() == expected


@pytest.mark.parametrize("chunk_size", [1, 3, 512])
def test_dedup_minhash_matches_slow_reference(chunk_size):
    rng = np.random.default_rng(11)
    sets = [rng.integers(0, 2**32, n).tolist() for n in (1, 7, 0, 40, 2, 0, 13)]
    sets.append([0, 2**32 - 1])
    a, b = _hash_parameters(24, random_state=5)
    values = np.array([v for s in sets for v in s], dtype=np.uint64)
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sets])))
    got = _minhash_signatures(values, offsets, a, b, chunk_size=chunk_size)
    assert got.tolist() == [_reference_signature(s, a, b) for s in sets]


def test_dedup_minhash_rejects_wide_values():
    a, b = _hash_parameters(4, 0)
    with pytest.raises(ValueError, match="below 2\\*\\*32"):
        _minhash_signatures(np.array([2**40], dtype=np.uint64), np.array([0, 1]), a, b)


@pytest.mark.parametrize("jaccard", [0.05, 0.3, 0.5, 0.8, 0.95])
@pytest.mark.parametrize("seed", [0, 1])
def test_dedup_minhash_estimate_close_to_exact_jaccard(jaccard, seed):
    rng = np.random.default_rng(seed)
    universe = rng.choice(2**32, size=600, replace=False).astype(np.uint64)
    shared = int(round(jaccard * 400 / (1 + jaccard)))  # |A|=|B|=200, |A & B| = shared
    x = universe[:200]
    y = np.concatenate((universe[:shared], universe[200:400 - shared]))
    exact = shared / (400 - shared)
    a, b = _hash_parameters(256, random_state=seed)
    sig = _minhash_signatures(np.concatenate((x, y)), np.array([0, 200, 400]), a, b)
    estimate = float(np.mean(sig[0] == sig[1]))
    assert abs(estimate - exact) <= 0.15


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9, 0.95])
@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_dedup_choose_bands_recall(threshold, num_perm):
    bands, rows = _choose_bands(threshold, num_perm)
    assert bands * rows <= num_perm
    assert 1 - (1 - threshold**rows) ** bands >= 0.99
    stricter = num_perm // (rows + 1)
    assert 1 - (1 - threshold ** (rows + 1)) ** stricter < 0.99 or rows == num_perm


# --- properties ---------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_texts=st.integers(1, 8),
       copies=st.lists(st.integers(0, 7), max_size=6), data=st.data())
def test_dedup_property_every_copy_flagged(seed, n_texts, copies, data):
    rng = np.random.default_rng(seed)
    originals = [_random_text(rng, data.draw(st.integers(30, 80))) for _ in range(n_texts)]
    perturbed = [_perturb(originals[i % n_texts], rng) for i in copies]
    texts = originals + perturbed
    mask = duplicate_mask(texts)
    assert not mask[:n_texts].any()
    assert mask[n_texts:].all()
    groups = find_duplicates(texts)
    copied = groups[groups["doc_id"].astype(int) >= n_texts]
    assert (copied["kind"] == "exact").all()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), lengths=st.lists(st.integers(30, 90), min_size=2,
                                                        max_size=12))
def test_dedup_property_distinct_random_texts_not_flagged(seed, lengths):
    rng = np.random.default_rng(seed)
    texts = [_random_text(rng, n) for n in lengths]
    assert find_duplicates(texts).empty


# --- real data ----------------------------------------------------------------------------------

def _saudinewsnet_day(name: str) -> list[dict]:
    path = require_shared("saudinewsnet", "dataset", name)
    with zipfile.ZipFile(path) as archive:
        return [record for member in archive.namelist()
                for record in json.loads(archive.read(member))]


@pytest.mark.integration
def test_dedup_saudinewsnet_one_day_finds_wire_copies():
    articles = _saudinewsnet_day("2015-08-04.zip")
    texts = [a.get("content") or "" for a in articles]
    groups = find_duplicates(texts, show_progress=False)
    mask = duplicate_mask(texts, show_progress=False)
    first = groups[groups["is_first"]]
    assert int(mask.sum()) == len(groups) - len(first)
    sources = groups.assign(source=[articles[int(i)]["source"] for i in groups["doc_id"]])
    cross = sources[sources["kind"] == "near"].groupby("group")["source"].nunique()
    assert (cross > 1).sum() >= 5  # one dispatch, several newspapers
    near = groups[(groups["kind"] == "near") & ~groups["is_first"]]
    for _, row in near.head(20).iterrows():
        rep = groups[(groups["group"] == row["group"]) & groups["is_first"]]["doc_id"].iloc[0]
        reference = _reference_jaccard(texts[int(rep)], texts[int(row["doc_id"])])
        assert row["similarity"] == pytest.approx(reference, abs=1e-9)
