"""GET /health: the database, Redis (when used) and the attachments' store answer. For load
balancers and `make serve`."""

from __future__ import annotations

import asyncio
import json
import math
import os
import threading
import time
from collections.abc import Callable

import reflex as rx
import sqlalchemy as sa
from sqlmodel import Session

from alma_widget import metrics
from alma_widget.storage.files import file_store, store_location

HEALTH_PATH = "/health"


def _database_ok(session_factory: Callable[[], Session]) -> bool:
    try:
        with session_factory() as session:
            session.execute(sa.text("SELECT 1"))
        return True
    except Exception:  # any failure means "not reachable"; the class is enough here
        return False


def _redis_ok(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


# The store is written at most once in this time per worker, whatever the probes' rate: on
# S3 each check is a billed PUT and DELETE, and load balancers probe every few seconds.
STORE_PROBE_SECONDS = 5.0
_store_probe_lock = threading.Lock()
# By store (its location): when it was last checked, and whether it could be written.
_last_store_probe: dict[str, tuple[float, bool]] = {}


def attachments_writable(clock=time.monotonic) -> bool:
    """The attachments' store (the folder or the bucket) can be written: checked anew when
    its last check is older than STORE_PROBE_SECONDS, else that check's answer (probes at
    once wait for the one check under way)."""
    location = store_location()
    with _store_probe_lock:
        checked_at, ok = _last_store_probe.get(location, (-math.inf, False))
        if clock() - checked_at < STORE_PROBE_SECONDS:
            return ok
        try:
            file_store(location).check()
            ok = True
        except Exception:  # any failure means "not writable"; the class is enough here
            ok = False
        _last_store_probe[location] = (clock(), ok)
        return ok


async def checks(session_factory: Callable[[], Session] = rx.session) -> dict[str, str]:
    """Each dependency: "ok", "down", or "not used"."""
    redis_url = os.environ.get("REFLEX_REDIS_URL")
    database = await asyncio.to_thread(_database_ok, session_factory)
    redis_up = await asyncio.to_thread(_redis_ok, redis_url) if redis_url else None
    attachments = await asyncio.to_thread(attachments_writable)
    # The metrics keep this probe's answers: a scrape never probes (docs/operations.md).
    metrics.dependency_checked("database", database)
    metrics.dependency_checked("attachments", attachments)
    if redis_up is not None:
        metrics.dependency_checked("redis", redis_up)
    return {
        "database": "ok" if database else "down",
        "redis": "not used" if redis_up is None else ("ok" if redis_up else "down"),
        "attachments": "ok" if attachments else "down",
    }


def health_endpoint(app, *, session_factory: Callable[[], Session] = rx.session):
    """Answer /health before the app; 200 when every dependency answers, else 503 (the
    database reached through `session_factory`)."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or scope["path"] != HEALTH_PATH:
            return await app(scope, receive, send)
        status = await checks(session_factory)
        healthy = all(value != "down" for value in status.values())
        body = json.dumps({"status": "ok" if healthy else "down", **status}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200 if healthy else 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return wrapped
