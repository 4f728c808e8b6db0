"""kill -9 a real `newsift batch --store` at random moments: after resuming, every input row is
stored exactly once (an article or an error), and each article's rows in every table agree."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from conftest import REPO
from corpus_helpers import text

KILLS = 3
ARTICLES = 150
STORED = "SELECT id FROM articles UNION ALL SELECT id FROM errors"


def stored_count(store: Path) -> int:
    if not store.exists():
        return 0
    con = duckdb.connect(str(store), read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0]:
            return 0  # killed after DuckDB made the file, before the tables were committed
        return len(con.execute(STORED).fetchall())
    finally:
        con.close()


def changed(paths: list[Path]) -> tuple:
    return tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in paths)


def run_batch(source: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsift",
            "batch",
            str(source),
            "--store",
            str(store),
            "--fast",
            "--batch-size",
            "3",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_sigkill_at_random_moments_loses_and_repeats_no_row(tmp_path):
    seed = int(os.environ.get("NEWSIFT_KILL_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    # Enough batches of 3 that a fast machine is still mid-run a moment after its first commit.
    rows = [
        {"id": f"a{i}", "text": text(i, 60), "published": "2024-01-01"} for i in range(ARTICLES)
    ]
    rows += [{"id": "blank", "text": " "}, {"text": text(999, 60)}, {"text": text(998, 60)}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = tmp_path / "s.duckdb"
    watched = [store, store.with_name("s.duckdb.wal")]

    kills = 0
    stored_after_kill = []
    for attempt in range(KILLS):
        proc = run_batch(source, store)
        before = changed(watched)
        # Kill once before any commit could land, then at random moments after a commit.
        deadline = time.monotonic() + (rng.uniform(0.2, 2.0) if attempt == 0 else 120)
        while proc.poll() is None and time.monotonic() < deadline:
            if attempt and changed(watched) != before:
                time.sleep(rng.uniform(0.0, 0.2))
                break
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
        stored_after_kill.append(stored_count(store))
    final = run_batch(source, store)
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, f"seed {seed}: {err.decode()}"
    assert kills >= 2, f"seed {seed}: the batches ended before they could be killed"
    assert any(0 < n < len(rows) for n in stored_after_kill), f"seed {seed}: {stored_after_kill}"

    con = duckdb.connect(str(store), read_only=True)
    stored = [r[0] for r in con.execute(STORED).fetchall()]
    expected = {r.get("id") for r in rows} - {None} | {
        str(ARTICLES + 1),
        str(ARTICLES + 2),
    }  # by position
    assert sorted(stored) == sorted(expected), f"seed {seed}"
    counts = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM reports),"
        " (SELECT count(*) FROM minhashes), (SELECT sum(n_claims) FROM articles),"
        " (SELECT count(*) FROM claims)"
    ).fetchone()
    articles = ARTICLES + 2  # the blank row is an error
    assert counts[0] == counts[1] == counts[2] == articles, f"seed {seed}: {counts}"
    assert counts[3] == counts[4], f"seed {seed}: {counts}"
    con.close()
