"""Exports: the coverage table and the exemplar, event and official summaries, as real files.

A real store built from the search corpus and a few more articles in the portals' phrasing;
every file written is opened again with the library that reads its format (openpyxl,
python-docx, csv, a Markdown table parser) and checked against values read from the store.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import stat
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from phongtrao.cli import cli  # noqa: F401  first: it registers the store's commands once its helpers exist
from phongtrao.errors import UsageError
from phongtrao.export import (
    Column,
    ExportError,
    Report,
    coverage,
    event_records,
    exemplar_records,
    official_records,
    write_report,
)
from phongtrao.export import writers as writers_module
from phongtrao.export.commands import COMMANDS
from phongtrao.extract.units import unit_by_code
from phongtrao.store import Filters, open_store, upsert_many
from tests.test_search import CORPUS
from tests.test_store import DVK, TDDK, build

GROUP = click.Group(commands={command.name: command for command in COMMANDS})
KIND_LABELS = {"collective": "Tập thể", "individual": "Cá nhân", "household": "Hộ gia đình", "model": "Mô hình"}
DOCUMENTS = (".docx", ".md")  # one section per movement
SHEETS = (".xlsx", ".csv")  # one flat table
MARKED_RE = re.compile(r"</?mark>")

CAI_LAY_TEXT = (
    "Xã Tân Bình, thị xã Cai Lậy biểu dương 12 hộ gia đình văn hóa tiêu biểu trong phong trào "
    '"Toàn dân đoàn kết xây dựng đời sống văn hóa". '
    'Xã Thanh Hòa ra mắt mô hình "Dân vận khéo" Tổ tự quản đường hoa. '
    'Xã Thanh Hòa tổ chức kiểm tra mô hình "Dân vận khéo".'
)
CAI_LAY_SENTENCES = CAI_LAY_TEXT.split(". ")
# A title as scraped: decomposed (NFD) letters, a vertical tab, a leading dash, a pipe and asterisks.
BULLETIN_TITLE = "- Bản tin | *tuần 1*\x0b"


def _cai_lay():
    extraction = build(
        CAI_LAY_TEXT,
        source="/tmp/phongtrao-export/cai-lay.txt",
        title="Cai Lậy biểu dương gia đình văn hóa và ra mắt mô hình Dân vận khéo",
        published="2020-09-18",
        movements=(("Toàn dân đoàn kết xây dựng đời sống văn hóa", TDDK), ("Dân vận khéo", DVK)),
        units=(
            ("Xã Tân Bình", "xã Tân Bình", "commune", "28462", "Tiền Giang"),
            ("thị xã Cai Lậy", "thị xã Cai Lậy", "district", "817", "Tiền Giang"),
            ("Xã Thanh Hòa", "xã Thanh Hòa", "commune", "28480", "Tiền Giang"),
        ),
        events=(
            ("khen_thuong", CAI_LAY_SENTENCES[0] + ".", (TDDK[1],), ()),
            ("kiem_tra", CAI_LAY_SENTENCES[2], (DVK[1],), ()),
        ),
        exemplars=(
            ("12 hộ gia đình văn hóa tiêu biểu", "household", TDDK[1]),
            ("Tổ tự quản đường hoa", "model", DVK[1]),
        ),
    )
    household, model = extraction.exemplars
    khen_thuong, kiem_tra = extraction.events
    return replace(
        extraction,
        exemplars=(replace(household, name=None, count=12), model),
        events=(khen_thuong, replace(kiem_tra, place="xã Thanh Hòa")),
    )


def _bulletin():
    return build(
        "Bản tin tuần: mô hình Tổ phụ nữ tiết kiệm vì người nghèo tiếp tục được nhân rộng.",
        source="/tmp/phongtrao-export/ban-tin.txt",
        title=unicodedata.normalize("NFD", BULLETIN_TITLE),
        exemplars=(("Tổ phụ nữ tiết kiệm vì người nghèo", "model", None),),
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store.db"
    with open_store(path) as store:
        upsert_many(store, [*CORPUS.values(), _cai_lay(), _bulletin()], source="Cổng thông tin huyện Đắk Song")
    return path


@pytest.fixture
def store(db):
    with open_store(db, create=False) as opened:
        yield opened


def run(*args: str):
    return CliRunner().invoke(GROUP, list(args), env={"COLUMNS": "250"}, catch_exceptions=False)


def sql(db: Path, query: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def vn(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


# ------------------------------------------------------------------------------------------ reading files back


def _md_cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [re.sub(r"\\(.)", r"\1", cell.strip()) for cell in cells]


def read_md(path: Path) -> tuple[list[str], dict[str, list[dict[str, str]]]]:
    """(title and intro lines, section heading → rows of label → cell with **bold** kept)."""
    head: list[str] = []
    sections: dict[str, list[dict[str, str]]] = {}
    heading, labels = None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading, labels = line[3:], None
        elif line.startswith("|"):
            cells = _md_cells(line)
            if labels is None:
                labels = cells
            elif not all(re.fullmatch(r"-+:?", cell) for cell in cells):
                assert len(cells) == len(labels), line
                sections.setdefault(heading, []).append(dict(zip(labels, cells, strict=True)))
        elif heading is None and line.strip():
            head.append(line.rstrip(" \\"))
    return head, sections


def read_docx(path: Path) -> tuple[list[str], dict[str, list[dict[str, str]]], list]:
    """(paragraphs before the first section, heading → rows, and every table cell's runs)."""
    from docx import Document
    from docx.table import Table

    document = Document(str(path))
    head: list[str] = []
    sections: dict[str, list[dict[str, str]]] = {}
    runs = []
    heading = None
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            labels = [cell.text for cell in block.rows[0].cells]
            assert all(run.bold for cell in block.rows[0].cells for run in cell.paragraphs[0].runs)
            for row in block.rows[1:]:
                sections.setdefault(heading, []).append(
                    dict(zip(labels, (cell.text for cell in row.cells), strict=True))
                )
                runs += [[(run.text, bool(run.bold)) for run in cell.paragraphs[0].runs] for cell in row.cells]
        elif block.style.name.startswith("Heading"):
            heading = block.text
        elif heading is None and block.text:
            head.append(block.text)
    return head, sections, runs


def read_xlsx(path: Path) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], (v if v is not None else "" for v in row), strict=True)) for row in rows[1:]]


