"""Compare the baseline check-worthiness approaches on the shipped model's ClaimBuster folds.

    PYTHONPATH=. python bench/checkworthiness_compare.py --approach tfidf [--data ../shared/data]

For each approach: 5-fold cross-validation on the development 80% (near-duplicate groups kept
within a fold; each fold's threshold chosen on the other folds' out-of-fold scores), then a fit
on the 4 training folds with the threshold from the validation fold, scored on the held-out 20%
and on the CLEF 2019 T1 test debates, plus inference speed (sentences/s, one thread). Results go
to bench/results/checkworthiness_<approach>.json; ``bench/checkworthiness.py`` makes the table.
The fine-tuned encoder's row comes from ``newsift train checkworthiness --cv`` (same folds, same
threshold rule), which writes it into the model's metrics.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from newsift.claims.training.checkworthiness_baselines import (
    APPROACHES,
    SpacyLightGBM,
    TfidfLogistic,
)
from newsift.claims.training.checkworthiness_eval import score_metrics
from newsift.claims.training.checkworthiness_train import (
    VALIDATION_FOLD,
    best_threshold,
    cross_validated,
    development_folds,
    load_claimbuster,
)
from newsift.claims.training.claimdata import (
    CLEF2019_TEST,
    CLEF2019_TRAIN,
    CLEF2020_DEBATES,
    deduplicate,
    read_labeled,
    remove_overlap,
)

RESULTS = Path(__file__).resolve().parent / "results"


def make(approach: str):
    return TfidfLogistic() if approach == "tfidf" else SpacyLightGBM()


def fit(model, texts, labels, cache):
    if isinstance(model, SpacyLightGBM):
        return model.fit(texts, labels, features=cache(texts))
    return model.fit(texts, labels)


def predict(model, texts, cache):
    if isinstance(model, SpacyLightGBM):
        return model.predict_proba(texts, features=cache(texts))
    return model.predict_proba(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approach", choices=APPROACHES, required=True)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument(
        "--with-clef-debates",
        action="store_true",
        help="tfidf only: also train on CLEF 2019 T1 + 2020 T5 training debates (minus overlaps)",
    )
    args = parser.parse_args()
    if args.with_clef_debates and args.approach != "tfidf":
        parser.error("--with-clef-debates is implemented for tfidf only")

    rows, dev, heldout = load_claimbuster(args.data)
    texts = [r.text for r in rows]
    labels = np.array([r.label for r in rows])
    folds = development_folds(rows, dev)
    clef = read_labeled(args.data / CLEF2019_TEST)
    debates = []
    if args.with_clef_debates:
        debates = read_labeled(args.data / CLEF2019_TRAIN) + read_labeled(
            args.data / CLEF2020_DEBATES
        )
    heldout_rows = [rows[i] for i in heldout]

    def training_set(fit_idx, val_idx):
        """ClaimBuster fit rows, plus debates minus anything in any evaluation set."""
        own = [rows[i] for i in fit_idx]
        if not debates:
            return [r.text for r in own], labels[fit_idx]
        evaluation = [rows[i] for i in val_idx] + heldout_rows + clef
        extra = deduplicate(own + remove_overlap(debates, evaluation))
        return [r.text for r in extra], np.array([r.label for r in extra])

    features: dict[str, np.ndarray] = {}
    if args.approach == "spacy":
        from newsift.claims.training.checkworthiness_baselines import spacy_features

        everything = texts + [r.text for r in clef]
        matrix = spacy_features(everything)
        features = {t: row for t, row in zip(everything, matrix, strict=True)}

    def cache(batch):
        return np.array([features[t] for t in batch])

    started = time.time()
    result: dict = {"approach": args.approach, "with_clef_debates": args.with_clef_debates}
    if not args.no_cv:
        oof = np.zeros(len(rows))
        for k, (fit_idx, val_idx) in enumerate(folds):
            model = fit(make(args.approach), *training_set(fit_idx, val_idx), cache)
            oof[val_idx] = predict(model, [texts[i] for i in val_idx], cache)
            print(f"fold {k + 1}: {time.time() - started:.0f} s", flush=True)
        result["cross_validation"] = cross_validated(rows, folds, oof)
        print(result["cross_validation"], flush=True)

    fit_idx, val_idx = folds[VALIDATION_FOLD]
    t0 = time.time()
    model = fit(make(args.approach), *training_set(fit_idx, val_idx), cache)
    result["fit_seconds"] = round(time.time() - t0)
    threshold = best_threshold(labels[val_idx], predict(model, [texts[i] for i in val_idx], cache))
    result["heldout"] = score_metrics(
        heldout_rows, predict(model, [r.text for r in heldout_rows], cache), threshold
    )
    result["clef2019_test"] = score_metrics(
        clef, predict(model, [r.text for r in clef], cache), threshold
    )
    # Speed from raw text, features included (the spaCy parse is most of the cost).
    sample = [r.text for r in heldout_rows]
    t0 = time.time()
    model.predict_proba(sample)
    result["sentences_per_second"] = round(len(sample) / (time.time() - t0), 1)
    RESULTS.mkdir(exist_ok=True)
    suffix = "_clef" if args.with_clef_debates else ""
    out = RESULTS / f"checkworthiness_{args.approach}{suffix}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
