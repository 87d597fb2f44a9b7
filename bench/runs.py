"""One load run: concurrent sessions against a server, what was stored, the memory it took.

Shared by `make bench` (bench/__main__.py) and `make bench-production` (bench/production.py).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time

import psutil
import sqlalchemy as sa

from bench import load
from harness.servers import ROOT


def migrate(url: str) -> None:
    env = {**os.environ, "REFLEX_DB_URL": url}
    subprocess.run(
        [sys.executable, "-m", "reflex", "db", "migrate"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def count_stored(url: str, label: str) -> tuple[int, int]:
    """(rows, distinct emails) stored for one load run."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows, distinct = connection.execute(
            sa.text(
                "SELECT count(*), count(DISTINCT email) FROM support_request WHERE email LIKE :p"
            ),
            {"p": f"{label}-%"},
        ).one()
    engine.dispose()
    return rows, distinct


def tree_rss(pid: int) -> int:
    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0


def load_run(
    kind: str, url: str, hydrate: dict, sessions: int, db_url: str, server_pid: int
) -> dict:
    # Unique to the run: runs under load follow each other within a second.
    label = f"{kind}{sessions}-{time.time_ns()}"
    peak = {"rss": 0}
    idle = tree_rss(server_pid)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], tree_rss(server_pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    if kind == "widget":
        results = asyncio.run(load.run_widget(url, hydrate, sessions, label))
    else:
        results = asyncio.run(load.run_baseline(url, sessions, label))
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    done = [r for r in results if r.reference]
    rows, distinct = count_stored(db_url, label)
    steps = {name for r in done for name in r.steps}
    return {
        "sessions": sessions,
        "seconds": elapsed,
        "throughput": len(done) / elapsed,
        "errors": len(results) - len(done),
        "error_kinds": sorted({r.error for r in results if r.error}),
        "submitted": len(done),
        "stored": rows,
        "duplicates": rows - distinct,
        "steps": {s: [r.steps[s] for r in done if s in r.steps] for s in sorted(steps)},
        "memory_per_session": max(0, peak["rss"] - idle) / sessions,
    }
