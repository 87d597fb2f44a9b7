"""A customer's satisfaction on the ticket: the tag `csat_good` or `csat_bad` and a private
note with the reason and their comment (Zendesk lets only the end user write its own
`satisfaction_rating`; this widget talks to Zendesk with an agent's token). Written once, as
an answer is (zendesk_reply.py: a mark in the update's metadata, looked for after a lost
answer). A ticket closed meanwhile takes no update: the rating stays in the widget's own
figures (/admin) and the row says why it was not written.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from alma_widget.content.loading import catalog
from alma_widget.delivery import zendesk
from alma_widget.delivery.failures import Refused
from alma_widget.delivery.zendesk_reply import update_once
from alma_widget.settings import Settings
from alma_widget.storage.satisfaction import CSAT_KIND
from alma_widget.storage.tables import OutboxMessage, SatisfactionRating, SupportRequest

KINDS = (CSAT_KIND,)
LABELS = {CSAT_KIND: "Satisfaction (Zendesk)"}
ready = zendesk.ready
TAGS = {True: "csat_good", False: "csat_bad"}


def note(rating: SatisfactionRating) -> str:
    """The private note, in French (the support team's language)."""
    texts = catalog("fr").requests
    lines = [
        f"Satisfaction du client (widget) : {texts.csat_yes if rating.good else texts.csat_no}"
    ]
    if rating.reason:
        lines.append(f"Raison : {getattr(texts, f'csat_reason_{rating.reason}', rating.reason)}")
    if rating.comment:
        lines.append(f"Commentaire : {rating.comment}")
    return "\n".join(lines)


def csat_payload(rating: SatisfactionRating) -> dict[str, Any]:
    return {
        "ticket": {
            "additional_tags": [TAGS[rating.good]],
            "comment": {"body": note(rating), "public": False},
        }
    }


def deliver(
    *, session: Session, request: SupportRequest, message: OutboxMessage, cfg: Settings
) -> None:
    rating = session.get(SatisfactionRating, message.rating_id) if message.rating_id else None
    if rating is None:
        raise Refused("rating missing")
    update_once(
        request=request,
        cfg=cfg,
        mark=rating.comment_key,
        payload_of=lambda ticket, tokens: csat_payload(rating),
        files=[],
        look_first=message.attempts > 0,
    )
