"""Possible propaganda techniques as spans of the cleaned text, and the ``propaganda`` component.

Two small linear models (``newsift train propaganda``, trained on PTC; see the model card): a
token tagger marks the tokens inside any technique's span (SemEval-2020 Task 11 SI), and a span
classifier names the technique of each marked span (TC). A span's score is the tagger's mean
probability times the technique's, calibrated per technique on held-out articles; a span is
reported only when its score passes its technique's threshold, chosen for precision. Techniques
whose spans never reached that precision in evaluation are never reported.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsift.article import Article, Signal, Span
from newsift.errors import ModelError
from newsift.pipeline import factory
from newsift.propaganda.features import (
    SPAN_FEATURES,
    TOKEN_FEATURES,
    hashed,
    span_feature_list,
    token_feature_lists,
    tokens,
)
from newsift.propaganda.techniques import DEFINITIONS

MODEL_DIR = "models/propaganda"
#: Marked runs separated by at most this many unmarked tokens are one span.
GAP = 1


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class PropagandaModel:
    tagger_coef: np.ndarray
    tagger_intercept: float
    classifier_coef: np.ndarray  # (techniques, SPAN_FEATURES)
    classifier_intercept: np.ndarray
    techniques: list[str]
    token_threshold: float
    calibration: dict[str, tuple[float, float]]  # technique -> Platt (a, b) on log-odds
    thresholds: dict[str, float | None]  # technique -> shown at or above; None: never shown
    meta: dict[str, Any]

    def token_probabilities(self, text: str) -> tuple[list[tuple[str, int, int]], np.ndarray]:
        toks = tokens(text)
        if not toks:
            return toks, np.zeros(0)
        X = hashed(token_feature_lists(toks), TOKEN_FEATURES)
        return toks, _sigmoid(X @ self.tagger_coef + self.tagger_intercept)

    def technique_probabilities(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        if not spans:
            return np.zeros((0, len(self.techniques)))
        X = hashed((span_feature_list(text, s, e) for s, e in spans), SPAN_FEATURES)
        z = X @ self.classifier_coef.T + self.classifier_intercept
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def candidate_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Runs of marked tokens (short gaps bridged, punctuation trimmed) and their mean p."""
        toks, p = self.token_probabilities(text)
        groups: list[list[int]] = []
        for i in np.flatnonzero(p >= self.token_threshold):
            if groups and i - groups[-1][-1] <= GAP + 1:
                groups[-1].append(int(i))
            else:
                groups.append([int(i)])
        spans: list[tuple[int, int, float]] = []
        for group in groups:
            lo, hi = group[0], group[-1]
            while lo <= hi and not toks[lo][0][0].isalnum():
                lo += 1
            while hi >= lo and not toks[hi][0][0].isalnum():
                hi -= 1
            if lo <= hi:
                spans.append((toks[lo][1], toks[hi][2], float(p[lo : hi + 1].mean())))
        return spans

    def predict(self, text: str, *, shown_only: bool = True) -> list[Span]:
        """Technique spans with calibrated scores (only those past their threshold)."""
        candidates = self.candidate_spans(text)
        probabilities = self.technique_probabilities(text, [(s, e) for s, e, _ in candidates])
        out = []
        for (start, end, p_span), row in zip(candidates, probabilities, strict=True):
            k = int(np.argmax(row))
            technique = self.techniques[k]
            score = self.calibrated(technique, p_span * float(row[k]))
            threshold = self.thresholds.get(technique)
            if shown_only and (threshold is None or score < threshold):
                continue
            out.append(
                Span(
                    start,
                    end,
                    technique,
                    round(score, 4),
                    attrs={"definition": DEFINITIONS.get(technique, "")},
                )
            )
        return out

    def calibrated(self, technique: str, raw: float) -> float:
        a, b = self.calibration.get(technique, (1.0, 0.0))
        raw = min(max(raw, 1e-6), 1 - 1e-6)
        return float(_sigmoid(a * math.log(raw / (1 - raw)) + b))

    def save(self, folder) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "weights.npz",
            tagger=self.tagger_coef.astype(np.float16),
            classifier=self.classifier_coef.astype(np.float16),
        )
        meta = {
            "techniques": self.techniques,
            "tagger_intercept": self.tagger_intercept,
            "classifier_intercept": [float(v) for v in self.classifier_intercept],
            "token_threshold": self.token_threshold,
            "calibration": {k: list(v) for k, v in self.calibration.items()},
            "thresholds": self.thresholds,
            "meta": self.meta,
        }
        (folder / "model.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder) -> PropagandaModel:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz") as weights:
            tagger = weights["tagger"].astype(np.float64)
            classifier = weights["classifier"].astype(np.float64)
        return cls(
            tagger,
            float(meta["tagger_intercept"]),
            classifier,
            np.array(meta["classifier_intercept"]),
            list(meta["techniques"]),
            float(meta["token_threshold"]),
            {k: (float(a), float(b)) for k, (a, b) in meta["calibration"].items()},
            dict(meta["thresholds"]),
            meta.get("meta", {}),
        )


@lru_cache(maxsize=1)
def shipped_model() -> PropagandaModel:
    folder = resources.files("newsift") / MODEL_DIR
    try:
        return PropagandaModel.load(folder)
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(
            f"the propaganda model cannot be loaded ({err}); run `newsift train propaganda`"
        ) from None


class PropagandaComponent:
    """Adds the ``propaganda`` span group and the ``propaganda_techniques`` signal."""

    name = "propaganda"
    needs_supported_language = True

    def __init__(self) -> None:
        self.model = shipped_model()

    def __call__(self, article: Article) -> Article:
        spans = self.model.predict(article.text)
        article.spans["propaganda"] = spans
        techniques = sorted({s.label for s in spans})
        article.signals = [s for s in article.signals if s.name != "propaganda_techniques"]
        article.signals.append(
            Signal(
                "propaganda_techniques",
                len(techniques),
                "possible propaganda techniques: "
                + (", ".join(t.replace("_", " ") for t in techniques) or "none found")
                + " (a technique is shown only where its spans were right often enough in"
                " evaluation; see the model card)",
                spans=list(spans),
            )
        )
        return article


@factory("propaganda")
def make_propaganda() -> PropagandaComponent:
    return PropagandaComponent()
