"""Personal data in a merchant page's address never reaches a row, a mail or a ticket."""

from __future__ import annotations

import pytest

from alma_widget.embedding.host_config import parse_embed_config
from alma_widget.redaction import redact_url


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        (
            "https://alice:S3cret@shop.example/account/alice.martin@mail.fr/reset/TOKEN123",
            "https://shop.example/account/[email]/reset/[numéro]",
        ),
        ("https://shop.example/reset/aZbQxLmNpRsTuVwYzAbCd", "https://shop.example/reset/[jeton]"),
        (
            "https://shop.example/client/06%2012%2034%2056%2078/",
            "https://shop.example/client/[téléphone]/",
        ),
        (
            "https://shop.example/commande/4242424242424242",
            "https://shop.example/commande/[numéro]",
        ),
        ("https://shop.example/account/alice%40mail.fr", "https://shop.example/account/[email]"),
        # What is not personal stays: slugs, a number of one digit, ports, IPv6 hosts.
        (
            "https://shop.example:8443/checkout/ma-belle-commande-en-3x?cart=1#pay",
            "https://shop.example:8443/checkout/ma-belle-commande-en-3x",
        ),
        ("http://[::1]:8080/panier/etape-2", "http://[::1]:8080/panier/etape-2"),
        # A segment kept is kept as it was written (still percent-encoded).
        ("https://shop.example/caf%C3%A9/th%C3%A9", "https://shop.example/caf%C3%A9/th%C3%A9"),
    ],
)
def test_personal_parts_of_an_address_are_replaced(address, kept):
    assert redact_url(address) == kept
    assert parse_embed_config({"page_url": address}).page_url == kept


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://", "mailto:a@b.fr"])
def test_what_is_not_a_web_address_is_refused(address):
    config = parse_embed_config({"page_url": address})
    assert config.page_url == "" and config.ignored == ("page_url",)
