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

# Counts waiting for the writer: past this, new ones are dropped (a flood, or a database too
# slow to keep up, must not grow the server's memory without end).
MAX_WAITING = 2000


class BoundedWriter:
    """Writes run one at a time on a thread of their own; at most `max_waiting` wait, the
    next ones are dropped (and logged)."""

    def __init__(self, max_waiting: int = MAX_WAITING) -> None:
        self.max_waiting = max_waiting
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flow-events")
        self._waiting = threading.BoundedSemaphore(max_waiting)

    def submit(self, work, *args) -> bool:
        """Queue one write; False (dropped and logged) when too many wait."""
        if not self._waiting.acquire(blocking=False):
            logger.warning("flow counts dropped: %d already waiting", self.max_waiting)
            return False

        def run() -> None:
            try:
                work(*args)
            finally:
                self._waiting.release()

        self.executor.submit(run)
        return True


WRITER = BoundedWriter()
# The database the counts go to: the app's (the unit tests give theirs).
open_session = rx.session


def _record(topic_id: str, kind: str, source: str) -> None:
    try:
        with open_session() as session:
            record_flow_event(session=session, topic_id=topic_id, kind=kind, source=source)
    except SQLAlchemyError as exc:
        logger.warning("flow event not recorded (%s)", type(exc).__name__)


def _record_miss(query: str) -> None:
    try:
        with open_session() as session:
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
    WRITER.submit(_record, topic_id, kind, source)


def count_miss(query: str) -> None:
    """Count a search that found nothing (scrubbed by help_search.misses, never logged)."""
    metrics.search_result("missed")
    WRITER.submit(_record_miss, query[:500])
