"""A local Zendesk Support API for the tests: the part of the contract the widget uses.

Follows Zendesk's documentation (developer.zendesk.com, Support API):
- API token authentication: HTTP Basic « {email}/token:{token} », else 401
  {"error": "Couldn't authenticate you"};
- POST /api/v2/uploads.json?filename=…, the file as the body: 201 {"upload": {"token": …}};
- POST /api/v2/tickets.json {"ticket": {…}}: 201 {"ticket": {"id": …}} with a Location;
  invalid: 422 {"error": "RecordInvalid", "description": …, "details": …};
  Idempotency-Key: the same key and payload replays the first answer (header
  x-idempotency-lookup: hit), another payload gets 400 {"error": "IdempotentRequestError"};
- GET /api/v2/tickets.json?external_id=…: {"tickets": […], "count": n};
- GET /api/v2/tickets/{id}.json: {"ticket": …};
- PUT /api/v2/tickets/{id}.json {"ticket": {"status", "comment": {body, public, author_id,
  uploads}, "additional_tags", "metadata"}}: 200 {"ticket": …}; the update's metadata is the
  new comment's metadata.custom; a closed ticket takes no update (422);
- GET /api/v2/tickets/{id}/comments.json?include=users&per_page=…&page=…: {"comments": […],
  "users": […], "next_page": absolute URL or null, "count": n}; the first comment is the
  ticket's description; `add_comment` adds the team's replies (public) and internal notes
  (public: false), and the customer's own comments;
- POST /api/v2/users/create_or_update.json {"user": {name, email and/or external_id}}: the
  user found by external_id, else by email, updated (200), else created (201); {"user": {"id"…}};
  a ticket's requester_id must name a user;
- a comment's attachments carry id, file_name, content_type, size and content_url, and
  GET /attachments/token/{token}/ answers the file's bytes;
- 429 with Retry-After (seconds) when rate limited;
- webhooks: `change_status` sets a ticket's status and posts the ticket event
  (`zen:event-type:ticket.status_changed`) to the widget, signed as Zendesk signs
  (base64 HMAC-SHA256 of timestamp + body, X-Zendesk-Webhook-Signature[-Timestamp]);
  `post_event` sends any body with any timestamp or signature (replays, stale, forged).
Faults are queued per route (`fail_next`): an answer instead of the real one, or the real work
done and the answer held back longer than the client waits (a timeout after the write).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.smtp import free_port

EMAIL = "api@alma.test"
TOKEN = "zd-test-token-0123456789"
WEBHOOK_SECRET = "zd-webhook-signing-secret-0123456789abcdef"
STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
# What a file named in `add_comment` holds: a PNG's signature and a little more.
FILE_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(64)


@dataclass(frozen=True)
class Received:
    """One request as it arrived: route ("POST /api/v2/tickets.json"), when, every header
    (names in lower case), so tests assert what the widget sent, not what this server did."""

    route: str
    at: float
    headers: dict[str, str]


@dataclass
class Fault:
    """status: answer with it (and `headers`, `body`) and do nothing; or `hold` seconds:
    do the work, then wait that long before answering; or `drop`: do the work, then drop
    the connection in the middle of the answer."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)
    hold: float = 0
    drop: bool = False


