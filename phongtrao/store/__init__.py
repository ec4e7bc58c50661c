"""The SQLite store: articles, their extractions resolved to entities, and Vietnamese search.

Open a store with :func:`open_store` (it creates, checks and migrates the file), then:

- write: :func:`upsert_extraction` / :func:`upsert_many` (idempotent; re-processing replaces
  an article's records atomically), and for the crawler :func:`store_page`,
  :func:`record_fetch`, :func:`page_validators`, :func:`iter_pages`;
- read: :func:`search` (with :class:`Filters` and facets), and the lists and evidence in
  :mod:`phongtrao.store.queries`.

Every failure a user can meet is a :class:`StoreError` (or a :class:`QueryError` for a
query or filter that cannot be searched) with a one-line message.
"""

from __future__ import annotations

import os
from pathlib import Path

from phongtrao.store.catalogue import sync_catalogue
from phongtrao.store.db import Store, StoreError, connect, default_db_path
from phongtrao.store.filters import Filters, QueryError
from phongtrao.store.pages import StoredPage, iter_pages, page_validators, record_fetch, store_page
from phongtrao.store.schema import CURRENT_VERSION, migrate
from phongtrao.store.search import Hit, SearchResult, search
from phongtrao.store.write import WriteResult, article_key, upsert_extraction, upsert_many

__all__ = [
    "CURRENT_VERSION",
    "Filters",
    "Hit",
    "QueryError",
    "SearchResult",
    "Store",
    "StoreError",
    "StoredPage",
    "WriteResult",
    "article_key",
    "default_db_path",
    "iter_pages",
    "open_store",
    "page_validators",
    "record_fetch",
    "search",
    "store_page",
    "upsert_extraction",
    "upsert_many",
]


def open_store(
    path: str | os.PathLike[str] | None = None, *, create: bool = True, busy_timeout: float | None = None
) -> Store:
    """Open the store at ``path`` (``--db`` rule when None), creating and migrating it as needed.

    ``create=False`` refuses a missing file (for commands that only read). ``busy_timeout`` is
    how long a writer waits for another one (default ``$PHONGTRAO_BUSY_TIMEOUT`` or 30 s).
    """
    store = connect(Path(path) if path is not None else default_db_path(), create=create, busy_timeout=busy_timeout)
    try:
        migrate(store)
        try:
            sync_catalogue(store)
        except StoreError:
            if create:
                raise  # a reader of a read-only store goes on with the catalogue it has
    except BaseException:
        store.close()
        raise
    return store
