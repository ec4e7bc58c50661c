"""A fetched portal page → Article: headline, dates, byline, captions and the clean body.

Vietnamese local portals run on a handful of platforms (Liferay, SharePoint, Oracle
WebCenter, VNPT and Viettel portals, NukeViet, Joomla, WordPress, static sites). When a
site profile (``phongtrao/data/site_profiles.toml``) recognises the platform, its CSS
selectors say where the headline, date line, byline and body are; otherwise trafilatura
finds the main text. Either way the body is cut into paragraphs and the same Vietnamese
rules apply: date lines ("Ngày đăng 08/10/2018 | 15:54", "Thứ ba - 28/05/2024 09:33"),
the header's "today" date (not a publication date), bylines padded with &nbsp; or in the
middle, "Theo …" source lines (not authors), captions (kept as paragraphs and listed), the
headline repeated at the top of the body. Everything goes through ``normalize()``.

Nothing but :class:`InputError` leaves :func:`extract_article` and :func:`extract_html`.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urljoin

from phongtrao.errors import InputError
from phongtrao.extract.encoding import convert_legacy, decode_html, legacy_font
from phongtrao.extract.normalize import fold, normalize
from phongtrao.extract.plaintext import (
    Byline,
    collapse,
    is_boilerplate_line,
    is_caption_line,
    is_single_sentence,
    label_only,
    opens_widget_zone,
    parse_byline,
    split_names,
    word_count,
)
from phongtrao.models import Article, Page

MAX_PAGE_BYTES = 16 * 1024 * 1024
LOCAL_TZ = dt.timezone(dt.timedelta(hours=7))  # Vietnam, no daylight saving
_HEAD_SCAN = 160_000  # the start and the end of a page: head markup, footer credits

# ---------------------------------------------------------------------------------------
# Catalogue


@dataclass(frozen=True)
class Profile:
    """One platform's detection signals and selectors (see site_profiles.toml)."""

    name: str
    generator: tuple[re.Pattern[str], ...]
    markers: tuple[re.Pattern[str], ...]
    url: tuple[re.Pattern[str], ...]
    min_score: int
    selectors: Mapping[str, tuple[str, ...]]

    def get(self, key: str) -> tuple[str, ...]:
        return self.selectors.get(key, ())


@dataclass(frozen=True)
class PageRules:
    """The [page] and [dates] tables of site_profiles.toml, compiled."""

    junk_words: frozenset[str]
    today_words: frozenset[str]
    not_authors: frozenset[str]
    author_label: re.Pattern[str]
    source_label: re.Pattern[str]
    attachment: re.Pattern[str]
    published_label: re.Pattern[str]
    updated_label: re.Pattern[str]
    date_filler: re.Pattern[str]


_SELECTOR_KEYS = (
    "title",
    "date",
    "updated",
    "author",
    "lead",
    "body",
    "drop",
    "article",
    "item",
    "item_link",
    "item_date",
    "pagination",
)


def _words_re(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


@cache
def _catalogue() -> dict[str, Any]:
    raw = resources.files("phongtrao").joinpath("data", "site_profiles.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def _lowered(pattern: str) -> str:
    """A marker pattern for the lower-cased page (a case-blind search is ten times slower)."""
    if re.search(r"\\[A-Z]", pattern):
        raise ValueError(f"site_profiles.toml: marker {pattern!r} uses an upper-case escape")
    return pattern.lower()


@cache
def profiles() -> tuple[Profile, ...]:
    """The platform profiles, compiled once per process."""
    out = []
    for item in _catalogue()["profile"]:
        flags = re.IGNORECASE
        out.append(
            Profile(
                name=item["name"],
                generator=tuple(re.compile(p, flags) for p in item.get("generator", [])),
                markers=tuple(re.compile(_lowered(p)) for p in item.get("markers", [])),
                url=tuple(re.compile(p, flags) for p in item.get("url", [])),
                min_score=int(item.get("min_score", 3)),
                selectors={key: tuple(item.get(key, [])) for key in _SELECTOR_KEYS},
            )
        )
    return tuple(out)


@cache
def page_rules() -> PageRules:
    data = _catalogue()
    page, dates = data["page"], data["dates"]
    weekdays = _words_re(dates["weekdays"])
    filler = "|".join(
        [
            *dates["extras"],
            _words_re(dates["published"]),
            _words_re(dates["updated"]),
            weekdays,
            r"vao|luc|ngay|hom|gio|phut|sa|ch|am|pm|h",
        ]
    )
    extensions = "|".join(page["attachment_extensions"])
    return PageRules(
        junk_words=frozenset(page["junk_words"]),
        today_words=frozenset(page["today_words"]),
        not_authors=frozenset(page["not_authors"]),
        author_label=re.compile(rf"(?:{_words_re(page['author_labels'])})\s*[:/\-]?\s*"),
        source_label=re.compile(rf"(?:{_words_re(page['source_labels'])})\s*[:/\-]?\s*"),
        attachment=re.compile(rf"\.(?:{extensions})(?:$|[?#])", re.IGNORECASE),
        published_label=re.compile(rf"(?<![a-z])(?:{_words_re(dates['published'])})(?![a-z])"),
        updated_label=re.compile(rf"(?<![a-z])(?:{_words_re(dates['updated'])})(?![a-z])"),
        date_filler=re.compile(rf"(?<![a-z])(?:{filler})(?![a-z])"),
    )


# ---------------------------------------------------------------------------------------
# CSS selectors (a small subset) → XPath

_COMPOUND_RE = re.compile(r"(?P<tag>\*|[a-zA-Z][\w-]*)?(?P<parts>(?:\.[\w-]+|#[\w-]+|\[[^\]]+\])*)")
_PART_RE = re.compile(
    r"\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)|\[(?P<attr>[\w:-]+)\s*(?:(?P<op>[~^$*|]?=)\s*(?P<val>[^\]]*))?\]"
)


def _xpath_literal(value: str) -> str:
    value = value.strip().strip("\"'")
    if "'" not in value:
        return f"'{value}'"
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in value.split("'")) + ")"


def _compound_xpath(compound: str) -> str:
    match = _COMPOUND_RE.fullmatch(compound)
    if not match or not compound:
        raise ValueError(f"unsupported selector part: {compound!r}")
    tag = match["tag"] or "*"
    predicates = []
    for part in _PART_RE.finditer(match["parts"] or ""):
        if part["cls"]:
            predicates.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {part['cls']} ')")
        elif part["id"]:
            predicates.append(f"@id='{part['id']}'")
        else:
            attr, op, raw = part["attr"], part["op"], part["val"]
            value = _xpath_literal(raw or "")
            if not op:
                predicates.append(f"@{attr}")
            elif op == "=":
                predicates.append(f"@{attr}={value}")
            elif op == "^=":
                predicates.append(f"starts-with(@{attr}, {value})")
            elif op == "*=":
                predicates.append(f"contains(@{attr}, {value})")
            elif op == "$=":
                predicates.append(f"substring(@{attr}, string-length(@{attr}) - string-length({value}) + 1) = {value}")
            elif op == "~=":
                predicates.append(f"contains(concat(' ', normalize-space(@{attr}), ' '), concat(' ', {value}, ' '))")
            else:
                predicates.append(f"(@{attr}={value} or starts-with(@{attr}, concat({value}, '-')))")
    return tag + "".join(f"[{p}]" for p in predicates)


@cache
def css_to_xpath(selector: str) -> str:
    """XPath for a CSS selector of the supported subset, relative to the context node."""
    paths = []
    for single in selector.split(","):
        tokens = re.split(r"\s*(>)\s*|\s+", single.strip())
        steps: list[str] = []
        axis = "descendant-or-self::"
        for token in tokens:
            if token is None or token == "":
                continue
            if token == ">":
                axis = "child::"
                continue
            steps.append(axis + _compound_xpath(token))
            axis = "descendant::"
        paths.append("/".join(steps))
    return " | ".join(paths)


@cache
def _compiled(selector: str) -> Any:
    from lxml import etree

    return etree.XPath(css_to_xpath(selector))


def select(node: Any, selector: str) -> list[Any]:
    """Elements under ``node`` (itself included) matching a CSS selector, in document order."""
    try:
        return list(_compiled(selector)(node))
    except Exception:  # a bad selector in the catalogue must not break extraction
        return []


def select_first(node: Any, selectors: Iterable[str]) -> list[Any]:
    """The matches of the first selector in the list that matches anything."""
    for selector in selectors:
        found = select(node, selector)
        if found:
            return found
    return []


# ---------------------------------------------------------------------------------------
# Dates


_DATE_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|ngay\s+(?P<wd>\d{1,2})\s+thang\s+(?P<wm>\d{1,2})\s*(?:nam|,|/)\s*(?P<wy>(?:19|20)\d{2})"
)
_TIME_RE = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h)\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*(?:am|pm|sa|ch)(?![a-z]))?")
_RESIDUE_RE = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class DateLine:
    """A date read from a date line; ``kind`` is what its label says."""

    date: str  # YYYY-MM-DD as shown (local time)
    kind: str  # "published" | "updated" | "plain"


def valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _match_date(match: re.Match[str]) -> str | None:
    if match["d"]:
        return valid_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match["iy"]:
        return valid_date(int(match["iy"]), int(match["im"]), int(match["id"]))
    return valid_date(int(match["wy"]), int(match["wm"]), int(match["wd"]))


def date_mentions(text: str) -> list[DateLine]:
    """Every date in a short text, each with the kind its nearest label gives it."""
    key = fold(collapse(text))
    rules = page_rules()
    out: list[DateLine] = []
    previous = 0
    for match in _DATE_RE.finditer(key):
        value = _match_date(match)
        if value is None:
            continue
        before = key[previous : match.start()]
        kind = "plain"
        if rules.updated_label.search(before):
            kind = "updated"
        elif rules.published_label.search(before):
            kind = "published"
        out.append(DateLine(value, kind))
        previous = match.end()
    return out


def is_date_line(text: str, *, max_length: int = 120) -> bool:
    """True when the text says nothing but dates, times, date labels, weekdays and counters."""
    if len(text) > 3 * max_length:
        return False
    key = fold(collapse(text))
    if not key or len(key) > max_length or not _DATE_RE.search(key):
        return False
    rest = _DATE_RE.sub(" ", key)
    rest = _TIME_RE.sub(" ", rest)
    rest = page_rules().date_filler.sub(" ", rest)
    return len(_RESIDUE_RE.findall(rest)) <= 2


def parse_date_line(text: str) -> DateLine | None:
    """The publication date of a date line ("Ngày đăng 08/10/2018 | 15:54"), else None.

    A line with a publication label and an update label gives the publication date; a
    line with only an update label gives that date with kind "updated".
    """
    if not is_date_line(text):
        return None
    mentions = date_mentions(text)
    if not mentions:
        return None
    published = [m for m in mentions if m.kind in ("published", "plain")]
    return published[0] if published else mentions[0]


