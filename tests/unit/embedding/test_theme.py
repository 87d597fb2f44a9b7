"""A merchant's accent: refused under 4.5:1 on the widget's surfaces, saying why; turned into
tokens that keep every text readable in both modes (alma_widget/embedding/theme.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alma_widget.embedding.host_config import parse_embed_config
from alma_widget.embedding.theme import (
    DARK_SURFACES,
    LIGHT_SURFACES,
    accent_refusal,
    accent_style,
    accent_tokens,
    contrast,
)

hex_colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")
usable_accents = hex_colours.filter(lambda c: not accent_refusal(c))


@pytest.mark.parametrize("accent", ["#b3330f", "#0b5fff", "#1f2329"])
def test_dark_enough_accents_are_taken(accent):
    config = parse_embed_config({"accent": accent.upper()})
    assert (config.accent, config.ignored, config.reasons) == (accent, (), ())


def test_a_pale_accent_is_refused_naming_the_rule_and_its_contrast():
    config = parse_embed_config({"accent": "#ffcc00"})
    assert (config.accent, config.ignored) == ("", ("accent",))
    [reason] = config.reasons
    assert reason.startswith("accent #ffcc00 refused: 1.4")
    assert "WCAG 2.2 (1.4.3, text) asks 4.5:1" in reason and "Alma's colour is kept" in reason


def test_an_accent_readable_on_white_but_not_on_the_help_card_is_refused():
    # #767676 reaches 4.54:1 on white, 4.2:1 on the help card's grey (--alma-soft).
    assert contrast("#767676", "#ffffff") >= 4.5
    assert accent_refusal("#767676").startswith("accent #767676 refused: 4.2")


def test_a_malformed_accent_is_ignored_without_a_reason():
    assert parse_embed_config({"accent": "red"}).reasons == ()


@given(usable_accents)
def test_every_text_the_accent_colours_stays_readable_in_both_modes(accent):
    tokens = accent_tokens(accent)
    for surface in LIGHT_SURFACES:
        assert contrast(tokens["light"]["--alma-accent-text"], surface) >= 4.5
    for surface in DARK_SURFACES:
        assert contrast(tokens["dark"]["--alma-accent-text"], surface) >= 4.5
    assert contrast("#ffffff", tokens["light"]["--alma-accent-fill"]) >= 4.5


def test_the_style_sets_the_tokens_for_each_mode():
    style = accent_style("#0b5fff")
    light, dark = style.split(':root[data-mode="dark"]')
    assert light.startswith(":root{--alma-accent:#0b5fff;--alma-accent-text:#0b5fff;")
    assert "--alma-accent-fill:#0b5fff" in light
    assert dark.startswith("{--alma-accent-text:#") and "#0b5fff" not in dark
