"""What a choice reveals fades in, briefly, and not at all for a customer who asked the
system for reduced motion (WCAG 2.3.3)."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

# Every transition the page starts: what it is on, the property and its duration (heard as
# it starts: a 120 ms fade is over before a test could look at the running ones).
HEAR_FADES = """window.__fades = [];
document.addEventListener("transitionrun", (event) => window.__fades.push({
  on: event.target.id || event.target.className,
  property: event.propertyName,
  duration: getComputedStyle(event.target).transitionDuration,
}));"""


def _fades_after_a_choice(browser: Browser, url: str, motion: str) -> list[dict]:
    context = browser.new_context(locale="fr-FR", reduced_motion=motion)
    page = context.new_page()
    page.add_init_script(HEAR_FADES)
    page.goto(url)
    page.get_by_role("radio", name="Mon paiement avec Alma").check()
    expect(page.get_by_role("heading", name="Précisez votre demande")).to_be_visible()
    page.get_by_role("radio", name="Mon paiement a été refusé").check()
    expect(page.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    fades = page.evaluate("() => window.__fades")
    context.close()
    return fades


def test_what_a_choice_reveals_fades_in_within_150_ms(browser: Browser, widget_app):
    fades = _fades_after_a_choice(browser, widget_app.url, "no-preference")
    revealed = {f["on"]: f for f in fades if f["property"] == "opacity"}
    assert {"topics-payment", "help-payment-refused"} <= set(revealed), fades
    for fade in revealed.values():
        assert fade["duration"].endswith("s") and 0 < float(fade["duration"][:-1]) <= 0.15


def test_nothing_moves_for_a_customer_who_asked_for_reduced_motion(browser: Browser, widget_app):
    assert _fades_after_a_choice(browser, widget_app.url, "reduce") == []
