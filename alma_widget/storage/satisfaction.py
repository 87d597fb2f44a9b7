"""« Êtes-vous satisfait de la réponse ? »: when it is asked, the answers stored (with their
delivery to the ticket), and the counts per topic for /admin."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from alma_widget.settings import Settings
from alma_widget.storage.tables import (
    OutboxMessage,
    SatisfactionRating,
    SupportRequest,
    as_utc,
    key,
    utc_now,
)

CSAT_KIND = "zendesk_csat"
# The mail that asks (ALMA_CSAT_MAIL): a link to the request, valid as long as the question.
CSAT_MAIL_KIND = "csat_mail"
# As Zendesk's own survey: answerable for 28 days after the resolution.
ANSWERABLE_FOR = timedelta(days=28)
# « Non »: why, in a word (the content says each in the customer's language).
REASONS = ("unsolved", "slow", "unclear", "other")


def _rating_of(session: Session, row: SupportRequest) -> SatisfactionRating | None:
    statement = select(SatisfactionRating).where(
        SatisfactionRating.request_id == row.id,
        SatisfactionRating.resolution == row.resolutions,
    )
    return session.exec(statement).first()


def rating_due(*, session: Session, row: SupportRequest, now: datetime) -> bool:
    """Solved (or closed since), after a real reply of the team, within 28 days of this
    resolution, and not rated yet for it (a reopened then solved request is asked again)."""
    return (
        row.resolutions > 0
        and row.helpdesk_status in ("solved", "closed")
        and row.first_team_reply_at is not None
        and row.solved_at is not None
        and now - as_utc(row.solved_at) <= ANSWERABLE_FOR
        and _rating_of(session, row) is None
    )


def add_rating(
    *,
    session: Session,
    row: SupportRequest,
    good: bool,
    reason: str | None = None,
    comment: str | None = None,
    deliver: bool = True,
) -> bool:
    """Store the rating of the request's current resolution (and queue it for the ticket
    when `deliver`); False when it was rated already (a second tab, a replay)."""
    now = utc_now()
    rating = SatisfactionRating(
        request_id=key(row),
        resolution=row.resolutions,
        created_at=now,
        good=good,
        reason=None if good else reason,
        comment=None if good else (comment or None),
        comment_key=uuid.uuid4().hex,
    )
    try:
        session.add(rating)
        session.flush()
        if deliver:
            session.add(
                OutboxMessage(
                    request_id=key(row), rating_id=rating.id, kind=CSAT_KIND, next_attempt_at=now
                )
            )
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def satisfaction_counts(
    *, session: Session, since: datetime | None = None, until: datetime | None = None
) -> dict[tuple[str, str], tuple[int, int]]:
    """(category, topic): (satisfied, rated), over ratings given in the period."""
    statement = (
        select(
            SupportRequest.category_id,
            SupportRequest.topic_id,
            sa.func.sum(sa.case((col(SatisfactionRating.good), 1), else_=0)),
            sa.func.count(),
        )
        .join(SupportRequest, col(SupportRequest.id) == col(SatisfactionRating.request_id))
        .group_by(SupportRequest.category_id, SupportRequest.topic_id)
    )
    if since is not None:
        statement = statement.where(SatisfactionRating.created_at >= since)
    if until is not None:
        statement = statement.where(SatisfactionRating.created_at < until)
    return {(c, t): (int(good or 0), int(n)) for c, t, good, n in session.exec(statement)}


def queue_satisfaction_mail(*, session: Session, reference: str, cfg: Settings) -> bool:
    """Queue the mail that asks, for a request just solved by the team (a new resolution),
    when ALMA_CSAT_MAIL is on and the team really replied; the caller commits."""
    row = session.exec(select(SupportRequest).where(SupportRequest.reference == reference)).first()
    if not cfg.csat_mail or row is None or row.is_spam or row.first_team_reply_at is None:
        return False
    session.add(OutboxMessage(request_id=key(row), kind=CSAT_MAIL_KIND, next_attempt_at=utc_now()))
    return True
