"""Propaganda techniques trained and measured on the PTC layout (SemEval-2020 Task 11).

A PTC folder holds an ``*-articles/`` folder of ``article<ID>.txt`` files and the combined label
files, one matching ``*SI.labels`` (id, start, end) and one ``*TC.labels`` (id, technique,
start, end). Measures, as the task's official scorer defines them:

* SI: spans of one article that overlap are merged (gold and predicted alike, techniques
  ignored); precision = sum over predicted spans s and gold spans t of |s ∩ t| / |s|, divided by
  the number of predicted spans; recall the same with |t| and the number of gold spans.
* TC: every gold span gets one technique; micro-F1 (equal to accuracy here) and F1 per technique.

Article-grouped cross-validation on the training articles gives the figures, the token
threshold (best SI F1 on the out-of-fold probabilities), each technique's calibration and its
threshold for precision.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from newsift.errors import InputError
from newsift.propaganda.features import (
    SPAN_FEATURES,
    TOKEN_FEATURES,
    hashed,
    span_feature_list,
    token_feature_lists,
    tokens,
)
from newsift.propaganda.model import PropagandaModel
from newsift.propaganda.techniques import TECHNIQUES

SEED = 13
FOLDS = 5
#: A technique is shown only where its spans were right this often on held-out articles.
TARGET_PRECISION = 0.6
#: Token thresholds tried for decoding spans.
TOKEN_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
#: Calibration and thresholds need this many held-out spans of a technique.
MIN_SPANS = 20


@dataclass
class PTCArticle:
    id: str
    text: str
    si: list[tuple[int, int]]
    tc: list[tuple[str, int, int]]


def read_ptc(folder: str | Path) -> list[PTCArticle]:
    folder = Path(folder)
    article_dirs = sorted(folder.glob("*-articles"))
    si_files = sorted(folder.glob("*SI.labels"))
    tc_files = sorted(folder.glob("*TC.labels"))
    if not article_dirs or not si_files or not tc_files:
        raise InputError(
            f"{folder} is not a PTC folder (needs *-articles/, a *SI.labels and a *TC.labels file)"
        )
    si: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in si_files[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            si[parts[0]].append((int(parts[1]), int(parts[2])))
    tc: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for line in tc_files[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            tc[parts[0]].append((parts[1], int(parts[2]), int(parts[3])))
    articles = []
    for path in sorted(article_dirs[0].glob("article*.txt")):
        article_id = re.sub(r"\D", "", path.stem)
        text = path.read_text(encoding="utf-8")
        articles.append(
            PTCArticle(article_id, text, si.get(article_id, []), tc.get(article_id, []))
        )
    if not articles:
        raise InputError(f"{article_dirs[0]} holds no article<ID>.txt file")
    return articles


# --- the official measures -------------------------------------------------------------------


def merge_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def si_scores(
    predicted: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]
) -> dict[str, float]:
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article in set(predicted) | set(gold):
        pred = merge_overlapping(predicted.get(article, []))
        true = merge_overlapping(gold.get(article, []))
        n_pred += len(pred)
        n_gold += len(true)
        for s0, s1 in pred:
            for t0, t1 in true:
                overlap = min(s1, t1) - max(s0, t0)
                if overlap > 0:
                    p_sum += overlap / (s1 - s0)
                    r_sum += overlap / (t1 - t0)
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def tc_scores(gold: list[str], predicted: list[str]) -> dict:
    per = {}
    for technique in TECHNIQUES:
        tp = sum(g == p == technique for g, p in zip(gold, predicted, strict=True))
        n_pred = sum(p == technique for p in predicted)
        n_gold = sum(g == technique for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[technique] = {"f1": round(f1, 4), "support": n_gold}
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {"micro_f1": round(correct / len(gold), 4) if gold else 0.0, "per_technique": per}


# --- fitting ---------------------------------------------------------------------------------


def token_matrix(articles: list[PTCArticle]):
    """Hashed token features and in-span labels, with each row's article index."""
    from scipy.sparse import vstack

    blocks, labels, owners = [], [], []
    for n, article in enumerate(articles):
        toks = tokens(article.text)
        inside = np.zeros(len(toks), dtype=int)
        spans = merge_overlapping(article.si)
        for i, (_, start, end) in enumerate(toks):
            inside[i] = any(s < end and start < e for s, e in spans)
        blocks.append(hashed(token_feature_lists(toks), TOKEN_FEATURES))
        labels.append(inside)
        owners.append(np.full(len(toks), n))
    return vstack(blocks).tocsr(), np.concatenate(labels), np.concatenate(owners)


