"""What a customer on a phone network sees: each page behind its own delay proxy.

The widget is built with its websocket on its proxy (harness/proxy.py), so the page, the assets
and every event pay the round trip; the static baseline sits behind a proxy of its own. The
round trip is changed between measures (0, 100, 300 ms), the CPU slowed by Chromium (x1, x4).
Nothing here waits for the widget's readiness marker: a choice is usable once it is painted.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Browser

from bench.browser import REVEAL_SCRIPT, throttle
from harness.db import flow_counts
from harness.proxy import DelayProxy
from harness.waiting import wait_until

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Profile:
    """A customer's network and phone: round trip, bandwidth (0: unlimited), CPU slowdown."""

    name: str
    rtt_ms: float
    down_kbps: float = 0
    up_kbps: float = 0
    cpu: float = 1


# Lighthouse's mobile profile (a mid-range phone on a slow 4G link), then round trips alone.
MOBILE = Profile("mobile: 150 ms, 1.6 Mbps / 750 kbps, CPU x4", 150, 1638.4, 750, 4)
PROFILES = (
    MOBILE,
    Profile("0 ms, CPU x1", 0),
    Profile("100 ms, CPU x1", 100),
    Profile("300 ms, CPU x1", 300),
)
# The first category a customer could press: painted and visible (widget: the prerendered
# radio, usable before the JavaScript connects; baseline: drawn by its script).
WIDGET_USABLE = "#category-payment"
BASELINE_USABLE = "main[data-ready] #category-payment"
USABLE = {"widget": WIDGET_USABLE, "baseline": BASELINE_USABLE}
# A customer's first touch that chooses nothing (the widget loads its app and connects at
# the first touch; the baseline needs none).
TOUCH = {"widget": "#widget-title", "baseline": ""}
# When a customer who reads before clicking finds the page settled (the widget connected,
# after a first touch).
SETTLED = {
    "widget": "() => window.almaIsConnected && window.almaIsConnected()",
    "baseline": "() => true",
}

# The frame in which the first category could be pressed: found, then visible in the frame
# that paints it (requestAnimationFrame runs just before the paint, and not while the page
# cannot paint). Visibility is looked at in that frame, not as the parser adds nodes: that
# would make the browser work out the style of a page half read, a cost of the measure.
USABLE_SCRIPT = """(selector => {
  let seen = false;
  let asked = false;
  const check = () => {
    if (seen || asked || !document.querySelector(selector)) return;
    asked = true;
    requestAnimationFrame(() => {
      asked = false;
      const found = document.querySelector(selector);
      if (seen || !found.checkVisibility()) return;
      seen = true;
      window.__usableAt = performance.now();
    });
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  document.addEventListener("DOMContentLoaded", check);
})(%s);"""


def first_usable(
    browser: Browser, url: str, selector: str, *, loads: int, cpu_slowdown: float
) -> list[float]:
    """Milliseconds from navigation start to the first category painted and usable (cold).

    Nothing of the bench runs in the page while it loads: Playwright's polling
    (`wait_for_function`) first injects its own script, 50 to 80 ms of the page's main thread
    at CPU x4, which landed before the widget's first paint and after the baseline's (the
    widget measured 300 ms instead of 224 on a local copy of its page, the baseline 111
    instead of 127). The page's `load` event is awaited from outside, then the time read."""
    times = []
    for _ in range(loads):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.add_init_script(USABLE_SCRIPT % json.dumps(selector))
        throttle(page, cpu_slowdown)
        page.goto(url, wait_until="load", timeout=60_000)
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
    cpu: float = 1,
) -> dict[str, list[dict]]:
    """Click to paint of each step ({"ms", "held"}: see REVEAL_SCRIPT), the first click made
    as soon as the choice is usable, or once `settled` (a JS condition) holds."""
    results: dict[str, list[dict]] = {name: [] for name, _, _ in steps}
    for _ in range(rounds):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.add_init_script(REVEAL_SCRIPT)
        throttle(page, cpu)
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


