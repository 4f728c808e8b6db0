"""newsift serve: the web page and the REST API."""

from __future__ import annotations

import typer

from newsift.cli.common import fail, friendly_errors


@friendly_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the web page and the REST API (needs the `serve` extra)."""
    try:
        import uvicorn

        from newsift.web.api import create_app
    except ImportError:
        fail('the web service needs the serve extra: pip install "newsift[serve]"', 2)
    uvicorn.run(create_app(), host=host, port=port)
