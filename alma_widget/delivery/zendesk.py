"""The Zendesk channel: one ticket per request, through the Support API, exactly once.

Exactly once, under faults: the outbox claims the row (one worker at a time); the create call
carries an Idempotency-Key derived from the reference (Zendesk answers a replay with the
ticket it already created); after an answer that never came (a timeout, a dropped
connection) the ticket is first looked up by its external_id, the reference, before creating
again. Brief trouble (429, 5xx, timeouts, refused connections) is retried within the call by
stamina, 429 after exactly its Retry-After; longer trouble goes back to the outbox, whose
backoff keeps trying for hours. A refusal (400, 401, 403, 404, 422) stops: the row is failed,
with the status and Zendesk's error code, and shows in /admin.
"""

from __future__ import annotations

import httpx
import stamina
from sqlmodel import Session

from alma_widget.delivery.config import ZendeskConfig, named_channels, zendesk_config
from alma_widget.delivery.failures import Refused, TryLater
from alma_widget.delivery.zendesk_ticket import requester, ticket_payload
from alma_widget.settings import Settings
from alma_widget.storage.files import STORE_ERRORS, FileStore, file_store, store_error_name
from alma_widget.storage.queries import attachments_of
from alma_widget.storage.tables import Attachment, OutboxMessage, SupportRequest, key

NAME = "zendesk"
KINDS = ("zendesk",)
LABELS = {"zendesk": "Ticket Zendesk"}
ALWAYS_CHECKED = False
TICKETS = "/api/v2/tickets.json"
UPLOADS = "/api/v2/uploads.json"
# Create Or Update User: found by external_id or email, else created; 200 or 201 {"user"}.
USERS = "/api/v2/users/create_or_update.json"
# Within one delivery: a few quick retries; a longer wait is the outbox's job.
ATTEMPTS = 4
LONGEST_WAIT_IN_CALL = 10.0
CALL_TIMEOUT = 60.0


