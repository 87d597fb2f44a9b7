"""The host page's configuration, as it reaches the widget in its query string.

Each value is checked on its own: a bad one is dropped (and named, for a console warning),
the others still apply, and nothing a host page sends can break the widget.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from alma_widget.content.loading import catalog, locales
from alma_widget.customer_request.model import clean_email, clean_order_reference, clean_phone
from alma_widget.embedding.theme import accent_refusal
from alma_widget.identifiers import HEX_COLOUR, MERCHANT_ID, matches
from alma_widget.redaction import redact_url

CONTEXTS = ("checkout", "account")


class Refused(ValueError):
    """A value refused with a reason worth telling the host's developer (never personal)."""


def _accent(value: str) -> str:
    # The accent colours links on the widget's surfaces and buttons under white text: 4.5:1.
    if not matches(HEX_COLOUR, value):
        raise ValueError
    refusal = accent_refusal(value.lower())
    if refusal:
        raise Refused(refusal)
    return value.lower()


def _origin(value: str) -> str:
    parts = urlsplit(value)
    origin = f"{parts.scheme}://{parts.netloc}"
    if parts.scheme not in ("http", "https") or not parts.netloc or value != origin:
        raise ValueError
    return origin


def _page_url(value: str) -> str:
    """Origin and path only, without credentials or personal path segments: a checkout
    address's query and fragment can carry tokens, cart ids or an email (older loaders,
    pinned by integrity, still send the whole address), and its path an account's email
    or a reset token (alma_widget/redaction.py)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(value) > 2048:
        raise ValueError
    return redact_url(value)


def _topic(value: str) -> str:
    if catalog().find_topic(value) is None:
        raise ValueError
    return value


def _locale(value: str) -> str:
    if value not in locales():
        raise ValueError
    return value


def _context(value: str) -> str:
    if value not in CONTEXTS:
        raise ValueError
    return value


def _merchant_id(value: str) -> str:
    if not matches(MERCHANT_ID, value):
        raise ValueError
    return value


def _merchant_name(value: str) -> str:
    cleaned = value.strip()
    if not cleaned or len(cleaned) > 128 or any(ord(c) < 32 for c in cleaned):
        raise ValueError
    return cleaned


def _required(check: Callable[[Any], Any]) -> Callable[[str], str]:
    def run(value: str) -> str:
        result = check(value)
        if not result:
            raise ValueError
        return result

    return run


# Query parameter -> check. The loader sends exactly these names.
_CHECKS: dict[str, Callable[[str], str]] = {
    "context": _context,
    "locale": _locale,
    "merchant_id": _merchant_id,
    "merchant_name": _merchant_name,
    "order_reference": _required(clean_order_reference),
    "email": _required(clean_email),
    "phone": _required(clean_phone),
    "topic": _topic,
    "accent": _accent,
    "host_origin": _origin,
    "page_url": _page_url,
}


@dataclasses.dataclass(frozen=True)
class EmbedConfig:
    """What the host page said, every value checked; "" where it said nothing usable."""

    context: str = ""
    locale: str = ""
    merchant_id: str = ""
    merchant_name: str = ""
    order_reference: str = ""
    email: str = ""
    phone: str = ""
    topic: str = ""
    accent: str = ""
    host_origin: str = ""
    page_url: str = ""
    # Names of the parameters that were given but refused.
    ignored: tuple[str, ...] = ()
    # Why, where a refusal has more to say than its name (an accent's contrast).
    reasons: tuple[str, ...] = ()


def parse_embed_config(params: Mapping[str, Any]) -> EmbedConfig:
    """Check every known parameter; unknown ones are not ours and are left alone."""
    values: dict[str, str] = {}
    ignored: list[str] = []
    reasons: list[str] = []
    for name, check in _CHECKS.items():
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        if not isinstance(raw, str) or len(raw) > 2048:
            ignored.append(name)
            continue
        try:
            values[name] = check(raw)
        except Refused as refused:
            ignored.append(name)
            reasons.append(str(refused))
        except (ValueError, ValidationError, PydanticCustomError):
            ignored.append(name)
    return EmbedConfig(**values, ignored=tuple(ignored), reasons=tuple(reasons))
