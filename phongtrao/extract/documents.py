"""Cited documents: plans, decisions, directives… named by a kind word and a number or a date.

Movement news cites the paperwork it acts on ("Thực hiện Kế hoạch số 40-KH/BCĐ, ngày 17/02/2020
của Ban chỉ đạo …", "Chỉ thị 05-CT/TW", "Quyết định số 15/2020/QĐ-TTg"). One regular-expression
search finds the anchors (a kind word, or "số" before a coded number); short anchored matches
then read the number, the date right after it and the issuer. A coded number after a document's
name takes the name's kind ("Luật Thi đua, khen thưởng số 06/2022/QH15"), and a bare number that
repeats the start of a full number of its kind cited in the text is that document ("Chỉ thị 05"
after "Chỉ thị số 05-CT/TW"). Kind words, type codes, issuer words and abbreviations live in
``phongtrao/data/documents.toml``.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from phongtrao.models import DocumentRef

# A type or issuer code inside a number: capitals and digits, at most one lower-case letter
# ("KH", "BCĐ", "UBND", "TTg", "QĐi", "CTr", "QH13"), never a word such as "Huyện" or "Hà".
_CODE = r"[A-ZĐ](?:[A-ZĐ0-9]+[a-zđ]?[A-ZĐ0-9]*|[a-zđ][A-ZĐ0-9]+)(?![^\W_])"
_CODES = rf"(?P<codes>{_CODE}(?:(?:[ ]?[-/][ ]?|[.&]){_CODE}){{0,4}})"
_NUMBER = (
    r"(?P<number>(?P<digits>\d{1,5})(?:[a-z])?(?![^\W_])"
    r"(?:[ ]?/[ ]?(?P<year>(?:19|20)\d\d)(?!\d))?"
    rf"(?:[ ]?[-/][ ]?{_CODES})?)"
)
_NUMBER_AFTER_KIND_RE = re.compile(rf"[ ]+(?:(?P<so>(?i:số))[ ]?:?[ ]?)?{_NUMBER}")
_NUMBER_AFTER_SO_RE = re.compile(rf"[ ]?:?[ ]?{_NUMBER}")
_CODE_SPLIT_RE = re.compile(r"[ ]?[-/.&][ ]?")

_DATE = (
    r"(?:(?P<d>\d{1,2})[ ]?(?P<sep>[/.-])[ ]?(?P<m>\d{1,2})"
    r"(?:[ ]?(?P=sep)[ ]?(?P<y>\d{4})(?!\d)|(?![/.-]?\d))"
    r"|(?P<d2>\d{1,2})[ ]+(?i:tháng)[ ]+(?P<m2>\d{1,2})(?:[ ]*,?[ ]*(?i:năm)[ ]+(?P<y2>\d{4}))?(?!\d))"
)
_DATE_AFTER_NUMBER_RE = re.compile(
    rf"[ ]?,?[ ]*(?P<paren>\([ ]?)?(?i:(?:ban hành|ký)[ ]+)?(?i:ngày)[ ]+{_DATE}(?(paren)(?:[ ]?\))?)"
)
_DATE_AFTER_KIND_RE = re.compile(rf"[ ]+(?i:ngày)[ ]+{_DATE}")

# What follows a bare number that is not a document number: a date or range ("17/02", "2021-2025"),
# a decimal ("5,5", "1.000") or a percentage. "Chỉ thị 05, 06" (comma and space) is a list.
_NOT_A_NUMBER_AFTER_RE = re.compile(r"[ ]?[/-][ ]?\d|[.,]\d|[ ]?%")
_COMPACT_LIST_RE = re.compile(r"(?:,(?P<item>\d{1,3})(?![\d.]))")
_LIST_JOINER_RE = re.compile(r"(?:[ ]?,[ ]?|[ ]+(?i:và)[ ]+)(?:(?i:số)[ ]?:?[ ]?)?")
_PLURAL_BEFORE_RE = re.compile(r"(?i:các|những)[ ]+\Z")

# Where an issuer phrase ends: punctuation (a period only when it ends a sentence, not "TP."),
# a quote, " - ", a line end.
_ISSUER_HARD_STOP_RE = re.compile(r"[,;:()\"\[\]\n]|(?<!TP)\.(?=\s|$)|\.\Z|[ ]-[ ]|\./")
_YEAR_STOP = r"(?<![^\W_])(?:năm[ ]+)?(?:19|20)\d\d(?!\d)"
_SPACE_RE = re.compile(r"\s+")
_DASH_SLASH_RE = re.compile(r"\s*([-/])\s*")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_SUBJECT_STOP_RE = re.compile(r"[,;:()\"\[\]\n]|\.(?=\s)")
_SUBJECT_MAX_CHARS = 160
# A kind word and a document's name before "số" ("Luật Thi đua, khen thưởng số 06/2022/QH15"):
# the name is capitalised, a few words long, and inside one clause.
_NAMED_KIND_MAX_CHARS = 80
_NAME_BREAK_RE = re.compile(r"[.;:()\"\[\]\n]")
_BARE_NUMBER_RE = re.compile(r"\d{1,5}")

_Published = tuple[int, int, int] | None  # the publication date as (year, month, day)


@dataclass(frozen=True)
class _Catalogue:
    """The data file compiled once: regular expressions and lookup tables."""

    anchor_re: re.Pattern[str]
    named_kind_re: re.Pattern[str]
    kind_by_word: dict[str, str]
    bare_lowercase: frozenset[str]
    kind_by_code: dict[str, str]
    counter_re: re.Pattern[str]
    issuer_marker_re: re.Pattern[str]
    typo_markers: frozenset[str]
    issuer_stop_re: re.Pattern[str]
    max_words: int
    conjunctions: frozenset[str]
    kind_start_re: re.Pattern[str]
    trailing_words: frozenset[str]
    head_re: re.Pattern[str]
    verb_before_re: re.Pattern[str]
    abbreviation_re: re.Pattern[str]
    abbreviations: dict[str, str]
    casing_re: re.Pattern[str]
    casing: dict[str, str]
    issuer_by_code: dict[str, str]


def _words_pattern(words: list[str]) -> str:
    """An alternation of phrases, longest first, any run of spaces between words."""
    ordered = sorted({" ".join(w.split()) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(r"[ ]+".join(map(re.escape, w.split())) for w in ordered)


def _whole(pattern: str) -> str:
    return rf"(?<![^\W_])(?:{pattern})(?![^\W_])"


def _data_text(name: str) -> str:
    """A file of ``phongtrao/data``. A stale editable install can expose ``phongtrao`` as a
    namespace package, which importlib.resources (3.11) cannot read; the file beside the module
    is the same file then."""
    try:
        return resources.files("phongtrao").joinpath("data", name).read_text("utf-8")
    except (NotADirectoryError, FileNotFoundError):
        return (Path(__file__).resolve().parents[1] / "data" / name).read_text("utf-8")


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    data = tomllib.loads(_data_text("documents.toml"))
    kinds = data["kind"]
    issuer = data["issuer"]
    kind_by_word = {" ".join(w.lower().split()): k["name"] for k in kinds for w in k["words"]}
    kind_words = _words_pattern(list(kind_by_word))
    anchor = (
        rf"(?i:(?<![^\W_])(?P<kind>{kind_words})(?=[ ]+(?:số|ngày|\d)))"
        r"|(?i:(?<![^\W_])(?P<so>số)(?=[ ]?:?[ ]?\d))"
    )
    markers = issuer["markers"] + issuer["typo_markers"]
    stop_words = _words_pattern(issuer["stops"])
    another_citation = rf"(?:{kind_words})[ ]+(?:số|\d)"
    verbs = _words_pattern(issuer["verbs"])
    adverbs = _words_pattern(issuer["adverbs"])
    abbreviations = issuer["abbreviations"]
    casing = {" ".join(p.lower().split()): p for p in issuer["casing"]["phrases"]}
    return _Catalogue(
        anchor_re=re.compile(anchor),
        named_kind_re=re.compile(rf"(?<![^\W_])(?P<kind>(?i:{kind_words}))[ ]+(?=[A-ZĐ\u00c0-\u1ef9])"),
        kind_by_word=kind_by_word,
        bare_lowercase=frozenset(k["name"] for k in kinds if k.get("bare_lowercase")),
        kind_by_code={code: k["name"] for k in kinds for code in k["codes"]},
        counter_re=re.compile(rf"[ ]*(?i:{_whole(_words_pattern(data['number']['counters']))})"),
        issuer_marker_re=re.compile(rf"[ ]?,?[ ]*(?P<marker>(?i:{_whole(_words_pattern(markers))}))[ ]+"),
        typo_markers=frozenset(m.lower() for m in issuer["typo_markers"]),
        issuer_stop_re=re.compile(rf"(?i:{_whole(stop_words)}|(?<![^\W_]){another_citation}|{_YEAR_STOP})"),
        max_words=int(issuer["max_words"]),
        conjunctions=frozenset(w.lower() for w in issuer["conjunctions"]),
        kind_start_re=re.compile(rf"(?i:{_whole(kind_words)})"),
        trailing_words=frozenset(w.lower() for w in issuer["trailing"]),
        head_re=re.compile(rf"(?i:{_whole(_words_pattern(issuer['heads']))})"),
        verb_before_re=re.compile(rf"[ ](?i:(?:(?:{adverbs})[ ]+)*(?:{verbs}))[ ]+\Z"),
        abbreviation_re=re.compile(
            rf"(?<![^\W_])(?:{'|'.join(map(re.escape, sorted(abbreviations, key=len, reverse=True)))})(?![^\W_])"
        ),
        abbreviations=abbreviations,
        casing_re=re.compile(rf"(?i:{_whole(_words_pattern(list(casing)))})"),
        casing=casing,
        issuer_by_code=issuer["from_code"],
    )


def normalize_document_number(raw: str) -> str:
    """A number as the gold set writes it: no spaces around "-" and "/" ("18 - CT/TW" → "18-CT/TW")."""
    text = _SPACE_RE.sub(" ", raw.translate(_DASHES)).strip()
    return _DASH_SLASH_RE.sub(r"\1", text)


def _codes_of(match: re.Match[str]) -> list[str]:
    codes = match.group("codes")
    return [c for c in _CODE_SPLIT_RE.split(codes) if c] if codes else []


def _iso_date(day: int, month: int, year: int | None) -> str | None:
    if year is None or not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parse_published(published: str | None) -> _Published:
    if not published or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published[:10]):
        return None
    year, month, day = (int(part) for part in published[:10].split("-"))
    return year, month, day


def _date_value(match: re.Match[str], number_year: int | None, published: _Published) -> str | None:
    """YYYY-MM-DD of the date after a number; a missing year comes from the number, else from
    the publication date (a cited document is never issued after the article that cites it)."""
    day = int(match.group("d") or match.group("d2"))
    month = int(match.group("m") or match.group("m2"))
    written_year = match.group("y") or match.group("y2")
    if written_year:
        return _iso_date(day, month, int(written_year))
    if number_year is not None:
        return _iso_date(day, month, number_year)
    if published is None or not 1 <= month <= 12:
        return None
    year = published[0] if (month, day) <= published[1:] else published[0] - 1
    return _iso_date(day, month, year)


def _bare_number_allowed(kind_match: re.Match[str], number: re.Match[str], kind: str, cat: _Catalogue) -> bool:
    """A number with neither "số" nor a code ("Chỉ thị 05") is a citation only after a capitalised
    kind word or a kind that is never a verb, and never when it looks like a year."""
    if number.group("year") or number.group("codes") or number.group("so"):
        return True
    if 1900 <= int(number.group("digits")) <= 2099:
        return False
    return kind in cat.bare_lowercase or kind_match.group("kind")[0].isupper()


def _capitalised_head(text: str, start: int, cat: _Catalogue) -> bool:
    """An issuer head starts at ``start``; written in lower case it must be two words or more."""
    head = cat.head_re.match(text, start)
    if head is None:
        return False
    return text[start].isupper() or " " in head.group(0)


def _clean_issuer(phrase: str, cat: _Catalogue) -> str | None:
    words = phrase.split()
    while words and words[-1].lower() in cat.trailing_words:
        words.pop()
    phrase = " ".join(words).strip(" .-")
    if not phrase:
        return None
    phrase = cat.abbreviation_re.sub(lambda m: cat.abbreviations[m.group(0)], phrase)
    phrase = cat.casing_re.sub(lambda m: cat.casing[" ".join(m.group(0).lower().split())], phrase)
    return phrase[0].upper() + phrase[1:]


def _issuer_phrase_from(text: str, start: int, cat: _Catalogue) -> str | None:
    """The noun phrase that starts at ``start`` and runs to the first stop."""
    window = text[start : start + 200]
    hard = _ISSUER_HARD_STOP_RE.search(window)
    window = window[: hard.start()] if hard else window
    stop = cat.issuer_stop_re.search(window)
    if stop is not None:
        window = window[: stop.start()]
    words = _until_lowercase_conjunct(window.split()[: cat.max_words], cat)
    return _clean_issuer(" ".join(words), cat) if words else None


def _until_lowercase_conjunct(words: list[str], cat: _Catalogue) -> list[str]:
    """Cut at a "và" that joins something other than a name part: inside a name the next word is
    capitalised ("Bộ Thông tin và Truyền thông"); "Chính phủ và kinh nghiệm …" or "Bộ Chính trị và
    Pháp lệnh …" (a kind word) start something else."""
    for i, word in enumerate(words):
        if word.lower() not in cat.conjunctions:
            continue
        rest = " ".join(words[i + 1 :])
        if not rest or not rest[0].isupper() or cat.kind_start_re.match(rest):
            return words[:i]
    return words


