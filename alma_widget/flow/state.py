"""The widget's Reflex state: the flow the server holds, following the browser's (sync)."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

import reflex as rx
from pydantic import ValidationError

from alma_widget import rate_limits
from alma_widget.content.loading import DEFAULT_LOCALE, catalog, locales
from alma_widget.content.models import Catalog
from alma_widget.flow.counting import count, count_miss
from alma_widget.flow.machine import Answer, Flow, Step, TransitionRefused
from alma_widget.flow.snapshot import BrowserFlow, browser_view
from alma_widget.page_calls import correct, emit, focus, served
from alma_widget.page_contract import ID_PREFIXES

logger = logging.getLogger(__name__)


class WidgetState(rx.State):  # pragma: no mutate block
    """The guided flow: category, topic, help text, then the contact form."""

    # The finite step of the flow (alma_widget.flow.machine.Step).
    step: Step = "category"
    # Id of the chosen category, "" before the first choice.
    category_id: str = ""
    # Id of the chosen topic inside the category, "" before it is chosen.
    topic_id: str = ""
    # Answer to "Avez-vous déjà contacté le marchand ?" on the two order topics.
    merchant_contacted: Answer = ""
    # Answer to "Cette réponse vous a-t-elle aidé ?".
    helped: Answer = ""
    # Created when the form first opens; every replay of that submission stores one request.
    submission_key: str = ""
    # The language the customer switched to, "" for the page's own (alma_widget.web.page_variants;
    # set from the route when the page connects). Read `language` on the server.
    locale: str = ""
    # The host's accent colour as CSS for the widget's tokens (embedding/theme.py), "" for
    # Alma's own.
    accent_css: str = ""

    @rx.var
    def asks_for_order(self) -> bool:
        """Purchase and order categories: phone required, order reference offered."""
        category = catalog().category(self.category_id)
        return category is not None and category.asks_for_order

    @rx.var
    def accepts_attachments(self) -> bool:
        """The chosen topic's form offers attachments."""
        topic = catalog().topic(self.category_id, self.topic_id)
        return topic is not None and topic.accepts_attachments

    @property
    def language(self) -> str:
        """The language the customer reads: a content file's name ("fr", "en")."""
        return self.locale or DEFAULT_LOCALE

    @property
    def _catalog(self) -> Catalog:
        return catalog(self.language)

    def _flow(self) -> Flow:
        return Flow.read_from(self)

    def _set_flow(self, flow: Flow) -> None:
        flow.write_to(self)

    def _apply(self, transition: Callable[[Flow], Flow]) -> bool:
        """Run a transition; a refused one (stale click, crafted event) changes nothing."""
        try:
            new = transition(self._flow())
        except (TransitionRefused, TypeError) as exc:
            logger.warning("transition refused: %.120s", exc)
            return False
        self._set_flow(new)
        return True

    def flow_json(self) -> str:
        """The server's flow as the browser's mirror reads it (see assets/client_flow.js)."""
        return json.dumps(browser_view(self._flow()))

    @rx.event
    def sync(self, snapshot: Any):
        """Follow the browser, which already shows the customer's latest choice.

        Every transition is checked on the way (Flow.reconcile); the one the customer just
        made is counted for the deflection figures, replayed ones are not. A refused path
        corrects the browser with the flow the server reached. A snapshot sent while the page
        said the service was away (a failed event) is answered that it is back.
        """
        try:
            seen = BrowserFlow.model_validate(snapshot)
        except ValidationError:
            logger.warning("flow snapshot refused")
            return None
        reached, taken = self._flow().reconcile(self._catalog, seen.flow())
        self._set_flow(reached)
        if reached.step == "form" and not self.submission_key:
            # A server that restarted takes the browser's key back: still one request.
            self.submission_key = seen.submission_key or uuid.uuid4().hex
        elif reached.step == "category":
            self.submission_key = ""
        for kind, source in seen.counted(taken, self.helped):
            if not self._counting_refused():
                count(self.topic_id, kind, source)
        answers = [served()] if seen.unavailable_shown else []
        if reached != seen.flow():
            logger.warning("flow corrected after %s", ", ".join(seen.actions) or "nothing")
            answers.append(correct(self.flow_json(), seen.seq))
        return answers or None

    def _counting_refused(self) -> bool:
        browser = self.router.session
        return rate_limits.counting_refused(
            session_token=browser.client_token, client_ip=browser.client_ip
        )

    def restore(self, carried: Any) -> None:
        """Take the flow a request carried (a snapshot as JSON text): this server had not
        received it yet, or restarted and lost it."""
        try:
            snapshot = json.loads(carried) if isinstance(carried, str) else None
        except ValueError:
            snapshot = None
        self.sync(snapshot)

    @rx.event
    def search_missed(self, query: Any):
        """A search in the widget found nothing: counted for the content team, without
        anything personal (search_misses.scrub), never logged."""
        if not isinstance(query, str) or not query.strip() or self._counting_refused():
            return
        count_miss(query)

    @rx.event
    def set_locale(self, locale: Any):
        """Switch language; every choice and everything typed stays."""
        if not isinstance(locale, str) or locale not in locales() or locale == self.language:
            return None
        # Focus on the button that switches back: the language just left (any number of them).
        back_to = self.language
        self.locale = locale
        return [focus(ID_PREFIXES["language"] + back_to), emit("locale", {"locale": locale})]


def apply_transition(flow: WidgetState, transition: Callable[[Flow], Flow]) -> bool:
    """A transition the server makes itself (the request stored, the host's choice, a logout):
    run on the flow like the customer's, refused ones changing nothing. A module function, not
    a method: Reflex makes every public method of a state an event a page could send."""
    return flow._apply(transition)
