"""A customer's answer from the widget becomes one public comment of theirs on the ticket,
through the outbox, against the local Zendesk (harness/zendesk.py): with its file, reopening
a ticket that waited on them, exactly once when the first write's answer is lost, refused on
a closed ticket, waiting for a ticket not created yet."""

from __future__ import annotations

from sqlmodel import select

from alma_widget.contact.attachments import save
from alma_widget.delivery.outbox import deliver_due
from alma_widget.settings import Settings
from alma_widget.storage.replies import add_reply, replies_of
from alma_widget.storage.tables import OutboxMessage, SupportRequest
from harness.zendesk import Fault
from tests.unit.delivery.rows import make_due, request_row, store_one

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(64)


def ticketed(session_factory, zendesk, status="open"):
    """A request whose ticket exists in Zendesk, as the widget created it."""
    row = store_one(session_factory, delivery_kinds=("zendesk",), customer_id="cus_1")
    ticket = zendesk.seed_ticket(row.reference, "cus_1", "Mon colis n'est jamais arrivé.")
    ticket["status"] = status
    with session_factory() as session:
        stored = session.get(SupportRequest, row.id)
        stored.zendesk_ticket_id, stored.helpdesk_status = ticket["id"], status
        session.add(stored)
        for message in session.exec(select(OutboxMessage)):
            message.status = "sent"  # the ticket's own row: delivered
            session.add(message)
        session.commit()
    return row, ticket


def answer(session_factory, row, text="Voici la photo du colis.", key="a1", files=()):
    with session_factory() as session:
        request = session.get(SupportRequest, row.id)
        reply, created = add_reply(
            session=session, request=request, message=text, submission_key=key, files=files
        )
        return reply.comment_key, created


def settings_of(zendesk, **extra) -> Settings:
    return Settings(**{**zendesk.settings(), **extra})


def test_the_answer_is_one_public_comment_of_the_requester_with_its_file(
    session_factory, zendesk, tmp_path
):
    row, ticket = ticketed(session_factory, zendesk, status="pending")
    photo = save("colis.png", PNG, tmp_path)
    key, _ = answer(session_factory, row, files=[photo])
    # Waiting on the customer: « En cours » again as soon as they answer.
    assert request_row(session_factory, row.id).helpdesk_status == "open"
    assert deliver_due(session_factory, settings_of(zendesk, upload_dir=str(tmp_path))) == 1
    [mine] = zendesk.comments_by(ticket, ticket["requester_id"])[1:]
    assert mine["body"] == "Voici la photo du colis."
    assert mine["public"] is True
    assert [(a["file_name"], a["size"]) for a in mine["attachments"]] == [("colis.png", len(PNG))]
    assert mine["metadata"]["custom"] == {"alma_reply": key}
    # A first attempt writes at once: nothing to look for yet.
    assert not [r for r in zendesk.requests if r.route.endswith("/comments.json")]
    assert ticket["status"] == "open"
    with session_factory() as session:
        [stored] = replies_of(session=session, request_id=row.id)
    assert stored.delivery == "sent"
    assert stored.files == ("colis.png",)
    # The request itself stays delivered: its answer has a row of its own.
    assert request_row(session_factory, row.id).delivery_status != "failed"


def test_a_solved_ticket_reopens_and_a_ticket_on_hold_keeps_its_status(session_factory, zendesk):
    row, ticket = ticketed(session_factory, zendesk, status="solved")
    answer(session_factory, row)
    deliver_due(session_factory, settings_of(zendesk))
    assert ticket["status"] == "open"
    other, held = ticketed(session_factory, zendesk, status="hold")
    with session_factory() as session:
        request = session.get(SupportRequest, other.id)
        add_reply(session=session, request=request, message="Merci", submission_key="a2")
    deliver_due(session_factory, settings_of(zendesk))
    assert held["status"] == "hold"


def test_written_but_the_answer_lost_still_one_comment(session_factory, zendesk):
    row, ticket = ticketed(session_factory, zendesk)
    answer(session_factory, row)
    route = f"PUT /api/v2/tickets/{ticket['id']}.json"
    # Zendesk writes the comment, then its answer never comes back in time.
    zendesk.fail_next(route, Fault(hold=3))
    assert deliver_due(session_factory, settings_of(zendesk, zendesk_timeout_seconds=1)) == 1
    assert len(zendesk.comments_by(ticket, ticket["requester_id"])) == 2  # description + answer
    assert [r.route for r in zendesk.requests].count(route) == 1


