"""Organisations: Party committees, people's committees, fronts, unions, offices, schools…

Local news names its bodies by head words that a catalogue lists with their abbreviations
(``data/organizations.toml``: "UBND" is "Ủy ban nhân dân", "BTV" is "Ban Thường vụ"). A body
is completed by what follows it in the text: the body it is part of ("Ban Dân vận" +
"Huyện ủy"), a domain ("Phòng" + "Văn hóa và Thông tin"), a movement or a task for a steering
committee ("Ban Chỉ đạo phong trào "…""), and a unit ("Ủy ban nhân dân" + "huyện Đắk Song",
taken from the units already found, or a bare level word "huyện").

The record name expands abbreviations, writes a steering committee's movement by its catalogue
name without quotes, and keeps the unit only as written. Three rules come from how articles
repeat themselves:
- a list shares its unit: "Hội đồng nhân dân, Ủy ban nhân dân huyện" is two bodies of the
  huyện, "Quận ủy, HĐND, UBND" are the quận's, "Hội LHPN xã Thuận Hà; Thuận Hạnh" two unions;
- a shorter mention of a body named in full elsewhere is that body ("UBND huyện" after "UBND
  huyện Đắk Song"; "Ủy ban MTTQ tỉnh" after "Ủy ban MTTQ Việt Nam tỉnh Đắk Nông"), the nearest
  fuller mention before it winning;
- a body that says nothing on its own ("UBND" with no unit, a bare "Ban Chỉ đạo" or "Ban tổ
  chức") and a group or a level ("UBND các xã", "UBND cấp xã", "xã, thị trấn", "UBND xã" in an
  article about several communes) are not records.

Steering committees keep their task up to the unit or the first stop word: "Ban Chỉ đạo phong
trào Toàn dân đoàn kết xây dựng đời sống văn hóa huyện", "Ban Chỉ đạo thực hiện Quy chế dân chủ
cơ sở huyện" (known tails such as "QCDC" are written out one way).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources

from phongtrao.extract.movements import resolve_movement
from phongtrao.extract.normalize import fold
from phongtrao.extract.units import lookup_unit
from phongtrao.models import Organization, Unit

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_QUOTED_RE = re.compile(r'[ ]*"([^"\n]{2,160})"')
_INITIALS_RE = re.compile(r"[ ]+([A-ZĐ]{4,20})(?![^\W_])")
_PARENTHESIS_RE = re.compile(r"[ ]?\((?:[A-ZĐ&-]{2,}[ ]?){1,3}\)")
_RUN_JOINER_RE = re.compile(r"[ ]*(?:,|;|-|(?<![^\W_])và(?![^\W_]))(?:[ ]*và(?![^\W_]))?[ ]*\Z")
_LIST_JOINER_RE = re.compile(r"[ ]*(?:[,;]|(?<![^\W_])và(?![^\W_]))[ ]*")
_PEER_DASH_RE = re.compile(r"[ ]?-[ ]?")
_SPACE_RE = re.compile(r"[ ]+")
_PROPER_GAP_RE = re.compile(r"[ ]+|[ ]?-[ ]?")
_DOCUMENT_CODE_BEFORE_RE = re.compile(r"(?:/|/[A-ZĐ]{1,6}-|\d-)\Z")
_MEMBER_AFTER_RE = re.compile(r"[ ]+viên(?![^\W_])")
_NUMBERED_LEVEL_RE = re.compile(r"[ ]+\d{1,3}[ ]+(?i:xã|phường|thị trấn|huyện|quận|tỉnh|đơn vị)(?![^\W_])")
_TASK_GAP_RE = re.compile(r"[ ]+|[ ]?,[ ]+(?=[a-zđà-ỹ])")  # "phòng, chống tội phạm, tệ nạn xã hội"
_MAX_PROPER_WORDS = 4
_COMMUNE_LEVELS = ("xã", "phường", "thị trấn")
_UNIT_TYPES = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "tỉnh", "xã", "phường")
_MOVEMENT_OPENERS = frozenset({"phong trào", "cuộc vận động"})
_LIST_FAMILY = frozenset({"state", "front", "party_unit", "security", "justice", "carrier"})


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
    first_word_re: re.Pattern[str]  # the first word of every form: the scan looks only there
    bodies_by_form: dict[str, tuple[_Body, ...]]
    lowercase_forms: frozenset[str]
    domain_re: re.Pattern[str]
    domain_by_form: dict[str, str]
    lowercase_domains: frozenset[str]
    level_re: re.Pattern[str]
    level_by_form: dict[str, str]
    village_re: re.Pattern[str]
    village_level_re: re.Pattern[str]
    generic_after_re: re.Pattern[str]
    not_after_re: re.Pattern[str]
    prefix_before_re: re.Pattern[str]
    title_before_re: re.Pattern[str]
    qualifiers: frozenset[str]
    tail_re: re.Pattern[str]
    tail_by_form: dict[str, str]
    task_abbreviations: dict[str, str]
    opener_re: re.Pattern[str]
    stop_words: frozenset[str]
    tail_max_words: int
    legal_form_re: re.Pattern[str]
    enterprise_stops: frozenset[str]
    enterprise_max_words: int


@dataclass
class _Mention:
    """A body as written, with what completes it."""

    start: int
    end: int
    head: str  # the record name without the unit ("Ban Dân vận Huyện ủy")
    body: _Body
    key: str = ""  # what a repeat of the body shares: the folded name of its first body
    unit: str | None = None  # as written after the body: "huyện Đắk Song", "huyện", "Trung ương"
    unit_named: bool = False  # the unit has a name, not only a level word
    chain_level: str = ""  # the level of the Party committee it is part of ("huyện")
    tail: bool = False  # a steering committee's movement or task
    domain: str = ""  # "known" or "proper" for a body named by its domain
    village: bool = False  # "Chi bộ thôn 8", "Ban Công tác Mặt trận khóm 4"
    village_level: bool = False  # "Chi hội Phụ nữ khối phố": the article's own village, not named
    national: bool = False  # "Hội LHPN Việt Nam", "Trung ương Hội LHPN Việt Nam"
    tail_key: str = ""  # the folded task of a steering committee
    tail_weight: int = 0  # 1 for a task in initials ("BCĐ QCDC"), 2 written out
    complete: bool = True  # says enough on its own to be a record
    plural: bool = False
    nested: list[_Mention] = field(default_factory=list)  # a parent body inside the name

    @property
    def name(self) -> str:
        return f"{self.head} {self.unit}" if self.unit else self.head

    @cached_property
    def level(self) -> str:
        """The level word of its unit ("huyện" for "huyện Đắk Song"), of its Party committee, or "Việt Nam"."""
        if self.unit:
            typed = next((t for t in _UNIT_TYPES if self.unit == t or self.unit.startswith(t + " ")), "")
            if typed:
                return typed
        if self.national:
            return "Việt Nam"
        return self.chain_level or (self.unit or "")

    @cached_property
    def score(self) -> int:
        """How much of the body it names: a named unit counts most, then a level, a task, a parent,
        a proper name, a village (named counts twice), the nation. A mention is renamed only
        after a fuller one."""
        features = (bool(self.chain_level), self.domain == "proper", self.village, self.national)
        return (
            3 * self.unit_named
            + self.village
            + self.village_level
            + (self.unit is not None and not self.unit_named)
            + sum(features)
            + bool(self.chain_level)
            + self.tail_weight
        )


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


def _trie_pattern(words: set[str]) -> str:
    """One alternation for many words, shared prefixes factored out so a scan tries few branches."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in node else body


