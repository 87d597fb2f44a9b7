"""Attachments on « Ma commande n'est pas conforme »: checked on the server, stored, linked."""

import re

import pytest
import sqlmodel
from playwright.sync_api import Page, Route, expect
from sqlmodel import select

from alma_widget.storage.files import file_store
from alma_widget.storage.tables import Attachment, SupportRequest
from harness.db import rows_with_email
from harness.waiting import wait_until
from tests.e2e.conftest import PRODUCTION, connect
from tests.support.connections import drop_the_connection, watch_connections
from tests.support.steps import (
    PNG,
    category_group,
    choose,
    open_conformity_form,
    send_purchase_form,
    stored_names,
    topic_group,
)

EXE = b"MZ\x90\x00" + b"\x00" * 256


def test_files_checked_by_content_and_stored_with_the_request(
    widget: Page, database_url, upload_dir
):
    open_conformity_form(widget)
    expect(widget.get_by_role("button", name="Ajouter des fichiers")).to_be_visible()
    picker = widget.locator("#attachments input[type=file]")
    picker.set_input_files(
        [
            {"name": "article.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": EXE},
        ]
    )
    expect(
        widget.get_by_role("button", name="Ajouter des fichiers")
    ).to_have_accessible_description(
        re.compile("« photo.jpg » n'est pas une image JPEG, PNG ou WebP")
    )
    files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
    expect(files.get_by_role("listitem")).to_have_count(1)
    expect(files).to_contain_text("article.png")
    widget.get_by_label("Adresse email").fill("conforme@exemple.fr")
    widget.get_by_label("Numéro de téléphone").fill("0612345678")
    widget.get_by_label("Votre message").fill("L'article reçu est cassé, voici une photo.")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        request = session.exec(
            select(SupportRequest).where(SupportRequest.email == "conforme@exemple.fr")
        ).one()
        [attachment] = session.exec(
            select(Attachment).where(Attachment.request_id == request.id)
        ).all()
        assert (attachment.original_name, attachment.content_type) == ("article.png", "image/png")
        assert file_store(upload_dir).read(attachment.stored_name) == PNG
    engine.dispose()


def test_a_removed_file_is_deleted_at_once(widget: Page, upload_dir):
    # ID and invoice scans: a file taken back with « Retirer » leaves nothing on the server.
    open_conformity_form(widget)
    store = file_store(upload_dir)
    before = stored_names(store)
    files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
    for attempt in range(3):
        widget.locator("#attachments input[type=file]").set_input_files(
            [{"name": f"scan{attempt}.png", "mimeType": "image/png", "buffer": PNG}]
        )
        expect(files.get_by_role("listitem")).to_have_count(1)
        wait_until(lambda: len(stored_names(store) - before) == 1)
        files.get_by_role("button", name=f"Retirer scan{attempt}.png").click()
        expect(files.get_by_role("listitem")).to_have_count(0)
        wait_until(lambda: stored_names(store) - before == set())


def test_a_file_chosen_while_another_is_on_its_way_waits_its_turn(widget: Page):
    # Reflex's page sends one upload at a time and dropped a second one started before the
    # first request had ended (alma_widget/web/queued_uploads.py): now it waits.
    on_their_way: list[Route] = []

    def first_one_slow(route: Route) -> None:
        if on_their_way:
            route.continue_()
        else:
            on_their_way.append(route)  # still on its way when the second file is chosen

    connect(widget)
    widget.route(re.compile(r"/_upload$"), first_one_slow)
    open_conformity_form(widget)
    picker = widget.locator("#attachments input[type=file]")
    picker.set_input_files([{"name": "recto.png", "mimeType": "image/png", "buffer": PNG}])
    # Each call to the page lets Playwright hand the route over (its events come with calls).
    wait_until(lambda: widget.evaluate("1") and on_their_way)
    picker.set_input_files([{"name": "verso.png", "mimeType": "image/png", "buffer": PNG}])
    on_their_way[0].continue_()
    files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
    expect(files.get_by_role("listitem")).to_have_count(2)
    expect(files).to_contain_text("recto.png")
    expect(files).to_contain_text("verso.png")


