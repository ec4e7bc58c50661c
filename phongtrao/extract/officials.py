"""Officials: the named people an article mentions, with the positions it gives them.

The genre names officials in a few fixed shapes: "đồng chí NAME, POS, POS…", "NAME - POS - POS",
"POS NAME" ("Bí thư Huyện ủy Phan Văn Hợp") and lists of these, with abbreviated titles
("PCT UBND huyện", "UVBTV - TBDV - CT.UBMTTQVN"). The text is cut into tokens once; then

- a *position* is a head from ``phongtrao/data/positions.toml`` ("Phó Chủ tịch", "PCT",
  "Trưởng phòng"), maybe qualified ("Nguyên", "kiêm", "Quyền"), followed by a body read up to a
  cut: punctuation, a predicate or clause word ("đến dự", "phát biểu", "đã"), a lower-case word
  after the place that ends an organisation's name ("Ủy ban nhân dân huyện | kiểm tra"), another
  head, a word that introduces a person, or a person's name;
- a *name* is a run of capitalised syllables that starts with a surname from ``surnames.txt``
  (or a minority name start: "Y Quang Buôn Krông", "K'Thanh"), or any capitalised run right
  after a word that introduces a person ("đồng chí", "Đ/c", "ông", "bà", "Đại tá").

A name takes the positions that follow it (separated by ",", "-" or nothing), the positions
whose body ran into it, and the role or post it is then given ("… làm Trưởng đoàn", ", hiện là
POS"); a name with no position is not an official. ``merge_officials`` joins one person's
mentions, keeping the first statement that names an office's body. Everything is catalogue
look-ups over tokens, no statistical model: fast, and every cut has a reason.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from phongtrao.extract.normalize import fold
from phongtrao.models import Official

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|\S")
_SPACES_RE = re.compile(r"\s+")
_MAX_BODY_TOKENS = 40
_MAX_QUOTE_TOKENS = 40
_INLINE_GAPS = ("", " ")


def _is_title(word: str) -> bool:
    """Capitalised like a name syllable: "Hợp", "A", "K'Thanh" (not "UBND", not "hợp")."""
    return all(part[:1].isupper() and (len(part) == 1 or part[1:].islower()) for part in word.split("'"))


def _is_abbreviation(word: str) -> bool:
    return sum(char.isupper() for char in word) >= 2 or (len(word) == 1 and word.isupper())


class Token(NamedTuple):
    """A word, a number or one punctuation character, with the text before it (a named tuple:
    an article has thousands, and tuples are the cheapest to make)."""

    start: int
    end: int
    text: str
    low: str
    key: str  # folded: no case, no diacritics, đ→d
    gap: str  # the characters between the previous token and this one
    is_word: bool
    is_title: bool  # "Hợp", "A", "K'Thanh"
    is_caps: bool  # an abbreviation: two capitals or more ("UBND", "HĐND", "ThUV")


def tokenize(text: str) -> list[Token]:
    folded = fold(text)
    tokens = []
    previous = 0
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        is_word = word[0].isalpha()
        is_title = is_word and word[0].isupper() and _is_title(word)
        is_caps = is_word and not is_title and word[0].isupper() and _is_abbreviation(word)
        tokens.append(
            Token(start, end, word, word.lower(), folded[start:end], text[previous:start], is_word, is_title, is_caps)
        )
        previous = end
    return tokens


# --- catalogues -------------------------------------------------------------------------


def _slips(written: str, wanted: str) -> int:
    """Characters that differ between two words with the same folded form (tone or mark slips)."""
    return sum(a != b for a, b in zip(written, wanted, strict=False))


_WORD, _ABBREVIATION, _PUNCTUATION = 0, 1, 2


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    keys: tuple[str, ...]
    lows: tuple[str, ...]
    kinds: tuple[int, ...]
    value: str


def _phrase(written: str, value: str) -> Phrase | None:
    words = tuple(token.text for token in tokenize(written))
    if not words:
        return None
    kinds = tuple(_ABBREVIATION if _is_abbreviation(w) else _WORD if w[0].isalnum() else _PUNCTUATION for w in words)
    return Phrase(words, tuple(fold(w) for w in words), tuple(w.lower() for w in words), kinds, value)


@dataclass(frozen=True)
class Match:
    end: int  # index of the token after the phrase
    phrase: Phrase


class PhraseTable:
    """Phrases matched on whole tokens: folded, with at most ``slips`` tone or mark slips in all
    in a phrase of two words or more ("Chủ tich"; one word has none to spare: "Trường" is not
    "Trưởng"); abbreviations ("PCT", "UBND") exactly; punctuation exactly."""

    def __init__(self, entries: Iterable[tuple[str, str]], *, slips: int = 0) -> None:
        self.slips = slips
        by_first: dict[str, list[Phrase]] = {}
        for written, value in entries:
            phrase = _phrase(written, value)
            if phrase is not None:
                by_first.setdefault(phrase.keys[0], []).append(phrase)
        self.by_first = {key: sorted(group, key=lambda p: -len(p.words)) for key, group in by_first.items()}

    def with_entries(self, entries: Iterable[tuple[str, str]]) -> PhraseTable:
        """A copy where ``entries`` replace phrases written the same way."""
        table = PhraseTable(entries, slips=self.slips)
        merged = {key: list(group) for key, group in self.by_first.items()}
        for key, group in table.by_first.items():
            kept = [p for p in merged.get(key, []) if p.words not in {q.words for q in group}]
            merged[key] = sorted([*group, *kept], key=lambda p: -len(p.words))
        table.by_first = merged
        return table

    def match(self, tokens: Sequence[Token], i: int) -> Match | None:
        for phrase in self.by_first.get(tokens[i].key, ()):
            if self._matches(phrase, tokens, i):
                return Match(i + len(phrase.words), phrase)
        return None

    def _matches(self, phrase: Phrase, tokens: Sequence[Token], i: int) -> bool:
        size = len(phrase.words)
        if i + size > len(tokens):
            return False
        slips = 0
        allowed = self.slips if size > 1 else 0
        for offset in range(size):
            token = tokens[i + offset]
            if offset and token.gap not in _INLINE_GAPS:
                return False
            kind = phrase.kinds[offset]
            if kind == _WORD:
                if token.key != phrase.keys[offset]:
                    return False
                if token.low != phrase.lows[offset]:
                    slips += _slips(token.low, phrase.lows[offset])
                    if slips > allowed:
                        return False
            elif kind == _ABBREVIATION:
                word = phrase.words[offset]
                if token.text != word and not (token.text.isupper() and token.key == phrase.keys[offset]):
                    return False
            elif token.text != phrase.words[offset]:
                return False
        return True


@dataclass(frozen=True)
class Catalogue:
    """``positions.toml`` and ``surnames.txt`` compiled once."""

    introducers: PhraseTable
    qualifiers: dict[str, str]
    heads: PhraseTable
    generic_heads: PhraseTable
    abbreviations: PhraseTable
    after_head: dict[str, str]
    bodies: PhraseTable
    stops: PhraseTable
    place_types: PhraseTable
    committees: PhraseTable
    not_name_phrases: PhraseTable
    joiners: PhraseTable
    parent_organisations: PhraseTable
    role_links: PhraseTable
    role_prefixes: PhraseTable
    role_sharers: PhraseTable
    temporary_roles: PhraseTable
    place_joiners: PhraseTable
    document_kinds: PhraseTable
    role_qualifiers: PhraseTable
    title_words: PhraseTable
    title_links: PhraseTable
    triggers: frozenset[str]  # folded first words of everything that can start a mention
    not_name_words: frozenset[str]
    surnames: frozenset[str]
    apostrophe_prefixes: frozenset[str]
    middle_names: frozenset[str]
    max_syllables: int


def _data_text(name: str) -> str:
    """A file of ``phongtrao/data``; the file beside the module when the package is a namespace."""
    try:
        return resources.files("phongtrao").joinpath("data", name).read_text("utf-8")
    except (NotADirectoryError, FileNotFoundError):
        return (Path(__file__).resolve().parents[1] / "data" / name).read_text("utf-8")


def _surnames(text: str) -> frozenset[str]:
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.split()[0] for line in lines if line and not line.startswith("#"))


def _first_keys(*tables: PhraseTable) -> frozenset[str]:
    return frozenset(key for table in tables for key in table.by_first)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = tomllib.loads(_data_text("positions.toml"))
    intro = data["introducers"]
    heads = [(alias, canonical) for canonical, aliases in data["heads"].items() for alias in [canonical, *aliases]]
    abbreviations = dict(data["abbreviations"])
    introducers = PhraseTable((w, w) for w in intro["titles"] + intro["ranks"])
    head_table = PhraseTable(heads, slips=1)
    generic_heads = PhraseTable((h, h) for h in data["generic_heads"]["heads"])
    title_words = PhraseTable((w, w) for w in data["links"]["title_words"])
    qualifiers = {fold(k): v for k, v in data["qualifiers"].items()}
    return Catalogue(
        introducers=introducers,
        qualifiers=qualifiers,
        heads=head_table,
        generic_heads=generic_heads,
        abbreviations=PhraseTable(abbreviations.items()),
        after_head=dict(data["abbreviations_after_head"]),
        bodies=PhraseTable(((p, p) for p in data["bodies"]["phrases"]), slips=1),
        stops=PhraseTable((w, w) for w in data["stops"]["words"]),
        place_types=PhraseTable((w, w) for w in data["places"]["types"]),
        committees=PhraseTable(((w, w) for w in data["places"]["committees"]), slips=1),
        not_name_phrases=PhraseTable((p, p) for p in data["not_names"]["phrases"]),
        joiners=PhraseTable((w, w) for w in data["links"]["joiners"]),
        parent_organisations=PhraseTable((w, w) for w in data["links"]["parent_organisations"]),
        role_links=PhraseTable((w, w) for w in data["links"]["roles"]),
        role_prefixes=PhraseTable((w, w) for w in data["links"]["role_prefixes"]),
        role_sharers=PhraseTable((w, w) for w in data["links"]["role_sharers"]),
        temporary_roles=PhraseTable(((w, w) for w in data["links"]["temporary_roles"]), slips=1),
        place_joiners=PhraseTable((w, w) for w in data["links"]["place_joiners"]),
        document_kinds=PhraseTable(((w, w) for w in data["bodies"]["document_kinds"]), slips=1),
        role_qualifiers=PhraseTable((w, w) for w in data["bodies"]["role_qualifiers"]),
        title_words=title_words,
        title_links=PhraseTable((w, w) for w in data["links"]["title_links"]),
        triggers=_first_keys(introducers, head_table, generic_heads, title_words) | frozenset(qualifiers),
        not_name_words=frozenset(data["not_names"]["words"]),
        surnames=_surnames(_data_text("surnames.txt")),
        apostrophe_prefixes=frozenset(data["names"]["apostrophe_prefixes"]),
        middle_names=frozenset(data["names"]["middle_names"]),
        max_syllables=int(data["names"]["max_syllables"]),
    )


# --- names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    first: int  # token indices: [first, last)
    last: int
    value: str


def _syllable_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> tuple[int, str] | None:
    """One name syllable: a capitalised word, or "K"/"H" joined to the next word ("K ' Thanh")."""
    token = tokens[i]
    if not token.is_word or not token.is_title or token.text in cat.not_name_words:
        return None
    if token.text in cat.apostrophe_prefixes:
        j = i + 1
        if j < len(tokens) and tokens[j].text == "'" and tokens[j].gap in _INLINE_GAPS:
            j += 1
        following = tokens[j] if j < len(tokens) else None
        joined = following is not None and following.is_title and following.gap in _INLINE_GAPS
        if joined and following.text not in cat.not_name_words:
            return j + 1, f"{token.text}'{following.text}"
    return i + 1, token.text


def _ends_name(tokens: Sequence[Token], i: int, cat: Catalogue) -> bool:
    """A head, a qualified head or a lower-case introducer starts here, so a name cannot go on
    ("Anh" is a given name, "anh" introduces one)."""
    return (
        head_at(tokens, i, cat) is not None
        or qualified_head_at(tokens, i, cat) is not None
        or (tokens[i].text[0].islower() and cat.introducers.match(tokens, i) is not None)
    )


def _syllables(tokens: Sequence[Token], i: int, cat: Catalogue, limit: int) -> list[tuple[int, int, str]]:
    """The capitalised run at ``i`` as (first token, end token, syllable) triples."""
    run: list[tuple[int, int, str]] = []
    j = i
    while j < len(tokens) and len(run) < limit:
        if run and tokens[j].gap not in (" ", "\n"):
            break
        if run and _ends_name(tokens, j, cat):
            break
        syllable = _syllable_at(tokens, j, cat)
        if syllable is None:
            break
        end, text = syllable
        # A stray space inside a surname ("Nguyễ N Xuân Thanh") is a typing slip, not a syllable.
        if len(run) == 1 and len(text) == 1 and run[0][2] + text.lower() in cat.surnames:
            run[0] = (run[0][0], end, run[0][2] + text.lower())
        else:
            run.append((j, end, text))
        j = end
    return run


def _starts_like_a_name(syllables: Sequence[str], cat: Catalogue) -> bool:
    first = syllables[0]
    return first in cat.surnames or ("'" in first and first.split("'")[0] + "'" in cat.surnames)


def _has_apostrophe_start(syllables: Sequence[str]) -> bool:
    return "'" in syllables[0]


def _blocked(tokens: Sequence[Token], i: int, cat: Catalogue) -> bool:
    return cat.not_name_phrases.match(tokens, i) is not None


def _make_name(run: Sequence[tuple[int, int, str]]) -> Name:
    return Name(run[0][0], run[-1][1], " ".join(item[2] for item in run))


def strict_name_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> Name | None:
    """A name that needs nothing before it: it starts with a surname or a minority name start."""
    if _blocked(tokens, i, cat):
        return None
    run = _syllables(tokens, i, cat, cat.max_syllables + 1)
    if not run or len(run) > cat.max_syllables:
        return None
    syllables = [item[2] for item in run]
    if not _starts_like_a_name(syllables, cat):
        return None
    if len(run) < 2 and not _has_apostrophe_start(syllables):
        return None
    return _make_name(run)


def relaxed_name_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> Name | None:
    """The name after "đồng chí", "ông", "Đại tá"…: any capitalised run of two to five syllables.

    A lower-case word between the run and a head is a mis-typed last syllable
    ("đồng chí Nguyễn Hữu khánh Phó bí thư").
    """
    if _blocked(tokens, i, cat):
        return None
    run = _syllables(tokens, i, cat, cat.max_syllables + 1)
    if not run or len(run) > cat.max_syllables:
        return None
    if len(run) < 2 and not _has_apostrophe_start([run[0][2]]):
        return None
    j = run[-1][1]
    if (
        len(run) < cat.max_syllables - 1
        and j + 1 < len(tokens)
        and tokens[j].is_word
        and tokens[j].text.islower()
        and tokens[j].gap == " "
        and head_at(tokens, j, cat) is None
        and cat.stops.match(tokens, j) is None
        and head_at(tokens, j + 1, cat) is not None
    ):
        run = [*run, (j, j + 1, tokens[j].text.capitalize())]
    return _make_name(run)


# --- positions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    end: int
    canonical: str


def _glued_to_code(tokens: Sequence[Token], i: int) -> bool:
    """An abbreviation inside a document number ("05-CT/TW", "12/TB-UBND") is not a title."""
    if i < 2 or tokens[i].gap or tokens[i - 1].text not in "-/" or tokens[i - 1].gap:
        return False
    before = tokens[i - 2].text
    return before.isdigit() or before.isupper()


def head_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> Head | None:
    found = cat.heads.match(tokens, i)
    if found is not None:
        if tokens[i].is_caps and (_glued_to_code(tokens, i) or _code_follows(tokens, found.end)):
            return None
        return Head(found.end, found.phrase.value)
    generic = cat.generic_heads.match(tokens, i)
    if generic is not None and generic.end < len(tokens):
        # "Phó trưởng Công an huyện": the body must be a capitalised organisation.
        following = tokens[generic.end]
        if following.gap == " " and following.is_word and following.text[0].isupper():
            return Head(generic.end, generic.phrase.value)
    return None


def _code_follows(tokens: Sequence[Token], j: int) -> bool:
    """ "CT/TW": a slash glued after the abbreviation makes it part of a document code."""
    return j < len(tokens) and tokens[j].text == "/" and not tokens[j].gap


def qualified_head_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> Head | None:
    """ "Nguyên"/"kiêm"/"Quyền" right before a head."""
    if tokens[i].key in cat.qualifiers and i + 1 < len(tokens) and tokens[i + 1].gap == " ":
        return head_at(tokens, i + 1, cat)
    return None


@dataclass(frozen=True)
class Position:
    first: int
    last: int
    value: str
    name: Name | None  # the person whose name cut the body ("Bí thư Huyện ủy | Phan Văn Hợp")
    head_end: int  # the token after the head: ``head_end == last`` for a bare head
    at_place: bool = False  # the body ends with a place
    role: bool = False  # a role the person is given ("… làm Trưởng ban"), not an office in apposition


def position_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> Position | None:
    """A position that starts at token ``i``: qualifier, head and body."""
    head = qualified_head_at(tokens, i, cat) or head_at(tokens, i, cat)
    if head is None:
        return None
    body = _body_end(tokens, head.end, cat)
    return Position(i, body.end, render(tokens[i : body.end], cat), body.name, head.end, body.at_place)


def _with_parent_organisation(tokens: Sequence[Token], position: Position, cat: Catalogue) -> Position:
    """ ", ORGANISATION" after a position with no place of its own is the body it belongs to:
    "Phó Vụ trưởng Vụ Văn hóa dân tộc, Bộ Văn hóa, Thể thao và Du lịch", "Điều dưỡng trưởng
    Khoa Nhi, Trung tâm Y tế huyện", "Phó chỉ huy Trưởng, tham mưu trưởng, Bộ chỉ huy Quân sự tỉnh".
    After a place ("Chủ tịch UBND huyện, Ban Thường vụ Huyện ủy…") it is the next item of a list."""
    j = position.last
    if position.at_place or j + 1 >= len(tokens) or tokens[j].text != ",":
        return position
    start = j + 1
    if cat.parent_organisations.match(tokens, start) is None or not tokens[start].text[0].isupper():
        return position
    if _new_clause(tokens, start, cat):
        return position
    body = _body_end(tokens, start, cat)
    if body.name is not None or body.end == start:
        return position
    # After a bare head the comma only separates it from its organisation ("tham mưu trưởng, Bộ chỉ
    # huy Quân sự tỉnh"); between two bodies it is kept ("Vụ Văn hóa dân tộc, Bộ Văn hóa…").
    kept = (
        tokens[position.first : body.end]
        if position.head_end < j
        else [*tokens[position.first : j], *tokens[start : body.end]]
    )
    value = render(kept, cat)
    return Position(position.first, body.end, value, None, position.head_end, body.at_place)


def _closing_quote(tokens: Sequence[Token], i: int) -> int | None:
    for j in range(i + 1, min(len(tokens), i + _MAX_QUOTE_TOKENS)):
        if "\n" in tokens[j].gap:
            return None
        if tokens[j].text == '"':
            return j
    return None


def _is_parenthesised_abbreviation(tokens: Sequence[Token], i: int) -> bool:
    """ "(BCĐ)" after the words it abbreviates."""
    return i + 2 < len(tokens) and tokens[i + 1].is_caps and tokens[i + 2].text == ")"


def _glue_dot(tokens: Sequence[Token], i: int, cat: Catalogue) -> bool:
    """A full stop that joins an abbreviation to what follows ("CT.UBMTTQVN", "TP. Hồ Chí Minh")."""
    if i + 1 >= len(tokens) or i == 0:
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    if tokens[i].gap or not (before.is_caps or before.text in ("TP", "Tp", "TX", "H")):
        return False
    spaced_ok = before.text in ("TP", "Tp", "TX") and after.gap == " "
    return (after.gap == "" or spaced_ok) and after.is_word and after.text[0].isupper()


def _dot_after_abbreviated_head(tokens: Sequence[Token], j: int, start: int) -> bool:
    """ "PBT. Huyện ủy", "PCT. UBMTTQ thị xã": the dot closes the head's abbreviation."""
    if j != start or j == 0 or tokens[j].gap or not tokens[j - 1].is_caps or j + 1 >= len(tokens):
        return False
    after = tokens[j + 1]
    return after.gap in _INLINE_GAPS and after.is_word and after.text[0].isupper()


