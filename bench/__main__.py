"""`make bench` / `python -m bench`: the widget against its static baseline, one table.

Builds and starts the production widget and the baseline, each behind a delay proxy
(bench/network.py), measures in Chromium under Lighthouse's mobile profile (150 ms, 1.6 Mbps,
CPU x4) and at 0, 100 and 300 ms round trips, and with concurrent load clients, prints the
tables and writes them to bench/RESULTS.md. Budgets are printed as pass / MISS, and a miss
makes the run exit non-zero. `--smoke` runs every measure a few times, to check the bench
itself works (`make test` does): its figures mean nothing, go to test-results/, not to
RESULTS.md, and a miss is only reported.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import browser as measure
from bench import network
from bench.report import render, with_notes
from bench.runs import load_run, migrate, tree_rss
from harness import demo_server
from harness.proxy import DelayProxy
from harness.servers import ROOT, WidgetServer, answers
from harness.smtp import free_port
from harness.socket_client import capture_hydrate
from harness.waiting import wait_until

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


def untouched_views(widget: WidgetServer, views: int) -> dict:
    """The server's memory before and after `views` checkout pages nobody touched.

    An untouched view asks the widget's origin for the page alone (tests/e2e/
    test_first_paint.py counts it in Chromium), so the page is requested that many times.
    """
    assert widget.process is not None
    url = f"{widget.url}/fr/checkout/?embed=1&host_origin=http%3A%2F%2F127.0.0.1%3A1"
    before = tree_rss(widget.process.pid)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answered = sum(pool.map(lambda _: answers(url), range(views)))
    after = tree_rss(widget.process.pid)
    return {"views": views, "answered": answered, "before": before, "after": after}


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
    parser.add_argument(
        "--early-pages", type=int, default=50, help="pages per merchant page for early clicks"
    )
    parser.add_argument("--views", type=int, default=1000, help="untouched page views")
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
        args.loads, args.rounds, args.early_pages, args.views = 2, 2, 2, 50
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
            # Every customer of the bench counts their steps from one address (127.0.0.1):
            # past the default 200 counts in 10 minutes an address's counts are dropped, and
            # the early clicks' checks (counted once by the server) would report them lost.
            "ALMA_COUNTING_LIMITS": "1000000 per hour",
            "ALMA_FRAME_ANCESTORS": demo_origin,
            "ALMA_UPLOAD_DIR": str(work / "uploads"),
        },
        work / "widget.log",
        via=f"http://localhost:{widget_proxy_port}",
    ).start()
    baseline, baseline_url = start_baseline(baseline_db, work / "baseline.log")
    widget_proxy = DelayProxy(widget.port, port=widget_proxy_port).start()
    baseline_proxy = DelayProxy(int(baseline_url.rsplit(":", 1)[1])).start()
    # The merchant pages load the widget through its proxy, as a customer's phone does.
    demo = demo_server.serve(int(demo_origin.rsplit(":", 1)[1]), widget_proxy.url)
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
                    steps=tuple((click, shown) for _, click, shown in WIDGET_STEPS),
                ),
                "baseline": measure.cold_load_bytes(
                    chromium,
                    baseline_url,
                    BASELINE_READY,
                    steps=tuple((click, shown) for _, click, shown in BASELINE_STEPS),
                ),
            }
            out["launcher"] = measure.launcher_bytes(
                chromium, f"{demo_origin}/dashboard.html", widget_proxy.url
            )
            print(f"{args.views} untouched views of a checkout page…", flush=True)
            out["untouched"] = untouched_views(widget, args.views)
            print("Measuring first usable click and reveals at each round trip…", flush=True)
            out["network"] = network.measure(
                chromium,
                widget_proxy,
                baseline_proxy,
                {"widget": WIDGET_STEPS, "baseline": BASELINE_STEPS},
                loads=args.loads,
                rounds=args.rounds,
                early_pages=args.early_pages,
                database_url=widget_db,
                host_origin=demo_origin,
            )
            hydrate = capture_hydrate(chromium, widget.url)
            under_load = 200 if not args.smoke else sessions[0]
            print(f"Reveals at 100 ms while {under_load} sessions load the server…", flush=True)
            out["under_load"] = network.reveals_under_load(
                chromium,
                {"widget": widget_proxy, "baseline": baseline_proxy},
                {"widget": WIDGET_STEPS, "baseline": BASELINE_STEPS},
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
    misses = report.count("MISS")
    if misses and not args.smoke:  # the smoke run's figures mean nothing: it only reports
        sys.exit(f"{misses} budget(s) missed: see {args.results}")


if __name__ == "__main__":
    main()
