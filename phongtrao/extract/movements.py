"""Movements (phong trào thi đua) and campaigns (cuộc vận động) named in a text.

Portals name a movement in many ways: its long name, quoted or not, with or without "phong
trào (thi đua)" or "cuộc vận động" in front, with typos ("đới sống", "độ thị"), by initials
("TDĐKXDĐSVH", misspelt "TDĐKXDSVH", or "PTTDĐKXDĐSVH" with the "PT" glued on), or by a quoted
name the catalogue does not know yet. The catalogue (``phongtrao/data/movements.toml``) is data;
this module only reads it.

Matching is anchored so it stays fast and does not over-match:

* catalogue names: one compiled regular expression (a word trie) over the folded text, so tone,
  diacritic and "," / "-" differences vanish; the generic ("phong trào" alone, "thi đua" alone)
  is never a name;
* initials: capitalised tokens looked up in the catalogue, one letter forgiven on long ones;
* letter typos: edit distance, tried only on quoted text and right after a trigger word, word
  for word: a whole word that differs ("Hà Nội chung sức…" for "Cả nước chung sức…") is another
  movement;
* new movements: a quoted name right after a trigger word (or in a list a few words after it,
  "nhiều phong trào thi đua như: "…", "…"") that the catalogue does not know and that is not an
  awarded title, a slogan, a fund, a house, a festival or a model; a catalogue name that ends a
  quote with a place or other words in front ("Long An chung sức xây dựng nông thôn mới") is such
  a local movement, not the national one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from phongtrao.extract.normalize import fold, normalize_name
from phongtrao.models import Movement

_WORD = r"[^\W_]+"
_WORD_RE = re.compile(_WORD)
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"
# What may stand between the words of one name in folded text ("nông thôn mới, đô thị văn minh",
# "vì người nghèo - Không để ai…", "Xanh - Sạch - Đẹp").
_SEP = r"[ ,\-/:\"]+"  # a stray quote inside a name ("phụ nữ Việt Nam \"tự tin…") does not break it
_SEP_RE = re.compile(_SEP)
_INITIALS_RE = re.compile(rf"{_WORD_START}[A-ZĐƯ]{{2,}}(?:-[A-ZĐƯ]{{2,}})*{_WORD_END}")
_QUOTED_RE = re.compile(r'"([^"\n]{1,300})"')
_TRIM = " \t,.;:!?-"
_LONG_INITIALS = 8
_INITIALS_PREFIXES = ("pt", "cvd")  # "PTTDĐKXDĐSVH": phong trào + initials in one token
_NEW_NAME_WORDS = (2, 20)
_FUZZY_MIN_CHARS = 12
_FUZZY_MIN_WORDS = 4  # unquoted names after a trigger
_WINDOW_WORDS = 22  # longer than the longest catalogue name
_WORD_TYPO_LETTERS = 1  # letters a word may differ by and still be the catalogue's word
_LOCAL_PREFIX_WORDS = 4  # "Long An", "Cả tỉnh", "Tuổi trẻ Hà Tĩnh" before a national name
_YEAR_TAIL_RE = re.compile(r"(?: (?:nam|giai doan|nhiem ky|thoi ky))? \d{4}(?: \d{4})?$")


@dataclass(frozen=True)
class CatalogueEntry:
    """One movement: canonical name, stable id and every wording it is written in."""

    id: str
    name: str
    kind: str  # phong_trao | cuoc_van_dong
    aliases: tuple[str, ...]
    framed: tuple[str, ...]
    initials: tuple[str, ...]
    generic: bool = False


@dataclass(frozen=True)
class _Alias:
    entry: CatalogueEntry
    framed: bool


@dataclass(frozen=True)
class Catalogue:
    """The movements catalogue with the lookup tables the matcher needs."""

    entries: tuple[CatalogueEntry, ...]
    aliases: dict[str, _Alias]  # phrase_key(wording) → alias
    initials: dict[str, CatalogueEntry]  # folded letters → entry
    non_movements: frozenset[str]  # phrase keys
    alias_re: re.Pattern[str]  # over folded text
    trigger_re: re.Pattern[str]  # a trigger word anywhere in folded text
    trigger_before_re: re.Pattern[str]  # a trigger word ending where a name starts
    plural_before_re: re.Pattern[str]
    head_before_re: re.Pattern[str]  # over the normalised text, case-insensitive
    trigger_quote_re: re.Pattern[str]
    trigger_list_re: re.Pattern[str]  # a trigger, a few words, "như"/"gồm", then a quoted name
    list_next_re: re.Pattern[str]
    by_first_words: dict[str, tuple[str, ...]]  # first or second word → alias keys (fuzzy index)
    lead_words: tuple[tuple[str, ...], ...]  # triggers and plural words, folded: stripped by resolve

    def entry(self, wanted_id: str) -> CatalogueEntry | None:
        """The entry with this id, if catalogued."""
        return next((e for e in self.entries if e.id == wanted_id), None)


@dataclass(frozen=True)
class _Trigger:
    key: str  # "phong trao", "phong trao thi dua", "cuoc van dong", "thi dua", "pt", "cvd"
    plural: bool


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    id: str
    name: str
    needs_anchor: bool = False  # short initials with no trigger: kept only beside another mention


# ---------------------------------------------------------------------------------------- text keys


def phrase_key(text: str) -> str:
    """The words of ``text``, folded and joined by single spaces: how names are compared."""
    return " ".join(_WORD_RE.findall(fold(text)))


def movement_id(name: str) -> str:
    """The stable slug of a canonical name: folded, every run of non-alphanumerics → "-"."""
    return re.sub(r"[\W_]+", "-", fold(name)).strip("-")


# ---------------------------------------------------------------------------------------- catalogue


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regular expression for many word sequences; the longest wording wins at a position."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for word in key.split():
            node = node.setdefault(word, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:
    alternatives = []
    for word in sorted(w for w in node if w):
        child = node[word]
        tail = ""
        if any(child):
            tail = f"(?:{_SEP}{_node_pattern(child)})" + ("?" if "" in child else "")
        alternatives.append(re.escape(word) + _WORD_END + tail)
    return "(?:" + "|".join(alternatives) + ")"


def _words_pattern(phrases: Iterable[str]) -> str:
    keys = sorted({phrase_key(p) for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, key.split())) for key in keys)


def _entry(raw: dict) -> CatalogueEntry:
    name = raw["name"]
    framed = tuple(raw.get("framed", ()))
    aliases = tuple(raw.get("aliases", ()))
    if phrase_key(name) not in {phrase_key(f) for f in framed} and name not in aliases:
        aliases = (name, *aliases)
    return CatalogueEntry(
        id=raw["id"],
        name=name,
        kind=raw["kind"],
        aliases=aliases,
        framed=framed,
        initials=tuple(raw.get("initials", ())),
        generic=bool(raw.get("generic", False)),
    )


def _initials_letters(token: str) -> str:
    return fold(token).replace("-", "")


def _data_file(name: str) -> str:
    """A file of ``phongtrao/data``, found from this package (also under a namespace-style install)."""
    return resources.files("phongtrao.extract").parent.joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_catalogue() -> Catalogue:
    """Read ``movements.toml`` once and build the matchers."""
    raw = tomllib.loads(_data_file("movements.toml"))
    entries = tuple(_entry(item) for item in raw["movement"])
    aliases: dict[str, _Alias] = {}
    initials: dict[str, CatalogueEntry] = {}
    for entry in entries:
        if entry.id != movement_id(entry.name):
            raise ValueError(f"movements.toml: id {entry.id!r} is not movement_id({entry.name!r})")
        for wording in entry.framed:
            aliases.setdefault(phrase_key(wording), _Alias(entry, framed=True))
        for wording in entry.aliases:
            aliases[phrase_key(wording)] = _Alias(entry, framed=False)
        for token in entry.initials:
            initials[_initials_letters(token)] = entry
    non_movements = frozenset(phrase_key(p) for group in raw["non_movements"].values() for p in group)
    context = raw["context"]
    triggers = _words_pattern(context["triggers"])
    by_first_words: dict[str, list[str]] = {}
    for key in aliases:
        for word in key.split()[:2]:
            by_first_words.setdefault(word, []).append(key)
    heads = "|".join(r"\s+".join(map(re.escape, h.split())) for h in sorted(context["blocking_heads"], key=len)[::-1])
    return Catalogue(
        entries=entries,
        aliases=aliases,
        initials=initials,
        non_movements=non_movements,
        alias_re=re.compile(_WORD_START + _trie_pattern(aliases)),
        trigger_re=re.compile(rf"{_WORD_START}(?:{triggers}){_WORD_END}"),
        trigger_before_re=re.compile(rf"{_WORD_START}(?P<trigger>{triggers})[ :]*\"?[ ]*$"),
        plural_before_re=re.compile(rf"{_WORD_START}(?:{_words_pattern(context['plural_words'])})\s+$"),
        head_before_re=re.compile(rf"(?<!\w)(?:{heads})[ :]*\"?[ ]*$", re.IGNORECASE),
        trigger_quote_re=re.compile(rf"{_WORD_START}(?P<trigger>{triggers})[ :]*\"(?P<quoted>[^\"\n]{{1,300}})\""),
        trigger_list_re=re.compile(
            rf"{_WORD_START}(?P<trigger>{triggers})(?:[ ]+{_WORD}){{0,{int(context['list_intro_words'])}}}?"
            rf"[ ]+(?:{_words_pattern(context['list_intros'])})[ :]*\"(?P<quoted>[^\"\n]{{1,300}})\""
        ),
        list_next_re=re.compile(r"[ ]*(?:,|;|va|hoac)[ ]*\"(?P<quoted>[^\"\n]{1,300})\""),
        by_first_words={word: tuple(keys) for word, keys in by_first_words.items()},
        lead_words=tuple(tuple(phrase_key(w).split()) for w in (*context["plural_words"], *context["triggers"])),
    )


# --------------------------------------------------------------------------------------- distances


def _allowance(key: str) -> int:
    """Letter typos forgiven in a name of this length: one per 12 characters, at most 3."""
    return min(3, len(key) // _FUZZY_MIN_CHARS)


def edit_distance_within(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of ``a`` and ``b`` if it is at most ``limit``, else None (banded)."""
    if abs(len(a) - len(b)) > limit:
        return None
    over = limit + 1
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [over] * (len(b) + 1)
        current[0] = i if i <= limit else over
        char = a[i - 1]
        for j in range(low, high + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != b[j - 1]))
        if min(current[low - 1 : high + 1]) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


