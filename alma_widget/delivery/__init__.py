"""Where requests go: each stored request queues one outbox row per delivery channel.

The outbox (outbox.py) claims due rows and hands each to the module of its kind. A channel
is one module, listed in CHANNELS, that says everything about itself:
- `NAME`, what ALMA_DELIVERY calls it; `KINDS`, the outbox kinds it delivers (the first is
  what a new request queues); `LABELS`, how /admin names each kind;
- `problems(cfg)`, what in its settings stops the start (one French line each), checked when
  ALMA_DELIVERY names it, or always with `ALWAYS_CHECKED`;
- `ready(cfg)`, configured here?; `deliver(session=, request=, message=, cfg=)`, which
  returns once delivered or raises a failure from failures.py.
A new channel is that module and one line in CHANNELS (its settings in settings.py).
What follows a request (a customer's answer, their satisfaction, the mail asking for it) is
delivered the same way by the modules of FOLLOW_UPS (`KINDS`, `LABELS`, `ready`,
`deliver`), which ALMA_DELIVERY does not name.
"""

from __future__ import annotations

from types import ModuleType

from alma_widget.delivery import csat_mail, mail, zendesk, zendesk_csat, zendesk_reply
from alma_widget.delivery.config import named_channels
from alma_widget.settings import Settings

CHANNELS: dict[str, ModuleType] = {module.NAME: module for module in (mail, zendesk)}
FOLLOW_UPS: tuple[ModuleType, ...] = (zendesk_reply, zendesk_csat, csat_mail)
ACKNOWLEDGEMENT = "acknowledgement"


def delivery_channels(cfg: Settings) -> tuple[str, ...]:
    """The channels named by ALMA_DELIVERY, in order; ValueError says what is wrong."""
    names = named_channels(cfg)
    if not names or any(name not in CHANNELS for name in names):
        possible = ", ".join(CHANNELS)
        raise ValueError(
            f"ALMA_DELIVERY : « {cfg.delivery} » ; valeurs possibles : {possible} "
            "(une ou plusieurs, séparées par des virgules)"
        )
    return names


def problems(cfg: Settings) -> list[str]:
    """What stops the start in the delivery settings, one line each."""
    try:
        named = delivery_channels(cfg)
    except ValueError as exc:
        return [str(exc)]
    checked = [c for c in CHANNELS.values() if c.NAME in named or c.ALWAYS_CHECKED]
    return [problem for channel in checked for problem in channel.problems(cfg)]


def channel_of(kind: str) -> ModuleType | None:
    """The module that delivers outbox rows of this kind."""
    return next((c for c in deliverers() if kind in c.KINDS), None)


def deliverers() -> tuple[ModuleType, ...]:
    """Every module the outbox hands rows to."""
    return (*CHANNELS.values(), *FOLLOW_UPS)


def kind_labels() -> dict[str, str]:
    """How /admin names each outbox kind, as each module says."""
    return {kind: label for module in deliverers() for kind, label in module.LABELS.items()}


def delivery_kinds(cfg: Settings) -> list[str]:
    """The outbox kinds each new request queues for the support team (ALMA_DELIVERY)."""
    return [CHANNELS[name].KINDS[0] for name in delivery_channels(cfg)]


def follow_up_kinds() -> list[str]:
    """The kinds of what follows a request (FOLLOW_UPS): never part of its own delivery."""
    return [kind for module in FOLLOW_UPS for kind in module.KINDS]
