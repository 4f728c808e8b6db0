"""newsift: how far to trust a news article, with reasons you can check."""

from __future__ import annotations

from newsift.article import Article, Signal, Span
from newsift.core import analyze, pipe

# duckdb (~150 ms to import) loads when a Corpus opens a store, not here.
from newsift.corpus import Corpus
from newsift.errors import NewsiftError
from newsift.pipeline import Pipeline
from newsift.report import SCHEMA_VERSION, ErrorRecord, Report
from newsift.version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Corpus",
    "ErrorRecord",
    "NewsiftError",
    "Pipeline",
    "Report",
    "Signal",
    "Span",
    "__version__",
    "analyze",
    "pipe",
]
