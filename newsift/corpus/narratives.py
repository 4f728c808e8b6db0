"""Narratives: check-worthy claims that recur in other words across articles, outlets and time.

A story groups articles about one event; a narrative groups *claims*, so two articles a year
apart about different events share a narrative when they assert the same thing. The grouping
is at the level of what is asserted, not of topic: "the US backs ISIS" and "ISIS attacked a US
base" share every entity and most of their words' topic, but not their claim.

Three steps, all online (``NarrativeIndex.add`` extends the clusters already there):

1. candidates: the nearest earlier claims by embedding cosine (:mod:`newsift.nlp.embed`);
2. a pairwise decision (:class:`PairDecision`): a logistic regression over the cosine and
   what a cosine misses (a negation or a number on one side only, how much of the shorter
   claim's content words and names the other has), trained on MSRP train and measured on MSRP
   test (docs/corpus.md); then two vetoes: the role check (one claim's doer is the other's
   done-to) and the rare-word check (the two share too little of what is rare in the corpus);
3. the claim joins the cluster whose members it is linked to most strongly, provided it is
   also close to that cluster's centroid, so a chain of near neighbours cannot drift from one
   claim to the next topic; otherwise it starts a cluster.

A narrative reports its claims with article, outlet, date and the outlet's rating, its first
and last appearance, its outlets' reputation mix, and whether it crossed from low-credibility
outlets to reliable ones.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsift.corpus.stories import parse_date

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "narratives" / "pair.json"

#: Reputation classes, the most telling first: a satire site that is also rated unreliable
#: counts as satire.
RATING_ORDER = ("satire", "state_media", "unreliable", "mixed", "reliable", "unrated")
#: Least share of rare content words two claims must share to link (see ``rare_overlap``),
#: chosen with the link threshold on the hand-grouped claims.
MIN_RARE_OVERLAP = 0.3
PRIOR_CLAIMS = 1000
#: How much a setting (a spaCy GPE, LOC or FAC after a preposition of place, "near Deir
#: ez-Zor", "in Aleppo", and not an actor of ``ALIASES``) counts
#: in the rare-word check: where a claim is set says which event, as a dateline does, while a
#: narrative recurs across events and places. Two claims that share only a rare town share a
#: story, not a claim.
PLACE_WEIGHT = 0.0
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Prepositions that set a scene; "of" and "by" are left out: "the government of Qatar" and
#: "funded by Qatar" name an actor.
LOCATIVE = frozenset(
    [
        "in",
        "near",
        "at",
        "on",
        "outside",
        "inside",
        "around",
        "across",
        "throughout",
        "within",
        "into",
        "over",
        "onto",
    ]
)


def _setting(entity) -> bool:
    """A place named as where something happens: the object of a preposition of place."""
    root = entity.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


LOW_CREDIBILITY = {"satire", "state_media", "unreliable"}
_UNRELIABLE_CATEGORIES = {"fake", "conspiracy", "junk_science", "propaganda", "hate", "rumor"}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*")
_NEGATION = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without"}
_NEGATION_VERBS = re.compile(r"^(den(y|ies|ied|ying)|refut\w*|fals\w*|reject\w*|dismiss\w*)$")
_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as into about over after before
    under than that this these those it its is are was were be been being has have had do does
    did will would shall should can could may might must he she they we you i his her their our
    your my him them us me who whom whose which what when where why how there here also just
    said says say told according reported reports report also very more most some any all each
    other such only own same so too then now up out new one two""".split()  # noqa: SIM905
)
#: A leading dateline says where, not what is claimed.
_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,40}\s[–—-]\s")
#: A headline's speaker before a colon ("Kremlin: ...", "Syrian MP: '...'") says who claims
#: it; a narrative is the same claim whoever makes it.
_SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?: [\w.'’-]+){0,3}:\s+(?=\S)")


def claim_core(text: str) -> str:
    """The claim as embedded: whitespace joined, a leading dateline and outer quotes dropped."""
    text = " ".join(text.split())
    text = _SPEAKER.sub("", _DATELINE.sub("", text, count=1), count=1)
    return text.strip(" \"'“”‘’")


def _tokens(text: str) -> list[str]:
    return [t.lower().strip(".'’") for t in _WORD.findall(text)]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class ClaimFeatures:
    """What the checks read from one claim, computed once per claim."""

    content: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    negated: bool
    length: int
    agents: frozenset[str] = frozenset()
    patients: frozenset[str] = frozenset()
    #: Content words that name where the claim is set (needs a parse with entities).
    places: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str, doc=None) -> ClaimFeatures:
        """From the text; ``doc`` (a spaCy parse of it) adds who acts on whom."""
        words = _WORD.findall(text)
        tokens = _tokens(text)
        places = frozenset()
        if doc is not None:
            places = frozenset(
                word
                for entity in doc.ents
                if entity.label_ in PLACE_LABELS and _setting(entity)
                for word in _content_words(entity.text)
            )
        entities = frozenset(
            ALIASES.get(_name(w), _name(w))
            for i, w in enumerate(words)
            if (w[0].isupper() and i > 0) or w.isupper()
        )
        agents, patients = roles(doc) if doc is not None else (frozenset(), frozenset())
        return cls(
            content=_content_words(text),
            entities=frozenset(e for e in entities if len(e) > 1),
            numbers=frozenset(t.replace(",", "") for t in tokens if t[0].isdigit()),
            negated=any(
                t in _NEGATION or t.endswith("n't") or _NEGATION_VERBS.match(t) for t in tokens
            ),
            length=len(tokens),
            agents=agents,
            patients=patients,
            places=places - _ACTORS,
        )

    def to_json(self) -> str:
        """As a store keeps it: sets as sorted lists."""
        return json.dumps(
            {
                name: sorted(value) if isinstance(value, frozenset) else value
                for name, value in self.__dict__.items()
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> ClaimFeatures:
        values = json.loads(text)
        return cls(**{k: frozenset(v) if isinstance(v, list) else v for k, v in values.items()})


def _content_words(text: str) -> frozenset[str]:
    """Stemmed words that are not stop words or numbers, each actor under one key ("US",
    "U.S.", "United States" and "America" are "us"), for the rare-word check."""
    folded = _WORD.findall(_PHRASES.sub(lambda m: _PHRASES_AS[m.group(0).lower()], text))
    words = set()
    for word, token in zip(folded, _tokens(" ".join(folded)), strict=True):
        actor = _actor(word)
        if actor:
            words.add(actor)
        elif token not in _STOP and not token[0].isdigit():
            words.add(_stem(token))
    return frozenset(words)


def _name(word: str) -> str:
    return word.lower().replace(".", "").strip("'’")


#: Spellings of one actor that news uses interchangeably, for the role check only (the
#: embedding already knows them).
ALIASES = {
    "united states": "us",
    "america": "us",
    "americans": "us",
    "american": "us",
    "washington": "us",
    "united kingdom": "uk",
    "britain": "uk",
    "islamic state": "isis",
    "isil": "isis",
    "daesh": "isis",
}


#: Multi-word spellings folded to one word before a claim's words are read.
_PHRASES_AS = {"united states": "US", "united kingdom": "UK", "islamic state": "ISIS"}
_PHRASES = re.compile(r"\b(?:united states|united kingdom|islamic state)\b", re.IGNORECASE)
_ACTORS = frozenset(ALIASES.values())


def _actor(word: str) -> str | None:
    """One word naming an actor, as one key whatever the spelling ("US", "U.S.", "America",
    "Daesh"), so the rare-word check sees that two claims name the same actor; the
    lower-case pronoun "us" is not one."""
    if not word[:1].isupper():
        return None
    key = _name(word)
    if key in _ACTORS:
        return key if word.isupper() or key == "isis" else None
    return ALIASES.get(key)


def _is_name(token) -> bool:
    text = token.text
    return (
        token.pos_ == "PROPN"
        or (len(text) > 1 and text.isupper())
        or (text[:1].isupper() and token.i > token.sent.start and token.pos_ in ("NOUN", "ADJ"))
    )


def _names(tokens) -> set[str]:
    """Runs of name tokens as aliased phrases: "The United States" -> "us"."""
    names, run = set(), []
    for token in [*tokens, None]:
        if token is not None and _is_name(token):
            run.append(_name(token.text))
            continue
        if run:
            phrase = " ".join(run)
            names.add(ALIASES.get(phrase, phrase))
            run = []
    return names


def roles(doc) -> tuple[frozenset[str], frozenset[str]]:
    """Names in the doer's and the done-to's phrases of a parse (passives turned active: the
    ``by`` agent acts, the passive subject is acted on)."""
    agents, patients = set(), set()
    for token in doc:
        if token.dep_ == "nsubj" or (token.dep_ == "pobj" and token.head.dep_ == "agent"):
            agents.update(_names(token.subtree))
        elif token.dep_ in ("nsubjpass", "dobj", "dative") or (
            token.dep_ == "pobj" and token.head.head.pos_ == "VERB"
        ):
            patients.update(_names(token.subtree))
    return frozenset(agents - patients), frozenset(patients - agents)


def role_swap(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """One claim's doer is the other's done-to, and the other way round: "the US backs ISIS"
    against "ISIS attacked a US base"."""
    return bool(a.agents & b.patients) and bool(a.patients & b.agents)


def claim_features(texts: list[str]) -> list[ClaimFeatures]:
    """Features of many claims, parsed in one spaCy pass (with the parser: roles need it)."""
    from newsift.nlp.annotate import load_spacy

    nlp = load_spacy(fast=False)
    return [
        ClaimFeatures.of(t, doc)
        for t, doc in zip(texts, nlp.pipe(texts, batch_size=64), strict=True)
    ]


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _containment(a: frozenset, b: frozenset) -> float:
    """Share of the smaller set found in the larger: a short claim inside a long one."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


FEATURES = (
    "cosine",
    "content_jaccard",
    "content_containment",
    "entity_jaccard",
    "entity_containment",
    "entity_only_one_side",
    "negation_mismatch",
    "number_mismatch",
    "length_ratio",
)
#: What the shipped decision reads: nothing that grows with a length difference. A narrative
#: recurs in a headline and in a long sentence alike, while MSRP pairs are sentences of
#: similar length, so Jaccard overlaps and the length ratio would learn MSRP's sampling.
LENGTH_INVARIANT = (
    "cosine",
    "content_containment",
    "entity_containment",
    "negation_mismatch",
    "number_mismatch",
)


def pair_features(cosine: float, a: ClaimFeatures, b: ClaimFeatures) -> list[float]:
    """Every candidate input for one pair, in the order of ``FEATURES``."""
    entity_union = a.entities | b.entities
    return [
        cosine,
        _jaccard(a.content, b.content),
        _containment(a.content, b.content),
        _jaccard(a.entities, b.entities),
        _containment(a.entities, b.entities),
        len(a.entities ^ b.entities) / len(entity_union) if entity_union else 0.0,
        float(a.negated != b.negated),
        float(bool(a.numbers and b.numbers and not (a.numbers & b.numbers))),
        min(a.length, b.length) / max(a.length, b.length, 1),
    ]


@dataclass(frozen=True)
class PairDecision:
    """P(two claims assert the same thing): a logistic regression over named ``FEATURES``.

    ``threshold`` maximises MSRP train accuracy (paraphrase level); ``link_threshold`` is where
    narratives link, chosen on the hand-grouped claims (docs/corpus.md): a narrative recurs "in
    other words", looser than MSRP's paraphrase.
    """

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float
    link_threshold: float | None = None

    def accepts(self, cosine: float, a: ClaimFeatures, b: ClaimFeatures, threshold: float) -> float:
        """The pair's probability when it passes the role check and ``threshold``, else 0."""
        if role_swap(a, b):
            return 0.0
        p = self.proba(pair_features(cosine, a, b))
        return p if p >= threshold else 0.0

    def proba(self, row: list[float]) -> float:
        """From a full ``pair_features`` row."""
        z = self.intercept + sum(
            w * row[FEATURES.index(name)]
            for name, w in zip(self.features, self.weights, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))

    @classmethod
    def fit(
        cls, rows: list[list[float]], labels: list[int], features: tuple[str, ...] = FEATURES
    ) -> PairDecision:
        from sklearn.linear_model import LogisticRegression

        columns = [FEATURES.index(name) for name in features]
        x = np.array(rows)[:, columns]
        model = LogisticRegression(C=1.0, max_iter=2000).fit(x, np.array(labels))
        probs = model.predict_proba(x)[:, 1]
        candidates = np.round(np.unique(probs), 3)
        accuracy = [((probs >= t) == np.array(labels, bool)).mean() for t in candidates]
        threshold = float(candidates[int(np.argmax(accuracy))])
        weights = tuple(float(w) for w in model.coef_[0])
        return cls(tuple(features), weights, float(model.intercept_[0]), threshold)

    def save(self, path: Path, **meta: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "features": list(self.features),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "link_threshold": self.link_threshold,
            **meta,
        }
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> PairDecision:
        payload = json.loads(path.read_text(encoding="utf-8"))
        unknown = set(payload["features"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"{path} reads features this version lacks: {sorted(unknown)}")
        return cls(
            tuple(payload["features"]),
            tuple(payload["weights"]),
            payload["intercept"],
            payload["threshold"],
            payload.get("link_threshold"),
        )


@lru_cache(maxsize=1)
def load_decision() -> PairDecision:
    return PairDecision.load()


def rating(reputation: Mapping[str, Any] | None) -> str:
    """One class per outlet from its report's ``source_reputation`` consensus."""
    if not reputation:
        return "unrated"
    consensus = reputation.get("consensus") or {}
    categories = set(consensus.get("categories") or [])
    factuality = consensus.get("factuality")
    if "satire" in categories:
        return "satire"
    if "state_media" in categories:
        return "state_media"
    if factuality == "unreliable" or categories & _UNRELIABLE_CATEGORIES:
        return "unreliable"
    return factuality if factuality in ("mixed", "reliable") else "unrated"


@dataclass
class Member:
    """One claim in a narrative."""

    article_id: str
    text: str
    site: str | None
    published: dt.date | None
    rating: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "text": self.text,
            "site": self.site,
            "published": self.published.isoformat() if self.published else None,
            "rating": self.rating,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Narrative:
    """A cluster of claims; the summary is computed from its members when asked."""

    id: int
    members: list[Member] = field(default_factory=list)

    @property
    def articles(self) -> set[str]:
        return {m.article_id for m in self.members}

    def summary(self) -> dict[str, Any]:
        dated = sorted((m for m in self.members if m.published), key=lambda m: m.published)
        outlets, mix = outlet_mix((m.site, m.article_id, m.rating) for m in self.members)
        return {
            "id": self.id,
            "claims": [m.to_dict() for m in self.members],
            "n_claims": len(self.members),
            "n_articles": len(self.articles),
            "n_outlets": len(outlets),
            "first_seen": dated[0].published.isoformat() if dated else None,
            "last_seen": dated[-1].published.isoformat() if dated else None,
            "reputation_mix": mix,
            "crossed_to_reliable": crossed(dated) if dated else None,
        }


def outlet_mix(
    items: Iterable[tuple[str | None, str, str]],
) -> tuple[dict[str, str], dict[str, float]]:
    """Outlets (site, else the article) with their rating, from ``(site, article_id, rating)``
    in order, and the share of outlets per rating class."""
    outlets: dict[str, str] = {}
    for site, article_id, rating_class in items:
        outlets.setdefault(site or f"article:{article_id}", rating_class)
    mix = {
        r: round(sum(1 for v in outlets.values() if v == r) / max(len(outlets), 1), 3)
        for r in RATING_ORDER
    }
    return outlets, mix


def crossed(dated: list[Member]) -> bool:
    """True when a reliable outlet carried the claim after a low-credibility one had."""
    first_low = next((m.published for m in dated if m.rating in LOW_CREDIBILITY), None)
    return first_low is not None and any(
        m.rating == "reliable" and m.published >= first_low for m in dated
    )


class NarrativeIndex:
    """Claims clustered into narratives online: ``add(claims)`` extends what is there.

    ``candidates`` nearest earlier claims with cosine >= ``candidate_cosine`` are put to the
    pairwise decision; a claim joins the cluster with the strongest accepted links when its
    cosine to that cluster's centroid is at least ``centroid_cosine``.
    """

    def __init__(
        self,
        embedder=None,
        decision: PairDecision | None = None,
        candidates: int = 20,
        candidate_cosine: float = 0.5,
        centroid_cosine: float = 0.55,
        link_threshold: float | None = None,
        min_rare_overlap: float = MIN_RARE_OVERLAP,
    ):
        if embedder is None:
            from newsift.nlp.embed import load_embedder

            embedder = load_embedder()
        self.embedder = embedder
        self.decision = decision or load_decision()
        if link_threshold is None:
            link_threshold = self.decision.link_threshold or self.decision.threshold
        self.link_threshold = link_threshold
        self.min_rare_overlap = min_rare_overlap
        self._df: Counter[str] = Counter()
        self.candidates = candidates
        self.candidate_cosine = candidate_cosine
        self.centroid_cosine = centroid_cosine
        self.narratives: list[Narrative] = []
        # Rows [0, len(self._cluster)) are in use; the capacity doubles, so adding n claims
        # copies O(n) rows in all rather than the whole matrix per claim.
        self._vectors = np.zeros((1024, embedder.dim), dtype=np.float32)
        self._features: list[ClaimFeatures] = []
        self._cluster: list[int] = []
        self._sums: list[np.ndarray] = []

    def add(
        self,
        claims: Iterable[Mapping[str, Any]],
        vectors: np.ndarray | None = None,
        features: list[ClaimFeatures] | None = None,
    ) -> list[int]:
        """Cluster claim records ``{article_id, text, site, published, reputation, start,
        end}``; returns each claim's narrative id, in order. ``vectors`` and ``features``, when
        given, are what :meth:`prepare` returned for these records (a store may keep them)."""
        records = list(claims)
        if vectors is None or features is None:
            vectors, features = self.prepare(records)
        for feature in features:  # document frequencies first, so the batch's words count
            self._df.update(feature.content)
        return [
            self._place(record, vector, feature)
            for record, vector, feature in zip(records, vectors, features, strict=True)
        ]

    def prepare(self, records: list[Mapping[str, Any]]) -> tuple[np.ndarray, list[ClaimFeatures]]:
        """The embeddings and parsed features of claim records: the slow part of ``add``."""
        cores = [claim_core(str(r["text"])) for r in records]
        return self.embedder.encode(cores), claim_features(cores)

    def restore(
        self,
        claims: Iterable[Mapping[str, Any]],
        vectors: np.ndarray,
        features: list[ClaimFeatures],
        clusters: list[int],
    ) -> None:
        """Put back claims clustered earlier, in their order, each in the narrative it joined
        then (a store keeps them): nothing is decided again, so ``add`` extends them."""
        records = list(claims)
        for feature in features:
            self._df.update(feature.content)
        for record, vector, feature, cluster in zip(
            records, vectors, features, clusters, strict=True
        ):
            self._place(record, vector, feature, cluster)

    def _place(
        self,
        record: Mapping[str, Any],
        vector: np.ndarray,
        features: ClaimFeatures,
        cluster: int | None = None,
    ) -> int:
        if cluster is None:
            cluster = self._choose(vector, features)
        if cluster is None:
            cluster = len(self.narratives)
        while len(self.narratives) <= cluster:
            self.narratives.append(Narrative(id=len(self.narratives)))
            self._sums.append(np.zeros_like(vector))
        self._sums[cluster] += vector
        self.narratives[cluster].members.append(
            Member(
                article_id=str(record.get("article_id")),
                text=str(record["text"]),
                site=record.get("site"),
                published=parse_date(record.get("published")),
                rating=rating(record.get("reputation")),
                start=int(record.get("start") or 0),
                end=int(record.get("end") or 0),
            )
        )
        used = len(self._cluster)
        if used == len(self._vectors):
            self._vectors = np.vstack([self._vectors, np.zeros_like(self._vectors)])
        self._vectors[used] = vector
        self._features.append(features)
        self._cluster.append(cluster)
        return cluster

    def _choose(self, vector: np.ndarray, features: ClaimFeatures) -> int | None:
        if not self._cluster:
            return None
        cosines = self._vectors[: len(self._cluster)] @ vector
        nearest = np.argpartition(-cosines, min(self.candidates, len(cosines) - 1))
        nearest = sorted(nearest[: self.candidates], key=lambda i: -cosines[i])
        strength: dict[int, float] = {}
        for index in nearest:
            if cosines[index] < self.candidate_cosine:
                break
            other = self._features[index]
            if self.rare_overlap(features, other) < self.min_rare_overlap:
                continue
            p = self.decision.accepts(float(cosines[index]), features, other, self.link_threshold)
            if p:
                cluster = self._cluster[index]
                strength[cluster] = strength.get(cluster, 0.0) + p
        for cluster in sorted(strength, key=strength.get, reverse=True):
            centroid = self._sums[cluster] / max(float(np.linalg.norm(self._sums[cluster])), 1e-12)
            if float(centroid @ vector) >= self.centroid_cosine:
                return cluster
        return None

    def rare_overlap(self, a: ClaimFeatures, b: ClaimFeatures) -> float:
        """Content words shared, weighted by rarity among the claims seen (inverse document
        frequency), over the lighter claim's weight: two claims that share "intercepted" share
        more than two that share "Syria" and "ISIS" in a corpus about Syria."""
        # As if PRIOR_CLAIMS more claims had been seen, none with these words: a small corpus
        # (one article's claims) weighs words nearly alike, a large one by its own counts.
        n = len(self._cluster) + PRIOR_CLAIMS

        def weight(words, places):
            return sum(
                math.log(n / (self._df.get(w, 0) + 1)) * (PLACE_WEIGHT if w in places else 1.0)
                for w in words
            )

        lighter = min(weight(a.content, a.places), weight(b.content, b.places))
        shared = weight(a.content & b.content, a.places | b.places)
        return shared / lighter if lighter > 0 else 0.0

    def recurring(self, min_articles: int = 2) -> list[Narrative]:
        """Narratives carried by at least ``min_articles`` articles, the widest first."""
        found = [n for n in self.narratives if len(n.articles) >= min_articles]
        return sorted(found, key=lambda n: (-len(n.articles), n.id))

    def narrative_of(self, article_id: str) -> list[Narrative]:
        """The recurring narratives one article's claims belong to."""
        return [n for n in self.recurring() if article_id in n.articles]
