"""The ``phongtrao`` command: a thin click layer over the library.

Exit status: 0 on success, 1 when some inputs failed (each named on standard error in one
line), 2 on bad usage. No traceback reaches a user.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from phongtrao import __version__
from phongtrao.errors import PhongtraoError

FORMATS = ("table", "json", "jsonl", "csv")
READABLE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "jsonl"


def output_option(formats: tuple[str, ...] = FORMATS) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The shared ``--format`` option (table on a terminal, JSON Lines otherwise)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(formats),
        default=None,
        help="Output format (default: table on a terminal, jsonl otherwise).",
    )


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _error(message: str) -> None:
    click.echo(f"phongtrao: error: {message}", err=True)


def write_records(records: Iterable[dict[str, Any]], output_format: str, *, columns: list[str] | None = None) -> None:
    """Print records as JSON Lines, one JSON array, CSV or a rich table."""
    out = sys.stdout
    if output_format == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif output_format == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif output_format == "csv":
        rows = list(records)
        names = columns or (list(rows[0]) if rows else [])
        writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(v) for k, v in row.items()})
    else:
        rows = list(records)
        names = columns or (list(rows[0]) if rows else [])
        table = Table(*names, show_lines=False)
        for row in rows:
            table.add_row(*(_flat(row.get(name)) for name in names))
        Console().print(table)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="phongtrao")
def cli() -> None:
    """Movement news from Vietnamese local portals: extract, store, search."""


# --- extract ---------------------------------------------------------------------------


def _expand_paths(paths: tuple[str, ...]) -> Iterator[str]:
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
            if not found:
                _error(f"{raw}: no .txt/.md/.html/.docx/.pdf files in this directory")
            yield from (str(p) for p in found)
        else:
            yield raw


def extract_one(raw: str, published: str | None) -> dict[str, Any]:
    """Read and analyse one path (or ``-``); raises InputError with a one-line reason."""
    from phongtrao.extract.nlp import analyse
    from phongtrao.extract.readers import read_bytes
    from phongtrao.pipeline import extract_path

    if raw != "-":
        return extract_path(raw, published).to_dict()
    return analyse(read_bytes(sys.stdin.buffer.read(), "<stdin>", published=published)).to_dict()


def _summary_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, value in (
        ("movements", lambda m: m["name"]),
        ("dates", lambda d: d["value"]),
        ("documents", lambda d: " ".join(filter(None, [d["kind"], d["number"], d["date"]]))),
        ("officials", lambda o: ", ".join([o["name"], *o["positions"]])),
        ("units", lambda u: u["name"] + (f" ({u['province']})" if u.get("province") else "")),
        ("organizations", lambda o: o["name"]),
        ("events", lambda e: " ".join(filter(None, [e["type"], e["date"], e["place"]]))),
        ("exemplars", lambda e: " ".join(filter(None, [e["kind"], str(e["count"] or ""), e["name"] or ""]))),
    ):
        for item in record[name]:
            rows.append({"field": name, "value": value(item), "as written": item["text"][:80]})
    return rows


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_iso_date, help="Publication date (YYYY-MM-DD) when the file does not show one.")
@output_option(("table", "json", "jsonl"))
def extract(paths: tuple[str, ...], published: str | None, output_format: str | None) -> None:
    """Print extraction records for files (txt, md, html, docx, pdf), directories or - (stdin)."""
    output_format = output_format or _default_format()
    records = []
    failed = 0
    for raw in _expand_paths(paths):
        try:
            record = extract_one(raw, published)
        except PhongtraoError as exc:
            _error(str(exc))
            failed += 1
            continue
        except Exception as exc:  # a bug must still not cost the other files or show a traceback
            _error(f"{raw}: internal error ({type(exc).__name__}: {exc})")
            failed += 1
            continue
        if output_format == "jsonl":
            write_records([record], "jsonl")
        else:
            records.append(record)
    if output_format == "json":
        write_records(records, "json")
    elif output_format == "table":
        console = Console()
        for record in records:
            console.rule(f"[bold]{record['title'] or record['source']}")
            console.print(
                f"source: {record['source']}   published: {record['published'] or '-'}   "
                f"authors: {', '.join(record['authors']) or '-'}"
            )
            write_records(_summary_rows(record), "table", columns=["field", "value", "as written"])
    if failed:
        sys.exit(1)


# --- evaluate --------------------------------------------------------------------------


@cli.command()
@click.argument("gold", type=click.Path(path_type=Path), default=Path("corpora/gold"))
@click.option("--check", is_flag=True, help="Fail (exit 1) when a score is below its minimum in the baseline.")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="Baseline file of minimums (default: baseline.json beside the gold).",
)
@click.option("--update-baseline", is_flag=True, help="Raise the baseline's minimums to the current scores.")
@click.option("--show-misses", "show_misses", default=None, help="List misses and extras of one field (or 'all').")
@click.option("--ner-baseline", is_flag=True, help="Also score underthesea's ner (PER as officials, LOC as units).")
@output_option(("table", "json"))
def evaluate(
    gold: Path,
    check: bool,
    baseline: Path | None,
    update_baseline: bool,
    show_misses: str | None,
    ner_baseline: bool,
    output_format: str | None,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per field."""
    from phongtrao import evaluate as ev
    from phongtrao.evaluate_pages import evaluate_pages, format_report
    from phongtrao.extract.readers import read_path
    from phongtrao.pipeline import extract_path

    output_format = output_format or "table"
    reports = ev.evaluate(gold, extract_path)
    if ner_baseline:
        reports["underthesea ner (baseline)"] = ev.ner_baseline(gold, lambda p, pub: read_path(p, published=pub))
    page_reports = [evaluate_pages(file) for file in ev.page_gold_files(gold)]
    metrics = reports["all"].metrics()
    for page_report in page_reports:
        metrics.update(page_report.metrics())
    if output_format == "json":
        payload: dict[str, Any] = {name: {"documents": r.documents, **r.metrics()} for name, r in reports.items()}
        payload["pages"] = {k: v for page_report in page_reports for k, v in page_report.metrics().items()}
        payload["skipped"] = reports["all"].skipped
        payload["failed"] = reports["all"].failed
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_reports(reports)
        for page_report in page_reports:
            click.echo(format_report(page_report))
    if show_misses:
        for document, field_name, kind, key in reports["all"].misses:
            if show_misses in ("all", field_name):
                click.echo(f"{document}\t{field_name}\t{kind}\t{key}")
    baseline_path = baseline or ((gold if gold.is_dir() else gold.parent) / "baseline.json")
    if update_baseline:
        data = ev.load_baseline(baseline_path)
        raised = ev.raise_baseline(metrics, data)
        baseline_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"raised: {raised}" if raised else "no minimum raised", err=True)
    if check:
        failures = ev.check(metrics, ev.load_baseline(baseline_path))
        absent = len(reports["all"].skipped) + sum(len(r.skipped) for r in page_reports)
        if absent:
            # Like a test that needs ../shared: the minimums were set on the whole gold, so a
            # partial gold cannot pass or fail them; say so instead of guessing.
            for failure in failures:
                click.echo(f"phongtrao: warning: gate: {failure}", err=True)
            click.echo(f"gate skipped: {absent} gold documents absent (the full gold needs ../shared)", err=True)
            return
        for failure in failures:
            _error(f"gate: {failure}")
        if failures:
            sys.exit(1)
        click.echo(f"gate passed ({baseline_path})", err=True)


