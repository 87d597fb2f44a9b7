"""Reads and writes of the back office; the handlers hold no SQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from alma_widget.storage.tables import SupportRequest, utc_now

# The support team's handling of a request, as they say it.
STATUS_LABELS = {
    "new": "Nouvelle",
    "in_progress": "En cours",
    "answered": "Répondue",
    "closed": "Close",
}
STATUSES = tuple(STATUS_LABELS)
# Where the request stands on its way to the support team (alma_widget/delivery/).
DELIVERY_LABELS = {
    "pending": "En attente",
    "sent": "Remise",
    "failed": "Échec",
    "held": "Retenue (robot)",
}
# The ticket's status as Zendesk's webhook reports it (alma_widget/delivery/zendesk_webhook.py).
HELPDESK_LABELS = {
    "new": "Nouveau",
    "open": "Ouvert",
    "pending": "En attente du client",
    "hold": "En pause",
    "solved": "Résolu",
    "closed": "Clos",
}
PER_PAGE = 20


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the support team narrowed the list to ("" means any)."""

    status: str = ""
    category_id: str = ""
    topic_id: str = ""
    merchant: str = ""
    since: str = ""  # YYYY-MM-DD
    until: str = ""  # YYYY-MM-DD, inclusive
    search: str = ""  # reference or email
    delivery: str = ""  # a DELIVERY_LABELS key


def parse_day(text: str) -> datetime | None:
    """Midnight of a YYYY-MM-DD date, or None for anything else."""
    try:
        return datetime.combine(date.fromisoformat(text), time.min)
    except ValueError:
        return None


def _filtered(filters: Filters):
    statement = select(SupportRequest)
    if filters.status in STATUSES:
        statement = statement.where(SupportRequest.status == filters.status)
    if filters.delivery in DELIVERY_LABELS:
        statement = statement.where(SupportRequest.delivery_status == filters.delivery)
    if filters.category_id:
        statement = statement.where(SupportRequest.category_id == filters.category_id)
    if filters.topic_id:
        statement = statement.where(SupportRequest.topic_id == filters.topic_id)
    if filters.merchant:
        pattern = f"%{filters.merchant.lower()}%"
        statement = statement.where(
            sa.or_(
                sa.func.lower(SupportRequest.merchant_id).like(pattern),
                sa.func.lower(SupportRequest.merchant_name).like(pattern),
            )
        )
    if since := parse_day(filters.since):
        statement = statement.where(col(SupportRequest.created_at) >= since)
    if until := parse_day(filters.until):
        statement = statement.where(col(SupportRequest.created_at) < until + timedelta(days=1))
    if filters.search.strip():
        needle = filters.search.strip().lower()
        statement = statement.where(
            sa.or_(
                sa.func.lower(SupportRequest.reference) == needle,
                sa.func.lower(SupportRequest.email).like(f"%{needle}%"),
            )
        )
    return statement


def list_requests(
    *, session: Session, filters: Filters, page: int = 1, per_page: int = PER_PAGE
) -> tuple[list[SupportRequest], int]:
    """One page of matching requests, newest first, and how many match in all."""
    statement = _filtered(filters)
    total = session.exec(select(sa.func.count()).select_from(statement.subquery())).one()
    rows = session.exec(
        statement.order_by(col(SupportRequest.created_at).desc(), col(SupportRequest.id).desc())
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def all_matching(*, session: Session, filters: Filters) -> list[SupportRequest]:
    """Every matching request, newest first."""
    return list(session.exec(_filtered(filters).order_by(col(SupportRequest.created_at).desc())))


def matching_in_batches(
    *, session: Session, filters: Filters, size: int
) -> Iterator[list[SupportRequest]]:
    """Every matching request, newest first, `size` at a time: the CSV export holds one batch
    in memory, never the whole table (a server-side cursor on PostgreSQL)."""
    statement = _filtered(filters).order_by(
        col(SupportRequest.created_at).desc(), col(SupportRequest.id).desc()
    )
    result = session.exec(statement.execution_options(yield_per=size))
    for batch in result.partitions(size):
        yield list(batch)


def get_by_reference(*, session: Session, reference: str) -> SupportRequest | None:
    """A request by its public reference."""
    return session.exec(select(SupportRequest).where(SupportRequest.reference == reference)).first()


def set_status(*, session: Session, reference: str, status: str, by: str) -> bool:
    """Change a request's handling status, recording who and when."""
    row = get_by_reference(session=session, reference=reference)
    if row is None or status not in STATUSES:
        return False
    row.status, row.status_changed_by, row.status_changed_at = status, by, utc_now()
    session.add(row)
    session.commit()
    return True
