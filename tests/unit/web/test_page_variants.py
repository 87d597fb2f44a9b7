"""Which prerendered page a request gets: its language and host context."""

from __future__ import annotations

import pytest

from alma_widget.web.headers import secure_headers
from alma_widget.web.page_variants import (
    PageVariant,
    redirect_to_variant,
    variant_for_request,
    variant_of,
    variants,
)
from tests.unit.web.asgi import get_through


def test_every_language_in_every_context_has_its_page():
    routes = {variant.route for variant in variants()}
    assert routes == {"/fr", "/fr/checkout", "/fr/account", "/en", "/en/checkout", "/en/account"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", PageVariant("fr", "")),
        ("/en/", PageVariant("en", "")),
        ("/en/checkout", PageVariant("en", "checkout")),
        ("/en/checkout/", PageVariant("en", "checkout")),
        ("/fr/account/index.html", PageVariant("fr", "account")),
        ("/en/account.html", PageVariant("en", "account")),
        ("/en.html", PageVariant("en", "")),
        ("/de/checkout/", PageVariant("fr", "")),
        ("/en/nowhere/", PageVariant("en", "")),
        ("/admin", PageVariant("fr", "")),
        ("/en/checkout/extra/", PageVariant("fr", "")),
    ],
)
def test_a_page_address_names_its_variant(path, expected):
    assert variant_of(path) == expected


@pytest.mark.parametrize(
    ("query", "accept_language", "expected"),
    [
        ("", "", PageVariant("fr", "")),
        ("", "en-GB,en;q=0.9", PageVariant("en", "")),
        ("", "de-DE,en;q=0.5", PageVariant("en", "")),
        ("", "de-DE", PageVariant("fr", "")),
        ("locale=fr", "en-GB", PageVariant("fr", "")),
        ("context=checkout&locale=en", "fr-FR", PageVariant("en", "checkout")),
        ("context=nowhere&locale=xx", "", PageVariant("fr", "")),
    ],
)
def test_the_standalone_address_stands_for_the_visitor_page(query, accept_language, expected):
    assert variant_for_request(query, accept_language) == expected


def _get(path: str, query: bytes = b"", accept_language: bytes = b"") -> tuple[int, dict]:
    """One GET through the middleware and the headers, as the app stacks them."""
    language = [(b"accept-language", accept_language)] if accept_language else []
    return get_through(
        lambda app: secure_headers(redirect_to_variant(app)), path, query=query, headers=language
    )


def test_english_visitors_are_sent_to_their_page_once_with_the_query():
    status, headers = _get("/", b"merchant_id=m1", b"en-US,en;q=0.9")
    assert (status, headers["location"]) == (302, "/en/?merchant_id=m1")
    assert headers["vary"] == "Accept-Language"


def test_an_older_loader_query_reaches_its_context_page():
    status, headers = _get("/", b"context=account&locale=fr")
    assert (status, headers["location"]) == (302, "/fr/account/?context=account&locale=fr")


def test_french_visitors_get_the_standalone_page_itself():
    status, headers = _get("/", b"", b"fr-FR")
    assert status == 200
    assert headers["vary"] == "Accept-Language"


def test_other_addresses_pass_through():
    assert _get("/en/checkout/", b"", b"fr-FR")[0] == 200
