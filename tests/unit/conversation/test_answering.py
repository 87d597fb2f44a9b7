"""« Répondre »: only the request the server knows is the customer's; stored once however
often « Envoyer » arrives; a closed request becomes a follow-up; the rate limit counts new
answers only; mail-only set-ups take no answer."""

from __future__ import annotations

import pytest
from sqlmodel import select

from alma_widget.conversation.answering import (
    NotAnswerable,
    RateLimited,
    store_answer,
)
from alma_widget.storage.replies import replies_of
from alma_widget.storage.tables import OutboxMessage, SupportRequest
from tests.support.zendesk_tickets import UNREACHED_ZENDESK
from tests.unit.delivery.rows import store_one


@pytest.fixture
def zendesk_set_up(configure):
    configure(
        ALMA_DELIVERY="zendesk",
        **UNREACHED_ZENDESK,
    )


def _answer(session_factory, row, customer_id="cus_1", key="a1", **extra):
    with session_factory() as session:
        return store_answer(
            session=session,
            reference=row.reference,
            customer_id=customer_id,
            message="Voici la photo.",
            submission_key=key,
            **extra,
        )


def _set_status(session_factory, row, status):
    with session_factory() as session:
        stored = session.get(SupportRequest, row.id)
        stored.helpdesk_status, stored.zendesk_ticket_id = status, 4242
        session.add(stored)
        session.commit()


def test_another_customer_s_request_takes_no_answer(session_factory, zendesk_set_up):
    row = store_one(session_factory, customer_id="cus_1")
    with pytest.raises(NotAnswerable):
        _answer(session_factory, row, customer_id="cus_2")
    with session_factory() as session:
        assert replies_of(session=session, request_id=row.id) == []


def test_stored_once_and_counted_once(session_factory, zendesk_set_up):
    row = store_one(session_factory, customer_id="cus_1")
    counted = []

    def rate_limit():
        counted.append(1)
        return None

    assert _answer(session_factory, row, rate_limit=rate_limit).created
    assert not _answer(session_factory, row, rate_limit=rate_limit).created  # a replay
    with session_factory() as session:
        assert len(replies_of(session=session, request_id=row.id)) == 1
        kinds = session.exec(select(OutboxMessage.kind)).all()
    assert kinds.count("zendesk_reply") == 1
    assert counted == [1]


def test_too_many_messages_store_nothing(session_factory, zendesk_set_up):
    row = store_one(session_factory, customer_id="cus_1")
    with pytest.raises(RateLimited):
        _answer(session_factory, row, rate_limit=lambda: "too_many_requests")
    with session_factory() as session:
        assert replies_of(session=session, request_id=row.id) == []


def test_a_closed_request_becomes_a_follow_up(session_factory, zendesk_set_up):
    row = store_one(session_factory, customer_id="cus_1")
    _set_status(session_factory, row, "closed")
    answered = _answer(session_factory, row)
    assert answered.follow_up.startswith("ALM-") and answered.follow_up != row.reference
    with session_factory() as session:
        follow_up = session.exec(
            select(SupportRequest).where(SupportRequest.reference == answered.follow_up)
        ).one()
        assert follow_up.follows_up_id == row.id
        assert follow_up.message == "Voici la photo."
        assert (follow_up.customer_id, follow_up.topic_id) == ("cus_1", row.topic_id)
        assert replies_of(session=session, request_id=row.id) == []
    # A replay gives the same follow-up, never a second one.
    assert _answer(session_factory, row).follow_up == answered.follow_up


def test_a_tracked_request_is_answered_by_its_reference(session_factory, zendesk_set_up):
    row = store_one(session_factory)
    assert _answer(session_factory, row, customer_id=None).created


def test_mail_only_set_ups_take_no_answer(session_factory, configure):
    configure(ALMA_DELIVERY="smtp")
    row = store_one(session_factory, customer_id="cus_1")
    with pytest.raises(NotAnswerable):
        _answer(session_factory, row)
