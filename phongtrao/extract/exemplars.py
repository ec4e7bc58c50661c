"""Exemplars: the models, collectives, individuals and households a text commends or selects.

Four forms carry them in this genre (words in ``data/exemplars.toml``):

* counts in a commendation or a selection: "tặng Giấy khen cho 03 tập thể và 15 cá nhân",
  "chọn 01 tập thể và 01 cá nhân", "15 cá nhân và 06 tập thể được tuyên dương", "123 mô hình
  "Dân vận khéo" được công nhận" (one record per count). Counts of participants ("hơn 1000 đồng
  chí"), of criteria ("5 tiêu chuẩn, 21 tiêu chí") and statistics of title holders ("412/428 hộ
  đạt danh hiệu…") are not exemplars; an uncounted plural is one only as the object of an award
  handed over ("trao giấy khen cho các cá nhân"), and not in a photo caption ("Ảnh: …") of a
  text that counts them; models counted with their movement ("86 mô hình "Dân vận khéo"") are
  exemplars unless they are a goal, and so is the breakdown after "trong đó" of a count kept;
* named models: "mô hình "Zalo kết nối an ninh thôn, bon"", the movement's quote skipped
  ("mô hình "Dân vận khéo" "Nhà ở an toàn cho hộ nghèo""), the rest of a list introduced by
  "như", and an unquoted name after "ra mắt mô hình";
* a household model named by its owner ("Mô hình trồng dưa chuột của ông Vũ Văn Bàn");
* a person the text holds up as an example ("Cô Nhị xứng đáng là tấm gương sáng…"), under the
  full name the article introduced;
* people, households and bodies listed after a cue and "như" ("Nhiều tấm gương tiêu biểu … như
  ông A …; Chi đoàn thôn B …", "nhiều cơ sở được cấp trên khen thưởng như Hội Nông dân thị trấn
  C, xã D" with the head shared), or named right after "tấm gương" ("tấm gương thầy giáo E").

The award (Bằng khen, Giấy khen…) and the commended unit have no field in the record yet.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from phongtrao.extract.events import Words, compile_words
from phongtrao.extract.normalize import fold, normalize_name
from phongtrao.extract.sentences import split_sentences
from phongtrao.models import Exemplar, Movement

_WORD_RE = re.compile(r"\w+")
_QUOTE_RE = re.compile(r'"([^"\n]{2,160})"')
_NUMBER = r"\d{1,3}(?:[.,]\d{3})+|\d+"
_NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_NAME_WORDS = 5
_LIST_ITEM_END_RE = re.compile(r"\.\.\.|[.;\n]|…")
_COUNT_WINDOW_WORDS = 25
_ITEM_MAX_WORDS = 14
_MOVEMENT_NEAR_CHARS = 12
_TARGET_WINDOW_WORDS = 8  # "phấn đấu mỗi cơ quan, đơn vị, địa phương có ít nhất 01 mô hình"
_BEARER_CUE_CHARS = 160  # longer than the cue words a list may follow


@dataclass(frozen=True)
class _Rules:
    counted: Words  # "(count) (kind noun)": groups "n" (the count) and "w" (the noun)
    kinds: dict[str, str]  # folded noun → kind
    number_words: dict[str, int]
    commend: Words
    passive: Words
    award: Words
    plural_kind: Words  # "các cá nhân": group "w" is the noun
    coordinated_kind: Words  # "… và (các) tập thể" after a plural kind
    statistic: Words
    targets: Words
    breakdown: Words
    model: Words
    unveil: Words
    list_intro: Words
    model_place: re.Pattern[str]  # what may stand between two quoted names of one model list
    caption: re.Pattern[str]  # a photo caption's label at a line start
    titles: frozenset[str]
    exemplar: Words
    person: Words  # a person title ("chị", "cô giáo"), then a space
    owned_model: Words  # "Mô hình … của ông ": the owner's name follows
    bearer_cue: Words
    bearer_intro: Words
    bearer_cue_words: int
    collective_head: Words  # at an item's start
    household_head: Words  # "gia đình ", "hộ " at an item's start, before a person title
    bearer_name_stop: Words
    unit_word: Words  # at an item's start


def _key(phrase: str) -> str:
    return " ".join(_WORD_RE.findall(fold(phrase)))


def _data_file(name: str) -> str:
    """A file of ``phongtrao/data``, found from this package (also under a namespace-style install)."""
    return resources.files("phongtrao.extract").parent.joinpath("data", name).read_text(encoding="utf-8")


@cache
def rules() -> _Rules:
    """Read ``exemplars.toml`` once and compile its matchers."""
    raw = tomllib.loads(_data_file("exemplars.toml"))
    context = raw["context"]
    kinds = {_key(noun): kind for kind, nouns in raw["kinds"].items() for noun in nouns}
    number_words = {_key(word): value for word, value in raw["numbers"]["words"].items()}
    numbers = "|".join([_NUMBER, *map(re.escape, number_words)])
    plural = "|".join(map(re.escape, sorted({_key(p) for p in context["plural"]}, key=len, reverse=True)))
    gap = int(context["passive_window_words"])
    owned_gap = int(context["owned_model_words"])
    owners = "|".join(
        r"\s+".join(o.split()) for o in sorted({_key(p) for p in context["owners"]}, key=len, reverse=True)
    )
    return _Rules(
        counted=compile_words(
            raw["kinds"]["collective"] + raw["kinds"]["individual"] + raw["kinds"]["household"] + raw["kinds"]["model"],
            before=rf"(?<![\w/.,])(?P<n>{numbers})\s+",
            after=r"(?![\w/])",
        ),
        kinds=kinds,
        number_words=number_words,
        commend=compile_words(context["commend"]),
        passive=compile_words(context["passive"], before=rf"\W*(?:\w+\W+){{0,{gap}}}?"),
        award=compile_words(context["award"]),
        coordinated_kind=compile_words(
            [n for nouns in raw["kinds"].values() for n in nouns], before=rf"\s*(?:,|va)\s+(?:(?:{plural})\s+)?"
        ),
        plural_kind=compile_words(
            [n for nouns in raw["kinds"].values() for n in nouns], before=rf"(?<!\w)(?:{plural})\s+"
        ),
        statistic=compile_words(context["statistic_after"], before=r"\s+"),
        targets=compile_words(context["targets"]),
        breakdown=compile_words(context["breakdown"]),
        model=compile_words(context["model_nouns"]),
        unveil=compile_words(context["unveil"], after=r"(?!\w)\s*"),
        list_intro=compile_words(context["list_intro"]),
        model_place=re.compile(
            rf"\s*(?:(?:{'|'.join(map(re.escape, context['model_place_words']))})\s+[^,;\"\n]{{1,60}}?)?"
            r"\s*(?:,|và|hay|hoặc)?\s*"
        ),
        caption=re.compile(
            rf"\s*(?i:{'|'.join(map(re.escape, sorted(context['caption_labels'], key=len, reverse=True)))})\s*:"
        ),
        titles=frozenset(_key(t) for t in context["titles"]),
        exemplar=compile_words(context["exemplar_phrases"]),
        person=compile_words(context["person_titles"], before=r"(?<![\w/])", after=r"\s+"),
        owned_model=compile_words(
            context["person_titles"],
            before=rf"(?<!\w)mo\s+hinh(?:\s+\w+){{1,{owned_gap}}}?\s+(?:{owners})\s+",
            after=r"\s+(?=\S)",
        ),
        bearer_cue=compile_words(context["bearer_cues"]),
        bearer_intro=compile_words(context["bearer_list_intro"]),
        bearer_cue_words=int(context["bearer_cue_words"]),
        collective_head=compile_words(context["collective_heads"], after=r"(?=\s+\S)"),
        household_head=compile_words(context["households"], after=r"\s+"),
        bearer_name_stop=compile_words(context["bearer_name_stops"]),
        unit_word=compile_words(context["unit_words"], after=r"(?=\s+\S)"),
    )


# ---------------------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Text:
    text: str
    folded: str
    sentences: tuple[tuple[int, int], ...]
    movements: tuple[Movement, ...]
    starts: tuple[int, ...] = ()  # the sentences' starts, for bisect


def _index_of(doc: _Text, position: int) -> int | None:
    """The index of the sentence that holds ``position``, if one does."""
    index = bisect_right(doc.starts, position) - 1
    if index >= 0 and position < doc.sentences[index][1]:
        return index
    return None


def _name_at(text: str, position: int) -> tuple[int, int] | None:
    """The span of the capitalised words starting at ``position`` (a person's name), if any."""
    end = position
    words = 0
    while words < _NAME_WORDS:
        match = _NAME_WORD_RE.match(text, end)
        if not match or not match.group(0)[0].isupper():
            break
        end, words = match.end(), words + 1
        if text[end : end + 1] != " " or not text[end + 1 : end + 2].isupper():
            break
        end += 1
    return (position, end) if words else None


def _sentence_of(doc: _Text, position: int) -> tuple[int, int]:
    index = _index_of(doc, position)
    return (position, position) if index is None else doc.sentences[index]


def _group_of(doc: _Text, position: int) -> tuple[int, int]:
    """The sentence at ``position`` joined with neighbours that a ";" links to it."""
    spans = doc.sentences
    index = _index_of(doc, position)
    if index is None:
        return position, position
    first = last = index
    while first > 0 and doc.text[spans[first - 1][1] - 1] == ";":
        first -= 1
    while last + 1 < len(spans) and doc.text[spans[last][1] - 1] == ";":
        last += 1
    return spans[first][0], spans[last][1]


def _count(rules_: _Rules, written: str) -> int | None:
    """The number a count is written as ("03", "1.250", "một"); None when it is not one."""
    key = _key(written)
    if key in rules_.number_words:
        return rules_.number_words[key]
    digits = re.sub(r"[.,]", "", written)
    return int(digits) if digits.isdecimal() else None


def _movement_near(doc: _Text, start: int, end: int) -> str | None:
    """The movement right after a phrase, else the first one after it in its ";" group, else before."""
    group_start, group_end = _group_of(doc, start)
    after = [m for m in doc.movements if end <= m.start < group_end]
    near = [m for m in after if m.start - end <= _MOVEMENT_NEAR_CHARS]
    if near or after:
        return (near or after)[0].name
    before = [m for m in doc.movements if group_start <= m.start < start]
    return before[-1].name if before else None


def _exemplar(
    doc: _Text, kind: str, start: int, end: int, *, name: str | None, count: int | None, movement: str | None
) -> Exemplar:
    return Exemplar(
        name=name, kind=kind, movement=movement, count=count, text=doc.text[start:end], start=start, end=end
    )


# ---------------------------------------------------------------------------------------- counts


def _commended(doc: _Text, start: int, end: int) -> bool:
    """True when the count at start..end is the object of a commendation or a selection."""
    r = rules()
    folded = doc.folded
    sentence_start, sentence_end = _sentence_of(doc, start)
    clause_start = max(folded.rfind(";", sentence_start, start), sentence_start)
    for match in r.commend.finditer(doc.text, folded, clause_start, start):
        if len(_WORD_RE.findall(folded[match.end() : start])) <= _COUNT_WINDOW_WORDS:
            return True
    clause_end = folded.find(";", end, sentence_end)
    return bool(r.passive.match(doc.text, folded, end, sentence_end if clause_end < 0 else clause_end))


def _models_of_movement(doc: _Text, kind: str, start: int, end: int) -> bool:
    """True for "86 mô hình "Dân vận khéo"": models counted with their movement, not as a goal."""
    if kind != "model":
        return False
    if not any(0 <= m.start - end <= _MOVEMENT_NEAR_CHARS for m in doc.movements):
        return False
    sentence_start, _ = _sentence_of(doc, start)
    clause_start = max(doc.folded.rfind(";", sentence_start, start), sentence_start)
    words = list(_WORD_RE.finditer(doc.folded, clause_start, start))[-_TARGET_WINDOW_WORDS:]
    window_start = words[0].start() if words else start
    return rules().targets.search(doc.text, doc.folded, window_start, start) is None


def _breakdown_of(doc: _Text, kept: list[tuple[int, str]], start: int, noun: str) -> bool:
    """True when the count at ``start`` breaks down a kept count of the same noun in its sentence
    ("86 mô hình …, trong đó cấp huyện 20 mô hình")."""
    if not kept:
        return False
    sentence_start, _ = _sentence_of(doc, start)
    return any(
        sentence_start <= total < start
        and total_noun == noun
        and rules().breakdown.search(doc.text, doc.folded, total, start) is not None
        for total, total_noun in kept
    )


def _counts(doc: _Text) -> list[Exemplar]:
    r = rules()
    found = []
    kept: list[tuple[int, str]] = []  # (start, noun) of the counts kept
    for match in r.counted.finditer(doc.text, doc.folded):
        start, end = match.span()
        if r.statistic.match(doc.text, doc.folded, end):
            continue
        noun = " ".join(match.group("w").split())
        if not (
            _commended(doc, start, end)
            or _models_of_movement(doc, r.kinds[noun], start, end)
            or _breakdown_of(doc, kept, start, noun)
        ):
            continue
        if r.coordinated_kind.match(doc.text, doc.folded, end):
            continue  # "45 tập thể, cá nhân": a total of two kinds, counted again by kind if at all
        kind = r.kinds[noun]
        count = _count(r, doc.text[match.start("n") : match.end("n")])
        if count is None:
            continue
        kept.append((start, noun))
        found.append(_exemplar(doc, kind, start, end, name=None, count=count, movement=_movement_near(doc, start, end)))
    return found


def _in_caption(doc: _Text, position: int) -> bool:
    """True inside a photo caption: a line that starts with "Ảnh:"."""
    line_start = doc.text.rfind("\n", 0, position) + 1
    return rules().caption.match(doc.text, line_start) is not None


def _uncounted(doc: _Text, counted: bool) -> list[Exemplar]:
    """Plural objects of an award handed over, once per kind: "trao giấy khen cho các cá nhân và
    (các) tập thể" is one uncounted individual record and one collective. A photo caption shows
    the commendation the text reports: where the text counts exemplars (``counted``), the
    caption's plural is those."""
    r = rules()
    found: dict[str, Exemplar] = {}
    for award in r.award.finditer(doc.text, doc.folded):
        if counted and _in_caption(doc, award.start()):
            continue
        _, sentence_end = _sentence_of(doc, award.start())
        stop = doc.folded.find(";", award.end(), sentence_end)
        end_of_object = sentence_end if stop < 0 else stop
        match = r.plural_kind.search(doc.text, doc.folded, award.end(), end_of_object)
        if match is None or len(_WORD_RE.findall(doc.folded[award.end() : match.start()])) > _COUNT_WINDOW_WORDS:
            continue
        while match is not None:
            kind = r.kinds[" ".join(match.group("w").split())]
            movement = _movement_near(doc, match.start(), match.end())
            found.setdefault(
                kind, _exemplar(doc, kind, match.start("w"), match.end(), name=None, count=None, movement=movement)
            )
            match = r.coordinated_kind.match(doc.text, doc.folded, match.end(), end_of_object)
    return sorted(found.values(), key=lambda e: e.start)


# ---------------------------------------------------------------------------------------- named models


def _is_movement(doc: _Text, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in doc.movements)


def _names_movement(doc: _Text, start: int, end: int) -> Movement | None:
    """The movement a quoted name is, whole: "Dân vận khéo" is the movement, "Dân vận khéo trong
    làm đường giao thông" a model named after it."""
    return next((m for m in doc.movements if m.start <= start and end <= m.end), None)


def _good_name(doc: _Text, start: int, end: int) -> bool:
    """A model's name: capitalised, not a title awarded to many, not a movement."""
    name = doc.text[start:end].strip()
    return (
        bool(name)
        and name[0].isupper()
        and _key(name) not in rules().titles
        and _names_movement(doc, start, end) is None
    )


def _stripped(doc: _Text, start: int, end: int) -> tuple[int, int]:
    piece = doc.text[start:end]
    left = len(piece) - len(piece.lstrip(" ,;-"))
    right = len(piece) - len(piece.rstrip(" ,;-."))
    return start + left, end - right


def _quoted_models(doc: _Text) -> list[tuple[int, int, str | None]]:
    """(start, end, movement) of quoted model names after "mô hình"."""
    r = rules()
    text = doc.text
    found = []
    for noun in r.model.finditer(doc.text, doc.folded):
        _, sentence_end = _sentence_of(doc, noun.start())
        quotes = [q for q in _QUOTE_RE.finditer(text, noun.end(), sentence_end)]
        if not quotes or len(_WORD_RE.findall(text[noun.end() : quotes[0].start()])) > 8:
            continue
        movement = None
        names = []
        previous_end = noun.end()
        for quote in quotes:
            between = text[previous_end : quote.start()]
            if names and not r.model_place.fullmatch(between):
                break
            if not names and previous_end != noun.end() and not re.fullmatch(r"\s*", between):
                break
            start, end = _stripped(doc, quote.start(1), quote.end(1))
            whole = _names_movement(doc, start, end)
            if whole is not None:
                movement = whole.name
            elif _good_name(doc, start, end):
                names.append((start, end))
            else:
                break
            previous_end = quote.end()
        if names and r.list_intro.search(doc.text, doc.folded, noun.end(), quotes[0].start()):
            names += _list_rest(doc, previous_end)
        movement = movement or _movement_near(doc, noun.start(), noun.end())
        found += [(start, end, movement) for start, end in names]
    return found


def _list_rest(doc: _Text, position: int) -> list[tuple[int, int]]:
    """Items after the first of a "như" list, to the end of the list: "…"; Nói không với…"."""
    text = doc.text
    items = []
    while position < len(text) and text[position] in ";,":
        stop = _LIST_ITEM_END_RE.search(text, position + 1)
        end = stop.start() if stop else len(text)
        start, end = _stripped(doc, position + 1, end)
        words = len(_WORD_RE.findall(text[start:end]))
        if not 0 < words <= _ITEM_MAX_WORDS or not _good_name(doc, start, end):
            break
        if text[start] == '"' and text[end - 1] == '"':
            start, end = start + 1, end - 1
        items.append((start, end))
        position = stop.start() if stop and text[stop.start()] == ";" else len(text)
    return items


def _split_on_and(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the parts of text[start:end] joined by "và"."""
    pieces, position = [], start
    for joiner in re.finditer(r"\s+và\s+", text[start:end]):
        pieces.append((position, start + joiner.start()))
        position = start + joiner.end()
    pieces.append((position, end))
    return pieces


def _unveiled_models(doc: _Text) -> list[tuple[int, int]]:
    """Unquoted names after "ra mắt mô hình": "Zalo an ninh và thôn, bon không có ma túy"."""
    r = rules()
    text = doc.text
    found = []
    for match in r.unveil.finditer(doc.text, doc.folded):
        if text[match.end() : match.end() + 1] == '"':
            continue
        _, sentence_end = _sentence_of(doc, match.start())
        stop = re.compile(r"[;.(]| do | của | tại | gắn ").search(text, match.end(), sentence_end)
        end = stop.start() if stop else sentence_end
        for piece_start, piece_end in _split_on_and(text, match.end(), end):
            start, part_end = _stripped(doc, piece_start, piece_end)
            if 0 < len(_WORD_RE.findall(text[start:part_end])) <= _ITEM_MAX_WORDS and not _is_movement(
                doc, start, part_end
            ):
                found.append((start, part_end))
    return found


def _owned_models(doc: _Text) -> list[tuple[int, int, str]]:
    """ "Mô hình trồng dưa chuột của ông Vũ Văn Bàn": the phrase up to the owner's name, and the
    owner, by whom the same model is known however it is described."""
    found = []
    for match in rules().owned_model.finditer(doc.text, doc.folded):
        name = _name_at(doc.text, match.end())
        if name and len(doc.text[name[0] : name[1]].split()) >= 2:
            found.append((match.start(), name[1], "owner " + _key(doc.text[name[0] : name[1]])))
    return found


def _models(doc: _Text) -> list[Exemplar]:
    seen: set[str] = set()
    found = []
    named = [(s, e, m, _key(doc.text[s:e])) for s, e, m in _quoted_models(doc)]
    named += [(s, e, None, _key(doc.text[s:e])) for s, e in _unveiled_models(doc)]
    named += [(s, e, None, owner) for s, e, owner in _owned_models(doc)]
    for start, end, movement, key in sorted(named):
        name = normalize_name(doc.text[start:end])
        if key in seen:
            continue
        seen.add(key)
        found.append(
            _exemplar(
                doc, "model", start, end, name=name, count=None, movement=movement or _movement_near(doc, start, end)
            )
        )
    return found


# ---------------------------------------------------------------------------------------- people


def _titles(doc: _Text, start: int = 0, end: int | None = None) -> list[tuple[int, tuple[int, int]]]:
    """(title start, name span) of each person title followed by a capitalised name."""
    r = rules()
    found = []
    for title in r.person.finditer(doc.text, doc.folded, start, end):
        name = _name_at(doc.text, title.end())
        if name is not None:
            found.append((title.start(), name))
    return found


def _introduced_people(doc: _Text) -> list[tuple[int, int]]:
    """Spans of names introduced by a person title ("cô giáo Đinh Thị Nhị"), in order."""
    return [name for _, name in _titles(doc)]


def _full_name(doc: _Text, short: str, people: list[tuple[int, int]], before: int) -> str | None:
    """The full name a short mention ("Nhị", or none for "Chị") stands for."""
    candidates = [doc.text[s:e] for s, e in people if s < before and len(doc.text[s:e].split()) >= 2]
    if short:
        candidates = [c for c in candidates if fold(c.split()[-1]) == fold(short.split()[-1])]
    return normalize_name(candidates[0]) if candidates else None


def _people(doc: _Text) -> list[Exemplar]:
    r = rules()
    people = _introduced_people(doc)
    found = []
    seen: set[str] = set()
    for match in r.exemplar.finditer(doc.text, doc.folded):
        sentence_start, _ = _sentence_of(doc, match.start())
        subject = doc.text[sentence_start : match.start()]
        titled = [(t, name) for t, name in _titles(doc, sentence_start, match.start()) if name[1] <= match.start()]
        if titled:
            start, (name_start, end) = titled[-1]
            short = doc.text[name_start:end]
        else:
            pronoun = re.fullmatch(r"\s*(Chị|Anh|Cô|Ông|Bà|Em|Thầy)\s+", subject)
            if not pronoun:
                continue
            start, end, short = sentence_start + pronoun.start(1), sentence_start + pronoun.end(1), ""
        full = _full_name(doc, short, people, match.start()) or (normalize_name(short) if short else None)
        if full is None or fold(full) in seen:
            continue
        seen.add(fold(full))
        found.append(
            _exemplar(
                doc,
                "individual",
                start,
                end,
                name=full,
                count=None,
                movement=_movement_near(doc, match.start(), match.end()),
            )
        )
    return found


# ---------------------------------------------------------------------------------------- listed bearers


def _is_bearer_list(doc: _Text, intro: int) -> bool:
    """True when a cue noun or a commendation stands a few words before the "như" at ``intro``."""
    r = rules()
    sentence_start, _ = _sentence_of(doc, intro)
    sentence_start = max(sentence_start, intro - _BEARER_CUE_CHARS)
    cut = max(doc.folded.rfind(mark, sentence_start, intro) for mark in ";:.")
    clause_start = sentence_start if cut < 0 else cut + 1
    words = list(_WORD_RE.finditer(doc.folded, clause_start, intro))[-r.bearer_cue_words :]
    if not words:
        return False
    start = words[0].start()
    return bool(
        r.bearer_cue.search(doc.text, doc.folded, start, intro) or r.passive.search(doc.text, doc.folded, start, intro)
    )


def _person_at(doc: _Text, position: int) -> tuple[int, int] | None:
    """The name after a person title at ``position`` ("ông Lê Văn Hải" → the span of "Lê Văn Hải")."""
    title = rules().person.match(doc.text, doc.folded, position)
    if title is None:
        return None
    name = _name_at(doc.text, title.end())
    return name if name and len(doc.text[name[0] : name[1]].split()) >= 2 else None


def _body_name_end(doc: _Text, start: int, end: int) -> int:
    """Where a body's name that starts at ``start`` ends: at a bracket, a comma or a stop word."""
    stop = re.compile(r"[(,;.:\"]").search(doc.text, start, end)
    end = stop.start() if stop else end
    word = rules().bearer_name_stop.search(doc.text, doc.folded, start, end)
    return _stripped(doc, start, word.start() if word else end)[1]


def _bearer_items(doc: _Text, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a list: split at ";", and at "," (or "và") where the next piece starts an item
    of its own (a titled name, a capitalised body or a unit word), so a person's position ("ông A,
    hội viên Chi hội …") stays in their item."""
    r = rules()
    pieces = []
    position = start
    for match in re.finditer(r";|,|\s+và\s+", doc.text[start:end]):
        piece_end = start + match.start()
        following = start + match.end()
        following += len(doc.text[following:end]) - len(doc.text[following:end].lstrip())
        household = r.household_head.match(doc.text, doc.folded, following)
        opens = (
            match.group(0) == ";"
            or _person_at(doc, following)
            or (
                r.collective_head.match(doc.text, doc.folded, following)
                and doc.text[following : following + 1].isupper()
            )
            or r.unit_word.match(doc.text, doc.folded, following)
            or (household and _person_at(doc, household.end()))
        )
        if opens:
            pieces.append((position, piece_end))
            position = following
    pieces.append((position, end))
    return [_stripped(doc, s, e) for s, e in pieces]


def _listed_bearer(doc: _Text, start: int, end: int, head: str | None) -> tuple[str, str, int, int] | None:
    """(kind, name, start, end) of one list item, if it names a bearer."""
    r = rules()
    text = doc.text
    household = r.household_head.match(text, doc.folded, start)
    if household and (person := _person_at(doc, household.end())):
        return "household", text[person[0] : person[1]], start, person[1]
    if person := _person_at(doc, start):
        return "individual", text[person[0] : person[1]], start, person[1]
    body = r.collective_head.match(text, doc.folded, start)
    if body and text[start].isupper():
        name_end = _body_name_end(doc, start, end)
        return "collective", text[start:name_end], start, name_end
    if head and r.unit_word.match(text, doc.folded, start):
        name_end = _body_name_end(doc, start, end)
        return "collective", f"{head} {text[start:name_end]}", start, name_end
    return None


def _head_of(doc: _Text, name: str) -> str | None:
    """A body's name without its unit ("Hội Nông dân thị trấn Phong Điền" → "Hội Nông dân"), for the items after it."""
    folded = fold(name)
    unit = rules().unit_word.search(name, folded, 1)
    return name[: unit.start()].strip() or None if unit else None


def _listed_bearers(doc: _Text) -> list[tuple[str, str, int, int]]:
    """Bearers named in a list after a cue and "như", and after a cue noun right before a title."""
    r = rules()
    found = []
    for intro in r.bearer_intro.finditer(doc.text, doc.folded):
        if not _is_bearer_list(doc, intro.start()):
            continue
        _, group_end = _group_of(doc, intro.start())
        head = None
        for start, end in _bearer_items(doc, intro.end(), group_end):
            if start >= end:
                continue
            item = _listed_bearer(doc, start, end, head)
            if item is None:
                break
            if item[0] == "collective":
                head = head if item[1].startswith(f"{head} ") else _head_of(doc, item[1])
            found.append(item)
    for cue in r.bearer_cue.finditer(doc.text, doc.folded):
        position = cue.end() + 1
        if doc.text[cue.end() : position] == " " and (person := _person_at(doc, position)):
            found.append(("individual", doc.text[person[0] : person[1]], position, person[1]))
    return found


def _bearers(doc: _Text, named: set[str]) -> list[Exemplar]:
    found = []
    for kind, name, start, end in sorted(_listed_bearers(doc), key=lambda item: item[2]):
        key = _key(name)
        if key in named:
            continue
        named.add(key)
        movement = _movement_near(doc, start, end)
        found.append(_exemplar(doc, kind, start, end, name=normalize_name(name), count=None, movement=movement))
    return found


# ---------------------------------------------------------------------------------------- entry point


def extract_exemplars(text: str, *, movements: tuple[Movement, ...] = ()) -> tuple[Exemplar, ...]:
    """The exemplars ``text`` names or counts, in text order; ``movements`` are the text's movement mentions."""
    sentences = split_sentences(text)
    doc = _Text(text, fold(text), sentences, tuple(movements), tuple(start for start, _ in sentences))
    counted = _counts(doc)
    people = _people(doc)
    named = {_key(e.name) for e in people if e.name}
    found = counted + _uncounted(doc, bool(counted)) + _models(doc) + people + _bearers(doc, named)
    return tuple(sorted(found, key=lambda e: (e.start, e.end)))
