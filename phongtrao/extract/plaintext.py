"""Plain-text articles: portal pages scraped to text with their boilerplate still in them.

A scraped page is a headline, a date line, the body, a byline and then widgets (visit
counters, "Designed by VNPT", weather, polls). The line catalogues live in
``phongtrao/data/boilerplate.toml`` and are matched on folded lines; this module holds the
line rules every reader shares (boilerplate, date lines, bylines, captions) and the reader
for ``.txt`` files.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from phongtrao.errors import InputError
from phongtrao.extract.normalize import fold, normalize
from phongtrao.models import Article

# ---------------------------------------------------------------------------------------
# Catalogue


@dataclass(frozen=True)
class Boilerplate:
    """The compiled line catalogues of boilerplate.toml."""

    drop: re.Pattern[str]
    image: re.Pattern[str]
    crumb_root: re.Pattern[str]
    tail: re.Pattern[str]
    head_marker: re.Pattern[str]
    date_line: re.Pattern[str]
    byline_label: re.Pattern[str]
    byline_unit: re.Pattern[str]
    byline_body: re.Pattern[str]
    source: re.Pattern[str]
    caption: re.Pattern[str]
    header: re.Pattern[str]
    motto: re.Pattern[str]
    agency: re.Pattern[str]
    kind: re.Pattern[str]


def _any_of(patterns: list[str], tail: str = "") -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + tail + r"\Z")


_COLON = r"\s*:?"  # widget titles may end with a colon ("Tin đã đưa:")


_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_TIME = r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch))?"
_SEP = r"\s*[:|,\-]?\s*"


@cache
def boilerplate() -> Boilerplate:
    """Load and compile boilerplate.toml once per process."""
    raw = resources.files("phongtrao").joinpath("data", "boilerplate.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    labels = "|".join(sorted(data["date_line"]["labels"], key=len, reverse=True))
    date_line = re.compile(
        rf"(?:(?:{labels}){_SEP}){{0,2}}(?:{_TIME}{_SEP})?\(?{_DATE}\)?(?:{_SEP}{_TIME})?"
        rf"(?:\s*\(?gmt\s*[+-]\s*\d+\)?)?(?:\s*\|?\s*(?:view count|luot xem|so lan xem)\s*:?\s*[\d.,]+)?\s*\Z"
    )
    byline = data["byline"]
    label = "|".join(sorted(byline["labels"], key=len, reverse=True))
    not_source = "|".join(byline["not_source"])
    sources = "|".join(sorted(byline["sources"], key=len, reverse=True))
    header = data["official_header"]
    return Boilerplate(
        drop=_any_of(data["drop"]["patterns"], _COLON),
        image=_any_of(data["image"]["patterns"]),
        crumb_root=re.compile(rf"(?:{'|'.join(data['crumb']['roots'])})\s*[/>»|\"'\-:]"),
        tail=_any_of(data["tail"]["patterns"], _COLON),
        head_marker=_any_of(data["head_marker"]["patterns"]),
        date_line=date_line,
        byline_label=re.compile(rf"(?:{label})\s*(?::|/|-|\s)\s*(?=\S)"),
        byline_unit=_any_of(byline["units"]),
        byline_body=_any_of(byline["bodies"]),
        source=re.compile(rf"(?:{sources})\s*:?\s+(?!(?:{not_source})\b)(?=\S)"),
        caption=_any_of(data["caption"]["patterns"]),
        header=_any_of(header["patterns"] + header["motto"]),
        motto=_any_of(header["motto"]),
        agency=_any_of(header["agencies"]),
        kind=_any_of(header["kinds"]),
    )


# ---------------------------------------------------------------------------------------
# Line rules

_BULLETS = " \t•·*▪►»-"
_SPACES_RE = re.compile(r"\s+")


def collapse(line: str) -> str:
    """One line with inner whitespace collapsed and ends stripped."""
    return " ".join(line.split())


@lru_cache(maxsize=16384)
def line_key(line: str) -> str:
    """The form catalogue patterns are matched on: folded, collapsed, no leading bullets.

    Cached: every line is asked several questions (boilerplate? date? byline? widget?).
    """
    return fold(collapse(line)).lstrip(_BULLETS).strip()


def word_count(line: str) -> int:
    return len(line.split())


def is_repeated_phrase(line: str) -> bool:
    """A widget title said twice or more ("THÔNG BÁO THÔNG BÁO", "Slideshow Image 1 …")."""
    words = line_key(line).split()
    n = len(words)
    for period in range(1, n // 2 + 1):
        if n % period == 0 and all(words[i] == words[i % period] for i in range(n)):
            return True
    return False


def is_boilerplate_line(line: str) -> bool:
    """A portal furniture line removed wherever it appears (controls joined by "|" included)."""
    key = line_key(line)
    if not key:
        return False
    catalogue = boilerplate()
    if catalogue.drop.match(key) or catalogue.image.match(key):
        return True
    segments = [segment.strip(_BULLETS) for segment in key.split("|")]
    segments = [segment for segment in segments if segment]
    return len(segments) > 1 and all(catalogue.drop.match(segment) for segment in segments)


def is_image_placeholder(line: str) -> bool:
    """ "Responsive image", "0/637296389819696172446.png": where a photo stood."""
    key = line_key(line)
    return bool(key) and bool(boilerplate().image.match(key))


def opens_widget_zone(line: str) -> bool:
    """A line after which, once the body has started, nothing is article text."""
    key = line_key(line)
    return bool(key) and (bool(boilerplate().tail.match(key)) or is_repeated_phrase(line))


def is_head_marker(line: str) -> bool:
    return bool(boilerplate().head_marker.match(line_key(line)))


def is_caption_line(line: str) -> bool:
    """A photo caption written as text ("Ảnh: Quang cảnh Hội nghị", "… - Ảnh minh họa")."""
    key = line_key(line)
    return word_count(key) <= 60 and bool(boilerplate().caption.match(key))


def parse_date_line(line: str) -> str | None:
    """The YYYY-MM-DD of a date line ("Ngày đăng 08/10/2018 | 15:54"), else None."""
    key = line_key(line)
    if len(key) > 60:
        return None
    match = boilerplate().date_line.match(key)
    if not match:
        return None
    return valid_date(int(match["y"]), int(match["m"]), int(match["d"]))


def valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_PLACE_DATE_RE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")


def parse_place_date_line(line: str) -> str | None:
    """The date of an official header line ("Bình Phước, ngày 27 tháng 11 năm 2013")."""
    key = line_key(line)
    if len(key) > 80:
        return None
    match = re.fullmatch(r"[^\d,]{2,40},\s*" + _PLACE_DATE_RE.pattern + r"\.?", key)
    if not match:
        return None
    return valid_date(int(match[3]), int(match[2]), int(match[1]))


# ---------------------------------------------------------------------------------------
# Bylines


@dataclass(frozen=True)
class Byline:
    """What a byline line says: the names (possibly none, for a source line) and its kind."""

    authors: tuple[str, ...]
    kind: str  # "names" | "labelled" | "source" | "url" | "body" (a body's name only: no author)


_URL_RE = re.compile(r"(?:https?://|www\.)\S+\Z", re.IGNORECASE)
_NAME_SPLIT_RE = re.compile(r"\s*(?:[-_/,;&+|]|\bvà\b)\s*")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{0,2}\.?\Z")
_VOWELS = set("aeiouy")
_TRAILING_UNIT_RE = re.compile(r"\s*\([^()]{1,80}\)\Z")  # "Thu Hiền (TTVH-TT)", "Thanh Hương (Trung tâm Văn hóa, …)"
_DASH_RE = re.compile(r"\s*-\s*")
_MAX_BODY_BYLINE_WORDS = 12


def _names_part(text: str) -> str:
    """The names before a dash and the writer's unit: "Phan Thảo - Đài TT-TH Thanh Chương" → "Phan Thảo"."""
    bodies = boilerplate().byline_body
    for dash in _DASH_RE.finditer(text):
        if dash.start() and bodies.match(fold(text[dash.end() :])):
            return text[: dash.start()]
    return text


