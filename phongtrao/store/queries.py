"""Lists of events, officials, movements and units, and one item with its evidence.

Lists take the same :class:`~phongtrao.store.search.Filters` as search, applied to the
articles the items are mentioned in (``type`` also narrows events to that type). Showing one
item gives its row, and for every mention the source article and the sentence around the
mention's offsets with the mention in ``<mark>…</mark>``: the user sees why the row exists.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from phongtrao.extract.units import unit_by_code
from phongtrao.store.db import Store, reading
from phongtrao.store.filters import FILTERED, Filters, QueryError, apply_filters, movement_ids, official_ids
from phongtrao.store.places import scope_sql, unit_scope
from phongtrao.store.search import MARK_CLOSE, MARK_OPEN

EVIDENCE_LIMIT = 200
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s)|\n")
_MAX_SENTENCE = 400


class NotFoundError(QueryError):
    """The item asked for is not in the store."""


def evidence_sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, the mention marked, cut to a readable length."""
    before = [m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)]
    sentence_start = before[-1] if before else 0
    after = _SENTENCE_END_RE.search(text, end)
    sentence_end = after.end() if after else len(text)
    sentence_start = max(sentence_start, start - _MAX_SENTENCE // 2)
    sentence_end = min(sentence_end, end + _MAX_SENTENCE // 2)
    head = text[sentence_start:start].lstrip()
    tail = text[end:sentence_end].rstrip()
    return " ".join(f"{head}{MARK_OPEN}{text[start:end]}{MARK_CLOSE}{tail}".split())


def _where(conn: sqlite3.Connection, filters: Filters | None, extra: list[str] | None = None) -> tuple[str, list]:
    """A WHERE clause keeping the filtered articles (``a``) and the ``extra`` conditions."""
    clauses = [f"a.id IN (SELECT id FROM {FILTERED})"] if apply_filters(conn, filters) else []
    clauses += extra or []
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", []


def _province_name(code: str | None) -> str | None:
    entry = unit_by_code(code) if code else None
    return entry.name if entry else None


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# ------------------------------------------------------------------------------------------ lists


def list_events(store: Store, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Events, newest article first: type, date, place, movements, the sentence and its article."""
    with reading(store) as conn:
        extra = ["e.type = ?"] if filters and filters.type else []
        where, params = _where(conn, filters, extra)
        if filters and filters.type:
            params.append(filters.type)
        rows = _rows(
            conn.execute(
                "SELECT e.id, e.type, e.date, e.place, "
                "(SELECT json_group_array(mv.name) FROM event_movements em JOIN movements mv ON mv.id = em.movement_id "
                "WHERE em.event_id = e.id) AS movements, "
                "(SELECT json_group_array(p.name) FROM event_participants p WHERE p.event_id = e.id) AS participants, "
                "e.text, a.id AS article_id, a.title, a.published "
                f"FROM events e JOIN articles a ON a.id = e.article_id{where} "
                "ORDER BY a.published DESC, e.id LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        )
    for row in rows:
        row["movements"] = json.loads(row["movements"])
        row["participants"] = json.loads(row["participants"])
    return rows


def _positions(conn: sqlite3.Connection, official_ids_: list[int]) -> dict[int, list[str]]:
    """Each official's positions, most recently seen first."""
    if not official_ids_:
        return {}
    found: dict[int, list[str]] = {}
    for official, position in conn.execute(
        "SELECT official_id, position FROM official_positions "
        f"WHERE official_id IN ({','.join('?' * len(official_ids_))}) "
        "ORDER BY official_id, last_seen DESC, articles DESC",
        official_ids_,
    ):
        found.setdefault(official, []).append(position)
    return found


def list_officials(store: Store, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Officials named in the filtered articles, most often named first, with their positions."""
    with reading(store) as conn:
        where, params = _where(conn, filters)
        rows = _rows(
            conn.execute(
                "SELECT o.id, o.name, o.province_code, count(DISTINCT m.article_id) AS articles, "
                "min(a.published) AS first_seen, max(a.published) AS last_seen "
                "FROM official_mentions m JOIN officials o ON o.id = m.official_id "
                f"JOIN articles a ON a.id = m.article_id{where} "
                "GROUP BY o.id ORDER BY articles DESC, o.name, o.id LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        )
        positions = _positions(conn, [row["id"] for row in rows])
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "province": _province_name(row["province_code"]),
            "positions": positions.get(row["id"], []),
            "articles": row["articles"],
            "first_seen": row["first_seen"],
            "last_seen": row["last_seen"],
        }
        for row in rows
    ]


def list_movements(store: Store, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Movements named in the filtered articles, most often named first."""
    with reading(store) as conn:
        where, params = _where(conn, filters)
        rows = _rows(
            conn.execute(
                "SELECT mv.id, mv.name, mv.kind, mv.catalogued, count(DISTINCT m.article_id) AS articles, "
                "(SELECT group_concat(alias, ', ') FROM movement_aliases x WHERE x.movement_id = mv.id "
                "AND x.kind = 'initials') AS initials, "
                "min(a.published) AS first_seen, max(a.published) AS last_seen "
                "FROM movement_mentions m JOIN movements mv ON mv.id = m.movement_id "
                f"JOIN articles a ON a.id = m.article_id{where} "
                "GROUP BY mv.id ORDER BY articles DESC, mv.name LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        )
    for row in rows:
        row["catalogued"] = bool(row["catalogued"])
    return rows


def list_units(store: Store, filters: Filters | None = None, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Units named in the filtered articles, most often named first, with their 2025 successor."""
    with reading(store) as conn:
        where, params = _where(conn, filters)
        return _rows(
            conn.execute(
                "SELECT u.id, u.code, u.name, u.level, u.province, u.successor_name AS successor, "
                "count(DISTINCT m.article_id) AS articles "
                "FROM unit_mentions m JOIN units u ON u.id = m.unit_id "
                f"JOIN articles a ON a.id = m.article_id{where} "
                "GROUP BY u.id ORDER BY articles DESC, u.name LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        )


# ------------------------------------------------------------------------------------------ one item


def _evidence(conn: sqlite3.Connection, table: str, column: str, value: Any, extra: str = "") -> list[dict]:
    rows = conn.execute(
        f"SELECT m.article_id, a.title, a.url, a.published, a.text AS article_text, m.text, m.char_start, m.char_end"
        f"{extra} FROM {table} m JOIN articles a ON a.id = m.article_id WHERE m.{column} = ? "
        "ORDER BY a.published DESC, m.article_id, m.char_start LIMIT ?",
        (value, EVIDENCE_LIMIT),
    )
    out = []
    for row in _rows(rows):
        text = row.pop("article_text")
        row["sentence"] = evidence_sentence(text, row["char_start"], row["char_end"])
        row["start"] = row.pop("char_start")
        row["end"] = row.pop("char_end")
        if "positions" in row:
            row["positions"] = json.loads(row["positions"] or "[]")
        out.append(row)
    return out


def _one(ids: list, kind: str, wanted: str) -> Any:
    if not ids:
        raise NotFoundError(f"no {kind} {wanted!r} in the store (see `phongtrao {kind}s`)")
    if len(ids) > 1:
        shown = ", ".join(map(str, ids[:8])) + (" …" if len(ids) > 8 else "")
        raise QueryError(f"{kind} {wanted!r} is ambiguous: {len(ids)} match ({shown}); give an id")
    return ids[0]


def show_official(store: Store, wanted: str) -> dict:
    """One official: name, province, positions over time, and every mention with its sentence."""
    with reading(store) as conn:
        official = _one(official_ids(conn, wanted), "official", wanted)
        row = conn.execute(
            "SELECT id, name, province_code, district_code, level FROM officials WHERE id = ?", (official,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no official {wanted!r} in the store (see `phongtrao officials`)")
        positions = _rows(
            conn.execute(
                "SELECT position, first_seen, last_seen, articles FROM official_positions WHERE official_id = ? "
                "ORDER BY first_seen, position",
                (official,),
            )
        )
        evidence = _evidence(conn, "official_mentions", "official_id", official, ", m.positions")
    return {
        "id": row[0],
        "name": row[1],
        "province": _province_name(row[2]),
        "district": _province_name(row[3]),
        "level": row[4],
        "positions": positions,
        "evidence": evidence,
    }


def show_movement(store: Store, wanted: str) -> dict:
    """One movement: name, aliases and initials, its events, and every mention with its sentence."""
    with reading(store) as conn:
        movement = _one(movement_ids(conn, wanted), "movement", wanted)
        row = conn.execute("SELECT id, name, kind, catalogued FROM movements WHERE id = ?", (movement,)).fetchone()
        if row is None:
            raise NotFoundError(f"no movement {wanted!r} in the store (see `phongtrao movements`)")
        aliases = _rows(
            conn.execute(
                "SELECT alias, kind FROM movement_aliases WHERE movement_id = ? ORDER BY kind, alias", (movement,)
            )
        )
        events = _rows(
            conn.execute(
                "SELECT e.id, e.type, e.date, e.place, e.article_id, a.title FROM event_movements em "
                "JOIN events e ON e.id = em.event_id JOIN articles a ON a.id = e.article_id "
                "WHERE em.movement_id = ? ORDER BY a.published DESC LIMIT ?",
                (movement, EVIDENCE_LIMIT),
            )
        )
        evidence = _evidence(conn, "movement_mentions", "movement_id", movement)
    return {
        "id": row[0],
        "name": row[1],
        "kind": row[2],
        "catalogued": bool(row[3]),
        "aliases": aliases,
        "events": events,
        "evidence": evidence,
    }


def _unit_ids(conn: sqlite3.Connection, wanted: str) -> list[int]:
    """Unit rows a user means: a code, a row id, or a name (old or 2025) that picks one row."""
    text = wanted.strip()
    rows = conn.execute("SELECT id FROM units WHERE code = ?", (text,)).fetchall()
    if not rows and text.isdigit():
        rows = conn.execute("SELECT id FROM units WHERE id = ?", (int(text),)).fetchall()
    if rows:
        return [row[0] for row in rows]
    scope = unit_scope(text)
    if not scope:
        return []
    own = [c for c in scope.old_codes]
    if own:
        rows = conn.execute(f"SELECT id FROM units WHERE code IN ({','.join('?' * len(own))})", own).fetchall()
    if not rows:
        condition, params = scope_sql(scope, "id")
        rows = conn.execute(f"SELECT id FROM units WHERE {condition}", params).fetchall()
    return sorted(row[0] for row in rows)


def show_unit(store: Store, wanted: str) -> dict:
    """One unit: code, level, province, 2025 successor, and every mention with its sentence."""
    with reading(store) as conn:
        unit = _one(_unit_ids(conn, wanted), "unit", wanted)
        row = _rows(
            conn.execute(
                "SELECT id, code, name, level, province, successor_name AS successor, "
                "successor_code FROM units WHERE id = ?",
                (unit,),
            )
        )
        if not row:
            raise NotFoundError(f"no unit {wanted!r} in the store (see `phongtrao units`)")
        evidence = _evidence(conn, "unit_mentions", "unit_id", unit)
    return {**row[0], "evidence": evidence}


def show_event(store: Store, wanted: str) -> dict:
    """One event: type, date, place, movements, organisers, participants, its sentence and article."""
    if not wanted.strip().isdigit():
        raise QueryError(f"event {wanted!r}: give the event's id (see `phongtrao events`)")
    event_id = int(wanted)
    with reading(store) as conn:
        rows = _rows(
            conn.execute(
                "SELECT e.id, e.type, e.date, e.place, e.unit_id, e.article_id, a.title, a.url, a.published, "
                "a.text AS article_text, e.char_start, e.char_end FROM events e "
                "JOIN articles a ON a.id = e.article_id WHERE e.id = ?",
                (event_id,),
            )
        )
        if not rows:
            raise NotFoundError(f"no event {wanted!r} in the store (see `phongtrao events`)")
        row = rows[0]
        movements = _rows(
            conn.execute(
                "SELECT mv.id, mv.name FROM event_movements em JOIN movements mv ON mv.id = em.movement_id "
                "WHERE em.event_id = ? ORDER BY mv.name",
                (event_id,),
            )
        )
        organizers = _rows(
            conn.execute(
                "SELECT name, organization_id FROM event_organizers WHERE event_id = ? ORDER BY id", (event_id,)
            )
        )
        participants = _rows(
            conn.execute("SELECT name, official_id FROM event_participants WHERE event_id = ? ORDER BY id", (event_id,))
        )
    text = row.pop("article_text")
    row["sentence"] = evidence_sentence(text, row["char_start"], row["char_end"])
    row["start"] = row.pop("char_start")
    row["end"] = row.pop("char_end")
    return {**row, "movements": movements, "organizers": organizers, "participants": participants}
