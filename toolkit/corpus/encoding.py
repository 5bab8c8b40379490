"""Decode corpus files from bytes: detect the encoding, reject binary files, normalise newlines.

Corpus files arrive as UTF-8 (with or without a byte-order mark), UTF-16 (little- or big-endian,
with or without a BOM), Windows-1256 (the Arabic code page), Windows-1252/Latin-1 (French), or
as binary junk (images, archives, macOS ``._*`` AppleDouble files). Loaders read bytes and call
:func:`decode_bytes`, which returns the text and an encoding label to keep as a docvar.

Detection rule (``encoding=None``), in this order:

1. **Byte-order mark.** ``EF BB BF`` -> ``"utf-8-sig"``; ``FF FE 00 00`` / ``00 00 FE FF`` ->
   ``"utf-32-le"`` / ``"utf-32-be"``; ``FF FE`` / ``FE FF`` -> ``"utf-16-le"`` / ``"utf-16-be"``.
   The BOM is removed from the text. A file with a BOM must then decode strictly. (``FF FE 00
   00`` is read as UTF-16 LE starting with U+0000 when it does not decode as UTF-32 LE.)
2. **UTF-16 without a BOM.** Looked for only when the data contains NUL bytes or is
   control-heavy (see 3), which UTF-16 text in the Latin, Arabic, Cyrillic, Greek or Hebrew
   scripts always is: the high byte of each 16-bit unit is ``00`` (ASCII, Latin-1) or, for
   letters of one other script, one value among ``01``-``08`` (Latin Extended, Greek, Cyrillic,
   Hebrew, Arabic), ``1E``, ``20`` (punctuation) or ``FB``-``FE`` (Arabic presentation forms).
   When ``00`` plus the most frequent of those values make up at least 90 % of the bytes at the
   odd (little-endian) or even (big-endian) positions, the data decodes strictly in that byte
   order, and the decoded text has no NUL and is not control-heavy, the file is UTF-16.
3. **Binary.** Data that contains NUL bytes (and is not UTF-16 by rule 2), or in whose first
   :data:`SNIFF_BYTES` bytes C0 control bytes other than tab, newline, vertical tab, form feed
   and carriage return make up more than 10 % (and number at least 8), raises
   :class:`~toolkit.errors.CorpusFormatError` ("looks like a binary file").
4. **UTF-8**, decoded strictly -> ``"utf-8"``. When strict decoding fails but at least ten times
   as many non-ASCII characters decode as fail (a UTF-8 file damaged by a few stray bytes, or two
   encodings mixed in one file), the file is *not* silently re-read in a code page, which would
   turn every accented or Arabic letter into mojibake: :class:`~toolkit.errors.CorpusFormatError`
   names the offset of the first invalid byte.
5. **Single-byte code page.** Let *H* be the number of bytes >= 0x80 and *A* the number of those
   that Windows-1256 maps to an Arabic letter, tatweel, harakat or Arabic punctuation
   (:data:`CP1256_ARABIC_BYTES`, computed from Python's ``cp1256`` codec). A byte of *A* is
   *stray* when neither neighbour is another byte of *A*, or when it touches an ASCII letter:
   in Arabic text every letter byte sits inside a word of such bytes, whereas in a Windows-1252
   text the same bytes (``É Ç È Ê Ô Û á í ó ú ñ``) are accents between ASCII letters. The data is
   ``"cp1256"`` when ``A >= 0.6 * H`` and at most 30 % of *A* is stray, i.e. decoding with
   cp1256 yields mostly whole Arabic words (the stray share is estimated on four evenly spaced
   windows of 256 KiB when the data is larger than 1 MiB). Otherwise it is ``"cp1252"`` if it
   decodes (five bytes, ``81 8D 8F 90 9D``, are undefined in cp1252), else ``"latin-1"``,
   which decodes anything.

Limits: cp1256 versus cp1252 is a heuristic; a very short text (a name, one accented capital)
may be ambiguous; UTF-16 without a BOM is not recognised for Han/kana text or for a few
Arabic words without a space or digit (use a BOM or ``encoding=``); bytes that are valid UTF-8
are always read as UTF-8, even if the author meant Latin-1 (e.g. ``"Ã©"``). Pass ``encoding=``
to override detection: the data is then decoded strictly with that codec, with no binary check.

Examples
--------
>>> decode_bytes("Déclaration finale".encode("cp1252"))
('Déclaration finale', 'cp1252')
>>> decode_bytes("\\ufeffبيان".encode("utf-8"))
('بيان', 'utf-8-sig')
>>> normalize_newlines("a\\r\\nb\\rc")
'a\\nb\\nc'
"""