# ---------------------------------------------------------------------------------------- resolving


@lru_cache(maxsize=4096)
def _initials_lookup(letters: str) -> CatalogueEntry | None:
    return _initials_entry(load_catalogue(), letters)


def _initials_entry(catalogue: Catalogue, letters: str) -> CatalogueEntry | None:
    """The movement abbreviated by ``letters`` (folded), forgiving one letter on long initials."""
    candidates = [letters] + [letters[len(p) :] for p in _INITIALS_PREFIXES if letters.startswith(p)]
    for candidate in candidates:
        if candidate in catalogue.initials:
            return catalogue.initials[candidate]
    best: tuple[int, CatalogueEntry] | None = None
    ambiguous = False
    for candidate in candidates:
        for known, entry in catalogue.initials.items():
            if len(known) < _LONG_INITIALS:
                continue
            distance = edit_distance_within(candidate, known, 1)
            if distance is None:
                continue
            if best is None or distance < best[0]:
                best, ambiguous = (distance, entry), False
            elif distance == best[0] and entry.id != best[1].id:
                ambiguous = True
    return None if best is None or ambiguous else best[1]


def _key_variants(catalogue: Catalogue, key: str) -> Iterator[str]:
    """``key`` and the same key without trigger words in front or a year span behind."""
    words = key.split()
    starts = {0}
    for _ in range(2):
        for start in list(starts):
            for lead in catalogue.lead_words:
                if tuple(words[start : start + len(lead)]) == lead:
                    starts.add(start + len(lead))
    for start in sorted(starts):
        rest = " ".join(words[start:])
        if rest:
            yield rest
            shorter = _YEAR_TAIL_RE.sub("", rest)
            if shorter and shorter != rest:
                yield shorter


