"""How ``newsift.analyze`` scales with its input: time and peak memory per input shape as the
input doubles from 10 KB to 10 MB, each size in its own process (so peak RSS is that run's)
under a limit on CPU time (wall time on a shared machine measures the neighbours too); a shape
stops at its first size over the limit. The curves should be straight lines of slope 1 on log-log
axes; the fitted slope per shape is printed and written.

    python bench/scaling.py --limit 600 --jobs 2 --write-docs   # needs matplotlib (train extra)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from shapes import SHAPES  # noqa: E402

SIZES = [10_000 * 2**k for k in range(11)]  # 10 KB ... 10.24 MB
FIT_POINTS = 4
RESULTS = REPO / "bench" / "results" / "scaling.json"
FIGURE = REPO / "docs" / "scaling.png"
RELIABILITY = REPO / "docs" / "reliability.md"
#: The code measured, written beside each run (``--merge`` keeps runs of other commits).
COMMIT = subprocess.run(
    ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
).stdout.strip()


def one(shape: str, size: int, fast: bool) -> dict:
    """Run in the child: analyse one input of ``size`` characters and report time and memory."""
    import newsift

    newsift.analyze("The minister said the pipeline was safe.", fast=fast)  # models load first
    text = SHAPES[shape](size)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), _cpu()
    try:
        report = newsift.analyze(text, fast=fast)
        outcome, warnings = "report", report.warnings
    except newsift.NewsiftError as err:
        outcome, warnings = f"NewsiftError: {err}", []
    seconds, cpu_seconds = time.perf_counter() - started, _cpu() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "shape": shape,
        "size": len(text),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "peak_rss_mb": round(peak),
        "baseline_rss_mb": round(baseline),
        "outcome": outcome,
        "warnings": warnings,
    }


def _cpu() -> float:
    """CPU seconds of this process: on a machine shared with other jobs, wall time measures
    the neighbours as much as the run."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(shape: str, size: int, fast: bool, limit: float) -> dict | None:
    """One run in a child process; None when it used more than ``limit`` CPU seconds. The
    child is held to the limit by RLIMIT_CPU (plus a minute for loading the models), so a
    run that grows faster than linear cannot hold the benchmark for long."""
    command = [sys.executable, __file__, "--one", shape, str(size)] + ["--fast"] * fast
    cpu_cap = int(limit) + 60

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_cap, cpu_cap + 5))

    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=6 * cpu_cap, preexec_fn=cap
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        if done.returncode in (-9, -24):  # SIGKILL / SIGXCPU: the CPU limit
            return None
        return {"shape": shape, "size": size, "error": done.stderr[-2000:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["commit"] = COMMIT
    return result if result["cpu_seconds"] <= limit else None


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) on log(x): 1 is linear, 2 quadratic."""
    points = [(x, y) for x, y in points if x > 0 and y > 0]
    if len(points) < 3:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den, 2)


def fits(runs: list[dict]) -> dict[str, dict]:
    """Slopes per shape over its four largest sizes, where fixed costs (a few tenths of a second
    per article) no longer hide how the cost grows and a shape's nature no longer changes (at
    80 KB the short lines are all boilerplate); memory is the peak above the loaded models."""
    out = {}
    for shape in SHAPES:
        ok = sorted((r for r in runs if r["shape"] == shape and "seconds" in r), key=_size)
        ok = ok[-FIT_POINTS:]
        out[shape] = {
            "time_slope": slope([(r["size"], r["cpu_seconds"]) for r in ok]),
            "memory_slope": slope(
                [(r["size"], r["peak_rss_mb"] - r["baseline_rss_mb"]) for r in ok]
            ),
            "fitted_from": ok[0]["size"] if ok else None,
            "largest": ok[-1]["size"] if ok else None,
            "over_limit_at": next(
                (r["size"] for r in runs if r["shape"] == shape and "over_limit" in r), None
            ),
        }
    return out


def _size(run: dict) -> int:
    return run["size"]


def plot(runs: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for shape in SHAPES:
        ok = sorted(
            (r for r in runs if r["shape"] == shape and "seconds" in r), key=lambda r: r["size"]
        )
        if not ok:
            continue
        sizes = [r["size"] / 1e3 for r in ok]
        left.plot(sizes, [r["cpu_seconds"] for r in ok], marker="o", label=shape)
        right.plot(sizes, [r["peak_rss_mb"] for r in ok], marker="o", label=shape)
    for axis, label in ((left, "CPU seconds"), (right, "peak RSS (MB, models included)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("input size (KB)")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    left.set_title("CPU time of newsift.analyze")
    right.set_title("peak memory per run")
    left.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)


def markdown(runs: list[dict], slopes: dict[str, dict], args: argparse.Namespace) -> str:
    sys.path.insert(0, str(REPO / "bench"))
    from _docs import machine

    mode = " --fast" if args.fast else ""
    measured = f" --merge --shapes {' '.join(args.measured)}" if args.merge else ""
    lines = [
        "## Linear cost",
        "",
        "Time and peak memory of `newsift.analyze` as the input doubles from 10 KB towards"
        f" 10 MB, per input shape, each run in its own process with a {args.limit:.0f} s limit"
        " of CPU time (a shape stops at its first size over the limit). Slopes are fitted on"
        " log-log axes over each shape's four largest sizes: 1 means linear. Time is CPU time"
        " (on a shared machine wall time measures the neighbours too). Memory slopes are of the"
        " peak above the loaded models.",
        "",
        f"Command: `python bench/scaling.py --limit {args.limit:.0f} --jobs {args.jobs}{mode}"
        f"{measured} --write-docs` ({machine()}; load average {args.load}).",
        "",
        f"![time and peak memory against input size]({FIGURE.name})",
        "",
        "What is capped rather than made cheaper (limits in `newsift/settings.py`), each with a"
        " warning in `report.warnings`, never a refusal:",
        "",
        "- `OVERLAP_BLOCK_LINES` (2,000): past this many lines the line classifier compares a"
        " line's words with the lines of its block, not the whole page;",
        "- `MAX_HTML_DEPTH` (128): a page nested deeper than lxml reads (256 levels, after which"
        " it drops the rest of the page) loses its tags below this level, not their text;",
        "- `MAX_TOKEN_CHARS` (500): a longer run without a space reaches spaCy as tokens of"
        " this many characters;",
        "- `ATTRIBUTION_WINDOW_CHARS` (50,000) and `MAX_SENTENCE_TOKENS` (200): attribution"
        " searches longer texts a window of whole sentences at a time and skips longer"
        " sentences.",
        "",
        "Parser batches are bounded by `NLP_BATCH_CHARS` (200,000), which changes no result.",
        "",
        "| shape | CPU time slope | memory slope | fitted on | first size over the limit |",
        "|---|---|---|---|---|",
    ]
    for shape, fit in slopes.items():
        largest = (
            f"{fit['fitted_from'] / 1e3:.0f} KB to {fit['largest'] / 1e3:.0f} KB"
            if fit["largest"]
            else "-"
        )
        over = f"{fit['over_limit_at'] / 1e6:.2f} MB" if fit.get("over_limit_at") else "-"
        lines.append(
            f"| {shape} | {fit['time_slope']} | {fit['memory_slope']} | {largest} | {over} |"
        )
    for note in args.note:
        lines += ["", note]
    lines += [
        "",
        "| shape | size | CPU s | wall s | peak RSS (MB) | code | warnings |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        if "seconds" in r:
            warned = "; ".join(w.split(";")[0][:70] for w in r["warnings"]) or "-"
            lines.append(
                f"| {r['shape']} | {r['size'] / 1e3:.0f} KB | {r['cpu_seconds']} | {r['seconds']}"
                f" | {r['peak_rss_mb']} | {r.get('commit', 'before b326059')}"
                f" | {warned} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--fast", action="store_true", help="the fast pipeline (no parser)")
    parser.add_argument("--limit", type=float, default=600.0, help="CPU seconds per run")
    parser.add_argument("--jobs", type=int, default=1, help="shapes measured side by side")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES))
    parser.add_argument("--max-size", type=int, default=SIZES[-1])
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--replot", action="store_true", help="fit and plot the saved runs")
    parser.add_argument(
        "--merge", action="store_true", help="keep the saved runs of the shapes not measured now"
    )
    parser.add_argument("--note", action="append", default=[], help="a paragraph after the table")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), args.fast)))
        return

    runs: list[dict] = []
    if args.replot or args.merge:
        saved = json.loads(RESULTS.read_text(encoding="utf-8"))
        saved = saved["runs"] if isinstance(saved, dict) else saved
        runs = [r for r in saved if args.replot or r["shape"] not in args.shapes]
        args.shapes = [] if args.replot else args.shapes
    args.measured = list(args.shapes)
    lock = threading.Lock()

    def sweep(shape: str) -> None:
        for size in (s for s in SIZES if s <= args.max_size):
            result = measure(shape, size, args.fast, args.limit)
            with lock:
                if result is None:
                    print(f"{shape} {size}: over {args.limit:.0f} CPU s, stopping", flush=True)
                    runs.append({"shape": shape, "size": size, "over_limit": args.limit})
                    return
                runs.append(result)
                print(json.dumps(result)[:300], flush=True)
                RESULTS.parent.mkdir(parents=True, exist_ok=True)
                RESULTS.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(sweep, args.shapes))
    runs.sort(key=lambda r: (list(SHAPES).index(r["shape"]), r["size"]))
    args.load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    slopes = fits(runs)
    print(json.dumps(slopes, indent=2))
    RESULTS.write_text(json.dumps({"runs": runs, "slopes": slopes}, indent=1) + "\n", "utf-8")
    plot(runs, FIGURE)
    if args.write_docs:
        from _docs import write_section

        if not RELIABILITY.exists():
            RELIABILITY.write_text("# Reliability\n", encoding="utf-8")
        write_section("linear-cost", markdown(runs, slopes, args), RELIABILITY)


if __name__ == "__main__":
    main()
