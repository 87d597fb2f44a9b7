"""« Répondre »: a customer's answer under the conversation, stored before anything else.

The request is found again on the server (the customer's own, or the one their tracking
link opened), never taken from the page. An open request gets the answer (storage/replies.py,
delivered by the outbox as a comment: delivery/zendesk_reply.py); a closed one takes no
answer in Zendesk, so the same words become « Nouvelle demande liée »: a new request with
the same topic and contact details, whose ticket Zendesk links to the closed one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from sqlmodel import Session

from alma_widget.conversation.zendesk_comments import conversation_ready
from alma_widget.customer_request.details import values_of
from alma_widget.customer_request.files import StoredFile
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.delivery import delivery_kinds
from alma_widget.settings import settings
from alma_widget.storage.queries import (
    PageContext,
    create_request,
    find_by_submission_key,
    request_by_reference,
    request_of_customer,
)
from alma_widget.storage.replies import add_reply, reply_by_submission_key
from alma_widget.storage.tables import SupportRequest


class NotAnswerable(Exception):
    """No such request for this customer, or a set-up without a conversation (mail only)."""


@dataclasses.dataclass(frozen=True)
class Answered:
    """What became of an answer: stored under the request, or a follow-up's reference."""

    follow_up: str = ""
    created: bool = True


def opened_row(*, session: Session, reference: str, customer_id: str | None):
    """The request the server opened for this customer: their own when signed in
    (`customer_id`), else the one their tracking link opened (the reference it gave)."""
    if customer_id:
        return request_of_customer(session=session, customer_id=customer_id, reference=reference)
    return request_by_reference(session=session, reference=reference)


def answerable(row: SupportRequest) -> bool:
    """The conversation takes answers where it lives in Zendesk (a closed request: as a
    follow-up)."""
    return conversation_ready(settings()) and not row.is_spam


def _follow_up(
    session: Session,
    row: SupportRequest,
    message: str,
    submission_key: str,
    files: Sequence[StoredFile],
) -> Answered:
    # The closed request's values were checked when it was sent; the answer was just now.
    request_in = ContactRequestIn.model_construct(
        None,  # the fields set: those given here
        category_id=row.category_id,
        topic_id=row.topic_id,
        email=row.email,
        phone=row.phone,
        **values_of(row),
        message=message,
    )
    cfg = settings()
    follow_up, created = create_request(
        session=session,
        request_in=request_in,
        submission_key=submission_key,
        locale=row.locale,
        context=PageContext(row.widget_context, row.merchant_id, row.merchant_name, row.page_url),
        acknowledge=cfg.send_acknowledgement,
        delivery_kinds=delivery_kinds(cfg),
        attachments=files,
        customer_id=row.customer_id,
        customer_email_verified=row.customer_email_verified,
        follows_up_id=row.id,
    )
    return Answered(follow_up=follow_up.reference, created=created)


def store_answer(
    *,
    session: Session,
    reference: str,
    customer_id: str | None,
    message: str,
    submission_key: str,
    files: Sequence[StoredFile] = (),
    rate_limit: Callable[[], str | None] = lambda: None,
) -> Answered:
    """Store the answer (or its follow-up) of the request the server opened: the signed-in
    customer's (`customer_id`), else the one a tracking link opened (`reference` only).
    `rate_limit`: the refusal's code when the customer sent too much lately (RateLimited)."""
    row = opened_row(session=session, reference=reference, customer_id=customer_id)
    if row is None or not answerable(row):
        raise NotAnswerable(reference)
    # A replay (a double click, a reconnection) answers what the first one stored, uncounted.
    if reply_by_submission_key(session=session, submission_key=submission_key) is not None:
        return Answered(created=False)
    if earlier := find_by_submission_key(session=session, submission_key=submission_key):
        return Answered(follow_up=earlier.reference, created=False)
    if (refusal := rate_limit()) is not None:
        raise RateLimited(refusal)
    if row.helpdesk_status == "closed":
        return _follow_up(session, row, message, submission_key, files)
    _, created = add_reply(
        session=session, request=row, message=message, submission_key=submission_key, files=files
    )
    return Answered(created=created)


class RateLimited(Exception):
    """Too many messages lately (the code of the content's [errors])."""