def _words_close(words: list[str], alias_words: list[str]) -> bool:
    """True when two wordings differ only by letter typos, never by a whole word: word for word
    within one letter, or (a word dropped or split) first and last words within one letter.
    "Hà Nội chung sức xây dựng nông thôn mới" is not "Cả nước chung sức…", it is a new movement."""
    if not words or not alias_words:
        return False
    if len(words) == len(alias_words):
        pairs = list(zip(words, alias_words, strict=True))
    else:
        pairs = [(words[0], alias_words[0]), (words[-1], alias_words[-1])]
    return all(edit_distance_within(a, b, _WORD_TYPO_LETTERS) is not None for a, b in pairs)


def _fuzzy_alias(catalogue: Catalogue, key: str) -> _Alias | None:
    words = set(key.split())
    best: tuple[int, int, _Alias] | None = None
    for alias_key, alias in catalogue.aliases.items():
        if len(alias_key) < _FUZZY_MIN_CHARS or alias.entry.generic:
            continue
        alias_words = alias_key.split()
        if 2 * len(words.intersection(alias_words)) < len(alias_words):
            continue
        if not _words_close(key.split(), alias_words):
            continue
        distance = edit_distance_within(key, alias_key, _allowance(alias_key))
        if distance is not None and (best is None or (distance, -len(alias_key)) < best[:2]):
            best = (distance, -len(alias_key), alias)
    return None if best is None else best[2]


