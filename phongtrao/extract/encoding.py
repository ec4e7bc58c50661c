"""Bytes → text: character sets, binary files, and legacy Vietnamese font encodings.

One decoder for everything the toolkit reads. The shared part serves plain-text files
(:func:`phongtrao.extract.readers.decode_bytes`) and web pages alike: byte-order marks,
binary-file signatures, UTF-16 without a BOM, and single-byte text, where Windows-1258 is
told from Windows-1252 by how Vietnamese the result reads and text typed with the
pre-Unicode font encodings TCVN3 (ABC, ".VnTime") and VNI ("VNI-Times"), which decodes to
Latin-1 soup ("Héi nghÞ", "Hoäi nghò"), is recognised and converted to Unicode.

Web pages add their declarations (:func:`decode_html`). Portals declare charsets that are
wrong as often as right: a Windows-1258 page saying ``utf-8``, a UTF-8 page saying
``iso-8859-1``, a BOM that contradicts the header. So a declaration is only believed when
the bytes agree with it: the order is BOM, HTTP header, ``<meta charset>``, then detection.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache

from phongtrao.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# File signatures: images, archives, PDF, OLE (old .doc/.xls), executables, media, SQLite.
_BINARY_MAGIC = (
    *(b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"PK\x05\x06", b"%PDF-", b"\xd0\xcf\x11\xe0"),
    *(b"\x1f\x8b", b"BZh", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x7fELF", b"MZ", b"RIFF", b"OggS", b"ID3"),
    *(b"\x00\x00\x01\x00", b"II*\x00", b"MM\x00*", b"SQLite format 3\x00"),
)
_HEADER_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# Declared charsets that pages use for "whatever the editor saved": the bytes decide.
_WESTERN = frozenset({"cp1252", "latin-1", "iso8859-1", "ascii", "iso8859-15"})
_SINGLE_BYTE_CANDIDATES = ("cp1258", "cp1252")

VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
# Latin-1 letters and signs that Vietnamese never uses: legacy-font soup is full of them.
_FOREIGN = frozenset("ðÐþÞßæÆøØåÅñÑçÇëËïÏöÖüÜäÄÿ¤¦¨¯¸¹²³¼½¾×÷¬µ¶·§©ª«®±¡¢£¥\u00ad")

# --- TCVN3 (ABC) -------------------------------------------------------------------------
# One byte per letter; the lower-case table (".VnTime"). Capitals with marks live in a
# separate font (".VnTimeH") at the same positions, so they convert to lower case here.
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TABLE = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
_TCVN3_TRANSLATION = str.maketrans(TCVN3_TABLE)
# Letters that only TCVN3 soup puts inside a word ("Héi", "nghÞ", "tæng", "kÕt", "®ång").
_TCVN3_WORD_RE = re.compile(
    r"[A-Za-z]*[µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßãäåæçèéêëìíîïñòóôõö÷øùúûüýþ¨©ª«¬®\u00ad][A-Za-z]*"
)

# --- VNI ---------------------------------------------------------------------------------
# A base letter followed by one or two mark bytes ("Vieät" = Việt, "ñoàng" = đồng).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "Ô": "Ơ",
    "Ö": "Ư",
    "Ñ": "Đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}
_VNI_SINGLE_UPPER = {"Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}


@cache
def _vni_table() -> dict[str, str]:
    """Every VNI letter sequence (two or three characters) → its Unicode letter."""
    table: dict[str, str] = {}

    def add(sequence: str, base: str, marks: str) -> None:
        for upper in (False, True):
            key = sequence.upper() if upper else sequence
            value = unicodedata.normalize("NFC", (base.upper() if upper else base) + marks)
            table[key] = value

    for vowel in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            add(vowel + mark, vowel, tone)
    for vowel in "aeo":
        for mark, tone in _VNI_HAT_TONES.items():
            add(vowel + mark, vowel, "\u0302" + tone)
    for mark, tone in _VNI_BREVE_TONES.items():
        add("a" + mark, "a", "\u0306" + tone)
    for horned, base in (("ô", "o"), ("ö", "u")):
        for mark, tone in _VNI_TONES.items():
            add(horned + mark, base, "\u031b" + tone)
    return table


@cache
def _vni_re() -> re.Pattern[str]:
    keys = sorted([*_vni_table(), *_VNI_SINGLE, *_VNI_SINGLE_UPPER], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-encoded text (as decoded by cp1252) to Unicode NFC."""
    table = _vni_table()

    def replace(match: re.Match[str]) -> str:
        key = match.group(0)
        return table.get(key) or _VNI_SINGLE.get(key) or _VNI_SINGLE_UPPER.get(key) or key

    return _vni_re().sub(replace, text)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text (as decoded by cp1252/latin-1) to Unicode."""
    return text.translate(_TCVN3_TRANSLATION)


def vietnamese_score(text: str) -> int:
    """How Vietnamese a decoding reads: its letters count, foreign Latin-1 signs cost.

    Letters outside Latin-1 weigh double, which tells cp1258 ("Văn") from cp1252 ("Vãn").
    """
    score = 0
    for char in unicodedata.normalize("NFC", text):
        if char < "\u00c0" and char not in _FOREIGN:
            continue
        if char in VIETNAMESE_LETTERS:
            score += 2 if ord(char) > 0xFF else 1
        elif char in _FOREIGN or 0x80 <= ord(char) <= 0x9F or char == "\ufffd":
            score -= 2
    return score


def foreign_count(text: str) -> int:
    """Latin-1 signs and letters Vietnamese never uses ("Þ", "µ", "ø"): legacy-font soup."""
    return sum(text.count(char) for char in _FOREIGN)


_NUCLEI = [
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "ôi",
    "ơi",
    "oo",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ưu",
    "ươ",
    "yê",
    "iêu",
    "yêu",
    "oai",
    "oay",
    "oao",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyê",
    "uyu",
]
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    rf"(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
    r"(?:ng|nh|ch|[cmnptk])?"  # final k: Đắk, Lắk (minority place names)
)
_TONE_MARKS_RE = re.compile("[\u0300\u0301\u0303\u0309\u0323]")


def syllable_ratio(text: str) -> float:
    """Share of the words with a non-ASCII letter that are well-formed Vietnamese syllables."""
    checked = valid = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if word.isascii():
            continue
        checked += 1
        bare = unicodedata.normalize("NFC", _TONE_MARKS_RE.sub("", unicodedata.normalize("NFD", word.lower())))
        valid += bool(_SYLLABLE_RE.fullmatch(bare))
    return valid / checked if checked else 0.0


def legacy_font(text: str) -> str | None:
    """ "tcvn3" or "vni" when the text reads as one of those font encodings, else None.

    Soup is full of signs Vietnamese never uses; the right conversion makes them
    disappear and leaves well-formed Vietnamese syllables in their place.
    """
    if foreign_count(text[:100_000]) < 5:
        return None
    sample = re.sub(r"<[^>]{0,2000}>", " ", text[:100_000])
    sample = re.sub(r"&[#\w]{1,10};", " ", sample)
    foreign = foreign_count(sample)
    if foreign < 5 or foreign < 0.03 * len(sample.split()):
        return None
    before = syllable_ratio(sample)
    scored = []
    for name in ("tcvn3", "vni"):
        converted = convert_legacy(sample, name)
        if foreign_count(converted) <= 0.2 * foreign:
            scored.append((syllable_ratio(converted), name))
    if not scored:
        return None
    ratio, name = max(scored)
    return name if ratio >= 0.75 and ratio > before else None


def convert_legacy(text: str, font: str) -> str:
    """Convert text in a legacy font encoding ("tcvn3" | "vni") to Unicode."""
    return tcvn3_to_unicode(text) if font == "tcvn3" else vni_to_unicode(text)


# --- bytes shared by every reader ---------------------------------------------------------


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark names ("utf-8-sig", "utf-16", "utf-32"), None without one."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def has_binary_signature(data: bytes) -> bool:
    """True when the bytes open with an image, archive, PDF, Office, executable or media signature."""
    return data.startswith(_BINARY_MAGIC)


def sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII characters leave a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.2 and zero_even < 0.02:
        return "utf-16-le"
    if zero_even > 0.2 and zero_odd < 0.02:
        return "utf-16-be"
    return None


def decode_single_byte(data: bytes) -> tuple[str, str]:
    """(text, encoding) of one-byte text: TCVN3/VNI font text read through cp1252, else cp1258 or cp1252 by score."""
    western = data.decode("cp1252", "replace")
    font = legacy_font(western)
    if font is not None:
        return convert_legacy(western, font), f"cp1252+{font}"
    candidates = [(data.decode(name, "replace"), name) for name in _SINGLE_BYTE_CANDIDATES]
    return max(candidates, key=lambda item: (vietnamese_score(item[0]), item[1] == "cp1258"))


# --- charsets ----------------------------------------------------------------------------


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    aliases = {"windows-1258": "cp1258", "x-windows-1258": "cp1258", "vn": "cp1258", "utf8": "utf-8"}
    label = aliases.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _header_items(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> list[tuple[str, str]]:
    if headers is None:
        return []
    if isinstance(headers, Mapping):
        return [(str(k), str(v)) for k, v in headers.items()]
    return [(str(k), str(v)) for k, v in headers]


def header_charset(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> str | None:
    """The codec named by a Content-Type header, if any."""
    for key, value in _header_items(headers):
        if key.lower() == "content-type":
            match = _HEADER_CHARSET_RE.search(value)
            if match:
                return _codec(match.group(1))
    return None


def meta_charset(data: bytes) -> str | None:
    """The codec named by ``<meta charset>`` or the http-equiv Content-Type in the first 8 KB."""
    match = _META_CHARSET_RE.search(data[:8192])
    return _codec(match.group(1)) if match else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A page cut off mid-character is still UTF-8.
        return error.start >= len(data) - 3 and error.reason == "unexpected end of data"
    return True


def _has_multibyte(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data[:200_000]) is not None


_MOJIBAKE_RE = re.compile(
    "[\u00c3\u00c4\u00c6\u00e1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def repair_mojibake(text: str) -> str:
    """UTF-8 read as cp1252 and saved again ("Há»™i nghá»‹" → "Hội nghị"), when that is what it is."""
    if len(_MOJIBAKE_RE.findall(text[:100_000])) < 3:
        return text
    try:
        raw = b"".join(_cp1252_byte(char) for char in text)
        fixed = raw.decode("utf-8")
    except (UnicodeError, ValueError):
        return text
    return fixed if vietnamese_score(fixed) > vietnamese_score(text) else text


def _cp1252_byte(char: str) -> bytes:
    """The byte cp1252 shows as ``char``; the five bytes cp1252 leaves undefined come through as C1."""
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        if 0x80 <= ord(char) <= 0x9F:
            return bytes([ord(char)])
        raise ValueError(char) from None


def _decode_declared(data: bytes, codec: str) -> tuple[str, str] | None:
    """Decode with a declared codec when the bytes agree with it, else None."""
    if codec in ("utf-8", "utf-8-sig"):
        return (data.decode("utf-8", "replace"), "utf-8") if _is_utf8(data) else None
    if codec in _WESTERN or codec == "cp1258":
        if _has_multibyte(data) and _is_utf8(data):
            return None  # UTF-8 bytes under a Western label: the label is wrong
        if codec != "cp1258":
            text, name = decode_single_byte(data)
            return text, name
        return data.decode("cp1258", "replace"), "cp1258"
    try:
        return data.decode(codec), codec
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> tuple[str, str]:
    if _is_utf8(data):
        return data.decode("utf-8", "replace"), "utf-8"
    name = sniff_utf16(data)
    if name is not None:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    return decode_single_byte(data)


def decode_html(
    data: bytes,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    *,
    where: str = "<html>",
) -> tuple[str, str]:
    """(text, encoding used) of an HTML page's bytes.

    BOM first (it cannot lie), then the HTTP header charset, then ``<meta charset>``, each
    only when the bytes decode under it; then detection. Legacy font text (TCVN3, VNI) is
    converted; the encoding name then reads "cp1252+tcvn3". Old-style mojibake is repaired.
    """
    if not data or not data.strip():
        raise InputError(where, "empty page")
    if has_binary_signature(data):
        raise InputError(where, "binary file, not an HTML page")
    text: str | None = None
    used = bom_codec(data) or ""
    if used:
        text = data.decode(used, "replace")
    else:
        for codec in (header_charset(headers), meta_charset(data)):
            if codec is None:
                continue
            decoded = _decode_declared(data, codec)
            if decoded is not None:
                text, used = decoded
                break
    if text is None:
        text, used = _detect(data)
    if "\x00" in text[:4096]:
        raise InputError(where, "binary file, not an HTML page")
    text = text.lstrip("\ufeff")
    repaired = repair_mojibake(text)
    if repaired is not text:
        text, used = repaired, f"{used}+mojibake-repaired"
    font = legacy_font(text) if "+" not in used and used not in ("utf-16", "utf-32") else None
    if font is not None and _whole_page_legacy(text):
        text, used = convert_legacy(text, font), f"{used}+{font}"
    return text, used


def _whole_page_legacy(text: str) -> bool:
    """True unless the page already has real Vietnamese letters (then only parts are legacy)."""
    sample = text[:200_000]
    real = sum(1 for char in sample if ord(char) > 0xFF and char in VIETNAMESE_LETTERS)
    return real < 20
