"""« Êtes-vous satisfait de la réponse ? » under a solved request: asked once per resolution,
only after a real reply of the team, for 28 days (storage/satisfaction.py). « Oui » is the
whole answer; « Non » asks why (a short list) and lets the customer add a word. Stored here,
then on the ticket as a tag and a private note (delivery/zendesk_csat.py)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx
from pydantic_core import PydanticCustomError
from sqlalchemy.exc import SQLAlchemyError

from alma_widget.content.loading import catalog
from alma_widget.conversation.answer_state import refusal_text
from alma_widget.conversation.answering import opened_row
from alma_widget.customer_request.model import clean_answer
from alma_widget.delivery.zendesk import ready as zendesk_delivers
from alma_widget.flow.state import WidgetState
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.page_calls import focus
from alma_widget.settings import settings
from alma_widget.storage.satisfaction import REASONS, add_rating, rating_due
from alma_widget.storage.tables import utc_now

logger = logging.getLogger(__name__)

CSAT_QUESTION = "csat-question"
CSAT_REASONS = "csat-reasons"
CSAT_STATUS = "csat-status"
COMMENT_MAX = 1000


def _store(reference: str, customer_id: str | None, good: bool, reason, comment) -> bool:
    """The rating of the opened request's current resolution; False when not due (rated in
    another tab, or past its 28 days)."""
    with rx.session() as session:
        row = opened_row(session=session, reference=reference, customer_id=customer_id)
        if row is None or not rating_due(session=session, row=row, now=utc_now()):
            return False
        return add_rating(
            session=session,
            row=row,
            good=good,
            reason=reason,
            comment=comment,
            deliver=zendesk_delivers(settings()) and row.zendesk_ticket_id is not None,
        )


class SatisfactionState(WidgetState):  # pragma: no mutate block
    """The question, the reasons on « Non », and what came of it."""

    choosing_reason: bool = False
    # "reason", "comment": what is refused; said beside the field.
    errors: dict[str, str] = {}
    # Thanks, or why it was not kept; for this request only.
    said: str = ""
    for_reference: str = ""

    def _follow(self, reference: str) -> None:
        if reference != self.for_reference:
            self.choosing_reason, self.errors, self.said = False, {}, ""
            self.for_reference = reference

    @rx.event
    async def good(self):
        async for update in self._rate(True, None, None):
            yield update

    @rx.event
    async def bad(self):
        requests = await self.get_state(MyRequestsState)
        self._follow(requests.opened.get("reference", ""))
        if requests.csat_due:
            self.choosing_reason = True
            yield focus(CSAT_REASONS)

    @rx.event
    async def send_bad(self, form_data: Any):
        form_data = form_data if isinstance(form_data, dict) else {}
        flow = await self.get_state(WidgetState)
        content = catalog(flow.language)
        reason = form_data.get("reason")
        typed = str(form_data.get("comment") or "")[:COMMENT_MAX].strip()
        errors = {}
        if reason not in REASONS:
            errors["reason"] = content.requests.csat_reason_required
        comment = None
        if typed:
            try:
                comment = clean_answer(typed)
            except PydanticCustomError as exc:
                errors["comment"] = refusal_text(exc, content)
        self.errors = errors
        if errors:
            yield focus(CSAT_REASONS if "reason" in errors else "csat-comment")
            return
        async for update in self._rate(False, reason, comment):
            yield update

    async def _rate(self, good: bool, reason: str | None, comment: str | None):
        requests = await self.get_state(MyRequestsState)
        reference = requests.opened.get("reference", "")
        self._follow(reference)
        if not (reference and requests.csat_due):
            return
        texts = catalog((await self.get_state(WidgetState)).language).requests
        customer_id = await requests.answerer()
        if customer_id is None:
            self.said = texts.answer_signed_out
            yield focus(CSAT_STATUS)
            return
        try:
            await asyncio.to_thread(_store, reference, customer_id or None, good, reason, comment)
        except SQLAlchemyError as exc:
            logger.warning("rating not stored: %s", type(exc).__name__)
            self.said = texts.csat_failed
            yield focus(CSAT_STATUS)
            return
        # Stored now, or already by another tab: asked no more either way.
        requests.csat_due = False
        self.choosing_reason, self.errors, self.said = False, {}, texts.csat_thanks
        yield focus(CSAT_STATUS)
