"""Filters: what a user's ``--movement``, ``--unit``, ``--type``, ``--from/--to``, ``--official``
and ``--source`` mean, and the set of articles they leave.

Each filter is resolved first (a movement written by initials, an official by part of a name,
a unit by its old or 2025 name…), then the articles are collected into ``temp.filtered``: the
most selective filter drives (read from its covering index), the others are checked per
article. Search and the lists join that table; at a million articles this keeps a filter from
ever scanning the whole store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from phongtrao.errors import UsageError
from phongtrao.extract.movements import resolve_movement
from phongtrao.extract.normalize import fold, normalize
from phongtrao.store.fts import folded
from phongtrao.store.places import folded_name, scope_sql, unit_scope

FILTERED = "temp.filtered"
_VOWELS = set("aeiouy")


class QueryError(UsageError):
    """A query or filter that cannot be searched: says why in one line."""


@dataclass(frozen=True)
class Filters:
    """What ``search`` and the list commands narrow by; None means no narrowing."""

    movement: str | None = None
    unit: str | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    official: str | None = None
    source: str | None = None

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass(frozen=True)
class _Clause:
    """One filter as a driver (SELECT of article ids) and as a check on article ``x``."""

    driver: str
    check: str
    params: list[Any]


# ------------------------------------------------------------------------------------------ resolving


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark or đ (the user typed them on purpose)."""
    return fold(text) != text.lower()


def looks_like_initials(word: str) -> bool:
    """ "TDĐKXDĐSVH", "DVK", or "tddkxddsvh" (five letters or more with no vowel)."""
    letters = word.replace("-", "")
    if len(letters) < 3 or not letters.isalpha():
        return False
    return letters.isupper() or (len(letters) >= 5 and not (set(folded(letters)) & _VOWELS))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def movement_ids(conn: sqlite3.Connection, wanted: str) -> list[str]:
    """Movement ids a user's ``--movement`` means: an id, a name, initials or part of a name."""
    wanted = wanted.strip()
    if conn.execute("SELECT 1 FROM movements WHERE id = ?", (wanted,)).fetchone():
        return [wanted]
    resolved = resolve_movement(wanted) or (resolve_movement(wanted.upper()) if looks_like_initials(wanted) else None)
    if resolved:
        return [resolved[0]]
    key = folded_name(wanted).strip('"')
    rows = conn.execute(
        "SELECT DISTINCT movement_id FROM movement_aliases WHERE folded = ? OR folded LIKE ? ESCAPE '\\' "
        "UNION SELECT id FROM movements WHERE id LIKE ? ESCAPE '\\'",
        (key, f"%{_like_escape(key)}%", f"%{_like_escape(key.replace(' ', '-'))}%"),
    ).fetchall()
    return sorted(row[0] for row in rows)


def official_ids(conn: sqlite3.Connection, wanted: str) -> list[int]:
    """Official ids a user's ``--official`` means: an id, a full name or part of one, any diacritics."""
    wanted = wanted.strip()
    if wanted.isdigit():
        return [int(wanted)]
    key = folded_name(wanted)
    rows = conn.execute("SELECT id FROM officials WHERE folded_name = ?", (key,)).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT id FROM officials WHERE ' ' || folded_name || ' ' LIKE ? ESCAPE '\\'",
            (f"% {_like_escape(key)} %",),
        ).fetchall()
    ids = [row[0] for row in rows]
    if has_diacritics(wanted) and ids:  # "Hợp" is not "Hớp" when the user typed the marks
        exact = normalize(wanted).lower()
        named = conn.execute(f"SELECT id, name FROM officials WHERE id IN ({','.join('?' * len(ids))})", ids)
        ids = [row[0] for row in named if exact in row[1].lower()] or ids
    return ids


def source_ids(conn: sqlite3.Connection, wanted: str) -> list[int]:
    """Sources whose name contains ``wanted`` (any diacritics), or whose URL does, or with that id."""
    key = folded_name(wanted)
    return [
        row[0]
        for row in conn.execute("SELECT id, name, url FROM sources").fetchall()
        if key in folded_name(row[1]) or (row[2] and wanted in row[2]) or str(row[0]) == wanted
    ]


