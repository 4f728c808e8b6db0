"""newsift corpus stats|copies|stories|narratives|show and newsift export: reading a store."""

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


REBUILD = typer.Option(
    False, "--rebuild", help="Cluster every article again (after a change of settings)."
)
MIN_ARTICLES = typer.Option(2, "--min-articles", min=1, help="Only those carried this widely.")
LIMIT = typer.Option(30, "--limit", min=1, help="Rows shown in the table.")


def _up_to_date(store: Path, rebuild: bool) -> None:
    """Cluster what batches added since the last call (nothing is recomputed)."""
    from newsift.corpus.clusters import update

    done = update(store, rebuild=rebuild, log=lambda message: stderr.print(message))
    if done.articles or done.claims:
        stderr.print(f"stories and narratives of {store} updated")


def _mix(mix: dict[str, float]) -> str:
    return ", ".join(f"{name} {share:.0%}" for name, share in mix.items() if share) or "-"


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _checks(matches: list[dict]) -> str:
    return "; ".join(f"{m['rating']} ({m['publisher']})" for m in matches[:2]) or "-"


@friendly_errors
def narratives(
    store: Path = STORE,
    as_json: bool = AS_JSON,
    min_articles: int = MIN_ARTICLES,
    limit: int = LIMIT,
    rebuild: bool = REBUILD,
) -> None:
    """Claims that recur across articles and outlets, with dates, ratings and fact-checks."""
    _list_clusters("narratives", store, as_json, min_articles, limit, rebuild)


@friendly_errors
def stories(
    store: Path = STORE,
    as_json: bool = AS_JSON,
    min_articles: int = MIN_ARTICLES,
    limit: int = LIMIT,
    rebuild: bool = REBUILD,
) -> None:
    """Articles about one event across outlets, with dates and the outlets' ratings."""
    _list_clusters("stories", store, as_json, min_articles, limit, rebuild)


def _list_clusters(
    kind: str, store: Path, as_json: bool, min_articles: int, limit: int, rebuild: bool
) -> None:
    from rich.table import Table

    from newsift.corpus import Corpus

    _up_to_date(store, rebuild)
    with Corpus(store) as corpus:
        found = (
            corpus.narratives(min_articles)
            if kind == "narratives"
            else corpus.stories(min_articles)
        )
    if as_json:
        print(json.dumps({kind: found}, indent=2, ensure_ascii=False))
        return
    narratives = kind == "narratives"
    table = Table(title=f"{len(found)} {kind} in {store} carried by {min_articles}+ articles")
    for column in ("id", "articles", "outlets", "first", "last", "outlets' ratings"):
        table.add_column(column)
    if narratives:
        table.add_column("checked")
    table.add_column("claim" if narratives else "title", ratio=1)
    for item in found[:limit]:
        cells = [
            item["id"],
            str(item["n_articles"]),
            str(item["n_outlets"]),
            item["first_seen"] or "-",
            item["last_seen"] or "-",
            _mix(item["reputation_mix"]),
        ]
        if narratives:
            cells.append(_checks(item["factchecks"]))
        table.add_row(*cells, _short((item["claim"] if narratives else item["title"]) or "-"))
    Console().print(table)
    if len(found) > limit:
        stderr.print(f"{len(found) - limit} more: --limit or --json for all")


@friendly_errors
def show(
    item_id: str = typer.Argument(
        ..., metavar="ID", help="An article's id, or a narrative's (N12) or story's (S3)."
    ),
    store: Path = STORE,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead."),
    show_text: bool = typer.Option(True, "--text/--no-text", help="Show the cleaned text."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Draw a narrative's or story's spread over time into a PNG file."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing plot file."),
) -> None:
    """One stored article's report (as `newsift analyze` shows it), narrative or story."""
    from newsift.corpus import Corpus
    from newsift.errors import InputError

    with Corpus(store) as corpus:
        kind, found = corpus.find(item_id)
    if plot is not None:
        if kind == "article":
            raise InputError("--plot draws a narrative (N12) or a story (S3), not an article")
        from newsift.corpus.plot import plot_spread

        drawn = plot_spread(found, plot, overwrite=overwrite)
        stderr.print(
            f"drew {drawn} dated {'claims' if kind == 'narrative' else 'articles'} into {plot}"
        )
        return
    if kind == "article":
        from newsift.views.terminal import render_terminal

        if as_json:
            print(found.model_dump_json(indent=2))
        else:
            render_terminal(found, show_text=show_text)
        return
    if as_json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return
    _print_cluster(kind, found)


def _print_cluster(kind: str, found: dict) -> None:
    from rich.table import Table

    heading = found["claim"] if kind == "narrative" else found["title"] or ""
    members = found["claims"] if kind == "narrative" else found["articles"]
    table = Table(
        title=f"{kind} {found['id']}: {_short(heading, 120)}",
        caption=f"{found['n_articles']} articles, {found['n_outlets']} outlets,"
        f" {found['first_seen'] or 'undated'} to {found['last_seen'] or 'undated'};"
        f" outlets' ratings: {_mix(found['reputation_mix'])}",
    )
    for column in ("date", "outlet", "rating", "article"):
        table.add_column(column)
    table.add_column("claim" if kind == "narrative" else "title", ratio=1)
    if kind == "narrative":
        table.add_column("fact-checks")
    for m in members:
        cells = [
            m["published"] or "-",
            m["site"] or "-",
            m["rating"],
            m["article_id"],
            _short(m["text"] if kind == "narrative" else m["title"] or "-"),
        ]
        if kind == "narrative":
            cells.append(_checks(m["factchecks"]))
        table.add_row(*cells)
    Console().print(table)
    for match in found.get("factchecks", []):
        Console().print(
            f"fact-check: {match['rating']} ({match['publisher']}, {match.get('date') or 'undated'},"
            f" p={match['score']:.2f}): {match['claim']} {match.get('url') or ''}",
            highlight=False,
        )


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
