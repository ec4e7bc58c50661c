"""Organisations: Party committees, people's committees, fronts, unions, offices, schools…

Local news names its bodies by head words that a catalogue lists with their abbreviations
(``data/organizations.toml``: "UBND" is "Ủy ban nhân dân", "BTV" is "Ban Thường vụ"). A body
is completed by what follows it in the text: the body it is part of ("Ban Dân vận" +
"Huyện ủy"), a domain ("Phòng" + "Văn hóa và Thông tin"), a movement or a task for a steering
committee ("Ban Chỉ đạo phong trào "…""), and a unit ("Ủy ban nhân dân" + "huyện Đắk Song",
taken from the units already found, or a bare level word "huyện").

The record name expands abbreviations and drops quotes, and it keeps the unit only as written.
Three rules come from how articles repeat themselves:
- a list shares its unit: "Hội đồng nhân dân, Ủy ban nhân dân huyện" is two bodies of the
  huyện, and "Quận ủy, HĐND, UBND" are the quận's;
- a shorter mention of a body named in full elsewhere in the text is that body ("UBND huyện"
  after "UBND huyện Đắk Song"; "Ủy ban MTTQ tỉnh" after "Ủy ban MTTQ Việt Nam tỉnh Đắk Nông");
- a body that says nothing on its own ("UBND" with no unit, "Ban Chỉ đạo", "Ban tổ chức") and
  a group or level ("UBND các xã", "UBND cấp xã", "xã, thị trấn") are not records.

Steering committees keep their task up to the unit or the first stop word: "Ban Chỉ đạo phong
trào Toàn dân đoàn kết xây dựng đời sống văn hóa huyện", "Ban Chỉ đạo thực hiện Quy chế dân chủ
cơ sở huyện" (known tails such as "QCDC" are written out one way).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from phongtrao.extract.normalize import fold
from phongtrao.extract.units import lookup_unit
from phongtrao.models import Organization, Unit

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_QUOTED_RE = re.compile(r'[ ]*"([^"\n]{2,160})"')
_PARENTHESIS_RE = re.compile(r"[ ]?\([A-ZĐ&]{2,12}\)")
_RUN_JOINER_RE = re.compile(r"[ ]*(?:,|;|-|(?<![^\W_])và(?![^\W_]))(?:[ ]*và(?![^\W_]))?[ ]*\Z")
_PEER_DASH_RE = re.compile(r"[ ]?-[ ]?")
_SPACE_RE = re.compile(r"[ ]+")
_MAX_PROPER_WORDS = 4


@dataclass(frozen=True)
class _Body:
    name: str
    kind: str
    needs: str
    parents: frozenset[str]
    level: str  # the level word of a Party committee ("huyện" for "Huyện ủy")


@dataclass(frozen=True)
class _Catalogue:
    head_re: re.Pattern[str]
    body_by_form: dict[str, _Body]
    lowercase_forms: frozenset[str]
    domain_re: re.Pattern[str]
    domain_by_form: dict[str, str]
    lowercase_domains: frozenset[str]
    level_re: re.Pattern[str]
    level_by_form: dict[str, str]
    village_re: re.Pattern[str]
    generic_after_re: re.Pattern[str]
    not_after_re: re.Pattern[str]
    tail_re: re.Pattern[str]
    tail_by_form: dict[str, str]
    opener_re: re.Pattern[str]
    stop_words: frozenset[str]
    tail_max_words: int


@dataclass
class _Mention:
    """A body as written, with what completes it."""

    start: int
    end: int
    head: str  # the record name without the unit ("Ban Dân vận Huyện ủy")
    key: str  # what a repeat of the body shares ("ban dan van huyen uy")
    body: _Body
    unit: str | None = None  # as written after the body: "huyện Đắk Song", "huyện", "Trung ương"
    unit_named: bool = False  # the unit has a name, not only a level word
    complete: bool = True  # says enough on its own to be a record
    plural: bool = False
    tail: bool = False  # a steering committee's movement or task
    nested: list[tuple[str, str, str | None, bool]] = field(default_factory=list)  # (head, key, unit, named)

    @property
    def name(self) -> str:
        return f"{self.head} {self.unit}" if self.unit else self.head


# ---------------------------------------------------------------- catalogue


def _is_abbreviation(token: str) -> bool:
    """A token matched with its case: "UBND", "BCĐ", "TP", "LĐ-TB&XH", "VH-TT"."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _form_pattern(form: str) -> str:
    """A written form as a pattern: words in any case, abbreviations with theirs, flexible spaces and dashes."""
    parts = []
    for token in re.split(r"([ ]*[-,][ ]*|[ ]+)", form.strip()):
        if not token:
            continue
        if token.strip() == "-":
            parts.append(r"[ ]?-[ ]?")
        elif token.strip() == ",":
            parts.append(r"[ ]?,[ ]?")
        elif not token.strip():
            parts.append(r"[ ]+")
        elif _is_abbreviation(token):
            parts.append(f"(?-i:{re.escape(token)})")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def _form_key(written: str) -> str:
    """The lookup key of a written form: lower case, one space, dashes and commas spaced."""
    text = re.sub(r"[ ]*([-,])[ ]*", r" \1 ", written.lower())
    return " ".join(text.split())


