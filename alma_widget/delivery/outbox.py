"""The outbox worker: delivers queued rows through their channel, retries with backoff,
never delivers one twice.

Rows are claimed before delivering: on PostgreSQL with SELECT ... FOR UPDATE SKIP LOCKED, and
everywhere with a conditional UPDATE of `claimed_until` and `claimed_by`, so two workers
(threads or processes) never deliver the same row. A crashed worker's claim expires after the
lease; a slow worker renews its claim on each row just before delivering it, and finds the
row taken (another name in `claimed_by`) if its lease ran out meanwhile: it skips it.
A row whose delivery raises anything unexpected counts a failed attempt like any other
failure, and the pass carries on with the next row.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from alma_widget import metrics
from alma_widget.delivery import ACKNOWLEDGEMENT, channel_of, deliverers, follow_up_kinds
from alma_widget.delivery.failures import Refused, TryLater
from alma_widget.settings import Settings, settings
from alma_widget.storage.tables import (
    OutboxMessage,
    SupportRequest,
    as_utc,
    rows_changed,
    utc_now,
)

logger = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=2)
BATCH = 20


def backoff_seconds(attempts: int, cfg: Settings) -> float:
    """Wait before the next attempt: doubling from the base, capped."""
    doubled: float = cfg.outbox_retry_base_seconds * 2 ** (attempts - 1)
    return min(cfg.outbox_retry_cap_seconds, doubled)


def ready_kinds(cfg: Settings) -> list[str]:
    """The row kinds whose channel is configured here; the others wait."""
    return [kind for channel in deliverers() if channel.ready(cfg) for kind in channel.KINDS]


def _unclaimed(now: datetime) -> sa.ColumnElement[bool]:
    """Nobody holds the row, or its holder's lease ran out."""
    until = col(OutboxMessage.claimed_until)
    return sa.or_(until.is_(None), until < now)


def claim_due(
    *, session: Session, now: datetime, kinds: Sequence[str], claim: str, limit: int = BATCH
) -> list[int]:
    """Claim pending rows of these kinds that are due under the name `claim`; returns the ids
    this worker owns."""
    candidates = (
        select(col(OutboxMessage.id))
        .where(OutboxMessage.status == "pending")
        .where(col(OutboxMessage.kind).in_(list(kinds)))
        .where(OutboxMessage.next_attempt_at <= now)
        .where(_unclaimed(now))
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    claimed: list[int] = []
    for row_id in list(session.exec(candidates)):
        result = session.execute(
            sa.update(OutboxMessage)
            .where(col(OutboxMessage.id) == row_id)
            .where(col(OutboxMessage.status) == "pending")
            .where(_unclaimed(now))
            .values(claimed_until=now + CLAIM_LEASE, claimed_by=claim)
        )
        if row_id is not None and rows_changed(result) == 1:
            claimed.append(row_id)
    session.commit()
    return claimed


def renew_claim(*, session: Session, outbox_id: int, claim: str, now: datetime) -> bool:
    """A full lease again on a row this pass still holds; False when another pass took it."""
    result = session.execute(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id) == outbox_id)
        .where(col(OutboxMessage.status) == "pending")
        .where(col(OutboxMessage.claimed_by) == claim)
        .values(claimed_until=now + CLAIM_LEASE)
    )
    session.commit()
    return rows_changed(result) == 1


def _settle_request(session: Session, request: SupportRequest) -> None:
    """The request is sent once every channel delivered it, failed if one gave up (its
    customer's answers, ratings and the mail asking for one say nothing of it)."""
    rows = session.exec(
        select(OutboxMessage.status)
        .where(OutboxMessage.request_id == request.id)
        .where(col(OutboxMessage.kind).not_in([ACKNOWLEDGEMENT, *follow_up_kinds()]))
    ).all()
    if "failed" in rows:
        request.delivery_status = "failed"
    elif rows and all(status == "sent" for status in rows):
        request.delivery_status = "sent"
    session.add(request)


