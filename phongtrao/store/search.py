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
bounded: filters are terms of the same MATCH (tags indexed with each article), at most
RANK_WINDOW matches (the newest) are ranked, FACET_WINDOW counted in facets, the total
counted exactly up to COUNT_LIMIT, and BM25 skipped for words in most articles.
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
from phongtrao.store.filters import Filters, QueryError, has_diacritics, looks_like_initials, plan_filters
from phongtrao.store.fts import folded
from phongtrao.store.schema import FOLDED_FTS_TABLE, FTS_TABLE
from phongtrao.store.write import movement_tag

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
TITLE_WEIGHT = 4.0
SNIPPET_CHARS = 220
FACET_SIZE = 10
RERANK = 60  # best BM25 hits reordered by exact letters and adjacent words (read from their text)
RANK_WINDOW = 2000  # most matches ranked and counted in facets; a word in most articles has no BM25 weight anyway
FACET_WINDOW = 1000  # newest hits counted in the facets
COUNT_LIMIT = 10_000
DENSITY_PROBE = 200  # newest matches of a word read to tell whether it is in most articles
DENSE_SHARE = 0.2  # matches counted exactly; beyond, the total says "more than"

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
    facets_exact: bool = True  # False: the facets count the newest FACET_WINDOW hits only
    total_exact: bool = True  # False: more than ``total`` (COUNT_LIMIT) articles match


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


def _initials_movement(term: Term) -> str | None:
    """The id of the catalogued movement a word's initials stand for ("TDĐKXDĐSVH")."""
    if term.phrase or not looks_like_initials(term.text):
        return None
    resolved = resolve_movement(term.text.upper())
    return resolved[0] if resolved else None


def _named_movement(terms: list[Term]) -> str | None:
    """The id of the catalogued movement a whole query names ("toàn dân đoàn kết … văn hóa")."""
    if len(terms) < 2 and not (terms and terms[0].phrase and len(terms[0].tokens) >= 2):
        return None
    resolved = resolve_movement(" ".join(t.text for t in terms))
    return resolved[0] if resolved else None


def _wordings(movement: str | None) -> tuple[str, ...]:
    """Every way the catalogue writes a movement (for highlighting it in snippets)."""
    entry = load_catalogue().entry(movement) if movement else None
    if entry is None:
        return ()
    return tuple(dict.fromkeys([entry.name, *entry.aliases, *entry.initials]))


def _quoted(text: str, prefix: bool = False) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_expression(terms: list[Term], *, fold_terms: bool, expand: bool = True) -> str:
    """An FTS5 MATCH expression in which every term is a quoted string (no FTS5 syntax leaks).

    Words are looked for in the title and text only. ``expand`` lets initials ("TDĐKXDĐSVH")
    and a movement's full name also match the articles whose extraction names that movement
    (its tag, however the article wrote it).
    """
    shape = folded if fold_terms else (lambda s: s)
    parts = []
    for term in terms:
        main = f"{{title text}} : {_quoted(shape(term.text), term.prefix)}"
        movement = _initials_movement(term) if expand else None
        parts.append(f'({main} OR tags : "{movement_tag(movement)}")' if movement else main)
    expression = " AND ".join(parts)
    movement = _named_movement(terms) if expand else None
    if movement:
        expression = f'({expression}) OR tags : "{movement_tag(movement)}"'
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
    whole = _patterns([normalize(w) for w in _wordings(_named_movement(terms))], fold_terms=fold_terms)
    tokens = [token for term in terms for token in term.tokens]
    phrase = _patterns([" ".join(tokens)], fold_terms=fold_terms) if len(tokens) > 1 else []
    words: list[re.Pattern[str]] = []
    for term in terms:
        texts = [term.text, *(normalize(w) for w in _wordings(_initials_movement(term)))]
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


def _term_frequency(title: str, text: str, patterns: list[re.Pattern[str]], fold_terms: bool) -> float:
    """How often the query's words occur, the title counting TITLE_WEIGHT times (a score without BM25)."""
    if fold_terms:
        title, text = folded(title), folded(text)
    return sum(TITLE_WEIGHT * len(p.findall(title)) + len(p.findall(text)) for p in patterns)


