"""« Mes demandes »: only the customer's own requests, newest first, statuses in their words."""

from datetime import timedelta

import pytest

from alma_widget.content.loading import catalog
from alma_widget.identity.my_requests import described, status_words, summary
from alma_widget.storage.queries import (
    request_of_customer,
    requests_of_customer,
    unread_replies_of_customer,
)
from alma_widget.storage.tables import SupportRequest, utc_now
from tests.unit.delivery.rows import store_one


@pytest.mark.parametrize(
    ("helpdesk", "ours", "words"),
    [
        ("new", "new", "Reçue"),
        ("open", "new", "En cours"),
        ("pending", "new", "En attente de votre réponse"),
        ("hold", "new", "En cours"),
        ("SOLVED".lower(), "new", "Résolue"),
        ("closed", "in_progress", "Close"),
        (None, "new", "Reçue"),
        (None, "in_progress", "En cours"),
        (None, "answered", "Résolue"),
        (None, "closed", "Close"),
    ],
)
def test_the_help_desk_status_first_then_the_back_offices(helpdesk, ours, words):
    row = SupportRequest(helpdesk_status=helpdesk, status=ours)
    assert status_words(row, catalog("fr")) == words


def test_statuses_are_said_in_the_customers_language():
    assert status_words(SupportRequest(helpdesk_status="pending"), catalog("en")) == (
        "Waiting for your reply"
    )


def _mark(session_factory, row_id: int, **values) -> None:
    with session_factory() as session:
        row = session.get(SupportRequest, row_id)
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.commit()


def test_a_customer_lists_only_their_own_newest_first(session_factory):
    first = store_one(session_factory, "k1", customer_id="cus_a")
    second = store_one(session_factory, "k2", customer_id="cus_a")
    store_one(session_factory, "k3", customer_id="cus_b")
    store_one(session_factory, "k4")  # anonymous, same address
    spam = store_one(session_factory, "k5", customer_id="cus_a")
    _mark(session_factory, first.id, created_at=utc_now() - timedelta(days=2))
    _mark(session_factory, spam.id, is_spam=True)
    with session_factory() as session:
        listed = [r.reference for r in requests_of_customer(session=session, customer_id="cus_a")]
        assert listed == [second.reference, first.reference]
        assert request_of_customer(session=session, customer_id="cus_a", reference=first.reference)
        # Another customer's reference, even known, opens nothing.
        assert (
            request_of_customer(session=session, customer_id="cus_b", reference=first.reference)
            is None
        )
        assert (
            request_of_customer(session=session, customer_id="cus_a", reference=spam.reference)
            is None
        )


def test_a_line_of_the_list(session_factory):
    row = store_one(session_factory, "k1", customer_id="cus_a")
    line = summary(row, catalog("fr"))
    assert line["reference"] == row.reference
    assert line["topic"] == "Je n'ai pas reçu ma commande"
    assert line["sent_on"] == "Envoyée le " + row.created_at.strftime("%d/%m/%Y")
    assert line["status"] == "Reçue"


def test_the_list_holds_the_newest_fifty(session_factory):
    rows = [store_one(session_factory, f"k{n}", customer_id="cus_a") for n in range(51)]
    for age, row in enumerate(reversed(rows)):  # the last stored is the newest
        _mark(session_factory, row.id, created_at=utc_now() - timedelta(minutes=age))
    with session_factory() as session:
        listed = [r.reference for r in requests_of_customer(session=session, customer_id="cus_a")]
    assert listed == [row.reference for row in reversed(rows)][:50]


def test_a_reply_is_new_until_the_customer_opens_the_request(session_factory):
    replied = store_one(session_factory, "r1", customer_id="cus_r")
    store_one(session_factory, "r2", customer_id="cus_r")  # no reply yet
    store_one(session_factory, "r3", customer_id="cus_other")
    _mark(session_factory, replied.id, last_team_reply_at=utc_now() - timedelta(minutes=5))
    with session_factory() as session:
        assert unread_replies_of_customer(session=session, customer_id="cus_r") == 1
        assert unread_replies_of_customer(session=session, customer_id="cus_other") == 0
        [_, row] = requests_of_customer(session=session, customer_id="cus_r")
        assert summary(row, catalog("fr"))["new_reply"] == "Nouvelle réponse"
        opened = described(session, row, catalog("fr"))
        assert opened["new_reply"] == ""
        assert unread_replies_of_customer(session=session, customer_id="cus_r") == 0
    # A later reply is new again.
    _mark(session_factory, replied.id, last_team_reply_at=utc_now() + timedelta(minutes=1))
    with session_factory() as session:
        assert unread_replies_of_customer(session=session, customer_id="cus_r") == 1
