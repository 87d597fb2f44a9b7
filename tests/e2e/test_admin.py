"""The support team's back office: nothing without signing in; list, filters, detail, CSV."""

import json
import os
import subprocess
import sys

import sqlmodel
from playwright.sync_api import Browser, BrowserContext, Page, expect

from alma_widget.customer_request.model import ContactRequestIn
from alma_widget.storage.queries import create_request
from harness.servers import ROOT
from harness.socket_client import capture_hydrate, what_a_connection_receives
from tests.support.admin_pages import open_in_admin, sign_in

XSS = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> aidez-moi'


def seed(database_url: str, email: str, key: str, message: str) -> str:
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "account",
            "topic_id": "complaint",
            "email": email,
            "message": message,
        }
    )
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        row, _ = create_request(session=session, request_in=request_in, submission_key=key)
        reference = row.reference
    engine.dispose()
    return reference


def test_nothing_is_shown_without_signing_in(page: Page, widget_app, browser_errors):
    page.goto(f"{widget_app.url}/admin")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    sign_in(page, widget_app.url, password="pas-le-bon-mot-de-passe")
    expect(page.get_by_role("status")).to_have_text("Identifiant ou mot de passe incorrect.")
    expect(page.get_by_role("table")).to_have_count(0)


def test_search_detail_as_text_status_and_csv(page: Page, widget_app, database_url, browser_errors):
    reference = seed(database_url, "xss@exemple.fr", "admin-xss", XSS)
    sign_in(page, widget_app.url)
    expect(page.get_by_role("region", name="Demandes")).to_be_visible()
    page.get_by_label("Référence ou email").fill("xss@exemple.fr")
    page.get_by_role("button", name="Filtrer").click()
    requests = page.locator("#requests tbody tr")
    expect(requests).to_have_count(1)
    requests.get_by_role("button", name=reference).click()
    detail = page.get_by_role("region", name="Détail de la demande")
    # The message is shown as text: nothing in it ran.
    expect(detail.get_by_text(XSS)).to_be_visible()
    expect(detail.locator("img")).to_have_count(0)
    assert page.evaluate("() => window.__pwned === undefined")
    detail.get_by_role("button", name="Marquer « Répondue »").click()
    expect(detail).to_contain_text("support")
    page.get_by_label("Statut").select_option("answered")
    page.get_by_role("button", name="Filtrer").click()
    expect(requests).to_have_count(1)
    page.get_by_label("Statut").select_option("new")
    page.get_by_role("button", name="Filtrer").click()
    expect(requests).to_have_count(0)
    page.get_by_label("Statut").select_option("answered")
    page.get_by_role("button", name="Filtrer").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter en CSV").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert reference in text and "xss@exemple.fr" in text
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()


def test_figures_and_erasure(page: Page, widget_app, database_url, browser_errors):
    seed(database_url, "efface@exemple.fr", "admin-erase", "Merci d'effacer mes données.")
    sign_in(page, widget_app.url)
    figures = page.locator("#figures tbody tr")
    expect(figures).to_have_count(16)
    page.get_by_role("region", name="Effacement").get_by_label("Adresse email").fill(
        "efface@exemple.fr"
    )
    page.get_by_role("button", name="Tout effacer pour cette adresse").click()
    expect(page.get_by_role("status")).to_contain_text("Effacement : 1 request(s)")
    page.get_by_label("Référence ou email").fill("efface@exemple.fr")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#requests tbody tr")).to_have_count(0)


def test_attachments_only_through_a_signed_in_link(
    page: Page, widget_app, database_url, upload_dir, browser_errors
):
    from alma_widget.contact.attachments import save

    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 128
    stored = save("colis-abime.png", png, upload_dir)
    request_in = ContactRequestIn.model_validate(
        {
            "category_id": "order",
            "topic_id": "order-not-compliant",
            "email": "pj@exemple.fr",
            "phone": "0612345678",
            "message": "Voici la photo du colis abîmé.",
        }
    )
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        row, _ = create_request(
            session=session, request_in=request_in, submission_key="pj", attachments=[stored]
        )
        reference = row.reference
    engine.dispose()
    # Without a signed link: nothing.
    for query in ("", "?exp=9999999999&sig=0000&name=x.png"):
        response = page.request.get(f"{widget_app.url}/admin-files/{stored.stored_name}{query}")
        assert response.status == 404
    sign_in(page, widget_app.url)
    open_in_admin(page, reference)
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger colis-abime.png").click()
    assert download.value.suggested_filename == "colis-abime.png"
    # The customer's name for their file is sealed in the link, never readable in it.
    link = download.value.url
    assert "/admin-files/" in link and "colis" not in link and "abime" not in link
    assert download.value.path().read_bytes() == png


