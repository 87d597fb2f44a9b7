"""Attachment downloads for the back office: short-lived sealed links, checked per request.

The back office's handler (signed in) makes a link valid for a minute; this endpoint serves
the file only for a link this server sealed, so an attachment is never reachable without
signing in. What a link names (the file and its customer's name for it, an export's filters,
which may hold an email) travels sealed (web/sealed_links.py).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

from alma_widget.contact.attachments import ALLOWED
from alma_widget.storage.files import file_store
from alma_widget.web import sealed_links
from alma_widget.web.request_body import query_parameters
from alma_widget.web.sealed_links import sealed

FILES_PATH = "/admin-files/"
LINK_SECONDS = 60
_TYPES = {extension: mime for mime, extension in ALLOWED.items()}


def opened(query: dict[str, list[str]]) -> dict[str, Any] | None:
    """What a link's `t` names, if this server sealed it less than a minute ago; else None."""
    return sealed_links.opened(query, LINK_SECONDS)


def signed_link(stored_name: str, original_name: str) -> str:
    """A link to one stored file, valid for a minute; the customer's file name sealed in it."""
    return f"{FILES_PATH}{stored_name}?t={sealed({'file': stored_name, 'name': original_name})}"


def attachment_files(app):
    """Serve /admin-files/<stored name> for a valid signed link; 404 otherwise."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(FILES_PATH):
            return await app(scope, receive, send)
        stored_name = scope["path"][len(FILES_PATH) :]
        link = opened(query_parameters(scope)) or {}
        extension = stored_name.rsplit(".", 1)[-1]
        data = None
        if "/" not in stored_name and link.get("file") == stored_name and extension in _TYPES:
            # Read through the store (a folder or the bucket), never served by address.
            data = await asyncio.to_thread(file_store().read, stored_name)
        if data is None:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        name = str(link.get("name") or "piece-jointe")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", _TYPES[extension].encode()),
                    (
                        b"content-disposition",
                        f"attachment; filename*=UTF-8''{quote(name)}".encode(),
                    ),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": data})

    return wrapped
