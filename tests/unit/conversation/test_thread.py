"""The conversation as the customer reads it: « Vous » or the team, the date and time in
their language and time zone."""

from datetime import UTC, datetime

import pytest

from alma_widget.content.loading import catalog
from alma_widget.conversation.thread import customer_zone, entries, with_answers
from alma_widget.conversation.zendesk_comments import Comment
from alma_widget.settings import settings
from alma_widget.storage.replies import StoredReply

REPLY = Comment(
    True, "Julie", "Pouvez-vous envoyer une photo ?", datetime(2026, 12, 6, 8, 5, tzinfo=UTC), ()
)
ANSWER = Comment(
    False, "Client", "Voici.", datetime(2026, 12, 6, 23, 30, tzinfo=UTC), ("a.jpg", "b.pdf")
)


def test_the_team_and_the_customer_in_the_page_s_words():
    fr, en = entries([REPLY, ANSWER], catalog("fr"), ""), entries([REPLY], catalog("en"), "")
    assert [e["who"] for e in fr] == ["Service client Alma", "Vous"]
    assert [e["side"] for e in fr] == ["team", "customer"]
    assert en[0]["who"] == "Alma customer service"
    assert fr[1]["files"] == "a.jpg, b.pdf"


@pytest.fixture
def agent_names_shown(monkeypatch):
    monkeypatch.setenv("ALMA_SHOW_AGENT_NAMES", "1")
    settings.cache_clear()
    yield
    monkeypatch.delenv("ALMA_SHOW_AGENT_NAMES")
    settings.cache_clear()


def test_the_agent_s_first_name_only_when_the_team_chose_to_show_it(agent_names_shown):
    assert [e["who"] for e in entries([REPLY, ANSWER], catalog("fr"), "")] == ["Julie", "Vous"]


@pytest.mark.parametrize(
    ("zone", "at"),
    [
        ("Europe/Paris", "le 07/12/2026 à 00:30"),
        ("America/Martinique", "le 06/12/2026 à 19:30"),
        # Not a time zone: Paris, where Alma's customers are.
        ("../../etc/passwd", "le 07/12/2026 à 00:30"),
        (42, "le 07/12/2026 à 00:30"),
    ],
)
def test_the_time_is_the_customer_s(zone, at):
    [entry] = entries([ANSWER], catalog("fr"), zone)
    assert entry["at"] == at


def test_an_unknown_zone_is_paris():
    assert str(customer_zone("Mars/Olympus")) == "Europe/Paris"


def _stored(key: str, delivery: str, hour: int) -> StoredReply:
    return StoredReply(key, f"Réponse {key}", datetime(2026, 12, 6, hour, tzinfo=UTC), (), delivery)


def test_an_answer_shows_at_once_and_once_only_when_the_ticket_has_it():
    on_ticket = Comment(False, "", "Réponse k1", datetime(2026, 12, 6, 9, 1, tzinfo=UTC), (), "k1")
    answers = [_stored("k1", "sent", 9), _stored("k2", "pending", 10), _stored("k3", "failed", 11)]
    shown = entries(with_answers([REPLY, on_ticket], answers), catalog("fr"), "")
    assert [e["body"] for e in shown] == [
        "Pouvez-vous envoyer une photo ?",
        "Réponse k1",
        "Réponse k2",
        "Réponse k3",
    ]
    assert [e["note"] for e in shown] == [
        "",
        "",
        "En cours d'envoi",
        "Non transmise : écrivez-nous à nouveau",
    ]
    # Delivered, but the comments were read before it arrived (the cache): shown, no note.
    late = entries(with_answers([REPLY], answers[:1]), catalog("fr"), "")
    assert [(e["body"], e["note"]) for e in late][1] == ("Réponse k1", "")
