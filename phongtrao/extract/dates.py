"""Date mentions in normalised Vietnamese news text.

Dates in this genre are day-first and often have no year ("Sáng ngày 01 - 11", "Chiều 21/12").
They look like counts, shares and document numbers ("14/14 xã", "1/3 số hộ", "40-KH/BCĐ"), and
many are spans ("giai đoạn 2016 - 2020", "6 tháng đầu năm 2020", "quý III/2020",
"Từ 23-11 đến 8-12"). One pass finds the anchors: digit runs and the words "tháng", "quý" and
"nửa". At each anchor the form patterns are tried in place. The words in front of a form
("Sáng ngày", "từ", "giai đoạn") are read backwards from the anchor, so no pattern has to be
tried at every character. A match is kept only when its context says it is a date. When matches
overlap, the one that starts first and is longest wins. A missing year comes from the same
sentence, then from the article's own years, then from the publication date.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from phongtrao.models import DateMention

Point = tuple[int | None, int, int | None]  # (year or None, month, day or None)

# News reports past events: a yearless date this long after publication belongs to the year before.
FUTURE_MARGIN = timedelta(days=62)
# An article-wide year that puts a yearless date further back than this is not its year.
PAST_MARGIN = timedelta(days=366)
# How far back the words before an anchor are looked for.
CUE_WINDOW = 40
WEAK_CUE_WINDOW = 24

YEAR = r"(?:19[0-9]{2}|20[0-9]{2}|2100)"
NUM = r"[0-9]{1,2}"
SP = r"[^\S\n]"  # white space within a line: a date never spans a paragraph break
SEP = rf"(?:\s?/\s?|{SP}?-{SP}?|\.)"  # "30/6", "17-02", "01 - 11", "6/8/ 2019", "4.10"
START = r"(?<![0-9])(?<![0-9][.,/\-])"  # not inside "1.000.000", "15/2020", "40-KH"
END = rf"(?![0-9])(?!{SP}?[.,/\-]{SP}?[0-9])"
JOIN = rf"{SP}*(?:-|đến|tới){SP}*"
CLOCK = rf"[0-9]{{1,2}}{SP}?(?:h|giờ)(?:{SP}?[0-9]{{2}})?(?:{SP}?(?:phút|p|'))?"
_DIGIT = re.compile(r"[0-9]")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class _Candidate:
    """A matched date before its year is resolved; ``hi`` is None for a single point."""

    start: int
    end: int
    lo: Point
    hi: Point | None
    precision: str  # "day" | "month" | "year"


@dataclass(frozen=True)
class _Lead:
    """What stands before a day: a strong cue ("Sáng ngày", "14h00 ngày"), "từ", and the mention's start."""

    start: int
    strong: bool
    since: bool


@dataclass(frozen=True)
class _Grammar:
    anchor: re.Pattern[str]
    full_range: re.Pattern[str]
    day_range: re.Pattern[str]
    long_day: re.Pattern[str]
    day_month_year: re.Pattern[str]
    day_month: re.Pattern[str]
    iso_day: re.Pattern[str]
    year_range: re.Pattern[str]
    year_end: re.Pattern[str]
    month_range: re.Pattern[str]
    month: re.Pattern[str]
    quarter: re.Pattern[str]
    part_of_year: re.Pattern[str]
    half_year: re.Pattern[str]
    cue_before: re.Pattern[str]
    since_before: re.Pattern[str]
    year_word_before: re.Pattern[str]
    span_before: re.Pattern[str]
    count_before: re.Pattern[str]
    weak_before: re.Pattern[str]
    measure_after: re.Pattern[str]
    count_after: re.Pattern[str]
    quarters: dict[str, int]
    month_counts: dict[str, int]


@cache
def _catalogue() -> dict[str, Any]:
    with resources.files("phongtrao.data").joinpath("dates.toml").open("rb") as handle:
        return tomllib.load(handle)


