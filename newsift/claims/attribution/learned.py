"""The learned extractor (trained on PolNeAR by `newsift train attribution`): every token scored as
a cue head, the tokens of the cue's sentence ranked as source head and as content head by their
dependency path to the cue, spans grown from those heads with inclusion rules learned from the
same data."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsift.claims.attribution.parse import (
    CHILD_DEPS,
    MAX_PATH,
    NON_CUE_POS,
    SOURCE_POS,
    _in_regions,
    dep_path,
    doc_text,
    ents_between,
    sentence_of,
    subtree_facts,
    token_chars,
)
from newsift.claims.attribution.rules import RULE_VERBS, build_found
from newsift.claims.attribution.spans import Found, SpanBuilder, point_forward
from newsift.errors import ModelError
from newsift.nlp.quotes import quote_regions

MODEL_PACKAGE = "newsift.models.attribution"


#: Speech-act nouns PolNeAR's 840 training articles may never use as cues, read as their verb
#: ("made a revelation" as "revealed"); a lemma seen in training keeps its own statistics.
NOMINALIZED = {
    "revelation": "reveal",
    "disclosure": "disclose",
    "admission": "admit",
    "denial": "deny",
    "assertion": "assert",
    "allegation": "allege",
    "accusation": "accuse",
    "announcement": "announce",
    "statement": "state",
    "declaration": "declare",
    "confirmation": "confirm",
    "prediction": "predict",
    "insistence": "insist",
    "testimony": "testify",
}


@dataclass
class Lexicon:
    """What the learned model knows about words and paths, fitted on training articles."""

    lemma_stats: dict[str, tuple[int, int]]  # lemma -> (times a cue head, times a candidate)
    prior: float
    vocab: dict[str, list[str]]  # categorical feature values, index = code
    cue_include: dict[str, str]
    source_exclude: dict[str, bool]

    def __post_init__(self) -> None:
        self._codes = {
            name: {v: i for i, v in enumerate(values)} for name, values in self.vocab.items()
        }

    def code(self, name: str, value: str) -> int:
        return self._codes[name].get(value, -1)

    def rate(self, lemma: str) -> float:
        stats = self.lemma_stats.get(lemma) or self.lemma_stats.get(NOMINALIZED.get(lemma, ""))
        if stats is None:
            return -1.0
        cue, n = stats
        return (cue + 5 * self.prior) / (n + 5)

    def count(self, lemma: str) -> float:
        stats = self.lemma_stats.get(lemma)
        return math.log1p(stats[1]) if stats else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "lemma_stats": self.lemma_stats,
            "prior": self.prior,
            "vocab": self.vocab,
            "cue_include": self.cue_include,
            "source_exclude": self.source_exclude,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        return cls(
            lemma_stats={k: (int(v[0]), int(v[1])) for k, v in data["lemma_stats"].items()},
            prior=float(data["prior"]),
            vocab=data["vocab"],
            cue_include=data["cue_include"],
            source_exclude=data["source_exclude"],
        )


CUE_FEATURES = [
    "lemma",
    "lemma_rate",
    "lemma_count",
    "pos",
    "tag",
    "dep",
    "head_pos",
    "head_dep",
    "head_rate",
    *(f"has_{d}" for d in CHILD_DEPS),
    "subj_ent",
    "subj_pron",
    "subj_propn",
    "in_quote",
    "sent_quote",
    "comp_quote",
    "next_colon_or_quote",
    "prev_quote",
    "rel_pos",
    "sent_len",
    "prev_rate",
    "next_rate",
    "next_to",
    "next_that",
    "is_root",
    "n_children",
    "lower_is_title",
    "subj_lemma",
    "head_lemma",
    "dobj_rate",
    "prep_word",
    "prev_pos",
    "next_pos",
]


CUE_CATEGORICAL = [
    "lemma",
    "pos",
    "tag",
    "dep",
    "head_pos",
    "head_dep",
    "subj_ent",
    "subj_lemma",
    "head_lemma",
    "prep_word",
    "prev_pos",
    "next_pos",
]


PAIR_FEATURES = [
    "path",
    "path_len",
    "path_up",
    "path_down",
    "pos",
    "tag",
    "dep",
    "ent",
    "distance",
    "abs_distance",
    "before",
    "cand_rate",
    "cue_pos",
    "cue_dep",
    "cue_lemma",
    "cue_rate",
    "rank_left",
    "rank_right",
    "subtree_size",
    "cand_in_quote",
    "cue_in_quote",
    "has_person",
    "is_child",
    "is_parent",
    "subtree_has_cue",
    "starts_quote",
]


PAIR_CATEGORICAL = ["path", "pos", "tag", "dep", "ent", "cue_pos", "cue_dep", "cue_lemma"]


def is_cue_candidate(token) -> bool:
    return token.pos_ not in NON_CUE_POS and not token.is_space


def is_source_candidate(token) -> bool:
    return token.pos_ in SOURCE_POS


def is_content_candidate(token) -> bool:
    return not (token.is_punct or token.is_space)


class Featurizer:
    """Feature rows for cue tokens and for (cue, candidate) pairs, from a spaCy Doc."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon

    def doc_context(self, doc) -> dict[str, Any]:
        regions = quote_regions(doc_text(doc))
        return {"regions": regions, "in_quote": _in_regions(doc, regions)}

    def cue_rows(
        self, doc, context: dict[str, Any], only_likely: bool = False
    ) -> tuple[list[int], np.ndarray]:
        """Rows for the cue candidates; with ``only_likely``, for those :meth:`likely_cue` only
        (the analysis; training scores every candidate)."""
        lex, in_quote = self.lex, context["in_quote"]
        rates = [lex.rate(t.lemma_.lower()) for t in doc]
        quote_chars = set('“”"«»')
        sent_quote: dict[int, bool] = {}
        for sent in doc.sents:
            has = any(t.text in quote_chars for t in sent)
            for t in sent:
                sent_quote[t.i] = has
        sentences = sentence_of(doc)
        indices, rows = [], []
        for token in doc:
            if not is_cue_candidate(token) or (only_likely and not self.likely_cue(token)):
                continue
            sent = sentences[token.i]
            children = list(token.children)
            deps = {c.dep_ for c in children}
            subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
            comp = next((c for c in children if c.dep_ in ("ccomp", "xcomp", "parataxis")), None)
            dobj = next((c for c in children if c.dep_ == "dobj"), None)
            prep = next((c for c in children if c.dep_ in ("prep", "agent", "prt")), None)
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            prv = doc[token.i - 1] if token.i > 0 else None
            lemma = token.lemma_.lower()
            rows.append(
                [
                    lex.code("lemma", lemma),
                    rates[token.i],
                    lex.count(lemma),
                    lex.code("pos", token.pos_),
                    lex.code("tag", token.tag_),
                    lex.code("dep", token.dep_),
                    lex.code("pos", token.head.pos_),
                    lex.code("dep", token.head.dep_),
                    rates[token.head.i] if token.head.i != token.i else -1.0,
                    *(float(d in deps) for d in CHILD_DEPS),
                    lex.code("ent", subj.ent_type_) if subj is not None else -1,
                    float(subj is not None and subj.pos_ == "PRON"),
                    float(subj is not None and subj.pos_ == "PROPN"),
                    float(in_quote[token.i]),
                    float(sent_quote[token.i]),
                    float(comp is not None and any(t.text in quote_chars for t in comp.subtree)),
                    float(nxt is not None and (nxt.text == ":" or nxt.text in quote_chars)),
                    float(prv is not None and (prv.text in quote_chars or prv.text == ",")),
                    (token.i - sent.start) / max(1, len(sent)),
                    float(len(sent)),
                    rates[token.i - 1] if prv is not None else -1.0,
                    rates[token.i + 1] if nxt is not None else -1.0,
                    float(nxt is not None and nxt.lower_ == "to"),
                    float(nxt is not None and nxt.lower_ == "that"),
                    float(token.dep_ == "ROOT"),
                    float(len(children)),
                    float(token.is_title),
                    lex.code("subject", subj.lemma_.lower()) if subj is not None else -1,
                    lex.code("lemma", token.head.lemma_.lower()) if token.head.i != token.i else -1,
                    rates[dobj.i] if dobj is not None else -1.0,
                    lex.code("prep", prep.lower_) if prep is not None else -1,
                    lex.code("pos", prv.pos_) if prv is not None else -1,
                    lex.code("pos", nxt.pos_) if nxt is not None else -1,
                ]
            )
            indices.append(token.i)
        return indices, np.asarray(rows, dtype=np.float32).reshape(len(rows), len(CUE_FEATURES))

    def likely_cue(self, token) -> bool:
        """A verb, or a word the training data used as a cue head (or its nominalisation).

        Other words (unseen nouns, names, adjectives, adverbs: over half of the candidates) hardly
        ever clear the cue threshold: on 80 articles of bench/throughput.py's mix, 1 of 1,047
        confident cues ("crisis"), against some 16,000 rows the cue model scored for nothing;
        PolNeAR dev cue F1 (exact) 0.670 before, 0.669 after.
        """
        if token.pos_ in ("VERB", "AUX"):
            return True
        lemma = token.lemma_.lower()
        return lemma in self.lex.lemma_stats or NOMINALIZED.get(lemma, "") in self.lex.lemma_stats

    def pair_rows(
        self, doc, cue_head: int, role: str, context: dict[str, Any]
    ) -> tuple[list[int], np.ndarray]:
        lex, in_quote = self.lex, context["in_quote"]
        cue = doc[cue_head]
        sent = sentence_of(doc)[cue_head]
        accept = is_source_candidate if role == "source" else is_content_candidate
        path_vocab = f"path_{role}"
        candidates = [t for t in sent if t.i != cue_head and accept(t)]
        left = sorted((t for t in candidates if t.i < cue_head), key=lambda t: -t.i)
        right = sorted((t for t in candidates if t.i > cue_head), key=lambda t: t.i)
        rank = {t.i: k for k, t in enumerate(left)} | {t.i: k for k, t in enumerate(right)}
        cue_rate = lex.rate(cue.lemma_.lower())
        cue_lemma = lex.code("lemma", cue.lemma_.lower())
        facts = subtree_facts(doc)
        above_cue = {t.i for t in cue.ancestors}
        rows = []
        for cand in candidates:
            path = dep_path(cue, cand)
            steps = path.split() if path not in ("long", "none", "self") else []
            rows.append(
                [
                    lex.code(path_vocab, path),
                    float(len(steps)) if steps else float(MAX_PATH + 1),
                    float(sum(s.startswith("^") for s in steps)),
                    float(sum(not s.startswith("^") for s in steps)),
                    lex.code("pos", cand.pos_),
                    lex.code("tag", cand.tag_),
                    lex.code("dep", cand.dep_),
                    lex.code("ent", cand.ent_type_),
                    float(cand.i - cue_head),
                    float(abs(cand.i - cue_head)),
                    float(cand.i < cue_head),
                    lex.rate(cand.lemma_.lower()),
                    lex.code("pos", cue.pos_),
                    lex.code("dep", cue.dep_),
                    cue_lemma,
                    cue_rate,
                    float(rank[cand.i]) if cand.i < cue_head else -1.0,
                    float(rank[cand.i]) if cand.i > cue_head else -1.0,
                    float(facts.size[cand.i]),
                    float(in_quote[cand.i]),
                    float(in_quote[cue_head]),
                    float(facts.person[cand.i]),
                    float(cand.head.i == cue_head),
                    float(cue.head.i == cand.i),
                    float(cand.i in above_cue),
                    float(doc[facts.first[cand.i]].text in '“"«'),
                ]
            )
        return [c.i for c in candidates], np.asarray(rows, dtype=np.float32).reshape(
            len(rows), len(PAIR_FEATURES)
        )


