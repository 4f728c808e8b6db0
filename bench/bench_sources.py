"""Speed of the source registry: load, name index, lookups and outlet mentions in text.

    PYTHONPATH=. python bench/bench_sources.py --data ../shared/data

Mentions are timed on the FakeNewsCorpus sample's article texts (streamed, first --limit rows).
Prints a Markdown table; paste-free: redirect it into the benchmarks page if wanted.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=250)
    args = parser.parse_args()

    from newsift.sources import outlets as sources
    from newsift.sources import registry
    from newsift.sources.reputation import reputation

    rows = []
    start = time.perf_counter()
    reg = registry.load_registry()
    rows.append(
        ("load shipped registry", f"{time.perf_counter() - start:.3f} s", f"{len(reg)} domains")
    )
    start = time.perf_counter()
    index = sources.name_index()
    sources._matcher()
    rows.append(
        (
            "build name index + mention matcher",
            f"{time.perf_counter() - start:.3f} s",
            f"{len(index.by_key)} names",
        )
    )

    domains = list(reg.by_domain)[:5000]
    start = time.perf_counter()
    for domain in domains:
        reputation(domain, reg)
    elapsed = time.perf_counter() - start
    rows.append(
        (
            "reputation(domain) with consensus",
            f"{len(domains) / elapsed:,.0f} lookups/s",
            f"{len(domains)} domains",
        )
    )

    csv.field_size_limit(sys.maxsize)
    path = args.data / "articles/fakenewscorpus_sample/news_sample.csv"
    texts = []
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= args.limit:
                break
            texts.append(row.get("content") or "")
    chars = sum(map(len, texts))
    start = time.perf_counter()
    found = sum(len(sources.find_outlet_mentions(t)) for t in texts)
    elapsed = time.perf_counter() - start
    rows.append(
        (
            "find_outlet_mentions",
            f"{chars / elapsed / 1e6:.1f} M chars/s",
            f"{len(texts)} articles, {found} mentions",
        )
    )

    print("| step | speed | on |\n|---|---|---|")
    for step, speed, on in rows:
        print(f"| {step} | {speed} | {on} |")


if __name__ == "__main__":
    main()