_LEVEL_WORDS = frozenset({"xã", "phường", "huyện", "quận", "tỉnh", "phố", "trấn"})


def is_body_byline(line: str) -> bool:
    """A byline that names only a body ("Hội CCB huyện Kim Bảng", "Trung tâm VH-TT&TT thị xã"): a
    short line with no full stop that ends like a name (a capital, initials or a level word), not
    like a sentence ("Hội Nông dân huyện tổ chức hội nghị")."""
    text = collapse(line)
    words = text.split()
    if not 0 < len(words) <= _MAX_BODY_BYLINE_WORDS or text[-1:] in ".!?;:,":
        return False
    last = words[-1]
    ends_like_a_name = last[:1].isupper() or last.lower() in _LEVEL_WORDS
    return ends_like_a_name and bool(boilerplate().byline_body.match(fold(text)))


def _is_unit_abbreviation(token: str) -> bool:
    """Capitals without a vowel ("TTVHT", "TT", "ĐTT") are a unit's initials, not a name."""
    letters = token.strip(".")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha() and not (_VOWELS & set(fold(letters)))


def _name_case(token: str) -> str:
    if _INITIALS_RE.match(token):
        return token
    rest = token[1:].lower() if token.isupper() else token[1:]
    return token[0].upper() + rest