def read_csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def flat_rows(path: Path, group_label: str) -> list[dict[str, object]]:
    """Rows of any table format as label → value, the section heading put back as ``group_label``."""
    if path.suffix == ".xlsx":
        return read_xlsx(path)
    if path.suffix == ".csv":
        return read_csv(path)
    sections = read_md(path)[1] if path.suffix == ".md" else read_docx(path)[1]
    return [{group_label: heading, **row} for heading, rows in sections.items() for row in rows]


def plain(text: str) -> str:
    return MARKED_RE.sub("", text)


# ------------------------------------------------------------------------------------------ coverage


def cov(store, **options) -> dict[tuple, tuple[int, int]]:
    """(movement id, unit, month) → (articles, events)."""
    level = options.pop("level", "commune")
    new_names = options.pop("new_names", False)
    table = coverage(store, Filters(**options), level=level, new_names=new_names)
    return {(r["movement_id"], r["unit"], r["month"]): (r["articles"], r["events"]) for r in table.rows}


def test_coverage_counts_articles_and_events_per_unit_as_named(store):
    rows = cov(store)
    assert rows[(TDDK[0], "xã Tân Bình", "2020-09")] == (1, 1)  # the commendation names no place: every unit
    assert rows[(TDDK[0], "thị xã Cai Lậy", "2020-09")] == (1, 1)
    assert rows[(DVK[0], "xã Thanh Hòa", "2020-09")] == (1, 1)  # the inspection took place in xã Thanh Hòa
    assert rows[(DVK[0], "xã Tân Bình", "2020-09")] == (1, 0)
    assert rows[(DVK[0], "thị xã Cai Lậy", "2020-09")] == (1, 0)
    assert rows[(TDDK[0], "xã Trường Xuân", "2020-10")] == (1, 1)
    assert rows[(TDDK[0], "quận Hoàng Mai", "2018-10")] == (1, 1)
    assert rows[(DVK[0], "xã Đông Thạnh", "2020-07")] == (1, 1)
    assert not any(key[1] == "xã Đắk Môl" for key in rows)  # the festival article names no movement


