"""Reading what the widget stored, from the tests."""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from sqlmodel import select

from alma_widget.storage.tables import SupportRequest, utc_now
from harness.waiting import settled_value


def rows_with_email(database_url: str, address: str) -> list[SupportRequest]:
    """The stored requests sent with this email address."""
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        rows = list(session.exec(select(SupportRequest).where(SupportRequest.email == address)))
        session.expunge_all()
    engine.dispose()
    return rows


def rows_once_settled(database_url: str, address: str) -> list[SupportRequest]:
    """The stored requests of this address once their number has settled (at least one): a
    second row arriving late is counted too."""
    count = settled_value(lambda: len(rows_with_email(database_url, address)))
    rows = rows_with_email(database_url, address)
    assert len(rows) == count
    return rows


def _rows(database_url: str, sql: str, **params) -> list[tuple]:
    """The rows of one read-only query."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(sa.text(sql), params)]
    engine.dispose()
    return rows


def flow_counts(database_url: str, topic_id: str) -> dict[str, int]:
    """The deflection events counted for a topic, by kind."""
    sql = "SELECT kind, count(*) FROM flow_event WHERE topic_id = :t GROUP BY kind"
    return dict(_rows(database_url, sql, t=topic_id))


def pending_deliveries(database_url: str, kind: str) -> int:
    """Outbox rows of this kind not delivered yet."""
    sql = "SELECT count(*) FROM outbox_message WHERE kind = :k AND status = 'pending'"
    return _rows(database_url, sql, k=kind)[0][0]


def help_sources(database_url: str, topic_id: str) -> dict[str, int]:
    """Help shown on a topic, counted by how the customer reached it."""
    sql = (
        "SELECT source, count(*) FROM flow_event WHERE topic_id = :t "
        "AND kind = 'help_shown' GROUP BY source"
    )
    return dict(_rows(database_url, sql, t=topic_id))


def search_misses(database_url: str) -> list[str]:
    """What was kept of the searches that found nothing."""
    return [row[0] for row in _rows(database_url, "SELECT query FROM search_miss ORDER BY id")]


def hurry_deliveries(database_url: str, kind: str) -> None:
    """Make this kind's waiting rows due now (a test does not wait out the backoff)."""
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE outbox_message SET next_attempt_at = :now "
                "WHERE kind = :k AND status = 'pending'"
            ),
            {"now": utc_now(), "k": kind},
        )
    engine.dispose()
