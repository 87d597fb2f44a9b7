"""A single-page dashboard (demo/spa.html, another origin): routes, user and language change
without a reload, and the widget follows through AlmaSupport's API."""

from playwright.sync_api import Page, expect

from tests.support.host_pages import host_events

FRAME = "iframe.alma-support-frame"


def events(page: Page, name: str, count: int) -> list[dict]:
    """The host's events of this name, once there are `count` of them."""
    page.wait_for_function(
        "([name, count]) => almaHostEvents.filter(e => e.name === name).length >= count",
        arg=[name, count],
    )
    return host_events(page, name)


def test_routes_users_and_languages_change_without_a_reload(page: Page, demo_host, browser_errors):
    page.goto(f"{demo_host}/spa.html")
    launcher = page.locator(".alma-support-launcher")
    expect(launcher).to_have_text("Aide")
    # Bottom left, 24 px from the corner: the page's own buttons are on the right.
    box = launcher.bounding_box()
    assert box and round(box["x"]) == 24
    # A second init (the dashboard's next route) updates, never a second widget.
    page.evaluate("() => AlmaSupport.init({ mode: 'launcher', context: 'checkout' })")
    expect(page.locator(".alma-support-launcher")).to_have_count(1)
    page.get_by_label("Compte").select_option("marie")
    launcher.click()
    widget = page.frame_locator(FRAME)
    expect(widget.get_by_role("heading", name="Envoyer une demande")).to_be_visible()
    expect(widget.get_by_role("radio").first).to_have_accessible_name("Mon paiement avec Alma")
    page.evaluate("() => AlmaSupport.open({ view: 'requests' })")
    expect(widget.get_by_role("region", name="Mes demandes")).to_contain_text(
        "Vous n'avez encore envoyé aucune demande"
    )
    assert events(page, "identified", 1) == [{}]
    assert events(page, "requestsShown", 1) == [{"count": 0}]
    # The language: the launcher and the page in English; the identity handed over again.
    page.get_by_label("Langue").select_option("en")
    expect(launcher).to_have_text("Help")
    expect(widget.get_by_role("heading", name="Send a request")).to_be_visible()
    widget.locator("#widget-title").click()  # a first touch: the new page connects
    expect(widget.get_by_role("button", name="My requests")).to_be_visible()
    # Another route, another context: the account questions come first.
    page.evaluate("() => { window.location.hash = '#/echeances'; }")  # the router's move
    expect(page.get_by_role("heading", name="Mes échéances")).to_be_visible()
    questions = widget.get_by_role("group", name="What is your request about?")
    expect(questions.get_by_role("radio").first).to_have_accessible_name("My instalments")
    # Logged out: the next person on this device is nobody.
    widget.locator("#widget-title").click()
    expect(widget.get_by_role("button", name="My requests")).to_be_visible()
    page.get_by_label("Compte").select_option("")
    expect(widget.get_by_role("button", name="My requests")).to_have_count(0)
    # hide() and show() the launcher.
    page.evaluate("() => AlmaSupport.hide()")
    expect(launcher).to_be_hidden()
    page.evaluate("() => AlmaSupport.show()")
    expect(launcher).to_be_visible()


def test_off_unsubscribes_and_destroy_removes_everything(page: Page, demo_host, browser_errors):
    page.goto(f"{demo_host}/spa.html")
    page.evaluate(
        """() => {
            window.seen = [];
            const stop = AlmaSupport.on('ready', () => window.seen.push('on'));
            const handler = () => window.seen.push('handler');
            AlmaSupport.on('ready', handler);
            stop();
            AlmaSupport.off('ready', handler);
        }"""
    )
    page.get_by_role("button", name="Aide").click()
    events(page, "ready", 1)  # the page's own handler heard it
    assert page.evaluate("() => window.seen") == []
    page.evaluate("() => AlmaSupport.destroy()")
    expect(page.locator("iframe")).to_have_count(0)
    expect(page.locator(".alma-support-launcher, .alma-support-panel")).to_have_count(0)
    # init works again after destroy, from nothing.
    page.evaluate("() => AlmaSupport.init({ mode: 'inline', target: 'main' })")
    expect(
        page.frame_locator(FRAME).get_by_role("heading", name="Envoyer une demande")
    ).to_be_visible()
    expect(page.locator(".alma-support-launcher")).to_have_count(0)
