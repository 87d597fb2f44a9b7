"""Storage on SQLite and PostgreSQL: rows, references, idempotency, the outbox in one go."""

import re
import threading

from sqlmodel import select

from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import (
    PageContext,
    create_request,
    new_reference,
    outbox_rows,
    record_flow_event,
)
from alma_widget.storage.tables import OutboxMessage, SupportRequest

REQUEST = ContactRequestIn.model_validate(
    {
        "category_id": "order",
        "topic_id": "order-not-compliant",
        "email": "Client@Exemple.fr",
        "phone": "0612345678",
        "order_reference": "CMD-1",
        "message": "Le colis est arrivé abîmé, le marchand ne répond pas.",
    }
)


def test_reference_is_short_unambiguous_and_random():
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    assert all(re.fullmatch(r"ALM-[0-9A-HJKMNP-TV-Z]{8}", r) for r in references)


def test_request_row_holds_every_field_and_its_context(session_factory):
    context = PageContext(
        widget_context="checkout",
        merchant_id="m_1",
        merchant_name="Boutique",
        page_url="https://boutique.example/panier",
    )
    with session_factory() as session:
        row, created = create_request(
            session=session, request_in=REQUEST, submission_key="k1", locale="fr", context=context
        )
    assert created
    with session_factory() as session:
        stored = session.exec(select(SupportRequest)).one()
        assert stored.reference == row.reference
        assert (stored.email, stored.phone) == ("Client@exemple.fr", "+33612345678")
        assert (stored.category_id, stored.topic_id) == ("order", "order-not-compliant")
        assert (stored.widget_context, stored.merchant_name) == ("checkout", "Boutique")
        assert stored.delivery_status == "pending" and stored.created_at is not None
        [mail] = outbox_rows(session=session, request_id=stored.id)
        assert (mail.kind, mail.status) == ("support", "pending")


def test_acknowledgement_is_queued_when_configured(session_factory):
    with session_factory() as session:
        row, _ = create_request(
            session=session, request_in=REQUEST, submission_key="k-ack", acknowledge=True
        )
        kinds = [m.kind for m in outbox_rows(session=session, request_id=row.id)]
    assert kinds == ["support", "acknowledgement"]


def test_same_submission_key_stores_one_request(session_factory):
    with session_factory() as session:
        first, created_first = create_request(
            session=session, request_in=REQUEST, submission_key="same"
        )
        again, created_again = create_request(
            session=session, request_in=REQUEST, submission_key="same"
        )
        assert (created_first, created_again) == (True, False)
        assert again.reference == first.reference
        assert len(session.exec(select(SupportRequest)).all()) == 1
        assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_concurrent_submits_of_one_key_store_one_request(session_factory):
    references: list[str] = []
    barrier = threading.Barrier(8)

    def submit():
        with session_factory() as session:
            barrier.wait()
            row, _ = create_request(session=session, request_in=REQUEST, submission_key="raced")
            references.append(row.reference)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(references) == 8 and len(set(references)) == 1
    with session_factory() as session:
        assert len(session.exec(select(SupportRequest)).all()) == 1
        assert len(session.exec(select(OutboxMessage)).all()) == 1


def test_honeypot_request_is_kept_flagged_and_not_queued(session_factory):
    with session_factory() as session:
        row, _ = create_request(
            session=session, request_in=REQUEST, submission_key="bot", is_spam=True
        )
        assert row.is_spam and row.delivery_status == "held"
        assert outbox_rows(session=session, request_id=row.id) == []


def test_flow_events_are_recorded(session_factory):
    from alma_widget.storage.tables import FlowEvent

    with session_factory() as session:
        record_flow_event(session=session, topic_id="refund", kind="helped_yes")
    with session_factory() as session:
        [row] = session.exec(select(FlowEvent)).all()
        assert (row.topic_id, row.kind) == ("refund", "helped_yes")


def test_unknown_flow_event_is_refused(session_factory):
    import pytest

    with session_factory() as session, pytest.raises(ValueError):
        record_flow_event(session=session, topic_id="refund", kind="clicked")
