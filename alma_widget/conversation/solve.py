"""« Mon problème est résolu »: the customer closes an answered request themselves.

The ticket becomes `solved` in Zendesk (`PUT /api/v2/tickets/{id}.json`, status only: the
same call twice leaves it solved), with the Support API's brief retries (429 after its
Retry-After, 5xx, timeouts); then the request keeps the status, as Zendesk's webhook would.
A Zendesk that refuses or stays down changes nothing here, and the page says to try again.
"""

from __future__ import annotations

import httpx
import stamina
from sqlmodel import Session

from alma_widget.delivery.config import zendesk_config
from alma_widget.delivery.failures import Refused
from alma_widget.delivery.zendesk import (
    ATTEMPTS,
    LONGEST_WAIT_IN_CALL,
    Busy,
    Down,
    api_client,
    backoff,
    checked,
)
from alma_widget.settings import Settings
from alma_widget.storage.tables import SupportRequest, utc_now

TICKET = "/api/v2/tickets/{ticket_id}.json"
# A customer waits on this call.
CALL_TIMEOUT = 20.0


class NotSolved(Exception):
    """Zendesk did not take the change (refused, or down beyond the retries)."""


def can_be_solved(row: SupportRequest) -> bool:
    """The team replied at least once, and the ticket is not solved or closed already."""
    return (
        row.zendesk_ticket_id is not None
        and row.first_team_reply_at is not None
        and row.helpdesk_status not in ("solved", "closed")
    )


def solve_ticket(ticket_id: int, cfg: Settings) -> None:
    """The ticket solved in Zendesk; NotSolved otherwise."""
    zendesk = zendesk_config(cfg)
    payload = {"ticket": {"status": "solved"}}
    try:
        with api_client(zendesk) as client:
            for attempt in stamina.retry_context(
                on=backoff, attempts=ATTEMPTS, timeout=CALL_TIMEOUT, wait_max=LONGEST_WAIT_IN_CALL
            ):
                with attempt:
                    checked(client.put(TICKET.format(ticket_id=int(ticket_id)), json=payload))
    except (Refused, httpx.HTTPError, Busy, Down) as exc:
        raise NotSolved(type(exc).__name__) from None


def mark_solved(*, session: Session, row: SupportRequest) -> None:
    """The request says « Résolue » at once (the webhook's later event agrees)."""
    now = utc_now()
    if row.helpdesk_status not in ("solved", "closed"):
        row.resolutions, row.solved_at = row.resolutions + 1, now
    row.helpdesk_status, row.helpdesk_status_at = "solved", now
    session.add(row)
    session.commit()
