"""``phongtrao crawl``, ``process`` and ``sources list/add/check``: thin click commands over the scraper.

The lead registers them in ``phongtrao/cli.py`` with ``cli.add_command``. Fetched articles go
to the store through ``phongtrao.pipeline.make_page_hook(db_path)`` when that module exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from phongtrao.models import Page

DEFAULT_SOURCES = "sources.toml"


def db_path(value: str | None) -> str:
    """``--db``, else ``$PHONGTRAO_DB``, else ``./phongtrao.db``."""
    return value or os.environ.get("PHONGTRAO_DB") or "phongtrao.db"


def db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", default=None, help="SQLite file (default: $PHONGTRAO_DB, else ./phongtrao.db).")(
        function
    )


def sources_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--sources",
        "sources_path",
        default=DEFAULT_SOURCES,
        show_default=True,
        help="Sources file (TOML, one [[source]] table per portal).",
    )(function)


def _cli() -> Any:
    from phongtrao import cli

    return cli


def _fail(message: str, status: int = 1) -> None:
    click.echo(f"phongtrao: error: {message}", err=True)
    sys.exit(status)


def one_line_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """A PhongtraoError (a bad sources file, a missing store) becomes one line on stderr and exit 1."""
    import functools

    from phongtrao.errors import PhongtraoError

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except PhongtraoError as error:
            _fail(str(error))

    return wrapper


def page_hook(db: str) -> Callable[[Page], None] | None:
    """The pipeline's hook (extract → analyse → store), or None when the pipeline is not there yet."""
    try:
        from phongtrao import pipeline  # type: ignore[attr-defined]
    except ImportError:
        return None
    factory = getattr(pipeline, "make_page_hook", None)
    return factory(db) if factory is not None else None


# --- crawl and process -----------------------------------------------------------------


@click.command()
@sources_option
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Stop after this many pages.")
@click.option(
    "--max-time", type=click.FloatRange(min=0, min_open=True), default=None, help="Stop after this many seconds."
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 512),
    default=32,
    show_default=True,
    help="Requests in flight across all hosts (one per host at most, always).",
)
@click.option("--contact", default=None, help="E-mail or URL put in the User-Agent (default: the file's `contact`).")
@click.option("--no-extract", is_flag=True, help="Only fetch and archive pages; run `phongtrao process` later.")
@db_option
@one_line_errors
def crawl(
    sources_path: str,
    max_pages: int | None,
    max_time: float | None,
    concurrency: int,
    contact: str | None,
    no_extract: bool,
    db: str | None,
) -> None:
    """Crawl the portals of a sources file into the store; a second run resumes and only fetches what is due."""
    from dataclasses import replace

    from phongtrao.scraper.crawler import crawl as run_crawl
    from phongtrao.scraper.display import LiveDisplay, print_summary, summary_line
    from phongtrao.scraper.sources import load_sources

    sources = load_sources(sources_path)
    if contact:
        sources = replace(sources, contact=contact)
    path = db_path(db)
    hook = None if no_extract else page_hook(path)
    if hook is None and not no_extract:
        click.echo("phongtrao: note: no extraction pipeline; pages are archived for `phongtrao process`", err=True)
    terminal = sys.stderr.isatty()
    if terminal:
        with LiveDisplay(path) as display:
            stats = run_crawl(
                sources,
                path,
                on_page=hook,
                max_pages=max_pages,
                max_time=max_time,
                concurrency=concurrency,
                progress=display,
            )
        print_summary(stats)
    else:
        stats = run_crawl(sources, path, on_page=hook, max_pages=max_pages, max_time=max_time, concurrency=concurrency)
        click.echo(summary_line(stats), err=True)
    if stats.hook_errors:
        sys.exit(1)


