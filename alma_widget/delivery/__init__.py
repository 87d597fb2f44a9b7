"""Where requests go: each stored request queues one outbox row per delivery channel.

The outbox (outbox.py) claims due rows and hands each to the channel of its kind. A channel
is one module with `KINDS` (the outbox kinds it delivers), `ready(cfg)` (configured here?)
and `deliver(session=, request=, message=, cfg=)`, which returns once delivered or raises
a failure from failures.py. A third channel is one new module listed in CHANNELS.
What follows a request (a customer's answer, their satisfaction, on its ticket) is delivered
the same way, by the modules of FOLLOW_UPS, which ALMA_DELIVERY does not name.
"""

from __future__ import annotations

from types import ModuleType

from alma_widget.delivery import csat_mail, mail, zendesk, zendesk_csat, zendesk_reply
from alma_widget.delivery.config import delivery_channels
from alma_widget.settings import Settings

CHANNELS: dict[str, ModuleType] = {"smtp": mail, "zendesk": zendesk}
FOLLOW_UPS: tuple[ModuleType, ...] = (zendesk_reply, zendesk_csat, csat_mail)
# ALMA_DELIVERY names channels; each channel queues rows of its first kind for a request.
ACKNOWLEDGEMENT = "acknowledgement"


def channel_of(kind: str) -> ModuleType | None:
    """The channel that delivers outbox rows of this kind."""
    return next((c for c in deliverers() if kind in c.KINDS), None)


def deliverers() -> tuple[ModuleType, ...]:
    """Every module the outbox hands rows to."""
    return (*CHANNELS.values(), *FOLLOW_UPS)


def delivery_kinds(cfg: Settings) -> list[str]:
    """The outbox kinds each new request queues for the support team (ALMA_DELIVERY)."""
    return [CHANNELS[name].KINDS[0] for name in delivery_channels(cfg)]


def follow_up_kinds() -> list[str]:
    """The kinds of what follows a request (FOLLOW_UPS): never part of its own delivery."""
    return [kind for module in FOLLOW_UPS for kind in module.KINDS]