def test_a_file_that_reaches_the_server_before_the_choices_is_kept(widget: Page):
    # An upload is an HTTP request: on several workers it can be handled before the snapshot
    # that opens the form (a websocket message). It carries the browser's flow.
    held: list[str | bytes] = []
    line: dict = {"holding": True}

    def relay(page_side) -> None:
        line["server"] = page_side.connect_to_server()

        def to_server(message) -> None:
            if line["holding"] and ".sync" in str(message):
                held.append(message)
            else:
                line["server"].send(message)

        page_side.on_message(to_server)

    widget.route_web_socket(re.compile(r"/_event/"), relay)
    widget.reload()
    connect(widget)
    open_conformity_form(widget)
    wait_until(lambda: held)  # the server has not heard of the form
    widget.locator("#attachments input[type=file]").set_input_files(
        [{"name": "facture.png", "mimeType": "image/png", "buffer": PNG}]
    )
    files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
    expect(files.get_by_role("listitem")).to_have_count(1)
    line["holding"] = False
    for message in held:
        line["server"].send(message)
    expect(files).to_contain_text("facture.png")
    expect(widget.get_by_role("button", name="Envoyer ma demande")).to_be_visible()


def test_no_attachments_where_the_topic_does_not_need_them(widget: Page):
    choose(widget, category_group(widget), "Mon compte Alma")
    choose(widget, topic_group(widget), "Autre question")
    widget.get_by_role("button", name="Contacter le service client").click()
    expect(widget.get_by_label("Adresse email")).to_be_visible()
    expect(widget.get_by_role("button", name="Ajouter des fichiers")).to_have_count(0)


@pytest.mark.skipif(not PRODUCTION, reason="production stack pass only (the bucket)")
def test_the_storage_down_is_said_plainly_and_the_request_still_goes(
    widget: Page, local_s3, database_url
):
    open_conformity_form(widget)
    widget.get_by_label("Adresse email").fill("stockage@exemple.fr")
    widget.get_by_label("Numéro de téléphone").fill("0612345678")
    widget.get_by_label("Votre message").fill("La photo ne passe pas, voici ma demande quand même.")
    local_s3.pause()
    try:
        widget.locator("#attachments input[type=file]").set_input_files(
            [{"name": "photo.png", "mimeType": "image/png", "buffer": PNG}]
        )
        expect(
            widget.get_by_role("button", name="Ajouter des fichiers")
        ).to_have_accessible_description(re.compile("L'ajout de fichiers est momentanément"))
        files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
        expect(files.get_by_role("listitem")).to_have_count(0)
        # What was typed is still there, and the request goes without the file.
        expect(widget.get_by_label("Adresse email")).to_have_value("stockage@exemple.fr")
        widget.get_by_role("button", name="Envoyer ma demande").click()
        expect(
            widget.get_by_role("heading", name="Votre demande a bien été envoyée")
        ).to_be_visible()
    finally:
        local_s3.resume()
    [row] = rows_with_email(database_url, "stockage@exemple.fr")
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        assert session.exec(select(Attachment).where(Attachment.request_id == row.id)).all() == []
    engine.dispose()


def test_files_chosen_before_a_reconnection_come_back_and_are_sent(
    page: Page, widget_app, database_url, upload_dir
):
    """A new connection's snapshot carries no file name (#30): the server holds them until the
    page that chose them hands its key over again, as it does at each connection."""
    watch_connections(page)
    page.goto(widget_app.url)
    open_conformity_form(page)
    page.locator("#attachments input[type=file]").set_input_files(
        [{"name": "avant-coupure.png", "mimeType": "image/png", "buffer": PNG}]
    )
    files = page.get_by_role("list", name="Pièces jointes (facultatif)")
    expect(files).to_contain_text("avant-coupure.png")
    drop_the_connection(page)
    expect(files.get_by_role("listitem")).to_have_count(1)
    expect(files).to_contain_text("avant-coupure.png")
    send_purchase_form(page, "coupure@exemple.fr", "La photo a été choisie avant une coupure.")
    [row] = rows_with_email(database_url, "coupure@exemple.fr")
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        names = session.exec(
            select(Attachment.original_name).where(Attachment.request_id == row.id)
        ).all()
    engine.dispose()
    assert names == ["avant-coupure.png"]
