"""Back-office credentials, password guessing slowed down, sessions that expire."""

import asyncio

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
    configure(ALMA_ADMIN_SIGN_IN_LIMITS="3 per minute", ALMA_ADMIN_AGENT_LIMITS="5 per hour")


def fail(user: str, client_ip: str, times: int = 1) -> list[float]:
    return [abuse.sign_in_failed(user=user, client_ip=client_ip) for _ in range(times)]


def test_failures_block_the_guessing_address_never_the_agent_elsewhere(limits):
    fail("support", "198.51.100.1", times=3)
    assert abuse.sign_in_blocked(user="support", client_ip="198.51.100.1") is True
    # The real agent, from the office, still signs in.
    assert abuse.sign_in_blocked(user="support", client_ip="203.0.113.7") is False


def test_only_failures_count(limits):
    for _ in range(10):  # ten checks that end in a successful sign-in count nothing
        assert abuse.sign_in_blocked(user="support", client_ip="198.51.100.4") is False
    fail("support", "198.51.100.4", times=2)
    assert abuse.sign_in_blocked(user="support", client_ip="198.51.100.4") is False


def test_an_ipv6_network_counts_as_one_address(limits):
    for host in range(1, 4):
        fail("support", f"2001:db8:1:2::{host:x}")
    # Another address of the same /64: blocked; another /64: not.
    assert abuse.sign_in_blocked(user="support", client_ip="2001:db8:1:2::ffff") is True
    assert abuse.sign_in_blocked(user="support", client_ip="2001:db8:1:3::1") is False
    assert abuse.address_key("::ffff:192.0.2.1") == "192.0.2.1"


def test_guessing_from_many_addresses_delays_answers_but_locks_no_one(limits):
    delays = [fail("support", f"198.51.100.{20 + n}")[0] for n in range(7)]
    assert delays[:5] == [0.0] * 5 and delays[5:] == [abuse.SIGN_IN_DELAY_SECONDS] * 2
    assert abuse.sign_in_blocked(user="support", client_ip="203.0.113.8") is False
    # Another agent's answers are not delayed by the guessing at this one.
    assert fail("dominique", "203.0.113.9") == [0.0]


def test_request_limits_group_ipv6_networks(configure):
    configure(ALMA_RATE_LIMITS="3 per hour")
    results = [
        abuse.refusal(session_token=f"s{n}", client_ip=f"2001:db8:9:9::{n + 1:x}") for n in range(4)
    ]
    assert results == [None, None, None, abuse.TOO_MANY]


def test_a_page_whose_session_is_over_shows_nothing_more():
    # Shown as signed in, but the page's connection carries no live session (over, ended,
    # or a copied Reflex token without the cookie): the next action clears everything.
    state = AdminState()
    state.signed_in, state.user = True, "support"
    state.rows = [{"reference": "ALM-00000000"}]
    asyncio.run(state.load())
    assert state.signed_in is False and state.rows == []
    assert state.notice == "Session expirée : reconnectez-vous."


def test_nothing_is_read_without_signing_in():
    state = AdminState()
    assert asyncio.run(state.load()) is None and state.rows == []
    assert asyncio.run(state.export_csv()) is None
    assert asyncio.run(state.open_request("ALM-00000000")) is None and state.detail == []
