"""A real SMTP server (aiosmtpd) on loopback for the tests, which can be stopped and restarted."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import threading
from email.message import Message

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Keep:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        if self.sink.refusal:
            return self.sink.refusal
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(message)
        return "250 Message accepted for delivery"


class _Accept:
    """Any user name and password (the tests check that they are sent, and how)."""

    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    def __call__(self, server, session, envelope, mechanism, auth_data):
        with self.sink.lock:
            encrypted = session.ssl is not None or (
                server.transport.get_extra_info("ssl_object") is not None
            )
            self.sink.logins.append((auth_data.login.decode(), encrypted))
            self.sink.passwords.append(auth_data.password.decode())
        return AuthResult(success=True)


class SmtpSink:
    """Collects every mail it receives; `stop()` and `start()` simulate an outage.

    `tls`: an ssl.SSLContext with the server's certificate (trustme makes one in the tests);
    with `implicit_tls` the connection is TLS from the start (port 465 style), else the
    server offers STARTTLS and requires it before a login."""

    def __init__(
        self,
        port: int | None = None,
        *,
        tls: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
    ) -> None:
        self.port = port or free_port()
        self.messages: list[Message] = []
        self.logins: list[tuple[str, bool]] = []  # (user name, over TLS)
        self.passwords: list[str] = []  # what each login said (the tests' own)
        # An SMTP answer to give every mail instead of accepting it ("451 4.3.0 Busy").
        self.refusal: str | None = None
        self.lock = threading.Lock()
        self._tls = tls
        self._implicit_tls = implicit_tls
        self._controller: Controller | None = None

    def start(self) -> None:
        options: dict = {"authenticator": _Accept(self), "auth_require_tls": False}
        if self._tls is not None and self._implicit_tls:
            options["ssl_context"] = self._tls
        elif self._tls is not None:
            options |= {"tls_context": self._tls, "require_starttls": True}
        self._controller = Controller(
            _Keep(self),
            hostname="127.0.0.1",
            port=self.port,
            server_hostname="localhost",
            **options,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self) -> list[Message]:
        with self.lock:
            return list(self.messages)

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
