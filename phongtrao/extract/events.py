"""Events an article reports: inspections, reviews, trainings, launches, commendations, meetings…

An event is named by a trigger phrase (``data/events.toml``) matched on ``fold(text)``, one
compiled expression for the whole text, each hit checked against the phrase's diacritics
("họp" is not "phối hợp", "lễ" not "Lê"). Most trigger phrases in this genre name no event:
the criteria an inspection checks ("Kiểm tra thực hiện 5 nội dung…", "việc tổ chức sơ kết,
tổng kết"), plans and instructions ("đề nghị tăng cường công tác kiểm tra", "sẽ tổ chức tổng
kết"), the subject of a cited document ("Kế hoạch số 40-KH/BCĐ… về phát động thi đua"),
anniversaries ("15 năm Ngày hội…"), activities summed up ("Trong 6 tháng đầu năm … tổ chức
thành công đại hội…") and the same event named again ("Phát biểu chỉ đạo Hội nghị…"). So a
trigger becomes an event only when its sentence anchors it:

* the sentence gives the event's own day ("Sáng ngày 30/6/2020, … họp sơ kết"); a date inside a
  cited document, in brackets, after "trước" (a deadline) or "có hiệu lực từ" (a law taking
  effect) is not the event's own;
* or a plan names its own day, month, quarter or half-year ("hội nghị tổng kết … dự kiến tổ chức
  vào giữa tháng 12/2019", "trong tháng 9/2019 đoàn sẽ giám sát", "trong quý III/2022, Đoàn sẽ
  tiếp tục giám sát"), not a standing instruction ("sẽ tăng cường kiểm tra");
* or the sentence refers back to the event being reported ("Tại hội nghị", "Dịp này", "Kỳ họp
  đã…"): the same type is the same event, another type happened at it, on its day and place
  ("Nhân dịp này, Huyện ủy đã tặng giấy khen…" is a khen_thuong on the meeting's day), except
  gifts handed out there, which are part of it;
* or the first paragraph reports it as done without a date ("… vừa triển khai kế hoạch…").

A meeting noun followed closely by a specific trigger is that event ("Hội nghị sơ kết" is one
so_ket); a sentence may report several ("tổng kết …, ký kết giao ước thi đua và phát động…").
Mentions of one type with overlapping dates are one event. The place is the unit of the "tại"
phrase ("tại Hội trường UBND xã X" → xã X), else the unit of the organising body before the
trigger ("Hội đồng nhân dân huyện Đắk Song tổ chức kỳ họp", "Ban Dân vận Huyện ủy Tiên Lãng"),
else the unit the action is about after it ("kiểm tra … đập thôn 02 xã Trường Xuân"); none when
the phrase names several units of one level ("tại các xã: Tân Bình, Thanh Hòa…"). A dated event
whose sentence has no "tại" unit takes the venue the next, event-less sentence gives ("… học
tập tại hội trường … ở thị trấn Phú Mỹ"). Plan and instruction words inside a body's name
("Ban Chỉ đạo đã phát động…") are no plan.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import product

from phongtrao.extract.normalize import fold
from phongtrao.extract.sentences import split_sentences
from phongtrao.models import DateMention, DocumentRef, Event, Movement, Official, Organization, Unit

_DAY_VALUE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:/\d{4}-\d{2}-\d{2})?")
_MONTH_VALUE_RE = re.compile(r"\d{4}-\d{2}")
_MONTHS_VALUE_RE = re.compile(r"\d{4}-\d{2}/\d{4}-\d{2}")
_WORD_RE = re.compile(r"\w+")
_LEVEL_RANK = {"commune": 0, "district": 1, "province": 2}
_FRAGMENT_WORDS = 15  # a dateline fragment before the lead sentence ("Ngày 20/8/2019, tại nhà Văn hóa huyện.")
_DOCUMENT_TAIL_CHARS = 16  # ", ngày 17/02/2020" written right after a document number
_OBJECT_NOUNS_WORDS = 6
_SUBJECT_WORDS = 14  # "Kế hoạch số … của … về <trigger>"


# ---------------------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class _Phrase:
    type: str
    needs_object: bool
    absorbable: bool  # a meeting noun that a specific trigger right after takes over
    reference: bool  # a noun that, alone, names the event being reported ("hội nghị", "đoàn kiểm tra")
    part_of_event: bool = False  # gifts: at the event being reported they are part of it


@dataclass(frozen=True)
class Words:
    """A phrase list matched on folded text, each hit checked against the phrases as written.

    Folding makes "để" and "chuyên đề", "lễ" and "Lê", "họp" and "phối hợp" one word; a hit
    counts only when the text carries the written diacritics (or none at all, as in text typed
    without them). ``groups`` names the pattern's groups to check and the forms each may take.
    """

    pattern: re.Pattern[str]
    groups: tuple[tuple[str, frozenset[tuple[str, ...]]], ...]

    def finditer(self, text: str, folded: str, start: int = 0, end: int | None = None):
        for match in self.pattern.finditer(folded, start, len(folded) if end is None else end):
            if all(_written(text, match.start(g), match.end(g), forms) for g, forms in self.groups):
                yield match

    def search(self, text: str, folded: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, folded, start, end), None)

    def match(self, text: str, folded: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        found = self.pattern.match(folded, start, len(folded) if end is None else end)
        if found and all(_written(text, found.start(g), found.end(g), forms) for g, forms in self.groups):
            return found
        return None


def _written(text: str, start: int, end: int, forms: frozenset[tuple[str, ...]]) -> bool:
    if start < 0:
        return True  # an optional group that took no part
    return tuple(_WORD_RE.findall(text[start:end].lower())) in forms or _typed_without_marks(text)


@lru_cache(maxsize=16)
def _typed_without_marks(text: str) -> bool:
    """True for a text written without any diacritics, where folded words are all one can check."""
    return text.isascii()


@dataclass(frozen=True)
class _Rules:
    phrases: dict[str, _Phrase]
    trigger: Words
    stop: Words
    anniversary: Words
    object_markers: Words
    breakers: Words
    modal: Words
    modal_names: Words
    past: Words
    period: Words
    citation: Words
    issue_before: Words
    deadline_before: Words
    back_start: Words
    back_anywhere: Words
    participants: Words
    place: Words
    counted_before: Words
    schedule_after: Words
    schedule_before: Words
    schedule_vague: Words
    committee: Words
    committee_units: dict[str, tuple[str, str]]  # folded committee word → (type word, level)
    object_nouns: Words
    decided_types: frozenset[str]
    generic_types: frozenset[str]
    inspection_types: frozenset[str]
    gap_words: int
    object_window: int
    schedule_after_words: int


def expand(template: str) -> list[str]:
    """Every phrase a template names: "{tặng|trao} giấy khen" → ["tặng giấy khen", "trao giấy khen"]."""
    parts = re.split(r"\{([^{}]*)\}", template)
    choices = [[part] if i % 2 == 0 else part.split("|") for i, part in enumerate(parts)]
    return [" ".join("".join(combo).split()) for combo in product(*choices)]


def phrase_key(phrase: str) -> str:
    """A phrase as the trigger table keys it: folded words joined by single spaces."""
    return " ".join(_WORD_RE.findall(fold(phrase)))


def _phrase_pattern(phrase: str) -> str:
    """A folded phrase as a pattern: spaces match any white space, "," and "-" keep their place."""
    out: list[str] = []
    for part in re.findall(r"\w+|[,-]", fold(phrase)):
        if part in ",-":
            out.append(r"\s*" + re.escape(part))
        else:
            joiner = r"\s*" if out and out[-1].startswith(r"\s*") else r"\s+" if out else ""
            out.append(joiner + re.escape(part))
    return "".join(out)


def _alternation(phrases) -> str:
    patterns = {_phrase_pattern(p) for template in phrases for p in expand(template) if _WORD_RE.search(fold(p))}
    return "|".join(sorted(patterns, key=len, reverse=True))


def _forms(phrases) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(_WORD_RE.findall(p.lower())) for template in phrases for p in expand(template))


def compile_words(phrases, before: str = r"(?<!\w)", after: str = r"(?!\w)") -> Words:
    """Whole-word alternation over folded text, ``before`` and ``after`` around it."""
    pattern = re.compile(rf"{before}(?P<w>{_alternation(phrases)}){after}")
    return Words(pattern, (("w", _forms(phrases)),))


def _data_file(name: str) -> str:
    """A file of ``phongtrao/data``, found from this package (also under a namespace-style install)."""
    return resources.files("phongtrao.extract").parent.joinpath("data", name).read_text(encoding="utf-8")


def _phrases(raw: dict) -> dict[str, _Phrase]:
    context = raw["context"]
    absorb = {phrase_key(p) for p in raw["absorb"]["nouns"]}
    references = {phrase_key(p) for t in (*context["back_nouns"], *context["back_actions"]) for p in expand(t)}
    parts = {phrase_key(p) for t in context["part_of_event"] for p in expand(t)}
    phrases: dict[str, _Phrase] = {}
    for type_name, table in raw["types"].items():
        needs = {phrase_key(p) for t in table.get("needs_object", ()) for p in expand(t)}
        for template in (*table["triggers"], *table.get("needs_object", ())):
            for phrase in expand(template):
                key = phrase_key(phrase)
                phrases.setdefault(
                    key, _Phrase(type_name, key in needs, key in absorb, key in references, key in parts)
                )
    return phrases


@cache
def rules() -> _Rules:
    """Read ``events.toml`` once and compile its matchers."""
    raw = tomllib.loads(_data_file("events.toml"))
    context = raw["context"]
    triggers = [t for table in raw["types"].values() for t in (*table["triggers"], *table.get("needs_object", ()))]
    heads, nouns, actions = context["back_heads"], context["back_nouns"], context["back_actions"]
    back_start = re.compile(
        rf"\W*(?:[^,;:]{{0,30}},\s*)?(?:(?P<h>{_alternation(heads)})\s+(?:(?:cac|nhung|buoi|cuoc)\s+)?"
        rf"(?P<a>{_alternation([*nouns, *actions])})|(?:(?:cac|nhung)\s+)?(?P<n>{_alternation(nouns)}))(?!\w)"
    )
    window = r"\W*(?:\w+\W+){{0,{}}}?"
    committees = context["committee_units"]
    return _Rules(
        phrases=_phrases(raw),
        trigger=compile_words(triggers),
        stop=compile_words(context["stop"]),
        anniversary=compile_words(context["anniversary_before"], before=r"(?<!\w)\d+\s+", after=r"\s+\Z"),
        object_markers=compile_words(context["object_markers"]),
        breakers=compile_words(context["object_breakers"]),
        modal=compile_words(context["modal"]),
        modal_names=compile_words(context["modal_names"]),
        past=compile_words(context["past"]),
        period=compile_words(context["period"]),
        citation=compile_words(context["citation"], before=r"\W*"),
        issue_before=compile_words(context["issue_verbs"], after=r"\s+\Z"),
        deadline_before=compile_words(context["deadline"], after=r"\s+\Z"),
        back_start=Words(back_start, (("h", _forms(heads)), ("a", _forms([*nouns, *actions])), ("n", _forms(nouns)))),
        back_anywhere=compile_words(context["back_anywhere"]),
        participants=compile_words(context["participants"]),
        place=compile_words(context["place"]),
        counted_before=compile_words(context["counted_before"], before=r"(?<![\w/])\d+\s+", after=r"\s+\Z"),
        schedule_after=compile_words(context["schedule_after"]),
        schedule_before=compile_words(context["schedule_before"]),
        schedule_vague=compile_words(context["schedule_vague"]),
        committee=compile_words(list(committees)),
        committee_units={phrase_key(word): (unit[0], unit[1]) for word, unit in committees.items()},
        object_nouns=compile_words(raw["objects"]["nouns"], before=window.format(_OBJECT_NOUNS_WORDS)),
        decided_types=frozenset(context["decided_types"]),
        generic_types=frozenset(context["generic_types"]),
        inspection_types=frozenset(context["inspection_types"]),
        gap_words=int(raw["absorb"]["gap_words"]),
        object_window=int(context["object_window_words"]),
        schedule_after_words=int(context["schedule_after_words"]),
    )


# ---------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class _Trigger:
    type: str
    start: int
    end: int
    phrase: _Phrase


@dataclass(frozen=True)
class _Sentence:
    index: int
    start: int
    end: int
    paragraph: int


@dataclass
class _Draft:
    """An event being assembled from its mentions."""

    type: str
    date: str | None
    place: str | None
    sentence: _Sentence
    movements: list[str] = field(default_factory=list)
    organizers: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Inputs:
    text: str
    folded: str
    dates: tuple[DateMention, ...]
    movements: tuple[Movement, ...]
    units: tuple[Unit, ...]
    organizations: tuple[Organization, ...]
    officials: tuple[Official, ...]
    documents: tuple[DocumentRef, ...]


# ---------------------------------------------------------------------------------------- triggers


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_triggers(inputs: _Inputs) -> list[_Trigger]:
    """Trigger phrases in the text, minus those inside bodies, names, documents and idioms."""
    r = rules()
    text, folded = inputs.text, inputs.folded
    blocked = [(m.start(), m.end()) for m in r.stop.finditer(text, folded)]
    blocked += [(o.start, o.end) for o in inputs.organizations]
    blocked += [(m.start, m.end) for m in inputs.movements]
    blocked += [(d.start, d.end) for d in inputs.documents]
    found = []
    for match in r.trigger.finditer(text, folded):
        start, end = match.span()
        phrase = r.phrases.get(" ".join(_WORD_RE.findall(match.group(0))))
        if phrase is None or _overlaps(start, end, blocked):
            continue
        if r.anniversary.search(text, folded, max(0, start - 30), start):
            continue
        if phrase.needs_object and not r.object_nouns.match(text, folded, end, min(len(folded), end + 80)):
            continue
        found.append(_Trigger(phrase.type, start, end, phrase))
    return found


def _absorb(triggers: list[_Trigger], folded: str, gap_words: int) -> list[_Trigger]:
    """Drop a meeting noun that a more specific trigger follows closely ("Hội nghị sơ kết")."""
    kept = []
    for i, trigger in enumerate(triggers):
        nxt = triggers[i + 1] if i + 1 < len(triggers) else None
        if (
            trigger.phrase.absorbable
            and nxt is not None
            and not nxt.phrase.absorbable
            and len(_WORD_RE.findall(folded[trigger.end : nxt.start])) <= gap_words
            and not re.search(r"[.;:]", folded[trigger.end : nxt.start])
        ):
            continue
        kept.append(trigger)
    return kept


# ---------------------------------------------------------------------------------------- sentence tests


def _clause_start(folded: str, sentence: _Sentence, position: int) -> int:
    cut = max(folded.rfind(";", sentence.start, position), folded.rfind(":", sentence.start, position))
    return sentence.start if cut < 0 else cut + 1


def _is_object(inputs: _Inputs, sentence: _Sentence, trigger: _Trigger, earlier: list[_Trigger]) -> bool:
    """True when the trigger is what a plan, report, criterion or inspection is about."""
    r = rules()
    folded = inputs.folded
    if ":" in folded[sentence.start : trigger.start]:
        return True  # an item of a list ("với các nội dung: Kiểm tra thực hiện…")
    clause = _clause_start(folded, sentence, trigger.start)
    words = list(_WORD_RE.finditer(folded, clause, trigger.start))[-r.object_window :]
    if not words:
        return False
    window_start = words[0].start()
    for marker in r.object_markers.finditer(inputs.text, folded, window_start, trigger.start):
        if _issued_subject(inputs, sentence, trigger, marker.start()):
            continue
        if not r.breakers.search(inputs.text, folded, marker.end(), trigger.start):
            return True
    for other in earlier:
        if (
            other.type in r.inspection_types
            and other.type != trigger.type
            and other.end <= trigger.start
            and other.start >= window_start
            and not r.breakers.search(inputs.text, folded, other.end, trigger.start)
            and "," not in folded[other.end : trigger.start]
        ):
            return True
    return False


def _subject_document(inputs: _Inputs, sentence: _Sentence, trigger: _Trigger) -> DocumentRef | None:
    """The cited document whose subject ("về …") the trigger is, if any."""
    folded = inputs.folded
    for document in inputs.documents:
        if not (sentence.start <= document.start and document.end <= trigger.start):
            continue
        between = folded[document.end : trigger.start]
        if len(_WORD_RE.findall(between)) <= _SUBJECT_WORDS and re.search(r"(?<!\w)(?:ve|v/v)(?!\w)", between):
            return document
    return None


def _issued_subject(inputs: _Inputs, sentence: _Sentence, trigger: _Trigger, marker: int) -> bool:
    """True for "ban hành Quyết định … về việc kiện toàn …": the decision enacts the event."""
    r = rules()
    if trigger.type not in r.decided_types:
        return False
    document = _subject_document(inputs, sentence, trigger)
    if document is None or marker < document.end:
        return False
    folded = inputs.folded
    issued = r.issue_before.search(inputs.text, folded, max(0, document.start - 20), document.start)
    return bool(issued) and not r.citation.match(inputs.text, folded, sentence.start, sentence.end)


def _is_document_subject(inputs: _Inputs, sentence: _Sentence, trigger: _Trigger) -> bool:
    document = _subject_document(inputs, sentence, trigger)
    if document is None:
        return False
    return not _issued_subject(inputs, sentence, trigger, document.end)


def _inside_brackets(text: str, start: int, position: int) -> bool:
    opened = text.rfind("(", start, position)
    return opened >= 0 and text.find(")", opened, position) < 0


def _own_dates(inputs: _Inputs, sentence: _Sentence) -> list[DateMention]:
    """Dates of the sentence that can be its event's: not cited, bracketed or a deadline."""
    r = rules()
    found = []
    for date in inputs.dates:
        if not (sentence.start <= date.start < sentence.end):
            continue
        if any(d.start <= date.start < d.end + _DOCUMENT_TAIL_CHARS for d in inputs.documents):
            continue
        if _inside_brackets(inputs.text, sentence.start, date.start):
            continue
        if r.deadline_before.search(inputs.text, inputs.folded, max(sentence.start, date.start - 20), date.start):
            continue
        found.append(date)
    return found


