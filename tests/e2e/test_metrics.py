"""/metrics as Prometheus scrapes it (docs/operations.md), on both stacks; on the production
pass three workers add their figures up in one scrape."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from alma_widget.delivery import kind_labels
from alma_widget.delivery.failures import REASON_CLASSES
from alma_widget.metrics import (
    ATTACHMENT_RESULTS,
    DEPENDENCIES,
    FAILURE_OUTCOMES,
    IDENTITY_RESULTS,
    OTHER,
    REQUEST_RESULTS,
    SEARCH_RESULTS,
    WEBHOOK_RESULTS,
    category_ids,
)
from alma_widget.storage.tables import FLOW_EVENT_KINDS
from harness.db import hurry_deliveries, pending_deliveries, rows_with_email
from harness.waiting import settled_value, wait_until
from harness.zendesk import Fault
from tests.e2e.conftest import METRICS_TOKEN
from tests.support.metrics import fetch, samples, scrape, value
from tests.support.steps import open_account_form

SENT = "Votre demande a bien été envoyée"
# Every label's possible values: a value outside them fails the test (personal data, a
# reference, an unbounded set).
KNOWN = {
    "result": {
        *REQUEST_RESULTS,
        *ATTACHMENT_RESULTS,
        *SEARCH_RESULTS,
        *WEBHOOK_RESULTS,
        *IDENTITY_RESULTS,
        OTHER,
    },
    "kind": set(kind_labels()) | {OTHER},
    "reason": set(REASON_CLASSES),
    "outcome": set(FAILURE_OUTCOMES),
    "step": {*FLOW_EVENT_KINDS, OTHER},
    "category": category_ids() | {OTHER},
    "dependency": set(DEPENDENCIES),
}


def send(browser: Browser, url: str, email: str, message: str) -> str:
    """One customer's request, from a browser of their own; its reference."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(url)
    open_account_form(page, email, message)
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", name=SENT)).to_be_visible()
    reference = re.search(r"ALM-[0-9A-Z]{8}", page.locator("main").inner_text())[0]
    context.close()
    return reference


def test_only_the_bearer_of_the_token_reads_them(widget_app):
    for token in (None, "", "not-the-token", METRICS_TOKEN[:-1]):
        status, _, headers = fetch(widget_app.url, token)
        assert status == 401
        assert headers.get("www-authenticate", "").startswith("Bearer")
    status, body, headers = fetch(widget_app.url, METRICS_TOKEN)
    assert status == 200
    assert headers["content-type"].startswith("text/plain; version=0.0.4")
    assert "alma_outbox_pending" in body


def test_a_connected_page_and_its_events_are_seen(browser: Browser, widget_app):
    def figures() -> tuple[float, float]:
        scraped = scrape(widget_app.url, METRICS_TOKEN)
        return value(scraped, "alma_sessions_connected"), value(scraped, "alma_event_seconds_count")

    # Pages of earlier tests may still be leaving: counted from when that has settled.
    sessions = settled_value(lambda: figures()[0], ready=lambda _: True)
    events = figures()[1]
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(widget_app.url)
    page.get_by_role("radio", name="Mon compte Alma").check()
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    wait_until(lambda: figures()[0] >= sessions + 1 and figures()[1] > events)
    context.close()
    wait_until(lambda: figures()[0] <= sessions)


def test_requests_are_counted_once_whichever_worker_answers(browser: Browser, widget_app):
    before = value(scrape(widget_app.url, METRICS_TOKEN), "alma_requests_total", result="stored")
    for n in range(3):
        send(browser, widget_app.url, f"compte{n}@exemple.fr", "Une question sur mon compte.")
    # Each scrape is answered by any worker: every one says the three, no more, no fewer.
    for _ in range(6):
        now = scrape(widget_app.url, METRICS_TOKEN)
        assert value(now, "alma_requests_total", result="stored") == before + 3


def test_a_zendesk_answering_500_shows_as_failures_and_a_waiting_row(
    browser: Browser, widget_app, local_zendesk, database_url
):
    def failures() -> float:
        scraped = scrape(widget_app.url, METRICS_TOKEN)
        return value(
            scraped, "alma_outbox_failures_total", kind="zendesk", reason="5xx", outcome="retry"
        )

    # Earlier tests' tickets first, so that the faults land on this request's ticket.
    wait_until(lambda: pending_deliveries(database_url, "zendesk") == 0, timeout=30)
    before = failures()
    # Every quick retry of the call answered 500: one failed attempt for the outbox.
    local_zendesk.fail_next("POST /api/v2/tickets.json", *[Fault(500)] * 4)
    send(
        browser,
        widget_app.url,
        "zendesk.panne@exemple.fr",
        "Le ticket attendra que Zendesk revienne.",
    )
    wait_until(lambda: failures() > before, timeout=60)
    waiting = scrape(widget_app.url, METRICS_TOKEN)
    assert value(waiting, "alma_outbox_pending", kind="zendesk") >= 1
    assert value(waiting, "alma_outbox_oldest_pending_seconds", kind="zendesk") > 0
    # Back: the row is delivered, and nothing waits.
    hurry_deliveries(database_url, "zendesk")
    wait_until(
        lambda: rows_with_email(database_url, "zendesk.panne@exemple.fr")[0].zendesk_ticket_id,
        timeout=60,
    )
    after = scrape(widget_app.url, METRICS_TOKEN)
    assert value(after, "alma_outbox_oldest_pending_seconds", kind="zendesk") == 0
    assert value(after, "alma_outbox_delivered_total", kind="zendesk") >= 1


def test_no_label_carries_what_a_customer_wrote(browser: Browser, widget_app, database_url):
    email = "metriques.personne@exemple.fr"
    message = "Rappelez-moi au 06 98 76 54 32, contrat secret-metriques-42."
    reference = send(browser, widget_app.url, email, message)
    wait_until(lambda: rows_with_email(database_url, email)[0].delivery_status == "sent")
    status, body, _ = fetch(widget_app.url, METRICS_TOKEN)
    assert status == 200
    for written in (email, "metriques", "98 76", "0698765432", "secret-metriques", reference):
        assert written not in body
    labels = {(name, text) for _, pairs in samples(body) for name, text in pairs}
    unknown = {
        (name, text)
        for name, text in labels
        if name not in ("le", "quantile") and text not in KNOWN.get(name, set())
    }
    assert unknown == set()
