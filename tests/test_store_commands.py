"""The store's commands through click: ingest, search, events, officials, movements, units.

The commands are plain click commands (the lead registers them on ``phongtrao``); they are
invoked here through a group of their own with CliRunner, on real files in tmp_path.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from phongtrao.cli import cli  # first: it registers the store's commands once its helpers exist
from phongtrao.store import open_store, upsert_many
from phongtrao.store.commands import COMMANDS
from tests.test_search import CORPUS

ROOT = Path(__file__).resolve().parents[1]
GROUP = click.Group(commands={command.name: command for command in COMMANDS})


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(GROUP, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("commands") / "store.db"
    with open_store(path) as store:
        upsert_many(store, CORPUS.values(), source="Cổng thông tin huyện Đắk Song")
    return path


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("name", [command.name for command in COMMANDS])
def test_every_command_and_option_has_help(name):
    command = GROUP.commands[name]
    assert cli.commands.get(name, command) is command  # registered on phongtrao (serve: when the lead adds it)
    assert command.help
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts[0]}"
    assert run(name, "--help").exit_code == 0


# ------------------------------------------------------------------------------------------ search


def test_search_prints_contract_hits(db):
    hits = records(run("search", "dak mol", "--db", str(db), "--format", "jsonl"))
    assert [list(hit) for hit in hits] == [["article_id", "title", "url", "published", "snippet", "score"]]
    assert "<mark>Đắk Môl</mark>" in hits[0]["snippet"]


def test_search_takes_the_database_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("search", "Đông Thạnh", "--format", "json", env={"PHONGTRAO_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_search_with_filters_and_facets(db):
    args = ("search", "xa", "--db", str(db), "--unit", "tỉnh Lâm Đồng", "--from", "2020-10", "--to", "2020-12")
    hits = records(run(*args, "--format", "jsonl"))
    assert sorted(h["title"] for h in hits) == [
        "Kiểm tra phong trào tại xã Trường Xuân",
        "Ngày hội Đại đoàn kết ở Đắk Môl",
    ]
    facets = records(run(*args, "--facets", "--format", "jsonl"))
    assert {"facet": "type", "value": "kiem_tra", "label": "kiem_tra", "count": 1} in facets
    assert {f["facet"] for f in facets} >= {"movement", "province", "unit", "type", "official", "month", "source"}


def test_search_csv_and_table(db):
    csv_out = run("search", "TDĐKXDĐSVH", "--db", str(db), "--format", "csv")
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0] == "article_id,title,url,published,snippet,score"
    table = run("search", "TDĐKXDĐSVH", "--db", str(db), "--format", "table")
    assert table.exit_code == 0 and "2 articles (diacritics index)" in table.stdout
    assert "movement:" in table.stdout


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("search", "!!!"), 2, "nothing to search for in '!!!'"),
        (("search", "xã", "--movement", "không có"), 2, "--movement 'không có': no such movement"),
        (("search", "xã", "--from", "12/3/2020"), 2, "not a date in the form YYYY"),
        (("officials", "Hoàng Văn Không"), 2, "no official 'Hoàng Văn Không'"),
        (("events", "abc"), 2, "give the event's id"),
    ],
)
def test_bad_queries_are_one_line_errors(db, args, status, message):
    result = run(*args, "--db", str(db))
    assert result.exit_code == status
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------------ lists and one item


def test_lists(db):
    officials = records(run("officials", "--db", str(db), "--format", "jsonl"))
    pho = next(o for o in officials if o["name"] == "Nguyễn Văn Phò")
    assert pho["articles"] == 2 and pho["province"] == "Đắk Nông"
    assert "Chủ tịch Ủy ban nhân dân huyện" in pho["positions"]
    movements = records(run("movements", "--db", str(db), "--format", "jsonl"))
    assert movements[0]["id"] == "toan-dan-doan-ket-xay-dung-doi-song-van-hoa" and movements[0]["articles"] == 2
    units = records(run("units", "--db", str(db), "--unit", "tỉnh Đắk Nông", "--format", "jsonl"))
    assert {u["name"]: u["successor"] for u in units} == {
        "xã Trường Xuân": "xã Trường Xuân",
        "huyện Đắk Song": "tỉnh Lâm Đồng",
        "xã Đắk Môl": "xã Đắk Song",
    }
    events = records(run("events", "--db", str(db), "--type", "kiem_tra", "--format", "jsonl"))
    assert [(e["type"], e["movements"], e["participants"]) for e in events] == [
        ("kiem_tra", ["Toàn dân đoàn kết xây dựng đời sống văn hóa"], ["Nguyễn Văn Phò"])
    ]


def test_show_one_with_its_evidence(db):
    official = records(run("officials", "nguyen van pho", "--db", str(db), "--format", "jsonl"))[0]
    assert official["name"] == "Nguyễn Văn Phò"
    sentences = [e["sentence"] for e in official["evidence"]]
    assert any("Đồng chí <mark>Nguyễn Văn Phò</mark>, Chủ tịch UBND huyện dự." in s for s in sentences)
    assert {e["title"] for e in official["evidence"]} == {
        "Kiểm tra phong trào tại xã Trường Xuân",
        "Ngày hội Đại đoàn kết ở Đắk Môl",
    }
    movement = records(run("movements", "TDĐKXDĐSVH", "--db", str(db), "--format", "jsonl"))[0]
    assert {"alias": "TDĐKXDĐSVH", "kind": "initials"} in movement["aliases"]
    assert len(movement["evidence"]) == 2 and movement["events"]
    unit = records(run("units", "24718", "--db", str(db), "--format", "jsonl"))[0]
    assert (unit["name"], unit["successor"]) == ("xã Đắk Môl", "xã Đắk Song")
    assert "<mark>xã Đắk Môl</mark>" in unit["evidence"][0]["sentence"]
    event_id = str(records(run("events", "--db", str(db), "--format", "jsonl", "--type", "ngay_hoi"))[0]["id"])
    event = records(run("events", event_id, "--db", str(db), "--format", "jsonl"))[0]
    assert event["type"] == "ngay_hoi" and event["title"] == "Ngày hội Đại đoàn kết ở Đắk Môl"
    shown = run("officials", "Phò", "--db", str(db), "--format", "table")
    assert shown.exit_code == 0 and "evidence" in shown.stdout


# ------------------------------------------------------------------------------------------ ingest

REPORT = """Xã Trường Xuân ra quân hưởng ứng phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa"

