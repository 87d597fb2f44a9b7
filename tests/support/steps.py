"""What a customer does in the widget, step by step, for the end-to-end tests: choosing a
category and a topic, opening and sending the form, asking for a tracking link."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def category_group(page: Page):
    return page.get_by_role("group", name="Quel est l'objet de votre demande ?")


def topic_group(page: Page):
    return page.get_by_role("group", name="Précisez votre demande")


def choose(page: Page, group, label: str) -> None:
    radio = group.get_by_role("radio", name=label, exact=True)
    radio.check()
    expect(radio).to_be_checked()


def open_form(page: Page, category: str, topic: str) -> None:
    choose(page, category_group(page), category)
    choose(page, topic_group(page), topic)
    page.get_by_role("button", name="Contacter le service client").click()
    expect(page.get_by_role("heading", name="Contacter le service client")).to_be_focused()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


def stored_names(store) -> set[str]:
    """The names of the files in the attachments' store (a folder or the bucket)."""
    return {item.name for item in store.listing()}


def open_conformity_form(page: Page) -> None:
    choose(page, category_group(page), "Ma commande")
    choose(page, topic_group(page), "Ma commande n'est pas conforme")
    merchant = page.get_by_role("group", name="Avez-vous déjà contacté le marchand ?")
    choose(page, merchant, "Oui")
    page.get_by_role("button", name="Contacter le service client").click()


def open_account_form(page: Page, email: str, message: str) -> None:
    page.get_by_role("radio", name="Mon compte Alma").check()
    page.get_by_role("radio", name="Autre question", exact=True).check()
    page.get_by_role("button", name="Contacter le service client").click()
    page.get_by_label("Adresse email").fill(email)
    page.get_by_label("Votre message").fill(message)
    page.get_by_label("Adresse email").focus()  # the message is remembered on blur


def ask_for_a_link(widget: Page, reference: str, email: str) -> None:
    form = widget.get_by_role("region", name="Suivre une demande")
    form.get_by_label("Référence de la demande").fill(reference)
    form.get_by_label("Adresse email").fill(email)
    form.get_by_role("button", name="Recevoir le lien").click()


def tracking_mails(smtp_sink, reference: str) -> list:
    return [m for m in smtp_sink.received() if m["Subject"] == f"Suivre votre demande {reference}"]


def send_purchase_form(widget: Page, email: str, message: str) -> None:
    """The open form of a purchase question filled (it asks for a phone) and sent."""
    widget.get_by_label("Adresse email").fill(email)
    widget.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
    widget.get_by_label("Votre message").fill(message)
    widget.get_by_role("button", name="Envoyer ma demande").click()
    confirmation = widget.get_by_role("heading", name="Votre demande a bien été envoyée")
    expect(confirmation).to_be_visible()


def send_with_a_photo(widget: Page, email: str) -> str:
    open_conformity_form(widget)
    widget.locator("#attachments input[type=file]").set_input_files(
        [{"name": "colis casse.png", "mimeType": "image/png", "buffer": PNG}]
    )
    files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
    expect(files.get_by_role("listitem")).to_have_count(1)
    send_purchase_form(widget, email, "colis recu casse, le produit est inutilisable svp")
    return re.search(r"ALM-[0-9A-Z]{8}", widget.locator("main").inner_text())[0]


SHARED = ("ALMA_", "REFLEX_", "AWS_", "GRANIAN_")
