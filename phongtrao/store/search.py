"""Full-text search over articles that respects how Vietnamese users type.

- A query with diacritics goes to the diacritics index after ``normalize()`` (so old tone
  placement "hoá" finds "hóa", and "Đảng" never finds "đang").
- A query without diacritics goes to the folded index ("dong thanh" finds "Đông Thạnh", đ→d
  included); among the best hits, those whose text has the query's exact letters come first,
  then those with its words side by side.
- Every word is quoted before it reaches FTS5, so punctuation ("05-NQ/TU", "12/3",
  "C.T.U.B") is never FTS5 syntax; "…" keeps a phrase, a trailing * a prefix.
- A word that is a catalogued movement's initials ("TDĐKXDĐSVH") also matches the movement's
  written-out names.
- Snippets are cut from the article text with the hits in ``<mark>…</mark>``: for the folded
  index, ``fold`` keeps the length, so a match in the folded text marks the same characters.

Filters narrow the hits (movement, unit with everything under it old or new, event type,
dates, official, source) and facets count the hits by each of them. Work per query is
bounded: at most RANK_WINDOW matches (the newest) are ranked and counted in facets, so only
counting the total (kept exact) grows with the number of articles a word is in.
"""

from __future__ import annotations

import heapq
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from phongtrao.extract.movements import load_catalogue, resolve_movement
from phongtrao.extract.normalize import normalize
from phongtrao.store.db import Store, reading
from phongtrao.store.filters import FILTERED, Filters, QueryError, apply_filters, has_diacritics, looks_like_initials
from phongtrao.store.fts import folded
from phongtrao.store.schema import FOLDED_FTS_TABLE, FTS_TABLE

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
TITLE_WEIGHT = 4.0
SNIPPET_CHARS = 220
FACET_SIZE = 10
RERANK = 60  # best BM25 hits reordered by exact letters and adjacent words (read from their text)
RANK_WINDOW = 5000  # most matches ranked and counted in facets; a word in most articles has no BM25 weight anyway

_TERM_RE = re.compile(r'"([^"]*)"?|(\S+)')
_TOKEN_RE = re.compile(r"[^\W_]+")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


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
    facets_exact: bool = True  # False: the facets count the newest RANK_WINDOW hits only


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


def _movement_wordings(term: Term) -> tuple[str, ...]:
    """The written-out names of the movement a word's initials stand for ("TDĐKXDĐSVH")."""
    if term.phrase or not looks_like_initials(term.text):
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


# ------------------------------------------------------------------------------------------ search


def _adjacent_pattern(terms: list[Term], *, fold_terms: bool) -> re.Pattern[str] | None:
    """All the query's tokens side by side, when there are several (a phrase the user did not quote)."""
    tokens = [token for term in terms for token in term.tokens]
    if len(tokens) < 2 or (len(terms) == 1 and terms[0].phrase):
        return None
    return _patterns([" ".join(tokens)], fold_terms=fold_terms)[0]


def _exact_patterns(terms: list[Term]) -> list[re.Pattern[str]]:
    """Each term with exactly the letters typed (no marks added): "dang" is not "Đảng" here."""
    return _patterns([t.text for t in terms], fold_terms=False, prefix=None)


def _rerank(
    best: list[tuple[int, float]], texts: dict[int, tuple], terms: list[Term], fold_terms: bool
) -> list[tuple[int, float]]:
    """The best hits by BM25, reordered: the query's exact letters first, then its words side by side."""
    adjacent = _adjacent_pattern(terms, fold_terms=fold_terms)
    exact = _exact_patterns(terms) if fold_terms else []

    def key(candidate: tuple[int, float]) -> tuple[bool, bool, float]:
        title, text = texts[candidate[0]][1] or "", texts[candidate[0]][4] or ""
        whole = f"{title}\n{text}"
        has_exact = not exact or all(p.search(whole) for p in exact)
        has_adjacent = adjacent is None or bool(adjacent.search(folded(whole) if fold_terms else whole))
        return (not has_exact, not has_adjacent, candidate[1])

    return sorted(best, key=key)