def _issuer_after(text: str, end: int, cat: _Catalogue) -> str | None:
    """The issuer after a citation: "… của <issuer>", or a head written straight after it."""
    marker = cat.issuer_marker_re.match(text, end)
    if marker is not None:
        start = marker.end()
        if start >= len(text):
            return None
        typo = marker.group("marker").lower() in cat.typo_markers
        if _capitalised_head(text, start, cat) or (not typo and text[start].isupper()):
            return _issuer_phrase_from(text, start, cat)
        return None
    if end < len(text) and text[end] == " " and _capitalised_head(text, end + 1, cat):
        return _issuer_phrase_from(text, end + 1, cat)
    return None


def _issuer_before(text: str, start: int, cat: _Catalogue) -> str | None:
    """The subject of "<issuer> (đã/vừa) ban hành Kế hoạch …" written before the kind word."""
    before = text[max(0, start - _SUBJECT_MAX_CHARS) : start]
    verb = cat.verb_before_re.search(before)
    if verb is None:
        return None
    subject = before[: verb.start()]
    stops = list(_SUBJECT_STOP_RE.finditer(subject))
    offset = stops[-1].end() if stops else 0
    for word in re.finditer(r"\S+", subject[offset:]):
        position = offset + word.start()
        if subject[position].isupper() and cat.head_re.match(subject, position):
            return _clean_issuer(subject[position:], cat)
    return None


