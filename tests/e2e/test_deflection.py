"""Scripted customers, counted per topic for the deflection figures (no personal data)."""

from playwright.sync_api import Page, expect

from harness.db import flow_counts as counts
from harness.waiting import settled_value


def test_three_customers_on_one_topic(browser, widget_app, database_url):
    before = counts(database_url, "sncf-order")
    for answer, writes in (("Oui", False), ("Non", False), ("Non", True)):
        page: Page = browser.new_page(locale="fr-FR")
        page.goto(widget_app.url)
        expect(page.locator("#category-question")).to_be_visible()
        page.get_by_role("radio", name="Ma commande", exact=True).check()
        page.get_by_role("radio", name="Ma commande SNCF").check()
        page.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?").get_by_role(
            "radio", name=answer
        ).check()
        expect(
            page.get_by_text("Merci pour votre retour" if answer == "Oui" else "Désolé").filter(
                visible=True
            )
        ).to_be_visible()
        if writes:
            page.get_by_role("button", name="Contacter le service client").click()
            page.get_by_label("Adresse email").fill("sncf@exemple.fr")
            page.get_by_label("Numéro de téléphone").fill("0612345678")
            page.get_by_label("Votre message").fill("Mon billet SNCF n'est jamais arrivé.")
            page.get_by_role("button", name="Envoyer ma demande").click()
            expect(
                page.get_by_role("heading", name="Votre demande a bien été envoyée")
            ).to_be_visible()
        page.close()
    # The pages just closed may still have events on their way: read once the counts settle.
    after = settled_value(lambda: counts(database_url, "sncf-order"))
    added = {kind: after.get(kind, 0) - before.get(kind, 0) for kind in after}
    assert added == {
        "help_shown": 3,
        "helped_yes": 1,
        "helped_no": 2,
        "form_opened": 1,
        "request_sent": 1,
    }
