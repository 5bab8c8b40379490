"""Tests for toolkit.corpus.units: paragraph and sentence spans over the original text."""

from __future__ import annotations

import re
import tarfile
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require_shared as _shared
from toolkit.corpus.units import (
    detect_hard_wrap,
    paragraph_spans,
    sentence_spans,
    split_paragraphs,
    split_sentences,
)

METHODS = ["auto", "blank_line", "line", "rewrap"]

# --- fixtures: realistic paragraphs (UN speeches, a French statement, an Arabic news report) ---
EN = [
    "At the outset, allow me to congratulate you, Mr. President, on your election to preside "
    "over the General Assembly at its fifty-sixth session. Your experience and wisdom are a "
    "guarantee that our work will be conducted with skill and fairness.",
    "The terrorist attacks of 11 September against the United States shocked the whole world. "
    "My Government condemns those heinous acts in the strongest terms and expresses its deepest "
    "sympathy to the American people and to the families of the victims.",
    "Terrorism cannot be associated with any religion, nationality or civilization. The "
    "international community must address its root causes, including poverty, occupation and "
    "the denial of the right of peoples to self-determination, if we are to eradicate it.",
    "We welcome the adoption of Security Council resolution 1373 (2001), which lays the "
    "foundation for a comprehensive strategy. All States should become parties to the twelve "
    "international conventions on terrorism and implement them fully and without delay.",
    "Finally, my delegation reaffirms its commitment to the purposes and principles of the "
    "Charter of the United Nations. Only through genuine cooperation and respect for "
    "international law can we build a safer and more prosperous world for future generations.",
]
FR = [
    "Monsieur le Président, permettez-moi tout d'abord de vous féliciter de votre élection à "
    "la présidence de l'Assemblée générale. Votre expérience est un gage de succès pour nos "
    "travaux, et ma délégation vous assure de son plein soutien dans cette tâche difficile.",
    "Les attentats du 11 septembre ont profondément choqué la communauté internationale. "
    "M. Dupont, notre ministre, a rappelé que le terrorisme ne connaît ni frontière ni "
    "religion, et qu'il doit être combattu avec la plus grande fermeté.",
    "La lutte contre le terrorisme exige une coopération internationale sans faille. Elle doit "
    "cependant respecter le droit international, les droits de l'homme et les principes "
    "consacrés par la Charte des Nations Unies, en particulier l'art. 51.",
    "Enfin, nous appelons tous les États à ratifier les conventions pertinentes et à mettre en "
    "œuvre sans délai la résolution 1373 (2001) du Conseil de sécurité, afin que nul refuge ne "
    "soit offert à ceux qui commettent de tels actes.",
]
AR = [
    "أكدت الدول الأعضاء في التحالف الإسلامي العسكري لمحاربة الإرهاب، اليوم الأحد بالرياض، "
    "عزمها على تنسيق الجهود وتوحيدها لدرء مخاطر الإرهاب والوقوف ضده بكل حزم.",
    "وشدد وزراء الدفاع في البيان الختامي على أهمية العمل الجماعي المنظم والتخطيط الاستراتيجي "
    "الشامل للتعامل مع خطر الإرهاب، ووضع حد لمن يسعى إلى تأجيج الصراعات والطائفية ونشر الفوضى.",
    "كما أكدوا في ما يتصل بالشق الفكري على ضرورة تعزيز قيم الاعتدال والتسامح، وكشف زيف الخطاب "
    "المتطرف الذي تروجه الجماعات الإرهابية عبر وسائل التواصل الاجتماعي.",
    "وفي المجال الإعلامي، دعا المجتمعون إلى إطلاق حملات توعية مشتركة، فهل يكفي ذلك لمواجهة "
    "الدعاية المتطرفة؟ يرى الخبراء أن الطريق ما زال طويلا!",
]
LANGS = {"en": (EN, 80), "fr": (FR, 80), "ar": (AR, 70)}


def _squash(s: str) -> str:
    return " ".join(s.split())


def _wrapped(lang: str, sep: str = "\n") -> str:
    paras, width = LANGS[lang]
    return sep.join(textwrap.fill(p, width=width) for p in paras)


