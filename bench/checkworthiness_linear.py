"""The linear check-worthiness model beside the encoder: its figures, its speed, and the gate on
news sentences (how many the encoder still scores, how many of its claims the gate keeps).

    PYTHONPATH=. python bench/checkworthiness_linear.py --data ../shared/data --n 120

ClaimBuster figures come from the model's metrics.json (written by ``newsift train
checkworthiness --linear`` on the encoder's folds). The news rows run the sentences of ``--n``
articles of bench/throughput.py's mix (spaCy sentences, as the pipeline splits them) through
both models. Writes the ``checkworthiness-linear`` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _docs import machine, write_section

from newsift.claims.checkworthiness import LINEAR_DIR, MODEL_DIR
from newsift.claims.component import DEFAULT_THRESHOLD


def news_sentences(data: Path, n: int) -> list[str]:
    from throughput import texts

    from newsift.core import _articles
    from newsift.pipeline import Pipeline

    rows = [{"id": str(i), "text": t} for i, t in enumerate(itertools.islice(texts(data), n))]
    pipeline = Pipeline.from_names(["extract", "clean", "site", "language", "nlp"])
    return [
        article.span_text(s)
        for article in pipeline.pipe(list(_articles(rows, {})))
        for s in article.spans.get("sentences", [])
    ]


def cpu_ms_per_sentence(score, texts: list[str]) -> float:
    start = time.process_time()
    score(texts)
    return 1000 * (time.process_time() - start) / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=120)
    args = parser.parse_args()
    from newsift.claims.checkworthiness import load_linear, load_model

    linear, encoder = load_linear(), load_model()
    metrics = json.loads((LINEAR_DIR / "metrics.json").read_text(encoding="utf-8"))
    shipped = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    texts = news_sentences(args.data, args.n)
    p_linear, p_encoder = linear.predict_proba(texts), encoder.predict_proba(texts)
    asked = p_linear >= linear.gate
    claims = p_encoder >= DEFAULT_THRESHOLD
    linear_ms = cpu_ms_per_sentence(linear.predict_proba, texts)
    encoder_ms = cpu_ms_per_sentence(encoder.predict_proba, texts[:400])
    agree = float(((p_linear >= linear.threshold) == claims).mean())

    def row(name: str, m: dict) -> str:
        return (
            f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
            f" {m['map']:.3f} | {m['ece']:.3f} |"
        )

    g = metrics["gate"]
    cv = metrics["cross_validation"]
    lines = [
        "## Check-worthiness: the linear model (fast mode's score, the encoder's gate)",
        "",
        f"`PYTHONPATH=. python bench/checkworthiness_linear.py --data ../shared/data --n {args.n}`"
        f" on {machine()}, load average {os.getloadavg()[0]:.1f}. ClaimBuster rows from"
        " `newsift/models/checkworthiness_linear/metrics.json` (`newsift train checkworthiness"
        " --linear`: the encoder's split and folds); news rows from the sentences of"
        f" {args.n} articles of `bench/throughput.py`'s mix ({len(texts)} sentences).",
        "",
        "| model, ClaimBuster held-out | P | R | F1 | MAP | ECE |",
        "|---|---|---|---|---|---|",
        row("linear (hashed n-grams, logistic regression)", metrics["heldout"]),
        row("encoder (shipped, MiniLM int8)", shipped["heldout"]),
        row("gate + encoder (the full analysis)", g["heldout_gated_encoder"]),
        "",
        "Linear, cross-validated (5 group folds): "
        + ", ".join(f"{k} {v['mean']:.3f} ± {v['std']:.3f}" for k, v in cv.items())
        + f"; CLEF 2019 test debates F1 {metrics['clef2019_test']['f1']:.3f}"
        f" (encoder {shipped['clef2019_test']['f1']:.3f}).",
        "",
        f"Gate {linear.gate:.4f} (chosen on the validation fold). On ClaimBuster held-out it sends"
        f" {g['heldout_sentences_asked']:.1%} of sentences to the encoder and keeps"
        f" {g['heldout_encoder_claims_kept']:.1%} of the encoder's sentences >= 0.5 and"
        f" {g['heldout_positives_asked']:.1%} of labelled positives. On news sentences it sends"
        f" {asked.mean():.1%} to the encoder and keeps {asked[claims].mean():.2%} of the"
        f" encoder's {int(claims.sum())} sentences >= 0.5 (the claims threshold) ({int((~asked & claims).sum())}"
        " lost). In fast mode the linear model alone decides; it agrees with the encoder's"
        f" claim / no-claim call on {agree:.1%} of news sentences.",
        "",
        f"CPU per sentence (one process, batches as the pipeline sends them): linear"
        f" {linear_ms:.3f} ms, encoder {encoder_ms:.2f} ms.",
    ]
    print("\n".join(lines))
    write_section("checkworthiness-linear", "\n".join(lines))


if __name__ == "__main__":
    main()
