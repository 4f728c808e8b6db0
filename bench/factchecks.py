"""Fact-check matching: the cross-validated figures and the speed, into docs/benchmarks.md.

    PYTHONPATH=. python bench/factchecks.py [--data ../shared/data]

Cross-validates as ``newsift evaluate factchecks --cv`` does on the CheckThat! 2022 Task 2A
training tweets, then
builds a store from every collection under ``--data`` (in a temporary folder), times opening it
and matching the claims of the same tweets against it, one process, and writes both into the
``factchecks`` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _docs import machine, write_section

#: How the claims reach the matcher: all at once (a pipeline batch of articles), or five at a
#: time (one article's check-worthy claims, matched alone).
BATCHES = {"all at once": 0, "5 (one article)": 5}


def _rate(store, queries: list[str], size: int) -> tuple[float, float]:
    """Claims per second of wall time and per CPU-second, matching ``size`` claims per call."""
    from newsift.factchecks.match import match_claims

    size = size or len(queries)
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(queries), size):
        match_claims(store, queries[start : start + size])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(queries) / wall, len(queries) / cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--store", type=Path, help="Time this store (built here if missing) instead of a new one."
    )
    args = parser.parse_args()
    task = args.data / "factchecks" / "clef2022_task2a_en_claim_retrieval"
    from newsift.factchecks.match import match_claims
    from newsift.factchecks.readers import from_data_dir
    from newsift.factchecks.store import EMBED_WORKERS, FactCheckStore, write_store
    from newsift.factchecks.training.checkthat import cross_validate, markdown, read_task

    tweets = read_task(task)
    cv = cross_validate(tweets)  # what `newsift evaluate factchecks --cv` prints
    table = markdown(cv, f"newsift evaluate factchecks --data {task} --cv --markdown")
    reached = "reached" if cv["reranked"]["map@5"] >= 0.93 else "**not reached**"
    queries = [text for _, text in tweets.queries]
    with tempfile.TemporaryDirectory() as folder:
        path = args.store or Path(folder) / "store"
        built = None
        if not (path / "manifest.json").is_file():
            start = time.perf_counter()
            write_store(path, from_data_dir(args.data), replace=False)
            built = time.perf_counter() - start
        start = time.perf_counter()
        store = FactCheckStore.open(path)
        opened = time.perf_counter() - start
        match_claims(store, queries[:20])  # warm the re-ranker and the index pages
        rates = {name: _rate(store, queries, size) for name, size in BATCHES.items()}
    load = os.getloadavg()[0]
    rows = "\n".join(f"| {name} | {wall:.0f} | {cpu:.0f} |" for name, (wall, cpu) in rates.items())
    speed = (
        f"Store of {len(store.checks):,} fact-checks (every collection under `{args.data}`):"
        + (f" built in {built:.1f} s," if built is not None else "")
        + f" opened in {opened:.2f} s. Matching the {len(queries)} training tweets (longer"
        " than most article claims: the embedding's cost grows with the text), one process,"
        f" {EMBED_WORKERS} embedding threads:\n\n"
        "| claims per call | claims/s (wall) | claims per CPU-second |\n|---|---|---|\n"
        f"{rows}\n\n"
        f"Machine: {machine()}; 1-minute load average {load:.1f} when measured.\n\n"
        "Produced by `PYTHONPATH=. python bench/factchecks.py --data ../shared/data`."
    )
    write_section(
        "factchecks",
        "## Fact-check matching (CheckThat! 2022 Task 2A, English)\n\n"
        "Queries are the 993 training tweets with their relevant Snopes fact-checks among 14,231;"
        " the 2022 dev and test tweets are kept aside, so there is no untouched test figure here."
        " BM25 (bm25s) and the shared embedding (all-MiniLM-L6-v2, int8) each give 20 candidates,"
        " a logistic re-ranker scores their union; 5-fold"
        " cross-validation by query. Anchors: CheckThat! 2020 Task 2 best MAP@5 0.929 (Buster.ai),"
        f" plain BM25 about 0.82 on that year's test. Goal MAP@5 >= 0.93: {reached}.\n\n"
        + table
        + "\n"
        + speed,
    )


if __name__ == "__main__":
    main()
