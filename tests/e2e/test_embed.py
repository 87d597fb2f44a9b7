"""The widget inside a cross-site iframe on the demo host pages, through the loader."""

import re

import sqlmodel
from playwright.sync_api import Page, expect
from sqlmodel import select

from alma_widget.storage.tables import SupportRequest
from harness.db import rows_with_email
from tests.e2e.conftest import drop_expected
from tests.support.connections import drop_the_connection, watch_connections
from tests.support.host_pages import FRAME, host_events
from tests.support.steps import open_conformity_form, send_purchase_form


def frame_has_no_scrollbar(page: Page) -> bool:
    frame = page.frame_locator(FRAME)
    return frame.locator("html").evaluate("html => html.scrollHeight <= window.innerHeight + 1")


def test_checkout_page_deep_link_prefill_resize_and_events(page: Page, demo_host, database_url):
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))
    page.goto(f"{demo_host}/checkout.html")
    widget = page.frame_locator(FRAME)
    # Deep link from the refused-payment banner: straight to the right help text.
    expect(widget.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    expect(widget.get_by_role("radio", name="Mon paiement avec Alma")).to_be_checked()
    # Checkout context: the purchase categories come first.
    labels = widget.get_by_role("group", name="Quel est l'objet de votre demande ?").get_by_role(
        "radio"
    )
    expect(labels.nth(0)).to_have_accessible_name("Mon paiement avec Alma")
    expect(labels.nth(1)).to_have_accessible_name("Ma commande")
    iframe = page.locator(FRAME)
    widget.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?").get_by_role(
        "radio", name="Non"
    ).check()
    page.wait_for_function("() => window.almaHostEvents.some(e => e.name === 'helped')")
    assert host_events(page, "helped") == [{"topic": "payment-refused", "helped": False}]
    help_height = iframe.evaluate("f => f.getBoundingClientRect().height")
    widget.get_by_role("button", name="Contacter le service client").click()
    # Auto-resize follows the steps, and the frame never scrolls inside.
    page.wait_for_function(
        "([selector, before]) => document.querySelector(selector).getBoundingClientRect().height"
        " > before + 100",
        arg=[FRAME, help_height],
    )
    assert frame_has_no_scrollbar(page)
    expect(widget.get_by_label(re.compile("^Référence de commande"))).to_have_value("CMD-2026-0042")
    # The prefill went by postMessage: no address the browser asked for holds it (proxies
    # and servers log addresses).
    assert addresses and not [url for url in addresses if "CMD-2026-0042" in url]
    widget.get_by_label("Adresse email").fill("iframe@exemple.fr")
    widget.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
    widget.get_by_label("Votre message").fill("Paiement refusé sur la Boutique Démo, que faire ?")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    reference = widget.locator("#request-reference").inner_text()
    expect(page.locator("#host-events")).to_have_text(f"Demande transmise à Alma : {reference}")
    page.wait_for_function("() => window.almaHostEvents.some(e => e.name === 'step')")
    assert host_events(page, "ready") == [{"context": "checkout"}]
    assert {"step": "form", "topic": "payment-refused"} in host_events(page, "step")
    assert host_events(page, "submitted") == [{"reference": reference}]
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        row = session.exec(
            select(SupportRequest).where(SupportRequest.reference == reference)
        ).one()
    engine.dispose()
    assert (row.widget_context, row.merchant_id, row.merchant_name) == (
        "checkout",
        "boutique_demo",
        "Boutique Démo",
    )
    assert row.order_reference == "CMD-2026-0042"
    assert row.page_url == f"{demo_host}/checkout.html"