# Each facet reads the hits first (CROSS JOIN keeps that order) and the (article_id, …) index after.
_FACETS = {
    "movement": (
        "SELECT m.movement_id, mv.name, count(DISTINCT m.article_id) AS n FROM temp.search_hits h "
        "CROSS JOIN movement_mentions m ON m.article_id = h.id JOIN movements mv ON mv.id = m.movement_id "
        "GROUP BY m.movement_id ORDER BY n DESC, mv.name LIMIT ?"
    ),
    "province": (
        "SELECT u.province_code, u.province, count(DISTINCT m.article_id) AS n FROM temp.search_hits h "
        "CROSS JOIN unit_mentions m ON m.article_id = h.id JOIN units u ON u.id = m.unit_id "
        "WHERE u.province_code IS NOT NULL GROUP BY u.province_code ORDER BY n DESC, u.province LIMIT ?"
    ),
    "unit": (
        "SELECT u.id, u.name || coalesce(' (' || u.province || ')', ''), count(DISTINCT m.article_id) AS n "
        "FROM temp.search_hits h CROSS JOIN unit_mentions m ON m.article_id = h.id JOIN units u ON u.id = m.unit_id "
        "WHERE u.level != 'province' GROUP BY u.id ORDER BY n DESC, u.name LIMIT ?"
    ),
    "type": (
        "SELECT e.type, e.type, count(DISTINCT e.article_id) AS n FROM temp.search_hits h "
        "CROSS JOIN events e ON e.article_id = h.id GROUP BY e.type ORDER BY n DESC, e.type LIMIT ?"
    ),
    "official": (
        "SELECT o.id, o.name, count(DISTINCT m.article_id) AS n FROM temp.search_hits h "
        "CROSS JOIN official_mentions m ON m.article_id = h.id JOIN officials o ON o.id = m.official_id "
        "GROUP BY o.id ORDER BY n DESC, o.name LIMIT ?"
    ),
    "month": (
        "SELECT substr(a.published, 1, 7) AS month, substr(a.published, 1, 7), count(*) AS n "
        "FROM temp.search_hits h CROSS JOIN articles a ON a.id = h.id WHERE a.published IS NOT NULL "
        "GROUP BY month ORDER BY month DESC LIMIT ?"
    ),
    "source": (
        "SELECT s.id, s.name, count(*) AS n FROM temp.search_hits h CROSS JOIN articles a ON a.id = h.id "
        "JOIN sources s ON s.id = a.source_id GROUP BY s.id ORDER BY n DESC, s.name LIMIT ?"
    ),
}
FACET_NAMES = tuple(_FACETS)


def _facet_counts(conn: sqlite3.Connection) -> dict[str, list[FacetCount]]:
    """Hits (``temp.search_hits``) counted by movement, province, unit, event type, official, month, source."""
    out: dict[str, list[FacetCount]] = {}
    for name, sql in _FACETS.items():
        rows = conn.execute(sql, (FACET_SIZE,))
        out[name] = [FacetCount(name, str(value), str(label), n) for value, label, n in rows]
    return out


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

    Order: BM25 (title weighted ×4), and among the best RERANK hits, those with the query's
    exact letters first (for a query without diacritics), then those with its words side by
    side. When more than RANK_WINDOW articles match, the newest RANK_WINDOW of them (in store
    order) are ranked and counted in the facets (``facets_exact`` is then False); ``total``
    is always exact.
    """
    terms = parse_query(query)
    if not terms:
        raise QueryError(f"nothing to search for in {query!r}: give at least one word or number")
    route = "diacritics" if has_diacritics(query) else "folded"
    table = FTS_TABLE if route == "diacritics" else FOLDED_FTS_TABLE
    fold_terms = route == "folded"
    match = fts_expression(terms, fold_terms=fold_terms)
    with reading(store) as conn:
        filtered = apply_filters(conn, filters)
        member = f" AND +rowid IN (SELECT id FROM {FILTERED})" if filtered else ""
        candidates = conn.execute(
            f"SELECT rowid, bm25({table}, {TITLE_WEIGHT}, 1.0) FROM {table} WHERE {table} MATCH ?{member} "
            "ORDER BY rowid DESC LIMIT ?",
            (match, RANK_WINDOW),
        ).fetchall()
        total = len(candidates)
        if total >= RANK_WINDOW:
            total = conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?{member}", (match,)).fetchone()[0]
        best = heapq.nsmallest(max(RERANK, offset + limit), candidates, key=lambda c: (c[1], -c[0]))
        rows = {
            row[0]: row
            for row in conn.execute(
                "SELECT id, title, coalesce(url, key), published, text FROM articles "
                f"WHERE id IN ({','.join('?' * len(best))})",
                [c[0] for c in best],
            )
        }
        page = _rerank(best, rows, terms, fold_terms)[offset : offset + limit]
        counts: dict[str, list[FacetCount]] = {}
        if facets:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.search_hits")
            conn.executemany("INSERT INTO temp.search_hits (id) VALUES (?)", [(c[0],) for c in candidates])
            counts = _facet_counts(conn)
    patterns = term_patterns(terms, fold_terms=fold_terms)
    hits = [
        Hit(
            article_id=article_id,
            title=rows[article_id][1],
            url=rows[article_id][2],
            published=rows[article_id][3],
            snippet=make_snippet(rows[article_id][4], patterns, fold_text=fold_terms),
            score=float(f"{-score:.4g}"),
        )
        for article_id, score in page
    ]
    return SearchResult(hits=hits, total=total, route=route, facets=counts, facets_exact=len(candidates) == total)
