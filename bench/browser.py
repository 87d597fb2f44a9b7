"""Measurements in a real Chromium: bytes on the wire, time to interactive, click to paint."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Browser, Page

# Records when the first category radio can be used (widget: after hydration).
READY_SCRIPT = """(selector => {
  const check = () => {
    if (!window.__readyAt && document.querySelector(selector)) window.__readyAt = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener("DOMContentLoaded", check);
})(%s);"""

# From the pointer going down to the frame after the revealed part became visible (the
# widget's steps are all in the page; CSS shows them, so presence is not enough).
REVEAL_SCRIPT = """(() => {
  document.addEventListener("pointerdown", () => { window.__clickAt = performance.now(); }, true);
  window.__armReveal = selector => {
    window.__reveal = new Promise(resolve => {
      const done = () => requestAnimationFrame(() => setTimeout(
        () => resolve(performance.now() - window.__clickAt)));
      const observer = new MutationObserver(() => {
        const shown = document.querySelector(selector);
        if (shown && shown.checkVisibility()) { observer.disconnect(); done(); }
      });
      observer.observe(document, {subtree: true, childList: true, attributes: true});
    });
  };
})();"""

KINDS = {"Script": "js", "Stylesheet": "css"}


def cold_load_bytes(browser: Browser, url: str, ready: str) -> dict[str, int]:
    """Compressed bytes of a first visit, by kind, counted by Chromium (DevTools protocol)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    kinds: dict[str, str] = {}
    totals = {"js": 0, "css": 0, "other": 0}
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))

    def finished(event: dict[str, Any]) -> None:
        kind = KINDS.get(kinds.get(event["requestId"], ""), "other")
        totals[kind] += int(event["encodedDataLength"])

    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(ready, state="attached")
    context.close()
    totals["total"] = totals["js"] + totals["css"] + totals["other"]
    return totals


def launcher_bytes(browser: Browser, host_url: str, widget_origin: str) -> dict[str, int]:
    """What a host page downloads from the widget before the launcher is opened, and after.

    Counted with Playwright's request sizes, which include the cross-site iframe's requests
    (a DevTools session on the page does not see that out-of-process frame).
    """
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    totals = {"before": 0, "after": 0}
    phase = {"now": "before"}

    def finished(request) -> None:
        if request.url.startswith(widget_origin):
            sizes = request.sizes()
            totals[phase["now"]] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    page.goto(host_url, wait_until="networkidle")
    phase["now"] = "after"
    page.get_by_role("button", name="Aide").click()
    page.frame_locator("iframe").locator("main[data-hydrated='true']").wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    totals["after"] += totals["before"]
    return totals


def _throttle(page: Page, rate: float) -> None:
    if rate > 1:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})


def time_to_ready(
    browser: Browser, url: str, ready: str, *, loads: int, warm: bool, cpu_slowdown: float = 1
) -> list[float]:
    """Milliseconds from navigation start to the first usable category, `loads` times."""
    times = []
    context = browser.new_context() if warm else None
    if context is not None:
        page = context.new_page()
        page.goto(url)  # fills the cache
        page.wait_for_selector(ready, state="attached")
        page.close()
    for _ in range(loads):
        own = context or browser.new_context()
        page = own.new_page()
        page.add_init_script(READY_SCRIPT % json.dumps(ready))
        _throttle(page, cpu_slowdown)
        page.goto(url)
        page.wait_for_function("() => window.__readyAt !== undefined", timeout=60_000)
        times.append(page.evaluate("() => window.__readyAt"))
        page.close()
        if context is None:
            own.close()
    if context is not None:
        context.close()
    return times


def click_to_reveal(
    browser: Browser, url: str, ready: str, steps: list[tuple[str, str, str]], *, rounds: int
) -> dict[str, list[float]]:
    """For each (name, element to click, element revealed): milliseconds click to paint."""
    context = browser.new_context(locale="fr-FR")
    results: dict[str, list[float]] = {name: [] for name, _, _ in steps}
    for _ in range(rounds):
        page = context.new_page()
        page.add_init_script(REVEAL_SCRIPT)
        page.goto(url)
        page.wait_for_selector(ready, state="attached")
        for name, click, revealed in steps:
            page.evaluate("selector => window.__armReveal(selector)", revealed)
            page.click(click)
            results[name].append(page.evaluate("() => window.__reveal"))
        page.close()
    context.close()
    return results


def capture_hydrate(browser: Browser, url: str) -> dict:
    """The connect payload a real page sends (hydrate event and state schema), to replay."""
    page = browser.new_page()
    captured: dict = {}

    def on_socket(socket) -> None:
        def sent(payload) -> None:
            text = payload if isinstance(payload, str) else payload.decode()
            if text.startswith("40/_event,") and not captured:
                captured.update(json.loads(text.split(",", 1)[1]))

        socket.on("framesent", sent)

    page.on("websocket", on_socket)
    page.goto(url)
    page.wait_for_selector("main[data-hydrated='true']", state="attached")
    page.close()
    return captured
