"""Concurrent customer sessions on localhost: the widget over Reflex's own socket.io protocol,
the baseline over plain HTTP. Bounded in count and time; each session goes through the whole
flow and submits once.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import aiohttp

from harness.socket_client import SessionResult, widget_session


async def baseline_session(
    http: aiohttp.ClientSession, url: str, index: int, label: str
) -> SessionResult:
    """One customer on the static baseline: the page, then the request (choices are local)."""
    result = SessionResult()
    try:
        started = time.perf_counter()
        async with http.get(f"{url}/") as response:
            await response.read()
        result.steps["connect"] = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        data = {
            "category_id": "payment",
            "topic_id": "payment-refused",
            "email": f"{label}-{index}@charge.example",
            "phone": "06 12 34 56 78",
            "order_reference": f"CMD-{index}",
            "message": "Mon paiement a été refusé, pouvez-vous m'aider ?",
            "submission_key": uuid.uuid4().hex,
        }
        async with http.post(f"{url}/submit", json=data) as response:
            if response.content_type != "application/json":
                result.error = f"HTTP {response.status}"
                return result
            body = await response.json()
        result.steps["submit"] = (time.perf_counter() - started) * 1000
        result.reference = body.get("reference", "")
        if not result.reference:
            result.error = f"refused: {body}"
    except Exception as exc:  # a load client reports, never stops the run
        result.error = type(exc).__name__
    return result


async def run_widget(url: str, hydrate: dict, sessions: int, label: str) -> list[SessionResult]:
    """`sessions` customers at once against the widget."""
    return await asyncio.gather(*(widget_session(url, hydrate, i, label) for i in range(sessions)))


async def run_baseline(url: str, sessions: int, label: str) -> list[SessionResult]:
    """`sessions` customers at once against the baseline."""
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        return await asyncio.gather(
            *(baseline_session(http, url, i, label) for i in range(sessions))
        )