def _issuer_from_code(codes: list[str], cat: _Catalogue) -> str | None:
    """The body a number's last code names ("35-NQ/TW" → Trung ương), when there is a type code too."""
    return cat.issuer_by_code.get(codes[-1]) if len(codes) >= 2 else None


@dataclass
class _Citation:
    """One cited number (or date) being assembled before it becomes a DocumentRef."""

    kind: str
    start: int
    end: int
    number: str | None
    date: str | None
    codes: list[str]


def _read_date(text: str, pos: int, number_year: int | None, published: _Published) -> tuple[str | None, int]:
    """The date right after a number, with the offset where it ends, or (None, pos)."""
    match = _DATE_AFTER_NUMBER_RE.match(text, pos)
    if match is None:
        return None, pos
    value = _date_value(match, number_year, published)
    return (value, match.end()) if value else (None, pos)


def _number_citation(text: str, start: int, kind: str, number: re.Match[str], published: _Published) -> _Citation:
    year = int(number.group("year")) if number.group("year") else None
    date, end = _read_date(text, number.end(), year, published)
    return _Citation(kind, start, end, normalize_document_number(number.group("number")), date, _codes_of(number))


def _list_continuation(text: str, citation: _Citation, published: _Published) -> list[_Citation]:
    """More numbers sharing one kind word: "Nghị quyết số 06/NQ-HĐND và 07/NQ-HĐND"."""
    more: list[_Citation] = []
    pos = citation.end
    while citation.codes:
        glue = _LIST_JOINER_RE.match(text, pos)
        number = _NUMBER_AFTER_SO_RE.match(text, glue.end()) if glue else None
        if number is None or not number.group("codes"):
            break
        nxt = _number_citation(text, number.start("number"), citation.kind, number, published)
        more.append(nxt)
        pos = nxt.end
    return more


