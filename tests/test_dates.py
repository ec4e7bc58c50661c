import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.extract.dates import extract_dates
from phongtrao.extract.normalize import normalize
from tests.conftest import SHARED

REAL = SHARED / "real"
needs_shared = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared (seeds and real texts) is absent")

VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")


def seed_path(number: int) -> Path:
    return next((SHARED / "seeds").glob(f"{number:03d}_*.txt"))


def values(text: str, published: str | None = None) -> list[str]:
    return [m.value for m in extract_dates(normalize(text), published)]


# (text, published, expected values in order)
FORMS = [
    # full days, day-first, every separator
    ("Sáng ngày 30/6/2020, cụm thi đua Khối Dân vận", None, ["2020-06-30"]),
    ("Ngày 22-6-2018, UBND huyện phối hợp", None, ["2018-06-22"]),
    ("Hội nghị ngày 17.02.2020 tại hội trường", None, ["2020-02-17"]),
    ("Chiều ngày 6/8/ 2019, UBND huyện tổ chức sơ kết", None, ["2019-08-06"]),
    ("14h00 ngày 10/11/2022, tại hội trường", None, ["2022-11-10"]),
    ("Ngày 15/10/2019 , Tại Hội trường Ban dân vận", None, ["2019-10-15"]),
    ("ngày 20 tháng 11 năm 2015", None, ["2015-11-20"]),
    ("NGÀY 20 THÁNG 11 NĂM 2015", None, ["2015-11-20"]),
    ("Quyết định số 15/2020/QĐ-TTg ngày 24 tháng 4 năm 2020 của Thủ tướng", None, ["2020-04-24"]),
    ("Ngày đăng 08/10/2018 | 15:54", None, ["2018-10-08"]),
    ("cập nhật 2020-10-05 lúc 7 giờ", None, ["2020-10-05"]),
    # dates inside citations are dates; the document number is not
    ("Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo", None, ["2020-02-17"]),
    ("Thực hiện Kế hoạch 155/KH-UBND ngày 18/8/2016 của UBND thành phố Hà Nội", None, ["2016-08-18"]),
    ("Nghị định 168/2018/NĐ-CP, ngày 28/12/2018 của Chính phủ", None, ["2018-12-28"]),
    ("Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị", None, ["2016-05-15"]),
    # days without a year: the year from the sentence
    ("Sáng ngày 01 – 11, tại xã Bình Hòa, Ban Chỉ đạo kiểm tra phong trào năm 2019.", None, ["2019-11-01"]),
    ("Sáng 4.10, tại hội trường, tổng kết năm 2020.", None, ["2020-10-04"]),
    ("Ngày 19/8 năm 2019, Công an huyện tổ chức", None, ["2019-08-19"]),
    ("ngày 20 tháng 11, Ban Thường vụ tổng kết năm 2015.", None, ["2015-11-20"]),
    # … from the publication date
    ("Chiều 21/12, Bí thư huyện ủy K'Thanh đã đến thăm", "2020-12-24", ["2020-12-21"]),
    ("Sau 3 ngày thi đấu, tối 29/12, Giải Kickboxing bế mạc", "2019-12-31", ["2019-12-29"]),
    ("Ngày 04/12 Ủy ban nhân dân huyện tổ chức", "2019-12-08", ["2019-12-04"]),
    ("vào khoảng 20h ngày 30/8 tại hồ đập thủy lợi", "2019-09-05", ["2019-08-30"]),
    ("ngày 4.10 Ban chỉ đạo họp", "2020-10-06", ["2020-10-04"]),
    ("Hội nghị diễn ra vào 21/12 tới", "2020-12-01", ["2020-12-21"]),
    # … news reports past events: a date well after publication is last year's
    ("tối 29/12, Giải bế mạc", "2020-01-02", ["2019-12-29"]),
    ("Chiều 21/12, hội nghị tổng kết", "2020-03-10", ["2019-12-21"]),
    # … but not from a plan year that would put the day months after publication
    (
        "Sáng ngày 02 - 12, Ban Chỉ đạo tổ chức tổng kết và phát động phong trào thi đua năm 2021.",
        "2020-12-04",
        ["2020-12-02"],
    ),
    # … from the article's own years, within a year of publication
    ("Tổng kết công tác năm 2019. Hội nghị. Chiều 26/12, UBND huyện tổ chức", "2020-01-03", ["2019-12-26"]),
    ("Năm 2019 là năm bản lề. Ngày 3/1, UBND huyện tổ chức", "2020-01-05", ["2020-01-03"]),
    ("Ngày 3/9 sự cố đập.\nKỷ niệm năm 1945.\nNăm 2019 khó khăn. Năm 2019 nhiều việc.", "2019-09-05", ["2019-09-03"]),
    ("Ngày 3/9 sự cố đập.\nNăm 2019 khó khăn. Năm 2019 nhiều việc.", None, ["2019-09-03"]),
    # … no year anywhere: not reported
    ("Chiều 21/12, Bí thư đến thăm", None, []),
    # ranges of days
    ("Từ ngày 10 đến ngày 12/11", "2022-11-20", ["2022-11-10/2022-11-12"]),
    ("Từ ngày 15 đến 16/10 Bộ Chỉ huy Bộ đội Biên phòng", "2019-10-18", ["2019-10-15/2019-10-16"]),
    ("Trong hai ngày 25 đến 26/12, Hội đồng nhân dân huyện", "2019-12-27", ["2019-12-25/2019-12-26"]),
    ("diễn ra từ ngày 15 - 16/10/2019 tại huyện", None, ["2019-10-15/2019-10-16"]),
    ("từ ngày 10 đến ngày 12 tháng 11 năm 2022", None, ["2022-11-10/2022-11-12"]),
    ("Từ 23-11 đến 8-12, các xã tổ chức", "2020-12-20", ["2020-11-23/2020-12-08"]),
    ("Từ 28/12 đến 3/1, huyện tổ chức", "2021-01-10", ["2020-12-28/2021-01-03"]),
    ("Từ 28/12/2020 đến 3/1/2021", None, ["2020-12-28/2021-01-03"]),
    ("Từ 28/12 đến 3/1/2021", None, ["2020-12-28/2021-01-03"]),
    ("Mặt trận Tổ quốc Việt Nam (18/11/1930 - 18/11/2020), các cấp", None, ["1930-11-18/2020-11-18"]),
    ("Công an Nhân dân Việt Nam (19/8/1945 - 19/8/2020) và 15 năm", None, ["1945-08-19/2020-08-19"]),
    # months, quarters, parts of a year
    ("đến thời điểm cuối tháng 6/2020) và tổ chức", None, ["2020-06"]),
    ("tháng 11/2022", None, ["2022-11"]),
    ("tháng 11 năm 2022", None, ["2022-11"]),
    ("Đơn cử, như tháng 10/2019 cô đã vận động", None, ["2019-10"]),
    ("an ninh quốc phòng tháng 11, và nhiệm vụ trọng tâm tháng 12/2019", None, ["2019-11", "2019-12"]),
    ("từ tháng 3 đến tháng 5/2020", None, ["2020-03/2020-05"]),
    ("quý III/2020", None, ["2020-07/2020-09"]),
    ("quý 1 năm 2021", None, ["2021-01/2021-03"]),
    ("trong quý IV năm 2019", None, ["2019-10/2019-12"]),
    ("6 tháng đầu năm 2020", None, ["2020-01/2020-06"]),
    ("06 tháng cuối năm 2019.../", None, ["2019-07/2019-12"]),
    ("6 tháng cuối năm 2019", None, ["2019-07/2019-12"]),
    ("trong 9 tháng năm 2020, công tác Mặt trận", None, ["2020-01/2020-09"]),
    ("họp sơ kết 6 tháng đầu năm, công tác thi đua", "2020-07-06", ["2020-01/2020-06"]),
    ("nửa đầu năm 2021", None, ["2021-01/2021-06"]),
    # year ranges
    ('phong trào thi đua "Dân vận khéo", giai đoạn 2016 - 2020', None, ["2016/2020"]),
    ("đánh giá kết quả 05 năm (2016 - 2020) triển khai", None, ["2016/2020"]),
    ("giai đoạn 2021-2025 trên địa bàn thị xã Cai Lậy", None, ["2021/2025"]),
    ("Đại hội đảng bộ các cấp, nhiệm kỳ 2020-2025", None, ["2020/2025"]),
    ("Khóa IV, nhiệm kỳ 2016- 2021", None, ["2016/2021"]),
    ("Chủ tịch UBND huyện nhiệm kỳ 2016 -2021.", None, ["2016/2021"]),
    ("tổng kết năm học 2019 - 2020", None, ["2019/2020"]),
    ("từ năm 2016 đến năm 2020", None, ["2016/2020"]),
    # a yearless day: a cited paper's year is not the report's; a year the text states is
    (
        "Theo Kế hoạch số 12/KH-UBND ngày 14/3/2019 của UBND huyện. Sáng ngày 05 - 11, khu dân cư tổ chức ngày hội.",
        "2020-11-05",
        ["2019-03-14", "2020-11-05"],
    ),
    (
        "Theo Kế hoạch số 12/KH-UBND ngày 14/3/2019 của UBND huyện. Sáng ngày 20 - 12, khu dân cư tổ chức ngày hội.",
        "2021-01-04",
        ["2019-03-14", "2020-12-20"],
    ),
    (
        "Năm 2019, huyện tổ chức nhiều hoạt động. Ngày 10/2, huyện ra mắt mô hình dân vận khéo.",
        "2020-01-20",
        ["2019-02-10"],
    ),
    # not dates
    ("năm 2019", None, []),
    ("Tổng kết năm 2020, chào mừng 75 năm Ngày truyền thống", None, []),
    ("đạt 04/04 đơn vị", None, []),
    ("14/14 xã đạt chuẩn nông thôn mới năm 2020", None, []),
    ("năm 2018 huyện có 9/9 xã, thị trấn đạt chuẩn", None, []),
    ("đến nay có 8/8 xã đạt chuẩn năm 2020", None, []),
    ("Đánh giá bài viết(0/5)", None, []),
    ("chiếm 1/3 số hộ năm 2020", None, []),
    ("khoảng 1/3 năm 2020", None, []),
    ("đạt 9/10 điểm năm 2019", None, []),
    ("ý kiến của 26/27 vị Đại biểu năm 2020", None, []),
    ("hoàn thành 26 /30 chỉ tiêu năm 2019", None, []),
    ("Quyết định số 15/2020/QĐ-TTg, Quyết định số 32/2020/QĐ-TTg", None, []),
    ("Số: 2282/QĐ-UBND", None, []),
    ("Kế hoạch số 40-KH/BCĐ", None, []),
    ("Kế hoạch số 12/10/KH-UBND năm 2020", None, []),
    ("Điện thoại: 0913.104.123 hoặc 0263 3822 511", None, []),
    ("tổng kinh phí 9.000.000 đồng, định mức 1.000.000 đồng/người/tháng", None, []),
    ("ước đạt 1.53 tỷ đồng, đạt 118%, tăng 26.10% năm 2019", None, []),
    ("ngày 32/13 năm 2019", None, []),
    ("ngày 31/4 năm 2019", None, []),
    ("mỗi vụ khoảng 2 tháng (60 - 65 ngày)", None, []),
    ("trong 2-3 ngày, năm 2020", None, []),
    ("từ 2-3 lần năm 2020", None, []),
    ("mỗi ngày 2-3 lần năm 2020", None, []),
    ("từ 1.900 - 2.000 người", None, []),
    ("khoảng 1950 - 2000 m", None, []),
    ("nhiệm kỳ 2025 - 2020", None, []),
    ("Phú Quý: Triển khai tổng kết", None, []),
    ("được mọi người quý mến", None, []),
    ("lương tháng 13 năm 2020", None, []),
    ("mỗi tháng 2 lần, năm 2020", None, []),
    ("12 tháng năm 2019", None, []),
    ("6 tháng đầu năm học 2019 - 2020", None, ["2019/2020"]),
    ("0/637296389819696172446.png", None, []),
    ("nam-2019-76310.html", None, []),
]


