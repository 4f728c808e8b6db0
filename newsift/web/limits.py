"""The request-body cap, enforced before the body is read and while it streams in."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """Answer 413 for a body over ``limit`` bytes without holding it in memory.

    A declared Content-Length over the limit is refused before a byte of the body is read; a
    body without one (chunked) is counted as it streams and refused at the first chunk past the
    limit. Pure ASGI, so it sees the body before FastAPI reads and parses it.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.detail = f"the request body is over the {limit / 2**20:g} MB limit"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await JSONResponse({"detail": self.detail}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # FastAPI re-raises an HTTPException from reading the body; its handler
                    # answers with the usual {"detail": ...} JSON.
                    raise HTTPException(413, detail=self.detail)
            return message

        await self.app(scope, counted, send)