@dataclass
class LearnedModel:
    """The shipped learned extractor: a lexicon, three LightGBM boosters and thresholds."""

    lexicon: Lexicon
    cue_model: Any
    source_model: Any
    content_model: Any
    thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)

    def save(self, folder) -> None:
        from pathlib import Path

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"thresholds": self.thresholds, "card": self.card, **self.lexicon.to_json()}
        (folder / "model.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        for name in ("cue", "source", "content"):
            booster = getattr(self, f"{name}_model")
            (folder / f"{name}.lgb.txt").write_text(booster.model_to_string(), encoding="utf-8")

    @classmethod
    def load_text(cls, meta: str, boosters: dict[str, str]) -> LearnedModel:
        import lightgbm

        data = json.loads(meta)
        return cls(
            lexicon=Lexicon.from_json(data),
            cue_model=lightgbm.Booster(model_str=boosters["cue"]),
            source_model=lightgbm.Booster(model_str=boosters["source"]),
            content_model=lightgbm.Booster(model_str=boosters["content"]),
            thresholds=data["thresholds"],
            card=data.get("card", {}),
        )


@lru_cache(maxsize=1)
def shipped_model() -> LearnedModel:
    """The model in ``newsift/models/attribution`` (written by ``newsift train attribution``)."""
    try:
        folder = resources.files(MODEL_PACKAGE)
        meta = (folder / "model.json").read_text(encoding="utf-8")
        boosters = {
            n: (folder / f"{n}.lgb.txt").read_text(encoding="utf-8")
            for n in ("cue", "source", "content")
        }
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise ModelError(
            f"the attribution model is missing ({err}); run `newsift train attribution`"
        ) from None
    return LearnedModel.load_text(meta, boosters)


class LearnedExtractor:
    """Cue heads by a token classifier; source and content heads by ranking candidates."""

    name = "learned"
    #: Cue candidates scoring below this are never kept, whatever the tuned threshold.
    FLOOR = 0.15

    def __init__(self, model: LearnedModel | None = None):
        self.model = model or shipped_model()
        self.features = Featurizer(self.model.lexicon)
        self.spans = SpanBuilder(self.model.lexicon.cue_include, self.model.lexicon.source_exclude)

    def find(self, doc) -> list[Found]:
        cue = self.model.thresholds["cue"]

        def selectable(head: int, score: float) -> bool:
            """What :func:`decode` or :func:`nested` can keep: a confident cue, or a reporting
            verb (most heads above the floor are neither, and their sources and contents were
            ranked for nothing: a third of the step's time)."""
            return score >= cue or doc[head].lemma_.lower() in RULE_VERBS

        found = select(doc, self.candidates(doc, selectable), self.model.thresholds)
        return [orphan_source(doc, f) if f.source is None else f for f in found]

    def candidates(self, doc, keep: Callable[[int, float], bool] | None = None) -> list[Found]:
        """Every cue head above :attr:`FLOOR` (and passing ``keep(head, score)``, if given) with
        its best source and content.

        Pair rows of all cue heads go to each model in one call: LightGBM's per-call
        overhead dominates on small inputs.
        """
        if len(doc) == 0:
            return []
        context = self.features.doc_context(doc)
        indices, rows = self.features.cue_rows(doc, context, only_likely=keep is not None)
        if not indices:
            return []
        probs = self.model.cue_model.predict(rows, num_threads=1)
        heads = [(indices[k], float(probs[k])) for k in np.flatnonzero(probs >= self.FLOOR)]
        if keep is not None:
            heads = [(head, score) for head, score in heads if keep(head, score)]
        best = {
            role: self._best(doc, [h for h, _ in heads], role, context)
            for role in ("source", "content")
        }
        return [
            self.relation(doc, head, context, score, best["source"][k], best["content"][k])
            for k, (head, score) in enumerate(heads)
        ]

    def _best(self, doc, heads: list[int], role: str, context) -> list[tuple[int | None, float]]:
        """For each cue head, its best candidate for ``role`` and that candidate's score."""
        groups = [self.features.pair_rows(doc, head, role, context) for head in heads]
        filled = [rows for candidates, rows in groups if candidates]
        if not filled:
            return [(None, 0.0)] * len(heads)
        model = self.model.source_model if role == "source" else self.model.content_model
        scores = model.predict(np.concatenate(filled), num_threads=1)
        out, offset = [], 0
        for candidates, _rows in groups:
            if not candidates:
                out.append((None, 0.0))
                continue
            part = scores[offset : offset + len(candidates)]
            offset += len(candidates)
            k = int(np.argmax(part))
            out.append((candidates[k], float(part[k])))
        return out

    def relation(self, doc, head: int, context, score: float, source_best, content_best) -> Found:
        (source, source_score), (content, content_score) = source_best, content_best
        found = build_found(self.spans, doc, head, source, content, context["regions"])
        return replace(found, score=score, source_score=source_score, content_score=content_score)


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}


