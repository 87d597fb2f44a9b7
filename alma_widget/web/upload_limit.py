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
_REFUSAL = json.dumps({"detail": "Fichiers trop volumineux : 5 Mo par fichier au plus."}).encode()


async def _refuse(send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": _REFUSAL})


def limit_upload_size(app, max_bytes: int = MAX_UPLOAD_BODY):
    """Wrap an ASGI app so that uploads larger than `max_bytes` get a 413."""

    async def guarded(scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(UPLOAD_PATH):
            return await app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > max_bytes:
            return await _refuse(send)
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
                await _refuse(send)

        try:
            await app(scope, counting_receive, refusing_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not refused:
            await _refuse(send)

    return guarded
