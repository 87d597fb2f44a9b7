"""`make bench` / `python -m bench`: the widget against its static baseline, one table.

Builds and starts the production widget and the baseline on localhost, measures in Chromium
and with concurrent load clients, prints the table and writes it to bench/RESULTS.md.
Budgets are printed as pass / MISS; nothing here is asserted by `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import sqlalchemy as sa
from playwright.sync_api import sync_playwright

from bench import browser as measure
from bench import load
from bench.loader import BUDGET as LOADER_BUDGET
from bench.loader import sizes as loader_sizes
from scripts import demo_server
from tests.servers import ROOT, WidgetServer, answers
from tests.smtp import free_port
from tests.waiting import wait_until

RESULTS = Path(__file__).with_name("RESULTS.md")
WIDGET_READY = "main[data-hydrated='true'] input[name=category]"
BASELINE_READY = "main[data-ready] input[name=category]"
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


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=20, help="page loads per timing")
    parser.add_argument("--rounds", type=int, default=20, help="click-to-reveal rounds")
    parser.add_argument("--sessions", default="50,200,500", help="concurrent sessions per run")
    parser.add_argument(
        "--production",
        action="store_true",
        help="only the load runs, on Redis, PostgreSQL and three workers",
    )
    args = parser.parse_args()
    if args.production:
        from bench import production

        print(production.run([int(n) for n in args.sessions.split(",")], RESULTS))
        return
    work = Path(tempfile.mkdtemp(prefix="alma-bench-"))
    widget_db, baseline_db = f"sqlite:///{work / 'widget.db'}", f"sqlite:///{work / 'base.db'}"
    migrate(widget_db)
    migrate(baseline_db)
    demo_origin = f"http://127.0.0.1:{free_port()}"
    print("Starting the production widget and the baseline…", flush=True)
    widget = WidgetServer(
        {
            "REFLEX_DB_URL": widget_db,
            "ALMA_RATE_LIMITS": "1000000 per hour",
            "ALMA_FRAME_ANCESTORS": demo_origin,
            "ALMA_UPLOAD_DIR": str(work / "uploads"),
        },
        work / "widget.log",
    ).start()
    baseline, baseline_url = start_baseline(baseline_db, work / "baseline.log")
    demo = demo_server.serve(int(demo_origin.rsplit(":", 1)[1]), widget.url)
    out: dict = {}
    try:
        with sync_playwright() as playwright:
            executable = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
            chromium = playwright.chromium.launch(
                executable_path=executable,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            print("Measuring bytes, load times and reveals in Chromium…", flush=True)
            out["bytes"] = {
                "widget": measure.cold_load_bytes(chromium, widget.url, WIDGET_READY),
                "baseline": measure.cold_load_bytes(chromium, baseline_url, BASELINE_READY),
            }
            out["launcher"] = measure.launcher_bytes(
                chromium, f"{demo_origin}/dashboard.html", widget.url
            )
            out["ready"] = {}
            for name, url, ready in (
                ("widget", widget.url, WIDGET_READY),
                ("baseline", baseline_url, BASELINE_READY),
            ):
                for warm in (False, True):
                    for slowdown in (1, 4):
                        key = (name, "warm" if warm else "cold", slowdown)
                        out["ready"][key] = measure.time_to_ready(
                            chromium, url, ready, loads=args.loads, warm=warm, cpu_slowdown=slowdown
                        )
            out["reveal"] = {
                "widget": measure.click_to_reveal(
                    chromium, widget.url, WIDGET_READY, WIDGET_STEPS, rounds=args.rounds
                ),
                "baseline": measure.click_to_reveal(
                    chromium, baseline_url, BASELINE_READY, BASELINE_STEPS, rounds=args.rounds
                ),
            }
            hydrate = measure.capture_hydrate(chromium, widget.url)
            chromium.close()
        out["load"] = []
        for sessions in [int(n) for n in args.sessions.split(",")]:
            print(f"Load run: {sessions} concurrent sessions…", flush=True)
            out["load"].append(
                (
                    "widget",
                    load_run(
                        "widget", widget.url, hydrate, sessions, widget_db, widget.process.pid
                    ),
                )
            )
            out["load"].append(
                (
                    "baseline",
                    load_run("baseline", baseline_url, {}, sessions, baseline_db, baseline.pid),
                )
            )
    finally:
        demo.shutdown()
        baseline.terminate()
        widget.stop()
        if any(r["errors"] for _, r in out.get("load", [])):
            for log in ("widget.log", "baseline.log"):
                print(f"--- end of {log} ---\n" + (work / log).read_text(errors="replace")[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    report = render(out)
    print(report)
    RESULTS.write_text(report, encoding="utf-8")
    print(f"Written to {RESULTS}")


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def verdict(ok: bool) -> str:
    return "pass" if ok else "MISS"


def render(out: dict) -> str:
    kb = 1024
    w, b = out["bytes"]["widget"], out["bytes"]["baseline"]
    lines = [
        "# Benchmark: the widget against its static baseline",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {_cpu_model()},",
        f"Python {platform.python_version()}, Chromium headless; all on localhost. `make bench`.",
        "",
        "| measure | widget | baseline | ratio | budget | verdict |",
        "|---|---|---|---|---|---|",
    ]

    def row(name, wv, bv, budget="", ok=None, unit=""):
        ratio = f"{wv / bv:.1f}x" if isinstance(wv, int | float) and bv else ""
        fmt = lambda v: f"{v:,.1f}{unit}" if isinstance(v, float) else f"{v}{unit}"  # noqa: E731
        lines.append(
            f"| {name} | {fmt(wv)} | {fmt(bv)} | {ratio} | {budget} | "
            f"{'' if ok is None else verdict(ok)} |"
        )

    row(
        "cold load, total (KB compressed)",
        w["total"] / kb,
        b["total"] / kb,
        "≤ 120 KB",
        w["total"] <= 120 * kb,
    )
    for part in ("js", "css", "other"):
        row(f"  {part} (KB)", w[part] / kb, b[part] / kb)
    loader = loader_sizes()["gzip"]
    launch = out["launcher"]
    row("loader, gzip (bytes)", loader, "", f"≤ {LOADER_BUDGET}", loader <= LOADER_BUDGET)
    row(
        "host page before opening (bytes from widget)",
        launch["before"],
        "",
        "loader only",
        launch["before"] <= loader + 1024,
    )
    row("host page after opening (KB from widget)", launch["after"] / kb, "")
    ready = out["ready"]
    for warmth in ("cold", "warm"):
        for slowdown in (1, 4):
            wt, bt = ready[("widget", warmth, slowdown)], ready[("baseline", warmth, slowdown)]
            name = f"first category usable, {warmth}, CPU x{slowdown} (ms)"
            med_w, med_b = statistics.median(wt), statistics.median(bt)
            budget = "≤ 2x baseline" if (warmth, slowdown) == ("cold", 1) else ""
            ok = med_w <= 2 * med_b if budget else None
            row(f"{name}, median", med_w, med_b, budget, ok)
            row(f"{name}, p95", pct(wt, 95), pct(bt, 95))
    for step in ("category", "topic", "form"):
        wr, br = out["reveal"]["widget"][step], out["reveal"]["baseline"][step]
        row(f"click to {step} painted, p50 (ms)", pct(wr, 50), pct(br, 50))
        row(
            f"click to {step} painted, p95 (ms)",
            pct(wr, 95),
            pct(br, 95),
            "≤ 50 ms",
            pct(wr, 95) <= 50,
        )
    lines += [
        "",
        "## Load runs (concurrent sessions through the whole flow, one worker)",
        "",
        "| run | sessions | s | done/s | errors | submitted | stored | duplicates | "
        "step p50 / p95 / p99 (ms) | memory / session | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in out["load"]:
        steps = "; ".join(
            f"{s} {pct(v, 50):.0f} / {pct(v, 95):.0f} / {pct(v, 99):.0f}"
            for s, v in r["steps"].items()
            if v
        )
        checks = []
        if kind == "widget" and r["sessions"] == 200:
            reveal_p95 = max(pct(r["steps"].get(s, [0]), 95) for s in ("category", "topic", "form"))
            checks.append(f"reveal p95 {reveal_p95:.0f} ms ≤ 100: {verdict(reveal_p95 <= 100)}")
        if r["sessions"] == 500:
            ok = r["errors"] == 0 and r["stored"] == r["submitted"] == 500 and not r["duplicates"]
            checks.append(f"500 clean: {verdict(ok)}")
        errors = f"{r['errors']} {' '.join(r['error_kinds'])}".strip()
        lines.append(
            f"| {kind} | {r['sessions']} | {r['seconds']:.1f} | {r['throughput']:.1f} | "
            f"{errors} | {r['submitted']} | {r['stored']} | {r['duplicates']} | {steps} | "
            f"{r['memory_per_session'] / kb:.0f} KB | {'; '.join(checks)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