SOURCE_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}


def orphan_source(doc, found: Found) -> Found:
    """The name right before a subjectless reporting verb, as its source.

    The small parser often hangs a name off an earlier phrase ("In an interview with the
    Planet, the mayor, Jane Doe, said ..." makes "Jane Doe" an apposition of "Planet"), leaving
    the verb with no subject and the source out of the candidates' reach.
    """
    cue = doc[found.cue_head]
    if cue.pos_ != "VERB" or any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return found
    j = min(t.i for t in cue.subtree if t.idx >= found.cue[0]) - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j < 0 or doc[j].sent.start != cue.sent.start or doc[j].is_ancestor(cue):
        return found
    token = doc[j]
    char = doc[j].idx
    entity = next((e for e in ents_between(doc, char, char + 1) if e.start <= j < e.end), None)
    if entity is not None and entity.label_ in SOURCE_ENTITIES and entity.end == j + 1:
        lo, hi = entity.start, entity.end - 1
    elif token.pos_ in ("PROPN", "NOUN") and token.dep_ == "appos":
        lo, hi = min(t.i for t in token.subtree), j
    else:
        return found
    while lo > cue.sent.start and doc[lo - 1].pos_ == "PROPN":  # a first name NER left out
        lo -= 1
    return replace(found, source=token_chars(doc, lo, hi), source_head=j)