from __future__ import annotations

import codecs
import logging
import re

from toolkit.errors import CorpusFormatError

__all__ = [
    "CP1256_ARABIC_BYTES",
    "SNIFF_BYTES",
    "decode_bytes",
    "normalize_newlines",
    "sniff_encoding",
]

logger = logging.getLogger(__name__)

#: How many leading bytes :func:`sniff_encoding` looks at.
SNIFF_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF_LABEL = {label: bom for bom, label in _BOMS}

# C0 control bytes that do not occur in text (tab, LF, VT, FF and CR do); NUL is handled apart.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SHARE = 0.10
_CONTROL_MIN = 8
_CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

# High bytes of a UTF-16 code unit for text in Latin/Greek/Cyrillic/Hebrew/Arabic scripts.
_UTF16_HIGH_BYTES = bytes([*range(0x00, 0x09), 0x1E, 0x20, *range(0xFB, 0xFF)])
_UTF16_SHARE = 0.90

_HIGH_BYTES = bytes(range(0x80, 0x100))


def _cp1256_arabic_bytes() -> bytes:
    arabic_punctuation = {"\u060c", "\u061b", "\u061f"}  # comma, semicolon, question mark
    out = []
    for byte in _HIGH_BYTES:
        char = bytes([byte]).decode("cp1256")
        if "\u0600" <= char <= "\u06ff" and (char.isalpha() or char in arabic_punctuation
                                             or "\u064b" <= char <= "\u0652"):
            out.append(byte)
    return bytes(out)


#: Bytes >= 0x80 that Windows-1256 maps to an Arabic letter, tatweel, harakat or punctuation.
CP1256_ARABIC_BYTES = _cp1256_arabic_bytes()
_AR_CLASS = b"[" + b"".join(re.escape(bytes([b])) for b in CP1256_ARABIC_BYTES) + b"]"
# An Arabic-range byte with no Arabic-range neighbour, or touching an ASCII letter.
_STRAY_ARABIC_BYTE_RE = re.compile(
    _AR_CLASS + rb"(?=[A-Za-z])"
    + rb"|(?<=[A-Za-z])" + _AR_CLASS
    + rb"|(?<!" + _AR_CLASS + rb")" + _AR_CLASS + rb"(?!" + _AR_CLASS + rb")"
)
_CP1256_MIN_SHARE = 0.6
_SAMPLE_BYTES = 1024 * 1024
_CP1256_MAX_STRAY = 0.3
_UTF8_DAMAGED_RATIO = 10

_CANONICAL_LABELS = {"iso8859-1": "latin-1", "iso8859_1": "latin-1", "latin_1": "latin-1"}
_FIX_HINT = ("pass encoding=None to detect the encoding, or another codec such as 'utf-8', "
             "'cp1256' (Arabic) or 'cp1252' (French)")


