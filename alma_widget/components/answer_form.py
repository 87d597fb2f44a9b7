"""« Répondre » under an opened request's conversation; « Nouvelle demande liée » when the
request is closed (conversation/answer_state.py)."""

from __future__ import annotations

import reflex as rx

from alma_widget.components.attachments_field import FilesOf, attachments_field
from alma_widget.content.models import Catalog
from alma_widget.conversation.answer_state import (
    ANSWER_FIELD,
    ANSWER_STATUS,
    ANSWER_UPLOAD,
    AnswerState,
)
from alma_widget.identity.my_requests import MyRequestsState
from alma_widget.page_calls import FILES_KEY

ANSWER_HEADING = "answer-heading"


def _answer_files() -> FilesOf:
    return FilesOf(
        name=ANSWER_UPLOAD,
        files=AnswerState.files,
        errors=AnswerState.errors,
        on_drop=AnswerState.add_files(rx.upload_files(upload_id=ANSWER_UPLOAD), FILES_KEY),
        remove=AnswerState.remove_file,
    )


def _message_field(content: Catalog) -> rx.Component:
    invalid = AnswerState.errors.contains("answer")
    return rx.el.div(
        rx.el.label(content.requests.answer_label, html_for=ANSWER_FIELD),
        rx.cond(
            invalid,
            rx.el.p(AnswerState.errors["answer"], id="error-answer", class_name="field-error"),
        ),
        rx.el.textarea(
            id=ANSWER_FIELD,
            name="answer",
            rows=4,
            aria_invalid=rx.cond(invalid, "true", "false"),
            aria_describedby=rx.cond(invalid, "error-answer", ""),
            aria_required="true",
        ),
        class_name=rx.cond(invalid, "field field-invalid", "field"),
    )


def _status(content: Catalog) -> rx.Component:
    """What became of the last « Envoyer », for this request only; focused when it speaks."""
    said = rx.cond(
        AnswerState.errors.contains("form"), AnswerState.errors["form"], AnswerState.done
    )
    return rx.cond(
        (AnswerState.for_reference == MyRequestsState.opened["reference"]) & (said != ""),
        rx.el.p(said, id=ANSWER_STATUS, role="status", tab_index=-1, class_name="notice"),
    )


def answer_form(content: Catalog) -> rx.Component:
    """Shown where the conversation lives in Zendesk; remounted empty once an answer is stored."""
    texts = content.requests
    closed = MyRequestsState.closed
    return rx.cond(
        MyRequestsState.can_answer,
        rx.el.section(
            rx.el.h4(rx.cond(closed, texts.follow_up_title, texts.answer_title), id=ANSWER_HEADING),
            rx.cond(closed, rx.el.p(texts.follow_up_intro, class_name="hint")),
            rx.el.form(
                _message_field(content),
                attachments_field(content, _answer_files()),
                rx.el.button(
                    rx.cond(
                        AnswerState.sending,
                        texts.answer_sending,
                        rx.cond(closed, texts.follow_up_submit, texts.answer_submit),
                    ),
                    type="submit",
                    class_name="primary",
                    disabled=AnswerState.sending,
                ),
                on_submit=AnswerState.send,
                reset_on_submit=False,
                key="answer-" + AnswerState.generation.to_string(),
            ),
            _status(content),
            aria_labelledby=ANSWER_HEADING,
            class_name="answer",
        ),
    )
