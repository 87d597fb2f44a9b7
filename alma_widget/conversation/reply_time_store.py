"""The expected reply time as the page shows it now: stored replies, read at most once a
minute per worker by default (a figure over 50 requests does not move faster;
ALMA_REPLY_TIME_REREAD_SECONDS)."""

from __future__ import annotations

import threading
import time

import reflex as rx

from alma_widget.content.loading import catalog
from alma_widget.conversation.reply_time import SAMPLE, expected_reply
from alma_widget.settings import settings
from alma_widget.storage.queries import first_reply_pairs
from alma_widget.storage.tables import utc_now

_read: dict[str, tuple[float, list]] = {}
_lock = threading.Lock()
# Where the replies are read (the unit tests give their own database).
open_session = rx.session


def recent_first_replies() -> list:
    now = time.monotonic()
    with _lock:
        cached = _read.get("pairs")
    if cached is not None and now - cached[0] < settings().reply_time_reread_seconds:
        return cached[1]
    with open_session() as session:
        pairs = first_reply_pairs(session=session, limit=SAMPLE)
    with _lock:
        _read["pairs"] = (now, pairs)
    return pairs


def reply_time_now(language: str) -> str:
    """« Nous répondons en général sous … », or when the team is back (blocking: a thread)."""
    return expected_reply(utc_now(), recent_first_replies(), catalog(language))
