"""The live view of a crawl on a terminal (pages/s, queue, errors per host) and its closing summary."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table

from phongtrao.scraper.crawler import CrawlStats


def stats_table(stats: CrawlStats, *, title: str = "crawl") -> Table:
    """Counters of a run as a two-column table."""
    table = Table(title=title, show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("pages", f"{stats.pages}"),
        ("pages/s", f"{stats.rate:.1f}"),
        ("queued", f"{stats.queued}"),
        ("articles (new or changed)", f"{stats.articles}"),
        ("listings (new or changed)", f"{stats.listings}"),
        ("unchanged", f"{stats.unchanged}"),
        ("syndicated copies", f"{stats.duplicates}"),
        ("redirects", f"{stats.redirects}"),
        ("retries", f"{stats.retries}"),
        ("failed", f"{stats.failed}"),
        ("skipped", f"{stats.skipped}"),
        ("MB", f"{stats.wire_bytes / 1e6:.2f}"),
        ("seconds", f"{stats.seconds:.1f}"),
    ]
    if stats.hook_errors:
        rows.append(("extraction errors", f"{stats.hook_errors}"))
    for name, value in rows:
        table.add_row(name, value)
    return table


def hosts_table(stats: CrawlStats, limit: int = 12) -> Table:
    """Pages and errors of the busiest hosts, parked ones flagged."""
    table = Table("host", "pages", "errors", "parked", title="hosts", box=None)
    hosts = sorted(stats.pages_by_host, key=lambda h: (-stats.errors_by_host[h], -stats.pages_by_host[h], h))
    for host in hosts[:limit]:
        table.add_row(host, str(stats.pages_by_host[host]), str(stats.errors_by_host[host]), stats.parked.get(host, ""))
    return table


class LiveDisplay:
    """A progress callback that redraws at most four times a second, and counts the queue once a second."""

    def __init__(self, db_path: str, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.db_path = db_path
        self.live: Live | None = None
        self._drawn = 0.0
        self._counted = 0.0

    def __enter__(self) -> LiveDisplay:
        self.live = Live(console=self.console, refresh_per_second=4, transient=True)
        self.live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.live is not None:
            self.live.__exit__(*exc)

    def __call__(self, stats: CrawlStats) -> None:
        now = time.monotonic()
        if now - self._drawn < 0.25 or self.live is None:
            return
        self._drawn = now
        if now - self._counted > 1.0:
            self._counted = now
            stats.queued = _queued(self.db_path)
        self.live.update(Group(stats_table(stats, title="crawling"), hosts_table(stats)))


def _queued(db_path: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db_path, timeout=1.0) as db:
            return int(db.execute("SELECT count(*) FROM crawl_urls WHERE state = 'queued'").fetchone()[0])
    except sqlite3.Error:
        return -1


def print_summary(stats: CrawlStats, console: Console | None = None) -> None:
    """The closing summary on a terminal."""
    console = console or Console(stderr=True)
    console.print(stats_table(stats, title=f"crawl finished ({stats.stopped_by})"))
    if stats.errors_by_host or stats.parked:
        console.print(hosts_table(stats))


def summary_line(stats: CrawlStats) -> str:
    """The closing summary as one line, for logs."""
    return (
        f"crawl {stats.stopped_by}: {stats.pages} pages in {stats.seconds:.1f} s ({stats.rate:.1f}/s), "
        f"{stats.articles} articles, {stats.listings} listings, {stats.unchanged} unchanged, "
        f"{stats.duplicates} syndicated copies, {stats.failed} failed, {stats.skipped} skipped, "
        f"{stats.queued} still queued" + (f", parked: {', '.join(sorted(stats.parked))}" if stats.parked else "")
    )
