"""The store: schema, idempotent and atomic writes, entity resolution, migration, bad files, two writers.

Real SQLite files in tmp_path, no mocks. Extractions are built by hand from short texts in
the genre's phrasing (``build``), so these tests do not move when the extractors improve.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from phongtrao.extract.normalize import normalize
from phongtrao.models import (
    Article,
    DateMention,
    DocumentRef,
    Event,
    Exemplar,
    Extraction,
    Movement,
    Official,
    Organization,
    Page,
    Unit,
)
from phongtrao.store import (
    CURRENT_VERSION,
    StoreError,
    iter_pages,
    open_store,
    page_validators,
    record_fetch,
    search,
    store_page,
    upsert_extraction,
    upsert_many,
)
from phongtrao.store.db import PAGE_SIZE
from phongtrao.store.fts import folded_index_form
from phongtrao.store.schema import FTS_AUTOMERGE
from phongtrao.store.write import fingerprint

ROOT = Path(__file__).resolve().parents[1]
TDDK = ("toan-dan-doan-ket-xay-dung-doi-song-van-hoa", "Toàn dân đoàn kết xây dựng đời sống văn hóa")
DVK = ("dan-van-kheo", "Dân vận khéo")


# ------------------------------------------------------------------------------------------ building extractions


def _at(text: str, written: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(written, start + 1)
    return start, start + len(written)


def build(
    text: str,
    *,
    source: str = "/tmp/phongtrao-test/a.txt",
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    movements: tuple[tuple[str, tuple[str, str]], ...] = (),
    officials: tuple[tuple[str, tuple[str, ...]], ...] = (),
    units: tuple[tuple[str, str, str, str | None, str | None], ...] = (),
    organizations: tuple[str, ...] = (),
    dates: tuple[tuple[str, str], ...] = (),
    documents: tuple[tuple[str, str, str], ...] = (),
    events: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (),
    exemplars: tuple[tuple[str, str, str | None], ...] = (),
    version: str = "1",
) -> Extraction:
    """An extraction whose records point at the written words (first occurrence) of ``text``.

    units: (written, name, level, code, province); events: (type, sentence, movement names,
    participant names); exemplars: (written, kind, movement name).
    """
    text = normalize(text)
    article = Article(source=source, text=text, title=title, published=published, url=url)
    return Extraction(
        article=article,
        movements=tuple(Movement(name, mid, w, *_at(text, w)) for w, (mid, name) in movements),
        officials=tuple(Official(w, positions, w, *_at(text, w)) for w, positions in officials),
        units=tuple(Unit(name, level, code, prov, w, *_at(text, w)) for w, name, level, code, prov in units),
        organizations=tuple(Organization(w, w, *_at(text, w)) for w in organizations),
        dates=tuple(DateMention(value, w, *_at(text, w)) for w, value in dates),
        documents=tuple(DocumentRef(number, kind, None, w, *_at(text, w)) for w, number, kind in documents),
        events=tuple(
            Event(kind, None, None, names, (), people, sentence, *_at(text, sentence))
            for kind, sentence, names, people in events
        ),
        exemplars=tuple(Exemplar(w, kind, movement, None, w, *_at(text, w)) for w, kind, movement in exemplars),
        extractor_version=version,
    )


TRUONG_XUAN = (
    "Sáng ngày 08/10, tại xã Trường Xuân, huyện Đắk Song, Ban Chỉ đạo phong trào TDĐKXDĐSVH tổ chức kiểm tra. "
    "Đồng chí Nguyễn Văn Phò, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện dự. "
    "Hộ gia đình ông Lê Văn Tám được biểu dương là gia đình văn hóa tiêu biểu."
)


def truong_xuan(version: str = "1", **changes) -> Extraction:
    options = {
        "source": "/tmp/phongtrao-test/truong-xuan.txt",
        "title": "Kiểm tra phong trào tại xã Trường Xuân",
        "published": "2020-10-12",
        "movements": (("TDĐKXDĐSVH", TDDK),),
        "officials": (("Nguyễn Văn Phò", ("Phó Bí thư Huyện ủy", "Chủ tịch Ủy ban nhân dân huyện")),),
        "units": (
            ("xã Trường Xuân", "xã Trường Xuân", "commune", "24730", "Đắk Nông"),
            ("huyện Đắk Song", "huyện Đắk Song", "district", "665", "Đắk Nông"),
        ),
        "organizations": ("Ban Chỉ đạo phong trào TDĐKXDĐSVH",),
        "dates": (("ngày 08/10", "2020-10-08"),),
        "events": (
            (
                "kiem_tra",
                "Sáng ngày 08/10, tại xã Trường Xuân, huyện Đắk Song, Ban Chỉ đạo phong trào TDĐKXDĐSVH tổ chức "
                "kiểm tra.",
                (TDDK[1],),
                ("Nguyễn Văn Phò",),
            ),
        ),
        "exemplars": (("Hộ gia đình ông Lê Văn Tám", "household", TDDK[1]),),
        "version": version,
    }
    options.update(changes)
    return build(TRUONG_XUAN, **options)


def dump(path: Path) -> dict[str, list]:
    """Every row of every ordinary table: what "nothing changed" is compared on."""
    conn = sqlite3.connect(path)
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    out = {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"'))) for name in names}
    conn.close()
    return out


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(db_path: Path):
    with open_store(db_path) as opened:
        yield opened


def _vocabulary(conn, table: str) -> set[tuple]:
    conn.execute(f"CREATE VIRTUAL TABLE temp.vocab_{table} USING fts5vocab(main, {table}, 'row')")
    try:
        return set(conn.execute(f"SELECT term, doc, cnt FROM temp.vocab_{table}"))
    finally:
        conn.execute(f"DROP TABLE temp.vocab_{table}")


def check_fts(store) -> None:
    """Both indexes hold exactly what indexing the stored articles afresh gives (terms, documents, counts)."""
    conn = store.conn
    for table, tokenizer, form in (
        ("articles_fts", "unicode61 remove_diacritics 0", lambda t: t or ""),
        ("articles_folded_fts", "unicode61 remove_diacritics 2", folded_index_form),
    ):
        conn.execute(f"CREATE VIRTUAL TABLE temp.fresh USING fts5(title, text, tags, tokenize='{tokenizer}')")
        try:
            rows = conn.execute("SELECT id, title, text, tags FROM articles").fetchall()
            conn.executemany("INSERT INTO temp.fresh (rowid, title, text, tags) VALUES (?, ?, ?, ?)",
                             [(i, form(t), form(x), g or "") for i, t, x, g in rows])  # fmt: skip
            conn.execute("CREATE VIRTUAL TABLE temp.fresh_vocab USING fts5vocab(temp, fresh, 'row')")
            fresh = set(conn.execute("SELECT term, doc, cnt FROM temp.fresh_vocab"))
            conn.execute("DROP TABLE temp.fresh_vocab")
        finally:
            conn.execute("DROP TABLE temp.fresh")
        assert _vocabulary(conn, table) == fresh, table


def count(store, table: str, where: str = "1", params: tuple = ()) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


# ------------------------------------------------------------------------------------------ schema


def test_new_store_has_current_schema_wal_and_foreign_keys(store, db_path):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    versions = [row[0] for row in store.conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, CURRENT_VERSION + 1))
    tables = set(store.db.table_names())
    for table in (
        "sources", "pages", "articles", "movements", "movement_aliases", "units", "officials", "organizations",
        "documents", "movement_mentions", "official_mentions", "unit_mentions", "events", "event_movements",
        "event_participants", "exemplars", "articles_fts", "articles_folded_fts",
    ):  # fmt: skip
        assert table in tables
    assert "official_positions" in store.db.view_names()
    assert store.db["unit_mentions"].foreign_keys
    indexes = {tuple(index.columns) for index in store.db["unit_mentions"].indexes}
    assert {("unit_id", "article_id"), ("article_id", "unit_id")} <= indexes


def test_a_new_store_packs_articles_in_large_pages(store):
    assert store.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE


def test_full_text_indexes_merge_in_larger_steps(store):
    for table in ("articles_fts", "articles_folded_fts"):
        row = store.conn.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
        assert row == (FTS_AUTOMERGE,)


def test_an_existing_store_keeps_its_page_size(db_path):
    _write_v1(db_path)  # an older store, made with SQLite's default 4 KiB pages
    with open_store(db_path) as store:
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert upsert_extraction(store, truong_xuan()).status == "new"


@pytest.mark.parametrize("enabled", [True, False])
def test_a_batch_leaves_the_garbage_collector_as_it_found_it(store, enabled):
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        upsert_many(store, [truong_xuan()])
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_catalogue_movements_and_initials_are_in_the_store(store):
    row = store.conn.execute("SELECT name, catalogued FROM movements WHERE id = ?", (TDDK[0],)).fetchone()
    assert row == (TDDK[1], 1)
    initials = {r[0] for r in store.conn.execute("SELECT alias FROM movement_aliases WHERE kind = 'initials'")}
    assert "TDĐKXDĐSVH" in initials


# ------------------------------------------------------------------------------------------ idempotent, atomic


def test_same_article_twice_changes_nothing(store, db_path):
    first = upsert_extraction(store, truong_xuan())
    before = dump(db_path)
    changes = store.conn.total_changes
    second = upsert_extraction(store, truong_xuan())
    assert (first.status, second.status) == ("new", "unchanged")
    assert second.article_id == first.article_id
    assert store.conn.total_changes == changes
    assert dump(db_path) == before


def _fresh(value):
    """The same value made of new objects (a string equal to, but not, the one it copies)."""
    if isinstance(value, str):
        return "".join(list(value)) if len(value) > 1 else value
    if isinstance(value, tuple):
        return tuple(_fresh(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return type(value)(**{k: _fresh(v) for k, v in vars(value).items()})
    return value


def test_the_fingerprint_depends_on_values_not_on_shared_objects():
    extraction = truong_xuan()
    name = extraction.officials[0].name  # one string object shared by the official and the event
    shared = replace(extraction, events=(replace(extraction.events[0], participants=(name,)),))
    copied = _fresh(shared)
    assert copied.events[0].participants[0] is not copied.officials[0].name
    assert fingerprint(copied, "files") == fingerprint(shared, "files")
    assert fingerprint(shared, "files") != fingerprint(shared, "other source")


def test_batch_of_the_same_articles_again_changes_nothing(store, db_path):
    batch = [truong_xuan(), build("Xã Nam Bình phát động phong trào Dân vận khéo.", source="/tmp/p/nb.txt")]
    assert [r.status for r in upsert_many(store, batch)] == ["new", "new"]
    before = dump(db_path)
    assert [r.status for r in upsert_many(store, batch)] == ["unchanged", "unchanged"]
    assert dump(db_path) == before


def test_reprocessing_with_a_new_extractor_replaces_the_records(store):
    old = upsert_extraction(store, truong_xuan("1"))
    newer = truong_xuan(
        "2",
        movements=(("TDĐKXDĐSVH", TDDK),),
        officials=(("Nguyễn Văn Phò", ("Chủ tịch Ủy ban nhân dân huyện",)), ("Lê Văn Tám", ())),
        events=(),
        exemplars=(),
    )
    result = upsert_extraction(store, newer)
    assert (result.status, result.article_id) == ("updated", old.article_id)
    row = store.conn.execute("SELECT extractor_version FROM articles WHERE id = ?", (old.article_id,)).fetchone()
    assert row[0] == "2"
    assert count(store, "events") == 0
    assert count(store, "event_participants") == 0
    assert count(store, "exemplars") == 0
    assert count(store, "official_mentions") == 2
    assert count(store, "movement_mentions") == 1
    assert count(store, "articles") == 1
    positions = json.loads(store.conn.execute("SELECT positions FROM official_mentions ORDER BY id").fetchone()[0])
    assert positions == ["Chủ tịch Ủy ban nhân dân huyện"]


def _with_event_type(extraction: Extraction, event_type: str | None) -> Extraction:
    events = tuple(Event(**{**vars(e), "type": event_type}) for e in extraction.events)
    return Extraction(**{**vars(extraction), "events": events})


def test_reprocessing_that_fails_halfway_leaves_the_old_extraction(store, db_path):
    upsert_extraction(store, truong_xuan("1"))
    before = dump(db_path)
    # An event without a type passes the offset check and breaks the NOT NULL constraint only
    # when events are written, after the new movements, units and officials already were.
    broken = _with_event_type(truong_xuan("2"), None)
    with pytest.raises(StoreError, match=r"NOT NULL constraint failed: events\.type"):
        upsert_extraction(store, broken)
    assert dump(db_path) == before
    assert upsert_extraction(store, truong_xuan("2")).status == "updated"
    check_fts(store)


def test_records_off_their_text_are_refused_before_anything_is_written(store, db_path):
    upsert_extraction(store, truong_xuan("1"))
    before = dump(db_path)
    good = truong_xuan("2")
    wrong = Exemplar("Hộ gia đình", "household", None, None, "Hộ gia đình", 0, 11)
    with pytest.raises(StoreError, match="exemplar record 'Hộ gia đình' at 0-11 does not match the article text"):
        upsert_extraction(store, Extraction(**{**vars(good), "exemplars": (wrong,)}))
    assert dump(db_path) == before


@pytest.mark.parametrize("breakage", ["offsets", "constraint"])
def test_one_bad_article_in_a_batch_costs_only_itself(store, breakage):
    articles = [build(f"Xã Nam Bình họp lần thứ {n}.", source=f"/tmp/p/{n}.txt") for n in range(5)]
    if breakage == "offsets":
        articles[2] = Extraction(
            **{**vars(articles[2]), "dates": (DateMention("2020", "2020", 0, 4),)}  # "Xã N" is not "2020"
        )
    else:
        text = articles[2].article.text
        event = Event(None, None, None, (), (), (), text, 0, len(text))  # type: ignore[arg-type]
        articles[2] = Extraction(**{**vars(articles[2]), "events": (event,)})
    results = upsert_many(store, articles)
    assert [getattr(r, "status", "failed") for r in results] == ["new", "new", "failed", "new", "new"]
    assert "/tmp/p/2.txt" in str(results[2])
    assert count(store, "articles") == 4


def test_the_same_article_twice_in_one_batch_keeps_the_second(store):
    first = build("Xã Nam Bình ra mắt mô hình mới.", source="/tmp/p/same.txt", version="1")
    second = build("Xã Thuận Hạnh ra mắt mô hình mới.", source="/tmp/p/same.txt", version="1")
    results = upsert_many(store, [first, second])
    assert [r.status for r in results] == ["new", "updated"]
    assert count(store, "articles") == 1
    assert search(store, "thuan hanh").total == 1
    assert search(store, "nam binh").total == 0
    check_fts(store)


def test_changed_text_is_reindexed(store):
    upsert_extraction(store, truong_xuan())
    changed = build(
        TRUONG_XUAN.replace("Trường Xuân", "Nam Bình"), source="/tmp/phongtrao-test/truong-xuan.txt", version="1"
    )
    upsert_extraction(store, changed)
    assert search(store, "nam binh").total == 1
    assert search(store, "truong xuan").total == 0
    assert search(store, "Trường Xuân").total == 0
    check_fts(store)


def test_an_official_no_longer_mentioned_is_removed(store):
    upsert_extraction(store, truong_xuan("1"))
    upsert_extraction(store, truong_xuan("2", officials=(), events=()))
    assert count(store, "officials") == 0


# ------------------------------------------------------------------------------------------ entity resolution

DAK_SONG_UNITS = (("huyện Đắk Song", "huyện Đắk Song", "district", "665", "Đắk Nông"),)
HOANG_MAI_HN = (("quận Hoàng Mai", "quận Hoàng Mai", "district", "008", "Hà Nội"),)


def _official_article(name: str, number: int, units=DAK_SONG_UNITS, positions=("Phó Bí thư Huyện ủy",), where=None):
    place = where or units[0][0] if units else "địa phương"
    text = f"Bài số {number}: đồng chí {name}, Phó Bí thư, dự hội nghị tại {place}."
    return build(
        text,
        source=f"/tmp/phongtrao-test/o{number}.txt",
        officials=((name, positions),),
        units=units,
        published=f"2020-0{number % 9 + 1}-01",
    )


def test_same_official_in_two_articles_of_one_province_is_one_row(store):
    upsert_extraction(store, _official_article("Nguyễn Văn Phò", 1))
    upsert_extraction(store, _official_article("Nguyễn Văn Phò", 2, positions=("Chủ tịch Ủy ban nhân dân huyện",)))
    assert count(store, "officials") == 1
    positions = {
        row[0]: (row[1], row[2])
        for row in store.conn.execute("SELECT position, first_seen, last_seen FROM official_positions")
    }
    assert positions == {
        "Phó Bí thư Huyện ủy": ("2020-02-01", "2020-02-01"),
        "Chủ tịch Ủy ban nhân dân huyện": ("2020-03-01", "2020-03-01"),
    }


def test_namesakes_in_different_provinces_stay_apart(store):
    upsert_extraction(store, _official_article("Nguyễn Văn An", 1))
    upsert_extraction(store, _official_article("Nguyễn Văn An", 2, units=HOANG_MAI_HN))
    upsert_extraction(store, _official_article("Nguyen Van An", 3, units=HOANG_MAI_HN))
    rows = store.conn.execute("SELECT province_code FROM officials ORDER BY id").fetchall()
    assert rows == [("67",), ("01",)]


def test_commune_officials_of_different_districts_stay_apart(store):
    commune = ("Chủ tịch Ủy ban nhân dân xã",)
    dak_song = (("xã Trường Xuân", "xã Trường Xuân", "commune", "24730", "Đắk Nông"),)
    dak_mil = (("huyện Đắk Mil", "huyện Đắk Mil", "district", "663", "Đắk Nông"),)
    upsert_extraction(store, _official_article("Trần Văn Bình", 1, units=dak_song, positions=commune))
    upsert_extraction(store, _official_article("Trần Văn Bình", 2, units=dak_mil, positions=commune))
    upsert_extraction(store, _official_article("Trần Văn Bình", 3, units=dak_song, positions=commune))
    assert count(store, "officials") == 2
    assert count(store, "official_mentions", "official_id = (SELECT min(id) FROM officials)") == 2


def test_an_official_in_an_article_with_no_place_joins_the_only_namesake(store):
    upsert_extraction(store, _official_article("Phan Văn Hợp", 1))
    upsert_extraction(store, _official_article("Phan Văn Hợp", 2, units=(), where="hội trường"))
    assert count(store, "officials") == 1


def test_units_are_one_row_by_code_and_movements_one_row_by_id(store):
    upsert_extraction(store, truong_xuan())
    text = "Huyện Đắk Song triển khai phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa tại xã Trường Xuân."
    other = build(
        text,
        source="/tmp/phongtrao-test/b.txt",
        movements=(("Toàn dân đoàn kết xây dựng đời sống văn hóa", TDDK),),
        units=(("xã Trường Xuân", "xã Trường Xuân", "commune", "24730", "Đắk Nông"),),
    )
    upsert_extraction(store, other)
    assert count(store, "units", "code = '24730'") == 1
    assert count(store, "unit_mentions") == 3
    assert count(store, "movements", "id = ?", (TDDK[0],)) == 1
    assert count(store, "movement_mentions", "movement_id = ?", (TDDK[0],)) == 2
    row = store.conn.execute(
        "SELECT name, district_code, province_code, successor_name, successor_province_code FROM units "
        "WHERE code = '24730'"
    ).fetchone()
    assert row == ("xã Trường Xuân", "665", "67", "xã Trường Xuân", "68")


def test_events_link_movements_participants_and_exemplars(store):
    upsert_extraction(store, truong_xuan())
    event = store.conn.execute("SELECT id, type FROM events").fetchone()
    assert event[1] == "kiem_tra"
    movement = store.conn.execute("SELECT movement_id FROM event_movements WHERE event_id = ?", (event[0],)).fetchone()
    assert movement[0] == TDDK[0]
    participant = store.conn.execute(
        "SELECT p.name, o.name FROM event_participants p JOIN officials o ON o.id = p.official_id"
    ).fetchone()
    assert participant == ("Nguyễn Văn Phò", "Nguyễn Văn Phò")
    exemplar = store.conn.execute("SELECT kind, movement_id FROM exemplars").fetchone()
    assert exemplar == ("household", TDDK[0])


# ------------------------------------------------------------------------------------------ migration

V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT);
INSERT INTO schema_version VALUES (1, 'sources, pages, articles and the diacritics full-text index');
CREATE TABLE "sources" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "unit_code" TEXT, "url" TEXT);
CREATE UNIQUE INDEX "idx_sources_name" ON "sources" ("name");
CREATE TABLE "pages" (
   "id" INTEGER PRIMARY KEY, "url" TEXT NOT NULL, "source_id" INTEGER REFERENCES "sources"("id"),
   "status" INTEGER, "headers" TEXT, "body" BLOB, "body_size" INTEGER, "body_sha256" TEXT, "final_url" TEXT,
   "etag" TEXT, "last_modified" TEXT, "fetched_at" TEXT, "error" TEXT);
CREATE UNIQUE INDEX "idx_pages_url" ON "pages" ("url");
CREATE INDEX "idx_pages_source_id" ON "pages" ("source_id");
CREATE TABLE "articles" (
   "id" INTEGER PRIMARY KEY, "key" TEXT NOT NULL, "source_id" INTEGER REFERENCES "sources"("id"),
   "page_id" INTEGER REFERENCES "pages"("id"), "url" TEXT, "title" TEXT, "published" TEXT, "authors" TEXT,
   "text" TEXT NOT NULL, "fingerprint" TEXT, "extractor_version" TEXT);
CREATE UNIQUE INDEX "idx_articles_key" ON "articles" ("key");
CREATE INDEX "idx_articles_published" ON "articles" ("published");
CREATE INDEX "idx_articles_source_id" ON "articles" ("source_id");
CREATE INDEX "idx_articles_page_id" ON "articles" ("page_id");
CREATE VIRTUAL TABLE "articles_fts" USING FTS5 ("title", "text",
    tokenize='unicode61 remove_diacritics 0', content="articles");
"""


