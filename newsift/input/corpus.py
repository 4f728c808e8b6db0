"""Stream corpus rows in, one row at a time (JSONL, CSV, Parquet, WARC); reports go out through
``batch_output``.

Readers yield mappings with keys among ``id, text, html, url, title``; a row that cannot be read
becomes ``{"id", "error"}`` so the batch goes on and the failure is recorded, not lost.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsift.errors import InputError, OutputError
from newsift.input.ingest import decode

COLUMNS = ("id", "text", "html", "url", "title")
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet", ".warc")


def corpus_format(path: str | Path) -> str | None:
    """'jsonl', 'csv', 'parquet' or 'warc' from the file name (``.gz`` allowed), else None."""
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix in CORPUS_SUFFIXES:
        if name.endswith(suffix):
            return {"ndjson": "jsonl"}.get(suffix[1:], suffix[1:])
    return None


def _is_gz(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _open_text(path: Path) -> IO[str]:
    raw: IO[bytes] = gzip.open(path, "rb") if _is_gz(path) else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


#: What reading a damaged (truncated, corrupt) file raises part-way: gzip's BadGzipFile and
#: other OSErrors, EOFError for a cut-off gzip stream, zlib.error for corrupt deflate data.
_DAMAGE = (OSError, EOFError, zlib.error)


def _damaged(path: Path, rows: int, err: BaseException) -> dict[str, Any]:
    """The error record that ends a stream from a file that broke part-way through."""
    return {
        "id": f"{path.name}:end",
        "error": f"{path} is damaged after {rows} rows; the rest cannot be read"
        f" ({type(err).__name__}: {err})",
    }


def read_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """Rows of a corpus file, streamed. The file's existence and format are checked now."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {p}")
    if p.is_dir():
        raise InputError(f"{p} is a directory, not a corpus file")
    fmt = corpus_format(p)
    if fmt is None:
        raise InputError(
            f"{p}: unknown corpus format; use .jsonl, .csv, .parquet or .warc (optionally .gz)"
        )
    try:
        with open(p, "rb") as handle:
            head = handle.read(2)
    except OSError as err:
        raise InputError(f"cannot read {p}: {err.strerror}") from None
    if not head:
        raise InputError(f"{p} is empty")
    if _is_gz(p) and head != b"\x1f\x8b":
        raise InputError(f"{p} ends in .gz but is not a gzip file")
    reader = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "warc": _warc}[fmt]
    return reader(p)


def _pick(row: dict[str, Any], index: int) -> dict[str, Any]:
    picked = {key: row.get(key) for key in COLUMNS if row.get(key) not in (None, "")}
    picked.setdefault("id", str(index))
    picked["id"] = str(picked["id"])
    if "text" not in picked and "html" not in picked:
        # Common alternatives in public datasets.
        for key in ("content", "body", "article", "full_text"):
            if isinstance(row.get(key), str) and row[key].strip():
                picked["text"] = row[key]
                break
    return picked


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as handle:
        index = -1
        while True:
            try:
                line = handle.readline()
            except _DAMAGE as err:
                yield _damaged(path, index + 1, err)
                return
            if not line:
                return
            index += 1
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                yield {"id": str(index), "error": f"line {index + 1} is not valid JSON: {err.msg}"}
                continue
            if not isinstance(row, dict):
                yield {"id": str(index), "error": f"line {index + 1} is not a JSON object"}
                continue
            yield _pick(row, index)


def _csv(path: Path) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(sys.maxsize)
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        index = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield {"id": str(index), "error": f"CSV row {index + 1} is malformed: {err}"}
                index += 1
                continue
            except _DAMAGE as err:
                yield _damaged(path, index, err)
                return
            yield _pick(row, index)
            index += 1


def _parquet(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises ArrowInvalid and OSError subclasses
        raise InputError(f"{path} is not a readable Parquet file: {err}") from None
    names = set(parquet.schema_arrow.names)
    wanted = [c for c in (*COLUMNS, "content", "body") if c in names]
    if not {"text", "html", "content", "body"} & names:
        raise InputError(f"{path} has no text or html column (columns: {sorted(names)})")

    def rows() -> Iterator[dict[str, Any]]:
        index = 0
        for batch in parquet.iter_batches(batch_size=256, columns=wanted):
            for row in batch.to_pylist():
                yield _pick(row, index)
                index += 1

    return rows()


def _warc(path: Path) -> Iterator[dict[str, Any]]:
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):
        """Notes whether the gzip stream ended cleanly; warcio stops quietly when it did not."""

        cut_off = False

        def close(self) -> None:
            reader = self.reader
            if reader is not None and reader.decompressor is not None:
                self.cut_off = not reader.decompressor.eof
            super().close()

    rows = 0
    cut_reported = False
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        records = Records(handle)
        try:
            for index, record in enumerate(records):
                url = record.rec_headers.get_header("WARC-Target-URI")
                row_id = record.rec_headers.get_header("WARC-Record-ID") or str(index)
                http = record.http_headers
                content_type = (http.get_header("Content-Type") if http else "") or ""
                wanted = record.rec_type == "response" and "html" in content_type.lower()
                body = record.content_stream().read() if wanted else None
                records.read_to_end(record)
                if getattr(record.raw_stream, "limit", 0):
                    # Fewer bytes than its Content-Length: the file ends inside this record.
                    if wanted:
                        rows += 1
                        cut_reported = True
                        yield {"id": row_id, "url": url, "error": f"{path} ends inside this record"}
                    continue
                if not wanted:
                    continue
                rows += 1
                try:
                    html, _ = decode(body, what=url or row_id)
                except InputError as err:
                    yield {"id": row_id, "url": url, "error": str(err)}
                    continue
                yield {"id": row_id, "url": url, "html": html}
        except Exception as err:  # warcio raises ArchiveLoadFailed and others on bad input
            yield {
                "id": f"{path.name}:end",
                "error": f"{path} is damaged or not a WARC file: {err}",
            }
            return
    cut_off = records.cut_off or (not _is_gz(path) and records.offset < size)
    if cut_off and not cut_reported:
        yield {
            "id": f"{path.name}:end",
            "error": f"{path} is truncated: it ends inside a record after {rows} HTML responses;"
            " the rest is lost",
        }


def check_output_path(path: Path) -> None:
    """Refuse an output path that cannot be a file: a folder, or one in a missing folder."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")


def check_not_replacing(path: Path, *, overwrite: bool) -> None:
    """An earlier output is replaced only when the user asks for it (``--overwrite``)."""
    if path.exists() and not overwrite:
        raise OutputError(f"{path} already exists; pass --overwrite to replace it")
