"""Rate limits per browser session and per client address."""

import pytest

from alma_widget import rate_limits as abuse


@pytest.fixture(autouse=True)
def fresh_limits(configure):
    configure(ALMA_RATE_LIMITS="3 per 10 minutes; 5 per hour")


def test_session_limit_then_a_clear_french_refusal():
    results = [abuse.refusal(session_token="s1", client_ip=f"10.0.0.{i}") for i in range(4)]
    assert results[:3] == [None, None, None]
    assert results[3] == "too_many_requests"


def test_address_limit_across_sessions():
    results = [abuse.refusal(session_token=f"s{i}", client_ip="192.0.2.7") for i in range(4)]
    assert results[3] == abuse.TOO_MANY


def test_a_refused_attempt_does_not_count():
    for _ in range(3):
        abuse.refusal(session_token="s", client_ip="192.0.2.8")
    for _ in range(5):
        assert abuse.refusal(session_token="s", client_ip="192.0.2.8") == abuse.TOO_MANY
    assert abuse.refusal(session_token="other", client_ip="192.0.2.9") is None


def test_other_customers_are_not_affected():
    for _ in range(3):
        abuse.refusal(session_token="a", client_ip="192.0.2.10")
    assert abuse.refusal(session_token="b", client_ip="192.0.2.11") is None


def test_files_added_too_fast_are_refused_per_session_and_per_address(configure):
    configure(ALMA_UPLOAD_LIMITS="4 per 10 minutes")
    added = [abuse.upload_refused(session_token="u1", client_ip="192.0.2.20") for _ in range(5)]
    assert added == [False] * 4 + [True]
    # Another session from the same address is counted with it; another address is not.
    assert abuse.upload_refused(session_token="u2", client_ip="192.0.2.20") is True
    assert abuse.upload_refused(session_token="u3", client_ip="192.0.2.21") is False
    # Sending requests and adding files are counted apart.
    assert abuse.refusal(session_token="u1", client_ip="192.0.2.20") is None


def test_counting_has_its_own_limit(configure):
    configure(ALMA_COUNTING_LIMITS="2 per 10 minutes")
    counted = [abuse.counting_refused(session_token="c1", client_ip="192.0.2.30") for _ in range(3)]
    assert counted == [False, False, True]
    assert abuse.refusal(session_token="c1", client_ip="192.0.2.30") is None
    # Per session and per address: another customer elsewhere is still counted.
    assert abuse.counting_refused(session_token="c2", client_ip="192.0.2.31") is False


def test_tracking_questions_are_limited_per_session_and_per_address(configure):
    configure(ALMA_TRACKING_LIMITS="2 per 10 minutes")

    def ask(n: int, session: str, address: str) -> bool:
        return abuse.tracking_refused(
            session_token=session, client_ip=address, reference=f"ALM-{n:08}", email=f"{n}@x.fr"
        )

    assert [ask(n, "t1", "192.0.2.40") for n in range(3)] == [False, False, True]
    # Another tab on the same address: the address is over too.
    assert ask(3, "t2", "192.0.2.40") is True
    assert ask(4, "t3", "192.0.2.41") is False


def test_one_mailbox_is_not_flooded_from_many_addresses(configure):
    """The same reference, or the same recipient, asked for from everywhere: limited too."""
    configure(ALMA_TRACKING_LIMITS="2 per 10 minutes")

    def ask(n: int, reference: str, email: str) -> bool:
        return abuse.tracking_refused(
            session_token=f"s{n}", client_ip=f"198.51.100.{n}", reference=reference, email=email
        )

    assert [ask(n, "ALM-7QK2M9XD", f"a{n}@exemple.fr") for n in range(3)] == [False, False, True]
    assert [ask(n, f"ALM-0000000{n}", "Cible@Exemple.fr") for n in range(3, 6)] == [
        False,
        False,
        True,
    ]
    assert ask(9, "ALM-11111111", "autre@exemple.fr") is False
