"""The first paint is the page: on merchant pages of another origin, in each context and
language, a choice clicked as soon as it is painted is the one that stays chosen, nothing
moves when React takes over, and an untouched page costs the widget's origin the page alone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect

from alma_widget.content.loading import catalog
from alma_widget.page_contract import KEPT_IN_TAB
from alma_widget.web.first_paint import (
    SCRIPT_AFTER_THE_PAGE,
)
from harness.db import flow_counts, rows_with_email
from harness.waiting import wait_until
from tests.support.first_touch import TOUCH_FILE, TOUCH_SCRIPTS_FILE
from tests.support.steps import open_form

QUESTION = {"fr": "Quel est l'objet de votre demande ?", "en": "What is your request about?"}
LAUNCHER = {"fr": "Aide", "en": "Help"}
CHECKOUT = {
    "fr": ["Mon paiement avec Alma", "Ma commande", "Mes échéances", "Mon compte Alma"],
    "en": ["My payment with Alma", "My order", "My instalments", "My Alma account"],
}
ACCOUNT = {
    "fr": ["Mes échéances", "Mon compte Alma", "Mon paiement avec Alma", "Ma commande"],
    "en": ["My instalments", "My Alma account", "My payment with Alma", "My order"],
}
STANDALONE = {
    "fr": ["Mon paiement avec Alma", "Mes échéances", "Ma commande", "Mon compte Alma"],
    "en": ["My payment with Alma", "My instalments", "My order", "My Alma account"],
}
# mode, context, locale, the order the customer must see, the category clicked at once.
CASES = [
    ("inline", "checkout", "fr", CHECKOUT["fr"], 1),
    ("inline", "checkout", "en", CHECKOUT["en"], 1),
    ("launcher", "account", "fr", ACCOUNT["fr"], 1),
    ("launcher", "account", "en", ACCOUNT["en"], 1),
    ("inline", "", "en", STANDALONE["en"], 2),
]


def _painted(widget: FrameLocator | Page, locale: str) -> dict:
    """What the customer reads of the first question, and the document's language."""
    group = widget.get_by_role("group", name=QUESTION[locale])
    expect(group.get_by_role("radio")).to_have_count(4)
    return {
        "labels": group.locator("label").all_inner_texts(),
        "lang": widget.locator("html").get_attribute("lang"),
        "legend": group.locator("legend").inner_text(),
    }


def _open(page: Page, demo_host: str, mode: str, context: str, locale: str) -> FrameLocator:
    page.goto(f"{demo_host}/host.html?mode={mode}&context={context}&locale={locale}")
    if mode == "launcher":
        page.get_by_role("button", name=LAUNCHER[locale]).click()
    return page.frame_locator("iframe")


# ("context" would shadow pytest-playwright's browser context fixture.)
@pytest.mark.parametrize(("mode", "host_context", "locale", "order", "clicked"), CASES)
def test_a_choice_clicked_as_soon_as_painted_is_the_one_chosen(
    page: Page, demo_host, database_url, browser_errors, mode, host_context, locale, order, clicked
):
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    widget = _open(page, demo_host, mode, host_context, locale)
    first = _painted(widget, locale)
    assert first["labels"] == order
    assert first["lang"] == locale
    assert sockets == [], "the page connected before the customer touched it"

    group = widget.get_by_role("group", name=QUESTION[locale])
    # force: a real mouse click where the choice is painted, without Playwright's « stable »
    # wait, which counts animation frames inside the frame: Chromium may throttle a
    # cross-origin frame's frames under load, and that wait then never ends (it hung 30 s in
    # two runs). A customer does not wait for stability either; `:visible` and the painted
    # group make sure the choice is shown.
    group.get_by_text(order[clicked], exact=True).click(force=True)
    # The next choice at once too, while the app loads and React takes the page over.
    topics = widget.locator("fieldset:visible").nth(1)
    topic_radio = topics.get_by_role("radio").first
    topic_id = topic_radio.get_attribute("value")
    before = flow_counts(database_url, topic_id).get("help_shown", 0)
    topics.locator("label").first.click(force=True)

    expect(widget.locator("main[data-hydrated='true']")).to_have_count(1)
    expect(group.get_by_role("radio", name=order[clicked])).to_be_checked()
    expect(topic_radio).to_be_checked()
    expect(group.locator("input:checked")).to_have_count(1)
    assert _painted(widget, locale) == first, "the page changed when React took it over"
    assert len(sockets) == 1
    # The server heard both choices through the snapshot, and counted the help once.
    wait_until(lambda: flow_counts(database_url, topic_id).get("help_shown", 0) == before + 1)


