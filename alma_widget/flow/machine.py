"""The widget's state machine, free of Reflex so that every transition is testable on its own.

The finite step is kept apart from the choices made so far. Each transition is a verb that
checks it is allowed from the current step and with the given ids, and returns a new Flow;
a transition that makes no sense raises TransitionRefused and leaves the old Flow untouched.
Changing an earlier choice drops what depended on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Literal

from alma_widget.content.models import Catalog

# category: nothing chosen yet; topic: category chosen; help: topic chosen, help shown;
# form: contact form open; sent: the request was stored and acknowledged.
Step = Literal["category", "topic", "help", "form", "sent"]
Answer = Literal["", "yes", "no"]
ANSWERS: tuple[Answer, ...] = ("yes", "no")

# Back goes one step up the tree; "sent" has no back (the request is gone), only start_over.
_PREVIOUS: dict[Step, Step] = {"topic": "category", "help": "topic", "form": "help"}


class TransitionRefused(ValueError):
    """A transition asked from a step, or with a value, where it makes no sense."""


@dataclasses.dataclass(frozen=True)
class Flow:
    """Where the customer is in the widget and what they chose on the way."""

    step: Step = "category"
    category_id: str = ""
    topic_id: str = ""
    # Only asked for topics whose help says to contact the merchant first.
    merchant_contacted: Answer = ""
    # "Cette réponse vous a-t-elle aidé ?"; recorded for the deflection figures.
    helped: Answer = ""

    @classmethod
    def read_from(cls, holder: object) -> Flow:
        """The flow held under the same field names by a snapshot or the Reflex state."""
        return cls(**{field.name: getattr(holder, field.name) for field in dataclasses.fields(cls)})

    def write_to(self, holder: object) -> None:
        """Set the same-named fields of `holder` (the Reflex state) to this flow."""
        for field in dataclasses.fields(self):
            setattr(holder, field.name, getattr(self, field.name))

    def _require(self, *steps: Step) -> None:
        if self.step not in steps:
            raise TransitionRefused(f"not allowed from step {self.step!r}")

    def choose_category(self, catalog: Catalog, category_id: str) -> Flow:
        """Pick (or change) the category; drops the topic and everything after it."""
        self._require("category", "topic", "help", "form")
        if catalog.category(category_id) is None:
            raise TransitionRefused(f"unknown category {category_id!r}")
        if category_id == self.category_id:
            return self
        return Flow(step="topic", category_id=category_id)

    def choose_topic(self, catalog: Catalog, topic_id: str) -> Flow:
        """Pick (or change) the topic inside the chosen category; shows its help text."""
        self._require("topic", "help", "form")
        if catalog.topic(self.category_id, topic_id) is None:
            raise TransitionRefused(f"unknown topic {topic_id!r} here")
        if topic_id == self.topic_id and self.step == "help":
            return self
        return Flow(step="help", category_id=self.category_id, topic_id=topic_id)

    def answer_merchant_contacted(self, catalog: Catalog, answer: str) -> Flow:
        """Say whether the merchant was contacted first (only where the help asks it).

        The question stays on screen while the form is open; the form needs a « oui », so
        another answer closes it again.
        """
        self._require("help", "form")
        topic = catalog.topic(self.category_id, self.topic_id)
        if topic is None or not topic.ask_merchant_first:
            raise TransitionRefused("this topic does not ask about the merchant")
        answered = dataclasses.replace(self, merchant_contacted=_answer(answer))
        if answered.step == "form" and answered.merchant_contacted != "yes":
            return dataclasses.replace(answered, step="help")
        return answered

    def answer_helped(self, answer: str) -> Flow:
        """Record whether the help text solved the problem."""
        self._require("help", "form")
        return dataclasses.replace(self, helped=_answer(answer))

    def may_open_form(self, catalog: Catalog) -> bool:
        """The contact form is offered once the help was shown (and the merchant contacted)."""
        if self.step != "help":
            return False
        topic = catalog.topic(self.category_id, self.topic_id)
        if topic is None:
            return False
        return not topic.ask_merchant_first or self.merchant_contacted == "yes"

    def open_form(self, catalog: Catalog) -> Flow:
        """Reveal the contact form under the help text."""
        if not self.may_open_form(catalog):
            raise TransitionRefused(f"the form cannot open from step {self.step!r} here")
        return dataclasses.replace(self, step="form")

    def mark_sent(self) -> Flow:
        """The request was stored: show the confirmation."""
        self._require("form")
        return dataclasses.replace(self, step="sent")

    def go_back(self) -> Flow:
        """One step up: form to help, help to topics, topics to categories."""
        if self.step not in _PREVIOUS:
            raise TransitionRefused(f"no back from step {self.step!r}")
        previous = _PREVIOUS[self.step]
        if previous == "category":
            return Flow()
        if previous == "topic":
            return Flow(step="topic", category_id=self.category_id)
        return dataclasses.replace(self, step=previous)

    def start_over(self) -> Flow:
        """Back to the first question with nothing chosen."""
        return Flow()

    def reconcile(self, catalog: Catalog, target: Flow) -> tuple[Flow, list[str]]:
        """Walk from here to `target`, the flow the browser shows, through the transitions above.

        The browser reveals each choice at once and then sends where the customer is now
        (assets/client_flow.js); the server takes the same path with every guard of the
        transitions. Returns the flow reached and the names of the transitions taken; a
        refused transition stops the walk there, so the flow reached differs from the target
        and the browser is corrected.
        """
        flow, taken = self, []

        def take(name: str, transition: Callable[[Flow], Flow]) -> None:
            nonlocal flow
            flow = transition(flow)
            taken.append(name)

        try:
            if target.step == "sent" or (flow.step == "sent" and target.step != "category"):
                raise TransitionRefused("only the server marks a request sent")
            if target.step == "category" or not target.category_id:
                if flow != Flow():
                    take("start_over", Flow.start_over)
                return flow, taken
            if target.category_id != flow.category_id:
                take("choose_category", lambda f: f.choose_category(catalog, target.category_id))
            if target.step == "topic" or not target.topic_id:
                while flow.step in ("help", "form"):
                    take("go_back", Flow.go_back)
                return flow, taken
            if target.topic_id != flow.topic_id or flow.step == "topic":
                take("choose_topic", lambda f: f.choose_topic(catalog, target.topic_id))
            if target.step == "help" and flow.step == "form":
                take("go_back", Flow.go_back)
            if target.merchant_contacted and target.merchant_contacted != flow.merchant_contacted:
                take(
                    "answer_merchant_contacted",
                    lambda f: f.answer_merchant_contacted(catalog, target.merchant_contacted),
                )
            if target.helped and target.helped != flow.helped:
                take("answer_helped", lambda f: f.answer_helped(target.helped))
            if target.step == "form" and flow.step == "help":
                take("open_form", lambda f: f.open_form(catalog))
        except TransitionRefused:
            pass
        return flow, taken


def _answer(answer: str) -> Answer:
    for known in ANSWERS:
        if answer == known:
            return known
    raise TransitionRefused(f"answer must be yes or no, not {answer!r}")
