"""The widget's Reflex state: the flow's current values and one handler per transition."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from alma_widget.catalog import Catalog
from alma_widget.content_loader import DEFAULT_LOCALE, catalog, locales
from alma_widget.flow import Answer, Flow, Step, TransitionRefused
from alma_widget.store import record_flow_event

logger = logging.getLogger(__name__)

# Ids of the elements that take focus after a transition (see components/).
FOCUS_CATEGORY = "category-question"
FOCUS_TOPIC = "topic-question"
FOCUS_HELP = "help-heading"
FOCUS_FORM = "form-heading"
_FOCUS_BY_STEP: dict[str, str] = {
    "category": FOCUS_CATEGORY,
    "topic": FOCUS_TOPIC,
    "help": FOCUS_HELP,
    "form": FOCUS_FORM,
}


def focus(element_id: str, *, after_choice: bool = False) -> rx.event.EventSpec:
    """Move keyboard focus to an element once React has rendered it (see assets/widget.js).

    `after_choice`: the reveal follows a radio choice; arrow-key browsing keeps its focus.
    """
    flag = "true" if after_choice else "false"
    return rx.call_script(f"window.almaFocus && window.almaFocus({element_id!r}, {flag})")


def _record(topic_id: str, kind: str) -> None:
    try:
        with rx.session() as session:
            record_flow_event(session=session, topic_id=topic_id, kind=kind)
    except SQLAlchemyError as exc:
        logger.warning("flow event not recorded (%s)", type(exc).__name__)


# One writer thread: counting a step never delays the reveal the customer waits for
# (`make bench` measured a commit on the click-to-paint path).
_COUNTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="flow-events")


def count(topic_id: str, kind: str) -> None:
    """Count a step for the deflection figures, off the customer's path; a lost count never
    stops the customer."""
    _COUNTER.submit(_record, topic_id, kind)


def emit(event: str, payload: dict[str, Any] | None = None) -> rx.event.EventSpec:
    """Tell the host page what happened (postMessage, see assets/widget.js); no personal data."""
    args = f"{json.dumps(event)}, {json.dumps(payload or {})}"
    return rx.call_script(f"window.almaEmit && window.almaEmit({args})")


class WidgetState(rx.State):
    """The guided flow: category, topic, help text, then the contact form."""

    # The finite step of the flow (alma_widget.flow.Step).
    step: Step = "category"
    # Id of the chosen category, "" before the first choice.
    category_id: str = ""
    # Id of the chosen topic inside the category, "" before it is chosen.
    topic_id: str = ""
    # Answer to "Avez-vous déjà contacté le marchand ?" on the two order topics.
    merchant_contacted: Answer = ""
    # Answer to "Cette réponse vous a-t-elle aidé ?".
    helped: Answer = ""
    # Bumped when the flow goes back, so radio groups remount without stale checks.
    generation: int = 0
    # Created when the form first opens; every replay of that submission stores one request.
    submission_key: str = ""
    # The customer's language: a content file's name ("fr", "en").
    locale: str = DEFAULT_LOCALE
    # Where the widget is embedded: "checkout", "account" or "" (standalone).
    widget_context: str = ""
    # Merchant and page the host said it is (checked in alma_widget.embed).
    merchant_id: str = ""
    merchant_name: str = ""
    page_url: str = ""
    # The host's accent colour (#rrggbb with 4.5:1 contrast on white), "" for Alma's own.
    accent: str = ""
    # Read out by the polite live region after each reveal.
    announcement: str = ""

    @rx.var
    def asks_for_order(self) -> bool:
        """Purchase and order categories: phone required, order reference offered."""
        category = catalog().category(self.category_id)
        return category is not None and category.intro == "purchase"

    @rx.var
    def accepts_attachments(self) -> bool:
        """The chosen topic's form offers attachments."""
        topic = catalog().topic(self.category_id, self.topic_id)
        return topic is not None and topic.accepts_attachments

    @property
    def _catalog(self) -> Catalog:
        return catalog(self.locale)

    def _flow(self) -> Flow:
        return Flow(
            step=self.step,
            category_id=self.category_id,
            topic_id=self.topic_id,
            merchant_contacted=self.merchant_contacted,
            helped=self.helped,
        )

    def _apply(self, transition: Callable[[Flow], Flow]) -> bool:
        """Run a transition; a refused one (stale click, crafted event) changes nothing."""
        try:
            new = transition(self._flow())
        except (TransitionRefused, TypeError) as exc:
            logger.warning("transition refused: %.120s", exc)
            return False
        self.step = new.step
        self.category_id = new.category_id
        self.topic_id = new.topic_id
        self.merchant_contacted = new.merchant_contacted
        self.helped = new.helped
        return True

    def _announce(self, template_key: str, **values: str) -> None:
        self.announcement = getattr(self._catalog.ui, template_key).format(**values)

    @rx.event
    def choose_category(self, category_id: Any):
        """Pick or change the category; its topics appear under it."""
        if not isinstance(category_id, str) or not self._apply(
            lambda f: f.choose_category(self._catalog, category_id)
        ):
            return None
        category = self._catalog.category(category_id)
        self._announce("announce_topics", category=category.label if category else "")
        return [
            focus(FOCUS_TOPIC, after_choice=True),
            emit("step", {"step": "topic", "category": category_id}),
        ]

    @rx.event
    def choose_topic(self, topic_id: Any):
        """Pick or change the topic; its help text appears under it."""
        if not isinstance(topic_id, str) or not self._apply(
            lambda f: f.choose_topic(self._catalog, topic_id)
        ):
            return None
        topic = self._catalog.topic(self.category_id, topic_id)
        self._announce("announce_help", topic=topic.label if topic else "")
        count(topic_id, "help_shown")
        return [
            focus(FOCUS_HELP, after_choice=True),
            emit("step", {"step": "help", "category": self.category_id, "topic": topic_id}),
        ]

    @rx.event
    def answer_merchant_contacted(self, answer: Any):
        """Record whether the merchant was contacted first."""
        if isinstance(answer, str):
            self._apply(lambda f: f.answer_merchant_contacted(self._catalog, answer))

    @rx.event
    def answer_helped(self, answer: Any):
        """Record whether the help text solved the problem (counted for deflection)."""
        if isinstance(answer, str) and self._apply(lambda f: f.answer_helped(answer)):
            count(self.topic_id, f"helped_{answer}")
            return emit("helped", {"topic": self.topic_id, "helped": answer == "yes"})
        return None

    @rx.event
    def open_form(self):
        """Reveal the contact form and move focus to it."""
        if not self._apply(lambda f: f.open_form(self._catalog)):
            return None
        if not self.submission_key:
            self.submission_key = uuid.uuid4().hex
        count(self.topic_id, "form_opened")
        self._announce("announce_form")
        return [focus(FOCUS_FORM), emit("step", {"step": "form", "topic": self.topic_id})]

    @rx.event
    def set_locale(self, locale: Any):
        """Switch language; every choice and everything typed stays."""
        if not isinstance(locale, str) or locale not in locales() or locale == self.locale:
            return None
        self.locale = locale
        # The other language's radios are drawn anew, checked from the state.
        self.generation += 1
        back_to = next(name for name in locales() if name != locale)
        return [focus(f"language-{back_to}"), emit("locale", {"locale": locale})]

    @rx.event
    def go_back(self):
        """One step back; focus goes to the question that is now open."""
        if not self._apply(lambda f: f.go_back()):
            return None
        self.generation += 1
        return focus(_FOCUS_BY_STEP[self.step])

    @rx.event
    def start_over(self):
        """Forget every choice and go back to the first question."""
        self._apply(lambda f: f.start_over())
        self.submission_key = ""
        self.generation += 1
        self._announce("announce_start")
        return focus(FOCUS_CATEGORY)
