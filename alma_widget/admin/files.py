"""Attachment downloads for the back office: short-lived signed links, checked per request.

The back office's handler (signed in) makes a link valid for a minute; this endpoint serves
the file only for a valid signature, so an attachment is never reachable without signing in.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from urllib.parse import quote

from alma_widget.contact.attachments import ALLOWED
from alma_widget.settings import settings
from alma_widget.storage.files import file_store
from alma_widget.web.request_body import query_parameters, same_text

FILES_PATH = "/admin-files/"
LINK_SECONDS = 60
_TYPES = {extension: mime for mime, extension in ALLOWED.items()}


def _secret() -> bytes | None:
    """ALMA_LINK_SECRET: a secret of its own, so that named agents alone (no shared password)
    can download and export; None when unset (no link is then valid)."""
    secret = settings().link_secret
    return secret.get_secret_value().encode() if secret else None


def signature(subject: str, expires: int) -> str:
    """The HMAC of what a link gives access to (a file's name, an export's filters)."""
    secret = _secret()
    if secret is None:  # no link can be made valid: an empty signature matches none
        return ""
    return hmac.new(secret, f"{subject}|{expires}".encode(), hashlib.sha256).hexdigest()


def expiry() -> int:
    """When a link made now stops working."""
    return int(time.time()) + LINK_SECONDS


def signed_link(stored_name: str, original_name: str) -> str:
    """A link to one stored file, valid for a minute."""
    expires = expiry()
    return (
        f"{FILES_PATH}{stored_name}?exp={expires}&sig={signature(stored_name, expires)}"
        f"&name={quote(original_name)}"
    )


def valid(subject: str, query: dict[str, list[str]]) -> bool:
    """True for a link to `subject` signed by a signed-in agent and not expired."""
    try:
        expires = int(query["exp"][0])
        given = query["sig"][0]
    except (KeyError, IndexError, ValueError):
        return False
    if _secret() is None or expires < time.time():
        return False
    return same_text(given, signature(subject, expires))


def attachment_files(app):
    """Serve /admin-files/<stored name> for a valid signed link; 404 otherwise."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(FILES_PATH):
            return await app(scope, receive, send)
        stored_name = scope["path"][len(FILES_PATH) :]
        query = query_parameters(scope)
        extension = stored_name.rsplit(".", 1)[-1]
        data = None
        if "/" not in stored_name and valid(stored_name, query) and extension in _TYPES:
            # Read through the store (a folder or the bucket), never served by address.
            data = await asyncio.to_thread(file_store().read, stored_name)
        if data is None:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        name = query.get("name", ["piece-jointe"])[0]
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
