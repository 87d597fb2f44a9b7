"""The flow with the keyboard alone."""

from playwright.sync_api import Page, expect


def test_keyboard_only_path_to_the_contact_form(widget: Page):
    keyboard = widget.keyboard
    keyboard.press("Tab")
    first = widget.get_by_role("radio", name="Mon paiement avec Alma", exact=True)
    expect(first).to_be_focused()
    # Arrow keys move and select inside the radio group.
    keyboard.press("ArrowDown")
    instalments = widget.get_by_role("radio", name="Mes échéances", exact=True)
    expect(instalments).to_be_focused()
    expect(instalments).to_be_checked()
    topics = widget.get_by_role("group", name="Précisez votre demande")
    expect(topics).to_be_visible()
    keyboard.press("Tab")
    expect(topics.get_by_role("radio").first).to_be_focused()
    keyboard.press("Space")
    postpone = widget.get_by_role("radio", name="Je souhaite décaler une échéance")
    expect(postpone).to_be_checked()
    expect(widget.get_by_role("region", name="Je souhaite décaler une échéance")).to_be_visible()
    keyboard.press("Tab")
    expect(widget.get_by_role("link", name="En savoir plus", exact=False)).to_be_focused()
    keyboard.press("Tab")
    expect(widget.get_by_role("radio", name="Oui")).to_be_focused()
    keyboard.press("ArrowDown")
    expect(widget.get_by_role("radio", name="Non")).to_be_checked()
    keyboard.press("Tab")
    contact = widget.get_by_role("button", name="Contacter le service client")
    expect(contact).to_be_focused()
    keyboard.press("Enter")
    expect(widget.get_by_role("heading", name="Contacter le service client")).to_be_focused()
    # Shift+Tab leaves the form heading backwards: no trap.
    keyboard.press("Shift+Tab")
    expect(widget.get_by_role("radio", name="Non")).to_be_focused()
