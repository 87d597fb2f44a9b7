"""Settings that mail the local SMTP sink (harness/smtp.py) on loopback."""

from __future__ import annotations

from alma_widget.settings import Settings


def mail_settings(port: int, **extra) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        support_email="support@alma.test",
        mail_from="widget@alma.test",
        **extra,
    )
