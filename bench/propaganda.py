"""Propaganda: the cross-validated figures of the shipped model and its cost per article, into
docs/benchmarks.md.

    PYTHONPATH=. python bench/propaganda.py [--data ../shared/data]

The figures are the article-grouped cross-validation that ``newsift train propaganda`` ran and
stored in the model's meta (``newsift evaluate propaganda --data DIR`` reruns it on any PTC
folder); the cost is the model's time over the PTC articles, one process.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _docs import machine, write_section


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    from newsift.propaganda.model import shipped_model
    from newsift.propaganda.training.ptc import TARGET_PRECISION, markdown, read_ptc

    folder = args.data / "propaganda" / "ptc_semeval2020"
    model = shipped_model()
    figures = model.meta["cv"]
    articles = read_ptc(folder)
    model.predict(articles[0].text)  # warm up
    start = time.perf_counter()
    for article in articles:
        model.predict(article.text)
    per_article = (time.perf_counter() - start) / len(articles)
    si, tc = figures["si"]["f1"], figures["tc"]["micro_f1"]
    shown = [t for t, f in figures["shown_techniques"].items() if f["shown"]]
    reached = "reached" if si >= 0.47 and tc >= 0.62 else "**not reached**"
    write_section(
        "propaganda",
        "## Propaganda techniques (PTC, SemEval-2020 Task 11)\n\n"
        + markdown(figures, f"newsift train propaganda --data {folder}")
        + f"\nGoal SI F1 >= 0.47 and TC micro-F1 >= 0.62: {reached} (SI {si:.3f}, TC {tc:.3f})."
        f" Techniques shown (spans right >= {TARGET_PRECISION:.0%} on held-out articles):"
        f" {', '.join(shown) or 'none, so the `propaganda` component is not in the default analysis'}."
        " Cost:"
        f" {1000 * per_article:.1f} ms per PTC article (mean {sum(len(a.text) for a in articles) // len(articles)}"
        f" characters) in one process. Machine: {machine()}.\n\n"
        "Produced by `PYTHONPATH=. python bench/propaganda.py --data ../shared/data`.",
    )


if __name__ == "__main__":
    main()
