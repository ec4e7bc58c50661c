"""Web page → Article: date lines, titles, bylines, captions, platforms, and bad pages."""

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongtrao.errors import InputError
from phongtrao.evaluate_pages import render_markdown_page
from phongtrao.extract.html import (
    MAX_PAGE_BYTES,
    DateLine,
    canonical_url,
    css_to_xpath,
    detect_platform,
    extract_article,
    extract_html,
    is_date_line,
    local_date,
    parse_date_line,
    parse_page,
    select,
    today_dates,
)
from phongtrao.extract.normalize import normalize
from phongtrao.models import Page

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "corpora" / "pages"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real"
needs_shared = pytest.mark.skipif(not (REAL / "portal-hn").is_dir(), reason="../shared/real is absent")


def corpus(name: str):
    path = next(PAGES.glob(f"*/{name}.html"))
    return extract_html(path.read_bytes(), f"https://example.gov.vn/{name}.html")


def daksong(slug: str):
    layout = (PAGES / "easywebhub" / "article-layout.tmpl").read_text(encoding="utf-8")
    data, url = render_markdown_page((REAL / "daksong" / f"{slug}.md").read_text(encoding="utf-8"), layout)
    return extract_html(data, url)


def page_html(body: str, head: str = "<title>Tin tức</title>") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


PARAGRAPH = (
    "<p>Sáng ngày 12/3/2021, Ủy ban Mặt trận Tổ quốc xã tổ chức hội nghị sơ kết phong trào "
    "“Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư” với sự tham dự của các ban ngành, đoàn thể.</p>"
    "<p>Năm 2020, toàn xã có 95% hộ gia đình đạt danh hiệu gia đình văn hóa; 12 ấp giữ vững danh hiệu ấp văn hóa.</p>"
)

# --- date lines ------------------------------------------------------------------------

DATE_LINES = [
    ("Ngày đăng 08/10/2018 | 15:54", "2018-10-08", "published"),
    ("Publish date 09/09/2020 | 05:07 PM", "2020-09-09", "published"),
    ("Thứ ba - 28/05/2024 09:33", "2024-05-28", "plain"),
    ("Cập nhật lúc: 21:19 03/05/2017", "2017-05-03", "updated"),
    ("18:21:26 , 24/10/2014", "2014-10-24", "plain"),
    ("(15:32 | 22/01/2024)", "2024-01-22", "plain"),
    ("21/12/2012 | 12:00 AM", "2012-12-21", "plain"),
    ("Ngày đăng 23/03/2016 | 03:48 PM  |  View count: 1549", "2016-03-23", "published"),
    ("(24/08/2022)", "2022-08-24", "plain"),
    ("Ngày đăng: 05/09/2022 09:12", "2022-09-05", "published"),
    ("Cập nhật ngày 12/04/2016", "2016-04-12", "updated"),
    ("Thứ Bảy, ngày 21/11/2026", "2026-11-21", "published"),  # a header "today" date: told by place, not text
    ("Đăng lúc 07:15 ngày 02-06-2023 (GMT+7)", "2023-06-02", "published"),
    ("Ngày 28 tháng 5 năm 2024", "2024-05-28", "plain"),
    ("2024-05-28 09:33", "2024-05-28", "plain"),
]


@pytest.mark.parametrize(("line", "date", "kind"), DATE_LINES)
def test_date_lines(line, date, kind):
    assert parse_date_line(line) == DateLine(date, kind)


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 20/8/2019, tại nhà Văn hóa huyện Đăk Song, Hội LHPN huyện đã tổ chức Hội thi.",
        "Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020 của Ban chỉ đạo",
        "Tổng lượt truy cập: 1665055",
        "Từ ngày 15 đến 16/10",
        "31/02/2020",
        "",
    ],
)
def test_sentences_and_bad_dates_are_not_date_lines(line):
    assert parse_date_line(line) is None


def test_a_line_with_both_labels_gives_the_publication_date():
    assert parse_date_line("Ngày đăng: 14/12/2021 08:15 | Cập nhật: 15/12/2021 09:40") == DateLine(
        "2021-12-14", "published"
    )
    assert is_date_line("Ngày đăng: 14/12/2021 08:15 | Cập nhật: 15/12/2021 09:40")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-12-08T19:00:00.000Z", "2019-12-09"),  # UTC evening is the next day in Vietnam
        ("2023-03-14T18:30:00+00:00", "2023-03-15"),
        ("2022-11-18T09:30:00+07:00", "2022-11-18"),
        ("2024-01-09T23:50:00Z", "2024-01-10"),
        ("2020-03-05T02:00:00.000Z", "2020-03-05"),
        ("2024-05-28", "2024-05-28"),
        ("2024-05-28 16:00:00", "2024-05-28"),  # no zone: local time
        ("Tue, 28 May 2024 20:33:00 GMT", "2024-05-29"),
        ("28/05/2024", "2024-05-28"),
        ("not a date", None),
        ("2024-13-40T00:00:00Z", None),
        ("", None),
    ],
)
def test_local_date(value, expected):
    assert local_date(value) == expected


