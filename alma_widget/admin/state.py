"""The back office's state: sign-in, the request list, one request, the figures.

Every handler checks the session first; without it nothing is read and what was shown is
cleared. The support team's texts are French and live here (customers never see them).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from alma_widget import rate_limits as abuse
from alma_widget.admin import privacy, queries, views
from alma_widget.admin.auth import verify_password
from alma_widget.admin.files import signed_link
from alma_widget.admin.reporting import deflection, requests_csv
from alma_widget.delivery.config import ticket_url
from alma_widget.help_search.misses import top_misses
from alma_widget.settings import settings
from alma_widget.storage.queries import attachments_of, outbox_rows

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


def _erase(email: str) -> privacy.Removed:
    with rx.session() as session:
        return privacy.erase(session=session, email=email)


class AdminState(rx.State):
    """Back office of the support team."""

    # Signed in, and until when (epoch seconds); checked again by every handler.
    signed_in: bool = False
    _expires_at: float = 0.0
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
    version: str = ""

    def _guard(self) -> bool:
        if self.signed_in and time.time() < self._expires_at:
            self._expires_at = time.time() + settings().admin_session_minutes * 60
            return True
        if self.signed_in:
            self._clear("Session expirée : reconnectez-vous.")
        return False

    def _clear(self, notice: str) -> None:
        self.signed_in, self._expires_at, self.user = False, 0.0, ""
        self.rows, self.detail, self.figures, self.detail_reference = [], [], [], ""
        self.attachments = []
        self.total, self.page, self.notice = 0, 1, notice

    @rx.event
    async def sign_in(self, form_data: Any):
        """Check the credentials (slowly for guessers), then load the list."""
        data = form_data if isinstance(form_data, dict) else {}
        user, password = str(data.get("user", ""))[:64], str(data.get("password", ""))[:256]
        cfg = settings()
        client_ip = self.router.session.client_ip
        if abuse.sign_in_blocked(user=user, client_ip=client_ip):
            self.notice = "Trop de tentatives : réessayez dans une minute."
            return None
        if not cfg.admin_password_hash:
            self.notice = "Back office désactivé : ALMA_ADMIN_PASSWORD_HASH n'est pas défini."
            return None
        # scrypt is slow on purpose: in a thread, so this worker's customers never wait on it.
        right = user == cfg.admin_user and await asyncio.to_thread(
            verify_password, password, cfg.admin_password_hash
        )
        if not right:
            delay = abuse.sign_in_failed(user=user, client_ip=client_ip)
            if delay:
                await asyncio.sleep(delay)
            self.notice = "Identifiant ou mot de passe incorrect."
            return None
        self.signed_in, self.user, self.notice = True, user, ""
        self._expires_at = time.time() + cfg.admin_session_minutes * 60
        self.version = views.content_version()
        return [AdminState.load, AdminState.load_figures({})]

    @rx.event
    def sign_out(self):
        """Forget the session and everything shown."""
        self._clear("Déconnecté.")

    @rx.event
    def load(self):
        """Read the current page of the list."""
        if not self._guard():
            return
        filters = queries.Filters(**{k: self.filters.get(k, "") for k in FILTER_FIELDS})
        try:
            with rx.session() as session:
                found, self.total = queries.list_requests(
                    session=session, filters=filters, page=self.page
                )
        except SQLAlchemyError:
            self.notice = "Base de données indisponible : réessayez."
            return
        self.rows = [views.list_row(r) for r in found]

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
    def open_request(self, reference: Any):
        """Show every field of one request as text."""
        if not self._guard() or not isinstance(reference, str):
            return
        with rx.session() as session:
            row = queries.get_by_reference(session=session, reference=reference)
        if row is None:
            self.notice = "Demande introuvable."
            return
        self.detail_reference = row.reference
        self.detail = views.detail_rows(row)
        self.ticket_url = ticket_url(settings(), row.zendesk_ticket_id)
        self.ticket_label = f"Ticket Zendesk n° {row.zendesk_ticket_id}" if self.ticket_url else ""
        with rx.session() as session:
            self.attachments = [
                views.attachment_row(a) for a in attachments_of(session=session, request_id=row.id)
            ]
            self.deliveries = [
                views.delivery_row(o) for o in outbox_rows(session=session, request_id=row.id)
            ]

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
    def change_status(self, status: Any):
        """Record the new handling status, with who and when."""
        if not self._guard() or status not in queries.STATUSES:
            return
        with rx.session() as session:
            queries.set_status(
                session=session, reference=self.detail_reference, status=status, by=self.user
            )
        return [AdminState.open_request(self.detail_reference), AdminState.load]

    @rx.event
    def export_csv(self):
        """Download the filtered list as CSV (cells safe for spreadsheets)."""
        if not self._guard():
            return
        filters = queries.Filters(**{k: self.filters.get(k, "") for k in FILTER_FIELDS})
        with rx.session() as session:
            text = requests_csv(queries.all_matching(session=session, filters=filters))
        return rx.download(data=text, filename=f"demandes-{datetime.now(UTC):%Y%m%d}.csv")

    @rx.event
    def load_figures(self, form_data: Any):
        """Deflection per topic for a period (since / until, YYYY-MM-DD)."""
        if not self._guard():
            return
        data = form_data if isinstance(form_data, dict) else {}
        since, until = (
            queries.parse_day(str(data.get("since", ""))),
            queries.parse_day(str(data.get("until", ""))),
        )
        with rx.session() as session:
            table = deflection(session=session, since=since, until=until)
            self.misses = [[query, str(n)] for query, n in top_misses(session=session)]
        self.figures = [views.figure_row(row) for row in table]

    @rx.event
    async def erase_customer(self, form_data: Any):
        """Erase everything tied to an email address (GDPR request)."""
        if not self._guard() or not isinstance(form_data, dict):
            return
        email = str(form_data.get("email", ""))
        try:
            # In a thread: Zendesk's calls and the deletions never hold this worker's customers.
            removed = await asyncio.to_thread(_erase, email)
        except ValueError:
            self.notice = "Adresse email invalide : rien n'a été supprimé."
            return
        except privacy.HelpDeskUnreachable:
            self.notice = ERASURE_STOPPED
            return
        self.notice = f"Effacement : {removed} supprimé(s)."
        self.detail, self.detail_reference = [], ""
        return AdminState.load