def _person_name(part: str, *, allow_single: bool = False) -> str | None:
    """A byline name ("Trúc Phương", "KỲ DANH" → "Kỳ Danh", "V.H ĐTT" → "V.H"), else None.

    One word is a name only when it is initials, an ethnic name with an apostrophe
    ("H'Xuân") or one of several names on the line (``allow_single``).
    """
    tokens = part.strip(" .").split()
    while tokens and _is_unit_abbreviation(tokens[-1]) and len(tokens) > 1:
        tokens.pop()
    if not tokens or len(tokens) > 5 or (len(tokens) == 1 and _is_unit_abbreviation(tokens[0])):
        return None
    lower = 0
    for index, token in enumerate(tokens):
        if any(char.isdigit() for char in token) or not token[0].isalpha():
            return None
        if _INITIALS_RE.match(token):
            continue
        if not token.replace("'", "").isalpha():
            return None
        if token[0].islower():
            if index == 0:
                return None
            lower += 1
    if lower > 1 or (lower and len(tokens) < 2):
        return None
    if len(tokens) == 1 and not (allow_single or "'" in tokens[0] or _INITIALS_RE.match(tokens[0])):
        return None  # one capitalised word ("Hội") is too weak to call a byline
    return " ".join(_name_case(token) for token in tokens)


def split_names(text: str) -> tuple[str, ...] | None:
    """The names of "Kim Ngân – Vương Hợp", "Lê Xuân _ Kim Ngân", "Vương Hợp - TTVHT- TT".

    Unit initials are dropped, so "V.H ĐTT." gives ("V.H",): "ĐTT" has no vowel and is read
    as the unit, "V.H" as the writer's initials. All-capital names are title-cased
    ("KỲ DANH" → "Kỳ Danh").
    """
    parts = [part.strip(" .") for part in _NAME_SPLIT_RE.split(text.strip(" ."))]
    parts = [part for part in parts if part and not all(_is_unit_abbreviation(t) for t in part.split())]
    names: list[str] = []
    for part in parts:
        name = _person_name(part, allow_single=len(parts) > 1)
        if name is None:
            return None
        names.append(name)
    return tuple(names) or None


def parse_byline(line: str) -> Byline | None:
    """Read a candidate byline line; None when it is ordinary text.

    Accepts bare names (≤ 5 words each, capitalised, "." only after initials or at the
    end), labelled names ("Tin, ảnh: Thanh Bình", "Biên tập / Huỳnh Tấn Tuấn."), source
    lines ("Theo chinhphu.vn": no author) and a bare source URL.
    """
    if is_body_byline(line):
        return Byline((), "body")
    text = collapse(line).rstrip("./ ").strip()
    if not text or len(text) > 120:
        return None
    if _URL_RE.match(text):
        return Byline((), "url")
    text = _TRAILING_UNIT_RE.sub("", text).rstrip("./ ")  # "Thu Hiền (TTVH-TT)"
    text = _names_part(text).rstrip("./ ")  # "Văn Hùng - Trung tâm VH-TT&TT huyện"
    if not text:
        return None
    key = fold(text)
    catalogue = boilerplate()
    label = catalogue.byline_label.match(key)
    if label:
        names = split_names(text[label.end() :])
        if names:
            return Byline(names, "labelled")
    source = catalogue.source.match(key)
    if source and word_count(text) <= 12 and not re.search(r"[!?;]", text):
        return Byline((), "source")
    if text[-1:] in ",:;!?\"'" or word_count(text) > 10:
        return None
    names = split_names(text)
    if names and all(word_count(name) <= 5 for name in names):
        return Byline(names, "names")
    return None