class _Dropped(Response):
    """An answer cut short: its start and a piece of its body, then the connection closes
    (the server raises mid-answer; the client sees a protocol error, not a status)."""

    async def __call__(self, scope, receive, send) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"ticket": {', "more_body": True})
        raise ConnectionAbortedError("the answer is lost on its way (a test fault)")


class LocalZendesk:
    """The server and what it holds; start() / stop(), or a context manager."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tickets: list[dict[str, Any]] = []
        self.uploads: dict[str, dict[str, Any]] = {}  # token: what Zendesk says of the file
        self.files: dict[str, bytes] = {}  # token: the bytes received
        self._ids = itertools.count(1000)  # never reused, even after a deletion
        self.users: list[dict[str, Any]] = []
        # The API token's own agent: the author of a comment that names none.
        self.agent_id = 1
        self.deleted: list[dict[str, Any]] = []  # deleted, recoverable for 30 days
        self.purged: list[int] = []  # the ids deleted permanently
        # Every request, in the order they came.
        self.requests: list[Received] = []
        self._faults: dict[str, list[Fault]] = {}
        self._replays: dict[str, tuple[str, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._app = Starlette(
            routes=[
                Route("/api/v2/tickets.json", self._tickets, methods=["GET", "POST"]),
                Route("/api/v2/uploads.json", self._upload, methods=["POST"]),
                Route("/api/v2/users/create_or_update.json", self._user, methods=["POST"]),
                Route(
                    "/api/v2/tickets/{id:int}.json", self._ticket, methods=["GET", "PUT", "DELETE"]
                ),
                Route("/api/v2/tickets/{id:int}/comments.json", self._comments, methods=["GET"]),
                Route("/api/v2/deleted_tickets/{id:int}.json", self._purge, methods=["DELETE"]),
                Route("/attachments/token/{token}/", self._download, methods=["GET"]),
            ]
        )
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def settings(self) -> dict[str, str]:
        """The widget's settings (ALMA_*) pointing at this server."""
        return {
            "delivery": "zendesk",
            "zendesk_url": self.url,
            "zendesk_email": EMAIL,
            "zendesk_api_token": TOKEN,
            "zendesk_ticket_form_id": "9480301136156",
            "zendesk_field_ids": "category:101,topic:102,order_reference:103,merchant:104",
            "zendesk_webhook_secret": WEBHOOK_SECRET,
        }

    def status_event(self, ticket: dict[str, Any], current: str, at: datetime) -> bytes:
        """The body Zendesk sends when `ticket`'s status becomes `current` at `at`."""
        event = {
            "account_id": 1,
            "detail": {
                "id": str(ticket["id"]),
                "external_id": ticket.get("external_id"),
                "status": current.upper(),
                "subject": ticket.get("subject"),
            },
            "event": {"current": current.upper(), "previous": ticket["status"].upper()},
            "id": uuid.uuid4().hex,
            "subject": f"zen:ticket:{ticket['id']}",
            "time": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "type": "zen:event-type:ticket.status_changed",
            "zendesk_event_version": "2022-11-06",
        }
        return json.dumps(event).encode()

    def change_status(
        self, ticket: dict[str, Any], current: str, webhook_url: str, at: datetime | None = None
    ) -> tuple[int, bytes]:
        """An agent changes the ticket's status: Zendesk posts the signed event; returns the
        widget's status code and the body sent (to replay it)."""
        body = self.status_event(ticket, current, at or datetime.now(UTC))
        ticket["status"] = current
        return self.post_event(webhook_url, body), body

    def comment_event(self, ticket: dict[str, Any], comment: dict[str, Any]) -> bytes:
        """The body Zendesk sends when `comment` is added to `ticket` (Comment added)."""
        author = next((u for u in self.users if u["id"] == comment["author_id"]), {})
        event = {
            "account_id": 1,
            "detail": {
                "id": str(ticket["id"]),
                "external_id": ticket.get("external_id"),
                "status": str(ticket["status"]).upper(),
                "subject": ticket.get("subject"),
            },
            "event": {
                "comment": {
                    "id": str(comment["id"]),
                    "body": comment["body"],
                    "is_public": comment["public"],
                    "author": {
                        "id": str(comment["author_id"]),
                        "is_staff": author.get("role") == "agent",
                        "name": author.get("name", ""),
                    },
                }
            },
            "id": uuid.uuid4().hex,
            "subject": f"zen:ticket:{ticket['id']}",
            "time": comment["created_at"],
            "type": "zen:event-type:ticket.comment_added",
            "zendesk_event_version": "2022-11-06",
        }
        return json.dumps(event).encode()

    def reply(
        self, ticket: dict[str, Any], body: str, webhook_url: str, **comment
    ) -> tuple[int, bytes]:
        """A comment added (add_comment's arguments), then Zendesk's signed Comment added
        event posted to the widget; the widget's status code and the body (to replay it)."""
        added = self.add_comment(ticket, body, **comment)
        event = self.comment_event(ticket, added)
        return self.post_event(webhook_url, event), event

    def post_event(
        self,
        webhook_url: str,
        body: bytes,
        timestamp: str | None = None,
        signature: str | None = None,
    ) -> int:
        """Post a webhook body as Zendesk does; timestamp and signature as given, else right."""
        timestamp = timestamp or datetime.now(UTC).isoformat(timespec="seconds").replace(
            "+00:00", "Z"
        )
        if signature is None:
            digest = hmac.new(
                WEBHOOK_SECRET.encode(), timestamp.encode() + body, hashlib.sha256
            ).digest()
            signature = base64.b64encode(digest).decode()
        response = httpx.post(
            webhook_url,
            content=body,
            headers={
                "Content-Type": "application/json",
                "X-Zendesk-Webhook-Signature": signature,
                "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
            },
            timeout=10,
        )
        return response.status_code

    def start(self) -> LocalZendesk:
        """Listen (again, after stop(): same port, same tickets)."""
        config = uvicorn.Config(self._app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise AssertionError("the local Zendesk did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> LocalZendesk:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _new_comment(
        self, author_id: int | None, body: str, *, public: bool, attachments: list | None = None
    ) -> dict[str, Any]:
        return {
            "id": next(self._ids),
            "type": "Comment",
            "author_id": author_id,
            "body": body,
            "plain_body": body,
            "public": public,
            "attachments": [
                {
                    "id": a["id"],
                    "file_name": a["file_name"],
                    "content_type": a.get("content_type", ""),
                    "size": a.get("size", 0),
                    # Zendesk's own address for the file (authenticated downloads).
                    "content_url": f"{self.url}/attachments/token/{a['token']}/"
                    f"?name={a['file_name']}",
                }
                for a in attachments or []
            ],
            "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        }

    def seed_ticket(self, reference: str, customer_id: str, body: str) -> dict[str, Any]:
        """A ticket as the widget creates one, for `customer_id` (an end user)."""
        with self._lock:
            user = {"id": next(self._ids), "name": "Client", "external_id": customer_id}
            self.users.append(user)
            ticket = {
                "id": next(self._ids),
                "external_id": reference,
                "requester_id": user["id"],
                "status": "new",
                "comment": {"body": body},
                "attachments": [],
            }
            ticket["comments"] = [self._new_comment(user["id"], body, public=True)]
            self.tickets.append(ticket)
        return ticket

    def add_comment(
        self,
        ticket: dict[str, Any],
        body: str,
        *,
        public: bool = True,
        agent: str | None = "Julie Martin",
        files: tuple[str | tuple[str, bytes], ...] = (),
    ) -> dict[str, Any]:
        """A comment on `ticket`: by the agent named `agent` (an internal note when not
        `public`), or by its requester when `agent` is None; its files by name (a small PNG
        each) or as (name, bytes)."""
        with self._lock:
            if agent is None:
                author_id = ticket.get("requester_id")
            else:
                agents = [u for u in self.users if u.get("role") == "agent"]
                user = next((u for u in agents if u.get("name") == agent), None)
                if user is None:
                    user = {"id": next(self._ids), "name": agent, "role": "agent"}
                    user |= {"external_id": None, "email": None}
                    self.users.append(user)
                author_id = user["id"]
            named = [(f, FILE_BYTES) if isinstance(f, str) else f for f in files]
            comment = self._new_comment(
                author_id,
                body,
                public=public,
                attachments=[self._keep_file(name, data, "") for name, data in named],
            )
            ticket["comments"].append(comment)
        return comment

    def fail_next(self, method_path: str, *faults: Fault) -> None:
        """Queue faults for "POST /api/v2/tickets.json" (or another route), in order."""
        with self._lock:
            self._faults.setdefault(method_path, []).extend(faults)

    def _next_fault(self, request: Request) -> Fault | None:
        with self._lock:
            route = f"{request.method} {request.url.path}"
            self.requests.append(Received(route, time.monotonic(), dict(request.headers)))
            queue = self._faults.get(route) or []
            return queue.pop(0) if queue else None

    @staticmethod
    def _authenticated(request: Request) -> bool:
        expected = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    async def _answer(self, request: Request, work) -> Response:
        fault = self._next_fault(request)
        if fault is not None and fault.status:
            return JSONResponse(fault.body, status_code=fault.status, headers=fault.headers)
        if not self._authenticated(request):
            return JSONResponse({"error": "Couldn't authenticate you"}, status_code=401)
        response = await work(request)
        if fault is not None and fault.hold:
            await asyncio.sleep(fault.hold)  # the work is done; the answer comes too late
        if fault is not None and fault.drop:
            return _Dropped()  # the work is done; the answer never arrives whole
        return response

    async def _tickets(self, request: Request) -> Response:
        if request.method == "GET":
            return await self._answer(request, self._find)
        return await self._answer(request, self._create)

    async def _find(self, request: Request) -> Response:
        external_id = request.query_params.get("external_id")
        found = [t for t in self.tickets if t["external_id"] == external_id]
        return JSONResponse(
            {"tickets": found, "count": len(found), "next_page": None, "previous_page": None}
        )

    async def _create(self, request: Request) -> Response:
        payload = json.loads(await request.body())
        key = request.headers.get("idempotency-key")
        with self._lock:
            if key and key in self._replays:
                body, first = self._replays[key]
                if body != json.dumps(payload, sort_keys=True):
                    return JSONResponse(
                        {
                            "error": "IdempotentRequestError",
                            "description": "Request parameters do not match the first request",
                        },
                        status_code=400,
                    )
                return JSONResponse(first, status_code=201, headers={"x-idempotency-lookup": "hit"})
            problems = _invalid(payload.get("ticket"), self.uploads, self.users)
            if problems:
                return JSONResponse(
                    {
                        "error": "RecordInvalid",
                        "description": "Record validation errors",
                        "details": problems,
                    },
                    status_code=422,
                )
            ticket = {**payload["ticket"], "id": next(self._ids), "status": "new"}
            ticket["attachments"] = [
                self.uploads[token] for token in ticket["comment"].get("uploads", [])
            ]
            # The description is the ticket's first comment, by its requester.
            ticket["comments"] = [
                self._new_comment(
                    ticket.get("requester_id"),
                    ticket["comment"]["body"],
                    public=True,
                    attachments=ticket["attachments"],
                )
            ]
            self.tickets.append(ticket)
            answer = {"ticket": ticket}
            if key:
                self._replays[key] = (json.dumps(payload, sort_keys=True), answer)
        location = f"{self.url}/api/v2/tickets/{ticket['id']}.json"
        return JSONResponse(answer, status_code=201, headers={"Location": location})

    async def _user(self, request: Request) -> Response:
        async def work(request: Request) -> Response:
            given = (json.loads(await request.body()) or {}).get("user") or {}
            # Zendesk: a name, and an email or an external_id (an end user may have no email).
            bad_email = "email" in given and "@" not in str(given["email"])
            if (
                bad_email
                or not given.get("name")
                or not (given.get("email") or given.get("external_id"))
            ):
                return JSONResponse(
                    {"error": "RecordInvalid", "details": {"email": [{"description": "invalid"}]}},
                    status_code=422,
                )
            with self._lock:
                external_id, email = given.get("external_id"), given.get("email")
                found = [u for u in self.users if external_id and u["external_id"] == external_id]
                found = found or [u for u in self.users if email and u.get("email") == email]
                if found:
                    found[0].update(given)
                    return JSONResponse({"user": found[0]}, status_code=200)
                user = {"id": next(self._ids), "external_id": None, "email": None, **given}
                self.users.append(user)
            return JSONResponse({"user": user}, status_code=201)

        return await self._answer(request, work)

    async def _comments(self, request: Request) -> Response:
        """GET /api/v2/tickets/{id}/comments.json: a page of comments, oldest first."""

        async def work(request: Request) -> Response:
            ticket_id = request.path_params["id"]
            per_page = min(100, int(request.query_params.get("per_page", "100")))
            page = int(request.query_params.get("page", "1"))
            with self._lock:
                found = [t for t in self.tickets if t["id"] == ticket_id]
                if not found:
                    return JSONResponse({"error": "RecordNotFound"}, status_code=404)
                comments = found[0].get("comments", [])
                shown = comments[(page - 1) * per_page : page * per_page]
                authors = {c["author_id"] for c in shown}
                users = [
                    {"id": u["id"], "name": u.get("name", ""), "role": u.get("role", "end-user")}
                    for u in self.users
                    if u["id"] in authors
                ]
            more = page * per_page < len(comments)
            next_page = (
                f"{self.url}/api/v2/tickets/{ticket_id}/comments.json"
                f"?include=users&per_page={per_page}&page={page + 1}"
                if more
                else None
            )
            body = {"comments": shown, "next_page": next_page, "count": len(comments)}
            if request.query_params.get("include") == "users":
                body["users"] = users
            return JSONResponse(body)

        return await self._answer(request, work)

    async def _ticket(self, request: Request) -> Response:
        if request.method == "PUT":
            return await self._answer(request, self._update)
        if request.method == "GET":
            return await self._answer(request, self._show)
        return await self._delete(request)

    async def _show(self, request: Request) -> Response:
        """GET /api/v2/tickets/{id}.json: 200 {"ticket": …} (requester_id, status…)."""
        with self._lock:
            found = [t for t in self.tickets if t["id"] == request.path_params["id"]]
            if not found:
                return JSONResponse({"error": "RecordNotFound"}, status_code=404)
            ticket = {k: v for k, v in found[0].items() if k != "comments"}
        return JSONResponse({"ticket": ticket})

    async def _update(self, request: Request) -> Response:
        """PUT /api/v2/tickets/{id}.json {"ticket": {status, comment {body, public, author_id,
        uploads}, additional_tags, metadata}}: 200 and the ticket; a closed ticket takes no
        update (422), as in Zendesk."""
        ticket_id = request.path_params["id"]
        given = ((json.loads(await request.body()) or {}).get("ticket")) or {}
        with self._lock:
            found = [t for t in self.tickets if t["id"] == ticket_id]
            if not found:
                return JSONResponse({"error": "RecordNotFound"}, status_code=404)
            ticket = found[0]
            if ticket["status"] == "closed" or given.get("status", "open") not in STATUSES:
                return JSONResponse({"error": "RecordInvalid"}, status_code=422)
            comment = given.get("comment")
            if comment is not None:
                problem = self._invalid_comment(comment)
                if problem:
                    return JSONResponse(
                        {"error": "RecordInvalid", "details": {"base": [problem]}}, 422
                    )
                author_id = comment.get("author_id")
                added = self._new_comment(
                    author_id if author_id is not None else self.agent_id,
                    str(comment["body"]),
                    public=comment.get("public", True) is not False,
                    attachments=[self.uploads[t] for t in comment.get("uploads", [])],
                )
                added["metadata"] = {"custom": dict(given.get("metadata") or {})}
                ticket["comments"].append(added)
            if "status" in given:
                ticket["status"] = given["status"]
            tags = ticket.setdefault("tags", [])
            tags += [t for t in given.get("additional_tags", []) if t not in tags]
            answer = {k: v for k, v in ticket.items() if k != "comments"}
        return JSONResponse({"ticket": answer})

    def _invalid_comment(self, comment: Any) -> dict[str, str] | None:
        if not isinstance(comment, dict) or not str(comment.get("body", "")).strip():
            return {"description": "Comment: cannot be blank"}
        author_id = comment.get("author_id")
        if author_id is not None and not any(u["id"] == author_id for u in self.users):
            return {"description": "Author: not found"}
        if any(token not in self.uploads for token in comment.get("uploads", [])):
            return {"description": "Upload not found"}
        return None

    def comments_by(self, ticket: dict[str, Any], author_id: int | None) -> list[dict[str, Any]]:
        """The comments of `ticket` written by this user (the requester: the customer)."""
        with self._lock:
            return [c for c in ticket["comments"] if c["author_id"] == author_id]

    async def _delete(self, request: Request) -> Response:
        """DELETE /api/v2/tickets/{id}.json: 204, the ticket moves to the deleted ones."""

        async def work(request: Request) -> Response:
            ticket_id = request.path_params["id"]
            with self._lock:
                found = [t for t in self.tickets if t["id"] == ticket_id]
                if not found:
                    return JSONResponse({"error": "RecordNotFound"}, status_code=404)
                self.tickets.remove(found[0])
                self.deleted.append(found[0])
            return Response(status_code=204)

        return await self._answer(request, work)

    async def _purge(self, request: Request) -> Response:
        """DELETE /api/v2/deleted_tickets/{id}.json: 200 and a job; gone for good."""

        async def work(request: Request) -> Response:
            ticket_id = request.path_params["id"]
            with self._lock:
                found = [t for t in self.deleted if t["id"] == ticket_id]
                if not found:
                    return JSONResponse({"error": "RecordNotFound"}, status_code=404)
                self.deleted.remove(found[0])
                self.purged.append(ticket_id)
            return JSONResponse({"job_status": {"id": uuid.uuid4().hex, "status": "queued"}})

        return await self._answer(request, work)

    async def _upload(self, request: Request) -> Response:
        return await self._answer(request, self._store_upload)

    async def _store_upload(self, request: Request) -> Response:
        data = await request.body()
        name = request.query_params.get("filename", "")
        if not name:
            return JSONResponse({"error": "InvalidValue"}, status_code=422)
        with self._lock:
            kept = self._keep_file(name, data, request.headers.get("content-type", ""))
        token = kept["token"]
        return JSONResponse({"upload": {"token": token, "attachment": {"file_name": name}}}, 201)

    def _keep_file(self, name: str, data: bytes, content_type: str) -> dict[str, Any]:
        """A file Zendesk holds (an upload, an attachment): its token, id and bytes."""
        token = f"upload-{len(self.uploads) + 1}"
        self.uploads[token] = {
            "token": token,
            "id": next(self._ids),
            "file_name": name,
            "content_type": content_type,
            "size": len(data),
        }
        self.files[token] = data
        return self.uploads[token]

    async def _download(self, request: Request) -> Response:
        """GET /attachments/token/{token}/?name=…: the file's bytes (authenticated)."""

        async def work(request: Request) -> Response:
            data = self.files.get(request.path_params["token"])
            if data is None:
                return JSONResponse({"error": "RecordNotFound"}, status_code=404)
            return Response(data, media_type="application/octet-stream")

        return await self._answer(request, work)


def _invalid(
    ticket: Any, uploads: dict[str, Any], users: list[dict[str, Any]]
) -> dict[str, list[dict[str, str]]]:
    """What Zendesk would refuse in a new ticket (the checks the widget's tickets meet)."""
    problems: dict[str, list[dict[str, str]]] = {}
    if not isinstance(ticket, dict):
        return {"base": [{"description": "Ticket missing"}]}
    comment = ticket.get("comment") or {}
    if not str(comment.get("body", "")).strip():
        problems["description"] = [{"description": "Description: cannot be blank"}]
    requester = ticket.get("requester") or {}
    if "requester_id" in ticket:
        if not any(user["id"] == ticket["requester_id"] for user in users):
            problems["requester"] = [{"description": "Requester: not found"}]
    elif "@" not in str(requester.get("email", "")) or not requester.get("name"):
        problems["requester"] = [{"description": "Requester: Email is invalid"}]
    for token in comment.get("uploads", []):
        if token not in uploads:
            problems["uploads"] = [{"description": f"Upload {token} not found"}]
    for custom in ticket.get("custom_fields", []):
        if not isinstance(custom.get("id"), int):
            problems["custom_fields"] = [{"description": "Custom field id must be a number"}]
    return problems
