"""Back-office credentials, password guessing slowed down, sessions that expire."""

import time

import pytest

from alma_widget import rate_limits as abuse
from alma_widget.admin.auth import hash_password, verify_password
from alma_widget.admin.state import AdminState


def test_password_hash_round_trip():
    stored = hash_password("un mot de passe assez long")
    assert stored.startswith("scrypt$") and "un mot de passe" not in stored
    assert verify_password("un mot de passe assez long", stored)
    assert not verify_password("un autre mot de passe", stored)
    assert hash_password("x" * 12) != hash_password("x" * 12)  # salted


@pytest.mark.parametrize("stored", ["", "plain", "md5$abc", "scrypt$a$b$c$d$e", "scrypt$1$2"])
def test_malformed_hashes_never_match(stored):
    assert verify_password("anything", stored) is False


@pytest.fixture
def limits(configure):
    configure(ALMA_ADMIN_SIGN_IN_LIMITS="3 per minute")


def test_guessing_is_slowed_per_user_and_per_address(limits):
    attempts = [abuse.sign_in_refused(user="support", client_ip="198.51.100.1") for _ in range(4)]
    assert attempts == [False, False, False, True]
    # Another address guessing the same user is slowed too.
    assert abuse.sign_in_refused(user="support", client_ip="198.51.100.2") is True
    assert abuse.sign_in_refused(user="autre", client_ip="198.51.100.3") is False


def test_an_expired_session_shows_nothing_more():
    state = AdminState()
    state.signed_in, state.user = True, "support"
    state._expires_at = time.time() - 1
    state.rows = [{"reference": "ALM-00000000"}]
    state.load()
    assert state.signed_in is False and state.rows == []
    assert state.notice == "Session expirée : reconnectez-vous."


def test_nothing_is_read_without_signing_in():
    state = AdminState()
    assert state.load() is None and state.rows == []
    assert state.export_csv() is None
    assert state.open_request("ALM-00000000") is None and state.detail == []