# --- selectors, platforms, folding -------------------------------------------------------


def test_css_subset():
    root = parse_page(
        b'<html><body><div class="news-detail a"><h1 class="title">T</h1><p id="x" data-k="abc">P</p>'
        b'<div itemprop="articleBody"><p>B</p></div></div><p class="title">other</p></body></html>'
    ).root
    assert [e.text for e in select(root, ".news-detail h1.title")] == ["T"]
    assert [e.text for e in select(root, "div > p")] == ["P", "B"]
    assert [e.text for e in select(root, "[itemprop=articleBody] p")] == ["B"]
    assert [e.text for e in select(root, "p[data-k^=ab], p[data-k$=bc]")] == ["P"]
    assert [e.text for e in select(root, "#x")] == ["P"]
    assert select(root, "..bad[") == []
    assert "descendant-or-self::" in css_to_xpath("h1")


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("vnpt-1", "vnpt"),
        ("vnpt-2", "vnpt"),
        ("viettel-1", "viettel"),
        ("liferay-1", "liferay"),
        ("sharepoint-2", "sharepoint"),
        ("webcenter-1", "oracle-webcenter"),
        ("nukeviet-1", "nukeviet"),
        ("joomla-1", "joomla"),
        ("wordpress-1", "wordpress"),
        ("generic-1", "generic"),
    ],
)
def test_platform_detected(name, platform):
    assert corpus(name).platform == platform


def test_platform_from_generator_and_url():
    assert detect_platform('<meta name="generator" content="NukeViet v4.5">').name == "nukeviet"
    assert detect_platform("<p>x</p>", "https://x.gov.vn/web/guest/-/view_content/123-tin") is None  # url alone: 2 < 3
    assert detect_platform("<div class='journal-content-article'>", "https://x/-/view_content/1").name == "liferay"


# --- the corpus pages, one feature each ----------------------------------------------------


def test_padded_byline_and_caption_kept_as_paragraph():
    article = corpus("vnpt-1")
    assert article.authors == ("Trúc Phương",)
    assert "Trúc Phương" not in article.text
    assert article.captions == ("Ảnh: Quang cảnh buổi kiểm tra tại xã Bình Hòa",)
    assert "\n\nẢnh: Quang cảnh buổi kiểm tra tại xã Bình Hòa\n\n" in article.text
    assert "Thống kê truy cập" not in article.text and "Tăng/Giảm" not in article.text
    assert article.published == "2019-11-08"
    assert article.title.startswith("Kiểm tra công tác thi đua cụm số 3")


def test_windows_1258_page_declaring_utf8():
    article = corpus("vnpt-2")
    assert "Khối Dân vận thị trấn Ngã Sáu làm Trưởng khối" in article.text
    assert article.published == "2024-01-22"
    assert any("cp1258" in w for w in article.warnings) or article.text == normalize(article.text)


def test_decomposed_marks_and_update_only_date():
    article = corpus("viettel-1")
    assert article.text == normalize(article.text)
    assert "Chiều ngày 02/5/2017, UBND huyện Krông Pắc" in article.text
    assert (article.published, article.updated) == ("2017-05-03", "2017-05-03")
    assert article.authors == ("Hoàng Yến",)  # "Tin, ảnh:" is a label


def test_source_line_is_not_an_author():
    article = corpus("viettel-2")
    assert article.authors == ("Phạm Quý",)
    assert "Báo Bình Thuận" not in article.text
    assert (article.published, article.updated) == ("2021-12-14", "2021-12-15")


def test_cms_account_is_not_an_author():
    assert corpus("liferay-1").authors == ("Minh Tâm",)  # not "admin admin"
    assert corpus("nukeviet-2").authors == ("Hồng Nhung",)  # not "admin"; the unit "TTVHTT" dropped
    assert corpus("joomla-1").authors == ("Thanh Tùng",)  # not "Super User"


def test_byline_in_the_middle():
    article = corpus("sharepoint-1")
    assert article.authors == ("Minh Khang",)
    assert "Thực hiện" not in article.text
    assert "8 cụm, khối thi đua ký kết giao ước thi đua năm 2021" in article.text


