"""Click commands over the store: ``ingest``, ``search``, ``events``, ``officials``, ``movements``, ``units``.

Plain ``@click.command()`` functions for ``cli.add_command(...)``: a thin layer that parses
options, calls :mod:`phongtrao.store` and prints records with the shared ``--format``
helpers of :mod:`phongtrao.cli` (register them after those helpers are defined, or import
this module lazily). Exit status: 0 on success, 1 when the store or some input failed (each
named in one line on standard error), 2 for a query or filter that cannot be used.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from phongtrao.cli import _default_format, _error, _expand_paths, output_option, write_records
from phongtrao.errors import PhongtraoError, UsageError
from phongtrao.models import EVENT_TYPES, Extraction
from phongtrao.pipeline import default_jobs, extract_files
from phongtrao.store import Filters, StoreError, open_store, search, upsert_many
from phongtrao.store import queries as q
from phongtrao.store.db import default_db_path
from phongtrao.store.search import MARK_CLOSE, MARK_OPEN

HIT_COLUMNS = ["article_id", "title", "url", "published", "snippet", "score"]
INGEST_BATCH = 50
_PARTIAL_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Store file (default: $PHONGTRAO_DB, else ./phongtrao.db).",
    )(function)


def _partial_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    if not _PARTIAL_DATE_RE.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    return value


_SELECTION_OPTIONS = (
    click.option("--movement", help="Movement id, name, part of a name or initials (TDĐKXDĐSVH)."),
    click.option("--unit", help="Unit name or code, old or 2025 name; a district or province includes its units."),
    click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Articles with an event of this type."),
    click.option("--from", "date_from", callback=_partial_date, help="Published on or after (YYYY[-MM[-DD]])."),
    click.option("--to", "date_to", callback=_partial_date, help="Published on or before (YYYY[-MM[-DD]])."),
    click.option("--official", help="Official id, or name or part of one (diacritics optional)."),
    click.option("--source", help="Source name (or part), or part of the article URL."),
)
_PAGING_OPTIONS = (
    click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="Most rows to show."),
    click.option("--offset", type=click.IntRange(0), default=0, help="Rows to skip (for paging)."),
)


def _apply(options: tuple[Callable[..., Any], ...], function: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(options):
        function = option(function)
    return function


def _selection_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The filters that choose articles (``--movement``, ``--unit``, ``--from``…), without paging."""
    return _apply(_SELECTION_OPTIONS, function)


