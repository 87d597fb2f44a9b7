"""Figures and exports for the support team: deflection per topic, requests as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from alma_widget.content.loading import catalog
from alma_widget.customer_request.details import DETAIL_NAMES
from alma_widget.storage.satisfaction import satisfaction_counts
from alma_widget.storage.tables import FlowEvent, SupportRequest

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
    *DETAIL_NAMES,
    "merchant_id",
    "merchant_name",
    "locale",
    "message",
)


def safe_cell(value: object) -> str:
    """The value as text, neutralised when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_lines(rows: Iterable[SupportRequest], *, header: bool = False) -> str:
    """Requests as CSV lines (the column names first if `header`), every cell safe to open
    in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(getattr(row, column)) for column in CSV_COLUMNS])
    return out.getvalue()


RATES_EXPLAINED = (
    "Aide vue : l'aide du sujet a été affichée. Oui / Non : réponses à « Cette réponse vous "
    "a-t-elle aidé ? ». Formulaire : le formulaire de contact a été ouvert. Demande : une "
    "demande a été envoyée. Par la recherche : aides vues depuis le champ de recherche ou la "
    "suggestion du formulaire. Sans formulaire : part des aides vues qui n'ont pas été suivies "
    "de l'ouverture du formulaire (qui ouvre le formulaire puis part n'a pas été aidé). "
    "« Oui » : part des « Oui » parmi les réponses. Avis : réponses à « Êtes-vous satisfait de "
    "la réponse ? », posée une fois par résolution d'une demande à laquelle l'équipe a répondu "
    "(période : date de l'avis). Satisfaits : part des « Oui » parmi ces avis."
)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def deflection(
    *, session: Session, since: datetime | None = None, until: datetime | None = None
) -> list[dict]:
    """Per topic: help shown, Oui / Non, form opened, request sent, and two honest rates.

    - `solved_rate`: help texts shown that were not followed by the contact form being
      opened (a customer who opened the form and left was not helped: they gave up);
    - `yes_rate`: « Oui » among the answers to « Cette réponse vous a-t-elle aidé ? ».
    None when there is nothing to divide by.
    """
    statement = select(
        FlowEvent.topic_id, FlowEvent.kind, FlowEvent.source, sa.func.count()
    ).group_by(FlowEvent.topic_id, FlowEvent.kind, FlowEvent.source)
    if since is not None:
        statement = statement.where(FlowEvent.created_at >= since)
    if until is not None:
        statement = statement.where(FlowEvent.created_at < until)
    counts: dict[str, dict[str, int]] = {}
    for topic_id, kind, source, number in session.exec(statement):
        seen = counts.setdefault(topic_id, {})
        seen[kind] = seen.get(kind, 0) + number
        if kind == "help_shown" and source != "choice":
            seen["found_by_search"] = seen.get("found_by_search", 0) + number
    rated = satisfaction_counts(session=session, since=since, until=until)
    table = []
    for category in catalog().categories:
        for topic in category.topics:
            seen = counts.get(topic.id, {})
            satisfied, ratings = rated.get((category.id, topic.id), (0, 0))
            shown, opened = seen.get("help_shown", 0), seen.get("form_opened", 0)
            yes, no = seen.get("helped_yes", 0), seen.get("helped_no", 0)
            table.append(
                {
                    "topic_id": topic.id,
                    "topic": topic.label,
                    "help_shown": shown,
                    "helped_yes": yes,
                    "helped_no": no,
                    "form_opened": opened,
                    "request_sent": seen.get("request_sent", 0),
                    # Help shown after a search or the form's suggestion, not the radios.
                    "found_by_search": seen.get("found_by_search", 0),
                    "solved_rate": max(0.0, (shown - opened) / shown) if shown else None,
                    "yes_rate": yes / (yes + no) if yes + no else None,
                    # « Êtes-vous satisfait de la réponse ? » after a resolution.
                    "rated": ratings,
                    "satisfied": satisfied,
                    "satisfaction_rate": satisfied / ratings if ratings else None,
                }
            )
    return table


def satisfaction_by_category(
    *, session: Session, since: datetime | None = None, until: datetime | None = None
) -> list[dict]:
    """Per category: ratings given in the period, how many satisfied, the rate (None when
    nobody rated)."""
    rated = satisfaction_counts(session=session, since=since, until=until)
    table = []
    for category in catalog().categories:
        satisfied = sum(good for (c, _), (good, _n) in rated.items() if c == category.id)
        ratings = sum(n for (c, _), (_good, n) in rated.items() if c == category.id)
        table.append(
            {
                "category": category.label,
                "rated": ratings,
                "satisfied": satisfied,
                "satisfaction_rate": satisfied / ratings if ratings else None,
            }
        )
    return table


def deflection_main() -> int:
    """Console command: the deflection table, for all time."""
    import reflex as rx

    with rx.session() as session:
        table = deflection(session=session)
    print(
        f"{'sujet':<48}{'aide':>6}{'oui':>6}{'non':>6}{'form.':>6}{'envoi':>6}"
        f"{'sans form.':>11}{'« oui »':>9}"
    )
    for row in table:
        print(
            f"{row['topic'][:47]:<48}{row['help_shown']:>6}{row['helped_yes']:>6}"
            f"{row['helped_no']:>6}{row['form_opened']:>6}{row['request_sent']:>6}"
            f"{percent(row['solved_rate']):>11}{percent(row['yes_rate']):>9}"
        )
    print(RATES_EXPLAINED)
    return 0
