"""Back-office sessions of their own, not the browser's Reflex token (#20.9).

The Reflex token is made in the page with `Math.random`, travels in the websocket's address
and lasts as long as the tab: copied to another machine, it acted as the agent. A session here
starts at sign-in (admin/session_endpoint.py): a token from `secrets`, sent once in an
`HttpOnly; SameSite=Strict` cookie (`Secure` over HTTPS), of which the database keeps only the
SHA-256. It ends at sign-out, after ALMA_ADMIN_SESSION_MINUTES idle, and ALMA_ADMIN_SESSION_HOURS
after it started whatever happens. Every back-office action checks it on the server
(AdminState._guard), from the cookie the websocket was opened with.

The cookie's path is `/`, not `/admin`: the back office talks to the server over Reflex's
websocket at `/_event`, which a cookie scoped to `/admin` would never reach. SameSite=Strict
keeps it from every other site (the widget in a merchant's frame included), HttpOnly from
every script, and no customer handler ever reads it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie

from sqlmodel import Session

from alma_widget.settings import settings
from alma_widget.storage.tables import AdminSession, as_utc, utc_now

COOKIE = "alma_admin"
# Over HTTPS the cookie bears the __Host- prefix: the browser then takes it only from this
# very host, Secure, on path /, so no sibling subdomain can set or shadow it.
HOST_COOKIE = f"__Host-{COOKIE}"


def token_digest(token: str) -> str:
    """What is stored of a session's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(*, session: Session, user: str) -> str:
    """A new session for `user`; its token (for the cookie only, never stored)."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    session.add(
        AdminSession(token_hash=token_digest(token), user=user, created_at=now, last_seen_at=now)
    )
    session.commit()
    return token


def current_user(*, session: Session, token: str, allowed: Callable[[str], bool]) -> str | None:
    """The agent of a live session, its idle time renewed; None if unknown or over.

    `allowed(user)`: whether that user may still work (a disabled agent may not); a session
    whose user may not is ended for good at once."""
    if not token:
        return None
    row = session.get(AdminSession, token_digest(token))
    now, cfg = utc_now(), settings()
    if row is None or row.ended_at is not None:
        return None
    if not allowed(row.user):
        row.ended_at = now
        session.add(row)
        session.commit()
        return None
    if as_utc(row.created_at) + timedelta(hours=cfg.admin_session_hours) <= now:
        return None
    if as_utc(row.last_seen_at) + timedelta(minutes=cfg.admin_session_minutes) <= now:
        return None
    row.last_seen_at = now
    session.add(row)
    session.commit()
    return row.user


def end(*, session: Session, token: str) -> None:
    """Sign-out: the session is over for good, whatever holds its cookie."""
    row = session.get(AdminSession, token_digest(token)) if token else None
    if row is not None and row.ended_at is None:
        row.ended_at = utc_now()
        session.add(row)
        session.commit()


def token_from(cookie_header: str) -> str:
    """The session token in a Cookie header, or ""."""
    try:
        cookies = SimpleCookie(cookie_header or "")
    except CookieError:
        return ""
    morsel = cookies.get(HOST_COOKIE) or cookies.get(COOKIE)
    return morsel.value if morsel is not None else ""


def set_cookie(token: str, *, secure: bool) -> str:
    """The Set-Cookie value that hands `token` to the browser (empty: forget it)."""
    max_age = settings().admin_session_hours * 3600 if token else 0
    name, flags = (HOST_COOKIE, "; Secure") if secure else (COOKIE, "")
    return f"{name}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{flags}"