def _words(words: list[str] | tuple[str, ...]) -> str:
    """An alternation of catalogue words, longest first, any white space inside a word."""
    escaped = sorted((re.escape(word).replace(r"\ ", SP + "+") for word in words), key=len, reverse=True)
    return "(?:" + "|".join(escaped) + ")"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def _grammar() -> _Grammar:
    data = _catalogue()
    cues, guards, numbers = data["cues"], data["guards"], data["numbers"]
    tod, day_word = _words(cues["time_of_day"]), _words(cues["day_words"])
    quarters = {key.lower(): value for key, value in numbers["quarters"].items()}
    counts = {key.lower(): value for key, value in numbers["month_counts"].items()}
    year_tail = rf"(?:{SP}?[/\-.]{SP}?|{SP}*,?{SP}*năm{SP}+)(?P<y>{YEAR})(?![0-9])"
    long_tail = rf"{SP}+tháng{SP}+(?P<lm>{NUM})(?:{SP}*,?{SP}*(?:năm{SP}+|/)(?P<ly>{YEAR}))?"
    return _Grammar(
        anchor=_compile(r"[0-9]+|(?<!\w)(?:tháng|quý|nửa)(?!\w)"),
        full_range=_compile(
            rf"{START}(?P<d1>{NUM})(?P<s1>{SEP})(?P<m1>{NUM})(?:{SEP}(?P<y1>{YEAR}))?{JOIN}"
            rf"(?:{day_word}{SP}+)?{START}(?P<d2>{NUM})(?P<s2>{SEP})(?P<m2>{NUM})(?:{SEP}(?P<y2>{YEAR}))?{END}"
        ),
        day_range=_compile(
            rf"(?P<d1>{NUM})(?P<join>{JOIN}|{SP}+và{SP}+)(?:{day_word}{SP}+)?(?P<d2>{NUM})"
            rf"(?:(?P<s>{SEP})(?P<m>{NUM})(?:{SEP}(?P<y>{YEAR}))?|{long_tail}){END}"
        ),
        long_day=_compile(rf"(?P<d>{NUM}){long_tail}{END}"),
        day_month_year=_compile(rf"(?P<d>{NUM})(?P<s>{SEP})(?P<m>{NUM}){SEP}(?P<y>{YEAR})(?![0-9])(?!/\w)"),
        day_month=_compile(rf"(?P<d>{NUM})(?P<s>{SEP})(?P<m>{NUM})(?:{SP}+năm{SP}+(?P<y>{YEAR}))?{END}(?!/\w)"),
        iso_day=_compile(rf"(?<![0-9/\-])(?P<y>{YEAR})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}})(?![0-9])"),
        year_range=_compile(rf"(?<![\w/.\-])(?P<y1>{YEAR}){JOIN}(?:năm{SP}+)?(?P<y2>{YEAR}){END}(?!/\w)"),
        year_end=_compile(rf"{YEAR}{END}"),
        month_range=_compile(
            rf"tháng{SP}+(?P<m1>{NUM})(?:{SP}?[/\-.]{SP}?(?P<y1>{YEAR}))?{JOIN}(?:tháng{SP}+)?"
            rf"(?P<m2>{NUM})(?:{SP}?[/\-.]{SP}?|{SP}*,?{SP}*năm{SP}+)(?P<y2>{YEAR})(?![0-9])"
        ),
        month=_compile(rf"(?<![0-9]{SP})tháng{SP}+(?P<m>{NUM})(?:{year_tail})?{END}(?!/\w)"),
        quarter=_compile(rf"quý{SP}+(?P<q>{_words(list(quarters))})(?!\w)(?:{year_tail})?"),
        part_of_year=_compile(
            rf"tháng{SP}+(?:(?P<pos>đầu|cuối){SP}+)?năm(?!{SP}+học)(?!\w)(?:{SP}+(?P<y>{YEAR})(?![0-9]))?"
        ),
        half_year=_compile(rf"nửa{SP}+(?P<pos>đầu|cuối){SP}+năm(?!{SP}+học)(?!\w)(?:{SP}+(?P<y>{YEAR})(?![0-9]))?"),
        cue_before=_compile(rf"(?<!\w)(?:(?:(?:{tod}|{CLOCK}){SP}*,?{SP}+)?{day_word}|{tod}){SP}+\Z"),
        since_before=_compile(rf"(?<!\w)từ{SP}+\Z"),
        year_word_before=_compile(rf"(?<!\w)năm{SP}+\Z"),
        span_before=_compile(
            rf"(?:(?<!\w){_words(cues['year_span_words'])}{SP}+)?(?:(?<!\w)từ{SP}+)?(?:(?<!\w)năm{SP}+)?\Z"
        ),
        count_before=_compile(rf"(?<!\w)(?P<n>[0-9]{{1,2}}|{_words(list(counts))}){SP}+\Z"),
        weak_before=_compile(rf"(?:(?<!\w){_words(cues['weak'])}|\(){SP}*\Z"),
        measure_after=_compile(rf"{SP}*{_words(guards['measure_words'])}(?!\w)"),
        count_after=_compile(rf"{SP}*{_words(guards['count_nouns'])}(?!\w)"),
        quarters=quarters,
        month_counts=counts,
    )