def _write_v1(path: Path) -> None:
    """A store as version 1 wrote it: archive tables and the diacritics index, nothing extracted."""
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.execute("INSERT INTO sources (name) VALUES ('Cổng thông tin huyện Đắk Song')")
    body = "<p>Xã Đông Thạnh ra mắt mô hình Dân vận khéo.</p>".encode()
    conn.execute(
        "INSERT INTO pages (url, source_id, status, headers, body, body_size, fetched_at) "
        "VALUES (?, 1, 200, ?, ?, ?, ?)",
        (
            "https://daksong.example/a",
            '[["Content-Type", "text/html"]]',
            zlib.compress(body),
            len(body),
            "2020-10-12T08:10:00Z",
        ),
    )
    text = "Xã Đông Thạnh ra mắt mô hình Dân vận khéo."
    conn.execute(
        "INSERT INTO articles (key, source_id, page_id, url, title, published, authors, text, fingerprint, "
        "extractor_version) VALUES (?, 1, 1, ?, ?, '2020-10-12', '[]', ?, 'abc', '0.0.1')",
        ("https://daksong.example/a", "https://daksong.example/a", "Ra mắt mô hình", text),
    )
    conn.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (1, 'Ra mắt mô hình', ?)", (text,))
    conn.commit()
    conn.close()