@pytest.mark.parametrize(("text", "published", "expected"), FORMS)
def test_forms(text, published, expected):
    assert values(text, published) == expected


def test_a_mention_covers_its_cue_and_its_date():
    text = normalize("Sáng ngày 01 – 11, tại xã Bình Hòa năm 2019.")
    (mention,) = extract_dates(text)
    assert mention.text == "Sáng ngày 01 - 11"
    assert (mention.start, mention.end) == (0, len("Sáng ngày 01 - 11"))


def test_mentions_come_in_order_of_position():
    text = normalize("Ngày 27/8/2017, giai đoạn 2016-2020; Kế hoạch 155/KH-UBND ngày 18/8/2016; quý III/2020.")
    mentions = extract_dates(text)
    assert [m.value for m in mentions] == ["2017-08-27", "2016/2020", "2016-08-18", "2020-07/2020-09"]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_a_date_does_not_span_a_paragraph_break():
    assert values("tổng kết năm 2019 ngày 3/10\n- 5/10 các đơn vị báo cáo") == ["2019-10-03"]


@pytest.mark.parametrize("published", ["", "not a date", "2020-13-45", "0001-01-01", "9999-12-31", "2020-12-24T07:00"])
def test_odd_publication_dates_do_not_break_anything(published):
    assert values("Chiều 21/12, hội nghị tổng kết năm 2020", published) == ["2020-12-21"]


