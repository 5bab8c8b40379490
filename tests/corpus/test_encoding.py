"""Tests for toolkit.corpus.encoding: decoding corpus bytes, detecting encodings, newlines."""

from __future__ import annotations

import codecs
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.corpus.encoding import (
    CP1256_ARABIC_BYTES,
    SNIFF_BYTES,
    decode_bytes,
    normalize_newlines,
    sniff_encoding,
)
from toolkit.errors import CorpusFormatError

AR = ("أدان مجلس الأمن الدولي بأشد العبارات الهجوم الإرهابي الذي استهدف مدينة سوسة يوم الجمعة. "
      "وأكد أعضاء المجلس ضرورة تقديم مرتكبي هذا العمل الإرهابي ومنظميه ومموليه إلى العدالة، "
      "وجددوا التزامهم بمكافحة جميع أشكال الإرهاب.")
AR_DIACRITICS = ("بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ. "
                 "نَحْنُ شُعُوبُ الأُمَمِ المُتَّحِدَةِ قَدْ آلَيْنَا عَلَى أَنْفُسِنَا.")
FR = ("Le Conseil de sécurité a condamné avec la plus grande fermeté l’attentat terroriste "
      "perpétré vendredi à Sousse. Les membres du Conseil ont réaffirmé que le terrorisme "
      "constitue, au cœur de la région, une menace très grave pour la paix et la sécurité "
      "internationales ; ils ont salué la réaction rapide des forces de sûreté.")
EN = ("The Security Council condemned in the strongest terms the terrorist attack in Sousse on "
      "Friday. Members of the Council reaffirmed that terrorism constitutes one of the most "
      "serious threats to international peace and security.")
SAMPLES = {"ar": AR, "fr": FR, "en": EN}
BOM_LABELS = ["utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
ALL_LABELS = {"utf-8", "cp1256", "cp1252", "latin-1", *BOM_LABELS}
APPLEDOUBLE = (b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\x09"
               b"\x00\x00\x00\x32\x00\x00\x0e\xb0" + b"\x00" * 4000)


def _encode(text: str, label: str, *, bom: bool = False) -> bytes:
    codec = "utf-8" if label == "utf-8-sig" else label
    prefix = "\ufeff".encode(codec) if bom or label == "utf-8-sig" else b""
    return prefix + text.encode(codec)


def _control_heavy(data: bytes) -> bool:
    """The documented rule: >= 8 C0 controls (not tab/LF/VT/FF/CR/NUL) and > 10 % of bytes."""
    n = sum(1 for b in data[:SNIFF_BYTES] if b < 0x20 and b not in b"\x00\t\n\x0b\x0c\r"
            or b == 0x7F)
    return n >= 8 and n > 0.1 * min(len(data), SNIFF_BYTES)


# --------------------------------------------------------------------------- round trips

ROUND_TRIPS = (
    [("utf-8", lang, False) for lang in SAMPLES]
    + [(label, lang, True) for label in BOM_LABELS for lang in SAMPLES]
    + [(label, lang, False) for label in ("utf-16-le", "utf-16-be") for lang in SAMPLES]
    + [("cp1256", "ar", False), ("cp1252", "fr", False)]
)


@pytest.mark.parametrize(("label", "lang", "bom"), ROUND_TRIPS,
                         ids=[f"{lab}-{lang}-{'bom' if b else 'nobom'}"
                              for lab, lang, b in ROUND_TRIPS])
def test_decode_bytes_round_trip(label, lang, bom):
    text = SAMPLES[lang]
    assert decode_bytes(_encode(text, label, bom=bom)) == (text, label)


@pytest.mark.parametrize("label", ["utf-8", "utf-16-le", "utf-16-be", "cp1256"])
def test_decode_bytes_arabic_with_diacritics(label):
    assert decode_bytes(AR_DIACRITICS.encode(label)) == (AR_DIACRITICS, label)


@pytest.mark.parametrize("label", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    "بيانختاميصادرعنالقمةالعربية",  # Arabic without a single space or digit: no NUL byte
    "Устав Организации Объединенных Наций",
    "Η Χάρτα των Ηνωμένων Εθνών",
])
def test_decode_bytes_utf16_without_bom_other_scripts(text, label):
    assert decode_bytes(text.encode(label)) == (text, label)


def test_decode_bytes_latin1_round_trip():
    text = "Résolution adoptée à l'unanimité par le Conseil, à Genève.\x81"
    assert decode_bytes(text.encode("latin-1")) == (text, "latin-1")


def test_decode_bytes_ascii_is_utf8():
    assert decode_bytes(EN.encode("cp1252")) == (EN, "utf-8")


