"""Listing pages: tell them from articles, and harvest their article links for the crawler.

A portal section page lists articles as repeated items: a linked headline, often a date
("Ngày đăng 23/03/2016 | 03:48 PM", "(24/08/2022)") and a summary, then pagination
("Trang 1 2 … Sau", Liferay's ``_101_cur=2``). A site profile names the item, link, date
and pagination elements; without one, links with headline-length text outside page
furniture are the items. Some portals reach an article only through a form
(``<input name="…_redirect" value="chien-luoc-quy-hoach84a0.html?…">``): those values are
harvested too, separately.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

from phongtrao.extract.html import (
    ParsedPage,
    _attr,
    _class_words,
    date_mentions,
    element_text,
    in_furniture,
    main_group,
    page_rules,
    parse_page,
    raw_text,
    select,
    select_first,
)
from phongtrao.extract.normalize import fold, normalize
from phongtrao.extract.plaintext import collapse, parse_byline, word_count
from phongtrao.models import Page

PageInput = Page | ParsedPage | bytes | str


@dataclass(frozen=True)
class ListedLink:
    """An article link on a listing page, with the title and date the listing shows."""

    url: str
    title: str | None
    listed: str | None  # YYYY-MM-DD, or None when the listing shows no date


def _parsed(page: PageInput, url: str = "", headers: Mapping[str, str] | None = None) -> ParsedPage:
    if isinstance(page, ParsedPage):
        return page
    if isinstance(page, Page):
        return parse_page(page.body, page.final_url or page.url, page.headers, where=page.url)
    return parse_page(page, url, headers)


# ---------------------------------------------------------------------------------------
# Links

_SKIP_HREF_RE = re.compile(r"^(?:javascript:|mailto:|tel:|#|data:)", re.IGNORECASE)
_PAGINATION_HREF_RE = re.compile(
    r"[?&](?:_\d+_)?(?:cur|page|trang|paged|start|pageindex|pg)=\d+(?:&|$)|/(?:page|trang)[-/]?\d+/?(?:index\.html?)?$",
    re.IGNORECASE,
)
_PAGINATION_TEXT = frozenset(
    {
        "sau",
        "tiep",
        "trang sau",
        "tiep theo",
        "next",
        "»",
        "›",
        ">",
        ">>",
        "cuoi",
        "trang cuoi",
        "last",
        "truoc",
        "trang truoc",
        "prev",
        "previous",
        "«",
        "‹",
        "<",
        "<<",
        "dau",
        "dau tien",
        "trang dau",
        "first",
    }
)
_ARTICLE_HREF_RE = re.compile(
    r"/-/view_content/|/-/asset_publisher/|[?&](?:id|itemid|newsid|articleid|p)=\d+|-\d{3,}\.html?$|/\d{4}/\d{2}/[^/]+/?$"
    r"|/tin-tuc[^?#]*/[^/?#]{15,}|\.html?$|\.aspx\?",
    re.IGNORECASE,
)


def _href(anchor: Any, base: str) -> str | None:
    href = _attr(anchor, "href").strip()
    if not href or _SKIP_HREF_RE.match(href):
        return None
    return urldefrag(urljoin(base, href))[0]


def _anchor_title(anchor: Any) -> str:
    text = element_text(anchor)
    # A date inside the link text ("Thông báo … (24/08/2022)") is not part of the title.
    text = re.sub(r"\s*\(\s*\d{1,2}/\d{1,2}/\d{4}\s*\)\s*$", "", text)
    if not text:
        title = _attr(anchor, "title") or _attr(
            anchor.find(".//img") if anchor.find(".//img") is not None else anchor, "alt"
        )
        text = collapse(title)
    return text


def _item_date(item: Any, selectors: Iterable[str]) -> str | None:
    for element in select_first(item, selectors)[:1]:
        mentions = date_mentions(raw_text(element))
        if mentions:
            return mentions[0].date
    return None


def _nearby_date(anchor: Any) -> str | None:
    """The date written next to a link: in the link, its item, or the item's parent."""
    node = anchor
    for _ in range(3):
        text = raw_text(node)
        if len(text) > 600:
            break
        if node is not anchor and sum(1 for _ in node.iter("a")) > 3:
            break
        mentions = date_mentions(text)
        if mentions:
            return mentions[0].date
        parent = node.getparent()
        if parent is None:
            break
        node = parent
    return None


