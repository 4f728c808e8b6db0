"""newsift data ...: labelled data sets prepared into the formats training reads."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from newsift.cli.common import DEFAULT_DATA, friendly_errors, stderr


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


@friendly_errors
def prepare(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="The shared data folder (or its articles/)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the prepared JSONL."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace --out if it exists."),
) -> None:
    """Convert every labeled article set into one JSONL format (docs/data-format.md)."""
    from newsift.input.corpus import check_not_replacing
    from newsift.scores.training.datasets import prepare as prepare_datasets

    check_not_replacing(out, overwrite=overwrite)
    counts = prepare_datasets(data, out)
    total = sum(sum(per.values()) for per in counts.values())
    for dataset, per in counts.items():
        stderr.print(
            f"{dataset}: " + ", ".join(f"{k} {v}" for k, v in sorted(per.items())), highlight=False
        )
    stderr.print(f"wrote {total} records to {out}")


@friendly_errors
def findings_gold(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="The labeled data directory (as ../shared/data)."
    ),
    labels: Path = typer.Option(
        Path("tests/data/findings_gold_labels.jsonl"),
        "--labels",
        help="The findings labels (offsets, hashes, labels; no text).",
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the gold rows with their texts."),
) -> None:
    """Rebuild the findings gold set's texts from your copy of the data (checked by hash)."""
    from newsift.claims.training.findings_gold import build_rows

    rows = build_rows(data, labels)
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    stderr.print(f"wrote {len(rows)} gold rows to {out}")
