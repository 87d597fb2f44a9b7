"""A ticket's delivery across the outbox's attempts: a later attempt looks for the ticket an
earlier one may have made (Zendesk forgets an Idempotency-Key after two hours, the outbox
keeps trying for longer), a first attempt creates at once; and what a waiting or failed
delivery says in /admin (the outbox's `last_error`), in words an agent can act on."""

from __future__ import annotations

import stamina
from sqlmodel import select

from alma_widget.contact.attachments import save
from alma_widget.delivery.outbox import deliver_due
from alma_widget.settings import Settings
from alma_widget.storage.tables import OutboxMessage
from harness.zendesk import Fault
from tests.support.records import PNG
from tests.unit.delivery.rows import outbox, request_row, store_one

CREATE = "POST /api/v2/tickets.json"
SEARCH = "GET /api/v2/tickets.json"


def _tried_before(session_factory, attempts: int) -> None:
    """The outbox's ticket message as after `attempts` attempts that ended unanswered."""
    with session_factory() as session:
        for message in session.exec(select(OutboxMessage)):
            message.attempts = attempts
            session.add(message)
        session.commit()


def _ticket_request(session_factory, **extra):
    return store_one(session_factory, delivery_kinds=("zendesk",), **extra)


def test_a_first_attempt_creates_without_looking_first(session_factory, zendesk):
    _ticket_request(session_factory)
    assert deliver_due(session_factory, Settings(**zendesk.settings())) == 1
    assert [r.route for r in zendesk.requests] == [CREATE]


def test_a_later_attempt_finds_the_ticket_an_earlier_one_made(session_factory, zendesk):
    row = _ticket_request(session_factory)
    # The first attempt's ticket exists in Zendesk; its Idempotency-Key is long forgotten.
    made = zendesk.seed_ticket(row.reference, "", "…")
    _tried_before(session_factory, attempts=1)
    assert deliver_due(session_factory, Settings(**zendesk.settings())) == 1
    assert [r.route for r in zendesk.requests] == [SEARCH]
    assert request_row(session_factory, row.id).zendesk_ticket_id == made["id"]
    assert len(zendesk.tickets) == 1


def _last_error(session_factory) -> tuple[str, str | None]:
    [message] = outbox(session_factory)
    return message.status, message.last_error


def test_zendesk_down_is_said_with_its_status(session_factory, zendesk):
    _ticket_request(session_factory)
    zendesk.fail_next(CREATE, Fault(503))
    with stamina.set_testing(True, attempts=1):
        assert deliver_due(session_factory, Settings(**zendesk.settings())) == 0
    assert _last_error(session_factory) == ("pending", "HTTP 503")


def test_zendesk_out_of_reach_is_said_by_the_error_s_kind(session_factory, zendesk):
    _ticket_request(session_factory)
    cfg = Settings(**zendesk.settings())
    zendesk.stop()
    with stamina.set_testing(True, attempts=1):
        assert deliver_due(session_factory, cfg) == 0
    assert _last_error(session_factory) == ("pending", "ConnectError")


def test_a_file_gone_from_the_store_fails_the_ticket_plainly(session_factory, zendesk, tmp_path):
    photo = save("colis.png", PNG, tmp_path)
    (tmp_path / photo.stored_name).unlink()
    _ticket_request(session_factory, attachments=[photo])
    cfg = Settings(**zendesk.settings(), upload_dir=str(tmp_path))
    assert deliver_due(session_factory, cfg) == 0
    assert _last_error(session_factory) == ("failed", "attachment unreadable (FileNotFoundError)")
    assert zendesk.tickets == []


def test_a_store_that_cannot_be_read_now_is_tried_again(session_factory, zendesk, tmp_path):
    photo = save("colis.png", PNG, tmp_path)
    stored = tmp_path / photo.stored_name
    stored.unlink()
    stored.mkdir()  # read as a file, it fails as a disk that cannot be read does
    _ticket_request(session_factory, attachments=[photo])
    cfg = Settings(**zendesk.settings(), upload_dir=str(tmp_path))
    assert deliver_due(session_factory, cfg) == 0
    assert _last_error(session_factory) == (
        "pending",
        "attachments unreachable (IsADirectoryError)",
    )
    assert zendesk.tickets == []
