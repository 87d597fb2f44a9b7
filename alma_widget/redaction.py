"""Personal data taken out of what we keep that the customer did not write for us.

A search the customer typed (help_search/misses.py) and the address of the merchant's page
(embedding/host_config.py) can both hold an email, a phone or card number, an order number or a
token. The same rules replace each by a placeholder before anything is stored.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import phonenumbers

EMAIL = "[email]"
PHONE = "[téléphone]"
NUMBER = "[numéro]"
TOKEN = "[jeton]"
PLACEHOLDERS = re.compile(r"\[(email|téléphone|numéro|jeton)\]")

_EMAIL = re.compile(r"\S+@\S+")
# Card numbers, IBANs, order and reference numbers: any word holding two digits or more
# (« 3x » stays), and a run of them is one placeholder.
_NUMBERISH = re.compile(r"\S*\d\S*\d\S*")
_RUN = re.compile(r"\[numéro\](?:\s+\[numéro\])+")
# A reset or session token in a path: one long run without word separators, mixing cases.
_TOKEN = re.compile(r"(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9_]{16,}")


def redact_contacts(text: str) -> str:
    """`text` with every email and phone number replaced (numbers otherwise kept)."""
    text = _EMAIL.sub(EMAIL, text)
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "FR", leniency=0))):
        text = text[: match.start] + PHONE + text[match.end :]
    return text


def redact_text(text: str) -> str:
    """`text` with every email, phone number and number-like word replaced."""
    return _RUN.sub(NUMBER, _NUMBERISH.sub(NUMBER, redact_contacts(text)))


def _redact_segment(segment: str) -> str:
    readable = unquote(segment)
    if _TOKEN.fullmatch(readable):
        return TOKEN
    redacted = redact_text(readable)
    return segment if redacted == readable else redacted


def redact_url(url: str) -> str:
    """The address's origin and path: no credentials, no query or fragment, and each path
    segment that holds personal data replaced by its placeholder."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6
    if parts.port is not None:
        host += f":{parts.port}"
    path = "/".join(_redact_segment(segment) for segment in parts.path.split("/"))
    return f"{parts.scheme}://{host}{path}"
