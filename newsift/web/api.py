"""REST API and web page over the same ``analyze()`` the CLI uses (``newsift serve``).

FastAPI gives the OpenAPI description for free (``/docs``, ``/openapi.json``). The service
never fetches private addresses, whatever the request says: a server must not become a proxy
into its own network.
"""

from __future__ import annotations

import html as html_lib

from fastapi import FastAPI, Form, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, model_validator

from newsift.core import analyze
from newsift.errors import FetchError, InputError, NewsiftError, RefusedURLError
from newsift.input.ingest import article_from_text
from newsift.report import Report, json_schema
from newsift.settings import MAX_INPUT_BYTES
from newsift.version import __version__
from newsift.views.render import render_html


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text``, ``html`` or ``fetch_url``; ``url`` says where a text came from."""

    text: str | None = Field(None, max_length=MAX_INPUT_BYTES)
    html: str | None = Field(None, max_length=MAX_INPUT_BYTES)
    fetch_url: str | None = Field(None, description="an http(s) URL for the server to fetch")
    url: str | None = Field(None, description="the article's URL, for text or html input")
    title: str | None = None
    fast: bool = False

    @model_validator(mode="after")
    def one_input(self) -> AnalyzeRequest:
        given = [name for name in ("text", "html", "fetch_url") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or fetch_url")
        return self


def _run(request: AnalyzeRequest) -> Report:
    if request.fetch_url:
        from newsift.input.fetch import fetch

        article = fetch(request.fetch_url, allow_private=False)
    else:
        kind = "html" if request.html else "text"
        article = article_from_text(
            request.html or request.text or "", url=request.url, title=request.title, kind=kind
        )
    return analyze(article, fast=request.fast)


def _status(err: NewsiftError) -> int:
    if isinstance(err, RefusedURLError):
        return 422
    if isinstance(err, FetchError):
        return 502
    if isinstance(err, InputError):
        return 422
    return 400


def create_app() -> FastAPI:
    app = FastAPI(
        title="newsift",
        version=__version__,
        description="How far to trust a news article, with reasons you can check.",
    )

    @app.post("/analyze", response_model=Report)
    async def analyze_endpoint(request: AnalyzeRequest) -> Report:
        try:
            return await run_in_threadpool(_run, request)
        except NewsiftError as err:
            raise HTTPException(status_code=_status(err), detail=str(err)) from None

    @app.get("/schema")
    def schema() -> dict:
        return json_schema()

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        return _FORM

    @app.post("/", response_class=HTMLResponse)
    async def page_result(text: str = Form(""), fetch_url: str = Form("")) -> HTMLResponse:
        try:
            request = AnalyzeRequest(text=text or None, fetch_url=fetch_url or None)
            report = await run_in_threadpool(_run, request)
        except (ValueError, NewsiftError) as err:
            message = str(err.errors()[0]["msg"]) if hasattr(err, "errors") else str(err)
            body = _FORM.replace("<!--error-->", f"<p class='err'>{html_lib.escape(message)}</p>")
            return HTMLResponse(body, status_code=422)
        return HTMLResponse(render_html(report))

    return app


_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newsift</title>
<style>body{font:16px system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
textarea,input{width:100%;box-sizing:border-box;font:inherit}textarea{height:20rem}
.err{color:#b00}</style></head><body>
<h1>newsift</h1><p>How far to trust a news article, with reasons you can check.</p>
<!--error-->
<form method="post"><p><label>Paste an article (text or HTML)<br>
<textarea name="text"></textarea></label></p>
<p><label>or a URL to fetch<br><input name="fetch_url" type="url"></label></p>
<p><button>Analyse</button></p></form>
<p><small>API: <a href="/docs">/docs</a> · schema: <a href="/schema">/schema</a></small></p>
</body></html>"""
