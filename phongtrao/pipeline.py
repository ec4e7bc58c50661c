"""The one place that joins stages: page or file → Article → Extraction → store.

``extract`` and ``store`` stay independent of each other; the crawler only knows the hook
``make_page_hook`` returns, so it can archive pages without extracting (``--no-extract``)
and ``phongtrao process`` can run the same hook again over archived pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from phongtrao.extract.html import extract_article
from phongtrao.extract.nlp import analyse
from phongtrao.models import Extraction, Page


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
