"""What the browser sends after each choice: where the customer is now, already shown.

The browser reveals every step at once (assets/client_flow.js) and then hands the server a
snapshot of the whole flow rather than one transition: a snapshot stays right when events
queue behind a slow network or reach a server that restarted and forgot the session.
Everything here is checked; the transitions themselves are checked by Flow.reconcile.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from alma_widget.flow.machine import Answer, Flow, Step
from alma_widget.identifiers import STABLE_ID

# What the customer did; "search" and "suggestion" open a topic's help from the search field
# or from the form's suggestion (search/page.js); "restore" is the browser handing its flow
# to a server that (re)connected, which replays transitions without counting them twice.
Action = Literal[
    "category",
    "topic",
    "search",
    "suggestion",
    "merchant",
    "helped",
    "form",
    "back",
    "start_over",
    "restore",
]

# The transition whose taking counts an action for the deflection figures: kind and source.
COUNTED_ACTIONS: dict[str, tuple[str, str, str]] = {
    "topic": ("choose_topic", "help_shown", "choice"),
    "search": ("choose_topic", "help_shown", "search"),
    "suggestion": ("choose_topic", "help_shown", "suggestion"),
    "helped": ("answer_helped", "helped_{helped}", "choice"),
    "form": ("open_form", "form_opened", "choice"),
}

# The form's hidden field that carries the browser's flow with a request (contact.py).
BROWSER_FLOW_FIELD = "browser_flow"

_ID = Field(default="", pattern=f"^({STABLE_ID})?$")


def browser_view(flow: Flow) -> dict[str, str]:
    """A flow as the browser holds it (assets/client_flow.js): the same fields, same names."""
    return dataclasses.asdict(flow)


class BrowserFlow(BaseModel):
    """One snapshot of the flow as the browser shows it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    # Numbered by the browser; a correction names the snapshot it answers.
    seq: int = Field(ge=0, le=2**31)
    # What the customer did since the last snapshot (several before the first connection).
    actions: list[Action] = Field(max_length=64)
    step: Step
    # Flow's fields, under Flow's names (assets/client_flow.js uses them too).
    category_id: str = _ID
    topic_id: str = _ID
    merchant_contacted: Answer = ""
    helped: Answer = ""
    # The form's submission key the browser was given, handed back after a restart.
    submission_key: str = Field(default="", pattern=r"^([0-9a-f]{32})?$")
    # The page says the service is away (a failed event): the server answers that it is back.
    unavailable_shown: bool = False

    def counted(self, taken: list[str], helped: str) -> list[tuple[str, str]]:
        """The deflection events of this snapshot, (kind, source): actions whose transition
        was taken."""
        events = []
        for action in dict.fromkeys(self.actions):
            if (rule := COUNTED_ACTIONS.get(action)) and rule[0] in taken:
                events.append((rule[1].format(helped=helped), rule[2]))
        return events

    def flow(self) -> Flow:
        """The snapshot as the state machine's value."""
        return Flow.read_from(self)