def local_date(value: Any) -> str | None:
    """YYYY-MM-DD in Vietnam time of a machine date (ISO 8601 with or without zone, RFC 2822)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    moment: dt.datetime | None = None
    iso = re.match(
        r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?", text
    )
    if iso:
        try:
            if iso[4] is None:
                return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
            zone = iso[7]
            tz = None
            if zone == "Z":
                tz = dt.UTC
            elif zone:
                sign = 1 if zone[0] == "+" else -1
                digits = zone[1:].replace(":", "")
                tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            moment = dt.datetime(
                int(iso[1]), int(iso[2]), int(iso[3]), int(iso[4]), int(iso[5]), int(iso[6] or 0), tzinfo=tz
            )
        except ValueError:
            return None
    else:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            found = date_mentions(text[:60])
            return found[0].date if found else None
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TZ)
    return moment.date().isoformat()


# ---------------------------------------------------------------------------------------
# Parsing


@dataclass
class ParsedPage:
    """A page decoded and parsed once, shared by the article and listing readers."""

    root: Any
    url: str
    encoding: str
    profile: Profile | None
    head: str  # the raw start of the page, for cheap pattern checks
    where: str
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)  # results computed once per page


_DATA_URI_RE = re.compile(rb"""(["'(])data:[^"')]{256,}""")
_XML_DECL_RE = re.compile(r"\A\s*<\?xml[^>]*\?>")
_GENERATOR_RE = re.compile(r"""<meta[^>]+name\s*=\s*["']?generator["']?[^>]*>""", re.IGNORECASE)


_P_TAG_RE = re.compile(r"<(/?)p(?=[\s>/])[^>]*>", re.IGNORECASE)


def _stray_paragraph_ends(text: str) -> str:
    """``</p>`` with no open ``<p>`` becomes ``<br>``: browsers break the line there, lxml does not."""
    out: list[str] = []
    last = 0
    open_p = False
    for match in _P_TAG_RE.finditer(text):
        if not match.group(1):
            open_p = True
        elif open_p:
            open_p = False
        else:
            out.append(text[last : match.start()])
            out.append("<br>")
            last = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def parse_markup(text: str) -> Any:
    """The lxml tree of HTML text, without comments and processing instructions.

    lxml refuses a str that opens with an XML declaration (ValueError) and an empty document
    (``etree.ParserError``).
    """
    from lxml import html

    parser = html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
    return html.document_fromstring(text, parser=parser)


def parse_fragment(markup: str) -> Any | None:
    """The lxml tree of an HTML fragment (a front-matter body, say); None when it holds no document."""
    from lxml import etree

    try:
        return parse_markup(_XML_DECL_RE.sub("", markup))
    except (etree.ParserError, ValueError):  # only comments, say
        return None


def detect_platform(head: str, url: str = "") -> Profile | None:
    """The profile whose signals the page shows best, if any reaches its minimum score."""
    generators = " ".join(_GENERATOR_RE.findall(head))
    lowered = head.lower()
    best: tuple[int, Profile] | None = None
    for profile in profiles():
        score = 3 * any(p.search(generators) for p in profile.generator)
        score += 2 * any(p.search(url) for p in profile.url)
        score += sum(1 for p in profile.markers if p.search(lowered))
        if score >= profile.min_score and (best is None or score > best[0]):
            best = (score, profile)
    return best[1] if best else None


def parse_page(
    data: bytes | str,
    url: str = "",
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    *,
    where: str | None = None,
) -> ParsedPage:
    """Decode and parse a page; InputError for empty, binary, oversized or unparsable input."""
    from lxml import etree

    where = where or url or "<html>"
    if isinstance(data, str):
        text, encoding = data, "str"
        size = len(data)
    else:
        size = len(data)
        if size > MAX_PAGE_BYTES:
            raise InputError(where, f"page larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB; refused")
        data = _DATA_URI_RE.sub(rb"\1data:,", data)  # inline base64 images: megabytes of nothing
        text, encoding = decode_html(data, headers, where=where)
    if size > MAX_PAGE_BYTES:
        raise InputError(where, f"page larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB; refused")
    text = _stray_paragraph_ends(_XML_DECL_RE.sub("", text).replace("\x00", ""))
    if not text.strip():
        raise InputError(where, "empty page")
    lowered_tail = text[-4000:].lower()
    truncated = "</html" not in lowered_tail and "</body" not in lowered_tail
    try:
        root = parse_markup(text)
    except (etree.ParserError, ValueError, TypeError) as error:
        raise InputError(where, f"not an HTML page ({collapse(str(error))[:80]})") from None
    if root is None:
        raise InputError(where, "not an HTML page")
    head = text if len(text) <= _HEAD_SCAN else text[: _HEAD_SCAN // 2] + text[-_HEAD_SCAN // 2 :]
    warnings = []
    if "+" in encoding:
        warnings.append(f"decoded as {encoding}")
    return ParsedPage(root, url, encoding, detect_platform(head, url), head, where, truncated, warnings)


# ---------------------------------------------------------------------------------------
# HTML → paragraph blocks

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "center",
        "address",
        "form",
        "fieldset",
        "caption",
        "hr",
        "body",
        "html",
    ]
)
_EMPHASIS_TAGS = frozenset({"strong", "b", "em", "i", "u"})
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "head",
        "meta",
        "link",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "map",
        "audio",
        "video",
        "source",
        "title",
        "xml",
    ]
)
_NEUTRAL_COLORS = ("black", "#000", "#000000", "windowtext", "inherit", "initial", "rgb(0,0,0)", "#333", "#333333")
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ALIGN_RE = re.compile(r"text-align\s*:\s*(\w+)", re.IGNORECASE)
_COLOR_RE = re.compile(r"(?<![-\w])color\s*:\s*([^;]+)", re.IGNORECASE)
_LEGACY_FONT_RE = re.compile(
    r"\.?vn[a-z]*(time|arial|avant|helve|univer|courier|book|souvenir|bodoni|cooper)|vni[- ]", re.IGNORECASE
)
_SPACE_RUN_RE = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True)
class _Context:
    emphasis: bool = False
    align: str = ""
    heading: bool = False
    table_image: bool = False
    caption: bool = False
    legacy: bool = False


@dataclass
class Block:
    """One paragraph of a body with the layout facts the clean-up rules read."""

    raw: str = ""
    image: bool = False
    emphasised: int = 0
    letters: int = 0
    align: str = ""
    heading: bool = False
    table_image: bool = False
    caption: bool = False
    links: list[str] = field(default_factory=list)
    role: str = "text"  # text | image | caption | byline | source | date | title | drop
    text: str = ""
    byline: Byline | None = None
    lead: bool = False  # from the profile's lead ("sapo") element

    @property
    def indent(self) -> int:
        """Leading &nbsp; run: portals pad right-hand bylines with 60-130 of them."""
        stripped = self.raw.lstrip(" \u00a0")
        return self.raw[: len(self.raw) - len(stripped)].count("\u00a0")

    @property
    def emphasis(self) -> bool:
        return self.letters > 0 and self.emphasised >= 0.9 * self.letters


def _attr(element: Any, name: str) -> str:
    value = element.get(name)
    return value if isinstance(value, str) else ""


def is_hidden(element: Any) -> bool:
    if element.get("hidden") is not None or _attr(element, "aria-hidden") == "true":
        return True
    style = _attr(element, "style")
    return bool(style) and bool(_HIDDEN_RE.search(style))


def _enter(context: _Context, element: Any, caption_classes: bool) -> _Context:
    name = element.tag
    style = _attr(element, "style")
    emphasis = context.emphasis or name in _EMPHASIS_TAGS
    if style:
        color = _COLOR_RE.search(style)
        if color and color.group(1).strip().lower().replace(" ", "") not in _NEUTRAL_COLORS:
            emphasis = True
    if name == "font" and element.get("color"):
        emphasis = True
    align = context.align
    match = _ALIGN_RE.search(style) if style else None
    attribute = _attr(element, "align")
    if match:
        align = match.group(1).lower()
    elif attribute and name not in ("table", "img"):
        align = attribute.lower()
    elif name == "center":
        align = "center"
    heading = context.heading or name in ("h1", "h2", "h3", "h4", "h5", "h6")
    table_image = context.table_image or (name == "table" and element.find(".//img") is not None)
    caption = context.caption or name in ("figcaption", "caption")
    if caption_classes and not caption:
        classes = _attr(element, "class").lower()
        caption = "caption" in classes or "chuthich" in classes or "chu-thich" in classes or "image_desc" in classes
    legacy = context.legacy or bool(_LEGACY_FONT_RE.search(_attr(element, "face") + style))
    if (emphasis, align, heading, table_image, caption, legacy) == (
        context.emphasis,
        context.align,
        context.heading,
        context.table_image,
        context.caption,
        context.legacy,
    ):
        return context
    return _Context(emphasis, align, heading, table_image, caption, legacy)


def _has_block_inside(element: Any) -> bool:
    return any(
        isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or child.tag == "img")
        for child in element.iterdescendants()
    )


