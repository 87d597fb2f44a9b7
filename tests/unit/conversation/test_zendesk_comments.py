"""A ticket's conversation read from Zendesk (harness/zendesk.py keeps the Support API's
contract): public messages only, every page, on Zendesk only, cached briefly, and a Zendesk
down leaves the request as it is."""

import pytest

from alma_widget.conversation import zendesk_comments
from alma_widget.conversation.zendesk_comments import read_comments, thread_of
from alma_widget.settings import Settings
from harness.zendesk import Fault, LocalZendesk

NOTE = "Note interne : client déjà remboursé une fois, vérifier avec la compta."


@pytest.fixture
def zendesk():
    with LocalZendesk() as server:
        yield server


@pytest.fixture(autouse=True)
def empty_cache():
    zendesk_comments.forget_all()
    yield
    zendesk_comments.forget_all()


def cfg(server: LocalZendesk, **extra) -> Settings:
    return Settings(**{**server.settings(), **extra})


def comments_route(ticket) -> str:
    return f"GET /api/v2/tickets/{ticket['id']}/comments.json"


def test_the_team_s_replies_and_the_customer_s_answers_never_an_internal_note(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Mon colis est cassé.")
    zendesk.add_comment(ticket, "Bonjour, pouvez-vous nous envoyer une photo ?")
    zendesk.add_comment(ticket, NOTE, public=False)
    zendesk.add_comment(ticket, "Voici la photo.", agent=None, files=("colis.jpg",))
    thread = read_comments(ticket["id"], cfg(zendesk))
    assert [c.body for c in thread] == [
        "Bonjour, pouvez-vous nous envoyer une photo ?",
        "Voici la photo.",
    ]
    assert [c.from_team for c in thread] == [True, False]
    assert thread[0].author_first_name == "Julie"
    assert thread[1].files == ("colis.jpg",)
    assert all(NOTE not in repr(c) for c in thread)


def test_every_page_is_read(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Bonjour")
    for n in range(230):
        zendesk.add_comment(ticket, f"réponse {n}", public=n % 2 == 0)
    thread = read_comments(ticket["id"], cfg(zendesk))
    assert len(thread) == 115
    assert thread[-1].body == "réponse 228"
    assert sum(1 for r in zendesk.requests if r.route == comments_route(ticket)) == 3


def test_a_next_page_elsewhere_than_zendesk_is_not_followed(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Bonjour")
    elsewhere = {
        "comments": ticket["comments"],
        "users": [],
        "next_page": "http://127.0.0.2:9/api/v2/tickets/1/comments.json?page=2",
    }
    zendesk.fail_next(comments_route(ticket), Fault(200, body=elsewhere))
    assert read_comments(ticket["id"], cfg(zendesk)) == []


@pytest.mark.parametrize("status", [401, 404, 429, 500, 503])
def test_a_zendesk_that_refuses_or_fails_leaves_the_request_as_it_is(zendesk, status):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Bonjour")
    zendesk.add_comment(ticket, "Réponse")
    zendesk.fail_next(comments_route(ticket), Fault(status))
    assert thread_of(ticket["id"], cfg(zendesk)) == ([], False)


def test_a_slow_zendesk_is_not_waited_for_long(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Bonjour")
    zendesk.fail_next(comments_route(ticket), Fault(hold=3))
    assert thread_of(ticket["id"], cfg(zendesk, zendesk_timeout_seconds=1)) == ([], False)


def test_read_again_only_once_the_cache_s_seconds_are_over(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Bonjour")
    zendesk.add_comment(ticket, "Première réponse")
    settings = cfg(zendesk, thread_cache_seconds=30)
    first, _ = thread_of(ticket["id"], settings)
    zendesk.add_comment(ticket, "Deuxième réponse")
    assert thread_of(ticket["id"], settings) == (first, True)
    assert sum(1 for r in zendesk.requests if r.route == comments_route(ticket)) == 1
    zendesk_comments.forget_expired(settings, now=float("inf"))
    assert [c.body for c in thread_of(ticket["id"], settings)[0]] == [
        "Première réponse",
        "Deuxième réponse",
    ]


def test_nothing_is_kept_when_the_cache_is_off(zendesk):
    ticket = zendesk.seed_ticket("ALM-7K2Q9F4M", "cus_marie_0001", "Bonjour")
    thread_of(ticket["id"], cfg(zendesk, thread_cache_seconds=0))
    assert zendesk_comments.cached_tickets() == []
