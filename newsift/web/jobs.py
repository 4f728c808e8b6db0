"""What the analysis process runs, apart from the app so that process loads no web framework."""

from __future__ import annotations

from newsift.article import Article
from newsift.core import analyze, default_pipeline
from newsift.views.render import render_html


def warm() -> None:
    """Load the models before the first request needs them."""
    default_pipeline()


def report_json(article: Article, fast: bool) -> str:
    """The JSON report, exactly as ``newsift analyze --json`` prints it (without the indent)."""
    return analyze(article, fast=fast).model_dump_json()


def report_page(article: Article, fast: bool) -> str:
    return render_html(analyze(article, fast=fast))