class Busy(Exception):
    """429: Zendesk said how long to wait."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"HTTP 429, retry after {retry_after:.0f} s")
        self.retry_after = retry_after


class Down(Exception):
    """5xx (or 409, a replay still being processed): worth retrying."""


def ready(cfg: Settings) -> bool:
    """Zendesk delivers when ALMA_DELIVERY names it (its settings are checked at start)."""
    return NAME in named_channels(cfg)


def problems(cfg: Settings) -> list[str]:
    """What stops the start in the Zendesk settings (the token's value never appears)."""
    try:
        zendesk_config(cfg)
    except ValueError as exc:
        return [str(exc)]
    return []


def idempotency_key(reference: str) -> str:
    return f"alma-widget-{reference}"


def _error_code(response: httpx.Response) -> str:
    """Zendesk's error code (« RecordInvalid »...), never its description (it can quote
    the ticket's values)."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, dict):
        error = error.get("title") or error.get("code")
    if not error and isinstance(body.get("errors"), list) and body["errors"]:
        first = body["errors"][0]
        error = first.get("code") or first.get("title") if isinstance(first, dict) else ""
    return str(error or "")[:60]


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "60")))
    except ValueError:
        return 60.0


def checked(response: httpx.Response) -> httpx.Response:
    if response.is_success:
        return response
    if response.status_code == 429:
        raise Busy(_retry_after(response))
    if response.status_code >= 500 or response.status_code == 409:
        raise Down(f"HTTP {response.status_code}")
    raise Refused(f"HTTP {response.status_code} {_error_code(response)}".strip())


def backoff(exc: Exception) -> bool | float:
    """stamina's hook: which failures to retry within the call, and after how long."""
    if isinstance(exc, Busy):
        return exc.retry_after if exc.retry_after <= LONGEST_WAIT_IN_CALL else False
    return isinstance(exc, Down | httpx.TransportError)


def api_client(zendesk: ZendeskConfig) -> httpx.Client:
    """A client of the Support API: its address, the API token, the configured timeout."""
    return httpx.Client(
        base_url=zendesk.url,
        auth=zendesk.auth,
        timeout=httpx.Timeout(zendesk.timeout_seconds),
        headers={"Accept": "application/json"},
    )


def find_ticket(client: httpx.Client, reference: str) -> int | None:
    """The ticket already created for this reference, if any (external_id)."""
    response = checked(client.get(TICKETS, params={"external_id": reference}))
    tickets = response.json().get("tickets") or []
    return int(tickets[0]["id"]) if tickets else None


def upload(client: httpx.Client, data: bytes, name: str, content_type: str) -> str:
    response = client.post(
        UPLOADS,
        params={"filename": name},
        content=data,
        headers={"Content-Type": content_type},
    )
    return str(checked(response).json()["upload"]["token"])


def signed_in_requester(client: httpx.Client, request: SupportRequest) -> int:
    """The Zendesk user of a signed-in customer, their Alma id as its external_id: tickets
    of one customer meet under one user, whatever address they wrote from before.

    Zendesk's create_or_update finds a user by external_id *or* email: an address Alma has
    not verified is left out, so nobody can sign up with another person's address and see
    their tickets joined to that person's user (matched by external_id only)."""
    user = {"external_id": request.customer_id}
    if request.customer_email_verified:
        user["email"] = request.email
    response = client.post(USERS, json={"user": {**user, "name": requester(request)["name"]}})
    return int(checked(response).json()["user"]["id"])


def create_ticket(
    client: httpx.Client,
    request: SupportRequest,
    files: list[Attachment],
    zendesk: ZendeskConfig,
    *,
    store: FileStore,
    look_first: bool,
    follows_up: int | None = None,
) -> int:
    """The ticket id for this request: found, or created once."""
    tokens: dict[str, str] = {}  # uploaded once, even when the ticket call is retried
    user_id: int | None = None  # the signed-in customer's Zendesk user, asked for once
    answer_lost = look_first
    for attempt in stamina.retry_context(
        on=backoff, attempts=ATTEMPTS, timeout=CALL_TIMEOUT, wait_max=LONGEST_WAIT_IN_CALL
    ):
        with attempt:
            if answer_lost and (found := find_ticket(client, request.reference)) is not None:
                return found
            for file in files:
                if file.stored_name not in tokens:
                    data = store.read(file.stored_name)
                    if data is None:
                        raise FileNotFoundError(file.stored_name)
                    tokens[file.stored_name] = upload(
                        client, data, file.original_name, file.content_type
                    )
            if request.customer_id and user_id is None:
                user_id = signed_in_requester(client, request)
            payload = ticket_payload(request, zendesk, list(tokens.values()), user_id, follows_up)
            try:
                response = client.post(
                    TICKETS,
                    json=payload,
                    headers={"Idempotency-Key": idempotency_key(request.reference)},
                )
            except httpx.TransportError:
                answer_lost = True  # the ticket may exist: look before creating again
                raise
            return int(checked(response).json()["ticket"]["id"])
    raise AssertionError("unreachable: stamina returns or raises")


def deliver(
    *, session: Session, request: SupportRequest, message: OutboxMessage, cfg: Settings
) -> None:
    """Create the request's ticket (once) and keep its id on the request."""
    if request.zendesk_ticket_id is not None:
        return  # created, then the worker stopped before marking the row
    zendesk = zendesk_config(cfg)
    files = attachments_of(session=session, request_id=key(request))
    followed = session.get(SupportRequest, request.follows_up_id) if request.follows_up_id else None
    try:
        with api_client(zendesk) as client:
            ticket_id = create_ticket(
                client,
                request,
                files,
                zendesk,
                store=file_store(cfg.attachments_url or cfg.upload_dir),
                look_first=message.attempts > 0,
                follows_up=followed.zendesk_ticket_id if followed else None,
            )
    except Busy as exc:
        raise TryLater(str(exc), retry_after=exc.retry_after) from None
    except Down as exc:
        raise TryLater(str(exc)) from None
    except httpx.TransportError as exc:
        raise TryLater(type(exc).__name__) from None
    except FileNotFoundError as exc:  # an attachment missing from the store
        raise Refused(f"attachment unreadable ({type(exc).__name__})") from None
    except STORE_ERRORS as exc:  # the store unreachable for now (a bucket, a disk)
        raise TryLater(f"attachments unreachable ({store_error_name(exc)})") from None
    request.zendesk_ticket_id = ticket_id
    session.add(request)
