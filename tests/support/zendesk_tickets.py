"""A request delivered as a ticket to the local Zendesk, for the webhook and rating tests."""

from __future__ import annotations

from alma_widget.delivery.outbox import deliver_due
from alma_widget.settings import Settings
from tests.unit.delivery.rows import store_one


def ticket_for(session_factory, zendesk, key="w", locale="fr"):
    row = store_one(session_factory, key, locale=locale, delivery_kinds=("zendesk",))
    assert deliver_due(session_factory, Settings(**zendesk.settings())) == 1
    [ticket] = [t for t in zendesk.tickets if t["external_id"] == row.reference]
    return row, ticket