def _failed(
    message: OutboxMessage, exc: Refused | TryLater, cfg: Settings, now: datetime
) -> float | None:
    """Record a failure: failed for good, or the wait before the next attempt."""
    message.attempts += 1
    message.last_error = exc.reason
    message.claimed_until = None
    message.claimed_by = None
    if isinstance(exc, Refused) or message.attempts >= cfg.outbox_max_attempts:
        message.status = "failed"
        return None
    delay = max(backoff_seconds(message.attempts, cfg), exc.retry_after or 0)
    message.next_attempt_at = now + timedelta(seconds=delay)
    return delay


def deliver_one(*, session: Session, outbox_id: int, cfg: Settings, claim: str) -> bool:
    """Deliver one claimed row; record success or schedule a retry. True when delivered."""
    if not renew_claim(session=session, outbox_id=outbox_id, claim=claim, now=utc_now()):
        logger.warning("outbox: row %s was taken over by another worker; skipped", outbox_id)
        return False
    message = session.get(OutboxMessage, outbox_id)
    # None when erased (alma-widget-erase) between the renewal and these reads: nothing to do.
    request = session.get(SupportRequest, message.request_id) if message else None
    channel = channel_of(message.kind) if message else None
    if message is None or request is None or channel is None:
        return False
    now = utc_now()
    try:
        channel.deliver(session=session, request=request, message=message, cfg=cfg)
    except Exception as exc:
        if not isinstance(exc, (TryLater, Refused)):
            # Half-done work of the channel is dropped; the class only is kept: messages
            # can quote the row (personal data).
            exc = TryLater(f"unexpected {type(exc).__name__}")
            session.rollback()
            message = session.get(OutboxMessage, outbox_id)
            request = session.get(SupportRequest, message.request_id) if message else None
            if message is None or request is None:
                return False  # erased meanwhile: nothing left to deliver
        delay = _failed(message, exc, cfg, now)
        metrics.delivery_failed(message.kind, exc.reason_class, given_up=delay is None)
        if delay is None:
            logger.error(
                "outbox: gave up on %s for %s (%s)", message.kind, request.reference, exc.reason
            )
        else:
            logger.warning(
                "outbox: %s for %s failed (%s), retry in %.0f s",
                message.kind,
                request.reference,
                exc.reason,
                delay,
            )
        session.add(message)
        _settle_request(session, request)
        session.commit()
        return False
    message.status = "sent"
    message.sent_at = now
    message.attempts += 1
    message.claimed_until = None
    message.claimed_by = None
    session.add(message)
    session.flush()
    _settle_request(session, request)
    session.commit()
    metrics.delivered(message.kind, (now - as_utc(message.queued_at)).total_seconds())
    logger.info("outbox: %s for %s delivered", message.kind, request.reference)
    return True


def deliver_due(session_factory: Callable[[], Session], cfg: Settings | None = None) -> int:
    """One pass: claim what is due and deliver it. Returns how many rows were delivered."""
    cfg = cfg or settings()
    kinds = ready_kinds(cfg)
    if not kinds:
        return 0
    claim = uuid.uuid4().hex
    with session_factory() as session:
        claimed = claim_due(session=session, now=utc_now(), kinds=kinds, claim=claim)
    sent = 0
    for outbox_id in claimed:
        with session_factory() as session:
            sent += deliver_one(session=session, outbox_id=outbox_id, cfg=cfg, claim=claim)
    return sent


async def run_worker(session_factory: Callable[[], Session]) -> None:
    """Forever: deliver what is due, then wait. Runs beside the Reflex backend."""
    cfg = settings()
    if not cfg.smtp_host:
        logger.warning("outbox: ALMA_SMTP_HOST is not set; mails are stored and wait in the outbox")
    while True:
        try:
            await asyncio.to_thread(deliver_due, session_factory, cfg)
        except Exception as exc:  # a database outage must not kill the worker
            # The class only: driver messages can quote row values (personal data).
            logger.error("outbox: pass failed (%s), will retry", type(exc).__name__)
        await asyncio.sleep(cfg.outbox_poll_seconds)