# --- context checks -------------------------------------------------------------------------


def _valid_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= MONTH_DAYS[month]


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _sep(match: re.Match[str], name: str) -> str:
    return (match.group(name) or "").strip()


def _before(pattern: re.Pattern[str], text: str, at: int, window: int = CUE_WINDOW) -> re.Match[str] | None:
    """``pattern`` (anchored with \\Z) ending exactly at ``at``."""
    return pattern.search(text, max(0, at - window), at)


def _lead(text: str, at: int, g: _Grammar) -> _Lead:
    start, strong, since = at, False, False
    cue = _before(g.cue_before, text, at)
    if cue is not None:
        start, strong = cue.start(), True
    before = _before(g.since_before, text, start, 8)
    if before is not None:
        start, since = before.start(), True
    return _Lead(start, strong, since)


def _followed_by_measure(text: str, end: int, g: _Grammar) -> bool:
    return g.measure_after.match(text, end) is not None


def _followed_by_count(text: str, end: int, g: _Grammar) -> bool:
    return g.count_after.match(text, end) is not None


def _bare_pair_ok(text: str, end: int, g: _Grammar, lead: _Lead, seps: tuple[str, ...], at: int) -> bool:
    """Whether a day/month pair without a year reads as a date in its context.

    After a strong cue any pair is a date ("ngày 8/8", "Sáng 4.10"). Otherwise only "/" pairs
    after a weak cue ("vào 21/12", "đến 16/10", "(21/12)") and "-" pairs after "từ"
    ("Từ 23-11 đến 8-12"), and never with a count noun after them ("đến 8/8 xã").
    A bare pair is never a date ("1/3", "9/10 điểm").
    """
    if _followed_by_measure(text, end, g):
        return False
    if lead.strong:
        return True
    if "." in seps or (any(sep != "/" for sep in seps) and not lead.since):
        return False
    weak = lead.since or _before(g.weak_before, text, at, WEAK_CUE_WINDOW) is not None
    return weak and not _followed_by_count(text, end, g)


# --- forms at a day anchor ------------------------------------------------------------------


def _full_range(match: re.Match[str], text: str, g: _Grammar, lead: _Lead) -> _Candidate | None:
    """ "(19/8/1945 - 19/8/2020)", "Từ 23-11 đến 8-12", "Từ 28/12 đến 3/1"."""
    d1, m1, d2, m2 = (int(match.group(k)) for k in ("d1", "m1", "d2", "m2"))
    y1, y2 = _int(match.group("y1")), _int(match.group("y2"))
    if not (_valid_day(m1, d1) and _valid_day(m2, d2)):
        return None
    if y1 is None and y2 is None:
        seps = (_sep(match, "s1"), _sep(match, "s2"))
        if not _bare_pair_ok(text, match.end(), g, lead, seps, lead.start):
            return None
    if y1 is not None and y2 is not None and (y1, m1, d1) > (y2, m2, d2):
        return None
    return _Candidate(lead.start, match.end(), (y1, m1, d1), (y2, m2, d2), "day")


