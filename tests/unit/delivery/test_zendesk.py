"""Zendesk tickets through the outbox, against a local server that keeps Zendesk's contract
(harness/zendesk.py): every field, 429, 5xx, a timeout after the write, refusals, attachments,
an hour-long outage, two workers."""

from __future__ import annotations

import base64
import logging
from datetime import UTC

import pytest
import stamina

from alma_widget.contact.attachments import save
from alma_widget.delivery.outbox import deliver_due
from alma_widget.delivery.zendesk_ticket import comment_body, requester
from alma_widget.settings import Settings
from alma_widget.storage.queries import PageContext
from alma_widget.storage.tables import SupportRequest, utc_now
from harness.zendesk import EMAIL, TOKEN, Fault, LocalZendesk
from tests.unit.delivery.rows import MESSAGE, make_due, outbox, request_row, store_one, two_workers

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(64)
CREATE = "POST /api/v2/tickets.json"


def wait_left(row) -> float:
    """Seconds until the row is due (SQLite gives back naive UTC datetimes)."""
    due = row.next_attempt_at
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    return (due - utc_now()).total_seconds()


def zendesk_settings(server: LocalZendesk, **extra) -> Settings:
    return Settings(**{**server.settings(), **extra})


def store_for_zendesk(session_factory, key="k", **extra):
    return store_one(session_factory, key, delivery_kinds=("zendesk",), **extra)


def test_a_ticket_with_every_field(session_factory, zendesk, tmp_path):
    upload_dir = tmp_path / "uploads"
    photo = save("colis abimé.png", PNG, upload_dir)
    row = store_for_zendesk(
        session_factory,
        attachments=[photo],
        order_reference="CMD-118",
        context=PageContext(
            merchant_id="m_42", merchant_name="Maison Test", page_url="https://shop.test/panier"
        ),
    )
    cfg = zendesk_settings(zendesk, upload_dir=str(upload_dir))
    assert deliver_due(session_factory, cfg) == 1
    [ticket] = zendesk.tickets
    assert ticket["subject"] == f"[{row.reference}] Je n'ai pas reçu ma commande"
    assert ticket["requester"] == {"name": "client", "email": "client@exemple.fr"}
    assert ticket["external_id"] == row.reference
    assert ticket["tags"] == ["alma_widget", "order", "order-not-received", "fr"]
    assert ticket["ticket_form_id"] == 9480301136156
    assert ticket["custom_fields"] == [
        {"id": 101, "value": "order"},
        {"id": 102, "value": "order-not-received"},
        {"id": 103, "value": "CMD-118"},
        {"id": 104, "value": "Maison Test (m_42)"},
    ]
    body = ticket["comment"]["body"]
    assert body.startswith(MESSAGE.replace("\r\n", "\n").strip())
    for line in (
        "Référence de commande : CMD-118",
        "Marchand : Maison Test (m_42)",
        "Page : https://shop.test/panier",
    ):
        assert line in body
    [attachment] = ticket["attachments"]
    assert attachment["file_name"] == "colis abimé.png"
    assert attachment["content_type"] == "image/png"
    assert [zendesk.files[token] for token in ticket["comment"]["uploads"]] == [PNG]
    assert request_row(session_factory, row.id).zendesk_ticket_id == ticket["id"]
    assert request_row(session_factory, row.id).delivery_status == "sent"
    assert deliver_due(session_factory, cfg) == 0 and len(zendesk.tickets) == 1


def test_429_waits_what_retry_after_says_then_creates_once(session_factory, zendesk):
    store_for_zendesk(session_factory)
    zendesk.fail_next(
        CREATE, Fault(429, headers={"Retry-After": "1"}, body={"error": "TooManyRequests"})
    )
    assert deliver_due(session_factory, zendesk_settings(zendesk)) == 1
    first, second = [r.at for r in zendesk.requests if r.route == CREATE]
    assert second - first >= 1.0
    assert len(zendesk.tickets) == 1


def test_a_long_retry_after_goes_back_to_the_outbox(session_factory, zendesk):
    store_for_zendesk(session_factory)
    zendesk.fail_next(CREATE, Fault(429, headers={"Retry-After": "600"}))
    assert deliver_due(session_factory, zendesk_settings(zendesk)) == 0
    [row] = outbox(session_factory)
    assert (row.status, row.last_error) == ("pending", "HTTP 429, retry after 600 s")
    assert wait_left(row) >= 590
    assert zendesk.tickets == []


