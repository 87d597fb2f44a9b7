"""Storing one submission of the contact form, apart from the form's state: the request and
its deliveries in one transaction, once whatever the replays, counted against the rate limits
only when it is new. ContactState.submit calls `store_request` through this module: the
seam the tests replace to make storage fail or answer."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from alma_widget import metrics
from alma_widget.customer_request.files import StoredFile
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.delivery import delivery_kinds
from alma_widget.flow.counting import count
from alma_widget.settings import settings
from alma_widget.storage.queries import PageContext, create_request, find_by_submission_key

# The sessions it stores through; the tests give their own database's (as flow/counting.py).
open_session = rx.session


def store_request(
    request_in: ContactRequestIn,
    key: str,
    *,
    is_spam: bool,
    locale: str,
    files: list[StoredFile],
    context: PageContext,
    customer_id: str | None,
    customer_email_verified: bool,
    rate_limit: Callable[[], str | None],
) -> tuple[str | None, str | None]:
    """(reference, None) once stored, or (None, error code) when a rate limit refuses it.

    One session: a replay of a stored submission returns its reference and is never
    counted against the rate limits.
    """
    with open_session() as session:
        existing = find_by_submission_key(session=session, submission_key=key)
        if existing is not None:
            return existing.reference, None
        if (refusal := rate_limit()) is not None:
            metrics.request_result("rate_limited")
            return None, refusal
        row, created = create_request(
            session=session,
            request_in=request_in,
            submission_key=key,
            locale=locale,
            is_spam=is_spam,
            acknowledge=settings().send_acknowledgement,
            delivery_kinds=delivery_kinds(settings()),
            attachments=files,
            context=context,
            customer_id=customer_id,
            customer_email_verified=customer_email_verified,
        )
        reference = row.reference
    if created:
        metrics.request_result("spam" if is_spam else "stored")
    if created and not is_spam:
        count(request_in.topic_id, "request_sent")
    return reference, None