def _day(dates: list[DateMention]) -> str | None:
    return next((d.value for d in dates if _DAY_VALUE_RE.fullmatch(d.value)), None)


def _month(dates: list[DateMention]) -> str | None:
    return next((d.value for d in dates if _MONTH_VALUE_RE.fullmatch(d.value)), None)


def _months(dates: list[DateMention]) -> str | None:
    """A quarter, half-year or month range ("quý III/2022" → "2022-07/2022-09")."""
    return next((d.value for d in dates if _MONTHS_VALUE_RE.fullmatch(d.value)), None)


def _planned_date(reading: _Reading) -> str | None:
    """When a plan is set to happen: its day, else its month, else its quarter or half-year."""
    return reading.day or _month(reading.own) or _months(reading.own)


def _is_scheduled(inputs: _Inputs, sentence: _Sentence, trigger: _Trigger, later: list[_Trigger]) -> bool:
    """True for a plan that names when it happens ("đoàn sẽ giám sát", "tổng kết … dự kiến tổ chức").

    A plan word counts earlier in the trigger's comma-free stretch, unless a standing instruction
    stands between ("sẽ tăng cường kiểm tra"); or after the trigger, before any other trigger.
    """
    r = rules()
    text, folded = inputs.text, inputs.folded
    cut = max(folded.rfind(mark, sentence.start, trigger.start) for mark in ",;:")
    stretch = sentence.start if cut < 0 else cut + 1
    for plan in r.schedule_before.finditer(text, folded, stretch, trigger.start):
        if not r.schedule_vague.search(text, folded, plan.end(), trigger.start):
            return True
    after = r.schedule_after.search(text, folded, trigger.end, sentence.end)
    if after is None or ";" in folded[trigger.end : after.start()]:
        return False
    if len(_WORD_RE.findall(folded[trigger.end : after.start()])) > r.schedule_after_words:
        return False
    return not any(trigger.end <= other.start < after.start() for other in later)


