"""Precision and recall of the hedge cue detector on sentences we labelled ourselves.

No public hedge-annotated news corpus is in ../shared/data, so ``newsift/data/hedging_gold.jsonl``
holds our own labels for a small sample of sentences from the article sets there (docs/claims.md
says how they were drawn and labelled). It stores where each sentence is (data file, record id,
field, character offsets) and a SHA-1 of its text, never the text: the sentences are re-read
from the data directory and checked against the hash.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from newsift.article import Article
from newsift.claims.hedging import HEDGE_KINDS
from newsift.errors import InputError


@dataclass
class GoldSentence:
    dataset: str
    id_field: str
    id: str
    field: str
    start: int
    end: int
    sha1: str
    sample: str
    cues: list[tuple[int, int, str]]
    text: str = ""
    predicted: list[tuple[int, int, str]] = field(default_factory=list)


def default_gold_path() -> Path:
    return Path(str(resources.files("newsift") / "data" / "hedging_gold.jsonl"))


def read_gold(path: Path) -> list[GoldSentence]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"cannot read the hedging labels {path}: {err.strerror}") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append(GoldSentence(**{**row, "cues": [tuple(c) for c in row["cues"]]}))
        except (ValueError, TypeError, KeyError) as err:
            raise InputError(f"{path}:{number} is not a hedging label row ({err})") from None
    return rows


def attach_text(gold: list[GoldSentence], data_dir: Path) -> None:
    """Re-read each sentence from its data file (streamed) and check it against its hash."""
    by_file: dict[str, list[GoldSentence]] = defaultdict(list)
    for sentence in gold:
        by_file[sentence.dataset].append(sentence)
    for dataset, sentences in by_file.items():
        path = data_dir / dataset
        if not path.is_file():
            raise InputError(f"{path} not found: pass --data pointing at the shared data folder")
        wanted = {(s.id_field, s.id) for s in sentences}
        records: dict[tuple[str, str], dict[str, Any]] = {}
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                for id_field, _ in wanted:
                    key = (id_field, str(row.get(id_field)))
                    if key in wanted:
                        records[key] = row
        for sentence in sentences:
            record = records.get((sentence.id_field, sentence.id))
            if record is None:
                raise InputError(f"record {sentence.id} is missing from {path}")
            text = str(record.get(sentence.field) or "")[sentence.start : sentence.end]
            if hashlib.sha1(text.encode("utf-8")).hexdigest() != sentence.sha1:
                raise InputError(
                    f"record {sentence.id} in {path} differs from the labelled version"
                    " (hash mismatch); the labels do not apply to this copy of the data"
                )
            sentence.text = text


def predict(gold: Iterable[GoldSentence], fast: bool = False) -> None:
    """Run the spaCy and hedging components on each sentence alone."""
    from newsift.pipeline import Pipeline

    pipeline = Pipeline.from_names(["nlp", "hedging"], fast=fast)
    for sentence in gold:
        article = Article(raw=sentence.text, text=sentence.text)
        pipeline(article)
        sentence.predicted = [(h.start, h.end, h.label) for h in article.spans.get("hedges", [])]


def _match(gold: list[tuple[int, int, str]], predicted: list[tuple[int, int, str]]):
    """One-to-one pairs of overlapping gold and predicted cues, greedy by overlap."""
    candidates = sorted(
        (
            (min(g[1], p[1]) - max(g[0], p[0]), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if min(g[1], p[1]) > max(g[0], p[0])
        ),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], predicted[pi]))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "predicted": n_pred,
        "gold": n_gold,
    }


def score(gold: list[GoldSentence]) -> dict[str, Any]:
    tp = n_pred = n_gold = kind_agree = 0
    per_kind_tp: Counter[str] = Counter()
    per_kind_gold: Counter[str] = Counter()
    per_kind_pred: Counter[str] = Counter()
    sentence_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in gold:
        pairs = _match(sentence.cues, sentence.predicted)
        tp += len(pairs)
        n_pred += len(sentence.predicted)
        n_gold += len(sentence.cues)
        kind_agree += sum(g[2] == p[2] for g, p in pairs)
        per_kind_gold.update(c[2] for c in sentence.cues)
        per_kind_pred.update(p[2] for p in sentence.predicted)
        per_kind_tp.update(g[2] for g, p in pairs if g[2] == p[2])
        for group in ("all", sentence.sample):
            counts = sentence_counts[group]
            is_gold, is_pred = bool(sentence.cues), bool(sentence.predicted)
            counts["tp"] += is_gold and is_pred
            counts["gold"] += is_gold
            counts["pred"] += is_pred
            counts["n"] += 1
    return {
        "sentences": len(gold),
        "cues": {
            **_prf(tp, n_pred, n_gold),
            "kind_agreement": round(kind_agree / tp, 4) if tp else 0.0,
        },
        "sentence_level": {
            group: {**_prf(c["tp"], c["pred"], c["gold"]), "sentences": c["n"]}
            for group, c in sorted(sentence_counts.items())
        },
        "per_kind": {
            kind: _prf(per_kind_tp[kind], per_kind_pred[kind], per_kind_gold[kind])
            for kind in HEDGE_KINDS
        },
        "errors": {
            "missed": [
                (s.id, s.text[g[0] : g[1]], g[2])
                for s in gold
                for g in s.cues
                if not any(g is pair[0] for pair in _match(s.cues, s.predicted))
            ],
            "spurious": [
                (s.id, s.text[p[0] : p[1]], p[2])
                for s in gold
                for p in s.predicted
                if not any(p is pair[1] for pair in _match(s.cues, s.predicted))
            ],
        },
    }


def evaluate_hedging(
    data_dir: Path, gold_path: Path | None = None, fast: bool = False
) -> dict[str, Any]:
    """Cue- and sentence-level precision/recall of the hedge detector on our labelled sample."""
    gold = read_gold(gold_path or default_gold_path())
    attach_text(gold, data_dir)
    predict(gold, fast=fast)
    return score(gold)


def result_rows(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    rows = [("cues (overlap match)", result["cues"])]
    rows += [(f"sentences: {k}", v) for k, v in result["sentence_level"].items()]
    rows += [(f"kind: {k}", v) for k, v in result["per_kind"].items()]
    return rows


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| level | precision | recall | F1 | TP | predicted | gold |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in result_rows(result):
        lines.append(
            f"| {name} | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1']:.2f} | {r['tp']}"
            f" | {r['predicted']} | {r['gold']} |"
        )
    lines.append("")
    lines.append(
        f"{result['sentences']} sentences; kind agreement on matched cues:"
        f" {result['cues']['kind_agreement']:.2f}."
    )
    return "\n".join(lines)