def _rerank(
    best: list[tuple[int, float]], texts: dict[int, tuple], terms: list[Term], fold_terms: bool, *, scored: bool
) -> list[tuple[int, float]]:
    """The best hits reordered: the query's exact letters first, then its words side by side, then score.

    ``scored`` False (the words are too common for BM25): the score is counted here, from the
    text, as term frequency (negative, like FTS5's BM25: lower is better).
    """
    adjacent = _adjacent_pattern(terms, fold_terms=fold_terms)
    exact = _exact_patterns(terms) if fold_terms else []
    words = [p for group in term_patterns(terms, fold_terms=fold_terms)[-1:] for p in group]
    out = []
    for article_id, score in best:
        title, text = texts[article_id][1] or "", texts[article_id][4] or ""
        whole = f"{title}\n{text}"
        has_exact = not exact or all(p.search(whole) for p in exact)
        has_adjacent = adjacent is None or bool(adjacent.search(folded(whole) if fold_terms else whole))
        if not scored:
            score = -_term_frequency(title, text, words, fold_terms)
        out.append(((not has_exact, not has_adjacent, score, -article_id), (article_id, score)))
    return [candidate for _, candidate in sorted(out)]


def _dense(conn: sqlite3.Connection, table: str, terms: list[Term], fold_terms: bool) -> bool:
    """Whether a word of the query is in a fifth of the articles or more.

    Such a word has next to no BM25 weight, and BM25 would read its whole list of articles to
    say so (tens of milliseconds at a million articles): these queries rank by term frequency
    among the newest matches instead. Probed from the newest end of each word's list.
    """
    newest = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
    for term in terms:
        for token in term.tokens:
            expression = f"{{title text}} : {_quoted(folded(token) if fold_terms else token, term.prefix)}"
            rows = conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT {DENSITY_PROBE}",
                (expression,),
            ).fetchall()
            if len(rows) == DENSITY_PROBE and DENSITY_PROBE / (newest - rows[-1][0] + 1) >= DENSE_SHARE:
                return True
    return False


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

    Order: BM25 (title weighted ×4) — or, when a word is in a fifth of the articles or more,
    term frequency among the newest matches — and among the best RERANK hits, those with the
    query's exact letters first (for a query without diacritics), then those with its words
    side by side. When more than RANK_WINDOW articles match, the newest RANK_WINDOW of them (in store
    order) are ranked, the newest FACET_WINDOW counted in the facets (``facets_exact`` says
    whether that was all of them); ``total``
    is exact up to COUNT_LIMIT (``total_exact`` is False beyond).
    """
    terms = parse_query(query)
    if not terms:
        raise QueryError(f"nothing to search for in {query!r}: give at least one word or number")
    route = "diacritics" if has_diacritics(query) else "folded"
    table = FTS_TABLE if route == "diacritics" else FOLDED_FTS_TABLE
    fold_terms = route == "folded"
    with reading(store) as conn:
        plan = plan_filters(conn, filters)
        match = fts_expression(terms, fold_terms=fold_terms)
        if plan is not None and plan.match:
            match = f"({match}) AND {plan.match}"
        checks = plan.checks if plan is not None else ()
        join = " JOIN articles x ON x.id = f.rowid" if checks else ""
        where = "".join(f" AND {check}" for check in checks)
        params = (match, *(plan.params if plan is not None else ()))
        matches = f"FROM {table} f{join} WHERE {table} MATCH ?{where}"
        scored = not _dense(conn, table, terms, fold_terms)
        score = f"bm25({table}, {TITLE_WEIGHT}, 1.0, 0.0)" if scored else "0.0"
        candidates = conn.execute(
            f"SELECT f.rowid, {score} {matches} ORDER BY f.rowid DESC LIMIT ?", (*params, RANK_WINDOW)
        ).fetchall()
        total = len(candidates)
        if total >= RANK_WINDOW:
            total = conn.execute(
                f"SELECT count(*) FROM (SELECT f.rowid {matches} LIMIT {COUNT_LIMIT + 1})", params
            ).fetchone()[0]
        best = heapq.nsmallest(max(RERANK, offset + limit), candidates, key=lambda c: (c[1], -c[0]))
        rows = {
            row[0]: row
            for row in conn.execute(
                "SELECT id, title, coalesce(url, key), published, text FROM articles "
                f"WHERE id IN ({','.join('?' * len(best))})",
                [c[0] for c in best],
            )
        }
        page = _rerank(best, rows, terms, fold_terms, scored=scored)[offset : offset + limit]
        counts: dict[str, list[FacetCount]] = {}
        if facets:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.search_hits")
            newest = candidates[:FACET_WINDOW]
            conn.executemany("INSERT INTO temp.search_hits (id) VALUES (?)", [(c[0],) for c in newest])
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
    return SearchResult(
        hits=hits,
        total=min(total, COUNT_LIMIT),
        route=route,
        facets=counts,
        facets_exact=min(len(candidates), FACET_WINDOW) == total,
        total_exact=total <= COUNT_LIMIT,
    )