def _new_clause(tokens: Sequence[Token], j: int, cat: Catalogue) -> bool:
    """Something that cannot be part of the body of the position before it."""
    return (
        head_at(tokens, j, cat) is not None
        or qualified_head_at(tokens, j, cat) is not None
        or cat.introducers.match(tokens, j) is not None
        or strict_name_at(tokens, j, cat) is not None
    )


def _continues_after_dash(tokens: Sequence[Token], j: int, cat: Catalogue) -> bool:
    """ "Trung tâm Văn hóa - Thông tin - Thể thao" goes on; "Quận ủy viên - Trưởng phòng" does not."""
    if j >= len(tokens) or "\n" in tokens[j].gap:
        return False
    token = tokens[j]
    return token.is_word and token.text[0].isupper() and not _new_clause(tokens, j, cat)


def _name_in_place(tokens: Sequence[Token], j: int, cat: Catalogue) -> tuple[int, Name | None]:
    """Split the capitalised run after a place word into the place and a person's name.

    "tỉnh Bình Định Nguyễn Tuấn Thanh", "TP Hà Nội Chu Ngọc Anh", "huyện Nguyễn Xuân Thanh":
    the name is where a surname starts a three-syllable rest (then four, then two after a place).
    """
    run = _syllables(tokens, j, cat, 12)
    if not run:
        return j, None
    best: tuple[int, int] | None = None
    for k in range(len(run)):
        rest = [item[2] for item in run[k:]]
        if not _starts_like_a_name(rest, cat) or _blocked(tokens, run[k][0], cat):
            continue
        if k > 0 and rest[0] in cat.middle_names and run[k - 1][2] in cat.surnames:
            continue  # "Huyện ủy Phạm Thị Hồng Nhung": "Thị" after a surname is the middle name
        length = len(rest)
        if _has_apostrophe_start(rest) and length <= 3:
            rank = 0
        elif length == 3:
            rank = 1
        elif length == 4:
            rank = 2
        elif length == 2 and k > 0:
            rank = 3
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, k)
    if best is None:
        return run[-1][1], None
    return run[best[1]][0], _make_name(run[best[1] :])