def _back_reference_end(inputs: _Inputs, sentence: _Sentence) -> int | None:
    """Where the phrase that refers back to the reported event ends, if the sentence has one."""
    r = rules()
    text, folded = inputs.text, inputs.folded
    match = r.back_start.match(text, folded, sentence.start, sentence.end)
    if match:
        return match.end()
    match = r.back_anywhere.search(text, folded, sentence.start, sentence.end)
    return match.end() if match else None


# ---------------------------------------------------------------------------------------- place, people


def _tai_phrases(inputs: _Inputs, sentence: _Sentence) -> list[tuple[int, int]]:
    """Spans of "tại …" phrases: to the next comma, carried over commas that open a unit."""
    r = rules()
    text, folded = inputs.text, inputs.folded
    unit_starts = {u.start for u in inputs.units}
    spans = []
    for match in r.place.finditer(text, folded, sentence.start, sentence.end):
        end = match.end()
        while True:
            stop = re.compile(r"[,;.]").search(text, end, sentence.end)
            if stop is None:
                end = sentence.end
                break
            end = stop.start()
            after = stop.end() + (len(text[stop.end() : sentence.end]) - len(text[stop.end() : sentence.end].lstrip()))
            if text[stop.start()] == "," and after in unit_starts:
                end = after + 1
                continue
            break
        spans.append((match.end(), end))
    return spans


