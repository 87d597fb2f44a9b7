"""Firefox and Safari's engine (WebKitGTK), not only Chromium: a customer walks the flow and
sends a request on the standalone page, and opens the launcher on a merchant's page of
another origin (harness/other_browsers.py; Selenium, waiting on conditions). Once, on the
embedded stack."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from alma_widget.content.loading import catalog
from harness import other_browsers
from harness.db import rows_with_email
from harness.waiting import wait_until
from tests.e2e.conftest import PRODUCTION

pytestmark = [
    pytest.mark.skipif(PRODUCTION, reason="once, on the embedded stack"),
    pytest.mark.skipif(
        bool(other_browsers.missing()),
        reason=f"missing: {', '.join(other_browsers.missing())} (.ci/run installs them)",
    ),
]
SENT = "Votre demande a bien été envoyée"


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with other_browsers.virtual_display() as name:
        yield name


@pytest.fixture(params=other_browsers.BROWSERS)
def driver(request, display, tmp_path) -> Iterator[WebDriver]:
    driver = other_browsers.start(request.param, display, tmp_path)
    try:
        yield driver
    finally:
        driver.quit()


def _waiting(driver: WebDriver) -> WebDriverWait:
    return WebDriverWait(driver, 20)


def _by_text(tag: str, text: str) -> tuple[str, str]:
    return By.XPATH, f"//{tag}[normalize-space()={text!r}]"


def _shown(driver: WebDriver, locator: tuple[str, str]) -> WebElement:
    """The element the customer sees among those that match (the page holds every topic's
    help and controls; CSS shows the chosen one's), once there is one."""

    def visible(_: WebDriver) -> WebElement | bool:
        return next((e for e in driver.find_elements(*locator) if e.is_displayed()), False)

    try:
        return _waiting(driver).until(visible)
    except TimeoutException:
        matched = [(e.tag_name, e.is_displayed()) for e in driver.find_elements(*locator)]
        raise AssertionError(f"nothing shown for {locator[1]} (matched: {matched})") from None


def _choose(driver: WebDriver, label: str) -> None:
    """Check the radio of this label, as a finger would: on its label."""
    shown = _shown(driver, _by_text("label", label))
    radio = driver.find_element(By.ID, shown.get_attribute("for"))
    shown.click()
    _waiting(driver).until(lambda _: radio.is_selected())


def _fill(driver: WebDriver, field: str, text: str) -> None:
    element = _shown(driver, (By.ID, f"field-{field}"))
    element.clear()
    element.send_keys(text)


def _send_a_question(driver: WebDriver, email: str) -> str:
    """Mon compte Alma › Autre question › the form › « Envoyer »; the reference read."""
    _choose(driver, "Mon compte Alma")
    _choose(driver, "Autre question")
    _shown(driver, _by_text("h2", "Autre question"))
    _shown(driver, _by_text("button", "Contacter le service client")).click()
    _fill(driver, "email", email)
    _fill(driver, "message", "Comment changer l'adresse email de mon compte Alma ?")
    _shown(driver, _by_text("button", "Envoyer ma demande")).click()
    _shown(driver, _by_text("h2", SENT))
    return re.search(r"ALM-[0-9A-Z]{8}", driver.find_element(By.TAG_NAME, "main").text)[0]


def test_a_customer_sends_a_request_on_the_standalone_page(
    driver: WebDriver, widget_app, database_url, smtp_sink
):
    address = f"{driver.name.lower()}.client@exemple.fr"
    driver.get(f"{widget_app.url}/fr/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    reference = _send_a_question(driver, address)
    [row] = rows_with_email(database_url, address)
    assert row.reference == reference
    wait_until(lambda: any(reference in (m["Subject"] or "") for m in smtp_sink.received()))


def test_the_launcher_opens_the_widget_on_a_merchant_s_page(driver: WebDriver, demo_host):
    driver.get(f"{demo_host}/dashboard.html")
    # The loader speaks the browser's language (MiniBrowser's is English here).
    words = catalog(
        "fr" if driver.execute_script("return navigator.language").startswith("fr") else "en"
    )
    launcher = _shown(driver, _by_text("button", words.loader.launcher))
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    _waiting(driver).until(lambda _: launcher.get_attribute("aria-expanded") == "true")
    frame = _shown(driver, (By.CSS_SELECTOR, f"iframe[title={words.loader.frame_title!r}]"))
    driver.switch_to.frame(frame)
    _shown(driver, _by_text("h1", words.ui.title))
    category = words.categories[-1]
    _choose(driver, category.label)
    _shown(driver, _by_text("label", category.topics[-1].label))
    # « Fermer » is in the panel's header, which the widget's page draws.
    close = words.loader.close
    _shown(driver, (By.XPATH, f"//button[normalize-space()={close!r}]")).click()
    driver.switch_to.default_content()
    _waiting(driver).until(lambda _: launcher.get_attribute("aria-expanded") == "false")
