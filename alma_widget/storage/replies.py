"""A customer's answers under a request: stored with their files and their delivery in one
transaction, read back with how far their delivery went."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from alma_widget.customer_request.files import StoredFile
from alma_widget.storage.tables import (
    Attachment,
    CustomerReply,
    OutboxMessage,
    SupportRequest,
    as_utc,
    key,
    utc_now,
)

REPLY_KIND = "zendesk_reply"
# Zendesk's statuses an answer moves back to « open » (ours until its webhook says so):
# waiting on the customer, or solved (an answer reopens it).
REOPENED_BY_AN_ANSWER = ("pending", "solved")


@dataclasses.dataclass(frozen=True)
class StoredReply:
    """One answer as the conversation shows it."""

    comment_key: str
    message: str
    created_at: datetime
    files: tuple[str, ...]
    # pending (in the outbox), sent (a comment on the ticket), failed (given up).
    delivery: str


def reply_by_submission_key(*, session: Session, submission_key: str) -> CustomerReply | None:
    statement = select(CustomerReply).where(CustomerReply.submission_key == submission_key)
    return session.exec(statement).first()


def add_reply(
    *,
    session: Session,
    request: SupportRequest,
    message: str,
    submission_key: str,
    files: Sequence[StoredFile] = (),
) -> tuple[CustomerReply, bool]:
    """Store an answer, its files and its outbox row at once; (row, created). A submission
    key already stored returns that row and queues nothing (a replay, or a double click)."""
    existing = reply_by_submission_key(session=session, submission_key=submission_key)
    if existing is not None:
        return existing, False
    now = utc_now()
    reply = CustomerReply(
        request_id=key(request),
        created_at=now,
        message=message,
        submission_key=submission_key,
        comment_key=uuid.uuid4().hex,
    )
    try:
        session.add(reply)
        session.flush()
        for stored in files:
            session.add(
                Attachment(request_id=key(request), reply_id=reply.id, **dataclasses.asdict(stored))
            )
        session.add(
            OutboxMessage(
                request_id=key(request), reply_id=reply.id, kind=REPLY_KIND, next_attempt_at=now
            )
        )
        if request.helpdesk_status in REOPENED_BY_AN_ANSWER:
            request.helpdesk_status, request.helpdesk_status_at = "open", now
            session.add(request)
        session.commit()
    except IntegrityError:
        session.rollback()
        again = reply_by_submission_key(session=session, submission_key=submission_key)
        if again is None:
            raise
        return again, False
    session.refresh(reply)
    return reply, True


def reply_files(*, session: Session, reply_id: int) -> list[Attachment]:
    statement = select(Attachment).where(Attachment.reply_id == reply_id)
    return list(session.exec(statement.order_by(col(Attachment.id))))


def replies_of(*, session: Session, request_id: int) -> list[StoredReply]:
    """A request's answers, oldest first, with their files' names and delivery."""
    rows = session.exec(
        select(CustomerReply, OutboxMessage.status)
        .join(OutboxMessage, col(OutboxMessage.reply_id) == col(CustomerReply.id), isouter=True)
        .where(CustomerReply.request_id == request_id)
        .order_by(col(CustomerReply.id))
    ).all()
    names: dict[int, list[str]] = {}
    files = select(Attachment).where(
        Attachment.request_id == request_id, col(Attachment.reply_id).is_not(None)
    )
    for file in session.exec(files.order_by(col(Attachment.id))):
        names.setdefault(file.reply_id or 0, []).append(file.original_name)
    return [
        StoredReply(
            comment_key=reply.comment_key,
            message=reply.message,
            created_at=as_utc(reply.created_at),
            files=tuple(names.get(key(reply), ())),
            delivery=status or "pending",
        )
        for reply, status in rows
    ]