def test_written_then_the_connection_dropped_still_one_comment(session_factory, zendesk):
    row, ticket = ticketed(session_factory, zendesk)
    answer(session_factory, row)
    route = f"PUT /api/v2/tickets/{ticket['id']}.json"
    zendesk.fail_next(route, Fault(drop=True))
    assert deliver_due(session_factory, settings_of(zendesk)) == 1
    assert len(zendesk.comments_by(ticket, ticket["requester_id"])) == 2
    assert [r.route for r in zendesk.requests].count(route) == 1


def test_a_later_attempt_of_the_outbox_looks_before_writing(session_factory, zendesk):
    row, ticket = ticketed(session_factory, zendesk)
    answer(session_factory, row)
    route = f"PUT /api/v2/tickets/{ticket['id']}.json"
    # The write is done, the answer lost, and the in-call retries run out (Zendesk down).
    zendesk.fail_next(route, Fault(hold=3))
    comments = f"GET /api/v2/tickets/{ticket['id']}/comments.json"
    zendesk.fail_next(comments, *[Fault(503)] * 3)
    assert deliver_due(session_factory, settings_of(zendesk, zendesk_timeout_seconds=1)) == 0
    make_due(session_factory)
    assert deliver_due(session_factory, settings_of(zendesk)) == 1
    assert len(zendesk.comments_by(ticket, ticket["requester_id"])) == 2
    assert [r.route for r in zendesk.requests].count(route) == 1


def test_the_same_words_twice_are_two_answers(session_factory, zendesk):
    row, ticket = ticketed(session_factory, zendesk)
    answer(session_factory, row, "Merci", key="a1")
    answer(session_factory, row, "Merci", key="a2")
    assert answer(session_factory, row, "Merci", key="a2")[1] is False  # a replay
    assert deliver_due(session_factory, settings_of(zendesk)) == 2
    assert len(zendesk.comments_by(ticket, ticket["requester_id"])) == 3


def test_a_closed_ticket_refuses_and_nothing_is_written(session_factory, zendesk, tmp_path):
    row, ticket = ticketed(session_factory, zendesk, status="closed")
    answer(session_factory, row, files=[save("colis.png", PNG, tmp_path)])
    assert deliver_due(session_factory, settings_of(zendesk, upload_dir=str(tmp_path))) == 0
    # Seen closed when read: neither its file nor the update is sent.
    assert [r.route for r in zendesk.requests if r.route.startswith(("POST", "PUT"))] == []
    with session_factory() as session:
        [stored] = replies_of(session=session, request_id=row.id)
    assert stored.delivery == "failed"
    assert len(zendesk.comments_by(ticket, ticket["requester_id"])) == 1


def test_an_answer_waits_for_its_ticket(session_factory, zendesk):
    row = store_one(session_factory, delivery_kinds=("zendesk",), customer_id="cus_1")
    answer(session_factory, row)
    cfg = settings_of(zendesk)
    # Zendesk down for the request's ticket: the answer has nothing to go on, and waits.
    zendesk.fail_next("POST /api/v2/tickets.json", *[Fault(503)] * 4)
    assert deliver_due(session_factory, cfg) == 0
    assert not zendesk.tickets
    with session_factory() as session:
        [stored] = replies_of(session=session, request_id=row.id)
    assert stored.delivery == "pending"
    make_due(session_factory)
    assert deliver_due(session_factory, cfg) == 2
    [ticket] = zendesk.tickets
    [mine] = zendesk.comments_by(ticket, ticket["requester_id"])[1:]
    assert mine["body"] == "Voici la photo du colis."


def test_a_follow_up_s_ticket_names_the_closed_one(session_factory, zendesk):
    closed, ticket = ticketed(session_factory, zendesk, status="closed")
    follow_up = store_one(session_factory, "k2", delivery_kinds=("zendesk",))
    with session_factory() as session:
        stored = session.get(SupportRequest, follow_up.id)
        stored.follows_up_id = closed.id
        session.add(stored)
        session.commit()
    assert deliver_due(session_factory, settings_of(zendesk)) == 1
    assert zendesk.tickets[-1]["via_followup_source_id"] == ticket["id"]
    assert "via_followup_source_id" not in zendesk.tickets[0]
