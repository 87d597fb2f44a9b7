"""« Répondre » under an opened request: what the customer writes and attaches, then sends.

Only the request the server opened (MyRequestsState.opened: the signed-in customer's own, or
the one a tracking link opened) is answered, found again in the database by who the server
knows the customer is; the page names nothing. The answer is stored before anything else
(conversation/answering.py) and shows in the conversation at once, « En cours d'envoi »
until the outbox has put it on the ticket.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import reflex as rx
from pydantic_core import PydanticCustomError
from sqlalchemy.exc import SQLAlchemyError

from alma_widget import rate_limits as abuse
from alma_widget.contact.uploads import (
    claim_files,
    drop_files,
    hold_files,
    remove_from,
    stored_files,
    take_into,
)
from alma_widget.content.loading import catalog
from alma_widget.content.models import Catalog
from alma_widget.conversation.answering import Answered, NotAnswerable, RateLimited, store_answer
from alma_widget.customer_request.model import clean_answer
from alma_widget.flow.state import WidgetState
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.page_calls import focus

logger = logging.getLogger(__name__)

ANSWER_FIELD = "answer-message"
ANSWER_STATUS = "answer-status"
ANSWER_UPLOAD = "answer-attachments"
# An answer is read in full by an agent: the contact form's limit, with slack for pasting.
_MAX_TYPED = 6000


def refusal_text(exc: PydanticCustomError, content: Catalog) -> str:
    """A validation refusal in the customer's language (the content's [errors])."""
    template = getattr(content.errors, exc.type, content.errors.invalid)
    return template.format(**(exc.context or {}))


def _store(**given: Any) -> Answered:
    with rx.session() as session:
        return store_answer(session=session, **given)


class AnswerState(WidgetState):  # pragma: no mutate block
    """The answer form of the opened request."""

    # Files accepted for this answer (as the contact form's), not yet sent; held out of a
    # new connection's snapshot as the contact form's are (contact/uploads.py).
    files: list[dict[str, str]] = []
    _held_files: list[dict[str, str]] = []
    _files_key: str = ""
    # "answer": the message's refusal; "attachments"; "form": the whole answer's.
    errors: dict[str, str] = {}
    sending: bool = False
    # What became of the last answer (sent, or the follow-up's reference), said once.
    done: str = ""
    # Bumped once an answer is stored: the field remounts empty.
    generation: int = 0
    # The request this form answers (the page shows what is said above only under it).
    for_reference: str = ""
    # One key per answer being written: a replay of « Envoyer » stores it once.
    _submission_key: str = ""

    def forget_at_connection(self) -> None:
        """The files wait for their page's key (alma_widget/web/connection_guard.py)."""
        hold_files(self)

    def _key(self) -> str:
        self._submission_key = self._submission_key or uuid.uuid4().hex
        return self._submission_key

    @rx.event
    async def send(self, form_data: Any):
        requests = await self.get_state(MyRequestsState)
        reference = requests.opened.get("reference", "")
        if not (reference and requests.can_answer) or self.sending:
            return
        await self._follow(reference)
        flow = await self.get_state(WidgetState)
        content = catalog(flow.language)
        customer_id = await requests.answerer()
        if customer_id is None:
            self.errors, self.done = {"form": content.requests.answer_signed_out}, ""
            yield focus(ANSWER_STATUS)
            return
        form_data = form_data if isinstance(form_data, dict) else {}
        typed = form_data.get("answer")
        try:
            message = clean_answer(typed[:_MAX_TYPED] if isinstance(typed, str) else typed)
        except PydanticCustomError as exc:
            self.errors, self.done = {"answer": refusal_text(exc, content)}, ""
            yield focus(ANSWER_FIELD)
            return
        self.sending, self.errors, self.done = True, {}, ""
        yield
        browser = self.router.session
        try:
            answered = await asyncio.to_thread(
                _store,
                reference=reference,
                customer_id=customer_id or None,
                message=message,
                submission_key=self._key(),
                files=stored_files(self.files),
                rate_limit=lambda: abuse.refusal(
                    session_token=browser.client_token, client_ip=browser.client_ip
                ),
            )
        except RateLimited as exc:
            self.errors = {"form": getattr(content.errors, str(exc))}
        except (NotAnswerable, SQLAlchemyError) as exc:
            # The class only: a driver's message can quote the answer.
            logger.warning("answer not stored: %s", type(exc).__name__)
            self.errors = {"form": content.requests.answer_failed}
        else:
            self._answered(answered, content)
            await requests.refresh()  # « En cours » again, no longer « résolue »
        self.sending = False
        yield focus(ANSWER_STATUS)
        if not self.errors:
            yield MyRequestsState.load_thread

    def _answered(self, answered: Answered, content: Catalog) -> None:
        texts = content.requests
        self.files, self._held_files, self._submission_key = [], [], ""
        self.generation += 1
        if answered.follow_up:
            self.done = texts.follow_up_done.format(reference=answered.follow_up)
        else:
            self.done = texts.answer_done

    @rx.event
    async def add_files(self, uploads: list[rx.UploadFile], key: Any = ""):
        """The contact form's checks on each file (type by content, size, count, rate)."""
        requests = await self.get_state(MyRequestsState)
        reference = requests.opened.get("reference", "")
        if not (reference and requests.can_answer):
            return
        await self._follow(reference)
        flow = await self.get_state(WidgetState)
        await take_into(self, uploads, flow.language, key)

    @rx.event
    async def files_again(self, key: Any):
        """At each connection, the page that chose the files hands its key over again."""
        await claim_files(self, key)

    @rx.event
    async def remove_file(self, stored_name: Any):
        """Take a file back: deleted at once; only one of this answer."""
        await remove_from(self, stored_name)

    async def _follow(self, reference: str) -> None:
        """The form belongs to one request: another one opened starts it afresh, and the
        files added under the previous one, never sent, are deleted."""
        if reference == self.for_reference:
            return
        await drop_files(self)
        self.errors, self.done, self._submission_key = {}, "", ""
        self.for_reference = reference