def test_500_then_201_creates_once(session_factory, zendesk):
    row = store_for_zendesk(session_factory)
    zendesk.fail_next(CREATE, Fault(500), Fault(503))
    assert deliver_due(session_factory, zendesk_settings(zendesk)) == 1
    assert len(zendesk.tickets) == 1
    # What makes a retry safe is what the widget sends: every attempt carries the same
    # Idempotency-Key, derived from the request's reference, and the API token.
    creates = [r.headers for r in zendesk.requests if r.route == CREATE]
    assert len(creates) == 3
    assert {h.get("idempotency-key") for h in creates} == {f"alma-widget-{row.reference}"}
    token = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
    assert all(h["authorization"] == f"Basic {token}" for h in creates)
    assert all(h["content-type"].startswith("application/json") for h in creates)


def test_created_but_the_answer_times_out_still_one_ticket(session_factory, zendesk):
    row = store_for_zendesk(session_factory)
    zendesk.fail_next(CREATE, Fault(hold=3))
    assert deliver_due(session_factory, zendesk_settings(zendesk, zendesk_timeout_seconds=1)) == 1
    assert len(zendesk.tickets) == 1
    # The second time, it looked the ticket up by its reference and found it: no second
    # create (the Idempotency-Key is the other guard, tested above).
    routes = [r.route for r in zendesk.requests]
    assert "GET /api/v2/tickets.json" in routes and routes.count(CREATE) == 1
    assert request_row(session_factory, row.id).zendesk_ticket_id == zendesk.tickets[0]["id"]


def test_422_is_failed_for_good_and_logged_without_personal_data(session_factory, zendesk, caplog):
    row = store_for_zendesk(session_factory)
    zendesk.fail_next(
        CREATE,
        Fault(
            422,
            body={
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": {"requester": [{"description": "client@exemple.fr is invalid"}]},
            },
        ),
    )
    with caplog.at_level(logging.INFO):
        assert deliver_due(session_factory, zendesk_settings(zendesk)) == 0
    [failed] = outbox(session_factory)
    assert (failed.status, failed.last_error) == ("failed", "HTTP 422 RecordInvalid")
    assert request_row(session_factory, row.id).delivery_status == "failed"
    assert [r.route for r in zendesk.requests].count(CREATE) == 1  # no retry
    assert "client@exemple.fr" not in caplog.text and row.reference in caplog.text


def test_a_wrong_token_is_refused_not_retried(session_factory, zendesk):
    store_for_zendesk(session_factory)
    cfg = zendesk_settings(zendesk, zendesk_api_token="not-the-token")
    assert deliver_due(session_factory, cfg) == 0
    [failed] = outbox(session_factory)
    assert (failed.status, failed.last_error) == ("failed", "HTTP 401 Couldn't authenticate you")


def test_an_hour_down_then_back_every_request_arrives_once(session_factory, zendesk):
    references = [store_for_zendesk(session_factory, key=f"k{i}").reference for i in range(3)]
    cfg = zendesk_settings(zendesk)
    zendesk.stop()
    waited = 0.0
    with stamina.set_testing(True, attempts=2):  # no real sleeping inside each pass
        while waited < 3600:  # the outbox's own backoff, as an hour of passes would see it
            assert deliver_due(session_factory, cfg) == 0
            rows = outbox(session_factory)
            assert {r.status for r in rows} == {"pending"}
            waited += min(wait_left(r) for r in rows)
            make_due(session_factory)
        zendesk.start()
        assert deliver_due(session_factory, cfg) == 3
    assert sorted(t["external_id"] for t in zendesk.tickets) == sorted(references)
    assert all(r.status == "sent" and r.attempts >= 6 for r in outbox(session_factory))


def test_two_workers_one_ticket_each(session_factory, zendesk):
    for index in range(8):
        store_for_zendesk(session_factory, key=f"k{index}")
    cfg = zendesk_settings(zendesk)
    two_workers(deliver_due, session_factory, cfg)
    external_ids = [t["external_id"] for t in zendesk.tickets]
    assert len(external_ids) == 8 and len(set(external_ids)) == 8


def test_mail_and_ticket_both_needed_before_sent(session_factory, zendesk):
    row = store_one(session_factory, delivery_kinds=("support", "zendesk"))
    # No SMTP server set: the mail waits, the ticket goes.
    assert deliver_due(session_factory, zendesk_settings(zendesk, delivery="smtp,zendesk")) == 1
    assert len(zendesk.tickets) == 1
    assert {r.kind: r.status for r in outbox(session_factory)} == {
        "support": "pending",
        "zendesk": "sent",
    }
    assert request_row(session_factory, row.id).delivery_status == "pending"


