"""Ticket statuses and the team's replies from Zendesk's signed webhook, sent by the local
Zendesk as Zendesk sends them: valid, forged, stale, replayed, out of order (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from alma_widget.delivery import zendesk_webhook
from alma_widget.delivery.zendesk_webhook import WEBHOOK_PATH
from alma_widget.storage.tables import as_utc
from tests.support.metrics import counted
from tests.support.zendesk_tickets import ticket_for
from tests.unit.delivery.rows import request_row


def status_of(session_factory, row) -> str | None:
    return request_row(session_factory, row.id).helpdesk_status


def test_each_status_change_is_kept_and_a_replay_changes_nothing(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    assert status_of(session_factory, row) is None
    status, opened = zendesk.change_status(ticket, "open", webhook)
    assert status == 200 and status_of(session_factory, row) == "open"
    assert zendesk.change_status(ticket, "pending", webhook)[0] == 200
    assert status_of(session_factory, row) == "pending"
    # The same event delivered again (Zendesk retries): the later status stays.
    assert zendesk.post_event(webhook, opened) == 200
    assert status_of(session_factory, row) == "pending"


def test_events_out_of_order_leave_the_latest(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    now = datetime.now(UTC)
    zendesk.change_status(ticket, "solved", webhook, at=now)
    zendesk.change_status(ticket, "open", webhook, at=now - timedelta(minutes=3))  # late
    assert status_of(session_factory, row) == "solved"


@pytest.mark.parametrize(
    ("minutes_off", "signature"),
    [(0, "Zm9yZ2Vk"), (-6, None), (6, None), (None, None)],
    ids=["forged", "stale", "future", "not-a-time"],
)
def test_an_unsigned_or_stale_event_is_refused_and_changes_nothing(
    session_factory, zendesk, webhook, minutes_off, signature
):
    row, ticket = ticket_for(session_factory, zendesk)
    body = zendesk.status_event(ticket, "closed", datetime.now(UTC))
    # The clock is read now, when the event is sent (not when the tests were collected).
    timestamp = (
        "hier"
        if minutes_off is None
        else (datetime.now(UTC) + timedelta(minutes=minutes_off)).isoformat()
    )
    refused = f"refused_{'signature' if minutes_off == 0 else 'stale'}"
    before = counted("alma_zendesk_webhook_events_total", result=refused)
    assert zendesk.post_event(webhook, body, timestamp=timestamp, signature=signature) == 401
    assert status_of(session_factory, row) is None
    assert counted("alma_zendesk_webhook_events_total", result=refused) == before + 1


def test_a_signed_body_changed_on_the_way_is_refused(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    body = zendesk.status_event(ticket, "closed", datetime.now(UTC))
    timestamp = datetime.now(UTC).isoformat()
    good = zendesk_webhook.signature(zendesk.settings()["zendesk_webhook_secret"], timestamp, body)
    tampered = body.replace(b"CLOSED", b"SOLVED")
    assert zendesk.post_event(webhook, tampered, timestamp=timestamp, signature=good) == 401
    assert status_of(session_factory, row) is None


def test_what_is_not_a_status_event_is_answered_plainly(zendesk, webhook):
    assert zendesk.post_event(webhook, b"not json") == 400
    # An event of a kind this endpoint does not read (another subscription): nothing to do.
    assert zendesk.post_event(webhook, b'{"type": "x", "time": "2026-11-30T09:00:00Z"}') == 200
    assert zendesk.post_event(webhook, b'{"time": "2026-11-30T09:00:00Z"}') == 400
    broken = b'{"type": "zen:event-type:ticket.comment_added", "time": "2026-11-30T09:00:00Z"}'
    assert zendesk.post_event(webhook, broken) == 400
    unknown = (
        b'{"type": "zen:event-type:ticket.status_changed", "time": "2026-11-30T09:00:00Z",'
        b' "detail": {"id": "1", "external_id": "ALM-NOPE0000"}, "event": {"current": "OPEN"}}'
    )
    assert zendesk.post_event(webhook, unknown) == 200  # no such request: nothing to change
    assert httpx.get(webhook).status_code == 405
    assert zendesk.post_event(webhook, b"x" * (70 * 1024)) in (401, 413)


def test_without_a_secret_the_endpoint_is_off(zendesk, webhook, configure):
    configure(ALMA_ZENDESK_WEBHOOK_SECRET="")
    body = b'{"type": "zen:event-type:ticket.status_changed"}'
    assert zendesk.post_event(webhook, body) == 404


def _post(webhook: str, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(webhook, content=body, headers=headers, timeout=10)


def _signed(zendesk, body: bytes) -> dict[str, str]:
    timestamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    secret = zendesk.settings()["zendesk_webhook_secret"]
    return {
        "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
        "X-Zendesk-Webhook-Signature": zendesk_webhook.signature(secret, timestamp, body),
    }


def test_every_answer_says_what_happened_in_json_never_cached(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    body = zendesk.status_event(ticket, "open", datetime.now(UTC))
    applied = _post(webhook, body, **_signed(zendesk, body))
    assert (applied.status_code, applied.json()) == (200, {"status": "applied"})
    assert applied.headers["content-type"] == "application/json"
    assert applied.headers["cache-control"] == "no-store"
    again = _post(webhook, body, **_signed(zendesk, body))  # Zendesk's retry
    assert (again.status_code, again.json()) == (200, {"status": "ignored"})
    unsigned = _post(webhook, body)  # no signature headers at all
    assert (unsigned.status_code, unsigned.json()) == (401, {"error": "invalid signature"})
    assert httpx.get(webhook).json() == {"error": "method not allowed"}
    large = b"x" * (70 * 1024)
    too_large = _post(webhook, large, **_signed(zendesk, large))
    assert (too_large.status_code, too_large.json()) == (413, {"error": "too large"})
    assert status_of(session_factory, row) == "open"
    not_json = _post(webhook, b"not json", **_signed(zendesk, b"not json"))
    assert (not_json.status_code, not_json.json()) == (400, {"error": "invalid event"})
    # Another event about the same ticket, naming our reference: not a status to keep.
    other = json.loads(zendesk.status_event(ticket, "solved", datetime.now(UTC)))
    other["type"] = "zen:event-type:ticket.priority_changed"
    other = json.dumps(other).encode()
    skipped = _post(webhook, other, **_signed(zendesk, other))
    assert (skipped.status_code, skipped.json()) == (200, {"status": "ignored"})
    assert status_of(session_factory, row) == "open"
    # A ticket opened in Zendesk itself carries no reference of ours (external_id null).
    theirs = json.loads(zendesk.status_event(ticket, "solved", datetime.now(UTC)))
    theirs["detail"]["external_id"] = None
    theirs = json.dumps(theirs).encode()
    unknown = _post(webhook, theirs, **_signed(zendesk, theirs))
    assert (unknown.status_code, unknown.json()) == (200, {"status": "ignored"})
    assert status_of(session_factory, row) == "open"
    # Any other address goes on to the widget, with what was posted to it.
    assert httpx.get(webhook.replace(WEBHOOK_PATH, "/fr/")).text == "widget"
    passed_on = httpx.post(webhook.replace(WEBHOOK_PATH, "/fr/"), content=b"choix")
    assert passed_on.text == "widget choix"


def test_the_endpoint_off_says_not_found(zendesk, webhook, configure):
    configure(ALMA_ZENDESK_WEBHOOK_SECRET="")
    answer = _post(webhook, b"{}")
    assert (answer.status_code, answer.json()) == (404, {"error": "not found"})


def test_hostile_signature_headers_are_refused_not_a_crash(session_factory, zendesk, webhook):
    """Bytes a client may put in a header: answered 401, never a 500."""
    row, ticket = ticket_for(session_factory, zendesk)
    body = zendesk.status_event(ticket, "closed", datetime.now(UTC))
    signed = _signed(zendesk, body)
    timestamp = signed["X-Zendesk-Webhook-Signature-Timestamp"]
    hostile = [
        {**signed, "X-Zendesk-Webhook-Signature": "é" * 44},
        {**signed, "X-Zendesk-Webhook-Signature": "\xff\xfe"},
        {**signed, "X-Zendesk-Webhook-Signature-Timestamp": "2026-12-06Té"},
    ]
    for headers in hostile:
        encoded = [(k.encode(), v.encode("latin-1")) for k, v in headers.items()]
        response = httpx.post(webhook, content=body, headers=encoded, timeout=10)
        assert response.status_code == 401, headers
    # A time without a zone is no time at all, even rightly signed (not « now » somewhere).
    naive = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    secret = zendesk.settings()["zendesk_webhook_secret"]
    signature = zendesk_webhook.signature(secret, naive, body)
    assert zendesk.post_event(webhook, body, timestamp=naive, signature=signature) == 401
    assert timestamp and status_of(session_factory, row) is None


def replies_of(session_factory, row):
    found = request_row(session_factory, row.id)
    return found.first_team_reply_at, found.last_team_reply_at


def test_a_public_reply_of_the_team_is_kept_never_a_note_nor_the_customer_s(
    session_factory, zendesk, webhook
):
    row, ticket = ticket_for(session_factory, zendesk)
    assert zendesk.reply(ticket, "Note", webhook, public=False)[0] == 200
    assert zendesk.reply(ticket, "Le client écrit", webhook, agent=None)[0] == 200
    assert replies_of(session_factory, row) == (None, None)
    status, first = zendesk.reply(ticket, "Bonjour, voici la réponse.", webhook)
    assert status == 200
    at = datetime.fromisoformat(json.loads(first)["time"].replace("Z", "+00:00"))
    assert [as_utc(t) for t in replies_of(session_factory, row)] == [at, at]


def test_replies_out_of_order_or_twice_keep_the_first_and_the_last(
    session_factory, zendesk, webhook
):
    row, ticket = ticket_for(session_factory, zendesk)
    now = datetime.now(UTC).replace(microsecond=0)
    later = zendesk.add_comment(ticket, "Deuxième")
    later["created_at"] = now.isoformat()
    earlier = zendesk.add_comment(ticket, "Première")
    earlier["created_at"] = (now - timedelta(hours=2)).isoformat()
    for comment in (later, earlier, later):  # the earlier one arrives late, one twice
        assert zendesk.post_event(webhook, zendesk.comment_event(ticket, comment)) == 200
    first, last = replies_of(session_factory, row)
    assert (as_utc(first), as_utc(last)) == (now - timedelta(hours=2), now)
