"""newsift serve: the web page and the REST API."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import typer

from newsift.cli.common import fail, friendly_errors, stderr
from newsift.settings import SERVE_TIME_LIMIT_SECONDS


def is_loopback(host: str) -> bool:
    """Only 127.0.0.0/8, ::1 and the name localhost: any other name may reach a network."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@friendly_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(
        1,
        min=1,
        help="Worker processes; each runs its analyses in one child process of its own.",
    ),
    time_limit: float = typer.Option(
        SERVE_TIME_LIMIT_SECONDS,
        min=1,
        help="Seconds a request may take, fetch and analysis included; past it, 504.",
    ),
    api_key_file: Path | None = typer.Option(
        None,
        "--api-key-file",
        help="A file of API keys, one a line: analysing then needs an X-API-Key header.",
    ),
    store: Path | None = typer.Option(
        None,
        "--store",
        help="Also serve a corpus store's narratives and stories at /corpus (read-only).",
    ),
    no_auth: bool = typer.Option(
        False,
        "--no-auth",
        help="Listen on a non-loopback interface without API keys (e.g. behind a proxy that"
        " authenticates).",
    ),
) -> None:
    """Serve the web page and the REST API (needs the `serve` extra)."""
    try:
        import uvicorn

        from newsift.web.api import CONFIG_ENV, ServeConfig, load_api_keys
    except ImportError:
        fail('the web service needs the serve extra: pip install "newsift[serve]"', 2)
    if api_key_file is not None:
        load_api_keys(api_key_file)  # fail now, not in every worker
    elif not is_loopback(host) and not no_auth:
        fail(
            f"refusing to listen on {host} without API keys: anyone who reaches it could make"
            " this machine fetch URLs and spend its CPU. Give --api-key-file FILE, or --no-auth"
            " if something in front of it authenticates",
            2,
        )
    if store is not None:
        from newsift.corpus.clusters import update

        done = update(store, log=lambda message: stderr.print(message))  # clear errors now
        if done.articles or done.claims:
            stderr.print(f"stories and narratives of {store} updated")
    config = ServeConfig(
        time_limit=time_limit,
        api_key_file=str(api_key_file.resolve()) if api_key_file else None,
        store=str(store.resolve()) if store else None,
    )
    os.environ[CONFIG_ENV] = config.to_env()  # each worker process reads it in create_app()
    uvicorn.run("newsift.web.api:create_app", factory=True, host=host, port=port, workers=workers)
