"""Plain-text reader: portal boilerplate, date lines, bylines, captions, the seeds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.errors import InputError
from phongtrao.extract.normalize import normalize
from phongtrao.extract.plaintext import (
    is_boilerplate_line,
    is_caption_line,
    is_crumb,
    is_repeated_phrase,
    join_wrapped,
    opens_widget_zone,
    parse_byline,
    parse_date_line,
    parse_place_date_line,
    read_plain_text,
    split_names,
)
from phongtrao.extract.readers import read_path
from tests.conftest import SHARED

SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("06/07/2020", "2020-07-06"),
        (" 06/07/2020", "2020-07-06"),
        ("11/11/2021", "2021-11-11"),
        ("Ngày đăng 08/10/2018 | 15:54", "2018-10-08"),
        ("Thứ ba - 28/05/2024 09:33", "2024-05-28"),
        ("Cập nhật lúc: 21:19 03/05/2017", "2017-05-03"),
        ("Ngày đăng 09/09/2020 | 05:07 PM", "2020-09-09"),
        ("Publish date 26/08/2013 | 12:00 AM", "2013-08-26"),
        ("Ngày đăng 16/09/2013 | 12:00 AM | View count: 462", "2013-09-16"),
        ("(24/08/2022)", "2022-08-24"),
        ("Thứ Hai, 12/3/2019, 8:00 (GMT+7)", "2019-03-12"),
        ("Sáng ngày 01 – 11, tại xã Bình Hòa", None),
        ("Ngày 27/8/2017, tại Trung tâm Bồi dưỡng chính trị Quận Hoàng Mai", None),
        ("Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020", None),
        ("31/02/2020", None),
        ("128", None),
    ],
)
def test_parse_date_line(line: str, expected: str | None) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Bình Phước, ngày 27 tháng 11 năm 2013", "2013-11-27"),
        ("Châu Thành, ngày 17 tháng 02 năm 2020", "2020-02-17"),
        ("Ngày 20 tháng 11 năm 2015, Ban Thường vụ Huyện ủy ban hành kế hoạch", None),
    ],
)
def test_parse_place_date_line(line: str, expected: str | None) -> None:
    assert parse_place_date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Thống kê truy cập",
        "Thống kê Thống kê",
        "  Đang truy cập : 5",
        "  • Đang truy cập: 25",
        "  Hôm nay: 1037",
        "  • Trong tuần: 41 406",
        "  • Tháng hiện tại: 144 144",
        "  Tổng lượt truy cập: 2680563",
        "Số lượt truy cập: 1.234.567",
        "Đang online: 12",
        "Responsive image",
        "0/637296389819696172446.png",
        "/img/HNSKxđ6tdaunam01.PNG",
        "anh-hoi-nghi.jpeg",
        "Tăng/Giảm cỡ chữ:  TĂNG+  |  GIẢM- ",
        "Đánh giá bài viết(0/5)",
        "Tương phản",
        "Slideshow Image 1 Slideshow Image 1 Slideshow Image 1",
        "Designed by VNPT",
        "ipv6 ready Chung nhan Tin Nhiem Mang",
        "Đăng nhập",
        "Truy cập nội dung luôn",
        "Chi tiết tin",
        " 128",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(normalize(line) or line)


@pytest.mark.parametrize(
    "line",
    [
        "Trúc Phương",
        "Sơ kết Khối thi đua thực hiện Quy chế dân chủ cơ sở năm 2020",
        "Thông qua công tác kiểm tra chéo nhằm đánh giá một cách khách quan kết quả",
        "1. Nghị quyết về việc điều chỉnh Điều 1",
        "Hà Nội chuẩn bị 4 kịch bản phòng, chống dịch",
    ],
)
def test_content_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("THÔNG BÁO THÔNG BÁO", True),
        ("Liên kết Liên kết", True),
        ("Videos tuyên truyền PL Videos tuyên truyền PL", True),
        ("Danh sách album Danh sách album", True),
        ("thời tiết các vùng", True),
        ("Bình chọn", True),
        ("Ý kiến bạn đọc", True),
        ("Tương phản", True),
        ("Tin mới hơn", True),
        ("Tin cũ hơn", True),
        ("Ý kiến bạn đọc (0)", True),
        ("Chia sẻ: Facebook Zalo", True),
        ("Văn bản mới", True),
        ("Văn bản chỉ đạo điều hành", True),
        ("Lịch công tác tuần", True),
        ("Lượt truy cập: 1.234.567", True),
        ("Thiết kế bởi Trung tâm Công nghệ thông tin tỉnh", True),
        ("Mỹ Nhiên", False),
        ("Văn bản số 12 hướng dẫn các xã tổ chức hội nghị", False),
        ("Hội nghị tập huấn có nhiều ý kiến trao đổi của các cơ sở", False),
    ],
)
def test_widget_zone(line: str, expected: bool) -> None:
    assert opens_widget_zone(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Slideshow Image 1 Slideshow Image 1", True), ("Văn hóa Văn hóa", True), ("Văn hóa - Xã hội", False)],
)
def test_repeated_phrase(line: str, expected: bool) -> None:
    assert is_repeated_phrase(line) is expected


@pytest.mark.parametrize(
    ("line", "authors", "kind"),
    [
        ("Trúc Phương", ("Trúc Phương",), "names"),
        ("Phạm Thị Hường", ("Phạm Thị Hường",), "names"),
        ("Mỹ Nhiên", ("Mỹ Nhiên",), "names"),
        ("KỲ DANH", ("Kỳ Danh",), "names"),
        ("Vương hợp.", ("Vương Hợp",), "names"),
        ("Vương Hợp .", ("Vương Hợp",), "names"),
        ("Kim Ngân - Vương Hợp", ("Kim Ngân", "Vương Hợp"), "names"),
        ("Lê Xuân _ Kim Ngân.", ("Lê Xuân", "Kim Ngân"), "names"),
        ("Lê Xuân- Vương Hợp.", ("Lê Xuân", "Vương Hợp"), "names"),
        ("Vương Hợp - TTVHT- TT", ("Vương Hợp",), "names"),
        ("V.H ĐTT.", ("V.H",), "names"),
        ("Tin, ảnh: Thanh Bình", ("Thanh Bình",), "labelled"),
        ("Bài, ảnh: Đức Hùng", ("Đức Hùng",), "labelled"),
        ("Biên tập / Huỳnh Tấn Tuấn.", ("Huỳnh Tấn Tuấn",), "labelled"),
        ("Theo chinhphu.vn", (), "source"),
        ("Theo Cổng thông tin điện tử tỉnh Đắk Nông", (), "source"),
        ("http://baodaknong.org.vn/the-thao-trong-nuoc/ket-thuc-giai-76310.html", (), "url"),
        # the writer's unit after a dash is dropped; a byline that names only a body gives no author
        ("Minh Châu - Trung tâm VHTT-TT", ("Minh Châu",), "names"),
        ("Quốc Tuấn - Đài TT-TH Hương Sơn", ("Quốc Tuấn",), "names"),
        ("Hồng Nhung - Trung tâm VH-TT&TT thị xã", ("Hồng Nhung",), "names"),
        ("Hội Nông dân huyện Ea Kar", (), "body"),
        ("Hội CCB xã Tân Lập", (), "body"),
        ("Trung tâm VH-TT&TT thị xã", (), "body"),
        ("Minh Hà (Trung tâm Văn hóa, Thông tin và Thể thao huyện)", ("Minh Hà",), "names"),
        ("Lê Thị Hoa - Văn phòng HĐND và UBND huyện", ("Lê Thị Hoa",), "names"),
    ],
)
def test_parse_byline(line: str, authors: tuple[str, ...], kind: str) -> None:
    byline = parse_byline(normalize(line))
    assert byline is not None
    assert (byline.authors, byline.kind) == (authors, kind)


@pytest.mark.parametrize(
    "line",
    [
        "Quang cảnh Hội nghị",
        "Tặng quà cho các hộ gia đình chính sách.",
        "Theo đó, đoàn đã kiểm tra công tác phòng chống bão lụt trên địa bàn xã Trường Xuân.",
        "Hội nghị tập huấn có nhiều ý kiến trao đổi của các cơ sở nhằm đẩy mạnh phong trào, về việc đăng ký.",
        "Ngày 06/07/2020",
        "Xem thêm:",
        # a sentence about a body is not its byline
        "Hội Nông dân huyện tổ chức hội nghị.",
        "Hội Nông dân huyện tổ chức hội nghị tổng kết",
        "Bảo vệ môi trường",
    ],
)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


def test_split_names_drops_unit_initials() -> None:
    assert split_names("TTVHT - TT") is None
    assert split_names("Quốc Nhân - Vương Hợp") == ("Quốc Nhân", "Vương Hợp")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ảnh: Quang cảnh Hội nghị", True),
        ("Các địa phương đã có nhiều biện pháp chủ động phòng, chống dịch - Ảnh minh họa", True),
        ("Anh Nguyễn Văn A cho biết, năm nay gia đình thu hơn 500 triệu đồng.", False),
    ],
)
def test_caption_lines(line: str, expected: bool) -> None:
    assert is_caption_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"), [("Văn hóa - Xã hội", True), ("Tin tức > Sự kiện", True), ("Phú Quý: Triển khai", False)]
)
def test_crumbs(line: str, expected: bool) -> None:
    assert is_crumb(line) is expected


def test_join_wrapped_lines() -> None:
    lines = ["Tham gia hội nghị có đồng chí Nguyễn", "Văn Phò chủ trì hội", "nghị tập huấn.", "Mỹ Nhiên"]
    joined = ["Tham gia hội nghị có đồng chí Nguyễn", "Văn Phò chủ trì hội nghị tập huấn.", "Mỹ Nhiên"]
    assert join_wrapped(lines) == joined


PORTAL_PAGE = """Tăng/Giảm cỡ chữ:  TĂNG+  |  GIẢM-
Sơ kết Khối thi đua thực hiện Quy chế dân chủ cơ sở năm 2020
 128
 06/07/2020