@dataclass(frozen=True)
class Body:
    end: int  # index of the token after the body
    name: Name | None  # the person whose name ended it
    at_place: bool  # it ends with a place ("… huyện", "Huyện ủy Đắk Song")


def _body_end(tokens: Sequence[Token], i: int, cat: Catalogue) -> Body:
    """Where the body that starts at token ``i`` ends, and the name that ended it, if any."""
    j = i
    after_place = False
    limit = min(len(tokens), i + _MAX_BODY_TOKENS)
    while j < limit:
        token = tokens[j]
        if "\n" in token.gap:
            break
        text = token.text
        if not token.is_word:
            step = _punctuation_step(tokens, j, i, after_place, cat)
            if step is None:
                break
            j = step
            continue
        reference = _document_reference_end(tokens, j, cat) if not after_place else None
        if reference is not None:
            j = reference
            continue
        committee = cat.committees.match(tokens, j)
        if committee is not None:
            j, after_place = committee.end, True
            continue
        phrase = cat.bodies.match(tokens, j)
        if phrase is not None and not _new_clause(tokens, j, cat):
            j = phrase.end
            continue
        if cat.introducers.match(tokens, j) or qualified_head_at(tokens, j, cat):
            break
        if j > i and head_at(tokens, j, cat) is not None:
            break
        if text[0].isupper():
            end, name = _name_in_place(tokens, j, cat) if after_place else (j, None)
            if name is not None:
                return Body(end, name, True)
            if end > j:
                # One capitalised word and a lower-case one is an organisation ("Đảng ủy Quân sự
                # huyện"), not a place: the body goes on.
                after_place = not (end == j + 1 and end < limit and tokens[end].is_word and tokens[end].text.islower())
                j = end
                continue
            name = strict_name_at(tokens, j, cat)
            if name is not None:
                return Body(j, name, after_place)
            place = cat.place_types.match(tokens, j)
            if place is not None:
                j, after_place = place.end, True
                continue
            j += 1
            continue
        joiner = cat.joiners.match(tokens, j)
        if joiner is not None:
            # "Sở Giáo dục và Đào tạo", "Hội đồng Dân tộc của Quốc hội" go on; "và đồng chí…",
            # "và lãnh đạo…" do not.
            if joiner.end < limit and tokens[joiner.end].gap == " " and _continues_after_dash(tokens, joiner.end, cat):
                j = joiner.end
                continue
            place = _place_after_joiner(tokens, j, cat) if not after_place else None
            if place is not None:
                j, after_place = place, True
                continue
            break
        if cat.stops.match(tokens, j) is not None:
            break
        place = cat.place_types.match(tokens, j)
        if place is not None:
            j, after_place = place.end, True
            continue
        if after_place and token.low != "ủy":
            break
        j += 1
    return Body(j, None, after_place)