def _print_reports(reports: dict[str, Any]) -> None:
    console = Console()
    for name, report in reports.items():
        if not report.documents:
            continue
        title = f"{name}: {report.documents} documents"
        if name == "all" and report.skipped:
            title += f" ({len(report.skipped)} skipped: file absent)"
        table = Table("field", "precision", "recall", "F1", "tp", "fp", "fn", title=title)
        for field_name, score in report.fields.items():
            table.add_row(
                field_name,
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                str(score.tp),
                str(score.fp),
                str(score.fn),
            )
        for acc_name, acc in report.accuracies.items():
            table.add_row(
                f"{acc_name} (accuracy)", "", "", f"{acc.value:.3f}", str(acc.right), "", str(acc.total - acc.right)
            )
        console.print(table)
    for failure in reports["all"].failed:
        _error(failure)


def main() -> None:
    """Entry point: usage errors exit 2, input failures 1, never a traceback."""
    try:
        code = cli.main(standalone_mode=False)  # click's own mode would say "Aborted!" and exit 1 on Ctrl-C
    except (KeyboardInterrupt, click.exceptions.Abort):
        _error("interrupted")
        sys.exit(130)
    except click.ClickException as exc:  # usage errors: click's message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except PhongtraoError as exc:
        _error(str(exc))
        sys.exit(1)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # the last guard: one line, never a traceback
        _error(f"internal error ({type(exc).__name__}: {exc})")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _register_commands() -> None:
    """The crawler's, the store's and the reports' commands live beside their libraries; they join the group here."""
    from phongtrao.export.commands import coverage, export
    from phongtrao.scraper.commands import crawl, process, sources
    from phongtrao.store.commands import events, ingest, movements, officials, search_command, serve_command, units

    commands = (ingest, crawl, process, sources, search_command, events, officials, movements, units, coverage, export)
    commands = (*commands, serve_command)
    for command in commands:
        cli.add_command(command)


_register_commands()