@pytest.mark.parametrize("level", ["commune", "district", "province"])
def test_coverage_agrees_with_counting_the_tables_by_hand(store, db, level):
    """An independent count over the raw tables, rolling units up with the gazetteer."""

    def rolled(unit_id: int) -> str:
        _, name, kind, district, province = units[unit_id]
        target = {"district": district if kind == "commune" else None, "province": province}.get(level)
        if target and kind != "province":
            return unit_by_code(target).full_name
        return name

    units = {
        row[0]: row[1:] for row in sql(db, "SELECT id, code, name, level, district_code, province_code FROM units")
    }
    month = dict(sql(db, "SELECT id, substr(published, 1, 7) FROM articles"))
    article_units: dict[int, set[str]] = {}
    for article, unit in sql(db, "SELECT article_id, unit_id FROM unit_mentions"):
        article_units.setdefault(article, set()).add(rolled(unit))
    pairs = set(sql(db, "SELECT article_id, movement_id FROM movement_mentions")) | set(
        sql(db, "SELECT e.article_id, m.movement_id FROM events e JOIN event_movements m ON m.event_id = e.id")
    )
    expected: Counter = Counter()
    for article, movement in pairs:
        for unit in article_units.get(article) or {None}:
            expected[(movement, unit, month[article], "articles")] += 1
    for _, article, unit_id, movement in sql(
        db,
        "SELECT e.id, e.article_id, e.unit_id, m.movement_id FROM events e JOIN event_movements m ON m.event_id = e.id",
    ):
        for unit in {rolled(unit_id)} if unit_id else article_units.get(article) or {None}:
            expected[(movement, unit, month[article], "events")] += 1
    rows = cov(store, level=level)
    got = Counter()
    for (movement, unit, month_), (articles, events) in rows.items():
        got[(movement, unit, month_, "articles")] += articles
        got[(movement, unit, month_, "events")] += events
    assert +got == +expected


def test_coverage_rolls_up_to_district_and_province(store):
    district = cov(store, level="district")
    assert district[(TDDK[0], "thị xã Cai Lậy", "2020-09")] == (1, 1)  # one article, however many communes
    assert district[(DVK[0], "thị xã Cai Lậy", "2020-09")] == (1, 1)
    assert district[(TDDK[0], "huyện Đắk Song", "2020-10")] == (1, 1)
    assert not any(unit and unit.startswith("xã") for _, unit, _ in district)
    province = cov(store, level="province")
    assert province[(TDDK[0], "tỉnh Tiền Giang", "2020-09")] == (1, 1)
    assert province[(TDDK[0], "tỉnh Đắk Nông", "2020-10")] == (1, 1)
    assert province[(TDDK[0], "thành phố Hà Nội", "2018-10")] == (1, 1)


