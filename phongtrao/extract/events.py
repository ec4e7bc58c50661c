"""Events an article reports: inspections, reviews, trainings, launches, commendations, meetings…

An event is named by a trigger phrase (``data/events.toml``) matched on ``fold(text)``, one
compiled expression for the whole text. Most trigger phrases in this genre name no event: the
criteria an inspection checks ("Kiểm tra thực hiện 5 nội dung…", "việc tổ chức sơ kết, tổng
kết"), plans and instructions ("đề nghị tăng cường công tác kiểm tra", "sẽ tổ chức tổng kết"),
the subject of a cited document ("Kế hoạch số 40-KH/BCĐ… về phát động thi đua"), anniversaries
("15 năm Ngày hội…") and the same event named again ("Phát biểu chỉ đạo Hội nghị…"). So a
trigger becomes an event only when its sentence anchors it:

* the sentence gives the event's own day ("Sáng ngày 30/6/2020, … họp sơ kết"); a date inside a
  cited document, in brackets or after "trước" (a deadline) is not the event's own;
* or the sentence refers back to the event being reported ("Tại hội nghị", "Dịp này", "Kỳ họp
  đã…"): the same type is the same event, another type happened at it, on its day and place
  ("Nhân dịp này, Huyện ủy đã tặng giấy khen…" is a khen_thuong on the meeting's day);
* or the first paragraph reports it as done without a date ("… vừa triển khai kế hoạch…").

Mentions of one type with compatible dates are one event. The place is the unit of the "tại"
phrase ("tại Hội trường UBND xã X" → xã X), else the unit of the organising body before the
trigger ("Hội đồng nhân dân huyện Đắk Song tổ chức kỳ họp"), else the unit the action is
about after it ("kiểm tra … đập thôn 02 xã Trường Xuân").
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product

from phongtrao.extract.normalize import fold
from phongtrao.extract.sentences import split_sentences
from phongtrao.models import DateMention, DocumentRef, Event, Movement, Official, Organization, Unit

_DAY_VALUE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:/\d{4}-\d{2}-\d{2})?")
_MONTH_VALUE_RE = re.compile(r"\d{4}-\d{2}")
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


@dataclass(frozen=True)
class _Rules:
    phrases: dict[str, _Phrase]
    exact: dict[str, frozenset[str]]
    trigger_re: re.Pattern[str]
    stop_re: re.Pattern[str]
    anniversary_re: re.Pattern[str]
    object_re: re.Pattern[str]
    breaker_re: re.Pattern[str]
    modal_re: re.Pattern[str]
    past_re: re.Pattern[str]
    citation_re: re.Pattern[str]
    issue_before_re: re.Pattern[str]
    deadline_before_re: re.Pattern[str]
    back_start_re: re.Pattern[str]
    back_anywhere_re: re.Pattern[str]
    participants_re: re.Pattern[str]
    place_re: re.Pattern[str]
    period_re: re.Pattern[str]
    counted_before_re: re.Pattern[str]
    schedule_after_re: re.Pattern[str]
    schedule_before_re: re.Pattern[str]
    object_nouns_re: re.Pattern[str]
    decided_types: frozenset[str]
    generic_types: frozenset[str]
    inspection_types: frozenset[str]
    gap_words: int
    object_window: int


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
    parts = re.findall(r"\w+|[,-]", fold(phrase))
    out = []
    for part in parts:
        if part == ",":
            out.append(r"\s*,")
        elif part == "-":
            out.append(r"\s*-")
        else:
            out.append((r"\s*" if out and out[-1] in (r"\s*,", r"\s*-") else r"\s+" if out else "") + re.escape(part))
    return "".join(out)


def _alternation(phrases: list[str] | set[str]) -> str:
    patterns = {_phrase_pattern(p) for p in phrases if _WORD_RE.search(fold(p))}
    return "|".join(sorted(patterns, key=len, reverse=True))


def _words_re(phrases: list[str] | set[str]) -> re.Pattern[str]:
    """Whole-word alternation over folded text."""
    return re.compile(rf"(?<!\w)(?:{_alternation(phrases)})(?!\w)")


def _data_file(name: str) -> str:
    """A file of ``phongtrao/data``, found from this package (also under a namespace-style install)."""
    return resources.files("phongtrao.extract").parent.joinpath("data", name).read_text(encoding="utf-8")


@cache
def rules() -> _Rules:
    """Read ``events.toml`` once and compile its matchers."""
    raw = tomllib.loads(_data_file("events.toml"))
    context = raw["context"]
    absorb = {phrase_key(p) for p in raw["absorb"]["nouns"]}
    references = {phrase_key(p) for p in context["back_nouns"]}
    phrases: dict[str, _Phrase] = {}
    for type_name, table in raw["types"].items():
        needs = {phrase_key(p) for t in table.get("needs_object", ()) for p in expand(t)}
        for template in (*table["triggers"], *table.get("needs_object", ())):
            for phrase in expand(template):
                key = phrase_key(phrase)
                phrases.setdefault(key, _Phrase(type_name, key in needs, key in absorb, key in references))
    exact = {key: frozenset(forms) for key, forms in raw["exact"].items()}
    back_heads = _alternation(context["back_heads"])
    back_nouns = _alternation(context["back_nouns"])
    return _Rules(
        phrases=phrases,
        exact=exact,
        trigger_re=_words_re(set(phrases)),
        stop_re=_words_re(context["stop"]),
        anniversary_re=re.compile(rf"(?<!\w)\d+\s+(?:{_alternation(context['anniversary_before'])})\s+\Z"),
        object_re=_words_re(context["object_markers"]),
        breaker_re=_words_re(context["object_breakers"]),
        modal_re=_words_re(context["modal"]),
        past_re=_words_re(context["past"]),
        citation_re=re.compile(rf"\W*(?:{_alternation(context['citation'])})(?!\w)"),
        issue_before_re=re.compile(rf"(?<!\w)(?:{_alternation(context['issue_verbs'])})\s+\Z"),
        deadline_before_re=re.compile(rf"(?<!\w)(?:{_alternation(context['deadline'])})\s+\Z"),
        back_start_re=re.compile(
            rf"\W*(?:[^,;:]{{0,30}},\s*)?(?:(?:{back_heads})\s+)?(?:(?:cac|nhung|buoi|cuoc)\s+)?(?:{back_nouns})(?!\w)"
        ),
        back_anywhere_re=_words_re(context["back_anywhere"]),
        participants_re=_words_re(context["participants"]),
        place_re=_words_re(context["place"]),
        period_re=_words_re(context["period"]),
        counted_before_re=re.compile(rf"(?<![\w/])\d+\s+(?:(?:{_alternation(context['counted_before'])})\s+)?\Z"),
        schedule_after_re=re.compile(
            rf"\W*(?:\w+\W+){{0,{int(context['schedule_after_words'])}}}?(?:{_alternation(context['schedule_after'])})(?!\w)"
        ),
        schedule_before_re=re.compile(rf"(?<!\w)(?:{_alternation(context['schedule_before'])})\s+\Z"),
        object_nouns_re=re.compile(
            rf"\W*(?:\w+\W+){{0,{_OBJECT_NOUNS_WORDS}}}?(?:{_alternation(raw['objects']['nouns'])})(?!\w)"
        ),
        decided_types=frozenset(context["decided_types"]),
        generic_types=frozenset(context["generic_types"]),
        inspection_types=frozenset(context["inspection_types"]),
        gap_words=int(raw["absorb"]["gap_words"]),
        object_window=int(context["object_window_words"]),
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


def _exact_ok(text: str, folded: str, start: int, end: int, exact: dict[str, frozenset[str]]) -> bool:
    """Syllables whose folded form is another common word must carry the trigger's diacritics."""
    for match in _WORD_RE.finditer(folded, start, end):
        forms = exact.get(match.group(0))
        if forms is not None and text[match.start() : match.end()].lower() not in forms:
            return False
    return True


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_triggers(inputs: _Inputs) -> list[_Trigger]:
    """Trigger phrases in the text, minus those inside bodies, names, documents and idioms."""
    r = rules()
    text, folded = inputs.text, inputs.folded
    blocked = [(m.start(), m.end()) for m in r.stop_re.finditer(folded)]
    blocked += [(o.start, o.end) for o in inputs.organizations]
    blocked += [(m.start, m.end) for m in inputs.movements]
    blocked += [(d.start, d.end) for d in inputs.documents]
    found = []
    for match in r.trigger_re.finditer(folded):
        start, end = match.span()
        phrase = r.phrases.get(" ".join(_WORD_RE.findall(match.group(0))))
        if phrase is None or not _exact_ok(text, folded, start, end, r.exact) or _overlaps(start, end, blocked):
            continue
        if r.anniversary_re.search(folded, max(0, start - 30), start):
            continue
        if phrase.needs_object and not r.object_nouns_re.match(folded, end, min(len(folded), end + 80)):
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
    for marker in r.object_re.finditer(folded, window_start, trigger.start):
        if _issued_subject(inputs, sentence, trigger, marker.start()):
            continue
        if not r.breaker_re.search(folded, marker.end(), trigger.start):
            return True
    for other in earlier:
        if (
            other.type in r.inspection_types
            and other.type != trigger.type
            and other.end <= trigger.start
            and other.start >= window_start
            and not r.breaker_re.search(folded, other.end, trigger.start)
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
    return bool(r.issue_before_re.search(folded, max(0, document.start - 20), document.start)) and not r.citation_re.match(
        folded, sentence.start, sentence.end
    )


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
        if r.deadline_before_re.search(inputs.folded, max(sentence.start, date.start - 20), date.start):
            continue
        found.append(date)
    return found


def _day(dates: list[DateMention]) -> str | None:
    return next((d.value for d in dates if _DAY_VALUE_RE.fullmatch(d.value)), None)


def _month(dates: list[DateMention]) -> str | None:
    return next((d.value for d in dates if _MONTH_VALUE_RE.fullmatch(d.value)), None)


def _is_scheduled(folded: str, sentence: _Sentence, trigger: _Trigger) -> bool:
    """True for a plan that names when it happens ("đoàn sẽ giám sát", "tổng kết … dự kiến tổ chức")."""
    r = rules()
    if r.schedule_before_re.search(folded, max(sentence.start, trigger.start - 20), trigger.start):
        return True
    return bool(r.schedule_after_re.match(folded, trigger.end, sentence.end))


def _back_reference_end(folded: str, sentence: _Sentence) -> int | None:
    """Where the phrase that refers back to the reported event ends, if the sentence has one."""
    r = rules()
    match = r.back_start_re.match(folded, sentence.start, sentence.end)
    if match:
        return match.end()
    match = r.back_anywhere_re.search(folded, sentence.start, sentence.end)
    return match.end() if match else None


# ---------------------------------------------------------------------------------------- place, people


def _tai_phrases(inputs: _Inputs, sentence: _Sentence) -> list[tuple[int, int]]:
    """Spans of "tại …" phrases: to the next comma, carried over commas that open a unit."""
    r = rules()
    text, folded = inputs.text, inputs.folded
    unit_starts = {u.start for u in inputs.units}
    spans = []
    for match in r.place_re.finditer(folded, sentence.start, sentence.end):
        if not _exact_ok(text, folded, match.start(), match.end(), r.exact):
            continue
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


def _place(inputs: _Inputs, sentence: _Sentence, pivot: tuple[int, int] | None = None) -> str | None:
    """The unit where the event named at ``pivot`` happened, as the sentence says it.

    The "tại" phrase decides when it names a unit; else the unit of a body before the trigger
    (the organiser); else the first unit after it. Without a pivot the whole sentence is the
    organiser's side.
    """
    before_end, after_start = pivot or (sentence.end, sentence.end)
    people = [(o.start, o.end) for o in inputs.officials]
    free = [u for u in inputs.units if sentence.start <= u.start < sentence.end and not _overlaps(u.start, u.end, people)]
    phrases = _tai_phrases(inputs, sentence)
    for start, end in phrases:
        inside = [u for u in free if start <= u.start < end]
        if inside:
            return _place_of(inside)
    before = [u for u in free if u.end <= before_end and not _overlaps(u.start, u.end, phrases)]
    bodies = [(o.start, o.end) for o in inputs.organizations if o.end <= before_end]
    in_bodies = [u for u in before if _overlaps(u.start, u.end, bodies)]
    if in_bodies or before:
        return _place_of(in_bodies or before)
    documents = [(d.start, d.end) for d in inputs.documents]
    after = [u for u in free if u.start >= after_start and not _overlaps(u.start, u.end, documents)]
    return after[0].name if after else None


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


def _record(state: _State, inputs: _Inputs, sentence: _Sentence, trigger: _Trigger, date: str | None, place: str | None) -> _Draft:
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
    if rules().participants_re.search(inputs.folded, sentence.start, sentence.end):
        return True
    previous = sentences[sentence.index - 1]
    return previous.index == last and inputs.text[previous.end - 1] == ";"


def _attend(draft: _Draft, inputs: _Inputs, sentence: _Sentence) -> None:
    """Officials of an attendance sentence join the event it follows."""
    draft.participants = _unique(draft.participants + [o.name for o in _in_sentence(inputs.officials, sentence)])


def _read_sentence(
    state: _State,
    inputs: _Inputs,
    sentences: list[_Sentence],
    sentence: _Sentence,
    triggers: list[_Trigger],
    *,
    has_triggers: set[int],
    attending: bool,
) -> bool:
    """Turn the sentence's anchored triggers into events; True when one was recorded."""
    r = rules()
    folded = inputs.folded
    own = _own_dates(inputs, sentence)
    day = _day(own)
    place_sentence = sentence
    if day is None:
        fragment = _fragment_before(inputs, sentences, sentence, has_triggers)
        if fragment is not None:
            day, place_sentence = _day(_own_dates(inputs, fragment)), fragment
    back_end = _back_reference_end(folded, sentence)
    if back_end is None and attending:
        back_end = sentence.start
    first_paragraph = sentence.paragraph == sentences[0].paragraph
    recorded = False
    for i, trigger in enumerate(triggers):
        if _is_document_subject(inputs, sentence, trigger):
            continue
        planned = (day or _month(own)) if _is_scheduled(folded, sentence, trigger) else None
        if planned:  # a plan: recorded, but not the event later sentences refer back to
            _record(state, inputs, sentence, trigger, planned, _place(inputs, sentence, (trigger.start, trigger.end)))
            recorded = True
            continue
        if _is_object(inputs, sentence, trigger, triggers[:i]):
            continue
        place = _place(inputs, place_sentence) if place_sentence is not sentence else None
        place = place or _place(inputs, sentence, (trigger.start, trigger.end))
        if day is not None:
            same_day = [d for d in state.drafts if d.date and _compatible(d.date, day)]
            if trigger.phrase.reference and same_day:
                state.current = same_day[0]
                continue
            state.current = _record(state, inputs, sentence, trigger, day, place)
            recorded = True
            continue
        prefix = back_end if back_end is not None and back_end <= trigger.start else sentence.start
        if r.modal_re.search(folded, prefix, trigger.start) or r.counted_before_re.search(
            folded, max(prefix, trigger.start - 20), trigger.start
        ):
            continue
        if back_end is not None:
            if trigger.phrase.reference and state.current is not None and _refers_to(trigger, state.current):
                continue
            current = state.current
            date = current.date if current else state.lead_date
            own_place = next(
                (_place_of([u for u in inputs.units if s <= u.start < e]) for s, e in _tai_phrases(inputs, sentence)),
                None,
            )
            target = _record(state, inputs, sentence, trigger, date, own_place or (current.place if current else state.lead_place))
            state.current = current or target
            recorded = True
            continue
        clause = _clause_start(folded, sentence, trigger.start)
        if (
            first_paragraph
            and r.past_re.search(folded, clause, trigger.start)
            and not r.period_re.search(folded, sentence.start, trigger.start)
        ):
            state.current = _record(state, inputs, sentence, trigger, _month(own), place)
            recorded = True
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
        if found and _read_sentence(
            state, inputs, sentences, sentence, found, has_triggers=has_triggers, attending=attending
        ):
            last_event_sentence = sentence.index
        if attending and state.current is not None:
            _attend(state.current, inputs, sentence)
            last_event_sentence = sentence.index
    return tuple(_event(text, draft) for draft in sorted(state.drafts, key=lambda d: d.sentence.start))


def _sentences(text: str) -> list[_Sentence]:
    spans = split_sentences(text)
    paragraph_breaks = [m.start() for m in re.finditer(r"\n", text)]
    return [
        _Sentence(i, start, end, bisect_right(paragraph_breaks, start)) for i, (start, end) in enumerate(spans)
    ]


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
