"""The server's log never holds what the customer typed: the reference is enough."""

import json
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from alma_widget.contact.state import ContactState
from harness.db import search_misses
from harness.identity import identity_token
from harness.socket_client import send_events
from harness.waiting import wait_until
from tests.e2e.conftest import PRODUCTION
from tests.support.conversations import conversation, open_in_my_requests
from tests.support.host_pages import open_account_page

EMAIL = "confidentiel.client@exemple.fr"
PHONE_TYPED, PHONE_STORED = "06 98 76 54 32", "+33698765432"
MESSAGE = "Mon secret : le code de la porte est 4512B."


def test_a_request_leaves_no_personal_data_in_the_log(
    widget: Page, widget_app, smtp_sink, local_zendesk
):
    widget.get_by_role("radio", name="Ma commande", exact=True).check()
    widget.get_by_role("radio", name="Mon remboursement").check()
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Adresse email").fill(EMAIL)
    widget.get_by_label("Numéro de téléphone").fill(PHONE_TYPED)
    widget.get_by_label("Votre message").fill(MESSAGE)
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    reference = widget.locator("#request-reference").inner_text()

    def log() -> str:
        return widget_app.log_path.read_text(errors="replace")

    # The lines written at delivery count too: read the log once the mail and the ticket are out.
    wait_until(lambda: f"support for {reference} delivered" in log(), timeout=60)
    wait_until(lambda: f"zendesk for {reference} delivered" in log(), timeout=60)
    assert [m for m in smtp_sink.received() if reference in m["Subject"]]
    written = log()
    assert f"request {reference} stored" in written
    for secret in (EMAIL, PHONE_TYPED, PHONE_STORED, MESSAGE, "4512B"):
        assert secret not in written
    if PRODUCTION:  # `make serve` writes JSON lines: each of ours is one object
        [line] = [line for line in written.splitlines() if f"request {reference} stored" in line]
        record = json.loads(line)
        assert (record["level"], record["logger"]) == ("info", "alma_widget.contact.state")


def test_a_search_leaves_nothing_in_the_log(widget: Page, widget_app, database_url):
    typed = "zorglub 4970101234567890 zorglub@zorglub.zz"
    widget.get_by_label("Décrivez votre problème en quelques mots").fill(typed)
    wait_until(lambda: "zorglub [numéro] [email]" in search_misses(database_url))
    log = widget_app.log_path.read_text(errors="replace")
    for secret in ("zorglub", "4970101234567890"):
        assert secret not in log


def test_hostile_events_leave_no_personal_data_in_the_log(widget_app):
    # Reflex's own warnings quote whole events on some paths (#20.4): every path a client
    # can provoke is played with a known email, phone and message.
    email, phone, message = "hostile.client@exemple.fr", "+33611223344", "Code secret 7788Z."
    typed = {"email": email, "phone": phone, "message": message}
    submit = ContactState.get_full_name() + ".submit"
    event = {"name": submit, "payload": {"form_data": typed}, "router_data": {}}
    played = [
        ("event", {"name": "reflex___state____state.no_such_handler", "payload": typed}),
        ("event", {"name": submit, "payload": {"form_data": json.dumps(typed)}}),
        ("event", {"name": submit, "payload": {"not_an_argument": typed}}),
        ("event", {"name": submit, "payload": [email, phone, message]}),
        ("event", json.dumps(event)),  # the event as a string
        ("event", f"not json {email} {phone} {message}"),
        ("event", [email, phone, message]),  # not a dictionary
        ("event", {"name": submit, "payload": typed, "unknown_field": typed}),
        ("client_error", {"message": f"TypeError: {email} {phone} {message}", "stack": message}),
        ("no_such_event", typed),
    ]
    send_events(widget_app.url, played)
    send_events(widget_app.url, [("event", event)], with_token=False)  # no session token
    oversized = {**event, "payload": {"form_data": {**typed, "message": message * 80_000}}}
    send_events(widget_app.url, [("event", oversized)])
    # The server read them all (its ping answers came back, or it closed the socket) and
    # said so, without the data: the paths were taken.
    written = widget_app.log_path.read_text(errors="replace")
    for secret in (email, phone, "7788Z"):
        assert secret not in written
    assert written.count("Event data: […]") >= 3
    assert "no_such_handler" in written and "[Reflex Frontend Exception] […]" in written


def test_an_answer_and_a_rating_leave_nothing_in_the_log(
    page: Page, demo_host, widget_app, database_url, local_zendesk
):
    answered = datetime.now(UTC) - timedelta(hours=1)
    reference, ticket = conversation(
        local_zendesk,
        database_url,
        "cus_log_0016",
        "journal@exemple.fr",
        first_team_reply_at=answered,
        helpdesk_status="solved",
        resolutions=1,
        solved_at=answered,
    )
    widget = open_account_page(
        page, demo_host, identity_token("cus_log_0016", "journal@exemple.fr")
    )
    mine = open_in_my_requests(widget, reference)
    mine.get_by_role("button", name="Non", exact=True).click()
    mine.get_by_role("radio", name="Autre chose").check()
    mine.get_by_role("textbox", name="Un mot de plus ? (facultatif)").fill("Porte 4512B, merci.")
    mine.get_by_role("button", name="Envoyer mon avis").click()
    expect(mine.get_by_role("status").filter(has_text="Merci pour votre avis")).to_be_visible()
    mine.get_by_role("textbox", name="Votre réponse").fill(MESSAGE)
    mine.get_by_role("button", name="Envoyer ma réponse").click()
    expect(mine.get_by_role("status").filter(has_text="Votre réponse est envoyée")).to_be_visible()
    wait_until(lambda: "csat_bad" in ticket.get("tags", []))
    wait_until(lambda: any(c["body"] == MESSAGE for c in ticket["comments"]))

    # The outbox logs the delivery once it has stored it, just after Zendesk has the comment.
    def log() -> str:
        return widget_app.log_path.read_text(errors="replace")

    wait_until(lambda: f"zendesk_reply for {reference} delivered" in log())
    written = log()
    for secret in (MESSAGE, "4512B", "journal@exemple.fr"):
        assert secret not in written
