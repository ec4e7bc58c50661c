"""Pure parts of the scraper: URL keys, link harvesting, sitemaps and feeds, decoding, limits."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib

import pytest
from defusedxml import EntitiesForbidden

from phongtrao.models import Page
from phongtrao.scraper.demo_server import cp1258_bytes
from phongtrao.scraper.discover import (
    classify,
    decode_html,
    html_links,
    parse_feed,
    parse_html,
    parse_sitemap,
    text_fingerprint,
)
from phongtrao.scraper.fetch import BoundedDecoder, TooLarge, private_address, retry_after_seconds, user_agent
from phongtrao.scraper.politeness import HostSlot
from phongtrao.scraper.urls import host_key, is_pagination_text, is_pagination_url, normalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://DakSong.DakNong.gov.vn:80/tin-tuc/#top", "http://daksong.daknong.gov.vn/tin-tuc/"),
        ("https://x.gov.vn", "https://x.gov.vn/"),
        ("https://x.gov.vn:443/a/./b/../c.html", "https://x.gov.vn/a/c.html"),
        ("http://x.vn/tin?utm_source=zalo&page=2&fbclid=Iw&zarsrc=30", "http://x.vn/tin?page=2"),
        ("http://x.vn/a?b=2&a=1", "http://x.vn/a?a=1&b=2"),
        ("http://x.vn/tin tức/Đức Trọng.html", "http://x.vn/tin%20t%E1%BB%A9c/%C4%90%E1%BB%A9c%20Tr%E1%BB%8Dng.html"),
        ("http://x.vn/tin%20t%e1%bb%a9c", "http://x.vn/tin%20t%E1%BB%A9c"),
        ("http://x.vn/a;jsessionid=1?PHPSESSID=abc&id=5", "http://x.vn/a;jsessionid=1?id=5"),
        (
            "http://127.0.0.1:8101/web/portal/tin?p_p_id=101_INSTANCE_ab&_101_INSTANCE_ab_cur=2",
            "http://127.0.0.1:8101/web/portal/tin?_101_INSTANCE_ab_cur=2&p_p_id=101_INSTANCE_ab",
        ),
        ("javascript:void(0)", None),
        ("mailto:ubnd@lamdong.gov.vn", None),
        ("ftp://x.vn/file", None),
        ("#binh-luan", None),
        ("http://[::1", None),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("link", "base", "expected"),
    [
        ("../trang-2.html", "http://x.vn/tin-tuc/phong-trao/trang-1.html", "http://x.vn/tin-tuc/trang-2.html"),
        ("?page=3", "http://x.vn/tin-tuc/hoat-dong?page=2", "http://x.vn/tin-tuc/hoat-dong?page=3"),
        ("//y.vn/a", "https://x.vn/", "https://y.vn/a"),
        ("  /a.html  ", "http://x.vn/b/", "http://x.vn/a.html"),
    ],
)
def test_normalize_url_resolves_links(link, base, expected):
    assert normalize_url(link, base) == expected


@pytest.mark.parametrize(
    ("url", "key"),
    [("http://X.vn:80/", "x.vn"), ("https://x.vn:443/", "x.vn"), ("http://127.0.0.1:8101/a", "127.0.0.1:8101")],
)
def test_host_key(url, key):
    assert host_key(url) == key


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.vn/tin-tuc/hoat-dong?page=2", True),
        ("http://x.vn/web/portal/tin?_101_INSTANCE_x9Kq_cur=2&p_p_id=101", True),
        ("http://x.vn/tin-tuc/phong-trao/trang-2.html", True),
        ("http://x.vn/news/phong-trao/page-3/", True),
        ("http://x.vn/chuyen-muc/phong-trao/page/2/", True),
        ("http://x.vn/?paged=4", True),
        ("http://x.vn/?p=313", False),  # a WordPress short link, not a page number
        ("http://x.vn/tin-tuc/phong-trao/hoi-thi-2106.html", False),
        ("http://x.vn/trang-chu", False),
    ],
)
def test_is_pagination_url(url, expected):
    assert is_pagination_url(url) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trang 2", True),
        ("2", True),
        ("Sau »", False),
        ("Sau", True),
        ("Tiếp", True),
        ("»", True),
        ("Trang sau", True),
        ("Tin tức", False),
        ("Trang chủ", False),
    ],
)
def test_is_pagination_text(text, expected):
    assert is_pagination_text(text) is expected


def test_html_links_harvest_anchors_rel_next_and_hidden_html_inputs():
    markup = """<html><head><base href="http://x.vn/tin-tuc/"><link rel="next" href="?page=2"></head><body>
    <a href="bai-1.html">Bài 1</a> <a href="/tai-lieu/kh-40.pdf">Kế hoạch</a> <a href="javascript:;">In</a>
    <a href="http://x.vn/tin-tuc/?page=3">Trang 3</a>
    <form><input type="hidden" name="_86_redirect" value="/web/portal/-/view_content/1304-a.html?x=1"/>
    <input type="text" value="hello"/></form></body></html>"""
    links = {link.url: link.pagination for link in html_links(parse_html(markup), "http://x.vn/khac/")}
    assert links == {
        "http://x.vn/tin-tuc/?page=2": True,
        "http://x.vn/tin-tuc/bai-1.html": False,
        "http://x.vn/tin-tuc/?page=3": True,
        "http://x.vn/web/portal/-/view_content/1304-a.html?x=1": False,
    }


def test_sitemap_index_urlset_and_gzip():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>http://x.vn/sitemap-1.xml.gz</loc><lastmod>2022-05-02T08:00:00+07:00</lastmod></sitemap>
    </sitemapindex>"""
    [entry] = parse_sitemap(index, "http://x.vn/sitemap.xml")
    assert (entry.url, entry.lastmod, entry.is_sitemap) == ("http://x.vn/sitemap-1.xml.gz", "2022-05-02T08:00:00", True)
    urlset = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> /tin-tuc/a.html </loc><lastmod>2021-07-09</lastmod></url><url><loc>http://x.vn/b.html</loc></url>
    </urlset>"""
    entries = parse_sitemap(gzip.decompress(gzip.compress(urlset)), "http://x.vn/sitemap-1.xml")
    assert [(e.url, e.lastmod, e.is_sitemap) for e in entries] == [
        ("http://x.vn/tin-tuc/a.html", "2021-07-09", False),
        ("http://x.vn/b.html", None, False),
    ]


def test_sitemap_with_entities_is_refused():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
    <urlset><url><loc>http://x.vn/&lol2;</loc></url></urlset>"""
    with pytest.raises(EntitiesForbidden):
        parse_sitemap(bomb, "http://x.vn/sitemap.xml")


