"""A request with its conversation in the local Zendesk, and opening it in « Mes demandes »,
for the end-to-end tests."""

from __future__ import annotations

import re

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
    widget.locator("#widget-title").click()  # a first touch: the page connects
    widget.get_by_role("button", name="Mes demandes").click()
    mine = widget.get_by_role("region", name="Mes demandes")
    mine.get_by_role("button", name=re.compile(reference)).click()
    return mine