def _place_of(units: list[Unit]) -> str | None:
    """The most specific unit named; None when several of that level are (the event covers them all)."""
    if not units:
        return None
    best = min(_LEVEL_RANK.get(u.level, 3) for u in units)
    names = _unique([u.name for u in units if _LEVEL_RANK.get(u.level, 3) == best])
    return names[0] if len(names) == 1 else None


def _free_units(inputs: _Inputs, sentence: _Sentence) -> list[Unit]:
    """The sentence's units that are not part of an official's position."""
    people = [(o.start, o.end) for o in inputs.officials]
    return [
        u for u in inputs.units if sentence.start <= u.start < sentence.end and not _overlaps(u.start, u.end, people)
    ]


def _tai_place(inputs: _Inputs, sentence: _Sentence) -> tuple[bool, str | None]:
    """(decided, place) from the sentence's "tại" phrase: decided when the phrase names units, the
    place None when it names several of one level."""
    free = _free_units(inputs, sentence)
    for start, end in _tai_phrases(inputs, sentence):
        inside = [u for u in free if start <= u.start < end]
        if inside:
            return True, _place_of(inside)
    return False, None


def _place(inputs: _Inputs, sentence: _Sentence, pivot: tuple[int, int] | None = None) -> str | None:
    """The unit where the event named at ``pivot`` happened, as the sentence says it.

    The "tại" phrase decides when it names a unit; else the organiser's unit (`_organiser_place`).
    """
    decided, place = _tai_place(inputs, sentence)
    return place if decided else _organiser_place(inputs, sentence, pivot)


