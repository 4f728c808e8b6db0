"""Write the extraction figures (Dragnet test, L3S-GN1) into docs/benchmarks.md.

    PYTHONPATH=. python bench/extraction.py --data ../shared/data [--out docs/benchmarks.md]
        [--candidate-model DIR] [--note TEXT]

newsift in both modes and trafilatura (defaults, and without comments) on the same pages, by
the measure of docs/extraction.md (``newsift evaluate extraction`` prints the same figures for
one mode and one baseline). Dragnet is scored on its official test list; L3S-GN1 has no split
and is scored whole. Each is also scored on its pages of sites absent from Dragnet's train list
(the shipped line classifier learned from those pages; pages without a site are left out), the
figure for sites it never saw. ``--candidate-model DIR`` adds both modes with another line
model (one trained by ``newsift train boilerplate --pages dragnet:train --out DIR``, or an
earlier one: ``git archive REV newsift/models/boilerplate | tar -x -C DIR``). Replaces the block
between the ``extraction`` markers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _docs import machine, write_section

from newsift.clean.lineclass import load_model
from newsift.clean.training.evaluate import (
    default_cleaner,
    model_cleaner,
    rules_only_cleaner,
    score,
)
from newsift.clean.training.extraction import (
    BASELINES,
    MODES,
    UNKNOWN_SITE,
    read_pages,
    score_systems,
    sites_of,
)
from newsift.clean.training.lineclass_train import page_articles
from newsift.clean.training.metadata import metadata_scores

#: The pages the shipped line classifier learned from (its card); "unseen" rows leave out their
#: sites.
TRAINED_ON = ("extraction/dragnet/dragnet.jsonl.gz", "train")

#: (name, file under the data folder, split or None for all pages)
DATASETS = [
    ("Dragnet, official test list", "extraction/dragnet/dragnet.jsonl.gz", "test"),
    ("L3S-GN1, all pages", "extraction/l3s_gn1/l3s_gn1.jsonl.gz", None),
]
SYSTEMS = {
    "newsift --mode text": MODES["text"],
    "newsift --mode html": MODES["html"],
    "trafilatura (defaults)": BASELINES["trafilatura"],
    "trafilatura, include_comments=False": BASELINES["trafilatura-no-comments"],
}


def section(data: Path, note: str, candidate: str | None) -> str:
    parts = [
        "## Extraction (Dragnet, L3S-GN1)",
        "",
        "Word-bag precision, recall and F1 of the extracted text against each page's human gold"
        " main text (comments excluded), means over pages and over sites; the measure and the"
        " modes are in `docs/extraction.md`. `--mode text` feeds the page rendered by inscriptis"
        " (as a scraper or a copy-paste) to the plain-text cleaner; `--mode html` is `analyze`'s"
        " HTML path (trafilatura, then the cleaner). A line classifier trained with `--pages"
        " dragnet:train` learned from Dragnet's train list, whose sites hold 294 of the 415 pages"
        " of Dragnet's test list: the rows *sites unseen* keep only pages of sites absent from"
        " that list (pages without a site are left out), the figure for sites it never saw. "
        + note,
        "",
    ]
    systems = dict(SYSTEMS)
    if candidate:
        model = load_model(candidate)
        systems = {
            "newsift --mode text": MODES["text"],
            "newsift --mode text, candidate line model": lambda page: MODES["text"](page, model),
            "newsift --mode html": MODES["html"],
            "newsift --mode html, candidate line model": lambda page: MODES["html"](page, model),
            **{k: v for k, v in SYSTEMS.items() if not k.startswith("newsift")},
        }
    trained_sites = sites_of(f"{data / TRAINED_ON[0]}:{TRAINED_ON[1]}")
    for name, relative, split in DATASETS:
        path = data / relative
        start = time.process_time()
        figures = score_systems(read_pages(path, split), systems)
        seconds = time.process_time() - start
        command = f"newsift evaluate extraction --data {path}" + (
            f" --split {split}" if split else ""
        )
        first = next(iter(figures.values()))
        unseen = {system: unseen_sites(row, trained_sites) for system, row in figures.items()}
        first_unseen = next(iter(unseen.values()))
        parts += [
            f"### {name}",
            "",
            f"{first['n_pages']} pages from {first['n_sites']} sites (pages without a URL count"
            f" as one site); sites unseen: {first_unseen['n_pages']} pages from"
            f" {first_unseen['n_sites']} sites (add `--unseen-sites-of"
            f" {data / TRAINED_ON[0]}:{TRAINED_ON[1]}`). One system: `{command} --mode text|html"
            " --baseline trafilatura|trafilatura-no-comments` (`--model DIR` for another line"
            f" model); all in {seconds:.0f} s of CPU.",
            "",
            "| system | pages | precision | recall | F1 | F1, mean of sites |",
            "|---|---|---|---|---|---|",
        ]
        for label, table in (("all", figures), ("sites unseen", unseen)):
            for system, row in table.items():
                parts.append(
                    f"| {system} | {label} | {row['precision']:.3f} | {row['recall']:.3f} |"
                    f" {row['f1']:.3f} | {row['site_mean']['f1']:.3f} |"
                )
        parts.append("")
    parts += lines_section(data, candidate)
    parts += metadata_section(data)
    parts.append(f"Machine: {machine()}.")
    return "\n".join(parts) + "\n"


def unseen_sites(figures: dict, seen: frozenset[str]) -> dict:
    """The page means of ``figures`` over the sites not in ``seen`` (and not unknown), from its
    per-site means: the same pages' scores, without scoring them again."""
    rows = [
        row
        for site, row in figures["per_site"].items()
        if site not in seen and site != UNKNOWN_SITE
    ]
    n_pages = sum(row["n_pages"] for row in rows)

    def mean(key: str) -> float:
        return sum(row[key] * row["n_pages"] for row in rows) / n_pages

    return {
        "precision": mean("precision"),
        "recall": mean("recall"),
        "f1": mean("f1"),
        "n_pages": n_pages,
        "n_sites": len(rows),
        "site_mean": {"f1": sum(row["f1"] for row in rows) / len(rows)},
    }


