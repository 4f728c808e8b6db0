"""Write the extraction figures (Dragnet test, L3S-GN1) into docs/benchmarks.md.

    PYTHONPATH=. python bench/extraction.py --data ../shared/data [--out docs/benchmarks.md]

newsift in both modes and trafilatura (defaults, and without comments) on the same pages, by
the measure of docs/extraction.md (``newsift evaluate extraction`` prints the same figures for
one mode and one baseline). Dragnet is scored on its official test list; L3S-GN1 has no split
and is scored whole. Replaces the block between the ``extraction`` markers.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _docs import machine, write_section

from newsift.clean.training.evaluate import default_cleaner, rules_only_cleaner, score
from newsift.clean.training.extraction import BASELINES, MODES, read_pages, score_systems
from newsift.clean.training.lineclass_train import page_articles

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


def section(data: Path, note: str) -> str:
    parts = [
        "## Extraction (Dragnet, L3S-GN1)",
        "",
        "Word-bag precision, recall and F1 of the extracted text against each page's human gold"
        " main text (comments excluded), means over pages and over sites; the measure and the"
        " modes are in `docs/extraction.md`. `--mode text` feeds the page rendered by inscriptis"
        " (as a scraper or a copy-paste) to the plain-text cleaner; `--mode html` is `analyze`'s"
        " HTML path (trafilatura, then the cleaner). " + note,
        "",
    ]
    for name, relative, split in DATASETS:
        path = data / relative
        start = time.process_time()
        figures = score_systems(read_pages(path, split), SYSTEMS)
        seconds = time.process_time() - start
        command = f"newsift evaluate extraction --data {path}" + (
            f" --split {split}" if split else ""
        )
        first = next(iter(figures.values()))
        parts += [
            f"### {name}",
            "",
            f"{first['n_pages']} pages from {first['n_sites']} sites (pages without a URL count"
            f" as one site). One system: `{command} --mode text|html --baseline"
            f" trafilatura|trafilatura-no-comments`; all four in {seconds:.0f} s of CPU.",
            "",
            "| system | precision | recall | F1 | F1, mean of sites |",
            "|---|---|---|---|---|",
        ]
        for system, row in figures.items():
            parts.append(
                f"| {system} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |"
                f" {row['site_mean']['f1']:.3f} |"
            )
        parts.append("")
    parts += lines_section(data)
    parts.append(f"Machine: {machine()}.")
    return "\n".join(parts) + "\n"


def lines_section(data: Path) -> list[str]:
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
    for pages in ("dragnet:test", "l3s_gn1"):
        articles = page_articles(data, pages)
        for name, cleaner in (
            ("rules", rules_only_cleaner),
            ("rules + classifier", default_cleaner),
        ):
            o = score(articles, cleaner, split=pages).overall
            parts.append(
                f"| `newsift evaluate boilerplate --data {data} --pages {pages}"
                f"{' --rules-only' if name == 'rules' else ''}` | {name} | {o['n_lines']} |"
                f" {100 * o['boilerplate_recall']:.1f}% | {100 * o['content_loss']:.1f}% |"
            )
    return [*parts, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--note", default="", help="A sentence on what was measured.")
    args = parser.parse_args()
    write_section("extraction", section(args.data, args.note), args.out)
    print(f"wrote the extraction figures to {args.out}")


if __name__ == "__main__":
    main()
