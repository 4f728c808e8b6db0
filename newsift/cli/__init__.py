"""Command line: a thin layer over the library. Errors are one line on stderr, never a traceback."""

from __future__ import annotations

import functools
import json
import os
import re
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
    from newsift.errors import OutputError
    from newsift.input.corpus import check_output_path, corpus_format, read_rows
    from newsift.input.load import is_url, load
    from newsift.report import ErrorRecord
    from newsift.views.render import render_html, render_terminal

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
    from newsift.input.corpus import ReportWriter, done_ids, read_rows
    from newsift.report import ErrorRecord

    if out.resolve() == input.resolve():
        fail("--out must not be the input file", 2)
    all_rows = read_rows(input)  # checks the input before the output file is created
    skip = done_ids(out) if resume else set()
    rows = (row for row in all_rows if str(row.get("id")) not in skip)
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


@evaluate_app.command("hedging")
@friendly_errors
def evaluate_hedging(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The shared data folder the labels point into."
    ),
    labels: Path | None = typer.Option(
        None, "--labels", help="Hedge labels (JSONL); default: the set shipped with newsift."
    ),
    fast: bool = typer.Option(False, "--fast", help="Without the dependency parser."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table."),
) -> None:
    """Precision and recall of the hedge cue detector on our small labelled sample."""
    from rich.table import Table

    from newsift.claims.training.hedging_eval import evaluate_hedging as run
    from newsift.claims.training.hedging_eval import markdown_table, result_rows

    result = run(data, labels, fast=fast)
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if markdown:
        print(markdown_table(result))
        return
    table = Table(title=f"Hedge cues on {result['sentences']} labelled sentences")
    for column in ("Level", "Precision", "Recall", "F1", "TP", "Predicted", "Gold"):
        table.add_column(column)
    for name, r in result_rows(result):
        table.add_row(
            name,
            f"{r['precision']:.2f}",
            f"{r['recall']:.2f}",
            f"{r['f1']:.2f}",
            str(r["tp"]),
            str(r["predicted"]),
            str(r["gold"]),
        )
    table.caption = (
        f"kind agreement on matched cues: {result['cues']['kind_agreement']:.2f}."
        " A small set labelled by one annotator: read the figures as rough."
    )
    Console().print(table)


@app.command()
@friendly_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the web page and the REST API (needs the `serve` extra)."""
    try:
        import uvicorn

        from newsift.web.api import create_app
    except ImportError:
        fail('the web service needs the serve extra: pip install "newsift[serve]"', 2)
    uvicorn.run(create_app(), host=host, port=port)


@app.command()
@friendly_errors
def schema() -> None:
    """Print the JSON Schema of the report."""
    from newsift.report import json_schema

    print(json.dumps(json_schema(), indent=2))


@data_app.command("gold-lines")
@friendly_errors
def gold_lines(
    dataset: str = typer.Argument(..., help="fakenewscorpus, horne2017, fakenewsnet, ..."),
    ref: str = typer.Argument(..., help="The article's ref, as in the gold file."),
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The labeled data directory (as ../shared/data)."
    ),
) -> None:
    """Print an article's numbered lines with their hashes, to label it for the gold set."""
    from newsift.clean.training.goldset import line_hash, read_texts, source_lines

    text = read_texts(data, [(dataset, ref)])[dataset, ref]
    for line in source_lines(text):
        print(f"{line.n:4d}  {line_hash(line.text)}  {line.text}")