def side_by_side(
    pages: dict[str, DelayProxy], turns: int, measure_once: Callable[[str, DelayProxy], T]
) -> dict[str, list[T]]:
    """`measure_once` on each page, turn after turn, the order reversed every other turn.

    Both pages meet the same moments of this machine (a server still busy with the last
    measure, the load's runs, the host's other work): measured one after the other, a
    drift fell on one page only, and moved the ratio by as much as the budget's margin."""
    out: dict[str, list[T]] = {name: [] for name in pages}
    for turn in range(turns):
        order = list(pages.items())
        for name, proxy in order if turn % 2 == 0 else reversed(order):
            out[name].append(measure_once(name, proxy))
    return out


def reveal_round(
    browser: Browser,
    name: str,
    proxy: DelayProxy,
    steps: list[tuple[str, str, str]],
    *,
    moment: str,
    cpu: float = 1,
) -> dict[str, list[dict]]:
    """One round of `reveals` on page `name` ("widget" or "baseline"): its first click as
    soon as the choice is painted ("early"), or once the page settled ("settled")."""
    return reveals(
        browser,
        proxy.url,
        USABLE[name],
        steps,
        rounds=1,
        settled=SETTLED[name] if moment == "settled" else "",
        touch=TOUCH[name],
        cpu=cpu,
    )


