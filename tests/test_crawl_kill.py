"""kill -9 at random moments, then resume: the final crawl state equals an uninterrupted crawl's.

A crawl of the whole demo network runs in a subprocess and is killed (SIGKILL) at random points
several times, each time resumed by a new process on the same SQLite file. At the end the set
of stored pages and their content hashes, the frontier's outcomes and the pages handed to the
page hook must equal those of one uninterrupted crawl, and no page may have been fetched twice
except one request per host in flight at each kill.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from phongtrao.scraper.state import CrawlState
from tests.portal_server import network_server

CHILD = """
import hashlib, json, sys
from phongtrao.scraper.crawler import crawl
from phongtrao.scraper.sources import load_sources

with open(sys.argv[3], "a", encoding="utf-8") as out:
    def hook(page):
        out.write(json.dumps([page.url, hashlib.sha256(page.body).hexdigest()]) + "\\n")
        out.flush()
    crawl(load_sources(sys.argv[1]), sys.argv[2], on_page=hook)
"""

KILLS = 6
HOSTS = 4


@pytest.fixture(scope="module")
def portal():
    server, network = network_server()
    yield server, network
    server.stop()


def crawl_process(sources: Path, db: Path, handed: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sources), str(db), str(handed)],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def final_state(db: Path) -> tuple[dict, dict]:
    state = CrawlState(db)
    try:
        pages = state.snapshot()
    finally:
        state.close()
    with sqlite3.connect(db) as connection:
        frontier = {
            url: (state_, status, class_, error)
            for url, state_, status, class_, error in connection.execute(
                "SELECT url, state, status, class, error FROM crawl_urls"
            )
        }
    return pages, frontier


def handed_over(path: Path) -> set[tuple[str, str]]:
    if not path.exists():
        return set()
    return {tuple(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def test_kill_9_at_random_points_then_resume_equals_an_uninterrupted_crawl(portal, tmp_path):
    server, network = portal
    sources = tmp_path / "sources.toml"
    sources.write_text(network.sources_toml(server.sites, delay=0.15), encoding="utf-8")

    server.clear()
    reference = crawl_process(sources, tmp_path / "reference.db", tmp_path / "reference.jsonl")
    assert reference.wait(120) == 0, reference.stderr.read().decode() if reference.stderr else ""
    reference_log = Counter((r.host, r.path) for r in server.log())
    assert max(reference_log.values()) == 1
    reference_seconds = max(r.at for r in server.log()) - min(r.at for r in server.log())
    assert reference_seconds > 2.0  # long enough for kills to land mid-crawl

    server.clear()
    rng = random.Random(20240611)
    db, handed = tmp_path / "killed.db", tmp_path / "killed.jsonl"
    killed = 0
    for _ in range(KILLS):
        process = crawl_process(sources, db, handed)
        time.sleep(rng.uniform(0.5, 1.6))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait(60)
    last = crawl_process(sources, db, handed)
    assert last.wait(120) == 0, last.stderr.read().decode() if last.stderr else ""
    assert killed >= 3, "the crawl finished before most kills: make it slower"

    assert final_state(db) == final_state(tmp_path / "reference.db")
    # the same texts reach the page hook; which URL of a same-text pair comes first may differ
    handed_hashes = {sha for _, sha in handed_over(handed)}
    assert handed_hashes == {sha for _, sha in handed_over(tmp_path / "reference.jsonl")}
    assert {url for url, _ in handed_over(handed)} <= set(final_state(db)[0])

    requests = Counter((r.host, r.path) for r in server.log())
    assert set(requests) == set(reference_log)
    refetched = sum(n - 1 for n in requests.values())
    assert refetched <= killed * HOSTS
    with sqlite3.connect(db) as connection:
        runs, finished = connection.execute("SELECT count(*), count(finished_at) FROM crawl_runs").fetchone()
    assert runs <= KILLS + 1 and finished >= 1  # a kill during start-up leaves no run behind
