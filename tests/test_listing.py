"""Listing pages: article or listing, the article links with listed dates, pagination, form-only links."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from phongtrao.extract.html import parse_page
from phongtrao.extract.listing import ListedLink, classify_page, hidden_links, listing_links, next_pages
from phongtrao.models import Page

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "corpora" / "pages"
HN = ROOT.parent / "shared" / "real" / "portal-hn"
needs_shared = pytest.mark.skipif(not HN.is_dir(), reason="../shared/real/portal-hn is absent")
BASE = "https://sotttt.hanoi.gov.vn/"


def hn(name: str) -> bytes:
    return (HN / name).read_bytes()


def file_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


# MANIFEST §B: items per listing page.
HN_LISTINGS = [
    ("chien-luoc-quy-hoach.html", 10),
    ("luatthudo.html", 20),
    ("luatthudo1377.html", 20),
    ("luatthudo511b.html", 1),
    ("phong-chong-dich-benh-covid-19.html", 20),
    ("phong-chong-dich-benh-covid-19574c.html", 20),
    ("phong-chong-dich-benh-covid-1917b6.html", 6),
    ("cong-khai-ngan-sach.html", 10),
    ("cong-khai-ngan-sache517.html", 10),
    ("cong-khai-ngan-sach3046.html", 2),
    ("pctn.html", 20),
    ("pctn1377.html", 20),
    ("pctn511b.html", 9),
    ("pho-sach-ha-noi.html", 19),
    ("cong-nghe-thong-tin.html", 10),
    ("cong-nghe-thong-tin01ad.html", 10),
]


@needs_shared
@pytest.mark.parametrize(("name", "count"), HN_LISTINGS)
def test_hanoi_listings(name, count):
    parsed = parse_page(hn(name), BASE + name)
    assert classify_page(parsed) == "listing"
    links = listing_links(parsed)
    assert len(links) == count
    assert all("/-/view_content/" in link.url for link in links)
    assert all(link.title and len(link.title.split()) >= 3 for link in links)


@needs_shared
def test_hanoi_listing_dates_and_titles():
    links = listing_links(hn("luatthudo.html"), BASE + "luatthudo.html")
    first = links[0]
    assert first.listed == "2016-03-23"  # "Ngày đăng 23/03/2016 | 03:48 PM | View count: 1549"
    assert first.title.startswith('"Tìm kiếm giải pháp, sáng kiến')
    assert first.url.startswith(BASE + "luatthudo/-/view_content/929169-")
    english = listing_links(hn("phong-chong-dich-benh-covid-19574c.html"), BASE + "x.html")
    assert english[0].listed == "2020-09-09"  # "Publish date 09/09/2020 | 05:07 PM"
    assert all(link.listed for link in english)


@needs_shared
def test_hanoi_home_page_is_a_listing_with_dated_links():
    links = listing_links(hn("index.html"), BASE + "index.html")
    assert classify_page(hn("index.html"), BASE + "index.html") == "listing"
    assert len(links) == 42
    dated = {link.url.split("view_content/")[1][:7]: link.listed for link in links if link.listed}
    assert dated["4430301"] == "2022-08-24"  # "(24/08/2022)" inside the link
    assert not any("(24/08/2022)" in (link.title or "") for link in links)


@needs_shared
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("chien-luoc-quy-hoach84a0.html", "article"),
        ("gioi-thieu.html", "other"),
        ("chuc-nang-nhiem-vu.html", "other"),
        ("lanh-ao-so.html", "other"),
        ("index.html", "listing"),
    ],
)
def test_hanoi_page_kinds(name, kind):
    assert classify_page(hn(name), BASE + name) == kind


@needs_shared
@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("luatthudo.html", {"luatthudo1377.html", "luatthudo511b.html"}),
        ("luatthudo511b.html", {"luatthudo1377.html"}),
        (
            "phong-chong-dich-benh-covid-19.html",
            {"phong-chong-dich-benh-covid-19574c.html", "phong-chong-dich-benh-covid-1917b6.html"},
        ),
        ("pctn.html", {"pctn1377.html", "pctn511b.html"}),
        ("cong-khai-ngan-sach.html", {"cong-khai-ngan-sache517.html", "cong-khai-ngan-sach3046.html"}),
    ],
)
def test_hanoi_pagination(name, pages):
    found = next_pages(hn(name), BASE + name)
    assert pages <= {file_name(url) for url in found}
    assert not any("/-/view_content/" in url for url in found)


@needs_shared
def test_cur_2_pagination_link():
    found = next_pages(hn("luatthudo.html"), BASE + "luatthudo.html")
    second = [url for url in found if "_101_cur=2" in url]
    assert second and file_name(second[0]) == "luatthudo511b.html"


@needs_shared
def test_article_reachable_only_through_a_hidden_form_value():
    found = hidden_links(hn("chien-luoc-quy-hoach.html"), BASE + "chien-luoc-quy-hoach.html")
    assert "chien-luoc-quy-hoach84a0.html" in {file_name(url) for url in found}
    links = {
        file_name(link.url)
        for link in listing_links(hn("chien-luoc-quy-hoach.html"), BASE + "chien-luoc-quy-hoach.html")
    }
    assert "chien-luoc-quy-hoach84a0.html" not in links  # its <a> points at the dead view_content URL


# --- listings written for each platform --------------------------------------------------


def test_easywebhub_category_page():
    url = "https://daksong.daknong.gov.vn/tin-tuc-su-kien/tin-chinh-tri-xa-hoi/page/3/"
    data = (PAGES / "easywebhub" / "tin-chinh-tri-xa-hoi-page-3.html").read_bytes()
    links = listing_links(data, url)
    assert classify_page(data, url) == "listing"
    assert len(links) == 13
    assert all(link.listed for link in links)
    assert links[0] == ListedLink(
        "https://daksong.daknong.gov.vn/tin-tuc-su-kien/tin-chinh-tri-xa-hoi/le-phat-dong-thi-dua-cao-diem-xa-thuan-ha",
        "Lễ phát động thi đua cao điểm chào mừng Đại hội Đảng bộ xã Thuận Hà",
        "2020-08-18",
    )
    assert {file_name(u) or u.rstrip("/").rsplit("/", 1)[-1] for u in next_pages(data, url)} == {"2", "4"}


@pytest.mark.parametrize(
    ("path", "url", "count", "following"),
    [
        (
            "nukeviet/listing-tin-dia-phuong.html",
            "https://tamnong.dongthap.gov.vn/news/tin-tuc/",
            8,
            "/news/tin-tuc/page-2/",
        ),
        (
            "wordpress/category-tin-tuc.html",
            "https://phuong5.soctrang.gov.vn/category/tin-tuc/",
            6,
            "/category/tin-tuc/page/2/",
        ),
    ],
)
def test_platform_listings(path, url, count, following):
    data = (PAGES / path).read_bytes()
    assert classify_page(data, url) == "listing"
    links = listing_links(data, url)
    assert len(links) == count
    assert all(link.listed for link in links)
    assert any(urlsplit(u).path == following for u in next_pages(data, url))


@pytest.mark.parametrize(
    "name",
    [
        "vnpt/vnpt-1",
        "viettel/viettel-2",
        "liferay/liferay-1",
        "sharepoint/sharepoint-1",
        "webcenter/webcenter-2",
        "nukeviet/nukeviet-1",
        "joomla/joomla-1",
        "wordpress/wordpress-1",
        "generic/generic-1",
        "generic/generic-3",
    ],
)
def test_articles_with_related_news_are_articles(name):
    assert classify_page((PAGES / f"{name}.html").read_bytes(), f"https://x.gov.vn/{name}") == "article"


def test_page_input_forms():
    data = (PAGES / "wordpress" / "category-tin-tuc.html").read_bytes()
    page = Page("https://phuong5.soctrang.gov.vn/category/tin-tuc/", 200, (), data, "2024-01-01T00:00:00Z")
    assert len(listing_links(page)) == 6
    assert classify_page(data.decode("utf-8"), page.url) == "listing"


def test_a_page_without_links_is_other():
    assert classify_page("<html><body><p>Trang đang được xây dựng.</p></body></html>".encode()) == "other"
    assert listing_links(b"<html><body><p>x</p></body></html>") == []
