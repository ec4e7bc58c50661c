"""A network of local portals on 127.0.0.1, one port per host, for the demo, the tests and the benchmark.

``corpora/site/`` describes the network: a province portal (Liferay look), two district portals
(NukeViet and WordPress looks) and a commune portal (VNPT look), with listings and pagination,
sitemaps (an index, a gzipped one), feeds, robots.txt, a Windows-1258 page, a redirect, an
article on two URLs and an article syndicated on two hosts. ``render_network`` turns it into
static routes; ``DemoServer`` serves any set of routes with conditional GET and gzip, logs
every request with its arrival time, and lets a test switch on misbehaviours per path (errors,
Retry-After, slow and stalled responses, redirect loops, wrong charsets, gzip bombs).

    python -m phongtrao.scraper.demo_server [--port 8101] [--sources-out FILE]

prints (or writes) a sources TOML for the running network and serves until interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import html
import threading
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from string import Template
from typing import Any

SITE_DIR = Path(__file__).resolve().parents[2] / "corpora" / "site"
PAGE_SIZE = 4


# --- resources and behaviours ----------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    """A static response: status, content type, body, and validators."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: str | None = None
    gzip: bool = False  # served gzip-encoded when the client accepts it

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Behaviour:
    """A test's misbehaviour for one path; ``times`` limits it to the first N requests (0: always)."""

    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    stall: bool = False
    redirect: str | None = None
    content_type: str | None = None
    body: bytes | None = None
    gzip_bomb: int = 0
    times: int = 0
    seen: int = 0


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    host: str  # the site's key ("tinh", "ductrong", …)
    path: str  # path and query
    at: float  # time.monotonic() on arrival
    headers: dict[str, str]


@dataclass
class Site:
    """One host of the network: its key, its name and its routes (path with query → Resource)."""

    key: str
    routes: dict[str, Resource] = field(default_factory=dict)
    port: int = 0
    info: dict[str, Any] = field(default_factory=dict)


# --- the server ------------------------------------------------------------------------

_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    307: "Temporary Redirect",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
NOT_FOUND = Resource(
    b"<html><body><h1>404</h1><p>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang.</p></body></html>", status=404
)


