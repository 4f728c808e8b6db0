"""Which sentences make claims worth checking: a calibrated probability per sentence.

The shipped model (``newsift/models/checkworthiness``, trained by ``newsift train
checkworthiness``; see its MODEL_CARD.md) is a fine-tuned MiniLM sentence encoder exported to
int8 ONNX, run with onnxruntime and tokenizers, so no torch at run time. Its raw score goes
through a Platt calibration fitted on validation data, so ``0.8`` means about 80% of such
sentences were labelled check-worthy in the (debate) training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.article import Article, Span
from newsift.nlp.onnx_text import open_text_model
from newsift.pipeline import factory

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "checkworthiness"
#: Sentences are truncated to this many tokens, in training and at run time alike.
MAX_TOKENS = 64


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
        self.settings, self.tokenizer, self.session = open_text_model(
            model_dir,
            max_tokens=MAX_TOKENS,
            threads=threads,
            what="check-worthiness",
            rebuild="newsift train checkworthiness",
            required=("calibration", "threshold"),
        )
        self.calibration = Calibration(**self.settings["calibration"])
        self.threshold = float(self.settings["threshold"])

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


def configure_tokenizer(tok, padding: bool):
    """Truncate as in training; pad only for training batches (inference runs one sentence)."""
    tok.enable_truncation(MAX_TOKENS)
    if padding:
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
    else:
        tok.no_padding()
    return tok
