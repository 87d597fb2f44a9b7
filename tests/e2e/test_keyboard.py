"""The whole flow, down to a sent request, with the keyboard alone."""

from playwright.sync_api import Page, expect

from tests.support.steps import open_conformity_form


def test_keyboard_only_path_to_a_sent_request(widget: Page):
    keyboard = widget.keyboard
    keyboard.press("Tab")
    expect(widget.get_by_role("button", name="English")).to_be_focused()
    keyboard.press("Tab")
    expect(
        widget.get_by_role("searchbox", name="Décrivez votre problème en quelques mots")
    ).to_be_focused()
    keyboard.press("Tab")
    expect(widget.get_by_role("radio", name="Mon paiement avec Alma", exact=True)).to_be_focused()
    # Arrow keys move and select inside the radio group; focus stays there to keep browsing.
    keyboard.press("ArrowDown")
    instalments = widget.get_by_role("radio", name="Mes échéances", exact=True)
    expect(instalments).to_be_checked()
    topics = widget.get_by_role("group", name="Précisez votre demande")
    expect(topics).to_be_visible()
    expect(widget.get_by_role("status")).to_have_text("Sujets affichés pour « Mes échéances ».")
    expect(instalments).to_be_focused()
    # Enter moves on to what the choice revealed.
    keyboard.press("Enter")
    expect(widget.get_by_role("heading", name="Précisez votre demande")).to_be_focused()
    keyboard.press("Tab")
    expect(topics.get_by_role("radio").first).to_be_focused()
    # Space chooses: the help text appears and takes focus.
    keyboard.press("Space")
    help_heading = widget.get_by_role("heading", name="Je souhaite décaler une échéance")
    expect(help_heading).to_be_focused()
    keyboard.press("Tab")
    expect(widget.get_by_role("link", name="En savoir plus", exact=False)).to_be_focused()
    keyboard.press("Tab")
    expect(widget.get_by_role("radio", name="Oui")).to_be_focused()
    keyboard.press("ArrowDown")
    expect(widget.get_by_role("radio", name="Non")).to_be_checked()
    keyboard.press("Tab")
    expect(widget.get_by_role("button", name="Contacter le service client")).to_be_focused()
    keyboard.press("Enter")
    expect(widget.get_by_role("heading", name="Contacter le service client")).to_be_focused()
    # No trap: Shift+Tab goes back up, Tab comes down again.
    keyboard.press("Shift+Tab")
    expect(widget.get_by_role("radio", name="Non")).to_be_focused()
    keyboard.press("Tab")
    expect(widget.get_by_label("Adresse email")).to_be_focused()
    keyboard.type("clavier@exemple.fr")
    keyboard.press("Tab")
    expect(widget.get_by_label("Numéro de téléphone (facultatif)")).to_be_focused()
    keyboard.press("Tab")
    expect(widget.get_by_label("Votre message")).to_be_focused()
    keyboard.type("Je voudrais décaler l'échéance du 12 décembre.")
    keyboard.press("Tab")
    expect(widget.get_by_role("button", name="Envoyer ma demande")).to_be_focused()
    keyboard.press("Enter")
    expect(widget.get_by_role("heading", name="Votre demande a bien été envoyée")).to_be_focused()


def test_an_error_sends_focus_to_the_first_invalid_field(widget: Page):
    widget.get_by_role("radio", name="Mon compte Alma").check()
    widget.get_by_role("radio", name="Autre question", exact=True).check()
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Votre message").fill("Un message assez long pour passer.")
    # Straight to « Envoyer » (a topic the search suggests may come between the message
    # and the button after half a second: Tab would land on it).
    widget.get_by_role("button", name="Envoyer ma demande").focus()
    widget.keyboard.press("Enter")
    expect(widget.get_by_label("Adresse email")).to_be_focused()


# The strip just left of a field's box, where its focus ring (3 px, 2 px off the field)
# shows: the form's parts are laid out only near the view and clip what they paint (their
# clip margin lets the ring through: widget_later.css).
def _left_of(page: Page, selector: str) -> bytes:
    box = page.locator(selector).bounding_box()
    assert box is not None
    strip = {"x": box["x"] - 5, "y": box["y"] + box["height"] / 2 - 2, "width": 4, "height": 4}
    return page.screenshot(clip=strip)


def test_a_field_s_focus_ring_shows_whole(widget: Page):
    open_conformity_form(widget)
    email = widget.get_by_role("textbox", name="Adresse email")
    email.scroll_into_view_if_needed()
    unfocused = _left_of(widget, "#field-email")
    email.focus()
    expect(email).to_be_focused()
    assert _left_of(widget, "#field-email") != unfocused
