"""The crawler's archive: every fetched page, raw, so extraction can be re-run without the network.

The crawler needs four things and gets exactly these:

- ``store_page(store, page, source=...)`` archives a fetch that brought a body (the bytes are
  kept zlib-compressed, as they arrived), replacing an earlier fetch of the same URL;
- ``record_fetch(store, url, status=..., fetched_at=..., error=...)`` notes a fetch that brought
  no new body (304 Not Modified, a network error, a refusal) and keeps the archived body;
- ``page_validators(store, url)`` gives the ETag and Last-Modified for a conditional request;
- ``iter_pages(store, ...)`` walks the archive (in id order, a batch at a time) for ``process``.

Times are the caller's (``Page.fetched_at``, ISO 8601 UTC); the store never reads the clock.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from phongtrao.models import Page
from phongtrao.store.db import Store, StoreError, reading, write
from phongtrao.store.write import ensure_source

_BATCH = 200


@dataclass(frozen=True)
class StoredPage:
    """An archived page with its row id (link articles to it) and its source's name."""

    id: int
    source: str | None
    page: Page
    error: str | None = None


def _page_values(page: Page) -> dict[str, object]:
    return {
        "url": page.url,
        "status": page.status,
        "headers": json.dumps([list(pair) for pair in page.headers], ensure_ascii=False),
        "body": zlib.compress(page.body, 6),
        "body_size": len(page.body),
        "body_sha256": hashlib.sha256(page.body).hexdigest(),
        "final_url": page.final_url,
        "etag": page.header("etag"),
        "last_modified": page.header("last-modified"),
        "fetched_at": page.fetched_at,
        "error": None,
    }


def store_page(store: Store, page: Page, *, source: str | None = None) -> int:
    """Archive a fetched page (one row per URL, the latest fetch wins); returns the page id."""

    def work() -> int:
        values = _page_values(page)
        values["source_id"] = ensure_source(store, source) if source else None
        columns = list(values)
        updates = ", ".join(
            f"{c} = coalesce(excluded.{c}, {c})" if c == "source_id" else f"{c} = excluded.{c}"
            for c in columns
            if c != "url"
        )
        store.conn.execute(
            f"INSERT INTO pages ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT (url) DO UPDATE SET {updates}",
            tuple(values.values()),
        )
        return store.conn.execute("SELECT id FROM pages WHERE url = ?", (page.url,)).fetchone()[0]

    return write(store, work)


def record_fetch(
    store: Store,
    url: str,
    *,
    status: int | None,
    fetched_at: str,
    error: str | None = None,
    source: str | None = None,
) -> int:
    """Note a fetch without a new body; the archived body is kept. The page id.

    ``status`` None (a network error, with ``error`` saying which) or 304 keeps the status of
    the archived fetch; any other status (404, 410, 403…) replaces it, so a page that is gone
    is no longer processed.
    """

    def work() -> int:
        source_id = ensure_source(store, source) if source else None
        store.conn.execute(
            "INSERT INTO pages (url, source_id, status, fetched_at, error) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET source_id = coalesce(excluded.source_id, source_id), "
            "status = CASE WHEN excluded.status IS NULL OR excluded.status = 304 THEN status ELSE excluded.status END, "
            "fetched_at = excluded.fetched_at, error = excluded.error",
            (url, source_id, status, fetched_at, error),
        )
        return store.conn.execute("SELECT id FROM pages WHERE url = ?", (url,)).fetchone()[0]

    return write(store, work)


def page_validators(store: Store, url: str) -> dict[str, str | None] | None:
    """``{"etag", "last_modified", "fetched_at"}`` of the archived page, for a conditional GET; None if unseen."""
    with reading(store) as conn:
        row = conn.execute("SELECT etag, last_modified, fetched_at FROM pages WHERE url = ?", (url,)).fetchone()
    return None if row is None else {"etag": row[0], "last_modified": row[1], "fetched_at": row[2]}


def _page(row: tuple) -> StoredPage:
    page_id, url, status, headers, body, final_url, fetched_at, error, source = row
    try:
        raw = zlib.decompress(body) if body is not None else b""
    except zlib.error as exc:
        raise StoreError(f"page {url}: archived body is damaged ({exc})") from None
    pairs = tuple((str(k), str(v)) for k, v in json.loads(headers or "[]"))
    page = Page(url=url, status=status or 0, headers=pairs, body=raw, fetched_at=fetched_at or "", final_url=final_url)
    return StoredPage(id=page_id, source=source, page=page, error=error)


def iter_pages(
    store: Store,
    *,
    source: str | None = None,
    status: int | None = 200,
    unprocessed: bool = False,
    extractor_version: str | None = None,
) -> Iterator[StoredPage]:
    """Archived pages with a body, oldest id first.

    ``status`` keeps pages of that HTTP status (None: any); ``unprocessed`` keeps pages with no
    article yet, or (with ``extractor_version``) whose article another extractor version made.
    Reads a batch at a time, so the caller may write to the store between two pages.
    """
    clauses = ["p.body IS NOT NULL", "p.id > ?"]
    params: list[object] = []
    if source is not None:
        clauses.append("s.name = ?")
        params.append(source)
    if status is not None:
        clauses.append("p.status = ?")
        params.append(status)
    if unprocessed:
        if extractor_version is None:
            clauses.append("NOT EXISTS (SELECT 1 FROM articles a WHERE a.page_id = p.id)")
        else:
            clauses.append("NOT EXISTS (SELECT 1 FROM articles a WHERE a.page_id = p.id AND a.extractor_version IS ?)")
            params.append(extractor_version)
    sql = (
        "SELECT p.id, p.url, p.status, p.headers, p.body, p.final_url, p.fetched_at, p.error, s.name "
        "FROM pages p LEFT JOIN sources s ON s.id = p.source_id "
        f"WHERE {' AND '.join(clauses)} ORDER BY p.id LIMIT {_BATCH}"
    )
    last = 0
    while True:
        with reading(store) as conn:
            rows = conn.execute(sql, (last, *params)).fetchall()
        if not rows:
            return
        for row in rows:
            yield _page(row)
        last = rows[-1][0]
