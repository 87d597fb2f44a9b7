"""A Reflex build plugin: the stylesheet inside the page, so the first paint needs one round trip.

Reflex links one stylesheet from every page. A linked stylesheet blocks the first paint until it
has arrived: on a phone with a 100 ms round trip, the choices appeared a round trip after the
page itself (`make bench`, « first category usable »). After the production build, each page
gets the stylesheet's rules in a <style>, and the link becomes media="print": still in the
document React hydrates (an element React expects to find), no longer waited for on screen.
"""

from __future__ import annotations

import re
from pathlib import Path

from reflex_base.plugins import Plugin

_LINK = re.compile(
    r'<link href="(?P<href>/assets/__reflex_global_styles-[\w-]+\.css)" rel="stylesheet"'
    r"(?P<rest>[^>]*)/>"
)


def inline_stylesheet(html: str, static_dir: Path) -> str:
    """`html` with the global stylesheet's rules in a <style> before its (now print) link."""

    def replace(match: re.Match[str]) -> str:
        css = (static_dir / match["href"].lstrip("/")).read_text(encoding="utf-8")
        if "</style" in css.lower():  # would end the element early: leave the link alone
            return match[0]
        link = f'<link href="{match["href"]}" rel="stylesheet" media="print"{match["rest"]}/>'
        return f"<style>{css}</style>{link}"

    return _LINK.sub(replace, html, count=1)


class InlineStylesheet(Plugin):
    """Inlines the stylesheet into every page of the production build."""

    def post_build(self, **context) -> None:
        static_dir: Path = context["static_dir"]
        for page in static_dir.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            page.write_text(inline_stylesheet(html, static_dir), encoding="utf-8")
