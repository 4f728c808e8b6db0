"""newsift batch: every row of a corpus, streamed to a store or a reports file; bad rows become
error records."""

from __future__ import annotations

from pathlib import Path

import typer

from newsift.cli.common import fail, friendly_errors, stderr


@friendly_errors
def batch(
    input: Path = typer.Argument(
        ..., help="A .jsonl, .csv, .parquet or .warc corpus (optionally .gz)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where to write reports: .jsonl or .parquet."
    ),
    store: Path | None = typer.Option(
        None,
        "--store",
        help="A DuckDB corpus store to add the reports to (the default: corpus.duckdb);"
        " rows already stored are skipped.",
    ),
    fast: bool = typer.Option(False, "--fast", help="Skip the dependency parser."),
    batch_size: int = typer.Option(32, min=1, help="Articles per spaCy batch."),
    n_process: int = typer.Option(1, "--n-process", "-j", min=1, help="Worker processes."),
    resume: bool = typer.Option(False, "--resume", help="Skip ids already in the .jsonl output."),
) -> None:
    """Analyse every row of a corpus, streaming; bad rows become error records."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from newsift.core import pipe
    from newsift.corpus.store import StoreWriter
    from newsift.input.corpus import ReportWriter, done_ids, read_rows
    from newsift.report import ErrorRecord

    if out and store:
        fail("give --out or --store, not both", 2)
    if out is None and store is None:
        store = Path("corpus.duckdb")
    if (out or store).resolve() == input.resolve():
        fail("the output must not be the input file", 2)
    all_rows = read_rows(input)  # checks the input before the output file is created
    if store:
        writer = StoreWriter(store, commit_every=batch_size)
        rows = writer.unstored(all_rows)
        skip: set[str] = set()
    else:
        skip = done_ids(out) if resume else set()
        rows = (row for row in all_rows if str(row.get("id")) not in skip)
        writer = ReportWriter(out, append=resume)
    written = failed = 0
    with (
        writer,
        Progress(
            TextColumn("[bold]analysing[/]"),
            BarColumn(),
            TextColumn("{task.completed} articles, {task.fields[failed]} failed"),
            TimeElapsedColumn(),
            console=stderr,
        ) as progress,
    ):
        task = progress.add_task("batch", total=None, failed=0)
        for result in pipe(rows, batch_size=batch_size, n_process=n_process, fast=fast):
            writer.write(result)
            written += 1
            if isinstance(result, ErrorRecord):
                failed += 1
            progress.update(task, advance=1, failed=failed)
    if store:
        _store_summary(writer, failed)
        return
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