def _organiser_place(inputs: _Inputs, sentence: _Sentence, pivot: tuple[int, int] | None = None) -> str | None:
    """The unit of a body before the trigger (the organiser), a unit named in a Party committee's
    name there ("Huyện ủy Tiên Lãng"), any unit before it; else the first unit after it. Without
    a pivot the whole sentence is the organiser's side."""
    before_end, after_start = pivot or (sentence.end, sentence.end)
    free = _free_units(inputs, sentence)
    phrases = _tai_phrases(inputs, sentence)
    before = [u for u in free if u.end <= before_end and not _overlaps(u.start, u.end, phrases)]
    bodies = [(o.start, o.end) for o in inputs.organizations if o.end <= before_end]
    in_bodies = [u for u in before if _overlaps(u.start, u.end, bodies)]
    if not in_bodies:
        in_bodies = [
            u
            for u in _committee_units(inputs, sentence.start, before_end)
            if not _overlaps(u.start, u.end, phrases)
            and not _overlaps(u.start, u.end, [(v.start, v.end) for v in free])
        ]
    if in_bodies or before:
        return _place_of(in_bodies or before)
    documents = [(d.start, d.end) for d in inputs.documents]
    after = [u for u in free if u.start >= after_start and not _overlaps(u.start, u.end, documents)]
    return after[0].name if after else None


_NAME_WORD_AFTER_RE = re.compile(r"[ ]+([^\W\d_][\w']*)")
_COMMITTEE_NAME_WORDS = 4


