"""``analyze`` and ``pipe``: the one entry point behind the CLI, Python API, REST API and page.

The default pipeline is assembled here, above the stages: importing each stage's component
module registers its factory, so ``pipeline.py`` knows no stage and no stage knows another's
registration.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future
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
import newsift.propaganda.model
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
#: Idle worker processes of ``pipe(n_process > 1)`` stay up this long with their models loaded.
WORKER_IDLE_SECONDS = 300


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

    Bytes are decoded with a detected encoding, as a file's are. An Article passed in comes
    back without its spaCy Doc (``article.doc``), which lived only for the analysis. Raises
    :class:`NewsiftError` when the input cannot be analysed (empty, binary, too big, or not a
    str or bytes).
    """
    article = (
        text_or_html
        if isinstance(text_or_html, Article)
        else article_from_text(text_or_html, url=url, title=title)
    )
    pipeline = pipeline or default_pipeline(fast)
    with pipeline.memory_zone():  # a long-running service must not keep every article's strings
        pipeline(article)
        report = build_report(article, pipeline.ran)
        article.doc = None  # the Doc is not to be read once the zone is gone
    return report


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
    with pipeline.memory_zone():  # spaCy forgets the batch's strings: flat memory over a corpus
        for article in pipeline.pipe(articles, batch_size=max(1, len(articles))):
            out.append(
                error_record(article)
                if "error" in article.meta
                else build_report(article, pipeline.ran)
            )
            article.doc = None  # the Doc is not to be read once the zone is gone
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
    batches go to worker processes (each loads spaCy once; they do not re-run the caller's
    script, so it needs no ``__main__`` guard); at most ``2 * n_process`` batches are in flight.
    """
    for results in pipe_batches(items, batch_size, n_process, fast=fast):
        yield from results


def pipe_batches(
    items: Iterable[Item],
    batch_size: int = 32,
    n_process: int = 1,
    *,
    fast: bool = False,
    seconds_per_batch: float | None = None,
) -> Iterator[list[Report | ErrorRecord]]:
    """``pipe``'s results one batch at a time, as each is done, so a writer can commit a batch.

    With ``seconds_per_batch``, batches start at one article and then take as many (up to
    ``batch_size``) as the speed measured so far fits in that time: a caller that commits each
    batch loses at most about that much work to a crash, however slow the articles are.
    """
    failures: dict[int, ErrorRecord] = {}
    sizer = _BatchSizer(batch_size, seconds_per_batch, n_process)
    batches = _batches(_articles(items, failures), sizer)
    next_index = 0

    def in_order(results: list[Report | ErrorRecord], indices: list[int]) -> list:
        """The batch's results with the failed items that came before each slotted in."""
        nonlocal next_index
        ordered: list[Report | ErrorRecord] = []
        for result, index in zip(results, indices, strict=True):
            while next_index < index:
                if next_index in failures:
                    ordered.append(failures.pop(next_index))
                next_index += 1
            ordered.append(result)
            next_index = index + 1
        return ordered

    done = (
        ((_process(batch, fast), _indices(batch)) for batch in batches)
        if n_process <= 1
        else _in_workers(batches, fast, n_process)
    )
    for results, indices in done:
        sizer.finished(len(indices))
        yield in_order(results, indices)
    if failures:
        yield [failures[index] for index in sorted(failures)]


def _indices(batch: list[Article]) -> list[int]:
    return [article.meta["_index"] for article in batch]


def _in_workers(
    batches: Iterator[list[Article]], fast: bool, n_process: int
) -> Iterator[tuple[list[Report | ErrorRecord], list[int]]]:
    """Batches analysed in worker processes, results in input order.

    Workers are started fresh (fork + exec, as ``spawn``), never forked from this process: a
    fork after LightGBM's OpenMP threads have started can deadlock the child (libgomp is not
    fork-safe). They come from loky (joblib's executor) rather than ``multiprocessing`` because
    its workers do not re-run the caller's ``__main__`` script, so a plain script needs no
    ``if __name__ == "__main__":`` guard. The pool is loky's reusable one and each worker
    loads the pipeline as it starts, so models load once per worker, not once per ``pipe``
    call (a caller that pipes many corpora pays the ~3 s load once).
    """
    from joblib.externals.loky import get_reusable_executor

    pool = get_reusable_executor(
        max_workers=n_process,
        timeout=WORKER_IDLE_SECONDS,
        initializer=default_pipeline,
        initargs=(fast,),
    )
    pending: deque[tuple[Future, list[int]]] = deque()
    for batch in batches:
        pending.append((pool.submit(_process, batch, fast), _indices(batch)))
        if len(pending) >= 2 * n_process:
            future, indices = pending.popleft()
            yield future.result(), indices
    while pending:
        future, indices = pending.popleft()
        yield future.result(), indices


class _BatchSizer:
    """How many articles the next batch takes: ``limit``, or as many as fit in ``seconds``."""

    def __init__(self, limit: int, seconds: float | None, workers: int):
        self.limit, self.seconds, self.workers = limit, seconds, workers
        self.size = limit if seconds is None else 1
        self._last = time.monotonic()

    def finished(self, n_articles: int) -> None:
        """Note a batch just done; batches grow at most twofold so one fast batch is no guide."""
        if self.seconds is None or n_articles == 0:
            return
        now = time.monotonic()
        per_article = max(now - self._last, 1e-6) * self.workers / n_articles
        self._last = now
        fitting = int(self.seconds / per_article)
        self.size = max(1, min(self.limit, 2 * self.size, fitting))


def _batches(articles: Iterator[Article], sizer: _BatchSizer) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= sizer.size:
            yield batch
            batch = []
    if batch:
        yield batch
