"""Tests for toolkit.corpus.langid: offline language detection by script and function words."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import require_shared
from toolkit.corpus.langid import (
    FUNCTION_WORDS,
    MAX_CHARS,
    SUFFIXES,
    detect_language,
    detect_languages,
)


ARABIC = [
    "أدان مجلس الأمن الدولي بأشد العبارات الهجوم الإرهابي الذي استهدف مدينة سوسة.",
    "بيان صادر عن وزارة الشؤون الخارجية",
    "وزير الداخلية يستقبل سفير فرنسا",
    "عاجل: انفجار في العاصمة",
    "نَحْنُ شُعُوبَ الأُمَمِ المُتَّحِدَةِ وَقَدْ آلَيْنَا عَلَى أَنْفُسِنَا "
    "أَنْ نُنْقِذَ الأَجْيَالَ المُقْبِلَةَ",
    "أكد الرئيس إيمانويل ماكرون خلال لقائه بالرئيس التونسي دعم باريس للانتقال الديمقراطي.",
    "قال الأمين العام Antonio Guterres إن الهجوم على قوات حفظ السلام في مالي جريمة حرب.",
    "أعلنت منظمة الصحة العالمية (WHO) اليوم عن تسجيل 1200 إصابة جديدة في 2020.",
    "الجمهورية التونسية — رئاسة الحكومة — بلاغ",
    "تحيي الحكومة ذكرى شهداء الوطن وتجدد عزمها على مكافحة الإرهاب والتطرف العنيف بكل أشكاله.",
    "ﺑﻴﺎﻥ ﻭﺯﺍﺭﺓ ﺍﻟﺨﺎﺭﺟﻴﺔ",  # presentation forms, as extracted from some PDFs
    "مصر",
]
FRENCH = [
    "Le Conseil de sécurité condamne l'attentat terroriste perpétré à Sousse.",
    "NOUS, PEUPLES DES NATIONS UNIES",
    "ET À CES FINS",
    "Communiqué du ministère des Affaires étrangères",
    "Attentat à Paris : la France en deuil",
    "Le president de la Republique a recu le premier ministre au palais de Carthage",
    "Les membres du Conseil ont réaffirmé que le terrorisme constitue une menace grave pour "
    "la paix et la sécurité internationales.",
    "Déclaration conjointe sur la lutte contre le terrorisme",
    "Le ministre a rencontré John Kerry et Ban Ki-moon à New York pour évoquer la crise.",
    "LA TUNISIE CONDAMNE FERMEMENT L'ATTAQUE CONTRE LES FORCES DE L'ONU",
    "Chapitre XIV: Cour internationale de Justice",
    "Élection présidentielle : les résultats définitifs annoncés",
]
ENGLISH = [
    "WE THE PEOPLES OF THE UNITED NATIONS",
    "The Security Council condemned in the strongest terms the terrorist attack in Sousse.",
    "Security Council condemns terrorist attack in Mali",
    "Statement by the Ministry of Foreign Affairs",
    "President Emmanuel Macron met Jean-Yves Le Drian at the Élysée Palace on Monday.",
    "Foreign Minister Laurent Fabius and François Hollande attended the ceremony in Paris.",
    "Chapter XI: Declaration Regarding Non-Self-Governing Territories",
    "Members of the Council reaffirmed that terrorism constitutes one of the most serious "
    "threats to international peace and security.",
    "JOINT DECLARATION ON COUNTERING VIOLENT EXTREMISM",
    "Press release: Secretary-General appoints new Special Envoy for Yemen",
    "The delegation of Côte d'Ivoire welcomed the resolution adopted by the General Assembly.",
    "UN chief calls for restraint after clashes",
]
SPANISH = [
    "NOSOTROS LOS PUEBLOS DE LAS NACIONES UNIDAS",
    "El Consejo de Seguridad condenó el atentado terrorista en Túnez.",
    "¿Qué medidas tomará el gobierno contra el terrorismo?",
    "considerar informes que les haya rendido la autoridad administradora;",
]
RUSSIAN = [
    "МЫ, НАРОДЫ ОБЪЕДИНЕННЫХ НАЦИЙ",
    "Совет Безопасности осудил террористическое нападение в Тунисе.",
    "Заявление Министерства иностранных дел Российской Федерации о ситуации в Сирии",
]
CHINESE = [
    "我们联合国人民",
    "安理会强烈谴责在突尼斯发生的恐怖袭击。",
    "联合国秘书长古特雷斯（António Guterres）呼吁各方保持克制。",
]
PERSIAN = [
    "وزارت امور خارجه جمهوری اسلامی ایران حمله تروریستی را محکوم کرد و گفت که پاسخ خواهد داد.",
    "گزارش ویژه درباره گفتگوی صلح در پاکستان و چین",
]


def _cases(lang, texts):
    return [pytest.param(text, lang, id=f"{lang}-{i}") for i, text in enumerate(texts)]


@pytest.mark.parametrize(("text", "expected"), [
    *_cases("ar", ARABIC), *_cases("fr", FRENCH), *_cases("en", ENGLISH),
    *_cases("es", SPANISH), *_cases("ru", RUSSIAN), *_cases("zh", CHINESE),
    *_cases("fa", PERSIAN),
])
def test_detect_language_sentences(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", [
    "", "   \n\t", "2024", "12/05/2015 - 14:30", "...", "OK", "٢٠١٥", "ـــ", "َُِ",
    "Kofi Annan",  # Latin letters without any evidence for fr/en/es
    "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ",  # Tifinagh: a script the rule does not cover
])
def test_detect_language_default(text):
    assert detect_language(text) == "und"
    assert detect_language(text, default="xx") == "xx"


def test_detect_language_japanese_is_not_chinese():
    assert detect_language("国際連合憲章は、国際機構についての連合国会議の終了に際して署名された。") == "ja"


def test_detect_language_majority_script_wins():
    text = "أدان المجلس تصريحات Donald Trump الأخيرة بشأن القدس واعتبرها مخالفة للقانون الدولي."
    assert detect_language(text) == "ar"
    quote = "The minister said «بسم الله» before the speech in the Parliament."
    assert detect_language(quote) == "en"


def test_detect_language_arabic_with_a_persian_name_stays_arabic():
    text = "استقبل الرئيس السفير گودرزی پور في قصر قرطاج اليوم وبحث معه العلاقات"
    assert detect_language(text) == "ar"


def test_detect_language_reads_only_max_chars():
    french = "Le Conseil de sécurité condamne l'attentat. " * (MAX_CHARS // 40)
    english = "The Security Council condemns the attack and the threat. " * 500
    assert detect_language(french[:MAX_CHARS] + english) == "fr"
    assert detect_language(english) == "en"


def test_detect_language_rejects_non_str():
    with pytest.raises(TypeError, match="fillna"):
        detect_language(None)


def test_detect_languages_keeps_order():
    texts = iter([ARABIC[0], FRENCH[0], ENGLISH[0], "", RUSSIAN[0]])
    assert detect_languages(texts) == ["ar", "fr", "en", "und", "ru"]
    assert detect_languages([""], default="zz") == ["zz"]
    assert detect_languages([]) == []


@pytest.mark.parametrize(("texts", "match"), [
    (["ok", None], r"texts\[1\] is NoneType"),
    ("a string", "not one string"),
])
def test_detect_languages_type_errors(texts, match):
    with pytest.raises(TypeError, match=match):
        detect_languages(texts)


def test_function_word_lists_are_small_lowercase_and_normalised():
    for lang, words in FUNCTION_WORDS.items():
        assert 40 <= len(words) <= 80, lang
        assert all(w == w.lower() == unicodedata.normalize("NFC", w) for w in words)
    assert set(SUFFIXES) == set(FUNCTION_WORDS)


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def charter_dir():
    return require_shared("un_charter_parallel", "data", "raw")


@pytest.mark.integration
@pytest.mark.parametrize("lang", ["ar", "en", "fr", "es", "ru", "zh"])
def test_detect_language_un_charter_whole_file(charter_dir, lang):
    text = (charter_dir / f"raw_un_charter_{lang}.txt").read_text(encoding="utf-8")
    assert detect_language(text) == lang


@pytest.mark.integration
@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_detect_language_un_charter_paragraphs(charter_dir, lang):
    text = (charter_dir / f"raw_un_charter_{lang}.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.splitlines() if len(p.strip()) > 40]
    assert len(paragraphs) > 100
    found = detect_languages(paragraphs)
    wrong = [(code, p[:80]) for code, p in zip(found, paragraphs) if code != lang]
    assert len(wrong) <= 0.02 * len(paragraphs), wrong