@click.command()
@click.option("--only-new", is_flag=True, help="Only pages the page hook has not seen yet.")
@db_option
@one_line_errors
def process(only_new: bool, db: str | None) -> None:
    """Run extraction again over the stored article pages, without fetching (after an extractor changed)."""
    from phongtrao.scraper.crawler import process as run_process

    path = db_path(db)
    if not Path(path).exists():
        _fail(f"{path}: no such store (run `phongtrao crawl` first)")
    hook = page_hook(path)
    if hook is None:
        _fail("no extraction pipeline (phongtrao.pipeline.make_page_hook) in this installation")
    assert hook is not None
    count, failures = run_process(path, hook, only_unprocessed=only_new)
    for failure in failures:
        click.echo(f"phongtrao: error: {failure}", err=True)
    click.echo(f"processed {count} pages, {len(failures)} failed", err=True)
    if failures:
        sys.exit(1)


# --- sources ---------------------------------------------------------------------------


@click.group()
def sources() -> None:
    """List, add and check the portals of a sources file."""


@sources.command("list")
@sources_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("table", "json", "jsonl", "csv")),
    default=None,
    help="Output format (default: table on a terminal, jsonl otherwise).",
)
@one_line_errors
def sources_list(sources_path: str, output_format: str | None) -> None:
    """Print the sources of a sources file."""
    from phongtrao.scraper.sources import load_sources

    loaded = load_sources(sources_path)
    output_format = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    records = [
        {
            "name": s.name,
            "unit": s.unit,
            "hosts": list(s.hosts),
            "start": list(s.start),
            "sitemaps": list(s.sitemaps),
            "feeds": list(s.feeds),
            "delay": s.delay,
            "allow_private": s.allow_private,
        }
        for s in loaded.sources
    ]
    columns = (
        ["name", "unit", "hosts", "start", "sitemaps", "feeds", "delay"] if output_format in ("table", "csv") else None
    )
    _cli().write_records(records, output_format, columns=columns)


@sources.command("add")
@sources_option
@click.option("--name", required=True, help="The portal's name.")
@click.option("--unit", required=True, help="Gazetteer code of the unit the portal belongs to.")
@click.option("--start", "start", multiple=True, required=True, help="A start URL (repeat for more).")
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap URL (repeat for more).")
@click.option("--feed", "feeds", multiple=True, help="An RSS/Atom feed URL (repeat for more).")
@click.option("--host", "hosts", multiple=True, help="An allowed host or host:port (default: the start URLs' hosts).")
@click.option("--delay", type=click.FloatRange(min=0), default=None, help="Seconds between two requests to one host.")
@click.option(
    "--allow-private", is_flag=True, help="Allow private and loopback addresses (portals on a private network)."
)
@one_line_errors
def sources_add(
    sources_path: str,
    name: str,
    unit: str,
    start: tuple[str, ...],
    sitemaps: tuple[str, ...],
    feeds: tuple[str, ...],
    hosts: tuple[str, ...],
    delay: float | None,
    allow_private: bool,
) -> None:
    """Append a portal to a sources file (created when absent), after checking it."""
    from phongtrao.scraper.sources import add_source, parse_source
    from phongtrao.scraper.urls import crawl_catalogue, host_key

    table: dict[str, Any] = {
        "name": name,
        "unit": unit,
        "start": list(start),
        "sitemaps": list(sitemaps),
        "feeds": list(feeds),
        "hosts": list(hosts) or sorted({host_key(u) for u in (*start, *sitemaps, *feeds)}),
        "delay": crawl_catalogue()["defaults"]["delay"] if delay is None else delay,
        "allow_private": allow_private,
    }
    source = parse_source(table, sources_path, 0)
    loaded = add_source(sources_path, source)
    click.echo(f"{sources_path}: added {source.name!r} ({len(loaded.sources)} sources)", err=True)


@sources.command("check")
@sources_option
def sources_check(sources_path: str) -> None:
    """Validate a sources file: one line per problem naming the file and the source, exit 1 if any."""
    from phongtrao.scraper.sources import check_sources

    loaded, problems = check_sources(sources_path)
    for problem in problems:
        click.echo(f"phongtrao: error: {problem}", err=True)
    if loaded is None:
        sys.exit(1)
    hosts = sum(len(s.hosts) for s in loaded.sources)
    click.echo(f"{sources_path}: {len(loaded.sources)} sources, {hosts} hosts: ok", err=True)
