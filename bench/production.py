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
                "ALMA_UPLOAD_DIR": str(work / "uploads"),
            },
            work / "widget.log",
        ).start()
        try:
            with sync_playwright() as playwright:
                chromium = measure.launch_chromium(playwright)
                hydrate = capture_hydrate(chromium, widget.url)
                chromium.close()
            runs = []
            for count in sessions:
                print(f"Load run: {count} concurrent sessions…", flush=True)
                runs.append(
                    load_run("widget", widget.url, hydrate, count, postgres.url, widget.process.pid)
                )
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
    table = "\n".join(lines) + "\n"
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    head = old.split(NOTES_MARKER)[0]
    marker = "\n## Production stack"
    if marker in head:
        head = head[: head.index(marker)]
    results.write_text(with_notes(head.rstrip("\n") + "\n" + table, old), encoding="utf-8")
    return table
