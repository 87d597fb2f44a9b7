"""Counting off the customer's path: writes wait in a bounded queue, never without end."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from alma_widget.flow import counting


def test_counts_waiting_for_the_database_are_bounded(monkeypatch):
    gate = threading.Event()  # a database too slow to keep up
    writer = ThreadPoolExecutor(max_workers=1)
    monkeypatch.setattr(counting, "_waiting", threading.BoundedSemaphore(2))
    monkeypatch.setattr(counting, "_WRITER", writer)
    written: list[int] = []

    def slow_write() -> None:
        gate.wait(10)
        written.append(1)

    assert counting._submit(slow_write) and counting._submit(slow_write)
    assert counting._submit(slow_write) is False  # dropped: two already wait
    gate.set()
    writer.shutdown(wait=True)
    assert written == [1, 1]
    writer = ThreadPoolExecutor(max_workers=1)
    monkeypatch.setattr(counting, "_WRITER", writer)
    assert counting._submit(slow_write)  # room again once they are written
    writer.shutdown(wait=True)
