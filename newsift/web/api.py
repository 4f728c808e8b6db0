"""REST API and web page over the same ``analyze()`` the CLI uses (``newsift serve``).

FastAPI gives the OpenAPI description (``/openapi.json``); its Swagger UI (``/docs``) and ReDoc
(``/redoc``) pages load their scripts from the ``fastapi-offline`` package, not a CDN, so they
work offline. The service never fetches private addresses, whatever the request says: a server
must not become a proxy into its own network.

Under load: a request body over ``MAX_REQUEST_BYTES`` is refused before it is read
(:mod:`newsift.web.limits`); each request has a time limit, fetch and analysis included, and the
analysis runs in a child process that is killed when the limit passes
(:mod:`newsift.web.runner`); with API keys configured, analysing needs one.
"""

from __future__ import annotations

import asyncio
import hmac
import html as html_lib
import json
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

import anyio.to_thread
from fastapi import Depends, FastAPI, Form, HTTPException
from fastapi.responses import HTMLResponse, Response
from fastapi.security import APIKeyHeader
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field, model_validator

from newsift.article import Article
from newsift.errors import FetchError, InputError, NewsiftError, RefusedURLError
from newsift.input.ingest import article_from_text
from newsift.report import Report, json_schema
from newsift.settings import MAX_INPUT_BYTES, MAX_REQUEST_BYTES, SERVE_TIME_LIMIT_SECONDS
from newsift.version import __version__
from newsift.web import jobs
from newsift.web.limits import BodyLimit
from newsift.web.runner import AnalysisProcess, AnalysisProcessDied, TimeLimitExceeded

#: How ``newsift serve`` hands its options to each worker process uvicorn starts.
CONFIG_ENV = "NEWSIFT_SERVE_CONFIG"
T = TypeVar("T")


@dataclass(frozen=True)
class ServeConfig:
    """The service's options: the time limit per request and the file of API keys, if any."""

    time_limit: float = SERVE_TIME_LIMIT_SECONDS
    api_key_file: str | None = None
    api_keys: frozenset[str] = field(default=frozenset(), repr=False)
    store: str | None = None

    @classmethod
    def from_env(cls) -> ServeConfig:
        options = json.loads(os.environ.get(CONFIG_ENV) or "{}")
        key_file = options.get("api_key_file")
        return cls(
            time_limit=float(options.get("time_limit", SERVE_TIME_LIMIT_SECONDS)),
            api_key_file=key_file,
            api_keys=load_api_keys(Path(key_file)) if key_file else frozenset(),
            store=options.get("store"),
        )

    def to_env(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if k != "api_keys"})


