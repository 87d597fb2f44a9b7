"""Rate limits per browser session and per client address: new requests, files added,
steps counted and searches recorded, back-office sign-ins.

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
def _limiter(limits_text: str) -> tuple[MovingWindowRateLimiter, tuple[RateLimitItem, ...]]:
    return (
        MovingWindowRateLimiter(storage.storage_from_string(settings().rate_limit_storage)),
        tuple(parse_many(limits_text)),
    )


def _refused(limits_text: str, keys: list[str]) -> bool:
    """Count one attempt on every key; True when one of them is over its limit."""
    limiter, limits_ = _limiter(limits_text)
    if not all(limiter.test(limit, key) for limit in limits_ for key in keys):
        return True
    for limit in limits_:
        for key in keys:
            limiter.hit(limit, key)
    return False


def _key(kind: str, value: str) -> str:
    # Hashed: the counters' store never holds an address or a session token in clear.
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def refusal(*, session_token: str, client_ip: str) -> str | None:
    """Count one new request; the refusal's error code if a limit is reached, else None."""
    keys = [_key("session", session_token or "-"), _key("ip", client_ip or "-")]
    return TOO_MANY if _refused(settings().rate_limits, keys) else None


def upload_refused(*, session_token: str, client_ip: str) -> bool:
    """Count one file added; True when the session or the address added too many lately."""
    keys = [_key("upload-session", session_token or "-"), _key("upload-ip", client_ip or "-")]
    return _refused(settings().upload_limits, keys)


def counting_refused(*, session_token: str, client_ip: str) -> bool:
    """Count one step or search recorded for the figures; True when this session or
    address records too many (a script flooding the figures): the customer's flow goes on,
    only the count is dropped."""
    keys = [_key("count-session", session_token or "-"), _key("count-ip", client_ip or "-")]
    return _refused(settings().counting_limits, keys)


def sign_in_refused(*, user: str, client_ip: str) -> bool:
    """Slow down password guessing: attempts per user name and per address."""
    keys = [_key("admin-user", user or "-"), _key("admin-ip", client_ip or "-")]
    return _refused(settings().admin_sign_in_limits, keys)