def _document_reference_end(tokens: Sequence[Token], j: int, cat: Catalogue) -> int | None:
    """The token after "Chỉ thị 01", "Nghị quyết số 35-NQ/TW" at ``j``: a document a committee is
    named after ("Ban Chỉ đạo thực hiện Chỉ thị 01 của huyện"); None when no number follows."""
    kind = cat.document_kinds.match(tokens, j)
    if kind is None:
        return None
    k = kind.end
    if k < len(tokens) and tokens[k].key == "so" and tokens[k].gap == " ":
        k += 1
    if k >= len(tokens) or not tokens[k].text[0].isdigit() or tokens[k].gap != " ":
        return None
    k += 1
    while k < len(tokens) and not tokens[k].gap and _code_piece(tokens[k]):
        k += 1
    return k


def _code_piece(token: Token) -> bool:
    """A piece of a document code glued to its number: "-", "/", digits, "CT", "TW"."""
    return token.text in ("-", "/") or token.text[0].isdigit() or token.is_caps


def _place_after_joiner(tokens: Sequence[Token], j: int, cat: Catalogue) -> int | None:
    """The token after "của huyện" at ``j``: a body named with its place ("Ban Chỉ đạo … của huyện")."""
    joiner = cat.place_joiners.match(tokens, j)
    if joiner is None or joiner.end >= len(tokens) or tokens[joiner.end].gap != " ":
        return None
    place = cat.place_types.match(tokens, joiner.end)
    return place.end if place is not None else None


