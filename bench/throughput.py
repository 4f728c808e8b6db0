"""Articles per second and peak memory of the whole analysis, full and fast mode, on 2 cores.

Each mode runs in its own process so peak memory (ru_maxrss) is that mode's alone. ``full`` and
``fast`` are ``newsift.pipe(rows, n_process=2)``: the worker pool is started and its models
loaded before the clock starts (the load time is reported apart). ``spacy`` is a plain
``nlp.pipe(texts, n_process=2)`` of the installed spaCy model over the same texts, the yardstick
the whole analysis is compared with. ``nlp-full`` and ``nlp-fast`` are ingest + clean + NLP
alone in one process. CPU seconds per article count the worker processes' CPU too.

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
MODES = ("full", "fast", "spacy", "nlp-full", "nlp-fast")
NLP_STAGES = ["extract", "clean", "site", "language", "nlp"]


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its live children (the worker pool), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = time.process_time()
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:  # fields[1] is the parent's pid; 11, 12 user and system ticks
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _peak_rss_mb() -> float:
    """The largest peak resident set of this process and its children, live or ended."""
    me = os.getpid()
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in lines if ":" in line)
        if fields.get("PPid", "").strip() == str(me) and "VmHWM" in fields:
            peak = max(peak, int(fields["VmHWM"].split()[0]))
    return round(peak / 1024, 1)


def worker(mode: str, data: Path, n: int, batch_size: int, n_process: int) -> dict:
    import newsift
    from newsift.core import default_pipeline
    from newsift.errors import NewsiftError
    from newsift.input.ingest import article_from_text
    from newsift.pipeline import Pipeline

    fast = mode.endswith("fast")
    rows = [{"id": str(i), "text": t} for i, t in enumerate(itertools.islice(texts(data), n))]
    start = time.perf_counter()
    if mode == "spacy":
        import spacy

        from newsift.settings import SPACY_MODEL

        nlp = spacy.load(SPACY_MODEL)
    elif mode.startswith("nlp"):
        pipeline = Pipeline.from_names(NLP_STAGES, fast=fast)
    elif n_process > 1:  # start the pool and load its models: one tiny batch per worker
        warm = [{"id": str(i), "text": rows[0]["text"][:2000]} for i in range(4 * n_process)]
        list(newsift.pipe(warm, batch_size=1, n_process=n_process, fast=fast))
    else:
        default_pipeline(fast=fast)
    load_seconds = time.perf_counter() - start
    chars = sum(len(r["text"]) for r in rows)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    done = errors = 0
    if mode == "spacy":
        for _doc in nlp.pipe((r["text"] for r in rows), batch_size=batch_size, n_process=2):
            done += 1
    elif mode.startswith("nlp"):
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
        for result in newsift.pipe(rows, batch_size=batch_size, n_process=n_process, fast=fast):
            done += 1
            errors += isinstance(result, newsift.ErrorRecord)
    seconds = time.perf_counter() - start
    # spaCy's own pool has ended by now: its CPU is in RUSAGE_CHILDREN, not in /proc.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_used = _cpu_seconds() - cpu
    if mode == "spacy":
        cpu_used += children.ru_utime + children.ru_stime
    return {
        "mode": mode,
        "processes": 2 if mode == "spacy" else (1 if mode.startswith("nlp") else n_process),
        "articles": done,
        "errors": errors,
        "chars": chars,
        "seconds": round(seconds, 2),
        "articles_per_s": round(done / seconds, 1),
        "cpu_ms_per_article": round(1000 * cpu_used / max(done, 1), 1),
        "kchars_per_s": round(chars / seconds / 1000, 1),
        "load_seconds": round(load_seconds, 2),
        "peak_rss_mb": _peak_rss_mb(),
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
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated subset")
    parser.add_argument("--worker", choices=MODES)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.data, args.n, args.batch_size, args.n_process)))
        return
    results = []
    for mode in args.modes.split(","):
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
                "--n-process",
                str(args.n_process),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(results[-1])
    from _docs import machine, write_section

    by_mode = {r["mode"]: r for r in results}
    lines = [
        "## Throughput and peak memory",
        "",
        f"`python bench/throughput.py --data ../shared/data --n {args.n} --write-docs` on {machine()};",
        f"batches of {args.batch_size}; articles drawn in turn from FakeNewsCorpus, SemEval-2019,",
        "FakeNewsNet, Golbeck and Horne 2017. `full` and `fast` are the whole default analysis",
        f"(`newsift.pipe(rows, n_process={args.n_process})`: every component and the report; `fast`",
        "as the README says), timed after the worker pool started and loaded its models (`load`);",
        "`spacy` is a plain `nlp.pipe(texts, n_process=2)` of the installed spaCy model",
        "(settings.SPACY_MODEL, all its components) over the same texts; `nlp-full` and `nlp-fast`",
        "are ingest + clean + NLP alone (extract, clean, site, language, spaCy) in one process.",
        "CPU ms per article counts every process of the mode. Peak memory is the largest",
        "resident set of any one process of the mode. The load average (1 min, at the end of the",
        "run) says how busy the 2 cores were with other work: above 1, the figures are lower",
        "bounds. Installed: " + _installed() + ".",
        "",
        "| mode | processes | articles | errors | seconds | articles/s | CPU ms/article | kchars/s | load (s) | peak RSS (MB) | load average |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['mode']} | {r['processes']} | {r['articles']} | {r['errors']} | {r['seconds']}"
            f" | {r['articles_per_s']} | {r['cpu_ms_per_article']} | {r['kchars_per_s']}"
            f" | {r['load_seconds']} | {r['peak_rss_mb']} | {r['load_average']} |"
        )
    if "spacy" in by_mode:
        plain = by_mode["spacy"]["articles_per_s"]
        lines.append("")
        for mode, goal, floor in (("full", 20, 10), ("fast", 200, 100)):
            if mode not in by_mode:
                continue
            rate = by_mode[mode]["articles_per_s"]
            verdict = (
                "reached"
                if rate >= goal
                else ("not reached" if rate >= floor else "below the floor")
            )
            lines.append(
                f"- `{mode}`: {rate} articles/s, {rate / plain:.2f} times the plain spaCy parse"
                f" ({plain} articles/s); goal >= {goal} (floor {floor}): **{verdict}**."
            )
    if args.write_docs:
        write_section("throughput", "\n".join(lines))


if __name__ == "__main__":
    main()
