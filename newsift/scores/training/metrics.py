"""Scores against labels: macro-F1, AUROC, accuracy, expected calibration error with its bootstrap
interval and chance level, and reliability bins."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from newsift.scores.training.fit import SEED


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Equal-width bins; the bin-size-weighted mean |accuracy - confidence| (of class 1)."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    if len(y) == 0:
        return math.nan
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1], right=True), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += mask.sum() * abs(y[mask].mean() - p[mask].mean())
    return float(total / len(y))


def ece_uncertainty(
    y: np.ndarray, p: np.ndarray, draws: int = 1000, seed: int = SEED
) -> dict[str, Any]:
    """How far a measured ECE can be trusted: a bootstrap interval over articles, and the ECE
    a perfectly calibrated model with these same probabilities would show by chance (its
    97.5th percentile when labels are drawn from the probabilities): ten bins over a few
    hundred articles read above zero even when nothing is wrong."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    rng = np.random.default_rng(seed)
    boot = []
    for _ in range(draws):
        i = rng.integers(0, len(y), len(y))
        boot.append(expected_calibration_error(y[i], p[i]))
    null = [expected_calibration_error(rng.random(len(p)) < p, p) for _ in range(draws)]
    return {
        "ece": expected_calibration_error(y, p),
        "interval": [float(q) for q in np.percentile(boot, [2.5, 97.5])],
        "calibrated_97_5": float(np.percentile(null, 97.5)),
    }


def metrics(y: Iterable[int], p: Iterable[float], threshold: float = 0.5) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

    y, p = np.asarray(list(y), int), np.asarray(list(p), float)
    pred = (p >= threshold).astype(int)
    both = len(set(y.tolist())) == 2
    return {
        "n": len(y),
        "positives": int(y.sum()),
        "accuracy": float(accuracy_score(y, pred)) if len(y) else math.nan,
        "macro_f1": float(f1_score(y, pred, average="macro", labels=[0, 1], zero_division=0))
        if len(y)
        else math.nan,
        "auroc": float(roc_auc_score(y, p)) if both else math.nan,
        "ece": expected_calibration_error(y, p),
    }


def reliability_bins(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1], right=True), 0, bins - 1)
    out = []
    for b in range(bins):
        mask = index == b
        if mask.any():
            out.append(
                {
                    "low": float(edges[b]),
                    "high": float(edges[b + 1]),
                    "n": int(mask.sum()),
                    "confidence": float(p[mask].mean()),
                    "frequency": float(y[mask].mean()),
                }
            )
    return out