def test_the_replay_of_a_create_returns_the_first_ticket(zendesk):
    """The local server keeps Zendesk's Idempotency-Key contract (what the channel relies on)."""
    import httpx

    payload = {"ticket": {"comment": {"body": "x"}, "requester": {"name": "a", "email": "a@b.fr"}}}
    auth = (f"{zendesk.settings()['zendesk_email']}/token", zendesk.settings()["zendesk_api_token"])
    headers = {"Idempotency-Key": "alma-widget-ALM-TEST"}
    url = zendesk.url + "/api/v2/tickets.json"
    first = httpx.post(url, json=payload, headers=headers, auth=auth)
    again = httpx.post(url, json=payload, headers=headers, auth=auth)
    assert again.json()["ticket"]["id"] == first.json()["ticket"]["id"]
    assert again.headers["x-idempotency-lookup"] == "hit"
    other = httpx.post(url, json={**payload, "x": 1}, headers=headers, auth=auth)
    assert (other.status_code, other.json()["error"]) == (400, "IdempotentRequestError")
    assert len(zendesk.tickets) == 1


USERS = "POST /api/v2/users/create_or_update.json"


def test_a_signed_in_customers_tickets_meet_under_their_alma_id(session_factory, zendesk):
    store_for_zendesk(session_factory, "k1", customer_id="cus_marie_0001")
    store_for_zendesk(session_factory, "k2", customer_id="cus_marie_0001")
    store_for_zendesk(session_factory, "k3")  # an anonymous customer
    assert deliver_due(session_factory, zendesk_settings(zendesk)) == 3
    [user] = zendesk.users
    assert user["external_id"] == "cus_marie_0001"
    assert user["email"] == "client@exemple.fr"
    first, second, anonymous = zendesk.tickets
    assert first["requester_id"] == second["requester_id"] == user["id"]
    assert "requester" not in first
    assert anonymous["requester"] == {"name": "client", "email": "client@exemple.fr"}
    assert "requester_id" not in anonymous
    assert [r.route for r in zendesk.requests].count(USERS) == 2


def test_an_unverified_address_never_ties_the_ticket_to_that_address_s_user(
    session_factory, zendesk
):
    """Someone signed up at Alma with another person's address, not verified: Zendesk's user
    is found by the Alma id only, never by that address (create_or_update matches both)."""
    zendesk.users.append(
        {"id": 900, "name": "client", "email": "client@exemple.fr", "external_id": "cus_vrai"}
    )
    store_for_zendesk(session_factory, customer_id="cus_usurpe", customer_email_verified=False)
    assert deliver_due(session_factory, zendesk_settings(zendesk)) == 1
    [ticket] = zendesk.tickets
    assert ticket["requester_id"] != 900
    [made] = [u for u in zendesk.users if u["id"] == ticket["requester_id"]]
    assert made["external_id"] == "cus_usurpe" and made["email"] is None
    assert zendesk.users[0] == {
        "id": 900,
        "name": "client",
        "email": "client@exemple.fr",
        "external_id": "cus_vrai",
    }


def test_a_failed_user_lookup_is_retried_then_the_ticket_made_once(session_factory, zendesk):
    store_for_zendesk(session_factory, customer_id="cus_marie_0001")
    zendesk.fail_next(USERS, Fault(503, body={"error": "Unavailable"}))
    assert deliver_due(session_factory, zendesk_settings(zendesk)) == 1
    [ticket] = zendesk.tickets
    assert ticket["requester_id"] == zendesk.users[0]["id"]


@pytest.mark.parametrize(
    ("merchant_name", "merchant_id", "shown"),
    [
        ("Boutique Exemple", "m-42", "Boutique Exemple (m-42)"),
        ("Boutique Exemple", None, "Boutique Exemple"),
        (None, "m-42", "m-42"),
        (None, None, "-"),
    ],
)
def test_the_agent_reads_the_message_then_every_detail(merchant_name, merchant_id, shown):
    request = SupportRequest(
        reference="ALM-ABCDEFGH",
        email="client@exemple.fr",
        message="Mon colis n'est jamais arrivé.",
        category_id="order",
        topic_id="order-not-received",
        submission_key="k",
        merchant_name=merchant_name,
        merchant_id=merchant_id,
    )
    assert comment_body(request) == (
        "Mon colis n'est jamais arrivé.\n\n---\n"
        "Référence de commande : -\nTéléphone : -\n"
        f"Marchand : {shown}\nPage : -\nDemande : ALM-ABCDEFGH"
    )
    # Zendesk needs a name for a new requester: the address's local part, dots kept.
    assert requester(request) == {"name": "client", "email": "client@exemple.fr"}