@lru_cache(maxsize=4096)
def _form_key(written: str) -> str:
    """The lookup key of a written form: lower case, one space, dashes and commas spaced."""
    text = re.sub(r"[ ]*([-,])[ ]*", r" \1 ", written.lower())
    return " ".join(text.split())


def _alternation(forms: list[str]) -> str:
    return "|".join(_form_pattern(f) for f in sorted(set(forms), key=len, reverse=True))


def _whole(forms: list[str]) -> str:
    return rf"(?i:(?<![^\W_])(?:{_alternation(forms)})(?![^\W_]))"


def _after_space(forms: list[str]) -> re.Pattern[str]:
    return re.compile(rf"[ ]+{_whole(forms)}")


def _before_end(forms: list[str]) -> re.Pattern[str]:
    return re.compile(rf"{_whole(forms)}[ ]+\Z")


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    data = tomllib.loads(resources.files("phongtrao.data").joinpath("organizations.toml").read_text("utf-8"))
    kinds = data["kinds"]
    bodies_by_form: dict[str, list[_Body]] = {}
    lowercase: set[str] = set()
    for item in data["body"]:
        kind = kinds[item["kind"]]
        needs = item.get("needs", kind["needs"])
        body = _Body(item["name"], item["kind"], needs, frozenset(kind["parents"]), item.get("level", ""))
        for form in item["forms"]:
            bodies_by_form.setdefault(_form_key(form), []).append(body)
        lowercase.update(_form_key(f) for f in item.get("lowercase", []))
    units = data["units"]
    level_forms = units["levels"] + list(units["level_typos"])
    level_by_form = {_form_key(w): w for w in units["levels"]}
    level_by_form.update({_form_key(w): level for w, level in units["level_typos"].items()})
    level_by_form.update({_form_key(a): w for a, w in units["level_abbreviations"].items()})
    abbreviations = "|".join(map(re.escape, units["level_abbreviations"]))
    steering = data["steering"]
    tail_forms = [f for forms in steering["tails"].values() for f in forms]
    villages = _whole(units["villages"])
    forms = [f for item in data["body"] for f in item["forms"]]
    first_words = {_WORD_RE.match(f).group(0).lower() for f in forms}
    return _Catalogue(
        head_re=re.compile(_whole(forms)),
        first_word_re=re.compile(rf"(?i)(?<![^\W_]){_trie_pattern(first_words)}(?![^\W_])"),
        bodies_by_form={form: tuple(bodies) for form, bodies in bodies_by_form.items()},
        lowercase_forms=frozenset(lowercase),
        domain_re=re.compile(_whole([f for forms in data["domains"].values() for f in forms])),
        domain_by_form={_form_key(form): name for name, forms in data["domains"].items() for form in forms},
        lowercase_domains=frozenset(_form_key(n) for n in data["domains"] if n[0].islower()),
        level_re=re.compile(
            rf"[ ]+(?:{_whole(level_forms)}|(?<![^\W_])(?:{abbreviations})\.?(?![^\W_]))(?![ ]+hội(?![^\W_]))"
        ),
        level_by_form=level_by_form,
        village_re=re.compile(
            rf"[ ]+{villages}[ ]+(?:\d{{1,3}}[A-Z]?|[A-ZĐ][^\W\d_]*(?:[ ][A-ZĐ][^\W\d_]*)?)(?![^\W_])"
        ),
        village_level_re=re.compile(rf"[ ]+{_whole(units['village_levels'])}(?![ ]*(?:,|và|[A-ZĐ\d])|[ ]+{villages})"),
        generic_after_re=_after_space(units["generic_after"]),
        not_after_re=_before_end(units["not_after"]),
        prefix_before_re=_before_end(units["prefixes"]),
        title_before_re=_before_end(data["standing"]["title_before"]),
        qualifiers=frozenset(data["standing"]["qualifiers"]),
        tail_re=_after_space(tail_forms),
        tail_by_form={_form_key(form): name for name, forms in steering["tails"].items() for form in forms},
        task_abbreviations=steering["abbreviations"],
        opener_re=_after_space(steering["openers"]),
        stop_words=frozenset(_form_key(w) for w in steering["stops"]),
        tail_max_words=int(steering["max_words"]),
        legal_form_re=_after_space(data["enterprise"]["legal_forms"]),
        enterprise_stops=frozenset(_form_key(w) for w in data["enterprise"]["stops"]),
        enterprise_max_words=int(data["enterprise"]["max_words"]),
    )