def load_api_keys(path: Path) -> frozenset[str]:
    """One key a line; blank lines and ``#`` comments skipped. Raises InputError if none."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the API key file {path}: {err}") from None
    keys = frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    if not keys:
        raise InputError(f"the API key file {path} has no keys")
    return keys


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


def _article(request: AnalyzeRequest) -> Article:
    """The request's article: fetched (in a worker thread: it waits on the network, and the
    fetch has its own deadline) or wrapped from the text."""
    if request.fetch_url:
        from newsift.input.fetch import fetch

        return fetch(request.fetch_url, allow_private=False)
    kind = "html" if request.html else "text"
    return article_from_text(
        request.html or request.text or "", url=request.url, title=request.title, kind=kind
    )


def _status(err: Exception) -> int:
    if isinstance(err, TimeLimitExceeded):
        return 504
    if isinstance(err, AnalysisProcessDied):
        return 500
    if isinstance(err, RefusedURLError | InputError):
        return 422
    if isinstance(err, FetchError):
        return 502
    return 400


_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Needed only when the server was started with --api-key-file.",
)


def create_app(config: ServeConfig | None = None) -> FastAPI:
    """The app; without ``config``, the options ``newsift serve`` put in the environment."""
    config = config or ServeConfig.from_env()
    analysis = AnalysisProcess(warm=jobs.warm)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        analysis.start()
        yield
        analysis.stop()

    app = FastAPIOffline(
        title="newsift",
        version=__version__,
        description="How far to trust a news article, with reasons you can check.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=MAX_REQUEST_BYTES)
    app.state.analysis = analysis

    def authorised(key: str | None) -> bool:
        return not config.api_keys or (
            key is not None
            and any(hmac.compare_digest(key.encode(), k.encode()) for k in config.api_keys)
        )

    def require_key(key: str | None = Depends(_KEY_HEADER)) -> None:
        if not authorised(key):
            raise HTTPException(401, "a valid X-API-Key header is needed")

    async def report(request: AnalyzeRequest, render: Callable[[Article, bool], str]) -> str:
        """Fetch or wrap, then analyse in the child; the time limit covers both."""
        deadline = time.monotonic() + config.time_limit
        article = await _before(
            deadline, anyio.to_thread.run_sync(_article, request, abandon_on_cancel=True)
        )
        return await analysis.call(deadline, render, article, request.fast)

    def limit_detail(err: Exception) -> str:
        if isinstance(err, TimeLimitExceeded):
            return f"{err} ({config.time_limit:g} s per request)"
        return str(err)

    @app.post(
        "/analyze",
        response_model=Report,
        dependencies=[Depends(require_key)],
        responses={
            401: {"description": "No valid API key (only when the server has keys)"},
            413: {"description": "The request body is over the size limit"},
            422: {"description": "Bad input, or a URL that is refused (private address)"},
            502: {"description": "The URL could not be fetched"},
            504: {"description": "The request ran past its time limit"},
        },
    )
    async def analyze_endpoint(request: AnalyzeRequest) -> Response:
        try:
            body = await report(request, jobs.report_json)
        except (NewsiftError, TimeLimitExceeded, AnalysisProcessDied) as err:
            raise HTTPException(status_code=_status(err), detail=limit_detail(err)) from None
        return Response(body, media_type="application/json")

    if config.store:
        from newsift.web.corpus import add_corpus_routes

        add_corpus_routes(app, Path(config.store), [Depends(require_key)])

    @app.get("/schema")
    def schema() -> dict:
        return json_schema()

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        form = _form(bool(config.api_keys))
        if config.store:
            form = form.replace("<!--corpus-->", ' · corpus: <a href="/corpus">/corpus</a>')
        return form

    @app.post("/", response_class=HTMLResponse)
    async def page_result(
        text: str = Form(""), fetch_url: str = Form(""), api_key: str = Form("")
    ) -> HTMLResponse:
        form = _form(bool(config.api_keys))
        if not authorised(api_key or None):
            return _page_error(form, "a valid API key is needed", 401)
        try:
            request = AnalyzeRequest(text=text or None, fetch_url=fetch_url or None)
            return HTMLResponse(await report(request, jobs.report_page))
        except ValueError as err:  # pydantic's ValidationError
            message = str(err.errors()[0]["msg"]) if hasattr(err, "errors") else str(err)
            return _page_error(form, message, 422)
        except (NewsiftError, TimeLimitExceeded, AnalysisProcessDied) as err:
            return _page_error(form, limit_detail(err), _status(err))

    return app


async def _before(deadline: float, step: Awaitable[T]) -> T:
    """``step`` if it ends by ``deadline``; else TimeLimitExceeded. A fetch thread left behind
    runs on to the fetch's own deadline (FETCH_DEADLINE_SECONDS), its result unused."""
    try:
        return await asyncio.wait_for(step, max(deadline - time.monotonic(), 0))
    except asyncio.TimeoutError:
        raise TimeLimitExceeded(started=True) from None


def _page_error(form: str, message: str, status: int) -> HTMLResponse:
    body = form.replace("<!--error-->", f"<p class='err'>{html_lib.escape(message)}</p>")
    return HTMLResponse(body, status_code=status)


def _form(with_key: bool) -> str:
    key = (
        '<p><label>API key<br><input name="api_key" type="password" required></label></p>'
        if with_key
        else ""
    )
    return _FORM.replace("<!--key-->", key)


_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newsift</title>
<style>body{font:16px system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}
textarea,input{width:100%;box-sizing:border-box;font:inherit}textarea{height:20rem}
.err{color:#b00}</style></head><body>
<h1>newsift</h1><p>How far to trust a news article, with reasons you can check.</p>
<!--error-->
<form method="post"><p><label>Paste an article (text or HTML)<br>
<textarea name="text"></textarea></label></p>
<p><label>or a URL to fetch<br><input name="fetch_url" type="url"></label></p>
<!--key--><p><button>Analyse</button></p></form>
<p><small>API: <a href="/docs">/docs</a> · schema: <a href="/schema">/schema</a><!--corpus--></small></p>
</body></html>"""
