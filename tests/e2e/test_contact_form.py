"""The contact form in a real browser: errors, sending, the stored row and the delivered mail."""

import re

from playwright.sync_api import Page, expect

from harness.db import rows_once_settled, rows_with_email
from harness.waiting import wait_until
from tests.support.steps import category_group, choose, open_form, topic_group

MESSAGE = "Bonjour, mon paiement a été refusé deux fois alors que ma carte est valide."


def wait_for_mail(smtp_sink, reference: str):
    return wait_until(lambda: [m for m in smtp_sink.received() if reference in m["Subject"]])


REPLY_TIME_WITHOUT_DATA = re.compile(
    r"^(Nos équipes vont vous répondre habituellement sous 24h\.|"
    r"Notre équipe vous répondra à partir de \w+ \d+ h( \d\d)?\.)$"
)


def test_purchase_topic_sent_stored_and_mailed(widget: Page, database_url, smtp_sink):
    open_form(widget, "Mon paiement avec Alma", "Mon paiement a été refusé")
    form = widget.get_by_role("region", name="Contacter le service client")
    expect(form).to_contain_text("Pensez à renseigner l'adresse email et le numéro de téléphone")
    form.get_by_label("Adresse email").fill("Achat.Refuse@Exemple.FR")
    form.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
    form.get_by_label(re.compile("^Référence de commande")).fill("CMD-2026/42")
    form.get_by_label("Votre message").fill(MESSAGE)
    form.get_by_role("button", name="Envoyer ma demande").click()
    confirmation = widget.get_by_role("region", name="Votre demande a bien été envoyée")
    expect(confirmation.get_by_role("heading")).to_be_focused()
    # Too few replies stored here for a figure: the content's sentence, or, outside business
    # hours, when the team is back (tests/e2e/test_conversation.py: the figure itself).
    expect(confirmation.locator("#reply-time-confirmation")).to_have_text(REPLY_TIME_WITHOUT_DATA)
    reference = widget.locator("#request-reference").inner_text()
    assert re.fullmatch(r"ALM-[0-9A-HJKMNP-TV-Z]{8}", reference)
    [row] = rows_with_email(database_url, "Achat.Refuse@exemple.fr")
    assert (row.reference, row.phone, row.order_reference) == (
        reference,
        "+33612345678",
        "CMD-2026/42",
    )
    assert (row.category_id, row.topic_id, row.message) == ("payment", "payment-refused", MESSAGE)
    [mail] = wait_for_mail(smtp_sink, reference)
    assert mail["To"] == "support@alma.test"
    assert mail["Reply-To"] == "Achat.Refuse@exemple.fr"
    body = mail.get_payload(decode=True).decode("utf-8")
    assert MESSAGE in body and "+33612345678" in body and "Mon paiement a été refusé" in body


def test_account_topic_phone_is_optional(widget: Page, database_url):
    open_form(widget, "Mon compte Alma", "Faire une réclamation")
    form = widget.get_by_role("region", name="Contacter le service client")
    expect(form).to_contain_text("Pensez à renseigner l’adresse email utilisée pour votre compte")
    expect(form.get_by_label("Numéro de téléphone (facultatif)")).to_be_visible()
    expect(form.get_by_label(re.compile("^Référence de commande"))).to_be_hidden()
    form.get_by_label("Adresse email").fill("compte@exemple.fr")
    form.get_by_label("Votre message").fill("Je souhaite déposer une réclamation formelle.")
    form.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_focused()
    [row] = rows_with_email(database_url, "compte@exemple.fr")
    assert row.phone is None and row.topic_id == "complaint"


def test_the_browser_may_fill_the_customer_s_details_and_never_the_trap(widget: Page):
    """WCAG 2.2, 1.3.5: the email and the phone say what they are, so the browser (and
    assistive technology) can offer the customer's own; the hidden trap for robots says off,
    so a browser's autofill never fills it (the request would be held as spam)."""
    open_form(widget, "Ma commande", "Mon remboursement")
    form = widget.get_by_role("region", name="Contacter le service client")
    expect(form.get_by_label("Adresse email")).to_have_attribute("autocomplete", "email")
    phone = form.get_by_label(re.compile("^Numéro de téléphone"))
    expect(phone).to_have_attribute("autocomplete", "tel")
    expect(widget.locator("#field-website")).to_have_attribute("autocomplete", "off")


