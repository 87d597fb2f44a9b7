"""Database tables only. Validation lives in forms.py; reads and writes in store.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """Now, timezone-aware."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """`moment` timezone-aware: SQLite (and some senders) give back naive UTC datetimes."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _timestamp(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(
        default=None,
        sa_type=sa.DateTime(timezone=True),
        nullable=nullable,
        index=index,
    )


def key(row: SQLModel) -> int:
    """A stored row's id (None only before it is flushed: a bug, said plainly)."""
    row_id = getattr(row, "id", None)
    if not isinstance(row_id, int):
        raise ValueError(f"{type(row).__name__} not stored yet")
    return row_id


def rows_changed(result: object) -> int:
    """How many rows an UPDATE or a DELETE changed (its CursorResult's rowcount)."""
    return int(getattr(result, "rowcount", 0) or 0)


class SupportRequest(SQLModel, table=True):
    """A request a customer sent from the widget."""

    __tablename__ = "support_request"

    id: int | None = Field(default=None, primary_key=True)
    # Shown to the customer and quoted in every mail: ALM- and 8 Crockford base32 characters.
    reference: str = Field(max_length=12, unique=True)
    # Created when the form opened: replays of one submission store one row.
    submission_key: str = Field(max_length=64, unique=True)
    created_at: datetime = _timestamp(index=True)
    category_id: str = Field(max_length=64)
    topic_id: str = Field(max_length=64)
    email: str = Field(max_length=254)
    phone: str | None = Field(default=None, max_length=16)
    order_reference: str | None = Field(default=None, max_length=64)
    message: str = Field(sa_type=sa.Text)
    locale: str = Field(default="fr", max_length=8)
    # Alma's id of the signed-in customer who sent it (a valid identity token), else None.
    customer_id: str | None = Field(default=None, max_length=64, index=True)
    # Whether Alma had verified that customer's address (the token's email_verified): an
    # unverified one is what they typed, and never ties their Zendesk user to an address.
    customer_email_verified: bool = Field(
        default=True, sa_column_kwargs={"server_default": sa.true()}
    )
    # Context of the page the widget was on, when the host said it.
    widget_context: str | None = Field(default=None, max_length=16)
    merchant_id: str | None = Field(default=None, max_length=64)
    merchant_name: str | None = Field(default=None, max_length=128)
    page_url: str | None = Field(default=None, max_length=2048)
    # pending: waiting in the outbox; sent: delivered by every channel (ALMA_DELIVERY);
    # failed: a channel gave up (shown in /admin); held: not delivered on purpose (honeypot).
    delivery_status: str = Field(default="pending", max_length=16)
    # The ticket created in Zendesk for it (ALMA_DELIVERY=zendesk).
    zendesk_ticket_id: int | None = Field(default=None, sa_type=sa.BigInteger, nullable=True)
    # The honeypot field was filled: answered as a success, kept for review, never mailed.
    is_spam: bool = Field(default=False)
    # The support team's handling: new, in_progress, answered, closed; who changed it, when.
    status: str = Field(default="new", max_length=16, index=True)
    status_changed_by: str | None = Field(default=None, max_length=64)
    status_changed_at: datetime | None = _timestamp(nullable=True)
    # The ticket's status in Zendesk (new, open, pending, hold, solved, closed), as its
    # signed webhook last said, and the time of that event (older events change nothing).
    helpdesk_status: str | None = Field(default=None, max_length=16)
    helpdesk_status_at: datetime | None = _timestamp(nullable=True)
    # The team's public replies in Zendesk (its signed comment_added webhook): the first (the
    # reply-time figure) and the last; and when the customer last opened the conversation
    # (« Nouvelle réponse » while the last reply is newer).
    first_team_reply_at: datetime | None = _timestamp(nullable=True)
    last_team_reply_at: datetime | None = _timestamp(nullable=True)
    replies_read_at: datetime | None = _timestamp(nullable=True)
    # How many times it became solved (each resolution asks for satisfaction once), and when
    # it last did (the question is answerable for 28 days).
    resolutions: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    solved_at: datetime | None = _timestamp(nullable=True)
    # « Nouvelle demande liée »: the closed request this one follows up (Zendesk's
    # via_followup_source_id is that request's ticket).
    follows_up_id: int | None = Field(default=None, foreign_key="support_request.id")


class CustomerReply(SQLModel, table=True):
    """What a customer answered from the widget under a request's conversation: stored
    first, then delivered by the outbox as a public comment on the ticket (kind
    zendesk_reply), recognised there by `comment_key` (never written twice)."""

    __tablename__ = "customer_reply"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="support_request.id", index=True)
    created_at: datetime = _timestamp()
    message: str = Field(sa_type=sa.Text)
    # Created when the answer form opened: replays of one « Envoyer » store one row.
    submission_key: str = Field(max_length=64, unique=True)
    # Written in the comment's metadata (metadata.custom.alma_reply) to find it again.
    comment_key: str = Field(max_length=32, unique=True)


