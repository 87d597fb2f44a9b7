"""POST /api/flow-beacon: the choices of a customer who left before the page connected.

The page connects at the customer's first touch (assets/boot.js). A customer who opens a help
text, reads it and leaves before the connection is made (a slow phone, the app still
arriving) would be missing from the deflection figures, although that is the customer the
widget is for. assets/client_flow.js then sends the snapshot it had not handed over with
`navigator.sendBeacon` as the page goes away; it is checked as a socket snapshot is
(BrowserFlow, then Flow.reconcile from the start) and counted the same way, once: the
browser drops the actions it sent. Nothing personal is in it.
"""

from __future__ import annotations

import asyncio
import logging

from pydantic import ValidationError

from alma_widget import rate_limits as abuse
from alma_widget.content.loading import catalog
from alma_widget.flow.counting import count
from alma_widget.flow.machine import Flow
from alma_widget.flow.snapshot import BrowserFlow
from alma_widget.web.client_address import client_ip
from alma_widget.web.request_body import read_body

logger = logging.getLogger(__name__)

BEACON_PATH = "/api/flow-beacon"
# A snapshot is a few hundred bytes; anything much larger is not one.
MAX_BODY = 4096


def count_left_snapshot(body: bytes) -> bool:
    """Count the actions of one snapshot sent by a page that went away; False if refused."""
    try:
        seen = BrowserFlow.model_validate_json(body)
    except ValidationError:
        return False
    reached, taken = Flow().reconcile(catalog(), seen.flow())
    for kind, source in seen.counted(taken, reached.helped):
        count(reached.topic_id, kind, source)
    return True


def flow_beacon_endpoint(app):
    """Answer POST /api/flow-beacon before the app: 204 counted, 400 refused, 413, 405, and
    429 past the address's limit (nothing read, nothing counted)."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or scope["path"] != BEACON_PATH:
            return await app(scope, receive, send)
        status = 405
        if scope["method"] == "POST" and await asyncio.to_thread(
            abuse.beacon_refused, client_ip=client_ip(scope)
        ):
            status = 429
        elif scope["method"] == "POST":
            body = await read_body(receive, MAX_BODY)
            status = 413 if body is None else (204 if count_left_snapshot(body) else 400)
        if status != 204:
            logger.warning("flow beacon refused (%s)", status)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"cache-control", b"no-store"), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    return wrapped
