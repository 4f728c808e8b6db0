"""newsift: how far to trust a news article, with reasons you can check."""

from __future__ import annotations

from newsift.article import Article, Signal, Span
from newsift.core import analyze, pipe
from newsift.errors import NewsiftError
from newsift.pipeline import Pipeline
from newsift.report import SCHEMA_VERSION, ErrorRecord, Report
from newsift.version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "Article",
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
