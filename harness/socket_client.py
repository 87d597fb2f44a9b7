"""A customer's page as Reflex's socket.io protocol sees it, without a browser.

The load runs (bench/load.py) open hundreds of sessions this way; the crafted-event tests
(tests/e2e/test_crafted_events.py) send what no page would; `send_events` plays a hostile
client that sends anything at all (tests/e2e/test_privacy_in_logs.py). `capture_hydrate` takes the
connect payload from a real page, so the sessions look like a page's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import socketio
from playwright.sync_api import Browser

from alma_widget.contact.state import ContactState
from alma_widget.flow.state import WidgetState

ROOT_STATE = "reflex___state____state"
WIDGET = WidgetState.get_full_name()
CONTACT = ContactState.get_full_name()
# The snapshots a customer's browser sends on the way to the form (flow_snapshot.py).
_PAYMENT = {"category_id": "payment", "topic_id": "payment-refused"}
BROWSER_STEPS = [
    ("category", {"step": "topic", "category_id": "payment"}),
    ("topic", {"step": "help", **_PAYMENT}),
    ("form", {"step": "form", **_PAYMENT}),
]
STEP_TIMEOUT = 60.0
ROUTER = {"pathname": "/", "asPath": "/"}


@dataclasses.dataclass
class SessionResult:
    """One customer's timings in milliseconds per step, or the error that stopped them."""

    steps: dict[str, float] = dataclasses.field(default_factory=dict)
    error: str | None = None
    reference: str = ""


class _View:
    """The state as the browser would hold it: every delta merged in."""

    def __init__(self) -> None:
        self.vars: dict[str, dict[str, Any]] = {}
        self.changed = asyncio.Event()

    def apply(self, update: dict) -> None:
        for state, values in (update.get("delta") or {}).items():
            self.vars.setdefault(state, {}).update(values)
        self.changed.set()

    def get(self, state: str, name: str) -> Any:
        return self.vars.get(state, {}).get(f"{name}_rx_state_")

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(STEP_TIMEOUT):
            while not condition():
                self.changed.clear()
                await self.changed.wait()


def new_client() -> tuple[socketio.AsyncClient, _View]:
    """A socket.io client whose received deltas merge into a view of the state."""
    client = socketio.AsyncClient(reconnection=False)
    view = _View()
    client.on("event", view.apply, namespace="/_event")
    return client, view


async def connect(
    client: socketio.AsyncClient, url: str, hydrate: dict, token: str | None = None
) -> None:
    """Open a session as a page would (a fresh token unless one is given, the page's hydrate
    payload)."""
    await client.connect(
        f"{url}?token={token or uuid.uuid4()}",
        socketio_path="_event",
        namespaces=["/_event"],
        transports=["websocket"],
        headers={"Origin": url},
        auth=hydrate,
        wait_timeout=STEP_TIMEOUT,
    )


async def send(client: socketio.AsyncClient, handler: str, payload: Any) -> None:
    """Emit one event the way the frontend does."""
    event = {"name": handler, "payload": payload, "router_data": ROUTER}
    await client.emit("event", event, namespace="/_event")


