"""ASGI middleware: a server-side size limit on Reflex's upload endpoint.

Reflex checks upload sizes in the browser only, and Starlette spools a whole request body to
disk before the handler sees it. This refuses a larger body before it is read (declared
Content-Length) or as soon as it grows past the limit (chunked bodies).
"""

from __future__ import annotations

import json

from alma_widget.contact.attachments import MAX_BYTES, MAX_FILES

UPLOAD_PATH = "/_upload"
# Every file at its largest, plus room for the multipart envelope.
MAX_UPLOAD_BODY = MAX_FILES * MAX_BYTES + 64 * 1024


def _size(size: int) -> str:
    """A size as a French reader expects it (Mo, Ko)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} Mo"
    return f"{max(1, round(size / 1024))} Ko"


def refusal(max_bytes: int) -> bytes:
    """The 413's body: the limit this middleware applies, and the per-file rule."""
    detail = (
        f"Envoi trop volumineux : {_size(max_bytes)} au plus en tout, "
        f"{_size(MAX_BYTES)} par fichier."
    )
    return json.dumps({"detail": detail}, ensure_ascii=False).encode()


async def _refuse(send, max_bytes: int) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": refusal(max_bytes)})


def limit_upload_size(app, max_bytes: int = MAX_UPLOAD_BODY):
    """Wrap an ASGI app so that uploads larger than `max_bytes` get a 413."""

    async def guarded(scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(UPLOAD_PATH):
            return await app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > max_bytes:
            return await _refuse(send, max_bytes)
        seen = 0
        exceeded = refused = False

        async def counting_receive():
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    # Stop reading: the app sees a client that went away.
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def refusing_send(message):
            nonlocal refused
            if not exceeded:
                await send(message)
            elif not refused:
                # Whatever the app answers to the cut body, the client gets a clear 413.
                refused = True
                await _refuse(send, max_bytes)

        try:
            await app(scope, counting_receive, refusing_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not refused:
            await _refuse(send, max_bytes)

    return guarded
