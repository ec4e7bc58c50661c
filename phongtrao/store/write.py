"""Writing extractions: one article's records in, idempotently, atomically, resolved to entities.

An article is identified by its URL (or the file URI of a local document). Its extraction is
fingerprinted; storing the same extraction again writes nothing. A different one (the
article changed, or the extractor did) replaces every record of that article in one
transaction, so a reader sees the old extraction or the new one, never a mix.

Entities are shared between articles:
- a movement is one row by its catalogue id (new, uncatalogued movements by their slug);
- a unit is one row by its gazetteer code (unresolved units by name and province);
- an official is one row per person: same folded name, in the same province (or one side
  unknown), and not two commune officials of different districts. Namesakes in different
  provinces stay apart. An official left with no mention after a re-processing is removed.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import pickle
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from phongtrao.extract.movements import movement_id, resolve_movement
from phongtrao.extract.units import unit_by_code
from phongtrao.models import Article, Extraction
from phongtrao.store.db import Store, StoreError, write
from phongtrao.store.fts import Indexed, folded, index_articles, unindex_article
from phongtrao.store.places import UNIT_COLUMNS, folded_name, unit_row

_MENTION_TABLES = (
    "movement_mentions",
    "official_mentions",
    "unit_mentions",
    "organization_mentions",
    "document_mentions",
    "date_mentions",
    "exemplars",
)
_RECORD_KINDS = ("movements", "officials", "units", "organizations", "dates", "documents", "events", "exemplars")
# Words of a position that place it at a level (folded): the most local one wins.
_LEVEL_WORDS = (
    ("commune", ("xa", "phuong", "thi tran", "thon", "ap", "buon", "khu pho", "to dan pho", "dang uy xa")),
    ("district", ("huyen", "quan", "thi xa", "thanh pho", "thi uy", "thanh uy")),
    ("province", ("tinh", "trung uong")),
)


@dataclass(frozen=True)
class WriteResult:
    """What storing one article did: ``new``, ``updated`` or ``unchanged``."""

    article_id: int
    key: str
    status: str


@dataclass(frozen=True)
class _Context:
    """Where an article is about: the province and district most of its units belong to."""

    province: str | None
    district: str | None


# ------------------------------------------------------------------------------------------ keys


def article_key(article: Article) -> str:
    """What makes two articles the same: the URL, else the file URI of the source path."""
    if article.url:
        return article.url
    source = article.source
    if "://" in source or source.startswith("<"):
        return source
    return Path(source).resolve().as_uri()


def fingerprint(extraction: Extraction, source: str | None) -> str:
    """A hash of everything stored for an article: equal hashes mean nothing to write.

    Every field of the article and of every record goes in (records are flat frozen
    dataclasses of strings, numbers and tuples). They are serialised with pickle in "fast"
    mode: no memo, so the bytes depend on the values only, never on which objects happen to
    be shared, and at half the cost of ``repr``.
    """
    digest = hashlib.sha256(extraction.article.text.encode("utf-8", "surrogatepass"))
    article = {k: v for k, v in vars(extraction.article).items() if k != "text"}
    parts: list[object] = [sorted(article.items()), extraction.extractor_version, source]
    parts += [[tuple(vars(r).values()) for r in getattr(extraction, kind)] for kind in _RECORD_KINDS]
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(parts)
    digest.update(buffer.getbuffer())
    return digest.hexdigest()


@lru_cache(maxsize=16384)
def position_level(positions: tuple[str, ...]) -> str | None:
    """The most local level the positions name ("Chủ tịch UBND xã" → commune), if any."""
    text = " " + " ".join(folded(p) for p in positions) + " "
    for level, words in _LEVEL_WORDS:
        if any(f" {word} " in text for word in words):
            return level
    return None


# ------------------------------------------------------------------------------------------ entities


def ensure_source(store: Store, name: str, *, unit_code: str | None = None, url: str | None = None) -> int:
    """The id of the source called ``name``, created if new (call inside a write)."""
    cached = store.ids.get(("source", name))
    if cached is not None:
        return cached
    conn = store.conn
    conn.execute("INSERT OR IGNORE INTO sources (name, unit_code, url) VALUES (?, ?, ?)", (name, unit_code, url))
    if unit_code or url:
        conn.execute(
            "UPDATE sources SET unit_code = coalesce(?, unit_code), url = coalesce(?, url) WHERE name = ?",
            (unit_code, url, name),
        )
    source_id = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0]
    store.ids[("source", name)] = source_id
    return source_id


def _keyed_id(store: Store, kind: str, key: str, insert_sql: str, params: tuple[Any, ...], select_sql: str) -> int:
    """The id of a row that is never deleted or re-keyed (unit, organisation, document), cached."""
    cached = store.ids.get((kind, key))
    if cached is not None:
        return cached
    store.conn.execute(insert_sql, params)
    row_id = store.conn.execute(select_sql, (key,)).fetchone()[0]
    store.ids[(kind, key)] = row_id
    return row_id


_INSERT_UNIT = f"INSERT OR IGNORE INTO units ({', '.join(UNIT_COLUMNS)}) VALUES ({', '.join('?' * len(UNIT_COLUMNS))})"


def _unit_id(store: Store, row: Mapping[str, str | None]) -> int:
    key, values = row["key"] or "", tuple(row.values())  # rows come in UNIT_COLUMNS order
    return _keyed_id(store, "unit", key, _INSERT_UNIT, values, "SELECT id FROM units WHERE key = ?")


def _organization_id(store: Store, name: str) -> int:
    return _keyed_id(
        store,
        "organization",
        name,
        "INSERT OR IGNORE INTO organizations (name, folded_name) VALUES (?, ?)",
        (name, folded_name(name)),
        "SELECT id FROM organizations WHERE name = ?",
    )


def _document_id(store: Store, number: str | None, kind: str, date: str | None, issuer: str | None) -> int:
    key = f"{folded(kind)}|{folded(number)}|{date or ''}"
    return _keyed_id(
        store,
        "document",
        key,
        "INSERT OR IGNORE INTO documents (key, number, kind, date, issuer) VALUES (?, ?, ?, ?, ?)",
        (key, number, kind, date, issuer),
        "SELECT id FROM documents WHERE key = ?",
    )


def _ensure_movement(store: Store, movement_id_: str, name: str, written: str | None) -> None:
    """The movement's row (and the wording it was written in), once per store connection."""
    if ("movement", f"{movement_id_}|{written}") in store.ids:
        return
    conn = store.conn
    conn.execute("INSERT OR IGNORE INTO movements (id, name, catalogued) VALUES (?, ?, 0)", (movement_id_, name))
    if written:
        conn.execute(
            "INSERT OR IGNORE INTO movement_aliases (movement_id, alias, folded, kind) VALUES (?, ?, ?, 'written')",
            (movement_id_, written, folded_name(written)),
        )
    store.ids[("movement", f"{movement_id_}|{written}")] = 1


