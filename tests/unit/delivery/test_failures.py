"""A failed delivery's reason class, as the operators' metrics and alerts group failures:
read from the reasons the channels really write."""

from __future__ import annotations

import smtplib

import httpx
import pytest

from alma_widget.delivery import zendesk
from alma_widget.delivery.failures import REASON_CLASSES, Refused, TryLater
from alma_widget.delivery.mail import send_from_outbox
from alma_widget.settings import Settings


def _zendesk_answer(status: int, headers: dict | None = None) -> Exception:
    """What zendesk.checked raises for this answer, as the channel hands it to the outbox."""
    response = httpx.Response(status, headers=headers or {}, json={"error": "RecordInvalid"})
    try:
        zendesk.checked(response)
    except zendesk.Busy as exc:
        return TryLater(str(exc), retry_after=exc.retry_after)
    except zendesk.Down as exc:
        return TryLater(str(exc))
    except Refused as exc:
        return exc
    raise AssertionError("no failure")


@pytest.mark.parametrize(
    ("status", "expected"), [(429, "429"), (500, "5xx"), (503, "5xx"), (422, "refused")]
)
def test_zendesk_answers(status, expected):
    assert _zendesk_answer(status, {"Retry-After": "5"}).reason_class == expected


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (TryLater(type(httpx.ReadTimeout("x")).__name__), "timeout"),
        (TryLater(type(httpx.ConnectError("x")).__name__), "unreachable"),
        (Refused("attachment unreadable (FileNotFoundError)"), "attachment"),
        (TryLater("attachments unreachable (EndpointConnectionError)"), "attachment"),
        (TryLater("unexpected KeyError"), "unexpected"),
        (TryLater("ticket not created yet"), "waiting"),
        (Refused("ticket closed"), "refused"),
    ],
)
def test_the_channels_reasons(failure, expected):
    assert failure.reason_class == expected
    assert failure.reason_class in REASON_CLASSES


def test_an_smtp_server_nobody_runs_is_unreachable(unused_port=1):
    cfg = Settings(smtp_host="127.0.0.1", smtp_port=unused_port, smtp_timeout_seconds=2)
    message = smtplib.email.message.EmailMessage()
    message["To"], message["From"], message["Subject"] = "a@b.fr", "c@d.fr", "s"
    with pytest.raises(TryLater) as failed:
        send_from_outbox(message, cfg)
    assert failed.value.reason_class == "unreachable"
