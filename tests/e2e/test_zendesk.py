"""From the widget to the support team's help desk: a request becomes one Zendesk ticket
(harness/zendesk.py keeps the Support API's contract), linked from /admin; a refused ticket
shows as failed there."""

import re

from playwright.sync_api import Page, expect

from harness.db import pending_deliveries, rows_with_email
from harness.waiting import wait_until
from harness.zendesk import Fault
from tests.support.admin_pages import open_in_admin, sign_in
from tests.support.steps import send_with_a_photo


def test_a_request_becomes_one_ticket_linked_from_admin(
    widget: Page, page: Page, widget_app, database_url, local_zendesk
):
    reference = send_with_a_photo(widget, "zendesk.client@exemple.fr")
    wait_until(lambda: [t for t in local_zendesk.tickets if t["external_id"] == reference])
    [ticket] = [t for t in local_zendesk.tickets if t["external_id"] == reference]
    assert ticket["subject"] == f"[{reference}] Ma commande n'est pas conforme"
    assert ticket["requester"]["email"] == "zendesk.client@exemple.fr"
    assert "colis recu casse" in ticket["comment"]["body"]
    assert [a["file_name"] for a in ticket["attachments"]] == ["colis casse.png"]
    wait_until(
        lambda: rows_with_email(database_url, "zendesk.client@exemple.fr")[0].zendesk_ticket_id
    )
    sign_in(page, widget_app.url)
    open_in_admin(page, reference)
    detail = page.get_by_role("region", name="Détail de la demande")
    link = detail.get_by_role("link", name=re.compile(f"^Ticket Zendesk n° {ticket['id']}"))
    expect(link).to_have_attribute("href", f"{local_zendesk.url}/agent/tickets/{ticket['id']}")
    expect(detail.locator("#deliveries")).to_contain_text("Ticket Zendesk")


def test_a_refused_ticket_shows_as_failed_in_admin(
    widget: Page, page: Page, widget_app, database_url, local_zendesk
):
    # Earlier tests' tickets first, so that the refusal lands on this request's ticket.
    wait_until(lambda: pending_deliveries(database_url, "zendesk") == 0, timeout=30)
    local_zendesk.fail_next(
        "POST /api/v2/tickets.json",
        Fault(422, body={"error": "RecordInvalid", "description": "Record validation errors"}),
    )
    reference = send_with_a_photo(widget, "zendesk.refus@exemple.fr")
    wait_until(
        lambda: (
            rows_with_email(database_url, "zendesk.refus@exemple.fr")[0].delivery_status == "failed"
        )
    )
    sign_in(page, widget_app.url)
    page.get_by_label("Remise").select_option("failed")
    page.get_by_role("button", name="Filtrer").click()
    row = page.locator("#requests tbody tr").filter(has_text=reference)
    expect(row).to_contain_text("Échec")
    row.get_by_role("button", name=reference).click()
    deliveries = page.locator("#deliveries")
    expect(deliveries.get_by_role("row").filter(has_text="Ticket Zendesk")).to_contain_text(
        "HTTP 422 RecordInvalid"
    )


def test_the_tickets_status_follows_zendesk_into_admin(
    widget: Page, page: Page, widget_app, database_url, local_zendesk
):
    reference = send_with_a_photo(widget, "statut.client@exemple.fr")
    wait_until(lambda: [t for t in local_zendesk.tickets if t["external_id"] == reference])
    [ticket] = [t for t in local_zendesk.tickets if t["external_id"] == reference]
    webhook = f"{widget_app.url}/api/zendesk/webhook"
    assert local_zendesk.change_status(ticket, "open", webhook)[0] == 200
    status, pending = local_zendesk.change_status(ticket, "pending", webhook)
    assert status == 200
    # Forged and replayed events change nothing.
    assert local_zendesk.post_event(webhook, pending, signature="Zm9yZ2Vk") == 401
    assert local_zendesk.post_event(webhook, pending) == 200
    [row] = rows_with_email(database_url, "statut.client@exemple.fr")
    assert row.helpdesk_status == "pending"
    sign_in(page, widget_app.url)
    open_in_admin(page, reference)
    detail = page.get_by_role("region", name="Détail de la demande")
    expect(detail).to_contain_text("En attente du client")
