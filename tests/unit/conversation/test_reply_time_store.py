"""The stored replies behind « Nous répondons en général sous … » are read again once they
are older than ALMA_REPLY_TIME_REREAD_SECONDS, and kept until then."""

from datetime import timedelta

import pytest

from alma_widget.conversation import reply_time_store
from alma_widget.conversation.reply_time import SAMPLE
from alma_widget.storage.tables import SupportRequest
from tests.unit.delivery.rows import store_one


@pytest.fixture
def replies(session_factory, monkeypatch):
    """The store reads from the test's database, with nothing read yet; `answer(key)` stores
    a request answered an hour after it was sent."""
    monkeypatch.setattr(reply_time_store, "open_session", session_factory)
    monkeypatch.setattr(reply_time_store, "_read", {})

    def answer(key: str) -> None:
        row = store_one(session_factory, key)
        with session_factory() as session:
            stored = session.get(SupportRequest, row.id)
            stored.first_team_reply_at = stored.created_at + timedelta(hours=1)
            session.add(stored)
            session.commit()

    return answer


def test_within_the_setting_the_reading_is_kept(replies, configure):
    configure(ALMA_REPLY_TIME_REREAD_SECONDS="60")
    replies("first")
    assert len(reply_time_store.recent_first_replies()) == 1
    replies("second")
    assert len(reply_time_store.recent_first_replies()) == 1  # the minute is not over


def test_at_zero_every_reading_is_fresh(replies, configure):
    configure(ALMA_REPLY_TIME_REREAD_SECONDS="0")
    replies("first")
    assert len(reply_time_store.recent_first_replies()) == 1
    replies("second")
    assert len(reply_time_store.recent_first_replies()) == 2


def test_the_most_recent_sample_is_read_not_every_reply(replies, configure):
    configure(ALMA_REPLY_TIME_REREAD_SECONDS="0")
    for n in range(SAMPLE + 1):
        replies(f"r{n}")
    assert len(reply_time_store.recent_first_replies()) == SAMPLE
