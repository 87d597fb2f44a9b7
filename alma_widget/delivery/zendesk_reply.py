"""A customer's answer from the widget, delivered as a public comment on their ticket, once.

`PUT /api/v2/tickets/{id}.json` with `comment: {body, public: true, author_id: the ticket's
requester, uploads}`: the comment is the customer's, as if they had answered the mail. Zendesk
takes no Idempotency-Key on updates, so the answer carries a mark: the update's `metadata`
{"alma_reply": comment_key}, which Zendesk keeps as the comment's `metadata.custom` (shown to
nobody, not even the agent). After an answer that never came (a timeout, a dropped
connection), and on any later attempt of the outbox, the ticket's comments are read first:
a comment with that mark means the answer is there, and nothing is written again. The body
is never compared (a customer may well send the same words twice, on purpose).

A ticket waiting on the customer (`pending`) or solved goes back to `open` with the answer;
a closed one takes no update: refused, and the widget offers a follow-up instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import stamina
from sqlmodel import Session

from alma_widget.delivery import zendesk
from alma_widget.delivery.config import zendesk_config
from alma_widget.delivery.failures import Refused, TryLater
from alma_widget.delivery.zendesk_comment_pages import REPLY_MARK, comment_pages, reply_mark
from alma_widget.settings import Settings
from alma_widget.storage.files import STORE_ERRORS, file_store, store_error_name
from alma_widget.storage.replies import REOPENED_BY_AN_ANSWER, REPLY_KIND, reply_files
from alma_widget.storage.tables import CustomerReply, OutboxMessage, SupportRequest, key

KINDS = (REPLY_KIND,)
LABELS = {REPLY_KIND: "Réponse du client (Zendesk)"}
TICKET = "/api/v2/tickets/{ticket_id}.json"
ready = zendesk.ready


def already_there(client: httpx.Client, ticket_id: int, comment_key: str, origin: str) -> bool:
    """Whether the ticket holds the comment with this mark (a write whose answer was lost)."""
    try:
        comments, _ = comment_pages(client, ticket_id, origin)
    except httpx.HTTPStatusError as exc:
        zendesk.checked(exc.response)  # 429, 5xx: retried like any call; 4xx: refused
        raise
    return any(reply_mark(comment) == comment_key for comment in comments)


def _ticket(client: httpx.Client, ticket_id: int) -> dict[str, Any]:
    response = zendesk.checked(client.get(TICKET.format(ticket_id=ticket_id)))
    ticket: dict[str, Any] = response.json()["ticket"]
    return ticket


def comment_payload(
    reply: CustomerReply, requester_id: int, status: str, tokens: list[str]
) -> dict[str, Any]:
    """The update: the customer's public comment, marked; the ticket reopened if it waited."""
    ticket: dict[str, Any] = {
        "comment": {
            "body": reply.message,
            "public": True,
            "author_id": requester_id,
            "uploads": tokens,
        },
    }
    if status in REOPENED_BY_AN_ANSWER:
        ticket["status"] = "open"
    return {"ticket": ticket}


def write_once(
    client: httpx.Client,
    ticket_id: int,
    mark: str,
    payload_of: Callable[[dict[str, Any], list[str]], dict[str, Any]],
    files: list[Any],
    *,
    cfg: Settings,
    look_first: bool,
) -> None:
    """One update of the ticket carrying `mark` (payload_of(the ticket as it is now, the
    upload tokens of `files`)): found there already, or written once."""
    store = file_store(cfg.attachments_url or cfg.upload_dir)
    tokens: dict[str, str] = {}
    answer_lost = look_first
    for attempt in stamina.retry_context(
        on=zendesk.backoff,
        attempts=zendesk.ATTEMPTS,
        timeout=zendesk.CALL_TIMEOUT,
        wait_max=zendesk.LONGEST_WAIT_IN_CALL,
    ):
        with attempt:
            if answer_lost and already_there(
                client, ticket_id, mark, urlsplit(str(client.base_url)).netloc
            ):
                return
            ticket = _ticket(client, ticket_id)
            if ticket.get("status") == "closed":
                raise Refused("ticket closed")
            for file in files:
                if file.stored_name not in tokens:
                    data = store.read(file.stored_name)
                    if data is None:
                        raise FileNotFoundError(file.stored_name)
                    tokens[file.stored_name] = zendesk.upload(
                        client, data, file.original_name, file.content_type
                    )
            payload = payload_of(ticket, list(tokens.values()))
            payload["ticket"]["metadata"] = {REPLY_MARK: mark}
            try:
                response = client.put(TICKET.format(ticket_id=ticket_id), json=payload)
            except httpx.TransportError:
                answer_lost = True  # the comment may be there: look before writing again
                raise
            zendesk.checked(response)
            return


def update_once(
    *,
    request: SupportRequest,
    cfg: Settings,
    mark: str,
    payload_of: Callable[[dict[str, Any], list[str]], dict[str, Any]],
    files: list[Any],
    look_first: bool,
) -> None:
    """`write_once` on the request's ticket, its failures said as the outbox takes them."""
    if request.zendesk_ticket_id is None:
        # The request's own row creates the ticket; what follows it waits.
        raise TryLater("ticket not created yet")
    try:
        with zendesk.api_client(zendesk_config(cfg)) as client:
            write_once(
                client,
                int(request.zendesk_ticket_id),
                mark,
                payload_of,
                files,
                cfg=cfg,
                look_first=look_first,
            )
    except zendesk.Busy as exc:
        raise TryLater(str(exc), retry_after=exc.retry_after) from None
    except zendesk.Down as exc:
        raise TryLater(str(exc)) from None
    except httpx.TransportError as exc:
        raise TryLater(type(exc).__name__) from None
    except (KeyError, TypeError, ValueError) as exc:  # an answer not understood
        raise TryLater(f"unexpected answer ({type(exc).__name__})") from None
    except FileNotFoundError as exc:
        raise Refused(f"attachment unreadable ({type(exc).__name__})") from None
    except STORE_ERRORS as exc:
        raise TryLater(f"attachments unreachable ({store_error_name(exc)})") from None


def deliver(
    *, session: Session, request: SupportRequest, message: OutboxMessage, cfg: Settings
) -> None:
    """Deliver the answer this row names, once its request's ticket exists."""
    reply = session.get(CustomerReply, message.reply_id) if message.reply_id else None
    if reply is None:
        raise Refused("answer missing")
    update_once(
        request=request,
        cfg=cfg,
        mark=reply.comment_key,
        payload_of=lambda ticket, tokens: comment_payload(
            reply, int(ticket["requester_id"]), str(ticket.get("status")), tokens
        ),
        files=reply_files(session=session, reply_id=key(reply)),
        look_first=message.attempts > 0,
    )
