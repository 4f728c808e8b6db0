"""Score the default analysis against the findings gold set (docs/findings-gold.md).

What a reader is told about sourcing is scored as it reaches the report: the source span and
type of every attribution, and three article findings (``hedge_then_certainty``,
``evidence_promised_not_shown``, and satire from the satire content score). The gold set is
our own labels on real articles, so this is the figure that says whether the source types and
signals can be trusted on news text, which PolNeAR (no types, one genre) cannot say.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsift.claims.training.findings_gold import SIGNALS, SOURCE_TYPES, SPLITS, build_rows
from newsift.errors import InputError

#: An article is predicted satire when its satire content score reaches this.
SATIRE_THRESHOLD = 0.5

#: Issue 15's goals: (group, name, metric) -> the least acceptable figure.
GOALS: dict[tuple[str, str, str], float] = {
    ("source_type", "anonymous", "precision"): 0.90,
    ("source_type", "anonymous", "recall"): 0.80,
    **{("source_type", t, "precision"): 0.85 for t in SOURCE_TYPES if t != "anonymous"},
    ("signals", "hedge_then_certainty", "precision"): 0.90,
    ("signals", "hedge_then_certainty", "recall"): 0.70,
}

Span = tuple[int, int, str]


@dataclass
class Prediction:
    """What the analysis said about one gold text, in the gold text's offsets."""

    sources: list[Span] = field(default_factory=list)
    signals: dict[str, bool] = field(default_factory=dict)


def load_rows(path: Path, source_data: Path | None = None) -> list[dict[str, Any]]:
    """Gold rows with texts: a built file, or the label file rebuilt from ``source_data``."""
    if not Path(path).is_file():
        raise InputError(f"findings gold file {path} not found")
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    if rows and "text" not in rows[0]:
        if source_data is None:
            raise InputError(
                f"{path} holds labels without texts: build the texts first with `newsift data"
                " findings-gold --data ../shared/data --out FILE`, or pass --source-data"
            )
        return build_rows(source_data, Path(path))
    return rows


def select_split(rows: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    if split == "all":
        return rows
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r} (dev, test or all)")
    return [row for row in rows if row["split"] == split]


def predict_text(text: str) -> Prediction:
    """Run the default analysis on ``text`` as plain text and map its findings back to it."""
    from newsift.input.ingest import article_from_text
    from newsift.pipeline import Pipeline
    from newsift.report import build_report
    from newsift.settings import DEFAULT_COMPONENTS

    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline.from_names(DEFAULT_COMPONENTS)
    article = article_from_text(text, kind="text")
    _PIPELINE(article)
    report = build_report(article, _PIPELINE.names)
    sources: set[Span] = set()
    for attribution in report.attributions:
        span = source_span(article, attribution.source)
        if span is not None:
            sources.add(span)
    fired = {s.name for s in report.signals if _positive(s.value)}
    satire = report.scores.get("satire")
    return Prediction(
        sources=sorted(sources),
        signals={
            "hedge_then_certainty": "hedge_then_certainty" in fired,
            "evidence_promised_not_shown": "evidence_promised_not_shown" in fired,
            "satire": satire is not None and satire.content.probability >= SATIRE_THRESHOLD,
        },
    )


_PIPELINE: Any = None


def source_span(article: Any, source: Any) -> Span | None:
    """A reported source in the gold text's offsets, with its type; None for no source."""
    if source.start is None or source.end is None or source.type == "none":
        return None
    start = article.source_offset(source.start)
    last = article.source_offset(source.end - 1)
    if start is None or last is None:
        return None
    return start, last + 1, source.type


def _positive(value: float | int | bool | str) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no")
    return bool(value) and value > 0