def _alternation(forms: list[str]) -> str:
    return "|".join(_form_pattern(f) for f in sorted(set(forms), key=len, reverse=True))


def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?i:(?<![^\W_])(?:{pattern})(?![^\W_]))")


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    data = tomllib.loads(resources.files("phongtrao.data").joinpath("organizations.toml").read_text("utf-8"))
    kinds = data["kinds"]
    body_by_form: dict[str, _Body] = {}
    lowercase: set[str] = set()
    for item in data["body"]:
        kind = kinds[item["kind"]]
        body = _Body(item["name"], item["kind"], kind["needs"], frozenset(kind["parents"]), item.get("level", ""))
        for form in item["forms"]:
            body_by_form.setdefault(_form_key(form), body)
        lowercase.update(_form_key(f) for f in item.get("lowercase", []))
    domain_by_form = {_form_key(form): name for name, forms in data["domains"].items() for form in forms}
    units = data["units"]
    level_by_form = {_form_key(w): w for w in units["levels"]}
    level_by_form.update({_form_key(a): w for a, w in units["level_abbreviations"].items()})
    steering = data["steering"]
    tail_by_form = {_form_key(form): name for name, forms in steering["tails"].items() for form in forms}
    return _Catalogue(
        head_re=_whole(_alternation([f for item in data["body"] for f in item["forms"]])),
        body_by_form=body_by_form,
        lowercase_forms=frozenset(lowercase),
        domain_re=_whole(_alternation([f for forms in data["domains"].values() for f in forms])),
        domain_by_form=domain_by_form,
        lowercase_domains=frozenset(_form_key(n) for n in data["domains"] if n[0].islower()),
        level_re=re.compile(
            rf"[ ]+(?:{_whole(_alternation(units['levels'])).pattern}"
            rf"|(?<![^\W_])(?:{'|'.join(map(re.escape, units['level_abbreviations']))})\.?(?![^\W_]))"
        ),
        level_by_form=level_by_form,
        village_re=re.compile(
            rf"[ ]+(?:{_whole(_alternation(units['villages'])).pattern})[ ]+(?:\d{{1,3}}[A-Z]?|[A-ZĐ][^\W\d_]*(?:[ ][A-ZĐ][^\W\d_]*)?)(?![^\W_])"
        ),
        generic_after_re=re.compile(rf"[ ]+{_whole(_alternation(units['generic_after'])).pattern}"),
        not_after_re=re.compile(rf"{_whole(_alternation(units['not_after'])).pattern}[ ]+\Z"),
        tail_re=re.compile(rf"[ ]+{_whole(_alternation(list(steering['tails'].values())[0] + [f for v in steering['tails'].values() for f in v])).pattern}"),
        tail_by_form=tail_by_form,
        opener_re=re.compile(rf"[ ]+{_whole(_alternation(steering['openers'])).pattern}"),
        stop_words=frozenset(_form_key(w) for w in steering["stops"]),
        tail_max_words=int(steering["max_words"]),
    )


# ---------------------------------------------------------------- public