def lines_section(data: Path, candidate: str | None) -> list[str]:
    """Boilerplate lines removed and content lines lost on the rendered pages, labelled from
    their gold as ``newsift/clean/training/pagelines.py`` says (``newsift evaluate boilerplate
    --pages``)."""
    parts = [
        "### Rendered pages, line by line",
        "",
        "The pages of `--mode text` split into lines and labelled from the gold (a line is"
        " content when most of its word trigrams are in the gold text, or, under three words,"
        " when it is a whole gold line; `newsift/clean/training/pagelines.py`), scored as the"
        " gold set is. Dragnet's gold counts bylines, dates and captions as text, which the"
        " cleaner removes by design, so its content loss is partly a difference of definition.",
        "",
        "| pages | cleaner | lines | boilerplate lines removed | content lines lost |",
        "|---|---|---|---|---|",
    ]
    unseen_by = ":".join(("dragnet", TRAINED_ON[1]))
    cleaners = [("rules", rules_only_cleaner, " --rules-only")]
    if candidate:
        cleaners.append(("rules + candidate classifier", model_cleaner(candidate), " --model DIR"))
    cleaners.append(("rules + classifier", default_cleaner, ""))
    for pages, unseen in (
        ("dragnet:test", ""),
        ("dragnet:test", unseen_by),
        ("l3s_gn1", ""),
        ("l3s_gn1", unseen_by),
    ):
        articles = page_articles(data, pages, unseen)
        option = f" --unseen-by {unseen}" if unseen else ""
        for name, cleaner, flag in cleaners:
            o = score(articles, cleaner, split=pages).overall
            parts.append(
                f"| `newsift evaluate boilerplate --data {data} --pages {pages}{option}{flag}` |"
                f" {name} | {o['n_lines']} | {100 * o['boilerplate_recall']:.1f}% |"
                f" {100 * o['content_loss']:.1f}% |"
            )
    return [*parts, ""]


def metadata_section(data: Path) -> list[str]:
    """The plain-text cleaner's title and published date on the rendered pages
    (``newsift evaluate extraction --metadata``)."""
    parts = [
        "### Title and published date from the rendered pages",
        "",
        "The plain-text cleaner on the page rendered as text (a whole page, menus included):"
        " its title against L3S-GN1's gold headline (right: the same words in order), its"
        " published date against the date the page's markup states (htmldate on `<meta>` tags,"
        " structured data and the URL, without reading the text; the publisher's claim, not a"
        " human label). Breadcrumb titles: titles the cleaner's own patterns call navigation.",
        "",
        "| command | pages | with a headline | title found | title right | breadcrumb titles"
        " | with a markup date | date found | date right | found dates right |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for _, relative, split in DATASETS:
        path = data / relative
        m = metadata_scores(read_pages(path, split))
        t, d = m["title"], m["published"]
        command = f"newsift evaluate extraction --data {path}" + (
            f" --split {split}" if split else ""
        )
        parts.append(
            f"| `{command} --metadata` | {m['n_pages']} | {t['n_pages_with_headline']} |"
            f" {_pct(t['found'])} | {_pct(t['right'])} | {t['breadcrumb_titles']} |"
            f" {d['n_pages_with_markup_date']} | {_pct(d['found'])} | {_pct(d['right'])} |"
            f" {_pct(d['precision'])} |"
        )
    return [*parts, ""]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--note", default="", help="A sentence on what was measured.")
    parser.add_argument(
        "--candidate-model", default=None, help="Also score the line model in this folder."
    )
    args = parser.parse_args()
    write_section("extraction", section(args.data, args.note, args.candidate_model), args.out)
    print(f"wrote the extraction figures to {args.out}")


if __name__ == "__main__":
    main()