def test_rss_and_atom_feeds():
    rss = b"""<rss version="2.0"><channel><item><title>A</title><link>http://x.vn/a.html</link>
      <pubDate>Fri, 09 Jul 2021 08:00:00 GMT</pubDate></item><item><guid>http://x.vn/b.html</guid></item></channel></rss>"""
    assert [(e.url, e.lastmod) for e in parse_feed(rss, "http://x.vn/rss")] == [
        ("http://x.vn/a.html", "2021-07-09T08:00:00"),
        ("http://x.vn/b.html", None),
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/c.html"/>
      <link rel="edit" href="/edit/c"/><updated>2022-01-10T08:00:00Z</updated></entry></feed>"""
    assert [(e.url, e.lastmod) for e in parse_feed(atom, "http://x.vn/feed")] == [
        ("http://x.vn/c.html", "2022-01-10T08:00:00")
    ]


TEXT = "Sáng ngày 21/12/2021, Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” xã Hiệp Thạnh"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (f"<html><body><p>{TEXT}</p></body></html>".encode(), "text/html; charset=utf-8"),
        (f"<html><body><p>{TEXT}</p></body></html>".encode(), "text/html; charset=iso-8859-1"),  # a lie
        (b"\xef\xbb\xbf" + f"<html><body><p>{TEXT}</p></body></html>".encode(), "text/html; charset=utf-8"),
        (cp1258_bytes(f'<html><head><meta charset="windows-1258"></head><body><p>{TEXT}</p>'), "text/html"),
        (cp1258_bytes(f"<html><body><p>{TEXT}</p>"), "text/html; charset=windows-1258"),
        (cp1258_bytes(f'<meta charset="windows-1258"><p>{TEXT}</p>'), "text/html; charset=utf-8"),  # a lie
    ],
)
def test_decode_html_recovers_vietnamese_whatever_the_header_says(body, content_type):
    from phongtrao.extract.normalize import normalize

    assert normalize(TEXT) in normalize(decode_html(body, content_type))


def test_text_fingerprint_ignores_tone_placement_nfd_and_case():
    paragraphs = [TEXT + " tổ chức hội nghị tổng kết phong trào năm 2021 với sự tham gia của các thôn."]
    import unicodedata

    variants = [
        [paragraphs[0].replace("hóa", "hoá")],
        [unicodedata.normalize("NFD", paragraphs[0])],
        [paragraphs[0].upper()],
    ]
    assert all(text_fingerprint(v) == text_fingerprint(paragraphs) for v in variants)
    assert text_fingerprint([paragraphs[0].replace("2021", "2022")]) != text_fingerprint(paragraphs)
    assert text_fingerprint(["quá ngắn"]) is None


def test_classify_uses_source_patterns_first_then_shape():
    import re

    article_res = (re.compile(r"-ct\d+\.html$"),)
    assert classify("http://x.vn/a-ct12.html", [], 0, article_res=article_res) == "article"
    assert classify("http://x.vn/tin?page=2", [], 2000) == "listing"
    assert classify("http://x.vn/a.html", [], 900) == "article"
    assert classify("http://x.vn/gioi-thieu", [], 50) == "other"


def test_bounded_decoder_stops_gzip_bombs_and_passes_honest_bodies():
    bomb = gzip.compress(b"0" * 5_000_000)
    decoder = BoundedDecoder("gzip", 1_000_000)
    with pytest.raises(TooLarge):
        for start in range(0, len(bomb), 4096):
            decoder.feed(bomb[start : start + 4096])
    assert decoder.size <= 1_000_001
    honest = "Toàn dân đoàn kết".encode() * 1000
    assert BoundedDecoder("gzip", 10**6).feed(gzip.compress(honest)) == honest
    assert BoundedDecoder("deflate", 10**6).feed(zlib.compress(honest)) == honest
    raw = zlib.compressobj(wbits=-15)
    assert BoundedDecoder("deflate", 10**6).feed(raw.compress(honest) + raw.flush()) == honest
    with pytest.raises(ValueError):
        BoundedDecoder("br", 10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), (" 5 ", 5.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0), ("soon", None), (None, None)],
)
def test_retry_after(value, expected):
    now = 1445412420.0  # 2015-10-21 07:27:00 UTC
    assert retry_after_seconds(value, now) == expected


def test_user_agent_names_the_tool_and_a_contact():
    agent = user_agent("mailto:ban-tuyen-giao@example.vn")
    assert agent.startswith("phongtrao/") and "mailto:ban-tuyen-giao@example.vn" in agent


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1:8101", True),
        ("10.1.2.3", True),
        ("192.168.1.10:8080", True),
        ("169.254.1.1", True),
        ("[::1]:80", True),
        ("0.0.0.0", True),
        ("203.113.131.1", False),
        ("localhost:9", True),
    ],
)
def test_private_addresses(host, private):
    assert (asyncio.run(private_address(host)) is not None) is private


def test_host_slot_spaces_turns_from_the_end_of_the_last_request():
    async def main():
        slot = HostSlot("x", 0.1)
        ends, starts = [], []
        for _ in range(3):
            async with slot.turn():
                starts.append(time.monotonic())
                await asyncio.sleep(0.02)
                ends.append(time.monotonic())
        slot.set_delay(0.3)
        async with slot.turn():
            starts.append(time.monotonic())
        return starts, ends

    starts, ends = asyncio.run(main())
    assert all(s - e >= 0.1 for e, s in zip(ends[:2], starts[1:3], strict=True))
    assert starts[3] - ends[2] >= 0.3


def test_page_header_lookup_is_case_blind():
    page = Page("http://x.vn/", 200, (("Content-Type", "text/html"),), b"", "2022-01-01T00:00:00Z")
    assert page.header("content-type") == "text/html"