class DemoServer:
    """Serves ``sites`` on 127.0.0.1 (one port each) from a background thread."""

    def __init__(self, sites: dict[str, Site], *, host: str = "127.0.0.1") -> None:
        self.sites = sites
        self.host = host
        self.behaviours: dict[tuple[str, str], Behaviour] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.base_events.Server] = []
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None

    # --- what tests use ---

    def url(self, key: str, path: str = "/") -> str:
        return f"http://{self.host}:{self.sites[key].port}{path}"

    def netloc(self, key: str) -> str:
        return f"{self.host}:{self.sites[key].port}"

    def key_of_port(self, port: int) -> str:
        return next(key for key, site in self.sites.items() if site.port == port)

    def set_behaviour(self, key: str, path: str, behaviour: Behaviour) -> None:
        with self._lock:
            self.behaviours[(key, path)] = behaviour

    def clear(self) -> None:
        """Forget behaviours and the request log."""
        with self._lock:
            self.behaviours.clear()
            self.requests.clear()

    def log(self, key: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if key is None or r.host == key]

    def paths(self, key: str) -> list[str]:
        return [r.path for r in self.log(key)]

    # --- life cycle ---

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self._run, name="demo-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("demo server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        for site in self.sites.values():
            server = await asyncio.start_server(
                lambda r, w, key=site.key: self._connection(key, r, w), self.host, site.port, backlog=512
            )
            site.port = server.sockets[0].getsockname()[1]
            self._servers.append(server)
        self._ready.set()
        await self._stop.wait()
        for server in self._servers:
            server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def serve_forever(self) -> None:
        """Serve in the current event loop until cancelled (the command-line entry)."""
        await self._main()

    # --- HTTP ---

    async def _connection(self, key: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                parts = line.decode("latin-1").split()
                headers: dict[str, str] = {}
                while True:
                    raw = await reader.readline()
                    if raw in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = raw.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                if len(parts) < 2:
                    break
                method, target = parts[0], parts[1]
                with self._lock:
                    self.requests.append(Request(key, target, time.monotonic(), headers))
                keep = await self._respond(key, method, target, headers, writer)
                if not keep or headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _respond(
        self, key: str, method: str, target: str, headers: dict[str, str], writer: asyncio.StreamWriter
    ) -> bool:
        with self._lock:
            behaviour = self.behaviours.get((key, target))
            if behaviour is not None:
                behaviour.seen += 1
                if behaviour.times and behaviour.seen > behaviour.times:
                    behaviour = None
        resource = self.sites[key].routes.get(target, NOT_FOUND)
        if behaviour is not None:
            if behaviour.delay:
                await asyncio.sleep(behaviour.delay)
            if behaviour.redirect is not None:
                resource = Resource(b"", status=301, headers=(("Location", behaviour.redirect),))
            elif behaviour.gzip_bomb:
                return await self._bomb(writer, behaviour.gzip_bomb)
            elif behaviour.status is not None or behaviour.body is not None or behaviour.content_type:
                extra = (("Retry-After", behaviour.retry_after),) if behaviour.retry_after else ()
                resource = Resource(
                    behaviour.body if behaviour.body is not None else resource.body,
                    behaviour.content_type or resource.content_type,
                    behaviour.status or resource.status,
                    extra,
                )
            if behaviour.stall:
                await self._stall(writer, resource)
                return False
        return await self._send(writer, method, resource, headers)

    async def _send(
        self, writer: asyncio.StreamWriter, method: str, resource: Resource, request: dict[str, str]
    ) -> bool:
        status = resource.status
        head = [("Content-Type", resource.content_type), *resource.headers]
        body = resource.body
        if status == 200:
            head.append(("ETag", resource.etag))
            if resource.last_modified:
                head.append(("Last-Modified", resource.last_modified))
            if "if-none-match" in request:
                unchanged = request["if-none-match"] == resource.etag  # it wins over If-Modified-Since
            else:
                unchanged = bool(resource.last_modified) and request.get("if-modified-since") == resource.last_modified
            if unchanged:
                status, body = 304, b""
            elif resource.gzip and "gzip" in request.get("accept-encoding", ""):
                body = gzip.compress(body, mtime=0)
                head.append(("Content-Encoding", "gzip"))
        head.append(("Content-Length", str(len(body) if method != "HEAD" else 0)))
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"] + [f"{k}: {v}" for k, v in head]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body if method != "HEAD" else b""))
        await writer.drain()
        return True

    async def _stall(self, writer: asyncio.StreamWriter, resource: Resource) -> None:
        """Headers and half the body, then nothing: the client's timeout must end it."""
        length = max(len(resource.body), 2)
        writer.write(
            f"HTTP/1.1 200 OK\r\nContent-Type: {resource.content_type}\r\nContent-Length: {length}\r\n\r\n".encode()
            + resource.body[: length // 2]
        )
        await writer.drain()
        await asyncio.sleep(3600)

    async def _bomb(self, writer: asyncio.StreamWriter, size: int) -> bool:
        body = gzip.compress(b"<html><body>" + b"0" * size, compresslevel=9, mtime=0)
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        return True


# --- the portal network of corpora/site ------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One article file of corpora/site/articles/<site>/."""

    site: str
    slug: str
    id: int
    title: str
    date: str  # YYYY-MM-DD
    category: str
    author: str
    paragraphs: tuple[str, ...]
    charset: str = "utf-8"
    hidden: bool = False  # linked only from a hidden form field
    syndicated_from: str | None = None  # "site/slug" of the original
    source_line: str | None = None
    alias: bool = False  # also served under the platform's short URL


def read_article(path: Path, site: str) -> Article:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("+++", 2)
    meta = tomllib.loads(front)
    paragraphs = tuple(p.strip().replace("\n", " ") for p in body.strip().split("\n\n") if p.strip())
    return Article(
        site=site,
        slug=path.stem,
        id=int(meta["id"]),
        title=meta.get("title", ""),
        date=meta.get("date", ""),
        category=meta["category"],
        author=meta.get("author", ""),
        paragraphs=paragraphs,
        charset=meta.get("charset", "utf-8"),
        hidden=bool(meta.get("hidden", False)),
        syndicated_from=meta.get("syndicated_from"),
        source_line=meta.get("source_line"),
        alias=bool(meta.get("alias", False)),
    )


def load_articles(site_dir: Path = SITE_DIR) -> dict[str, list[Article]]:
    """Articles by site, newest first; a syndicated copy takes its title, date and text from the original."""
    found: dict[str, list[Article]] = {}
    for folder in sorted((site_dir / "articles").iterdir()):
        if folder.is_dir():
            found[folder.name] = [read_article(path, folder.name) for path in sorted(folder.glob("*.md"))]
    originals = {f"{a.site}/{a.slug}": a for items in found.values() for a in items}
    for site, items in found.items():
        resolved = []
        for item in items:
            if item.syndicated_from:
                original = originals[item.syndicated_from]
                paragraphs = original.paragraphs + ((item.source_line,) if item.source_line else ())
                item = Article(
                    site,
                    item.slug,
                    item.id,
                    original.title,
                    original.date,
                    item.category,
                    original.author,
                    paragraphs,
                    item.charset,
                    item.hidden,
                    item.syndicated_from,
                    item.source_line,
                    item.alias,
                )
            resolved.append(item)
        found[site] = sorted(resolved, key=lambda a: (a.date, a.id), reverse=True)
    return found


def _http_date(day: str) -> str:
    import datetime as dt

    when = dt.datetime.fromisoformat(day).replace(hour=8, tzinfo=dt.UTC)
    return format_datetime(when, usegmt=True)


def _dmy(day: str) -> str:
    return f"{day[8:10]}/{day[5:7]}/{day[0:4]}"


def cp1258_bytes(text: str) -> bytes:
    """Vietnamese text in Windows-1258: base letters with their hat/horn/breve, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    clusters: list[list[str]] = []  # [base with its hat/horn/breve, tone marks]
    for char in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(char):
            if char in tones:
                clusters[-1][1] += char
            else:
                clusters[-1][0] = unicodedata.normalize("NFC", clusters[-1][0] + char)
        else:
            clusters.append([char, ""])
    return "".join(base + marks for base, marks in clusters).encode("cp1258")


class Network:
    """corpora/site rendered into Sites: templates per platform, articles per site."""

    def __init__(self, site_dir: Path = SITE_DIR, *, crawl_delay: float | None = None) -> None:
        self.site_dir = site_dir
        self.config = tomllib.loads((site_dir / "network.toml").read_text(encoding="utf-8"))
        self.articles = load_articles(site_dir)
        self.crawl_delay = crawl_delay
        self.templates = {
            path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
            for path in sorted((site_dir / "templates").glob("*.toml"))
        }

    def sites(self, ports: dict[str, int] | None = None) -> dict[str, Site]:
        """Empty Sites with their ports; ``render`` fills the routes once the ports are known."""
        ports = ports or {}
        return {key: Site(key, port=ports.get(key, 0), info=info) for key, info in self.config["site"].items()}

    def render(self, sites: dict[str, Site], host: str = "127.0.0.1") -> None:
        origins = {key: f"http://{host}:{site.port}" for key, site in sites.items()}
        for key, site in sites.items():
            site.routes = self._routes(key, site.info, origins)

    # --- URLs ---

    def _tpl(self, key: str, name: str) -> Template:
        platform = self.config["site"][key]["platform"]
        return Template(self.templates[platform][name])

    def article_path(self, article: Article, short: bool = False) -> str:
        platform = self.templates[self.config["site"][article.site]["platform"]]
        name = ("short_url" if "short_url" in platform else "short_redirect") if short else "article_url"
        return Template(platform[name]).substitute(
            cat=article.category,
            slug=article.slug,
            id=article.id,
            yyyy=article.date[:4],
            mm=article.date[5:7],
            dd=article.date[8:10],
        )

    def listing_path(self, key: str, category: str, page: int) -> str:
        name = "listing_url" if page == 1 else "listing_page_url"
        return self._tpl(key, name).substitute(cat=category, n=page)

    # --- pages ---

    def _layout(self, key: str, info: dict[str, Any], origins: dict[str, str], title: str, content: str) -> str:
        nav = "".join(
            self._tpl(key, "nav_item").substitute(href=html.escape(self.listing_path(key, slug, 1)), label=label)
            for slug, label in info["categories"].items()
        )
        links = "".join(
            f'<li><a href="{origins[other]}{self.config["site"][other].get("home", "/")}">'
            f"{html.escape(self.config['site'][other]['name'])}</a></li>"
            for other in self.config["site"]
            if other != key
        )
        return self._tpl(key, "layout").substitute(
            title=html.escape(title),
            site=html.escape(info["name"]),
            home=info.get("home", "/"),
            nav=nav,
            content=content,
            links=links,
            charset="$charset",
        )

    def _article_html(self, key: str, info: dict[str, Any], origins: dict[str, str], article: Article) -> str:
        body = "".join(f"<p>{html.escape(p)}</p>\n" for p in article.paragraphs)
        related = [
            a
            for a in self.articles.get(key, [])
            if a.category == article.category and a.id != article.id and not a.hidden
        ][:3]
        items = "".join(
            f'<li><a href="{html.escape(self.article_path(a))}">{html.escape(a.title)}</a></li>' for a in related
        )
        content = self._tpl(key, "article").substitute(
            title=html.escape(article.title),
            date=_dmy(article.date),
            author=html.escape(article.author),
            body=body,
            related=items,
            category=html.escape(info["categories"][article.category]),
        )
        return self._layout(key, info, origins, article.title, content)

    def _listing_html(
        self,
        key: str,
        info: dict[str, Any],
        origins: dict[str, str],
        category: str,
        page: int,
        pages: int,
        items: list[Article],
        hidden: list[Article],
    ) -> str:
        entries = "".join(
            self._tpl(key, "item").substitute(
                href=html.escape(self.article_path(a)),
                title=html.escape(a.title),
                date=_dmy(a.date),
                summary=html.escape(_summary(a.paragraphs[0])),
            )
            for a in items
        )
        pager = ""
        if pages > 1:
            links = []
            for n in range(1, pages + 1):
                href = html.escape(self.listing_path(key, category, n))
                name = "pager_current" if n == page else "pager_link"
                links.append(self._tpl(key, name).substitute(href=href, n=n))
            if page < pages:
                links.append(
                    self._tpl(key, "pager_next").substitute(
                        href=html.escape(self.listing_path(key, category, page + 1))
                    )
                )
            pager = self._tpl(key, "pager").substitute(links="".join(links))
        fields = "".join(
            f'<input type="hidden" name="_86_redirect" value="{html.escape(self.article_path(a))}"/>' for a in hidden
        )
        content = self._tpl(key, "listing").substitute(
            category=html.escape(info["categories"][category]), items=entries, pager=pager, hidden=fields
        )
        return self._layout(key, info, origins, info["categories"][category], content)

    def _home_html(self, key: str, info: dict[str, Any], origins: dict[str, str]) -> str:
        visible = [a for a in self.articles.get(key, []) if not a.hidden]
        entries = "".join(
            self._tpl(key, "item").substitute(
                href=html.escape(self.article_path(a, short=a.alias)),
                title=html.escape(a.title),
                date=_dmy(a.date),
                summary=html.escape(_summary(a.paragraphs[0])),
            )
            for a in visible[:5]
        )
        pages = "".join(
            f'<li><a href="{html.escape(path)}">{html.escape(label)}</a></li>'
            for path, label in info.get("pages", {}).items()
        )
        content = self._tpl(key, "home").substitute(items=entries, pages=pages)
        return self._layout(key, info, origins, info["name"], content)

    def _routes(self, key: str, info: dict[str, Any], origins: dict[str, str]) -> dict[str, Resource]:
        origin = origins[key]
        use_gzip = bool(info.get("gzip", False))
        routes: dict[str, Resource] = {}

        def page(path: str, markup: str, *, charset: str = "utf-8", modified: str | None = None) -> None:
            markup = markup.replace("$charset", charset)
            body = cp1258_bytes(markup) if charset == "windows-1258" else markup.encode("utf-8")
            routes[path] = Resource(body, f"text/html; charset={charset}", last_modified=modified, gzip=use_gzip)

        articles = self.articles.get(key, [])
        for article in articles:
            markup = self._article_html(key, info, origins, article)
            page(self.article_path(article), markup, charset=article.charset, modified=_http_date(article.date))
            if article.alias and "short_url" in self.templates[info["platform"]]:
                page(self.article_path(article, short=True), markup, modified=_http_date(article.date))
        for category in info["categories"]:
            items = [a for a in articles if a.category == category and not a.hidden]
            hidden = [a for a in articles if a.category == category and a.hidden]
            pages = max(1, -(-len(items) // PAGE_SIZE))
            for n in range(1, pages + 1):
                chunk = items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
                markup = self._listing_html(key, info, origins, category, n, pages, chunk, hidden if n == 1 else [])
                page(self.listing_path(key, category, n), markup)
        page(info.get("home", "/"), self._home_html(key, info, origins))
        for path, label in info.get("pages", {}).items():
            text = info.get("page_text", {}).get(path, label)
            page(path, self._layout(key, info, origins, label, f"<h1>{html.escape(label)}</h1><div>{text}</div>"))
        for source, target in info.get("redirects", {}).items():
            routes[source] = Resource(b"", status=301, headers=(("Location", origin + target),))
        for article in articles:
            if "short_redirect" in self.templates[info["platform"]]:
                short = Template(self.templates[info["platform"]]["short_redirect"]).substitute(id=article.id)
                routes[short] = Resource(b"", status=301, headers=(("Location", origin + self.article_path(article)),))
        listed = [a for a in articles if not a.hidden]
        self._robots(key, info, origin, routes)
        self._sitemaps(key, info, origin, routes, listed)
        self._feeds(key, info, origin, routes, listed)
        return routes

    def _robots(self, key: str, info: dict[str, Any], origin: str, routes: dict[str, Resource]) -> None:
        robots = info.get("robots")
        if robots is None:
            return
        lines = []
        for line in robots.splitlines():
            if line.lower().startswith("crawl-delay:") and self.crawl_delay is not None:
                line = f"Crawl-delay: {self.crawl_delay:g}"
            lines.append(line.replace("$origin", origin))
        routes["/robots.txt"] = Resource(("\n".join(lines) + "\n").encode(), "text/plain; charset=utf-8")

    def _sitemaps(
        self, key: str, info: dict[str, Any], origin: str, routes: dict[str, Resource], articles: list[Article]
    ) -> None:
        sitemap = info.get("sitemap")
        if not sitemap:
            return
        urls = "".join(
            f"<url><loc>{origin}{html.escape(self.article_path(a))}</loc><lastmod>{a.date}</lastmod></url>"
            for a in articles
        )
        urls += "".join(
            f"<url><loc>{origin}{html.escape(self.listing_path(key, cat, 1))}</loc></url>" for cat in info["categories"]
        )
        urlset = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>\n"
        ).encode()
        if sitemap["kind"] == "index":
            index = "".join(f"<sitemap><loc>{origin}{part}</loc></sitemap>" for part in sitemap["parts"])
            routes[sitemap["path"]] = Resource(
                (
                    '<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>\n'
                ).encode(),
                "application/xml",
            )
            routes[sitemap["parts"][0]] = Resource(urlset, "application/xml")
            for part in sitemap["parts"][1:]:
                empty = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
                routes[part] = Resource(empty.encode(), "application/xml")
        elif sitemap["kind"] == "gzip":
            routes[sitemap["path"]] = Resource(gzip.compress(urlset, mtime=0), "application/x-gzip")
        else:
            routes[sitemap["path"]] = Resource(urlset, "application/xml")

    def _feeds(
        self, key: str, info: dict[str, Any], origin: str, routes: dict[str, Resource], articles: list[Article]
    ) -> None:
        feed = info.get("feed")
        if not feed:
            return
        recent = articles[: feed.get("items", 5)]
        if feed["kind"] == "atom":
            entries = "".join(
                f"<entry><title>{html.escape(a.title)}</title>"
                f'<link rel="alternate" href="{origin}{html.escape(self.article_path(a))}"/>'
                f"<id>{origin}{html.escape(self.article_path(a))}</id><updated>{a.date}T08:00:00Z</updated></entry>"
                for a in recent
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>{html.escape(info['name'])}</title><id>{origin}/</id>"
                f"<updated>{recent[0].date}T08:00:00Z</updated>{entries}</feed>\n"
            )
            routes[feed["path"]] = Resource(body.encode(), "application/atom+xml; charset=utf-8")
        else:
            items = "".join(
                f"<item><title>{html.escape(a.title)}</title><link>{origin}{html.escape(self.article_path(a))}</link>"
                f"<pubDate>{_http_date(a.date)}</pubDate></item>"
                for a in recent
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                f"<title>{html.escape(info['name'])}</title><link>{origin}/</link>{items}</channel></rss>\n"
            )
            routes[feed["path"]] = Resource(body.encode(), "application/rss+xml; charset=utf-8")

    # --- the sources file for this network ---

    def sources_toml(
        self,
        sites: dict[str, Site],
        host: str = "127.0.0.1",
        *,
        delay: float = 1.0,
        include: tuple[str, ...] | None = None,
    ) -> str:
        """A sources file covering the network (private addresses allowed: it is on loopback)."""
        out = ['contact = "mailto:demo@phongtrao.invalid"', ""]
        for key, site in sites.items():
            info = site.info
            if (include is not None and key not in include) or info.get("outside"):
                continue
            origin = f"http://{host}:{site.port}"
            platform = self.templates[info["platform"]]
            out += [
                "[[source]]",
                f"name = {_quote(info['name'])}",
                f"unit = {_quote(info['unit'])}",
                f"start = [{_quote(origin + info.get('start', info.get('home', '/')))}]",
                f"sitemaps = [{_quote(origin + info['sitemap']['path'])}]"
                if info.get("sitemap") and info.get("sitemap_in_sources", True)
                else "sitemaps = []",
                f"feeds = [{_quote(origin + info['feed']['path'])}]" if info.get("feed") else "feeds = []",
                f"hosts = [{_quote(f'{host}:{site.port}')}]",
                f"delay = {delay!r}",
                "allow_private = true",
                f"article_patterns = [{_quote(platform['article_pattern'])}]",
                f"listing_patterns = [{_quote(platform['listing_pattern'])}]",
                "",
            ]
        return "\n".join(out)


def _summary(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def start_network(
    *, site_dir: Path = SITE_DIR, ports: dict[str, int] | None = None, crawl_delay: float | None = None
) -> tuple[DemoServer, Network]:
    """Bind the network's ports, render its pages for them, and serve: the tests' one-liner."""
    network = Network(site_dir, crawl_delay=crawl_delay)
    sites = network.sites(ports)
    server = DemoServer(sites).start()
    network.render(sites)
    return server, network


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the demo portal network on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8101, help="first port; the sites take the next ones (0: any)")
    parser.add_argument("--delay", type=float, default=0.2, help="per-host delay written in the sources file")
    parser.add_argument(
        "--crawl-delay",
        type=float,
        default=0.5,
        help="Crawl-delay written in robots.txt where it has one (default 0.5)",
    )
    parser.add_argument("--sources-out", default=None, help="write the sources TOML here instead of stdout")
    args = parser.parse_args(argv)
    network = Network(crawl_delay=args.crawl_delay)
    keys = list(network.config["site"])
    ports = {key: (args.port + i if args.port else 0) for i, key in enumerate(keys)}
    sites = network.sites(ports)
    server = DemoServer(sites).start()
    network.render(sites)
    text = network.sources_toml(sites, delay=args.delay)
    if args.sources_out:
        target = Path(args.sources_out)
        partial = target.with_name(target.name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)  # whoever waits for the file never reads half of it
        print(
            f"demo network on 127.0.0.1 ports {', '.join(str(s.port) for s in sites.values())};"
            f" sources in {args.sources_out}",
            flush=True,
        )
    else:
        print(text, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