# ---------------------------------------------------------------- public


def extract_organizations(text: str, units: tuple[Unit, ...] = ()) -> tuple[Organization, ...]:
    """Every named body in the text, in order; ``units`` are the text's units (``extract_units``)."""
    catalogue = _catalogue()
    units_by_start = {u.start: u for u in units}
    unit_spans = sorted((u.start, u.end) for u in units)
    mentions: list[_Mention] = []
    pos = 0
    for word in catalogue.first_word_re.finditer(text):
        if word.start() < pos:
            continue
        match = catalogue.head_re.match(text, word.start())
        if match is None:
            continue
        found = [] if _inside_unit_name(match.start(), unit_spans) else _read_mentions(text, match, units_by_start)
        if found:
            mentions.extend(found)
            pos = found[-1].end
    _share_units_in_lists(text, mentions)
    communes = {fold(u.name) for u in units if u.level == "commune"}
    kept = _resolve_repeats(mentions, one_commune=len(communes) == 1)
    return tuple(Organization(m.name, text[m.start : m.end], m.start, m.end) for m in kept)


def canonical_organization(phrase: str) -> str | None:
    """The record name of a phrase that is one body: "UBND huyện" → "Ủy ban nhân dân huyện"."""
    found = extract_organizations(phrase)
    return found[0].name if len(found) == 1 else None


# ---------------------------------------------------------------- reading one body


