"""Measurements in a real Chromium: bytes on the wire, time to interactive, click to paint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

# From the pointer going down (the event's own time: any wait before the page could handle it
# counts) to the frame that shows the revealed part: the requestAnimationFrame time of the
# first frame after it became visible (the widget's steps are all in the page; CSS shows them,
# so presence is not enough). Within one frame (16.7 ms at 60 Hz) means shown by the very next
# frame. With each timing, how long the page's main thread was held by long tasks (over
# 50 ms: script compiling, hydration...) meanwhile: the measured cause of a slow reveal.
REVEAL_SCRIPT = """(() => {
  window.__longTasks = [];
  try {
    new PerformanceObserver(list => window.__longTasks.push(...list.getEntries()))
      .observe({type: "longtask", buffered: true});
  } catch (error) {}
  document.addEventListener("pointerdown", event => { window.__clickAt = event.timeStamp; }, true);
  window.__armReveal = selector => {
    window.__reveal = new Promise(resolve => {
      let finished = false;
      const visible = () => {
        const shown = document.querySelector(selector);
        return Boolean(shown && shown.checkVisibility());
      };
      // The frame that paints it (requestAnimationFrame runs just before the paint).
      const finish = frameTime => {
        if (finished) return;
        finished = true;
        observer.disconnect();
        const start = window.__clickAt;
        const held = window.__longTasks
          .map(t => Math.min(frameTime, t.startTime + t.duration) - Math.max(start, t.startTime))
          .filter(overlap => overlap > 0)
          .reduce((a, b) => a + b, 0);
        resolve({ms: frameTime - start, held});
      };
      // Shown by a script: the frame after the change, looked at in that frame. Looking in
      // the observer would make the browser work out the page's style inside the click's
      // task, before its frame: a cost of the measure, not of the page, which a page
      // showing it by CSS alone never paid (the static baseline).
      const observer = new MutationObserver(() => {
        requestAnimationFrame(frameTime => { if (visible()) finish(frameTime); });
      });
      observer.observe(document, {subtree: true, childList: true, attributes: true});
      // Shown by CSS alone (a radio checked changes no attribute): the frame that finds it
      // visible, looked at before each paint from the click on (not before: frames asked
      // for while idle would make the page answer input sooner than a customer's does).
      const everyFrame = frameTime => {
        if (finished) return;
        if (visible()) finish(frameTime);
        else requestAnimationFrame(everyFrame);
      };
      document.addEventListener("click", () => requestAnimationFrame(everyFrame), {
        capture: true, once: true,
      });
    });
  };
})();"""

KINDS = {"Script": "js", "Stylesheet": "css"}


def cold_load_bytes(
    browser: Browser,
    url: str,
    ready: str,
    touch: str = "",
    settled: str = "",
    steps: tuple[tuple[str, str], ...] = (),
) -> dict[str, int]:
    """Compressed bytes of a first visit, by kind, counted by Chromium (DevTools protocol).

    With `touch`, also `untouched`: the bytes once the page is painted and the network idle,
    before the customer touches it; then `touch` is clicked, the page waits for `settled`
    (a JS condition) and the network to be idle again: `touched_js` is the JavaScript until
    then. Then each (click, shown) of `steps` is taken down to the form, and the totals are
    the whole visit of a customer who writes to the team.
    """
    context = browser.new_context(locale="fr-FR")
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
    page.wait_for_selector(ready, state="visible")
    untouched = sum(totals.values())
    touched_js = totals["js"]
    if touch:
        page.click(touch)
        page.wait_for_function(settled)
        page.wait_for_load_state("networkidle")
        touched_js = totals["js"]
    for click, shown in steps:
        page.click(click)
        page.wait_for_selector(shown, state="visible")
    if steps:
        page.wait_for_load_state("networkidle")
    context.close()
    totals["total"] = totals["js"] + totals["css"] + totals["other"]
    totals["untouched"] = untouched
    totals["touched_js"] = touched_js
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
    # The widget connects at the customer's first touch inside it.
    page.frame_locator("iframe").locator("#widget-title").click()
    page.frame_locator("iframe").locator("main[data-hydrated='true']").wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    totals["after"] += totals["before"]
    return totals


def launch_chromium(playwright) -> Browser:
    """The Chromium the tests use (scripts/browser.sh), else Debian's, else Playwright's."""
    executable = os.environ.get("ALMA_TEST_CHROMIUM") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    return playwright.chromium.launch(
        executable_path=executable,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            # The widget's frame in the merchant page's process, so that slowing the page's
            # CPU slows the frame too (a phone has one slow CPU for both).
            "--disable-site-isolation-trials",
            "--disable-features=IsolateOrigins,site-per-process",
        ],
    )


def throttle(page: Page, rate: float) -> None:
    """Chromium runs the page `rate` times slower (a modest phone: 4)."""
    if rate > 1:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