async def widget_session(url: str, hydrate: dict, index: int, label: str) -> SessionResult:
    """One customer in the widget: connect, category, topic, form, submit."""
    result = SessionResult()
    client, view = new_client()

    async def step(name: str, send: Callable[[], Any], done: Callable[[], bool]) -> None:
        started = time.perf_counter()
        await send()
        await view.until(done)
        result.steps[name] = (time.perf_counter() - started) * 1000

    def emit(handler: str, payload: dict) -> Callable[[], Any]:
        """Send one event (bound now, sent when called)."""
        return lambda: send(client, handler, payload)

    form = {
        "email": f"{label}-{index}@charge.example",
        "phone": "06 12 34 56 78",
        "order_reference": f"CMD-{index}",
        "message": "Mon paiement a été refusé, pouvez-vous m'aider ?",
        "website": "",
    }
    try:
        await step(
            "connect",
            lambda: connect(client, url, hydrate),
            lambda: view.get(ROOT_STATE, "is_hydrated") is True,
        )
        # What assets/client_flow.js sends after each choice (the reveal itself is in the
        # browser; these steps time the server's answer).
        for seq, (name, flow) in enumerate(BROWSER_STEPS, start=1):
            await step(
                name,
                emit(f"{WIDGET}.sync", {"snapshot": {"seq": seq, "actions": [name], **flow}}),
                lambda flow=flow: view.get(WIDGET, "step") == flow["step"],
            )
        await step(
            "submit",
            emit(f"{CONTACT}.submit", {"form_data": form}),
            lambda: bool(view.get(CONTACT, "reference")) or bool(view.get(CONTACT, "errors")),
        )
        result.reference = view.get(CONTACT, "reference") or ""
        if not result.reference:
            result.error = f"refused: {view.get(CONTACT, 'errors')}"
    except Exception as exc:  # a load client reports, never stops the run
        result.error = type(exc).__name__
    finally:
        await client.disconnect()
    return result


def capture_hydrate(browser: Browser, url: str) -> dict:
    """The connect payload a real page sends (hydrate event and state schema), to replay."""
    page = browser.new_page()
    captured: dict = {}

    def on_socket(socket) -> None:
        def sent(payload) -> None:
            text = payload if isinstance(payload, str) else payload.decode()
            if text.startswith("40/_event,") and not captured:
                captured.update(json.loads(text.split(",", 1)[1]))

        socket.on("framesent", sent)

    page.on("websocket", on_socket)
    page.goto(url)
    page.click("#widget-title")  # the page connects at the first touch
    page.wait_for_selector("main[data-hydrated='true']", state="attached")
    page.close()
    return captured


async def _what_a_connection_receives(url: str, hydrate: dict, token: str) -> str:
    client, view = new_client()
    received: list[str] = []

    def keep(update: dict) -> None:
        received.append(json.dumps(update, ensure_ascii=False))
        view.apply(update)

    client.on("event", keep, namespace="/_event")  # in place of the view's own handler
    try:
        await connect(client, url, hydrate, token)
        await view.until(lambda: view.get(ROOT_STATE, "is_hydrated") is True)
    finally:
        await client.disconnect()
    return "\n".join(received)


def what_a_connection_receives(url: str, hydrate: dict, token: str) -> str:
    """Everything the server sends a page that connects with this Reflex token (the hydrate
    snapshot, then the answers of its on_load), as text: a copied token's whole harvest."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, _what_a_connection_receives(url, hydrate, token)).result()


async def _send_raw(url: str, events: list[tuple[str, Any]], *, token: str | None) -> None:
    client = socketio.AsyncClient(reconnection=False)
    query = f"?token={token}" if token else ""
    try:
        await client.connect(
            url + query,
            headers={"Origin": url},
            transports=["websocket"],
            namespaces=["/_event"],
            socketio_path="_event",
            wait_timeout=10,
        )
        answered = asyncio.Event()
        client.on("pong", lambda *_: answered.set(), namespace="/_event")
        for name, data in events:
            await client.emit(name, data, namespace="/_event")
        # Reflex answers a ping in order: once the pong is back, every event was read.
        await client.emit("ping", namespace="/_event")
        await asyncio.wait_for(answered.wait(), timeout=5)
    except (socketio.exceptions.SocketIOError, TimeoutError):
        pass  # the server closing on us (or never answering) is one of the paths played
    finally:
        await client.disconnect()


def send_events(url: str, events: list[tuple[str, Any]], *, with_token: bool = True) -> None:
    """A hostile client: connect to the widget at `url` (with a fresh session token, or
    none), send `events` as they are (Socket.IO event name, data, anything) and leave."""
    token = str(uuid.uuid4()) if with_token else None
    # A thread of its own: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, _send_raw(url, events, token=token)).result()
