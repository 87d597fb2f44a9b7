"""POST /api/zendesk/webhook: Zendesk tells us when a ticket's status changes, and when a
comment is added (a public reply of the team: « Nouvelle réponse » in « Mes demandes »).

Set up in Zendesk (Admin Center > Apps and integrations > Webhooks): subscribe to the ticket
events « Status changed » (`zen:event-type:ticket.status_changed`) and « Comment added »
(`zen:event-type:ticket.comment_added`), endpoint
`https://<widget>/api/zendesk/webhook`, and put the webhook's signing secret in
ALMA_ZENDESK_WEBHOOK_SECRET. Each request is signed as Zendesk documents it:
`X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + raw body)), with the
timestamp in `X-Zendesk-Webhook-Signature-Timestamp`. A bad signature, or a timestamp more
than five minutes off, is refused with 401 and changes nothing. The ticket's `external_id` is
our reference; the same event twice, or events out of order (by their `time`), leave the
latest status, and the first and last replies of the team. Only a public comment by staff
counts as a reply; the comment's text is never read nor logged.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import reflex as rx
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlmodel import Session, col, select
from starlette.types import ASGIApp, Receive, Scope, Send

from alma_widget import metrics
from alma_widget.settings import settings
from alma_widget.storage.satisfaction import queue_satisfaction_mail
from alma_widget.storage.tables import SupportRequest, as_utc, rows_changed, utc_now
from alma_widget.web.request_body import read_body, request_headers, same_text

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/api/zendesk/webhook"
# A status event is a few kilobytes; anything much larger is not one.
MAX_BODY = 64 * 1024
MAX_SKEW = timedelta(minutes=5)
STATUS_CHANGED = "zen:event-type:ticket.status_changed"
COMMENT_ADDED = "zen:event-type:ticket.comment_added"
HELPDESK_STATUSES = ("new", "open", "pending", "hold", "solved", "closed")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What Zendesk puts in X-Zendesk-Webhook-Signature for this timestamp and body."""
    digest = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def refusal(secret: str, timestamp: str, body: bytes, given: str, now: datetime) -> str | None:
    """Why a call is not Zendesk's, now: "stale" (its timestamp is not within five minutes of
    now: a replay, or a clock far off), "signature"; None when it is."""
    try:
        sent_at = datetime.fromisoformat(timestamp)  # "…Z" included (Python 3.11)
    except ValueError:
        return "stale"
    if sent_at.tzinfo is None or abs(now - sent_at) > MAX_SKEW:
        return "stale"
    return None if same_text(given, signature(secret, timestamp, body)) else "signature"


def signed_now(secret: str, timestamp: str, body: bytes, given: str, now: datetime) -> bool:
    """The signature is Zendesk's, and its timestamp within five minutes of now."""
    return refusal(secret, timestamp, body, given, now) is None


def _status(value: object) -> str:
    text = str(value).strip().lower()
    if text not in HELPDESK_STATUSES:
        raise ValueError(f"unknown status {text[:16]!r}")
    return text