def _compatible(candidate: sqlite3.Row | tuple, context: _Context, level: str | None) -> bool:
    """Same province (or one unknown), and not two commune officials of different districts."""
    _, province, district, candidate_level = candidate
    if province and context.province and province != context.province:
        return False
    return not (
        level == "commune"
        and candidate_level == "commune"
        and district
        and context.district
        and district != context.district
    )


def _official_id(conn: sqlite3.Connection, name: str, positions: Sequence[str], context: _Context) -> int:
    """The row of this person: an existing compatible official, else a new one."""
    key = folded_name(name)
    level = position_level(tuple(positions))
    candidates = conn.execute(
        "SELECT id, province_code, district_code, level FROM officials WHERE folded_name = ? ORDER BY id", (key,)
    ).fetchall()
    compatible = [c for c in candidates if _compatible(c, context, level)]

    def closeness(candidate: tuple) -> tuple[int, int, int]:
        _, province, district, _ = candidate
        return (
            province != context.province,  # the same province (both unknown included) first
            district != context.district,
            candidate[0],
        )

    if context.province is None and len(compatible) > 1:
        compatible = [c for c in compatible if c[1] is None]  # unsure where: only an official as unsure
    if compatible:
        chosen = min(compatible, key=closeness)
        official, province, district, known_level = chosen
        if (
            (province is None and context.province)
            or (district is None and context.district)
            or (known_level is None and level)
        ):
            conn.execute(
                "UPDATE officials SET province_code = coalesce(province_code, ?), "
                "district_code = coalesce(district_code, ?), level = coalesce(level, ?) WHERE id = ?",
                (context.province, context.district, level, official),
            )
        return official
    return conn.execute(
        "INSERT INTO officials (name, folded_name, province_code, district_code, level) VALUES (?, ?, ?, ?, ?)",
        (name, key, context.province, context.district, level),
    ).lastrowid


