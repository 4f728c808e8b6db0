"""The ``factchecks`` component: each check-worthy claim's matches in the local store.

It runs after ``claims``. Without a store (none built or imported yet) it adds nothing and says
so once in the report's warnings, so a reader never takes "no match" for "not checked".
"""

from __future__ import annotations

from pathlib import Path

from newsift.article import Article, Signal
from newsift.claims.hedging import add_warning, set_signal
from newsift.errors import NewsiftError
from newsift.factchecks.match import match_claims
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
        claims = article.spans.get("claims", [])
        if self.store is None:
            add_warning(article, NO_STORE_WARNING)
            return article
        matches = match_claims(self.store, [article.span_text(c) for c in claims])
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
        return article


@factory("factchecks")
def make_factchecks() -> FactChecksComponent:
    return FactChecksComponent()
