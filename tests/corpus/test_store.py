"""The corpus store: what a batch writes, what a rerun skips, what a bad store says."""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest
from corpus_helpers import error, held, report, text

from newsift import Corpus
from newsift.corpus import schema
from newsift.corpus.export import export
from newsift.corpus.store import StoreWriter, parse_date
from newsift.errors import InputError, OutputError


def test_reports_round_trip_with_flat_columns_and_claim_records(tmp_path):
    path = tmp_path / "c.duckdb"
    original = report("a1", text(1), site="example.com", published="2024-03-05T10:00:00Z", claims=2)
    with StoreWriter(path) as writer:
        writer.write(original)
        writer.write(error("bad"))
    with Corpus(path) as corpus:
        assert corpus.article("a1") == original
        stats = corpus.stats()
        assert (stats["articles"], stats["errors"], stats["claims"]) == (1, 1, 2)
        assert stats["first_published"] == "2024-03-05"
        claims = list(corpus.claims())
        assert [c["claim_index"] for c in claims] == [0, 1]
        assert claims[0]["article_id"] == "a1"
        assert claims[0]["site"] == "example.com"
        assert claims[0]["published"] == date(2024, 3, 5)
        assert claims[0]["source_type"] == "anonymous"
        [article] = corpus.articles(text=True)
        assert article["unreliable_content"] == 0.25
        assert article["n_claims"] == 2
        assert article["text"] == original.article.text
        with pytest.raises(InputError, match="failed when stored: no text"):
            corpus.article("bad")
        with pytest.raises(InputError, match="no article 'nope'"):
            corpus.article("nope")


def test_rows_already_stored_are_skipped_by_id_or_by_content_without_an_id(tmp_path):
    path = tmp_path / "c.duckdb"
    rows = [
        {"id": "x", "text": "one"},
        {"id": "3", "text": "two", "id_from_position": True},
    ]
    with StoreWriter(path) as writer:
        for row in writer.unstored(rows):
            writer.write(report(row["id"], row["text"]))
    again = [
        {"id": "x", "text": "changed text, same id"},
        {"id": "0", "text": "two", "id_from_position": True},  # the same row, moved
        {"id": "1", "text": "new", "id_from_position": True},
    ]
    with StoreWriter(path) as writer:
        assert [row["id"] for row in writer.unstored(again)] == ["1"]
        assert writer.skipped == 2


def test_an_id_twice_in_the_input_is_stored_once_and_named(tmp_path):
    with StoreWriter(tmp_path / "c.duckdb") as writer:
        rows = [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}, {"id": "a", "text": "z"}]
        assert [row["text"] for row in writer.unstored(rows)] == ["x", "y"]
        assert writer.duplicates == ["a"]


def test_nothing_is_stored_until_a_batch_commits(tmp_path):
    path = tmp_path / "c.duckdb"
    writer = StoreWriter(path, commit_every=2)
    writer.write(report("a", text(1)))
    assert writer.committed == 0
    writer.write(report("b", text(2)))
    assert writer.committed == 2
    writer.write(report("c", text(3)))
    writer._con.close()  # as if killed: the third report was never committed
    with Corpus(path) as corpus:
        assert [a["id"] for a in corpus.articles()] == ["a", "b"]


def test_a_store_from_a_newer_newsift_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "c.duckdb"
    with StoreWriter(path) as writer:
        writer.write(report("a", text(1)))
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE meta SET value = ? WHERE key = 'store_version'", [str(schema.STORE_VERSION + 1)]
    )
    con.close()
    for opening in (lambda: StoreWriter(path), lambda: Corpus(path)):
        with pytest.raises(
            OutputError, match=rf"version {schema.STORE_VERSION + 1} store .* upgrade newsift"
        ):
            opening()
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    con.close()


def test_an_older_store_without_a_migration_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "c.duckdb"
    StoreWriter(path).close()
    newer = schema.STORE_VERSION + 1
    monkeypatch.setattr(schema, "STORE_VERSION", newer)
    with pytest.raises(OutputError, match=f"no migration to version {newer} exists"):
        StoreWriter(path)
    with pytest.raises(OutputError, match="open it once for writing"):
        Corpus(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "it is a directory"),
        (lambda p: p.write_text("not a database " * 100), "not a newsift store"),
        (lambda p: duckdb.connect(str(p)).close(), None),  # an empty DuckDB file is fine to write
    ],
)
def test_what_is_not_a_store_is_one_clear_error(tmp_path, make, message):
    path = tmp_path / "c.duckdb"
    make(path)
    if message is None:
        StoreWriter(path).close()
        return
    with pytest.raises(OutputError, match=message):
        StoreWriter(path)


def test_a_store_in_a_missing_folder_or_missing_for_reading(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        StoreWriter(tmp_path / "no" / "c.duckdb")
    with pytest.raises(OutputError, match="no such store"):
        Corpus(tmp_path / "c.duckdb")


def test_a_store_another_process_holds_is_refused_with_its_pid(tmp_path):
    path = tmp_path / "c.duckdb"
    StoreWriter(path).close()
    with held(path) as pid:
        for opening in (lambda: StoreWriter(path), lambda: Corpus(path)):
            with pytest.raises(OutputError, match=rf"in use by another process \(process {pid}\)"):
                opening()


def test_sketches_from_another_rensa_are_one_clear_error(tmp_path):
    path = tmp_path / "c.duckdb"
    with StoreWriter(path) as writer:
        writer.write(report("a", text(1)))
    con = duckdb.connect(str(path))
    con.execute("UPDATE minhashes SET sketch = 'Rensa:RMinHash:9'::BLOB")
    con.close()
    with pytest.raises(OutputError, match="copy sketches this rensa cannot read"):
        StoreWriter(path)
    # The failed open closed its connection and left the articles alone.
    with Corpus(path) as corpus:
        assert corpus.stats()["articles"] == 1


def test_one_writer_per_store_in_a_process_too(tmp_path):
    path = tmp_path / "c.duckdb"
    with StoreWriter(path), pytest.raises(OutputError, match="already open for writing"):
        StoreWriter(path)
    StoreWriter(path).close()  # free again once closed


def test_export_is_flat_and_never_overwrites_unless_asked(tmp_path):
    path = tmp_path / "c.duckdb"
    with StoreWriter(path) as writer:
        writer.write(report("a", text(1), claims=1))
        writer.write(error("b"))
    out = tmp_path / "out.parquet"
    assert export(path, out) == 2
    table = pq.read_table(out).to_pylist()
    assert [(r["id"], r["n_claims"], r["unreliable_content"], r["error"]) for r in table] == [
        ("a", 1, 0.25, None),
        ("b", None, None, "no text"),
    ]
    with pytest.raises(OutputError, match="exists; pass --overwrite"):
        export(path, out)
    assert export(path, out, overwrite=True, reports=True) == 2
    assert "report" in pq.read_table(out).column_names
    jsonl = tmp_path / "out.jsonl"
    export(path, jsonl)
    assert len(jsonl.read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2016-09-19", date(2016, 9, 19)),
        ("2016-09-19T10:00:00+02:00", date(2016, 9, 19)),
        ("Mon, 19 Sep 2016 10:00:00 GMT", date(2016, 9, 19)),
        ("last Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_or_kept_as_text(given, expected):
    assert parse_date(given) == expected
