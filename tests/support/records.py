"""Requests stored with a file, for the unit tests of retention, erasure and exports."""

from __future__ import annotations

from datetime import timedelta

from alma_widget.contact.attachments import save
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import create_request
from alma_widget.storage.tables import utc_now

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def add_request(
    session_factory, upload_dir, *, email, key, age_days=0, created_at=None, message=None
):
    """One request with a photo; stored `age_days` ago, or at `created_at`: (id, file name)."""
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "order",
            "topic_id": "order-not-compliant",
            "email": email,
            "phone": "0612345678",
            "message": message or "L'article est arrivé cassé, voici la photo.",
        }
    )
    stored = save("photo.png", PNG, upload_dir)
    with session_factory() as session:
        row, _ = create_request(
            session=session, request_in=request_in, submission_key=key, attachments=[stored]
        )
        row.created_at = created_at or utc_now() - timedelta(days=age_days)
        session.add(row)
        session.commit()
        return row.id, stored.stored_name
