"""GET /health on the running stack, as a load balancer asks it: the real database check,
and Redis on the production stack (down, then back)."""

from __future__ import annotations

import httpx
import pytest

from harness.waiting import wait_until
from tests.e2e.conftest import PRODUCTION


def health(url: str) -> tuple[int, dict]:
    response = httpx.get(f"{url}/health", timeout=10)
    assert response.headers["cache-control"] == "no-store"
    return response.status_code, response.json()


def test_health_answers_with_each_dependency(widget_app):
    status, body = health(widget_app.url)
    assert status == 200
    assert body == {
        "status": "ok",
        "database": "ok",
        "redis": "ok" if PRODUCTION else "not used",
        "attachments": "ok",
    }


@pytest.mark.skipif(not PRODUCTION, reason="production stack pass only")
def test_health_says_redis_is_down_then_recovers(widget_app, redis_server):
    redis_server.stop()
    try:
        status, body = health(widget_app.url)
        assert status == 503
        assert (body["status"], body["database"], body["redis"]) == ("down", "ok", "down")
    finally:
        redis_server.start()
    wait_until(lambda: health(widget_app.url)[0] == 200, timeout=30)
