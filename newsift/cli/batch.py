"""newsift batch: every row of a corpus, streamed to a store or a reports file; bad rows become
error records.

An existing output is resumed, never overwritten unless ``--overwrite`` says so; each batch,
about a second of work, is on disk (one store transaction, or an fsynced file append or Parquet
shard) before the next starts (``newsift.corpus.store``, ``newsift.input.batch_output``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from enum import Enum
from pathlib import Path

import typer

from newsift.cli.common import fail, friendly_errors, stderr


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@friendly_errors
def batch(
    input: Path = typer.Argument(
        ..., help="A .jsonl, .csv, .parquet or .warc corpus (optionally .gz)."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Write reports to a .jsonl file, or a .parquet folder of shards, instead of a store."
        " If it exists from an earlier run of this command, that run is resumed.",
    ),
    store: Path | None = typer.Option(
        None,
        "--store",
        help="A DuckDB corpus store to add the reports to (the default: corpus.duckdb);"
        " rows already stored are skipped.",
    ),
    fast: bool = typer.Option(
        False, "--fast", help="Skip the dependency parser and the check-worthiness encoder."
    ),
    batch_size: int = typer.Option(
        32,
        min=1,
        help="At most this many articles per batch. Batches are sized to take about a second,"
        " and each is on disk as soon as it is done.",
    ),
    n_process: int | None = typer.Option(
        None,
        "--n-process",
        "-j",
        min=1,
        help="Worker processes (default 1); with --engine ray, Ray workers (default: every CPU).",
    ),
    engine: Engine = typer.Option(
        "local",
        "--engine",
        help='Where batches run: this machine, or Ray (pip install "newsift[ray]").',
    ),
    address: str | None = typer.Option(
        None,
        "--address",
        help="With --engine ray: the cluster to join (e.g. auto, or head-node:6379);"
        " without it a local Ray starts.",
    ),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Replace an existing output instead of resuming it."
    ),
    resume: bool = typer.Option(
        False,
        "--resume",
        help="Also resume an output started from another input or mode, or by an older newsift.",
    ),
) -> None:
    """Analyse every row of a corpus, streaming; bad rows become error records."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from newsift.corpus.store import StoreWriter
    from newsift.input.batch_output import BatchRun, open_output
    from newsift.input.corpus import read_rows
    from newsift.report import ErrorRecord
    from newsift.settings import BATCH_COMMIT_SECONDS

    if address and engine is not Engine.ray:
        fail("--address goes with --engine ray", 2)
    if overwrite and resume:
        fail("--overwrite and --resume exclude each other", 2)
    if out and store:
        fail("give --out or --store, not both", 2)
    if out is None and store is None:
        store = Path("corpus.duckdb")
    target = out or store
    assert target is not None
    if target.resolve() == input.resolve():
        fail("the output must not be the input file", 2)
    if store and overwrite:
        fail("a store is never replaced by newsift batch; remove it yourself or pick another", 2)
    all_rows = read_rows(input)  # checks the input before the output is touched
    engine_context: AbstractContextManager = nullcontext()
    if engine is Engine.ray:
        from newsift.corpus.ray_engine import RayEngine

        # Ray missing is said before the output is touched; Ray starts once the output is open.
        engine_context = ray_engine = RayEngine(
            fast=fast, batch_size=batch_size, workers=n_process, address=address
        )
        batches = ray_engine.batches
    else:
        from newsift.core import pipe_batches

        def batches(rows):
            return pipe_batches(
                rows,
                batch_size=batch_size,
                n_process=n_process or 1,
                fast=fast,
                seconds_per_batch=BATCH_COMMIT_SECONDS,
            )

    written = failed = 0

    def run(rows, write_batch) -> None:
        nonlocal written, failed
        try:
            with (
                Progress(
                    TextColumn("[bold]analysing[/]"),
                    BarColumn(),
                    TextColumn("{task.completed} articles, {task.fields[failed]} failed"),
                    TimeElapsedColumn(),
                    console=stderr,
                ) as progress,
                engine_context,
            ):
                task = progress.add_task("batch", total=None, failed=0)
                for results in batches(rows):
                    write_batch(results)
                    written += len(results)
                    failed += sum(isinstance(result, ErrorRecord) for result in results)
                    progress.update(task, advance=len(results), failed=failed)
        except KeyboardInterrupt:
            fail(f"interrupted after {written} records; run the same command again to resume", 130)

    if store:
        with StoreWriter(store, commit_every=batch_size) as store_writer:

            def commit(results) -> None:
                for result in results:
                    store_writer.write(result)
                store_writer.flush()  # one transaction per batch

            run(store_writer.unstored(all_rows), commit)
        _store_summary(store_writer, failed)
        return
    with open_output(
        out, BatchRun.of(input, fast=fast), overwrite=overwrite, resume=resume
    ) as writer:
        skip = writer.done
        if skip:
            stderr.print(f"resuming {out}: {len(skip)} records already there are skipped")
        run((row for row in all_rows if str(row.get("id")) not in skip), writer.write_batch)
    stderr.print(
        f"wrote {written} records to {out} ({failed} errors"
        + (f", {len(skip)} skipped as already done" if skip else "")
        + ")"
    )


def _store_summary(writer, failed: int) -> None:
    """What a store batch did, including input rows it would not store twice."""
    stderr.print(
        f"stored {writer.committed} records in {writer.path} ({failed} errors"
        + (f", {writer.skipped} already stored" if writer.skipped else "")
        + ")"
    )
    if writer.duplicates:
        shown = ", ".join(writer.duplicates[:5]) + (" ..." if len(writer.duplicates) > 5 else "")
        stderr.print(
            f"[yellow]{len(writer.duplicates)} rows repeat an id seen earlier in the input and"
            f" were not stored again:[/] {shown}",
            highlight=False,
        )
