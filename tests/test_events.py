"""Events: tables of real phrasing with the other extractors' records built by hand.

Each case gives the text and the records found in it as (kind, written phrase, value…); the
helpers locate the phrase in the normalised text, so these tests do not depend on the other
extractors' modules.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.events import expand, extract_events
from phongtrao.extract.normalize import normalize
from phongtrao.models import DateMention, DocumentRef, Movement, Official, Organization, Unit
from tests.conftest import needs_shared, seed_path

TDDK = "Toàn dân đoàn kết xây dựng đời sống văn hóa"
QCDC = "Thi đua thực hiện Quy chế dân chủ ở cơ sở"
LEVELS = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district", "quận": "district"}


def _span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    phrase = normalize(phrase)
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def records(text: str, specs: list[tuple]) -> dict[str, tuple]:
    """Input records from (kind, phrase, value[, nth]) specs, located in ``text``."""
    found: dict[str, list] = {
        "dates": [],
        "movements": [],
        "units": [],
        "organizations": [],
        "officials": [],
        "documents": [],
    }
    for kind, phrase, value, *rest in specs:
        start, end = _span(text, phrase, *rest)
        written = text[start:end]
        if kind == "date":
            found["dates"].append(DateMention(value, written, start, end))
        elif kind == "movement":
            found["movements"].append(Movement(value, value.lower().replace(" ", "-"), written, start, end))
        elif kind == "unit":
            level = next((lv for word, lv in LEVELS.items() if value.startswith(word + " ")), "province")
            found["units"].append(Unit(value, level, None, None, written, start, end))
        elif kind == "org":
            found["organizations"].append(Organization(value, written, start, end))
        elif kind == "official":
            found["officials"].append(Official(value, (), written, start, end))
        elif kind == "document":
            number, doc_kind, date = value
            found["documents"].append(DocumentRef(number, doc_kind, date, written, start, end))
    return {key: tuple(sorted(items, key=lambda r: r.start)) for key, items in found.items()}


def events(raw: str, specs: list[tuple] = ()) -> list:
    text = normalize(raw)
    found = list(extract_events(text, **records(text, list(specs))))
    for event in found:
        assert text[event.start : event.end] == event.text
    return found


def summary(raw: str, specs: list[tuple] = ()) -> list[tuple]:
    return [(e.type, e.date, e.place) for e in events(raw, specs)]


# ---------------------------------------------------------------------------------------- seed 000

SEED_000 = (
    "Sáng ngày 01 – 11, tại xã Bình Hòa, Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” "
    "Huyện đã có buổi kiểm tra công tác thi đua cụm 3 đối với các xã: Bình Hòa, An Hòa, Bình Thạnh, Cần Đăng "
    "và thị trấn An Châu về tình hình thực hiện phong trào “Toàn dân đoàn kết xây dựng đới sống văn hóa” năm "
    "2019. Đ/c Nguyễn Thanh Lam – Phó Trưởng Phòng Văn hóa và Thông tin đến dự và giám sát công tác kiểm tra.\n\n"
    "Cụ thể, các xã, thị trấn sẽ thực hiện công tác kiểm tra chéo với nhau với các nội dung: Kiểm tra thực hiện "
    "5 nội dung, 22 tiêu chí giao ước thi đua cụm trong thực hiện phong trào “Toàn dân đoàn kết xây dựng đới sống "
    "văn hóa” năm 2019; Kiểm tra thực hiện 5 tiêu chuẩn, 21 tiêu chí theo bảng điểm thi đua giữa các xã, thị trấn; "
    "Kiểm tra tổng quát các hoạt động chuyên môn theo chỉ đạo đột xuất của Ban chỉ đạo; Việc tổ chức sơ kết, tổng "
    "kết đối với thực hiện phong trào trong thời gian qua và công tác lưu trữ hồ sơ phong trào…\n\n"
    "Thông qua công tác kiểm tra chéo nhằm đánh giá một cách khách quan kết quả thực hiện phong trào. Kịp thời phát "
    "hiện những mặt còn hạn chế, phát huy những kết quả đạt được để tổ chức triển khai thực hiện phong trào đạt "
    "kết quả cao hơn."
)
SEED_000_RECORDS = [
    ("date", "Sáng ngày 01 – 11", "2019-11-01"),
    ("unit", "xã Bình Hòa", "xã Bình Hòa"),
    ("unit", "xã: Bình Hòa", "xã Bình Hòa"),
    ("unit", "An Hòa", "xã An Hòa"),
    ("unit", "thị trấn An Châu", "thị trấn An Châu"),
    ("movement", "Toàn dân đoàn kết xây dựng đời sống văn hóa", TDDK),
    ("movement", "Toàn dân đoàn kết xây dựng đới sống văn hóa", TDDK),
    (
        "org",
        "Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” Huyện",
        "Ban Chỉ đạo phong trào huyện",
    ),
    ("official", "Nguyễn Thanh Lam – Phó Trưởng Phòng Văn hóa và Thông tin", "Nguyễn Thanh Lam"),
]


def test_seed_000_is_one_inspection_and_nothing_from_its_criteria():
    [event] = events(SEED_000, SEED_000_RECORDS)
    assert (event.type, event.date, event.place) == ("kiem_tra", "2019-11-01", "xã Bình Hòa")
    assert event.movements == (TDDK,)
    assert event.participants == ("Nguyễn Thanh Lam",)
    assert event.organizers == ("Ban Chỉ đạo phong trào huyện",)
    assert event.text.startswith("Sáng ngày 01 - 11, tại xã Bình Hòa")


@needs_shared
def test_seed_000_file_with_records_built_by_hand():
    text = normalize(seed_path(0).read_text(encoding="utf-8"))
    specs = [
        ("date", "Sáng ngày 01 – 11", "2019-11-01"),
        ("unit", "xã Bình Hòa", "xã Bình Hòa", 1),
        ("movement", "Toàn dân đoàn kết xây dựng đới sống văn hóa", TDDK, 1),
        ("official", "Nguyễn Thanh Lam", "Nguyễn Thanh Lam"),
    ]
    found = extract_events(text, **records(text, specs))
    assert [(e.type, e.date, e.place, e.movements) for e in found] == [
        ("kiem_tra", "2019-11-01", "xã Bình Hòa", (TDDK,))
    ]


# ---------------------------------------------------------------------------------------- seed 002

SEED_002 = (
    "Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận các xã, thị trấn tiến hành họp sơ kết 6 tháng đầu năm, công tác "
    "thi đua thực hiện Quy chế dân chủ cơ sở (QCDC). Ban chỉ đạo QCDC Huyện, có đồng chí, Bùi Hồng Cẩn, Ủy viên Ban "
    "Thường vụ Huyện ủy cùng các thành viên.\n\n"
    "Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện, về phát "
    "động thi đua thực hiện Quy chế dân chủ cơ sở năm 2020; khối thi đua cấp xã gồm có: 8 đơn vị. Tại Hội nghị đại "
    "diện Trưởng khối thi đua báo cáo lại kết quả thực hiện công tác thi đua của khối như: kiện toàn Ban chỉ đạo, "
    "quy chế hoạt động, xây dựng triển khai kế hoạch.\n\n"
    "Phát biểu chỉ đạo Hội nghị, đồng chí, Bùi Hồng Cẩn đề nghị tăng cường công tác tự kiểm tra, theo dõi, kiểm tra "
    "định kỳ theo thang điểm."
)
SEED_002_RECORDS = [
    ("date", "Sáng ngày 30/6/2020", "2020-06-30"),
    ("date", "6 tháng đầu năm", "2020-01/2020-06"),
    ("date", "ngày 17/02/2020", "2020-02-17"),
    ("document", "Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020", ("40-KH/BCĐ", "Kế hoạch", "2020-02-17")),
    ("movement", "thi đua thực hiện Quy chế dân chủ cơ sở", QCDC),
    ("official", "Bùi Hồng Cẩn, Ủy viên Ban Thường vụ Huyện ủy", "Bùi Hồng Cẩn"),
]


def test_seed_002_is_one_review_on_its_own_day():
    [event] = events(SEED_002, SEED_002_RECORDS)
    assert (event.type, event.date, event.place) == ("so_ket", "2020-06-30", None)
    assert event.movements == (QCDC,)
    assert event.participants == ("Bùi Hồng Cẩn",)


# ---------------------------------------------------------------------------------------- one meeting, three events

KRONG_PAC = (
    "Sáng ngày 02 - 12, Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” huyện Krông Pắc tổ chức "
    "Hội nghị tổng kết 5 năm thực hiện phong trào giai đoạn 2016 - 2020, ký kết giao ước thi đua và phát động phong "
    "trào thi đua năm 2021.\n\n"
    "Về dự có đồng chí Trần Quang Vinh, Phó Chủ tịch UBND huyện, Trưởng Ban Chỉ đạo; bà H’Lina Niê, UVBTV Huyện ủy.\n\n"
    "Phát biểu tại hội nghị, đồng chí Trần Quang Vinh đề nghị các thành viên BCĐ tiếp tục nâng cao chất lượng.\n\n"
    "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 02 tập thể và 03 cá nhân; UBND huyện tặng Giấy khen cho 34 tập "
    "thể, 98 cá nhân có thành tích xuất sắc.\n\n"
    "Tiếp đó, đại diện 04 cụm thi đua các xã, thị trấn đã ký kết giao ước thi đua năm 2021. Đồng chí Trần Quang Vinh "
    "thay mặt BCĐ huyện phát động phong trào thi đua năm 2021."
)
KRONG_PAC_RECORDS = [
    ("date", "Sáng ngày 02 - 12", "2020-12-02"),
    ("date", "giai đoạn 2016 - 2020", "2016/2020"),
    ("unit", "huyện Krông Pắc", "huyện Krông Pắc"),
    ("movement", "Toàn dân đoàn kết xây dựng đời sống văn hóa", TDDK),
    ("org", "Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” huyện Krông Pắc", "BCĐ Krông Pắc"),
    ("official", "Trần Quang Vinh, Phó Chủ tịch UBND huyện, Trưởng Ban Chỉ đạo", "Trần Quang Vinh"),
    ("official", "H’Lina Niê, UVBTV Huyện ủy", "H'Lina Niê"),
]


def test_a_meeting_that_reviews_signs_and_launches_is_three_events_plus_its_awards():
    found = events(KRONG_PAC, KRONG_PAC_RECORDS)
    assert [(e.type, e.date, e.place) for e in found] == [
        ("tong_ket", "2020-12-02", "huyện Krông Pắc"),
        ("ky_ket", "2020-12-02", "huyện Krông Pắc"),
        ("phat_dong", "2020-12-02", "huyện Krông Pắc"),
        ("khen_thuong", "2020-12-02", "huyện Krông Pắc"),
    ]
    assert all(e.participants == ("Trần Quang Vinh", "H'Lina Niê") for e in found[:3])
    assert found[0].text == found[1].text == found[2].text


# ---------------------------------------------------------------------------------------- one sentence, its types

# (sentence, records, expected (type, date, place) list)
TYPES = [
    (
        "Ngày 6/8/2019, Đảng bộ quân sự huyện tổ chức hội nghị ra nghị quyết lãnh đạo nhiệm vụ quân sự địa phương.",
        [("date", "Ngày 6/8/2019", "2019-08-06")],
        [("hoi_nghi", "2019-08-06", None)],
    ),
    (
        "Ngày 27/8/2017, tại Trung tâm Bồi dưỡng chính trị Quận Hoàng Mai, Ban chỉ đạo phong trào đã tổ chức Hội nghị "
        "tập huấn phong trào năm 2018.",
        [("date", "Ngày 27/8/2017", "2017-08-27"), ("unit", "Quận Hoàng Mai", "quận Hoàng Mai")],
        [("tap_huan", "2017-08-27", "quận Hoàng Mai")],
    ),
    (
        "Ngày 20/8, Trung tâm Chính trị huyện Đak Song đã tổ chức khai giảng lớp Bồi dưỡng chính trị hè năm 2020.",
        [("date", "Ngày 20/8", "2020-08-20"), ("unit", "huyện Đak Song", "huyện Đắk Song")],
        [("tap_huan", "2020-08-20", "huyện Đắk Song")],
    ),
    (
        "Sáng ngày 8/10 Công an tỉnh đã tổ chức Lễ phát động phong trào Toàn dân bảo vệ an ninh Tổ quốc tại xã "
        "Trường xuân.",
        [("date", "Sáng ngày 8/10", "2020-10-08"), ("unit", "xã Trường xuân", "xã Trường Xuân")],
        [("phat_dong", "2020-10-08", "xã Trường Xuân")],
    ),
    (
        "Sáng ngày 1/10, tại huyện Đắk Song, Ủy ban MTTQ Việt Nam tỉnh Đắk Nông đã tổ chức Hội nghị giao ban công tác "
        "mặt trận 9 tháng đầu năm 2020 và triển khai nhiệm vụ 3 tháng cuối năm.",
        [("date", "Sáng ngày 1/10", "2020-10-01"), ("unit", "huyện Đắk Song", "huyện Đắk Song")],
        [("hoi_nghi", "2020-10-01", "huyện Đắk Song"), ("trien_khai", "2020-10-01", "huyện Đắk Song")],
    ),
    (
        "Sáng ngày 28/8/2019, UBND huyện tổ chức hội nghị tổng kết năm học 2018 - 2019, triển khai phương hướng, nhiệm "
        "vụ năm học 2019-2020.",
        [("date", "Sáng ngày 28/8/2019", "2019-08-28")],
        [("tong_ket", "2019-08-28", None), ("trien_khai", "2019-08-28", None)],
    ),
    (
        "Sáng ngày 05 – 11, Ban Thường trực Uỷ ban MTTQ huyện Cẩm Giàng tổ chức hội nghị biểu dương khu dân cư, hộ "
        "gia đình tiêu biểu.",
        [("date", "Sáng ngày 05 – 11", "2020-11-05"), ("unit", "huyện Cẩm Giàng", "huyện Cẩm Giàng")],
        [("khen_thuong", "2020-11-05", "huyện Cẩm Giàng")],
    ),
    (
        "Ngày 27/8/2019, tại Hội trường Huyện ủy, UBND huyện Đăk Song tổ chức Hội thi “Chủ tịch UBND cấp xã với pháp "
        "luật lần thứ II năm 2019”.",
        [("date", "Ngày 27/8/2019", "2019-08-27"), ("unit", "huyện Đăk Song", "huyện Đắk Song")],
        [("hoi_thi", "2019-08-27", "huyện Đắk Song")],
    ),
    (
        "Sau 3 ngày thi đấu, tối 29/12, Giải Kickboxing tỉnh Đắk Nông mở rộng năm 2019 đã bế mạc và trao giải.",
        [("date", "tối 29/12", "2019-12-29"), ("unit", "tỉnh Đắk Nông", "tỉnh Đắk Nông")],
        [("hoi_thi", "2019-12-29", "tỉnh Đắk Nông")],
    ),
    (
        "Sáng 15/11, Ban Công tác Mặt trận khóm 4, Phường 5, TP. Sóc Trăng tổ chức Ngày hội Đại đoàn kết toàn dân tộc "
        "năm 2022, chào mừng kỷ niệm 92 năm Ngày thành lập Mặt trận Dân tộc thống nhất Việt Nam (18/11/1930 - "
        "18/11/2022).",
        [
            ("date", "Sáng 15/11", "2022-11-15"),
            ("date", "18/11/1930 - 18/11/2022", "1930-11-18/2022-11-18"),
            ("unit", "Phường 5", "phường 5"),
            ("unit", "TP. Sóc Trăng", "thành phố Sóc Trăng"),
            ("org", "Ban Công tác Mặt trận khóm 4, Phường 5, TP. Sóc Trăng", "Ban Công tác Mặt trận khóm 4"),
        ],
        [("ngay_hoi", "2022-11-15", "phường 5")],
    ),
    (
        "Sáng 11/02/2020, Ủy ban nhân dân huyện Đắk Song tổ chức lễ giao nhận quân năm 2020.",
        [("date", "Sáng 11/02/2020", "2020-02-11"), ("unit", "huyện Đắk Song", "huyện Đắk Song")],
        [("other", "2020-02-11", "huyện Đắk Song")],
    ),
    (
        "Chiều 21/12, Bí thư huyện ủy K'Thanh đã đi thăm,tặng quà các cơ sở Công giáo,Tin lành trên địa bàn huyện.",
        [("date", "Chiều 21/12", "2020-12-21")],
        [("other", "2020-12-21", None)],
    ),
    (
        "Sáng ngày 03/9/2019, Bí thư Huyện ủy Phan Văn Hợp, cùng lãnh đạo UBND xã Trường Xuân đã kiểm tra công tác "
        "phòng chống bão lụt và khắc phục sự cố đập thôn 02 xã Trường Xuân.",
        [
            ("date", "Sáng ngày 03/9/2019", "2019-09-03"),
            ("unit", "xã Trường Xuân", "xã Trường Xuân"),
            ("unit", "xã Trường Xuân", "xã Trường Xuân", 1),
            ("official", "Bí thư Huyện ủy Phan Văn Hợp", "Phan Văn Hợp"),
        ],
        [("kiem_tra", "2019-09-03", "xã Trường Xuân")],
    ),
    (
        "Ngày 26/7/2021, Uỷ ban nhân dân thị xã Hoàng Mai ban hành Quyết định số 2156/QĐ-UBND về việc kiện toàn Ban "
        "Chỉ đạo phong trào thị xã Hoàng Mai.",
        [
            ("date", "Ngày 26/7/2021", "2021-07-26"),
            ("unit", "thị xã Hoàng Mai", "thị xã Hoàng Mai"),
            ("document", "Quyết định số 2156/QĐ-UBND", ("2156/QĐ-UBND", "Quyết định", None)),
        ],
        [("thanh_lap", "2021-07-26", "thị xã Hoàng Mai")],
    ),
    (
        "Từ ngày 14 đến ngày 16/9/2020, Đoàn phúc tra của BCĐ thị xã đã tiến hành phúc tra tại các xã: Tân Bình, "
        "Thanh Hòa và phường Nhị Mỹ.",
        [
            ("date", "Từ ngày 14 đến ngày 16/9/2020", "2020-09-14/2020-09-16"),
            ("unit", "xã: Tân Bình", "xã Tân Bình"),
            ("unit", "Thanh Hòa", "xã Thanh Hòa"),
            ("unit", "phường Nhị Mỹ", "phường Nhị Mỹ"),
        ],
        [("kiem_tra", "2020-09-14/2020-09-16", None)],  # several communes: no one place
    ),
    (
        "Ngày 15/10/2019 , Tại Hội trường Ban dân vận, Hội Liên hiệp Phụ nữ huyện tổ chức gặp mặt nữ lãnh đạo. Nhân "
        "kỷ niệm 89 năm ngày thành lập Hội LHPN Việt Nam.",
        [("date", "Ngày 15/10/2019", "2019-10-15")],
        [("hoi_nghi", "2019-10-15", None)],
    ),
]


@pytest.mark.parametrize(("text", "specs", "expected"), TYPES)
def test_event_types_dates_and_places(text, specs, expected):
    assert summary(text, specs) == expected


# ---------------------------------------------------------------------------------------- what refers back

# (text, records, expected): the lead event first, then sentences about it
BACK = [
    (
        "Sáng ngày 27/2/2020, Ban tuyên giáo Huyện ủy đã tổ chức hội nghị tổng kết công tác tuyên truyền năm 2019.\n"
        "Tại hội nghị, các đại biểu đã được nghe báo cáo kết quả.\n"
        "Nhân dịp này, huyện ủy đã tặng giấy khen cho 03 tập thể và 15 cá nhân có thành tích tiêu biểu.",
        [("date", "Sáng ngày 27/2/2020", "2020-02-27")],
        [("tong_ket", "2020-02-27", None), ("khen_thuong", "2020-02-27", None)],
    ),
    (
        "Sáng 14/2/2020, Chi bộ thôn 8 xã Nam Bình tiến hành Đại hội Đảng viên lần thứ XIII.\n"
        "Tại đại hội, các đại biểu đã bầu Ban chi ủy, Bí thư, Phó Bí thư chi bộ thôn 8.",
        [("date", "Sáng 14/2/2020", "2020-02-14"), ("unit", "xã Nam Bình", "xã Nam Bình")],
        [("hoi_nghi", "2020-02-14", "xã Nam Bình"), ("thanh_lap", "2020-02-14", "xã Nam Bình")],
    ),
    (
        "Ngày 19/8, Công an huyện Đak Song đã tổ chức Gặp mặt kỷ niệm 75 năm Ngày truyền thống Công an Nhân dân Việt "
        "Nam và 15 năm Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8/2005 - 19/8/2020).\n"
        "Phát biểu tại hội nghị, đồng chí Nguyễn Văn Phò đã biểu dương, ghi nhận những kết quả mà lực lượng công an "
        "huyện đã đạt được.",
        [
            ("date", "Ngày 19/8", "2020-08-19"),
            ("date", "19/8/2005 - 19/8/2020", "2005-08-19/2020-08-19"),
            ("unit", "huyện Đak Song", "huyện Đắk Song"),
        ],
        [("hoi_nghi", "2020-08-19", "huyện Đắk Song")],  # an anniversary's name; praise in a speech
    ),
    (
        "Sáng ngày 8/10 Công an tỉnh đã tổ chức Lễ phát động phong trào tại xã Trường xuân.\n"
        "Sau lễ phát động xã Trường Xuân đã ra mắt mô hình Zalo an ninh; tặng 600 suất quà.",
        [("date", "Sáng ngày 8/10", "2020-10-08"), ("unit", "xã Trường xuân", "xã Trường Xuân")],
        [("phat_dong", "2020-10-08", "xã Trường Xuân"), ("other", "2020-10-08", "xã Trường Xuân")],
    ),
    (
        "Ngày 22-6-2018, UBND huyện đã chức hội nghị tập huấn triển khai công tác chuẩn hóa địa danh.\n"
        "Tại hội nghị tập huấn, đại diện cục đo đạc bản đồ đã cung cấp tài liệu.\n"
        "Hội nghị tập huấn này nhằm công bố địa danh chuẩn xác.",
        [("date", "Ngày 22-6-2018", "2018-06-22")],
        [("tap_huan", "2018-06-22", None)],
    ),
    (
        "Từ ngày 10 đến ngày 12/11, tại Trung tâm Bồi dưỡng chính trị quận Hoàng Mai, UBND quận tổ chức lớp tập huấn "
        "nghiệp vụ.\n"
        "Lớp tập huấn khai mạc lúc 14h00 ngày 10/11/2022.",
        [
            ("date", "Từ ngày 10 đến ngày 12/11", "2022-11-10/2022-11-12"),
            ("date", "14h00 ngày 10/11/2022", "2022-11-10"),
            ("unit", "quận Hoàng Mai", "quận Hoàng Mai"),
        ],
        [("tap_huan", "2022-11-10/2022-11-12", "quận Hoàng Mai")],
    ),
    (
        "Từ ngày 15 đến 16/10 Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đăk nông đã phối hợp tổ chức công tác nghiệp vụ.\n"
        "Lớp tập huấn nhằm nâng cao nhận thức, nghiệp vụ cho đội ngũ cán bộ.",
        [
            ("date", "Từ ngày 15 đến 16/10", "2019-10-15/2019-10-16"),
            ("unit", "tỉnh Đăk nông", "tỉnh Đắk Nông"),
            ("org", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đăk nông", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đắk Nông"),
        ],
        [("tap_huan", "2019-10-15/2019-10-16", "tỉnh Đắk Nông")],  # named only by "Lớp tập huấn"
    ),
    (
        "Ngày 20/8/2019, tại nhà Văn hóa huyện Đăk Song. Hội Liên hiệp Phụ nữ huyện đã tổ chức thành công Hội thi "
        "“Cán bộ Hội phụ nữ cơ sở giỏi năm 2019”.\n"
        "Hội thi cán bộ Hội Phụ nữ cơ sở giỏi năm 2019 là sân chơi bổ ích.",
        [("date", "Ngày 20/8/2019", "2019-08-20"), ("unit", "huyện Đăk Song", "huyện Đắk Song")],
        [("hoi_thi", "2019-08-20", "huyện Đắk Song")],  # the day and place are in a dateline fragment
    ),
    (
        "Chiều 06/10, Ban Chỉ đạo phong trào H.Định Quán tổ chức hội nghị sơ kết công tác quý III/2020.\n"
        "Hội nghị cũng đã thống nhất nhiệm vụ trọng tâm quý IV/2020: tổ chức tổng kết phong trào giai đoạn 2016 - 2020 "
        "trước ngày 15/12/2020.",
        [("date", "Chiều 06/10", "2020-10-06"), ("date", "ngày 15/12/2020", "2020-12-15")],
        [("so_ket", "2020-10-06", None)],  # a deadline in a list of tasks is not an event
    ),
]


@pytest.mark.parametrize(("text", "specs", "expected"), BACK)
def test_sentences_that_refer_back_join_or_date_the_reported_event(text, specs, expected):
    assert summary(text, specs) == expected


# ---------------------------------------------------------------------------------------- not events

# (text, records): nothing here is an event
NOT_EVENTS = [
    # criteria an inspection checks
    ("Kiểm tra thực hiện 5 nội dung, 22 tiêu chí giao ước thi đua cụm trong thực hiện phong trào năm 2019;", []),
    ("Việc tổ chức sơ kết, tổng kết đối với thực hiện phong trào trong thời gian qua và công tác lưu trữ hồ sơ.", []),
    (
        "Theo Kế hoạch số 87/KH-BCĐ ngày 02/10/2019 của BCĐ huyện, nội dung kiểm tra gồm: việc kiện toàn Ban Chỉ "
        "đạo xã; việc tổ chức sơ kết, tổng kết phong trào.",
        [
            ("date", "ngày 02/10/2019", "2019-10-02"),
            ("document", "Kế hoạch số 87/KH-BCĐ ngày 02/10/2019", ("87/KH-BCĐ", "Kế hoạch", "2019-10-02")),
        ],
    ),
    # plans, instructions and recommendations
    ("Phát biểu chỉ đạo, đồng chí đề nghị tăng cường công tác kiểm tra, chỉ đạo hoàn thiện hồ sơ thi đua.", []),
    (
        "Tham mưu, đề xuất các biện pháp nhân rộng điển hình; và tổ chức sơ, tổng kết kế hoạch theo đúng quy định "
        "hàng năm.",
        [],
    ),
    ("Phong trào sẽ được phát động trong tập thể có thành tích tiêu biểu, xuất sắc.", []),
    (
        "Ban Thường vụ Huyện ủy tham mưu xây dựng báo cáo tổng kết, tổ chức Hội nghị tổng kết phong trào thi đua và "
        "biểu dương, khen thưởng điển hình.",
        [],
    ),
    # the subject of a cited document; its date is not an event's
    (
        "Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo huyện, về phát động thi đua thực hiện Quy "
        "chế dân chủ cơ sở năm 2020.",
        [
            ("date", "ngày 17/02/2020", "2020-02-17"),
            ("document", "Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020", ("40-KH/BCĐ", "Kế hoạch", "2020-02-17")),
        ],
    ),
    # deadlines, anniversaries and activities summed up
    (
        "Ban Chỉ đạo đã thống nhất nhiệm vụ trọng tâm quý IV/2020: tổ chức tổng kết phong trào trước ngày 15/12/2020; "
        "kiện toàn Ban Chỉ đạo xong trước ngày 20/8/2021.",
        [("date", "ngày 15/12/2020", "2020-12-15"), ("date", "ngày 20/8/2021", "2021-08-20")],
    ),
    ("Nhân kỷ niệm 89 năm ngày thành lập Hội LHPN Việt Nam và 15 năm Ngày hội toàn dân bảo vệ an ninh Tổ quốc.", []),
    (
        "Trong 6 tháng đầu năm 2019, Ban Tổ chức Huyện ủy đã tổ chức thành công đại hội Mặt trận Tổ quốc huyện.\n"
        "Hàng năm chi bộ luôn quan tâm đến công tác giám sát việc thực hiện điều lệ đảng.",
        [("date", "6 tháng đầu năm 2019", "2019-01/2019-06")],
    ),
    ("Theo báo cáo, thời gian qua xã đã tổ chức 3 cuộc tiếp xúc, đối thoại với Nhân dân.", []),
    # folded look-alikes: "tham gia" is not "thăm", "Lê" is not "lễ", "phối hợp" is not "họp"
    ("Ngày 5/3/2021, đại tá Lê Huy Hà tham gia và phối hợp với chuyên đề.", [("date", "Ngày 5/3/2021", "2021-03-05")]),
    ("Ngày 5/3/2021, mang đến hội trường bầu không khí vui tươi.", [("date", "Ngày 5/3/2021", "2021-03-05")]),
]


@pytest.mark.parametrize(("text", "specs"), NOT_EVENTS)
def test_not_events(text, specs):
    assert summary(text, specs) == []


# ---------------------------------------------------------------------------------------- undated and planned


def test_a_lead_that_reports_a_done_action_without_a_date():
    text = (
        "Ban Thường vụ Huyện ủy vừa triển khai kế hoạch tổ chức tổng kết, biểu dương, khen thưởng điển hình phong trào "
        "thi đua “Dân vận khéo”, giai đoạn 2016 - 2020.\n"
        "Việc tổng kết biểu dương, khen thưởng phong trào thi đua “Dân vận khéo” được thực hiện từ cấp xã đến cấp "
        "huyện."
    )
    specs = [("date", "giai đoạn 2016 - 2020", "2016/2020"), ("movement", "Dân vận khéo", "Dân vận khéo")]
    [event] = events(text, specs)
    assert (event.type, event.date, event.place, event.movements) == ("trien_khai", None, None, ("Dân vận khéo",))


@pytest.mark.parametrize(
    ("text", "specs", "expected"),
    [
        (
            "Đồng chí đề nghị chuẩn bị tốt cho việc bình xét và hội nghị tổng kết phong trào cấp huyện dự kiến tổ chức "
            "vào giữa tháng 12/2019.",
            [("date", "tháng 12/2019", "2019-12")],
            [("tong_ket", "2019-12", None)],
        ),
        (
            "Theo kế hoạch, trong tháng 9/2019 đoàn sẽ giám sát tại xã An Hòa và thị trấn Tràm Chim.",
            [
                ("date", "tháng 9/2019", "2019-09"),
                ("unit", "xã An Hòa", "xã An Hòa"),
                ("unit", "thị trấn Tràm Chim", "thị trấn Tràm Chim"),
            ],
            [("kiem_tra", "2019-09", None)],
        ),
        (
            "Kết quả phúc tra sẽ được Thường trực BCĐ tổng hợp, ra quyết định công nhận lại trong tháng 10/2020.",
            [("date", "tháng 10/2020", "2020-10")],
            [],
        ),
    ],
)
def test_a_plan_with_its_own_day_or_month_is_an_event_set_to_happen(text, specs, expected):
    assert summary(text, specs) == expected


# A future activity set for a quarter or half-year is an event dated with that period; a standing
# instruction for a period is not.
PLANNED_FOR_A_PERIOD = [
    (
        "Theo kế hoạch, trong quý IV/2021, Đoàn sẽ tiếp tục giám sát tại các xã Tân Lập, Tân Tiến và Tân Hòa.",
        [
            ("date", "quý IV/2021", "2021-10/2021-12"),
            ("unit", "xã Tân Lập", "xã Tân Lập"),
            ("unit", "Tân Tiến", "xã Tân Tiến"),
            ("unit", "Tân Hòa", "xã Tân Hòa"),
        ],
        [("kiem_tra", "2021-10/2021-12", None)],  # several communes: no one place
    ),
    (
        "Trong quý III/2023, Hội sẽ phối hợp với Trung tâm Dịch vụ nông nghiệp huyện mở 05 lớp tập huấn kỹ thuật chăn "
        "nuôi cho hội viên.",
        [("date", "quý III/2023", "2023-07/2023-09")],
        [("tap_huan", "2023-07/2023-09", None)],
    ),
    (
        "Trong 6 tháng cuối năm 2021, Hội đồng Thi đua - Khen thưởng huyện sẽ kiểm tra công tác thi đua tại thị trấn "
        "Đồng Xoài.",
        [("date", "6 tháng cuối năm 2021", "2021-07/2021-12"), ("unit", "thị trấn Đồng Xoài", "thị trấn Đồng Xoài")],
        [("kiem_tra", "2021-07/2021-12", "thị trấn Đồng Xoài")],
    ),
    (
        "Trong 6 tháng cuối năm 2020, Ban Chỉ đạo sẽ tăng cường kiểm tra việc thực hiện phong trào ở cơ sở.",
        [("date", "6 tháng cuối năm 2020", "2020-07/2020-12")],
        [],  # a standing instruction, not an activity set for the half-year
    ),
    (
        "Về nhiệm vụ quý IV, hội nghị thống nhất tổ chức phiên chợ hàng Việt tại xã Long Phước trong tháng 12/2021.",
        [("date", "tháng 12/2021", "2021-12"), ("unit", "xã Long Phước", "xã Long Phước")],
        [("other", "2021-12", "xã Long Phước")],  # a fair the meeting agreed to hold: its month, not the quarter
    ),
    (
        "Ngày 15/7/2020, huyện tổ chức Đại hội Thi đua yêu nước lần thứ V. Đại hội đã bầu 20 đại biểu đi dự Đại hội "
        "Thi đua yêu nước tỉnh Quảng Nam lần thứ IV, dự kiến tổ chức trong tháng 10/2020.",
        [
            ("date", "Ngày 15/7/2020", "2020-07-15"),
            ("date", "tháng 10/2020", "2020-10"),
            ("unit", "tỉnh Quảng Nam", "tỉnh Quảng Nam"),
        ],
        [("hoi_nghi", "2020-07-15", None), ("hoi_nghi", "2020-10", "tỉnh Quảng Nam")],  # the plan follows a name
    ),
]


@pytest.mark.parametrize(("text", "specs", "expected"), PLANNED_FOR_A_PERIOD)
def test_a_plan_set_for_a_quarter_or_half_year_is_an_event_of_that_period(text, specs, expected):
    assert summary(text, specs) == expected


# Rules found on the held-out texts, in sentences written for the tests.
GENERAL = [
    # a law's effective date in a speech at the event is not the day of another event
    (
        "Ngày 12/4, Phòng Nội vụ huyện tổ chức hội nghị tập huấn công tác thi đua, khen thưởng.\n"
        "Khai mạc hội nghị, đồng chí Phó Chủ tịch nhấn mạnh: Luật Thi đua, khen thưởng có hiệu lực từ ngày 01/01/2024 "
        "có nhiều điểm mới.",
        [("date", "Ngày 12/4", "2024-04-12"), ("date", "từ ngày 01/01/2024", "2024-01-01")],
        [("tap_huan", "2024-04-12", None)],
    ),
    # "Ban Chỉ đạo" is a body, not an instruction: what it did at the festival are events of the festival
    (
        "Sáng 2-9, tại nhà văn hóa thôn 3, xã Hòa Phú, Ban Chỉ đạo xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc.\n"
        "Tại ngày hội, Ban Chỉ đạo đã phát động phong trào thi đua năm 2023; các thôn đã ký kết giao ước thi đua.",
        [("date", "Sáng 2-9", "2023-09-02"), ("unit", "xã Hòa Phú", "xã Hòa Phú")],
        [
            ("ngay_hoi", "2023-09-02", "xã Hòa Phú"),
            ("phat_dong", "2023-09-02", "xã Hòa Phú"),
            ("ky_ket", "2023-09-02", "xã Hòa Phú"),
        ],
    ),
    # gifts handed out at the event reported are part of it
    (
        "Sáng 10/11, khu phố 2 tổ chức Ngày hội Đại đoàn kết toàn dân tộc.\n"
        "Dịp này, UBND phường tặng Giấy khen cho 04 hộ gia đình văn hóa tiêu biểu; Hội Chữ thập đỏ phường tặng quà "
        "cho 15 hộ khó khăn.",
        [("date", "Sáng 10/11", "2022-11-10")],
        [("ngay_hoi", "2022-11-10", None), ("khen_thuong", "2022-11-10", None)],
    ),
    # a Party committee named with its unit places the event it organises
    (
        "Sáng 22/7, Ban Dân vận Huyện ủy Tiên Lãng tổ chức hội nghị sơ kết phong trào thi đua năm 2022.",
        [("date", "Sáng 22/7", "2022-07-22")],
        [("so_ket", "2022-07-22", "huyện Tiên Lãng")],
    ),
    # the venue said in the next sentence of the paragraph
    (
        "Từ ngày 2 đến ngày 4/8/2021, Ban Tuyên giáo Huyện ủy Krông Búk tổ chức 03 lớp bồi dưỡng chính trị. Các lớp "
        "học tập trung tại hội trường Trung tâm Chính trị huyện ở thị trấn Phú Mỹ.",
        [
            ("date", "Từ ngày 2 đến ngày 4/8/2021", "2021-08-02/2021-08-04"),
            ("unit", "thị trấn Phú Mỹ", "thị trấn Phú Mỹ"),
        ],
        [("tap_huan", "2021-08-02/2021-08-04", "thị trấn Phú Mỹ")],
    ),
    (
        "Sáng 5/3, Ban Chỉ đạo huyện tổ chức hội nghị tổng kết phong trào. Thời gian qua, tại xã Tân Phú đã có "
        "nhiều mô hình hay.",
        [("date", "Sáng 5/3", "2021-03-05"), ("unit", "xã Tân Phú", "xã Tân Phú")],
        [("tong_ket", "2021-03-05", None)],  # results summed up in the next sentence give no venue
    ),
]


@pytest.mark.parametrize(("text", "specs", "expected"), GENERAL)
def test_general_rules_from_the_held_out_set(text, specs, expected):
    assert summary(text, specs) == expected


def test_organisers_come_before_the_trigger_and_participants_after_it():
    text = (
        "Ngày 2/7/2019, Ban Tuyên giáo Huyện ủy tổ chức Hội nghị sơ kết công tác tuyên giáo. Đến dự có đồng chí Đoàn "
        "Văn Sự - Phó Bí thư TT Huyện ủy; Đồng chí Nguyễn Văn Phò - Phó CT UBND huyện."
    )
    specs = [
        ("date", "Ngày 2/7/2019", "2019-07-02"),
        ("org", "Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo Huyện ủy"),
        ("org", "Huyện ủy", "Huyện ủy", 1),
        ("official", "Đoàn Văn Sự - Phó Bí thư TT Huyện ủy", "Đoàn Văn Sự"),
        ("official", "Nguyễn Văn Phò - Phó CT UBND huyện", "Nguyễn Văn Phò"),
    ]
    [event] = events(text, specs)
    assert event.type == "so_ket"
    assert event.organizers == ("Ban Tuyên giáo Huyện ủy",)
    assert event.participants == ("Đoàn Văn Sự", "Nguyễn Văn Phò")


def test_template_expansion():
    assert expand("{tặng|trao} giấy khen") == ["tặng giấy khen", "trao giấy khen"]
    assert expand("hội nghị") == ["hội nghị"]


# ---------------------------------------------------------------------------------------- properties


@st.composite
def text_and_records(draw):
    words = [
        "Hội nghị",
        "tổng kết",
        "Ngày 3/7/2019",
        "tại",
        "xã A",
        "Dịp này",
        "tặng giấy khen cho",
        "03 tập thể",
        "kiểm tra",
        ";",
        ":",
        ".",
        "\n",
        "Lễ phát động",
        "sẽ",
        "việc",
        "về",
        "Kế hoạch số 1",
        "(",
        ")",
        "đã",
    ]
    text = draw(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(words), max_size=40).map(" ".join)))
    spans = st.tuples(st.integers(0, len(text)), st.integers(0, 40)).map(lambda p: (p[0], min(len(text), p[0] + p[1])))
    values = st.sampled_from(["2019-07-03", "2019-07", "2019", "2016/2020", "2019-12-25/2019-12-26", "x"])

    def made(kind):
        return st.lists(st.tuples(spans, values), max_size=4).map(
            lambda items: tuple(kind(text, s, v) for s, v in items)
        )

    return text, {
        "dates": draw(made(lambda t, s, v: DateMention(v, t[s[0] : s[1]], *s))),
        "movements": draw(made(lambda t, s, v: Movement(v, v, t[s[0] : s[1]], *s))),
        "units": draw(made(lambda t, s, v: Unit("xã " + v, "commune", None, None, t[s[0] : s[1]], *s))),
        "organizations": draw(made(lambda t, s, v: Organization(v, t[s[0] : s[1]], *s))),
        "officials": draw(made(lambda t, s, v: Official(v, (), t[s[0] : s[1]], *s))),
        "documents": draw(made(lambda t, s, v: DocumentRef(v, "Kế hoạch", v, t[s[0] : s[1]], *s))),
    }


@given(text_and_records())
@settings(max_examples=300, deadline=None)
def test_never_raises_and_offsets_slice_to_the_evidence(case):
    text, inputs = case
    for event in extract_events(text, **inputs):
        assert text[event.start : event.end] == event.text
        assert event.type in {
            "kiem_tra",
            "so_ket",
            "tong_ket",
            "tap_huan",
            "phat_dong",
            "trien_khai",
            "khen_thuong",
            "hoi_nghi",
            "hoi_thi",
            "ngay_hoi",
            "ky_ket",
            "thanh_lap",
            "other",
        }


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_normalised_arbitrary_text(raw):
    text = normalize(raw)
    empty = {"dates": (), "movements": (), "units": (), "organizations": (), "officials": ()}
    for event in extract_events(text, **empty):
        assert text[event.start : event.end] == event.text
