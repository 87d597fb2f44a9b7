"""The launcher's panel on a phone while the on-screen keyboard is open (#32 part 2).

A keyboard shrinks the visual viewport, not the layout one the panel is fixed to; no browser
here can open one, so the page's `visualViewport` is played by a stand-in the test moves as a
keyboard would (its height, and how far the page was panned under it), dispatching the same
events. The panel must follow what is visible, and the field being typed in stay in view.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.support.host_pages import FRAME

PHONE = {"width": 360, "height": 740}
# Before any script of the page: the stand-in, and `__keyboard(height, panned)` to move it.
KEYBOARD = """(() => {
  if (window.parent !== window) return;  // the widget's frame keeps its own
  const visible = new EventTarget();
  let keyboard = null;  // {height, panned} while open: the layout viewport's otherwise
  const props = {
    width: () => innerWidth, height: () => (keyboard ? keyboard.height : innerHeight),
    offsetTop: () => (keyboard ? keyboard.panned : 0), offsetLeft: () => 0, scale: () => 1,
  };
  for (const [name, get] of Object.entries(props)) Object.defineProperty(visible, name, {get});
  Object.defineProperty(window, "visualViewport", {value: visible, configurable: true});
  window.__keyboard = (height, panned) => {
    keyboard = height === null ? null : {height, panned};
    visible.dispatchEvent(new Event("resize"));
    visible.dispatchEvent(new Event("scroll"));
  };
})();"""


@pytest.fixture
def opened(browser: Browser, demo_host):
    """The launcher's panel opened on the account page, the keyboard's stand-in in place:
    `opened(viewport, **context options)` gives the page and the panel."""
    contexts = []

    def open_panel(viewport: dict, **options) -> tuple[Page, Locator]:
        context = browser.new_context(viewport=viewport, locale="fr-FR", **options)
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(KEYBOARD)
        page.goto(f"{demo_host}/dashboard.html")
        page.get_by_role("button", name="Aide").click()
        dialog = page.get_by_role("dialog", name="Aide Alma")
        expect(dialog).to_be_visible()
        return page, dialog

    yield open_panel
    for context in contexts:
        context.close()


def test_the_panel_follows_the_keyboard_and_the_field_stays_in_view(opened):
    page, dialog = opened(PHONE, has_touch=True, is_mobile=True)
    assert dialog.bounding_box() == {"x": 0, "y": 0, "width": 360, "height": 740}

    widget = page.frame_locator(FRAME)
    widget.get_by_role("radio", name="Mon compte Alma").press("Space")
    widget.get_by_role("radio", name="Autre question", exact=True).press("Space")
    widget.get_by_role("button", name="Contacter le service client").press("Enter")
    expect(widget.get_by_role("heading", name="Contacter le service client")).to_be_focused()
    # The host's prefill has landed (the form's fields are drawn anew with it): the customer
    # then taps the message.
    expect(widget.get_by_label("Adresse email")).to_have_value("marie.martin@exemple.fr")
    message = widget.get_by_label("Votre message")
    message.focus()
    expect(message).to_be_focused()
    # Where a customer who scrolled down to it finds it: as low on the screen as it goes.
    message.evaluate("field => field.scrollIntoView({block: 'end'})")
    # The keyboard opens and covers it all, the page panned 120 px under the keyboard.
    visible = int(message.bounding_box()["y"]) - 10
    assert visible >= 200  # room for the panel's header above the field
    page.evaluate(f"__keyboard({visible}, 120)")
    page.wait_for_function(
        "visible => { const r = document.querySelector('[role=dialog]').getBoundingClientRect();"
        " return r.top === 120 && r.height === visible; }",
        arg=visible,
    )
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport()
    # Closed again: the whole screen.
    page.evaluate("__keyboard(null, 0)")
    page.wait_for_function(
        "() => document.querySelector('[role=dialog]').getBoundingClientRect().height === 740"
    )


def test_on_a_wide_screen_the_panel_keeps_its_corner(opened):
    page, dialog = opened({"width": 1280, "height": 800})
    before = dialog.bounding_box()
    page.evaluate("__keyboard(500, 0)")
    page.evaluate("() => new Promise(requestAnimationFrame)")
    assert dialog.bounding_box() == before
    assert before["width"] == 400
