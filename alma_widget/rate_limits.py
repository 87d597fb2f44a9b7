"""Rate limits per browser session and per client address: new requests, files added,
steps counted and searches recorded, back-office sign-ins.

The client address is the connection's peer as Reflex sees it; X-Forwarded-For is only
trusted through REFLEX_TRUSTED_PROXY_HOPS configured proxies (Reflex does that itself).
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import cache

from limits import RateLimitItem, parse_many, storage
from limits.strategies import MovingWindowRateLimiter

from alma_widget.settings import settings

# The code of the refusal in the content's [errors].
TOO_MANY = "too_many_requests"
# The wait before answering a sign-in for an agent whose password is being guessed widely.
SIGN_IN_DELAY_SECONDS = 3.0


@cache
def _limiter(limits_text: str) -> tuple[MovingWindowRateLimiter, tuple[RateLimitItem, ...]]:
    return (
        MovingWindowRateLimiter(storage.storage_from_string(settings().rate_limit_storage)),
        tuple(parse_many(limits_text)),
    )


def start_afresh() -> None:
    """Read the limits and the counters' storage again at the next check (new settings); in
    memory, the counters start from zero."""
    _limiter.cache_clear()


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


def address_key(client_ip: str) -> str:
    """The address a limit counts: an IPv6 address by its /64 (one subscriber's network:
    a host picks any address in it at will), an IPv4 address as is."""
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return client_ip or "-"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _keys(kind: str, session_token: str, client_ip: str) -> list[str]:
    return [
        _key(f"{kind}session", session_token or "-"),
        _key(f"{kind}ip", address_key(client_ip)),
    ]


def refusal(*, session_token: str, client_ip: str) -> str | None:
    """Count one new request; the refusal's error code if a limit is reached, else None."""
    keys = _keys("", session_token, client_ip)
    return TOO_MANY if _refused(settings().rate_limits, keys) else None


def upload_refused(*, session_token: str, client_ip: str) -> bool:
    """Count one file added; True when the session or the address added too many lately."""
    return _refused(settings().upload_limits, _keys("upload-", session_token, client_ip))


def tracking_refused(*, session_token: str, client_ip: str, reference: str, email: str) -> bool:
    """Count one « Suivre une demande »; True when this session or address asked too often
    (guessing references and addresses), or when this reference or this recipient was asked
    for too often from anywhere (someone's mailbox flooded from many addresses)."""
    keys = _keys("track-", session_token, client_ip)
    keys += [_key("track-reference", reference.upper()), _key("track-to", email.casefold())]
    return _refused(settings().tracking_limits, keys)


def counting_refused(*, session_token: str, client_ip: str) -> bool:
    """Count one step or search recorded for the figures; True when this session or
    address records too many (a script flooding the figures): the customer's flow goes on,
    only the count is dropped."""
    return _refused(settings().counting_limits, _keys("count-", session_token, client_ip))


def beacon_refused(*, client_ip: str) -> bool:
    """Count one beacon of a page that left before connecting; True when this address
    sent too many lately (it has no session: the address is all there is)."""
    return _refused(settings().beacon_limits, [_key("beacon-ip", address_key(client_ip))])


def _sign_in_keys(user: str, client_ip: str) -> list[str]:
    address = address_key(client_ip)
    return [_key("admin-ip", address), _key("admin-user-ip", f"{user or '-'}|{address}")]


def sign_in_blocked(*, user: str, client_ip: str) -> bool:
    """Too many failed sign-ins lately from this address, or for this agent from this
    address: refused without checking the password. Only failures count, so an attacker
    elsewhere never locks the real agent out."""
    limiter, limits_ = _limiter(settings().admin_sign_in_limits)
    keys = _sign_in_keys(user, client_ip)
    return not all(limiter.test(limit, key) for limit in limits_ for key in keys)


def sign_in_failed(*, user: str, client_ip: str) -> float:
    """Count one failed sign-in; returns the seconds to wait before answering: past the
    slower per-agent limit (guessing spread over many addresses) every answer for that
    agent is delayed, never refused."""
    limiter, limits_ = _limiter(settings().admin_sign_in_limits)
    for limit in limits_:
        for key in _sign_in_keys(user, client_ip):
            limiter.hit(limit, key)
    slow, agent_limits = _limiter(settings().admin_agent_limits)
    key = _key("admin-user", user or "-")
    over = not all(slow.test(limit, key) for limit in agent_limits)
    for limit in agent_limits:
        slow.hit(limit, key)
    return SIGN_IN_DELAY_SECONDS if over else 0.0