@data_app.command("gold-summary")
@friendly_errors
def gold_summary(
    gold: Path = typer.Option(
        Path("tests/data/boilerplate_gold.jsonl"), "--gold", help="The line-labelled gold file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Count the gold set's articles, sites and lines per split and reason (no cleaner run)."""
    from rich.table import Table

    from newsift.clean.training.goldset import read_gold_records, summarize

    summary = summarize(read_gold_records(gold))
    if as_json:
        print(json.dumps(summary, indent=2))
        return
    table = Table(
        "split",
        "rounds",
        "articles",
        "sites",
        "without boilerplate",
        "lines",
        "boilerplate lines",
        title=f"Boilerplate gold set ({gold})",
    )
    for split, row in summary.items():
        table.add_row(
            split,
            ", ".join(map(str, row["rounds"])),
            str(row["articles"]),
            str(row["sites"]),
            str(row["articles_without_boilerplate"]),
            str(row["lines"]),
            str(row["boilerplate_lines"]),
        )
    reasons = Table("reason", *summary, title="Boilerplate lines per reason")
    for reason in summary["all"]["per_reason"]:
        reasons.add_row(
            reason, *(str(row["per_reason"].get(reason, 0)) for row in summary.values())
        )
    console = Console()
    console.print(table)
    console.print(reasons)


@train_app.command("boilerplate")
@friendly_errors
def train_boilerplate(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The labeled data directory (as ../shared/data)."
    ),
    gold: Path = typer.Option(
        Path("tests/data/boilerplate_gold.jsonl"), "--gold", help="The line-labelled gold file."
    ),
    split: str = typer.Option(
        "dev+train",
        "--split",
        help="The gold splits to train on, joined by +: dev+train (rounds 1 and 3, the default),"
        " dev or train. The held-out test split (round 2) is refused: it is only scored.",
    ),
    out: Path = typer.Option(
        Path("newsift/models/boilerplate"), "--out", help="Where to write the model and its card."
    ),
    score_test: bool = typer.Option(
        False,
        "--score-test",
        help="Also score the held-out test split and put its figures in the card. Each such"
        " run is a look at the test split: use it once, for the model you ship.",
    ),
) -> None:
    """Train the cleaner's line classifier (threshold by site-grouped CV) and its model card."""
    from newsift.clean.training.lineclass_train import train

    figures = train(data, gold, out, split, score_test=score_test)
    print(json.dumps(figures, indent=2))


@evaluate_app.command("boilerplate")
@friendly_errors
def evaluate_boilerplate(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The labeled data directory (as ../shared/data)."
    ),
    gold: Path = typer.Option(
        Path("tests/data/boilerplate_gold.jsonl"), "--gold", help="The line-labelled gold file."
    ),
    split: str = typer.Option(
        "all",
        "--split",
        help="dev (round 1, used to develop the cleaner), train (round 3, labelled to train the "
        "line classifier), test (round 2, labelled blind and held out: report this one), several "
        "joined by + (dev+train) or all.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print a section for docs/benchmarks.md."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also list the worst errors (lost content, missed lines)."
    ),
    limit: int = typer.Option(25, "--limit", min=1, help="Errors to list per kind."),
    rules_only: bool = typer.Option(
        False,
        "--rules-only",
        help="Without the line classifier (it was trained on dev and train).",
    ),
    cv: int = typer.Option(
        0,
        "--cv",
        min=0,
        help="Instead: site-grouped cross-validation with this many folds over --split (default"
        " dev+train; the held-out test split is refused): the development measure.",
    ),
) -> None:
    """Score the cleaner against the line-labelled boilerplate gold set."""
    from newsift.clean.training.evaluate import default_cleaner, rules_only_cleaner
    from newsift.clean.training.evaluate import evaluate_boilerplate as run

    if cv:
        from newsift.clean.training.evaluate import print_cross_validation
        from newsift.clean.training.lineclass_train import TRAIN_SPLIT, cross_validate

        figures = cross_validate(data, gold, TRAIN_SPLIT if split == "all" else split, cv)
        if as_json:
            print(json.dumps(figures, indent=2))
        else:
            print_cross_validation(figures, Console())
        return
    report = run(data, gold, split, rules_only_cleaner if rules_only else default_cleaner)
    if as_json:
        print(json.dumps(report.to_dict(with_errors=verbose), indent=2))
        return
    if markdown:
        command = f"newsift evaluate boilerplate --data {data} --split {split}"
        command += " --rules-only" if rules_only else ""
        print(report.to_markdown(command), end="")
        return
    from newsift.clean.training.evaluate import print_report

    print_report(report, Console(), errors_per_kind=limit if verbose else 0)


# --- sources ---------------------------------------------------------------------------------


