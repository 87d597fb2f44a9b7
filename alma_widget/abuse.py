"""Rate limits on new requests, per browser session and per client address.

The client address is the connection's peer as Reflex sees it; X-Forwarded-For is only
trusted through REFLEX_TRUSTED_PROXY_HOPS configured proxies (Reflex does that itself).
"""

from __future__ import annotations

import hashlib
from functools import cache

from limits import RateLimitItem, parse_many, storage
from limits.strategies import MovingWindowRateLimiter

from alma_widget.settings import settings

# The code of the refusal in the content's [errors].
TOO_MANY = "too_many_requests"


@cache
def _limiter() -> tuple[MovingWindowRateLimiter, tuple[RateLimitItem, ...]]:
    cfg = settings()
    return (
        MovingWindowRateLimiter(storage.storage_from_string(cfg.rate_limit_storage)),
        tuple(parse_many(cfg.rate_limits)),
    )


def _key(kind: str, value: str) -> str:
    # Hashed: the counters' store never holds an address or a session token in clear.
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def refusal(*, session_token: str, client_ip: str) -> str | None:
    """Count one new request; the refusal's error code if a limit is reached, else None."""
    limiter, limits_ = _limiter()
    keys = [_key("session", session_token or "-"), _key("ip", client_ip or "-")]
    if not all(limiter.test(limit, key) for limit in limits_ for key in keys):
        return TOO_MANY
    for limit in limits_:
        for key in keys:
            limiter.hit(limit, key)
    return None


def reset() -> None:
    """Forget every counter (tests, and settings changes)."""
    _limiter.cache_clear()
