"""Training the learned attribution extractor on PolNeAR (``newsift train attribution``).

Three LightGBM models over spaCy parse features: a cue-head token classifier, and source-head
and content-head classifiers over (cue, candidate) pairs in the cue's sentence. Lemma cue rates
are target-encoded out of fold (the rate a training row sees never counts its own article), so
the model does not learn to trust rates that would be inflated on its own data. Decision
thresholds are tuned on out-of-fold predictions of a cross-validation over training articles
(grouped by article), which also gives the cross-validated figures in the model card. The dev
split is only ever scored, never used to choose anything.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsift.claims.attribution.learned import (
    CUE_CATEGORICAL,
    CUE_FEATURES,
    PAIR_CATEGORICAL,
    PAIR_FEATURES,
    Featurizer,
    LearnedExtractor,
    LearnedModel,
    Lexicon,
    is_cue_candidate,
    select,
)
from newsift.claims.attribution.parse import dep_path, extent_key, sentence_of
from newsift.claims.training.attribution_eval import Scorer, gold_spans, parsed, predicted_spans
from newsift.claims.training.brat import AnnotatedText, BratSpan, read_folder
from newsift.errors import InputError

LGB_PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "cat_smooth": 10,
    "min_data_per_group": 20,
    "verbose": -1,
    "seed": 13,
}
ROUNDS = {"cue": 400, "source": 300, "content": 300}
GRID = {
    "cue": [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "source": [0.05, 0.1, 0.2, 0.3, 0.4],
    "content": [0.05, 0.1, 0.2, 0.3],
}
#: A lemma enters the lexicon once it heads this many cues (fewer says nothing reliable).
MIN_CUE_COUNT = 2
#: A lemma becomes its own categorical value once it heads this many cues.
MIN_LEMMA_CATEGORY = 5
MIN_PATH_COUNT = 5
#: A source head word becomes a categorical value of the cue's subject at this count.
MIN_SUBJECT_COUNT = 10
MIN_EXTENT_COUNT = 5
MIN_LEMMA_EXTENT_COUNT = 3


def default_model_dir() -> Path:
    """The package's own model folder, where the shipped artifact lives."""
    return Path(__file__).resolve().parents[2] / "models" / "attribution"


@dataclass
class Example:
    """One training article: its reference, its parse and the reference's head tokens."""

    annotated: AnnotatedText
    doc: Any
    heads: list[tuple[int, int | None, int | None]]  # (cue, source, content) token heads


def head_token(doc, fragments: Sequence[tuple[int, int]], sentence=None) -> int | None:
    """The highest token of a span in the parse (optionally only within one sentence)."""
    tokens = []
    for start, end in fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
    if sentence is not None:
        tokens = [t for t in tokens if sentence.start <= t.i < sentence.end]
    tokens = [t for t in tokens if not (t.is_punct or t.is_space)] or tokens
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return min(roots, key=lambda t: (len(list(t.ancestors)), t.i)).i


def examples(texts: list[AnnotatedText], docs) -> list[Example]:
    out = []
    for annotated, doc in zip(texts, docs, strict=True):
        heads = []
        for relation in annotated.relations:
            if relation.cue is None:
                continue
            cue = head_token(doc, relation.cue.fragments)
            if cue is None:
                continue
            sentence = sentence_of(doc)[cue]
            source = head_token(doc, relation.source.fragments) if relation.source else None
            content = None
            if relation.content:
                fragments = [f for c in relation.content for f in c.fragments]
                content = head_token(doc, fragments, sentence)
            heads.append((cue, source, content))
        out.append(Example(annotated, doc, heads))
    return out


def _covered(doc, span: BratSpan) -> set[int]:
    return {
        t.i
        for start, end in span.fragments
        for t in (doc.char_span(start, end, alignment_mode="expand") or [])
    }


