"""Erasure reaches the help desk too: the tickets created for a person's requests are deleted,
then deleted permanently (Zendesk keeps a deleted ticket 30 days otherwise), through the same
retried client as the delivery. A ticket already gone counts as removed."""

from __future__ import annotations

from collections.abc import Iterable

import httpx
import stamina

from alma_widget.delivery.config import zendesk_config
from alma_widget.delivery.zendesk import (
    ATTEMPTS,
    CALL_TIMEOUT,
    LONGEST_WAIT_IN_CALL,
    api_client,
    backoff,
    checked,
)
from alma_widget.settings import Settings


def _delete(client: httpx.Client, path: str) -> None:
    for attempt in stamina.retry_context(
        on=backoff, attempts=ATTEMPTS, timeout=CALL_TIMEOUT, wait_max=LONGEST_WAIT_IN_CALL
    ):
        with attempt:
            response = client.delete(path)
            if response.status_code != 404:  # already gone: nothing left to remove
                checked(response)


def erase_tickets(cfg: Settings, ticket_ids: Iterable[int]) -> int:
    """Delete each ticket, then permanently; how many. Raises when Zendesk refuses or stays
    out of reach (the caller then keeps its own rows, so the erasure can be run again)."""
    zendesk = zendesk_config(cfg)
    removed = 0
    with api_client(zendesk) as client:
        for ticket_id in ticket_ids:
            _delete(client, f"/api/v2/tickets/{int(ticket_id)}.json")
            _delete(client, f"/api/v2/deleted_tickets/{int(ticket_id)}.json")
            removed += 1
    return removed