def _day_range(match: re.Match[str], text: str, g: _Grammar, lead: _Lead) -> _Candidate | None:
    """ "Từ ngày 10 đến ngày 12/11", "từ ngày 15 - 16/10/2019", "hai ngày 25 đến 26/12"."""
    d1, d2 = int(match.group("d1")), int(match.group("d2"))
    month = int(match.group("m") or match.group("lm"))
    year = _int(match.group("y") or match.group("ly"))
    if not (d1 < d2 and _valid_day(month, d2)):
        return None
    if match.group("join").strip().lower() == "và" and not lead.strong:
        return None
    if year is None:
        if _followed_by_measure(text, match.end(), g):
            return None
        if not (lead.strong or (lead.since and _sep(match, "s") != ".")):
            return None
        if not lead.strong and _followed_by_count(text, match.end(), g):
            return None
    return _Candidate(lead.start, match.end(), (year, month, d1), (year, month, d2), "day")


def _long_day(match: re.Match[str], text: str, g: _Grammar, lead: _Lead) -> _Candidate | None:
    """ "ngày 20 tháng 11 năm 2015", "ngày 20 tháng 11"."""
    day, month, year = int(match.group("d")), int(match.group("lm")), _int(match.group("ly"))
    if not _valid_day(month, day):
        return None
    if year is None and (not lead.strong or _followed_by_measure(text, match.end(), g)):
        return None
    return _Candidate(lead.start, match.end(), (year, month, day), None, "day")


def _day_month_year(match: re.Match[str], text: str, g: _Grammar, lead: _Lead) -> _Candidate | None:
    """ "30/6/2020", "17-02-2020", "17.02.2020", "6/8/ 2019"."""
    day, month, year = int(match.group("d")), int(match.group("m")), int(match.group("y"))
    if not _valid_day(month, day):
        return None
    return _Candidate(lead.start, match.end(), (year, month, day), None, "day")


def _day_month(match: re.Match[str], text: str, g: _Grammar, lead: _Lead) -> _Candidate | None:
    """ "Chiều 21/12", "Sáng 4.10", "Sáng ngày 01 - 11", "vào 21/12"; not "14/14 xã", "1/3"."""
    day, month, year = int(match.group("d")), int(match.group("m")), _int(match.group("y"))
    if not _valid_day(month, day):
        return None
    if day == month and not lead.strong:
        return None
    if not _bare_pair_ok(text, match.end(), g, lead, (_sep(match, "s"),), match.start("d")):
        return None  # "khoảng 1/3 năm 2020" is a share, "Ngày 19/8 năm 2019" a date
    return _Candidate(lead.start, match.end(), (year, month, day), None, "day")


DAY_FORMS = (
    ("full_range", _full_range),
    ("day_range", _day_range),
    ("long_day", _long_day),
    ("day_month_year", _day_month_year),
    ("day_month", _day_month),
)


def _at_day(text: str, at: int, g: _Grammar) -> list[_Candidate]:
    """The day forms starting at the one- or two-digit number at ``at``."""
    if at >= 2 and text[at - 1] in ".,/-" and text[at - 2].isdigit():
        return []  # inside "1.000.000", "15/2020", "2016-20"
    matches = [(handler, match) for name, handler in DAY_FORMS if (match := getattr(g, name).match(text, at))]
    if not matches:
        return []
    lead = _lead(text, at, g)
    found = [handler(match, text, g, lead) for handler, match in matches]
    return [candidate for candidate in found if candidate is not None]


# --- forms at a year anchor -----------------------------------------------------------------


