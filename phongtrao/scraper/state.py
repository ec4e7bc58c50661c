"""Crawl state in SQLite: the frontier, every fetch, the raw pages, robots.txt and parked hosts.

The crawler owns the ``crawl_*`` tables of the store's SQLite file. Each fetched page is one
transaction (its fetch row, its page, its frontier state and the links it gave), committed
before anything else sees the page, so a kill -9 at any moment loses nothing already fetched
and fetches nothing already committed again. WAL mode lets the store's own connection write
between two pages.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from phongtrao.models import Page

SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'page',          -- what to fetch it as: page | sitemap | feed
    hint TEXT,                                  -- what a link said it is: article | listing
    seed INTEGER NOT NULL DEFAULT 0,            -- a start URL, sitemap or feed of its source
    state TEXT NOT NULL DEFAULT 'queued',       -- queued | done | failed | skipped
    priority INTEGER NOT NULL DEFAULT 3,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before REAL NOT NULL DEFAULT 0,         -- a retry waits until then
    next_visit REAL,                            -- done/failed URLs are queued again from then on
    origin TEXT,                                -- the first URL of a redirect chain
    hops INTEGER NOT NULL DEFAULT 0,            -- redirects followed to reach this URL
    found_on TEXT,                              -- the page (or sitemap, feed) that linked to it
    lastmod TEXT,                               -- the sitemap's or feed's date for it
    status INTEGER,                             -- the last HTTP status
    error TEXT,                                 -- why it failed or was skipped
    class TEXT,                                 -- article | listing | other, once fetched
    etag TEXT,
    last_modified TEXT,
    fetched_at REAL
);
CREATE INDEX IF NOT EXISTS crawl_urls_queue ON crawl_urls (host, state, priority, id);
CREATE INDEX IF NOT EXISTS crawl_urls_visit ON crawl_urls (state, next_visit);
CREATE TABLE IF NOT EXISTS crawl_fetches (
    id INTEGER PRIMARY KEY,
    run INTEGER,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    status INTEGER,                             -- null when no response came
    bytes INTEGER NOT NULL DEFAULT 0,           -- on the wire
    seconds REAL NOT NULL DEFAULT 0,
    error TEXT,
    fetched_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_fetches_url ON crawl_fetches (url);
CREATE TABLE IF NOT EXISTS crawl_pages (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,                      -- JSON list of [name, value]
    body BLOB NOT NULL,                         -- zlib-compressed, after Content-Encoding
    content_hash TEXT NOT NULL,                 -- sha256 of the body
    text_hash TEXT,                             -- of the page's main text: the same text on two sites
    class TEXT,
    duplicate_of TEXT,                          -- the first page with the same text
    fetched_at REAL NOT NULL,
    processed INTEGER NOT NULL DEFAULT 0,       -- the page hook has run on this version
    process_error TEXT
);
CREATE INDEX IF NOT EXISTS crawl_pages_text ON crawl_pages (text_hash);
CREATE TABLE IF NOT EXISTS crawl_hosts (
    host TEXT PRIMARY KEY,
    robots_status INTEGER,
    robots_body TEXT,
    robots_fetched_at REAL,
    failures INTEGER NOT NULL DEFAULT 0,        -- consecutive
    parked_until REAL,
    park_reason TEXT
);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    finished_at REAL,
    pages INTEGER NOT NULL DEFAULT 0,
    stopped_by TEXT
);
"""

PRIORITY = {"robots": 0, "sitemap": 0, "feed": 0, "seed": 1, "listing": 2, None: 3, "article": 4}
TRANSIENT_PREFIXES = ("HTTP 408", "HTTP 429", "HTTP 5", "timeout", "connection")


@dataclass(frozen=True)
class QueuedUrl:
    """A frontier row the crawler is about to fetch."""

    id: int
    url: str
    host: str
    source: str
    kind: str
    hint: str | None
    seed: bool
    attempts: int
    origin: str | None
    hops: int
    etag: str | None
    last_modified: str | None
    had_page: bool


@dataclass(frozen=True)
class Link:
    """A URL found on a page, sitemap or feed, with what the finder knows about it."""

    url: str
    host: str
    source: str
    kind: str = "page"
    hint: str | None = None
    lastmod: str | None = None
    origin: str | None = None
    hops: int = 0


