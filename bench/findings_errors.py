"""Every false alarm and every miss of the findings gold set, per source type, with context.

What ``newsift evaluate findings`` counts, shown one by one, so that each error can be traced
to its mechanism (docs/findings-gold.md for the labels). For articles whose gold or prediction
holds ``hedge_then_certainty``, the hedges and certainty markers found are listed too.

    python bench/findings_errors.py --data /tmp/findings_gold.jsonl --split dev [--type anonymous]

Use it on the dev split only: the test split is scored once per release.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from newsift.claims.training.findings_eval import load_rows, match, select_split, source_span
from newsift.claims.training.findings_gold import SOURCE_TYPES

CONTEXT = 70


def _analyse(text: str):
    from newsift.input.ingest import article_from_text
    from newsift.pipeline import Pipeline
    from newsift.report import build_report
    from newsift.settings import DEFAULT_COMPONENTS

    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline.from_names(DEFAULT_COMPONENTS)
    article = article_from_text(text, kind="text")
    _PIPELINE(article)
    return article, build_report(article, _PIPELINE.names)


_PIPELINE = None


def _show(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT) : start].replace("\n", " ")
    after = text[end : end + CONTEXT].replace("\n", " ")
    return f"…{before}[[{text[start:end]}]]{after}…"


def _sources(article, report) -> list[tuple[int, int, str, str]]:
    """(start, end, type, cue) of every predicted source, in the gold text's offsets."""
    out = {}
    for attribution in report.attributions:
        span = source_span(article, attribution.source)
        if span is not None:
            out.setdefault(span, attribution.cue.text if attribution.cue else "")
    return [(a, b, t, cue) for (a, b, t), cue in sorted(out.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--type", action="append", help="only these source types")
    parser.add_argument("--no-signals", action="store_true")
    args = parser.parse_args()
    types = args.type or [*SOURCE_TYPES, "unknown"]
    rows = select_split(load_rows(args.data), args.split)
    for row in rows:
        text = row["text"]
        article, report = _analyse(text)
        predicted = _sources(article, report)
        gold = [(a["start"], a["end"], a["type"]) for a in row["attributions"]]
        pairs = match(gold, [(a, b, t) for a, b, t, _ in predicted])
        hit_gold = {g for g, _ in pairs}
        hit_pred = {p for _, p in pairs}
        lines = []
        for pi, (a, b, kind, cue) in enumerate(predicted):
            if pi not in hit_pred and kind in types:
                overlap = [g[2] for g in gold if min(g[1], b) > max(g[0], a)]
                lines.append(
                    f"  FP   {kind:24} cue={cue!r} gold={overlap or '-'}  {_show(text, a, b)}"
                )
        for gi, (a, b, kind) in enumerate(gold):
            if gi not in hit_gold and kind in types:
                overlap = [p[2] for p in predicted if min(p[1], b) > max(p[0], a)]
                lines.append(f"  MISS {kind:24} pred={overlap or '-'}  {_show(text, a, b)}")
        fired = any(s.name == "hedge_then_certainty" and s.value for s in report.signals)
        if not args.no_signals and (row["hedge_then_certainty"] or fired):
            lines.append(f"  HEDGE_THEN_CERTAINTY gold={row['hedge_then_certainty']} pred={fired}")
            for group in ("hedges", "certainty"):
                for span in article.spans.get(group, []):
                    a = article.source_offset(span.start)
                    b = article.source_offset(span.end - 1)
                    if a is not None and b is not None:
                        lines.append(f"    {group:9} {span.label:11} {_show(text, a, b + 1)}")
        if lines:
            print(f"== {row['id']} ({row['site']})")
            print("\n".join(lines))


if __name__ == "__main__":
    main()
