"""The identity token: only HS256 under a known kid, signed with its secret, in its time."""

import base64
import json
import re
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
    ("token", "reason", "kind"),
    [
        (
            identity_token(secret="un-autre-secret-qui-fait-bien-32-octets"),
            "bad signature",
            "signature",
        ),
        (identity_token(kid="inconnu"), "unknown kid", "unknown_kid"),
        (identity_token(kid=KID, secret=OTHER_SECRET), "bad signature", "signature"),
        (identity_token(lifetime=-5), "expired", "expired"),
        (identity_token(lifetime=25 * 3600), "exp more than 24 h ahead", "claims"),
        (identity_token(algorithm="HS512", secret="s" * 64), "algorithm 'HS512'", "malformed"),
        (identity_token(email="pas-une-adresse"), "claims refused: email", "claims"),
        (identity_token(customer_id="cus 42; drop"), "claims refused: external_id", "claims"),
        (identity_token(iat=None), "invalid (MissingRequiredClaimError)", "malformed"),
        (
            identity_token(customer_id="x y", email="z"),
            "claims refused: email, external_id",
            "claims",
        ),
        ("pas.un.jeton", "malformed", "malformed"),
        ("", "not a token", "malformed"),
        (None, "not a token", "malformed"),
        ({"token": "x"}, "not a token", "malformed"),
        ("a" * 5000, "not a token", "malformed"),
        ("a" * 4097, "not a token", "malformed"),
        ("a" * 4096, "malformed", "malformed"),
    ],
)
def test_a_refused_token_says_which_check_failed(token, reason, kind):
    # The whole reason: it is what the server's log says; its class, what the metrics count.
    with pytest.raises(IdentityRefused, match=f"^{re.escape(reason)}") as refused:
        verify(token, SECRETS)
    assert refused.value.kind == kind


def test_alg_none_is_refused_even_with_a_known_kid():
    claims = {"external_id": "cus_1", "email": "a@exemple.fr", "iat": 1, "exp": 4102444800}
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': KID})}.{_b64(claims)}."
    with pytest.raises(IdentityRefused, match="algorithm 'none'"):
        verify(unsigned, SECRETS)


def test_a_kid_that_is_not_text_is_refused_not_raised():
    # PyJWT will not sign one: written by hand, as a forger would. It once escaped as
    # PyJWT's own error, past the refusal the caller handles.
    claims = {"external_id": "cus_1", "email": "a@exemple.fr", "iat": 1, "exp": 4102444800}
    forged = f"{_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': [KID]})}.{_b64(claims)}.c2ln"
    with pytest.raises(IdentityRefused, match=r"^malformed$"):
        verify(forged, SECRETS)


def test_a_token_without_exp_is_refused():
    with pytest.raises(IdentityRefused, match=r"^invalid \(MissingRequiredClaimError\)$"):
        verify(identity_token(exp=None), SECRETS)


def test_the_check_uses_the_given_clock():
    token = identity_token(lifetime=600)
    expiry = verify(token, SECRETS).expires_at
    with pytest.raises(IdentityRefused, match=r"^expired$"):
        verify(token, SECRETS, now=expiry)  # at its exp, no longer
    assert verify(token, SECRETS, now=expiry - timedelta(seconds=1)).customer_id
    with pytest.raises(IdentityRefused, match=r"^exp more than 24 h ahead$"):
        verify(token, SECRETS, now=expiry - timedelta(hours=24, seconds=1))


def test_an_issue_time_a_little_ahead_is_a_clock_apart_not_a_refusal():
    ahead = int((datetime.now(UTC) + timedelta(minutes=2)).timestamp())
    assert verify(identity_token(iat=ahead), SECRETS).customer_id == "cus_marie_0001"


def test_no_secret_means_identities_are_off():
    with pytest.raises(IdentityRefused, match=r"^no ALMA_IDENTITY_SECRETS: identities are off$"):
        verify(identity_token(), {})


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("court:trop-court", "moins de 32 octets"),
        ("sans-deux-points", "kid:secret"),
        (f":{SECRET}", "kid:secret"),  # no kid: no token could name that secret
        (f"{KID}:", "kid:secret"),  # no secret
        (f"{KID}:{SECRET},{KID}:{OTHER_SECRET}", "deux fois"),
    ],
)
def test_bad_secrets_are_named_in_french(setting, message):
    with pytest.raises(ValueError, match=message):
        parse_secrets(setting)


def test_secrets_read_by_kid():
    assert parse_secrets(f" {KID}:{SECRET} ,") == {KID: SECRET.encode()}
    assert parse_secrets(None) == {}
    # An empty item in the middle, a secret with a colon, a secret of 32 bytes exactly.
    setting = f"{KID}:{SECRET},, {OTHER_KID}:a:b{'c' * 29}"
    assert parse_secrets(setting) == {KID: SECRET.encode(), OTHER_KID: b"a:b" + b"c" * 29}


def test_an_issue_time_far_ahead_or_not_before_the_expiry_is_refused():
    now = datetime.now(UTC)
    far = int((now + timedelta(minutes=6)).timestamp())
    with pytest.raises(IdentityRefused, match=r"^iat in the future$"):
        verify(identity_token(iat=far), SECRETS, now=now)
    late = identity_token(lifetime=600, iat=int((now + timedelta(minutes=4)).timestamp()))
    assert verify(late, SECRETS, now=now).customer_id  # 4 minutes ahead: clocks apart
    expiry = int((now + timedelta(minutes=3)).timestamp())
    with pytest.raises(IdentityRefused, match=r"^iat not before exp$"):
        verify(identity_token(iat=expiry, exp=expiry), SECRETS, now=now)


@pytest.mark.parametrize(
    ("claims", "accepted"),
    [
        ({"aud": "alma-support-widget", "iss": "https://accounts.alma.test"}, True),
        ({"aud": ["autre", "alma-support-widget"], "iss": "https://accounts.alma.test"}, True),
        ({"aud": "alma-checkout", "iss": "https://accounts.alma.test"}, False),
        ({"aud": "alma-support-widget", "iss": "https://ailleurs.test"}, False),
        ({"iss": "https://accounts.alma.test"}, False),
        ({"aud": "alma-support-widget"}, False),
    ],
    ids=["both", "one-of-several-audiences", "other-audience", "other-issuer", "no-aud", "no-iss"],
)
def test_an_audience_and_an_issuer_can_be_required(claims, accepted):
    token = identity_token(**claims)
    required = {"audience": "alma-support-widget", "issuer": "https://accounts.alma.test"}
    if accepted:
        assert verify(token, SECRETS, **required).customer_id == "cus_marie_0001"
    else:
        with pytest.raises(IdentityRefused, match=r"^invalid \("):
            verify(token, SECRETS, **required)
    assert verify(token, SECRETS).customer_id == "cus_marie_0001"  # not required: not checked
