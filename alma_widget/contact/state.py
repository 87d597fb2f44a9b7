"""The contact form's state: what was typed, its errors, and the submission."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from alma_widget import metrics
from alma_widget import rate_limits as abuse
from alma_widget.contact import submission
from alma_widget.contact.uploads import (
    claim_files,
    drop_files,
    hold_files,
    remove_from,
    stored_files,
    take_into,
)
from alma_widget.content.loading import catalog
from alma_widget.conversation.reply_time_store import reply_time_now
from alma_widget.customer_request.details import DETAILS
from alma_widget.customer_request.files import FILES_KEY_FIELD
from alma_widget.customer_request.model import CONTACT_FIELDS, ContactRequestIn, field_errors
from alma_widget.flow.snapshot import BROWSER_FLOW_FIELD
from alma_widget.flow.state import WidgetState, apply_transition
from alma_widget.identity.state import IdentityState, when_address_suggested
from alma_widget.page_calls import FOCUS_CATEGORY, connected, emit, focus
from alma_widget.storage.queries import PageContext

logger = logging.getLogger(__name__)

FIELDS = CONTACT_FIELDS
# Long enough for any valid value plus slack; what is longer is cut before it reaches state.
_MAX_TYPED = 6000
FOCUS_CONFIRMATION = "confirmation-heading"


class ContactState(WidgetState):  # pragma: no mutate block
    """The contact form under the help text."""

    # What the customer typed, kept when the form hides (topic changed) or shows errors.
    email: str = ""
    # « Nous répondons en général sous … », computed (refresh_reply_time); "" until then.
    reply_time: str = ""
    phone: str = ""
    message: str = ""
    # And each detail's (customer_request/details.py), added below the class.
    # One French message per invalid field; "form" for the whole request.
    errors: dict[str, str] = {}
    # True while the request is being stored: the button is disabled, progress shown.
    sending: bool = False
    # The public reference shown on the confirmation.
    reference: str = ""
    # Files accepted so far (stored_name, original_name, content_type, size); not yet sent.
    # Held out of a new connection's snapshot until the page proves they are its own
    # (contact/uploads.py: `_held_files`, and the digest of the page's key).
    files: list[dict[str, str]] = []
    _held_files: list[dict[str, str]] = []
    _files_key: str = ""
    # Bumped when the host prefills an open form, so its inputs remount with the values.
    prefill_generation: int = 0
    # Where the widget is embedded and what the host said of its merchant and page, stored
    # with the request (set at each connection by alma_widget.embedding.host_state).
    _page_context: PageContext = PageContext()

    def forget_at_connection(self) -> None:
        """What was typed is the browser's to hand back (assets/client_flow.js keeps it on
        screen and sends it with the request), never a new connection's to read
        (alma_widget/web/connection_guard.py)."""
        for field in FIELDS:
            setattr(self, field, "")
        self.errors = {}
        hold_files(self)

    def _clear_form(self) -> None:
        """Nothing typed, no error, no reference, no file: the form as a new customer finds it."""
        for field in FIELDS:
            setattr(self, field, "")
        self.errors, self.reference, self.files, self._held_files = {}, "", [], []

    @rx.event
    def remember(self, field: Any, value: Any):
        """Keep what was typed in a field (on blur), so nothing is lost."""
        if field in FIELDS and isinstance(value, str):
            setattr(self, field, value[:_MAX_TYPED])

    def _remember_all(self, form_data: dict) -> dict[str, str]:
        typed = {}
        for field in FIELDS:
            value = form_data.get(field, "")
            typed[field] = value[:_MAX_TYPED] if isinstance(value, str) else ""
            setattr(self, field, typed[field])
        return typed

    @rx.event
    async def submit(self, form_data: Any):
        """Validate, store once (idempotent on the submission key), then confirm."""
        flow = await self.get_state(WidgetState)
        if not isinstance(form_data, dict):
            return
        if flow.step != "form":
            # Sent to a server that restarted while the page was offline: the form carries
            # the browser's flow (assets/client_flow.js), walked again with every check.
            flow.restore(form_data.get(BROWSER_FLOW_FIELD))
        if flow.step != "form" or self.sending:
            return
        typed = self._remember_all(form_data)
        # Files held since a connection this page has not claimed yet (contact/uploads.py).
        await claim_files(self, form_data.get(FILES_KEY_FIELD))
        signed_in = await self.get_state(IdentityState)
        identity = signed_in.current()
        if identity is None and signed_in.had_one():
            # Expired while the form was open: sent as nobody's would surprise; say it.
            self.errors = {"form": catalog(flow.language).errors.identity_expired}
            yield focus("form-error-summary")
            return
        if identity is not None and identity.email_verified:
            # The account's address, whatever the page sent: the field is locked.
            typed["email"] = self.email = identity.email
        if not flow.asks_for_order:
            # These are in the page for every category, shown for purchase questions only.
            typed.update({detail.name: "" for detail in DETAILS if detail.purchase_only})
        try:
            request_in = ContactRequestIn.model_validate(
                {**typed, "category_id": flow.category_id, "topic_id": flow.topic_id}
            )
        except ValidationError as exc:
            metrics.request_result("invalid")
            self.errors = field_errors(exc, flow.language)
            first = next(iter(self.errors))
            yield focus("form-error-summary" if first == "form" else f"field-{first}")
            return
        self.errors = {}
        key = flow.submission_key
        honeypot = form_data.get("website")
        is_spam = isinstance(honeypot, str) and honeypot.strip() != ""
        self.sending = True
        yield
        browser = self.router.session
        try:
            reference, refusal = await asyncio.to_thread(
                submission.store_request,
                request_in,
                key,
                is_spam=is_spam,
                locale=flow.language,
                files=stored_files(self.files) if flow.accepts_attachments else [],
                context=self._page_context,
                customer_id=identity.customer_id if identity else None,
                customer_email_verified=identity.email_verified if identity else True,
                rate_limit=lambda: abuse.refusal(
                    session_token=browser.client_token, client_ip=browser.client_ip
                ),
            )
        except Exception as exc:
            # The storage, the rate limiter's Redis, a bug: the customer gets the plain
            # message, the button back and what they typed. The class and SQLSTATE only:
            # driver messages can quote the row (personal data).
            sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
            logger.error("request not stored (%s, sqlstate %s)", type(exc).__name__, sqlstate)
            metrics.request_result("error")
            self.sending = False
            self.errors = {"form": catalog(flow.language).errors.save_failed}
            yield [focus("form-error-summary"), emit("error", {"code": "save_failed"})]
            return
        self.sending = False
        if refusal is not None:
            self.errors = {"form": getattr(catalog(flow.language).errors, refusal)}
            yield focus("form-error-summary")
            return
        self.reference = reference or ""
        apply_transition(flow, lambda f: f.mark_sent())
        logger.info("request %s stored", reference)
        yield [focus(FOCUS_CONFIRMATION), emit("submitted", {"reference": reference})]
        yield ContactState.refresh_reply_time

    @rx.event
    async def refresh_reply_time(self):
        """The expected reply time, now (alma_widget/conversation/reply_time.py): at each
        connection and on the confirmation. A store out of reach leaves the content's own
        sentence, which the page shows until then."""
        flow = await self.get_state(WidgetState)
        try:
            self.reply_time = await asyncio.to_thread(reply_time_now, flow.language)
        except SQLAlchemyError as exc:
            logger.warning("reply time not computed: %s", type(exc).__name__)

    @rx.event
    async def add_files(self, uploads: list[rx.UploadFile], browser_flow: Any = "", key: Any = ""):
        """Check each file on the server (type by content, size, count) and keep the good ones."""
        flow = await self.get_state(WidgetState)
        if flow.step != "form":
            # The upload came by HTTP ahead of the snapshots that open the form: it carries
            # the browser's flow (assets/client_flow.js), walked with every check.
            flow.restore(browser_flow)
        if flow.step != "form" or not flow.accepts_attachments:
            return
        await take_into(self, uploads, flow.language, key)

    @rx.event
    async def files_again(self, key: Any):
        """At each connection, the page that chose the files hands its key over again."""
        await claim_files(self, key)

    @rx.event
    async def remove_file(self, stored_name: Any):
        """Take a file back before sending: it is deleted at once (an ID or an invoice scan
        is not kept for nothing). Only a file of this form: never another one's."""
        await remove_from(self, stored_name)

    @rx.event
    async def not_me(self):
        """« Ce n'est pas vous ? »: the identity and its address go; the form stays open."""
        await (await self.get_state(IdentityState)).forget_customer_data()
        self.email = ""
        self.prefill_generation += 1
        return focus("field-email")

    @rx.event
    async def forget_customer(self):
        """The host's logout() (a shared device): the identity, what was typed, the files not
        sent and the flow go; the next person starts from nothing."""
        await (await self.get_state(IdentityState)).forget_customer_data(signed_out=True)
        flow = await self.get_state(WidgetState)
        apply_transition(flow, lambda f: f.start_over())
        await drop_files(self)
        self._clear_form()
        self.prefill_generation += 1
        # The page shows the server's flow again (assets/client_flow.js has forgotten its own).
        return connected(flow.flow_json())

    @rx.event
    def new_request(self):
        """After the confirmation: forget the form. The flow starts over through the
        browser's own snapshot (the button is also a start_over, assets/client_flow.js)."""
        self._clear_form()
        # The questions come back only with this answer, which may be later than the
        # browser's own focus attempt (about a second) on a slow connection.
        return focus(FOCUS_CATEGORY)


# What the customer typed in each detail, a var each like the fields above: the form's inputs
# read them by name (components/fields.py).
for _detail in DETAILS:
    ContactState.add_var(_detail.name, str, "")


@when_address_suggested
async def offer_in_form(identity: IdentityState, address: str) -> None:
    """An address Alma has not verified is only a suggestion: written into an empty field,
    which the customer may change."""
    form = await identity.get_state(ContactState)
    if not form.email:
        form.email = address
        form.prefill_generation += 1
