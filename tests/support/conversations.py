"""A request with its conversation in the local Zendesk, and opening it in « Mes demandes »,
for the end-to-end tests."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from harness.waiting import wait_until
from tests.support.host_pages import MESSAGE, seed_for

REPLY = "Bonjour, pouvez-vous nous envoyer une photo du colis ?"


NOTE = "Note interne : deuxième réclamation de ce client, voir avec la compta."


ANSWER = "Voici la photo du carton abîmé."


def conversation(local_zendesk, database_url, customer_id, email, **row):
    """A request of `customer_id` delivered as a ticket, answered by the team (with an
    internal note among the comments) and by the customer; its reference and ticket."""
    ticket = local_zendesk.seed_ticket("", customer_id or "", MESSAGE)
    reference = seed_for(
        database_url,
        customer_id,
        email,
        ("order", "order-not-compliant"),
        zendesk_ticket_id=ticket["id"],
        **row,
    )
    ticket["external_id"] = reference
    local_zendesk.add_comment(ticket, REPLY)
    local_zendesk.add_comment(ticket, NOTE, public=False)
    local_zendesk.add_comment(ticket, ANSWER, agent=None, files=("carton.jpg",))
    return reference, ticket


def open_in_my_requests(widget, reference: str):
    """The request opened from the list, as a customer does once the list is in place."""
    widget.locator("#widget-title").click()  # a first touch: the page connects
    widget.get_by_role("button", name="Mes demandes").click()
    mine = widget.get_by_role("region", name="Mes demandes")
    item = mine.get_by_role("button", name=re.compile(reference))
    expect(item).to_be_visible()
    # The host page sizes the frame to the list through a message: a click while the frame
    # grows can land beside the button (seen once in CI, the request never opened).
    wait_until(lambda: _frame_fits_its_page(widget))
    item.click()
    expect(mine.get_by_role("heading", name=re.compile(reference))).to_be_focused()
    return mine


def _frame_fits_its_page(widget) -> bool:
    frame_height = widget.owner.evaluate("frame => frame.getBoundingClientRect().height")
    page_height = widget.locator(":root").evaluate(
        "root => Math.ceil(root.getBoundingClientRect().height)"
    )
    return abs(frame_height - page_height) < 1