def _punctuation_step(tokens: Sequence[Token], j: int, start: int, after_place: bool, cat: Catalogue) -> int | None:
    """Where the body goes on after the punctuation or number at ``j``, or None when it ends."""
    text = tokens[j].text
    if text[0].isdigit():
        before = tokens[j - 1] if j > start else None
        if before is not None and (after_place or before.is_title or before.is_caps):
            return j + 1
        return None
    if text == '"':
        close = _closing_quote(tokens, j)
        return None if close is None or j == start else close + 1
    if text == "(" and _is_parenthesised_abbreviation(tokens, j):
        return j + 3
    if text == "-" and j > start:
        return j + 1 if _continues_after_dash(tokens, j + 1, cat) else None
    if text == "." and (_glue_dot(tokens, j, cat) or _dot_after_abbreviated_head(tokens, j, start)):
        return j + 1
    if text == "&" and not tokens[j].gap and j + 1 < len(tokens) and not tokens[j + 1].gap:
        return j + 1
    return None


# --- rendering --------------------------------------------------------------------------


def render(tokens: Sequence[Token], cat: Catalogue) -> str:
    """A position as text: canonical qualifier and head, abbreviations expanded, body casing kept
    except for the catalogue's body phrases ("ban chỉ đạo" → "Ban Chỉ đạo")."""
    parts: list[str] = []
    i = 0
    n = len(tokens)
    if n > 1 and tokens[0].key in cat.qualifiers and head_at(tokens, 1, cat) is not None:
        parts.append(cat.qualifiers[tokens[0].key])
        i = 1
    head = head_at(tokens, i, cat) if i < n else None
    expanded_before = False
    if head is not None:
        parts.append((" " if parts else "") + head.canonical)
        expanded_before = tokens[head.end - 1].is_caps
        i = head.end
        if i < n and tokens[i].text in cat.after_head and tokens[i].gap and _single_abbreviation(tokens, i, cat):
            parts.append(" " + cat.after_head[tokens[i].text])
            i += 1
    force_space = False
    while i < n:
        token = tokens[i]
        if token.text == "(" and _is_parenthesised_abbreviation(tokens, i):
            i += 3
            continue
        if token.text == "." and not token.gap and expanded_before:
            i += 1
            force_space = True
            continue
        space = " " if (token.gap or force_space) and parts else ""
        force_space = False
        if token.text == '"':
            # Quotation marks around a movement's name are not part of the position.
            force_space = bool(token.gap)
            i += 1
            continue
        in_code = token.is_word and _in_document_code(tokens, i)
        abbreviation = cat.abbreviations.match(tokens, i) if token.is_word and not in_code else None
        if abbreviation is not None:
            value = abbreviation.phrase.value
            parts.append(space + value)
            i, expanded_before = abbreviation.end, True
            if i < n and tokens[i].gap == " " and tokens[i].low == value.split()[-1].lower():
                i += 1  # "UBND dân huyện": the writer spelt out half the abbreviation again
            continue
        expanded_before = False
        phrase = cat.bodies.match(tokens, i) if token.is_word else None
        if phrase is not None:
            parts.append(space + phrase.phrase.value)
            i = phrase.end
            continue
        if token.text == "-" and (token.gap or (i + 1 < n and tokens[i + 1].gap)):
            parts.append(" -")
            force_space = True
            i += 1
            continue
        parts.append(space + token.text)
        i += 1
    return _SPACES_RE.sub(" ", "".join(parts)).strip(" ,;:-.")


