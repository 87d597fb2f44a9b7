"""How a channel says a delivery did not happen: worth trying again later, or never."""

from __future__ import annotations


class DeliveryFailed(Exception):
    """`reason`: the class of failure and a status or code; never personal data."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:200]


class TryLater(DeliveryFailed):
    """The service is down, slow or busy: the outbox tries again after its backoff, or
    after `retry_after` seconds when the service said how long to wait."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Refused(DeliveryFailed):
    """The service refused the request itself (bad credentials, invalid ticket): trying
    again cannot help; the row is marked failed and shown in /admin."""
