"""The load run on the production stack: Redis, PostgreSQL and three workers.

python -m bench --production [--sessions 500]     (make bench-production)
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import browser as measure
from bench.report import NOTES_MARKER, load_cells, pct, stored_once, verdict, with_notes
from bench.runs import load_run, migrate
from harness.postgres import TemporaryPostgres
from harness.redis_server import TemporaryRedis
from harness.servers import WidgetServer
from harness.socket_client import capture_hydrate

WORKERS = 3


def run(sessions: list[int], results: Path) -> str:
    """Start the stack, run each load, append the table to `results`, return it."""
    work = Path(tempfile.mkdtemp(prefix="alma-bench-prod-"))
    with TemporaryPostgres() as postgres, TemporaryRedis() as redis:
        migrate(postgres.url)
        print(f"Starting the widget: {WORKERS} workers on Redis and PostgreSQL…", flush=True)
        widget = WidgetServer(
            {
                "REFLEX_DB_URL": postgres.url,
                "REFLEX_REDIS_URL": redis.url,
                "GRANIAN_WORKERS": str(WORKERS),
                "ALMA_RATE_LIMIT_STORAGE": redis.url,
                "ALMA_RATE_LIMITS": "1000000 per hour",
                # Every session counts its steps from one address (bench/__main__.py).
                "ALMA_COUNTING_LIMITS": "1000000 per hour",
                "ALMA_UPLOAD_DIR": str(work / "uploads"),
            },
            work / "widget.log",
        ).start()
        try:
            with sync_playwright() as playwright:
                chromium = measure.launch_chromium(playwright)
                hydrate = capture_hydrate(chromium, widget.url)
                chromium.close()
            before = redis_memory(redis.url)
            runs = []
            for count in sessions:
                print(f"Load run: {count} concurrent sessions…", flush=True)
                runs.append(
                    load_run("widget", widget.url, hydrate, count, postgres.url, widget.process.pid)
                )
            # Every session of the runs is idle now, its state still in Redis until it expires.
            after = redis_memory(redis.url)
        finally:
            widget.stop()
    lines = [
        "",
        f"## Production stack: {WORKERS} workers, Redis, PostgreSQL "
        f"({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `make bench-production`)",
        "",
        "| sessions | s | done/s | errors | submitted | stored | duplicates | "
        "step p95 (ms) | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        steps = "; ".join(f"{s} {pct(v, 95):.0f}" for s, v in r["steps"].items() if v)
        lines.append(f"| {load_cells(r)} | {steps} | {verdict(stored_once(r))} |")
    idle = sum(r["sessions"] for r in runs) + 1  # the captured hydrate's session too
    per_session = (after["bytes"] - before["bytes"]) / idle
    lines += [
        "",
        f"Redis after the runs: {int(after['keys'])} keys, {after['bytes'] / 1e6:.1f} MB used, "
        f"{per_session / 1024:.1f} KB per idle session ({idle} sessions; 1,000 idle sessions: "
        f"{per_session * 1000 / 1e6:.1f} MB), each state expiring {after['ttl'] / 3600:.1f} h "
        "after its last event (rxconfig.py `redis_token_expiration`).",
    ]
    table = "\n".join(lines) + "\n"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    head = old.split(NOTES_MARKER)[0]
    marker = "\n## Production stack"
    if marker in head:
        head = head[: head.index(marker)]
    results.write_text(with_notes(head.rstrip("\n") + "\n" + table, old), encoding="utf-8")
    return table


def redis_memory(url: str) -> dict[str, float]:
    """Redis's used memory, its number of keys, and the longest time to live of a state key."""
    import redis as redis_client

    client = redis_client.Redis.from_url(url)
    try:
        ttls = [client.ttl(key) for key in client.scan_iter(count=500)]
        return {
            "bytes": float(client.info("memory")["used_memory"]),
            "keys": float(client.dbsize()),
            "ttl": float(max((t for t in ttls if t > 0), default=0)),
        }
    finally:
        client.close()
