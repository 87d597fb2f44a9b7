"""One GET through the app's ASGI middlewares, in front of an app that answers 200."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

App = Callable[..., Any]


def get_through(
    middleware: Callable[[App], App],
    path: str,
    *,
    query: bytes = b"",
    scheme: str = "http",
    headers: list[tuple[bytes, bytes]] | None = None,
    content_type: str = "",
    answered_with: list[tuple[bytes, bytes]] | None = None,
) -> tuple[int, dict[str, str]]:
    """The status and the headers the middleware stack answers a GET of `path` with (the
    app behind answers with `content_type`, when given)."""
    sent: list[dict] = []
    answered = [(b"content-type", content_type.encode())] if content_type else []
    answered += answered_with or []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": answered})
        await send({"type": "http.response.body", "body": b"page"})

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "path": path,
        "scheme": scheme,
        "query_string": query,
        "headers": list(headers or []),
    }
    asyncio.run(middleware(app)(scope, None, send))
    start = sent[0]
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}
