"""The one place that joins stages: page or file → Article → Extraction → store.

``extract`` and ``store`` stay independent of each other; the crawler only knows the hook
``make_page_hook`` returns, so it can archive pages without extracting (``--no-extract``)
and ``phongtrao process`` can run the same hook again over archived pages.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from phongtrao.errors import PhongtraoError
from phongtrao.extract.html import extract_article
from phongtrao.extract.nlp import analyse
from phongtrao.extract.readers import read_path
from phongtrao.models import Extraction, Page

# Below this many files per worker, starting worker processes costs more than it saves.
FILES_PER_WORKER = 8


def extract_page(page: Page, *, home: str | None = None) -> Extraction:
    """A fetched page's extraction; raises InputError when the page holds no article."""
    return analyse(extract_article(page), home=home)


def make_page_hook(db_path: str | Path) -> Callable[[Page], None]:
    """A hook for the crawler: extract each new or changed article page and upsert it.

    The store and a reader of the crawl state are opened on first use and kept for the crawl;
    a page that is not an article raises InputError, which the crawler records against it.
    """
    from phongtrao.store import open_store, upsert_extraction

    store = None
    crawl_state: sqlite3.Connection | None = None

    def source_of(url: str) -> str | None:
        """The name of the crawl source that queued ``url``."""
        nonlocal crawl_state
        try:
            if crawl_state is None:
                crawl_state = sqlite3.connect(db_path)
            row = crawl_state.execute("SELECT source FROM crawl_urls WHERE url = ?", (url,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def hook(page: Page) -> None:
        nonlocal store
        extraction = extract_page(page)
        if store is None:
            store = open_store(db_path)
        upsert_extraction(store, extraction, source=source_of(page.url))

    return hook


def extract_path(path: str | Path, published: str | None = None) -> Extraction:
    """A file's extraction; raises InputError (one line) for a file that has none."""
    return analyse(read_path(path, published=published))


def extract_file(raw: str, published: str | None = None) -> Extraction | str:
    """One file's extraction, or the one-line reason it has none (never raises for a bad file)."""
    if raw == "-":
        return "-: reads files, not standard input (give a path)"
    try:
        return extract_path(Path(raw).resolve(), published)
    except PhongtraoError as exc:
        return str(exc)
    except Exception as exc:  # a bug must not cost the other files or show a traceback
        return f"{raw}: internal error ({type(exc).__name__}: {exc})"


def default_jobs() -> int:
    """Worker processes for extraction: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and says so in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def extract_files(raws: Iterable[str], published: str | None = None, *, jobs: int = 1) -> Iterator[Extraction | str]:
    """Each file's extraction (or reason), in the order given, on ``jobs`` worker processes.

    Extraction is pure and CPU-bound, so it scales with cores; the caller keeps the store.
    Workers come from a fresh "forkserver" process, never forked from a parent that may hold
    an open SQLite connection. Few files are read in this process: workers would cost more.
    """
    raws = list(raws)
    jobs = min(jobs, len(raws) // FILES_PER_WORKER)
    if jobs <= 1:
        yield from (extract_file(raw, published) for raw in raws)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts)
    try:
        yield from pool.map(partial(extract_file, published=published), raws, chunksize=4)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
