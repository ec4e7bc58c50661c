"""Administrative units: type word + name, resolved against the pre-2025 gazetteer.

News names a unit by its type word and its name ("xã Bình Hòa", "H.Định Quán", "TP. Hồ Chí
Minh"), shares one type word across a list ("các xã: Bình Hòa, An Hòa … và thị trấn An Châu")
and says "Huyện" for its own district. So the scan anchors on type words (one regular
expression over the text), reads the capitalised syllables after each one and looks their
folded key up in the gazetteer (``data/gazetteer.tsv.gz``, built by ``tools/build_gazetteer.py``
from vietnamadminunits), longest name first. A name found in several places ("xã Bình Hòa")
is resolved from the article's other units and the caller's ``home`` unit, or left with no
code when that context does not decide. Spelling variants ("Đăk Song", "Đak Song"), names a
unit had before a merger and type changes ("thị xã Gia Nghĩa") come with the gazetteer.

Rules (the gold annotation guide's, and where it is silent, ours):
- a name with no type word ("Hà Nội", "Đắk Nông" on their own) is not a unit: bare names are
  too often people, streets, teams or headings; a province in a clear phrase carries its type
  word ("tỉnh Đắk Nông", "8 tỉnh: Quảng Ngãi, Khánh Hòa");
- a lower-case type word with no name ("cấp huyện", "các xã, thị trấn") is not a unit;
- a capitalised type word with no name ("Ban Chỉ đạo … Huyện", "của Thành phố và Quận") is the
  article's own unit, or the one above it of that type, when ``home`` says which that is, and
  nothing otherwise (nor after "cấp", "các", nor in "Huyện ủy", "Huyện đoàn");
- a name must start with a capital or a digit; a lower-case one ("huyện đak song") is kept only
  when the article's context or a capitalised spelling elsewhere in the text confirms it;
- an abbreviated type word ("TP", "H.", "P.") and a list item count only before a known name;
- a unit alone on its line next to a line of a bare city name is a widget ("Hà Nội / Đà Nẵng /
  TP Hồ Chí Minh"), not text.
Names keep the written type word ("thị xã Gia Nghĩa" stays a thị xã) and the gazetteer's
spelling of the name, except for variant spellings and former names, which stay as written.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from phongtrao.extract.normalize import fold
from phongtrao.models import Unit

LEVELS = ("province", "district", "commune")
_MAX_SYLLABLES = 6
_SYLLABLE_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_GAP_RE = re.compile(r"[ ]?-[ ]?|[ ]")
_NOT_KEY_RE = re.compile(r"[^0-9a-z]")
_ABBREVIATION_GAP_RE = re.compile(r"[ ]?")
_NAME_GAP_RE = re.compile(r"[ ]*:?[ ]+|:")


@dataclass(frozen=True)
class GazetteerEntry:
    """One pre-2025 unit: its code, type word, name, parents and its 2025 successor."""

    level: str
    code: str
    type: str
    name: str
    district: str | None  # the district code of a commune
    province: str  # the province code
    province_name: str
    successor_name: str | None
    successor_code: str | None

    @property
    def full_name(self) -> str:
        return f"{self.type} {self.name}"


@dataclass(frozen=True)
class _Match:
    """One way a folded key names an entry: its own name, a spelling variant, or a former name."""

    entry: GazetteerEntry
    kind: str  # name | variant | renamed (same code, other name or type) | former (merged into entry)
    written_type: str  # the type word the former name carried ("" when any)


@dataclass(frozen=True)
class _Gazetteer:
    by_code: dict[str, GazetteerEntry]
    by_key: dict[str, tuple[_Match, ...]]
    first_syllables: frozenset[str]  # the folded first syllable of every name, to reject most words at once


@dataclass(frozen=True)
class _Forms:
    type_re: re.Pattern[str]
    levels: dict[str, tuple[str, ...]]
    abbreviations: dict[str, str]
    plural_before_re: re.Pattern[str]
    list_introducer_re: re.Pattern[str]
    joiner_re: re.Pattern[str]
    compound_before_re: re.Pattern[str]
    not_first: frozenset[str]
    extensions: frozenset[str]
    unknown_max: int
    bare_words: frozenset[str]
    bare_not_after_re: re.Pattern[str]
    bare_not_before: frozenset[str]


@dataclass
class _Mention:
    """A unit as written, before resolution."""

    start: int
    end: int
    type: str
    written: str
    candidates: tuple[_Match, ...]
    chosen: _Match | None = None
    bare: bool = False
    weak: bool = False  # written in lower case ("huyện đak song"): kept only when the context confirms it


def _key_table() -> dict[int, str]:
    """``fold`` as a ``str.translate`` table over the Latin and Vietnamese letters, for speed;
    whatever it leaves unfolded is not [0-9a-z] and is dropped from keys anyway."""
    ranges = (range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00))
    return {code: fold(chr(code)) for block in ranges for code in block if fold(chr(code)) != chr(code)}


_KEY_TABLE = _key_table()


def name_key(name: str) -> str:
    """The folded lookup key of a name: letters and digits only, numbers without leading zeros."""
    key = _NOT_KEY_RE.sub("", name.translate(_KEY_TABLE))
    return (key.lstrip("0") or "0") if key.isdigit() else key


# ---------------------------------------------------------------- data


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    raw = resources.files("phongtrao.data").joinpath("gazetteer.tsv.gz").read_bytes()
    rows = [line.split("\t") for line in gzip.decompress(raw).decode("utf-8").splitlines() if line and line[0] != "#"]
    province_names = {row[1]: row[3] for row in rows if row[0] == "province"}
    by_code: dict[str, GazetteerEntry] = {}
    by_key: dict[str, list[_Match]] = {}
    for level, code, unit_type, name, district, province, succ_name, succ_code, variants, former in rows:
        entry = GazetteerEntry(
            level, code, unit_type, name, district or None, province, province_names[province],
            succ_name or None, succ_code or None,
        )  # fmt: skip
        by_code[code] = entry
        by_key.setdefault(name_key(name), []).append(_Match(entry, "name", ""))
        for variant in filter(None, variants.split(",")):
            by_key.setdefault(variant, []).append(_Match(entry, "variant", ""))
        for item in filter(None, former.split(",")):
            written_type, _, key = item.lstrip("=").partition(":")
            kind = "renamed" if item.startswith("=") else "former"
            by_key.setdefault(key, []).append(_Match(entry, kind, written_type))
    first = {name_key(e.name.split()[0]) for e in by_code.values()}
    return _Gazetteer(by_code, {key: tuple(matches) for key, matches in by_key.items()}, frozenset(first))


def _surnames() -> list[str]:
    """The first words of ``surnames.txt``: an unknown name after a type word that starts with one
    is a person ("Chủ tịch UBND huyện Hoàng Văn Phúc"), not a unit."""
    text = resources.files("phongtrao.data").joinpath("surnames.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return [line.split()[0] for line in lines if line and not line.startswith("#")]


def _alternation(words: list[str]) -> str:
    return "|".join(r"[ ]+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _forms() -> _Forms:
    data = tomllib.loads(resources.files("phongtrao.data").joinpath("gazetteer_forms.toml").read_text("utf-8"))
    types = data["types"]
    abbreviations = data["abbreviations"]
    abbreviation_patterns = [
        re.escape(a) + (r"\." if len(a.replace(".", "")) == 1 else r"(?:\.|(?=[ ]))")
        for a in sorted(abbreviations, key=len, reverse=True)
    ]
    type_re = re.compile(
        rf"(?<![^\W_])(?:(?P<full>(?i:{_alternation(list(types))}))(?![^\W_])"
        rf"|(?P<abbr>{'|'.join(abbreviation_patterns)}))"
    )
    lists = data["lists"]
    joiners = [rf"(?<![^\W_]){re.escape(j)}(?![^\W_])" if j[0].isalpha() else re.escape(j) for j in lists["joiners"]]
    names = data["names"]
    bare = data["bare"]
    return _Forms(
        type_re=type_re,
        levels={word: tuple(levels) for word, levels in types.items()},
        abbreviations={a.replace(".", ""): word for a, word in abbreviations.items()},
        plural_before_re=re.compile(rf"(?<![^\W_])(?i:{_alternation(lists['plural'])}|\d{{1,3}})[ ]+\Z"),
        list_introducer_re=re.compile(rf"(?i:{_alternation(lists['introducers'])})[ ]*:?[ ]+"),
        joiner_re=re.compile(rf"[ ]*(?:{'|'.join(joiners)})(?:[ ]*(?:,|và))?[ ]*"),
        compound_before_re=re.compile(rf"(?<![^\W_])(?i:{_alternation(data['compounds']['before'])})[ ]+\Z"),
        not_first=frozenset(name_key(w) for w in [*names["not_first"], *_surnames()]),
        extensions=frozenset(name_key(w) for w in names["extensions"]),
        unknown_max=int(names["unknown_max_syllables"]),
        bare_words=frozenset(bare["words"]),
        bare_not_after_re=re.compile(rf"(?<![^\W_])(?i:{_alternation(bare['not_after'])})[ ]+\Z"),
        bare_not_before=frozenset(name_key(w) for w in bare["not_before"]),
    )


# ---------------------------------------------------------------- public look-ups


def unit_by_code(code: str) -> GazetteerEntry | None:
    """The pre-2025 unit with this official code (province 2 digits, district 3, commune 5)."""
    return _gazetteer().by_code.get(code)


def successor(code: str) -> tuple[str, str] | None:
    """The 2025 unit that took over a pre-2025 unit: (name, code).

    A commune's successor is the commune or ward it went into (the default one when it was
    divided); a district's is its province's successor, since the district level was abolished.
    """
    entry = unit_by_code(code)
    if entry is None or entry.successor_name is None or entry.successor_code is None:
        return None
    return entry.successor_name, entry.successor_code


def lookup_unit(name: str, province: str | None = None) -> list[GazetteerEntry]:
    """Units a name may stand for ("huyện Đắk Song", "Đăk Song", "TP. Hồ Chí Minh", "665").

    A type word narrows the search to its levels and prefers that type; ``province`` (a name or
    a code) narrows it to one province. Best matches first: own names before variants and
    former names, the written type before other types of the same level.
    """
    text = " ".join(name.split())
    if text.isdigit():
        entry = unit_by_code(text)
        return [entry] if entry else []
    forms = _forms()
    unit_type = ""
    match = forms.type_re.match(text)
    if match and match.end() < len(text):
        unit_type = _canonical_type(match)
        text = text[match.end() :].lstrip(" .:")
    matches = _gazetteer().by_key.get(name_key(text), ())
    if unit_type:
        matches = _preferred(matches, unit_type, forms.levels[unit_type])
    if province:
        wanted = {province, name_key(province)}
        matches = tuple(m for m in matches if m.entry.province in wanted or name_key(m.entry.province_name) in wanted)
    order = {"name": 0, "variant": 1, "renamed": 2, "former": 3}
    ranked = sorted(matches, key=lambda m: (m.entry.type != unit_type, order[m.kind], LEVELS.index(m.entry.level)))
    return list(dict.fromkeys(m.entry for m in ranked))


# ---------------------------------------------------------------- extraction


def extract_units(text: str, home: str | None = None) -> tuple[Unit, ...]:
    """Every administrative unit the text names, in order, with its pre-2025 code when resolvable.

    ``home`` is the article's own unit (a gazetteer code or a name) when the caller knows it:
    it resolves a bare capitalised "Huyện" and breaks ties between same-named units.
    """
    home_entry = _home_entry(home)
    mentions = [m for m in _mentions(text, home_entry) if not _in_widget(text, m)]
    _resolve(mentions, home_entry)
    for mention in mentions:
        unique = mention.weak and mention.chosen is None and len(_candidates(mention)) == 1
        if unique and _written_capitalised_elsewhere(text, mention.written):
            _choose(mention, _candidates(mention)[0])
    return tuple(_unit(text, m) for m in mentions if not (m.weak and m.chosen is None))


def _written_capitalised_elsewhere(text: str, written: str) -> bool:
    """Whether the text also writes this name with capitals ("huyện đak song" … "quê hương Đak Song")."""
    pattern = r"(?<![^\W_])" + r"[ ]?-?[ ]?".join(map(re.escape, fold(written).split())) + r"(?![^\W_])"
    folded = fold(text)
    return any(text[m.start()].isupper() for m in re.finditer(pattern, folded))


def _home_entry(home: str | None) -> GazetteerEntry | None:
    if not home or not home.strip():
        return None
    entries = lookup_unit(home)
    return entries[0] if len(entries) == 1 or (entries and entries[0].full_name != entries[1].full_name) else None


def _canonical_type(match: re.Match[str]) -> str:
    full = match.group("full")
    if full:
        return " ".join(full.lower().split())
    return _forms().abbreviations[match.group("abbr").rstrip(".")]


def _preferred(matches: tuple[_Match, ...], unit_type: str, levels: tuple[str, ...]) -> tuple[_Match, ...]:
    """The matches a type word allows: its own type if any, else any type of its levels."""
    allowed = tuple(m for m in matches if m.entry.level in levels)
    same_type = tuple(m for m in allowed if m.entry.type == unit_type or m.written_type == unit_type)
    return same_type or allowed


def _syllables(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Up to six syllables from ``pos`` on one line: (start, end, gap before the next)."""
    out: list[tuple[int, int, str]] = []
    while len(out) < _MAX_SYLLABLES:
        syllable = _SYLLABLE_RE.match(text, pos)
        if not syllable:
            break
        gap = _GAP_RE.match(text, syllable.end())
        out.append((syllable.start(), syllable.end(), gap.group(0) if gap else ""))
        if not gap:
            break
        pos = gap.end()
    return out


