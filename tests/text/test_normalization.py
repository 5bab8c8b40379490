"""toolkit.text.normalization: each step, every normalize() option on and off, real Arabic, properties."""

from __future__ import annotations

import inspect
import json
import re
import unicodedata
import zipfile
from collections import Counter

import pytest
from conftest import require_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.text import normalization as nz
from toolkit.text.normalization import (
    ALEF_VARIANTS,
    ARABIC_DIACRITICS,
    NORMALIZE_DEFAULTS,
    TATWEEL,
    normalize,
    normalize_digits,
    remove_diacritics,
    remove_tatweel,
    strip_accents,
    unify_alef,
    unify_alef_maqsura,
    unify_quotes,
    unify_taa_marbuta,
)

OPTION_NAMES = ("form", "diacritics", "tatweel", "alef", "alef_maqsura", "taa_marbuta", "digits",
                "quotes", "lowercase", "accents")
HAMZA_CARRIERS = ("ؤ", "ئ")  # hamza on waw and on yeh: never touched


def naive_strip(text: str) -> str:
    """The pitfall: decompose, then drop every nonspacing mark."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


# --- single steps -------------------------------------------------------------------------------

@pytest.mark.parametrize(("func", "raw", "expected"), [
    (remove_diacritics, "أَعْلَنَتْ وِزَارَةُ الدَّاخِلِيَّةِ", "أعلنت وزارة الداخلية"),
    (remove_diacritics, "مُؤْتَمَرٌ رَئِيسِيٌّ", "مؤتمر رئيسي"),
    (remove_diacritics, "ذَٰلِكَ", "ذلك"),                          # dagger alef U+0670
    (remove_diacritics, "الرَّحِيمِ ۝ ٱلْحَمْدُ ۖ", "الرحيم  ٱلحمد "),  # Quranic signs U+06D6-U+06ED
    (remove_diacritics, "Élysée", "Élysée"),
    (remove_tatweel, "الإرهـــاب والتطـرف", "الإرهاب والتطرف"),
    (unify_alef, "أكد إن آليات ٱلدولة", "اكد ان اليات الدولة"),
    (unify_alef, "مسؤول رئيس", "مسؤول رئيس"),
    (unify_alef_maqsura, "إلى مستشفى", "إلي مستشفي"),
    (unify_taa_marbuta, "الحكومة التونسية", "الحكومه التونسيه"),
    (normalize_digits, "٢٠١٥/٠٣/١٨ و۱۳۹۴ و٣٫٥ و١٬٠٠٠", "2015/03/18 و1394 و3.5 و1,000"),
    (unify_quotes, "l’État, lʼONU, ‘terror’, “Daech”, «داعش»",
     "l'État, l'ONU, 'terror', \"Daech\", \"داعش\""),
    (strip_accents, "Sécurité à Gafsa, Çà et là, naïve", "Securite a Gafsa, Ca et la, naive"),
    (strip_accents, "e\u0301lu", "elu"),                            # decomposed accent
    (strip_accents, "œuvre, Łódź", "œuvre, Łodz"),                 # no decomposition: kept
])
def test_steps_examples(func, raw, expected):
    assert func(raw) == expected


@pytest.mark.parametrize("func", [remove_diacritics, remove_tatweel, unify_alef, unify_alef_maqsura,
                                  unify_taa_marbuta, normalize_digits, unify_quotes, strip_accents,
                                  lambda t: normalize(t, "ar")])
def test_steps_reject_non_text(func):
    with pytest.raises(TypeError, match="expects text as str, got float.*fillna"):
        func(float("nan"))


def test_remove_diacritics_keeps_hamza_written_as_combining_mark():
    # و/ي/ا + combining hamza (how some keyboards and PDFs store ؤ ئ أ): composed, then kept.
    decomposed = unicodedata.normalize("NFD", "مسؤول رئيس أمن")
    assert decomposed != "مسؤول رئيس أمن"
    assert remove_diacritics(decomposed) == "مسؤول رئيس أمن"


def test_strip_accents_leaves_arabic_marks():
    assert strip_accents("الإِرْهَابُ") == "الإِرْهَابُ"


# --- the decomposition pitfall ------------------------------------------------------------------

@pytest.mark.parametrize(("word", "naive_result"), [
    ("مسؤول", "مسوول"),       # official -> nonsense
    ("رئيس", "رييس"),         # president
    ("المهدئة", "المهدية"),    # "the sedative" -> Mahdia (a Tunisian city): a real collision in ANT
    ("إرهاب", "ارهاب"),        # hamza on alef lost without asking
])
def test_normalize_not_fooled_like_nfd_stripping(word, naive_result):
    assert naive_strip(word) == naive_result
    assert normalize(word, "ar", alef=False) == word
    assert remove_diacritics(word) == word


def test_normalize_hamza_on_alef_removed_only_by_alef_option():
    text = unicodedata.normalize("NFD", "الإِرْهَابُ مسؤولية رئيس")
    assert normalize(text, "ar", alef=False) == "الإرهاب مسؤولية رئيس"
    assert normalize(text, "ar") == "الارهاب مسؤولية رئيس"


# --- normalize(): every option on and off -------------------------------------------------------

@pytest.mark.parametrize(("raw", "options", "expected"), [
    ("ﻹرهاب ﺍﻟﺪﻭﻟﺔ", {"form": "NFKC"}, "لارهاب الدولة"),                  # PDF presentation forms
    ("ﻹرهاب ﺍﻟﺪﻭﻟﺔ", {"form": "NFC"}, "ﻹرهاب ﺍﻟﺪﻭﻟﺔ"),
    ("الإِرْهَابُ", {"diacritics": True}, "الارهاب"),
    ("الإِرْهَابُ", {"diacritics": False}, "الاِرْهَابُ"),
    ("الإرهـــاب", {"tatweel": True}, "الارهاب"),
    ("الإرهـــاب", {"tatweel": False}, "الارهـــاب"),
    ("أكد إن آليات ٱلدولة", {"alef": True}, "اكد ان اليات الدولة"),
    ("أكد إن آليات ٱلدولة", {"alef": False}, "أكد إن آليات ٱلدولة"),
    ("على الشرطى", {"alef_maqsura": True}, "علي الشرطي"),
    ("على الشرطى", {"alef_maqsura": False}, "على الشرطى"),
    ("الجمهورية التونسية", {"taa_marbuta": True}, "الجمهوريه التونسيه"),
    ("الجمهورية التونسية", {"taa_marbuta": False}, "الجمهورية التونسية"),
    ("سنة ٢٠١٥ و۲۰۱۶", {"digits": True}, "سنة 2015 و2016"),
    ("سنة ٢٠١٥ و۲۰۱۶", {"digits": False}, "سنة ٢٠١٥ و۲۰۱۶"),
    ("l’attentat « terroriste »", {"quotes": True}, "l'attentat \" terroriste \""),
    ("l’attentat « terroriste »", {"quotes": False}, "l’attentat « terroriste »"),
    ("Le Président de la République", {"lowercase": True}, "le président de la république"),
    ("Le Président de la République", {"lowercase": False}, "Le Président de la République"),
    ("Le Président de la République", {"accents": True}, "le president de la republique"),
    ("Le Président de la République", {"accents": False}, "le président de la république"),
])
def test_normalize_each_option(raw, options, expected):
    assert normalize(raw, "fr", **options) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "côte d'ivoire"), ("fr-CA", "côte d'ivoire"), ("fr_FR", "côte d'ivoire"),
    ("en", "cote d'ivoire"), (None, "cote d'ivoire"), ("ar", "cote d'ivoire"), ("es", "cote d'ivoire"),
])
def test_normalize_accents_default_depends_on_lang_only(lang, expected):
    assert normalize("Côte d’Ivoire", lang) == expected


@pytest.mark.parametrize("lang", ["ar", "fr", "en", None])
def test_normalize_arabic_steps_apply_whatever_lang(lang):
    text = "The so-called «الإِرْهَابُ» of ٢٠١٥"
    assert normalize(text, lang) == 'the so-called "الارهاب" of 2015'


def test_normalize_keeps_arabic_punctuation():
    assert normalize("قال، هل هو إرهاب؟ نعم؛ ٪", "ar") == "قال، هل هو ارهاب؟ نعم؛ ٪"


def test_normalize_nfkc_maps_no_break_spaces_and_ligatures():
    assert normalize("la\u00a0lutte\u202fcontre\u00a0: ﬁnancement", "fr") == "la lutte contre : financement"


def test_normalize_nfkc_may_lengthen_text():
    assert normalize("ﷺ", "ar") == "صلى الله عليه وسلم"
    assert normalize("½", "en") == "1⁄2"
    assert normalize("ﷺ", "ar", form="NFC") == "ﷺ"


def test_normalize_quotes_mapped_before_compatibility_decomposition():
    assert normalize("12″ and l´État", "fr") == "12\" and l'état"


def test_normalize_recomposes_after_deleting_tatweel():
    # ا + tatweel + combining hamza: deleting the tatweel makes أ, which alef then unifies.
    text = "\u0627\u0640\u0654"
    assert normalize(text, "ar", diacritics=False) == "ا"
    assert normalize(text, "ar", diacritics=False, alef=False) == "أ"


def test_normalize_long_text_processed_in_blocks_is_unchanged():
    line = "قال المسؤول: «الإرهـاب» ﻻ دين له\u00a0، سنة ٢٠١٥ ‒ Côte d’Ivoire\n"
    odd = unicodedata.normalize("NFD", "مسؤول رئيسي ذَّلك") + "\n"
    text = (line * 1300 + odd) * 3 + line.strip()
    assert len(text) > 3 * nz._CHUNK_SIZE
    expected = "".join(normalize(part, "ar") for part in text.splitlines(keepends=True))
    assert normalize(text, "ar") == expected


# --- options API --------------------------------------------------------------------------------

def test_normalize_defaults_mirror_signature_and_are_read_only():
    signature = inspect.signature(normalize)
    keyword_only = {name: p.default for name, p in signature.parameters.items()
                    if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert tuple(keyword_only) == OPTION_NAMES
    assert keyword_only == dict(NORMALIZE_DEFAULTS)
    with pytest.raises(TypeError):
        NORMALIZE_DEFAULTS["alef"] = False  # type: ignore[index]


def test_normalize_rejects_bad_options():
    with pytest.raises(ValueError, match=r"form='NFD' is invalid; must be one of \['NFC', 'NFKC'\]"):
        normalize("x", "ar", form="NFD")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="alef must be True or False, got 'yes'"):
        normalize("x", "ar", alef="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="accents must be True or False"):
        normalize("x", "fr", accents=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="lang must be a language code"):
        normalize("x", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected keyword argument 'lower'"):
        normalize("x", "en", lower=True)  # type: ignore[call-arg]


def test_normalize_accepts_numpy_booleans():
    np = pytest.importorskip("numpy")
    assert normalize("أ", "ar", alef=np.False_) == "أ"


def test_normalize_empty_text():
    assert normalize("", "ar") == ""


# --- scikit-learn's default analyzer ------------------------------------------------------------

def test_normalize_before_sklearn_default_analyzer_keeps_word_whole():
    from sklearn.feature_extraction.text import CountVectorizer

    analyzer = CountVectorizer().build_analyzer()  # token_pattern r"(?u)\b\w\w+\b"
    raw = "الإِرْهَابُ"
    fragments = analyzer(raw)
    assert fragments == ["الإ", "اب"]  # marks are not \w: the word falls apart, letters are lost
    assert normalize(raw, "ar").split() == ["الارهاب"]
    assert analyzer(normalize(raw, "ar")) == ["الارهاب"]


# --- real Arabic ---------------------------------------------------------------------------------

_MARKS = "\u0640\u064B-\u065F\u0670"
_WORD = re.compile(f"[\u0621-\u063A\u0641-\u064A\u0671{_MARKS}]+")
_IRHAB = re.compile(f"^(?:ال[{_MARKS}]*)?[اأإآٱ][{_MARKS}]*ر[{_MARKS}]*ه[{_MARKS}]*ا[{_MARKS}]*ب[{_MARKS}]*$")


@pytest.fixture(scope="module")
def ant_words() -> Counter[str]:
    root = require_shared("ant_corpus_ar", "data")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*/*.txt")))
    return Counter(_WORD.findall(text))


@pytest.fixture(scope="module")
def saudi_words() -> Counter[str]:
    words: Counter[str] = Counter()
    for day in ("2015-07-25", "2015-08-08"):
        path = require_shared("saudinewsnet", "dataset", f"{day}.zip")
        with zipfile.ZipFile(path) as archive:
            articles = json.loads(archive.read(f"{day}.json"))
        for article in articles:
            words.update(_WORD.findall(article["content"]))
    return words


@pytest.mark.integration
def test_normalize_real_irhab_spellings_collapse(ant_words, saudi_words):
    surface = {w for w in (ant_words | saudi_words) if _IRHAB.match(w)}
    # hamza or none, tanwin kasr standing in for hamza (الاٍرهاب), case endings (إرهابٍ, إرهابَ)
    assert {"الإرهاب", "الارهاب", "إرهاب", "ارهاب", "الاٍرهاب", "إرهابٍ", "إرهابَ"} <= surface
    assert {normalize(w, "ar") for w in surface} == {"الارهاب", "ارهاب"}
    assert {normalize(w, "ar", alef=False) for w in surface} == {"الإرهاب", "الارهاب", "إرهاب", "ارهاب"}


@pytest.fixture(scope="module")
def ant_plain(ant_words) -> set[str]:
    """Normalised forms of the ANT words written without tatweel or harakat."""
    marks = re.compile(f"[{_MARKS}]")
    return {normalize(w, "ar") for w in ant_words if not marks.search(w)}


@pytest.mark.integration
@pytest.mark.parametrize(("marks", "at_least"), [("\u0640", 100), ("[\u064B-\u065F\u0670]", 1000)])
def test_normalize_real_marked_words_fall_on_attested_plain_words(ant_words, ant_plain, marks, at_least):
    """Words written with tatweel (or harakat) in ANT mostly normalise to a word that the same
    corpus also writes without them (measured: 146 of 173 tatweel forms, 4,190 of 5,037)."""
    plain = ant_plain
    marked = [w for w in ant_words if re.search(marks, w)]
    assert len(marked) >= at_least
    attested = sum(normalize(w, "ar") in plain for w in marked)
    assert attested / len(marked) >= 0.75


@pytest.mark.integration
def test_normalize_real_hamza_carriers_survive(ant_words):
    carriers = [w for w in ant_words if any(c in w for c in HAMZA_CARRIERS)]
    assert len(carriers) >= 1000
    kept = [w for w in carriers
            if sum(normalize(w, "ar").count(c) for c in HAMZA_CARRIERS)
            == sum(w.count(c) for c in HAMZA_CARRIERS)]
    assert kept == carriers
    assert not any(c in naive_strip(w) for w in carriers for c in HAMZA_CARRIERS)
    merged = {w for w in carriers if naive_strip(w) in ant_words}  # e.g. المهدئة -> المهدية
    assert len(merged) >= 20 and "المهدئة" in merged


# --- properties ---------------------------------------------------------------------------------

_SPECIAL = ("ؤئأإآٱءىةـًٌٍَُِّْٰٕٓٔۖۗ۝٠١٩۰۹٫٬،؛؟«»“”‘’ʼ′″´`ﻹﻷﺃﺅﺉﷲﷺ\u00a0\u202f"
            "ÉéèêçœßİıΣσς\u0301\u0308ﬁ½²ǅ")
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.sampled_from(_SPECIAL),
    st.characters(min_codepoint=0x20, max_codepoint=0x024F),
    st.characters(),
)
TEXTS = st.one_of(st.text(_ALPHABET, max_size=40), st.text(max_size=20))
OPTIONS = st.fixed_dictionaries({
    "form": st.sampled_from(["NFC", "NFKC"]),
    **{name: st.booleans() for name in OPTION_NAMES if name not in ("form", "accents")},
    "accents": st.one_of(st.none(), st.booleans()),
})
LANGS = st.sampled_from(["ar", "fr", "en", None])


@settings(max_examples=200, deadline=None)
@given(TEXTS, LANGS, OPTIONS)
def test_normalize_property_idempotent(text, lang, options):
    once = normalize(text, lang, **options)
    assert normalize(once, lang, **options) == once
    assert unicodedata.is_normalized(options["form"], once)


_REMOVED = {
    "diacritics": ARABIC_DIACRITICS,
    "tatweel": {TATWEEL},
    "alef": ALEF_VARIANTS,
    "alef_maqsura": {"ى"},
    "taa_marbuta": {"ة"},
    "digits": set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬"),
    "quotes": set(nz._APOSTROPHES + nz._DOUBLE_QUOTES),
    "accents": set(nz._ACCENTS_MAP),
}


@settings(max_examples=200, deadline=None)
@given(TEXTS, LANGS, OPTIONS)
def test_normalize_property_removed_code_points_absent(text, lang, options):
    out = normalize(text, lang, **options)
    for name, chars in _REMOVED.items():
        if options[name] is True:
            assert not chars & set(out), name
    if options["lowercase"]:
        assert out == out.lower()


@settings(max_examples=200, deadline=None)
@given(TEXTS, LANGS, OPTIONS)
def test_normalize_property_never_longer_without_expanding_characters(text, lang, options):
    form = options["form"]

    def expands(char: str) -> bool:
        return len(unicodedata.normalize(form, char)) > 1 or len(char.lower()) > 1

    out = normalize(text, lang, **options)
    if not any(map(expands, text)):
        assert len(out) <= len(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS, LANGS, OPTIONS)
def test_normalize_property_hamza_carriers_kept(text, lang, options):
    composed = unicodedata.normalize("NFC", text)
    out = normalize(text, lang, **options)
    for carrier in HAMZA_CARRIERS:
        assert out.count(carrier) >= composed.count(carrier)


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS.map(lambda t: t.replace("\n", " ").replace("\r", " ")), min_size=1, max_size=4))
def test_normalize_property_works_line_by_line(lines):
    # What processing long texts in blocks of lines relies on.
    assert normalize("\n".join(lines), "ar") == "\n".join(normalize(line, "ar") for line in lines)
