"""Failed deliveries sent again once their cause is fixed (alma-widget-replay): due at once,
their attempts counted anew, delivered once; what did not fail is left alone."""

from __future__ import annotations

import pytest

from alma_widget.delivery.outbox import deliver_due
from alma_widget.delivery.replay import main, replay_failed
from alma_widget.storage.tables import SupportRequest
from harness.smtp import SmtpSink, free_port
from tests.unit.delivery.rows import outbox, store_one
from tests.unit.delivery.smtp_settings import mail_settings


def test_a_failed_mail_goes_again_once_the_server_is_back(session_factory):
    port = free_port()
    settings = mail_settings(port, outbox_max_attempts=1)
    row = store_one(session_factory)
    deliver_due(session_factory, settings)  # nobody listens: given up at once
    [failed] = outbox(session_factory)
    assert failed.status == "failed"
    with session_factory() as session:
        assert replay_failed(session=session) == 1
        assert session.get(SupportRequest, row.id).delivery_status == "pending"
    [again] = outbox(session_factory)
    assert (again.status, again.attempts, again.last_error) == ("pending", 0, None)
    with SmtpSink(port=port) as sink:
        assert deliver_due(session_factory, settings) == 1
        assert deliver_due(session_factory, settings) == 0
        assert len(sink.received()) == 1
    with session_factory() as session:
        assert session.get(SupportRequest, row.id).delivery_status == "sent"
        assert replay_failed(session=session) == 0  # nothing failed any more


def test_only_the_kind_or_the_request_named(session_factory):
    settings = mail_settings(free_port(), outbox_max_attempts=1)
    first = store_one(session_factory, key="a")
    store_one(session_factory, key="b")
    deliver_due(session_factory, settings)
    with session_factory() as session:
        assert replay_failed(session=session, kind="zendesk") == 0
        assert replay_failed(session=session, reference=first.reference) == 1
    assert sorted(row.status for row in outbox(session_factory)) == ["failed", "pending"]


def test_an_unknown_kind_is_said_in_french_and_changes_nothing(capsys):
    assert main(["sms"]) == 2
    assert "Sorte inconnue « sms »" in capsys.readouterr().err


def test_the_command_replays_what_it_is_told_and_says_how_many(session_factory, capsys):
    settings = mail_settings(free_port(), outbox_max_attempts=1)
    first = store_one(session_factory, key="a")
    store_one(session_factory, key="b")
    deliver_due(session_factory, settings)
    assert main(["zendesk"], session_factory=session_factory) == 0
    assert capsys.readouterr().out == "Remises relancées : 0.\n"
    named = ["support", "--reference", first.reference]
    assert main(named, session_factory=session_factory) == 0
    assert capsys.readouterr().out == "Remises relancées : 1.\n"
    assert sorted(row.status for row in outbox(session_factory)) == ["failed", "pending"]
    assert main([], session_factory=session_factory) == 0
    assert capsys.readouterr().out == "Remises relancées : 1.\n"
    assert [row.status for row in outbox(session_factory)] == ["pending", "pending"]


def test_the_command_s_help_names_every_kind(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "alma-widget-replay" in shown and "Renvoie les remises en échec" in shown
    assert "une sorte : support, acknowledgement, zendesk, zendesk_reply" in shown
    assert "--reference REFERENCE une seule demande (ALM-…)" in shown
