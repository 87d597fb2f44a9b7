"""An ASGI app called as a server would call it (httpx's ASGI transport): the messages it
sends are read as a server reads them, so a malformed answer fails the test."""

from __future__ import annotations

import asyncio

import httpx


def request(
    app,
    method: str,
    url: str,
    *,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    client: str = "198.51.100.7",
) -> httpx.Response:
    """The response `app` gives to one request from `client` (its address and a port)."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=(client, 50000))
        async with httpx.AsyncClient(transport=transport) as session:
            built = session.build_request(method, url, content=body, headers=headers or {})
            return await session.send(built)

    return asyncio.run(send())
