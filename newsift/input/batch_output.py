"""Where ``newsift batch`` writes: reports appended to a JSONL file, or a folder of Parquet shards.

The promises (docs/reliability.md): an earlier output is never truncated or replaced unless the
user asks (``--overwrite``); running the same command again resumes it, skipping ids already
written; every batch is flushed and fsynced the moment it is done, so a kill, even SIGKILL, loses
at most the batch in progress and leaves every file readable.

Parquet keeps its footer at the end of the file, so a file killed mid-write cannot be read at
all. A ``.parquet`` output is therefore a folder (a dataset, as Spark and pyarrow write them) of
shard files, one per batch, each written under a hidden temporary name and renamed into place
when complete: readers never see half a shard, and ``pyarrow.parquet.read_table(folder)``,
``pandas.read_parquet(folder)`` or DuckDB's ``read_parquet('folder/*.parquet')`` read it whole.

A small manifest records which input and mode an output belongs to (``<out>.newsift.json``
beside a JSONL file, ``_newsift.json`` inside a Parquet folder, where dataset readers skip it),
so a rerun resumes only its own output and never skips rows because another corpus used the
same ids.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsift.errors import InputError, OutputError
from newsift.input.corpus import check_output_path
from newsift.report import ErrorRecord, Report

WRITTEN_BY = "newsift batch"
PARQUET_MANIFEST = "_newsift.json"
JSONL_MANIFEST_SUFFIX = ".newsift.json"
#: Even --overwrite leaves such a folder alone: it may hold anything.
_NOT_OUR_FOLDER = (
    "{path} is a folder newsift batch did not write; choose another --out, or remove the folder"
    " yourself if you mean to replace it"
)


@dataclass(frozen=True)
class BatchRun:
    """What makes a rerun the same command: the same input file, in the same mode."""

    input: str
    fast: bool

    @classmethod
    def of(cls, input_path: Path, *, fast: bool) -> BatchRun:
        return cls(input=str(input_path.resolve()), fast=fast)

    def describe(self) -> str:
        return self.input + (" with --fast" if self.fast else " without --fast")


def output_format(path: Path) -> str:
    """'jsonl' or 'parquet' from the output's name; anything else is refused."""
    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    raise InputError(f"{path}: output must end in .jsonl or .parquet")


def open_output(
    path: Path, run: BatchRun, *, overwrite: bool = False, resume: bool = False
) -> JsonlOutput | ParquetShards:
    """The output, created, replaced (``overwrite``) or resumed; refused when that would lose data.

    Without either flag an existing output is resumed when its manifest names this run, and
    refused otherwise with what to do. ``resume`` also continues an output with no manifest
    (written by an older newsift) or with another run's.
    """
    fmt = output_format(path)
    if fmt == "jsonl":
        check_output_path(path)  # not a folder, and in a folder that exists
    elif not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist")
    manifest = manifest_path(path, fmt)
    lock: int | None = None
    try:
        if path.exists():
            lock = _lock(path)  # before anything in it can change
        if overwrite:
            _remove(path, fmt, manifest)
        elif lock is not None:
            _check_resumable(path, fmt, manifest, run, resume)
        if fmt == "jsonl":
            path.touch()
        elif not path.is_dir():  # new, or a Parquet file --overwrite just removed
            path.mkdir()
            _unlock(lock)
            lock = None
        if lock is None:
            lock = _lock(path)
        _write_atomically(manifest, json.dumps({"written_by": WRITTEN_BY, **asdict(run)}) + "\n")
        return JsonlOutput(path, lock) if fmt == "jsonl" else ParquetShards(path, lock)
    except OSError as err:
        _unlock(lock)
        raise OutputError(f"cannot write {path}: {_reason(err)}") from None
    except OutputError:
        _unlock(lock)
        raise


def manifest_path(path: Path, fmt: str) -> Path:
    return path / PARQUET_MANIFEST if fmt == "parquet" else Path(f"{path}{JSONL_MANIFEST_SUFFIX}")