# --- seeds ----------------------------------------------------------------------------------

SEED_DATES = {
    0: [("2019-11-01", "ngày 01 - 11")],
    2: [("2020-06-30", "30/6/2020"), ("2020-02-17", "17/02/2020"), ("2020-01/2020-06", "6 tháng đầu năm")],
    3: [("2016/2020", "2016 - 2020"), ("2020-06", "tháng 6/2020"), ("2015-11-20", "20/11/2015")],
    4: [("2016-08-18", "18/8/2016"), ("2017-08-27", "27/8/2017"), ("2016/2020", "2016-2020")],
}


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("number", sorted(SEED_DATES))
def test_seed_key_dates(number):
    text = normalize(seed_path(number).read_text(encoding="utf-8"))
    found = {(m.value, m.text) for m in extract_dates(text)}
    for value, written in SEED_DATES[number]:
        assert any(v == value and written in t for v, t in found), (value, written, found)


@needs_shared
@pytest.mark.shared
def test_seed_non_dates_are_left_alone():
    texts = {n: normalize(seed_path(n).read_text(encoding="utf-8")) for n in range(5)}
    for number, text in texts.items():
        for mention in extract_dates(text):
            assert "0/5" not in mention.text and "155" not in mention.text and "KH" not in mention.text, number
    assert [m.value for m in extract_dates(texts[3])].count("2016/2020") == 6


