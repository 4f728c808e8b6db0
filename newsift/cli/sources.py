"""newsift sources ...: the source-reputation registry (look up, stats, import, build, report)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
from rich.console import Console

from newsift.cli.common import friendly_errors, stderr


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


@friendly_errors
def lookup(
    query: str = typer.Argument(..., help="A domain, a URL or an outlet name."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Ratings and consensus for a site, by domain, URL or outlet name."""
    from newsift.sources.reputation import lookup as lookup_site

    result, name = lookup_site(query)
    if as_json:
        print(json.dumps({"query": query, "outlet_name": name, **result}, indent=2))
        return
    console = Console()
    if name:
        console.print(f"{name!r} is the outlet at {result['domain']}", highlight=False)
    _print_reputation(result, console)


@friendly_errors
def stats(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
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


@friendly_errors
def import_list(
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


@friendly_errors
def build(
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


@friendly_errors
def report(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="The labeled data folder."),
    out: Path = typer.Option(Path("docs/sources.md"), "--out", help="The Markdown file to write."),
) -> None:
    """Coverage per rater and pairwise agreement (Cohen's kappa), written to --out."""
    from newsift.sources.agreement import write_report

    write_report(data, out)
    print(f"wrote {out}")