def _committee_units(inputs: _Inputs, start: int, end: int) -> list[Unit]:
    """Units named in Party committees' names ("Huyện ủy Krông Búk" → huyện Krông Búk): the committee
    word capitalised, as in a body's name, and not in an official's position ("Bí thư huyện ủy
    K'Thanh" names a person)."""
    r = rules()
    people = [(o.start, o.end) for o in inputs.officials]
    found = []
    for match in r.committee.finditer(inputs.text, inputs.folded, start, end):
        if not inputs.text[match.start()].isupper() or _overlaps(match.start(), match.end(), people):
            continue
        words: list[str] = []
        position = match.end()
        while len(words) < _COMMITTEE_NAME_WORDS:
            word = _NAME_WORD_AFTER_RE.match(inputs.text, position, end)
            if word is None or not word.group(1)[0].isupper():
                break
            words.append(word.group(1))
            position = word.end()
        if words:
            type_word, level = r.committee_units[phrase_key(match.group(0))]
            name = f"{type_word} {' '.join(words)}"
            found.append(Unit(name, level, None, None, inputs.text[match.start() : position], match.start(), position))
    return found


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _organizers(inputs: _Inputs, sentence: _Sentence, trigger: _Trigger) -> list[str]:
    phrases = _tai_phrases(inputs, sentence)
    people = [(o.start, o.end) for o in inputs.officials]
    return _unique(
        [
            o.name
            for o in inputs.organizations
            if sentence.start <= o.start
            and o.end <= trigger.start
            and not _overlaps(o.start, o.end, phrases)
            and not _overlaps(o.start, o.end, people)
        ]
    )


def _in_sentence(records, sentence: _Sentence):
    return [r for r in records if sentence.start <= r.start < sentence.end]


# ---------------------------------------------------------------------------------------- assembly


@dataclass
class _State:
    """What the reading of an article has established so far."""

    drafts: list[_Draft] = field(default_factory=list)
    current: _Draft | None = None
    lead_date: str | None = None
    lead_place: str | None = None


def _interval(value: str) -> tuple[str, str]:
    """The first and last day a date value can mean, as sortable strings ("2019-12" → 12-00…12-99)."""
    first, _, last = value.partition("/")
    return first + "-00" * (2 - first.count("-")), (last or first) + "-99" * (2 - (last or first).count("-"))


def _compatible(a: str | None, b: str | None) -> bool:
    """True when two dates of mentions can be the same event's: unknown, equal or overlapping."""
    if a is None or b is None:
        return True
    (a1, a2), (b1, b2) = _interval(a), _interval(b)
    return a1 <= b2 and b1 <= a2


def _refers_to(trigger: _Trigger, draft: _Draft) -> bool:
    """True when a reference noun can name the draft: a meeting noun names any meeting, a typed
    noun ("buổi giám sát", "lớp tập huấn") only an event of its type."""
    return trigger.type == draft.type or trigger.type in rules().generic_types


def _record(
    state: _State, inputs: _Inputs, sentence: _Sentence, trigger: _Trigger, date: str | None, place: str | None
) -> _Draft:
    """Merge the mention into the event of its type and date, or start a new event."""
    movements = _unique([m.name for m in _in_sentence(inputs.movements, sentence)])
    organizers = _organizers(inputs, sentence, trigger)
    participants = _unique([o.name for o in _in_sentence(inputs.officials, sentence)])
    for draft in state.drafts:
        if draft.type == trigger.type and _compatible(draft.date, date):
            if draft.date is None and date is not None:
                draft.date, draft.sentence = date, sentence
                draft.place = place or draft.place
                draft.movements = _unique(movements + draft.movements)
            draft.place = draft.place or place
            draft.movements = draft.movements or movements
            draft.organizers = draft.organizers or organizers
            draft.participants = _unique(draft.participants + participants)
            return draft
    draft = _Draft(trigger.type, date, place, sentence, movements, organizers, participants)
    state.drafts.append(draft)
    return draft


def _lead(inputs: _Inputs, sentences: list[_Sentence]) -> tuple[str | None, str | None]:
    """Day and place of the first paragraph's first dated sentence: the article's event, when it
    names no trigger there ("Từ ngày 15 đến 16/10 Bộ Chỉ huy … tỉnh Đăk Nông đã phối hợp…")."""
    for sentence in sentences:
        if sentence.paragraph != sentences[0].paragraph:
            break
        day = _day(_own_dates(inputs, sentence))
        if day:
            return day, _place(inputs, sentence)
    return None, None


def _fragment_before(inputs: _Inputs, sentences: list[_Sentence], sentence: _Sentence, has_triggers: set[int]):
    """A trigger-less dateline just before the sentence ("Ngày 20/8/2019, tại nhà Văn hóa huyện.")."""
    if sentence.index == 0:
        return None
    previous = sentences[sentence.index - 1]
    if previous.paragraph != sentence.paragraph or previous.index in has_triggers:
        return None
    if len(_WORD_RE.findall(inputs.folded[previous.start : previous.end])) > _FRAGMENT_WORDS:
        return None
    return previous if _day(_own_dates(inputs, previous)) else None


def _is_attendance(inputs: _Inputs, sentences: list[_Sentence], sentence: _Sentence, last: int | None) -> bool:
    """True for "Về dự Hội nghị, có đồng chí …" (and its ";" continuations) right after an event."""
    if last is None or sentence.index - last > 2:
        return False
    if rules().participants.search(inputs.text, inputs.folded, sentence.start, sentence.end):
        return True
    previous = sentences[sentence.index - 1]
    return previous.index == last and inputs.text[previous.end - 1] == ";"


