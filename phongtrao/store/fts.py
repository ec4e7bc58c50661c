"""The two full-text indexes over articles, kept in step with the ``articles`` table.

``articles_fts`` indexes the normalised text with ``unicode61 remove_diacritics 0``: it
folds case only, so "Đảng" never matches "đang", and it reads its text from ``articles``
(external content), so it costs no second copy and ``snippet()`` works in Datasette.

``articles_folded_fts`` indexes ``fold(text)`` (lower case, no marks, đ→d) for queries typed
without diacritics. It is contentless: the folded text is never stored, and because
``fold`` keeps the length, a hit found in it is highlighted in the original text at the
same offsets.

Both are written by hand rather than by triggers, so a re-processed article whose text did
not change costs no re-indexing.
"""

from __future__ import annotations

import sqlite3

from phongtrao.extract.movements import fast_fold

_FTS = "articles_fts"
_FOLDED = "articles_folded_fts"


def folded(text: str | None) -> str:
    """``fold`` at C speed (a translate table); same length as ``text``."""
    return fast_fold(text or "")


def index_folded(conn: sqlite3.Connection, article_id: int, title: str | None, text: str | None) -> None:
    conn.execute(
        f"INSERT INTO {_FOLDED} (rowid, title, text) VALUES (?, ?, ?)", (article_id, folded(title), folded(text))
    )


def index_article(conn: sqlite3.Connection, article_id: int, title: str | None, text: str | None) -> None:
    """Add an article (already in ``articles``) to both indexes."""
    conn.execute(f"INSERT INTO {_FTS} (rowid, title, text) VALUES (?, ?, ?)", (article_id, title or "", text or ""))
    index_folded(conn, article_id, title, text)


def unindex_article(conn: sqlite3.Connection, article_id: int, title: str | None, text: str | None) -> None:
    """Take an article out of both indexes; ``title`` and ``text`` must be what was indexed."""
    conn.execute(
        f"INSERT INTO {_FTS} ({_FTS}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
        (article_id, title or "", text or ""),
    )
    conn.execute(
        f"INSERT INTO {_FOLDED} ({_FOLDED}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
        (article_id, folded(title), folded(text)),
    )


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each index's segments into one: faster queries after a large ingest."""
    for table in (_FTS, _FOLDED):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
