"""The CSV export of the back office, streamed: a signed link, then the rows batch by batch.

The back office's handler (signed in) makes a link valid for a minute that names the filters
and is signed with them (admin/files.py's signature); this endpoint answers it with the CSV
written `BATCH_ROWS` rows at a time by a thread, so neither the event loop of that worker (its
customers) nor its memory ever holds the whole table. Anything else gets 404.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from alma_widget.admin import queries
from alma_widget.admin.files import opened, sealed
from alma_widget.admin.reporting import csv_lines
from alma_widget.web.request_body import query_parameters

EXPORT_PATH = "/admin-export/demandes.csv"
BATCH_ROWS = 500
# Batches written ahead of what the connection has taken: the most held in memory.
BATCHES_AHEAD = 4

logger = logging.getLogger(__name__)


def export_link(filters: queries.Filters) -> str:
    """A link to the CSV of the requests `filters` select, valid for a minute; the filters
    (a search may be an email) sealed in it, never readable in the address."""
    return f"{EXPORT_PATH}?{urlencode({'t': sealed({'filters': dataclasses.asdict(filters)})})}"


def filters_of(query: dict[str, list[str]]) -> queries.Filters | None:
    """The filters a valid link names; None for anything else (tampered, expired, odd)."""
    link = opened(query) or {}
    try:
        return queries.Filters(**link["filters"])
    except (KeyError, TypeError):
        return None


def csv_chunks(session_factory: Callable[[], Session], filters: queries.Filters) -> Iterator[bytes]:
    """The export as encoded chunks: the column names, then one chunk per batch of rows."""
    yield csv_lines([], header=True).encode()
    with session_factory() as session:
        for batch in queries.matching_in_batches(session=session, filters=filters, size=BATCH_ROWS):
            yield csv_lines(batch).encode()


async def _stream(send, chunks: Iterator[bytes]) -> None:
    """Send `chunks`, made by a thread, each as it comes; a client that leaves stops it."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=BATCHES_AHEAD)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                if stop.is_set():
                    return
                asyncio.run_coroutine_threadsafe(queue.put(chunk), loop).result()
        finally:
            if not stop.is_set():
                asyncio.run_coroutine_threadsafe(queue.put(None), loop).result()

    producer = loop.run_in_executor(None, produce)
    try:
        while (chunk := await queue.get()) is not None:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        stop.set()
        while not queue.empty():  # let a producer waiting on a full queue see `stop`
            queue.get_nowait()
        try:
            await producer
        except Exception as exc:  # the database failing mid-way: the file is cut short
            logger.error("export stopped (%s)", type(exc).__name__)


def request_export(app, session_factory: Callable[[], Session] | None = None):
    """Serve EXPORT_PATH for a valid signed link; 404 otherwise."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or scope["path"] != EXPORT_PATH:
            return await app(scope, receive, send)
        filters = filters_of(query_parameters(scope))
        if filters is None:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/csv; charset=utf-8"),
                    (b"content-disposition", b"attachment; filename=demandes.csv"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await _stream(send, csv_chunks(session_factory or rx.session, filters))

    return wrapped
