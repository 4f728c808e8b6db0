"""The corpus file's layout, versioned in its ``meta`` table (documented in docs/corpus.md).

Bump ``STORE_VERSION`` on any change to these tables and add the step from the previous
version to ``MIGRATIONS``; a file from a newer newsift is refused, never half-read.
"""

from __future__ import annotations

from newsift.corpus import copies

STORE_VERSION = 2

#: Score columns on ``articles``: ``{score}_{part}``, probabilities from the report.
SCORE_NAMES = ("unreliable", "satire", "hyperpartisan")
SCORE_PARTS = ("content", "combined")
SCORE_COLUMNS = tuple(f"{name}_{part}" for name in SCORE_NAMES for part in SCORE_PARTS)

#: Count columns on ``articles``: how many of each report list the article has.
COUNT_COLUMNS = (
    "n_sentences",
    "n_entities",
    "n_claims",
    "n_attributions",
    "n_hedges",
    "n_signals",
    "n_boilerplate",
)

TABLES: dict[str, str] = {
    "meta": "key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL",
    "articles": ", ".join(
        [
            "seq BIGINT PRIMARY KEY",
            "id VARCHAR NOT NULL UNIQUE",
            "url VARCHAR",
            "site VARCHAR",
            "site_name VARCHAR",
            "title VARCHAR",
            "published DATE",
            "published_text VARCHAR",
            "crawled DATE",
            "language VARCHAR",
            "reputation VARCHAR",
            "content_hash VARCHAR NOT NULL",
            "input_hash VARCHAR",
            "id_from_position BOOLEAN NOT NULL",
            "n_chars INTEGER NOT NULL",
            *(f"{column} INTEGER NOT NULL" for column in COUNT_COLUMNS),
            *(f"{column} DOUBLE" for column in SCORE_COLUMNS),
            "report_schema VARCHAR NOT NULL",
            "batch INTEGER NOT NULL",
            "stored_at TIMESTAMP NOT NULL",
        ]
    ),
    "reports": "id VARCHAR PRIMARY KEY, report JSON NOT NULL",
    "claims": (
        'article_id VARCHAR NOT NULL, claim_index INTEGER NOT NULL, start INTEGER NOT NULL, "end"'
        " INTEGER NOT NULL, text VARCHAR NOT NULL, checkworthiness DOUBLE NOT NULL, hedged BOOLEAN"
        " NOT NULL, source_text VARCHAR, source_type VARCHAR, source_domain VARCHAR, cue VARCHAR"
    ),
    "spans": (
        'article_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER'
        " NOT NULL, label VARCHAR, text VARCHAR"
    ),
    "signals": (
        "article_id VARCHAR NOT NULL, name VARCHAR NOT NULL, value VARCHAR, explanation VARCHAR"
    ),
    "errors": (
        "id VARCHAR PRIMARY KEY, url VARCHAR, error VARCHAR NOT NULL, error_type VARCHAR NOT NULL,"
        " input_hash VARCHAR, id_from_position BOOLEAN NOT NULL, batch INTEGER NOT NULL,"
        " stored_at TIMESTAMP NOT NULL"
    ),
    "minhashes": "seq BIGINT PRIMARY KEY, sketch BLOB NOT NULL",
    "near_pairs": "seq BIGINT NOT NULL, other_seq BIGINT NOT NULL, similarity DOUBLE NOT NULL",
    "passages": (
        'article_id VARCHAR NOT NULL, hash VARCHAR NOT NULL, start INTEGER NOT NULL, "end"'
        " INTEGER NOT NULL"
    ),
    # Version 2: stories and narratives, extended as batches add articles (clusters.py).
    "story_articles": (
        "article_id VARCHAR PRIMARY KEY, story INTEGER NOT NULL, vector BLOB NOT NULL,"
        " entities JSON NOT NULL"
    ),
    "narrative_claims": (
        "article_id VARCHAR NOT NULL, claim_index INTEGER NOT NULL, narrative INTEGER NOT NULL,"
        " vector BLOB NOT NULL, features JSON NOT NULL, PRIMARY KEY (article_id, claim_index)"
    ),
}

#: What a store's sketches were made with; another setting makes them incomparable.
SKETCH_SETTINGS = {
    "minhash": f"rensa RMinHash num_perm={copies.NUM_PERM} seed={copies.SEED}"
    f" shingle_words={copies.SHINGLE_WORDS}",
}

#: version -> SQL that brings a store of that version to the next one.
MIGRATIONS: dict[int, list[str]] = {
    1: [f"CREATE TABLE {name} ({TABLES[name]})" for name in ("story_articles", "narrative_claims")],
}


def create_statements() -> list[str]:
    return [f"CREATE TABLE {name} ({columns})" for name, columns in TABLES.items()]
