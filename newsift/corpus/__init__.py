"""Corpus: many reports kept and read together.

``store`` writes reports into one DuckDB file (one writer, one transaction per batch, so a
killed batch resumes without losing or repeating a row); ``schema`` is that file's versioned
layout; ``copies`` finds exact copies, near copies (MinHash LSH, rensa) and shared passages as
the store fills; ``reader`` is :class:`Corpus`, the read side (stats, copies, one article's
report, claims as records for story and narrative analysis); ``export`` writes flat Parquet
or JSONL for other tools.

May import: the core (``report``, ``errors``, ``version``) and every stage below it; used by
``cli`` (and ``web`` when it serves a corpus). It never runs the pipeline itself: reports come
in finished.
"""

from __future__ import annotations

from newsift.corpus.reader import Corpus

__all__ = ["Corpus"]
