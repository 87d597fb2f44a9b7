"""Rate limits on the real stack (production pass): the customer's own address behind a
trusted proxy (REFLEX_TRUSTED_PROXY_HOPS), counters shared in Redis by three workers. A widget
of its own with a low limit; customers' browsers come through a proxy that names them in
X-Forwarded-For."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from harness.db import rows_with_email
from harness.servers import WidgetServer
from tests.e2e.conftest import PRODUCTION
from tests.support.steps import SHARED, open_account_form

pytestmark = pytest.mark.skipif(not PRODUCTION, reason="production stack pass only")
TOO_MANY = "Vous avez envoyé beaucoup de demandes en peu de temps"


@pytest.fixture
def strict_widget(widget_app, tmp_path):
    env = {k: v for k, v in widget_app.env.items() if k.startswith(SHARED)}
    env.pop("ALMA_WIDGET_ORIGIN", None)
    env |= {"ALMA_RATE_LIMITS": "2 per hour", "REFLEX_TRUSTED_PROXY_HOPS": "1"}
    server = WidgetServer(env, tmp_path / "strict.log").start()
    try:
        yield server
    finally:
        server.stop()
        # Both servers build into the one .web/: the suite's widget is built again for its
        # own port (as test_two_machines.py does after machine B).
        widget_app.stop()
        widget_app.start()


def send_from(browser: Browser, url: str, address: str, email: str) -> str:
    """One customer's request from a browser of its own behind the proxy; what they read."""
    context = browser.new_context(locale="fr-FR", extra_http_headers={"X-Forwarded-For": address})
    page = context.new_page()
    page.goto(url)
    open_account_form(page, email, "Une question sur mon compte, merci de me répondre.")
    page.get_by_role("button", name="Envoyer ma demande").click()
    outcome = page.get_by_role("heading", name="Votre demande a bien été envoyée").or_(
        page.get_by_role("alert").filter(has_text=TOO_MANY)
    )
    expect(outcome).to_be_visible()
    said = outcome.inner_text()
    context.close()
    return said


def test_each_customer_address_has_its_own_count_shared_by_every_worker(
    browser: Browser, strict_widget, database_url
):
    # Three customers behind one address (each a session of its own, on any worker), then
    # a fourth from another address: the proxy's own address is never the one counted.
    said = [
        send_from(browser, strict_widget.url, "203.0.113.10", f"limite{n}@exemple.fr")
        for n in (1, 2, 3)
    ]
    assert [TOO_MANY in text for text in said] == [False, False, True]
    assert rows_with_email(database_url, "limite3@exemple.fr") == []
    other = send_from(browser, strict_widget.url, "198.51.100.20", "limite4@exemple.fr")
    assert TOO_MANY not in other
    assert len(rows_with_email(database_url, "limite4@exemple.fr")) == 1
