"""Cited documents: kind word + number (and date, issuer), as the gold rules define them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.documents import extract_documents, normalize_document_number
from phongtrao.extract.normalize import normalize
from tests.conftest import SHARED

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (seeds and real texts) is absent")


def found(text: str, published: str | None = None) -> list[tuple[str | None, str, str | None, str | None]]:
    return [(d.number, d.kind, d.date, d.issuer) for d in extract_documents(normalize(text), published)]


# Phrasing from the seeds and the real Đắk Song and Hà Nội portal texts.
CITATIONS = [
    (
        "Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện,"
        " về phát động thi đua",
        [("40-KH/BCĐ", "Kế hoạch", "2020-02-17", "Ban Chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện")],
    ),
    (
        "(mốc thời gian căn cứ từ khi Ban Thường vụ Huyện ủy ban hành Kế hoạch số 13-KH/HU, ngày 20/11/2015 đến"
        " thời điểm cuối tháng 6/2020)",
        [("13-KH/HU", "Kế hoạch", "2015-11-20", "Ban Thường vụ Huyện ủy")],
    ),
    (
        "Thực hiện Kế hoạch 155/KH-UBND ngày 18/8/2016 của UBND thành phố Hà Nội về triển khai thực hiện phong trào",
        [("155/KH-UBND", "Kế hoạch", "2016-08-18", "Ủy ban nhân dân thành phố Hà Nội")],
    ),
    (
        "UBND thành phố Hà Nội đã có Kế hoạch số 23/KH-UBND về phòng, chống bệnh viêm đường hô hấp cấp",
        [("23/KH-UBND", "Kế hoạch", None, "Ủy ban nhân dân thành phố Hà Nội")],
    ),
    (
        "điều chỉnh Điều 1, Nghị quyết số 06/NQ-HĐND, ngày 15/7/2020 của Hội đồng nhân dân huyện Đắk Song về việc"
        " phê chuẩn quyết toán",
        [("06/NQ-HĐND", "Nghị quyết", "2020-07-15", "Hội đồng nhân dân huyện Đắk Song")],
    ),
    (
        "theo Quyết định số 15/2020/QĐ-TTg ngày 24 tháng 4 năm 2020 của Thủ tướng Chính phủ, cụ thể:",
        [("15/2020/QĐ-TTg", "Quyết định", "2020-04-24", "Thủ tướng Chính phủ")],
    ),
    (
        "quy định tại Nghị quyết số 42/NQ-CP, Nghị quyết số 154/NQ-CP, Quyết định số 15/2020/QĐ-TTg,"
        " Quyết định số 32/2020/QĐ-TTg, Quyết định số 875/QĐ-UBND. Chủ tịch UBND huyện",
        [
            ("42/NQ-CP", "Nghị quyết", None, None),
            ("154/NQ-CP", "Nghị quyết", None, None),
            ("15/2020/QĐ-TTg", "Quyết định", None, "Thủ tướng Chính phủ"),
            ("32/2020/QĐ-TTg", "Quyết định", None, "Thủ tướng Chính phủ"),
            ("875/QĐ-UBND", "Quyết định", None, None),
        ],
    ),
    (
        "Thực hiện tốt nghị quyết số 35- NQ/TW bộ chính trị về tăng cường bảo vệ nền tảng",
        [("35-NQ/TW", "Nghị quyết", None, "Bộ Chính trị")],
    ),
    (
        "theo Nghị định 168/2018/NĐ-CP, ngày 28/12/2018 của Chính phủ.\nKim Ngân",
        [("168/2018/NĐ-CP", "Nghị định", "2018-12-28", "Chính phủ")],
    ),
    (
        'Chỉ thị số 05 của bộ chính trị về chuyên đề năm 2020 " Tăng cường khối đại đoàn kết',
        [("05", "Chỉ thị", None, "Bộ Chính trị")],
    ),
    (
        'chuyên đề về Chỉ thị 01/CT-TTg của Thủ tướng Chính phủ "Về việc tổ chức phong trào toàn dân',
        [("01/CT-TTg", "Chỉ thị", None, "Thủ tướng Chính phủ")],
    ),
    (
        "quán triệt và thực hiện Chỉ thị 05-CT/TW chuyên đề học tập và làm theo tư tưởng",
        [("05-CT/TW", "Chỉ thị", None, "Trung ương")],
    ),
    (
        "Thực hiện nghiêm túc Nghị quyết 35 của Bộ chính trị về xây dựng Đảng; thực hiện thường xuyên, liên tục"
        " chỉ thị 05 học tập và làm theo",
        [("35", "Nghị quyết", None, "Bộ Chính trị"), ("05", "Chỉ thị", None, None)],
    ),
    (
        "Triển khai thực hiện các đề án 05,07,08 của Tỉnh ủy Đăk Nông; Đổi mới hình thức",
        [
            ("05", "Đề án", None, "Tỉnh ủy Đăk Nông"),
            ("07", "Đề án", None, "Tỉnh ủy Đăk Nông"),
            ("08", "Đề án", None, "Tỉnh ủy Đăk Nông"),
        ],
    ),
    (
        "tiếp tục thực hiện có hiệu quả Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ chính trị về đẩy mạnh học tập",
        [("05-CT/TW", "Chỉ thị", "2016-05-15", "Bộ Chính trị")],
    ),
    (
        "Ngày 21/7, UBND thành phố Hà Nội ban hành Kế hoạch số 200/KH-UBND về thực hiện Chiến lược",
        [("200/KH-UBND", "Kế hoạch", None, "Ủy ban nhân dân thành phố Hà Nội")],
    ),
    (
        "Ngày 25/9/2019, Sở Thông tin và Truyền thông đã ban hành Quyết định số 170/QĐ-STTTT về việc công bố",
        [("170/QĐ-STTTT", "Quyết định", None, "Sở Thông tin và Truyền thông")],
    ),
    (
        "Bộ Thông tin và Truyền thông vừa ban hành Thông tư số 11/2012/TT-BTTTT ngày 17/7/2012 quy định Danh mục",
        [("11/2012/TT-BTTTT", "Thông tư", "2012-07-17", "Bộ Thông tin và Truyền thông")],
    ),
    (
        "Mới đây, Chính phủ đã ban hành Nghị định số 42/2022/NĐ-CP quy định về việc cung cấp thông tin",
        [("42/2022/NĐ-CP", "Nghị định", None, "Chính phủ")],
    ),
    (
        "Quyết định số 18/QĐ-UBND ngày 02/01/2020 của UBND TP Hà Nội",
        [("18/QĐ-UBND", "Quyết định", "2020-01-02", "Ủy ban nhân dân thành phố Hà Nội")],
    ),
    (
        "Quyết định số 792/QĐ-TTg của Thủ tướng Chính phủ : Phê duyệt Quy hoạch tổng thể",
        [("792/QĐ-TTg", "Quyết định", None, "Thủ tướng Chính phủ")],
    ),
    (
        "Thực hiện Thông tư số 61/2017/TT-BTC ngày 15/6/2017 của Bộ Tài chính về việc hướng dẫn",
        [("61/2017/TT-BTC", "Thông tư", "2017-06-15", "Bộ Tài chính")],
    ),
    (
        "theo Kế hoạch số 54/KH-UBND, ngày 17/02/2022, của UBND Thành phố. Hà Nội: Tập trung",
        [("54/KH-UBND", "Kế hoạch", "2022-02-17", "Ủy ban nhân dân Thành phố")],
    ),
    (
        "Triển khai Chỉ thị số 12/CT-UBND ngày 08/6/2020 của UBND Thành phố về việc đẩy mạnh",
        [("12/CT-UBND", "Chỉ thị", "2020-06-08", "Ủy ban nhân dân Thành phố")],
    ),
    (
        "Nghị quyết số 04/2013/NQ-HĐND cửa Hội đồng nhân dân thành phố Hà Nội",
        [("04/2013/NQ-HĐND", "Nghị quyết", None, "Hội đồng nhân dân thành phố Hà Nội")],
    ),
    (
        "Nghị quyết số 11/2013/NQ-HĐND của Hội đồng nhân dân thành phố Hà Nội quy định diện tích ở bình quân",
        [("11/2013/NQ-HĐND", "Nghị quyết", None, "Hội đồng nhân dân thành phố Hà Nội")],
    ),
    (
        "Công văn số 376/STP-PBGDPL ngày 05/02/2015 của Sở Tư pháp Thành phố về việc tuyên truyền",
        [("376/STP-PBGDPL", "Công văn", "2015-02-05", "Sở Tư pháp Thành phố")],
    ),
    (
        "Kế hoạch số 191/KH-UBND ngày 30 tháng 10 năm 2015 của UBND Thành phố Hà Nội",
        [("191/KH-UBND", "Kế hoạch", "2015-10-30", "Ủy ban nhân dân Thành phố Hà Nội")],
    ),
    (
        "Nghị định số 103 /2007/NĐ-CP",
        [("103/2007/NĐ-CP", "Nghị định", None, None)],
    ),
    (
        "Quyết định số 147/QĐ-BCĐTKLPCTN của Ban Chỉ đạo tổng kết 10 năm thực hiện Luật PCTN : Ban hành",
        [("147/QĐ-BCĐTKLPCTN", "Quyết định", None, "Ban Chỉ đạo tổng kết 10 năm thực hiện Luật PCTN")],
    ),
    (
        "Toàn văn Thông tư 76/2006/TT-BTC của Bộ Tài chính xem tại file đính kèm",
        [("76/2006/TT-BTC", "Thông tư", None, "Bộ Tài chính")],
    ),
    # Spaces and dashes inside numbers.
    ("Hướng dẫn số 255/HD- BGĐ ngày 6/8/ 2019", [("255/HD-BGĐ", "Hướng dẫn", "2019-08-06", None)]),
    ("Chỉ thị số 18 - CT/TW của Ban Bí thư", [("18-CT/TW", "Chỉ thị", None, "Ban Bí thư")]),
    ("Kế hoạch số 40 - KH/BCĐ", [("40-KH/BCĐ", "Kế hoạch", None, None)]),
    ("Chỉ thị 05 -CT/TW ngày 15/5/2016", [("05-CT/TW", "Chỉ thị", "2016-05-15", "Trung ương")]),
    ("Quyết định số 2282/QĐ-UBND", [("2282/QĐ-UBND", "Quyết định", None, None)]),
    # Upper-case headings and "Số:".
    ("KẾ HOẠCH SỐ 12-KH/HU", [("12-KH/HU", "Kế hoạch", None, None)]),
    ("Số: 40-KH/BCĐ", [("40-KH/BCĐ", "Kế hoạch", None, None)]),
    # A bare "số" with a known code: the kind comes from the code.
    (
        "Quyết định khen thưởng số 123/QĐ-UBND của UBND huyện",
        [("123/QĐ-UBND", "Quyết định", None, "Ủy ban nhân dân huyện")],
    ),
    ("theo văn bản hướng dẫn số 07-HD/BTG", [("07-HD/BTG", "Hướng dẫn", None, None)]),
    ("chương trình hành động số 15-CTr/HU", [("15-CTr/HU", "Chương trình", None, None)]),
    # A date and no number.
    ("Kế hoạch ngày 17/02/2020 của UBND huyện về tổ chức", [(None, "Kế hoạch", "2020-02-17", "Ủy ban nhân dân huyện")]),
    # Several numbers under one kind word.
    (
        "Nghị quyết số 06/NQ-HĐND và 07/NQ-HĐND ngày 15/7/2020 của HĐND huyện",
        [
            ("06/NQ-HĐND", "Nghị quyết", None, "Hội đồng nhân dân huyện"),
            ("07/NQ-HĐND", "Nghị quyết", "2020-07-15", "Hội đồng nhân dân huyện"),
        ],
    ),
    # Other kinds and issuers.
    (
        "Chủ tịch UBND tỉnh ký Quyết định số 1234/QĐ-UBND",
        [("1234/QĐ-UBND", "Quyết định", None, "Chủ tịch Ủy ban nhân dân tỉnh")],
    ),
    ("Kết luận số 01-KL/TW của Bộ Chính trị", [("01-KL/TW", "Kết luận", None, "Bộ Chính trị")]),
    ("Quy định 08-QĐi/TW", [("08-QĐi/TW", "Quy định", None, "Trung ương")]),
    ("Luật số 77/2015/QH13", [("77/2015/QH13", "Luật", None, None)]),
    ("Tờ trình số 45/TTr-UBND", [("45/TTr-UBND", "Tờ trình", None, None)]),
    ("Chương trình 135 của Chính phủ", [("135", "Chương trình", None, "Chính phủ")]),
    ("Thông báo kết luận số 12-TB/HU", [("12-TB/HU", "Thông báo", None, None)]),
    ("Báo cáo số 161/BC-UBND", [("161/BC-UBND", "Báo cáo", None, None)]),
    ("Đề án 06 của Chính phủ", [("06", "Đề án", None, "Chính phủ")]),
    ("Quy chế số 02-QC/HU", [("02-QC/HU", "Quy chế", None, None)]),
    ("theo Kế hoạch liên tịch số 01/KHLT-MTTQ-UBND", [("01/KHLT-MTTQ-UBND", "Kế hoạch", None, None)]),
    ("Kế hoạch số 12 của Ban Thường vụ Huyện ủy", [("12", "Kế hoạch", None, "Ban Thường vụ Huyện ủy")]),
    (
        "Kế hoạch số 12-KH/UBND của BCĐ QCDC huyện",
        [("12-KH/UBND", "Kế hoạch", None, "Ban Chỉ đạo Quy chế dân chủ huyện")],
    ),
    ("Kế hoạch số 3/KH-BTV của BTV Huyện đoàn", [("3/KH-BTV", "Kế hoạch", None, "Ban Thường vụ Huyện đoàn")]),
    ("Kế hoạch số 5/KH-MTTQ của Ủy ban MTTQ huyện", [("5/KH-MTTQ", "Kế hoạch", None, "Ủy ban Mặt trận Tổ quốc huyện")]),
    ("Nghị quyết số 09 của Đảng ủy xã về xây dựng nông thôn mới", [("09", "Nghị quyết", None, "Đảng ủy xã")]),
    # Where an issuer ends.
    ("Chỉ thị số 27-CT/TW của Bộ Chính trị có chuyển biến tích cực", [("27-CT/TW", "Chỉ thị", None, "Bộ Chính trị")]),
    (
        "Nghị định số 122/2018/NĐ-CP của Chính phủ và kinh nghiệm xây dựng tổ dân phố văn hóa",
        [("122/2018/NĐ-CP", "Nghị định", None, "Chính phủ")],
    ),
    (
        "Kết luận số 120-KL/TW của Bộ Chính trị và Pháp lệnh thực hiện dân chủ ở xã",
        [("120-KL/TW", "Kết luận", None, "Bộ Chính trị")],
    ),
    (
        "Hướng dẫn số 07/HD-SVHTT ngày 15/3/2022 của Sở Văn hóa và Thể thao Hà Nội",
        [("07/HD-SVHTT", "Hướng dẫn", "2022-03-15", "Sở Văn hóa và Thể thao Hà Nội")],
    ),
    (
        "Hướng dẫn số 12/HD-LĐLĐ của LĐLĐ tỉnh Bình Thuận, nhằm nâng cao",
        [("12/HD-LĐLĐ", "Hướng dẫn", None, "Liên đoàn Lao động tỉnh Bình Thuận")],
    ),
    (
        "Quyết định số 12/QĐ-UBND của UBND huyện Đắk Song và Kế hoạch số 13/KH-UBND",
        [
            ("12/QĐ-UBND", "Quyết định", None, "Ủy ban nhân dân huyện Đắk Song"),
            ("13/KH-UBND", "Kế hoạch", None, None),
        ],
    ),
    (
        "Kế hoạch số 12/KH-UBND (ngày 5/3/2020) của UBND huyện",
        [("12/KH-UBND", "Kế hoạch", "2020-03-05", "Ủy ban nhân dân huyện")],
    ),
    ("Chỉ thị 05, 06 của Ban Bí thư", [("05", "Chỉ thị", None, None)]),
    # a law cited by its name before its number
    (
        "Luật Thi đua, khen thưởng số 06/2022/QH15 có hiệu lực từ ngày 01/01/2024",
        [("06/2022/QH15", "Luật", None, None)],
    ),
    (
        "triển khai Luật Phòng, chống tham nhũng số 36/2018/QH14 đến cán bộ",
        [("36/2018/QH14", "Luật", None, None)],
    ),
]


# A bare number that repeats the start of a full number of the same kind is that document again.
SHORT_REFERENCES = [
    (
        "Quán triệt Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị; sau 5 năm thực hiện Chỉ thị 05, các chi bộ",
        ["05-CT/TW", "05-CT/TW"],
    ),
    ("Sau 5 năm thực hiện Chỉ thị 05 (2016 - 2021) và Nghị quyết số 05-NQ/HU", ["05", "05-NQ/HU"]),
    ("Chỉ thị số 05 của Bộ Chính trị", ["05"]),
    ("Chỉ thị 05 và Chỉ thị 05-CT/TU, Chỉ thị 05-CT/TW", ["05", "05-CT/TU", "05-CT/TW"]),  # which one is unclear
]


@pytest.mark.parametrize(("text", "numbers"), SHORT_REFERENCES)
def test_a_short_reference_is_the_full_number_cited_with_it(text, numbers):
    assert [d.number for d in extract_documents(normalize(text))] == numbers


@pytest.mark.parametrize(("text", "expected"), CITATIONS, ids=[c[0][:40] for c in CITATIONS])
def test_citations(text, expected):
    assert found(text) == expected


NOT_DOCUMENTS = [
    "xây dựng kế hoạch thi đua",
    "thực hiện theo kế hoạch",
    "Quyết định khen thưởng cho 3 tập thể",
    "quán triệt các văn bản của trên",
    "Ban Thường vụ Huyện ủy vừa triển khai kế hoạch tổ chức tổng kết",
    "Tham mưu cấp ủy ban hành Chương trình, Nghị quyết lãnh, chỉ đạo",
    "báo cáo 6 tháng đầu năm 2019",
    "Kế hoạch 5 năm 2021-2025",
    "kế hoạch 2021-2025",
    "Kế hoạch 2020 của huyện",
    "quy định 3 tiêu chí",
    "hướng dẫn 100 hộ dân",
    "Chương trình 2 ngày",
    "kế hoạch 5,5 tỷ đồng",
    "Kế hoạch của UBND thành phố phân loại 4 cấp độ dịch",
    "Công văn của UBND Thành phố và",
    "thông báo ngày 10/3 sẽ tổ chức",
    "trong tổng số 365 hộ",
    "số 12/2020 lượt",
    "số 40 KH",
    "Nghị quyết Trung ương 4 khóa XII",
    "Nghị quyết Đại hội Đảng bộ huyện lần thứ XII",
    "Kế hoạch 17/02/2020",
]


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_not_documents(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("255/HD- BGĐ", "255/HD-BGĐ"),
        ("18 - CT/TW", "18-CT/TW"),
        ("05 -CT/TW", "05-CT/TW"),
        ("40 - KH/BCĐ", "40-KH/BCĐ"),
        ("103 /2007/NĐ-CP", "103/2007/NĐ-CP"),
        ("15/2020/QĐ-TTg", "15/2020/QĐ-TTg"),
        ("35– NQ/TW", "35-NQ/TW"),
        (" 155 / KH - UBND ", "155/KH-UBND"),
    ],
)
def test_normalize_document_number(raw, expected):
    assert normalize_document_number(raw) == expected


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("Kế hoạch số 12/KH-UBND ngày 5/3 của UBND huyện", "2020-06-30", "2020-03-05"),
        ("Kế hoạch số 12/KH-UBND ngày 5/12 của UBND huyện", "2020-06-30", "2019-12-05"),
        ("Kế hoạch số 12/KH-UBND ngày 5/3 của UBND huyện", None, None),
        ("Quyết định số 15/2020/QĐ-TTg ngày 24/4", None, "2020-04-24"),
        ("Quyết định số 15/2020/QĐ-TTg ngày 24/4", "2023-01-01", "2020-04-24"),
        ("Kế hoạch số 12/KH-UBND ngày 17-02-2020", None, "2020-02-17"),
        ("Kế hoạch số 12/KH-UBND ngày 17.02.2020", None, "2020-02-17"),
        ("Kế hoạch số 12/KH-UBND ban hành ngày 20 tháng 11 năm 2015", None, "2015-11-20"),
        ("Kế hoạch số 12/KH-UBND ngày 31/02/2020", None, None),
        ("Kế hoạch số 12/KH-UBND ngày 16/72/2020", None, None),
    ],
)
def test_document_dates(text, published, date):
    (doc,) = extract_documents(normalize(text), published)
    assert doc.date == date


def test_text_spans_kind_word_to_number_or_date():
    text = normalize("Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo huyện. Chỉ thị 05-CT/TW nêu rõ")
    first, second = extract_documents(text)
    assert first.text == "Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020"
    assert second.text == "Chỉ thị 05-CT/TW"
    for doc in (first, second):
        assert text[doc.start : doc.end] == doc.text


def test_text_keeps_a_closing_parenthesis_of_the_date():
    (doc,) = extract_documents(normalize("Kế hoạch số 12/KH-UBND (ngày 5/3/2020) của UBND huyện"))
    assert doc.text == "Kế hoạch số 12/KH-UBND (ngày 5/3/2020)"


def test_one_record_per_mention_in_order():
    text = normalize("Theo Chỉ thị 05-CT/TW và Kế hoạch số 13-KH/HU; tiếp tục thực hiện Chỉ thị 05-CT/TW.")
    assert [d.number for d in extract_documents(text)] == ["05-CT/TW", "13-KH/HU", "05-CT/TW"]
    starts = [d.start for d in extract_documents(text)]
    assert starts == sorted(starts)


SEED_CITATIONS = [
    (
        "002_413ad2d95ae4b344.txt",
        ("40-KH/BCĐ", "Kế hoạch", "2020-02-17", "Ban Chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện"),
    ),
    ("003_a73a25740fe7e79b.txt", ("13-KH/HU", "Kế hoạch", "2015-11-20", "Ban Thường vụ Huyện ủy")),
    ("004_7fc05cc1201b0305.txt", ("155/KH-UBND", "Kế hoạch", "2016-08-18", "Ủy ban nhân dân thành phố Hà Nội")),
]


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(("name", "expected"), SEED_CITATIONS)
def test_seed_citations(name, expected):
    text = normalize((SHARED / "seeds" / name).read_text(encoding="utf-8"))
    assert found(text) == [expected]


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("name", ["000_dc84f0b7a4dcb1dc.txt", "001_48122a03fd6fed1f.txt"])
def test_seeds_without_citations(name):
    assert found((SHARED / "seeds" / name).read_text(encoding="utf-8")) == []


def _real_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    return normalize(BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").get_text(" "))


REAL_NUMBERS = [
    ("02-chinh-tri-xa-ho-2020.md", ["23/KH-UBND"]),
    ("09-10-2020-01.md", ["06/NQ-HĐND", "07/NQ-HĐND"]),
    ("dbqs-huyen-to-chuc-hoi-nghi-ra-nghi-quyet-nv-6-2019.md", ["168/2018/NĐ-CP"]),
    ("btg-hu-tchn-tong-ket-cong-tac-tuyen-truyen-dau-tranh-tren-khong-gian-mang-2019.md", ["35-NQ/TW"]),
    ("tap-huan-ctnv-quan-ly-duong-bien-cot-moc-cho-cac-to-tu-quan-xa-thuan-ha-va-thuan-hanh.md", ["01/CT-TTg"]),
    (
        "ubnd-huyen-to-chuc-hoi-nghi-tong-ket-va-trien-khai-phuong-huong-nhiem-vu-nam-hoc-2019-2020.md",
        ["05-CT/TW"],
    ),
    (
        "tc-sk-cong-tac-tuyen-giao-6-thang-dau-nam-phnv-6-thang-cuoi-nam-2019.md",
        ["05-CT/TW", "35", "05-CT/TW", "05", "07", "08"],  # "chỉ thị 05" repeats 05-CT/TW
    ),
    ("huyen-dak-song-to-chuc-le-giao-nhan-quan-nam-2020.md", []),
    ("hoi-thi-can-bo-hoi-phu-nu-co-so-gioi-nam-2019.md", []),
]


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(("name", "numbers"), REAL_NUMBERS, ids=[r[0][:40] for r in REAL_NUMBERS])
def test_real_daksong_numbers(name, numbers):
    text = _real_text(SHARED / "real" / "daksong" / name)
    assert [d.number for d in extract_documents(text)] == numbers


@needs_shared
@pytest.mark.shared
def test_real_texts_give_consistent_records():
    paths = sorted((SHARED / "real").glob("daksong*/*.md")) + sorted((SHARED / "real" / "portal-hn").glob("*.html"))
    texts = [_real_text(p) for p in paths]
    results = [extract_documents(t) for t in texts]
    for text, docs in zip(texts, results, strict=True):
        for doc in docs:
            assert text[doc.start : doc.end] == doc.text
            assert doc.number is None or not re.search(r"\s[-/]|[-/]\s", doc.number)


FRAGMENTS = st.sampled_from(
    [
        "Kế hoạch", "KẾ HOẠCH", "kế hoạch", "Chỉ thị", "Nghị quyết", "các đề án", "Quyết định", "số", "Số:",
        " ", " ", ", ", ". ", "\n", "-", " - ", "/", "ngày", "tháng", "năm", "của", "cửa", "ban hành", "đã có",
        "UBND", "TP.", "BCĐ", "Ban chỉ đạo", "bộ chính trị", "huyện", "Hà Nội", "KH", "QĐ", "TTg", "TW", "CTr",
        "05", "40", "2020", "17", "02", "2", "13", "0", ",07", "về", '"', "(", "İ", "K", "ß", "\u0301",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(FRAGMENTS | st.text(max_size=3), max_size=30), st.sampled_from([None, "2020-06-30", "x", "2020-02-29"]))
def test_never_raises_and_spans_match(parts, published):
    text = "".join(parts)
    docs = extract_documents(text, published)
    for doc in docs:
        assert text[doc.start : doc.end] == doc.text
        assert doc.kind
        assert doc.number is not None or doc.date is not None
        assert doc.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date)
    assert [d.start for d in docs] == sorted(d.start for d in docs)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_unicode(text):
    for doc in extract_documents(text):
        assert text[doc.start : doc.end] == doc.text
