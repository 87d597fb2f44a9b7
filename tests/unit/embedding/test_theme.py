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
    mix,
    relative_luminance,
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


def test_contrast_in_the_dark_channels_follows_wcag_s_linear_part():
    # Channels under 0.04045 are linear (c / 12.92): #0a0a0a against black is 1.06:1.
    assert contrast("#0a0a0a", "#000000") == pytest.approx(1.0607, abs=0.0005)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)


def test_mixing_moves_each_channel_towards_the_other_colour():
    assert mix("#b3330f", "#ffffff", 0) == "#b3330f"
    assert mix("#b3330f", "#ffffff", 1) == "#ffffff"
    assert mix("#000000", "#ffffff", 0.5) == "#808080"
    assert mix("#204060", "#000000", 0.5) == "#102030"


@given(usable_accents)
def test_the_tokens_keep_their_roles(accent):
    light, dark = accent_tokens(accent)["light"], accent_tokens(accent)["dark"]
    # Under the pointer the button darkens; a chosen card is a wash of the accent, light on
    # white and dark on the dark surface.
    assert relative_luminance(light["--alma-accent-strong"]) <= relative_luminance(accent)
    assert contrast(light["--alma-accent-soft"], "#ffffff") < 1.25
    assert contrast(dark["--alma-accent-soft"], DARK_SURFACES[0]) < 1.5
    # The dark text tint is the least lightened that reads: one step less would not.
    tint = dark["--alma-accent-text"]
    assert contrast(tint, DARK_SURFACES[1]) >= 4.5
    lighter_share = next(s / 20 for s in range(21) if mix(accent, "#ffffff", s / 20) == tint)
    if lighter_share > 0:
        less = mix(accent, "#ffffff", lighter_share - 0.05)
        assert min(contrast(less, surface) for surface in DARK_SURFACES) < 4.5


def test_a_grey_just_under_the_ratio_is_refused_and_the_style_has_a_block_per_mode():
    # #777777 gives 4.48:1 on white.
    assert accent_refusal("#777777")
    assert not accent_refusal("#000000")
    assert accent_style("#0b5fff").count("{") == accent_style("#0b5fff").count("}") == 2
    assert accent_style("#0b5fff").endswith("}")
