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

Both have a third column, ``tags``: tokens for what the article's extraction names (unit
codes with their district and province, 2025 successors, movements, officials, event types,
source, year; see ``write.article_tags``). A filter is then one more term of the MATCH, and
FTS5 intersects it with the words as it reads the index: no filter ever scans the store.

Both are written by hand rather than by triggers, so a re-processed article whose text and
tags did not change costs no re-indexing.
"""

from __future__ import annotations

import sqlite3

from phongtrao.extract.normalize import fold

_FTS = "articles_fts"
_FOLDED = "articles_folded_fts"


def folded(text: str | None) -> str:
    """``fold`` through a translate table; same length as ``text``."""
    return fold(text or "")


def folded_index_form(text: str | None) -> str:
    """What the folded index is given: đ→d, the tokenizer removes the other marks."""
    return (text or "").replace("đ", "d").replace("Đ", "D")


Indexed = tuple[int, str | None, str | None, str | None]  # article id, title, text, tags


def _row(article: Indexed, form) -> tuple[int, str, str, str]:
    article_id, title, text, tags = article
    return article_id, form(title), form(text), tags or ""


def index_articles(conn: sqlite3.Connection, rows: list[Indexed]) -> None:
    """Add articles (id, title, text, tags), already in ``articles``, to both indexes."""
    conn.executemany(
        f"INSERT INTO {_FTS} (rowid, title, text, tags) VALUES (?, ?, ?, ?)", [_row(r, _plain) for r in rows]
    )
    conn.executemany(
        f"INSERT INTO {_FOLDED} (rowid, title, text, tags) VALUES (?, ?, ?, ?)",
        [_row(r, folded_index_form) for r in rows],
    )


def index_folded(conn: sqlite3.Connection, article: Indexed) -> None:
    """Add one article to the folded index only (building it for articles already in the other)."""
    conn.execute(
        f"INSERT INTO {_FOLDED} (rowid, title, text, tags) VALUES (?, ?, ?, ?)", _row(article, folded_index_form)
    )


def unindex_article(conn: sqlite3.Connection, article: Indexed) -> None:
    """Take an article out of both indexes; title, text and tags must be what was indexed."""
    for table, form in ((_FTS, _plain), (_FOLDED, folded_index_form)):
        conn.execute(
            f"INSERT INTO {table} ({table}, rowid, title, text, tags) VALUES ('delete', ?, ?, ?, ?)",
            _row(article, form),
        )


def _plain(text: str | None) -> str:
    return text or ""


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each index's segments into one: faster queries after a large ingest."""
    for table in (_FTS, _FOLDED):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
