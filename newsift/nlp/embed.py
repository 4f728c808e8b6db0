"""Sentence and passage embeddings: one model for stories, narratives and fact-check matching.

The shipped model (``newsift/models/embeddings``, written by ``newsift train embeddings``; see
its MODEL_CARD.md) is sentence-transformers/all-MiniLM-L6-v2 exported to ONNX with int8
weights, mean pooling and L2 normalisation inside the graph, run with onnxruntime and
tokenizers: no torch and nothing downloaded at run time.

int8 dynamic quantisation scales each matrix product's activations by the range of the whole
input tensor, so a text's vector would depend on what else is in its batch (and on the padding
a longer neighbour forces). ``encode`` therefore runs one text per call, as the export measured
it; the batching it does is the tokenizer's, and texts are fed sorted by length so the
per-call work stays cache-friendly. The benchmark (``bench/embeddings.py``) compares this with
padded batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.nlp.onnx_text import open_text_model

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "embeddings"
#: Texts are truncated to this many word pieces (all-MiniLM-L6-v2 was trained at 128).
MAX_TOKENS = 128


class Embedder:
    """``encode(texts)``: one L2-normalised float32 vector per text, independent of the batch."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1, batch_size: int = 64):
        self.settings, self.tokenizer, self.session = open_text_model(
            model_dir,
            max_tokens=MAX_TOKENS,
            threads=threads,
            what="embedding",
            rebuild="newsift train embeddings",
            required=("dim",),
        )
        self.dim = int(self.settings["dim"])
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], workers: int = 1) -> np.ndarray:
        """Vectors of shape ``(len(texts), dim)``, rows in input order, unit length.

        ``workers`` threads share the session (onnxruntime releases the GIL while it runs), each
        embedding its share one text per call, so the vectors do not depend on ``workers``."""
        texts = [t if t and t.strip() else "." for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))

        def run(share: list[int]) -> None:
            for start in range(0, len(share), self.batch_size):
                chunk = share[start : start + self.batch_size]
                encoded = self.tokenizer.encode_batch([texts[i] for i in chunk])
                for i, enc in zip(chunk, encoded, strict=True):
                    out[i] = self._run([enc.ids], [enc.attention_mask])[0]

        workers = max(1, min(workers, len(texts)))
        if workers == 1:
            run(order)
        else:  # interleaved shares, so each thread gets short and long texts alike
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(run, [order[w::workers] for w in range(workers)]))
        return out

    def _run(self, ids: list[list[int]], mask: list[list[int]]) -> np.ndarray:
        feed = {
            "input_ids": np.asarray(ids, dtype=np.int64),
            "attention_mask": np.asarray(mask, dtype=np.int64),
        }
        return self.session.run(None, feed)[0]


@lru_cache(maxsize=2)
def load_embedder(model_dir: Path = MODEL_DIR) -> Embedder:
    """The embedder, loaded once per process."""
    return Embedder(model_dir)
