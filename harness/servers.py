"""The widget as customers get it: a production build on one port, in its own process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from harness.smtp import free_port
from harness.waiting import wait_until

ROOT = Path(__file__).resolve().parents[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class WidgetServer:
    """`reflex run --env prod --single-port` with the given environment; stop() ends it."""

    def __init__(self, env: dict[str, str], log_path: Path, *, via: str = "") -> None:
        """`via`: the origin of a proxy in front of it (harness/proxy.py): the page is built to
        open its websocket there too, and the websocket accepts that origin."""
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.env = {**os.environ, **env, "ALMA_WIDGET_ORIGIN": f"{self.url} {via}".strip()}
        if via:
            self.env["REFLEX_API_URL"] = via
        if self.env.get("REFLEX_REDIS_URL"):
            # Several workers: their metrics meet in a folder of this server's own, emptied
            # at each start, as scripts/serve.sh does (alma_widget/metrics.py).
            self.env["PROMETHEUS_MULTIPROC_DIR"] = str(log_path.parent / f"metrics-{self.port}")
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> WidgetServer:
        """Build and start (again, after stop(): same port, same environment)."""
        if metrics_dir := self.env.get("PROMETHEUS_MULTIPROC_DIR"):
            shutil.rmtree(metrics_dir, ignore_errors=True)
            Path(metrics_dir).mkdir(parents=True)
        command = [
            sys.executable,
            "-m",
            "reflex",
            "run",
            "--env",
            "prod",
            "--single-port",
            "--frontend-port",
            str(self.port),
            "--backend-port",
            str(self.port),
        ]
        log = open(self.log_path, "w")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until(self._ready, timeout=300, every=0.5)
        except AssertionError:
            self.stop()
            raise AssertionError(f"the widget did not start; see {self.log_path}") from None
        return self

    def _ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the widget exited; see {self.log_path}")
        return answers(f"{self.url}/ping") and answers(f"{self.url}/")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
