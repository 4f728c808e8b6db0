"""``newsift train checkworthiness --linear``: the cheap hashed n-gram model, on the encoder's folds.

Logistic regression on :func:`newsift.claims.checkworthiness.hashed_features`, fitted on the
same four development folds as the shipped encoder, calibrated (Platt) and thresholded on the
same validation fold, and scored on the same held-out 20%, CLEF 2019 test debates and 5-fold
cross-validation, so its figures stand beside the encoder's.

It has two jobs. In fast mode its probability is the check-worthiness score. In the full
analysis it is a gate: only sentences at or above ``gate`` go to the encoder. The gate is the
highest probability that keeps :data:`GATE_RECALL` of the validation fold's sentences the
encoder calls check-worthy (at the claims threshold, 0.5) and of its labelled positives, so the
gate changes almost no claim; what it costs is measured on the held-out split.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np

from newsift.claims.checkworthiness import (
    HASH_FEATURES,
    Calibration,
    hashed_features,
    load_model,
)
from newsift.claims.component import DEFAULT_THRESHOLD
from newsift.claims.training.checkworthiness_eval import score_metrics
from newsift.claims.training.checkworthiness_train import (
    VALIDATION_FOLD,
    Log,
    _row,
    best_threshold,
    cross_validated,
    development_folds,
    load_claimbuster,
)
from newsift.claims.training.claimdata import CLEF2019_TEST, read_labeled

#: Share of the encoder's positive decisions (and of labelled positives) the gate must keep on
#: the validation fold.
GATE_RECALL = 0.995
#: Inverse L2 strength of the logistic regression.
C = 10.0


def _fit(texts: list[str], labels: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=3000)
    model.fit(hashed_features(texts), labels)
    return model


def _logits(model, texts: list[str]) -> np.ndarray:
    return model.decision_function(hashed_features(texts))


def gate_for(probabilities: np.ndarray, must_keep: np.ndarray, recall: float) -> float:
    """The highest cut on ``probabilities`` that keeps ``recall`` of the ``must_keep`` rows."""
    kept = np.sort(probabilities[must_keep])
    if not len(kept):
        return 0.0
    return float(kept[int(np.floor((1 - recall) * len(kept)))])


def train(data_dir: Path, out_dir: Path, log: Log = print) -> dict:
    """Fit, calibrate, gate and measure; write weights.npy, model.json, metrics.json, card."""
    start = time.perf_counter()
    rows, dev, heldout = load_claimbuster(data_dir)
    folds = development_folds(rows, dev)
    texts = [r.text for r in rows]
    labels = np.array([r.label for r in rows])
    fit, val = folds[VALIDATION_FOLD]
    log(f"fitting on {len(fit)} sentences, validating on {len(val)}")
    model = _fit([texts[i] for i in fit], labels[fit])
    val_logits = _logits(model, [texts[i] for i in val])
    calibration = Calibration.fit(val_logits, labels[val])
    val_probabilities = calibration(val_logits)
    threshold = best_threshold(labels[val], val_probabilities)

    encoder = load_model()
    val_encoder = encoder.predict_proba([texts[i] for i in val])
    must_keep = (val_encoder >= DEFAULT_THRESHOLD) | (labels[val] == 1)
    gate = gate_for(val_probabilities, must_keep, GATE_RECALL)
    log(f"threshold {threshold:.3f}, gate {gate:.4f}")

    oof = np.zeros(len(rows))
    for k, (fold_fit, fold_val) in enumerate(folds):
        fold_model = (
            model if k == VALIDATION_FOLD else _fit([texts[i] for i in fold_fit], labels[fold_fit])
        )
        oof[fold_val] = 1 / (1 + np.exp(-_logits(fold_model, [texts[i] for i in fold_val])))

    heldout_rows = [rows[i] for i in heldout]
    heldout_texts = [r.text for r in heldout_rows]
    heldout_linear = calibration(_logits(model, heldout_texts))
    heldout_encoder = encoder.predict_proba(heldout_texts)
    asked = heldout_linear >= gate
    gated = np.where(asked, heldout_encoder, heldout_linear)
    encoder_threshold = float(encoder.threshold)
    heldout_labels = labels[heldout]
    settings = {
        "format": 1,
        "kind": "logistic regression on hashed word 1-2-grams + char_wb 2-4-grams (l2 each)",
        "hash_features": HASH_FEATURES,
        "C": C,
        "bias": float(model.intercept_[0]),
        "calibration": asdict(calibration),
        "threshold": threshold,
        "gate": gate,
        "gate_recall": GATE_RECALL,
        "trained": date.today().isoformat(),
    }
    figures: dict = {
        "validation": score_metrics([rows[i] for i in val], val_probabilities, threshold),
        "heldout": score_metrics(heldout_rows, heldout_linear, threshold),
        "cross_validation": cross_validated(rows, folds, oof),
        "gate": {
            "gate": round(gate, 4),
            "heldout_sentences_asked": round(float(asked.mean()), 4),
            "heldout_positives_asked": round(float(asked[heldout_labels == 1].mean()), 4),
            "heldout_encoder_claims_kept": round(
                float(asked[heldout_encoder >= DEFAULT_THRESHOLD].mean()), 4
            ),
            "heldout_encoder_alone": score_metrics(
                heldout_rows, heldout_encoder, encoder_threshold
            ),
            "heldout_gated_encoder": score_metrics(heldout_rows, gated, encoder_threshold),
        },
        "settings": settings,
    }
    clef_path = data_dir / CLEF2019_TEST
    if clef_path.exists():
        clef_rows = read_labeled(clef_path)
        figures["clef2019_test"] = score_metrics(
            clef_rows, calibration(_logits(model, [r.text for r in clef_rows])), threshold
        )
    figures["training_seconds"] = round(time.perf_counter() - start, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    np.save(out_dir / "weights.npy", model.coef_[0].astype(np.float32))
    (out_dir / "model.json").write_text(json.dumps(settings, indent=2) + "\n", "utf-8")
    (out_dir / "metrics.json").write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    (out_dir / "MODEL_CARD.md").write_text(card(figures), "utf-8")
    return figures


def card(figures: dict) -> str:
    s, g, cv = figures["settings"], figures["gate"], figures["cross_validation"]
    lines = [
        "# Check-worthiness, linear model (hashed n-grams)",
        "",
        f"Trained {s['trained']} by `newsift train checkworthiness --linear`; this card is written"
        " by that command from the figures it measured (also in `metrics.json`).",
        "",
        "## What it does",
        "",
        "Scores one sentence, as the encoder in `newsift/models/checkworthiness` does, at a",
        "fraction of the cost and with lower accuracy. Fast mode uses its probability as the",
        "check-worthiness score; the full analysis uses it as a gate: only sentences scoring at",
        f"or above {s['gate']:.4f} are scored by the encoder.",
        "",
        "## Model",
        "",
        f"- {s['kind']}, {s['hash_features']:,} hashed features; logistic regression, C={s['C']}.",
        f"- Platt calibration on the validation fold (slope {s['calibration']['slope']:.3f},"
        f" intercept {s['calibration']['intercept']:.3f}); threshold {s['threshold']:.3f}"
        " (max F1 on the validation fold).",
        f"- Gate {s['gate']:.4f}: the highest cut keeping {s['gate_recall']:.1%} of the validation"
        " fold's sentences the encoder scores >= 0.5 (the claims threshold) or annotators"
        " labelled check-worthy.",
        "- Artifact: weights.npy (float32) and model.json, about 1 MB.",
        "",
        "## Data and split",
        "",
        "ClaimBuster 2.5xNCS, the same split as the encoder (its MODEL_CARD.md): near-duplicate",
        "groups, held-out fold 0 (20%, never trained or tuned on), four development folds fit,",
        "the fifth validates; CLEF CheckThat! 2019 Task 1 test debates for cross-data figures.",
        "Licenses as the encoder's card says (research use).",
        "",
        "## Figures",
        "",
        "| data | sentences | positives | precision | recall | F1 | MAP | ECE |",
        "|---|---|---|---|---|---|---|---|",
        _row("validation fold", figures["validation"]),
        _row("ClaimBuster held-out 20%", figures["heldout"]),
    ]
    if "clef2019_test" in figures:
        lines.append(_row("CLEF 2019 T1 test debates", figures["clef2019_test"]))
    lines += [
        "",
        "Cross-validated (5 group folds of the development data): "
        + ", ".join(f"{k} {v['mean']:.3f} ± {v['std']:.3f}" for k, v in cv.items()),
        "",
        "## As the encoder's gate (ClaimBuster held-out)",
        "",
        f"- sentences sent to the encoder: {g['heldout_sentences_asked']:.1%}; labelled positives"
        f" among them: {g['heldout_positives_asked']:.1%}; sentences the encoder calls"
        f" check-worthy (>= 0.5) kept: {g['heldout_encoder_claims_kept']:.1%}.",
        "",
        "| scorer | sentences | positives | precision | recall | F1 | MAP | ECE |",
        "|---|---|---|---|---|---|---|---|",
        _row("encoder alone", g["heldout_encoder_alone"]),
        _row("gate + encoder", g["heldout_gated_encoder"]),
        "",
        "## Limits",
        "",
        "- Debate sentences (ClaimBuster); news prose differs, as for the encoder.",
        "- Words and character n-grams only: no word order past pairs, no context.",
        "",
    ]
    return "\n".join(lines)