def _print_reputation(result: dict, console: Console) -> None:
    from rich.table import Table

    status = result["status"]
    colour = {"reliable": "green", "mixed": "yellow", "unreliable": "red"}
    verdict = result["consensus"]["factuality"]
    console.print(
        f"[bold]{result['domain']}[/]  {status}"
        + (
            f"  factuality: [{colour.get(verdict, 'white')}]{verdict}[/]"
            if status == "rated"
            else ""
        ),
        highlight=False,
    )
    if result.get("note"):
        console.print(result["note"], highlight=False, soft_wrap=True)
    if not result["ratings"]:
        return
    table = Table(show_lines=False, box=None, pad_edge=False)
    for column in ("rater", "raw label", "factuality", "categories", "date, license"):
        table.add_column(column, overflow="fold")
    for r in result["ratings"]:
        squash = [re.sub(r"\W", "", x or "") for x in (r["origin"], r["rater"])]
        origin = "" if squash[0] in squash[1] else f" via {r['origin']}"
        table.add_row(
            r["rater"] + origin + ("" if r["counted"] else " [dim](same source)[/]"),
            r["raw_label"],
            r["factuality"],
            ", ".join(r["categories"]),
            f"{r['date'] or '?'}, {r['license'] or '?'}",
        )
    console.print(table)
    agreement = result["consensus"]["agreement"]
    fact = agreement["factuality"]
    votes = "; ".join(f"{label}: {', '.join(origins)}" for label, origins in fact["votes"].items())
    console.print(
        f"consensus factuality: {verdict} ({fact['status']}: {fact['agree']} agree,"
        f" {fact['disagree']} disagree){' - ' + votes if votes else ''}",
        highlight=False,
        soft_wrap=True,
    )
    for category, split in agreement["categories"].items():
        mark = (
            "in consensus" if category in result["consensus"]["categories"] else "not in consensus"
        )
        console.print(
            f"category {category}: {len(split['agree'])} agree ({', '.join(split['agree'])}),"
            f" {len(split['disagree'])} disagree"
            + (f" ({', '.join(split['disagree'])})" if split["disagree"] else "")
            + f" - {mark}",
            highlight=False,
            soft_wrap=True,
        )
    for group in agreement["same_source"]:
        console.print(
            f"same source {group['origin']}: counted {group['counted']} once; not again:"
            f" {', '.join(group['also'])}",
            highlight=False,
            soft_wrap=True,
        )


@sources_app.command("lookup")
@friendly_errors
def sources_lookup(
    query: str = typer.Argument(..., help="A domain, a URL or an outlet name."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Ratings and consensus for a site, by domain, URL or outlet name."""
    from newsift.sources.reputation import lookup

    result, name = lookup(query)
    if as_json:
        print(json.dumps({"query": query, "outlet_name": name, **result}, indent=2))
        return
    console = Console()
    if name:
        console.print(f"{name!r} is the outlet at {result['domain']}", highlight=False)
    _print_reputation(result, console)


@sources_app.command("stats")
@friendly_errors
def sources_stats(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Domains covered per rater and in total (shipped lists plus your imports)."""
    from rich.table import Table

    from newsift.sources.registry import load_registry

    stats = load_registry().stats()
    if as_json:
        print(json.dumps(stats, indent=2))
        return
    table = Table(title=f"source registry {stats['version']}")
    for column in ("rater", "domains", "origin", "date", "license", "where"):
        table.add_column(column, overflow="fold")
    for rater_id, info in stats["raters"].items():
        where = "your import" if info["user"] else "shipped"
        table.add_row(
            rater_id, str(info["domains"]), info["origin"], info["date"], info["license"], where
        )
    console = Console()
    console.print(table)
    console.print(
        f"{stats['domains']} distinct domains, {stats['domains_with_factuality']} with a"
        " factuality rating",
        highlight=False,
    )


@sources_app.command("import")
@friendly_errors
def sources_import(
    file: Path = typer.Argument(
        ..., help="A CSV/TSV list (MBFC scrape, Baly corpus.tsv, or domain+label)."
    ),
    rater: str = typer.Option(..., "--rater", help="A name for this list, e.g. mbfc-2025."),
    license: str = typer.Option(..., "--license", help="The terms under which you hold the list."),
    origin: str | None = typer.Option(
        None, "--origin", help="Who made the judgements (lists of one origin count once)."
    ),
    date: str | None = typer.Option(None, "--date", help="The list's date (default: today)."),
) -> None:
    """Add your copy of a list to your registry (kept in your user data directory)."""
    import datetime

    from newsift.sources.registry import import_ratings, user_dir

    info, count, problems = import_ratings(
        file, rater, license, origin=origin, date=date or datetime.date.today().isoformat()
    )
    for line in problems.lines():
        stderr.print(f"[yellow]note:[/] {line}", highlight=False, soft_wrap=True)
    print(f"imported {count} domains as rater {info.id} (origin {info.origin}) into {user_dir()}")


@sources_app.command("build")
@friendly_errors
def sources_build(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="The labeled data folder."),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the tables (default: the package's data/sources)."
    ),
) -> None:
    """Regenerate the shipped registry from the redistributable lists in --data."""
    from newsift.sources.registry import build_shipped, package_dir

    manifest, problems = build_shipped(data, out)
    for line in problems.lines():
        stderr.print(f"note: {line}", highlight=False, soft_wrap=True)
    for name, info in manifest["files"].items():
        print(f"{name}: {info['rows']} rows ({info['license']})")
    print(f"registry {manifest['version']} written to {out or package_dir()}")


@sources_app.command("report")
@friendly_errors
def sources_report(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="The labeled data folder."),
    out: Path = typer.Option(Path("docs/sources.md"), "--out", help="The Markdown file to write."),
) -> None:
    """Coverage per rater and pairwise agreement (Cohen's kappa), written to --out."""
    from newsift.sources.agreement import write_report

    write_report(data, out)
    print(f"wrote {out}")