def extract_organizations(text: str, units: tuple[Unit, ...] = ()) -> tuple[Organization, ...]:
    """Every named body in the text, in order; ``units`` are the text's units (``extract_units``)."""
    catalogue = _catalogue()
    units_by_start = {u.start: u for u in units}
    unit_spans = [(u.start, u.end) for u in units]
    mentions: list[_Mention] = []
    pos = 0
    while True:
        match = catalogue.head_re.search(text, pos)
        if match is None:
            break
        mention = None
        if not _inside_unit_name(match.start(), unit_spans, units_by_start):
            mention = _read_mention(text, match, units_by_start)
        if mention is None:
            pos = match.end()
            continue
        mentions.append(mention)
        pos = mention.end
    _share_units_in_lists(text, mentions)
    kept = _resolve_repeats(mentions)
    return tuple(Organization(m.name, text[m.start : m.end], m.start, m.end) for m in kept)


def canonical_organization(phrase: str) -> str | None:
    """The record name of a phrase that is one body ("Ban DV HU" aside): "UBND huyện" → "Ủy ban nhân dân huyện"."""
    found = extract_organizations(phrase)
    return found[0].name if len(found) == 1 else None


# ---------------------------------------------------------------- reading one body


def _inside_unit_name(start: int, spans: list[tuple[int, int]], units_by_start: dict[int, Unit]) -> bool:
    """Whether a head word is part of a unit's name ("xã Trường Xuân" is no school)."""
    return any(s < start < e for s, e in spans)


def _body_at(text: str, match: re.Match[str]) -> _Body | None:
    catalogue = _catalogue()
    written = match.group(0)
    key = _form_key(written)
    body = catalogue.body_by_form.get(key)
    if body is None:
        return None
    if written[0].islower() and key not in catalogue.lowercase_forms:
        return None
    return body


def _read_mention(text: str, match: re.Match[str], units_by_start: dict[int, Unit]) -> _Mention | None:
    catalogue = _catalogue()
    body = _body_at(text, match)
    if body is None or catalogue.not_after_re.search(text, max(0, match.start() - 24), match.start()):
        return None
    mention = _Mention(match.start(), match.end(), body.name, "", body)
    if body.kind == "carrier":
        mention.complete = False
        _attach_unit(text, mention, units_by_start)
        return mention
    chain = _read_chain(text, mention)
    last = chain[-1]
    if last.needs == "domain" and not _read_domain(text, mention):
        return None
    if last.needs == "tail":
        _read_steering(text, mention, units_by_start)
    _skip_parenthesis(text, mention)
    if last.kind in ("party_unit", "front"):
        _read_village(text, mention)
    if mention.unit is None:
        _attach_unit(text, mention, units_by_start)
    if catalogue.generic_after_re.match(text, mention.end):
        return None
    mention.complete = _is_complete(chain, mention)
    mention.key = _repeat_key(mention.head)
    if len(chain) > 1:
        parent_head = mention.head.split(" ", len(body.name.split()))[-1]
        mention.nested.append((parent_head, _repeat_key(parent_head), mention.unit, mention.unit_named))
    return mention


def _read_chain(text: str, mention: _Mention) -> list[_Body]:
    """A part and the bodies it belongs to: "Ban Thường vụ" + "Huyện ủy", "Văn phòng" + "HĐND - UBND"."""
    chain = [mention.body]
    while chain[-1].parents:
        following = _catalogue().head_re.match(text, mention.end + 1) if text[mention.end : mention.end + 1] == " " else None
        parent = _body_at(text, following) if following else None
        if parent is None or parent.kind not in chain[-1].parents:
            break
        chain.append(parent)
        mention.head += " " + parent.name
        mention.end = following.end()
        _read_peers(text, mention, parent)
    return chain


def _is_complete(chain: list[_Body], mention: _Mention) -> bool:
    """Whether a body says enough on its own to be a record."""
    first, last = chain[0], chain[-1]
    if len(chain) > 1:
        return True  # "Ban Pháp chế Hội đồng nhân dân"
    if first.needs == "parent" or first.kind == "board":
        return mention.unit is not None
    if first.needs == "unit":
        return mention.unit is not None
    if last.needs == "tail":
        return mention.unit is not None or mention.tail
    return True


def _read_peers(text: str, mention: _Mention, parent: _Body) -> None:
    """"Văn phòng HĐND - UBND": bodies of one kind joined by a dash share the office before them."""
    while True:
        dash = _PEER_DASH_RE.match(text, mention.end)
        peer = _catalogue().head_re.match(text, dash.end()) if dash else None
        body = _body_at(text, peer) if peer else None
        if body is None or body.kind != parent.kind:
            return
        mention.head += " - " + body.name
        mention.end = peer.end()


