"""End-to-end fixtures: the real app (reflex.testing.AppHarness) and a real Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from reflex.testing import AppHarness

ROOT = Path(__file__).resolve().parents[2]
# Generous: the first render after start compiles pages in the dev server.
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
def widget_app() -> Iterator[AppHarness]:
    """The whole app, started once for the session."""
    with AppHarness.create(root=ROOT, app_name="alma_widget") as harness:
        yield harness


@pytest.fixture
def widget(page: Page, widget_app: AppHarness) -> Iterator[Page]:
    """A fresh page on the widget, connected to its backend; fails on any browser error."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    assert widget_app.frontend_url is not None
    page.goto(widget_app.frontend_url)
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    yield page
    assert errors == [], f"the browser reported errors: {errors}"
