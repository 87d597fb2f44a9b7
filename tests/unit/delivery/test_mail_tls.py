"""The mail's way to the SMTP server: encrypted, certificate and name checked, a password
never in clear unless said (aiosmtpd with certificates from a throw-away CA, trustme)."""

from __future__ import annotations

import socket
import ssl

import pytest
import trustme

from alma_widget.delivery import problems
from alma_widget.delivery.outbox import deliver_due
from alma_widget.settings import Settings
from harness.smtp import SmtpSink
from tests.unit.delivery.rows import outbox, store_one
from tests.unit.delivery.smtp_settings import mail_settings as sink_settings

CA = trustme.CA()


def server_tls(name: str) -> ssl.SSLContext:
    """The server's side: a certificate for `name`, signed by the test CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    CA.issue_cert(name).configure_cert(context)
    return context


@pytest.fixture
def ca_file(tmp_path) -> str:
    path = tmp_path / "ca.pem"
    CA.cert_pem.write_to_path(str(path))
    return str(path)


def mail_settings(port: int, **extra) -> Settings:
    """The sink's settings with an account to sign in with."""
    return sink_settings(port, smtp_username="agent", smtp_password="s3cret", **extra)


def test_starttls_with_a_valid_certificate_then_the_login(session_factory, ca_file):
    store_one(session_factory)
    with SmtpSink(tls=server_tls("127.0.0.1")) as sink:
        # A username alone means STARTTLS (the default), checked against the CA given.
        assert deliver_due(session_factory, mail_settings(sink.port, smtp_ca_file=ca_file)) == 1
        assert len(sink.received()) == 1
        assert sink.logins == [("agent", True)] and sink.passwords == ["s3cret"]


def test_a_certificate_for_another_name_is_refused(session_factory, ca_file):
    store_one(session_factory)
    with SmtpSink(tls=server_tls("mail.other.example")) as sink:
        assert deliver_due(session_factory, mail_settings(sink.port, smtp_ca_file=ca_file)) == 0
        assert sink.received() == [] and sink.logins == []
    [row] = outbox(session_factory)
    assert (row.status, row.last_error) == ("pending", "SSLCertVerificationError")


def test_an_unknown_authority_is_refused(session_factory):
    store_one(session_factory)
    with SmtpSink(tls=server_tls("127.0.0.1")) as sink:
        assert deliver_due(session_factory, mail_settings(sink.port)) == 0  # system CAs only
        assert sink.logins == []


def test_implicit_tls(session_factory, ca_file):
    store_one(session_factory)
    with SmtpSink(tls=server_tls("127.0.0.1"), implicit_tls=True) as sink:
        cfg = mail_settings(sink.port, smtp_tls="tls", smtp_ca_file=ca_file)
        assert deliver_due(session_factory, cfg) == 1
        assert sink.logins == [("agent", True)]


def test_a_password_in_clear_stops_the_start_unless_said(session_factory):
    cfg = mail_settings(2525, smtp_tls="none")
    [line] = problems(cfg)
    # The operator reads what to change, whole.
    assert line == (
        "ALMA_SMTP_USERNAME est défini mais la connexion au serveur SMTP n'est pas chiffrée "
        "(ALMA_SMTP_TLS=none) : choisissez starttls ou tls, ou acceptez d'envoyer le mot de "
        "passe en clair avec ALMA_SMTP_ALLOW_PLAINTEXT_AUTH=true."
    )
    store_one(session_factory)
    with SmtpSink() as sink:
        assert deliver_due(session_factory, mail_settings(sink.port, smtp_tls="none")) == 0
        assert sink.logins == []
        [row] = outbox(session_factory)
        assert row.status == "failed"  # never retried: only a settings change helps
        allowed = mail_settings(sink.port, smtp_tls="none", smtp_allow_plaintext_auth=True)
        assert problems(allowed) == []
        store_one(session_factory, key="second")
        assert deliver_due(session_factory, allowed) == 1
        assert sink.logins == [("agent", False)]


def test_implicit_tls_refuses_a_certificate_for_another_name(session_factory, ca_file):
    store_one(session_factory)
    with SmtpSink(tls=server_tls("mail.other.example"), implicit_tls=True) as sink:
        cfg = mail_settings(sink.port, smtp_tls="tls", smtp_ca_file=ca_file)
        assert deliver_due(session_factory, cfg) == 0
        assert sink.received() == [] and sink.logins == []
    [row] = outbox(session_factory)
    assert (row.status, row.last_error) == ("pending", "SSLCertVerificationError")


# smtplib says a greeting that never came as a disconnection; the TLS handshake, as a timeout.
@pytest.mark.parametrize(
    ("mode", "error"), [("none", "SMTPServerDisconnected"), ("tls", "TimeoutError")]
)
def test_a_server_that_never_answers_is_left_after_the_timeout(session_factory, mode, error):
    # It accepts the connection and says nothing: the worker moves on, the row waits.
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        store_one(session_factory)
        cfg = sink_settings(silent.getsockname()[1], smtp_tls=mode, smtp_timeout_seconds=0.5)
        assert deliver_due(session_factory, cfg) == 0
    finally:
        silent.close()
    [row] = outbox(session_factory)
    assert (row.status, row.last_error) == ("pending", error)
