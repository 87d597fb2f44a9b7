"""Pooled database connections are never shared across processes.

`reflex run --env prod` looks at the database before it forks its workers; without this,
each worker inherits the same pooled connection and two of them talk over one socket
("there is already a transaction in progress", then "server closed the connection"). This is
SQLAlchemy's documented recipe for pools and os.fork(): a connection remembers the process
that opened it, and any other process discards it at checkout and opens its own.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.pool import Pool


def _remember_process(dbapi_connection: Any, connection_record: Any) -> None:
    connection_record.info["pid"] = os.getpid()


def _refuse_other_process(
    dbapi_connection: Any, connection_record: Any, connection_proxy: Any
) -> None:
    if connection_record.info.get("pid") != os.getpid():
        # Forget it without closing it: the process that opened it may still be using it.
        connection_record.dbapi_connection = connection_proxy.dbapi_connection = None
        raise exc.DisconnectionError("connection opened by another process; reconnecting")


def keep_connections_per_process() -> None:
    """Install the recipe on every pool (once; called by the app's start-up)."""
    if not event.contains(Pool, "connect", _remember_process):
        event.listen(Pool, "connect", _remember_process)
        event.listen(Pool, "checkout", _refuse_other_process)