def _context(unit_rows: list[Mapping[str, str | None]], home: Mapping[str, str | None] | None) -> _Context:
    """The province most units belong to (the home unit counting too), and its commonest district."""
    rows = [*unit_rows, *([home] if home else [])]
    provinces = Counter(row["province_code"] for row in rows if row.get("province_code"))
    if not provinces:
        return _Context(None, None)
    province = provinces.most_common(1)[0][0]
    districts = Counter(
        row["district_code"] for row in rows if row.get("province_code") == province and row.get("district_code")
    )
    return _Context(province, districts.most_common(1)[0][0] if districts else None)


# ------------------------------------------------------------------------------------------ records


class RecordError(StoreError):
    """An extraction refused before anything of it was written (a record off its text)."""


def _span(item: Any) -> tuple[str, int, int]:
    return item.text, item.start, item.end


def check_records(key: str, extraction: Extraction) -> None:
    """Refuse an extraction whose records do not point at their own words in the text."""
    text = extraction.article.text
    for kind in _RECORD_KINDS:
        for item in getattr(extraction, kind):
            if not (0 <= item.start <= item.end <= len(text)) or text[item.start : item.end] != item.text:
                raise RecordError(
                    f"{key}: {kind[:-1]} record {item.text[:40]!r} at {item.start}-{item.end} "
                    "does not match the article text"
                )


def _delete_extraction(conn: sqlite3.Connection, article_id: int) -> list[int]:
    """Remove an article's records; the officials they named (to collect the orphans after)."""
    officials = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT official_id FROM official_mentions WHERE article_id = ?", (article_id,)
        )
    ]
    events = "(SELECT id FROM events WHERE article_id = ?)"
    for table in ("event_movements", "event_organizers", "event_participants"):
        conn.execute(f"DELETE FROM {table} WHERE event_id IN {events}", (article_id,))
    conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
    for table in _MENTION_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    return officials


def _collect_orphan_officials(conn: sqlite3.Connection, officials: Iterable[int]) -> None:
    for official in set(officials):
        conn.execute(
            "DELETE FROM officials WHERE id = ? AND NOT EXISTS (SELECT 1 FROM official_mentions WHERE official_id = ?) "
            "AND NOT EXISTS (SELECT 1 FROM event_participants WHERE official_id = ?)",
            (official, official, official),
        )


def _movement_ids(extraction: Extraction) -> dict[str, str]:
    """Canonical name → id for the names events and exemplars use."""
    ids = {m.name: m.id for m in extraction.movements}
    for name in {*(n for e in extraction.events for n in e.movements), *(x.movement for x in extraction.exemplars)}:
        if name and name not in ids:
            resolved = resolve_movement(name)
            ids[name] = resolved[0] if resolved else movement_id(name)
    return ids


# ------------------------------------------------------------------------------------------ tags


@dataclass(frozen=True)
class _Resolved:
    """An article's records resolved to entity rows."""

    movement_ids: dict[str, str]  # canonical name → id
    unit_rows: list[Mapping[str, str | None]]
    unit_ids: list[int]
    context: _Context
    officials: dict[str, int]  # folded name → official id


@lru_cache(maxsize=4096)
def movement_tag(movement: str) -> str:
    """The tag of a movement id (ids have hyphens, which the tokenizer would split)."""
    return "m" + hashlib.md5(movement.encode("utf-8")).hexdigest()[:12]


def unit_tags(row: Mapping[str, str | None], unit_id: int) -> list[str]:
    """A unit's tags: its code and its district's and province's ("c…"), their 2025 successors ("n…"),
    and its row id ("i…", for a unit the gazetteer did not decide)."""
    tags = [f"c{row[k]}" for k in ("code", "district_code", "province_code") if row.get(k)]
    tags += [f"n{row[k]}" for k in ("successor_code", "successor_province_code") if row.get(k)]
    if not row.get("code"):
        tags.append(f"i{unit_id}")
    return tags


