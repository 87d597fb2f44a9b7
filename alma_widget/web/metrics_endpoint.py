"""GET /metrics: what Prometheus scrapes (alma_widget/metrics.py, docs/operations.md).

Only with the bearer token ALMA_METRICS_TOKEN: unset, there is no such address (404); a
missing or wrong token gets 401. The figures are every worker's; the outbox's backlog (rows
pending and failed by kind, the oldest pending row's age) is read from the database at each
scrape, so it is the same whichever worker answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import reflex as rx
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from alma_widget import metrics
from alma_widget.delivery import kind_labels
from alma_widget.settings import settings
from alma_widget.storage.queries import outbox_backlog
from alma_widget.storage.tables import as_utc, utc_now
from alma_widget.web.request_body import request_headers, same_text

METRICS_PATH = "/metrics"
# The text format every Prometheus reads (Debian 12's 2.42 included); the names here need no
# escaping of the newer 1.0.0.
CONTENT_TYPE = b"text/plain; version=0.0.4; charset=utf-8"
logger = logging.getLogger(__name__)


class OutboxBacklog:
    """A collector read at scrape time: the database's view, shared by every worker."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self.session_factory = session_factory

    def collect(self):
        pending = GaugeMetricFamily(
            "alma_outbox_pending", "Outbox rows waiting to be delivered", labels=["kind"]
        )
        oldest = GaugeMetricFamily(
            "alma_outbox_oldest_pending_seconds",
            "Age of the oldest row waiting to be delivered (0 when none waits)",
            labels=["kind"],
        )
        failed = GaugeMetricFamily(
            "alma_outbox_failed",
            "Outbox rows given up on, until alma-widget-replay sends them again",
            labels=["kind"],
        )
        readable = GaugeMetricFamily(
            "alma_outbox_backlog_readable", "1 when the scrape could read the outbox"
        )
        try:
            with self.session_factory() as session:
                backlog = outbox_backlog(session=session)
        except SQLAlchemyError as exc:
            logger.warning("metrics: outbox not read (%s)", type(exc).__name__)
            readable.add_metric([], 0)
            yield readable
            return
        now = utc_now()
        for kind in kind_labels():
            rows = {b.status: b for b in backlog if b.kind == kind}
            waiting = rows.get("pending")
            pending.add_metric([kind], waiting.rows if waiting else 0)
            since = waiting.oldest_queued_at if waiting else None
            oldest.add_metric([kind], (now - as_utc(since)).total_seconds() if since else 0)
            failed.add_metric([kind], rows["failed"].rows if "failed" in rows else 0)
        readable.add_metric([], 1)
        yield from (pending, oldest, failed, readable)


def scrape(session_factory: Callable[[], Session]) -> bytes:
    backlog = CollectorRegistry()
    backlog.register(OutboxBacklog(session_factory))
    return metrics.exposition(backlog)


async def _answer(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"cache-control", b"no-store"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


def metrics_endpoint(app, *, session_factory: Callable[[], Session] = rx.session):
    """Answer /metrics before the app (the outbox read through `session_factory`)."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or scope["path"] != METRICS_PATH:
            return await app(scope, receive, send)
        token = settings().metrics_token
        text = [(b"content-type", b"text/plain; charset=utf-8")]
        if token is None:
            return await _answer(send, 404, b"not found\n", text)
        given = request_headers(scope).get("authorization", "")
        if not same_text(given, f"Bearer {token.get_secret_value()}"):
            challenge = (b"www-authenticate", b'Bearer realm="metrics"')
            return await _answer(send, 401, b"a bearer token is needed\n", [*text, challenge])
        body = await asyncio.to_thread(scrape, session_factory)
        return await _answer(send, 200, body, [(b"content-type", CONTENT_TYPE)])

    return wrapped
