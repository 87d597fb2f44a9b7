"""Every step on a small phone and on a desktop, in both languages: pictures compared with
their references, no sideways scroll.

Each picture goes to test-results/screenshots/ and is compared with its reference in
tests/e2e/screens/ (tests/support/screens.py says how closely). `make screenshots` takes them
anew as the references (ALMA_SCREENSHOTS_RENEW=1), and copies the README's from there.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.screens import compare

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screenshots"
REFERENCES = Path(__file__).resolve().parent / "screens"
RENEW = os.environ.get("ALMA_SCREENSHOTS_RENEW") == "1"
# What changes from one run to the next takes one size: a request's reference (as wide as
# its random letters, masked) and the reply time (its words depend on the hour and on the
# replies stored: one line or two; hidden, in `snap`).
SAME_SIZE_MASKED = (
    "#request-reference { display: inline-block; width: 14ch; overflow: hidden;"
    " white-space: nowrap; } .reply-time { height: 4.5em; overflow: hidden; }"
)
# A full-page picture is taken beyond the view, where the parts the page lays out only near
# it (content-visibility: auto, widget_later.css) stay blank: a customer who scrolls there
# sees them drawn, so the picture draws them all.
ALL_DRAWN = "* { content-visibility: visible !important; }"
VIEWPORTS = [(360, 740), (1280, 800)]
TEXTS = {
    "fr-FR": (
        "Ma commande",
        "Ma commande n'est pas conforme",
        "Contacter le service client",
        "Envoyer ma demande",
        "Votre demande a bien été envoyée",
    ),
    "en-GB": (
        "My order",
        "My order is not as described",
        "Contact customer service",
        "Send my request",
        "Your request has been sent",
    ),
}


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def snap(page: Page, name: str) -> None:
    """The page's picture, compared with its reference. What changes from one run to the next
    is left out of it: the request's reference (masked) and the reply time computed from
    the stored replies (hidden). Renewing also takes it whole, for the README
    (test-results/screenshots/)."""
    assert no_sideways_scroll(page), f"horizontal scroll on {name}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    # The pointer left where the last click put it would hover a card or not, as the layout
    # settled: out of the way, every picture is the same.
    page.mouse.move(0, 0)
    # The reply time's words change with the hour (« sous 2 h » in business hours, « à partir
    # de lundi 9:00 » outside): hidden, its place kept. Playwright's mask left it visible.
    reply_times = "() => document.querySelectorAll('.reply-time')"
    page.evaluate(f"{reply_times}.forEach(line => {{ line.style.visibility = 'hidden'; }})")
    picture = page.screenshot(
        full_page=True,
        animations="disabled",
        mask=[page.locator("#request-reference")],
        style=SAME_SIZE_MASKED + ALL_DRAWN,
    )
    page.evaluate(f"{reply_times}.forEach(line => {{ line.style.visibility = ''; }})")
    if RENEW:
        REFERENCES.mkdir(exist_ok=True)
        (REFERENCES / f"{name}.png").write_bytes(picture)
        page.screenshot(
            path=SHOTS / f"{name}.png", full_page=True, animations="disabled", style=ALL_DRAWN
        )
        return
    (SHOTS / f"{name}.png").write_bytes(picture)
    problem = compare(picture, REFERENCES / f"{name}.png", SHOTS / f"{name}-diff.png")
    assert problem is None, problem


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", list(TEXTS))
@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_every_step_fits(browser, widget_app, locale, width, height, scheme):
    category, topic, contact, submit, sent = TEXTS[locale]
    page = browser.new_page(
        locale=locale, viewport={"width": width, "height": height}, color_scheme=scheme
    )
    # The light pictures keep their names (the README shows some of them).
    prefix = f"{locale[:2]}-{width}x{height}" + ("-dark" if scheme == "dark" else "")
    page.goto(widget_app.url)
    expect(page.locator("#category-question")).to_be_visible()
    snap(page, f"{prefix}-1-categories")
    page.get_by_role("radio", name=category, exact=True).check()
    page.get_by_role("radio", name=topic, exact=True).check()
    snap(page, f"{prefix}-2-help")
    page.locator("input[data-action=merchant][value=yes]:visible").check()
    page.get_by_role("button", name=contact).click()
    expect(page.get_by_role("button", name=submit)).to_be_visible()
    snap(page, f"{prefix}-3-form")
    page.get_by_role("button", name=submit).click()
    expect(page.get_by_role("alert")).to_be_visible()
    snap(page, f"{prefix}-4-errors")
    page.locator("#field-email").fill("ecran@exemple.fr")
    page.locator("#field-phone").fill("0612345678")
    page.locator("#field-message").fill("L'article reçu ne correspond pas à la photo.")
    page.get_by_role("button", name=submit).click()
    expect(page.get_by_role("heading", name=sent)).to_be_visible()
    snap(page, f"{prefix}-5-confirmation")
    page.close()


def test_smallest_phone_and_text_at_200_percent(browser, widget_app):
    page = browser.new_page(locale="fr-FR", viewport={"width": 320, "height": 640})
    page.goto(widget_app.url)
    expect(page.locator("#category-question")).to_be_visible()
    page.get_by_role("radio", name="Mes échéances", exact=True).check()
    page.get_by_role("radio", name="J'ai des difficultés pour payer mes mensualités").check()
    page.get_by_role("button", name="Contacter le service client").click()
    expect(page.get_by_label("Votre message")).to_be_visible()
    assert no_sideways_scroll(page)
    # Inputs at 16 px at least, so phones do not zoom in on focus.
    assert (
        page.get_by_label("Votre message").evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        >= 16
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    expect(page.get_by_role("button", name="Envoyer ma demande")).to_be_visible()
    assert no_sideways_scroll(page)
    assert (
        page.get_by_role("heading", level=1).evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        >= 40
    )
    snap(page, "fr-1280x800-text-200-percent")
    page.close()


def test_launcher_panel_is_full_screen_on_a_phone(browser, demo_host):
    page = browser.new_page(locale="fr-FR", viewport={"width": 360, "height": 740})
    page.goto(f"{demo_host}/dashboard.html")
    page.get_by_role("button", name="Aide").click()
    dialog = page.get_by_role("dialog", name="Aide Alma")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 360, "height": 740}
    frame = page.frame_locator("iframe[title='Aide Alma : envoyer une demande']")
    close = frame.get_by_role("button", name="Fermer", exact=True)
    expect(close).to_be_in_viewport()
    expect(frame.get_by_role("heading", name="Envoyer une demande")).to_be_visible()
    assert no_sideways_scroll(page)
    # The merchant's page holds still behind the panel, and scrolls again once it is closed.
    host_overflow = "() => getComputedStyle(document.documentElement).overflow"
    assert page.evaluate(host_overflow) == "hidden"
    snap(page, "fr-360x740-launcher-panel")
    close.click()
    expect(dialog).to_be_hidden()
    assert page.evaluate(host_overflow) == "visible"
    # A single-page host that destroys the widget while its panel is open scrolls again too.
    page.get_by_role("button", name="Aide").click()
    expect(dialog).to_be_visible()
    page.evaluate("() => AlmaSupport.destroy()")
    page.evaluate("() => AlmaSupport.init({ mode: 'launcher', context: 'account' })")
    expect(page.get_by_role("button", name="Aide")).to_be_visible()
    assert page.evaluate(host_overflow) == "visible"
    page.close()
