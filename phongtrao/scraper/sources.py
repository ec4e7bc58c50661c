"""The sources file: which portals to crawl, and how gently.

A sources file is TOML with one ``[[source]]`` table per portal (see DESIGN.md, "A sources
file"). Loading validates everything up front, so a typo is one line naming the file and the
source, never a crash in the middle of a crawl.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from phongtrao.errors import PhongtraoError
from phongtrao.scraper.urls import crawl_catalogue, host_key

SOURCE_KEYS = (
    "name",
    "unit",
    "start",
    "sitemaps",
    "feeds",
    "hosts",
    "delay",
    "allow_private",
    "article_patterns",
    "listing_patterns",
    "revisit_hours",
    "limits",
)
TOP_KEYS = ("source", "contact")
_HOST_RE = re.compile(r"^(?=.{1,253}(:\d{1,5})?$)[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$")


class SourcesError(PhongtraoError):
    """A sources file that cannot be used; the message names the file and the source."""


@dataclass(frozen=True)
class Limits:
    """What one source may cost: pages per run, bytes per response, redirects, time, retries."""

    max_pages: int = 100000
    max_bytes: int = 5000000
    max_decoded_bytes: int = 20000000
    max_redirects: int = 5
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 300.0
    park_after: int = 5
    park_minutes: float = 30.0
    robots_hours: float = 24.0


@dataclass(frozen=True)
class Source:
    """One portal: its unit, where to start, the hosts it may touch and its politeness."""

    name: str
    unit: str
    start: tuple[str, ...]
    hosts: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    delay: float = 1.0
    allow_private: bool = False
    article_patterns: tuple[str, ...] = ()
    listing_patterns: tuple[str, ...] = ()
    revisit_hours: float = 12.0
    limits: Limits = field(default_factory=Limits)

    @property
    def article_res(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.article_patterns)

    @property
    def listing_res(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.listing_patterns)

    def to_dict(self) -> dict[str, Any]:
        """The source as it is written in a sources file (defaults left out)."""
        record: dict[str, Any] = {"name": self.name, "unit": self.unit, "start": list(self.start)}
        for name in ("sitemaps", "feeds"):
            if getattr(self, name):
                record[name] = list(getattr(self, name))
        record["hosts"] = list(self.hosts)
        defaults = crawl_catalogue()["defaults"]
        if self.delay != defaults["delay"]:
            record["delay"] = self.delay
        if self.allow_private:
            record["allow_private"] = True
        for name in ("article_patterns", "listing_patterns"):
            if getattr(self, name):
                record[name] = list(getattr(self, name))
        if self.revisit_hours != defaults["revisit_hours"]:
            record["revisit_hours"] = self.revisit_hours
        limits = {f.name: getattr(self.limits, f.name) for f in fields(Limits)}
        changed = {k: v for k, v in limits.items() if v != defaults[k]}
        if changed:
            record["limits"] = changed
        return record


@dataclass(frozen=True)
class SourcesFile:
    """A loaded sources file: its sources and the contact put in the User-Agent."""

    path: str
    sources: tuple[Source, ...]
    contact: str | None = None

    def source_of_host(self) -> dict[str, Source]:
        return {host: source for source in self.sources for host in source.hosts}


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@cache
def gazetteer_codes() -> frozenset[str]:
    """Official codes of the pre-2025 units (the gazetteer's second column)."""
    data = resources.files("phongtrao.data").joinpath("gazetteer.tsv.gz").read_bytes()
    codes = set()
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            columns = line.split("\t")
            if len(columns) > 1:
                codes.add(columns[1])
    return frozenset(codes)


def _fail(path: str, label: str, reason: str) -> SourcesError:
    return SourcesError(f"{path}: {label}: {reason}")


def _strings(value: Any, path: str, label: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, label, f"{key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _number(value: Any, path: str, label: str, key: str, *, integer: bool = False) -> float | int:
    kinds: tuple[type, ...] = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < 0:
        kind = "a whole number" if integer else "a number"
        raise _fail(path, label, f"{key} must be {kind} ≥ 0, not {value!r}")
    return value


def _check_host(host: str, path: str, label: str) -> str:
    lowered = host.lower()
    if "://" in lowered or "/" in lowered or not _HOST_RE.match(lowered):
        raise _fail(path, label, f"host {host!r} is not a host name or host:port")
    return lowered


def _check_urls(urls: tuple[str, ...], hosts: tuple[str, ...], path: str, label: str, key: str) -> None:
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _fail(path, label, f"{key}: {url!r} is not an http(s) URL")
        if host_key(url) not in hosts:
            raise _fail(path, label, f"{key}: {url} is on {host_key(url)}, which is not in hosts")


def _limits(value: Any, path: str, label: str) -> Limits:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise _fail(path, label, "limits must be a table")
    defaults = crawl_catalogue()["defaults"]
    known = {f.name: f for f in fields(Limits)}
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise _fail(path, label, f"unknown limit {unknown[0]!r} (known: {', '.join(known)})")
    values = {}
    for name, spec in known.items():
        raw = value.get(name, defaults[name])
        values[name] = _number(raw, path, label, f"limits.{name}", integer=spec.type in (int, "int"))
    if values["max_redirects"] > 20:
        raise _fail(path, label, "limits.max_redirects must be at most 20")
    if values["timeout"] <= 0:
        raise _fail(path, label, "limits.timeout must be more than 0")
    return Limits(**values)


def parse_source(table: Any, path: str, index: int) -> Source:
    """One ``[[source]]`` table → Source; raises SourcesError naming the file and the source."""
    label = f"source #{index + 1}"
    if not isinstance(table, dict):
        raise _fail(path, label, "must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, label, "name is missing")
    label = f"source {name.strip()!r}"
    unknown = sorted(set(table) - set(SOURCE_KEYS))
    if unknown:
        raise _fail(path, label, f"unknown key {unknown[0]!r} (known: {', '.join(SOURCE_KEYS)})")
    unit = table.get("unit")
    if isinstance(unit, int) and not isinstance(unit, bool):
        unit = str(unit)
    if not isinstance(unit, str) or not unit.strip():
        raise _fail(path, label, "unit (a gazetteer code) is missing")
    if unit.strip() not in gazetteer_codes():
        raise _fail(path, label, f"unit {unit!r} is not a code in the gazetteer")
    hosts = tuple(_check_host(h, path, label) for h in _strings(table.get("hosts", []), path, label, "hosts"))
    if not hosts:
        raise _fail(path, label, "hosts is empty: nothing could be fetched")
    start = _strings(table.get("start", []), path, label, "start")
    sitemaps = _strings(table.get("sitemaps", []), path, label, "sitemaps")
    feeds = _strings(table.get("feeds", []), path, label, "feeds")
    if not (start or sitemaps or feeds):
        raise _fail(path, label, "start, sitemaps and feeds are all empty")
    for key, urls in (("start", start), ("sitemaps", sitemaps), ("feeds", feeds)):
        _check_urls(urls, hosts, path, label, key)
    patterns = {}
    for key in ("article_patterns", "listing_patterns"):
        patterns[key] = _strings(table.get(key, []), path, label, key)
        for pattern in patterns[key]:
            try:
                re.compile(pattern)
            except re.error as error:
                raise _fail(path, label, f"{key}: {pattern!r} is not a regular expression ({error})") from None
    allow_private = table.get("allow_private", False)
    if not isinstance(allow_private, bool):
        raise _fail(path, label, "allow_private must be true or false")
    defaults = crawl_catalogue()["defaults"]
    return Source(
        name=name.strip(),
        unit=unit.strip(),
        start=start,
        hosts=hosts,
        sitemaps=sitemaps,
        feeds=feeds,
        delay=float(_number(table.get("delay", defaults["delay"]), path, label, "delay")),
        allow_private=allow_private,
        article_patterns=patterns["article_patterns"],
        listing_patterns=patterns["listing_patterns"],
        revisit_hours=float(
            _number(table.get("revisit_hours", defaults["revisit_hours"]), path, label, "revisit_hours")
        ),
        limits=_limits(table.get("limits"), path, label),
    )


def parse_sources(data: dict[str, Any], path: str) -> SourcesFile:
    """A parsed TOML document → SourcesFile, checking names and hosts are not shared."""
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise SourcesError(f"{path}: unknown top-level key {unknown[0]!r} (known: {', '.join(TOP_KEYS)})")
    tables = data.get("source", [])
    if not isinstance(tables, list):
        raise SourcesError(f"{path}: 'source' must be an array of tables ([[source]])")
    contact = data.get("contact")
    if contact is not None and (not isinstance(contact, str) or not contact.strip()):
        raise SourcesError(f"{path}: contact must be a non-empty string (an e-mail or URL)")
    sources = tuple(parse_source(table, path, i) for i, table in enumerate(tables))
    seen_names: set[str] = set()
    seen_hosts: dict[str, str] = {}
    for source in sources:
        if source.name in seen_names:
            raise SourcesError(f"{path}: source {source.name!r}: a second source has this name")
        seen_names.add(source.name)
        for host in source.hosts:
            if host in seen_hosts:
                raise SourcesError(f"{path}: source {source.name!r}: host {host} is also in {seen_hosts[host]!r}")
            seen_hosts[host] = source.name
    return SourcesFile(path=path, sources=sources, contact=contact.strip() if contact else None)


def _read_toml(path: str | Path) -> dict[str, Any]:
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{where}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourcesError(f"{where}: cannot be read ({error})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{where}: not valid TOML ({error})") from None


def load_sources(path: str | Path) -> SourcesFile:
    """Read and validate a sources file; the first problem is one SourcesError line."""
    return parse_sources(_read_toml(path), str(path))


def check_sources(path: str | Path) -> tuple[SourcesFile | None, list[str]]:
    """Every problem of a sources file, one line each (a source with a problem does not hide the next)."""
    try:
        data = _read_toml(path)
    except SourcesError as error:
        return None, [str(error)]
    problems = []
    tables = data.get("source", [])
    if isinstance(tables, list):
        for index, table in enumerate(tables):
            try:
                parse_source(table, str(path), index)
            except SourcesError as error:
                problems.append(str(error))
    if problems:
        return None, problems
    try:
        return parse_sources(data, str(path)), []
    except SourcesError as error:
        return None, [str(error)]


# --- writing ---------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def source_toml(source: Source) -> str:
    """One ``[[source]]`` table as text, as ``sources add`` appends it."""
    record = source.to_dict()
    limits = record.pop("limits", None)
    lines = ["[[source]]"] + [f"{key} = {_toml_value(value)}" for key, value in record.items()]
    if limits:
        lines.append("[source.limits]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in limits.items()]
    return "\n".join(lines) + "\n"


def sources_toml(sources: list[Source] | tuple[Source, ...], contact: str | None = None) -> str:
    """A whole sources file as text."""
    head = f"contact = {_toml_value(contact)}\n\n" if contact else ""
    return head + "\n".join(source_toml(source) for source in sources)


def add_source(path: str | Path, source: Source) -> SourcesFile:
    """Append a source to a sources file (created when absent), after checking the result loads."""
    target = Path(path)
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    separator = "" if not existing or existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
    combined = existing + separator + source_toml(source)
    try:
        data = tomllib.loads(combined)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{path}: not valid TOML ({error})") from None
    loaded = parse_sources(data, str(path))
    target.write_text(combined, encoding="utf-8")
    return loaded
