"""What the analysis process runs, apart from the app so that process loads no web framework."""

from __future__ import annotations

from newsift.article import Article
from newsift.core import analyze, default_pipeline
from newsift.views.html import render_html

#: Enough for every component to run (English, a claim, a source, a hedge).
_WARM_TEXT = (
    "The city council voted 7-2 on Tuesday to repair the old bridge, the mayor said after the"
    " meeting. According to a senior official, the work may start in May if the budget is"
    " confirmed."
)


def warm() -> None:
    """Load everything before the first request needs it: building the pipeline is not enough,
    as several models and the HTML extractor load on first use (a first analysis took 3 s more
    than the next here), and after a kill the queued requests would each pay that again."""
    default_pipeline()
    analyze(_WARM_TEXT, url="https://news.example.com/bridge")
    analyze(f"<html><body><article><p>{_WARM_TEXT}</p></article></body></html>")


def report_json(article: Article, fast: bool) -> str:
    """The JSON report, exactly as ``newsift analyze --json`` prints it (without the indent)."""
    return analyze(article, fast=fast).model_dump_json()


def report_page(article: Article, fast: bool) -> str:
    return render_html(analyze(article, fast=fast))