def fit_tagger(X, y) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=0.5, max_iter=300, solver="liblinear")
    model.fit(X, y)
    return model.coef_[0], float(model.intercept_[0])


def fit_classifier(articles: list[PTCArticle]) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    rows = [(a.text, s, e, t) for a in articles for t, s, e in a.tc]
    X = hashed((span_feature_list(text, s, e) for text, s, e, _ in rows), SPAN_FEATURES)
    y = np.array([TECHNIQUES.index(t) for *_, t in rows])
    model = LogisticRegression(C=2.0, max_iter=500)
    model.fit(X, y)
    coef = np.zeros((len(TECHNIQUES), SPAN_FEATURES))
    intercept = np.full(len(TECHNIQUES), -30.0)
    coef[model.classes_] = model.coef_
    intercept[model.classes_] = model.intercept_
    return coef, intercept


def _bare_model(tagger, classifier, threshold: float) -> PropagandaModel:
    return PropagandaModel(
        tagger[0], tagger[1], classifier[0], classifier[1], list(TECHNIQUES), threshold, {}, {}, {}
    )


@dataclass
class HeldOut:
    """Out-of-fold results: token probabilities, TC predictions, decoded spans per threshold."""

    token_p: dict[str, np.ndarray]
    tc_gold: list[str]
    tc_pred: list[str]
    decoded: dict[float, dict[str, list[tuple[int, int, str, float]]]]  # raw scores
    fold_of: dict[str, int]


def cross_validate(articles: list[PTCArticle], folds: int = FOLDS) -> HeldOut:
    order = np.random.default_rng(SEED).permutation(len(articles))
    fold_of = {articles[i].id: int(n % folds) for n, i in enumerate(order)}
    X, y, owners = token_matrix(articles)
    held = HeldOut({}, [], [], {t: {} for t in TOKEN_THRESHOLDS}, fold_of)
    for fold in range(folds):
        train_rows = np.array([fold_of[articles[n].id] != fold for n in owners])
        tagger = fit_tagger(X[train_rows], y[train_rows])
        classifier = fit_classifier([a for a in articles if fold_of[a.id] != fold])
        for article in (a for a in articles if fold_of[a.id] == fold):
            model = _bare_model(tagger, classifier, 0.5)
            _, p = model.token_probabilities(article.text)
            held.token_p[article.id] = p
            if article.tc:
                probs = model.technique_probabilities(
                    article.text, [(s, e) for _, s, e in article.tc]
                )
                held.tc_gold += [t for t, _, _ in article.tc]
                held.tc_pred += [TECHNIQUES[int(k)] for k in probs.argmax(axis=1)]
            for threshold in TOKEN_THRESHOLDS:
                model.token_threshold = threshold
                spans = model.candidate_spans(article.text)
                probs = model.technique_probabilities(article.text, [(s, e) for s, e, _ in spans])
                held.decoded[threshold][article.id] = [
                    (s, e, TECHNIQUES[int(row.argmax())], p_span * float(row.max()))
                    for (s, e, p_span), row in zip(spans, probs, strict=True)
                ]
    return held


def best_token_threshold(held: HeldOut, articles: list[PTCArticle]) -> tuple[float, dict]:
    gold = {a.id: a.si for a in articles}
    scored = {
        t: si_scores({k: [(s, e) for s, e, _, _ in v] for k, v in spans.items()}, gold)
        for t, spans in held.decoded.items()
    }
    best = max(scored, key=lambda t: scored[t]["f1"])
    return best, scored[best]


