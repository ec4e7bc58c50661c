"""What a fetched resource tells the crawler: links, sitemap entries, feed items, page class, text.

Everything here is a pure function over bytes and a URL. Link harvesting is the crawler's own
(``a[href]``, ``link[rel=next]``, and hidden ``input`` values ending in ``.html`` such as a
Liferay form's redirect target) so discovery works whatever the HTML extractor does; the
extractor's ``classify_page`` is asked first when it exists.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

import lxml.html
from defusedxml import ElementTree as SafeET

from phongtrao.models import Page
from phongtrao.scraper.urls import (
    crawl_catalogue,
    is_pagination_text,
    is_pagination_url,
    is_skipped_file,
    matches_any,
    normalize_url,
)

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class FoundLink:
    """A link as the page shows it: the normalised URL, and whether it looks like pagination."""

    url: str
    pagination: bool = False
    text: str = ""


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None
    is_sitemap: bool  # an entry of a sitemap index


@dataclass(frozen=True)
class PageFacts:
    """What one parse of an HTML page gives: its links, its main-text fingerprint, its class."""

    links: tuple[FoundLink, ...]
    text_hash: str | None
    text_chars: int
    page_class: str


# --- decoding --------------------------------------------------------------------------


def decode_html(body: bytes, content_type: str | None) -> str:
    """Page bytes → text for link discovery, by the page extractor's charset rules; never fails."""
    from phongtrao.extract.encoding import decode_html as decode_page

    if not body:
        return ""
    try:
        return decode_page(body, {"content-type": content_type or ""}, where="page")[0]
    except Exception:  # a guess for finding links, never a reason to fail
        return body.decode("utf-8", "replace")


def page_text(page: Page) -> str:
    """A page's decoded HTML (for tests, ``process`` and anyone holding a Page)."""
    return decode_html(page.body, page.header("content-type"))


# --- HTML ------------------------------------------------------------------------------


def parse_html(markup: str) -> lxml.html.HtmlElement | None:
    markup = _XML_DECL_RE.sub("", markup, count=1)
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return None


def _base_url(tree: lxml.html.HtmlElement, url: str) -> str:
    for href in tree.xpath("//base/@href"):
        resolved = normalize_url(str(href), url)
        if resolved:
            return resolved
    return url


def html_links(tree: lxml.html.HtmlElement, url: str) -> list[FoundLink]:
    """Every followable link: ``a``/``area`` hrefs, ``link rel=next/prev`` and hidden ``.html`` input values."""
    base = _base_url(tree, url)
    found: dict[str, FoundLink] = {}

    def add(raw: str, text: str = "", pagination: bool = False) -> None:
        target = normalize_url(raw, base)
        if not target or is_skipped_file(target):
            return
        pagination = pagination or is_pagination_url(target) or bool(text and is_pagination_text(text))
        previous = found.get(target)
        if previous is None or (pagination and not previous.pagination):
            found[target] = FoundLink(target, pagination, text)

    for anchor in tree.iterfind(".//a[@href]"):
        add(anchor.get("href", ""), _SPACE_RE.sub(" ", anchor.text_content()).strip()[:120])
    for area in tree.iterfind(".//area[@href]"):
        add(area.get("href", ""))
    for link in tree.iterfind(".//link[@href]"):
        rel = (link.get("rel") or "").lower()
        if rel in ("next", "prev", "previous"):
            add(link.get("href", ""), pagination=True)
    for field in tree.iterfind(".//input[@value]"):
        value = (field.get("value") or "").strip()
        if re.search(r"\.html?(\?|#|$)", value, re.IGNORECASE) and " " not in value:
            add(value)
    return list(found.values())


def _long_paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    """The long paragraphs of the block holding the most text: the body, not a long footer line."""
    minimum = crawl_catalogue()["classify"]["long_paragraph_chars"]
    blocks: dict[int, list[str]] = {}
    parents: dict[int, int] = {}
    for node in tree.iterfind(".//p"):
        text = _SPACE_RE.sub(" ", node.text_content()).strip()
        if len(text) >= minimum:
            parent = node.getparent()
            key = id(parent)
            parents[key] = parents.get(key, 0) + len(text)
            blocks.setdefault(key, []).append(text)
    if not blocks:
        return []
    return blocks[max(parents, key=lambda k: parents[k])]


