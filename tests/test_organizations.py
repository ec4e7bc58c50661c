"""Organisations: heads and abbreviations, parts of bodies, domains, steering committees, units,
lists, repeats and what is not a body."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.normalize import normalize
from phongtrao.extract.organizations import canonical_organization, extract_organizations
from phongtrao.extract.readers import read_path
from phongtrao.extract.units import extract_units
from tests.conftest import SHARED

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (seeds and real texts) is absent")


def names(text: str) -> list[str]:
    text = normalize(text)
    return [o.name for o in extract_organizations(text, extract_units(text))]


def distinct(text: str) -> set[str]:
    return set(names(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Party committees and their parts
        ("Ban Thường vụ Huyện ủy vừa triển khai kế hoạch", ["Ban Thường vụ Huyện ủy"]),
        ("Trưởng ban Ban Dân vận Huyện ủy, kiêm", ["Ban Dân vận Huyện ủy"]),
        ("Ban tuyên giáo huyện ủy đã tổ chức", ["Ban Tuyên giáo Huyện ủy"]),
        ("Phó Trưởng ban tổ chức Tỉnh ủy phát biểu", ["Ban Tổ chức Tỉnh ủy"]),
        ("Đ/c K Thanh - TUV, Bí thư Huyện Ủy Đắk Song tại kỳ họp.", ["Huyện ủy Đắk Song"]),
        ("Chiều 21/12, Bí thư huyện ủy K'Thanh đã đi thăm", ["Huyện ủy"]),
        ("lãnh đạo Quận uỷ chỉ đạo", ["Quận ủy"]),
        ("có trang của Đảng ủy xã Trường Xuân", ["Đảng ủy xã Trường Xuân"]),
        ("Bí thư đảng ủy Quân sự huyện chủ trì", ["Đảng ủy Quân sự huyện"]),
        ("Chi bộ Thôn 8 xã Nam Bình tổ chức đại hội", ["Chi bộ Thôn 8 xã Nam Bình"]),
        ("Báo cáo chính trị của ban chấp hành đảng bộ huyện Đak Song khóa 4", ["Ban Chấp hành Đảng bộ huyện Đắk Song"]),
        ("UVBTV Huyện ủy, Trưởng Ban Dân vận", ["Ban Thường vụ Huyện ủy", "Ban Dân vận"]),
        # people's committees and councils
        ("Chủ tịch UBND thị trấn Ngã Sáu.", ["Ủy ban nhân dân thị trấn Ngã Sáu"]),
        ("Kế hoạch của UBND thành phố Hà Nội về", ["Ủy ban nhân dân thành phố Hà Nội"]),
        ("Thường trực HĐND tỉnh: Đ/c Y Quang", ["Thường trực Hội đồng nhân dân tỉnh"]),
        ("Ban Dân tộc Hội đồng nhân dân tỉnh Đắk Nông,", ["Ban Dân tộc Hội đồng nhân dân tỉnh Đắk Nông"]),
        ("phối hợp với Văn phòng HĐND- UBND tham mưu", ["Văn phòng Hội đồng nhân dân - Ủy ban nhân dân"]),
        ("Ban Pháp chế Hội đồng nhân dân trình bày", ["Ban Pháp chế Hội đồng nhân dân"]),
        # the Fatherland Front and unions
        ("lãnh đạo UBMTTQ VN huyện; đại diện", ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"]),
        ("Ủy ban MTTQ Việt Nam tỉnh Đắk Nông đã tổ chức", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Nông"]),
        ("từ nguồn hỗ trợ của Ủy ban MTTQ TP. Hồ Chí Minh,", ["Ủy ban Mặt trận Tổ quốc thành phố Hồ Chí Minh"]),
        ("Hội Liên hiệp Phụ nữ (LHPN) huyện đã tổ chức", ["Hội Liên hiệp Phụ nữ huyện"]),
        ("Nhân dịp này, Trung ương Hội LHPN Việt Nam đã tặng", ["Trung ương Hội Liên hiệp Phụ nữ Việt Nam"]),
        ("đại hội Hội LHTN huyện lần thứ IV", ["Hội Liên hiệp Thanh niên huyện"]),
        (
            "Hội Cựu chiến binh Tỉnh phối hợp với hội cựu chiến binh huyện",
            ["Hội Cựu chiến binh tỉnh", "Hội Cựu chiến binh huyện"],
        ),
        ("cùng đại diện LĐLĐ, Huyện đoàn", ["Liên đoàn Lao động", "Huyện đoàn"]),
        # police, military, justice
        ("Ngày 19/8, Công an huyện Đak Song đã tổ chức", ["Công an huyện Đắk Song"]),
        ("Phó chỉ huy trưởng Bộ chỉ huy Quân sự tỉnh, đồng chí", ["Bộ Chỉ huy Quân sự tỉnh"]),
        (
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đăk nông đã phối hợp với Đồn Biên Phòng Đăk Tiên và Đăk Song tổ chức",
            ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đắk Nông", "Đồn Biên phòng Đăk Tiên", "Đồn Biên phòng Đăk Song"],
        ),
        (
            "Viện kiểm sát nhân dân huyện, Tòa án nhân dân huyện,",
            ["Viện Kiểm sát nhân dân huyện", "Tòa án nhân dân huyện"],
        ),
        # offices, departments, schools and centres
        ("Đ/c Nguyễn Thanh Lam - Phó Trưởng Phòng Văn hóa và Thông tin đến dự", ["Phòng Văn hóa và Thông tin"]),
        ("Phòng Văn hóa Thông tin đã phối hợp", ["Phòng Văn hóa và Thông tin"]),
        ("nguyên trưởng phòng Tài nguyên và Môi trường do đồng chí", ["Phòng Tài nguyên và Môi trường"]),
        ("Sở Lao động - Thương binh và Xã hội tổ chức theo dõi", ["Sở Lao động - Thương binh và Xã hội"]),
        (
            "do Sở Văn hóa ,Thể thao và Du lịch tỉnh Đắk Nông đăng cai",
            ["Sở Văn hóa, Thể thao và Du lịch tỉnh Đắk Nông"],
        ),
        ("Sở Văn hóa - Thể thao Nghệ An cho biết", ["Sở Văn hóa - Thể thao Nghệ An"]),
        ("theo hướng dẫn của Bộ Y tế.", ["Bộ Y tế"]),
        ("Trung tâm Văn hóa - Thông tin - Thể thao huyện xây dựng", ["Trung tâm Văn hóa - Thông tin - Thể thao huyện"]),
        ("phối hợp với Trung tâm BDCT huyện mở lớp", ["Trung tâm Bồi dưỡng chính trị huyện"]),
        ("Giám đốc TT BDCT Huyện chủ trì", ["Trung tâm Bồi dưỡng chính trị huyện"]),
        ("giáo viên trường THPT Đăk Song được", ["Trường Trung học phổ thông Đăk Song"]),
        ("tốt nghiệp trường Đại học Tây Nguyên, cô về", ["Trường Đại học Tây Nguyên"]),
        ("qua Cơ quan Khối Dân vận huyện) theo", ["Cơ quan Khối Dân vận huyện"]),
        ("Khối Dân vận thị trấn Ngã Sáu làm Trưởng khối", ["Khối Dân vận thị trấn Ngã Sáu"]),
        # national bodies
        ("dưới sự lãnh đạo của Đảng, Nhà nước, Chính phủ, Bộ Công an", ["Chính phủ", "Bộ Công an"]),
        ("Chỉ thị số 05 của Bộ Chính trị", ["Bộ Chính trị"]),
    ],
)
def test_named_bodies(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" Huyện đã có buổi kiểm tra',
            "Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa huyện",
        ),
        (
            'Ban chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hoá" Quận Hoàng Mai đã tổ chức',
            "Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa quận Hoàng Mai",
        ),
        (
            "BCĐ phong trào TDĐKXDĐSVH H.Định Quán",
            "Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa huyện Định Quán",
        ),
        (
            "của Ban chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện, về phát động",
            "Ban Chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện",
        ),
        ("Ban chỉ đạo QCDC Huyện, có đồng chí", "Ban Chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện"),
        ("Ban chỉ đạo (BCĐ) QCDC huyện, đánh giá cao", "Ban Chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện"),
        (
            "cuộc họp khẩn Ban chỉ đạo tỉnh về phòng, chống dịch bệnh viêm đường hô hấp cấp do chủng vi rút Corona "
            "mới (nCoV), Phó",
            "Ban Chỉ đạo tỉnh về phòng, chống dịch bệnh viêm đường hô hấp cấp do chủng vi rút Corona mới",
        ),
        (
            "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ ANTQ "
            "huyện Ngọc Hiển",
            "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc "
            "huyện Ngọc Hiển",
        ),
        (
            "Nguyên phó Chánh Văn phòng Thường trực Ban chỉ đạo phong trào "
            '"Toàn dân đoàn kết xây dựng đời sống văn hóa" Trung ương;',
            "Văn phòng Thường trực Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa Trung ương",
        ),
    ],
)
def test_steering_committees_keep_their_task_and_unit(text: str, expected: str) -> None:
    assert names(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit at the end of a list belongs to every body of the list that needs one
        (
            "Đồng thời, Hội đồng nhân dân, Ủy ban nhân dân huyện và các chi, đảng bộ cơ sở",
            {"Hội đồng nhân dân huyện", "Ủy ban nhân dân huyện"},
        ),
        (
            "phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội huyện xây dựng",
            {"Ủy ban Mặt trận Tổ quốc Việt Nam huyện"},
        ),
        # a Party committee's level goes to the bodies after it
        (
            "Được sự nhất trí của lãnh đạo Quận uỷ, HĐND, UBND, Ban chỉ đạo",
            {"Quận ủy", "Hội đồng nhân dân quận", "Ủy ban nhân dân quận"},
        ),
        # a unit list after a body gives one body per unit
        (
            "trao giải ba cho thí sinh Hội LHPN xã Thuận Hà; Thuận Hạnh; Nam Bình Ngoài ra",
            {
                "Hội Liên hiệp Phụ nữ xã Thuận Hà",
                "Hội Liên hiệp Phụ nữ xã Thuận Hạnh",
                "Hội Liên hiệp Phụ nữ xã Nam Bình",
            },
        ),
        # ... but a commune's district is its own, not a second body
        ("Đảng ủy xã Trường Xuân, huyện Đắk Song", {"Đảng ủy xã Trường Xuân"}),
    ],
)
def test_lists_share_units(text: str, expected: set[str]) -> None:
    assert distinct(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ủy ban nhân dân huyện Đắk Song tổ chức. Lãnh đạo UBND huyện phát biểu.", {"Ủy ban nhân dân huyện Đắk Song"}),
        (
            "Sáng 1/10, Ủy ban MTTQ Việt Nam tỉnh Đắk Nông tổ chức. Ủy ban MTTQ tỉnh đã trao tặng.",
            {"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Nông"},
        ),
        ("Ban tổ chức Huyện ủy tổ chức sơ kết. Ban tổ chức đã đạt được nhiều kết quả.", {"Ban Tổ chức Huyện ủy"}),
        ("Ban Tuyên giáo Huyện ủy tổ chức hội nghị. Ban Tuyên giáo huyện cần chủ động.", {"Ban Tuyên giáo Huyện ủy"}),
        (
            'Ban Chỉ đạo Phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" thị xã Cai Lậy (BCĐ PTTDĐKXDĐSVH). '
            "Đoàn phúc tra của BCĐ thị xã. Trưởng BCĐ PTTDĐKXDĐSVH thị xã làm trưởng đoàn.",
            {"Ban Chỉ đạo Phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa thị xã Cai Lậy"},
        ),
        ("Công an huyện Đak Song đã tổ chức. Phó trưởng Công an huyện đã ôn lại", {"Công an huyện Đắk Song"}),
        # two UBND tỉnh: each short mention is the one named nearest before it
        (
            "UBND tỉnh Bắc Giang đã ra công điện. Chủ tịch UBND tỉnh Bạc Liêu vừa có văn bản. "
            "Chủ tịch UBND tỉnh phân công",
            {"Ủy ban nhân dân tỉnh Bắc Giang", "Ủy ban nhân dân tỉnh Bạc Liêu"},
        ),
        # different schools are not repeats of one another
        (
            "trường THPT Đăk Song. Sau khi tốt nghiệp trường Đại học Tây Nguyên",
            {"Trường Trung học phổ thông Đăk Song", "Trường Đại học Tây Nguyên"},
        ),
    ],
)
def test_a_shorter_repeat_is_named_after_the_fuller_mention(text: str, expected: set[str]) -> None:
    assert distinct(text) == expected


def test_a_repeat_keeps_its_own_evidence() -> None:
    text = normalize("Ủy ban nhân dân huyện Đắk Song tổ chức. Lãnh đạo UBND huyện phát biểu.")
    found = extract_organizations(text, extract_units(text))
    assert [o.text for o in found] == ["Ủy ban nhân dân huyện Đắk Song", "UBND huyện"]
    assert all(text[o.start : o.end] == o.text for o in found)


@pytest.mark.parametrize(
    "text",
    [
        "Bên cạnh đó, tăng cường sự phối hợp giữa các phòng, ban và UBND các xã, thị trấn",
        "Bí thư Đảng ủy, Chủ tịch Hội đồng nhân dân, Chủ tịch ủy ban nhân dân xã , thị trấn.",
        "đảng ủy các xã xây dựng báo cáo tổng kết",
        "Tham mưu, đề xuất Ban Chỉ đạo các cấp thị xã các biện pháp",
        "kiện toàn Ban chỉ đạo, quy chế hoạt động",
        "Chủ tịch UBND cấp xã với pháp luật",
        "Chủ tịch UBND 08 xã thị trấn.",
        "Kết thúc Hội thi, Ban tổ chức đã trao giải nhất",
        "đồng chí Đinh Văn Long - Quận ủy viên - Trưởng phòng",
        "Phan Văn Hợp -Tỉnh ủy viên, Bí thư",
        "theo Quyết định số 15/2020/QĐ-TTg ngày 24 tháng 4 năm 2020 của Thủ tướng Chính phủ",
        "Kế hoạch số 155/KH-UBND ngày 18/8/2016",
        "Kế hoạch số 13-KH/HU, ngày 20/11/2015",
        "Cuộc bầu cử Đại biểu Quốc hội khóa XV",
        "kỷ niệm 90 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam",
        "Ngày truyền thống Công an Nhân dân Việt Nam",
        "lực lượng Công an nhân dân",
        "Hội thi cán bộ Hội phụ nữ cơ sở giỏi năm 2019",
        "Thực hiện phong trào thi đua, trường hợp đặc biệt",
        "xã Trường Xuân",
        "Phòng, chống dịch bệnh",
    ],
)
def test_groups_levels_titles_and_names_inside_names_are_not_bodies(text: str) -> None:
    assert names(text) == []


# Generalisation: shapes met first in the blind held-out set, written here in our own words.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a level word that starts the next body is no group of levels ("xã, thị trấn")
        (
            "có đại diện Hội Cựu chiến binh huyện, Huyện đoàn, Ban Tuyên giáo Huyện ủy",
            {"Hội Cựu chiến binh huyện", "Huyện đoàn", "Ban Tuyên giáo Huyện ủy"},
        ),
        (
            "đại diện Phòng Tư pháp huyện, Hội Nông dân huyện và Huyện đoàn Lộc Bình",
            {
                "Phòng Tư pháp huyện",
                "Hội Nông dân huyện",
                "Huyện đoàn Lộc Bình",
            },
        ),
        # village branches and committees, named or the article's own village
        (
            "Chi hội Nông dân thôn Tân Lập và Chi hội CCB ấp Phú Hòa đã giúp đỡ",
            {"Chi hội Nông dân thôn Tân Lập", "Chi hội Cựu chiến binh ấp Phú Hòa"},
        ),
        (
            "Ban Công tác Mặt trận khối phố Hòa Bình tổ chức. Chi hội Phụ nữ khối phố khởi xướng mô hình; "
            "Ban Công tác Mặt trận khối phố vận động",
            {"Ban Công tác Mặt trận khối phố Hòa Bình", "Chi hội Phụ nữ khối phố"},
        ),
        # steering committees: an unquoted movement the catalogue knows, the short name before a unit
        (
            "Ban Chỉ đạo phong trào toàn dân bảo vệ an ninh Tổ quốc huyện Đắk Song tổ chức",
            {"Ban Chỉ đạo phong trào Toàn dân bảo vệ an ninh Tổ quốc huyện Đắk Song"},
        ),
        ("thành viên Ban Chỉ đạo cuộc vận động huyện và lãnh đạo", {"Ban Chỉ đạo cuộc vận động huyện"}),
        (
            'Ban Chỉ đạo Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" huyện Đắk Song tổ chức. '
            "Ban Chỉ đạo Cuộc vận động huyện đã",
            {"Ban Chỉ đạo Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam huyện Đắk Song"},
        ),
        (
            "Trưởng Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh;",
            {
                "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh",
            },
        ),
        # cooperatives and companies, named up to their last capitalised word or their unit
        (
            "các doanh nghiệp, hợp tác xã như Hợp tác xã Dịch vụ nông nghiệp Hòa Bình với sản phẩm; "
            "Công ty TNHH Chè Thái Nguyên ưu tiên dùng hàng Việt",
            {"Hợp tác xã Dịch vụ nông nghiệp Hòa Bình", "Công ty TNHH Chè Thái Nguyên"},
        ),
        (
            "phối hợp với Công ty Khai thác công trình thủy lợi huyện Đắk Song",
            {
                "Công ty Khai thác công trình thủy lợi huyện Đắk Song",
            },
        ),
        ("Công ty hỗ trợ giống cho bà con", set()),
        # catalogue bodies, departments and stations
        (
            "Ban Thi đua - Khen thưởng tỉnh Gia Lai phối hợp với Trạm Khuyến nông huyện và Văn phòng Điều phối "
            "nông thôn mới tỉnh Gia Lai",
            {
                "Ban Thi đua - Khen thưởng tỉnh Gia Lai",
                "Trạm Khuyến nông huyện",
                "Văn phòng Điều phối nông thôn mới tỉnh Gia Lai",
            },
        ),
        (
            "bà Lê Thị Hoa, Trưởng phòng Nghiệp vụ - Ban Thi đua - Khen thưởng tỉnh",
            {
                "Phòng Nghiệp vụ",
                "Ban Thi đua - Khen thưởng tỉnh",
            },
        ),
        ("liên hệ phòng Kế hoạch - Tài chính của Sở", {"Phòng Kế hoạch - Tài chính"}),
        # a unit written without its type word is the one written with it
        (
            "Giám đốc Sở Tư pháp thành phố Hải Phòng. Phó Giám đốc Sở Tư pháp Hải Phòng",
            {"Sở Tư pháp thành phố Hải Phòng"},
        ),
    ],
)
def test_general_shapes(text: str, expected: set[str]) -> None:
    assert distinct(text) == expected


def test_thuong_truc_after_a_title_qualifies_the_person() -> None:
    assert names("Đồng chí Phạm Thị Thúy - Phó Bí thư TT Huyện ủy đánh giá cao") == ["Huyện ủy"]
    assert names("Đ/c Đinh Thị Lan Hương, PBT. Thường trực Huyện ủy, Chủ tịch HĐND huyện") == [
        "Huyện ủy",
        "Hội đồng nhân dân huyện",
    ]


def test_canonical_organization() -> None:
    assert canonical_organization("UBND huyện") == "Ủy ban nhân dân huyện"
    assert canonical_organization("BTV Huyện ủy") == "Ban Thường vụ Huyện ủy"
    assert canonical_organization("không có gì") is None


def test_bare_huyen_with_home_stays_as_written_in_the_name() -> None:
    text = normalize('Ban Chỉ đạo phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" Huyện đã kiểm tra')
    units = extract_units(text, "665")
    assert [u.name for u in units] == ["huyện Đắk Song"]
    assert [o.name for o in extract_organizations(text, units)] == [
        "Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa huyện"
    ]


# ---------------------------------------------------------------- real texts


@needs_shared
def test_seed_002_bodies() -> None:
    text = read_path(next((SHARED / "seeds").glob("002_*.txt"))).text
    found = {o.name for o in extract_organizations(text, extract_units(text))}
    assert found == {
        "Ban Chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện",
        "Ban Thường vụ Huyện ủy",
        "Ban Dân vận Huyện ủy",
        "Ủy ban nhân dân thị trấn Ngã Sáu",
        "Khối Dân vận thị trấn Ngã Sáu",
    }


@needs_shared
def test_real_texts_offsets_slice_to_the_text() -> None:
    from phongtrao.errors import InputError

    for path in sorted((SHARED / "real").glob("daksong*/*.md")) + sorted((SHARED / "seeds").glob("*.txt")):
        try:
            text = read_path(path).text
        except InputError:
            continue
        for organization in extract_organizations(text, extract_units(text, "665")):
            assert text[organization.start : organization.end] == organization.text
            assert organization.name and '"' not in organization.name


# ---------------------------------------------------------------- robustness

_PIECES = st.sampled_from(
    [
        "UBND",
        "HĐND",
        "huyện",
        "Huyện ủy",
        "Ban Chỉ đạo",
        "BCĐ",
        "phong trào",
        '"',
        "Toàn dân",
        "xã",
        "Bình Hòa",
        ",",
        " và ",
        "(BCĐ)",
        "Phòng",
        "Văn hóa và Thông tin",
        "Ban Thường vụ",
        "Trung ương",
        "Việt Nam",
        "các",
        "Hội LHPN",
        ";",
        "Đồn Biên phòng",
        "Đăk Song",
        "TT",
        "thôn",
        "8",
        "\n",
        "-",
        "Sở",
        "THPT",
        "QCDC",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map(" ".join))
def test_never_raises_and_offsets_slice(text: str) -> None:
    for organization in extract_organizations(text, extract_units(text, "665")):
        assert text[organization.start : organization.end] == organization.text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text: str) -> None:
    for organization in extract_organizations(text, extract_units(text)):
        assert text[organization.start : organization.end] == organization.text