def _is_attachment(url: str) -> bool:
    return bool(page_rules().attachment.search(url))


def _merge(links: list[ListedLink]) -> list[ListedLink]:
    merged: dict[str, ListedLink] = {}
    for link in links:
        known = merged.get(link.url)
        if known is None:
            merged[link.url] = link
        else:
            merged[link.url] = ListedLink(link.url, known.title or link.title, known.listed or link.listed)
    return list(merged.values())


def _profile_items(parsed: ParsedPage) -> list[ListedLink]:
    profile = parsed.profile
    if profile is None or not profile.get("item"):
        return []
    items: list[Any] = []
    seen: set[int] = set()
    for selector in profile.get("item"):
        for element in select(parsed.root, selector):
            if (
                id(element) in seen
                or in_furniture(element, parsed)
                or any(id(a) in seen for a in element.iterancestors())
            ):
                continue
            seen.add(id(element))
            items.append(element)
    links: list[ListedLink] = []
    for item in items:
        anchors = select_first(item, profile.get("item_link")) or item.findall(".//a")
        for anchor in anchors[:1]:
            url = _href(anchor, parsed.url)
            title = _anchor_title(anchor)
            if url is None or _is_attachment(url) or word_count(title) < 3 or _PAGINATION_HREF_RE.search(url):
                continue
            links.append(ListedLink(url, title, _item_date(item, profile.get("item_date")) or _nearby_date(anchor)))
    return links


def _generic_items(parsed: ParsedPage) -> list[ListedLink]:
    body = parsed.root.find(".//body")
    if body is None:
        return []
    links: list[ListedLink] = []
    for anchor in body.iter("a"):
        url = _href(anchor, parsed.url)
        if url is None or _is_attachment(url) or _PAGINATION_HREF_RE.search(url):
            continue
        title = _anchor_title(anchor)
        if word_count(title) < 5 or len(title) > 300 or in_furniture(anchor, parsed):
            continue
        if not _ARTICLE_HREF_RE.search(url):
            continue
        links.append(ListedLink(url, title, _nearby_date(anchor)))
    return links


def listing_links_parsed(parsed: ParsedPage) -> list[ListedLink]:
    """Article links of a parsed listing page (profile items first, else headline-like links)."""
    if "links" not in parsed.memo:
        links = _profile_items(parsed) or _generic_items(parsed)
        own = urldefrag(parsed.url)[0] if parsed.url else None
        parsed.memo["links"] = [link for link in _merge(links) if link.url != own]
    return list(parsed.memo["links"])


def listing_links(page: PageInput, url: str = "", headers: Mapping[str, str] | None = None) -> list[ListedLink]:
    """The article links a listing page shows: URL (resolved), title and listed date."""
    return listing_links_parsed(_parsed(page, url, headers))


