"""The back office for the end-to-end tests: signing in, opening a request."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import ADMIN_PASSWORD


def sign_in(page: Page, url: str, password: str = ADMIN_PASSWORD) -> None:
    page.goto(f"{url}/admin")
    page.get_by_label("Identifiant").fill("support")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def open_in_admin(page: Page, reference: str) -> None:
    """In a signed-in back office: find one request by its reference and open it."""
    page.get_by_label("Référence ou email").fill(reference)
    page.get_by_role("button", name="Filtrer").click()
    page.locator("#requests tbody tr").get_by_role("button", name=reference).click()
