"""Which sentences make claims worth checking: a calibrated probability per sentence.

The shipped model (``newsift/models/checkworthiness``, trained by ``newsift train
checkworthiness``; see its MODEL_CARD.md) is a fine-tuned MiniLM sentence encoder exported to
int8 ONNX, run with onnxruntime and tokenizers, so no torch at run time. Its raw score goes
through a Platt calibration fitted on validation data, so ``0.8`` means about 80% of such
sentences were labelled check-worthy in the (debate) training data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.article import Article, Span
from newsift.claims.training.claimdata import LabeledSentence
from newsift.errors import ModelError
from newsift.pipeline import factory

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "checkworthiness"
#: ECE bins (equal width over 0..1).
CALIBRATION_BINS = 10
#: Ranks at which precision is reported for ranked lists (CheckThat! reports P@k).
PRECISION_AT = (5, 10, 20)


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of the raw logit: p = sigmoid(slope * logit + intercept)."""

    slope: float = 1.0
    intercept: float = 0.0

    def __call__(self, logits: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.slope * np.asarray(logits) + self.intercept)))

    @classmethod
    def fit(cls, logits: Sequence[float], labels: Sequence[int]) -> Calibration:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=1e6, max_iter=1000)
        model.fit(np.asarray(logits, dtype=float).reshape(-1, 1), np.asarray(labels))
        return cls(float(model.coef_[0, 0]), float(model.intercept_[0]))


class CheckworthinessModel:
    """The exported encoder: ``logits(texts)`` raw, ``predict_proba(texts)`` calibrated."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1):
        import onnxruntime
        from tokenizers import Tokenizer

        from newsift.claims.training.finetune import configure_tokenizer

        try:
            self.settings = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
            self.calibration = Calibration(**self.settings["calibration"])
            self.threshold = float(self.settings["threshold"])
            self.tokenizer = configure_tokenizer(
                Tokenizer.from_file(str(model_dir / "tokenizer.json")), padding=False
            )
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self.session = onnxruntime.InferenceSession(
                str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except Exception as err:  # any unreadable piece means a broken install
            raise ModelError(
                f"the check-worthiness model in {model_dir} cannot be loaded"
                f" ({type(err).__name__}: {err}); run `newsift train checkworthiness`"
                " or reinstall newsift"
            ) from None

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw scores, one sentence per run: int8 dynamic quantisation scales activations per
        call, so a batch would make a sentence's score depend on its neighbours (up to 0.16
        measured); alone, it is reproducible, and without padding no slower."""
        out = np.empty(len(texts), dtype=np.float64)
        for i, encoded in enumerate(self.tokenizer.encode_batch(list(texts))):
            feed = {
                "input_ids": np.array([encoded.ids], dtype=np.int64),
                "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
            }
            out[i] = self.session.run(None, feed)[0][0]
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.calibration(self.logits(texts))


@lru_cache(maxsize=2)
def load_model(model_dir: Path = MODEL_DIR) -> CheckworthinessModel:
    """The model, loaded once per process."""
    return CheckworthinessModel(model_dir)


class CheckworthinessComponent:
    """Adds ``checkworthiness``: one span per sentence, score = calibrated probability."""

    name = "checkworthiness"
    needs_supported_language = True

    def __init__(self, model_dir: Path = MODEL_DIR):
        self.model = load_model(model_dir)

    def __call__(self, article: Article) -> Article:
        sentences = article.spans.get("sentences", [])
        scores = self.model.predict_proba([article.span_text(s) for s in sentences])
        article.spans["checkworthiness"] = [
            Span(s.start, s.end, "sentence", round(float(score), 4))
            for s, score in zip(sentences, scores, strict=True)
        ]
        return article


@factory("checkworthiness")
def make_checkworthiness() -> CheckworthinessComponent:
    return CheckworthinessComponent()


# -- evaluation ------------------------------------------------------------------------------


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