def _assert_valid(text: str, spans: list[tuple[int, int]]) -> None:
    """Sorted, disjoint, in bounds, non-empty, stripped; no non-whitespace character lost."""
    last_end = 0
    for s, e in spans:
        assert last_end <= s < e <= len(text), spans
        assert not text[s].isspace() and not text[e - 1].isspace(), (text[s:e],)
        last_end = e
    joined = "".join(text[s:e] for s, e in spans)
    assert re.sub(r"\s+", "", joined) == re.sub(r"\s+", "", text)


# --- paragraphs: each method, each language -------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_units_blank_line_keeps_single_newlines(lang):
    paras = LANGS[lang][0][:3]
    text = "  \n" + paras[0] + "\n\n \n" + paras[1].replace(" ", "\n", 2) + "\n\t\n" + paras[2]
    got = split_paragraphs(text, method="blank_line")
    assert got == [paras[0], paras[1].replace(" ", "\n", 2), paras[2]]
    assert split_paragraphs(text) == got  # auto: single breaks follow no sentence end


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("method", ["line", "auto"])
def test_units_line_gives_one_paragraph_per_line(lang, method):
    paras = LANGS[lang][0]
    text = "\n".join(paras) + "\n"
    assert split_paragraphs(text, method=method) == paras


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("method", ["rewrap", "auto"])
def test_units_rewrap_recovers_wrapped_paragraphs(lang, method):
    paras, width = LANGS[lang]
    text = _wrapped(lang)
    assert "\n\n" not in text and text.count("\n") > 2 * len(paras)
    assert [_squash(p) for p in split_paragraphs(text, method=method)] == paras


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_units_detect_hard_wrap_finds_the_width(lang):
    assert abs(detect_hard_wrap(_wrapped(lang)) - LANGS[lang][1]) <= 2


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_units_detect_hard_wrap_none_for_unwrapped_text(lang):
    assert detect_hard_wrap("\n".join(LANGS[lang][0] * 3)) is None
    assert detect_hard_wrap("\n\n".join(LANGS[lang][0] * 3)) is None


def test_units_rewrap_with_given_width_and_blank_lines():
    text = _wrapped("en", sep="\n\n")
    for method, kw in [("rewrap", {"wrap_width": 80}), ("auto", {}), ("blank_line", {})]:
        assert [_squash(p) for p in split_paragraphs(text, method=method, **kw)] == EN


def test_units_rewrap_joins_a_full_last_line_it_cannot_tell_apart():
    # "…sentence." filling the line is followed by a word that would not have fitted:
    # a wrapper could have broken there inside a paragraph, so rewrap keeps the lines together.
    text = "x" * 70 + " end of it.\nNext paragraph starts here and it is short."
    assert len(paragraph_spans(text, method="rewrap", wrap_width=81)) == 1
    assert len(paragraph_spans(text, method="rewrap", wrap_width=90)) == 2


def test_units_rewrap_bridges_page_break_inside_a_sentence():
    lines = _wrapped("en").split("\n")
    k = next(i for i, line in enumerate(lines) if line[-1].isalpha() and len(line) > 70)
    text = "\n".join(lines[: k + 1] + ["33", "", ""] + lines[k + 1 :])
    got = split_paragraphs(text)
    assert [_squash(p).replace(" 33 ", " ") for p in got] == EN
    assert sum("\n33\n" in p for p in got) == 1


def test_units_rewrap_keeps_page_number_with_previous_paragraph():
    lines = _wrapped("en").split("\n")
    k = next(i for i, line in enumerate(lines) if line.endswith("fairness."))
    text = "\n".join(lines[: k + 1] + ["", "08-53129 30", ""] + lines[k + 1 :])
    got = split_paragraphs(text)
    assert len(got) == 5 and got[0].endswith("fairness.\n\n08-53129 30")
    # and the page number joins the last sentence rather than standing as a sentence
    assert split_sentences(text)[1].endswith("fairness.\n\n08-53129 30")


def test_units_rewrap_breaks_before_indented_line_and_list_markers():
    body = textwrap.fill(EN[1], width=60).split("\n")
    text = "\n".join(body[:2] + ["    " + body[2]] + body[3:])  # indent marks a paragraph
    assert len(paragraph_spans(text, method="rewrap", wrap_width=60)) == 1  # mid-sentence
    items = "The Council decided as follows:\n(a) to extend the mandate;\n(b) to review it;\n- done"
    assert split_paragraphs(items, method="rewrap", wrap_width=60) == items.split("\n")
    indented = body[0] + ".\n  " + body[1]
    assert len(paragraph_spans(indented, method="rewrap", wrap_width=60)) == 2


