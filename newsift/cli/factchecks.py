"""newsift factchecks ...: the local fact-check store (build, import, search, stats)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from newsift.cli.common import DEFAULT_DATA, friendly_errors, stderr

STORE_HELP = "The store folder (default: $NEWSIFT_FACTCHECKS or ~/.local/share/newsift/factchecks)."


def _store_path(store: Path | None) -> Path:
    from newsift.factchecks.store import default_store_path

    return store or default_store_path()


@friendly_errors
def build(
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The shared data folder."),
    store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing store."),
) -> None:
    """Build the store from the public collections in your copy of the data."""
    from newsift.factchecks.readers import from_data_dir
    from newsift.factchecks.store import write_store

    path = _store_path(store)
    manifest = write_store(path, from_data_dir(data), replace=overwrite)
    stderr.print(f"wrote {manifest['count']} fact-checks to {path}: {manifest['datasets']}")


@friendly_errors
def import_file(
    file: Path = typer.Argument(..., help="ClaimReview JSON/JSON-LD (object, list, feed) or CSV."),
    license: str = typer.Option(..., "--license", help="The terms you hold these checks under."),
    store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Add a newsroom's own or its partners' fact-checks to the store (created if missing)."""
    from newsift.factchecks.readers import import_file as read
    from newsift.factchecks.store import FactCheckStore, write_store

    path = _store_path(store)
    new = read(file, license)  # read whole first: a bad file changes nothing
    old = FactCheckStore.open(path).checks if (path / "manifest.json").is_file() else []
    manifest = write_store(path, [*old, *new], replace=True)
    stderr.print(
        f"imported {len(new)} fact-checks from {file}; the store at {path} holds {manifest['count']}"
    )


@friendly_errors
def search(
    text: str = typer.Argument(..., help="A claim, in any words."),
    store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
    top: int = typer.Option(5, "--top", help="How many to show."),
    everything: bool = typer.Option(
        False, "--all", help="Show the best candidates even below the match threshold."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The fact-checks that match a claim, with the probability that each is about it."""
    from dataclasses import asdict

    from newsift.factchecks.match import match_claims
    from newsift.factchecks.store import FactCheckStore

    found = match_claims(
        FactCheckStore.open(_store_path(store)),
        [text],
        threshold=0.0 if everything else None,
        top=top,
    )[0]
    if as_json:
        print(
            json.dumps([{**asdict(m.check), "score": round(m.score, 4)} for m in found], indent=2)
        )
        return
    if not found:
        print("no fact-check matches this claim above the threshold (try --all)")
        return
    table = Table(expand=True)
    for column in ("score", "rating", "claim", "publisher", "date", "url"):
        table.add_column(column)
    for m in found:
        c = m.check
        table.add_row(f"{m.score:.2f}", c.rating, c.claim, c.publisher, c.date or "", c.url or "")
    Console().print(table)


@friendly_errors
def stats(
    store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """How many fact-checks the store holds, by dataset, rating and publisher."""
    from newsift.factchecks.store import FactCheckStore

    figures = FactCheckStore.open(_store_path(store)).stats()
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    console = Console()
    console.print(
        f"{figures['checks']} fact-checks in {figures['path']} (built {figures['built']})"
    )
    for key in ("datasets", "ratings", "publishers"):
        console.print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in figures[key].items()))
