"""Pooled connections are never shared across processes: a worker forked after the start
opens its own, and leaves the one it inherited open for the process that owns it."""

from __future__ import annotations

import os

import sqlalchemy as sa
from sqlalchemy.pool import QueuePool

from alma_widget.storage import database


def test_a_connection_opened_by_another_process_is_not_reused(tmp_path, monkeypatch):
    database.keep_connections_per_process()
    database.keep_connections_per_process()  # the start-up may run twice: installed once
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'store.db'}", poolclass=QueuePool)
    with engine.connect() as connection:
        inherited = connection.connection.dbapi_connection
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is inherited  # same process: pooled
    parent = os.getpid()
    monkeypatch.setattr(os, "getpid", lambda: parent + 1)  # as in a forked worker
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is not inherited
        assert connection.execute(sa.text("select 1")).scalar() == 1
    assert inherited.execute("select 1").fetchone() == (1,)  # not closed under its owner
    engine.dispose()