class JsonlOutput:
    """Reports appended to a JSONL file, one line each; a batch is fsynced before the next."""

    def __init__(self, path: Path, lock: int):
        self.path = path
        self._lock = lock
        _drop_partial_last_line(path)
        self.done = _jsonl_ids(path)
        self._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115

    def write_batch(self, results: Iterable[Report | ErrorRecord]) -> None:
        lines = "".join(result.model_dump_json() + "\n" for result in results)
        try:
            self._handle.write(lines)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as err:  # e.g. the disk filled up
            raise OutputError(f"cannot write {self.path}: {_reason(err)}") from None

    def close(self) -> None:
        self._handle.close()
        _unlock(self._lock)

    def __enter__(self) -> JsonlOutput:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ParquetShards:
    """A folder of Parquet files, one per batch, each renamed into place only when complete."""

    def __init__(self, folder: Path, lock: int):
        self.folder = folder
        self._lock = lock
        for stale in folder.glob(".part-*.tmp"):  # a shard being written when the run was killed
            stale.unlink()
        shards = sorted(folder.glob("part-*.parquet"))
        self.done = {row_id for shard in shards for row_id in _shard_ids(shard)}
        self._next = 1 + max((int(s.stem.split("-")[1]) for s in shards), default=-1)
        if not shards:  # an empty shard, so readers see the columns even before any row
            self._write_shard([])

    def write_batch(self, results: Iterable[Report | ErrorRecord]) -> None:
        rows = [_flat_row(result) for result in results]
        if rows:
            self._write_shard(rows)

    def _write_shard(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        shard = self.folder / f"part-{self._next:06d}.parquet"
        temporary = self.folder / f".{shard.name}.tmp"
        try:
            with open(temporary, "wb") as handle:
                pq.write_table(pa.Table.from_pylist(rows, schema=_parquet_schema()), handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, shard)
            _fsync_folder(self.folder)
        except OSError as err:
            raise OutputError(f"cannot write {shard}: {_reason(err)}") from None
        self._next += 1

    def close(self) -> None:
        """Only the lock to let go: every shard is complete once ``write_batch`` returns."""
        _unlock(self._lock)

    def __enter__(self) -> ParquetShards:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_resumable(path: Path, fmt: str, manifest: Path, run: BatchRun, resume: bool) -> None:
    """Refuse to add to an existing output unless it is this run's (or ``resume`` says so)."""
    redo = "pass --overwrite to replace it, or choose another --out"
    if fmt == "parquet" and path.is_file():
        raise OutputError(
            f"{path} is a Parquet file; newsift batch writes .parquet output as a folder of"
            f" shards so it can resume; {redo}"
        )
    if _is_empty(path):
        return  # nothing in it to lose
    recorded = _read_manifest(manifest)
    if recorded is None:
        if fmt == "parquet":
            raise OutputError(_NOT_OUR_FOLDER.format(path=path))
        if not _holds_reports(path):
            raise OutputError(f"{path} exists and is not newsift batch output; {redo}")
        if not resume:
            raise OutputError(
                f"{path} already holds reports, with no record of their input; pass --resume to"
                f" continue it (ids already in it are skipped), or --overwrite to replace it"
            )
        return
    if recorded != run and not resume:
        raise OutputError(
            f"{path} holds reports of {recorded.describe()}, not of {run.describe()}; pass"
            f" --resume to add this run's rows to it, --overwrite to replace it, or choose"
            f" another --out"
        )


def _remove(path: Path, fmt: str, manifest: Path) -> None:
    """Delete an earlier output for ``--overwrite``; a folder only if newsift wrote it."""
    try:
        if path.is_file() and fmt == "jsonl":
            os.truncate(path, 0)  # in place, so the lock on it holds
        elif path.is_file():
            path.unlink()
        elif path.is_dir() and fmt == "parquet" and not _is_empty(path):
            if _read_manifest(manifest) is None:
                raise OutputError(_NOT_OUR_FOLDER.format(path=path))
            for shard in [*path.glob("part-*.parquet"), *path.glob(".part-*.tmp")]:
                shard.unlink()
        manifest.unlink(missing_ok=True)
    except OSError as err:
        raise OutputError(f"cannot replace {path}: {_reason(err)}") from None


def _lock(path: Path) -> int:
    """An exclusive lock on the output, so two runs never write it at once; the kernel drops it
    when the process ends, even by SIGKILL."""
    import fcntl

    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise OutputError(
            f"{path} is being written by another newsift batch; wait for it to end or stop it"
        ) from None
    return descriptor


def _unlock(lock: int | None) -> None:
    if lock is not None:
        os.close(lock)


def _is_empty(path: Path) -> bool:
    return not any(path.iterdir()) if path.is_dir() else path.stat().st_size == 0


def _read_manifest(manifest: Path) -> BatchRun | None:
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
        if recorded.get("written_by") != WRITTEN_BY:
            return None
        return BatchRun(input=str(recorded["input"]), fast=bool(recorded["fast"]))
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def _holds_reports(path: Path) -> bool:
    """Whether the file's first line is a newsift report or error record."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        first = handle.readline()
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "schema_version" in record


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable: the folder's entry is what a crash would otherwise lose."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _drop_partial_last_line(path: Path) -> None:
    """A crash can leave half a line at the end; cut it so appended lines stay valid JSONL.

    Reads backwards from the end, so a large output is not read whole."""
    end = path.stat().st_size
    with open(path, "rb+") as handle:
        while end > 0:
            start = max(0, end - 65536)
            handle.seek(start)
            newline = handle.read(end - start).rfind(b"\n")
            if newline >= 0:
                handle.truncate(start + newline + 1)
                return
            end = start
        handle.truncate(0)


def _jsonl_ids(path: Path) -> set[str]:
    ids: set[str] = set()
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
                row_id = record.get("id") or (record.get("article") or {}).get("id")
            except (json.JSONDecodeError, AttributeError):
                raise OutputError(
                    f"line {number} of {path} is not a newsift record; fix or remove it to"
                    " resume, or pass --overwrite to replace the file"
                ) from None
            if row_id is not None:
                ids.add(str(row_id))
    return ids


def _shard_ids(shard: Path) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return [str(row_id) for row_id in pq.read_table(shard, columns=["id"])["id"].to_pylist()]
    except Exception as err:  # pyarrow raises ArrowInvalid and OSError subclasses
        raise OutputError(
            f"{shard} is damaged ({err}); move it out of the folder to redo its rows"
        ) from None


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _parquet_schema() -> Any:
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
    article = result.article
    return {
        "id": article.id,
        "url": article.url,
        "domain": article.site.domain,
        "title": article.title,
        "language": article.language,
        "n_claims": len(result.claims),
        "error": None,
        "report": result.model_dump_json(),
    }