def test_decode_bytes_empty():
    assert decode_bytes(b"") == ("", "utf-8")


def test_decode_bytes_strips_only_one_bom():
    data = codecs.BOM_UTF8 + "\ufeffبيان".encode()
    assert decode_bytes(data) == ("\ufeffبيان", "utf-8-sig")


def test_decode_bytes_utf16_bom_then_nul_is_not_utf32():
    data = codecs.BOM_UTF16_LE + "\x00ab".encode("utf-16-le")  # starts FF FE 00 00
    assert decode_bytes(data) == ("\x00ab", "utf-16-le")
    assert sniff_encoding(data) == "utf-16-le"


def test_decode_bytes_keeps_newlines():
    assert decode_bytes(b"a\r\nb\rc") == ("a\r\nb\rc", "utf-8")


# --------------------------------------------------------------------------- cp1256 vs cp1252

@pytest.mark.parametrize(("text", "label"), [
    ("مصر", "cp1256"),
    ("بيان ختامي", "cp1256"),
    ("قال الأمين العام Antonio Guterres إن الهجوم مدان.", "cp1256"),
    ("گفتگوي پايدار براي صلح در منطقه", "cp1256"),  # پ گ exist in cp1256 (ی does not)
    ("ÉTATS-UNIS : ÇA SUFFIT, DÉCLARE LE PRÉSIDENT", "cp1252"),
    ("Égypte", "cp1252"),
    ("información política económica de la región", "cp1252"),
    ("AÇÃO ECONÔMICA", "cp1252"),
    ("Le ministre a reçu l’ambassadeur « très cordialement » — fin.", "cp1252"),
])
def test_decode_bytes_single_byte_heuristic(text, label):
    assert decode_bytes(text.encode(label)) == (text, label)


def test_cp1256_arabic_bytes_come_from_the_codec():
    decoded = CP1256_ARABIC_BYTES.decode("cp1256")
    assert "ا" in decoded and "ي" in decoded and "،" in decoded and "َ" in decoded
    assert all("\u0600" <= c <= "\u06ff" for c in decoded)
    assert "é" not in decoded and "à" not in decoded


# --------------------------------------------------------------------------- binary and errors

@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(0).randbytes(2000),
    APPLEDOUBLE,
    random.Random(1).randbytes(5000),
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + random.Random(2).randbytes(500),
    b"a\x00b",
    bytes(range(1, 9)) * 20,  # control-heavy without NUL
], ids=["png", "appledouble", "random", "zip", "one-nul", "controls"])
def test_decode_bytes_binary_raises_naming_the_file(data):
    with pytest.raises(CorpusFormatError, match="looks like a binary file") as info:
        decode_bytes(data, name="corpus/._bad.txt")
    assert info.value.path == "corpus/._bad.txt"
    assert str(info.value).startswith("corpus/._bad.txt: ")


def test_sniff_encoding_binary_raises():
    with pytest.raises(CorpusFormatError, match="binary"):
        sniff_encoding(APPLEDOUBLE, name="._x.txt")


def test_decode_bytes_few_control_chars_are_text():
    text = EN + "\x07" + FR + "\x0c\x0b\t" + AR + "\x1b\x1a"
    assert decode_bytes(text.encode()) == (text, "utf-8")


@pytest.mark.parametrize(("data", "encoding", "offset"), [
    (AR.encode("cp1256"), "utf-8", 0),
    (b"abc " + FR.encode("cp1252"), "utf-8", 4 + FR.index("é")),
    (b"\xff\xfe" + "abc".encode("utf-16-le") + b"x", "utf-16", 8),
    ("ok".encode("utf-8") + b"\x81", "cp1252", 2),
    (b"caf\xe9", "ascii", 3),
])
def test_decode_bytes_forced_wrong_encoding_names_offset(data, encoding, offset):
    with pytest.raises(CorpusFormatError, match=rf"offset {offset}\b.*encoding=None") as info:
        decode_bytes(data, name="a.txt", encoding=encoding)
    assert info.value.path == "a.txt"


def test_decode_bytes_damaged_utf8_raises_with_offset():
    good = (AR + " ").encode()
    data = good + b"\xff" + good
    with pytest.raises(CorpusFormatError, match=rf"UTF-8 with 1 invalid.*offset {len(good)}"):
        decode_bytes(data, name="damaged.txt")


def test_decode_bytes_bom_but_invalid_raises():
    data = codecs.BOM_UTF8 + b"abc\xff"
    with pytest.raises(CorpusFormatError, match="utf-8-sig.*offset 6"):
        decode_bytes(data, name="x.txt")