def test_an_untouched_page_costs_the_page_alone(page: Page, demo_host, widget_app):
    from_widget: list[str] = []
    page.on(
        "request",
        lambda request: (
            from_widget.append(request.url.removeprefix(widget_app.url))
            if request.url.startswith(widget_app.url)
            else None
        ),
    )
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.goto(f"{demo_host}/host.html?mode=inline&context=checkout", wait_until="networkidle")
    widget = page.frame_locator("iframe")
    expect(widget.get_by_role("radio", name="Ma commande")).to_be_visible()
    assert [re.sub(r"\?.*", "", url) for url in from_widget] == ["/embed.js", "/fr/checkout/"]
    assert sockets == []
    # The first touch loads the rest and connects.
    with page.expect_websocket():
        widget.get_by_role("radio", name="Ma commande").focus()


def test_the_search_arrives_only_when_its_field_is_touched(widget: Page):
    asked: list[str] = []
    widget.on("request", lambda request: asked.append(request.url))
    searching = re.compile(r"/search\.js|/search-index/")
    widget.get_by_role("radio", name="Ma commande").click()
    expect(widget.locator("main[data-hydrated='true']")).to_have_count(1)
    widget.wait_for_load_state("networkidle")
    assert not [url for url in asked if searching.search(url)]
    with widget.expect_request(re.compile(r"/search-index/fr-\w+\.json")):
        widget.get_by_role("searchbox").click()
    widget.keyboard.type("remboursement")
    expect(widget.locator("#search-results button").first).to_be_visible()


def test_an_inline_widget_far_below_is_loaded_when_it_comes_near(page: Page, demo_host):
    page.goto(f"{demo_host}/host.html?mode=inline&spacer=4000", wait_until="networkidle")
    expect(page.locator("iframe")).to_have_count(0)
    page.locator("#alma-support").scroll_into_view_if_needed()
    expect(page.frame_locator("iframe").get_by_role("radio", name="Ma commande")).to_be_visible()