def _at_year(text: str, at: int, g: _Grammar, evidence: list[tuple[int, int, int]]) -> list[_Candidate]:
    """ "2016 - 2020" (with "giai đoạn", "nhiệm kỳ", "năm học", "từ năm … đến năm …"), "2020-10-05";
    a bare "năm 2019" is not a mention but is kept as evidence for yearless dates."""
    found: list[_Candidate] = []
    iso = g.iso_day.match(text, at)
    if iso is not None:
        day, month, year = int(iso.group("d")), int(iso.group("m")), int(iso.group("y"))
        if _valid_day(month, day):
            found.append(_Candidate(at, iso.end(), (year, month, day), None, "day"))
        return found
    span = g.year_range.match(text, at)
    if span is not None:
        y1, y2 = int(span.group("y1")), int(span.group("y2"))
        if y1 <= y2 and not _followed_by_measure(text, span.end(), g):
            prefix = _before(g.span_before, text, at)
            start = prefix.start() if prefix is not None else at
            found.append(_Candidate(start, span.end(), (y1, 1, None), (y2, 12, None), "year"))
            return found
    if _before(g.year_word_before, text, at, 12) is not None and g.year_end.match(text, at):
        evidence.append((at, int(text[at : at + 4]), 0))
    return found


# --- forms at a word anchor -----------------------------------------------------------------


def _at_month_word(text: str, at: int, g: _Grammar) -> list[_Candidate]:
    """ "tháng 11/2022", "cuối tháng 6/2020", "từ tháng 3 đến tháng 5/2020", "6 tháng đầu năm 2020"."""
    found: list[_Candidate] = []
    span = g.month_range.match(text, at)
    if span is not None:
        m1, m2, y2 = int(span.group("m1")), int(span.group("m2")), int(span.group("y2"))
        y1 = _int(span.group("y1"))
        if y1 is None:
            y1 = y2 if m1 <= m2 else y2 - 1
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y1, m1) < (y2, m2):
            since = _before(g.since_before, text, at, 8)
            start = since.start() if since is not None else at
            found.append(_Candidate(start, span.end(), (y1, m1, None), (y2, m2, None), "month"))
    month = g.month.match(text, at)
    if month is not None:
        number, year = int(month.group("m")), _int(month.group("y"))
        if 1 <= number <= 12 and (year is not None or not _followed_by_measure(text, month.end(), g)):
            found.append(_Candidate(at, month.end(), (year, number, None), None, "month"))
    part = g.part_of_year.match(text, at)
    if part is not None:
        counted = _before(g.count_before, text, at, 14)
        if counted is not None:
            written = " ".join(counted.group("n").lower().split())
            count = int(written) if written.isdigit() else g.month_counts.get(written, 0)
            candidate = _part_of_year(counted.start(), part, count)
            if candidate is not None:
                found.append(candidate)
    return found


def _part_of_year(start: int, match: re.Match[str], count: int) -> _Candidate | None:
    """ "6 tháng đầu năm 2020" → 2020-01/2020-06, "6 tháng cuối năm 2019" → 2019-07/2019-12,
    "9 tháng năm 2020" → 2020-01/2020-09; without a year only with "đầu" or "cuối"."""
    year, part = _int(match.group("y")), (match.group("pos") or "").lower()
    if not 1 <= count <= 11 or (not part and year is None):
        return None
    first, last = (13 - count, 12) if part == "cuối" else (1, count)
    return _Candidate(start, match.end(), (year, first, None), (year, last, None), "month")


def _at_quarter_word(text: str, at: int, g: _Grammar) -> list[_Candidate]:
    """ "quý III/2020" → 2020-07/2020-09, "quý 1 năm 2021"."""
    match = g.quarter.match(text, at)
    if match is None:
        return []
    quarter = g.quarters.get(match.group("q").lower())
    if quarter is None:
        return []
    year = _int(match.group("y"))
    return [_Candidate(at, match.end(), (year, 3 * quarter - 2, None), (year, 3 * quarter, None), "month")]


