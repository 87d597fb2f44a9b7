"""The files of a conversation, downloaded through the widget: never a Zendesk address in the
page, checked like uploads.

The opened request's server state keeps which files its conversation shows (their ticket,
id and name); « Télécharger » asks the server for a link sealed for a few minutes
(web/sealed_links.py) to /conversation-files/<id>. That endpoint finds the file again among
the ticket's **public** comments (an internal note's file is never served, whatever a link
says), reads it from Zendesk with the API token (its own address, or the attachment CDN
Zendesk redirects to, nothing else), and serves it only if it is what uploads may be: a
JPEG, PNG, WebP or PDF by its content, 5 MB at most.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import quote, urlsplit

import httpx

from alma_widget.contact.attachments import MAX_BYTES, AttachmentRefused, check
from alma_widget.conversation.zendesk_comments import TeamFile, thread_of
from alma_widget.delivery.config import zendesk_config
from alma_widget.delivery.zendesk import api_client
from alma_widget.settings import Settings, settings
from alma_widget.web.request_body import query_parameters
from alma_widget.web.sealed_links import opened, sealed

logger = logging.getLogger(__name__)

FILES_PATH = "/conversation-files/"
LINK_SECONDS = 300
# Zendesk serves attachments from the account's address, or redirects to its CDN.
ATTACHMENT_CDN = ".zdusercontent.com"
MAX_REDIRECTS = 3
READ_TIMEOUT_SECONDS = 10.0


class FileUnavailable(Exception):
    """Not a file of the ticket's public comments, unreadable, or not acceptable."""


def download_link(ticket_id: int, file: TeamFile) -> str:
    """A link to one file of the conversation, valid a few minutes."""
    token = sealed({"ticket": ticket_id, "file": file.id, "name": file.name})
    return f"{FILES_PATH}{file.id}?t={token}"


def _public_file(ticket_id: int, file_id: int, cfg: Settings) -> TeamFile:
    comments, fresh = thread_of(ticket_id, cfg)
    if not fresh:
        raise FileUnavailable("thread unreadable")
    for comment in comments:
        for file in comment.attachments:
            if file.id == file_id:
                return file
    raise FileUnavailable("not a public file of the ticket")


def _allowed(address: str, zendesk_host: str) -> bool:
    parts = urlsplit(address)
    host = parts.hostname or ""
    own = parts.netloc == zendesk_host
    return own or (parts.scheme == "https" and host.endswith(ATTACHMENT_CDN))


def _read(client: httpx.Client, address: str, zendesk_host: str) -> bytes:
    """The file's bytes, one past the limit at most, following Zendesk's redirects only to
    its own address or its CDN (httpx drops the credentials on another host)."""
    for _ in range(MAX_REDIRECTS + 1):
        if not _allowed(address, zendesk_host):
            raise FileUnavailable("address outside Zendesk")
        with client.stream("GET", address) as response:
            if response.is_redirect:
                address = str(response.url.join(response.headers.get("location", "")))
                continue
            response.raise_for_status()
            data = b""
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > MAX_BYTES:
                    break
            return data
    raise FileUnavailable("too many redirects")


def fetch(ticket_id: int, file_id: int, name: str, cfg: Settings | None = None):
    """(content type, bytes) of a public file of the ticket, checked like an upload."""
    cfg = cfg or settings()
    file = _public_file(ticket_id, file_id, cfg)
    zendesk = zendesk_config(cfg)
    try:
        with api_client(zendesk) as client:
            client.timeout = httpx.Timeout(min(zendesk.timeout_seconds, READ_TIMEOUT_SECONDS))
            data = _read(client, file.url, urlsplit(zendesk.url).netloc)
        return check(name, data), data
    except AttachmentRefused as exc:
        raise FileUnavailable(exc.code) from None
    except httpx.HTTPError as exc:
        raise FileUnavailable(type(exc).__name__) from None


async def _refuse(send, status: int) -> None:
    body = b"Ce fichier n'est pas disponible."
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def conversation_files(app):
    """Serve /conversation-files/<id> for a link this server sealed; 404 otherwise."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(FILES_PATH):
            return await app(scope, receive, send)
        link = opened(query_parameters(scope), LINK_SECONDS) or {}
        named = scope["path"][len(FILES_PATH) :]
        if not (link.get("ticket") and str(link.get("file")) == named):
            return await _refuse(send, 404)
        name = str(link.get("name") or "piece-jointe")
        try:
            kind, data = await asyncio.to_thread(
                fetch, int(link["ticket"]), int(link["file"]), name
            )
        except FileUnavailable as exc:
            logger.warning("conversation file not served: %s", exc)
            return await _refuse(send, 404)
        headers = [
            (b"content-type", kind.encode()),
            (b"content-disposition", f"attachment; filename*=UTF-8''{quote(name)}".encode()),
            (b"cache-control", b"private, no-store"),
            (b"x-content-type-options", b"nosniff"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return wrapped
