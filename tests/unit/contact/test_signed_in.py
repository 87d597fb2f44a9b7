"""A signed-in customer's form, without a browser: the token checked on the server, the
address locked whatever the page sends, an expired identity said plainly, « Ce n'est pas
vous ? »."""

import asyncio

import pytest

from alma_widget.contact import submission
from alma_widget.content.loading import catalog
from alma_widget.identity import state as identity_state
from harness.identity import SECRETS_SETTING, identity_token
from tests.support.contact_events import TYPED, run


@pytest.fixture(autouse=True)
def trusted_secrets(monkeypatch):
    """The widget trusts the test's signing secrets (ALMA_IDENTITY_SECRETS)."""
    monkeypatch.setenv("ALMA_IDENTITY_SECRETS", SECRETS_SETTING)
    identity_state.settings.cache_clear()
    identity_state.identity_secrets.cache_clear()
    yield
    identity_state.settings.cache_clear()
    identity_state.identity_secrets.cache_clear()


@pytest.fixture
def stored(monkeypatch) -> dict:
    """What the submission hands to storage (email and customer id), instead of storing."""
    handed: dict = {}

    def store(request_in, key, **kwargs):
        handed.update(email=request_in.email, customer_id=kwargs["customer_id"])
        if not kwargs["customer_email_verified"]:
            handed["verified"] = False
        return "ALM-0000TEST", None

    monkeypatch.setattr(submission, "store_request", store)
    return handed


def test_a_valid_token_locks_the_address_the_page_cannot_change(states, identity, stored):
    _, form = states
    answer = asyncio.run(identity.identify(identity_token("cus_7", "compte@exemple.fr")))
    assert "identified" in str(answer) and "identity_refused" not in str(answer)
    assert identity.signed_in_email == "compte@exemple.fr"
    run(form.submit({**TYPED, "email": "autre@exemple.fr"}))
    assert stored == {"email": "compte@exemple.fr", "customer_id": "cus_7"}
    assert form.reference == "ALM-0000TEST"


def test_a_refused_token_changes_nothing(states, identity, stored):
    _, form = states
    answer = asyncio.run(
        identity.identify(identity_token(secret="un-secret-que-le-widget-ignore-0000"))
    )
    assert "identity_refused" in str(answer)
    assert identity.signed_in_email == "" and identity.current() is None
    run(form.submit(TYPED))
    assert stored == {"email": TYPED["email"], "customer_id": None}


def test_an_identity_that_expired_while_typing_is_said_not_sent_as_nobody(
    states, identity, stored, monkeypatch
):
    _, form = states
    asyncio.run(identity.identify(identity_token(lifetime=60)))
    expiry = identity._identity.expires_at
    monkeypatch.setattr(identity_state, "utc_now", lambda: expiry)
    run(form.submit(TYPED))
    assert form.errors == {"form": catalog("fr").errors.identity_expired}
    assert stored == {} and form.message == TYPED["message"]


def test_not_me_drops_the_identity_and_its_address(states, identity, stored):
    _, form = states
    asyncio.run(identity.identify(identity_token("cus_7", "compte@exemple.fr")))
    form.email = "compte@exemple.fr"
    asyncio.run(form.not_me())
    assert identity.current() is None and identity.signed_in_email == ""
    assert form.email == ""
    run(form.submit(TYPED))
    assert stored == {"email": TYPED["email"], "customer_id": None}


def test_without_secrets_every_token_is_refused(identity, monkeypatch):
    monkeypatch.delenv("ALMA_IDENTITY_SECRETS")
    identity_state.settings.cache_clear()
    identity_state.identity_secrets.cache_clear()
    assert "identity_refused" in str(asyncio.run(identity.identify(identity_token())))
    assert identity.current() is None


def test_a_refused_token_after_a_valid_one_leaves_nobody(identity, my_requests):
    """The host no longer vouches for the customer: « Mes demandes » and the locked address go."""
    asyncio.run(identity.identify(identity_token("cus_7", "compte@exemple.fr")))
    my_requests.shown, my_requests.items = True, [{"reference": "ALM-0000TEST"}]
    answer = asyncio.run(identity.identify("pas-un-jeton"))
    assert "identity_refused" in str(answer)
    assert identity.current() is None and identity.signed_in_email == ""
    assert (my_requests.shown, my_requests.items) == (False, [])


def test_another_customer_in_the_same_tab_sees_nothing_of_the_first(identity, my_requests):
    asyncio.run(identity.identify(identity_token("cus_7", "compte@exemple.fr")))
    my_requests.shown, my_requests.items = True, [{"reference": "ALM-0000TEST"}]
    asyncio.run(identity.identify(identity_token("cus_7", "compte@exemple.fr")))  # again
    assert my_requests.items == [{"reference": "ALM-0000TEST"}]
    asyncio.run(identity.identify(identity_token("cus_8", "autre@exemple.fr")))
    assert identity.current().customer_id == "cus_8"
    assert (my_requests.shown, my_requests.items) == (False, [])


def test_an_unverified_address_is_suggested_not_locked(states, identity, stored):
    """Alma has not verified it: the form starts with it, the customer may change it, and the
    request is theirs (« Mes demandes ») with the address they chose, marked unverified."""
    _, form = states
    token = identity_token("cus_7", "compte@exemple.fr", email_verified=False)
    assert "identified" in str(asyncio.run(identity.identify(token)))
    assert identity.signed_in_email == ""  # nothing locked
    assert form.email == "compte@exemple.fr" and form.prefill_generation == 1
    # A reconnection: the server forgot, the page sends the token again; what the customer
    # changed the address to (kept by the page) is not drawn over with the suggestion.
    identity.forget_at_connection()
    form.forget_at_connection()
    asyncio.run(identity.identify(token))
    assert form.email == "" and form.prefill_generation == 1
    run(form.submit({**TYPED, "email": "autre@exemple.fr"}))
    assert stored == {"email": "autre@exemple.fr", "customer_id": "cus_7", "verified": False}
