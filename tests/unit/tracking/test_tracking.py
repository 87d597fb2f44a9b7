"""« Suivre une demande »: a one-time link for the right reference and address only, opened
once within 30 minutes; the form answers the same whatever exists."""

import asyncio
from datetime import timedelta

import pytest

from alma_widget.content.loading import catalog
from alma_widget.delivery.mail import tracking_mail
from alma_widget.settings import Settings
from alma_widget.storage.tables import SupportRequest, TrackingLink, utc_now
from alma_widget.tracking import links as tracking
from alma_widget.tracking import state as tracking_state
from alma_widget.tracking.links import link_address, new_link, open_link, purge_links
from alma_widget.tracking.state import TrackingState
from tests.unit.delivery.rows import store_one


def test_a_link_for_the_right_reference_and_address_opens_once(session_factory):
    row = store_one(session_factory, "k1")
    now = utc_now()
    with session_factory() as session:
        assert (
            new_link(session=session, reference=row.reference, email="x@exemple.fr", now=now)
            is None
        )
        assert new_link(session=session, reference="ALM-00000000", email=row.email, now=now) is None
        token, found = new_link(
            session=session, reference=row.reference, email=row.email.upper(), now=now
        )
        assert found.reference == row.reference
        # Only the token's hash is kept.
        [stored] = session.exec(tracking.select(TrackingLink)).all()
        assert token not in stored.token_hash and len(stored.token_hash) == 64
        opened = open_link(session=session, token=token, now=now + timedelta(minutes=1))
        assert opened is not None and opened.reference == row.reference
        assert open_link(session=session, token=token, now=now + timedelta(minutes=2)) is None
        assert open_link(session=session, token="pas-un-jeton", now=now) is None


def test_a_link_expires_after_30_minutes_and_is_purged(session_factory):
    row = store_one(session_factory, "k1")
    now = utc_now()
    with session_factory() as session:
        token, _ = new_link(session=session, reference=row.reference, email=row.email, now=now)
        later = now + timedelta(minutes=30)
        assert open_link(session=session, token=token, now=later) is None
        assert purge_links(session=session, now=now + timedelta(minutes=29)) == 0
        assert purge_links(session=session, now=later) == 1


def test_the_link_is_the_widgets_own_address_never_the_requests():
    cfg = Settings(public_url="https://aide.alma.eu")
    assert link_address(cfg, "en", "abc") == "https://aide.alma.eu/en/?suivi=abc"
    with pytest.raises(ValueError):
        Settings(public_url="https://aide.alma.eu/chemin?x=1")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_mail_carries_the_link_in_the_customers_language(session_factory, locale):
    row = store_one(session_factory, "k1")
    link = f"https://aide.alma.eu/{locale}/?suivi=abc"
    letter = tracking_mail(row, link, locale, Settings())
    texts = catalog(locale).mail
    assert letter["To"] == row.email
    assert letter["Subject"] == texts.tracking_subject.format(reference=row.reference)
    assert (
        letter.get_content().strip()
        == texts.tracking_body.format(reference=row.reference, link=link).strip()
    )
    # Its own Message-ID: a tracking mail never threads with the acknowledgement.
    assert letter["Message-ID"].endswith(f".{row.reference}.track@alma-widget>")


@pytest.fixture
def asked(monkeypatch):
    """TrackingState.ask without a browser: what it would mail, and its rate limit."""
    mailed: list[tuple] = []
    state = TrackingState()
    flow = tracking_state.WidgetState()

    async def get_state(self, cls):
        return flow

    class Loop:
        def run_in_executor(self, executor, work, *args):
            mailed.append(args)

    monkeypatch.setattr(TrackingState, "get_state", get_state)
    monkeypatch.setattr(tracking_state.asyncio, "get_running_loop", lambda: Loop())
    monkeypatch.setattr(tracking_state.abuse, "tracking_refused", lambda **kw: False)
    return state, mailed


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"reference": "ALM-123", "email": "a@exemple.fr"}, "reference", "track_reference_invalid"),
        (
            {"reference": "ALM-ILOU0000", "email": "a@exemple.fr"},
            "reference",
            "track_reference_invalid",
        ),
        ({"reference": "ALM-7K2Q9F4M", "email": "pas-une-adresse"}, "email", "email_invalid"),
        ({"reference": "ALM-7K2Q9F4M"}, "email", "email_required"),
    ],
)
def test_bad_input_is_said_in_french_and_sends_nothing(asked, form, field, message):
    state, mailed = asked
    asyncio.run(state.ask(form))
    texts = catalog("fr")
    expected = getattr(texts.requests, message, None) or getattr(texts.errors, message)
    assert state.errors[field] == expected
    assert mailed == [] and state.sent is False


def test_a_well_formed_question_gets_the_one_answer(asked):
    state, mailed = asked
    asyncio.run(state.ask({"reference": " alm-7k2q9f4m ", "email": "Client@Exemple.fr"}))
    assert state.sent is True and state.errors == {}
    assert mailed == [("ALM-7K2Q9F4M", "Client@exemple.fr", "fr")]


def test_too_many_questions_are_refused_plainly(asked, monkeypatch):
    state, mailed = asked
    monkeypatch.setattr(tracking_state.abuse, "tracking_refused", lambda **kw: True)
    asyncio.run(state.ask({"reference": "ALM-7K2Q9F4M", "email": "a@exemple.fr"}))
    assert state.errors == {"form": catalog("fr").requests.track_too_many}
    assert mailed == [] and state.sent is False


def test_a_link_opened_at_the_same_moment_in_two_places_opens_once(session_factory):
    """Both read the link unused; the conditional update lets only the first one in."""
    row = store_one(session_factory, "k1")
    now = utc_now()
    with session_factory() as session:
        token, _ = new_link(session=session, reference=row.reference, email=row.email, now=now)
    with session_factory() as late, session_factory() as early:
        stale = late.get(TrackingLink, tracking.token_digest(token))
        assert stale is not None and stale.used_at is None  # read before the other opens it
        assert open_link(session=early, token=token, now=now) is not None
        assert open_link(session=late, token=token, now=now) is None


def test_no_link_is_given_for_a_request_held_as_spam(session_factory):
    row = store_one(session_factory, "k1")
    with session_factory() as session:
        held = session.get(SupportRequest, row.id)
        held.is_spam = True
        session.add(held)
        session.commit()
        assert (
            new_link(session=session, reference=row.reference, email=row.email, now=utc_now())
            is None
        )