def decode_bytes(data: bytes, *, name: str | None = None,
                 encoding: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a corpus file and say which encoding they were in.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str, optional
        File name (or path) used in error messages.
    encoding : str, optional
        A Python codec name. ``None`` (default) detects the encoding with the rule in the module
        docstring. Otherwise the data is decoded strictly with this codec; a leading BOM is
        removed for the UTF codecs (``"utf-8"`` with a BOM is reported as ``"utf-8-sig"``;
        ``"utf-16"``/``"utf-32"`` read the byte order from the BOM, little-endian without one).

    Returns
    -------
    text : str
        The decoded text, newlines unchanged (see :func:`normalize_newlines`).
    encoding : str
        One of ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32-le"``,
        ``"utf-32-be"``, ``"cp1256"``, ``"cp1252"``, ``"latin-1"``; with ``encoding=`` given,
        the canonical name of that codec. Empty ``data`` gives ``("", "utf-8")``.

    Raises
    ------
    CorpusFormatError
        The data looks binary, is damaged UTF-8, or does not decode with the given encoding
        (the message names ``name`` and the byte offset).
    ValueError
        ``encoding`` is not a codec Python knows.
    TypeError
        ``data`` is not bytes.

    Examples
    --------
    >>> decode_bytes("بيان ختامي صادر عن القمة".encode("cp1256"))
    ('بيان ختامي صادر عن القمة', 'cp1256')
    >>> decode_bytes(b"\\xfe\\xff" + "communiqué".encode("utf-16-be"))
    ('communiqué', 'utf-16-be')
    >>> decode_bytes(b"caf\\xe9", name="a.txt", encoding="utf-8")
    Traceback (most recent call last):
    ...
    toolkit.errors.CorpusFormatError: a.txt: cannot be decoded as utf-8: byte 0xe9 at offset 3 ...
    """
    data = _as_bytes(data)
    if encoding is not None:
        return _decode_forced(data, encoding, name)
    if not data:
        return "", "utf-8"
    label = _bom_label(data, final=True)
    if label is not None:
        return _decode_strict(data, label, name, start=len(_BOM_OF_LABEL[label])), label
    if b"\x00" in data or _is_control_heavy(data):
        label = _utf16_label(data, final=True)
        if label is None:
            raise _binary_error(data, name)
        return _decode_strict(data, label, name), label
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        _raise_if_damaged_utf8(data, err, name)
    label = _single_byte_label(data)
    logger.debug("%s: not UTF-8, decoded as %s", name or "<bytes>", label)
    return data.decode(label), label


def sniff_encoding(data: bytes, *, name: str | None = None) -> str:
    """Guess the encoding label of ``data`` from its first :data:`SNIFF_BYTES` bytes.

    Applies the rule of :func:`decode_bytes` to the prefix only, so it is fast on large files; a
    multi-byte character cut at the prefix boundary is not an error. Because only the prefix is
    read, a file whose first invalid UTF-8 byte lies beyond it is reported as ``"utf-8"``; use
    :func:`decode_bytes` to decode.

    Parameters
    ----------
    data : bytes
        The file, or at least its beginning.
    name : str, optional
        File name used in error messages.

    Returns
    -------
    str
        The label :func:`decode_bytes` would return (empty data gives ``"utf-8"``).

    Raises
    ------
    CorpusFormatError
        The prefix looks binary or like damaged UTF-8.

    Examples
    --------
    >>> sniff_encoding("Le Conseil de sécurité".encode("utf-8"))
    'utf-8'
    >>> sniff_encoding("مجلس الأمن الدولي يدين الهجوم".encode("cp1256"))
    'cp1256'
    >>> sniff_encoding("Security Council".encode("utf-16-be"))
    'utf-16-be'
    """
    data = _as_bytes(data)
    final = len(data) <= SNIFF_BYTES
    prefix = data[:SNIFF_BYTES]
    if not prefix:
        return "utf-8"
    label = _bom_label(prefix, final=final)
    if label is not None:
        return label
    if b"\x00" in prefix or _is_control_heavy(prefix):
        label = _utf16_label(prefix, final=final)
        if label is None:
            raise _binary_error(prefix, name)
        return label
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(prefix, final=final)
        return "utf-8"
    except UnicodeDecodeError as err:
        _raise_if_damaged_utf8(prefix, err, name)
    return _single_byte_label(prefix)


def normalize_newlines(text: str) -> str:
    r"""Turn Windows (``\r\n``) and old Mac (lone ``\r``) line endings into ``\n``.

    Loaders call this once after decoding; it is the only change made to a corpus text. Other
    Unicode line separators (``\x85``, ``\u2028``) are left alone.

    Examples
    --------
    >>> normalize_newlines("ligne 1\r\nligne 2\rligne 3\n")
    'ligne 1\nligne 2\nligne 3\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- helpers


def _as_bytes(data: object) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"data must be bytes, got {type(data).__name__}; read the file in binary "
                    "mode ('rb') or use Path.read_bytes()")


def _canonical(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"encoding={encoding!r} is not a codec Python knows; use None to "
                         "detect it, or e.g. 'utf-8', 'utf-16', 'cp1256', 'cp1252', "
                         "'latin-1'") from None
    return _CANONICAL_LABELS.get(name, name)


def _bom_label(data: bytes, *, final: bool) -> str | None:
    for bom, label in _BOMS:
        if data.startswith(bom):
            if label == "utf-32-le" and not _decodes(data[4:], label, final=final):
                continue  # a UTF-16 LE BOM followed by U+0000
            return label
    return None