def _prefix_alias(catalogue: Catalogue, key: str) -> _Alias | None:
    """An alias that starts ``key`` and covers most of it ("… đời sống văn hóa ở khu dân cư")."""
    words = key.split()
    for size in range(len(words) - 1, 2, -1):
        if size * 5 < len(words) * 3:
            break
        alias = catalogue.aliases.get(" ".join(words[:size]))
        if alias is not None:
            return alias
    return None


@lru_cache(maxsize=8192)
def _resolve_key(key: str) -> _Alias | None:
    catalogue = load_catalogue()
    variants = [v for v in _key_variants(catalogue, key) if v not in catalogue.non_movements]
    for variant in variants:
        if variant in catalogue.aliases:
            return catalogue.aliases[variant]
    for finder in (_prefix_alias, _fuzzy_alias):
        for variant in variants:
            found = finder(catalogue, variant)
            if found is not None:
                return found
    return None


def _resolve_written(written: str) -> _Alias | None:
    """Resolve a name as written (already normalised): initials first, then wordings."""
    stripped = written.strip(_TRIM + '"')
    if _INITIALS_RE.fullmatch(stripped):
        entry = _initials_lookup(_initials_letters(stripped))
        long_initials = len(_initials_letters(stripped)) >= _LONG_INITIALS
        return None if entry is None else _Alias(entry, framed=not long_initials)
    key = phrase_key(stripped)
    return _resolve_key(key) if key else None


def resolve_movement(name: str) -> tuple[str, str] | None:
    """(id, canonical name) of a catalogued movement written any way, else None."""
    try:
        alias = _resolve_written(normalize_name(name))
    except (ValueError, TypeError):
        return None
    return None if alias is None else (alias.entry.id, alias.entry.name)


def is_non_movement(name: str) -> bool:
    """True for awarded titles, slogans, funds, houses, festivals and models (not movements)."""
    key = phrase_key(normalize_name(name).strip('"'))
    return _is_non_movement_key(load_catalogue(), key)


def _is_non_movement_key(catalogue: Catalogue, key: str) -> bool:
    words = key.split()
    return any(" ".join(words[:size]) in catalogue.non_movements for size in range(1, len(words) + 1))


# ---------------------------------------------------------------------------------------- extracting


def _trigger_before(catalogue: Catalogue, text: str, folded: str, start: int) -> _Trigger | None:
    """The trigger word ending right before ``start`` (an optional quote between), if any."""
    match = catalogue.trigger_before_re.search(folded, max(0, start - 40), start)
    if match is None:
        return None
    key = " ".join(match.group("trigger").split())
    if key in _INITIALS_PREFIXES and not text[match.start("trigger") : match.end("trigger")].isupper():
        return None
    plural = catalogue.plural_before_re.search(folded, max(0, match.start() - 12), match.start()) is not None
    return _Trigger(key, plural)


def _blocked_by_head(catalogue: Catalogue, text: str, start: int) -> bool:
    return catalogue.head_before_re.search(text, max(0, start - 30), start) is not None


def _accepts(alias: _Alias, trigger: _Trigger | None) -> bool:
    """Whether a wording counts given the trigger in front of it."""
    if not alias.framed:
        return True
    if trigger is None:
        return False
    if alias.entry.generic:
        return trigger.key == "phong trao"
    return True


def _is_slug(written: str) -> bool:
    """A name inside a URL or file name ("…/toan-dan-bao-ve-an-ninh-to-quoc"): not a mention."""
    return " " not in written and "-" in written and written.isascii() and written.islower()


