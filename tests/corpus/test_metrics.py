"""B-cubed arithmetic, checked against sums done by hand."""

from __future__ import annotations

import pytest

from newsift.corpus.metrics import bcubed, clustering_scores


def test_perfect_clustering_scores_one_whatever_the_labels():
    scores = bcubed(["a", "a", "b"], [7, 7, 3])
    assert scores == {"bcubed_precision": 1.0, "bcubed_recall": 1.0, "bcubed_f1": 1.0}


def test_one_big_cluster_keeps_recall_and_loses_precision():
    # gold {1,2} {3}; all in one: precision (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1.
    scores = bcubed(["x", "x", "y"], [0, 0, 0])
    assert scores["bcubed_precision"] == pytest.approx(5 / 9)
    assert scores["bcubed_recall"] == pytest.approx(1.0)
    assert scores["bcubed_f1"] == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))


def test_mixed_case_matches_the_item_by_item_definition():
    gold = ["a", "a", "a", "b", "b"]
    predicted = [1, 1, 2, 2, 2]
    # items: a1,a2 in {a1,a2}: P 1, R 2/3; a3 in {a3,b1,b2}: P 1/3, R 1/3;
    # b1,b2 in {a3,b1,b2}: P 2/3, R 1.
    precision = (1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5
    recall = (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5
    scores = bcubed(gold, predicted)
    assert scores["bcubed_precision"] == pytest.approx(precision)
    assert scores["bcubed_recall"] == pytest.approx(recall)


def test_clustering_scores_reports_sizes_and_ari():
    scores = clustering_scores(["a", "a", "b", "b"], [0, 0, 1, 1])
    assert scores["ari"] == 1.0
    assert (scores["n_articles"], scores["n_clusters"], scores["n_gold_clusters"]) == (4, 2, 2)


def test_labels_must_cover_the_same_items():
    with pytest.raises(ValueError):
        bcubed(["a"], [1, 2])
