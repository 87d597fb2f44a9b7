"""Satisfaction, asked once per resolution: only after a real reply of the team, again after
a reopening and a second resolution, never past 28 days; on the ticket as a tag and a
private note, written once; counted per topic and per category for /admin."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from sqlmodel import select

from alma_widget.admin.reporting import deflection, satisfaction_by_category
from alma_widget.delivery.outbox import deliver_due
from alma_widget.delivery.zendesk_csat import note
from alma_widget.settings import Settings
from alma_widget.storage.satisfaction import add_rating, rating_due
from alma_widget.storage.tables import SatisfactionRating, SupportRequest, as_utc, utc_now
from alma_widget.tracking.links import open_link
from harness.smtp import SmtpSink
from harness.waiting import wait_until
from harness.zendesk import Fault
from tests.support.zendesk_tickets import ticket_for
from tests.unit.delivery.rows import make_due, outbox, request_row
from tests.unit.delivery.smtp_settings import mail_settings


def _mailing(sink) -> Settings:
    """Settings that mail the SMTP sink, with the page's public address for the links."""
    return Settings(
        **{**mail_settings(sink.port).model_dump(), "public_url": "https://aide.alma.test"}
    )


def _due(session_factory, row) -> bool:
    with session_factory() as session:
        return rating_due(session=session, row=session.get(SupportRequest, row.id), now=utc_now())


def _rate(session_factory, row, good, **given) -> bool:
    with session_factory() as session:
        stored = session.get(SupportRequest, row.id)
        return add_rating(session=session, row=stored, good=good, **given)


