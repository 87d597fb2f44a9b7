"""Settings read from the environment, with safe defaults for `make run`."""

from __future__ import annotations

from functools import cache
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """ALMA_* environment variables; see the README for each."""

    model_config = SettingsConfigDict(env_prefix="ALMA_", extra="ignore")

    # SMTP server for the support mails; unset: requests wait in the outbox.
    smtp_host: str | None = None
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    # Encryption to the SMTP server: starttls, tls (implicit, port 465) or none. Unset:
    # starttls when a username is set (or ALMA_SMTP_STARTTLS=true), else none. Certificates
    # and host name are always verified (system CAs, or ALMA_SMTP_CA_FILE).
    smtp_tls: Literal["starttls", "tls", "none"] | None = None
    smtp_ca_file: str | None = None
    # Sending a password over an unencrypted connection needs saying so.
    smtp_allow_plaintext_auth: bool = False
    smtp_timeout_seconds: float = Field(10.0, gt=0)
    # Where requests are delivered, and the sender of every mail.
    support_email: str = "support@localhost"
    mail_from: str = "widget@localhost"
    # Send the customer an acknowledgement with the reference.
    send_acknowledgement: bool = False
    # Where each request goes: smtp (a mail to support_email), zendesk (a ticket), or both
    # ("smtp,zendesk"). Checked at start (alma_widget/delivery/config.py).
    delivery: str = "smtp"
    # Zendesk Support API: the account's address, an agent's email and API token, the
    # ticket form and its custom fields (category:ID,topic:ID,order_reference:ID,merchant:ID).
    zendesk_url: str | None = None
    zendesk_email: str | None = None
    zendesk_api_token: SecretStr | None = None
    zendesk_ticket_form_id: str = "9480301136156"
    zendesk_field_ids: str | None = None
    zendesk_timeout_seconds: float = Field(10.0, gt=0)
    # The signing secret of the Zendesk webhook that reports ticket statuses; unset: the
    # endpoint /api/zendesk/webhook is off (404).
    zendesk_webhook_secret: SecretStr | None = None
    # The conversation in the widget (alma_widget/conversation/): the team's messages are
    # signed « Service client Alma », or with the agent's first name when this is on; a
    # ticket's comments are read again after this many seconds at the latest.
    show_agent_names: bool = False
    # Ask « Êtes-vous satisfait de la réponse ? » by mail too, once per resolution by the team.
    csat_mail: bool = False
    thread_cache_seconds: float = Field(30.0, ge=0)
    # How old the stored replies behind « Nous répondons en général sous … » may be, in
    # seconds (read at most once that often per worker; the tests read them afresh: 0).
    reply_time_reread_seconds: float = Field(60.0, ge=0)
    # Outbox: how often the worker looks, and how it backs off a failing server.
    outbox_poll_seconds: float = Field(5.0, gt=0)
    outbox_retry_base_seconds: float = Field(30.0, gt=0)
    outbox_retry_cap_seconds: float = Field(3600.0, gt=0)
    outbox_max_attempts: int = Field(20, ge=1)
    # Requests per browser session and per client address ("limits" notation).
    rate_limits: str = "5 per 10 minutes; 30 per hour"
    # Where the rate-limit counters live: memory:// (one worker) or redis://...
    rate_limit_storage: str = "memory://"
    # Attachments are kept here, outside the web root...
    upload_dir: str = "data/uploads"
    # ...or in an S3-compatible bucket, s3://bucket/prefix, shared by every machine
    # (alma_widget/storage/files.py); credentials from the standard AWS_* variables.
    attachments_url: str | None = Field(
        None, pattern=r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$"
    )
    s3_endpoint_url: str | None = None
    # Files added per browser session and per client address ("limits" notation), and the
    # most the upload folder may hold in all: past it, new files are refused plainly.
    upload_limits: str = "20 per 10 minutes; 60 per hour"
    upload_quota_mb: int = Field(2048, ge=1)
    # Steps and searches recorded for the figures per session and per address.
    counting_limits: str = "200 per 10 minutes; 600 per hour"
    # Beacons of pages that left before connecting, per client address: a customer sends
    # one as they leave; a script posting hundreds would skew the deflection figures.
    beacon_limits: str = "30 per 10 minutes; 100 per hour"
    # Host pages allowed to frame the widget (space separated origins); the default allows
    # the demo host pages that `make run` serves.
    frame_ancestors: str = "http://127.0.0.1:3001 http://localhost:3001"
    # Signed-in customers: the secrets of Alma's account backend that sign their identity
    # tokens, "kid:secret[,kid:secret]" (alma_widget/identity/token.py); unset: nobody is
    # identified, the widget works as for anyone.
    identity_secrets: SecretStr | None = None
    # When set, identity tokens must carry this `aud` and this `iss` (a token minted for
    # another service of Alma's, with the same secret, is then refused).
    identity_audience: str | None = None
    identity_issuer: str | None = None
    # The widget's public address, in the links it mails (« Suivre une demande »): never
    # taken from a request, which a client could forge to send a customer elsewhere.
    public_url: str = Field("http://localhost:3000", pattern=r"^https?://[^/?#\s]+$")
    # Tracking links asked for per browser session and per client address ("limits").
    tracking_limits: str = "3 per 10 minutes; 10 per hour"
    # Back office: one support account; no hash, no sign-in (make run generates one locally).
    admin_user: str = "support"
    admin_password_hash: str | None = None
    # A back-office session ends after this idle time, and at its age limit whatever happens.
    admin_session_minutes: int = Field(30, ge=1)
    admin_session_hours: int = Field(8, ge=1)
    # Failed sign-ins per address and per (agent, address) before refusing ("limits").
    admin_sign_in_limits: str = "5 per minute; 20 per hour"
    # Failed sign-ins per agent from anywhere past which every answer is delayed, not refused.
    admin_agent_limits: str = "50 per hour"
    # Signs the back office's download and export links (a minute each): a secret of its own,
    # 32 bytes at least; unset, no link works. `make run` makes one for its run, `make serve`
    # requires it. Changed, every link given before stops working.
    link_secret: SecretStr | None = Field(None, min_length=32)
    # Prometheus scrapes /metrics with this bearer token (docs/operations.md), 16 characters
    # at least; unset, there is no /metrics.
    metrics_token: SecretStr | None = Field(None, min_length=16)

    @field_validator("link_secret", "metrics_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return value or None  # ALMA_LINK_SECRET="" reads as not set


def parse_origins(value: str) -> list[str]:
    """Origins from a space or comma separated list; ValueError names a malformed one."""
    origins = []
    for item in value.replace(",", " ").split():
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ValueError(f"« {item} » n'est pas une origine (https://hote[:port])")
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


@cache
def settings() -> Settings:
    """The settings of this process."""
    return Settings()
