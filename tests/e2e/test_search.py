"""« Décrivez votre problème »: customers type their problem in their own words and open the
matching help in one step; keyboard, announcements, axe; the form's second chance; searches
without a match reach /admin without anything personal."""

import re

import pytest
from playwright.sync_api import Page, expect

from harness.db import flow_counts, help_sources, search_misses
from harness.waiting import wait_until
from tests.e2e.axe import violations
from tests.support.admin_pages import sign_in
from tests.support.first_touch import TOUCH_SCRIPTS_FILE


def search_field(page: Page):
    return page.get_by_role("searchbox", name="Décrivez votre problème en quelques mots")


def results(page: Page):
    return page.get_by_role("list", name="Sujets correspondants").get_by_role("button")


def test_typed_words_open_the_help_in_one_step(widget: Page, database_url):
    before = help_sources(database_url, "payment-refused").get("search", 0)
    field = search_field(widget)
    field.press_sequentially("ma cb ne passe pas")
    expect(results(widget).first).to_have_accessible_name("Mon paiement a été refusé")
    assert results(widget).count() <= 5
    expect(
        widget.get_by_role("status").filter(has_text=re.compile("sujets? correspond"))
    ).to_have_count(1)
    assert violations(widget) == []
    field.press("ArrowDown")
    expect(results(widget).first).to_be_focused()
    widget.keyboard.press("Enter")
    help_region = widget.get_by_role("region", name="Mon paiement a été refusé")
    expect(help_region).to_be_visible()
    expect(widget.get_by_role("heading", name="Mon paiement a été refusé")).to_be_focused()
    # Exactly as the radios would have done it.
    expect(widget.get_by_role("radio", name="Mon paiement avec Alma")).to_be_checked()
    expect(widget.get_by_role("radio", name="Mon paiement a été refusé")).to_be_checked()
    wait_until(lambda: help_sources(database_url, "payment-refused").get("search", 0) == before + 1)
    # From there, the flow goes on as usual.
    widget.get_by_role("button", name="Contacter le service client").click()
    expect(widget.get_by_label("Adresse email")).to_be_visible()


@pytest.mark.parametrize("flow_there", [True, False], ids=["flow there", "flow on its way"])
def test_words_typed_before_the_search_arrives_are_answered_by_the_page(
    widget: Page, database_url, flow_there
):
    """On a phone's link the search's script comes a round trip or more after the field is
    touched: the page answers from its own labels and helps meanwhile (assets/boot.js), and a
    result pressed then opens its topic, as the radios would, whether the flow's script is
    already there or still on its way."""
    held: list = []
    widget.route("**/search.js", lambda route: held.append(route))
    if not flow_there:
        widget.route(TOUCH_SCRIPTS_FILE, lambda route: held.append(route))
    before = flow_counts(database_url, "refund").get("help_shown", 0)
    searched = help_sources(database_url, "refund").get("search", 0)
    # A word of the customers' (a keyword), not of the label or the help.
    search_field(widget).press_sequentially("colis")
    expect(results(widget).first).to_have_accessible_name("Je n'ai pas reçu ma commande")
    search_field(widget).fill("")
    search_field(widget).press_sequentially("remboursé")
    expect(results(widget).first).to_have_accessible_name("Mon remboursement")
    if flow_there:
        widget.wait_for_function("() => window.almaChoose")
    results(widget).first.click()
    expect(widget.get_by_role("heading", name="Mon remboursement")).to_be_focused()
    expect(widget.get_by_role("radio", name="Ma commande", exact=True)).to_be_checked()
    expect(widget.get_by_role("radio", name="Mon remboursement")).to_be_checked()
    expect(results(widget)).to_have_count(0)
    # (evaluate lets Playwright hand the held requests over meanwhile)
    wait_until(lambda: widget.evaluate("!window.AlmaSearch") and len(held) == 2 - flow_there)
    for route in held:
        route.continue_()
    expect(widget.locator("main[data-hydrated='true']")).to_have_count(1)
    wait_until(lambda: flow_counts(database_url, "refund").get("help_shown", 0) == before + 1)
    expect(widget.get_by_role("radio", name="Mon remboursement")).to_be_checked()
    # Opened by the radios: counted as a choice, not as a search.
    assert help_sources(database_url, "refund").get("search", 0) == searched


def test_english_words_arrows_and_escape(widget: Page):
    field = search_field(widget)
    field.fill("parcel never arrived")
    expect(results(widget).first).to_have_accessible_name("Je n'ai pas reçu ma commande")
    field.press("ArrowDown")
    widget.keyboard.press("ArrowDown")
    expect(results(widget).nth(1)).to_be_focused()
    widget.keyboard.press("ArrowUp")
    widget.keyboard.press("ArrowUp")
    expect(field).to_be_focused()
    field.press("Escape")
    expect(results(widget)).to_have_count(0)
    expect(field).to_have_value("parcel never arrived")
    field.press("Escape")
    expect(field).to_have_value("")


def test_the_form_offers_the_help_that_matches_the_message(widget: Page, database_url):
    widget.get_by_role("radio", name="Mon paiement avec Alma").click()
    widget.get_by_role("radio", name="Mon paiement a été refusé").click()
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Votre message").press_sequentially(
        "bonjour mon colis est jamais arrive, le suivi bouge plus"
    )
    offer = widget.locator("#search-suggestion")
    expect(offer).to_contain_text("Cette réponse pourrait vous aider :")
    link = offer.get_by_role("link", name="Je n'ai pas reçu ma commande")
    before = help_sources(database_url, "order-not-received").get("suggestion", 0)
    link.click()
    expect(widget.get_by_role("region", name="Je n'ai pas reçu ma commande")).to_be_visible()
    wait_until(
        lambda: help_sources(database_url, "order-not-received").get("suggestion", 0) == before + 1
    )


def test_a_search_without_match_is_counted_without_personal_data(
    widget: Page, page: Page, widget_app, database_url
):
    search_field(widget).fill("klarna rappelez moi au 06 12 34 56 78")
    expect(widget.get_by_role("status").filter(has_text="Aucun sujet ne correspond")).to_have_count(
        1
    )
    wait_until(lambda: "klarna rappelez moi au [téléphone]" in search_misses(database_url))
    sign_in(page, widget_app.url)
    misses = page.locator("#search-misses")
    expect(misses).to_contain_text("klarna rappelez moi au [téléphone]")
    expect(misses).not_to_contain_text("06 12")
