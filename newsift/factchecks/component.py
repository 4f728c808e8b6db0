"""The ``factchecks`` component: each check-worthy claim's matches in the local store.

It runs after ``claims``. Without a store (none built or imported yet) it adds nothing and says
so once in the report's warnings, so a reader never takes "no match" for "not checked".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsift.article import Article, Signal
from newsift.claims.hedging import add_warning, set_signal
from newsift.errors import NewsiftError
from newsift.factchecks.match import Match, match_claims
from newsift.factchecks.store import FactCheckStore, default_store_path, open_store
from newsift.pipeline import factory

NO_STORE_WARNING = (
    "no fact-check store, so claims were not matched against earlier fact-checks"
    " (build one: `newsift factchecks build --data DIR` or `newsift factchecks import FILE`)"
)


class FactChecksComponent:
    name = "factchecks"
    needs_supported_language = True

    def __init__(self, store: FactCheckStore | str | Path | None = None):
        if isinstance(store, FactCheckStore):
            self.store: FactCheckStore | None = store
            return
        path = Path(store) if store else default_store_path()
        try:
            self.store = open_store(path) if (path / "manifest.json").is_file() else None
        except NewsiftError:
            self.store = None  # a broken store is reported by `newsift factchecks stats`

    def __call__(self, article: Article) -> Article:
        return self.pipe([article])[0]

    def pipe(self, articles: Sequence[Article]) -> list[Article]:
        """Match the claims of all ``articles`` in one go: one BM25 retrieval, one embedding
        batch and one matrix product for the lot, which is most of the speed."""
        if self.store is None:
            for article in articles:
                add_warning(article, NO_STORE_WARNING)
            return list(articles)
        claims = [article.spans.get("claims", []) for article in articles]
        texts = [
            article.span_text(c) for article, cs in zip(articles, claims, strict=True) for c in cs
        ]
        matches = iter(match_claims(self.store, texts))
        for article, article_claims in zip(articles, claims, strict=True):
            _attach(article, article_claims, [next(matches) for _ in article_claims])
        return list(articles)


def _attach(article: Article, claims: list, matches: list[list[Match]]) -> None:
    """Each claim's matches in its attrs, and the article's ``previously_fact_checked``."""
    matched = []
    for claim, found in zip(claims, matches, strict=True):
        claim.attrs["factchecks"] = [
            {
                "claim": m.check.claim,
                "rating": m.check.rating,
                "rating_raw": m.check.rating_raw,
                "publisher": m.check.publisher,
                "url": m.check.url,
                "date": m.check.date,
                "score": round(m.score, 4),
            }
            for m in found
        ]
        if found:
            matched.append(claim)
    set_signal(
        article,
        Signal(
            "previously_fact_checked",
            len(matched),
            f"{len(matched)} of {len(claims)} check-worthy claims match an earlier fact-check"
            " (the match's rating and link are beside each claim)",
            spans=list(matched),
        ),
    )


@factory("factchecks")
def make_factchecks() -> FactChecksComponent:
    return FactChecksComponent()
