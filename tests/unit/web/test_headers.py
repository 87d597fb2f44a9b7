"""Behind a proxy without REFLEX_TRUSTED_PROXY_HOPS, the log says so, once."""

from __future__ import annotations

import logging

from alma_widget.web import headers

THROUGH_A_PROXY = {"type": "http", "headers": [(b"x-forwarded-for", b"203.0.113.9")]}


def test_one_warning_at_the_first_request_through_a_proxy(monkeypatch, caplog):
    monkeypatch.setattr(headers, "_proxy_warned", False)
    monkeypatch.delenv("REFLEX_TRUSTED_PROXY_HOPS", raising=False)
    with caplog.at_level(logging.WARNING):
        assert headers.warn_untrusted_proxy({"type": "http", "headers": []}) is False
        assert headers.warn_untrusted_proxy(THROUGH_A_PROXY) is True
        assert headers.warn_untrusted_proxy(THROUGH_A_PROXY) is False
    assert caplog.text.count("REFLEX_TRUSTED_PROXY_HOPS is not set") == 1


def test_no_warning_when_the_proxies_are_declared(monkeypatch):
    monkeypatch.setattr(headers, "_proxy_warned", False)
    monkeypatch.setattr(headers, "get_config", lambda: type("C", (), {"trusted_proxy_hops": 1}))
    assert headers.warn_untrusted_proxy(THROUGH_A_PROXY) is False
