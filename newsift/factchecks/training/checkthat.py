"""Claim retrieval measured and trained on the CheckThat! Task 2 layouts.

Two layouts are read: 2022 Task 2A (``queries.jsonl``, ``vclaims.jsonl``, ``qrels.tsv``) and
2020 Task 2 (``verified_claims.docs.tsv``, ``<split>/tweets.queries.tsv`` and
``<split>/*.qrels``, every split found). Measures, per query over the re-ranked BM25 candidates:
MAP@1/3/5 (the official measure is MAP@5), precision@1, recall@10; and for the decision a
reader sees (the best candidate shown when its probability passes the threshold), precision
(shown matches that are right) and recall (queries with a right match shown).

A tweet's date is read from its text (the "— Name (@handle) January 6, 2020" that closes an
embedded tweet), as an article's publication date is in the analysis.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from newsift.errors import InputError
from newsift.factchecks.match import FEATURES, Reranker, candidate_features
from newsift.factchecks.store import FactCheck, FactCheckStore, iso_date

SEED = 13
FOLDS = 5
#: LightGBM lambdarank settings, chosen by 5-fold MAP@5 on the 2020 training tweets only (the
#: 2020 dev tweets held out; bench/factchecks.py).
RANKER = {
    "n_estimators": 300,
    "learning_rate": 0.03,
    "num_leaves": 15,
    "min_child_samples": 20,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.8,
}
_MONTHS = "january february march april may june july august september october november december"
_TWEET_DATE = re.compile(r"\b(" + "|".join(_MONTHS.split()) + r")\s+(\d{1,2}),\s+(\d{4})", re.I)
#: The shown match must be right this often on held-out folds.
TARGET_PRECISION = 0.9


@dataclass
class Task:
    queries: list[tuple[str, str]]  # (query id, text)
    checks: list[FactCheck]
    qrels: dict[str, set[str]]  # query id -> relevant check ids
    dates: list[date | None] = field(default_factory=list)  # per query, from its text

    def __post_init__(self) -> None:
        if not self.dates:
            self.dates = [tweet_date(text) for _, text in self.queries]

    def subset(self, query_ids: set[str]) -> Task:
        keep = [i for i, (qid, _) in enumerate(self.queries) if qid in query_ids]
        return Task(
            [self.queries[i] for i in keep], self.checks, self.qrels, [self.dates[i] for i in keep]
        )


def tweet_date(text: str) -> date | None:
    """The last "Month D, YYYY" in a tweet (its embed's date line), or None."""
    found = _TWEET_DATE.findall(text)
    if not found:
        return None
    month, day, year = found[-1]
    try:
        return date(int(year), _MONTHS.split().index(month.lower()) + 1, int(day))
    except ValueError:
        return None


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _check(check_id: str, claim: str, title: str | None, checked: str | None = None) -> FactCheck:
    return FactCheck(
        check_id, claim, "Snopes", "checkthat", "research use", title=title, date=iso_date(checked)
    )


def read_task(folder: str | Path) -> Task:
    folder = Path(folder)
    if (folder / "vclaims.jsonl").is_file() and (folder / "queries.jsonl").is_file():
        checks = [
            _check(row["claim_id"], row["claim"], row.get("title"), row.get("date"))
            for row in _jsonl(folder / "vclaims.jsonl")
        ]
        queries = [(row["query_id"], row["query"]) for row in _jsonl(folder / "queries.jsonl")]
        qrel_files = [folder / "qrels.tsv"]
    elif (folder / "verified_claims.docs.tsv").is_file():
        checks = []
        with open(folder / "verified_claims.docs.tsv", encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 2 and row[0] != "vclaim_id":
                    checks.append(_check(row[0], row[1], row[2] if len(row) > 2 else None))
        queries, qrel_files = [], []
        for split in sorted(p for p in folder.iterdir() if p.is_dir()):
            for path in split.glob("*.queries.tsv"):
                with open(path, encoding="utf-8") as handle:
                    for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                        if len(row) >= 2 and row[0] != "tweet_id":
                            queries.append((row[0], row[1]))
            qrel_files += sorted(split.glob("*.qrels"))
    else:
        raise InputError(
            f"{folder} is not a CheckThat! Task 2 folder (needs queries.jsonl + vclaims.jsonl +"
            " qrels.tsv, or verified_claims.docs.tsv + <split>/*.queries.tsv + <split>/*.qrels)"
        )
    qrels: dict[str, set[str]] = {}
    for path in qrel_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[3] != "0":
                qrels.setdefault(parts[0], set()).add(parts[2])
    queries = [(qid, text) for qid, text in queries if qid in qrels]
    if not queries:
        raise InputError(f"{folder}: no query has a relevant fact-check in the qrels")
    return Task(queries, checks, qrels)


@dataclass
class Candidates:
    query_ids: list[str]
    indices: list[list[int]]  # per query: candidate indices into task.checks, BM25 order
    X: list[np.ndarray]
    y: list[np.ndarray]


_STORES: dict[tuple[str, ...], FactCheckStore] = {}


def _in_memory(checks: list[FactCheck]) -> FactCheckStore:
    """The task's checks indexed and embedded once per process (training and evaluation
    score several query sets against the same checks)."""
    key = tuple(c.id for c in checks)
    if key not in _STORES:
        _STORES.clear()
        _STORES[key] = FactCheckStore.in_memory(checks)
    return _STORES[key]


def candidates(task: Task) -> Candidates:
    store = _in_memory(task.checks)
    found = candidate_features(store, [text for _, text in task.queries], dates=task.dates)
    ids = [c.id for c in task.checks]
    labels = [
        np.array([ids[j] in task.qrels[qid] for j in indices], dtype=int)
        for (qid, _), (indices, _) in zip(task.queries, found, strict=True)
    ]
    return Candidates(
        [qid for qid, _ in task.queries], [i for i, _ in found], [X for _, X in found], labels
    )


def fit(X: list[np.ndarray], y: list[np.ndarray]) -> Any:
    """A LightGBM lambdarank booster on per-query candidate groups."""
    import lightgbm

    model = lightgbm.LGBMRanker(**RANKER, random_state=SEED, n_jobs=1, verbose=-1)
    model.fit(np.vstack(X), np.concatenate(y), group=[len(rows) for rows in y])
    return model.booster_


def calibrate(scores: list[np.ndarray], labels: list[np.ndarray]) -> tuple[float, float]:
    """``(a, b)`` of probability = sigmoid(a * score + b), fitted on out-of-fold scores."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=1000)
    model.fit(np.concatenate(scores).reshape(-1, 1), np.concatenate(labels))
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def ranking_metrics(
    scores: list[np.ndarray], labels: list[np.ndarray], relevant: list[int]
) -> dict[str, float]:
    """MAP@1/3/5, P@1, R@10 over queries; a relevant check BM25 missed counts as not found."""
    out: dict[str, list[float]] = {
        k: [] for k in ("map@1", "map@3", "map@5", "precision@1", "recall@10")
    }
    for s, y, n in zip(scores, labels, relevant, strict=True):
        ranked = y[np.argsort(-s, kind="stable")] if len(y) else np.zeros(0, dtype=int)
        for k in (1, 3, 5):
            hits, total = 0, 0.0
            for i, rel in enumerate(ranked[:k]):
                if rel:
                    hits += 1
                    total += hits / (i + 1)
            out[f"map@{k}"].append(total / min(n, k))
        out["precision@1"].append(float(len(ranked) > 0 and ranked[0] == 1))
        out["recall@10"].append(float(ranked[:10].sum()) / n)
    return {k: round(float(np.mean(v)), 4) for k, v in out.items()}


def decision_metrics(
    scores: list[np.ndarray], labels: list[np.ndarray], threshold: float, queries: int | None = None
) -> dict[str, float]:
    """The best candidate is shown when it passes ``threshold``: how often is it right, and
    for how many of the first ``queries`` (the real ones; the rest are their twins without
    their fact-check, see :func:`without_answers`) is a right match shown."""
    queries = len(scores) if queries is None else queries
    shown = right = 0
    for s, y in zip(scores, labels, strict=True):
        if len(s) and s.max() >= threshold:
            shown += 1
            right += int(y[int(np.argmax(s))] == 1)
    return {
        "threshold": round(threshold, 4),
        "precision": round(right / shown, 4) if shown else 0.0,
        "recall": round(right / queries, 4),
        "shown": shown,
        "shown_without_answer": sum(
            int(len(s) > 0 and s.max() >= threshold) for s in scores[queries:]
        ),
    }


def without_answers(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A query's candidates as if its fact-checks were not in the store: the right ones
    dropped, the features relative to the best candidate recomputed. Every query has a right
    answer in CheckThat!, most claims in the news have none: these twins are the claims a shown
    match would mislead on, so the threshold is chosen on queries and twins, one each."""
    rest = X[y == 0].copy()
    if len(rest):
        cos, bm = FEATURES.index("cosine"), FEATURES.index("bm25")
        rest[:, FEATURES.index("cosine_below_best")] = rest[:, cos].max() - rest[:, cos]
        best = rest[:, bm].max()
        rest[:, FEATURES.index("bm25_share_of_best")] = rest[:, bm] / best if best > 0 else 0.0
    return rest


def choose_threshold(scores: list[np.ndarray], labels: list[np.ndarray]) -> float:
    """The lowest threshold at which the shown best matches are right at least
    TARGET_PRECISION of the time, so recall is as high as that precision allows (1.0, never
    shown, when no threshold reaches it)."""
    tops = sorted(
        (
            (float(s.max()), int(y[int(np.argmax(s))]))
            for s, y in zip(scores, labels, strict=True)
            if len(s)
        ),
        reverse=True,
    )
    best, right = 1.0, 0
    for shown, (p, ok) in enumerate(tops, start=1):
        right += ok
        if right / shown >= TARGET_PRECISION:
            best = p
    return best


def undated_rows(X: np.ndarray) -> np.ndarray:
    """The rows as if the claim had no date. The ranker trains on every query twice, dated
    and not, so an undated claim, or one made long after its fact-check, is ranked on its
    words rather than by the days the tweets taught (see the model card)."""
    X = X.copy()
    X[:, [FEATURES.index("dated"), FEATURES.index("days_to_check")]] = 0.0
    return X


def cross_validate(task: Task, folds: int = FOLDS) -> dict:
    """Out-of-fold scores by query (no query's candidates, nor its undated copy's or its
    twin's, in its own training fold); the threshold is chosen on the queries, their undated
    copies and their twins (:func:`without_answers`)."""
    data = candidates(task)
    n = len(data.query_ids)
    order = np.random.default_rng(SEED).permutation(n)
    fold_of = np.empty(n, dtype=int)
    fold_of[order] = np.arange(n) % folds
    X = data.X + [undated_rows(rows) for rows in data.X]
    y = data.y + data.y
    folds_of = np.concatenate([fold_of, fold_of])
    twins = [without_answers(rows, labels) for rows, labels in zip(X, y, strict=True)]
    raw: list[np.ndarray] = [np.zeros(0)] * (4 * n)
    for fold in range(folds):
        train = [i for i in range(2 * n) if folds_of[i] != fold and len(y[i])]
        booster = fit([X[i] for i in train], [y[i] for i in train])
        for i in np.flatnonzero(folds_of == fold):
            for j, rows in ((i, X[i]), (2 * n + i, twins[i])):
                raw[j] = booster.predict(rows, num_threads=1) if len(rows) else np.zeros(0)
    labels = y + [np.zeros(len(rows), dtype=int) for rows in twins]
    calibration = calibrate(raw, labels)
    a, b = calibration
    oof = [1.0 / (1.0 + np.exp(-(a * s + b))) for s in raw]
    relevant = [len(task.qrels[q]) for q in data.query_ids]
    threshold = choose_threshold(oof, labels)
    return {
        "n_queries": n,
        "n_fact_checks": len(task.checks),
        "n_dated_queries": sum(d is not None for d in task.dates),
        "bm25": ranking_metrics([X[:, FEATURES.index("bm25")] for X in data.X], data.y, relevant),
        "embedding": ranking_metrics(
            [X[:, FEATURES.index("cosine")] for X in data.X], data.y, relevant
        ),
        "reranked": ranking_metrics(oof[:n], data.y, relevant),
        "reranked_undated": ranking_metrics(oof[n : 2 * n], data.y, relevant),
        "at_threshold": held_out_decisions(
            oof, labels, np.concatenate([folds_of, folds_of]), threshold, 2 * n
        ),
        "threshold": threshold,
        "calibration": [round(v, 6) for v in calibration],
    }


def fit_reranker(task: Task, cv: dict) -> Reranker:
    """The ranker fitted on every query of ``task`` (dated and undated), with the calibration
    and threshold that ``cv`` (its cross-validation) chose on out-of-fold scores."""
    data = candidates(task)
    keep = [i for i in range(len(data.y)) if len(data.y[i])]
    X = [data.X[i] for i in keep] + [undated_rows(data.X[i]) for i in keep]
    booster = fit(X, [data.y[i] for i in keep] * 2)
    a, b = cv["calibration"]
    return Reranker(booster, (a, b), cv["threshold"], {})


def held_out_decisions(
    oof: list[np.ndarray],
    labels: list[np.ndarray],
    fold_of: np.ndarray,
    shipped: float,
    queries: int,
) -> dict:
    """Each fold's shown matches at a threshold chosen on the other folds' out-of-fold scores,
    so the precision reported is measured on queries that did not choose the threshold."""
    scores: list[np.ndarray] = [np.zeros(0)] * len(oof)
    for fold in np.unique(fold_of):
        others = np.flatnonzero(fold_of != fold)
        cut = choose_threshold([oof[i] for i in others], [labels[i] for i in others])
        for i in np.flatnonzero(fold_of == fold):
            # shown at the fold's own threshold exactly when shifted past the reported one
            scores[i] = oof[i] - cut + shipped
    return decision_metrics(scores, labels, shipped, queries)


def held_out_test(task: Task, test_ids: set[str]) -> dict:
    """Train (and choose calibration and threshold by cross-validation) on the queries not in
    ``test_ids``; score the ``test_ids`` queries once, with their dates and without."""
    train_task = task.subset({qid for qid, _ in task.queries} - test_ids)
    cv = cross_validate(train_task)
    reranker = fit_reranker(train_task, cv)
    test = task.subset(test_ids)
    return {
        "cv": cv,
        "test": evaluate_task(test, reranker),
        "test_undated": evaluate_task(undated(test), reranker),
    }


def checkthat2020_ids(folder: str | Path, split: str) -> set[str]:
    """The 2022 query ids ("train:tweet-sno-N") of one split of the 2020 layout (its tweet N):
    the 2022 training tweets are the 2020 train and dev tweets."""
    path = Path(folder) / split / "tweets.queries.tsv"
    with open(path, encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {f"train:tweet-sno-{row[0]}" for row in rows if row and row[0].isdigit()}


def evaluate(folder: str | Path, reranker: Reranker | None = None) -> dict:
    """The shipped re-ranker (or ``reranker``) on a task folder, at its own threshold."""
    from newsift.factchecks.match import shipped_reranker

    return evaluate_task(read_task(folder), reranker or shipped_reranker())


def evaluate_task(task: Task, reranker: Reranker) -> dict:
    data = candidates(task)
    twins = [without_answers(X, y) for X, y in zip(data.X, data.y, strict=True)]
    scores = [reranker.probability(X) if len(X) else np.zeros(0) for X in data.X + twins]
    relevant = [len(task.qrels[q]) for q in data.query_ids]
    n = len(data.query_ids)
    labels = data.y + [np.zeros(len(X), dtype=int) for X in twins]
    return {
        "n_queries": n,
        "n_fact_checks": len(task.checks),
        **ranking_metrics(scores[:n], data.y, relevant),
        "at_threshold": decision_metrics(scores, labels, reranker.threshold, n),
    }


def undated(task: Task) -> Task:
    """The same queries with no dates: what the matcher sees for an undated article."""
    return Task(task.queries, task.checks, task.qrels, [None] * len(task.queries))


def train(folder: str | Path, out: Path) -> dict:
    """Fit on every query of ``folder``; the calibration, threshold and figures come from the
    folds."""
    task = read_task(folder)
    cv = cross_validate(task)
    model = fit_reranker(task, cv)
    model.meta = {
        "trained_on": str(Path(folder).name),
        "date": date.today().isoformat(),
        "ranker": RANKER,
        "cross_validated": cv,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "reranker.json").write_text(json.dumps(model.to_json()), encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(model_card(model, cv), encoding="utf-8")
    return cv


def markdown(cv: dict, command: str, tests: list[tuple[str, dict]] = ()) -> str:
    """The cross-validated table (and rows scored once on held-out ``tests``)."""
    rows = [
        ("BM25 alone (cross-validated)", cv["bm25"]),
        ("embedding alone (cross-validated)", cv["embedding"]),
        ("BM25 + embedding candidates, re-ranked (cross-validated)", cv["reranked"]),
        ("the same, the tweets' dates withheld (cross-validated)", cv["reranked_undated"]),
        *tests,
    ]
    at = cv["at_threshold"]
    lines = [
        "| method | MAP@1 | MAP@3 | MAP@5 | P@1 | R@10 |",
        "|---|---|---|---|---|---|",
        *(
            f"| {name} | {m['map@1']:.3f} | {m['map@3']:.3f} | {m['map@5']:.3f}"
            f" | {m['precision@1']:.3f} | {m['recall@10']:.3f} |"
            for name, m in rows
        ),
        "",
        f"Threshold for precision >= {TARGET_PRECISION}, chosen on each query, dated and undated,"
        " and on their twins without their fact-checks (most claims in the news have none); each"
        " fold at a threshold chosen on the other folds (the one chosen on all folds is"
        f" {at['threshold']:.3f}): the best match is shown for"
        f" {at['shown'] - at['shown_without_answer']} of {2 * cv['n_queries']} queries (dated and"
        f" undated) and {at['shown_without_answer']} of their {2 * cv['n_queries']} twins, right"
        f" {at['precision']:.1%} of the time; a right match is shown for {at['recall']:.1%} of"
        " queries.",
        *(
            f"{name}, at that threshold: precision {m['at_threshold']['precision']:.1%}, recall"
            f" {m['at_threshold']['recall']:.1%}, a wrong match for"
            f" {m['at_threshold']['shown_without_answer']} of {m['n_queries']} twins."
            for name, m in tests
        ),
        "",
        f"Produced by `{command}`.",
    ]
    return "\n".join(lines) + "\n"


def model_card(model: Reranker, cv: dict) -> str:
    gains = model.booster.feature_importance(importance_type="gain")
    total = float(gains.sum()) or 1.0
    importance = "\n".join(
        f"| `{name}` | {g / total:.1%} |" for name, g in zip(FEATURES, gains, strict=True)
    )
    at = cv["at_threshold"]
    return f"""# Fact-check matching: BM25 and embedding candidates, LightGBM re-ranker

- **Task**: given a claim (and the date it was made, when known), which fact-checks in the
  local store are about it.
- **Data**: CheckThat! 2022 Task 2A English training tweets ({cv["n_queries"]} queries, {cv["n_dated_queries"]}
  dated by their text, with their relevant Snopes fact-checks among {cv["n_fact_checks"]}; the
  2022 dev and test tweets are not in ../shared/data). No fact-check text ships: the re-ranker
  reads only what a claim and a candidate share ({", ".join(FEATURES)}).
- **Model**: LightGBM lambdarank ({", ".join(f"{k} {v}" for k, v in RANKER.items())}), its
  score mapped to a probability by a logistic fit on out-of-fold scores
  (a = {model.calibration[0]:.4f}, b = {model.calibration[1]:.4f}); the settings were chosen on the
  2020 training tweets alone, and the 2020 dev tweets scored once with a model trained without
  them (docs/benchmarks.md, "Fact-check matching").
- **Split**: {FOLDS}-fold cross-validation by query (seed {SEED}). The ranker trains on each
  query twice, with the tweet's date and without. Every CheckThat! query has a right answer in
  the store, most claims in the news have none: each query (and undated copy) gets a twin
  without its fact-checks, and the threshold is chosen on all of them for precision >=
  {TARGET_PRECISION} of the shown best match; the precision and recall below are each fold's,
  at a threshold chosen on the other folds, over the dated and undated copies.
- **Metric** (out of fold): MAP@5 {cv["reranked"]["map@5"]:.3f} with the tweets' dates,
  {cv["reranked_undated"]["map@5"]:.3f} without (BM25 alone {cv["bm25"]["map@5"]:.3f},
  embedding alone {cv["embedding"]["map@5"]:.3f}); at the threshold {model.threshold:.3f}:
  precision {at["precision"]:.3f}, recall {at["recall"]:.3f}; a wrong match shown for
  {at["shown_without_answer"]} of {2 * cv["n_queries"]} twins.
- **Date**: {model.meta.get("date")}. **Trained by**: `newsift train factchecks --data DIR`.
- **License**: the weights are derived from the CheckThat! files (CC BY-SA 3.0 DE).

## Limits

- The date features carry most of the gain on these tweets: they are the ones Snopes
  embedded in its own fact-checks, so a right check mostly follows its tweet by days (median
  2, 95th percentile about 660). That is a property of how the data was made, not of the
  news: a check older than the claim (a rumour back again) counts as undated, and the ranker
  learned undated copies too, so such a claim is judged on its words (the undated figures).
- Tweets about Snopes-checked rumours are not news sentences; precision on a newsroom's own
  claims is not measured.

| feature | share of the ranker's gain |
|---|---|
{importance}
"""
