"""axe-core finds no violation on any step, standalone and inside the iframe, in both languages."""

import re

import pytest
from playwright.sync_api import Page, expect

from alma_widget.content.loading import catalog
from harness.identity import identity_token
from tests.e2e.axe import violations
from tests.support.host_pages import open_account_page, seed_for
from tests.support.steps import open_conformity_form

FR = catalog("fr")
FRAME = "iframe[title='Aide Alma : envoyer une demande']"


def check(target, where: str) -> None:
    assert violations(target) == [], where


def open_form(page: Page, category: str, topic: str, contact: str) -> None:
    page.get_by_role("radio", name=category, exact=True).check()
    page.get_by_role("radio", name=topic, exact=True).check()
    page.get_by_role("button", name=contact).click()


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_category_and_topic(browser, widget_app, locale):
    content, page = catalog(locale), browser.new_page(locale=locale)
    page.goto(widget_app.url)
    expect(page.locator("html")).to_have_attribute("lang", locale)
    check(page, f"{locale} categories")
    for category in content.categories:
        page.get_by_role("radio", name=category.label, exact=True).check()
        expect(page.get_by_role("group", name=content.ui.topic_question)).to_be_visible()
        check(page, f"{locale} topics of {category.id}")
        for topic in category.topics:
            page.get_by_role("radio", name=topic.label, exact=True).check()
            expect(page.get_by_role("heading", name=topic.label)).to_be_visible()
            if topic.ask_merchant_first:
                page.get_by_role("group", name=content.ui.merchant_question).get_by_role(
                    "radio", name=content.ui.no
                ).check()
                reminder = content.ui.merchant_reminder.split(":")[0].strip()
                expect(page.get_by_text(reminder).filter(visible=True)).to_be_visible()
            check(page, f"{locale} help of {topic.id}")
    page.close()


@pytest.mark.parametrize(
    ("locale", "category", "topic", "contact", "submit", "sent"),
    [
        (
            "fr-FR",
            "Ma commande",
            "Mon remboursement",
            "Contacter le service client",
            "Envoyer ma demande",
            "Votre demande a bien été envoyée",
        ),
        (
            "en-GB",
            "My Alma account",
            "Another question",
            "Contact customer service",
            "Send my request",
            "Your request has been sent",
        ),
    ],
)
@pytest.mark.parametrize(
    ("scheme", "query"),
    [
        ("light", ""),
        ("dark", ""),
        # A merchant's theme: its accent, and the dark mode forced on a light system.
        ("light", "?accent=%230b5fff&color_mode=dark"),
    ],
    ids=["light", "dark", "merchant-theme"],
)
def test_form_errors_and_confirmation(
    browser, widget_app, locale, category, topic, contact, submit, sent, scheme, query
):
    page = browser.new_page(locale=locale, color_scheme=scheme)
    page.goto(widget_app.url + query)
    dark = scheme == "dark" or "color_mode=dark" in query
    expect(page.locator("html")).to_have_attribute("data-mode", "dark" if dark else "light")
    expect(page.locator("#category-question")).to_be_visible()
    check(page, f"{locale} categories")
    open_form(page, category, topic, contact)
    expect(page.get_by_role("button", name=submit)).to_be_visible()
    check(page, f"{locale} empty form")
    page.get_by_role("button", name=submit).click()
    expect(page.get_by_role("alert")).to_be_visible()
    check(page, f"{locale} form with errors")
    page.locator("#field-email").fill("axe@exemple.fr")
    page.locator("#field-phone").fill("0612345678")
    page.locator("#field-message").fill("Un message de vingt caractères au moins.")
    page.get_by_role("button", name=submit).click()
    expect(page.get_by_role("heading", name=sent)).to_be_visible()
    check(page, f"{locale} confirmation")
    page.close()


def test_inside_the_iframe(page: Page, demo_host):
    page.goto(f"{demo_host}/checkout.html")
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    frame = next(f for f in page.frames if f.url.startswith("http://localhost"))
    check(frame, "iframe: help")
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("alert")).to_be_visible()
    check(frame, "iframe: form with errors")
    check(page, "host page with the iframe")


def test_launcher_panel(page: Page, demo_host):
    page.goto(f"{demo_host}/dashboard.html")
    page.get_by_role("button", name="Aide").click()
    expect(
        page.frame_locator(FRAME).get_by_role("heading", name="Envoyer une demande")
    ).to_be_visible()
    check(page, "dashboard with the launcher panel open")


def test_signed_in_and_tracking_views(page: Page, demo_host, database_url):
    """« Mes demandes » (list and one request), the locked address, « Suivre une demande »."""
    reference = seed_for(
        database_url,
        "cus_axe_0005",
        "axe@exemple.fr",
        ("order", "order-not-compliant"),
        files=["facture.pdf"],
    )
    widget = open_account_page(page, demo_host, identity_token("cus_axe_0005", "axe@exemple.fr"))
    frame = next(f for f in page.frames if f.url.startswith("http://localhost"))
    widget.locator("#widget-title").click()
    widget.get_by_role("button", name="Mes demandes").click()
    expect(widget.get_by_role("region", name="Mes demandes").get_by_role("listitem")).to_have_count(
        1
    )
    check(frame, "iframe: my requests")
    widget.get_by_role("button", name=re.compile(reference)).click()
    expect(widget.get_by_role("heading", name=re.compile(f"^{reference}"))).to_be_focused()
    check(frame, "iframe: one of my requests")
    widget.get_by_role("button", name="Fermer mes demandes").click()
    open_conformity_form(widget)
    expect(widget.get_by_label("Adresse email")).not_to_be_editable()
    check(frame, "iframe: the form with a locked address")
    widget.get_by_role("button", name="Ce n'est pas vous ?").click()
    widget.get_by_role("button", name="Suivre une demande").click()
    tracking = widget.get_by_role("region", name="Suivre une demande")
    tracking.get_by_role("button", name="Recevoir le lien").click()
    expect(tracking.get_by_text("La référence commence par ALM-")).to_be_visible()
    check(frame, "iframe: tracking form with errors")
