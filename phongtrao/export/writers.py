"""Records → a file whose extension chooses the format: .csv, .xlsx, .docx, .md, .json, .jsonl.

A :class:`Report` is what every export is: a title, intro lines, columns with Vietnamese
labels, the records, and optionally a column whose value makes one section per value (the
movement of an exemplar). The documents (.docx, .md) get a section per value with a table
each; the sheets (.csv, .xlsx) keep one flat table with that column in it; .json/.jsonl keep
the records as they are, with their field names, for programs.

Files are written to a temporary file in the same folder and renamed over ``--out`` at the
end, so a failure or Ctrl-C never leaves a half-written file there. Every failure a user can
meet is one line naming the file: :class:`ExportError` (exit 1), or a
:class:`~phongtrao.errors.UsageError` for an extension no writer knows (exit 2).
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phongtrao.errors import PhongtraoError, UsageError
from phongtrao.store.search import MARK_CLOSE, MARK_OPEN

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML (docx, xlsx)
_MARK_RE = re.compile(re.escape(MARK_OPEN) + r"(.*?)" + re.escape(MARK_CLOSE), re.S)
# A cell starting with one of these is a formula to Excel: "- Đồng chí…" would show #NAME?,
# and "=HYPERLINK(…)" scraped from a portal would run. CSV cells get a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@")
SHEET_NAME_MAX = 31


class ExportError(PhongtraoError):
    """The output file cannot be written; ``str()`` is one line naming it."""


@dataclass(frozen=True)
class Column:
    """One column: the record's key, its Vietnamese label, its width in characters (xlsx, docx).

    ``labels`` names coded values for people ("household" → "Hộ gia đình"); ``date`` keeps an
    ISO date as text in .xlsx (Excel would turn it into a locale-dependent number otherwise);
    ``missing`` is what a person reads where there is no value.
    """

    key: str
    label: str
    width: int = 16
    labels: Mapping[str, str] | None = None
    date: bool = False
    missing: str = ""  # shown for no value ("Chưa rõ phong trào")


@dataclass(frozen=True)
class Report:
    """What an export writes: the same records whatever the format."""

    title: str
    columns: tuple[Column, ...]
    records: Sequence[Mapping[str, Any]]
    intro: tuple[str, ...] = ()
    sheet: str = "Dữ liệu"
    group_by: str | None = None  # key of the column whose values make the sections of .docx/.md
    ungrouped: str = "Khác"  # the section of records with no value there
    section_note: Callable[[list[Mapping[str, Any]]], str] | None = field(default=None, compare=False)
    empty: str = "Không có dữ liệu phù hợp với bộ lọc."


# ------------------------------------------------------------------------------------------ values


def clean_text(text: str) -> str:
    """NFC, without the control characters XML refuses (scraped text sometimes carries them)."""
    return _CONTROL_RE.sub("", unicodedata.normalize("NFC", text))


def clean_record(value: Any) -> Any:
    """A record (or any JSON value) with every string cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {key: clean_record(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_record(item) for item in value]
    return value


def cell_value(record: Mapping[str, Any], column: Column) -> str | int | float:
    """What a person reads in the cell: labels for codes, lists joined, "" for nothing (marks kept)."""
    value = record.get(column.key)
    if value is None or value == []:
        return column.missing
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(str(cell_value({column.key: item}, column)) for item in value)
    text = clean_text(str(value))
    return column.labels.get(text, text) if column.labels else text


def marked_parts(text: str) -> list[tuple[str, bool]]:
    """ "a <mark>b</mark> c" → [("a ", False), ("b", True), (" c", False)], empty parts left out."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _MARK_RE.finditer(text):
        parts.append((text[position : match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    parts.append((text[position:], False))
    return [(part, marked) for part, marked in parts if part]


def strip_marks(text: str) -> str:
    return "".join(part for part, _ in marked_parts(text))


def sections(report: Report) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """(heading, records) in order of first appearance; a list value puts a record in each of its sections."""
    if report.group_by is None:
        return [(report.title, list(report.records))]
    found: dict[str, list[Mapping[str, Any]]] = {}
    others: list[Mapping[str, Any]] = []
    for record in report.records:
        value = record.get(report.group_by)
        names = [value] if isinstance(value, str) else list(value or ())
        for name in dict.fromkeys(clean_text(n) for n in names if n):
            found.setdefault(name, []).append(record)
        if not any(names):
            others.append(record)
    if others:
        found.setdefault(report.ungrouped, []).extend(others)
    return list(found.items())


def section_columns(report: Report) -> tuple[Column, ...]:
    """The columns of a section's table: the grouping column is the section's heading."""
    return tuple(column for column in report.columns if column.key != report.group_by)


# ------------------------------------------------------------------------------------------ writers


def write_csv(report: Report, path: Path) -> None:
    # UTF-8 with a byte-order mark: Excel on Vietnamese Windows reads a CSV without one in the
    # ANSI code page (windows-1258) and shows "Ä‘" for "đ"; with the BOM it reads UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.label for column in report.columns])
        for record in report.records:
            writer.writerow([_csv_cell(cell_value(record, column)) for column in report.columns])


def _csv_cell(value: str | int | float) -> str | int | float:
    if not isinstance(value, str):
        return value
    text = " ".join(strip_marks(value).split())
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_name(report.sheet)
    bold = Font(bold=True)
    for index, column in enumerate(report.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, record in enumerate(report.records, start=2):
        for index, column in enumerate(report.columns, start=1):
            cell = sheet.cell(row=row, column=index)
            value = cell_value(record, column)
            if isinstance(value, str):
                cell.value = _rich_text(value)
                cell.data_type = "s"  # text, even "=…" or "#N/A" from a web page: never a formula
                if column.date:
                    cell.number_format = "@"
                if column.width >= 40:
                    cell.alignment = wrap
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    if report.records:
        sheet.auto_filter.ref = sheet.dimensions
    about = workbook.create_sheet("Thông tin")
    about.column_dimensions["A"].width = 120
    about.cell(row=1, column=1, value=clean_text(report.title)).font = bold
    for row, line in enumerate(report.intro, start=2):
        about.cell(row=row, column=1, value=clean_text(line)).data_type = "s"
    workbook.save(path)


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", clean_text(name))[:SHEET_NAME_MAX].strip() or "Sheet"


def _rich_text(text: str) -> Any:
    """The text, with its <mark>ed part in bold when there is one."""
    parts = marked_parts(text)
    if not any(marked for _, marked in parts):
        return text
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    return CellRichText([TextBlock(InlineFont(b=True), part) if marked else part for part, marked in parts])


def write_docx(report: Report, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = (
        max(section.page_width, section.page_height),
        min(section.page_width, section.page_height),
    )
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"  # the font of Vietnamese administrative documents
    normal.font.size = Pt(11)
    document.add_heading(clean_text(report.title), level=0)
    for line in report.intro:
        document.add_paragraph(clean_text(line))
    if not report.records:
        document.add_paragraph(report.empty)
    usable = section.page_width - section.left_margin - section.right_margin
    grouped = report.group_by is not None
    for heading, records in sections(report):
        if grouped:
            document.add_heading(heading, level=1)
            if report.section_note:
                document.add_paragraph(clean_text(report.section_note(records)))
        _docx_table(document, section_columns(report), records, usable)
    document.save(path)


# A page is narrower than a sheet: short columns ("Số lượng", "Ngày đăng") get room for their label.
DOCX_MIN_WIDTH = 13


def _docx_table(document: Any, columns: tuple[Column, ...], records: list[Mapping[str, Any]], usable: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    weights = [max(column.width, DOCX_MIN_WIDTH) for column in columns]
    widths = [int(usable * weight / sum(weights)) for weight in weights]
    for table_column, width in zip(table.columns, widths, strict=True):
        table_column.width = width  # the table grid: LibreOffice sizes columns by it, not by cells
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page of a long table
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, column, width in zip(header.cells, columns, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(column.label).bold = True
    for record in records:
        cells = table.add_row().cells
        for cell, column, width in zip(cells, columns, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            value = cell_value(record, column)
            for part, marked in marked_parts(value) if isinstance(value, str) else [(str(value), False)]:
                paragraph.add_run(part).bold = marked or None


def write_markdown(report: Report, path: Path) -> None:
    lines = [f"# {_md_text(report.title)}", ""]
    if report.intro:
        lines += [" \\\n".join(_md_text(line) for line in report.intro), ""]
    if not report.records:
        lines += [report.empty, ""]
    grouped = report.group_by is not None
    columns = section_columns(report)
    for heading, records in sections(report):
        if grouped:
            lines += [f"## {_md_text(heading)}", ""]
            if report.section_note:
                lines += [_md_text(report.section_note(records)), ""]
        lines.append("| " + " | ".join(_md_text(column.label) for column in columns) + " |")
        lines.append("| " + " | ".join("---:" if _numeric(records, column) else "---" for column in columns) + " |")
        for record in records:
            lines.append("| " + " | ".join(_md_cell(cell_value(record, column)) for column in columns) + " |")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def _numeric(records: list[Mapping[str, Any]], column: Column) -> bool:
    values = [record.get(column.key) for record in records if record.get(column.key) is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _md_text(text: str) -> str:
    """Text for a Markdown table cell: on one line, with | * \\ escaped."""
    return _md_escape(" ".join(clean_text(text).split()))


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


def _md_cell(value: str | int | float) -> str:
    """A cell on one line; the <mark>ed words in bold."""
    if not isinstance(value, str):
        return str(value)
    one_line = " ".join(clean_text(value).split())
    return "".join(f"**{_md_escape(part)}**" if marked else _md_escape(part) for part, marked in marked_parts(one_line))


def write_json(report: Report, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump([clean_record(dict(record)) for record in report.records], handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def write_jsonl(report: Report, path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in report.records:
            handle.write(json.dumps(clean_record(dict(record)), ensure_ascii=False) + "\n")


WRITERS: dict[str, Callable[[Report, Path], None]] = {
    ".csv": write_csv,
    ".xlsx": write_xlsx,
    ".docx": write_docx,
    ".md": write_markdown,
    ".json": write_json,
    ".jsonl": write_jsonl,
}


# ------------------------------------------------------------------------------------------ the output file


def writer_for(path: Path) -> Callable[[Report, Path], None]:
    """The writer the file's extension asks for; a UsageError naming the file otherwise."""
    known = ", ".join(WRITERS)
    if not path.suffix:
        raise UsageError(f"{path}: no extension to choose the format from (use {known})")
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise UsageError(f"{path}: unknown output format {path.suffix!r} (use {known})")
    return writer


def check_output(path: Path) -> None:
    """Fail before any work when the file could not be written: unknown extension, no folder, a folder."""
    writer_for(path)
    if path.is_dir():
        raise ExportError(f"{path}: cannot write: it is a folder")
    parent = path.parent
    if not parent.exists():
        raise ExportError(f"{path}: cannot write: folder {parent} does not exist")
    if not parent.is_dir():
        raise ExportError(f"{path}: cannot write: {parent} is not a folder")


def write_report(report: Report, path: Path) -> Path:
    """Write ``report`` to ``path`` in the format of its extension, all of it or nothing."""
    writer = writer_for(path)
    check_output(path)
    with replacing(path) as temporary:
        writer(report, temporary)
    return path


def _reason(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{path}: cannot write: folder {path.parent} does not exist"
    if isinstance(exc, NotADirectoryError):
        return f"{path}: cannot write: {path.parent} is not a folder"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: cannot write: it is a folder"
    if isinstance(exc, PermissionError):
        return f"{path}: cannot write: permission denied"
    return f"{path}: cannot write ({exc.strerror or exc})"


def _file_mode(path: Path) -> int:
    """The mode the output gets: the replaced file's, else what a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it when the block succeeds, and is removed otherwise."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(_reason(path, exc)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        raise ExportError(_reason(path, exc)) from None
    finally:
        temporary.unlink(missing_ok=True)
