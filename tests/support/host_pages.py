"""The widget on a host page for the end-to-end tests: the account page with a signed-in
customer, the events the host page received, requests seeded for a customer."""

from __future__ import annotations

import secrets

import sqlmodel
from playwright.sync_api import Page, expect

from alma_widget.customer_request.files import StoredFile
from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import create_request

FRAME = "iframe[title='Aide Alma : envoyer une demande']"


def host_events(page: Page, name: str) -> list[dict]:
    return page.evaluate(
        "name => window.almaHostEvents.filter(e => e.name === name).map(e => e.payload)", name
    )


MESSAGE = "Le colis reçu ne correspond pas à ma commande du 12 novembre."


def open_account_page(page: Page, demo_host: str, token: str | None = None):
    """The dashboard with the inline widget in the account context, given `token` by init."""
    page.goto(f"{demo_host}/account.html")
    page.evaluate(
        "token => AlmaSupport.init(Object.assign({ mode: 'inline', context: 'account' },"
        " token ? { identityToken: token } : {}))",
        token,
    )
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("heading", name="Envoyer une demande")).to_be_visible()
    return widget


def seed_for(
    database_url: str, customer_id: str | None, email: str, topic: tuple[str, str], **after
):
    """A request `customer_id` sent (no delivery queued), then changed as `after` says
    (created_at, status, helpdesk_status); its reference."""
    category_id, topic_id = topic
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": category_id,
            "topic_id": topic_id,
            "email": email,
            "message": MESSAGE,
            "phone": "+33612345678",
            "order_reference": after.pop("order_reference", None),
        }
    )
    files = [
        StoredFile(f"{customer_id}-{n}.png", n, "image/png", 10) for n in after.pop("files", [])
    ]
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        row, _ = create_request(
            session=session,
            request_in=request_in,
            submission_key=secrets.token_hex(8),
            delivery_kinds=(),
            customer_id=customer_id,
            attachments=files,
        )
        for name, value in after.items():
            setattr(row, name, value)
        session.add(row)
        session.commit()
        reference = row.reference
    engine.dispose()
    return reference