def test_dashboard_launcher_loads_the_widget_only_when_opened(
    page: Page, demo_host, widget_app, browser_errors
):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{demo_host}/dashboard.html")
    launcher = page.get_by_role("button", name="Aide")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    widget_requests = [u for u in requested if u.startswith(widget_app.url)]
    assert widget_requests == [f"{widget_app.url}/embed.js"]
    expect(page.locator(FRAME)).to_have_count(0)
    launcher.click()
    dialog = page.get_by_role("dialog", name="Aide Alma")
    expect(dialog).to_be_visible()
    widget = page.frame_locator(FRAME)
    group = widget.get_by_role("group", name="Quel est l'objet de votre demande ?")
    expect(group.get_by_role("radio").nth(0)).to_have_accessible_name("Mes échéances")
    # The panel's frame grows with each reveal: use the keyboard, which does not aim.
    group.get_by_role("radio", name="Mon compte Alma").press("Space")
    topic = widget.get_by_role("radio", name="Autre question", exact=True)
    topic.press("Space")
    expect(topic).to_be_checked()
    expect(widget.get_by_role("heading", name="Autre question")).to_be_visible()
    widget.get_by_role("button", name="Contacter le service client").press("Enter")
    expect(widget.get_by_label("Adresse email")).to_have_value("marie.martin@exemple.fr")
    # prefill() from the host reaches an open form.
    page.evaluate("AlmaSupport.prefill({phone: '06 12 34 56 78', email: 'autre@exemple.fr'})")
    expect(widget.get_by_label("Numéro de téléphone (facultatif)")).to_have_value("+33612345678")
    expect(widget.get_by_label("Adresse email")).to_have_value("marie.martin@exemple.fr")
    widget.get_by_label("Votre message").fill("Comment changer l'adresse email de mon compte ?")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    page.wait_for_function("() => window.almaHostEvents.some(e => e.name === 'submitted')")
    assert host_events(page, "submitted")[0]["reference"].startswith("ALM-")
    # « Fermer » is in the panel's header, drawn by the widget's page.
    widget.get_by_role("button", name="Fermer", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_forged_messages_are_ignored(page: Page, demo_host, browser_errors):
    page.goto(f"{demo_host}/checkout.html")
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    iframe = page.locator(FRAME)
    page.wait_for_function("() => window.almaHostEvents.some(e => e.name === 'ready')")
    height = iframe.evaluate("f => f.style.height")
    # From the host page itself (not the widget's origin): the loader ignores them.
    page.evaluate(
        """() => {
          window.postMessage({source: 'alma-widget', type: 'resize', payload: {height: 7}}, '*');
          window.postMessage({source: 'alma-widget', type: 'submitted',
                              payload: {reference: 'ALM-FAKEFAKE'}}, '*');
        }"""
    )
    # A message the loader does accept, sent after the forged ones, proves they were handled.
    widget.get_by_role("radio", name="Autre question sur mon paiement").check()
    page.wait_for_function(
        "() => window.almaHostEvents.some(e => e.name === 'step' && e.payload.step === 'help'"
        " && e.payload.topic === 'payment-other')"
    )
    assert iframe.evaluate("f => f.style.height") != "7px"
    assert height != "7px"
    assert host_events(page, "submitted") == []


def test_a_host_not_on_the_allow_list_cannot_frame_the_widget(page: Page, foreign_host):
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text):
        page.goto(f"{foreign_host}/checkout.html")
    expect(
        page.frame_locator(FRAME).get_by_role("heading", name="Envoyer une demande")
    ).to_have_count(0)


def test_widget_responses_carry_the_security_headers(page: Page, widget_app, demo_host):
    response = page.request.get(f"{widget_app.url}/")
    headers = response.headers
    assert headers["content-security-policy"].startswith(
        f"frame-ancestors 'self' {demo_host}; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; script-src 'self' 'unsafe-eval' 'sha256-"
    )
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    for unhashed in ("/embed.js", "/embed-inline.js", "/search.js"):
        answer = page.request.get(f"{widget_app.url}{unhashed}")
        assert answer.ok and answer.headers["cache-control"] == "public, max-age=300"


def test_a_broken_configuration_does_not_break_the_host_page(page: Page, demo_host, browser_errors):
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(f"{demo_host}/broken.html")
    expect(page.get_by_role("heading", name="Page hôte")).to_be_visible()
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    assert "AlmaSupport: invalid context ignored" in warnings
    assert "AlmaSupport: invalid accent ignored" in warnings
    assert "AlmaSupport: unknown option colour ignored" in warnings


def test_the_checkout_s_loader_has_no_launcher_and_says_where_it_is(
    page: Page, demo_host, widget_app, browser_errors
):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(demo_host)  # the demo checkout: the inline-only loader
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    assert f"{widget_app.url}/embed-inline.js" in requested
    assert f"{widget_app.url}/embed.js" not in requested
    # A merchant who asks it for the launcher is told which loader has one; nothing is drawn.
    page.evaluate("() => { AlmaSupport.destroy(); AlmaSupport.init({ mode: 'launcher' }); }")
    assert warnings == [
        "AlmaSupport: the launcher comes with /embed.js, not /embed-inline.js: no widget shown"
    ]
    expect(page.locator(FRAME)).to_have_count(0)
    expect(page.get_by_role("button", name="Aide")).to_have_count(0)


OPEN_SOCKET = """url => new Promise(resolve => {
  const socket = new WebSocket(url);
  socket.onmessage = () => { resolve("open"); socket.close(); };
  socket.onerror = () => resolve("refused");
})"""


def test_the_websocket_accepts_only_the_widget_origin(page: Page, widget_app, demo_host):
    url = widget_app.url.replace("http", "ws") + "/_event/?EIO=4&transport=websocket"
    page.goto(widget_app.url)
    assert page.evaluate(OPEN_SOCKET, url) == "open"
    page.goto(f"{demo_host}/checkout.html")
    assert page.evaluate(OPEN_SOCKET, url) == "refused"


def test_a_merchant_can_send_nothing_of_its_page_address(page: Page, demo_host, database_url):
    page.goto(f"{demo_host}/private.html")
    assert "page_url" not in (page.locator(FRAME).get_attribute("src") or "")
    widget = page.frame_locator(FRAME)
    widget.get_by_role("radio", name="Mon compte Alma").check()
    widget.get_by_role("radio", name="Autre question", exact=True).check()
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Adresse email").fill("sans.adresse@exemple.fr")
    widget.get_by_label("Votre message").fill("Une question depuis une page privée du marchand.")
    widget.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_visible()
    [row] = rows_with_email(database_url, "sans.adresse@exemple.fr")
    assert row.page_url is None


