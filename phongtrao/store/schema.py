"""The store's schema, its version and the migrations between versions.

A store records the migrations applied to it in ``schema_version``. A fresh store runs every
migration from the first, so the code that upgrades an old store is the code that builds a
new one and is exercised on every run. A store written by a newer phongtrao (a version this
code does not know) is refused rather than half understood.

Versions:

1. sources, pages (the crawler's archive) and articles, with the diacritics full-text index.
2. the extraction: movements and their aliases, units with codes and 2025 successors,
   officials, organisations, documents, every mention with its offsets, events with their
   movements/organisers/participants, exemplars; the folded full-text index and a ``tags``
   column in both indexes (filters, see fts.py); the ``official_positions`` view. Version-1
   articles are kept, indexed again, and marked for re-processing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils

from phongtrao.store.db import Store, StoreError, describe, write

DIACRITICS_TOKENIZER = "unicode61 remove_diacritics 0"
# The folded index gets the text with đ→d; remove_diacritics 2 removes every other mark (= fold()).
FOLDED_TOKENIZER = "unicode61 remove_diacritics 2"
FTS_TABLE = "articles_fts"
FOLDED_FTS_TABLE = "articles_folded_fts"

Migration = Callable[[sqlite_utils.Database], None]


def _v1_archive(db: sqlite_utils.Database) -> None:
    db["sources"].create({"id": int, "name": str, "unit_code": str, "url": str}, pk="id", not_null=["name"])
    db["sources"].create_index(["name"], unique=True)
    db["pages"].create(
        {
            "id": int,
            "url": str,
            "source_id": int,
            "status": int,
            "headers": str,  # JSON list of [name, value]
            "body": bytes,  # zlib-compressed raw bytes
            "body_size": int,
            "body_sha256": str,
            "final_url": str,
            "etag": str,
            "last_modified": str,
            "fetched_at": str,
            "error": str,
        },
        pk="id",
        not_null=["url"],
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["pages"].create_index(["url"], unique=True)
    db["pages"].create_index(["source_id"])
    db["articles"].create(
        {
            "id": int,
            "key": str,  # URL, or file URI of a local document: what makes two articles the same
            "source_id": int,
            "page_id": int,
            "url": str,
            "title": str,
            "published": str,
            "authors": str,  # JSON list
            "text": str,
            "fingerprint": str,  # hash of the stored extraction: same hash, nothing to write
            "extractor_version": str,
        },
        pk="id",
        not_null=["key", "text"],
        foreign_keys=[("source_id", "sources", "id"), ("page_id", "pages", "id")],
    )
    db["articles"].create_index(["key"], unique=True)
    db["articles"].create_index(["published"])
    db["articles"].create_index(["source_id"])
    db["articles"].create_index(["page_id"])
    _create_diacritics_index(db, ("title", "text"))


def _create_diacritics_index(db: sqlite_utils.Database, columns: tuple[str, ...]) -> None:
    """The DDL sqlite-utils' ``enable_fts`` writes (so Datasette finds the index), run in our transaction.

    ``enable_fts`` itself goes through ``executescript``, which commits the open transaction
    and would leave a half-migrated store behind a failure.
    """
    quoted = ", ".join(f'"{c}"' for c in columns)
    db.execute(
        f'CREATE VIRTUAL TABLE "{FTS_TABLE}" USING FTS5 ({quoted}, '
        f"tokenize='{DIACRITICS_TOKENIZER}', content=\"articles\")"
    )


def _mention_table(
    db: sqlite_utils.Database,
    name: str,
    extra: dict[str, type],
    foreign_keys: list,
    not_null: tuple[str, ...] = (),
    paired: str | None = None,
) -> None:
    """A table of records with offsets into their article's text.

    ``paired`` is the column filters and facets use: indexed both ways with ``article_id``
    ((column, article) for "articles that mention X", (article, column) for "what these
    articles mention"), so both are answered from the index alone.
    """
    columns: dict[str, type] = {"id": int, "article_id": int, **extra, "text": str, "char_start": int, "char_end": int}
    db[name].create(
        columns,
        pk="id",
        not_null=["article_id", "char_start", "char_end", *not_null],
        foreign_keys=[("article_id", "articles", "id"), *foreign_keys],
    )
    db[name].create_index(["article_id", paired] if paired else ["article_id"])
    if paired:
        db[name].create_index([paired, "article_id"])
    for column, *_ in foreign_keys:
        if column != paired:
            db[name].create_index([column])


def _v2_extraction(db: sqlite_utils.Database) -> None:
    articles = db["articles"]
    articles.add_column("partial", int)
    articles.add_column("warnings", str)
    articles.add_column("tags", str)  # the filter tokens indexed with the article (fts.py)
    db.execute("UPDATE articles SET fingerprint = NULL, extractor_version = NULL")  # no extraction yet: re-process
    # The diacritics index gains the tags column: re-created and filled from the articles.
    db.execute(f"DROP TABLE {FTS_TABLE}")
    _create_diacritics_index(db, ("title", "text", "tags"))
    db.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")

    db["meta"].create({"key": str, "value": str}, pk="key")
    db["movements"].create({"id": str, "name": str, "kind": str, "catalogued": int}, pk="id", not_null=["name"])
    db["movement_aliases"].create(
        {"movement_id": str, "alias": str, "folded": str, "kind": str},
        pk=("movement_id", "folded", "kind"),
        foreign_keys=[("movement_id", "movements", "id")],
    )
    db["movement_aliases"].create_index(["folded"])
    db["units"].create(
        {
            "id": int,
            "key": str,  # the code, or "?" + folded name + "|" + province for a unit the gazetteer did not decide
            "code": str,
            "name": str,
            "level": str,
            "province": str,
            "province_code": str,
            "district_code": str,
            "successor_name": str,  # the unit that took it over on 1 July 2025
            "successor_code": str,
            "successor_province_code": str,
            "folded_name": str,
        },
        pk="id",
        not_null=["key", "name"],
    )
    for columns, unique in (
        (["key"], True),
        (["code"], False),
        (["district_code"], False),
        (["province_code"], False),
        (["successor_code"], False),
        (["successor_province_code"], False),
        (["folded_name"], False),
    ):
        db["units"].create_index(columns, unique=unique)
    db["officials"].create(
        {
            "id": int,
            "name": str,
            "folded_name": str,
            "province_code": str,  # where the articles that name them are about
            "district_code": str,
            "level": str,  # commune | district | province: the most local level their positions name
        },
        pk="id",
        not_null=["name", "folded_name"],
    )
    db["officials"].create_index(["folded_name"])
    db["organizations"].create({"id": int, "name": str, "folded_name": str}, pk="id", not_null=["name"])
    db["organizations"].create_index(["name"], unique=True)
    db["organizations"].create_index(["folded_name"])
    db["documents"].create(
        {"id": int, "key": str, "number": str, "kind": str, "date": str, "issuer": str}, pk="id", not_null=["key"]
    )
    db["documents"].create_index(["key"], unique=True)

    _mention_table(
        db, "movement_mentions", {"movement_id": str}, [("movement_id", "movements", "id")], paired="movement_id"
    )
    _mention_table(
        db,
        "official_mentions",
        {"official_id": int, "positions": str, "province_code": str, "district_code": str},
        [("official_id", "officials", "id")],
        paired="official_id",
    )
    _mention_table(db, "unit_mentions", {"unit_id": int}, [("unit_id", "units", "id")], paired="unit_id")
    _mention_table(db, "organization_mentions", {"organization_id": int}, [("organization_id", "organizations", "id")])
    _mention_table(db, "document_mentions", {"document_id": int}, [("document_id", "documents", "id")])
    _mention_table(db, "date_mentions", {"value": str}, [])
    _mention_table(
        db,
        "events",
        {"type": str, "date": str, "place": str, "unit_id": int},
        [("unit_id", "units", "id")],
        not_null=("type",),
        paired="type",
    )
    db["event_movements"].create(
        {"event_id": int, "movement_id": str},
        pk=("event_id", "movement_id"),
        foreign_keys=[("event_id", "events", "id"), ("movement_id", "movements", "id")],
    )
    db["event_movements"].create_index(["movement_id"])
    db["event_organizers"].create(
        {"id": int, "event_id": int, "name": str, "organization_id": int},
        pk="id",
        foreign_keys=[("event_id", "events", "id"), ("organization_id", "organizations", "id")],
    )
    db["event_organizers"].create_index(["event_id"])
    db["event_participants"].create(
        {"id": int, "event_id": int, "name": str, "official_id": int},
        pk="id",
        foreign_keys=[("event_id", "events", "id"), ("official_id", "officials", "id")],
    )
    db["event_participants"].create_index(["event_id"])
    db["event_participants"].create_index(["official_id"])
    _mention_table(
        db,
        "exemplars",
        {"name": str, "kind": str, "movement_id": str, "count": int},
        [("movement_id", "movements", "id")],
        not_null=("kind",),
    )
    db.execute(
        f"CREATE VIRTUAL TABLE {FOLDED_FTS_TABLE} USING FTS5 (title, text, tags, content='', "
        f"tokenize='{FOLDED_TOKENIZER}')"
    )
    db.execute(
        """
        CREATE VIEW official_positions AS
        SELECT m.official_id, p.value AS position,
               min(a.published) AS first_seen, max(a.published) AS last_seen,
               count(DISTINCT m.article_id) AS articles
        FROM official_mentions m
        JOIN json_each(m.positions) p
        JOIN articles a ON a.id = m.article_id
        GROUP BY m.official_id, p.value
        """
    )
    from phongtrao.store.fts import index_folded  # the folded text of version-1 articles

    for row in db.execute("SELECT id, title, text FROM articles").fetchall():
        index_folded(db.conn, (row[0], row[1], row[2], None))


# Segments of one level a full-text index gathers before merging them (FTS5's default is 4).
# Every merge rewrites the postings, so a store of a million articles rewrote its text
# indexes about five times over at 4; at 16 it is about three, and ingest is a fifth faster.
# Queries read a few more segments, which costs well under a millisecond.
FTS_AUTOMERGE = 16


def _v3_fts_merging(db: sqlite_utils.Database) -> None:
    for table in (FTS_TABLE, FOLDED_FTS_TABLE):
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {FTS_AUTOMERGE})")


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("sources, pages, articles and the diacritics full-text index", _v1_archive),
    ("extraction tables, folded full-text index, official positions", _v2_extraction),
    ("full-text indexes merge 16 segments at a time", _v3_fts_merging),
)
CURRENT_VERSION = len(MIGRATIONS)


def stored_version(conn: sqlite3.Connection) -> int:
    """The schema version a store file says it has; 0 for an empty file."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    # The crawler keeps its state (crawl_*) in the same file and may have created it first.
    names = {name for name in names if not name.startswith("crawl_")}
    if "schema_version" not in names:
        if names:
            raise StoreError("not a phongtrao store (it has tables but no schema_version)")
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def _check_known(store: Store, version: int) -> None:
    if version > CURRENT_VERSION:
        raise StoreError(
            f"{store.path}: written by a newer phongtrao (schema version {version}; this one knows up to "
            f"{CURRENT_VERSION}); upgrade phongtrao to use it"
        )


def migrate(store: Store) -> int:
    """Bring the store to CURRENT_VERSION (all pending migrations in one transaction); the version."""
    try:
        version = stored_version(store.conn)
    except StoreError as exc:
        raise StoreError(f"{store.path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe(store.path, exc)) from None
    _check_known(store, version)
    if version == CURRENT_VERSION:
        return version

    def upgrade() -> int:
        current = stored_version(store.conn)  # another process may have migrated while we waited
        _check_known(store, current)
        if current == 0:
            store.db["schema_version"].create({"version": int, "description": str}, pk="version")
        for number in range(current + 1, CURRENT_VERSION + 1):
            description, step = MIGRATIONS[number - 1]
            step(store.db)
            store.conn.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", (number, description))
        return CURRENT_VERSION

    return write(store, upgrade)
