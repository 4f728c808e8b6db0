"""Write the claims analyzers' evaluation tables (attribution, hedging) into docs/benchmarks.md.

    python bench/claims.py --data ../shared/data

Each section is the `--markdown` output of the evaluation command named in it, so the
published figures are exactly what anyone gets by rerunning that command.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from _docs import BENCHMARKS, write_section

REPO = Path(__file__).resolve().parents[1]


def command_markdown(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "newsift", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", type=Path, default=BENCHMARKS)
    args = parser.parse_args()
    polnear_dev = f"{args.data}/attribution/polnear/dev"
    attribution = command_markdown("evaluate", "attribution", "--data", polnear_dev, "--markdown")
    write_section("attribution", "## Attribution (who said what)\n\n" + attribution, args.out)
    hedging = command_markdown("evaluate", "hedging", "--data", args.data, "--markdown")
    write_section("hedging", "## Hedging cues\n\n" + hedging, args.out)
    print(f"wrote the attribution and hedging sections to {args.out}")


if __name__ == "__main__":
    main()
