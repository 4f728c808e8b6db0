"""`newsift batch --engine ray` on a small corpus: the same records as the local engine, bad
rows as error records, resuming a store and a JSONL output, and one clear line without Ray.

Runs real `newsift batch` subprocesses on a local Ray (one worker, fast mode); skipped when Ray
(the `ray` extra, part of the `test` extra) is not installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import EXAMPLES, REPO
from corpus_helpers import text

BAD_IDS = {"blank", "no-body", "17"}  # "17": the line that is not JSON


def corpus(path: Path) -> Path:
    """20 rows (plain text, HTML, a scraped page's paragraphs) and three bad ones."""
    scraped = (EXAMPLES / "scraped-article.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in scraped.split("\n\n") if p.strip()]
    rows: list[dict | str] = [
        {"id": "scraped", "text": scraped, "url": "https://example.com/story"},
        {"id": "council", "html": (EXAMPLES / "council-vote.html").read_text(encoding="utf-8")},
    ]
    rows += [{"id": f"part{i}", "text": "\n\n".join(paragraphs[i:])} for i in range(6)]
    rows += [{"id": f"words{i}", "text": text(i, 90), "published": "2024-05-01"} for i in range(7)]
    rows += [{"id": "blank", "text": "   "}, {"id": "no-body", "title": "only a title"}]
    rows += ["this line is not JSON"]
    rows += [{"id": f"late{i}", "text": text(100 + i, 60)} for i in range(5)]
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
        encoding="utf-8",
    )
    return path


def batch(*args: str | Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "newsift", "batch", *map(str, args), "--fast", "--batch-size", "4"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    done.stderr = " ".join(done.stderr.split())  # as one line, whatever Rich wrapped
    return done


def records(path: Path) -> dict[str, dict]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_id = {(r.get("article") or r)["id"]: r for r in lines}
    assert len(by_id) == len(lines), "a record written twice"
    return by_id


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    pytest.importorskip("ray", reason="the ray extra is not installed")
    folder = tmp_path_factory.mktemp("ray")
    source = corpus(folder / "in.jsonl")
    batch(source, "--out", folder / "local.jsonl")
    batch(source, "--out", folder / "ray.jsonl", "--engine", "ray", "-j", "1")
    return {"source": source, "local": folder / "local.jsonl", "ray": folder / "ray.jsonl"}


def test_ray_writes_what_the_local_engine_writes(runs):
    local, ray = records(runs["local"]), records(runs["ray"])
    assert len(local) == 23
    assert set(ray) == set(local)
    assert {key for key, r in ray.items() if "error" in r and "article" not in r} == BAD_IDS
    for key, record in local.items():
        assert ray[key] == record, key
    assert any(r.get("claims") for r in ray.values()), "no claims: the comparison is too weak"
    scores = [r["scores"] for r in ray.values() if r.get("scores")]
    assert scores, "no scores: the comparison is too weak"


def test_ray_resumes_a_cut_jsonl_output(runs, tmp_path):
    out = tmp_path / "ray.jsonl"
    kept = runs["ray"].read_text(encoding="utf-8").splitlines(keepends=True)[:9]
    out.write_text("".join(kept), encoding="utf-8")
    manifest = Path(f"{runs['ray']}.newsift.json")
    Path(f"{out}.newsift.json").write_text(manifest.read_text(encoding="utf-8"))
    done = batch(runs["source"], "--out", out, "--engine", "ray", "-j", "1")
    assert "9 records already there are skipped" in done.stderr
    assert set(records(out)) == set(records(runs["ray"]))


def test_ray_fills_and_resumes_a_store(runs, tmp_path):
    store = tmp_path / "corpus.duckdb"
    batch(runs["source"], "--store", store, "--engine", "ray", "-j", "1")
    again = batch(runs["source"], "--store", store, "--engine", "ray", "-j", "1")
    assert "stored 0 records" in again.stderr and "23 already stored" in again.stderr
    con = duckdb.connect(str(store), read_only=True)
    try:
        articles = dict(con.execute("SELECT id, n_claims FROM articles").fetchall())
        errors = {row[0] for row in con.execute("SELECT id FROM errors").fetchall()}
    finally:
        con.close()
    local = records(runs["local"])
    assert errors == BAD_IDS
    assert articles == {key: len(r["claims"]) for key, r in local.items() if key not in BAD_IDS}


def test_without_ray_one_line_says_what_to_install(tmp_path):
    source = corpus(tmp_path / "in.jsonl")
    hide_ray = (
        "import sys; sys.modules['ray'] = None; from newsift.cli import main;"
        " sys.argv = ['newsift', 'batch', sys.argv[1], '--out', sys.argv[2], '--engine', 'ray'];"
        " main()"
    )
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", hide_ray, str(source), str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        'newsift: error: --engine ray needs Ray: pip install "newsift[ray]" (on every node of a'
        " cluster)"
    ]
    assert not out.exists()
