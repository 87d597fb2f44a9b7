"""The satisfaction mail (ALMA_CSAT_MAIL=1): once per resolution by the team, a one-time link
to the request (tracking/links.py, valid as long as the question, 28 days) where the
widget asks « Êtes-vous satisfait de la réponse ? ». Queued by the status webhook
(delivery/zendesk_webhook.py); a request rated meanwhile in the widget gets no mail."""

from __future__ import annotations

from sqlmodel import Session

from alma_widget.content.loading import catalog
from alma_widget.delivery import mail
from alma_widget.settings import Settings
from alma_widget.storage.satisfaction import ANSWERABLE_FOR, CSAT_MAIL_KIND, rating_due
from alma_widget.storage.tables import OutboxMessage, SupportRequest, utc_now
from alma_widget.tracking.links import link_address, new_link

KINDS = (CSAT_MAIL_KIND,)
LABELS = {CSAT_MAIL_KIND: "Mail de satisfaction"}
ready = mail.ready


def deliver(
    *, session: Session, request: SupportRequest, message: OutboxMessage, cfg: Settings
) -> None:
    now = utc_now()
    if not rating_due(session=session, row=request, now=now):
        return  # rated in the widget already, or past its time: nothing to ask
    found = new_link(
        session=session,
        reference=request.reference,
        email=request.email,
        now=now,
        lifetime=ANSWERABLE_FOR,
    )
    if found is None:
        return
    token, row = found
    texts = catalog(row.locale).mail
    letter = mail.customer_mail(
        row,
        cfg,
        subject=texts.csat_subject.format(reference=row.reference),
        body=texts.csat_body.format(
            reference=row.reference, link=link_address(cfg, row.locale, token)
        ),
        kind=f"csat{row.resolutions}",
    )
    mail.send_from_outbox(letter, cfg)
