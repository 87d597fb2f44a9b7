"""The beacon of a page that went away before connecting: checked, then counted once."""

from __future__ import annotations

import asyncio
import json

import pytest

from alma_widget.web import client_address, flow_beacon
from alma_widget.web.flow_beacon import BEACON_PATH, MAX_BODY, flow_beacon_endpoint


@pytest.fixture
def counted(monkeypatch, configure) -> list[tuple[str, str, str]]:
    configure()  # the beacons' counters empty
    events: list[tuple[str, str, str]] = []
    monkeypatch.setattr(flow_beacon, "count", lambda *event: events.append(event))
    return events


def _post(
    body: bytes, method: str = "POST", client: str = "198.51.100.7", forwarded: str = ""
) -> int:
    sent: list[dict] = []
    chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)] or [b""]

    async def receive():
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # pragma: no cover - never reached for the beacon
        raise AssertionError("the beacon reached the app")

    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {
        "type": "http",
        "path": BEACON_PATH,
        "method": method,
        "client": (client, 50000),
        "headers": headers,
    }
    asyncio.run(flow_beacon_endpoint(app)(scope, receive, send))
    return sent[0]["status"]


def _snapshot(**values) -> bytes:
    snapshot = {"seq": 2, "actions": ["category", "topic"], "step": "help"}
    return json.dumps({**snapshot, **values}).encode()


def test_a_help_text_read_before_connecting_is_counted_once(counted):
    body = _snapshot(category_id="payment", topic_id="payment-refused")
    assert _post(body) == 204
    assert counted == [("payment-refused", "help_shown", "choice")]


def test_a_search_and_an_answer_count_as_the_socket_would(counted):
    body = _snapshot(
        actions=["search", "helped"], category_id="account", topic_id="complaint", helped="no"
    )
    assert _post(body) == 204
    assert counted == [
        ("complaint", "help_shown", "search"),
        ("complaint", "helped_no", "choice"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        _snapshot(category_id="payment", topic_id="payment-refused", email="a@b.fr"),
        _snapshot(actions=["delete"], category_id="payment", topic_id="payment-refused"),
    ],
)
def test_what_is_not_a_snapshot_is_refused_and_counts_nothing(counted, body):
    assert _post(body) == 400
    assert counted == []


def test_a_walk_the_flow_refuses_counts_nothing(counted):
    assert _post(_snapshot(step="sent", category_id="payment", topic_id="payment-refused")) == 204
    assert counted == []


def test_a_topic_of_another_category_counts_nothing(counted):
    assert _post(_snapshot(category_id="payment", topic_id="complaint")) == 204
    assert counted == []


def test_an_oversized_body_and_other_methods_are_refused(counted):
    assert _post(b"x" * (MAX_BODY + 1)) == 413
    assert _post(b"", method="GET") == 405
    assert counted == []


def test_a_flood_from_one_address_is_refused_and_counts_nothing(counted, configure):
    configure(ALMA_BEACON_LIMITS="3 per 10 minutes")
    for _ in range(3):
        assert _post(_snapshot(category_id="payment", topic_id="payment-refused")) == 204
    taken = len(counted)
    assert taken > 0
    assert _post(_snapshot(category_id="payment", topic_id="payment-refused")) == 429
    assert _post(b"not even a snapshot") == 429  # refused before it is read
    assert len(counted) == taken
    # Another customer, elsewhere, is counted as before.
    assert (
        _post(_snapshot(category_id="payment", topic_id="payment-refused"), client="203.0.113.9")
        == 204
    )


def test_a_flood_is_counted_by_the_address_the_proxies_name(counted, configure, monkeypatch):
    """Behind the declared proxy every beacon arrives from its address: the client's is the
    one the proxy wrote in X-Forwarded-For, never what the client wrote before it."""
    configure(ALMA_BEACON_LIMITS="2 per 10 minutes")
    monkeypatch.setattr(
        client_address, "get_config", lambda: type("C", (), {"trusted_proxy_hops": 1})
    )
    body = _snapshot(category_id="payment", topic_id="payment-refused")
    for forged in ("1.1.1.1", "2.2.2.2"):
        assert _post(body, client="10.0.0.2", forwarded=f"{forged}, 203.0.113.5") == 204
    assert _post(body, client="10.0.0.2", forwarded="3.3.3.3, 203.0.113.5") == 429
    assert _post(body, client="10.0.0.2", forwarded="203.0.113.6") == 204
