"""Write the credibility scores' evaluation tables into docs/benchmarks.md.

    PYTHONPATH=. python bench/credibility.py --data ../shared/data

The section is the `--markdown` output of `newsift evaluate credibility --cv` (site-grouped
cross-validation with the probes, the random split beside it, the left/right gap, the source
prior and the shortcut ablations), so the published figures are exactly what that command
prints; it also redraws the reliability diagram.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _docs import BENCHMARKS, write_section
from claims import command_markdown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", type=Path, default=BENCHMARKS)
    parser.add_argument("--diagram", default="docs/reliability-credibility.png")
    parser.add_argument(
        "--no-random", action="store_true", help="Leave out the random split (saves 60 fits)."
    )
    args = parser.parse_args()
    tables = command_markdown(
        "evaluate", "credibility", "--cv", "--data", args.data,
        "--sources-data", args.data, "--diagram", args.diagram, "--lodo", "--ablations",
        *(["--no-random"] if args.no_random else []), "--markdown",
    )  # fmt: skip
    write_section("credibility", tables, args.out)
    print(f"wrote the credibility section to {args.out}")


if __name__ == "__main__":
    main()
