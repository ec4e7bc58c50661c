"""Page-extraction throughput on one core, beside trafilatura's own on the same pages.

Loads every page of the page gold (``corpora/gold/pages.jsonl``: the pages written for each
platform, and the real pages of ``../shared`` when present, Đắk Song articles rendered into
their site layout), then times ``phongtrao.extract.html.extract_html`` and
``trafilatura.extract`` (its defaults) over the same bytes, interleaved round by round so
both see the same machine. Prints pages/s, MB/s and the ratio (target: at least 0.8).

    .venv/bin/python benchmarks/bench_html.py [--rounds 5] [--articles-only]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from phongtrao.errors import InputError  # noqa: E402
from phongtrao.evaluate_pages import load_page, load_page_gold  # noqa: E402
from phongtrao.extract.html import extract_html  # noqa: E402


def gold_pages(articles_only: bool) -> list[tuple[bytes, str]]:
    pages = []
    for record in load_page_gold(ROOT / "corpora" / "gold" / "pages.jsonl"):
        if articles_only and record["kind"] != "article":
            continue
        loaded = load_page(record, ROOT)
        if loaded is not None:
            pages.append(loaded)
    return pages


def run_ours(pages: list[tuple[bytes, str]]) -> float:
    started = time.perf_counter()
    for data, url in pages:
        with contextlib.suppress(InputError):  # listings and stubs are refused: that is their cost
            extract_html(data, url)
    return time.perf_counter() - started


def run_trafilatura(pages: list[tuple[bytes, str]]) -> float:
    import trafilatura

    started = time.perf_counter()
    for data, url in pages:
        trafilatura.extract(data, url=url)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles-only", action="store_true", help="time article pages only (no listings)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    pages = gold_pages(args.articles_only)
    if not pages:
        sys.exit("benchmarks: no gold pages found")
    megabytes = sum(len(data) for data, _url in pages) / 1e6
    run_ours(pages[:3])  # imports, catalogues and compiled selectors before timing
    run_trafilatura(pages[:3])
    ours = theirs = 0.0
    for _ in range(args.rounds):
        ours += run_ours(pages)
        theirs += run_trafilatura(pages)
    count = len(pages) * args.rounds
    print(f"pages: {len(pages)} distinct ({megabytes:.2f} MB), {args.rounds} rounds, one core")
    print(f"phongtrao extract_html : {count / ours:8.1f} pages/s  {megabytes * args.rounds / ours:6.2f} MB/s")
    print(f"trafilatura.extract    : {count / theirs:8.1f} pages/s  {megabytes * args.rounds / theirs:6.2f} MB/s")
    print(f"ratio                  : {theirs / ours:8.2f}  (phongtrao / trafilatura throughput; target: at least 0.80)")


if __name__ == "__main__":
    main()