def fit_lexicon(train: list[Example], vocab: dict[str, list[str]] | None = None) -> Lexicon:
    """Lemma cue rates, categorical vocabularies and span-extent rules from ``train``."""
    cue_lemmas: Counter[str] = Counter()
    all_lemmas: Counter[str] = Counter()
    cue_include: dict[str, list[int]] = {}
    source_exclude: dict[str, list[int]] = {}
    for ex in train:
        doc = ex.doc
        for token in doc:
            if is_cue_candidate(token):
                all_lemmas[token.lemma_.lower()] += 1
        cue_heads = {h[0] for h in ex.heads}
        for head in cue_heads:
            cue_lemmas[doc[head].lemma_.lower()] += 1
        for relation in ex.annotated.relations:
            if relation.cue is not None:
                _count_cue_extent(doc, relation.cue, cue_include)
            if relation.source is not None:
                _count_source_extent(doc, relation.source, source_exclude)
    stats = {
        lemma: (n_cue, max(n_cue, all_lemmas[lemma]))
        for lemma, n_cue in cue_lemmas.items()
        if n_cue >= MIN_CUE_COUNT
    }
    candidates = sum(all_lemmas.values())
    prior = sum(cue_lemmas.values()) / max(1, candidates)
    if vocab is None:
        vocab = _vocab(train, cue_lemmas)
    return Lexicon(
        lemma_stats=stats,
        prior=prior,
        vocab=vocab,
        cue_include=_decide_cue(cue_include),
        source_exclude=_decide(source_exclude),
    )


def _count_cue_extent(doc, span: BratSpan, table: dict[str, list[int]]) -> None:
    """Tally, per child kind (general and per cue lemma), whether the child's token and its
    whole subtree lie inside the cue span."""
    head = head_token(doc, span.fragments)
    if head is None:
        return
    inside = _covered(doc, span)
    lemma = doc[head].lemma_.lower()
    for child in doc[head].children:
        key = extent_key(child)
        token_in = child.i in inside
        subtree_in = all(t.i in inside for t in child.subtree)
        for name in (key, f"{lemma}>{key}"):
            tally = table.setdefault(name, [0, 0, 0])
            tally[0] += token_in
            tally[1] += subtree_in
            tally[2] += 1


def _count_source_extent(doc, span: BratSpan, table: dict[str, list[int]]) -> None:
    """Tally, per child kind, how often the source head's child stays out of the span."""
    head = head_token(doc, span.fragments)
    if head is None:
        return
    inside = _covered(doc, span)
    for child in doc[head].children:
        tally = table.setdefault(extent_key(child), [0, 0])
        tally[0] += not any(t.i in inside for t in child.subtree)
        tally[1] += 1


def _decide_cue(table: dict[str, list[int]]) -> dict[str, str]:
    rules = {}
    for key, (token_in, subtree_in, n) in sorted(table.items()):
        if n < (MIN_EXTENT_COUNT if ">" not in key else MIN_LEMMA_EXTENT_COUNT):
            continue
        if subtree_in / n > 0.5:
            rules[key] = "subtree"
        elif token_in / n > 0.5:
            rules[key] = "token"
        elif ">" in key:
            rules[key] = "none"  # overrides a general rule for this cue
    return rules


def _decide(table: dict[str, list[int]]) -> dict[str, bool]:
    return {k: hits / n > 0.5 for k, (hits, n) in sorted(table.items()) if n >= MIN_EXTENT_COUNT}


def _vocab(train: list[Example], cue_lemmas: Counter[str]) -> dict[str, list[str]]:
    pos, tag, dep, ent = Counter(), Counter(), Counter(), Counter()
    subjects, preps = Counter(), Counter()
    paths: dict[str, Counter[str]] = {"source": Counter(), "content": Counter()}
    for ex in train:
        for token in ex.doc:
            pos[token.pos_] += 1
            tag[token.tag_] += 1
            dep[token.dep_] += 1
            ent[token.ent_type_] += 1
        for cue, source, content in ex.heads:
            if source is not None:
                subjects[ex.doc[source].lemma_.lower()] += 1
            for child in ex.doc[cue].children:
                if child.dep_ in ("prep", "agent", "prt"):
                    preps[child.lower_] += 1
            for role, target in (("source", source), ("content", content)):
                if target is not None:
                    paths[role][dep_path(ex.doc[cue], ex.doc[target])] += 1
    return {
        "lemma": sorted(k for k, v in cue_lemmas.items() if v >= MIN_LEMMA_CATEGORY),
        "pos": sorted(pos),
        "tag": sorted(tag),
        "dep": sorted(dep),
        "ent": sorted(ent),
        "subject": sorted(k for k, v in subjects.items() if v >= MIN_SUBJECT_COUNT),
        "prep": sorted(k for k, v in preps.items() if v >= MIN_LEMMA_CATEGORY),
        "path_source": sorted(k for k, v in paths["source"].items() if v >= MIN_PATH_COUNT),
        "path_content": sorted(k for k, v in paths["content"].items() if v >= MIN_PATH_COUNT),
    }


