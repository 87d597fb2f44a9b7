"""English and French: chosen by the browser or the host, switched without losing anything."""

import re

import sqlmodel
from playwright.sync_api import Page, expect
from sqlmodel import select

from alma_widget.content.loading import catalog
from alma_widget.storage.tables import SupportRequest

EN = catalog("en")
FRAME_EN = "iframe[title='Alma help: send a request']"


def stored(database_url: str, email: str) -> SupportRequest:
    engine = sqlmodel.create_engine(database_url)
    with sqlmodel.Session(engine) as session:
        row = session.exec(select(SupportRequest).where(SupportRequest.email == email)).one()
    engine.dispose()
    return row


def test_english_browser_gets_english_everywhere(browser, widget_app, database_url):
    page = browser.new_page(locale="en-GB")
    page.goto(widget_app.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a request")
    expect(page.get_by_role("main")).to_have_attribute("lang", "en")
    page.get_by_role("radio", name="My payment with Alma").check()
    page.get_by_role("radio", name="My payment was declined").check()
    topic = EN.topic("payment", "payment-refused")
    link = page.get_by_role("link", name=re.compile("^Learn more"))
    expect(link).to_have_attribute("href", topic.faq_url)
    assert topic.faq_url.startswith("https://help.almapay.com/hc/en-gb/")
    expect(link).to_have_accessible_name(
        "Learn more (help centre article “My payment was declined”, opens in a new tab)"
    )
    page.get_by_role("button", name="Contact customer service").click()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("alert")).to_contain_text("Your request could not be sent")
    expect(page.get_by_label("Email address")).to_have_accessible_description(
        re.compile("Enter your email address.")
    )
    page.get_by_label("Email address").fill("english@example.com")
    page.get_by_label("Phone number").fill("+44 20 7946 0958")
    page.get_by_label("Your message").fill("My payment was declined twice this morning.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", name="Your request has been sent")).to_be_focused()
    assert stored(database_url, "english@example.com").locale == "en"
    page.close()


def test_switching_language_keeps_the_flow_and_what_was_typed(widget: Page, database_url):
    widget.get_by_role("radio", name="Mes échéances").check()
    widget.get_by_role("radio", name="Je souhaite modifier mon moyen de paiement").check()
    widget.get_by_role("button", name="Contacter le service client").click()
    widget.get_by_label("Adresse email").fill("bilingue@exemple.fr")
    widget.get_by_role("button", name="English").click()
    expect(widget.get_by_role("heading", level=1)).to_have_text("Send a request")
    expect(widget.get_by_role("button", name="Français")).to_be_focused()
    expect(widget.get_by_role("radio", name="My instalments", exact=True)).to_be_checked()
    expect(
        widget.get_by_role("radio", name="I would like to change my payment method")
    ).to_be_checked()
    expect(widget.get_by_label("Email address")).to_have_value("bilingue@exemple.fr")
    widget.get_by_label("Your message").fill("Switching languages keeps my form intact.")
    widget.get_by_role("button", name="Send my request").click()
    expect(widget.get_by_role("heading", name="Your request has been sent")).to_be_visible()
    assert stored(database_url, "bilingue@exemple.fr").locale == "en"


def test_the_host_chooses_the_language(page: Page, demo_host):
    page.goto(f"{demo_host}/english.html")  # in a French browser
    page.get_by_role("button", name="Help").click()
    expect(page.get_by_role("dialog", name="Alma help")).to_be_visible()
    widget = page.frame_locator(FRAME_EN)
    expect(widget.get_by_role("heading", level=1)).to_have_text("Send a request")
    expect(widget.get_by_role("button", name="Close", exact=True)).to_be_visible()
