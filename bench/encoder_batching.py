"""Would batching the check-worthiness encoder pay? CPU time and how far scores move.

    PYTHONPATH=. python bench/encoder_batching.py --data ../shared/data --n 40

Scores the sentences of ``--n`` articles of bench/throughput.py's mix one per call (as shipped)
and in length-sorted padded batches, and prints the CPU speed-up, the largest change of a
calibrated probability and how many claim / no-claim calls (>= the model's threshold) flip.
int8 dynamic quantisation scales activations per call, so a batched score depends on its
neighbours; this measures by how much.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def batched_logits(model, texts: list[str], size: int) -> np.ndarray:
    encoded = model.tokenizer.encode_batch(texts)
    lengths = np.array([len(e.ids) for e in encoded])
    order = np.argsort(lengths, kind="stable")
    out = np.empty(len(texts))
    for start in range(0, len(order), size):
        rows = order[start : start + size]
        width = int(lengths[rows].max())
        ids = np.zeros((len(rows), width), np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for r, k in enumerate(rows):
            ids[r, : lengths[k]] = encoded[k].ids
            mask[r, : lengths[k]] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        out[rows] = model.session.run(None, feed)[0].reshape(-1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()
    from checkworthiness_linear import news_sentences

    from newsift.claims.checkworthiness import load_model

    texts = news_sentences(args.data, args.n)
    model = load_model()
    start = time.process_time()
    alone = model.calibration(model.logits(texts))
    one_cpu = time.process_time() - start
    print(f"{len(texts)} sentences; one per call: {1000 * one_cpu / len(texts):.2f} ms CPU each")
    for size in (8, 32):
        start = time.process_time()
        batched = model.calibration(batched_logits(model, texts, size))
        cpu = time.process_time() - start
        flips = int(((alone >= model.threshold) != (batched >= model.threshold)).sum())
        print(
            f"batches of {size}: {1000 * cpu / len(texts):.2f} ms CPU each"
            f" (x{one_cpu / cpu:.2f}); largest probability change"
            f" {np.abs(alone - batched).max():.3f}; {flips} of"
            f" {int((alone >= model.threshold).sum())} claim calls flip"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