def _decodes(data: bytes, codec: str, *, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _decode_forced(data: bytes, encoding: str, name: str | None) -> tuple[str, str]:
    label = _canonical(encoding)
    if label in ("utf-16", "utf-32"):  # byte order from the BOM, little-endian without one
        for bom, bom_label in _BOMS:
            if bom_label.startswith(label) and data.startswith(bom):
                return _decode_strict(data, bom_label, name, start=len(bom)), bom_label
        label += "-le"
    elif label == "utf-8" and data.startswith(codecs.BOM_UTF8):
        label = "utf-8-sig"
    start = len(_BOM_OF_LABEL[label]) if (label in _BOM_OF_LABEL
                                          and data.startswith(_BOM_OF_LABEL[label])) else 0
    return _decode_strict(data, label, name, start=start), label


def _decode_strict(data: bytes, label: str, name: str | None, *, start: int = 0) -> str:
    codec = "utf-8" if label == "utf-8-sig" else label
    try:
        return data[start:].decode(codec)
    except UnicodeDecodeError as err:
        offset = start + err.start
        raise CorpusFormatError(
            f"cannot be decoded as {label}: byte 0x{data[offset]:02x} at offset {offset} "
            f"({err.reason}); {_FIX_HINT}", path=name) from None


def _is_control_heavy(data: bytes) -> bool:
    data = data[:SNIFF_BYTES]  # binary files show it at once; counting all would cost ~30 %
    n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return n_control >= _CONTROL_MIN and n_control > _CONTROL_SHARE * len(data)


def _text_is_control_heavy(text: str) -> bool:
    text = text[:SNIFF_BYTES]
    n_control = len(_CONTROL_CHARS_RE.findall(text))
    return n_control >= _CONTROL_MIN and n_control > _CONTROL_SHARE * len(text)


def _utf16_label(data: bytes, *, final: bool) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when ``data`` has the UTF-16 pattern, else None."""
    if final and len(data) % 2:
        return None
    data = data[: len(data) // 2 * 2]
    n_units = len(data) // 2
    if n_units == 0:
        return None
    shares = {}
    for label, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        n_script = max(high.count(byte) for byte in _UTF16_HIGH_BYTES[1:])
        shares[label] = (high.count(0) + n_script) / n_units
    label = max(shares, key=shares.__getitem__)
    if shares[label] < _UTF16_SHARE:
        return None
    try:
        text = codecs.getincrementaldecoder(label)("strict").decode(data, final=final)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _text_is_control_heavy(text):
        return None
    return label


def _binary_error(data: bytes, name: str | None) -> CorpusFormatError:
    nul = data.find(b"\x00")
    evidence = (f"a NUL byte at offset {nul}" if nul >= 0
                else "more than 10 % C0 control bytes")
    return CorpusFormatError(
        f"looks like a binary file, not text ({evidence}; starts with {data[:16]!r}); remove "
        "it from the corpus folder (e.g. images, archives, macOS '._' files); if it is text, "
        "pass its codec, e.g. encoding='utf-16-le' for UTF-16 without a byte-order mark, or "
        "encoding='utf-8' to decode it anyway", path=name)


def _raise_if_damaged_utf8(data: bytes, err: UnicodeDecodeError, name: str | None) -> None:
    sample = _sample(data)
    if len(sample) < len(data) and not _mostly_utf8(sample)[0]:  # cheap answer for big files
        return
    mostly, n_bad = _mostly_utf8(data)
    if mostly:
        raise CorpusFormatError(
            f"looks like UTF-8 with {n_bad} invalid byte sequence(s), the first at offset "
            f"{err.start} (byte 0x{data[err.start]:02x}); the file may be damaged or mix two "
            "encodings; repair it, or pass encoding='cp1256'/'cp1252' if it is really a "
            "single-byte code page", path=name)


def _mostly_utf8(data: bytes) -> tuple[bool, int]:
    """Whether ten times more non-ASCII characters decode as UTF-8 than fail; the failures."""
    replaced = data.decode("utf-8", errors="replace")
    n_bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    n_good = len(replaced) - len(replaced.encode("ascii", errors="ignore")) - n_bad
    return n_good >= _UTF8_DAMAGED_RATIO * n_bad, n_bad


def _single_byte_label(data: bytes) -> str:
    n_high = len(data) - len(data.translate(None, _HIGH_BYTES))
    n_arabic = len(data) - len(data.translate(None, CP1256_ARABIC_BYTES))
    if n_arabic and n_arabic >= _CP1256_MIN_SHARE * n_high:
        sample = _sample(data)
        n_sample = len(sample) - len(sample.translate(None, CP1256_ARABIC_BYTES))
        if n_sample == 0:  # the Arabic-range bytes all lie outside the sampled windows
            sample, n_sample = data, n_arabic
        n_stray = sum(1 for _ in _STRAY_ARABIC_BYTE_RE.finditer(sample))
        if n_stray <= _CP1256_MAX_STRAY * n_sample:
            return "cp1256"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def _sample(data: bytes) -> bytes:
    """The whole of small data; four evenly spaced windows of large data (regexes are slow)."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    width = _SAMPLE_BYTES // 4
    step = (len(data) - width) // 3
    return b"\n".join(data[i * step: i * step + width] for i in range(4))