def test_coverage_with_2025_names_gathers_the_merged_units(store):
    table = coverage(store, level="commune", new_names=True)
    merged = next(r for r in table.rows if r["movement_id"] == TDDK[0] and r["unit"] == "phường Thanh Hòa")
    assert merged["former_units"] == ["xã Tân Bình", "xã Thanh Hòa"]  # the two communes merged in 2025
    assert (merged["articles"], merged["events"]) == (1, 1)  # one article, one commendation: counted once
    dvk = next(r for r in table.rows if r["movement_id"] == DVK[0] and r["unit"] == "phường Thanh Hòa")
    assert dvk["former_units"] == ["xã Tân Bình", "xã Thanh Hòa"] and (dvk["articles"], dvk["events"]) == (1, 1)
    assert dvk["province"] == "tỉnh Đồng Tháp"
    provinces = {(r["unit"], tuple(r["former_units"])) for r in coverage(store, level="province", new_names=True).rows}
    assert ("tỉnh Lâm Đồng", ("tỉnh Đắk Nông",)) in provinces
    with pytest.raises(UsageError, match="no districts after 1 July 2025"):
        coverage(store, level="district", new_names=True)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"unit": "tỉnh Lâm Đồng"}, {(TDDK[0], "xã Trường Xuân", "2020-10"), (TDDK[0], "huyện Đắk Song", "2020-10")}),
        ({"unit": "tinh dak nong", "level": "province"}, {(TDDK[0], "tỉnh Đắk Nông", "2020-10")}),
        (
            {"movement": "Dân vận khéo", "level": "district"},
            {(DVK[0], "thị xã Cai Lậy", "2020-09"), (DVK[0], "huyện Châu Thành", "2020-07")},
        ),
        ({"date_from": "2020-10", "date_to": "2020-12", "level": "province"}, {(TDDK[0], "tỉnh Đắk Nông", "2020-10")}),
    ],
)  # fmt: skip
def test_coverage_filters_narrow_the_rows(store, filters, expected):
    assert set(cov(store, **filters)) == expected


def test_coverage_type_filter_counts_only_those_events(store):
    rows = cov(store, type="kiem_tra")
    assert rows[(TDDK[0], "xã Tân Bình", "2020-09")] == (1, 0)  # the commendation is not an inspection
    assert rows[(DVK[0], "xã Thanh Hòa", "2020-09")] == (1, 1)
    assert not any(key[1] == "quận Hoàng Mai" for key in rows)