class _BlockWriter:
    """Walk an lxml tree and cut it into paragraph blocks (block elements and ``<br>``)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.current: Block | None = None

    def flush(self) -> None:
        if self.current is not None and (self.current.raw.strip(" \u00a0") or self.current.image):
            self.blocks.append(self.current)
        self.current = None

    def _block(self, context: _Context) -> Block:
        if self.current is None:
            self.current = Block(
                align=context.align, heading=context.heading, table_image=context.table_image, caption=context.caption
            )
        return self.current

    def text(self, string: str | None, context: _Context) -> None:
        if not string:
            return
        string = _SPACE_RUN_RE.sub(" ", string)
        if self.current is None and not string.strip(" "):
            return
        if context.legacy:
            font = legacy_font(string * 3) if len(string) < 40 else legacy_font(string)
            if font:
                string = convert_legacy(string, font)
        block = self._block(context)
        if not block.raw.strip(" \u00a0") and string.strip(" \u00a0"):
            block.align = context.align or block.align
            block.caption = block.caption or context.caption
        block.raw += string
        letters = len(string) - string.count(" ") - string.count("\u00a0")
        block.letters += letters
        if context.emphasis:
            block.emphasised += letters

    def walk(self, node: Any, context: _Context, depth: int = 0) -> None:
        self.text(node.text, context)
        for child in node:
            name = child.tag
            if not isinstance(name, str) or ":" in name or name in _SKIP_TAGS or is_hidden(child) or depth > 200:
                self.text(child.tail, context)
                continue
            if name == "br":
                self.flush()
            elif name == "img":
                self._block(context).image = True
            elif name in ("td", "th") and not _has_block_inside(child):
                block = self.current
                if block is not None and block.raw.strip(" \u00a0"):
                    block.raw += " | "  # cells of a data row stay on one line: "1 | Xã Minh Hưng | 95,0"
                self.walk(child, _enter(context, child, True), depth + 1)
            elif name in _BLOCK_TAGS:
                self.flush()
                self.walk(child, _enter(context, child, True), depth + 1)
                self.flush()
            else:
                if name == "a":
                    href = child.get("href")
                    if isinstance(href, str):
                        self._block(context).links.append(href)
                self.walk(child, _enter(context, child, True), depth + 1)
            self.text(child.tail, context)


def html_blocks(node: Any) -> list[Block]:
    """The paragraphs of an element, each normalised, with their layout facts."""
    writer = _BlockWriter()
    writer.walk(node, _enter(_Context(), node, True))
    writer.flush()
    out = []
    for block in writer.blocks:
        block.text = collapse(normalize(block.raw))
        if not block.text:
            if not block.image:
                continue
            block.role = "image"
        out.append(block)
    return out


def _visible_text(element: Any, out: list[str], depth: int = 0) -> None:
    if element.text:
        out.append(element.text)
    for child in element:
        name = child.tag
        if isinstance(name, str) and name not in _SKIP_TAGS and depth < 200 and not is_hidden(child):
            if name in _BLOCK_TAGS or name == "br":
                out.append(" ")
            _visible_text(child, out, depth + 1)
        if child.tail:
            out.append(child.tail)


def raw_text(element: Any) -> str:
    """An element's visible text on one line, not normalised (cheap: for tests and dates)."""
    out: list[str] = []
    _visible_text(element, out)
    return collapse("".join(out))


def element_text(element: Any) -> str:
    """An element's visible text on one line, normalised."""
    return collapse(normalize(raw_text(element)))


# ---------------------------------------------------------------------------------------
# Cleaning a body container


def _class_words(element: Any) -> frozenset[str]:
    """The words of an element's class and id ("box-share_top" → box, share, top, box-share_top)."""
    classes, ident = element.get("class"), element.get("id")
    if not classes and not ident:
        return frozenset()
    return _words_of(f"{classes or ''} {ident or ''}")


@cache
def _words_of(value: str) -> frozenset[str]:
    value = value.lower()
    return frozenset(word for word in re.split(r"[-_\s]+", value) if word) | frozenset(value.split())


def _link_density(element: Any, text_length: int) -> float:
    if not text_length:
        return 1.0
    linked = sum(len(collapse(a.text_content())) for a in element.iter("a"))
    return min(linked / text_length, 1.0)


def clean_container(container: Any, profile: Profile | None) -> Any:
    """A copy of the body container without scripts, hidden parts, furniture and drop selectors."""
    body = copy.deepcopy(container)
    body.tail = None
    rules = page_rules()
    doomed: list[Any] = []
    if profile is not None:
        for selector in profile.get("drop"):
            doomed.extend(element for element in select(body, selector) if element is not body)
    total = len(collapse(body.text_content())) or 1
    for element in body.iter():
        if element is body or not isinstance(element.tag, str):
            continue
        if element.tag in (
            "script",
            "style",
            "noscript",
            "iframe",
            "form",
            "button",
            "select",
            "nav",
            "aside",
        ) or is_hidden(element):
            doomed.append(element)
        elif _class_words(element) & rules.junk_words:
            length = len(collapse(element.text_content()))
            if length < 0.3 * total and (length < 300 or _link_density(element, length) > 0.5):
                doomed.append(element)
    for element in doomed:
        _drop_keep_tail(element)
    return body


def _drop_keep_tail(element: Any) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


# ---------------------------------------------------------------------------------------
# Page structure without a profile: furniture and the main paragraph group

_FURNITURE_WORDS = frozenset(
    {
        "menu",
        "nav",
        "navbar",
        "navigation",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "header",
        "sitemap",
        "site-map",
        "lienket",
        "weblink",
        "banner",
        "login",
        "search",
        "lang",
        "language",
        "toolbar",
        "topbar",
        "poll",
        "polls",
        "weather",
        "thoitiet",
        "counter",
        "thongke",
        "sidebar",
        "widget",
        "quangcao",
        "advert",
        "ads",
    }
)


def _is_furniture(element: Any) -> bool:
    tag = element.tag
    if tag in ("nav", "aside", "select", "button"):
        return True
    in_article = next(element.iterancestors("article"), None) is not None
    if tag in ("header", "footer") and not in_article:
        return True
    hits = _class_words(element) & _FURNITURE_WORDS
    if hits and hits <= {"header", "footer"} and in_article:
        return False  # an article's own header ("entry-header") holds its headline
    return bool(hits) or is_hidden(element)


def furniture(parsed: ParsedPage) -> set[Any]:
    """The page's furniture elements (menus, header, footer, widgets), found once per page."""
    if "furniture" not in parsed.memo:
        parsed.memo["furniture"] = {
            element for element in parsed.root.iter() if isinstance(element.tag, str) and _is_furniture(element)
        }
    return parsed.memo["furniture"]


def in_furniture(element: Any, parsed: ParsedPage) -> bool:
    found = furniture(parsed)
    return element in found or any(ancestor in found for ancestor in element.iterancestors())


def _own_text(element: Any) -> str:
    """An element's text outside its block children: a paragraph, or br-separated text in a div."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS and child.tag not in _SKIP_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return collapse(" ".join(parts))


_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "blockquote"})


def _paragraph_groups(parsed: ParsedPage) -> dict[Any, int]:
    """Words of real paragraphs (≥ 60 characters, few links, not furniture) per enclosing element.

    A ``<p>`` counts for its parent; text written straight into a ``<div>`` or ``<td>``
    between ``<br>``s counts for that element itself.
    """
    if "groups" in parsed.memo:
        return parsed.memo["groups"]
    body = parsed.root.find(".//body")
    groups: dict[Any, int] = {}
    for element in (
        body.iter("p", "h1", "h2", "h3", "blockquote", "div", "td", "article", "section") if body is not None else []
    ):
        text = _own_text(element)
        minimum = 150 if element.tag in ("h1", "h2", "h3") else 60  # headings count when paragraphs are set in <h1>
        if len(text) < minimum or in_furniture(element, parsed):
            continue
        linked = sum(len(collapse(a.text_content())) for a in element.iter("a"))
        if linked >= 0.3 * len(text):
            continue
        owner = element.getparent() if element.tag in _PARAGRAPH_TAGS else element
        if owner is not None:
            groups[owner] = groups.get(owner, 0) + word_count(text)
    parsed.memo["groups"] = groups
    return groups


def main_group(parsed: ParsedPage) -> tuple[int, Any]:
    """(words, element) of the page's largest group of sibling paragraphs."""
    groups = _paragraph_groups(parsed)
    best = max(groups.items(), key=lambda item: item[1], default=(None, 0))
    return best[1], best[0]