def _in_document_code(tokens: Sequence[Token], i: int) -> bool:
    """ "TW" in "35-NQ/TW": a piece of a code glued to a number is written as it is."""
    k = i
    while k > 0 and not tokens[k].gap:
        k -= 1
    return k < i and tokens[k].text[0].isdigit()


def _single_abbreviation(tokens: Sequence[Token], i: int, cat: Catalogue) -> bool:
    """No longer abbreviation starts here ("TT BDCT" is a centre, not "Thường trực")."""
    found = cat.abbreviations.match(tokens, i)
    return found is None or found.end == i + 1


def expand_abbreviations(position: str) -> str:
    """ "PCT UBND huyện" → "Phó Chủ tịch Ủy ban nhân dân huyện"; the head takes its canonical case."""
    return render(tokenize(position), catalogue())


# --- mentions ---------------------------------------------------------------------------


def _separator_end(tokens: Sequence[Token], j: int, *, first: bool, introduced: bool) -> int | None:
    """Index after the separator between a name and a position or between two positions."""
    if j >= len(tokens):
        return None
    token = tokens[j]
    if token.text in (",", "-") or (first and token.text in ":("):
        if j + 1 < len(tokens) and "\n\n" not in tokens[j + 1].gap:
            return j + 1
        return None
    if "\n" in token.gap:
        return j if first and introduced and "\n\n\n" not in token.gap else None
    return j


def _with_name_as_place(tokens: Sequence[Token], position: Position, cat: Catalogue) -> Position:
    """ "ông Trần Văn Hùng, Chủ tịch UBND phường Hoàng Văn Thụ cho biết", "ông Nguyễn Thanh Phong -
    Bí thư Huyện ủy Dương Minh Châu; ông …": a name that ends the body of an introduced person's
    position and is followed by a verb, or by the end of the person's entry, is a place or a body
    named after a person (the entry has one person), not a second official."""
    name = position.name
    if name is None:
        return position
    if not _ends_entry(tokens, name.last, cat) and not _verb_follows(tokens, name.last, cat):
        return position
    value = render(tokens[position.first : name.last], cat)
    return Position(position.first, name.last, value, None, position.head_end, True)


def _verb_follows(tokens: Sequence[Token], j: int, cat: Catalogue) -> bool:
    """A lower-case word that starts no position and joins nothing follows at ``j``."""
    if j >= len(tokens):
        return False
    after = tokens[j]
    if not (after.is_word and after.text.islower() and after.gap == " ") or head_at(tokens, j, cat):
        return False
    return cat.qualifiers.get(after.key) is None and cat.joiners.match(tokens, j) is None


def _ends_entry(tokens: Sequence[Token], j: int, cat: Catalogue) -> bool:
    """The end of one person's entry in a list: the text's or the paragraph's end, ";", ".", ")",
    or a comma before the next person's introducer ("…, ông Võ Văn Lợi")."""
    if j >= len(tokens) or "\n" in tokens[j].gap:
        return True
    token = tokens[j]
    if token.gap or token.text not in ";.),":
        return False
    if token.text != ",":
        return True
    return j + 1 < len(tokens) and cat.introducers.match(tokens, j + 1) is not None


def right_positions(tokens: Sequence[Token], j: int, cat: Catalogue, *, introduced: bool) -> list[Position]:
    """The positions after a name: ", POS, POS", " - POS - POS", " POS" (until one belongs to
    the next person, whose name ends its body)."""
    found: list[Position] = []
    while True:
        start = _separator_end(tokens, j, first=not found, introduced=introduced)
        if start is None or start >= len(tokens):
            break
        position = position_at(tokens, start, cat)
        if position is not None and position.name is not None and introduced:
            position = _with_name_as_place(tokens, position, cat)
        if position is None or position.name is not None:
            break
        found.append(position)
        j = position.last
    if found:
        found[-1] = _with_parent_organisation(tokens, found[-1], cat)
        role = _role_after(tokens, found[-1].last, cat)
        if role is not None:
            found.append(role)
    return found


def _role_link_start(tokens: Sequence[Token], j: int, cat: Catalogue) -> int | None:
    """Where the role link after a person's positions starts: right there ("… làm Trưởng ban"), or
    after a comma and a word for now or for the person (", hiện là …", "do đồng chí được …")."""
    if j < len(tokens) and tokens[j].text == "," and not tokens[j].gap:
        j += 1
    if j >= len(tokens) or tokens[j].gap != " ":
        return None
    prefix = cat.role_prefixes.match(tokens, j)
    if (
        prefix is not None
        and prefix.end < len(tokens)
        and tokens[prefix.end].gap == " "
        and cat.role_links.match(tokens, prefix.end) is not None
    ):
        return prefix.end
    return j


def _role_after(tokens: Sequence[Token], j: int, cat: Catalogue) -> Position | None:
    """ "Hồ Văn Nam, PCT.UBND thị xã làm Trưởng ban", "nguyên Chủ tịch UBND xã Lai Hòa, hiện là
    Trưởng Ban Công tác Mặt trận ấp Prey Chóp A": the role or the post the person is given."""
    start = _role_link_start(tokens, j, cat)
    if start is None:
        return None
    link = cat.role_links.match(tokens, start)
    if link is None or link.end >= len(tokens) or tokens[link.end].gap != " ":
        return None
    if cat.temporary_roles.match(tokens, link.end) is not None:
        return None
    position = position_at(tokens, link.end, cat)
    if position is None or position.name is not None:
        return None
    return dataclasses.replace(position, role=True)


def left_chain(tokens: Sequence[Token], i: int, cat: Catalogue) -> list[Position]:
    """Positions from ``i`` separated by "," or "-", up to the first one a name ends."""
    chain: list[Position] = []
    j = i
    while True:
        position = position_at(tokens, j, cat)
        if position is None:
            break
        chain.append(position)
        if position.name is not None:
            break
        start = _separator_end(tokens, position.last, first=False, introduced=False)
        if start is None or start == position.last or start >= len(tokens):
            break
        j = start
    return chain


@dataclass(frozen=True)
class Mention:
    name: Name
    positions: tuple[Position, ...]
    start: int  # character offsets
    end: int


