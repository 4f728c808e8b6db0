"""The local engine against Ray: the same articles through `newsift batch`, its whole process
tree sampled (articles/s, CPU seconds per article, peak RSS), and from the measured CPU time
per article the capacity table of docs/scaling.md.

    python bench/engines.py --data ../shared/data --n 2000 --write-docs
    python bench/engines.py --data ../shared/data --n 400 --fast --write-docs

Articles are drawn as bench/throughput.py draws them. Each run is a real `newsift batch
INPUT --out OUT.jsonl` subprocess (Ray's start, its actors loading the models and the writer
included, as a user pays them). On a machine shared with other work the seconds are lower
bounds; CPU time per article hardly moves with the load, so Ray's overhead is given in CPU time
as well as in wall time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _docs import machine, write_section
from _proctree import run_sampled
from throughput import texts

REPO = Path(__file__).resolve().parents[1]
SCALING = REPO / "docs" / "scaling.md"
RESULTS = REPO / "bench" / "results"
#: (engine, workers): the local engine and Ray, each with one and two workers.
CONFIGS = (("local", 1), ("ray", 1), ("local", 2), ("ray", 2))
DAY = 86_400


def run(engine: str, workers: int, source: Path, folder: Path, fast: bool) -> dict:
    out = folder / f"{engine}-{workers}.jsonl"
    command = [sys.executable, "-m", "newsift", "batch", str(source), "--out", str(out)]
    command += ["--engine", engine, "-j", str(workers)] + (["--fast"] if fast else [])
    sizes: list[int] = []
    tree = run_sampled(
        command, cwd=REPO, on_sample=lambda: sizes.append(out.stat().st_size if out.exists() else 0)
    )
    if tree.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{tree.stderr}")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    n = len(records)
    # After the first batch is written: start-up (Ray, loading the models) is behind, and
    # what remains is the cost per article a long run pays.
    first = next((i for i, size in enumerate(sizes) if size), None)
    steady = None
    if first is not None and first < len(tree.cpu_series) - 1:
        done_then = sizes[first] / out.stat().st_size * n
        used = tree.cpu_seconds - tree.cpu_series[first]
        steady = round(used / (n - done_then), 4) if n > done_then else None
    return {
        "engine": engine,
        "workers": workers,
        "mode": "fast" if fast else "full",
        "articles": n,
        "errors": sum("article" not in r for r in records),
        "seconds": tree.seconds,
        "articles_per_s": round(n / tree.seconds, 2),
        "cpu_seconds": tree.cpu_seconds,
        "cpu_s_per_article": round(tree.cpu_seconds / n, 4),
        "startup_cpu_seconds": round(tree.cpu_series[first], 1) if first is not None else None,
        "steady_cpu_s_per_article": steady,
        "peak_rss_mb": round(tree.peak_rss_mb),
        "load_average": tree.load_average,
        "ids": sorted((r.get("article") or r)["id"] for r in records),
    }


def overheads(results: list[dict]) -> list[dict]:
    """Ray against the local engine with as many workers, in CPU time and in wall time."""
    local = {r["workers"]: r for r in results if r["engine"] == "local"}
    rows = []
    for r in results:
        base = local.get(r["workers"])
        if r["engine"] == "ray" and base:
            if "ids" in r:  # not kept in bench/results
                assert r["ids"] == base["ids"], "Ray and the local engine wrote different rows"
            rows.append(
                {
                    "workers": r["workers"],
                    "cpu": r["cpu_s_per_article"] / base["cpu_s_per_article"] - 1,
                    "wall": base["articles_per_s"] / r["articles_per_s"] - 1,
                }
            )
    return rows


def engines_section(results: list[dict], args: argparse.Namespace) -> str:
    mode = "fast" if args.fast else "full"
    lines = [
        f"## Engines: local and Ray ({mode} analysis)",
        "",
        f"`python bench/engines.py --data ../shared/data --n {args.n}"
        + (" --fast" if args.fast else "")
        + f" --write-docs` on {machine()}. {args.n} articles drawn as bench/throughput.py draws",
        "them, each configuration a real `newsift batch INPUT --out OUT.jsonl --engine ENGINE -j",
        "WORKERS` subprocess with its whole process tree sampled every second from /proc (loky",
        "workers; Ray's GCS, raylet and actors): seconds include starting Ray and loading the",
        "models; CPU seconds are summed over every process of the tree; peak RSS is the tree's",
        "largest sum. Load average is the machine's 1-minute load at the start and the end of",
        "each run: above 2 the cores were shared with other work, the seconds are lower bounds,",
        "and the CPU time per article is the fairer measure of Ray's overhead.",
        "",
        "`start-up CPU s` is the CPU time used until the first batch was on disk (starting Ray,",
        "loading the models, the first batch); `CPU s/article after` is the CPU time per article",
        "from then on. For Ray that last figure reads low: its actors work ahead of the writer",
        "on queued batches, so work done before the first write is counted in the start-up;",
        "only the whole run's CPU s/article compares the engines fairly (and at a few hundred",
        "articles Ray's start-up of some tens of CPU seconds weighs in it).",
        "",
        "| engine | workers | articles | errors | seconds | articles/s | CPU s/article | start-up CPU s | CPU s/article after | peak RSS (MB) | load average |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['engine']} | {r['workers']} | {r['articles']} | {r['errors']} | {r['seconds']}"
            f" | {r['articles_per_s']} | {r['cpu_s_per_article']} | {r['startup_cpu_seconds']}"
            f" | {r['steady_cpu_s_per_article']} | {r['peak_rss_mb']}"
            f" | {r['load_average'][0]} → {r['load_average'][1]} |"
        )
    lines += [
        "",
        "Ray's overhead against the local engine with as many workers (goal: <= 15%):",
        "",
    ]
    for o in overheads(results):
        lines.append(
            f"- {o['workers']} worker{'s' if o['workers'] > 1 else ''}: {o['cpu']:+.1%} CPU time"
            f" per article over the whole run, {o['wall']:+.1%} wall time (under a load that"
            " changed between runs)."
        )
    return "\n".join(lines)


def capacity_section(results: list[dict], args: argparse.Namespace) -> str:
    """Articles per day per 100 cores, and a 10^7-article crawl, from Ray's CPU s per article."""
    mode = "fast" if args.fast else "full"
    ray = [r for r in results if r["engine"] == "ray"]
    # The whole run's CPU per article, Ray's start-up included (the after-first-batch figure
    # reads low for Ray), of the costlier Ray run: an upper bound for a long run.
    per_article = max(r["cpu_s_per_article"] for r in ray)
    per_day = 100 * DAY / per_article
    crawl = 10**7
    core_hours = crawl * per_article / 3600
    lines = [
        f"### Capacity ({mode} analysis)",
        "",
        f"From `python bench/engines.py --data ../shared/data --n {args.n}"
        + (" --fast" if args.fast else "")
        + " --write-docs`",
        f"({machine()}): Ray used {per_article} CPU seconds per article (the costlier of its",
        "runs, Ray's own processes and its start-up included, so an upper bound for a long run). A core kept busy does 1 / that many articles a",
        "second; a cluster keeps its cores busy when it has at least one worker per core and the",
        "driver's writer keeps up (below). Articles differ: these are news articles of a few",
        "thousand characters; long pages cost more.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| CPU seconds per article | {per_article} |",
        f"| articles per core per hour | {3600 / per_article:,.0f} |",
        f"| articles per day per 100 cores | {per_day:,.0f} |",
        f"| a 10^7-article crawl: core-hours | {core_hours:,.0f} |",
        f"| a 10^7-article crawl on 100 cores: days | {crawl / per_day:,.1f} |",
        f"| cores to do a 10^7-article crawl in 24 hours | {crawl * per_article / DAY:,.0f} |",
        f"| cores to do a 10^7-article crawl in a week | {crawl * per_article / (7 * DAY):,.0f} |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--fast", action="store_true", help="the analysis without the parser")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="write the sections from bench/results/engines-MODE.json instead of running",
    )
    args = parser.parse_args()
    mode = "fast" if args.fast else "full"
    if args.from_results:
        results = json.loads((RESULTS / f"engines-{mode}.json").read_text())
        args.n = results[0]["articles"]
        write_section(f"engines-{mode}", engines_section(results, args))
        write_section(f"capacity-{mode}", capacity_section(results, args), path=SCALING)
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="newsift-engines-") as tmp:
        folder = Path(tmp)
        source = folder / "articles.jsonl"
        with open(source, "w", encoding="utf-8") as handle:
            for i, text in enumerate(itertools.islice(texts(args.data), args.n)):
                handle.write(json.dumps({"id": str(i), "text": text}) + "\n")
        for engine, workers in CONFIGS:
            results.append(run(engine, workers, source, folder, args.fast))
            shown = {k: v for k, v in results[-1].items() if k != "ids"}
            print(json.dumps(shown), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"engines-{mode}.json").write_text(
        json.dumps([{k: v for k, v in r.items() if k != "ids"} for r in results], indent=1) + "\n"
    )
    for o in overheads(results):
        print(f"Ray overhead, {o['workers']} workers: {o}")
    if args.write_docs:
        write_section(f"engines-{mode}", engines_section(results, args))
        write_section(f"capacity-{mode}", capacity_section(results, args), path=SCALING)


if __name__ == "__main__":
    main()