def _at_half_word(text: str, at: int, g: _Grammar) -> list[_Candidate]:
    """ "nửa đầu năm 2020" → 2020-01/2020-06."""
    match = g.half_year.match(text, at)
    if match is None:
        return []
    candidate = _part_of_year(at, match, 6)
    return [candidate] if candidate is not None else []


# --- scanning -------------------------------------------------------------------------------


def _scan(text: str, g: _Grammar) -> tuple[list[_Candidate], list[tuple[int, int, int]]]:
    """Every accepted form at every anchor (earliest and longest where they overlap), and the bare years."""
    found: list[_Candidate] = []
    evidence: list[tuple[int, int, int]] = []
    for anchor in g.anchor.finditer(text):
        at, token = anchor.start(), anchor.group()
        first = token[0]
        if first.isdigit():
            if len(token) <= 2:
                found.extend(_at_day(text, at, g))
            elif len(token) == 4:
                found.extend(_at_year(text, at, g, evidence))
        elif first in "tT":
            found.extend(_at_month_word(text, at, g))
        elif first in "qQ":
            found.extend(_at_quarter_word(text, at, g))
        else:
            found.extend(_at_half_word(text, at, g))
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[_Candidate] = []
    last_end = -1
    for candidate in found:
        if candidate.start >= last_end:
            kept.append(candidate)
            last_end = candidate.end
    return kept, evidence


# --- years ----------------------------------------------------------------------------------


def _parse_published(published: str | None) -> date | None:
    if not isinstance(published, str):
        return None
    try:
        parsed = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
    return parsed if 1800 <= parsed.year <= 2200 else None


def _probe(year: int, month: int, day: int | None) -> date:
    """A comparable date for a year guess (29 February becomes the 28th)."""
    return date(year, month, min(day or 1, 28 if month == 2 else MONTH_DAYS[month]))


class _Years:
    """Where a yearless mention's year comes from: its sentence, the article, the publication date."""

    def __init__(self, text: str, published: date | None, evidence: list[tuple[int, int, int]]) -> None:
        self.text = text
        self.published = published
        self.evidence = evidence  # (position, year, 0 for "năm 2019" | 1 for a dated mention)
        self._bounds: list[int] | None = None
        self._ranking: list[int] | None = None

    def _sentence(self, position: int) -> tuple[int, int]:
        if self._bounds is None:
            self._bounds = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        index = bisect_right(self._bounds, position)
        start = self._bounds[index - 1] if index else 0
        end = self._bounds[index] if index < len(self._bounds) else len(self.text)
        return start, end

    def _article_ranking(self) -> list[int]:
        """The text's years, most frequent first, ties by first appearance."""
        if self._ranking is None:
            counts = Counter(year for _, year, _ in self.evidence)
            first: dict[int, int] = {}
            for position, year, _ in self.evidence:
                first.setdefault(year, position)
            self._ranking = sorted(counts, key=lambda year: (-counts[year], first[year]))
        return self._ranking

    def _near_publication(self, year: int) -> bool:
        return self.published is None or abs(year - self.published.year) <= 1

    def _not_after_publication(self, probe: date) -> bool:
        return self.published is None or probe <= self.published + FUTURE_MARGIN

    def year_for(self, position: int, month: int, day: int | None) -> int | None:
        start, end = self._sentence(position)
        in_sentence = sorted((kind, abs(at - position), year) for at, year, kind in self.evidence if start <= at < end)
        for _, _, year in in_sentence:
            # "Sáng ngày 02 - 12, … phát động phong trào thi đua năm 2021" (published 2020-12-04):
            # a year that puts the day months after publication names a plan, not the day.
            if self._near_publication(year) and self._not_after_publication(_probe(year, month, day)):
                return year
        published = self.published
        if published is not None and not any(kind == 0 for _, _, kind in self.evidence):
            return self._closest_to_publication(published, month, day)
        for year in self._article_ranking():
            if published is None:
                return year
            probe = _probe(year, month, day)
            if self._near_publication(year) and published - PAST_MARGIN <= probe <= published + FUTURE_MARGIN:
                return year
        if published is None:
            return None
        return self._publication_year(published, month, day)

    @staticmethod
    def _publication_year(published: date, month: int, day: int | None) -> int:
        year = published.year
        if _probe(year, month, day) > published + FUTURE_MARGIN:
            year -= 1
        return year

    def _closest_to_publication(self, published: date, month: int, day: int | None) -> int:
        """The year that puts the day nearest the publication, when the text names no year itself.

        Years of dated mentions alone ("Kế hoạch … ngày 14/3/2019") are mostly citations of older
        papers, not the time of the report: "Sáng ngày 05 - 11" in an article of 2020-11-05 is
        2020-11-05, not the 2019-11-05 that the cited plan's year would give.
        """
        best = self._publication_year(published, month, day)
        best_gap = abs((_probe(best, month, day) - published).days)
        for year in self._article_ranking():
            probe = _probe(year, month, day)
            if self._near_publication(year) and published - PAST_MARGIN <= probe <= published + FUTURE_MARGIN:
                gap = abs((probe - published).days)
                if gap < best_gap:
                    best, best_gap = year, gap
        return best