def _is_name_start(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _is_titled(word: str) -> bool:
    """Capitalised ("Bình") or a number, not an all-capitals word ("HỘI") or lower case."""
    return word[0].isdigit() or (word[0].isupper() and (len(word) == 1 or not word.isupper()))


def _read_name(
    text: str, pos: int, unit_type: str, *, allow_unknown: bool
) -> tuple[int, int, tuple[_Match, ...]] | None:
    """The name after a type word: (start, end, gazetteer matches), the longest known name first.

    A name normally starts with a capital or a digit; a lower-case one ("huyện đak song") is
    read only when it is a known name of two syllables or more (the caller marks it weak).
    """
    forms = _forms()
    run = _syllables(text, pos)
    if not run:
        return None
    if not _is_name_start(text[run[0][0] : run[0][1]]):
        return _read_lowercase_name(text, run, unit_type)
    keys = [name_key(text[s:e]) for s, e, _ in run]
    levels = forms.levels[unit_type]
    by_key = _gazetteer().by_key
    for size in range(len(run), 0, -1):
        matches = _preferred(by_key.get("".join(keys[:size]), ()), unit_type, levels)
        if not matches:
            continue
        if size < len(run) and keys[size] in forms.extensions and _is_titled(text[run[size][0] : run[size][1]]):
            break  # "Bình Hòa Đông" is not "Bình Hòa"
        return run[0][0], run[size - 1][1], matches
    if not allow_unknown:
        return None
    titled = 0
    for start, end, gap in run:
        if not _is_titled(text[start:end]) or text[start:end].isdigit():
            break
        titled += 1
        if gap.strip() == "-":
            break
    if titled == 0 or keys[0] in forms.not_first or len(keys[0]) < 2:
        return None
    size = titled if titled <= forms.unknown_max else 2
    return run[0][0], run[size - 1][1], ()


def _read_lowercase_name(
    text: str, run: list[tuple[int, int, str]], unit_type: str
) -> tuple[int, int, tuple[_Match, ...]] | None:
    gazetteer = _gazetteer()
    if len(run) < 2 or name_key(text[run[0][0] : run[0][1]]) not in gazetteer.first_syllables:
        return None
    keys = [name_key(text[s:e]) for s, e, _ in run]
    by_key = gazetteer.by_key
    for size in range(len(run), 1, -1):
        matches = tuple(m for m in by_key.get("".join(keys[:size]), ()) if m.entry.type == unit_type)
        if matches:
            return run[0][0], run[size - 1][1], matches
    return None


def _mentions(text: str, home: GazetteerEntry | None) -> list[_Mention]:
    forms = _forms()
    mentions: list[_Mention] = []
    for match in forms.type_re.finditer(text):
        if forms.compound_before_re.search(text, max(0, match.start() - 12), match.start()):
            continue  # "Hợp tác xã Thanh Đức"
        unit_type = _canonical_type(match)
        is_abbreviation = match.group("abbr") is not None
        pos = match.end()
        gap = (_ABBREVIATION_GAP_RE if is_abbreviation else _NAME_GAP_RE).match(text, pos)
        if gap is None:
            bare = _bare_mention(text, match, unit_type, home)
            if bare:
                mentions.append(bare)
            continue
        plural = bool(forms.plural_before_re.search(text, max(0, match.start() - 12), match.start()))
        introducer = forms.list_introducer_re.match(text, gap.end()) if plural else None
        if introducer is not None:
            gap = introducer  # "các xã như Bình Hòa, An Hòa"
        # "tỉnh: Đ/c …" is a heading, not a name: after a colon only a plural list or a known name.
        guess = not is_abbreviation and not plural and ":" not in gap.group(0)
        name = _read_name(text, gap.end(), unit_type, allow_unknown=guess)
        if name is None and plural:
            name = _read_name(text, gap.end(), unit_type, allow_unknown=True)
        if name is None:
            bare = _bare_mention(text, match, unit_type, home)
            if bare:
                mentions.append(bare)
            continue
        start, end, matches = name
        weak = not _is_name_start(text[start])
        mentions.append(_Mention(match.start(), end, unit_type, text[start:end], matches, weak=weak))
        if not weak:
            numbered = text[start:end].isdigit()
            mentions.extend(_list_items(text, end, unit_type, plural=plural, numbered=numbered))
    return mentions


def _list_items(text: str, pos: int, unit_type: str, *, plural: bool, numbered: bool) -> list[_Mention]:
    """The names that share the type word before them: ", An Hòa, Bình Thạnh và Cần Đăng".

    The items of a list are written like its first one: numbers follow a number ("phường 1, 2
    và 3"), while a number after a name is a count ("xã Cát Hanh, Cát Minh và 4 giải").
    """
    forms = _forms()
    items: list[_Mention] = []
    while True:
        joiner = forms.joiner_re.match(text, pos)
        if not joiner or joiner.end() == pos:
            break
        name = _read_name(text, joiner.end(), unit_type, allow_unknown=plural)
        if name is None or not _is_name_start(text[name[0]]) or text[name[0]].isdigit() != numbered:
            break
        start, end, matches = name
        items.append(_Mention(start, end, unit_type, text[start:end], matches))
        pos = end
    return items


def _bare_mention(text: str, match: re.Match[str], unit_type: str, home: GazetteerEntry | None) -> _Mention | None:
    """A capitalised type word with no name ("Ban Chỉ đạo … Huyện"): the article's own unit."""
    forms = _forms()
    written = match.group("full")
    if home is None or not written or " ".join(written.split()) not in forms.bare_words:
        return None
    if forms.bare_not_after_re.search(text, max(0, match.start() - 12), match.start()):
        return None
    following = _SYLLABLE_RE.match(text, match.end() + 1) if text[match.end() : match.end() + 1] == " " else None
    if following and name_key(following.group(0)) in forms.bare_not_before:
        return None
    target = _ancestor_of_type(home, unit_type)
    if target is None:
        return None
    chosen = _Match(target, "name", "")
    return _Mention(match.start(), match.end(), unit_type, target.name, (chosen,), chosen, bare=True)


def _ancestor_of_type(entry: GazetteerEntry, unit_type: str) -> GazetteerEntry | None:
    chain = [entry, unit_by_code(entry.district) if entry.district else None, unit_by_code(entry.province)]
    for unit in chain:
        if unit is not None and unit.type == unit_type and (unit is entry or unit.level != entry.level):
            return unit
    return None


# ---------------------------------------------------------------- widgets


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _is_place_line(line: str) -> bool:
    """A line that is only a province or city name, with or without its type word."""
    line = line.strip()
    if not line or len(line) > 40:
        return False
    match = _forms().type_re.match(line)
    if match:
        line = line[match.end() :].lstrip(" .:")
    return any(m.entry.level == "province" for m in _gazetteer().by_key.get(name_key(line), ()))


def _in_widget(text: str, mention: _Mention) -> bool:
    """A unit alone on its line between other bare city lines ("Hà Nội / Đà Nẵng / TP Hồ Chí Minh")."""
    line_start, line_end = _line_bounds(text, mention.start, mention.end)
    if text[line_start:line_end].strip() != text[mention.start : mention.end]:
        return False
    before_end = line_start - 1
    before = text[text.rfind("\n", 0, max(0, before_end)) + 1 : max(0, before_end)] if before_end > 0 else ""
    after_start = line_end + 1
    after_end = text.find("\n", after_start)
    after = text[after_start : len(text) if after_end < 0 else after_end] if after_start <= len(text) else ""
    return _is_place_line(before) or _is_place_line(after)


# ---------------------------------------------------------------- resolution


def _candidates(mention: _Mention) -> list[GazetteerEntry]:
    return list(dict.fromkeys(m.entry for m in mention.candidates))


def _choose(mention: _Mention, entry: GazetteerEntry) -> None:
    mention.chosen = next(m for m in mention.candidates if m.entry == entry)


def _context(mentions: list[_Mention], home: GazetteerEntry | None) -> tuple[Counter[str], Counter[str]]:
    """District and province codes the resolved mentions (and the home unit) point to."""
    districts: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    entries = [m.chosen.entry for m in mentions if m.chosen is not None and not m.bare]
    if home is not None:
        entries.append(home)
    for entry in entries:
        if entry.level == "district":
            districts[entry.code] += 1
        elif entry.district:
            districts[entry.district] += 1
        provinces[entry.province] += 1
    return districts, provinces


def _district_of(entry: GazetteerEntry) -> str | None:
    return entry.code if entry.level == "district" else entry.district


def _resolve(mentions: list[_Mention], home: GazetteerEntry | None) -> None:
    """Pick one gazetteer entry per mention where the article's context allows it."""
    for mention in mentions:
        candidates = _candidates(mention)
        if mention.chosen is None and len(candidates) == 1 and not mention.weak:
            _choose(mention, candidates[0])
    for _ in range(4):
        open_mentions = [m for m in mentions if m.chosen is None and m.candidates]
        if not open_mentions:
            return
        districts, provinces = _context(mentions, home)
        progress = False
        for mention in open_mentions:
            entry = _by_context(_candidates(mention), districts, provinces)
            if entry is not None:
                _choose(mention, entry)
                progress = True
        if not progress and not _resolve_by_cooccurrence(open_mentions):
            return


def _by_context(candidates: list[GazetteerEntry], districts: Counter[str], provinces: Counter[str]):
    """The one candidate in the context's districts, else the one in its provinces."""
    for in_context, weight in (
        (lambda e: _district_of(e) in districts, lambda e: districts[_district_of(e) or ""]),
        (lambda e: e.province in provinces, lambda e: provinces[e.province]),
    ):
        inside = [e for e in candidates if in_context(e)]
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            best = max(weight(e) for e in inside)
            top = [e for e in inside if weight(e) == best]
            return top[0] if len(top) == 1 else None
    return None


def _resolve_by_cooccurrence(open_mentions: list[_Mention]) -> bool:
    """Names that are each ambiguous but share one district ("Bình Hòa, An Hòa, Bình Thạnh")."""
    names_by_district: dict[str, set[str]] = {}
    for mention in open_mentions:
        for entry in _candidates(mention):
            district = _district_of(entry)
            if district:
                names_by_district.setdefault(district, set()).add(name_key(mention.written))
    if not names_by_district:
        return False
    ranked = sorted(names_by_district.items(), key=lambda item: len(item[1]), reverse=True)
    best, names = ranked[0]
    if len(names) < 2 or (len(ranked) > 1 and len(ranked[1][1]) == len(names)):
        return False
    progress = False
    for mention in open_mentions:
        inside = [e for e in _candidates(mention) if _district_of(e) == best]
        if len(inside) == 1:
            _choose(mention, inside[0])
            progress = True
    return progress


# ---------------------------------------------------------------- records


def _written_name(written: str) -> str:
    """A name as written, on one line, all-capitals words capitalised ("ĐỨC AN" → "Đức An")."""
    words = []
    for word in written.split():
        words.append(word.capitalize() if len(word) > 1 and word.isupper() and not _is_roman(word) else word)
    return " ".join(words)


def _is_roman(word: str) -> bool:
    return all(c in "IVXLC" for c in word)


def _unit(text: str, mention: _Mention) -> Unit:
    chosen = mention.chosen
    written = _written_name(mention.written)
    if chosen is not None:
        entry = chosen.entry
        # A variant spelling ("Phú Quý" for the gazetteer's "Phú Quí") is kept as written, initials
        # ("HCM") are written out.
        initials = chosen.kind == "variant" and mention.written.isupper() and " " not in mention.written
        name = entry.name if chosen.kind == "name" or initials else written
        code = None if chosen.kind == "former" else entry.code
        return Unit(
            f"{mention.type} {name}",
            entry.level,
            code,
            entry.province_name,
            *_span(text, mention),
            successor=entry.successor_name,
            successor_code=entry.successor_code,
        )
    entries = _candidates(mention)
    level = entries[0].level if entries else _forms().levels[mention.type][-1]
    if entries and len({e.level for e in entries}) > 1:
        level = min((e.level for e in entries), key=LEVELS.index)
    provinces = {e.province_name for e in entries}
    own_names = all(m.kind == "name" for m in mention.candidates)
    names = {m.entry.name for m in mention.candidates}
    name = names.pop() if own_names and len(names) == 1 else written
    province = provinces.pop() if len(provinces) == 1 else None
    return Unit(f"{mention.type} {name}", level, None, province, *_span(text, mention))


def _span(text: str, mention: _Mention) -> tuple[str, int, int]:
    return text[mention.start : mention.end], mention.start, mention.end