# --- real portal articles (../shared/real/daksong) ------------------------------------------

REAL_DATES = [
    ("2812202002.md", "2020-12-21", "Chiều 21/12"),
    ("ket-thuc-giai-kickboxing-tinh-dak-nong-mo-rong-nam-2019.md", "2019-12-29", "tối 29/12"),
    (
        "tap-huan-ctnv-quan-ly-duong-bien-cot-moc-cho-cac-to-tu-quan-xa-thuan-ha-va-thuan-hanh.md",
        "2019-10-15/2019-10-16",
        "Từ ngày 15 đến 16/10",
    ),
    ("hdnd-huyen-to-chuc-ky-hop-thu-9-hdnd-huyen-khoa-iv-nk-2016-2021.md", "2019-12-25/2019-12-26", "25 đến 26/12"),
    (
        "75-nam-ngay-truyen-thong-cand-viet-nam-va-15-nam-ngay-hoi-toan-dan-bao-ve-antq.md",
        "1945-08-19/2020-08-19",
        "19/8/1945 - 19/8/2020",
    ),
    ("75-nam-ngay-truyen-thong-cand-viet-nam-va-15-nam-ngay-hoi-toan-dan-bao-ve-antq.md", "2020-08-19", "Ngày 19/8"),
    ("tap-huan-cong-tac-chuan-hoa-dia-danh.md", "2018-06-22", "22-6-2018"),
    ("ubnd-huyen-to-chuc-so-ket-qs-qp-dia-phuong-6-dau-2019-nhiem-vu-2020.md", "2019-08-06", "6/8/ 2019"),
    ("ubnd-huyen-kiem-tra-cong-tac-phong-chong-bao-lut-tai-xa-truong-xuan.md", "2019-08-30", "ngày 30/8"),
    ("ubnd-huyen-quoc-phong-thang-11-thang-12-nam-2019.md", "2019-12-04", "Ngày 04/12"),
    ("05102020-01.md", "2020-01/2020-09", "9 tháng đầu năm 2020"),
    ("09-10-2020-01.md", "2016/2021", "nhiệm kỳ 2016- 2021"),
    ("1012202005.md", "2020-04-24", "ngày 24 tháng 4 năm 2020"),
]


