"""The sources file and the scraper's commands (crawl, process, sources list/add/check)."""

from __future__ import annotations

import json
import sqlite3

import click
import pytest
from click.testing import CliRunner

from phongtrao.scraper import commands
from phongtrao.scraper.sources import SourcesError, add_source, check_sources, load_sources, parse_source
from tests.portal_server import network_server

GOOD = """contact = "mailto:vanhoa@lamdong.example"

[[source]]
name = "Cổng thông tin điện tử huyện Đức Trọng"
unit = "678"
start = ["https://ductrong.lamdong.gov.vn/", "https://ductrong.lamdong.gov.vn/tin-tuc/phong-trao-thi-dua.html"]
sitemaps = ["https://ductrong.lamdong.gov.vn/sitemap.xml"]
feeds = []
hosts = ["ductrong.lamdong.gov.vn"]
delay = 2.0
article_patterns = ['-\\d{3,}\\.html$']

[source.limits]
max_pages = 500
retries = 2

[[source]]
name = "Trang thông tin điện tử xã Hiệp Thạnh"
unit = 24967
start = ["http://127.0.0.1:8104/"]
hosts = ["127.0.0.1:8104"]
allow_private = true
"""


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_good_file_loads_with_defaults(good_file):
    loaded = load_sources(good_file)
    first, second = loaded.sources
    assert loaded.contact == "mailto:vanhoa@lamdong.example"
    assert (first.unit, first.delay, first.limits.max_pages, first.limits.retries) == ("678", 2.0, 500, 2)
    assert first.limits.max_redirects == 5 and first.revisit_hours == 12.0
    assert (second.unit, second.delay, second.allow_private) == ("24967", 1.0, True)
    assert loaded.source_of_host()["127.0.0.1:8104"] is second


BAD = [
    ('name = ""', "source #1: name is missing"),
    ('unit = "99999"', "unit '99999' is not a code in the gazetteer"),
    ('hosts = ["https://x.vn/"]', "host 'https://x.vn/' is not a host name or host:port"),
    ("hosts = []", "hosts is empty"),
    ('start = ["https://other.vn/"]', "start: https://other.vn/ is on other.vn, which is not in hosts"),
    ('start = ["ftp://x.vn/"]', "start: 'ftp://x.vn/' is not an http(s) URL"),
    ("delay = -1", "delay must be a number ≥ 0"),
    ("allow_private = 1", "allow_private must be true or false"),
    ("article_patterns = ['(']", "article_patterns: '(' is not a regular expression"),
    ('hots = ["x.vn"]', "unknown key 'hots'"),
    ("limits = { retrys = 2 }", "unknown limit 'retrys'"),
    ("limits = { max_redirects = 50 }", "limits.max_redirects must be at most 20"),
]


@pytest.mark.parametrize(("line", "message"), BAD)
def test_a_bad_source_is_one_line_naming_the_file_and_the_source(tmp_path, line, message):
    table = {
        "name": 'name = "Xã Hiệp Thạnh"',
        "unit": 'unit = "24967"',
        "start": 'start = ["https://x.vn/"]',
        "hosts": 'hosts = ["x.vn"]',
    }
    key = line.split(" ", 1)[0]
    table[key] = line
    path = tmp_path / "sources.toml"
    path.write_text("[[source]]\n" + "\n".join(table.values()) + "\n", encoding="utf-8")
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    text = str(error.value)
    assert "\n" not in text
    assert text.startswith(f"{path}: source ")
    assert message in text
    if key != "name":
        assert "source 'Xã Hiệp Thạnh'" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]\nname=", "not valid TOML"),
        ("sources = []", "unknown top-level key 'sources'"),
        ('contact = ""', "contact must be a non-empty string"),
    ],
)
def test_a_bad_file_is_one_line(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=message):
        load_sources(path)


def test_shared_hosts_and_names_are_refused(tmp_path, good_file):
    text = good_file.read_text(encoding="utf-8")
    path = tmp_path / "twice.toml"
    path.write_text(text + text.split("\n", 2)[2].split('[[source]]\nname = "Trang')[0], encoding="utf-8")
    with pytest.raises(SourcesError, match="a second source has this name"):
        load_sources(path)
    path.write_text(
        text.replace('name = "Trang thông tin điện tử xã Hiệp Thạnh"', 'name = "Xã"').replace(
            '"127.0.0.1:8104"]\nallow', '"127.0.0.1:8104", "ductrong.lamdong.gov.vn"]\nallow'
        ),
        encoding="utf-8",
    )
    with pytest.raises(SourcesError, match=r"host ductrong\.lamdong\.gov\.vn is also in"):
        load_sources(path)


def test_missing_file(tmp_path):
    with pytest.raises(SourcesError, match="no such file"):
        load_sources(tmp_path / "absent.toml")


