"""End-to-end fixtures: the production widget, demo host pages, SMTP, and a real Chromium."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from alma_widget.admin.auth import hash_password
from alma_widget.settings import settings
from harness import demo_server
from harness.identity import SECRETS_SETTING as IDENTITY_SECRETS
from harness.postgres import TemporaryPostgres
from harness.redis_server import TemporaryRedis
from harness.s3 import LocalS3
from harness.servers import WidgetServer
from harness.smtp import SmtpSink, free_port
from harness.zendesk import LocalZendesk

ROOT = Path(__file__).resolve().parents[2]
# The second pass of `make test`: Redis, PostgreSQL and several workers.
PRODUCTION = os.environ.get("ALMA_E2E_STACK") == "production"
PRODUCTION_WORKERS = 3
ADMIN_PASSWORD = "mot-de-passe-du-support-2026"
# A host page whose configuration is wrong in three ways; the page must still work.
BROKEN_HOST = """<!doctype html><html lang="fr"><head><title>Hôte</title>
<link rel="icon" href="data:,"></head><body>
<h1>Page hôte</h1><div id="alma-support"></div>
<script src="__WIDGET_ORIGIN__/embed.js" data-mode="inline" data-context="nulle-part"
        data-accent="red" data-topic="payment-refused" data-colour="blue"></script>
</body></html>"""
# A host page that asks for English whatever the browser's language.
ENGLISH_HOST = """<!doctype html><html lang="en"><head><title>Host</title>
<link rel="icon" href="data:,"></head><body><h1>English host</h1>
<script src="__WIDGET_ORIGIN__/embed.js" data-mode="launcher" data-locale="en"></script>
</body></html>"""
# A merchant who sends nothing of its page's address (data-page-url="none").
PRIVATE_HOST = """<!doctype html><html lang="fr"><head><title>Host</title>
<link rel="icon" href="data:,"></head><body><h1>Espace privé</h1><div id="alma-support"></div>
<script src="__WIDGET_ORIGIN__/embed.js" data-mode="inline" data-page-url="none"></script>
</body></html>"""
# A merchant's theme in data attributes: its accent, the dark mode whatever the system says,
# square corners and a serif font.
THEMED_HOST = """<!doctype html><html lang="fr"><head><title>Host</title>
<link rel="icon" href="data:,"></head><body><h1>Boutique sombre</h1><div id="alma-support"></div>
<script src="__WIDGET_ORIGIN__/embed.js" data-mode="inline" data-context="checkout"
        data-theme-accent="#0b5fff" data-theme-mode="dark" data-theme-radius="0"
        data-theme-font="Georgia, serif"></script>
</body></html>"""
# Alma's dashboard, signed in: the test calls init() with the token it signed.
ACCOUNT_HOST = """<!doctype html><html lang="fr"><head><title>Mon espace</title>
<link rel="icon" href="data:,"></head><body><h1>Mon espace</h1><div id="alma-support"></div>
<script src="__WIDGET_ORIGIN__/embed.js"></script>
<script>window.almaHostEvents = [];
["ready", "identified", "error", "submitted", "requestsShown", "replied"].forEach(function (name) {
  AlmaSupport.on(name, function (p) { almaHostEvents.push({ name: name, payload: p }); });
});</script></body></html>"""
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium when scripts/browser.sh found one; no background traffic."""
    args = {
        **browser_type_launch_args,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
    if executable := os.environ.get("ALMA_TEST_CHROMIUM"):
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A French-speaking browser by default (tests of other languages ask for theirs)."""
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback that keeps what it receives."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="session")
def local_zendesk() -> Iterator[LocalZendesk]:
    """A local Zendesk Support API (harness/zendesk.py): every request also becomes a ticket."""
    with LocalZendesk() as server:
        yield server


@pytest.fixture(scope="session")
def postgres() -> Iterator[TemporaryPostgres | None]:
    """The production pass's PostgreSQL server (None on the embedded SQLite pass)."""
    if not PRODUCTION:
        yield None
        return
    with TemporaryPostgres() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[TemporaryRedis | None]:
    """The production pass's Redis server (None on the embedded pass)."""
    if not PRODUCTION:
        yield None
        return
    with TemporaryRedis() as server:
        yield server


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, postgres) -> str:
    """A fresh database migrated with the project's own migrations."""
    if postgres is not None:
        url = postgres.url
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'e2e.db'}"
    env = {**os.environ, "REFLEX_DB_URL": url}
    subprocess.run([sys.executable, "-m", "reflex", "db", "migrate"], cwd=ROOT, env=env, check=True)
    return url