def is_byline_unit(line: str) -> bool:
    """The writer's unit on its own line after the names ("Trung tâm VH-TT&TT thị xã")."""
    key = line_key(line)
    return word_count(key) <= 10 and bool(boilerplate().byline_unit.match(key))


def label_only(line: str) -> bool:
    """A byline label standing alone ("Biên tập"), its names on the next line."""
    key = line_key(line).rstrip(" :/.-")
    return bool(key) and bool(boilerplate().byline_label.match(key + " x")) and word_count(key) <= 3


# ---------------------------------------------------------------------------------------
# Paragraphs

_SENTENCE_END = ".!?:;…\"')]»"
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-ZĐÀ-Ỹ]")


def is_single_sentence(text: str) -> bool:
    return not _SENTENCE_BREAK_RE.search(text.rstrip(" .!?"))


def join_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines: a line without final punctuation followed by a lower-case start."""
    out: list[str] = []
    for line in lines:
        if out and out[-1][-1:] not in _SENTENCE_END and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def looks_like_headline(line: str) -> bool:
    return 0 < word_count(line) <= 60 and not line.rstrip().endswith((":", ","))


def is_crumb(line: str) -> bool:
    """A category crumb before the headline ("Văn hóa - Xã hội", "Trang chủ / Tin tức / …")."""
    if boilerplate().crumb_root.match(line_key(line)):
        return True
    parts = re.split(r"\s+[-|>»/]\s+", collapse(line))
    return 2 <= len(parts) <= 4 and all(1 <= word_count(p) <= 3 for p in parts) and line[-1:] not in _SENTENCE_END


# ---------------------------------------------------------------------------------------
# Reader


@dataclass
class _Line:
    text: str
    gap_before: bool  # a blank line precedes it


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    gap = False
    for raw in text.split("\n"):
        line = collapse(raw)
        if not line:
            gap = True
            continue
        out.append(_Line(line, gap))
        gap = False
    return out


_HEAD_WINDOW = 10


def _head_content(line: str) -> bool:
    """A line near the top that may be the headline: not furniture, marker or masthead."""
    return not (is_boilerplate_line(line) or is_head_marker(line) or opens_widget_zone(line))


def _find_head(lines: list[_Line]) -> tuple[int | None, int | None, str | None, list[str]]:
    """Locate the headline and the date line near the top.

    Returns (title index, date-line index, published, warnings). The headline is the content
    line right before the date line, else the line after a "Chi tiết tin" marker, else the
    first content line that is not a category crumb.
    """
    warnings: list[str] = []
    window = list(range(min(len(lines), _HEAD_WINDOW)))
    content = [i for i in window if _head_content(lines[i].text)]
    date_index = next((i for i in window if parse_date_line(lines[i].text)), None)
    published = parse_date_line(lines[date_index].text) if date_index is not None else None
    marker = next((i for i in window if is_head_marker(lines[i].text)), None)
    if date_index is not None:
        before = [i for i in content if i < date_index and (marker is None or i > marker)]
        if before and looks_like_headline(lines[before[-1]].text):
            return before[-1], date_index, published, warnings
        after = [i for i in content if i > date_index]
        if after and looks_like_headline(lines[after[0]].text) and not before:
            return after[0], date_index, published, warnings
        return None, date_index, published, warnings
    if marker is not None:
        after = [i for i in content if i > marker]
        if after and looks_like_headline(lines[after[0]].text):
            return after[0], None, None, warnings
    candidates = list(content)
    while len(candidates) >= 2 and is_crumb(lines[candidates[0]].text):
        candidates = candidates[1:]
    if candidates and looks_like_headline(lines[candidates[0]].text):
        warnings.append("title guessed: first line")
        return candidates[0], None, None, warnings
    return None, None, None, warnings


def _take_bylines(body: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Remove the trailing byline and source lines; returns (body, authors, warnings)."""
    authors: list[str] = []
    warnings: list[str] = []
    for _ in range(4):
        if len(body) < 2:
            break
        byline = parse_byline(body[-1])
        if byline is None and len(body) >= 3 and is_byline_unit(body[-1]):
            names = parse_byline(body[-2])
            if names is not None and names.kind == "names":
                body = body[:-1]
                continue
        if byline is None:
            break
        body = body[:-1]
        authors[:0] = byline.authors
        if byline.kind == "names":
            warnings.append(f"byline guessed: {' / '.join(byline.authors)}")
    # A labelled byline or a label line followed by names, anywhere in the body.
    kept: list[str] = []
    index = 0
    while index < len(body):
        line = body[index]
        if label_only(line) and index + 1 < len(body):
            following = parse_byline(body[index + 1])
            if following and following.kind == "names":
                authors.extend(following.authors)
                index += 2
                continue
        byline = parse_byline(line)
        if byline and byline.kind == "labelled" and line_key(line)[:1].isalpha():
            authors.extend(byline.authors)
            index += 1
            continue
        kept.append(line)
        index += 1
    return kept, list(dict.fromkeys(authors)), warnings


