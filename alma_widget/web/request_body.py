"""Reading a small request body in an ASGI endpoint, never more than it may hold."""

from __future__ import annotations


async def read_body(receive, limit: int) -> bytes | None:
    """The request's body, or None as soon as it grows past `limit` bytes (not read further)."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body"):
            return body
