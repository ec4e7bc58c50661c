"""The crawler against the demo portal network served on 127.0.0.1 (one port per host).

Every test asserts what the server saw (which paths, how far apart per host) and what landed in
the crawl tables, not just what the crawler says about itself.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter
from itertools import pairwise

import pytest

from phongtrao.extract.normalize import normalize
from phongtrao.scraper.crawler import crawl
from phongtrao.scraper.demo_server import Behaviour
from phongtrao.scraper.discover import page_text
from phongtrao.scraper.state import CrawlState
from tests.portal_server import CRAWL_DELAY, DELAY, network_server, sources_for

ROBOTS_DISALLOWED = {
    "tinh": {"/c/portal/login", "/web/portal/so-do-trang"},
    "ductrong": {"/tim-kiem/?q=thi%20dua", "/admin/"},
    "hiepthanh": {"/quan-tri/dang-nhap"},
}


@pytest.fixture(scope="module")
def portal():
    server, network = network_server()
    yield server, network
    server.stop()


@pytest.fixture
def net(portal):
    server, network = portal
    server.clear()
    return server, network


def run(sources, db, **kwargs):
    pages = []
    stats = crawl(sources, db, on_page=pages.append, **kwargs)
    return stats, pages


def rows(db, query, *params):
    with sqlite3.connect(db) as connection:
        return connection.execute(query, params).fetchall()


def expected_paths(server, network, key):
    """Every route of a site a crawler can reach: all of them but WordPress short links nobody links to."""
    linked_short = {f"/?p={a.id}" for a in network.articles.get(key, []) if a.alias}
    return {p for p in server.sites[key].routes if not p.startswith("/?p=") or p in linked_short}


# --- one full crawl of the network -----------------------------------------------------


@pytest.fixture(scope="module")
def full_crawl(portal, tmp_path_factory):
    server, network = portal
    server.clear()
    db = tmp_path_factory.mktemp("full") / "crawl.db"
    sources = sources_for(server, network)
    stats, pages = run(sources, db)
    return server, network, db, stats, pages, server.log()


def test_full_crawl_fetches_every_reachable_page_exactly_once(full_crawl):
    server, network, _, stats, _, log = full_crawl
    assert stats.stopped_by == "done"
    for key in ("tinh", "ductrong", "lamha", "hiepthanh"):
        paths = [r.path for r in log if r.host == key]
        assert set(paths) == expected_paths(server, network, key), key
        assert [p for p, n in Counter(paths).items() if n > 1] == [], key
    assert [r for r in log if r.host == "ngoai"] == []  # linked from every site, never allowed


def test_full_crawl_records_every_request_in_the_crawl_tables(full_crawl):
    _, _, db, _, _, log = full_crawl
    assert rows(db, "SELECT count(*) FROM crawl_fetches")[0][0] == len(log)
    states = dict(rows(db, "SELECT state, count(*) FROM crawl_urls GROUP BY state"))
    assert set(states) == {"done", "skipped"}
    assert rows(db, "SELECT count(*) FROM crawl_fetches WHERE status IS NULL OR bytes = 0 AND status = 200") == [(0,)]


def test_robots_disallowed_paths_are_never_requested(full_crawl):
    server, _, db, _, _, log = full_crawl
    for key, paths in ROBOTS_DISALLOWED.items():
        assert not paths & {r.path for r in log if r.host == key}
        for path in paths:
            assert rows(db, "SELECT state, error FROM crawl_urls WHERE url = ?", server.url(key, path)) == [
                ("skipped", "disallowed by robots.txt")
            ]


def test_requests_to_one_host_are_spaced_by_the_delay_or_crawl_delay(full_crawl):
    _, _, _, _, _, log = full_crawl
    for key, minimum in (("tinh", DELAY), ("lamha", DELAY), ("hiepthanh", DELAY), ("ductrong", CRAWL_DELAY)):
        times = [r.at for r in log if r.host == key]
        gaps = [b - a for a, b in pairwise(times)]
        assert len(gaps) > 8
        assert min(gaps) >= minimum, (key, min(gaps))


def test_pagination_sitemaps_and_feeds_are_followed(full_crawl):
    server, _, db, _, _, _ = full_crawl
    found_on = dict(rows(db, "SELECT url, found_on FROM crawl_urls"))
    # Liferay _cur=2, NukeViet /trang-2.html, WordPress /page/2/, VNPT ?page=2 ("Trang 2")
    for key, path in (
        ("tinh", "/web/portal/tin-tuc?_101_INSTANCE_x9Kq_cur=2&p_p_id=101_INSTANCE_x9Kq"),
        ("ductrong", "/tin-tuc/phong-trao-thi-dua/trang-2.html"),
        ("lamha", "/chuyen-muc/phong-trao/page/2/"),
        ("hiepthanh", "/tin-tuc/hoat-dong?page=2"),
    ):
        assert rows(db, "SELECT class, hint FROM crawl_urls WHERE url = ?", server.url(key, path)) == [
            ("listing", "listing")
        ]
    # the sitemap index's parts, the gzipped sitemap named only in robots.txt, the feeds
    assert found_on[server.url("tinh", "/sitemap-tin-tuc.xml")] == server.url("tinh", "/sitemap.xml")
    assert found_on[server.url("lamha", "/wp-sitemap-posts-post-1.xml")] == server.url("lamha", "/wp-sitemap.xml")
    assert rows(db, "SELECT class FROM crawl_pages WHERE url = ?", server.url("ductrong", "/sitemap.xml.gz")) == [
        ("sitemap",)
    ]
    from_feeds = rows(db, "SELECT count(*) FROM crawl_urls WHERE found_on LIKE '%rss' OR found_on LIKE '%/feed/'")
    assert from_feeds[0][0] >= 10


def test_article_only_in_a_hidden_form_field_is_found(full_crawl):
    server, network, db, _, _, _ = full_crawl
    hidden = next(a for a in network.articles["tinh"] if a.hidden)
    url = server.url("tinh", network.article_path(hidden))
    assert rows(db, "SELECT state, class, found_on FROM crawl_urls WHERE url = ?", url) == [
        ("done", "article", server.url("tinh", "/web/portal/thi-dua-khen-thuong"))
    ]


def test_every_page_is_classed(full_crawl):
    server, network, db, _, _, _ = full_crawl
    classes = dict(rows(db, "SELECT url, class FROM crawl_pages"))
    for key in ("tinh", "ductrong", "lamha", "hiepthanh"):
        for article in network.articles[key]:
            assert classes[server.url(key, network.article_path(article))] == "article"
    assert classes[server.url("ductrong", "/gioi-thieu.html")] == "other"
    assert classes[server.url("tinh", "/web/portal/tin-tuc")] == "listing"


def test_redirects_of_the_network_are_followed(full_crawl):
    server, _, db, _, _, _ = full_crawl
    home = server.url("tinh", "/web/portal/trang-chu")
    assert rows(db, "SELECT status FROM crawl_urls WHERE url = ?", server.url("tinh", "/")) == [(301,)]
    assert rows(db, "SELECT state, status FROM crawl_urls WHERE url = ?", home) == [("done", 200)]
    short = server.url("lamha", "/?p=313")
    assert rows(db, "SELECT status, state FROM crawl_urls WHERE url = ?", short) == [(301, "done")]


def test_same_article_on_two_urls_and_syndicated_copy_are_linked_and_handed_over_once(full_crawl):
    server, network, db, stats, pages, _ = full_crawl
    duplicates = dict(rows(db, "SELECT url, duplicate_of FROM crawl_pages WHERE duplicate_of IS NOT NULL"))
    alias = next(a for a in network.articles["ductrong"] if a.alias)
    pair = {
        server.url("ductrong", network.article_path(alias)),
        server.url("ductrong", network.article_path(alias, True)),
    }
    copy = next(a for a in network.articles["ductrong"] if a.syndicated_from)
    original = next(a for a in network.articles["tinh"] if copy.syndicated_from.endswith(a.slug))
    syndicated = {
        server.url("ductrong", network.article_path(copy)),
        server.url("tinh", network.article_path(original)),
    }
    assert len(duplicates) == 2
    assert {u for item in duplicates.items() for u in item} == pair | syndicated
    assert stats.duplicates == 2
    handed = [p.url for p in pages]
    assert len(handed) == len(set(handed))
    articles = sum(len(items) for key, items in network.articles.items())
    assert len(handed) == articles + 1 - 2  # + the alias URL, - the two copies
    assert not set(duplicates) & set(handed)


def test_windows_1258_page_arrives_as_vietnamese(full_crawl):
    server, network, _, _, pages, _ = full_crawl
    legacy = next(a for a in network.articles["hiepthanh"] if a.charset == "windows-1258")
    page = next(p for p in pages if p.url == server.url("hiepthanh", network.article_path(legacy)))
    assert "windows-1258" in page.header("content-type")
    text = normalize(page_text(page))
    assert normalize(legacy.title) in text
    assert "Ya Tiếp" not in text and "Nguyễn Văn Hòa" in text


def test_stored_pages_round_trip(full_crawl):
    _, _, db, _, pages, _ = full_crawl
    state = CrawlState(db)
    try:
        stored = {p.url: p for p in state.pages()}
    finally:
        state.close()
    assert set(stored) == {p.url for p in pages}
    for page in pages:
        assert stored[page.url].body == page.body
        assert stored[page.url].header("etag") == page.header("etag")


# --- incremental runs ------------------------------------------------------------------


def test_second_run_revisits_listings_with_conditional_get_and_no_article(portal, tmp_path):
    server, network = portal
    server.clear()
    db = tmp_path / "crawl.db"
    sources = sources_for(server, network, include=("lamha", "hiepthanh"))
    run(sources, db)
    server.clear()
    stats, pages = run(sources, db)  # at once: nothing is due
    assert server.log() == [] and pages == [] and stats.pages == 0
    later = time.time() + 13 * 3600  # listings and seeds are due again after 12 hours
    stats, pages = run(sources, db, clock=lambda: time.time() + 13 * 3600)
    assert later  # the clock is the crawler's, given to it
    log = server.log()
    article_re = re.compile(r"^/\d{4}/|-ct\d+\.html$")
    assert [r.path for r in log if article_re.search(r.path)] == []
    assert {r.path for r in log if r.host == "hiepthanh"} == {"/", "/tin-tuc/hoat-dong", "/tin-tuc/hoat-dong?page=2"}
    assert all("if-none-match" in r.headers for r in log if r.path != "/robots.txt")
    assert stats.unchanged == len(log) and pages == []


def test_changed_article_is_fetched_again_when_its_sitemap_date_moves(portal, tmp_path):
    server, network = portal
    server.clear()
    db = tmp_path / "crawl.db"
    sources = sources_for(server, network, include=("tinh",))
    run(sources, db)
    article = next(a for a in network.articles["tinh"] if a.slug.startswith("tap-huan"))
    path = network.article_path(article)
    routes = server.sites["tinh"].routes
    saved = dict(routes)
    try:
        old = routes[path]
        routes[path] = type(old)(
            old.body.replace("150 học viên".encode(), "170 học viên".encode()),
            old.content_type,
            last_modified=old.last_modified,
        )
        sitemap = routes["/sitemap-tin-tuc.xml"]
        routes["/sitemap-tin-tuc.xml"] = type(sitemap)(
            sitemap.body.replace(
                f"{path}</loc><lastmod>{article.date}".encode(), f"{path}</loc><lastmod>2022-05-02".encode()
            ),
            sitemap.content_type,
        )
        server.clear()
        _, pages = run(sources, db, clock=lambda: time.time() + 13 * 3600)
    finally:
        routes.clear()
        routes.update(saved)
    fetched_articles = [r.path for r in server.log() if "/view_content/" in r.path]
    assert fetched_articles == [path]
    assert [p.url for p in pages] == [server.url("tinh", path)]
    assert "170 học viên" in page_text(pages[0])


# --- misbehaving servers ---------------------------------------------------------------

ITEM = "/tin-tuc/hoat-dong/{}.html"


def commune_path(network, number):
    return next(network.article_path(a) for a in network.articles["hiepthanh"] if a.id == number)


def test_404_500_and_503_with_retry_after(net, tmp_path):
    server, network = net
    p503, p500, p404 = (commune_path(network, n) for n in (44, 45, 46))
    server.set_behaviour("hiepthanh", p503, Behaviour(status=503, retry_after="1", times=1))
    server.set_behaviour("hiepthanh", p500, Behaviour(status=500))
    server.set_behaviour("hiepthanh", p404, Behaviour(status=404))
    db = tmp_path / "crawl.db"
    sources = sources_for(server, network, include=("hiepthanh",), limits={"retries": 2, "backoff": 0.1})
    _, pages = run(sources, db)
    paths = Counter(server.paths("hiepthanh"))
    assert (paths[p503], paths[p500], paths[p404]) == (2, 3, 1)
    times = [r.at for r in server.log("hiepthanh") if r.path == p503]
    assert times[1] - times[0] >= 1.0  # Retry-After: 1
    state = dict(((u.rsplit("/", 1)[1]), (s, e)) for u, s, e in rows(db, "SELECT url, state, error FROM crawl_urls"))
    assert state[p503.rsplit("/", 1)[1]] == ("done", None)
    assert state[p500.rsplit("/", 1)[1]] == ("failed", "HTTP 500 (gave up after 3 tries)")
    assert state[p404.rsplit("/", 1)[1]] == ("failed", "HTTP 404")
    outcomes = rows(db, "SELECT status FROM crawl_fetches WHERE url = ? ORDER BY id", server.url("hiepthanh", p500))
    assert outcomes == [(500,), (500,), (500,)]
    assert server.url("hiepthanh", p503) in {p.url for p in pages}
    gaps = [b.at - a.at for a, b in pairwise(server.log("hiepthanh"))]
    assert min(gaps) >= DELAY


def test_slow_response_is_waited_for_and_stalled_one_times_out(net, tmp_path):
    server, network = net
    slow, stalled = commune_path(network, 42), commune_path(network, 43)
    server.set_behaviour("hiepthanh", slow, Behaviour(delay=0.6))
    server.set_behaviour("hiepthanh", stalled, Behaviour(stall=True))
    db = tmp_path / "crawl.db"
    sources = sources_for(
        server, network, include=("hiepthanh",), limits={"timeout": 1.0, "retries": 1, "backoff": 0.1}
    )
    started = time.monotonic()
    _, pages = run(sources, db)
    assert time.monotonic() - started < 10
    assert server.url("hiepthanh", slow) in {p.url for p in pages}
    assert Counter(server.paths("hiepthanh"))[stalled] == 2
    [(state, error)] = rows(db, "SELECT state, error FROM crawl_urls WHERE url = ?", server.url("hiepthanh", stalled))
    assert state == "failed" and error.startswith("timeout after 1 s (stalled response)")


def test_redirect_loop_off_site_redirect_and_too_many_redirects(net, tmp_path):
    server, network = net
    server.set_behaviour("hiepthanh", "/loop-a", Behaviour(redirect="/loop-b"))
    server.set_behaviour("hiepthanh", "/loop-b", Behaviour(redirect=server.url("hiepthanh", "/loop-a")))
    server.set_behaviour("hiepthanh", "/off-site", Behaviour(redirect=server.url("ngoai", "/")))
    for n in range(5):
        server.set_behaviour("hiepthanh", f"/chain-{n}", Behaviour(redirect=f"/chain-{n + 1}"))
    db = tmp_path / "crawl.db"
    sources = sources_for(
        server,
        network,
        include=("hiepthanh",),
        extra_start={"hiepthanh": ["/loop-a", "/off-site", "/chain-0"]},
        limits={"max_redirects": 2},
    )
    run(sources, db)
    paths = Counter(server.paths("hiepthanh"))
    assert paths["/loop-a"] == 1 and paths["/loop-b"] == 1
    assert [paths[f"/chain-{n}"] for n in range(5)] == [1, 1, 1, 0, 0]
    assert server.log("ngoai") == []
    errors = dict(
        (u.rsplit("/", 1)[1], e) for u, e in rows(db, "SELECT url, error FROM crawl_urls WHERE error IS NOT NULL")
    )
    assert errors["loop-b"].startswith("redirect loop")
    assert errors["off-site"] == f"redirect to {server.netloc('ngoai')}, not an allowed host"
    assert errors["chain-2"] == "more than 2 redirects"
    chain = rows(db, "SELECT url, origin, hops FROM crawl_urls WHERE url LIKE '%/chain-%' ORDER BY url")
    origin = server.url("hiepthanh", "/chain-0")
    assert [(u.rsplit("/", 1)[1], o, h) for u, o, h in chain] == [
        ("chain-0", None, 0),
        ("chain-1", origin, 1),
        ("chain-2", origin, 2),
    ]


def test_wrong_charset_headers_do_not_garble_the_text(net, tmp_path):
    server, network = net
    utf8 = commune_path(network, 42)
    legacy = commune_path(network, 41)
    # UTF-8 bytes announced as ISO-8859-1; Windows-1258 bytes announced as UTF-8
    server.set_behaviour("hiepthanh", utf8, Behaviour(content_type="text/html; charset=iso-8859-1"))
    server.set_behaviour("hiepthanh", legacy, Behaviour(content_type="text/html; charset=utf-8"))
    db = tmp_path / "crawl.db"
    _, pages = run(sources_for(server, network, include=("hiepthanh",)), db)
    by_url = {p.url: p for p in pages}
    for number, path in ((42, utf8), (41, legacy)):
        article = next(a for a in network.articles["hiepthanh"] if a.id == number)
        text = normalize(page_text(by_url[server.url("hiepthanh", path)]))
        assert normalize(article.title) in text
        assert normalize(article.paragraphs[1][:60]) in text


def test_same_article_with_tracking_parameters_is_fetched_once(net, tmp_path):
    server, network = net
    path = commune_path(network, 43)
    db = tmp_path / "crawl.db"
    variants = [path + "?utm_source=zalo&utm_medium=social#binh-luan", path + "?fbclid=IwAR0x"]
    run(sources_for(server, network, include=("hiepthanh",), extra_start={"hiepthanh": variants}), db)
    assert Counter(server.paths("hiepthanh"))[path] == 1
    assert not [p for p in server.paths("hiepthanh") if "utm_" in p or "fbclid" in p]


def test_gzip_bomb_and_oversized_response_are_cut_off(net, tmp_path):
    server, network = net
    bomb, big = commune_path(network, 44), commune_path(network, 45)
    server.set_behaviour("hiepthanh", bomb, Behaviour(gzip_bomb=60_000_000))
    server.set_behaviour("hiepthanh", big, Behaviour(body=b"<html>" + b"x" * 300_000 + b"</html>"))
    db = tmp_path / "crawl.db"
    limits = {"max_bytes": 200_000, "max_decoded_bytes": 1_000_000}
    run(sources_for(server, network, include=("hiepthanh",), limits=limits), db)
    errors = dict(rows(db, "SELECT url, error FROM crawl_urls WHERE state = 'failed'"))
    assert errors == {
        server.url("hiepthanh", bomb): "decoded body over 1000000 bytes",
        server.url("hiepthanh", big): "response over 200000 bytes (Content-Length 300013)",
    }
    assert rows(db, "SELECT count(*) FROM crawl_pages WHERE url IN (?, ?)", *errors) == [(0,)]


def test_private_addresses_are_refused_unless_allowed(net, tmp_path):
    server, network = net
    db = tmp_path / "crawl.db"
    _, pages = run(sources_for(server, network, include=("hiepthanh",), allow_private=False), db)
    assert server.log() == [] and pages == []
    [(state, error)] = rows(db, "SELECT DISTINCT state, error FROM crawl_urls")
    assert state == "skipped" and error.startswith("refused: 127.0.0.1:") and "private address" in error


def test_a_host_that_keeps_failing_is_parked(net, tmp_path):
    server, network = net
    for route in server.sites["hiepthanh"].routes:
        if route != "/robots.txt":
            server.set_behaviour("hiepthanh", route, Behaviour(status=503))
    db = tmp_path / "crawl.db"
    limits = {"retries": 5, "backoff": 0.05, "park_after": 3, "park_minutes": 10.0}
    stats, _ = run(sources_for(server, network, include=("hiepthanh",), limits=limits), db)
    assert [r.path for r in server.log("hiepthanh")] == ["/robots.txt", "/", "/", "/"]
    assert "hiepthanh" not in stats.parked and server.netloc("hiepthanh") in stats.parked
    [(until,)] = rows(db, "SELECT parked_until FROM crawl_hosts WHERE host = ?", server.netloc("hiepthanh"))
    assert until > time.time() + 500
    server.clear()
    run(sources_for(server, network, include=("hiepthanh",), limits=limits), db)
    assert server.log() == []  # still parked


def test_max_pages_then_resume_fetches_the_rest_and_nothing_twice(net, tmp_path):
    server, network = net
    db = tmp_path / "crawl.db"
    sources = sources_for(server, network, include=("hiepthanh", "lamha"))
    first, _ = run(sources, db, max_pages=7)
    assert first.stopped_by == "max-pages" and first.pages == 7
    assert len([r for r in server.log() if r.path != "/robots.txt"]) == 7
    second, _ = run(sources, db)
    assert second.stopped_by == "done"
    paths = [(r.host, r.path) for r in server.log()]
    assert [p for p, n in Counter(paths).items() if n > 1] == []
    for key in ("hiepthanh", "lamha"):
        assert {p for h, p in paths if h == key} == expected_paths(server, network, key)


def test_max_time_stops_the_run(net, tmp_path):
    server, network = net
    db = tmp_path / "crawl.db"
    started = time.monotonic()
    stats, _ = run(sources_for(server, network, delay=0.3), db, max_time=1.0)
    assert stats.stopped_by == "max-time"
    assert time.monotonic() - started < 3
    assert rows(db, "SELECT count(*) FROM crawl_urls WHERE state = 'queued'")[0][0] > 0