def _read_domain(text: str, mention: _Mention) -> bool:
    """"Phòng" + "Văn hóa và Thông tin" (+ a proper name: "Trường THPT" + "Đắk Song")."""
    catalogue = _catalogue()
    domain = catalogue.domain_re.match(text, mention.end + 1) if text[mention.end : mention.end + 1] == " " else None
    if domain:
        key = _form_key(domain.group(0))
        if domain.group(0)[0].isupper() or _form_key(catalogue.domain_by_form[key]) in catalogue.lowercase_domains:
            mention.head += " " + catalogue.domain_by_form[key]
            mention.end = domain.end()
            proper = _proper_name(text, mention.end)
            if proper:
                mention.head += " " + text[mention.end + 1 : proper]
                mention.end = proper
            return True
    proper = _proper_name(text, mention.end, minimum=2)
    if proper is None:
        return False
    mention.head += " " + text[mention.end + 1 : proper]
    mention.end = proper
    return True


def _proper_name(text: str, pos: int, *, minimum: int = 1) -> int | None:
    """The end of a run of capitalised words after ``pos`` ("Tây Nguyên", "Đắk Song"), or None."""
    catalogue = _catalogue()
    end = pos
    words = 0
    while words < _MAX_PROPER_WORDS:
        gap = re.compile(r"[ ]+(?:và[ ]+)?|[ ]?-[ ]?").match(text, end) if words else re.compile(r"[ ]+").match(text, end)
        word = _WORD_RE.match(text, gap.end()) if gap else None
        if word is None or not (word.group(0)[0].isupper() or word.group(0).isdigit()):
            break
        if catalogue.head_re.match(text, word.start()) or catalogue.level_re.match(text, gap.start()):
            break
        end = word.end()
        words += 1
    return end if words >= minimum else None


def _read_steering(text: str, mention: _Mention, units_by_start: dict[int, Unit]) -> None:
    """"Ban Chỉ đạo" + a movement in quotes, a known tail or a task up to a stop; a unit before
    the task stays inside the name ("Ban Chỉ đạo tỉnh về phòng, chống dịch …")."""
    catalogue = _catalogue()
    _skip_parenthesis(text, mention)
    _attach_unit(text, mention, units_by_start)
    known = catalogue.tail_re.match(text, mention.end)
    opener = catalogue.opener_re.match(text, mention.end)
    tail = ""
    if known:
        tail, mention_end = catalogue.tail_by_form[_form_key(known.group(0))], known.end()
    elif opener:
        quoted = _QUOTED_RE.match(text, opener.end())
        if quoted:
            tail, mention_end = f"{opener.group(0).strip()} {' '.join(quoted.group(1).split())}", quoted.end()
        elif _form_key(opener.group(0)) not in ("phong trào", "cuộc vận động"):
            mention_end = _task_end(text, opener.end())
            if mention_end > opener.end():
                tail = " ".join(text[opener.start() : mention_end].split())
    if not tail:
        return
    mention.tail = True
    if mention.unit is not None:
        mention.head += " " + mention.unit
        mention.unit, mention.unit_named = None, False
    mention.head += " " + tail
    mention.end = mention_end


def _task_end(text: str, pos: int) -> int:
    """The end of a steering committee's task: up to punctuation, a stop word or a unit word."""
    catalogue = _catalogue()
    end = pos
    words = 0
    while words < catalogue.tail_max_words:
        gap = re.compile(r"[ ]+|,[ ]+(?=chống)").match(text, end)
        word = _WORD_RE.match(text, gap.end()) if gap else None
        if word is None or _form_key(word.group(0)) in catalogue.stop_words:
            break
        if catalogue.level_re.match(text, gap.start()):
            break
        end = word.end()
        words += 1
    return end


def _skip_parenthesis(text: str, mention: _Mention) -> None:
    skipped = _PARENTHESIS_RE.match(text, mention.end)
    if skipped:
        mention.end = skipped.end()


def _read_village(text: str, mention: _Mention) -> None:
    village = _catalogue().village_re.match(text, mention.end)
    if village:
        mention.head += " " + " ".join(village.group(0).split())
        mention.end = village.end()