def generic_container(parsed: ParsedPage) -> Any:
    """The main text's container on a page no profile knows: the largest paragraph group,
    widened to an ancestor that adds real paragraphs (a lead, a second column of text) and few links."""
    words, element = main_group(parsed)
    if element is None or words < MIN_WORDS:
        return None
    groups = _paragraph_groups(parsed)
    best, best_words = element, words
    for ancestor in list(element.iterancestors())[:4]:
        if ancestor.tag in ("body", "html"):
            break
        inside = sum(
            count for parent, count in groups.items() if parent is ancestor or ancestor in parent.iterancestors()
        )
        text_length = len(collapse(ancestor.text_content())) or 1
        if inside >= best_words + 20 and _link_density(ancestor, text_length) < 0.3:  # a lead paragraph beside it
            best, best_words = ancestor, inside
    return best


# ---------------------------------------------------------------------------------------
# Comparing headlines

_PUNCT_RE = re.compile(r"[^0-9a-z]+")


def compact(text: str) -> str:
    """Folded letters and digits only: the form used to compare titles and leads."""
    return _PUNCT_RE.sub("", fold(text))


def similar(a: str, b: str) -> bool:
    """Same headline or lead up to spacing, punctuation, diacritics and small slips."""
    ca, cb = compact(a), compact(b)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    short, long = sorted((ca, cb), key=len)
    if len(short) < 0.6 * len(long):
        return False
    if short in long:
        return True
    # A ratio of 0.85 needs lengths within about 3:4 of each other; skip the costly cases.
    return len(short) >= 0.7 * len(long) and SequenceMatcher(None, ca, cb, autojunk=False).ratio() >= 0.85


# ---------------------------------------------------------------------------------------
# Body roles


def caption_like(block: Block, date_line: Callable[[str], object] = is_date_line) -> bool:
    """Short enough to caption a photo: up to 60 words when styled, else one sentence of up to 40.

    ``date_line`` tells the date lines, which are never captions (front-matter bodies use
    the plain-text rule).
    """
    words = word_count(block.text)
    if not words or date_line(block.text):
        return False
    if block.emphasis or block.align == "center" or block.table_image:
        return words <= 60
    return words <= 40 and block.indent < 3 and is_single_sentence(block.text)


def _roles_texts(blocks: list[Block], roles: tuple[str, ...] = ("text",)) -> list[Block]:
    return [block for block in blocks if block.role in roles]


def _mark_widget_zone(blocks: list[Block]) -> None:
    """ "Tin cùng chuyên mục", "Bình chọn", "Thống kê truy cập" after the text: it and the rest go."""
    started = False
    for index, block in enumerate(blocks):
        if block.role == "text" and started and word_count(block.text) <= 8 and opens_widget_zone(block.text):
            for rest in blocks[index:]:
                rest.role = "drop"
            return
        started = started or (block.role == "text" and word_count(block.text) > 8)


def _mark_furniture(blocks: list[Block], dates: list[DateLine]) -> None:
    seen_text = 0
    for block in blocks:
        if block.role != "text":
            continue
        if len(block.text) > 300:
            continue
        if is_date_line(block.text):
            block.role = "date"
            if not (seen_text == 0 and _is_today_line(block.text)):
                dates.extend(date_mentions(block.text))
            continue
        if is_boilerplate_line(block.text) or _is_share_bar(block.text):
            block.role = "drop"
        else:
            seen_text += 1


_SHARE_RE = re.compile(
    r"(?:(?:chia se|share|tweet|like|email|in bai|in trang|print|gui bai|zalo|facebook|luu)\s*[|/,:]?\s*){2,}"
)


def _is_today_line(text: str) -> bool:
    """ "Thứ Bảy, ngày 21/11/2026": a weekday and a date with no time, the way headers show today."""
    key = fold(collapse(text))
    return bool(_TODAY_TEXT_RE.search(key)) and not _TIME_RE.search(key)


def _is_share_bar(text: str) -> bool:
    return len(text) < 80 and bool(_SHARE_RE.fullmatch(fold(text).strip(" |/:-")))


def _mark_title_repeat(blocks: list[Block], title: str | None) -> None:
    """The headline repeated (maybe over two paragraphs) at the top of the body."""
    if not title:
        return
    leading: list[Block] = []
    for block in blocks:
        if block.role in ("image", "date", "drop"):
            continue
        if block.role != "text" or block.lead or word_count(block.text) > 60:
            break
        leading.append(block)
        if len(leading) == 3:
            break
    limit = 1.25 * len(compact(title)) + 5  # a lead that contains the headline is still a lead
    for size in range(len(leading), 0, -1):
        joined = " ".join(block.text for block in leading[:size])
        styled = all(b.emphasis or b.align == "center" or b.heading for b in leading[:size])
        if (styled and len(compact(joined)) <= limit and similar(joined, title)) or compact(joined) == compact(title):
            for block in leading[:size]:
                block.role = "title"
            return


def _looks_padded(block: Block) -> bool:
    return block.align == "right" or block.indent >= 10


def _mark_bylines(blocks: list[Block], warnings: list[str]) -> None:
    """Bylines and source lines: at the end, labelled anywhere, or padded right anywhere."""
    tail = [block for block in blocks if block.role in ("text", "caption")]
    for block in reversed(tail[-4:]):
        if len(_roles_texts(blocks)) < 2 and block.role == "text":
            break
        if fold(block.text).strip(" .") in page_rules().not_authors:  # "BBT", "Ban biên tập"
            block.role = "source"
            continue
        byline = parse_byline(block.text)
        if byline is None:
            break
        block.role, block.byline = ("source" if byline.kind in ("source", "url") else "byline"), byline
        if byline.kind == "names" and not _looks_padded(block) and not block.emphasis:
            warnings.append(f"byline guessed: {' / '.join(byline.authors)}")
    texts = _roles_texts(blocks)
    for index, block in enumerate(texts):
        if block.role != "text":
            continue
        if word_count(block.text) <= 4 and label_only(block.text) and index + 1 < len(texts):
            following = parse_byline(texts[index + 1].text)
            if following is not None and following.kind == "names":
                block.role = "drop"
                texts[index + 1].role, texts[index + 1].byline = "byline", following
                continue
        byline = parse_byline(block.text)
        if byline is not None and (
            byline.kind == "labelled" or (byline.kind == "names" and _looks_padded(block) and block.indent >= 20)
        ):
            block.role, block.byline = "byline", byline