def test_word_paste_debris():
    article = corpus("sharepoint-2")
    assert "file:" not in article.text and "clip_image" not in article.text and "if !vml" not in article.text
    assert article.captions == ("Đoàn phúc tra làm việc tại khu phố 2, phường 4",)
    assert article.authors == ("Ngọc Ánh",)


def test_paragraphs_in_h1_stay_in_the_text():
    article = corpus("webcenter-2")
    assert article.title == "Ngày hội Đại đoàn kết toàn dân tộc tại khu dân cư tổ 4, phường Hòa Khánh Bắc"
    assert article.text.count("\n\n") == 3
    assert article.published == "2015-11-13"


def test_bom_sapo_figure_caption_and_author_field():
    article = corpus("nukeviet-1")
    assert article.text.startswith("Ngày 27/5/2024, Đoàn giám sát của Ban Thường vụ Huyện ủy Tam Nông")
    assert article.captions == ("Đoàn giám sát làm việc tại xã Phú Cường",)
    assert article.authors == ("Nguyễn Thị Lan",)  # "Nguồn tin:" is a source
    assert article.url == "https://tamnong.dongthap.gov.vn/news/tin-tuc/giam-sat-quy-che-dan-chu-phu-cuong-1234.html"


def test_entity_soup():
    article = corpus("joomla-1")
    assert "Đảng ủy xã Trường Xuân tổ chức hội nghị tổng kết" in article.text
    assert "&" not in article.text
    assert article.published == "2022-11-18"


def test_utc_dates_and_wrong_western_charset():
    assert (corpus("wordpress-1").published, corpus("wordpress-1").updated) == ("2023-03-15", "2023-03-16")
    assert corpus("wordpress-2").published == "2024-01-10"  # JSON-LD 2024-01-09T23:50Z
    article = corpus("joomla-2")  # UTF-8 bytes declaring iso-8859-1
    assert "Thị trấn Đức An" in article.title
    assert article.published == "2023-06-02"
    assert article.authors == ("Lê Minh Đức",)


def test_tcvn3_page_is_converted():
    article = corpus("generic-2")
    assert article.title == "Huyện Thuận Châu sơ kết phong trào toàn dân bảo vệ an ninh Tổ quốc"
    assert "nguồn tin có giá trị" in article.text
    assert article.authors == ("Hoàng Anh",)


def test_header_today_date_is_not_a_publication_date():
    article = corpus("generic-3")
    assert article.published is None
    assert article.authors == ("Kim Yến",)
    root = parse_page((PAGES / "generic" / "generic-3.html").read_bytes()).root
    assert "2026-11-21" in today_dates(root)


def test_today_date_in_header_with_an_undated_article():
    header = "<div class='header'><span class='today'>Thứ Bảy, ngày 21/11/2026</span></div>"
    data = page_html(header + "<h1>Sơ kết phong trào thi đua năm 2021</h1>" + PARAGRAPH)
    assert extract_html(data).published is None


def test_title_from_h1_when_title_tag_has_a_site_suffix():
    head = "<title>Sơ kết phong trào thi đua năm 2021 - Cổng thông tin điện tử huyện</title>"
    data = page_html(
        "<h2 class='logo'>Cổng thông tin điện tử huyện</h2><h1>Sơ kết phong trào thi đua năm 2021</h1>" + PARAGRAPH,
        head,
    )
    article = extract_html(data)
    assert article.title == "Sơ kết phong trào thi đua năm 2021"
    assert not article.text.startswith("Sơ kết phong trào")


def test_canonical_url():
    root = parse_page(page_html("<p>x</p>", "<link rel='canonical' href='/tin/1.html'>")).root
    assert canonical_url(root, "https://a.gov.vn/x/y?z=1") == "https://a.gov.vn/tin/1.html"
    root = parse_page(page_html("<p>x</p>", "<meta property='og:url' content='https://b.gov.vn/p'>")).root
    assert canonical_url(root, "https://a.gov.vn/") == "https://b.gov.vn/p"
    assert canonical_url(parse_page(page_html("<p>x</p>")).root, "https://a.gov.vn/q") == "https://a.gov.vn/q"


def test_extract_article_uses_the_final_url_and_refuses_errors():
    data = (PAGES / "generic" / "generic-1.html").read_bytes()
    page = Page(
        "http://old/1",
        200,
        (("Content-Type", "text/html; charset=utf-8"),),
        data,
        "2024-01-01T00:00:00Z",
        "https://new/1",
    )
    article = extract_article(page)
    assert (article.source, article.url) == ("http://old/1", "https://new/1")
    with pytest.raises(InputError, match="HTTP status 404"):
        extract_article(Page("http://x/404", 404, (), b"<html></html>", "2024-01-01T00:00:00Z"))


