"""The local Zendesk, and its webhook served on loopback into the test's database."""

from __future__ import annotations

import threading
import time

import pytest
import uvicorn
from starlette.responses import PlainTextResponse

from alma_widget.delivery import zendesk_webhook
from alma_widget.delivery.zendesk_webhook import WEBHOOK_PATH
from harness.smtp import free_port
from harness.zendesk import LocalZendesk


@pytest.fixture
def zendesk():
    with LocalZendesk() as server:
        yield server


@pytest.fixture
def webhook(session_factory, zendesk, configure):
    """The endpoint served on loopback, writing into the test's database."""
    configure(ALMA_ZENDESK_WEBHOOK_SECRET=zendesk.settings()["zendesk_webhook_secret"])

    async def widget(scope, receive, send):
        # Reads what was posted: the endpoint must hand the widget its request whole.
        posted = (await receive()).get("body", b"").decode()
        await PlainTextResponse(f"widget {posted}".strip())(scope, receive, send)

    port = free_port()
    config = uvicorn.Config(
        zendesk_webhook.zendesk_webhook_endpoint(widget, session_factory=session_factory),
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    server.should_exit = True
    thread.join(timeout=10)
