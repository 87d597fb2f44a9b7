"""Counting off the customer's path: writes wait in a bounded queue, never without end."""

from __future__ import annotations

import threading

from alma_widget.flow.counting import BoundedWriter


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
