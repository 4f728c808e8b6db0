"""Scores of a clustering against gold clusters: B-cubed (Bagga & Baldwin 1998) and ARI.

B-cubed averages, over items, the precision and recall of the item's predicted cluster with
respect to its gold cluster, so a big cluster cannot hide many small mistakes; it is what the
story-clustering literature (Miranda et al. 2018) reports. The adjusted Rand index is
scikit-learn's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``predicted`` labels against ``gold`` (one per item)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must label the same items")
    if not gold:
        return {"bcubed_precision": 0.0, "bcubed_recall": 0.0, "bcubed_f1": 0.0}
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_size, predicted_size = Counter(gold), Counter(predicted)
    # Each item in cell (g, p) shares its predicted cluster with pairs[g, p] items of its gold
    # cluster (itself included), so every item of the cell has the same precision and recall.
    precision = sum(n * n / predicted_size[p] for (_, p), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, _), n in pairs.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"bcubed_precision": precision, "bcubed_recall": recall, "bcubed_f1": f1}


def clustering_scores(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict:
    """B-cubed, ARI and the sizes, rounded for printing."""
    from sklearn.metrics import adjusted_rand_score

    scores = bcubed(gold, predicted)
    scores["ari"] = float(adjusted_rand_score(list(map(str, gold)), list(map(str, predicted))))
    out = {k: round(v, 4) for k, v in scores.items()}
    out.update(n_articles=len(gold), n_clusters=len(set(predicted)), n_gold_clusters=len(set(gold)))
    return out