Sáng ngày 8/10/2020, UBND xã Trường Xuân, huyện Đắk Song tổ chức Lễ phát động phong trào.
Đồng chí Nguyễn Văn Phò, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện dự và phát biểu.
"""


def test_ingest_stores_good_files_names_bad_ones_and_is_idempotent(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "truong-xuan.txt").write_text(REPORT, encoding="utf-8")
    (folder / "nam-binh.txt").write_text(REPORT.replace("Trường Xuân", "Nam Bình"), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n\x00\x01 not really a pdf")
    db = tmp_path / "store.db"
    result = run("ingest", str(folder), str(broken), "--db", str(db))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert any("empty.txt" in line for line in errors) and any("broken.pdf" in line for line in errors)
    assert all(line.startswith("phongtrao:") for line in errors)
    assert "2 articles" in errors[-1] and "2 new" in errors[-1] and "2 failed" in errors[-1]
    hits = records(run("search", "truong xuan", "--db", str(db), "--format", "jsonl"))
    assert hits and hits[0]["url"].endswith("truong-xuan.txt")

    again = run("ingest", str(folder / "truong-xuan.txt"), str(folder / "nam-binh.txt"), "--db", str(db))
    assert again.exit_code == 0 and "2 unchanged" in again.stderr


def _store_content(db: Path) -> dict[str, list[str]]:
    """Every stored row but row ids, sorted: what two ways of ingesting must agree on."""
    conn = sqlite3.connect(db)
    content = {}
    for table in ("articles", "official_mentions", "unit_mentions", "events", "exemplars", "officials", "units"):
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
        content[table] = sorted(map(repr, conn.execute(f"SELECT {', '.join(columns)} FROM {table}")))
    conn.close()
    return content


def _many_reports(folder: Path, copies: int) -> list[Path]:
    """Copies of the written corpus under new names, with one unreadable file in the middle."""
    folder.mkdir()
    written = sorted((ROOT / "corpora" / "texts").glob("*.txt"))
    for number in range(copies):
        for text in written:
            (folder / f"{number:02d}-{text.name}").write_bytes(text.read_bytes())
    (folder / f"{copies // 2:02d}-zz-binary.txt").write_bytes(bytes(range(256)) * 4)
    return written


def test_ingest_on_worker_processes_stores_what_one_process_stores(tmp_path):
    written = _many_reports(tmp_path / "reports", 3)
    results = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        result = run("ingest", str(tmp_path / "reports"), "--db", str(db), "--jobs", jobs)
        assert result.exit_code == 1  # the binary file
        errors = result.stderr.strip().splitlines()
        assert [line for line in errors if "binary" in line] == [errors[0]]  # one line, named, first
        assert f"{3 * len(written)} new" in errors[-1] and "1 failed" in errors[-1]
        results[jobs] = _store_content(db)
    assert results["1"] == results["2"]
    assert len(results["2"]["articles"]) == 3 * len(written)


def test_ingest_interrupted_stops_its_workers_and_keeps_whole_articles(tmp_path):
    _many_reports(tmp_path / "reports", 40)
    db = tmp_path / "store.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "phongtrao", "ingest", str(tmp_path / "reports"), "--db", str(db), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and _count(db, "articles") > 0:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr
    if process.returncode != 130:  # finished before the signal arrived: nothing to check
        pytest.skip(f"ingest ended before it could be interrupted (exit {process.returncode})")
    assert stderr.strip().splitlines()[-1] == "phongtrao: error: interrupted"
    interrupted = _records_per_article(db)
    assert 0 < len(interrupted) < 40 * 14
    complete = tmp_path / "complete.db"
    run("ingest", str(tmp_path / "reports"), "--db", str(complete), "--jobs", "2")
    reference = _records_per_article(complete)
    assert {key: reference[key] for key in interrupted} == interrupted  # every stored article is whole
    again = run("ingest", str(tmp_path / "reports"), "--db", str(db), "--jobs", "2")
    assert f"{len(interrupted)} unchanged" in again.stderr  # the rest is added on the next run, nothing twice


def _records_per_article(db: Path) -> dict[str, tuple[int, ...]]:
    """Article key → how many records of each kind and full-text entries it has."""
    tables = ("movement_mentions", "official_mentions", "unit_mentions", "date_mentions", "events", "exemplars")
    counts = ", ".join(f"(SELECT count(*) FROM {t} WHERE article_id = a.id)" for t in tables)
    conn = sqlite3.connect(db)
    found = {
        row[0]: tuple(row[1:])
        for row in conn.execute(
            f"SELECT a.key, {counts}, (SELECT count(*) FROM articles_fts_docsize d WHERE d.id = a.id) FROM articles a"
        )
    }
    conn.close()
    return found


def _count(db: Path, table: str) -> int:
    try:
        conn = sqlite3.connect(db, timeout=0.1)
        try:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_ingest_refuses_standard_input(tmp_path):
    result = run("ingest", "-", "--db", str(tmp_path / "store.db"))
    assert result.exit_code == 1 and "standard input" in result.stderr


# ------------------------------------------------------------------------------------------ bad stores


def test_a_corrupt_store_is_one_line_and_exit_1(tmp_path):
    db = tmp_path / "store.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = run("search", "xã", "--db", str(db))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and str(db) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_store_is_one_line_and_not_created(tmp_path):
    db = tmp_path / "none.db"
    result = run("movements", "--db", str(db))
    assert result.exit_code == 1 and "no store here yet" in result.stderr
    assert not db.exists()


def test_a_store_locked_by_another_writer(tmp_path):
    db = tmp_path / "store.db"
    open_store(db).close()
    report = tmp_path / "a.txt"
    report.write_text(REPORT, encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("ingest", str(report), "--db", str(db), env={"PHONGTRAO_BUSY_TIMEOUT": "0.2"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "database is locked by another process" in result.stderr
    assert run("ingest", str(report), "--db", str(db)).exit_code == 0


# ------------------------------------------------------------------------------------------ serve


def _datasette_get(db: Path, *paths: str) -> list:
    import asyncio

    from phongtrao.store.serve import make_datasette

    datasette = make_datasette(db)

    async def fetch() -> list:
        await datasette.invoke_startup()
        return [await datasette.client.get(path) for path in paths]

    return asyncio.run(fetch())


def test_datasette_has_labels_facets_search_and_canned_queries(db):
    pytest.importorskip("datasette")
    name = db.stem
    search, events, officials, exemplars, folded, facets = _datasette_get(
        db,
        f"/{name}/articles.json?_search=Đảng&_shape=objects",
        f"/{name}/events_by_movement_and_month.json?movement=Toàn dân đoàn kết&_shape=objects",
        f"/{name}/officials_of_a_unit.json?unit=665&_shape=objects",
        f"/{name}/exemplars_of_a_movement.json?movement=Toàn dân&_shape=objects",
        f"/{name}/search_without_diacritics.json?words=dong+thanh&_shape=objects",
        f"/{name}/events.json?_facet=type&_shape=objects",
    )
    assert [row["title"] for row in search.json()["rows"]] == ["Ra mắt mô hình Dân vận khéo"]  # not "đang"
    assert {(r["month"], r["type"]) for r in events.json()["rows"]} == {
        ("2018-10", "tap_huan"),
        ("2020-10", "kiem_tra"),
    }
    assert [r["name"] for r in officials.json()["rows"]] == ["Nguyễn Văn Phò"]
    assert [r["kind"] for r in exemplars.json()["rows"]] == ["household"]
    assert {r["title"] for r in folded.json()["rows"]} == {"Ra mắt mô hình Dân vận khéo", "Dong Thanh so ket"}
    assert {f["value"] for f in facets.json()["facet_results"]["type"]["results"]} >= {"kiem_tra", "ngay_hoi"}


def test_serve_refuses_a_missing_store(tmp_path):
    result = run("serve", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no store here yet" in result.stderr
