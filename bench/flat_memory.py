"""Flat memory: a long synthetic JSONL streamed through `newsift batch --fast`, the RSS of its
whole process tree sampled every second and plotted (docs/flat_memory.png).

    python bench/flat_memory.py --rows 1000000 --write-docs          # the issue's run
    python bench/flat_memory.py --rows 20000 --write-docs            # what fits in ~40 min here

Rows are short (one or two sentences) and deterministic (row i from a generator seeded with
i), written on the fly to a temporary file; each carries a number and a name of its own, as
real articles carry new strings, so a cache that keeps every string seen (spaCy's StringStore)
would show as growth. The slope is fitted over the second half of the run, when everything
loaded once is loaded, against the rows written so far (from the output's size). A benchmark,
not a test: it takes minutes to hours.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _docs import machine, write_section
from _proctree import run_sampled

REPO = Path(__file__).resolve().parents[1]
PLOT = REPO / "docs" / "flat_memory.png"
RESULTS = REPO / "bench" / "results"

_PLACES = ["Springfield", "Riverton", "Lakeside", "the capital", "the county", "Port Ellis"]
_BODIES = ["city council", "school board", "health agency", "state senate", "water authority"]
_THINGS = ["budget", "bridge repair", "tax increase", "new clinic", "zoning plan", "bus route"]
_FIRST = ["Maria", "John", "Aisha", "Chen", "Olga", "Pedro", "Fatima", "Tom", "Ines", "Raj"]
_LAST = ["Alvarez", "Brooks", "Chowdhury", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad"]


def synthetic_row(i: int) -> dict:
    """Row ``i``: one or two sentences, with a number and a surname of its own."""
    rng = random.Random(i)
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{i % 9973}"
    text = (
        f"The {rng.choice(_BODIES)} of {rng.choice(_PLACES)} voted {rng.randint(3, 9)} to"
        f" {rng.randint(0, 4)} on Tuesday to approve the {rng.choice(_THINGS)}, costing"
        f" ${rng.randint(1000, 999999):,}."
    )
    if rng.random() < 0.6:
        text += f' "This is a good day," said {name}, who chairs the committee.'
    return {"id": f"r{i}", "text": text}


def write_input(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(rows):
            handle.write(json.dumps(synthetic_row(i)) + "\n")


def id_set_mb(n: int) -> float:
    """Memory of the set of ``n`` such ids that resuming holds (``JsonlOutput.done``, the
    store's ids): linear in the rows already written, and read once at the start."""
    tracemalloc.start()
    ids = {f"r{i}" for i in range(n)}
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del ids
    return size / 2**20


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y on x."""
    xs, ys = zip(*points, strict=True)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10**6)
    parser.add_argument("--target", choices=["jsonl", "store"], default="jsonl")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsift-flat-") as tmp:
        source = Path(tmp) / "synthetic.jsonl"
        write_input(source, args.rows)
        out = Path(tmp) / ("out.jsonl" if args.target == "jsonl" else "corpus.duckdb")
        flag = "--out" if args.target == "jsonl" else "--store"
        command = [sys.executable, "-m", "newsift", "batch", str(source), flag, str(out)]
        sizes: list[tuple[float, int]] = []
        start = time.monotonic()

        def note_size() -> None:
            sizes.append((time.monotonic() - start, out.stat().st_size if out.exists() else 0))

        tree = run_sampled([*command, "--fast"], cwd=REPO, on_sample=note_size)
        if tree.returncode:
            raise SystemExit(tree.stderr)
        final_size = out.stat().st_size
        if args.target == "jsonl":
            with open(out, "rb") as handle:
                written = sum(1 for _ in handle)
        else:
            import duckdb

            con = duckdb.connect(str(out), read_only=True)
            written = con.execute(
                "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM errors)"
            ).fetchone()[0]
            con.close()
    # Rows written at each sample, from the output's size (rows are alike in length).
    rows_at = [size / final_size * written if final_size else 0 for _, size in sizes]
    points = [(rows, mb) for rows, (_, mb) in zip(rows_at, tree.samples, strict=False) if rows > 0]
    half = [p for p in points if p[0] >= written / 2]
    per_100k = slope(half) * 100_000 if len(half) > 2 else float("nan")
    rss = [mb for _, mb in points]
    result = {
        "rows": written,
        "target": args.target,
        "seconds": tree.seconds,
        "rows_per_s": round(written / tree.seconds, 1),
        "rss_start_mb": round(rss[0]) if rss else None,
        "rss_median_mb": round(statistics.median(rss)) if rss else None,
        "rss_max_mb": round(max(rss)) if rss else None,
        "slope_mb_per_100k_rows": round(per_100k, 1),
        "id_set_mb_per_1e6": round(id_set_mb(10**6), 1),
        "load_average": tree.load_average,
    }
    print(json.dumps(result))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"flat_memory-{args.target}.json").write_text(
        json.dumps({**result, "samples": [[r, mb] for r, mb in points]}) + "\n"
    )
    if args.write_docs:
        plot(points, result)
        write_section(f"flat-memory-{args.target}", section(result, args))


def plot(points: list[tuple[float, float]], result: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot([r for r, _ in points], [mb for _, mb in points], lw=1)
    ax.set_xlabel("rows written")
    ax.set_ylabel("RSS of the process tree (MB)")
    ax.set_ylim(bottom=0)
    ax.set_title(
        f"newsift batch --fast, {result['rows']:,} synthetic rows to {result['target']}:"
        f" {result['slope_mb_per_100k_rows']} MB per 100k rows (second half)",
        fontsize=9,
    )
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)


def section(r: dict, args: argparse.Namespace) -> str:
    flag = "" if args.target == "jsonl" else " --target store"
    return "\n".join(
        [
            f"## Flat memory ({'a JSONL output' if args.target == 'jsonl' else 'a store'})",
            "",
            f"`python bench/flat_memory.py --rows {args.rows}{flag} --write-docs` on {machine()}:",
            "`newsift batch --fast` over a synthetic JSONL of short rows (one or two sentences",
            "each, every row with a number and a name of its own), the RSS of the whole process",
            "tree sampled every second ([plot](flat_memory.png)). The slope is fitted over the",
            "second half of the rows. Load average (start → end):"
            f" {r['load_average'][0]} → {r['load_average'][1]}.",
            "",
            "| rows | seconds | rows/s | RSS at start (MB) | median (MB) | max (MB) | slope, 2nd half (MB per 100k rows) |",
            "|---|---|---|---|---|---|---|",
            f"| {r['rows']:,} | {r['seconds']} | {r['rows_per_s']} | {r['rss_start_mb']}"
            f" | {r['rss_median_mb']} | {r['rss_max_mb']} | {r['slope_mb_per_100k_rows']} |",
            "",
            "Resuming holds the ids already written in a set, read once at the start (not grown",
            f"by a fresh run's JSONL output): {r['id_set_mb_per_1e6']} MB for 10^6 such ids",
            "(tracemalloc), linear in the output resumed and bounded by it.",
        ]
    )


if __name__ == "__main__":
    main()
