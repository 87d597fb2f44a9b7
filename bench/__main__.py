"""`make bench` / `python -m bench`: the widget against its static baseline, one table.

Builds and starts the production widget and the baseline, each behind a delay proxy
(bench/network.py), measures in Chromium at 0, 100 and 300 ms round trips and with concurrent
load clients, prints the tables and writes them to bench/RESULTS.md. Budgets are printed as
pass / MISS. `--smoke` runs every measure a few times, to check the bench itself works
(`make test` does): its figures mean nothing and go to test-results/, not to RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import sqlalchemy as sa
from playwright.sync_api import sync_playwright

from bench import browser as measure
from bench import load, network
from bench.proxy import DelayProxy
from bench.report import render, with_notes
from scripts import demo_server
from tests.servers import ROOT, WidgetServer, answers
from tests.smtp import free_port
from tests.waiting import wait_until

RESULTS = Path(__file__).with_name("RESULTS.md")
SMOKE_RESULTS = ROOT / "test-results" / "bench-smoke.md"
WIDGET_READY = network.WIDGET_USABLE
BASELINE_READY = network.BASELINE_USABLE
WIDGET_STEPS = [
    ("category", "#category-payment", "#topic-question-payment"),
    ("topic", "#topic-payment-refused", "#help-heading-payment-refused"),
    ("form", "#help-payment-refused .contact-button", "#form-heading"),
]
BASELINE_STEPS = [
    ("category", "#category-payment", "#topic-question"),
    ("topic", "#topic-payment-refused", "#help-heading"),
    ("form", "#contact", "#form-heading"),
]


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
    label = f"{kind}{sessions}-{int(time.time())}"
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


def start_baseline(db_url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "BASELINE_DB_URL": db_url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "bench.baseline.server:from_env",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(log, "w"),  # noqa: SIM115 (closed when the process ends)
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: answers(f"{url}/"), timeout=60)
    return process, url


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=20, help="page loads per timing")
    parser.add_argument("--rounds", type=int, default=20, help="click-to-reveal rounds")
    parser.add_argument("--lost-pages", type=int, default=50, help="pages for lost clicks")
    parser.add_argument("--sessions", default="50,200,500", help="concurrent sessions per run")
    parser.add_argument("--smoke", action="store_true", help="a few of each: the bench works")
    parser.add_argument(
        "--production",
        action="store_true",
        help="only the load runs, on Redis, PostgreSQL and three workers",
    )
    args = parser.parse_args()
    args.results = RESULTS
    if args.smoke:
        args.loads, args.rounds, args.lost_pages = 2, 2, 3
        args.sessions = "20"
        args.results = SMOKE_RESULTS
        args.results.parent.mkdir(exist_ok=True)
        args.results.unlink(missing_ok=True)
    return args


def main() -> None:
    args = _arguments()
    sessions = [int(n) for n in args.sessions.split(",")]
    if args.production:
        from bench import production

        print(production.run(sessions, args.results))
        return
    work = Path(tempfile.mkdtemp(prefix="alma-bench-"))
    widget_db, baseline_db = f"sqlite:///{work / 'widget.db'}", f"sqlite:///{work / 'base.db'}"
    migrate(widget_db)
    migrate(baseline_db)
    demo_origin = f"http://127.0.0.1:{free_port()}"
    print("Starting the production widget and the baseline, each behind a proxy…", flush=True)
    widget_proxy_port = free_port()
    widget = WidgetServer(
        {
            "REFLEX_DB_URL": widget_db,
            "ALMA_RATE_LIMITS": "1000000 per hour",
            "ALMA_FRAME_ANCESTORS": demo_origin,
            "ALMA_UPLOAD_DIR": str(work / "uploads"),
        },
        work / "widget.log",
        via=f"http://localhost:{widget_proxy_port}",
    ).start()
    baseline, baseline_url = start_baseline(baseline_db, work / "baseline.log")
    widget_proxy = DelayProxy(widget.port, port=widget_proxy_port).start()
    baseline_proxy = DelayProxy(int(baseline_url.rsplit(":", 1)[1])).start()
    demo = demo_server.serve(int(demo_origin.rsplit(":", 1)[1]), widget.url)
    out: dict = {"load": []}
    try:
        with sync_playwright() as playwright:
            chromium = measure.launch_chromium(playwright)
            print("Measuring bytes in Chromium…", flush=True)
            out["bytes"] = {
                "widget": measure.cold_load_bytes(
                    chromium,
                    widget_proxy.url,
                    WIDGET_READY,
                    touch=network.TOUCH["widget"],
                    settled=network.SETTLED["widget"],
                ),
                "baseline": measure.cold_load_bytes(chromium, baseline_url, BASELINE_READY),
            }
            out["launcher"] = measure.launcher_bytes(
                chromium, f"{demo_origin}/dashboard.html", widget.url
            )
            print("Measuring first usable click and reveals at each round trip…", flush=True)
            out["network"] = network.measure(
                chromium,
                widget_proxy,
                baseline_proxy,
                {"widget": WIDGET_STEPS, "baseline": BASELINE_STEPS},
                loads=args.loads,
                rounds=args.rounds,
                lost_pages=args.lost_pages,
                database_url=widget_db,
            )
            hydrate = measure.capture_hydrate(chromium, widget.url)
            under_load = 200 if not args.smoke else sessions[0]
            print(f"Reveals at 100 ms while {under_load} sessions load the server…", flush=True)
            out["under_load"] = network.reveals_under_load(
                chromium,
                widget_proxy,
                WIDGET_STEPS,
                rounds=args.rounds,
                load=lambda: load_run(
                    "widget", widget.url, hydrate, under_load, widget_db, widget.process.pid
                ),
            )
            chromium.close()
        for count in sessions:
            print(f"Load run: {count} concurrent sessions…", flush=True)
            for kind, url, db, pid, hydrated in (
                ("widget", widget.url, widget_db, widget.process.pid, hydrate),
                ("baseline", baseline_url, baseline_db, baseline.pid, {}),
            ):
                out["load"].append((kind, load_run(kind, url, hydrated, count, db, pid)))
    finally:
        demo.shutdown()
        widget_proxy.stop()
        baseline_proxy.stop()
        baseline.terminate()
        widget.stop()
        if any(r["errors"] for _, r in out["load"]):
            for log in ("widget.log", "baseline.log"):
                print(f"--- end of {log} ---\n" + (work / log).read_text(errors="replace")[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    report = render(out)
    print(report)
    old = args.results.read_text(encoding="utf-8") if args.results.exists() else ""
    args.results.write_text(with_notes(report, old), encoding="utf-8")
    print(f"Written to {args.results}")


if __name__ == "__main__":
    main()
