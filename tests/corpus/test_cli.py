"""newsift batch --store and newsift corpus ...: what a user types and sees."""

from __future__ import annotations

import json

import duckdb
from corpus_helpers import held, text
from typer.testing import CliRunner

from newsift import Corpus
from newsift.cli import app
from newsift.corpus.schema import STORE_VERSION

runner = CliRunner()


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def corpus_rows():
    return [
        {"id": "w", "text": text(1), "published": "2024-02-01", "site": "Reuters"},
        {"id": "c", "text": text(1), "url": "https://copy.example/c", "published": "2024-02-03"},
        {"id": "undated", "text": text(2), "published": "sometime in spring"},
        {"id": "w", "text": "the same id again"},
        {"id": "empty", "text": ""},
    ]


def test_batch_fills_the_default_store_and_a_rerun_adds_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, corpus_rows())
    with open(source, "a") as handle:
        handle.write("{not json\n")
    result = runner.invoke(app, ["batch", str(source), "--fast"])
    assert result.exit_code == 0, result.output
    assert "stored 5 records in corpus.duckdb (2 errors)" in result.output
    assert "1 rows repeat an id seen earlier in the input" in result.output
    again = runner.invoke(app, ["batch", str(source), "--store", "corpus.duckdb", "--fast"])
    assert "stored 0 records in corpus.duckdb (0 errors, 6 already stored)" in again.output

    with Corpus(tmp_path / "corpus.duckdb") as corpus:
        rows = {a["id"]: a for a in corpus.articles()}
        assert rows["w"]["site"] == "reuters.com"  # the row's site, resolved
        assert rows["undated"]["published"] is None
        assert rows["undated"]["published_text"] == "sometime in spring"
        assert [e["id"] for e in corpus.errors()] == ["5", "empty"]

    copies = runner.invoke(app, ["corpus", "copies", "--json"])
    assert json.loads(copies.output)["groups"] == [
        {
            "kind": "exact",
            "articles": ["w", "c"],
            "earliest": {
                "id": "w",
                "site": "reuters.com",
                "date": "2024-02-01",
                "date_is": "published",
            },
        }
    ]
    stats = json.loads(runner.invoke(app, ["corpus", "stats", "--json"]).output)
    assert (stats["articles"], stats["errors"], stats["copies"]["exact"]) == (3, 2, 1)
    assert "Published" in runner.invoke(app, ["corpus", "show", "w", "--no-text"]).output
    for command in (["corpus", "stats"], ["corpus", "copies"]):
        assert runner.invoke(app, command).exit_code == 0


def test_store_errors_are_one_line_and_keep_what_is_stored(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, corpus_rows()[:1])
    store = tmp_path / "c.duckdb"
    assert (
        runner.invoke(app, ["batch", str(source), "--store", str(store), "--fast"]).exit_code == 0
    )

    with held(store):
        for args in (
            ["batch", str(source), "--store", str(store), "--fast"],
            ["corpus", "stats", "--store", str(store)],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code == 6
            assert "in use by another process" in result.output
            assert "Traceback" not in result.output
    con = duckdb.connect(str(store))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'store_version'")
    con.close()
    result = runner.invoke(app, ["batch", str(source), "--store", str(store), "--fast"])
    assert result.exit_code == 6
    assert "version 99 store" in result.output
    assert len(result.output.strip().splitlines()) == 1
    con = duckdb.connect(str(store))
    con.execute("UPDATE meta SET value = ? WHERE key = 'store_version'", [str(STORE_VERSION)])
    con.close()
    with Corpus(store) as corpus:
        assert [a["id"] for a in corpus.articles()] == ["w"]  # nothing lost on the way

    for args, message in [
        (["corpus", "show", "nope", "--store", str(store)], "no article 'nope'"),
        (["corpus", "stats", "--store", str(tmp_path / "none.duckdb")], "no such store"),
        (["batch", str(source), "--store", str(tmp_path / "no" / "c.duckdb")], "does not exist"),
        (["batch", str(source), "--store", str(store), "--out", "x.jsonl"], "not both"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code != 0
        assert message in result.output


def test_export_refuses_to_overwrite(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, corpus_rows()[:1])
    store = tmp_path / "c.duckdb"
    runner.invoke(app, ["batch", str(source), "--store", str(store), "--fast"])
    out = tmp_path / "out.jsonl"
    out.write_text("keep me")
    result = runner.invoke(app, ["export", "--store", str(store), "--out", str(out)])
    assert result.exit_code == 6
    assert out.read_text() == "keep me"
    result = runner.invoke(app, ["export", "--store", str(store), "--out", str(out), "--overwrite"])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["id"] == "w"
