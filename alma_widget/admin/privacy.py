"""Personal data kept only as long as needed (GDPR / CNIL): retention purge and erasure.

    alma-widget-purge                 apply the retention periods (schedule it daily)
    alma-widget-erase EMAIL           remove everything tied to an email address

Both log and print how many rows and files they removed, never their content.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from datetime import datetime, timedelta
from pathlib import Path

import reflex as rx
import sqlalchemy as sa
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlmodel import Session, col, select

from alma_widget.contact.attachments import STORED_NAME
from alma_widget.customer_request.model import clean_email
from alma_widget.delivery.zendesk_erasure import erase_tickets
from alma_widget.help_search.misses import purge_misses
from alma_widget.settings import Settings, settings
from alma_widget.storage.files import FileStore, file_store
from alma_widget.storage.tables import (
    AdminSession,
    Attachment,
    CustomerReply,
    FlowEvent,
    OutboxMessage,
    SupportRequest,
    rows_changed,
    utc_now,
)
from alma_widget.tracking.links import purge_links

logger = logging.getLogger(__name__)


class Retention(BaseSettings):
    """Retention periods in days (ALMA_RETENTION_*); flow events hold no personal data."""

    model_config = SettingsConfigDict(env_prefix="ALMA_RETENTION_", extra="ignore")

    requests_days: int = Field(3 * 365, ge=1)
    attachments_days: int = Field(365, ge=1)
    # Files of forms never sent (abandoned, or refused and left): hours.
    unsent_hours: int = Field(24, ge=1)
    # Counted steps (no personal data): a year of figures and a month to compare with.
    events_days: int = Field(400, ge=1)


@dataclasses.dataclass
class Removed:
    """What a purge or an erasure removed."""

    requests: int = 0
    attachments: int = 0
    replies: int = 0
    files: int = 0
    unsent_files: int = 0
    mails: int = 0
    flow_events: int = 0
    zendesk_tickets: int = 0
    search_misses: int = 0
    admin_sessions: int = 0
    tracking_links: int = 0

    def __str__(self) -> str:
        return (
            f"{self.requests} request(s), {self.replies} answer(s), "
            f"{self.attachments} attachment(s), "
            f"{self.files} file(s), {self.unsent_files} file(s) of forms never sent, "
            f"{self.mails} queued mail(s), {self.flow_events} counted step(s), "
            f"{self.search_misses} search miss(es), {self.zendesk_tickets} Zendesk ticket(s), "
            f"{self.admin_sessions} back-office session(s), "
            f"{self.tracking_links} tracking link(s)"
        )


def _remove_files(rows: list[Attachment], store: FileStore, removed: Removed) -> None:
    for row in rows:
        if store.delete(row.stored_name):
            removed.files += 1


def _remove_unsent_files(session: Session, store: FileStore, before: datetime) -> int:
    """Delete the stored files no request holds that were written before `before`: files
    of forms never sent (a customer who added a file and left)."""
    old = [
        item.name
        for item in store.listing()
        if STORED_NAME.fullmatch(item.name) and item.modified < before
    ]
    if not old:
        return 0
    held = set(
        session.exec(select(Attachment.stored_name).where(col(Attachment.stored_name).in_(old)))
    )
    return sum(store.delete(name) for name in old if name not in held)


def _remove_requests(
    session: Session, requests: list[SupportRequest], store: FileStore, removed: Removed
) -> None:
    ids = [r.id for r in requests]
    if not ids:
        return
    attachments = list(session.exec(select(Attachment).where(col(Attachment.request_id).in_(ids))))
    _remove_files(attachments, store, removed)
    removed.attachments += len(attachments)
    removed.mails += rows_changed(
        session.execute(sa.delete(OutboxMessage).where(col(OutboxMessage.request_id).in_(ids)))
    )
    session.execute(sa.delete(Attachment).where(col(Attachment.request_id).in_(ids)))
    removed.replies += rows_changed(
        session.execute(sa.delete(CustomerReply).where(col(CustomerReply.request_id).in_(ids)))
    )
    # A follow-up kept longer than the request it follows loses only the link.
    session.execute(
        sa.update(SupportRequest)
        .where(col(SupportRequest.follows_up_id).in_(ids))
        .values(follows_up_id=None)
    )
    removed.requests += rows_changed(
        session.execute(sa.delete(SupportRequest).where(col(SupportRequest.id).in_(ids)))
    )


def purge(
    *,
    session: Session,
    now: datetime | None = None,
    retention: Retention | None = None,
    upload_dir: str | Path | None = None,
) -> Removed:
    """Remove requests older than their retention, and older attachments of the others."""
    now = now or utc_now()
    retention = retention or Retention()
    store = file_store(upload_dir)
    removed = Removed()
    old_requests = list(
        session.exec(
            select(SupportRequest).where(
                SupportRequest.created_at < now - timedelta(days=retention.requests_days)
            )
        )
    )
    _remove_requests(session, old_requests, store, removed)
    old_files = list(
        session.exec(
            select(Attachment)
            .join(SupportRequest, col(Attachment.request_id) == col(SupportRequest.id))
            .where(
                col(SupportRequest.created_at) < now - timedelta(days=retention.attachments_days)
            )
        )
    )
    _remove_files(old_files, store, removed)
    removed.attachments += len(old_files)
    if old_files:
        session.execute(
            sa.delete(Attachment).where(col(Attachment.id).in_([a.id for a in old_files]))
        )
    session.commit()
    removed.unsent_files = _remove_unsent_files(
        session, store, now - timedelta(hours=retention.unsent_hours)
    )
    removed.flow_events = rows_changed(
        session.execute(
            sa.delete(FlowEvent).where(
                col(FlowEvent.created_at) < now - timedelta(days=retention.events_days)
            )
        )
    )
    session.commit()
    removed.search_misses = purge_misses(session=session, now=now)
    removed.tracking_links = purge_links(session=session, now=now)
    # Back-office sessions past their age limit are over whatever happened: nothing to keep.
    removed.admin_sessions = rows_changed(
        session.execute(
            sa.delete(AdminSession).where(
                col(AdminSession.created_at) < now - timedelta(hours=settings().admin_session_hours)
            )
        )
    )
    session.commit()
    logger.info("purge removed %s", removed)
    return removed


class HelpDeskUnreachable(RuntimeError):
    """The help desk refused or could not be reached: nothing was removed here either, so the
    erasure can simply be run again."""


def erase(
    *,
    session: Session,
    email: str,
    upload_dir: str | Path | None = None,
    cfg: Settings | None = None,
) -> Removed:
    """Remove every request sent with this email address, with its files and mails, and the
    Zendesk tickets made for them (first: if Zendesk fails, nothing is removed)."""
    address = clean_email(email)
    cfg = cfg or settings()
    store = file_store(upload_dir)
    removed = Removed()
    requests = list(
        session.exec(
            select(SupportRequest).where(sa.func.lower(SupportRequest.email) == address.lower())
        )
    )
    tickets = [r.zendesk_ticket_id for r in requests if r.zendesk_ticket_id is not None]
    if tickets:
        try:
            removed.zendesk_tickets = erase_tickets(cfg, tickets)
        except Exception as exc:
            logger.error("erasure stopped: Zendesk answered %s", type(exc).__name__)
            raise HelpDeskUnreachable(type(exc).__name__) from None
    _remove_requests(session, requests, store, removed)
    session.commit()
    logger.info("erasure removed %s", removed)
    return removed


def purge_main() -> int:
    """Console command: apply the retention periods."""
    with rx.session() as session:
        print(f"Purge : {purge(session=session)} supprimé(s).")
    return 0


def erase_main(argv: list[str] | None = None) -> int:
    """Console command: erase everything tied to one email address."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage : alma-widget-erase ADRESSE_EMAIL", file=sys.stderr)
        return 2
    try:
        with rx.session() as session:
            removed = erase(session=session, email=args[0])
    except ValueError:
        print("Adresse email invalide : rien n'a été supprimé.", file=sys.stderr)
        return 2
    except HelpDeskUnreachable as exc:
        print(
            f"Zendesk n'a pas supprimé les tickets ({exc}) : rien n'a été supprimé ; "
            "relancez la commande plus tard.",
            file=sys.stderr,
        )
        return 1
    print(f"Effacement : {removed} supprimé(s).")
    return 0
