"""A request's answers as its thread shows them: oldest first, each with its own files'
names and where its delivery to the ticket stands."""

from __future__ import annotations

from sqlmodel import col, select

from alma_widget.contact.attachments import save
from alma_widget.storage import replies
from alma_widget.storage.replies import add_reply, replies_of
from alma_widget.storage.tables import OutboxMessage, SupportRequest
from tests.support.records import PNG, add_request


def _answer(session_factory, request_id, message, key, files=()):
    with session_factory() as session:
        request = session.get(SupportRequest, request_id)
        reply, created = add_reply(
            session=session, request=request, message=message, submission_key=key, files=files
        )
        assert created
        return reply.id


def _thread(session_factory, request_id):
    with session_factory() as session:
        return [
            (r.message, r.files, r.delivery)
            for r in replies_of(session=session, request_id=request_id)
        ]


def test_each_answer_with_its_files_and_delivery(session_factory, tmp_path):
    asked, _ = add_request(session_factory, tmp_path, email="a@exemple.fr", key="a")
    other, _ = add_request(session_factory, tmp_path, email="b@exemple.fr", key="b")
    receipt, photo = save("reçu.pdf", PNG, tmp_path), save("colis.png", PNG, tmp_path)
    first = _answer(session_factory, asked, "Voici le reçu et la photo.", "r1", [receipt, photo])
    _answer(session_factory, other, "Une autre demande.", "r2", [save("x.png", PNG, tmp_path)])
    _answer(session_factory, asked, "Merci !", "r3")
    assert _thread(session_factory, asked) == [
        ("Voici le reçu et la photo.", ("reçu.pdf", "colis.png"), "pending"),
        ("Merci !", (), "pending"),
    ]
    with session_factory() as session:
        [row] = session.exec(select(OutboxMessage).where(OutboxMessage.reply_id == first)).all()
        row.status = "sent"
        session.add(row)
        session.commit()
    assert [delivery for *_, delivery in _thread(session_factory, asked)] == ["sent", "pending"]
    assert _thread(session_factory, other) == [("Une autre demande.", ("x.png",), "pending")]


def test_one_answer_sent_twice_at_once_is_stored_once(session_factory, tmp_path, monkeypatch):
    """Two tabs send the same answer: the second looked before the first was committed, so
    the database's unique key stops it, and it gets the first one's row."""
    asked, _ = add_request(session_factory, tmp_path, email="a@exemple.fr", key="a")
    first = _answer(session_factory, asked, "Merci pour votre aide.", "same")
    looked: list[str] = []

    def too_early(*, session, submission_key):
        looked.append(submission_key)
        if len(looked) == 1:
            return None  # the other send is not committed yet
        return found_by_key(session=session, submission_key=submission_key)

    found_by_key = replies.reply_by_submission_key
    monkeypatch.setattr(replies, "reply_by_submission_key", too_early)
    with session_factory() as session:
        request = session.get(SupportRequest, asked)
        reply, created = replies.add_reply(
            session=session,
            request=request,
            message="Merci pour votre aide.",
            submission_key="same",
        )
        assert (reply.id, created) == (first, False)
    assert looked == ["same", "same"]
    assert _thread(session_factory, asked) == [("Merci pour votre aide.", (), "pending")]
    with session_factory() as session:
        answers = select(OutboxMessage).where(col(OutboxMessage.reply_id).is_not(None))
        assert len(session.exec(answers).all()) == 1  # one delivery to the ticket
