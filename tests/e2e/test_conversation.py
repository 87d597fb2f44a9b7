"""After « Envoyer »: the conversation stays in the widget. A signed-in customer on Alma's
dashboard (another origin), or anyone following a request by its one-time link, reads the
team's public replies and their own answers, never an internal note; a Zendesk that cannot
be read leaves the request as it is, said plainly."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import sqlmodel
from playwright.sync_api import Page, expect
from sqlmodel import select

from alma_widget.storage.tables import OutboxMessage, SupportRequest
from harness.identity import identity_token
from harness.waiting import wait_until
from harness.zendesk import FILE_BYTES, Fault
from tests.e2e.axe import violations
from tests.support.conversations import ANSWER, NOTE, REPLY, conversation, open_in_my_requests
from tests.support.host_pages import MESSAGE, host_events, open_account_page, seed_for
from tests.support.steps import PNG, ask_for_a_link, open_conformity_form, tracking_mails


def test_a_signed_in_customer_reads_the_team_s_reply_never_its_internal_note(
    page: Page, demo_host, database_url, local_zendesk, browser_errors
):
    reference, _ = conversation(local_zendesk, database_url, "cus_ines_0007", "ines@exemple.fr")
    widget = open_account_page(page, demo_host, identity_token("cus_ines_0007", "ines@exemple.fr"))
    open_in_my_requests(widget, reference)  # its heading focused
    thread = widget.get_by_role("region", name="Vos échanges avec le service client")
    messages = thread.locator("ol.thread > li")  # each message (its files: a list inside)
    expect(messages).to_have_count(2)
    expect(messages.nth(0)).to_contain_text("Service client Alma")
    expect(messages.nth(0)).to_contain_text(REPLY)
    expect(messages.nth(1)).to_contain_text("Vous")
    expect(messages.nth(1)).to_contain_text(ANSWER)
    expect(messages.nth(1)).to_contain_text("carton.jpg")
    # Its file comes through the widget's origin, never from a Zendesk address in the page.
    assert local_zendesk.url not in widget.locator("body").inner_html()
    with page.expect_download() as download:
        messages.nth(1).get_by_role("button", name="Télécharger carton.jpg").click()
    assert download.value.suggested_filename == "carton.jpg"
    assert Path(download.value.path()).read_bytes() == FILE_BYTES
    assert urlsplit(download.value.url).path.startswith("/conversation-files/")
    when = re.compile(r"^le \d\d/\d\d/\d{4} à \d\d:\d\d$")
    expect(messages.nth(0).locator("time")).to_have_text(when)
    expect(widget.get_by_text("Note interne")).to_have_count(0)
    assert NOTE not in page.content() and NOTE not in widget.locator("body").inner_html()


def test_another_customer_reads_nothing_of_it(page: Page, demo_host, database_url, local_zendesk):
    reference, _ = conversation(local_zendesk, database_url, "cus_jade_0008", "jade@exemple.fr")
    widget = open_account_page(page, demo_host, identity_token("cus_hugo_0009", "hugo@exemple.fr"))
    widget.locator("#widget-title").click()
    widget.get_by_role("button", name="Mes demandes").click()
    mine = widget.get_by_role("region", name="Mes demandes")
    expect(mine).to_contain_text("Vous n'avez encore envoyé aucune demande")
    expect(mine.get_by_role("button", name=re.compile(reference))).to_have_count(0)
    expect(widget.get_by_text(REPLY)).to_have_count(0)


def test_a_zendesk_that_cannot_be_read_leaves_the_request_as_it_is(
    page: Page, demo_host, database_url, local_zendesk, browser_errors
):
    reference, ticket = conversation(
        local_zendesk, database_url, "cus_theo_0010", "theo@exemple.fr"
    )
    local_zendesk.fail_next(f"GET /api/v2/tickets/{ticket['id']}/comments.json", Fault(503))
    widget = open_account_page(page, demo_host, identity_token("cus_theo_0010", "theo@exemple.fr"))
    mine = open_in_my_requests(widget, reference)
    expect(mine.get_by_role("status")).to_contain_text(
        "Les derniers messages n'ont pas pu être chargés"
    )
    expect(mine).to_contain_text(MESSAGE)
    expect(widget.get_by_text(REPLY)).to_have_count(0)
    # Back to the list and in again: Zendesk answers this time.
    mine.get_by_role("button", name="Retour à mes demandes").click()
    mine.get_by_role("button", name=re.compile(reference)).click()
    expect(mine.get_by_text(REPLY)).to_be_visible()
    expect(mine.get_by_role("status").filter(has_text="pas pu être chargés")).to_have_count(0)


def test_a_request_followed_by_its_link_shows_its_conversation(
    widget: Page, widget_app, database_url, local_zendesk, smtp_sink
):
    reference, _ = conversation(local_zendesk, database_url, None, "suivi.fil@exemple.fr")
    widget.get_by_role("button", name="Suivre une demande").click()
    ask_for_a_link(widget, reference, "suivi.fil@exemple.fr")
    [letter] = wait_until(lambda: tracking_mails(smtp_sink, reference))
    token = parse_qs(urlsplit(re.search(r"http\S+", letter.get_content()).group(0)).query)
    widget.goto(f"{widget_app.url}/fr/?suivi={token['suivi'][0]}")
    thread = widget.get_by_role("region", name="Vos échanges avec le service client")
    expect(thread.get_by_role("listitem").first).to_contain_text(REPLY)
    expect(widget.get_by_text("Note interne")).to_have_count(0)
    assert violations(widget) == []


def test_a_new_reply_is_told_in_my_requests_and_to_the_host_page(
    page: Page, demo_host, widget_app, database_url, local_zendesk, browser_errors
):
    reference, ticket = conversation(
        local_zendesk, database_url, "cus_lina_0011", "lina@exemple.fr"
    )
    webhook = f"{widget_app.url}/api/zendesk/webhook"
    assert local_zendesk.reply(ticket, "Nous vous avons remboursé.", webhook)[0] == 200
    widget = open_account_page(page, demo_host, identity_token("cus_lina_0011", "lina@exemple.fr"))
    widget.locator("#widget-title").click()
    # The dashboard's badge: a count, nothing personal.
    page.wait_for_function("() => almaHostEvents.some(e => e.name === 'replied')")
    assert host_events(page, "replied") == [{"count": 1}]
    widget.get_by_role("button", name="Mes demandes").click()
    mine = widget.get_by_role("region", name="Mes demandes")
    item = mine.get_by_role("listitem").filter(has_text=reference)
    expect(item).to_contain_text("Nouvelle réponse")
    item.get_by_role("button").click()
    expect(mine.get_by_text("Nous vous avons remboursé.")).to_be_visible()
    page.wait_for_function("() => almaHostEvents.filter(e => e.name === 'replied').length === 2")
    assert host_events(page, "replied")[-1] == {"count": 0}
    mine.get_by_role("button", name="Retour à mes demandes").click()
    expect(item).to_be_visible()
    expect(item).not_to_contain_text("Nouvelle réponse")


def test_the_expected_reply_time_comes_from_the_team_s_replies(
    widget: Page, widget_app, database_url
):
    # 20 requests answered two business hours after they were sent (a Wednesday morning).
    sent = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    for week in range(20):
        at = sent - timedelta(days=7 * week)
        seed_for(
            database_url,
            None,
            f"reponse.{week}@exemple.fr",
            ("order", "refund"),
            created_at=at,
            first_team_reply_at=at + timedelta(hours=2),
        )
    open_conformity_form(widget)
    said = widget.locator("#reply-time-form")
    # Read once connected: the figure in business hours, or when the team is back.
    figure, back = r"Nous répondons en général sous \d+ h\.", r"Notre équipe vous répondra .+"
    expect(said).to_have_text(re.compile(rf"^({figure}|{back})$"))


def test_an_answered_request_is_solved_by_the_customer_after_a_confirmation(
    page: Page, demo_host, database_url, local_zendesk, browser_errors
):
    answered = datetime.now(ZoneInfo("UTC")) - timedelta(hours=1)
    reference, ticket = conversation(
        local_zendesk, database_url, "cus_noe_0012", "noe@exemple.fr", first_team_reply_at=answered
    )
    widget = open_account_page(page, demo_host, identity_token("cus_noe_0012", "noe@exemple.fr"))
    mine = open_in_my_requests(widget, reference)
    solve = mine.get_by_role("button", name="Mon problème est résolu")
    # Easy to press by mistake: a confirmation first, and « Annuler » changes nothing.
    solve.click()
    expect(mine.get_by_text("Confirmez-vous que votre problème est résolu ?")).to_be_focused()
    mine.get_by_role("button", name="Annuler").click()
    expect(solve).to_be_focused()
    assert ticket["status"] == "new"
    # Zendesk refuses once: said plainly, nothing changed.
    local_zendesk.fail_next(f"PUT /api/v2/tickets/{ticket['id']}.json", Fault(422))
    solve.click()
    mine.get_by_role("button", name="Oui, c'est résolu").click()
    expect(mine.get_by_role("status").filter(has_text="pas pu clore")).to_be_visible()
    assert ticket["status"] == "new"
    mine.get_by_role("button", name="Oui, c'est résolu").click()
    expect(mine.get_by_role("status").filter(has_text="Votre demande est close")).to_be_focused()
    wait_until(lambda: ticket["status"] == "solved")
    expect(mine).to_contain_text("Résolue")
    expect(solve).to_have_count(0)
    # Solved after a reply of the team: how was it? « Non » asks why.
    expect(mine.get_by_role("heading", name="Êtes-vous satisfait de la réponse ?")).to_be_visible()
    mine.get_by_role("button", name="Non", exact=True).click()
    mine.get_by_role("button", name="Envoyer mon avis").click()
    expect(mine.get_by_text("Choisissez ce qui n'a pas été.")).to_be_visible()
    mine.get_by_role("radio", name="La réponse n'était pas claire").check()
    mine.get_by_role("textbox", name="Un mot de plus ? (facultatif)").fill("Trop technique.")
    mine.get_by_role("button", name="Envoyer mon avis").click()
    expect(mine.get_by_role("status").filter(has_text="Merci pour votre avis")).to_be_focused()
    expect(mine.get_by_role("heading", name="Êtes-vous satisfait de la réponse ?")).to_have_count(0)
    wait_until(lambda: "csat_bad" in ticket.get("tags", []))
    [note] = [c for c in ticket["comments"] if not c["public"] and "Satisfaction" in c["body"]]
    assert "Raison : La réponse n'était pas claire" in note["body"]
    # Kept: the list read again from the store says so too.
    widget.get_by_role("button", name="Fermer mes demandes").click()
    expect(mine).to_have_count(0)
    widget.get_by_role("button", name="Mes demandes", exact=True).click()
    expect(mine.get_by_role("listitem").filter(has_text=reference)).to_contain_text("Résolue")


def test_a_request_the_team_has_not_answered_cannot_be_solved_from_the_widget(
    page: Page, demo_host, database_url, local_zendesk
):
    reference, _ = conversation(local_zendesk, database_url, "cus_ada_0013", "ada@exemple.fr")
    widget = open_account_page(page, demo_host, identity_token("cus_ada_0013", "ada@exemple.fr"))
    mine = open_in_my_requests(widget, reference)
    expect(mine.get_by_role("heading", name=re.compile(reference))).to_be_focused()
    expect(mine.get_by_role("button", name="Mon problème est résolu")).to_have_count(0)


def _replies_sent(database_url: str, reference: str) -> list[str]:
    """The statuses of the outbox rows that deliver the answers under this request."""
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        statement = (
            select(OutboxMessage.status)
            .join(SupportRequest, SupportRequest.id == OutboxMessage.request_id)
            .where(OutboxMessage.kind == "zendesk_reply", SupportRequest.reference == reference)
        )
        return list(session.exec(statement))


def _answer(region, text: str) -> None:
    region.get_by_role("textbox", name="Votre réponse").fill(text)


def test_the_customer_answers_with_a_photo_once_even_when_zendesk_s_answer_is_lost(
    page: Page, demo_host, database_url, local_zendesk, browser_errors
):
    reference, ticket = conversation(
        local_zendesk, database_url, "cus_rose_0014", "rose@exemple.fr", helpdesk_status="pending"
    )
    ticket["status"] = "pending"  # the team asked for a photo
    mine_before = len(local_zendesk.comments_by(ticket, ticket["requester_id"]))
    widget = open_account_page(page, demo_host, identity_token("cus_rose_0014", "rose@exemple.fr"))
    mine = open_in_my_requests(widget, reference)
    expect(mine.locator("dt:text-is('Statut') + dd")).to_have_text("En attente de votre réponse")
    expect(mine.get_by_role("heading", name="Répondre")).to_be_visible()
    widget.locator("#answer-attachments input[type=file]").set_input_files(
        [{"name": "carton.png", "mimeType": "image/png", "buffer": PNG}]
    )
    expect(mine.get_by_role("list", name="Pièces jointes (facultatif)")).to_contain_text(
        "carton.png"
    )
    # Zendesk writes the comment, then the connection drops before its answer arrives.
    local_zendesk.fail_next(f"PUT /api/v2/tickets/{ticket['id']}.json", Fault(drop=True))
    _answer(mine, "Voici la photo demandée.")
    mine.get_by_role("button", name="Envoyer ma réponse").click()
    expect(mine.get_by_role("status").filter(has_text="Votre réponse est envoyée")).to_be_focused()
    # In the conversation at once, and the field empty for the next one.
    expect(mine.get_by_role("listitem").filter(has_text="Voici la photo demandée.")).to_be_visible()
    expect(mine.get_by_role("textbox", name="Votre réponse")).to_have_value("")
    # Waiting on the customer, then « En cours » as they answered.
    status = mine.locator("dt:text-is('Statut') + dd")
    expect(status).to_have_text("En cours")
    wait_until(lambda: _replies_sent(database_url, reference) == ["sent"])
    mine_now = local_zendesk.comments_by(ticket, ticket["requester_id"])
    assert len(mine_now) == mine_before + 1
    assert mine_now[-1]["body"] == "Voici la photo demandée." and mine_now[-1]["public"]
    assert [a["file_name"] for a in mine_now[-1]["attachments"]] == ["carton.png"]
    assert ticket["status"] == "open"


def test_a_closed_request_is_followed_up_by_a_linked_one(
    page: Page, demo_host, database_url, local_zendesk, browser_errors
):
    reference, ticket = conversation(
        local_zendesk,
        database_url,
        "cus_paul_0015",
        "paul.suite@exemple.fr",
        helpdesk_status="closed",
    )
    ticket["status"] = "closed"
    widget = open_account_page(
        page, demo_host, identity_token("cus_paul_0015", "paul.suite@exemple.fr")
    )
    mine = open_in_my_requests(widget, reference)
    expect(mine.get_by_role("heading", name="Nouvelle demande liée")).to_be_visible()
    _answer(mine, "Le remboursement n'est toujours pas arrivé.")
    mine.get_by_role("button", name="Envoyer la nouvelle demande").click()
    said = mine.get_by_role("status").filter(has_text="Votre nouvelle demande")
    expect(said).to_be_focused()
    follow_up = re.search(r"ALM-\w{8}", said.inner_text()).group(0)
    assert follow_up != reference
    created = wait_until(
        lambda: [t for t in local_zendesk.tickets if t.get("external_id") == follow_up]
    )
    assert created[0]["via_followup_source_id"] == ticket["id"]
    assert len(ticket["comments"]) == 4  # the closed ticket took nothing


def test_a_request_followed_by_its_link_takes_an_answer(
    widget: Page, widget_app, database_url, local_zendesk, smtp_sink
):
    reference, ticket = conversation(local_zendesk, database_url, None, "suivi.rep@exemple.fr")
    widget.get_by_role("button", name="Suivre une demande").click()
    ask_for_a_link(widget, reference, "suivi.rep@exemple.fr")
    [letter] = wait_until(lambda: tracking_mails(smtp_sink, reference))
    token = parse_qs(urlsplit(re.search(r"http\S+", letter.get_content()).group(0)).query)
    widget.goto(f"{widget_app.url}/fr/?suivi={token['suivi'][0]}")
    _answer(widget, "Merci, c'est bien reçu.")
    widget.get_by_role("button", name="Envoyer ma réponse").click()
    expect(
        widget.get_by_role("status").filter(has_text="Votre réponse est envoyée")
    ).to_be_visible()
    wait_until(
        lambda: [
            c
            for c in local_zendesk.comments_by(ticket, ticket["requester_id"])
            if c["body"] == "Merci, c'est bien reçu."
        ]
    )
    assert violations(widget) == []


def _csat_mails(smtp_sink, reference: str) -> list:
    return [m for m in smtp_sink.messages if f"{reference} : êtes-vous satisfait" in m["Subject"]]


def test_solved_by_the_team_the_mail_s_link_asks_for_satisfaction(
    widget: Page, widget_app, database_url, local_zendesk, smtp_sink
):
    answered = datetime.now(ZoneInfo("UTC")) - timedelta(hours=2)
    reference, ticket = conversation(
        local_zendesk, database_url, None, "avis@exemple.fr", first_team_reply_at=answered
    )
    webhook = f"{widget_app.url}/api/zendesk/webhook"
    assert local_zendesk.change_status(ticket, "solved", webhook)[0] == 200
    [letter] = wait_until(lambda: _csat_mails(smtp_sink, reference))
    assert letter["To"] == "avis@exemple.fr"
    link = re.search(r"http\S+", letter.get_content()).group(0)
    widget.goto(f"{widget_app.url}{urlsplit(link).path}?{urlsplit(link).query}")
    question = widget.get_by_role("heading", name="Êtes-vous satisfait de la réponse ?")
    expect(question).to_be_visible()
    widget.get_by_role("button", name="Oui", exact=True).click()
    expect(widget.get_by_role("status").filter(has_text="Merci pour votre avis")).to_be_focused()
    wait_until(lambda: "csat_good" in ticket.get("tags", []))
