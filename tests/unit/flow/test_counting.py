"""Counting off the customer's path: writes wait in a bounded queue, never without end."""

from __future__ import annotations

import logging
import threading

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import col, select

from alma_widget import metrics
from alma_widget.flow import counting
from alma_widget.flow.counting import BoundedWriter
from alma_widget.storage.tables import FlowEvent, SearchMiss


def test_counts_waiting_for_the_database_are_bounded():
    gate = threading.Event()  # a database too slow to keep up
    writer = BoundedWriter(max_waiting=2)
    written: list[int] = []

    def slow_write() -> None:
        gate.wait(10)
        written.append(1)

    assert writer.submit(slow_write) and writer.submit(slow_write)
    assert writer.submit(slow_write) is False  # dropped: two already wait
    gate.set()
    writer.executor.shutdown(wait=True)
    assert written == [1, 1]
    again = BoundedWriter(max_waiting=2)
    assert again.submit(slow_write)  # another writer has its own room
    again.executor.shutdown(wait=True)


def test_room_comes_back_once_the_waiting_writes_are_done():
    gate = threading.Event()
    writer = BoundedWriter(max_waiting=1)
    done = threading.Event()
    assert writer.submit(gate.wait, 10)
    assert writer.submit(done.set) is False
    gate.set()
    writer.executor.submit(lambda: None).result(timeout=10)  # the first write has finished
    assert writer.submit(done.set)
    assert done.wait(10)


def test_writes_run_one_at_a_time():
    """One writer: a count never waits on a lock another count holds (SQLite writes one at a
    time), and counts are written in the order they came."""
    writer = BoundedWriter(max_waiting=5)
    started, gate = threading.Event(), threading.Event()
    saw_first_done: list[bool] = []
    assert writer.submit(lambda: (started.set(), gate.wait(10)))
    assert writer.submit(lambda: saw_first_done.append(gate.is_set()))
    assert started.wait(10)
    gate.set()
    writer.executor.shutdown(wait=True)
    assert saw_first_done == [True]


def _sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def _written() -> None:
    """Every count submitted so far has been written (the writer takes them in order)."""
    counting.WRITER.executor.submit(lambda: None).result(timeout=10)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, session_factory):
    """Counts written to the test's database (the app's are rx.session's)."""
    monkeypatch.setattr(counting, "open_session", session_factory)
    return session_factory


def test_a_step_is_stored_with_how_its_topic_was_reached(counted):
    opened = _sample("alma_searches_total", result="opened")
    shown = _sample("alma_flow_steps_total", step="help_shown", category="account")
    counting.count("complaint", "help_shown", "search")
    counting.count("complaint", "form_opened")
    counting.count("complaint", "help_shown")
    counting.count("complaint", "help_shown", "suggestion")
    _written()
    with counted() as session:
        rows = session.exec(select(FlowEvent).order_by(col(FlowEvent.id))).all()
    assert [(r.topic_id, r.kind, r.source) for r in rows] == [
        ("complaint", "help_shown", "search"),
        ("complaint", "form_opened", "choice"),
        ("complaint", "help_shown", "choice"),
        ("complaint", "help_shown", "suggestion"),
    ]
    # The operators' figures: by the topic's category; a help opened from a search is a search
    # that found (the one reached by a choice is not).
    assert _sample("alma_flow_steps_total", step="help_shown", category="account") == shown + 3
    assert _sample("alma_searches_total", result="opened") == opened + 2


def test_a_miss_is_stored_scrubbed_and_counted(counted):
    missed = _sample("alma_searches_total", result="missed")
    counting.count_miss("Remboursement jean.dupont@example.com")
    _written()
    with counted() as session:
        stored = session.exec(select(SearchMiss.query)).all()
    assert len(stored) == 1 and "remboursement" in stored[0]
    assert "jean.dupont" not in stored[0]
    assert _sample("alma_searches_total", result="missed") == missed + 1


def test_a_count_the_database_refuses_is_logged_without_what_was_typed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    def unavailable():
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(counting, "open_session", unavailable)
    with caplog.at_level(logging.WARNING, logger="alma_widget.flow.counting"):
        counting.count("complaint", "help_shown")
        counting.count_miss("carte refusée jean.dupont@example.com")
        _written()
    assert [r.getMessage() for r in caplog.records] == [
        "flow event not recorded (OperationalError)",
        "search miss not recorded (OperationalError)",
    ]