def match(gold: list[Span], predicted: list[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, greedy by overlap.

    Spans are only paired with spans of the same type: a source found with the wrong type is
    both a miss of its gold type and a false alarm of its predicted type.
    """
    candidates = sorted(
        (
            (min(g[1], p[1]) - max(g[0], p[0]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if g[2] == p[2] and min(g[1], p[1]) > max(g[0], p[0])
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def _untyped(spans: list[Span]) -> list[Span]:
    return [(s, e, "") for s, e, _ in spans]


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    """Precision and recall; None when undefined (nothing predicted, or no gold)."""
    return {
        "precision": round(tp_pred / n_pred, 4) if n_pred else None,
        "recall": round(tp_gold / n_gold, 4) if n_gold else None,
        "support": n_gold,
        "predicted": n_pred,
        "matched": tp_gold,
    }


def score(rows: list[dict[str, Any]], predictions: list[Prediction]) -> dict[str, Any]:
    """Per-type and per-signal precision/recall over the articles (micro-averaged)."""
    matched: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    any_matched = any_gold = any_pred = 0
    confusion: dict[str, Counter[str]] = {t: Counter() for t in SOURCE_TYPES}
    signal_counts = {s: Counter() for s in SIGNALS}
    for row, prediction in zip(rows, predictions, strict=True):
        gold = [(a["start"], a["end"], a["type"]) for a in row["attributions"]]
        predicted = list(prediction.sources)
        n_gold.update(g[2] for g in gold)
        n_pred.update(p[2] for p in predicted)
        for gi, _ in match(gold, predicted):
            matched[gold[gi][2]] += 1
        untyped_pairs = match(_untyped(gold), _untyped(predicted))
        any_matched += len(untyped_pairs)
        any_gold += len(gold)
        any_pred += len(predicted)
        for gi, pi in untyped_pairs:
            confusion[gold[gi][2]][predicted[pi][2]] += 1
        for signal in SIGNALS:
            is_gold, is_pred = bool(row[signal]), bool(prediction.signals.get(signal))
            counts = signal_counts[signal]
            counts["tp"] += is_gold and is_pred
            counts["gold"] += is_gold
            counts["pred"] += is_pred
    predicted_types = [t for t in n_pred if t not in SOURCE_TYPES]
    return {
        "n_articles": len(rows),
        "source_type": {
            t: _prf(matched[t], n_pred[t], matched[t], n_gold[t]) for t in SOURCE_TYPES
        },
        "signals": {
            s: _prf(c["tp"], c["pred"], c["tp"], c["gold"]) for s, c in signal_counts.items()
        },
        "sources_any_type": _prf(any_matched, any_pred, any_matched, any_gold),
        "type_confusion": {t: dict(c) for t, c in confusion.items() if c},
        "other_predicted_types": {t: n_pred[t] for t in predicted_types},
    }


def goals(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal with its figure and whether it is reached (None: no figure to judge)."""
    out = []
    for (group, name, metric), target in GOALS.items():
        value = result[group][name][metric]
        out.append(
            {
                "what": f"{name} {metric}",
                "goal": target,
                "value": value,
                "reached": None if value is None else value >= target,
                "support": result[group][name]["support"],
            }
        )
    return out


def evaluate(
    rows: list[dict[str, Any]],
    predict: Callable[[str], Prediction] = predict_text,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Predict every row's findings and score them; ``predict`` is replaceable for tests."""
    predictions = []
    for number, row in enumerate(rows, 1):
        predictions.append(predict(row["text"]))
        if progress:
            progress(number, len(rows))
    result = score(rows, predictions)
    result["goals"] = goals(result)
    return result


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def markdown(result: dict[str, Any], command: str, split: str) -> str:
    """The docs/benchmarks.md section: per type, per signal, and the goals."""
    sites = result.get("n_sites")
    lines = [
        f"### Findings gold set, split `{split}`",
        "",
        f"Produced by `{command}`. {result['n_articles']} articles"
        + (f" from {sites} sites" if sites else "")
        + "; matching and definitions in [findings-gold.md](findings-gold.md).",
        "",
        "| source type | precision | recall | support (gold) | predicted | matched |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in result["source_type"].items():
        lines.append(_table_row(name, row))
    lines.append(_table_row("*any type (span only)*", result["sources_any_type"]))
    lines += [
        "",
        "| signal | precision | recall | support (gold) | predicted | matched |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in result["signals"].items():
        label = f"satire (content score >= {SATIRE_THRESHOLD})" if name == "satire" else name
        lines.append(_table_row(label, row))
    lines += ["", "| goal | figure | reached |", "|---|---|---|"]
    for goal in result["goals"]:
        reached = {True: "yes", False: "**no**", None: "no figure"}[goal["reached"]]
        lines.append(
            f"| {goal['what']} >= {goal['goal']:.2f} | {_fmt(goal['value'])}"
            f" (support {goal['support']}) | {reached} |"
        )
    abstained = (result.get("other_predicted_types") or {}).get("unknown")
    if abstained:
        lines += [
            "",
            f"Sources reported with type `unknown` (no type claimed): {abstained}; they count"
            " in the span-only row and in no type's precision.",
        ]
    confusion = result.get("type_confusion") or {}
    if confusion:
        lines += ["", "Spans found with overlap, gold type → predicted type:", ""]
        for gold_type, counts in confusion.items():
            parts = ", ".join(f"{t} {n}" for t, n in sorted(counts.items(), key=lambda x: -x[1]))
            lines.append(f"- {gold_type}: {parts}")
    return "\n".join(lines) + "\n"


def _table_row(name: str, row: dict[str, Any]) -> str:
    return (
        f"| {name} | {_fmt(row['precision'])} | {_fmt(row['recall'])} | {row['support']}"
        f" | {row['predicted']} | {row['matched']} |"
    )


def run(
    path: Path,
    split: str = "all",
    source_data: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Load, select the split, predict and score: what ``newsift evaluate findings`` prints."""
    rows = select_split(load_rows(path, source_data), split)
    if not rows:
        raise InputError(f"no gold rows in split {split!r} of {path}")
    result = evaluate(rows, progress=progress)
    result["n_sites"] = len({row["site"] for row in rows})
    result["split"] = split
    return result


def summary_counts(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Articles, sites, attributions per type and signal positives, for the docs."""
    rows = list(rows)
    return {
        "articles": len(rows),
        "sites": len({row["site"] for row in rows}),
        "attributions": dict(Counter(a["type"] for row in rows for a in row["attributions"])),
        "signals": {s: sum(bool(row[s]) for row in rows) for s in SIGNALS},
    }