def article_tags(resolved: _Resolved, extraction: Extraction, source_id: int | None) -> str:
    """The filter tokens indexed with an article (see fts.py): what its records name, and when."""
    tags: list[str] = []
    for row, unit_id in zip(resolved.unit_rows, resolved.unit_ids, strict=True):
        tags += unit_tags(row, unit_id)
    tags += [movement_tag(m) for m in (*(m.id for m in extraction.movements), *resolved.movement_ids.values())]
    tags += [f"o{official}" for official in resolved.officials.values()]
    tags += ["t" + event.type.replace("_", "") for event in extraction.events if event.type]
    if source_id is not None:
        tags.append(f"s{source_id}")
    published = extraction.article.published
    if published and published[:4].isdigit():
        tags.append(f"y{published[:4]}")
    return " ".join(dict.fromkeys(tags))


# ------------------------------------------------------------------------------------------ batches

_MENTION = ("text", "char_start", "char_end")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "movement_mentions": ("article_id", "movement_id", *_MENTION),
    "unit_mentions": ("article_id", "unit_id", *_MENTION),
    "official_mentions": ("article_id", "official_id", "positions", "province_code", "district_code", *_MENTION),
    "organization_mentions": ("article_id", "organization_id", *_MENTION),
    "document_mentions": ("article_id", "document_id", *_MENTION),
    "date_mentions": ("article_id", "value", *_MENTION),
    "events": ("id", "article_id", "type", "date", "place", "unit_id", *_MENTION),
    "event_movements": ("event_id", "movement_id"),
    "event_organizers": ("event_id", "name", "organization_id"),
    "event_participants": ("event_id", "name", "official_id"),
    "exemplars": ("article_id", "name", "kind", "movement_id", "count", *_MENTION),
}
_INSERTS = {
    table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for table, columns in _COLUMNS.items()
}


