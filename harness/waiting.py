"""Waiting on a condition with a deadline (never a fixed sleep)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], *, timeout: float = 20.0, every: float = 0.05) -> T:
    """Return the first truthy value of `condition()`; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(every)


# How long a value must stay the same before a test believes it: what a late event (a replay,
# a page closed before its last event was handled) would change arrives within a second or
# two on a loaded machine.
SETTLED_SECONDS = 3.0


def settled_value(
    read: Callable[[], T],
    *,
    ready: Callable[[T], bool] = bool,
    seconds: float = SETTLED_SECONDS,
    timeout: float = 60.0,
) -> T:
    """The value of `read()` once it is `ready` and has not changed for `seconds`."""
    seen: list[T] = []
    since = time.monotonic()

    def quiet() -> tuple[T] | None:
        nonlocal since
        value = read()
        if not seen or seen[-1] != value:
            seen.append(value)
            since = time.monotonic()
        return (value,) if ready(value) and time.monotonic() - since >= seconds else None

    return wait_until(quiet, timeout=timeout, every=0.25)[0]
