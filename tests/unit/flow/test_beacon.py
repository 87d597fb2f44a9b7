"""The beacon of a page that went away before connecting: checked, then counted once."""

from __future__ import annotations

import asyncio
import json

import pytest

from alma_widget.flow import beacon as flow_beacon
from alma_widget.flow.beacon import BEACON_PATH, MAX_BODY, flow_beacon_endpoint


@pytest.fixture
def counted(monkeypatch) -> list[tuple[str, str, str]]:
    events: list[tuple[str, str, str]] = []
    monkeypatch.setattr(flow_beacon, "count", lambda *event: events.append(event))
    return events


def _post(body: bytes, method: str = "POST") -> int:
    sent: list[dict] = []
    chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)] or [b""]

    async def receive():
        chunk = chunks.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # pragma: no cover - never reached for the beacon
        raise AssertionError("the beacon reached the app")

    scope = {"type": "http", "path": BEACON_PATH, "method": method}
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
