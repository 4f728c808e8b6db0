"""Command line: a thin layer over the library. Errors are one line on stderr, never a traceback."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from newsift.errors import NewsiftError

app = typer.Typer(
    name="newsift",
    help="How far to trust a news article, with reasons you can check.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
train_app = typer.Typer(help="Train a model from labeled data (writes the shipped artifact).")
evaluate_app = typer.Typer(help="Evaluate a model on labeled data in the shared formats.")
data_app = typer.Typer(help="Prepare labeled data sets.")
sources_app = typer.Typer(help="The source-reputation registry: look up, stats, import.")
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(data_app, name="data")
app.add_typer(sources_app, name="sources")
stderr = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> None:
    stderr.print(f"[bold red]newsift: error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def friendly_errors(func: F) -> F:
    """Turn every failure into one clear line and a non-zero exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsiftError as err:
            fail(str(err), err.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()  # e.g. `newsift analyze x --json | head`
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as err:
            if os.environ.get("NEWSIFT_DEBUG"):
                raise
            fail(
                f"internal error: {type(err).__name__}: {err} (set NEWSIFT_DEBUG=1 for details,"
                " and please report it)",
                70,
            )

    return wrapper  # type: ignore[return-value]


@app.command()
@friendly_errors
def analyze(
    source: str = typer.Argument(
        ...,
        help="A text or HTML file, '-' for stdin, an http(s) URL, or a .jsonl/.csv/.parquet/.warc corpus.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON report instead."),
    html: Path | None = typer.Option(None, "--html", help="Also write a standalone HTML page."),
    url: str | None = typer.Option(None, "--url", help="The article's URL, if known (for a file)."),
    fast: bool = typer.Option(
        False, "--fast", help="Skip the dependency parser (faster, less detail)."
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
    from newsift.corpus import corpus_format, read_rows
    from newsift.ingest import is_url, load
    from newsift.render import render_html, render_terminal
    from newsift.report import ErrorRecord

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

    article = load(source, allow_private=allow_private)
    if url:
        article.url = url
    report = analyze_article(article, fast=fast)
    if as_json:
        print(report.model_dump_json(indent=2))
    else:
        render_terminal(report, show_text=show_text)
    if html:
        html.write_text(render_html(report), encoding="utf-8")
        stderr.print(f"wrote {html}")
    if not report.article.language_supported:
        fail(
            f"the article is in {report.article.language!r}, which newsift does not analyse yet;"
            " only ingest and cleaning ran",
            4,
        )


@app.command()
@friendly_errors
def batch(
    input: Path = typer.Argument(
        ..., help="A .jsonl, .csv, .parquet or .warc corpus (optionally .gz)."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Where to write reports: .jsonl or .parquet."
    ),
    fast: bool = typer.Option(False, "--fast", help="Skip the dependency parser."),
    batch_size: int = typer.Option(32, min=1, help="Articles per spaCy batch."),
    n_process: int = typer.Option(1, "--n-process", "-j", min=1, help="Worker processes."),
    resume: bool = typer.Option(False, "--resume", help="Skip ids already in the .jsonl output."),
) -> None:
    """Analyse every row of a corpus, streaming; bad rows become error records."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from newsift.core import pipe
    from newsift.corpus import ReportWriter, done_ids, read_rows
    from newsift.report import ErrorRecord

    if out.resolve() == input.resolve():
        fail("--out must not be the input file", 2)
    skip = done_ids(out) if resume else set()
    rows = (row for row in read_rows(input) if str(row.get("id")) not in skip)
    written = failed = 0
    with (
        ReportWriter(out, append=resume) as writer,
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
    stderr.print(
        f"wrote {written} records to {out} ({failed} errors"
        + (f", {len(skip)} skipped as already done" if skip else "")
        + ")"
    )


@app.command()
@friendly_errors
def schema() -> None:
    """Print the JSON Schema of the report."""
    from newsift.report import json_schema

    print(json.dumps(json_schema(), indent=2))


@train_app.command("checkworthiness")
@friendly_errors
def train_checkworthiness(
    data: Path = typer.Option(Path("../shared/data"), help="The shared data folder."),
    out: Path = typer.Option(
        Path("newsift/models/checkworthiness"), help="Where to write the model and its card."
    ),
    cv: bool = typer.Option(
        False, "--cv", help="Also run 5-fold cross-validation (about 5 times longer)."
    ),
    epochs: int = typer.Option(3, min=1, help="Fine-tuning epochs."),
    threads: int = typer.Option(2, min=1, help="CPU threads for torch."),
    measure_only: bool = typer.Option(
        False,
        "--measure-only",
        help="Do not train: recalibrate and re-measure the model in --out, rewrite its card.",
    ),
) -> None:
    """Fine-tune the sentence check-worthiness model on ClaimBuster and export it to ONNX."""
    from newsift.checkworthiness_train import measure, train
    from newsift.checkworthiness_transformer import FineTuneSettings

    if measure_only:
        figures = measure(data, out, log=lambda m: stderr.print(m))
        print(json.dumps({k: figures[k] for k in ("heldout", "clef2019_test") if k in figures}))
        return

    settings = FineTuneSettings(epochs=epochs, threads=threads)
    figures = train(data, out, cv=cv, settings=settings, log=lambda m: stderr.print(m))
    print(json.dumps({k: figures[k] for k in ("heldout", "clef2019_test") if k in figures}))
    stderr.print(f"wrote {out}/model.onnx, model.json, metrics.json and MODEL_CARD.md")


@evaluate_app.command("checkworthiness")
@friendly_errors
def evaluate_checkworthiness(
    data: Path = typer.Option(
        ..., "--data", help="ClaimBuster .json, CheckThat! .tsv, or a folder of debate TSVs."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    threshold: float | None = typer.Option(
        None, min=0.0, max=1.0, help="Decision threshold (default: the model's, from validation)."
    ),
) -> None:
    """Precision, recall and F1 of check-worthy sentences; MAP and P@k per ranked file."""
    from newsift.checkworthiness import evaluate

    figures = evaluate(data, threshold=threshold)
    if as_json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:>10}  {value}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