class _Batch:
    """Articles written in one transaction; their records buffered and written table by table.

    Buffering is what makes a batch fast: one ``executemany`` per table and per full-text
    index instead of a dozen statements per article. Only what a later article must see at
    once (the article row, new officials, entity ids) is written as it comes.
    """

    def __init__(self, store: Store, source: str | None, home: str | None) -> None:
        self.store = store
        self.conn = store.conn
        self.source = source
        self.source_id = ensure_source(store, source) if source else None
        self.home = home
        self.homes: dict[int | None, Mapping[str, str | None] | None] = {}
        self.rows: dict[str, list[tuple]] = {table: [] for table in _INSERTS}
        self.index_rows: list[Indexed] = []
        self.keys: set[str] = set()
        self.orphans: list[int] = []
        self.next_event = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0]
        self.officials: dict[tuple, int] = {}

    def add(self, extraction: Extraction, page_id: int | None = None) -> WriteResult:
        """Write or buffer one article; RecordError before anything of it is written."""
        article = extraction.article
        key = article_key(article)
        if key in self.keys:
            self.flush()  # the same article twice in a batch: the first must be indexed before it is replaced
        stamp = fingerprint(extraction, self.source)
        existing = self.conn.execute(
            "SELECT id, fingerprint, title, text, tags, source_id, page_id FROM articles WHERE key = ?", (key,)
        ).fetchone()
        if existing is not None and existing[1] == stamp:
            return WriteResult(existing[0], key, "unchanged")
        check_records(key, extraction)
        source_id = self.source_id if self.source_id is not None else (existing[5] if existing else None)
        if existing is not None:
            self.orphans += _delete_extraction(self.conn, existing[0])
        if source_id not in self.homes:
            self.homes[source_id] = _home_row(self.store, source_id, self.home)
        resolved = self._resolve(extraction, self.homes[source_id])
        tags = article_tags(resolved, extraction, source_id)
        values = {
            "key": key,
            "source_id": source_id,
            "page_id": page_id if page_id is not None else (existing[6] if existing else None),
            "url": article.url,
            "title": article.title,
            "published": article.published,
            "authors": json.dumps(list(article.authors), ensure_ascii=False),
            "text": article.text,
            "fingerprint": stamp,
            "extractor_version": extraction.extractor_version or None,
            "partial": int(article.partial),
            "warnings": json.dumps(list(article.warnings), ensure_ascii=False) if article.warnings else None,
            "tags": tags,
        }
        if existing is None:
            columns = ", ".join(values)
            article_id = self.conn.execute(
                f"INSERT INTO articles ({columns}) VALUES ({', '.join('?' * len(values))})", tuple(values.values())
            ).lastrowid
            self.index_rows.append((article_id, article.title, article.text, tags))
            status = "new"
        else:
            article_id = existing[0]
            if (existing[2], existing[3], existing[4]) != (article.title, article.text, tags):
                unindex_article(self.conn, (article_id, existing[2], existing[3], existing[4]))
                self.index_rows.append((article_id, article.title, article.text, tags))
            assignments = ", ".join(f"{column} = ?" for column in values)
            self.conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values.values(), article_id))
            status = "updated"
        self.keys.add(key)
        self._buffer(article_id, extraction, resolved)
        return WriteResult(article_id, key, status)

    def _resolve(self, extraction: Extraction, home: Mapping[str, str | None] | None) -> _Resolved:
        """The entity rows the article's records point to (created when new)."""
        store = self.store
        movement_ids = _movement_ids(extraction)
        for movement in extraction.movements:
            _ensure_movement(store, movement.id, movement.name, movement.text)
        for event in extraction.events:
            for name in event.movements:
                _ensure_movement(store, movement_ids[name], name, None)
        for exemplar in extraction.exemplars:
            if exemplar.movement:
                _ensure_movement(store, movement_ids[exemplar.movement], exemplar.movement, None)
        unit_rows = [unit_row(u) for u in extraction.units]
        unit_ids = [_unit_id(store, row) for row in unit_rows]
        context = _context(unit_rows, home)
        officials: dict[str, int] = {}
        for official in extraction.officials:
            name_key = folded_name(official.name)
            if name_key not in officials:
                officials[name_key] = self._official(official.name, official.positions, context)
        return _Resolved(movement_ids, unit_rows, unit_ids, context, officials)

    def _buffer(self, article_id: int, extraction: Extraction, resolved: _Resolved) -> None:
        """Every record of the article, as rows to write at the end of the batch."""
        store, rows = self.store, self.rows
        for movement in extraction.movements:
            rows["movement_mentions"].append((article_id, movement.id, *_span(movement)))
        unit_by_name: dict[str, int] = {}
        for unit, unit_id in zip(extraction.units, resolved.unit_ids, strict=True):
            unit_by_name.setdefault(folded_name(unit.name), unit_id)
            rows["unit_mentions"].append((article_id, unit_id, *_span(unit)))
        context = resolved.context
        for official in extraction.officials:
            official_id = resolved.officials[folded_name(official.name)]
            positions = json.dumps(list(official.positions), ensure_ascii=False)
            rows["official_mentions"].append(
                (article_id, official_id, positions, context.province, context.district, *_span(official))
            )
        for organization in extraction.organizations:
            rows["organization_mentions"].append(
                (article_id, _organization_id(store, organization.name), *_span(organization))
            )
        for document in extraction.documents:
            document_id = _document_id(store, document.number, document.kind, document.date, document.issuer)
            rows["document_mentions"].append((article_id, document_id, *_span(document)))
        for date in extraction.dates:
            rows["date_mentions"].append((article_id, date.value, *_span(date)))
        for event in extraction.events:
            event_id = self.next_event
            self.next_event += 1
            unit_id = unit_by_name.get(folded_name(event.place)) if event.place else None
            rows["events"].append((event_id, article_id, event.type, event.date, event.place, unit_id, *_span(event)))
            for name in dict.fromkeys(event.movements):
                rows["event_movements"].append((event_id, resolved.movement_ids[name]))
            for name in event.organizers:
                rows["event_organizers"].append((event_id, name, _organization_id(store, name)))
            for name in event.participants:
                rows["event_participants"].append((event_id, name, resolved.officials.get(folded_name(name))))
        for exemplar in extraction.exemplars:
            movement = resolved.movement_ids.get(exemplar.movement) if exemplar.movement else None
            rows["exemplars"].append(
                (article_id, exemplar.name, exemplar.kind, movement, exemplar.count, *_span(exemplar))
            )

    def _official(self, name: str, positions: Sequence[str], context: _Context) -> int:
        """The official's row; the same name in the same place resolves once per batch."""
        key = (folded_name(name), context.province, context.district, position_level(tuple(positions)))
        found = self.officials.get(key)
        if found is None:
            found = _official_id(self.conn, name, positions, context)
            self.officials[key] = found
        return found

    def flush(self) -> None:
        """Write the buffered records and index the buffered texts."""
        if self.index_rows:
            index_articles(self.conn, self.index_rows)
            self.index_rows = []
        for table, rows in self.rows.items():
            if rows:
                self.conn.executemany(_INSERTS[table], rows)
                rows.clear()
        _collect_orphan_officials(self.conn, self.orphans)
        self.orphans = []
        self.officials.clear()  # a collected orphan must not be handed out again
        self.keys.clear()


