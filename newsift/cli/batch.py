"""newsift batch: every row of a corpus, streamed to a reports file; bad rows become error records.

An existing output is resumed, never overwritten unless ``--overwrite`` says so; each batch is
on disk before the next starts (``newsift.input.batch_output``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from newsift.cli.common import fail, friendly_errors, stderr


@friendly_errors
def batch(
    input: Path = typer.Argument(
        ..., help="A .jsonl, .csv, .parquet or .warc corpus (optionally .gz)."
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        "-o",
        help="Where to write reports: a .jsonl file, or a .parquet folder of shards. If it"
        " exists from an earlier run of this command, that run is resumed.",
    ),
    fast: bool = typer.Option(False, "--fast", help="Skip the dependency parser."),
    batch_size: int = typer.Option(
        32,
        min=1,
        help="At most this many articles per batch. Batches are sized to take about a second,"
        " and each is on disk as soon as it is done.",
    ),
    n_process: int = typer.Option(1, "--n-process", "-j", min=1, help="Worker processes."),
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

    from newsift.core import pipe_batches
    from newsift.input.batch_output import BatchRun, open_output
    from newsift.input.corpus import read_rows
    from newsift.report import ErrorRecord
    from newsift.settings import BATCH_COMMIT_SECONDS

    if overwrite and resume:
        fail("--overwrite and --resume exclude each other", 2)
    if out.resolve() == input.resolve():
        fail("--out must not be the input file", 2)
    all_rows = read_rows(input)  # checks the input before the output is touched
    written = failed = 0
    with open_output(
        out, BatchRun.of(input, fast=fast), overwrite=overwrite, resume=resume
    ) as writer:
        skip = writer.done
        if skip:
            stderr.print(f"resuming {out}: {len(skip)} records already there are skipped")
        rows = (row for row in all_rows if str(row.get("id")) not in skip)
        try:
            with Progress(
                TextColumn("[bold]analysing[/]"),
                BarColumn(),
                TextColumn("{task.completed} articles, {task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=stderr,
            ) as progress:
                task = progress.add_task("batch", total=None, failed=0)
                for results in pipe_batches(
                    rows,
                    batch_size=batch_size,
                    n_process=n_process,
                    fast=fast,
                    seconds_per_batch=BATCH_COMMIT_SECONDS,
                ):
                    writer.write_batch(results)
                    written += len(results)
                    failed += sum(isinstance(result, ErrorRecord) for result in results)
                    progress.update(task, advance=len(results), failed=failed)
        except KeyboardInterrupt:
            fail(f"interrupted after {written} records; run the same command again to resume", 130)
    stderr.print(
        f"wrote {written} records to {out} ({failed} errors"
        + (f", {len(skip)} skipped as already done" if skip else "")
        + ")"
    )
