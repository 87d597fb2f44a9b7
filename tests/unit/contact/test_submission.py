"""Storing one submission: the request and its deliveries once, however often it is sent,
counted against the rate limits and in the deflection figures only when it is new."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from alma_widget import metrics
from alma_widget.contact import submission
from alma_widget.customer_request.files import StoredFile
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.flow import counting
from alma_widget.storage.queries import PageContext
from alma_widget.storage.tables import Attachment, FlowEvent, OutboxMessage, SupportRequest
from tests.support.zendesk_tickets import UNREACHED_ZENDESK

REQUEST = ContactRequestIn(
    category_id="account",
    topic_id="customer-area-access",
    email="client@example.com",
    message="Je n'arrive plus à me connecter à mon espace client depuis hier soir.",
)
FILE = StoredFile(
    stored_name="0123abcd.pdf", original_name="facture.pdf", content_type="application/pdf", size=9
)


@pytest.fixture
def database(monkeypatch: pytest.MonkeyPatch, session_factory, configure):
    """The submission and its counts written to the test's database; mail and Zendesk on."""
    configure(
        ALMA_DELIVERY="smtp,zendesk",
        ALMA_SEND_ACKNOWLEDGEMENT="true",
        **UNREACHED_ZENDESK,
    )
    monkeypatch.setattr(submission, "open_session", session_factory)
    monkeypatch.setattr(counting, "open_session", session_factory)
    return session_factory


def _store(key: str = "key-1", *, refusal: str | None = None, is_spam: bool = False):
    """Store REQUEST under `key`; the rate limit answers `refusal` and records each call."""
    asked: list[bool] = []

    def rate_limit() -> str | None:
        asked.append(True)
        return refusal

    result = submission.store_request(
        REQUEST,
        key,
        is_spam=is_spam,
        locale="en",
        files=[FILE],
        context=PageContext(widget_context="checkout", merchant_id="m_1"),
        customer_id="cus_1",
        customer_email_verified=False,
        rate_limit=rate_limit,
    )
    return result, len(asked)


def _rows(database, table):
    counting.WRITER.executor.submit(lambda: None).result(timeout=10)  # counts written
    with database() as session:
        return session.exec(select(table).order_by(col(table.id))).all()


def _results(result: str) -> float:
    value = metrics.REGISTRY.get_sample_value("alma_requests_total", {"result": result})
    return value or 0.0


def test_a_new_request_is_stored_with_its_deliveries_and_counted(database):
    stored = _results("stored")
    (reference, refusal), asked = _store()
    assert refusal is None and asked == 1
    [row] = _rows(database, SupportRequest)
    assert (row.reference, row.email, row.locale, row.is_spam) == (
        reference,
        "client@example.com",
        "en",
        False,
    )
    assert (row.widget_context, row.merchant_id) == ("checkout", "m_1")
    assert (row.customer_id, row.customer_email_verified) == ("cus_1", False)
    assert [a.original_name for a in _rows(database, Attachment)] == ["facture.pdf"]
    # The channels ALMA_DELIVERY names, then the customer's acknowledgement.
    assert [m.kind for m in _rows(database, OutboxMessage)] == [
        "support",
        "zendesk",
        "acknowledgement",
    ]
    sent = [(e.topic_id, e.kind) for e in _rows(database, FlowEvent)]
    assert sent == [("customer-area-access", "request_sent")]
    assert _results("stored") == stored + 1


def test_without_acknowledgement_only_the_team_s_deliveries_are_queued(database, configure):
    configure(ALMA_DELIVERY="smtp", ALMA_SEND_ACKNOWLEDGEMENT="false")
    _store()
    assert [m.kind for m in _rows(database, OutboxMessage)] == ["support"]


def test_a_replay_returns_the_stored_reference_without_asking_the_limits(database):
    (reference, _), _ = _store()
    (again, refusal), asked = _store(refusal="rate_limited")
    assert (again, refusal, asked) == (reference, None, 0)
    assert len(_rows(database, SupportRequest)) == 1
    assert len(_rows(database, OutboxMessage)) == 3
    assert len(_rows(database, FlowEvent)) == 1


def test_a_refused_request_stores_nothing(database):
    refused = _results("rate_limited")
    result, asked = _store(refusal="rate_limited")
    assert (result, asked) == ((None, "rate_limited"), 1)
    assert _rows(database, SupportRequest) == []
    assert _rows(database, OutboxMessage) == []
    assert _rows(database, FlowEvent) == []
    assert _results("rate_limited") == refused + 1
    # The customer tries again later: stored then, under the same key.
    (reference, refusal), _ = _store()
    assert reference and refusal is None


def test_spam_is_held_without_a_count(database):
    spam, stored = _results("spam"), _results("stored")
    (reference, refusal), _ = _store(is_spam=True)
    assert reference and refusal is None
    [row] = _rows(database, SupportRequest)
    assert (row.is_spam, row.delivery_status) == (True, "held")
    assert _rows(database, FlowEvent) == []
    assert (_results("spam"), _results("stored")) == (spam + 1, stored)