def _skeleton(text: str) -> str:
    """Lower-case ASCII letters and digits of a text: blind to tone placement, NFC/NFD, case (fast, all in C)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def text_fingerprint(paragraphs: list[str]) -> str | None:
    """A hash of the main text, blind to template, tone placement, case and spacing: syndicated copies share it."""
    if not paragraphs:
        return None
    words = _WORD_RE.findall(_skeleton(" ".join(paragraphs)))
    if len(words) < 20:
        return None
    return hashlib.sha256(" ".join(words).encode("ascii")).hexdigest()


@cache
def _extractor_classifier() -> Any:
    """``phongtrao.extract.listing.classify_page`` when that module exists (looked up once: failed imports are slow)."""
    try:
        from phongtrao.extract.listing import classify_page  # type: ignore[import-not-found]
    except ImportError:
        return None
    return classify_page


def _extractor_class(page: Page) -> str | None:
    """The HTML extractor's opinion, when that module exists and gives one."""
    classify_page = _extractor_classifier()
    if classify_page is None:
        return None
    try:
        result = classify_page(page)
    except Exception:  # another module's bug must not stop a crawl
        return None
    value = getattr(result, "value", result)
    return value if value in ("article", "listing", "other") else None


def classify(
    url: str,
    links: list[FoundLink],
    text_chars: int,
    *,
    article_res: tuple[re.Pattern[str], ...] = (),
    listing_res: tuple[re.Pattern[str], ...] = (),
    page: Page | None = None,
) -> str:
    """article | listing | other: the source's URL patterns, then the extractor, then the page's shape."""
    if article_res and matches_any(article_res, url):
        return "article"
    if listing_res and matches_any(listing_res, url):
        return "listing"
    if page is not None:
        opinion = _extractor_class(page)
        if opinion:
            return opinion
    rules = crawl_catalogue()["classify"]
    if is_pagination_url(url):
        return "listing"
    if text_chars >= rules["article_min_chars"]:
        return "article"
    if len(links) >= rules["listing_min_links"] or any(link.pagination for link in links):
        return "listing"
    return "other"


def page_facts(
    page: Page,
    *,
    article_res: tuple[re.Pattern[str], ...] = (),
    listing_res: tuple[re.Pattern[str], ...] = (),
) -> PageFacts:
    """Parse an HTML page once: links, text fingerprint, class."""
    url = page.final_url or page.url
    tree = parse_html(decode_html(page.body, page.header("content-type")))
    if tree is None:
        return PageFacts((), None, 0, "other")
    links = html_links(tree, url)
    paragraphs = _long_paragraphs(tree)
    chars = sum(len(p) for p in paragraphs)
    page_class = classify(url, links, chars, article_res=article_res, listing_res=listing_res, page=page)
    return PageFacts(tuple(links), text_fingerprint(paragraphs), chars, page_class)


# --- sitemaps and feeds ----------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _iso_date(value: str | None) -> str | None:
    """A sitemap or feed date → ``YYYY-MM-DDTHH:MM:SS`` (comparable as text), or None."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:19].replace(" ", "T")
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:%S") if parsed else None


def parse_sitemap(body: bytes, url: str) -> list[SitemapEntry]:
    """A sitemap or sitemap index (already un-gzipped) → entries; parsed with defusedxml, no entities."""
    root = SafeET.fromstring(body.lstrip())
    kind = _local(root.tag)
    entries = []
    for item in root:
        name = _local(item.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for child in item:
            child_name = _local(child.tag)
            if child_name == "loc":
                loc = (child.text or "").strip()
            elif child_name == "lastmod":
                lastmod = _iso_date(child.text)
        target = normalize_url(loc, url) if loc else None
        if target:
            entries.append(SitemapEntry(target, lastmod, kind == "sitemapindex" or name == "sitemap"))
    return entries


def parse_feed(body: bytes, url: str) -> list[SitemapEntry]:
    """RSS 2.0, RSS 1.0 or Atom → item links with their dates; defusedxml, no entities."""
    root = SafeET.fromstring(body.lstrip())
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link = None
        when = None
        for child in item:
            child_name = _local(child.tag)
            if child_name == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href
                elif not href and (child.text or "").strip():
                    link = child.text.strip()
            elif child_name == "guid" and not link and (child.text or "").startswith("http"):
                link = child.text.strip()
            elif child_name in ("updated", "pubdate", "published", "date", "modified"):
                when = max(filter(None, [when, _iso_date(child.text)]), default=None)
        target = normalize_url(link, url) if link else None
        if target:
            entries.append(SitemapEntry(target, when, False))
    return entries
