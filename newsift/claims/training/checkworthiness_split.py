"""Honest splits of ClaimBuster: near-duplicate sentences never straddle train and test.

ClaimBuster repeats sentences across debates, verbatim ("Thank you very, very much.") or
nearly ("We added 1.9 million new jobs over the last 13 months."). Sentences whose character
n-gram TF-IDF cosine is at least :data:`NEAR_DUPLICATE_COSINE` are joined into one group
(connected components), and every split is a stratified *group* split over those groups. The
held-out split is a pure function of the data, so a test can rebuild it and check that the
shipped model never saw it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Char 3-5-gram TF-IDF cosine at or above which two sentences count as the same one.
NEAR_DUPLICATE_COSINE = 0.8
SEED = 13
N_FOLDS = 5
#: The held-out split is fold 0 of a 5-fold stratified group split: 20% of ClaimBuster.
HELDOUT_FOLD = 0


def near_duplicate_groups(texts: Sequence[str]) -> np.ndarray:
    """A group id per sentence: connected components of the near-duplicate graph."""
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    matrix = vectors.fit_transform(texts)
    similar = matrix @ matrix.T
    similar.data = (similar.data >= NEAR_DUPLICATE_COSINE).astype(np.int8)
    similar.eliminate_zeros()
    _, groups = connected_components(similar, directed=False)
    return groups


def group_folds(
    labels: Sequence[int], groups: Sequence[int], n_folds: int = N_FOLDS, seed: int = SEED
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified group k-fold: (train indices, test indices) per fold."""
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    labels = np.asarray(labels)
    return list(splitter.split(np.zeros(len(labels)), labels, np.asarray(groups)))


def heldout_split(texts: Sequence[str], labels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(development indices, held-out indices): the held-out 20% is never trained or tuned on."""
    groups = near_duplicate_groups(texts)
    return group_folds(labels, groups)[HELDOUT_FOLD]
