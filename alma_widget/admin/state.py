"""The back office's state: sign-in, the request list, one request, the figures.

Every handler checks the session first; without it nothing is read and what was shown is
cleared. The support team's texts are French and live here (customers never see them).
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from alma_widget.admin import agents, privacy, queries, sessions, views
from alma_widget.admin.export import export_link
from alma_widget.admin.files import signed_link
from alma_widget.admin.reporting import deflection, satisfaction_by_category
from alma_widget.admin.session_endpoint import NOTICES
from alma_widget.delivery.config import ticket_url
from alma_widget.help_search.misses import top_misses
from alma_widget.settings import settings
from alma_widget.storage.queries import attachments_of, outbox_rows
from alma_widget.storage.tables import key

FILTER_FIELDS = (
    "status",
    "delivery",
    "category_id",
    "topic_id",
    "merchant",
    "since",
    "until",
    "search",
)


ERASURE_STOPPED = (
    "Zendesk n'a pas supprimé les tickets : rien n'a été supprimé ; réessayez plus tard."
)


# The back office's reads and writes run in a thread (a year of figures is a large GROUP BY):
# the event loop they would block also serves that worker's customers.
def _list_page(filters: queries.Filters, page: int) -> tuple[list[dict], int]:
    with rx.session() as session:
        found, total = queries.list_requests(session=session, filters=filters, page=page)
        return [views.list_row(r) for r in found], total


@dataclasses.dataclass
class _Detail:
    reference: str
    rows: list[list[str]]
    zendesk_ticket_id: int | None
    attachments: list[dict]
    deliveries: list[dict]


def _request_detail(reference: str) -> _Detail | None:
    with rx.session() as session:
        row = queries.get_by_reference(session=session, reference=reference)
        if row is None:
            return None
        return _Detail(
            row.reference,
            views.detail_rows(row),
            row.zendesk_ticket_id,
            [views.attachment_row(a) for a in attachments_of(session=session, request_id=key(row))],
            [views.delivery_row(o) for o in outbox_rows(session=session, request_id=key(row))],
        )


def _set_status(reference: str, status: str, by: str) -> None:
    with rx.session() as session:
        if queries.set_status(session=session, reference=reference, status=status, by=by):
            agents.record(session=session, agent=by, action="status", detail=reference)


def _record(agent: str, action: str, detail: str) -> None:
    with rx.session() as session:
        agents.record(session=session, agent=agent, action=action, detail=detail)


def _figures(since, until) -> tuple[list[dict], list[list[str]], list[dict]]:
    with rx.session() as session:
        table = deflection(session=session, since=since, until=until)
        misses = [[query, str(n)] for query, n in top_misses(session=session)]
        by_category = satisfaction_by_category(session=session, since=since, until=until)
    return (
        [views.figure_row(row) for row in table],
        misses,
        [views.satisfaction_row(row) for row in by_category],
    )


def _session_user(token: str) -> str | None:
    if not token:
        return None
    try:
        with rx.session() as session:
            return agents.current_agent(session=session, token=token)
    except SQLAlchemyError:
        return None


def _erase(email: str, agent: str) -> privacy.Removed:
    with rx.session() as session:
        removed = privacy.erase(session=session, email=email)
        # Who erased, and how much: never whose data (the address is gone with the rows).
        agents.record(session=session, agent=agent, action="erase", detail=str(removed))
        return removed


class AdminState(rx.State):  # pragma: no mutate block
    """Back office of the support team."""

    # Shown as signed in; every handler checks the session again (_guard).
    signed_in: bool = False
    user: str = ""
    notice: str = ""
    # The list: filters, page, rows shown.
    filters: dict[str, str] = {}
    page: int = 1
    total: int = 0
    rows: list[dict[str, str]] = []
    # The request opened, as (label, value) texts.
    detail: list[list[str]] = []
    detail_reference: str = ""
    # Its attachments: stored name and the customer's file name.
    attachments: list[dict[str, str]] = []
    # The request's deliveries (outbox rows) and its Zendesk ticket, if any.
    deliveries: list[dict[str, str]] = []
    ticket_url: str = ""
    ticket_label: str = ""
    # Deflection per topic for the chosen period.
    figures: list[dict[str, str]] = []
    # Searches that found nothing (last 90 days), most frequent first.
    misses: list[list[str]] = []
    # Satisfaction after resolution, per category (per topic: in `figures`).
    satisfaction: list[dict[str, str]] = []
    version: str = ""

    def _guard(self) -> bool:
        """True while the session of the cookie this page connected with is live (checked
        on the server at every action: a copied Reflex token without it acts as nobody)."""
        user = _session_user(sessions.token_from(self.router.headers.cookie))
        if user is not None:
            self.signed_in, self.user = True, user
            return True
        if self.signed_in:
            self._clear(NOTICES["expiree"])
        return False

    def _clear(self, notice: str) -> None:
        self.signed_in = False
        self._clear_screen()
        self.notice = notice

    def _clear_screen(self) -> None:
        self.user = ""
        self.rows, self.detail, self.figures, self.detail_reference = [], [], [], ""
        self.attachments, self.deliveries, self.filters = [], [], {}
        self.ticket_url, self.ticket_label = "", ""
        self.total, self.page = 0, 1

    def forget_at_connection(self) -> None:
        """A connection without a live session cookie receives nothing of the agent's screen
        (alma_widget/web/connection_guard.py: before Reflex's snapshot). `signed_in` stays
        for resume, which then says the session is over."""
        if (
            not self.signed_in
            or _session_user(sessions.token_from(self.router.headers.cookie)) is None
        ):
            self._clear_screen()

    @rx.event
    def resume(self):
        """On opening /admin: signed in if the cookie's session is live (the sign-in form
        posts to admin/session_endpoint.py, which sets it); else what the last post said."""
        said = NOTICES.get(self.router.url.query_parameters.get("connexion", ""), "")
        shown_as_signed_in = self.signed_in
        if not self._guard():
            if said or not shown_as_signed_in:  # else the guard said the session is over
                self._clear(said)
            return None
        self.notice = ""
        self.version = views.content_version()
        return [AdminState.load, AdminState.load_figures({})]

    @rx.event
    async def load(self):
        """Read the current page of the list (in a thread: see _list_page)."""
        if not self._guard():
            return
        filters = queries.Filters(**{k: self.filters.get(k, "") for k in FILTER_FIELDS})
        try:
            self.rows, self.total = await asyncio.to_thread(_list_page, filters, self.page)
        except SQLAlchemyError:
            self.notice = "Base de données indisponible : réessayez."

    @rx.event
    def apply_filters(self, form_data: Any):
        """Narrow the list; page one."""
        if not isinstance(form_data, dict):
            return
        self.filters = {k: str(form_data.get(k, ""))[:128] for k in FILTER_FIELDS}
        self.page = 1
        return AdminState.load

    @rx.event
    def turn_page(self, step: Any):
        """Next or previous page."""
        if isinstance(step, int) and 1 <= self.page + step <= max(
            1, -(-self.total // queries.PER_PAGE)
        ):
            self.page += step
            return AdminState.load

    @rx.event
    async def open_request(self, reference: Any):
        """Show every field of one request as text."""
        if not self._guard() or not isinstance(reference, str):
            return
        found = await asyncio.to_thread(_request_detail, reference)
        if found is None:
            self.notice = "Demande introuvable."
            return
        self.detail_reference, self.detail = found.reference, found.rows
        self.attachments, self.deliveries = found.attachments, found.deliveries
        self.ticket_url = ticket_url(settings(), found.zendesk_ticket_id)
        self.ticket_label = (
            f"Ticket Zendesk n° {found.zendesk_ticket_id}" if self.ticket_url else ""
        )

    @rx.event
    def download(self, stored_name: Any):
        """Download one attachment of the open request through a one-minute signed link."""
        if not self._guard():
            return None
        match = next((a for a in self.attachments if a["stored_name"] == stored_name), None)
        if match is None:
            return None
        return rx.download(
            url=signed_link(match["stored_name"], match["name"]), filename=match["name"]
        )

    @rx.event
    async def change_status(self, status: Any):
        """Record the new handling status, with who and when."""
        if not self._guard() or status not in queries.STATUSES:
            return
        await asyncio.to_thread(_set_status, self.detail_reference, status, self.user)
        return [AdminState.open_request(self.detail_reference), AdminState.load]

    @rx.event
    async def export_csv(self):
        """Download the filtered list as CSV (cells safe for spreadsheets), streamed."""
        if not self._guard():
            return
        filters = queries.Filters(**{k: self.filters.get(k, "") for k in FILTER_FIELDS})
        # Who exported, and which filters were set (their names: a search holds an email).
        narrowed = ", ".join(k for k in FILTER_FIELDS if self.filters.get(k)) or "aucun filtre"
        await asyncio.to_thread(_record, self.user, "export", narrowed)
        # Streamed by its own endpoint through a one-minute signed link (admin/export.py):
        # the whole table is never held here nor sent over the websocket.
        return rx.download(
            url=export_link(filters), filename=f"demandes-{datetime.now(UTC):%Y%m%d}.csv"
        )

    @rx.event
    async def load_figures(self, form_data: Any):
        """Deflection per topic for a period (since / until, YYYY-MM-DD)."""
        if not self._guard():
            return
        data = form_data if isinstance(form_data, dict) else {}
        since, until = (
            queries.parse_day(str(data.get("since", ""))),
            queries.parse_day(str(data.get("until", ""))),
        )
        self.figures, self.misses, self.satisfaction = await asyncio.to_thread(
            _figures, since, until
        )

    @rx.event
    async def erase_customer(self, form_data: Any):
        """Erase everything tied to an email address (GDPR request)."""
        if not self._guard() or not isinstance(form_data, dict):
            return
        email = str(form_data.get("email", ""))
        try:
            # In a thread: Zendesk's calls and the deletions never hold this worker's customers.
            removed = await asyncio.to_thread(_erase, email, self.user)
        except ValueError:
            self.notice = "Adresse email invalide : rien n'a été supprimé."
            return
        except privacy.HelpDeskUnreachable:
            self.notice = ERASURE_STOPPED
            return
        self.notice = f"Effacement : {removed} supprimé(s)."
        self.detail, self.detail_reference = [], ""
        return AdminState.load