def _with_dated_mentions(evidence: list[tuple[int, int, int]], kept: list[_Candidate]) -> list[tuple[int, int, int]]:
    """Years the text states: "năm 2019" and the year of every dated mention within one year."""
    found = list(evidence)
    for c in kept:
        year = c.lo[0]
        if year is not None and c.precision != "year" and (c.hi is None or c.hi[0] == year):
            found.append((c.start, year, 1))
    found.sort()
    return found


def _crosses_year(lo: Point, hi: Point) -> bool:
    return (hi[1], hi[2] or 0) < (lo[1], lo[2] or 0)


def _with_years(c: _Candidate, years: _Years) -> tuple[Point, Point | None] | None:
    lo, hi = c.lo, c.hi
    if hi is None:
        if lo[0] is not None:
            return lo, None
        year = years.year_for(c.start, lo[1], lo[2])
        return ((year, lo[1], lo[2]), None) if year is not None else None
    crossing = int(_crosses_year(lo, hi))
    if lo[0] is None and hi[0] is not None:
        return (hi[0] - crossing, lo[1], lo[2]), hi
    if lo[0] is not None and hi[0] is None:
        return lo, (lo[0] + crossing, hi[1], hi[2])
    if lo[0] is None:
        year = years.year_for(c.start, lo[1], lo[2])
        if year is None:
            return None
        return (year, lo[1], lo[2]), (year + crossing, hi[1], hi[2])
    return lo, hi


def _format(point: Point, precision: str) -> str | None:
    year, month, day = point
    if year is None:
        return None
    if precision == "year":
        return f"{year:04d}"
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day or 0).isoformat()
    except ValueError:
        return None


def _value(c: _Candidate, years: _Years) -> str | None:
    resolved = _with_years(c, years)
    if resolved is None:
        return None
    lo, hi = resolved
    first = _format(lo, c.precision)
    if hi is None or first is None:
        return first
    last = _format(hi, c.precision)
    if last is None or last < first:
        return None
    return f"{first}/{last}"


def extract_dates(text: str, published: str | None = None) -> tuple[DateMention, ...]:
    """Every date mention in ``text`` (normalised), in order; ``published`` is YYYY-MM-DD or None."""
    if not isinstance(text, str) or _DIGIT.search(text) is None:
        return ()
    g = _grammar()
    kept, bare_years = _scan(text, g)
    if not kept:
        return ()
    years = _Years(text, _parse_published(published), _with_dated_mentions(bare_years, kept))
    mentions = []
    for c in kept:
        value = _value(c, years)
        if value is not None:
            mentions.append(DateMention(value=value, text=text[c.start : c.end], start=c.start, end=c.end))
    return tuple(mentions)
