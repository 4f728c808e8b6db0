"""Articles per second and peak memory of ingest + clean + NLP, full and fast mode.

Each mode runs in its own process so peak memory (ru_maxrss) is that mode's alone; spaCy's
load time is measured apart from the per-article rate.

    python bench/throughput.py --data ../shared/data --n 400 --write-docs
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def texts(data: Path) -> Iterator[str]:
    """Articles from several shared datasets, interleaved so every source is represented."""

    def jsonl(path: Path, field: str) -> Iterator[str]:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                value = json.loads(line).get(field)
                if value and value.strip():
                    yield value

    def fakenewscorpus() -> Iterator[str]:
        csv.field_size_limit(sys.maxsize)
        with open(
            data / "articles/fakenewscorpus_sample/news_sample.csv", encoding="utf-8"
        ) as handle:
            for row in csv.DictReader(handle):
                if row["content"].strip():
                    yield row["content"]

    sources = [
        fakenewscorpus(),
        jsonl(
            data / "articles/semeval2019_hyperpartisan_byarticle/articles_training_byarticle.jsonl",
            "text",
        ),
        jsonl(data / "articles/fakenewsnet/v1_buzzfeed_politifact_content.jsonl", "text"),
        jsonl(data / "articles/golbeck2018_fake_vs_satire/articles.jsonl", "body"),
        jsonl(data / "articles/horne2017_fakenewsdata1/articles.jsonl", "body"),
    ]
    for group in itertools.zip_longest(*sources):
        yield from (text for text in group if text)


#: The modes measured: the whole default analysis (``newsift.pipe``, every component, report
#: included) and ingest + clean + NLP alone, each with the parser (full) and without (fast).
MODES = ("full", "fast", "nlp-full", "nlp-fast")
NLP_STAGES = ["extract", "clean", "site", "language", "nlp"]


def worker(mode: str, data: Path, n: int, batch_size: int) -> dict:
    import newsift
    from newsift.core import default_pipeline
    from newsift.errors import NewsiftError
    from newsift.input.ingest import article_from_text
    from newsift.pipeline import Pipeline

    fast = mode.endswith("fast")
    start = time.perf_counter()
    pipeline = (
        Pipeline.from_names(NLP_STAGES, fast=fast)
        if mode.startswith("nlp")
        else default_pipeline(fast=fast)
    )
    load_seconds = time.perf_counter() - start
    rows = [{"id": str(i), "text": t} for i, t in enumerate(itertools.islice(texts(data), n))]
    chars = sum(len(r["text"]) for r in rows)
    start = time.perf_counter()
    done = errors = 0
    if mode.startswith("nlp"):
        for i in range(0, len(rows), batch_size):
            articles = []
            for row in rows[i : i + batch_size]:
                try:
                    articles.append(article_from_text(row["text"], id=row["id"]))
                except NewsiftError:
                    errors += 1
                    done += 1
            for article in pipeline.pipe(articles, batch_size=batch_size):
                done += 1
                errors += "error" in article.meta
    else:
        for result in newsift.pipe(rows, batch_size=batch_size, fast=fast):
            done += 1
            errors += isinstance(result, newsift.ErrorRecord)
    seconds = time.perf_counter() - start
    return {
        "mode": mode,
        "articles": done,
        "errors": errors,
        "chars": chars,
        "seconds": round(seconds, 2),
        "articles_per_s": round(done / seconds, 1),
        "kchars_per_s": round(chars / seconds / 1000, 1),
        "load_seconds": round(load_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": round(os.getloadavg()[0], 1),
    }


def _installed() -> str:
    """What the environment adds to memory: thinc imports torch when it is installed."""
    import importlib.util

    torch = importlib.util.find_spec("torch") is not None
    return (
        "torch present (the train extras; thinc imports it)"
        if torch
        else "no torch (the default install)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--worker", choices=MODES)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.n, args.batch_size)))
        return
    results = []
    for mode in MODES:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                mode,
                "--data",
                str(args.data),
                "--n",
                str(args.n),
                "--batch-size",
                str(args.batch_size),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1])
    from _docs import machine, write_section

    lines = [
        "## Throughput and peak memory",
        "",
        f"`python bench/throughput.py --data ../shared/data --n {args.n} --write-docs` on {machine()};",
        f"one process per mode, spaCy batch size {args.batch_size}; articles drawn in turn from",
        "FakeNewsCorpus, SemEval-2019, FakeNewsNet, Golbeck and Horne 2017. `full` and `fast` are",
        "the whole default analysis (`newsift.pipe`: every component and the report; `fast` without",
        "the parser); `nlp-full` and `nlp-fast` are ingest + clean + NLP alone (extract, clean, site,",
        "language, spaCy). Peak memory is the process's maximum resident set size, spaCy and the",
        "models it loaded included. The load average (1 min, at the end of the run) says how busy",
        "the 2 cores were with other work: above 1, the figures are lower bounds. Installed: "
        + _installed()
        + ".",
        "",
        "| mode | articles | errors | seconds | articles/s | kchars/s | pipeline load (s) | peak RSS (MB) | load average |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['mode']} | {r['articles']} | {r['errors']} | {r['seconds']} | {r['articles_per_s']} "
            f"| {r['kchars_per_s']} | {r['load_seconds']} | {r['peak_rss_mb']} | {r['load_average']} |"
        )
    if args.write_docs:
        write_section("throughput", "\n".join(lines))


if __name__ == "__main__":
    main()
