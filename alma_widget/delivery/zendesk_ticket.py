"""The Zendesk ticket for a request, as the Support API's « Create Ticket » takes it.

Plain text only: the customer's message is the first comment's `body`, which Zendesk shows
as text. The support team reads French, so labels come from the French content.
"""

from __future__ import annotations

from typing import Any

from alma_widget.content.loading import catalog
from alma_widget.customer_request.details import TICKET_DETAILS, team_lines, values_of
from alma_widget.delivery.config import ZendeskConfig
from alma_widget.storage.tables import SupportRequest

TAG = "alma_widget"


def _topic_label(request: SupportRequest) -> str:
    return catalog().labels(request.category_id, request.topic_id)[1]


def _merchant(request: SupportRequest) -> str:
    if request.merchant_name and request.merchant_id:
        return f"{request.merchant_name} ({request.merchant_id})"
    return request.merchant_name or request.merchant_id or ""


def comment_body(request: SupportRequest) -> str:
    """The message, then what the agent would otherwise ask for (phone included: purchase
    questions need the number used for the order)."""
    details = [
        *team_lines(request),
        f"Téléphone : {request.phone or '-'}",
        f"Marchand : {_merchant(request) or '-'}",
        f"Page : {request.page_url or '-'}",
        f"Demande : {request.reference}",
    ]
    return request.message + "\n\n---\n" + "\n".join(details)


def requester(request: SupportRequest) -> dict[str, str]:
    """The customer. The widget asks for no name; Zendesk needs one to create a new user,
    so a new requester is named after their address until an agent knows better."""
    return {"name": request.email.split("@", 1)[0], "email": request.email}


def ticket_payload(
    request: SupportRequest,
    zendesk: ZendeskConfig,
    upload_tokens: list[str],
    requester_id: int | None = None,
    follows_up: int | None = None,
) -> dict[str, Any]:
    """The ticket; `requester_id`: the signed-in customer's Zendesk user (else the requester
    is named by address, and Zendesk finds or makes the user); `follows_up`: the closed
    ticket this request follows (« Nouvelle demande liée »: Zendesk links the two)."""
    comment: dict[str, Any] = {"body": comment_body(request)}
    if upload_tokens:
        comment["uploads"] = upload_tokens
    fields = zendesk.field_ids
    return {
        "ticket": {
            "subject": f"[{request.reference}] {_topic_label(request)}",
            "comment": comment,
            **(
                {"requester_id": requester_id}
                if requester_id is not None
                else {"requester": requester(request)}
            ),
            "external_id": request.reference,
            **({"via_followup_source_id": follows_up} if follows_up is not None else {}),
            "tags": [TAG, request.category_id, request.topic_id, request.locale],
            "ticket_form_id": zendesk.ticket_form_id,
            "custom_fields": [
                {"id": fields["category"], "value": request.category_id},
                {"id": fields["topic"], "value": request.topic_id},
                *(
                    {"id": fields[name], "value": value or ""}
                    for name, value in values_of(request).items()
                    if name in TICKET_DETAILS
                ),
                {"id": fields["merchant"], "value": _merchant(request)},
            ],
        }
    }