def _rows(examples_: list[Example], lexicon: Lexicon) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Feature matrices and labels for the three models."""
    features = Featurizer(lexicon)
    blocks: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {
        "cue": [],
        "source": [],
        "content": [],
    }
    for ex in examples_:
        context = features.doc_context(ex.doc)
        indices, rows = features.cue_rows(ex.doc, context)
        positives = {h[0] for h in ex.heads}
        blocks["cue"].append((rows, np.array([i in positives for i in indices], dtype=np.int8)))
        seen: set[int] = set()
        for cue, source, content in ex.heads:
            if cue in seen or cue not in set(indices):
                continue
            seen.add(cue)
            for role, target in (("source", source), ("content", content)):
                candidates, pair = features.pair_rows(ex.doc, cue, role, context)
                labels = np.array([c == target for c in candidates], dtype=np.int8)
                blocks[role].append((pair, labels))
    out = {}
    for name, parts in blocks.items():
        width = len(CUE_FEATURES) if name == "cue" else len(PAIR_FEATURES)
        x = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, width), np.float32)
        y = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int8)
        out[name] = (x, y)
    return out


def _folds(n: int, k: int, seed: int = 13) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def _oof_rows(train: list[Example], vocab, inner_folds: int):
    """Rows whose lemma rates come from the other inner folds (out-of-fold target encoding)."""
    parts: dict[str, list] = {"cue": [], "source": [], "content": []}
    for held in _folds(len(train), inner_folds, seed=7):
        held_set = set(held.tolist())
        rest = [ex for i, ex in enumerate(train) if i not in held_set]
        lexicon = fit_lexicon(rest, vocab)
        for name, block in _rows([train[i] for i in held], lexicon).items():
            parts[name].append(block)
    return {
        name: (np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks]))
        for name, blocks in parts.items()
    }


def fit(
    train: list[Example],
    thresholds: dict[str, float] | None = None,
    inner_folds: int = 5,
    threads: int = 1,
    log: Callable[[str], None] = print,
) -> LearnedModel:
    import lightgbm

    lexicon = fit_lexicon(train)
    data = _oof_rows(train, lexicon.vocab, inner_folds)
    boosters = {}
    for name, (x, y) in data.items():
        names = CUE_FEATURES if name == "cue" else PAIR_FEATURES
        categorical = CUE_CATEGORICAL if name == "cue" else PAIR_CATEGORICAL
        dataset = lightgbm.Dataset(
            x, label=y, feature_name=names, categorical_feature=categorical, free_raw_data=True
        )
        params = {**LGB_PARAMS, "num_threads": threads}
        boosters[name] = lightgbm.train(params, dataset, num_boost_round=ROUNDS[name])
        log(f"  {name}: {len(y)} rows, {int(y.sum())} positive")
    return LearnedModel(
        lexicon=lexicon,
        cue_model=boosters["cue"],
        source_model=boosters["source"],
        content_model=boosters["content"],
        thresholds=thresholds or {"cue": 0.5, "source": 0.2, "content": 0.1},
    )


def _score(examples_: list[Example], candidates: list[list], thresholds) -> Scorer:
    scorer = Scorer()
    for ex, cands in zip(examples_, candidates, strict=True):
        found = select(ex.doc, cands, thresholds)
        scorer.add(ex.annotated.text, gold_spans(ex.annotated), predicted_spans(found))
    return scorer


def tune(examples_: list[Example], candidates: list[list]) -> tuple[dict[str, float], Scorer]:
    """Thresholds maximising the mean overlap F1 of the three roles on out-of-fold output.

    Coordinate ascent over :data:`GRID` (two passes) rather than the full product: each
    scoring pass matches every article, and the optimum is flat.
    """
    thresholds = {"cue": 0.5, "source": 0.1, "content": 0.1}

    def objective(candidate: dict[str, float]) -> tuple[float, Scorer]:
        scorer = _score(examples_, candidates, candidate)
        scores = scorer.scores()
        return float(np.mean([scores[r]["f1_overlap"] for r in scores])), scorer

    best, best_scorer = objective(thresholds)
    for _ in range(2):
        for name, values in GRID.items():
            for value in values:
                trial = {**thresholds, name: value}
                score, scorer = objective(trial)
                if score > best:
                    best, best_scorer, thresholds = score, scorer, trial
    return thresholds, best_scorer


def train(
    data: Path | str,
    out: Path | str,
    folds: int = 5,
    threads: int = 1,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Cross-validate on ``data/train``, tune thresholds out of fold, fit on all, save to ``out``."""
    data = Path(data)
    if not (data / "train").is_dir():
        raise InputError(f"{data} has no train/ folder (expected the PolNeAR layout)")
    started = time.time()
    texts = list(read_folder(data / "train"))
    log(f"parsing {len(texts)} training articles (cached after the first run)")
    train_examples = examples(texts, list(parsed(texts)))
    log(f"cross-validating over {folds} folds of articles")
    candidates: list[list] = [[] for _ in train_examples]
    for k, held in enumerate(_folds(len(train_examples), folds)):
        held_set = set(held.tolist())
        model = fit(
            [ex for i, ex in enumerate(train_examples) if i not in held_set],
            threads=threads,
            log=log,
        )
        extractor = LearnedExtractor(model)
        for i in held:
            candidates[i] = extractor.candidates(train_examples[i].doc)
        log(f"  fold {k + 1}/{folds} done ({time.time() - started:.0f}s)")
    thresholds, cv_scorer = tune(train_examples, candidates)
    log(f"thresholds chosen out of fold: {thresholds}")
    model = fit(train_examples, thresholds=thresholds, threads=threads, log=log)
    card: dict[str, Any] = {
        "data": "PolNeAR v1.0.0 (Newell, Margolin & Ruths, LREC 2018), networkdynamics/PolNeAR",
        "license": "none stated by the dataset; research use",
        "split": f"fit on all {len(texts)} train articles (first annotator per article)",
        "cross_validation": {
            "folds": folds,
            "grouping": "by article",
            "scores": cv_scorer.scores(),
            "note": "thresholds tuned on these out-of-fold predictions (slightly optimistic)",
        },
        "thresholds": thresholds,
        "trained": dt.date.today().isoformat(),
        "train_seconds": round(time.time() - started),
    }
    if (data / "dev").is_dir():
        dev_texts = list(read_folder(data / "dev"))
        scorer = Scorer()
        extractor = LearnedExtractor(model)
        for annotated, doc in zip(dev_texts, parsed(dev_texts), strict=True):
            scorer.add(annotated.text, gold_spans(annotated), predicted_spans(extractor.find(doc)))
        card["dev"] = {"articles": len(dev_texts), "scores": scorer.scores()}
    model.card = card
    model.save(out)
    write_model_card(Path(out) / "MODEL_CARD.md", card, model)
    log(f"wrote {out} in {time.time() - started:.0f}s")
    return card


