"""Click commands ``coverage`` and ``export``: the store's tables as terminal tables or report files.

Plain ``@click.command()`` functions; ``COMMANDS`` is what the lead registers on ``phongtrao``.
They take the store's ``--db`` and filter options (without ``--limit``: an export is whole),
check the output file before reading the store, and fail in one line: exit 2 for bad usage
(unknown extension, bad filter), 1 for a store or a file that cannot be read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from phongtrao.cli import _default_format, output_option
from phongtrao.errors import PhongtraoError, UsageError
from phongtrao.store import open_store
from phongtrao.store.commands import _db_option, _fail, _filters, _print, _selection_options
from phongtrao.store.db import default_db_path

from .coverage import LEVELS, coverage_columns, coverage_report
from .coverage import coverage as coverage_table
from .records import SUMMARIES
from .writers import check_output, write_report

_FORMATS = ", ".join((".xlsx", ".docx", ".csv", ".md", ".json", ".jsonl"))


def _out_option(required: bool, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--out", "out", type=click.Path(path_type=Path), required=required, metavar="FILE", help=help_text
    )


def _write(report: Any, out: Path, what: str) -> None:
    write_report(report, out)
    click.echo(f"phongtrao: {len(report.records)} {what} written to {out}", err=True)


@click.command("coverage")
@_db_option
@_selection_options
@click.option(
    "--level",
    type=click.Choice(LEVELS),
    default="commune",
    show_default=True,
    help="Roll units up: commune (each unit as the article names it), district or province.",
)
@click.option(
    "--new-names",
    is_flag=True,
    help="Rows are the units of 1 July 2025 (commune or province level), with the old units in each.",
)
@_out_option(False, f"Write the table to FILE instead of printing it; the extension chooses the format ({_FORMATS}).")
@output_option()
def coverage(
    db_path: Path | None, level: str, new_names: bool, out: Path | None, output_format: str | None, **options: Any
) -> None:
    """Which units reported on which movement, month by month: articles and events per movement × unit × month."""
    try:
        if out is not None:
            if output_format is not None:
                raise UsageError("--format prints to the terminal and --out writes a file: give one of them")
            check_output(out)
        with open_store(default_db_path(db_path), create=False) as store:
            table = coverage_table(store, _filters(options), level=level, new_names=new_names)
        if out is not None:
            _write(coverage_report(table), out, "rows")
            return
    except PhongtraoError as exc:
        _fail(exc)
        return
    _print(table.rows, output_format or _default_format(), [c.key for c in coverage_columns(new_names, level)])


@click.command("export")
@click.argument("kind", type=click.Choice(tuple(SUMMARIES)))
@_out_option(True, f"The file to write; its extension chooses the format ({_FORMATS}).")
@_db_option
@_selection_options
def export(kind: str, out: Path, db_path: Path | None, **options: Any) -> None:
    """Write exemplars (per movement, with unit, article and sentence), events or officials to a report file."""
    try:
        check_output(out)
        filters = _filters(options)
        with open_store(default_db_path(db_path), create=False) as store:
            read, report = SUMMARIES[kind]
            records = read(store, filters)
        _write(report(records, filters), out, kind)
    except PhongtraoError as exc:
        _fail(exc)


COMMANDS = (coverage, export)
