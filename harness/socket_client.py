"""A hostile client of the widget's websocket: raw Socket.IO events, as a script would send
them (python-socketio's client on aiohttp), for the tests that play it."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import socketio

# The page's socket: Reflex's namespace and path (reflex_base/.templates/web/utils/state.js).
NAMESPACE = "/_event"


async def _send(url: str, events: list[tuple[str, Any]], *, token: str | None) -> None:
    client = socketio.AsyncClient(reconnection=False)
    query = f"?token={token}" if token else ""
    try:
        await client.connect(
            url + query,
            headers={"Origin": url},
            transports=["websocket"],
            namespaces=[NAMESPACE],
            socketio_path=NAMESPACE,
            wait_timeout=10,
        )
        answered = asyncio.Event()
        client.on("pong", lambda *_: answered.set(), namespace=NAMESPACE)
        for name, data in events:
            await client.emit(name, data, namespace=NAMESPACE)
        # Reflex answers a ping in order: once the pong is back, every event was read.
        await client.emit("ping", namespace=NAMESPACE)
        await asyncio.wait_for(answered.wait(), timeout=5)
    except (socketio.exceptions.SocketIOError, TimeoutError):
        pass  # the server closing on us (or never answering) is one of the paths played
    finally:
        await client.disconnect()


def send_events(url: str, events: list[tuple[str, Any]], *, with_token: bool = True) -> None:
    """Connect to the widget at `url` (with a fresh session token, or none), send `events`
    (Socket.IO event name, data) and leave."""
    token = str(uuid.uuid4()) if with_token else None
    # A thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, _send(url, events, token=token)).result()
