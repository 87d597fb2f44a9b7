"""Behind a proxy without REFLEX_TRUSTED_PROXY_HOPS, the log says so, once."""

from __future__ import annotations

import functools
import json
import logging
import os

from alma_widget.web import headers
from tests.unit.web.asgi import get_through

THROUGH_A_PROXY = {"type": "http", "headers": [(b"x-forwarded-for", b"203.0.113.9")]}


def test_one_warning_at_the_first_request_through_a_proxy(monkeypatch, caplog):
    monkeypatch.delenv("REFLEX_TRUSTED_PROXY_HOPS", raising=False)
    warn = headers.ProxyWarning()
    with caplog.at_level(logging.WARNING):
        assert warn({"type": "http", "headers": []}) is False
        assert warn(THROUGH_A_PROXY) is True
        assert warn(THROUGH_A_PROXY) is False
    assert caplog.text.count("REFLEX_TRUSTED_PROXY_HOPS is not set") == 1


def test_no_warning_when_the_proxies_are_declared(monkeypatch):
    monkeypatch.setattr(headers, "get_config", lambda: type("C", (), {"trusted_proxy_hops": 1}))
    assert headers.ProxyWarning()(THROUGH_A_PROXY) is False


def _headers(path: str, scope_headers=(), scheme: str = "http") -> dict[str, str]:
    return get_through(headers.secure_headers, path, scheme=scheme, headers=list(scope_headers))[1]


def test_the_widget_pages_policy_and_the_back_office_never_framed():
    page = _headers("/fr/checkout/")["content-security-policy"]
    assert "object-src 'none'" in page and "base-uri 'none'" in page
    assert "form-action 'self'" in page and page.startswith("frame-ancestors 'self' ")
    assert _headers("/admin")["content-security-policy"].startswith("frame-ancestors 'none';")


