"""Full-text search over articles that respects how Vietnamese users type.

- A query with diacritics goes to the diacritics index after ``normalize()`` (so old tone
  placement "hoá" finds "hóa", and "Đảng" never finds "đang").
- A query without diacritics goes to the folded index ("dong thanh" finds "Đông Thạnh", đ→d
  included); hits whose text has the query's exact letters rank first.
- Every word is quoted before it reaches FTS5, so punctuation ("05-NQ/TU", "12/3",
  "C.T.U.B") is never FTS5 syntax; "…" keeps a phrase, a trailing * a prefix.
- A word that is a catalogued movement's initials ("TDĐKXDĐSVH") also matches the movement's
  written-out names.
- Snippets are cut from the article text with the hits in ``<mark>…</mark>``: for the folded
  index, ``fold`` keeps the length, so a match in the folded text marks the same characters.

Filters narrow the hits (movement, unit with everything under it old or new, event type,
dates, official, source) and facets count the hits by each of them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from phongtrao.errors import UsageError
from phongtrao.extract.movements import load_catalogue, resolve_movement
from phongtrao.extract.normalize import fold, normalize
from phongtrao.store.db import Store, reading
from phongtrao.store.fts import folded
from phongtrao.store.places import folded_name, scope_sql, unit_scope
from phongtrao.store.schema import FOLDED_FTS_TABLE, FTS_TABLE

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
TITLE_WEIGHT = 4.0
SNIPPET_CHARS = 220
FACET_SIZE = 10

_TERM_RE = re.compile(r'"([^"]*)"?|(\S+)')
_TOKEN_RE = re.compile(r"[^\W_]+")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_VOWELS = set("aeiouy")


class QueryError(UsageError):
    """A query or filter that cannot be searched: says why in one line."""


@dataclass(frozen=True)
class Term:
    """One word or phrase of a query, as the user wrote it (normalised)."""

    text: str
    phrase: bool = False
    prefix: bool = False

    @property
    def tokens(self) -> list[str]:
        return _TOKEN_RE.findall(self.text)


@dataclass(frozen=True)
class Filters:
    """What ``search`` and the list commands narrow by; None means no narrowing."""

    movement: str | None = None
    unit: str | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    official: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Hit:
    article_id: int
    title: str | None
    url: str | None
    published: str | None
    snippet: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FacetCount:
    facet: str
    value: str
    label: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    route: str  # "diacritics" | "folded"
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ query


def parse_query(query: str) -> list[Term]:
    """The words and "phrases" of a query; a word ending in * is a prefix. Never raises."""
    terms = []
    query = _CONTROL_RE.sub(" ", query)  # a NUL would end the FTS5 string early
    for match in _TERM_RE.finditer(normalize(query)):
        phrase, word = match.group(1), match.group(2)
        text = phrase if phrase is not None else word
        prefix = phrase is None and text.endswith("*")
        text = text.rstrip("*") if prefix else text
        if _TOKEN_RE.search(text):
            terms.append(Term(text.strip(), phrase=phrase is not None, prefix=prefix))
    return terms


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark or đ (the user typed them on purpose)."""
    return fold(text) != text.lower()


def _looks_like_initials(word: str) -> bool:
    letters = word.replace("-", "")
    if len(letters) < 3 or not letters.isalpha():
        return False
    return letters.isupper() or (len(letters) >= 5 and not (set(folded(letters)) & _VOWELS))


def _movement_wordings(term: Term) -> tuple[str, ...]:
    """The written-out names of the movement a word's initials stand for ("TDĐKXDĐSVH")."""
    if term.phrase or not _looks_like_initials(term.text):
        return ()
    resolved = resolve_movement(term.text.upper())
    if resolved is None:
        return ()
    entry = load_catalogue().entry(resolved[0])
    if entry is None:
        return ()
    return tuple(dict.fromkeys([entry.name, *entry.aliases, *entry.initials]))


