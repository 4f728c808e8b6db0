"""Reports into one DuckDB file: one writer, one transaction per batch.

A batch's articles, their claims, spans, signals, sketches and copy pairs are committed together
or not at all, so ``kill -9`` at any moment leaves every row it reported stored once, and a
rerun of the same command skips them (by id; rows without an id of their own, by the hash of
their input). Worker processes only analyse: results come back to the one process that writes.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from newsift.corpus import copies, schema
from newsift.errors import OutputError
from newsift.report import ErrorRecord, Report
from newsift.version import __version__


def connect(path: str | Path, *, write: bool):
    """An open, checked DuckDB connection; every failure is one clear :class:`OutputError`."""
    import duckdb

    path = Path(path)
    if path.is_dir():
        raise OutputError(f"cannot use {path} as a store: it is a directory")
    if not write and not path.exists():
        raise OutputError(f"no such store: {path}")
    if write and not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        con = duckdb.connect(str(path), read_only=not write)
    except duckdb.Error as err:
        raise OutputError(_open_failure(path, err)) from None
    try:
        _check_or_create(con, path, write=write)
    except BaseException:
        con.close()
        raise
    return con


def _open_failure(path: Path, err: Exception) -> str:
    message = str(err)
    held = re.search(r"Conflicting lock is held in .*?\(PID (\d+)\)", message)
    if held or "Could not set lock" in message:
        pid = f" (process {held.group(1)})" if held else ""
        return (
            f"{path} is in use by another process{pid}; wait for it to finish or use another store"
        )
    if "not a valid DuckDB database" in message:
        return f"{path} is not a newsift store (not a DuckDB file)"
    if "Permission denied" in message or "Read-only file system" in message:
        return f"cannot write {path}: permission denied"
    return f"cannot open {path}: {message.removeprefix('IO Error: ')}"


def _check_or_create(con, path: Path, *, write: bool) -> None:
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not tables:
        if not write:
            raise OutputError(f"{path} is an empty DuckDB file, not a newsift store")
        con.execute("BEGIN")
        for statement in schema.create_statements():
            con.execute(statement)
        meta = {
            "store_version": str(schema.STORE_VERSION),
            "created_by": f"newsift {__version__}",
            "created_at": _now().isoformat(),
            **schema.SKETCH_SETTINGS,
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.execute("COMMIT")
        return
    if "meta" not in tables:
        raise OutputError(f"{path} is a DuckDB file but not a newsift store (no meta table)")
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    version = int(meta.get("store_version", "0"))
    if version > schema.STORE_VERSION:
        raise OutputError(
            f"{path} is a version {version} store from {meta.get('created_by', 'a newer newsift')};"
            f" this newsift reads version {schema.STORE_VERSION}: upgrade newsift"
        )
    if version < schema.STORE_VERSION:
        if not write:
            raise OutputError(
                f"{path} is a version {version} store; open it once for writing (newsift batch"
                f" ... --store {path}) to migrate it to version {schema.STORE_VERSION}"
            )
        _migrate(con, path, version)
    for key, value in schema.SKETCH_SETTINGS.items():
        if meta.get(key) not in (None, value):
            raise OutputError(
                f"{path} holds sketches made with {meta[key]!r}, not {value!r}; copies across"
                " the two cannot be compared: use a new store"
            )


def _migrate(con, path: Path, version: int) -> None:
    steps = [v for v in range(version, schema.STORE_VERSION)]
    if any(v not in schema.MIGRATIONS for v in steps):
        raise OutputError(
            f"{path} is a version {version} store and no migration to version"
            f" {schema.STORE_VERSION} exists; export it with the newsift that wrote it"
        )
    con.execute("BEGIN")
    for v in steps:
        for statement in schema.MIGRATIONS[v]:
            con.execute(statement)
    con.execute(
        "UPDATE meta SET value = ? WHERE key = 'store_version'", [str(schema.STORE_VERSION)]
    )
    con.execute("COMMIT")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def parse_date(text: str | None) -> date | None:
    """A calendar date from ISO 8601 (``2016-09-19``, ``2016-09-19T10:00Z``) or an e-mail style
    date (``Mon, 19 Sep 2016 10:00:00 GMT``); None for anything else, which stays as text."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def input_hash(row: Mapping[str, Any]) -> str | None:
    """Hash of what a corpus row holds, to know it again when it has no id of its own."""
    body = row.get("html") or row.get("text")
    if not body:
        return None
    key = json.dumps([str(body), row.get("url"), row.get("title")], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


#: Stores this process writes: DuckDB shares one database between connections of a process,
#: so its file lock does not stop a second writer here.
_WRITING: set[Path] = set()


class StoreWriter:
    """Write reports into a store, as :class:`~newsift.input.corpus.ReportWriter` writes a file.

    ``unstored(rows)`` passes on only the rows not stored yet (and each id once); ``write``
    buffers results and commits ``commit_every`` of them in one transaction; ``committed``
    counts rows safely stored by this writer.
    """

    def __init__(self, path: str | Path, *, commit_every: int = 64):
        self.path = Path(path)
        self.commit_every = commit_every
        self.committed = 0
        self.skipped = 0
        self.duplicates: list[str] = []
        if self.path.resolve() in _WRITING:
            raise OutputError(f"{self.path} is already open for writing in this process")
        self._con = connect(self.path, write=True)
        self._buffer: list[Report | ErrorRecord] = []
        self._inputs: dict[str, tuple[str | None, bool]] = {}
        try:
            self._load_state()
        except BaseException:
            self._con.close()
            raise
        _WRITING.add(self.path.resolve())

    def _load_state(self) -> None:
        """What is stored already: ids, input hashes, the next numbers, the copy index."""
        con = self._con
        self._ids = {
            row[0]
            for row in con.execute(
                "SELECT id FROM articles UNION ALL SELECT id FROM errors"
            ).fetchall()
        }
        self._input_hashes = {
            row[0]
            for row in con.execute(
                "SELECT input_hash FROM articles WHERE id_from_position AND input_hash IS NOT NULL"
                " UNION SELECT input_hash FROM errors WHERE id_from_position"
                " AND input_hash IS NOT NULL"
            ).fetchall()
        }
        self._next_seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
        self._batch = con.execute(
            "SELECT coalesce(max(b), 0) + 1 FROM"
            " (SELECT max(batch) b FROM articles UNION ALL SELECT max(batch) FROM errors)"
        ).fetchone()[0]
        self._index = copies.NearIndex()
        try:
            self._index.load(
                con.execute("SELECT seq, sketch FROM minhashes ORDER BY seq").fetchall()
            )
        except ValueError as err:  # rensa refuses a sketch serialised by another version
            raise OutputError(
                f"{self.path} holds copy sketches this rensa cannot read ({err}); install the"
                " rensa version that wrote them (see pyproject.toml)"
            ) from None

    def unstored(self, rows: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        """The rows still to analyse: not stored already, and each id once in this run."""
        seen: set[str] = set()
        for row in rows:
            row_id = str(row.get("id"))
            from_position = bool(row.get("id_from_position"))
            digest = input_hash(row)
            if row_id in seen:  # checked first: this run may have committed it already
                self.duplicates.append(row_id)
                continue
            if row_id in self._ids or (from_position and digest in self._input_hashes):
                self.skipped += 1
                continue
            seen.add(row_id)
            self._inputs[row_id] = (digest, from_position)
            yield row

    def write(self, result: Report | ErrorRecord) -> None:
        self._buffer.append(result)
        if len(self._buffer) >= self.commit_every:
            self.flush()

    def flush(self) -> None:
        """Commit the buffered results in one transaction (all of them or none)."""
        if not self._buffer:
            return
        rows = _Rows()
        stored = 0
        stored_at = _now()
        for result in self._buffer:
            row_id = str(result.id if isinstance(result, ErrorRecord) else result.article.id)
            digest, from_position = self._inputs.pop(row_id, (None, False))
            if row_id in self._ids:  # e.g. a reader that yields one id twice
                self.duplicates.append(row_id)
                continue
            self._ids.add(row_id)
            stored += 1
            if isinstance(result, ErrorRecord):
                rows.add(
                    "errors",
                    [
                        row_id,
                        result.url,
                        result.error,
                        result.error_type,
                        digest,
                        from_position,
                        self._batch,
                        stored_at,
                    ],
                )
                continue
            seq = self._next_seq
            self._next_seq += 1
            sketch = copies.minhash(result.article.text)
            for other, similarity in self._index.near(sketch):
                rows.add("near_pairs", [seq, other, similarity])
            self._index.add(seq, sketch)
            rows.add("minhashes", [seq, copies.dump(sketch)])
            _add_report(rows, result, seq, digest, from_position, self._batch, stored_at)
        try:
            self._con.execute("BEGIN")
            for table, values in rows.tables.items():
                rows.insert(self._con, table, values)
            self._con.execute("COMMIT")
        except Exception as err:
            self._con.execute("ROLLBACK")
            raise OutputError(f"cannot write {self.path}: {err}") from None
        self.committed += stored
        self._buffer = []
        self._batch += 1

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._con.close()
            _WRITING.discard(self.path.resolve())

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Rows:
    """Rows per table for one transaction, inserted through Arrow (far faster than one by one)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[list[Any]]] = {}

    def add(self, table: str, values: list[Any]) -> None:
        self.tables.setdefault(table, []).append(values)

    @staticmethod
    def insert(con, table: str, values: list[list[Any]]) -> None:
        import pyarrow as pa

        columns = {f"c{i}": list(column) for i, column in enumerate(zip(*values, strict=True))}
        con.register("incoming", pa.table(columns))
        try:
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
        finally:
            con.unregister("incoming")


def _add_report(
    rows: _Rows,
    report: Report,
    seq: int,
    digest: str | None,
    from_position: bool,
    batch: int,
    stored_at: datetime,
) -> None:
    art = report.article
    reputation = report.source_reputation
    scores = [
        _probability(report, name, part)
        for name in schema.SCORE_NAMES
        for part in schema.SCORE_PARTS
    ]
    counts = [
        len(report.sentences),
        len(report.entities),
        len(report.claims),
        len(report.attributions),
        len(report.hedges),
        len(report.signals),
        len(report.boilerplate),
    ]
    rows.add(
        "articles",
        [
            seq,
            art.id,
            art.url,
            art.site.domain,
            art.site.name,
            art.title,
            parse_date(art.published),
            art.published,
            parse_date(art.crawled),
            art.language,
            reputation.consensus.factuality if reputation else None,
            copies.content_hash(art.text),
            digest,
            from_position,
            len(art.text),
            *counts,
            *scores,
            report.schema_version,
            batch,
            stored_at,
        ],
    )
    rows.add("reports", [art.id, report.model_dump_json()])
    for index, claim in enumerate(report.claims):
        source = claim.attribution.source if claim.attribution else None
        cue = claim.attribution.cue if claim.attribution else None
        rows.add(
            "claims",
            [
                art.id,
                index,
                claim.start,
                claim.end,
                claim.text,
                claim.checkworthiness,
                claim.hedged,
                source.text if source else None,
                source.type if source else None,
                source.domain if source else None,
                cue.text if cue else None,
            ],
        )
    for entity in report.entities:
        rows.add("spans", [art.id, "entity", entity.start, entity.end, entity.label, entity.text])
    for hedge in report.hedges:
        rows.add("spans", [art.id, "hedge", hedge.start, hedge.end, hedge.kind, hedge.text])
    for relation in report.attributions:
        rows.add(
            "spans",
            [
                art.id,
                "attribution",
                relation.start,
                relation.end,
                relation.source.type,
                relation.source.text,
            ],
        )
    for block in report.boilerplate:  # offsets into the cleaner's input, not the text
        rows.add("spans", [art.id, "boilerplate", block.start, block.end, block.reason, block.text])
    for signal in report.signals:
        rows.add("signals", [art.id, signal.name, str(signal.value), signal.explanation])
    for passage in copies.passages(art.text):
        rows.add("passages", [art.id, passage.hash, passage.start, passage.end])


def _probability(report: Report, name: str, part: str) -> float | None:
    score = report.scores.get(name)
    value = getattr(score, part, None) if score else None
    return value.probability if value else None
