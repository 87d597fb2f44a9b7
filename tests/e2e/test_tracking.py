"""« Suivre une demande »: someone not signed in gets a one-time link by mail (aiosmtpd), for
the right reference and address only, and the page it opens shows the request once."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from harness.waiting import wait_until
from tests.support.host_pages import seed_for
from tests.support.steps import ask_for_a_link, tracking_mails

SENT = "Si une demande porte cette référence et a été envoyée avec cette adresse"


def test_a_link_by_mail_opens_the_request_once(widget: Page, widget_app, database_url, smtp_sink):
    reference = seed_for(
        database_url,
        None,
        "suivi.client@exemple.fr",
        ("account", "complaint"),
        helpdesk_status="pending",
    )
    widget.get_by_role("button", name="Suivre une demande").click()
    form = widget.get_by_role("region", name="Suivre une demande")
    expect(form.get_by_role("heading", name="Suivre une demande")).to_be_focused()
    # Bad input: said in French, nothing sent.
    ask_for_a_link(widget, "ALM-12", "suivi.client@exemple.fr")
    expect(form.get_by_text("La référence commence par ALM-")).to_be_visible()
    expect(widget.get_by_label("Référence de la demande")).to_be_focused()
    # The wrong address gets the very answer the right one gets, and no mail.
    ask_for_a_link(widget, reference, "quelquun.dautre@exemple.fr")
    expect(form.get_by_role("status")).to_contain_text(SENT)
    widget.get_by_role("button", name="Suivre une demande").click()  # closes
    widget.get_by_role("button", name="Suivre une demande").click()  # a fresh form
    ask_for_a_link(widget, reference.lower(), "Suivi.Client@exemple.fr")
    expect(form.get_by_role("status")).to_contain_text(SENT)
    [letter] = wait_until(lambda: tracking_mails(smtp_sink, reference))
    assert letter["To"] == "suivi.client@exemple.fr"
    body = letter.get_content()
    link = re.search(r"http\S+", body).group(0)
    assert link.startswith("http://localhost:3000/fr/?suivi=")  # ALMA_PUBLIC_URL, by default
    token = parse_qs(urlsplit(link).query)["suivi"][0]
    # Opened: the request and its status, in the customer's words.
    widget.goto(f"{widget_app.url}/fr/?suivi={token}")
    mine = widget.get_by_role("region", name="Votre demande")
    expect(mine).to_contain_text(reference)
    expect(mine).to_contain_text("En attente de votre réponse")
    expect(mine).to_contain_text("Le colis reçu ne correspond pas")
    # The tab that opened it keeps it on a reload; anywhere else, the link opens nothing.
    widget.reload()
    expect(widget.get_by_role("region", name="Votre demande")).to_contain_text(reference)
    elsewhere = widget.context.browser.new_context().new_page()
    elsewhere.goto(f"{widget_app.url}/fr/?suivi={token}")
    expect(elsewhere.get_by_role("region", name="Suivre une demande")).to_contain_text(
        "Ce lien de suivi a déjà servi ou a expiré"
    )
    expect(elsewhere.get_by_role("region", name="Votre demande")).to_have_count(0)
    elsewhere.context.close()
    assert len(tracking_mails(smtp_sink, reference)) == 1
