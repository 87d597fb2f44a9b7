"""The client's address of a plain HTTP request, as Reflex sees it for events."""

from __future__ import annotations

from reflex.config import get_config

from alma_widget.web.request_body import request_headers


def client_ip(scope) -> str:
    """The peer, or through the declared proxies (REFLEX_TRUSTED_PROXY_HOPS) the address they
    name in X-Forwarded-For: the rightmost hops are ours, what a client wrote is left of them."""
    peer = (scope.get("client") or ("", 0))[0]
    hops = get_config().trusted_proxy_hops
    forwarded = [ip.strip() for ip in request_headers(scope).get("x-forwarded-for", "").split(",")]
    forwarded = [ip for ip in forwarded if ip]
    return forwarded[-hops] if hops and len(forwarded) >= hops else peer
