"""« Mon problème est résolu »: only an answered, open request; the ticket solved in Zendesk
through its brief trouble; a refusal changes nothing and says so."""

import pytest

from alma_widget.conversation.solve import NotSolved, can_be_solved, solve_ticket
from alma_widget.settings import Settings
from alma_widget.storage.tables import SupportRequest, utc_now
from harness.zendesk import Fault, LocalZendesk


@pytest.fixture
def zendesk():
    with LocalZendesk() as server:
        yield server


def cfg(server: LocalZendesk) -> Settings:
    return Settings(**server.settings())


@pytest.mark.parametrize(
    ("ticket", "replied", "status", "offered"),
    [
        (7, True, None, True),
        (7, True, "pending", True),
        (7, False, "open", False),  # the team has not replied yet
        (None, True, None, False),  # no ticket (mail-only)
        (7, True, "solved", False),
        (7, True, "closed", False),
    ],
)
def test_only_an_answered_open_ticket_can_be_solved(ticket, replied, status, offered):
    row = SupportRequest(
        zendesk_ticket_id=ticket,
        first_team_reply_at=utc_now() if replied else None,
        helpdesk_status=status,
    )
    assert can_be_solved(row) is offered


def test_brief_trouble_then_solved_once(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_a", "Bonjour")
    zendesk.fail_next(f"PUT /api/v2/tickets/{ticket['id']}.json", Fault(503))
    solve_ticket(ticket["id"], cfg(zendesk))
    assert ticket["status"] == "solved"


@pytest.mark.parametrize("status", [401, 404, 422])
def test_a_refusal_leaves_the_ticket_as_it_was(zendesk, status):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_a", "Bonjour")
    zendesk.fail_next(f"PUT /api/v2/tickets/{ticket['id']}.json", Fault(status))
    with pytest.raises(NotSolved):
        solve_ticket(ticket["id"], cfg(zendesk))
    assert ticket["status"] == "new"