def _filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The filters and ``--limit``/``--offset``, for commands that list rows."""
    return _apply((*_SELECTION_OPTIONS, *_PAGING_OPTIONS), function)


def _filters(options: dict[str, Any]) -> Filters:
    return Filters(
        movement=options.get("movement"),
        unit=options.get("unit"),
        type=options.get("event_type"),
        date_from=options.get("date_from"),
        date_to=options.get("date_to"),
        official=options.get("official"),
        source=options.get("source"),
    )


def _fail(exc: PhongtraoError) -> None:
    """One line on stderr; exit 2 for a query or usage problem, 1 otherwise."""
    _error(str(exc))
    sys.exit(2 if isinstance(exc, UsageError) else 1)


def _table_cell(value: Any) -> Any:
    """Rich markup for the table: text escaped, <mark> hits shown in bold."""
    if isinstance(value, str):
        return escape(value).replace(MARK_OPEN, "[bold yellow]").replace(MARK_CLOSE, "[/bold yellow]")
    if isinstance(value, list):
        return "; ".join(str(_table_cell(v)) if not isinstance(v, dict) else str(v) for v in value)
    return value


def _print(records: Iterable[dict[str, Any]], output_format: str, columns: list[str] | None = None) -> None:
    if output_format == "table":
        records = [{k: _table_cell(v) for k, v in record.items()} for record in records]
    write_records(records, output_format, columns=columns)


# ------------------------------------------------------------------------------------------ ingest


def _store_batch(store: Any, batch: list[Extraction], tally: Counter[str], source: str, home: str | None) -> None:
    for result in upsert_many(store, batch, source=source, home=home):
        if isinstance(result, StoreError):
            _error(str(result))
            tally["failed"] += 1
        else:
            tally[result.status] += 1
    batch.clear()


@click.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option("--published", callback=_partial_date, help="Publication date (YYYY-MM-DD) when a file shows none.")
@click.option("--source", "source_name", default="files", show_default=True, help="Source name to file them under.")
@click.option("--home", help="Gazetteer code of the unit the documents belong to (places their officials).")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes that extract files (default: one per core; 1 extracts in this process).",
)
def ingest(
    paths: tuple[str, ...],
    db_path: Path | None,
    published: str | None,
    source_name: str,
    home: str | None,
    jobs: int | None,
) -> None:
    """Add local files (txt, md, html, docx, pdf) or directories to the store.

    Storing a file again changes nothing unless its text or the extractor changed; then its
    records are replaced in one transaction. Files that cannot be read are named on standard
    error and the others are still stored (exit status 1).
    """
    path = default_db_path(db_path)
    if home is not None:
        from phongtrao.extract.units import unit_by_code

        if unit_by_code(home) is None:
            raise click.BadParameter(f"{home!r} is not a gazetteer code (province 2 digits, district 3, commune 5)")
    tally: Counter[str] = Counter()
    try:
        with open_store(path) as store:
            batch: list[Extraction] = []
            for item in extract_files(_expand_paths(paths), published, jobs=jobs or default_jobs()):
                if isinstance(item, str):
                    _error(item)
                    tally["failed"] += 1
                    continue
                batch.append(item)
                if len(batch) >= INGEST_BATCH:
                    _store_batch(store, batch, tally, source_name, home)
            _store_batch(store, batch, tally, source_name, home)
    except PhongtraoError as exc:
        _fail(exc)
    stored = tally["new"] + tally["updated"] + tally["unchanged"]
    click.echo(
        f"phongtrao: {stored} articles in {path} ({tally['new']} new, {tally['updated']} updated, "
        f"{tally['unchanged']} unchanged)" + (f"; {tally['failed']} failed" if tally["failed"] else ""),
        err=True,
    )
    if tally["failed"]:
        sys.exit(1)


# ------------------------------------------------------------------------------------------ search


def _facet_lines(facets: dict[str, list[Any]]) -> Iterator[str]:
    for name, counts in facets.items():
        if counts:
            yield f"[bold]{name}[/bold]: " + ", ".join(f"{escape(c.label)} ({c.count})" for c in counts)


@click.command("search")
@click.argument("query")
@_db_option
@_filter_options
@click.option(
    "--facets", "facets_only", is_flag=True, help="Print facet counts (facet, value, label, count) instead of hits."
)
@output_option()
def search_command(
    query: str, db_path: Path | None, facets_only: bool, output_format: str | None, **options: Any
) -> None:
    """Search articles; without diacritics the query also matches accented text ("dong thanh" finds "Đông Thạnh").

    Words are all required; "quoted words" are a phrase; a trailing * is a prefix (Nguy*).
    Initials of a catalogued movement (TDĐKXDĐSVH) also find its written-out name.
    """
    output_format = output_format or _default_format()
    try:
        with open_store(default_db_path(db_path), create=False) as store:
            result = search(
                store,
                query,
                _filters(options),
                limit=min(options["limit"], 1000),
                offset=options["offset"],
                facets=facets_only or output_format == "table",
            )
    except PhongtraoError as exc:
        _fail(exc)
        return
    if facets_only:
        _print((c.to_dict() for counts in result.facets.values() for c in counts), output_format)
        return
    _print((hit.to_dict() for hit in result.hits), output_format, HIT_COLUMNS)
    if output_format == "table":
        console = Console()
        more = "" if result.total_exact else "more than "
        console.print(f"{more}{result.total} articles ({result.route} index)")
        for line in _facet_lines(result.facets):
            console.print(line)


# ------------------------------------------------------------------------------------------ lists


def _show(record: dict[str, Any], output_format: str) -> None:
    """One item: its fields, then its evidence (and other nested lists) as tables or rows."""
    if output_format == "json":  # one object, not a list of one
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    if output_format == "jsonl":
        write_records([record], "jsonl")
        return
    nested = {k: v for k, v in record.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    fields = {k: v for k, v in record.items() if k not in nested}
    if output_format == "csv":
        prefix = {f"item_{k}": v for k, v in fields.items() if not isinstance(v, list)}
        rows = [{**prefix, **row} for row in record.get("evidence", [])]
        write_records(rows, "csv")
        return
    console = Console()
    for key, value in fields.items():
        console.print(f"[bold]{key}[/bold]: {_table_cell(value) if value not in (None, []) else '-'}")
    for key, rows in nested.items():
        console.rule(key)
        _print(rows, "table")


def _list_command(
    name: str,
    lister: Callable[..., list[dict]],
    shower: Callable[[Any, str], dict],
    columns: list[str],
    help_text: str,
) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("item", required=False)
    @_db_option
    @_filter_options
    @output_option()
    def command(item: str | None, db_path: Path | None, output_format: str | None, **options: Any) -> None:
        output_format = output_format or _default_format()
        try:
            with open_store(default_db_path(db_path), create=False) as store:
                if item is not None:
                    _show(shower(store, item), output_format)
                    return
                rows = lister(store, _filters(options), limit=options["limit"], offset=options["offset"])
        except PhongtraoError as exc:
            _fail(exc)
            return
        _print(rows, output_format, columns)

    return command


events = _list_command(
    "events",
    q.list_events,
    q.show_event,
    ["id", "type", "date", "place", "movements", "participants", "article_id", "title", "published", "text"],
    "List events (inspections, reviews, launches, commendations…), or show one by ID with its sentence.",
)
officials = _list_command(
    "officials",
    q.list_officials,
    q.show_official,
    ["id", "name", "province", "positions", "articles", "first_seen", "last_seen"],
    "List officials (one row per person), or show one by ID or name with positions over time and evidence.",
)
movements = _list_command(
    "movements",
    q.list_movements,
    q.show_movement,
    ["id", "name", "kind", "initials", "articles", "first_seen", "last_seen"],
    "List movements, or show one (id, name or initials) with its aliases, events and evidence.",
)
units = _list_command(
    "units",
    q.list_units,
    q.show_unit,
    ["id", "code", "name", "level", "province", "successor", "articles"],
    "List administrative units named in articles, or show one (code or name) with its 2025 successor and evidence.",
)

COMMANDS = (ingest, search_command, events, officials, movements, units)


@click.command("serve")
@_db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port on 127.0.0.1.")
def serve_command(db_path: Path | None, port: int) -> None:
    """Browse the store in Datasette on 127.0.0.1: labels, facets, full-text search, canned queries."""
    from phongtrao.store.serve import HOST, serve

    path = default_db_path(db_path)
    try:
        open_store(path, create=False).close()  # checked and migrated before Datasette reads it
        click.echo(f"phongtrao: serving {path} on http://{HOST}:{port}/ (Ctrl-C to stop)", err=True)
        serve(path, port)
    except PhongtraoError as exc:
        _fail(exc)


COMMANDS = (*COMMANDS, serve_command)
