"""On a phone every tap target is at least 44 × 44 px (WCAG 2.5.5, Apple's and Material's
size): each choice card, button, field and link a finger is asked to hit, on every step."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.support.steps import open_conformity_form

PHONE = {"width": 360, "height": 740}
# What a finger hits, as the customer sees it: the radios' target is their whole card.
TARGETS = """() => {
  const shown = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden";
  // A link inside a sentence is sized by the text around it (WCAG's inline exception).
  const inSentence = (a) => {
    const text = a.parentElement ? a.parentElement.textContent.trim() : "";
    return a.tagName === "A" && text.length > a.textContent.trim().length;
  };
  const picked = document.querySelectorAll(
    "main button, main a[href], main .choice, main input:not([type=radio]):not([type=hidden])" +
    ":not([type=file]), main textarea, main select"
  );
  const inCard = (e) => e.parentElement && e.parentElement.closest(".choice");
  return [...picked].filter((e) => shown(e) && !inSentence(e) && !inCard(e) &&
      !e.closest(".visually-hidden") && !e.closest(".honeypot")).map((e) => {
    const box = e.getBoundingClientRect();
    const name = (e.getAttribute("aria-label") || e.textContent || e.id || e.tagName).trim();
    return { name: name.slice(0, 40), width: Math.round(box.width),
             height: Math.round(box.height) };
  });
}"""


def _too_small(page: Page) -> list[dict]:
    return [t for t in page.evaluate(TARGETS) if t["width"] < 44 or t["height"] < 44]


def test_every_step_s_targets_are_big_enough_for_a_finger(browser: Browser, widget_app):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(widget_app.url)
    expect(page.get_by_role("radio", name="Ma commande")).to_be_visible()
    assert len(page.evaluate(TARGETS)) >= 5
    assert _too_small(page) == []
    open_conformity_form(page)
    expect(page.get_by_role("button", name="Envoyer ma demande")).to_be_visible()
    assert _too_small(page) == []
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the errors' summary and its links
    assert _too_small(page) == []
    context.close()
