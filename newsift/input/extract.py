"""HTML to main text with trafilatura, keeping its metadata (title, author, date, site name).

Plain-text input passes through untouched; the cleaner then removes what trafilatura left or
what a scraper already flattened into the text.
"""

from __future__ import annotations

import re
import warnings

from newsift.article import Article, Evidence
from newsift.errors import InputError
from newsift.pipeline import FunctionComponent, factory
from newsift.settings import MAX_HTML_DEPTH


def extract_html(article: Article) -> None:
    if article.input_kind != "html":
        article.source_text = article.raw
        return
    import trafilatura

    html = article.raw
    if _too_deep(html):
        html, flattened = flatten_deep_tags(html, MAX_HTML_DEPTH)
        article.warnings.append(
            f"the page nests tags deeper than the HTML parser reads (its limit is 256 levels);"
            f" {flattened:,} tags below level {MAX_HTML_DEPTH} were dropped and their text kept"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            document = trafilatura.bare_extraction(
                html,
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
            text = trafilatura.html2txt(html) or ""
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


def _too_deep(html: str) -> bool:
    """Whether lxml (under trafilatura) stops at its depth limit: it then drops everything after
    the deepest element, silently, so the rest of the page would be lost."""
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # lxml raises many types on broken markup; trafilatura copes or falls back
        return False
    return any("Excessive depth" in error.message for error in parser.error_log)


_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^>]*>")
#: Elements that never hold others, and those a new one of the same name closes.
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_IMPLICIT_CLOSE = frozenset(["p", "li", "td", "th", "tr", "option", "dt", "dd"])


def flatten_deep_tags(html: str, depth: int) -> tuple[str, int]:
    """``html`` without the tags nested more than ``depth`` deep (each becomes a line break, so
    words stay apart), and how many were dropped; one pass, a stack of open tags."""
    stack: list[str] = []
    dropped: dict[str, int] = {}
    pieces: list[str] = []
    position = flattened = 0
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in VOID_TAGS or tag.group().endswith("/>"):
            continue
        keep = True
        if closing:
            if dropped.get(name):
                dropped[name] -= 1
                keep = False
            elif name in stack:
                while stack.pop() != name:
                    pass
        else:
            if name in _IMPLICIT_CLOSE and stack and stack[-1] == name:
                stack.pop()
            if len(stack) >= depth:
                dropped[name] = dropped.get(name, 0) + 1
                keep = False
            else:
                stack.append(name)
        if not keep:
            pieces += [html[position : tag.start()], "\n"]
            position = tag.end()
            flattened += 1
    pieces.append(html[position:])
    return "".join(pieces), flattened


_KEPT_METADATA = ("title", "author", "url", "hostname", "description", "sitename", "date")


@factory("extract")
def make_extract() -> FunctionComponent:
    return FunctionComponent("extract", extract_html)