@pytest.fixture(scope="session")
def local_s3() -> Iterator[LocalS3 | None]:
    """The production pass's S3-compatible bucket (moto's server on loopback); this process
    reads it with the same variables as the widget (None on the embedded pass)."""
    if not PRODUCTION:
        yield None
        return
    with LocalS3() as s3:
        saved = {name: os.environ.get(name) for name in s3.env()}
        os.environ.update(s3.env())
        settings.cache_clear()
        yield s3
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        settings.cache_clear()


@pytest.fixture(scope="session")
def upload_dir(tmp_path_factory: pytest.TempPathFactory, local_s3) -> str:
    """Where the app stores attachments during the session: a folder on the embedded pass,
    the bucket (s3://bucket/prefix) on the production pass. Read it with file_store()."""
    if local_s3 is not None:
        return local_s3.env()["ALMA_ATTACHMENTS_URL"]
    return str(tmp_path_factory.mktemp("uploads"))


@pytest.fixture(scope="session")
def demo_origin() -> str:
    """Where the demo host pages live: another site than the widget (127.0.0.1, localhost)."""
    return f"http://127.0.0.1:{free_port()}"


METRICS_TOKEN = secrets.token_urlsafe(24)


def widget_env(
    database_url: str,
    smtp_sink: SmtpSink,
    upload_dir: str,
    frame_ancestors: str,
    redis_server,
    zendesk: LocalZendesk | None = None,
    local_s3: LocalS3 | None = None,
) -> dict[str, str]:
    """The environment of a widget server under test, mailing to the local SMTP sink (and
    creating tickets in the local Zendesk, when given one)."""
    env = {
        "REFLEX_DB_URL": database_url,
        "ALMA_SMTP_HOST": "127.0.0.1",
        "ALMA_SMTP_PORT": str(smtp_sink.port),
        "ALMA_SUPPORT_EMAIL": "support@alma.test",
        "ALMA_OUTBOX_POLL_SECONDS": "0.5",
        "ALMA_FRAME_ANCESTORS": frame_ancestors,
        # The suite sends more than a customer would from one address.
        "ALMA_RATE_LIMITS": "1000 per hour",
        "ALMA_UPLOAD_LIMITS": "1000 per hour",
        # Tracking links asked from one address by many tests (the limit: tests/unit).
        "ALMA_TRACKING_LIMITS": "1000 per hour",
        # Every test's choices are counted from one address (127.0.0.1), in one Redis for the
        # whole production pass: past 600 an hour the search's counts were refused (the
        # limit: tests/unit/test_rate_limits.py).
        "ALMA_COUNTING_LIMITS": "100000 per hour",
        # The reply time read from the replies each test stores, not a minute-old reading.
        "ALMA_REPLY_TIME_REREAD_SECONDS": "0",
        "ALMA_ADMIN_PASSWORD_HASH": hash_password(ADMIN_PASSWORD),
        "ALMA_ADMIN_SIGN_IN_LIMITS": "1000 per minute",
        # Signs the back office's download and export links.
        "ALMA_LINK_SECRET": secrets.token_urlsafe(32),
        # The account backend's signing secrets, two at once (harness/identity.py).
        "ALMA_IDENTITY_SECRETS": IDENTITY_SECRETS,
        # What Prometheus would scrape (tests/e2e/test_metrics.py).
        "ALMA_METRICS_TOKEN": METRICS_TOKEN,
    }
    if local_s3 is not None:
        env |= local_s3.env()  # the bucket, and the standard AWS_* variables
    else:
        env["ALMA_UPLOAD_DIR"] = str(upload_dir)
    if zendesk is not None:
        env |= {f"ALMA_{name.upper()}": value for name, value in zendesk.settings().items()}
        env["ALMA_DELIVERY"] = "smtp,zendesk"
        # The satisfaction question by mail too, after the team solves a request it answered.
        env["ALMA_CSAT_MAIL"] = "1"
    if redis_server is not None:
        # Reflex's scale-out path: state in Redis, several workers, shared rate limits.
        env |= {
            "REFLEX_REDIS_URL": redis_server.url,
            # JSON lines, as `make serve` writes them.
            "ALMA_LOG_FORMAT": "json",
            "GRANIAN_WORKERS": str(PRODUCTION_WORKERS),
            "ALMA_RATE_LIMIT_STORAGE": redis_server.url,
        }
    return env


