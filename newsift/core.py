"""``analyze`` and ``pipe``: the one entry point behind the CLI, Python API, REST API and page.

The default pipeline is assembled here, above the stages: importing each stage's component
module registers its factory, so ``pipeline.py`` knows no stage and no stage knows another's
registration.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Union

# Each import registers that stage's components with ``newsift.pipeline.factory``.
import newsift.claims.attribution.component
import newsift.claims.checkworthiness
import newsift.claims.component
import newsift.claims.hedging
import newsift.clean.cleaner
import newsift.clean.site
import newsift.factchecks.component
import newsift.input.extract
import newsift.input.language
import newsift.nlp.annotate
import newsift.scores.credibility
import newsift.sources.reputation  # noqa: F401
from newsift.article import Article, Evidence
from newsift.errors import NewsiftError
from newsift.input.ingest import article_from_text
from newsift.pipeline import Pipeline
from newsift.report import ErrorRecord, Report, build_report, error_record
from newsift.settings import DEFAULT_COMPONENTS

#: What ``pipe`` accepts per item: a string, an Article, or a corpus row mapping with keys
#: among id, text, html, url, title, published, site, crawled.
Item = Union[str, Article, Mapping[str, Any]]


_DEFAULT_PIPELINES: dict[bool, Pipeline] = {}


def default_pipeline(fast: bool = False) -> Pipeline:
    """The default pipeline, built once per process and mode (spaCy loads once)."""
    if fast not in _DEFAULT_PIPELINES:
        _DEFAULT_PIPELINES[fast] = Pipeline.from_names(DEFAULT_COMPONENTS, fast=fast)
    return _DEFAULT_PIPELINES[fast]


def analyze(
    text_or_html: str | bytes | Article,
    url: str | None = None,
    *,
    title: str | None = None,
    fast: bool = False,
    pipeline: Pipeline | None = None,
) -> Report:
    """Analyse one article (plain text or HTML, sniffed) and return its report.

    Bytes are decoded with a detected encoding, as a file's are. Raises :class:`NewsiftError`
    when the input cannot be analysed (empty, binary, too big, or not a str or bytes).
    """
    article = (
        text_or_html
        if isinstance(text_or_html, Article)
        else article_from_text(text_or_html, url=url, title=title)
    )
    pipeline = pipeline or default_pipeline(fast)
    pipeline(article)
    return build_report(article, pipeline.names)


def to_article(item: Item, index: int = 0) -> Article:
    """A pipe item as an Article; raises NewsiftError for unusable rows."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return article_from_text(item, id=str(index))
    if isinstance(item, Mapping):
        if "error" in item:  # a corpus reader's record of an unreadable row
            raise NewsiftError(str(item["error"]))
        row_id = item.get("id")
        row_id = str(row_id) if row_id not in (None, "") else str(index)
        url = item.get("url") or None
        html, text = item.get("html"), item.get("text")
        if html and str(html).strip():
            article = article_from_text(
                str(html), url=url, id=row_id, title=item.get("title"), kind="html"
            )
        elif text and str(text).strip():
            article = article_from_text(
                str(text), url=url, id=row_id, title=item.get("title"), kind="text"
            )
        else:
            raise NewsiftError(f"row {row_id} has no text or html")
        article.published = str(item["published"]) if item.get("published") else None
        article.crawled = str(item["crawled"]) if item.get("crawled") else None
        if item.get("site"):  # the row's own say, weighed by the site finder like page metadata
            article.site.evidence.append(Evidence(kind="html_metadata", text=str(item["site"])))
        return article
    raise NewsiftError(f"cannot analyse an item of type {type(item).__name__}")


def _articles(items: Iterable[Item], failures: dict[int, ErrorRecord]) -> Iterator[Article]:
    for index, item in enumerate(items):
        try:
            article = to_article(item, index)
        except NewsiftError as err:
            row_id = item.get("id") if isinstance(item, Mapping) else None
            failures[index] = ErrorRecord(
                id=str(row_id) if row_id is not None else str(index),
                url=item.get("url") if isinstance(item, Mapping) else None,
                error=str(err),
                error_type=type(err).__name__,
            )
            continue
        article.meta["_index"] = index
        yield article


def _process(articles: list[Article], fast: bool) -> list[Report | ErrorRecord]:
    pipeline = default_pipeline(fast)
    out: list[Report | ErrorRecord] = []
    for article in pipeline.pipe(articles, batch_size=max(1, len(articles))):
        out.append(
            error_record(article)
            if "error" in article.meta
            else build_report(article, pipeline.names)
        )
        article.doc = None  # free the spaCy Doc as soon as the report exists
    return out


def pipe(
    items: Iterable[Item],
    batch_size: int = 32,
    n_process: int = 1,
    *,
    fast: bool = False,
) -> Iterator[Report | ErrorRecord]:
    """Stream reports for many articles, in input order, never holding the corpus in memory.

    A bad item yields an :class:`ErrorRecord` and the stream goes on. With ``n_process > 1``
    batches go to worker processes (each loads spaCy once); at most ``2 * n_process`` batches
    are in flight.
    """
    failures: dict[int, ErrorRecord] = {}
    batches = _batches(_articles(items, failures), batch_size)
    next_index = 0

    def drain(results: list[Report | ErrorRecord], indices: list[int]) -> Iterator:
        nonlocal next_index
        for result, index in zip(results, indices, strict=True):
            while next_index < index:
                if next_index in failures:
                    yield failures.pop(next_index)
                next_index += 1
            yield result
            next_index = index + 1

    if n_process <= 1:
        for batch in batches:
            indices = [a.meta["_index"] for a in batch]
            yield from drain(_process(batch, fast), indices)
    else:
        pending: deque[tuple[Future, list[int]]] = deque()
        # Workers are spawned, not forked: a fork after LightGBM's OpenMP threads have started
        # can deadlock the child (libgomp is not fork-safe).
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=n_process, mp_context=context) as pool:
            for batch in batches:
                pending.append(
                    (pool.submit(_process, batch, fast), [a.meta["_index"] for a in batch])
                )
                if len(pending) >= 2 * n_process:
                    future, indices = pending.popleft()
                    yield from drain(future.result(), indices)
            while pending:
                future, indices = pending.popleft()
                yield from drain(future.result(), indices)
    for index in sorted(failures):
        yield failures[index]


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
