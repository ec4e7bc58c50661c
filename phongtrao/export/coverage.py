"""The coverage table: which units reported on which movement, month by month.

One row per movement × unit × month (month of publication) with the number of articles that
mention the movement and name the unit, and the number of events about the movement there.
Units are rolled up to a level: ``commune`` keeps each unit as the article names it (a
district named as such stays a district), ``district`` puts communes under their district,
``province`` everything under its province. With ``new_names`` the rows are the units that
took over on 1 July 2025 (no district level then), each with the pre-2025 units it gathers.

An article counts once per row however many of the row's units it names. An event counts
for the unit it took place in when the store knows it, else for every unit its article
names. Articles that name no unit make a row with no unit (unless ``--unit`` narrows).
The same :class:`~phongtrao.store.Filters` as the lists apply to the articles; ``--movement``
and ``--unit`` also narrow the rows, ``--type`` the events counted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from phongtrao.errors import UsageError
from phongtrao.extract.normalize import fold
from phongtrao.extract.units import successor, unit_by_code
from phongtrao.store import Filters, Store
from phongtrao.store.db import reading
from phongtrao.store.filters import FILTERED, apply_filters, movement_ids
from phongtrao.store.places import scope_sql, unit_scope

from .records import describe_filters, vn_date
from .writers import Column, Report

LEVELS = ("commune", "district", "province")
LEVEL_LABELS = {"commune": "đơn vị như bài viết nêu", "district": "cấp huyện", "province": "cấp tỉnh"}
NO_UNIT = "(không nêu đơn vị)"
_UNIT_COLUMNS = "id, code, name, level, province, province_code, district_code, successor_name, successor_code"


@dataclass(frozen=True)
class Place:
    """A row's unit: its key (c/n + code, or i + row id for a unit the gazetteer did not decide)."""

    key: str
    code: str | None
    name: str
    successor: str | None  # its 2025 successor (pre-2025 names)
    province: str | None


@dataclass(frozen=True)
class Coverage:
    """The rows, and what they were counted from: articles, first and last publication date."""

    rows: list[dict[str, Any]]
    articles: int
    first: str | None
    last: str | None
    level: str = "commune"
    new_names: bool = False
    filters: Filters | None = field(default=None, compare=False)


def _province_name(code: str | None, fallback: str | None) -> str | None:
    entry = unit_by_code(code) if code else None
    return entry.full_name if entry else fallback


def _new_province(code: str | None) -> str | None:
    found = successor(code) if code else None
    return found[0] if found else None


def _own_place(unit: Mapping[str, Any]) -> Place:
    key = f"c{unit['code']}" if unit["code"] else f"i{unit['id']}"
    province = _province_name(unit["province_code"], unit["province"])
    return Place(key, unit["code"], unit["name"], unit["successor_name"], province)


def _gazetteer_place(code: str, fallback: Place) -> Place:
    entry = unit_by_code(code)
    if entry is None:
        return fallback
    return Place(f"c{code}", code, entry.full_name, entry.successor_name, _province_name(entry.province, None))


def old_place(unit: Mapping[str, Any], level: str) -> Place:
    """The pre-2025 unit a stored unit counts under at ``level`` (itself when it is not below it)."""
    own = _own_place(unit)
    if level == "district" and unit["level"] == "commune" and unit["district_code"]:
        return _gazetteer_place(unit["district_code"], own)
    if level == "province" and unit["level"] != "province" and unit["province_code"]:
        return _gazetteer_place(unit["province_code"], own)
    return own


def new_place(unit: Mapping[str, Any], level: str) -> Place:
    """The 2025 unit a stored unit counts under: its successor, or its province's successor."""
    if level == "district":
        raise UsageError("--new-names: there are no districts after 1 July 2025; use --level commune or province")
    own = _own_place(unit)
    code = unit["province_code"] if level == "province" else unit["code"]
    found = successor(code) if code else None
    if found is None:
        return own
    name, new_code = found
    province = name if level == "province" or unit["level"] != "commune" else _new_province(unit["province_code"])
    return Place(f"n{new_code}", new_code, name, None, province)


