"""« Suivre une demande » for someone not signed in: the reference and the address that sent
it earn a one-time link, mailed to that address, valid 30 minutes.

The answer on screen is the same whether or not such a request exists, and the mail leaves
in the background, so neither the words nor the time tell. Only the token's SHA-256 is
stored; the link opens the request once (alma_widget/embedding/host_state.py).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlmodel import Session, col, select

from alma_widget.settings import Settings
from alma_widget.storage.tables import SupportRequest, TrackingLink, as_utc, rows_changed

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(minutes=30)
# The query parameter of the widget's page that carries a link's token.
TRACKING_PARAMETER = "suivi"


def token_digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(
    *,
    session: Session,
    reference: str,
    email: str,
    now: datetime,
    lifetime: timedelta = LINK_LIFETIME,
) -> tuple[str, SupportRequest] | None:
    """A fresh token and its request, when a request (not spam) has this reference and this
    address; None otherwise. The address is compared case-insensitively. `lifetime`: 30
    minutes for « Suivre une demande »; the satisfaction mail's lasts as long as its question."""
    row = session.exec(
        select(SupportRequest).where(
            SupportRequest.reference == reference, col(SupportRequest.is_spam).is_(False)
        )
    ).first()
    if row is None or row.email.casefold() != email.casefold():
        return None
    token = secrets.token_urlsafe(32)
    session.add(
        TrackingLink(
            token_hash=token_digest(token),
            reference=row.reference,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.commit()
    return token, row


def open_link(*, session: Session, token: str, now: datetime) -> SupportRequest | None:
    """The request of a link not used yet and not expired, the link now used; else None.
    Two tabs opening one link at once: one gets the request (a conditional update)."""
    if not token or len(token) > 128:
        return None
    link = session.get(TrackingLink, token_digest(token))
    if link is None or link.used_at is not None or as_utc(link.expires_at) <= now:
        return None
    used = session.execute(
        sa.update(TrackingLink)
        .where(col(TrackingLink.token_hash) == link.token_hash, col(TrackingLink.used_at).is_(None))
        .values(used_at=now)
    )
    session.commit()
    if rows_changed(used) != 1:
        return None
    return session.exec(
        select(SupportRequest).where(SupportRequest.reference == link.reference)
    ).first()


def purge_links(*, session: Session, now: datetime) -> int:
    """Remove the links past their time (used or not): nothing of them is worth keeping."""
    removed = session.execute(sa.delete(TrackingLink).where(col(TrackingLink.expires_at) <= now))
    session.commit()
    return rows_changed(removed)


def link_address(cfg: Settings, locale: str, token: str) -> str:
    """The widget's own page (ALMA_PUBLIC_URL), never an address a request named."""
    return f"{cfg.public_url}/{locale}/?{urlencode({TRACKING_PARAMETER: token})}"
