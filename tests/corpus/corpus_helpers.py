"""Reports built by hand, so store and copy tests need no model."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from newsift.report import (
    ArticleInfo,
    Attribution,
    AttributionSource,
    Claim,
    ErrorRecord,
    Report,
    Score,
    ScorePart,
    SiteInfo,
    TextSpan,
)


def report(
    article_id: str,
    text: str,
    *,
    site: str | None = None,
    published: str | None = None,
    claims: int = 0,
) -> Report:
    claim_text = text[:20]
    return Report(
        article=ArticleInfo(
            id=article_id,
            url=f"https://{site}/{article_id}" if site else None,
            input_kind="text",
            text=text,
            language="en",
            published=published,
            site=SiteInfo(domain=site),
        ),
        boilerplate_basis="input",
        claims=[
            Claim(
                start=0,
                end=20,
                text=claim_text,
                checkworthiness=0.8,
                attribution=Attribution(
                    source=AttributionSource(text="officials", type="anonymous"),
                    cue=TextSpan(start=0, end=4, text=text[:4]),
                ),
            )
            for _ in range(claims)
        ],
        scores={"unreliable": Score(content=ScorePart(probability=0.25))},
    )


def error(article_id: str) -> ErrorRecord:
    return ErrorRecord(id=article_id, error="no text", error_type="InputError")


_SENTENCE = (
    "council members voted on tuesday to approve the new budget for the city schools after a long"
    " debate about teacher pay class sizes and the cost of repairing old buildings across the"
    " district while parents waited outside the hall for hours to speak about bus routes and lunch"
    " programs that many families depend on during the winter months when heating bills rise"
)
WORDS = _SENTENCE.split()


def text(seed: int, length: int = 120) -> str:
    """A distinct article-like text: the same words in an order set by ``seed``."""
    import random

    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(length)]
    sentences = [" ".join(words[i : i + 15]).capitalize() + "." for i in range(0, length, 15)]
    return "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


@contextlib.contextmanager
def held(store: Path) -> Iterator[int]:
    """Another process holding the store open for writing (in one process DuckDB shares it)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(store)!r}); print('held', flush=True);"
            " sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