def test_hsts_behind_a_tls_proxy_only_when_the_proxy_is_declared(monkeypatch):
    through_tls = [(b"x-forwarded-proto", b"https")]
    monkeypatch.setattr(headers, "get_config", lambda: type("C", (), {"trusted_proxy_hops": 0}))
    assert "strict-transport-security" not in _headers("/", through_tls)  # anyone can say it
    monkeypatch.setattr(headers, "get_config", lambda: type("C", (), {"trusted_proxy_hops": 1}))
    assert _headers("/", through_tls)["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in _headers("/", [(b"x-forwarded-proto", b"http")])
    assert "strict-transport-security" in _headers("/", scheme="https")


def test_pages_allow_their_own_inline_scripts_by_hash_and_no_other(tmp_path, monkeypatch):
    hashes = tmp_path / "script-hashes.json"
    hashes.write_text(
        json.dumps({"/fr": ["'sha256-AAAA'", "'sha256-BBBB'"], "/en": ["'sha256-EEEE'"]})
    )
    built = functools.partial(headers.secure_headers, hashes_file=hashes)

    def policy(path: str) -> str:
        page = get_through(built, path, content_type="text/html; charset=utf-8")
        return page[1]["content-security-policy"]

    fr = "; script-src 'self' 'unsafe-eval' 'sha256-AAAA' 'sha256-BBBB'"
    for address in ("/fr/", "/fr", "/fr/index.html", "/fr.html"):
        assert policy(address).endswith(fr)
    assert policy("/en/").endswith("; script-src 'self' 'unsafe-eval' 'sha256-EEEE'")
    assert "'unsafe-inline'" not in policy("/fr/")
    # An address no page was built for (the not-found page answers it): every page's.
    every = "; script-src 'self' 'unsafe-eval' 'sha256-AAAA' 'sha256-BBBB' 'sha256-EEEE'"
    assert policy("/nowhere").endswith(every)
    # Not on what is not a page.
    script = get_through(built, "/assets/app.js", content_type="text/javascript")
    assert "script-src" not in script[1]["content-security-policy"]
    # A new build, new hashes: read again.
    hashes.write_text(json.dumps({"/fr": ["'sha256-CCCC'"]}))
    os.utime(hashes, (hashes.stat().st_atime, hashes.stat().st_mtime + 5))
    assert headers.script_policy(hashes, "/fr/") == "script-src 'self' 'unsafe-eval' 'sha256-CCCC'"
    # A build from before each page had its own: its list allows every page's scripts.
    hashes.write_text(json.dumps(["'sha256-DDDD'"]))
    os.utime(hashes, (hashes.stat().st_atime, hashes.stat().st_mtime + 10))
    assert policy("/en/").endswith("; script-src 'self' 'unsafe-eval' 'sha256-DDDD'")


def test_without_a_production_build_no_script_policy(tmp_path, monkeypatch):
    monkeypatch.setattr(headers, "is_prod_mode", lambda: False)  # make dev
    absent = functools.partial(headers.secure_headers, hashes_file=tmp_path / "absent.json")
    page = get_through(absent, "/fr/", content_type="text/html")
    assert "script-src" not in page[1]["content-security-policy"]


def test_a_production_server_without_its_hashes_allows_no_inline_script(
    tmp_path, monkeypatch, caplog
):
    """Never a page without script-src: the build's hashes lost, its inline scripts are
    refused too (the page does not start) and the log says why."""
    monkeypatch.setattr(headers, "is_prod_mode", lambda: True)
    absent = functools.partial(headers.secure_headers, hashes_file=tmp_path / "absent.json")
    page = get_through(absent, "/fr/", content_type="text/html")
    assert page[1]["content-security-policy"].endswith("; script-src 'self' 'unsafe-eval'")
    assert "no script hashes" in caplog.text


# What each kind of answer carries besides the policies (the framing apart), by path.
STATIC = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin"}
FOREVER = {"cache-control": "public, max-age=31536000, immutable"}
MINUTES = {"cache-control": "public, max-age=300"}
ANY_HOST = {"access-control-allow-origin": "*"}


def test_each_kind_of_answer_carries_its_caching_and_sharing_headers():
    expected = {
        "/": {**STATIC, "vary": "Accept-Language"},
        "/index.html": {**STATIC, "vary": "Accept-Language"},
        "/fr/checkout/": STATIC,
        "/assets/widget.css": {**STATIC, **FOREVER},
        "/embed/v1/embed.abf4bb41ea54e6f5.js": {**STATIC, **FOREVER, **ANY_HOST},
        "/embed.js": {**STATIC, **MINUTES, **ANY_HOST},
        "/embed-inline.js": {**STATIC, **MINUTES, **ANY_HOST},
        "/embed/v1/embed-inline.0123456789abcdef.js": {**STATIC, **FOREVER, **ANY_HOST},
        "/embed/manifest.json": {**STATIC, **MINUTES, **ANY_HOST},
        "/search.js": {**STATIC, **MINUTES},
        "/search-index/fr-0123456789ab.json": {**STATIC, **FOREVER},
        "/form-checks/0123456789ab.json": {**STATIC, **FOREVER},
    }
    for path, carried in expected.items():
        answer = {
            name: value
            for name, value in _headers(path).items()
            if name not in ("content-security-policy", "content-type", "content-length")
        }
        assert answer == carried, path


def test_every_name_an_answer_varies_by_is_said_once():
    """The server serves the page brotli (Vary: Accept-Encoding) and `/` by the browser's
    language: a cache told only one would hand a page the browser cannot read or in the
    wrong language."""
    served = [(b"vary", b"Accept-Encoding, Origin"), (b"vary", b"origin")]
    _, at_root = get_through(headers.secure_headers, "/", answered_with=served)
    assert at_root["vary"] == "Accept-Encoding, Origin, Accept-Language"
    _, elsewhere = get_through(headers.secure_headers, "/fr/checkout/", answered_with=served)
    assert elsewhere["vary"] == "Accept-Encoding, Origin"