# --- sentences -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "The U.S. delegation agreed. Mr. Smith paid 3.5 per cent. It was e.g. late.",
            "en",
            ["The U.S. delegation agreed.", "Mr. Smith paid 3.5 per cent.", "It was e.g. late."],
        ),
        ("J. F. Kennedy spoke. Dr. King, St. Louis, No. 5.", "en",
         ["J. F. Kennedy spoke.", "Dr. King, St. Louis, No. 5."]),
        ("Wait... then he left. Why? \"Nobody knows!\" (See annex.) Done.", "en",
         ["Wait... then he left.", "Why?", '"Nobody knows!"', "(See annex.)", "Done."]),
        ("Visit www.un.org/en. Write to info@un.org today. Version 2.0 is out.", "en",
         ["Visit www.un.org/en.", "Write to info@un.org today.", "Version 2.0 is out."]),
        ("1. The first point. 2. The second point.\n3. Third.", "en",
         ["1. The first point.", "2. The second point.", "3. Third."]),
        ("Hello,world.This stays one sentence", None, ["Hello,world.This stays one sentence"]),
        ("M. Dupont a dit. Mme Durand répond.", "fr", ["M. Dupont a dit.", "Mme Durand répond."]),
        ("Il a dit : « C'est fini. » Puis il est parti.", "fr",
         ["Il a dit : « C'est fini. »", "Puis il est parti."]),
        ("« Pourquoi ? » demanda-t-elle. Voir l'art. 51 et p. 12.", "fr",
         ["« Pourquoi ? » demanda-t-elle.", "Voir l'art. 51 et p. 12."]),
        ("هل انتهى الاجتماع؟ نعم! وأدان الإرهاب.وأضاف أن الحل سياسي.", "ar",
         ["هل انتهى الاجتماع؟", "نعم!", "وأدان الإرهاب.", "وأضاف أن الحل سياسي."]),
        ("قال الوزير «لن نتراجع.» وأضاف أن د. محمد وصل، وأن الحكومة تعمل؛ لكن المعارضة رفضت.", "ar",
         ["قال الوزير «لن نتراجع.»", "وأضاف أن د. محمد وصل، وأن الحكومة تعمل؛ لكن المعارضة رفضت."]),
        ("He said “stop.” Then he left.", "en", ["He said “stop.”", "Then he left."]),
    ],
)
def test_units_sentence_boundaries(text, lang, expected):
    assert split_sentences(text, lang=lang) == expected
    assert split_sentences(text) == expected  # lang=None uses every abbreviation list


def test_units_sentences_never_cross_paragraphs():
    text = "Mr. President\nThe Assembly met\nIt adjourned at 6 p.m. on Friday"
    assert split_sentences(text) == ["Mr. President", "The Assembly met",
                                     "It adjourned at 6 p.m. on Friday"]


def test_units_sentence_lang_picks_abbreviation_list():
    text = "Il a vu Mme. Durand hier."
    assert split_sentences(text, lang="fr-CA") == [text]
    assert split_sentences(text, lang="en") == ["Il a vu Mme.", "Durand hier."]


# --- errors ----------------------------------------------------------------------------------
def test_units_bad_arguments():
    with pytest.raises(ValueError, match=r"method='lines' is invalid; must be one of"):
        paragraph_spans("a", method="lines")
    with pytest.raises(ValueError, match="only applies to method='rewrap'"):
        paragraph_spans("a", wrap_width=80)
    with pytest.raises(ValueError, match="must be a positive int"):
        paragraph_spans("a", method="rewrap", wrap_width=0)
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        sentence_spans(b"a")
    with pytest.raises(TypeError, match="lang must be a str or None"):
        sentence_spans("a", lang=1)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("text", ["", " \n\t\r\n\u2028 ", "x"])
def test_units_empty_and_tiny_texts(method, text):
    expected = [(0, 1)] if text == "x" else []
    assert paragraph_spans(text, method=method) == expected
    assert sentence_spans(text) == expected


