"""A request delivered as a ticket to the local Zendesk, for the webhook and rating tests;
Zendesk set up but out of reach, for the tests of what is queued for it."""

from __future__ import annotations

from alma_widget.delivery.outbox import deliver_due
from alma_widget.settings import Settings
from tests.unit.delivery.rows import store_one


def ticket_for(session_factory, zendesk, key="w", locale="fr"):
    row = store_one(session_factory, key, locale=locale, delivery_kinds=("zendesk",))
    assert deliver_due(session_factory, Settings(**zendesk.settings())) == 1
    [ticket] = [t for t in zendesk.tickets if t["external_id"] == row.reference]
    return row, ticket


# Zendesk configured but never reached (a closed port): for what is queued, not delivered.
UNREACHED_ZENDESK = {
    "ALMA_ZENDESK_URL": "http://127.0.0.1:9",
    "ALMA_ZENDESK_EMAIL": "api@alma.test",
    "ALMA_ZENDESK_API_TOKEN": "token",
    "ALMA_ZENDESK_TICKET_FORM_ID": "1",
    "ALMA_ZENDESK_FIELD_IDS": "category:1,topic:2,order_reference:3,merchant:4",
}