class _Ticket(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    external_id: str | None = None


class _Change(BaseModel):
    model_config = ConfigDict(extra="ignore")
    current: str
    previous: str | None = None

    @field_validator("current", "previous")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        return None if value is None else _status(value)


class _TicketEvent(BaseModel):
    """What every Zendesk ticket event this endpoint reads carries: its type, when, which
    ticket."""

    model_config = ConfigDict(extra="ignore")
    type: str
    time: datetime
    detail: _Ticket

    @field_validator("time")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return as_utc(value)


class StatusEvent(_TicketEvent):
    """A ticket's status changed."""

    event: _Change


class _Author(BaseModel):
    model_config = ConfigDict(extra="ignore")
    is_staff: bool = False


class _Comment(BaseModel):
    model_config = ConfigDict(extra="ignore")
    is_public: bool = False
    author: _Author = _Author()


class _CommentChange(BaseModel):
    model_config = ConfigDict(extra="ignore")
    comment: _Comment


class CommentEvent(_TicketEvent):
    """A comment added to a ticket: whether it is public and by staff, nothing of its text."""

    event: _CommentChange


class _Kind(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str


def record_team_reply(*, session: Session, event: CommentEvent) -> bool:
    """A public reply of the team at the event's time: the request's first and last replies
    move to include it (events out of order, or twice, change nothing more); True if kept."""
    comment = event.event.comment
    if not (comment.is_public and comment.author.is_staff):
        return False
    at = event.time
    first, last = col(SupportRequest.first_team_reply_at), col(SupportRequest.last_team_reply_at)
    result = session.execute(
        sa.update(SupportRequest)
        .where(col(SupportRequest.reference) == event.detail.external_id)
        .values(
            first_team_reply_at=sa.case((sa.or_(first.is_(None), first > at), at), else_=first),
            last_team_reply_at=sa.case((sa.or_(last.is_(None), last < at), at), else_=last),
        )
    )
    session.commit()
    return rows_changed(result) == 1


def resolved_values(at: datetime) -> dict[str, Any]:
    """Becoming solved from anything but solved or closed is a new resolution (satisfaction
    is asked once for each): counted, and its time kept."""
    status = col(SupportRequest.helpdesk_status)
    new = sa.or_(status.is_(None), status.not_in(("solved", "closed")))
    return {
        "resolutions": sa.case(
            (new, SupportRequest.resolutions + 1), else_=SupportRequest.resolutions
        ),
        "solved_at": sa.case((new, at), else_=SupportRequest.solved_at),
    }


def _resolutions(session: Session, reference: str) -> int | None:
    found = session.exec(
        select(SupportRequest.resolutions).where(SupportRequest.reference == reference)
    ).first()
    return None if found is None else int(found)


def record_status(*, session: Session, event: StatusEvent) -> bool:
    """Keep the event's status on its request unless a later event was kept; True if kept.
    A new resolution after a reply of the team, with ALMA_CSAT_MAIL: the satisfaction mail
    is queued, once (the same event again is not a new resolution)."""
    reference = event.detail.external_id or ""
    before = _resolutions(session, reference) if event.event.current == "solved" else None
    result = session.execute(
        sa.update(SupportRequest)
        .where(col(SupportRequest.reference) == reference)
        .where(
            sa.or_(
                col(SupportRequest.helpdesk_status_at).is_(None),
                col(SupportRequest.helpdesk_status_at) < event.time,
            )
        )
        .values(
            helpdesk_status=event.event.current,
            helpdesk_status_at=event.time,
            **(resolved_values(event.time) if event.event.current == "solved" else {}),
        )
    )
    if before is not None and (_resolutions(session, reference) or 0) > before:
        queue_satisfaction_mail(session=session, reference=reference, cfg=settings())
    session.commit()
    return rows_changed(result) == 1


EVENTS: dict[str, type[StatusEvent] | type[CommentEvent]] = {
    STATUS_CHANGED: StatusEvent,
    COMMENT_ADDED: CommentEvent,
}


def store_event(*, session: Session, event: StatusEvent | CommentEvent) -> bool:
    """Keep what the event says on its request; True if anything was kept."""
    if isinstance(event, CommentEvent):
        return record_team_reply(session=session, event=event)
    return record_status(session=session, event=event)


def _store(event: StatusEvent | CommentEvent, session_factory: Callable[[], Session]) -> bool:
    with session_factory() as session:
        return store_event(session=session, event=event)


def _what(event: StatusEvent | CommentEvent) -> str:
    """What the log says of an event: a status, or « team reply » (never a comment's text)."""
    return "team reply" if isinstance(event, CommentEvent) else event.event.current


async def _answer(send: Send, status: int, payload: dict[str, Any]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"cache-control", b"no-store")],
        }
    )
    await send({"type": "http.response.body", "body": json.dumps(payload).encode()})


async def handle(
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    session_factory: Callable[[], Session] = rx.session,
) -> None:
    """One webhook request: 200 applied or ignored, 401 unsigned, 400, 404 off, 405, 413."""
    secret = settings().zendesk_webhook_secret
    if secret is None or not secret.get_secret_value():
        return await _answer(send, 404, {"error": "not found"})
    if scope.get("method") != "POST":
        return await _answer(send, 405, {"error": "method not allowed"})
    body = await read_body(receive, MAX_BODY)
    if body is None:
        return await _answer(send, 413, {"error": "too large"})
    headers = request_headers(scope)
    timestamp = headers.get("x-zendesk-webhook-signature-timestamp", "")
    given = headers.get("x-zendesk-webhook-signature", "")
    why = refusal(secret.get_secret_value(), timestamp, body, given, utc_now())
    if why is not None:
        logger.warning("zendesk webhook refused: bad signature or stale timestamp")
        metrics.webhook_result(f"refused_{why}")
        return await _answer(send, 401, {"error": "invalid signature"})
    try:
        model = EVENTS.get(_Kind.model_validate_json(body).type)
        event: StatusEvent | CommentEvent | None = (
            model.model_validate_json(body) if model else None
        )
    except ValidationError:
        logger.warning("zendesk webhook refused: not an event we read")
        metrics.webhook_result("refused_invalid")
        return await _answer(send, 400, {"error": "invalid event"})
    if event is None or not event.detail.external_id:
        metrics.webhook_result("ignored")
        return await _answer(send, 200, {"status": "ignored"})
    kept = await asyncio.to_thread(_store, event, session_factory)
    metrics.webhook_result("applied" if kept else "ignored")
    logger.info(
        "zendesk ticket %s: %s (%s)",
        event.detail.id[:20],
        _what(event),
        "kept" if kept else "older, internal or unknown, ignored",
    )
    return await _answer(send, 200, {"status": "applied" if kept else "ignored"})


def zendesk_webhook_endpoint(
    app: ASGIApp, *, session_factory: Callable[[], Session] = rx.session
) -> ASGIApp:
    """Answer /api/zendesk/webhook before the app (events kept through `session_factory`)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != WEBHOOK_PATH:
            return await app(scope, receive, send)
        return await handle(scope, receive, send, session_factory=session_factory)

    return wrapped
