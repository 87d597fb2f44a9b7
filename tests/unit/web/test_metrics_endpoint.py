"""GET /metrics: only for the bearer of ALMA_METRICS_TOKEN; the outbox's backlog read from the
database at each scrape (pending and failed rows by kind, the oldest pending row's age)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from alma_widget.storage.tables import OutboxMessage, utc_now
from alma_widget.web.metrics_endpoint import metrics_endpoint
from tests.support.metrics import samples, value
from tests.unit.delivery.rows import store_one

TOKEN = "jeton-de-test-des-metriques"


def client(session_factory=None) -> TestClient:
    app = Starlette(routes=[Route("/", lambda request: PlainTextResponse("widget"))])
    if session_factory is None:
        return TestClient(metrics_endpoint(app))
    return TestClient(metrics_endpoint(app, session_factory=session_factory))


def test_without_a_token_there_is_no_such_address(configure, monkeypatch):
    monkeypatch.delenv("ALMA_METRICS_TOKEN", raising=False)
    configure()
    assert client().get("/metrics").status_code == 404
    assert client().get("/").text == "widget"


def test_a_missing_or_wrong_token_is_refused(configure):
    configure(ALMA_METRICS_TOKEN=TOKEN)
    for headers in ({}, {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN}x"}):
        answer = client().get("/metrics", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert "alma_" not in answer.text


def test_the_backlog_is_the_database_s(configure, session_factory):
    configure(ALMA_METRICS_TOKEN=TOKEN)
    store_one(session_factory, key="a", delivery_kinds=("support", "zendesk"))
    store_one(session_factory, key="b")
    with session_factory() as session:
        rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        rows[0].queued_at = utc_now() - timedelta(minutes=20)
        rows[1].status = "failed"
        session.add_all(rows[:2])
        session.commit()
    answer = client(session_factory).get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    scraped = samples(answer.text)
    assert value(scraped, "alma_outbox_pending", kind="support") == 2
    assert value(scraped, "alma_outbox_pending", kind="zendesk") == 0
    assert value(scraped, "alma_outbox_failed", kind="zendesk") == 1
    assert 20 * 60 <= value(scraped, "alma_outbox_oldest_pending_seconds", kind="support") < 21 * 60
    assert value(scraped, "alma_outbox_oldest_pending_seconds", kind="zendesk") == 0
    assert value(scraped, "alma_outbox_backlog_readable") == 1
