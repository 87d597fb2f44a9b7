"""ASGI middleware: security and cache headers on every response of the widget.

In production (`reflex run --env prod --single-port`) the backend also serves the page and
its assets, so these headers cover the HTML that an iframe loads.
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path

from reflex.config import get_config
from reflex.utils.exec import is_prod_mode
from reflex.utils.prerequisites import get_web_dir
from starlette.datastructures import MutableHeaders

from alma_widget.components.form_checks import ADDRESS_PREFIX as FORM_CHECKS
from alma_widget.help_search.index_files import ADDRESS_PREFIX as SEARCH_INDEXES
from alma_widget.settings import parse_origins, settings
from alma_widget.web.first_paint import SCRIPT_HASHES, page_address

logger = logging.getLogger(__name__)

LOADER_PATH = "/embed.js"
INLINE_LOADER_PATH = "/embed-inline.js"  # the loader without the launcher (embedding/loader.py)
VERSIONED_LOADERS = "/embed/v"
LOADER_MANIFEST = "/embed/manifest.json"
SEARCH_SCRIPT = "/search.js"


# No plugins, no <base> to redirect the page's relative addresses, forms posted to this
# origin only.
_POLICY = "object-src 'none'; base-uri 'none'; form-action 'self'"


def built_hashes_file() -> Path:
    """Where the production build writes its inline scripts' hashes (web/first_paint.py)."""
    return get_web_dir() / "build" / SCRIPT_HASHES


@functools.cache
def _read_hashes(path: Path, modified: float) -> dict[str, str]:
    """Each page's hash sources by its address, and every page's under ""."""
    written = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(written, list):  # a build from before the pages had their own
        written = {"": written}
    pages = {address: " ".join(found) for address, found in written.items()}
    pages[""] = " ".join(sorted(set().union(*written.values())))
    return pages


def script_policy(path: Path | None = None, page: str = "") -> str | None:
    """`script-src` for the built page at the address `page`: this origin's files, that
    page's own inline scripts by hash (web/first_paint.py writes them; an address no page
    was built for, such as the not-found page's, allows every page's), and eval, which
    Reflex runs the server's calls with (rx.call_script). None in development (`make dev`:
    no production build). A production server whose hashes cannot be read keeps the policy
    without them: its pages' inline scripts are refused (the page does not start) rather
    than any script allowed."""
    path = path or built_hashes_file()
    try:
        pages = _read_hashes(path, path.stat().st_mtime)
        hashes = pages.get(page_address(page), pages[""]) if page else pages[""]
    except (OSError, ValueError, AttributeError, TypeError):  # unreadable, or not this shape
        if not is_prod_mode():
            return None
        _say_hashes_missing(path)
        hashes = ""
    return f"script-src 'self' 'unsafe-eval' {hashes}".strip()


@functools.cache
def _say_hashes_missing(path: Path) -> None:
    logger.error("no script hashes at %s: inline scripts refused (rebuild: make serve)", path)


def headers_for(path: str, https: bool, frame_ancestors: str) -> dict[str, str]:
    """The headers every answer for `path` carries (the pages' script policy apart)."""
    # The back office is never framed; the widget's pages only by the allowed merchants.
    framing = "'none'" if path.startswith("/admin") else f"'self' {frame_ancestors}".strip()
    headers = {
        "Content-Security-Policy": f"frame-ancestors {framing}; {_POLICY}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if path.startswith(("/assets/", VERSIONED_LOADERS, SEARCH_INDEXES, FORM_CHECKS)):
        # Hashed file names: a new build (a new loader, new content) is a new name.
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
    elif path in (LOADER_PATH, INLINE_LOADER_PATH, LOADER_MANIFEST, SEARCH_SCRIPT):
        # Unhashed addresses (host pages keep the loader's; the page names the search
        # script's): cached, and a fix reaches everyone within minutes.
        headers["Cache-Control"] = "public, max-age=300"
    if path in ("/", "/index.html"):
        # `/` answers by the browser's language (web/page_variants.py): caches must know.
        headers["Vary"] = "Accept-Language"
    if path in (LOADER_PATH, INLINE_LOADER_PATH, LOADER_MANIFEST) or path.startswith(
        VERSIONED_LOADERS
    ):
        # A host page loads the loader with crossorigin="anonymous" to check its integrity:
        # the browser then needs this answer to run it.
        headers["Access-Control-Allow-Origin"] = "*"
    return headers


def served_over_https(scope) -> bool:
    """HTTPS to this server, or to the TLS-terminating proxy in front of it when the proxies
    are declared (REFLEX_TRUSTED_PROXY_HOPS): only then is X-Forwarded-Proto believed."""
    if scope.get("scheme") == "https":
        return True
    if not get_config().trusted_proxy_hops:
        return False
    for name, value in scope.get("headers", []):
        if name.lower() == b"x-forwarded-proto":
            # The last proxy's word (the one that talks to us).
            return value.decode("latin-1").split(",")[-1].strip().lower() == "https"
    return False


class ProxyWarning:
    """Says once (per app) that a request came through a proxy (X-Forwarded-For) while
    REFLEX_TRUSTED_PROXY_HOPS is unset, so every customer behind it shares the proxy's
    address for the rate limits."""

    def __init__(self) -> None:
        self.warned = False

    def __call__(self, scope) -> bool:
        """True when it warned, at this request."""
        if self.warned or get_config().trusted_proxy_hops:
            return False
        if not any(name.lower() == b"x-forwarded-for" for name, _ in scope.get("headers", [])):
            return False
        self.warned = True
        logger.warning(
            "requests come through a proxy (X-Forwarded-For) but REFLEX_TRUSTED_PROXY_HOPS is "
            "not set: every customer shares the proxy's address for the rate limits"
        )
        return True


def _merge_vary(headers: MutableHeaders, ours: str) -> None:
    """One Vary with every name the server's answer varies by, each once: the page served
    brotli varies by Accept-Encoding as `/` does by Accept-Language, and a cache told only
    one would hand a compressed page to a browser that cannot read it."""
    names: list[str] = []
    for value in [*headers.getlist("vary"), ours]:
        for name in value.split(","):
            if name.strip() and name.strip().lower() not in map(str.lower, names):
                names.append(name.strip())
    del headers["vary"]
    if names:
        headers["Vary"] = ", ".join(names)


def secure_headers(app, *, hashes_file: Path | None = None):
    """Wrap the backend so that every HTTP response carries the widget's headers (the
    pages' script hashes read from `hashes_file`, the build's unless told)."""
    frame_ancestors = " ".join(parse_origins(settings().frame_ancestors))
    warn_untrusted_proxy = ProxyWarning()

    async def wrapped(scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            warn_untrusted_proxy(scope)
        if scope["type"] != "http":
            return await app(scope, receive, send)
        extra = headers_for(scope["path"], served_over_https(scope), frame_ancestors)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name != "Vary":
                        headers[name] = value
                _merge_vary(headers, extra.get("Vary", ""))
                # Pages only: the policy means nothing to a script or an image.
                page = headers.get("content-type", "").startswith("text/html")
                if page and (scripts := script_policy(hashes_file, scope["path"])) is not None:
                    policy = headers["Content-Security-Policy"]
                    headers["Content-Security-Policy"] = f"{policy}; {scripts}"
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
