"""URL normalisation, host keys and URL-shape tests.

One page must have one key in the frontier however a portal links to it: scheme and host in
lower case, default ports dropped, dot segments resolved, the fragment dropped, escapes made
uniform, tracking and session parameters removed and the query sorted. Pagination and
binary-file shapes are data (``crawl.toml`` beside this module), not if-chains.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


@cache
def crawl_catalogue() -> dict[str, Any]:
    """The crawler's data file: dropped query parameters, pagination shapes, skipped suffixes."""
    text = resources.files("phongtrao.scraper").joinpath("crawl.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _dropped_parameter_re() -> re.Pattern[str]:
    return re.compile("|".join(crawl_catalogue()["urls"]["dropped_parameters"]), re.IGNORECASE)


@cache
def _pagination_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in crawl_catalogue()["pagination"]["url_patterns"])


@cache
def _pagination_text_re() -> re.Pattern[str]:
    return re.compile(crawl_catalogue()["pagination"]["link_text"], re.IGNORECASE)


@cache
def _skipped_suffixes() -> tuple[str, ...]:
    return tuple(crawl_catalogue()["urls"]["skipped_suffixes"])


def _remove_dot_segments(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith(("/", "/.", "/.."))
    normalised = posixpath.normpath(path)
    if normalised.startswith("//"):
        normalised = "/" + normalised.lstrip("/")
    if trailing and normalised != "/":
        normalised += "/"
    return normalised


def _requote(part: str, safe: str) -> str:
    return quote(unquote(part), safe=safe)


def host_key(url: str) -> str:
    """``host`` or ``host:port`` (default port dropped): the unit of politeness and permission."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None or DEFAULT_PORTS.get(parts.scheme.lower()) == port:
        return host
    return f"{host}:{port}"


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The frontier key of a link (resolved against ``base``), or None when it is not an http(s) URL."""
    url = url.strip().replace("\\", "/") if "\\" in url and "://" not in url else url.strip()
    if not url or url.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname.lower().rstrip(".")
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    netloc = host if port is None or DEFAULT_PORTS[scheme] == port else f"{host}:{port}"
    path = _requote(_remove_dot_segments(parts.path or "/"), _PATH_SAFE)
    dropped = _dropped_parameter_re()
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not dropped.fullmatch(k)]
    query = urlencode(sorted(pairs), doseq=True, quote_via=quote, safe="/:@!$'()*,;-._~")
    return urlunsplit((scheme, netloc, path, query, ""))


def is_pagination_url(url: str) -> bool:
    """URLs shaped like a listing's second and later pages (``?page=2``, ``/trang-2.html``, ``_cur=2``…)."""
    return any(pattern.search(url) for pattern in _pagination_res())


def is_pagination_text(text: str) -> bool:
    """Link texts that mean another page of the same listing ("Trang 2", "Sau", "»", "2")."""
    return bool(_pagination_text_re().fullmatch(text.strip()))


def is_skipped_file(url: str) -> bool:
    """Links to images, documents, archives, scripts and styles: never fetched as pages."""
    path = urlsplit(url).path.lower()
    return path.endswith(_skipped_suffixes())


def matches_any(patterns: tuple[re.Pattern[str], ...], url: str) -> bool:
    """Whether a source's URL pattern matches the path and query of ``url``."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return any(pattern.search(target) for pattern in patterns)