# --- properties ------------------------------------------------------------------------------
CHARS = list("abcXYZ éçÉ اببةيىؤ 0123 .!?…؟،؛۔:;, «»“”\"'()[]-•*/@") + [
    "\n", "\n", "\n", "\r\n", "\r", "\t", "\x0c", "\u2028", "\xa0", "\u202f", "  ",
    "Mr.", "U.S.", "3.5", "1. ", "(a) ", "\n\n", "33\n", "e.g.",
]
TEXTS = st.one_of(st.lists(st.sampled_from(CHARS), max_size=80).map("".join), st.text(max_size=80))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, method=st.sampled_from(METHODS))
def test_units_paragraph_spans_cover_text_property(text, method):
    spans = paragraph_spans(text, method=method)
    _assert_valid(text, spans)
    assert split_paragraphs(text, method=method) == [text[s:e] for s, e in spans]


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, width=st.integers(1, 100))
def test_units_rewrap_with_any_width_covers_text_property(text, width):
    _assert_valid(text, paragraph_spans(text, method="rewrap", wrap_width=width))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, lang=st.sampled_from([None, "ar", "en", "fr", "es"]))
def test_units_sentence_spans_nest_in_paragraphs_property(text, lang):
    sentences = sentence_spans(text, lang=lang)
    _assert_valid(text, sentences)
    paragraphs = paragraph_spans(text)
    for s, e in sentences:
        assert any(ps <= s and e <= pe for ps, pe in paragraphs), (text[s:e], paragraphs)


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzابتثجحخ", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    paras=st.lists(st.lists(WORD, min_size=1, max_size=40), min_size=1, max_size=6),
    width=st.integers(20, 90),
)
def test_units_rewrap_of_textwrap_output_property(paras, width):
    """With the true width, rewrap never splits a paragraph, and splits whenever it can tell."""
    blocks = [textwrap.fill(" ".join(words) + ".", width=width) for words in paras]
    text = "\n".join(blocks)
    starts, pos = [], 0
    for block in blocks:
        starts.append(pos)
        pos += len(block) + 1
    got = {s for s, _ in paragraph_spans(text, method="rewrap", wrap_width=width)}
    assert got <= set(starts)
    for prev, block, start in zip(blocks, blocks[1:], starts[1:]):
        last_line = prev.rsplit("\n", 1)[-1]
        if len(last_line) + 1 + len(block.split()[0]) <= width:
            assert start in got


# --- real data -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ungdc_2001() -> dict[str, str]:
    path = _shared("ungdc", "UNGDC_1946-2023_shared-subset.tgz")
    texts: dict[str, str] = {}
    with tarfile.open(path, mode="r:gz") as archive:
        for member in archive:
            name = member.name.rsplit("/", 1)[-1]
            if (member.isfile() and member.name.startswith("TXT/Session 56 - 2001/")
                    and not name.startswith("._")):
                texts[name] = archive.extractfile(member).read().decode("utf-8-sig")
                if len(texts) == 5:
                    break
    assert len(texts) == 5
    return texts


_ENDS_SENTENCE = re.compile(r"[.!?:;…؟۔][\"'”’)\]»]*$")
_PAGE_TAIL = re.compile(r"\s+[\d\s/-]{1,20}$")


@pytest.mark.integration
def test_units_ungdc_2001_rewrap_gives_plausible_paragraphs(ungdc_2001):
    for name, text in ungdc_2001.items():
        width = detect_hard_wrap(text)
        assert width is not None and 40 <= width <= 100, (name, width)
        paragraphs = split_paragraphs(text)
        mean = sum(map(len, paragraphs)) / len(paragraphs)
        assert 200 <= mean <= 2000, (name, mean)
        # a page number printed after the last line does not make a paragraph "mid-sentence"
        cut = [p for p in paragraphs if not _ENDS_SENTENCE.search(_PAGE_TAIL.sub("", p))]
        assert len(cut) <= 0.1 * len(paragraphs), (name, cut)
        sentences = sentence_spans(text, lang="en")
        _assert_valid(text, sentences)
        assert 50 <= len(text) / len(sentences) <= 400, name


@pytest.mark.integration
def test_units_seed_auto_gives_one_paragraph_per_line():
    text = _shared("seed", "000_5cc0637b81762ade.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert detect_hard_wrap(text) is None
    assert split_paragraphs(text) == lines
    sentences = split_sentences(text, lang="ar")
    assert len(sentences) >= len(lines)
    assert "".join(sentences).replace(" ", "") == "".join(lines).replace(" ", "")
