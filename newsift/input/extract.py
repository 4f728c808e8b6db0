"""HTML to main text with trafilatura, keeping its metadata (title, author, date, site name).

Plain-text input passes through untouched; the cleaner then removes what trafilatura left or
what a scraper already flattened into the text.
"""

from __future__ import annotations

import warnings

from newsift.article import Article, Evidence
from newsift.errors import InputError
from newsift.pipeline import FunctionComponent, factory


def extract_html(article: Article) -> None:
    if article.input_kind != "html":
        article.source_text = article.raw
        return
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            document = trafilatura.bare_extraction(
                article.raw,
                url=article.url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                favor_recall=True,
            )
        except Exception as err:  # lxml raises many types on broken markup
            document = None
            article.warnings.append(
                f"HTML extraction failed ({type(err).__name__}); used page text"
            )
        if document is None or not (document.text or "").strip():
            text = trafilatura.html2txt(article.raw) or ""
            meta: dict = {}
        else:
            text = document.text
            meta = {k: v for k, v in document.as_dict().items() if k in _KEPT_METADATA and v}
    if not text.strip():
        raise InputError("no readable text found in the HTML page")
    # trafilatura separates paragraphs by one newline; the cleaner expects blank lines.
    article.source_text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    article.meta["html_metadata"] = meta
    if not article.title and meta.get("title"):
        article.title = meta["title"]
    if meta.get("author"):
        article.byline = meta["author"]
    if meta.get("date") and not article.published:  # a corpus row's own date wins
        article.published = meta["date"]
    if not article.url and meta.get("url"):
        article.url = meta["url"]
    if meta.get("sitename"):
        article.site.name = meta["sitename"]
        article.site.evidence.append(Evidence(kind="html_metadata", text=meta["sitename"]))


_KEPT_METADATA = ("title", "author", "url", "hostname", "description", "sitename", "date")


@factory("extract")
def make_extract() -> FunctionComponent:
    return FunctionComponent("extract", extract_html)
