"""What the back office shows, as the support team's words: pure functions from stored rows
to the texts of /admin (admin/state.py reads the rows, admin/page.py lays the texts out)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from alma_widget.admin import queries
from alma_widget.admin.reporting import percent
from alma_widget.content.loading import catalog, content_files
from alma_widget.customer_request.details import DETAILS, texts_of
from alma_widget.delivery import kind_labels
from alma_widget.storage.tables import Attachment, OutboxMessage, SupportRequest

# Fields shown with the support team's words rather than the stored value.
WORDS = {
    "status": queries.STATUS_LABELS,
    "delivery_status": queries.DELIVERY_LABELS,
    "helpdesk_status": queries.HELPDESK_LABELS,
}
_FIELDS_BEFORE_THE_DETAILS = (
    ("reference", "Référence"),
    ("created_at", "Reçue le"),
    ("status", "Statut"),
    ("status_changed_by", "Statut changé par"),
    ("status_changed_at", "Statut changé le"),
    ("category_id", "Catégorie"),
    ("topic_id", "Sujet"),
    ("email", "Email"),
    ("phone", "Téléphone"),
)
_FIELDS_AFTER_THE_DETAILS = (
    ("locale", "Langue"),
    ("widget_context", "Contexte"),
    ("merchant_id", "Marchand (id)"),
    ("merchant_name", "Marchand"),
    ("page_url", "Page"),
    ("delivery_status", "Remise"),
    ("zendesk_ticket_id", "Ticket Zendesk"),
    ("helpdesk_status", "Statut du ticket"),
    ("helpdesk_status_at", "Statut du ticket au"),
    ("is_spam", "Piège à robots"),
    ("message", "Message"),
)


def detail_fields() -> list[tuple[str, str]]:
    """Every field of a request as the back office shows one, with its French label: the
    request's details (customer_request/details.py) among them, with their content's labels
    (read when asked, never at import: the start reports a broken content file itself)."""
    team = catalog("fr")
    details = [(detail.name, texts_of(detail, team).label) for detail in DETAILS]
    return [*_FIELDS_BEFORE_THE_DETAILS, *details, *_FIELDS_AFTER_THE_DETAILS]


# Left out of the detail when empty.
OPTIONAL_FIELDS = {"zendesk_ticket_id", "helpdesk_status", "helpdesk_status_at"}


def text(value: Any) -> str:
    """A stored value as text (dates in UTC, nothing for None)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "" if value is None else str(value)


def content_version() -> str:
    """Which content is live: a short hash of the content files, and their latest change."""
    digest = hashlib.sha256()
    latest = 0.0
    for path in content_files():
        digest.update(path.read_bytes())
        latest = max(latest, path.stat().st_mtime)
    changed = datetime.fromtimestamp(latest, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{digest.hexdigest()[:12]} (modifié le {changed})"


def list_row(request: SupportRequest) -> dict[str, str]:
    """One line of the request list."""
    return {
        "reference": request.reference,
        "created_at": text(request.created_at),
        "status": queries.STATUS_LABELS.get(request.status, request.status),
        "delivery": queries.DELIVERY_LABELS.get(request.delivery_status, request.delivery_status),
        "topic": catalog().labels(request.category_id, request.topic_id)[1],
        "email": request.email,
        "merchant": request.merchant_name or request.merchant_id or "",
    }


def detail_rows(request: SupportRequest) -> list[list[str]]:
    """Every field of one request as (label, value) texts."""
    return [
        [label, WORDS.get(name, {}).get(value, text(value))]
        for name, label in detail_fields()
        if (value := getattr(request, name)) is not None or name not in OPTIONAL_FIELDS
    ]


def attachment_row(attachment: Attachment) -> dict[str, str]:
    """An attachment: its stored name (for the signed link) and the customer's file name."""
    return {"stored_name": attachment.stored_name, "name": attachment.original_name}


def delivery_row(message: OutboxMessage) -> dict[str, str]:
    """One delivery of a request (an outbox row)."""
    return {
        "kind": kind_labels().get(message.kind, message.kind),
        "status": queries.DELIVERY_LABELS.get(message.status, message.status),
        "attempts": str(message.attempts),
        "error": message.last_error or "",
    }


def figure_row(row: dict[str, Any]) -> dict[str, str]:
    """One topic's line of the deflection table."""
    return {
        "topic": row["topic"],
        "shown": str(row["help_shown"]),
        "yes": str(row["helped_yes"]),
        "no": str(row["helped_no"]),
        "form": str(row["form_opened"]),
        "sent": str(row["request_sent"]),
        "search": str(row["found_by_search"]),
        "solved": percent(row["solved_rate"]),
        "yes_rate": percent(row["yes_rate"]),
        "rated": str(row["rated"]),
        "satisfaction": percent(row["satisfaction_rate"]),
        "bar": f"{(row['solved_rate'] or 0) * 100:.0f}%",
    }


def satisfaction_row(row: dict[str, Any]) -> dict[str, str]:
    """One category's line of the satisfaction table."""
    return {
        "category": row["category"],
        "rated": str(row["rated"]),
        "satisfied": str(row["satisfied"]),
        "rate": percent(row["satisfaction_rate"]),
    }