def _is_right(span: tuple[int, int, str, float], article: PTCArticle) -> bool:
    s, e, technique, _ = span
    return any(t == technique and s < te and ts < e for t, ts, te in article.tc)


def calibrate_and_threshold(
    held: HeldOut, articles: list[PTCArticle], token_threshold: float
) -> tuple[dict, dict, dict]:
    """Per technique: Platt on the held-out spans' raw scores (right = overlaps a gold span of
    that technique), the lowest threshold whose shown spans are right TARGET_PRECISION of the
    time, and that threshold's precision measured on folds that did not choose it."""
    from sklearn.linear_model import LogisticRegression

    by_id = {a.id: a for a in articles}
    rows: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    for article_id, spans in held.decoded[token_threshold].items():
        for span in spans:
            rows[span[2]].append(
                (span[3], int(_is_right(span, by_id[article_id])), held.fold_of[article_id])
            )
    calibration, thresholds, figures = {}, {}, {}
    for technique in TECHNIQUES:
        data = rows.get(technique, [])
        if len(data) < MIN_SPANS or len({r for _, r, _ in data}) < 2:
            thresholds[technique] = None
            figures[technique] = {"held_out_spans": len(data), "shown": False}
            continue
        raw = np.clip(np.array([d[0] for d in data]), 1e-6, 1 - 1e-6)
        logit = np.log(raw / (1 - raw)).reshape(-1, 1)
        right = np.array([d[1] for d in data])
        platt = LogisticRegression(C=1e6).fit(logit, right)
        a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        calibration[technique] = (a, b)
        scores = 1 / (1 + np.exp(-(a * logit[:, 0] + b)))
        folds = np.array([d[2] for d in data])
        threshold = _precision_threshold(scores, right)
        thresholds[technique] = threshold
        shown = right_shown = 0
        for fold in np.unique(folds):
            cut = _precision_threshold(scores[folds != fold], right[folds != fold])
            if cut is None:
                continue
            mask = (folds == fold) & (scores >= cut)
            shown += int(mask.sum())
            right_shown += int(right[mask].sum())
        held_out_precision = right_shown / shown if shown else None
        # Shown only if the precision holds on folds that did not choose the threshold.
        if held_out_precision is None or held_out_precision < TARGET_PRECISION:
            thresholds[technique] = None
        figures[technique] = {
            "held_out_spans": len(data),
            "right_share": round(float(right.mean()), 3),
            "threshold": None if threshold is None else round(threshold, 4),
            "precision_at_threshold": None
            if held_out_precision is None
            else round(held_out_precision, 3),
            "shown_spans": shown,
            "reliability": _reliability(scores, right),
            "shown": thresholds[technique] is not None,
        }
    return calibration, thresholds, figures


def _precision_threshold(scores: np.ndarray, right: np.ndarray) -> float | None:
    order = np.argsort(-scores)
    best = None
    hits = 0
    for n, i in enumerate(order, start=1):
        hits += int(right[i])
        if n >= 5 and hits / n >= TARGET_PRECISION:
            best = float(scores[i])
    return best


def _reliability(scores: np.ndarray, right: np.ndarray, bins: int = 5) -> list[list[float]]:
    """[mean score, share right, count] per equal-width bin that has spans."""
    out = []
    which = np.minimum((scores * bins).astype(int), bins - 1)
    for b in range(bins):
        mask = which == b
        if mask.any():
            out.append(
                [
                    round(float(scores[mask].mean()), 3),
                    round(float(right[mask].mean()), 3),
                    int(mask.sum()),
                ]
            )
    return out


def _figures(articles: list[PTCArticle], held: HeldOut) -> tuple[dict, dict, dict]:
    threshold, si = best_token_threshold(held, articles)
    calibration, thresholds, per_technique = calibrate_and_threshold(held, articles, threshold)
    figures = {
        "n_articles": len(articles),
        "si": si,
        "tc": tc_scores(held.tc_gold, held.tc_pred),
        "token_threshold": threshold,
        "shown_techniques": per_technique,
    }
    return figures, calibration, thresholds


