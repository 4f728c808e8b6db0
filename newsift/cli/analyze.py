"""newsift analyze and newsift schema: one article (or each row of a corpus file) to a report."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from newsift.cli.common import fail, friendly_errors, stderr


@friendly_errors
def analyze(
    source: str = typer.Argument(
        ...,
        help="A text or HTML file, '-' for stdin, an http(s) URL, or a .jsonl/.csv/.parquet/.warc corpus.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON report instead."),
    html: Path | None = typer.Option(None, "--html", help="Also write a standalone HTML page."),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Replace the --html file if it exists."
    ),
    url: str | None = typer.Option(None, "--url", help="The article's URL, if known (for a file)."),
    fast: bool = typer.Option(
        False,
        "--fast",
        help="Skip the dependency parser and the check-worthiness encoder (faster, less detail).",
    ),
    allow_private: bool = typer.Option(
        False,
        "--allow-private",
        help="Allow fetching URLs on private, loopback or link-local addresses.",
    ),
    show_text: bool = typer.Option(
        True, "--text/--no-text", help="Show the cleaned text in the terminal."
    ),
) -> None:
    """Analyse one article (or each row of a corpus file) and print its report."""
    from newsift.core import analyze as analyze_article
    from newsift.core import pipe
    from newsift.errors import OutputError
    from newsift.input.corpus import (
        check_not_replacing,
        check_output_path,
        corpus_format,
        read_rows,
    )
    from newsift.input.load import is_url, load
    from newsift.report import ErrorRecord
    from newsift.views.html import render_html
    from newsift.views.terminal import render_terminal

    if not is_url(source) and source != "-" and corpus_format(source):
        if html:
            fail("--html takes one article; use `newsift batch` and render rows one by one", 2)
        console = Console()
        errors = 0
        for result in pipe(read_rows(source), fast=fast):
            if isinstance(result, ErrorRecord):
                errors += 1
                stderr.print(f"[yellow]row {result.id}:[/] {result.error}", highlight=False)
                if as_json:
                    print(result.model_dump_json())
                continue
            if as_json:
                print(result.model_dump_json())
            else:
                render_terminal(result, console, show_text=show_text)
        if errors:
            raise typer.Exit(1)
        return

    if html:
        check_output_path(html)  # before the analysis, not after it
        check_not_replacing(html, overwrite=overwrite)
    article = load(source, allow_private=allow_private)
    if url:
        article.url = url
    report = analyze_article(article, fast=fast)
    if as_json:
        print(report.model_dump_json(indent=2))
    else:
        render_terminal(report, show_text=show_text)
    if html:
        try:
            html.write_text(render_html(report), encoding="utf-8")
        except OSError as err:
            raise OutputError(f"cannot write {html}: {err.strerror or err}") from None
        stderr.print(f"wrote {html}")
    if not report.article.language_supported:
        fail(
            f"the article is in {report.article.language!r}, which newsift does not analyse yet;"
            " only ingest and cleaning ran",
            4,
        )


@friendly_errors
def schema() -> None:
    """Print the JSON Schema of the report."""
    from newsift.report import json_schema

    print(json.dumps(json_schema(), indent=2))
