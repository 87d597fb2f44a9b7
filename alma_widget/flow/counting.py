"""Counting the steps for the deflection figures, off the customer's path.

One writer thread: counting a step never delays the reveal the customer waits for (`make
bench` measured a commit on the click-to-paint path), and a lost count never stops them.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from alma_widget import metrics
from alma_widget.content.loading import catalog
from alma_widget.help_search.misses import record_miss
from alma_widget.storage.queries import record_flow_event

logger = logging.getLogger(__name__)

_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flow-events")
# Counts waiting for the writer: past this, new ones are dropped (a flood, or a database too
# slow to keep up, must not grow the server's memory without end).
MAX_WAITING = 2000
_waiting = threading.BoundedSemaphore(MAX_WAITING)


def _submit(work, *args) -> bool:
    """Queue one write; False (dropped and logged) when too many wait."""
    waiting = _waiting  # the place taken is given back to the same count, whatever happens
    if not waiting.acquire(blocking=False):
        logger.warning("flow counts dropped: %d already waiting", MAX_WAITING)
        return False

    def run() -> None:
        try:
            work(*args)
        finally:
            waiting.release()

    _WRITER.submit(run)
    return True


def _record(topic_id: str, kind: str, source: str) -> None:
    try:
        with rx.session() as session:
            record_flow_event(session=session, topic_id=topic_id, kind=kind, source=source)
    except SQLAlchemyError as exc:
        logger.warning("flow event not recorded (%s)", type(exc).__name__)


def _record_miss(query: str) -> None:
    try:
        with rx.session() as session:
            record_miss(session=session, query=query)
    except SQLAlchemyError as exc:
        logger.warning("search miss not recorded (%s)", type(exc).__name__)


def count(topic_id: str, kind: str, source: str = "choice") -> None:
    """Count a step (help shown, answer, form opened) for the deflection figures, and for
    the operators' metrics by category (a help opened from a search is a search that found)."""
    found = catalog().find_topic(topic_id)
    metrics.flow_step(kind, found[0].id if found else "")
    if kind == "help_shown" and source in ("search", "suggestion"):
        metrics.search_result("opened")
    _submit(_record, topic_id, kind, source)


def count_miss(query: str) -> None:
    """Count a search that found nothing (scrubbed by help_search.misses, never logged)."""
    metrics.search_result("missed")
    _submit(_record_miss, query[:500])
