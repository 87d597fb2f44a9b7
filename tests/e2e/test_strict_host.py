"""A PCI DSS payment page (demo/strict.html): strict CSP, Trusted Types, the loader pinned by
Subresource Integrity. Zero policy violations and zero page errors is the only count."""

import re

from playwright.sync_api import Page, expect

from alma_widget.embedding import loader
from harness.db import rows_with_email
from tests.support.host_pages import FRAME

NO_VIOLATIONS = "() => window.cspViolations"


def send_from(widget, email: str) -> None:
    widget.get_by_label("Adresse email").fill(email)
    widget.get_by_label("Numéro de téléphone").fill("0612345678")
    widget.get_by_label("Votre message").fill("ma cb est refusee a chaque fois, pourquoi ?")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()


def test_inline_on_a_strict_page_down_to_a_sent_request(
    page: Page, demo_host, database_url, browser_errors
):
    response = page.goto(f"{demo_host}/strict.html?utm=mail&token=s3cr3t#pay")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "require-trusted-types-for 'script'" in policy
    frame = page.locator(FRAME)
    # Sized by the loader's stylesheet (no style attribute), not the browser's 300 px default.
    expect(frame).to_have_css("border-top-width", "0px")
    assert frame.bounding_box()["width"] > 350
    widget = page.frame_locator(FRAME)
    # The customer describes the problem instead of browsing: the host hears the step.
    widget.get_by_label("Décrivez votre problème en quelques mots").fill("ma cb passe pas")
    widget.get_by_role("button", name="Mon paiement a été refusé").click()
    expect(widget.get_by_role("region", name="Mon paiement a été refusé")).to_be_visible()
    page.wait_for_function(
        "() => window.almaHostEvents.some(e => e.name === 'step' && e.payload.step === 'help'"
        " && e.payload.topic === 'payment-refused')"
    )
    widget.get_by_role("button", name="Contacter le service client").click()
    send_from(widget, "pci.inline@exemple.fr")
    [row] = rows_with_email(database_url, "pci.inline@exemple.fr")
    # Origin and path only: the query (a token) and the fragment never leave the page.
    assert row.page_url == f"{demo_host}/strict.html"
    assert page.evaluate(NO_VIOLATIONS) == []


def test_launcher_on_a_strict_page_is_a_dialog_that_behaves(page: Page, demo_host, browser_errors):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{demo_host}/strict.html?mode=launcher")
    launcher = page.get_by_role("button", name="Aide")
    # Styled by the loader's stylesheet: floating at the bottom right, not a plain button.
    expect(launcher).to_have_css("position", "fixed")
    launcher.click()
    dialog = page.get_by_role("dialog", name="Aide Alma")
    expect(dialog).to_be_visible()
    size = dialog.bounding_box()
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("radio", name="Mon compte Alma")).to_be_visible()
    # Tab: launcher → the widget, its header's « Fermer » first.
    launcher.focus()
    page.keyboard.press("Tab")
    close = widget.get_by_role("button", name="Fermer", exact=True)
    expect(close).to_be_focused()
    # The header covers nothing of the widget: the title starts under it.
    header_end = close.bounding_box()["y"] + close.bounding_box()["height"]
    assert header_end <= widget.get_by_role("heading", level=1).bounding_box()["y"]
    # A reveal adds below: the choice just made does not move, the panel keeps its size.
    account = widget.get_by_role("radio", name="Mon compte Alma")
    before = account.bounding_box()
    account.click()
    expect(widget.get_by_role("group", name="Précisez votre demande")).to_be_visible()
    assert account.bounding_box()["y"] == before["y"]
    topic = widget.get_by_role("radio", name="Autre question", exact=True)
    topic.scroll_into_view_if_needed()  # the panel scrolls to it, as a customer would
    topic_before = topic.bounding_box()
    topic.click()
    expect(widget.get_by_role("heading", name="Autre question")).to_be_visible()
    assert topic.bounding_box()["y"] == topic_before["y"]
    assert dialog.bounding_box() == size
    # Escape inside the widget (focus on a radio) closes the panel, focus back on « Aide ».
    topic.press("Escape")
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    launcher.click()
    expect(dialog).to_be_visible()
    widget.get_by_role("button", name="Contacter le service client").click()
    send_from(widget, "pci.launcher@exemple.fr")
    assert page.evaluate(NO_VIOLATIONS) == []


def test_the_pinned_loader_runs_only_with_its_integrity(page: Page, widget_app, demo_host):
    pinned = loader.manifest()
    url = f"{widget_app.url}{pinned['path']}"
    response = page.request.get(url)
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["access-control-allow-origin"] == "*"
    manifest = page.request.get(f"{widget_app.url}/embed/manifest.json").json()
    assert manifest == pinned
    page.goto(f"{demo_host}/dashboard.html")
    tag = """([src, integrity]) => new Promise(resolve => {
      delete window.AlmaSupport;
      const script = document.createElement("script");
      script.src = src; script.integrity = integrity; script.crossOrigin = "anonymous";
      script.onload = () => resolve("ran: " + typeof window.AlmaSupport);
      script.onerror = () => resolve("refused");
      document.head.appendChild(script);
    })"""
    wrong = "sha384-" + "A" * 64
    with page.expect_console_message(lambda m: re.search("integrity", m.text, re.I) is not None):
        assert page.evaluate(tag, [url, wrong]) == "refused"
    assert page.evaluate(tag, [url, pinned["integrity"]]) == "ran: object"


def test_html_lang_follows_the_widget_language(page: Page, widget_app, browser_errors):
    page.goto(widget_app.url)
    expect(page.locator("#category-question")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Send a request")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{widget_app.url}/?locale=en")
    expect(page.get_by_role("heading", name="Send a request")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
