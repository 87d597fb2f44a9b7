"""ALMA_DELIVERY read, and the Zendesk and SMTP settings checked: one line per problem."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from alma_widget.customer_request.details import TICKET_DETAILS
from alma_widget.settings import Settings

# The custom fields of the Zendesk ticket form the widget fills, by what they hold.
# The details (customer_request/details.py) that have one come between the topic and the
# merchant.
ZENDESK_FIELDS = ("category", "topic", *TICKET_DETAILS, "merchant")
# An example for the error messages, one made-up id per field however many there are.
FIELD_IDS_FORMAT = ",".join(f"{name}:{123 + 333 * i}" for i, name in enumerate(ZENDESK_FIELDS))


def named_channels(cfg: Settings) -> tuple[str, ...]:
    """The names ALMA_DELIVERY gives, in order, once each (checked against the channels
    that exist by delivery/__init__.py's `delivery_channels`)."""
    return tuple(dict.fromkeys(n.strip().lower() for n in cfg.delivery.split(",") if n.strip()))


@dataclasses.dataclass(frozen=True)
class ZendeskConfig:
    url: str  # scheme://host[:port], no trailing slash
    email: str
    api_token: str
    ticket_form_id: int
    field_ids: dict[str, int]
    timeout_seconds: float

    @property
    def auth(self) -> tuple[str, str]:
        """API token authentication: « {email}/token » and the token (HTTP Basic)."""
        return (f"{self.email}/token", self.api_token)


def _url(value: str | None) -> str:
    parts = urlsplit((value or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(
            "ALMA_ZENDESK_URL : attendu http(s)://hote[:port], par exemple https://alma.zendesk.com"
        )
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise ValueError("ALMA_ZENDESK_URL : le port n'est pas un nombre") from None
    return f"{parts.scheme}://{parts.netloc}"


def _field_ids(value: str | None) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in (value or "").split(","):
        if not item.strip():
            continue
        name, _, number = item.partition(":")
        name = name.strip()
        if name not in ZENDESK_FIELDS or not re.fullmatch(r"\d{1,20}", number.strip()):
            raise ValueError(
                f"ALMA_ZENDESK_FIELD_IDS : « {item.strip()} » ne se lit pas "
                f"(format : {FIELD_IDS_FORMAT})"
            )
        found[name] = int(number)
    missing = [name for name in ZENDESK_FIELDS if name not in found]
    if missing:
        raise ValueError(
            f"ALMA_ZENDESK_FIELD_IDS : il manque {', '.join(missing)} (format : {FIELD_IDS_FORMAT})"
        )
    return found


def zendesk_config(cfg: Settings) -> ZendeskConfig:
    """The Zendesk settings, checked; ValueError names the first wrong variable."""
    url = _url(cfg.zendesk_url)
    try:
        email = validate_email(
            cfg.zendesk_email or "", check_deliverability=False, test_environment=True
        ).normalized
    except EmailNotValidError:
        raise ValueError(
            "ALMA_ZENDESK_EMAIL : l'adresse de l'agent de l'API est absente ou invalide"
        ) from None
    token = cfg.zendesk_api_token.get_secret_value().strip() if cfg.zendesk_api_token else ""
    if not token:
        raise ValueError("ALMA_ZENDESK_API_TOKEN : absent (un jeton d'API Zendesk)")
    if not re.fullmatch(r"\d{1,20}", cfg.zendesk_ticket_form_id.strip()):
        raise ValueError("ALMA_ZENDESK_TICKET_FORM_ID : un nombre est attendu")
    return ZendeskConfig(
        url=url,
        email=email,
        api_token=token,
        ticket_form_id=int(cfg.zendesk_ticket_form_id),
        field_ids=_field_ids(cfg.zendesk_field_ids),
        timeout_seconds=cfg.zendesk_timeout_seconds,
    )


def ticket_url(cfg: Settings, ticket_id: int | None) -> str:
    """Where an agent opens a request's ticket; "" without a ticket or a usable address."""
    try:
        return f"{_url(cfg.zendesk_url)}/agent/tickets/{ticket_id}" if ticket_id else ""
    except ValueError:
        return ""


def smtp_tls(cfg: Settings) -> str:
    """How the connection to the SMTP server is encrypted: starttls, tls or none."""
    if cfg.smtp_tls is not None:
        return cfg.smtp_tls
    return "starttls" if cfg.smtp_username or cfg.smtp_starttls else "none"


def smtp_problems(cfg: Settings) -> list[str]:
    """A password that would travel in clear stops the start, unless said on purpose."""
    if cfg.smtp_username and smtp_tls(cfg) == "none" and not cfg.smtp_allow_plaintext_auth:
        return [
            "ALMA_SMTP_USERNAME est défini mais la connexion au serveur SMTP n'est pas chiffrée "
            "(ALMA_SMTP_TLS=none) : choisissez starttls ou tls, ou acceptez d'envoyer le mot de "
            "passe en clair avec ALMA_SMTP_ALLOW_PLAINTEXT_AUTH=true."
        ]
    return []
