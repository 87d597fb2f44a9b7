"""« Mes demandes »: a signed-in customer's requests, each with its status in their words.

Read in a thread (the database must not hold the event loop), only by the `customer_id` of
the identity the server checked: nothing the page sends chooses whose requests show.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from alma_widget.content.loading import catalog
from alma_widget.content.models import Catalog
from alma_widget.conversation.answering import answerable, opened_row
from alma_widget.conversation.files import download_link
from alma_widget.conversation.solve import NotSolved, can_be_solved, mark_solved, solve_ticket
from alma_widget.conversation.thread import entries, files_of, with_answers
from alma_widget.conversation.zendesk_comments import TeamFile, conversation_ready, thread_of
from alma_widget.customer_request.details import DETAILS, texts_of
from alma_widget.flow.state import WidgetState
from alma_widget.identity.state import IdentityState
from alma_widget.page_calls import emit, focus
from alma_widget.settings import settings
from alma_widget.storage.queries import (
    attachments_of,
    has_unread_reply,
    mark_replies_read,
    request_by_reference,
    request_of_customer,
    requests_of_customer,
    unread_replies_of_customer,
)
from alma_widget.storage.replies import StoredReply, replies_of
from alma_widget.storage.satisfaction import rating_due
from alma_widget.storage.tables import SupportRequest, key, utc_now

logger = logging.getLogger(__name__)

# Zendesk's ticket statuses (its webhook), then the back office's (mail-only set-ups), in the
# customer's words. « hold » waits on someone else than the customer: in progress to them.
# « answered » in the back office means the team replied and considers it handled.
HELPDESK_WORDS = {
    "new": "received",
    "open": "in_progress",
    "pending": "waiting_for_you",
    "hold": "in_progress",
    "solved": "solved",
    "closed": "closed",
}
BACK_OFFICE_WORDS = {
    "new": "received",
    "in_progress": "in_progress",
    "answered": "solved",
    "closed": "closed",
}
FOCUS_REQUESTS = "my-requests-heading"
SOLVE_BUTTON = "solve-button"
SOLVE_QUESTION = "solve-question"
SOLVE_MESSAGE = "solve-message"
FOCUS_DETAIL = "my-request-heading"


def status_words(row: SupportRequest, content: Catalog) -> str:
    """What the customer reads: the help desk's status when it reported one, else ours."""
    key = HELPDESK_WORDS.get(row.helpdesk_status or "") or BACK_OFFICE_WORDS.get(
        row.status, "received"
    )
    return getattr(content.requests, key)


def summary(row: SupportRequest, content: Catalog) -> dict[str, str]:
    """One line of the list."""
    return {
        "reference": row.reference,
        "topic": content.labels(row.category_id, row.topic_id)[1],
        "sent_on": content.requests.sent_on.format(date=row.created_at.strftime("%d/%m/%Y")),
        "status": status_words(row, content),
        # The team replied since the customer last opened it (Zendesk's comment webhook).
        "new_reply": content.requests.new_reply if has_unread_reply(row) else "",
    }


def _list(customer_id: str, content: Catalog) -> list[dict[str, str]]:
    with rx.session() as session:
        rows = requests_of_customer(session=session, customer_id=customer_id)
        return [summary(row, content) for row in rows]


def described(session, row: SupportRequest, content: Catalog) -> dict[str, Any]:
    """One request opened: its line, what was sent, its files' names (`files`) and its
    Zendesk ticket (`ticket_id`, None in mail-only set-ups), the last two for the server.
    Opening it reads the team's replies: they are no longer new."""
    files = attachments_of(session=session, request_id=key(row))
    if has_unread_reply(row):
        mark_replies_read(session=session, row=row, at=utc_now())
    return {
        **summary(row, content),
        "message": row.message,
        "details": [
            {"label": texts_of(detail, content).label, "value": value}
            for detail in DETAILS
            if (value := getattr(row, detail.name))
        ],
        "files": [file.original_name for file in files],
        "ticket_id": row.zendesk_ticket_id,
        "request_id": row.id,
        "can_solve": can_be_solved(row),
        "can_answer": answerable(row),
        "closed": row.helpdesk_status == "closed",
        "csat_due": rating_due(session=session, row=row, now=utc_now()),
    }


def _solve(reference: str) -> None:
    """The opened request's ticket solved in Zendesk, then here; NotSolved otherwise."""
    with rx.session() as session:
        row = request_by_reference(session=session, reference=reference)
        if row is None or row.zendesk_ticket_id is None or not can_be_solved(row):
            raise NotSolved("not solvable")
        solve_ticket(row.zendesk_ticket_id, settings())
        mark_solved(session=session, row=row)


def _answers(request_id: int) -> list[StoredReply]:
    """The customer's answers under the request (an unreachable store: none shown, the
    conversation read from Zendesk all the same)."""
    try:
        with rx.session() as session:
            return replies_of(session=session, request_id=request_id)
    except SQLAlchemyError as exc:
        logger.warning("answers not read: %s", type(exc).__name__)
        return []


