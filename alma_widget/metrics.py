"""What operators scrape at /metrics (web/metrics_endpoint.py; docs/operations.md).

The code that knows counts: the outbox its deliveries and failures, the form its requests and
files, the flow's counting its steps, the webhook its events, the identity check its tokens,
the socket its connections and events. With several workers (`make serve`) prometheus-client's
multiprocess mode adds them up: each worker writes its figures under PROMETHEUS_MULTIPROC_DIR,
which the launcher empties before the workers start (scripts/serve.sh), and a scrape on any
worker reads them all. The outbox's backlog is read from the database at each scrape.

Every label value comes from a small fixed set (a step, a category id of the content, an
outbox kind, a reason class): never a reference, an address, a token or a URL. A value
outside its set is counted as "other".
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from stamina.instrumentation import LoggingOnRetryHook, set_on_retry_hooks

from alma_widget.content.loading import catalog
from alma_widget.storage.tables import FLOW_EVENT_KINDS

OTHER = "other"
REQUEST_RESULTS = ("stored", "spam", "invalid", "rate_limited", "error")
ATTACHMENT_RESULTS = ("stored", "refused", "rate_limited", "unavailable")
SEARCH_RESULTS = ("opened", "missed")
WEBHOOK_RESULTS = ("applied", "ignored", "refused_signature", "refused_stale", "refused_invalid")
IDENTITY_RESULTS = ("accepted", "off", "expired", "signature", "unknown_kid", "malformed", "claims")
DEPENDENCIES = ("database", "redis", "attachments")
FAILURE_OUTCOMES = ("retry", "given_up")
# Outbox kinds are the delivery modules' own (delivery.kind_labels()): short names.
_KIND = re.compile(r"[a-z_]{1,16}")

# Our metrics only (no process or platform collectors): the scrape is what this module says.
REGISTRY = CollectorRegistry()

REQUESTS = Counter(
    "alma_requests", "Contact form submissions, by result", ["result"], registry=REGISTRY
)
ATTACHMENTS = Counter(
    "alma_attachments", "Files added to a contact form, by result", ["result"], registry=REGISTRY
)
FLOW_STEPS = Counter(
    "alma_flow_steps",
    "Deflection steps: help shown, helped yes or no, form opened, request sent",
    ["step", "category"],
    registry=REGISTRY,
)
SEARCHES = Counter(
    "alma_searches",
    "Help searches that opened a topic, or found nothing",
    ["result"],
    registry=REGISTRY,
)
WEBHOOK_EVENTS = Counter(
    "alma_zendesk_webhook_events", "Zendesk webhook calls, by result", ["result"], registry=REGISTRY
)
IDENTITY_TOKENS = Counter(
    "alma_identity_tokens",
    "Signed-in customers' identity tokens, accepted or the class of refusal",
    ["result"],
    registry=REGISTRY,
)
DELIVERED = Counter(
    "alma_outbox_delivered", "Outbox rows delivered, by kind", ["kind"], registry=REGISTRY
)
FAILURES = Counter(
    "alma_outbox_failures",
    "Failed delivery attempts, by kind, reason class and outcome (retry or given up)",
    ["kind", "reason", "outcome"],
    registry=REGISTRY,
)
DELIVERY_SECONDS = Histogram(
    "alma_outbox_delivery_seconds",
    "From queued to delivered, by kind",
    ["kind"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 14400, 86400),
    registry=REGISTRY,
)
SESSIONS = Gauge(
    "alma_sessions_connected",
    "Pages connected to the server (websockets)",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
EVENT_SECONDS = Histogram(
    "alma_event_seconds",
    "Time to handle one event of a page, to its last update",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
DEPENDENCY_UP = Gauge(
    "alma_dependency_up",
    "1 when the last /health probe found it answering, 0 when down",
    ["dependency"],
    multiprocess_mode="mostrecent",
    registry=REGISTRY,
)


def _one_of(value: str, allowed: Collection[str]) -> str:
    return value if value in allowed else OTHER


def _kind(kind: str) -> str:
    return kind if _KIND.fullmatch(kind) else OTHER


def category_ids() -> set[str]:
    """The categories of the content: the only values of the `category` label."""
    return {category.id for category in catalog().categories}


def request_result(result: str) -> None:
    REQUESTS.labels(_one_of(result, REQUEST_RESULTS)).inc()


def attachment_result(result: str, count: int = 1) -> None:
    if count > 0:
        ATTACHMENTS.labels(_one_of(result, ATTACHMENT_RESULTS)).inc(count)


def flow_step(step: str, category_id: str) -> None:
    FLOW_STEPS.labels(_one_of(step, FLOW_EVENT_KINDS), _one_of(category_id, category_ids())).inc()


def search_result(result: str) -> None:
    SEARCHES.labels(_one_of(result, SEARCH_RESULTS)).inc()


def webhook_result(result: str) -> None:
    WEBHOOK_EVENTS.labels(_one_of(result, WEBHOOK_RESULTS)).inc()


def identity_result(result: str) -> None:
    IDENTITY_TOKENS.labels(_one_of(result, IDENTITY_RESULTS)).inc()


def delivered(kind: str, waited_seconds: float) -> None:
    DELIVERED.labels(_kind(kind)).inc()
    DELIVERY_SECONDS.labels(_kind(kind)).observe(max(0.0, waited_seconds))


def delivery_failed(kind: str, reason_class: str, *, given_up: bool) -> None:
    outcome = "given_up" if given_up else "retry"
    FAILURES.labels(_kind(kind), reason_class, outcome).inc()


def dependency_checked(name: str, up: bool) -> None:
    DEPENDENCY_UP.labels(_one_of(name, DEPENDENCIES)).set(1 if up else 0)


def multiprocess() -> bool:
    """Whether figures are shared between workers (PROMETHEUS_MULTIPROC_DIR is set)."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def only_ours() -> None:
    """At start: stamina counts its in-call retries in prometheus-client's default registry
    as soon as the client is installed, and the multiprocess scrape reads every registry's
    files, with labels outside our sets (a class path). The outbox's failures say it by kind;
    stamina keeps logging its retries, as it did before."""
    set_on_retry_hooks([LoggingOnRetryHook])


def problems(metrics_on: bool) -> list[str]:
    """Several workers (Reflex's path with REFLEX_REDIS_URL) each keep their own figures:
    without a shared folder, a scrape would show one worker's at random."""
    if metrics_on and os.environ.get("REFLEX_REDIS_URL") and not multiprocess():
        return [
            "ALMA_METRICS_TOKEN : avec plusieurs workers (REFLEX_REDIS_URL), les métriques "
            "demandent PROMETHEUS_MULTIPROC_DIR, un dossier vidé avant le démarrage des workers "
            "(make serve le fait)."
        ]
    return []


def exposition(*extra: CollectorRegistry) -> bytes:
    """The scrape, in Prometheus' text format: every worker's figures, then `extra`."""
    if multiprocess():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped upstream
    else:
        registry = REGISTRY
    return b"".join(generate_latest(r) for r in (registry, *extra))