def test_only_the_builds_own_inline_scripts_run(widget: Page, browser_errors):
    """The page works under its script policy (every test here runs under it); a script
    slipped into the page (an injection) is refused by the browser."""
    widget.get_by_role("radio", name="Mon compte Alma").check()
    expect(widget.locator("main[data-hydrated='true']")).to_have_count(1)
    # The server's calls (rx.call_script, run with eval) still run: it called almaConnected.
    widget.wait_for_function("() => window.almaIsConnected && window.almaIsConnected()")
    refused = widget.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener('securitypolicyviolation',
                e => resolve(e.violatedDirective), { once: true });
            const injected = document.createElement('script');
            injected.textContent = 'window.injected = true;';
            document.body.appendChild(injected);
        })"""
    )
    assert refused.startswith("script-src")
    assert widget.evaluate("() => window.injected") is None
    drop_expected(browser_errors, "Content Security Policy")


def test_an_older_loader_s_prefill_in_the_address_is_not_applied(page: Page, widget_app):
    """Personal data in an address reaches proxies and logs: the widget does not use it, so
    frozen loaders that still send it work on without prefill."""
    page.goto(
        f"{widget_app.url}/fr/checkout/?embed=1&email=ancien%40exemple.fr"
        "&phone=0612345678&order_reference=CMD-2024-1"
    )
    page.get_by_role("radio", name="Mon compte Alma").check()
    page.get_by_role("radio", name="Autre question", exact=True).check()
    page.get_by_role("button", name="Contacter le service client").click()
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    expect(page.get_by_label("Adresse email")).to_have_value("")
    expect(page.get_by_label("Numéro de téléphone")).to_have_value("")


def test_the_host_s_prefill_survives_a_reconnection(page: Page, demo_host, database_url):
    """The server forgets the form at each connection (#30); the page hands the host's prefill
    over again, as it does the identity, and what the customer typed still wins."""
    watch_connections(page)
    page.goto(f"{demo_host}/checkout.html")
    widget = page.frame_locator(FRAME)
    widget.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?").get_by_role(
        "radio", name="Non"
    ).check()
    frame = page.locator(FRAME).element_handle().content_frame()
    assert frame is not None
    drop_the_connection(frame)
    widget.get_by_role("button", name="Contacter le service client").click()
    order = widget.get_by_label(re.compile("^Référence de commande"))
    expect(order).to_have_value("CMD-2026-0042")
    order.fill("CMD-2026-0099")  # the customer corrects it
    drop_the_connection(frame)
    expect(order).to_have_value("CMD-2026-0099")
    send_purchase_form(widget, "coupure-hote@exemple.fr", "Paiement refusé après une coupure.")
    [row] = rows_with_email(database_url, "coupure-hote@exemple.fr")
    assert row.order_reference == "CMD-2026-0099"


def test_a_merchant_s_theme_colours_the_widget_in_the_mode_it_chose(page: Page, demo_host):
    page.goto(f"{demo_host}/themed.html")
    widget = page.frame_locator(FRAME)
    # The mode from the first paint, before any touch; the accent once the page connected.
    expect(widget.locator("html")).to_have_attribute("data-mode", "dark")
    # The native controls and the frame's canvas too, though this browser's system is light.
    expect(widget.locator("html")).to_have_css("color-scheme", "dark")
    expect(widget.locator("body")).to_have_css("background-color", "rgb(23, 25, 30)")
    expect(widget.locator("body")).to_have_css(
        "font-family", "Georgia, serif, system-ui, sans-serif"
    )
    expect(widget.locator(".choice").first).to_have_css("border-radius", "0px")
    open_conformity_form(widget)
    send = widget.get_by_role("button", name="Envoyer ma demande")
    expect(send).to_have_css("background-color", "rgb(11, 95, 255)")
    expect(send).to_have_css("color", "rgb(255, 255, 255)")
    expect(widget.locator("html")).to_have_css("color-scheme", "dark")  # once started too


def test_a_pale_accent_is_refused_saying_which_rule(page: Page, demo_host):
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(f"{demo_host}/account.html")
    page.evaluate("() => AlmaSupport.init({ theme: { accent: '#ffcc00', mode: 'light' } })")
    widget = page.frame_locator(FRAME)
    expect(widget.locator("html")).to_have_attribute("data-mode", "light")
    widget.locator("#widget-title").click()  # the page connects: the server checks the accent
    refused = "e => e.name === 'error' && e.payload.code === 'invalid_config'"
    page.wait_for_function(f"() => almaHostEvents.some({refused})")
    assert host_events(page, "error") == [{"code": "invalid_config", "fields": ["accent"]}]
    assert (
        "Alma support widget: accent #ffcc00 refused: 1.40:1 against the widget's background, "
        "and WCAG 2.2 (1.4.3, text) asks 4.5:1; Alma's colour is kept"
    ) in warnings
    open_conformity_form(widget)
    send = widget.get_by_role("button", name="Envoyer ma demande")
    expect(send).to_have_css("background-color", "rgb(179, 51, 15)")  # Alma's own
