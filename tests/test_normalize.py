import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phongtrao.extract.normalize import OLD_TO_MODERN_TONE, fold, modern_tones, normalize

TONES = {"grave": "\u0300", "acute": "\u0301", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.mark.parametrize("tone", TONES.values(), ids=TONES.keys())
@pytest.mark.parametrize("onset", ["h", "th", "kh", "t", "", "H", "X"])
@pytest.mark.parametrize("cluster", ["oa", "oe", "uy", "OA", "OE", "UY", "Oa", "Uy"])
def test_every_open_cluster_moves_to_modern_placement(cluster, onset, tone):
    old = onset + cluster[0] + nfc(cluster[1] + tone)
    modern = onset + nfc(cluster[0] + tone) + cluster[1]
    assert modern_tones(old) == modern
    assert modern_tones(old + " x") == modern + " x"
    assert modern_tones(modern) == modern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("văn hoá", "văn hóa"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("uỷ viên", "ủy viên"),
        ("Thuý", "Thúy"),
        ("sức khoẻ", "sức khỏe"),
        ("HOÁ", "HÓA"),
        ("hoà bình", "hòa bình"),
        ("thoả thuận", "thỏa thuận"),
        ("luỹ tre", "lũy tre"),
        ("Khoá IV", "Khóa IV"),
        # "qu" syllables: the u belongs to the onset, the tone stays on y.
        ("quý", "quý"),
        ("Quý III", "Quý III"),
        ("quỹ", "quỹ"),
        ("QUỸ", "QUỸ"),
        # "gi" syllables are untouched.
        ("giá", "giá"),
        ("giữ gìn", "giữ gìn"),
        # With a final consonant or a third vowel both styles agree.
        ("hoàn thành", "hoàn thành"),
        ("toán", "toán"),
        ("thuyền", "thuyền"),
        ("khuỷu", "khuỷu"),
        ("hoài", "hoài"),
        ("khoẻo", "khoẻo"),
    ],
)
def test_tone_placement_table(text, expected):
    assert modern_tones(text) == expected


def test_table_covers_three_clusters_five_tones_four_cases():
    assert len(OLD_TO_MODERN_TONE) == 3 * 5 * 4


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Trường Xu&acirc;n", "Trường Xuân"),
        ("B&#7897; ph&#7853;n", "Bộ phận"),
        ("&amp;acirc;", "â"),
        (unicodedata.normalize("NFD", "Đắk Song"), "Đắk Song"),
        ("tr\u00f4\u0300ng", "trồng"),  # entity-decoded ô followed by a combining grave
        ("a\u00a0b\u200bc\u00add", "a bcd"),
        ("\ufeffBOM", "BOM"),
        ("“Dân vận khéo”", '"Dân vận khéo"'),
        ("K’Thanh", "K'Thanh"),
        ("2016 – 2020 — x ― y", "2016 - 2020 - x - y"),
        ("TOÀN DÂNĐOÀN KẾT", "TOÀN DÂN ĐOÀN KẾT"),
        ("TDĐKXDĐSVH", "TDĐKXDĐSVH"),
        ("HĐND và BCĐ", "HĐND và BCĐ"),
        ("vănHóa", "văn Hóa"),
        ("a  \t b\r\n\r\n\r\n\r\nc", "a b\n\nc"),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dân vận khéo", "dan van kheo"),
        ("Đông Thạnh", "dong thanh"),
        ("ĐẢNG", "dang"),
        ("Huyện ủy", "huyen uy"),
        ("đời sống", "doi song"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(st.text())
def test_normalize_is_idempotent_and_never_raises(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text())
def test_fold_is_the_character_by_character_fold(text):
    from phongtrao.extract.normalize import _fold_char

    assert fold(text) == "".join(c if len(_fold_char(c)) != 1 else _fold_char(c) for c in text)
