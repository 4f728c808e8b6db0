"""Has this claim been fact-checked? BM25 and the shared sentence embedding each find
candidates in the store; a small gradient-boosted ranker (LightGBM), trained on CheckThat!
claim-retrieval pairs (``newsift train factchecks``), orders each claim's candidates from what
the two texts share and how far apart their dates are, and a logistic map fitted on held-out
folds turns its score into a probability; a match is shown only above the threshold chosen on
held-out folds for precision (see the model card).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
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
    "dated",
    "days_to_check",
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
    claim_date: date | None = None,
) -> list[float]:
    """What a claim and one candidate fact-check share, as numbers (order of FEATURES).

    The last two say whether the check is dated on or after the claim and by how many days
    (log scale): in the training tweets a right check follows its tweet, mostly within days. A
    check older than the claim counts as undated, so an old rumour repeated in the news is not
    pushed down for being old."""
    q, q_numbers, q_names = _facts(query)
    c, _, c_names = _facts(check.search_text())
    c_numbers = _facts(check.claim)[1]
    shared = len(q & c)
    union = len(q | c)
    checked = _day(check.date)
    days = (checked - claim_date).days if checked and claim_date else None
    if days is not None and days < 0:
        days = None  # a check older than the claim: a rumour back again, judged on its words
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
        float(days is not None),
        math.copysign(math.log1p(abs(days)), days) if days is not None else 0.0,
    ]


@lru_cache(maxsize=65_536)
def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


@dataclass
class Reranker:
    """A LightGBM ranker over FEATURES, the logistic map from its score to a probability
    (fitted on out-of-fold scores), and the threshold chosen for precision."""

    booster: Any  # lightgbm.Booster
    calibration: tuple[float, float]  # probability = sigmoid(a * score + b)
    threshold: float
    meta: dict[str, Any]

    def score(self, X: np.ndarray) -> np.ndarray:
        """The ranker's raw score: orders one claim's candidates."""
        return np.asarray(self.booster.predict(X, num_threads=1), dtype=float)

    def probability(self, X: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * self.score(X) + b)))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "calibration": [round(float(v), 6) for v in self.calibration],
            "threshold": round(float(self.threshold), 4),
            "meta": self.meta,
            "booster": self.booster.model_to_string(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reranker:
        import lightgbm

        if list(data.get("features", [])) != list(FEATURES):
            raise ModelError("the fact-check re-ranker was trained on other features; retrain it")
        a, b = data["calibration"]
        return cls(
            lightgbm.Booster(model_str=data["booster"]),
            (float(a), float(b)),
            float(data["threshold"]),
            data.get("meta", {}),
        )


@lru_cache(maxsize=1)
def shipped_reranker() -> Reranker:
    path = resources.files("newsift") / MODEL_DIR / "reranker.json"
    try:
        return Reranker.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelError(
            f"the fact-check re-ranker cannot be loaded ({err}); run `newsift train factchecks`"
        ) from None


@dataclass
class Match:
    check: FactCheck
    score: float  # calibrated probability that the fact-check is about this claim


def candidate_features(
    store: FactCheckStore,
    queries: Sequence[str],
    k: int = CANDIDATES,
    dates: Sequence[date | None] | None = None,
) -> list[tuple[list[int], np.ndarray]]:
    """For each query (dated by ``dates``, when known): the candidates' indices into the store
    and their feature rows."""
    dates = dates if dates is not None else [None] * len(queries)
    out = []
    for query, day, found in zip(queries, dates, store.candidates(queries, k), strict=True):
        best = max((score for _, score, _, _ in found), default=0.0)
        best_cosine = max((cosine for *_, cosine in found), default=0.0)
        rows = [
            pair_features(query, store.checks[j], score, best, rank, cosine, best_cosine, day)
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
    dates: Sequence[date | None] | None = None,
) -> list[list[Match]]:
    """The fact-checks above the threshold for each claim, best first. ``dates``: when each
    claim was made (an article's publication date), where known. Pass every claim at hand in
    one call: the work is done per batch."""
    reranker = reranker or shipped_reranker()
    cut = reranker.threshold if threshold is None else threshold
    found = candidate_features(store, claims, dates=dates)
    rows = [X for _, X in found]
    p_all = reranker.probability(np.vstack(rows)) if any(len(X) for X in rows) else np.zeros(0)
    results, start = [], 0
    for indices, X in found:
        p, start = p_all[start : start + len(X)], start + len(X)
        order = np.argsort(-p, kind="stable")
        results.append(
            [Match(store.checks[indices[i]], float(p[i])) for i in order[:top] if p[i] >= cut]
        )
    return results
