"""Signing in and out of the back office: plain form posts, answered by a redirect to /admin.

    POST /admin/session       user, password   → the session's cookie (admin/sessions.py)
    POST /admin/session/end                    → the session ended, the cookie forgotten

A post from another origin is refused (403): nobody signs an agent in or out from elsewhere.
Failed sign-ins are limited per address and per (agent, address), slowed down per agent
(alma_widget/rate_limits.py); the password is checked by scrypt in a thread. The redirect's
`?connexion=` names what happened, in the words AdminState shows (NOTICES).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from urllib.parse import parse_qs

import reflex as rx
from sqlmodel import Session

from alma_widget import rate_limits as abuse
from alma_widget.admin import agents, sessions
from alma_widget.web.client_address import client_ip
from alma_widget.web.headers import served_over_https
from alma_widget.web.request_body import read_body, request_headers

SIGN_IN_PATH = "/admin/session"
SIGN_OUT_PATH = "/admin/session/end"
# What the page says after each redirect (`?connexion=`).
NOTICES = {
    "refusee": "Identifiant ou mot de passe incorrect.",
    "trop": "Trop de tentatives : réessayez dans une minute.",
    "desactive": "Back office désactivé : aucun agent (alma-widget-agent add) ni "
    "ALMA_ADMIN_PASSWORD_HASH.",
    "indisponible": "Base de données indisponible : réessayez.",
    "sortie": "Déconnecté.",
    "expiree": "Session expirée : reconnectez-vous.",
}
_FORM_LIMIT = 2048
# Opens a database session (Reflex's rx.session in the app).
Database = Callable[[], Session]

logger = logging.getLogger(__name__)


def _same_origin(scope) -> bool:
    headers = request_headers(scope)
    origin = headers.get("origin")
    if origin is None:  # browsers send it with every POST; a missing one is not a browser's
        return False
    scheme = "https" if served_over_https(scope) else "http"
    return origin == f"{scheme}://{headers.get('host', '')}"


async def _redirect(send, notice: str = "", cookie: str | None = None) -> None:
    location = f"/admin?connexion={notice}" if notice else "/admin"
    headers = [(b"location", location.encode()), (b"cache-control", b"no-store")]
    if cookie is not None:
        headers.append((b"set-cookie", cookie.encode()))
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send, status: int) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def _signs_in(database: Database, user: str, password: str) -> bool | None:
    """The agent's password is right (True), wrong (False), or nobody can sign in (None)."""
    with database() as session:
        if not agents.anyone_can_sign_in(session=session):
            return None
        return agents.signs_in(session=session, name=user, password=password)


def _start(database: Database, user: str) -> str:
    with database() as session:
        return sessions.start(session=session, user=user)


def _end(database: Database, token: str) -> None:
    with database() as session:
        sessions.end(session=session, token=token)


async def sign_in(database: Database, scope, receive, send) -> None:
    body = await read_body(receive, _FORM_LIMIT)
    form = parse_qs((body or b"").decode("utf-8", "replace"))
    user = form.get("user", [""])[0][:64]
    password = form.get("password", [""])[0][:256]
    address = client_ip(scope)
    if abuse.sign_in_blocked(user=user, client_ip=address):
        return await _redirect(send, "trop")
    try:
        # scrypt is slow on purpose: in a thread, so this worker's customers never wait on it.
        right = await asyncio.to_thread(_signs_in, database, user, password)
    except Exception as exc:  # the database away: said plainly, nothing started
        logger.error("back-office sign-in not checked (%s)", type(exc).__name__)
        return await _redirect(send, "indisponible")
    if right is None:
        return await _redirect(send, "desactive")
    if not right:
        delay = abuse.sign_in_failed(user=user, client_ip=address)
        if delay:
            await asyncio.sleep(delay)
        logger.warning("back-office sign-in refused")
        return await _redirect(send, "refusee")
    try:
        token = await asyncio.to_thread(_start, database, user)
    except Exception as exc:  # the database away: said plainly, nothing started
        logger.error("back-office session not started (%s)", type(exc).__name__)
        return await _redirect(send, "indisponible")
    logger.info("back-office sign-in for %s", user)
    await _redirect(send, cookie=sessions.set_cookie(token, secure=served_over_https(scope)))


async def sign_out(database: Database, scope, receive, send) -> None:
    token = sessions.token_from(request_headers(scope).get("cookie", ""))
    if token:
        await asyncio.to_thread(_end, database, token)
    await _redirect(send, "sortie", cookie=sessions.set_cookie("", secure=served_over_https(scope)))


def admin_session_endpoint(app, database: Database | None = None):
    """Serve the sign-in and sign-out posts; everything else goes on to `app`. `database`:
    sessions of the app's database (Reflex's) unless given (the tests give theirs)."""
    routes = {SIGN_IN_PATH: sign_in, SIGN_OUT_PATH: sign_out}

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in routes:
            return await app(scope, receive, send)
        if scope["method"] != "POST":
            return await _refuse(send, 405)
        if not _same_origin(scope):
            return await _refuse(send, 403)
        await routes[scope["path"]](database or rx.session, scope, receive, send)

    return wrapped
