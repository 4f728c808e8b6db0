"""The corpus view of ``newsift serve --store``: a store's narratives and stories, down to each
article's highlighted report. Read-only: each request opens the store for reading and closes
it, so a batch can write between requests; the clusters are brought up to date when the
server starts (``newsift serve`` does it)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from newsift.errors import InputError, NewsiftError


def add_corpus_routes(app: FastAPI, store: Path, dependencies: list[Any]) -> None:
    """``/corpus``, ``/corpus/narratives/{id}``, ``/corpus/stories/{id}``,
    ``/corpus/articles/{id}``; an unknown id is a 404 page, a store that cannot be read 503."""
    from newsift.corpus import Corpus
    from newsift.views import corpus as pages
    from newsift.views.html import render_html

    def respond(build) -> HTMLResponse:
        try:
            with Corpus(store) as corpus:
                return HTMLResponse(build(corpus))
        except InputError as err:
            return _error(str(err), 404)
        except NewsiftError as err:
            return _error(str(err), 503)

    def sorting(column: str, order: str) -> tuple[str, bool]:
        return (column if column in pages.COLUMNS else "articles", order != "asc")

    @app.get("/corpus", response_class=HTMLResponse, dependencies=dependencies)
    def corpus_view(
        narratives: str = "articles",
        narratives_order: str = "desc",
        stories: str = "articles",
        stories_order: str = "desc",
    ) -> HTMLResponse:
        order = {
            "narratives": sorting(narratives, narratives_order),
            "stories": sorting(stories, stories_order),
        }
        return respond(lambda c: pages.corpus_page(store.name, c.narratives(), c.stories(), order))

    @app.get(
        "/corpus/narratives/{narrative_id}", response_class=HTMLResponse, dependencies=dependencies
    )
    def narrative_view(narrative_id: str) -> HTMLResponse:
        return respond(lambda c: pages.cluster_page("narrative", c.narrative(narrative_id)))

    @app.get("/corpus/stories/{story_id}", response_class=HTMLResponse, dependencies=dependencies)
    def story_view(story_id: str) -> HTMLResponse:
        return respond(lambda c: pages.cluster_page("story", c.story(story_id)))

    @app.get(
        "/corpus/articles/{article_id:path}", response_class=HTMLResponse, dependencies=dependencies
    )
    def article_view(article_id: str) -> HTMLResponse:
        return respond(lambda c: pages.article_page(render_html(c.article(article_id))))


def _error(message: str, status: int) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>newsift</title></head>"
        f"<body><p><a href='/corpus'>corpus</a></p><p>{html.escape(message)}</p></body></html>",
        status_code=status,
    )
