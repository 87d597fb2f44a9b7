"""Reading a small request in an ASGI endpoint: its headers, and its body never past what it
may hold."""

from __future__ import annotations


def request_headers(scope) -> dict[str, str]:
    """The request's headers by lower-case name (the last of a repeated one)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


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
