"""Requests stored and outbox rows read the way the delivery tests need them."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta

from sqlmodel import select

from alma_widget.customer_request.files import StoredFile
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import PageContext, create_request
from alma_widget.storage.tables import OutboxMessage, SupportRequest, utc_now

MESSAGE = "<b>Bonjour</b>\nSubject: piège\r\n\r\nMon colis n'est jamais arrivé."


def store_one(
    session_factory,
    key="k",
    acknowledge=False,
    locale="fr",
    *,
    delivery_kinds: Sequence[str] = ("support",),
    attachments: Sequence[StoredFile] = (),
    context: PageContext | None = None,
    order_reference: str | None = None,
    customer_id: str | None = None,
    customer_email_verified: bool = True,
) -> SupportRequest:
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "order",
            "topic_id": "order-not-received",
            "email": "client@exemple.fr",
            "phone": "+33612345678",
            "order_reference": order_reference,
            "message": MESSAGE,
        }
    )
    with session_factory() as session:
        row, _ = create_request(
            session=session,
            request_in=request_in,
            submission_key=key,
            acknowledge=acknowledge,
            locale=locale,
            delivery_kinds=delivery_kinds,
            attachments=attachments,
            context=context,
            customer_id=customer_id,
            customer_email_verified=customer_email_verified,
        )
        session.expunge(row)
        return row


def outbox(session_factory) -> list[OutboxMessage]:
    with session_factory() as session:
        rows = list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))
        session.expunge_all()
        return rows


def request_row(session_factory, request_id: int) -> SupportRequest:
    with session_factory() as session:
        row = session.get(SupportRequest, request_id)
        session.expunge(row)
        return row


def make_due(session_factory) -> None:
    """Skip the backoff wait, as time passing would."""
    with session_factory() as session:
        for row in session.exec(select(OutboxMessage)):
            row.next_attempt_at = utc_now() - timedelta(seconds=1)
            session.add(row)
        session.commit()


def two_workers(deliver_due, session_factory, cfg) -> None:
    """Two outbox workers started at the same instant on the same rows."""
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        deliver_due(session_factory, cfg)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