def test_a_version_1_store_is_migrated_and_keeps_its_articles(db_path):
    _write_v1(db_path)
    with open_store(db_path) as store:
        assert store.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == CURRENT_VERSION
        assert count(store, "articles") == 1
        assert search(store, "Đông Thạnh").total == 1  # the old index still answers
        assert search(store, "dong thanh").total == 1  # the folded index was built from the stored text
        row = store.conn.execute("SELECT extractor_version, fingerprint FROM articles").fetchone()
        assert row == (None, None)  # marked for re-processing
        [stored] = list(iter_pages(store, unprocessed=True, extractor_version="1"))
        assert stored.page.body.startswith(b"<p>")
        article = Article(
            source=stored.page.url, url=stored.page.url, text="Xã Đông Thạnh ra mắt mô hình Dân vận khéo."
        )
        extraction = Extraction(
            article=article, movements=(Movement(DVK[1], DVK[0], "Dân vận khéo", 29, 41),), extractor_version="1"
        )
        assert upsert_extraction(store, extraction, page_id=stored.id).status == "updated"
        assert list(iter_pages(store, unprocessed=True, extractor_version="1")) == []
        check_fts(store)
    fresh = db_path.with_name("fresh.db")
    open_store(fresh).close()
    assert _schema(db_path) == _schema(fresh)