def write_model_card(path: Path, card: dict[str, Any], model: LearnedModel) -> None:
    from newsift.claims.training.attribution_eval import markdown

    results = {"learned, 5-fold CV on train": card["cross_validation"]["scores"]}
    if "dev" in card:
        results["learned, dev"] = card["dev"]["scores"]
    lines = [
        "# Attribution extractor (learned)",
        "",
        "Finds attribution relations (source, cue, content spans) with three LightGBM models over",
        "spaCy `en_core_web_sm` parse features: a cue-head token classifier and source-head and",
        "content-head rankers over (cue, candidate) pairs; spans grow from the heads along the",
        "parse. Code: `newsift/claims/attribution/`; training: `newsift/claims/training/attribution_train.py`.",
        "",
        f"- **Data**: {card['data']}.",
        f"- **License of the data**: {card['license']}.",
        f"- **Split**: {card['split']}; dev (84 articles) only scored, never used to choose.",
        f"- **Trained**: {card['trained']} by `newsift train attribution --data "
        "../shared/data/attribution/polnear`"
        f" ({card['train_seconds']} s with 1 LightGBM thread, including cross-validation; spaCy"
        " parses cached from an earlier run, a first parse adds about 4 minutes).",
        f"- **Thresholds** (tuned on out-of-fold predictions): {card['thresholds']}.",
        "- **Metric**: precision/recall/F1 per role, exact extent and one-to-one character",
        "  overlap (see `newsift/claims/training/attribution_eval.py`).",
        f"- **Size**: {len(model.lexicon.lemma_stats)} lemmas in the cue lexicon.",
        "",
        markdown(results, "Scores"),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
