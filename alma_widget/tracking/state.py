"""« Suivre une demande »: the form that asks for a link, and the page a link opens."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import reflex as rx
from pydantic_core import PydanticCustomError

from alma_widget import rate_limits as abuse
from alma_widget.content.loading import catalog
from alma_widget.customer_request.model import clean_email
from alma_widget.delivery import mail
from alma_widget.flow.state import WidgetState
from alma_widget.identifiers import REQUEST_REFERENCE
from alma_widget.identity.my_requests import FOCUS_DETAIL, MyRequestsState, described
from alma_widget.page_calls import focus
from alma_widget.settings import settings
from alma_widget.storage.tables import utc_now
from alma_widget.tracking import links as tracking

logger = logging.getLogger(__name__)
FOCUS_TRACKING = "track-heading"


def _mail_link(reference: str, email: str, locale: str) -> None:
    """In the background: a link, then its mail, when the request exists; nothing said."""
    cfg = settings()
    try:
        with rx.session() as session:
            found = tracking.new_link(
                session=session, reference=reference, email=email, now=utc_now()
            )
            if found is None:
                return
            token, row = found
            letter = mail.tracking_mail(row, tracking.link_address(cfg, locale, token), locale, cfg)
        if not mail.ready(cfg):
            logger.warning("tracking link for %s not mailed: no ALMA_SMTP_HOST", reference)
            return
        mail.send(letter, cfg)
        logger.info("tracking link for %s mailed", reference)
    except Exception as exc:  # the customer was answered already; the class only
        logger.error("tracking link for %s not mailed (%s)", reference, type(exc).__name__)


def _open(token: str, locale: str) -> dict[str, Any] | None:
    with rx.session() as session:
        row = tracking.open_link(session=session, token=token, now=utc_now())
        return None if row is None else described(session, row, catalog(locale))


class TrackingState(WidgetState):  # pragma: no mutate block
    """The form « Suivre une demande » and what it answers."""

    asking: bool = False
    # The one answer, whether or not the request exists.
    sent: bool = False
    errors: dict[str, str] = {}
    _opened_token: str = ""
    # What that link opened, kept on the server only: shown again at each connection whose
    # address carries the same link (the snapshot of a connection never carries it).
    _opened_request: dict = {}

    @rx.event
    def toggle(self):
        self.asking, self.sent, self.errors = not self.asking, False, {}
        return focus(FOCUS_TRACKING if self.asking else "track-link")

    @rx.event
    async def ask(self, form_data: Any):
        flow = await self.get_state(WidgetState)
        content = catalog(flow.language)
        form_data = form_data if isinstance(form_data, dict) else {}
        reference = str(form_data.get("reference") or "").strip().upper()[:32]
        errors = {}
        if not re.fullmatch(REQUEST_REFERENCE, reference):
            errors["reference"] = content.requests.track_reference_invalid
        try:
            email = clean_email(form_data.get("email"))
        except PydanticCustomError as exc:
            errors["email"] = getattr(content.errors, exc.type)
        self.errors, self.sent = errors, False
        if errors:
            return focus("track-reference" if "reference" in errors else "track-email")
        browser = self.router.session
        if abuse.tracking_refused(
            session_token=browser.client_token,
            client_ip=browser.client_ip,
            reference=reference,
            email=email,
        ):
            self.errors = {"form": content.requests.track_too_many}
            return focus("track-answer")
        # Not awaited: the answer takes the same time whether or not a mail leaves.
        asyncio.get_running_loop().run_in_executor(
            None, _mail_link, reference, email, flow.language
        )
        self.sent = True
        return focus("track-answer")

    async def open_from_link(self, token: str, locale: str) -> list:
        """The page was opened from a tracking link (HostState.load_context): the request,
        once; a link used, expired or unknown says so and offers the form again. The tab
        that opened it keeps the request across reloads and reconnections (same token)."""
        if not token:
            return []
        if token == self._opened_token:
            if self._opened_request:
                (await self.get_state(MyRequestsState)).show_tracked(dict(self._opened_request))
                return [MyRequestsState.load_thread]
            return []
        self._opened_token = token
        found = await asyncio.to_thread(_open, token[:128], locale)
        self._opened_request = dict(found or {})
        if found is None:
            self.asking = True
            self.errors = {"form": catalog(locale).requests.track_link_unusable}
            return [focus("track-answer")]
        self.asking, self.sent, self.errors = False, False, {}
        (await self.get_state(MyRequestsState)).show_tracked(found)
        return [focus(FOCUS_DETAIL), MyRequestsState.load_thread]
