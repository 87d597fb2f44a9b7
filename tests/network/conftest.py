"""Customers on a slow network: the production widget behind a delay proxy (harness/proxy.py).

A pytest run of its own (`scripts/test.sh network`): the widget is built with its websocket on
the proxy, and a second build in the same tree would change the page the main suite tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.proxy import DelayProxy
from harness.servers import WidgetServer
from harness.smtp import SmtpSink, free_port

# The main suite's fixtures (browser, database, SMTP sink, Redis...), shared.
from tests.e2e.conftest import *  # noqa: F403
from tests.e2e.conftest import widget_env

# A phone far from the server (the worst case); `make bench` also measures 100 ms.
ROUND_TRIP_MS = 300


@pytest.fixture(scope="session")
def slow_widget(
    database_url: str,
    smtp_sink: SmtpSink,
    upload_dir: str,
    redis_server,
    local_s3,
    tmp_path_factory,
) -> Iterator[DelayProxy]:
    """The widget behind a 300 ms round trip: page, assets and websocket all through it."""
    proxy_port = free_port()
    env = widget_env(
        database_url, smtp_sink, upload_dir, "http://127.0.0.1:1", redis_server, local_s3=local_s3
    )
    server = WidgetServer(
        env, tmp_path_factory.mktemp("logs") / "widget.log", via=f"http://localhost:{proxy_port}"
    ).start()
    with DelayProxy(server.port, rtt_ms=ROUND_TRIP_MS, port=proxy_port) as proxy:
        yield proxy
    server.stop()