DEFAULT_DATA = Path("../shared/data")


@data_app.command("prepare")
@friendly_errors
def data_prepare(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="The shared data folder (or its articles/)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the prepared JSONL."),
) -> None:
    """Convert every labeled article set into one JSONL format (docs/data-format.md)."""
    from newsift.scores.training.datasets import prepare

    counts = prepare(data, out)
    total = sum(sum(per.values()) for per in counts.values())
    for dataset, per in counts.items():
        stderr.print(
            f"{dataset}: " + ", ".join(f"{k} {v}" for k, v in sorted(per.items())), highlight=False
        )
    stderr.print(f"wrote {total} records to {out}")


def _prepared(data: Path) -> Path:
    """A prepared JSONL file; a shared data folder is prepared into the cache first."""
    from newsift.errors import InputError
    from newsift.scores.training.datasets import prepare
    from newsift.scores.training.evaluate import cache_dir

    if data.is_dir():
        out = cache_dir() / "prepared-articles.jsonl"
        prepare(data, out)
        return out
    if not data.exists():
        raise InputError(f"no such file or folder: {data}")
    return data


@evaluate_app.command("credibility")
@friendly_errors
def evaluate_credibility(
    data: Path = typer.Option(
        ..., "--data", help="Prepared labeled data (JSONL, docs/data-format.md) or a data folder."
    ),
    cv: bool = typer.Option(
        False,
        "--cv",
        help="Site-grouped cross-validation with the probes, instead of the shipped models.",
    ),
    random: bool = typer.Option(
        True, "--random/--no-random", help="With --cv: also a random split, beside."
    ),
    shortcuts: bool = typer.Option(
        True, "--shortcuts/--no-shortcuts", help="With --cv: the shortcut ablations."
    ),
    sources: Path = typer.Option(
        DEFAULT_DATA, "--sources-data", help="Data folder with sources/baly_mbfc (left/right gap)."
    ),
    diagram: Path | None = typer.Option(
        None, "--diagram", help="With --cv: write a reliability diagram PNG."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    as_markdown: bool = typer.Option(
        False, "--markdown", help="With --cv: print the Markdown tables."
    ),
) -> None:
    """Accuracy, macro-F1, AUROC and ECE per score and per dataset."""
    from newsift.scores.training.evaluate import cv_report, evaluate_file, json_ready, markdown

    path = _prepared(data)
    if not cv:
        result = evaluate_file(path)
        if as_json:
            print(json.dumps(json_ready(result), indent=2))
            return
        for target, entry in result.items():
            print(f"{target}: " + _metric_line(entry["all"]))
            for dataset, m in entry["datasets"].items():
                print(f"  {dataset}: " + _metric_line(m))
        return
    command = "newsift evaluate credibility --cv " + " ".join(
        a for a in sys.argv[3:] if a not in ("--cv",)
    )
    report = cv_report(
        path,
        sources if sources.is_dir() else None,
        random=random,
        shortcuts=shortcuts,
        command=command.strip(),
        diagram=diagram,
    )
    if as_json:
        print(json.dumps(json_ready(report), indent=2))
    elif as_markdown:
        print(markdown(report), end="")
    else:
        for target, entry in report["summary"].items():
            for split, preds in entry.items():
                if split == "datasets":
                    continue
                for name, m in preds.items():
                    print(f"{target} {split} {name}: " + _metric_line(m))


def _metric_line(m: dict) -> str:
    return ", ".join(
        f"{k}={m[k]:.3f}" if isinstance(m[k], float) else f"{k}={m[k]}"
        for k in ("n", "accuracy", "macro_f1", "auroc", "ece")
    )


@train_app.command("credibility")
@friendly_errors
def train_credibility(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="A data folder or a prepared JSONL file."
    ),
    out: Path = typer.Option(
        Path("newsift/models/credibility"), "--out", help="Where to write the models and cards."
    ),
    sources: Path = typer.Option(
        DEFAULT_DATA, "--sources-data", help="Data folder with sources/ (for the cards' figures)."
    ),
    diagram: Path = typer.Option(
        Path("docs/reliability-credibility.png"), "--diagram", help="Reliability diagram PNG."
    ),
) -> None:
    """Train the three credibility scores and write them with their model cards."""
    from newsift.scores.training.evaluate import train_and_document

    path = _prepared(data)
    written = train_and_document(path, out, sources if sources.is_dir() else None, diagram)
    for item in written:
        stderr.print(f"wrote {item}")