def test_data_table_rows_stay_whole():
    table = (
        "<table><tr><td>Xếp hạng</td><td>Đơn vị</td><td>Tổng điểm</td></tr>"
        "<tr><td>1</td><td>Thị trấn Đức Phong</td><td>96,5</td></tr>"
        "<tr><td>2</td><td>Xã Minh Hưng</td><td>95,0</td></tr></table>"
    )
    article = extract_html(page_html("<h1>Kết quả chấm điểm thi đua năm 2023</h1>" + PARAGRAPH + table))
    assert "1 | Thị trấn Đức Phong | 96,5" in article.text
    assert "2 | Xã Minh Hưng | 95,0" in article.text


def test_br_paragraphs_and_a_title_tag_that_is_the_site_name():
    body = (
        "<div class='menu'><a href='/'>Trang chủ</a></div>"
        "<div class='tieude_chitiet'>Phú Riềng sơ kết phong trào thi đua</div>"
        "<div class='ngaydang'>Cập nhật: 09/08/2021 10:15:22 AM</div><div class='noidung'>"
        + "Sau 5 năm, toàn huyện đăng ký 2.450 việc làm cụ thể học tập và làm theo Bác.<br><br>" * 3
        + "<div align='right'><b>BBT</b></div></div>"
    )
    article = extract_html(page_html(body, "<title>UBND huyện Phú Riềng</title>"))
    assert article.title == "Phú Riềng sơ kết phong trào thi đua"
    assert (article.published, article.updated) == ("2021-08-09", "2021-08-09")
    assert article.text.count("2.450 việc làm") == 3
    assert "BBT" not in article.text and article.authors == ()  # the editorial board is not a writer


# --- real pages (../shared) ----------------------------------------------------------------


@needs_shared
def test_hanoi_liferay_article():
    data = (REAL / "portal-hn" / "chien-luoc-quy-hoach84a0.html").read_bytes()
    article = extract_html(data, "https://sotttt.hanoi.gov.vn/chien-luoc-quy-hoach84a0.html")
    assert article.title.startswith("Hướng dẫn xây dựng Kế hoạch ứng dụng CNTT")
    assert article.published == "2012-12-21"
    assert article.authors == ()  # "admin admin" is the CMS account
    assert article.platform == "liferay"
    assert article.text.startswith("Nội dung:")  # the repeated headline is gone
    assert "THĂM DÒ Ý KIẾN" not in article.text and "Other News" not in article.text


@needs_shared
@pytest.mark.parametrize(
    ("slug", "published", "authors"),
    [
        ("ubnd-huyen-quoc-phong-thang-11-thang-12-nam-2019", "2019-12-09", ("Quốc Nhân", "Vương Hợp")),  # UTC date
        ("09-10-2020-01", "2020-10-09", ("Huỳnh Tấn Tuấn",)),  # "Biên tập" / name in the middle
        ("02-chinh-tri-xa-ho-2020", "2020-02-03", ()),  # "Theo chinhphu.vn"
        ("ket-thuc-giai-kickboxing-tinh-dak-nong-mo-rong-nam-2019", "2019-12-31", ("Thanh Bình",)),  # "Tin, ảnh:"
        ("ubnd-huyen-kiem-tra-cong-tac-phong-chong-bao-lut-tai-xa-truong-xuan", "2019-09-05", ("V.H",)),  # 85 &nbsp;
        ("le-phat-dong-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-tai-xa-truong-xuan", "2020-10-12", ("Lê Xuân",)),
    ],
)
def test_daksong_articles(slug, published, authors):
    article = daksong(slug)
    assert article.published == published
    assert article.authors == authors
    assert "TIN ĐÃ ĐƯA" not in article.text and "Thứ Bảy, ngày 21/11/2026" not in article.text
    assert article.platform == "easywebhub"


@needs_shared
def test_daksong_entity_soup_and_every_paragraph_in_h1():
    article = daksong("le-phat-dong-phong-trao-toan-dan-bao-ve-an-ninh-to-quoc-tai-xa-truong-xuan")
    assert "xã Trường Xuân" in article.text
    assert "Quang cảnh lễ phát động" in article.captions
    assert "\n\nQuang cảnh lễ phát động\n\n" in article.text