def merged(rounds: list[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """The rounds of `reveals`, one list per step."""
    out: dict[str, list[dict]] = {}
    for one in rounds:
        for step, seen in one.items():
            out.setdefault(step, []).extend(seen)
    return out


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
    browser: Browser, url: str, *, rounds: int, settled: bool = True, cpu: float = 1
) -> list[float]:
    """Milliseconds from each key press to the results it changed, once the page settled
    (touched, connected, the search field touched), or typed as soon as the field is
    painted (the first key then waits for the search's script and index)."""
    timings: list[float] = []
    for index in range(rounds):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.add_init_script(TYPING_SCRIPT)
        throttle(page, cpu)
        page.goto(url, wait_until="commit")
        if settled:
            # Connected, and the search field touched a moment before typing: its script
            # and index come when it is first touched (assets/boot.js), as for a customer
            # who reads its label before typing.
            page.click(TOUCH["widget"])
            page.wait_for_function(SETTLED["widget"])
            page.locator("#search-input").focus()
            page.wait_for_function("() => window.AlmaSearch")
            page.wait_for_load_state("networkidle")
        page.locator("#search-input").press_sequentially(SEARCH_WORDS[index % len(SEARCH_WORDS)])
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length")
        timings.extend(page.evaluate("() => window.__typed"))
        context.close()
    return timings


# Merchant pages where a customer clicks as soon as a choice is painted (demo/host.html and
# the strict-CSP payment page): the query, the launcher's name (None: inline), the category
# clicked and its first topic.
HOST_PAGES = {
    "inline checkout": ("host.html?mode=inline&context=checkout", None, "Ma commande"),
    "launcher, account": ("host.html?mode=launcher&context=account", "Aide", "Mon compte Alma"),
    "strict CSP checkout": ("strict.html", None, "Ma commande"),
}
CONNECTED = "() => window.almaIsConnected && window.almaIsConnected()"


def early_clicks(
    browser: Browser, host_origin: str, database_url: str, *, pages: int, cpu: float
) -> dict[str, tuple[int, int, int]]:
    """For each merchant page: (lost, misplaced, pages). On each page a category and its
    first topic are pressed as soon as they are painted; misplaced: another category ends
    up chosen; lost: the help is not shown, or not counted once by the server."""
    out = {}
    for name, (path, launcher, category) in HOST_PAGES.items():
        lost = misplaced = 0
        for _ in range(pages):
            context = browser.new_context(locale="fr-FR")
            page = context.new_page()
            throttle(page, cpu)
            page.goto(f"{host_origin}/{path}", wait_until="commit")
            if launcher:
                page.get_by_role("button", name=launcher).click()
            widget = page.frame_locator("iframe")
            widget.get_by_text(category, exact=True).click()
            topics = widget.locator("fieldset:visible").nth(1)
            topic = topics.get_by_role("radio").first.get_attribute("value")
            before = flow_counts(database_url, topic).get("help_shown", 0)
            topics.locator("label").first.click()
            frame = next(f for f in page.frames if f is not page.main_frame)
            frame.wait_for_function(CONNECTED, timeout=60_000)
            chosen = frame.evaluate(
                "() => [...document.querySelectorAll('input[name=category]:checked')]"
                ".map(r => document.querySelector(`label[for=${r.id}]`).textContent)"
            )
            shown = frame.locator(f"#help-heading-{topic}").is_visible()
            try:
                wait_until(
                    lambda t=topic, b=before: (
                        flow_counts(database_url, t).get("help_shown", 0) == b + 1
                    ),
                    timeout=10,
                )
                counted = True
            except AssertionError:
                counted = False
            context.close()
            misplaced += chosen != [category]
            lost += chosen == [category] and not (shown and counted)
        out[name] = (lost, misplaced, pages)
    return out


def measure(
    browser: Browser,
    widget: DelayProxy,
    baseline: DelayProxy,
    steps: dict[str, list[tuple[str, str, str]]],
    *,
    loads: int,
    rounds: int,
    early_pages: int,
    database_url: str,
    host_origin: str,
) -> dict:
    """Every figure of the network table, both pages under each profile."""
    pages = {"widget": widget, "baseline": baseline}
    out: dict = {"usable": {}, "reveal": {}, "typing": {}}
    for profile in PROFILES:
        for proxy in pages.values():
            proxy.shape(profile.rtt_ms, profile.down_kbps, profile.up_kbps)
        print(f"  {profile.name}…", flush=True)
        usable = side_by_side(
            pages,
            loads,
            lambda name, proxy, cpu=profile.cpu: first_usable(
                browser, proxy.url, USABLE[name], loads=1, cpu_slowdown=cpu
            ),
        )
        for name, times in usable.items():
            out["usable"][(name, profile)] = [t for load in times for t in load]
        for moment in ("early", "settled"):
            timings = side_by_side(
                pages,
                rounds,
                lambda name, proxy, cpu=profile.cpu, moment=moment: reveal_round(
                    browser, name, proxy, steps[name], moment=moment, cpu=cpu
                ),
            )
            for name, rounds_seen in timings.items():
                out["reveal"][(name, profile, moment)] = merged(rounds_seen)
        for moment in ("early", "settled"):
            out["typing"][(profile, moment)] = typing_to_results(
                browser, widget.url, rounds=rounds, settled=moment == "settled", cpu=profile.cpu
            )
    widget.shape(MOBILE.rtt_ms, MOBILE.down_kbps, MOBILE.up_kbps)
    print(f"  early clicks on merchant pages, {early_pages} each, {MOBILE.name}…", flush=True)
    out["early_clicks"] = early_clicks(
        browser, host_origin, database_url, pages=early_pages, cpu=MOBILE.cpu
    )
    return out


def reveals_under_load(
    browser: Browser,
    pages: dict[str, DelayProxy],
    steps: dict[str, list[tuple[str, str, str]]],
    *,
    rounds: int,
    load: Callable[[], dict],
) -> tuple[dict[str, dict[str, dict[str, list[dict]]]], list[dict]]:
    """Click to paint at 100 ms, the widget's then the static page's, while load runs (`load`,
    200 sessions each against the widget's server) follow one another on this machine until
    the last round is measured: both pages share the CPU with the load, so the static page's
    figure is the budget's reference, as at every profile."""
    for proxy in pages.values():
        proxy.shape(100)
    runs: list[dict] = []
    measuring = threading.Event()
    measuring.set()

    def keep_loading() -> None:
        while measuring.is_set():
            runs.append(load())

    worker = threading.Thread(target=keep_loading)
    worker.start()
    try:
        timings: dict[str, dict[str, dict[str, list[dict]]]] = {name: {} for name in pages}
        for moment in ("early", "settled"):
            seen = side_by_side(
                pages,
                rounds,
                lambda name, proxy, moment=moment: reveal_round(
                    browser, name, proxy, steps[name], moment=moment
                ),
            )
            for name, rounds_seen in seen.items():
                timings[name][moment] = merged(rounds_seen)
    finally:
        measuring.clear()
        worker.join()
    return timings, runs
