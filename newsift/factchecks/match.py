"""Has this claim been fact-checked? BM25 and the shared sentence embedding each find
candidates in the store; a small logistic re-ranker, trained on CheckThat! claim-retrieval pairs (``newsift train factchecks``), turns
each candidate into a calibrated probability from what the two texts share; a match is shown
only above the threshold chosen on held-out folds for precision (see the model card).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsift.errors import ModelError
from newsift.factchecks.store import FactCheck, FactCheckStore

MODEL_DIR = "models/factchecks"
#: Candidates BM25 hands the re-ranker per claim.
CANDIDATES = 20

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][a-zA-Z’'-]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "not",
        "no",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "who",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "so",
        "if",
        "into",
        "about",
        "over",
        "after",
        "before",
        "up",
        "out",
    ]
)

FEATURES = (
    "cosine",
    "cosine_below_best",
    "bm25",
    "bm25_share_of_best",
    "log_rank",
    "word_jaccard",
    "claim_words_in_query",
    "query_words_in_claim",
    "numbers_shared",
    "numbers_missing",
    "names_shared",
    "query_names_missing",
    "claim_names_missing",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(
        w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1
    )


@lru_cache(maxsize=200_000)
def _facts(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A text's content words, numbers and capitalised names, computed once per text."""
    return (
        _words(text),
        frozenset(_NUMBER.findall(text)),
        frozenset(n.lower() for n in _NAME.findall(text)),
    )


def pair_features(
    query: str,
    check: FactCheck,
    score: float,
    best: float,
    rank: int,
    cosine: float,
    best_cosine: float,
) -> list[float]:
    """What a claim and one candidate fact-check share, as numbers (order of FEATURES)."""
    q, q_numbers, q_names = _facts(query)
    c, _, c_names = _facts(check.search_text())
    c_numbers = _facts(check.claim)[1]
    shared = len(q & c)
    union = len(q | c)
    return [
        cosine,
        best_cosine - cosine,
        score,
        score / best if best > 0 else 0.0,
        math.log(rank),
        shared / union if union else 0.0,
        shared / len(c) if c else 0.0,
        shared / len(q) if q else 0.0,
        float(len(q_numbers & c_numbers)),
        float(len(c_numbers - q_numbers)),
        float(len(q_names & c_names)),
        float(len(q_names - c_names)),
        float(len(c_names - q_names)),
    ]


@dataclass
class Reranker:
    """Standardised features, logistic weights, and the threshold chosen for precision."""

    means: np.ndarray
    scales: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    meta: dict[str, Any]

    def probability(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.means) / self.scales) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "means": [round(float(v), 6) for v in self.means],
            "scales": [round(float(v), 6) for v in self.scales],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            "threshold": round(float(self.threshold), 4),
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reranker:
        if list(data.get("features", [])) != list(FEATURES):
            raise ModelError("the fact-check re-ranker was trained on other features; retrain it")
        return cls(
            np.array(data["means"]),
            np.array(data["scales"]),
            np.array(data["coef"]),
            float(data["intercept"]),
            float(data["threshold"]),
            data.get("meta", {}),
        )


@lru_cache(maxsize=1)
def shipped_reranker() -> Reranker:
    path = resources.files("newsift") / MODEL_DIR / "reranker.json"
    try:
        return Reranker.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(
            f"the fact-check re-ranker cannot be loaded ({err}); run `newsift train factchecks`"
        ) from None


@dataclass
class Match:
    check: FactCheck
    score: float  # calibrated probability that the fact-check is about this claim


def candidate_features(
    store: FactCheckStore, queries: Sequence[str], k: int = CANDIDATES
) -> list[tuple[list[int], np.ndarray]]:
    """For each query: the candidates' indices into the store and their feature rows."""
    out = []
    for query, found in zip(queries, store.candidates(queries, k), strict=True):
        best = max((score for _, score, _, _ in found), default=0.0)
        best_cosine = max((cosine for *_, cosine in found), default=0.0)
        rows = [
            pair_features(query, store.checks[j], score, best, rank, cosine, best_cosine)
            for j, score, rank, cosine in found
        ]
        out.append(([j for j, *_ in found], np.array(rows, dtype=float).reshape(-1, len(FEATURES))))
    return out


def match_claims(
    store: FactCheckStore,
    claims: Sequence[str],
    reranker: Reranker | None = None,
    *,
    threshold: float | None = None,
    top: int = 3,
) -> list[list[Match]]:
    """The fact-checks above the threshold for each claim, best first."""
    reranker = reranker or shipped_reranker()
    cut = reranker.threshold if threshold is None else threshold
    results = []
    for indices, X in candidate_features(store, claims):
        if not indices:
            results.append([])
            continue
        p = reranker.probability(X)
        order = np.argsort(-p, kind="stable")
        results.append(
            [Match(store.checks[indices[i]], float(p[i])) for i in order[:top] if p[i] >= cut]
        )
    return results