def evaluate(folder: str | Path) -> dict:
    """Cross-validated SI and TC figures on a PTC folder, and the per-technique table."""
    articles = read_ptc(folder)
    return _figures(articles, cross_validate(articles))[0]


def train(folder: str | Path, out: Path) -> dict:
    """Fit on every article; token threshold, calibration and thresholds from the folds."""
    articles = read_ptc(folder)
    figures, calibration, thresholds = _figures(articles, cross_validate(articles))
    X, y, _ = token_matrix(articles)
    model = _bare_model(fit_tagger(X, y), fit_classifier(articles), figures["token_threshold"])
    model.calibration = calibration
    model.thresholds = thresholds
    model.meta = {"trained_on": Path(folder).name, "date": date.today().isoformat(), "cv": figures}
    model.save(out)
    (out / "MODEL_CARD.md").write_text(model_card(figures), encoding="utf-8")
    return figures


def markdown(figures: dict, command: str) -> str:
    si, tc = figures["si"], figures["tc"]
    lines = [
        f"{figures['n_articles']} PTC training articles, {FOLDS}-fold cross-validation by article"
        f" (seed {SEED}); token threshold {figures['token_threshold']} (best SI F1 of"
        f" {len(TOKEN_THRESHOLDS)} tried on the same folds).",
        "",
        "| task | measure | value |",
        "|---|---|---|",
        f"| SI (official character overlap) | precision | {si['precision']:.3f} |",
        f"| | recall | {si['recall']:.3f} |",
        f"| | F1 | {si['f1']:.3f} |",
        f"| TC (gold spans) | micro-F1 | {tc['micro_f1']:.3f} |",
        "",
        "| technique | TC F1 | gold spans | held-out predicted spans | right | shown | precision at threshold (other folds chose it) |",
        "|---|---|---|---|---|---|---|",
    ]
    for technique in TECHNIQUES:
        per = tc["per_technique"][technique]
        shown = figures["shown_techniques"][technique]
        lines.append(
            f"| {technique} | {per['f1']:.3f} | {per['support']} | {shown['held_out_spans']}"
            f" | {shown.get('right_share', '–')} | {'yes' if shown['shown'] else 'no'}"
            f" | {shown.get('precision_at_threshold') or '–'} |"
        )
    lines += ["", f"Produced by `{command}`."]
    return "\n".join(lines) + "\n"


def model_card(figures: dict) -> str:
    shown = [t for t, f in figures["shown_techniques"].items() if f["shown"]]
    reliability = "\n".join(
        f"| {t} | {f.get('reliability')} |"
        for t, f in figures["shown_techniques"].items()
        if f["shown"]
    )
    return f"""# Propaganda techniques: token tagger + span classifier (linear, hashed features)

- **Task**: SemEval-2020 Task 11 on news: spans (SI) and their technique (TC), 14 techniques.
- **Data**: PTC training articles ({figures["n_articles"]}), research use (QCRI); no text ships,
  only hashed-feature weights.
- **Split**: {FOLDS}-fold cross-validation by article (seed {SEED}).
- **Metric**: SI F1 {figures["si"]["f1"]:.3f} (precision {figures["si"]["precision"]:.3f}, recall
  {figures["si"]["recall"]:.3f}), TC micro-F1 {figures["tc"]["micro_f1"]:.3f}. Anchors
  (SemEval-2020 test, transformer ensembles): SI F1 0.51, TC micro-F1 0.63.
- **Shown**: a technique is reported only where its calibrated spans past its threshold were
  right at least {TARGET_PRECISION:.0%} of the time on held-out articles whose folds did not
  choose the threshold: {", ".join(shown) or "none"}. The others are never reported.
- **Date**: {date.today().isoformat()}. **Trained by**: `newsift train propaganda --data DIR`.
- **License**: weights Apache-2.0; training data research use (PTC).

Reliability per shown technique, held out: [mean calibrated score, share right, spans] per bin.

| technique | reliability |
|---|---|
{reliability}

Each span is shown with its technique's one-line definition (newsift/propaganda/techniques.py).
"""