def _attach_unit(text: str, mention: _Mention, units_by_start: dict[int, Unit]) -> _Mention:
    """The unit written right after the body: a unit record, a level word, "Việt Nam", a known place."""
    catalogue = _catalogue()
    pos = mention.end
    if text[pos : pos + 1] != " ":
        return mention
    unit = units_by_start.get(pos + 1)
    level = catalogue.level_re.match(text, pos)
    if unit is not None and _form_key(unit.text) not in catalogue.level_by_form:
        mention.unit, mention.unit_named, mention.end = unit.name, True, unit.end
    elif level is not None:
        mention.unit = catalogue.level_by_form[_form_key(level.group(0).strip().rstrip("."))]
        mention.end = level.end()
        mention.plural = bool(re.compile(r"[ ]*(?:,|và)[ ]*").match(text, mention.end)) and bool(
            catalogue.level_re.match(text, re.compile(r"[ ]*(?:,|và)").match(text, mention.end).end())
        )
    elif mention.body.kind in ("party", "front", "union", "generic", "security", "state"):
        place = _known_place(text, pos)
        if place:
            mention.unit, mention.unit_named, mention.end = " ".join(text[pos + 1 : place].split()), True, place
    return mention


def _known_place(text: str, pos: int) -> int | None:
    """The end of a bare province or district name after ``pos`` ("Huyện ủy Đắk Song", "Sở Y tế Nghệ An")."""
    end = _proper_name(text, pos)
    while end is not None and end > pos:
        name = text[pos + 1 : end]
        if any(e.level in ("province", "district") for e in lookup_unit(name)):
            return end
        shorter = name.rsplit(" ", 1)
        if len(shorter) < 2:
            return None
        end = pos + 1 + len(shorter[0])
    return None


def _repeat_key(head: str) -> str:
    """What repeats of one body share: the folded head without "Việt Nam"."""
    return " ".join(fold(head).replace(" viet nam", "").split())


# ---------------------------------------------------------------- lists and repeats


def _share_units_in_lists(text: str, mentions: list[_Mention]) -> None:
    """"HĐND, UBND huyện": the last unit of a list goes to the bodies before it that need one;
    "Quận ủy, HĐND, UBND": a Party committee's level goes to the bodies after it."""
    runs: list[list[_Mention]] = []
    for mention in mentions:
        if runs and _RUN_JOINER_RE.match(text[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    for run in runs:
        if len(run) < 2:
            continue
        plural = any(m.plural for m in run)
        for mention in run:
            mention.plural = mention.plural or (plural and mention.unit is None)
        following: _Mention | None = None
        for mention in reversed(run):
            if mention.unit is None and mention.body.needs in ("unit", "tail") and following and following.unit:
                mention.unit, mention.unit_named = following.unit, following.unit_named
                mention.complete = True
            following = mention if mention.body.needs in ("unit", "tail") or mention.body.kind == "carrier" else None
        level = ""
        for mention in run:
            if mention.body.level:
                level = mention.body.level
            elif mention.unit is None and level and mention.body.needs == "unit":
                mention.unit, mention.complete = level, True


def _resolve_repeats(mentions: list[_Mention]) -> list[_Mention]:
    """Name each shorter mention after the fuller mention of its body nearest before it (else the
    one after it); drop mentions that say nothing on their own, groups and levels."""
    pool: dict[str, list[tuple[int, str, str]]] = {}  # key → (start, unit, name) of mentions with a unit
    for mention in mentions:
        entries = [] if mention.body.kind == "carrier" or mention.plural else [(mention.head, mention.key, mention.unit, mention.unit_named)]
        for head, key, unit, named in entries + mention.nested:
            if unit:
                pool.setdefault(key, []).append((mention.start, unit if named else "", f"{head} {unit}"))
    kept = []
    for mention in mentions:
        if mention.body.kind == "carrier" or mention.plural:
            continue
        fuller = None if mention.unit_named else _fuller(mention, pool.get(mention.key, []))
        if fuller is not None:
            kept.append(replace(mention, head=fuller, unit=None))
        elif mention.complete:
            kept.append(mention)
    return kept


def _fuller(mention: _Mention, named: list[tuple[int, str, str]]) -> str | None:
    """The fuller name of the same body nearest before this mention, else the only one after it."""
    level = mention.unit
    candidates = [
        (start, name)
        for start, unit, name in named
        if unit and name != mention.name and (level is None or unit.startswith(level + " "))
    ]
    before = [c for c in candidates if c[0] < mention.start]
    if before:
        return max(before)[1]
    after = {name for _, name in candidates}
    return after.pop() if len(after) == 1 else None
