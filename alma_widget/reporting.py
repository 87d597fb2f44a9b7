"""Figures and exports for the support team: deflection per topic, requests as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from alma_widget.content_loader import catalog
from alma_widget.models import FlowEvent, SupportRequest

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "reference",
    "created_at",
    "status",
    "category_id",
    "topic_id",
    "email",
    "phone",
    "order_reference",
    "merchant_id",
    "merchant_name",
    "locale",
    "message",
)


def safe_cell(value: object) -> str:
    """The value as text, neutralised when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def requests_csv(rows: Iterable[SupportRequest]) -> str:
    """The requests as CSV, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(getattr(row, column)) for column in CSV_COLUMNS])
    return out.getvalue()


def deflection(
    *, session: Session, since: datetime | None = None, until: datetime | None = None
) -> list[dict]:
    """Per topic: help shown, Oui / Non, form opened, request sent, and the deflection rate.

    The rate is the share of help texts shown that were not followed by a request.
    """
    statement = select(FlowEvent.topic_id, FlowEvent.kind, sa.func.count()).group_by(
        FlowEvent.topic_id, FlowEvent.kind
    )
    if since is not None:
        statement = statement.where(FlowEvent.created_at >= since)
    if until is not None:
        statement = statement.where(FlowEvent.created_at < until)
    counts: dict[str, dict[str, int]] = {}
    for topic_id, kind, number in session.exec(statement):
        counts.setdefault(topic_id, {})[kind] = number
    table = []
    for category in catalog().categories:
        for topic in category.topics:
            seen = counts.get(topic.id, {})
            shown, sent = seen.get("help_shown", 0), seen.get("request_sent", 0)
            table.append(
                {
                    "topic_id": topic.id,
                    "topic": topic.label,
                    "help_shown": shown,
                    "helped_yes": seen.get("helped_yes", 0),
                    "helped_no": seen.get("helped_no", 0),
                    "form_opened": seen.get("form_opened", 0),
                    "request_sent": sent,
                    "deflection_rate": max(0.0, (shown - sent) / shown) if shown else None,
                }
            )
    return table


def deflection_main() -> int:
    """Console command: the deflection table, for all time."""
    import reflex as rx

    with rx.session() as session:
        table = deflection(session=session)
    print(f"{'sujet':<48}{'aide':>6}{'oui':>6}{'non':>6}{'form.':>6}{'envoi':>6}{'déviées':>9}")
    for row in table:
        rate = "-" if row["deflection_rate"] is None else f"{row['deflection_rate']:.0%}"
        print(
            f"{row['topic'][:47]:<48}{row['help_shown']:>6}{row['helped_yes']:>6}"
            f"{row['helped_no']:>6}{row['form_opened']:>6}{row['request_sent']:>6}{rate:>9}"
        )
    return 0
