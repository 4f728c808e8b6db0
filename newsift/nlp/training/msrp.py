"""The Microsoft Research Paraphrase corpus (news sentence pairs, 1 = paraphrase).

Read from ``../shared/data/similarity/msrp_paraphrase`` (research use only; never shipped).
The folder's ``train`` is the standard train set less its last 500 pairs (``val``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

MSRP_DIR = Path("similarity") / "msrp_paraphrase"


def load_msrp(data: Path, split: str) -> list[tuple[str, str, int]]:
    """``(sentence1, sentence2, label)`` for ``split`` in train, val, test."""
    path = data / MSRP_DIR / f"msr-para-{split}.tsv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return [(r[3], r[4], int(r[0])) for r in rows if len(r) >= 5]


def accuracy_f1(predicted: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Accuracy, precision, recall and F1 of the paraphrase class."""
    predicted, gold = np.asarray(predicted, bool), np.asarray(gold, bool)
    tp = float((predicted & gold).sum())
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max(gold.sum(), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {
        "accuracy": round(float((predicted == gold).mean()), 4),
        "precision": round(float(precision), 4),
        "recall": round(float(recall), 4),
        "f1": round(float(f1), 4),
        "pairs": len(gold),
    }


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The score threshold that maximises accuracy on (training) pairs."""
    candidates = np.unique(np.round(scores, 3))
    accuracy = [((scores >= t) == gold.astype(bool)).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])