@pytest.fixture(scope="session")
def widget_app(
    database_url: str,
    smtp_sink: SmtpSink,
    upload_dir: str,
    demo_origin: str,
    redis_server,
    local_zendesk: LocalZendesk,
    local_s3: LocalS3 | None,
    tmp_path_factory,
) -> Iterator[WidgetServer]:
    """The production widget, started once: mails to the local SMTP sink, tickets to the
    local Zendesk."""
    env = widget_env(
        database_url, smtp_sink, upload_dir, demo_origin, redis_server, local_zendesk, local_s3
    )
    server = WidgetServer(env, tmp_path_factory.mktemp("logs") / "widget.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_host(widget_app: WidgetServer, demo_origin: str) -> Iterator[str]:
    """The demo host pages, served on their allowed origin, loading this widget."""
    server = demo_server.serve(
        int(demo_origin.rsplit(":", 1)[1]),
        widget_app.url,
        extra={
            "/broken.html": BROKEN_HOST,
            "/english.html": ENGLISH_HOST,
            "/private.html": PRIVATE_HOST,
            "/account.html": ACCOUNT_HOST,
            "/themed.html": THEMED_HOST,
        },
        identity_secrets=IDENTITY_SECRETS,
    )
    yield demo_origin
    server.shutdown()


@pytest.fixture(scope="session")
def foreign_host(widget_app: WidgetServer) -> Iterator[str]:
    """The same demo pages on an origin that is not allowed to frame the widget."""
    port = free_port()
    server = demo_server.serve(port, widget_app.url)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture
def browser_errors(page: Page) -> Iterator[list[str]]:
    """Fails the test if the page, or a frame in it, reports an error (tests may clear it)."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield errors
    assert errors == [], f"the browser reported errors: {errors}"


# What the browser says while the server is away: expected in the tests that stop it.
SERVER_AWAY = r"WebSocket connection to .* failed|Failed to load resource.*ERR_CONNECTION_REFUSED"


def drop_expected(errors: list[str], expected: str) -> None:
    """Take out of `errors` the messages the test provoked (a regular expression); any other
    error the browser reported still fails the test."""
    errors[:] = [error for error in errors if not re.search(expected, error)]


@pytest.fixture
def widget(page: Page, widget_app: WidgetServer, browser_errors: list[str]) -> Page:
    """A fresh page on the widget as a customer meets it: painted, not connected (the page
    connects at the first touch). Tests act as soon as a control is visible."""
    page.goto(widget_app.url)
    expect(page.locator("#category-question")).to_be_visible()
    return page


def connect(page: Page) -> None:
    """A first touch that chooses nothing (the widget's title), then wait until the page has
    loaded its app and connected: for tests about the connection itself."""
    page.locator("#widget-title").click()
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