def _caption_after_image(line: str) -> bool:
    """A short line under an image placeholder is the photo's caption.

    Captions rarely end with a full stop while body paragraphs do, so a line ending in "."
    must be very short to count.
    """
    words = word_count(line)
    return (
        (words <= 25 if line[-1:] not in ".!?;" else words <= 8)
        and is_single_sentence(line)
        and not line.endswith(":")
        and parse_date_line(line) is None
        and parse_byline(line) is None
    )


def read_plain_text(raw: str, source: str, *, published: str | None = None) -> Article:
    """Turn scraped portal text into an Article: headline, date, body, byline, captions."""
    text = normalize(raw)
    if not text:
        raise InputError(source, "empty file")
    lines = _lines(text)
    title_index, date_index, found_date, warnings = _find_head(lines)
    start = max(i for i in (title_index, date_index, -1) if i is not None) + 1
    if title_index is None and date_index is None:
        start = 0
    title = lines[title_index].text if title_index is not None else None

    body_lines: list[_Line] = []
    captions: list[str] = []
    title_key = line_key(title) if title else None
    after_image = False
    for line in lines[start:]:
        if body_lines and opens_widget_zone(line.text):
            break
        if is_image_placeholder(line.text):
            after_image = True
            continue
        if is_boilerplate_line(line.text) or is_head_marker(line.text) or opens_widget_zone(line.text):
            continue
        if title_key and line_key(line.text) == title_key:
            continue
        if is_caption_line(line.text) or (after_image and _caption_after_image(line.text)):
            # Captions stay in the text (they name officials and places) and are listed too.
            captions.append(line.text)
        after_image = False
        body_lines.append(line)

    if not body_lines and title is not None:
        # A one-line document: the line is the text, not a headline.
        body_lines, title = [lines[title_index]], None
        warnings = [w for w in warnings if not w.startswith("title")]

    paragraphs = _paragraphs(body_lines)
    paragraphs, authors, byline_warnings = _take_bylines(paragraphs)
    warnings.extend(byline_warnings)
    body = normalize("\n\n".join(paragraphs))
    if not body:
        raise InputError(source, "no article text found")
    if found_date is None and published is not None:
        warnings.append("published date given by the caller")
    elif found_date is None:
        warnings.append("no date line found")
    return Article(
        source=source,
        text=body,
        title=title,
        published=found_date or published,
        authors=tuple(authors),
        captions=tuple(captions),
        warnings=tuple(warnings),
    )


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Blank-line separated blocks, hard-wrapped lines inside a block joined."""
    blocks: list[list[str]] = []
    for line in lines:
        if line.gap_before or not blocks:
            blocks.append([line.text])
        else:
            blocks[-1].append(line.text)
    return [paragraph for block in blocks for paragraph in join_wrapped(block)]