def _mention(tokens: Sequence[Token], name: Name, left: Sequence[Position], right: Sequence[Position]) -> Mention:
    first = left[0].first if left else name.first
    last = right[-1].last if right else name.last
    return Mention(name, (*left, *right), tokens[first].start, tokens[last - 1].end)


def _skip_introducers(tokens: Sequence[Token], i: int, cat: Catalogue) -> int:
    while i < len(tokens):
        found = cat.introducers.match(tokens, i)
        if found is None:
            break
        i = found.end
        if i < len(tokens) and tokens[i].text in (",", ":"):
            i += 1
    return i


def _dash_name_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> Name | None:
    """A name with no surname and no introducer, made sure by a dash and a head: "Hoài Thanh- Phó Chủ tịch"."""
    if _blocked(tokens, i, cat):
        return None
    run = _syllables(tokens, i, cat, 5)
    if not 2 <= len(run) <= 4:
        return None
    j = run[-1][1]
    if j + 1 < len(tokens) and tokens[j].text == "-" and position_at(tokens, j + 1, cat) is not None:
        return _make_name(run)
    return None


def _titled_mention(tokens: Sequence[Token], i: int, cat: Catalogue) -> Mention | None:
    """ "bầu bổ sung chức danh Ủy viên Ủy ban nhân dân đối với đồng chí Phạm Đức Bảy - Trưởng phòng
    Dân tộc": a position named as a title ("chức danh", "chức vụ") given to a named person."""
    title = cat.title_words.match(tokens, i)
    if title is None or title.end >= len(tokens):
        return None
    chain = left_chain(tokens, title.end, cat)
    if not chain or chain[-1].name is not None or chain[-1].last >= len(tokens):
        return None
    link = cat.title_links.match(tokens, chain[-1].last)
    if link is None or link.end >= len(tokens):
        return None
    j = _skip_introducers(tokens, link.end, cat)
    name = relaxed_name_at(tokens, j, cat) if j < len(tokens) else None
    if name is None:
        return None
    return _mention(tokens, name, chain, right_positions(tokens, name.last, cat, introduced=True))


def mentions(tokens: Sequence[Token], cat: Catalogue) -> list[Mention]:
    """Every official mention, left to right."""
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not (token.is_title or token.key in cat.triggers):
            i += 1
            continue
        mention, following = _mention_at(tokens, i, cat)
        if mention is not None:
            found.append(mention)
        i = max(following, i + 1)
    return _with_shared_roles(tokens, found, cat)


def _with_shared_roles(tokens: Sequence[Token], found: Sequence[Mention], cat: Catalogue) -> list[Mention]:
    """ "đồng chí Lê Văn Bình, PCT. UBMTTQ thị xã và đồng chí Nguyễn Thị Hường, Phó Trưởng Ban Tuyên
    giáo Thị ủy làm Phó Trưởng ban": a role given after two people joined by "và" is given to both."""
    shared = list(found)
    for k in range(len(shared) - 2, -1, -1):
        first, second = shared[k], shared[k + 1]
        role = second.positions[-1] if len(second.positions) > 1 else None
        if role is None or not role.role or not first.positions or any(p.role for p in first.positions):
            continue
        if _joined_by_and(tokens, first, second, cat):
            shared[k] = Mention(first.name, (*first.positions, role), first.start, first.end)
    return shared


def _joined_by_and(tokens: Sequence[Token], first: Mention, second: Mention, cat: Catalogue) -> bool:
    """Nothing but "và" and an introducer between one person's entry and the next person's name."""
    j = _after_mention(first)
    if second.positions[0].first < second.name.first or j >= len(tokens) or tokens[j].gap != " ":
        return False
    joiner = cat.role_sharers.match(tokens, j)
    return joiner is not None and _skip_introducers(tokens, joiner.end, cat) == second.name.first


def _mention_at(tokens: Sequence[Token], i: int, cat: Catalogue) -> tuple[Mention | None, int]:
    """The mention that starts at token ``i``, if any, and the token to look at next."""
    titled = _titled_mention(tokens, i, cat)
    if titled is not None:
        return titled, _after_mention(titled)
    if cat.introducers.match(tokens, i) is not None:
        j = _skip_introducers(tokens, i, cat)
        name = relaxed_name_at(tokens, j, cat) if j < len(tokens) else None
        if name is None:
            return None, j
        return _named_mention(tokens, name, cat, introduced=True)
    if head_at(tokens, i, cat) or qualified_head_at(tokens, i, cat):
        chain = left_chain(tokens, i, cat)
        if chain:
            mention = _left_mention(tokens, chain, cat)
            if mention is None:
                return None, chain[-1].last
            return mention, max(_after_mention(mention), chain[-1].last)
    if tokens[i].is_title:
        name = strict_name_at(tokens, i, cat) or _dash_name_at(tokens, i, cat)
        if name is not None:
            return _named_mention(tokens, name, cat, introduced=False)
    return None, i + 1


def _named_mention(
    tokens: Sequence[Token], name: Name, cat: Catalogue, *, introduced: bool
) -> tuple[Mention | None, int]:
    """ "NAME, POS, POS" / "NAME - POS": the name and the positions after it."""
    right = right_positions(tokens, name.last, cat, introduced=introduced)
    if not right:
        role = _role_after(tokens, name.last, cat)
        if role is None:
            return None, name.last
        right = [role]
    return _mention(tokens, name, (), right), right[-1].last


def _after_mention(mention: Mention) -> int:
    """The token after a mention's name and positions."""
    last = mention.positions[-1].last if mention.positions else mention.name.last
    return max(last, mention.name.last)


def _left_mention(tokens: Sequence[Token], chain: Sequence[Position], cat: Catalogue) -> Mention | None:
    """ "POS NAME" (the name ends the last position's body) or "POS, NAME" with nothing after the name."""
    last = chain[-1]
    if last.name is not None:
        right = right_positions(tokens, last.name.last, cat, introduced=False)
        mention = _mention(tokens, last.name, chain, right)
        return mention
    j = last.last
    if j + 1 < len(tokens) and tokens[j].text == ",":
        name = strict_name_at(tokens, j + 1, cat)
        if name is not None and not right_positions(tokens, name.last, cat, introduced=False):
            return _mention(tokens, name, chain, ())
    return None


