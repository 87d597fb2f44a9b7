"""The identity token: only HS256 under a known kid, signed with its secret, in its time."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from alma_widget.identity.token import IdentityRefused, parse_secrets, verify
from harness.identity import KID, OTHER_KID, OTHER_SECRET, SECRET, SECRETS_SETTING, identity_token

SECRETS = parse_secrets(SECRETS_SETTING)


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_valid_token_says_who_the_customer_is():
    identity = verify(identity_token("cus_42", "Marie@Exemple.fr"), SECRETS)
    assert identity.customer_id == "cus_42"
    assert identity.email == "Marie@exemple.fr"  # the domain normalised, as the form does
    assert identity.email_verified is True
    assert identity.name == "Marie Martin"
    assert identity.expires_at > datetime.now(UTC)


def test_both_secrets_of_a_rotation_are_accepted():
    token = identity_token(kid=OTHER_KID, secret=OTHER_SECRET)
    assert verify(token, SECRETS).customer_id == "cus_marie_0001"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (identity_token(secret="un-autre-secret-qui-fait-bien-32-octets"), "bad signature"),
        (identity_token(kid="inconnu"), "unknown kid"),
        (identity_token(kid=KID, secret=OTHER_SECRET), "bad signature"),
        (identity_token(lifetime=-5), "expired"),
        (identity_token(lifetime=25 * 3600), "more than 24 h"),
        (identity_token(algorithm="HS512", secret="s" * 64), "algorithm 'HS512'"),
        (identity_token(email="pas-une-adresse"), "claims refused: email"),
        (identity_token(customer_id="cus 42; drop"), "claims refused: external_id"),
        (identity_token(iat=None), "invalid"),
        ("pas.un.jeton", "malformed"),
        ("", "not a token"),
        (None, "not a token"),
        ({"token": "x"}, "not a token"),
        ("a" * 5000, "not a token"),
    ],
)
def test_a_refused_token_says_which_check_failed(token, reason):
    with pytest.raises(IdentityRefused, match=reason):
        verify(token, SECRETS)


def test_alg_none_is_refused_even_with_a_known_kid():
    claims = {"external_id": "cus_1", "email": "a@exemple.fr", "iat": 1, "exp": 4102444800}
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': KID})}.{_b64(claims)}."
    with pytest.raises(IdentityRefused, match="algorithm 'none'"):
        verify(unsigned, SECRETS)


def test_a_token_without_exp_is_refused():
    with pytest.raises(IdentityRefused, match="invalid"):
        verify(identity_token(exp=None), SECRETS)


def test_the_check_uses_the_given_clock():
    token = identity_token(lifetime=600)
    later = datetime.now(UTC) + timedelta(minutes=11)
    with pytest.raises(IdentityRefused, match="expired"):
        verify(token, SECRETS, now=later)


def test_no_secret_means_identities_are_off():
    with pytest.raises(IdentityRefused, match="off"):
        verify(identity_token(), {})


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("court:trop-court", "moins de 32 octets"),
        ("sans-deux-points", "kid:secret"),
        (f"{KID}:{SECRET},{KID}:{OTHER_SECRET}", "deux fois"),
    ],
)
def test_bad_secrets_are_named_in_french(setting, message):
    with pytest.raises(ValueError, match=message):
        parse_secrets(setting)


def test_secrets_read_by_kid():
    assert parse_secrets(f" {KID}:{SECRET} ,") == {KID: SECRET.encode()}
    assert parse_secrets(None) == {}
