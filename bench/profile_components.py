"""Where the analysis spends its time: CPU seconds per component over N articles, one process.

Each component of the default pipeline is wrapped in a timer and the articles go through
``Pipeline.pipe`` in batches as ``newsift.pipe`` sends them (ingest and the report timed too),
so batch-aware components are timed on whole batches. Writes a section of docs/benchmarks.md
named by ``--label`` (``before`` or ``after`` a change), so both profiles stay side by side.

    python bench/profile_components.py --data ../shared/data --n 80 --label before --write-docs
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


class Timed:
    """A component that adds its CPU time (and wall time) to shared totals."""

    def __init__(self, component, cpu: dict[str, float], wall: dict[str, float]):
        self.component, self.cpu, self.wall = component, cpu, wall
        self.name = component.name
        self.needs_supported_language = getattr(component, "needs_supported_language", False)
        if hasattr(component, "pipe"):
            self.pipe = self._pipe

    def _add(self, cpu0: float, wall0: float) -> None:
        self.cpu[self.name] += time.process_time() - cpu0
        self.wall[self.name] += time.perf_counter() - wall0

    def __call__(self, article):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            return self.component(article)
        finally:
            self._add(cpu0, wall0)

    def _pipe(self, articles: Iterable) -> Iterator:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            done = list(self.component.pipe(articles))
        finally:
            self._add(cpu0, wall0)
        return iter(done)


def profile(data: Path, n: int, batch_size: int, fast: bool) -> tuple[dict, dict, int, float]:
    from throughput import texts

    from newsift.core import _articles, default_pipeline
    from newsift.pipeline import Pipeline
    from newsift.report import build_report

    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    base = default_pipeline(fast=fast)
    pipeline = Pipeline([Timed(c, cpu, wall) for c in base.components])
    rows = [{"id": str(i), "text": t} for i, t in enumerate(itertools.islice(texts(data), n))]
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    failures: dict = {}
    done = 0
    t0, w0 = time.process_time(), time.perf_counter()
    articles = list(_articles(rows, failures))
    cpu["ingest"] += time.process_time() - t0
    wall["ingest"] += time.perf_counter() - w0
    for i in range(0, len(articles), batch_size):
        for article in pipeline.pipe(articles[i : i + batch_size], batch_size=batch_size):
            t0, w0 = time.process_time(), time.perf_counter()
            if "error" not in article.meta:
                build_report(article, base.names)
            article.doc = None
            cpu["report"] += time.process_time() - t0
            wall["report"] += time.perf_counter() - w0
            done += 1
    total_cpu = time.process_time() - start_cpu
    cpu["total"] = total_cpu
    wall["total"] = time.perf_counter() - start_wall
    return cpu, wall, done, total_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=80)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--label", default="before")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    cpu, wall, done, total = profile(args.data, args.n, args.batch_size, args.fast)
    load = os.getloadavg()[0]
    mode = "fast" if args.fast else "full"
    command = (
        f"python bench/profile_components.py --data ../shared/data --n {args.n}"
        f"{' --fast' if args.fast else ''} --label {args.label} --write-docs"
    )
    from _docs import machine, write_section

    lines = [
        f"## Per-component profile, {mode} analysis, {args.label}",
        "",
        f"`{command}` on {machine()}; one process, {done} articles of `bench/throughput.py`'s"
        f" mix, batches of {args.batch_size} through `Pipeline.pipe`. CPU time is the measure"
        f" (wall time is beside it; load average {load:.1f} when it ended).",
        "",
        "| component | CPU s | CPU ms/article | share | wall s |",
        "|---|---|---|---|---|",
    ]
    for name in sorted((k for k in cpu if k != "total"), key=lambda k: -cpu[k]):
        lines.append(
            f"| {name} | {cpu[name]:.2f} | {1000 * cpu[name] / done:.1f} |"
            f" {100 * cpu[name] / total:.0f}% | {wall[name]:.2f} |"
        )
    lines.append(
        f"| **total** | {total:.2f} | {1000 * total / done:.1f} | 100% | {wall['total']:.2f} |"
    )
    print("\n".join(lines))
    if args.write_docs:
        write_section(f"profile-{mode}-{args.label}", "\n".join(lines))


if __name__ == "__main__":
    main()
