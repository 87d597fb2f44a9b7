"""The contact form's handlers, without a browser: refusals, a failed save, a replay."""

import pytest
import redis
from sqlalchemy.exc import OperationalError

from alma_widget.contact import submission
from alma_widget.content.loading import catalog
from tests.support.contact_events import TYPED, run


@pytest.mark.parametrize(
    "fault",
    [
        OperationalError("INSERT", {}, Exception("connection refused")),
        # The rate limiter's Redis gone, or any bug: the customer still gets the message.
        redis.exceptions.ConnectionError("Error 111 connecting to localhost:6379"),
        RuntimeError("unexpected"),
    ],
    ids=["database", "redis", "anything"],
)
def test_failed_save_keeps_everything_for_a_retry(states, monkeypatch, fault):
    flow, form = states

    def broken(*args, **kwargs):
        raise fault

    monkeypatch.setattr(submission, "store_request", broken)
    run(form.submit(TYPED))
    assert form.errors == {"form": catalog("fr").errors.save_failed}
    assert (form.email, form.message) == (TYPED["email"], TYPED["message"])
    assert form.sending is False and flow.step == "form"
    monkeypatch.setattr(submission, "store_request", lambda *a, **k: ("ALM-0000TEST", None))
    run(form.submit(TYPED))
    assert (flow.step, form.reference, form.errors) == ("sent", "ALM-0000TEST", {})


def test_replayed_submit_after_sending_changes_nothing(states, monkeypatch):
    _, form = states
    calls = []
    monkeypatch.setattr(
        submission, "store_request", lambda *a, **k: calls.append(1) or ("ALM-0000TEST", None)
    )
    run(form.submit(TYPED))
    run(form.submit(TYPED))
    assert calls == [1] and form.reference == "ALM-0000TEST"


@pytest.mark.parametrize("crafted", [None, "texte", 42, ["email"], {"email": 3, "message": None}])
def test_crafted_form_data_never_raises(states, crafted):
    flow, form = states
    run(form.submit(crafted))
    assert flow.step == "form"


def test_invalid_fields_are_reported_and_kept(states):
    flow, form = states
    run(form.submit({**TYPED, "email": "pas-une-adresse"}))
    assert list(form.errors) == ["email"]
    assert form.email == "pas-une-adresse" and flow.step == "form"


def test_remember_ignores_unknown_fields_and_non_text(states):
    _, form = states
    form.remember("email", "a@b.fr")
    form.remember("is_spam", "true")
    form.remember("message", 12)
    assert form.email == "a@b.fr" and form.message == ""