def test_errors_shown_linked_and_fixed_without_losing_input(widget: Page, database_url):
    open_form(widget, "Ma commande", "Mon remboursement")
    form = widget.get_by_role("region", name="Contacter le service client")
    email = form.get_by_label("Adresse email")
    phone = form.get_by_label("Numéro de téléphone")
    message = form.get_by_label("Votre message")
    email.fill("pas-une-adresse")
    message.fill("Trop court")
    form.get_by_role("button", name="Envoyer ma demande").click()
    summary = widget.get_by_role("alert")
    expect(summary).to_contain_text("Votre demande n'a pas pu être envoyée")
    expect(summary.get_by_role("link")).to_have_count(3)
    expect(email).to_be_focused()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("Adresse email invalide"))
    # Judged by the browser (assets/form_checks.js, loaded at the first touch), not the server.
    assert widget.evaluate("window.almaFormChecks || {}").get("email")
    expect(phone).to_have_accessible_description(
        re.compile("Indiquez le numéro de téléphone utilisé lors de votre commande")
    )
    expect(message).to_have_accessible_description(re.compile("trop court"))
    expect(email).to_have_value("pas-une-adresse")
    expect(message).to_have_value("Trop court")
    summary.get_by_role("link", name=re.compile("téléphone")).click()
    expect(phone).to_be_focused()
    email.fill("remboursement@exemple.fr")
    phone.fill("+33 6 12 34 56 78")
    message.fill("Le marchand a confirmé le remboursement il y a trois semaines.")
    form.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    assert len(rows_once_settled(database_url, "remboursement@exemple.fr")) == 1


def test_changing_topic_keeps_what_was_typed(widget: Page):
    open_form(widget, "Mes échéances", "Je souhaite décaler une échéance")
    widget.get_by_label("Adresse email").fill("garde@exemple.fr")
    widget.get_by_label("Votre message").fill("Un message que je ne veux pas perdre.")
    choose(widget, topic_group(widget), "Mon échéancier et mes mensualités")
    expect(widget.get_by_label("Adresse email")).to_be_hidden()
    widget.get_by_role("button", name="Contacter le service client").click()
    expect(widget.get_by_label("Adresse email")).to_have_value("garde@exemple.fr")
    expect(widget.get_by_label("Votre message")).to_have_value(
        "Un message que je ne veux pas perdre."
    )


def test_double_click_stores_one_request(widget: Page, database_url):
    open_form(widget, "Mon compte Alma", "Autre question")
    widget.get_by_label("Adresse email").fill("double@exemple.fr")
    widget.get_by_label("Votre message").fill("Un seul envoi malgré le double clic.")
    widget.get_by_role("button", name="Envoyer ma demande").dblclick()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    assert len(rows_once_settled(database_url, "double@exemple.fr")) == 1


def test_new_request_after_confirmation_starts_over(widget: Page):
    open_form(widget, "Mon compte Alma", "Autre question")
    widget.get_by_label("Adresse email").fill("nouvelle@exemple.fr")
    widget.get_by_label("Votre message").fill("Première demande envoyée depuis le widget.")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    widget.get_by_role("button", name="Envoyer une nouvelle demande").click()
    expect(
        widget.get_by_role("heading", name="Quel est l'objet de votre demande ?")
    ).to_be_focused()
    for radio in category_group(widget).get_by_role("radio").all():
        expect(radio).not_to_be_checked()


def test_honeypot_is_answered_as_sent_but_kept_and_not_mailed(
    widget: Page, database_url, smtp_sink
):
    open_form(widget, "Mon compte Alma", "Autre question")
    widget.get_by_label("Adresse email").fill("robot@exemple.fr")
    widget.get_by_label("Votre message").fill("Achetez nos produits miracles dès maintenant.")
    # Hidden from people and assistive technology; a bot fills every input it finds.
    widget.locator("#field-website").fill("https://spam.example")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    [row] = rows_with_email(database_url, "robot@exemple.fr")
    assert row.is_spam and row.delivery_status == "held"
    assert not [m for m in smtp_sink.received() if row.reference in m["Subject"]]


def test_a_wrong_form_sent_before_the_page_connected_is_judged_once(widget: Page):
    # Sent while the page is still connecting: the browser judges it once connected and the
    # server never hears it, so no late verdict of the server takes the focus back.
    to_server: list[str] = []
    line: dict = {"holding": True, "held": []}

    def relay(page_side) -> None:
        server = page_side.connect_to_server()
        line["page"] = page_side

        def to_page(message) -> None:
            if line["holding"]:
                line["held"].append(message)
            else:
                page_side.send(message)

        def from_page(message) -> None:
            to_server.append(str(message))
            server.send(message)

        server.on_message(to_page)
        page_side.on_message(from_page)

    widget.route_web_socket(re.compile(r"/_event/"), relay)
    widget.reload()
    open_form(widget, "Ma commande", "Mon remboursement")
    form = widget.get_by_role("region", name="Contacter le service client")
    email = form.get_by_label("Adresse email")
    email.fill("pas-une-adresse")
    form.get_by_role("button", name="Envoyer ma demande").click()
    wait_until(lambda: widget.evaluate("1") and line["held"])  # the server has answered
    expect(widget.get_by_role("alert")).to_have_count(0)  # nothing shows before connecting
    line["holding"] = False
    for message in line["held"]:
        line["page"].send(message)
    summary = widget.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_count(3)
    expect(email).to_be_focused()
    assert not [sent for sent in to_server if "contact_state.submit" in sent]
    summary.get_by_role("link", name=re.compile("téléphone")).click()
    expect(form.get_by_label("Numéro de téléphone")).to_be_focused()
