"""A customer on a 300 ms connection who clicks as soon as a choice is on screen.

No test here waits for a readiness marker before acting: Playwright clicks an element as
soon as it is visible, as a customer's finger does.
"""

import re

from playwright.sync_api import Browser, Page, expect

from harness.db import flow_counts, rows_with_email

# What happened in the page, in order: each choice, said with whether the page had connected
# then, and the moment it connected. Order, not time: a loaded machine changes neither.
RECORD_ORDER = """
window.__order = [];
const connected = () => !!document.querySelector("main[data-hydrated='true']");
document.addEventListener("change", (event) => {
  window.__order.push((connected() ? "connected " : "before ") + event.target.id);
}, true);
new MutationObserver(() => {
  if (connected() && !window.__order.includes("connected")) window.__order.push("connected");
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


def order_of(page: Page) -> list[str]:
    return page.evaluate("window.__order")


def test_early_clicks_reveal_at_once_and_reach_a_sent_request(
    page: Page, slow_widget, database_url, browser_errors
):
    before = flow_counts(database_url, "complaint")
    page.add_init_script(RECORD_ORDER)
    page.goto(slow_widget.url, wait_until="commit")
    page.get_by_role("radio", name="Mon compte Alma").click()
    expect(page.get_by_role("group", name="Précisez votre demande")).to_be_visible()
    # The choice was made, and shown, before the page had connected.
    assert order_of(page)[0] == "before category-account"
    # The whole page has arrived, and the page's own file of the first touch (the flow's
    # script: web/first_paint.py); from here the network stalls: nothing reaches the server
    # and nothing comes back, so what appears now is the browser's own doing.
    expect(page.locator("#contact-form")).to_be_attached()
    page.wait_for_function("() => window.almaTransition")
    slow_widget.stall()
    try:
        page.get_by_role("radio", name="Faire une réclamation").click()
        expect(page.get_by_role("region", name="Faire une réclamation")).to_be_visible()
        expect(page.get_by_role("heading", name="Faire une réclamation")).to_be_focused()
        page.get_by_role("button", name="Contacter le service client").click()
        expect(page.get_by_role("region", name="Contacter le service client")).to_be_visible()
    finally:
        slow_widget.resume()
    page.get_by_label("Adresse email").fill("reseau.lent@exemple.fr")
    page.get_by_label("Votre message").fill("Je voudrais faire une reclamation sur mon compte svp")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    [row] = rows_with_email(database_url, "reseau.lent@exemple.fr")
    assert (row.category_id, row.topic_id) == ("account", "complaint")
    # The choices made before the page connected were counted once, like any other.
    after = flow_counts(database_url, "complaint")
    assert after.get("help_shown", 0) - before.get("help_shown", 0) == 1
    assert after.get("form_opened", 0) - before.get("form_opened", 0) == 1


def test_a_second_click_on_the_same_early_choice_changes_nothing(page: Page, slow_widget):
    page.add_init_script(RECORD_ORDER)
    page.goto(slow_widget.url, wait_until="commit")
    payment = page.get_by_role("radio", name="Mon paiement avec Alma")
    payment.click()
    payment.click()
    expect(page.get_by_role("group", name="Précisez votre demande")).to_be_visible()
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    # The first click was before the page connected (a second click on a checked radio
    # fires no change), and it connected after it.
    assert order_of(page)[:2] == ["before category-payment", "connected"]
    # Once connected, the server agrees: the choice is still shown, nothing was undone.
    expect(page.get_by_role("radio", name="Mon paiement avec Alma")).to_be_checked()
    expect(page.get_by_role("group", name="Précisez votre demande")).to_be_visible()


def test_without_javascript_the_help_is_still_reached(browser: Browser, slow_widget):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    through_the_proxy = slow_widget.connections
    page.goto(slow_widget.url)
    page.get_by_role("radio", name="Ma commande", exact=True).check()
    page.get_by_role("radio", name="Mon remboursement").check()
    help_region = page.get_by_role("region", name="Mon remboursement")
    expect(help_region).to_be_visible()
    link = help_region.get_by_role("link", name=re.compile(r"^En savoir plus"))
    expect(link).to_be_visible()
    assert link.get_attribute("href").startswith("https://")
    assert slow_widget.connections > through_the_proxy  # the page came through the slow line
    context.close()


def test_the_form_answers_while_the_network_stalls(page: Page, slow_widget, database_url):
    page.goto(slow_widget.url, wait_until="commit")
    page.get_by_role("radio", name="Mon paiement avec Alma").click()
    page.get_by_role("radio", name="Mon paiement a été refusé").click()
    page.get_by_role("button", name="Contacter le service client").click()
    email = page.get_by_label("Adresse email")
    email.fill("cb.refusee@gmail")
    page.get_by_label("Votre message").fill("cb refusee")
    # The customer is in a tunnel: nothing reaches the server, nothing comes back.
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    slow_widget.stall()
    try:
        page.get_by_role("button", name="Envoyer ma demande").click()
        summary = page.get_by_role("alert").filter(has_text="Votre demande n'a pas pu être envoyée")
        expect(summary).to_be_visible()
        expect(summary.get_by_role("link")).to_have_text(
            [
                re.compile(r"^Adresse email invalide"),
                "Indiquez le numéro de téléphone utilisé lors de votre commande.",
                "Votre message est trop court : 20 caractères au moins.",
            ]
        )
        expect(email).to_be_focused()
        expect(email).to_have_attribute("aria-invalid", "true")
        expect(email).to_have_accessible_description(re.compile("Adresse email invalide"))
        # Mended, the error goes at once; the others stay until mended.
        email.fill("cb.refusee@gmail.com")
        expect(email).to_have_attribute("aria-invalid", "false")
        expect(summary.get_by_role("link")).to_have_count(2)
        page.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
        page.get_by_label("Votre message").fill("ma cb est refusee a chaque paiement, pourquoi ?")
        expect(summary).to_be_hidden()
    finally:
        slow_widget.resume()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    [row] = rows_with_email(database_url, "cb.refusee@gmail.com")
    assert row.topic_id == "payment-refused"
