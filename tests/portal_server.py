"""Helpers for the crawler tests: the demo portal network on 127.0.0.1 and sources files for it."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from phongtrao.scraper.demo_server import DemoServer, Network, start_network
from phongtrao.scraper.sources import Limits, SourcesFile, parse_sources

DELAY = 0.05  # per-host delay in the tests' sources
CRAWL_DELAY = 0.1  # what robots.txt of the Đức Trọng portal says in the tests


def network_server() -> tuple[DemoServer, Network]:
    return start_network(crawl_delay=CRAWL_DELAY)


def sources_for(
    server: DemoServer,
    network: Network,
    *,
    include: tuple[str, ...] | None = None,
    delay: float = DELAY,
    extra_start: dict[str, list[str]] | None = None,
    limits: dict[str, Any] | None = None,
    allow_private: bool = True,
) -> SourcesFile:
    """The network's sources file, optionally for some sites only, with extra start paths and limits."""
    data = tomllib.loads(network.sources_toml(server.sites, delay=delay, include=include))
    for table in data["source"]:
        key = next(k for k, s in server.sites.items() if f"127.0.0.1:{s.port}" in table["hosts"])
        table["start"] += [server.url(key, path) for path in (extra_start or {}).get(key, [])]
        table["allow_private"] = allow_private
    sources = parse_sources(data, "test-sources.toml")
    if limits:
        sources = replace(
            sources, sources=tuple(replace(s, limits=replace(s.limits, **limits)) for s in sources.sources)
        )
    return sources


def write_sources(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


__all__ = ["CRAWL_DELAY", "DELAY", "Limits", "network_server", "sources_for", "write_sources"]