def unit_ids(conn: sqlite3.Connection, wanted: str) -> list[int]:
    """Stored units a user's ``--unit`` covers: the unit, everything under it, old or new names."""
    scope = unit_scope(wanted)
    if not scope:
        raise QueryError(f"--unit {wanted!r}: not a unit name or code")
    condition, params = scope_sql(scope, "id")
    return [row[0] for row in conn.execute(f"SELECT id FROM units WHERE {condition}", params)]


def _date_bound(value: str, *, upper: bool) -> str:
    """ "2020" → "2020-12-31" as an upper bound; partial dates compare as strings."""
    return value + {4: "-12-31", 7: "-31"}.get(len(value), "") if upper else value


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _mention_clause(table: str, column: str, values: list) -> _Clause:
    marks = _marks(values)
    return _Clause(
        f"SELECT article_id FROM {table} WHERE {column} IN ({marks})",
        f"EXISTS (SELECT 1 FROM {table} m WHERE m.article_id = x.id AND m.{column} IN ({marks}))",
        list(values),
    )


def _clauses(conn: sqlite3.Connection, filters: Filters) -> list[_Clause]:
    """The filters as clauses, the usually most selective first."""
    clauses: list[_Clause] = []
    if filters.official:
        ids = official_ids(conn, filters.official)
        if not ids:
            raise QueryError(f"--official {filters.official!r}: no such official (see `phongtrao officials`)")
        clauses.append(_mention_clause("official_mentions", "official_id", ids))
    if filters.movement:
        ids = movement_ids(conn, filters.movement)
        if not ids:
            raise QueryError(f"--movement {filters.movement!r}: no such movement (see `phongtrao movements`)")
        clauses.append(_mention_clause("movement_mentions", "movement_id", ids))
    if filters.unit:
        ids = unit_ids(conn, filters.unit)
        clauses.append(_mention_clause("unit_mentions", "unit_id", ids or [-1]))
    if filters.source:
        ids = source_ids(conn, filters.source)
        if ids:
            clauses.append(
                _Clause(
                    f"SELECT id AS article_id FROM articles WHERE source_id IN ({_marks(ids)})",
                    f"x.source_id IN ({_marks(ids)})",
                    ids,
                )
            )
        else:
            pattern = f"%{_like_escape(filters.source)}%"
            clauses.append(
                _Clause(
                    "SELECT id AS article_id FROM articles WHERE coalesce(url, key) LIKE ? ESCAPE '\\'",
                    "coalesce(x.url, x.key) LIKE ? ESCAPE '\\'",
                    [pattern],
                )
            )
    if filters.type:
        clauses.append(_mention_clause("events", "type", [filters.type]))
    if filters.date_from or filters.date_to:
        low = _date_bound(filters.date_from, upper=False) if filters.date_from else ""
        high = _date_bound(filters.date_to, upper=True) if filters.date_to else "9999"
        clauses.append(
            _Clause(
                "SELECT id AS article_id FROM articles WHERE published >= ? AND published <= ?",
                "x.published >= ? AND x.published <= ?",
                [low, high],
            )
        )
    return clauses


def apply_filters(conn: sqlite3.Connection, filters: Filters | None) -> bool:
    """Fill ``temp.filtered`` with the ids of the articles the filters leave; False when there are none to apply."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS filtered (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {FILTERED}")
    if not filters:
        return False
    driver, *checks = _clauses(conn, filters)
    where = " AND ".join(check.check for check in checks)
    conn.execute(
        f"INSERT OR IGNORE INTO {FILTERED} (id) SELECT x.id FROM ({driver.driver}) d "
        f"JOIN articles x ON x.id = d.article_id" + (f" WHERE {where}" if where else ""),
        [*driver.params, *(p for check in checks for p in check.params)],
    )
    return True