def select(doc, candidates: Sequence[Found], thresholds: dict[str, float]) -> list[Found]:
    """The relations to report from the scored candidates: confident ones, then nested ones,
    with contents that only point ahead resolved to the quote that follows."""
    found = decode(candidates, thresholds)
    found = sorted(found + nested(doc, candidates, found, thresholds), key=lambda f: f.cue)
    return point_forward(doc, found, quote_regions(doc_text(doc)))


def nested(
    doc, candidates: Sequence[Found], kept: list[Found], thresholds: dict[str, float]
) -> list[Found]:
    """Reporting verbs inside a kept relation's content, with a source of their own.

    PolNeAR annotators rarely mark an attribution nested in another's content ("Smith said
    Jones had said ..."), so the classifier scores such cues low; the chains need them. A
    candidate above :attr:`LearnedExtractor.FLOOR` whose lemma is a reporting verb and whose
    source clears its threshold is kept when it sits inside a kept content.
    """
    contents = [k.content for k in kept if k.content is not None]
    taken = [k.cue for k in kept]
    out: list[Found] = []
    for found in sorted(candidates, key=lambda f: -f.score):
        if found.score >= thresholds["cue"] or found.source is None:
            continue
        if found.source_score < thresholds["source"]:
            continue
        if doc[found.cue_head].lemma_.lower() not in RULE_VERBS:
            continue
        if not any(a <= found.cue[0] and found.cue[1] <= b for a, b in contents):
            continue
        if any(found.cue[0] < b and a < found.cue[1] for a, b in taken):
            continue
        content_ok = found.content_score >= thresholds["content"]
        out.append(replace(found, content=found.content if content_ok else None))
        taken.append(found.cue)
    return out


def decode(candidates: Sequence[Found], thresholds: dict[str, float]) -> list[Found]:
    """Keep confident cues (best first, no two overlapping), and confident sources and contents."""
    kept: list[Found] = []
    for found in sorted(candidates, key=lambda f: -f.score):
        if found.score < thresholds["cue"]:
            break
        if any(found.cue[0] < k.cue[1] and k.cue[0] < found.cue[1] for k in kept):
            continue
        source_ok = found.source_score >= thresholds["source"]
        content_ok = found.content_score >= thresholds["content"]
        kept.append(
            replace(
                found,
                source=found.source if source_ok else None,
                source_head=found.source_head if source_ok else None,
                content=found.content if content_ok else None,
                content_head=found.content_head if content_ok else None,
            )
        )
    return sorted(kept, key=lambda f: f.cue)