class SatisfactionRating(SQLModel, table=True):
    """« Êtes-vous satisfait de la réponse ? », answered once per resolution of a request
    (conversation/satisfaction.py); on the ticket as a tag and a private note (outbox kind
    zendesk_csat), marked like an answer (`comment_key`) so it is written once."""

    __tablename__ = "satisfaction_rating"
    __table_args__ = (sa.UniqueConstraint("request_id", "resolution"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="support_request.id", index=True)
    # Which resolution of the request it rates (SupportRequest.resolutions then).
    resolution: int
    created_at: datetime = _timestamp()
    good: bool
    # On « Non »: one of the content's reasons (its id), and what the customer added.
    reason: str | None = Field(default=None, max_length=32)
    comment: str | None = Field(default=None, sa_type=sa.Text)
    comment_key: str = Field(max_length=32, unique=True)


class Attachment(SQLModel, table=True):
    """A file sent with a request, stored under a generated name outside the web root."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="support_request.id", index=True)
    # A file of a customer's answer (CustomerReply), not of the request as sent.
    reply_id: int | None = Field(default=None, foreign_key="customer_reply.id", index=True)
    stored_name: str = Field(max_length=64, unique=True)
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=64)
    size: int


class OutboxMessage(SQLModel, table=True):
    """A mail to send, written in the same transaction as its request."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="support_request.id", index=True)
    # support: a mail to the support team; acknowledgement: a mail to the customer;
    # zendesk: a ticket; zendesk_reply: a customer's answer on it (alma_widget/delivery/).
    kind: str = Field(max_length=16)
    # The answer a zendesk_reply row delivers; the rating a zendesk_csat row does.
    reply_id: int | None = Field(default=None, foreign_key="customer_reply.id")
    rating_id: int | None = Field(default=None, foreign_key="satisfaction_rating.id")
    # pending, sent, or failed (gave up after the last attempt).
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = Field(default=0)
    # When it was queued: the oldest pending row's age and the time to deliver (/metrics).
    queued_at: datetime = Field(
        default_factory=utc_now, sa_type=sa.DateTime(timezone=True), nullable=False
    )
    next_attempt_at: datetime = _timestamp(index=True)
    # A worker that claimed the row owns it until then (a crashed worker's claim expires).
    claimed_until: datetime | None = _timestamp(nullable=True)
    # The worker pass that holds the claim: a pass whose lease ran out and was taken over
    # finds another name here and does not deliver (each mail once).
    claimed_by: str | None = Field(default=None, max_length=32)
    # Class of the last failure, with a status or code (never the request's content).
    last_error: str | None = Field(default=None, max_length=200)
    sent_at: datetime | None = _timestamp(nullable=True)


# What a customer did on a topic, counted for the deflection figures.
FLOW_EVENT_KINDS = ("help_shown", "helped_yes", "helped_no", "form_opened", "request_sent")


class FlowEvent(SQLModel, table=True):
    """One step of one customer on one topic: no personal data, no session, just a count."""

    __tablename__ = "flow_event"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _timestamp(index=True)
    topic_id: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=16)
    # How the customer reached the topic: choice (the radios), search (the search field),
    # suggestion (offered while typing the message).
    source: str = Field(default="choice", max_length=16)


FLOW_SOURCES = ("choice", "search", "suggestion")


class SearchMiss(SQLModel, table=True):
    """A search that found no topic, for the content team: what remains of the query once
    anything personal is taken out (alma_widget/help_search/misses.py). Kept 90 days."""

    __tablename__ = "search_miss"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _timestamp(index=True)
    query: str = Field(max_length=100, index=True)


class TrackingLink(SQLModel, table=True):
    """A one-time link « Suivre une demande » mailed to a request's address (30 minutes,
    alma_widget/tracking/links.py); only its token's SHA-256 is stored."""

    __tablename__ = "tracking_link"

    token_hash: str = Field(primary_key=True, max_length=64)
    # The request's public reference (not a foreign key: an erased request leaves a link
    # that opens nothing, and the purge removes it).
    reference: str = Field(max_length=12)
    created_at: datetime = _timestamp(index=True)
    expires_at: datetime = _timestamp()
    used_at: datetime | None = _timestamp(nullable=True)


class AdminSession(SQLModel, table=True):
    """A back-office session (alma_widget/admin/sessions.py): its cookie's token is never
    stored, only its SHA-256; it ends at sign-out, after the idle time, or at its age limit."""

    __tablename__ = "admin_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user: str = Field(max_length=64)
    created_at: datetime = _timestamp(index=True)
    last_seen_at: datetime = _timestamp()
    ended_at: datetime | None = _timestamp(nullable=True)


class Agent(SQLModel, table=True):
    """A named member of the support team (alma-widget-agent): who changed a status, who
    exported a list, who erased a person's data is said by name, not by a shared password."""

    __tablename__ = "agent"

    name: str = Field(primary_key=True, max_length=64)
    password_hash: str = Field(max_length=200)
    created_at: datetime = _timestamp()
    disabled_at: datetime | None = _timestamp(nullable=True)


class AdminAction(SQLModel, table=True):
    """What an agent did that leaves the back office: an export, an erasure, a status. No
    personal data: the detail says how many, or which filters were set, never their values."""

    __tablename__ = "admin_action"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _timestamp(index=True)
    agent: str = Field(max_length=64, index=True)
    action: str = Field(max_length=16)
    detail: str = Field(default="", max_length=200)
