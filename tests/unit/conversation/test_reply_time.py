"""The expected reply time from stored replies: business hours only, public holidays off,
the team's return said outside hours, the content's sentence below 20 replies."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from alma_widget.content.loading import catalog
from alma_widget.conversation.reply_time import (
    business_seconds,
    duration_words,
    expected_reply,
    median_reply,
    next_opening,
)
from alma_widget.storage.queries import first_reply_pairs
from alma_widget.storage.tables import SupportRequest, utc_now
from tests.unit.delivery.rows import store_one

PARIS = ZoneInfo("Europe/Paris")
FR = catalog("fr")
WEDNESDAY_10H = datetime(2026, 12, 9, 10, 0, tzinfo=PARIS)


def paris(*parts) -> datetime:
    return datetime(*parts, tzinfo=PARIS)


def replied_after(delay: timedelta, count: int, start=WEDNESDAY_10H):
    """`count` requests sent on business mornings, each answered `delay` later."""
    return [
        (start - timedelta(days=7 * n), start - timedelta(days=7 * n) + delay) for n in range(count)
    ]


def test_only_business_hours_count():
    # Friday 17:00 to Monday 10:00: one hour on Friday, one on Monday.
    assert business_seconds(paris(2026, 12, 4, 17), paris(2026, 12, 7, 10), FR.hours) == 7200
    # Thursday 24 December 17:00 to Monday 28, 10:00: Christmas Day and the weekend off.
    assert business_seconds(paris(2026, 12, 24, 17), paris(2026, 12, 28, 10), FR.hours) == 7200
    # Sent at night, answered before opening: no business time at all.
    assert business_seconds(paris(2026, 12, 8, 22), paris(2026, 12, 9, 8), FR.hours) == 0


def test_outside_business_hours_the_team_s_return_is_said():
    saturday = paris(2026, 12, 5, 12)
    assert next_opening(saturday, FR.hours) == paris(2026, 12, 7, 9)
    assert expected_reply(saturday, [], FR) == ("Notre équipe vous répondra à partir de lundi 9 h.")
    # Christmas Eve after closing: back on Monday 28 (Christmas Day is a holiday).
    assert next_opening(paris(2026, 12, 24, 19), FR.hours) == paris(2026, 12, 28, 9)
    assert next_opening(WEDNESDAY_10H, FR.hours) is None
    assert expected_reply(saturday, [], catalog("en")) == (
        "Our team will reply from Monday 9:00 (Paris time)."
    )


def test_fewer_than_twenty_replies_give_the_content_s_sentence_not_a_figure():
    few = replied_after(timedelta(hours=2), 19)
    assert median_reply(few, FR.hours) is None
    assert expected_reply(WEDNESDAY_10H, few, FR) == FR.hours.few_replies
    enough = replied_after(timedelta(hours=2), 20)
    assert expected_reply(WEDNESDAY_10H, enough, FR) == "Nous répondons en général sous 2 h."


def test_the_median_of_the_last_fifty_only():
    recent = replied_after(timedelta(minutes=40), 50)
    older = replied_after(timedelta(days=3), 30, start=WEDNESDAY_10H - timedelta(days=7 * 60))
    assert median_reply(recent + older, FR.hours) == 40 * 60
    assert expected_reply(WEDNESDAY_10H, recent + older, FR) == (
        "Nous répondons en général sous 40 min."
    )


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(20, "1 min"), (30 * 60, "30 min"), (2.5 * 3600, "3 h"), (12 * 3600, "2 jours ouvrés")],
)
def test_durations_in_the_customer_s_words(seconds, words):
    assert duration_words(seconds, FR) == words


def test_the_replies_read_are_the_most_recent_answered_requests(session_factory):
    now = utc_now().replace(microsecond=0)
    rows = [store_one(session_factory, f"p{n}") for n in range(4)]
    with session_factory() as session:
        for n, row in enumerate(rows):
            stored = session.get(SupportRequest, row.id)
            stored.created_at = now - timedelta(days=n)
            stored.first_team_reply_at = None if n == 1 else now - timedelta(days=n, hours=-1)
            stored.is_spam = n == 3
            session.add(stored)
        session.commit()
        pairs = first_reply_pairs(session=session, limit=1)
        assert [(sent, replied - sent) for sent, replied in pairs] == [(now, timedelta(hours=1))]
        assert len(first_reply_pairs(session=session, limit=50)) == 2  # no reply, spam: out
