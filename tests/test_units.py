"""Administrative units: type words, shared lists, the gazetteer, context, bare "Huyện", widgets."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.errors import InputError
from phongtrao.extract.normalize import fold, normalize
from phongtrao.extract.readers import read_path
from phongtrao.extract.units import extract_units, lookup_unit, name_key, successor, unit_by_code
from tests.conftest import SHARED

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (seeds and real texts) is absent")


def names(text: str, home: str | None = None) -> list[str]:
    return [u.name for u in extract_units(normalize(text), home)]


def records(text: str, home: str | None = None) -> list[tuple[str, str, str | None, str | None]]:
    return [(u.name, u.level, u.code, u.province) for u in extract_units(normalize(text), home)]


# ---------------------------------------------------------------- the gazetteer


@pytest.mark.parametrize(
    ("name", "province", "full_name", "code"),
    [
        ("tỉnh Đắk Nông", None, "tỉnh Đắk Nông", "67"),
        ("Đắk Nông", None, "tỉnh Đắk Nông", "67"),
        ("huyện Đắk Song", None, "huyện Đắk Song", "665"),
        ("Đăk Song", None, "huyện Đắk Song", "665"),
        ("Đak Song", None, "huyện Đắk Song", "665"),
        ("xã Nâm N'Jang", None, "xã Nâm N'Jang", "24728"),
        ("thị trấn Đức An", None, "thị trấn Đức An", "24717"),
        ("quận Hoàng Mai", None, "quận Hoàng Mai", "008"),
        ("thị xã Hoàng Mai", None, "thị xã Hoàng Mai", "432"),
        ("thành phố Hà Nội", None, "thành phố Hà Nội", "01"),
        ("TP. Hồ Chí Minh", None, "thành phố Hồ Chí Minh", "79"),
        ("thị xã Cai Lậy", None, "thị xã Cai Lậy", "817"),
        ("huyện Cai Lậy", None, "huyện Cai Lậy", "820"),
        ("xã Bình Hòa", "An Giang", "xã Bình Hòa", "30607"),
        ("xã Bình Hòa", "89", "xã Bình Hòa", "30607"),
        ("thị xã Gia Nghĩa", None, "thành phố Gia Nghĩa", "660"),  # a city since 2019, same code
        ("tỉnh Thừa Thiên Huế", None, "thành phố Huế", "46"),
        ("665", None, "huyện Đắk Song", "665"),
    ],
)
def test_lookup_unit_finds_the_official_code(name: str, province: str | None, full_name: str, code: str) -> None:
    found = lookup_unit(name, province)
    assert found, name
    assert (found[0].full_name, found[0].code) == (full_name, code)


def test_a_name_in_several_provinces_has_several_entries() -> None:
    assert {e.code for e in lookup_unit("Hoàng Mai")} >= {"008", "432"}
    assert len({e.province for e in lookup_unit("xã Bình Hòa")}) > 3


def test_unknown_names_find_nothing() -> None:
    assert lookup_unit("xã Không Có Tên Này") == []
    assert lookup_unit("") == []
    assert lookup_unit("99999") == []


def test_entries_know_their_parents_and_province() -> None:
    commune = unit_by_code("24730")
    assert commune is not None
    assert (commune.full_name, commune.district, commune.province, commune.province_name) == (
        "xã Trường Xuân",
        "665",
        "67",
        "Đắk Nông",
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("24730", ("xã Trường Xuân", "24730")),  # kept its name
        ("24722", ("xã Thuận Hạnh", "24722")),  # xã Thuận Hà went into xã Thuận Hạnh
        ("24717", ("xã Đức An", "24717")),  # thị trấn Đức An became a xã
        ("665", ("tỉnh Lâm Đồng", "68")),  # districts were abolished: the province's successor
        ("67", ("tỉnh Lâm Đồng", "68")),
        ("01", ("thành phố Hà Nội", "01")),
    ],
)
def test_successor_is_the_2025_unit(code: str, expected: tuple[str, str]) -> None:
    assert successor(code) == expected


def test_successor_of_an_unknown_code_is_none() -> None:
    assert successor("nope") is None


def test_the_data_file_is_small_and_attributed() -> None:
    raw = resources.files("phongtrao.data").joinpath("gazetteer.tsv.gz").read_bytes()
    assert len(raw) < 400_000
    text = gzip.decompress(raw).decode("utf-8")
    assert "vietnamadminunits" in text.splitlines()[1] and "MIT" in text.splitlines()[1]
    levels = [line.split("\t", 1)[0] for line in text.splitlines() if not line.startswith("#")]
    assert levels.count("province") == 63
    assert 650 < levels.count("district") < 720
    assert 9_500 < levels.count("commune") < 11_000


@pytest.mark.parametrize(
    ("written", "key"),
    [("Đắk Song", "daksong"), ("Đăk Song", "daksong"), ("Nâm N'Jang", "namnjang"), ("05", "5"), ("Phú Quý", "phuquy")],
)
def test_name_key_folds_spelling_variants(written: str, key: str) -> None:
    assert name_key(written) == key


# ---------------------------------------------------------------- type word + name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng ngày 01 - 11, tại xã Bình Hòa, Ban Chỉ đạo", ["xã Bình Hòa"]),
        ("Xã Bình Hòa tổ chức", ["xã Bình Hòa"]),
        ("Chủ tịch UBND thị trấn Ngã Sáu.", ["thị trấn Ngã Sáu"]),
        ("Quận Hoàng Mai: Tập huấn phong trào", ["quận Hoàng Mai"]),
        ("trên địa bàn thị xã Cai Lậy./.", ["thị xã Cai Lậy"]),
        ("Hội đồng nhân dân huyện Đắk Song tổ chức kỳ họp", ["huyện Đắk Song"]),
        ("Công an huyện Đak Song đã tổ chức", ["huyện Đắk Song"]),
        ("phụ nữ huyện Đăk Song đã đoàn kết", ["huyện Đắk Song"]),
        ("tại nhà Văn hóa huyện Đăk Song.", ["huyện Đắk Song"]),
        ("Ban Dân tộc Hội đồng nhân dân tỉnh Đắk Nông", ["tỉnh Đắk Nông"]),
        ("BCĐ phong trào TDĐKXDĐSVH H.Định Quán", ["huyện Định Quán"]),
        ("H. Định Quán", ["huyện Định Quán"]),
        ("UBND TP. Hồ Chí Minh đã chỉ đạo", ["thành phố Hồ Chí Minh"]),
        ("TP Hồ Chí Minh giám sát người nhập cảnh", ["thành phố Hồ Chí Minh"]),
        ("Ủy ban MTTQ TP.HCM", ["thành phố Hồ Chí Minh"]),
        ("Tp. Buôn Ma Thuột", ["thành phố Buôn Ma Thuột"]),
        ("TX. Cai Lậy", ["thị xã Cai Lậy"]),
        ("Q. Hoàng Mai", ["quận Hoàng Mai"]),
        ("TT Đức An", ["thị trấn Đức An"]),
        ("thị Trấn Đức An", ["thị trấn Đức An"]),
        ("hội LHPN xã Đăk Hòa; thị trấn Đức an; giải ba", ["xã Đắk Hòa", "thị trấn Đức An"]),
        ("UBND THỊ XÃ HOÀNG MAI - TỈNH NGHỆ AN", ["thị xã Hoàng Mai", "tỉnh Nghệ An"]),
        ("tại tỉnh Đăk nông, Công an tỉnh Đak nông", ["tỉnh Đắk Nông", "tỉnh Đắk Nông"]),
        ("huyện Phú Quý", ["huyện Phú Quý"]),  # a variant spelling is kept as written
        ("UBND thành phố Hà Nội đã có Kế hoạch", ["thành phố Hà Nội"]),
    ],
)
def test_type_word_and_name(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_record_text_is_the_text_as_written() -> None:
    text = normalize("Công an huyện Đak Song và H.Định Quán")
    units = extract_units(text)
    assert [u.text for u in units] == ["huyện Đak Song", "H.Định Quán"]
    assert all(text[u.start : u.end] == u.text for u in units)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kiểm tra thi đua cụm 3 đối với các xã: Bình Hòa, An Hòa, Bình Thạnh, Cần Đăng và thị trấn An Châu",
            ["xã Bình Hòa", "xã An Hòa", "xã Bình Thạnh", "xã Cần Đăng", "thị trấn An Châu"],
        ),
        ("các tổ tự quản 2 xã Thuận Hà và Thuận Hạnh.", ["xã Thuận Hà", "xã Thuận Hạnh"]),
        ("xã Trường Xuân, Nâm N'Jang", ["xã Trường Xuân", "xã Nâm N'Jang"]),
        ("Hội LHPN xã Thuận Hà; Thuận Hạnh; Nam Bình Ngoài ra", ["xã Thuận Hà", "xã Thuận Hạnh", "xã Nam Bình"]),
        (
            "8 đoàn đến từ 8 tỉnh: Quảng Ngãi, Khánh Hòa, Gia Lai, Đắk Lắk",
            ["tỉnh Quảng Ngãi", "tỉnh Khánh Hòa", "tỉnh Gia Lai", "tỉnh Đắk Lắk"],
        ),
        (
            "các phường: Lĩnh Nam, Trần Phú, Yên Sở của quận Hoàng Mai",
            ["phường Lĩnh Nam", "phường Trần Phú", "phường Yên Sở", "quận Hoàng Mai"],
        ),
    ],
)
def test_a_shared_type_word_is_distributed(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list after "một số xã như", "các xã gồm"
        (
            "Một số xã như Lý Bôn, Mông Ân và thị trấn Pác Miầu đã có mô hình",
            ["xã Lý Bôn", "xã Mông Ân", "thị trấn Pác Miầu"],
        ),
        ("các xã gồm: Bình Hòa, An Hòa đạt chuẩn", ["xã Bình Hòa", "xã An Hòa"]),
        # numbers follow a number; after a name a number is a count
        ("các phường 1, 2 và 3 của thành phố Sóc Trăng", ["phường 1", "phường 2", "phường 3", "thành phố Sóc Trăng"]),
        (
            "giải Nhì cho đội xã Cát Trinh; 2 giải Ba cho đội xã Cát Hanh, Cát Minh và 4 giải Khuyến khích",
            ["xã Cát Trinh", "xã Cát Hanh", "xã Cát Minh"],
        ),
    ],
)
def test_list_forms(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a person's name after "UBND huyện" in the "POS NAME" form
        "Phát biểu, Chủ tịch UBND huyện Hoàng Văn Phúc yêu cầu các xã",
        "Phó Chủ tịch UBND huyện Nông Văn Hải đề nghị",
        "Phó Chủ tịch UBND xã Kim Văn Tùng",
        # "xã" inside "Hợp tác xã" is no unit
        "mô hình của Hợp tác xã Thanh Đức và Hợp tác xã Nông nghiệp Tân Hưng",
    ],
)
def test_people_and_cooperatives_are_not_units(text: str) -> None:
    assert names(text) == []


def test_a_list_only_continues_with_known_names_of_the_same_level() -> None:
    assert names("xã Trường Xuân, Nguyễn Văn A phát biểu") == ["xã Trường Xuân"]
    assert names("xã Trường Xuân, huyện Đắk Song") == ["xã Trường Xuân", "huyện Đắk Song"]


# ---------------------------------------------------------------- resolution


def test_seed_cluster_resolves_to_one_district() -> None:
    found = records("các xã: Bình Hòa, An Hòa, Bình Thạnh, Cần Đăng và thị trấn An Châu")
    assert {province for *_, province in found} == {"An Giang"}
    assert all(code for _, _, code, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quận Hoàng Mai tổ chức", ("quận Hoàng Mai", "district", "008", "Hà Nội")),
        ("thị xã Hoàng Mai tổ chức", ("thị xã Hoàng Mai", "district", "432", "Nghệ An")),
        ("huyện Hoàng Mai tổ chức", ("huyện Hoàng Mai", "district", None, None)),  # no huyện of that name
        ("tại xã Bình Hòa", ("xã Bình Hòa", "commune", None, None)),  # in many provinces, no context
    ],
)
def test_a_name_in_several_places_is_resolved_by_type_word_or_left_open(
    text: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    assert records(text) == [expected]


def test_context_from_the_article_resolves_a_repeated_name() -> None:
    found = records("Đoàn công tác của tỉnh An Giang về làm việc tại xã Bình Hòa")
    assert found[-1] == ("xã Bình Hòa", "commune", "30607", "An Giang")


def test_context_from_home_resolves_a_repeated_name() -> None:
    assert records("tại xã Trường Xuân", home="665") == [("xã Trường Xuân", "commune", "24730", "Đắk Nông")]
    assert records("tại xã Trường Xuân", home="huyện Đắk Song")[0][2] == "24730"


def test_former_names_and_type_changes_are_understood() -> None:
    assert records("thị xã Gia Nghĩa") == [("thị xã Gia Nghĩa", "district", "660", "Đắk Nông")]


# ---------------------------------------------------------------- bare type words and negatives


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        (
            'Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" Huyện đã có buổi kiểm tra',
            "665",
            ["huyện Đắk Song"],
        ),
        ("thi đua thực hiện Quy chế dân chủ của Huyện năm 2020.", "665", ["huyện Đắk Song"]),
        ("trên tiêu chí của Thành phố và Quận", "008", ["thành phố Hà Nội", "quận Hoàng Mai"]),
        ('Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" Huyện đã có buổi kiểm tra', None, []),
        ("Ban Chỉ đạo Huyện kiểm tra", "huyện Châu Thành", []),  # a home name in many provinces is no help
        ("Ban Thường vụ Huyện ủy họp", "665", []),
        ("Bí thư Huyện Ủy tặng hoa", "665", []),
        ("Huyện đoàn tổ chức", "665", []),
        ("hội nghị tổng kết cấp Huyện", "665", []),
    ],
)
def test_bare_capitalised_type_word(text: str, home: str | None, expected: list[str]) -> None:
    assert names(text, home) == expected


@pytest.mark.parametrize(
    "text",
    [
        "hội nghị tổng kết cấp huyện, cấp xã",
        "UBND các xã, thị trấn trên địa bàn huyện.",
        "giữa các xã, thị trấn; Kiểm tra tổng quát",
        "Lao động - Thương binh và Xã hội",
        "phát triển kinh tế - xã hội của huyện nhà",
        "Đại diện Thường trực HĐND tỉnh: Đ/c Y Quang Buôn Krông",
        "Chủ tịch UBND huyện Nguyễn Xuân Thanh phát biểu",
        "Kế hoạch số 13-KH/HU của Huyện ủy",
        "Hà Nội chuẩn bị 4 kịch bản phòng, chống dịch",  # a name without a type word
        "quê hương Yên Khánh",
        "nhân dân xã an toàn",  # lower case, not confirmed by the text
    ],
)
def test_generic_and_unnamed_mentions_are_not_units(text: str) -> None:
    assert names(text) == []


def test_weather_and_footer_widgets_are_not_units() -> None:
    widget = "Hội nghị tập huấn có nhiều ý kiến.\n\nthời tiết các vùng\n\nHà Nội\nĐà Nẵng\nTP Hồ Chí Minh\n\nBình chọn"
    assert names(widget) == []
    assert names("Quận Hoàng Mai\nTổ chức hội nghị") == ["quận Hoàng Mai"]


def test_lower_case_name_is_kept_when_the_text_confirms_it() -> None:
    text = "cảm ơn lãnh đạo huyện đak song đã đến thăm, xây dựng quê hương Đak Song giàu đẹp"
    assert names(text) == ["huyện Đắk Song"]
    assert names("lãnh đạo huyện đak song", home="665") == ["huyện Đắk Song"]


# ---------------------------------------------------------------- real texts


@needs_shared
def test_seed_000_cluster_three() -> None:
    path = next((SHARED / "seeds").glob("000_*.txt"))
    found = {u.name for u in extract_units(read_path(path).text)}
    assert found == {"xã Bình Hòa", "xã An Hòa", "xã Bình Thạnh", "xã Cần Đăng", "thị trấn An Châu"}


@needs_shared
def test_seed_004_names_quan_hoang_mai_of_ha_noi_and_no_widget() -> None:
    path = next((SHARED / "seeds").glob("004_*.txt"))
    units = extract_units(read_path(path).text)
    assert {(u.name, u.code) for u in units} == {("quận Hoàng Mai", "008"), ("thành phố Hà Nội", "01")}


@needs_shared
def test_daksong_communes_resolve_in_dak_song() -> None:
    path = SHARED / "real" / "daksong" / "chu-tich-ubnd-cap-xa-voi-phap-luat-lan-thu-ii.md"
    units = extract_units(read_path(path).text)
    communes = {u.name: u.code for u in units if u.level == "commune"}
    assert communes == {
        "xã Thuận Hạnh": "24724",
        "xã Đắk Hòa": "24719",
        "thị trấn Đức An": "24717",
        "xã Trường Xuân": "24730",
        "xã Nâm N'Jang": "24728",
    }


@needs_shared
def test_real_texts_offsets_slice_to_the_text() -> None:
    for path in sorted((SHARED / "real" / "daksong").glob("*.md")):
        try:
            text = read_path(path).text
        except InputError:  # the two stubs have no text
            continue
        for unit in extract_units(text, "665"):
            assert text[unit.start : unit.end] == unit.text
            assert fold(unit.name).split()[0] in {"xa", "phuong", "thi", "huyen", "quan", "thanh", "tinh"}


# ---------------------------------------------------------------- robustness

_VIETNAMESE = st.sampled_from(
    [
        "xã",
        "Xã",
        "huyện",
        "Huyện",
        "TP.",
        "H.",
        "các xã:",
        "Bình Hòa",
        "Đắk Song",
        ",",
        " và ",
        "\n",
        "Hà Nội",
        "thị trấn",
        "Phường 5",
        "P.",
        "đak song",
        ":",
        "-",
        "N'Jang",
        "2 xã",
        "TT",
        "Quận",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_VIETNAMESE, st.text(max_size=6)), max_size=25).map(" ".join),
    st.sampled_from([None, "665", "x"]),
)
def test_never_raises_and_offsets_slice(text: str, home: str | None) -> None:
    for unit in extract_units(text, home):
        assert text[unit.start : unit.end] == unit.text
        assert unit.level in ("province", "district", "commune")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    for unit in extract_units(text):
        assert text[unit.start : unit.end] == unit.text
    lookup_unit(text)
