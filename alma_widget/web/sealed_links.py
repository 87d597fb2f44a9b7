"""Short-lived links whose content travels sealed: encrypted and authenticated with
ALMA_LINK_SECRET (Fernet), so what a link names (a file and its name, an export's filters)
is readable and checkable by this server only, and nothing personal sits in an address a
proxy or a log keeps. For the back office's downloads (admin/files.py, admin/export.py) and
the conversation's files (conversation/files.py)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from alma_widget.settings import settings


def _fernet() -> Fernet | None:
    """The key of the links, from ALMA_LINK_SECRET; None when unset (no link is then valid)."""
    secret = settings().link_secret
    if secret is None:
        return None
    digest = hashlib.sha256(b"alma-links:" + secret.get_secret_value().encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def sealed(payload: dict[str, Any]) -> str:
    """What a link names, sealed with the time it was made."""
    fernet = _fernet()
    return fernet.encrypt(json.dumps(payload).encode()).decode() if fernet else ""


def opened(query: dict[str, list[str]], ttl: int) -> dict[str, Any] | None:
    """What a link's `t` names, if this server sealed it less than `ttl` seconds ago."""
    fernet = _fernet()
    token = (query.get("t") or [""])[0]
    if fernet is None or not token:
        return None
    try:
        payload = json.loads(fernet.decrypt(token.encode(), ttl=ttl))
    except (InvalidToken, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