def _quoted(text: str, prefix: bool = False) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _query_movement_wordings(terms: list[Term]) -> tuple[str, ...]:
    """Other wordings of the movement a whole query names ("toàn dân đoàn kết … văn hóa" → its initials)."""
    if len(terms) < 2 and not (terms and terms[0].phrase and len(terms[0].tokens) >= 2):
        return ()
    resolved = resolve_movement(" ".join(t.text for t in terms))
    entry = load_catalogue().entry(resolved[0]) if resolved else None
    if entry is None:
        return ()
    return tuple(dict.fromkeys([entry.name, *entry.aliases, *entry.initials]))


def fts_expression(terms: list[Term], *, fold_terms: bool, expand: bool = True) -> str:
    """An FTS5 MATCH expression in which every term is a quoted string (no FTS5 syntax leaks).

    ``expand`` adds the written-out names of movements given by initials (and the initials of
    a movement given by name); without it, only the letters the user typed.
    """
    shape = folded if fold_terms else (lambda s: s)
    parts = []
    for term in terms:
        main = _quoted(shape(term.text), term.prefix)
        wordings = _movement_wordings(term) if expand else ()
        if wordings:
            alternatives = [main, *(_quoted(shape(normalize(w))) for w in wordings)]
            parts.append("(" + " OR ".join(dict.fromkeys(alternatives)) + ")")
        else:
            parts.append(main)
    expression = " AND ".join(parts)
    wordings = _query_movement_wordings(terms) if expand else ()
    if wordings:
        alternatives = [f"({expression})", *(_quoted(shape(normalize(w))) for w in wordings)]
        expression = " OR ".join(dict.fromkeys(alternatives))
    return expression


# ------------------------------------------------------------------------------------------ snippets


def _patterns(texts: list[str], *, fold_terms: bool, prefix: str | None = None) -> list[re.Pattern[str]]:
    patterns = []
    for text in texts:
        tokens = _TOKEN_RE.findall(folded(text) if fold_terms else text)
        if not tokens:
            continue
        body = r"[\W_]+".join(map(re.escape, tokens))
        end = r"[^\W_]*" if text == prefix else r"(?![^\W_])"
        patterns.append(re.compile(rf"(?<![^\W_]){body}{end}", 0 if fold_terms else re.IGNORECASE))
    return patterns


def term_patterns(terms: list[Term], *, fold_terms: bool) -> list[list[re.Pattern[str]]]:
    """Regular expressions that find the terms where FTS5 found them, best group first.

    The first group is the movement a whole query names (when it does), so its snippet marks
    the movement rather than each common word of its name; then the query's words side by
    side; then each word.
    """
    whole = _patterns([normalize(w) for w in _query_movement_wordings(terms)], fold_terms=fold_terms)
    tokens = [token for term in terms for token in term.tokens]
    phrase = _patterns([" ".join(tokens)], fold_terms=fold_terms) if len(tokens) > 1 else []
    words: list[re.Pattern[str]] = []
    for term in terms:
        texts = [term.text, *(normalize(w) for w in _movement_wordings(term))]
        words += _patterns(texts, fold_terms=fold_terms, prefix=term.text if term.prefix else None)
    return [group for group in (whole, phrase, words) if group]


