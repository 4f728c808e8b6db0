"""Scoring attribution spans against PolNeAR-format references.

Each role (source, cue, content) is scored on its own as a set of spans per article (a span
two relations share counts once), micro-averaged over articles:

- **exact**: a predicted span matches a reference span with the same outer extent (first
  fragment's start, last fragment's end);
- **overlap**: a predicted span matches a reference span with which it shares at least one
  non-space character; matching is one-to-one (maximum bipartite matching, larger overlaps
  preferred), so one long prediction cannot match several references.

Precision = matched predictions / predictions, recall = matched references / references.
An article annotated by several people is scored against its first annotator (by id).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsift.claims.training.brat import ROLES, AnnotatedText, BratSpan, read_folder

Extent = tuple[int, int]
PRF_KEYS = (
    "precision_exact",
    "recall_exact",
    "f1_exact",
    "precision_overlap",
    "recall_overlap",
    "f1_overlap",
)


@dataclass
class Counts:
    """Matched and total counts for one role, exact and overlap."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.exact += other.exact
        self.overlap += other.overlap

    def scores(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for kind, hits in (("exact", self.exact), ("overlap", self.overlap)):
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            out[f"precision_{kind}"] = round(p, 4)
            out[f"recall_{kind}"] = round(r, 4)
            out[f"f1_{kind}"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        return out


@dataclass
class Scorer:
    counts: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    articles: int = 0

    def add(self, text: str, gold: dict[str, list[BratSpan]], predicted: dict[str, list[Extent]]):
        self.articles += 1
        for role in ROLES:
            self.counts[role].add(match_spans(text, gold[role], predicted[role]))

    def scores(self) -> dict[str, dict[str, float]]:
        return {role: self.counts[role].scores() for role in ROLES}

    def merge(self, other: Scorer) -> None:
        self.articles += other.articles
        for role in ROLES:
            self.counts[role].add(other.counts[role])


def _chars(text: str, fragments: Iterable[Extent]) -> set[int]:
    return {i for a, b in fragments for i in range(a, b) if not text[i].isspace()}


def match_spans(text: str, gold: list[BratSpan], predicted: list[Extent]) -> Counts:
    """Exact and one-to-one overlap matches between reference and predicted spans."""
    from scipy.optimize import linear_sum_assignment

    predicted = sorted(set(predicted))
    counts = Counts(gold=len(gold), predicted=len(predicted))
    if not gold or not predicted:
        return counts
    extents = {(g.start, g.end) for g in gold}
    counts.exact = sum(p in extents for p in predicted)
    gold_chars = [_chars(text, g.fragments) for g in gold]
    pred_chars = [_chars(text, [p]) for p in predicted]
    weight = np.zeros((len(gold), len(predicted)))
    for i, g in enumerate(gold_chars):
        for j, p in enumerate(pred_chars):
            shared = len(g & p)
            if shared:
                # 1 per match first, then prefer closer spans (Jaccard < 1) among equal counts.
                weight[i, j] = 1.0 + shared / len(g | p)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    counts.overlap = int(sum(weight[r, c] > 0 for r, c in zip(rows, cols, strict=True)))
    return counts


def gold_spans(annotated: AnnotatedText) -> dict[str, list[BratSpan]]:
    return {role: annotated.spans(role) for role in ROLES}


def predicted_spans(found: Iterable[Any]) -> dict[str, list[Extent]]:
    out: dict[str, list[Extent]] = {role: [] for role in ROLES}
    for relation in found:
        for role in ROLES:
            extent = getattr(relation, role)
            if extent is not None:
                out[role].append(tuple(extent))
    return out


# ---------------------------------------------------------------------------------------------
# Parsing PolNeAR texts once


def parse_cache_dir() -> Path:
    base = os.environ.get("NEWSIFT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsift"
    )
    return Path(base) / "parses"


def parsed(texts: list[AnnotatedText], fast: bool = False, cache: bool = True) -> Iterator[Any]:
    """spaCy Docs for ``texts`` in order, parsed with newsift's pipeline and cached on disk.

    The cache (``$NEWSIFT_CACHE`` or ``~/.cache/newsift/parses``) is keyed by the text, the
    spaCy pipeline's name and version and newsift's sentence rules, so a changed model or
    sentence rule never serves stale parses.
    """
    from newsift.nlp.annotate import SENTENCE_RULES_VERSION, load_spacy

    nlp = load_spacy(fast)
    model = (
        f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{'fast' if fast else 'full'}"
        f"-sentences{SENTENCE_RULES_VERSION}"
    )
    folder = parse_cache_dir() / model
    keys = [hashlib.sha1(t.text.encode("utf-8")).hexdigest() for t in texts]
    docs: dict[str, Any] = {}
    if cache and folder.is_dir():
        for key in set(keys):
            doc = _load_cached(folder / key, nlp.vocab)
            if doc is not None:
                docs[key] = doc
    missing = {k: t.text for k, t in zip(keys, texts, strict=True) if k not in docs}
    for key, doc in zip(missing, nlp.pipe(missing.values(), batch_size=16), strict=True):
        docs[key] = doc
        if cache:
            try:
                _store_cached(folder / key, doc)
            except OSError:
                cache = False  # a read-only home: parse without caching
    for key in keys:
        yield docs[key]


def _load_cached(stem: Path, vocab) -> Any:
    from spacy.tokens import DocBin

    try:
        return next(iter(DocBin().from_disk(stem.with_suffix(".spacy")).get_docs(vocab)))
    except (OSError, ValueError, StopIteration):
        return None


def _store_cached(stem: Path, doc) -> None:
    from spacy.tokens import DocBin

    stem.parent.mkdir(parents=True, exist_ok=True)
    bin_ = DocBin(store_user_data=False)
    bin_.add(doc)
    bin_.to_disk(stem.with_suffix(".spacy"))


# ---------------------------------------------------------------------------------------------
# Evaluating an extractor on a folder


def evaluate_folder(
    folder: Path | str, methods: Iterable[str] = ("learned",), cache: bool = True
) -> dict[str, dict[str, dict[str, float]]]:
    """Scores per method (``learned``, ``rules``, ``fast``) on a PolNeAR-format folder."""
    from newsift.claims.attribution.extractors import extractor

    texts = list(read_folder(folder))
    methods = list(methods)
    scorers = {m: Scorer() for m in methods}
    full = [m for m in methods if m != "fast"]
    if full:
        extractors = {m: extractor(m) for m in full}
        for annotated, doc in zip(texts, parsed(texts, cache=cache), strict=True):
            gold = gold_spans(annotated)
            for method, ex in extractors.items():
                scorers[method].add(annotated.text, gold, predicted_spans(ex.find(doc)))
    if "fast" in methods:
        ex = extractor("fast")
        for annotated, doc in zip(texts, parsed(texts, fast=True, cache=cache), strict=True):
            scorers["fast"].add(
                annotated.text, gold_spans(annotated), predicted_spans(ex.find(doc))
            )
    return {m: {"articles": s.articles, **s.scores()} for m, s in scorers.items()}  # type: ignore[dict-item]


def annotator_agreement(folder: Path | str) -> dict[str, Any] | None:
    """Other annotators scored against the first, on articles several people annotated."""
    by_name: dict[str, list[AnnotatedText]] = {}
    for annotated in read_folder(folder, all_annotators=True):
        by_name.setdefault(annotated.name, []).append(annotated)
    scorer = Scorer()
    pairs = 0
    for versions in by_name.values():
        first, *others = versions
        for other in others:
            pairs += 1
            predicted = {r: [(s.start, s.end) for s in other.spans(r)] for r in ROLES}
            scorer.add(first.text, gold_spans(first), predicted)
    if not pairs:
        return None
    articles = sum(len(v) > 1 for v in by_name.values())
    return {"articles": articles, "pairs": pairs, **scorer.scores()}


def markdown(results: dict[str, Any], title: str, notes: list[str] | None = None) -> str:
    """A benchmarks.md section: one row per method and role."""
    lines = [f"### {title}", ""]
    lines += [
        "| method | role | P exact | R exact | F1 exact | P overlap | R overlap | F1 overlap |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for method, scores in results.items():
        for role in ROLES:
            s = scores[role]
            lines.append(
                f"| {method} | {role} | " + " | ".join(f"{s[k]:.3f}" for k in PRF_KEYS) + " |"
            )
    lines.append("")
    lines += notes or []
    return "\n".join(lines).rstrip() + "\n"


def benchmark_markdown(folder: Path | str, cache: bool = True) -> str:
    """The attribution section of docs/benchmarks.md, computed now from ``folder``."""
    from newsift.claims.attribution.extractors import METHODS
    from newsift.claims.attribution.learned import shipped_model

    folder = Path(folder)
    results = evaluate_folder(folder, METHODS, cache=cache)
    rows: dict[str, Any] = {m: results[m] for m in METHODS}
    agreement = annotator_agreement(folder)
    if agreement:
        rows["other annotators vs first"] = agreement
    card = shipped_model().card
    notes = [
        f"Reference: {folder.name} split, {results['learned']['articles']} articles, first",
        "annotator per article. *learned*: LightGBM cue/source/content models over the spaCy",
        "parse (`newsift train attribution`); *rules*: reporting-verb lexicon + dependency",
        "patterns; *fast*: parse-free fallback used in fast mode. Exact = same extent; overlap =",
        "one-to-one matching of spans sharing a character. "
        + (
            f"Annotator agreement: {agreement['pairs']} second annotations of"
            f" {agreement['articles']} articles scored against the first."
            if agreement
            else ""
        ),
        "",
        f"Produced by `newsift evaluate attribution --data {folder.as_posix()} --markdown`.",
    ]
    text = markdown(rows, f"Attribution spans on PolNeAR {folder.name}", notes)
    cv = card.get("cross_validation")
    if cv:
        text += "\n" + markdown(
            {"learned": cv["scores"]},
            f"Attribution, {cv['folds']}-fold cross-validation on PolNeAR train (by article)",
            [
                f"From the shipped model card (trained {card.get('trained')});"
                " thresholds were tuned on these out-of-fold predictions.",
            ],
        )
    return text