def _attend(draft: _Draft, inputs: _Inputs, sentence: _Sentence) -> None:
    """Officials of an attendance sentence join the event it follows."""
    draft.participants = _unique(draft.participants + [o.name for o in _in_sentence(inputs.officials, sentence)])


@dataclass(frozen=True)
class _Reading:
    """What a sentence says about when and where, read once for all its triggers."""

    sentence: _Sentence
    own: list[DateMention]  # dates that can be an event's own
    day: str | None  # its own day (or that of a dateline fragment just before it)
    place_sentence: _Sentence  # where its "tại" phrase is: itself, or that fragment
    back_end: int | None  # end of the phrase that refers back to the reported event
    first_paragraph: bool
    following: _Sentence | None = None  # the next sentence of the paragraph, if it names no event


@dataclass(frozen=True)
class _Anchor:
    """Why a trigger is an event, with the date and place that reason gives it."""

    how: str  # planned | dated | back | lead
    date: str | None
    place: str | None


def _reading(
    inputs: _Inputs, sentences: list[_Sentence], sentence: _Sentence, *, has_triggers: set[int], attending: bool
) -> _Reading:
    own = _own_dates(inputs, sentence)
    day, place_sentence = _day(own), sentence
    if day is None:
        fragment = _fragment_before(inputs, sentences, sentence, has_triggers)
        if fragment is not None:
            day, place_sentence = _day(_own_dates(inputs, fragment)), fragment
    back_end = _back_reference_end(inputs, sentence)
    if back_end is None and attending:
        back_end = sentence.start
    first = sentence.paragraph == sentences[0].paragraph
    return _Reading(sentence, own, day, place_sentence, back_end, first, _following(sentences, sentence, has_triggers))


def _following(sentences: list[_Sentence], sentence: _Sentence, has_triggers: set[int]) -> _Sentence | None:
    """The next sentence of the paragraph when it names no event of its own."""
    if sentence.index + 1 >= len(sentences):
        return None
    following = sentences[sentence.index + 1]
    if following.paragraph != sentence.paragraph or following.index in has_triggers:
        return None
    return following


def _venue(inputs: _Inputs, following: _Sentence | None) -> str | None:
    """Where the event happened when the next sentence of its paragraph, naming no event, no date
    and no period of its own, says so ("… tổ chức 03 lớp bồi dưỡng… Học viên học tập tại hội
    trường … ở thị trấn Phú Mỹ.")."""
    if following is None:
        return None
    if any(following.start <= d.start < following.end for d in inputs.dates):
        return None
    if rules().period.search(inputs.text, inputs.folded, following.start, following.end):
        return None  # "Thời gian qua, tại xã A …" sums up results, it is no venue
    return _own_place(inputs, following)


def _own_place(inputs: _Inputs, sentence: _Sentence) -> str | None:
    """The unit of the sentence's own "tại" phrase, if it names one."""
    for start, end in _tai_phrases(inputs, sentence):
        units = [u for u in inputs.units if start <= u.start < end]
        if units:
            return _place_of(units)
    return None


def _modal_between(inputs: _Inputs, start: int, end: int) -> bool:
    """True when a plan or instruction word stands in start..end outside the names of bodies,
    documents and movements ("Ban Chỉ đạo đã phát động" is a report)."""
    r = rules()
    text, folded = inputs.text, inputs.folded
    modals = [(m.start(), m.end()) for m in r.modal.finditer(text, folded, start, end)]
    if not modals:
        return False
    names = [(m.start(), m.end()) for m in r.modal_names.finditer(text, folded, max(0, start - 30), end)]
    names += [(o.start, o.end) for o in (*inputs.organizations, *inputs.documents, *inputs.movements)]
    return any(not _overlaps(s, e, names) for s, e in modals)


def _anchor(
    state: _State,
    inputs: _Inputs,
    reading: _Reading,
    trigger: _Trigger,
    earlier: list[_Trigger],
    later: list[_Trigger],
) -> _Anchor | None:
    """Decide whether the trigger reports an event, and with which date and place."""
    r = rules()
    text, folded, sentence = inputs.text, inputs.folded, reading.sentence
    pivot = (trigger.start, trigger.end)
    if _is_document_subject(inputs, sentence, trigger):
        return None
    planned = _planned_date(reading)
    if planned and _is_scheduled(inputs, sentence, trigger, later):
        return _Anchor("planned", planned, _place(inputs, sentence, pivot))
    if _is_object(inputs, sentence, trigger, earlier):
        return None
    place = _place(inputs, reading.place_sentence) if reading.place_sentence is not sentence else None
    if reading.day is not None:
        if place is None:
            decided, place = _tai_place(inputs, sentence)
            if not decided:
                place = _venue(inputs, reading.following) or _organiser_place(inputs, sentence, pivot)
        return _Anchor("dated", reading.day, place)
    place = place or _place(inputs, sentence, pivot)
    back_end = reading.back_end
    prefix = back_end if back_end is not None and back_end <= trigger.start else sentence.start
    if _modal_between(inputs, prefix, trigger.start):
        return None
    if r.counted_before.search(text, folded, max(prefix, trigger.start - 20), trigger.start):
        return None  # "tổ chức 42 cuộc họp dân": activities counted, not reported
    if back_end is not None:
        if trigger.phrase.part_of_event:
            return None  # gifts handed out at the event reported are part of it
        current = state.current
        date = current.date if current else state.lead_date
        return _Anchor("back", date, _own_place(inputs, sentence) or (current.place if current else state.lead_place))
    clause = _clause_start(folded, sentence, trigger.start)
    if (
        reading.first_paragraph
        and r.past.search(text, folded, clause, trigger.start)
        and not r.period.search(text, folded, sentence.start, trigger.start)
        and not any(_MONTHS_VALUE_RE.fullmatch(d.value) for d in reading.own)  # "Trong 6 tháng đầu năm 2019, …"
    ):
        return _Anchor("lead", _month(reading.own), place)
    return None


