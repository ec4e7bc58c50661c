"""``phongtrao serve`` in a real headless Chromium: what a person sees when browsing the store.

A store is built from corpora/texts with ``phongtrao ingest`` and served with ``phongtrao serve``
in a subprocess; Selenium drives Debian's chromium through its own chromedriver (never Selenium
Manager, which would download one). Expected values are read from the store with sqlite3 or from
the corpus, so each assertion checks what Datasette renders against what the store holds.

Without chromium, chromedriver or selenium the module skips; with PHONGTRAO_REQUIRE_BROWSER=1
(set in CI) it fails instead, so a missing browser cannot hide.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from phongtrao.extract.normalize import fold

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REQUIRE_BROWSER = os.environ.get("PHONGTRAO_REQUIRE_BROWSER") == "1"


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if shutil.which(str(path)) is None]
    if importlib.util.find_spec("selenium") is None:
        missing.append("selenium (pip install 'selenium>=4.20')")
    return "browser tests need " + ", ".join(missing) if missing else None


_REASON = _missing_browser()
if _REASON is not None:
    if REQUIRE_BROWSER:
        pytest.fail(f"{_REASON} (PHONGTRAO_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(f"{_REASON} (set PHONGTRAO_REQUIRE_BROWSER=1 to fail instead)", allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only importable once the check above passed)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "corpora" / "texts"
METADATA = ROOT / "phongtrao" / "data" / "datasette_metadata.json"
HOST = "127.0.0.1"
SOURCE = "Tệp mẫu corpora/texts"  # the sources.name the articles get, shown as their source_id label
WAIT = 15  # seconds an explicit wait may take before the test fails
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1366,1800",
)


# ------------------------------------------------------------------------------------------ server and browser


def _cli() -> list[str]:
    """The ``phongtrao`` command of this interpreter's environment (its entry point if not installed)."""
    script = Path(sys.executable).with_name("phongtrao")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from phongtrao.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_for_port(process: subprocess.Popen, port: int, log: Path, timeout: float = 30) -> None:
    """Return once the server accepts connections; fail with its log if it dies or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"phongtrao serve exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"phongtrao serve did not answer on {HOST}:{port} within {timeout} s")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A store of corpora/texts, built by the real ``phongtrao ingest``."""
    path = tmp_path_factory.mktemp("served") / "store.db"
    result = subprocess.run(
        [*_cli(), "ingest", str(TEXTS), "--db", str(path), "--source", SOURCE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def base_url(db, tmp_path_factory) -> Iterator[str]:
    """``phongtrao serve --db … --port …`` running in a subprocess for the module, stopped afterwards."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*_cli(), "serve", "--db", str(db), "--port", str(port)], cwd=ROOT, stdout=sink, stderr=sink
        )
        try:
            _wait_for_port(process, port, log)
            yield f"http://{HOST}:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(WAIT)
    try:
        yield browser
    finally:
        browser.quit()


# ------------------------------------------------------------------------------------------ helpers


def _rows(db: Path, sql: str, *params: object) -> list[tuple]:
    """What the store holds, read directly (read-only) to set the expectations."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute(sql, params).fetchall()


def _wait(driver: webdriver.Chrome) -> WebDriverWait:
    return WebDriverWait(driver, WAIT)


def _open(driver: webdriver.Chrome, url: str) -> None:
    """Load a page and wait for Datasette's footer, the last thing it renders."""
    driver.get(url)
    _wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, "footer")))