def _reread(reference: str, customer_id: str | None, content: Catalog) -> dict[str, Any] | None:
    with rx.session() as session:
        row = opened_row(session=session, reference=reference, customer_id=customer_id)
        return None if row is None else described(session, row, content)


def unread_count(customer_id: str) -> int:
    """For the host's badge (`replied`): how many requests have a reply not yet opened."""
    with rx.session() as session:
        return unread_replies_of_customer(session=session, customer_id=customer_id)


def _detail(customer_id: str, reference: str, content: Catalog) -> dict[str, Any] | None:
    with rx.session() as session:
        row = request_of_customer(session=session, customer_id=customer_id, reference=reference)
        return None if row is None else described(session, row, content)


class MyRequestsState(WidgetState):  # pragma: no mutate block
    """The list and the request opened from it; empty for anyone not signed in."""

    shown: bool = False
    # Opened from a one-time tracking link (alma_widget/tracking/links.py): that request
    # only, without a list.
    tracked: bool = False
    items: list[dict[str, str]] = []
    # The opened request: summary and message; its details given (customer_request/details.py:
    # label, value) and its files' names apart.
    opened: dict[str, str] = {}
    opened_details: list[dict[str, str]] = []
    opened_files: list[str] = []
    # Its conversation: the public messages after what was sent (conversation/thread.py),
    # and whether Zendesk could not be read just now.
    thread: list[dict[str, str]] = []
    thread_stale: bool = False
    # The files of its messages read from Zendesk (which message, a key, the name); what
    # each key is (its Zendesk id and address) stays on the server.
    thread_files: list[dict[str, str]] = []
    _downloads: dict[str, TeamFile] = {}
    # The opened request's Zendesk ticket and row, and the browser's time zone: server-side.
    _ticket_id: int | None = None
    _request_id: int | None = None
    _time_zone: str = ""
    # « Mon problème est résolu »: offered, being confirmed, and what came of it.
    can_solve: bool = False
    confirming_solve: bool = False
    solve_message: str = ""
    # « Répondre » (conversation/answer_state.py), or « Nouvelle demande liée » when closed.
    can_answer: bool = False
    closed: bool = False
    # « Êtes-vous satisfait de la réponse ? » asked for this resolution (satisfaction_state).
    csat_due: bool = False

    async def _show(self):
        identity = (await self.get_state(IdentityState)).current()
        if identity is None:
            return None
        flow = await self.get_state(WidgetState)
        content = catalog(flow.language)
        self.items = await asyncio.to_thread(_list, identity.customer_id, content)
        self._close_request()
        self.shown = True
        return [focus(FOCUS_REQUESTS), emit("requestsShown", {"count": len(self.items)})]

    @rx.event
    async def show(self):
        """The host's open({ view: "requests" }): the list, fresh."""
        return await self._show()

    @rx.event
    async def toggle(self):
        """The link « Mes demandes »: opens the list, or closes it."""
        if self.shown:
            self.forget()
            return focus("my-requests-link")
        return await self._show()

    @rx.event
    async def open_request(self, reference: Any, time_zone: Any = ""):
        identity = (await self.get_state(IdentityState)).current()
        if identity is None or not isinstance(reference, str):
            return
        flow = await self.get_state(WidgetState)
        found = await asyncio.to_thread(
            _detail, identity.customer_id, reference[:16], catalog(flow.language)
        )
        if found is None:  # not theirs, or gone: nothing to show
            return
        self._time_zone = time_zone if isinstance(time_zone, str) else ""
        self._open(found)
        # Read now: no longer « Nouvelle réponse » in the list it goes back to.
        self.items = [
            {**item, "new_reply": ""} if item["reference"] == found["reference"] else item
            for item in self.items
        ]
        # The request at once; its conversation once Zendesk has answered; the host's badge
        # one reply fewer, if this one was new.
        yield focus(FOCUS_DETAIL)
        unread = await asyncio.to_thread(unread_count, identity.customer_id)
        yield [emit("replied", {"count": unread}), MyRequestsState.load_thread]

    @rx.event
    async def load_thread(self):
        """The opened request's conversation, read from Zendesk off the event loop, with the
        customer's answers it does not show yet."""
        ticket_id, reference = self._ticket_id, self.opened.get("reference")
        if self._request_id is None or not conversation_ready(settings()):
            return
        comments, fresh = [], True
        if ticket_id is not None:
            comments, fresh = await asyncio.to_thread(thread_of, ticket_id)
        answers = await asyncio.to_thread(_answers, self._request_id)
        if self.opened.get("reference") != reference:  # closed or another opened meanwhile
            return
        flow = await self.get_state(WidgetState)
        shown = with_answers(comments, answers)
        self.thread = entries(shown, catalog(flow.language), self._time_zone)
        self.thread_stale = not fresh
        files = files_of(shown)
        self.thread_files = [
            {"entry": str(index), "key": str(file.id), "name": file.name} for index, file in files
        ]
        self._downloads = {str(file.id): file for _, file in files}

    def _open(self, found: dict[str, Any]) -> None:
        self._ticket_id = found.pop("ticket_id", None)
        self._request_id = found.pop("request_id", None)
        self.can_solve = bool(found.pop("can_solve", False))
        self.can_answer = bool(found.pop("can_answer", False))
        self.closed = bool(found.pop("closed", False))
        self.csat_due = bool(found.pop("csat_due", False))
        self.confirming_solve, self.solve_message = False, ""
        self.opened_files = found.pop("files")
        self.opened_details = found.pop("details")
        self.opened = found
        self.thread, self.thread_stale = [], False
        self.thread_files, self._downloads = [], {}

    def _close_request(self) -> None:
        self.opened, self.opened_files, self.thread, self.thread_stale = {}, [], [], False
        self.opened_details = []
        self.thread_files, self._downloads = [], {}
        self._ticket_id = self._request_id = None
        self.can_solve, self.confirming_solve, self.solve_message = False, False, ""
        self.can_answer = self.closed = self.csat_due = False

    @rx.event
    def ask_to_solve(self):
        """Easy to press by mistake: asked to confirm first."""
        if self.can_solve:
            self.confirming_solve = True
            return focus(SOLVE_QUESTION)

    @rx.event
    def cancel_solve(self):
        self.confirming_solve = False
        return focus(SOLVE_BUTTON)

    @rx.event
    async def solve(self):
        """The opened request solved: only the one the server opened (never a reference the
        page sends), and only once the customer confirmed."""
        reference = self.opened.get("reference", "")
        if not (self.can_solve and self.confirming_solve and reference):
            return
        flow = await self.get_state(WidgetState)
        texts = catalog(flow.language).requests
        try:
            await asyncio.to_thread(_solve, reference)
        except NotSolved as exc:
            logger.warning("request not solved: %s", exc)
            self.solve_message = texts.solve_failed
            return focus(SOLVE_MESSAGE)
        self.can_solve = self.confirming_solve = False
        # Solved after the team's reply (can_solve says it replied): how was it?
        self.csat_due = True
        self.opened = {**self.opened, "status": texts.solved}
        self.items = [
            {**item, "status": texts.solved} if item["reference"] == reference else item
            for item in self.items
        ]
        self.solve_message = texts.solve_done
        return focus(SOLVE_MESSAGE)

    async def refresh(self) -> None:
        """The opened request read again after the customer acted on it (an answer reopens a
        solved one): its status, and what it offers now."""
        reference, customer_id = self.opened.get("reference", ""), await self.answerer()
        if not reference or customer_id is None:
            return
        content = catalog((await self.get_state(WidgetState)).language)
        fresh = await asyncio.to_thread(_reread, reference, customer_id or None, content)
        if fresh is None or self.opened.get("reference") != reference:
            return
        self.can_solve, self.can_answer = bool(fresh["can_solve"]), bool(fresh["can_answer"])
        self.closed, self.csat_due = bool(fresh["closed"]), bool(fresh["csat_due"])
        self.opened = {**self.opened, "status": fresh["status"]}
        self.items = [
            {**item, "status": fresh["status"]} if item["reference"] == reference else item
            for item in self.items
        ]

    @rx.event
    def download(self, key: Any):
        """One file of the conversation, through the widget (conversation/files.py): only a
        file the server listed for the opened request."""
        file = self._downloads.get(key) if isinstance(key, str) else None
        if file is None or self._ticket_id is None:
            return None
        return rx.download(url=download_link(self._ticket_id, file), filename=file.name)

    async def answerer(self) -> str | None:
        """Who acts on the opened request (answers, rates it): the signed-in customer's id,
        "" for a tracking link's request, None when neither holds any more (the identity
        expired or was dropped since)."""
        if self.tracked:
            return ""
        identity = (await self.get_state(IdentityState)).current()
        return identity.customer_id if identity is not None else None

    @rx.event
    def back_to_list(self):
        self._close_request()
        return focus(FOCUS_REQUESTS)

    def forget(self) -> None:
        self._close_request()
        self.shown, self.items, self.tracked = False, [], False

    def forget_at_connection(self) -> None:
        """Shown again once the page has proved who it is (alma_widget/web/connection_guard.py):
        the identity sent again, or the tracking link in its address."""
        self.forget()

    def show_tracked(self, found: dict[str, Any]) -> None:
        """The request a tracking link opened (its conversation: `load_thread` next)."""
        self._open(found)
        self.items, self.shown, self.tracked = [], True, True

    @rx.event
    def hide(self):
        self.forget()
        return focus("my-requests-link")