def _kind_of(anchor: re.Match[str], cat: _Catalogue) -> str | None:
    """The kind a matched kind word names (None for odd case-folding matches such as "İ")."""
    return cat.kind_by_word.get(" ".join(anchor.group("kind").lower().split()))


def _compact_list(text: str, kind_match: re.Match[str], number: re.Match[str]) -> list[_Citation] | None:
    """Bare numbers joined by commas after a plural kind word: "các đề án 05,07,08"."""
    if not _PLURAL_BEFORE_RE.search(text, max(0, kind_match.start() - 10), kind_match.start()):
        return None
    items = []
    pos = number.end()
    while (item := _COMPACT_LIST_RE.match(text, pos)) is not None:
        items.append(item)
        pos = item.end()
    if not items:
        return None
    kind = _kind_of(kind_match, _catalogue())
    if kind is None:
        return None
    first = _Citation(kind, kind_match.start(), number.end(), number.group("number"), None, [])
    rest = [_Citation(kind, i.start("item"), i.end("item"), i.group("item"), None, []) for i in items]
    return [first, *rest]


def _citations_at_kind(
    text: str, anchor: re.Match[str], published: _Published, cat: _Catalogue
) -> tuple[list[_Citation], int]:
    """Citations introduced by a kind word, and where scanning resumes."""
    kind = _kind_of(anchor, cat)
    if kind is None:
        return [], anchor.end()
    number = _NUMBER_AFTER_KIND_RE.match(text, anchor.end())
    if number is not None and _bare_number_allowed(anchor, number, kind, cat):
        bare = not (number.group("year") or number.group("codes"))
        if bare and _NOT_A_NUMBER_AFTER_RE.match(text, number.end()):
            listed = _compact_list(text, anchor, number)
            return (listed, listed[-1].end) if listed else ([], anchor.end())
        counted = not number.group("so") and cat.counter_re.match(text, number.end())
        if bare and counted and not _DATE_AFTER_NUMBER_RE.match(text, number.end()):
            return [], anchor.end()
        first = _number_citation(text, anchor.start(), kind, number, published)
        chain = [first, *_list_continuation(text, first, published)]
        return chain, chain[-1].end
    dated = _DATE_AFTER_KIND_RE.match(text, anchor.end())
    if dated is not None and anchor.group("kind")[0].isupper():
        value = _date_value(dated, None, published)
        if value:
            return [_Citation(kind, anchor.start(), dated.end(), None, value, [])], dated.end()
    return [], anchor.end()


