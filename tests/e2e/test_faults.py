"""Faults a real deployment meets; the customer is told plainly and no request is lost or doubled.

Faults that need the production stack (Redis, PostgreSQL, several workers) run in its pass
(`make test-e2e-production`) and are skipped in the embedded SQLite pass.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from harness.db import rows_once_settled, rows_with_email
from harness.waiting import wait_until
from tests.e2e.conftest import PRODUCTION, SERVER_AWAY, connect, drop_expected
from tests.support.steps import open_account_form

production_only = pytest.mark.skipif(not PRODUCTION, reason="production stack pass only")


def settled(page: Page) -> None:
    """Wait until the server has handled every event sent so far (they are handled in order):
    a language round trip is visible, so the typed values are stored before the fault."""
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a request")
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Envoyer une demande")


def test_backend_restart_halfway_through_the_form(
    widget: Page, widget_app, database_url, browser_errors
):
    open_account_form(widget, "redemarrage@exemple.fr", "Le serveur redémarre pendant que j'écris.")
    settled(widget)
    widget_app.stop()
    expect(widget.get_by_role("alert")).to_contain_text("Connexion perdue")
    # Said once, in the page's language: not Reflex's English connection banner as well.
    expect(widget.get_by_title(re.compile("Connection Error"))).to_have_count(0)
    widget_app.start()
    expect(widget.get_by_role("alert")).to_have_count(0, timeout=60_000)
    # The step and what was typed are still there: kept in Redis in production; on the
    # embedded stack the restarted server forgot the session and the browser handed it back.
    expect(widget.get_by_role("heading", name="Contacter le service client")).to_be_visible()
    expect(widget.get_by_label("Adresse email")).to_have_value("redemarrage@exemple.fr")
    # A language switch draws the fields anew from a server that may have forgotten them:
    # what was typed is still there (assets/client_flow.js keeps it on screen).
    widget.get_by_role("button", name="English").click()
    expect(widget.get_by_label("Email address")).to_have_value("redemarrage@exemple.fr")
    widget.get_by_role("button", name="Send my request").click()
    expect(widget.get_by_role("heading", name="Your request has been sent")).to_be_visible()
    assert len(rows_once_settled(database_url, "redemarrage@exemple.fr")) == 1
    # The page logged failed connections while the server was away; that is expected here.
    drop_expected(browser_errors, SERVER_AWAY)


def test_submit_sent_while_offline_is_stored_once_on_reconnection(
    widget: Page, widget_app, database_url, browser_errors
):
    open_account_form(widget, "horsligne@exemple.fr", "Envoyé pendant une coupure du réseau.")
    settled(widget)
    widget_app.stop()
    expect(widget.get_by_role("alert")).to_contain_text("Connexion perdue")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    widget.get_by_role("button", name="Envoyer ma demande").click()
    widget_app.start()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible(
        timeout=60_000
    )
    assert len(rows_once_settled(database_url, "horsligne@exemple.fr")) == 1
    drop_expected(browser_errors, SERVER_AWAY)


def test_the_same_submission_from_a_duplicated_tab_is_one_request(
    widget: Page, widget_app, database_url
):
    email = "deuxonglets@exemple.fr"
    open_account_form(widget, email, "Le même envoi depuis deux onglets.")
    settled(widget)  # the form's submission key has reached the page, and is kept
    # A duplicated tab starts with a copy of the tab's sessionStorage: the Reflex token and
    # the kept flow, typed text and submission key (assets/client_flow.js).
    copied = widget.evaluate("() => JSON.stringify(Object.entries(sessionStorage))")
    twin = widget.context.new_page()
    twin.add_init_script(
        f"for (const [k, v] of JSON.parse({copied!r})) sessionStorage.setItem(k, v)"
    )
    twin.goto(widget_app.url)
    expect(twin.get_by_label("Adresse email")).to_have_value(email)
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    twin.get_by_role("button", name="Envoyer ma demande").click()
    expect(twin.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    # Reflex gave the copy a session of its own, yet it sent the same submission: the one
    # request already stored answers it, with the same reference.
    first = widget.locator("#request-reference").inner_text()
    assert twin.locator("#request-reference").inner_text() == first
    assert len(rows_once_settled(database_url, email)) == 1
    twin.close()


@production_only
def test_database_down_at_submission(widget: Page, postgres, database_url):
    open_account_form(widget, "basearretee@exemple.fr", "La base de données est arrêtée.")
    postgres.pause()
    try:
        widget.get_by_role("button", name="Envoyer ma demande").click()
        expect(widget.get_by_role("alert")).to_contain_text(
            "Nous n'avons pas pu enregistrer votre demande pour le moment"
        )
        expect(widget.get_by_label("Adresse email")).to_have_value("basearretee@exemple.fr")
        expect(widget.get_by_label("Votre message")).to_have_value(
            "La base de données est arrêtée."
        )
    finally:
        postgres.resume()
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    assert len(rows_once_settled(database_url, "basearretee@exemple.fr")) == 1


def test_mail_server_down_then_back(widget: Page, smtp_sink, database_url):
    smtp_sink.stop()
    try:
        open_account_form(widget, "smtparrete@exemple.fr", "Le serveur de mail est en panne.")
        widget.get_by_role("button", name="Envoyer ma demande").click()
        # The customer gets the reference at once.
        expect(widget.locator("#request-reference")).to_have_text(re.compile(r"^ALM-"))
        reference = widget.locator("#request-reference").inner_text()
        [row] = rows_with_email(database_url, "smtparrete@exemple.fr")
        assert row.delivery_status == "pending"
    finally:
        smtp_sink.start()
    # Sent once the server is back (the worker retries with backoff), exactly once.
    wait_until(
        lambda: rows_with_email(database_url, "smtparrete@exemple.fr")[0].delivery_status == "sent",
        timeout=120,
    )
    assert len([m for m in smtp_sink.received() if reference in m["Subject"]]) == 1


def test_slow_network_keeps_one_request_and_shows_progress(widget: Page, database_url):
    held: list[str | bytes] = []
    line = {"holding": False, "page": None}

    def relay(socket) -> None:
        server = socket.connect_to_server()
        line["page"] = socket

        def to_page(message) -> None:
            if line["holding"]:
                held.append(message)
            else:
                socket.send(message)

        server.on_message(to_page)

    # Every answer from the server goes through this slow line from the next page load on.
    widget.route_web_socket(re.compile(r"/_event/"), relay)
    widget.reload()
    connect(widget)
    open_account_form(widget, "lent@exemple.fr", "Un réseau très lent pendant l'envoi.")
    line["holding"] = True
    send = widget.locator("#submit-request")
    send.click()
    send.click()  # impatient customer, nothing came back yet
    wait_until(lambda: len(rows_with_email(database_url, "lent@exemple.fr")) == 1)
    wait_until(lambda: any('"sending_rx_state_":true' in str(m) for m in held))
    # The first answers arrive: the button is disabled and says it is sending.
    sending_at = next(i for i, m in enumerate(held) if '"sending_rx_state_":true' in str(m))
    for message in held[: sending_at + 1]:
        line["page"].send(message)
    expect(send).to_be_disabled()
    expect(send).to_have_text("Envoi en cours…")
    line["holding"] = False
    for message in held[sending_at + 1 :]:
        line["page"].send(message)
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    assert len(rows_once_settled(database_url, "lent@exemple.fr")) == 1


@production_only
def test_redis_down_is_said_plainly_and_recovers_by_itself(
    widget: Page, redis_server, widget_app, browser_errors
):
    # Connected and loaded first: this outage hits an event, not the page's start (below).
    # Stopped in the middle of the start, it would test a race between the two instead.
    connect(widget)
    widget.get_by_role("radio", name="Mes échéances", exact=True).check()
    expect(widget.get_by_role("group", name="Précisez votre demande")).to_be_visible()
    redis_server.stop()
    try:
        widget.get_by_role("radio", name="Je souhaite décaler une échéance").check()
        expect(widget.get_by_role("alert")).to_have_text(
            re.compile("Le service est momentanément indisponible")
        )
    finally:
        redis_server.start()
    # Back: the next choice goes through and the message goes away; no worker died.
    widget.get_by_role("radio", name="Mon échéancier et mes mensualités").check()
    expect(widget.get_by_role("heading", name="Mon échéancier et mes mensualités")).to_be_visible(
        timeout=60_000
    )
    expect(widget.locator(".service-unavailable")).to_be_empty()
    assert widget_app.process.poll() is None


@production_only
def test_redis_down_when_the_customer_arrives_is_said_at_the_first_touch(
    widget: Page, redis_server, widget_app, database_url, browser_errors
):
    redis_server.stop()
    try:
        # The page is painted without the server; the first touch starts the app, whose
        # connection the server cannot serve.
        widget.get_by_role("radio", name="Mon compte Alma").check()
        expect(widget.get_by_role("alert")).to_have_text(
            re.compile("Le service est momentanément indisponible")
        )
        # The customer carries on meanwhile: their own choices are no answer from the
        # server, and the message stays.
        widget.get_by_role("radio", name="Autre question", exact=True).check()
        expect(widget.get_by_role("heading", name="Autre question", exact=True)).to_be_visible()
        expect(widget.get_by_role("alert")).to_have_text(
            re.compile("Le service est momentanément indisponible")
        )
    finally:
        redis_server.start()
    # Back: the customer carries on from where they were and the request goes through.
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Adresse email").fill("arrivee@exemple.fr")
    widget.get_by_label("Votre message").fill("Arrivé pendant une panne de Redis.")
    widget.locator("#submit-request").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible(
        timeout=60_000
    )
    expect(widget.locator(".service-unavailable")).to_be_empty()
    assert len(rows_once_settled(database_url, "arrivee@exemple.fr")) == 1
    assert widget_app.process.poll() is None