def _submit(driver: webdriver.Chrome, button: WebElement) -> None:
    """Click a form's submit button and wait until the next page has rendered."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    _wait(driver).until(ec.staleness_of(page))
    _wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, "footer")))


def _follow(driver: webdriver.Chrome, link_text: str) -> None:
    """Click a link by its visible text, as a person would, and wait for the page."""
    link = _wait(driver).until(ec.element_to_be_clickable((By.LINK_TEXT, link_text)))
    page = driver.find_element(By.TAG_NAME, "html")
    link.click()
    _wait(driver).until(ec.staleness_of(page))
    _wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, "footer")))


def _table(driver: webdriver.Chrome) -> list[dict[str, WebElement]]:
    """The rows of the results table, each as {column: cell}."""
    columns = [
        th.get_attribute("data-column") or th.text
        for th in driver.find_elements(By.CSS_SELECTOR, ".rows-and-columns thead th")
    ]
    return [
        dict(zip(columns, row.find_elements(By.TAG_NAME, "td"), strict=True))
        for row in driver.find_elements(By.CSS_SELECTOR, ".rows-and-columns tbody tr")
    ]


def _count_in_heading(driver: webdriver.Chrome) -> int:
    """The row count Datasette states above a table ("9 rows where search matches …")."""
    heading = driver.find_element(By.CSS_SELECTOR, ".content h3").text
    match = re.match(r"([\d,]+) rows?\b", heading)
    assert match, heading
    return int(match.group(1).replace(",", ""))


def _phrase_in(phrase: str, *fields: str | None) -> bool:
    """True when a field holds the words of ``phrase`` next to each other (FTS5 phrase, unicode61)."""
    pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, phrase.lower().split())) + r"(?!\w)"
    return any(field and re.search(pattern, field.lower()) for field in fields)


def _all_folded_words_in(words: str, *fields: str | None) -> bool:
    """True when every folded word is a whole word of the fields folded (the folded FTS index)."""
    tokens = {token for field in fields if field for token in re.findall(r"\w+", fold(field))}
    return set(words.split()) <= tokens


def _corpus_has(phrase: str) -> bool:
    return any(phrase in path.read_text(encoding="utf-8") for path in TEXTS.glob("*.txt"))


# ------------------------------------------------------------------------------------------ tests


def test_home_page_shows_the_title_and_the_store(driver, base_url, db):
    _open(driver, base_url + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "phongtrao: movement news"
    assert driver.title.startswith("phongtrao: movement news")
    assert "Search without diacritics" in driver.find_element(By.CSS_SELECTOR, ".metadata-description").text

    _follow(driver, db.stem)
    assert driver.current_url == f"{base_url}/{db.stem}"
    queries = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#queries + ul a")]
    titles = [
        q["title"]
        for q in json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["phongtrao"]["queries"].values()
    ]
    assert sorted(queries) == sorted(titles)
    tables = {a.text for a in driver.find_elements(By.CSS_SELECTOR, ".content h3 a")}
    assert {"articles", "events", "officials", "movements", "units"} <= tables
    assert not tables & {"schema_version", "meta", "articles_fts"}  # hidden by the metadata or by Datasette


def test_articles_search_keeps_diacritics_and_shows_facets(driver, base_url, db, tmp_path):
    phrase = "văn hóa"
    assert _corpus_has(phrase)
    stored = _rows(db, "SELECT id, title, text, tags, published FROM articles")
    expected = {str(i) for i, title, text, tags, _ in stored if _phrase_in(phrase, title, text, tags)}
    assert 0 < len(expected) < len(stored)  # the search must leave some articles out

    _open(driver, f"{base_url}/{db.stem}/articles")
    box = _wait(driver).until(ec.visibility_of_element_located((By.ID, "_search")))
    box.clear()
    box.send_keys(f'"{phrase}"')  # quoted: a phrase, as Datasette's search box reads it
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters input[type=submit]"))

    rows = _table(driver)
    assert {row["id"].text for row in rows} == expected
    assert _count_in_heading(driver) == len(expected)
    for row in rows:
        assert phrase in (row["title"].text + " " + row["text"].text).lower(), row["id"].text

    published = driver.find_element(By.ID, "facet-published")
    assert "published (date)" in published.text
    dates = {p for i, *_, p in stored if str(i) in expected and p}
    assert int(published.find_element(By.CSS_SELECTOR, ".facet-info-total").text) == len(dates)
    source = driver.find_element(By.ID, "facet-source_id")
    assert [li.text for li in source.find_elements(By.CSS_SELECTOR, "li")] == [f"{SOURCE} {len(expected)}"]

    shot = tmp_path / "articles-search.png"
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

    # Without its marks the phrase is other words: the diacritics index does not fold them.
    unmarked = "van hoa"
    box = _wait(driver).until(ec.visibility_of_element_located((By.ID, "_search")))
    box.clear()
    box.send_keys(f'"{unmarked}"')
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters input[type=submit]"))
    unmarked_ids = {str(i) for i, title, text, tags, _ in stored if _phrase_in(unmarked, title, text, tags)}
    assert {row["id"].text for row in _table(driver)} == unmarked_ids
    assert _count_in_heading(driver) == len(unmarked_ids) < len(expected)


@pytest.mark.parametrize(("words", "accented"), [("dat mui", "Đất Mũi"), ("krong pac", "Krông Pắc")])
def test_search_without_diacritics_finds_the_accented_titles(driver, base_url, db, words, accented):
    assert _corpus_has(accented) and fold(accented) == words
    expected = {
        title
        for title, text in _rows(db, "SELECT title, text FROM articles")
        if _all_folded_words_in(words, title, text)
    }
    assert expected

    _open(driver, f"{base_url}/{db.stem}")
    _follow(driver, "Search without diacritics")
    field = _wait(driver).until(ec.visibility_of_element_located((By.NAME, "words")))
    field.clear()
    field.send_keys(words)
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.sql input[type=submit]"))

    assert f"words={words.replace(' ', '+')}" in driver.current_url
    titles = [row["title"].text for row in _table(driver)]
    assert set(titles) == expected
    assert all(accented in title for title in titles), titles


def test_events_by_movement_and_month_with_an_empty_movement(driver, base_url, db):
    linked = _rows(db, "SELECT count(*) FROM event_movements")[0][0]
    names = {
        name
        for (name,) in _rows(
            db, "SELECT DISTINCT m.name FROM movements m JOIN event_movements em ON em.movement_id = m.id"
        )
    }
    assert linked > 0

    _open(driver, f"{base_url}/{db.stem}")
    _follow(driver, "Events by movement and month")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Events by movement and month"
    field = _wait(driver).until(ec.visibility_of_element_located((By.NAME, "movement")))
    field.clear()
    _submit(driver, driver.find_element(By.CSS_SELECTOR, "form.sql input[type=submit]"))

    assert driver.find_elements(By.CSS_SELECTOR, ".rows-and-columns")
    columns = [th.text for th in driver.find_elements(By.CSS_SELECTOR, ".rows-and-columns thead th")]
    assert columns == ["movement", "month", "type", "events"]
    rows = [{column: cell.text for column, cell in row.items()} for row in _table(driver)]
    assert rows
    assert all(re.fullmatch(r"\d{4}-\d{2}", row["month"]) for row in rows), rows
    assert sum(int(row["events"]) for row in rows) == linked  # every event-movement link counted once
    assert {row["movement"] for row in rows} == names
    months = [row["month"] for row in rows]
    assert months == sorted(months, reverse=True)


def test_foreign_keys_show_labels_not_bare_ids(driver, base_url, db):
    titles = dict(_rows(db, "SELECT id, title FROM articles"))
    units = dict(_rows(db, "SELECT id, name FROM units"))
    events = {str(i): (a, u) for i, a, u in _rows(db, "SELECT id, article_id, unit_id FROM events")}
    assert any(u is not None for _, u in events.values())

    _open(driver, f"{base_url}/{db.stem}/events?_size=max")
    rows = _table(driver)
    assert {row["id"].text for row in rows} == set(events)
    for row in rows:
        article_id, unit_id = events[row["id"].text]
        link = row["article_id"].find_element(By.TAG_NAME, "a")
        assert link.text == titles[article_id] != str(article_id)
        assert link.get_attribute("href").endswith(f"/{db.stem}/articles/{article_id}")
        if unit_id is not None:
            assert row["unit_id"].find_element(By.TAG_NAME, "a").text == units[unit_id]

    names = dict(_rows(db, "SELECT id, name FROM officials"))
    mentions = dict(_rows(db, "SELECT id, official_id FROM official_mentions"))
    _open(driver, f"{base_url}/{db.stem}/official_mentions?_size=max")
    rows = _table(driver)
    assert rows
    for row in rows:
        official_id = mentions[int(row["id"].text)]
        assert row["official_id"].find_element(By.TAG_NAME, "a").text == names[official_id]


def test_no_severe_console_messages(driver, base_url, db):
    name = db.stem
    event_id = _rows(db, "SELECT min(id) FROM events")[0][0]
    pages = [
        "/",
        f"/{name}",
        f"/{name}/articles?_search=%22v%C4%83n+h%C3%B3a%22",
        f"/{name}/events?_facet=type",
        f"/{name}/events/{event_id}",
        f"/{name}/officials",
        f"/{name}/events_by_movement_and_month?movement=",
        f"/{name}/officials_of_a_unit?unit=",
        f"/{name}/exemplars_of_a_movement?movement=",
        f"/{name}/search_without_diacritics?words=van+hoa",
    ]
    driver.get_log("browser")  # drop what earlier tests left
    severe = []
    for page in pages:
        _open(driver, base_url + page)
        assert not driver.find_elements(By.CSS_SELECTOR, ".message-error"), page
        severe += [
            (page, entry["message"])
            for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon" not in entry["message"]
        ]
    assert severe == []