def test_decode_bytes_rejects_str():
    with pytest.raises(TypeError, match="bytes"):
        decode_bytes("text")


def test_decode_bytes_unknown_encoding():
    with pytest.raises(ValueError, match="not a codec"):
        decode_bytes(b"abc", encoding="klingon")


# --------------------------------------------------------------------------- forced encodings

@pytest.mark.parametrize(("data", "encoding", "expected"), [
    (AR.encode("cp1256"), "cp1256", (AR, "cp1256")),
    (AR.encode("cp1256"), "windows-1256", (AR, "cp1256")),
    (FR.encode("cp1252"), "cp1252", (FR, "cp1252")),
    ("éà".encode("latin-1"), "latin1", ("éà", "latin-1")),
    (codecs.BOM_UTF8 + b"abc", "utf-8", ("abc", "utf-8-sig")),
    (codecs.BOM_UTF8 + b"abc", "utf-8-sig", ("abc", "utf-8-sig")),
    (b"abc", "utf-8-sig", ("abc", "utf-8-sig")),
    (codecs.BOM_UTF16_BE + "بيان".encode("utf-16-be"), "utf-16", ("بيان", "utf-16-be")),
    ("بيان".encode("utf-16-le"), "utf-16", ("بيان", "utf-16-le")),
    (codecs.BOM_UTF16_LE + "بيان".encode("utf-16-le"), "utf-16-le", ("بيان", "utf-16-le")),
    (codecs.BOM_UTF32_BE + "بيان".encode("utf-32-be"), "utf-32", ("بيان", "utf-32-be")),
    (b"a\x00b", "utf-8", ("a\x00b", "utf-8")),  # forcing skips the binary check
])
def test_decode_bytes_forced_encoding(data, encoding, expected):
    assert decode_bytes(data, encoding=encoding) == expected


# --------------------------------------------------------------------------- sniff_encoding

@pytest.mark.parametrize(("label", "lang", "bom"), ROUND_TRIPS,
                         ids=[f"{lab}-{lang}-{'bom' if b else 'nobom'}"
                              for lab, lang, b in ROUND_TRIPS])
def test_sniff_encoding_agrees_with_decode_bytes(label, lang, bom):
    assert sniff_encoding(_encode(SAMPLES[lang], label, bom=bom)) == label


@pytest.mark.parametrize("char", ["é", "ب", "€", "😀"])
def test_sniff_encoding_char_cut_at_prefix_boundary(char):
    encoded = char.encode()
    for cut in range(1, len(encoded)):
        data = b"a" * (SNIFF_BYTES - cut) + encoded + "بيان".encode() * 10
        assert sniff_encoding(data) == "utf-8"


def test_sniff_encoding_utf16_cut_at_prefix_boundary():
    data = ("x" * (SNIFF_BYTES // 2 - 1) + "😀" + "بيان " * 10).encode("utf-16-le")
    assert sniff_encoding(data) == "utf-16-le"


def test_sniff_encoding_truncated_utf8_at_end_of_data_is_not_utf8():
    assert sniff_encoding("بيان".encode()[:-1]) != "utf-8"


def test_sniff_encoding_empty():
    assert sniff_encoding(b"") == "utf-8"


# --------------------------------------------------------------------------- properties

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_decode_bytes_any_utf8_text(text):
    data = text.encode("utf-8")
    if "\x00" in text or text.startswith("\ufeff") or _control_heavy(data):
        return
    assert decode_bytes(data) == (text, "utf-8")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.sampled_from(BOM_LABELS))
def test_decode_bytes_any_text_with_bom(text, label):
    if label == "utf-16-le" and text.startswith("\x00"):  # FF FE 00 00: UTF-32 LE BOM too
        return
    assert decode_bytes(_encode(text, label, bom=True)) == (text, label)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_bytes_any_bytes_decodes_or_raises_corpus_error(data):
    try:
        text, label = decode_bytes(data, name="f.bin")
    except CorpusFormatError as err:
        assert err.path == "f.bin"
        return
    assert isinstance(text, str) and label in ALL_LABELS
    assert sniff_encoding(data) == label


@given(st.lists(st.sampled_from(["a", "ب", "\r", "\n", "\r\n", " "])).map("".join))
def test_normalize_newlines_properties(text):
    out = normalize_newlines(text)
    assert "\r" not in out
    assert normalize_newlines(out) == out
    assert out.split("\n") == re.split("\r\n|\r|\n", text)


@given(st.text())
def test_normalize_newlines_any_text(text):
    out = normalize_newlines(text)
    assert "\r" not in out
    assert normalize_newlines(out) == out
    assert out.count("\n") == len(re.findall("\r\n|\r|\n", text))
