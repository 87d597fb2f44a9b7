"""The outbox worker: delivers queued mails, retries with backoff, never sends one twice.

Rows are claimed before sending: on PostgreSQL with SELECT ... FOR UPDATE SKIP LOCKED, and
everywhere with a conditional UPDATE of `claimed_until`, so two workers (threads or
processes) never send the same row. A crashed worker's claim expires after the lease.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from alma_widget.mailer import acknowledgement_mail, send, support_mail
from alma_widget.models import OutboxMessage, SupportRequest, utc_now
from alma_widget.settings import Settings, settings

logger = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=2)
BATCH = 20


def backoff_seconds(attempts: int, cfg: Settings) -> float:
    """Wait before the next attempt: doubling from the base, capped."""
    return min(cfg.outbox_retry_cap_seconds, cfg.outbox_retry_base_seconds * 2 ** (attempts - 1))


def claim_due(*, session: Session, now: datetime, limit: int = BATCH) -> list[int]:
    """Claim pending rows that are due; returns the ids this worker now owns."""
    candidates = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending")
        .where(OutboxMessage.next_attempt_at <= now)
        .where(sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = []
    for row_id in list(session.exec(candidates)):
        result = session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .where(OutboxMessage.status == "pending")
            .where(sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
            .values(claimed_until=now + CLAIM_LEASE)
        )
        if result.rowcount == 1:
            claimed.append(row_id)
    session.commit()
    return claimed


def _describe(exc: BaseException) -> str:
    """The failure's class and SMTP code: enough to diagnose, no personal data."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:200]


def deliver_one(*, session: Session, outbox_id: int, cfg: Settings) -> bool:
    """Send one claimed row; record success or schedule a retry. True when sent."""
    message = session.get(OutboxMessage, outbox_id)
    request = session.get(SupportRequest, message.request_id) if message else None
    if message is None or request is None:
        return False
    build = support_mail if message.kind == "support" else acknowledgement_mail
    now = utc_now()
    try:
        send(build(request, cfg), cfg)
    except (OSError, smtplib.SMTPException) as exc:
        message.attempts += 1
        message.last_error = _describe(exc)
        message.claimed_until = None
        if message.attempts >= cfg.outbox_max_attempts:
            message.status = "failed"
            logger.error("outbox: gave up on %s for %s", message.kind, request.reference)
        else:
            delay = backoff_seconds(message.attempts, cfg)
            message.next_attempt_at = now + timedelta(seconds=delay)
            logger.warning(
                "outbox: %s for %s failed (%s), retry in %.0f s",
                message.kind,
                request.reference,
                message.last_error,
                delay,
            )
        session.add(message)
        session.commit()
        return False
    message.status = "sent"
    message.sent_at = now
    message.attempts += 1
    message.claimed_until = None
    if message.kind == "support":
        request.delivery_status = "sent"
        session.add(request)
    session.add(message)
    session.commit()
    logger.info("outbox: %s for %s sent", message.kind, request.reference)
    return True


def deliver_due(session_factory: Callable[[], Session], cfg: Settings | None = None) -> int:
    """One pass: claim what is due and send it. Returns how many mails were sent."""
    cfg = cfg or settings()
    if not cfg.smtp_host:
        return 0
    with session_factory() as session:
        claimed = claim_due(session=session, now=utc_now())
    sent = 0
    for outbox_id in claimed:
        with session_factory() as session:
            sent += deliver_one(session=session, outbox_id=outbox_id, cfg=cfg)
    return sent


async def run_worker(session_factory: Callable[[], Session]) -> None:
    """Forever: deliver what is due, then wait. Runs beside the Reflex backend."""
    cfg = settings()
    if not cfg.smtp_host:
        logger.warning(
            "outbox: ALMA_SMTP_HOST is not set; requests are stored and wait in the outbox"
        )
    while True:
        try:
            await asyncio.to_thread(deliver_due, session_factory, cfg)
        except Exception as exc:  # a database outage must not kill the worker
            # The class only: driver messages can quote row values (personal data).
            logger.error("outbox: pass failed (%s), will retry", type(exc).__name__)
        await asyncio.sleep(cfg.outbox_poll_seconds)
