"""The server's log never holds what the customer typed: the reference is enough."""

from playwright.sync_api import Page, expect

from harness.db import search_misses
from harness.waiting import wait_until

EMAIL = "confidentiel.client@exemple.fr"
PHONE_TYPED, PHONE_STORED = "06 98 76 54 32", "+33698765432"
MESSAGE = "Mon secret : le code de la porte est 4512B."


def test_a_request_leaves_no_personal_data_in_the_log(widget: Page, widget_app):
    widget.get_by_role("radio", name="Ma commande", exact=True).check()
    widget.get_by_role("radio", name="Mon remboursement").check()
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Adresse email").fill(EMAIL)
    widget.get_by_label("Numéro de téléphone").fill(PHONE_TYPED)
    widget.get_by_label("Votre message").fill(MESSAGE)
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    reference = widget.locator("#request-reference").inner_text()
    log = widget_app.log_path.read_text(errors="replace")
    assert f"request {reference} stored" in log
    for secret in (EMAIL, PHONE_TYPED, PHONE_STORED, MESSAGE, "4512B"):
        assert secret not in log


def test_a_search_leaves_nothing_in_the_log(widget: Page, widget_app, database_url):
    typed = "zorglub 4970101234567890 zorglub@zorglub.zz"
    widget.get_by_label("Décrivez votre problème en quelques mots").fill(typed)
    wait_until(lambda: "zorglub [numéro] [email]" in search_misses(database_url))
    log = widget_app.log_path.read_text(errors="replace")
    for secret in ("zorglub", "4970101234567890"):
        assert secret not in log
