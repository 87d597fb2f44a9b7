"""A ticket's public comments, read from Zendesk's Support API when a customer opens it.

Every page of `GET /api/v2/tickets/{id}/comments.json` (delivery/zendesk_comment_pages.py).
Internal notes (`public: false`) are dropped here, on the
server: they never reach the page. The first comment is the ticket's description, what the
widget sent: the page shows the request itself instead. Each ticket's comments are kept in
this process for a few seconds (ALMA_THREAD_CACHE_SECONDS), so a customer going back and
forth does not call Zendesk each time, and never longer. A Zendesk slow or down leaves the
request as the widget holds it, said as not refreshed: never an error page.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from alma_widget.delivery.config import zendesk_config
from alma_widget.delivery.zendesk import api_client
from alma_widget.delivery.zendesk import ready as zendesk_delivers
from alma_widget.delivery.zendesk_comment_pages import comment_pages, reply_mark
from alma_widget.settings import Settings, settings

# A customer waits on this read: shorter than the outbox's calls.
READ_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class TeamFile:
    """A file of a comment in Zendesk: its id, its name, and Zendesk's address for it
    (server-side only: the page downloads it through the widget, conversation/files.py)."""

    id: int
    name: str
    url: str


@dataclass(frozen=True)
class Comment:
    """One public message of the ticket, as the page shows it."""

    from_team: bool
    author_first_name: str
    body: str
    created_at: datetime
    files: tuple[str, ...]
    # The widget's mark on a customer's answer it delivered (delivery/zendesk_reply.py).
    reply_key: str = ""
    # An answer stored here and not (yet) on the ticket: pending, or failed; "" otherwise.
    delivery: str = ""
    # The files as Zendesk holds them (a comment read from Zendesk; none for an answer
    # still here): `files` names them.
    attachments: tuple[TeamFile, ...] = ()


def conversation_ready(cfg: Settings) -> bool:
    """Requests become Zendesk tickets: their conversation is there (mail-only set-ups keep
    the request as it was sent)."""
    return zendesk_delivers(cfg)


class ThreadUnavailable(Exception):
    """Zendesk could not be read (down, slow, refused, or an answer not understood)."""


def _comment(raw: dict, roles: dict[int, tuple[str, str]]) -> Comment:
    author = raw.get("author_id")
    role, name = roles.get(author, ("", "")) if isinstance(author, int) else ("", "")
    return Comment(
        # An author Zendesk does not name as an end user wrote for the team.
        from_team=role != "end-user",
        author_first_name=(name.split() or [""])[0],
        body=str(raw.get("plain_body") or raw.get("body") or ""),
        created_at=datetime.fromisoformat(str(raw["created_at"]).replace("Z", "+00:00")),
        files=tuple(str(a.get("file_name", "")) for a in raw.get("attachments") or []),
        reply_key=reply_mark(raw),
        attachments=tuple(
            TeamFile(int(a["id"]), str(a.get("file_name", "")), str(a.get("content_url", "")))
            for a in raw.get("attachments") or []
            if a.get("id") is not None
        ),
    )


def read_comments(ticket_id: int, cfg: Settings) -> list[Comment]:
    """The ticket's public comments after its description, oldest first."""
    zendesk = zendesk_config(cfg)
    try:
        with api_client(zendesk) as client:
            client.timeout = httpx.Timeout(min(zendesk.timeout_seconds, READ_TIMEOUT_SECONDS))
            raw_comments, roles = comment_pages(client, ticket_id, urlsplit(zendesk.url).netloc)
        public = [c for c in raw_comments[1:] if c.get("public") is True]
        return sorted((_comment(c, roles) for c in public), key=lambda c: c.created_at)
    except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ThreadUnavailable(type(exc).__name__) from None


_cache: dict[int, tuple[float, list[Comment]]] = {}
_cache_lock = threading.Lock()


def cached_tickets() -> list[int]:
    """The tickets whose thread is held in this process's cache."""
    with _cache_lock:
        return list(_cache)


def forget_all() -> None:
    """Nothing cached any more: every thread is read from Zendesk again."""
    with _cache_lock:
        _cache.clear()


def forget_expired(cfg: Settings, now: float | None = None) -> None:
    """Drop what is older than the cache allows (nothing of a thread stays longer)."""
    now = time.monotonic() if now is None else now
    with _cache_lock:
        for ticket_id in [
            t for t, (at, _) in _cache.items() if now - at >= cfg.thread_cache_seconds
        ]:
            del _cache[ticket_id]


def thread_of(ticket_id: int, cfg: Settings | None = None) -> tuple[list[Comment], bool]:
    """(the comments, True) read now or within the cache's seconds; ([], False) when
    Zendesk cannot be read (the page keeps the request as the widget holds it)."""
    cfg = cfg or settings()
    forget_expired(cfg)
    with _cache_lock:
        cached = _cache.get(ticket_id)
    if cached is not None:
        return cached[1], True
    try:
        comments = read_comments(ticket_id, cfg)
    except ThreadUnavailable:
        return [], False
    if cfg.thread_cache_seconds > 0:
        with _cache_lock:
            _cache[ticket_id] = (time.monotonic(), comments)
    return comments, True
