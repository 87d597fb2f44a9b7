"""alma-widget-erase reaches Zendesk: the person's tickets deleted, then deleted for good;
Zendesk out of reach stops the erasure before anything is removed (run it again later)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from alma_widget.admin.privacy import HelpDeskUnreachable, erase
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.delivery.outbox import deliver_due
from alma_widget.settings import Settings
from alma_widget.storage.queries import create_request
from alma_widget.storage.tables import SupportRequest
from harness.zendesk import Fault


def sent_to_zendesk(session_factory, zendesk, email: str, key: str) -> int:
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "account",
            "topic_id": "complaint",
            "email": email,
            "message": "Je souhaite faire une réclamation sur mon compte.",
        }
    )
    with session_factory() as session:
        create_request(
            session=session,
            request_in=request_in,
            submission_key=key,
            delivery_kinds=("zendesk",),
        )
    deliver_due(session_factory, Settings(**zendesk.settings()))
    with session_factory() as session:
        row = session.exec(select(SupportRequest).where(SupportRequest.submission_key == key)).one()
        return row.zendesk_ticket_id


def emails(session_factory) -> list[str]:
    with session_factory() as session:
        return sorted(r.email for r in session.exec(select(SupportRequest)))


def test_the_persons_tickets_are_deleted_for_good(session_factory, zendesk, tmp_path):
    first = sent_to_zendesk(session_factory, zendesk, "efface@exemple.fr", "a")
    second = sent_to_zendesk(session_factory, zendesk, "Efface@Exemple.fr", "b")
    other = sent_to_zendesk(session_factory, zendesk, "reste@exemple.fr", "c")
    cfg = Settings(**zendesk.settings())
    with session_factory() as session:
        removed = erase(session=session, email="efface@exemple.fr", upload_dir=tmp_path, cfg=cfg)
    assert (removed.zendesk_tickets, removed.requests) == (2, 2)
    assert sorted(zendesk.purged) == sorted([first, second])
    assert [t["id"] for t in zendesk.tickets] == [other] and zendesk.deleted == []
    assert "2 Zendesk ticket(s)" in str(removed)
    assert emails(session_factory) == ["reste@exemple.fr"]


def test_zendesk_out_of_reach_removes_nothing_then_a_rerun_does_it(
    session_factory, zendesk, tmp_path
):
    ticket = sent_to_zendesk(session_factory, zendesk, "plustard@exemple.fr", "d")
    cfg = Settings(**zendesk.settings(), zendesk_timeout_seconds=1)
    zendesk.stop()
    with session_factory() as session, pytest.raises(HelpDeskUnreachable) as stopped:
        erase(session=session, email="plustard@exemple.fr", upload_dir=tmp_path, cfg=cfg)
    assert str(stopped.value) == "ConnectError"  # what the command tells the operator
    assert emails(session_factory) == ["plustard@exemple.fr"]  # kept: run it again
    zendesk.start()
    # Meanwhile an agent deleted the ticket in Zendesk: already gone counts as removed.
    zendesk.tickets[:] = [t for t in zendesk.tickets if t["id"] != ticket]
    with session_factory() as session:
        removed = erase(session=session, email="plustard@exemple.fr", upload_dir=tmp_path, cfg=cfg)
    assert removed.zendesk_tickets == 1 and emails(session_factory) == []


def test_a_busy_or_failing_zendesk_is_asked_again_within_the_erasure(
    session_factory, zendesk, tmp_path
):
    ticket = sent_to_zendesk(session_factory, zendesk, "occupe@exemple.fr", "e")
    zendesk.fail_next(f"DELETE /api/v2/tickets/{ticket}.json", Fault(status=503))
    zendesk.fail_next(
        f"DELETE /api/v2/deleted_tickets/{ticket}.json",
        Fault(status=429, headers={"Retry-After": "1"}),
    )
    with session_factory() as session:
        removed = erase(
            session=session,
            email="occupe@exemple.fr",
            upload_dir=tmp_path,
            cfg=Settings(**zendesk.settings()),
        )
    assert removed.zendesk_tickets == 1 and zendesk.purged == [ticket]
    assert emails(session_factory) == []