@train_app.command("attribution")
@friendly_errors
def train_attribution(
    data: Path = typer.Option(
        Path("../shared/data/attribution/polnear"),
        "--data",
        help="A PolNeAR-format folder with train/ (and dev/, scored for the model card).",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the model (default: the package's models folder)."
    ),
    folds: int = typer.Option(5, min=2, help="Cross-validation folds over training articles."),
    threads: int = typer.Option(1, min=1, max=2, help="LightGBM threads."),
) -> None:
    """Train the attribution extractor (cue, source, content) on PolNeAR."""
    from newsift.claims.training.attribution_train import default_model_dir, train

    card = train(
        data,
        out or default_model_dir(),
        folds=folds,
        threads=threads,
        log=lambda line: stderr.print(line, highlight=False),
    )
    print(json.dumps(card, indent=2))


@evaluate_app.command("attribution")
@friendly_errors
def evaluate_attribution(
    data: Path = typer.Option(
        Path("../shared/data/attribution/polnear/dev"),
        "--data",
        help="A PolNeAR-format folder with text/ and attributions/ subfolders.",
    ),
    method: str = typer.Option(
        "learned", "--method", help="Extractor: learned, rules, or fast (no parser)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    as_markdown: bool = typer.Option(
        False,
        "--markdown",
        help="Print the docs/benchmarks.md section: every method, annotator agreement, CV.",
    ),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Reuse cached spaCy parses."),
) -> None:
    """Precision, recall and F1 of source, cue and content spans (exact and overlap)."""
    from newsift.claims.attribution.spans import METHODS
    from newsift.claims.training.attribution_eval import (
        PRF_KEYS,
        benchmark_markdown,
        evaluate_folder,
    )

    if method not in METHODS:
        fail(f"unknown method {method!r}; choose from {', '.join(METHODS)}", 2)
    if as_markdown:
        print(benchmark_markdown(data, cache=cache), end="")
        return
    scores = evaluate_folder(data, [method], cache=cache)[method]
    if as_json:
        print(json.dumps({"method": method, **scores}, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"attribution ({method}) on {scores['articles']} articles of {data}")
    table.add_column("role")
    for key in ("P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap"):
        table.add_column(key, justify="right")
    for role in ("source", "cue", "content"):
        row = scores[role]
        table.add_row(role, *(f"{row[k]:.3f}" for k in PRF_KEYS))
    Console().print(table)


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
    from newsift.claims.training.checkworthiness_train import measure, train
    from newsift.claims.training.finetune import FineTuneSettings

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
    from newsift.claims.training.checkworthiness_eval import evaluate

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
