"""Charsets of portal pages: BOMs, headers and meta tags that lie, Windows-1258, TCVN3 and VNI."""

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.errors import InputError
from phongtrao.extract.encoding import (
    convert_legacy,
    decode_html,
    header_charset,
    legacy_font,
    meta_charset,
    repair_mojibake,
    syllable_ratio,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from phongtrao.extract.normalize import normalize

SENTENCE = "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” của huyện Đắk Song năm 2020 đã được tổ chức."
PAGE = f"<html><head><title>Tin tức</title></head><body><p>{SENTENCE}</p></body></html>"

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as editors wrote it: quality marks precomposed, tones as combining marks."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append((base + tone).encode("cp1258"))
    return b"".join(out)


def with_meta(charset: str, body: str = PAGE) -> str:
    return body.replace("<head>", f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}">')


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bom_decides_whatever_the_header_says(bom, codec):
    data = bom + PAGE.encode(codec)
    text, used = decode_html(data, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert SENTENCE in text
    assert not text.startswith("\ufeff")
    assert used.startswith(("utf-8", "utf-16"))


def test_header_charset_is_believed_when_the_bytes_agree():
    data = PAGE.encode("utf-8")
    assert decode_html(data, {"Content-Type": "text/html; charset=UTF-8"}) == (PAGE, "utf-8")


def test_meta_charset_windows_1258_with_combining_marks():
    data = cp1258_bytes(with_meta("windows-1258"))
    text, used = decode_html(data)
    assert used == "cp1258"
    assert any(unicodedata.combining(char) for char in text)  # tones arrive as combining marks
    assert normalize(SENTENCE) in normalize(text)


@pytest.mark.parametrize("declared", ["utf-8", "UTF8"])
def test_windows_1258_page_declaring_utf8(declared):
    data = cp1258_bytes(with_meta(declared))
    text, used = decode_html(data, {"content-type": f"text/html; charset={declared}"})
    assert used == "cp1258"
    assert normalize(SENTENCE) in normalize(text)


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "us-ascii"])
def test_utf8_page_declaring_a_western_charset(declared):
    data = with_meta(declared).encode("utf-8")
    text, used = decode_html(data)
    assert used == "utf-8"
    assert SENTENCE in text


def test_no_declaration_detects_utf8_then_vietnamese_single_byte():
    assert decode_html(PAGE.encode("utf-8"))[1] == "utf-8"
    text, used = decode_html(cp1258_bytes(PAGE))
    assert used == "cp1258"
    assert normalize(SENTENCE) in normalize(text)


def test_truncated_utf8_is_still_utf8():
    data = PAGE.encode("utf-8")
    cut = data[: data.index("ộ".encode()) + 1]  # cut inside a character
    assert decode_html(cut)[1] == "utf-8"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Content-Type": "text/html; charset=windows-1258"}, "cp1258"),
        ([("content-type", 'text/html;charset="utf-8"')], "utf-8"),
        ({"Content-Type": "text/html"}, None),
        ({"Content-Type": "text/html; charset=no-such-codec"}, None),
        (None, None),
    ],
)
def test_header_charset(headers, expected):
    assert header_charset(headers) == expected


def test_meta_charset_forms():
    assert meta_charset(b'<meta charset="windows-1258">') == "cp1258"
    assert meta_charset(b"<meta http-equiv=Content-Type content='text/html; charset=utf-8'>") == "utf-8"
    assert meta_charset(b"<p>no meta</p>") is None


# --- TCVN3 (ABC) and VNI -----------------------------------------------------------------

TCVN3_TABLE = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("Héi nghÞ tæng kÕt phong trµo thi ®ua", "Hội nghị tổng kết phong trào thi đua"),
    ("B¶o Th¾ng, B¸t X¸t", "Bảo Thắng, Bát Xát"),
    ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),
    ("§¶ng bé huyÖn", "Đảng bộ huyện"),
]
VNI_TABLE = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Hoäi nghò toång keát phong traøo thi ñua", "Hội nghị tổng kết phong trào thi đua"),
    ("Ñaûng uyû, ñoàng chí thöïc hieän", "Đảng uỷ, đồng chí thực hiện"),
    ("Chöông trình Daân vaän kheùo", "Chương trình Dân vận khéo"),
]


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_TABLE)
def test_tcvn3_conversion(legacy, expected):
    assert tcvn3_to_unicode(legacy) == expected


@pytest.mark.parametrize(("legacy", "expected"), VNI_TABLE)
def test_vni_conversion(legacy, expected):
    assert vni_to_unicode(legacy) == expected


def test_legacy_font_detection():
    tcvn3 = " ".join(legacy for legacy, _ in TCVN3_TABLE)
    vni = " ".join(legacy for legacy, _ in VNI_TABLE)
    assert legacy_font(tcvn3) == "tcvn3"
    assert legacy_font(vni) == "vni"
    assert convert_legacy(tcvn3, "tcvn3").startswith("Cộng hoà xã hội")


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "Sáng ngày 01 – 11, tại xã Bình Hòa, Ban Chỉ đạo phong trào huyện đã có buổi kiểm tra công tác thi đua cụm 3.",
        "Designed by VNPT. Thống kê truy cập: Đang truy cập 25, Hôm nay 2130, Tổng lượt truy cập 1665055",
        "Café, naïve, Zürich, Ærø, São Paulo, Ñandú: foreign words are not TCVN3.",
    ],
)
def test_unicode_text_is_not_taken_for_a_legacy_font(text):
    assert legacy_font(text * 3) is None


def test_syllable_ratio_tells_vietnamese_from_soup():
    assert syllable_ratio(SENTENCE) == 1.0
    assert syllable_ratio("Krông Pắc, Ea Kly") < 1.0  # consonant clusters of minority names are not syllables
    assert syllable_ratio(tcvn3_to_unicode("Hoäi nghò toång keát phong traøo")) < 0.75


def test_tcvn3_page_declared_windows_1252_is_converted():
    legacy = "Héi nghÞ tæng kÕt phong trµo thi ®ua n¨m 2020 cña huyÖn ®· ®\u00adîc tæ chøc"
    page = f"<html><head><title>x</title></head><body><p><font face='.VnTime'>{legacy}</font></p></body></html>"
    text, used = decode_html(with_meta("windows-1252", page).encode("cp1252"))
    assert used == "cp1252+tcvn3"
    assert "Hội nghị tổng kết phong trào thi đua năm 2020 của huyện đã được tổ chức" in text


def _as_cp1252(data: bytes) -> str:
    """What a Windows editor shows for UTF-8 bytes (undefined bytes pass through as C1)."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)


def test_mojibake_is_repaired():
    broken = _as_cp1252(SENTENCE.encode("utf-8"))
    assert repair_mojibake(broken * 2) == SENTENCE * 2
    assert repair_mojibake(SENTENCE) == SENTENCE


@pytest.mark.parametrize(
    ("data", "reason"), [(b"", "empty"), (b"  \n", "empty"), (b"%PDF-1.4\n", "binary"), (b"\x89PNG\r\n", "binary")]
)
def test_empty_and_binary_pages(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_html(data, where="page.html")


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2000),
    st.sampled_from([None, {"Content-Type": "text/html; charset=utf-8"}, {"Content-Type": "charset=x"}]),
)
def test_decode_html_never_raises_anything_but_input_error(data, headers):
    try:
        text, used = decode_html(data, headers)
    except InputError:
        return
    assert isinstance(text, str) and used
