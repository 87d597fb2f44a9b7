"""Reading what the widget stored, from the tests."""

from __future__ import annotations

import sqlmodel
from sqlmodel import select

from alma_widget.models import SupportRequest


def rows_with_email(database_url: str, address: str) -> list[SupportRequest]:
    """The stored requests sent with this email address."""
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        rows = list(session.exec(select(SupportRequest).where(SupportRequest.email == address)))
        session.expunge_all()
    engine.dispose()
    return rows
