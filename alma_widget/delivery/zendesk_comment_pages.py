"""A ticket's comments as Zendesk lists them, every page: for the conversation the customer
reads (conversation/zendesk_comments.py) and for the answer that must not be written twice
(zendesk_reply.py).

`GET /api/v2/tickets/{id}/comments.json?include=users`, page after page (`next_page`, on
Zendesk's own address only: its answer names the next page, and nothing else is followed).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

COMMENTS = "/api/v2/tickets/{ticket_id}/comments.json"
PAGE_SIZE = 100
MAX_PAGES = 10
# The key under which an answer sent from the widget carries its comment_key: Zendesk keeps
# a ticket update's `metadata` as the comment's metadata.custom, shown to nobody.
REPLY_MARK = "alma_reply"


def comment_pages(
    client: httpx.Client, ticket_id: int, origin: str
) -> tuple[list[dict[str, Any]], dict[int, tuple[str, str]]]:
    """(every comment, oldest first as Zendesk gives them, the description first; each
    author's (role, name) by id). httpx errors and answers not understood raise."""
    address: str | None = COMMENTS.format(ticket_id=int(ticket_id))
    params: dict[str, Any] | None = {"include": "users", "per_page": PAGE_SIZE}
    raw_comments: list[dict[str, Any]] = []
    roles: dict[int, tuple[str, str]] = {}
    for _ in range(MAX_PAGES):
        if address is None:
            break
        response = client.get(address, params=params)
        response.raise_for_status()
        body = response.json()
        raw_comments += body.get("comments") or []
        for user in body.get("users") or []:
            roles[user.get("id")] = (str(user.get("role", "")), str(user.get("name", "")))
        address, params = body.get("next_page"), None
        if not address or urlsplit(address).netloc != origin:
            break
    return raw_comments, roles


def reply_mark(raw: dict[str, Any]) -> str:
    """The widget's mark on a comment it wrote for a customer, or ""."""
    return str(((raw.get("metadata") or {}).get("custom") or {}).get(REPLY_MARK) or "")
