"""How good the check-worthiness scores are: average precision, P@k, F1 at the threshold and
calibration, on labelled sentences (ClaimBuster JSON or CheckThat! TSV)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsift.claims.checkworthiness import MODEL_DIR, load_model
from newsift.claims.training.claimdata import LabeledSentence

#: ECE bins (equal width over 0..1).
CALIBRATION_BINS = 10
#: Ranks at which precision is reported for ranked lists (CheckThat! reports P@k).
PRECISION_AT = (5, 10, 20)


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Average precision of one ranked list (mean of precision at each positive's rank)."""
    order = np.argsort(-np.asarray(scores, dtype=float), kind="stable")
    ranked = np.asarray(labels)[order]
    if ranked.sum() == 0:
        return 0.0
    hits = np.cumsum(ranked)
    return float(np.sum(hits[ranked == 1] / (np.flatnonzero(ranked) + 1)) / ranked.sum())


def expected_calibration_error(
    labels: Sequence[int], probabilities: Sequence[float], bins: int = CALIBRATION_BINS
) -> float:
    """Share-weighted mean |accuracy - confidence| over equal-width probability bins."""
    labels = np.asarray(labels, dtype=float)
    probabilities = np.asarray(probabilities, dtype=float)
    which = np.minimum((probabilities * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            gap = abs(labels[members].mean() - probabilities[members].mean())
            total += members.sum() / len(labels) * gap
    return float(total)


def score_metrics(
    rows: Sequence[LabeledSentence], probabilities: Sequence[float], threshold: float
) -> dict[str, float | int]:
    """P/R/F1 of the positive class at ``threshold``; MAP and P@k over each source's ranking."""
    labels = np.array([r.label for r in rows])
    probabilities = np.asarray(probabilities, dtype=float)
    predicted = probabilities >= threshold
    tp = int(np.sum(predicted & (labels == 1)))
    precision = tp / predicted.sum() if predicted.sum() else 0.0
    recall = tp / labels.sum() if labels.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lists: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        lists.setdefault(row.source, []).append(i)
    ranked = [idx for idx in lists.values() if labels[idx].sum() > 0]
    metrics: dict[str, float | int] = {
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
        "f1": round(float(f1), 4),
        "threshold": round(float(threshold), 4),
        "sentences": len(rows),
        "positives": int(labels.sum()),
        "lists": len(ranked),
        "map": round(
            float(np.mean([average_precision(labels[i], probabilities[i]) for i in ranked])), 4
        )
        if ranked
        else 0.0,
        "ece": round(expected_calibration_error(labels, probabilities), 4),
    }
    for k in PRECISION_AT:
        at_k = []
        for idx in ranked:
            top = np.argsort(-probabilities[idx], kind="stable")[:k]
            at_k.append(labels[idx][top].sum() / k)
        metrics[f"p_at_{k}"] = round(float(np.mean(at_k)), 4) if at_k else 0.0
    return metrics


def evaluate(
    path: str | Path, model_dir: Path = MODEL_DIR, threshold: float | None = None
) -> dict[str, float | int]:
    """Score a ClaimBuster JSON, CheckThat! TSV or folder of them with the shipped model."""
    from newsift.claims.training.claimdata import read_labeled

    rows = read_labeled(path)
    model = load_model(model_dir)
    probabilities = model.predict_proba([r.text for r in rows])
    return score_metrics(rows, probabilities, model.threshold if threshold is None else threshold)
