"""How a channel says a delivery did not happen: worth trying again later, or never."""

from __future__ import annotations

import re

# The reason classes operators see (alma_outbox_failures_total{reason}, docs/operations.md).
REASON_CLASSES = (
    "429",
    "5xx",
    "timeout",
    "unreachable",
    "refused",
    "attachment",
    "waiting",
    "unexpected",
)


class DeliveryFailed(Exception):
    """`reason`: the class of failure and a status or code; never personal data."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:200]

    @property
    def reason_class(self) -> str:
        """One of REASON_CLASSES, read from the reason the channels write (zendesk.py's
        « HTTP 503 », httpx's and smtplib's exception names, « attachment… »)."""
        if "attachment" in self.reason:
            return "attachment"
        if self.reason.startswith("unexpected"):
            return "unexpected"
        if "not created yet" in self.reason:
            return "waiting"  # an answer waits for its ticket
        status = re.match(r"HTTP (\d{3})", self.reason)
        if status and status.group(1) == "429":
            return "429"
        if isinstance(self, Refused):
            return "refused"
        if status:
            return "5xx"
        if "Timeout" in self.reason or "timed out" in self.reason:
            return "timeout"
        return "unreachable"


class TryLater(DeliveryFailed):
    """The service is down, slow or busy: the outbox tries again after its backoff, or
    after `retry_after` seconds when the service said how long to wait."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Refused(DeliveryFailed):
    """The service refused the request itself (bad credentials, invalid ticket): trying
    again cannot help; the row is marked failed and shown in /admin."""
