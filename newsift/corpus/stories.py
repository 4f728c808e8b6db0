"""Stories: articles about one event across outlets, clustered online.

An article is represented by the embedding of its title and lead (the first sentences, where a
news story states its event), the named entities there, and its date. It joins the story whose
centroid it is closest to when

    cosine(article, centroid) + entity_weight * overlap(entities, story's entities) >= threshold

and, when both carry dates, the story's dates lie within ``max_days``; otherwise it starts a new
story. ``add`` takes a batch and extends the stories already there (leader-follower clustering,
as in Miranda et al. 2018's online news clustering): nothing is recomputed. The threshold and
entity weight were tuned on BASIL's 2010-2014 events (docs/benchmarks.md, stories section).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: Tuned on BASIL dev, 2010-2014 (``bench/stories.py tune``); BASIL 2015-2019 and WikiRef220
#: were never tuned on.
THRESHOLD = 0.60
ENTITY_WEIGHT = 0.1
MAX_DAYS = 10
#: Characters of the text after the title that make the lead.
LEAD_CHARS = 600
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "FAC", "PRODUCT", "LAW"}


@dataclass
class Story:
    """One event: its articles (ids in arrival order), outlets and date range."""

    id: int
    article_ids: list[str] = field(default_factory=list)
    sources: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    first: dt.date | None = None
    last: dt.date | None = None
    vector_sum: np.ndarray | None = None

    def centroid(self) -> np.ndarray:
        return self.vector_sum / max(float(np.linalg.norm(self.vector_sum)), 1e-12)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": self.article_ids,
            "outlets": sorted(self.sources),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "entities": [e for e, _ in self.entities.most_common(8)],
        }


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO string, date or datetime; None when absent or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def lead(title: str | None, text: str, chars: int = LEAD_CHARS) -> str:
    """Title and the start of the text, cut at a word boundary."""
    body = " ".join((text or "").split())
    if len(body) > chars:
        body = body[:chars].rsplit(" ", 1)[0]
    return f"{title.strip()}. {body}" if title and title.strip() else body


def entity_keys(texts: Iterable[str]) -> list[set[str]]:
    """Named entities of each text (spaCy, no parser), lower-cased; leading "the" dropped."""
    from newsift.nlp.annotate import load_spacy

    nlp = load_spacy(fast=True)
    out = []
    for doc in nlp.pipe(list(texts), batch_size=32):
        keys = {
            re.sub(r"^the\s+", "", " ".join(e.text.lower().split()))
            for e in doc.ents
            if e.label_ in ENTITY_LABELS
        }
        out.append({k for k in keys if len(k) > 1})
    return out


class StoryClusterer:
    """Online story clustering: ``add(articles)`` returns each article's story id."""

    def __init__(
        self,
        embedder=None,
        threshold: float = THRESHOLD,
        entity_weight: float = ENTITY_WEIGHT,
        max_days: int = MAX_DAYS,
    ):
        if embedder is None:
            from newsift.nlp.embed import load_embedder

            embedder = load_embedder()
        self.embedder = embedder
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.max_days = max_days
        self.stories: list[Story] = []
        self._centroids = np.zeros((0, embedder.dim), dtype=np.float32)

    def add(self, articles: Iterable[Mapping[str, Any]]) -> list[int]:
        """Assign each article (``id``, ``title``, ``text``; ``source``, ``date`` and
        ``entities`` optional) to a story, in order, creating stories as needed."""
        rows = list(articles)
        vectors, entities = self.prepare(rows)
        return self.add_prepared(rows, vectors, entities)

    def prepare(self, rows: list[Mapping[str, Any]]) -> tuple[np.ndarray, list[set[str]]]:
        """The lead embeddings and entity keys of article rows: the slow part of ``add``."""
        leads = [lead(r.get("title"), r.get("text") or "") for r in rows]
        vectors = self.embedder.encode(leads)
        missing = [i for i, r in enumerate(rows) if r.get("entities") is None]
        found = dict(zip(missing, entity_keys(leads[i] for i in missing), strict=True))
        entities = [
            found[i] if i in found else {str(e).lower() for e in row["entities"]}
            for i, row in enumerate(rows)
        ]
        return vectors, entities

    def add_prepared(
        self, rows: list[Mapping[str, Any]], vectors: np.ndarray, entities: list[set[str]]
    ) -> list[int]:
        """``add`` with what :meth:`prepare` returned for these rows."""
        assigned = []
        for row, vector, keys in zip(rows, vectors, entities, strict=True):
            story = self._best(vector, keys, parse_date(row.get("date")))
            self._join(story, row, vector, keys)
            assigned.append(story.id)
        return assigned

    def restore(
        self,
        articles: Iterable[Mapping[str, Any]],
        vectors: np.ndarray,
        entities: list[set[str]],
        story_ids: list[int],
    ) -> None:
        """Put back articles clustered earlier, in their order, each in the story it joined
        then (a store keeps them): nothing is decided again, so ``add`` extends them."""
        for row, vector, keys, story_id in zip(articles, vectors, entities, story_ids, strict=True):
            while len(self.stories) <= story_id:
                self._new_story(vector)
            self._join(self.stories[story_id], row, vector, keys)

    def _best(self, vector: np.ndarray, entities: set[str], date: dt.date | None) -> Story:
        if self.stories:
            cosines = self._centroids @ vector
            for index in np.argsort(-cosines)[:20]:
                story = self.stories[int(index)]
                if not self._within_dates(story, date):
                    continue
                if cosines[index] + self.entity_weight * overlap(entities, story) >= self.threshold:
                    return story
        return self._new_story(vector)

    def _new_story(self, vector: np.ndarray) -> Story:
        story = Story(id=len(self.stories))
        self.stories.append(story)
        self._centroids = np.vstack([self._centroids, vector[None, :]])
        return story

    def _within_dates(self, story: Story, date: dt.date | None) -> bool:
        if date is None or story.first is None:
            return True
        return (date - story.last).days <= self.max_days and (
            story.first - date
        ).days <= self.max_days

    def _join(self, story: Story, row: Mapping[str, Any], vector, entities: set[str]) -> None:
        story.article_ids.append(str(row.get("id")))
        if row.get("source"):
            story.sources[str(row["source"])] += 1
        story.entities.update(entities)
        story.vector_sum = vector.copy() if story.vector_sum is None else story.vector_sum + vector
        self._centroids[story.id] = story.centroid()
        date = parse_date(row.get("date"))
        if date:
            story.first = min(story.first or date, date)
            story.last = max(story.last or date, date)


def overlap(entities: set[str], story: Story) -> float:
    """Share of the article's entities the story has seen (0 when the article has none)."""
    if not entities:
        return 0.0
    return sum(1 for e in entities if e in story.entities) / len(entities)


def read_rows(path: Path) -> list[dict]:
    """Rows ``{id, cluster, title, text, url?, source?, date?}`` of a stories JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate_stories(path: Path, threshold: float | None = None, **settings) -> dict:
    """Cluster the file's articles in its order, score against its ``cluster`` labels."""
    from newsift.corpus.metrics import clustering_scores

    rows = read_rows(path)
    clusterer = StoryClusterer(threshold=THRESHOLD if threshold is None else threshold, **settings)
    predicted = clusterer.add(rows)
    return clustering_scores([r["cluster"] for r in rows], predicted)
