"""Attachment downloads for the back office: short-lived sealed links, checked per request.

The back office's handler (signed in) makes a link valid for a minute; this endpoint serves
the file only for a link this server sealed, so an attachment is never reachable without
signing in. What a link names (the file and its customer's name for it, an export's filters,
which may hold an email) travels sealed: encrypted and authenticated with ALMA_LINK_SECRET
(Fernet), so no address a proxy or a log keeps holds anything personal.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from typing import Any
from urllib.parse import quote

from cryptography.fernet import Fernet, InvalidToken

from alma_widget.contact.attachments import ALLOWED
from alma_widget.settings import settings
from alma_widget.storage.files import file_store
from alma_widget.web.request_body import query_parameters

FILES_PATH = "/admin-files/"
LINK_SECONDS = 60
_TYPES = {extension: mime for mime, extension in ALLOWED.items()}


def _fernet() -> Fernet | None:
    """The key of the links, from ALMA_LINK_SECRET; None when unset (no link is then valid)."""
    secret = settings().link_secret
    if secret is None:
        return None
    digest = hashlib.sha256(b"alma-links:" + secret.get_secret_value().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def sealed(payload: dict[str, Any]) -> str:
    """What a link names, sealed for a minute: readable and checkable by this server only."""
    fernet = _fernet()
    return fernet.encrypt(json.dumps(payload).encode()).decode() if fernet else ""


def opened(query: dict[str, list[str]]) -> dict[str, Any] | None:
    """What a link's `t` names, if this server sealed it less than a minute ago; else None."""
    fernet = _fernet()
    token = (query.get("t") or [""])[0]
    if fernet is None or not token:
        return None
    try:
        payload = json.loads(fernet.decrypt(token.encode(), ttl=LINK_SECONDS))
    except (InvalidToken, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


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
