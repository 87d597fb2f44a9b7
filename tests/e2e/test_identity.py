"""A signed-in customer on Alma's dashboard (another origin): the host hands the widget a
token its backend signed; the widget checks it on the server and locks the address."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from harness.db import rows_with_email
from harness.identity import OTHER_KID, OTHER_SECRET, identity_token
from harness.socket_client import capture_hydrate, what_a_connection_receives
from harness.waiting import wait_until
from tests.e2e.conftest import SERVER_AWAY, drop_expected
from tests.support.connections import drop_the_connection, watch_connections
from tests.support.host_pages import (
    FRAME,
    MESSAGE,
    host_events,
    open_account_page,
    seed_for,
)
from tests.support.steps import PNG, open_conformity_form


def send(widget, phone: str = "06 12 34 56 78") -> str:
    widget.get_by_label("Numéro de téléphone").fill(phone)
    widget.get_by_label("Votre message").fill(MESSAGE)
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    return widget.locator("#request-reference").inner_text()


def test_a_signed_in_customer_sends_under_their_account(
    page: Page, demo_host, widget_app, database_url, local_zendesk, browser_errors
):
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))
    # Signed with the second secret of the two the widget trusts (a rotation under way).
    token = identity_token(
        "cus_marie_0001", "marie.martin@exemple.fr", kid=OTHER_KID, secret=OTHER_SECRET
    )
    widget = open_account_page(page, demo_host, token)
    open_conformity_form(widget)
    page.wait_for_function("() => almaHostEvents.some(e => e.name === 'identified')")
    assert host_events(page, "identified") == [{}]
    email = widget.get_by_label("Adresse email")
    expect(email).to_have_value("marie.martin@exemple.fr")
    expect(email).not_to_be_editable()
    expect(widget.get_by_text("Celle de votre compte Alma")).to_be_visible()
    # A script in the frame changes the locked field: the server sends the account's.
    email.evaluate(
        "input => { input.removeAttribute('readonly'); input.value = 'autre@exemple.fr' }"
    )
    reference = send(widget)
    [row] = [
        r
        for r in rows_with_email(database_url, "marie.martin@exemple.fr")
        if r.reference == reference
    ]
    assert row.customer_id == "cus_marie_0001"
    assert rows_with_email(database_url, "autre@exemple.fr") == []
    # In Zendesk the ticket's requester is the user whose external_id is the Alma id.
    ticket = wait_until(
        lambda: next((t for t in local_zendesk.tickets if t["external_id"] == reference), None)
    )
    [user] = [u for u in local_zendesk.users if u["id"] == ticket["requester_id"]]
    assert user["external_id"] == "cus_marie_0001"
    # An agent waits on the customer in Zendesk: its signed webhook tells « Mes demandes ».
    webhook = f"{widget_app.url}/api/zendesk/webhook"
    assert local_zendesk.change_status(ticket, "pending", webhook)[0] == 200
    widget.get_by_role("button", name="Mes demandes").click()
    mine = widget.get_by_role("region", name="Mes demandes").get_by_role("listitem")
    expect(mine.filter(has_text=reference)).to_contain_text("En attente de votre réponse")
    # The token went by postMessage: in no address, and never in the server's log.
    assert not [url for url in addresses if token in url]
    assert token not in widget_app.log_path.read_text(errors="replace")


@pytest.mark.parametrize(
    "token",
    [
        identity_token(secret="un-secret-que-le-widget-ne-connait-pas-du-tout"),  # forged
        identity_token(lifetime=-60),  # expired
        identity_token(kid="compte-1999"),  # unknown kid
        "pas-un-jeton",  # malformed
    ],
    ids=["forged", "expired", "unknown-kid", "malformed"],
)
def test_a_refused_token_leaves_the_widget_anonymous(
    page: Page, demo_host, widget_app, token, browser_errors
):
    widget = open_account_page(page, demo_host)
    open_conformity_form(widget)
    page.evaluate("token => AlmaSupport.identify({ token: token })", token)
    page.wait_for_function("() => almaHostEvents.some(e => e.name === 'error')")
    # Nothing that helps an attacker: the code only (the server's log says which check).
    assert host_events(page, "error") == [{"code": "identity_refused"}]
    assert host_events(page, "identified") == []
    email = widget.get_by_label("Adresse email")
    expect(email).to_be_editable()
    expect(email).to_have_value("")
    assert "identity refused" in widget_app.log_path.read_text(errors="replace")


def test_not_you_drops_the_identity_and_sends_as_anyone(
    page: Page, demo_host, database_url, browser_errors
):
    widget = open_account_page(page, demo_host, identity_token("cus_paul_0002", "paul@exemple.fr"))
    open_conformity_form(widget)
    email = widget.get_by_label("Adresse email")
    expect(email).to_have_value("paul@exemple.fr")
    widget.get_by_role("button", name="Ce n'est pas vous ?").click()
    expect(email).to_be_editable()
    expect(email).to_have_value("")
    expect(email).to_be_focused()
    email.fill("invite.du.foyer@exemple.fr")
    send(widget)
    [row] = rows_with_email(database_url, "invite.du.foyer@exemple.fr")
    assert row.customer_id is None
    assert rows_with_email(database_url, "paul@exemple.fr") == []


def test_each_customer_sees_their_own_requests_and_statuses(
    page: Page, demo_host, database_url, browser_errors
):
    now = datetime.now(UTC)
    older = seed_for(
        database_url,
        "cus_lea_0003",
        "lea@exemple.fr",
        ("order", "order-not-compliant"),
        created_at=now - timedelta(days=3),
        helpdesk_status="pending",
        order_reference="CMD-2026-7",
        files=["facture.pdf", "colis.png"],
    )
    newer = seed_for(
        database_url,
        "cus_lea_0003",
        "lea@exemple.fr",
        ("account", "complaint"),
        created_at=now - timedelta(days=1),
        status="in_progress",
    )
    someone_elses = seed_for(
        database_url,
        "cus_hugo_0004",
        "hugo@exemple.fr",
        ("account", "complaint"),
    )
    widget = open_account_page(page, demo_host, identity_token("cus_lea_0003", "lea@exemple.fr"))
    widget.locator("#widget-title").click()  # a first touch: the page connects
    widget.get_by_role("button", name="Mes demandes").click()
    mine = widget.get_by_role("region", name="Mes demandes")
    items = mine.get_by_role("listitem")
    expect(items).to_have_count(2)
    # Newest first, each with its status in the customer's words.
    expect(items.nth(0)).to_contain_text(newer)
    expect(items.nth(0)).to_contain_text("En cours")
    expect(items.nth(1)).to_contain_text(older)
    expect(items.nth(1)).to_contain_text("En attente de votre réponse")
    expect(mine).not_to_contain_text(someone_elses)
    page.wait_for_function("() => almaHostEvents.some(e => e.name === 'requestsShown')")
    assert host_events(page, "requestsShown") == [{"count": 2}]
    mine.get_by_role("button", name=re.compile(older)).click()
    detail = widget.get_by_role("region", name=re.compile(f"^{older}"))
    expect(detail).to_contain_text(MESSAGE)
    expect(detail).to_contain_text("CMD-2026-7")
    expect(detail.get_by_role("listitem")).to_have_text(["facture.pdf", "colis.png"])
    expect(widget.get_by_role("heading", name=re.compile(f"^{older}"))).to_be_focused()
    # The other customer, by the host's API, without touching the widget first.
    other = open_account_page(page, demo_host, identity_token("cus_hugo_0004", "hugo@exemple.fr"))
    page.evaluate("() => AlmaSupport.open({ view: 'requests' })")
    theirs = other.get_by_role("region", name="Mes demandes")
    expect(theirs.get_by_role("listitem")).to_have_count(1)
    expect(theirs).to_contain_text(someone_elses)
    expect(theirs).to_contain_text("Reçue")
    page.wait_for_function("() => almaHostEvents.some(e => e.name === 'requestsShown')")
    assert host_events(page, "requestsShown") == [{"count": 1}]


def test_a_stranger_has_no_requests_link(page: Page, demo_host, browser_errors):
    widget = open_account_page(page, demo_host)
    widget.locator("#widget-title").click()
    page.evaluate("() => AlmaSupport.open({ view: 'requests' })")
    expect(widget.locator("main[data-hydrated='true']")).to_have_count(1)
    expect(widget.get_by_role("button", name="Mes demandes")).to_have_count(0)
    expect(widget.get_by_role("region", name="Mes demandes")).to_have_count(0)


def test_a_copied_socket_token_receives_nothing_of_the_customer(
    page: Page, demo_host, widget_app, browser_errors
):
    """The Reflex token travels in the websocket's address (proxies log it) and its state
    outlives the tab: replayed without the host page, it is an anonymous visitor, from the
    very first frame the server sends (the hydrate snapshot)."""
    widget = open_account_page(
        page, demo_host, identity_token("cus_marie_0001", "marie.martin@exemple.fr")
    )
    open_conformity_form(widget)
    page.wait_for_function("() => almaHostEvents.some(e => e.name === 'identified')")
    widget.get_by_label("Numéro de téléphone").fill("06 98 76 54 32")
    widget.get_by_label("Votre message").fill(MESSAGE)
    widget.get_by_label("Numéro de téléphone").focus()  # the message is remembered on blur
    widget.locator("#attachments input[type=file]").set_input_files(
        [{"name": "releve-marie-martin.png", "mimeType": "image/png", "buffer": PNG}]
    )
    files = widget.get_by_role("list", name="Pièces jointes (facultatif)")
    expect(files).to_contain_text("releve-marie-martin.png")
    widget.get_by_role("button", name="Mes demandes").click()
    expect(widget.get_by_role("region", name="Mes demandes")).to_be_visible()
    socket_token = widget.locator("html").evaluate("() => sessionStorage.getItem('token')")
    hydrate = capture_hydrate(page.context.browser, widget_app.url)
    page.goto("about:blank")  # the customer's tab is gone; its state stays on the server
    harvest = what_a_connection_receives(widget_app.url, hydrate, socket_token)
    assert '"is_hydrated_rx_state_": true' in harvest  # the connection was served
    personal_data = ("marie.martin@exemple.fr", "06 98 76 54 32", MESSAGE, "cus_marie_0001")
    for personal in (*personal_data, "releve-marie-martin"):
        assert personal not in harvest


def test_the_customer_stays_signed_in_across_a_reconnection(
    page: Page, demo_host, widget_app, browser_errors
):
    """The server forgets who the customer is at every connection; the page says it again."""
    widget = open_account_page(
        page, demo_host, identity_token("cus_marie_0001", "marie.martin@exemple.fr")
    )
    widget.locator("#widget-title").click()  # a first touch: the page connects
    expect(widget.get_by_role("button", name="Mes demandes")).to_be_visible()
    widget_app.stop()
    expect(widget.get_by_role("alert")).to_contain_text("Connexion perdue")
    widget_app.start()
    expect(widget.get_by_role("alert")).to_have_count(0, timeout=60_000)
    expect(widget.get_by_role("button", name="Mes demandes")).to_be_visible()
    open_conformity_form(widget)
    expect(widget.get_by_label("Adresse email")).to_have_value("marie.martin@exemple.fr")
    expect(widget.get_by_label("Adresse email")).not_to_be_editable()
    drop_expected(browser_errors, SERVER_AWAY)


def test_a_refused_token_after_a_valid_one_leaves_an_anonymous_visitor(
    page: Page, demo_host, browser_errors
):
    widget = open_account_page(
        page, demo_host, identity_token("cus_marie_0001", "marie.martin@exemple.fr")
    )
    widget.locator("#widget-title").click()
    expect(widget.get_by_role("button", name="Mes demandes")).to_be_visible()
    widget.get_by_role("button", name="Mes demandes").click()
    expect(widget.get_by_role("region", name="Mes demandes")).to_be_visible()
    page.evaluate("() => AlmaSupport.identify({ token: 'not.a.token' })")
    refused = "e => e.name === 'error' && e.payload.code === 'identity_refused'"
    page.wait_for_function(f"() => almaHostEvents.some({refused})")
    expect(widget.get_by_role("button", name="Mes demandes")).to_have_count(0)
    expect(widget.get_by_role("region", name="Mes demandes")).to_have_count(0)
    open_conformity_form(widget)
    expect(widget.get_by_label("Adresse email")).to_be_editable()
    expect(widget.get_by_label("Adresse email")).to_have_value("")


def test_the_host_s_logout_leaves_nothing_of_the_customer(page: Page, demo_host, browser_errors):
    """A shared device: the host signs its customer out; the next person finds an anonymous
    widget, even after a reconnection (the frame forgot the token and the prefill too)."""
    watch_connections(page)
    widget = open_account_page(
        page, demo_host, identity_token("cus_marie_0001", "marie.martin@exemple.fr")
    )
    open_conformity_form(widget)
    expect(widget.get_by_label("Adresse email")).to_have_value("marie.martin@exemple.fr")
    page.evaluate("() => AlmaSupport.prefill({ phone: '06 11 22 33 44' })")
    expect(widget.get_by_label("Numéro de téléphone")).to_have_value("+33611223344")
    widget.get_by_label("Votre message").fill(MESSAGE)
    page.evaluate("() => AlmaSupport.logout()")
    expect(widget.get_by_role("button", name="Mes demandes")).to_have_count(0)
    frame = page.locator(FRAME).element_handle().content_frame()
    assert frame is not None
    drop_the_connection(frame)
    open_conformity_form(widget)
    expect(widget.get_by_label("Adresse email")).to_have_value("")
    expect(widget.get_by_label("Adresse email")).to_be_editable()
    expect(widget.get_by_label("Numéro de téléphone")).to_have_value("")
    expect(widget.get_by_label("Votre message")).to_have_value("")
    assert widget.locator("html").evaluate("() => window.__almaIdentityToken") is None
