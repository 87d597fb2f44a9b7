"""The mail channel: plain-text mails to the support team and to the customer, over SMTP."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from sqlmodel import Session

from alma_widget.content.loading import catalog
from alma_widget.customer_request.details import team_lines
from alma_widget.delivery.config import smtp_problems, smtp_tls
from alma_widget.delivery.failures import Refused, TryLater
from alma_widget.settings import Settings
from alma_widget.storage.tables import OutboxMessage, SupportRequest

# support: the request, to ALMA_SUPPORT_EMAIL; acknowledgement: the customer's copy.
# The name ALMA_DELIVERY gives this channel, the outbox kinds it delivers (the first: what a
# new request queues), and how /admin names them.
NAME = "smtp"
KINDS = ("support", "acknowledgement")
LABELS = {"support": "Mail à l'équipe", "acknowledgement": "Accusé de réception"}
# Customers' own mails (acknowledgement, tracking links) go by SMTP whatever ALMA_DELIVERY
# says: its settings are checked at every start.
ALWAYS_CHECKED = True


def _labels(row: SupportRequest) -> tuple[str, str]:
    return catalog().labels(row.category_id, row.topic_id)


def support_mail(row: SupportRequest, settings: Settings) -> EmailMessage:
    """The request as the support team reads it; the customer's text stays plain text."""
    category, topic = _labels(row)
    mail = EmailMessage(policy=SMTP)
    # Only our own labels and the reference go in headers: customer text never does.
    mail["Subject"] = f"[{row.reference}] {category} – {topic}"
    mail["From"] = settings.mail_from
    mail["To"] = settings.support_email
    mail["Reply-To"] = row.email
    mail["Message-ID"] = make_msgid(idstring=f"{row.reference}.support", domain="alma-widget")
    lines = [
        f"Référence : {row.reference}",
        f"Reçue le : {row.created_at:%Y-%m-%d %H:%M} UTC",
        f"Catégorie : {category}",
        f"Sujet : {topic}",
        f"Email : {row.email}",
        f"Téléphone : {row.phone or '-'}",
        *team_lines(row),
        f"Langue : {row.locale}",
        f"Contexte : {row.widget_context or '-'}",
        f"Marchand : {row.merchant_name or '-'} ({row.merchant_id or '-'})",
        f"Page : {row.page_url or '-'}",
        "",
        "Message :",
        row.message,
    ]
    mail.set_content("\n".join(lines), subtype="plain", charset="utf-8")
    return mail


def customer_mail(
    row: SupportRequest, settings: Settings, *, subject: str, body: str, kind: str
) -> EmailMessage:
    """A plain-text mail to the customer who sent `row`; `kind` marks its Message-ID."""
    mail = EmailMessage(policy=SMTP)
    mail["Subject"] = subject
    mail["From"] = settings.mail_from
    mail["To"] = row.email
    mail["Message-ID"] = make_msgid(idstring=f"{row.reference}.{kind}", domain="alma-widget")
    mail.set_content(body, subtype="plain", charset="utf-8")
    return mail


def acknowledgement_mail(row: SupportRequest, settings: Settings) -> EmailMessage:
    """The customer's copy, in their language: the reference and when to expect an answer."""
    texts = catalog(row.locale).mail
    return customer_mail(
        row,
        settings,
        subject=texts.acknowledgement_subject.format(reference=row.reference),
        body=texts.acknowledgement_body.format(reference=row.reference),
        kind="ack",
    )


def tracking_mail(row: SupportRequest, link: str, locale: str, cfg: Settings) -> EmailMessage:
    """« Suivre une demande »'s one-time link (alma_widget/tracking), in the language the
    customer asked in."""
    texts = catalog(locale).mail
    return customer_mail(
        row,
        cfg,
        subject=texts.tracking_subject.format(reference=row.reference),
        body=texts.tracking_body.format(reference=row.reference, link=link),
        kind="track",
    )


def send(mail: EmailMessage, settings: Settings) -> None:
    """Deliver one mail; raises OSError (a certificate refused included) or
    smtplib.SMTPException when it cannot, Refused when the settings would send the password
    in clear."""
    assert settings.smtp_host is not None
    mode = smtp_tls(settings)
    if settings.smtp_username and mode == "none" and not settings.smtp_allow_plaintext_auth:
        raise Refused("SMTP password over an unencrypted connection")
    # Certificates and host name checked, as a browser would (never an unverified context).
    context = ssl.create_default_context(cafile=settings.smtp_ca_file)
    host, port, timeout = settings.smtp_host, settings.smtp_port, settings.smtp_timeout_seconds
    client = (
        smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        if mode == "tls"
        else smtplib.SMTP(host, port, timeout=timeout)
    )
    with client:
        if mode == "starttls":
            client.starttls(context=context)
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
        client.send_message(mail)


def problems(cfg: Settings) -> list[str]:
    """What stops the start in the SMTP settings, one line each."""
    return smtp_problems(cfg)


def ready(cfg: Settings) -> bool:
    """Mails wait in the outbox until an SMTP server is set."""
    return bool(cfg.smtp_host)


def _describe(exc: BaseException) -> str:
    """The failure's class and SMTP code: enough to diagnose, no personal data."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"


def deliver(
    *, session: Session, request: SupportRequest, message: OutboxMessage, cfg: Settings
) -> None:
    """Send the row's mail; an SMTP server down or refusing for now: TryLater."""
    build = support_mail if message.kind == "support" else acknowledgement_mail
    send_from_outbox(build(request, cfg), cfg)


def send_from_outbox(letter: EmailMessage, cfg: Settings) -> None:
    """Send one mail of an outbox row; an SMTP server down or refusing for now: TryLater."""
    try:
        send(letter, cfg)
    except (OSError, smtplib.SMTPException) as exc:
        raise TryLater(_describe(exc)) from None