def _names_reported(state: _State, trigger: _Trigger, anchor: _Anchor) -> _Draft | None:
    """The event a reference noun ("Tại hội nghị", "Kỳ họp đã…") names, if it is one already found."""
    if not trigger.phrase.reference:
        return None
    if anchor.how == "dated":
        return next((d for d in state.drafts if d.date and _compatible(d.date, anchor.date)), None)
    if anchor.how == "back":
        if state.current is not None and _refers_to(trigger, state.current):
            return state.current
        return next((d for d in state.drafts if d.type == trigger.type), None)
    return None


def _read_sentence(state: _State, inputs: _Inputs, reading: _Reading, triggers: list[_Trigger]) -> bool:
    """Turn the sentence's anchored triggers into events; True when one was recorded."""
    recorded = False
    for i, trigger in enumerate(triggers):
        anchor = _anchor(state, inputs, reading, trigger, triggers[:i], triggers[i + 1 :])
        if anchor is None:
            continue
        named = _names_reported(state, trigger, anchor)
        if named is not None:
            if anchor.how == "dated":
                state.current = named
            continue
        draft = _record(state, inputs, reading.sentence, trigger, anchor.date, anchor.place)
        recorded = True
        if anchor.how in ("dated", "lead") or (anchor.how == "back" and state.current is None):
            state.current = draft  # a plan is recorded but is not what later sentences refer back to
    return recorded


def extract_events(
    text: str,
    *,
    dates: tuple[DateMention, ...],
    movements: tuple[Movement, ...],
    units: tuple[Unit, ...],
    organizations: tuple[Organization, ...],
    officials: tuple[Official, ...],
    documents: tuple[DocumentRef, ...] = (),
    published: str | None = None,
) -> tuple[Event, ...]:
    """The events ``text`` reports, given the records the other extractors found in it.

    ``published`` is accepted for symmetry with the other extractors: event dates come from the
    date mentions, which already carry the year resolved against it.
    """
    del published
    inputs = _Inputs(text, fold(text), dates, movements, units, organizations, officials, documents)
    sentences = _sentences(text)
    if not sentences:
        return ()
    triggers = _absorb(find_triggers(inputs), inputs.folded, rules().gap_words)
    by_sentence = _group(triggers, sentences)
    has_triggers = {i for i, found in by_sentence.items() if found}
    lead_date, lead_place = _lead(inputs, sentences)
    state = _State(lead_date=lead_date, lead_place=lead_place)
    last_event_sentence: int | None = None
    for sentence in sentences:
        attending = _is_attendance(inputs, sentences, sentence, last_event_sentence)
        found = by_sentence.get(sentence.index, [])
        if found:
            reading = _reading(inputs, sentences, sentence, has_triggers=has_triggers, attending=attending)
            if _read_sentence(state, inputs, reading, found):
                last_event_sentence = sentence.index
        if attending and state.current is not None:
            for draft in state.drafts:
                if draft.sentence == state.current.sentence:
                    _attend(draft, inputs, sentence)
            last_event_sentence = sentence.index
    return tuple(_event(text, draft) for draft in sorted(state.drafts, key=lambda d: d.sentence.start))


def _sentences(text: str) -> list[_Sentence]:
    spans = split_sentences(text)
    paragraph_breaks = [m.start() for m in re.finditer(r"\n", text)]
    return [_Sentence(i, start, end, bisect_right(paragraph_breaks, start)) for i, (start, end) in enumerate(spans)]


def _group(triggers: list[_Trigger], sentences: list[_Sentence]) -> dict[int, list[_Trigger]]:
    starts = [s.start for s in sentences]
    grouped: dict[int, list[_Trigger]] = {}
    for trigger in triggers:
        index = bisect_right(starts, trigger.start) - 1
        if index >= 0 and trigger.end <= sentences[index].end:
            grouped.setdefault(index, []).append(trigger)
    return grouped


def _event(text: str, draft: _Draft) -> Event:
    sentence = draft.sentence
    return Event(
        type=draft.type,
        date=draft.date,
        place=draft.place,
        movements=tuple(draft.movements),
        organizers=tuple(draft.organizers),
        participants=tuple(draft.participants),
        text=text[sentence.start : sentence.end],
        start=sentence.start,
        end=sentence.end,
    )