def _mark_captions(blocks: list[Block]) -> None:
    """Figure captions, text in image tables, short lines right after an image, "Ảnh: …"."""
    for index, block in enumerate(blocks):
        if block.role == "text" and (
            block.caption or block.table_image or (len(block.text) < 300 and is_caption_line(block.text))
        ):
            block.role = "caption"
        if not block.image:
            continue
        if block.role == "text" and caption_like(block) and (block.emphasis or block.align == "center"):
            block.role = "caption"
        following = next((b for b in blocks[index + 1 :] if b.role not in ("image", "drop")), None)
        if following is not None and following.role == "text" and not following.image and caption_like(following):
            following.role = "caption"


@dataclass
class BodyParts:
    paragraphs: list[str]
    captions: list[str]
    authors: list[str]
    dates: list[DateLine]
    warnings: list[str]


def body_parts(blocks: list[Block], title: str | None) -> BodyParts:
    """Sort blocks into text, captions, bylines and date lines."""
    warnings: list[str] = []
    dates: list[DateLine] = []
    _mark_furniture(blocks, dates)
    _mark_widget_zone(blocks)
    _mark_title_repeat(blocks, title)
    _mark_bylines(blocks, warnings)
    _mark_captions(blocks)
    paragraphs = [block.text for block in blocks if block.role in ("text", "caption")]
    captions = [block.text for block in blocks if block.role == "caption"]
    authors: list[str] = []
    for block in blocks:
        if block.role == "byline" and block.byline is not None:
            authors.extend(block.byline.authors)
    return BodyParts(paragraphs, captions, list(dict.fromkeys(authors)), dates, warnings)


# ---------------------------------------------------------------------------------------
# Metadata: title, dates, authors, canonical URL


def _meta(root: Any, *pairs: tuple[str, str]) -> str | None:
    for attribute, value in pairs:
        for element in root.iterfind(f".//meta[@{attribute}]"):
            if _attr(element, attribute).lower() == value.lower():
                content = _attr(element, "content").strip()
                if content:
                    return content
    return None


def json_ld(root: Any) -> list[dict[str, Any]]:
    """The JSON-LD objects of a page (``@graph`` flattened); bad JSON is skipped."""
    out: list[dict[str, Any]] = []
    for script in root.iterfind(".//script[@type]"):
        if _attr(script, "type").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return out


_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage")


def _ld_article(root: Any) -> dict[str, Any]:
    objects = json_ld(root)
    for wanted in _ARTICLE_TYPES:
        for item in objects:
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() == wanted for k in kinds):
                return item
    return {}


def _clean_title(text: str | None) -> str:
    return collapse(normalize(text or "")).strip(" |-:")


_TITLE_SPLIT_RE = re.compile(r"\s+[-|–—:»·]\s+|\s+::\s+")


def choose_title(root: Any, profile: Profile | None, ld: Mapping[str, Any]) -> tuple[str | None, Any]:
    """The headline and the element it was read from (None when it came from metadata).

    A profile's title element wins; otherwise the first short ``<h1>``/``<h2>`` that agrees
    with og:title, ``<title>`` or JSON-LD; otherwise og:title, then the ``<title>`` piece
    before the site name.
    """
    if profile is not None:
        for element in select_first(root, profile.get("title")):
            text = element_text(element)
            if text and word_count(text) <= 60:
                return text, element
    og = _clean_title(_meta(root, ("property", "og:title"), ("name", "twitter:title"), ("name", "title")))
    headline = _clean_title(ld.get("headline") if isinstance(ld.get("headline"), str) else None)
    title_element = root.find(".//title")
    page_title = _clean_title(title_element.text_content() if title_element is not None else "")
    pieces = [piece for piece in _TITLE_SPLIT_RE.split(page_title) if piece] if page_title else []
    strong_references = [text for text in (og, headline, page_title, pieces[0] if pieces else "") if text]
    site_names = [piece for piece in pieces[1:] if piece]  # "… - Cổng thông tin điện tử huyện"
    headings = [element for element in root.iter("h1", "h2") if not is_hidden(element)][:12]
    headings += _title_like_elements(root)
    texts = [(element, element_text(element)) for element in headings]
    texts = [(element, text) for element, text in texts if text and word_count(text) <= 50]
    for references in (strong_references, site_names):
        for element, text in texts:
            if any(similar(text, reference) for reference in references):
                if references is site_names and any(similar(text, name) for name in site_names[-1:]):
                    continue  # the site's own name is never the headline
                return text, element
    for candidate in (headline, og):
        if candidate and not any(compact(candidate) == compact(p) for p in pieces[1:]):
            return candidate, _heading_like(headings, candidate)
    if pieces:
        return max(pieces[:-1] or pieces, key=len) if len(pieces) > 2 else pieces[0], None
    first_h1 = next((element for element in headings if element.tag == "h1" and element_text(element)), None)
    if first_h1 is not None:
        return element_text(first_h1), first_h1
    return None, None


_TITLE_CLASS_RE = re.compile(r"title|tieude|tieu-de|heading|headline", re.IGNORECASE)


def _title_like_elements(root: Any, limit: int = 40) -> list[Any]:
    """Elements whose class says "title" ("tieude", "news-title"): headlines on pages without <h1>."""
    body = root.find(".//body")
    found = []
    for element in body.iterfind(".//*[@class]") if body is not None else []:
        if element.tag in ("h1", "h2") or not _TITLE_CLASS_RE.search(_attr(element, "class")):
            continue
        found.append(element)
        if len(found) >= limit:
            break
    return found