def admin_cookie(context: BrowserContext) -> dict:
    [cookie] = [c for c in context.cookies() if c["name"] == "alma_admin"]
    return cookie


def test_a_copied_reflex_token_acts_as_nobody(
    browser: Browser, widget_app, database_url, browser_errors
):
    # The agent's session is an HttpOnly cookie; the page's Reflex token, taken to another
    # browser (it travels in the websocket's address, proxies log it), opens nothing.
    reference = seed(
        database_url, "vole@exemple.fr", "admin-copied-token", "Un jeton copié par un proxy."
    )
    agent = browser.new_context()
    page = agent.new_page()
    sign_in(page, widget_app.url)
    open_in_admin(page, reference)
    cookie = admin_cookie(agent)
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Strict", "/")
    assert "alma_admin" not in page.evaluate("document.cookie")  # no script reads it
    token = page.evaluate("window.sessionStorage.getItem('token')")
    agent.close()  # the agent's tab gone, its Reflex state (signed in) stays on the server
    # Not even the first frame the server sends a connection (Reflex's hydrate snapshot, taken
    # before any handler runs) carries the agent's screen.
    harvest = what_a_connection_receives(
        widget_app.url, capture_hydrate(browser, widget_app.url), token
    )
    assert '"is_hydrated_rx_state_": true' in harvest
    assert "vole@exemple.fr" not in harvest and reference not in harvest
    thief = browser.new_context()
    stolen = thief.new_page()
    stolen.add_init_script(f"window.sessionStorage.setItem('token', {json.dumps(token)})")
    stolen.goto(f"{widget_app.url}/admin")
    # The server heard the page: the state was the agent's, the session is not there.
    expect(stolen.get_by_role("status")).to_have_text("Session expirée : reconnectez-vous.")
    expect(stolen.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(stolen.get_by_role("table")).to_have_count(0)
    expect(stolen.get_by_role("button", name="Exporter en CSV")).to_have_count(0)
    thief.close()


def test_signing_out_ends_the_session_for_whoever_kept_its_cookie(
    browser: Browser, widget_app, browser_errors
):
    agent = browser.new_context()
    page = agent.new_page()
    sign_in(page, widget_app.url)
    expect(page.get_by_role("region", name="Demandes")).to_be_visible()
    kept = admin_cookie(agent)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("status")).to_have_text("Déconnecté.")
    expect(page.get_by_role("table")).to_have_count(0)
    # The cookie copied before signing out is worth nothing now: the session is over on the
    # server, not only forgotten by this browser.
    other = browser.new_context()
    other.add_cookies([kept])
    replay = other.new_page()
    replay.goto(f"{widget_app.url}/admin")
    expect(replay.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(replay.get_by_role("table")).to_have_count(0)
    other.close()
    agent.close()


def test_a_named_agent_signs_in_and_what_they_do_bears_their_name(
    page: Page, widget_app, database_url, browser_errors
):
    added = subprocess.run(
        [sys.executable, "-m", "alma_widget.admin.agents", "add", "camille"],
        input="le-mot-de-passe-de-camille\n",
        cwd=ROOT,
        env={**os.environ, "REFLEX_DB_URL": database_url},
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    reference = seed(database_url, "nomme@exemple.fr", "admin-named", "Qui a traité ma demande ?")
    page.goto(f"{widget_app.url}/admin")
    page.get_by_label("Identifiant").fill("camille")
    page.get_by_label("Mot de passe").fill("le-mot-de-passe-de-camille")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Connecté : camille")).to_be_visible()
    open_in_admin(page, reference)
    detail = page.get_by_role("region", name="Détail de la demande")
    detail.get_by_role("button", name="Marquer « En cours »").click()
    expect(detail).to_contain_text("camille")
    with page.expect_download():
        page.get_by_role("button", name="Exporter en CSV").click()
    engine = sqlmodel.create_engine(database_url)
    with engine.connect() as connection:
        done = connection.execute(
            sqlmodel.text("SELECT action, detail FROM admin_action WHERE agent = 'camille'")
        ).all()
    engine.dispose()
    assert ("status", reference) in done and ("export", "search") in done
