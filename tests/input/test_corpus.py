"""Corpus formats in, reports out, and the CLI's promise: one clear line, never a traceback."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import EXAMPLES, REPO
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsift.cli import app
from newsift.errors import InputError
from newsift.input.corpus import corpus_format, read_rows

SCRAPED = (EXAMPLES / "scraped-article.txt").read_text(encoding="utf-8")
PAGE = (EXAMPLES / "council-vote.html").read_text(encoding="utf-8")
runner = CliRunner()


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsift", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        timeout=300,
    )


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def write_warc(path, pages):
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, content_type in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jsonl", "jsonl"),
        ("a.ndjson.gz", "jsonl"),
        ("b.CSV", "csv"),
        ("c.parquet", "parquet"),
        ("d.warc.gz", "warc"),
        ("e.txt", None),
    ],
)
def test_corpus_format_from_name(name, fmt):
    assert corpus_format(name) == fmt


def test_jsonl_rows_stream_and_bad_lines_become_errors(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        json.dumps({"id": 7, "text": SCRAPED, "title": "T"})
        + "\n"
        + "{not json\n"
        + "[1, 2]\n"
        + "\n"
        + json.dumps({"content": "Body from a content column, as in FakeNewsCorpus."})
        + "\n",
        encoding="utf-8",
    )
    rows = list(read_rows(path))
    assert rows[0]["id"] == "7" and rows[0]["title"] == "T"
    assert "not valid JSON" in rows[1]["error"]
    assert "not a JSON object" in rows[2]["error"]
    assert rows[3]["text"].startswith("Body from a content column")


def test_csv_and_gzip(tmp_path):
    path = tmp_path / "rows.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "url", "text"])
        writer.writeheader()
        writer.writerow({"id": "x1", "url": "https://a.example.com/1", "text": SCRAPED})
    (row,) = list(read_rows(path))
    assert (
        row["id"] == "x1" and row["url"] == "https://a.example.com/1" and "pipeline" in row["text"]
    )


def test_parquet_is_read_in_batches(tmp_path):
    path = tmp_path / "rows.parquet"
    pq.write_table(
        pa.table(
            {"id": ["p1", "p2"], "html": [PAGE, None], "text": [None, SCRAPED], "extra": [1, 2]}
        ),
        path,
    )
    rows = list(read_rows(path))
    assert rows[0]["id"] == "p1" and "html" in rows[0] and "text" not in rows[0]
    assert rows[1]["text"] == SCRAPED


def test_parquet_without_text_columns_is_refused(tmp_path):
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": ["p1"], "headline": ["x"]}), path)
    with pytest.raises(Exception, match="no text or html column"):
        list(read_rows(path))


def test_warc_html_responses_are_rows(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://lakesideledger.example/a", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://lakesideledger.example/logo.png", b"\x89PNG....", "image/png"),
        ],
    )
    rows = list(read_rows(path))
    assert len(rows) == 1
    assert (
        rows[0]["url"] == "https://lakesideledger.example/a" and "Harbour Bridge" in rows[0]["html"]
    )


def test_batch_writes_jsonl_with_error_records_and_resumes(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(
        source, [{"id": "1", "text": SCRAPED}, {"id": "2", "text": ""}, {"id": "3", "html": PAGE}]
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(source), "--out", str(out), "--fast"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") or r["article"]["id"] for r in records] == ["1", "2", "3"]
    assert "error" in records[1] and "article" in records[0]
    # Simulate a crash after the first record, with half a line written.
    out.write_text(out.read_text().splitlines()[0] + "\n" + '{"article": {"id"', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(source), "--out", str(out), "--fast", "--resume"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") or r["article"]["id"] for r in records] == ["1", "2", "3"]


def test_batch_writes_parquet(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "1", "text": SCRAPED}, {"id": "2", "text": "  "}])
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["batch", str(source), "--out", str(out), "--fast"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == ["1", "2"]
    assert table[0]["error"] is None and json.loads(table[0]["report"])["article"]["id"] == "1"
    assert table[1]["error"] and table[1]["report"] is None


def test_analyze_json_and_html_outputs(tmp_path):
    page = tmp_path / "report.html"
    result = runner.invoke(
        app, ["analyze", str(EXAMPLES / "scraped-article.txt"), "--json", "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["article"]["title"].startswith("Leaked memo")
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Removed from the input" in html
    assert "23 Comments" in html  # removed blocks are shown, not lost
    assert "<script" not in html.lower()


def test_analyze_a_corpus_file_prints_one_report_per_row(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "1", "text": SCRAPED}, {"id": "2", "html": PAGE}])
    result = runner.invoke(app, ["analyze", str(source), "--json", "--fast"])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]
    assert ids == ["1", "2"]


def test_terminal_report_shows_site_text_and_removals():
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "scraped-article.txt")])
    assert result.exit_code == 0, result.output
    for expected in (
        "The Coastal Sentinel",
        "Removed from the input",
        "comment section",
        "Energy Minister Tomas",
    ):
        assert expected in result.stdout


def test_schema_command_prints_the_json_schema():
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "newsift report" and "article" in schema["properties"]


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["analyze", "no-such-file.txt"], None, 2, "no such file"),
        (["analyze", "-"], b"", 2, "empty"),
        (["analyze", "-"], b"\x7fELF\x02\x01\x01" + bytes(200), 2, "executable"),
        (["analyze", "-"], b"\xff\xfe\x00\xd8" * 50, 2, "not valid utf-16"),
        (["analyze", "http://127.0.0.1:9/story"], None, 3, "non-public"),
        (["analyze", "https://no-such-host.invalid/story"], None, 3, "cannot resolve"),
        (
            ["analyze", "-"],
            "Der Stadtrat hat am Dienstag die Reparatur der Hafenbrücke beschlossen. Die Arbeiten beginnen im September und dauern acht Monate.".encode(),
            4,
            "'de'",
        ),
        (["batch", "no-such.jsonl", "--out", "x.jsonl"], None, 2, "no such file"),
        (["batch", "README.md", "--out", "x.jsonl"], None, 2, "unknown corpus format"),
    ],
)
def test_bad_input_is_one_clear_line_and_nonzero_exit(args, stdin, code, message):
    proc = run_cli(*args, stdin=stdin)
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert message in err
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (2 * 1024 * 1024 + 10))
    proc = run_cli("analyze", str(big))
    assert proc.returncode == 2 and "limit" in proc.stderr.decode()


def test_malformed_html_still_gives_a_report(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><div><p>The harbour authority said on Monday that ferry fares will rise by "
        "ten percent in July, citing higher fuel costs<p>Passengers groups criticised the rise"
        "<div><span>unclosed <b>tags everywhere",
        encoding="utf-8",
    )
    proc = run_cli("analyze", str(page), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert "ferry fares" in json.loads(proc.stdout)["article"]["text"]


def test_unreadable_corpus_files_are_refused_up_front(tmp_path):
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_rows(folder)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        read_rows(empty)
    fake = tmp_path / "rows.jsonl.gz"
    fake.write_text(json.dumps({"id": "1", "text": SCRAPED}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a gzip file"):
        read_rows(fake)


@pytest.mark.parametrize("name", ["rows.jsonl.gz", "rows.CSV.GZ"])
def test_a_truncated_gzip_corpus_keeps_its_rows_and_ends_with_an_error_record(tmp_path, name):
    path = tmp_path / name
    rows = [{"id": str(i), "text": f"Row {i}: " + SCRAPED[:2000]} for i in range(60)]
    if name.startswith("rows.jsonl"):
        data = "".join(json.dumps(r) + "\n" for r in rows)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["id", "text"])
        writer.writeheader()
        writer.writerows(rows)
        data = buffer.getvalue()
    compressed = gzip.compress(data.encode("utf-8"))
    path.write_bytes(compressed[: len(compressed) * 3 // 4])
    read = list(read_rows(path))
    assert read[0]["id"] == "0" and "text" in read[0]
    assert all("error" not in row for row in read[:-1]) and len(read) > 2
    assert read[-1]["id"] == f"{name}:end" and "damaged" in read[-1]["error"]


def test_batch_refuses_a_file_that_is_not_gzip_in_one_line(tmp_path):
    fake = tmp_path / "rows.jsonl.gz"
    fake.write_bytes(b"\xae\xad" + bytes(range(256)) * 4)
    proc = run_cli("batch", str(fake), "--out", str(tmp_path / "out.jsonl"))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "not a gzip file" in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1


@pytest.mark.parametrize("compressed", [True, False])
def test_a_truncated_warc_says_so_instead_of_ending_quietly(tmp_path, compressed):
    whole = tmp_path / "whole.warc.gz"
    write_warc(
        whole,
        [(f"https://lakesideledger.example/{i}", PAGE.encode(), "text/html") for i in range(3)],
    )
    data = whole.read_bytes() if compressed else gzip.decompress(whole.read_bytes())
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(data[: len(data) - len(data) // 6])  # cut inside the third record
    rows = list(read_rows(path))
    assert [row["url"] for row in rows[:2]] == [
        "https://lakesideledger.example/0",
        "https://lakesideledger.example/1",
    ]
    assert all("html" in row for row in rows[:2])
    assert len(rows) == 3 and "error" in rows[2]
    assert "truncated" in rows[2]["error"] or "ends inside" in rows[2]["error"]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_an_unwritable_output_is_refused_before_any_work(tmp_path, suffix):
    from newsift.errors import OutputError
    from newsift.input.batch_output import BatchRun, open_output

    run = BatchRun.of(tmp_path / "in.jsonl", fast=True)
    with pytest.raises(OutputError, match="does not exist"):
        open_output(tmp_path / "missing" / f"out{suffix}", run)
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    with pytest.raises(OutputError, match="is a directory"):
        open_output(folder, run)


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", str(EXAMPLES / "scraped-article.txt"), "--html", "{tmp}/missing/page.html"],
        ["analyze", str(EXAMPLES / "scraped-article.txt"), "--html", "{tmp}"],
        ["batch", str(EXAMPLES / "scraped-article.txt"), "--out", "{tmp}/missing/out.jsonl"],
    ],
)
def test_an_unwritable_output_path_is_one_clear_line(tmp_path, args):
    if args[0] == "batch":  # a real corpus as input, so only the output is wrong
        source = tmp_path / "in.jsonl"
        write_jsonl(source, [{"id": "1", "text": SCRAPED}])
        args = ["batch", str(source), *args[2:]]
    proc = run_cli(*[a.format(tmp=tmp_path) for a in args])
    err = proc.stderr.decode()
    assert proc.returncode == 6, err
    assert "cannot write" in err and "Traceback" not in err and "internal error" not in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1
