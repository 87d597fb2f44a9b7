"""The identity token of a signed-in customer, signed by Alma's account backend.

A JWT signed with HS256 only (`none` and every other algorithm refused), its header's `kid`
naming one of the secrets of ALMA_IDENTITY_SECRETS (`kid:secret[,kid:secret]`: two at once
while one is rotated). Claims: `external_id` (Alma's customer id), `email`, `email_verified`,
optional `name`, `exp` (required, at most 24 h ahead) and `iat`. PyJWT checks the signature
and the times; the claims' shapes are checked here as the form checks what is typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from alma_widget.customer_request.model import clean_email
from alma_widget.identifiers import CUSTOMER_ID

ALGORITHM = "HS256"
MIN_SECRET_BYTES = 32  # RFC 7518 §3.2: an HS256 key at least as long as the hash
LONGEST_LIFETIME = timedelta(hours=24)
# Clocks apart: an iat this far ahead of ours is taken as skew; further, as a forged time.
IAT_SKEW = timedelta(minutes=5)
# A token is a few hundred bytes; a megabyte of text is not one.
MAX_TOKEN_CHARS = 4096


class IdentityRefused(Exception):
    """The token is not a valid identity; the message says which check failed (for the
    server's log, never the token itself; the host page only hears identity_refused), and
    `kind` its class for the operators' metrics: off, malformed, unknown_kid, signature,
    claims or expired (a rotated secret shows as unknown_kid or signature)."""

    def __init__(self, message: str, kind: str = "malformed") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Identity:
    """What a valid token says of the customer."""

    customer_id: str
    email: str
    email_verified: bool
    name: str | None
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return self.expires_at <= now


class _Claims(BaseModel):
    model_config = ConfigDict(extra="ignore")

    external_id: str = Field(pattern=f"^(?:{CUSTOMER_ID})$")
    email: str
    email_verified: bool = False
    name: str | None = Field(None, max_length=128)
    exp: int
    iat: int

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: Any) -> str:
        return clean_email(value)


def parse_secrets(value: str | None) -> dict[str, bytes]:
    """The signing secrets by kid; ValueError in French names what is wrong."""
    secrets: dict[str, bytes] = {}
    for item in (value or "").split(","):
        if not item.strip():
            continue
        kid, sep, secret = item.strip().partition(":")
        if not sep or not kid or not secret:
            raise ValueError("chaque secret s'écrit « kid:secret », séparés par des virgules")
        if len(secret.encode()) < MIN_SECRET_BYTES:
            raise ValueError(
                f"le secret « {kid} » fait moins de {MIN_SECRET_BYTES} octets : trop court"
            )
        if kid in secrets:
            raise ValueError(f"le kid « {kid} » est donné deux fois")
        secrets[kid] = secret.encode()
    return secrets


def verify(
    token: Any,
    secrets: dict[str, bytes],
    now: datetime | None = None,
    *,
    audience: str | None = None,
    issuer: str | None = None,
) -> Identity:
    """The identity the token carries, or IdentityRefused saying which check failed.
    `audience`, `issuer`: when given, the token's `aud` and `iss` must name them."""
    now = now or datetime.now(UTC)
    if not secrets:
        raise IdentityRefused("no ALMA_IDENTITY_SECRETS: identities are off", "off")
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        raise IdentityRefused("not a token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:  # not JOSE, or a header PyJWT refuses (a kid not text)
        raise IdentityRefused("malformed") from None
    if header.get("alg") != ALGORITHM:
        raise IdentityRefused(f"algorithm {str(header.get('alg'))[:16]!r} refused")
    kid = header.get("kid")
    secret = secrets.get(kid) if isinstance(kid, str) else None
    if secret is None:
        raise IdentityRefused("unknown kid", "unknown_kid")
    required = ["exp", "iat", "external_id", "email"]
    required += [name for name, wanted in (("aud", audience), ("iss", issuer)) if wanted]
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=issuer,
            # The times are checked below against `now`, with the 24-hour bound.
            options={
                "require": required,
                "verify_exp": False,
                "verify_iat": False,
                "verify_aud": audience is not None,
            },
        )
    except jwt.InvalidSignatureError:
        raise IdentityRefused("bad signature", "signature") from None
    except jwt.InvalidTokenError as exc:
        raise IdentityRefused(f"invalid ({type(exc).__name__})") from None
    try:
        checked = _Claims.model_validate(claims)
    except ValidationError as exc:
        fields = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
        raise IdentityRefused(f"claims refused: {', '.join(fields)}", "claims") from None
    expires_at = datetime.fromtimestamp(checked.exp, UTC)
    if expires_at <= now:
        raise IdentityRefused("expired", "expired")
    if expires_at > now + LONGEST_LIFETIME:
        raise IdentityRefused("exp more than 24 h ahead", "claims")
    issued_at = datetime.fromtimestamp(checked.iat, UTC)
    if issued_at > now + IAT_SKEW:
        raise IdentityRefused("iat in the future", "claims")
    if issued_at >= expires_at:
        raise IdentityRefused("iat not before exp", "claims")
    return Identity(
        customer_id=checked.external_id,
        email=checked.email,
        email_verified=checked.email_verified,
        name=checked.name or None,
        expires_at=expires_at,
    )
