"""newsift corpus stats|copies|show and newsift export: reading a corpus store."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from newsift.cli.common import friendly_errors, stderr

STORE = typer.Option(Path("corpus.duckdb"), "--store", help="The DuckDB corpus store.")
AS_JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")


@friendly_errors
def stats(store: Path = STORE, as_json: bool = AS_JSON) -> None:
    """What a store holds: articles, errors, sites, dates, languages, reputation, copies."""
    from rich.table import Table

    from newsift.corpus import Corpus

    with Corpus(store) as corpus:
        result = corpus.stats()
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=f"{store}", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in result.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        table.add_row(key.replace("_", " "), "-" if value is None else str(value))
    Console().print(table)


@friendly_errors
def copies(
    store: Path = STORE,
    as_json: bool = AS_JSON,
    limit: int = typer.Option(50, "--limit", min=1, help="Groups shown in the table."),
) -> None:
    """Copy groups: exact copies, near copies and shared passages, with the earliest publisher."""
    from rich.table import Table

    from newsift.corpus import Corpus

    with Corpus(store) as corpus:
        groups = corpus.copies()
    if as_json:
        print(json.dumps({"groups": groups}, indent=2))
        return
    table = Table(title=f"{len(groups)} copy groups in {store}")
    for column in ("kind", "articles", "earliest", "date", "ids"):
        table.add_column(column)
    for group in groups[:limit]:
        earliest = group["earliest"] or {}
        ids = ", ".join(group["articles"][:6]) + (" ..." if len(group["articles"]) > 6 else "")
        table.add_row(
            group["kind"],
            str(len(group["articles"])),
            f"{earliest.get('id', '-')} ({earliest.get('site') or 'site unknown'})"
            if earliest
            else "undated",
            earliest.get("date") or "-",
            ids,
        )
    Console().print(table)
    if len(groups) > limit:
        stderr.print(f"{len(groups) - limit} more groups: --limit or --json for all")


@friendly_errors
def show(
    article_id: str = typer.Argument(..., metavar="ID", help="The article's id."),
    store: Path = STORE,
    as_json: bool = typer.Option(False, "--json", help="Print the JSON report instead."),
    show_text: bool = typer.Option(True, "--text/--no-text", help="Show the cleaned text."),
) -> None:
    """One stored article's report, shown as `newsift analyze` shows it."""
    from newsift.corpus import Corpus
    from newsift.views.terminal import render_terminal

    with Corpus(store) as corpus:
        report = corpus.article(article_id)
    if as_json:
        print(report.model_dump_json(indent=2))
    else:
        render_terminal(report, show_text=show_text)


@friendly_errors
def export(
    store: Path = typer.Option(..., "--store", help="The DuckDB corpus store."),
    out: Path = typer.Option(..., "--out", "-o", help="A .parquet or .jsonl file to write."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
    reports: bool = typer.Option(False, "--reports", help="Add each whole report as JSON."),
) -> None:
    """Write a store as one flat file: a row per article or error, scores and counts as columns."""
    from newsift.corpus.export import export as export_store

    count = export_store(store, out, overwrite=overwrite, reports=reports)
    stderr.print(f"wrote {count} rows to {out}")
