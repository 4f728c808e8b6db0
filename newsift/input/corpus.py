"""Stream corpus rows in and reports out, one row at a time (JSONL, CSV, Parquet, WARC).

Readers yield mappings with keys among ``id, text, html, url, title, published, site`` (WARC
records add ``crawled``, the capture time); a row that cannot be read becomes ``{"id", "error"}``
so the batch goes on and the failure is recorded, not lost. A row without an id of its own gets
its position as id and ``id_from_position`` set, so a store can match it again by content.
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
from newsift.report import ErrorRecord, Report

COLUMNS = ("id", "text", "html", "url", "title", "published", "site")
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
    if "id" not in picked:
        picked["id"] = str(index)
        picked["id_from_position"] = True
    picked["id"] = str(picked["id"])
    if "published" in picked:
        picked["published"] = str(picked["published"])  # Parquet and CSV dates alike
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
                crawled = record.rec_headers.get_header("WARC-Date")
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
                yield {"id": row_id, "url": url, "html": html, "crawled": crawled}
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


class ReportWriter:
    """Append reports to JSONL or Parquet, flushing as it goes so a crash loses little."""

    def __init__(self, path: str | Path, *, append: bool = False):
        self.path = Path(path)
        name = self.path.name.lower()
        if name.endswith(".jsonl") or name.endswith(".ndjson"):
            self.format = "jsonl"
        elif name.endswith(".parquet"):
            if append:
                raise InputError("resuming is supported for .jsonl output only")
            self.format = "parquet"
        else:
            raise InputError(f"{path}: output must end in .jsonl or .parquet")
        check_output_path(self.path)
        # The file is opened now, before any article is analysed, so an unwritable path
        # fails at once rather than after the work is done.
        try:
            if self.format == "jsonl":
                if append:
                    _drop_partial_last_line(self.path)
                self._handle = open(self.path, "a" if append else "w", encoding="utf-8")  # noqa: SIM115
            else:
                import pyarrow.parquet as pq

                self._rows: list[dict[str, Any]] = []
                self._writer = pq.ParquetWriter(self.path, _PARQUET_SCHEMA())
        except OSError as err:
            raise OutputError(f"cannot write {self.path}: {_reason(err)}") from None

    def write(self, result: Report | ErrorRecord) -> None:
        try:
            if self.format == "jsonl":
                self._handle.write(result.model_dump_json() + "\n")
                return
            self._rows.append(_flat_row(result))
            if len(self._rows) >= 500:
                self._flush_parquet()
        except OSError as err:  # e.g. the disk filled up
            raise OutputError(f"cannot write {self.path}: {_reason(err)}") from None

    def _flush_parquet(self) -> None:
        import pyarrow as pa

        if not self._rows:
            return
        table = pa.Table.from_pylist(self._rows, schema=_PARQUET_SCHEMA())
        self._writer.write_table(table)
        self._rows = []

    def close(self) -> None:
        if self.format == "jsonl":
            self._handle.close()
        else:  # with no rows at all this still leaves a valid, empty file
            self._flush_parquet()
            self._writer.close()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_output_path(path: Path) -> None:
    """Refuse an output path that cannot be a file: a folder, or one in a missing folder."""
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _PARQUET_SCHEMA():
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("url", pa.string()),
            ("domain", pa.string()),
            ("title", pa.string()),
            ("language", pa.string()),
            ("n_claims", pa.int32()),
            ("error", pa.string()),
            ("report", pa.string()),
        ]
    )


def _flat_row(result: Report | ErrorRecord) -> dict[str, Any]:
    if isinstance(result, ErrorRecord):
        return {"id": result.id, "url": result.url, "error": result.error, "report": None}
    art = result.article
    return {
        "id": art.id,
        "url": art.url,
        "domain": art.site.domain,
        "title": art.title,
        "language": art.language,
        "n_claims": len(result.claims),
        "error": None,
        "report": result.model_dump_json(),
    }


def _drop_partial_last_line(path: Path) -> None:
    """A crash can leave half a line at the end; cut it so appended lines stay valid JSONL."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
        handle.seek(-1, 2)
        if handle.read(1) == b"\n":
            return
        data = handle.seek(0) or handle.read()
        handle.truncate(data.rfind(b"\n") + 1)


def done_ids(path: str | Path) -> set[str]:
    """Ids already written to a JSONL output, for resuming an interrupted batch."""
    ids: set[str] = set()
    p = Path(path)
    if not p.exists():
        return ids
    with open(p, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a half-written last line from a crash: redo that row
            row_id = row.get("id") or (row.get("article") or {}).get("id")
            if row_id is not None:
                ids.add(str(row_id))
    return ids