def test_asked_once_per_resolution_after_a_real_reply(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.change_status(ticket, "solved", webhook)
    assert not _due(session_factory, row)  # solved without a reply of the team: not asked
    zendesk.reply(ticket, "Voici votre remboursement.", webhook)
    assert _due(session_factory, row)
    assert _rate(session_factory, row, True)
    assert not _due(session_factory, row) and not _rate(session_factory, row, False)
    # Closed later: still the same resolution, rated already.
    zendesk.change_status(ticket, "closed", webhook)
    assert not _due(session_factory, row)


def test_asked_again_after_a_reopening_and_never_past_28_days(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.reply(ticket, "Voici.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    _rate(session_factory, row, True)
    zendesk.change_status(ticket, "open", webhook)
    assert not _due(session_factory, row)
    zendesk.change_status(ticket, "solved", webhook)
    assert _due(session_factory, row)
    with session_factory() as session:
        stored = session.get(SupportRequest, row.id)
        stored.solved_at = datetime.now(UTC) - timedelta(days=29)
        session.add(stored)
        session.commit()
    assert not _due(session_factory, row)


def test_on_the_ticket_as_a_tag_and_a_private_note_once(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.reply(ticket, "Voici.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    _rate(session_factory, row, False, reason="slow", comment="Trois semaines d'attente.")
    zendesk.fail_next(f"PUT /api/v2/tickets/{ticket['id']}.json", Fault(drop=True))
    assert deliver_due(session_factory, Settings(**zendesk.settings())) == 1
    assert ticket["tags"].count("csat_bad") == 1
    notes = [c for c in ticket["comments"] if not c["public"]]
    assert len(notes) == 1
    assert "Raison : La réponse a mis trop de temps" in notes[0]["body"]
    assert "Commentaire : Trois semaines d'attente." in notes[0]["body"]
    assert "csat_good" not in ticket["tags"]


def test_counted_per_topic_and_per_category(session_factory, zendesk, webhook):
    for key, good in (("a", True), ("b", False), ("c", True)):
        row, ticket = ticket_for(session_factory, zendesk, key=key)
        zendesk.reply(ticket, "Voici.", webhook)
        zendesk.change_status(ticket, "solved", webhook)
        _rate(session_factory, row, good, reason=None if good else "unsolved", deliver=False)
    with session_factory() as session:
        [topic] = [r for r in deflection(session=session) if r["topic_id"] == row.topic_id]
        by_category = satisfaction_by_category(session=session)
    assert (topic["rated"], topic["satisfied"]) == (3, 2)
    assert round(topic["satisfaction_rate"], 2) == 0.67
    [order] = [c for c in by_category if c["rated"]]
    assert (order["rated"], order["satisfied"]) == (3, 2)
    assert all(c["satisfaction_rate"] is None for c in by_category if not c["rated"])


def test_the_mail_asks_once_per_resolution_by_the_team(
    session_factory, zendesk, webhook, configure
):
    configure(ALMA_CSAT_MAIL="1", ALMA_PUBLIC_URL="https://aide.alma.test")
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.change_status(ticket, "solved", webhook)  # no reply of the team: no mail
    zendesk.change_status(ticket, "open", webhook)
    zendesk.reply(ticket, "Voici.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    zendesk.change_status(ticket, "closed", webhook)  # the same resolution: no second mail
    with SmtpSink() as sink:
        assert deliver_due(session_factory, _mailing(sink)) == 1
        [letter] = wait_until(lambda: sink.messages)
    assert letter["To"] == "client@exemple.fr"
    assert (
        letter["Subject"] == f"Votre demande {row.reference} : êtes-vous satisfait de la réponse ?"
    )
    assert f"Votre demande {row.reference} est résolue." in letter.get_content()
    link = re.search(r"https://aide\.alma\.test/fr/\?suivi=\S+", letter.get_content()).group(0)
    token = parse_qs(urlsplit(link).query)["suivi"][0]
    with session_factory() as session:
        opened = open_link(session=session, token=token, now=utc_now() + timedelta(days=27))
        assert opened.reference == row.reference
    # The request's own delivery says nothing of that mail.
    assert request_row(session_factory, row.id).delivery_status == "sent"


def test_no_mail_without_the_setting_or_once_rated(session_factory, zendesk, webhook, configure):
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.reply(ticket, "Voici.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    assert [m.kind for m in outbox(session_factory)] == ["zendesk"]
    configure(ALMA_CSAT_MAIL="1")
    zendesk.change_status(ticket, "open", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    _rate(session_factory, row, True, deliver=False)  # answered in the widget meanwhile
    with SmtpSink() as sink:
        assert deliver_due(session_factory, mail_settings(sink.port)) == 1
        assert sink.messages == []


def test_the_mail_is_in_the_language_the_customer_wrote_in(
    session_factory, zendesk, webhook, configure
):
    configure(ALMA_CSAT_MAIL="1", ALMA_PUBLIC_URL="https://aide.alma.test")
    row, ticket = ticket_for(session_factory, zendesk, locale="en")
    zendesk.reply(ticket, "Here you are.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    with SmtpSink() as sink:
        assert deliver_due(session_factory, _mailing(sink)) == 1
        [letter] = wait_until(lambda: sink.messages)
    assert letter["Subject"] == f"Your request {row.reference}: are you satisfied with the answer?"
    assert re.search(r"https://aide\.alma\.test/en/\?suivi=\S+", letter.get_content())


def test_the_team_s_note_reads_the_rating_in_french():
    good = SatisfactionRating(request_id=1, resolution=1, good=True, comment_key="a")
    assert note(good) == "Satisfaction du client (widget) : Oui"
    bad = SatisfactionRating(
        request_id=1,
        resolution=1,
        good=False,
        reason="unclear",
        comment="Pas compris.",
        comment_key="b",
    )
    assert note(bad) == (
        "Satisfaction du client (widget) : Non\n"
        "Raison : La réponse n'était pas claire\n"
        "Commentaire : Pas compris."
    )
    # A reason this version does not know (an older row): shown as stored.
    odd = SatisfactionRating(
        request_id=1, resolution=1, good=False, reason="legacy", comment_key="c"
    )
    assert note(odd).endswith("\nRaison : legacy")


def test_a_later_attempt_looks_for_the_note_before_writing_it(session_factory, zendesk, webhook):
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.reply(ticket, "Voici.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    _rate(session_factory, row, False, reason="slow")
    route = f"PUT /api/v2/tickets/{ticket['id']}.json"
    # The note is written, the answer lost, and the in-call retries run out (Zendesk down).
    zendesk.fail_next(route, Fault(hold=3))
    comments = f"GET /api/v2/tickets/{ticket['id']}/comments.json"
    zendesk.fail_next(comments, *[Fault(503)] * 3)
    slow = Settings(**{**zendesk.settings(), "zendesk_timeout_seconds": 1})
    assert deliver_due(session_factory, slow) == 0
    make_due(session_factory)
    assert deliver_due(session_factory, Settings(**zendesk.settings())) == 1
    assert len([c for c in ticket["comments"] if not c["public"]]) == 1
    assert [r.route for r in zendesk.requests].count(route) == 1


def test_asked_up_to_the_28th_day_whatever_other_requests_got(session_factory, zendesk, webhook):
    first, first_ticket = ticket_for(session_factory, zendesk, key="first")
    second, second_ticket = ticket_for(session_factory, zendesk, key="second")
    for ticket in (first_ticket, second_ticket):
        zendesk.reply(ticket, "Voici.", webhook)
        zendesk.change_status(ticket, "solved", webhook)
    assert _rate(session_factory, first, True)
    assert _due(session_factory, second)  # the first one's rating is not the second's
    with session_factory() as session:
        stored = session.get(SupportRequest, second.id)
        edge = as_utc(stored.solved_at) + timedelta(days=28)
        assert rating_due(session=session, row=stored, now=edge)
        assert not rating_due(session=session, row=stored, now=edge + timedelta(seconds=1))


def test_a_satisfied_rating_keeps_no_reason_nor_comment(session_factory, zendesk, webhook):
    """« Oui » has no « why »: a crafted event that sends one anyway stores none of it."""
    row, ticket = ticket_for(session_factory, zendesk)
    zendesk.reply(ticket, "Voici.", webhook)
    zendesk.change_status(ticket, "solved", webhook)
    assert _rate(session_factory, row, True, reason="slow", comment="Trop lent.")
    with session_factory() as session:
        [rating] = session.exec(select(SatisfactionRating)).all()
    assert (rating.good, rating.reason, rating.comment) == (True, None, None)