def test_coverage_command_prints_rows_and_tables(db, store):
    printed = [json.loads(line) for line in run("coverage", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert printed == coverage(store).rows
    table = run("coverage", "--db", str(db), "--level", "province", "--format", "table")
    assert table.exit_code == 0 and "tỉnh Tiền Giang" in table.stdout and "articles" in table.stdout
    as_csv = run("coverage", "--db", str(db), "--new-names", "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "movement,unit,former_units,province,month,articles,events"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv", ".md"])
def test_coverage_out_writes_every_row(db, store, tmp_path, suffix):
    out = tmp_path / f"coverage{suffix}"
    result = run("coverage", "--db", str(db), "--level", "district", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    rows = coverage(store, level="district").rows
    assert f"{len(rows)} rows written to {out}" in result.stderr
    found = {
        (str(r["Phong trào"]), str(r["Đơn vị"]), str(r["Tháng"]), int(r["Số bài"]), int(r["Số sự kiện"]))
        for r in flat_rows(out, "Phong trào")
    }
    assert found == {
        (r["movement"], r["unit"] or "(không nêu đơn vị)", r["month"] or "", r["articles"], r["events"]) for r in rows
    }


# ------------------------------------------------------------------------------------------ exemplars


def test_exemplar_records_carry_unit_article_and_sentence(store):
    records = {r["name"]: r for r in exemplar_records(store)}
    household = records["12 hộ gia đình văn hóa tiêu biểu"]  # no name: as written
    assert (household["kind"], household["count"], household["movement"]) == ("household", 12, TDDK[1])
    assert (household["unit"], household["unit_2025"]) == ("xã Tân Bình", "phường Thanh Hòa")  # named in its sentence
    assert household["sentence"].startswith("Xã Tân Bình, thị xã Cai Lậy biểu dương <mark>12 hộ gia đình")
    assert records["Tổ tự quản đường hoa"]["unit"] == "xã Thanh Hòa"  # the nearest, not the article's first
    assert records["Hộ gia đình ông Lê Văn Tám"]["unit"] == "xã Trường Xuân"  # none in its sentence
    assert records["Tổ phụ nữ tiết kiệm vì người nghèo"]["movement"] is None
    assert [r["movement"] for r in exemplar_records(store, Filters(movement="TDĐKXDĐSVH"))] == [TDDK[1], TDDK[1]]


def _expected_exemplars(db: Path, store) -> set[tuple]:
    """(movement, kind, name, unit, title, published, sentence) for every exemplar in the store."""
    records = exemplar_records(store)
    assert len(records) == sql(db, "SELECT count(*) FROM exemplars")[0][0]
    return {
        (
            r["movement"] or "Chưa rõ phong trào",
            KIND_LABELS[r["kind"]],
            r["name"],
            r["unit"] or "",
            unicodedata.normalize("NFC", r["title"]).replace("\x0b", ""),
            r["published"] or "",
            plain(r["sentence"]),
        )
        for r in records
    }


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv", ".md"])
def test_exemplar_export_holds_every_exemplar(db, store, tmp_path, suffix):
    out = tmp_path / f"dien-hinh{suffix}"
    result = run("export", "exemplars", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    rows = flat_rows(out, "Phong trào")

    def unquoted(value: object) -> str:  # CSV guards a leading "-" from Excel's formula parser
        text = str(value)
        return text[1:] if suffix == ".csv" and text.startswith("'-") else text

    found = {
        (
            str(r["Phong trào"]),
            str(r["Loại"]),
            str(r["Điển hình"]),
            str(r["Đơn vị"]),
            unquoted(r["Bài viết"]),
            str(r["Ngày đăng"]),
            str(r["Trích dẫn"]).replace("**", ""),
        )
        for r in rows
    }
    assert found == _expected_exemplars(db, store)
    counts = {str(r["Điển hình"]): r["Số lượng"] for r in rows}
    assert counts["12 hộ gia đình văn hóa tiêu biểu"] in (12, "12")


def test_exemplar_docx_has_title_filters_date_range_and_a_section_per_movement(db, tmp_path):
    out = tmp_path / "dien-hinh.docx"
    assert run("export", "exemplars", "--db", str(db), "--unit", "tỉnh Đồng Tháp", "--out", str(out)).exit_code == 0
    head, sections, runs = read_docx(out)
    first, last = sql(
        db,
        "SELECT min(a.published), max(a.published) FROM articles a JOIN exemplars x ON x.article_id = a.id "
        "JOIN unit_mentions m ON m.article_id = a.id JOIN units u ON u.id = m.unit_id WHERE u.province_code = '82'",
    )[0]
    assert head[0] == "Tổng hợp điển hình tiên tiến theo phong trào"
    assert "đơn vị: tỉnh Đồng Tháp" in head[1]
    assert f"từ ngày {vn(first)} đến ngày {vn(last)}" in head[2]
    assert set(sections) == {TDDK[1], DVK[1]}  # Cai Lậy went into tỉnh Đồng Tháp
    assert [row["Điển hình"] for row in sections[DVK[1]]] == ["Tổ tự quản đường hoa"]
    assert {text for cell in runs for text, bold in cell if bold} == {
        "Tổ tự quản đường hoa",
        "12 hộ gia đình văn hóa tiêu biểu",
    }


def test_exemplar_docx_marks_the_exemplar_in_bold(db, tmp_path):
    out = tmp_path / "all.docx"
    assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
    _, _, runs = read_docx(out)
    bold = {text for cell in runs for text, is_bold in cell if is_bold}
    assert bold == {row[0] for row in sql(db, "SELECT text FROM exemplars")}


def test_exemplar_xlsx_header_dates_widths_and_text_cells(db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "dien-hinh.xlsx"
    assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
    workbook = load_workbook(out)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Phong trào", "Loại", "Điển hình", "Số lượng"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = {
        label: sheet.column_dimensions[cell.column_letter].width for label, cell in zip(header, sheet[1], strict=True)
    }
    assert widths["Trích dẫn"] >= 40 and widths["Số lượng"] < widths["Bài viết"]
    date_column = header.index("Ngày đăng") + 1
    dates = [sheet.cell(row=row, column=date_column) for row in range(2, sheet.max_row + 1)]
    published = {row[0] for row in sql(db, "SELECT published FROM articles WHERE published IS NOT NULL")}
    dated = [cell for cell in dates if cell.value]
    assert dated and all(cell.data_type == "s" and cell.value in published for cell in dated)
    titles = [sheet.cell(row=row, column=header.index("Bài viết") + 1).value for row in range(2, sheet.max_row + 1)]
    assert "- Bản tin | *tuần 1*" in titles  # NFC, the control character gone, no formula
    intro = [row[0] for row in workbook["Thông tin"].iter_rows(values_only=True)]
    assert intro[0] == "Tổng hợp điển hình tiên tiến theo phong trào" and intro[1].startswith("Bộ lọc:")


def test_exemplar_csv_is_excel_ready(db, tmp_path):
    out = tmp_path / "dien-hinh.csv"
    assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
    rows = read_csv(out)
    assert "'- Bản tin | *tuần 1*" in {row["Bài viết"] for row in rows}  # not a formula to Excel
    assert not any("<mark>" in row["Trích dẫn"] for row in rows)


def test_exemplar_markdown_has_a_table_per_movement(db, tmp_path):
    out = tmp_path / "dien-hinh.md"
    assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
    head, sections = read_md(out)
    movements = {
        row[0] for row in sql(db, "SELECT DISTINCT mv.name FROM exemplars x JOIN movements mv ON mv.id = x.movement_id")
    }
    assert set(sections) == movements | {"Chưa rõ phong trào"}
    assert list(sections)[-1] == "Chưa rõ phong trào"
    assert head[0] == "# Tổng hợp điển hình tiên tiến theo phong trào"
    first, last = sql(
        db, "SELECT min(published), max(published) FROM articles WHERE id IN (SELECT article_id FROM exemplars)"
    )[0]
    assert first != last and f"bài đăng từ ngày {vn(first)} đến ngày {vn(last)} (1 bài không rõ ngày đăng)" in head[2]
    household = next(r for r in sections[TDDK[1]] if r["Điển hình"] == "12 hộ gia đình văn hóa tiêu biểu")
    assert "biểu dương **12 hộ gia đình văn hóa tiêu biểu** trong" in household["Trích dẫn"]
    assert sections["Chưa rõ phong trào"][0]["Bài viết"] == "- Bản tin | *tuần 1*"  # pipes and stars escaped


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_exemplar_json_keeps_the_records(db, store, tmp_path, suffix):
    out = tmp_path / f"dien-hinh{suffix}"
    assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    loaded = json.loads(text) if suffix == ".json" else [json.loads(line) for line in text.splitlines()]
    expected = exemplar_records(store)
    assert [r["sentence"] for r in loaded] == [r["sentence"] for r in expected]
    bulletin = next(r for r in loaded if r["movement"] is None)
    assert bulletin["title"] == "- Bản tin | *tuần 1*"


# ------------------------------------------------------------------------------------------ events and officials


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv", ".md"])
def test_event_export_lists_every_event_under_its_movements(db, store, tmp_path, suffix):
    out = tmp_path / f"su-kien{suffix}"
    assert run("export", "events", "--db", str(db), "--out", str(out)).exit_code == 0
    rows = flat_rows(out, "Phong trào")
    found = {(str(r["Phong trào"]), str(r["Nội dung"]), str(r["Ngày đăng"])) for r in rows}
    records = event_records(store)
    assert len(records) == sql(db, "SELECT count(*) FROM events")[0][0]
    if suffix in DOCUMENTS:
        expected = {
            (m, r["sentence"], r["published"] or "") for r in records for m in r["movements"] or ["Chưa rõ phong trào"]
        }
    else:
        expected = {
            ("; ".join(r["movements"]) or "Chưa rõ phong trào", r["sentence"], r["published"] or "") for r in records
        }
    assert found == expected
    inspection = next(r for r in rows if str(r["Nội dung"]).startswith("Xã Thanh Hòa tổ chức kiểm tra"))
    assert (inspection["Loại sự kiện"], inspection["Địa điểm"]) == ("Kiểm tra, giám sát", "xã Thanh Hòa")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv", ".md"])
def test_official_export(db, store, tmp_path, suffix):
    out = tmp_path / f"can-bo{suffix}"
    assert run("export", "officials", "--db", str(db), "--out", str(out), "--unit", "huyện Đắk Song").exit_code == 0
    rows = flat_rows(out, "")
    expected = official_records(store, Filters(unit="huyện Đắk Song"))
    assert [r["name"] for r in expected] == ["Nguyễn Văn Phò"]
    assert [(r["Họ và tên"], r["Chức vụ"], str(r["Số bài"])) for r in rows] == [
        (r["name"], "; ".join(r["positions"]), str(r["articles"])) for r in expected
    ]


# ------------------------------------------------------------------------------------------ Vietnamese text, no clock


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".csv", ".md", ".json"])
def test_every_text_is_nfc(db, tmp_path, suffix):
    out = tmp_path / f"dien-hinh{suffix}"
    assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
    if suffix == ".docx":
        head, sections, _ = read_docx(out)
        texts = head + [str(v) for rows in sections.values() for row in rows for v in (*row, *row.values())]
    elif suffix == ".xlsx":
        texts = [str(v) for row in read_xlsx(out) for v in (*row, *row.values())]
    else:
        texts = [out.read_text(encoding="utf-8-sig")]
    assert texts and all(unicodedata.is_normalized("NFC", text) for text in texts)
    assert any("Bản tin" in text for text in texts)


def test_outputs_depend_on_the_data_only(db, tmp_path):
    """Two runs give the same files (md, csv, json) and the same text (docx, xlsx)."""
    for suffix in (".md", ".csv", ".json", ".jsonl", ".docx", ".xlsx"):
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        for out in (first, second):
            assert run("export", "exemplars", "--db", str(db), "--out", str(out)).exit_code == 0
        if suffix == ".docx":
            assert read_docx(first)[:2] == read_docx(second)[:2]
        elif suffix == ".xlsx":
            assert read_xlsx(first) == read_xlsx(second)
        else:
            assert first.read_bytes() == second.read_bytes()


# ------------------------------------------------------------------------------------------ writers on their own


def _tiny(records: list[dict]) -> Report:
    return Report(title="Thử", columns=(Column("a", "Cột A"), Column("n", "Số")), records=records)


def test_xlsx_keeps_formula_like_text_as_text(tmp_path):
    from openpyxl import load_workbook

    out = write_report(_tiny([{"a": '=HYPERLINK("http://x")', "n": 3}, {"a": "#N/A", "n": None}]), tmp_path / "t.xlsx")
    sheet = load_workbook(out).worksheets[0]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ('=HYPERLINK("http://x")', "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("#N/A", "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (3, "n")


def test_an_empty_export_is_still_a_document(tmp_path):
    from docx import Document

    out = write_report(_tiny([]), tmp_path / "t.docx")
    assert "Không có dữ liệu phù hợp với bộ lọc." in [p.text for p in Document(str(out)).paragraphs]
    assert read_csv(write_report(_tiny([]), tmp_path / "t.csv")) == []


def test_a_new_file_gets_the_usual_mode_and_a_replaced_file_keeps_its_own(tmp_path):
    mask = os.umask(0o022)
    try:
        out = write_report(_tiny([{"a": "x", "n": 1}]), tmp_path / "t.md")
        assert stat.S_IMODE(out.stat().st_mode) == 0o644  # not the 0600 of a temporary file
        out.chmod(0o640)
        write_report(_tiny([{"a": "y", "n": 2}]), out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o640 and "| y | 2 |" in out.read_text(encoding="utf-8")
    finally:
        os.umask(mask)


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "keep.xlsx"
    out.write_bytes(b"the report of last month")

    def half_then_interrupted(report, path):
        path.write_bytes(b"PK\x03\x04 half")
        raise KeyboardInterrupt

    monkeypatch.setitem(writers_module.WRITERS, ".xlsx", half_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_report(_tiny([{"a": "x", "n": 1}]), out)
    assert out.read_bytes() == b"the report of last month"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]


# ------------------------------------------------------------------------------------------ bad input


def test_a_full_disk_is_one_line_and_keeps_the_old_file(db, tmp_path, monkeypatch):
    out = tmp_path / "keep.docx"
    out.write_bytes(b"old")

    def disk_full(report, path):
        path.write_bytes(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(writers_module.WRITERS, ".docx", disk_full)
    result = run("export", "exemplars", "--db", str(db), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"phongtrao: error: {out}: cannot write (No space left on device)"
    assert out.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["keep.docx"]


@pytest.mark.parametrize(
    ("out", "status", "message"),
    [
        ("report.pdf", 2, "unknown output format '.pdf'"),
        ("report", 2, "no extension to choose the format from"),
        ("missing/report.xlsx", 1, "does not exist"),
        ("a-file.txt/report.xlsx", 1, "is not a folder"),
        ("a-folder.xlsx", 1, "it is a folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line(db, tmp_path, out, status, message):
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder.xlsx").mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for args in (("export", "exemplars"), ("coverage",)):
        result = run(*args, "--db", str(db), "--out", str(tmp_path / out))
        assert result.exit_code == status
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(tmp_path / out) in lines[0] and message in lines[0]
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_a_folder_without_write_permission_is_one_line(db, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("export", "exemplars", "--db", str(db), "--out", str(locked / "r.xlsx"))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1 and "permission denied" in result.stderr
    assert list(locked.iterdir()) == []


def test_a_missing_or_corrupt_store_is_one_line_and_writes_nothing(tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    for db, message in ((tmp_path / "none.db", "no store here yet"), (corrupt, str(corrupt))):
        for args in (("export", "events"), ("coverage",)):
            result = run(*args, "--db", str(db), "--out", str(tmp_path / "r.xlsx"))
            assert result.exit_code == 1
            assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
            assert "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("coverage", "--format", "csv", "--out", "x.csv"), "give one of them"),
        (("coverage", "--level", "district", "--new-names"), "no districts after 1 July 2025"),
        (("coverage", "--unit", ",,,"), "not a unit"),
        (("export", "exemplars", "--movement", "không có", "--out", "x.md"), "no such movement"),
        (("export", "exemplars"), "Missing option '--out'"),
        (("export", "units", "--out", "x.md"), "'units' is not one of"),
    ],
)
def test_bad_usage_exits_2(db, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "--db", str(db))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.md").exists()


@pytest.mark.parametrize("name", [command.name for command in COMMANDS])
def test_commands_and_options_have_help(name):
    command = GROUP.commands[name]
    assert command.help
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts[0]}"
    assert {"--db", "--unit", "--movement", "--from", "--to", "--out"} <= {o for p in command.params for o in p.opts}
    assert not {"--limit", "--offset"} & {o for p in command.params for o in p.opts}
    assert run(name, "--help").exit_code == 0


def test_library_errors_name_the_file(tmp_path):
    with pytest.raises(UsageError, match=r"t\.txt: unknown output format"):
        write_report(_tiny([]), tmp_path / "t.txt")
    with pytest.raises(ExportError, match="does not exist"):
        write_report(_tiny([]), tmp_path / "no" / "t.md")


def test_a_long_sentence_is_cut_at_whole_words_and_says_so():
    from phongtrao.export.records import evidence

    text = "Mở đầu. " + "chữ " * 80 + "mô hình Tổ tự quản" + " cuối" * 80 + ". Câu sau."
    start = text.index("mô hình")
    shown = evidence(text, start, start + len("mô hình Tổ tự quản"))
    assert shown.startswith("… chữ ") and shown.endswith(" cuối …")
    assert "<mark>mô hình Tổ tự quản</mark>" in shown
    assert set(MARKED_RE.sub(" ", shown).split()) == {"…", "chữ", "mô", "hình", "Tổ", "tự", "quản", "cuối"}
    short = "Mở đầu. Xã có mô hình Tổ tự quản. Câu sau."
    at = short.index("mô hình")
    assert evidence(short, at, at + 18) == "Xã có <mark>mô hình Tổ tự quản</mark>."