@dataclass(frozen=True)
class Outcome:
    """What one fetch of a frontier URL came to, ready to be committed in one transaction."""

    status: int | None
    wire_bytes: int
    seconds: float
    error: str | None = None
    state: str = "done"
    retry_at: float | None = None
    next_visit: float | None = None
    page_class: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class CrawlState:
    """The crawl tables of one SQLite file, behind small methods that each commit once."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def _transaction(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    # --- runs --------------------------------------------------------------------------

    def start_run(self, now: float) -> int:
        cursor = self.db.execute("INSERT INTO crawl_runs (started_at) VALUES (?)", (now,))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run: int, now: float, pages: int, stopped_by: str) -> None:
        self.db.execute(
            "UPDATE crawl_runs SET finished_at = ?, pages = ?, stopped_by = ? WHERE id = ?",
            (now, pages, stopped_by, run),
        )

    # --- frontier ----------------------------------------------------------------------

    def add_links(self, links: Iterable[Link], found_on: str | None, *, seed: bool = False) -> set[str]:
        """Insert new URLs (in the caller's transaction); a newer sitemap date queues a fetched URL again.

        Returns the hosts that got queued work.
        """
        hosts: set[str] = set()
        for link in links:
            priority = (
                PRIORITY["seed"]
                if seed and link.kind == "page"
                else PRIORITY.get(link.kind if link.kind != "page" else link.hint, 3)
            )
            cursor = self.db.execute(
                "INSERT INTO crawl_urls"
                " (url, host, source, kind, hint, seed, priority, origin, hops, found_on, lastmod)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET"
                "  seed = max(seed, excluded.seed),"
                "  state = CASE WHEN state = 'done' AND crawl_urls.lastmod IS NOT NULL"
                "   AND excluded.lastmod > crawl_urls.lastmod THEN 'queued' ELSE state END,"
                "  lastmod = CASE WHEN excluded.lastmod IS NOT NULL"
                "   AND (crawl_urls.lastmod IS NULL OR excluded.lastmod > crawl_urls.lastmod)"
                "   THEN excluded.lastmod ELSE crawl_urls.lastmod END"
                " RETURNING state",
                (
                    link.url,
                    link.host,
                    link.source,
                    link.kind,
                    link.hint,
                    int(seed),
                    priority,
                    link.origin,
                    link.hops,
                    found_on,
                    link.lastmod,
                ),
            )
            row = cursor.fetchone()
            if row and row[0] == "queued":
                hosts.add(link.host)
        return hosts

    def seed(self, links: Iterable[Link]) -> set[str]:
        with self._transaction():
            return self.add_links(links, None, seed=True)

    def revisit(self, now: float) -> int:
        """Queue again what is due: listings, seeds, sitemaps and feeds, and transient failures."""
        cursor = self.db.execute(
            "UPDATE crawl_urls SET state = 'queued', attempts = 0, not_before = 0"
            " WHERE state IN ('done', 'failed') AND next_visit IS NOT NULL AND next_visit <= ?",
            (now,),
        )
        return cursor.rowcount

    def hosts_with_work(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT host FROM crawl_urls WHERE state = 'queued' ORDER BY host")
        return [row[0] for row in rows]

    def next_batch(self, host: str, now: float, limit: int = 64) -> list[QueuedUrl]:
        """Due URLs of one host, most useful first (robots-level resources, seeds, listings, articles)."""
        rows = self.db.execute(
            "SELECT u.id, u.url, u.host, u.source, u.kind, u.hint, u.seed, u.attempts, u.origin, u.hops,"
            " u.etag, u.last_modified, p.url IS NOT NULL"
            " FROM crawl_urls u LEFT JOIN crawl_pages p ON p.url = u.url"
            " WHERE u.host = ? AND u.state = 'queued' AND u.not_before <= ?"
            " ORDER BY u.priority, u.id LIMIT ?",
            (host, now, limit),
        )
        return [
            QueuedUrl(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8], r[9], r[10], r[11], bool(r[12]))
            for r in rows
        ]

    def next_due(self, host: str) -> float | None:
        row = self.db.execute(
            "SELECT min(not_before) FROM crawl_urls WHERE host = ? AND state = 'queued'", (host,)
        ).fetchone()
        return row[0] if row and row[0] is not None else None

    def skip_host(self, host: str, reason: str) -> int:
        """Mark every queued URL of a host skipped (a refused address): no request is made."""
        cursor = self.db.execute(
            "UPDATE crawl_urls SET state = 'skipped', error = ? WHERE host = ? AND state = 'queued'", (reason, host)
        )
        return cursor.rowcount

    def skip(self, url_id: int, reason: str, status: int | None = None) -> None:
        self.db.execute(
            "UPDATE crawl_urls SET state = 'skipped', error = ?, status = coalesce(?, status) WHERE id = ?",
            (reason, status, url_id),
        )

    def queued_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM crawl_urls WHERE state = 'queued'").fetchone()[0])

    # --- outcomes ----------------------------------------------------------------------

    def record(
        self,
        run: int,
        item: QueuedUrl,
        outcome: Outcome,
        now: float,
        *,
        page: Page | None = None,
        text_hash: str | None = None,
        links: Iterable[Link] = (),
    ) -> tuple[set[str], bool]:
        """Commit one fetch: its fetch row, its frontier state, its page and the links it gave.

        Returns the hosts that got new work, and whether the page is new or changed (so the page
        hook must see it).
        """
        changed = False
        with self._transaction():
            self.db.execute(
                "INSERT INTO crawl_fetches (run, url, host, status, bytes, seconds, error, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (run, item.url, item.host, outcome.status, outcome.wire_bytes, outcome.seconds, outcome.error, now),
            )
            self.db.execute(
                "UPDATE crawl_urls SET state = ?, attempts = attempts + ?, not_before = ?, next_visit = ?,"
                " status = coalesce(?, status), error = ?, class = coalesce(?, class),"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), fetched_at = ?"
                " WHERE id = ?",
                (
                    outcome.state,
                    1 if outcome.retry_at is not None else 0,
                    outcome.retry_at or 0,
                    outcome.next_visit,
                    outcome.status,
                    outcome.error,
                    outcome.page_class,
                    outcome.etag,
                    outcome.last_modified,
                    now,
                    item.id,
                ),
            )
            if page is not None:
                changed = self._store_page(page, outcome.page_class, text_hash, now)
            hosts = self.add_links(links, item.url)
        return hosts, changed

    def _store_page(self, page: Page, page_class: str | None, text_hash: str | None, now: float) -> bool:
        digest = content_hash(page.body)
        row = self.db.execute("SELECT content_hash FROM crawl_pages WHERE url = ?", (page.url,)).fetchone()
        if row and row[0] == digest:
            self.db.execute("UPDATE crawl_pages SET fetched_at = ? WHERE url = ?", (now, page.url))
            return False
        duplicate_of = None
        if text_hash:
            first = self.db.execute(
                "SELECT url FROM crawl_pages WHERE text_hash = ? AND url != ? AND duplicate_of IS NULL LIMIT 1",
                (text_hash, page.url),
            ).fetchone()
            duplicate_of = first[0] if first else None
        self.db.execute(
            "INSERT OR REPLACE INTO crawl_pages (url, final_url, status, headers, body, content_hash, text_hash,"
            " class, duplicate_of, fetched_at, processed, process_error)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)",
            (
                page.url,
                page.final_url,
                page.status,
                json.dumps([list(h) for h in page.headers], ensure_ascii=False),
                zlib.compress(page.body, 6),
                digest,
                text_hash,
                page_class,
                duplicate_of,
                now,
            ),
        )
        return True

    # --- pages and the page hook -------------------------------------------------------

    def duplicate_of(self, url: str) -> str | None:
        row = self.db.execute("SELECT duplicate_of FROM crawl_pages WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def mark_processed(self, url: str, error: str | None = None) -> None:
        self.db.execute("UPDATE crawl_pages SET processed = 1, process_error = ? WHERE url = ?", (error, url))

    def pages(self, *, unprocessed_only: bool = False, page_class: str | None = "article") -> Iterator[Page]:
        """Stored pages (not syndicated copies) as Page records, oldest first."""
        query = "SELECT url FROM crawl_pages WHERE duplicate_of IS NULL"
        params: list[object] = []
        if page_class:
            query += " AND class = ?"
            params.append(page_class)
        if unprocessed_only:
            query += " AND processed = 0"
        urls = [row[0] for row in self.db.execute(query + " ORDER BY fetched_at, url", params)]
        for url in urls:
            page = self.page(url)
            if page is not None:
                yield page

    def page(self, url: str) -> Page | None:
        row = self.db.execute(
            "SELECT url, status, headers, body, fetched_at, final_url FROM crawl_pages WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        headers = tuple((str(k), str(v)) for k, v in json.loads(row[2]))
        return Page(row[0], row[1], headers, zlib.decompress(row[3]), iso_time(row[4]), row[5])

    # --- hosts -------------------------------------------------------------------------

    def robots(self, host: str) -> tuple[int | None, str | None, float | None]:
        row = self.db.execute(
            "SELECT robots_status, robots_body, robots_fetched_at FROM crawl_hosts WHERE host = ?", (host,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else (None, None, None)

    def save_robots(
        self, run: int, host: str, url: str, status: int | None, body: str | None, outcome: Outcome, now: float
    ) -> None:
        with self._transaction():
            self.db.execute(
                "INSERT INTO crawl_fetches (run, url, host, status, bytes, seconds, error, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (run, url, host, outcome.status, outcome.wire_bytes, outcome.seconds, outcome.error, now),
            )
            self.db.execute(
                "INSERT INTO crawl_hosts (host, robots_status, robots_body, robots_fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(host) DO UPDATE SET robots_status = excluded.robots_status,"
                " robots_body = excluded.robots_body, robots_fetched_at = excluded.robots_fetched_at",
                (host, status, body, now),
            )

    def log_fetch(self, run: int, url: str, host: str, outcome: Outcome, now: float) -> None:
        self.db.execute(
            "INSERT INTO crawl_fetches (run, url, host, status, bytes, seconds, error, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run, url, host, outcome.status, outcome.wire_bytes, outcome.seconds, outcome.error, now),
        )

    def host_failed(self, host: str) -> int:
        self.db.execute(
            "INSERT INTO crawl_hosts (host, failures) VALUES (?, 1)"
            " ON CONFLICT(host) DO UPDATE SET failures = failures + 1",
            (host,),
        )
        return int(self.db.execute("SELECT failures FROM crawl_hosts WHERE host = ?", (host,)).fetchone()[0])

    def host_succeeded(self, host: str) -> None:
        self.db.execute("UPDATE crawl_hosts SET failures = 0 WHERE host = ? AND failures != 0", (host,))

    def park(self, host: str, until: float, reason: str) -> None:
        self.db.execute(
            "INSERT INTO crawl_hosts (host, parked_until, park_reason) VALUES (?, ?, ?)"
            " ON CONFLICT(host) DO UPDATE SET parked_until = excluded.parked_until, park_reason = excluded.park_reason,"
            " failures = 0",
            (host, until, reason),
        )

    def parked_hosts(self, now: float) -> dict[str, tuple[float, str]]:
        rows = self.db.execute("SELECT host, parked_until, park_reason FROM crawl_hosts WHERE parked_until > ?", (now,))
        return {row[0]: (row[1], row[2]) for row in rows}

    # --- what a test or a report reads -------------------------------------------------

    def snapshot(self) -> dict[str, tuple[int, str, str | None]]:
        """Every stored page: url → (status, content hash, class); what a resumed crawl must reproduce."""
        rows = self.db.execute("SELECT url, status, content_hash, class FROM crawl_pages ORDER BY url")
        return {row[0]: (row[1], row[2], row[3]) for row in rows}


def iso_time(seconds: float) -> str:
    """Epoch seconds → ISO 8601 UTC, as ``Page.fetched_at`` carries it."""
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def is_transient(error: str | None) -> bool:
    return bool(error) and error.startswith(TRANSIENT_PREFIXES)  # type: ignore[union-attr]
