"""Speed of the shipped check-worthiness model, and the docs section with every figure.

    PYTHONPATH=. python bench/checkworthiness.py [--data ../shared/data]

Measures sentences/s of the shipped int8 ONNX model on this CPU (1 and 2 threads, on the
ClaimBuster held-out sentences when ../shared is present, else on sentences written here), then
writes the check-worthiness section of docs/benchmarks.md from that, from the model's
metrics.json (written by ``newsift train checkworthiness``) and from
bench/results/checkworthiness_*.json (written by ``bench/checkworthiness_compare.py``).
Nothing in the section is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

from _docs import BENCHMARKS, write_section

from newsift.claims.checkworthiness import MODEL_DIR, CheckworthinessModel

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"

OWN_SENTENCES = [
    "Unemployment fell to 3.5 percent in 2019, the lowest in 50 years.",
    "Thank you all for coming tonight.",
    "The council approved a budget of 12 million euros for road repairs, officials said.",
    "I think we can all agree that our children deserve better schools and safer streets.",
]
#: Other labelled sets in the shared formats, scored as-is by ``newsift evaluate checkworthiness``.
CROSS_DATA = {
    "CLEF 2020 T1 COVID tweets, dev": "claims/clef2020_task1_checkworthiness_tweets/dev_v2.tsv",
    "CLEF 2022 1A COVID tweets, dev": (
        "claims/clef2022_task1_en_checkworthy_claim_tweets/CT22_english_1A_checkworthy_dev.tsv"
    ),
}
APPROACH_NAMES = {
    "tfidf": "(a) TF-IDF word+char n-grams + logistic regression",
    "tfidf_clef": "(a') as (a), also trained on CLEF 2019+2020 training debates",
    "spacy": "(b) spaCy POS/NER/dependency features + TF-IDF score, LightGBM",
}
SHIPPED_NAME = "(c) MiniLM-L6 fine-tuned, int8 ONNX (shipped)"


def sentences(data: Path) -> tuple[list[str], str]:
    """The held-out ClaimBuster sentences the training run listed, else our own sentences."""
    from newsift.claims.training.claimdata import read_labeled

    split = json.loads((MODEL_DIR / "heldout.json").read_text(encoding="utf-8"))
    path = data / split["file"]
    if not path.exists():
        return OWN_SENTENCES * 250, f"{len(OWN_SENTENCES)} own sentences x 250"
    items = set(split["items"])
    texts = [r.text for r in read_labeled(path) if r.line in items]
    return texts, f"ClaimBuster held-out ({len(texts)} sentences)"


def speed(texts: list[str], threads: int, repeats: int = 3) -> float:
    model = CheckworthinessModel(MODEL_DIR, threads=threads)
    model.logits(texts[:64])  # warm up
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        model.logits(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def fmt(m: dict | None, key: str) -> str:
    return f"{m[key]:.3f}" if m and key in m else "-"


def cv_cell(result: dict, key: str) -> str:
    cv = result.get("cross_validation")
    return f"{cv[key]['mean']:.3f} ± {cv[key]['std']:.3f}" if cv else "not run"


def cross_data(data: Path) -> dict[str, dict]:
    from newsift.claims.training.checkworthiness_eval import evaluate

    return {
        name: evaluate(data / path) for name, path in CROSS_DATA.items() if (data / path).exists()
    }


def page(speeds: dict[int, float], corpus: str, others: dict[str, dict]) -> str:
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.suffix in (".onnx", ".json"))
    lines = [
        "## Check-worthiness (sentences)",
        "",
        "Written by `PYTHONPATH=. python bench/checkworthiness.py`; the comparison rows by"
        " `bench/checkworthiness_compare.py --approach NAME`, the shipped-model rows by"
        " `newsift train checkworthiness` (its `metrics.json`). Positive class (check-worthy)"
        " precision/recall/F1 at the threshold chosen on validation data; MAP = mean over"
        " files of average precision (ClaimBuster: one list; CLEF: one per debate).",
        "",
        "Split: ClaimBuster 2.5xNCS `train.json` (7,976 sentences), near-duplicates grouped"
        " (char 3-5-gram cosine >= 0.8); held-out = 20% by stratified group split, never"
        " trained or tuned on; cross-validation = 5 group folds of the other 80%, each fold's"
        " threshold picked on the other folds. Cross-data: CLEF CheckThat! 2019 Task 1"
        " annotated test debates (7 debates, 7,080 sentences, 136 positive; not in ClaimBuster).",
        "",
        "### Approaches on the same folds",
        "",
        "| approach | CV F1 | CV AP | held-out P | held-out R | held-out F1 | CLEF'19 MAP |"
        " CLEF'19 F1 | sentences/s (1 thread) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, label in APPROACH_NAMES.items():
        path = RESULTS / f"checkworthiness_{name}.json"
        if not path.exists():
            continue
        r = json.loads(path.read_text(encoding="utf-8"))
        rate = r.get("sentences_per_second")
        lines.append(
            f"| {label} | {cv_cell(r, 'f1')} | {cv_cell(r, 'map')} | {fmt(r['heldout'], 'precision')}"
            f" | {fmt(r['heldout'], 'recall')} | {fmt(r['heldout'], 'f1')}"
            f" | {fmt(r['clef2019_test'], 'map')} | {fmt(r['clef2019_test'], 'f1')}"
            f" | {f'{rate:.0f}' if rate else '-'} |"
        )
    held, clef, val = metrics["heldout"], metrics.get("clef2019_test"), metrics["validation"]
    cv = metrics.get("cross_validation")
    lines.append(
        f"| {SHIPPED_NAME} | {cv_cell(metrics, 'f1')} | {cv_cell(metrics, 'map')}"
        f" | {fmt(held, 'precision')} | {fmt(held, 'recall')} | {fmt(held, 'f1')}"
        f" | {fmt(clef, 'map')} | {fmt(clef, 'f1')} | {speeds[1]:.0f} |"
    )
    goal = 0.85
    reached = held["f1"] >= goal
    lines += [
        "",
        f"Goal F1 >= {goal} on unseen ClaimBuster sentences: {'reached' if reached else 'not reached'}"
        f" (held-out {held['f1']:.3f}"
        + (f", cross-validated {cv['f1']['mean']:.3f}" if cv else "")
        + "). The split groups near-duplicate sentences, which random splits do not; a bigger"
        " encoder than MiniLM-L6 (and a GPU to fine-tune it) is the likely way to close the gap.",
        "",
        "(c)'s cross-validation scores the torch model before export (the shipped model is the"
        " fold-1 model); its held-out and CLEF figures are the shipped int8 ONNX model's. (b)'s speed includes the spaCy"
        " parse its features need; in the pipeline that parse is already paid by `nlp`.",
        "",
        "### The shipped model (int8 ONNX, calibrated)",
        "",
        f"Artifact {size / 1e6:.1f} MB (model.onnx + tokenizer.json + model.json)."
        f" Trained {metrics['settings']['trained']} in {metrics['training_seconds']} s.",
        "",
        "| data | P | R | F1 | MAP | P@10 | ECE |",
        "|---|---|---|---|---|---|---|",
        f"| validation fold (calibration data) | {fmt(val, 'precision')} | {fmt(val, 'recall')}"
        f" | {fmt(val, 'f1')} | {fmt(val, 'map')} | - | {fmt(val, 'ece')} |",
        f"| ClaimBuster held-out | {fmt(held, 'precision')} | {fmt(held, 'recall')}"
        f" | {fmt(held, 'f1')} | {fmt(held, 'map')} | - | {fmt(held, 'ece')} |",
    ]
    if clef:
        lines.append(
            f"| CLEF 2019 T1 test debates | {fmt(clef, 'precision')} | {fmt(clef, 'recall')}"
            f" | {fmt(clef, 'f1')} | {fmt(clef, 'map')} | {fmt(clef, 'p_at_10')}"
            f" | {fmt(clef, 'ece')} |"
        )
    for name, m in others.items():
        lines.append(
            f"| {name} | {fmt(m, 'precision')} | {fmt(m, 'recall')} | {fmt(m, 'f1')}"
            f" | {fmt(m, 'map')} | {fmt(m, 'p_at_10')} | {fmt(m, 'ece')} |"
        )
    lines += [
        "",
        "Tweets are a different genre (and label: 'worth checking for the public'); they show"
        " how the score moves outside debates. Reproduce any row with"
        " `newsift evaluate checkworthiness --data FILE --json`.",
        "",
        f"ECE before Platt calibration: validation {metrics['validation_ece_uncalibrated']:.3f},"
        f" held-out {metrics['heldout_ece_uncalibrated']:.3f}. Threshold"
        f" {metrics['settings']['threshold']:.3f} (max F1 on the validation fold)."
        f" Validation F1 before export (torch): {metrics['training']['validation_f1_torch']:.3f};"
        f" after int8 export: {val['f1']:.3f}.{gap_text(metrics['training'])}",
    ]
    if cv:
        lines += [
            "",
            "Cross-validated (5 group folds of the development data): "
            + ", ".join(f"{k} {v['mean']:.3f} ± {v['std']:.3f}" for k, v in cv.items())
            + ".",
        ]
    lines += [
        "",
        f"Speed on {corpus}, {platform.processor() or platform.machine()},"
        " onnxruntime CPU, one sentence per call: "
        + ", ".join(
            f"{v:.0f} sentences/s with {k} thread{'s' * (k > 1)}" for k, v in speeds.items()
        )
        + f". Peak memory of this benchmark process: {peak_mb():.0f} MB. Load average while"
        f" measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs share"
        " this machine, so these are lower bounds).",
        "",
    ]
    return "\n".join(lines)


def gap_text(training: dict) -> str:
    gap = training.get("onnx_int8_vs_torch_probability_gap")
    if not gap:
        return ""
    return (
        f" Probability change from int8 quantisation on validation sentences: mean"
        f" {gap['mean']:.3f}, max {gap['max']:.3f}."
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    texts, corpus = sentences(args.data)
    speeds = {threads: speed(texts, threads) for threads in (1, 2)}
    for threads, rate in speeds.items():
        print(f"{threads} thread(s): {rate:.0f} sentences/s")
    write_section("checkworthiness", page(speeds, corpus, cross_data(args.data)), BENCHMARKS)
    print(f"wrote the check-worthiness section of {BENCHMARKS}")


if __name__ == "__main__":
    main()