0/637296389819696172446.png

Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận các xã, thị trấn tiến hành họp sơ kết 6 tháng đầu năm.

Ảnh: Quang cảnh Hội nghị

Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện.

Mỹ Nhiên

Ý kiến bạn đọc
Thống kê truy cập
  • Hôm nay: 2130
Designed by VNPT
"""


def test_portal_page() -> None:
    article = read_plain_text(PORTAL_PAGE, "page.txt")
    assert article.title == "Sơ kết Khối thi đua thực hiện Quy chế dân chủ cơ sở năm 2020"
    assert article.published == "2020-07-06"
    assert article.authors == ("Mỹ Nhiên",)
    assert article.captions == ("Ảnh: Quang cảnh Hội nghị",)
    assert article.text == (
        "Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận các xã, thị trấn tiến hành họp sơ kết 6 tháng đầu năm."
        "\n\nẢnh: Quang cảnh Hội nghị"
        "\n\nThực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo thực hiện Quy chế dân chủ cơ sở huyện."
    )


def test_crumb_banner_weather_and_poll() -> None:
    page = (
        "Văn hóa - Xã hội\n\nQuận Hoàng Mai: Tập huấn phong trào năm 2018\nNgày đăng 08/10/2018 | 15:54\n\n"
        "Ngày 27/8/2017, Ban chỉ đạo phong trào tổ chức Hội nghị tập huấn.\n\n"
        "thời tiết các vùng\n\nHà Nội\nĐà Nẵng\nTP Hồ Chí Minh\n\nBình chọn\n\nĐánh giá thái độ tiếp công dân\n"
    )
    article = read_plain_text(page, "p.txt")
    assert article.title == "Quận Hoàng Mai: Tập huấn phong trào năm 2018"
    assert article.published == "2018-10-08"
    assert article.text == "Ngày 27/8/2017, Ban chỉ đạo phong trào tổ chức Hội nghị tập huấn."


def test_byline_with_unit_before_navigation_and_counter_lines() -> None:
    page = (
        "Hội nghị sơ kết\n15/03/2023 | 16:30\n\nChiều 14/3, UBND huyện tổ chức hội nghị sơ kết.\n\n"
        "Minh Châu - Trung tâm VH-TT&TT huyện\n\nTin mới hơn\nTin cũ hơn\nSố lượt truy cập: 562.908\n"
    )
    article = read_plain_text(page, "p.txt")
    assert article.authors == ("Minh Châu",)
    assert article.text == "Chiều 14/3, UBND huyện tổ chức hội nghị sơ kết."


def test_a_byline_naming_only_a_body_gives_no_author_and_leaves_the_text() -> None:
    page = "Hội nghị tổng kết\n15/03/2023\n\nNgày 14/3, Hội tổ chức hội nghị tổng kết.\n\nHội CCB huyện Kim Sơn\n"
    article = read_plain_text(page, "p.txt")
    assert article.authors == ()
    assert article.text == "Ngày 14/3, Hội tổ chức hội nghị tổng kết."


def test_published_argument_is_the_fallback() -> None:
    article = read_plain_text("Tiêu đề bài viết\n\nNội dung bài viết có một câu.", "a.txt", published="2020-01-02")
    assert article.published == "2020-01-02"
    assert article.title == "Tiêu đề bài viết"
    assert "published date given by the caller" in article.warnings


def test_one_line_document_is_text_not_title() -> None:
    article = read_plain_text("Sáng ngày 01/11/2019, Ban Chỉ đạo kiểm tra công tác thi đua.", "-")
    assert article.title is None
    assert article.text == "Sáng ngày 01/11/2019, Ban Chỉ đạo kiểm tra công tác thi đua."


@pytest.mark.parametrize("raw", ["", "   \n\n ", "\u200b\n"])
def test_empty_text(raw: str) -> None:
    with pytest.raises(InputError, match="empty file"):
        read_plain_text(raw, "e.txt")


def test_only_boilerplate_is_no_article() -> None:
    with pytest.raises(InputError, match="no article text found"):
        read_plain_text("Thống kê truy cập\n  Hôm nay: 1037\nDesigned by VNPT\n", "b.txt")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_gives_article_or_input_error(raw: str) -> None:
    try:
        article = read_plain_text(raw, "h.txt")
    except InputError:
        return
    assert article.text
    assert normalize(article.text) == article.text


# ---------------------------------------------------------------------------------------
# Seeds

SEED_EXPECTATIONS = [
    (
        "000_dc84f0b7a4dcb1dc.txt",
        "Ban Chỉ đạo phong trào",
        None,
        ("Trúc Phương",),
        "Sáng ngày 01 - 11, tại xã Bình Hòa, Ban Chỉ đạo phong trào",
    ),
    (
        "001_48122a03fd6fed1f.txt",
        "Xây dựng và nhân rộng điển hình tiên tiến trong Phong trào",
        "2021-11-11",
        ("Phạm Thị Hường",),
        "Nhằm nâng cao nhận thức của cấp ủy, chính quyền các cấp",
    ),
    (
        "002_413ad2d95ae4b344.txt",
        "Sơ kết Khối thi đua thực hiện Quy chế dân chủ cơ sở năm 2020",
        "2020-07-06",
        ("Mỹ Nhiên",),
        "Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận các xã, thị trấn",
    ),
    (
        "003_a73a25740fe7e79b.txt",
        "Phú Quý: Triển khai tổng kết phong trào thi đua",
        None,
        ("Kỳ Danh",),
        "Ban Thường vụ Huyện ủy vừa triển khai kế hoạch tổ chức tổng kết",
    ),
    (
        "004_7fc05cc1201b0305.txt",
        "Quận Hoàng Mai: Tập huấn phong trào",
        "2018-10-08",
        (),
        "Thực hiện Kế hoạch 155/KH-UBND ngày 18/8/2016 của UBND thành phố Hà Nội",
    ),
]
SEED_BOILERPLATE = [
    "Thống kê",
    "Responsive image",
    "Designed by",
    ".png",
    "Slideshow",
    "Đánh giá bài viết",
    "Hà Nội\nĐà Nẵng",
    "Tăng/Giảm",
    "Truy cập nội dung",
    "Chi tiết tin",
    "Tương phản",
    "Ý kiến bạn đọc",
    "thời tiết",
    "Bình chọn",
    "Liên kết",
    "THÔNG BÁO THÔNG BÁO",
    "Đang truy cập",
    "Thích ứng, an toàn",
]


@needs_seeds
@pytest.mark.shared
@pytest.mark.parametrize(("name", "title", "published", "authors", "first"), SEED_EXPECTATIONS)
def test_seed(name: str, title: str, published: str | None, authors: tuple[str, ...], first: str) -> None:
    article = read_path(SEEDS / name)
    assert article.source == str(SEEDS / name)
    assert article.title is not None and article.title.startswith(title)
    assert article.published == published
    assert article.authors == authors
    assert article.text.startswith(first)
    for junk in SEED_BOILERPLATE:
        assert junk not in article.text, junk
    for author in authors:
        assert author not in article.text
    assert article.title not in article.text.split("\n\n")
    assert normalize(article.text) == article.text


@needs_seeds
@pytest.mark.shared
def test_seed_002_caption_is_listed_and_kept_in_the_text() -> None:
    article = read_plain_text((SEEDS / "002_413ad2d95ae4b344.txt").read_text(encoding="utf-8"), "002")
    assert article.captions == ("Ảnh: Quang cảnh Hội nghị",)
    assert "Ảnh: Quang cảnh Hội nghị" in article.text.split("\n\n")
    assert "Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020" in article.text
