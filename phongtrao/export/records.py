"""The records the exports are made of: exemplars per movement, events, officials.

Each kind is read from the store with the same :class:`~phongtrao.store.Filters` as the
lists (applied to the articles the items are in; ``--movement`` also keeps only the items
tied to that movement or to none), oldest article first, and turned into a
:class:`~phongtrao.export.writers.Report` whose labels and intro are in Vietnamese: the
office pastes the table into its own report. The intro says which filters were used and
which publication dates the data covers, taken from the data, never from today's clock.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from phongtrao.store import Filters, Store
from phongtrao.store import queries as q
from phongtrao.store.db import reading
from phongtrao.store.filters import FILTERED, apply_filters, movement_ids
from phongtrao.store.search import MARK_CLOSE, MARK_OPEN

from .writers import Column, Report

EXEMPLAR_KINDS = {"collective": "Tập thể", "individual": "Cá nhân", "household": "Hộ gia đình", "model": "Mô hình"}
EVENT_TYPES = {
    "kiem_tra": "Kiểm tra, giám sát",
    "so_ket": "Sơ kết",
    "tong_ket": "Tổng kết",
    "tap_huan": "Tập huấn",
    "phat_dong": "Phát động",
    "trien_khai": "Triển khai",
    "khen_thuong": "Khen thưởng, biểu dương",
    "hoi_nghi": "Hội nghị",
    "hoi_thi": "Hội thi",
    "ngay_hoi": "Ngày hội",
    "ky_ket": "Ký kết giao ước thi đua",
    "thanh_lap": "Thành lập, kiện toàn",
    "other": "Khác",
}
NO_MOVEMENT = "Chưa rõ phong trào"
FILTER_LABELS = (
    ("movement", "phong trào"),
    ("unit", "đơn vị"),
    ("type", "loại sự kiện"),
    ("date_from", "đăng từ"),
    ("date_to", "đăng đến"),
    ("official", "cán bộ"),
    ("source", "nguồn"),
)
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s)|\n")


# ------------------------------------------------------------------------------------------ intro lines


def vn_date(value: str) -> str:
    """ "2020-10-08" → "08/10/2020", "2020-10" → "10/2020": how a Vietnamese report writes dates."""
    return "/".join(reversed(value.split("-")))


def describe_filters(filters: Filters | None, extra: Sequence[str] = ()) -> str:
    """The filters as one Vietnamese line, for the intro of a report."""
    parts = [
        f"{label}: {EVENT_TYPES.get(value, value) if key == 'type' else value}"
        for key, label in FILTER_LABELS
        if (value := getattr(filters, key, None) if filters else None)
    ]
    parts += extra
    return "Bộ lọc: " + ("; ".join(parts) if parts else "không (toàn bộ dữ liệu trong kho)") + "."


def published_span(
    records: Sequence[Mapping[str, Any]], first: str = "published", last: str | None = None, noun: str = "dòng"
) -> str:
    """Which publication dates the records cover, from the records themselves (never today's date)."""
    last = last or first
    starts = [r[first] for r in records if r.get(first)]
    ends = [r[last] for r in records if r.get(last)]
    articles = {r["article_id"] for r in records if r.get("article_id") is not None}
    undated = {r["article_id"] for r in records if r.get("article_id") is not None and not r.get(first)}
    count = f"{len(records)} {noun}" + (f" trong {len(articles)} bài viết" if articles else "")
    if not records:
        return "Số liệu: không có."
    if not starts:
        return f"Số liệu: {count}; không rõ ngày đăng."
    span = f"Số liệu: {count}; bài đăng từ ngày {vn_date(min(starts))} đến ngày {vn_date(max(ends))}"
    return span + (f" ({len(undated)} bài không rõ ngày đăng)." if undated else ".")


# ------------------------------------------------------------------------------------------ reading


def _article_clause(conn: sqlite3.Connection, filters: Filters | None) -> str:
    return f"a.id IN (SELECT id FROM {FILTERED})" if apply_filters(conn, filters) else "1"


def _movement_clause(conn: sqlite3.Connection, filters: Filters | None, column: str) -> tuple[str, list[str]]:
    """Items tied to the wanted movement, or to none (the article is about it); all without --movement."""
    if not (filters and filters.movement):
        return "1", []
    ids = movement_ids(conn, filters.movement)
    return f"({column} IS NULL OR {column} IN ({','.join('?' * len(ids))}))", ids


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` starts and ends."""
    before = [m.end() for m in _SENTENCE_END_RE.finditer(text, 0, start)]
    after = _SENTENCE_END_RE.search(text, end)
    return (before[-1] if before else 0), (after.end() if after else len(text))


_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
UnitMention = tuple[int, int, str, str | None, str | None]  # start, end, name, 2025 name, level


def evidence(text: str, start: int, end: int) -> str:
    """The store's evidence sentence, with "…" where it cut a long sentence (and no half word there)."""
    shown = q.evidence_sentence(text, start, end)
    low, high = sentence_bounds(text, start, end)
    head, _, rest = shown.partition(MARK_OPEN)
    tail = rest.rpartition(MARK_CLOSE)[2]
    if len(head.strip()) < len(" ".join(text[low:start].split())) and " " in head.strip():
        shown = "… " + shown.split(" ", 1)[1]
    if len(tail.strip()) < len(" ".join(text[end:high].split())) and " " in tail.strip():
        shown = shown.rsplit(" ", 1)[0] + " …"
    return shown


def nearest_unit(units: Sequence[UnitMention], text: str, start: int, end: int) -> tuple[str, str | None] | None:
    """The unit an exemplar belongs to: the most local one named in its sentence, the nearest of
    those ("Xã Tân Bình, thị xã Cai Lậy biểu dương 12 hộ…" is xã Tân Bình's); else the unit the
    article names most often (the first named of those)."""
    if not units:
        return None
    low, high = sentence_bounds(text, start, end)
    near = [u for u in units if u[0] >= low and u[1] <= high]
    if near:
        best = min(near, key=lambda u: (_LEVEL_RANK.get(u[4] or "", 3), max(u[0] - end, start - u[1], 0), u[0]))
        return best[2], best[3]
    counts = Counter(u[2] for u in units)
    best = max(units, key=lambda u: (counts[u[2]], -u[0]))
    return best[2], best[3]


def _unit_mentions(conn: sqlite3.Connection, articles: set[int]) -> dict[int, list[UnitMention]]:
    found: dict[int, list[UnitMention]] = {}
    ordered = sorted(articles)
    for index in range(0, len(ordered), 500):
        chunk = ordered[index : index + 500]
        for article, *mention in conn.execute(
            "SELECT m.article_id, m.char_start, m.char_end, u.name, u.successor_name, u.level FROM unit_mentions m "
            f"JOIN units u ON u.id = m.unit_id WHERE m.article_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY m.article_id, m.char_start",
            chunk,
        ):
            found.setdefault(article, []).append(tuple(mention))
    return found


def exemplar_records(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Exemplars by movement (named ones first, "not named" last), oldest article first, each with
    its unit, its article and the sentence that names it (the exemplar in <mark>…</mark>)."""
    with reading(store) as conn:
        articles = _article_clause(conn, filters)
        movements, params = _movement_clause(conn, filters, "x.movement_id")
        rows = conn.execute(
            "SELECT x.kind, x.name, x.count, x.text, x.char_start, x.char_end, x.movement_id, mv.name, "
            "a.id, a.title, a.published, coalesce(a.url, a.key), a.text "
            "FROM exemplars x JOIN articles a ON a.id = x.article_id LEFT JOIN movements mv ON mv.id = x.movement_id "
            f"WHERE {articles} AND {movements} "
            "ORDER BY mv.name IS NULL, mv.name, a.published IS NULL, a.published, a.id, x.char_start",
            params,
        ).fetchall()
        units = _unit_mentions(conn, {row[8] for row in rows})
    records = []
    for kind, name, count, written, start, end, movement_id, movement, article, title, published, url, text in rows:
        unit = nearest_unit(units.get(article, []), text, start, end)
        records.append(
            {
                "movement": movement,
                "movement_id": movement_id,
                "kind": kind,
                "name": name or written,
                "count": count,
                "written": written,
                "unit": unit[0] if unit else None,
                "unit_2025": unit[1] if unit else None,
                "article_id": article,
                "title": title,
                "published": published,
                "url": url,
                "sentence": evidence(text, start, end),
            }
        )
    return records


def event_records(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Events, oldest article first: type, date, unit, movements, organisers, participants, sentence, article."""
    with reading(store) as conn:
        articles = _article_clause(conn, filters)
        movements, params = _movement_clause(conn, filters, "em.movement_id")
        types = "e.type = ?" if filters and filters.type else "1"
        rows = conn.execute(
            "SELECT e.id, e.type, e.date, coalesce(u.name, e.place), u.successor_name, "
            "(SELECT json_group_array(mv.name) FROM event_movements em JOIN movements mv ON mv.id = em.movement_id "
            "WHERE em.event_id = e.id), "
            "(SELECT json_group_array(o.name) FROM event_organizers o WHERE o.event_id = e.id), "
            "(SELECT json_group_array(p.name) FROM event_participants p WHERE p.event_id = e.id), "
            "e.text, a.id, a.title, a.published, coalesce(a.url, a.key) "
            "FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN units u ON u.id = e.unit_id "
            f"WHERE {articles} AND {types} AND (NOT EXISTS (SELECT 1 FROM event_movements em WHERE em.event_id = e.id) "
            f"OR EXISTS (SELECT 1 FROM event_movements em WHERE em.event_id = e.id AND {movements})) "
            "ORDER BY a.published IS NULL, a.published, a.id, e.char_start",
            (*([filters.type] if filters and filters.type else []), *params),
        ).fetchall()
    keys = ("id", "type", "date", "unit", "unit_2025", "movements", "organizers", "participants", "sentence")
    records = []
    for row in rows:
        record = dict(zip(keys, row[:9], strict=True))
        for key in ("movements", "organizers", "participants"):
            record[key] = json.loads(record[key])
        record.update(article_id=row[9], title=row[10], published=row[11], url=row[12])
        records.append(record)
    return records


def official_records(store: Store, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Officials named in the filtered articles, most often named first, with their positions."""
    return q.list_officials(store, filters, limit=-1)


# ------------------------------------------------------------------------------------------ reports


def _exemplar_note(records: list[Mapping[str, Any]]) -> str:
    articles = len({r["article_id"] for r in records})
    return f"{len(records)} điển hình được nêu trong {articles} bài viết."


def exemplar_report(records: Sequence[Mapping[str, Any]], filters: Filters | None = None) -> Report:
    """The exemplar summary: one section per movement (.docx, .md), one flat table (.xlsx, .csv)."""
    return Report(
        title="Tổng hợp điển hình tiên tiến theo phong trào",
        sheet="Điển hình tiên tiến",
        columns=(
            Column("movement", "Phong trào", 30, missing=NO_MOVEMENT),
            Column("kind", "Loại", 12, labels=EXEMPLAR_KINDS),
            Column("name", "Điển hình", 28),
            Column("count", "Số lượng", 9),
            Column("unit", "Đơn vị", 20),
            Column("unit_2025", "Đơn vị từ 1/7/2025", 20),
            Column("title", "Bài viết", 36),
            Column("published", "Ngày đăng", 12, date=True),
            Column("url", "Đường dẫn", 30),
            Column("sentence", "Trích dẫn", 60),
        ),
        records=records,
        intro=(describe_filters(filters), published_span(records, noun="điển hình")),
        group_by="movement",
        ungrouped=NO_MOVEMENT,
        section_note=_exemplar_note,
    )


def event_report(records: Sequence[Mapping[str, Any]], filters: Filters | None = None) -> Report:
    """Events, one section per movement (an event of two movements is in both)."""
    return Report(
        title="Tổng hợp sự kiện phong trào thi đua",
        sheet="Sự kiện",
        columns=(
            Column("movements", "Phong trào", 30, missing=NO_MOVEMENT),
            Column("type", "Loại sự kiện", 16, labels=EVENT_TYPES),
            Column("date", "Ngày diễn ra", 12, date=True),
            Column("unit", "Địa điểm", 20),
            Column("unit_2025", "Đơn vị từ 1/7/2025", 20),
            Column("organizers", "Đơn vị tổ chức", 24),
            Column("participants", "Cán bộ dự", 24),
            Column("sentence", "Nội dung", 60),
            Column("title", "Bài viết", 36),
            Column("published", "Ngày đăng", 12, date=True),
            Column("url", "Đường dẫn", 30),
        ),
        records=records,
        intro=(describe_filters(filters), published_span(records, noun="sự kiện")),
        group_by="movements",
        ungrouped=NO_MOVEMENT,
    )


def official_report(records: Sequence[Mapping[str, Any]], filters: Filters | None = None) -> Report:
    """Officials, one table: who was named, with which positions, in how many articles, when."""
    return Report(
        title="Cán bộ được nêu tên trong tin bài",
        sheet="Cán bộ",
        columns=(
            Column("name", "Họ và tên", 24),
            Column("positions", "Chức vụ", 60),
            Column("province", "Tỉnh/thành", 16),
            Column("articles", "Số bài", 8),
            Column("first_seen", "Lần đầu", 12, date=True),
            Column("last_seen", "Lần cuối", 12, date=True),
        ),
        records=records,
        intro=(describe_filters(filters), published_span(records, "first_seen", "last_seen", noun="cán bộ")),
    )


SUMMARIES: dict[str, tuple[Callable[..., list[dict[str, Any]]], Callable[..., Report]]] = {
    "exemplars": (exemplar_records, exemplar_report),
    "events": (event_records, event_report),
    "officials": (official_records, official_report),
}


def summary(store: Store, kind: str, filters: Filters | None = None) -> Report:
    """The report of one kind (exemplars, events, officials) over the filtered articles."""
    read, report = SUMMARIES[kind]
    return report(read(store, filters), filters)