def _schema(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    out = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"):
        out[name] = sorted(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")'))
    conn.close()
    return out


def test_a_store_from_a_newer_phongtrao_is_refused(db_path):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_version (version, description) VALUES (99, 'from the future')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"newer phongtrao \(schema version 99"):
        open_store(db_path)


# ------------------------------------------------------------------------------------------ bad files


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(db_path):
    db_path.write_bytes(b"Bao cao so ket phong trao\n" * 100)
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_store(db_path)
    assert db_path.read_bytes() == before


def test_a_corrupt_database_gives_one_line(db_path):
    with open_store(db_path) as store:
        upsert_extraction(store, truong_xuan())
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db_path.read_bytes())
    data[100 : len(data)] = b"\xff" * (len(data) - 100)  # header kept, every page destroyed
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught, open_store(db_path) as store:
        search(store, "Trường Xuân")
    message = str(caught.value)
    assert "\n" not in message and str(db_path) in message
    assert "corrupt" in message or "not a phongtrao store" in message


def test_a_missing_store_is_not_created_by_a_read(tmp_path):
    path = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no store here yet"):
        open_store(path, create=False)
    assert not path.exists()


def test_a_locked_store_gives_a_clear_error_and_loses_nothing(db_path):
    with open_store(db_path) as store:
        upsert_extraction(store, truong_xuan())
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(db_path, busy_timeout=0.3) as store:
            with pytest.raises(StoreError, match="locked by another process"):
                upsert_extraction(store, build("Xã Nam Bình.", source="/tmp/p/nb.txt"))
            assert search(store, "Trường Xuân").total == 1  # readers go on in WAL mode
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(db_path, busy_timeout=0.3) as store:
        assert upsert_extraction(store, build("Xã Nam Bình.", source="/tmp/p/nb.txt")).status == "new"
        assert count(store, "articles") == 2


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from phongtrao.models import Article, Extraction, Official, Unit
    from phongtrao.store import open_store, upsert_many

    path, worker = sys.argv[1], sys.argv[2]
    with open_store(path, busy_timeout=60) as store:
        Path(path + ".ready-" + worker).touch()
        while not Path(path + ".go").exists():  # both start writing at the same moment
            time.sleep(0.01)
        for batch in range(30):
            extractions = []
            for n in range(10):
                text = f"Đồng chí Nguyễn Văn Phò dự hội nghị tại huyện Đắk Song, bài {worker}-{batch}-{n}."
                article = Article(source=f"/tmp/phongtrao-two/{worker}-{batch}-{n}.txt", text=text)
                who, where = text.index("Nguyễn Văn Phò"), text.index("huyện Đắk Song")
                extractions.append(Extraction(
                    article=article,
                    officials=(Official("Nguyễn Văn Phò", ("Chủ tịch UBND huyện",), "Nguyễn Văn Phò", who, who + 14),),
                    units=(Unit("huyện Đắk Song", "district", "665", "Đắk Nông", "huyện Đắk Song", where, where + 14),),
                    extractor_version="1",
                ))
            results = upsert_many(store, extractions)
            assert all(r.status == "new" for r in results), results
    """
)


def test_two_processes_writing_at_once_both_land(db_path):
    open_store(db_path).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), name], env=env, stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    ready = [Path(f"{db_path}.ready-{name}") for name in ("a", "b")]
    for _ in range(3000):
        if all(path.exists() for path in ready) or any(w.poll() is not None for w in workers):
            break
        time.sleep(0.01)
    Path(f"{db_path}.go").touch()
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr.decode()
    with open_store(db_path) as store:
        assert count(store, "articles") == 600
        assert count(store, "officials") == 1  # both processes resolved to one person
        assert count(store, "units") == 1
        assert count(store, "official_mentions") == 600
        writers = [key.rsplit("/", 1)[1][0] for (key,) in store.conn.execute("SELECT key FROM articles ORDER BY id")]
        switches = sum(1 for a, b in itertools.pairwise(writers) if a != b)
        assert switches >= 2  # the two processes' transactions really interleaved
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check_fts(store)


# ------------------------------------------------------------------------------------------ pages

PAGE = Page(
    url="https://daksong.example/tin/1",
    status=200,
    headers=(("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"'), ("Last-Modified", "Mon, 12 Oct 2020")),
    body="<html><p>Lễ phát động phong trào Toàn dân bảo vệ an ninh Tổ quốc</p></html>".encode(),
    fetched_at="2020-10-12T08:10:00Z",
    final_url="https://daksong.example/tin/1/",
)


def test_a_stored_page_comes_back_byte_for_byte(store):
    page_id = store_page(store, PAGE, source="Cổng thông tin huyện Đắk Song")
    [stored] = list(iter_pages(store))
    assert stored.id == page_id and stored.source == "Cổng thông tin huyện Đắk Song"
    assert stored.page == PAGE
    assert page_validators(store, PAGE.url) == {
        "etag": '"abc"',
        "last_modified": "Mon, 12 Oct 2020",
        "fetched_at": "2020-10-12T08:10:00Z",
    }
    assert page_validators(store, "https://daksong.example/other") is None
    compressed = store.conn.execute("SELECT length(body), body_size FROM pages").fetchone()
    assert compressed[1] == len(PAGE.body)


def test_not_modified_and_errors_keep_the_archived_body(store):
    page_id = store_page(store, PAGE)
    assert record_fetch(store, PAGE.url, status=304, fetched_at="2020-11-01T00:00:00Z") == page_id
    [stored] = list(iter_pages(store))
    assert stored.page.body == PAGE.body and stored.page.status == 200
    assert stored.page.fetched_at == "2020-11-01T00:00:00Z"
    record_fetch(store, PAGE.url, status=None, fetched_at="2020-12-01T00:00:00Z", error="timeout after 30 s")
    [stored] = list(iter_pages(store))  # a failed refetch keeps the archived page
    assert stored.error == "timeout after 30 s" and stored.page.body == PAGE.body
    record_fetch(store, PAGE.url, status=410, fetched_at="2021-01-01T00:00:00Z")
    assert list(iter_pages(store)) == []  # gone: no longer processed
    [stored] = list(iter_pages(store, status=None))
    assert stored.page.status == 410 and stored.page.body == PAGE.body
    record_fetch(store, "https://daksong.example/missing", status=404, fetched_at="2020-12-01T00:00:00Z")
    assert count(store, "pages") == 2


def test_iter_pages_skips_pages_already_processed(store):
    first = store_page(store, PAGE)
    store_page(store, Page(**{**PAGE.__dict__, "url": "https://daksong.example/tin/2"}))
    article = Article(source=PAGE.url, url=PAGE.url, text="Lễ phát động phong trào.")
    upsert_extraction(store, Extraction(article=article, extractor_version="1"), page_id=first)
    assert [p.page.url for p in iter_pages(store, unprocessed=True)] == ["https://daksong.example/tin/2"]
    assert len(list(iter_pages(store, unprocessed=True, extractor_version="2"))) == 2