def _named_kind_before(text: str, so_start: int, cat: _Catalogue) -> tuple[str, int] | None:
    """(kind, start) of a capitalised kind word and name written before "số" in one clause:
    "Luật Thi đua, khen thưởng số …", "Nghị quyết Đại hội … số …" are cited by their name first."""
    window_start = max(0, so_start - _NAMED_KIND_MAX_CHARS)
    breaks = list(_NAME_BREAK_RE.finditer(text, window_start, so_start))
    window_start = breaks[-1].end() if breaks else window_start
    found = None
    for match in cat.named_kind_re.finditer(text, window_start, so_start):
        if match.group("kind")[0].isupper():
            found = match
    if found is None:
        return None
    kind = cat.kind_by_word.get(" ".join(found.group("kind").lower().split()))
    return (kind, found.start()) if kind else None


def _citations_at_so(
    text: str, anchor: re.Match[str], published: _Published, cat: _Catalogue
) -> tuple[list[_Citation], int]:
    """A coded number after a bare "số": "số 40-KH/BCĐ" is a Kế hoạch by its code; a number with
    a year or code after a document's name is of the name's kind ("Luật … số 06/2022/QH15")."""
    number = _NUMBER_AFTER_SO_RE.match(text, anchor.end())
    codes = _codes_of(number) if number else []
    kind = cat.kind_by_code.get(codes[0]) if codes else None
    start = anchor.start()
    if number is not None and kind is None and (codes or number.group("year")):
        named = _named_kind_before(text, anchor.start(), cat)
        if named is not None:
            kind, start = named
    if number is None or kind is None:
        return [], anchor.end()
    first = _number_citation(text, start, kind, number, published)
    chain = [first, *_list_continuation(text, first, published)]
    return chain, chain[-1].end


