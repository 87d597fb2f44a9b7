"""The socket's figures for the operators (alma_widget/metrics.py): pages connected, and
how long each event of a page takes the server.

Reflex gives no hook after an event, but handles each one in a task of its own: the timer
starts when the event reaches the middlewares (its state loaded and locked) and stops when
that task ends, every update sent.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event

from alma_widget import metrics

if TYPE_CHECKING:
    from reflex.app import App


class EventTimer(Middleware):
    """Observes alma_event_seconds for every event."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        task = asyncio.current_task()
        if task is not None:
            started = time.perf_counter()
            task.add_done_callback(
                lambda _: metrics.EVENT_SECONDS.observe(time.perf_counter() - started)
            )
        return None


def count_connections(namespace: Any) -> None:
    """Keep alma_sessions_connected: +1 for each connection Reflex accepts, -1 when it ends.
    The namespace's own handlers (python-socketio calls `on_<event>` by name) are wrapped."""
    connected: set[str] = set()
    accept, leave = namespace.on_connect, namespace.on_disconnect

    async def on_connect(sid: str, environ: dict, auth: Any = None):
        answer = await accept(sid, environ, auth)
        if answer is not False and sid not in connected:
            connected.add(sid)
            metrics.SESSIONS.inc()
        return answer

    def on_disconnect(sid: str, *reason: Any):
        if sid in connected:
            connected.discard(sid)
            metrics.SESSIONS.dec()
        return leave(sid)

    namespace.on_connect = on_connect
    namespace.on_disconnect = on_disconnect
