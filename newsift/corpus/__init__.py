"""Corpus: many reports kept and read together, and what they show that one cannot.

``store`` writes reports into one DuckDB file (one writer, one transaction per batch, so a
killed batch resumes without losing or repeating a row); ``schema`` is that file's versioned
layout; ``copies`` finds exact copies, near copies (MinHash LSH, rensa) and shared passages as
the store fills; ``reader`` is :class:`Corpus`, the read side (stats, copies, one article's
report, claims as records); ``export`` writes flat Parquet or JSONL. ``stories`` groups articles
about one event across outlets and ``narratives`` groups check-worthy claims that recur in other
words across outlets and time, both online (a new batch extends the clusters); ``metrics``
scores a clustering (B-cubed, adjusted Rand). ``training/`` fits the narratives' pairwise
decision and holds the hand-grouped claims; nothing the analysis loads imports it.

May import: the core and every stage below it (``nlp.embed`` for the shared embedding model);
used by ``cli`` (and ``web`` when it serves a corpus). It never runs inside ``analyze()``.
"""

from __future__ import annotations

from newsift.corpus.reader import Corpus

__all__ = ["Corpus"]