def _name_key(name: str) -> str:
    return " ".join(fold(name).replace("'", "").split())


def _position_words(position: str) -> list[str]:
    return fold(position).replace(",", " ").replace('"', " ").split()


def _covers(longer: str, shorter: str) -> bool:
    """Every word of ``shorter`` is in ``longer``, in order ("Phó Bí thư Huyện ủy" is in
    "Phó Bí thư Thường trực Huyện ủy")."""
    remaining = iter(_position_words(longer))
    return all(word in remaining for word in _position_words(shorter))


@dataclass(frozen=True)
class PositionShape:
    """What the merge needs to know of a written position: its qualified head and whether it
    names the body the office belongs to."""

    head: tuple[str, str] | None  # ("Nguyên", "Chủ tịch"); None when no head is read
    names_body: bool  # "Chủ tịch UBND huyện", not "Chủ tịch" or "Phó Trưởng ban Thường trực"


@lru_cache(maxsize=4096)
def _position_shape(position: str) -> PositionShape:
    """The shape of a rendered position ("kiêm Phó Trưởng ban Thường trực" → head ("kiêm", "Phó
    Trưởng ban"), names no body); cached, a person's positions are compared pairwise."""
    cat = catalogue()
    tokens = tokenize(position)
    i, qualifier = 0, ""
    if tokens and tokens[0].key in cat.qualifiers and qualified_head_at(tokens, 0, cat) is not None:
        i, qualifier = 1, cat.qualifiers[tokens[0].key]
    head = head_at(tokens, i, cat) if i < len(tokens) else None
    if head is None:
        return PositionShape(None, True)
    j = head.end
    while j < len(tokens):
        role = cat.role_qualifiers.match(tokens, j)
        if role is None:
            break
        j = role.end
    return PositionShape((qualifier, head.canonical), j < len(tokens))


def _conflicts(position: str, earlier: Sequence[str]) -> bool:
    """The same office held in another body than the text first said ("Chủ tịch HĐND huyện" in the
    body, "chủ tịch UBND huyện" in a caption): the first full statement is kept (gold notes b)."""
    head = _position_shape(position).head
    return head is not None and any(
        _position_shape(q).head == head and not _covers(position, q) and not _covers(q, position) for q in earlier
    )


def _merged_positions(mentions_positions: Iterable[tuple[str, ...]]) -> list[str]:
    """The positions of one person's mentions, each once, in the order first written.

    A repeat that a kept position covers is dropped. A fuller repeat replaces a kept position only
    when that one names no body ("Phó Trưởng ban Thường trực" then "… Thường trực Ban Chỉ đạo QCDC
    huyện"); a statement that names the body is kept as first written ("Phó Giám đốc Sở Giáo dục
    và Đào tạo", later "… tỉnh"). A later mention that restates the person's positions cannot
    move an office to another body (`_conflicts`).
    """
    kept: list[str] = []
    for index, positions in enumerate(mentions_positions):
        earlier = list(kept)
        restates = index > 0 and any(_covers(q, p) or _covers(p, q) for p in positions for q in earlier)
        for position in positions:
            if any(_covers(q, position) for q in earlier):
                continue
            shorter = [k for k, q in enumerate(kept) if q in earlier and _covers(position, q)]
            if any(_position_shape(kept[k]).names_body for k in shorter):
                continue
            if shorter:
                kept[shorter[0]] = position
                for k in reversed(shorter[1:]):
                    del kept[k]
            elif not (restates and _conflicts(position, earlier)):
                kept.append(position)
    return kept


def merge_officials(officials: Iterable[Official]) -> tuple[Official, ...]:
    """One record per person: the positions of all mentions in the order first written (see
    `_merged_positions`). The evidence (text, start, end) is the first mention's."""
    groups: dict[str, list[Official]] = {}
    for official in officials:
        groups.setdefault(_name_key(official.name), []).append(official)
    merged = []
    for group in groups.values():
        first = group[0]
        positions = tuple(_merged_positions(o.positions for o in group))
        merged.append(Official(first.name, positions, first.text, first.start, first.end))
    return tuple(merged)


def defined_abbreviations(tokens: Sequence[Token], cat: Catalogue) -> dict[str, str]:
    """Abbreviations the text defines: "Quy chế dân chủ cơ sở (QCDC)", "Hội Liên hiệp Phụ nữ (LHPN)".

    The words before the parenthesis whose initials spell the abbreviation are its expansion;
    up to three words the initials leave out may follow ("cơ sở"), but not a place ("huyện").
    """
    found: dict[str, str] = {}
    for i, token in enumerate(tokens):
        if token.text != "(" or not _is_parenthesised_abbreviation(tokens, i) or tokens[i + 1].text in found:
            continue
        letters = fold(tokens[i + 1].text)
        window = tokens[max(0, i - len(letters) - 3) : i]
        for start in range(len(window)):
            words = window[start:]
            if not all(w.is_word and "\n" not in w.gap for w in words):
                continue
            if "".join(w.key[0] for w in words).startswith(letters):
                cut = len(letters)
                while cut < len(words) and not words[cut].is_caps and cat.place_types.match(words, cut) is None:
                    cut += 1
                found[tokens[i + 1].text] = " ".join(w.text for w in words[:cut])
                break
    return found


def extract_officials(text: str, authors: tuple[str, ...] = ()) -> tuple[Official, ...]:
    """One record per mention of a named person with a position, in text order."""
    cat = catalogue()
    tokens = tokenize(text)
    local = defined_abbreviations(tokens, cat)
    if local:
        cat = dataclasses.replace(cat, abbreviations=cat.abbreviations.with_entries(local.items()))
    bylines = {_name_key(author) for author in authors}
    records = []
    for mention in mentions(tokens, cat):
        if _name_key(mention.name.value) in bylines:
            continue
        positions = tuple(p.value for p in mention.positions if p.value)
        if not positions:
            continue
        records.append(
            Official(mention.name.value, positions, text[mention.start : mention.end], mention.start, mention.end)
        )
    return tuple(records)
