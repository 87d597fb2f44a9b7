"""Identity tokens as Alma's account backend signs them, for the tests (PyJWT, HS256)."""

from __future__ import annotations

import time
from typing import Any

import jwt

KID = "compte-2026"
SECRET = "secret-de-test-du-compte-alma-0123456789"
OTHER_KID = "compte-2027"
OTHER_SECRET = "second-secret-de-test-du-compte-alma-987654"
# ALMA_IDENTITY_SECRETS for a widget that trusts both (a rotation under way).
SECRETS_SETTING = f"{KID}:{SECRET},{OTHER_KID}:{OTHER_SECRET}"


def identity_token(
    customer_id: str = "cus_marie_0001",
    email: str = "marie.martin@exemple.fr",
    *,
    kid: str = KID,
    secret: str = SECRET,
    lifetime: float = 3600,
    algorithm: str = "HS256",
    **claims: Any,
) -> str:
    """A token for this customer, signed with `secret` under `kid` (claims override)."""
    now = int(time.time())
    payload = {
        "external_id": customer_id,
        "email": email,
        "email_verified": True,
        "name": "Marie Martin",
        "iat": now,
        "exp": now + int(lifetime),
        **claims,
    }
    return jwt.encode(payload, secret, algorithm=algorithm, headers={"kid": kid})
