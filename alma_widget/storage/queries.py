"""Small persistence functions; handlers call these and hold no SQL."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from alma_widget.customer_request.files import StoredFile
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.tables import (
    FLOW_EVENT_KINDS,
    FLOW_SOURCES,
    Attachment,
    FlowEvent,
    OutboxMessage,
    SupportRequest,
    as_utc,
    key,
    utc_now,
)

# Crockford base32: no I, L, O, U, so a reference read over the phone is unambiguous.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_PREFIX = "ALM-"
_REFERENCE_ATTEMPTS = 5


def new_reference() -> str:
    """A fresh public reference: 40 random bits, unguessable and short."""
    return REFERENCE_PREFIX + "".join(secrets.choice(CROCKFORD) for _ in range(8))


@dataclasses.dataclass(frozen=True)
class PageContext:
    """What the host page said about where the widget is (all optional)."""

    widget_context: str | None = None
    merchant_id: str | None = None
    merchant_name: str | None = None
    page_url: str | None = None


def find_by_submission_key(*, session: Session, submission_key: str) -> SupportRequest | None:
    """The request already stored for this submission, if any."""
    statement = select(SupportRequest).where(SupportRequest.submission_key == submission_key)
    return session.exec(statement).first()


def create_request(
    *,
    session: Session,
    request_in: ContactRequestIn,
    submission_key: str,
    locale: str = "fr",
    context: PageContext | None = None,
    is_spam: bool = False,
    acknowledge: bool = False,
    attachments: Sequence[StoredFile] = (),
    delivery_kinds: Sequence[str] = ("support",),
    customer_id: str | None = None,
    customer_email_verified: bool = True,
    follows_up_id: int | None = None,
) -> tuple[SupportRequest, bool]:
    """Store a request and queue its deliveries in one transaction; (row, created).

    `customer_id`: the signed-in customer's Alma id (alma_widget/identity), else None;
    `customer_email_verified`: whether Alma verified the address that identity gave.
    `delivery_kinds`: one outbox row each (alma_widget/delivery: "support" is the mail to
    the support team, "zendesk" a ticket); `acknowledge` adds the customer's mail.

    Idempotent: a submission key already stored returns that row, created False, and
    queues nothing, even when two submissions of the same key race.
    """
    existing = find_by_submission_key(session=session, submission_key=submission_key)
    if existing is not None:
        return existing, False
    context = context or PageContext()
    for _ in range(_REFERENCE_ATTEMPTS):
        now = utc_now()
        row = SupportRequest(
            reference=new_reference(),
            submission_key=submission_key,
            created_at=now,
            locale=locale,
            delivery_status="held" if is_spam else "pending",
            is_spam=is_spam,
            customer_id=customer_id,
            customer_email_verified=customer_email_verified,
            follows_up_id=follows_up_id,
            **request_in.model_dump(),
            **dataclasses.asdict(context),
        )
        try:
            session.add(row)
            session.flush()
            for stored in attachments:
                session.add(Attachment(request_id=key(row), **dataclasses.asdict(stored)))
            if not is_spam:
                kinds = [*delivery_kinds, "acknowledgement"] if acknowledge else delivery_kinds
                for kind in kinds:
                    session.add(OutboxMessage(request_id=key(row), kind=kind, next_attempt_at=now))
            session.commit()
        except IntegrityError:
            session.rollback()
            existing = find_by_submission_key(session=session, submission_key=submission_key)
            if existing is not None:
                return existing, False
            continue  # the reference collided with another one: draw again
        session.refresh(row)
        return row, True
    raise RuntimeError("could not draw a unique reference")


def record_flow_event(
    *, session: Session, topic_id: str, kind: str, source: str = "choice"
) -> None:
    """Count one step on a topic (help shown, answer, form opened, request sent), with how
    the customer reached the topic."""
    if kind not in FLOW_EVENT_KINDS or source not in FLOW_SOURCES:
        raise ValueError(f"unknown flow event {kind!r} ({source!r})")
    session.add(FlowEvent(created_at=utc_now(), topic_id=topic_id, kind=kind, source=source))
    session.commit()


@dataclasses.dataclass(frozen=True)
class Backlog:
    """The outbox rows of one kind in one status: how many, and when the oldest was queued."""

    kind: str
    status: str
    rows: int
    oldest_queued_at: datetime | None


def outbox_backlog(*, session: Session) -> list[Backlog]:
    """Pending and failed outbox rows, by kind (one grouped query, for each scrape)."""
    found = session.exec(
        select(
            OutboxMessage.kind,
            OutboxMessage.status,
            sa.func.count(),
            sa.func.min(OutboxMessage.queued_at),
        )
        .where(col(OutboxMessage.status).in_(("pending", "failed")))
        .group_by(OutboxMessage.kind, OutboxMessage.status)
    ).all()
    return [Backlog(kind, status, rows, oldest) for kind, status, rows, oldest in found]


def outbox_rows(*, session: Session, request_id: int) -> list[OutboxMessage]:
    """The mails queued for a request."""
    statement = select(OutboxMessage).where(OutboxMessage.request_id == request_id)
    return list(session.exec(statement.order_by(col(OutboxMessage.id))))


def attachments_of(*, session: Session, request_id: int) -> list[Attachment]:
    """The files sent with a request (its answers' files apart: storage/replies.py)."""
    statement = select(Attachment).where(
        Attachment.request_id == request_id, col(Attachment.reply_id).is_(None)
    )
    return list(session.exec(statement.order_by(col(Attachment.id))))


# A customer's list shows their latest requests; older ones are the support team's to find.
CUSTOMER_LIST_LIMIT = 50


def requests_of_customer(*, session: Session, customer_id: str) -> list[SupportRequest]:
    """The requests a signed-in customer sent, newest first (held spam never shows)."""
    statement = (
        select(SupportRequest)
        .where(SupportRequest.customer_id == customer_id, col(SupportRequest.is_spam).is_(False))
        .order_by(col(SupportRequest.created_at).desc(), col(SupportRequest.id).desc())
        .limit(CUSTOMER_LIST_LIMIT)
    )
    return list(session.exec(statement))


def request_of_customer(
    *, session: Session, customer_id: str, reference: str
) -> SupportRequest | None:
    """One of this customer's requests by its reference; None for anyone else's."""
    statement = select(SupportRequest).where(
        SupportRequest.customer_id == customer_id,
        SupportRequest.reference == reference,
        col(SupportRequest.is_spam).is_(False),
    )
    return session.exec(statement).first()


def _unread_reply() -> sa.ColumnElement[bool]:
    """The team replied after the customer last opened the conversation."""
    last, read = col(SupportRequest.last_team_reply_at), col(SupportRequest.replies_read_at)
    return sa.and_(last.is_not(None), sa.or_(read.is_(None), read < last))


def has_unread_reply(row: SupportRequest) -> bool:
    last, read = row.last_team_reply_at, row.replies_read_at
    return last is not None and (read is None or as_utc(read) < as_utc(last))


def unread_replies_of_customer(*, session: Session, customer_id: str) -> int:
    """How many of this customer's requests have a reply they have not opened yet."""
    statement = (
        select(sa.func.count())
        .select_from(SupportRequest)
        .where(
            SupportRequest.customer_id == customer_id,
            col(SupportRequest.is_spam).is_(False),
            _unread_reply(),
        )
    )
    return int(session.exec(statement).one())


def mark_replies_read(*, session: Session, row: SupportRequest, at: datetime) -> None:
    """The customer opened the conversation at `at`."""
    row.replies_read_at = at
    session.add(row)
    session.commit()


def first_reply_pairs(*, session: Session, limit: int) -> list[tuple[datetime, datetime]]:
    """(sent, first public reply of the team) of the most recent requests that got one."""
    first = col(SupportRequest.first_team_reply_at)
    statement = (
        select(col(SupportRequest.created_at), first)
        .where(first.is_not(None), col(SupportRequest.is_spam).is_(False))
        .order_by(col(SupportRequest.created_at).desc())
        .limit(limit)
    )
    return [
        (as_utc(sent), as_utc(replied))
        for sent, replied in session.exec(statement)
        if replied is not None  # never, by the query: said for the type checker
    ]


def request_by_reference(*, session: Session, reference: str) -> SupportRequest | None:
    """The request with this reference (held spam never)."""
    statement = select(SupportRequest).where(
        SupportRequest.reference == reference, col(SupportRequest.is_spam).is_(False)
    )
    return session.exec(statement).first()