def _merged(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Neighbouring hits separated by spaces only become one mark ("Bùi Hồng", not "Bùi" "Hồng")."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start >= out[-1][1] and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        elif not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def make_snippet(text: str, groups: list[list[re.Pattern[str]]], *, fold_text: bool, width: int = SNIPPET_CHARS) -> str:
    """The passage of ``text`` with the most hits, hits wrapped in <mark>…</mark>, on one line."""
    haystack = folded(text) if fold_text else text
    spans: list[tuple[int, int]] = []
    for patterns in groups:
        spans = sorted({m.span() for p in patterns for m in p.finditer(haystack) if m.end() > m.start()})
        if spans:
            break
    spans = _merged(spans, text)
    if not spans:
        return _one_line(text[:width]) + ("…" if len(text) > width else "")
    best = max(spans, key=lambda s: (sum(1 for o in spans if s[0] <= o[0] and o[1] <= s[0] + width), -s[0]))
    start = max(0, best[0] - width // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best[0] else start
    end = min(len(text), max(start + width, best[1]))
    if end < len(text):
        space = text.rfind(" ", best[1], end)
        end = space if space > best[1] else end
    out = ["…" if start else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        out.append(text[position:span_start])
        out.append(MARK_OPEN + text[span_start:span_end] + MARK_CLOSE)
        position = span_end
    out.append(text[position:end])
    out.append("…" if end < len(text) else "")
    return _one_line("".join(out))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------ filters


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def movement_ids(conn: sqlite3.Connection, wanted: str) -> list[str]:
    """Movement ids a user's ``--movement`` means: an id, a name, initials or part of a name."""
    wanted = wanted.strip()
    if conn.execute("SELECT 1 FROM movements WHERE id = ?", (wanted,)).fetchone():
        return [wanted]
    resolved = resolve_movement(wanted) or (resolve_movement(wanted.upper()) if _looks_like_initials(wanted) else None)
    if resolved:
        return [resolved[0]]
    key = folded_name(wanted).strip('"')
    rows = conn.execute(
        "SELECT DISTINCT movement_id FROM movement_aliases WHERE folded = ? OR folded LIKE ? ESCAPE '\\' "
        "UNION SELECT id FROM movements WHERE id LIKE ? ESCAPE '\\'",
        (key, f"%{_like_escape(key)}%", f"%{_like_escape(key.replace(' ', '-'))}%"),
    ).fetchall()
    return sorted(row[0] for row in rows)


def official_ids(conn: sqlite3.Connection, wanted: str) -> list[int]:
    """Official ids a user's ``--official`` means: an id, a full name or part of one, any diacritics."""
    wanted = wanted.strip()
    if wanted.isdigit():
        return [int(wanted)]
    key = folded_name(wanted)
    rows = conn.execute("SELECT id FROM officials WHERE folded_name = ?", (key,)).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT id FROM officials WHERE ' ' || folded_name || ' ' LIKE ? ESCAPE '\\'",
            (f"% {_like_escape(key)} %",),
        ).fetchall()
    ids = [row[0] for row in rows]
    if has_diacritics(wanted) and ids:  # "Hợp" is not "Hớp" when the user typed the marks
        exact = normalize(wanted).lower()
        marks = conn.execute(f"SELECT id, name FROM officials WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
        ids = [row[0] for row in marks if exact in row[1].lower()] or ids
    return ids


def source_ids(conn: sqlite3.Connection, wanted: str) -> list[int]:
    key = folded_name(wanted)
    return [
        row[0]
        for row in conn.execute("SELECT id, name, url FROM sources").fetchall()
        if key in folded_name(row[1]) or (row[2] and wanted in row[2]) or str(row[0]) == wanted
    ]


def _date_bound(value: str, *, upper: bool) -> str:
    """ "2020" → "2020-12-31" as an upper bound; partial dates compare as strings."""
    if not upper:
        return value
    return value + {4: "-12-31", 7: "-31"}.get(len(value), "")


def filter_clauses(conn: sqlite3.Connection, filters: Filters, article: str = "a") -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles`` (aliased ``article``) for the filters, and their parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.movement:
        ids = movement_ids(conn, filters.movement)
        if not ids:
            raise QueryError(f"--movement {filters.movement!r}: no such movement (see `phongtrao movements`)")
        clauses.append(
            f"{article}.id IN (SELECT article_id FROM movement_mentions WHERE movement_id IN "
            f"({','.join('?' * len(ids))}))"
        )
        params.extend(ids)
    if filters.unit:
        scope = unit_scope(filters.unit)
        if not scope:
            raise QueryError(f"--unit {filters.unit!r}: not a unit name or code")
        condition, scope_params = scope_sql(scope, "unit_id")
        clauses.append(f"{article}.id IN (SELECT article_id FROM unit_mentions WHERE {condition})")
        params.extend(scope_params)
    if filters.type:
        clauses.append(f"{article}.id IN (SELECT article_id FROM events WHERE type = ?)")
        params.append(filters.type)
    if filters.date_from:
        clauses.append(f"{article}.published >= ?")
        params.append(_date_bound(filters.date_from, upper=False))
    if filters.date_to:
        clauses.append(f"{article}.published <= ?")
        params.append(_date_bound(filters.date_to, upper=True))
    if filters.official:
        ids = official_ids(conn, filters.official)
        if not ids:
            raise QueryError(f"--official {filters.official!r}: no such official (see `phongtrao officials`)")
        clauses.append(
            f"{article}.id IN (SELECT article_id FROM official_mentions WHERE official_id IN "
            f"({','.join('?' * len(ids))}))"
        )
        params.extend(ids)
    if filters.source:
        ids = source_ids(conn, filters.source)
        condition = f"coalesce({article}.url, {article}.key) LIKE ? ESCAPE '\\'"
        params_source: list[Any] = [f"%{_like_escape(filters.source)}%"]
        if ids:
            condition = f"({article}.source_id IN ({','.join('?' * len(ids))}) OR {condition})"
            params_source = [*ids, *params_source]
        clauses.append(condition)
        params.extend(params_source)
    return clauses, params


# ------------------------------------------------------------------------------------------ search

_FACETS = {
    "movement": (
        "SELECT m.movement_id, mv.name, count(DISTINCT m.article_id) AS n FROM movement_mentions m "
        "JOIN temp.search_hits h ON h.id = m.article_id JOIN movements mv ON mv.id = m.movement_id "
        "GROUP BY m.movement_id ORDER BY n DESC, mv.name LIMIT ?"
    ),
    "province": (
        "SELECT u.province_code, u.province, count(DISTINCT m.article_id) AS n FROM unit_mentions m "
        "JOIN temp.search_hits h ON h.id = m.article_id JOIN units u ON u.id = m.unit_id "
        "WHERE u.province_code IS NOT NULL GROUP BY u.province_code ORDER BY n DESC, u.province LIMIT ?"
    ),
    "unit": (
        "SELECT u.id, u.name || coalesce(' (' || u.province || ')', ''), count(DISTINCT m.article_id) AS n "
        "FROM unit_mentions m JOIN temp.search_hits h ON h.id = m.article_id JOIN units u ON u.id = m.unit_id "
        "WHERE u.level != 'province' GROUP BY u.id ORDER BY n DESC, u.name LIMIT ?"
    ),
    "type": (
        "SELECT e.type, e.type, count(DISTINCT e.article_id) AS n FROM events e "
        "JOIN temp.search_hits h ON h.id = e.article_id GROUP BY e.type ORDER BY n DESC, e.type LIMIT ?"
    ),
    "official": (
        "SELECT o.id, o.name, count(DISTINCT m.article_id) AS n FROM official_mentions m "
        "JOIN temp.search_hits h ON h.id = m.article_id JOIN officials o ON o.id = m.official_id "
        "GROUP BY o.id ORDER BY n DESC, o.name LIMIT ?"
    ),
    "month": (
        "SELECT substr(a.published, 1, 7) AS month, substr(a.published, 1, 7), count(*) AS n "
        "FROM articles a JOIN temp.search_hits h ON h.id = a.id WHERE a.published IS NOT NULL "
        "GROUP BY month ORDER BY month DESC LIMIT ?"
    ),
    "source": (
        "SELECT s.id, s.name, count(*) AS n FROM articles a JOIN temp.search_hits h ON h.id = a.id "
        "JOIN sources s ON s.id = a.source_id GROUP BY s.id ORDER BY n DESC, s.name LIMIT ?"
    ),
}
FACET_NAMES = tuple(_FACETS)


def _phrase_expression(terms: list[Term], *, fold_terms: bool) -> str | None:
    """All the query's tokens as one phrase, when there are several: hits with them side by side rank first."""
    tokens = [token for term in terms for token in term.tokens]
    if len(tokens) < 2 or (len(terms) == 1 and terms[0].phrase):
        return None
    return _quoted(" ".join(folded(t) if fold_terms else t for t in tokens))


def _hits_query(terms: list[Term], route: str, filters_sql: list[str], filter_params: list[Any]) -> tuple[str, list]:
    """SELECT id, score, exact, phrase of every matching article, and its parameters in order."""
    table = FTS_TABLE if route == "diacritics" else FOLDED_FTS_TABLE
    fold_terms = route == "folded"
    params: list[Any] = []
    if fold_terms:  # the exact letters the user typed, looked up in the diacritics index
        exact = f"f.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
        params.append(fts_expression(terms, fold_terms=False, expand=False))
    else:
        exact = "1"
    phrase_expression = _phrase_expression(terms, fold_terms=fold_terms)
    phrase = f"f.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)" if phrase_expression else "1"
    if phrase_expression:
        params.append(phrase_expression)
    params.append(fts_expression(terms, fold_terms=fold_terms))
    join = " JOIN articles a ON a.id = f.rowid" if filters_sql else ""
    where = "".join(f" AND {clause}" for clause in filters_sql)
    sql = (
        f"SELECT f.rowid, bm25({table}, {TITLE_WEIGHT}, 1.0), {exact}, {phrase} "
        f"FROM {table} f{join} WHERE {table} MATCH ?{where}"
    )
    return sql, [*params, *filter_params]


def search(
    store: Store,
    query: str,
    filters: Filters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
) -> SearchResult:
    """Articles matching ``query`` and ``filters``: best first, with snippets, total and facet counts.

    Order: exact-diacritic hits first (for a folded query), then hits with the query's words
    side by side, then BM25 (title weighted ×4).
    """
    terms = parse_query(query)
    if not terms:
        raise QueryError(f"nothing to search for in {query!r}: give at least one word or number")
    route = "diacritics" if has_diacritics(query) else "folded"
    with reading(store) as conn:
        clauses, filter_params = filter_clauses(conn, filters or Filters())
        sql, params = _hits_query(terms, route, clauses, filter_params)
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS search_hits "
            "(id INTEGER PRIMARY KEY, score REAL, exact INTEGER, phrase INTEGER)"
        )
        conn.execute("DELETE FROM temp.search_hits")
        conn.execute(f"INSERT INTO temp.search_hits (id, score, exact, phrase) {sql}", params)
        total = conn.execute("SELECT count(*) FROM temp.search_hits").fetchone()[0]
        rows = conn.execute(
            "SELECT a.id, a.title, coalesce(a.url, a.key), a.published, a.text, h.score FROM temp.search_hits h "
            "JOIN articles a ON a.id = h.id ORDER BY h.exact DESC, h.phrase DESC, h.score, a.id LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        counts = (
            {
                name: [FacetCount(name, str(v), str(label), n) for v, label, n in conn.execute(sql_, (FACET_SIZE,))]
                for name, sql_ in _FACETS.items()
            }
            if facets
            else {}
        )
    patterns = term_patterns(terms, fold_terms=route == "folded")
    hits = [
        Hit(
            article_id=row[0],
            title=row[1],
            url=row[2],
            published=row[3],
            snippet=make_snippet(row[4], patterns, fold_text=route == "folded"),
            score=float(f"{-row[5]:.4g}"),
        )
        for row in rows
    ]
    return SearchResult(hits=hits, total=total, route=route, facets=counts)
