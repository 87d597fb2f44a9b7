"""Reading a small request in an ASGI endpoint: its headers, and its body never past what it
may hold."""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs


def query_parameters(scope) -> dict[str, list[str]]:
    """The request's query parameters; bytes that are not UTF-8 become U+FFFD, never an
    error (an address is whatever a client sends)."""
    return parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))


def same_text(given: str, expected: str) -> bool:
    """A constant-time comparison of a client's text with a secret one: hmac.compare_digest
    refuses non-ASCII str (TypeError), so both are compared as UTF-8 bytes."""
    return hmac.compare_digest(given.encode(), expected.encode())


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
