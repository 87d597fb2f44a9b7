"""What a customer on a phone network sees: each page behind its own delay proxy.

The widget is built with its websocket on its proxy (bench/proxy.py), so the page, the assets
and every event pay the round trip; the static baseline sits behind a proxy of its own. The
round trip is changed between measures (0, 100, 300 ms), the CPU slowed by Chromium (x1, x4).
Nothing here waits for the widget's readiness marker: a choice is usable once it is painted.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from playwright.sync_api import Browser

from bench.browser import REVEAL_SCRIPT, throttle
from bench.proxy import DelayProxy
from tests.e2e.db import flow_counts
from tests.waiting import wait_until

ROUND_TRIPS_MS = (0, 100, 300)
SLOWDOWNS = (1, 4)
# The first category a customer could press: painted and visible (widget: the prerendered
# radio, usable before the JavaScript connects; baseline: drawn by its script).
WIDGET_USABLE = "#category-payment"
BASELINE_USABLE = "main[data-ready] #category-payment"
LOST_CLICK_TOPIC = "payment-refused"
# A customer's first touch that chooses nothing (the widget loads its app and connects at
# the first touch; the baseline needs none).
TOUCH = {"widget": "#widget-title", "baseline": ""}
# When a customer who reads before clicking finds the page settled (the widget connected,
# after a first touch).
SETTLED = {
    "widget": "() => window.almaIsConnected && window.almaIsConnected()",
    "baseline": "() => true",
}

# The frame in which the first category could be pressed: found visible, then painted
# (requestAnimationFrame runs just before the paint, and not while the page cannot paint).
USABLE_SCRIPT = """(selector => {
  let seen = false;
  const check = () => {
    const found = document.querySelector(selector);
    if (seen || !found || !found.checkVisibility()) return;
    seen = true;
    requestAnimationFrame(() => { window.__usableAt = performance.now(); });
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener("DOMContentLoaded", check);
})(%s);"""


def first_usable(
    browser: Browser, url: str, selector: str, *, loads: int, cpu_slowdown: float
) -> list[float]:
    """Milliseconds from navigation start to the first category painted and usable (cold)."""
    times = []
    for _ in range(loads):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.add_init_script(USABLE_SCRIPT % json.dumps(selector))
        throttle(page, cpu_slowdown)
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__usableAt !== undefined", timeout=60_000)
        times.append(page.evaluate("() => window.__usableAt"))
        context.close()
    return times


def reveals(
    browser: Browser,
    url: str,
    usable: str,
    steps: list[tuple[str, str, str]],
    *,
    rounds: int,
    settled: str = "",
    touch: str = "",
) -> dict[str, list[dict]]:
    """Click to paint of each step ({"ms", "held"}: see REVEAL_SCRIPT), the first click made
    as soon as the choice is usable, or once `settled` (a JS condition) holds."""
    results: dict[str, list[dict]] = {name: [] for name, _, _ in steps}
    for _ in range(rounds):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.add_init_script(REVEAL_SCRIPT)
        page.goto(url, wait_until="commit")
        page.locator(usable).wait_for(state="visible")
        if settled:
            if touch:
                page.click(touch)
            page.wait_for_function(settled)
        for name, click, revealed in steps:
            page.evaluate("selector => window.__armReveal(selector)", revealed)
            page.click(click)
            results[name].append(page.evaluate("() => window.__reveal"))
        context.close()
    return results


# From a key pressed in the search field to the frame showing the results it changed.
TYPING_SCRIPT = """(() => {
  let keyAt = 0;
  window.__typed = [];
  document.addEventListener("keydown", event => { keyAt = event.timeStamp; }, true);
  const watch = () => {
    const list = document.getElementById("search-results");
    if (!list) return requestAnimationFrame(watch);
    new MutationObserver(() => {
      const pressed = keyAt;
      if (pressed) requestAnimationFrame(frame => window.__typed.push(frame - pressed));
      keyAt = 0;
    }).observe(list, {childList: true});
  };
  document.addEventListener("DOMContentLoaded", watch);
})();"""
SEARCH_WORDS = ("colis", "remboursement", "echeance", "cb refusee")


def typing_to_results(
    browser: Browser, url: str, *, rounds: int, settled: bool = True
) -> list[float]:
    """Milliseconds from each key press to the results it changed, once the page settled
    (touched, then connected), or typed as soon as the field is painted."""
    timings: list[float] = []
    for index in range(rounds):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.add_init_script(TYPING_SCRIPT)
        page.goto(url, wait_until="commit")
        if settled:
            page.click(TOUCH["widget"])
            page.wait_for_function(SETTLED["widget"])
        page.locator("#search-input").press_sequentially(SEARCH_WORDS[index % len(SEARCH_WORDS)])
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length")
        timings.extend(page.evaluate("() => window.__typed"))
        context.close()
    return timings


def lost_early_clicks(browser: Browser, url: str, database_url: str, *, pages: int) -> int:
    """Pages out of `pages` where a category and a topic pressed as soon as they were
    painted did not end with the help shown and counted once by the server."""

    def help_shown() -> int:
        return flow_counts(database_url, LOST_CLICK_TOPIC).get("help_shown", 0)

    lost = 0
    for _ in range(pages):
        before = help_shown()
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.click("#category-payment")
        page.click(f"#topic-{LOST_CLICK_TOPIC}")
        page.wait_for_function("() => window.almaIsConnected && window.almaIsConnected()")
        shown = page.locator(f"#help-heading-{LOST_CLICK_TOPIC}").is_visible()
        try:
            wait_until(lambda before=before: help_shown() > before, timeout=10)
            counted = True
        except AssertionError:
            counted = False
        context.close()
        lost += not (shown and counted)
    return lost


def measure(
    browser: Browser,
    widget: DelayProxy,
    baseline: DelayProxy,
    steps: dict[str, list[tuple[str, str, str]]],
    *,
    loads: int,
    rounds: int,
    lost_pages: int,
    database_url: str,
) -> dict:
    """Every figure of the network table, both pages at each round trip."""
    pages = {"widget": (widget, WIDGET_USABLE), "baseline": (baseline, BASELINE_USABLE)}
    out: dict = {"usable": {}, "reveal": {}}
    for rtt in ROUND_TRIPS_MS:
        for name, (proxy, usable) in pages.items():
            proxy.rtt_ms = rtt
            print(f"  {name} at {rtt} ms…", flush=True)
            for slowdown in SLOWDOWNS:
                out["usable"][(name, rtt, slowdown)] = first_usable(
                    browser, proxy.url, usable, loads=loads, cpu_slowdown=slowdown
                )
            for moment, settled in (("early", ""), ("settled", SETTLED[name])):
                out["reveal"][(name, rtt, moment)] = reveals(
                    browser,
                    proxy.url,
                    usable,
                    steps[name],
                    rounds=rounds,
                    settled=settled,
                    touch=TOUCH[name],
                )
    out["typing"] = {}
    for rtt in ROUND_TRIPS_MS[1:]:
        widget.rtt_ms = rtt
        print(f"  search while typing at {rtt} ms…", flush=True)
        out["typing"][rtt] = typing_to_results(browser, widget.url, rounds=rounds)
    widget.rtt_ms = 300
    print(f"  lost early clicks, {lost_pages} pages at 300 ms…", flush=True)
    out["lost"] = (
        lost_early_clicks(browser, widget.url, database_url, pages=lost_pages),
        lost_pages,
    )
    return out


def reveals_under_load(
    browser: Browser, widget: DelayProxy, steps, *, rounds: int, load: Callable[[], dict]
) -> tuple[dict[str, dict[str, list[dict]]], list[dict]]:
    """Click to paint at 100 ms while load runs (`load`, 200 sessions each) follow one
    another against the same server until the last round is measured."""
    widget.rtt_ms = 100
    runs: list[dict] = []
    measuring = threading.Event()
    measuring.set()

    def keep_loading() -> None:
        while measuring.is_set():
            runs.append(load())

    worker = threading.Thread(target=keep_loading)
    worker.start()
    try:
        timings = {
            moment: reveals(
                browser,
                widget.url,
                WIDGET_USABLE,
                steps,
                rounds=rounds,
                settled=settled,
                touch=TOUCH["widget"],
            )
            for moment, settled in (("early", ""), ("settled", SETTLED["widget"]))
        }
    finally:
        measuring.clear()
        worker.join()
    return timings, runs