def _catalogue_names(catalogue: Catalogue, text: str, folded: str) -> Iterator[_Candidate]:
    position = 0
    while (match := catalogue.alias_re.search(folded, position)) is not None:
        start, end = match.span()
        alias = catalogue.aliases.get(phrase_key(match.group()))
        if (
            alias is not None
            and not _is_slug(match.group())
            and _accepts(alias, _trigger_before(catalogue, text, folded, start) if alias.framed else None)
            and not _blocked_by_head(catalogue, text, start)
        ):
            yield _Candidate(start, end, alias.entry.id, alias.entry.name)
            position = end
        else:
            position = start + 1


def _initials(catalogue: Catalogue, text: str, folded: str) -> Iterator[_Candidate]:
    for match in _INITIALS_RE.finditer(text):
        letters = _initials_letters(match.group())
        if len(letters) < 3:
            continue
        entry = _initials_lookup(letters)
        if entry is None or _blocked_by_head(catalogue, text, match.start()):
            continue
        short = len(letters) < _LONG_INITIALS and not letters.startswith(_INITIALS_PREFIXES)
        framed = short and _trigger_before(catalogue, text, folded, match.start()) is not None
        yield _Candidate(match.start(), match.end(), entry.id, entry.name, needs_anchor=short and not framed)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _new_movement(catalogue: Catalogue, written: str) -> tuple[str, str] | None:
    """(id, name) for a quoted name after a trigger that the catalogue does not know."""
    key = phrase_key(written)
    words = len(key.split())
    if not (_NEW_NAME_WORDS[0] <= words <= _NEW_NAME_WORDS[1]) or _is_non_movement_key(catalogue, key):
        return None
    if not any(c.isalpha() for c in written):
        return None
    name = normalize_name(written)
    name = name[:1].upper() + name[1:]
    return movement_id(name), name


def _quoted_spans(catalogue: Catalogue, text: str, folded: str) -> Iterator[tuple[int, int, _Trigger | None]]:
    """Every quoted span: after a trigger (with lists after a plural trigger), then the others."""
    seen: set[tuple[int, int]] = set()
    for match in catalogue.trigger_quote_re.finditer(folded):
        trigger = _trigger_before(catalogue, text, folded, match.start("quoted") - 1)
        if trigger is None:
            continue
        span = match.span("quoted")
        seen.add(span)
        yield (*span, trigger)
        position = match.end()
        while trigger.plural and (following := catalogue.list_next_re.match(folded, position)):
            span = following.span("quoted")
            seen.add(span)
            yield (*span, trigger)
            position = following.end()
    for match in catalogue.trigger_list_re.finditer(folded):
        key = " ".join(match.group("trigger").split())
        if match.span("quoted") in seen or (
            key in _INITIALS_PREFIXES and not text[match.start("trigger") : match.end("trigger")].isupper()
        ):
            continue
        trigger = _Trigger(key, plural=True)
        seen.add(match.span("quoted"))
        yield (*match.span("quoted"), trigger)
        position = match.end()
        while following := catalogue.list_next_re.match(folded, position):
            seen.add(following.span("quoted"))
            yield (*following.span("quoted"), trigger)
            position = following.end()
    for match in _QUOTED_RE.finditer(text):
        if match.span(1) not in seen:
            yield (*match.span(1), None)


def _quoted_names(
    catalogue: Catalogue, text: str, folded: str, found: list[_Candidate]
) -> Iterator[_Candidate]:
    for raw_start, raw_end, trigger in _quoted_spans(catalogue, text, folded):
        start, end = _trimmed(text, raw_start, raw_end)
        if start >= end or any(raw_start <= c.start and c.end <= raw_end for c in found):
            continue
        written = text[start:end]
        alias = _resolve_written(written)
        if alias is not None:
            if _accepts(alias, trigger) and not _blocked_by_head(catalogue, text, raw_start - 1):
                yield _Candidate(start, end, alias.entry.id, alias.entry.name)
            continue
        if trigger is not None and (new := _new_movement(catalogue, written)) is not None:
            yield _Candidate(start, end, *new)


def _leading_words(catalogue: Catalogue, text: str) -> list[str]:
    """The folded words of ``text`` without trigger and plural words in front."""
    words = phrase_key(text).split()
    stripped = True
    while stripped:
        stripped = False
        for lead in catalogue.lead_words:
            if lead and tuple(words[: len(lead)]) == lead:
                words, stripped = words[len(lead) :], True
    return words