def _roll_units(conn: sqlite3.Connection, filters: Filters | None, level: str, new_names: bool) -> dict[str, Place]:
    """Fill ``temp.coverage_units`` (unit row → row key, pre-2025 name) for the units in scope."""
    where, params = "1", []
    if filters and filters.unit:
        where, params = scope_sql(unit_scope(filters.unit), "id")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS coverage_units (unit_id INTEGER PRIMARY KEY, roll TEXT, former TEXT)")
    conn.execute("DELETE FROM temp.coverage_units")
    cursor = conn.execute(f"SELECT {_UNIT_COLUMNS} FROM units WHERE {where}", params)
    names = [d[0] for d in cursor.description]
    places: dict[str, Place] = {}
    rolled = []
    for values in cursor.fetchall():
        unit = dict(zip(names, values, strict=True))
        old = old_place(unit, level)
        place = new_place(unit, level) if new_names else old
        places.setdefault(place.key, place)
        rolled.append((unit["id"], place.key, old.name))
    conn.executemany("INSERT INTO temp.coverage_units (unit_id, roll, former) VALUES (?, ?, ?)", rolled)
    return places


def _ctes(articles: str, movements: str, types: str) -> str:
    """The articles, their movements and their units (rolled), and the events about a movement."""
    return (
        "WITH arts AS (SELECT a.id, substr(a.published, 1, 7) AS month, a.published FROM articles a "
        f"WHERE {articles}), "
        "art_mov AS ("
        "SELECT m.article_id, m.movement_id FROM movement_mentions m JOIN arts ON arts.id = m.article_id "
        f"WHERE {movements.format(column='m.movement_id')} "
        "UNION SELECT e.article_id, em.movement_id FROM events e JOIN event_movements em ON em.event_id = e.id "
        f"JOIN arts ON arts.id = e.article_id WHERE {movements.format(column='em.movement_id')}), "
        "art_unit AS (SELECT DISTINCT m.article_id, r.roll, r.former FROM unit_mentions m "
        "JOIN temp.coverage_units r ON r.unit_id = m.unit_id JOIN arts ON arts.id = m.article_id), "
        "ev AS (SELECT e.id, e.article_id, e.unit_id, em.movement_id FROM events e "
        "JOIN event_movements em ON em.event_id = e.id JOIN arts ON arts.id = e.article_id "
        f"WHERE {types} AND {movements.format(column='em.movement_id')}), "
        "ev_unit AS (SELECT ev.id, ev.article_id, ev.movement_id, r.roll FROM ev "
        "JOIN temp.coverage_units r ON r.unit_id = ev.unit_id "
        "UNION ALL SELECT ev.id, ev.article_id, ev.movement_id, au.roll FROM ev "
        "LEFT JOIN art_unit au ON au.article_id = ev.article_id WHERE ev.unit_id IS NULL) "
    )


def coverage(
    store: Store, filters: Filters | None = None, *, level: str = "commune", new_names: bool = False
) -> Coverage:
    """Movement × unit × month: articles and events, units rolled up to ``level`` (old or 2025 names)."""
    if level not in LEVELS:
        raise UsageError(f"level {level!r}: use one of {', '.join(LEVELS)}")
    if new_names and level == "district":
        raise UsageError("--new-names: there are no districts after 1 July 2025; use --level commune or province")
    with reading(store) as conn:
        articles = f"a.id IN (SELECT id FROM {FILTERED})" if apply_filters(conn, filters) else "1"
        places = _roll_units(conn, filters, level, new_names)
        params: list[Any] = []
        movements = "1"
        if filters and filters.movement:
            wanted = movement_ids(conn, filters.movement)
            movements = "{column} IN (" + ",".join("?" * len(wanted)) + ")"
            params = wanted
        types = "e.type = ?" if filters and filters.type else "1"
        type_params = [filters.type] if filters and filters.type else []
        # The CTE parameters in order: art_mov (twice), ev (type, then movements).
        cte_params = [*params, *params, *type_params, *params]
        in_scope = "au.roll IS NOT NULL" if filters and filters.unit else "1"
        sql = _ctes(articles, movements, types)
        counted = conn.execute(
            sql + "SELECT am.movement_id, au.roll, arts.month, count(DISTINCT am.article_id), "
            "json_group_array(DISTINCT au.former) FROM art_mov am JOIN arts ON arts.id = am.article_id "
            f"LEFT JOIN art_unit au ON au.article_id = am.article_id WHERE {in_scope} "
            "GROUP BY am.movement_id, au.roll, arts.month",
            cte_params,
        ).fetchall()
        events = conn.execute(
            sql + "SELECT ev_unit.movement_id, ev_unit.roll, arts.month, count(DISTINCT ev_unit.id) FROM ev_unit "
            f"JOIN arts ON arts.id = ev_unit.article_id WHERE {in_scope.replace('au.', 'ev_unit.')} "
            "GROUP BY ev_unit.movement_id, ev_unit.roll, arts.month",
            cte_params,
        ).fetchall()
        total, first, last = conn.execute(
            sql + "SELECT count(DISTINCT am.article_id), min(arts.published), max(arts.published) FROM art_mov am "
            f"JOIN arts ON arts.id = am.article_id LEFT JOIN art_unit au ON au.article_id = am.article_id "
            f"WHERE {in_scope}",
            cte_params,
        ).fetchone()
        names = dict(conn.execute("SELECT id, name FROM movements").fetchall())
    rows = _rows(counted, events, places, names, new_names)
    return Coverage(rows, total, first, last, level, new_names, filters)


