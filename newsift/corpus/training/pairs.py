"""Fit the narratives' pairwise decision on MSRP train and measure it on MSRP test.

Compared on the same embeddings: the cosine alone (threshold for accuracy on train), the cosine
with rule checks (reject a pair with a negation or a number on one side only), a logistic
regression over every feature, and the length-invariant regression with the role check that
ships (see ``LENGTH_INVARIANT`` for why). MSRP is research use only: the shipped ``pair.json``
holds a handful of coefficients fitted on it, no text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

from newsift.corpus.narratives import (
    FEATURES,
    LENGTH_INVARIANT,
    MODEL_PATH,
    PairDecision,
    claim_core,
    claim_features,
    pair_features,
    role_swap,
)
from newsift.nlp.training.msrp import accuracy_f1, best_threshold, load_msrp


def featurise(pairs, embedder, cache: Path | None = None):
    """Feature rows, labels, and whether the role check vetoes each pair. The cosines (the slow
    part) are kept in ``cache`` when given, so refitting does not embed again."""
    left = [claim_core(p[0]) for p in pairs]
    right = [claim_core(p[1]) for p in pairs]
    if cache is not None and cache.exists():
        cosines = np.load(cache)
    else:
        cosines = (embedder.encode(left) * embedder.encode(right)).sum(1)
        if cache is not None:
            np.save(cache, cosines)
    rows, swapped = [], []
    for c, a, b in zip(cosines, claim_features(left), claim_features(right), strict=True):
        rows.append(pair_features(float(c), a, b))
        swapped.append(role_swap(a, b))
    return np.array(rows), np.array([p[2] for p in pairs]), np.array(swapped)


def train(data: Path, out: Path = MODEL_PATH, embedder=None, cache: Path | None = None, log=print):
    """Fit on MSRP train+val, score the decisions on test, write ``pair.json``."""
    if embedder is None:
        from newsift.nlp.embed import load_embedder

        embedder = load_embedder()
    log("MSRP train+val")
    x_train, y_train, _ = featurise(
        load_msrp(data, "train") + load_msrp(data, "val"),
        embedder,
        cache / "msrp-train-cosines.npy" if cache else None,
    )
    log("MSRP test")
    x_test, y_test, swapped = featurise(
        load_msrp(data, "test"), embedder, cache / "msrp-test-cosines.npy" if cache else None
    )
    cos = FEATURES.index("cosine")
    negation, number = FEATURES.index("negation_mismatch"), FEATURES.index("number_mismatch")

    def ruled(x, t):
        return (x[:, cos] >= t) & (x[:, negation] == 0) & (x[:, number] == 0)

    cosine_t = best_threshold(x_train[:, cos], y_train)
    candidates = np.unique(np.round(x_train[:, cos], 3))
    rules_t = float(
        candidates[int(np.argmax([(ruled(x_train, t) == y_train).mean() for t in candidates]))]
    )
    figures = {
        "date": dt.date.today().isoformat(),
        "train_pairs": len(y_train),
        "cosine": {"threshold": cosine_t, **accuracy_f1(x_test[:, cos] >= cosine_t, y_test)},
        "cosine_rules": {"threshold": rules_t, **accuracy_f1(ruled(x_test, rules_t), y_test)},
    }
    shipped = None
    for name, features in (
        ("learned_all", FEATURES),
        ("learned_length_invariant", LENGTH_INVARIANT),
    ):
        decision = PairDecision.fit(x_train.tolist(), y_train.tolist(), features)
        probs = np.array([decision.proba(row) for row in x_test])
        figures[name] = {
            "threshold": decision.threshold,
            **accuracy_f1(probs >= decision.threshold, y_test),
        }
        figures[name + "_role_check"] = {
            "threshold": decision.threshold,
            "vetoed_pairs": int(swapped.sum()),
            **accuracy_f1((probs >= decision.threshold) & ~swapped, y_test),
        }
        shipped = decision
    figures["always_paraphrase"] = accuracy_f1(np.ones_like(y_test, bool), y_test)
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.parent / "metrics.json").write_text(json.dumps(figures, indent=2) + "\n")
    previous = PairDecision.load(out).link_threshold if out.exists() else None
    shipped = PairDecision(
        *[getattr(shipped, f) for f in ("features", "weights", "intercept", "threshold")], previous
    )
    shipped.save(
        out,
        trained=figures["date"],
        data="MSRP train+val (4,076 pairs; research use): only these coefficients ship",
        msrp_test=figures["learned_length_invariant_role_check"],
    )
    (out.parent / "MODEL_CARD.md").write_text(model_card(figures, shipped), encoding="utf-8")
    return figures


def model_card(f: dict, decision: PairDecision) -> str:
    m = f["learned_length_invariant_role_check"]
    weights = ", ".join(
        f"{name} {w:+.2f}" for name, w in zip(decision.features, decision.weights, strict=True)
    )
    return f"""# Narratives: pairwise decision

Fitted {f["date"]} by `newsift train narratives`; this card is written by that command.

## What it does

Gives the probability that two check-worthy claims assert the same thing, for
`newsift/corpus/narratives.py`: candidates come from embedding cosine
(`newsift/models/embeddings`), and a link also needs the role check and the rare-word check
(docs/corpus.md). `pair.json` holds the coefficients, the MSRP accuracy threshold
({decision.threshold:.3f}) and the link threshold used for narratives (chosen on the
hand-grouped claims by `bench/narratives.py --tune`).

## Model

Logistic regression (scikit-learn, C=1) over length-invariant features: {weights}; intercept
{decision.intercept:+.2f}.

## Data

MSRP (Dolan & Brockett 2005; Microsoft Research Shared Source License, research use only):
trained on train+val ({f["train_pairs"]} pairs), measured on test ({m["pairs"]} pairs). Only the
coefficients ship, no text.

## Figures (MSRP test)

accuracy {m["accuracy"]:.3f}, precision {m["precision"]:.3f}, recall {m["recall"]:.3f}, F1
{m["f1"]:.3f}; the cosine alone: accuracy {f["cosine"]["accuracy"]:.3f}, F1 {f["cosine"]["f1"]:.3f};
always "paraphrase": accuracy {f["always_paraphrase"]["accuracy"]:.3f}. Other decisions and
the clustering of hand-grouped claims: docs/benchmarks.md (narratives).

## Limits

MSRP labels paraphrase between news sentences of one story: stricter than "the same claim in
other words" and never across outlets a year apart, which is why narratives link at a lower
threshold chosen on hand-grouped claims (33 claims, one annotator). English only.
"""
