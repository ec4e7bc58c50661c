"""Extraction throughput on one core, beside underthesea's ``ner`` on the same texts.

Builds at least 1,000 articles from the gold documents (repeating them), times
``phongtrao.extract.nlp.analyse`` over all of them, then times ``underthesea.ner`` over a
sample of the same texts in the same run, and prints both rates and their ratio.

    .venv/bin/python benchmarks/bench_extract.py [--articles 1000] [--ner-sample 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from phongtrao.evaluate import load_gold, resolve_document_path  # noqa: E402
from phongtrao.extract.nlp import analyse  # noqa: E402
from phongtrao.extract.readers import read_path  # noqa: E402
from phongtrao.models import Article  # noqa: E402


def gold_articles() -> list[Article]:
    articles = []
    for record in load_gold(ROOT / "corpora" / "gold"):
        if record.get("task", "extraction") != "extraction":
            continue
        path, _real = resolve_document_path(record, ROOT)
        if path.exists():
            articles.append(read_path(path, published=record.get("given_published")))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--ner-sample", type=int, default=20, help="articles given to underthesea.ner (slow)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    base = gold_articles()
    if not base:
        sys.exit("benchmarks: no gold documents found")
    articles = [base[i % len(base)] for i in range(max(args.articles, len(base)))]
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6

    analyse(articles[0])  # load catalogues before timing
    started = time.perf_counter()
    for article in articles:
        analyse(article)
    ours = time.perf_counter() - started
    our_rate = len(articles) / ours

    from underthesea import ner

    sample = articles[: args.ner_sample]
    ner("Khởi động mô hình.")
    started = time.perf_counter()
    for article in sample:
        for paragraph in article.text.split("\n\n"):
            if paragraph.strip():
                ner(paragraph)
    theirs = time.perf_counter() - started
    ner_rate = len(sample) / theirs

    print(f"documents: {len(base)} distinct, {len(articles)} timed, {megabytes:.2f} MB of text, one core")
    print(f"phongtrao analyse : {our_rate:8.1f} articles/s  {megabytes / ours:6.2f} MB/s")
    print(f"underthesea ner   : {ner_rate:8.1f} articles/s  (sample of {len(sample)})")
    print(f"ratio             : {our_rate / ner_rate:8.1f}x  (target: at least 30x)")


if __name__ == "__main__":
    main()
