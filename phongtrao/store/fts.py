"""The two full-text indexes over articles, kept in step with the ``articles`` table.

``articles_fts`` indexes the normalised text with ``unicode61 remove_diacritics 0``: it
folds case only, so "Đảng" never matches "đang", and it reads its text from ``articles``
(external content), so it costs no second copy and ``snippet()`` works in Datasette.

``articles_folded_fts`` is for queries typed without diacritics: its terms are ``fold(text)``
(lower case, no marks, đ→d). It gets the text with đ/Đ replaced by d/D and its tokenizer
(``remove_diacritics 2``) removes every other mark, which gives exactly ``fold`` on
Vietnamese words (checked in the tests) at C speed. It is contentless: the folded text is
never stored, and because ``fold`` keeps the length, a hit found in folded text is
highlighted in the original text at the same offsets.

Both are written by hand rather than by triggers, so a re-processed article whose text did
not change costs no re-indexing.
"""

from __future__ import annotations

import sqlite3

from phongtrao.extract.movements import fast_fold

_FTS = "articles_fts"
_FOLDED = "articles_folded_fts"


def folded(text: str | None) -> str:
    """``fold`` through a translate table; same length as ``text``."""
    return fast_fold(text or "")


def folded_index_form(text: str | None) -> str:
    """What the folded index is given: đ→d, the tokenizer removes the other marks."""
    return (text or "").replace("đ", "d").replace("Đ", "D")


def index_folded(conn: sqlite3.Connection, article_id: int, title: str | None, text: str | None) -> None:
    conn.execute(
        f"INSERT INTO {_FOLDED} (rowid, title, text) VALUES (?, ?, ?)",
        (article_id, folded_index_form(title), folded_index_form(text)),
    )


def index_article(conn: sqlite3.Connection, article_id: int, title: str | None, text: str | None) -> None:
    """Add an article (already in ``articles``) to both indexes."""
    conn.execute(f"INSERT INTO {_FTS} (rowid, title, text) VALUES (?, ?, ?)", (article_id, title or "", text or ""))
    index_folded(conn, article_id, title, text)


def index_articles(conn: sqlite3.Connection, rows: list[tuple[int, str | None, str | None]]) -> None:
    """Add many articles (id, title, text) to both indexes: one statement per index."""
    conn.executemany(
        f"INSERT INTO {_FTS} (rowid, title, text) VALUES (?, ?, ?)", [(i, t or "", x or "") for i, t, x in rows]
    )
    conn.executemany(
        f"INSERT INTO {_FOLDED} (rowid, title, text) VALUES (?, ?, ?)",
        [(i, folded_index_form(t), folded_index_form(x)) for i, t, x in rows],
    )


def unindex_article(conn: sqlite3.Connection, article_id: int, title: str | None, text: str | None) -> None:
    """Take an article out of both indexes; ``title`` and ``text`` must be what was indexed."""
    conn.execute(
        f"INSERT INTO {_FTS} ({_FTS}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
        (article_id, title or "", text or ""),
    )
    conn.execute(
        f"INSERT INTO {_FOLDED} ({_FOLDED}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
        (article_id, folded_index_form(title), folded_index_form(text)),
    )


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each index's segments into one: faster queries after a large ingest."""
    for table in (_FTS, _FOLDED):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
