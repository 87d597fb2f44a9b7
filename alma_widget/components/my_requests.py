"""« Mes demandes »: the link a signed-in customer sees, their list, and one request opened."""

from __future__ import annotations

import reflex as rx

from alma_widget.components.answer_form import answer_form
from alma_widget.components.link_button import link_button, view_toggle
from alma_widget.components.satisfaction import satisfaction
from alma_widget.content.models import Catalog
from alma_widget.identity.my_requests import (
    FOCUS_DETAIL,
    FOCUS_REQUESTS,
    SOLVE_BUTTON,
    SOLVE_MESSAGE,
    SOLVE_QUESTION,
    MyRequestsState,
)
from alma_widget.identity.state import IdentityState
from alma_widget.page_calls import TIME_ZONE

THREAD_HEADING = "thread-heading"


def my_requests_link(content: Catalog) -> rx.Component:
    """Only for a customer the host signed in (an identity the server checked)."""
    return rx.cond(
        IdentityState.signed_in_email != "",
        view_toggle(
            content.requests.link,
            MyRequestsState.toggle,
            expanded=MyRequestsState.shown,
            id="my-requests-link",
        ),
    )


def _item(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(item["reference"], class_name="label"),
            rx.el.span(" · ", item["topic"]),
            rx.el.span(item["sent_on"], class_name="hint"),
            rx.el.span(item["status"], class_name="status"),
            rx.cond(
                item["new_reply"] != "",
                rx.el.span(item["new_reply"], class_name="new-reply"),
            ),
            type="button",
            on_click=MyRequestsState.open_request(item["reference"], TIME_ZONE),
            class_name="request-item",
        )
    )


def _download(content: Catalog, file: rx.Var, index: rx.Var) -> rx.Component:
    """A file of message `index`, downloaded through the widget."""
    return rx.cond(
        file["entry"] == index.to_string(),
        rx.el.li(
            rx.el.button(
                rx.el.span(content.requests.download, " ", class_name="visually-hidden"),
                file["name"],
                type="button",
                class_name="link-button",
                on_click=MyRequestsState.download(file["key"]),
            )
        ),
    )


def _message(content: Catalog, entry: rx.Var, index: rx.Var) -> rx.Component:
    """One message of the conversation: who, when, what, and its files."""
    return rx.el.li(
        rx.el.p(
            rx.el.span(entry["who"], class_name="label"),
            " ",
            rx.el.time(entry["at"], date_time=entry["datetime"]),
            class_name="thread-meta",
        ),
        rx.el.p(entry["body"], class_name="thread-body"),
        rx.cond(entry["note"] != "", rx.el.p(entry["note"], class_name="hint")),
        rx.cond(
            entry["files"] != "",
            rx.el.p(content.requests.attachments, " : ", entry["files"], class_name="hint"),
        ),
        rx.el.ul(
            rx.foreach(MyRequestsState.thread_files, lambda file: _download(content, file, index)),
            class_name="files",
        ),
        class_name=rx.cond(
            entry["side"] == "team", "thread-message from-team", "thread-message from-customer"
        ),
    )


def _thread(content: Catalog) -> rx.Component:
    """The messages after what was sent, oldest first (Zendesk set-ups; nothing otherwise)."""
    texts = content.requests
    return rx.cond(
        (MyRequestsState.thread.length() > 0) | MyRequestsState.thread_stale,
        rx.el.section(
            rx.el.h4(texts.thread_title, id=THREAD_HEADING),
            rx.cond(
                MyRequestsState.thread_stale,
                rx.el.p(texts.thread_stale, role="status", class_name="notice"),
            ),
            rx.el.ol(
                rx.foreach(
                    MyRequestsState.thread, lambda entry, index: _message(content, entry, index)
                ),
                class_name="thread",
            ),
            aria_labelledby=THREAD_HEADING,
            class_name="thread-section",
        ),
    )


def _solve(content: Catalog) -> rx.Component:
    """« Mon problème est résolu », confirmed before it is done; what came of it."""
    texts = content.requests
    return rx.fragment(
        rx.cond(
            MyRequestsState.can_solve & ~MyRequestsState.confirming_solve,
            rx.el.button(
                texts.solve_button,
                type="button",
                id=SOLVE_BUTTON,
                on_click=MyRequestsState.ask_to_solve,
            ),
        ),
        rx.cond(
            MyRequestsState.confirming_solve,
            rx.el.div(
                rx.el.p(texts.solve_question, id=SOLVE_QUESTION, tab_index=-1),
                rx.el.button(
                    texts.solve_confirm,
                    type="button",
                    class_name="primary",
                    on_click=MyRequestsState.solve,
                ),
                rx.el.button(
                    texts.solve_cancel,
                    type="button",
                    class_name="link-button",
                    on_click=MyRequestsState.cancel_solve,
                ),
                role="group",
                aria_labelledby=SOLVE_QUESTION,
                class_name="solve-confirmation",
            ),
        ),
        # Focused when it says something (the page moves focus to it), so it is there only then.
        rx.cond(
            MyRequestsState.solve_message != "",
            rx.el.p(MyRequestsState.solve_message, id=SOLVE_MESSAGE, role="status", tab_index=-1),
        ),
    )


def _detail(content: Catalog) -> rx.Component:
    texts = content.requests
    opened = MyRequestsState.opened
    return rx.el.section(
        rx.el.h3(opened["reference"], " · ", opened["topic"], id=FOCUS_DETAIL, tab_index=-1),
        rx.el.dl(
            rx.el.dt(texts.status_label),
            rx.el.dd(opened["status"]),
            rx.el.dt(texts.what_you_sent),
            rx.el.dd(opened["sent_on"]),
            rx.foreach(
                MyRequestsState.opened_details,
                lambda detail: rx.fragment(rx.el.dt(detail["label"]), rx.el.dd(detail["value"])),
            ),
        ),
        rx.el.p(opened["message"], class_name="sent-message"),
        rx.cond(
            MyRequestsState.opened_files.length() > 0,
            rx.fragment(
                rx.el.h4(texts.attachments),
                rx.el.ul(rx.foreach(MyRequestsState.opened_files, lambda name: rx.el.li(name))),
            ),
        ),
        _thread(content),
        answer_form(content),
        _solve(content),
        satisfaction(content),
        rx.cond(
            ~MyRequestsState.tracked, link_button(texts.back_to_list, MyRequestsState.back_to_list)
        ),
        aria_labelledby=FOCUS_DETAIL,
        class_name="my-request",
    )


def my_requests(content: Catalog) -> rx.Component:
    """The list, newest first, or the one opened; shown once asked for."""
    texts = content.requests
    return rx.cond(
        MyRequestsState.shown,
        rx.el.section(
            rx.el.h2(
                rx.cond(MyRequestsState.tracked, texts.tracked_title, texts.title),
                id=FOCUS_REQUESTS,
                tab_index=-1,
            ),
            rx.cond(
                MyRequestsState.opened.contains("reference"),
                _detail(content),
                rx.cond(
                    MyRequestsState.items.length() > 0,
                    # A lambda: rx.foreach counts its function's arguments, which the
                    # wrapper `make mutation` puts around `_item` hides.
                    rx.el.ul(
                        rx.foreach(MyRequestsState.items, lambda item: _item(item)),
                        class_name="requests",
                    ),
                    rx.el.p(texts.empty),
                ),
            ),
            rx.cond(~MyRequestsState.tracked, link_button(texts.close, MyRequestsState.hide)),
            aria_labelledby=FOCUS_REQUESTS,
            class_name="my-requests",
        ),
    )