def test_reading_works_without_javascript_in_the_page_language(browser: Browser, widget_app):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{widget_app.url}/en/checkout/")
    assert _painted(page, "en")["labels"] == CHECKOUT["en"]
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("label", has_text=re.compile("^My order$")).click()
    page.locator("label", has_text="I have not received my order").click()
    expect(page.get_by_role("heading", name="I have not received my order")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Learn more"))).to_be_visible()
    context.close()


def test_every_topic_s_help_opens_by_css_alone(browser: Browser, widget_app):
    """The reveal rules (components/reveal.py) look inside one fieldset and reach the next
    ones as siblings: every category and topic of the catalogue, not just a sample, opens
    what it should, and only that, without a line of JavaScript."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{widget_app.url}/fr/")
    content = catalog("fr")
    questions = [content.ui.category_question, content.ui.topic_question]
    for category in content.categories:
        page.get_by_role("radio", name=category.label, exact=True).check()
        for topic in category.topics:
            page.get_by_role("radio", name=topic.label, exact=True).check()
            expect(page.get_by_role("heading", level=2)).to_have_text([*questions, topic.label])
    context.close()


def test_the_standalone_page_is_in_the_browser_language_from_the_first_byte(
    browser: Browser, widget_app
):
    english = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = english.new_page()
    page.goto(widget_app.url)
    assert page.url == f"{widget_app.url}/en/"
    assert _painted(page, "en")["lang"] == "en"
    # An older loader, pinned by integrity, still names its context and language in the query.
    page.goto(f"{widget_app.url}/?context=account&locale=fr&merchant_id=m1")
    assert page.url == f"{widget_app.url}/fr/account/?context=account&locale=fr&merchant_id=m1"
    assert _painted(page, "fr")["labels"] == ACCOUNT["fr"]
    english.close()
    french = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = french.new_page()
    page.goto(widget_app.url)
    assert page.url == f"{widget_app.url}/"
    assert _painted(page, "fr")["labels"] == STANDALONE["fr"]
    french.close()


def test_a_reload_keeps_the_step_and_what_was_typed(widget: Page, database_url):
    open_form(widget, "Mon paiement avec Alma", "Mon paiement a été refusé")
    form = widget.get_by_role("region", name="Contacter le service client")
    form.get_by_label("Adresse email").fill("recharge@exemple.fr")
    form.get_by_label("Votre message").fill("Mon paiement a été refusé après le rechargement.")
    widget.reload()
    # Back at once, before the page connects: the form open, what was typed in it.
    expect(form.get_by_label("Adresse email")).to_have_value("recharge@exemple.fr")
    expect(form.get_by_label("Votre message")).to_be_visible()
    expect(widget.get_by_role("radio", name="Mon paiement a été refusé")).to_be_checked()
    form.get_by_label("Numéro de téléphone").fill("06 12 34 56 78")
    form.get_by_role("button", name="Envoyer ma demande").click()
    expect(widget.locator("#request-reference")).to_be_visible()
    [row] = rows_with_email(database_url, "recharge@exemple.fr")
    assert (row.category_id, row.topic_id) == ("payment", "payment-refused")
    # Sent: a reload starts afresh, nothing of the customer's is kept in the tab.
    widget.reload()
    expect(widget.get_by_role("radio", name="Mon paiement avec Alma")).not_to_be_checked()
    assert widget.evaluate("key => sessionStorage.getItem(key)", KEPT_IN_TAB) is None


def test_a_customer_who_reads_and_leaves_before_connecting_is_counted(
    page: Page, widget_app, database_url
):
    # The app never arrives (a phone losing its signal): the page never connects. The page's
    # own scripts of the first touch, a few KB, did (the flow's sends the beacon).
    page.route(
        re.compile(r"/assets/"),
        lambda route: route.continue_() if TOUCH_FILE.search(route.request.url) else route.abort(),
    )
    page.goto(widget_app.url)
    before = flow_counts(database_url, "complaint").get("help_shown", 0)
    page.locator("label", has_text="Mon compte Alma").click()
    page.locator("label", has_text="Faire une réclamation").click()
    expect(page.get_by_role("heading", name="Faire une réclamation")).to_be_visible()
    page.wait_for_function("() => window.almaTransition")
    page.goto("about:blank")
    wait_until(lambda: flow_counts(database_url, "complaint").get("help_shown", 0) == before + 1)


@pytest.fixture
def rewriting_page(browser_type, browser_type_launch_args):
    """A page whose document the test rewrites: Chromium then takes the document for one from
    the public network, and refuses its socket to this machine's server unless told not to."""
    args = [
        *browser_type_launch_args.get("args", []),
        "--disable-features=LocalNetworkAccessChecks",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser.new_page(locale="fr-FR")
    browser.close()


def test_choices_made_before_the_page_s_scripts_ran_are_counted(
    rewriting_page: Page, widget_app, database_url
):
    """The flow's scripts run after the page (web/first_paint.py): on a slow phone the
    customer chooses before they arrive. The radios and CSS show the help alone; the choices
    are handed to the scripts when they run, and reach the server once."""
    page = rewriting_page
    held: list = []
    moved: list[str] = []

    def page_without_its_scripts(route):
        answer = route.fetch()
        html = answer.text()
        moved.extend(found["code"] for found in SCRIPT_AFTER_THE_PAGE.finditer(html))
        assert moved, "the page has no script after it"
        html = SCRIPT_AFTER_THE_PAGE.sub("", html).replace(
            "</main>", '</main><script src="/late-scripts.js"></script>', 1
        )
        # Sent as text: the fetched answer's encoding and length no longer hold.
        headers = {
            name: value
            for name, value in answer.headers.items()
            if name.lower() not in ("content-encoding", "content-length")
        }
        route.fulfill(status=answer.status, headers=headers, body=html)

    page.route(widget_app.url + "/", page_without_its_scripts)
    # Answered once the customer has chosen.
    page.route("**/late-scripts.js", lambda route: held.append(route))
    page.goto(widget_app.url, wait_until="commit")
    before = flow_counts(database_url, "complaint").get("help_shown", 0)
    page.locator("label", has_text="Mon compte Alma").click()
    page.locator("label", has_text="Faire une réclamation").click()
    expect(page.get_by_role("heading", name="Faire une réclamation")).to_be_visible()
    # (evaluate lets Playwright hand the held request over meanwhile)
    wait_until(lambda: page.evaluate("document.readyState") == "loading" and held)
    held[0].fulfill(body="\n".join(moved), content_type="text/javascript")

    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    expect(page.get_by_role("radio", name="Faire une réclamation")).to_be_checked()
    expect(page.get_by_role("radio", name="Mon compte Alma")).to_be_checked()
    wait_until(lambda: flow_counts(database_url, "complaint").get("help_shown", 0) == before + 1)


def test_the_steps_taken_before_the_flow_s_script_arrived_are_taken_up(
    page: Page, widget_app, database_url
):
    """The flow's script comes at the first touch (web/first_paint.py, TOUCH_SCRIPTS): on a
    slow phone the customer goes on meanwhile. The radios and CSS show the help at once, the
    form opens at the press (assets/boot.js); the script, once there, takes every step up and
    hands it over, once."""
    held: list = []
    page.route(TOUCH_SCRIPTS_FILE, lambda route: held.append(route))
    page.goto(widget_app.url)
    before = flow_counts(database_url, "complaint")
    page.locator("label", has_text="Mon compte Alma").click()
    page.locator("label", has_text="Faire une réclamation").click()
    expect(page.get_by_role("heading", name="Faire une réclamation")).to_be_visible()
    helped = page.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?")
    helped.get_by_role("radio", name="Non").check()
    page.get_by_role("button", name="Contacter le service client").click()
    expect(page.get_by_label("Adresse email")).to_be_visible()
    expect(page.get_by_role("heading", name="Contacter le service client")).to_be_focused()
    # (evaluate lets Playwright hand the held request over meanwhile)
    wait_until(lambda: page.evaluate("!window.almaTransition") and held)
    held[0].continue_()

    expect(page.get_by_label("Adresse email")).to_be_visible()
    expect(page.get_by_role("radio", name="Faire une réclamation")).to_be_checked()
    expect(helped.get_by_role("radio", name="Non")).to_be_checked()
    expect(page.locator("main[data-hydrated='true']")).to_have_count(1)
    expected = {
        kind: before.get(kind, 0) + 1 for kind in ("help_shown", "helped_no", "form_opened")
    }
    wait_until(
        lambda: (
            {kind: flow_counts(database_url, "complaint").get(kind, 0) for kind in expected}
            == expected
        )
    )


def test_a_linked_topic_is_open_before_the_first_touch(page: Page, widget_app):
    """A topic the host page links to is open from the first paint, with nothing loaded but
    the page; the flow takes it up at the first touch."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{widget_app.url}/fr/checkout/?topic=payment-refused", wait_until="networkidle")
    expect(page.get_by_role("heading", name="Mon paiement a été refusé")).to_be_visible()
    expect(page.get_by_role("radio", name="Mon paiement avec Alma")).to_be_checked()
    assert not [url for url in asked if "/assets/" in url]
    page.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?").get_by_role(
        "radio", name="Non"
    ).check()
    page.get_by_role("button", name="Contacter le service client").click()
    expect(page.get_by_label("Adresse email")).to_be_visible()
    expect(page.get_by_role("radio", name="Mon paiement a été refusé")).to_be_checked()


# A run of keys pressed every 40 ms from the first touch on, for `lasting` ms, in the page.
KEYS_FOR = """lasting => new Promise(done => {
  const first = performance.now();
  const press = () => {
    window.__lastKey = performance.now();
    document.dispatchEvent(new KeyboardEvent("keydown", {key: "Shift"}));
    if (performance.now() - first < lasting) setTimeout(press, 40); else done(first);
  };
  press();
})"""
# When the page asked for React's first module (the page's held start-up script names it).
REACT_ASKED_AT = """() => {
  const held = document.querySelector("script[type='text/alma-boot']").textContent;
  const module = held.match(/from "([^"]+)"/)[1];
  return performance.getEntriesByType("resource").find(r => r.name.endsWith(module)).startTime;
}"""


def _keys_then_react_asked(widget: Page, lasting: int) -> tuple[float, float, float]:
    """The first key's time, the last key's, and when React's first module was asked for."""
    first = widget.evaluate(KEYS_FOR, lasting)
    expect(widget.locator("main[data-hydrated='true']")).to_have_count(1)
    return first, widget.evaluate("() => window.__lastKey"), widget.evaluate(REACT_ASKED_AT)


def test_react_waits_for_a_pause_in_the_customer_s_keys_and_clicks(widget: Page):
    """On a fast link the first touch's files are there before the next click, and React's
    start (hydrating the page) under that click made it wait: it waits for a pause of 150 ms
    in the customer's input."""
    _, last, asked = _keys_then_react_asked(widget, 600)
    assert asked >= last + 145


def test_react_starts_within_a_second_of_input_that_never_pauses(widget: Page):
    """A customer who never pauses still gets a connected page: a second at most."""
    first, last, asked = _keys_then_react_asked(widget, 2500)
    assert first < asked < last