def _inside_unit_name(start: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a head word is part of a unit's name ("xã Trường Xuân" is no school); spans are sorted."""
    index = bisect_left(spans, (start, start)) - 1
    return index >= 0 and spans[index][0] < start < spans[index][1]


def _bodies_at(match: re.Match[str], *, first: bool) -> tuple[_Body, ...]:
    """The bodies a written form stands for; a small first letter only where the catalogue allows it."""
    catalogue = _catalogue()
    written = match.group(0)
    key = _form_key(written)
    if first and written[0].islower() and key not in catalogue.lowercase_forms:
        return ()
    return catalogue.bodies_by_form.get(key, ())


def _read_mentions(text: str, match: re.Match[str], units_by_start: dict[int, Unit]) -> list[_Mention]:
    """The body a head word starts, and the bodies a list after it shares it with."""
    catalogue = _catalogue()
    before = text[max(0, match.start() - 24) : match.start()]
    if catalogue.not_after_re.search(before) or _DOCUMENT_CODE_BEFORE_RE.search(before):
        return []
    if _MEMBER_AFTER_RE.match(text, match.end()):
        return []  # "Huyện ủy viên" is a membership title
    for body in _bodies_at(match, first=True):
        if body.name in catalogue.qualifiers and catalogue.title_before_re.search(before):
            continue  # "Phó Bí thư Thường trực Huyện ủy"
        mention = _read_mention(text, match, body, units_by_start)
        if mention is not None:
            _read_prefix(text, mention, before)
            return [mention, *_list_siblings(text, mention, units_by_start)]
    return []


def _read_mention(text: str, match: re.Match[str], body: _Body, units_by_start: dict[int, Unit]) -> _Mention | None:
    catalogue = _catalogue()
    mention = _Mention(match.start(), match.end(), body.name, body)
    if body.kind == "carrier":
        mention.complete = False
        _attach_unit(text, mention, units_by_start)
        return mention
    chain = _read_chain(text, mention)
    last = chain[-1]
    if last.needs == "domain" and not _read_domain(text, mention):
        return None
    if last.needs == "name" and not _read_own_name(text, mention):
        return None
    identity = mention.head if len(chain) == 1 else body.name  # "Phòng Văn hóa và Thông tin"; "Ban Dân vận"
    if last.needs == "tail":
        _read_steering(text, mention, units_by_start)
    _skip_parenthesis(text, mention)
    if last.kind in ("party_unit", "front", "branch"):
        _read_village(text, mention)
    if last.kind in ("union", "front"):
        _read_country(text, mention)
    if mention.unit is None:
        _attach_unit(text, mention, units_by_start)
        _skip_parenthesis(text, mention)
    if catalogue.generic_after_re.match(text, mention.end) or _NUMBERED_LEVEL_RE.match(text, mention.end):
        return None
    if last.needs == "tail" and mention.unit is None and mention.tail:
        _read_owner(text, mention)
    mention.complete = _is_complete(chain, mention)
    mention.key = _repeat_key(identity)
    return mention


def _read_chain(text: str, mention: _Mention) -> list[_Body]:
    """A part and the bodies it belongs to: "Ban Thường vụ" + "Huyện ủy", "Văn phòng" + "HĐND - UBND"."""
    chain = [mention.body]
    while chain[-1].parents:
        if text[mention.end : mention.end + 1] != " ":
            break
        following = _catalogue().head_re.match(text, mention.end + 1)
        if following is None:
            break
        parent = next((b for b in _bodies_at(following, first=False) if b.kind in chain[-1].parents), None)
        if parent is None:
            break
        chain.append(parent)
        nested = _Mention(following.start(), following.end(), parent.name, parent, key=_repeat_key(parent.name))
        mention.nested.append(nested)
        mention.head += " " + parent.name
        mention.end = following.end()
        mention.chain_level = mention.chain_level or parent.level
        _read_peers(text, mention, parent)
    return chain


@lru_cache(maxsize=4096)
def _repeat_key(name: str) -> str:
    """What repeats of one body share: its folded name without "Việt Nam" ("Ủy ban MTTQ tỉnh")."""
    return fold(name).replace(" viet nam", "")


def _is_complete(chain: list[_Body], mention: _Mention) -> bool:
    """Whether a body says enough on its own to be a record."""
    first, last = chain[0], chain[-1]
    if len(chain) > 1:
        return True  # "Ban Pháp chế Hội đồng nhân dân"
    if mention.national or mention.village or mention.village_level:
        return True
    if first.needs in ("unit", "parent"):
        return mention.unit is not None
    if last.needs == "tail":
        return mention.unit is not None or mention.tail
    return True


def _read_peers(text: str, mention: _Mention, parent: _Body) -> None:
    """Bodies of one kind joined by a dash share the office before them: "Văn phòng HĐND - UBND"."""
    while True:
        dash = _PEER_DASH_RE.match(text, mention.end)
        peer = _catalogue().head_re.match(text, dash.end()) if dash else None
        body = next((b for b in _bodies_at(peer, first=False) if b.kind == parent.kind), None) if peer else None
        if body is None:
            return
        mention.head += " - " + body.name
        mention.end = peer.end()


def _read_domain(text: str, mention: _Mention) -> bool:
    """A domain after a generic head: "Phòng" + "Văn hóa và Thông tin" (+ "Trường THPT" + "Đắk Song")."""
    catalogue = _catalogue()
    domain = catalogue.domain_re.match(text, mention.end + 1) if text[mention.end : mention.end + 1] == " " else None
    if domain and mention.body.kind != "post":
        name = catalogue.domain_by_form[_form_key(domain.group(0))]
        if domain.group(0)[0].isupper() or _form_key(name) in catalogue.lowercase_domains:
            mention.head += " " + name
            mention.end = domain.end()
            mention.domain = "known"
            proper = _proper_name(text, mention.end)
            if proper and not _known_place(text, mention.end):
                mention.head += " " + " ".join(text[mention.end + 1 : proper].split())
                mention.end = proper
                mention.domain = "proper"
            return True
    proper = _proper_name(text, mention.end, minimum=2)
    if proper is None:
        return False
    mention.head += " " + " ".join(text[mention.end + 1 : proper].split())
    mention.end = proper
    mention.domain = "proper"
    return True


def _read_own_name(text: str, mention: _Mention) -> bool:
    """A cooperative's or a company's name: the legal form as written ("TNHH"), then the words up
    to the last capitalised one before a stop word, punctuation, a unit or a lower-case word after
    two capitals ("Công ty TNHH Mía đường Tây Ninh | ưu tiên", "Công ty Khai thác thủy lợi | huyện
    Đắk Song")."""
    catalogue = _catalogue()
    form = catalogue.legal_form_re.match(text, mention.end)
    pos = form.end() if form else mention.end
    end: int | None = None
    run = 0  # capitalised words in a row
    for count in range(catalogue.enterprise_max_words):
        gap = _PROPER_GAP_RE.match(text, pos)
        word = _WORD_RE.match(text, gap.end()) if gap else None
        if gap is None or word is None:
            break
        written = word.group(0)
        capitalised = written[0].isupper() or written[0].isdigit()
        if count == 0 and not capitalised:
            return False
        if _form_key(written) in catalogue.enterprise_stops or (run >= 2 and not capitalised):
            break  # "… Mía đường Tây Ninh | ưu tiên": a place-like pair of capitals closes the name
        if catalogue.level_re.match(text, gap.start()):
            end = pos if count else None  # the unit completes the name
            break
        pos = word.end()
        run = run + 1 if capitalised else 0
        if capitalised:
            end = pos
    if end is None:
        return False
    mention.head += " " + " ".join(text[mention.end : end].split())
    mention.end = end
    mention.domain = "proper"
    return True


def _proper_name(text: str, pos: int, *, minimum: int = 1, heads_end: bool = True) -> int | None:
    """The end of a run of capitalised words after ``pos`` ("Tây Nguyên", "Đắk Song"), or None.

    A body's head word ends the run unless ``heads_end`` is false, for a run that is then checked
    against the gazetteer ("Hải Phòng" holds "Phòng")."""
    catalogue = _catalogue()
    end = pos
    words = 0
    while words < _MAX_PROPER_WORDS:
        gap = (_PROPER_GAP_RE if words else _SPACE_RE).match(text, end)
        word = _WORD_RE.match(text, gap.end()) if gap else None
        if word is None or not word.group(0)[0].isupper() or word.group(0).isdigit() or len(word.group(0)) < 2:
            break
        if (heads_end or not words) and catalogue.head_re.match(text, word.start()):
            break
        if catalogue.level_re.match(text, gap.start()):
            break
        end = word.end()
        words += 1
    return end if words >= minimum else None


def _read_steering(text: str, mention: _Mention, units_by_start: dict[int, Unit]) -> None:
    """A steering committee's movement in quotes, known tail or task up to a stop; a unit before
    the task stays inside the name ("Ban Chỉ đạo tỉnh về phòng, chống dịch …")."""
    catalogue = _catalogue()
    _skip_parenthesis(text, mention)
    _attach_unit(text, mention, units_by_start)
    start = mention.end
    tail, end = _steering_tail(text, start)
    if not tail:
        return
    mention.tail = True
    mention.tail_key = _task_key(tail)
    bare = _form_key(tail) in _MOVEMENT_OPENERS  # "Ban Chỉ đạo cuộc vận động huyện"
    mention.tail_weight = 1 + (not bare and len(text[start:end].split()) >= 3)
    if mention.unit is not None:
        mention.head += " " + mention.unit
        mention.unit, mention.unit_named = None, False
    mention.head += " " + tail
    mention.end = end
    if catalogue.tail_re.match(text, end) is None:
        _skip_parenthesis(text, mention)


def _steering_tail(text: str, pos: int) -> tuple[str, int]:
    """(tail, end) after "Ban Chỉ đạo", or ("", pos)."""
    catalogue = _catalogue()
    known = catalogue.tail_re.match(text, pos)
    if known:
        return catalogue.tail_by_form[_form_key(known.group(0))], known.end()
    initials = _INITIALS_RE.match(text, pos)
    if initials:  # "BCĐ PTTDĐKXDĐSVH thị xã"
        movement = resolve_movement(initials.group(1))
        return (f"phong trào {movement[1]}", initials.end()) if movement else ("", pos)
    opener = catalogue.opener_re.match(text, pos)
    if opener is None:
        return "", pos
    word = " ".join(opener.group(0).split())
    if _form_key(word) in _MOVEMENT_OPENERS:
        quoted = _QUOTED_RE.match(text, opener.end()) or _INITIALS_RE.match(text, opener.end())
        if quoted is None:
            return _unquoted_movement(text, opener, pos)
        movement = resolve_movement(quoted.group(1))
        name = movement[1] if movement else " ".join(quoted.group(1).split())
        return f"{word} {name}", quoted.end()
    end = _task_end(text, opener.end())
    if end == opener.end():
        return "", pos
    task = " ".join(text[opener.start() : end].split())
    return _WORD_RE.sub(lambda w: catalogue.task_abbreviations.get(w.group(0), w.group(0)), task), end


def _unquoted_movement(text: str, opener: re.Match[str], pos: int) -> tuple[str, int]:
    """After "phong trào"/"cuộc vận động" without quotes: a movement the catalogue knows, up to
    the unit ("Ban Chỉ đạo phong trào toàn dân bảo vệ an ninh Tổ quốc thị xã"), or the word alone
    right before a unit ("Ban Chỉ đạo cuộc vận động huyện", the short name of the committee)."""
    word = " ".join(opener.group(0).split())
    end = _task_end(text, opener.end())
    if end > opener.end():
        movement = resolve_movement(text[opener.end() : end])
        return (f"{word} {movement[1]}", end) if movement else ("", pos)
    if _catalogue().level_re.match(text, end):
        return word, end
    return "", pos


def _task_key(task: str) -> str:
    """What two wordings of one task share: "… dân chủ cơ sở" is "… dân chủ ở cơ sở"."""
    return fold(task).replace(" o co so", " co so")


def _task_end(text: str, pos: int) -> int:
    """The end of a steering committee's task: up to punctuation, a stop word or a unit word."""
    catalogue = _catalogue()
    end = pos
    words = 0
    while words < catalogue.tail_max_words:
        gap = _TASK_GAP_RE.match(text, end)
        word = _WORD_RE.match(text, gap.end()) if gap else None
        if word is None or _form_key(word.group(0)) in catalogue.stop_words:
            break
        if catalogue.level_re.match(text, gap.start()):
            break
        end = word.end()
        words += 1
    return end


def _read_owner(text: str, mention: _Mention) -> None:
    """The committee of the level written after "của": 'Ban Chỉ đạo phong trào "…" của Thành phố'."""
    owner = re.compile(r"[ ]+của(?=[ ])").match(text, mention.end)
    level = _catalogue().level_re.match(text, owner.end()) if owner else None
    if level and level.group(0).strip()[0].isupper() and not _proper_name(text, level.end()):
        mention.unit = _catalogue().level_by_form.get(_form_key(level.group(0).strip().rstrip(".")))


def _read_prefix(text: str, mention: _Mention, before: str) -> None:
    """A national prefix belongs to the name: "Trung ương Hội LHPN Việt Nam"."""
    if mention.body.kind not in ("union", "front"):
        return
    prefix = _catalogue().prefix_before_re.search(before)
    if prefix:
        mention.head = f"{' '.join(prefix.group(0).split())} {mention.head}"
        mention.start -= len(before) - prefix.start()
        mention.national = True


def _skip_parenthesis(text: str, mention: _Mention) -> None:
    skipped = _PARENTHESIS_RE.match(text, mention.end)
    if skipped:
        mention.end = skipped.end()


def _read_village(text: str, mention: _Mention) -> None:
    """ "Chi bộ thôn 8", "Chi hội Nông dân ấp Bình Bắc"; a village word alone ("Chi hội Phụ nữ
    khối phố") is the article's own village, kept as written, not a list of them ("thôn, tổ")."""
    catalogue = _catalogue()
    village = catalogue.village_re.match(text, mention.end)
    if village:
        mention.head += " " + " ".join(village.group(0).split())
        mention.end = village.end()
        mention.village = True
        return
    level = catalogue.village_level_re.match(text, mention.end)
    if level:
        mention.head += " " + " ".join(level.group(0).split()).lower()
        mention.end = level.end()
        mention.village_level = True


def _read_country(text: str, mention: _Mention) -> None:
    """The national body: "Hội LHPN Việt Nam"."""
    country = re.compile(r"[ ]+(?:Việt Nam|VN)(?![^\W_])").match(text, mention.end)
    if country and "Việt Nam" not in mention.head:
        mention.head += " Việt Nam"
        mention.end = country.end()
    mention.national = mention.national or "Việt Nam" in mention.head


def _attach_unit(text: str, mention: _Mention, units_by_start: dict[int, Unit]) -> None:
    """The unit written right after the body: a unit record, a level word, a known place."""
    catalogue = _catalogue()
    pos = mention.end
    if text[pos : pos + 1] != " ":
        return
    unit = units_by_start.get(pos + 1)
    level = catalogue.level_re.match(text, pos)
    if unit is not None and _form_key(unit.text) not in catalogue.level_by_form:
        mention.unit, mention.unit_named, mention.end = unit.name, True, unit.end
    elif level is not None:
        mention.unit = catalogue.level_by_form[_form_key(level.group(0).strip().rstrip("."))]
        mention.end = level.end()
        mention.plural = _levels_follow(text, mention.end)  # "xã, thị trấn"
    elif _last_kind(mention) in ("party", "front", "union", "generic", "security", "state"):
        place = _known_place(text, pos)
        if place:
            mention.unit, mention.unit_named, mention.end = " ".join(text[pos + 1 : place].split()), True, place


_LEVEL_JOINER_RE = re.compile(r"[ ]*(?:,|và)")


def _levels_follow(text: str, pos: int) -> bool:
    """Whether another level word follows ("UBND xã, thị trấn": a group of levels), and not a body
    that starts with one ("Hội Nông dân huyện và Huyện đoàn", "…huyện, Huyện ủy")."""
    catalogue = _catalogue()
    joined = _LEVEL_JOINER_RE.match(text, pos)
    level = catalogue.level_re.match(text, joined.end()) if joined else None
    if level is None:
        return False
    word = level.start() + len(level.group(0)) - len(level.group(0).lstrip(" "))
    return catalogue.head_re.match(text, word) is None


def _last_kind(mention: _Mention) -> str:
    return mention.nested[-1].body.kind if mention.nested else mention.body.kind


def _known_place(text: str, pos: int) -> int | None:
    """The end of a bare province or district name after ``pos`` ("Huyện ủy Đắk Song", "Sở Y tế Nghệ An")."""
    end = _proper_name(text, pos, heads_end=False)
    while end is not None and end > pos + 1:
        name = text[pos + 1 : end]
        if _is_place_name(name):
            return end
        cut = name.rfind(" ")
        if cut < 0:
            return None
        end = pos + 1 + cut
    return None


@lru_cache(maxsize=4096)
def _is_place_name(name: str) -> bool:
    return any(e.level in ("province", "district") for e in lookup_unit(name))


def _list_siblings(text: str, mention: _Mention, units_by_start: dict[int, Unit]) -> list[_Mention]:
    """The bodies a list after this one shares its head with: units of the same level
    ("Hội LHPN xã Thuận Hà; Thuận Hạnh; thị trấn Đức An") or proper names ("Đồn Biên phòng A và B")."""
    siblings: list[_Mention] = []
    previous = mention
    while True:
        joiner = _LIST_JOINER_RE.match(text, previous.end)
        if joiner is None or joiner.end() == previous.end:
            return siblings
        unit = units_by_start.get(joiner.end())
        if mention.unit_named and unit is not None and _same_level(mention.unit or "", unit.name):
            sibling = replace(mention, start=unit.start, end=unit.end, unit=unit.name, nested=[])
        elif mention.domain == "proper" and mention.body.kind == "post":
            proper = _proper_name(text, joiner.end() - 1, minimum=1) if text[joiner.end() - 1] == " " else None
            if proper is None:
                return siblings
            head = f"{mention.body.name} {' '.join(text[joiner.end() : proper].split())}"
            sibling = replace(mention, start=joiner.end(), end=proper, head=head, nested=[])
        else:
            return siblings
        siblings.append(sibling)
        previous = sibling


def _unit_level_word(unit_name: str) -> str:
    return next((t for t in _UNIT_TYPES if unit_name.startswith(t + " ")), "")


def _same_level(first: str, second: str) -> bool:
    """Whether two units can share a body in a list: communes of any type, or districts of one type
    (not "xã Trường Xuân, huyện Đắk Song", where the huyện is the commune's own)."""
    a, b = _unit_level_word(first), _unit_level_word(second)
    return (a in _COMMUNE_LEVELS and b in _COMMUNE_LEVELS) or (a == b == "huyện")


# ---------------------------------------------------------------- lists and repeats


def _share_units_in_lists(text: str, mentions: list[_Mention]) -> None:
    """Lists share units: the last unit goes to the bodies before it that need one ("HĐND, UBND
    huyện"), and a Party committee's level to the bodies after it ("Quận ủy, HĐND, UBND")."""
    runs: list[list[_Mention]] = []
    for mention in mentions:
        if runs and _RUN_JOINER_RE.match(text[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    for run in runs:
        if len(run) < 2:
            continue
        if any(m.plural for m in run):
            for mention in run:
                mention.plural = mention.plural or mention.unit is None
        following: _Mention | None = None
        for mention in reversed(run):
            family = mention.body.kind in _LIST_FAMILY and len(mention.nested) == 0
            if family and mention.unit is None and following is not None and following.unit:
                mention.unit, mention.unit_named, mention.complete = following.unit, following.unit_named, True
            following = mention if family else None
        level = ""
        for mention in run:
            if mention.body.level:
                level = mention.body.level
            elif mention.unit is None and level and mention.body.needs == "unit":
                mention.unit, mention.complete = level, True


def _resolve_repeats(mentions: list[_Mention], *, one_commune: bool) -> list[_Mention]:
    """Name each shorter mention after the fuller mention of its body nearest before it (else the
    only one after it); drop mentions that say nothing on their own, groups and levels."""
    pool: dict[str, list[_Mention]] = {}
    for mention in mentions:
        if mention.body.kind != "carrier" and not mention.plural:
            pool.setdefault(mention.key, []).append(mention)
    kept = []
    for mention in mentions:
        if mention.body.kind == "carrier" or mention.plural:
            continue
        fuller = _fuller(mention, pool.get(mention.key, []))
        if fuller is not None:
            kept.append(replace(mention, head=fuller, unit=None))
        elif mention.complete and (one_commune or mention.unit not in _COMMUNE_LEVELS):
            kept.append(mention)
    return kept


def _fuller(mention: _Mention, same_body: list[_Mention]) -> str | None:
    """The fuller name of the same body nearest before this mention, else the only one after it."""
    if mention.unit_named:
        return _with_unit_type(mention, same_body)
    wanted = mention.level

    def fits(other: _Mention) -> bool:
        same_task = not mention.tail_key or other.tail_key.startswith(mention.tail_key)
        same_chain = not mention.nested or other.head.startswith(mention.head)
        return other.score > mention.score and same_task and same_chain and (not wanted or other.level == wanted)

    candidates = [m for m in same_body if fits(m)]
    before = [m for m in candidates if m.start < mention.start]
    if before:
        return max(before, key=lambda m: (m.score, m.start)).name
    names = {m.name for m in candidates}
    return names.pop() if len(names) == 1 else None


def _with_unit_type(mention: _Mention, same_body: list[_Mention]) -> str | None:
    """A unit written without its type word is the one written with it elsewhere: "Sở Thông tin
    và Truyền thông Hà Nội" is "Sở Thông tin và Truyền thông thành phố Hà Nội"."""
    unit = mention.unit or ""
    if _unit_level_word(unit):
        return None
    for other in same_body:
        typed = other.unit or ""
        level = _unit_level_word(typed)
        if other.head == mention.head and level and fold(typed[len(level) + 1 :]) == fold(unit):
            return other.name
    return None
