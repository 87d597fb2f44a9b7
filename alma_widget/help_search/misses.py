"""Searches that found nothing, for the content team: counted without anything personal.

A customer types what they type: an email, a phone or card number, an order number. Those
are replaced by a placeholder before anything is stored; what is left is cut to 100
characters, kept 90 days, and never written to the server's log.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from alma_widget.redaction import PLACEHOLDERS, redact_text
from alma_widget.storage.tables import SearchMiss, rows_changed, utc_now

KEEP_DAYS = 90
MAX_QUERY = 100


def scrub(query: str) -> str | None:
    """The query without personal data, folded to one line; None when nothing is left."""
    text = redact_text(" ".join(query.split())[:500])
    text = text.strip().lower()[:MAX_QUERY]
    meaningful = PLACEHOLDERS.sub("", text)
    return text if re.search(r"\w{2}", meaningful) else None


def record_miss(*, session: Session, query: str, now: datetime | None = None) -> bool:
    """Store a scrubbed miss; False when nothing was worth keeping."""
    text = scrub(query)
    if text is None:
        return False
    session.add(SearchMiss(created_at=now or utc_now(), query=text))
    session.commit()
    return True


def top_misses(*, session: Session, limit: int = 30) -> list[tuple[str, int]]:
    """The most frequent unanswered queries of the last 90 days, with their counts."""
    since = utc_now() - timedelta(days=KEEP_DAYS)
    statement = (
        select(SearchMiss.query, sa.func.count())
        .where(col(SearchMiss.created_at) >= since)
        .group_by(SearchMiss.query)
        .order_by(sa.func.count().desc(), SearchMiss.query)
        .limit(limit)
    )
    return [(query, number) for query, number in session.exec(statement)]


def purge_misses(*, session: Session, now: datetime | None = None) -> int:
    """Remove misses older than 90 days; how many."""
    cutoff = (now or utc_now()) - timedelta(days=KEEP_DAYS)
    result = session.execute(sa.delete(SearchMiss).where(col(SearchMiss.created_at) < cutoff))
    session.commit()
    return rows_changed(result)
