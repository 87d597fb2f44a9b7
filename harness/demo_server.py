"""Serves the demo host pages (demo/) on their own origin, pointing at the widget.

python -m harness.demo_server --port 3001 --widget-origin http://localhost:3000

/spa.html is a single-page dashboard; /demo-token?user=marie plays Alma's account backend,
signing identity tokens with the first of ALMA_IDENTITY_SECRETS.

/strict.html (?mode=launcher) is a payment page as PCI DSS v4.0 pushes them: a strict
Content-Security-Policy with a fresh nonce per response, Trusted Types required, and the
loader pinned by Subresource Integrity.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt

from alma_widget.embedding import loader
from alma_widget.identity.token import parse_secrets

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
PAGES = {
    "/": "checkout.html",
    "/checkout.html": "checkout.html",
    "/dashboard.html": "dashboard.html",
    # A single-page dashboard: routes, user and language change without a reload.
    "/spa.html": "spa.html",
    # Opens the widget as its query says (mode, context, locale): tests and the bench.
    "/host.html": "host.html",
}
STRICT_PAGE = "/strict.html"
TOKEN_PATH = "/demo-token"
# The demo's customers, as Alma's account backend knows them.
DEMO_CUSTOMERS = {
    "marie": ("cus_demo_marie", "marie.martin@exemple.fr", "Marie Martin"),
    "hugo": ("cus_demo_hugo", "hugo.bernard@exemple.fr", "Hugo Bernard"),
}


def demo_token(user: str, identity_secrets: str | None) -> str | None:
    """What Alma's account backend does for a signed-in customer: a token signed with the
    first of ALMA_IDENTITY_SECRETS, valid one hour (None without secrets or customer)."""
    if not identity_secrets or user not in DEMO_CUSTOMERS:
        return None
    kid, secret = next(iter(parse_secrets(identity_secrets).items()))
    customer_id, email, name = DEMO_CUSTOMERS[user]
    now = int(time.time())
    claims = {
        "external_id": customer_id,
        "email": email,
        "email_verified": True,
        "name": name,
        "iat": now,
        "exp": now + 3600,
    }
    return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": kid})


def strict_policy(nonce: str, widget_origin: str) -> str:
    """No 'unsafe-inline', no 'unsafe-eval': what a PCI DSS payment page sends."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src 'nonce-{nonce}' {widget_origin}",
            f"style-src 'self' 'nonce-{nonce}'",
            f"frame-src {widget_origin}",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
        ]
    )


def strict_page(widget_origin: str, query: str) -> tuple[str, str]:
    """The strict page (inline, or ?mode=launcher) and its policy."""
    nonce = secrets.token_urlsafe(16)
    mode = "launcher" if parse_qs(query).get("mode") == ["launcher"] else "inline"
    # A checkout pins the inline-only loader; the launcher needs the complete one.
    current = loader.manifest()
    pinned = current["inline"] if mode == "inline" else current
    html = (DEMO_DIR / "strict.html").read_text(encoding="utf-8")
    for placeholder, value in (
        ("__NONCE__", nonce),
        ("__MODE__", mode),
        ("__LOADER_PATH__", pinned["path"]),
        ("__LOADER_INTEGRITY__", pinned["integrity"]),
    ):
        html = html.replace(placeholder, value)
    return html, strict_policy(nonce, widget_origin)


class DemoHandler(http.server.BaseHTTPRequestHandler):
    """Only the demo pages, with the widget's origin written in."""

    def __init__(
        self,
        *args,
        widget_origin: str,
        extra: dict[str, str],
        identity_secrets: str | None = None,
        **kwargs,
    ) -> None:
        self.widget_origin = widget_origin
        self.extra = extra
        self.identity_secrets = identity_secrets
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path, query = urlsplit(self.path)[2], urlsplit(self.path)[3]
        page = PAGES.get(path)
        policy = ""
        if path == TOKEN_PATH:
            return self._token(parse_qs(query).get("user", [""])[0])
        if page is not None:
            html = (DEMO_DIR / page).read_text(encoding="utf-8")
        elif path == STRICT_PAGE:
            html, policy = strict_page(self.widget_origin, query)
        elif path in self.extra:
            html = self.extra[path]
        else:
            self.send_error(404)
            return
        body = html.replace("__WIDGET_ORIGIN__", self.widget_origin).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if policy:
            self.send_header("Content-Security-Policy", policy)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _token(self, user: str) -> None:
        token = demo_token(user, self.identity_secrets)
        body = json.dumps({"token": token} if token else {"error": "unknown"}).encode()
        self.send_response(200 if token else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Quiet: the widget's own log is what matters."""


def serve(
    port: int,
    widget_origin: str,
    host: str = "127.0.0.1",
    extra: dict[str, str] | None = None,
    identity_secrets: str | None = None,
) -> http.server.HTTPServer:
    """Start the demo server in a thread (tests add `extra` pages); call shutdown() to stop."""
    handler = functools.partial(
        DemoHandler,
        widget_origin=widget_origin,
        extra=extra or {},
        identity_secrets=identity_secrets,
    )
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=3001)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--widget-origin", default="http://localhost:3000")
    args = parser.parse_args()
    handler = functools.partial(
        DemoHandler,
        widget_origin=args.widget_origin,
        extra={},
        identity_secrets=os.environ.get("ALMA_IDENTITY_SECRETS"),
    )
    http.server.ThreadingHTTPServer((args.host, args.port), handler).serve_forever()


if __name__ == "__main__":
    main()
