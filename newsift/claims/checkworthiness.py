"""Which sentences make claims worth checking: a calibrated probability per sentence.

The shipped model (``newsift/models/checkworthiness``, trained by ``newsift train
checkworthiness``; see its MODEL_CARD.md) is a fine-tuned MiniLM sentence encoder exported to
int8 ONNX, run with onnxruntime and tokenizers, so no torch at run time. Its raw score goes
through a Platt calibration fitted on validation data, so ``0.8`` means about 80% of such
sentences were labelled check-worthy in the (debate) training data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.article import Article, Span
from newsift.claims.component import THRESHOLD_META_KEY
from newsift.errors import ModelError
from newsift.nlp.onnx_text import open_text_model
from newsift.pipeline import factory

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "checkworthiness"
#: The cheap linear model (hashed n-grams): the gate in front of the encoder, and fast mode's
#: whole check-worthiness score (trained by ``newsift train checkworthiness --linear``).
LINEAR_DIR = Path(__file__).resolve().parents[1] / "models" / "checkworthiness_linear"
#: The hashed feature space of the linear model: word 1-2-grams and character 2-4-grams.
HASH_FEATURES = 2**18
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


def hashed_features(texts: Sequence[str]):
    """The linear model's features: hashed word 1-2-grams and character 2-4-grams (within
    words), stateless, so the model ships as one weight vector."""
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(
        n_features=HASH_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2"
    )
    chars = HashingVectorizer(
        n_features=HASH_FEATURES,
        analyzer="char_wb",
        ngram_range=(2, 4),
        alternate_sign=False,
        norm="l2",
    )
    texts = list(texts)
    return words.transform(texts) + chars.transform(texts)


class LinearCheckworthiness:
    """Logistic regression on :func:`hashed_features`: about a thousand times cheaper per
    sentence than the encoder, and a less accurate score (docs/benchmarks.md).

    ``gate`` is the probability under which the encoder is not asked: chosen on validation
    data so that the sentences the gate drops hold almost no check-worthy one.
    """

    def __init__(self, model_dir: Path = LINEAR_DIR):
        try:
            settings = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
            self.weights = np.load(model_dir / "weights.npy")
            self.bias = float(settings["bias"])
            self.calibration = Calibration(**settings["calibration"])
            self.threshold = float(settings["threshold"])
            self.gate = float(settings["gate"])
        except Exception as err:  # any unreadable piece means a broken install
            raise ModelError(
                f"the linear check-worthiness model in {model_dir} cannot be loaded"
                f" ({type(err).__name__}: {err}); run `newsift train checkworthiness --linear`"
                " or reinstall newsift"
            ) from None

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty(0)
        return hashed_features(texts) @ self.weights + self.bias

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.calibration(self.logits(texts))


@lru_cache(maxsize=2)
def load_model(model_dir: Path = MODEL_DIR) -> CheckworthinessModel:
    """The model, loaded once per process."""
    return CheckworthinessModel(model_dir)


@lru_cache(maxsize=2)
def load_linear(model_dir: Path = LINEAR_DIR) -> LinearCheckworthiness:
    return LinearCheckworthiness(model_dir)


class CheckworthinessComponent:
    """Adds ``checkworthiness``: one span per sentence, score = calibrated probability.

    The linear model scores every sentence first; only those at or above its gate go to the
    encoder (one call per sentence, so each score is reproducible). A gated-out sentence keeps
    the linear model's probability, which is under the gate and so never a claim. In ``fast``
    mode the linear model's probability is the score and its own threshold is published.
    """

    name = "checkworthiness"
    needs_supported_language = True

    def __init__(self, model_dir: Path = MODEL_DIR, fast: bool = False):
        self.fast = fast
        self.variant = "linear" if fast else None  # the report's ``checkworthiness:linear``
        self.linear = load_linear()
        self.model = None if fast else load_model(model_dir)

    def __call__(self, article: Article) -> Article:
        for _ in self.pipe([article]):
            pass
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Score a batch: the linear model sees every sentence of the batch in one call (its
        per-call cost is several sentences'), the encoder only the gated ones."""
        articles = list(articles)
        sentences = [article.spans.get("sentences", []) for article in articles]
        texts = [
            article.span_text(s)
            for article, group in zip(articles, sentences, strict=True)
            for s in group
        ]
        scores = self.linear.predict_proba(texts)
        if self.model is not None:
            asked = np.flatnonzero(scores >= self.linear.gate)
            if len(asked):
                scores[asked] = self.model.predict_proba([texts[i] for i in asked])
        offset = 0
        for article, group in zip(articles, sentences, strict=True):
            if self.model is None:
                article.meta[THRESHOLD_META_KEY] = self.linear.threshold
            article.spans["checkworthiness"] = [
                Span(s.start, s.end, "sentence", round(float(score), 4))
                for s, score in zip(group, scores[offset : offset + len(group)], strict=True)
            ]
            offset += len(group)
            yield article


@factory("checkworthiness")
def make_checkworthiness(fast: bool = False) -> CheckworthinessComponent:
    return CheckworthinessComponent(fast=fast)


def configure_tokenizer(tok, padding: bool):
    """Truncate as in training; pad only for training batches (inference runs one sentence)."""
    tok.enable_truncation(MAX_TOKENS)
    if padding:
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
    else:
        tok.no_padding()
    return tok
