"""The crawl: one async worker per host with queued work, all state in SQLite.

A run seeds the frontier from the sources file, queues again what is due for a revisit
(listings, start pages, sitemaps, feeds, transient failures), finishes the page hook for pages a
killed run had committed but not yet handed over, then lets every host's worker fetch its
queue politely until the frontier is empty, ``max_pages`` pages were fetched or ``max_time``
seconds passed. Every outcome is committed before the next request to that host.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from protego import Protego

from phongtrao.models import Page
from phongtrao.scraper.discover import page_facts, parse_feed, parse_sitemap
from phongtrao.scraper.fetch import (
    ROBOTS_TOKEN,
    Fetched,
    fetch,
    gunzip_bounded,
    make_client,
    private_address,
    retry_after_seconds,
)
from phongtrao.scraper.politeness import HostSlot, Slots
from phongtrao.scraper.sources import Source, SourcesFile
from phongtrao.scraper.state import CrawlState, Link, Outcome, QueuedUrl, is_transient, iso_time
from phongtrao.scraper.urls import crawl_catalogue, host_key, normalize_url

PageHook = Callable[[Page], None]
RETRY_STATUSES = frozenset({408, 429})


@dataclass
class CrawlStats:
    """Live counters of one run, read by the display and turned into the summary."""

    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    wire_bytes: int = 0
    articles: int = 0
    listings: int = 0
    unchanged: int = 0
    duplicates: int = 0
    redirects: int = 0
    skipped: int = 0
    retries: int = 0
    failed: int = 0
    hook_runs: int = 0
    hook_errors: int = 0
    queued: int = 0
    errors_by_host: Counter[str] = field(default_factory=Counter)
    pages_by_host: Counter[str] = field(default_factory=Counter)
    parked: dict[str, str] = field(default_factory=dict)
    stopped_by: str = "done"

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "articles": self.articles,
            "listings": self.listings,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "redirects": self.redirects,
            "skipped": self.skipped,
            "retries": self.retries,
            "failed": self.failed,
            "hook_errors": self.hook_errors,
            "bytes": self.wire_bytes,
            "seconds": round(self.seconds, 2),
            "pages_per_second": round(self.rate, 1),
            "queued": self.queued,
            "parked": dict(self.parked),
            "errors_by_host": dict(self.errors_by_host),
            "stopped_by": self.stopped_by,
        }


@dataclass
class _Reply:
    """How one fetch is committed: the outcome, the page to store and the links it gave."""

    outcome: Outcome
    page: Page | None = None
    text_hash: str | None = None
    links: list[Link] = field(default_factory=list)
    retry_after: float | None = None


class Crawler:
    """One crawl run over a sources file into a SQLite file."""

    def __init__(
        self,
        sources: SourcesFile,
        db_path: str | Path,
        *,
        on_page: PageHook | None = None,
        max_pages: int | None = None,
        max_time: float | None = None,
        concurrency: int = 32,
        clock: Callable[[], float] = time.time,
        progress: Callable[[CrawlStats], None] | None = None,
    ) -> None:
        self.sources = sources
        self.by_host = sources.source_of_host()
        self.db_path = db_path
        self.on_page = on_page
        self.max_pages = max_pages
        self.max_time = max_time
        self.concurrency = concurrency
        self.clock = clock
        self.progress = progress
        self.clients: dict[str, httpx.AsyncClient] = {}  # one per host: pool bookkeeping stays O(1)
        self.stats = CrawlStats()
        self.slots = Slots()
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.robots: dict[str, Protego] = {}
        self.pages_by_source: Counter[str] = Counter()
        self.stopping = False
        self.run_id = 0
        self.state: CrawlState | None = None
        self.connections: asyncio.Semaphore | None = None

    # --- the run -----------------------------------------------------------------------

    async def run(self) -> CrawlStats:
        self.state = state = CrawlState(self.db_path)
        self.connections = asyncio.Semaphore(self.concurrency)
        try:
            now = self.clock()
            self.run_id = state.start_run(now)
            state.revisit(now)
            state.seed(self._seed_links())
            self._finish_pending_hooks()
            parked = state.parked_hosts(now)
            self.stats.parked.update({host: reason for host, (_, reason) in parked.items()})
            try:
                for host in state.hosts_with_work():
                    self._spawn(host)
                await self._wait()
            finally:
                for client in self.clients.values():
                    with contextlib.suppress(Exception):
                        await client.aclose()
            self.stats.queued = state.queued_count()
            state.finish_run(self.run_id, self.clock(), self.stats.pages, self.stats.stopped_by)
            self._report()
            return self.stats
        finally:
            state.close()

    def _seed_links(self) -> list[Link]:
        links = []
        for source in self.sources.sources:
            for kind, urls in (("page", source.start), ("sitemap", source.sitemaps), ("feed", source.feeds)):
                for raw in urls:
                    url = normalize_url(raw)
                    if url:
                        links.append(Link(url, host_key(url), source.name, kind))
        return links

    def _finish_pending_hooks(self) -> None:
        """Pages committed by a run killed before its hook ran: hand them over now."""
        if self.on_page is None or self.state is None:
            return
        for page in list(self.state.pages(unprocessed_only=True)):
            self._run_hook(page)

    def _spawn(self, host: str) -> None:
        if self.stopping or host in self.tasks or host not in self.by_host or host in self.stats.parked:
            return
        self.tasks[host] = asyncio.create_task(self._host_worker(host), name=f"crawl {host}")

    async def _wait(self) -> None:
        deadline = self.stats.started + self.max_time if self.max_time else None
        while self.tasks:
            timeout = None if deadline is None else deadline - time.monotonic()
            if timeout is not None and timeout <= 0:
                self._stop("max-time")
                for task in self.tasks.values():
                    task.cancel()
                await asyncio.gather(*self.tasks.values(), return_exceptions=True)
                self.tasks.clear()
                break
            done, _ = await asyncio.wait(set(self.tasks.values()), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                self.tasks.pop(task.get_name().removeprefix("crawl "), None)
                if not task.cancelled() and task.exception() is not None:
                    self._stop("error")
                    for other in self.tasks.values():
                        other.cancel()
                    await asyncio.gather(*self.tasks.values(), return_exceptions=True)
                    raise task.exception()  # type: ignore[misc]

    def _stop(self, reason: str) -> None:
        if not self.stopping:
            self.stopping = True
            self.stats.stopped_by = reason

    def _time_left(self) -> float:
        if not self.max_time:
            return float("inf")
        return self.stats.started + self.max_time - time.monotonic()

    def _reserve(self, source: Source) -> bool:
        """Count one more page against the run's and the source's limits; False when a limit is reached."""
        if self.max_pages is not None and self.stats.pages >= self.max_pages:
            self._stop("max-pages")
            return False
        if self.pages_by_source[source.name] >= source.limits.max_pages:
            return False
        if self._time_left() <= 0:
            self._stop("max-time")
            return False
        self.stats.pages += 1
        self.pages_by_source[source.name] += 1
        return True

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.stats)

    # --- one host ----------------------------------------------------------------------

    async def _host_worker(self, host: str) -> None:
        try:
            await self._host_work(host)
        finally:
            client = self.clients.pop(host, None)
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.aclose()

    async def _host_work(self, host: str) -> None:
        assert self.state is not None
        source = self.by_host[host]
        if not source.allow_private:
            address = await private_address(host)
            if address:
                count = self.state.skip_host(host, f"refused: {host} is a private address ({address})")
                self.stats.skipped += count
                self.stats.errors_by_host[host] += count
                return
        slot = self.slots.get(host, source.delay)
        robots = await self._robots(host, source, slot)
        if robots is None:
            return
        slot.set_delay(max(source.delay, robots.crawl_delay(ROBOTS_TOKEN) or 0.0))
        while not self.stopping:
            now = self.clock()
            batch = self.state.next_batch(host, now)
            if not batch:
                due = self.state.next_due(host)
                if due is None:
                    return
                wait = due - now
                if wait > source.limits.max_retry_after or wait > self._time_left():
                    return  # left queued for a later run
                await asyncio.sleep(max(wait, 0.01))
                continue
            for item in batch:
                if self.stopping or host in self.stats.parked:
                    return
                if not robots.can_fetch(item.url, ROBOTS_TOKEN):
                    self.state.skip(item.id, "disallowed by robots.txt")
                    self.stats.skipped += 1
                    continue
                if not self._reserve(source):
                    return
                await self._visit(item, source, slot)

    async def _get(
        self,
        slot: HostSlot,
        url: str,
        *,
        wanted: tuple[str, ...],
        source: Source,
        validators: dict[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        assert self.connections is not None
        limits = source.limits
        client = self.clients.get(slot.host)
        if client is None:
            client = make_client(contact=self.sources.contact, max_connections=1, timeout=limits.timeout)
            self.clients[slot.host] = client
        async with slot.turn(), self.connections:
            return await fetch(
                client,
                url,
                wanted_types=wanted,
                max_bytes=max_bytes or limits.max_bytes,
                max_decoded_bytes=limits.max_decoded_bytes,
                timeout=limits.timeout,
                validators=validators,
            )

    async def _robots(self, host: str, source: Source, slot: HostSlot) -> Protego | None:
        """The host's robots.txt (stored, or fetched now under the host's politeness); None: not this run."""
        assert self.state is not None
        if host in self.robots:
            return self.robots[host]
        status, body, fetched_at = self.state.robots(host)
        now = self.clock()
        if fetched_at is None or status is None or now - fetched_at >= source.limits.robots_hours * 3600:
            status, body = await self._fetch_robots(host, source, slot)
            if status is None:
                return None
        robots = Protego.parse(body or "") if status == 200 else Protego.parse("")
        self.robots[host] = robots
        extra = []
        for raw in robots.sitemaps:
            url = normalize_url(raw)
            if url and host_key(url) in self.by_host:
                extra.append(Link(url, host_key(url), self.by_host[host_key(url)].name, "sitemap"))
        if extra:
            for new_host in self.state.seed(extra):
                self._spawn(new_host)
        return robots

    async def _fetch_robots(self, host: str, source: Source, slot: HostSlot) -> tuple[int | None, str | None]:
        assert self.state is not None
        scheme = next(
            (u.split(":", 1)[0] for u in (*source.start, *source.sitemaps, *source.feeds) if host_key(u) == host),
            "http",
        )
        url = f"{scheme}://{host}/robots.txt"
        limits = source.limits
        for attempt in range(limits.retries + 1):
            fetched = await self._get(slot, url, wanted=(), source=source, max_bytes=512_000)
            self.stats.wire_bytes += fetched.wire_bytes
            redirects = 0
            while fetched.status in (301, 302, 303, 307, 308) and redirects < limits.max_redirects:
                target = normalize_url(fetched.header("location") or "", url)
                if not target or host_key(target) != host:
                    break
                redirects += 1
                fetched = await self._get(slot, target, wanted=(), source=source, max_bytes=512_000)
            outcome = Outcome(fetched.status, fetched.wire_bytes, fetched.seconds, fetched.error)
            now = self.clock()
            if fetched.status == 200 and not fetched.error:
                text = fetched.body.decode("utf-8", "replace")
                self.state.save_robots(self.run_id, host, url, 200, text, outcome, now)
                return 200, text
            if fetched.status is not None and 300 <= fetched.status < 500 and fetched.status not in RETRY_STATUSES:
                self.state.save_robots(self.run_id, host, url, fetched.status, "", outcome, now)
                return fetched.status, ""  # no robots.txt: everything is allowed
            self.state.log_fetch(self.run_id, url, host, outcome, now)
            self.stats.errors_by_host[host] += 1
            wait = retry_after_seconds(fetched.header("retry-after"), now) or limits.backoff * 2**attempt
            if wait > limits.max_retry_after:
                break
            slot.defer(wait)
        self._park(host, source, "robots.txt could not be fetched")
        return None, None

    def _park(self, host: str, source: Source, reason: str, seconds: float | None = None) -> None:
        assert self.state is not None
        until = self.clock() + (seconds if seconds is not None else source.limits.park_minutes * 60)
        self.state.park(host, until, reason)
        self.stats.parked[host] = reason

    # --- one URL -----------------------------------------------------------------------

    async def _visit(self, item: QueuedUrl, source: Source, slot: HostSlot) -> None:
        assert self.state is not None
        validators = {}
        if item.had_page and item.etag:
            validators["If-None-Match"] = item.etag
        if item.had_page and item.last_modified:
            validators["If-Modified-Since"] = item.last_modified
        wanted = tuple(crawl_catalogue()["content_types"]["pages" if item.kind == "page" else item.kind + "s"])
        fetched = await self._get(slot, item.url, wanted=wanted, source=source, validators=validators)
        now = self.clock()
        reply = self._interpret(item, source, fetched, now)
        hosts, changed = self.state.record(
            self.run_id, item, reply.outcome, now, page=reply.page, text_hash=reply.text_hash, links=reply.links
        )
        self._count(item, reply, changed)
        self._host_health(item.host, source, slot, reply)
        for host in hosts:
            self._spawn(host)
        if changed and reply.page is not None and reply.outcome.page_class == "article":
            if self.state.duplicate_of(reply.page.url):
                self.stats.duplicates += 1
            elif self.on_page is not None:
                self._run_hook(reply.page)
        self._report()

    def _count(self, item: QueuedUrl, reply: _Reply, changed: bool) -> None:
        outcome = reply.outcome
        self.stats.wire_bytes += outcome.wire_bytes
        self.stats.pages_by_host[item.host] += 1
        if outcome.status == 304 or (outcome.status == 200 and reply.page is not None and not changed):
            self.stats.unchanged += 1
        if outcome.page_class == "article" and changed:
            self.stats.articles += 1
        elif outcome.page_class == "listing" and changed:
            self.stats.listings += 1
        if outcome.status is not None and 300 <= outcome.status < 400 and outcome.status != 304:
            self.stats.redirects += 1
        if outcome.state == "queued":
            self.stats.retries += 1
        if outcome.state in ("failed", "skipped"):
            self.stats.failed += outcome.state == "failed"
            self.stats.skipped += outcome.state == "skipped"
        if outcome.error:
            self.stats.errors_by_host[item.host] += 1

    def _host_health(self, host: str, source: Source, slot: HostSlot, reply: _Reply) -> None:
        """Count consecutive transient failures; park the host after too many or on a long Retry-After."""
        assert self.state is not None
        limits = source.limits
        if reply.retry_after is not None and reply.retry_after > limits.max_retry_after:
            self._park(host, source, f"Retry-After {reply.retry_after:g} s", reply.retry_after)
            return
        if is_transient(reply.outcome.error):
            if reply.retry_after is not None:
                slot.defer(reply.retry_after)
            failures = self.state.host_failed(host)
            if failures >= limits.park_after:
                self._park(host, source, f"{failures} failures in a row (last: {reply.outcome.error})")
        elif reply.outcome.status is not None:
            self.state.host_succeeded(host)

    def _run_hook(self, page: Page) -> None:
        assert self.state is not None and self.on_page is not None
        try:
            self.on_page(page)
        except Exception as error:  # one page's extraction bug must not stop the crawl
            self.stats.hook_errors += 1
            self.state.mark_processed(page.url, f"{type(error).__name__}: {error}")
        else:
            self.stats.hook_runs += 1
            self.state.mark_processed(page.url)

    def _interpret(self, item: QueuedUrl, source: Source, fetched: Fetched, now: float) -> _Reply:
        """A response → how it is committed (pure but for reading the frontier to spot redirect loops)."""
        limits = source.limits
        status = fetched.status
        base = dict(status=status, wire_bytes=fetched.wire_bytes, seconds=fetched.seconds)
        revisit = now + source.revisit_hours * 3600
        transient = fetched.error is not None and is_transient(fetched.error)
        if status is not None and (status in RETRY_STATUSES or status >= 500):
            transient = True
        if transient:
            error = fetched.error or f"HTTP {status}"
            retry_after = retry_after_seconds(fetched.header("retry-after"), now) if status else None
            if item.attempts < limits.retries:
                wait = max(limits.backoff * 2**item.attempts, retry_after or 0.0)
                outcome = Outcome(**base, error=error, state="queued", retry_at=now + wait)
                return _Reply(outcome, retry_after=retry_after if retry_after is not None else wait)
            outcome = Outcome(
                **base, error=f"{error} (gave up after {item.attempts + 1} tries)", state="failed", next_visit=revisit
            )
            return _Reply(outcome, retry_after=retry_after)
        if fetched.error is not None:
            state = "skipped" if fetched.error.startswith("content type") else "failed"
            return _Reply(Outcome(**base, error=fetched.error, state=state))
        assert status is not None
        if status == 304:
            keep = item.seed or item.kind != "page" or item.hint == "listing" or self._was_listing(item)
            return _Reply(Outcome(**base, next_visit=revisit if keep else None))
        if 300 <= status < 400:
            return self._redirect(item, source, fetched, base)
        if status != 200:
            return _Reply(Outcome(**base, error=f"HTTP {status}", state="failed"))
        return self._content(item, source, fetched, base, now, revisit)

    def _was_listing(self, item: QueuedUrl) -> bool:
        assert self.state is not None
        row = self.state.db.execute("SELECT class FROM crawl_urls WHERE id = ?", (item.id,)).fetchone()
        return bool(row and row[0] == "listing")

    def _redirect(self, item: QueuedUrl, source: Source, fetched: Fetched, base: dict[str, Any]) -> _Reply:
        assert self.state is not None
        location = fetched.header("location")
        target = normalize_url(location, item.url) if location else None
        if target is None:
            return _Reply(Outcome(**base, error="redirect without a usable Location", state="failed"))
        target_host = host_key(target)
        if target_host not in self.by_host:
            return _Reply(Outcome(**base, error=f"redirect to {target_host}, not an allowed host", state="failed"))
        origin = item.origin or item.url
        if (
            target in (item.url, origin)
            or self.state.db.execute(
                "SELECT 1 FROM crawl_urls WHERE url = ? AND origin = ?", (target, origin)
            ).fetchone()
        ):
            return _Reply(Outcome(**base, error=f"redirect loop ({item.url} → {target})", state="failed"))
        if item.hops + 1 > source.limits.max_redirects:
            return _Reply(Outcome(**base, error=f"more than {source.limits.max_redirects} redirects", state="failed"))
        link = Link(
            target, target_host, self.by_host[target_host].name, item.kind, item.hint, None, origin, item.hops + 1
        )
        return _Reply(Outcome(**base), links=[link])

    def _content(
        self, item: QueuedUrl, source: Source, fetched: Fetched, base: dict[str, Any], now: float, revisit: float
    ) -> _Reply:
        validators = dict(etag=fetched.header("etag"), last_modified=fetched.header("last-modified"))
        headers = tuple(
            (k, v)
            for k, v in fetched.headers
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        )
        page = Page(item.url, 200, headers, fetched.body, iso_time(now), item.url)
        if item.kind in ("sitemap", "feed"):
            body = fetched.body
            if body[:2] == b"\x1f\x8b":
                try:
                    body = gunzip_bounded(body, source.limits.max_decoded_bytes)
                except Exception as error:
                    return _Reply(Outcome(**base, error=f"bad gzip ({error})", state="failed"))
            try:
                entries = parse_sitemap(body, item.url) if item.kind == "sitemap" else parse_feed(body, item.url)
            except Exception as error:
                return _Reply(Outcome(**base, error=f"not a {item.kind} ({type(error).__name__})", state="failed"))
            links = []
            for entry in entries:
                host = host_key(entry.url)
                if host in self.by_host:
                    kind = "sitemap" if entry.is_sitemap else "page"
                    hint = "article" if item.kind == "feed" else None
                    links.append(Link(entry.url, host, self.by_host[host].name, kind, hint, entry.lastmod))
            outcome = Outcome(**base, page_class=item.kind, next_visit=revisit, **validators)
            return _Reply(outcome, page=page, links=links)
        facts = page_facts(page, article_res=source.article_res, listing_res=source.listing_res)
        links = []
        for found in facts.links:
            host = host_key(found.url)
            if host in self.by_host:
                hint = "listing" if found.pagination else None
                links.append(Link(found.url, host, self.by_host[host].name, "page", hint))
        keep = item.seed or facts.page_class == "listing"
        text_hash = facts.text_hash if facts.page_class == "article" else None
        outcome = Outcome(**base, page_class=facts.page_class, next_visit=revisit if keep else None, **validators)
        return _Reply(outcome, page=page, text_hash=text_hash, links=links)


def crawl(
    sources: SourcesFile,
    db_path: str | Path,
    *,
    on_page: PageHook | None = None,
    max_pages: int | None = None,
    max_time: float | None = None,
    concurrency: int = 32,
    clock: Callable[[], float] = time.time,
    progress: Callable[[CrawlStats], None] | None = None,
) -> CrawlStats:
    """Crawl every source into the ``crawl_*`` tables of ``db_path``; new or changed articles go to ``on_page``."""
    crawler = Crawler(
        sources,
        db_path,
        on_page=on_page,
        max_pages=max_pages,
        max_time=max_time,
        concurrency=concurrency,
        clock=clock,
        progress=progress,
    )
    return asyncio.run(crawler.run())


def process(db_path: str | Path, on_page: PageHook, *, only_unprocessed: bool = False) -> tuple[int, list[str]]:
    """Run the page hook again over stored article pages (after an extractor changed); no fetching.

    Returns how many pages went through, and one line per page whose hook failed.
    """
    state = CrawlState(db_path)
    count = 0
    failures = []
    try:
        for page in list(state.pages(unprocessed_only=only_unprocessed)):
            count += 1
            try:
                on_page(page)
            except Exception as error:
                failures.append(f"{page.url}: {type(error).__name__}: {error}")
                state.mark_processed(page.url, f"{type(error).__name__}: {error}")
            else:
                state.mark_processed(page.url)
    finally:
        with contextlib.suppress(Exception):
            state.close()
    return count, failures