def _is_headline(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag not in ("h1", "h2", "h3") and not _TITLE_CLASS_RE.search(_attr(element, "class")):
        return False
    return 3 <= word_count(collapse(element.text_content())) <= 40


def headline_before(container: Any, limit: int = 30) -> Any:
    """The nearest headline-looking element before a text container (pages whose <title> is the site name)."""
    seen = 0
    for node in (container, *container.iterancestors()):
        if node.tag in ("body", "html"):
            break
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue
            candidates = [sibling, *reversed([e for e in sibling.iterdescendants() if isinstance(e.tag, str)])]
            for candidate in candidates:
                if _is_headline(candidate):
                    return candidate
                seen += 1
                if seen > limit:
                    return None
    return None


def page_headline(parsed: ParsedPage, ld: Mapping[str, Any]) -> tuple[str | None, Any]:
    """``choose_title``, and on a page without a profile whose headline matched nothing, the
    headline right before the main text (the <title> of such pages is often the site's name)."""
    title, element = choose_title(parsed.root, parsed.profile, ld)
    if element is None and parsed.profile is None:
        container = generic_container(parsed)
        near = headline_before(container) if container is not None else None
        if near is not None:
            return element_text(near), near
    return title, element


def _heading_like(headings: list[Any], title: str) -> Any:
    for element in headings:
        if similar(element_text(element), title):
            return element
    return None


def _element_dates(element: Any) -> list[DateLine]:
    """Dates of a date element: its machine-readable attribute (or its ``<time>``'s), else its text."""
    for node in (element, *element.iter("time")):
        for attribute in ("datetime", "content", "data-date", "title"):
            value = _attr(node, attribute)
            date = local_date(value) if value else None
            if date:
                return [DateLine(date, "plain")]
    text = element_text(element)
    if len(text) > 200:
        return []
    return date_mentions(text)


@dataclass
class Dates:
    published: str | None = None
    updated: str | None = None
    guessed: bool = False  # htmldate's guess, not a date the page states


def _profile_dates(root: Any, profile: Profile | None) -> Dates:
    found = Dates()
    if profile is None:
        return found
    for element in select_first(root, profile.get("date"))[:1]:
        for mention in _element_dates(element):
            if mention.kind == "updated":
                found.updated = found.updated or mention.date
            else:
                found.published = found.published or mention.date
        if found.published is None and found.updated is not None:
            found.published = found.updated  # "Cập nhật lúc: …" is the only date shown
    for element in select_first(root, profile.get("updated"))[:1]:
        mentions = _element_dates(element)
        if mentions:
            found.updated = mentions[0].date
    return found


def _meta_dates(root: Any, ld: Mapping[str, Any]) -> Dates:
    published = local_date(
        _meta(
            root,
            ("property", "article:published_time"),
            ("itemprop", "datePublished"),
            ("name", "pubdate"),
            ("name", "publishdate"),
            ("name", "dc.date.issued"),
            ("property", "og:published_time"),
            ("name", "date"),
        )
        or (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
    )
    updated = local_date(
        _meta(
            root, ("property", "article:modified_time"), ("itemprop", "dateModified"), ("property", "og:updated_time")
        )
        or (ld.get("dateModified") if isinstance(ld.get("dateModified"), str) else None)
    )
    if published is None:
        for element in root.iterfind(".//*[@itemprop]"):
            if _attr(element, "itemprop") == "datePublished":
                mentions = _element_dates(element)
                if mentions:
                    published = mentions[0].date
                    break
    return Dates(published, updated)


def _following_texts(element: Any, limit: int = 12) -> Iterator[str]:
    """Short texts after an element in document order (the headline's date line)."""
    count = 0
    for node in element.itersiblings():
        for text in node.itertext() if isinstance(node.tag, str) and node.tag not in _SKIP_TAGS else []:
            text = collapse(text)
            if text:
                yield text
                count += 1
                if count >= limit:
                    return
    parent = element.getparent()
    if parent is not None and count < limit and parent.tag not in ("body", "html"):
        yield from _following_texts(parent, limit - count)


def _near_title_date(title_element: Any) -> Dates:
    if title_element is None:
        return Dates()
    for text in _following_texts(title_element):
        if len(text) > 160:
            break
        if is_date_line(text) or (len(text) <= 80 and _DATE_RE.search(fold(text)) and _TIME_RE.search(fold(text))):
            mentions = date_mentions(text)
            if mentions:
                dated = Dates(mentions[0].date)
                for mention in mentions:
                    if mention.kind == "updated" and mention is not mentions[0]:
                        dated.updated = mention.date
                if mentions[0].kind == "updated":
                    dated.updated = mentions[0].date
                return dated
    return Dates()


_TODAY_TEXT_RE = re.compile(
    r"(?:thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\s*,?\s*(?:ngay\s*)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
)


def today_dates(root: Any, before: Any = None) -> set[str]:
    """Dates shown by a header "today" widget ("Thứ Bảy, ngày 21/11/2026"): never publication dates."""
    rules = page_rules()
    found: set[str] = set()
    body = root.find(".//body")
    if body is None:
        return found
    for element in body.iter():
        if element is before:
            break
        if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
            continue
        words = _class_words(element)
        own = collapse(element.text or "")
        if words & rules.today_words or (own and _TODAY_TEXT_RE.search(fold(own))):
            text = collapse(element.text_content())[:120]
            found.update(mention.date for mention in date_mentions(text))
    return found


def _htmldate(root: Any) -> str | None:
    try:
        from htmldate import find_date

        return find_date(copy.deepcopy(root), extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a fallback guess, never a reason to fail
        return None


def _author_names(text: str) -> list[str]:
    """Names in an author field ("Tác giả bài viết: Nguyễn Văn A", "Viết bởi Trần B")."""
    rules = page_rules()
    text = collapse(normalize(text)).strip(" .")
    key = fold(text)
    if not text or rules.source_label.match(key):
        return []
    label = rules.author_label.match(key)
    if label:
        text = text[label.end() :]
    if fold(text).strip(" .") in rules.not_authors:
        return []
    names = split_names(text)
    if names is None:
        byline = parse_byline(text)
        names = byline.authors if byline else ()
    return [name for name in names if fold(name) not in rules.not_authors]


def _profile_authors(root: Any, profile: Profile | None) -> list[str]:
    if profile is None:
        return []
    names: list[str] = []
    for element in select_first(root, profile.get("author")):
        for block in html_blocks(element):
            names.extend(_author_names(block.text))
    return list(dict.fromkeys(names))


def _meta_authors(root: Any, ld: Mapping[str, Any]) -> list[str]:
    raw: list[str] = []
    author = ld.get("author")
    for item in author if isinstance(author, list) else [author]:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            raw.append(item["name"])
        elif isinstance(item, str):
            raw.append(item)
    if not raw:
        value = _meta(root, ("name", "author"), ("property", "article:author"))
        if value and not value.startswith("http"):
            raw.append(value)
    names: list[str] = []
    for value in raw:
        names.extend(_author_names(value))
    return names


def canonical_url(root: Any, url: str) -> str | None:
    """``<link rel=canonical>``, else og:url, else the page URL; resolved against the page URL."""
    for link in root.iterfind(".//link[@rel]"):
        if _attr(link, "rel").lower() == "canonical" and _attr(link, "href").strip():
            return urljoin(url, _attr(link, "href").strip())
    og = _meta(root, ("property", "og:url"))
    if og:
        return urljoin(url, og)
    return url or None


# ---------------------------------------------------------------------------------------
# Main text


def _profile_body(parsed: ParsedPage) -> tuple[list[Block], list[Any]] | None:
    profile = parsed.profile
    if profile is None:
        return None
    containers = select_first(parsed.root, profile.get("body"))
    containers = [c for c in containers if not any(c is not o and o in c.iterancestors() for o in containers)]
    if not containers:
        return None
    blocks: list[Block] = []
    for element in select_first(parsed.root, profile.get("lead"))[:1]:
        if not any(element is c or c in element.iterancestors() for c in containers):
            blocks.extend(html_blocks(clean_container(element, profile)))
    for block in blocks:
        block.lead = True
    lead_count = len(blocks)
    for container in containers[:3]:
        blocks.extend(html_blocks(clean_container(container, profile)))
    if lead_count:
        body_text = compact(" ".join(block.text for block in blocks[lead_count : lead_count + 3]))
        lead_text = compact(" ".join(block.text for block in blocks[:lead_count]))
        if lead_text and lead_text[: max(40, len(lead_text) // 2)] in body_text:
            blocks = blocks[lead_count:]
    return blocks, containers


def _fallback_blocks(parsed: ParsedPage) -> list[Block]:
    """trafilatura's main text, one block per line."""
    try:
        from trafilatura import bare_extraction

        document = bare_extraction(
            copy.deepcopy(parsed.root),
            url=parsed.url or None,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            include_images=False,
        )
    except Exception:  # trafilatura failing is "no text found", not a crash
        return []
    text = getattr(document, "text", None) if document is not None else None
    if not text:
        return []
    blocks = []
    for line in text.split("\n"):
        cleaned = collapse(normalize(line))
        if cleaned:
            blocks.append(Block(raw=line, text=cleaned, letters=len(cleaned)))
    return blocks


def _mostly_link_text(blocks: list[Block], parsed: ParsedPage) -> bool:
    """True when most of a text's words are the page's own link labels (a menu, a link list)."""
    labels = {compact(anchor.text_content()) for anchor in parsed.root.iter("a")}
    labels.discard("")
    total = linked = 0
    for block in blocks:
        words = word_count(block.text)
        total += words
        if compact(block.text) in labels:
            linked += words
    return total > 0 and linked >= 0.6 * total


def _attachments(parsed: ParsedPage, containers: list[Any]) -> list[str]:
    rules = page_rules()
    scopes = containers + [c.getparent() for c in containers if c.getparent() is not None]
    if not scopes:
        scopes = [parsed.root]
    links: list[str] = []
    for scope in scopes:
        for anchor in scope.iter("a"):
            href = _attr(anchor, "href").strip()
            if href and rules.attachment.search(href):
                links.append(urljoin(parsed.url, href))
    return list(dict.fromkeys(links))


MIN_WORDS = 8  # fewer than this is no article
SHORT_WORDS = 40  # fewer than this is kept but flagged partial


def _main_blocks(parsed: ParsedPage, warnings: list[str]) -> tuple[list[Block], list[Any]]:
    """The body's blocks and containers: the profile's body, else the page structure, else trafilatura."""
    found = _profile_body(parsed)
    if found is not None:
        blocks, containers = found
        if sum(word_count(b.text) for b in blocks) >= MIN_WORDS:
            return blocks, containers
        return [], containers  # the profile's body is there and empty: a stub
    blocks, containers = [], []
    container = generic_container(parsed)
    if container is not None:
        blocks, containers = html_blocks(clean_container(container, None)), [container]
        warnings.append("main text found by page structure (no site profile)")
    if sum(word_count(b.text) for b in blocks) < MIN_WORDS:
        blocks = _fallback_blocks(parsed)
        warnings.append("main text found by trafilatura")
        if _mostly_link_text(blocks, parsed):
            raise InputError(parsed.where, "no article text found (only navigation and links)")
    return blocks, containers


def _article_dates(parsed: ParsedPage, ld: Mapping[str, Any], body_dates: list[DateLine], title_element: Any) -> Dates:
    """Publication and update dates, most trusted first: the profile's date element, metadata,
    a date line in the body, the line under the headline; htmldate only as a last guess, and
    never the header's "today" date."""
    root = parsed.root
    dates = _profile_dates(root, parsed.profile)
    if dates.published is None:
        dates = _meta_dates(root, ld)
    if dates.published is None and body_dates:
        first = next((d for d in body_dates if d.kind != "updated"), body_dates[0])
        dates = Dates(first.date, dates.updated)
    if dates.published is None and title_element is not None:
        dates = _near_title_date(title_element)
    if dates.updated is None:
        dates.updated = next((d.date for d in body_dates if d.kind == "updated"), None) or _meta_dates(root, ld).updated
    if dates.published is None:
        guess = _htmldate(root)
        if guess and guess not in today_dates(root, title_element):
            dates = Dates(guess, dates.updated, guessed=True)
    return dates


def article_from_parsed(parsed: ParsedPage, *, source: str | None = None, check_listing: bool = True) -> Article:
    """The Article of a parsed page; InputError when the page holds no article text."""
    where, root = parsed.where, parsed.root
    if check_listing:
        from phongtrao.extract.listing import classify_parsed, listing_links_parsed

        if classify_parsed(parsed) == "listing":
            count = len(listing_links_parsed(parsed))
            raise InputError(where, f"a listing page ({count} article links), not an article")
    ld = _ld_article(root)
    title, title_element = page_headline(parsed, ld)
    warnings = list(parsed.warnings)
    blocks, containers = _main_blocks(parsed, warnings)
    parts = body_parts(blocks, title)
    text = normalize("\n\n".join(parts.paragraphs))
    words = word_count(text)
    if words < MIN_WORDS:
        attachments = _attachments(parsed, containers)
        if attachments:
            raise InputError(where, f"document stub: no article text, only a link to {attachments[0]}")
        raise InputError(where, "no article text found")
    dates = _article_dates(parsed, ld, parts.dates, title_element)
    if dates.guessed:
        warnings.append("publication date guessed by htmldate")
    if words < SHORT_WORDS:
        warnings.append(f"short text ({words} words)")
    if parsed.truncated:
        warnings.append("page looks truncated (no </body> or </html>)")
    authors = _profile_authors(root, parsed.profile) or parts.authors or _meta_authors(root, ld)
    return Article(
        source=source or parsed.url or where,
        text=text,
        title=title or None,
        published=dates.published,
        authors=tuple(dict.fromkeys(authors)),
        updated=dates.updated,
        url=canonical_url(root, parsed.url),
        platform=parsed.profile.name if parsed.profile else "generic",
        captions=tuple(parts.captions),
        partial=words < SHORT_WORDS or parsed.truncated,
        warnings=tuple(warnings + parts.warnings),
    )


def extract_html(
    data: bytes | str,
    url: str = "",
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    *,
    source: str | None = None,
) -> Article:
    """Bytes (or text) of an HTML page → Article. Only InputError escapes."""
    where = source or url or "<html>"
    try:
        parsed = parse_page(data, url, headers, where=where)
        return article_from_parsed(parsed, source=source)
    except InputError:
        raise
    except RecursionError:
        raise InputError(where, "HTML nested too deeply") from None
    except Exception as error:  # a library surprise: still one clear line
        raise InputError(where, f"cannot read page: {type(error).__name__}: {collapse(str(error))[:100]}") from None


def extract_article(page: Page) -> Article:
    """A fetched Page → Article, its final URL used for links and the canonical URL."""
    url = page.final_url or page.url
    if page.status >= 400:
        raise InputError(url, f"HTTP status {page.status}")
    return extract_html(page.body, url, page.headers, source=page.url)
