"""Crawler throughput, politeness and memory against loopback portals on this machine.

Three measurements, each against servers on 127.0.0.1 started here (no other network):

1. politeness off: 50 hosts (one port each, served by another process), delay 0 → pages/s
   (the target is at least 200 pages/s on a 2-core machine);
2. politeness on: 8 hosts, delay 0.2 s → the smallest gap between two requests to one host,
   measured by the server (must never be under the delay);
3. memory: a frontier of 100,000 URLs (sitemaps of 10 hosts) while crawling → peak RSS of the
   crawling process (target under 300 MB).

    .venv/bin/python benchmarks/bench_crawl.py [--hosts 50] [--pages 40] [--frontier 100000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from phongtrao.scraper.crawler import crawl  # noqa: E402
from phongtrao.scraper.demo_server import DemoServer, Resource, Site  # noqa: E402
from phongtrao.scraper.sources import Limits, Source, SourcesFile  # noqa: E402

PARAGRAPH = (
    "Ngày {n}/5/2022, Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” xã số {host} tổ chức"
    " kiểm tra việc thực hiện phong trào tại thôn {n}, ghi nhận {n} hộ đạt danh hiệu “Gia đình văn hóa” tiêu biểu."
)


def synthetic_site(key: str, index: int, pages: int) -> Site:
    """A home page linking to ``pages`` articles of about 3 kB, each linking home and to two neighbours."""
    routes = {"/robots.txt": Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain")}
    links = "".join(f'<li><a href="/tin-tuc/bai-{n}.html">Bài {n}</a></li>' for n in range(pages))
    routes["/"] = Resource(f"<html><body><ul>{links}</ul></body></html>".encode())
    for n in range(pages):
        body = "".join(f"<p>{PARAGRAPH.format(n=n + k, host=index)}</p>" for k in range(6))
        related = f'<a href="/tin-tuc/bai-{(n + 1) % pages}.html">sau</a> <a href="/">Trang chủ</a>'
        markup = f"<html><head><title>Bài {n}</title></head><body><div>{body}</div>{related}</body></html>"
        routes[f"/tin-tuc/bai-{n}.html"] = Resource(markup.encode())
    return Site(key, routes)


def sitemap_site(key: str, urls: int) -> Site:
    """A host whose sitemap lists ``urls`` article URLs (the frontier for the memory run)."""
    site = Site(key, {"/robots.txt": Resource(b"User-agent: *\nAllow: /\n", "text/plain")})
    site.routes["/"] = Resource(b"<html><body><a href='/tin-tuc/bai-0.html'>0</a></body></html>")
    return site


def source_for(name: str, port: int, *, delay: float, sitemap: bool = False, max_bytes: int = 5_000_000) -> Source:
    origin = f"http://127.0.0.1:{port}"
    return Source(
        name=name,
        unit="68",
        start=(origin + "/",),
        hosts=(f"127.0.0.1:{port}",),
        sitemaps=(origin + "/sitemap.xml",) if sitemap else (),
        delay=delay,
        allow_private=True,
        article_patterns=(r"^/tin-tuc/bai-\d+\.html$",),
        limits=Limits(max_bytes=max_bytes, max_decoded_bytes=max_bytes, retries=0, park_after=10**6),
    )


def _serve(hosts: int, pages: int, ports: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    server = DemoServer({f"h{i}": synthetic_site(f"h{i}", i, pages) for i in range(hosts)}).start()
    ports.put([site.port for site in server.sites.values()])
    while True:
        time.sleep(3600)


def bench_throughput(hosts: int, pages: int) -> dict[str, float]:
    ports_queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(target=_serve, args=(hosts, pages, ports_queue), daemon=True)
    process.start()
    try:
        ports = ports_queue.get(timeout=60)
        sources = SourcesFile("bench", tuple(source_for(f"h{i}", p, delay=0.0) for i, p in enumerate(ports)))
        with tempfile.TemporaryDirectory() as folder:
            handed = []
            stats = crawl(sources, Path(folder) / "bench.db", on_page=handed.append, concurrency=64)
        return {
            "hosts": hosts,
            "pages": stats.pages,
            "seconds": round(stats.seconds, 2),
            "pages_per_second": round(stats.rate, 1),
            "articles_handed_over": len(handed),
        }
    finally:
        process.terminate()


def bench_politeness(hosts: int = 8, pages: int = 12, delay: float = 0.2) -> dict[str, float]:
    server = DemoServer({f"p{i}": synthetic_site(f"p{i}", i, pages) for i in range(hosts)}).start()
    try:
        sources = SourcesFile(
            "bench", tuple(source_for(key, site.port, delay=delay) for key, site in server.sites.items())
        )
        with tempfile.TemporaryDirectory() as folder:
            stats = crawl(sources, Path(folder) / "polite.db", concurrency=64)
        gaps = []
        for key in server.sites:
            times = [r.at for r in server.log(key)]
            gaps += [b - a for a, b in pairwise(times)]
        return {
            "hosts": hosts,
            "pages": stats.pages,
            "delay": delay,
            "smallest_gap": round(min(gaps), 4),
            "broken_intervals": sum(g < delay for g in gaps),
        }
    finally:
        server.stop()


def rss_child(frontier: int, hosts: int, seconds: float) -> None:
    """Run in a subprocess: crawl with a frontier of ``frontier`` URLs and print the peak RSS."""
    per_host = frontier // hosts
    sites = {f"m{i}": sitemap_site(f"m{i}", per_host) for i in range(hosts)}
    server = DemoServer(sites).start()
    for site in sites.values():
        origin = f"http://127.0.0.1:{site.port}"
        entries = "".join(f"<url><loc>{origin}/tin-tuc/bai-{n}.html</loc></url>" for n in range(per_host))
        xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        site.routes["/sitemap.xml"] = Resource(xml.encode(), "application/xml")
    sources = SourcesFile(
        "bench",
        tuple(source_for(key, site.port, delay=0.0, sitemap=True, max_bytes=50_000_000) for key, site in sites.items()),
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "memory.db"
        stats = crawl(sources, db, max_time=seconds, concurrency=32)
        import sqlite3

        with sqlite3.connect(db) as connection:
            known = connection.execute("SELECT count(*) FROM crawl_urls").fetchone()[0]
    server.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "frontier_urls": known,
                "queued_at_end": stats.queued,
                "pages": stats.pages,
                "peak_rss_mb": round(peak_mb, 1),
            }
        )
    )


def bench_memory(frontier: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--rss-child", "--frontier", str(frontier)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--pages", type=int, default=40, help="articles per host in the throughput run")
    parser.add_argument("--frontier", type=int, default=100_000)
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.frontier, hosts=10, seconds=20.0)
        return
    throughput = bench_throughput(args.hosts, args.pages)
    print(f"politeness off: {json.dumps(throughput)}", flush=True)
    politeness = bench_politeness()
    print(f"politeness on:  {json.dumps(politeness)}", flush=True)
    memory = bench_memory(args.frontier)
    print(f"memory:         {json.dumps(memory)}", flush=True)
    ok = (
        throughput["pages_per_second"] >= 200
        and politeness["broken_intervals"] == 0
        and memory["peak_rss_mb"] < 300
        and memory["frontier_urls"] >= args.frontier
    )
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