def real_article(name: str) -> tuple[str, str | None]:
    """Description and body (HTML stripped, normalised) and front-matter date of a Đắk Song article."""
    from bs4 import BeautifulSoup

    raw = (REAL / "daksong" / name).read_text(encoding="utf-8")
    front, body = re.match(r"---json\n(.*?)\n---\n(.*)", raw, re.S).groups()
    meta = json.loads(front)
    published = meta.get("date", "")[:10] or None
    text = meta.get("description", "") + "\n" + BeautifulSoup(body, "lxml").get_text("\n")
    return normalize(text), published


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(("name", "value", "written"), REAL_DATES)
def test_real_article_dates(name, value, written):
    text, published = real_article(name)
    found = [(m.value, m.text) for m in extract_dates(text, published)]
    assert any(v == value and written in t for v, t in found), found


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("09-10-2020-01.md", "26/27"),
        ("ubnd-huyen-to-chuc-hoi-nghi-tong-ket-va-trien-khai-phuong-huong-nhiem-vu-nam-hoc-2019-2020.md", "9/9"),
        ("1012202005.md", "15/2020"),
    ],
)
def test_real_article_counts_and_numbers_are_not_dates(name, count):
    text, published = real_article(name)
    assert count in text
    assert not any(count in m.text for m in extract_dates(text, published))


# --- properties -----------------------------------------------------------------------------

FRAGMENTS = [
    "ngày ",
    "Sáng ",
    "Chiều ",
    "tối ",
    "từ ",
    "Từ ",
    "đến ",
    "tới ",
    " - ",
    "-",
    "/",
    ".",
    " ",
    "\n",
    "(",
    ")",
    "tháng ",
    "quý ",
    "năm ",
    "nửa ",
    "đầu ",
    "cuối ",
    "giai đoạn ",
    "nhiệm kỳ ",
    "năm học ",
    "và ",
    "xã ",
    "01",
    "1",
    "4",
    "10",
    "12",
    "13",
    "28",
    "29",
    "30",
    "31",
    "32",
    "00",
    "2019",
    "2020",
    "1899",
    "2100",
    "III",
    "IV",
    "14h00 ",
    "06",
    "9",
    "đơn vị",
    "lần",
    "%",
    "KH",
    "/QĐ-UBND",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=30).map("".join)),
    st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)),
)
def test_never_raises_and_mentions_point_into_the_text(text, published):
    mentions = extract_dates(text, published)
    last_end = -1
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= last_end
        last_end = mention.end
        assert VALUE.fullmatch(mention.value), mention.value
        if "/" in mention.value:
            first, last = mention.value.split("/")
            assert len(first) == len(last) and first <= last
