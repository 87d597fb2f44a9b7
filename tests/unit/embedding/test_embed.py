"""The host page's configuration: each value checked on its own, a bad one dropped and named."""

import pytest

from alma_widget.embedding.host_config import parse_embed_config
from alma_widget.embedding.theme import contrast
from alma_widget.web.page_variants import choose_locale as _choose_locale


def test_good_values_are_kept_and_normalized():
    config = parse_embed_config(
        {
            "context": "checkout",
            "locale": "en",
            "merchant_id": "shop_1",
            "merchant_name": " Boutique ",
            "order_reference": "CMD-1",
            "email": "A@B.FR",
            "phone": "06 12 34 56 78",
            "topic": "refund",
            "accent": "#B3330F",
            "host_origin": "https://shop.example",
            "page_url": "https://shop.example/cart?x=1",
        }
    )
    assert config.ignored == ()
    assert (config.merchant_name, config.email, config.phone) == (
        "Boutique",
        "A@b.fr",
        "+33612345678",
    )
    assert config.accent == "#b3330f"


def test_the_page_address_is_kept_without_its_query_or_fragment():
    address = "https://shop.example/checkout/pay?token=s3cr3t&email=a%40b.fr#card"
    assert parse_embed_config({"page_url": address}).page_url == "https://shop.example/checkout/pay"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("context", "shop"),
        ("locale", "de"),
        ("merchant_id", "a b"),
        ("merchant_name", "x" * 129),
        ("order_reference", "<script>"),
        ("email", "nope"),
        ("phone", "123"),
        ("topic", "unknown-topic"),
        ("accent", "red"),
        ("accent", "#fa5022"),  # Alma's orange: 3.4:1 on white, too light for text
        ("accent", "#ffff00"),
        ("host_origin", "https://shop.example/path"),
        ("host_origin", "javascript:alert(1)"),
        ("page_url", "ftp://x"),
        ("email", ["a@b.fr"]),
        ("context", "x" * 5000),
    ],
)
def test_a_bad_value_is_dropped_and_named(name, value):
    config = parse_embed_config(
        {name: value, "context": "account"} if name != "context" else {name: value}
    )
    assert config.ignored == (name,)
    assert getattr(config, name) == ""


def test_unknown_parameters_are_not_ours():
    assert parse_embed_config({"utm_source": "x", "embed": "1"}).ignored == ()


@pytest.mark.parametrize(
    ("colour", "ratio"), [("#ffffff", 1.0), ("#000000", 21.0), ("#b3330f", 6.18)]
)
def test_contrast_ratio(colour, ratio):
    assert contrast(colour, "#ffffff") == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(
    ("configured", "accept_language", "expected"),
    [
        ("en", "fr-FR,fr;q=0.9", "en"),
        ("", "en-GB,en;q=0.9", "en"),
        ("", "de-DE,en;q=0.5", "en"),
        ("", "de-DE,es;q=0.5", "fr"),
        ("", "", "fr"),
    ],
)
def test_locale_choice(configured, accept_language, expected):
    assert _choose_locale(configured, accept_language) == expected