def test_add_source_round_trips(tmp_path, good_file):
    source = parse_source(
        {
            "name": "Cổng TTĐT tỉnh Lâm Đồng",
            "unit": "68",
            "start": ["https://lamdong.gov.vn/"],
            "hosts": ["lamdong.gov.vn"],
            "delay": 1.5,
            "limits": {"retries": 1},
        },
        "cli",
        0,
    )
    loaded = add_source(good_file, source)
    assert [s.name for s in loaded.sources][-1] == "Cổng TTĐT tỉnh Lâm Đồng"
    assert load_sources(good_file).sources[-1] == source
    fresh = tmp_path / "new.toml"
    add_source(fresh, source)
    assert load_sources(fresh).sources == (source,)


def test_check_reports_every_bad_source(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "A"\nunit = "01"\nstart = ["https://a.vn/"]\nhosts = ["a.vn"]\n\n'
        '[[source]]\nname = "B"\nunit = "0"\nstart = ["https://b.vn/"]\nhosts = ["b.vn"]\n\n'
        '[[source]]\nname = "C"\nunit = "01"\nstart = ["https://c.vn/"]\nhosts = ["x.vn"]\n',
        encoding="utf-8",
    )
    loaded, problems = check_sources(path)
    assert loaded is None
    assert [p.split(": ")[1] for p in problems] == ["source 'B'", "source 'C'"]


# --- the commands ----------------------------------------------------------------------


@click.group()
def cli():
    """The scraper's commands, registered as the lead's cli registers them."""


for command in (commands.crawl, commands.process, commands.sources):
    cli.add_command(command)


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_sources_check_list_and_add(tmp_path, good_file):
    result = invoke("sources", "check", "--sources", str(good_file))
    assert result.exit_code == 0 and "2 sources, 2 hosts: ok" in result.stderr
    result = invoke("sources", "list", "--sources", str(good_file), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["unit"] for r in records] == ["678", "24967"]
    result = invoke(
        "sources",
        "add",
        "--sources",
        str(good_file),
        "--name",
        "Huyện Lâm Hà",
        "--unit",
        "676",
        "--start",
        "https://lamha.lamdong.gov.vn/",
        "--feed",
        "https://lamha.lamdong.gov.vn/feed/",
        "--delay",
        "3",
    )
    assert result.exit_code == 0, result.stderr
    added = load_sources(good_file).sources[-1]
    assert (added.hosts, added.feeds, added.delay) == (
        ("lamha.lamdong.gov.vn",),
        ("https://lamha.lamdong.gov.vn/feed/",),
        3.0,
    )


def test_sources_commands_fail_in_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[source]]\nname = "X"\nunit = "x"\nstart = ["https://x.vn/"]\nhosts = ["x.vn"]\n', encoding="utf-8"
    )
    result = invoke("sources", "check", "--sources", str(bad))
    assert result.exit_code == 1
    assert result.stderr == f"phongtrao: error: {bad}: source 'X': unit 'x' is not a code in the gazetteer\n"
    result = invoke("sources", "list", "--sources", str(tmp_path / "absent.toml"))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "no such file" in result.stderr
    result = invoke("sources", "add", "--sources", str(bad), "--name", "Y", "--unit", "68", "--start", "https://y.vn/")
    assert result.exit_code == 1 and "unit 'x'" in result.stderr


def test_crawl_and_process_commands_on_the_demo_network(tmp_path, monkeypatch):
    server, network = network_server()
    try:
        sources = tmp_path / "sources.toml"
        sources.write_text(network.sources_toml(server.sites, delay=0.02, include=("hiepthanh",)), encoding="utf-8")
        seen = []
        monkeypatch.setattr(commands, "page_hook", lambda db: seen.append)
        db = tmp_path / "store.db"
        result = invoke("crawl", "--sources", str(sources), env={"PHONGTRAO_DB": str(db)})
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith("crawl done: ") and "6 articles" in result.stderr
        assert len(seen) == 6
        with sqlite3.connect(db) as connection:
            assert connection.execute("SELECT count(*) FROM crawl_pages WHERE class = 'article'").fetchone() == (6,)
        requests = len(server.log())
        seen.clear()
        result = invoke("process", "--db", str(db))
        assert result.exit_code == 0 and "processed 6 pages, 0 failed" in result.stderr
        assert len(seen) == 6 and len(server.log()) == requests  # no fetching
        monkeypatch.setattr(commands, "page_hook", lambda db: lambda page: 1 / 0)
        result = invoke("process", "--db", str(db))
        assert result.exit_code == 1 and "ZeroDivisionError" in result.stderr
    finally:
        server.stop()


def test_crawl_without_a_sources_file_is_one_line(tmp_path):
    result = invoke("crawl", "--sources", str(tmp_path / "none.toml"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert result.stderr == f"phongtrao: error: {tmp_path / 'none.toml'}: no such file\n"
