"""A merchant's accent colour, checked for contrast and turned into the widget's tokens.

The surfaces are assets/widget.css's own (`--alma-surface` and `--alma-soft`, light and dark):
the accent colours links and drawings on them and fills the primary button under white text,
so it must reach 4.5:1 against each light surface (WCAG 2.2, 1.4.3, text). In the dark mode
the links and drawings take a lighter tint of it that reaches 4.5:1 on the dark surfaces; the
button keeps the accent itself, under white text.
"""

from __future__ import annotations

TEXT_CONTRAST = 4.5
LIGHT_SURFACES = ("#ffffff", "#f5f6f8")
DARK_SURFACES = ("#17191e", "#23262d")
WHITE, BLACK = "#ffffff", "#000000"


def _channels(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def relative_luminance(hex_colour: str) -> float:
    """WCAG's relative luminance of a #rrggbb colour."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (channel / 255 for channel in _channels(hex_colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share_of_other: float) -> str:
    """`colour` moved towards `other` by `share_of_other` (0: itself, 1: the other)."""
    blended = (
        round(a + (b - a) * share_of_other)
        for a, b in zip(_channels(colour), _channels(other), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in blended)


def accent_refusal(accent: str) -> str:
    """Why this accent cannot be used (in English, for the host's developer console), or ""."""
    worst = min(contrast(accent, surface) for surface in LIGHT_SURFACES)
    if worst >= TEXT_CONTRAST:
        return ""
    return (
        f"accent {accent} refused: {worst:.2f}:1 against the widget's background, and WCAG 2.2 "
        f"(1.4.3, text) asks {TEXT_CONTRAST}:1; Alma's colour is kept"
    )


def readable_on_dark(accent: str) -> str:
    """The lightest step needed for the accent to read at 4.5:1 on every dark surface."""
    for step in range(21):
        tint = mix(accent, WHITE, step / 20)
        if all(contrast(tint, surface) >= TEXT_CONTRAST for surface in DARK_SURFACES):
            return tint
    return WHITE


def accent_tokens(accent: str) -> dict[str, dict[str, str]]:
    """The widget's accent tokens from a checked accent, for the light and the dark mode."""
    return {
        "light": {
            "--alma-accent": accent,
            "--alma-accent-text": accent,
            "--alma-accent-fill": accent,
            "--alma-accent-strong": mix(accent, BLACK, 0.2),
            "--alma-accent-soft": mix(accent, WHITE, 0.92),
        },
        "dark": {
            "--alma-accent-text": readable_on_dark(accent),
            "--alma-accent-soft": mix(accent, DARK_SURFACES[0], 0.8),
        },
    }


def accent_style(accent: str) -> str:
    """The CSS a merchant's accent adds to the page (after assets/widget.css's tokens)."""
    tokens = accent_tokens(accent)

    def block(selector: str, declarations: dict[str, str]) -> str:
        return selector + "{" + ";".join(f"{k}:{v}" for k, v in declarations.items()) + "}"

    return block(":root", tokens["light"]) + block(':root[data-mode="dark"]', tokens["dark"])
