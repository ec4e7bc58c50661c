"""Filters: what a user's ``--movement``, ``--unit``, ``--type``, ``--from/--to``, ``--official``
and ``--source`` mean, and the articles they leave.

Each filter is resolved first (a movement written by initials, an official by part of a name,
a unit by its old or 2025 name…) into tags that the store indexed with every article (see
``fts.py`` and ``write.article_tags``), so a filter is one more term of a full-text MATCH and
FTS5 intersects it with the words while reading the index. What tags cannot say exactly (a
day-precise date range, part of a URL) is checked on the few articles the MATCH leaves.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from phongtrao.errors import UsageError
from phongtrao.extract.movements import resolve_movement
from phongtrao.extract.normalize import fold, normalize
from phongtrao.store.fts import folded
from phongtrao.store.places import folded_name, unit_scope
from phongtrao.store.schema import FOLDED_FTS_TABLE
from phongtrao.store.write import movement_tag

FILTERED = "temp.filtered"
MAX_YEAR_TAGS = 10  # a closed date range of up to this many years is also matched by year tags
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
class FilterPlan:
    """Filters as an FTS5 expression over the ``tags`` column, and SQL checks on article ``x``."""

    match: str | None
    checks: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()


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


def unit_tags(conn: sqlite3.Connection, wanted: str) -> list[str]:
    """The tags a user's ``--unit`` covers: the unit and everything under it, by old or 2025 name."""
    scope = unit_scope(wanted)
    if not scope:
        raise QueryError(f"--unit {wanted!r}: not a unit name or code")
    tags = [f"c{code}" for code in sorted(scope.old_codes)] + [f"n{code}" for code in sorted(scope.new_codes)]
    if scope.folded_name:  # units the gazetteer did not decide, by name (with or without a type word)
        rows = conn.execute(
            "SELECT id FROM units WHERE code IS NULL AND (folded_name = ? OR folded_name LIKE ?)",
            (scope.folded_name, "% " + scope.folded_name),
        )
        tags += [f"i{row[0]}" for row in rows]
    return tags or ["cnone"]


def _date_bound(value: str, *, upper: bool) -> str:
    """ "2020" → "2020-12-31" as an upper bound; partial dates compare as strings."""
    return value + {4: "-12-31", 7: "-31"}.get(len(value), "") if upper else value


def _any_of(tags: list[str]) -> str:
    return "tags : (" + " OR ".join(f'"{tag}"' for tag in tags) + ")"


def plan_filters(conn: sqlite3.Connection, filters: Filters | None) -> FilterPlan | None:
    """The filters resolved (movement by initials, official by part of a name, unit by any name…)."""
    if not filters:
        return None
    parts: list[str] = []
    checks: list[str] = []
    params: list[Any] = []
    if filters.official:
        ids = official_ids(conn, filters.official)
        if not ids:
            raise QueryError(f"--official {filters.official!r}: no such official (see `phongtrao officials`)")
        parts.append(_any_of([f"o{i}" for i in ids]))
    if filters.movement:
        ids = movement_ids(conn, filters.movement)
        if not ids:
            raise QueryError(f"--movement {filters.movement!r}: no such movement (see `phongtrao movements`)")
        parts.append(_any_of([movement_tag(i) for i in ids]))
    if filters.unit:
        parts.append(_any_of(unit_tags(conn, filters.unit)))
    if filters.type:
        parts.append(_any_of(["t" + filters.type.replace("_", "")]))
    if filters.source:
        ids = source_ids(conn, filters.source)
        if ids:
            parts.append(_any_of([f"s{i}" for i in ids]))
        else:
            checks.append("coalesce(x.url, x.key) LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_escape(filters.source)}%")
    if filters.date_from or filters.date_to:
        low = _date_bound(filters.date_from, upper=False) if filters.date_from else "0000"
        high = _date_bound(filters.date_to, upper=True) if filters.date_to else "9999"
        latest = conn.execute("SELECT max(published) FROM articles").fetchone()[0] or "0000"
        first, last = int(low[:4]), min(int(high[:4]), int(latest[:4]))
        if 0 <= last - first < MAX_YEAR_TAGS:
            parts.append(_any_of([f"y{year}" for year in range(first, last + 1)]))
        whole_years = low[4:] in ("", "-01-01") and (not filters.date_to or high[4:] in ("", "-12-31"))
        if not (whole_years and 0 <= last - first < MAX_YEAR_TAGS):  # the year tags say it all otherwise
            checks.append("x.published >= ? AND x.published <= ?")
            params += [low, high]
    return FilterPlan(" AND ".join(parts) or None, tuple(checks), tuple(params))


def apply_filters(conn: sqlite3.Connection, filters: Filters | None) -> bool:
    """Fill ``temp.filtered`` with the ids of the articles the filters leave; False when there are none to apply."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS filtered (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {FILTERED}")
    plan = plan_filters(conn, filters)
    if plan is None:
        return False
    where = " AND ".join(plan.checks)
    if plan.match is None:
        sql = f"SELECT x.id FROM articles x WHERE {where}"
        params: tuple[Any, ...] = plan.params
    else:
        join = " JOIN articles x ON x.id = f.rowid" if where else ""
        sql = f"SELECT f.rowid FROM {FOLDED_FTS_TABLE} f{join} WHERE {FOLDED_FTS_TABLE} MATCH ?" + (
            f" AND {where}" if where else ""
        )
        params = (plan.match, *plan.params)
    conn.execute(f"INSERT OR IGNORE INTO {FILTERED} (id) {sql}", params)
    return True
