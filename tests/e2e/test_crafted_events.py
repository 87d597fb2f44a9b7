"""Events crafted straight on the websocket: refused without harm, the session goes on."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page

from harness.socket_client import (
    CONTACT,
    ROOT_STATE,
    WIDGET,
    capture_hydrate,
    connect,
    new_client,
    send,
    widget_session,
)

HUGE = "x" * 300_000

SYNC = f"{WIDGET}.sync"


def snapshot(**flow) -> dict:
    return {"snapshot": {"seq": 1, "actions": ["category"], "step": "topic", **flow}}


CRAFTED = [
    (SYNC, snapshot(category_id=42)),
    (SYNC, snapshot(category_id=HUGE)),
    (SYNC, snapshot(category_id={"$ne": ""})),
    (SYNC, snapshot(step="help", category_id="payment", topic_id="refund")),  # not its category
    (
        SYNC,
        snapshot(step="form", category_id="order", topic_id="order-not-received"),
    ),  # gate skipped
    (SYNC, snapshot(step="sent", category_id="account", topic_id="complaint")),
    (SYNC, {"snapshot": {"seq": 1, "actions": "yes", "step": "help"}}),
    (SYNC, {"snapshot": "not a flow"}),
    (f"{WIDGET}.set_locale", {"locale": {"en": True}}),
    (f"{CONTACT}.submit", {"form_data": "not a form"}),
    (f"{CONTACT}.submit", {"form_data": {"email": HUGE, "message": HUGE}}),
    (f"{CONTACT}.remember", {"field": "is_spam", "value": "true"}),
    (f"{CONTACT}.remove_file", {"stored_name": None}),
]
# Malformed envelopes are turned away by Reflex itself (it logs them); the session survives.
MALFORMED = [
    (f"{WIDGET}.set_locale", {"unexpected": "argument"}),
    (f"{WIDGET}.no_such_handler", {}),
    (SYNC, None),
]


async def crafted_then_normal(url: str, hydrate: dict, events: list) -> tuple[dict, object]:
    client, view = new_client()
    await connect(client, url, hydrate)
    await view.until(lambda: view.get(ROOT_STATE, "is_hydrated") is True)
    for name, payload in events:
        await send(client, name, payload)
    # A legitimate event after them all: answered, so the session is alive and unchanged.
    await send(client, SYNC, snapshot(category_id="account"))
    await view.until(lambda: view.get(WIDGET, "category_id") == "account")
    after = {"category_id": view.get(WIDGET, "category_id"), "connected": client.connected}
    await client.disconnect()
    # And a whole customer flow still works on the same server.
    return after, await widget_session(url, hydrate, 0, "apres-evenements-forges")


def run_clients(url: str, hydrate: dict, events: list):
    # Playwright's own event loop runs in this thread: the clients get a thread of their own.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, crafted_then_normal(url, hydrate, events)).result()


def test_crafted_values_are_refused_quietly_and_the_session_survives(page: Page, widget_app):
    hydrate = capture_hydrate(page.context.browser, widget_app.url)
    log_before = widget_app.log_path.read_text(errors="replace")
    after, customer = run_clients(widget_app.url, hydrate, CRAFTED)
    assert after == {"category_id": "account", "connected": True}
    assert customer.error is None and customer.reference.startswith("ALM-")
    new_log = widget_app.log_path.read_text(errors="replace")[len(log_before) :]
    assert "Traceback" not in new_log


def test_malformed_events_do_not_end_the_session(page: Page, widget_app):
    hydrate = capture_hydrate(page.context.browser, widget_app.url)
    after, customer = run_clients(widget_app.url, hydrate, MALFORMED)
    assert after == {"category_id": "account", "connected": True}
    assert customer.error is None