# ------------------------------------------------------------------------------------------ articles


def _home_row(store: Store, source_id: int | None, home: str | None) -> Mapping[str, str | None] | None:
    """Province and district codes of the article's own unit: ``home``, else its source's unit."""
    code = home
    if code is None and source_id is not None:
        row = store.conn.execute("SELECT unit_code FROM sources WHERE id = ?", (source_id,)).fetchone()
        code = row[0] if row else None
    if not code:
        return None
    entry = unit_by_code(code)
    if entry is None:
        return None
    district = entry.code if entry.level == "district" else entry.district
    return {"province_code": entry.province, "district_code": district}


def upsert_extraction(
    store: Store,
    extraction: Extraction,
    *,
    source: str | None = None,
    page_id: int | None = None,
    home: str | None = None,
) -> WriteResult:
    """Store one article and its extraction in one transaction.

    ``source`` names where it came from (a sources.toml name, or "files"); ``page_id`` links
    it to its archived page; ``home`` is its own unit's gazetteer code when the caller knows it
    (else the source's unit), used to place its officials. Raises StoreError (RecordError for
    records that do not match the text); then nothing of the article was written or replaced.
    """

    def work() -> WriteResult:
        batch = _Batch(store, source, home)
        result = batch.add(extraction, page_id)
        batch.flush()
        return result

    try:
        return write(store, work)
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"{article_key(extraction.article)}: {exc}") from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is written.

    A batch makes tens of thousands of small tuples that are all alive until it is written;
    the collector would walk them again and again (5% of ingest time) to find no cycle.
    Reference counting still frees everything; the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def upsert_many(
    store: Store,
    extractions: Iterable[Extraction],
    *,
    source: str | None = None,
    home: str | None = None,
) -> list[WriteResult | StoreError]:
    """Store a batch in one transaction; each article's result, or the error that refused it.

    One transaction per batch is what makes ingest fast (records and the full-text indexes are
    written table by table). An article refused before its first write (RecordError) is
    reported and the batch goes on; a failure while writing undoes the batch, which is then
    stored one article per transaction so only the bad article is lost. A locked or broken
    store raises StoreError.
    """
    extractions = list(extractions)

    def work() -> list[WriteResult | StoreError]:
        batch = _Batch(store, source, home)
        results: list[WriteResult | StoreError] = []
        for extraction in extractions:
            try:
                results.append(batch.add(extraction))
            except RecordError as exc:
                results.append(exc)
        batch.flush()
        return results

    try:
        with _collector_paused():
            return write(store, work)
    except sqlite3.IntegrityError:
        pass  # one article broke a constraint while being written: find it, keep the others
    results: list[WriteResult | StoreError] = []
    for extraction in extractions:

        def single(extraction: Extraction = extraction) -> WriteResult:
            batch = _Batch(store, source, home)
            result = batch.add(extraction)
            batch.flush()
            return result

        try:
            results.append(write(store, single))
        except RecordError as exc:
            results.append(exc)
        except sqlite3.IntegrityError as exc:
            results.append(StoreError(f"{article_key(extraction.article)}: {exc}"))
    return results
