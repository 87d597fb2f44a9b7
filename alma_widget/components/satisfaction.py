"""« Êtes-vous satisfait de la réponse ? » under a solved request (satisfaction_state.py)."""

from __future__ import annotations

import reflex as rx

from alma_widget.content.models import Catalog
from alma_widget.conversation.satisfaction_state import (
    COMMENT_MAX,
    CSAT_QUESTION,
    CSAT_REASONS,
    CSAT_STATUS,
    SatisfactionState,
)
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.storage.satisfaction import REASONS


def _reason(content: Catalog, reason: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="reason", value=reason),
        " ",
        getattr(content.requests, f"csat_reason_{reason}"),
        class_name="choice",
    )


def _error(key: str) -> rx.Component:
    return rx.cond(
        SatisfactionState.errors.contains(key),
        rx.el.p(SatisfactionState.errors[key], id=f"error-csat-{key}", class_name="field-error"),
    )


def _reasons(content: Catalog) -> rx.Component:
    texts = content.requests
    return rx.el.form(
        rx.el.fieldset(
            rx.el.legend(texts.csat_reason_label, id=CSAT_REASONS, tab_index=-1),
            _error("reason"),
            *[_reason(content, reason) for reason in REASONS],
        ),
        rx.el.label(texts.csat_comment_label, html_for="csat-comment"),
        _error("comment"),
        rx.el.textarea(id="csat-comment", name="comment", rows=3, max_length=COMMENT_MAX),
        rx.el.button(texts.csat_submit, type="submit", class_name="primary"),
        on_submit=SatisfactionState.send_bad,
        reset_on_submit=False,
    )


def satisfaction(content: Catalog) -> rx.Component:
    texts = content.requests
    here = SatisfactionState.for_reference == MyRequestsState.opened["reference"]
    return rx.fragment(
        rx.cond(
            MyRequestsState.csat_due,
            rx.el.section(
                rx.el.h4(texts.csat_question, id=CSAT_QUESTION),
                rx.cond(
                    here & SatisfactionState.choosing_reason,
                    _reasons(content),
                    rx.el.div(
                        rx.el.button(
                            texts.csat_yes, type="button", on_click=SatisfactionState.good
                        ),
                        rx.el.button(texts.csat_no, type="button", on_click=SatisfactionState.bad),
                        role="group",
                        aria_labelledby=CSAT_QUESTION,
                    ),
                ),
                aria_labelledby=CSAT_QUESTION,
                class_name="satisfaction",
            ),
        ),
        rx.cond(
            here & (SatisfactionState.said != ""),
            rx.el.p(SatisfactionState.said, id=CSAT_STATUS, role="status", tab_index=-1),
        ),
    )