def _with_issuers(text: str, chain: list[_Citation], cat: _Catalogue) -> list[DocumentRef]:
    """Name one issuer for a chain of citations: after the last, else before the first, else by code."""
    shared = _issuer_after(text, chain[-1].end, cat) or _issuer_before(text, chain[0].start, cat)
    return [
        DocumentRef(
            number=c.number,
            kind=c.kind,
            date=c.date,
            text=text[c.start : c.end],
            start=c.start,
            end=c.end,
            issuer=shared or _issuer_from_code(c.codes, cat),
        )
        for c in chain
    ]


def extract_documents(text: str, published: str | None = None) -> tuple[DocumentRef, ...]:
    """Every cited document (kind word + number and/or date), one record per mention, in order.

    ``text`` is ``normalize()`` output; ``published`` (YYYY-MM-DD) only completes a document date
    written without a year when the number carries none either.
    """
    cat = _catalogue()
    published_date = _parse_published(published)
    found: list[DocumentRef] = []
    pos = 0
    while (anchor := cat.anchor_re.search(text, pos)) is not None:
        if anchor.group("kind"):
            chain, pos = _citations_at_kind(text, anchor, published_date, cat)
        else:
            chain, pos = _citations_at_so(text, anchor, published_date, cat)
        pos = max(pos, anchor.end())
        if chain:
            found.extend(_with_issuers(text, chain, cat))
    return tuple(_short_references_completed(found))


def _short_references_completed(found: list[DocumentRef]) -> list[DocumentRef]:
    """A bare number that repeats the start of a full number of the same kind cited in the text
    is that document again: "Chỉ thị 05" after "Chỉ thị số 05-CT/TW" is 05-CT/TW."""
    full: dict[tuple[str, str], set[str]] = {}
    for document in found:
        if document.number and not _BARE_NUMBER_RE.fullmatch(document.number):
            digits = re.match(r"\d+", document.number)
            if digits:
                full.setdefault((document.kind, digits.group(0)), set()).add(document.number)
    completed = []
    for document in found:
        numbers = full.get((document.kind, document.number or ""), set())
        if document.number and _BARE_NUMBER_RE.fullmatch(document.number) and len(numbers) == 1:
            document = replace(document, number=next(iter(numbers)))
        completed.append(document)
    return completed
