"""Stories and narratives of a store, kept in it and extended as batches add articles.

``update(path)`` clusters what batches stored since the last update: the articles not yet in
``story_articles`` and the claims not yet in ``narrative_claims``, in store order, after putting
back every earlier decision from those tables (each row keeps its embedding and, for claims,
its parsed features), so nothing is embedded, parsed or decided again. One transaction: a
killed update leaves the clusters as they were, and the next one redoes it. The settings the
clusters were made with are kept in ``meta``; a store clustered with other settings is refused
until rebuilt, since old and new decisions would not be comparable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsift.corpus import store
from newsift.errors import OutputError

#: Claims (and articles) clustered per ``add``: rarity weights are updated between chunks.
CHUNK = 1000

_PENDING_ARTICLES = """
SELECT a.id, a.title, a.site, a.published, json_extract_string(r.report, '$.article.text') AS text
FROM articles a JOIN reports r USING (id)
WHERE a.id NOT IN (SELECT article_id FROM story_articles)
ORDER BY a.seq
"""
_PENDING_CLAIMS = """
SELECT c.article_id, c.claim_index, c.text, c.start, c."end", a.site, a.published
FROM claims c JOIN articles a ON a.id = c.article_id
WHERE NOT EXISTS (SELECT 1 FROM narrative_claims n
                  WHERE n.article_id = c.article_id AND n.claim_index = c.claim_index)
ORDER BY a.seq, c.claim_index
"""
_STORED_ARTICLES = """
SELECT s.article_id AS id, s.story, s.vector, s.entities, a.site, a.published
FROM story_articles s JOIN articles a ON a.id = s.article_id ORDER BY a.seq
"""
_STORED_CLAIMS = """
SELECT n.article_id, n.claim_index, n.narrative, n.vector, n.features, c.text, c.start, c."end",
       a.site, a.published
FROM narrative_claims n JOIN claims c USING (article_id, claim_index)
JOIN articles a ON a.id = n.article_id ORDER BY a.seq, n.claim_index
"""


@dataclass
class Update:
    """What one update clustered."""

    articles: int
    claims: int


def pending(con) -> tuple[int, int]:
    """Articles and claims stored but not clustered yet."""
    articles = con.execute(f"SELECT count(*) FROM ({_PENDING_ARTICLES})").fetchone()[0]
    claims = con.execute(f"SELECT count(*) FROM ({_PENDING_CLAIMS})").fetchone()[0]
    return articles, claims


def update(
    path: str | Path,
    *,
    embedder=None,
    rebuild: bool = False,
    log: Callable[[str], None] | None = None,
) -> Update:
    """Bring a store's stories and narratives up to date with its articles (see the module)."""
    path = Path(path)
    if not path.is_file():  # never create a store here: a typo should not make an empty one
        store.connect(path, write=False)  # the clear error for a folder or a missing file
    if not _writable(path):
        con = store.connect(path, write=False)
        try:
            articles, claims = pending(con)
        finally:
            con.close()
        if articles or claims or rebuild:
            raise OutputError(
                f"cannot update the stories and narratives of {path}: permission denied"
                f" ({articles} articles and {claims} claims not clustered yet)"
            )
        return Update(0, 0)
    if path.resolve() in store._WRITING:
        raise OutputError(f"{path} is open for writing in this process; close it first")
    con = store.connect(path, write=True)
    try:
        return _update(con, path, embedder, rebuild, log or (lambda message: None))
    finally:
        con.close()


def _writable(path: Path) -> bool:
    """DuckDB writes the file and a WAL file beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _update(con, path: Path, embedder, rebuild: bool, log: Callable[[str], None]) -> Update:
    from newsift.corpus.narratives import ClaimFeatures, NarrativeIndex
    from newsift.corpus.stories import StoryClusterer

    if rebuild:
        articles, claims = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims)"
        ).fetchone()
    else:
        articles, claims = pending(con)
    if not articles and not claims:
        return Update(0, 0)
    if embedder is None:
        from newsift.nlp.embed import load_embedder

        embedder = load_embedder()
    stories = StoryClusterer(embedder)
    narratives = NarrativeIndex(embedder)
    settings = _settings(stories, narratives)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if not rebuild and meta.get("clusters", settings) != settings:
        raise OutputError(
            f"the stories and narratives in {path} were made with other settings"
            f" ({meta['clusters']}); rebuild them (--rebuild) to add to them"
        )
    rows = store._Rows()
    con.execute("BEGIN")
    try:
        if rebuild:
            con.execute("DELETE FROM story_articles")
            con.execute("DELETE FROM narrative_claims")
        else:
            done = _read(con, _STORED_ARTICLES)
            stories.restore(
                [_story_row(r) for r in done],
                _vectors(done, embedder.dim),
                [set(json.loads(r["entities"])) for r in done],
                [r["story"] for r in done],
            )
            done = _read(con, _STORED_CLAIMS)
            narratives.restore(
                done,
                _vectors(done, embedder.dim),
                [ClaimFeatures.from_json(r["features"]) for r in done],
                [r["narrative"] for r in done],
            )
        log(f"clustering {articles} articles into stories and {claims} claims into narratives")
        new = _read(con, _PENDING_ARTICLES)
        for start in range(0, len(new), CHUNK):
            chunk = [_story_row(r) for r in new[start : start + CHUNK]]
            vectors, entities = stories.prepare(chunk)
            assigned = stories.add_prepared(chunk, vectors, entities)
            for row, story, vector, keys in zip(chunk, assigned, vectors, entities, strict=True):
                rows.add("story_articles", [row["id"], story, _blob(vector), _entities(keys)])
        new = _read(con, _PENDING_CLAIMS)
        for start in range(0, len(new), CHUNK):
            chunk = new[start : start + CHUNK]
            vectors, features = narratives.prepare(chunk)
            assigned = narratives.add(chunk, vectors, features)
            for row, narrative, vector, feature in zip(
                chunk, assigned, vectors, features, strict=True
            ):
                rows.add(
                    "narrative_claims",
                    [
                        row["article_id"],
                        row["claim_index"],
                        narrative,
                        _blob(vector),
                        feature.to_json(),
                    ],
                )
        for table, values in rows.tables.items():
            rows.insert(con, table, values)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('clusters', ?)", [settings])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Update(articles, claims)


def _settings(stories, narratives) -> str:
    decision = narratives.decision
    return json.dumps(
        {
            "embedding": f"{type(stories.embedder).__name__} dim={stories.embedder.dim}",
            "stories": [stories.threshold, stories.entity_weight, stories.max_days],
            "narratives": [
                narratives.link_threshold,
                narratives.min_rare_overlap,
                narratives.candidates,
                narratives.candidate_cosine,
                narratives.centroid_cosine,
                list(decision.weights),
                decision.intercept,
            ],
        },
        sort_keys=True,
    )


def _read(con, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _story_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row.get("title"),
        "text": row.get("text"),
        "source": row["site"],
        "date": row["published"],
    }


def _vectors(rows: list[dict[str, Any]], dim: int) -> np.ndarray:
    if not rows:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([np.frombuffer(r["vector"], dtype=np.float32) for r in rows])


def _blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def _entities(keys: set[str]) -> str:
    return json.dumps(sorted(keys), ensure_ascii=False)