def _rows(
    counted: list[tuple], events: list[tuple], places: dict[str, Place], names: dict[str, str], new_names: bool
) -> list[dict[str, Any]]:
    cells: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}

    def cell(movement: str, roll: str | None, month: str | None) -> dict[str, Any]:
        key = (movement, roll, month)
        if key not in cells:
            place = places.get(roll) if roll else None
            row: dict[str, Any] = {"movement": names.get(movement, movement), "movement_id": movement}
            row["unit"] = place.name if place else None
            row["unit_code"] = place.code if place else None
            if new_names:
                row["former_units"] = []
            else:
                row["unit_2025"] = place.successor if place else None
            row.update(province=place.province if place else None, month=month, articles=0, events=0)
            cells[key] = row
        return cells[key]

    for movement, roll, month, articles, former in counted:
        row = cell(movement, roll, month)
        row["articles"] = articles
        if new_names:
            row["former_units"] = sorted((n for n in json.loads(former) if n), key=_order)
    for movement, roll, month, count in events:
        cell(movement, roll, month)["events"] = count
    return sorted(
        cells.values(),
        key=lambda r: (
            _order(r["movement"]),
            r["unit"] is None,
            _order(r["province"]),
            _order(r["unit"]),
            r["month"] or "~",
        ),
    )


def _order(name: str | None) -> tuple[str, str]:
    """Alphabetical the Vietnamese way, near enough: by the folded name, then as written."""
    return (fold(name).lower(), name) if name else ("", "")


# ------------------------------------------------------------------------------------------ report


def coverage_columns(new_names: bool, level: str = "commune") -> tuple[Column, ...]:
    """The columns a person reads (the terminal, .xlsx, .docx, .md, .csv); no province beside a province."""
    if new_names:
        units = (Column("unit", "Đơn vị (tên từ 1/7/2025)", 24), Column("former_units", "Gồm đơn vị trước 2025", 36))
        province = Column("province", "Tỉnh/thành (từ 1/7/2025)", 20)
    else:
        units = (Column("unit", "Đơn vị", 24), Column("unit_2025", "Đơn vị từ 1/7/2025", 24))
        province = Column("province", "Tỉnh/thành", 18)
    return (
        Column("movement", "Phong trào", 36),
        *units,
        *((province,) if level != "province" else ()),
        Column("month", "Tháng", 9, date=True),
        Column("articles", "Số bài", 8),
        Column("events", "Số sự kiện", 10),
    )


def coverage_report(table: Coverage) -> Report:
    """The coverage table for a file: one section per movement (.docx, .md), flat (.xlsx, .csv)."""
    extra = [f"cấp: {LEVEL_LABELS[table.level]}"] + (["tên đơn vị từ 1/7/2025"] if table.new_names else [])
    if table.first:
        span = (
            f"Số liệu: {table.articles} bài viết nêu phong trào; bài đăng từ ngày {vn_date(table.first)} "
            f"đến ngày {vn_date(table.last or table.first)}."
        )
    else:
        unknown = "; không rõ ngày đăng." if table.articles else "."
        span = f"Số liệu: {table.articles} bài viết nêu phong trào{unknown}"
    return Report(
        title="Độ phủ tin bài theo phong trào, đơn vị và tháng",
        sheet="Độ phủ",
        columns=coverage_columns(table.new_names, table.level),
        records=[{**row, "unit": row["unit"] or NO_UNIT} for row in table.rows],
        intro=(describe_filters(table.filters, extra), span),
        group_by="movement",
    )
