"""The built-in ``terrorism_frames`` dictionary: structure, codebook rules, Arabic clitics, dev scores."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from conftest import require_gold

from toolkit.frames.dictionary import Dictionary
from toolkit.frames.matcher import Matcher

YML = Path(__file__).resolve().parents[2] / "toolkit" / "data" / "dictionaries" / "terrorism_frames.yml"
FRAMES = ("military", "ideological", "media", "financial")
LANGS = {"ar", "en", "fr"}


def _load() -> Dictionary:
    try:
        from toolkit.frames import load_dictionary
    except ImportError:  # pragma: no cover - older layout
        import yaml

        return Dictionary.from_dict(yaml.safe_load(YML.read_text(encoding="utf-8")), path=YML)
    return load_dictionary("terrorism_frames")


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    return _load()


@pytest.fixture(scope="module")
def matcher(dictionary: Dictionary) -> Matcher:
    return Matcher(dictionary)


def frames_of(matcher: Matcher, text: str, lang: str) -> set[str]:
    """Frames whose weighted score of counted hits reaches the dictionary threshold."""
    scores: dict[str, float] = collections.defaultdict(float)
    for hit in matcher.find(text, lang).hits:
        if hit.counted:
            scores[hit.frame] += hit.weight
    thresholds = matcher.dictionary.thresholds
    return {f for f in matcher.dictionary.frames if scores[f] >= thresholds.get(f, 1.0)}


def counted(matcher: Matcher, text: str, lang: str) -> list[tuple[str, str]]:
    return [(h.category, h.surface) for h in matcher.find(text, lang).hits if h.counted]


# --------------------------------------------------------------------------- structure
def test_terrorism_frames_loads_by_name(dictionary: Dictionary) -> None:
    assert dictionary.name == "terrorism_frames"
    assert dictionary.frames == FRAMES
    assert "scope" in dictionary.top_level and "scope" not in dictionary.frames
    assert set(dictionary.languages) == LANGS
    assert dictionary.thresholds == {f: 1.0 for f in FRAMES}


@pytest.mark.parametrize("frame", FRAMES)
def test_terrorism_frames_every_frame_requires_scope(dictionary: Dictionary, frame: str) -> None:
    requires, window = dictionary.effective_requires(frame)
    assert requires == ("scope/terrorism",)
    assert window is None
    assert dictionary.children(frame), f"{frame} has no sub-categories"


def test_terrorism_frames_concepts_are_parallel_across_languages(dictionary: Dictionary) -> None:
    langs: dict[str | None, set[str | None]] = collections.defaultdict(set)
    for _, entry in dictionary.entries():
        langs[entry.concept].add(entry.lang)
    assert None not in langs, "every entry needs a concept id"
    missing = {c: sorted(LANGS - ls) for c, ls in langs.items() if ls != LANGS}
    assert not missing, f"concepts without all of ar/en/fr: {missing}"


def test_terrorism_frames_concept_ids_name_their_frame(dictionary: Dictionary) -> None:
    bad = [(cat, e.concept) for cat, e in dictionary.entries() if e.concept.split(".")[0] != cat.split("/")[0]]
    assert not bad


def test_terrorism_frames_every_entry_has_a_rationale(dictionary: Dictionary) -> None:
    bare = [(cat, e.pattern) for cat, e in dictionary.entries() if not (e.rationale and e.rationale.strip())]
    assert not bare


def test_terrorism_frames_weights_are_tiers(dictionary: Dictionary) -> None:
    weights = {e.weight for _, e in dictionary.entries()}
    assert weights <= {1.0, 0.5, 0.34, 0.2}
    assert {1.0, 0.5} <= weights


# --------------------------------------------------------------------------- French sentences
FRENCH = [
    # military (D3, D5, rule 4)
    ("L'armée a mené une opération militaire contre les groupes terroristes dans le Sahel.", {"military"}),
    ("Les forces de sécurité ont procédé à l'arrestation de trois terroristes présumés.", {"military"}),
    ("Les services de renseignement ont déjoué un projet d'attentat terroriste.", {"military"}),
    ("Les services de sécurité ont saisi des armes et des munitions dans une cache de Daech.", {"military"}),
    # attack report: soldiers as victims (D4)
    ("Le Conseil condamne l'attentat terroriste qui a coûté la vie à trois soldats.", set()),
    # ideological (D10, D11)
    ("Nous devons combattre l'idéologie extrémiste qui nourrit le terrorisme.", {"ideological"}),
    ("La lutte contre la radicalisation des jeunes est une priorité face au terrorisme.", {"ideological"}),
    ("Les imams doivent réfuter les fatwas des groupes takfiristes qui détournent la religion.", {"ideological"}),
    ("Le terrorisme n'a pas de religion.", set()),
    ("L'extrémisme et le terrorisme menacent la région.", set()),
    # media (D14, D15)
    ("Les terroristes utilisent Internet et les réseaux sociaux pour recruter des jeunes.", {"media"}),
    ("Daech diffuse sa propagande dans des vidéos publiées en ligne.", {"media"}),
    ("Selon des médias locaux, l'attentat terroriste a fait trois morts.", set()),
    # financial (D17, D18, D19, D23)
    ("Il faut tarir les sources de financement du terrorisme et geler les avoirs des terroristes.", {"financial"}),
    ("Nous avons ratifié la Convention internationale pour la répression du financement du terrorisme.",
     {"financial"}),
    ("Le blanchiment d'argent et le financement du terrorisme doivent être combattus ensemble.", {"financial"}),
    ("Le financement de la recherche sur la prévention du terrorisme a augmenté.", set()),
    ("Les dépenses de la guerre contre le terrorisme pèsent sur notre budget.", set()),
    # proper names (rule 1, D23)
    ("La Coalition islamique militaire de lutte contre le terrorisme a tenu sa réunion à Riyad.", set()),
    # rule 4: the four work areas listed
    ("Le centre agit dans les domaines militaire, idéologique, médiatique et de la lutte contre le "
     "financement du terrorisme.", set(FRAMES)),
    # scope (D1, D2)
    ("L'armée a renforcé ses effectifs à la frontière.", set()),
    ("Les réseaux sociaux exposent les enfants à de nombreux dangers.", set()),
    ("L'équilibre de la terreur nucléaire a marqué la guerre froide, et la propagande aussi.", set()),
]


@pytest.mark.parametrize(("text", "expected"), FRENCH, ids=[f"fr{i:02d}" for i in range(len(FRENCH))])
def test_terrorism_frames_french_sentences(matcher: Matcher, text: str, expected: set[str]) -> None:
    assert frames_of(matcher, text, "fr") == expected


# --------------------------------------------------------------------------- Arabic and English rules
RULES = [
    ("ar", "أكدت الدول عزمها على تنسيق الجهود لمواجهة الإرهاب.", set()),                       # rule 3
    ("ar", "أعلن التحالف الإسلامي العسكري لمحاربة الإرهاب عن اجتماعه في الرياض.", set()),         # rule 1
    ("ar", "أعلنت السعودية تشكيل تحالف عسكري إسلامي لمحاربة الإرهاب.", {"military"}),            # rule 1
    ("ar", "دعت تونس إلى تجفيف منابع الإرهاب.", set()),                                          # D20
    ("ar", "دعت تونس إلى تجفيف منابع تمويل الإرهاب.", {"financial"}),                            # D20
    ("ar", "أوردت وسائل إعلام محلية أن الهجوم الإرهابي أسفر عن ثلاثة قتلى.", set()),             # D14
    ("ar", "شدد البيان على توظيف وسائل الإعلام للتصدي للدعاية الإرهابية.", {"media"}),           # D15
    ("ar", "أسفر التفجير الإرهابي عن استشهاد عدد من رجال الأمن.", set()),                        # D4
    ("ar", "تمكنت وحدات الحرس الوطني من القبض على عنصر تكفيري.", {"military"}),                  # D1, D3
    ("ar", "أذنت النيابة بالاحتفاظ بهم في قضية إرهابية.", set()),                                # D3
    ("en", "The nations must remain vigilant in the fight against terror.", set()),              # rule 3
    ("en", "The arms race kept mankind in a state of terror and fed propaganda.", set()),         # D2
    ("en", "Drug trafficking, extremism and terrorism threaten our region.", set()),              # D10
    ("en", "We will freeze the assets of terrorist financiers.", {"financial"}),
    ("en", "Terrorists use the Internet and social media to recruit.", {"media"}),
    ("en", "Our troops carried out air strikes against ISIS positions.", {"military"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), RULES, ids=[f"{r[0]}{i:02d}" for i, r in enumerate(RULES)])
def test_terrorism_frames_codebook_rules(matcher: Matcher, lang: str, text: str, expected: set[str]) -> None:
    assert frames_of(matcher, text, lang) == expected


CLITICS = [
    ("ندين الإرهاب والإرهابيين بكل أشكاله.", "scope/terrorism", "والإرهابيين"),
    ("وقف العالم ضد الإرهاب وللإرهابيين بالمرصاد.", "scope/terrorism", "وللإرهابيين"),
    ("اتخذت الحكومة إجراءات تتعلق بتمويل الإرهاب.", "financial/financing", "بتمويل"),
    ("تعهدت الدول بقطع مصادر تمويلها عن الجماعات الإرهابية.", "financial/financing", "تمويلها"),
    ("أشاد بالقوات المسلحة في حربها على الإرهاب.", "military/forces", "بالقوات المسلحة"),
    ("حذر من الفكر المتطرف وللفكر التكفيري دور في الإرهاب.", "ideological/thought", "وللفكر"),
    ("دعا إلى تفعيل دور الإعلام والإعلاميين في مواجهة الإرهاب.", "media/media", "والإعلاميين"),
    ("نشر تنظيم داعش الارهابي فيديو على تويتر.", "media/online", "تويتر"),
]


@pytest.mark.parametrize(("text", "category", "surface"), CLITICS, ids=[f"ar{i:02d}" for i in range(len(CLITICS))])
def test_terrorism_frames_arabic_clitic_forms_are_found(matcher: Matcher, text: str, category: str,
                                                       surface: str) -> None:
    assert (category, surface) in counted(matcher, text, "ar")


def test_terrorism_frames_arabic_spelling_variants(matcher: Matcher) -> None:
    # alef/hamza, taa marbuta and diacritics are folded: ارهاب = إرهاب, الإرهابيّة
    hits = counted(matcher, "مكافحة الارهاب والإرهابيّة", "ar")
    assert [c for c, _ in hits] == ["scope/terrorism", "scope/terrorism"]


def test_terrorism_frames_coalition_name_hit_is_reported_not_counted(matcher: Matcher) -> None:
    hits = matcher.find("مركز التحالف الإسلامي العسكري لمحاربة الإرهاب", "ar").hits
    military = [h for h in hits if h.frame == "military"]
    assert military and not any(h.counted for h in military)
    assert all(h.reason.startswith("excluded by") for h in military)


# --------------------------------------------------------------------------- dev gold
@pytest.mark.parametrize(("name", "lang"), [("frames-dev.jsonl", "ar"), ("frames-dev.jsonl", "en"),
                                            ("frames-dev-fr.jsonl", "fr")])
def test_terrorism_frames_macro_f1_on_dev(dictionary: Dictionary, name: str, lang: str) -> None:
    from toolkit.frames.validation import validate

    report = validate(dictionary, require_gold(name), languages=[lang], n_boot=20, baseline=False)
    row = report.summary.set_index("lang").loc[lang]
    assert row["macro_f1"] >= 0.85, report.scores.to_string()
