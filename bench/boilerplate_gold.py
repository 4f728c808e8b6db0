"""Write the cleaner's gold-set figures (test, dev and train) into docs/benchmarks.md.

    python bench/boilerplate_gold.py --data ../shared/data [--out docs/benchmarks.md]

Replaces the block between the boilerplate-gold markers (appends it, or creates the file, the
first time), so the published table always comes from this command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _docs import write_section

from newsift.clean.training.evaluate import (
    default_cleaner,
    evaluate_boilerplate,
    rules_only_cleaner,
)


def section(data: Path) -> str:
    parts = [
        "## Boilerplate removal (gold set)",
        "",
        "Line-labelled gold set: `tests/data/boilerplate_gold.jsonl`, described in "
        "`docs/boilerplate-gold.md`. Split `dev` is round 1, used to develop the cleaner's rules "
        "and to train its line classifier; split `test` is round 2, labelled blind on sites "
        "absent from round 1 and held out; split `train` is round 3, on sites absent from both, "
        "labelled to train the line classifier (which is trained on `dev+train`). The test "
        "split is the figure to quote. On dev and train only the rules are scored: the "
        "classifier has seen those lines (its site-grouped cross-validated figures are in "
        "`newsift/models/boilerplate/MODEL_CARD.md`, and `newsift evaluate boilerplate --cv 5` "
        "prints them); since the fourth cleaner round the rules were also revised on the errors "
        "of train, so neither dev nor train gives an unseen-site figure for the rules.",
        "",
    ]
    runs = [("test", False), ("test", True), ("dev", True), ("train", True)]
    for split, rules_only in runs:
        command = f"newsift evaluate boilerplate --data {data} --split {split}"
        command += " --rules-only" if rules_only else ""
        cleaner = rules_only_cleaner if rules_only else default_cleaner
        report = evaluate_boilerplate(data, split=split, cleaner=cleaner)
        markdown = report.to_markdown(command)
        if rules_only:
            markdown = markdown.replace(f"split `{split}`", f"split `{split}`, rules only", 1)
        parts.append(markdown)
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    write_section("boilerplate-gold", section(args.data), args.out)
    print(f"wrote the boilerplate gold-set figures to {args.out}")


if __name__ == "__main__":
    main()