def _without_local_names(catalogue: Catalogue, text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Drop a catalogue name that ends a quoted name with other words in front: "Long An chung sức
    xây dựng nông thôn mới" names the province's own movement, not "Cả nước chung sức…"; the quote
    is then read whole (a new movement after a trigger)."""
    local: set[tuple[int, int]] = set()
    for quote in _QUOTED_RE.finditer(text):
        start, end = _trimmed(text, *quote.span(1))
        for candidate in found:
            if not (start < candidate.start and candidate.end == end):
                continue
            extra = _leading_words(catalogue, text[start : candidate.start])
            if 0 < len(extra) <= _LOCAL_PREFIX_WORDS:
                local.add((candidate.start, candidate.end))
    return [c for c in found if (c.start, c.end) not in local]


def _name_window(folded: str, start: int) -> list[re.Match[str]]:
    """The words of a possible unquoted name starting at ``start`` (until punctuation)."""
    words: list[re.Match[str]] = []
    position = start
    for match in _WORD_RE.finditer(folded, start):
        gap = folded[position : match.start()]
        if (words and not _SEP_RE.fullmatch(gap)) or (not words and gap):
            break
        words.append(match)
        position = match.end()
        if len(words) >= _WINDOW_WORDS:
            break
    return words


@lru_cache(maxsize=8192)
def _fuzzy_after_trigger(texts: tuple[str, ...]) -> tuple[int, _Alias] | None:
    """(number of words, alias) for the catalogue name the words start with, typos forgiven."""
    catalogue = load_catalogue()
    present = set(texts)
    best: tuple[int, int, int, _Alias] | None = None
    for key in {k for word in texts[:2] for k in catalogue.by_first_words.get(word, ())}:
        alias = catalogue.aliases[key]
        words = key.split()
        limit = _allowance(key)
        if len(words) < _FUZZY_MIN_WORDS or alias.entry.generic or len(set(words) - present) > limit:
            continue
        for used in (len(words), len(words) - 1, len(words) + 1):
            if used > len(texts) or not _words_close(list(texts[:used]), words):
                continue
            distance = edit_distance_within(" ".join(texts[:used]), key, limit)
            if distance is not None and (best is None or (distance, -used) < best[:2]):
                best = (distance, -used, used, alias)
    return None if best is None else (best[2], best[3])


def _covered(spans: list[tuple[int, int]], trigger_start: int, name_start: int) -> bool:
    """A trigger inside a name already found, or followed by one."""
    return any(s <= trigger_start < e or name_start <= s < name_start + 3 for s, e in spans)


def _typo_names(
    catalogue: Catalogue, text: str, folded: str, found: list[_Candidate]
) -> Iterator[_Candidate]:
    spans = [(c.start, c.end) for c in found]
    for match in catalogue.trigger_re.finditer(folded):
        start = match.end()
        while start < len(folded) and folded[start] in " :":
            start += 1
        if start >= len(folded) or folded[start] == '"' or _covered(spans, match.start(), start):
            continue
        words = _name_window(folded, start)
        if len(words) < _FUZZY_MIN_WORDS:
            continue
        hit = _fuzzy_after_trigger(tuple(w.group() for w in words))
        if hit is None:
            continue
        used, alias = hit
        trigger = _trigger_before(catalogue, text, folded, start)
        if _accepts(alias, trigger):
            yield _Candidate(start, words[used - 1].end(), alias.entry.id, alias.entry.name)


def _without_overlaps(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Earliest first; at one place the longest; a short bare initialism only beside its movement."""
    kept: list[_Candidate] = []
    end = -1
    for candidate in sorted(candidates, key=lambda c: (c.start, c.start - c.end)):
        if candidate.start >= end:
            kept.append(candidate)
            end = candidate.end
    named = {c.id for c in kept if not c.needs_anchor}
    return [c for c in kept if not c.needs_anchor or c.id in named]


def extract_movements(text: str) -> tuple[Movement, ...]:
    """Every movement mention in a normalised text, in order, with its offsets."""
    if not text:
        return ()
    catalogue = load_catalogue()
    folded = fold(text)
    if len(folded) != len(text):  # cannot happen with fold's contract; offsets would be wrong
        return ()
    found = [*_catalogue_names(catalogue, text, folded), *_initials(catalogue, text, folded)]
    found = _without_local_names(catalogue, text, found)
    found += _quoted_names(catalogue, text, folded, found)
    found += _typo_names(catalogue, text, folded, found)
    return tuple(
        Movement(name=c.name, id=c.id, text=text[c.start : c.end], start=c.start, end=c.end)
        for c in _without_overlaps(found)
    )
