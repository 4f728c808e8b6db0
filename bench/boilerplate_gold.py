"""Write the cleaner's gold-set figures (dev and test) into docs/benchmarks.md.

    python bench/boilerplate_gold.py --data ../shared/data [--out docs/benchmarks.md]

Replaces the block between the boilerplate-gold markers (appends it, or creates the file, the
first time), so the published table always comes from this command.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from newsift.clean_eval import evaluate_boilerplate

BEGIN = "<!-- boilerplate-gold:begin -->"
END = "<!-- boilerplate-gold:end -->"


def section(data: Path) -> str:
    parts = [
        BEGIN,
        "## Boilerplate removal (gold set)",
        "",
        "Line-labelled gold set: `tests/data/boilerplate_gold.jsonl`, described in "
        "`docs/boilerplate-gold.md`. Split `dev` is round 1, used to develop the cleaner; "
        "split `test` is round 2, labelled blind on sites absent from round 1 and held out. "
        "Tune on dev, report test.",
        "",
    ]
    for split in ("dev", "test"):
        command = f"newsift evaluate boilerplate --data {data} --split {split}"
        parts.append(evaluate_boilerplate(data, split=split).to_markdown(command))
    parts.append(END)
    return "\n".join(parts) + "\n"


def write(out: Path, text: str) -> None:
    old = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", re.S)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip() + "\n\n" + text
    out.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    write(args.out, section(args.data))
    print(f"wrote the boilerplate gold-set figures to {args.out}")


if __name__ == "__main__":
    main()
