"""The widget's pages: one prerendered page per language and host context.

A merchant page opens the widget in a context (`checkout` puts payment and order first,
`account` instalments and account) and a language. Both are known before the page is sent:
the loader asks for `/<locale>/<context>/`, so the page that arrives is already in that order
and that language, JavaScript on or off, and React, when it takes over, renders the same
thing (nothing moves under a customer who clicks as soon as a choice is painted). `/` is the
French standalone page; a browser that prefers another language, or an older loader that
still names `locale`/`context` in the query, is sent to its page (redirect_to_variant).
"""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qsl

from alma_widget.content.loading import DEFAULT_LOCALE, locales

# The host contexts a page is prerendered for; "" is the standalone page.
CONTEXTS = ("checkout", "account")
# Which kind of category comes first in each host context (see Category.intro).
FIRST_KIND = {"checkout": "purchase", "account": "account"}


@dataclasses.dataclass(frozen=True)
class PageVariant:
    """One prerendered page: a language and a host context ("" standalone)."""

    locale: str = DEFAULT_LOCALE
    context: str = ""

    @property
    def route(self) -> str:
        """The page's route, as Reflex registers it (served with a trailing slash)."""
        return f"/{self.locale}" + (f"/{self.context}" if self.context else "")

    @property
    def first_kind(self) -> str | None:
        """The kind of category this context puts first, None for the content's order."""
        return FIRST_KIND.get(self.context)


def variants() -> list[PageVariant]:
    """Every page to prerender: each language in each context."""
    return [PageVariant(locale, context) for locale in locales() for context in ("", *CONTEXTS)]


def variant_of(path: str) -> PageVariant:
    """The variant a page address stands for; `/` and anything unknown: French standalone."""
    parts = [part for part in path.split("/") if part and part != "index.html"]
    if parts and parts[-1].endswith(".html"):
        parts[-1] = parts[-1].removesuffix(".html")
    if not parts or parts[0] not in locales() or len(parts) > 2:
        return PageVariant()
    context = parts[1] if len(parts) == 2 else ""
    return PageVariant(parts[0], context if context in CONTEXTS else "")


def choose_locale(configured: str, accept_language: str) -> str:
    """The host's locale, else the browser's first known language, else French."""
    if configured in locales():
        return configured
    for part in accept_language.split(","):
        language = part.split(";")[0].strip().lower()[:2]
        if language in locales():
            return language
    return DEFAULT_LOCALE


def variant_for_request(query_string: str, accept_language: str) -> PageVariant:
    """The page `/` stands for: an older loader's `locale`/`context`, the browser's language."""
    query = dict(parse_qsl(query_string))
    context = query.get("context", "")
    return PageVariant(
        choose_locale(query.get("locale", ""), accept_language),
        context if context in CONTEXTS else "",
    )


def redirect_to_variant(app):
    """ASGI middleware: `/` answers with the page for the visitor's language and context.

    French standalone visitors get `/` itself (no extra round trip); the others are
    redirected once, query kept, to the prerendered page that is already right.
    """

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in ("/", "/index.html"):
            return await app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        query = scope.get("query_string", b"").decode("latin-1")
        variant = variant_for_request(query, headers.get("accept-language", ""))
        if variant == PageVariant():
            return await app(scope, receive, send)
        location = variant.route + "/" + (f"?{query}" if query else "")
        await send(
            {
                "type": "http.response.start",
                "status": 302,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"cache-control", b"no-cache"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    return wrapped
