"""The beacon of a page that went away before connecting: checked, then counted once."""

from __future__ import annotations

import json

import httpx
import pytest

from alma_widget.web import client_address, flow_beacon
from alma_widget.web.flow_beacon import BEACON_PATH, MAX_BODY, flow_beacon_endpoint
from tests.support import asgi


@pytest.fixture
def counted(monkeypatch, configure) -> list[tuple[str, str, str]]:
    configure()  # the beacons' counters empty
    events: list[tuple[str, str, str]] = []
    monkeypatch.setattr(flow_beacon, "count", lambda *event: events.append(event))
    return events


def _post(
    body: bytes, method: str = "POST", client: str = "198.51.100.7", forwarded: str = ""
) -> int:
    return _answer(body, method, client, forwarded).status_code


def _answer(
    body: bytes, method: str = "POST", client: str = "198.51.100.7", forwarded: str = ""
) -> httpx.Response:
    async def app(scope, receive, send):  # pragma: no cover - never reached for the beacon
        raise AssertionError("the beacon reached the app")

    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    url = f"http://widget.test{BEACON_PATH}"
    return asgi.request(
        flow_beacon_endpoint(app), method, url, body=body, headers=headers, client=client
    )


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


def test_the_answers_are_empty_and_never_cached_and_refusals_are_logged(counted, caplog):
    counted_answer = _answer(_snapshot(category_id="payment", topic_id="payment-refused"))
    refused = _answer(b"not json")
    for answer in (counted_answer, refused):
        assert answer.headers["cache-control"] == "no-store" and answer.content == b""
        assert answer.headers["content-length"] == "0"
    assert caplog.messages == ["flow beacon refused (400)"]


def test_every_other_address_goes_on_to_the_app():
    async def app(scope, receive, send):
        body = (await receive())["body"]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode() + body})

    for path in ("/api/other", "/fr/", f"{BEACON_PATH}/more"):
        answer = asgi.request(flow_beacon_endpoint(app), "POST", f"http://w.test{path}", body=b"!")
        assert (answer.status_code, answer.content) == (200, path.encode() + b"!")