@needs_shared
@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("01-tb-ubnd-dak-song-09-01-2020", "document stub: no article text, only a link to .*01-TB-UBND_202001100.PDF"),
        ("tdb-hdnd-huyen-txct-tai-tt-duc-an-sau-ky-hop-8-hdnd-huyen-khoa-iv-16-21", "no article text found"),
    ],
)
def test_daksong_stubs(slug, reason):
    with pytest.raises(InputError, match=reason):
        daksong(slug)


@needs_shared
def test_listing_page_is_refused_as_an_article():
    with pytest.raises(InputError, match=r"a listing page \(20 article links\)"):
        extract_html((REAL / "portal-hn" / "luatthudo.html").read_bytes(), "https://sotttt.hanoi.gov.vn/luatthudo.html")


# --- bad input -------------------------------------------------------------------------------


def test_truncated_page_is_partial():
    data = (PAGES / "vnpt" / "vnpt-1.html").read_bytes()
    cut = data[: data.index("Nội dung kiểm tra".encode()) + 200]
    article = extract_html(cut, "https://x/vnpt-1.html")
    assert article.partial
    assert any("truncated" in warning for warning in article.warnings)
    assert article.text


def test_navigation_only_page():
    menu = "".join(f'<li><a href="/muc-{i}">Mục {i}</a></li>' for i in range(30))
    data = page_html(
        f"<nav><ul>{menu}</ul></nav><div class='menu'>Trang chủ | Giới thiệu</div><footer>Bản quyền</footer>"
    )
    with pytest.raises(InputError, match="no article text found"):
        extract_html(data)
    links = "".join(f'<p><a href="/tin/{i}.html">Tin số {i} về phong trào</a></p>' for i in range(12))
    with pytest.raises(InputError):
        extract_html(page_html(f"<div>{links}</div>"))


def test_fifty_megabyte_page_is_refused_quickly():
    data = b"<html><body><p>" + b"a " * (25 * 1024 * 1024) + b"</p></body></html>"
    started = time.perf_counter()
    with pytest.raises(InputError, match="larger than"):
        extract_html(data, "https://x/big.html")
    assert time.perf_counter() - started < 1.0
    assert len(data) > MAX_PAGE_BYTES


def test_inline_base64_images_do_not_count():
    image = "data:image/jpeg;base64," + "A" * (MAX_PAGE_BYTES // 2)
    article = extract_html(
        page_html(f"<h1>Sơ kết phong trào thi đua năm 2021</h1><p><img src='{image}'></p>{PARAGRAPH}")
    )
    assert "Năm 2020, toàn xã có 95% hộ gia đình" in article.text


def test_document_stub_linking_to_a_pdf():
    body = "<div class='content'><h1>Kế hoạch số 12/KH-UBND</h1><p><a href='/files/KH-12.pdf'>Tải về</a></p></div>"
    with pytest.raises(InputError, match=r"document stub: .*KH-12\.pdf"):
        extract_html(page_html(body), "https://x.gov.vn/van-ban/12")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty page"),
        (b"\x89PNG\r\n\x1a\n....", "binary"),
        (b"%PDF-1.7", "binary"),
        (b"<html>", "no article text"),
    ],
)
def test_empty_and_binary(data, reason):
    with pytest.raises(InputError, match=reason):
        extract_html(data)


def test_deep_nesting():
    with pytest.raises(InputError):
        extract_html(b"<div>" * 50000 + b"x" * 10)


def test_short_text_is_kept_but_partial():
    article = extract_html(
        page_html("<h1>Thông báo</h1><p>Lịch tiếp công dân tháng 6 của Lãnh đạo UBND huyện đã được điều chỉnh.</p>")
    )
    assert article.partial
    assert article.text


TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='content'>",
        "</div>",
        "<h1>",
        "<br>",
        "<table><tr><td>",
        "<a href='x.pdf'>",
        "<meta charset='windows-1258'>",
        "<script>",
        "&nbsp;",
        "&acirc;",
        "\u0301",
        "Ngày đăng 08/10/2018 | 15:54",
        "Tin, ảnh: Thanh Bình",
        "<img src='a.jpg'>",
        "<!--",
        "<![if !vml]>",
        "<o:p>",
        "\ufeff",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_an_article_or_input_error(data):
    try:
        article = extract_html(data, "https://x/y.html")
    except InputError:
        return
    assert article.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(TAGS, st.text(max_size=40)), max_size=60))
def test_arbitrary_markup_gives_an_article_or_input_error(pieces):
    try:
        article = extract_html("".join(pieces).encode("utf-8", "surrogatepass"), "https://x/y.html")
    except InputError:
        return
    assert article.text.strip()
    assert article.text == normalize(article.text)