def next_pages(page: PageInput, url: str = "", headers: Mapping[str, str] | None = None) -> list[str]:
    """Pagination links of a listing page (other pages of the same list), resolved, in order."""
    parsed = _parsed(page, url, headers)
    found: list[str] = []
    containers: list[Any] = []
    if parsed.profile is not None:
        for selector in parsed.profile.get("pagination"):
            containers.extend(select(parsed.root, selector))
    containers.extend(
        element
        for element in parsed.root.iter()
        if isinstance(element.tag, str)
        and _class_words(element) & {"pagination", "paging", "pager", "phantrang", "page-nav"}
    )
    for container in containers:
        for anchor in container.iter("a"):
            target = _href(anchor, parsed.url)
            if target:
                found.append(target)
    body = parsed.root.find(".//body")
    for anchor in body.iter("a") if body is not None else []:
        target = _href(anchor, parsed.url)
        if target is None:
            continue
        text = fold(collapse(anchor.text_content())).strip()
        if _PAGINATION_HREF_RE.search(target) or (text in _PAGINATION_TEXT and not in_furniture(anchor, parsed)):
            found.append(target)
    own = urldefrag(parsed.url)[0] if parsed.url else None
    articles = {link.url for link in listing_links_parsed(parsed)}
    return [target for target in dict.fromkeys(found) if target != own and target not in articles]


_HIDDEN_VALUE_RE = re.compile(r"\.(?:html?|aspx?|php|jsp)(?:[?#]|$)|/-/view_content/", re.IGNORECASE)


def hidden_links(page: PageInput, url: str = "", headers: Mapping[str, str] | None = None) -> list[str]:
    """Page URLs held only in form values (``<input value="….html?…">``, a poll's redirect)."""
    parsed = _parsed(page, url, headers)
    found = []
    for element in parsed.root.iter("input"):
        value = _attr(element, "value").strip()
        if value and " " not in value and _HIDDEN_VALUE_RE.search(value) and not _SKIP_HREF_RE.match(value):
            found.append(urldefrag(urljoin(parsed.url, value))[0])
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------------------------
# Classification

LISTING_MIN_LINKS = 5
ARTICLE_MIN_WORDS = 60


def _ends_with_byline(group: Any) -> bool:
    """The paragraph group ends with a byline ("Văn Tài", "Tin, ảnh: …"): news, not a static page."""
    if group is None:
        return False
    texts = [collapse(child.text_content()) for child in group if isinstance(child.tag, str)]
    texts = [text for text in texts if text]
    if not texts:
        return False
    byline = parse_byline(normalize(texts[-1]))
    return byline is not None and byline.kind in ("names", "labelled")


def classify_parsed(parsed: ParsedPage) -> str:
    """ "article", "listing" or "other" for a parsed page.

    A profile's article marker decides at once; a profile's listing items with dates make a
    listing. Otherwise a page with a real paragraph group and either a publication date or a
    closing byline is an article; several headline links (dated, or many) make a listing;
    anything else (a static page, a form) is "other".
    """
    profile = parsed.profile
    if profile is not None and select_first(parsed.root, profile.get("article")):
        return "article"
    links = listing_links_parsed(parsed)
    dated = sum(1 for link in links if link.listed)
    if profile is not None and _profile_items(parsed) and dated:
        return "listing"
    words, group = main_group(parsed)
    if words >= ARTICLE_MIN_WORDS and (_looks_dated_article(parsed) or _ends_with_byline(group)):
        return "article"
    if len(links) >= 3 and (dated >= 2 or len(links) >= LISTING_MIN_LINKS):
        return "listing"
    return "other"


def _looks_dated_article(parsed: ParsedPage) -> bool:
    from phongtrao.extract.html import _ld_article, _meta, _meta_dates, _near_title_date, page_headline

    root = parsed.root
    ld = _ld_article(root)
    kinds = ld.get("@type") if isinstance(ld.get("@type"), list) else [ld.get("@type")]
    if (_meta(root, ("property", "og:type")) or "").lower() == "article" or any(
        isinstance(kind, str) and kind.lower() != "webpage" for kind in kinds
    ):
        return True
    if _meta_dates(root, ld).published:
        return True
    _title, element = page_headline(parsed, ld)
    return element is not None and _near_title_date(element).published is not None


def classify_page(page: PageInput, url: str = "", headers: Mapping[str, str] | None = None) -> str:
    """ "article" | "listing" | "other" (static pages, forms, home pages without a list)."""
    return classify_parsed(_parsed(page, url, headers))
